/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tp-journal.h"

G_BEGIN_DECLS

/* Recovery data: $XDG_STATE_HOME/threadpad/recovery/ holds one folder per running (or crashed)
 * editor, locked with flock () while its editor runs, and in it a snapshot and a journal per
 * document with unsaved changes. Damaged files are moved to damaged/ rather than deleted. */

#define TP_RECOVERY_LOCK_NAME        "lock"
#define TP_RECOVERY_SNAPSHOT_SUFFIX  ".snapshot"
#define TP_RECOVERY_JOURNAL_SUFFIX   ".journal"
#define TP_RECOVERY_DAMAGED_NAME     "damaged"
/* The windows and tabs a run had open, to be reopened by the next start (see tp-session.h). */
#define TP_RECOVERY_SESSION_NAME     "session"

typedef struct
{
  char     *id;              /* "<run>/<document>" */
  char     *snapshot_path;
  char     *journal_path;
  TpReplay *replay;
} TpRecoveryEntry;

/* The unsaved work of editors that are no longer running. While it exists, it holds their
 * folders' locks, so that no other editor offers the same documents. */
typedef struct _TpRecovery TpRecovery;

char       *tp_recovery_get_default_dir    (void);
gboolean    tp_recovery_ensure_private_dir (const char  *path,
                                            GError     **error);
gboolean    tp_recovery_sync_dir           (const char  *path,
                                            GError     **error);

TpRecovery *tp_recovery_open               (const char  *dir);
GPtrArray  *tp_recovery_get_entries        (TpRecovery  *self);
GPtrArray  *tp_recovery_get_refused        (TpRecovery  *self);
guint       tp_recovery_get_n_damaged      (TpRecovery  *self);
const char *tp_recovery_get_dir            (TpRecovery  *self);
void        tp_recovery_keep_from          (TpRecovery  *self,
                                            guint        first);
TpRecovery *tp_recovery_take_session       (TpRecovery  *self);
const char *tp_recovery_get_session        (TpRecovery  *self);
TpRecoveryEntry *tp_recovery_find_entry    (TpRecovery  *self,
                                            guint        document);
void        tp_recovery_forget_sessions    (TpRecovery  *self);
void        tp_recovery_discard            (TpRecovery  *self);
void        tp_recovery_free               (TpRecovery  *self);

char       *tp_recovery_entry_dup_title    (const TpRecoveryEntry *entry);
char       *tp_recovery_entry_dup_refusal  (const TpRecoveryEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpRecovery, tp_recovery_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tp-executor.h"
#include "tp-record-worker.h"
#include "tp-recovery.h"

G_BEGIN_DECLS

#define TP_TYPE_RECORDER (tp_recorder_get_type ())
G_DECLARE_FINAL_TYPE (TpRecorder, tp_recorder, TP, RECORDER, GObject)

/* The recorder thread, seen from the main thread: messages go in through a queue, problems come
 * back as the "problem" property, set on the main context. */
typedef enum
{
  TP_RECORDER_SYNC_DURABLE,    /* every edit handed over before is on disk, synced */
  TP_RECORDER_SYNC_FAILED,     /* writing failed: the "problem" property says why */
  TP_RECORDER_SYNC_TIMED_OUT,  /* the disk did not answer in time */
} TpRecorderSyncResult;

/* n_entries: how many documents have an entry on disk (when the answer came). */
typedef void (*TpRecorderSyncFunc) (TpRecorder           *recorder,
                                    TpRecorderSyncResult  result,
                                    guint                 n_entries,
                                    gpointer              user_data);

TpRecorder          *tp_recorder_new                (const char           *recovery_dir);
guint                tp_recorder_open_document      (TpRecorder           *self,
                                                     const TpDocumentInfo *info);
void                 tp_recorder_push               (TpRecorder           *self,
                                                     TpRecordMessage      *message);
void                 tp_recorder_retire             (TpRecorder           *self,
                                                     TpRecovery           *recovery);
void                 tp_recorder_set_session        (TpRecorder           *self,
                                                     char                 *text);
void                 tp_recorder_keep_entries       (TpRecorder           *self);
const char          *tp_recorder_get_problem        (TpRecorder           *self);
const char          *tp_recorder_get_dir            (TpRecorder           *self);
const TpRecordStats *tp_recorder_get_stats          (TpRecorder           *self);
TpExecutor          *tp_recorder_get_executor       (TpRecorder           *self);
void                 tp_recorder_inject_write_error (TpRecorder           *self,
                                                     int                   errnum);
void                 tp_recorder_inject_write_stall (TpRecorder           *self,
                                                     gboolean              stall);
void                 tp_recorder_sync_async         (TpRecorder           *self,
                                                     guint                 timeout_ms,
                                                     TpRecorderSyncFunc    func,
                                                     gpointer              user_data);
void                 tp_recorder_shutdown           (TpRecorder           *self);

G_END_DECLS

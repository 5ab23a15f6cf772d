/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tp-journal.h"

G_BEGIN_DECLS

typedef enum
{
  TP_RECORD_MESSAGE_OPEN,       /* a document appeared: info */
  TP_RECORD_MESSAGE_INFO,       /* its title, location or encoding changed: info */
  TP_RECORD_MESSAGE_INSERT,     /* offset, text, length */
  TP_RECORD_MESSAGE_DELETE,     /* offset, count */
  TP_RECORD_MESSAGE_CURSOR,     /* offset */
  TP_RECORD_MESSAGE_PROTECT,    /* it has unsaved changes: keep an entry on disk */
  TP_RECORD_MESSAGE_UNPROTECT,  /* saved, or back to what was saved: remove its entry */
  TP_RECORD_MESSAGE_CLOSE,      /* closed: remove its entry, forget it */
  TP_RECORD_MESSAGE_RETIRE,     /* old recovery data is now held elsewhere: remove it */
  TP_RECORD_MESSAGE_SYNC,       /* make everything durable now, and say how that went */
  TP_RECORD_MESSAGE_LOADING,    /* its file is being read: info */
  TP_RECORD_MESSAGE_LOADED,     /* the reading is over: info */
  TP_RECORD_MESSAGE_TEXT,       /* its whole text, as asked for: text, length */
  TP_RECORD_MESSAGE_CHECK_BASE, /* its file may have been changed by another program */
  TP_RECORD_MESSAGE_STANDALONE, /* its file is about to be written over in place: the entry
                                 * must hold the whole text, not lean on the file */
  TP_RECORD_MESSAGE_SESSION,    /* the windows and tabs to reopen next time: text, length
                                 * (a key file; NULL: nothing to reopen) */
  TP_RECORD_MESSAGE_KEEP,       /* the editor is ending, to be restored next time: documents
                                 * closed from now on keep their entries */
} TpRecordMessageKind;

/* The answer to a SYNC, on the thread that runs the worker: whether every document's edits
 * are on disk and synced, and how many documents have an entry there. */
typedef void (*TpRecordSyncFunc) (gboolean  durable,
                                  guint     n_entries,
                                  gpointer  user_data);

/* Built on the main thread, then owned by the recorder: nothing in it is shared. */
typedef struct
{
  TpRecordMessageKind kind;
  guint               document;
  gint64              time;       /* wall clock, µs */
  guint64             offset;
  guint64             count;
  char               *text;
  gsize               length;
  TpDocumentInfo      info;
  gpointer            retire;     /* TpRecovery */
  TpRecordSyncFunc    synced;     /* SYNC: called once, or its data destroyed unrun */
  gpointer            synced_data;
  GDestroyNotify      synced_destroy;
} TpRecordMessage;

TpRecordMessage *tp_record_message_new  (TpRecordMessageKind kind,
                                         guint               document);
void             tp_record_message_free (TpRecordMessage *message);

/* Counters anyone may read at any time (atomics). */
typedef struct
{
  gssize messages;          /* edit messages received */
  gssize durable_messages;  /* of those, how many are known to be on disk after a sync */
  gssize writes;            /* write () calls that appended records to journals */
  gssize bytes_written;     /* snapshots and journals */
  gssize snapshots;
  gssize syncs;
  gssize text_held;         /* bytes of documents' text kept in memory */
} TpRecordStats;

/* Reports a problem (a sentence for the user) or its end (NULL). Called on the thread that runs
 * the worker. */
typedef void (*TpRecordProblemFunc) (const char *problem,
                                     gpointer    user_data);

/* Asks for a TEXT message for a document: the file its text was read from is no longer what it
 * read. Called on the thread that runs the worker. */
typedef void (*TpRecordTextFunc) (guint    document,
                                  gpointer user_data);

/* Everything the recorder does, without a thread: the shadow text of each document (or, for one
 * read from a file that still holds what was read, the edits since), its journal and snapshot
 * files, when to write and when to sync. Whoever runs it must run it from one
 * thread at a time. */
typedef struct _TpRecordWorker TpRecordWorker;

TpRecordWorker  *tp_record_worker_new          (const char          *recovery_dir,
                                                TpRecordProblemFunc  problem_func,
                                                gpointer             user_data);
void             tp_record_worker_set_text_func (TpRecordWorker     *self,
                                                TpRecordTextFunc    text_func,
                                                gpointer            user_data);
void             tp_record_worker_free         (TpRecordWorker      *self);
void             tp_record_worker_handle       (TpRecordWorker      *self,
                                                TpRecordMessage     *message);
gint64           tp_record_worker_flush        (TpRecordWorker      *self,
                                                gint64               now);
void             tp_record_worker_finish       (TpRecordWorker      *self);
TpRecordStats   *tp_record_worker_get_stats    (TpRecordWorker      *self);
void             tp_record_worker_inject_error (TpRecordWorker      *self,
                                                int                  errnum);
void             tp_record_worker_inject_stall (TpRecordWorker      *self,
                                                gboolean             stall);
const char      *tp_record_worker_get_session_dir (TpRecordWorker   *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-recorder"

#include "config.h"

#include <string.h>

#include "tp-executor.h"
#include "tp-recorder.h"
#include "tp-tsan.h"

struct _TpRecorder
{
  GObject         parent_instance;

  char           *dir;
  /* Runs the TpRecordMessages, in the order of the edits, on the recorder thread or inline.
   * The worker is the executor's while it runs; NULL once it is stopped. */
  TpExecutor     *executor;
  TpRecordWorker *worker;
  GMainContext   *main_context;

  /* Main thread only. */
  guint           next_document;
  char           *problem;
};

enum {
  PROP_0,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TEXT_NEEDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TpRecorder, tp_recorder, G_TYPE_OBJECT)

typedef struct
{
  GWeakRef  recorder;
  char     *problem;
} ProblemReport;

static gboolean
deliver_problem (gpointer user_data)
{
  ProblemReport *report = user_data;
  g_autoptr(TpRecorder) self = NULL;

  TP_HANDOFF_RECEIVE (report);
  TP_HANDOFF_RECEIVE (g_main_current_source ());
  self = g_weak_ref_get (&report->recorder);
  if (self == NULL || g_strcmp0 (self->problem, report->problem) == 0)
    return G_SOURCE_REMOVE;
  g_free (self->problem);
  self->problem = g_steal_pointer (&report->problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
  return G_SOURCE_REMOVE;
}

static void
problem_report_free (gpointer data)
{
  ProblemReport *report = data;

  /* A source destroyed without being dispatched frees the report all the same. */
  TP_HANDOFF_RECEIVE (report);
  g_weak_ref_clear (&report->recorder);
  g_free (report->problem);
  g_free (report);
}

/* Runs on the recorder thread; the property changes on the main thread. */
static void
on_worker_problem (const char *problem,
                   gpointer    user_data)
{
  TpRecorder *self = user_data;
  ProblemReport *report = g_new0 (ProblemReport, 1);
  GSource *source = g_idle_source_new ();

  g_weak_ref_init (&report->recorder, self);
  report->problem = g_strdup (problem);
  g_source_set_callback (source, deliver_problem, report, problem_report_free);
  g_source_set_static_name (source, "[threadpad] recorder problem");
  /* Last before the attach: setting the callback allocates too, and the main thread frees it,
   * with the source itself. */
  TP_HANDOFF_SEND (report);
  TP_HANDOFF_SEND (source);
  g_source_attach (source, self->main_context);
  g_source_unref (source);
}

typedef struct
{
  GWeakRef  recorder;
  guint     document;
} TextRequest;

static gboolean
deliver_text_request (gpointer user_data)
{
  TextRequest *request = user_data;
  g_autoptr(TpRecorder) self = NULL;

  TP_HANDOFF_RECEIVE (request);
  self = g_weak_ref_get (&request->recorder);
  if (self != NULL)
    g_signal_emit (self, signals[TEXT_NEEDED], 0, request->document);
  return G_SOURCE_REMOVE;
}

static void
text_request_free (gpointer data)
{
  TextRequest *request = data;

  TP_HANDOFF_RECEIVE (request);
  g_weak_ref_clear (&request->recorder);
  g_free (request);
}

/* Runs on the recorder thread; the signal is emitted on the main thread. */
static void
on_worker_needs_text (guint    document,
                      gpointer user_data)
{
  TpRecorder *self = user_data;
  TextRequest *request = g_new0 (TextRequest, 1);
  GSource *source = g_idle_source_new ();

  g_weak_ref_init (&request->recorder, self);
  request->document = document;
  g_source_set_callback (source, deliver_text_request, request, text_request_free);
  g_source_set_static_name (source, "[threadpad] recorder needs text");
  TP_HANDOFF_SEND (request);
  g_source_attach (source, self->main_context);
  g_source_unref (source);
}

static void
run_message (gpointer worker,
             gpointer message)
{
  tp_record_worker_handle (worker, message);
  tp_record_message_free (message);
}

static gint64
flush (gpointer worker,
       gint64   now)
{
  return tp_record_worker_flush (worker, now);
}

/* Everything queued is one batch: one write per document. */
static const TpExecutorFuncs record_funcs = {
  .run = run_message,
  .drop = (void (*) (gpointer)) tp_record_message_free,
  .flush = flush,
  .batch = TRUE,
};

TpRecorder *
tp_recorder_new (const char *recovery_dir)
{
  TpRecorder *self = g_object_new (TP_TYPE_RECORDER, NULL);

  self->dir = g_strdup (recovery_dir);
  self->worker = tp_record_worker_new (recovery_dir, on_worker_problem, self);
  tp_record_worker_set_text_func (self->worker, on_worker_needs_text, self);
  self->executor = tp_executor_new ("recorder", &record_funcs, self->worker, TRUE);
  return self;
}

/* Registers a document; its messages carry the number returned. */
guint
tp_recorder_open_document (TpRecorder           *self,
                           const TpDocumentInfo *info)
{
  TpRecordMessage *message;
  guint id;

  g_return_val_if_fail (TP_IS_RECORDER (self), 0);

  id = ++self->next_document;
  message = tp_record_message_new (TP_RECORD_MESSAGE_OPEN, id);
  tp_document_info_copy (&message->info, info);
  /* From here on, the message belongs to the recorder thread. */
  tp_recorder_push (self, message);
  return id;
}

/* Takes the message. After shutdown, messages are dropped: nothing is left to record them. */
void
tp_recorder_push (TpRecorder      *self,
                  TpRecordMessage *message)
{
  g_return_if_fail (TP_IS_RECORDER (self));

  if (self->executor == NULL)
    {
      tp_record_message_free (message);
      return;
    }
  tp_executor_push (self->executor, message);
}

/* Removes old recovery data once everything queued before is on disk: recovered documents are
 * recorded again before their old entries go. */
void
tp_recorder_retire (TpRecorder *self,
                    TpRecovery *recovery)
{
  TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_RETIRE, 0);

  message->retire = recovery;
  tp_recorder_push (self, message);
}

/* Takes the text (a key file, or NULL for no session): written whole into this run's folder,
 * in order with the edits. */
void
tp_recorder_set_session (TpRecorder *self,
                         char       *text)
{
  TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_SESSION, 0);

  message->text = text;
  message->length = text ? strlen (text) : 0;
  tp_recorder_push (self, message);
}

/* The editor ends to be restored next time: documents closed from now on keep their entries. */
void
tp_recorder_keep_entries (TpRecorder *self)
{
  tp_recorder_push (self, tp_record_message_new (TP_RECORD_MESSAGE_KEEP, 0));
}

const char *
tp_recorder_get_problem (TpRecorder *self)
{
  g_return_val_if_fail (TP_IS_RECORDER (self), NULL);
  return self->problem;
}

const char *
tp_recorder_get_dir (TpRecorder *self)
{
  g_return_val_if_fail (TP_IS_RECORDER (self), NULL);
  return self->dir;
}

const TpRecordStats *
tp_recorder_get_stats (TpRecorder *self)
{
  g_return_val_if_fail (TP_IS_RECORDER (self), NULL);
  return tp_record_worker_get_stats (self->worker);
}

/* Where the messages are handled; NULL after shutdown. */
TpExecutor *
tp_recorder_get_executor (TpRecorder *self)
{
  g_return_val_if_fail (TP_IS_RECORDER (self), NULL);
  return self->executor;
}

/* For tests: every write fails with errnum from now on (0: writes work again). */
void
tp_recorder_inject_write_error (TpRecorder *self,
                                int         errnum)
{
  g_return_if_fail (TP_IS_RECORDER (self));
  tp_record_worker_inject_error (self->worker, errnum);
}

/* For tests: writes wait from now on, as on a disk that does not answer, until told not to. */
void
tp_recorder_inject_write_stall (TpRecorder *self,
                                gboolean    stall)
{
  g_return_if_fail (TP_IS_RECORDER (self));
  tp_record_worker_inject_stall (self->worker, stall);
}

/* One tp_recorder_sync_async (): answered once, by the recorder or by the clock, whichever
 * comes first. Shared by the main thread and the recorder thread, by reference count. The
 * recorder thread writes result and n_entries, then hands the request to the main thread with
 * the answer; every other field is the main thread's. */
typedef struct
{
  TpRecorder         *recorder;   /* a strong reference, dropped when answered */
  TpRecorderSyncFunc  func;
  gpointer            user_data;
  GSource            *timeout;
  GMainContext       *context;    /* the recorder's, where the answer goes */
  TpRecorderSyncResult result;
  guint               n_entries;
} SyncRequest;

static void
sync_request_clear (gpointer data)
{
  SyncRequest *request = data;

  TP_HANDOFF_RECEIVE (request);
  g_clear_object (&request->recorder);
  g_main_context_unref (request->context);
  if (request->timeout != NULL)
    g_source_destroy (request->timeout);
  g_clear_pointer (&request->timeout, g_source_unref);
}

/* The reference count orders every use of the request before its end, on whichever thread
 * lets go last. */
static void
sync_request_unref (gpointer data)
{
  TP_HANDOFF_SEND (data);
  g_atomic_rc_box_release_full (data, sync_request_clear);
}

/* Main thread. */
static void
answer_sync (SyncRequest          *request,
             TpRecorderSyncResult  result,
             guint                 n_entries)
{
  g_autoptr(TpRecorder) recorder = g_steal_pointer (&request->recorder);

  if (recorder == NULL)
    return;
  if (request->timeout != NULL)
    g_source_destroy (request->timeout);
  g_clear_pointer (&request->timeout, g_source_unref);
  request->func (recorder, result, n_entries, request->user_data);
}

static gboolean
deliver_sync (gpointer user_data)
{
  SyncRequest *request = user_data;

  TP_HANDOFF_RECEIVE (request);
  answer_sync (request, request->result, request->n_entries);
  return G_SOURCE_REMOVE;
}

/* Runs on the recorder thread: the answer goes to the main context. */
static void
on_worker_synced (gboolean durable,
                  guint    n_entries,
                  gpointer user_data)
{
  SyncRequest *request = g_atomic_rc_box_acquire (user_data);
  GSource *source = g_idle_source_new ();

  /* Written before the hand-off, read after it on the main thread. */
  request->result = durable ? TP_RECORDER_SYNC_DURABLE : TP_RECORDER_SYNC_FAILED;
  request->n_entries = n_entries;
  g_source_set_callback (source, deliver_sync, request, sync_request_unref);
  g_source_set_static_name (source, "[threadpad] recorder synced");
  /* Last before the attach: setting the callback allocates too, and the main thread frees it. */
  TP_HANDOFF_SEND (request);
  g_source_attach (source, request->context);
  g_source_unref (source);
}

static gboolean
on_sync_timeout (gpointer user_data)
{
  answer_sync (user_data, TP_RECORDER_SYNC_TIMED_OUT, 0);
  return G_SOURCE_REMOVE;
}

/* Makes every edit pushed so far durable (documents that failed are tried again at once), and
 * calls func on the main thread with how that went, after timeout_ms at the latest. The work
 * moves to the recorder thread if it ran inline, so that a disk that does not answer cannot
 * hold up the main loop: this is for the end of a run. */
void
tp_recorder_sync_async (TpRecorder         *self,
                        guint               timeout_ms,
                        TpRecorderSyncFunc  func,
                        gpointer            user_data)
{
  SyncRequest *request;
  TpRecordMessage *message;

  g_return_if_fail (TP_IS_RECORDER (self));

  if (self->executor == NULL)
    {
      func (self, TP_RECORDER_SYNC_DURABLE, 0, user_data);
      return;
    }
  request = g_atomic_rc_box_new0 (SyncRequest);
  request->recorder = g_object_ref (self);
  request->func = func;
  request->user_data = user_data;
  request->context = g_main_context_ref (self->main_context);
  request->timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (request->timeout, on_sync_timeout, g_atomic_rc_box_acquire (request),
                         sync_request_unref);
  g_source_set_static_name (request->timeout, "[threadpad] recorder sync timeout");
  g_source_attach (request->timeout, self->main_context);

  message = tp_record_message_new (TP_RECORD_MESSAGE_SYNC, 0);
  message->synced = on_worker_synced;
  message->synced_data = request;
  message->synced_destroy = sync_request_unref;
  tp_executor_set_threaded (self->executor, TRUE);
  tp_recorder_push (self, message);
}

/* Stops the thread, writes what is queued and syncs it. */
void
tp_recorder_shutdown (TpRecorder *self)
{
  g_return_if_fail (TP_IS_RECORDER (self));

  if (self->executor == NULL)
    return;
  tp_executor_stop (g_steal_pointer (&self->executor), TP_EXECUTOR_RUN_QUEUED);
  tp_record_worker_finish (self->worker);
}

static void
tp_recorder_finalize (GObject *object)
{
  TpRecorder *self = TP_RECORDER (object);

  tp_recorder_shutdown (self);
  tp_record_worker_free (self->worker);
  g_main_context_unref (self->main_context);
  g_free (self->problem);
  g_free (self->dir);
  G_OBJECT_CLASS (tp_recorder_parent_class)->finalize (object);
}

static void
tp_recorder_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TpRecorder *self = TP_RECORDER (object);

  switch (prop_id)
    {
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tp_recorder_class_init (TpRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tp_recorder_finalize;
  object_class->get_property = tp_recorder_get_property;

  /* A sentence saying why unsaved work is not being protected, or NULL when it is. */
  properties[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The recorder needs the whole text of a document (by its number) in a TEXT message: the
   * file its text was read from no longer holds it. */
  signals[TEXT_NEEDED] =
    g_signal_new ("text-needed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
tp_recorder_init (TpRecorder *self)
{
  self->main_context = g_main_context_ref_thread_default ();
}

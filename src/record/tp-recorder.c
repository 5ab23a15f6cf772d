/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-recorder"

#include "config.h"

#include "tp-recorder.h"
#include "tp-tsan.h"

struct _TpRecorder
{
  GObject         parent_instance;

  char           *dir;
  GThread        *thread;
  /* TpRecordMessage, in the order of the edits; the stop marker ends it. */
  GAsyncQueue    *queue;
  /* Owned by the recorder thread while it runs. */
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
static TpRecordMessage stop_marker;

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
  TP_HANDOFF_SEND (report);
  g_source_set_callback (source, deliver_problem, report, problem_report_free);
  g_source_set_static_name (source, "[threadpad] recorder problem");
  g_source_attach (source, self->main_context);
  g_source_unref (source);
}

static void
handle_message (TpRecordWorker  *worker,
                TpRecordMessage *message)
{
  TP_HANDOFF_RECEIVE (message);
  tp_record_worker_handle (worker, message);
  tp_record_message_free (message);
}

static gpointer
recorder_thread_main (gpointer user_data)
{
  TpRecorder *self = user_data;
  TpRecordStats *stats = tp_record_worker_get_stats (self->worker);
  gint64 deadline = -1;

  for (;;)
    {
      TpRecordMessage *message;
      gint64 start;

      if (deadline < 0)
        message = g_async_queue_pop (self->queue);
      else
        message = g_async_queue_timeout_pop (self->queue,
                                             MAX (deadline - g_get_monotonic_time (), 0));
      start = g_get_monotonic_time ();
      /* Everything queued is one batch: one write per document. */
      while (message != NULL && message != &stop_marker)
        {
          handle_message (self->worker, message);
          message = g_async_queue_try_pop (self->queue);
        }
      if (message == &stop_marker)
        break;
      deadline = tp_record_worker_flush (self->worker, g_get_monotonic_time ());
      g_atomic_pointer_add (&stats->busy_usec, g_get_monotonic_time () - start);
    }
  tp_record_worker_finish (self->worker);
  return NULL;
}

TpRecorder *
tp_recorder_new (const char *recovery_dir)
{
  TpRecorder *self = g_object_new (TP_TYPE_RECORDER, NULL);

  self->dir = g_strdup (recovery_dir);
  self->worker = tp_record_worker_new (recovery_dir, on_worker_problem, self);
  self->thread = g_thread_new ("tp-recorder", recorder_thread_main, self);
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

  if (self->thread == NULL)
    {
      tp_record_message_free (message);
      return;
    }
  TP_HANDOFF_SEND (message);
  g_async_queue_push (self->queue, message);
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

guint
tp_recorder_get_queue_length (TpRecorder *self)
{
  g_return_val_if_fail (TP_IS_RECORDER (self), 0);
  return MAX (g_async_queue_length (self->queue), 0);
}

/* For tests: every write fails with errnum from now on (0: writes work again). */
void
tp_recorder_inject_write_error (TpRecorder *self,
                                int         errnum)
{
  g_return_if_fail (TP_IS_RECORDER (self));
  tp_record_worker_inject_error (self->worker, errnum);
}

/* Writes what is queued, syncs it and stops the thread. */
void
tp_recorder_shutdown (TpRecorder *self)
{
  g_return_if_fail (TP_IS_RECORDER (self));

  if (self->thread == NULL)
    return;
  g_async_queue_push (self->queue, &stop_marker);
  g_thread_join (g_steal_pointer (&self->thread));
}

static void
tp_recorder_finalize (GObject *object)
{
  TpRecorder *self = TP_RECORDER (object);

  tp_recorder_shutdown (self);
  g_async_queue_unref (self->queue);
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
}

static void
tp_recorder_init (TpRecorder *self)
{
  self->queue = g_async_queue_new_full ((GDestroyNotify) tp_record_message_free);
  self->main_context = g_main_context_ref_thread_default ();
}

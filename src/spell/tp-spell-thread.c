/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-spell-thread"

#include "config.h"

#include "tp-spell-thread.h"
#include "tp-tsan.h"

struct _TpSpellThread
{
  GThread       *thread;
  /* TpSpellJob, sorted by priority then by arrival; the stop marker sorts first. */
  GAsyncQueue   *queue;
  /* Owned by the spell thread while it runs; given back by tp_spell_thread_stop (). */
  TpSpellWorker *worker;
  GMainContext  *results_context;
  /* Main thread only. */
  guint64        next_sequence;
  /* Written by the spell thread, read by anyone: atomics. */
  gssize         jobs_done;
  gssize         busy_usec;
};

static TpSpellJob stop_marker = { .priority = -1 };

static int
compare_jobs (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const TpSpellJob *job_a = a;
  const TpSpellJob *job_b = b;

  if (job_a->priority != job_b->priority)
    return job_a->priority < job_b->priority ? -1 : 1;
  return job_a->sequence < job_b->sequence ? -1 : job_a->sequence > job_b->sequence;
}

static gboolean
deliver_result (gpointer user_data)
{
  TpSpellJob *job = user_data;

  TP_HANDOFF_RECEIVE (job);
  TP_HANDOFF_RECEIVE (g_main_current_source ());
  if (job->done != NULL)
    job->done (job);
  return G_SOURCE_REMOVE;
}

/* Hands a finished job to the main context, after input and drawing. Not
 * g_main_context_invoke (): when no thread owns the context at that instant, it would run the
 * callback right here, on the spell thread, inside GTK. */
void
tp_spell_job_deliver (TpSpellJob   *job,
                      GMainContext *context)
{
  GSource *source = g_idle_source_new ();

  TP_HANDOFF_SEND (job);
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, deliver_result, job, (GDestroyNotify) tp_spell_job_free);
  g_source_set_static_name (source, "[threadpad] spell result");
  TP_HANDOFF_SEND (source);
  g_source_attach (source, context);
  g_source_unref (source);
}

static gpointer
spell_thread_main (gpointer user_data)
{
  TpSpellThread *self = user_data;

  for (;;)
    {
      TpSpellJob *job = g_async_queue_pop (self->queue);
      gint64 start;

      TP_HANDOFF_RECEIVE (job);
      if (job == &stop_marker)
        break;

      start = g_get_monotonic_time ();
      tp_spell_worker_run (self->worker, job);
      g_atomic_pointer_add (&self->busy_usec, g_get_monotonic_time () - start);
      TP_HANDOFF_SEND (self->worker);
      g_atomic_pointer_add (&self->jobs_done, 1);
      tp_spell_job_deliver (job, self->results_context);
    }
  return NULL;
}

TpSpellThread *
tp_spell_thread_new (TpSpellWorker *worker,
                     GMainContext  *results_context)
{
  TpSpellThread *self = g_new0 (TpSpellThread, 1);

  self->worker = worker;
  self->results_context = g_main_context_ref (results_context);
  self->queue = g_async_queue_new ();
  self->thread = g_thread_new ("tp-spell", spell_thread_main, self);
  return self;
}

void
tp_spell_thread_push (TpSpellThread *self,
                      TpSpellJob    *job)
{
  job->sequence = self->next_sequence++;
  TP_HANDOFF_SEND (job);
  g_async_queue_push_sorted (self->queue, job, compare_jobs, NULL);
}

static void
drop_queued_job (gpointer job)
{
  if (job != &stop_marker)
    tp_spell_job_free (job);
}

/* Stops the thread after the job it is running (queued jobs are dropped: their documents are
 * going away, or the application is), joins it and returns the worker. */
TpSpellWorker *
tp_spell_thread_stop (TpSpellThread *self)
{
  TpSpellWorker *worker;
  gpointer job;

  TP_HANDOFF_SEND (&stop_marker);
  g_async_queue_push_sorted (self->queue, &stop_marker, compare_jobs, NULL);
  g_thread_join (self->thread);
  TP_HANDOFF_RECEIVE (self->worker);
  while ((job = g_async_queue_try_pop (self->queue)) != NULL)
    drop_queued_job (job);

  worker = self->worker;
  g_async_queue_unref (self->queue);
  g_main_context_unref (self->results_context);
  g_free (self);
  return worker;
}

guint64
tp_spell_thread_get_jobs_done (TpSpellThread *self)
{
  return (guint64) g_atomic_pointer_get (&self->jobs_done);
}

gint64
tp_spell_thread_get_busy_usec (TpSpellThread *self)
{
  return (gint64) g_atomic_pointer_get (&self->busy_usec);
}

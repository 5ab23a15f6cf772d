/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-executor"

#include "config.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "tp-executor.h"
#include "tp-tsan.h"

/* How much less a worker thread asks of the CPU than the main thread (its nice value). */
#define WORKER_NICENESS 10

struct _TpExecutor
{
  char            *name;
  TpExecutorFuncs  funcs;
  /* Jobs, pushed by the main thread; in threaded mode also the stop marker. */
  GAsyncQueue     *queue;
  /* The worker and the flush deadline belong to the thread while it runs, else to the main
   * thread. */
  gpointer         worker;
  gint64           deadline;
  GThread         *thread;    /* threaded mode */
  GSource         *source;    /* inline mode */
  /* Written by whoever runs the jobs, read by anyone: atomics. */
  gssize           jobs_done;
  gssize           busy_usec;
};

/* Tells the thread to hand the worker back; it goes to the front of the queue. */
static char stop_marker;

static int
compare_queued (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  TpExecutor *self = user_data;

  if (a == &stop_marker || b == &stop_marker)
    return (b == &stop_marker) - (a == &stop_marker);
  return self->funcs.compare (a, b, NULL);
}

/* One turn of work: the job given (NULL when a deadline came), and in batch mode every job
 * queued behind it; then a flush. Returns FALSE when the stop marker came instead. */
static gboolean
run_turn (TpExecutor *self,
          gpointer    job)
{
  gint64 start = g_get_monotonic_time ();
  gboolean stopped = FALSE;
  gboolean ran = FALSE;

  for (; job != NULL; job = self->funcs.batch ? g_async_queue_try_pop (self->queue) : NULL)
    {
      if (job == &stop_marker)
        {
          stopped = TRUE;
          break;
        }
      TP_HANDOFF_RECEIVE (job);
      self->funcs.run (self->worker, job);
      g_atomic_pointer_add (&self->jobs_done, 1);
      ran = TRUE;
    }
  /* Stopped halfway, the jobs that ran still need their flush: it is due at once, wherever
   * the worker goes next. */
  if (self->funcs.flush != NULL && !stopped)
    self->deadline = self->funcs.flush (self->worker, g_get_monotonic_time ());
  else if (self->funcs.flush != NULL && ran)
    self->deadline = 0;
  g_atomic_pointer_add (&self->busy_usec, g_get_monotonic_time () - start);
  return !stopped;
}

static gpointer
thread_main (gpointer user_data)
{
  TpExecutor *self = user_data;

  TP_HANDOFF_RECEIVE (self);
  /* Starvation, the other way round: on a machine with fewer free cores than busy threads, a
   * worker that takes a core for seconds (Hunspell over a big document) would leave the main
   * thread waiting for the CPU between keys. Linux gives each thread its own nice value; a
   * worker's is raised, so the main thread goes first and the worker takes what is left. */
  setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), WORKER_NICENESS);
  for (;;)
    {
      gpointer job;

      if (self->deadline < 0)
        job = g_async_queue_pop (self->queue);
      else
        job = g_async_queue_timeout_pop (self->queue,
                                         MAX (self->deadline - g_get_monotonic_time (), 0));
      if (!run_turn (self, job))
        break;
    }
  TP_HANDOFF_SEND (self);
  return NULL;
}

/* Inline mode: a source on the main context, ready when jobs are queued or at the deadline.
 * Spell jobs run one per main-loop iteration, so that input and drawing come in between. */
static void
schedule_inline (TpExecutor *self)
{
  if (g_async_queue_length (self->queue) > 0)
    g_source_set_ready_time (self->source, 0);
  else
    g_source_set_ready_time (self->source, self->deadline);
}

static gboolean
inline_dispatch (GSource     *source,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  TpExecutor *self = user_data;
  gpointer job = g_async_queue_try_pop (self->queue);

  if (job != NULL || (self->deadline >= 0 && g_get_monotonic_time () >= self->deadline))
    run_turn (self, job);
  schedule_inline (self);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs inline_source_funcs = {
  .dispatch = inline_dispatch,
};

static void
start (TpExecutor *self,
       gboolean    threaded)
{
  if (threaded)
    {
      g_autofree char *thread_name = g_strdup_printf ("tp-%s", self->name);

      TP_HANDOFF_SEND (self);
      self->thread = g_thread_new (thread_name, thread_main, self);
      return;
    }
  self->source = g_source_new (&inline_source_funcs, sizeof (GSource));
  g_source_set_callback (self->source, NULL, self, NULL);
  g_source_set_priority (self->source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_name (self->source, self->name);
  g_source_attach (self->source, g_main_context_default ());
  schedule_inline (self);
}

/* Takes the worker back to the calling thread: after the job the thread is running, or at
 * once inline. */
static void
take_back (TpExecutor *self)
{
  if (self->thread != NULL)
    {
      if (self->funcs.compare != NULL)
        g_async_queue_push_sorted (self->queue, &stop_marker, compare_queued, self);
      else
        g_async_queue_push_front (self->queue, &stop_marker);
      g_thread_join (g_steal_pointer (&self->thread));
      TP_HANDOFF_RECEIVE (self);
    }
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
}

TpExecutor *
tp_executor_new (const char            *name,
                 const TpExecutorFuncs *funcs,
                 gpointer               worker,
                 gboolean               threaded)
{
  TpExecutor *self = g_new0 (TpExecutor, 1);

  self->name = g_strdup (name);
  self->funcs = *funcs;
  self->queue = g_async_queue_new ();
  self->worker = worker;
  self->deadline = -1;
  start (self, threaded);
  return self;
}

/* Main thread only. */
void
tp_executor_push (TpExecutor *self,
                  gpointer    job)
{
  TP_HANDOFF_SEND (job);
  if (self->funcs.compare != NULL)
    g_async_queue_push_sorted (self->queue, job, compare_queued, self);
  else
    g_async_queue_push (self->queue, job);
  if (self->source != NULL)
    g_source_set_ready_time (self->source, 0);
}

/* Main thread only. Going inline waits for the job the thread is running. */
void
tp_executor_set_threaded (TpExecutor *self,
                          gboolean    threaded)
{
  if (tp_executor_get_threaded (self) == !!threaded)
    return;
  take_back (self);
  start (self, threaded);
}

gboolean
tp_executor_get_threaded (TpExecutor *self)
{
  return self->thread != NULL;
}

const char *
tp_executor_get_name (TpExecutor *self)
{
  return self->name;
}

guint
tp_executor_get_queue_length (TpExecutor *self)
{
  return MAX (g_async_queue_length (self->queue), 0);
}

guint64
tp_executor_get_jobs_done (TpExecutor *self)
{
  return (guint64) g_atomic_pointer_get (&self->jobs_done);
}

/* Time spent running jobs and flushing, on the thread or inline. */
gint64
tp_executor_get_busy_usec (TpExecutor *self)
{
  return (gint64) g_atomic_pointer_get (&self->busy_usec);
}

/* Stops for good (after the job the thread is running), deals with what is queued, frees the
 * executor and returns the worker. */
gpointer
tp_executor_stop (TpExecutor         *self,
                  TpExecutorStopMode  mode)
{
  gpointer worker, job;

  take_back (self);
  if (mode == TP_EXECUTOR_RUN_QUEUED)
    {
      while ((job = g_async_queue_try_pop (self->queue)) != NULL)
        run_turn (self, job);
      run_turn (self, NULL);
    }
  while ((job = g_async_queue_try_pop (self->queue)) != NULL)
    {
      TP_HANDOFF_RECEIVE (job);
      self->funcs.drop (job);
    }

  worker = self->worker;
  g_async_queue_unref (self->queue);
  g_free (self->name);
  g_free (self);
  return worker;
}

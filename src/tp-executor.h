/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where slow work runs: on a thread of its own, or inline on the main thread ("threads off").
 * The work is a worker (state that one thread at a time owns) and jobs pushed to it from the
 * main thread; neither knows where it runs. Switching waits for the job running on the thread,
 * then hands the worker and the queued jobs to the other side: nothing is lost or run twice. */
typedef struct _TpExecutor TpExecutor;

typedef struct
{
  /* Runs a job, and takes it. */
  void    (*run)      (gpointer worker,
                       gpointer job);
  /* Frees a job that will not run. */
  void    (*drop)     (gpointer job);
  /* Optional: the order of the queue (FIFO without). */
  GCompareDataFunc compare;
  /* Optional: called when the queue is empty after jobs ran, and at the deadline it returned
   * last; returns the next deadline (monotonic µs) or -1. */
  gint64  (*flush)    (gpointer worker,
                       gint64   now);
  /* Whether a turn runs every queued job before flushing (the recorder's batches), or one job
   * (spell chunks, so that input comes between them when they run inline). */
  gboolean batch;
} TpExecutorFuncs;

typedef enum
{
  TP_EXECUTOR_DROP_QUEUED,  /* what is queued is freed unrun */
  TP_EXECUTOR_RUN_QUEUED,   /* what is queued runs, on the calling thread, then flush */
} TpExecutorStopMode;

TpExecutor *tp_executor_new           (const char            *name,
                                       const TpExecutorFuncs *funcs,
                                       gpointer               worker,
                                       gboolean               threaded);
void        tp_executor_push          (TpExecutor            *self,
                                       gpointer               job);
void        tp_executor_set_threaded  (TpExecutor            *self,
                                       gboolean               threaded);
gboolean    tp_executor_get_threaded  (TpExecutor            *self);
const char *tp_executor_get_name      (TpExecutor            *self);
guint       tp_executor_get_queue_length (TpExecutor         *self);
guint64     tp_executor_get_jobs_done (TpExecutor            *self);
gint64      tp_executor_get_busy_usec (TpExecutor            *self);
gpointer    tp_executor_stop          (TpExecutor            *self,
                                       TpExecutorStopMode     mode);

G_END_DECLS

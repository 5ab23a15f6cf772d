/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tp-executor.h"

/* A worker that notes every job it runs, where it ran, and what it has flushed. */
typedef struct
{
  GArray  *ran;             /* job numbers, in the order they ran */
  guint    on_main_thread;
  guint    on_other_thread;
  guint    flushed;         /* how many of the jobs run a flush has seen */
  gint     flushes;         /* atomic: the test watches it while the thread runs */
  gboolean flush_later;     /* flush only at a deadline, as the recorder syncs */
  /* Job 0 says it has started, then waits until this executor's queue holds something: the
   * stop marker, in the test below. */
  gpointer hold_first;
  gint     first_started;   /* atomic */
  gint64   due;
  GThread *main_thread;
} Worker;

typedef struct
{
  guint number;
  int   priority;
} Job;

static guint jobs_freed;

static Job *
job_new (guint number,
         int   priority)
{
  Job *job = g_new0 (Job, 1);

  job->number = number;
  job->priority = priority;
  return job;
}

static void
job_free (gpointer job)
{
  g_atomic_int_inc (&jobs_freed);
  g_free (job);
}

static void
run (gpointer worker_data,
     gpointer data)
{
  Worker *worker = worker_data;
  Job *job = data;

  if (job->number == 0 && worker->hold_first != NULL)
    {
      g_atomic_int_set (&worker->first_started, TRUE);
      while (tp_executor_get_queue_length (worker->hold_first) == 0)
        g_usleep (100);
    }
  g_array_append_val (worker->ran, job->number);
  if (g_thread_self () == worker->main_thread)
    worker->on_main_thread++;
  else
    worker->on_other_thread++;
  job_free (job);
}

static gint64
flush (gpointer worker_data,
       gint64   now)
{
  Worker *worker = worker_data;

  if (worker->flushed == worker->ran->len)
    return -1;
  if (worker->flush_later)
    {
      if (worker->due < 0)
        worker->due = now + 5000;
      if (now < worker->due)
        return worker->due;
    }
  worker->flushed = worker->ran->len;
  g_atomic_int_inc (&worker->flushes);
  worker->due = -1;
  return -1;
}

static int
compare (gconstpointer a,
         gconstpointer b,
         gpointer      user_data)
{
  const Job *x = a, *y = b;

  if (x->priority != y->priority)
    return x->priority < y->priority ? -1 : 1;
  return x->number < y->number ? -1 : x->number > y->number;
}

static Worker *
worker_new (void)
{
  Worker *worker = g_new0 (Worker, 1);

  worker->ran = g_array_new (FALSE, FALSE, sizeof (guint));
  worker->main_thread = g_thread_self ();
  worker->due = -1;
  return worker;
}

static void
worker_free (Worker *worker)
{
  g_array_unref (worker->ran);
  g_free (worker);
}

static void
iterate (guint times)
{
  for (guint i = 0; i < times; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Inline means on the main thread, and only when the main loop runs; threaded means not. */
static void
test_where_jobs_run (void)
{
  TpExecutorFuncs funcs = { .run = run, .drop = job_free };
  Worker *worker = worker_new ();
  TpExecutor *executor = tp_executor_new ("test", &funcs, worker, FALSE);

  tp_executor_push (executor, job_new (0, 0));
  tp_executor_push (executor, job_new (1, 0));
  g_assert_cmpuint (tp_executor_get_queue_length (executor), ==, 2);
  g_assert_cmpuint (worker->ran->len, ==, 0);
  /* One job per main-loop iteration, so that input comes in between. */
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (worker->ran->len, ==, 1);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (worker->ran->len, ==, 2);
  g_assert_cmpuint (worker->on_main_thread, ==, 2);

  tp_executor_set_threaded (executor, TRUE);
  g_assert_true (tp_executor_get_threaded (executor));
  tp_executor_push (executor, job_new (2, 0));
  while (tp_executor_get_jobs_done (executor) < 3)
    g_usleep (1000);
  g_assert_true (tp_executor_stop (executor, TP_EXECUTOR_RUN_QUEUED) == worker);
  g_assert_cmpuint (worker->on_other_thread, ==, 1);
  worker_free (worker);
}

/* Thousands of jobs pushed while the mode flips at random: each runs once, in order. */
static void
test_switching_loses_nothing (gconstpointer data)
{
  gboolean batch = GPOINTER_TO_INT (data);
  TpExecutorFuncs funcs = { .run = run, .drop = job_free, .flush = flush, .batch = batch };
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  Worker *worker = worker_new ();
  TpExecutor *executor;
  guint total = 20000, switches = 0;

  worker->flush_later = TRUE;
  executor = tp_executor_new ("test", &funcs, worker, TRUE);
  for (guint i = 0; i < total; i++)
    {
      tp_executor_push (executor, job_new (i, 0));
      if (g_rand_int_range (rand, 0, 200) == 0)
        {
          tp_executor_set_threaded (executor, !tp_executor_get_threaded (executor));
          switches++;
        }
      if (g_rand_int_range (rand, 0, 4) == 0)
        iterate (g_rand_int_range (rand, 1, 4));
      /* Gives the thread time to take some jobs before it is stopped. */
      if (g_rand_int_range (rand, 0, 50) == 0)
        g_usleep (100);
    }
  g_assert_cmpuint (switches, >, 50);
  g_assert_true (tp_executor_stop (executor, TP_EXECUTOR_RUN_QUEUED) == worker);

  g_assert_cmpuint (worker->ran->len, ==, total);
  for (guint i = 0; i < total; i++)
    g_assert_cmpuint (g_array_index (worker->ran, guint, i), ==, i);
  g_assert_cmpuint (worker->on_main_thread, >, 0);
  g_assert_cmpuint (worker->on_other_thread, >, 0);
  g_assert_cmpint (worker->flushes, >, 0);
  worker_free (worker);
}

/* A flush promised for later happens at its deadline in either mode, also when the mode
 * changed in between. */
static void
test_deadline_kept_across_switch (void)
{
  TpExecutorFuncs funcs = { .run = run, .drop = job_free, .flush = flush, .batch = TRUE };
  Worker *worker = worker_new ();
  TpExecutor *executor = tp_executor_new ("test", &funcs, worker, FALSE);
  gint64 deadline;

  worker->flush_later = TRUE;
  tp_executor_push (executor, job_new (0, 0));
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (worker->ran->len, ==, 1);
  g_assert_cmpint (worker->flushes, ==, 0);
  /* The main loop sleeps until the deadline, then flushes. */
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (worker->flushes == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (worker->flushes, ==, 1);

  /* Run inline, flush promised; switched to the thread before the deadline. */
  tp_executor_push (executor, job_new (1, 0));
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (worker->flushes, ==, 1);
  tp_executor_set_threaded (executor, TRUE);
  deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_atomic_int_get (&worker->flushes) == 1 && g_get_monotonic_time () < deadline)
    g_usleep (1000);
  g_assert_true (tp_executor_stop (executor, TP_EXECUTOR_DROP_QUEUED) == worker);
  g_assert_cmpint (worker->flushes, ==, 2);
  g_assert_cmpuint (worker->flushed, ==, 2);
  worker_free (worker);
}

/* A thread stopped in the middle of a batch, before its flush: the flush still comes, at once,
 * on the main thread. */
static void
test_flush_after_stop_mid_batch (void)
{
  TpExecutorFuncs funcs = { .run = run, .drop = job_free, .flush = flush, .batch = TRUE };
  Worker *worker = worker_new ();
  TpExecutor *executor = tp_executor_new ("test", &funcs, worker, TRUE);

  worker->hold_first = executor;
  tp_executor_push (executor, job_new (0, 0));
  /* Not the queue's length: a thread waiting on the queue counts in it as minus one. */
  while (!g_atomic_int_get (&worker->first_started))
    g_usleep (100);
  /* Job 0 is running; the stop marker releases it, and is what the batch meets next. */
  tp_executor_set_threaded (executor, FALSE);
  g_assert_cmpuint (worker->ran->len, ==, 1);
  g_assert_cmpint (worker->flushes, ==, 0);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (worker->flushes, ==, 1);
  g_assert_cmpuint (worker->flushed, ==, 1);
  g_assert_true (tp_executor_stop (executor, TP_EXECUTOR_DROP_QUEUED) == worker);
  worker_free (worker);
}

/* Priorities order the queue in both modes; stopping can drop what is queued. */
static void
test_priorities_and_drop (void)
{
  TpExecutorFuncs funcs = { .run = run, .drop = job_free, .compare = compare };
  Worker *worker = worker_new ();
  TpExecutor *executor = tp_executor_new ("test", &funcs, worker, FALSE);
  guint freed;

  tp_executor_push (executor, job_new (0, 3));
  tp_executor_push (executor, job_new (1, 1));
  tp_executor_push (executor, job_new (2, 2));
  tp_executor_push (executor, job_new (3, 1));
  iterate (4);
  g_assert_cmpuint (worker->ran->len, ==, 4);
  g_assert_cmpuint (g_array_index (worker->ran, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (worker->ran, guint, 1), ==, 3);
  g_assert_cmpuint (g_array_index (worker->ran, guint, 2), ==, 2);
  g_assert_cmpuint (g_array_index (worker->ran, guint, 3), ==, 0);

  for (guint i = 10; i < 20; i++)
    tp_executor_push (executor, job_new (i, 4));
  freed = g_atomic_int_get (&jobs_freed);
  g_assert_true (tp_executor_stop (executor, TP_EXECUTOR_DROP_QUEUED) == worker);
  g_assert_cmpuint (g_atomic_int_get (&jobs_freed) - freed, ==, 10);
  g_assert_cmpuint (worker->ran->len, ==, 4);
  worker_free (worker);
}

/* Stopping with a thread busy and thousands of jobs queued: it stops after the running one,
 * and the rest run (or are dropped) on the caller's thread. */
static void
test_stop_with_work_in_flight (void)
{
  TpExecutorFuncs funcs = { .run = run, .drop = job_free, .flush = flush, .batch = TRUE };

  for (guint round = 0; round < 20; round++)
    {
      Worker *worker = worker_new ();
      TpExecutor *executor = tp_executor_new ("test", &funcs, worker, TRUE);

      for (guint i = 0; i < 2000; i++)
        tp_executor_push (executor, job_new (i, 0));
      g_assert_true (tp_executor_stop (executor, TP_EXECUTOR_RUN_QUEUED) == worker);
      g_assert_cmpuint (worker->ran->len, ==, 2000);
      g_assert_cmpuint (worker->flushed, ==, 2000);
      for (guint i = 0; i < 2000; i++)
        g_assert_cmpuint (g_array_index (worker->ran, guint, i), ==, i);
      worker_free (worker);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/executor/where-jobs-run", test_where_jobs_run);
  g_test_add_data_func ("/executor/switching-loses-nothing/one-at-a-time",
                        GINT_TO_POINTER (FALSE), test_switching_loses_nothing);
  g_test_add_data_func ("/executor/switching-loses-nothing/batches", GINT_TO_POINTER (TRUE),
                        test_switching_loses_nothing);
  g_test_add_func ("/executor/deadline-kept-across-switch", test_deadline_kept_across_switch);
  g_test_add_func ("/executor/flush-after-stop-mid-batch", test_flush_after_stop_mid_batch);
  g_test_add_func ("/executor/priorities-and-drop", test_priorities_and_drop);
  g_test_add_func ("/executor/stop-with-work-in-flight", test_stop_with_work_in_flight);
  return g_test_run ();
}

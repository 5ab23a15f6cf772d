/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-latency-monitor"

#include "config.h"

#include <string.h>

#include "tp-latency-monitor.h"

/* How responsive the main thread is, measured from inside:
 *
 * - Every cycle of the default main context is timed, from the moment poll () returns to the
 *   moment the loop enters it again: all the dispatching in between (input, drawing, idles,
 *   and with threads off the spell checks and disk writes) is time the window could not react.
 * - Each key press is timed from when the X server stamped it (mapped onto the monotonic
 *   clock) to the end of the next frame's paint: the time a person waits to see it, including
 *   any wait behind other work on the main thread.
 *
 * Durations go into log-linear histograms (32 steps per doubling: percentiles within 3 %),
 * one per mode (threads off, threads on), so that a run can compare both. */

#define SUB_BITS       5
#define LINEAR_LIMIT   (1 << (SUB_BITS + 1))
#define N_BUCKETS      (LINEAR_LIMIT + 40 * (1 << SUB_BITS))
#define RING_SIZE      65536
#define RING_MIN_USEC  200      /* shorter cycles are invisible on the graph */
#define STALL_LOG_USEC 50000    /* longer cycles are logged, for debugging */
#define MAX_PENDING    256

const double tp_latency_key_bucket_ms[TP_LATENCY_KEY_BUCKETS] = {
  0, 4, 8, 16.7, 33, 67, 133, 267,
};

typedef struct
{
  guint64 counts[N_BUCKETS];
  guint64 total;
  gint64  max;
  gint64  sum;
} Histogram;

typedef struct
{
  Histogram cycles;
  guint64   stalls;
  Histogram keys;
  guint64   key_buckets[TP_LATENCY_KEY_BUCKETS];
  gint64    time_in_mode;
} ModeStats;

typedef struct
{
  gint64 end;
  gint32 duration;
} Cycle;

/* A key press waiting for its window's next paint. */
typedef struct
{
  GdkFrameClock *clock;
  gint64         start;
} PendingKey;

typedef struct
{
  TpExecutor *executor;
  gint64      last_busy;
  gint64      last_time;
  double      share;
} WorkerState;

struct _TpLatencyMonitor
{
  GObject    parent_instance;

  gboolean   threads;
  gint64     mode_since;
  ModeStats  modes[2];

  GPollFunc  default_poll;
  gint64     poll_returned;

  Cycle     *ring;
  guint      ring_next;
  guint      ring_len;

  GArray    *pending_keys;   /* PendingKey */
  gint64     x_offset;      /* monotonic µs minus X server µs, at the least delay seen */

  GArray    *workers;       /* WorkerState */
  guint      sample_source;
};

G_DEFINE_FINAL_TYPE (TpLatencyMonitor, tp_latency_monitor, G_TYPE_OBJECT)

/* The poll function has no user data: there is one monitor per process, on the main context. */
static TpLatencyMonitor *active_monitor;

/* Histograms */

static guint
bucket_of (gint64 value)
{
  guint msb;

  if (value < LINEAR_LIMIT)
    return MAX (value, 0);
  msb = g_bit_storage ((gulong) value) - 1;
  return MIN (LINEAR_LIMIT + (msb - SUB_BITS - 1) * (1 << SUB_BITS)
              + (guint) ((value >> (msb - SUB_BITS)) - (1 << SUB_BITS)),
              N_BUCKETS - 1);
}

/* The middle of a bucket's range. */
static double
bucket_value (guint bucket)
{
  guint octave, sub;
  double low, width;

  if (bucket < LINEAR_LIMIT)
    return bucket;
  octave = (bucket - LINEAR_LIMIT) >> SUB_BITS;
  sub = (bucket - LINEAR_LIMIT) & ((1 << SUB_BITS) - 1);
  width = (double) (1ull << (octave + 1));
  low = (double) ((1ull << (octave + SUB_BITS + 1)) + sub * (1ull << (octave + 1)));
  return low + width / 2;
}

static void
histogram_add (Histogram *histogram,
               gint64     value)
{
  histogram->counts[bucket_of (value)]++;
  histogram->total++;
  histogram->sum += value;
  histogram->max = MAX (histogram->max, value);
}

static void
histogram_merge (Histogram       *into,
                 const Histogram *from)
{
  for (guint i = 0; i < N_BUCKETS; i++)
    into->counts[i] += from->counts[i];
  into->total += from->total;
  into->sum += from->sum;
  into->max = MAX (into->max, from->max);
}

/* In ms; never more than the largest value seen. */
static double
histogram_percentile (const Histogram *histogram,
                      double           fraction)
{
  guint64 rank, seen = 0;

  if (histogram->total == 0)
    return 0;
  rank = (guint64) (fraction * (histogram->total - 1)) + 1;
  for (guint i = 0; i < N_BUCKETS; i++)
    {
      seen += histogram->counts[i];
      if (seen >= rank)
        return MIN (bucket_value (i), (double) histogram->max) / 1000.0;
    }
  return histogram->max / 1000.0;
}

/* The main loop */

static void
record_cycle (TpLatencyMonitor *self,
              gint64            start,
              gint64            end)
{
  ModeStats *mode = &self->modes[self->threads];
  gint64 duration = end - start;

  histogram_add (&mode->cycles, duration);
  if (duration > TP_LATENCY_FRAME_USEC)
    mode->stalls++;
  /* With G_MESSAGES_DEBUG=tp-latency-monitor: when, on the monotonic clock, to match with a
   * profiler's samples (perf record -k CLOCK_MONOTONIC). */
  if (duration > STALL_LOG_USEC)
    g_debug ("main-loop cycle of %.1f ms, from %.6f to %.6f s", duration / 1000.0,
             start / (double) G_USEC_PER_SEC, end / (double) G_USEC_PER_SEC);
  if (duration < RING_MIN_USEC)
    return;
  self->ring[self->ring_next] = (Cycle) { end, (gint32) MIN (duration, G_MAXINT32) };
  self->ring_next = (self->ring_next + 1) % RING_SIZE;
  self->ring_len = MIN (self->ring_len + 1, RING_SIZE);
}

static int
monitored_poll (GPollFD *fds,
                guint    n_fds,
                int      timeout)
{
  TpLatencyMonitor *self = active_monitor;
  gint64 entered = g_get_monotonic_time ();
  int result;

  if (self->poll_returned != 0)
    record_cycle (self, self->poll_returned, entered);
  result = self->default_poll (fds, n_fds, timeout);
  self->poll_returned = g_get_monotonic_time ();
  return result;
}

/* Input */

static void
record_key (TpLatencyMonitor *self,
            gint64            latency)
{
  ModeStats *mode = &self->modes[self->threads];
  double ms = latency / 1000.0;
  guint bucket = 0;

  histogram_add (&mode->keys, latency);
  while (bucket + 1 < TP_LATENCY_KEY_BUCKETS && ms >= tp_latency_key_bucket_ms[bucket + 1])
    bucket++;
  mode->key_buckets[bucket]++;
}

static void
on_after_paint (GdkFrameClock    *clock,
                TpLatencyMonitor *self)
{
  gint64 now = g_get_monotonic_time ();

  /* Each window has its own frame clock: only its keys are done. */
  for (guint i = self->pending_keys->len; i > 0; i--)
    {
      PendingKey *key = &g_array_index (self->pending_keys, PendingKey, i - 1);

      if (key->clock != clock)
        continue;
      record_key (self, now - key->start);
      g_array_remove_index (self->pending_keys, i - 1);
    }
}

static gboolean
on_key_press (GtkWidget        *widget,
              GdkEventKey      *event,
              TpLatencyMonitor *self)
{
  gint64 now = g_get_monotonic_time ();
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  PendingKey key = { clock, now };

  if (event->is_modifier || clock == NULL)
    return GDK_EVENT_PROPAGATE;
  /* The X server's time is in ms, on a clock of its own. The smallest difference seen between
   * the two clocks is the one with no delay; with it, an event's X time gives when it was sent
   * on the monotonic clock, and the time it waited behind other work counts too. */
  if (event->time != GDK_CURRENT_TIME)
    {
      gint64 sent = (gint64) event->time * 1000;

      self->x_offset = MIN (self->x_offset, now - sent);
      key.start = MIN (now, sent + self->x_offset);
    }
  /* A full table holds keys that will not be painted (their window is never drawn): the
   * oldest makes room, so that they never stop the timing of new keys. */
  if (self->pending_keys->len >= MAX_PENDING)
    g_array_remove_index (self->pending_keys, 0);
  g_array_append_val (self->pending_keys, key);
  /* A frame is painted even if the key changed nothing on screen. */
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
  return GDK_EVENT_PROPAGATE;
}

static void
on_window_realize (GtkWidget        *window,
                   TpLatencyMonitor *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (on_after_paint), self, 0);
}

/* The window's frame clock goes with it (a closed window, Ctrl+W on its last tab): its keys
 * will never be painted, and a later frame clock at the same address must not find them. Runs
 * before the window lets go of it. */
static void
on_window_unrealize (GtkWidget        *window,
                     TpLatencyMonitor *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  for (guint i = self->pending_keys->len; i > 0; i--)
    if (g_array_index (self->pending_keys, PendingKey, i - 1).clock == clock)
      g_array_remove_index (self->pending_keys, i - 1);
}

/* Times the key presses that reach this window. */
void
tp_latency_monitor_watch_window (TpLatencyMonitor *self,
                                 GtkWindow        *window)
{
  g_return_if_fail (TP_IS_LATENCY_MONITOR (self));

  g_signal_connect_object (window, "key-press-event", G_CALLBACK (on_key_press), self, 0);
  g_signal_connect_object (window, "realize", G_CALLBACK (on_window_realize), self, 0);
  g_signal_connect_object (window, "unrealize", G_CALLBACK (on_window_unrealize), self, 0);
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    on_window_realize (GTK_WIDGET (window), self);
}

/* Key presses waiting for their window's next paint. */
guint
tp_latency_monitor_get_pending_keys (TpLatencyMonitor *self)
{
  g_return_val_if_fail (TP_IS_LATENCY_MONITOR (self), 0);
  return self->pending_keys->len;
}

/* Threads */

static gboolean
sample_workers (gpointer user_data)
{
  TpLatencyMonitor *self = user_data;
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < self->workers->len; i++)
    {
      WorkerState *state = &g_array_index (self->workers, WorkerState, i);
      gint64 busy = tp_executor_get_busy_usec (state->executor);

      if (now > state->last_time)
        state->share = CLAMP ((double) (busy - state->last_busy) / (now - state->last_time), 0, 1);
      state->last_busy = busy;
      state->last_time = now;
    }
  return G_SOURCE_CONTINUE;
}

/* The executors whose threads the panel and the report show; none before they are stopped. */
void
tp_latency_monitor_set_executors (TpLatencyMonitor  *self,
                                  TpExecutor       **executors,
                                  guint              n_executors)
{
  g_return_if_fail (TP_IS_LATENCY_MONITOR (self));

  g_array_set_size (self->workers, 0);
  for (guint i = 0; i < n_executors; i++)
    {
      WorkerState state = { executors[i], tp_executor_get_busy_usec (executors[i]),
                            g_get_monotonic_time (), 0 };

      g_array_append_val (self->workers, state);
    }
}

GArray *
tp_latency_monitor_sample_workers (TpLatencyMonitor *self)
{
  GArray *samples = g_array_new (FALSE, TRUE, sizeof (TpWorkerSample));

  for (guint i = 0; i < self->workers->len; i++)
    {
      WorkerState *state = &g_array_index (self->workers, WorkerState, i);
      TpWorkerSample sample = {
        tp_executor_get_name (state->executor),
        tp_executor_get_threaded (state->executor),
        tp_executor_get_queue_length (state->executor),
        tp_executor_get_jobs_done (state->executor),
        tp_executor_get_busy_usec (state->executor) / 1000.0,
        state->share,
      };

      g_array_append_val (samples, sample);
    }
  return samples;
}

/* The object */

static void
tp_latency_monitor_finalize (GObject *object)
{
  TpLatencyMonitor *self = TP_LATENCY_MONITOR (object);

  tp_latency_monitor_stop (self);
  g_free (self->ring);
  g_array_unref (self->pending_keys);
  g_array_unref (self->workers);
  G_OBJECT_CLASS (tp_latency_monitor_parent_class)->finalize (object);
}

static void
tp_latency_monitor_class_init (TpLatencyMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tp_latency_monitor_finalize;
}

static void
tp_latency_monitor_init (TpLatencyMonitor *self)
{
  self->ring = g_new0 (Cycle, RING_SIZE);
  self->pending_keys = g_array_new (FALSE, FALSE, sizeof (PendingKey));
  self->workers = g_array_new (FALSE, TRUE, sizeof (WorkerState));
  self->x_offset = G_MAXINT64;
}

/* Starts timing the default main context. One monitor at a time. */
TpLatencyMonitor *
tp_latency_monitor_new (gboolean threads)
{
  TpLatencyMonitor *self = g_object_new (TP_TYPE_LATENCY_MONITOR, NULL);
  GMainContext *context = g_main_context_default ();

  g_return_val_if_fail (active_monitor == NULL, self);

  self->threads = !!threads;
  self->mode_since = g_get_monotonic_time ();
  active_monitor = self;
  self->default_poll = g_main_context_get_poll_func (context);
  g_main_context_set_poll_func (context, monitored_poll);
  self->sample_source = g_timeout_add (1000, sample_workers, self);
  g_source_set_name_by_id (self->sample_source, "[threadpad] sample worker threads");
  return self;
}

void
tp_latency_monitor_stop (TpLatencyMonitor *self)
{
  g_return_if_fail (TP_IS_LATENCY_MONITOR (self));

  if (active_monitor != self)
    return;
  g_main_context_set_poll_func (g_main_context_default (), self->default_poll);
  active_monitor = NULL;
  g_clear_handle_id (&self->sample_source, g_source_remove);
  g_array_set_size (self->workers, 0);
}

/* From now on, what is measured counts for this mode. */
void
tp_latency_monitor_set_threads (TpLatencyMonitor *self,
                                gboolean          threads)
{
  gint64 now = g_get_monotonic_time ();

  g_return_if_fail (TP_IS_LATENCY_MONITOR (self));

  threads = !!threads;
  if (threads == self->threads)
    return;
  self->modes[self->threads].time_in_mode += now - self->mode_since;
  self->mode_since = now;
  self->threads = threads;
}

/* Queries */

void
tp_latency_monitor_get_summary (TpLatencyMonitor *self,
                                int               mode,
                                TpLatencySummary *summary)
{
  g_autofree Histogram *cycles = g_new0 (Histogram, 1);
  g_autofree Histogram *keys = g_new0 (Histogram, 1);

  g_return_if_fail (TP_IS_LATENCY_MONITOR (self));

  memset (summary, 0, sizeof *summary);
  for (int m = 0; m < 2; m++)
    {
      if (mode != TP_LATENCY_ALL_MODES && mode != m)
        continue;
      histogram_merge (cycles, &self->modes[m].cycles);
      histogram_merge (keys, &self->modes[m].keys);
      summary->stalls += self->modes[m].stalls;
      for (guint i = 0; i < TP_LATENCY_KEY_BUCKETS; i++)
        summary->key_histogram[i] += self->modes[m].key_buckets[i];
    }
  summary->cycles = cycles->total;
  summary->busy_ms = cycles->sum / 1000.0;
  summary->max_ms = cycles->max / 1000.0;
  summary->p50_ms = histogram_percentile (cycles, 0.50);
  summary->p95_ms = histogram_percentile (cycles, 0.95);
  summary->p99_ms = histogram_percentile (cycles, 0.99);
  summary->keys = keys->total;
  summary->key_max_ms = keys->max / 1000.0;
  summary->key_p50_ms = histogram_percentile (keys, 0.50);
  summary->key_p95_ms = histogram_percentile (keys, 0.95);
  summary->key_p99_ms = histogram_percentile (keys, 0.99);
}

/* The longest main-loop cycle that ended in the last span µs. */
gint64
tp_latency_monitor_get_worst_recent (TpLatencyMonitor *self,
                                     gint64            span)
{
  gint64 since = g_get_monotonic_time () - span;
  gint64 worst = 0;

  for (guint i = 0; i < self->ring_len; i++)
    {
      const Cycle *cycle = &self->ring[(self->ring_next + RING_SIZE - 1 - i) % RING_SIZE];

      if (cycle->end < since)
        break;
      worst = MAX (worst, cycle->duration);
    }
  return worst;
}

/* The cycles of 0.2 ms or more that ended after since, oldest first. */
void
tp_latency_monitor_foreach_cycle (TpLatencyMonitor   *self,
                                  gint64              since,
                                  TpLatencyCycleFunc  func,
                                  gpointer            user_data)
{
  guint first = self->ring_len;

  while (first > 0
         && self->ring[(self->ring_next + RING_SIZE - first) % RING_SIZE].end < since)
    first--;
  for (guint i = first; i > 0; i--)
    {
      const Cycle *cycle = &self->ring[(self->ring_next + RING_SIZE - i) % RING_SIZE];

      func (cycle->end, cycle->duration, user_data);
    }
}

/* The report */

static void
append_number (GString    *json,
               const char *name,
               double      value,
               gboolean    last)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (json, "\"%s\": %s%s", name,
                          g_ascii_formatd (buffer, sizeof buffer, "%.3f", value),
                          last ? "" : ", ");
}

static void
append_summary (GString                *json,
                const TpLatencySummary *summary)
{
  g_string_append_printf (json, "\"main_loop\": { \"cycles\": %" G_GUINT64_FORMAT ", "
                          "\"stalls\": %" G_GUINT64_FORMAT ", ", summary->cycles, summary->stalls);
  append_number (json, "busy_ms", summary->busy_ms, FALSE);
  append_number (json, "max_ms", summary->max_ms, FALSE);
  append_number (json, "p50_ms", summary->p50_ms, FALSE);
  append_number (json, "p95_ms", summary->p95_ms, FALSE);
  append_number (json, "p99_ms", summary->p99_ms, TRUE);
  g_string_append_printf (json, " }, \"input\": { \"keys\": %" G_GUINT64_FORMAT ", ",
                          summary->keys);
  append_number (json, "p50_ms", summary->key_p50_ms, FALSE);
  append_number (json, "p95_ms", summary->key_p95_ms, FALSE);
  append_number (json, "p99_ms", summary->key_p99_ms, FALSE);
  append_number (json, "max_ms", summary->key_max_ms, TRUE);
  g_string_append (json, " }");
}

/* The report as JSON: see "Responsiveness report" in the README. */
char *
tp_latency_monitor_build_report (TpLatencyMonitor *self)
{
  GString *json = g_string_new ("{\n");
  gint64 now = g_get_monotonic_time ();
  TpLatencySummary summary;
  g_autoptr(GArray) workers = NULL;
  const char *const mode_names[] = { "off", "on" };

  g_return_val_if_fail (TP_IS_LATENCY_MONITOR (self), NULL);

  g_string_append_printf (json, "  \"threads\": \"%s\",\n  ", mode_names[self->threads]);
  for (int m = 0; m < 2; m++)
    {
      gint64 time = self->modes[m].time_in_mode + (m == self->threads ? now - self->mode_since : 0);
      g_autofree char *name = g_strdup_printf ("seconds_threads_%s", mode_names[m]);

      append_number (json, name, time / 1e6, FALSE);
    }
  g_string_append (json, "\n  ");
  tp_latency_monitor_get_summary (self, TP_LATENCY_ALL_MODES, &summary);
  append_summary (json, &summary);
  g_string_append (json, ",\n  \"by_mode\": {");
  for (int m = 0; m < 2; m++)
    {
      tp_latency_monitor_get_summary (self, m, &summary);
      g_string_append_printf (json, "\n    \"%s\": { ", mode_names[m]);
      append_summary (json, &summary);
      g_string_append (json, m == 0 ? " }," : " }");
    }
  g_string_append (json, "\n  },\n  \"workers\": [");
  workers = tp_latency_monitor_sample_workers (self);
  for (guint i = 0; i < workers->len; i++)
    {
      TpWorkerSample *sample = &g_array_index (workers, TpWorkerSample, i);

      g_string_append_printf (json, "%s\n    { \"name\": \"%s\", \"threaded\": %s, "
                              "\"queue_length\": %u, \"jobs_done\": %" G_GUINT64_FORMAT ", ",
                              i == 0 ? "" : ",", sample->name,
                              sample->threaded ? "true" : "false", sample->queue_length,
                              sample->jobs_done);
      append_number (json, "busy_ms", sample->busy_ms, FALSE);
      append_number (json, "busy_share_last_second", sample->busy_share, TRUE);
      g_string_append (json, " }");
    }
  g_string_append (json, "\n  ]\n}\n");
  return g_string_free (json, FALSE);
}

gboolean
tp_latency_monitor_write_report (TpLatencyMonitor  *self,
                                 const char        *path,
                                 GError           **error)
{
  g_autofree char *json = tp_latency_monitor_build_report (self);

  return g_file_set_contents (path, json, -1, error);
}

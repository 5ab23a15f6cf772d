/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tp-executor.h"

G_BEGIN_DECLS

/* One frame at 60 Hz: a main-loop cycle longer than this is a stall. */
#define TP_LATENCY_FRAME_USEC 16667

/* Buckets of the key-to-paint histogram, in ms: [0, 4), [4, 8), [8, 17), …, [267, ∞). */
#define TP_LATENCY_KEY_BUCKETS 8
extern const double tp_latency_key_bucket_ms[TP_LATENCY_KEY_BUCKETS];

typedef struct
{
  guint64 cycles;
  guint64 stalls;
  double  busy_ms;
  double  max_ms;
  double  p50_ms;
  double  p95_ms;
  double  p99_ms;
  guint64 keys;
  double  key_p50_ms;
  double  key_p95_ms;
  double  key_p99_ms;
  double  key_max_ms;
  guint64 key_histogram[TP_LATENCY_KEY_BUCKETS];
} TpLatencySummary;

typedef struct
{
  const char *name;
  gboolean    threaded;
  guint       queue_length;
  guint64     jobs_done;
  double      busy_ms;
  double      busy_share;   /* of the last second, 0 to 1 */
} TpWorkerSample;

/* Called with each recent main-loop cycle: when it ended and how long it took (µs). */
typedef void (*TpLatencyCycleFunc) (gint64   end,
                                    gint64   duration,
                                    gpointer user_data);

#define TP_TYPE_LATENCY_MONITOR (tp_latency_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TpLatencyMonitor, tp_latency_monitor, TP, LATENCY_MONITOR, GObject)

TpLatencyMonitor *tp_latency_monitor_new            (gboolean            threads);
void              tp_latency_monitor_stop           (TpLatencyMonitor   *self);
void              tp_latency_monitor_set_threads    (TpLatencyMonitor   *self,
                                                     gboolean            threads);
void              tp_latency_monitor_set_executors  (TpLatencyMonitor   *self,
                                                     TpExecutor        **executors,
                                                     guint               n_executors);
void              tp_latency_monitor_watch_window   (TpLatencyMonitor   *self,
                                                     GtkWindow          *window);
void              tp_latency_monitor_get_summary    (TpLatencyMonitor   *self,
                                                     int                 mode,
                                                     TpLatencySummary   *summary);
gint64            tp_latency_monitor_get_worst_recent (TpLatencyMonitor *self,
                                                     gint64              span);
void              tp_latency_monitor_foreach_cycle  (TpLatencyMonitor   *self,
                                                     gint64              since,
                                                     TpLatencyCycleFunc  func,
                                                     gpointer            user_data);
GArray           *tp_latency_monitor_sample_workers (TpLatencyMonitor   *self);
guint             tp_latency_monitor_get_pending_keys (TpLatencyMonitor *self);
char             *tp_latency_monitor_build_report   (TpLatencyMonitor   *self);
gboolean          tp_latency_monitor_write_report   (TpLatencyMonitor   *self,
                                                     const char         *path,
                                                     GError            **error);

/* For tp_latency_monitor_get_summary (): both modes together, or one. */
#define TP_LATENCY_ALL_MODES (-1)
#define TP_LATENCY_THREADS_OFF 0
#define TP_LATENCY_THREADS_ON 1

G_END_DECLS

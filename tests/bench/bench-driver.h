/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the benchmarks that measure from outside share: a connection to the X server with the
 * DAMAGE and XTEST extensions, a program's window found by its process id, keys sent through
 * XTest, damage on that window handed to a callback, a private home for each program run, its
 * clean quit, and its own latency report read back. */
#pragma once

#include <X11/Xlib.h>
#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* Damage confined to this many pixels at the bottom of the window (the editor's status bar,
 * which shows the cursor position and the responsiveness indicator) does not count. */
#define BENCH_STATUS_BAR_HEIGHT 30

/* Called for every damage on the window outside the status bar, with the time it was read
 * (monotonic µs) and the damaged rectangle. */
typedef void (*BenchDamageFunc) (gint64             seen,
                                 const XRectangle  *area,
                                 gpointer           user_data);

typedef struct
{
  Display *display;
  Window   root;
  int      damage_event_base;
  Atom     pid_atom;
  Atom     name_atom;
  Atom     utf8_atom;

  /* The program's window in the run in progress. */
  Window   window;
  int      window_width;
  int      window_height;

  BenchDamageFunc on_damage;
  gpointer        on_damage_data;
} BenchDriver;

/* What a program's own report (--latency-report) says. */
typedef struct
{
  gboolean found;
  double   keys;
  double   key_p50, key_p95, key_p99, key_max;
  double   stalls;
  double   loop_max;
} BenchReport;

gint64   bench_now               (void);
void     bench_driver_open       (BenchDriver *d);
void     bench_driver_close      (BenchDriver *d);

Window   bench_find_window       (BenchDriver *d,
                                  GPid         pid,
                                  Window       except);
gboolean bench_wait_for_window   (BenchDriver *d,
                                  GPid         pid,
                                  gint64       timeout,
                                  gint64       poll_every);
gboolean bench_title_starts_with (BenchDriver *d,
                                  const char  *prefix);

void     bench_send_keysym       (BenchDriver *d,
                                  KeySym       keysym,
                                  KeySym       modifier);
KeySym   bench_keysym_for        (char         c);

void     bench_handle_events     (BenchDriver *d);
void     bench_wait_until        (BenchDriver *d,
                                  gint64       deadline);

gboolean bench_wait_for_exit     (GPid         pid,
                                  gint64       timeout);
gboolean bench_quit              (BenchDriver *d,
                                  GPid         pid,
                                  gboolean     asks,
                                  KeySym       answer,
                                  KeySym       answer_modifier,
                                  gint64       dialog_timeout,
                                  gint64       exit_timeout);

void     bench_read_report       (const char  *path,
                                  BenchReport *report);
char   **bench_run_environment   (const char  *home);
GPid     bench_spawn             (const char *const *argv,
                                  const char  *home);

void      bench_write_plot (cairo_surface_t *surface,
                            const char      *path);

G_END_DECLS

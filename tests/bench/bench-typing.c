/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Keystroke latency seen from outside, as a person sees it: the time from a key sent through
 * XTest to the first damage the X server reports on the window afterwards. Three programs get the
 * same keys typed into the same large document (the one Help → Open a Demonstration Document
 * opens: 6 MB of prose with misspellings), one after another, in rounds:
 *
 *   - a bare GtkSourceView (bench-reference-view), the yardstick;
 *   - Threadpad with its spell and recorder work on background threads (--threads=on);
 *   - Threadpad with that work inline on the main thread (--threads=off).
 *
 * Each program also writes its own report (--latency-report), whose key-to-paint and main-loop
 * figures are printed next to the outside ones. Prints the tables and writes a PNG plot of the
 * distributions.
 *
 *   bench-typing THREADPAD REFERENCE WORK_DIR PLOT.png [KEYS [INTERVAL_MS [ROUNDS]]]
 *
 * Typing starts as soon as the document has loaded (the first key that takes marks the title
 * with "• "), so the spell check of the whole document and the recorder's first snapshot are
 * running while the keys arrive.
 *
 * A damage event closes every key sent before it. A frame that was already being drawn when a
 * key was sent can close that key early, so the outside figures can err low by up to one frame,
 * never high. Damage confined to the bottom BENCH_STATUS_BAR_HEIGHT pixels (the editor's status
 * bar, which shows the cursor position and the responsiveness indicator) does not count. */
#include "config.h"

#include <X11/extensions/Xdamage.h>
#include <X11/keysym.h>
#include <cairo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench-driver.h"
#include "tp-demo.h"

#define START_TIMEOUT_USEC (30 * G_USEC_PER_SEC)
#define PROBE_EVERY_USEC (300 * 1000)
#define DRAIN_TIMEOUT_USEC (5 * G_USEC_PER_SEC)
#define EXIT_TIMEOUT_USEC (30 * G_USEC_PER_SEC)

/* What is typed: words, a few of them misspelled, and a Return now and then. */
static const char typed_text[] =
  "the quick brown fox jumps over the lazy dog while teh threads keep\n"
  "every keystroke smooth and the recorder writes each one to disk so\n"
  "that nothing typed is ever lost when the power goes out or the\n"
  "program crashes and the spell checker underlines wrods as you type\n"
  "them in the background without making the editor stutter at all\n";

typedef enum
{
  SUBJECT_REFERENCE,
  SUBJECT_THREADS_ON,
  SUBJECT_THREADS_OFF,
  N_SUBJECTS
} SubjectKind;

static const char *const subject_labels[N_SUBJECTS] = {
  "bare GtkSourceView", "Threadpad, threads on", "Threadpad, threads off",
};

/* Plot colours, red green blue. */
static const double subject_colours[N_SUBJECTS][3] = {
  { 0.45, 0.45, 0.45 }, { 0.15, 0.60, 0.30 }, { 0.85, 0.20, 0.15 },
};

typedef BenchReport Report;

typedef struct
{
  GArray *outside;   /* double, ms, one per measured key */
  guint   sent;
  guint   lost;      /* sent, but no damage seen within DRAIN_TIMEOUT_USEC */
  Report  report;
} Run;

typedef struct
{
  BenchDriver x;

  const char *threadpad;
  const char *reference;
  char       *document;
  const char *work_dir;
  guint       keys;
  gint64      interval;

  /* The run in progress. */
  Run     *run;       /* where painted keys go, or NULL while they do not count */
  GQueue   pending;   /* send times (gint64 in a pointer) of keys not painted yet */
} Driver;

/* A damage outside the status bar closes every key waiting for its paint. */
static void
on_damage (gint64            seen,
           const XRectangle *area,
           gpointer          user_data)
{
  Driver *d = user_data;

  while (!g_queue_is_empty (&d->pending))
    {
      gint64 sent = GPOINTER_TO_SIZE (g_queue_pop_head (&d->pending));
      double ms = (seen - sent) / 1000.0;

      if (d->run != NULL)
        g_array_append_val (d->run->outside, ms);
    }
}

static void
handle_events (Driver *d,
               Run    *run)
{
  d->run = run;
  bench_handle_events (&d->x);
}

/* Handles events until @deadline (monotonic µs). */
static void
wait_until (Driver *d,
            Run    *run,
            gint64  deadline)
{
  d->run = run;
  bench_wait_until (&d->x, deadline);
}

/* Types "x" every PROBE_EVERY_USEC until one takes (the document has loaded). */
static gboolean
wait_for_loaded (Driver *d)
{
  gint64 deadline = bench_now () + START_TIMEOUT_USEC;

  while (!bench_title_starts_with (&d->x, "• "))
    {
      if (bench_now () > deadline)
        return FALSE;
      bench_send_keysym (&d->x, XK_x, NoSymbol);
      wait_until (d, NULL, bench_now () + PROBE_EVERY_USEC);
    }
  g_queue_clear (&d->pending);
  return TRUE;
}

static void
type_keys (Driver *d,
           Run    *run)
{
  gint64 start = bench_now ();

  for (guint i = 0; i < d->keys; i++)
    {
      wait_until (d, run, start + (gint64) i * d->interval);
      g_queue_push_tail (&d->pending, GSIZE_TO_POINTER ((gsize) bench_now ()));
      bench_send_keysym (&d->x, bench_keysym_for (typed_text[i % (sizeof typed_text - 1)]),
                         NoSymbol);
      run->sent++;
    }
  handle_events (d, run);
  while (!g_queue_is_empty (&d->pending) && bench_now () < start + (gint64) d->keys * d->interval
                                                        + DRAIN_TIMEOUT_USEC)
    wait_until (d, run, bench_now () + 10 * 1000);
  run->lost = g_queue_get_length (&d->pending);
  g_queue_clear (&d->pending);
}

static GPid
start_subject (Driver      *d,
               SubjectKind  kind,
               const char  *home,
               const char  *report_path)
{
  g_autofree char *report_option = g_strdup_printf ("--latency-report=%s", report_path);
  const char *argv[8] = { NULL };

  if (kind == SUBJECT_REFERENCE)
    {
      argv[0] = d->reference;
      argv[1] = d->document;
      argv[2] = report_path;
    }
  else
    {
      argv[0] = d->threadpad;
      argv[1] = "--standalone";
      argv[2] = kind == SUBJECT_THREADS_ON ? "--threads=on" : "--threads=off";
      argv[3] = report_option;
      argv[4] = d->document;
    }
  return bench_spawn (argv, home);
}

static void
run_subject (Driver      *d,
             SubjectKind  kind,
             guint        round,
             Run         *run)
{
  g_autofree char *name = g_strdup_printf ("%s-%u", kind == SUBJECT_REFERENCE ? "reference"
                                                    : kind == SUBJECT_THREADS_ON ? "on" : "off",
                                           round);
  g_autofree char *home = g_build_filename (d->work_dir, name, NULL);
  g_autofree char *report_path = g_build_filename (home, "report.json", NULL);
  GPid pid = start_subject (d, kind, home, report_path);
  Damage damage;

  if (!bench_wait_for_window (&d->x, pid, START_TIMEOUT_USEC, 20 * 1000))
    g_error ("%s: no window after %d s", subject_labels[kind],
             (int) (START_TIMEOUT_USEC / G_USEC_PER_SEC));
  damage = XDamageCreate (d->x.display, d->x.window, XDamageReportRawRectangles);
  if (!wait_for_loaded (d))
    g_error ("%s: the document did not take a key within %d s", subject_labels[kind],
             (int) (START_TIMEOUT_USEC / G_USEC_PER_SEC));
  type_keys (d, run);
  XDamageDestroy (d->x.display, damage);
  /* The editor asks about the unsaved document: "Close without Saving" (Alt+W). */
  if (!bench_quit (&d->x, pid, kind != SUBJECT_REFERENCE, XK_w, XK_Alt_L, START_TIMEOUT_USEC,
                   EXIT_TIMEOUT_USEC))
    g_printerr ("%s: did not quit; killed, no report\n", subject_labels[kind]);
  bench_read_report (report_path, &run->report);
  g_print ("  %-24s round %u: %u keys sent, %u painted, %u not seen\n", subject_labels[kind],
           round + 1, run->sent, run->outside->len, run->lost);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Nearest rank, of a sorted array. */
static double
percentile (GArray *sorted,
            double  p)
{
  guint rank;

  if (sorted->len == 0)
    return NAN;
  rank = (guint) ceil (p / 100.0 * sorted->len);
  return g_array_index (sorted, double, CLAMP (rank, 1, sorted->len) - 1);
}

static char *
write_document (const char *work_dir)
{
  g_autoptr(GBytes) text = tp_demo_document_build (TP_DEMO_DOCUMENT_SIZE);
  char *path = g_build_filename (work_dir, "demonstration.txt", NULL);
  g_autoptr(GError) error = NULL;

  if (!g_file_set_contents (path, g_bytes_get_data (text, NULL), g_bytes_get_size (text), &error))
    g_error ("%s", error->message);
  return path;
}

/* ---- output ---- */

static GArray *
pooled_outside (Run        *runs,
                guint       rounds,
                SubjectKind kind)
{
  GArray *all = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint round = 0; round < rounds; round++)
    {
      GArray *outside = runs[round * N_SUBJECTS + kind].outside;
      g_array_append_vals (all, outside->data, outside->len);
    }
  g_array_sort (all, compare_doubles);
  return all;
}

static void
print_runs (Run  *runs,
            guint rounds)
{
  g_print ("\nEach run (ms). Outside: XTest send to XDamage. Report: the program's own key press "
           "to end of paint,\nand its main-loop cycles over the whole run (start, load, typing, "
           "quit).\n");
  g_print ("%-24s %5s | %7s %7s %7s %7s %5s | %5s %7s %7s %7s %7s | %6s %8s\n", "", "round",
           "p50", "p95", "p99", "max", "lost", "keys", "p50", "p95", "p99", "max", "stalls",
           "longest");
  for (guint round = 0; round < rounds; round++)
    for (int kind = 0; kind < N_SUBJECTS; kind++)
      {
        Run *run = &runs[round * N_SUBJECTS + kind];
        g_autoptr(GArray) sorted = g_array_copy (run->outside);
        const Report *r = &run->report;

        g_array_sort (sorted, compare_doubles);
        g_print ("%-24s %5u | %7.1f %7.1f %7.1f %7.1f %5u | %5.0f %7.1f %7.1f %7.1f %7.1f | "
                 "%6.0f %8.1f\n",
                 subject_labels[kind], round + 1, percentile (sorted, 50), percentile (sorted, 95),
                 percentile (sorted, 99), percentile (sorted, 100), run->lost, r->keys,
                 r->key_p50, r->key_p95, r->key_p99, r->key_max, r->stalls, r->loop_max);
      }
}

typedef struct
{
  double p50, p95, p99, max, stalls;
} Figures;

static Figures
subject_figures (Run        *runs,
                 guint       rounds,
                 SubjectKind kind)
{
  g_autoptr(GArray) all = pooled_outside (runs, rounds, kind);
  Figures f = { percentile (all, 50), percentile (all, 95), percentile (all, 99),
                percentile (all, 100), 0 };

  for (guint round = 0; round < rounds; round++)
    f.stalls += runs[round * N_SUBJECTS + kind].report.stalls;
  f.stalls /= rounds;
  return f;
}

static void
print_ratio (const char    *label,
             const Figures *a,
             const Figures *b)
{
  g_print ("%-34s | %7.2f %7.2f %7.2f %7.2f | %8.2f\n", label, a->p50 / b->p50, a->p95 / b->p95,
           a->p99 / b->p99, a->max / b->max, a->stalls / MAX (b->stalls, 1));
}

static void
print_summary (Run  *runs,
               guint rounds)
{
  Figures f[N_SUBJECTS];

  g_print ("\nAll rounds together: key to paint seen from outside (ms), and stalls (main-loop "
           "cycles over 16.7 ms,\nmean per run):\n");
  g_print ("%-34s | %7s %7s %7s %7s | %8s\n", "", "p50", "p95", "p99", "max", "stalls");
  for (int kind = 0; kind < N_SUBJECTS; kind++)
    {
      f[kind] = subject_figures (runs, rounds, kind);
      g_print ("%-34s | %7.1f %7.1f %7.1f %7.1f | %8.1f\n", subject_labels[kind], f[kind].p50,
               f[kind].p95, f[kind].p99, f[kind].max, f[kind].stalls);
    }
  g_print ("Ratios:\n");
  print_ratio ("threads off / threads on", &f[SUBJECT_THREADS_OFF], &f[SUBJECT_THREADS_ON]);
  print_ratio ("threads on / bare GtkSourceView", &f[SUBJECT_THREADS_ON], &f[SUBJECT_REFERENCE]);
}

#define PLOT_WIDTH  900
#define PLOT_HEIGHT 520
#define PLOT_LEFT   70
#define PLOT_RIGHT  30
#define PLOT_TOP    50
#define PLOT_BOTTOM 60
#define PLOT_MIN_MS 1.0

static const double plot_ticks[] = { 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000 };

/* The axis ends at the first tick past the slowest key, and at 100 ms at least. */
static double plot_max_ms = 100.0;

static double
plot_x (double ms)
{
  double span = log10 (plot_max_ms) - log10 (PLOT_MIN_MS);
  double at = (log10 (CLAMP (ms, PLOT_MIN_MS, plot_max_ms)) - log10 (PLOT_MIN_MS)) / span;

  return PLOT_LEFT + at * (PLOT_WIDTH - PLOT_LEFT - PLOT_RIGHT);
}

static double
plot_y (double share)
{
  return PLOT_HEIGHT - PLOT_BOTTOM - share * (PLOT_HEIGHT - PLOT_TOP - PLOT_BOTTOM);
}

static void
draw_axes (cairo_t *cr)
{
  char label[32];

  cairo_set_font_size (cr, 12);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < G_N_ELEMENTS (plot_ticks) && plot_ticks[i] <= plot_max_ms; i++)
    {
      cairo_set_source_rgb (cr, 0.88, 0.88, 0.88);
      cairo_move_to (cr, plot_x (plot_ticks[i]), plot_y (0));
      cairo_line_to (cr, plot_x (plot_ticks[i]), plot_y (1));
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      g_snprintf (label, sizeof label, "%g", plot_ticks[i]);
      cairo_move_to (cr, plot_x (plot_ticks[i]) - 4 * strlen (label), plot_y (0) + 18);
      cairo_show_text (cr, label);
    }
  for (int percent = 0; percent <= 100; percent += 25)
    {
      cairo_set_source_rgb (cr, 0.88, 0.88, 0.88);
      cairo_move_to (cr, plot_x (PLOT_MIN_MS), plot_y (percent / 100.0));
      cairo_line_to (cr, plot_x (plot_max_ms), plot_y (percent / 100.0));
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      g_snprintf (label, sizeof label, "%d %%", percent);
      cairo_move_to (cr, 20, plot_y (percent / 100.0) + 4);
      cairo_show_text (cr, label);
    }
  cairo_move_to (cr, (PLOT_LEFT + PLOT_WIDTH - PLOT_RIGHT) / 2.0 - 160, PLOT_HEIGHT - 15);
  cairo_show_text (cr, "key press to paint, ms (log scale), seen from outside");

  /* One frame at 60 Hz. */
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.8);
  cairo_set_dash (cr, (double[]) { 5, 4 }, 2, 0);
  cairo_move_to (cr, plot_x (16.7), plot_y (0));
  cairo_line_to (cr, plot_x (16.7), plot_y (1));
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_move_to (cr, plot_x (16.7) + 4, plot_y (1) + 14);
  cairo_show_text (cr, "one frame");
}

/* The share of keys painted within each time: a step line per program. */
static void
draw_distribution (cairo_t    *cr,
                   GArray     *sorted,
                   SubjectKind kind)
{
  const double *rgb = subject_colours[kind];

  if (sorted->len == 0)
    return;
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_set_line_width (cr, 2.5);
  cairo_move_to (cr, plot_x (g_array_index (sorted, double, 0)), plot_y (0));
  for (guint i = 0; i < sorted->len; i++)
    {
      double x = plot_x (g_array_index (sorted, double, i));

      cairo_line_to (cr, x, plot_y ((double) i / sorted->len));
      cairo_line_to (cr, x, plot_y ((double) (i + 1) / sorted->len));
    }
  cairo_stroke (cr);

  /* The legend goes low on the right, where every curve has already risen. */
  cairo_rectangle (cr, PLOT_WIDTH - PLOT_RIGHT - 230, plot_y (0.3) + 20 * kind, 24, 4);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_move_to (cr, PLOT_WIDTH - PLOT_RIGHT - 198, plot_y (0.3) + 6 + 20 * kind);
  cairo_show_text (cr, subject_labels[kind]);
}

static void
set_plot_span (Run   *runs,
               guint  rounds)
{
  double slowest = 0;
  guint i = 0;

  for (int kind = 0; kind < N_SUBJECTS; kind++)
    {
      g_autoptr(GArray) all = pooled_outside (runs, rounds, kind);

      if (all->len > 0)
        slowest = MAX (slowest, g_array_index (all, double, all->len - 1));
    }
  while (i + 1 < G_N_ELEMENTS (plot_ticks) && (plot_ticks[i] < 100 || plot_ticks[i] < slowest))
    i++;
  plot_max_ms = plot_ticks[i];
}

static void
write_plot (Run        *runs,
            guint       rounds,
            const char *path)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PLOT_WIDTH,
                                                         PLOT_HEIGHT);
  cairo_t *cr = cairo_create (surface);

  set_plot_span (runs, rounds);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  draw_axes (cr);
  cairo_set_font_size (cr, 15);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_move_to (cr, PLOT_LEFT, 28);
  cairo_show_text (cr, "Share of keys painted within a time, typing into a large document");
  cairo_set_font_size (cr, 12);
  for (int kind = 0; kind < N_SUBJECTS; kind++)
    {
      g_autoptr(GArray) all = pooled_outside (runs, rounds, kind);
      draw_distribution (cr, all, kind);
    }
  cairo_destroy (cr);
  bench_write_plot (surface, path);
}

int
main (int   argc,
      char *argv[])
{
  Driver d = { 0 };
  guint rounds;
  Run *runs;

  if (argc < 5)
    {
      g_printerr ("usage: %s THREADPAD REFERENCE WORK_DIR PLOT.png [KEYS [INTERVAL_MS [ROUNDS]]]\n",
                  argv[0]);
      return 2;
    }
  d.threadpad = argv[1];
  d.reference = argv[2];
  d.work_dir = argv[3];
  d.keys = argc > 5 ? (guint) atoi (argv[5]) : 300;
  d.interval = (argc > 6 ? atoi (argv[6]) : 50) * (gint64) 1000;
  rounds = argc > 7 ? (guint) atoi (argv[7]) : 2;
  d.document = write_document (d.work_dir);

  bench_driver_open (&d.x);
  d.x.on_damage = on_damage;
  d.x.on_damage_data = &d;
  g_queue_init (&d.pending);

  g_print ("Typing %u keys at one every %d ms into %s, %u round(s), in turn:\n", d.keys,
           (int) (d.interval / 1000), d.document, rounds);
  runs = g_new0 (Run, N_SUBJECTS * rounds);
  for (guint round = 0; round < rounds; round++)
    for (int kind = 0; kind < N_SUBJECTS; kind++)
      {
        Run *run = &runs[round * N_SUBJECTS + kind];

        run->outside = g_array_new (FALSE, FALSE, sizeof (double));
        run_subject (&d, kind, round, run);
      }

  print_runs (runs, rounds);
  print_summary (runs, rounds);
  write_plot (runs, rounds, argv[4]);

  for (guint i = 0; i < N_SUBJECTS * rounds; i++)
    g_array_unref (runs[i].outside);
  g_free (runs);
  g_free (d.document);
  bench_driver_close (&d.x);
  return 0;
}

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
 * never high. Damage confined to the bottom STATUS_BAR_HEIGHT pixels (the editor's status bar,
 * which shows the cursor position and the responsiveness indicator) does not count. */
#include "config.h"

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <X11/extensions/Xdamage.h>
#include <X11/keysym.h>
#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "tp-demo.h"

#define STATUS_BAR_HEIGHT 30
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

/* What a program's own report says. */
typedef struct
{
  gboolean found;
  double   keys;
  double   key_p50, key_p95, key_p99, key_max;
  double   stalls;
  double   loop_max;
} Report;

typedef struct
{
  GArray *outside;   /* double, ms, one per measured key */
  guint   sent;
  guint   lost;      /* sent, but no damage seen within DRAIN_TIMEOUT_USEC */
  Report  report;
} Run;

typedef struct
{
  Display *display;
  Window   root;
  int      damage_event_base;
  Atom     pid_atom;
  Atom     name_atom;
  Atom     utf8_atom;

  const char *threadpad;
  const char *reference;
  char       *document;
  const char *work_dir;
  guint       keys;
  gint64      interval;

  /* The run in progress. */
  Window   window;
  int      window_height;
  GQueue   pending;   /* send times (gint64 in a pointer) of keys not painted yet */
} Driver;

static gint64
now (void)
{
  return g_get_monotonic_time ();
}

/* The value of @property on @window (an X-allocated copy, to XFree), or NULL. */
static unsigned char *
get_property (Driver *d,
              Window  window,
              Atom    property,
              Atom    type,
              long    length)
{
  Atom actual_type;
  int format;
  unsigned long n, after;
  unsigned char *data = NULL;

  if (XGetWindowProperty (d->display, window, property, 0, length, False, type, &actual_type,
                          &format, &n, &after, &data) != Success || n == 0)
    {
      if (data != NULL)
        XFree (data);
      return NULL;
    }
  return data;
}

static gulong
window_pid (Driver *d,
            Window  window)
{
  unsigned char *data = get_property (d, window, d->pid_atom, XA_CARDINAL, 1);
  gulong pid = data != NULL ? *(unsigned long *) data : 0;

  if (data != NULL)
    XFree (data);
  return pid;
}

/* A mapped top-level window of process @pid other than @except, or None. */
static Window
find_window (Driver *d,
             GPid    pid,
             Window  except)
{
  Window root, parent, *children = NULL;
  unsigned int n = 0;
  Window found = None;

  if (!XQueryTree (d->display, d->root, &root, &parent, &children, &n))
    return None;
  for (unsigned int i = 0; i < n && found == None; i++)
    {
      XWindowAttributes attributes;

      if (children[i] == except || !XGetWindowAttributes (d->display, children[i], &attributes))
        continue;
      if (attributes.map_state == IsViewable && !attributes.override_redirect
          && window_pid (d, children[i]) == (gulong) pid)
        found = children[i];
    }
  if (children != NULL)
    XFree (children);
  return found;
}

static gboolean
title_marks_modified (Driver *d)
{
  unsigned char *data = get_property (d, d->window, d->name_atom, d->utf8_atom, 1024);
  gboolean modified = data != NULL && g_str_has_prefix ((const char *) data, "• ");

  if (data != NULL)
    XFree (data);
  return modified;
}

static void
send_keysym (Driver *d,
             KeySym  keysym,
             KeySym  modifier)
{
  KeyCode code = XKeysymToKeycode (d->display, keysym);
  KeyCode modifier_code = modifier != NoSymbol ? XKeysymToKeycode (d->display, modifier) : 0;

  if (modifier_code != 0)
    XTestFakeKeyEvent (d->display, modifier_code, True, CurrentTime);
  XTestFakeKeyEvent (d->display, code, True, CurrentTime);
  XTestFakeKeyEvent (d->display, code, False, CurrentTime);
  if (modifier_code != 0)
    XTestFakeKeyEvent (d->display, modifier_code, False, CurrentTime);
  XFlush (d->display);
}

static KeySym
keysym_for (char c)
{
  char name[2] = { c, '\0' };

  if (c == ' ')
    return XK_space;
  if (c == '\n')
    return XK_Return;
  return XStringToKeysym (name);
}

/* Handles the X events that have arrived; a damage outside the status bar closes every key
 * waiting for its paint. */
static void
handle_events (Driver *d,
               Run    *run)
{
  while (XPending (d->display) > 0)
    {
      XEvent event;
      XDamageNotifyEvent *damage;
      gint64 seen;

      XNextEvent (d->display, &event);
      if (event.type != d->damage_event_base + XDamageNotify)
        continue;
      damage = (XDamageNotifyEvent *) &event;
      if (damage->area.y >= d->window_height - STATUS_BAR_HEIGHT)
        continue;
      seen = now ();
      while (!g_queue_is_empty (&d->pending))
        {
          gint64 sent = GPOINTER_TO_SIZE (g_queue_pop_head (&d->pending));
          double ms = (seen - sent) / 1000.0;

          if (run != NULL)
            g_array_append_val (run->outside, ms);
        }
    }
}

/* Handles events until @deadline (monotonic µs). */
static void
wait_until (Driver *d,
            Run    *run,
            gint64  deadline)
{
  struct pollfd fd = { ConnectionNumber (d->display), POLLIN, 0 };

  handle_events (d, run);
  while (now () < deadline)
    {
      poll (&fd, 1, (int) MAX (1, (deadline - now () + 999) / 1000));
      handle_events (d, run);
    }
}

static gboolean
wait_for_window (Driver *d,
                 GPid    pid)
{
  gint64 deadline = now () + START_TIMEOUT_USEC;
  XWindowAttributes attributes;

  while ((d->window = find_window (d, pid, None)) == None)
    {
      if (now () > deadline)
        return FALSE;
      g_usleep (20 * 1000);
    }
  XGetWindowAttributes (d->display, d->window, &attributes);
  d->window_height = attributes.height;
  XSetInputFocus (d->display, d->window, RevertToParent, CurrentTime);
  XSync (d->display, False);
  return TRUE;
}

/* Types "x" every PROBE_EVERY_USEC until one takes (the document has loaded). */
static gboolean
wait_for_loaded (Driver *d)
{
  gint64 deadline = now () + START_TIMEOUT_USEC;

  while (!title_marks_modified (d))
    {
      if (now () > deadline)
        return FALSE;
      send_keysym (d, XK_x, NoSymbol);
      wait_until (d, NULL, now () + PROBE_EVERY_USEC);
    }
  g_queue_clear (&d->pending);
  return TRUE;
}

static void
type_keys (Driver *d,
           Run    *run)
{
  gint64 start = now ();

  for (guint i = 0; i < d->keys; i++)
    {
      wait_until (d, run, start + (gint64) i * d->interval);
      g_queue_push_tail (&d->pending, GSIZE_TO_POINTER ((gsize) now ()));
      send_keysym (d, keysym_for (typed_text[i % (sizeof typed_text - 1)]), NoSymbol);
      run->sent++;
    }
  handle_events (d, run);
  while (!g_queue_is_empty (&d->pending) && now () < start + (gint64) d->keys * d->interval
                                                        + DRAIN_TIMEOUT_USEC)
    wait_until (d, run, now () + 10 * 1000);
  run->lost = g_queue_get_length (&d->pending);
  g_queue_clear (&d->pending);
}

static gboolean
wait_for_exit (GPid   pid,
               gint64 timeout)
{
  gint64 deadline = now () + timeout;
  int status;

  while (now () < deadline)
    {
      if (waitpid (pid, &status, WNOHANG) == pid)
        return TRUE;
      g_usleep (20 * 1000);
    }
  return FALSE;
}

/* Ctrl+Q; the editor then asks about the unsaved document: "Close without Saving" (Alt+W) in
 * its dialog, which has to be given the focus: there is no window manager to do it. */
static gboolean
quit (Driver  *d,
      GPid     pid,
      gboolean asks)
{
  gint64 deadline = now () + START_TIMEOUT_USEC;
  Window dialog = None;

  send_keysym (d, XK_q, XK_Control_L);
  while (asks && dialog == None && now () < deadline)
    {
      g_usleep (50 * 1000);
      dialog = find_window (d, pid, d->window);
    }
  if (dialog != None)
    {
      XSetInputFocus (d->display, dialog, RevertToParent, CurrentTime);
      XSync (d->display, False);
      g_usleep (200 * 1000);
      send_keysym (d, XK_w, XK_Alt_L);
    }
  if (wait_for_exit (pid, EXIT_TIMEOUT_USEC))
    return TRUE;
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  return FALSE;
}

/* The number after "key": in the object named @object of Threadpad's report. The report's
 * layout is Threadpad's own (see README), so a search is enough here. */
static double
report_number (const char *json,
               const char *object,
               const char *key)
{
  g_autofree char *object_name = g_strdup_printf ("\"%s\":", object);
  g_autofree char *key_name = g_strdup_printf ("\"%s\":", key);
  const char *in = strstr (json, object_name);
  const char *at = in != NULL ? strstr (in, key_name) : NULL;

  return at != NULL ? g_ascii_strtod (at + strlen (key_name), NULL) : NAN;
}

static void
read_report (const char *path,
             Report     *report)
{
  g_autofree char *json = NULL;

  if (!g_file_get_contents (path, &json, NULL, NULL))
    return;
  report->found = TRUE;
  report->keys = report_number (json, "input", "keys");
  report->key_p50 = report_number (json, "input", "p50_ms");
  report->key_p95 = report_number (json, "input", "p95_ms");
  report->key_p99 = report_number (json, "input", "p99_ms");
  report->key_max = report_number (json, "input", "max_ms");
  report->stalls = report_number (json, "main_loop", "stalls");
  report->loop_max = report_number (json, "main_loop", "max_ms");
}

/* A private home for one run: its own state folder (on the disk the benchmark runs from, not a
 * RAM disk, so that syncs cost what they cost) and a GTK settings file without cursor blinking,
 * whose repaints would pass for a key's. */
static char **
run_environment (const char *home)
{
  g_autofree char *config = g_build_filename (home, "config", "gtk-3.0", NULL);
  g_autofree char *settings = g_build_filename (config, "settings.ini", NULL);
  g_autofree char *state = g_build_filename (home, "state", NULL);
  g_autofree char *config_home = g_build_filename (home, "config", NULL);
  char **env = g_get_environ ();

  g_mkdir_with_parents (config, 0700);
  g_mkdir_with_parents (state, 0700);
  g_file_set_contents (settings, "[Settings]\ngtk-cursor-blink=false\n", -1, NULL);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config_home, TRUE);
  env = g_environ_setenv (env, "XDG_STATE_HOME", state, TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv (env, "NO_AT_BRIDGE", "1", TRUE);
  env = g_environ_setenv (env, "GDK_BACKEND", "x11", TRUE);
  return env;
}

static GPid
start_subject (Driver      *d,
               SubjectKind  kind,
               const char  *home,
               const char  *report_path)
{
  g_auto(GStrv) env = run_environment (home);
  g_autofree char *report_option = g_strdup_printf ("--latency-report=%s", report_path);
  const char *argv[8] = { NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;

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
  if (!g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                      &error))
    g_error ("%s: %s", argv[0], error->message);
  return pid;
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

  if (!wait_for_window (d, pid))
    g_error ("%s: no window after %d s", subject_labels[kind],
             (int) (START_TIMEOUT_USEC / G_USEC_PER_SEC));
  damage = XDamageCreate (d->display, d->window, XDamageReportRawRectangles);
  if (!wait_for_loaded (d))
    g_error ("%s: the document did not take a key within %d s", subject_labels[kind],
             (int) (START_TIMEOUT_USEC / G_USEC_PER_SEC));
  type_keys (d, run);
  XDamageDestroy (d->display, damage);
  if (!quit (d, pid, kind != SUBJECT_REFERENCE))
    g_printerr ("%s: did not quit; killed, no report\n", subject_labels[kind]);
  read_report (report_path, &run->report);
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
  cairo_status_t status;

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
  status = cairo_surface_write_to_png (surface, path);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    g_printerr ("%s: %s\n", path, cairo_status_to_string (status));
  else
    g_print ("\nPlot: %s\n", path);
}

int
main (int   argc,
      char *argv[])
{
  Driver d = { 0 };
  guint rounds;
  Run *runs;
  int event_base, error_base, major, minor;

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

  d.display = XOpenDisplay (NULL);
  if (d.display == NULL)
    g_error ("cannot open the X display");
  if (!XDamageQueryExtension (d.display, &d.damage_event_base, &error_base)
      || !XTestQueryExtension (d.display, &event_base, &error_base, &major, &minor))
    g_error ("the X server lacks the DAMAGE or XTEST extension");
  d.root = DefaultRootWindow (d.display);
  d.pid_atom = XInternAtom (d.display, "_NET_WM_PID", False);
  d.name_atom = XInternAtom (d.display, "_NET_WM_NAME", False);
  d.utf8_atom = XInternAtom (d.display, "UTF8_STRING", False);
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
  XCloseDisplay (d.display);
  return 0;
}

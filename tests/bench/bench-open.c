/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening big files, measured from outside as a person sees it. Each file given is opened in
 * turn by each program, side by side in one run:
 *
 *   - a bare GtkSourceView (bench-reference-view), the yardstick: what GTK itself costs;
 *   - Threadpad;
 *   - gedit and mousepad, when they are installed.
 *
 *   bench-open THREADPAD REFERENCE WORK_DIR PLOT.png FILE...
 *
 * BENCH_OPEN_LIMIT_S (default 90) bounds each program's time on a file.
 *
 * From the moment the program's window maps, a key is sent through XTest every KEY_EVERY_USEC,
 * and each key's latency is the time to the first damage the X server reports on the window
 * after it (damage confined to the status bar at the bottom does not count). A key with no
 * damage before the next key is sent counts as not painted. A damage can also come from the
 * load itself (text arriving on screen, a progress bar, the scroll bar), so a key's latency
 * while a file loads is a lower bound; the figures below do not rest on one key.
 *
 * The keys are letters and spaces of a sentence, typed at the cursor, which both programs keep
 * at the start of the file while it loads and put there once it has loaded: where a person
 * opening a file starts typing. While a file loads, neither program takes them (the bare view
 * is not editable yet, Threadpad refuses a key that would type with a bell and says so in a bar
 * above the text); once it has loaded, both insert them. No Return: in the file on one line it
 * would split the line, a different job from typing into it.
 *
 * For each program and file:
 *   - text shown: the time from map to the first paint of the document's text. A damage (at
 *     most one look in PROBE_MIN_USEC, and one every PROBE_EVERY_USEC in any case) prompts a
 *     look at the window's pixels (XGetImage) for the text view's black text on its light
 *     background, which the window's own labels are not drawn in (see shows_text ()). Not a
 *     middle band: GTK shows a line of megabytes unwrapped, on the top row only;
 *   - first key typed in: the time from map until the title shows the document modified;
 *   - keys paint within 5 ms from: the send time of the first key of the run of keys, each
 *     painted within FAST_MS, that lasts to the end; the program's turn ends once FAST_RUN keys
 *     in a row have, or at the time limit ("> limit"); the same for one frame at 60 Hz, from the
 *     same keys, for a program whose every key takes about 5 ms;
 *   - the program's own report (--latency-report), over its whole run: the longest main-loop
 *     cycle, the cycles over one frame, key press to paint;
 *   - its memory (VmRSS, and the peak VmHWM, of /proc/PID/status) at the end of its turn.
 *
 * Prints a table per file with the ratios Threadpad / bare view, and writes a PNG plot of each
 * key's latency over the time since the window mapped, one panel per file. */
#include "config.h"

#include <X11/Xutil.h>
#include <X11/extensions/Xdamage.h>
#include <X11/keysym.h>
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-driver.h"

#define START_TIMEOUT_USEC (60 * G_USEC_PER_SEC)
#define DIALOG_TIMEOUT_USEC (20 * G_USEC_PER_SEC)
/* A program given keys it could not keep up with may still be working through them. */
#define EXIT_TIMEOUT_USEC (60 * G_USEC_PER_SEC)
#define MAP_POLL_USEC (5 * 1000)
#define KEY_EVERY_USEC (250 * 1000)
#define PROBE_EVERY_USEC (50 * 1000)
#define SLICE_USEC (5 * 1000)
#define FAST_MS 5.0
#define FRAME_MS (1000.0 / 60)
#define FAST_RUN 20
#define DEFAULT_LIMIT_S 90

/* The text view's text: below this in red, green and blue (see shows_text ()). */
#define TEXT_DARKNESS 40
#define TEXT_MIN_PIXELS 40
/* Its light background, which fills at least half the part of the window looked at. */
#define BACKGROUND_LIGHTNESS 200
/* Looks prompted by damage, at most one in this time. */
#define PROBE_MIN_USEC (10 * 1000)

static const char typed_text[] = "the quick brown fox jumps over the lazy dog as the file opens ";

typedef enum
{
  PROGRAM_REFERENCE,
  PROGRAM_THREADPAD,
  PROGRAM_GEDIT,
  PROGRAM_MOUSEPAD,
  N_PROGRAMS
} ProgramKind;

typedef struct
{
  const char *label;
  const char *name;             /* of its home folder in the work dir */
  double      rgb[3];           /* in the plot */
  const char *modified_prefix;  /* of the title, once the document is modified */
  KeySym      answer;           /* with Alt, "close without saving" in the dialog Ctrl+Q opens */
} ProgramInfo;

static const ProgramInfo programs[N_PROGRAMS] = {
  { "bare GtkSourceView", "reference", { 0.45, 0.45, 0.45 }, "• ", NoSymbol },
  { "Threadpad", "threadpad", { 0.15, 0.60, 0.30 }, "• ", XK_w },
  /* "Close _without Saving" */
  { "gedit", "gedit", { 0.20, 0.35, 0.80 }, "*", XK_w },
  /* "_Don't Save" */
  { "mousepad", "mousepad", { 0.90, 0.55, 0.10 }, "*", XK_d },
};

typedef struct
{
  double at_s;   /* sent, since the window mapped */
  double ms;     /* to the first damage after it, or NAN: not painted before the next key */
} Key;

typedef struct
{
  gboolean    ran;
  GArray     *keys;
  double      map_s;     /* from the start of the program */
  double      text_s;    /* from map; NAN: not seen */
  double      typed_s;   /* from map; NAN: not seen */
  double      fast_s;    /* from map; NAN: not within the limit */
  double      end_s;     /* from map */
  double      rss_mb, peak_mb;
  gboolean    killed;
  BenchReport report;
} Session;

typedef struct
{
  char    *path;
  char    *label;
  Session  sessions[N_PROGRAMS];
} Subject;

typedef struct
{
  BenchDriver x;
  const char *paths[N_PROGRAMS];   /* NULL: not installed */
  const char *work_dir;
  gint64      limit;

  /* The turn in progress. */
  Session    *session;
  gint64      map_time;
  gint64      last_sent;
  gboolean    last_painted;
  gboolean    text_seen;
  gboolean    probe_due;
  XRectangle  band;
} Bench;

static int
ignore_x_errors (Display     *display,
                 XErrorEvent *error)
{
  /* A window that goes away between a look and the next is not an error here. */
  return 0;
}

/* ---- one program on one file ---- */

static gboolean
rectangles_meet (const XRectangle *a,
                 const XRectangle *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width && a->y < b->y + b->height
         && b->y < a->y + a->height;
}

static void
on_damage (gint64            seen,
           const XRectangle *area,
           gpointer          user_data)
{
  Bench *b = user_data;
  GArray *keys = b->session->keys;

  if (keys->len > 0 && !b->last_painted)
    {
      g_array_index (keys, Key, keys->len - 1).ms = (seen - b->last_sent) / 1000.0;
      b->last_painted = TRUE;
    }
  if (!b->text_seen && rectangles_meet (area, &b->band))
    b->probe_due = TRUE;
}

/* Whether the window shows the document's text: pixels of the text view's own text colour,
 * black, on a light background, right of the line numbers and above the status bar. The window's
 * labels (header bar, tab, the bar a program shows above the text while it loads) are drawn in
 * the theme's dark grey, #2e3436, whose darkest pixels are lighter than TEXT_DARKNESS; a window
 * not painted yet reads all black, with no light background. The pixels are 24-bit TrueColor,
 * as on the screen the benchmark asks Xvfb for. */
static gboolean
shows_text (Bench *b)
{
  XImage *image = XGetImage (b->x.display, b->x.window, b->band.x, b->band.y, b->band.width,
                             b->band.height, AllPlanes, ZPixmap);
  guint dark = 0, light = 0;

  if (image == NULL)
    return FALSE;
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        unsigned long pixel = image->bits_per_pixel == 32
                              ? ((guint32 *) (image->data + y * image->bytes_per_line))[x]
                              : XGetPixel (image, x, y);
        unsigned long r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, bl = pixel & 0xff;

        dark += r < TEXT_DARKNESS && g < TEXT_DARKNESS && bl < TEXT_DARKNESS;
        light += r > BACKGROUND_LIGHTNESS && g > BACKGROUND_LIGHTNESS
                 && bl > BACKGROUND_LIGHTNESS;
      }
  XDestroyImage (image);
  return dark >= TEXT_MIN_PIXELS && light >= (guint) (b->band.width * b->band.height / 2);
}

/* Right of the line numbers (a quarter of the window leaves room for a gutter of 3 million
 * lines), left of the scroll bar, above the status bar. */
static void
set_band (Bench *b)
{
  b->band.x = b->x.window_width / 4;
  b->band.width = b->x.window_width * 95 / 100 - b->band.x;
  b->band.y = 0;
  b->band.height = b->x.window_height - BENCH_STATUS_BAR_HEIGHT;
}

/* The number of keys at the end of the turn, each painted within @ms. */
static guint
fast_run (GArray *keys,
          double  ms)
{
  guint n = 0;

  while (n < keys->len && g_array_index (keys, Key, keys->len - 1 - n).ms <= ms)
    n++;
  return n;
}

/* The send time of the first key of the run at the end of the turn, at least FAST_RUN keys
 * long, each painted within @ms; NAN if there is no such run. */
static double
fast_from (const Session *s,
           double         ms)
{
  guint n = fast_run (s->keys, ms);

  return n >= FAST_RUN ? g_array_index (s->keys, Key, s->keys->len - n).at_s : NAN;
}

static double
since_map (Bench  *b,
           gint64  time)
{
  return (time - b->map_time) / (double) G_USEC_PER_SEC;
}

static void
look (Bench             *b,
      const ProgramInfo *info,
      gint64            *next_probe)
{
  gint64 t = bench_now ();

  if (t < *next_probe && !(b->probe_due && t >= *next_probe - PROBE_EVERY_USEC + PROBE_MIN_USEC))
    return;
  if (!b->text_seen && shows_text (b))
    {
      b->text_seen = TRUE;
      b->session->text_s = since_map (b, t);
    }
  if (isnan (b->session->typed_s) && bench_title_starts_with (&b->x, info->modified_prefix))
    b->session->typed_s = since_map (b, t);
  b->probe_due = FALSE;
  *next_probe = t + PROBE_EVERY_USEC;
}

/* Sends the keys and looks at the window until the keys paint fast or the time is up. */
static void
drive (Bench             *b,
       const ProgramInfo *info)
{
  Session *s = b->session;
  gint64 next_key = b->map_time, next_probe = b->map_time;
  guint sent = 0;

  for (;;)
    {
      bench_wait_until (&b->x, MIN (next_key, MIN (next_probe, bench_now () + SLICE_USEC)));
      look (b, info, &next_probe);
      if (bench_now () < next_key)
        continue;
      if (fast_run (s->keys, FAST_MS) >= FAST_RUN)
        {
          s->fast_s = fast_from (s, FAST_MS);
          break;
        }
      if (bench_now () - b->map_time >= b->limit)
        break;
      b->last_sent = bench_now ();
      b->last_painted = FALSE;
      bench_send_keysym (&b->x, bench_keysym_for (typed_text[sent++ % (sizeof typed_text - 1)]),
                         NoSymbol);
      g_array_append_val (s->keys, ((Key) { since_map (b, b->last_sent), NAN }));
      next_key += KEY_EVERY_USEC;
    }
  s->end_s = since_map (b, bench_now ());
}

/* VmRSS and VmHWM of @pid, in MB. */
static void
read_memory (GPid     pid,
             Session *s)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *status = NULL;
  const char *at;

  s->rss_mb = s->peak_mb = NAN;
  if (!g_file_get_contents (path, &status, NULL, NULL))
    return;
  if ((at = strstr (status, "VmRSS:")) != NULL)
    s->rss_mb = g_ascii_strtod (at + strlen ("VmRSS:"), NULL) / 1024.0;
  if ((at = strstr (status, "VmHWM:")) != NULL)
    s->peak_mb = g_ascii_strtod (at + strlen ("VmHWM:"), NULL) / 1024.0;
}

static GPid
start_program (Bench       *b,
               ProgramKind  kind,
               const char  *file,
               const char  *home,
               const char  *report_path)
{
  g_autofree char *report_option = g_strdup_printf ("--latency-report=%s", report_path);
  const char *argv[6] = { b->paths[kind], NULL };

  switch (kind)
    {
    case PROGRAM_REFERENCE:
      argv[1] = file;
      argv[2] = report_path;
      break;
    case PROGRAM_THREADPAD:
      argv[1] = "--standalone";
      argv[2] = report_option;
      argv[3] = file;
      break;
    case PROGRAM_GEDIT:
      argv[1] = "--standalone";
      argv[2] = file;
      break;
    case PROGRAM_MOUSEPAD:
      argv[1] = "--disable-server";
      argv[2] = file;
      break;
    case N_PROGRAMS:
      g_assert_not_reached ();
    }
  return bench_spawn (argv, home);
}

static void
run_session (Bench       *b,
             ProgramKind  kind,
             Subject     *subject,
             guint        index)
{
  const ProgramInfo *info = &programs[kind];
  Session *s = &subject->sessions[kind];
  g_autofree char *name = g_strdup_printf ("%s-%u", info->name, index);
  g_autofree char *home = g_build_filename (b->work_dir, name, NULL);
  g_autofree char *report_path = g_build_filename (home, "report.json", NULL);
  gint64 started = bench_now ();
  GPid pid = start_program (b, kind, subject->path, home, report_path);
  gboolean modified;
  Damage damage;

  *s = (Session) { TRUE, g_array_new (FALSE, FALSE, sizeof (Key)), NAN, NAN, NAN, NAN, NAN };
  if (!bench_wait_for_window (&b->x, pid, START_TIMEOUT_USEC, MAP_POLL_USEC))
    g_error ("%s: no window after %d s", info->label, (int) (START_TIMEOUT_USEC / G_USEC_PER_SEC));
  b->map_time = bench_now ();
  s->map_s = (b->map_time - started) / (double) G_USEC_PER_SEC;
  b->session = s;
  b->text_seen = b->probe_due = FALSE;
  set_band (b);
  damage = XDamageCreate (b->x.display, b->x.window, XDamageReportRawRectangles);
  drive (b, info);
  read_memory (pid, s);
  modified = bench_title_starts_with (&b->x, info->modified_prefix);
  XDamageDestroy (b->x.display, damage);
  s->killed = !bench_quit (&b->x, pid, modified && info->answer != NoSymbol, info->answer,
                           XK_Alt_L, DIALOG_TIMEOUT_USEC, EXIT_TIMEOUT_USEC);
  if (s->killed)
    g_printerr ("  %s did not quit; killed, no report\n", info->label);
  bench_read_report (report_path, &s->report);
  b->session = NULL;
  g_print ("  %-20s %4u keys over %5.1f s%s\n", info->label, s->keys->len, s->end_s,
           !isnan (s->fast_s) ? "" : ", never 20 in a row painted within 5 ms");
}

/* ---- the files ---- */

/* "17.0 MB, 340,119 lines" or "3.0 MB on one line, no line end". */
static char *
describe_file (const char *path)
{
  FILE *in = fopen (path, "rb");
  g_autofree char *buffer = g_malloc (1 << 20);
  guint64 bytes = 0, lines = 0;
  gboolean ends_line = FALSE;
  size_t n;

  if (in == NULL)
    g_error ("%s: %s", path, g_strerror (errno));
  while ((n = fread (buffer, 1, 1 << 20, in)) > 0)
    {
      for (size_t i = 0; i < n; i++)
        lines += buffer[i] == '\n';
      ends_line = buffer[n - 1] == '\n';
      bytes += n;
    }
  fclose (in);
  if (!ends_line)
    lines++;
  if (lines == 1)
    return g_strdup_printf ("%.1f MB on one line%s", bytes / 1048576.0,
                            ends_line ? "" : ", no line end");
  return g_strdup_printf ("%.1f MB, %" G_GUINT64_FORMAT " lines", bytes / 1048576.0, lines);
}

/* ---- output ---- */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median latency of the keys painted. */
static double
painted_p50 (const Session *s)
{
  g_autoptr(GArray) painted = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < s->keys->len; i++)
    if (!isnan (g_array_index (s->keys, Key, i).ms))
      g_array_append_val (painted, g_array_index (s->keys, Key, i).ms);
  if (painted->len == 0)
    return NAN;
  g_array_sort (painted, compare_doubles);
  return g_array_index (painted, double, (painted->len - 1) / 2);
}

static guint
painted_count (const Session *s)
{
  guint n = 0;

  for (guint i = 0; i < s->keys->len; i++)
    n += !isnan (g_array_index (s->keys, Key, i).ms);
  return n;
}

typedef enum
{
  ROW_MAP,
  ROW_TEXT,
  ROW_TYPED,
  ROW_FAST,
  ROW_FRAME,
  ROW_PAINTED,
  ROW_OUTSIDE_P50,
  ROW_RSS,
  ROW_PEAK,
  ROW_LOOP_MAX,
  ROW_STALLS,
  ROW_KEY_P50,
  ROW_KEY_MAX,
  N_ROWS
} Row;

static const char *const row_labels[N_ROWS] = {
  "start to window mapped (s)",
  "map to text shown (s)",
  "map to first key typed in (s)",
  "keys paint within 5 ms from (s)",
  "keys paint within one frame from (s)",
  "keys painted / sent",
  "painted keys, p50 outside (ms)",
  "memory then, VmRSS (MB)",
  "memory peak, VmHWM (MB)",
  "own report: longest main-loop cycle (ms)",
  "own report: cycles over one frame",
  "own report: key to paint p50 (ms)",
  "own report: key to paint max (ms)",
};

/* The figure of @row, NAN when there is none; *@beyond when it is past the time limit. */
static double
row_value (const Session *s,
           Row            row,
           double         limit_s,
           gboolean      *beyond)
{
  *beyond = FALSE;
  switch (row)
    {
    case ROW_MAP: return s->map_s;
    case ROW_TEXT: *beyond = isnan (s->text_s); return isnan (s->text_s) ? limit_s : s->text_s;
    case ROW_TYPED: *beyond = isnan (s->typed_s); return isnan (s->typed_s) ? limit_s : s->typed_s;
    case ROW_FAST: *beyond = isnan (s->fast_s); return isnan (s->fast_s) ? limit_s : s->fast_s;
    case ROW_FRAME:
      {
        double from = fast_from (s, FRAME_MS);

        *beyond = isnan (from);
        return isnan (from) ? limit_s : from;
      }
    case ROW_PAINTED: return painted_count (s);
    case ROW_OUTSIDE_P50: return painted_p50 (s);
    case ROW_RSS: return s->rss_mb;
    case ROW_PEAK: return s->peak_mb;
    case ROW_LOOP_MAX: return s->report.found ? s->report.loop_max : NAN;
    case ROW_STALLS: return s->report.found ? s->report.stalls : NAN;
    case ROW_KEY_P50: return s->report.found ? s->report.key_p50 : NAN;
    case ROW_KEY_MAX: return s->report.found ? s->report.key_max : NAN;
    case N_ROWS: break;
    }
  g_assert_not_reached ();
}

static char *
format_cell (const Session *s,
             Row            row,
             double         limit_s)
{
  gboolean beyond;
  double value = row_value (s, row, limit_s, &beyond);

  if (row == ROW_PAINTED)
    return g_strdup_printf ("%u / %u", painted_count (s), s->keys->len);
  if (beyond)
    return g_strdup_printf ("> %.0f", limit_s);
  if (isnan (value))
    return g_strdup ("-");
  if (row == ROW_STALLS || row == ROW_RSS || row == ROW_PEAK)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf (row <= ROW_FRAME ? "%.2f" : "%.1f", value);
}

/* Threadpad / bare view; a bound when one of them is past the limit. */
static char *
format_ratio (const Subject *subject,
              Row            row,
              double         limit_s)
{
  gboolean tp_beyond, ref_beyond;
  double tp = row_value (&subject->sessions[PROGRAM_THREADPAD], row, limit_s, &tp_beyond);
  double ref = row_value (&subject->sessions[PROGRAM_REFERENCE], row, limit_s, &ref_beyond);

  /* Times under a twentieth of a second are the map's own first paint: no ratio. */
  if (isnan (tp) || isnan (ref) || (tp_beyond && ref_beyond) || (row <= ROW_FRAME && ref < 0.05)
      || ref == 0)
    return g_strdup ("-");
  return g_strdup_printf ("%s%.2f", tp_beyond ? "> " : ref_beyond ? "< " : "", tp / ref);
}

static void
print_subject (Bench         *b,
               const Subject *subject)
{
  double limit_s = b->limit / (double) G_USEC_PER_SEC;

  g_print ("\n%s (%s)\n%-42s", subject->label, subject->path, "");
  for (int kind = 0; kind < N_PROGRAMS; kind++)
    if (subject->sessions[kind].ran)
      g_print (" %18s", programs[kind].label);
  g_print (" %15s\n", "Threadpad/bare");
  for (int row = 0; row < N_ROWS; row++)
    {
      g_autofree char *ratio = format_ratio (subject, row, limit_s);

      g_print ("%-42s", row_labels[row]);
      for (int kind = 0; kind < N_PROGRAMS; kind++)
        if (subject->sessions[kind].ran)
          {
            g_autofree char *cell = format_cell (&subject->sessions[kind], row, limit_s);
            g_print (" %18s", cell);
          }
      g_print (" %15s\n", row == ROW_PAINTED ? "" : ratio);
    }
}

/* ---- the plot: each key's latency over the time since the window mapped ---- */

#define PLOT_WIDTH        1000
#define PANEL_HEIGHT      300
#define PLOT_LEFT         80
#define PLOT_RIGHT        30
#define PLOT_TITLE_HEIGHT 50
#define PANEL_TOP         36   /* the panel's title */
#define PANEL_BOTTOM      44   /* the axis' labels */
#define LATENCY_MIN_MS    0.5
#define LATENCY_MAX_MS    (KEY_EVERY_USEC / 1000.0)
#define NOT_PAINTED_ROW   22   /* above the latency axis: keys not painted */

static const double latency_ticks[] = { 0.5, 1, 2, 5, 10, 20, 50, 100, 250 };

typedef struct
{
  double top;      /* of the latency axis */
  double bottom;
  double span_s;   /* of the time axis */
} Panel;

static double
panel_x (const Panel *p,
         double       s)
{
  return PLOT_LEFT + CLAMP (s / p->span_s, 0, 1) * (PLOT_WIDTH - PLOT_LEFT - PLOT_RIGHT);
}

static double
panel_y (const Panel *p,
         double       ms)
{
  double span = log10 (LATENCY_MAX_MS) - log10 (LATENCY_MIN_MS);
  double at = (log10 (CLAMP (ms, LATENCY_MIN_MS, LATENCY_MAX_MS)) - log10 (LATENCY_MIN_MS))
              / span;

  return p->bottom - at * (p->bottom - p->top);
}

/* Seconds between the time axis' ticks: about eight of them. */
static double
time_tick (double span_s)
{
  static const double steps[] = { 1, 2, 5, 10, 15, 20, 30, 60 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span_s / steps[i] <= 9)
      return steps[i];
  return 120;
}

static void
draw_panel_axes (cairo_t     *cr,
                 const Panel *p,
                 const char  *title)
{
  char label[32];
  double tick = time_tick (p->span_s);

  cairo_set_font_size (cr, 13);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_move_to (cr, PLOT_LEFT, p->top - NOT_PAINTED_ROW - 12);
  cairo_show_text (cr, title);
  cairo_set_font_size (cr, 11);
  cairo_set_line_width (cr, 1);
  for (guint i = 0; i < G_N_ELEMENTS (latency_ticks); i++)
    {
      cairo_set_source_rgb (cr, 0.88, 0.88, 0.88);
      cairo_move_to (cr, panel_x (p, 0), panel_y (p, latency_ticks[i]));
      cairo_line_to (cr, panel_x (p, p->span_s), panel_y (p, latency_ticks[i]));
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      g_snprintf (label, sizeof label, "%g ms", latency_ticks[i]);
      cairo_move_to (cr, PLOT_LEFT - 50, panel_y (p, latency_ticks[i]) + 4);
      cairo_show_text (cr, label);
    }
  cairo_move_to (cr, 8, p->top - NOT_PAINTED_ROW / 2.0 + 4);
  cairo_show_text (cr, "not painted");
  for (double s = 0; s <= p->span_s + 1e-9; s += tick)
    {
      cairo_set_source_rgb (cr, 0.88, 0.88, 0.88);
      cairo_move_to (cr, panel_x (p, s), p->top - NOT_PAINTED_ROW);
      cairo_line_to (cr, panel_x (p, s), p->bottom);
      cairo_stroke (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      g_snprintf (label, sizeof label, "%g", s);
      cairo_move_to (cr, panel_x (p, s) - 3 * strlen (label), p->bottom + 15);
      cairo_show_text (cr, label);
    }
  cairo_move_to (cr, PLOT_LEFT + (PLOT_WIDTH - PLOT_LEFT - PLOT_RIGHT) / 2.0 - 150,
                 p->bottom + 32);
  cairo_show_text (cr, "key sent, seconds since the window mapped");

  cairo_set_source_rgb (cr, 0.3, 0.3, 0.8);
  cairo_set_dash (cr, (double[]) { 5, 4 }, 2, 0);
  cairo_move_to (cr, panel_x (p, 0), panel_y (p, FAST_MS));
  cairo_line_to (cr, panel_x (p, p->span_s), panel_y (p, FAST_MS));
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

/* A dot per key, a dotted line where the text showed, a dashed one from where the keys paint
 * within FAST_MS. */
static void
draw_session (cairo_t       *cr,
              const Panel   *p,
              const Session *s,
              ProgramKind    kind)
{
  const double *rgb = programs[kind].rgb;

  cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.75);
  for (guint i = 0; i < s->keys->len; i++)
    {
      const Key *key = &g_array_index (s->keys, Key, i);
      double y = isnan (key->ms) ? p->top - NOT_PAINTED_ROW / 2.0 + (kind - 1.5) * 4
                                 : panel_y (p, key->ms);

      cairo_arc (cr, panel_x (p, key->at_s), y, 2.2, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_set_line_width (cr, 1.5);
  if (!isnan (s->text_s))
    {
      cairo_set_dash (cr, (double[]) { 1.5, 3 }, 2, 0);
      cairo_move_to (cr, panel_x (p, s->text_s), p->top - NOT_PAINTED_ROW);
      cairo_line_to (cr, panel_x (p, s->text_s), p->bottom);
      cairo_stroke (cr);
    }
  if (!isnan (s->fast_s))
    {
      cairo_set_dash (cr, (double[]) { 6, 4 }, 2, 0);
      cairo_move_to (cr, panel_x (p, s->fast_s), p->top - NOT_PAINTED_ROW);
      cairo_line_to (cr, panel_x (p, s->fast_s), p->bottom);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_legend (cairo_t *cr,
             Subject *subjects,
             guint    n_subjects)
{
  double x = PLOT_LEFT;

  cairo_set_font_size (cr, 12);
  for (int kind = 0; kind < N_PROGRAMS; kind++)
    {
      const double *rgb = programs[kind].rgb;
      cairo_text_extents_t extents;

      if (n_subjects == 0 || !subjects[0].sessions[kind].ran)
        continue;
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_arc (cr, x + 4, 38, 4, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
      cairo_move_to (cr, x + 14, 42);
      cairo_show_text (cr, programs[kind].label);
      cairo_text_extents (cr, programs[kind].label, &extents);
      x += extents.x_advance + 40;
    }
  cairo_move_to (cr, x, 42);
  cairo_show_text (cr, "dotted: text shown; dashed: keys paint within 5 ms from there on");
}

static void
write_plot (Subject    *subjects,
            guint       n_subjects,
            const char *path)
{
  int height = PLOT_TITLE_HEIGHT + n_subjects * PANEL_HEIGHT;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PLOT_WIDTH, height);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 15);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_move_to (cr, PLOT_LEFT, 20);
  cairo_show_text (cr, "Opening big files: each key's time to paint, seen from outside");
  draw_legend (cr, subjects, n_subjects);
  for (guint i = 0; i < n_subjects; i++)
    {
      double top = PLOT_TITLE_HEIGHT + i * PANEL_HEIGHT;
      Panel p = { top + PANEL_TOP + NOT_PAINTED_ROW, top + PANEL_HEIGHT - PANEL_BOTTOM, 1 };

      for (int kind = 0; kind < N_PROGRAMS; kind++)
        if (subjects[i].sessions[kind].ran)
          p.span_s = MAX (p.span_s, ceil (subjects[i].sessions[kind].end_s));
      draw_panel_axes (cr, &p, subjects[i].label);
      for (int kind = 0; kind < N_PROGRAMS; kind++)
        if (subjects[i].sessions[kind].ran)
          draw_session (cr, &p, &subjects[i].sessions[kind], kind);
    }
  cairo_destroy (cr);
  bench_write_plot (surface, path);
}

int
main (int   argc,
      char *argv[])
{
  Bench b = { 0 };
  guint n_subjects = argc > 5 ? argc - 5 : 0;
  Subject *subjects;
  const char *limit = g_getenv ("BENCH_OPEN_LIMIT_S");

  if (argc < 6)
    {
      g_printerr ("usage: %s THREADPAD REFERENCE WORK_DIR PLOT.png FILE...\n"
                  "  BENCH_OPEN_LIMIT_S: each program's time on a file (default %d)\n", argv[0],
                  DEFAULT_LIMIT_S);
      return 2;
    }
  b.paths[PROGRAM_THREADPAD] = argv[1];
  b.paths[PROGRAM_REFERENCE] = argv[2];
  b.work_dir = argv[3];
  b.limit = (limit != NULL ? atoi (limit) : DEFAULT_LIMIT_S) * G_USEC_PER_SEC;
  b.paths[PROGRAM_GEDIT] = g_find_program_in_path ("gedit");
  b.paths[PROGRAM_MOUSEPAD] = g_find_program_in_path ("mousepad");
  for (int kind = PROGRAM_GEDIT; kind < N_PROGRAMS; kind++)
    if (b.paths[kind] == NULL)
      g_print ("(%s is not installed: left out)\n", programs[kind].label);

  bench_driver_open (&b.x);
  XSetErrorHandler (ignore_x_errors);
  b.x.on_damage = on_damage;
  b.x.on_damage_data = &b;

  subjects = g_new0 (Subject, n_subjects);
  for (guint i = 0; i < n_subjects; i++)
    {
      subjects[i].path = argv[5 + i];
      subjects[i].label = describe_file (subjects[i].path);
      g_print ("Opening %s, a key every %d ms from the window's map:\n", subjects[i].label,
               (int) (KEY_EVERY_USEC / 1000));
      for (int kind = 0; kind < N_PROGRAMS; kind++)
        if (b.paths[kind] != NULL)
          run_session (&b, kind, &subjects[i], i);
    }

  for (guint i = 0; i < n_subjects; i++)
    print_subject (&b, &subjects[i]);
  write_plot (subjects, n_subjects, argv[4]);

  for (guint i = 0; i < n_subjects; i++)
    {
      for (int kind = 0; kind < N_PROGRAMS; kind++)
        if (subjects[i].sessions[kind].ran)
          g_array_unref (subjects[i].sessions[kind].keys);
      g_free (subjects[i].label);
    }
  g_free (subjects);
  g_free ((char *) b.paths[PROGRAM_GEDIT]);
  g_free ((char *) b.paths[PROGRAM_MOUSEPAD]);
  bench_driver_close (&b.x);
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What a key typed at the end of a long line costs GTK, for lines of growing length: the time
 * from inserting a character to the end of the frame that shows it, in a GtkSourceView set up
 * as Threadpad's (Monospace 11, line numbers, current line highlighted, 900 × 640), wrapped and
 * not. GtkTextView lays out a whole line as one PangoLayout, again after each change to it, so
 * the cost grows with the line; this is where Threadpad's limit for cutting lines for display
 * (TP_LINE_SPLITTER_DEFAULT_LIMIT) comes from. Then what colouring one line of JSON costs
 * GtkSourceView, for the same lengths: why lines cut for display are shown without colours.
 *
 *   bench-line-length [KEYS]
 *
 * Medians of KEYS keys (default 15) per length, and their ratio to the shortest line's,
 * measured in the same run. Colouring grows with the square of the length, so it is not run
 * past 10,000 characters. */
#include "config.h"

#include <gtksourceview/gtksource.h>
#include <stdlib.h>

static const int lengths[] = { 1000, 2000, 3000, 5000, 10000, 20000, 50000, 100000 };

typedef struct
{
  GtkWidget     *view;
  GtkTextBuffer *buffer;
  guint          keys;
  guint          length_index;
  gboolean       wrap;
  guint          key;
  gint64         sent;
  GArray        *times;     /* double, ms, this length's keys */
  double         medians[2][G_N_ELEMENTS (lengths)];
} Bench;

static char *
prose (int length)
{
  static const char *const words[] = { "the ", "quick ", "brown ", "fox, ", "jumps ", "over ",
                                       "lazy ", "dogs. ", "parallel ", "threads " };
  GString *text = g_string_sized_new (length + 16);

  for (guint i = 0; (int) text->len < length; i++)
    g_string_append (text, words[(i * 7) % G_N_ELEMENTS (words)]);
  g_string_truncate (text, length);
  return g_string_free (text, FALSE);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

static gboolean next_step (gpointer data);

static void
set_line (Bench *bench)
{
  g_autofree char *text = prose (lengths[bench->length_index]);
  GtkTextIter end;

  gtk_text_buffer_set_text (bench->buffer, text, -1);
  gtk_text_buffer_get_end_iter (bench->buffer, &end);
  gtk_text_buffer_place_cursor (bench->buffer, &end);
  g_array_set_size (bench->times, 0);
  bench->key = 0;
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  if (bench->sent == 0)
    return;
  /* The first key after a new line lays the whole line out for the first time: not counted. */
  if (bench->key > 0)
    {
      double ms = (g_get_monotonic_time () - bench->sent) / 1000.0;
      g_array_append_val (bench->times, ms);
    }
  bench->sent = 0;
  bench->key++;
  g_timeout_add (40, next_step, bench);
}

static gboolean
next_step (gpointer data)
{
  Bench *bench = data;
  GtkTextIter end;

  if (bench->key > bench->keys)
    {
      bench->medians[bench->wrap][bench->length_index] = median (bench->times);
      if (++bench->length_index == G_N_ELEMENTS (lengths))
        {
          if (bench->wrap)
            {
              gtk_main_quit ();
              return G_SOURCE_REMOVE;
            }
          bench->wrap = TRUE;
          bench->length_index = 0;
          gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (bench->view), GTK_WRAP_WORD_CHAR);
        }
      set_line (bench);
    }
  gtk_text_buffer_get_end_iter (bench->buffer, &end);
  gtk_text_buffer_insert (bench->buffer, &end, "x", 1);
  bench->sent = g_get_monotonic_time ();
  gtk_widget_queue_draw (bench->view);
  return G_SOURCE_REMOVE;
}

static GtkWidget *
create_window (Bench *bench)
{
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  bench->view = gtk_source_view_new ();
  bench->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (bench->view));
  gtk_css_provider_load_from_data (css, "textview { font-family: Monospace; font-size: 11pt; }",
                                   -1, NULL);
  gtk_style_context_add_provider (gtk_widget_get_style_context (bench->view),
                                  GTK_STYLE_PROVIDER (css), GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set (bench->view, "wrap-mode", GTK_WRAP_NONE, "show-line-numbers", TRUE,
                "highlight-current-line", TRUE, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 640);
  gtk_container_add (GTK_CONTAINER (scrolled), bench->view);
  gtk_container_add (GTK_CONTAINER (window), scrolled);
  return window;
}

/* Colouring one line of dense JSON (objects of short strings and numbers), in ms. */
static double
highlight_line (int length)
{
  GtkSourceLanguage *json = gtk_source_language_manager_get_language (
    gtk_source_language_manager_get_default (), "json");
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new_with_language (json);
  GString *text = g_string_new ("[");
  GtkTextIter start, end;
  gint64 began;

  for (int i = 0; (int) text->len < length; i++)
    g_string_append_printf (text, "{\"id\":%d,\"name\":\"the quick brown fox\",\"tags\":[\"a\","
                                  "\"b\"],\"score\":0.%d},", i, i * 7919 % 10000);
  g_string_truncate (text, length);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text->str, -1);
  g_string_free (text, TRUE);
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  began = g_get_monotonic_time ();
  gtk_source_buffer_ensure_highlight (buffer, &start, &end);
  return (g_get_monotonic_time () - began) / 1000.0;
}

static void
print_results (Bench *bench)
{
  g_print ("A key at the end of a line: median ms from the change to the end of its frame "
           "(ratio to a %d-character line)\n", lengths[0]);
  g_print ("%10s  %18s  %18s  %16s\n", "characters", "not wrapped", "wrapped",
           "JSON colouring");
  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      double colouring = lengths[i] <= 10000 ? highlight_line (lengths[i]) : -1;

      g_print ("%10d  %8.1f (%5.1f×)  %8.1f (%5.1f×)", lengths[i], bench->medians[0][i],
               bench->medians[0][i] / bench->medians[0][0], bench->medians[1][i],
               bench->medians[1][i] / bench->medians[1][0]);
      if (colouring >= 0)
        g_print ("  %11.1f ms\n", colouring);
      else
        g_print ("  %14s\n", "(not run)");
    }
}

int
main (int   argc,
      char *argv[])
{
  Bench bench = { .keys = argc > 1 ? (guint) atoi (argv[1]) : 15 };
  GtkWidget *window;

  gtk_init (&argc, &argv);
  bench.times = g_array_new (FALSE, FALSE, sizeof (double));
  window = create_window (&bench);
  gtk_widget_show_all (window);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint), &bench);
  set_line (&bench);
  g_timeout_add (500, next_step, &bench);
  gtk_main ();
  print_results (&bench);
  g_array_unref (bench.times);
  return 0;
}

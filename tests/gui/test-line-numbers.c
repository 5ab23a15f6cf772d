/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtksourceview/gtksource.h>

#include "tp-line-numbers.h"
#include "tp-long-lines.h"

/* Runs the main loop until nothing is left to do, frames included. */
static void
settle (void)
{
  gint64 end = g_get_monotonic_time () + 300 * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (gtk_events_pending ())
        gtk_main_iteration ();
      g_usleep (5000);
    }
}

/* The rows of the widget, from its top, that the first display line of buffer line line takes. */
static void
first_display_line_rows (GtkTextView *view,
                         int          line,
                         int         *top,
                         int         *bottom)
{
  GtkTextIter start;
  GdkRectangle location;

  gtk_text_buffer_get_iter_at_line (gtk_text_view_get_buffer (view), &start, line);
  gtk_text_view_get_iter_location (view, &start, &location);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, 0, location.y, NULL, top);
  *bottom = *top + location.height;
}

/* Whether row y of the gutter holds a pixel of a number: dark, on the gutter's light ground. */
static gboolean
row_has_number (cairo_surface_t *surface,
                int              y,
                int              gutter_width)
{
  const guint8 *row = cairo_image_surface_get_data (surface)
                      + (gsize) y * (gsize) cairo_image_surface_get_stride (surface);

  for (int x = 0; x < gutter_width; x++)
    {
      guint32 pixel = ((const guint32 *) row)[x];
      int red = (pixel >> 16) & 0xff, green = (pixel >> 8) & 0xff, blue = pixel & 0xff;

      if (red + green + blue < 3 * 128)
        return TRUE;
    }
  return FALSE;
}

/* A line wrapped over several rows of the view has its number beside its first row, as GTK's
 * own numbers are, and nowhere else. */
static void
test_number_beside_first_row (void)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  g_autoptr(TpLongLines) long_lines = tp_long_lines_new (buffer);
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  GtkWidget *view = gtk_source_view_new_with_buffer (buffer);
  GtkSourceGutter *gutter = gtk_source_view_get_gutter (GTK_SOURCE_VIEW (view),
                                                        GTK_TEXT_WINDOW_LEFT);
  cairo_surface_t *surface;
  cairo_t *cr;
  int first_top, first_bottom, second_top, second_bottom, gutter_width;
  int first_rows = 0, second_rows = 0;

  tp_long_lines_set_text (long_lines,
                          "a line long enough to be wrapped over three rows or more of a view "
                          "as narrow as this one is\nshort", -1);
  gtk_source_gutter_insert (gutter, tp_line_numbers_new (long_lines),
                            GTK_SOURCE_VIEW_GUTTER_POSITION_LINES);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_source_view_set_highlight_current_line (GTK_SOURCE_VIEW (view), FALSE);
  gtk_container_add (GTK_CONTAINER (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 240, 300);
  gtk_widget_show_all (window);
  settle ();

  first_display_line_rows (GTK_TEXT_VIEW (view), 0, &first_top, &first_bottom);
  first_display_line_rows (GTK_TEXT_VIEW (view), 1, &second_top, &second_bottom);
  /* The first line takes three rows or more. */
  g_assert_cmpint (second_top - first_top, >=, 3 * (first_bottom - first_top));
  gutter_width = gtk_text_view_get_border_window_size (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_LEFT);
  g_assert_cmpint (gutter_width, >, 0);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, gtk_widget_get_allocated_width (view),
                                        gtk_widget_get_allocated_height (view));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  gtk_widget_draw (view, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    {
      if (!row_has_number (surface, y, gutter_width))
        continue;
      if (y >= first_top && y < first_bottom)
        first_rows++;
      else if (y >= second_top && y < second_bottom)
        second_rows++;
      else
        g_error ("a number is drawn on row %d, beside no line's first row (%d to %d, %d to %d)", y,
                 first_top, first_bottom, second_top, second_bottom);
    }
  g_assert_cmpint (first_rows, >, 0);
  g_assert_cmpint (second_rows, >, 0);

  cairo_surface_destroy (surface);
  gtk_widget_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  gtk_source_init ();
  g_test_add_func ("/LineNumbers/number-beside-first-row", test_number_beside_first_row);
  return g_test_run ();
}

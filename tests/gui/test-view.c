/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A text view (as Threadpad's view sets it up, tp_text_view_lay_out_when_grown ()) when its
 * window grows while most of the text has not been laid out yet: what
 * happens when the message above a loading file goes away, or a window is made taller during a
 * load. GtkTextView draws every line between the top of the area to draw and the end of what it
 * has laid out; lines it has not laid out have no height, so an area that reaches past them
 * makes it lay out, in that one draw, every line to the end of the buffer: tens of seconds of a
 * frozen window for a 17 MB file. The view must lay out the lines it shows before it draws them. */
#include "config.h"

#include <gtksourceview/gtksource.h>

#include "tp-gtk-util.h"

#define LINES 30000

/* GTK lays out lines off screen in an idle of its own (priority GDK_PRIORITY_REDRAW + 5); this
 * source, always ready at a higher priority, keeps it from running, as a file being read in
 * does, while frames (GDK_PRIORITY_REDRAW) are still drawn. */
static gboolean
hold_back (gpointer user_data)
{
  g_usleep (1000);
  return G_SOURCE_CONTINUE;
}

static gboolean drawn;

static gboolean
on_draw (GtkWidget *widget,
         cairo_t   *cr,
         gpointer   user_data)
{
  drawn = TRUE;
  return GDK_EVENT_PROPAGATE;
}

/* Runs the main loop until the view has been drawn again (once its size is settled). */
static void
wait_for_draw (GtkWidget *view)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  drawn = FALSE;
  gtk_widget_queue_draw (view);
  while (!drawn && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (drawn);
}

/* Whether every line that shows in the view has been laid out: GTK gives a line it has not laid
 * out a height of 0. */
static void
assert_shown_lines_laid_out (GtkTextView *view)
{
  GdkRectangle visible;
  GtkTextIter iter;
  int shown = 0;

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &iter, visible.y, NULL);
  for (;;)
    {
      int y, height;

      gtk_text_view_get_line_yrange (view, &iter, &y, &height);
      if (y >= visible.y + visible.height)
        break;
      g_assert_cmpint (height, >, 0);
      shown++;
      if (!gtk_text_iter_forward_line (&iter))
        break;
    }
  g_assert_cmpint (shown, >, 10);
}

static void
test_grows_over_lines_not_laid_out (void)
{
  GtkSourceBuffer *buffer = gtk_source_buffer_new (NULL);
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *above = gtk_label_new ("above the text");
  GtkWidget *scroller = gtk_scrolled_window_new (NULL, NULL);
  GtkWidget *view = gtk_source_view_new_with_buffer (buffer);
  GString *text = g_string_new (NULL);
  GtkTextIter end;
  guint held;

  gtk_widget_set_size_request (above, -1, 400);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 700);
  tp_text_view_lay_out_when_grown (GTK_TEXT_VIEW (view));
  gtk_container_add (GTK_CONTAINER (scroller), view);
  gtk_box_pack_start (GTK_BOX (box), above, FALSE, FALSE, 0);
  gtk_box_pack_start (GTK_BOX (box), scroller, TRUE, TRUE, 0);
  gtk_container_add (GTK_CONTAINER (window), box);
  g_signal_connect (view, "draw", G_CALLBACK (on_draw), NULL);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), "The first line.\n", -1);
  gtk_widget_show_all (window);
  wait_for_draw (view);

  /* Text comes in, as from a file: GTK lays out what shows, and no more. */
  held = g_idle_add_full (GDK_PRIORITY_REDRAW + 2, hold_back, NULL, NULL);
  for (int i = 1; i <= LINES; i++)
    g_string_append_printf (text, "Line %d of the text, long enough to be a line of prose.\n", i);
  gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (buffer), &end);
  gtk_text_buffer_insert (GTK_TEXT_BUFFER (buffer), &end, text->str, (int) text->len);
  wait_for_draw (view);
  g_test_message ("before growing");
  assert_shown_lines_laid_out (GTK_TEXT_VIEW (view));

  /* The message above goes away: the view grows by 400 pixels of lines not laid out. */
  gtk_widget_hide (above);
  wait_for_draw (view);
  g_assert_cmpint (gtk_widget_get_allocated_height (view), >, 500);
  g_test_message ("after growing");
  assert_shown_lines_laid_out (GTK_TEXT_VIEW (view));

  g_source_remove (held);
  gtk_widget_destroy (window);
  g_string_free (text, TRUE);
  g_object_unref (buffer);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  gtk_source_init ();
  g_test_add_func ("/View/grows-over-lines-not-laid-out", test_grows_over_lines_not_laid_out);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "tp-status-label.h"

static void
count (guint *counter)
{
  (*counter)++;
}

/* Runs the main loop until nothing is left to do, frames included. */
static void
settle (void)
{
  gint64 end = g_get_monotonic_time () + 200 * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (gtk_events_pending ())
        gtk_main_iteration ();
      g_usleep (5000);
    }
}

/* New text that fits the width already shown is only redrawn: the window is not laid out
 * again. Wider text gets the room it needs, and keeps it. */
static void
test_layout_only_when_wider (void)
{
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = tp_status_label_new ();
  guint layouts = 0;
  guint notifies = 0;
  int wide, narrow;

  gtk_container_add (GTK_CONTAINER (box), label);
  gtk_container_add (GTK_CONTAINER (window), box);
  tp_status_label_set_text (TP_STATUS_LABEL (label), "Ln 100, Col 100");
  gtk_widget_show_all (window);
  settle ();
  wide = gtk_widget_get_allocated_width (label);
  g_assert_cmpint (wide, >, 0);

  g_signal_connect_swapped (window, "check-resize", G_CALLBACK (count), &layouts);
  g_signal_connect_swapped (label, "notify::text", G_CALLBACK (count), &notifies);
  tp_status_label_set_text (TP_STATUS_LABEL (label), "Ln 1, Col 2");
  settle ();
  tp_status_label_set_text (TP_STATUS_LABEL (label), "Ln 9, Col 99");
  settle ();
  tp_status_label_set_text (TP_STATUS_LABEL (label), "Ln 9, Col 99");
  settle ();
  g_assert_cmpstr (tp_status_label_get_text (TP_STATUS_LABEL (label)), ==, "Ln 9, Col 99");
  g_assert_cmpuint (notifies, ==, 2);
  g_assert_cmpuint (layouts, ==, 0);
  g_assert_cmpint (gtk_widget_get_allocated_width (label), ==, wide);

  tp_status_label_set_text (TP_STATUS_LABEL (label), "Ln 100000, Col 100000");
  settle ();
  g_assert_cmpuint (layouts, >, 0);
  g_assert_cmpint (gtk_widget_get_allocated_width (label), >, wide);

  /* Narrower text afterwards keeps the width, so the status bar does not jitter. */
  narrow = gtk_widget_get_allocated_width (label);
  tp_status_label_set_text (TP_STATUS_LABEL (label), "Ln 1, Col 1");
  settle ();
  g_assert_cmpint (gtk_widget_get_allocated_width (label), ==, narrow);

  /* Assistive technologies read it as a label with that text. */
  g_assert_cmpint (atk_object_get_role (gtk_widget_get_accessible (label)), ==, ATK_ROLE_LABEL);
  g_assert_cmpstr (atk_object_get_name (gtk_widget_get_accessible (label)), ==, "Ln 1, Col 1");

  gtk_widget_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/StatusLabel/layout-only-when-wider", test_layout_only_when_wider);
  return g_test_run ();
}

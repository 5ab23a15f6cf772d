/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-responsiveness-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-application.h"
#include "tp-responsiveness-panel.h"

/* The Responsiveness panel: the threads switch, a live graph of the main loop's cycles over the
 * last 30 seconds, the histogram of key-to-paint latency, and the threads' table. */

#define GRAPH_SPAN_USEC   (30 * G_USEC_PER_SEC)
#define GRAPH_TOP_MS      120.0
#define REFRESH_MS        250

struct _TpResponsivenessPanel
{
  GtkWindow         parent_instance;

  TpLatencyMonitor *monitor;
  GtkWidget        *graph;
  GtkWidget        *histogram;
  GtkWidget        *summary_label;
  GtkWidget        *workers_grid;
  guint             refresh;
};

G_DEFINE_FINAL_TYPE (TpResponsivenessPanel, tp_responsiveness_panel, GTK_TYPE_WINDOW)

typedef struct
{
  cairo_t *cr;
  gint64   now;
  double   width;
  double   height;
} GraphDraw;

static double
graph_y (double height,
         double ms)
{
  return height - MIN (ms, GRAPH_TOP_MS) / GRAPH_TOP_MS * height;
}

static void
draw_cycle (gint64   end,
            gint64   duration,
            gpointer user_data)
{
  GraphDraw *draw = user_data;
  double ms = duration / 1000.0;
  double x = draw->width - (double) (draw->now - end) / GRAPH_SPAN_USEC * draw->width;
  double w = MAX (1.0, (double) duration / GRAPH_SPAN_USEC * draw->width);

  if (ms > 100)
    cairo_set_source_rgb (draw->cr, 0.85, 0.16, 0.16);
  else if (ms > TP_LATENCY_FRAME_USEC / 1000.0)
    cairo_set_source_rgb (draw->cr, 0.93, 0.55, 0.10);
  else
    cairo_set_source_rgb (draw->cr, 0.20, 0.55, 0.85);
  cairo_rectangle (draw->cr, x - w, graph_y (draw->height, ms), w,
                   draw->height - graph_y (draw->height, ms));
  cairo_fill (draw->cr);
}

static void
draw_label (cairo_t    *cr,
            GtkWidget  *widget,
            double      x,
            double      y,
            const char *text)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (widget, text);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

static gboolean
on_graph_draw (GtkWidget             *widget,
               cairo_t               *cr,
               TpResponsivenessPanel *self)
{
  GraphDraw draw = { cr, g_get_monotonic_time (), gtk_widget_get_allocated_width (widget),
                     gtk_widget_get_allocated_height (widget) };
  double frame_y = graph_y (draw.height, TP_LATENCY_FRAME_USEC / 1000.0);
  const double dashes[] = { 4, 3 };

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  tp_latency_monitor_foreach_cycle (self->monitor, draw.now - GRAPH_SPAN_USEC, draw_cycle, &draw);

  cairo_set_line_width (cr, 1);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_move_to (cr, 0, frame_y + 0.5);
  cairo_line_to (cr, draw.width, frame_y + 0.5);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  draw_label (cr, widget, 4, frame_y - 16, _("one frame (16.7 ms)"));
  draw_label (cr, widget, 4, 2, _("120 ms"));
  draw_label (cr, widget, draw.width - 110, 2, _("30 s ago → now"));
  return GDK_EVENT_STOP;
}

static gboolean
on_histogram_draw (GtkWidget             *widget,
                   cairo_t               *cr,
                   TpResponsivenessPanel *self)
{
  double width = gtk_widget_get_allocated_width (widget);
  double height = gtk_widget_get_allocated_height (widget);
  double label_height = 18, bar_width = width / TP_LATENCY_KEY_BUCKETS;
  TpLatencySummary summary;
  guint64 most = 1;

  tp_latency_monitor_get_summary (self->monitor, TP_LATENCY_ALL_MODES, &summary);
  for (guint i = 0; i < TP_LATENCY_KEY_BUCKETS; i++)
    most = MAX (most, summary.key_histogram[i]);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  for (guint i = 0; i < TP_LATENCY_KEY_BUCKETS; i++)
    {
      double bar = (height - 2 * label_height) * summary.key_histogram[i] / most;
      g_autofree char *range = NULL, *count = NULL;

      if (tp_latency_key_bucket_ms[i] >= 100)
        cairo_set_source_rgb (cr, 0.85, 0.16, 0.16);
      else if (tp_latency_key_bucket_ms[i] >= TP_LATENCY_FRAME_USEC / 1000.0)
        cairo_set_source_rgb (cr, 0.93, 0.55, 0.10);
      else
        cairo_set_source_rgb (cr, 0.20, 0.55, 0.85);
      cairo_rectangle (cr, i * bar_width + 3, height - label_height - bar, bar_width - 6, bar);
      cairo_fill (cr);

      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      if (i + 1 < TP_LATENCY_KEY_BUCKETS)
        range = g_strdup_printf ("<%.0f", tp_latency_key_bucket_ms[i + 1]);
      else
        range = g_strdup_printf ("≥%.0f", tp_latency_key_bucket_ms[i]);
      draw_label (cr, widget, i * bar_width + 4, height - label_height, range);
      count = g_strdup_printf ("%" G_GUINT64_FORMAT, summary.key_histogram[i]);
      draw_label (cr, widget, i * bar_width + 4, height - 2 * label_height - bar, count);
    }
  return GDK_EVENT_STOP;
}

static void
set_cell (GtkGrid    *grid,
          int         column,
          int         row,
          const char *text)
{
  GtkWidget *label = gtk_grid_get_child_at (grid, column, row);

  if (label == NULL)
    {
      label = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_grid_attach (grid, label, column, row, 1, 1);
      gtk_widget_show (label);
    }
  gtk_label_set_text (GTK_LABEL (label), text);
}

static void
update_workers (TpResponsivenessPanel *self)
{
  g_autoptr(GArray) samples = tp_latency_monitor_sample_workers (self->monitor);
  GtkGrid *grid = GTK_GRID (self->workers_grid);

  set_cell (grid, 0, 0, _("Work"));
  set_cell (grid, 1, 0, _("Runs on"));
  set_cell (grid, 2, 0, _("Queued"));
  set_cell (grid, 3, 0, _("Jobs done"));
  set_cell (grid, 4, 0, _("Busy (last second)"));
  for (guint i = 0; i < samples->len; i++)
    {
      TpWorkerSample *sample = &g_array_index (samples, TpWorkerSample, i);
      g_autofree char *queued = g_strdup_printf ("%u", sample->queue_length);
      g_autofree char *jobs = g_strdup_printf ("%" G_GUINT64_FORMAT, sample->jobs_done);
      g_autofree char *busy = g_strdup_printf ("%.0f %%", sample->busy_share * 100);

      set_cell (grid, 0, i + 1, g_str_equal (sample->name, "spell") ? _("Spell-checking")
                                                                    : _("Recording for recovery"));
      set_cell (grid, 1, i + 1, sample->threaded ? _("its own thread") : _("the main thread"));
      set_cell (grid, 2, i + 1, queued);
      set_cell (grid, 3, i + 1, jobs);
      set_cell (grid, 4, i + 1, busy);
    }
}

static gboolean
refresh (gpointer user_data)
{
  TpResponsivenessPanel *self = user_data;
  TpLatencySummary summary;
  g_autofree char *text = NULL;

  tp_latency_monitor_get_summary (self->monitor, TP_LATENCY_ALL_MODES, &summary);
  text = g_strdup_printf (_("Main loop: %llu cycles, %llu longer than a frame, 95 %% under "
                            "%.1f ms, longest %.0f ms.\nKeys: %llu timed from press to paint, "
                            "median %.1f ms, 95 %% under %.1f ms, slowest %.0f ms."),
                          (unsigned long long) summary.cycles,
                          (unsigned long long) summary.stalls, summary.p95_ms, summary.max_ms,
                          (unsigned long long) summary.keys, summary.key_p50_ms,
                          summary.key_p95_ms, summary.key_max_ms);
  gtk_label_set_text (GTK_LABEL (self->summary_label), text);
  update_workers (self);
  gtk_widget_queue_draw (self->graph);
  gtk_widget_queue_draw (self->histogram);
  return G_SOURCE_CONTINUE;
}

static void
on_export_response (GtkNativeDialog       *dialog,
                    int                    response,
                    TpResponsivenessPanel *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = g_file_get_path (file);
      if (!tp_latency_monitor_write_report (self->monitor, path, &error))
        {
          GtkWidget *message = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL,
                                                       GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                                       _("The report could not be saved."));

          gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (message), "%s",
                                                    error->message);
          g_signal_connect (message, "response", G_CALLBACK (gtk_widget_destroy), NULL);
          gtk_widget_show (message);
        }
    }
  g_object_unref (dialog);
}

static void
on_export_clicked (TpResponsivenessPanel *self)
{
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Export Report"),
                                                              GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE,
                                                              _("_Export"), _("_Cancel"));

  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "threadpad-latency.json");
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_style_context_add_class (gtk_widget_get_style_context (label), "tp-heading");
  return label;
}

static void
tp_responsiveness_panel_dispose (GObject *object)
{
  TpResponsivenessPanel *self = TP_RESPONSIVENESS_PANEL (object);

  g_clear_handle_id (&self->refresh, g_source_remove);
  g_clear_object (&self->monitor);
  G_OBJECT_CLASS (tp_responsiveness_panel_parent_class)->dispose (object);
}

static void
tp_responsiveness_panel_class_init (TpResponsivenessPanelClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tp_responsiveness_panel_dispose;
}

static void
tp_responsiveness_panel_init (TpResponsivenessPanel *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *switch_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *switch_label = gtk_label_new_with_mnemonic (_("Run slow work on background "
                                                           "_threads"));
  GtkWidget *threads_switch = gtk_switch_new ();
  GtkWidget *export = gtk_button_new_with_mnemonic (_("_Export Report…"));
  GtkWidget *explanation = gtk_label_new (_("Each bar is one turn of the main loop: the time "
                                            "the window could not react. Bars above the line "
                                            "took longer than a frame: typing and scrolling "
                                            "stutter."));

  gtk_window_set_title (GTK_WINDOW (self), _("Responsiveness"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 620);
  gtk_container_set_border_width (GTK_CONTAINER (box), 12);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (threads_switch), "app.threads");
  gtk_label_set_mnemonic_widget (GTK_LABEL (switch_label), threads_switch);
  gtk_label_set_xalign (GTK_LABEL (switch_label), 0);
  gtk_widget_set_hexpand (switch_label, TRUE);
  gtk_container_add (GTK_CONTAINER (switch_row), switch_label);
  gtk_container_add (GTK_CONTAINER (switch_row), threads_switch);
  gtk_container_add (GTK_CONTAINER (box), switch_row);

  gtk_container_add (GTK_CONTAINER (box), heading (_("Main thread, last 30 seconds")));
  self->graph = gtk_drawing_area_new ();
  gtk_widget_set_size_request (self->graph, -1, 200);
  gtk_widget_set_vexpand (self->graph, TRUE);
  g_signal_connect (self->graph, "draw", G_CALLBACK (on_graph_draw), self);
  gtk_container_add (GTK_CONTAINER (box), self->graph);
  gtk_label_set_line_wrap (GTK_LABEL (explanation), TRUE);
  gtk_label_set_xalign (GTK_LABEL (explanation), 0);
  gtk_style_context_add_class (gtk_widget_get_style_context (explanation), "dim-label");
  gtk_container_add (GTK_CONTAINER (box), explanation);

  gtk_container_add (GTK_CONTAINER (box), heading (_("Key press to paint, ms")));
  self->histogram = gtk_drawing_area_new ();
  gtk_widget_set_size_request (self->histogram, -1, 120);
  g_signal_connect (self->histogram, "draw", G_CALLBACK (on_histogram_draw), self);
  gtk_container_add (GTK_CONTAINER (box), self->histogram);

  self->summary_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->summary_label), 0);
  gtk_label_set_selectable (GTK_LABEL (self->summary_label), TRUE);
  gtk_container_add (GTK_CONTAINER (box), self->summary_label);

  gtk_container_add (GTK_CONTAINER (box), heading (_("Threads")));
  self->workers_grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->workers_grid), 12);
  gtk_container_add (GTK_CONTAINER (box), self->workers_grid);

  gtk_widget_set_halign (export, GTK_ALIGN_END);
  g_signal_connect_swapped (export, "clicked", G_CALLBACK (on_export_clicked), self);
  gtk_container_add (GTK_CONTAINER (box), export);

  gtk_container_add (GTK_CONTAINER (self), box);
  gtk_widget_show_all (box);
}

GtkWidget *
tp_responsiveness_panel_new (TpLatencyMonitor *monitor)
{
  TpResponsivenessPanel *self = g_object_new (TP_TYPE_RESPONSIVENESS_PANEL, NULL);

  self->monitor = g_object_ref (monitor);
  refresh (self);
  self->refresh = g_timeout_add (REFRESH_MS, refresh, self);
  return GTK_WIDGET (self);
}

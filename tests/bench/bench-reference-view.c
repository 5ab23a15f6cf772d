/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The yardstick for bench-typing: a bare GtkSourceView in a window, set up as Threadpad's view is
 * by default (Monospace 11, word wrap, line numbers, current line highlighted, 900 × 640), with
 * the document loaded the same way (GtkSourceFileLoader). No spell checking, no recording: what
 * typing into this document costs GTK itself. It carries the same latency monitor as the editor,
 * so that both report the same figures; the monitor only reads clocks.
 *
 *   bench-reference-view FILE REPORT.json
 *
 * Ctrl+Q quits and writes the report. The title gets a "• " in front once the text is modified,
 * as Threadpad's does, so that the benchmark can tell from outside when typing has taken. */
#include "config.h"

#include <gtksourceview/gtksource.h>

#include "monitor/tp-latency-monitor.h"

typedef struct
{
  GtkApplication   *app;
  GtkWindow        *window;
  GtkSourceBuffer  *buffer;
  GtkWidget        *view;
  GtkSourceFile    *file;
  TpLatencyMonitor *monitor;
  char             *name;
  const char       *report_path;
} Reference;

static void
update_title (Reference *ref)
{
  g_autofree char *title = NULL;

  if (gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (ref->buffer)))
    title = g_strconcat ("• ", ref->name, NULL);
  else
    title = g_strdup (ref->name);
  gtk_window_set_title (ref->window, title);
}

/* As in the editor, the cursor waits at the start while the file loads: the loader appends at
 * the cursor, and the benchmark's probe keys would otherwise scroll the view along into lines
 * not laid out yet. Both programs then lay the document out after the load, alike. */
static void
keep_cursor_at_start (GtkTextBuffer *buffer)
{
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  if (!gtk_text_iter_is_start (&cursor))
    {
      gtk_text_buffer_get_start_iter (buffer, &cursor);
      gtk_text_buffer_place_cursor (buffer, &cursor);
    }
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Reference *ref = user_data;
  g_autoptr(GError) error = NULL;
  GtkTextIter start;

  if (!gtk_source_file_loader_load_finish (GTK_SOURCE_FILE_LOADER (source), result, &error))
    g_error ("%s", error->message);
  g_signal_handlers_disconnect_by_func (ref->buffer, keep_cursor_at_start, NULL);
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (ref->buffer), &start);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (ref->buffer), &start);
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (ref->buffer), FALSE);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (ref->view), TRUE);
  g_signal_connect_swapped (ref->buffer, "modified-changed", G_CALLBACK (update_title), ref);
  update_title (ref);
  g_object_unref (source);
}

static GtkWidget *
create_view (Reference *ref)
{
  GtkWidget *view = gtk_source_view_new_with_buffer (ref->buffer);
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_data (css, "textview { font-family: Monospace; font-size: 11pt; }",
                                   -1, NULL);
  gtk_style_context_add_provider (gtk_widget_get_style_context (view), GTK_STYLE_PROVIDER (css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set (view, "wrap-mode", GTK_WRAP_WORD_CHAR, "show-line-numbers", TRUE,
                "highlight-current-line", TRUE, "tab-width", 4, NULL);
  return view;
}

static void
on_activate (GApplication *application,
             Reference    *ref)
{
  GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);
  GtkSourceFileLoader *loader;

  ref->window = GTK_WINDOW (gtk_application_window_new (ref->app));
  ref->buffer = gtk_source_buffer_new (NULL);
  ref->view = create_view (ref);
  /* A buffer must not change while it loads (the editor's view is read-only then too). */
  gtk_text_view_set_editable (GTK_TEXT_VIEW (ref->view), FALSE);
  gtk_window_set_default_size (ref->window, 900, 640);
  gtk_window_set_title (ref->window, ref->name);
  gtk_container_add (GTK_CONTAINER (scrolled), ref->view);
  gtk_container_add (GTK_CONTAINER (ref->window), scrolled);
  gtk_widget_grab_focus (ref->view);
  gtk_widget_show_all (GTK_WIDGET (ref->window));
  tp_latency_monitor_watch_window (ref->monitor, ref->window);

  g_signal_connect_after (ref->buffer, "insert-text", G_CALLBACK (keep_cursor_at_start), NULL);
  loader = gtk_source_file_loader_new (ref->buffer, ref->file);
  gtk_source_file_loader_load_async (loader, G_PRIORITY_DEFAULT, NULL, NULL, NULL, NULL, on_loaded,
                                     ref);
}

static void
on_quit (GSimpleAction *action,
         GVariant      *parameter,
         gpointer       user_data)
{
  Reference *ref = user_data;
  g_autoptr(GError) error = NULL;

  if (!tp_latency_monitor_write_report (ref->monitor, ref->report_path, &error))
    g_error ("%s", error->message);
  g_application_quit (G_APPLICATION (ref->app));
}

int
main (int   argc,
      char *argv[])
{
  Reference ref = { 0 };
  g_autoptr(GFile) location = NULL;
  const GActionEntry actions[] = { { "quit", on_quit } };
  const char *quit_accels[] = { "<Control>q", NULL };
  int status;

  if (argc != 3)
    {
      g_printerr ("usage: %s FILE REPORT.json\n", argv[0]);
      return 2;
    }
  location = g_file_new_for_commandline_arg (argv[1]);
  ref.name = g_file_get_basename (location);
  ref.report_path = argv[2];
  ref.file = gtk_source_file_new ();
  gtk_source_file_set_location (ref.file, location);

  ref.app = gtk_application_new ("io.github.threadpad.ReferenceView", G_APPLICATION_NON_UNIQUE);
  g_action_map_add_action_entries (G_ACTION_MAP (ref.app), actions, G_N_ELEMENTS (actions), &ref);
  gtk_application_set_accels_for_action (ref.app, "app.quit", quit_accels);
  g_signal_connect (ref.app, "activate", G_CALLBACK (on_activate), &ref);
  /* Started here, like the editor's, so that the report covers the whole run. */
  ref.monitor = tp_latency_monitor_new (TRUE);
  status = g_application_run (G_APPLICATION (ref.app), 1, argv);

  tp_latency_monitor_stop (ref.monitor);
  g_object_unref (ref.monitor);
  g_object_unref (ref.file);
  g_clear_object (&ref.buffer);
  g_object_unref (ref.app);
  g_free (ref.name);
  return status;
}

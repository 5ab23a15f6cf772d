/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-application.h"
#include "tp-document.h"
#include "tp-encodings.h"
#include "tp-find-bar.h"
#include "tp-gtk-util.h"
#include "tp-long-lines.h"
#include "tp-notebook.h"
#include "tp-status-label.h"
#include "tp-tab.h"
#include "tp-view.h"
#include "tp-window-private.h"

G_DEFINE_FINAL_TYPE (TpWindow, tp_window, GTK_TYPE_APPLICATION_WINDOW)

static void
tp_window_update_title (TpWindow *self)
{
  TpTab *tab = tp_window_get_active_tab (self);
  TpDocument *document;
  GFile *location;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (tab == NULL)
    {
      gtk_header_bar_set_title (self->header_bar, "Threadpad");
      gtk_header_bar_set_subtitle (self->header_bar, NULL);
      gtk_window_set_title (GTK_WINDOW (self), "Threadpad");
      return;
    }

  document = tp_tab_get_document (tab);
  location = tp_document_get_location (document);
  title = tp_document_dup_display_title (document);

  if (location != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (location);
      if (parent != NULL)
        {
          g_autofree char *path = g_file_get_parse_name (parent);
          const char *home = g_get_home_dir ();

          if (g_str_has_prefix (path, home) && (path[strlen (home)] == '/' || path[strlen (home)] == '\0'))
            subtitle = g_strconcat ("~", path + strlen (home), NULL);
          else
            subtitle = g_steal_pointer (&path);
        }
    }

  gtk_header_bar_set_title (self->header_bar, title);
  gtk_header_bar_set_subtitle (self->header_bar, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
tp_window_update_position (TpWindow *self)
{
  TpTab *tab = tp_window_get_active_tab (self);
  GtkTextBuffer *buffer;
  GtkTextIter cursor;
  g_autofree char *text = NULL;
  TpLongLines *long_lines;
  int line, column;

  gtk_widget_set_sensitive (GTK_WIDGET (self->position_button), tab != NULL);
  if (tab == NULL)
    {
      tp_status_label_set_text (self->position_label, "");
      return;
    }

  buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (tp_tab_get_document (tab)));
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  long_lines = tp_document_get_long_lines (tp_tab_get_document (tab));
  tp_long_lines_get_real_position (long_lines, &cursor, &line, &column);
  /* Tabs count as wide as they show, where the line is not cut into pieces. */
  if (tp_long_lines_get_n_breaks (long_lines) == 0)
    column = (int) gtk_source_view_get_visual_column (GTK_SOURCE_VIEW (tp_tab_get_view (tab)),
                                                      &cursor);
  /* Translators: the cursor position in the status bar: line and column. */
  text = g_strdup_printf (_("Ln %d, Col %u"), line + 1, (guint) column + 1);
  tp_status_label_set_text (self->position_label, text);
}

static void
tp_window_update_language (TpWindow *self)
{
  TpTab *tab = tp_window_get_active_tab (self);
  GtkSourceLanguage *language = NULL;
  TpDocument *document;

  if (tab == NULL)
    {
      tp_label_set_text_if_changed (self->language_label, "");
      tp_label_set_text_if_changed (self->encoding_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->read_only_label), FALSE);
      return;
    }

  document = tp_tab_get_document (tab);
  language = gtk_source_buffer_get_language (tp_document_get_buffer (document));
  tp_label_set_text_if_changed (self->language_label,
                                language ? gtk_source_language_get_name (language)
                                         : _("Plain Text"));
  tp_label_set_text_if_changed (self->encoding_label, tp_document_get_encoding_name (document));
  gtk_widget_set_visible (GTK_WIDGET (self->read_only_label), tp_document_is_read_only (document));
}

static void
on_document_changed (TpWindow *self)
{
  tp_window_update_title (self);
  tp_window_update_language (self);
  _tp_window_update_actions (self);
  _tp_window_update_spelling (self);
}

static void
on_mark_set (TpWindow      *self,
             GtkTextIter   *location,
             GtkTextMark   *mark,
             GtkTextBuffer *buffer)
{
  if (mark == gtk_text_buffer_get_insert (buffer))
    tp_window_update_position (self);
}

static void         on_page_added    (TpWindow    *self,
                                      GtkWidget   *page,
                                      guint        page_num,
                                      GtkNotebook *notebook);
static GtkNotebook *on_create_window (TpWindow    *self,
                                      GtkWidget   *page,
                                      int          x,
                                      int          y,
                                      GtkNotebook *notebook);

enum {
  TABS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_switch_page (TpWindow    *self,
                GtkWidget   *page,
                guint        page_num,
                GtkNotebook *notebook)
{
  TpTab *tab = TP_TAB (page);
  TpDocument *document = tp_tab_get_document (tab);

  g_signal_group_set_target (self->document_signals, document);
  g_signal_group_set_target (self->buffer_signals, tp_document_get_buffer (document));
  g_signal_group_set_target (self->spell_signals, tp_tab_get_spell_checker (tab));
  tp_find_bar_set_view (self->find_bar, tp_tab_get_view (tab));
  on_document_changed (self);
  tp_window_update_position (self);
  gtk_widget_grab_focus (GTK_WIDGET (tp_tab_get_view (tab)));
  g_signal_emit (self, signals[TABS_CHANGED], 0);
}

static void
on_page_reordered (TpWindow *self)
{
  g_signal_emit (self, signals[TABS_CHANGED], 0);
}

static void
on_page_removed (TpWindow    *self,
                 GtkWidget   *page,
                 guint        page_num,
                 GtkNotebook *notebook)
{
  g_signal_handlers_disconnect_by_data (page, self);
  g_signal_handlers_disconnect_by_data (tp_tab_get_view (TP_TAB (page)), self);
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;
  _tp_window_update_actions (self);
  g_signal_emit (self, signals[TABS_CHANGED], 0);
  if (gtk_notebook_get_n_pages (notebook) > 0)
    return;

  g_signal_group_set_target (self->document_signals, NULL);
  g_signal_group_set_target (self->buffer_signals, NULL);
  g_signal_group_set_target (self->spell_signals, NULL);
  tp_find_bar_set_view (self->find_bar, NULL);
  on_document_changed (self);
  tp_window_update_position (self);
}

static void
open_uris (TpWindow          *self,
           const char *const *uris)
{
  for (guint i = 0; uris[i] != NULL; i++)
    {
      TpLocation location = { .file = g_file_new_for_uri (uris[i]) };
      tp_window_open_location (self, &location);
      g_object_unref (location.file);
    }
}

static void
on_drag_data_received (TpWindow         *self,
                       GdkDragContext   *context,
                       int               x,
                       int               y,
                       GtkSelectionData *data,
                       guint             info,
                       guint             time)
{
  g_auto(GStrv) uris = gtk_selection_data_get_uris (data);

  if (uris != NULL)
    open_uris (self, (const char *const *) uris);
  gtk_drag_finish (context, uris != NULL, FALSE, time);
}

static void
on_view_open_files (TpWindow   *self,
                    const char *const *uris)
{
  open_uris (self, uris);
}

static void
on_goto_popover_show (TpWindow *self)
{
  gtk_entry_set_text (self->goto_entry, "");
  gtk_widget_grab_focus (GTK_WIDGET (self->goto_entry));
}

static void
on_goto_entry_changed (TpWindow *self)
{
  const char *text = gtk_entry_get_text (self->goto_entry);
  int line, column;
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self->goto_entry));

  if (*text == '\0' || tp_location_parse_position (text, &line, &column))
    gtk_style_context_remove_class (style, GTK_STYLE_CLASS_ERROR);
  else
    gtk_style_context_add_class (style, GTK_STYLE_CLASS_ERROR);
}

static void
on_goto_entry_activate (TpWindow *self)
{
  TpTab *tab = tp_window_get_active_tab (self);
  int line, column;

  if (tab == NULL || !tp_location_parse_position (gtk_entry_get_text (self->goto_entry), &line,
                                                  &column))
    {
      gtk_widget_error_bell (GTK_WIDGET (self->goto_entry));
      return;
    }

  tp_tab_go_to (tab, line, column);
  gtk_popover_popdown (self->goto_popover);
  gtk_widget_grab_focus (GTK_WIDGET (tp_tab_get_view (tab)));
}

static void
on_recent_item_activated (TpWindow         *self,
                          GtkRecentChooser *chooser)
{
  g_autofree char *uri = gtk_recent_chooser_get_current_uri (chooser);
  const char *uris[] = { uri, NULL };

  if (uri != NULL)
    open_uris (self, uris);
}

static void
tp_window_setup_recent_menu (TpWindow *self)
{
  GtkWidget *menu = gtk_recent_chooser_menu_new ();
  GtkRecentFilter *filter = gtk_recent_filter_new ();

  gtk_recent_filter_add_application (filter, g_get_application_name ());
  gtk_recent_chooser_add_filter (GTK_RECENT_CHOOSER (menu), filter);
  gtk_recent_chooser_set_limit (GTK_RECENT_CHOOSER (menu), 10);
  gtk_recent_chooser_set_sort_type (GTK_RECENT_CHOOSER (menu), GTK_RECENT_SORT_MRU);
  gtk_recent_chooser_set_local_only (GTK_RECENT_CHOOSER (menu), TRUE);
  gtk_recent_chooser_set_show_not_found (GTK_RECENT_CHOOSER (menu), FALSE);
  gtk_recent_chooser_set_show_tips (GTK_RECENT_CHOOSER (menu), TRUE);
  g_signal_connect_object (menu, "item-activated", G_CALLBACK (on_recent_item_activated), self,
                           G_CONNECT_SWAPPED);
  gtk_menu_button_set_popup (self->recent_button, menu);
}

static void
tp_window_restore_size (TpWindow *self)
{
  GSettings *settings = tp_application_get_settings (TP_APPLICATION_DEFAULT);
  int width, height;

  g_settings_get (settings, "window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
tp_window_store_size (TpWindow *self)
{
  GSettings *settings = tp_application_get_settings (TP_APPLICATION_DEFAULT);
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));
  int width, height;

  g_settings_set_boolean (settings, "window-maximized", maximized);
  if (maximized)
    return;
  gtk_window_get_size (GTK_WINDOW (self), &width, &height);
  g_settings_set (settings, "window-size", "(ii)", width, height);
}

static gboolean
tp_window_delete_event (GtkWidget   *widget,
                        GdkEventAny *event)
{
  TpWindow *self = TP_WINDOW (widget);
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  guint n_windows = 0;

  tp_window_store_size (self);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l; l = l->next)
    n_windows += TP_IS_WINDOW (l->data);
  /* The last window closing ends the session as quitting does, to be restored next time. */
  if (n_windows == 1
      && g_settings_get_boolean (tp_application_get_settings (TP_APPLICATION (application)),
                                 "restore-session"))
    {
      g_action_group_activate_action (G_ACTION_GROUP (application), "quit", NULL);
      return GDK_EVENT_STOP;
    }
  tp_window_close_async (self, NULL, NULL);
  return GDK_EVENT_STOP;
}

#define RESPONSIVENESS_SPAN_USEC (5 * G_USEC_PER_SEC)

/* The status bar's indicator: threads on or off, and the longest the main loop was busy in the
 * last 5 seconds, coloured fine (within a frame), noticeable, or frozen (over 100 ms). */
static gboolean
update_responsiveness (gpointer user_data)
{
  TpWindow *self = user_data;
  TpApplication *app = TP_APPLICATION_DEFAULT;
  TpLatencyMonitor *monitor = tp_application_get_monitor (app);
  static const char *const levels[] = { "tp-fine", "tp-noticeable", "tp-frozen", NULL };
  const char *level;
  gint64 worst;
  g_autofree char *text = NULL;

  if (monitor == NULL)
    return G_SOURCE_CONTINUE;
  worst = tp_latency_monitor_get_worst_recent (monitor, RESPONSIVENESS_SPAN_USEC);
  text = g_strdup_printf (tp_application_get_threads (app) ? _("Threads on · %.0f ms")
                                                           : _("Threads off · %.0f ms"),
                          worst / 1000.0);
  tp_status_label_set_text (self->responsiveness_label, text);
  if (worst > 100000)
    level = "tp-frozen";
  else if (worst > TP_LATENCY_FRAME_USEC)
    level = "tp-noticeable";
  else
    level = "tp-fine";
  tp_widget_set_style_class_if_changed (self->responsiveness_button, levels, level);
  return G_SOURCE_CONTINUE;
}

static void
tp_window_dispose (GObject *object)
{
  TpWindow *self = TP_WINDOW (object);

  g_clear_handle_id (&self->responsiveness_source, g_source_remove);
  g_clear_handle_id (&self->undo_actions_source, g_source_remove);
  _tp_window_dispose_spelling (self);
  _tp_window_dispose_recovery (self);
  g_clear_object (&self->document_signals);
  g_clear_object (&self->buffer_signals);

  G_OBJECT_CLASS (tp_window_parent_class)->dispose (object);
}

static void
tp_window_class_init (TpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tp_window_dispose;
  widget_class->delete_event = tp_window_delete_event;

  /* Tabs came, went, moved or were switched: what a session keeps has changed. */
  signals[TABS_CHANGED] = g_signal_new ("tabs-changed", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (TP_TYPE_FIND_BAR);
  g_type_ensure (TP_TYPE_NOTEBOOK);
  g_type_ensure (TP_TYPE_STATUS_LABEL);
  gtk_widget_class_set_template_from_resource (widget_class, APP_RESOURCE_PATH "tp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TpWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, notebook);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, window_messages);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, find_bar);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, status_message);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, spell_status_button);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, spell_status_label);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, responsiveness_button);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, responsiveness_label);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, spell_language_button);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, spell_language_label);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, language_button);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, language_label);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, encoding_label);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, position_button);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, position_label);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, goto_popover);
  gtk_widget_class_bind_template_child (widget_class, TpWindow, goto_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_switch_page);
  gtk_widget_class_bind_template_callback (widget_class, on_page_removed);
  gtk_widget_class_bind_template_callback (widget_class, on_page_added);
  gtk_widget_class_bind_template_callback (widget_class, on_create_window);
  gtk_widget_class_bind_template_callback (widget_class, on_drag_data_received);
  gtk_widget_class_bind_template_callback (widget_class, on_goto_popover_show);
  gtk_widget_class_bind_template_callback (widget_class, on_goto_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_goto_entry_activate);
}

static gboolean
update_undo_actions (gpointer user_data)
{
  TpWindow *self = user_data;

  self->undo_actions_source = 0;
  _tp_window_update_actions (self);
  return G_SOURCE_REMOVE;
}

/* A key typed after another joins its undo step: inside the key, the buffer says for a moment
 * that nothing can be undone, then that something can. Undo and Redo follow what holds once
 * the change is made, before the frame that shows it, so that the menus, the buttons and the
 * actions exported on the session bus do not change twice in every key. */
static void
schedule_undo_actions (TpWindow *self)
{
  if (self->undo_actions_source == 0)
    self->undo_actions_source = g_idle_add_full (G_PRIORITY_DEFAULT, update_undo_actions, self,
                                                 NULL);
}

static void
tp_window_connect_signal_groups (TpWindow *self)
{
  self->document_signals = g_signal_group_new (TP_TYPE_DOCUMENT);
  g_signal_group_connect_object (self->document_signals, "notify::title",
                                 G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->document_signals, "notify::modified",
                                 G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->document_signals, "notify::location",
                                 G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->document_signals, "notify::busy",
                                 G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->document_signals, "notify::read-only",
                                 G_CALLBACK (on_document_changed), self, G_CONNECT_SWAPPED);

  self->buffer_signals = g_signal_group_new (GTK_SOURCE_TYPE_BUFFER);
  g_signal_group_connect_object (self->buffer_signals, "mark-set", G_CALLBACK (on_mark_set),
                                 self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->buffer_signals, "changed",
                                 G_CALLBACK (tp_window_update_position), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->buffer_signals, "notify::language",
                                 G_CALLBACK (tp_window_update_language), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->buffer_signals, "notify::can-undo",
                                 G_CALLBACK (schedule_undo_actions), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->buffer_signals, "notify::can-redo",
                                 G_CALLBACK (schedule_undo_actions), self, G_CONNECT_SWAPPED);
}

static void
tp_window_init (TpWindow *self)
{
  GMenuModel *menu;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->zoom = 100;
  tp_window_connect_signal_groups (self);

  menu = G_MENU_MODEL (gtk_application_get_menu_by_id (GTK_APPLICATION (g_application_get_default ()),
                                                       "primary-menu"));
  gtk_menu_button_set_menu_model (self->primary_menu_button, menu);
  tp_encodings_fill_menu (gtk_application_get_menu_by_id (GTK_APPLICATION (g_application_get_default ()),
                                                          "reopen-encoding-menu"),
                          "win.reopen-with-encoding");
  tp_window_setup_recent_menu (self);

  g_signal_connect_swapped (self->notebook, "page-reordered", G_CALLBACK (on_page_reordered),
                            self);
  gtk_drag_dest_set (GTK_WIDGET (self->notebook), GTK_DEST_DEFAULT_ALL, NULL, 0, GDK_ACTION_COPY);
  gtk_drag_dest_add_uri_targets (GTK_WIDGET (self->notebook));

  _tp_window_add_actions (self);
  _tp_window_setup_spelling (self);
  _tp_window_setup_language (self);
  _tp_window_setup_recovery (self);
  tp_window_restore_size (self);
  _tp_window_update_actions (self);
  update_responsiveness (self);
  self->responsiveness_source = g_timeout_add (500, update_responsiveness, self);
}

TpWindow *
tp_window_new (TpApplication *application)
{
  return g_object_new (TP_TYPE_WINDOW, "application", application, NULL);
}

TpTab *
tp_window_get_active_tab (TpWindow *self)
{
  int page;

  g_return_val_if_fail (TP_IS_WINDOW (self), NULL);

  page = gtk_notebook_get_current_page (self->notebook);
  if (page < 0)
    return NULL;
  return TP_TAB (gtk_notebook_get_nth_page (self->notebook, page));
}

GList *
tp_window_get_tabs (TpWindow *self)
{
  g_return_val_if_fail (TP_IS_WINDOW (self), NULL);
  return gtk_container_get_children (GTK_CONTAINER (self->notebook));
}

static void
on_tab_close_requested (TpWindow *self,
                        TpTab    *tab)
{
  tp_window_close_tab (self, tab);
}

/* A tab comes into the window: made here, dragged here from another window, or moved by
 * Move to New Window. What it asks of a window goes to the one it is in. */
static void
on_page_added (TpWindow    *self,
               GtkWidget   *page,
               guint        page_num,
               GtkNotebook *notebook)
{
  TpTab *tab = TP_TAB (page);

  tp_view_set_zoom (tp_tab_get_view (tab), self->zoom);
  g_signal_connect_object (tab, "close-requested", G_CALLBACK (on_tab_close_requested), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (tp_tab_get_view (tab), "open-files", G_CALLBACK (on_view_open_files),
                           self, G_CONNECT_SWAPPED);
  gtk_notebook_set_tab_reorderable (notebook, page, TRUE);
  gtk_notebook_set_tab_detachable (notebook, page, TRUE);
  gtk_container_child_set (GTK_CONTAINER (notebook), page, "tab-expand", FALSE, NULL);
  _tp_window_update_actions (self);
  g_signal_emit (self, signals[TABS_CHANGED], 0);
}

/* A tab dropped outside every window gets a window of its own. */
static GtkNotebook *
on_create_window (TpWindow    *self,
                  GtkWidget   *page,
                  int          x,
                  int          y,
                  GtkNotebook *notebook)
{
  TpWindow *window = tp_window_new (TP_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));

  gtk_window_move (GTK_WINDOW (window), x, y);
  gtk_window_present (GTK_WINDOW (window));
  return window->notebook;
}

static TpTab *
tp_window_append_tab (TpWindow *self)
{
  TpTab *tab = tp_tab_new ();
  int page = gtk_notebook_append_page (self->notebook, GTK_WIDGET (tab), tp_tab_get_label (tab));

  gtk_notebook_set_current_page (self->notebook, page);
  return tab;
}

/* Moves tab, from whichever window holds it, to the end of this one's tabs, and shows it. */
void
tp_window_adopt_tab (TpWindow *self,
                     TpTab    *tab)
{
  GtkWidget *from = gtk_widget_get_parent (GTK_WIDGET (tab));
  g_autoptr(TpTab) held = g_object_ref (tab);
  GtkWidget *label = tp_tab_get_label (tab);
  int page;

  g_return_if_fail (TP_IS_WINDOW (self));
  g_return_if_fail (TP_IS_TAB (tab));

  if (from == GTK_WIDGET (self->notebook))
    return;
  if (GTK_IS_NOTEBOOK (from))
    {
      g_object_ref (label);
      gtk_notebook_detach_tab (GTK_NOTEBOOK (from), GTK_WIDGET (tab));
    }
  page = gtk_notebook_append_page (self->notebook, GTK_WIDGET (tab), label);
  if (GTK_IS_NOTEBOOK (from))
    g_object_unref (label);
  gtk_notebook_set_current_page (self->notebook, page);
}

TpTab *
tp_window_new_tab (TpWindow *self)
{
  g_return_val_if_fail (TP_IS_WINDOW (self), NULL);
  return tp_window_append_tab (self);
}

static TpTab *
tp_window_find_tab_for_file (TpWindow *self,
                             GFile    *file)
{
  g_autoptr(GList) tabs = tp_window_get_tabs (self);

  for (GList *l = tabs; l != NULL; l = l->next)
    {
      GFile *location = tp_document_get_location (tp_tab_get_document (l->data));
      if (location != NULL && g_file_equal (location, file))
        return l->data;
    }
  return NULL;
}

/* A fresh window's empty document makes way for the first file opened in it. */
TpTab *
_tp_window_take_tab_for_file (TpWindow *self)
{
  TpTab *active = tp_window_get_active_tab (self);

  if (active != NULL && tp_document_is_untouched (tp_tab_get_document (active)))
    return active;
  return tp_window_append_tab (self);
}

TpTab *
tp_window_open_location (TpWindow         *self,
                         const TpLocation *location)
{
  TpTab *tab;

  g_return_val_if_fail (TP_IS_WINDOW (self), NULL);
  g_return_val_if_fail (location != NULL && location->file != NULL, NULL);

  tab = tp_window_find_tab_for_file (self, location->file);
  if (tab != NULL)
    {
      gtk_notebook_set_current_page (self->notebook,
                                     gtk_notebook_page_num (self->notebook, GTK_WIDGET (tab)));
      tp_tab_go_to (tab, location->line, location->column);
      /* Opened again in an encoding of the user's choice: read again in it (asking first if
       * that loses changes). */
      if (location->charset != NULL)
        g_action_group_activate_action (G_ACTION_GROUP (self), "reopen-with-encoding",
                                        g_variant_new_string (location->charset));
      return tab;
    }

  tab = _tp_window_take_tab_for_file (self);
  tp_tab_load (tab, location->file,
               location->charset ? gtk_source_encoding_get_from_charset (location->charset) : NULL,
               location->line, location->column);
  on_document_changed (self);
  return tab;
}

TpTab *
tp_window_open_stream (TpWindow     *self,
                       GInputStream *stream)
{
  TpTab *tab;

  g_return_val_if_fail (TP_IS_WINDOW (self), NULL);

  tab = _tp_window_take_tab_for_file (self);
  tp_tab_load_stream (tab, stream);
  return tab;
}

void
_tp_window_remove_tab (TpWindow *self,
                       TpTab    *tab)
{
  int page = gtk_notebook_page_num (self->notebook, GTK_WIDGET (tab));

  tp_tab_remember (tab);
  if (page >= 0)
    gtk_notebook_remove_page (self->notebook, page);
}

void
_tp_window_set_zoom (TpWindow *self,
                     int       zoom)
{
  g_autoptr(GList) tabs = tp_window_get_tabs (self);

  self->zoom = CLAMP (zoom, TP_VIEW_ZOOM_MIN, TP_VIEW_ZOOM_MAX);
  for (GList *l = tabs; l != NULL; l = l->next)
    tp_view_set_zoom (tp_tab_get_view (l->data), self->zoom);
  _tp_window_update_actions (self);
}

TpFindBar *
tp_window_get_find_bar (TpWindow *self)
{
  g_return_val_if_fail (TP_IS_WINDOW (self), NULL);
  return self->find_bar;
}

/* The status bar's cursor position, such as “Ln 3, Col 7”. */
const char *
tp_window_get_position_text (TpWindow *self)
{
  g_return_val_if_fail (TP_IS_WINDOW (self), NULL);
  return tp_status_label_get_text (self->position_label);
}

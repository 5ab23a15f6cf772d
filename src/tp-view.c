/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-application.h"
#include "tp-gtk-util.h"
#include "tp-line-numbers.h"
#include "tp-view.h"

/* At most this many suggestions stand at the top of the context menu. */
#define MAX_MENU_SUGGESTIONS 8

/* Drops of files open them; other drops (text) are the text view's business. */
#define DROP_TARGET_URI_LIST 1000

struct _TpView
{
  GtkSourceView   parent_instance;

  GtkCssProvider *font_css;
  int             zoom;
  TpSpellChecker *spell_checker;
  TpLongLines    *long_lines;
  /* Where the context menu was asked for: the pointer, or the cursor from the keyboard. */
  GtkTextMark    *menu_position;
  /* A scroll to the cursor kept while the text is laid out (tp_view_scroll_to_cursor ()). */
  GtkAdjustment  *settle_adjustment;
  gulong          settle_changed_handler;
  gulong          settle_mark_handler;
  guint           settle_timeout;
  int             settle_lines_above;
};

/* How long a scroll to the cursor is kept at most, for a text whose layout takes longer. */
#define SETTLE_MAX_SECONDS 10

G_DEFINE_FINAL_TYPE (TpView, tp_view, GTK_SOURCE_TYPE_VIEW)

enum {
  OPEN_FILES,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
tp_view_update_font (TpView *self)
{
  GSettings *settings = tp_application_get_settings (TP_APPLICATION_DEFAULT);
  g_autofree char *font_name = g_settings_get_string (settings, "font");
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (font_name);
  g_autofree char *css = NULL;
  const char *family = pango_font_description_get_family (font);
  int size = pango_font_description_get_size (font);
  double points;

  if (size <= 0)
    size = 11 * PANGO_SCALE;
  points = (double) size / PANGO_SCALE * self->zoom / 100.0;
  css = g_strdup_printf ("textview { font-family: \"%s\"; font-size: %.1fpt; }",
                         family ? family : "Monospace", points);
  gtk_css_provider_load_from_data (self->font_css, css, -1, NULL);
}

static gboolean
wrap_mode_from_setting (GValue   *value,
                        GVariant *variant,
                        gpointer  user_data)
{
  g_value_set_enum (value, g_variant_get_boolean (variant) ? GTK_WRAP_WORD_CHAR : GTK_WRAP_NONE);
  return TRUE;
}

/* Spaces, tabs and no-break spaces, not line ends: a long line's cuts are line ends for GTK,
 * and must not show. */
static void
tp_view_update_whitespace (TpView *self)
{
  GSettings *settings = tp_application_get_settings (TP_APPLICATION_DEFAULT);
  GtkSourceSpaceDrawer *drawer = gtk_source_view_get_space_drawer (GTK_SOURCE_VIEW (self));
  gboolean show = g_settings_get_boolean (settings, "show-whitespace");

  gtk_source_space_drawer_set_types_for_locations (
    drawer, GTK_SOURCE_SPACE_LOCATION_ALL,
    show ? GTK_SOURCE_SPACE_TYPE_SPACE | GTK_SOURCE_SPACE_TYPE_TAB | GTK_SOURCE_SPACE_TYPE_NBSP
         : GTK_SOURCE_SPACE_TYPE_NONE);
  gtk_source_space_drawer_set_enable_matrix (drawer, show);
}

/* Bracket matching is the buffer's: it follows the setting in whatever buffer the view shows. */
static void
tp_view_bind_buffer_settings (TpView *self)
{
  GSettings *settings = tp_application_get_settings (TP_APPLICATION_DEFAULT);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));

  if (!GTK_SOURCE_IS_BUFFER (buffer))
    return;
  g_settings_bind (settings, "highlight-matching-brackets", buffer,
                   "highlight-matching-brackets", G_SETTINGS_BIND_GET);
  tp_style_apply_to_buffer (tp_application_get_style (TP_APPLICATION_DEFAULT),
                            GTK_SOURCE_BUFFER (buffer));
}

static void
tp_view_bind_settings (TpView *self)
{
  GSettings *settings = tp_application_get_settings (TP_APPLICATION_DEFAULT);

  g_settings_bind (settings, "show-right-margin", self, "show-right-margin",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "right-margin-position", self, "right-margin-position",
                   G_SETTINGS_BIND_GET);
  g_signal_connect_object (settings, "changed::show-whitespace",
                           G_CALLBACK (tp_view_update_whitespace), self, G_CONNECT_SWAPPED);
  tp_view_update_whitespace (self);
  /* Set after init, by tp_view_new (). */
  g_signal_connect (self, "notify::buffer", G_CALLBACK (tp_view_bind_buffer_settings), NULL);

  g_settings_bind (settings, "tab-width", self, "tab-width", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "insert-spaces", self, "insert-spaces-instead-of-tabs",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "highlight-current-line", self, "highlight-current-line",
                   G_SETTINGS_BIND_GET);
  g_settings_bind_with_mapping (settings, "wrap-text", self, "wrap-mode", G_SETTINGS_BIND_GET,
                                wrap_mode_from_setting, NULL, NULL, NULL);
  g_signal_connect_object (settings, "changed::font", G_CALLBACK (tp_view_update_font), self,
                           G_CONNECT_SWAPPED);
}

static void
tp_view_drag_data_received (GtkWidget        *widget,
                            GdkDragContext   *context,
                            int               x,
                            int               y,
                            GtkSelectionData *data,
                            guint             info,
                            guint             time)
{
  g_auto(GStrv) uris = NULL;

  if (info != DROP_TARGET_URI_LIST)
    {
      GTK_WIDGET_CLASS (tp_view_parent_class)->drag_data_received (widget, context, x, y, data,
                                                                   info, time);
      return;
    }

  uris = gtk_selection_data_get_uris (data);
  if (uris != NULL && uris[0] != NULL)
    g_signal_emit (widget, signals[OPEN_FILES], 0, uris);
  gtk_drag_finish (context, uris != NULL, FALSE, time);
}

/* ---- the spelling part of the context menu ---- */

typedef struct
{
  GtkTextBuffer  *buffer;
  TpSpellChecker *checker;
  char           *word;
  GtkTextMark    *start;
  GtkTextMark    *end;
  GtkWidget      *placeholder;
} SpellMenu;

static void
spell_menu_free (SpellMenu *menu)
{
  gtk_text_buffer_delete_mark (menu->buffer, menu->start);
  gtk_text_buffer_delete_mark (menu->buffer, menu->end);
  g_object_unref (menu->buffer);
  g_object_unref (menu->checker);
  g_free (menu->word);
  g_free (menu);
}

static void
on_suggestion_activated (GtkMenuItem *item,
                         SpellMenu   *menu)
{
  const char *replacement = g_object_get_data (G_OBJECT (item), "tp-suggestion");
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_mark (menu->buffer, &start, menu->start);
  gtk_text_buffer_get_iter_at_mark (menu->buffer, &end, menu->end);
  gtk_text_buffer_begin_user_action (menu->buffer);
  gtk_text_buffer_delete (menu->buffer, &start, &end);
  gtk_text_buffer_insert (menu->buffer, &start, replacement, -1);
  gtk_text_buffer_end_user_action (menu->buffer);
}

static void
on_add_word_activated (GtkMenuItem *item,
                       SpellMenu   *menu)
{
  tp_spell_service_add_word (tp_spell_checker_get_service (menu->checker),
                             tp_spell_checker_get_language (menu->checker), menu->word);
}

static void
on_ignore_word_activated (GtkMenuItem *item,
                          SpellMenu   *menu)
{
  tp_spell_service_ignore_word (tp_spell_checker_get_service (menu->checker), menu->word);
}

static GtkWidget *
add_menu_item (GtkMenuShell *shell,
               const char   *label,
               int           position,
               GCallback     callback,
               SpellMenu    *menu)
{
  GtkWidget *item = gtk_menu_item_new_with_mnemonic (label);

  if (callback != NULL)
    g_signal_connect (item, "activate", callback, menu);
  else
    gtk_widget_set_sensitive (item, FALSE);
  gtk_widget_show (item);
  gtk_menu_shell_insert (shell, item, position);
  return item;
}

/* Puts the suggestions (or word that there are none) at the top of the menu. */
static void
insert_suggestions (GtkMenuShell       *shell,
                    SpellMenu          *menu,
                    const char *const  *suggestions)
{
  GtkWidget *separator;
  guint i;

  if (suggestions[0] == NULL)
    {
      add_menu_item (shell, _("(No suggestions)"), 0, NULL, menu);
      return;
    }
  separator = gtk_separator_menu_item_new ();
  gtk_widget_show (separator);
  gtk_menu_shell_insert (shell, separator, 0);
  for (i = 0; suggestions[i] != NULL && i < MAX_MENU_SUGGESTIONS; i++)
    {
      GtkWidget *item = gtk_menu_item_new_with_label (suggestions[i]);

      g_object_set_data_full (G_OBJECT (item), "tp-suggestion", g_strdup (suggestions[i]), g_free);
      g_signal_connect (item, "activate", G_CALLBACK (on_suggestion_activated), menu);
      gtk_widget_show (item);
      gtk_menu_shell_insert (shell, item, (int) i);
    }
}

/* The menu opened before the spell thread had the suggestions: they fill in when they come. */
static void
on_menu_suggestions_ready (GtkMenuShell *shell,
                           const char   *word)
{
  SpellMenu *menu = g_object_get_data (G_OBJECT (shell), "tp-spell-menu");
  const char *const *suggestions;

  if (menu == NULL || menu->placeholder == NULL || !g_str_equal (word, menu->word))
    return;
  suggestions = tp_spell_checker_get_suggestions (menu->checker, word);
  if (suggestions == NULL)
    return;
  gtk_widget_destroy (menu->placeholder);
  menu->placeholder = NULL;
  insert_suggestions (shell, menu, suggestions);
}

static void
tp_view_populate_spelling (TpView       *self,
                           GtkMenuShell *shell)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter at, start, end;
  const char *const *suggestions;
  g_autofree char *add_label = NULL;
  SpellMenu *menu;
  GtkWidget *separator;

  if (self->spell_checker == NULL || !tp_spell_checker_get_enabled (self->spell_checker)
      || self->menu_position == NULL)
    return;
  gtk_text_buffer_get_iter_at_mark (buffer, &at, self->menu_position);
  if (!tp_spell_checker_get_word_at (self->spell_checker, &at, &start, &end))
    return;

  menu = g_new0 (SpellMenu, 1);
  menu->buffer = g_object_ref (buffer);
  menu->checker = g_object_ref (self->spell_checker);
  menu->word = gtk_text_iter_get_slice (&start, &end);
  menu->start = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
  menu->end = gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE);
  g_object_set_data_full (G_OBJECT (shell), "tp-spell-menu", menu, (GDestroyNotify) spell_menu_free);

  separator = gtk_separator_menu_item_new ();
  gtk_widget_show (separator);
  gtk_menu_shell_prepend (shell, separator);
  add_menu_item (shell, _("_Ignore All"), 0, G_CALLBACK (on_ignore_word_activated), menu);
  /* Translators: %s is a misspelled word. */
  add_label = g_strdup_printf (_("_Add “%s” to Dictionary"), menu->word);
  add_menu_item (shell, add_label, 0, G_CALLBACK (on_add_word_activated), menu);

  suggestions = tp_spell_checker_get_suggestions (self->spell_checker, menu->word);
  if (suggestions != NULL)
    {
      insert_suggestions (shell, menu, suggestions);
      return;
    }
  menu->placeholder = add_menu_item (shell, _("Looking for suggestions…"), 0, NULL, menu);
  g_signal_connect_object (self->spell_checker, "suggestions-ready",
                           G_CALLBACK (on_menu_suggestions_ready), shell, G_CONNECT_SWAPPED);
  tp_spell_checker_request_suggestions (self->spell_checker, menu->word, TRUE);
}

/* GtkSourceView's own items (Change Case) first, then the spelling of the word clicked. */
static void
tp_view_populate_popup (GtkTextView *text_view,
                        GtkWidget   *popup)
{
  GTK_TEXT_VIEW_CLASS (tp_view_parent_class)->populate_popup (text_view, popup);
  if (GTK_IS_MENU (popup))
    tp_view_populate_spelling (TP_VIEW (text_view), GTK_MENU_SHELL (popup));
}

static void
move_menu_position (TpView            *self,
                    const GtkTextIter *iter)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));

  if (self->menu_position == NULL)
    self->menu_position = gtk_text_buffer_create_mark (buffer, NULL, iter, TRUE);
  else
    gtk_text_buffer_move_mark (buffer, self->menu_position, iter);
}

static gboolean
tp_view_button_press_event (GtkWidget      *widget,
                            GdkEventButton *event)
{
  GtkTextView *text_view = GTK_TEXT_VIEW (widget);

  if (gdk_event_triggers_context_menu ((GdkEvent *) event)
      && event->window == gtk_text_view_get_window (text_view, GTK_TEXT_WINDOW_TEXT))
    {
      GtkTextIter iter;
      int x, y;

      gtk_text_view_window_to_buffer_coords (text_view, GTK_TEXT_WINDOW_TEXT, (int) event->x,
                                             (int) event->y, &x, &y);
      gtk_text_view_get_iter_at_location (text_view, &iter, x, y);
      move_menu_position (TP_VIEW (widget), &iter);
    }
  return GTK_WIDGET_CLASS (tp_view_parent_class)->button_press_event (widget, event);
}

static gboolean
tp_view_popup_menu (GtkWidget *widget)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  move_menu_position (TP_VIEW (widget), &cursor);
  return GTK_WIDGET_CLASS (tp_view_parent_class)->popup_menu (widget);
}

/* The checker whose words the context menu offers to correct. */
void
tp_view_set_spell_checker (TpView         *self,
                           TpSpellChecker *checker)
{
  g_return_if_fail (TP_IS_VIEW (self));
  g_set_object (&self->spell_checker, checker);
}

/* ---- a scroll to the cursor that lasts while the text is laid out ---- */

static void
tp_view_stop_settling (TpView *self)
{
  if (self->settle_adjustment == NULL)
    return;
  g_clear_signal_handler (&self->settle_changed_handler, self->settle_adjustment);
  g_clear_signal_handler (&self->settle_mark_handler,
                          gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));
  g_clear_handle_id (&self->settle_timeout, g_source_remove);
  g_clear_object (&self->settle_adjustment);
}

/* Where on the screen the cursor's line goes, from 0 (top) to 1 (bottom), to have lines_above
 * lines above it: GtkTextView puts the line at yalign × (height of the view − height of the
 * line). Lines are taken as one line of the view's font high; whatever they are, the alignment
 * keeps the cursor on the screen, at the bottom when the view is smaller than it was. */
static double
cursor_alignment (TpView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  g_autoptr(PangoLayout) layout = NULL;
  GdkRectangle visible;
  int line_height;

  if (self->settle_lines_above < 0)
    return 0.33;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), "X");
  pango_layout_get_pixel_size (layout, NULL, &line_height);
  line_height += gtk_text_view_get_pixels_above_lines (view)
                 + gtk_text_view_get_pixels_below_lines (view);
  gtk_text_view_get_visible_rect (view, &visible);
  if (visible.height <= 2 * line_height)
    return 0.33;
  return CLAMP ((double) self->settle_lines_above * line_height / (visible.height - line_height),
                0.0, 1.0);
}

static void
scroll_to_cursor_again (TpView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);

  gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (gtk_text_view_get_buffer (view)),
                                0.0, TRUE, 0.0, cursor_alignment (self));
}

static void
on_settle_mark_set (TpView        *self,
                    GtkTextIter   *location,
                    GtkTextMark   *mark,
                    GtkTextBuffer *buffer)
{
  if (mark == gtk_text_buffer_get_insert (buffer))
    tp_view_stop_settling (self);
}

static gboolean
on_settle_timeout (gpointer user_data)
{
  TpView *self = user_data;

  self->settle_timeout = 0;
  tp_view_stop_settling (self);
  return G_SOURCE_REMOVE;
}

/* The user takes over. */
static gboolean
on_user_event (TpView *self)
{
  tp_view_stop_settling (self);
  return GDK_EVENT_PROPAGATE;
}

/* Scrolls so that the cursor's line has lines_above lines above it on the screen, or when
 * lines_above is negative, so that it is a third of the way down. Right after a file is read, GtkTextView knows the height of few of its lines: it scrolls by
 * estimates, and as the lines above the cursor are laid out in the background, the text grows
 * under a scroll that stays put, taking the cursor off the screen. The scroll is done again
 * each time the text's height changes, until the user types, clicks, scrolls or moves the
 * cursor. */
void
tp_view_scroll_to_cursor (TpView *self,
                          int     lines_above)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (TP_IS_VIEW (self));

  tp_view_stop_settling (self);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  self->settle_lines_above = lines_above;
  scroll_to_cursor_again (self);
  self->settle_adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self));
  if (self->settle_adjustment == NULL)
    return;
  g_object_ref (self->settle_adjustment);
  self->settle_changed_handler =
    g_signal_connect_object (self->settle_adjustment, "changed",
                             G_CALLBACK (scroll_to_cursor_again), self, G_CONNECT_SWAPPED);
  self->settle_mark_handler =
    g_signal_connect_object (buffer, "mark-set", G_CALLBACK (on_settle_mark_set), self,
                             G_CONNECT_SWAPPED);
  self->settle_timeout = g_timeout_add_seconds (SETTLE_MAX_SECONDS, on_settle_timeout, self);
}

static void
tp_view_dispose (GObject *object)
{
  TpView *self = TP_VIEW (object);

  tp_view_stop_settling (self);
  g_clear_object (&self->spell_checker);
  g_clear_object (&self->long_lines);
  g_clear_object (&self->font_css);

  G_OBJECT_CLASS (tp_view_parent_class)->dispose (object);
}

static void
tp_view_class_init (TpViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tp_view_dispose;
  widget_class->drag_data_received = tp_view_drag_data_received;
  widget_class->button_press_event = tp_view_button_press_event;
  widget_class->popup_menu = tp_view_popup_menu;
  GTK_TEXT_VIEW_CLASS (klass)->populate_popup = tp_view_populate_popup;

  /* Files were dropped on the view; the argument is their URIs. */
  signals[OPEN_FILES] =
    g_signal_new ("open-files", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
}

static void
tp_view_init (TpView *self)
{
  GtkTargetList *targets;

  self->zoom = 100;
  self->font_css = gtk_css_provider_new ();
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                  GTK_STYLE_PROVIDER (self->font_css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  gtk_text_view_set_monospace (GTK_TEXT_VIEW (self), TRUE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self), 6);
  gtk_source_view_set_auto_indent (GTK_SOURCE_VIEW (self), TRUE);
  gtk_source_view_set_smart_home_end (GTK_SOURCE_VIEW (self), GTK_SOURCE_SMART_HOME_END_BEFORE);
  tp_text_view_lay_out_when_grown (GTK_TEXT_VIEW (self));

  targets = gtk_drag_dest_get_target_list (GTK_WIDGET (self));
  if (targets != NULL)
    gtk_target_list_add_uri_targets (targets, DROP_TARGET_URI_LIST);

  tp_view_bind_settings (self);
  tp_view_update_font (self);
  g_signal_connect (self, "key-press-event", G_CALLBACK (on_user_event), NULL);
  g_signal_connect (self, "button-press-event", G_CALLBACK (on_user_event), NULL);
  g_signal_connect (self, "scroll-event", G_CALLBACK (on_user_event), NULL);
}

/* The gutter numbers the document's lines, which are not the buffer's where long lines are
 * shown cut (see tp-long-lines.c). */
void
tp_view_set_long_lines (TpView      *self,
                        TpLongLines *long_lines)
{
  GSettings *settings = tp_application_get_settings (TP_APPLICATION_DEFAULT);
  GtkSourceGutter *gutter = gtk_source_view_get_gutter (GTK_SOURCE_VIEW (self),
                                                        GTK_TEXT_WINDOW_LEFT);
  GtkSourceGutterRenderer *numbers = tp_line_numbers_new (long_lines);

  g_return_if_fail (TP_IS_VIEW (self));

  g_set_object (&self->long_lines, long_lines);
  gtk_source_view_set_show_line_numbers (GTK_SOURCE_VIEW (self), FALSE);
  /* The gutter takes the renderer's floating reference. */
  gtk_source_gutter_insert (gutter, numbers, GTK_SOURCE_VIEW_GUTTER_POSITION_LINES);
  g_settings_bind (settings, "show-line-numbers", numbers, "visible", G_SETTINGS_BIND_GET);
}

TpLongLines *
tp_view_get_long_lines (TpView *self)
{
  g_return_val_if_fail (TP_IS_VIEW (self), NULL);
  return self->long_lines;
}

GtkWidget *
tp_view_new (GtkSourceBuffer *buffer)
{
  return g_object_new (TP_TYPE_VIEW, "buffer", buffer, NULL);
}

void
tp_view_set_zoom (TpView *self,
                  int     percent)
{
  g_return_if_fail (TP_IS_VIEW (self));

  percent = CLAMP (percent, TP_VIEW_ZOOM_MIN, TP_VIEW_ZOOM_MAX);
  if (percent == self->zoom)
    return;
  self->zoom = percent;
  tp_view_update_font (self);
}

int
tp_view_get_zoom (TpView *self)
{
  g_return_val_if_fail (TP_IS_VIEW (self), 100);
  return self->zoom;
}

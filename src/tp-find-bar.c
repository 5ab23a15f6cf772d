/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-find-bar"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "tp-find-bar.h"
#include "tp-gtk-util.h"
#include "tp-long-lines.h"
#include "tp-view.h"

struct _TpFindBar
{
  GtkRevealer              parent_instance;

  GtkSourceSearchSettings *settings;
  GtkSourceSearchContext  *context;
  GSignalGroup            *buffer_signals;
  TpView                  *view;
  GCancellable            *cancellable;
  char                    *status;
  gboolean                 focus_when_mapped;
  /* "Replaced N matches" stays until the user searches again. */
  gboolean                 showing_replace_count;

  GtkSearchEntry          *search_entry;
  GtkLabel                *status_label;
  GtkCheckButton          *case_button;
  GtkCheckButton          *word_button;
  GtkCheckButton          *regex_button;
  GtkCheckButton          *selection_button;
  GtkToggleButton         *replace_toggle;
  GtkEntry                *replace_entry;
};

G_DEFINE_FINAL_TYPE (TpFindBar, tp_find_bar, GTK_TYPE_REVEALER)

static GtkTextBuffer *
tp_find_bar_get_buffer (TpFindBar *self)
{
  return self->view ? gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view)) : NULL;
}

static void
tp_find_bar_set_status (TpFindBar  *self,
                        const char *status,
                        gboolean    failed)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self->search_entry));

  g_free (self->status);
  self->status = g_strdup (status);
  tp_label_set_text_if_changed (self->status_label, status);
  if (failed)
    gtk_style_context_add_class (style, GTK_STYLE_CLASS_ERROR);
  else
    gtk_style_context_remove_class (style, GTK_STYLE_CLASS_ERROR);
}

static void
tp_find_bar_update_status (TpFindBar *self)
{
  GtkTextBuffer *buffer = tp_find_bar_get_buffer (self);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  int count, position;

  if (self->showing_replace_count)
    return;
  if (self->context == NULL || gtk_source_search_settings_get_search_text (self->settings) == NULL)
    {
      tp_find_bar_set_status (self, "", FALSE);
      return;
    }

  error = gtk_source_search_context_get_regex_error (self->context);
  if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Not a valid pattern: %s"), error->message);

      tp_find_bar_set_status (self, message, TRUE);
      return;
    }
  count = gtk_source_search_context_get_occurrences_count (self->context);
  if (count < 0)
    return;
  if (count == 0)
    {
      tp_find_bar_set_status (self, _("No matches"), TRUE);
      return;
    }

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  position = gtk_source_search_context_get_occurrence_position (self->context, &start, &end);
  if (position > 0)
    /* Translators: the position of the selected match among all matches, as in “3 of 12”. */
    text = g_strdup_printf (_("%d of %d"), position, count);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match", "%d matches", count), count);
  tp_find_bar_set_status (self, text, FALSE);
}

/* "n of m" depends on the selection only; the spell checker's own marks move all the time. */
static void
on_mark_set (TpFindBar     *self,
             GtkTextIter   *location,
             GtkTextMark   *mark,
             GtkTextBuffer *buffer)
{
  if (mark == gtk_text_buffer_get_insert (buffer)
      || mark == gtk_text_buffer_get_selection_bound (buffer))
    tp_find_bar_update_status (self);
}

/* Whether the user's text is a pattern (Regular Expression), or text to find as it is. */
static gboolean
tp_find_bar_is_regex (TpFindBar *self)
{
  return gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->regex_button));
}

/* Whether long lines are shown cut. GtkSourceView's plain search compares a line at a time, so
 * a match could not span a cut; its pattern search reads the text as shown, without the hidden
 * breaks. There the search is always a pattern, the entry's text escaped unless it is one. */
static gboolean
tp_find_bar_uses_pattern (TpFindBar *self)
{
  TpLongLines *long_lines = self->view ? tp_view_get_long_lines (self->view) : NULL;

  return long_lines != NULL && tp_long_lines_get_n_breaks (long_lines) > 0;
}

/* What takes the place of a match: the replacement as typed, or, for a pattern, with \1, \2…
 * (and \0, \g<name>) standing for what the groups matched. */
static char *
expand_replacement (TpFindBar        *self,
                    const GMatchInfo *info,
                    const char       *replacement)
{
  char *expanded;

  if (!tp_find_bar_is_regex (self))
    return g_strdup (replacement);
  expanded = g_match_info_expand_references (info, replacement, NULL);
  return expanded != NULL ? expanded : g_strdup (replacement);
}

/* But GtkSourceView counts the hidden breaks as characters when it says where a match is, so a
 * match over a cut ends early by as many characters as it crosses breaks. Where long lines are
 * cut, the pattern is matched again on the document's text (the buffer's without its breaks):
 * to say where a match ends, and for Replace and Replace All. */
static GRegex *
tp_find_bar_new_text_regex (TpFindBar *self)
{
  const char *pattern = gtk_source_search_settings_get_search_text (self->settings);
  g_autofree char *bounded = NULL;
  g_autofree char *escaped = NULL;
  GRegexCompileFlags flags = G_REGEX_MULTILINE;

  if (pattern == NULL)
    return NULL;
  /* Plain text, where neither the user nor long lines made the search a pattern. */
  if (!gtk_source_search_settings_get_regex_enabled (self->settings))
    pattern = escaped = g_regex_escape_string (pattern, -1);
  if (!gtk_source_search_settings_get_case_sensitive (self->settings))
    flags |= G_REGEX_CASELESS;
  if (gtk_source_search_settings_get_at_word_boundaries (self->settings))
    pattern = bounded = g_strdup_printf ("\\b%s\\b", pattern);
  return g_regex_new (pattern, flags, 0, NULL);
}

/* Moves end to where the match starting at start ends in the document's text; FALSE if none
 * starts there. With replacement, sets *expanded to what replaces that match. */
static gboolean
tp_find_bar_measure_match (TpFindBar         *self,
                           const GtkTextIter *start,
                           GtkTextIter       *end,
                           const char        *replacement,
                           char             **expanded)
{
  TpLongLines *long_lines = tp_view_get_long_lines (self->view);
  g_autoptr(GRegex) regex = tp_find_bar_new_text_regex (self);
  g_autoptr(GMatchInfo) info = NULL;
  g_autofree char *text = NULL;
  GtkTextIter limit = *end;
  int from, to;

  /* The match ends early by at most one character per character it spans. */
  gtk_text_iter_forward_chars (&limit, gtk_text_iter_get_offset (end)
                                         - gtk_text_iter_get_offset (start) + 1);
  text = tp_long_lines_get_text (long_lines, start, &limit);
  if (regex == NULL || !g_regex_match (regex, text, G_REGEX_MATCH_ANCHORED, &info)
      || !g_match_info_fetch_pos (info, 0, &from, &to))
    return FALSE;
  tp_long_lines_get_iter_at_real_offset (long_lines, end,
                                         tp_long_lines_get_real_offset (long_lines, start)
                                           + (int) g_utf8_strlen (text, to));
  if (replacement != NULL)
    *expanded = expand_replacement (self, info, replacement);
  return TRUE;
}

/* Replaces every match in the document's text between from and to, from the last, as one
 * change to undo. */
static guint
tp_find_bar_replace_all_in_text (TpFindBar         *self,
                                 const char        *replacement,
                                 const GtkTextIter *from_iter,
                                 const GtkTextIter *to_iter)
{
  GtkTextBuffer *buffer = tp_find_bar_get_buffer (self);
  TpLongLines *long_lines = tp_view_get_long_lines (self->view);
  g_autoptr(GRegex) regex = tp_find_bar_new_text_regex (self);
  g_autoptr(GMatchInfo) info = NULL;
  g_autoptr(GArray) bounds = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(GPtrArray) replacements = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *text = NULL;
  GtkTextIter start, end;
  int offset, byte = 0;

  if (regex == NULL)
    return 0;
  offset = tp_long_lines_get_real_offset (long_lines, from_iter);
  text = tp_long_lines_get_text (long_lines, from_iter, to_iter);
  for (g_regex_match (regex, text, 0, &info); g_match_info_matches (info);
       g_match_info_next (info, NULL))
    {
      int from, to;

      g_match_info_fetch_pos (info, 0, &from, &to);
      offset += (int) g_utf8_strlen (text + byte, from - byte);
      g_array_append_val (bounds, offset);
      offset += (int) g_utf8_strlen (text + from, to - from);
      g_array_append_val (bounds, offset);
      g_ptr_array_add (replacements, expand_replacement (self, info, replacement));
      byte = to;
    }
  gtk_text_buffer_begin_user_action (buffer);
  for (guint i = bounds->len; i > 0; i -= 2)
    {
      tp_long_lines_get_iter_at_real_offset (long_lines, &start,
                                             g_array_index (bounds, int, i - 2));
      tp_long_lines_get_iter_at_real_offset (long_lines, &end, g_array_index (bounds, int, i - 1));
      gtk_text_buffer_delete (buffer, &start, &end);
      gtk_text_buffer_insert (buffer, &start, replacements->pdata[i / 2 - 1], -1);
    }
  gtk_text_buffer_end_user_action (buffer);
  return bounds->len / 2;
}

static void
tp_find_bar_select_match (TpFindBar   *self,
                          GtkTextIter *start,
                          GtkTextIter *end)
{
  GtkTextBuffer *buffer = tp_find_bar_get_buffer (self);

  if (tp_find_bar_uses_pattern (self))
    tp_find_bar_measure_match (self, start, end, NULL, NULL);

  gtk_text_buffer_select_range (buffer, start, end);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view), gtk_text_buffer_get_insert (buffer),
                                0.1, FALSE, 0.0, 0.0);
  tp_find_bar_update_status (self);
}

static void
on_forward_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(TpFindBar) self = user_data;
  GtkTextIter start, end;

  if (gtk_source_search_context_forward_finish (GTK_SOURCE_SEARCH_CONTEXT (source), result,
                                                &start, &end, NULL, NULL)
      && GTK_SOURCE_SEARCH_CONTEXT (source) == self->context)
    tp_find_bar_select_match (self, &start, &end);
  else
    tp_find_bar_update_status (self);
}

static void
on_backward_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TpFindBar) self = user_data;
  GtkTextIter start, end;

  if (gtk_source_search_context_backward_finish (GTK_SOURCE_SEARCH_CONTEXT (source), result,
                                                 &start, &end, NULL, NULL)
      && GTK_SOURCE_SEARCH_CONTEXT (source) == self->context)
    tp_find_bar_select_match (self, &start, &end);
  else
    tp_find_bar_update_status (self);
}

static void
tp_find_bar_restart_search (TpFindBar *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
}

static void
tp_find_bar_apply_search_text (TpFindBar *self)
{
  const char *text = gtk_entry_get_text (GTK_ENTRY (self->search_entry));
  gboolean regex = tp_find_bar_is_regex (self);
  gboolean pattern = regex || tp_find_bar_uses_pattern (self);
  g_autofree char *search = *text == '\0'     ? NULL
                            : regex || !pattern ? g_strdup (text)
                                                : g_regex_escape_string (text, -1);

  if (gtk_source_search_settings_get_regex_enabled (self->settings) != pattern)
    gtk_source_search_settings_set_regex_enabled (self->settings, pattern);
  if (g_strcmp0 (gtk_source_search_settings_get_search_text (self->settings), search) != 0)
    gtk_source_search_settings_set_search_text (self->settings, search);
}

static void
tp_find_bar_search_from (TpFindBar   *self,
                         GtkTextIter *from,
                         gboolean     forward)
{
  tp_find_bar_apply_search_text (self);
  if (self->context == NULL || gtk_source_search_settings_get_search_text (self->settings) == NULL)
    return;

  tp_find_bar_restart_search (self);
  self->showing_replace_count = FALSE;
  if (forward)
    gtk_source_search_context_forward_async (self->context, from, self->cancellable,
                                             on_forward_done, g_object_ref (self));
  else
    gtk_source_search_context_backward_async (self->context, from, self->cancellable,
                                              on_backward_done, g_object_ref (self));
}

void
tp_find_bar_find_next (TpFindBar *self)
{
  GtkTextBuffer *buffer = tp_find_bar_get_buffer (self);
  GtkTextIter start, end;

  g_return_if_fail (TP_IS_FIND_BAR (self));
  if (buffer == NULL)
    return;
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  tp_find_bar_search_from (self, &end, TRUE);
}

void
tp_find_bar_find_previous (TpFindBar *self)
{
  GtkTextBuffer *buffer = tp_find_bar_get_buffer (self);
  GtkTextIter start, end;

  g_return_if_fail (TP_IS_FIND_BAR (self));
  if (buffer == NULL)
    return;
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  tp_find_bar_search_from (self, &start, FALSE);
}

/* Typing in the entry searches from the start of the current match, so the match stays put
 * while the word grows. */
static void
on_search_changed (TpFindBar *self)
{
  const char *text = gtk_entry_get_text (GTK_ENTRY (self->search_entry));
  GtkTextBuffer *buffer = tp_find_bar_get_buffer (self);
  GtkTextIter start, end;

  self->showing_replace_count = FALSE;
  tp_find_bar_apply_search_text (self);
  tp_find_bar_update_status (self);
  if (buffer == NULL || *text == '\0')
    return;
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  tp_find_bar_search_from (self, &start, TRUE);
}

static gboolean
on_entry_key_press (TpFindBar   *self,
                    GdkEventKey *event)
{
  if ((event->keyval == GDK_KEY_Return || event->keyval == GDK_KEY_KP_Enter)
      && (event->state & GDK_SHIFT_MASK))
    {
      tp_find_bar_find_previous (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
on_replace_clicked (TpFindBar *self)
{
  GtkTextBuffer *buffer = tp_find_bar_get_buffer (self);
  const char *replacement = gtk_entry_get_text (self->replace_entry);
  GtkTextIter start, end;

  if (buffer == NULL || self->context == NULL)
    return;
  if (!gtk_text_view_get_editable (GTK_TEXT_VIEW (self->view)))
    return;

  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (tp_find_bar_uses_pattern (self))
    {
      GtkTextIter match_end = end;
      g_autofree char *expanded = NULL;

      tp_find_bar_apply_search_text (self);
      if (gtk_text_iter_compare (&start, &end) < 0
          && tp_find_bar_measure_match (self, &start, &match_end, replacement, &expanded)
          && gtk_text_iter_equal (&match_end, &end))
        {
          gtk_text_buffer_begin_user_action (buffer);
          gtk_text_buffer_delete (buffer, &start, &end);
          gtk_text_buffer_insert (buffer, &start, expanded, -1);
          gtk_text_buffer_end_user_action (buffer);
          end = start;
        }
    }
  else if (gtk_source_search_context_get_occurrence_position (self->context, &start, &end) > 0)
    gtk_source_search_context_replace (self->context, &start, &end, replacement, -1, NULL);
  tp_find_bar_search_from (self, &end, TRUE);
}

static void
on_replace_all_clicked (TpFindBar *self)
{
  const char *replacement = gtk_entry_get_text (self->replace_entry);
  GtkTextBuffer *buffer = tp_find_bar_get_buffer (self);
  g_autofree char *status = NULL;
  guint count;

  tp_find_bar_apply_search_text (self);
  if (self->context == NULL || gtk_source_search_settings_get_search_text (self->settings) == NULL)
    return;
  if (!gtk_text_view_get_editable (GTK_TEXT_VIEW (self->view)))
    return;

  /* In the selection, or where long lines are cut, the matches are found and replaced on the
   * document's text by Threadpad itself: GtkSourceView replaces in the whole buffer only, and
   * would count the cuts as characters. */
  if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->selection_button))
      && gtk_text_buffer_get_has_selection (buffer))
    {
      GtkTextIter start, end;
      GtkTextMark *start_mark, *end_mark;

      gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
      start_mark = gtk_text_buffer_create_mark (buffer, NULL, &start, TRUE);
      end_mark = gtk_text_buffer_create_mark (buffer, NULL, &end, FALSE);
      count = tp_find_bar_replace_all_in_text (self, replacement, &start, &end);
      /* The selection stays on what it held, replacements included. */
      gtk_text_buffer_get_iter_at_mark (buffer, &start, start_mark);
      gtk_text_buffer_get_iter_at_mark (buffer, &end, end_mark);
      gtk_text_buffer_select_range (buffer, &start, &end);
      gtk_text_buffer_delete_mark (buffer, start_mark);
      gtk_text_buffer_delete_mark (buffer, end_mark);
    }
  else if (tp_find_bar_uses_pattern (self))
    {
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      count = tp_find_bar_replace_all_in_text (self, replacement, &start, &end);
    }
  else
    count = gtk_source_search_context_replace_all (self->context, replacement, -1, NULL);
  status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Replaced %u match",
                                         "Replaced %u matches", count), count);
  tp_find_bar_set_status (self, status, count == 0);
  self->showing_replace_count = TRUE;
}

void
tp_find_bar_set_view (TpFindBar *self,
                      TpView    *view)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (TP_IS_FIND_BAR (self));

  if (self->view == view)
    return;
  tp_find_bar_restart_search (self);
  self->showing_replace_count = FALSE;
  g_clear_object (&self->context);
  g_set_weak_pointer (&self->view, view);
  g_signal_group_set_target (self->buffer_signals, NULL);
  if (view == NULL)
    return;

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  self->context = gtk_source_search_context_new (GTK_SOURCE_BUFFER (buffer), self->settings);
  gtk_source_search_context_set_highlight (self->context,
                                           gtk_revealer_get_reveal_child (GTK_REVEALER (self)));
  g_signal_connect_object (self->context, "notify::occurrences-count",
                           G_CALLBACK (tp_find_bar_update_status), self, G_CONNECT_SWAPPED);
  g_signal_group_set_target (self->buffer_signals, buffer);
  tp_find_bar_apply_search_text (self);
  tp_find_bar_update_status (self);
}

void
tp_find_bar_open (TpFindBar *self,
                  gboolean   with_replace)
{
  GtkTextBuffer *buffer = tp_find_bar_get_buffer (self);
  GtkTextIter start, end;

  g_return_if_fail (TP_IS_FIND_BAR (self));

  if (buffer != NULL && gtk_text_buffer_get_selection_bounds (buffer, &start, &end)
      && gtk_text_iter_get_line (&start) == gtk_text_iter_get_line (&end))
    {
      g_autofree char *selected = gtk_text_iter_get_text (&start, &end);
      gtk_entry_set_text (GTK_ENTRY (self->search_entry), selected);
    }

  gtk_toggle_button_set_active (self->replace_toggle, with_replace);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self), TRUE);
  if (self->context != NULL)
    gtk_source_search_context_set_highlight (self->context, TRUE);

  /* A hidden revealer's child is not realized yet: focusing it now would send it the rest of
   * the key press before it can take events. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self->search_entry)))
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  else
    self->focus_when_mapped = TRUE;
}

static void
on_search_entry_map (TpFindBar *self)
{
  if (!self->focus_when_mapped)
    return;
  self->focus_when_mapped = FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
tp_find_bar_close (TpFindBar *self)
{
  g_return_if_fail (TP_IS_FIND_BAR (self));

  gtk_revealer_set_reveal_child (GTK_REVEALER (self), FALSE);
  if (self->context != NULL)
    gtk_source_search_context_set_highlight (self->context, FALSE);
  if (self->view != NULL)
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* What the bar says about the search, such as “3 of 12” or “No matches”. */
const char *
tp_find_bar_get_status (TpFindBar *self)
{
  g_return_val_if_fail (TP_IS_FIND_BAR (self), NULL);
  return self->status ? self->status : "";
}

/* Escape closes the bar from any of its widgets, not only from the entry. */
static gboolean
tp_find_bar_key_press_event (GtkWidget   *widget,
                             GdkEventKey *event)
{
  if (event->keyval == GDK_KEY_Escape)
    {
      tp_find_bar_close (TP_FIND_BAR (widget));
      return GDK_EVENT_STOP;
    }
  return GTK_WIDGET_CLASS (tp_find_bar_parent_class)->key_press_event (widget, event);
}

static void
tp_find_bar_dispose (GObject *object)
{
  TpFindBar *self = TP_FIND_BAR (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->context);
  g_clear_object (&self->settings);
  g_clear_object (&self->buffer_signals);
  g_clear_weak_pointer (&self->view);

  G_OBJECT_CLASS (tp_find_bar_parent_class)->dispose (object);
}

static void
tp_find_bar_finalize (GObject *object)
{
  TpFindBar *self = TP_FIND_BAR (object);

  g_free (self->status);

  G_OBJECT_CLASS (tp_find_bar_parent_class)->finalize (object);
}

static void
tp_find_bar_class_init (TpFindBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tp_find_bar_dispose;
  object_class->finalize = tp_find_bar_finalize;
  widget_class->key_press_event = tp_find_bar_key_press_event;

  gtk_widget_class_set_template_from_resource (widget_class, APP_RESOURCE_PATH "tp-find-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, TpFindBar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TpFindBar, status_label);
  gtk_widget_class_bind_template_child (widget_class, TpFindBar, case_button);
  gtk_widget_class_bind_template_child (widget_class, TpFindBar, word_button);
  gtk_widget_class_bind_template_child (widget_class, TpFindBar, regex_button);
  gtk_widget_class_bind_template_child (widget_class, TpFindBar, selection_button);
  gtk_widget_class_bind_template_child (widget_class, TpFindBar, replace_toggle);
  gtk_widget_class_bind_template_child (widget_class, TpFindBar, replace_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_map);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_key_press);
  gtk_widget_class_bind_template_callback (widget_class, on_replace_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_replace_all_clicked);
  gtk_widget_class_bind_template_callback (widget_class, tp_find_bar_find_next);
  gtk_widget_class_bind_template_callback (widget_class, tp_find_bar_find_previous);
  gtk_widget_class_bind_template_callback (widget_class, tp_find_bar_close);
}

static void
tp_find_bar_init (TpFindBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->buffer_signals = g_signal_group_new (GTK_TYPE_TEXT_BUFFER);
  g_signal_group_connect_object (self->buffer_signals, "mark-set", G_CALLBACK (on_mark_set), self,
                                 G_CONNECT_SWAPPED);
  self->settings = gtk_source_search_settings_new ();
  gtk_source_search_settings_set_wrap_around (self->settings, TRUE);
  g_object_bind_property (self->case_button, "active", self->settings, "case-sensitive",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->word_button, "active", self->settings, "at-word-boundaries",
                          G_BINDING_SYNC_CREATE);
}

GtkWidget *
tp_find_bar_new (void)
{
  return g_object_new (TP_TYPE_FIND_BAR, NULL);
}

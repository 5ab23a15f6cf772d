/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tp-document.h"
#include "tp-long-lines.h"
#include "tp-tab.h"
#include "tp-window-private.h"

/* Edits of whole lines: duplicate, sort, join, comment, and the date inserted at the cursor.
 * Each is one user action, undone at once. They work on the lines the selection touches, or
 * the cursor's line. A document shown with long lines cut has lines that are not the buffer's
 * (tp-long-lines.c): there the line edits are off, rather than sorting or joining pieces. */

static GtkTextBuffer *
editable_buffer (TpWindow *self)
{
  TpTab *tab = tp_window_get_active_tab (self);
  TpDocument *document = tab ? tp_tab_get_document (tab) : NULL;

  if (document == NULL || tp_document_get_busy (document)
      || !gtk_text_view_get_editable (GTK_TEXT_VIEW (tp_tab_get_view (tab))))
    return NULL;
  return GTK_TEXT_BUFFER (tp_document_get_buffer (document));
}

static gboolean
has_cut_lines (TpWindow *self)
{
  TpTab *tab = tp_window_get_active_tab (self);

  return tab != NULL
         && tp_long_lines_get_n_breaks (tp_document_get_long_lines (tp_tab_get_document (tab))) > 0;
}

/* The lines the selection touches, from the start of the first to the start of the line after
 * the last (or the end); a selection that ends at the start of a line leaves that line out. */
static void
get_line_range (GtkTextBuffer *buffer,
                GtkTextIter   *start,
                GtkTextIter   *end)
{
  gtk_text_buffer_get_selection_bounds (buffer, start, end);
  if (!gtk_text_iter_equal (start, end) && gtk_text_iter_starts_line (end))
    gtk_text_iter_backward_line (end);
  gtk_text_iter_set_line_offset (start, 0);
  if (!gtk_text_iter_ends_line (end))
    gtk_text_iter_forward_to_line_end (end);
}

static void
action_duplicate (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GtkTextBuffer *buffer = editable_buffer (user_data);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (buffer == NULL || has_cut_lines (user_data))
    return;
  gtk_text_buffer_begin_user_action (buffer);
  /* A selection is repeated after itself; without one, the cursor's line below itself. */
  if (gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    {
      text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      gtk_text_buffer_insert (buffer, &end, text, -1);
    }
  else
    {
      get_line_range (buffer, &start, &end);
      text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
      gtk_text_buffer_insert (buffer, &end, "\n", 1);
      gtk_text_buffer_insert (buffer, &end, text, -1);
    }
  gtk_text_buffer_end_user_action (buffer);
}

static void
action_sort_lines (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GtkTextBuffer *buffer = editable_buffer (user_data);
  GtkTextIter start, end;

  if (buffer == NULL || has_cut_lines (user_data))
    return;
  /* Without a selection, the whole text. */
  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    gtk_text_buffer_get_bounds (buffer, &start, &end);
  else
    get_line_range (buffer, &start, &end);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_source_buffer_sort_lines (GTK_SOURCE_BUFFER (buffer), &start, &end,
                                GTK_SOURCE_SORT_FLAGS_NONE, 0);
  gtk_text_buffer_end_user_action (buffer);
}

static void
action_join_lines (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GtkTextBuffer *buffer = editable_buffer (user_data);
  GtkTextIter start, end;

  if (buffer == NULL || has_cut_lines (user_data))
    return;
  /* Without a selection, the cursor's line and the next. */
  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    {
      gtk_text_iter_forward_line (&end);
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
    }
  gtk_text_buffer_begin_user_action (buffer);
  gtk_source_buffer_join_lines (GTK_SOURCE_BUFFER (buffer), &start, &end);
  gtk_text_buffer_end_user_action (buffer);
}

/* ---- comments ---- */

static gboolean
line_is_blank (const GtkTextIter *line)
{
  GtkTextIter iter = *line;

  while (!gtk_text_iter_ends_line (&iter))
    {
      if (!g_unichar_isspace (gtk_text_iter_get_char (&iter)))
        return FALSE;
      gtk_text_iter_forward_char (&iter);
    }
  return TRUE;
}

/* The first character of the line after its indentation. */
static void
skip_indentation (GtkTextIter *iter)
{
  while (!gtk_text_iter_ends_line (iter)
         && (gtk_text_iter_get_char (iter) == ' ' || gtk_text_iter_get_char (iter) == '\t'))
    gtk_text_iter_forward_char (iter);
}

static gboolean
starts_with (const GtkTextIter *at,
             const char        *text)
{
  GtkTextIter end = *at;
  g_autofree char *slice = NULL;

  gtk_text_iter_forward_chars (&end, (int) g_utf8_strlen (text, -1));
  slice = gtk_text_iter_get_slice (at, &end);
  return g_str_equal (slice, text);
}

/* Comments out every line of the range with marker, at the smallest indentation among them
 * so that the marks line up; or, when every line that is not blank already starts with it,
 * takes the marks (and one space after) away. */
static void
toggle_line_comments (GtkTextBuffer *buffer,
                      int            first,
                      int            last,
                      const char    *marker)
{
  g_autofree char *with_space = g_strconcat (marker, " ", NULL);
  gboolean all_commented = TRUE;
  int indent = G_MAXINT;

  for (int line = first; line <= last; line++)
    {
      GtkTextIter iter;

      gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
      if (line_is_blank (&iter))
        continue;
      skip_indentation (&iter);
      indent = MIN (indent, gtk_text_iter_get_line_offset (&iter));
      all_commented = all_commented && starts_with (&iter, marker);
    }
  if (indent == G_MAXINT)
    return;

  for (int line = first; line <= last; line++)
    {
      GtkTextIter iter, end;

      gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
      if (line_is_blank (&iter))
        continue;
      if (all_commented)
        {
          skip_indentation (&iter);
          end = iter;
          gtk_text_iter_forward_chars (&end, (int) g_utf8_strlen (starts_with (&iter, with_space)
                                                                     ? with_space : marker, -1));
          gtk_text_buffer_delete (buffer, &iter, &end);
        }
      else
        {
          gtk_text_iter_set_line_offset (&iter, indent);
          gtk_text_buffer_insert (buffer, &iter, with_space, -1);
        }
    }
}

/* For languages with only block comments (CSS, HTML): the lines go inside one comment, or
 * out of the one they are in. */
static void
toggle_block_comment (GtkTextBuffer *buffer,
                      GtkTextIter   *start,
                      GtkTextIter   *end,
                      const char    *open,
                      const char    *close)
{
  g_autofree char *text = gtk_text_buffer_get_text (buffer, start, end, TRUE);
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *open_space = g_strconcat (open, " ", NULL);
  g_autofree char *space_close = g_strconcat (" ", close, NULL);
  g_autoptr(GString) result = NULL;

  if (g_str_has_prefix (stripped, open) && g_str_has_suffix (stripped, close)
      && strlen (stripped) >= strlen (open) + strlen (close))
    {
      const char *inner_start = strstr (text, open) + strlen (open);
      const char *inner_end = g_strrstr (text, close);
      const char *head_end = strstr (text, open);

      result = g_string_new_len (text, head_end - text);
      if (g_str_has_prefix (inner_start, " "))
        inner_start++;
      if (inner_end > inner_start && inner_end[-1] == ' ')
        inner_end--;
      g_string_append_len (result, inner_start, inner_end - inner_start);
      g_string_append (result, g_strrstr (text, close) + strlen (close));
    }
  else
    {
      result = g_string_new (open_space);
      g_string_append (result, text);
      g_string_append (result, space_close);
    }
  gtk_text_buffer_delete (buffer, start, end);
  gtk_text_buffer_insert (buffer, start, result->str, (int) result->len);
}

static void
action_toggle_comment (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TpWindow *self = user_data;
  GtkTextBuffer *buffer = editable_buffer (self);
  GtkSourceLanguage *language;
  const char *line_marker, *block_open, *block_close;
  GtkTextIter start, end;

  if (buffer == NULL || has_cut_lines (self))
    return;
  language = gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (buffer));
  line_marker = language ? gtk_source_language_get_metadata (language, "line-comment-start")
                         : NULL;
  block_open = language ? gtk_source_language_get_metadata (language, "block-comment-start")
                        : NULL;
  block_close = language ? gtk_source_language_get_metadata (language, "block-comment-end")
                         : NULL;
  if (line_marker == NULL && (block_open == NULL || block_close == NULL))
    {
      /* Plain text has no comments. */
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }

  get_line_range (buffer, &start, &end);
  gtk_text_buffer_begin_user_action (buffer);
  if (line_marker != NULL)
    toggle_line_comments (buffer, gtk_text_iter_get_line (&start), gtk_text_iter_get_line (&end),
                          line_marker);
  else
    toggle_block_comment (buffer, &start, &end, block_open, block_close);
  gtk_text_buffer_end_user_action (buffer);
}

/* The date and time in the user's own way of writing them (their locale's). */
static void
action_insert_date (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkTextBuffer *buffer = editable_buffer (user_data);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = g_date_time_format (now, "%x %X");

  if (buffer == NULL || text == NULL)
    return;
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  gtk_text_buffer_end_user_action (buffer);
}

static const GActionEntry line_actions[] = {
  { "duplicate", action_duplicate },
  { "sort-lines", action_sort_lines },
  { "join-lines", action_join_lines },
  { "toggle-comment", action_toggle_comment },
  { "insert-date", action_insert_date },
};

void
_tp_window_add_line_actions (TpWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), line_actions, G_N_ELEMENTS (line_actions),
                                   self);
}

/* Off without a document that takes edits, and, but for the date, where lines are cut. */
void
_tp_window_update_line_actions (TpWindow *self)
{
  gboolean editable = editable_buffer (self) != NULL;
  gboolean whole_lines = editable && !has_cut_lines (self);

  for (guint i = 0; i < G_N_ELEMENTS (line_actions); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), line_actions[i].name);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                                   g_str_equal (line_actions[i].name, "insert-date") ? editable
                                                                                     : whole_lines);
    }
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-long-lines"

#include "config.h"

#include <string.h>

#include "tp-line-splitter.h"
#include "tp-long-lines.h"

/* Lines too long for GTK are shown cut into pieces. GtkTextView lays out a whole line as one
 * PangoLayout, again after each key typed into it, which takes seconds for a line of megabytes;
 * a line ended by a paragraph separator (U+2029) is a line of its own to GTK. So a long line is
 * read in with a separator, hidden by an invisible tag, after each piece: a *break*.
 *
 * The text of the document, the one saved, recorded and copied, is the buffer's text without its
 * breaks. That holds because of three rules, kept here for every change whoever makes it:
 *   - only this object adds breaks, and only to text being read in; no one else may give a
 *     character the break tag or take it away;
 *   - no change deletes a break: a deletion across breaks deletes the text around them, and
 *     Backspace or Delete next to a break deletes the character beyond it;
 *   - text inserted into a document that has breaks never carries a paragraph separator, so a
 *     break copied with the text around it (a paste of the buffer's own contents, a command that
 *     rewrites a range) never becomes text. Undo and redo are let through: they only put back
 *     text that was taken out, which breaks never are, and a separator of the file's own that
 *     was deleted comes back with them.
 * Our handlers run before the undo manager's (it is replaced after they are connected), so the
 * undo history only ever holds the changes as they were made, and never touches a break. */

#define BREAK "\xe2\x80\xa9" /* U+2029 PARAGRAPH SEPARATOR */
#define BREAK_CHAR 0x2029

struct _TpLongLines
{
  GObject         parent_instance;

  GtkTextBuffer  *buffer;   /* weak: the buffer owns this object's use */
  GtkTextTag     *tag;
  /* One mark per break, just before it, in the order of the text; right gravity, so that text
   * typed at the end of a piece goes before its mark. Breaks are never deleted, so the order
   * never changes. */
  GPtrArray      *marks;
  guint           limit;
  TpLineSplitter  splitter;
  gboolean        reading;
  gboolean        undoing;
  /* Whether a paragraph separator that is text may have come in since the reading began. */
  gboolean        separators;
  int             read_start;
  gboolean        inserting;
  gboolean        tagging;
};

G_DEFINE_FINAL_TYPE (TpLongLines, tp_long_lines, G_TYPE_OBJECT)

static int
mark_offset (TpLongLines *self,
             guint        index)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, g_ptr_array_index (self->marks, index));
  return gtk_text_iter_get_offset (&iter);
}

/* How many breaks lie before offset. */
static guint
count_before (TpLongLines *self,
              int          offset)
{
  guint low = 0, high = self->marks->len;

  if (high == 0 || mark_offset (self, high - 1) < offset)
    return high;
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (mark_offset (self, middle) < offset)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/* The line of the document that break number index ends a piece of, counted from 0: each break
 * before it ended a line of the buffer that was not a line of the document. */
static int
real_line_of_break (TpLongLines *self,
                    guint        index)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, g_ptr_array_index (self->marks, index));
  return gtk_text_iter_get_line (&iter) - (int) index;
}

/* The first break on document line line or after it. */
static guint
first_break_of_line (TpLongLines *self,
                     int          line)
{
  guint low = 0, high = self->marks->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (real_line_of_break (self, middle) < line)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

gboolean
tp_long_lines_is_break (TpLongLines       *self,
                        const GtkTextIter *iter)
{
  g_return_val_if_fail (TP_IS_LONG_LINES (self), FALSE);
  return self->marks->len > 0 && gtk_text_iter_get_char (iter) == BREAK_CHAR
         && gtk_text_iter_has_tag (iter, self->tag);
}

static void
add_break (TpLongLines *self,
           GtkTextIter *iter)
{
  GtkTextIter before;
  int offset = gtk_text_iter_get_offset (iter);

  self->tagging = TRUE;
  gtk_text_buffer_insert_with_tags (self->buffer, iter, BREAK, -1, self->tag, NULL);
  self->tagging = FALSE;
  gtk_text_buffer_get_iter_at_offset (self->buffer, &before, offset);
  g_ptr_array_add (self->marks, gtk_text_buffer_create_mark (self->buffer, NULL, &before, FALSE));
}

/* Text being read in arrives at the end, in pieces of any length: the splitter says where its
 * long lines are cut, which can be in text that arrived before. */
static void
split_insert (TpLongLines *self,
              GtkTextIter *location,
              const char  *text,
              int          length)
{
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (guint64));
  guint64 at = self->splitter.fed;
  int location_offset = gtk_text_iter_get_offset (location);
  const char *rest = text, *end = text + length;
  GtkTextIter iter;

  tp_line_splitter_feed (&self->splitter, text, length, cuts);
  if (cuts->len == 0)
    return;

  g_signal_stop_emission_by_name (self->buffer, "insert-text");
  self->inserting = TRUE;
  for (guint i = 0; i < cuts->len; i++)
    {
      guint64 cut = g_array_index (cuts, guint64, i);

      if (cut < at)
        {
          gtk_text_buffer_get_iter_at_offset (self->buffer, &iter,
                                              self->read_start + (int) cut
                                                + (int) self->marks->len);
          add_break (self, &iter);
          location_offset++;
          continue;
        }
      const char *piece_end = g_utf8_offset_to_pointer (rest, (glong) (cut - at));

      gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, location_offset);
      gtk_text_buffer_insert (self->buffer, &iter, rest, (int) (piece_end - rest));
      add_break (self, &iter);
      location_offset = gtk_text_iter_get_offset (&iter);
      rest = piece_end;
      at = cut;
    }
  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, location_offset);
  if (rest < end)
    gtk_text_buffer_insert (self->buffer, &iter, rest, (int) (end - rest));
  self->inserting = FALSE;
  *location = iter;
}

/* Inserts text with its paragraph separators left out (see the rules at the top). */
static void
insert_without_breaks (TpLongLines *self,
                       GtkTextIter *location,
                       const char  *text,
                       int          length)
{
  GString *kept = g_string_sized_new (length);
  const char *p = text, *end = text + length, *found;

  while ((found = g_strstr_len (p, end - p, BREAK)) != NULL)
    {
      g_string_append_len (kept, p, found - p);
      p = found + strlen (BREAK);
    }
  g_string_append_len (kept, p, end - p);
  g_signal_stop_emission_by_name (self->buffer, "insert-text");
  if (kept->len > 0)
    gtk_text_buffer_insert (self->buffer, location, kept->str, (int) kept->len);
  g_string_free (kept, TRUE);
}

static void
on_insert_text (TpLongLines *self,
                GtkTextIter *location,
                const char  *text,
                int          length)
{
  if (self->inserting || self->tagging)
    return;
  if (g_strstr_len (text, length, BREAK) != NULL
      && (self->reading || self->marks->len == 0 || self->undoing))
    self->separators = TRUE;
  if (self->reading)
    split_insert (self, location, text, length);
  else if (self->marks->len > 0 && !self->undoing && g_strstr_len (text, length, BREAK) != NULL)
    insert_without_breaks (self, location, text, length);
}

/* Text typed between two breaks that meet (the piece between them deleted) lands inside their
 * tag, since the buffer joins the tag of neighbours into one run: it is text all the same. */
static void
on_text_inserted (TpLongLines *self,
                  GtkTextIter *location,
                  const char  *text,
                  int          length)
{
  GtkTextIter start = *location;

  if (self->tagging || self->marks->len == 0)
    return;
  gtk_text_iter_backward_chars (&start, (int) g_utf8_strlen (text, length));
  if (!gtk_text_iter_has_tag (&start, self->tag))
    return;
  self->tagging = TRUE;
  gtk_text_buffer_remove_tag (self->buffer, self->tag, &start, location);
  self->tagging = FALSE;
}

/* Backspace or Delete next to a break, the cursor at one end and nothing selected: the user
 * means the character beyond it, before the breaks if the cursor is after them, after them
 * otherwise. Any other deletion of breaks alone (a selection of nothing but a break, made with
 * Shift+Right at the end of a piece) holds no text, and deletes none. */
static void
delete_beyond_breaks (TpLongLines *self,
                      GtkTextIter *start,
                      GtkTextIter *end)
{
  GtkTextIter cursor, bound, from, to;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));
  gtk_text_buffer_get_iter_at_mark (self->buffer, &bound,
                                    gtk_text_buffer_get_selection_bound (self->buffer));
  if (!gtk_text_iter_equal (&cursor, &bound)
      || (!gtk_text_iter_equal (&cursor, start) && !gtk_text_iter_equal (&cursor, end)))
    {
      *end = *start;
      return;
    }
  if (gtk_text_iter_equal (&cursor, end))
    {
      to = *start;
      while (!gtk_text_iter_is_start (&to))
        {
          from = to;
          gtk_text_iter_backward_char (&from);
          if (!tp_long_lines_is_break (self, &from))
            break;
          to = from;
        }
      from = to;
      if (!gtk_text_iter_backward_cursor_position (&from))
        return;
    }
  else
    {
      from = *end;
      while (tp_long_lines_is_break (self, &from))
        gtk_text_iter_forward_char (&from);
      to = from;
      if (!gtk_text_iter_forward_cursor_position (&to))
        return;
    }
  gtk_text_buffer_delete (self->buffer, &from, &to);
  *start = *end = from;
}

/* Deletes the text between the breaks from end back to start, leaving the breaks. */
static void
delete_around_breaks (TpLongLines *self,
                      GtkTextIter *start,
                      GtkTextIter *end,
                      guint        first)
{
  int start_offset = gtk_text_iter_get_offset (start);
  int piece_end = gtk_text_iter_get_offset (end);
  guint last = count_before (self, piece_end);
  GtkTextIter from, to;

  gtk_text_buffer_begin_user_action (self->buffer);
  for (guint i = last; i-- > first;)
    {
      int break_offset = mark_offset (self, i);

      gtk_text_buffer_get_iter_at_offset (self->buffer, &from, break_offset + 1);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &to, piece_end);
      if (break_offset + 1 < piece_end)
        gtk_text_buffer_delete (self->buffer, &from, &to);
      piece_end = break_offset;
    }
  gtk_text_buffer_get_iter_at_offset (self->buffer, &from, start_offset);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &to, piece_end);
  if (start_offset < piece_end)
    gtk_text_buffer_delete (self->buffer, &from, &to);
  gtk_text_buffer_end_user_action (self->buffer);
  gtk_text_buffer_get_iter_at_offset (self->buffer, start, start_offset);
  *end = *start;
}

static gboolean
only_breaks (TpLongLines       *self,
             const GtkTextIter *start,
             const GtkTextIter *end)
{
  GtkTextIter iter = *start;

  for (; gtk_text_iter_compare (&iter, end) < 0; gtk_text_iter_forward_char (&iter))
    if (!tp_long_lines_is_break (self, &iter))
      return FALSE;
  return TRUE;
}

static void
on_delete_range (TpLongLines *self,
                 GtkTextIter *start,
                 GtkTextIter *end)
{
  guint first;

  if (self->reading || self->marks->len == 0)
    return;
  gtk_text_iter_order (start, end);
  first = count_before (self, gtk_text_iter_get_offset (start));
  if (first == self->marks->len || mark_offset (self, first) >= gtk_text_iter_get_offset (end))
    return;

  g_signal_stop_emission_by_name (self->buffer, "delete-range");
  if (only_breaks (self, start, end))
    delete_beyond_breaks (self, start, end);
  else
    delete_around_breaks (self, start, end, first);
}

static void
forget_breaks (TpLongLines *self)
{
  for (guint i = 0; i < self->marks->len; i++)
    gtk_text_buffer_delete_mark (self->buffer, g_ptr_array_index (self->marks, i));
  g_ptr_array_set_size (self->marks, 0);
}

/* The text read before goes first, breaks and all: whoever was told of its deletion counted
 * its breaks out. */
static void
on_range_deleted (TpLongLines *self)
{
  if (self->reading && self->marks->len > 0 && gtk_text_buffer_get_char_count (self->buffer) == 0)
    forget_breaks (self);
}

static void
on_undo_started (TpLongLines *self)
{
  self->undoing = TRUE;
}

static void
on_undo_ended (TpLongLines *self)
{
  self->undoing = FALSE;
}

/* Only this object gives or takes the break tag. */
static void
on_tag_changed (TpLongLines *self,
                GtkTextTag  *tag,
                GtkTextIter *start,
                GtkTextIter *end,
                gpointer     signal_name)
{
  if (tag == self->tag && !self->tagging)
    g_signal_stop_emission_by_name (self->buffer, signal_name);
}

static void
on_apply_tag (TpLongLines *self, GtkTextTag *tag, GtkTextIter *start, GtkTextIter *end)
{
  on_tag_changed (self, tag, start, end, "apply-tag");
}

static void
on_remove_tag (TpLongLines *self, GtkTextTag *tag, GtkTextIter *start, GtkTextIter *end)
{
  on_tag_changed (self, tag, start, end, "remove-tag");
}

/* Watches buffer from now on. Make it before anything else listens to the buffer's changes:
 * the buffer's undo manager is replaced by a new one, which then listens after this object. */
TpLongLines *
tp_long_lines_new (GtkSourceBuffer *buffer)
{
  TpLongLines *self = g_object_new (TP_TYPE_LONG_LINES, NULL);

  g_return_val_if_fail (GTK_SOURCE_IS_BUFFER (buffer), NULL);

  self->buffer = GTK_TEXT_BUFFER (buffer);
  g_object_add_weak_pointer (G_OBJECT (buffer), (gpointer *) &self->buffer);
  self->tag = gtk_text_buffer_create_tag (self->buffer, NULL, "invisible", TRUE, NULL);
  g_signal_connect_object (buffer, "insert-text", G_CALLBACK (on_insert_text), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "insert-text", G_CALLBACK (on_text_inserted), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (buffer, "delete-range", G_CALLBACK (on_delete_range), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "delete-range", G_CALLBACK (on_range_deleted), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "undo" : "redo";

      g_signal_connect_object (buffer, name, G_CALLBACK (on_undo_started), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (buffer, name, G_CALLBACK (on_undo_ended), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }
  g_signal_connect_object (buffer, "apply-tag", G_CALLBACK (on_apply_tag), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "remove-tag", G_CALLBACK (on_remove_tag), self,
                           G_CONNECT_SWAPPED);
  gtk_source_buffer_set_undo_manager (buffer, NULL);
  return self;
}

/* For tests: lines longer than limit characters get cut from the next reading on. */
void
tp_long_lines_set_limit (TpLongLines *self,
                         guint        limit)
{
  g_return_if_fail (TP_IS_LONG_LINES (self));
  self->limit = limit;
}

/* The buffer is about to be emptied and filled with a text read in: its long lines are cut as
 * it arrives, until tp_long_lines_end_reading (). The breaks it has are forgotten once it is
 * empty. */
void
tp_long_lines_begin_reading (TpLongLines *self)
{
  g_return_if_fail (TP_IS_LONG_LINES (self));
  tp_line_splitter_init (&self->splitter, self->limit);
  self->read_start = 0;
  self->reading = TRUE;
  self->separators = FALSE;
}

void
tp_long_lines_end_reading (TpLongLines *self)
{
  g_return_if_fail (TP_IS_LONG_LINES (self));
  self->reading = FALSE;
}

/* Replaces the whole text, as read in. */
void
tp_long_lines_set_text (TpLongLines *self,
                        const char  *text,
                        gssize       length)
{
  g_return_if_fail (TP_IS_LONG_LINES (self));
  tp_long_lines_begin_reading (self);
  gtk_text_buffer_set_text (self->buffer, text, (int) length);
  tp_long_lines_end_reading (self);
}

guint
tp_long_lines_get_n_breaks (TpLongLines *self)
{
  g_return_val_if_fail (TP_IS_LONG_LINES (self), 0);
  return self->marks->len;
}

/* The longest line of the text last read in, in characters. */
guint64
tp_long_lines_get_longest (TpLongLines *self)
{
  g_return_val_if_fail (TP_IS_LONG_LINES (self), 0);
  return tp_line_splitter_get_longest (&self->splitter);
}

/* How the first line of the text last read in ended ("" if it has one line): with breaks, the
 * buffer's own first line can end with a break. */
const char *
tp_long_lines_get_first_line_end (TpLongLines *self)
{
  g_return_val_if_fail (TP_IS_LONG_LINES (self), "");
  return self->splitter.first_line_end;
}

/* Whether the text last read in ended with a line end. */
gboolean
tp_long_lines_get_read_final_line_end (TpLongLines *self)
{
  g_return_val_if_fail (TP_IS_LONG_LINES (self), FALSE);
  return tp_line_splitter_is_line_end (self->splitter.previous);
}

/* Whether the change being made to the buffer is a break being added: it changes nothing in the
 * document's text. */
gboolean
tp_long_lines_is_adding_break (TpLongLines *self)
{
  g_return_val_if_fail (TP_IS_LONG_LINES (self), FALSE);
  return self->tagging;
}

static gboolean
is_separator (gunichar c,
              gpointer user_data)
{
  return c == BREAK_CHAR;
}

/* Sets iter to the first paragraph separator of the document's text (not a break), if it has
 * one: quick when none came in since the reading began or since a look found none, as is
 * nearly always so. */
gboolean
tp_long_lines_find_separator (TpLongLines *self,
                              GtkTextIter *iter)
{
  g_return_val_if_fail (TP_IS_LONG_LINES (self), FALSE);
  if (!self->separators)
    return FALSE;
  gtk_text_buffer_get_start_iter (self->buffer, iter);
  do
    if (gtk_text_iter_get_char (iter) == BREAK_CHAR && !tp_long_lines_is_break (self, iter))
      return TRUE;
  while (gtk_text_iter_forward_find_char (iter, is_separator, NULL, NULL));
  self->separators = FALSE;
  return FALSE;
}

/* Whether the buffer line starting at line_start is a piece of a document line, after the
 * first. */
gboolean
tp_long_lines_continues_line (TpLongLines       *self,
                              const GtkTextIter *line_start)
{
  GtkTextIter before = *line_start;

  g_return_val_if_fail (TP_IS_LONG_LINES (self), FALSE);
  return self->marks->len > 0 && gtk_text_iter_backward_char (&before)
         && tp_long_lines_is_break (self, &before);
}

/* Where iter is in the document's text, in characters from its start. */
int
tp_long_lines_get_real_offset (TpLongLines       *self,
                               const GtkTextIter *iter)
{
  int offset = gtk_text_iter_get_offset (iter);

  g_return_val_if_fail (TP_IS_LONG_LINES (self), offset);
  return offset - (int) count_before (self, offset);
}

/* The line and column of iter in the document's text, both counted from 0. */
void
tp_long_lines_get_real_position (TpLongLines       *self,
                                 const GtkTextIter *iter,
                                 int               *line,
                                 int               *column)
{
  GtkTextIter line_start = *iter;
  guint before, first;
  int real_line;

  g_return_if_fail (TP_IS_LONG_LINES (self));

  gtk_text_iter_set_line_offset (&line_start, 0);
  before = count_before (self, gtk_text_iter_get_offset (&line_start));
  real_line = gtk_text_iter_get_line (iter) - (int) before;
  first = first_break_of_line (self, real_line);
  if (first < before)
    {
      gtk_text_buffer_get_iter_at_mark (self->buffer, &line_start,
                                        g_ptr_array_index (self->marks, first));
      gtk_text_iter_set_line_offset (&line_start, 0);
    }
  if (line != NULL)
    *line = real_line;
  if (column != NULL)
    *column = tp_long_lines_get_real_offset (self, iter)
              - tp_long_lines_get_real_offset (self, &line_start);
}

/* Sets iter to the start of document line line (from 0), or to the end past the last line. */
void
tp_long_lines_get_iter_at_real_line (TpLongLines *self,
                                     GtkTextIter *iter,
                                     int          line)
{
  g_return_if_fail (TP_IS_LONG_LINES (self));
  gtk_text_buffer_get_iter_at_line (self->buffer, iter,
                                    line + (int) first_break_of_line (self, line));
}

/* Sets iter to the character real_offset of the document's text: past the breaks before it. */
void
tp_long_lines_get_iter_at_real_offset (TpLongLines *self,
                                       GtkTextIter *iter,
                                       int          real_offset)
{
  guint low = 0, high = self->marks->len;

  g_return_if_fail (TP_IS_LONG_LINES (self));

  /* Break k has mark_offset (k) - k characters of text before it. */
  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (mark_offset (self, middle) - (int) middle <= real_offset)
        low = middle + 1;
      else
        high = middle;
    }
  gtk_text_buffer_get_iter_at_offset (self->buffer, iter, real_offset + (int) low);
}

/* Sets iter to line and column (both from 0) of the document's text; a column past the end of
 * the line gives its end. */
void
tp_long_lines_get_iter_at_real_position (TpLongLines *self,
                                         GtkTextIter *iter,
                                         int          line,
                                         int          column)
{
  GtkTextIter line_end;
  int start, end, lines;

  g_return_if_fail (TP_IS_LONG_LINES (self));

  lines = gtk_text_buffer_get_line_count (self->buffer) - (int) self->marks->len;
  tp_long_lines_get_iter_at_real_line (self, iter, line);
  gtk_text_buffer_get_end_iter (self->buffer, &line_end);
  if (line + 1 < lines)
    {
      GtkTextIter before;

      tp_long_lines_get_iter_at_real_line (self, &line_end, line + 1);
      gtk_text_iter_backward_char (&line_end);
      before = line_end;
      if (gtk_text_iter_get_char (&line_end) == '\n' && gtk_text_iter_backward_char (&before)
          && gtk_text_iter_get_char (&before) == '\r')
        line_end = before;
    }
  start = tp_long_lines_get_real_offset (self, iter);
  end = tp_long_lines_get_real_offset (self, &line_end);
  tp_long_lines_get_iter_at_real_offset (self, iter,
                                         start + CLAMP (column, 0, MAX (end - start, 0)));
}

/* The document's text between start and end: the buffer's without its breaks. */
char *
tp_long_lines_get_text (TpLongLines       *self,
                        const GtkTextIter *start,
                        const GtkTextIter *end)
{
  g_return_val_if_fail (TP_IS_LONG_LINES (self), NULL);
  return gtk_text_buffer_get_text (self->buffer, start, end, self->marks->len == 0);
}

static void
tp_long_lines_finalize (GObject *object)
{
  TpLongLines *self = TP_LONG_LINES (object);

  if (self->buffer != NULL)
    {
      forget_breaks (self);
      g_object_remove_weak_pointer (G_OBJECT (self->buffer), (gpointer *) &self->buffer);
    }
  g_ptr_array_unref (self->marks);
  G_OBJECT_CLASS (tp_long_lines_parent_class)->finalize (object);
}

static void
tp_long_lines_class_init (TpLongLinesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tp_long_lines_finalize;
}

static void
tp_long_lines_init (TpLongLines *self)
{
  self->marks = g_ptr_array_new ();
  self->limit = TP_LINE_SPLITTER_DEFAULT_LIMIT;
  tp_line_splitter_init (&self->splitter, self->limit);
}

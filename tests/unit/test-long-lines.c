/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cutting long lines for display and getting the text back: the splitter (where lines are cut)
 * and TpLongLines (the buffer that shows the pieces), round-tripping byte for byte. */
#include "config.h"

#include <string.h>

#include "tp-document.h"
#include "tp-line-splitter.h"
#include "tp-long-lines.h"

#define LIMIT 40

/* ---- the splitter ---- */

static GArray *
cuts_of (const char *text,
         guint       limit,
         gsize       chunk)
{
  TpLineSplitter splitter;
  GArray *cuts = g_array_new (FALSE, FALSE, sizeof (guint64));
  const char *p = text, *end = text + strlen (text);

  tp_line_splitter_init (&splitter, limit);
  while (p < end)
    {
      const char *q = p;

      for (gsize n = 0; n < chunk && q < end; n++)
        q = g_utf8_next_char (q);
      tp_line_splitter_feed (&splitter, p, q - p, cuts);
      p = q;
    }
  return cuts;
}

/* The lengths of the pieces, in characters, as the splitter cuts them. */
static void
check_pieces (const char *text,
              GArray     *cuts,
              guint       limit)
{
  guint64 previous = 0, line_start = 0, at = 0;
  guint next = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p), at++)
    {
      gunichar c = g_utf8_get_char (p);

      if (next < cuts->len && g_array_index (cuts, guint64, next) == at)
        {
          g_assert_cmpuint (at - previous, <=, limit + 64);
          g_assert_cmpuint (at - previous, >=, limit / 2);
          /* Never before a mark or a line end, never at a line's start. */
          g_assert_false (g_unichar_ismark (c));
          g_assert_false (tp_line_splitter_is_line_end (c));
          g_assert_cmpuint (at, >, line_start);
          previous = at;
          next++;
        }
      if (tp_line_splitter_is_line_end (c))
        previous = line_start = at + 1;
    }
  g_assert_cmpuint (next, ==, cuts->len);
}

static char *
words (guint count)
{
  static const char *const list[] = { "alpha ", "beta, ", "gamma ", "délta ", "ε ", "zeta; " };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < count; i++)
    g_string_append (text, list[i % G_N_ELEMENTS (list)]);
  return g_string_free (text, FALSE);
}

static void
test_short_lines_stay (void)
{
  g_autofree char *line = g_strnfill (LIMIT, 'x');
  g_autofree char *text = g_strconcat (line, "\n", line, "\r\n", line, "\r", line, NULL);
  g_autoptr(GArray) cuts = cuts_of (text, LIMIT, G_MAXSIZE);

  g_assert_cmpuint (cuts->len, ==, 0);
}

static void
test_cut_after_spaces (void)
{
  g_autofree char *text = words (200);
  g_autoptr(GArray) cuts = cuts_of (text, LIMIT, G_MAXSIZE);

  g_assert_cmpuint (cuts->len, >, 10);
  check_pieces (text, cuts, LIMIT);
  for (guint i = 0; i < cuts->len; i++)
    {
      const char *at = g_utf8_offset_to_pointer (text, (glong) g_array_index (cuts, guint64, i));
      g_assert_true (g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (at))));
    }
}

static void
test_hard_cuts (void)
{
  g_autofree char *text = g_strnfill (LIMIT * 5 + 3, 'x');
  g_autoptr(GArray) cuts = cuts_of (text, LIMIT, G_MAXSIZE);

  g_assert_cmpuint (cuts->len, ==, 5);
  for (guint i = 0; i < cuts->len; i++)
    g_assert_cmpuint (g_array_index (cuts, guint64, i), ==, (i + 1) * LIMIT);
}

static void
test_marks_stay_with_their_letter (void)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GArray) cuts = NULL;

  /* "é" as e + combining acute, then a family emoji joined by ZWJ, over and over. */
  for (int i = 0; i < 200; i++)
    g_string_append (text, "e\xcc\x81"
                           "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7");
  cuts = cuts_of (text->str, LIMIT, G_MAXSIZE);
  g_assert_cmpuint (cuts->len, >, 5);
  check_pieces (text->str, cuts, LIMIT);
  for (guint i = 0; i < cuts->len; i++)
    {
      const char *at = g_utf8_offset_to_pointer (text->str,
                                                 (glong) g_array_index (cuts, guint64, i));
      g_assert_cmpuint (g_utf8_get_char (at), !=, 0x200D);
      g_assert_cmpuint (g_utf8_get_char (g_utf8_prev_char (at)), !=, 0x200D);
    }
  g_string_free (text, TRUE);
}

/* Fed a character at a time or all at once, the cuts are the same. */
static void
test_chunks_do_not_matter (void)
{
  g_autofree char *prose = words (300);
  g_autofree char *text = g_strconcat (prose, "\r\n", prose, "\n\n", prose, NULL);
  g_autoptr(GArray) whole = cuts_of (text, LIMIT, G_MAXSIZE);

  check_pieces (text, whole, LIMIT);
  for (gsize chunk = 1; chunk < 70; chunk += 3)
    {
      g_autoptr(GArray) pieces = cuts_of (text, LIMIT, chunk);

      g_assert_cmpuint (pieces->len, ==, whole->len);
      g_assert_cmpmem (pieces->data, pieces->len * sizeof (guint64), whole->data,
                       whole->len * sizeof (guint64));
    }
}

static void
check_line_end (const char *text,
                const char *expected,
                guint64     longest)
{
  TpLineSplitter splitter;
  g_autoptr(GArray) cuts = g_array_new (FALSE, FALSE, sizeof (guint64));

  tp_line_splitter_init (&splitter, LIMIT);
  tp_line_splitter_feed (&splitter, text, strlen (text), cuts);
  g_assert_cmpstr (splitter.first_line_end, ==, expected);
  g_assert_cmpuint (tp_line_splitter_get_longest (&splitter), ==, longest);
}

static void
test_line_ends (void)
{
  check_line_end ("one line", "", 8);
  check_line_end ("one\r\ntwo lines\n", "\r\n", 9);
  check_line_end ("old\rmac\r\nmixed", "\r", 5);
  check_line_end ("unix\nthen\r\n", "\n", 4);
  check_line_end ("ab\xe2\x80\xa9" "cd\nef", "\n", 2);
  check_line_end ("", "", 0);
}

/* ---- the buffer ---- */

typedef struct
{
  GtkSourceBuffer *buffer;
  TpLongLines     *lines;
  /* The text as the recorder keeps it: each change applied at the offsets it has in the
   * document's text, as src/record/tp-record-client.c sends them. */
  GString         *recorded;
} Fixture;

static gsize
recorded_index (Fixture *fixture,
                int      offset)
{
  g_assert_cmpint (offset, <=, (int) g_utf8_strlen (fixture->recorded->str, -1));
  return g_utf8_offset_to_pointer (fixture->recorded->str, offset) - fixture->recorded->str;
}

static void
record_insert (Fixture     *fixture,
               GtkTextIter *location,
               const char  *text,
               int          length)
{
  if (tp_long_lines_is_adding_break (fixture->lines))
    return;
  g_string_insert_len (fixture->recorded,
                       (gssize) recorded_index (fixture,
                                                tp_long_lines_get_real_offset (fixture->lines,
                                                                               location)),
                       text, length);
}

static void
record_delete (Fixture     *fixture,
               GtkTextIter *start,
               GtkTextIter *end)
{
  gsize from = recorded_index (fixture, tp_long_lines_get_real_offset (fixture->lines, start));
  gsize to = recorded_index (fixture, tp_long_lines_get_real_offset (fixture->lines, end));

  g_string_erase (fixture->recorded, (gssize) from, (gssize) (to - from));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->buffer = gtk_source_buffer_new (NULL);
  gtk_source_buffer_set_implicit_trailing_newline (fixture->buffer, FALSE);
  fixture->lines = tp_long_lines_new (fixture->buffer);
  tp_long_lines_set_limit (fixture->lines, LIMIT);
  fixture->recorded = g_string_new (NULL);
  g_signal_connect_swapped (fixture->buffer, "insert-text", G_CALLBACK (record_insert), fixture);
  g_signal_connect_swapped (fixture->buffer, "delete-range", G_CALLBACK (record_delete), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_object_unref (fixture->lines);
  g_object_unref (fixture->buffer);
  g_string_free (fixture->recorded, TRUE);
}

static char *
document_text (Fixture *fixture)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (fixture->buffer), &start, &end);
  return tp_long_lines_get_text (fixture->lines, &start, &end);
}

/* The document's text is expected, and the recorder's copy is the same. */
static void
assert_document_text (Fixture    *fixture,
                      const char *expected)
{
  g_autofree char *text = document_text (fixture);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (fixture->recorded->str, ==, expected);
}

static void
read_in (Fixture    *fixture,
         const char *text,
         gsize       chunk)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  const char *p = text, *end = text + strlen (text);
  GtkTextIter at;

  tp_long_lines_begin_reading (fixture->lines);
  gtk_text_buffer_set_text (buffer, "", 0);
  while (p < end)
    {
      const char *q = p;

      for (gsize n = 0; n < chunk && q < end; n++)
        q = g_utf8_next_char (q);
      gtk_text_buffer_get_end_iter (buffer, &at);
      gtk_text_buffer_insert (buffer, &at, p, (int) (q - p));
      p = q;
    }
  tp_long_lines_end_reading (fixture->lines);
}

static const char *const samples[] = {
  "short\nlines\nonly\n",
  "a long line of words, again and again, a long line of words, again and again, and more "
  "words still, without a final newline",
  "crlf line one is long, long, long, long, long, long, long, long, long, long, long\r\n"
  "crlf line two is long, long, long, long, long, long, long, long, long, long, long\r\n",
  "multi-byte: ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé "
  "日本語のテキストは空白なしで長く続きます日本語のテキストは空白なしで長く続きます\n"
  "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
  "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
  "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
  "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80"
  "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80",
  "old mac \rline ends, very long, very long, very long, very long, very long, very long\r",
  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
};

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    for (gsize chunk = 1; chunk < 100; chunk += 17)
      {
        read_in (fixture, samples[i], chunk);
        assert_document_text (fixture, samples[i]);
      }
  tp_long_lines_set_text (fixture->lines, samples[1], -1);
  g_assert_cmpuint (tp_long_lines_get_n_breaks (fixture->lines), >, 1);
  g_assert_cmpint (gtk_text_buffer_get_line_count (GTK_TEXT_BUFFER (fixture->buffer)), ==,
                   1 + (int) tp_long_lines_get_n_breaks (fixture->lines));
  assert_document_text (fixture, samples[1]);
}

static gboolean
previous_is_cr (const GtkTextIter *iter)
{
  GtkTextIter before = *iter;

  return gtk_text_iter_backward_char (&before) && gtk_text_iter_get_char (&before) == '\r';
}

/* Every position of the buffer maps to the document's offset, line and column that counting in
 * the text itself gives. */
static void
test_positions (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *prose = words (40);
  g_autofree char *text = g_strconcat ("first\n", prose, "\r\n", "short\n", prose, "\n", prose,
                                       NULL);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  int real_offset = 0, real_line = 0, real_column = 0;
  GtkTextIter iter;

  read_in (fixture, text, 7);
  g_assert_cmpuint (tp_long_lines_get_n_breaks (fixture->lines), >, 4);
  for (gtk_text_buffer_get_start_iter (buffer, &iter);; gtk_text_iter_forward_char (&iter))
    {
      int line, column;
      gunichar c = gtk_text_iter_get_char (&iter);

      if (tp_long_lines_is_break (fixture->lines, &iter))
        continue;
      g_assert_cmpint (tp_long_lines_get_real_offset (fixture->lines, &iter), ==, real_offset);
      tp_long_lines_get_real_position (fixture->lines, &iter, &line, &column);
      g_assert_cmpint (line, ==, real_line);
      g_assert_cmpint (column, ==, real_column);
      /* (Between the two characters of "\r\n" is past the end of the line.) */
      if (c != '\n' || !previous_is_cr (&iter))
      {
        GtkTextIter back;

        tp_long_lines_get_iter_at_real_position (fixture->lines, &back, real_line, real_column);
        g_assert_cmpint (tp_long_lines_get_real_offset (fixture->lines, &back), ==, real_offset);
      }
      if (real_column == 0)
        {
          GtkTextIter line_start;

          tp_long_lines_get_iter_at_real_line (fixture->lines, &line_start, real_line);
          g_assert_true (gtk_text_iter_equal (&line_start, &iter));
        }
      if (gtk_text_iter_is_end (&iter))
        break;
      real_offset++;
      {
        GtkTextIter next = iter;

        gtk_text_iter_forward_char (&next);
        if ((c == '\r' && gtk_text_iter_get_char (&next) != '\n') || c == '\n')
          {
            GtkTextIter clamped;

            /* A column past the end of the line gives its end. */
            tp_long_lines_get_iter_at_real_position (fixture->lines, &clamped, real_line,
                                                     real_column + 1000);
            g_assert_cmpint (tp_long_lines_get_real_offset (fixture->lines, &clamped), ==,
                             real_offset - (c == '\n' && previous_is_cr (&iter) ? 2 : 1));
            real_line++;
            real_column = 0;
          }
        else
          real_column++;
      }
    }
}

static void
type_at (Fixture    *fixture,
         int         offset,
         const char *text)
{
  GtkTextIter at;

  gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (fixture->buffer), &at, offset);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (fixture->buffer), &at);
  gtk_text_buffer_insert_interactive_at_cursor (GTK_TEXT_BUFFER (fixture->buffer), text, -1,
                                                TRUE);
}

/* The buffer offset of the first break. */
static int
first_break (Fixture *fixture)
{
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (fixture->buffer), &iter);
  while (!tp_long_lines_is_break (fixture->lines, &iter))
    g_assert_true (gtk_text_iter_forward_char (&iter));
  return gtk_text_iter_get_offset (&iter);
}

/* text with the characters from from to to replaced by insert. */
static char *
splice (const char *text,
        int         from,
        int         to,
        const char *insert)
{
  const char *a = g_utf8_offset_to_pointer (text, from), *b = g_utf8_offset_to_pointer (text, to);
  g_autofree char *head = g_strndup (text, a - text);

  return g_strconcat (head, insert, b, NULL);
}

static void
test_edits_keep_breaks (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  g_autofree char *text = words (30);
  GtkTextIter from, to;
  guint breaks;
  int cut;

  tp_long_lines_set_text (fixture->lines, text, -1);
  breaks = tp_long_lines_get_n_breaks (fixture->lines);
  cut = first_break (fixture);

  /* A key typed at the end of a piece goes into the text there. */
  type_at (fixture, cut, "X");
  {
    g_autofree char *with_x = splice (text, cut, cut, "X");
    assert_document_text (fixture, with_x);
    g_assert_true (gtk_source_buffer_can_undo (fixture->buffer));
    gtk_source_buffer_undo (fixture->buffer);
    assert_document_text (fixture, text);
  }

  /* Backspace after a break deletes the character before it; Delete before it, the one after. */
  gtk_text_buffer_get_iter_at_offset (buffer, &from, cut + 1);
  gtk_text_buffer_place_cursor (buffer, &from);
  gtk_text_buffer_backspace (buffer, &from, TRUE, TRUE);
  {
    g_autofree char *expected = splice (text, cut - 1, cut, "");
    assert_document_text (fixture, expected);
  }
  gtk_source_buffer_undo (fixture->buffer);
  assert_document_text (fixture, text);
  cut = first_break (fixture);
  gtk_text_buffer_get_iter_at_offset (buffer, &from, cut);
  gtk_text_buffer_place_cursor (buffer, &from);
  to = from;
  gtk_text_iter_forward_char (&to);
  gtk_text_buffer_delete_interactive (buffer, &from, &to, TRUE);
  {
    g_autofree char *expected = splice (text, cut, cut + 1, "");
    assert_document_text (fixture, expected);
  }
  gtk_source_buffer_undo (fixture->buffer);

  /* A deletion across breaks deletes the text and leaves the breaks; undo brings it back. */
  gtk_text_buffer_get_iter_at_offset (buffer, &from, 3);
  gtk_text_buffer_get_iter_at_offset (buffer, &to, cut + LIMIT + 10);
  {
    int real_end = tp_long_lines_get_real_offset (fixture->lines, &to);
    g_autofree char *expected = splice (text, 3, real_end, "");

    g_assert_cmpint (real_end, <, cut + LIMIT + 10);
    gtk_text_buffer_delete_interactive (buffer, &from, &to, TRUE);
    g_assert_cmpuint (tp_long_lines_get_n_breaks (fixture->lines), ==, breaks);
    assert_document_text (fixture, expected);
  }
  gtk_source_buffer_undo (fixture->buffer);
  assert_document_text (fixture, text);
  gtk_source_buffer_redo (fixture->buffer);
  gtk_source_buffer_undo (fixture->buffer);
  assert_document_text (fixture, text);
  g_assert_cmpuint (tp_long_lines_get_n_breaks (fixture->lines), ==, breaks);

  /* A whole piece deleted, its breaks meet; what is typed between them is text. */
  cut = first_break (fixture);
  {
    GtkTextIter next;
    int second;

    gtk_text_buffer_get_iter_at_offset (buffer, &next, cut + 1);
    while (!tp_long_lines_is_break (fixture->lines, &next))
      gtk_text_iter_forward_char (&next);
    second = gtk_text_iter_get_offset (&next);
    gtk_text_buffer_get_iter_at_offset (buffer, &from, cut + 1);
    gtk_text_buffer_delete (buffer, &from, &next);
    type_at (fixture, cut + 1, "typed");
    {
      g_autofree char *expected = splice (text, cut, second - 1, "typed");
      assert_document_text (fixture, expected);
    }
  }
}

/* The buffer's own text, breaks and all, pasted back: the breaks do not become text. */
static void
test_copied_breaks_stay_out (Fixture       *fixture,
                             gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  g_autofree char *text = words (30);
  g_autofree char *slice = NULL;
  g_autofree char *expected = NULL;
  GtkTextIter start, end;
  GtkTextTag *tag = NULL;

  tp_long_lines_set_text (fixture->lines, text, -1);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  slice = gtk_text_buffer_get_slice (buffer, &start, &end, TRUE);
  g_assert_nonnull (strstr (slice, "\xe2\x80\xa9"));
  gtk_text_buffer_insert (buffer, &end, slice, -1);
  expected = g_strconcat (text, text, NULL);
  assert_document_text (fixture, expected);

  /* Nor does anyone else's hand give the break tag. */
  gtk_text_buffer_get_iter_at_offset (buffer, &start, first_break (fixture));
  {
    g_autoptr(GSList) tags = gtk_text_iter_get_tags (&start);
    g_assert_nonnull (tags);
    tag = tags->data;
  }
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
  assert_document_text (fixture, expected);
  gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
  assert_document_text (fixture, expected);
}

/* A document recovered after a crash is shown as one read from its file: long lines cut, as
 * plain text, its text the one recorded. */
static void
test_restored_document (void)
{
  g_autoptr(TpDocument) document = tp_document_new ();
  GtkSourceBuffer *buffer = tp_document_get_buffer (document);
  TpLongLines *long_lines = tp_document_get_long_lines (document);
  g_autofree char *line = words (2000);
  g_autofree char *text = g_strconcat ("{\"a\": \"", line, "\"}\n", NULL);
  g_autofree char *restored = NULL;
  g_autoptr(GFile) location = g_file_new_for_path ("/nonexistent/recovered.json");
  GtkTextIter start, end;

  tp_document_restore (document, location, NULL, text, -1);
  g_assert_cmpuint (tp_long_lines_get_n_breaks (long_lines), >, 2);
  g_assert_null (gtk_source_buffer_get_language (buffer));
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  restored = tp_long_lines_get_text (long_lines, &start, &end);
  g_assert_cmpstr (restored, ==, text);

  tp_document_restore (document, location, NULL, "{\"short\": 1}\n", -1);
  g_assert_cmpuint (tp_long_lines_get_n_breaks (long_lines), ==, 0);
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (buffer)), ==,
                   "json");
}

/* Reading again (Reload, Reopen With Encoding) first empties a buffer that has breaks: the
 * recorder is told of the text it had, not of its breaks. */
static void
test_reading_again (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *text = words (30);
  g_autofree char *other = words (20);

  tp_long_lines_set_text (fixture->lines, text, -1);
  g_assert_cmpuint (tp_long_lines_get_n_breaks (fixture->lines), >, 1);
  assert_document_text (fixture, text);
  tp_long_lines_set_text (fixture->lines, "short", -1);
  assert_document_text (fixture, "short");
  tp_long_lines_set_text (fixture->lines, text, -1);
  read_in (fixture, other, 13);
  assert_document_text (fixture, other);
  type_at (fixture, 0, "typed ");
  {
    g_autofree char *expected = g_strconcat ("typed ", other, NULL);
    assert_document_text (fixture, expected);
  }
}

/* A paragraph separator of the file's own is text: deleted and brought back by undo, it comes
 * back. */
static void
test_undo_brings_back_separator (Fixture       *fixture,
                                 gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  g_autofree char *prose = words (30);
  g_autofree char *text = g_strconcat ("one\xe2\x80\xa9two\n", prose, NULL);
  GtkTextIter from, to;

  tp_long_lines_set_text (fixture->lines, text, -1);
  g_assert_cmpuint (tp_long_lines_get_n_breaks (fixture->lines), >, 1);
  assert_document_text (fixture, text);

  gtk_text_buffer_get_iter_at_offset (buffer, &from, 2);
  gtk_text_buffer_get_iter_at_offset (buffer, &to, 5);
  gtk_text_buffer_delete_interactive (buffer, &from, &to, TRUE);
  {
    g_autofree char *expected = splice (text, 2, 5, "");
    assert_document_text (fixture, expected);
    gtk_source_buffer_undo (fixture->buffer);
    assert_document_text (fixture, text);
    gtk_source_buffer_redo (fixture->buffer);
    assert_document_text (fixture, expected);
    gtk_source_buffer_undo (fixture->buffer);
    assert_document_text (fixture, text);
  }
}

/* A selection of nothing but a break (Shift+Right at the end of a piece) holds no text:
 * deleting it or typing over it takes none of the text around it. */
static void
test_selected_break_holds_nothing (Fixture       *fixture,
                                   gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  g_autofree char *text = words (30);
  GtkTextIter from, to;
  int cut;

  tp_long_lines_set_text (fixture->lines, text, -1);
  cut = first_break (fixture);
  for (int backwards = 0; backwards < 2; backwards++)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &from, cut);
      gtk_text_buffer_get_iter_at_offset (buffer, &to, cut + 1);
      if (backwards)
        gtk_text_buffer_select_range (buffer, &from, &to);
      else
        gtk_text_buffer_select_range (buffer, &to, &from);
      g_assert_true (gtk_text_buffer_delete_selection (buffer, TRUE, TRUE));
      assert_document_text (fixture, text);
    }

  gtk_text_buffer_get_iter_at_offset (buffer, &from, cut);
  gtk_text_buffer_get_iter_at_offset (buffer, &to, cut + 1);
  gtk_text_buffer_select_range (buffer, &to, &from);
  gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
  gtk_text_buffer_insert_interactive_at_cursor (buffer, "X", -1, TRUE);
  {
    g_autofree char *expected = splice (text, cut, cut, "X");
    assert_document_text (fixture, expected);
  }
}

/* Edits of every kind across the cuts, then all undone and all redone: each step keeps the
 * breaks, and the recorder's copy follows the document's text. */
static void
test_edit_undo_redo (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (fixture->buffer);
  g_autofree char *prose = words (60);
  g_autofree char *same = g_strnfill (LIMIT * 4, 'x');
  g_autofree char *text = g_strconcat (prose, "\r\n", "e\xcc\x81\xe2\x80\xa9", prose, "\n", same,
                                       NULL);
  g_autofree char *final = NULL;
  guint32 state = 11;
  guint breaks;

  /* As a file is read: not undoable. */
  gtk_source_buffer_begin_not_undoable_action (fixture->buffer);
  tp_long_lines_set_text (fixture->lines, text, -1);
  gtk_source_buffer_end_not_undoable_action (fixture->buffer);
  breaks = tp_long_lines_get_n_breaks (fixture->lines);
  g_assert_cmpuint (breaks, >, 4);
  for (int step = 0; step < 300; step++)
    {
      int count = gtk_text_buffer_get_char_count (buffer);
      GtkTextIter from, to;
      int a, b;

      state = state * 1103515245 + 12345;
      a = (int) ((state >> 8) % (guint32) (count + 1));
      state = state * 1103515245 + 12345;
      b = MIN (count, a + (int) ((state >> 8) % (LIMIT * 3)));
      gtk_text_buffer_get_iter_at_offset (buffer, &from, a);
      gtk_text_buffer_get_iter_at_offset (buffer, &to, b);
      switch (step % 6)
        {
        case 0:
          type_at (fixture, a, step % 4 ? "xy " : "\xc3\xa9");
          break;
        case 1:
          gtk_text_buffer_delete_interactive (buffer, &from, &to, TRUE);
          break;
        case 2:
          gtk_text_buffer_place_cursor (buffer, &from);
          gtk_text_buffer_backspace (buffer, &from, TRUE, TRUE);
          break;
        case 3:
          /* Typing over a selection. */
          gtk_text_buffer_select_range (buffer, &to, &from);
          gtk_text_buffer_delete_selection (buffer, TRUE, TRUE);
          gtk_text_buffer_insert_interactive_at_cursor (buffer, "Z", -1, TRUE);
          break;
        case 4:
          gtk_source_buffer_undo (fixture->buffer);
          break;
        default:
          if (gtk_source_buffer_can_redo (fixture->buffer))
            gtk_source_buffer_redo (fixture->buffer);
          break;
        }
      g_assert_cmpuint (tp_long_lines_get_n_breaks (fixture->lines), ==, breaks);
      {
        g_autofree char *now = document_text (fixture);
        g_assert_cmpstr (fixture->recorded->str, ==, now);
      }
    }
  final = document_text (fixture);
  while (gtk_source_buffer_can_undo (fixture->buffer))
    gtk_source_buffer_undo (fixture->buffer);
  assert_document_text (fixture, text);
  while (gtk_source_buffer_can_redo (fixture->buffer))
    gtk_source_buffer_redo (fixture->buffer);
  assert_document_text (fixture, final);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Buffers and tags need GTK's types, not a display. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_type_ensure (GDK_TYPE_COLOR);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_type_ensure (GDK_TYPE_RGBA);
  gtk_source_init ();
  g_test_add_func ("/LineSplitter/short-lines-stay", test_short_lines_stay);
  g_test_add_func ("/LineSplitter/cut-after-spaces", test_cut_after_spaces);
  g_test_add_func ("/LineSplitter/hard-cuts", test_hard_cuts);
  g_test_add_func ("/LineSplitter/marks-stay-with-their-letter", test_marks_stay_with_their_letter);
  g_test_add_func ("/LineSplitter/chunks-do-not-matter", test_chunks_do_not_matter);
  g_test_add_func ("/LineSplitter/line-ends", test_line_ends);
  g_test_add ("/LongLines/round-trip", Fixture, NULL, fixture_set_up, test_round_trip,
              fixture_tear_down);
  g_test_add ("/LongLines/positions", Fixture, NULL, fixture_set_up, test_positions,
              fixture_tear_down);
  g_test_add ("/LongLines/edits-keep-breaks", Fixture, NULL, fixture_set_up,
              test_edits_keep_breaks, fixture_tear_down);
  g_test_add ("/LongLines/copied-breaks-stay-out", Fixture, NULL, fixture_set_up,
              test_copied_breaks_stay_out, fixture_tear_down);
  g_test_add_func ("/LongLines/restored-document", test_restored_document);
  g_test_add ("/LongLines/reading-again", Fixture, NULL, fixture_set_up, test_reading_again,
              fixture_tear_down);
  g_test_add ("/LongLines/undo-brings-back-separator", Fixture, NULL, fixture_set_up,
              test_undo_brings_back_separator, fixture_tear_down);
  g_test_add ("/LongLines/selected-break-holds-nothing", Fixture, NULL, fixture_set_up,
              test_selected_break_holds_nothing, fixture_tear_down);
  g_test_add ("/LongLines/edit-undo-redo", Fixture, NULL, fixture_set_up, test_edit_undo_redo,
              fixture_tear_down);
  return g_test_run ();
}

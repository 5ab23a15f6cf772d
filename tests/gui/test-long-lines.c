/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tp-document.h"
#include "tp-find-bar.h"
#include "tp-gui-harness.h"
#include "tp-long-lines.h"
#include "tp-tab.h"
#include "tp-window.h"

/* Files whose lines are too long for GTK to lay out at typing speed: they open with their text
 * on screen, take keys, find and go to line, and save back byte for byte what was read plus
 * what was typed. */

#define MIDDLE_WORD "quinquagesimal"

static char *test_dir;
static char *test_path;
static GBytes *original;

/* Words of the tests' dictionary (tests/data/dictionaries), so that spell-checking the file
 * does not underline half a million words. */
static const char *const words[] = {
  "a", "the", "cat", "hello", "world,", "worlds", "café", "crème", "naïve;", "doesn't", "short",
  "circuit", "quick", "brown",
};

/* size bytes of words on one line, with MIDDLE_WORD in the middle and no final line end (as a
 * minified file has). */
static GBytes *
make_one_line (gsize size)
{
  GString *text = g_string_sized_new (size + 16);
  gboolean middle_written = FALSE;
  guint32 state = 7;

  while (text->len < size)
    {
      if (!middle_written && text->len >= size / 2)
        {
          g_string_append (text, MIDDLE_WORD " ");
          middle_written = TRUE;
        }
      state = state * 1103515245 + 12345;
      g_string_append (text, words[(state >> 16) % G_N_ELEMENTS (words)]);
      g_string_append_c (text, ' ');
    }
  g_string_truncate (text, size);
  if (text->str[text->len - 1] == ' ')
    text->str[text->len - 1] = 'x';
  return g_string_free_to_bytes (text);
}

static void
write_test_file (const char *name,
                 GBytes     *contents)
{
  gsize length;
  const char *data = g_bytes_get_data (contents, &length);

  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, name, data, (gssize) length);
  original = g_bytes_ref (contents);
}

static TpDocument *
document_of (TpTab *tab)
{
  return tp_tab_get_document (tab);
}

static GtkTextBuffer *
buffer_of (TpTab *tab)
{
  return GTK_TEXT_BUFFER (tp_document_get_buffer (document_of (tab)));
}

static void
save_and_wait (TpTab *tab)
{
  tp_gui_press ("<Control>s");
  tp_gui_wait_until (tp_document_get_busy (document_of (tab))
                     || !tp_document_get_modified (document_of (tab)));
  tp_gui_wait_until_within (!tp_document_get_busy (document_of (tab))
                              && !tp_document_get_modified (document_of (tab)),
                            60);
}

/* The file holds what was read, with inserted put in at offset (a byte offset). */
static void
assert_file_is_original_with (gsize       offset,
                              const char *inserted)
{
  g_autoptr(GBytes) now = tp_gui_read_file (test_path);
  gsize length;
  const char *data = g_bytes_get_data (original, &length);
  g_autoptr(GByteArray) expected = g_byte_array_new ();

  g_byte_array_append (expected, (const guint8 *) data, (guint) offset);
  g_byte_array_append (expected, (const guint8 *) inserted, (guint) strlen (inserted));
  g_byte_array_append (expected, (const guint8 *) data + offset, (guint) (length - offset));
  if (g_bytes_get_size (now) != expected->len
      || memcmp (g_bytes_get_data (now, NULL), expected->data, expected->len) != 0)
    g_error ("%s holds %zu bytes, not the %u read plus the %zu typed", test_path,
             g_bytes_get_size (now), (guint) length, strlen (inserted));
}

static guint draws;

static gboolean
count_draw (GtkWidget *widget,
            cairo_t   *cr)
{
  draws++;
  return FALSE;
}

static void
one_line_body (TpApplication *app)
{
  TpWindow *window;
  TpTab *tab;
  TpLongLines *long_lines;
  TpFindBar *bar;
  GtkTextBuffer *buffer;
  GtkTextIter cursor, start, end;
  guint draws_before;
  int line, column;

  window = tp_gui_wait_for_window (app);
  tab = tp_gui_wait_for_loaded (window);
  long_lines = tp_document_get_long_lines (document_of (tab));
  bar = tp_window_get_find_bar (window);
  buffer = buffer_of (tab);
  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  g_assert_cmpuint (tp_long_lines_get_n_breaks (long_lines), >, 100);
  g_assert_nonnull (tp_tab_get_message (tab));
  g_assert_nonnull (strstr (tp_tab_get_message (tab), "too long"));
  g_assert_nonnull (strstr (tp_tab_get_message (tab), "saving writes each line whole"));
  /* Colouring lines this long would take GtkSourceView minutes: plain text, not JSON. */
  g_assert_null (gtk_source_buffer_get_language (tp_document_get_buffer (document_of (tab))));

  /* A key at the very end of the line is taken and painted. */
  g_signal_connect (tp_tab_get_view (tab), "draw", G_CALLBACK (count_draw), NULL);
  tp_gui_press ("<Control>End");
  tp_gui_wait_idle ();
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  g_assert_true (gtk_text_iter_is_end (&cursor));
  tp_long_lines_get_real_position (long_lines, &cursor, &line, &column);
  g_assert_cmpint (line, ==, 0);
  g_assert_cmpint (column, ==, (int) g_utf8_strlen (g_bytes_get_data (original, NULL),
                                                    (gssize) g_bytes_get_size (original)));
  draws_before = draws;
  tp_gui_type ("Q");
  tp_gui_wait_until (tp_document_get_modified (document_of (tab)) && draws > draws_before);

  save_and_wait (tab);
  assert_file_is_original_with (g_bytes_get_size (original), "Q");

  /* Find reaches a word in the middle of the line, and words on both sides of a cut. */
  tp_gui_press ("<Control>f");
  tp_gui_wait_until (gtk_revealer_get_child_revealed (GTK_REVEALER (bar)));
  tp_gui_type (MIDDLE_WORD);
  tp_gui_wait_until_within (g_str_equal (tp_find_bar_get_status (bar), "1 of 1"), 30);
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  {
    g_autofree char *found = tp_long_lines_get_text (long_lines, &start, &end);
    g_assert_cmpstr (found, ==, MIDDLE_WORD);
  }
  {
    GtkTextIter cut, before, after;
    g_autofree char *phrase = NULL;

    gtk_text_buffer_get_iter_at_line (buffer, &cut, 1);
    gtk_text_iter_backward_char (&cut);
    g_assert_true (tp_long_lines_is_break (long_lines, &cut));
    before = after = cut;
    gtk_text_iter_backward_chars (&before, 3);
    gtk_text_iter_forward_chars (&after, 4);
    phrase = tp_long_lines_get_text (long_lines, &before, &after);
    g_assert_cmpint (g_utf8_strlen (phrase, -1), ==, 6);
    gtk_entry_set_text (GTK_ENTRY (tp_gui_find_widget (GTK_WIDGET (bar), GTK_TYPE_SEARCH_ENTRY,
                                                       NULL, NULL)),
                        phrase);
    tp_gui_wait_until_within (g_str_has_suffix (tp_find_bar_get_status (bar), " matches")
                                || strstr (tp_find_bar_get_status (bar), " of ") != NULL,
                              30);
  }
  tp_gui_press ("Escape");

  /* Go to line 1, column 1000: the thousandth character, whatever piece it is on. */
  tp_tab_go_to (tab, 1, 1000);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (tp_long_lines_get_real_offset (long_lines, &cursor), ==, 999);
}

static void
test_one_line (void)
{
  g_autoptr(GBytes) text = make_one_line (3 * 1024 * 1024);

  write_test_file ("minified.json", text);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, one_line_body);
}

/* Long lines with Windows line ends and characters of several bytes: a key typed at the start of
 * the second line lands there, and the line ends stay "\r\n". */
static void
crlf_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpLongLines *long_lines = tp_document_get_long_lines (document_of (tab));
  GtkTextBuffer *buffer = buffer_of (tab);
  GtkTextIter cursor;
  const char *data = g_bytes_get_data (original, NULL);
  const char *second = strstr (data, "\r\n") + 2;

  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  g_assert_cmpuint (tp_long_lines_get_n_breaks (long_lines), >, 10);

  tp_tab_go_to (tab, 2, 1);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  g_assert_true (gtk_text_iter_starts_line (&cursor));
  tp_gui_type ("x");
  tp_gui_wait_until (tp_document_get_modified (document_of (tab)));
  save_and_wait (tab);
  assert_file_is_original_with ((gsize) (second - data), "x");
}

static void
test_crlf (void)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;

  for (int line = 0; line < 3; line++)
    {
      for (int i = 0; i < 4000; i++)
        g_string_append (text, i % 7 == 0 ? "日本語 " : "café, ");
      g_string_append (text, "\r\n");
    }
  bytes = g_string_free_to_bytes (text);
  write_test_file ("windows.txt", bytes);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, crlf_body);
}

/* Replace All in a file whose lines are cut: each phrase replaced is the phrase found, across
 * the cuts too (GtkSourceView's pattern search counts the hidden breaks as characters when it
 * says where a match is, so a match over a cut would end one character short). */
static void
replace_all_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpFindBar *bar = tp_window_get_find_bar (window);
  g_auto(GStrv) parts = g_strsplit (g_bytes_get_data (original, NULL), "brown quick", -1);
  g_autofree char *expected = g_strjoinv ("grey", parts);
  /* One is replaced on its own first. */
  g_autofree char *count = g_strdup_printf ("Replaced %u matches", g_strv_length (parts) - 2);
  TpLongLines *long_lines = tp_document_get_long_lines (document_of (tab));
  GtkTextBuffer *buffer = buffer_of (tab);
  g_autoptr(GBytes) now = NULL;
  GtkTextIter before, start, end;

  /* Each replacement leaves the spell checker a region to check again, and a thousand of them
   * keep it busy for tens of seconds (as GtkSourceView's own Replace All does): not what this
   * test is about. */
  g_settings_set_boolean (tp_application_get_settings (app), "spell-check", FALSE);
  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  g_assert_cmpuint (tp_long_lines_get_n_breaks (tp_document_get_long_lines (document_of (tab))),
                    >=, 4);
  tp_gui_press ("<Control>h");
  tp_gui_wait_until (gtk_revealer_get_child_revealed (GTK_REVEALER (bar)));
  tp_gui_type ("brown quick");
  tp_gui_wait_until_within (strstr (tp_find_bar_get_status (bar), " of ") != NULL
                              || g_str_has_suffix (tp_find_bar_get_status (bar), "matches"),
                            30);
  tp_gui_click (tp_gui_find_widget (GTK_WIDGET (bar), GTK_TYPE_ENTRY, "placeholder-text",
                                    "Replace with"));
  tp_gui_type ("grey");

  /* A match over a cut is selected whole, and Replace replaces it. */
  for (int line = 1;; line++)
    {
      GtkTextIter cut;
      g_autofree char *piece_end = NULL;

      g_assert_cmpint (line, <, gtk_text_buffer_get_line_count (buffer));
      gtk_text_buffer_get_iter_at_line (buffer, &cut, line);
      gtk_text_iter_backward_char (&cut);
      before = cut;
      gtk_text_iter_backward_chars (&before, 7);
      piece_end = tp_long_lines_get_text (long_lines, &before, &cut);
      if (tp_long_lines_is_break (long_lines, &cut) && g_str_equal (piece_end, " brown "))
        break;
    }
  gtk_text_buffer_place_cursor (buffer, &before);
  tp_find_bar_find_next (bar);
  tp_gui_wait_until (gtk_text_buffer_get_selection_bounds (buffer, &start, &end));
  {
    g_autofree char *selected = tp_long_lines_get_text (long_lines, &start, &end);
    g_assert_cmpstr (selected, ==, "brown quick");
  }
  {
    int at = tp_long_lines_get_real_offset (long_lines, &start);

    tp_gui_click (tp_gui_find_button (GTK_WIDGET (bar), "_Replace"));
    tp_long_lines_get_iter_at_real_offset (long_lines, &start, at);
    tp_long_lines_get_iter_at_real_offset (long_lines, &end, at + 6);
    g_autofree char *replaced = tp_long_lines_get_text (long_lines, &start, &end);
    g_assert_cmpstr (replaced, ==, "grey b");
  }

  tp_gui_click (tp_gui_find_button (GTK_WIDGET (bar), "Replace _All"));
  tp_gui_wait_until (g_str_has_prefix (tp_find_bar_get_status (bar), "Replaced"));
  g_assert_cmpstr (tp_find_bar_get_status (bar), ==, count);
  tp_gui_press ("Escape");
  save_and_wait (tab);
  now = tp_gui_read_file (test_path);
  g_assert_cmpstr (g_bytes_get_data (now, NULL), ==, expected);
}

static void
test_replace_all (void)
{
  GString *text = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;

  /* Two long lines cut after spaces, every other cut inside "brown quick". */
  for (int line = 0; line < 2; line++)
    {
      for (int i = 0; i < 650; i++)
        g_string_append (text, "quick brown ");
      g_string_append_c (text, '\n');
    }
  bytes = g_string_free_to_bytes (text);
  write_test_file ("words.txt", bytes);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, replace_all_body);
}

/* A paragraph separator of the file's own (U+2029) cannot go through GtkSourceView's saver
 * unchanged: the save is refused with a message and writes nothing, and goes through once the
 * separator is deleted. */
static void
separator_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GtkTextBuffer *buffer = buffer_of (tab);
  GtkTextIter start, end;

  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  g_assert_cmpuint (tp_long_lines_get_n_breaks (tp_document_get_long_lines (document_of (tab))),
                    >, 2);
  tp_gui_type ("x");
  tp_gui_wait_until (tp_document_get_modified (document_of (tab)));
  tp_gui_press ("<Control>s");
  tp_gui_wait_until (tp_tab_get_message (tab) != NULL
                     && strstr (tp_tab_get_message (tab), "U+2029") != NULL);
  g_assert_nonnull (strstr (tp_tab_get_message (tab), "line 1"));
  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  g_assert_true (tp_document_get_modified (document_of (tab)));
  assert_file_is_original_with (0, "");

  gtk_text_buffer_get_iter_at_offset (buffer, &start, 4);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, 5);
  gtk_text_buffer_delete (buffer, &start, &end);
  save_and_wait (tab);
  {
    g_autoptr(GBytes) now = tp_gui_read_file (test_path);
    const char *data = g_bytes_get_data (original, NULL);
    g_autofree char *expected = g_strconcat ("xone", data + strlen ("one\xe2\x80\xa9"), NULL);

    g_assert_cmpstr (g_bytes_get_data (now, NULL), ==, expected);
  }
}

static void
test_separator (void)
{
  GString *text = g_string_new ("one\xe2\x80\xa9two\n");
  g_autoptr(GBytes) bytes = NULL;

  for (int i = 0; i < 1000; i++)
    g_string_append (text, "quick brown ");
  g_string_append_c (text, '\n');
  bytes = g_string_free_to_bytes (text);
  write_test_file ("separator.txt", bytes);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, separator_body);
}

int
main (int   argc,
      char *argv[])
{
  tp_gui_init (&argc, &argv);
  tp_gui_add ("/long-lines/one-line", test_one_line);
  tp_gui_add ("/long-lines/crlf", test_crlf);
  tp_gui_add ("/long-lines/replace-all", test_replace_all);
  tp_gui_add ("/long-lines/separator", test_separator);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtksourceview/gtksource.h>

#include "spell/tp-spell-checker.h"
#include "spell/tp-spell-service.h"
#include "tp-executor.h"
#include "tp-test-dir.h"
#include "../tp-test-spell.h"

/* Which results of the spell thread a document may use, and which it must drop. The jobs run
 * inline (threads off), so that the test decides when they run and the order of their
 * priorities decides the order their results come back in. */

static TpSpellService *service;
static TpExecutor *executor;

/* Runs the main loop until the checker has queued a job, and no further: the job waits. */
static void
run_until_queued (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (tp_executor_get_queue_length (executor) == 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
}

static void
wait_until_idle (TpSpellChecker *checker)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (tp_spell_checker_get_busy (checker) || g_main_context_pending (NULL))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
    }
}

/* The underlined ranges, as "offset+length " items. */
static char *
text_of (GtkSourceBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  return gtk_text_buffer_get_slice (GTK_TEXT_BUFFER (buffer), &start, &end, TRUE);
}

/* ---- an edit at the edge of a chunk that makes its last (or first) word longer ---- */

typedef void (*EditFunc) (GtkTextBuffer *buffer);

static void
type_at_end (GtkTextBuffer *buffer)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, "lo", -1);
}

static void
type_at_start (GtkTextBuffer *buffer)
{
  GtkTextIter start;

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert (buffer, &start, "hel", -1);
}

static void
join_by_deleting (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, " lo", -1);
  gtk_text_buffer_get_iter_at_offset (buffer, &start, 3);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, 4);
  gtk_text_buffer_delete (buffer, &start, &end);
}

/* The first chunk is sent while no view shows the text, so it waits in the background; the
 * edit then makes its word "hello", which is checked as visible text, ahead of it. The old
 * result comes back last and must not be applied: "hel" or "lo" would stay underlined inside
 * "hello". */
static const char *const urgent_words[] = { "teh", "wrold", "zorp" };

static void
check_edit_at_edge (const char *initial,
                    EditFunc    edit)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  g_autoptr(TpSpellChecker) checker = NULL;
  g_autofree char *marks = NULL;
  g_autofree char *text = NULL;
  GtkWidget *window, *view;
  GtkTextIter start;

  if (gdk_display_get_default () == NULL)
    {
      g_test_skip ("a view needs a display");
      return;
    }
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), initial, -1);
  /* The cursor is elsewhere: nobody is typing the word. */
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (buffer), &start);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (buffer), &start);
  window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  view = gtk_source_view_new_with_buffer (buffer);
  gtk_container_add (GTK_CONTAINER (window), view);
  gtk_window_set_default_size (GTK_WINDOW (window), 400, 300);
  gtk_widget_show_all (window);
  while (!gtk_widget_get_mapped (view) || g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);

  checker = tp_spell_checker_new (service, buffer);
  run_until_queued ();
  /* Work that goes ahead of it, as the chunks of other documents would: the spell thread (one
   * job per main-loop turn, inline) gets to the old chunk only after the new one is queued. */
  for (guint i = 0; i < G_N_ELEMENTS (urgent_words); i++)
    tp_spell_checker_request_suggestions (checker, urgent_words[i], TRUE);
  tp_spell_checker_set_view (checker, GTK_TEXT_VIEW (view));
  edit (GTK_TEXT_BUFFER (buffer));
  wait_until_idle (checker);

  text = text_of (buffer);
  g_assert_cmpstr (text, ==, "hello");
  marks = tp_test_spell_marks (GTK_TEXT_BUFFER (buffer), checker);
  g_assert_cmpstr (marks, ==, "");
  gtk_widget_destroy (window);
}

static void
test_typed_at_chunk_end (void)
{
  check_edit_at_edge ("hel", type_at_end);
}

static void
test_typed_at_chunk_start (void)
{
  check_edit_at_edge ("lo", type_at_start);
}

static void
test_joined_at_chunk_end (void)
{
  check_edit_at_edge ("hel", join_by_deleting);
}

/* Text typed at a chunk's edge after a space does not touch its words: its result stays good
 * and is used. */
static void
test_separate_word_at_chunk_end (void)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  g_autoptr(TpSpellChecker) checker = tp_spell_checker_new (service, buffer);
  g_autofree char *marks = NULL;
  GtkTextIter end;

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), "teh", -1);
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (buffer), &end);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (buffer), &end);
  run_until_queued ();
  gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (buffer), &end);
  gtk_text_buffer_insert (GTK_TEXT_BUFFER (buffer), &end, " cat wrold", -1);
  wait_until_idle (checker);
  marks = tp_test_spell_marks (GTK_TEXT_BUFFER (buffer), checker);
  g_assert_cmpstr (marks, ==, "0+3 8+5 ");
}

/* ---- an error of the language used before ---- */

/* The chunk sent for a language without a dictionary comes back with an error after the user
 * chose another language: that error is old news, and checking goes on in the new language. */
static void
test_stale_error_dropped (void)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  g_autoptr(TpSpellChecker) checker = tp_spell_checker_new (service, buffer);
  g_autofree char *marks = NULL;

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), "the teh cat", -1);
  wait_until_idle (checker);
  tp_spell_checker_set_language (checker, "zz_ZZ");
  run_until_queued ();
  tp_spell_checker_set_language (checker, "tp_UTF8");
  wait_until_idle (checker);

  g_assert_null (tp_spell_checker_get_error (checker));
  g_assert_cmpstr (tp_spell_checker_get_language (checker), ==, "tp_UTF8");
  marks = tp_test_spell_marks (GTK_TEXT_BUFFER (buffer), checker);
  g_assert_cmpstr (marks, ==, "4+3 ");

  /* An error of the language in use still stops checking, and says why. */
  tp_spell_checker_set_language (checker, "zz_ZZ");
  wait_until_idle (checker);
  g_assert_cmpstr (tp_spell_checker_get_error (checker), ==,
                   "No spelling dictionary is installed for “zz_ZZ”.");
}

/* ---- the buffer's language decides what is checked ---- */

/* Text checked before its file's language was known (the language is guessed once the file is
 * loaded) is checked again once it is: code is not prose. */
static void
test_source_language_set_late (void)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  g_autoptr(TpSpellChecker) checker = tp_spell_checker_new (service, buffer);
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), "int fooo = barr; /* the teh */", -1);
  wait_until_idle (checker);
  before = tp_test_spell_marks (GTK_TEXT_BUFFER (buffer), checker);
  g_assert_cmpstr (before, ==, "0+3 4+4 11+4 24+3 ");

  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (manager, "c"));
  wait_until_idle (checker);
  after = tp_test_spell_marks (GTK_TEXT_BUFFER (buffer), checker);
  g_assert_cmpstr (after, ==, "24+3 ");
}

/* ---- GTK laying out a long document in the background ---- */

/* What GtkTextView does while it lays out the lines of a document it has not shown yet: it
 * always has more to do, at its own priority. */
static gboolean
lay_out_more (gpointer user_data)
{
  guint *turns = user_data;

  (*turns)++;
  g_usleep (500);
  return G_SOURCE_CONTINUE;
}

/* Underlines come while GTK lays the text out, not only once it is done: a line laid out before
 * its words are underlined is laid out again, and for a long document the underlines would
 * come seconds late. */
static void
test_marks_while_laying_out (void)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  g_autoptr(TpSpellChecker) checker = NULL;
  g_autofree char *marks = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint turns = 0, layout;

  tp_executor_set_threaded (executor, TRUE);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), "the teh cat wrold", -1);
  layout = g_idle_add_full (GTK_TEXT_VIEW_PRIORITY_VALIDATE, lay_out_more, &turns, NULL);
  checker = tp_spell_checker_new (service, buffer);

  while (tp_spell_checker_get_busy (checker) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  marks = tp_test_spell_marks (GTK_TEXT_BUFFER (buffer), checker);
  g_assert_cmpstr (marks, ==, "4+3 12+5 ");
  g_assert_cmpuint (tp_spell_checker_get_misspelled_count (checker), ==, 2);
  g_assert_cmpuint (turns, >, 0);

  g_source_remove (layout);
  tp_executor_set_threaded (executor, FALSE);
}

/* ---- misspellings far from the cursor, kept out of the buffer ---- */

static void
place_cursor_at (GtkTextBuffer *buffer,
                 int            offset)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_buffer_place_cursor (buffer, &iter);
}

/* Underlines follow the cursor through a long document and do not pile up behind it; every
 * misspelling is still counted, listed and found. */
static void
test_parked_far_from_cursor (void)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  g_autoptr(TpSpellChecker) checker = tp_spell_checker_new (service, buffer);
  GtkTextBuffer *text = GTK_TEXT_BUFFER (buffer);
  g_autoptr(GString) content = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autofree char *before = NULL, *after = NULL;
  GtkTextIter start, end, first;
  int length;

  for (guint i = 0; i < 4000; i++)
    {
      g_string_append_printf (expected, "%u+3 ", (guint) content->len + 4);
      g_string_append (content, "the teh cat ");
    }
  tp_spell_checker_set_near_chars (checker, 1000);
  gtk_text_buffer_set_text (text, content->str, -1);
  place_cursor_at (text, 0);
  wait_until_idle (checker);
  before = tp_test_spell_marks (text, checker);
  g_assert_cmpstr (before, ==, expected->str);
  g_assert_cmpuint (tp_spell_checker_get_misspelled_count (checker), ==, 4000);
  g_assert_cmpuint (tp_test_spell_count_underlined (text, checker), <, 4000);

  /* To the end: the words there are underlined, those at the start parked again. */
  length = gtk_text_buffer_get_char_count (text);
  place_cursor_at (text, length);
  wait_until_idle (checker);
  gtk_text_buffer_get_iter_at_offset (text, &end, length - 7);
  g_assert_true (gtk_text_iter_has_tag (&end, tp_spell_checker_get_tag (checker)));
  gtk_text_buffer_get_iter_at_offset (text, &first, 5);
  g_assert_false (gtk_text_iter_has_tag (&first, tp_spell_checker_get_tag (checker)));
  /* Those within twice the near distance of the cursor, at 12 characters a word. */
  g_assert_cmpuint (tp_test_spell_count_underlined (text, checker), <=, 2 * 1000 / 12 + 2);
  after = tp_test_spell_marks (text, checker);
  g_assert_cmpstr (after, ==, expected->str);
  g_assert_cmpuint (tp_spell_checker_get_misspelled_count (checker), ==, 4000);

  /* "Next misspelling" goes round to the first word, and underlines it. */
  g_assert_true (tp_spell_checker_find_misspelling (checker, TRUE, &start, &end));
  g_assert_cmpint (gtk_text_iter_get_offset (&start), ==, 4);
  g_assert_cmpint (gtk_text_iter_get_offset (&end), ==, 7);
  g_assert_true (gtk_text_iter_has_tag (&start, tp_spell_checker_get_tag (checker)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *home = NULL;
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* A home of its own for the personal dictionaries, but the system's data (GtkSourceView's
   * languages) as it is. */
  home = g_dir_make_tmp ("test-spell-checker-XXXXXX", NULL);
  {
    g_autofree char *config = g_build_filename (home, "config", NULL);
    g_autofree char *data = g_build_filename (home, "data", NULL);

    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
    g_setenv ("XDG_DATA_HOME", data, TRUE);
  }
  g_test_init (&argc, &argv, NULL);
  {
    g_autofree char *dictionaries = g_test_build_filename (G_TEST_DIST, "data", "dictionaries",
                                                           NULL);
    g_setenv ("DICPATH", dictionaries, TRUE);
  }
  /* Text buffers need GTK's types; the tests with a view need a display too. */
  gtk_init_check (&argc, &argv);
  gtk_source_init ();

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "spell-language", "tp_UTF8");
  service = tp_spell_service_new (settings);
  executor = tp_spell_service_get_executor (service);
  tp_executor_set_threaded (executor, FALSE);

  g_test_add_func ("/SpellChecker/typed-at-chunk-end", test_typed_at_chunk_end);
  g_test_add_func ("/SpellChecker/typed-at-chunk-start", test_typed_at_chunk_start);
  g_test_add_func ("/SpellChecker/joined-at-chunk-end", test_joined_at_chunk_end);
  g_test_add_func ("/SpellChecker/separate-word-at-chunk-end", test_separate_word_at_chunk_end);
  g_test_add_func ("/SpellChecker/stale-error-dropped", test_stale_error_dropped);
  g_test_add_func ("/SpellChecker/source-language-set-late", test_source_language_set_late);
  g_test_add_func ("/SpellChecker/marks-while-laying-out", test_marks_while_laying_out);
  g_test_add_func ("/SpellChecker/parked-far-from-cursor", test_parked_far_from_cursor);
  status = g_test_run ();

  tp_spell_service_shutdown (service);
  g_object_unref (service);
  gtk_source_finalize ();
  tp_test_remove_dir (home);
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>

#include "record/tp-record-client.h"
#include "record/tp-recorder.h"
#include "record/tp-recovery.h"
#include "spell/tp-spell-checker.h"
#include "spell/tp-tokenizer.h"
#include "tp-document.h"
#include "../tp-test-spell.h"

/* The spell thread under load: random edits while chunks are in flight, language switches and
 * checkers torn down mid-flight. Afterwards the marks must be exactly those of a fresh check of
 * the final text, done here without any thread: no stale result may survive. */

static const char *const vocabulary[] = {
  "the", "cat", "hello", "world", "quick", "brown", "a", "café", "garçon", "cafés",
  "teh", "wrold", "zorp", "naïve", "crème", "short-circuit", "doesn't", "x2", "https://a.b/c",
  " ", " ", "\n", ", ", ". ", "\u00a0", "\u3000",
};

static TpSpellService *service;

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
random_edit (GtkTextBuffer *buffer,
             GRand         *rand)
{
  int length = gtk_text_buffer_get_char_count (buffer);
  GtkTextIter start, end;

  if (length > 0 && g_rand_int_range (rand, 0, 3) == 0)
    {
      int from = g_rand_int_range (rand, 0, length);
      int to = MIN (length, from + g_rand_int_range (rand, 1, 40));

      gtk_text_buffer_get_iter_at_offset (buffer, &start, from);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, to);
      gtk_text_buffer_delete (buffer, &start, &end);
      return;
    }

  gtk_text_buffer_get_iter_at_offset (buffer, &start, g_rand_int_range (rand, 0, length + 1));
  for (int i = g_rand_int_range (rand, 1, 6); i > 0; i--)
    gtk_text_buffer_insert (buffer, &start,
                            vocabulary[g_rand_int_range (rand, 0, G_N_ELEMENTS (vocabulary))], -1);
}

typedef struct
{
  TpDictionary *dictionary;
  GString      *words;
} Oracle;

static gboolean
oracle_word (const char   *text,
             const TpWord *word,
             gpointer      user_data)
{
  Oracle *oracle = user_data;

  if (!tp_dictionary_check (oracle->dictionary, text + word->byte_offset,
                            (gssize) word->check_length))
    g_string_append_printf (oracle->words, "%zu+%zu ", word->char_offset, word->char_length);
  return TRUE;
}

/* Misspellings of the text, as "offset+length " items, found without any thread. */
static char *
fresh_check (GtkTextBuffer *buffer,
             const char    *language)
{
  g_autoptr(GPtrArray) infos = tp_dictionary_list_available ();
  g_autoptr(TpDictionary) dictionary = tp_dictionary_new (tp_dictionary_info_find (infos, language),
                                                          NULL);
  Oracle oracle = { dictionary, g_string_new (NULL) };
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_slice (buffer, &start, &end, TRUE);
  tp_tokenizer_foreach_word_with (tp_dictionary_get_word_rules (dictionary), text,
                                  strlen (text), oracle_word, &oracle);
  return g_string_free (oracle.words, FALSE);
}

static guint
count_items (const char *list)
{
  guint count = 0;
  for (const char *p = list; *p != '\0'; p++)
    count += *p == ' ';
  return count;
}

/* Where "next misspelling" (or the previous one) should go from the cursor, going round the
 * end: from the list of all misspellings, underlined or not. -1: there is none. */
static int
expected_misspelling (GtkTextBuffer  *buffer,
                      TpSpellChecker *checker,
                      gboolean        forward)
{
  g_autoptr(GArray) spans = tp_spell_checker_list_misspellings (checker);
  GtkTextIter selection_start, selection_end;
  int from;

  if (spans->len == 0)
    return -1;
  gtk_text_buffer_get_selection_bounds (buffer, &selection_start, &selection_end);
  from = gtk_text_iter_get_offset (forward ? &selection_end : &selection_start);
  for (guint i = 0; i < spans->len; i++)
    {
      guint j = forward ? i : spans->len - 1 - i;
      int offset = (int) g_array_index (spans, TpSpellSpan, j).offset;

      if (forward ? offset > from : offset < from)
        return offset;
    }
  return (int) g_array_index (spans, TpSpellSpan, forward ? 0 : spans->len - 1).offset;
}

/* What a person does besides typing: moving the cursor, going to the next misspelling, asking
 * for the word under the cursor. Each brings parked words near. */
static void
random_move (GtkTextBuffer  *buffer,
             TpSpellChecker *checker,
             GRand          *rand)
{
  GtkTextIter iter, start, end;

  switch (g_rand_int_range (rand, 0, 3))
    {
    case 0:
      gtk_text_buffer_get_iter_at_offset (buffer, &iter,
                                          g_rand_int_range (rand, 0,
                                                            gtk_text_buffer_get_char_count (buffer)
                                                            + 1));
      gtk_text_buffer_place_cursor (buffer, &iter);
      break;
    case 1:
      {
        gboolean forward = g_rand_boolean (rand);
        int expected = expected_misspelling (buffer, checker, forward);

        if (tp_spell_checker_find_misspelling (checker, forward, &start, &end))
          {
            g_assert_cmpint (gtk_text_iter_get_offset (&start), ==, expected);
            g_assert_true (gtk_text_iter_starts_tag (&start, tp_spell_checker_get_tag (checker)));
            gtk_text_buffer_place_cursor (buffer, &end);
          }
        else
          g_assert_cmpint (expected, ==, -1);
      }
      break;
    default:
      gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
      if (tp_spell_checker_get_word_at (checker, &iter, &start, &end))
        g_assert_true (gtk_text_iter_has_tag (&start, tp_spell_checker_get_tag (checker)));
      break;
    }
}

static void
check_random_edits (int near_chars)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  g_autoptr(TpSpellChecker) checker = tp_spell_checker_new (service, buffer);
  GtkTextBuffer *text = GTK_TEXT_BUFFER (buffer);
  const char *languages[] = { "tp_UTF8", "tp_LATIN1" };
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  guint edits = g_test_slow () ? 20000 : 4000;

  if (near_chars >= 0)
    {
      /* Text for several chunks, most of them far from the cursor. */
      tp_spell_checker_set_near_chars (checker, near_chars);
      for (guint i = 0; i < 12000; i++)
        gtk_text_buffer_insert_at_cursor (text, vocabulary[i % G_N_ELEMENTS (vocabulary)], -1);
    }
  for (guint i = 0; i < edits; i++)
    {
      random_edit (text, rand);
      /* Let some results come back in between, at random. */
      if (g_rand_int_range (rand, 0, 4) == 0)
        g_main_context_iteration (NULL, FALSE);
      if (near_chars >= 0 && g_rand_int_range (rand, 0, 20) == 0)
        random_move (text, checker, rand);
      if (g_rand_int_range (rand, 0, 500) == 0)
        tp_spell_checker_set_language (checker, languages[g_rand_int_range (rand, 0, 2)]);
      if (g_rand_int_range (rand, 0, 700) == 0)
        tp_spell_checker_set_enabled (checker, !tp_spell_checker_get_enabled (checker));
    }
  tp_spell_checker_set_enabled (checker, TRUE);
  tp_test_spell_wait_idle (checker);
  if (near_chars >= 0)
    /* Edits into words parked once checked: results now come back between edits. */
    for (guint i = 0; i < edits / 4; i++)
      {
        random_edit (text, rand);
        if (g_rand_int_range (rand, 0, 8) == 0)
          iterate ();
        if (g_rand_int_range (rand, 0, 20) == 0)
          random_move (text, checker, rand);
      }
  tp_test_spell_wait_idle (checker);

  expected = fresh_check (text, tp_spell_checker_get_language (checker));
  actual = tp_test_spell_marks (text, checker);
  g_assert_cmpstr (actual, ==, expected);
  g_assert_cmpuint (tp_spell_checker_get_misspelled_count (checker), ==, count_items (expected));
  g_test_message ("%u edits, %d characters, %u misspelled, %u underlined", edits,
                  gtk_text_buffer_get_char_count (text), count_items (expected),
                  tp_test_spell_count_underlined (text, checker));
  if (near_chars >= 0)
    g_assert_cmpuint (tp_test_spell_count_underlined (text, checker), <, count_items (expected));
}

static void
test_random_edits (void)
{
  check_random_edits (-1);
}

/* The same with words parked, out of the buffer, all but those within a few words of the
 * cursor: the edits, the cursor's moves and the searches go through parked words. */
static void
test_random_edits_parked (void)
{
  check_random_edits (30);
}

/* Threads switched off and on again and again while a document is checked, edited and
 * recorded: in the end the underlines are those of a fresh check, and the recovery data is the
 * text of the buffer. */
static void
test_threads_switching (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  g_autofree char *dir = g_dir_make_tmp ("spell-stress-XXXXXX", NULL);
  TpRecorder *recorder = tp_recorder_new (dir);
  TpDocument *document = tp_document_new ();
  GtkSourceBuffer *buffer = tp_document_get_buffer (document);
  TpRecordClient *client = tp_record_client_new (recorder, document);
  g_autoptr(TpSpellChecker) checker = tp_spell_checker_new (service, buffer);
  GtkTextBuffer *text = GTK_TEXT_BUFFER (buffer);
  TpExecutor *executors[] = { tp_spell_service_get_executor (service),
                              tp_recorder_get_executor (recorder) };
  g_autofree char *expected = NULL, *actual = NULL, *typed = NULL;
  g_autoptr(TpRecovery) recovery = NULL;
  TpRecoveryEntry *entry;
  GtkTextIter start, end;
  guint switches = 0;

  for (guint i = 0; i < 200; i++)
    gtk_text_buffer_insert_at_cursor (text, "teh wrold zorp cat hello ", -1);
  for (guint i = 0; i < 6000; i++)
    {
      random_edit (text, rand);
      if (g_rand_int_range (rand, 0, 3) == 0)
        g_main_context_iteration (NULL, FALSE);
      if (g_rand_int_range (rand, 0, 150) == 0)
        {
          TpExecutor *executor = executors[g_rand_int_range (rand, 0, 2)];

          tp_executor_set_threaded (executor, !tp_executor_get_threaded (executor));
          switches++;
        }
    }
  g_assert_cmpuint (switches, >, 20);
  for (guint i = 0; i < G_N_ELEMENTS (executors); i++)
    tp_executor_set_threaded (executors[i], TRUE);
  tp_test_spell_wait_idle (checker);

  expected = fresh_check (text, tp_spell_checker_get_language (checker));
  actual = tp_test_spell_marks (text, checker);
  g_assert_cmpstr (actual, ==, expected);

  /* The recorder stops as in a crash: the document still open, its entry left behind. */
  tp_recorder_shutdown (recorder);
  g_object_unref (client);
  g_object_unref (recorder);
  recovery = tp_recovery_open (dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
  gtk_text_buffer_get_bounds (text, &start, &end);
  typed = gtk_text_buffer_get_text (text, &start, &end, TRUE);
  g_assert_false (entry->replay->damaged);
  g_assert_cmpstr (entry->replay->text, ==, typed);
  tp_recovery_discard (recovery);
  g_clear_pointer (&recovery, tp_recovery_free);
  g_object_unref (document);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  g_test_message ("%u switches, %d characters", switches, gtk_text_buffer_get_char_count (text));
}

/* Checkers and their buffers go away while their chunks are still on the spell thread. */
static void
test_teardown_in_flight (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (int round = 0; round < 200; round++)
    {
      g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
      TpSpellChecker *checker = tp_spell_checker_new (service, buffer);

      for (int i = 0; i < 50; i++)
        random_edit (GTK_TEXT_BUFFER (buffer), rand);
      tp_spell_checker_request_suggestions (checker, "wrold", g_rand_boolean (rand));
      if (g_rand_boolean (rand))
        g_main_context_iteration (NULL, FALSE);
      g_object_unref (checker);
    }
  /* Results of the dead checkers arrive now, and must find nobody. */
  for (int i = 0; i < 100; i++)
    {
      iterate ();
      g_usleep (1000);
    }
}

/* Shutting the thread down with work queued: the queue is dropped, nothing leaks or crashes. */
static void
test_shutdown_with_work_queued (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  for (int round = 0; round < 20; round++)
    {
      TpSpellService *busy = tp_spell_service_new (settings);
      g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
      g_autoptr(TpSpellChecker) checker = tp_spell_checker_new (busy, buffer);

      for (int i = 0; i < 200; i++)
        gtk_text_buffer_insert_at_cursor (GTK_TEXT_BUFFER (buffer), "teh wrold zorp cat ", -1);
      g_main_context_iteration (NULL, FALSE);
      tp_spell_service_shutdown (busy);
      g_object_unref (busy);
      iterate ();
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  service = tp_test_spell_service_new (&argc, &argv);

  g_test_add_func ("/SpellStress/random-edits", test_random_edits);
  g_test_add_func ("/SpellStress/random-edits-parked", test_random_edits_parked);
  g_test_add_func ("/SpellStress/threads-switching", test_threads_switching);
  g_test_add_func ("/SpellStress/teardown-in-flight", test_teardown_in_flight);
  g_test_add_func ("/SpellStress/shutdown-with-work-queued", test_shutdown_with_work_queued);
  status = g_test_run ();

  tp_spell_service_shutdown (service);
  g_object_unref (service);
  gtk_source_finalize ();
  return status;
}

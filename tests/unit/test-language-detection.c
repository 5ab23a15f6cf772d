/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtksourceview/gtksource.h>

#include "spell/tp-language-detector.h"
#include "spell/tp-spell-checker.h"
#include "spell/tp-spell-service.h"
#include "tp-executor.h"
#include "tp-test-dir.h"
#include "../tp-test-languages.h"

/* Finding a document's language among the installed dictionaries: the test dictionaries and
 * Debian's (hunspell-en-us, hunspell-fr, hunspell-de-de, and whatever else is installed). */

static GSettings *settings;
static GPtrArray *dictionaries;
static GThread *main_thread;
static guint steps;
static guint steps_on_main_thread;

static void
count_step (gpointer user_data)
{
  steps++;
  steps_on_main_thread += g_thread_self () == main_thread;
}

static void
require_dictionary (const char *code)
{
  if (tp_dictionary_info_find (dictionaries, code) == NULL)
    g_error ("The dictionary %s is not installed: build-aux/test installs it.", code);
}

/* Runs every step, as the spell thread would; the detector for the caller to look at. */
static TpLanguageDetector *
detect (const char *text,
        const char *current,
        const char *preferred)
{
  TpLanguageDetector *detector = tp_language_detector_new (text, -1, current, preferred);
  gint64 start = g_get_monotonic_time ();

  while (!tp_language_detector_step (detector, dictionaries, NULL, NULL))
    ;
  g_test_message ("%s in %.0f ms, %u dictionaries loaded",
                  tp_language_detector_get_result (detector),
                  (g_get_monotonic_time () - start) / 1000.0,
                  tp_language_detector_get_loaded (detector));
  return detector;
}

static void
test_detects (gconstpointer data)
{
  const char *const *expected = data;
  g_autoptr(TpLanguageDetector) detector = NULL;

  require_dictionary (expected[1]);
  detector = detect (expected[0], "tp_UTF8", "tp_UTF8");
  g_assert_cmpstr (tp_language_detector_get_result (detector), ==, expected[1]);
  g_assert_cmpfloat (tp_language_detector_get_score (detector, expected[1]), >=, 0.9);
}

/* A text in the current language is taken as such after loading its dictionary alone. */
static void
test_current_first (void)
{
  g_autoptr(TpLanguageDetector) detector = NULL;

  require_dictionary ("en_US");
  detector = detect (TP_TEST_ENGLISH, "en_US", NULL);
  g_assert_cmpstr (tp_language_detector_get_result (detector), ==, "en_US");
  g_assert_cmpuint (tp_language_detector_get_loaded (detector), ==, 1);
}

/* Only dictionaries of the text's script are loaded: Russian, Hebrew, Arabic, Hindi are not for
 * a Latin text; of the variants of one language (fr, fr_BE, fr_CA…) one is. */
static void
test_one_per_language (void)
{
  g_autoptr(TpLanguageDetector) detector = NULL;
  g_autoptr(GHashTable) languages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint latin = 0;

  require_dictionary ("fr_FR");
  for (guint i = 0; i < dictionaries->len; i++)
    {
      TpDictionaryInfo *info = g_ptr_array_index (dictionaries, i);
      if (tp_dictionary_info_get_script (info) == G_UNICODE_SCRIPT_LATIN)
        latin += g_hash_table_add (languages,
                                   g_strndup (info->code, strcspn (info->code, "_-@")));
    }
  detector = detect (TP_TEST_FRENCH, "tp_UTF8", NULL);
  g_assert_cmpstr (tp_language_detector_get_result (detector), ==, "fr_FR");
  g_assert_cmpuint (tp_language_detector_get_loaded (detector), <=, latin);
  if (tp_dictionary_info_find (dictionaries, "ru_RU") != NULL)
    g_assert_cmpfloat (tp_language_detector_get_score (detector, "ru_RU"), <, 0);
  if (tp_dictionary_info_find (dictionaries, "fr_BE") != NULL)
    g_assert_cmpfloat (tp_language_detector_get_score (detector, "fr_BE"), <, 0);
}

/* Variants: the current one, then the preferred one, stands for its language. */
static void
test_variant_kept (void)
{
  g_autoptr(TpLanguageDetector) detector = NULL;

  if (tp_dictionary_info_find (dictionaries, "fr_CA") == NULL)
    {
      g_test_skip ("no fr_CA dictionary");
      return;
    }
  detector = detect (TP_TEST_FRENCH, "en_US", "fr_CA");
  g_assert_cmpstr (tp_language_detector_get_result (detector), ==, "fr_CA");
}

/* Half English, half French: the current language stays, whichever of the two it is. */
static void
test_mixed_keeps_current (void)
{
  g_autoptr(TpLanguageDetector) english = NULL;
  g_autoptr(TpLanguageDetector) french = NULL;

  require_dictionary ("en_US");
  require_dictionary ("fr_FR");
  english = detect (TP_TEST_MIXED, "en_US", NULL);
  french = detect (TP_TEST_MIXED, "fr_FR", NULL);
  g_assert_cmpstr (tp_language_detector_get_result (english), ==, "en_US");
  g_assert_cmpstr (tp_language_detector_get_result (french), ==, "fr_FR");
}

/* Too few words, or words of no installed dictionary's script: no decision. */
static void
test_undecided (void)
{
  g_autoptr(TpLanguageDetector) short_text = detect ("Le phare brille.", "en_US", NULL);
  g_autoptr(TpLanguageDetector) japanese = detect (
    "灯台守は毎晩らせん階段を上ってランプに火をともした。狭い海峡を通る船はその光を頼りにしていた。"
    "四十年間、一晩も欠かしたことがなかった。嵐が来た夜も、光は朝まで輝き続けた。灯台守は毎晩",
    "en_US", NULL);

  g_assert_null (tp_language_detector_get_result (short_text));
  g_assert_cmpuint (tp_language_detector_get_loaded (short_text), ==, 0);
  g_assert_null (tp_language_detector_get_result (japanese));
}

/* ---- in a document ---- */

static TpSpellService *service;

static void
wait_for_detection (TpSpellChecker *checker)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!tp_spell_checker_get_detected (checker) || tp_spell_checker_get_busy (checker))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Runs the main loop for a while: long enough for a detection to start and end. */
static void
run_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
set_text (GtkSourceBuffer *buffer,
          const char      *text)
{
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text, -1);
}

static TpSpellChecker *
new_checker (GtkSourceBuffer *buffer)
{
  TpSpellChecker *checker = tp_spell_checker_new (service, buffer);

  tp_spell_checker_set_detect (checker, TRUE);
  return checker;
}

/* English, French and German text each get their dictionary, and every step of the detection
 * ran on the spell thread, none on the main thread. */
static void
test_document_threaded (void)
{
  static const char *const texts[][2] = {
    { TP_TEST_FRENCH, "fr_FR" }, { TP_TEST_GERMAN, "de_DE" }, { TP_TEST_ENGLISH, "en_US" },
  };

  tp_executor_set_threaded (tp_spell_service_get_executor (service), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
      g_autoptr(TpSpellChecker) checker = new_checker (buffer);

      require_dictionary (texts[i][1]);
      steps = steps_on_main_thread = 0;
      set_text (buffer, texts[i][0]);
      wait_for_detection (checker);
      g_assert_cmpstr (tp_spell_checker_get_language (checker), ==, texts[i][1]);
      g_assert_cmpuint (steps, >, 0);
      g_assert_cmpuint (steps_on_main_thread, ==, 0);
    }
}

/* With threads off the steps run on the main thread, one per turn of the main loop: each loads
 * one dictionary at most, and input comes between them. */
static void
test_document_threads_off (void)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  g_autoptr(TpSpellChecker) checker = new_checker (buffer);

  require_dictionary ("fr_FR");
  tp_executor_set_threaded (tp_spell_service_get_executor (service), FALSE);
  steps = steps_on_main_thread = 0;
  set_text (buffer, TP_TEST_FRENCH);
  wait_for_detection (checker);
  tp_executor_set_threaded (tp_spell_service_get_executor (service), TRUE);
  g_assert_cmpstr (tp_spell_checker_get_language (checker), ==, "fr_FR");
  g_assert_cmpuint (steps, >, 1);
  g_assert_cmpuint (steps_on_main_thread, ==, steps);
}

/* The user's choice is kept, even for a text in another language, and nothing is detected. */
static void
test_document_user_choice (void)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  g_autoptr(TpSpellChecker) checker = new_checker (buffer);

  require_dictionary ("en_US");
  tp_spell_checker_set_language (checker, "en_US");
  steps = 0;
  set_text (buffer, TP_TEST_MIXED);
  gtk_text_buffer_insert_at_cursor (GTK_TEXT_BUFFER (buffer), TP_TEST_FRENCH, -1);
  run_for (1000);
  g_assert_cmpstr (tp_spell_checker_get_language (checker), ==, "en_US");
  g_assert_false (tp_spell_checker_get_detected (checker));
  g_assert_false (tp_spell_checker_get_detect (checker));
  g_assert_cmpuint (steps, ==, 0);
}

/* Typing a few words does not look again; replacing the text by another language's does. */
static void
test_document_redecides (void)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  g_autoptr(TpSpellChecker) checker = new_checker (buffer);
  GtkTextIter end;
  guint first_steps;

  require_dictionary ("de_DE");
  require_dictionary ("fr_FR");
  set_text (buffer, TP_TEST_GERMAN);
  wait_for_detection (checker);
  g_assert_cmpstr (tp_spell_checker_get_language (checker), ==, "de_DE");

  first_steps = steps;
  for (const char *p = " und so weiter"; *p != '\0'; p++)
    {
      gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (buffer), &end);
      gtk_text_buffer_insert (GTK_TEXT_BUFFER (buffer), &end, p, 1);
      run_for (20);
    }
  run_for (2500);
  g_assert_cmpuint (steps, ==, first_steps);

  set_text (buffer, TP_TEST_FRENCH TP_TEST_FRENCH);
  {
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

    while (g_strcmp0 (tp_spell_checker_get_language (checker), "fr_FR") != 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        g_main_context_iteration (NULL, TRUE);
      }
  }
  g_assert_true (tp_spell_checker_get_detected (checker));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  static const char *const english[] = { TP_TEST_ENGLISH, "en_US" };
  static const char *const french[] = { TP_TEST_FRENCH, "fr_FR" };
  static const char *const german[] = { TP_TEST_GERMAN, "de_DE" };
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  home = g_dir_make_tmp ("test-language-detection-XXXXXX", NULL);
  {
    g_autofree char *config = g_build_filename (home, "config", NULL);
    g_autofree char *data = g_build_filename (home, "data", NULL);

    g_setenv ("XDG_CONFIG_HOME", config, TRUE);
    g_setenv ("XDG_DATA_HOME", data, TRUE);
  }
  g_test_init (&argc, &argv, NULL);
  {
    g_autofree char *test_dictionaries = g_test_build_filename (G_TEST_DIST, "data",
                                                                "dictionaries", NULL);
    g_setenv ("DICPATH", test_dictionaries, TRUE);
  }
  /* Text buffers need GTK's types (and GDK's colours for their tags), not a display. */
  gtk_init_check (&argc, &argv);
  g_type_ensure (GDK_TYPE_RGBA);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_type_ensure (GDK_TYPE_COLOR);
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_source_init ();
  main_thread = g_thread_self ();
  tp_spell_worker_set_detect_hook (count_step, NULL);

  dictionaries = tp_dictionary_list_available ();
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "spell-language", "tp_UTF8");
  service = tp_spell_service_new (settings);

  g_test_add_data_func ("/LanguageDetection/english", english, test_detects);
  g_test_add_data_func ("/LanguageDetection/french", french, test_detects);
  g_test_add_data_func ("/LanguageDetection/german", german, test_detects);
  g_test_add_func ("/LanguageDetection/current-first", test_current_first);
  g_test_add_func ("/LanguageDetection/one-per-language", test_one_per_language);
  g_test_add_func ("/LanguageDetection/variant-kept", test_variant_kept);
  g_test_add_func ("/LanguageDetection/mixed-keeps-current", test_mixed_keeps_current);
  g_test_add_func ("/LanguageDetection/undecided", test_undecided);
  g_test_add_func ("/LanguageDetection/document-threaded", test_document_threaded);
  g_test_add_func ("/LanguageDetection/document-threads-off", test_document_threads_off);
  g_test_add_func ("/LanguageDetection/document-user-choice", test_document_user_choice);
  g_test_add_func ("/LanguageDetection/document-redecides", test_document_redecides);
  status = g_test_run ();

  tp_spell_service_shutdown (service);
  g_clear_object (&service);
  g_clear_object (&settings);
  g_ptr_array_unref (dictionaries);
  tp_test_remove_dir (home);
  return status;
}

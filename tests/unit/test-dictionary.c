/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "spell/tp-check-command.h"
#include "spell/tp-dictionary.h"
#include "spell/tp-spell-worker.h"
#include "spell/tp-tokenizer.h"
#include "tp-test-dir.h"

static GPtrArray *
test_dictionaries (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "dictionaries", NULL);

  g_setenv ("DICPATH", dir, TRUE);
  return tp_dictionary_list_available ();
}

static TpDictionary *
open_dictionary (const char *code)
{
  g_autoptr(GPtrArray) infos = test_dictionaries ();
  TpDictionaryInfo *info = tp_dictionary_info_find (infos, code);
  g_autoptr(GError) error = NULL;
  TpDictionary *dictionary;

  g_assert_nonnull (info);
  dictionary = tp_dictionary_new (info, &error);
  g_assert_no_error (error);
  return dictionary;
}

static void
test_discovery (void)
{
  g_autoptr(GPtrArray) infos = test_dictionaries ();
  TpDictionaryInfo *utf8 = tp_dictionary_info_find (infos, "tp_UTF8");

  g_assert_nonnull (utf8);
  g_assert_nonnull (tp_dictionary_info_find (infos, "tp_LATIN1"));
  g_assert_true (g_str_has_suffix (utf8->aff_path, "tp_UTF8.aff"));
  g_assert_null (tp_dictionary_info_find (infos, "zz_ZZ"));
}

static void
test_names (void)
{
  g_autofree char *en = tp_dictionary_describe_code ("en_US");
  g_autofree char *fr = tp_dictionary_describe_code ("fr_FR");
  g_autofree char *de = tp_dictionary_describe_code ("de_CH");
  g_autofree char *bare = tp_dictionary_describe_code ("it");
  g_autofree char *odd = tp_dictionary_describe_code ("qq_XY");

  g_assert_cmpstr (en, ==, "English (United States)");
  g_assert_cmpstr (fr, ==, "Français (France)");
  g_assert_cmpstr (de, ==, "Deutsch (Schweiz)");
  g_assert_cmpstr (bare, ==, "Italiano");
  g_assert_cmpstr (odd, ==, "qq (XY)");
}

static void
test_default (void)
{
  g_autoptr(GPtrArray) infos = test_dictionaries ();
  g_autofree char *preferred = tp_dictionary_pick_default (infos, "tp_LATIN1");
  g_autofree char *fallback = tp_dictionary_pick_default (infos, "xx_YY");
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  g_assert_cmpstr (preferred, ==, "tp_LATIN1");
  g_assert_nonnull (tp_dictionary_info_find (infos, fallback));
  g_assert_null (tp_dictionary_pick_default (none, NULL));
}

static void
test_check_utf8 (void)
{
  g_autoptr(TpDictionary) dictionary = open_dictionary ("tp_UTF8");

  g_assert_cmpstr (tp_dictionary_get_encoding (dictionary), ==, "UTF-8");
  g_assert_true (tp_dictionary_check (dictionary, "hello", -1));
  g_assert_true (tp_dictionary_check (dictionary, "worlds", -1));
  g_assert_true (tp_dictionary_check (dictionary, "café", -1));
  g_assert_true (tp_dictionary_check (dictionary, "doesn't", -1));
  g_assert_true (tp_dictionary_check (dictionary, "doesn’t", -1));
  g_assert_false (tp_dictionary_check (dictionary, "helo", -1));
  g_assert_false (tp_dictionary_check (dictionary, "cafe", -1));
  /* Hunspell's BREAK rules check the parts of a hyphenated word. */
  g_assert_true (tp_dictionary_check (dictionary, "short-circuit", -1));
  g_assert_false (tp_dictionary_check (dictionary, "short-circut", -1));
  /* Only the given length counts. */
  g_assert_true (tp_dictionary_check (dictionary, "hellooo", 5));
}

static void
test_check_latin1 (void)
{
  g_autoptr(TpDictionary) dictionary = open_dictionary ("tp_LATIN1");

  g_assert_cmpstr (tp_dictionary_get_encoding (dictionary), ==, "ISO8859-1");
  g_assert_true (tp_dictionary_check (dictionary, "café", -1));
  g_assert_true (tp_dictionary_check (dictionary, "cafés", -1));
  g_assert_true (tp_dictionary_check (dictionary, "garçon", -1));
  g_assert_false (tp_dictionary_check (dictionary, "garcon", -1));
  /* “œ” has no place in ISO 8859-1: the word is left alone rather than flagged. */
  g_assert_true (tp_dictionary_check (dictionary, "œuvre", -1));
}

static gboolean
contains (char *const *list,
          const char  *word)
{
  return list != NULL && g_strv_contains ((const char *const *) list, word);
}

static void
test_suggest (void)
{
  g_autoptr(TpDictionary) utf8 = open_dictionary ("tp_UTF8");
  g_autoptr(TpDictionary) latin1 = open_dictionary ("tp_LATIN1");
  g_auto(GStrv) hello = tp_dictionary_suggest (utf8, "helo", -1);
  g_auto(GStrv) cafe = tp_dictionary_suggest (latin1, "cafe", -1);

  g_assert_true (contains (hello, "hello"));
  /* Suggestions come back from ISO 8859-1 as UTF-8. */
  g_assert_true (contains (cafe, "café"));
}

static void
test_add_word (void)
{
  g_autoptr(TpDictionary) dictionary = open_dictionary ("tp_LATIN1");

  g_assert_false (tp_dictionary_check (dictionary, "Threadpad", -1));
  tp_dictionary_add_word (dictionary, "Threadpad");
  g_assert_true (tp_dictionary_check (dictionary, "Threadpad", -1));
  tp_dictionary_add_word (dictionary, "frère");
  g_assert_true (tp_dictionary_check (dictionary, "frère", -1));
}

static void
test_personal_dictionary (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tp-personal-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_autofree char *path = g_build_filename (sub, "personal-en_US.txt", NULL);
  g_auto(GStrv) missing = tp_personal_dictionary_load (path);
  g_auto(GStrv) loaded = NULL;
  g_autoptr(GError) error = NULL;
  const char *const words[] = { "Threadpad", "Hunspell", "naïveté", NULL };
  GStatBuf info;

  g_assert_cmpuint (g_strv_length (missing), ==, 0);
  g_assert_true (tp_personal_dictionary_save (path, words, &error));
  g_assert_no_error (error);
  loaded = tp_personal_dictionary_load (path);
  g_assert_true (g_strv_equal ((const char *const *) loaded, words));
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  g_unlink (path);
  g_rmdir (sub);
  g_rmdir (dir);
}

static void
test_personal_dictionary_path (void)
{
  g_autofree char *path = tp_personal_dictionary_path ("fr_FR");
  g_autofree char *expected = g_build_filename (g_get_user_config_dir (), "threadpad",
                                                "personal-fr_FR.txt", NULL);

  g_assert_cmpstr (path, ==, expected);
}

/* Writes code.aff (from tp_UTF8) and code.dic with the words given. */
static TpDictionaryInfo *
write_dictionary (const char *dir,
                  const char *code,
                  const char *words)
{
  g_autofree char *aff_source = g_test_build_filename (G_TEST_DIST, "data", "dictionaries",
                                                       "tp_UTF8.aff", NULL);
  g_autofree char *aff = NULL;
  g_autofree char *aff_name = g_strconcat (code, ".aff", NULL);
  g_autofree char *dic_name = g_strconcat (code, ".dic", NULL);
  TpDictionaryInfo *info = g_new0 (TpDictionaryInfo, 1);

  info->code = g_strdup (code);
  info->name = tp_dictionary_describe_code (code);
  info->aff_path = g_build_filename (dir, aff_name, NULL);
  info->dic_path = g_build_filename (dir, dic_name, NULL);
  g_assert_true (g_file_get_contents (aff_source, &aff, NULL, NULL));
  g_assert_true (g_file_set_contents (info->aff_path, aff, -1, NULL));
  g_assert_true (g_file_set_contents (info->dic_path, words, -1, NULL));
  return info;
}

/* A word list from which Hunspell would load no word at all: every word would be flagged and
 * nothing would say why. Its first line is the number of words, which Hunspell sizes a table
 * by: 200000000 would have it reserve 1.6 GB for two words. */
static void
test_broken (void)
{
  static const char *const broken[][2] = {
    { "tp_EMPTY", "" },
    { "tp_HUGE", "2000000000\nhello\nworld\n" },
    { "tp_BIG", "200000000\nhello\nworld\n" },
    { "tp_NOCOUNT", "hello\nworld\n" },
    { "tp_ZERO", "0\nhello\nworld\n" },
    { "tp_NOWORDS", "2\n\n\n" },
  };
  g_autofree char *dir = g_dir_make_tmp ("tp-broken-XXXXXX", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(TpDictionaryInfo) info = write_dictionary (dir, broken[i][0], broken[i][1]);
      g_autoptr(GError) error = NULL;
      g_autoptr(TpDictionary) dictionary = tp_dictionary_new (info, &error);

      g_test_message ("%s", broken[i][0]);
      g_assert_null (dictionary);
      g_assert_error (error, TP_DICTIONARY_ERROR, TP_DICTIONARY_ERROR_BROKEN);
      g_assert_nonnull (strstr (error->message, "is broken"));
      g_assert_nonnull (strstr (error->message, info->dic_path));
    }
  tp_test_remove_dir (dir);
}

/* The count is only a hint for the table's size: one smaller than the list, or after a byte
 * order mark, is fine. */
static void
test_count_is_a_hint (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tp-count-XXXXXX", NULL);
  g_autoptr(TpDictionaryInfo) small = write_dictionary (dir, "tp_SMALL", "1\nhello\nworld\n");
  g_autoptr(TpDictionaryInfo) bom = write_dictionary (dir, "tp_BOM",
                                                      "\xef\xbb\xbf 2\r\ncat\r\nhat\r\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDictionary) first = tp_dictionary_new (small, &error);
  g_autoptr(TpDictionary) second = NULL;

  g_assert_no_error (error);
  g_assert_true (tp_dictionary_check (first, "world", -1));
  g_assert_false (tp_dictionary_check (first, "wrold", -1));
  second = tp_dictionary_new (bom, &error);
  g_assert_no_error (error);
  g_assert_true (tp_dictionary_check (second, "hat", -1));
  tp_test_remove_dir (dir);
}

/* threadpad --check with a broken dictionary: it says so, and fails with status 2. */
static void
test_check_command_broken (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = g_dir_make_tmp ("tp-check-broken-XXXXXX", NULL);
      g_autoptr(TpDictionaryInfo) info = write_dictionary (dir, "tp_HUGE",
                                                           "2000000000\nhello\nworld\n");
      g_autofree char *text = g_build_filename (dir, "note.txt", NULL);
      const char *files[] = { text, text, NULL };

      g_assert_true (g_file_set_contents (text, "hello wrold\n", -1, NULL));
      g_setenv ("DICPATH", dir, TRUE);
      g_assert_cmpint (tp_check_command_run (files, "tp_HUGE"), ==, TP_CHECK_ERROR);
      tp_test_remove_dir (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("");
  g_test_trap_assert_stderr ("*The spelling dictionary ?tp (HUGE)? is broken:*tp_HUGE.dic*");
  /* Said once, not once for each file; and which other dictionaries there are. */
  g_test_trap_assert_stderr ("*Installed dictionaries:*tp_HUGE*");
  g_test_trap_assert_stderr_unmatched ("*is broken*is broken*");
}


/* The misspelled words of text in the language code, as "word@offset+length" joined by "|":
 * what the spell thread finds, with the dictionary's own word characters. */
static char *
misspelled_in (const char *code,
               const char *text)
{
  g_autoptr(GPtrArray) infos = test_dictionaries ();
  g_autoptr(TpSpellWorker) worker = tp_spell_worker_new (infos);
  g_autoptr(TpSpellJob) job = tp_spell_job_new (TP_SPELL_JOB_CHECK, TP_SPELL_PRIORITY_BACKGROUND,
                                                code, text, -1);
  g_autoptr(GString) words = g_string_new (NULL);

  tp_spell_worker_run (worker, job);
  g_assert_no_error (job->error);
  for (guint i = 0; i < job->misspelled->len; i++)
    {
      TpWord *word = &g_array_index (job->misspelled, TpWord, i);

      g_string_append_printf (words, "%s%.*s@%zu+%zu", i > 0 ? "|" : "", (int) word->byte_length,
                              text + word->byte_offset, word->char_offset, word->char_length);
    }
  return g_string_free (g_steal_pointer (&words), FALSE);
}

static void
assert_misspelled (const char *code,
                   const char *text,
                   const char *expected)
{
  g_autofree char *misspelled = misspelled_in (code, text);

  g_assert_cmpstr (misspelled, ==, expected);
}

/* WORDCHARS ".-·" make one word of OpenOffice.org and col·lecció, read in the encoding that the
 * affix file declares: UTF-8, or ISO 8859-1 where "·" is one byte. */
static void
test_word_chars (void)
{
  const char *text = "OpenOffice.org und col·lecció; OpenOffice.orgg und col·leció";
  const char *expected = "OpenOffice.orgg@31+15|col·leció@51+9";

  assert_misspelled ("tp_WORDS", text, expected);
  assert_misspelled ("tp_LEGACY", text, expected);
  assert_misspelled ("tp_LEGACY", "Straße Strase", "Strase@7+6");
}

/* IGNORE: Hunspell removes the Armenian question and exclamation marks inside a word. */
static void
test_ignored_chars (void)
{
  assert_misspelled ("tp_WORDS", "ի՞նչ ի՜նչ ինչ ի՞նչք", "ի՞նչք@14+5");
}

/* ZWNJ and ZWJ are inside words, which dictionaries hold with them. */
static void
test_joiners (void)
{
  assert_misspelled ("tp_JOINERS", "می‌خواهم نامه‌ها क्‍ष", "");
  assert_misspelled ("tp_JOINERS", "کتاب می‌خواهمم", "می‌خواهمم@5+9");
}

/* A soft hyphen or a direction mark inside a word neither cuts it nor makes it misspelled; the
 * misspelled word is underlined whole, marks included. */
static void
test_invisible_chars (void)
{
  g_autoptr(TpDictionary) dictionary = open_dictionary ("tp_WORDS");

  g_assert_true (tp_dictionary_check (dictionary, "Zei\u00adtung", -1));
  g_assert_true (tp_dictionary_check (dictionary, "Mu\u200esik", -1));
  g_assert_true (tp_dictionary_check (dictionary, "wo\u200frd", -1));
  assert_misspelled ("tp_WORDS", "Zei\u00adtung Mu\u200esik Mu\u200esic", "Mu\u200esic@16+6");

  /* Suggestions are for the word as it is spelled, and an added word is added so. */
  {
    g_auto(GStrv) suggestions = tp_dictionary_suggest (dictionary, "Mu\u200esic", -1);

    g_assert_true (contains (suggestions, "Musik"));
    tp_dictionary_add_word (dictionary, "Wo\u00adrt");
    g_assert_true (tp_dictionary_check (dictionary, "Wort", -1));
  }
}

/* Hunspell takes an abbreviation with its dot: z.B. and usw. are words, usw alone is not, and
 * a word before a full stop is still a word. The dot is not underlined. */
static void
test_abbreviations (void)
{
  assert_misspelled ("tp_WORDS", "z.B. usw. Zeitung.", "");
  assert_misspelled ("tp_WORDS", "usw und z.B", "usw@0+3|z.B@8+3");
  assert_misspelled ("tp_LEGACY", "z.B. usw. word.", "");
  assert_misspelled ("tp_WORDS", "Zeitungg.", "Zeitungg@0+8");
}

/* A dictionary with '-' in WORDCHARS spells the first part of a compound with its hyphen. */
static void
test_trailing_hyphen (void)
{
  assert_misspelled ("tp_WORDS", "Arbeits- und Freizeit, Haustür und -schlüssel", "");
  assert_misspelled ("tp_WORDS", "Arbiets- und Freizeit", "Arbiets-@0+8");
  assert_misspelled ("tp_LEGACY", "Arbeits- und Freizeit", "");
}

/* Without '-' in its WORDCHARS, a dictionary's words are those of the hunspell command, which
 * cuts at hyphens: a compound of words is right even where no BREAK rule cuts it. */
static void
test_compound_parts (void)
{
  assert_misspelled ("tp_JOINERS", "book-case book-caes", "book-caes@10+9");
}

static guint
count_words (TpDictionary *dictionary,
             const char   *text)
{
  g_autoptr(GArray) words = tp_tokenizer_split_with (tp_dictionary_get_word_rules (dictionary),
                                                     text, strlen (text));
  return words->len;
}

/* The affix file is untrusted: an endless WORDCHARS is cut, an IGNORE that is not text in the
 * declared encoding is none, and the rest of a line too long to read at once is no directive. */
static void
test_word_chars_hostile (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tp-hostile-XXXXXX", NULL);
  g_autoptr(TpDictionaryInfo) info = write_dictionary (dir, "tp_HOSTILE", "1\nhello\n");
  g_autoptr(GString) aff = g_string_new ("SET UTF-8\nWORDCHARS ");
  g_autoptr(TpDictionary) dictionary = NULL;
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 100000; i++)
    g_string_append_c (aff, '.');
  g_string_append (aff, "\xff\nIGNORE \xff\xfe\n#");
  for (int i = 0; i < 4094; i++)
    g_string_append_c (aff, 'x');
  g_string_append (aff, "IGNORE \xc2\xb7\n");
  g_assert_true (g_file_set_contents (info->aff_path, aff->str, (gssize) aff->len, NULL));

  dictionary = tp_dictionary_new (info, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_words (dictionary, "hello.world"), ==, 1);
  g_assert_cmpuint (count_words (dictionary, "col\xc2\xb7lecci\xc3\xb3"), ==, 2);
  g_clear_pointer (&dictionary, tp_dictionary_free);
  tp_test_remove_dir (dir);
}

static guint
misspelled_count (TpSpellWorker *worker,
                  const char    *text)
{
  g_autoptr(TpSpellJob) job = tp_spell_job_new (TP_SPELL_JOB_CHECK, TP_SPELL_PRIORITY_BACKGROUND,
                                                "tp_WORDS", text, -1);

  tp_spell_worker_run (worker, job);
  g_assert_no_error (job->error);
  return job->misspelled->len;
}

static void
run_word_job (TpSpellWorker  *worker,
              TpSpellJobKind  kind,
              const char     *word)
{
  g_autoptr(TpSpellJob) job = tp_spell_job_new (kind, TP_SPELL_PRIORITY_BACKGROUND, "tp_WORDS",
                                                word, -1);

  tp_spell_worker_run (worker, job);
  g_assert_no_error (job->error);
}

/* A word ignored or added (as it is underlined, without the dot) is right before a full stop
 * too, also when it was checked there before. */
static void
test_ignored_before_dot (void)
{
  g_autoptr(GPtrArray) infos = test_dictionaries ();
  g_autoptr(TpSpellWorker) worker = tp_spell_worker_new (infos);

  g_assert_cmpuint (misspelled_count (worker, "Xyzq. Qwerk."), ==, 2);
  run_word_job (worker, TP_SPELL_JOB_IGNORE_WORD, "Xyzq");
  run_word_job (worker, TP_SPELL_JOB_ADD_WORD, "Qwerk");
  g_assert_cmpuint (misspelled_count (worker, "Xyzq. Qwerk. Xyzq Qwerk"), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/Dictionary/discovery", test_discovery);
  g_test_add_func ("/Dictionary/names", test_names);
  g_test_add_func ("/Dictionary/default", test_default);
  g_test_add_func ("/Dictionary/check-utf8", test_check_utf8);
  g_test_add_func ("/Dictionary/check-latin1", test_check_latin1);
  g_test_add_func ("/Dictionary/suggest", test_suggest);
  g_test_add_func ("/Dictionary/add-word", test_add_word);
  g_test_add_func ("/Dictionary/personal", test_personal_dictionary);
  g_test_add_func ("/Dictionary/personal-path", test_personal_dictionary_path);
  g_test_add_func ("/Dictionary/broken", test_broken);
  g_test_add_func ("/Dictionary/count-is-a-hint", test_count_is_a_hint);
  g_test_add_func ("/Dictionary/check-command-broken", test_check_command_broken);
  g_test_add_func ("/Dictionary/word-chars", test_word_chars);
  g_test_add_func ("/Dictionary/word-chars-hostile", test_word_chars_hostile);
  g_test_add_func ("/Dictionary/ignored-chars", test_ignored_chars);
  g_test_add_func ("/Dictionary/joiners", test_joiners);
  g_test_add_func ("/Dictionary/invisible-chars", test_invisible_chars);
  g_test_add_func ("/Dictionary/abbreviations", test_abbreviations);
  g_test_add_func ("/Dictionary/trailing-hyphen", test_trailing_hyphen);
  g_test_add_func ("/Dictionary/compound-parts", test_compound_parts);
  g_test_add_func ("/Dictionary/ignored-before-dot", test_ignored_before_dot);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "spell/tp-dictionary.h"

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
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "spell/tp-dictionary.h"
#include "spell/tp-tokenizer.h"
#include "tp-demo.h"

#define SIZE (512 * 1024)

static void
test_shape (void)
{
  g_autoptr(GBytes) first = tp_demo_document_build (SIZE);
  g_autoptr(GBytes) second = tp_demo_document_build (SIZE);
  g_autofree char *introduction = tp_demo_document_introduction ();
  gsize length;
  const char *text = g_bytes_get_data (first, &length);
  g_auto(GStrv) lines = NULL;

  /* The same document every time, so that measurements made on it compare. */
  g_assert_true (g_bytes_equal (first, second));
  g_assert_cmpuint (length, >=, SIZE);
  g_assert_cmpuint (length, <, SIZE + 4096);
  g_assert_true (g_utf8_validate (text, length, NULL));
  g_assert_true (strlen (text) == length);
  g_assert_true (g_str_has_prefix (text, introduction));
  g_assert_true (g_str_has_prefix (text + strlen (introduction), "Chapter 1\n\n"));
  g_assert_true (g_str_has_suffix (text, ".\n") || g_str_has_suffix (text, "?\n"));

  /* Hard-wrapped like a plain-text document, so that it reads the same with wrapping off. */
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, 72);
      g_assert_false (g_str_has_suffix (lines[i], " "));
    }
}

typedef struct
{
  TpDictionary *dictionary;
  guint         words;
  guint         misspelled;
} Count;

static gboolean
count_word (const char   *text,
            const TpWord *word,
            gpointer      user_data)
{
  Count *count = user_data;

  count->words++;
  if (!tp_dictionary_check (count->dictionary, text + word->byte_offset, word->check_length))
    count->misspelled++;
  return TRUE;
}

/* About one word in forty is misspelled (a slip only touches words of four letters or more, and
 * a slip can make another real word), and the rest are English. */
static void
test_misspellings (void)
{
  g_autoptr(GPtrArray) infos = tp_dictionary_list_available ();
  TpDictionaryInfo *info = tp_dictionary_info_find (infos, "en_US");
  g_autoptr(GBytes) document = NULL;
  g_autoptr(GError) error = NULL;
  Count count = { 0 };
  gsize length;
  const char *text;

  if (info == NULL)
    {
      g_test_skip ("no en_US Hunspell dictionary installed (Debian package hunspell-en-us)");
      return;
    }
  count.dictionary = tp_dictionary_new (info, &error);
  g_assert_no_error (error);

  document = tp_demo_document_build (SIZE);
  text = g_bytes_get_data (document, &length);
  tp_tokenizer_foreach_word_with (tp_dictionary_get_word_rules (count.dictionary), text,
                                  length, count_word, &count);
  g_test_message ("%u words, %u misspelled", count.words, count.misspelled);

  g_assert_cmpuint (count.words, >, SIZE / 10);
  g_assert_cmpuint (count.misspelled * 60, >, count.words);
  g_assert_cmpuint (count.misspelled * 25, <, count.words);
  tp_dictionary_free (count.dictionary);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Demo/shape", test_shape);
  g_test_add_func ("/Demo/misspellings", test_misspellings);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "spell/tp-tokenizer.h"

/* The words of text, joined by "|": as they are underlined, or as they are handed to the
 * dictionary. */
static char *
words_with (const TpWordRules *rules,
            const char        *text,
            gboolean           as_checked)
{
  g_autoptr(GArray) words = tp_tokenizer_split_with (rules, text, strlen (text));
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; i < words->len; i++)
    {
      TpWord *word = &g_array_index (words, TpWord, i);
      if (i > 0)
        g_string_append_c (joined, '|');
      g_string_append_len (joined, text + word->byte_offset,
                           (gssize) (as_checked ? word->check_length : word->byte_length));
    }
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static void
assert_words_with (const TpWordRules *rules,
                   const char        *text,
                   const char        *expected)
{
  g_autofree char *words = words_with (rules, text, FALSE);
  g_assert_cmpstr (words, ==, expected);
}

static void
assert_checked_with (const TpWordRules *rules,
                     const char        *text,
                     const char        *expected)
{
  g_autofree char *words = words_with (rules, text, TRUE);
  g_assert_cmpstr (words, ==, expected);
}

static void
assert_words (const char *text,
              const char *expected)
{
  assert_words_with (NULL, text, expected);
}

static void
test_plain (void)
{
  assert_words ("The quick brown fox.", "The|quick|brown|fox");
  assert_words ("  spaced\tout\n\nlines  ", "spaced|out|lines");
  assert_words ("", "");
  assert_words ("...!?", "");
  assert_words ("end.Start", "end|Start");
}

static void
test_unicode (void)
{
  assert_words ("café naïve Ærøskøbing", "café|naïve|Ærøskøbing");
  assert_words ("Привет, мир", "Привет|мир");
  assert_words ("Straße «guillemets»", "Straße|guillemets");
  /* A combining accent belongs to its letter. */
  assert_words ("cafe\xcc\x81 ok", "cafe\xcc\x81|ok");
}

static void
test_apostrophes (void)
{
  assert_words ("doesn't l'homme aujourd’hui", "doesn't|l'homme|aujourd’hui");
  assert_words ("'quoted' ’curly’ dogs'", "quoted|curly|dogs");
  assert_words ("rock'n'roll", "rock'n'roll");
}

static void
test_hyphens (void)
{
  assert_words ("short-circuit well-to-do", "short-circuit|well-to-do");
  assert_words ("dash - here -- and- -there", "dash|here|and|there");
  assert_words ("program--to a''b soft\u00ad-hyphen", "program|to|a|b|soft\u00ad-hyphen");
}

static void
test_numbers (void)
{
  assert_words ("In 2024 the 3rd mp3 cost 9.99 dollars", "In|the|cost|dollars");
  assert_words ("snake_case and CamelCase", "and|CamelCase");
}

static void
test_skipped_pieces (void)
{
  assert_words ("see https://exampel.org/pathh?q=1 now", "see|now");
  assert_words ("(http://x.y/z) www.exampel.com ok", "ok");
  assert_words ("mail jonh.doe@exampel.com today", "mail|today");
  assert_words ("edit /etc/fstabb or ~/notes.txt or ./configure", "edit|or|or");
  assert_words ("and/or C:\\Windows\\systm", "and|or");
  assert_words ("src/spell/tokenizer.c", "");
}

static void
test_offsets (void)
{
  const char *text = "né à Zürich";
  g_autoptr(GArray) words = tp_tokenizer_split (text, strlen (text));
  TpWord *last;

  g_assert_cmpuint (words->len, ==, 3);
  last = &g_array_index (words, TpWord, 2);
  g_assert_cmpuint (last->char_offset, ==, 5);
  g_assert_cmpuint (last->char_length, ==, 6);
  g_assert_cmpuint (last->byte_offset, ==, 7);
  g_assert_cmpuint (last->byte_length, ==, 7);
}

static gboolean
stop_after_two (const char   *text,
                const TpWord *word,
                gpointer      user_data)
{
  guint *count = user_data;
  return ++*count < 2;
}

static void
test_stop (void)
{
  guint count = 0;
  tp_tokenizer_foreach_word ("one two three four", 18, stop_after_two, &count);
  g_assert_cmpuint (count, ==, 2);
}

/* Random bytes made valid never crash the tokenizer, and its words stay inside the text. */
static void
test_random_text (void)
{
  static const char *const pieces[] = {
    "a", "é", "’", "'", "-", " ", "\n", "1", "_", "/", "@", ".", "://", "Ж", "\xcc\x81", "x",
  };

  for (int round = 0; round < 2000; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GArray) words = NULL;
      int n = g_test_rand_int_range (0, 40);

      for (int i = 0; i < n; i++)
        g_string_append (text, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
      words = tp_tokenizer_split (text->str, text->len);
      for (guint i = 0; i < words->len; i++)
        {
          TpWord *word = &g_array_index (words, TpWord, i);
          g_assert_cmpuint (word->byte_offset + word->byte_length, <=, text->len);
          g_assert_cmpuint (word->char_length, >, 0);
          g_assert_cmpint (g_utf8_pointer_to_offset (text->str, text->str + word->byte_offset), ==,
                           (glong) word->char_offset);
        }
    }
}

/* Text that is not valid UTF-8 (a copy cut inside a character, a byte that starts none) is read
 * no further than its length, and each stray byte counts as one character, so that the words
 * after it keep their offsets. */
static void
test_invalid_utf8 (void)
{
  static const char cut[] = { 'a', 'b', ' ', '\xe3' };
  /* A copy without the terminating NUL: the sanitizers see any read past its end. */
  g_autofree char *copy = g_memdup2 (cut, sizeof cut);
  g_autoptr(GArray) words = tp_tokenizer_split (copy, sizeof cut);
  g_autoptr(GArray) after_stray = NULL;
  TpWord *word;

  g_assert_cmpuint (words->len, ==, 1);
  word = &g_array_index (words, TpWord, 0);
  g_assert_cmpuint (word->byte_offset, ==, 0);
  g_assert_cmpuint (word->byte_length, ==, 2);

  after_stray = tp_tokenizer_split ("\xe3 teh", 5);
  g_assert_cmpuint (after_stray->len, ==, 1);
  word = &g_array_index (after_stray, TpWord, 0);
  g_assert_cmpuint (word->byte_offset, ==, 2);
  g_assert_cmpuint (word->byte_length, ==, 3);
  g_assert_cmpuint (word->char_offset, ==, 2);
  g_assert_cmpuint (word->char_length, ==, 3);

  /* A piece that is a lone '~' or '.' at the very end. */
  g_clear_pointer (&words, g_array_unref);
  g_clear_pointer (&copy, g_free);
  copy = g_memdup2 ("ok ~", 4);
  words = tp_tokenizer_split (copy, 4);
  g_assert_cmpuint (words->len, ==, 1);
}


/* A dictionary's WORDCHARS join inside a word, not around it. */
static void
test_word_chars (void)
{
  g_autoptr(TpWordRules) rules = tp_word_rules_new (".-·", NULL);

  assert_words ("OpenOffice.org col·lecció", "OpenOffice|org|col|lecció");
  assert_words_with (rules, "OpenOffice.org col·lecció", "OpenOffice.org|col·lecció");
  assert_words_with (rules, "(col·lecció·) .org ·x", "col·lecció|org|x");
  assert_words_with (rules, "well...so and.-so", "well|so|and.-so");
  /* Its letters and blanks change nothing; an empty or invalid list is none. */
  g_clear_pointer (&rules, tp_word_rules_free);
  rules = tp_word_rules_new ("abc \t", "\xff");
  assert_words_with (rules, "a.b c d", "a|b|c|d");
}

/* IGNORE characters are removed by Hunspell: inside a word they do not cut it. */
static void
test_ignored_chars (void)
{
  g_autoptr(TpWordRules) rules = tp_word_rules_new (NULL, "՞՜");

  assert_words ("ի՞նչ", "ի|նչ");
  assert_words_with (rules, "ի՞նչ ի՜նչ ինչ՞", "ի՞նչ|ի՜նչ|ինչ");
}

/* ZWNJ, ZWJ, direction marks and the soft hyphen are inside words, whatever the dictionary;
 * around a word they are not part of it. Offsets stay in characters of the text. */
static void
test_format_chars (void)
{
  const char *text = "می‌خواهم क्‍ष Zei\u00adtung Fuß\u200eball \u200fשלום\u200f.";
  g_autoptr(GArray) words = tp_tokenizer_split (text, strlen (text));
  TpWord *last;

  assert_words (text, "می‌خواهم|क्‍ष|Zei\u00adtung|Fuß\u200eball|שלום");
  assert_words ("a\u200c b \u200dc", "a|b|c");
  last = &g_array_index (words, TpWord, 4);
  g_assert_cmpuint (last->char_offset, ==, 33);
  g_assert_cmpuint (last->char_length, ==, 4);
}

/* The dot after a word goes to the dictionary with it, which takes it for an abbreviation or
 * not; it is not underlined. */
static void
test_abbreviations (void)
{
  g_autoptr(TpWordRules) rules = tp_word_rules_new (".-", NULL);

  assert_words_with (rules, "z.B. usw. Ende.", "z.B|usw|Ende");
  assert_checked_with (rules, "z.B. usw. Ende.", "z.B.|usw.|Ende.");
  assert_checked_with (rules, "etc... und", "etc.|und");
  assert_checked_with (NULL, "etc. e.g. end", "etc.|e.|g.|end");
}

/* With '-' in WORDCHARS, a word ends or starts with a hyphen ("Arbeits- und Freizeit",
 * "Haustür und -schlüssel"); without, the hyphen only joins. */
static void
test_trailing_hyphen (void)
{
  g_autoptr(TpWordRules) rules = tp_word_rules_new ("-", NULL);
  const char *text = "Arbeits- und Freizeit, Haustür und -schlüssel - so";

  assert_words_with (rules, text, "Arbeits-|und|Freizeit|Haustür|und|-schlüssel|so");
  assert_checked_with (rules, text, "Arbeits-|und|Freizeit|Haustür|und|-schlüssel|so");
  assert_words (text, "Arbeits|und|Freizeit|Haustür|und|schlüssel|so");
  assert_words_with (rules, "short-circuit --x", "short-circuit|-x");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Tokenizer/plain", test_plain);
  g_test_add_func ("/Tokenizer/unicode", test_unicode);
  g_test_add_func ("/Tokenizer/apostrophes", test_apostrophes);
  g_test_add_func ("/Tokenizer/hyphens", test_hyphens);
  g_test_add_func ("/Tokenizer/numbers", test_numbers);
  g_test_add_func ("/Tokenizer/skipped-pieces", test_skipped_pieces);
  g_test_add_func ("/Tokenizer/offsets", test_offsets);
  g_test_add_func ("/Tokenizer/stop", test_stop);
  g_test_add_func ("/Tokenizer/random-text", test_random_text);
  g_test_add_func ("/Tokenizer/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/Tokenizer/word-chars", test_word_chars);
  g_test_add_func ("/Tokenizer/ignored-chars", test_ignored_chars);
  g_test_add_func ("/Tokenizer/format-chars", test_format_chars);
  g_test_add_func ("/Tokenizer/abbreviations", test_abbreviations);
  g_test_add_func ("/Tokenizer/trailing-hyphen", test_trailing_hyphen);
  return g_test_run ();
}

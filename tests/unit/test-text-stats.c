/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Counting a text in pieces: the same counts whatever the pieces, words and "\r\n" cut between
 * two of them counted once, multi-byte characters as one each. */
#include "config.h"

#include <string.h>

#include "tp-text-stats.h"

static TpTextStats
count_whole (const char *text)
{
  TpTextStats stats;

  tp_text_stats_count (&stats, text, strlen (text));
  return stats;
}

static void
assert_same (const TpTextStats *a,
             const TpTextStats *b)
{
  g_assert_cmpuint (a->line_ends, ==, b->line_ends);
  g_assert_cmpuint (a->words, ==, b->words);
  g_assert_cmpuint (a->characters, ==, b->characters);
  g_assert_cmpuint (a->non_space, ==, b->non_space);
  g_assert_cmpuint (a->bytes, ==, b->bytes);
}

static void
test_counts (void)
{
  TpTextStats stats = count_whole ("Déjà vu,\tnaïve  café\n— 読む\r\nend\r");

  g_assert_cmpuint (stats.line_ends, ==, 3);
  g_assert_cmpuint (tp_text_stats_lines (&stats), ==, 4);
  g_assert_cmpuint (stats.words, ==, 7);
  g_assert_cmpuint (stats.characters, ==, 31);
  g_assert_cmpuint (stats.non_space, ==, 22);
  g_assert_cmpuint (stats.bytes, ==, strlen ("Déjà vu,\tnaïve  café\n— 読む\r\nend\r"));

  stats = count_whole ("");
  g_assert_cmpuint (tp_text_stats_lines (&stats), ==, 0);
  g_assert_cmpuint (stats.words, ==, 0);
  stats = count_whole ("one");
  g_assert_cmpuint (tp_text_stats_lines (&stats), ==, 1);
  /* A no-break space is white space too. */
  stats = count_whole ("10\u00a0km");
  g_assert_cmpuint (stats.words, ==, 2);
}

/* Every way of cutting the text in two and in three, at character boundaries. */
static void
test_pieces (void)
{
  const char *texts[] = {
    "two words\r\nand more\rlines\n\nend",
    "  spaces  around  ",
    "naïve café — 読む読む\r\n\r\n",
    "x",
    "\r\n",
  };

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      const char *text = texts[t];
      gsize length = strlen (text);
      TpTextStats whole = count_whole (text);

      for (gsize i = 0; i <= length; i++)
        for (gsize j = i; j <= length; j++)
          {
            TpTextStats total = { 0 }, piece;

            if ((i < length && (text[i] & 0xC0) == 0x80) || (j < length && (text[j] & 0xC0) == 0x80))
              continue;
            tp_text_stats_count (&piece, text, i);
            tp_text_stats_add (&total, &piece);
            tp_text_stats_count (&piece, text + i, j - i);
            tp_text_stats_add (&total, &piece);
            tp_text_stats_count (&piece, text + j, length - j);
            tp_text_stats_add (&total, &piece);
            assert_same (&total, &whole);
          }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/TextStats/counts", test_counts);
  g_test_add_func ("/TextStats/pieces", test_pieces);
  return g_test_run ();
}

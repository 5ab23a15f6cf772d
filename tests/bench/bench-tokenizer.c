/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <time.h>

#include "spell/tp-tokenizer.h"

/* Times the tokenizer over FILE repeated to 10 MB, the best of five runs: without a
 * dictionary's rules, and with rules as large as hu_HU's (WORDCHARS of 24 characters, IGNORE).
 * The time is the thread's CPU time, which other work on the machine hardly changes.
 * Usage: bench-tokenizer FILE */

#define TARGET_SIZE (10 * 1024 * 1024)
#define RUNS 5

static gboolean
count_word (const char   *text,
            const TpWord *word,
            gpointer      user_data)
{
  (*(guint64 *) user_data)++;
  return TRUE;
}

static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000.0 + now.tv_nsec / 1e6;
}

static void
time_rules (const char        *name,
            const TpWordRules *rules,
            const GString     *text)
{
  double best = G_MAXDOUBLE;
  guint64 words = 0;

  for (int run = 0; run < RUNS; run++)
    {
      double start = cpu_ms ();

      words = 0;
      tp_tokenizer_foreach_word_with (rules, text->str, text->len, count_word, &words);
      best = MIN (best, cpu_ms () - start);
    }
  printf ("%-14s %" G_GSIZE_FORMAT " bytes, %" G_GUINT64_FORMAT " words: %.1f ms of CPU "
          "(%.0f MB/s)\n", name, text->len, words, best, text->len / best / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *contents = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(TpWordRules) rules = tp_word_rules_new ("-.‰§%°0123456789–€'’ﬃﬄﬀﬁﬂ·", "()]՞՜");
  gsize length;
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s FILE\n", argv[0]);
      return 2;
    }
  if (!g_file_get_contents (argv[1], &contents, &length, &error) || length == 0)
    {
      fprintf (stderr, "%s: %s\n", argv[1], error ? error->message : "empty");
      return 1;
    }
  while (text->len < TARGET_SIZE)
    g_string_append_len (text, contents, (gssize) length);
  time_rules ("no rules", NULL, text);
  time_rules ("hu_HU's rules", rules, text);
  return 0;
}

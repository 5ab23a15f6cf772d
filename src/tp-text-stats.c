/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tp-text-stats.h"

/* Counts valid UTF-8 text (what a GtkTextBuffer holds) of length bytes. */
void
tp_text_stats_count (TpTextStats *stats,
                     const char  *text,
                     gsize        length)
{
  const char *p = text, *end = text + length;
  gboolean in_word = FALSE;

  *stats = (TpTextStats) { .bytes = length };
  if (length == 0)
    return;
  stats->starts_with_lf = *text == '\n';
  while (p < end)
    {
      gunichar c;

      /* ASCII without a function call: most text is. */
      if ((guchar) *p < 0x80)
        c = (guchar) *p++;
      else
        {
          c = g_utf8_get_char (p);
          p = g_utf8_next_char (p);
        }
      stats->characters++;
      if (c == '\n')
        {
          if (p - 1 == text || p[-2] != '\r')
            stats->line_ends++;
        }
      else if (c == '\r')
        stats->line_ends++;
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || g_unichar_isspace (c))
        {
          in_word = FALSE;
          continue;
        }
      stats->non_space++;
      if (!in_word)
        {
          if (stats->characters == 1)
            stats->starts_in_word = TRUE;
          stats->words++;
          in_word = TRUE;
        }
    }
  stats->ends_in_word = in_word;
  stats->ends_with_cr = end[-1] == '\r';
}

/* Adds next, the piece that comes right after the ones total holds. */
void
tp_text_stats_add (TpTextStats       *total,
                   const TpTextStats *next)
{
  if (next->bytes == 0)
    return;
  if (total->bytes == 0)
    {
      *total = *next;
      return;
    }
  total->line_ends += next->line_ends;
  total->words += next->words;
  total->characters += next->characters;
  total->non_space += next->non_space;
  total->bytes += next->bytes;
  /* One word, one line end, cut in two. */
  if (total->ends_in_word && next->starts_in_word)
    total->words--;
  if (total->ends_with_cr && next->starts_with_lf)
    total->line_ends--;
  total->ends_in_word = next->ends_in_word;
  total->ends_with_cr = next->ends_with_cr;
}

/* Lines as an editor numbers them: one more than the line ends, none for no text. */
guint64
tp_text_stats_lines (const TpTextStats *stats)
{
  return stats->bytes == 0 ? 0 : stats->line_ends + 1;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-line-splitter"

#include "config.h"

#include <string.h>

#include "tp-line-splitter.h"

/* A piece may run this far past the limit to keep a character and the marks that go with it
 * together; past it, it is cut anyway (a line of nothing but combining marks is not text). */
#define MAX_OVERRUN 64

void
tp_line_splitter_init (TpLineSplitter *self,
                       guint           limit)
{
  g_return_if_fail (limit >= 2);
  *self = (TpLineSplitter) { .limit = limit, .first_line_end = "" };
}

/* The characters GTK ends a line at. */
gboolean
tp_line_splitter_is_line_end (gunichar c)
{
  return c == '\n' || c == '\r' || c == 0x2029;
}

/* Whether c continues the character before it, so that a cut before c would part them. */
static gboolean
continues_previous (gunichar c)
{
  return g_unichar_ismark (c) || c == 0x200D /* zero width joiner */
         || (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF)
         || (c >= 0x1F3FB && c <= 0x1F3FF) /* skin tones */;
}

/* Where a cut reads best: after a space or a separator of code (a cut there parts no word,
 * so spelling and word search see the same words), before an ideograph, or before a tag. */
static gboolean
good_cut_between (gunichar previous,
                  gunichar c)
{
  if (g_unichar_isspace (c) || continues_previous (c))
    return FALSE;
  if (g_unichar_isspace (previous)
      || (previous != 0 && previous < 0x80 && strchr (",;{}[]()>|", previous) != NULL))
    return TRUE;
  return c == '<' || g_unichar_break_type (c) == G_UNICODE_BREAK_IDEOGRAPHIC;
}

static void
note_line_end (TpLineSplitter *self,
               gunichar        c,
               guint64         at)
{
  if (c == '\n' && self->previous == '\r' && self->line_start == at)
    {
      if (self->first_line_end_at + 1 == at)
        self->first_line_end = "\r\n";
      self->line_start = at + 1;
      return;
    }
  self->longest = MAX (self->longest, at - self->line_start);
  self->line_start = at + 1;
  if (*self->first_line_end == '\0' && c != 0x2029)
    {
      self->first_line_end = c == '\n' ? "\n" : "\r";
      self->first_line_end_at = at;
    }
}

/* The longest line seen so far, in characters, counting the one not ended yet. */
guint64
tp_line_splitter_get_longest (const TpLineSplitter *self)
{
  return MAX (self->longest, self->fed - self->line_start);
}

/* Counts the next characters of a text (whole UTF-8 characters, as long as one likes) and
 * appends to breaks (guint64) the offsets, counted in characters from the start of the whole
 * text, before which a line is cut for display, in increasing order. A line no longer than the
 * limit is never cut; a longer one is cut into pieces of half the limit to the limit, at a good
 * place when there is one. A cut can fall before the text just fed, never before the cut
 * already given. */
void
tp_line_splitter_feed (TpLineSplitter *self,
                       const char     *text,
                       gsize           length,
                       GArray         *breaks)
{
  const char *end = text + length;
  guint half = self->limit / 2;

  for (const char *p = text; p < end;)
    {
      guchar byte = (guchar) *p;
      guint64 at = self->fed++;
      guint64 piece = at - self->segment_start;
      gunichar c;

      /* Most text is ASCII on lines far shorter than half the limit, where no cut can fall:
       * nothing to look at but line ends. */
      if (byte < 0x80 && byte != '\n' && byte != '\r' && piece + 1 < half)
        {
          self->previous = byte;
          p++;
          continue;
        }
      c = g_utf8_get_char (p);
      p = g_utf8_next_char (p);
      if (tp_line_splitter_is_line_end (c))
        {
          note_line_end (self, c, at);
          self->segment_start = at + 1;
          self->opportunity = 0;
          self->previous = c;
          continue;
        }
      if (piece >= self->limit
          && (!continues_previous (c) || piece >= self->limit + MAX_OVERRUN))
        {
          guint64 cut = at;

          if (self->opportunity > self->segment_start
              && self->opportunity - self->segment_start >= half)
            cut = self->opportunity;
          g_array_append_val (breaks, cut);
          self->segment_start = cut;
          self->opportunity = 0;
        }
      /* A cut is made at an opportunity only in the second half of a piece. */
      if (at > self->segment_start && at - self->segment_start >= half
          && good_cut_between (self->previous, c))
        self->opportunity = at;
      self->previous = c;
    }
}

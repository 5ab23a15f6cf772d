/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-tokenizer"

#include "config.h"

#include <string.h>

#include "tp-tokenizer.h"

/* Whitespace separates the pieces of text that are looked at whole: a URL, an e-mail address or
 * a path is one piece and is skipped whole. Spell-check regions are cut at these boundaries. */
gboolean
tp_tokenizer_is_boundary (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F;
}

static gboolean
is_letter (gunichar c)
{
  return g_unichar_isalpha (c) || g_unichar_ismark (c);
}

/* Inside a word and followed by a letter, these join: doesn't, l'homme, aujourd’hui,
 * short-circuit. */
static gboolean
is_joiner (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == '-' || c == 0x2010;
}

static gboolean
has_text (const char *piece,
          gsize       length,
          const char *needle)
{
  return g_strstr_len (piece, (gssize) length, needle) != NULL;
}

static gboolean
has_prefix (const char *piece,
            gsize       length,
            const char *prefix)
{
  gsize prefix_length = strlen (prefix);
  return length >= prefix_length && g_ascii_strncasecmp (piece, prefix, prefix_length) == 0;
}

static gboolean
looks_like_email (const char *piece,
                  gsize       length)
{
  const char *at = memchr (piece, '@', length);

  return at != NULL && at > piece && at + 1 < piece + length
         && memchr (at + 1, '.', (gsize) (piece + length - at - 1)) != NULL;
}

static gboolean
looks_like_path (const char *piece,
                 gsize       length)
{
  guint slashes = 0;

  if (piece[0] == '/' || has_prefix (piece, length, "~/") || has_prefix (piece, length, "./")
      || has_prefix (piece, length, "../"))
    return length > 1;
  if (memchr (piece, '\\', length) != NULL)
    return TRUE;
  for (gsize i = 0; i < length; i++)
    slashes += piece[i] == '/';
  return slashes >= 2;
}

static gboolean
is_skipped_piece (const char *piece,
                  gsize       length)
{
  /* Quotes and brackets around a link do not make it text. */
  while (length > 0 && strchr ("(<[\"'", piece[0]) != NULL)
    {
      piece++;
      length--;
    }
  return has_text (piece, length, "://") || has_prefix (piece, length, "www.")
         || has_prefix (piece, length, "mailto:") || looks_like_email (piece, length) || looks_like_path (piece, length);
}

typedef struct
{
  const char *text;
  const char *end;
  const char *p;
  gsize       char_offset;
} Cursor;

/* The character at p, p < end, and where the next one starts. The text of a buffer is valid
 * UTF-8, but a copy may not be: a byte that starts no character, or a character cut by the
 * end, is one U+FFFD of one byte, so that nothing past end is read and the characters after it
 * keep their offsets. */
static gunichar
decode (const char  *p,
        const char  *end,
        const char **next)
{
  gunichar c;

  if ((guchar) *p < 0x80)
    {
      *next = p + 1;
      return (guchar) *p;
    }
  c = g_utf8_get_char_validated (p, end - p);
  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      *next = p + 1;
      return 0xFFFD;
    }
  *next = g_utf8_next_char (p);
  return c;
}

static gunichar
cursor_peek (const Cursor *cursor)
{
  const char *next;

  return cursor->p < cursor->end ? decode (cursor->p, cursor->end, &next) : 0;
}

static void
cursor_next (Cursor *cursor)
{
  decode (cursor->p, cursor->end, &cursor->p);
  cursor->char_offset++;
}

static gunichar
char_after (const Cursor *cursor,
            const char   *limit)
{
  const char *next, *after;

  decode (cursor->p, cursor->end, &next);
  return next < limit ? decode (next, limit, &after) : 0;
}

/* Reads one run of word characters; returns whether it is a word to check (letters only,
 * with joiners inside: no digits, no underscores). */
static gboolean
read_word (Cursor     *cursor,
           const char *piece_end,
           TpWord     *word)
{
  gboolean checkable = TRUE;

  word->byte_offset = (gsize) (cursor->p - cursor->text);
  word->char_offset = cursor->char_offset;
  while (cursor->p < piece_end)
    {
      gunichar c = cursor_peek (cursor);

      if (is_letter (c))
        ;
      else if (g_unichar_isdigit (c) || c == '_')
        checkable = FALSE;
      else if (!(is_joiner (c) && is_letter (char_after (cursor, piece_end))))
        break;
      cursor_next (cursor);
    }
  word->byte_length = (gsize) (cursor->p - cursor->text) - word->byte_offset;
  word->char_length = cursor->char_offset - word->char_offset;
  return checkable;
}

static gboolean
scan_piece (Cursor     *cursor,
            const char *piece_end,
            TpWordFunc  func,
            gpointer    user_data)
{
  while (cursor->p < piece_end)
    {
      gunichar c = cursor_peek (cursor);
      TpWord word;

      if (!is_letter (c) && !g_unichar_isdigit (c) && c != '_')
        {
          cursor_next (cursor);
          continue;
        }
      if (read_word (cursor, piece_end, &word) && !func (cursor->text, &word, user_data))
        return FALSE;
    }
  return TRUE;
}

void
tp_tokenizer_foreach_word (const char *text,
                           gsize       length,
                           TpWordFunc  func,
                           gpointer    user_data)
{
  Cursor cursor = { text, text + length, text, 0 };

  while (cursor.p < cursor.end)
    {
      const char *piece;
      Cursor scan;

      if (tp_tokenizer_is_boundary (cursor_peek (&cursor)))
        {
          cursor_next (&cursor);
          continue;
        }

      piece = cursor.p;
      scan = cursor;
      while (cursor.p < cursor.end && !tp_tokenizer_is_boundary (cursor_peek (&cursor)))
        cursor_next (&cursor);

      if (is_skipped_piece (piece, (gsize) (cursor.p - piece)))
        continue;
      if (!scan_piece (&scan, cursor.p, func, user_data))
        return;
    }
}

static gboolean
append_word (const char   *text,
             const TpWord *word,
             gpointer      user_data)
{
  g_array_append_val ((GArray *) user_data, *word);
  return TRUE;
}

/* All the words of text, as an array of TpWord. */
GArray *
tp_tokenizer_split (const char *text,
                    gsize       length)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (TpWord));

  tp_tokenizer_foreach_word (text, length, append_word, words);
  return words;
}

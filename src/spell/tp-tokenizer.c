/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-tokenizer"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tp-tokenizer.h"

/* Whitespace separates the pieces of text that are looked at whole: a URL, an e-mail address or
 * a path is one piece and is skipped whole. Spell-check regions are cut at these boundaries. */
gboolean
tp_tokenizer_is_boundary (gunichar c)
{
  return g_unichar_isspace (c) || c == 0x00A0 || c == 0x202F;
}

/* Beyond letters, a dictionary names its own word characters in WORDCHARS ('.', '-', '’'…) and
 * the characters it removes before looking a word up in IGNORE (Arabic marks, Armenian ՞…).
 * Both are kept inside a word; the ASCII ones in a bitmap, the others sorted, since the
 * tokenizer asks for every character that is not a letter. */
struct _TpWordRules
{
  guint32   ascii[128 / 32];
  gunichar *others;
  guint     n_others;
  /* '-' is one of the dictionary's word characters: a word may start or end with one
   * ("Arbeits- und Freizeit", "Haustür und -schlüssel"), as the dictionary spells them. */
  gboolean  hyphen;
};

static gboolean
is_letter (gunichar c)
{
  if (c < 0x80)
    return (c | 0x20) - 'a' < 26;
  return g_unichar_isalpha (c) || g_unichar_ismark (c);
}

static gboolean
is_digit_like (gunichar c)
{
  return c == '_' || (c < 0x80 ? c - '0' < 10 : g_unichar_isdigit (c));
}

/* Invisible characters that occur inside words of real text: the joiners that Persian, Hindi
 * or Malayalam spell words with, direction marks, the Arabic letter mark and the soft hyphen. */
static gboolean
is_format_inside_word (gunichar c)
{
  return (c >= 0x200C && c <= 0x200F) || c == 0x00AD || c == 0x061C;
}

static int
compare_unichar (gconstpointer a,
                 gconstpointer b)
{
  gunichar x = *(const gunichar *) a, y = *(const gunichar *) b;

  return x < y ? -1 : x > y;
}

static void
rules_add (TpWordRules *rules,
           GArray      *others,
           const char  *chars)
{
  for (const char *p = chars; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Letters and digits are told apart already, and nothing joins across a boundary. */
      if (is_letter (c) || is_digit_like (c) || tp_tokenizer_is_boundary (c) || c == 0)
        continue;
      if (c < 0x80)
        rules->ascii[c / 32] |= 1u << (c % 32);
      else
        g_array_append_val (others, c);
    }
}

/* word_chars and ignored are UTF-8, as read from the dictionary; either may be NULL. */
TpWordRules *
tp_word_rules_new (const char *word_chars,
                   const char *ignored)
{
  TpWordRules *rules = g_new0 (TpWordRules, 1);
  g_autoptr(GArray) others = g_array_new (FALSE, FALSE, sizeof (gunichar));

  if (word_chars != NULL && g_utf8_validate (word_chars, -1, NULL))
    rules_add (rules, others, word_chars);
  rules->hyphen = (rules->ascii['-' / 32] & (1u << ('-' % 32))) != 0;
  if (ignored != NULL && g_utf8_validate (ignored, -1, NULL))
    rules_add (rules, others, ignored);
  g_array_sort (others, compare_unichar);
  rules->n_others = others->len;
  rules->others = (gunichar *) g_array_free (g_steal_pointer (&others), FALSE);
  return rules;
}

void
tp_word_rules_free (TpWordRules *rules)
{
  if (rules == NULL)
    return;
  g_free (rules->others);
  g_free (rules);
}

gboolean
tp_word_rules_has_hyphen (const TpWordRules *rules)
{
  return rules != NULL && rules->hyphen;
}

/* Inside a word and followed by a letter, these join: doesn't, l'homme, aujourd’hui,
 * short-circuit, and with the dictionary's rules OpenOffice.org, z.B, col·lecció, ի՞նչ. */
static gboolean
is_joiner (const TpWordRules *rules,
           gunichar           c)
{
  if (c == '\'' || c == 0x2019 || c == '-' || c == 0x2010 || is_format_inside_word (c))
    return TRUE;
  if (rules == NULL)
    return FALSE;
  if (c < 0x80)
    return (rules->ascii[c / 32] & (1u << (c % 32))) != 0;
  return rules->n_others > 0
         && bsearch (&c, rules->others, rules->n_others, sizeof (gunichar), compare_unichar);
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

/* Whether the joiners at the cursor lead to a letter before limit. Several may ("50%-os",
 * "ab\u00AD-cd"), but one that shows twice in a row cuts the word ("program--to", "well...so"). */
static gboolean
joins_letter (const TpWordRules *rules,
              const Cursor      *cursor,
              const char        *limit)
{
  const char *p = cursor->p;
  gunichar previous = 0;

  while (p < limit)
    {
      gunichar c = decode (p, limit, &p);

      if (is_letter (c))
        return TRUE;
      if (!is_joiner (rules, c) || c == previous)
        return FALSE;
      if (!is_format_inside_word (c))
        previous = c;
    }
  return FALSE;
}

static void
skip_joiners (const TpWordRules *rules,
              Cursor            *cursor)
{
  while (is_joiner (rules, cursor_peek (cursor)))
    cursor_next (cursor);
}

/* A word ends before a hyphen when the dictionary counts it as a word character: it then
 * spells the first part of a compound with it ("Arbeits-"), so the hyphen is part of the word.
 * A dot after the word is handed to the dictionary but not part of the word: an abbreviation
 * is one with it ("z.B.", "usw."), another word is the same with or without. */
static void
read_word_end (const TpWordRules *rules,
               Cursor            *cursor,
               const char        *piece_end,
               TpWord            *word)
{
  if (rules != NULL && rules->hyphen && cursor->p < piece_end && *cursor->p == '-')
    cursor_next (cursor);
  word->byte_length = (gsize) (cursor->p - cursor->text) - word->byte_offset;
  word->char_length = cursor->char_offset - word->char_offset;
  word->check_length = word->byte_length
                       + (cursor->p < piece_end && *cursor->p == '.' ? 1 : 0);
}

/* Reads one run of word characters; returns whether it is a word to check (letters only,
 * with joiners inside: no digits, no underscores). */
static gboolean
read_word (const TpWordRules *rules,
           Cursor            *cursor,
           const char        *piece_end,
           TpWord            *word)
{
  gboolean checkable = TRUE;

  word->byte_offset = (gsize) (cursor->p - cursor->text);
  word->char_offset = cursor->char_offset;
  if (*cursor->p == '-')
    cursor_next (cursor);
  while (cursor->p < piece_end)
    {
      gunichar c = cursor_peek (cursor);

      if (is_letter (c))
        cursor_next (cursor);
      else if (is_digit_like (c))
        {
          checkable = FALSE;
          cursor_next (cursor);
        }
      else if (is_joiner (rules, c) && joins_letter (rules, cursor, piece_end))
        skip_joiners (rules, cursor);
      else
        break;
    }
  read_word_end (rules, cursor, piece_end, word);
  return checkable;
}

/* Where a word starts: a letter or a digit, or a hyphen before a letter in a dictionary that
 * spells words with one ("-schlüssel"). */
static gboolean
starts_word (const TpWordRules *rules,
             const Cursor      *cursor,
             const char        *piece_end,
             gunichar           c)
{
  Cursor after = *cursor;

  if (is_letter (c) || is_digit_like (c))
    return TRUE;
  if (c != '-' || rules == NULL || !rules->hyphen)
    return FALSE;
  cursor_next (&after);
  return after.p < piece_end && is_letter (decode (after.p, piece_end, &after.p));
}

static gboolean
scan_piece (const TpWordRules *rules,
            Cursor            *cursor,
            const char        *piece_end,
            TpWordFunc         func,
            gpointer           user_data)
{
  while (cursor->p < piece_end)
    {
      gunichar c = cursor_peek (cursor);
      TpWord word;

      if (!starts_word (rules, cursor, piece_end, c))
        {
          cursor_next (cursor);
          continue;
        }
      if (read_word (rules, cursor, piece_end, &word) && !func (cursor->text, &word, user_data))
        return FALSE;
    }
  return TRUE;
}

/* rules: the dictionary's, or NULL for letters and the common joiners only. */
void
tp_tokenizer_foreach_word_with (const TpWordRules *rules,
                                const char        *text,
                                gsize              length,
                                TpWordFunc         func,
                                gpointer           user_data)
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
      if (!scan_piece (rules, &scan, cursor.p, func, user_data))
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

/* The words of text as no dictionary in particular has them. */
void
tp_tokenizer_foreach_word (const char *text,
                           gsize       length,
                           TpWordFunc  func,
                           gpointer    user_data)
{
  tp_tokenizer_foreach_word_with (NULL, text, length, func, user_data);
}

/* All the words of text, as an array of TpWord. */
GArray *
tp_tokenizer_split_with (const TpWordRules *rules,
                         const char        *text,
                         gsize              length)
{
  GArray *words = g_array_new (FALSE, FALSE, sizeof (TpWord));

  tp_tokenizer_foreach_word_with (rules, text, length, append_word, words);
  return words;
}

GArray *
tp_tokenizer_split (const char *text,
                    gsize       length)
{
  return tp_tokenizer_split_with (NULL, text, length);
}

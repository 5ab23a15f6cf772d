/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE
#include "config.h"

#include <string.h>

#include "record/tp-journal.h"

/* Pieces of text for random edits: ASCII, two-, three- and four-byte UTF-8, line ends. */
static const char *const pieces[] = {
  "a", "word ", "é", "€", "日本", "𝄞", "\n", "\r\n", "Grüße, ", "ﬁ", "",
};

/* The reference: the same edits done the obvious way. */
static void
reference_insert (GString    *text,
                  guint64     offset,
                  const char *piece)
{
  const char *at = g_utf8_offset_to_pointer (text->str, offset);

  g_string_insert (text, at - text->str, piece);
}

static void
reference_delete (GString *text,
                  guint64  offset,
                  guint64  count)
{
  const char *start = g_utf8_offset_to_pointer (text->str, offset);
  const char *end = g_utf8_offset_to_pointer (start, count);

  g_string_erase (text, start - text->str, end - start);
}

typedef struct
{
  GByteArray *snapshot;
  GByteArray *journal;
  GPtrArray  *states;       /* the text after each journal record (index 0: the snapshot) */
  GArray     *boundaries;   /* the journal's length after each record */
} History;

static void
history_free (History *history)
{
  g_byte_array_unref (history->snapshot);
  g_byte_array_unref (history->journal);
  g_ptr_array_unref (history->states);
  g_array_unref (history->boundaries);
  g_free (history);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (History, history_free)

static void
add_boundary (History *history)
{
  gsize length = history->journal->len;

  g_array_append_val (history->boundaries, length);
}

static void
make_snapshot (GByteArray *out,
               guint64     sequence,
               const char *text,
               const char *title)
{
  TpDocumentInfo info = { (char *) title, "file:///tmp/notes.txt", "UTF-8" };

  g_byte_array_append (out, (const guint8 *) TP_SNAPSHOT_MAGIC, TP_JOURNAL_MAGIC_LENGTH);
  tp_journal_append_info (out, sequence, 1000, &info);
  tp_journal_append_record (out, TP_RECORD_TEXT, sequence, 1000, text, strlen (text));
  tp_journal_append_cursor (out, sequence, 1000, 0);
}

/* A snapshot of start_text at sequence 10, then n random edits in the journal. */
static History *
make_history (GRand      *rand,
              const char *start_text,
              guint       n)
{
  History *history = g_new0 (History, 1);
  g_autoptr(GString) text = g_string_new (start_text);
  guint64 sequence = 10;

  history->snapshot = g_byte_array_new ();
  history->journal = g_byte_array_new ();
  history->states = g_ptr_array_new_with_free_func (g_free);
  history->boundaries = g_array_new (FALSE, FALSE, sizeof (gsize));

  make_snapshot (history->snapshot, sequence, text->str, "notes.txt");
  g_byte_array_append (history->journal, (const guint8 *) TP_JOURNAL_MAGIC,
                       TP_JOURNAL_MAGIC_LENGTH);
  g_ptr_array_add (history->states, g_strdup (text->str));
  add_boundary (history);

  for (guint i = 0; i < n; i++)
    {
      guint64 length = g_utf8_strlen (text->str, -1);
      guint64 offset = g_rand_int_range (rand, 0, length + 1);

      if (length > 0 && g_rand_int_range (rand, 0, 3) == 0)
        {
          guint64 count = g_rand_int_range (rand, 0, MIN (length - offset, 5) + 1);

          tp_journal_append_delete (history->journal, ++sequence, 2000 + i, offset, count);
          reference_delete (text, offset, count);
        }
      else
        {
          const char *piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];

          tp_journal_append_insert (history->journal, ++sequence, 2000 + i, offset, piece,
                                    strlen (piece));
          reference_insert (text, offset, piece);
        }
      g_ptr_array_add (history->states, g_strdup (text->str));
      add_boundary (history);
    }
  return history;
}

static TpReplay *
replay_bytes (const guint8 *snapshot,
              gsize         snapshot_length,
              const guint8 *journal,
              gsize         journal_length)
{
  g_autoptr(GBytes) snapshot_bytes = snapshot ? g_bytes_new (snapshot, snapshot_length) : NULL;
  g_autoptr(GBytes) journal_bytes = journal ? g_bytes_new (journal, journal_length) : NULL;

  return tp_journal_replay (snapshot_bytes, journal_bytes);
}

static void
test_round_trip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  g_autoptr(History) history = make_history (rand, "Grüße\n", 3000);
  g_autoptr(TpReplay) replay = replay_bytes (history->snapshot->data, history->snapshot->len,
                                             history->journal->data, history->journal->len);
  const char *final = g_ptr_array_index (history->states, history->states->len - 1);

  g_assert_false (replay->damaged);
  g_assert_cmpstr (replay->text, ==, final);
  g_assert_cmpuint (replay->length, ==, strlen (final));
  g_assert_cmpuint (replay->sequence, ==, 10 + 3000);
  g_assert_cmpint (replay->last_change, ==, 2000 + 2999);
  g_assert_cmpstr (replay->info.title, ==, "notes.txt");
  g_assert_cmpstr (replay->info.uri, ==, "file:///tmp/notes.txt");
  g_assert_cmpstr (replay->info.encoding, ==, "UTF-8");
}

/* Which state a replay of a journal cut at length ends in. */
static guint
state_for_length (History *history,
                  gsize    length)
{
  guint state = 0;

  while (state + 1 < history->boundaries->len
         && g_array_index (history->boundaries, gsize, state + 1) <= length)
    state++;
  return state;
}

static void
test_torn_tail (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2);
  g_autoptr(History) history = make_history (rand, "start ", 60);

  for (gsize cut = 0; cut <= history->journal->len; cut++)
    {
      g_autoptr(TpReplay) replay = replay_bytes (history->snapshot->data, history->snapshot->len,
                                                 history->journal->data, cut);
      guint state = state_for_length (history, cut);
      /* An empty journal is what a crash right after a snapshot leaves. */
      gboolean at_boundary = cut == 0
                             || g_array_index (history->boundaries, gsize, state) == cut;

      g_assert_cmpstr (replay->text, ==, g_ptr_array_index (history->states, state));
      g_assert_cmpint (replay->damaged, ==, !at_boundary);
    }
}

/* A flipped bit anywhere in the journal: the replay is the state before the damaged record. */
static void
test_flipped_journal_bytes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);
  g_autoptr(History) history = make_history (rand, "flip ", 40);
  g_autofree guint8 *copy = g_memdup2 (history->journal->data, history->journal->len);

  for (gsize i = TP_JOURNAL_MAGIC_LENGTH; i < history->journal->len; i++)
    {
      guint8 bit = 1 << g_rand_int_range (rand, 0, 8);
      g_autoptr(TpReplay) replay = NULL;
      guint state = state_for_length (history, i);

      copy[i] ^= bit;
      replay = replay_bytes (history->snapshot->data, history->snapshot->len, copy,
                             history->journal->len);
      copy[i] ^= bit;

      g_assert_true (replay->damaged);
      g_assert_cmpstr (replay->text, ==, g_ptr_array_index (history->states, state));
    }
}

/* A damaged snapshot never crashes the reader; the text it gives back is valid UTF-8. */
static void
test_flipped_snapshot_bytes (void)
{
  g_autoptr(GByteArray) snapshot = g_byte_array_new ();

  make_snapshot (snapshot, 4, "Ein schöner Text, der überlebt.\n", "text");
  for (gsize i = 0; i < snapshot->len; i++)
    for (int bit = 0; bit < 8; bit++)
      {
        g_autoptr(TpReplay) replay = NULL;

        snapshot->data[i] ^= 1 << bit;
        replay = replay_bytes (snapshot->data, snapshot->len, NULL, 0);
        snapshot->data[i] ^= 1 << bit;
        g_assert_true (replay->damaged);
        g_assert_true (g_utf8_validate (replay->text, replay->length, NULL));
        g_assert_nonnull (replay->info.title);
      }
}

/* A text record whose checksum fails still gives its words back. */
static void
test_salvaged_snapshot_text (void)
{
  g_autoptr(GByteArray) snapshot = g_byte_array_new ();
  g_autoptr(TpReplay) replay = NULL;
  const char *text = "keep these words";
  guint8 *found;

  make_snapshot (snapshot, 4, text, "text");
  found = memmem (snapshot->data, snapshot->len, "these", 5);
  g_assert_nonnull (found);
  found[0] = 'T';
  replay = replay_bytes (snapshot->data, snapshot->len, NULL, 0);
  g_assert_true (replay->damaged);
  g_assert_cmpstr (replay->text, ==, "keep These words");
}

static void
test_zero_length_and_huge (void)
{
  g_autoptr(GByteArray) snapshot = g_byte_array_new ();
  g_autoptr(GByteArray) journal = g_byte_array_new ();
  g_autoptr(TpReplay) replay = NULL;
  gsize huge_length = 24 * 1024 * 1024;
  g_autofree char *huge = g_malloc (huge_length);

  for (gsize i = 0; i < huge_length; i++)
    huge[i] = 'a' + i % 26;
  make_snapshot (snapshot, 0, "", "");
  g_byte_array_append (journal, (const guint8 *) TP_JOURNAL_MAGIC, TP_JOURNAL_MAGIC_LENGTH);
  tp_journal_append_insert (journal, 1, 1, 0, "", 0);
  tp_journal_append_delete (journal, 2, 2, 0, 0);
  tp_journal_append_insert (journal, 3, 3, 0, huge, huge_length);
  tp_journal_append_delete (journal, 4, 4, 1, huge_length - 2);

  replay = replay_bytes (snapshot->data, snapshot->len, journal->data, journal->len);
  g_assert_false (replay->damaged);
  g_assert_cmpuint (replay->length, ==, 2);
  g_assert_cmpint (replay->text[0], ==, huge[0]);
  g_assert_cmpint (replay->text[1], ==, huge[huge_length - 1]);
  g_assert_cmpuint (replay->cursor, ==, 1);
}

/* Records at or below the snapshot's number are left over from before it: skipped. A gap in the
 * numbers means something is missing: replay stops there. */
static void
test_sequence (void)
{
  g_autoptr(GByteArray) snapshot = g_byte_array_new ();
  g_autoptr(GByteArray) journal = g_byte_array_new ();
  g_autoptr(TpReplay) replay = NULL;
  g_autoptr(TpReplay) gap = NULL;

  make_snapshot (snapshot, 5, "abc", "t");
  g_byte_array_append (journal, (const guint8 *) TP_JOURNAL_MAGIC, TP_JOURNAL_MAGIC_LENGTH);
  tp_journal_append_insert (journal, 4, 1, 0, "old", 3);
  tp_journal_append_insert (journal, 5, 1, 0, "old", 3);
  tp_journal_append_insert (journal, 6, 1, 3, "d", 1);
  tp_journal_append_cursor (journal, 7, 1, 1);
  replay = replay_bytes (snapshot->data, snapshot->len, journal->data, journal->len);
  g_assert_false (replay->damaged);
  g_assert_cmpstr (replay->text, ==, "abcd");
  g_assert_cmpuint (replay->cursor, ==, 1);

  tp_journal_append_insert (journal, 9, 1, 0, "lost", 4);
  gap = replay_bytes (snapshot->data, snapshot->len, journal->data, journal->len);
  g_assert_true (gap->damaged);
  g_assert_cmpstr (gap->text, ==, "abcd");
}

/* Edits that do not fit the text, or text that is not UTF-8, are damage, not a crash. */
static void
test_nonsense_records (void)
{
  g_autoptr(GByteArray) snapshot = g_byte_array_new ();
  const struct { guint64 offset; const char *text; guint64 count; } cases[] = {
    { 4, "x", 0 }, { 0, "\xff", 0 }, { 0, "\xc3", 0 }, { 2, NULL, 2 }, { 0, NULL, 4 },
  };

  make_snapshot (snapshot, 0, "abc", "t");
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) journal = g_byte_array_new ();
      g_autoptr(TpReplay) replay = NULL;

      g_byte_array_append (journal, (const guint8 *) TP_JOURNAL_MAGIC, TP_JOURNAL_MAGIC_LENGTH);
      if (cases[i].text != NULL)
        tp_journal_append_insert (journal, 1, 1, cases[i].offset, cases[i].text,
                                  strlen (cases[i].text));
      else
        tp_journal_append_delete (journal, 1, 1, cases[i].offset, cases[i].count);
      replay = replay_bytes (snapshot->data, snapshot->len, journal->data, journal->len);
      g_assert_true (replay->damaged);
      g_assert_cmpstr (replay->text, ==, "abc");
    }
}

static void
test_missing_parts (void)
{
  g_autoptr(TpReplay) nothing = replay_bytes (NULL, 0, NULL, 0);
  g_autoptr(TpReplay) garbage = replay_bytes ((const guint8 *) "not a snapshot", 14,
                                              (const guint8 *) "nor a journal", 13);

  g_assert_true (nothing->damaged);
  g_assert_cmpstr (nothing->text, ==, "");
  g_assert_true (garbage->damaged);
  g_assert_cmpstr (garbage->text, ==, "");
}

/* Every snapshot comes with its journal: a missing one may have held the last edits. */
static void
test_missing_journal (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(History) history = make_history (rand, "snapshot text", 0);
  g_autoptr(TpReplay) without = replay_bytes (history->snapshot->data, history->snapshot->len,
                                              NULL, 0);
  g_autoptr(TpReplay) empty = replay_bytes (history->snapshot->data, history->snapshot->len,
                                            history->journal->data, history->journal->len);

  g_assert_true (without->damaged);
  g_assert_cmpstr (without->text, ==, "snapshot text");
  g_assert_false (empty->damaged);
  g_assert_cmpstr (empty->text, ==, "snapshot text");
}

/* The shadow finds offsets near its last edit and far from it alike, typing runs at one place,
 * and reading the whole text in between. */
static void
test_shadow_random_edits (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(TpShadowText) shadow = tp_shadow_text_new ();
  g_autoptr(GString) reference = g_string_new ("");
  guint64 last = 0;

  for (guint i = 0; i < 20000; i++)
    {
      guint64 length = tp_shadow_text_get_char_count (shadow);
      guint64 offset = g_rand_int_range (rand, 0, length + 1);
      int where = g_rand_int_range (rand, 0, 8);

      if (where == 0)
        offset = MIN (length, offset / 50);
      else if (where <= 4)
        offset = MIN (length, last);
      else if (where == 5)
        offset = length - MIN (length, (guint64) g_rand_int_range (rand, 0, 4));
      if (length > 0 && g_rand_int_range (rand, 0, 3) == 0)
        {
          guint64 count = g_rand_int_range (rand, 0, MIN (length - offset, 9) + 1);

          g_assert_true (tp_shadow_text_delete (shadow, offset, count));
          reference_delete (reference, offset, count);
          last = offset;
        }
      else
        {
          const char *piece = pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))];

          g_assert_true (tp_shadow_text_insert (shadow, offset, piece, strlen (piece)));
          reference_insert (reference, offset, piece);
          last = offset + g_utf8_strlen (piece, -1);
        }
      if (i % 997 == 0)
        {
          gsize bytes;

          g_assert_cmpstr (tp_shadow_text_get (shadow, &bytes), ==, reference->str);
          g_assert_cmpuint (bytes, ==, reference->len);
          g_assert_cmpuint (tp_shadow_text_get_length (shadow), ==, reference->len);
        }
    }
  g_assert_cmpstr (tp_shadow_text_get (shadow, NULL), ==, reference->str);
  g_assert_cmpuint (tp_shadow_text_get_char_count (shadow), ==,
                    g_utf8_strlen (reference->str, -1));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Journal/round-trip", test_round_trip);
  g_test_add_func ("/Journal/torn-tail", test_torn_tail);
  g_test_add_func ("/Journal/flipped-journal-bytes", test_flipped_journal_bytes);
  g_test_add_func ("/Journal/flipped-snapshot-bytes", test_flipped_snapshot_bytes);
  g_test_add_func ("/Journal/salvaged-snapshot-text", test_salvaged_snapshot_text);
  g_test_add_func ("/Journal/zero-length-and-huge", test_zero_length_and_huge);
  g_test_add_func ("/Journal/sequence", test_sequence);
  g_test_add_func ("/Journal/nonsense-records", test_nonsense_records);
  g_test_add_func ("/Journal/missing-parts", test_missing_parts);
  g_test_add_func ("/Journal/missing-journal", test_missing_journal);
  g_test_add_func ("/Journal/shadow-random-edits", test_shadow_random_edits);

  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "helper/tp-helper-protocol.h"

/* The helper protocol's reader against what a hostile or broken peer sends: every message
 * written reads back the same, byte by byte or all at once; truncated, oversized, garbage and
 * out-of-place messages are refused, and a refusal is final. */

static GByteArray *
encode (const TpHelperMessage *message)
{
  GByteArray *out = g_byte_array_new ();

  tp_helper_message_encode (message, out);
  return out;
}

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  guint8 bytes[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, bytes, 4);
}

/* A message as a peer could write it: header then the given payload. */
static GByteArray *
raw (guint32       kind,
     const guint8 *payload,
     gsize         length)
{
  GByteArray *out = g_byte_array_new ();

  put_u32 (out, (guint32) length);
  put_u32 (out, kind);
  put_u32 (out, 7);
  g_byte_array_append (out, payload, length);
  return out;
}

static TpHelperMessage *
read_one (TpHelperDirection from,
          GByteArray       *bytes,
          GError          **error)
{
  g_autoptr(TpHelperReader) reader = tp_helper_reader_new (from, TP_HELPER_MAX_PAYLOAD);

  tp_helper_reader_feed (reader, bytes->data, bytes->len);
  return tp_helper_reader_next (reader, error);
}

static void
test_round_trip (void)
{
  g_autoptr(TpHelperMessage) checked = tp_helper_message_new (TP_HELPER_CHECKED, 42);
  g_autoptr(TpHelperMessage) suggestions = tp_helper_message_new (TP_HELPER_SUGGESTIONS, 43);
  g_autoptr(TpHelperMessage) load = tp_helper_message_new (TP_HELPER_LOAD, 1);
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  g_autoptr(TpHelperReader) reader = tp_helper_reader_new (TP_HELPER_FROM_HELPER,
                                                           TP_HELPER_MAX_PAYLOAD);
  g_autoptr(TpHelperMessage) first = NULL;
  g_autoptr(TpHelperMessage) second = NULL;
  g_autoptr(TpHelperMessage) request = NULL;
  g_autoptr(GByteArray) load_bytes = NULL;
  g_autoptr(GError) error = NULL;

  tp_helper_message_add_span (checked, 0, 5);
  tp_helper_message_add_span (checked, 9, 3);
  tp_helper_message_add_string (suggestions, "Grüße", -1);
  tp_helper_message_add_string (suggestions, "日本", -1);
  tp_helper_message_encode (checked, stream);
  tp_helper_message_encode (suggestions, stream);

  /* A byte at a time: nothing until a message is whole. */
  for (guint i = 0; i < stream->len; i++)
    {
      tp_helper_reader_feed (reader, stream->data + i, 1);
      if (first == NULL)
        first = tp_helper_reader_next (reader, &error);
      else if (second == NULL)
        second = tp_helper_reader_next (reader, &error);
      g_assert_no_error (error);
    }
  g_assert_nonnull (first);
  g_assert_cmpint (first->kind, ==, TP_HELPER_CHECKED);
  g_assert_cmpuint (first->id, ==, 42);
  g_assert_cmpuint (first->spans->len, ==, 2);
  g_assert_cmpuint (g_array_index (first->spans, TpHelperSpan, 1).start, ==, 9);
  g_assert_cmpuint (g_array_index (first->spans, TpHelperSpan, 1).length, ==, 3);
  g_assert_nonnull (second);
  g_assert_cmpuint (second->strings->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (second->strings, 0), ==, "Grüße");
  g_assert_null (tp_helper_reader_next (reader, &error));
  g_assert_no_error (error);

  tp_helper_message_add_string (load, "de_DE", -1);
  tp_helper_message_add_string (load, "/usr/share/hunspell/de_DE.aff", -1);
  tp_helper_message_add_string (load, "/usr/share/hunspell/de_DE.dic", -1);
  load_bytes = encode (load);
  request = read_one (TP_HELPER_FROM_EDITOR, load_bytes, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (request->strings->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (request->strings, 2), ==, "/usr/share/hunspell/de_DE.dic");
}

static void
assert_refused (TpHelperDirection from,
                GByteArray       *bytes)
{
  g_autoptr(TpHelperReader) reader = tp_helper_reader_new (from, 1024 * 1024);
  g_autoptr(GError) error = NULL;
  g_autoptr(TpHelperMessage) message = NULL;
  g_autoptr(GByteArray) good = NULL;
  g_autoptr(TpHelperMessage) done = tp_helper_message_new (TP_HELPER_DONE, 1);
  g_autoptr(TpHelperMessage) hello = tp_helper_message_new (TP_HELPER_HELLO, 1);

  tp_helper_reader_feed (reader, bytes->data, bytes->len);
  message = tp_helper_reader_next (reader, &error);
  g_assert_null (message);
  g_assert_error (error, TP_HELPER_PROTOCOL_ERROR, 0);
  g_assert_true (tp_helper_reader_failed (reader));
  /* Final: a good message after it is not read. */
  good = encode (from == TP_HELPER_FROM_HELPER ? done : hello);
  tp_helper_reader_feed (reader, good->data, good->len);
  g_clear_error (&error);
  g_assert_null (tp_helper_reader_next (reader, &error));
  g_assert_no_error (error);
}

static void
test_refused (void)
{
  static const guint8 not_utf8[] = { 1, 0, 0, 0, 3, 0, 0, 0, 'a', 0xff, 'b' };
  static const guint8 with_nul[] = { 1, 0, 0, 0, 3, 0, 0, 0, 'a', 0, 'b' };
  static const guint8 string_too_long[] = { 1, 0, 0, 0, 9, 0, 0, 0, 'a', 'b' };
  static const guint8 count_too_big[] = { 3, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 };
  static const guint8 empty_word[] = { 0, 0, 0, 0 };
  g_autoptr(GByteArray) spans = g_byte_array_new ();
  g_autoptr(GByteArray) many = g_byte_array_new ();
  GByteArray *cases[16];
  guint n = 0;

  /* Strings: not UTF-8, with a NUL, longer than their bytes. */
  cases[n++] = raw (TP_HELPER_FAILED, not_utf8 + 4, sizeof not_utf8 - 4);
  cases[n++] = raw (TP_HELPER_FAILED, with_nul + 4, sizeof with_nul - 4);
  cases[n++] = raw (TP_HELPER_FAILED, string_too_long + 4, sizeof string_too_long - 4);
  /* Spans: a count the bytes do not hold; unsorted; overlapping; empty; past 2^32. */
  cases[n++] = raw (TP_HELPER_CHECKED, count_too_big, sizeof count_too_big);
  put_u32 (spans, 2);
  put_u32 (spans, 10);
  put_u32 (spans, 2);
  put_u32 (spans, 3);
  put_u32 (spans, 2);
  cases[n++] = raw (TP_HELPER_CHECKED, spans->data, spans->len);
  g_byte_array_set_size (spans, 0);
  put_u32 (spans, 2);
  put_u32 (spans, 0);
  put_u32 (spans, 5);
  put_u32 (spans, 4);
  put_u32 (spans, 2);
  cases[n++] = raw (TP_HELPER_CHECKED, spans->data, spans->len);
  g_byte_array_set_size (spans, 0);
  put_u32 (spans, 1);
  put_u32 (spans, 0);
  put_u32 (spans, 0);
  cases[n++] = raw (TP_HELPER_CHECKED, spans->data, spans->len);
  g_byte_array_set_size (spans, 0);
  put_u32 (spans, 1);
  put_u32 (spans, G_MAXUINT32 - 1);
  put_u32 (spans, 2);
  cases[n++] = raw (TP_HELPER_CHECKED, spans->data, spans->len);
  /* More suggestions than allowed. */
  put_u32 (many, TP_HELPER_MAX_SUGGESTIONS + 1);
  for (guint i = 0; i <= TP_HELPER_MAX_SUGGESTIONS; i++)
    {
      put_u32 (many, 1);
      g_byte_array_append (many, (const guint8 *) "a", 1);
    }
  cases[n++] = raw (TP_HELPER_SUGGESTIONS, many->data, many->len);
  /* Bytes left over; a kind no one sends; a request from the helper. */
  cases[n++] = raw (TP_HELPER_DONE, (const guint8 *) "x", 1);
  cases[n++] = raw (999, NULL, 0);
  cases[n++] = raw (TP_HELPER_CHECK, NULL, 0);
  /* Larger than the reader allows: refused from the header alone. */
  cases[n] = g_byte_array_new ();
  put_u32 (cases[n], 1024 * 1024 + 1);
  put_u32 (cases[n], TP_HELPER_CHECKED);
  put_u32 (cases[n++], 1);
  for (guint i = 0; i < n; i++)
    {
      assert_refused (TP_HELPER_FROM_HELPER, cases[i]);
      g_byte_array_unref (cases[i]);
    }

  /* From the editor: an empty word to suggest for; an answer kind. */
  {
    g_autoptr(GByteArray) empty = raw (TP_HELPER_SUGGEST, empty_word, sizeof empty_word);
    g_autoptr(GByteArray) answer = raw (TP_HELPER_DONE, NULL, 0);

    assert_refused (TP_HELPER_FROM_EDITOR, empty);
    assert_refused (TP_HELPER_FROM_EDITOR, answer);
  }
}

/* A message cut short is waited for, not misread. */
static void
test_truncated (void)
{
  g_autoptr(TpHelperMessage) message = tp_helper_message_new (TP_HELPER_SUGGESTIONS, 3);
  g_autoptr(GByteArray) bytes = NULL;

  tp_helper_message_add_string (message, "word", -1);
  bytes = encode (message);
  for (guint cut = 0; cut < bytes->len; cut++)
    {
      g_autoptr(TpHelperReader) reader = tp_helper_reader_new (TP_HELPER_FROM_HELPER,
                                                               TP_HELPER_MAX_PAYLOAD);
      g_autoptr(GError) error = NULL;

      tp_helper_reader_feed (reader, bytes->data, cut);
      g_assert_null (tp_helper_reader_next (reader, &error));
      g_assert_no_error (error);
      g_assert_false (tp_helper_reader_failed (reader));
    }
}

/* Random bytes never crash the reader, and whatever it gives is valid. */
static void
test_garbage (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  for (guint round = 0; round < 2000; round++)
    {
      g_autoptr(TpHelperReader) reader = tp_helper_reader_new (round % 2, 4096);
      guint8 bytes[256];
      gsize length = g_rand_int_range (rand, 0, sizeof bytes);
      TpHelperMessage *message;

      for (gsize i = 0; i < length; i++)
        bytes[i] = g_rand_int_range (rand, 0, 8) == 0 ? 0 : g_rand_int_range (rand, 0, 256);
      /* Plausible headers now and then, so that payloads are looked at too. */
      if (length >= 12 && round % 3 == 0)
        {
          bytes[0] = length - 12;
          bytes[1] = bytes[2] = bytes[3] = 0;
          bytes[4] = round % 2 ? TP_HELPER_READY + round % 5 : 1 + round % 6;
          bytes[5] = bytes[6] = bytes[7] = 0;
        }
      tp_helper_reader_feed (reader, bytes, length);
      while ((message = tp_helper_reader_next (reader, NULL)) != NULL)
        {
          for (guint i = 0; i < message->strings->len; i++)
            g_assert_true (g_utf8_validate (g_ptr_array_index (message->strings, i), -1, NULL));
          tp_helper_message_free (message);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/HelperProtocol/round-trip", test_round_trip);
  g_test_add_func ("/HelperProtocol/refused", test_refused);
  g_test_add_func ("/HelperProtocol/truncated", test_truncated);
  g_test_add_func ("/HelperProtocol/garbage", test_garbage);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the helper protocol's reader: the first byte says which side is read and
 * how the rest is cut into pieces as a socket would deliver them. A crash, a hang, a sanitizer
 * report, a string that is not UTF-8 or spans out of order are bugs. */
#include <glib.h>

#include "helper/tp-helper-protocol.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check (TpHelperMessage *message)
{
  guint64 end = 0;

  for (guint i = 0; i < message->strings->len; i++)
    g_assert_true (g_utf8_validate (g_ptr_array_index (message->strings, i), -1, NULL));
  for (guint i = 0; i < message->spans->len; i++)
    {
      TpHelperSpan *span = &g_array_index (message->spans, TpHelperSpan, i);

      g_assert_true (span->length > 0 && span->start >= end);
      end = (guint64) span->start + span->length;
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(TpHelperReader) reader = NULL;
  size_t piece, at = 1;

  if (size == 0)
    return 0;
  reader = tp_helper_reader_new (data[0] & 1 ? TP_HELPER_FROM_HELPER : TP_HELPER_FROM_EDITOR,
                                 64 * 1024);
  piece = 1 + (data[0] >> 1);
  while (at < size)
    {
      size_t length = MIN (piece, size - at);
      TpHelperMessage *message;

      tp_helper_reader_feed (reader, data + at, length);
      at += length;
      while ((message = tp_helper_reader_next (reader, NULL)) != NULL)
        {
          check (message);
          tp_helper_message_free (message);
        }
    }
  return 0;
}

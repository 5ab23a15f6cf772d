/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the recovery reader: the input is split into a snapshot and a journal at
 * a point given by its first byte, and replayed. A crash, a hang, a sanitizer report or a text
 * that is not UTF-8 is a bug. */
#include <glib.h>

#include "record/tp-journal.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) snapshot = NULL;
  g_autoptr(GBytes) journal = NULL;
  g_autoptr(TpReplay) replay = NULL;
  size_t split;

  if (size == 0)
    return 0;
  split = 1 + (size - 1) * data[0] / 255;
  snapshot = g_bytes_new (data + 1, split - 1);
  journal = g_bytes_new (data + split, size - split);
  replay = tp_journal_replay (snapshot, journal);
  g_assert_true (g_utf8_validate (replay->text, replay->length, NULL));
  g_assert_nonnull (replay->info.title);
  return 0;
}

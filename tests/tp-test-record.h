/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include "record/tp-record-worker.h"

/* Hands worker a message as the recorder thread would get it: kind, for document id, at
 * offset, with text (or none). What the tests that make a recorder's files by hand share. */
static inline void
tp_test_record_send (TpRecordWorker      *worker,
                     TpRecordMessageKind  kind,
                     guint                id,
                     guint64              offset,
                     const char          *text)
{
  TpRecordMessage *message = tp_record_message_new (kind, id);

  message->offset = offset;
  if (text != NULL)
    {
      message->text = g_strdup (text);
      message->length = strlen (text);
    }
  tp_record_worker_handle (worker, message);
  tp_record_message_free (message);
}

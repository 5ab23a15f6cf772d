/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-helper-protocol"

#include "config.h"

#include <string.h>

#include "tp-helper-protocol.h"

/* A failure message from the helper is a sentence, not a document; a path is a path. */
#define MAX_FAILURE_BYTES 4096
#define MAX_PATH_BYTES 4096

G_DEFINE_QUARK (tp-helper-protocol-error-quark, tp_helper_protocol_error)

TpHelperMessage *
tp_helper_message_new (TpHelperKind kind,
                       guint32      id)
{
  TpHelperMessage *self = g_new0 (TpHelperMessage, 1);

  self->kind = kind;
  self->id = id;
  self->strings = g_ptr_array_new_with_free_func (g_free);
  self->spans = g_array_new (FALSE, FALSE, sizeof (TpHelperSpan));
  return self;
}

void
tp_helper_message_add_string (TpHelperMessage *self,
                              const char      *text,
                              gssize           length)
{
  g_ptr_array_add (self->strings, length < 0 ? g_strdup (text) : g_strndup (text, length));
}

void
tp_helper_message_add_span (TpHelperMessage *self,
                            guint32          start,
                            guint32          length)
{
  TpHelperSpan span = { start, length };

  g_array_append_val (self->spans, span);
}

void
tp_helper_message_free (TpHelperMessage *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->strings);
  g_array_unref (self->spans);
  g_free (self);
}

/* Writing */

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  guint8 bytes[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, bytes, 4);
}

static void
put_string (GByteArray *out,
            const char *text)
{
  gsize length = strlen (text);

  put_u32 (out, (guint32) length);
  g_byte_array_append (out, (const guint8 *) text, length);
}

/* Appends the message, header and payload, to out. */
void
tp_helper_message_encode (const TpHelperMessage *self,
                          GByteArray            *out)
{
  guint header = out->len;

  put_u32 (out, 0);
  put_u32 (out, self->kind);
  put_u32 (out, self->id);
  if (self->kind == TP_HELPER_HELLO || (self->kind == TP_HELPER_READY && self->version != 0))
    put_u32 (out, self->version);
  if (self->kind == TP_HELPER_SUGGESTIONS)
    put_u32 (out, self->strings->len);
  for (guint i = 0; i < self->strings->len; i++)
    put_string (out, g_ptr_array_index (self->strings, i));
  if (self->kind == TP_HELPER_CHECKED)
    {
      put_u32 (out, self->spans->len);
      for (guint i = 0; i < self->spans->len; i++)
        {
          TpHelperSpan *span = &g_array_index (self->spans, TpHelperSpan, i);

          put_u32 (out, span->start);
          put_u32 (out, span->length);
        }
    }
  {
    guint32 length = out->len - header - TP_HELPER_HEADER_SIZE;
    guint8 bytes[4] = { length & 0xff, (length >> 8) & 0xff, (length >> 16) & 0xff,
                        length >> 24 };

    memcpy (out->data + header, bytes, 4);
  }
}

/* Reading */

struct _TpHelperReader
{
  TpHelperDirection from;
  gsize             max_payload;
  GByteArray       *buffer;
  gsize             start;     /* bytes of buffer already read */
  gboolean          failed;
};

TpHelperReader *
tp_helper_reader_new (TpHelperDirection from,
                      gsize             max_payload)
{
  TpHelperReader *self = g_new0 (TpHelperReader, 1);

  self->from = from;
  self->max_payload = MIN (max_payload, G_MAXUINT32);
  self->buffer = g_byte_array_new ();
  return self;
}

void
tp_helper_reader_free (TpHelperReader *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->buffer);
  g_free (self);
}

void
tp_helper_reader_feed (TpHelperReader *self,
                       const guint8   *data,
                       gsize           length)
{
  if (self->failed)
    return;
  if (self->start > 0 && self->start >= self->buffer->len / 2)
    {
      g_byte_array_remove_range (self->buffer, 0, self->start);
      self->start = 0;
    }
  g_byte_array_append (self->buffer, data, length);
}

gboolean
tp_helper_reader_failed (TpHelperReader *self)
{
  return self->failed;
}

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         at;
} Cursor;

static guint32
get_u32_at (const guint8 *data)
{
  return data[0] | (data[1] << 8) | (data[2] << 16) | ((guint32) data[3] << 24);
}

static gboolean
take_u32 (Cursor  *cursor,
          guint32 *value)
{
  if (cursor->length - cursor->at < 4)
    return FALSE;
  *value = get_u32_at (cursor->data + cursor->at);
  cursor->at += 4;
  return TRUE;
}

static gboolean
take_string (Cursor          *cursor,
             gsize            max_bytes,
             TpHelperMessage *message)
{
  guint32 length;
  const char *text;

  if (!take_u32 (cursor, &length) || length > max_bytes || cursor->length - cursor->at < length)
    return FALSE;
  text = (const char *) cursor->data + cursor->at;
  if (memchr (text, '\0', length) != NULL || !g_utf8_validate_len (text, length, NULL))
    return FALSE;
  tp_helper_message_add_string (message, text, length);
  cursor->at += length;
  return TRUE;
}

static gboolean
take_strings (Cursor          *cursor,
              guint            n,
              gsize            max_bytes,
              TpHelperMessage *message)
{
  for (guint i = 0; i < n; i++)
    if (!take_string (cursor, max_bytes, message))
      return FALSE;
  return TRUE;
}

/* Spans sorted, each after the one before, none empty, none past 2^32 characters. */
static gboolean
take_spans (Cursor          *cursor,
            TpHelperMessage *message)
{
  guint32 n;
  guint64 end = 0;

  if (!take_u32 (cursor, &n) || (cursor->length - cursor->at) / 8 != n
      || (cursor->length - cursor->at) % 8 != 0)
    return FALSE;
  for (guint32 i = 0; i < n; i++)
    {
      guint32 start, length;

      take_u32 (cursor, &start);
      take_u32 (cursor, &length);
      if (length == 0 || start < end || (guint64) start + length > G_MAXUINT32)
        return FALSE;
      end = (guint64) start + length;
      tp_helper_message_add_span (message, start, length);
    }
  return TRUE;
}

static gboolean
is_request (TpHelperKind kind)
{
  return kind >= TP_HELPER_HELLO && kind <= TP_HELPER_IGNORE_WORD;
}

static gboolean
is_answer (TpHelperKind kind)
{
  return kind >= TP_HELPER_READY && kind <= TP_HELPER_DONE;
}

/* Whether the payload is what its kind says, read into message. */
static gboolean
parse_payload (TpHelperReader  *self,
               Cursor          *cursor,
               TpHelperMessage *message)
{
  guint32 n;

  switch (message->kind)
    {
    case TP_HELPER_HELLO:
      return take_u32 (cursor, &message->version);
    case TP_HELPER_LOAD:
      return take_strings (cursor, 3, MAX_PATH_BYTES, message);
    case TP_HELPER_CHECK:
      return take_strings (cursor, 1, self->max_payload, message);
    case TP_HELPER_SUGGEST:
    case TP_HELPER_ADD_WORD:
    case TP_HELPER_IGNORE_WORD:
      return take_strings (cursor, 1, TP_HELPER_MAX_WORD_BYTES, message)
             && *(char *) g_ptr_array_index (message->strings, 0) != '\0';
    case TP_HELPER_READY:
      return cursor->length == 0 || take_u32 (cursor, &message->version);
    case TP_HELPER_FAILED:
      return take_strings (cursor, 1, MAX_FAILURE_BYTES, message);
    case TP_HELPER_CHECKED:
      return take_spans (cursor, message);
    case TP_HELPER_SUGGESTIONS:
      return take_u32 (cursor, &n) && n <= TP_HELPER_MAX_SUGGESTIONS
             && take_strings (cursor, n, TP_HELPER_MAX_WORD_BYTES, message);
    case TP_HELPER_DONE:
      return TRUE;
    default:
      return FALSE;
    }
}

static TpHelperMessage *
fail (TpHelperReader  *self,
      GError         **error,
      const char      *why)
{
  self->failed = TRUE;
  g_byte_array_set_size (self->buffer, 0);
  self->start = 0;
  g_set_error_literal (error, TP_HELPER_PROTOCOL_ERROR, 0, why);
  return NULL;
}

/* The next whole message, or NULL: with error set when what came breaks the protocol (the
 * reader then gives nothing more), without when more bytes are needed. */
TpHelperMessage *
tp_helper_reader_next (TpHelperReader  *self,
                       GError         **error)
{
  const guint8 *header = self->buffer->data + self->start;
  gsize available = self->buffer->len - self->start;
  g_autoptr(TpHelperMessage) message = NULL;
  Cursor cursor;
  guint32 length, kind;

  if (self->failed || available < TP_HELPER_HEADER_SIZE)
    return NULL;
  length = get_u32_at (header);
  kind = get_u32_at (header + 4);
  if (length > self->max_payload)
    return fail (self, error, "a message is larger than allowed");
  if (self->from == TP_HELPER_FROM_EDITOR ? !is_request (kind) : !is_answer (kind))
    return fail (self, error, "a message of a kind that side may not send");
  if (available - TP_HELPER_HEADER_SIZE < length)
    return NULL;

  message = tp_helper_message_new (kind, get_u32_at (header + 8));
  cursor.data = header + TP_HELPER_HEADER_SIZE;
  cursor.length = length;
  cursor.at = 0;
  if (!parse_payload (self, &cursor, message) || cursor.at != cursor.length)
    return fail (self, error, "a message that does not hold what its kind says");
  self->start += TP_HELPER_HEADER_SIZE + length;
  return g_steal_pointer (&message);
}

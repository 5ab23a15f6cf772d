/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-file-reader"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "tp-file-messages.h"
#include "tp-file-reader.h"
#include "tp-tsan.h"

/* Reading is I/O, which is what threads are for: the reader's thread opens the file, decodes
 * it and queues the text in pieces; the main context takes them in a source of its own, as many
 * as fit in its time budget per main-loop cycle, so that a file of any size never makes the
 * window wait. A reader that runs ahead of the main context waits once MAX_IN_FLIGHT bytes are
 * queued: memory stays bounded whatever the file's size. */

#define BLOCK_BYTES   (64 * 1024)
#define PIECE_BYTES   (64 * 1024)
#define MAX_IN_FLIGHT (1024 * 1024)
#define HEAD_BYTES    (64 * 1024)

typedef struct
{
  GBytes *text;
  double  progress;
} Piece;

typedef struct
{
  gatomicrefcount       ref;
  GFile                *file;
  char                 *charset;       /* asked for, or NULL */
  TpFileReaderFlags     flags;
  GCancellable         *cancellable;
  GMainContext         *context;

  /* Guarded by lock: the thread fills, the main context empties; info is set with finished. */
  GMutex                lock;
  GCond                 drained;
  GQueue                pieces;
  gsize                 in_flight;
  gboolean              finished;
  GError               *error;
  TpFileReadInfo        info;

  /* The main context's own. */
  GSource              *source;
  GTask                *task;
  gint64                budget_usec;
  TpFileReaderTextFunc  on_text;
  gpointer              text_data;
} Reader;

G_DEFINE_QUARK (tp-file-reader-error-quark, tp_file_reader_error)

/* GLib's mutex is a futex that ThreadSanitizer cannot see: taking and leaving the lock is told
 * to it as the hand-off of the reader that it is. */
static void
reader_lock (Reader *reader)
{
  g_mutex_lock (&reader->lock);
  TP_HANDOFF_RECEIVE (reader);
}

static void
reader_unlock (Reader *reader)
{
  TP_HANDOFF_SEND (reader);
  g_mutex_unlock (&reader->lock);
}

static void
reader_wait (Reader *reader)
{
  TP_HANDOFF_SEND (reader);
  g_cond_wait (&reader->drained, &reader->lock);
  TP_HANDOFF_RECEIVE (reader);
}

void
tp_file_read_info_clear (TpFileReadInfo *info)
{
  g_clear_pointer (&info->charset, g_free);
  g_clear_pointer (&info->etag, g_free);
}

static Reader *
reader_ref (Reader *reader)
{
  g_atomic_ref_count_inc (&reader->ref);
  return reader;
}

static void
piece_free (Piece *piece)
{
  g_bytes_unref (piece->text);
  g_free (piece);
}

static void
reader_unref (Reader *reader)
{
  /* The last reference may go on either thread: what the other one did comes before. */
  TP_HANDOFF_SEND (&reader->ref);
  if (!g_atomic_ref_count_dec (&reader->ref))
    return;
  TP_HANDOFF_RECEIVE (&reader->ref);
  g_object_unref (reader->file);
  g_free (reader->charset);
  g_clear_object (&reader->cancellable);
  g_main_context_unref (reader->context);
  g_queue_clear_full (&reader->pieces, (GDestroyNotify) piece_free);
  g_clear_error (&reader->error);
  tp_file_read_info_clear (&reader->info);
  g_mutex_clear (&reader->lock);
  g_cond_clear (&reader->drained);
  g_free (reader);
}

/* Whether info (with G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE asked) says the user may not write the
 * file; a file system that does not say is taken as writable. */
gboolean
tp_file_info_is_read_only (GFileInfo *info)
{
  return g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE)
         && !g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE);
}

/* ---- guessing the encoding ---- */

/* Whether data is UTF-8, but for a character cut short at its end when it is not complete. */
static gboolean
is_utf8 (const guint8 *data,
         gsize         length,
         gboolean      complete)
{
  const char *end;

  if (g_utf8_validate_len ((const char *) data, length, &end))
    return TRUE;
  return !complete && length - (gsize) ((const guint8 *) end - data) < 4
         && g_utf8_get_char_validated (end, (gssize) (length - ((const guint8 *) end - data)))
              == (gunichar) -2;
}

static gboolean
converts (const guint8 *data,
          gsize         length,
          const char   *charset,
          gboolean      complete)
{
  GIConv converter = g_iconv_open ("UTF-8", charset);
  char *in = (char *) data;
  gsize in_left = length;
  gboolean ok = TRUE;

  if (converter == (GIConv) -1)
    return FALSE;
  while (in_left > 0 && ok)
    {
      char out[4096];
      char *out_p = out;
      gsize out_left = sizeof out;

      if (g_iconv (converter, &in, &in_left, &out_p, &out_left) == (gsize) -1)
        ok = errno == E2BIG || (errno == EINVAL && !complete);
      if (errno == EINVAL)
        break;
    }
  g_iconv_close (converter);
  return ok;
}

/* The encoding the first bytes of a file (all of it when complete) say it has. Text that is
 * not UTF-8 is most often Windows-1252 (what is called Latin-1 is nearly always that: it has
 * all of ISO 8859-1's printable characters and more); ISO 8859-1 takes any bytes, so it comes
 * last. */
char *
tp_file_reader_guess_charset (const guint8 *data,
                              gsize         length,
                              gboolean      complete)
{
  const char *locale;

  if (length >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
    return g_strdup ("UTF-16");
  if (is_utf8 (data, length, complete))
    return g_strdup ("UTF-8");
  if (!g_get_charset (&locale) && converts (data, length, locale, complete))
    return g_strdup (locale);
  if (converts (data, length, "WINDOWS-1252", complete))
    return g_strdup ("WINDOWS-1252");
  return g_strdup ("ISO-8859-1");
}

/* ---- decoding, on the reader's thread ---- */

typedef struct
{
  GIConv   converter;   /* (GIConv) -1 for UTF-8, which is only checked */
  guint    unit;        /* bytes of one code unit: 2 for UTF-16, 4 for UTF-32, else 1 */
  GString *carry;       /* the start of a character cut at the end of a block */
  GString *out;
  gboolean escaped;
} Decoder;

static void
escape_byte (Decoder *decoder,
             guint8   byte)
{
  g_string_append_printf (decoder->out, "\\%02X", byte);
  decoder->escaped = TRUE;
}

/* Decodes UTF-8 by checking it: each byte that is not part of a character becomes an escape. */
static gsize
decode_utf8 (Decoder     *decoder,
             const char  *data,
             gsize        length,
             gboolean     last)
{
  const char *p = data, *end = data + length;

  while (p < end)
    {
      const char *valid_end;

      g_utf8_validate_len (p, (gsize) (end - p), &valid_end);
      g_string_append_len (decoder->out, p, valid_end - p);
      p = valid_end;
      if (p == end)
        break;
      if (!last && end - p < 4 && g_utf8_get_char_validated (p, end - p) == (gunichar) -2)
        break;
      escape_byte (decoder, (guint8) *p++);
    }
  return (gsize) (p - data);
}

static gsize
decode_other (Decoder     *decoder,
              const char  *data,
              gsize        length,
              gboolean     last)
{
  char *in = (char *) data;
  gsize in_left = length;

  while (in_left > 0)
    {
      char out[16384];
      char *out_p = out;
      gsize out_left = sizeof out;
      gsize result = g_iconv (decoder->converter, &in, &in_left, &out_p, &out_left);
      int saved = errno;

      /* NUL is a character of most encodings, but no text for GTK. */
      for (const char *c = out; c < out_p; c++)
        if (*c == '\0')
          escape_byte (decoder, 0);
        else
          g_string_append_c (decoder->out, *c);
      if (result != (gsize) -1 || saved == E2BIG)
        continue;
      if (saved == EINVAL && !last)
        break;
      /* A code unit that is not text is escaped whole: one byte less would shift every
       * following UTF-16 or UTF-32 unit by a byte, and the rest of the file into nonsense. */
      for (guint i = 0; i < decoder->unit && in_left > 0; i++)
        {
          escape_byte (decoder, (guint8) *in++);
          in_left--;
        }
    }
  return length - in_left;
}

/* Decodes data after what was kept from the block before; keeps a character cut at its end
 * unless last. */
static void
decoder_feed (Decoder    *decoder,
              const char *data,
              gsize       length,
              gboolean    last)
{
  gsize used;

  g_string_append_len (decoder->carry, data, (gssize) length);
  if (decoder->converter == (GIConv) -1)
    used = decode_utf8 (decoder, decoder->carry->str, decoder->carry->len, last);
  else
    used = decode_other (decoder, decoder->carry->str, decoder->carry->len, last);
  g_string_erase (decoder->carry, 0, (gssize) used);
}

static gboolean
decoder_init (Decoder     *decoder,
              const char  *charset,
              GError     **error)
{
  *decoder = (Decoder) { .converter = (GIConv) -1, .unit = 1 };
  if (g_ascii_strncasecmp (charset, "UTF-16", 6) == 0 || g_ascii_strncasecmp (charset, "UCS-2", 5) == 0)
    decoder->unit = 2;
  else if (g_ascii_strncasecmp (charset, "UTF-32", 6) == 0 || g_ascii_strncasecmp (charset, "UCS-4", 5) == 0)
    decoder->unit = 4;
  if (g_ascii_strcasecmp (charset, "UTF-8") != 0)
    {
      decoder->converter = g_iconv_open ("UTF-8", charset);
      if (decoder->converter == (GIConv) -1)
        {
          g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION,
                       "no conversion from %s", charset);
          return FALSE;
        }
    }
  decoder->carry = g_string_new (NULL);
  decoder->out = g_string_sized_new (PIECE_BYTES + 64);
  return TRUE;
}

static void
decoder_clear (Decoder *decoder)
{
  if (decoder->converter != (GIConv) -1)
    g_iconv_close (decoder->converter);
  if (decoder->carry != NULL)
    g_string_free (decoder->carry, TRUE);
  if (decoder->out != NULL)
    g_string_free (decoder->out, TRUE);
}

/* ---- the reader's thread ---- */

static void
on_cancelled (GCancellable *cancellable,
              Reader       *reader)
{
  reader_lock (reader);
  g_cond_broadcast (&reader->drained);
  reader_unlock (reader);
}

/* Queues the decoded text for the main context, waiting while too much is queued already. */
static gboolean
push_text (Reader  *reader,
           Decoder *decoder,
           double   progress)
{
  Piece *piece;

  if (decoder->out->len == 0)
    return TRUE;
  piece = g_new (Piece, 1);
  piece->progress = progress;
  piece->text = g_bytes_new (decoder->out->str, decoder->out->len);
  g_string_truncate (decoder->out, 0);

  reader_lock (reader);
  while (reader->in_flight >= MAX_IN_FLIGHT && !g_cancellable_is_cancelled (reader->cancellable))
    reader_wait (reader);
  reader->in_flight += g_bytes_get_size (piece->text);
  g_queue_push_tail (&reader->pieces, piece);
  reader_unlock (reader);
  g_main_context_wakeup (reader->context);
  return !g_cancellable_is_cancelled (reader->cancellable);
}

static GError *
check_type (GFileInfo *info)
{
  guint32 mode = g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_UNIX_MODE);

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_SPECIAL)
    return NULL;
  if (S_ISFIFO (mode))
    return g_error_new_literal (TP_FILE_READER_ERROR, TP_FILE_READER_ERROR_FIFO, "named pipe");
  return g_error_new_literal (TP_FILE_READER_ERROR, TP_FILE_READER_ERROR_NOT_REGULAR,
                              "not a regular file");
}

/* Reads the rest of the file after its head, a block at a time. */
static gboolean
read_rest (Reader          *reader,
           GInputStream    *stream,
           Decoder         *decoder,
           guint64          size,
           TpFileReadInfo  *found,
           GError         **error)
{
  g_autofree char *block = g_malloc (BLOCK_BYTES);

  for (;;)
    {
      gssize got = g_input_stream_read (stream, block, BLOCK_BYTES, reader->cancellable, error);

      if (got < 0)
        return FALSE;
      found->size += (guint64) got;
      decoder_feed (decoder, block, (gsize) got, got == 0);
      if ((got == 0 || decoder->out->len >= PIECE_BYTES)
          && !push_text (reader, decoder, size ? MIN (1.0, (double) found->size / size) : 1))
        return !g_cancellable_set_error_if_cancelled (reader->cancellable, error);
      if (got == 0)
        return TRUE;
    }
}

/* Fills found with what it learns on the way, also when it fails. */
static gboolean
read_file (Reader          *reader,
           TpFileReadInfo  *found,
           GError         **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autofree guint8 *head = g_malloc (HEAD_BYTES);
  gsize head_length = 0;
  guint64 size;
  Decoder decoder = { .converter = (GIConv) -1 };
  gboolean ok;

  info = g_file_query_info (reader->file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_UNIX_MODE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_ETAG_VALUE ","
                            G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE,
                            G_FILE_QUERY_INFO_NONE, reader->cancellable, error);
  if (info == NULL)
    return FALSE;
  if ((*error = check_type (info)) != NULL)
    return FALSE;
  size = (guint64) g_file_info_get_size (info);
  found->etag = g_strdup (g_file_info_get_etag (info));
  found->read_only = tp_file_info_is_read_only (info);

  stream = g_file_read (reader->file, reader->cancellable, error);
  if (stream == NULL
      || !g_input_stream_read_all (G_INPUT_STREAM (stream), head, HEAD_BYTES, &head_length,
                                   reader->cancellable, error))
    return FALSE;
  found->size = head_length;
  if (!(reader->flags & TP_FILE_READER_ALLOW_BINARY) && tp_bytes_look_binary (head, head_length))
    {
      g_set_error_literal (error, TP_FILE_READER_ERROR, TP_FILE_READER_ERROR_BINARY,
                           "binary file");
      return FALSE;
    }
  found->charset = reader->charset != NULL
                     ? g_strdup (reader->charset)
                     : tp_file_reader_guess_charset (head, head_length, head_length < HEAD_BYTES);
  if (!decoder_init (&decoder, found->charset, error))
    return FALSE;
  decoder_feed (&decoder, (const char *) head, head_length, FALSE);
  ok = read_rest (reader, G_INPUT_STREAM (stream), &decoder, size, found, error);
  found->escaped = decoder.escaped;
  decoder_clear (&decoder);
  return ok;
}

static gpointer
reader_thread (gpointer data)
{
  Reader *reader = data;
  GError *error = NULL;
  TpFileReadInfo found = { 0 };
  gulong cancelled_id = g_cancellable_connect (reader->cancellable, G_CALLBACK (on_cancelled),
                                               reader, NULL);

  read_file (reader, &found, &error);
  g_cancellable_disconnect (reader->cancellable, cancelled_id);
  reader_lock (reader);
  reader->error = error;
  reader->info = found;
  reader->finished = TRUE;
  reader_unlock (reader);
  g_main_context_wakeup (reader->context);
  reader_unref (reader);
  return NULL;
}

/* ---- the main context's side ---- */

static gboolean
has_news (Reader *reader)
{
  gboolean news;

  reader_lock (reader);
  news = reader->pieces.length > 0 || reader->finished
         || g_cancellable_is_cancelled (reader->cancellable);
  reader_unlock (reader);
  return news;
}

static gboolean
source_prepare (GSource *source,
                int     *timeout)
{
  *timeout = -1;
  return has_news (*(Reader **) (source + 1));
}

static gboolean
source_check (GSource *source)
{
  return has_news (*(Reader **) (source + 1));
}

static void
finish (Reader *reader,
        GError *error)
{
  GTask *task = g_steal_pointer (&reader->task);

  g_source_destroy (reader->source);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

/* Hands the queued pieces to on_text, as many as fit in the budget. */
static gboolean
source_dispatch (GSource     *source,
                 GSourceFunc  callback,
                 gpointer     user_data)
{
  Reader *reader = *(Reader **) (source + 1);
  gint64 deadline = g_get_monotonic_time () + reader->budget_usec;

  do
    {
      Piece *piece;
      gboolean finished;

      if (g_cancellable_is_cancelled (reader->cancellable))
        {
          finish (reader, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled"));
          return G_SOURCE_REMOVE;
        }
      reader_lock (reader);
      piece = g_queue_pop_head (&reader->pieces);
      finished = reader->finished;
      if (piece != NULL)
        {
          reader->in_flight -= g_bytes_get_size (piece->text);
          g_cond_signal (&reader->drained);
        }
      reader_unlock (reader);
      if (piece == NULL)
        {
          if (finished)
            {
              finish (reader, g_steal_pointer (&reader->error));
              return G_SOURCE_REMOVE;
            }
          break;
        }
      gsize length;
      const char *text = g_bytes_get_data (piece->text, &length);

      reader->on_text (text, length, piece->progress, reader->text_data);
      piece_free (piece);
    }
  while (g_get_monotonic_time () < deadline);
  return G_SOURCE_CONTINUE;
}

static void
source_finalize (GSource *source)
{
  reader_unref (*(Reader **) (source + 1));
}

static GSourceFuncs source_funcs = {
  source_prepare, source_check, source_dispatch, source_finalize, NULL, NULL,
};

/* Reads file, in charset or in the one its first bytes say, on a thread of its own; on_text
 * takes the text in pieces on the thread-default main context, at priority, for at most
 * budget_usec per main-loop cycle. The callback comes after the last piece. */
void
tp_file_reader_read_async (GFile                *file,
                           const char           *charset,
                           TpFileReaderFlags     flags,
                           gint64                budget_usec,
                           int                   priority,
                           GCancellable         *cancellable,
                           TpFileReaderTextFunc  on_text,
                           gpointer              text_data,
                           GAsyncReadyCallback   callback,
                           gpointer              user_data)
{
  Reader *reader = g_new0 (Reader, 1);
  GSource *source;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (on_text != NULL);

  g_atomic_ref_count_init (&reader->ref);
  reader->file = g_object_ref (file);
  reader->charset = g_strdup (charset);
  reader->flags = flags;
  reader->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  reader->context = g_main_context_ref_thread_default ();
  reader->budget_usec = budget_usec;
  reader->on_text = on_text;
  reader->text_data = text_data;
  g_mutex_init (&reader->lock);
  g_cond_init (&reader->drained);
  reader->task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (reader->task, tp_file_reader_read_async);
  g_task_set_task_data (reader->task, reader_ref (reader), (GDestroyNotify) reader_unref);

  source = g_source_new (&source_funcs, sizeof (GSource) + sizeof (Reader *));
  *(Reader **) (source + 1) = reader_ref (reader);
  g_source_set_name (source, "[threadpad] file reader");
  g_source_set_priority (source, priority);
  reader->source = source;
  g_source_attach (source, reader->context);
  g_source_unref (source);

  g_thread_unref (g_thread_new ("tp-file-reader", reader_thread, reader_ref (reader)));
  reader_unref (reader);
}

/* info (may be NULL) gets what the read found, also after an error. */
gboolean
tp_file_reader_read_finish (GAsyncResult    *result,
                            TpFileReadInfo  *info,
                            GError         **error)
{
  Reader *reader;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  reader = g_task_get_task_data (G_TASK (result));
  if (info != NULL)
    {
      reader_lock (reader);
      info->charset = g_strdup (reader->info.charset);
      info->escaped = reader->info.escaped;
      info->etag = g_strdup (reader->info.etag);
      info->size = reader->info.size;
      info->read_only = reader->info.read_only;
      reader_unlock (reader);
    }
  return g_task_propagate_boolean (G_TASK (result), error);
}

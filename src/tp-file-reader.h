/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Reads a file on a thread of its own: checks that it is a regular file, looks at its first
 * bytes, finds its encoding, decodes it to UTF-8, and hands the text to the main context in
 * pieces, as fast as that takes them. No GTK: tested without a display. */

#define TP_FILE_READER_ERROR (tp_file_reader_error_quark ())

typedef enum
{
  TP_FILE_READER_ERROR_BINARY,      /* NUL bytes in the first bytes: not text */
  TP_FILE_READER_ERROR_NOT_REGULAR, /* a named pipe, a device, a socket */
  TP_FILE_READER_ERROR_FIFO,        /* a named pipe, said apart for its own message */
} TpFileReaderError;

typedef enum
{
  TP_FILE_READER_NONE         = 0,
  TP_FILE_READER_ALLOW_BINARY = 1 << 0,
} TpFileReaderFlags;

/* What a read found, once it is over. */
typedef struct
{
  char    *charset;   /* what the bytes were read as, in iconv's spelling */
  gboolean escaped;   /* some bytes were not text in it: they are in the text as \XX */
  char    *etag;      /* the file's entity tag when it was opened, or NULL */
  gboolean read_only; /* the user may not write it */
  guint64  size;      /* bytes read */
} TpFileReadInfo;

void      tp_file_read_info_clear (TpFileReadInfo *info);

/* Takes one piece of text, in order, on the main context; progress is the share of the file
 * read when it was decoded, from 0 to 1. */
typedef void (*TpFileReaderTextFunc) (const char *text,
                                      gsize       length,
                                      double      progress,
                                      gpointer    user_data);

GQuark    tp_file_reader_error_quark (void);
gboolean  tp_file_info_is_read_only  (GFileInfo *info);

void      tp_file_reader_read_async  (GFile                *file,
                                      const char           *charset,
                                      TpFileReaderFlags     flags,
                                      gint64                budget_usec,
                                      int                   priority,
                                      GCancellable         *cancellable,
                                      TpFileReaderTextFunc  on_text,
                                      gpointer              text_data,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean  tp_file_reader_read_finish (GAsyncResult         *result,
                                      TpFileReadInfo       *info,
                                      GError              **error);

char     *tp_file_reader_guess_charset (const guint8       *data,
                                        gsize               length,
                                        gboolean            complete);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-record-base"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tp-record-base.h"

#define READ_SIZE (64 * 1024)
/* Enough for what READ_SIZE bytes of any charset decode to. */
#define DECODED_SIZE (4 * READ_SIZE)
#define UTF8_BOM "\xEF\xBB\xBF"

typedef gboolean (*ChunkFunc) (const char *data,
                               gsize       length,
                               gpointer    user_data);

static gboolean
is_utf8 (const char *encoding)
{
  return encoding == NULL || g_ascii_strcasecmp (encoding, "UTF-8") == 0
         || g_ascii_strcasecmp (encoding, "UTF8") == 0;
}

static gboolean
set_errno_error (GError     **error,
                 int          saved,
                 const char  *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
               g_strerror (saved));
  return FALSE;
}

static gint64
mtime_ns (const struct stat *info)
{
  return (gint64) info->st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) + info->st_mtim.tv_nsec;
}

static void
note_identity (TpBaseInfo        *base,
               const struct stat *info)
{
  base->device = info->st_dev;
  base->inode = info->st_ino;
  base->size = info->st_size;
  base->mtime_ns = mtime_ns (info);
}

static gboolean
same_identity (const TpBaseInfo  *base,
               const struct stat *info)
{
  return base->device == (guint64) info->st_dev && base->inode == (guint64) info->st_ino
         && base->size == (guint64) info->st_size && base->mtime_ns == mtime_ns (info);
}

/* Reads fd to its end, decoding from encoding to UTF-8 as it goes, and hands func the decoded
 * bytes; stops early if func returns FALSE (then returns TRUE: nothing failed to read). */
static gboolean
read_decoded (int          fd,
              const char  *path,
              const char  *encoding,
              ChunkFunc    func,
              gpointer     user_data,
              GError     **error)
{
  g_autoptr(GCharsetConverter) converter = NULL;
  g_autofree char *in = g_malloc (READ_SIZE);
  g_autofree char *out = NULL;
  gsize in_length = 0;
  gboolean at_end = FALSE;

  if (!is_utf8 (encoding))
    {
      converter = g_charset_converter_new ("UTF-8", encoding, error);
      if (converter == NULL)
        return FALSE;
      out = g_malloc (DECODED_SIZE);
    }
  for (;;)
    {
      gsize bytes_read = 0, bytes_written = 0;
      GConverterResult result;
      g_autoptr(GError) local_error = NULL;

      if (!at_end && in_length < READ_SIZE)
        {
          gssize n = read (fd, in + in_length, READ_SIZE - in_length);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            return set_errno_error (error, errno, path);
          at_end = n == 0;
          in_length += n;
        }
      if (converter == NULL)
        {
          if (in_length > 0 && !func (in, in_length, user_data))
            return TRUE;
          in_length = 0;
          if (at_end)
            return TRUE;
          continue;
        }
      result = g_converter_convert (G_CONVERTER (converter), in, in_length, out, DECODED_SIZE,
                                    at_end ? G_CONVERTER_INPUT_AT_END : G_CONVERTER_NO_FLAGS,
                                    &bytes_read, &bytes_written, &local_error);
      if (result == G_CONVERTER_ERROR)
        {
          /* A character cut by the end of what was read: read more. */
          if (!at_end && in_length < READ_SIZE
              && g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      memmove (in, in + bytes_read, in_length - bytes_read);
      in_length -= bytes_read;
      if (bytes_written > 0 && !func (out, bytes_written, user_data))
        return TRUE;
      if (result == G_CONVERTER_FINISHED)
        return TRUE;
    }
}

/* Opens a local file for reading and says what it is. */
static int
open_local (const char   *uri,
            char        **path_out,
            struct stat  *info,
            GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_uri (uri);
  g_autofree char *path = g_file_get_path (file);
  int fd;

  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s: not a local file", uri);
      return -1;
    }
  /* Only a regular file: a pipe or a device would wait for a writer, or give its bytes to us
   * rather than to whoever reads it; even opening one can be seen by its other end. */
  if (stat (path, info) != 0 || !S_ISREG (info->st_mode))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, "%s: not a regular file", path);
      return -1;
    }
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0 || fstat (fd, info) != 0)
    {
      set_errno_error (error, errno, path);
      if (fd >= 0)
        close (fd);
      return -1;
    }
  if (!S_ISREG (info->st_mode) || fcntl (fd, F_SETFL, 0) != 0)
    {
      close (fd);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE, "%s: not a regular file", path);
      return -1;
    }
  *path_out = g_steal_pointer (&path);
  return fd;
}

/* What the editor may have left out of the text it read: one line end at the very end, which it
 * puts back on saving. */
static gboolean
is_final_line_end (const char *tail,
                   gsize       length)
{
  return length == 0 || (length == 1 && (tail[0] == '\n' || tail[0] == '\r'))
         || (length == 2 && tail[0] == '\r' && tail[1] == '\n');
}

/* Where decoded bytes go: a byte order mark the text does not start with is skipped, then the
 * text's bytes, then at most two bytes of tail. */
typedef struct
{
  const char *text;       /* verify: the text to compare with */
  char       *copy;       /* read: where the text goes */
  gsize       length;
  gboolean    may_skip_bom;
  gsize       skip;
  gboolean    started;
  gsize       done;       /* bytes of text compared or copied */
  char        tail[2];
  gsize       tail_length;
  gboolean    mismatch;
  GChecksum  *checksum;   /* of the text's bytes, when given */
} Place;

static gboolean
place_chunk (const char *data,
             gsize       length,
             gpointer    user_data)
{
  Place *place = user_data;
  gsize take;

  if (!place->started && place->may_skip_bom && length >= 3 && memcmp (data, UTF8_BOM, 3) == 0)
    {
      place->skip = 3;
      data += 3;
      length -= 3;
    }
  place->started = TRUE;
  take = MIN (length, place->length - place->done);
  if (place->text != NULL && memcmp (place->text + place->done, data, take) != 0)
    return !(place->mismatch = TRUE);
  if (place->copy != NULL)
    memcpy (place->copy + place->done, data, take);
  if (place->checksum != NULL)
    g_checksum_update (place->checksum, (const guchar *) data, take);
  place->done += take;
  length -= take;
  if (place->tail_length + length > sizeof place->tail)
    return !(place->mismatch = TRUE);
  memcpy (place->tail + place->tail_length, data + take, length);
  place->tail_length += length;
  return TRUE;
}

static gboolean
placed_whole (const Place *place)
{
  return !place->mismatch && place->done == place->length
         && is_final_line_end (place->tail, place->tail_length);
}

/* Reads the file at uri through place, and describes it in base if it holds exactly the text
 * place looks for, whose checksum is given or computed. */
static gboolean
verify (const char  *uri,
        const char  *encoding,
        Place       *place,
        const char  *checksum,
        TpBaseInfo  *base,
        int         *fd_out,
        GError     **error)
{
  g_autofree char *path = NULL;
  g_autoptr(GChecksum) computed = g_checksum_new (G_CHECKSUM_SHA256);
  struct stat before, after;
  int fd = open_local (uri, &path, &before, error);
  gboolean read;

  if (fd < 0)
    return FALSE;
  place->checksum = computed;
  read = read_decoded (fd, path, encoding, place_chunk, place, error);
  if (read && fstat (fd, &after) != 0)
    read = set_errno_error (error, errno, path);
  if (read && (!placed_whole (place) || before.st_size != after.st_size
               || mtime_ns (&before) != mtime_ns (&after)
               || (checksum != NULL
                   && strcmp (checksum, g_checksum_get_string (computed)) != 0)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s does not hold the text read", path);
      read = FALSE;
    }
  if (!read || fd_out == NULL)
    close (fd);
  else
    *fd_out = fd;
  if (!read)
    return FALSE;

  tp_base_info_clear (base);
  base->uri = g_strdup (uri);
  base->encoding = g_strdup (encoding);
  note_identity (base, &before);
  base->skip = place->skip;
  base->length = place->length;
  base->checksum = g_strdup (g_checksum_get_string (computed));
  return TRUE;
}

/* Whether the file at uri, decoded from encoding, holds exactly text (give or take a byte order
 * mark before it and a line end after it). If it does, base describes it, and fd (if given) is
 * the file open for reading: what it holds stays readable there when the file is replaced. */
gboolean
tp_record_base_verify (const char  *uri,
                       const char  *encoding,
                       const char  *text,
                       gsize        length,
                       TpBaseInfo  *base,
                       int         *fd,
                       GError     **error)
{
  Place place = { text, NULL, length, !(length >= 3 && memcmp (text, UTF8_BOM, 3) == 0) };

  return verify (uri, encoding, &place, NULL, base, fd, error);
}

/* The same for a text that was not kept: only its length, its SHA-256 checksum and whether it
 * starts with a byte order mark are known. */
gboolean
tp_record_base_verify_checksum (const char  *uri,
                                const char  *encoding,
                                gsize        length,
                                const char  *checksum,
                                gboolean     starts_with_bom,
                                TpBaseInfo  *base,
                                int         *fd,
                                GError     **error)
{
  Place place = { NULL, NULL, length, !starts_with_bom };

  return verify (uri, encoding, &place, checksum, base, fd, error);
}

/* Whether uri names a regular local file: one that can be read again. */
gboolean
tp_record_base_can_read (const char *uri)
{
  g_autoptr(GFile) file = uri ? g_file_new_for_uri (uri) : NULL;
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  struct stat info;

  return path != NULL && stat (path, &info) == 0 && S_ISREG (info.st_mode);
}

/* Whether the file still looks as it did when it was taken as base: the same file, size and
 * modification time. A cheap look, for deciding when to ask for the text again; reading checks
 * the text itself. */
gboolean
tp_record_base_unchanged (const TpBaseInfo *base)
{
  g_autoptr(GFile) file = g_file_new_for_uri (base->uri);
  g_autofree char *path = g_file_get_path (file);
  struct stat info;

  return path != NULL && stat (path, &info) == 0 && same_identity (base, &info);
}

static char *
read_text (const TpBaseInfo  *base,
           int                fd,
           const char        *path,
           gsize             *length,
           GError           **error)
{
  g_autofree char *checksum = NULL;
  g_autofree char *text = NULL;
  struct stat info;
  Place place = { NULL, NULL, base->length, base->skip > 0 };

  if (fstat (fd, &info) != 0 || lseek (fd, 0, SEEK_SET) != 0)
    {
      set_errno_error (error, errno, path);
      return NULL;
    }
  if (!same_identity (base, &info))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s was changed", path);
      return NULL;
    }
  text = place.copy = g_try_malloc (base->length + 1);
  if (text == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "%s: out of memory", path);
      return NULL;
    }
  if (!read_decoded (fd, path, base->encoding, place_chunk, &place, error))
    return NULL;
  if (placed_whole (&place) && place.skip == base->skip)
    checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) text,
                                            base->length);
  if (g_strcmp0 (checksum, base->checksum) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s does not hold the text it held",
                   path);
      return NULL;
    }
  text[base->length] = '\0';
  *length = base->length;
  return g_steal_pointer (&text);
}

/* The text the base describes, read from its file and checked against its checksum; NULL if
 * the file is not what it was. */
char *
tp_record_base_read (const TpBaseInfo  *base,
                     gsize             *length,
                     GError           **error)
{
  g_autofree char *path = NULL;
  struct stat info;
  int fd = open_local (base->uri, &path, &info, error);
  char *text;

  if (fd < 0)
    return NULL;
  text = read_text (base, fd, path, length, error);
  close (fd);
  return text;
}

/* The same from the file held open since it was checked (see tp_record_base_verify ()): it
 * still holds the text once the file's name is given to a new file, as a save does. */
char *
tp_record_base_read_fd (const TpBaseInfo  *base,
                        int                fd,
                        gsize             *length,
                        GError           **error)
{
  return read_text (base, fd, base->uri, length, error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-file-messages"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "tp-file-messages.h"

G_DEFINE_QUARK (tp-document-error-quark, tp_document_error)

/* A NUL byte never appears in text, except in UTF-16 and UTF-32, which announce themselves with
 * a byte order mark; the same rule is used by git and grep. */
gboolean
tp_bytes_look_binary (const guint8 *data,
                      gsize         length)
{
  if (length >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) || (data[0] == 0xFE && data[1] == 0xFF)))
    return FALSE;
  if (length >= 4 && data[0] == 0 && data[1] == 0 && data[2] == 0xFE && data[3] == 0xFF)
    return FALSE;

  return memchr (data, '\0', length) != NULL;
}

char *
tp_file_get_display_name (GFile *file)
{
  g_autofree char *basename = NULL;

  if (file == NULL)
    return g_strdup (_("Untitled Document"));

  basename = g_file_get_basename (file);
  if (basename == NULL)
    return g_file_get_parse_name (file);
  return g_filename_display_name (basename);
}

static const char *
describe_io_error (const GError *error,
                   gboolean      saving)
{
  if (error->domain != G_IO_ERROR)
    return NULL;

  switch (error->code)
    {
    case G_IO_ERROR_NOT_FOUND:
      return saving ? _("The folder it should go in does not exist.")
                    : _("The file does not exist.");
    case G_IO_ERROR_PERMISSION_DENIED:
      return saving ? _("You do not have permission to write there.")
                    : _("You do not have permission to read it.");
    case G_IO_ERROR_IS_DIRECTORY:
      return _("It is a folder, not a file.");
    case G_IO_ERROR_NO_SPACE:
      return _("There is not enough free space on the disk.");
    case G_IO_ERROR_READ_ONLY:
      return _("The disk is read-only.");
    case G_IO_ERROR_FILENAME_TOO_LONG:
      return _("The file name is too long.");
    case G_IO_ERROR_TOO_MANY_LINKS:
      return _("The path has too many symbolic links.");
    case G_IO_ERROR_NOT_REGULAR_FILE:
      return _("It is not a regular file.");
    case G_IO_ERROR_NOT_MOUNTED:
    case G_IO_ERROR_HOST_NOT_FOUND:
      return _("The place it is stored is not available.");
    case G_IO_ERROR_INVALID_FILENAME:
      return _("The file name is not valid there.");
    default:
      return NULL;
    }
}

static char *
describe_error (const char   *headline,
                const char   *reason,
                const GError *error)
{
  if (reason != NULL)
    return g_strdup_printf ("%s %s", headline, reason);

  /* Translators: the first %s is a sentence such as “Could not open “notes.txt”.”, the second
   * the system’s explanation. */
  return g_strdup_printf (_("%s The system said: %s"), headline, error->message);
}

char *
tp_describe_load_error (GFile        *file,
                        const GError *error)
{
  g_autofree char *name = tp_file_get_display_name (file);
  g_autofree char *headline = NULL;
  const char *reason = describe_io_error (error, FALSE);

  if (g_error_matches (error, TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_BINARY))
    return g_strdup_printf (_("“%s” looks like a binary file, not text. Opening it as text may "
                              "show garbage, and saving it may damage it."), name);
  if (error->domain == TP_DOCUMENT_ERROR)
    return g_strdup (error->message);

  if (g_error_matches (error, GTK_SOURCE_FILE_LOADER_ERROR,
                       GTK_SOURCE_FILE_LOADER_ERROR_CONVERSION_FALLBACK))
    return g_strdup_printf (_("Some characters of “%s” could not be read in any known encoding. "
                              "They are shown as escape codes such as \\FF; the document is "
                              "read-only so that saving does not change them by accident."), name);

  if (g_error_matches (error, GTK_SOURCE_FILE_LOADER_ERROR,
                       GTK_SOURCE_FILE_LOADER_ERROR_ENCODING_AUTO_DETECTION_FAILED))
    return g_strdup_printf (_("The character encoding of “%s” could not be recognized."), name);

  if (g_error_matches (error, GTK_SOURCE_FILE_LOADER_ERROR,
                       GTK_SOURCE_FILE_LOADER_ERROR_TOO_BIG))
    return g_strdup_printf (_("“%s” is too big to open."), name);

  headline = g_strdup_printf (_("Could not open “%s”."), name);
  return describe_error (headline, reason, error);
}

char *
tp_describe_save_error (GFile        *file,
                        const GError *error)
{
  g_autofree char *name = tp_file_get_display_name (file);
  g_autofree char *headline = g_strdup_printf (_("Could not save “%s”. Your text is still here."),
                                               name);

  if (error->domain == TP_DOCUMENT_ERROR)
    return g_strdup (error->message);

  if (g_error_matches (error, GTK_SOURCE_FILE_SAVER_ERROR,
                       GTK_SOURCE_FILE_SAVER_ERROR_EXTERNALLY_MODIFIED))
    return g_strdup_printf (_("“%s” was changed by another program since you opened it. "
                              "Saving will replace those changes."), name);

  if (g_error_matches (error, GTK_SOURCE_FILE_SAVER_ERROR,
                       GTK_SOURCE_FILE_SAVER_ERROR_INVALID_CHARS))
    return g_strdup_printf (_("“%s” holds characters that cannot be written in its encoding."),
                            name);

  return describe_error (headline, describe_io_error (error, TRUE), error);
}

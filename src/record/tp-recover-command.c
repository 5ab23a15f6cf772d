/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-recover-command"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tp-recover-command.h"
#include "tp-recovery.h"

static TpRecovery *
open_recovery (void)
{
  g_autofree char *dir = tp_recovery_get_default_dir ();
  TpRecovery *recovery = tp_recovery_open (dir);
  GPtrArray *refused = tp_recovery_get_refused (recovery);

  for (guint i = 0; i < refused->len; i++)
    {
      g_autofree char *refusal = tp_recovery_entry_dup_refusal (g_ptr_array_index (refused, i));

      g_printerr ("%s\n", refusal);
    }
  if (tp_recovery_get_entries (recovery)->len == 0)
    g_printerr ("%s\n", _("There is no unsaved work to recover."));
  return recovery;
}

static char *
format_time (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);

  return time ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("-");
}

static char *
entry_path (const TpRecoveryEntry *entry)
{
  g_autoptr(GFile) file = NULL;
  char *path;

  if (entry->replay->info.uri == NULL)
    return g_strdup ("-");
  file = g_file_new_for_uri (entry->replay->info.uri);
  path = g_file_get_path (file);
  return path != NULL ? path : g_strdup (entry->replay->info.uri);
}

static void
warn_if_damaged (const TpRecoveryEntry *entry,
                 const char            *title)
{
  if (entry->replay->damaged)
    g_printerr (_("%s: the last changes before the crash could not be read.\n"), title);
}

/* One line per document: id, title, original path, last change, size, separated by tabs. */
int
tp_recover_command_list (void)
{
  g_autoptr(TpRecovery) recovery = open_recovery ();
  GPtrArray *entries = tp_recovery_get_entries (recovery);

  for (guint i = 0; i < entries->len; i++)
    {
      TpRecoveryEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *title = tp_recovery_entry_dup_title (entry);
      g_autofree char *path = entry_path (entry);
      g_autofree char *time = format_time (entry->replay->last_change);

      g_print ("%s\t%s\t%s\t%s\t%" G_GSIZE_FORMAT "\n", entry->id, title, path, time,
               entry->replay->length);
      warn_if_damaged (entry, title);
    }
  return 0;
}

/* A file name in dir for a document: its title, made safe, never an existing file. */
static char *
unused_path (const char *dir,
             const char *title)
{
  g_autofree char *name = g_strdelimit (g_strdup (title), "/\\", '_');
  char *path = g_build_filename (dir, name, NULL);

  for (guint n = 2; g_file_test (path, G_FILE_TEST_EXISTS); n++)
    {
      g_autofree char *numbered = g_strdup_printf ("%s (%u)", name, n);

      g_free (path);
      path = g_build_filename (dir, numbered, NULL);
    }
  return path;
}

/* The file the editor would have saved: in the document's own encoding when it can be (UTF-8
 * otherwise), with the last newline that the editor keeps out of its buffer. */
static GBytes *
encode_text (const TpReplay *replay)
{
  const char *encoding = replay->info.encoding;
  g_autofree char *text = g_strndup (replay->text, replay->length);
  gsize length = replay->length;
  char *converted;

  if (length > 0)
    {
      g_free (text);
      text = g_strconcat (replay->text, "\n", NULL);
      length++;
    }
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "UTF-8") != 0)
    {
      converted = g_convert (text, length, encoding, "UTF-8", NULL, &length, NULL);
      if (converted != NULL)
        return g_bytes_new_take (converted, length);
    }
  return g_bytes_new_take (g_steal_pointer (&text), length);
}

/* Writes each document to dir and prints where. */
int
tp_recover_command_write_to (const char *dir)
{
  g_autoptr(TpRecovery) recovery = NULL;
  GPtrArray *entries;
  int status = 0;

  if (dir == NULL || dir[0] == '\0')
    {
      g_printerr ("%s\n", _("--recover-to needs a folder: threadpad --recover-to=FOLDER"));
      return 2;
    }
  recovery = open_recovery ();
  entries = tp_recovery_get_entries (recovery);

  if (entries->len > 0 && g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_printerr (_("Cannot create the folder %s: %s\n"), dir, g_strerror (errno));
      return 1;
    }
  for (guint i = 0; i < entries->len; i++)
    {
      TpRecoveryEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *title = tp_recovery_entry_dup_title (entry);
      g_autofree char *path = unused_path (dir, title);
      g_autoptr(GBytes) text = encode_text (entry->replay);
      g_autoptr(GError) error = NULL;
      gsize length;
      const char *data = g_bytes_get_data (text, &length);

      if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                     &error))
        {
          g_printerr ("%s\n", error->message);
          status = 1;
          continue;
        }
      g_print ("%s\n", path);
      warn_if_damaged (entry, title);
    }
  return status;
}

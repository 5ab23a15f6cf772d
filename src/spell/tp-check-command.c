/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-check-command"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "tp-check-command.h"
#include "tp-spell-worker.h"
#include "tp-tokenizer.h"

/* threadpad --check: the editor's own tokenizer, dictionary and cache, without a window. */

static char *
read_text (const char  *path,
           GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (g_str_equal (path, "-"))
    {
      g_autoptr(GIOChannel) channel = g_io_channel_unix_new (0);
      g_io_channel_set_encoding (channel, NULL, NULL);
      if (g_io_channel_read_to_end (channel, &contents, &length, error) != G_IO_STATUS_NORMAL)
        return NULL;
    }
  else if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  if (!g_utf8_validate_len (contents, length, NULL) || memchr (contents, '\0', length) != NULL)
    {
      g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE,
                   _("%s is not UTF-8 text"), path);
      return NULL;
    }
  return g_steal_pointer (&contents);
}

/* Prints FILE:LINE:COLUMN: WORD for each misspelling, lines and columns counted from 1,
 * columns in characters. */
static void
print_misspellings (const char *path,
                    const char *text,
                    GArray     *misspelled)
{
  const char *scanned = text;
  const char *line_start = text;
  gsize line = 1;

  for (guint i = 0; i < misspelled->len; i++)
    {
      TpWord *word = &g_array_index (misspelled, TpWord, i);
      const char *at = text + word->byte_offset;

      for (; scanned < at; scanned++)
        if (*scanned == '\n')
          {
            line++;
            line_start = scanned + 1;
          }
      printf ("%s:%" G_GSIZE_FORMAT ":%ld: %.*s\n", path, line,
              g_utf8_pointer_to_offset (line_start, at) + 1, (int) word->byte_length, at);
    }
}

/* Sets no_dictionary when the language's dictionary could not be used: no other file can be
 * checked either. */
static int
check_file (TpSpellWorker *worker,
            const char    *path,
            const char    *language,
            gboolean      *no_dictionary)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = read_text (path, &error);
  g_autoptr(TpSpellJob) job = NULL;

  if (text == NULL)
    {
      g_printerr (_("threadpad: cannot check %s: %s\n"), path, error->message);
      return TP_CHECK_ERROR;
    }

  job = tp_spell_job_new (TP_SPELL_JOB_CHECK, TP_SPELL_PRIORITY_BACKGROUND, language, text, -1);
  tp_spell_worker_run (worker, job);
  if (job->error != NULL)
    {
      g_printerr ("threadpad: %s\n", job->error->message);
      *no_dictionary = TRUE;
      return TP_CHECK_ERROR;
    }
  print_misspellings (path, text, job->misspelled);
  return job->misspelled->len > 0 ? TP_CHECK_MISSPELLINGS : TP_CHECK_CLEAN;
}

static void
print_available (GPtrArray *dictionaries)
{
  if (dictionaries->len == 0)
    {
      g_printerr (_("No spelling dictionary is installed. Install one, such as the package "
                    "hunspell-en-us.\n"));
      return;
    }
  g_printerr (_("Installed dictionaries:\n"));
  for (guint i = 0; i < dictionaries->len; i++)
    {
      TpDictionaryInfo *info = g_ptr_array_index (dictionaries, i);
      g_printerr ("  %-8s %s\n", info->code, info->name);
    }
}

int
tp_check_command_run (const char *const *files,
                      const char        *language)
{
  g_autoptr(GPtrArray) dictionaries = tp_dictionary_list_available ();
  g_autoptr(TpSpellWorker) worker = NULL;
  g_autofree char *code = NULL;
  int status = TP_CHECK_CLEAN;

  if (files == NULL || files[0] == NULL)
    {
      g_printerr (_("threadpad: --check needs at least one file (or - for standard input)\n"));
      return TP_CHECK_ERROR;
    }
  code = language ? g_strdup (language) : tp_dictionary_pick_default (dictionaries, NULL);
  if (code == NULL || tp_dictionary_info_find (dictionaries, code) == NULL)
    {
      if (code != NULL)
        g_printerr (_("threadpad: no spelling dictionary for “%s”.\n"), code);
      print_available (dictionaries);
      return TP_CHECK_ERROR;
    }

  worker = tp_spell_worker_new (dictionaries);
  for (guint i = 0; files[i] != NULL; i++)
    {
      gboolean no_dictionary = FALSE;
      int file_status = check_file (worker, files[i], code, &no_dictionary);

      status = MAX (status, file_status);
      if (no_dictionary)
        {
          print_available (dictionaries);
          break;
        }
    }
  fflush (stdout);
  return status;
}

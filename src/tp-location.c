/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-location"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-location.h"

void
tp_location_free (TpLocation *location)
{
  if (location == NULL)
    return;
  g_clear_object (&location->file);
  g_free (location->charset);
  g_free (location);
}

static gboolean
parse_positive (const char *text,
                const char *end,
                int        *value)
{
  guint64 number = 0;

  if (text == end)
    return FALSE;
  for (const char *p = text; p < end; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      number = number * 10 + (guint64) (*p - '0');
      if (number > G_MAXINT)
        return FALSE;
    }
  *value = (int) number;
  return number > 0;
}

/* Reads "LINE" or "LINE:COLUMN". */
gboolean
tp_location_parse_position (const char *text,
                            int        *line,
                            int        *column)
{
  const char *colon = strchr (text, ':');
  int parsed_line = 0;
  int parsed_column = 0;

  if (colon == NULL)
    colon = text + strlen (text);
  else if (!parse_positive (colon + 1, colon + strlen (colon), &parsed_column))
    return FALSE;

  if (!parse_positive (text, colon, &parsed_line))
    return FALSE;

  *line = parsed_line;
  *column = parsed_column;
  return TRUE;
}

/* Arguments are paths unless they are written as URIs ("scheme://…"): "notes:3" is a file
 * name, not a URI with the scheme "notes". */
static GFile *
file_for_arg (const char *arg,
              const char *cwd)
{
  g_autofree char *path = NULL;

  if (strstr (arg, "://") != NULL || g_str_has_prefix (arg, "file:"))
    return g_file_new_for_commandline_arg_and_cwd (arg, cwd);
  if (g_path_is_absolute (arg))
    return g_file_new_for_path (arg);
  path = g_build_filename (cwd, arg, NULL);
  return g_file_new_for_path (path);
}

/* Digits, or digits:digits: what a position looks like, right or wrong. */
static gboolean
looks_like_position (const char *text)
{
  const char *colon = strchr (text, ':');
  const char *end = text + strlen (text);

  for (const char *p = text; p < end; p++)
    if (!g_ascii_isdigit (*p) && p != colon)
      return FALSE;
  return text[0] != '\0' && text[0] != ':' && end[-1] != ':';
}

/* "notes.txt:0": a position in an existing file that is no position at all. */
static gboolean
check_position (const char  *arg,
                const char  *colon,
                const char  *cwd,
                GError     **error)
{
  g_autofree char *path = g_strndup (arg, (gsize) (colon - arg));
  g_autoptr(GFile) file = file_for_arg (path, cwd);

  if (!looks_like_position (colon + 1) || !g_file_query_exists (file, NULL))
    return TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s”: lines and columns count from 1, as in %s:1:1"), arg, path);
  return FALSE;
}

/* "notes.txt:12" and "notes.txt:12:3" name a position only when no file has that very name:
 * a file really called "notes.txt:12" wins. */
static TpLocation *
location_for_path (const char  *arg,
                   const char  *cwd,
                   GError     **error)
{
  g_autoptr(TpLocation) location = g_new0 (TpLocation, 1);
  g_autoptr(GFile) literal = file_for_arg (arg, cwd);

  if (g_file_is_native (literal) && !g_file_query_exists (literal, NULL))
    {
      for (const char *colon = strchr (arg, ':'); colon != NULL; colon = strchr (colon + 1, ':'))
        {
          int line, column;

          if (colon == arg)
            continue;
          if (!tp_location_parse_position (colon + 1, &line, &column))
            {
              if (!check_position (arg, colon, cwd, error))
                return NULL;
              continue;
            }

          g_autofree char *path = g_strndup (arg, (gsize) (colon - arg));
          location->file = file_for_arg (path, cwd);
          location->line = line;
          location->column = column;
          return g_steal_pointer (&location);
        }
    }

  location->file = g_steal_pointer (&literal);
  return g_steal_pointer (&location);
}

/* Turns the file arguments of the command line into locations: "+LINE" applies to the next
 * file, "-" stands for standard input. */
GPtrArray *
tp_location_parse_args (const char *const *args,
                        const char        *cwd,
                        GError           **error)
{
  g_autoptr(GPtrArray) locations = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_location_free);
  int pending_line = 0;
  int pending_column = 0;

  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    {
      const char *arg = args[i];
      TpLocation *location;

      if (arg[0] == '+' && arg[1] != '\0')
        {
          if (!tp_location_parse_position (arg + 1, &pending_line, &pending_column))
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("“%s” is not a line number; write +LINE or +LINE:COLUMN"), arg);
              return NULL;
            }
          continue;
        }

      if (g_str_equal (arg, "-"))
        {
          location = g_new0 (TpLocation, 1);
          location->is_stdin = TRUE;
        }
      else if ((location = location_for_path (arg, cwd, error)) == NULL)
        return NULL;

      if (pending_line > 0)
        {
          location->line = pending_line;
          location->column = pending_column;
          pending_line = pending_column = 0;
        }
      g_ptr_array_add (locations, location);
    }

  return g_steal_pointer (&locations);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* One thing to open, as named on the command line: a file (with an optional line and column
 * to put the cursor on) or standard input. Lines and columns are 1-based; 0 means "not given". */
typedef struct
{
  GFile    *file;
  gboolean  is_stdin;
  int       line;
  int       column;
  /* The encoding to read the file in, as a charset name; NULL to find it out. */
  char     *charset;
} TpLocation;

void       tp_location_free           (TpLocation  *location);
GPtrArray *tp_location_parse_args     (const char *const *args,
                                       const char        *cwd,
                                       GError           **error);
gboolean   tp_location_parse_position (const char  *text,
                                       int         *line,
                                       int         *column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpLocation, tp_location_free)

G_END_DECLS

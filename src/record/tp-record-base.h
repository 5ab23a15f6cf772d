/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tp-journal.h"

G_BEGIN_DECLS

/* A document's text as its file holds it: the base of a recovery entry whose journal holds only
 * the edits made since the file was read, so that the recorder need not keep a copy of a big
 * file's text in memory. No GTK, no threads.
 *
 * The base is taken only once the file, read again and decoded as the editor decoded it, is
 * byte for byte the text the editor received; it is identified by the file's device, inode,
 * size and modification time, and by a SHA-256 checksum of the text. */

gboolean  tp_record_base_verify    (const char    *uri,
                                    const char    *encoding,
                                    const char    *text,
                                    gsize          length,
                                    TpBaseInfo    *base,
                                    int           *fd,
                                    GError       **error);
gboolean  tp_record_base_verify_checksum (const char *uri,
                                          const char *encoding,
                                          gsize       length,
                                          const char *checksum,
                                          gboolean    starts_with_bom,
                                          TpBaseInfo *base,
                                          int        *fd,
                                          GError    **error);
gboolean  tp_record_base_can_read  (const char       *uri);
gboolean  tp_record_base_unchanged (const TpBaseInfo *base);
char     *tp_record_base_read      (const TpBaseInfo *base,
                                    gsize            *length,
                                    GError          **error);
char     *tp_record_base_read_fd   (const TpBaseInfo *base,
                                    int               fd,
                                    gsize            *length,
                                    GError          **error);

G_END_DECLS

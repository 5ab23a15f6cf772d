/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* How GIO will write over an existing file: a new file renamed over the old one (atomic), or
 * the old file truncated and rewritten in place, which a crash can leave half written. */
typedef enum
{
  TP_SAVE_ATOMIC,
  TP_SAVE_IN_PLACE_FOLDER_READ_ONLY,
  TP_SAVE_IN_PLACE_SYMLINK,
  TP_SAVE_IN_PLACE_HARD_LINKS,
  TP_SAVE_IN_PLACE_OWNER,
  TP_SAVE_IN_PLACE_NO_SPACE,
} TpSaveMethod;

TpSaveMethod tp_safe_save_predict_method   (const char   *path);
gboolean     tp_safe_save_find_unencodable (const char   *text,
                                            gsize         length,
                                            const char   *charset,
                                            gsize        *offset);
gboolean     tp_safe_save_get_space        (const char   *path,
                                            guint64      *size,
                                            guint64      *available);
gboolean     tp_safe_save_sync             (const char   *path,
                                            GError      **error);

char        *tp_safe_save_get_default_dir  (void);
void         tp_safe_save_begin            (const char   *state_dir,
                                            const char   *path);
void         tp_safe_save_end              (const char   *state_dir,
                                            const char   *path,
                                            gboolean      failed);
guint        tp_safe_save_clean_leftovers  (const char   *state_dir,
                                            const char   *path);

G_END_DECLS

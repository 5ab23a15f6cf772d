/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TP_DOCUMENT_ERROR (tp_document_error_quark ())

typedef enum
{
  TP_DOCUMENT_ERROR_BINARY,
} TpDocumentError;

GQuark   tp_document_error_quark    (void);
gboolean tp_bytes_look_binary       (const guint8 *data,
                                     gsize         length);
char    *tp_describe_load_error     (GFile        *file,
                                     const GError *error);
char    *tp_describe_save_error     (GFile        *file,
                                     const GError *error);
char    *tp_file_get_display_name   (GFile        *file);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TP_DOCUMENT_ERROR (tp_document_error_quark ())

/* The errors of TpDocument other than GIO's and GtkSourceView's. All but BINARY carry a message
 * meant for the user. */
typedef enum
{
  TP_DOCUMENT_ERROR_BINARY,
  TP_DOCUMENT_ERROR_NOT_REGULAR,
  TP_DOCUMENT_ERROR_NOT_LOADED,
  TP_DOCUMENT_ERROR_CONVERTED,
  TP_DOCUMENT_ERROR_IN_PLACE,
  TP_DOCUMENT_ERROR_UNENCODABLE,
  TP_DOCUMENT_ERROR_NOT_DURABLE,
  TP_DOCUMENT_ERROR_NO_SPACE,
  TP_DOCUMENT_ERROR_SEPARATOR,
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

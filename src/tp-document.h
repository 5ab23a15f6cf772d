/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

#include "tp-types.h"

G_BEGIN_DECLS

#define TP_TYPE_DOCUMENT (tp_document_get_type ())
G_DECLARE_FINAL_TYPE (TpDocument, tp_document, TP, DOCUMENT, GObject)

typedef enum
{
  TP_DOCUMENT_LOAD_NONE         = 0,
  TP_DOCUMENT_LOAD_ALLOW_BINARY = 1 << 0,
} TpDocumentLoadFlags;

typedef enum
{
  TP_DOCUMENT_SAVE_NONE                 = 0,
  TP_DOCUMENT_SAVE_IGNORE_DISK_CHANGES  = 1 << 0,
} TpDocumentSaveFlags;

TpDocument              *tp_document_new              (void);
GtkSourceBuffer         *tp_document_get_buffer       (TpDocument          *self);
GtkSourceFile           *tp_document_get_file         (TpDocument          *self);
GFile                   *tp_document_get_location     (TpDocument          *self);
void                     tp_document_set_location     (TpDocument          *self,
                                                       GFile               *location);
const char              *tp_document_get_title        (TpDocument          *self);
char                    *tp_document_dup_display_title (TpDocument         *self);
gboolean                 tp_document_get_modified     (TpDocument          *self);
gboolean                 tp_document_get_busy         (TpDocument          *self);
gboolean                 tp_document_get_loading      (TpDocument          *self);
void                     tp_document_restore          (TpDocument          *self,
                                                       GFile               *location,
                                                       const char          *encoding,
                                                       const char          *text,
                                                       gssize               length);
gboolean                 tp_document_is_untouched     (TpDocument          *self);
const char              *tp_document_get_encoding_name (TpDocument         *self);
void                     tp_document_load_async       (TpDocument          *self,
                                                       GFile               *location,
                                                       TpDocumentLoadFlags  flags,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
void                     tp_document_load_stream_async (TpDocument         *self,
                                                       GInputStream        *stream,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean                 tp_document_load_finish      (TpDocument          *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
void                     tp_document_save_async       (TpDocument          *self,
                                                       GFile               *location,
                                                       TpDocumentSaveFlags  flags,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean                 tp_document_save_finish      (TpDocument          *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS

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

/* What the buffer holds, as far as saving over the document's own file goes. */
typedef enum
{
  /* The file's text as read (or text of the user's own): saving writes back what is shown. */
  TP_DOCUMENT_CONTENT_TEXT,
  /* The file was not read, or not all of it (binary, an error, a cancelled load): saving would
   * replace the file with whatever is shown, so it is never saved over the file. */
  TP_DOCUMENT_CONTENT_INCOMPLETE,
  /* The file was read with changes for display (a binary file opened anyway, bytes shown as
   * escapes): saving rewrites bytes the user did not edit, so it needs the user's word. */
  TP_DOCUMENT_CONTENT_CONVERTED,
} TpDocumentContent;

/* The answers a save may need from the user, given when the save is asked again. */
typedef enum
{
  TP_DOCUMENT_SAVE_NONE                 = 0,
  TP_DOCUMENT_SAVE_IGNORE_DISK_CHANGES  = 1 << 0,
  TP_DOCUMENT_SAVE_REWRITE_CONVERTED    = 1 << 1,
  TP_DOCUMENT_SAVE_IN_PLACE             = 1 << 2,
  /* Nobody asked for this save just now (autosave): it never writes a file in place. */
  TP_DOCUMENT_SAVE_AUTOMATIC            = 1 << 3,
} TpDocumentSaveFlags;

TpDocument              *tp_document_new              (void);
GtkSourceBuffer         *tp_document_get_buffer       (TpDocument          *self);
TpLongLines             *tp_document_get_long_lines   (TpDocument          *self);
GtkSourceFile           *tp_document_get_file         (TpDocument          *self);
GFile                   *tp_document_get_location     (TpDocument          *self);
void                     tp_document_set_location     (TpDocument          *self,
                                                       GFile               *location);
const char              *tp_document_get_title        (TpDocument          *self);
char                    *tp_document_dup_display_title (TpDocument         *self);
gboolean                 tp_document_get_modified     (TpDocument          *self);
gboolean                 tp_document_get_busy         (TpDocument          *self);
gboolean                 tp_document_get_loading      (TpDocument          *self);
double                   tp_document_get_load_progress (TpDocument         *self);
TpDocumentContent        tp_document_get_content      (TpDocument          *self);
void                     tp_document_restore          (TpDocument          *self,
                                                       GFile               *location,
                                                       const char          *encoding,
                                                       const char          *text,
                                                       gssize               length);
gboolean                 tp_document_is_untouched     (TpDocument          *self);
const char              *tp_document_get_encoding_name (TpDocument         *self);
const GtkSourceEncoding *tp_document_get_encoding      (TpDocument         *self);
const char              *tp_document_get_line_end      (TpDocument         *self);

/* Called before the document's own file is written over in place, with done to call (with
 * done_data) once it may be: crash recovery makes its copy of the text durable first. */
typedef void (*TpDocumentInPlaceGuard) (TpDocument     *document,
                                        GDestroyNotify  done,
                                        gpointer        done_data,
                                        gpointer        user_data);
void                     tp_document_set_in_place_guard (TpDocument             *self,
                                                         TpDocumentInPlaceGuard  guard,
                                                         gpointer                user_data);
void                     tp_document_set_language      (TpDocument         *self,
                                                        const char         *id);
const char              *tp_document_get_chosen_language (TpDocument       *self);
const GtkSourceEncoding *tp_document_get_chosen_encoding (TpDocument       *self);
void                     tp_document_reserve_load      (TpDocument         *self);
gboolean                 tp_document_is_read_only      (TpDocument         *self);
gboolean                 tp_document_is_deleted        (TpDocument         *self);
gboolean                 tp_document_is_externally_modified (TpDocument    *self);
void                     tp_document_load_async       (TpDocument          *self,
                                                       GFile               *location,
                                                       const GtkSourceEncoding *encoding,
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
                                                       const GtkSourceEncoding *encoding,
                                                       const char          *line_end,
                                                       TpDocumentSaveFlags  flags,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean                 tp_document_save_finish      (TpDocument          *self,
                                                       GAsyncResult        *result,
                                                       gboolean            *written,
                                                       GError             **error);

G_END_DECLS

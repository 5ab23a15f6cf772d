/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tp-document.h"

G_BEGIN_DECLS

/* Printing a document with GtkSourceView's compositor: its colours, the view's font and tab
 * width, wrapped lines, the name and page numbers on each page. action is
 * GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG for the print dialog (which has a preview),
 * GTK_PRINT_OPERATION_ACTION_PREVIEW for the preview alone, or
 * GTK_PRINT_OPERATION_ACTION_EXPORT to write a PDF to export_path. */
GtkPrintOperationResult tp_print_document (GtkWindow               *parent,
                                           TpDocument              *document,
                                           GtkSourceView           *view,
                                           GtkPrintOperationAction  action,
                                           const char              *export_path,
                                           GError                 **error);

G_END_DECLS

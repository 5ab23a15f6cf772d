/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TP_TYPE_NOTEBOOK (tp_notebook_get_type ())

G_DECLARE_FINAL_TYPE (TpNotebook, tp_notebook, TP, NOTEBOOK, GtkNotebook)

GtkWidget *tp_notebook_new (void);

G_END_DECLS

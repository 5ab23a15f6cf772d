/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TP_TYPE_STATUS_LABEL (tp_status_label_get_type ())

G_DECLARE_FINAL_TYPE (TpStatusLabel, tp_status_label, TP, STATUS_LABEL, GtkWidget)

GtkWidget  *tp_status_label_new      (void);
const char *tp_status_label_get_text (TpStatusLabel *self);
void        tp_status_label_set_text (TpStatusLabel *self,
                                      const char    *text);

G_END_DECLS

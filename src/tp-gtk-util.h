/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void tp_label_set_text_if_changed       (GtkLabel   *label,
                                         const char *text);
void tp_widget_set_tooltip_if_changed   (GtkWidget  *widget,
                                         const char *text);
void tp_widget_set_style_class_if_changed (GtkWidget          *widget,
                                           const char * const *classes,
                                           const char         *wanted);

G_END_DECLS

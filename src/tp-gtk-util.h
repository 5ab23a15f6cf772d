/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

/* Behind input and painting (G_PRIORITY_HIGH_IDLE + 20), ahead of GtkTextView's layout of lines
 * off screen (+ 25), which takes seconds in a big document: for work a person waits for. */
#define TP_PRIORITY_BEFORE_LAYOUT (G_PRIORITY_HIGH_IDLE + 22)

G_BEGIN_DECLS

void tp_label_set_text_if_changed       (GtkLabel   *label,
                                         const char *text);
void tp_widget_set_tooltip_if_changed   (GtkWidget  *widget,
                                         const char *text);
void tp_widget_set_style_class_if_changed (GtkWidget          *widget,
                                           const char * const *classes,
                                           const char         *wanted);

GPtrArray *tp_get_languages_by_name      (void);

void tp_text_view_lay_out_when_grown    (GtkTextView *view);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

#include "spell/tp-spell-checker.h"
#include "tp-types.h"

G_BEGIN_DECLS

#define TP_TYPE_VIEW (tp_view_get_type ())
G_DECLARE_FINAL_TYPE (TpView, tp_view, TP, VIEW, GtkSourceView)

#define TP_VIEW_ZOOM_MIN 30
#define TP_VIEW_ZOOM_MAX 400

GtkWidget *tp_view_new          (GtkSourceBuffer *buffer);
void       tp_view_set_zoom     (TpView          *self,
                                 int              percent);
int        tp_view_get_zoom     (TpView          *self);
void       tp_view_set_long_lines (TpView        *self,
                                   TpLongLines   *long_lines);
TpLongLines *tp_view_get_long_lines (TpView     *self);
void       tp_view_set_spell_checker (TpView     *self,
                                      TpSpellChecker *checker);
void       tp_view_scroll_to_cursor (TpView      *self,
                                     int          lines_above);

G_END_DECLS

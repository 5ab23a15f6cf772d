/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

/* The colours of the text: light or dark as the user or the desktop says, and the colour
 * scheme of GtkSourceView that goes with them. */
#define TP_TYPE_STYLE (tp_style_get_type ())
G_DECLARE_FINAL_TYPE (TpStyle, tp_style, TP, STYLE, GObject)

TpStyle              *tp_style_new              (GSettings *settings);
gboolean              tp_style_is_dark          (TpStyle   *self);
GtkSourceStyleScheme *tp_style_get_scheme       (TpStyle   *self);
void                  tp_style_apply_to_buffer  (TpStyle         *self,
                                                 GtkSourceBuffer *buffer);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TP_TYPE_AUTOSAVE (tp_autosave_get_type ())
G_DECLARE_FINAL_TYPE (TpAutosave, tp_autosave, TP, AUTOSAVE, GObject)

TpAutosave *tp_autosave_new      (GtkApplication *application,
                                  GSettings      *settings);
guint       tp_autosave_run      (TpAutosave     *self);

G_END_DECLS

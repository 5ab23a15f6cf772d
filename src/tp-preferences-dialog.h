/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tp-types.h"

G_BEGIN_DECLS

#define TP_TYPE_PREFERENCES_DIALOG (tp_preferences_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TpPreferencesDialog, tp_preferences_dialog, TP, PREFERENCES_DIALOG, GtkWindow)

GtkWidget *tp_preferences_dialog_new (GtkWindow *parent);

G_END_DECLS

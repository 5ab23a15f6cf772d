/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

GPtrArray               *tp_encodings_offered             (const GtkSourceEncoding *current);
void                     tp_encodings_add_chooser_choice  (GtkFileChooser          *chooser,
                                                           const GtkSourceEncoding *selected);
const GtkSourceEncoding *tp_encodings_get_chooser_choice  (GtkFileChooser          *chooser);
void                     tp_encodings_fill_menu           (GMenu                   *menu,
                                                           const char              *action);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tp-types.h"

G_BEGIN_DECLS

#define TP_TYPE_FIND_BAR (tp_find_bar_get_type ())
G_DECLARE_FINAL_TYPE (TpFindBar, tp_find_bar, TP, FIND_BAR, GtkRevealer)

GtkWidget  *tp_find_bar_new               (void);
void        tp_find_bar_set_view          (TpFindBar *self,
                                           TpView    *view);
void        tp_find_bar_open              (TpFindBar *self,
                                           gboolean   with_replace);
void        tp_find_bar_close             (TpFindBar *self);
void        tp_find_bar_find_next         (TpFindBar *self);
void        tp_find_bar_find_previous     (TpFindBar *self);
const char *tp_find_bar_get_status        (TpFindBar *self);

G_END_DECLS

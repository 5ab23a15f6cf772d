/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "record/tp-recovery.h"
#include "tp-location.h"
#include "tp-types.h"

G_BEGIN_DECLS

#define TP_TYPE_WINDOW (tp_window_get_type ())
G_DECLARE_FINAL_TYPE (TpWindow, tp_window, TP, WINDOW, GtkApplicationWindow)

TpWindow  *tp_window_new               (TpApplication       *application);
TpTab     *tp_window_get_active_tab    (TpWindow            *self);
GList     *tp_window_get_tabs          (TpWindow            *self);
TpTab     *tp_window_new_tab           (TpWindow            *self);
void       tp_window_adopt_tab         (TpWindow            *self,
                                        TpTab               *tab);
TpTab     *tp_window_open_location     (TpWindow            *self,
                                        const TpLocation    *location);
void       tp_window_offer_recovery    (TpWindow            *self,
                                        TpRecovery          *recovery);
TpTab     *tp_window_open_stream       (TpWindow            *self,
                                        GInputStream        *stream);
void       tp_window_close_tab         (TpWindow            *self,
                                        TpTab               *tab);
void       tp_window_close_async       (TpWindow            *self,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean   tp_window_close_finish      (TpWindow            *self,
                                        GAsyncResult        *result,
                                        GError             **error);
TpFindBar *tp_window_get_find_bar      (TpWindow            *self);
const char *tp_window_get_position_text (TpWindow           *self);

G_END_DECLS

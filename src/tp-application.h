/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "monitor/tp-latency-monitor.h"
#include "record/tp-recorder.h"
#include "spell/tp-spell-service.h"
#include "tp-style.h"
#include "tp-types.h"

G_BEGIN_DECLS

#define TP_TYPE_APPLICATION (tp_application_get_type ())
G_DECLARE_FINAL_TYPE (TpApplication, tp_application, TP, APPLICATION, GtkApplication)

#define TP_APPLICATION_DEFAULT (TP_APPLICATION (g_application_get_default ()))

TpApplication *tp_application_new             (void);
GSettings     *tp_application_get_settings    (TpApplication *self);
TpWindow      *tp_application_get_main_window (TpApplication *self);
TpSpellService *tp_application_get_spell_service (TpApplication *self);
TpStyle       *tp_application_get_style       (TpApplication *self);
TpRecorder    *tp_application_get_recorder    (TpApplication *self);
TpFileMemory  *tp_application_get_file_memory (TpApplication *self);
TpLatencyMonitor *tp_application_get_monitor  (TpApplication *self);
void           tp_application_set_threads     (TpApplication *self,
                                               gboolean       threads);
gboolean       tp_application_get_threads     (TpApplication *self);

G_END_DECLS

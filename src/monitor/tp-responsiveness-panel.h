/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tp-latency-monitor.h"

G_BEGIN_DECLS

#define TP_TYPE_RESPONSIVENESS_PANEL (tp_responsiveness_panel_get_type ())
G_DECLARE_FINAL_TYPE (TpResponsivenessPanel, tp_responsiveness_panel, TP, RESPONSIVENESS_PANEL,
                      GtkWindow)

GtkWidget *tp_responsiveness_panel_new (TpLatencyMonitor *monitor);

G_END_DECLS

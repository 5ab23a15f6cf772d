/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tp-document.h"

G_BEGIN_DECLS

#define TP_TYPE_STATISTICS_DIALOG (tp_statistics_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TpStatisticsDialog, tp_statistics_dialog, TP, STATISTICS_DIALOG, GtkDialog)

/* The rows, for tp_statistics_dialog_get_value (). */
enum
{
  TP_STATISTICS_LINES,
  TP_STATISTICS_WORDS,
  TP_STATISTICS_CHARACTERS,
  TP_STATISTICS_NON_SPACE,
  TP_STATISTICS_BYTES,
};

GtkWidget  *tp_statistics_dialog_new       (GtkWindow          *parent,
                                            TpDocument         *document);
const char *tp_statistics_dialog_get_value (TpStatisticsDialog *self,
                                            int                 row,
                                            gboolean            selection);

G_END_DECLS

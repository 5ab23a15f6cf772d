/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

#include "tp-types.h"

G_BEGIN_DECLS

#define TP_TYPE_LINE_NUMBERS (tp_line_numbers_get_type ())
G_DECLARE_FINAL_TYPE (TpLineNumbers, tp_line_numbers, TP, LINE_NUMBERS,
                      GtkSourceGutterRendererText)

GtkSourceGutterRenderer *tp_line_numbers_new (TpLongLines *long_lines);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define TP_TYPE_LONG_LINES (tp_long_lines_get_type ())
G_DECLARE_FINAL_TYPE (TpLongLines, tp_long_lines, TP, LONG_LINES, GObject)

TpLongLines *tp_long_lines_new                 (GtkSourceBuffer   *buffer);
void         tp_long_lines_set_limit           (TpLongLines       *self,
                                                guint              limit);
void         tp_long_lines_begin_reading       (TpLongLines       *self);
void         tp_long_lines_end_reading         (TpLongLines       *self);
void         tp_long_lines_set_text            (TpLongLines       *self,
                                                const char        *text,
                                                gssize             length);
guint        tp_long_lines_get_n_breaks        (TpLongLines       *self);
guint64      tp_long_lines_get_longest         (TpLongLines       *self);
const char  *tp_long_lines_get_first_line_end  (TpLongLines       *self);
gboolean     tp_long_lines_get_read_final_line_end (TpLongLines   *self);
gboolean     tp_long_lines_is_adding_break     (TpLongLines       *self);
gboolean     tp_long_lines_find_separator      (TpLongLines       *self,
                                                GtkTextIter       *iter);
gboolean     tp_long_lines_is_break            (TpLongLines       *self,
                                                const GtkTextIter *iter);
gboolean     tp_long_lines_continues_line      (TpLongLines       *self,
                                                const GtkTextIter *line_start);
int          tp_long_lines_get_real_offset     (TpLongLines       *self,
                                                const GtkTextIter *iter);
void         tp_long_lines_get_real_position   (TpLongLines       *self,
                                                const GtkTextIter *iter,
                                                int               *line,
                                                int               *column);
void         tp_long_lines_get_iter_at_real_offset (TpLongLines   *self,
                                                GtkTextIter       *iter,
                                                int                real_offset);
void         tp_long_lines_get_iter_at_real_line (TpLongLines     *self,
                                                GtkTextIter       *iter,
                                                int                line);
void         tp_long_lines_get_iter_at_real_position (TpLongLines *self,
                                                GtkTextIter       *iter,
                                                int                line,
                                                int                column);
char        *tp_long_lines_get_text            (TpLongLines       *self,
                                                const GtkTextIter *start,
                                                const GtkTextIter *end);

G_END_DECLS

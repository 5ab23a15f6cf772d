/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where a line too long for GTK to lay out quickly is cut for display. Pure C + GLib: it only
 * counts characters, so it is tested without a display. */

/* The longest line shown as it is, in characters. GTK lays out a whole line (paragraph) as one
 * unit, again after every key typed into it: on the machine the README's figures come from, a
 * key at the end of a wrapped line costs 3.4 ms at 1,000 characters, 4.4 ms at 2,000 (within
 * the 5 ms a key may take), 6.4 ms at 3,000, 13 ms at 10,000 (Kate's limit) and 158 ms at
 * 100,000 (tests/bench/bench-line-length, run by build-aux/bench). */
#define TP_LINE_SPLITTER_DEFAULT_LIMIT 2000

typedef struct
{
  guint    limit;
  guint64  fed;            /* characters seen so far */
  guint64  segment_start;  /* where the piece being counted starts */
  guint64  opportunity;    /* the last good place to cut in that piece, or 0 */
  gunichar previous;
  guint64  line_start;     /* where the line being counted starts */
  guint64  longest;        /* the longest line seen, in characters */
  /* The first line end seen: "\n", "\r\n" or "\r", or "" before one is seen. */
  const char *first_line_end;
  guint64  first_line_end_at;
} TpLineSplitter;

void     tp_line_splitter_init (TpLineSplitter *self,
                                guint           limit);
void     tp_line_splitter_feed (TpLineSplitter *self,
                                const char     *text,
                                gsize           length,
                                GArray         *breaks);

gboolean tp_line_splitter_is_line_end (gunichar c);
guint64  tp_line_splitter_get_longest (const TpLineSplitter *self);

G_END_DECLS

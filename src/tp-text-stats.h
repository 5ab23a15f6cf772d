/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Counts of a text, made in pieces that may be counted on any thread in any order and added
 * up in the text's order. No GTK: tested without a display. */
typedef struct
{
  guint64  line_ends;        /* "\n", "\r\n" and "\r" each count once */
  guint64  words;            /* runs of characters that are not white space, as wc counts */
  guint64  characters;
  guint64  non_space;        /* characters that are not white space */
  guint64  bytes;            /* in UTF-8 */
  /* For adding pieces up: a word or a "\r\n" cut between two pieces counts once. */
  gboolean starts_in_word;
  gboolean ends_in_word;
  gboolean starts_with_lf;
  gboolean ends_with_cr;
} TpTextStats;

void     tp_text_stats_count (TpTextStats       *stats,
                              const char        *text,
                              gsize              length);
void     tp_text_stats_add   (TpTextStats       *total,
                              const TpTextStats *next);
guint64  tp_text_stats_lines (const TpTextStats *stats);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A misspelled word, by character offsets. */
typedef struct
{
  guint32 offset;
  guint32 length;
} TpSpellSpan;

/* Misspellings known but kept out of the buffer: a text tag costs two toggle segments and two
 * split text segments per word (some 250 bytes), a span here 8 bytes. Words are kept by ranges
 * of text, each with a mark at both ends and its words as offsets from its start, so that edits
 * elsewhere cost nothing. Ranges do not overlap and stay in buffer order. Main thread only,
 * like the buffer it lives in. */
typedef struct _TpSpellParked TpSpellParked;

/* Return FALSE to drop the word. */
typedef gboolean (*TpSpellSpanFilter) (int       offset,
                                       int       length,
                                       gpointer  user_data);

TpSpellParked *tp_spell_parked_new           (GtkTextBuffer *buffer);
void           tp_spell_parked_free          (TpSpellParked *self);
guint          tp_spell_parked_get_count     (TpSpellParked *self);

void           tp_spell_parked_add           (TpSpellParked *self,
                                              int            from,
                                              int            to,
                                              GArray        *spans);
guint          tp_spell_parked_cut           (TpSpellParked *self,
                                              int            from,
                                              int            to);
GArray        *tp_spell_parked_take          (TpSpellParked *self,
                                              int            from,
                                              int            to,
                                              int           *base);

guint          tp_spell_parked_insert_before (TpSpellParked *self,
                                              int            offset,
                                              int            n_chars);
guint          tp_spell_parked_delete_before (TpSpellParked *self,
                                              int            from,
                                              int            to);
void           tp_spell_parked_prune         (TpSpellParked *self);

gboolean       tp_spell_parked_find          (TpSpellParked *self,
                                              int            offset,
                                              gboolean       forward,
                                              int           *start,
                                              int           *length);
int            tp_spell_parked_filter        (TpSpellParked *self,
                                              int            from,
                                              gint64         deadline,
                                              TpSpellSpanFilter keep,
                                              gpointer       user_data,
                                              guint         *dropped);
int            tp_spell_parked_next_gap      (TpSpellParked *self,
                                              int            offset,
                                              int           *gap_end);
void           tp_spell_parked_append_all    (TpSpellParked *self,
                                              GArray        *spans);

G_END_DECLS

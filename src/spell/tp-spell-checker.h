/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

#include "tp-spell-parked.h"
#include "tp-spell-service.h"

G_BEGIN_DECLS

#define TP_TYPE_SPELL_CHECKER (tp_spell_checker_get_type ())
G_DECLARE_FINAL_TYPE (TpSpellChecker, tp_spell_checker, TP, SPELL_CHECKER, GObject)

TpSpellChecker     *tp_spell_checker_new                 (TpSpellService  *service,
                                                          GtkSourceBuffer *buffer);
void                tp_spell_checker_set_view            (TpSpellChecker  *self,
                                                          GtkTextView     *view);
const char         *tp_spell_checker_get_language        (TpSpellChecker  *self);
void                tp_spell_checker_set_language        (TpSpellChecker  *self,
                                                          const char      *language);
gboolean            tp_spell_checker_get_enabled         (TpSpellChecker  *self);
void                tp_spell_checker_set_enabled         (TpSpellChecker  *self,
                                                          gboolean         enabled);
guint               tp_spell_checker_get_misspelled_count (TpSpellChecker *self);
gboolean            tp_spell_checker_get_busy            (TpSpellChecker  *self);
const char         *tp_spell_checker_get_error           (TpSpellChecker  *self);
gboolean            tp_spell_checker_error_matches       (TpSpellChecker  *self,
                                                          GQuark           domain,
                                                          int              code);
GtkTextTag         *tp_spell_checker_get_tag             (TpSpellChecker  *self);
gboolean            tp_spell_checker_find_misspelling    (TpSpellChecker  *self,
                                                          gboolean         forward,
                                                          GtkTextIter     *start,
                                                          GtkTextIter     *end);
gboolean            tp_spell_checker_get_word_at         (TpSpellChecker  *self,
                                                          const GtkTextIter *iter,
                                                          GtkTextIter     *start,
                                                          GtkTextIter     *end);
const char *const  *tp_spell_checker_get_suggestions     (TpSpellChecker  *self,
                                                          const char      *word);
void                tp_spell_checker_request_suggestions (TpSpellChecker  *self,
                                                          const char      *word,
                                                          gboolean         urgent);
TpSpellService     *tp_spell_checker_get_service         (TpSpellChecker  *self);
GArray             *tp_spell_checker_list_misspellings   (TpSpellChecker  *self);
void                tp_spell_checker_set_near_chars      (TpSpellChecker  *self,
                                                          int              near_chars);

G_END_DECLS

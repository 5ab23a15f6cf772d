/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tp-executor.h"
#include "tp-spell-worker.h"

G_BEGIN_DECLS

/* The main thread's part of spell checking (results handed back, chunks sent, underlines put on
 * or taken off) runs at the priority of GtkTextView's own background layout of lines not yet
 * shown, GTK_TEXT_VIEW_PRIORITY_VALIDATE, below input and drawing: the two take turns. Any
 * lower, and a document gets no underline until GTK has laid all of it out, and then every line
 * that gets one is laid out again (an underline can change a line's height). */
#define TP_SPELL_MAIN_PRIORITY (G_PRIORITY_HIGH_IDLE + 25)

#define TP_TYPE_SPELL_SERVICE (tp_spell_service_get_type ())
G_DECLARE_FINAL_TYPE (TpSpellService, tp_spell_service, TP, SPELL_SERVICE, GObject)

TpSpellService *tp_spell_service_new                  (GSettings      *settings);
GPtrArray      *tp_spell_service_get_dictionaries     (TpSpellService *self);
const char     *tp_spell_service_get_language_name    (TpSpellService *self,
                                                       const char     *code);
char           *tp_spell_service_get_default_language (TpSpellService *self);
void            tp_spell_service_submit               (TpSpellService *self,
                                                       TpSpellJob     *job);
void            tp_spell_service_add_word             (TpSpellService *self,
                                                       const char     *language,
                                                       const char     *word);
void            tp_spell_service_ignore_word          (TpSpellService *self,
                                                       const char     *word);
void            tp_spell_service_shutdown             (TpSpellService *self);
TpExecutor     *tp_spell_service_get_executor         (TpSpellService *self);

G_END_DECLS

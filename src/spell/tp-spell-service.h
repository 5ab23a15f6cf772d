/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tp-executor.h"
#include "tp-spell-worker.h"

G_BEGIN_DECLS

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

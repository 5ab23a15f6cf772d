/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tp-tokenizer.h"

G_BEGIN_DECLS

/* A Hunspell dictionary. Hunspell is not thread-safe: one TpDictionary is used by one thread at
 * a time (the spell thread, or the main thread when threads are off, never both at once). */
typedef struct _TpDictionary TpDictionary;

#define TP_DICTIONARY_ERROR (tp_dictionary_error_quark ())

typedef enum
{
  /* Its word list would give Hunspell no word: every word would look misspelled. */
  TP_DICTIONARY_ERROR_BROKEN,
} TpDictionaryError;

GQuark        tp_dictionary_error_quark     (void);

typedef struct
{
  char *code;       /* "en_US" */
  char *name;       /* "English (United States)" */
  char *aff_path;
  char *dic_path;
} TpDictionaryInfo;

GPtrArray    *tp_dictionary_list_available  (void);
TpDictionaryInfo *tp_dictionary_info_find   (GPtrArray   *infos,
                                             const char  *code);
void          tp_dictionary_info_free       (TpDictionaryInfo *info);
char         *tp_dictionary_describe_code   (const char  *code);
char         *tp_dictionary_pick_default    (GPtrArray   *infos,
                                             const char  *preferred);

TpDictionary *tp_dictionary_new             (const TpDictionaryInfo *info,
                                             GError     **error);
void          tp_dictionary_free            (TpDictionary *self);
const char   *tp_dictionary_get_encoding    (TpDictionary *self);
const TpWordRules *tp_dictionary_get_word_rules (TpDictionary *self);
gboolean      tp_dictionary_check           (TpDictionary *self,
                                             const char   *word,
                                             gssize        length);
char        **tp_dictionary_suggest         (TpDictionary *self,
                                             const char   *word,
                                             gssize        length);
void          tp_dictionary_add_word        (TpDictionary *self,
                                             const char   *word);

char         *tp_personal_dictionary_path   (const char   *code);
char        **tp_personal_dictionary_load   (const char   *path);
gboolean      tp_personal_dictionary_save   (const char   *path,
                                             const char *const *words,
                                             GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpDictionary, tp_dictionary_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpDictionaryInfo, tp_dictionary_info_free)

G_END_DECLS

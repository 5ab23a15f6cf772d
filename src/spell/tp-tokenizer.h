/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A word of UTF-8 text, located both in bytes (to copy it) and in characters (to find it in a
 * GtkTextBuffer). The dictionary is handed check_length bytes from byte_offset: the word, and
 * the dot that follows it when there is one, since Hunspell decides itself whether the dot
 * belongs to an abbreviation. */
typedef struct
{
  gsize byte_offset;
  gsize byte_length;
  gsize char_offset;
  gsize char_length;
  gsize check_length;
} TpWord;

/* What a dictionary counts as word characters beyond letters: its WORDCHARS and its IGNORE
 * characters. NULL stands for none, as in a dictionary that declares neither. */
typedef struct _TpWordRules TpWordRules;

TpWordRules *tp_word_rules_new  (const char  *word_chars,
                                 const char  *ignored);
void         tp_word_rules_free (TpWordRules *rules);
gboolean     tp_word_rules_has_hyphen (const TpWordRules *rules);

/* Return FALSE to stop. */
typedef gboolean (*TpWordFunc) (const char   *text,
                                const TpWord *word,
                                gpointer      user_data);

void     tp_tokenizer_foreach_word      (const char        *text,
                                         gsize              length,
                                         TpWordFunc         func,
                                         gpointer           user_data);
void     tp_tokenizer_foreach_word_with (const TpWordRules *rules,
                                         const char        *text,
                                         gsize              length,
                                         TpWordFunc         func,
                                         gpointer           user_data);
GArray  *tp_tokenizer_split             (const char        *text,
                                         gsize              length);
GArray  *tp_tokenizer_split_with        (const TpWordRules *rules,
                                         const char        *text,
                                         gsize              length);
gboolean tp_tokenizer_is_boundary       (gunichar           c);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpWordRules, tp_word_rules_free)

G_END_DECLS

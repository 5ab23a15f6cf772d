/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A word of UTF-8 text, located both in bytes (to copy it) and in characters (to find it in a
 * GtkTextBuffer). */
typedef struct
{
  gsize byte_offset;
  gsize byte_length;
  gsize char_offset;
  gsize char_length;
} TpWord;

/* Return FALSE to stop. */
typedef gboolean (*TpWordFunc) (const char   *text,
                                const TpWord *word,
                                gpointer      user_data);

void     tp_tokenizer_foreach_word (const char *text,
                                    gsize       length,
                                    TpWordFunc  func,
                                    gpointer    user_data);
GArray  *tp_tokenizer_split        (const char *text,
                                    gsize       length);
gboolean tp_tokenizer_is_boundary  (gunichar    c);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "spell/tp-spell-checker.h"

/* The misspelled words the spell checker knows of, underlined in buffer or parked, as
 * "OFFSET+LENGTH " in order: what it shows, in a form a test can compare. */
static inline char *
tp_test_spell_marks (GtkTextBuffer  *buffer,
                     TpSpellChecker *checker)
{
  g_autoptr(GArray) spans = tp_spell_checker_list_misspellings (checker);
  g_autoptr(GString) words = g_string_new (NULL);

  for (guint i = 0; i < spans->len; i++)
    {
      TpSpellSpan *span = &g_array_index (spans, TpSpellSpan, i);

      g_string_append_printf (words, "%u+%u ", span->offset, span->length);
    }
  return g_string_free (g_steal_pointer (&words), FALSE);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include <gtksourceview/gtksource.h>

#include "spell/tp-spell-checker.h"
#include "spell/tp-spell-service.h"

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

/* After g_test_init (): the tests' small dictionaries, GTK's and GtkSourceView's types (and the
 * display, when there is one), and a spell service that checks in tp_UTF8 by default. */
static inline TpSpellService *
tp_test_spell_service_new (int    *argc,
                           char ***argv)
{
  g_autofree char *dictionaries = g_test_build_filename (G_TEST_DIST, "data", "dictionaries",
                                                         NULL);
  g_autoptr(GSettings) settings = NULL;

  g_setenv ("DICPATH", dictionaries, TRUE);
  gtk_init_check (argc, argv);
  gtk_source_init ();
  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "spell-language", "tp_UTF8");
  return tp_spell_service_new (settings);
}

/* Runs the main loop until checker has nothing in flight, then what is left ready. */
static inline void
tp_test_spell_wait_idle (TpSpellChecker *checker)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (tp_spell_checker_get_busy (checker))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* How many words of buffer are underlined now (misspellings kept out of the buffer are not). */
static inline guint
tp_test_spell_count_underlined (GtkTextBuffer  *buffer,
                                TpSpellChecker *checker)
{
  GtkTextTag *tag = tp_spell_checker_get_tag (checker);
  GtkTextIter iter;
  guint count = 0;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  do
    count += gtk_text_iter_starts_tag (&iter, tag);
  while (gtk_text_iter_forward_to_tag_toggle (&iter, tag));
  return count;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-tab-state"

#include "config.h"

#include "tp-document.h"
#include "tp-tab-state.h"
#include "tp-tab.h"

TpTabState *
tp_tab_state_capture (TpTab *tab)
{
  TpTabState *state = g_new0 (TpTabState, 1);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (tp_tab_get_document (tab)));
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  state->line = gtk_text_iter_get_line (&cursor);
  state->column = gtk_text_iter_get_line_offset (&cursor);
  state->language = g_strdup (tp_document_get_chosen_language (tp_tab_get_document (tab)));
  return state;
}

void
tp_tab_state_apply (const TpTabState *state,
                    TpTab            *tab)
{
  tp_tab_go_to (tab, state->line + 1, state->column + 1);
}

void
tp_tab_state_free (TpTabState *state)
{
  if (state == NULL)
    return;
  g_free (state->language);
  g_free (state->spell_language);
  g_free (state->encoding);
  g_free (state);
}

void
tp_tab_state_save_to_key_file (const TpTabState *state,
                               GKeyFile         *key_file,
                               const char       *group)
{
  g_key_file_set_integer (key_file, group, "Line", state->line);
  g_key_file_set_integer (key_file, group, "Column", state->column);
  if (state->language != NULL)
    g_key_file_set_string (key_file, group, "Language", state->language);
}

TpTabState *
tp_tab_state_load_from_key_file (GKeyFile   *key_file,
                                 const char *group)
{
  TpTabState *state = g_new0 (TpTabState, 1);

  state->line = MAX (0, g_key_file_get_integer (key_file, group, "Line", NULL));
  state->column = MAX (0, g_key_file_get_integer (key_file, group, "Column", NULL));
  state->language = g_key_file_get_string (key_file, group, "Language", NULL);
  return state;
}

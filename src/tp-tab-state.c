/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-tab-state"

#include "config.h"

#include <gtksourceview/gtksource.h>
#include <string.h>

#include "spell/tp-dictionary.h"
#include "tp-application.h"
#include "tp-document.h"
#include "tp-long-lines.h"
#include "tp-tab.h"
#include "tp-tab-state.h"
#include "tp-view.h"

/* Longer than any name GtkSourceView or Hunspell gives: what is longer came from elsewhere. */
#define MAX_NAME_LENGTH 64

TpTabState *
tp_tab_state_new (void)
{
  TpTabState *state = g_new0 (TpTabState, 1);

  state->top_line = -1;
  return state;
}

TpTabState *
tp_tab_state_copy (const TpTabState *state)
{
  TpTabState *copy;

  g_return_val_if_fail (state != NULL, NULL);

  copy = g_memdup2 (state, sizeof *state);
  copy->language = g_strdup (state->language);
  copy->spell_language = g_strdup (state->spell_language);
  copy->encoding = g_strdup (state->encoding);
  return copy;
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

/* ---- the tab ---- */

static int
get_top_line (TpTab *tab)
{
  GtkTextView *view = GTK_TEXT_VIEW (tp_tab_get_view (tab));
  TpLongLines *long_lines = tp_document_get_long_lines (tp_tab_get_document (tab));
  GdkRectangle visible;
  GtkTextIter top;
  int line;

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &top, visible.y, NULL);
  tp_long_lines_get_real_position (long_lines, &top, &line, NULL);
  return line;
}

/* Main thread. Costs a few lookups in the buffer's tree, whatever the size of the text. */
TpTabState *
tp_tab_state_capture (TpTab *tab)
{
  TpDocument *document;
  GtkTextBuffer *buffer;
  TpTabState *state;
  const GtkSourceEncoding *encoding;
  GtkTextIter cursor;

  g_return_val_if_fail (TP_IS_TAB (tab), NULL);

  document = tp_tab_get_document (tab);
  buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (document));
  state = tp_tab_state_new ();
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  tp_long_lines_get_real_position (tp_document_get_long_lines (document), &cursor,
                                   &state->line, &state->column);
  state->top_line = get_top_line (tab);
  state->language = g_strdup (tp_document_get_chosen_language (document));
  state->spell_language = g_strdup (tp_tab_get_chosen_spell_language (tab));
  encoding = tp_document_get_chosen_encoding (document);
  state->encoding = encoding ? g_strdup (gtk_source_encoding_get_charset (encoding)) : NULL;
  return state;
}

static void
apply_cursor (const TpTabState *state,
              TpTab            *tab)
{
  TpDocument *document = tp_tab_get_document (tab);
  TpLongLines *long_lines = tp_document_get_long_lines (document);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (document));
  GtkTextIter cursor, end;
  int last_line;

  /* The file may have been changed by another program since: its last line is as far as it
   * goes, and tp_long_lines_get_iter_at_real_position () keeps the column within the line. */
  gtk_text_buffer_get_end_iter (buffer, &end);
  tp_long_lines_get_real_position (long_lines, &end, &last_line, NULL);
  tp_long_lines_get_iter_at_real_position (long_lines, &cursor,
                                           CLAMP (state->line, 0, last_line),
                                           MAX (state->column, 0));
  gtk_text_buffer_place_cursor (buffer, &cursor);
  /* The line that was at the top is there again, if the cursor is on the screen then. */
  tp_view_scroll_to_cursor (tp_tab_get_view (tab),
                            state->top_line >= 0
                            && state->top_line <= state->line
                            ? state->line - state->top_line : -1);
}

static gboolean
spell_language_is_installed (const char *code)
{
  TpSpellService *service = tp_application_get_spell_service (TP_APPLICATION_DEFAULT);

  return service != NULL
         && tp_dictionary_info_find (tp_spell_service_get_dictionaries (service), code) != NULL;
}

/* Puts the tab as state says. On a tab whose file is still being read, that is done once it is
 * read (a line asked for with the file, as on the command line, wins over state's). What the
 * user has chosen for the tab since it opened stays as chosen; a language that is no longer
 * installed is left out. A line below 0 leaves the cursor and the view where they are. The
 * encoding is the loader's business: see tp_tab_load (). */
void
tp_tab_state_apply (const TpTabState *state,
                    TpTab            *tab)
{
  TpDocument *document;

  g_return_if_fail (state != NULL);
  g_return_if_fail (TP_IS_TAB (tab));

  document = tp_tab_get_document (tab);
  if (tp_document_get_loading (document))
    {
      tp_tab_apply_state_when_loaded (tab, state);
      return;
    }
  if (state->line >= 0)
    apply_cursor (state, tab);
  if (state->language != NULL && tp_document_get_chosen_language (document) == NULL
      && (*state->language == '\0'
          || gtk_source_language_manager_get_language (
               gtk_source_language_manager_get_default (), state->language) != NULL))
    tp_document_set_language (document, state->language);
  if (state->spell_language != NULL && tp_tab_get_chosen_spell_language (tab) == NULL
      && spell_language_is_installed (state->spell_language))
    tp_tab_choose_spell_language (tab, state->spell_language);
}

/* ---- key files ---- */

static void
set_or_remove_string (GKeyFile   *key_file,
                      const char *group,
                      const char *key,
                      const char *value)
{
  if (value != NULL && g_utf8_validate (value, -1, NULL))
    g_key_file_set_string (key_file, group, key, value);
  else
    g_key_file_remove_key (key_file, group, key, NULL);
}

/* Writes state as keys of group, replacing those the group had; a string that is NULL removes
 * its key. */
void
tp_tab_state_save_to_key_file (const TpTabState *state,
                               GKeyFile         *key_file,
                               const char       *group)
{
  g_return_if_fail (state != NULL);
  g_return_if_fail (key_file != NULL);
  g_return_if_fail (group != NULL);

  g_key_file_set_integer (key_file, group, TP_TAB_STATE_KEY_LINE, MAX (state->line, 0));
  g_key_file_set_integer (key_file, group, TP_TAB_STATE_KEY_COLUMN, MAX (state->column, 0));
  g_key_file_set_integer (key_file, group, TP_TAB_STATE_KEY_TOP_LINE,
                          MAX (state->top_line, -1));
  set_or_remove_string (key_file, group, TP_TAB_STATE_KEY_LANGUAGE, state->language);
  set_or_remove_string (key_file, group, TP_TAB_STATE_KEY_SPELL_LANGUAGE, state->spell_language);
  set_or_remove_string (key_file, group, TP_TAB_STATE_KEY_ENCODING, state->encoding);
}

/* A whole number from minimum to G_MAXINT - 1, written as nothing else; fallback otherwise. */
static int
load_number (GKeyFile   *key_file,
             const char *group,
             const char *key,
             int         minimum,
             int         fallback)
{
  g_autofree char *text = g_key_file_get_value (key_file, group, key, NULL);
  gint64 number;

  if (text == NULL
      || !g_ascii_string_to_signed (g_strstrip (text), 10, minimum, G_MAXINT - 1, &number, NULL))
    return fallback;
  return (int) number;
}

/* The string of key when it is valid UTF-8 of at most MAX_NAME_LENGTH bytes; NULL otherwise. */
static char *
load_name (GKeyFile   *key_file,
           const char *group,
           const char *key)
{
  g_autofree char *text = g_key_file_get_string (key_file, group, key, NULL);

  if (text == NULL || strlen (text) > MAX_NAME_LENGTH || !g_utf8_validate (text, -1, NULL))
    return NULL;
  return g_steal_pointer (&text);
}

static char *
load_language (GKeyFile   *key_file,
               const char *group)
{
  g_autofree char *id = load_name (key_file, group, TP_TAB_STATE_KEY_LANGUAGE);

  if (id == NULL || *id == '\0')
    return g_steal_pointer (&id);
  if (gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                id) == NULL)
    return NULL;
  return g_steal_pointer (&id);
}

/* A dictionary's code, as Hunspell's files are named: "en_US", "de_DE_frami", "sr@latin". Which
 * ones are installed is asked when the state is applied: dictionaries come and go. */
static char *
load_spell_language (GKeyFile   *key_file,
                     const char *group)
{
  g_autofree char *code = load_name (key_file, group, TP_TAB_STATE_KEY_SPELL_LANGUAGE);

  if (code == NULL || *code == '\0')
    return NULL;
  for (const char *c = code; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && strchr ("_-@.", *c) == NULL)
      return NULL;
  return g_steal_pointer (&code);
}

static char *
load_encoding (GKeyFile   *key_file,
               const char *group)
{
  g_autofree char *charset = load_name (key_file, group, TP_TAB_STATE_KEY_ENCODING);
  const GtkSourceEncoding *encoding;

  if (charset == NULL || *charset == '\0')
    return NULL;
  encoding = gtk_source_encoding_get_from_charset (charset);
  return encoding ? g_strdup (gtk_source_encoding_get_charset (encoding)) : NULL;
}

/* The state kept in group, or NULL when there is no such group. Every value is taken as
 * untrusted (another program, or a damaged disk, may have written it): a value that is not one
 * Threadpad could have written is left out, the rest is kept. */
TpTabState *
tp_tab_state_load_from_key_file (GKeyFile   *key_file,
                                 const char *group)
{
  TpTabState *state;

  g_return_val_if_fail (key_file != NULL, NULL);
  g_return_val_if_fail (group != NULL, NULL);

  if (!g_key_file_has_group (key_file, group))
    return NULL;
  state = tp_tab_state_new ();
  state->line = load_number (key_file, group, TP_TAB_STATE_KEY_LINE, 0, 0);
  state->column = load_number (key_file, group, TP_TAB_STATE_KEY_COLUMN, 0, 0);
  state->top_line = load_number (key_file, group, TP_TAB_STATE_KEY_TOP_LINE, -1, -1);
  state->language = load_language (key_file, group);
  state->spell_language = load_spell_language (key_file, group);
  state->encoding = load_encoding (key_file, group);
  return state;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "spell/tp-dictionary.h"
#include "spell/tp-spell-checker.h"
#include "tp-application.h"
#include "tp-document.h"
#include "tp-gtk-util.h"
#include "tp-status-label.h"
#include "tp-tab.h"
#include "tp-window-private.h"

/* The status bar is redrawn at most this often while a document is being checked. */
#define STATUS_INTERVAL_MS 150

static TpSpellChecker *
active_checker (TpWindow *self)
{
  TpTab *tab = tp_window_get_active_tab (self);
  return tab ? tp_tab_get_spell_checker (tab) : NULL;
}

static gboolean
dictionary_is_broken (TpSpellChecker *checker)
{
  return tp_spell_checker_error_matches (checker, TP_DICTIONARY_ERROR,
                                         TP_DICTIONARY_ERROR_BROKEN);
}

static char *
describe_spelling (TpSpellChecker *checker)
{
  guint count = tp_spell_checker_get_misspelled_count (checker);

  /* The whole story, with the file's name, is in the tooltip: the status bar is short. */
  if (dictionary_is_broken (checker))
    return g_strdup_printf (_("The dictionary “%s” is broken"),
                            tp_spell_service_get_language_name (
                              tp_spell_checker_get_service (checker),
                              tp_spell_checker_get_language (checker)));
  if (tp_spell_checker_get_error (checker) != NULL)
    return g_strdup (tp_spell_checker_get_error (checker));
  if (!tp_spell_checker_get_enabled (checker))
    return g_strdup (_("Spelling not checked"));
  if (tp_spell_checker_get_busy (checker))
    return g_strdup (_("Checking spelling…"));
  if (count == 0)
    return g_strdup (_("No misspelled words"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u misspelled word",
                                       "%u misspelled words", count), count);
}

static void
update_spelling_actions (TpWindow       *self,
                         TpSpellChecker *checker)
{
  GAction *language = g_action_map_lookup_action (G_ACTION_MAP (self), "spell-language");
  GAction *enabled = g_action_map_lookup_action (G_ACTION_MAP (self), "check-spelling");
  const char *code = checker ? tp_spell_checker_get_language (checker) : NULL;

  g_simple_action_set_state (G_SIMPLE_ACTION (language), g_variant_new_string (code ? code : ""));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (language), checker != NULL && code != NULL);
  g_simple_action_set_state (G_SIMPLE_ACTION (enabled),
                             g_variant_new_boolean (checker && tp_spell_checker_get_enabled (checker)));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (enabled), checker != NULL);
}

/* The one place where the spelling part of the status bar is written. */
void
_tp_window_update_spelling (TpWindow *self)
{
  TpSpellChecker *checker = active_checker (self);
  g_autofree char *status = NULL;
  const char *code;

  g_clear_handle_id (&self->spell_status_source, g_source_remove);
  update_spelling_actions (self, checker);
  gtk_widget_set_visible (GTK_WIDGET (self->spell_status_button), checker != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->spell_language_button), checker != NULL);
  if (checker == NULL)
    return;

  status = describe_spelling (checker);
  tp_status_label_set_text (self->spell_status_label, status);
  if (dictionary_is_broken (checker))
    {
      g_autofree char *tooltip = g_strdup_printf (
        _("%s No word is underlined, since none can be checked. Install the dictionary again, "
          "or choose another language."), tp_spell_checker_get_error (checker));

      tp_widget_set_tooltip_if_changed (GTK_WIDGET (self->spell_status_button), tooltip);
    }
  else if (tp_spell_checker_get_error (checker) != NULL)
    tp_widget_set_tooltip_if_changed (GTK_WIDGET (self->spell_status_button),
                                      _("Install a Hunspell dictionary, such as the package "
                                        "hunspell-en-us, then start Threadpad again."));
  else
    tp_widget_set_tooltip_if_changed (GTK_WIDGET (self->spell_status_button),
                                      _("Go to the next misspelled word (F7)"));

  code = tp_spell_checker_get_language (checker);
  tp_label_set_text_if_changed (self->spell_language_label,
                                code ? tp_spell_service_get_language_name (
                                         tp_spell_checker_get_service (checker), code) : "");
}

static gboolean
update_spelling_later (gpointer user_data)
{
  TpWindow *self = user_data;

  self->spell_status_source = 0;
  _tp_window_update_spelling (self);
  return G_SOURCE_REMOVE;
}

/* Counts change thousands of times a second while a big document is checked. */
static void
schedule_spelling_update (TpWindow *self)
{
  if (self->spell_status_source == 0)
    self->spell_status_source = g_timeout_add (STATUS_INTERVAL_MS, update_spelling_later, self);
}

static void
action_spell_language (GSimpleAction *action,
                       GVariant      *state,
                       gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);
  TpTab *tab = tp_window_get_active_tab (self);
  const char *code = g_variant_get_string (state, NULL);

  if (tab == NULL || *code == '\0')
    return;
  /* A choice for a file is remembered for that file (tp_tab_remember ()). A choice for a
   * document that has no file yet is one for new documents too: it becomes the default. */
  tp_tab_choose_spell_language (tab, code);
  if (tp_document_get_location (tp_tab_get_document (tab)) == NULL)
    g_settings_set_string (tp_application_get_settings (TP_APPLICATION_DEFAULT),
                           "spell-language", code);
  _tp_window_update_spelling (self);
}

static void
action_check_spelling (GSimpleAction *action,
                       GVariant      *state,
                       gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);
  TpSpellChecker *checker = active_checker (self);

  if (checker != NULL)
    tp_spell_checker_set_enabled (checker, g_variant_get_boolean (state));
  _tp_window_update_spelling (self);
}

static void
go_to_misspelling (TpWindow *self,
                   gboolean  forward)
{
  TpTab *tab = tp_window_get_active_tab (self);
  GtkTextIter start, end;
  GtkTextBuffer *buffer;

  if (tab == NULL || !tp_spell_checker_find_misspelling (tp_tab_get_spell_checker (tab), forward,
                                                         &start, &end))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  buffer = gtk_text_iter_get_buffer (&start);
  gtk_text_buffer_select_range (buffer, &start, &end);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (tp_tab_get_view (tab)),
                                gtk_text_buffer_get_insert (buffer), 0.1, FALSE, 0, 0);
  gtk_widget_grab_focus (GTK_WIDGET (tp_tab_get_view (tab)));
}

static void
action_next_misspelling (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  go_to_misspelling (TP_WINDOW (user_data), TRUE);
}

static void
action_previous_misspelling (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  go_to_misspelling (TP_WINDOW (user_data), FALSE);
}

static const GActionEntry spelling_actions[] = {
  { "spell-language", NULL, "s", "''", action_spell_language },
  { "check-spelling", NULL, NULL, "true", action_check_spelling },
  { "next-misspelling", action_next_misspelling },
  { "previous-misspelling", action_previous_misspelling },
};

static GMenuModel *
build_language_menu (TpSpellService *service)
{
  GPtrArray *dictionaries = tp_spell_service_get_dictionaries (service);
  g_autoptr(GMenu) languages = g_menu_new ();
  GMenu *menu = g_menu_new ();

  for (guint i = 0; i < dictionaries->len; i++)
    {
      TpDictionaryInfo *info = g_ptr_array_index (dictionaries, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (info->name, NULL);

      g_menu_item_set_action_and_target (item, "win.spell-language", "s", info->code);
      g_menu_append_item (languages, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (languages));
  g_menu_append (menu, _("Check _Spelling"), "win.check-spelling");
  return G_MENU_MODEL (menu);
}

/* The personal dictionary could not be written: the word is accepted for now, but the user
 * must know it will not be remembered. */
static void
on_word_error (TpWindow   *self,
               const char *message)
{
  gtk_label_set_text (self->status_message, message);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_message), message);
}

void
_tp_window_setup_spelling (TpWindow *self)
{
  TpSpellService *service = tp_application_get_spell_service (TP_APPLICATION_DEFAULT);
  g_autoptr(GMenuModel) menu = build_language_menu (service);

  g_action_map_add_action_entries (G_ACTION_MAP (self), spelling_actions,
                                   G_N_ELEMENTS (spelling_actions), self);
  gtk_menu_button_set_menu_model (self->spell_language_button, menu);
  g_signal_connect_object (service, "word-error", G_CALLBACK (on_word_error), self,
                           G_CONNECT_SWAPPED);

  self->spell_signals = g_signal_group_new (TP_TYPE_SPELL_CHECKER);
  g_signal_group_connect_object (self->spell_signals, "notify::misspelled-count",
                                 G_CALLBACK (schedule_spelling_update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->spell_signals, "notify::busy",
                                 G_CALLBACK (schedule_spelling_update), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->spell_signals, "notify::error",
                                 G_CALLBACK (_tp_window_update_spelling), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->spell_signals, "notify::language",
                                 G_CALLBACK (_tp_window_update_spelling), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->spell_signals, "notify::enabled",
                                 G_CALLBACK (_tp_window_update_spelling), self, G_CONNECT_SWAPPED);
}

void
_tp_window_dispose_spelling (TpWindow *self)
{
  g_clear_handle_id (&self->spell_status_source, g_source_remove);
  g_clear_object (&self->spell_signals);
}

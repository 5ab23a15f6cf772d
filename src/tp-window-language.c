/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tp-document.h"
#include "tp-gtk-util.h"
#include "tp-tab.h"
#include "tp-window-private.h"

/* The highlighting language, chosen from the status bar: a popover with a search entry over
 * every language GtkSourceView knows (about 150, too many for a menu), and the win.language
 * action ("" for plain text) that the rows and the tests activate. */

static void
action_language (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  TpTab *tab = tp_window_get_active_tab (TP_WINDOW (user_data));
  const char *id = g_variant_get_string (parameter, NULL);

  if (tab == NULL)
    return;
  if (*id != '\0'
      && gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                   id) == NULL)
    return;
  tp_document_set_language (tp_tab_get_document (tab), id);
}

static const GActionEntry language_actions[] = {
  { "language", action_language, "s" },
};

static GtkWidget *
language_row (const char *id,
              const char *name,
              const char *section)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (name);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 3);
  gtk_widget_set_margin_bottom (label, 3);
  if (section != NULL)
    gtk_widget_set_tooltip_text (label, section);
  gtk_container_add (GTK_CONTAINER (row), label);
  g_object_set_data_full (G_OBJECT (row), "language-id", g_strdup (id), g_free);
  g_object_set_data_full (G_OBJECT (row), "search-text",
                          g_utf8_casefold (section ? section : "", -1), g_free);
  g_object_set_data_full (G_OBJECT (row), "search-name", g_utf8_casefold (name, -1), g_free);
  gtk_widget_show_all (row);
  return row;
}

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  GtkEntry *entry = user_data;
  g_autofree char *wanted = g_utf8_casefold (gtk_entry_get_text (entry), -1);

  return *wanted == '\0'
         || strstr (g_object_get_data (G_OBJECT (row), "search-name"), wanted) != NULL
         || strstr (g_object_get_data (G_OBJECT (row), "search-text"), wanted) != NULL;
}

static void
on_search_changed (GtkSearchEntry *entry,
                   GtkListBox     *list)
{
  gtk_list_box_invalidate_filter (list);
}

static void
on_row_activated (TpWindow      *self,
                  GtkListBoxRow *row,
                  GtkListBox    *list)
{
  g_action_group_activate_action (G_ACTION_GROUP (self), "language",
                                  g_variant_new_string (g_object_get_data (G_OBJECT (row),
                                                                           "language-id")));
  gtk_popover_popdown (gtk_menu_button_get_popover (self->language_button));
}

/* Enter in the search entry takes the first language left. */
static void
on_search_activate (GtkEntry   *entry,
                    GtkListBox *list)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (row == NULL)
        return;
      if (gtk_widget_get_child_visible (GTK_WIDGET (row)))
        {
          g_signal_emit_by_name (list, "row-activated", row);
          return;
        }
    }
}

/* Listing the languages reads every language file GtkSourceView has: done the first time the
 * list is opened, not when a window opens. */
static void
fill_list (GtkListBox *list)
{
  g_autoptr(GPtrArray) languages = tp_get_languages_by_name ();

  gtk_list_box_insert (list, language_row ("", _("Plain Text"), NULL), -1);
  for (guint i = 0; i < languages->len; i++)
    {
      GtkSourceLanguage *language = languages->pdata[i];

      gtk_list_box_insert (list,
                           language_row (gtk_source_language_get_id (language),
                                         gtk_source_language_get_name (language),
                                         gtk_source_language_get_section (language)),
                           -1);
    }
}

/* The list opens with the search empty and the document's language selected. */
static void
on_popover_show (TpWindow   *self,
                 GtkPopover *popover)
{
  GtkEntry *entry = g_object_get_data (G_OBJECT (popover), "search-entry");
  GtkListBox *list = g_object_get_data (G_OBJECT (popover), "list");
  TpTab *tab = tp_window_get_active_tab (self);
  GtkSourceLanguage *language = tab ? gtk_source_buffer_get_language (
                                        tp_document_get_buffer (tp_tab_get_document (tab)))
                                    : NULL;
  const char *id = language ? gtk_source_language_get_id (language) : "";

  if (gtk_list_box_get_row_at_index (list, 0) == NULL)
    fill_list (list);
  gtk_entry_set_text (entry, "");
  gtk_list_box_unselect_all (list);
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, i);

      if (row == NULL)
        break;
      if (g_str_equal (g_object_get_data (G_OBJECT (row), "language-id"), id))
        gtk_list_box_select_row (list, row);
    }
  gtk_widget_grab_focus (GTK_WIDGET (entry));
}

void
_tp_window_setup_language (TpWindow *self)
{
  GtkWidget *popover = gtk_popover_new (GTK_WIDGET (self->language_button));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_search_entry_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new (NULL, NULL);
  GtkWidget *list = gtk_list_box_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), language_actions,
                                   G_N_ELEMENTS (language_actions), self);

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Find a language"));
  atk_object_set_name (gtk_widget_get_accessible (entry), _("Find a language"));
  atk_object_set_name (gtk_widget_get_accessible (list), _("Highlighting languages"));
  gtk_list_box_set_filter_func (GTK_LIST_BOX (list), filter_row, entry, NULL);
  gtk_list_box_set_activate_on_single_click (GTK_LIST_BOX (list), TRUE);
  g_signal_connect_object (entry, "search-changed", G_CALLBACK (on_search_changed), list, 0);
  g_signal_connect_object (entry, "activate", G_CALLBACK (on_search_activate), list, 0);
  g_signal_connect_object (list, "row-activated", G_CALLBACK (on_row_activated), self,
                           G_CONNECT_SWAPPED);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 320);
  gtk_container_add (GTK_CONTAINER (scrolled), list);
  gtk_container_add (GTK_CONTAINER (box), entry);
  gtk_container_add (GTK_CONTAINER (box), scrolled);
  gtk_container_set_border_width (GTK_CONTAINER (box), 6);
  gtk_widget_show_all (box);
  gtk_container_add (GTK_CONTAINER (popover), box);
  g_object_set_data (G_OBJECT (popover), "search-entry", entry);
  g_object_set_data (G_OBJECT (popover), "list", list);
  g_signal_connect_object (popover, "show", G_CALLBACK (on_popover_show), self,
                           G_CONNECT_SWAPPED);
  gtk_menu_button_set_popover (self->language_button, popover);
}

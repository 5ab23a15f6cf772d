/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-preferences-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-application.h"
#include "tp-preferences-dialog.h"

struct _TpPreferencesDialog
{
  GtkWindow  parent_instance;

  GtkWidget *font_button;
  GtkWidget *wrap_switch;
  GtkWidget *line_numbers_switch;
  GtkWidget *current_line_switch;
  GtkWidget *right_margin_switch;
  GtkWidget *right_margin_spin;
  GtkWidget *whitespace_switch;
  GtkWidget *brackets_switch;
  GtkWidget *color_style_combo;
  GtkWidget *scheme_combo;
  GtkWidget *tab_width_spin;
  GtkWidget *spaces_switch;
  GtkWidget *spell_switch;
  GtkWidget *autosave_switch;
  GtkWidget *autosave_interval_spin;
  GtkWidget *restore_session_switch;
  GtkWidget *quit_without_asking_switch;
};

G_DEFINE_FINAL_TYPE (TpPreferencesDialog, tp_preferences_dialog, GTK_TYPE_WINDOW)

static gboolean
only_monospace_fonts (const PangoFontFamily *family,
                      const PangoFontFace   *face,
                      gpointer               user_data)
{
  return pango_font_family_is_monospace ((PangoFontFamily *) family);
}

static gboolean
on_key_press (GtkWidget   *widget,
              GdkEventKey *event)
{
  if (event->keyval == GDK_KEY_Escape)
    {
      gtk_window_close (GTK_WINDOW (widget));
      return GDK_EVENT_STOP;
    }
  return GTK_WIDGET_CLASS (tp_preferences_dialog_parent_class)->key_press_event (widget, event);
}

static void
tp_preferences_dialog_class_init (TpPreferencesDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->key_press_event = on_key_press;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_RESOURCE_PATH "tp-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, font_button);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, wrap_switch);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, line_numbers_switch);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, current_line_switch);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, right_margin_switch);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, right_margin_spin);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, whitespace_switch);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, brackets_switch);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, color_style_combo);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, scheme_combo);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, tab_width_spin);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, spaces_switch);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, spell_switch);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, autosave_switch);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, autosave_interval_spin);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog, restore_session_switch);
  gtk_widget_class_bind_template_child (widget_class, TpPreferencesDialog,
                                        quit_without_asking_switch);
}

/* GtkSourceView's colour schemes, by name; "" is the one that goes with light or dark. */
static void
fill_schemes (GtkComboBoxText *combo)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  const char *const *ids = gtk_source_style_scheme_manager_get_scheme_ids (manager);

  gtk_combo_box_text_append (combo, "", _("As light or dark asks"));
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    gtk_combo_box_text_append (
      combo, ids[i],
      gtk_source_style_scheme_get_name (gtk_source_style_scheme_manager_get_scheme (manager,
                                                                                    ids[i])));
}

static void
tp_preferences_dialog_init (TpPreferencesDialog *self)
{
  GSettings *settings = tp_application_get_settings (TP_APPLICATION_DEFAULT);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_font_chooser_set_filter_func (GTK_FONT_CHOOSER (self->font_button), only_monospace_fonts,
                                    NULL, NULL);
  g_settings_bind (settings, "font", self->font_button, "font", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "wrap-text", self->wrap_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "show-line-numbers", self->line_numbers_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "highlight-current-line", self->current_line_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "show-right-margin", self->right_margin_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "right-margin-position", self->right_margin_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "show-right-margin", self->right_margin_spin, "sensitive",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "show-whitespace", self->whitespace_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "highlight-matching-brackets", self->brackets_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "color-style", self->color_style_combo, "active-id",
                   G_SETTINGS_BIND_DEFAULT);
  fill_schemes (GTK_COMBO_BOX_TEXT (self->scheme_combo));
  g_settings_bind (settings, "style-scheme", self->scheme_combo, "active-id",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "tab-width", self->tab_width_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "insert-spaces", self->spaces_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "spell-check", self->spell_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "autosave", self->autosave_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "autosave-interval", self->autosave_interval_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "autosave", self->autosave_interval_spin, "sensitive",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "restore-session", self->restore_session_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "quit-without-asking", self->quit_without_asking_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  /* Without a session to restore, there is no next start to keep the text for. */
  g_settings_bind (settings, "restore-session", self->quit_without_asking_switch, "sensitive",
                   G_SETTINGS_BIND_GET);
}

GtkWidget *
tp_preferences_dialog_new (GtkWindow *parent)
{
  return g_object_new (TP_TYPE_PREFERENCES_DIALOG,
                       "transient-for", parent,
                       "application", gtk_window_get_application (parent),
                       NULL);
}

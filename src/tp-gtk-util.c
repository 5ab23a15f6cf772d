/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-gtk-util"

#include "config.h"

#include "tp-gtk-util.h"

/* Status text is refreshed far more often than it changes. GtkLabel resizes the whole window on
 * every gtk_label_set_text(), even to the same text, and the next frame then has to wait for
 * that: keys typed meanwhile are painted late. These setters touch a widget only when what it
 * shows is different. */

void
tp_label_set_text_if_changed (GtkLabel   *label,
                              const char *text)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  if (g_strcmp0 (gtk_label_get_text (label), text ? text : "") != 0)
    gtk_label_set_text (label, text);
}

/* gtk_widget_set_tooltip_text() asks the X server where the pointer is, a round trip. */
void
tp_widget_set_tooltip_if_changed (GtkWidget  *widget,
                                  const char *text)
{
  g_autofree char *current = NULL;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  current = gtk_widget_get_tooltip_text (widget);
  if (g_strcmp0 (current, text) != 0)
    gtk_widget_set_tooltip_text (widget, text);
}

/* Gives @widget the one style class of @classes (NULL-terminated) that is @wanted, and none of
 * the others; restyling is skipped when it already has exactly that. */
void
tp_widget_set_style_class_if_changed (GtkWidget          *widget,
                                      const char * const *classes,
                                      const char         *wanted)
{
  GtkStyleContext *style;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  style = gtk_widget_get_style_context (widget);
  for (guint i = 0; classes[i] != NULL; i++)
    {
      gboolean want = g_strcmp0 (classes[i], wanted) == 0;

      if (gtk_style_context_has_class (style, classes[i]) != want)
        {
          if (want)
            gtk_style_context_add_class (style, classes[i]);
          else
            gtk_style_context_remove_class (style, classes[i]);
        }
    }
}

static int
compare_language_names (gconstpointer a,
                        gconstpointer b)
{
  return g_utf8_collate (gtk_source_language_get_name (*(GtkSourceLanguage **) a),
                         gtk_source_language_get_name (*(GtkSourceLanguage **) b));
}

/* The languages GtkSourceView offers (not the hidden ones), sorted by name; the array is the
 * caller's, the languages the manager's. */
GPtrArray *
tp_get_languages_by_name (void)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  const char *const *ids = gtk_source_language_manager_get_language_ids (manager);
  GPtrArray *languages = g_ptr_array_new ();

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      GtkSourceLanguage *language = gtk_source_language_manager_get_language (manager, ids[i]);

      if (!gtk_source_language_get_hidden (language))
        g_ptr_array_add (languages, language);
    }
  g_ptr_array_sort (languages, compare_language_names);
  return languages;
}

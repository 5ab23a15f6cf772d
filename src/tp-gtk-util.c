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

/* ---- a text view that grows ---- */

#define GROWN_HEIGHT_KEY "tp-text-view-height"
#define RELAYOUT_TAG_NAME "tp-relayout"

/* GtkTextView (GTK 3) lays out the lines on screen when the text changes or scrolls, and the
 * rest bit by bit in an idle; a line not laid out yet has no height. When the view grows, it
 * lays out nothing more: it then draws every line from the top of the area to draw to the end
 * of what it has laid out and, since the area reaches past that, to the end of the buffer
 * (gtk_text_layout_get_lines ()). Growing by 40 pixels while a 17 MB file was read in (the
 * message about the load going away) made one draw lay out all 343,290 lines: 20 to 60 s of a
 * frozen window. Changing how a line is laid out makes the view lay out what is on screen again,
 * for its new size, before it draws: a tag that would change the lines' size (but is never seen,
 * being removed at once) on the first character in sight does that for one line's cost. */
static void
on_text_view_size_allocate (GtkTextView   *view,
                            GtkAllocation *allocation)
{
  int previous = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (view), GROWN_HEIGHT_KEY));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextTag *tag;
  GdkRectangle visible;
  GtkTextIter start, end;

  g_object_set_data (G_OBJECT (view), GROWN_HEIGHT_KEY, GINT_TO_POINTER (allocation->height));
  if (allocation->height <= previous || previous == 0 || buffer == NULL)
    return;
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), RELAYOUT_TAG_NAME);
  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, RELAYOUT_TAG_NAME, "rise", 0, NULL);
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_iter_at_location (view, &start, visible.x, visible.y);
  end = start;
  if (!gtk_text_iter_forward_char (&end))
    return;
  gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
  gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
}

/* Makes view lay out the lines it comes to show when it grows, before it draws them. */
void
tp_text_view_lay_out_when_grown (GtkTextView *view)
{
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));
  g_signal_connect (view, "size-allocate", G_CALLBACK (on_text_view_size_allocate), NULL);
}

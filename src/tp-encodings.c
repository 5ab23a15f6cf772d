/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-encodings"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-encodings.h"

#define CHOICE_ID "encoding"
#define AUTOMATIC "automatic"

/* The encodings offered to read or write a file in: the ones text files are found in most,
 * the locale's own, and the document's, whatever it is. GtkSourceView names each one. */
static const char *const offered_charsets[] = {
  "UTF-8", "UTF-16", "WINDOWS-1252", "ISO-8859-1", "ISO-8859-15", "WINDOWS-1250", "ISO-8859-2",
  "WINDOWS-1251", "KOI8-R", "WINDOWS-1253", "WINDOWS-1254", "WINDOWS-1256", "SHIFT_JIS",
  "EUC-JP", "GB18030", "BIG5", "EUC-KR",
};

static void
add_once (GPtrArray               *encodings,
          const GtkSourceEncoding *encoding)
{
  if (encoding != NULL && !g_ptr_array_find (encodings, encoding, NULL))
    g_ptr_array_add (encodings, (gpointer) encoding);
}

/* current (may be NULL) comes first. */
GPtrArray *
tp_encodings_offered (const GtkSourceEncoding *current)
{
  GPtrArray *encodings = g_ptr_array_new ();

  add_once (encodings, current);
  for (guint i = 0; i < G_N_ELEMENTS (offered_charsets); i++)
    add_once (encodings, gtk_source_encoding_get_from_charset (offered_charsets[i]));
  add_once (encodings, gtk_source_encoding_get_current ());
  return encodings;
}

/* Adds an encoding list to a file chooser: with the encoding to save in selected, or, when
 * selected is NULL (opening), with "automatically detected" first and chosen. */
void
tp_encodings_add_chooser_choice (GtkFileChooser          *chooser,
                                 const GtkSourceEncoding *selected)
{
  g_autoptr(GPtrArray) encodings = tp_encodings_offered (selected);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  if (selected == NULL)
    {
      g_ptr_array_add (ids, g_strdup (AUTOMATIC));
      g_ptr_array_add (labels, g_strdup (_("Automatically Detected")));
    }
  for (guint i = 0; i < encodings->len; i++)
    {
      g_ptr_array_add (ids, g_strdup (gtk_source_encoding_get_charset (encodings->pdata[i])));
      g_ptr_array_add (labels, gtk_source_encoding_to_string (encodings->pdata[i]));
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, NULL);
  gtk_file_chooser_add_choice (chooser, CHOICE_ID, _("Character encoding:"),
                               (const char **) ids->pdata, (const char **) labels->pdata);
  gtk_file_chooser_set_choice (chooser, CHOICE_ID, ids->pdata[0]);
}

/* The encoding chosen, or NULL for "automatically detected". */
const GtkSourceEncoding *
tp_encodings_get_chooser_choice (GtkFileChooser *chooser)
{
  const char *charset = gtk_file_chooser_get_choice (chooser, CHOICE_ID);

  if (charset == NULL || g_str_equal (charset, AUTOMATIC))
    return NULL;
  return gtk_source_encoding_get_from_charset (charset);
}

/* Fills menu (once) with one item an encoding, activating action with the charset's name. */
void
tp_encodings_fill_menu (GMenu      *menu,
                        const char *action)
{
  g_autoptr(GPtrArray) encodings = NULL;

  if (g_menu_model_get_n_items (G_MENU_MODEL (menu)) > 0)
    return;
  encodings = tp_encodings_offered (NULL);
  for (guint i = 0; i < encodings->len; i++)
    {
      g_autofree char *label = gtk_source_encoding_to_string (encodings->pdata[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target_value (
        item, action, g_variant_new_string (gtk_source_encoding_get_charset (encodings->pdata[i])));
      g_menu_append_item (menu, item);
    }
}

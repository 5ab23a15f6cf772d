/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-application.h"
#include "tp-demo.h"
#include "tp-document.h"
#include "tp-encodings.h"
#include "tp-file-messages.h"
#include "tp-gtk-util.h"
#include "tp-find-bar.h"
#include "tp-print.h"
#include "tp-statistics-dialog.h"
#include "tp-tab.h"
#include "tp-view.h"
#include "tp-window-private.h"

#define ZOOM_STEP 10

static GtkSourceBuffer *
active_buffer (TpWindow *self)
{
  TpTab *tab = tp_window_get_active_tab (self);
  return tab ? tp_document_get_buffer (tp_tab_get_document (tab)) : NULL;
}

static void
action_new_document (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  TpTab *tab = tp_window_new_tab (TP_WINDOW (user_data));
  gtk_widget_grab_focus (GTK_WIDGET (tp_tab_get_view (tab)));
}

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  TpWindow        *self)
{
  g_autoptr(GSList) files = NULL;

  const GtkSourceEncoding *encoding = tp_encodings_get_chooser_choice (GTK_FILE_CHOOSER (dialog));

  if (response == GTK_RESPONSE_ACCEPT)
    files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
  for (GSList *l = files; l != NULL; l = l->next)
    {
      TpLocation location = { .file = l->data };

      location.charset = (char *) (encoding ? gtk_source_encoding_get_charset (encoding) : NULL);
      tp_window_open_location (self, &location);
    }
  g_slist_free_full (g_steal_pointer (&files), g_object_unref);
  g_object_unref (dialog);
}

static void
set_chooser_folder (GtkFileChooser *chooser,
                    TpWindow       *self)
{
  TpTab *tab = tp_window_get_active_tab (self);
  GFile *location = tab ? tp_document_get_location (tp_tab_get_document (tab)) : NULL;
  g_autoptr(GFile) folder = location ? g_file_get_parent (location) : NULL;

  if (folder != NULL)
    gtk_file_chooser_set_current_folder_file (chooser, folder, NULL);
}

/* All files (the default: nothing is hidden), all text files, and one filter per language
 * GtkSourceView knows, by its file names and types, as gedit has them. */
static void
add_file_filters (GtkFileChooser *chooser)
{
  g_autoptr(GPtrArray) languages = tp_get_languages_by_name ();
  GtkFileFilter *all = gtk_file_filter_new ();
  GtkFileFilter *text = gtk_file_filter_new ();

  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_filter_set_name (text, _("All Text Files"));
  gtk_file_filter_add_mime_type (text, "text/*");

  gtk_file_chooser_add_filter (chooser, all);
  gtk_file_chooser_add_filter (chooser, text);
  for (guint i = 0; i < languages->len; i++)
    {
      GtkSourceLanguage *language = languages->pdata[i];
      g_auto(GStrv) globs = gtk_source_language_get_globs (language);
      g_auto(GStrv) types = gtk_source_language_get_mime_types (language);
      GtkFileFilter *filter;

      if (globs == NULL && types == NULL)
        continue;
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, gtk_source_language_get_name (language));
      for (guint j = 0; globs != NULL && globs[j] != NULL; j++)
        {
          gtk_file_filter_add_pattern (filter, globs[j]);
          gtk_file_filter_add_pattern (text, globs[j]);
        }
      for (guint j = 0; types != NULL && types[j] != NULL; j++)
        {
          gtk_file_filter_add_mime_type (filter, types[j]);
          gtk_file_filter_add_mime_type (text, types[j]);
        }
      gtk_file_chooser_add_filter (chooser, filter);
    }
  gtk_file_chooser_set_filter (chooser, all);
}

static void
action_open (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open Files"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_file_chooser_set_local_only (GTK_FILE_CHOOSER (dialog), FALSE);
  tp_encodings_add_chooser_choice (GTK_FILE_CHOOSER (dialog), NULL);
  add_file_filters (GTK_FILE_CHOOSER (dialog));
  set_chooser_folder (GTK_FILE_CHOOSER (dialog), self);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_open_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Saving a tab: asks for a place first when the document has none (or when asked to), then
 * writes it. The result is TRUE when the text reached the disk. */
typedef struct
{
  TpTab *tab;
  /* The encoding and line end chosen in the Save As dialog; NULL for the document's own. */
  const GtkSourceEncoding *encoding;
  const char              *line_end;
} SaveRequest;

#define LINE_END_CHOICE "line-end"

/* The line ends a file is saved with, chosen in the Save As dialog; the document's own first. */
static void
add_line_end_choice (GtkFileChooser *chooser,
                     TpDocument     *document)
{
  static const char *const ids[] = { "lf", "crlf", "cr", NULL };
  const char *labels[] = { _("Unix and macOS (LF)"), _("Windows (CR LF)"),
                           _("Classic Mac OS (CR)"), NULL };
  const char *own = tp_document_get_line_end (document);

  gtk_file_chooser_add_choice (chooser, LINE_END_CHOICE, _("Line endings:"),
                               (const char **) ids, labels);
  gtk_file_chooser_set_choice (chooser, LINE_END_CHOICE,
                               g_str_equal (own, "\r\n") ? "crlf"
                               : g_str_equal (own, "\r") ? "cr" : "lf");
}

static const char *
get_line_end_choice (GtkFileChooser *chooser)
{
  const char *id = gtk_file_chooser_get_choice (chooser, LINE_END_CHOICE);

  if (id == NULL)
    return NULL;
  if (g_str_equal (id, "crlf"))
    return "\r\n";
  return g_str_equal (id, "cr") ? "\r" : "\n";
}

static void
save_request_free (SaveRequest *request)
{
  g_clear_object (&request->tab);
  g_free (request);
}

static void
on_tab_saved (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  g_task_return_boolean (task, tp_tab_save_finish (TP_TAB (source), result, &error));
}

static void
on_save_as_response (GtkNativeDialog *dialog,
                     int              response,
                     GTask           *task)
{
  SaveRequest *request = g_task_get_task_data (task);
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      request->encoding = tp_encodings_get_chooser_choice (GTK_FILE_CHOOSER (dialog));
      request->line_end = get_line_end_choice (GTK_FILE_CHOOSER (dialog));
    }
  g_object_unref (dialog);

  if (file == NULL)
    {
      g_task_return_boolean (task, FALSE);
      g_object_unref (task);
      return;
    }
  tp_tab_save_async (request->tab, file, request->encoding, request->line_end, on_tab_saved,
                     task);
}

static void
ask_save_location (TpWindow *self,
                   GTask    *task)
{
  SaveRequest *request = g_task_get_task_data (task);
  TpDocument *document = tp_tab_get_document (request->tab);
  GFile *location = tp_document_get_location (document);
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Save As"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_do_overwrite_confirmation (GTK_FILE_CHOOSER (dialog), TRUE);
  gtk_file_chooser_set_local_only (GTK_FILE_CHOOSER (dialog), FALSE);
  tp_encodings_add_chooser_choice (
    GTK_FILE_CHOOSER (dialog),
    gtk_source_encoding_get_from_charset (tp_document_get_encoding_name (document)));
  add_line_end_choice (GTK_FILE_CHOOSER (dialog), document);
  if (location != NULL)
    gtk_file_chooser_set_file (GTK_FILE_CHOOSER (dialog), location, NULL);
  else
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog),
                                       tp_document_get_title (document));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_as_response), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

void
_tp_window_save_tab (TpWindow            *self,
                     TpTab               *tab,
                     gboolean             ask_location,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  SaveRequest *request = g_new0 (SaveRequest, 1);

  request->tab = g_object_ref (tab);
  g_task_set_task_data (task, request, (GDestroyNotify) save_request_free);

  if (ask_location || tp_document_get_location (tp_tab_get_document (tab)) == NULL)
    ask_save_location (self, task);
  else
    tp_tab_save_async (tab, NULL, NULL, NULL, on_tab_saved, task);
}

gboolean
_tp_window_save_tab_finish (TpWindow     *self,
                            GAsyncResult *result)
{
  return g_task_propagate_boolean (G_TASK (result), NULL);
}

static void
action_save (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);
  TpTab *tab = tp_window_get_active_tab (self);

  if (tab != NULL)
    _tp_window_save_tab (self, tab, FALSE, NULL, NULL);
}

static void
action_save_as (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);
  TpTab *tab = tp_window_get_active_tab (self);

  if (tab != NULL)
    _tp_window_save_tab (self, tab, TRUE, NULL, NULL);
}

static void
action_close_document (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);
  TpTab *tab = tp_window_get_active_tab (self);

  if (tab != NULL)
    tp_window_close_tab (self, tab);
}

static void
action_undo (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkSourceBuffer *buffer = active_buffer (TP_WINDOW (user_data));

  if (buffer != NULL && gtk_source_buffer_can_undo (buffer))
    gtk_source_buffer_undo (buffer);
}

static void
action_redo (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkSourceBuffer *buffer = active_buffer (TP_WINDOW (user_data));

  if (buffer != NULL && gtk_source_buffer_can_redo (buffer))
    gtk_source_buffer_redo (buffer);
}

static void
emit_on_view (TpWindow   *self,
              const char *signal_name)
{
  TpTab *tab = tp_window_get_active_tab (self);

  if (tab != NULL)
    g_signal_emit_by_name (tp_tab_get_view (tab), signal_name);
}

static void
action_cut (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  emit_on_view (TP_WINDOW (user_data), "cut-clipboard");
}

static void
action_copy (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  emit_on_view (TP_WINDOW (user_data), "copy-clipboard");
}

static void
action_paste (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  emit_on_view (TP_WINDOW (user_data), "paste-clipboard");
}

static void
action_select_all (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TpTab *tab = tp_window_get_active_tab (TP_WINDOW (user_data));

  if (tab != NULL)
    g_signal_emit_by_name (tp_tab_get_view (tab), "select-all", TRUE);
}

static void
action_find (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);

  if (tp_window_get_active_tab (self) != NULL)
    tp_find_bar_open (self->find_bar, FALSE);
}

static void
action_find_replace (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);

  if (tp_window_get_active_tab (self) != NULL)
    tp_find_bar_open (self->find_bar, TRUE);
}

static void
action_find_next (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  tp_find_bar_find_next (TP_WINDOW (user_data)->find_bar);
}

static void
action_find_previous (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  tp_find_bar_find_previous (TP_WINDOW (user_data)->find_bar);
}

static void
action_go_to_line (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);

  if (tp_window_get_active_tab (self) != NULL)
    gtk_popover_popup (self->goto_popover);
}

static void
action_zoom_in (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);
  _tp_window_set_zoom (self, self->zoom + ZOOM_STEP);
}

static void
action_zoom_out (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);
  _tp_window_set_zoom (self, self->zoom - ZOOM_STEP);
}

static void
action_zoom_reset (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  _tp_window_set_zoom (TP_WINDOW (user_data), 100);
}

static void
action_next_tab (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkNotebook *notebook = TP_WINDOW (user_data)->notebook;
  int n = gtk_notebook_get_n_pages (notebook);

  if (n > 0)
    gtk_notebook_set_current_page (notebook, (gtk_notebook_get_current_page (notebook) + 1) % n);
}

static void
action_previous_tab (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkNotebook *notebook = TP_WINDOW (user_data)->notebook;
  int n = gtk_notebook_get_n_pages (notebook);

  if (n > 0)
    gtk_notebook_set_current_page (notebook, (gtk_notebook_get_current_page (notebook) + n - 1) % n);
}

static void
build_demo_document (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  g_task_return_pointer (task, tp_demo_document_build (TP_DEMO_DOCUMENT_SIZE),
                         (GDestroyNotify) g_bytes_unref);
}

static void
on_demo_document_built (GObject      *source_object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  TpWindow *self = TP_WINDOW (source_object);
  g_autoptr(GBytes) text = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(GInputStream) stream = NULL;
  TpTab *tab;

  /* Closed while the text was being built. */
  if (gtk_window_get_application (GTK_WINDOW (self)) == NULL)
    return;

  stream = g_memory_input_stream_new_from_bytes (text);
  tab = tp_window_open_stream (self, stream);
  gtk_widget_grab_focus (GTK_WIDGET (tp_tab_get_view (tab)));
}

/* Building several megabytes of text takes a tenth of a second: not on the main thread. */
static void
action_open_demo (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  g_autoptr(GTask) task = g_task_new (user_data, NULL, on_demo_document_built, NULL);

  g_task_set_source_tag (task, action_open_demo);
  g_task_run_in_thread (task, build_demo_document);
}

static void
on_reload_confirmed (GtkDialog *dialog,
                     int        response,
                     TpTab     *tab)
{
  const GtkSourceEncoding *encoding = g_object_get_data (G_OBJECT (dialog), "encoding");

  gtk_widget_destroy (GTK_WIDGET (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    tp_tab_reload (tab, encoding);
}

/* Reads the active document's file again, in encoding (NULL: in the one its bytes say);
 * unsaved changes are lost then, so the user is asked first, with question and button. */
static void
reload_active (TpWindow                *self,
               const GtkSourceEncoding *encoding,
               const char              *question,
               const char              *button)
{
  TpTab *tab = tp_window_get_active_tab (self);
  GtkWidget *dialog;

  if (tab == NULL || tp_document_get_location (tp_tab_get_document (tab)) == NULL)
    return;
  if (!tp_document_get_modified (tp_tab_get_document (tab)))
    {
      tp_tab_reload (tab, encoding);
      return;
    }

  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE, "%s", question);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("The file is read again from the disk: your unsaved "
                                              "changes are lost."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          button, GTK_RESPONSE_ACCEPT, NULL);
  g_object_set_data (G_OBJECT (dialog), "encoding", (gpointer) encoding);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reload_confirmed), tab, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Reads the active document's file again in the encoding named by the parameter. */
static void
action_reopen_with_encoding (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);
  TpTab *tab = tp_window_get_active_tab (self);
  const GtkSourceEncoding *encoding =
    gtk_source_encoding_get_from_charset (g_variant_get_string (parameter, NULL));
  g_autofree char *name = NULL;
  g_autofree char *question = NULL;

  if (tab == NULL || encoding == NULL)
    return;
  name = gtk_source_encoding_to_string (encoding);
  question = g_strdup_printf (_("Reopen “%s” as %s?"),
                              tp_document_get_title (tp_tab_get_document (tab)), name);
  reload_active (self, encoding, question, _("_Reopen"));
}

/* File → Reload: the file as it is on the disk now, in the encoding its bytes say. */
static void
action_reload (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);
  TpTab *tab = tp_window_get_active_tab (self);
  g_autofree char *question = NULL;

  if (tab == NULL)
    return;
  question = g_strdup_printf (_("Reload “%s”?"), tp_document_get_title (tp_tab_get_document (tab)));
  reload_active (self, NULL, question, _("_Reload"));
}

/* The state is what was asked; the window manager's answer (on_window_state_event ()) has the
 * last word. */
static void
action_fullscreen (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  g_simple_action_set_state (action, state);
  if (g_variant_get_boolean (state))
    gtk_window_fullscreen (GTK_WINDOW (user_data));
  else
    gtk_window_unfullscreen (GTK_WINDOW (user_data));
}

/* Alt+1 to Alt+9: the tab of that number, from 1. */
static void
action_switch_to_tab (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);
  int number = g_variant_get_int32 (parameter);

  if (number >= 1 && number <= gtk_notebook_get_n_pages (self->notebook))
    gtk_notebook_set_current_page (self->notebook, number - 1);
}

static void
on_other_tabs_closed (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  _tp_window_close_tabs_finish (TP_WINDOW (source), result);
}

/* Closes every tab but the active one, asking about unsaved changes as closing each would. */
static void
action_close_other_tabs (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);
  TpTab *active = tp_window_get_active_tab (self);
  GList *others = tp_window_get_tabs (self);

  others = g_list_remove (others, active);
  if (others == NULL || self->closing)
    {
      g_list_free (others);
      return;
    }
  _tp_window_close_tabs_async (self, others, on_other_tabs_closed, NULL);
  g_list_free (others);
}

/* The active tab goes to a window of its own, with its text, undo history and recovery. */
static void
action_move_to_new_window (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);
  TpTab *tab = tp_window_get_active_tab (self);
  TpWindow *window;

  if (tab == NULL || gtk_notebook_get_n_pages (self->notebook) < 2)
    return;
  window = tp_window_new (TP_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  tp_window_adopt_tab (window, tab);
  gtk_window_present (GTK_WINDOW (window));
}

static void
action_statistics (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TpWindow *self = TP_WINDOW (user_data);
  TpTab *tab = tp_window_get_active_tab (self);

  if (tab != NULL)
    gtk_window_present (GTK_WINDOW (tp_statistics_dialog_new (GTK_WINDOW (self),
                                                              tp_tab_get_document (tab))));
}

static void
print_active (TpWindow                *self,
              GtkPrintOperationAction  action)
{
  TpTab *tab = tp_window_get_active_tab (self);
  g_autoptr(GError) error = NULL;

  if (tab == NULL)
    return;
  if (tp_print_document (GTK_WINDOW (self), tp_tab_get_document (tab),
                         GTK_SOURCE_VIEW (tp_tab_get_view (tab)), action, NULL, &error)
      == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *message = g_strdup_printf (_("Could not print “%s”: %s"),
                                                  tp_document_get_title (tp_tab_get_document (tab)),
                                                  error ? error->message : "");

      tp_tab_show_error (tab, message);
    }
}

static void
action_print (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  print_active (user_data, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG);
}

static void
action_print_preview (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  print_active (user_data, GTK_PRINT_OPERATION_ACTION_PREVIEW);
}

static const GActionEntry window_actions[] = {
  { "new-document", action_new_document },
  { "open", action_open },
  { "save", action_save },
  { "save-as", action_save_as },
  { "close-document", action_close_document },
  { "undo", action_undo },
  { "redo", action_redo },
  { "cut", action_cut },
  { "copy", action_copy },
  { "paste", action_paste },
  { "select-all", action_select_all },
  { "find", action_find },
  { "find-replace", action_find_replace },
  { "find-next", action_find_next },
  { "find-previous", action_find_previous },
  { "go-to-line", action_go_to_line },
  { "zoom-in", action_zoom_in },
  { "zoom-out", action_zoom_out },
  { "zoom-reset", action_zoom_reset },
  { "next-tab", action_next_tab },
  { "previous-tab", action_previous_tab },
  { "open-demo", action_open_demo },
  { "reopen-with-encoding", action_reopen_with_encoding, "s" },
  { "reload", action_reload },
  { "statistics", action_statistics },
  { "print", action_print },
  { "print-preview", action_print_preview },
  { "fullscreen", NULL, NULL, "false", action_fullscreen },
  { "switch-to-tab", action_switch_to_tab, "i" },
  { "close-other-tabs", action_close_other_tabs },
  { "move-to-new-window", action_move_to_new_window },
};

/* The window manager may leave full screen on its own: the action's state follows. */
static gboolean
on_window_state_event (TpWindow            *self,
                       GdkEventWindowState *event)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "fullscreen");
  gboolean fullscreen = (event->new_window_state & GDK_WINDOW_STATE_FULLSCREEN) != 0;

  if (event->changed_mask & GDK_WINDOW_STATE_FULLSCREEN)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (fullscreen));
  return GDK_EVENT_PROPAGATE;
}

void
_tp_window_add_actions (TpWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_actions,
                                   G_N_ELEMENTS (window_actions), self);
  g_signal_connect (self, "window-state-event", G_CALLBACK (on_window_state_event), NULL);
  _tp_window_add_line_actions (self);
}

static void
set_enabled (TpWindow   *self,
             const char *name,
             gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* The one place where the window's actions are enabled or disabled. */
void
_tp_window_update_actions (TpWindow *self)
{
  static const char *const need_tab[] = {
    "save-as", "close-document", "cut", "copy", "paste", "select-all", "find", "find-replace",
    "find-next", "find-previous", "go-to-line", "statistics", "print", "print-preview",
  };
  TpTab *tab = tp_window_get_active_tab (self);
  TpDocument *document = tab ? tp_tab_get_document (tab) : NULL;
  GtkSourceBuffer *buffer = document ? tp_document_get_buffer (document) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (need_tab); i++)
    set_enabled (self, need_tab[i], tab != NULL);
  set_enabled (self, "save", document != NULL && !tp_document_get_busy (document));
  set_enabled (self, "reopen-with-encoding",
               document != NULL && tp_document_get_location (document) != NULL
               && !tp_document_get_busy (document));
  set_enabled (self, "reload",
               document != NULL && tp_document_get_location (document) != NULL
               && !tp_document_get_busy (document));
  set_enabled (self, "close-other-tabs", gtk_notebook_get_n_pages (self->notebook) > 1);
  set_enabled (self, "move-to-new-window", gtk_notebook_get_n_pages (self->notebook) > 1);
  /* Not while a file is read in: the text is the file's then (see refuse_user_edit ()). */
  set_enabled (self, "undo", buffer != NULL && gtk_source_buffer_can_undo (buffer)
                               && !tp_document_get_loading (document));
  set_enabled (self, "redo", buffer != NULL && gtk_source_buffer_can_redo (buffer)
                               && !tp_document_get_loading (document));
  set_enabled (self, "zoom-in", self->zoom < TP_VIEW_ZOOM_MAX);
  set_enabled (self, "zoom-out", self->zoom > TP_VIEW_ZOOM_MIN);
  set_enabled (self, "zoom-reset", self->zoom != 100);
  set_enabled (self, "next-tab", gtk_notebook_get_n_pages (self->notebook) > 1);
  set_enabled (self, "previous-tab", gtk_notebook_get_n_pages (self->notebook) > 1);
  _tp_window_update_line_actions (self);
}

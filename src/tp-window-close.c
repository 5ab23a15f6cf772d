/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-document.h"
#include "tp-tab.h"
#include "tp-window-private.h"

/* Closing tabs one after the other, asking about each modified one; the whole request stops
 * (and returns FALSE) as soon as the user cancels or a save fails, so nothing unsaved is lost. */
typedef struct
{
  GQueue tabs;
} CloseRequest;

static void
close_request_free (CloseRequest *request)
{
  g_queue_clear_full (&request->tabs, g_object_unref);
  g_free (request);
}

static void close_next_tab (GTask *task);

static void
on_busy_before_close (TpDocument *document,
                      GParamSpec *pspec,
                      GTask      *task)
{
  if (tp_document_get_busy (document) && !tp_document_get_loading (document))
    return;
  g_signal_handlers_disconnect_by_func (document, on_busy_before_close, task);
  close_next_tab (task);
}

static void
finish_current_tab (GTask *task)
{
  TpWindow *self = g_task_get_source_object (task);
  CloseRequest *request = g_task_get_task_data (task);
  g_autoptr(TpTab) tab = g_queue_pop_head (&request->tabs);

  _tp_window_remove_tab (self, tab);
  close_next_tab (task);
}

static void
on_saved_before_close (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GTask *task = user_data;

  /* The tab is looked at again: text typed during the save is not in it, and is asked
   * about anew. */
  if (_tp_window_save_tab_finish (TP_WINDOW (source), result))
    close_next_tab (task);
  else
    {
      g_task_return_boolean (task, FALSE);
      g_object_unref (task);
    }
}

static void
on_confirm_response (GtkDialog *dialog,
                     int        response,
                     GTask     *task)
{
  TpWindow *self = g_task_get_source_object (task);
  CloseRequest *request = g_task_get_task_data (task);
  TpTab *tab = g_queue_peek_head (&request->tabs);

  gtk_widget_destroy (GTK_WIDGET (dialog));
  switch (response)
    {
    case GTK_RESPONSE_YES:
      _tp_window_save_tab (self, tab, FALSE, on_saved_before_close, task);
      break;
    case GTK_RESPONSE_NO:
      finish_current_tab (task);
      break;
    default:
      g_task_return_boolean (task, FALSE);
      g_object_unref (task);
      break;
    }
}

static void
ask_to_save (TpWindow *self,
             TpTab    *tab,
             GTask    *task)
{
  TpDocument *document = tp_tab_get_document (tab);
  GtkWidget *dialog;

  gtk_notebook_set_current_page (self->notebook,
                                 gtk_notebook_page_num (self->notebook, GTK_WIDGET (tab)));
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Save changes to “%s” before closing?"),
                                   tp_document_get_title (document));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("If you close without saving, your changes are "
                                              "lost."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog),
                          _("Close _without Saving"), GTK_RESPONSE_NO,
                          _("_Cancel"), GTK_RESPONSE_CANCEL,
                          tp_document_get_location (document) ? _("_Save") : _("_Save As…"),
                          GTK_RESPONSE_YES,
                          NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_YES);
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response), task);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
close_next_tab (GTask *task)
{
  TpWindow *self = g_task_get_source_object (task);
  CloseRequest *request = g_task_get_task_data (task);
  TpTab *tab = g_queue_peek_head (&request->tabs);

  if (tab == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  /* A save under way is let finish first: it may write in place, and closing would cut it
   * short; a tab edited meanwhile is asked about then. A load is simply stopped. */
  if (tp_document_get_busy (tp_tab_get_document (tab))
      && !tp_document_get_loading (tp_tab_get_document (tab)))
    g_signal_connect (tp_tab_get_document (tab), "notify::busy",
                      G_CALLBACK (on_busy_before_close), task);
  else if (tp_document_get_modified (tp_tab_get_document (tab)))
    ask_to_save (self, tab, task);
  else
    finish_current_tab (task);
}

void
_tp_window_close_tabs_async (TpWindow            *self,
                             GList               *tabs,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  CloseRequest *request = g_new0 (CloseRequest, 1);

  g_queue_init (&request->tabs);
  for (GList *l = tabs; l != NULL; l = l->next)
    g_queue_push_tail (&request->tabs, g_object_ref (l->data));
  g_task_set_task_data (task, request, (GDestroyNotify) close_request_free);
  close_next_tab (task);
}

gboolean
_tp_window_close_tabs_finish (TpWindow     *self,
                              GAsyncResult *result)
{
  return g_task_propagate_boolean (G_TASK (result), NULL);
}

static void
on_tab_closed (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  TpWindow *self = TP_WINDOW (source);

  if (_tp_window_close_tabs_finish (self, result) && gtk_notebook_get_n_pages (self->notebook) == 0)
    gtk_widget_destroy (GTK_WIDGET (self));
}

/* Closes one tab, after asking to save it if it is modified; the last tab takes the window
 * with it. */
void
tp_window_close_tab (TpWindow *self,
                     TpTab    *tab)
{
  GList tabs = { .data = tab };

  g_return_if_fail (TP_IS_WINDOW (self));
  g_return_if_fail (TP_IS_TAB (tab));

  if (self->closing)
    return;
  _tp_window_close_tabs_async (self, &tabs, on_tab_closed, NULL);
}

static void
on_window_tabs_closed (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  TpWindow *self = TP_WINDOW (source);
  g_autoptr(GTask) task = user_data;
  gboolean closed = _tp_window_close_tabs_finish (self, result);
  g_autoptr(GList) late = NULL;

  /* Tabs that came while the others were asked about (a tab dropped here, a restore still
   * opening documents) are asked about in turn: none goes without the question. */
  if (closed && (late = tp_window_get_tabs (self)) != NULL)
    {
      _tp_window_close_tabs_async (self, late, on_window_tabs_closed, g_steal_pointer (&task));
      return;
    }
  self->closing = FALSE;
  if (closed)
    gtk_widget_destroy (GTK_WIDGET (self));
  g_task_return_boolean (task, closed);
}

/* Closes the window after asking about every modified document; returns FALSE when the user
 * chose to keep it open. */
void
tp_window_close_async (TpWindow            *self,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GList) tabs = NULL;

  g_return_if_fail (TP_IS_WINDOW (self));

  task = g_task_new (self, NULL, callback, user_data);
  if (self->closing)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }

  self->closing = TRUE;
  tabs = tp_window_get_tabs (self);
  _tp_window_close_tabs_async (self, tabs, on_window_tabs_closed, g_steal_pointer (&task));
}

gboolean
tp_window_close_finish (TpWindow      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

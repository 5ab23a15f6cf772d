/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-application.h"
#include "tp-tab.h"
#include "tp-window-private.h"

/* Window-wide messages of the recorder: unsaved work left by an editor that crashed, and unsaved
 * work that is not being protected right now. */

enum {
  RESPONSE_RECOVER = 1,
  RESPONSE_DISCARD,
  RESPONSE_DETAILS,
};

/* Recover opens at most this many documents, the most recent: years of crashes must not fill
 * the window with thousands of tabs. The others stay on disk, offered again next time, and
 * --recover-to writes them all. */
#define MAX_RECOVERED_TABS 50
/* The details list this many documents, then say how many more there are. */
#define MAX_DETAILS_ROWS 12
/* Tabs are made in slices this long at most, so that the window keeps drawing meanwhile. */
#define RESTORE_SLICE_USEC (8 * G_TIME_SPAN_MILLISECOND)

static GtkWidget *
add_message (TpWindow       *self,
             GtkMessageType  type,
             const char     *text)
{
  GtkWidget *bar = gtk_info_bar_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_info_bar_set_message_type (GTK_INFO_BAR (bar), type);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_container_add (GTK_CONTAINER (gtk_info_bar_get_content_area (GTK_INFO_BAR (bar))), label);
  gtk_box_pack_start (self->window_messages, bar, FALSE, FALSE, 0);
  gtk_widget_show_all (bar);
  return bar;
}

static void
on_problem_changed (TpWindow   *self,
                    GParamSpec *pspec,
                    TpRecorder *recorder)
{
  const char *problem = tp_recorder_get_problem (recorder);
  g_autofree char *text = NULL;

  g_clear_pointer (&self->protection_bar, gtk_widget_destroy);
  if (problem == NULL)
    return;
  /* Translators: %s says why, for example "The disk is full." */
  text = g_strdup_printf (_("Unsaved changes are not protected against a crash right now. %s "
                            "Threadpad keeps trying and protects them again as soon as it can."),
                          problem);
  self->protection_bar = add_message (self, GTK_MESSAGE_WARNING, text);
  gtk_widget_set_name (self->protection_bar, "protection-warning");
}

void
_tp_window_setup_recovery (TpWindow *self)
{
  TpRecorder *recorder = tp_application_get_recorder (TP_APPLICATION_DEFAULT);

  g_signal_connect_object (recorder, "notify::problem", G_CALLBACK (on_problem_changed), self,
                           G_CONNECT_SWAPPED);
  on_problem_changed (self, NULL, recorder);
}

void
_tp_window_dispose_recovery (TpWindow *self)
{
  g_clear_pointer (&self->recovery, tp_recovery_free);
}

/* Documents being opened from a recovery, a slice at a time. */
typedef struct
{
  GWeakRef    window;
  TpRecovery *recovery;
  guint       next;
  guint       n_open;
  GtkWidget  *first;     /* weak */
} Restoring;

static void
restoring_free (gpointer data)
{
  Restoring *restoring = data;

  g_weak_ref_clear (&restoring->window);
  if (restoring->first != NULL)
    g_object_remove_weak_pointer (G_OBJECT (restoring->first), (gpointer *) &restoring->first);
  /* Not retired (the window went first): everything stays on disk for next time. */
  g_clear_pointer (&restoring->recovery, tp_recovery_free);
  g_free (restoring);
}

static void
on_kept_response (GtkInfoBar *bar)
{
  gtk_widget_destroy (GTK_WIDGET (bar));
}

static void
say_what_was_kept (TpWindow *self,
                   guint     n_kept)
{
  g_autofree char *text = NULL;
  GtkWidget *bar;

  text = g_strdup_printf (ngettext ("%u more document with unsaved changes was not opened, so "
                                    "that the window stays quick. It is kept: Threadpad offers "
                                    "it again next time, and “threadpad --recover-to=FOLDER” "
                                    "writes it to a file.",
                                    "%u more documents with unsaved changes were not opened, so "
                                    "that the window stays quick. They are kept: Threadpad "
                                    "offers them again next time, and “threadpad "
                                    "--recover-to=FOLDER” writes them to files.", n_kept),
                          n_kept);
  bar = add_message (self, GTK_MESSAGE_INFO, text);
  gtk_widget_set_name (bar, "recovery-kept");
  gtk_info_bar_set_show_close_button (GTK_INFO_BAR (bar), TRUE);
  g_signal_connect (bar, "response", G_CALLBACK (on_kept_response), NULL);
}

static void
finish_restoring (TpWindow  *self,
                  Restoring *restoring)
{
  TpRecorder *recorder = tp_application_get_recorder (TP_APPLICATION_DEFAULT);
  guint n_kept = tp_recovery_get_entries (restoring->recovery)->len - restoring->n_open;

  if (restoring->first != NULL)
    gtk_notebook_set_current_page (self->notebook,
                                   gtk_notebook_page_num (self->notebook, restoring->first));
  if (n_kept > 0)
    say_what_was_kept (self, n_kept);
  tp_recovery_keep_from (restoring->recovery, restoring->n_open);
  /* The recorder writes the restored documents' new entries first, then removes the old ones. */
  tp_recorder_retire (recorder, g_steal_pointer (&restoring->recovery));
}

static gboolean
restore_slice (gpointer user_data)
{
  Restoring *restoring = user_data;
  g_autoptr(TpWindow) self = g_weak_ref_get (&restoring->window);
  GPtrArray *entries = tp_recovery_get_entries (restoring->recovery);
  gint64 end = g_get_monotonic_time () + RESTORE_SLICE_USEC;

  if (self == NULL)
    return G_SOURCE_REMOVE;
  do
    {
      TpRecoveryEntry *entry = g_ptr_array_index (entries, restoring->next++);
      TpTab *tab = _tp_window_take_tab_for_file (self);

      tp_tab_restore (tab, entry->replay);
      if (restoring->first == NULL)
        {
          restoring->first = GTK_WIDGET (tab);
          g_object_add_weak_pointer (G_OBJECT (tab), (gpointer *) &restoring->first);
        }
    }
  while (restoring->next < restoring->n_open && g_get_monotonic_time () < end);
  if (restoring->next < restoring->n_open)
    return G_SOURCE_CONTINUE;
  finish_restoring (self, restoring);
  return G_SOURCE_REMOVE;
}

/* Opens the most recent documents, a few per main-loop turn. */
static void
recover_documents (TpWindow *self)
{
  Restoring *restoring = g_new0 (Restoring, 1);

  g_weak_ref_init (&restoring->window, self);
  restoring->recovery = g_steal_pointer (&self->recovery);
  restoring->n_open = MIN (tp_recovery_get_entries (restoring->recovery)->len,
                           MAX_RECOVERED_TABS);
  if (restoring->n_open == 0)
    {
      finish_restoring (self, restoring);
      restoring_free (restoring);
      return;
    }
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, restore_slice, restoring, restoring_free);
}

static char *
describe_entry (const TpRecoveryEntry *entry)
{
  g_autofree char *title = tp_recovery_entry_dup_title (entry);
  g_autofree char *size = g_format_size (entry->replay->length);
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (entry->replay->last_change
                                                               / G_USEC_PER_SEC);
  g_autofree char *when = time ? g_date_time_format (time, "%c") : g_strdup ("");
  g_autoptr(GFile) file = entry->replay->info.uri ? g_file_new_for_uri (entry->replay->info.uri)
                                                  : NULL;
  g_autofree char *where = file ? g_file_get_parse_name (file) : g_strdup (_("not saved yet"));
  GString *text = g_string_new (NULL);

  /* Translators: one recovered document: title, where its file is, when it last changed, size. */
  g_string_printf (text, _("%s (%s), changed %s, %s"), title, where, when, size);
  if (entry->replay->damaged)
    g_string_append_printf (text, "\n    %s",
                            _("The last changes before the crash could not be read."));
  return g_string_free (text, FALSE);
}

static void
show_details (TpWindow *self)
{
  GPtrArray *entries = tp_recovery_get_entries (self->recovery);
  g_autoptr(GString) details = g_string_new (NULL);
  GtkWidget *dialog;

  for (guint i = 0; i < MIN (entries->len, MAX_DETAILS_ROWS); i++)
    {
      g_autofree char *line = describe_entry (g_ptr_array_index (entries, i));

      g_string_append_printf (details, "%s%s", i > 0 ? "\n" : "", line);
    }
  if (entries->len > MAX_DETAILS_ROWS)
    {
      guint more = entries->len - MAX_DETAILS_ROWS;

      g_string_append_c (details, '\n');
      g_string_append_printf (details, ngettext ("…and %u more document.",
                                                 "…and %u more documents.", more), more);
    }
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_INFO, GTK_BUTTONS_CLOSE, "%s",
                                   _("Unsaved documents"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", details->str);
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_widget_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_recovery_response (TpWindow   *self,
                      int         response,
                      GtkInfoBar *bar)
{
  TpRecorder *recorder = tp_application_get_recorder (TP_APPLICATION_DEFAULT);

  if (self->recovery == NULL)
    return;
  switch (response)
    {
    case RESPONSE_DETAILS:
      show_details (self);
      return;
    case RESPONSE_RECOVER:
      recover_documents (self);
      break;
    case RESPONSE_DISCARD:
      tp_recorder_retire (recorder, g_steal_pointer (&self->recovery));
      break;
    default:
      return;
    }
  g_clear_pointer (&self->recovery_bar, gtk_widget_destroy);
}

/* Entries whose file changed since their edits were recorded: said, not offered. */
void
_tp_window_say_refused (TpWindow   *self,
                        TpRecovery *recovery)
{
  GPtrArray *refused = tp_recovery_get_refused (recovery);

  for (guint i = 0; i < refused->len; i++)
    {
      g_autofree char *text = tp_recovery_entry_dup_refusal (g_ptr_array_index (refused, i));
      GtkWidget *bar = add_message (self, GTK_MESSAGE_WARNING, text);

      gtk_widget_set_name (bar, "recovery-refused");
      gtk_info_bar_set_show_close_button (GTK_INFO_BAR (bar), TRUE);
      g_signal_connect (bar, "response", G_CALLBACK (on_kept_response), NULL);
    }
}

/* Takes the recovery. */
void
tp_window_offer_recovery (TpWindow   *self,
                          TpRecovery *recovery)
{
  guint n;
  g_autofree char *text = NULL;

  g_return_if_fail (TP_IS_WINDOW (self));

  g_clear_pointer (&self->recovery_bar, gtk_widget_destroy);
  g_clear_pointer (&self->recovery, tp_recovery_free);
  _tp_window_say_refused (self, recovery);
  n = tp_recovery_get_entries (recovery)->len;
  if (n == 0)
    {
      tp_recovery_free (recovery);
      return;
    }
  self->recovery = recovery;
  text = g_strdup_printf (ngettext ("Threadpad did not close properly. %u document has unsaved "
                                    "changes.",
                                    "Threadpad did not close properly. %u documents have unsaved "
                                    "changes.", n), n);
  if (n > MAX_RECOVERED_TABS)
    {
      g_autofree char *opens = g_strdup_printf (_("“Recover” opens the %u most recent of "
                                                  "them; the others are kept."), MAX_RECOVERED_TABS);
      g_autofree char *offer = g_steal_pointer (&text);

      text = g_strconcat (offer, " ", opens, NULL);
    }
  self->recovery_bar = add_message (self, GTK_MESSAGE_QUESTION, text);
  gtk_widget_set_name (self->recovery_bar, "recovery");
  gtk_info_bar_add_button (GTK_INFO_BAR (self->recovery_bar), _("Show _Details"), RESPONSE_DETAILS);
  gtk_info_bar_add_button (GTK_INFO_BAR (self->recovery_bar), _("_Discard"), RESPONSE_DISCARD);
  gtk_info_bar_add_button (GTK_INFO_BAR (self->recovery_bar), _("_Recover"), RESPONSE_RECOVER);
  gtk_info_bar_set_default_response (GTK_INFO_BAR (self->recovery_bar), RESPONSE_RECOVER);
  g_signal_connect_object (self->recovery_bar, "response", G_CALLBACK (on_recovery_response), self,
                           G_CONNECT_SWAPPED);
}

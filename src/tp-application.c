/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <gtksourceview/gtksource.h>
#include <signal.h>
#include <unistd.h>

#include "monitor/tp-latency-monitor.h"
#include "monitor/tp-responsiveness-panel.h"
#include "record/tp-recover-command.h"
#include "spell/tp-check-command.h"
#include "tp-application.h"
#include "tp-autosave.h"
#include "tp-document.h"
#include "tp-file-memory.h"
#include "tp-location.h"
#include "tp-preferences-dialog.h"
#include "tp-session.h"
#include "tp-tab.h"
#include "tp-window.h"

struct _TpApplication
{
  GtkApplication  parent_instance;

  GSettings      *settings;
  TpSpellService *spell_service;
  TpStyle        *style;
  TpRecorder     *recorder;
  TpSession      *session;
  TpAutosave     *autosave;
  TpFileMemory   *file_memory;
  /* Whether slow work runs on its threads: the setting, unless --threads said otherwise. */
  gboolean        threads;
  TpLatencyMonitor *monitor;
  char           *report_path;    /* --latency-report */
  GtkWidget      *panel;          /* the Responsiveness panel, while it is open */
  /* Set once the first window has looked for work left unsaved by editors that crashed. */
  gboolean        recovery_looked_for;
  /* The signal that is ending this run (SIGTERM, SIGINT, SIGHUP), or 0. */
  int             ending_signal;
  /* A quit is under way: asking about unsaved documents, or waiting for the disk. */
  gboolean        quitting;
};

G_DEFINE_FINAL_TYPE (TpApplication, tp_application, GTK_TYPE_APPLICATION)

/* Quitting without asking waits this long at most for the last edits to be on disk. */
#define QUIT_SYNC_TIMEOUT_MS 5000

enum {
  PROP_0,
  PROP_THREADS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "new-window", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the files in a new window"), NULL },
  { "standalone", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Run a separate instance that does not share windows with a running one"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { "check", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Check the spelling of the files without opening a window; print FILE:LINE:COLUMN: WORD "
       "for each misspelled word"), NULL },
  { "lang", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("The dictionary to check with, such as en_US"), N_("LANG") },
  { "threads", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Run spell-checking and recording on background threads (on, the default) or on the main "
       "thread (off), for this run"), N_("on|off") },
  { "latency-report", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("When Threadpad quits, write a report of its responsiveness to FILE (JSON)"),
    N_("FILE") },
  { "recover-list", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("List the unsaved documents of editors that did not close properly, without opening a "
       "window"), NULL },
  { "recover-to", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Write the unsaved documents of editors that did not close properly to files in FOLDER, "
       "without opening a window"), N_("FOLDER") },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL,
    NULL },
  { NULL }
};

static int
tp_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  const char *threads = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("threadpad %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "check"))
    {
      g_autofree const char **files = NULL;
      const char *language = NULL;

      g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);
      g_variant_dict_lookup (options, "lang", "&s", &language);
      return tp_check_command_run (files, language);
    }

  if (g_variant_dict_contains (options, "recover-list"))
    return tp_recover_command_list ();
  if (g_variant_dict_contains (options, "recover-to"))
    {
      g_autofree char *dir = NULL;

      g_variant_dict_lookup (options, "recover-to", "^ay", &dir);
      return tp_recover_command_write_to (dir);
    }

  if (g_variant_dict_lookup (options, "threads", "&s", &threads)
      && g_strcmp0 (threads, "on") != 0 && g_strcmp0 (threads, "off") != 0)
    {
      g_printerr (_("--threads must be “on” or “off”, not “%s”.\n"), threads);
      return 2;
    }

  if (g_variant_dict_contains (options, "standalone"))
    g_application_set_flags (application,
                             g_application_get_flags (application) | G_APPLICATION_NON_UNIQUE);

  return -1;
}

/* What crashed or ended editors left: the session to restore, if restoring is on and one left
 * a session, and the rest, to offer. */
typedef struct
{
  char       *dir;
  gboolean    restore;
  TpRecovery *session;
  TpRecovery *rest;
} Found;

static void
found_free (Found *found)
{
  g_free (found->dir);
  g_clear_pointer (&found->session, tp_recovery_free);
  g_clear_pointer (&found->rest, tp_recovery_free);
  g_free (found);
}

static void
on_recovery_found (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TpApplication *self = TP_APPLICATION (source);
  Found *found = g_task_propagate_pointer (G_TASK (result), NULL);
  TpWindow *window = tp_application_get_main_window (self);

  if (found == NULL)
    return;
  if (window != NULL && found->session != NULL && self->session != NULL)
    tp_session_restore (self->session, g_steal_pointer (&found->session), window);
  if (window != NULL
      && (tp_recovery_get_entries (found->rest)->len > 0
          || tp_recovery_get_refused (found->rest)->len > 0))
    tp_window_offer_recovery (window, g_steal_pointer (&found->rest));
  found_free (found);
}

/* Older sessions, or all of them when sessions are not restored, are forgotten here, off the
 * main thread: their entries are offered as after a crash. */
static void
find_recovery_in_thread (GTask        *task,
                         gpointer      source,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  Found *found = task_data;

  found->rest = tp_recovery_open (found->dir);
  if (found->restore)
    found->session = tp_recovery_take_session (found->rest);
  tp_recovery_forget_sessions (found->rest);
  g_task_return_pointer (task, found, (GDestroyNotify) found_free);
}

/* Reading what crashed editors left can take a while for large documents: off the main
 * thread. The first window offers it. */
static void
tp_application_look_for_recovery (TpApplication *self)
{
  g_autoptr(GTask) task = NULL;
  Found *found = g_new0 (Found, 1);

  if (self->recovery_looked_for)
    {
      g_free (found);
      return;
    }
  self->recovery_looked_for = TRUE;
  found->dir = g_strdup (tp_recorder_get_dir (self->recorder));
  found->restore = self->session != NULL && tp_session_enabled (self->session);
  task = g_task_new (self, NULL, on_recovery_found, NULL);
  /* The thread hands it back as the result, which owns it from then on. */
  g_task_set_task_data (task, found, NULL);
  g_task_run_in_thread (task, find_recovery_in_thread);
}

static TpWindow *
tp_application_create_window (TpApplication *self)
{
  TpWindow *window = tp_window_new (self);

  tp_window_new_tab (window);
  tp_application_look_for_recovery (self);
  return window;
}

static void
tp_application_activate (GApplication *application)
{
  TpApplication *self = TP_APPLICATION (application);
  TpWindow *window = tp_application_get_main_window (self);

  if (window == NULL)
    window = tp_application_create_window (self);
  gtk_window_present (GTK_WINDOW (window));
}

static void
tp_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  TpApplication *self = TP_APPLICATION (application);
  TpWindow *window = tp_application_get_main_window (self);

  if (window == NULL)
    window = tp_application_create_window (self);
  for (int i = 0; i < n_files; i++)
    {
      TpLocation location = { .file = files[i] };
      tp_window_open_location (window, &location);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
open_locations (TpApplication           *self,
                TpWindow                *window,
                GPtrArray               *locations,
                GApplicationCommandLine *command_line)
{
  for (guint i = 0; i < locations->len; i++)
    {
      TpLocation *location = g_ptr_array_index (locations, i);

      if (location->is_stdin)
        {
          g_autoptr(GInputStream) stream = g_application_command_line_get_stdin (command_line);
          if (stream != NULL)
            tp_window_open_stream (window, stream);
        }
      else
        tp_window_open_location (window, location);
    }
}

static int
tp_application_command_line (GApplication            *application,
                             GApplicationCommandLine *command_line)
{
  TpApplication *self = TP_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **args = NULL;
  g_autoptr(GPtrArray) locations = NULL;
  g_autoptr(GError) error = NULL;
  TpWindow *window = NULL;
  const char *threads = NULL;
  const char *report = NULL;

  if (g_variant_dict_lookup (options, "threads", "&s", &threads))
    tp_application_set_threads (self, g_strcmp0 (threads, "on") == 0);
  if (g_variant_dict_lookup (options, "latency-report", "^&ay", &report))
    {
      g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (command_line,
                                                                             report);
      g_free (self->report_path);
      self->report_path = g_file_get_path (file);
    }

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &args);
  locations = tp_location_parse_args (args, g_application_command_line_get_cwd (command_line),
                                      &error);
  if (locations == NULL)
    {
      g_application_command_line_printerr (command_line, "%s\n", error->message);
      return 1;
    }

  if (!g_variant_dict_contains (options, "new-window"))
    window = tp_application_get_main_window (self);
  if (window == NULL)
    window = tp_application_create_window (self);

  open_locations (self, window, locations, command_line);
  gtk_window_present (GTK_WINDOW (window));
  return 0;
}

static void
action_new_window (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  TpWindow *window = tp_application_create_window (TP_APPLICATION (user_data));
  gtk_window_present (GTK_WINDOW (window));
}

static void
action_preferences (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  GtkWidget *dialog = tp_preferences_dialog_new (parent);

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
action_about (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  static const char *const authors[] = { "The Threadpad developers", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  gtk_show_about_dialog (parent,
                         "program-name", "Threadpad",
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("A text editor whose window never waits: spell-checking "
                                       "and crash recovery run on their own threads."),
                         "website", "https://github.com/threadpad/threadpad",
                         "authors", authors,
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void continue_quit (TpApplication *self);

/* The quit was called off: a window was kept open. */
static void
stop_quitting (TpApplication *self)
{
  self->quitting = FALSE;
  if (self->session != NULL)
    tp_session_resume (self->session);
}

static void
on_window_closed_for_quit (GObject      *source,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(TpApplication) self = user_data;

  /* Each window closes itself; the next one is asked only if this one agreed. */
  if (tp_window_close_finish (TP_WINDOW (source), result, NULL))
    continue_quit (self);
  else
    stop_quitting (self);
}

/* Closes the next window, asking about its unsaved documents; quits once none is left. */
static void
continue_quit (TpApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (TP_IS_WINDOW (l->data))
      {
        tp_window_close_async (l->data, on_window_closed_for_quit, g_object_ref (self));
        return;
      }
  g_application_quit (G_APPLICATION (self));
}

/* A document being written is let finish: closing would cut a save in place short. */
static TpDocument *
find_saving_document (TpApplication *self)
{
  for (GList *w = gtk_application_get_windows (GTK_APPLICATION (self)); w != NULL; w = w->next)
    {
      g_autoptr(GList) tabs = TP_IS_WINDOW (w->data) ? tp_window_get_tabs (w->data) : NULL;

      for (GList *t = tabs; t != NULL; t = t->next)
        {
          TpDocument *document = tp_tab_get_document (t->data);

          if (tp_document_get_busy (document) && !tp_document_get_loading (document))
            return document;
        }
    }
  return NULL;
}

static void quit_keeping_everything (TpApplication *self);

static void
on_saved_before_quit (TpDocument    *document,
                      GParamSpec    *pspec,
                      TpApplication *self)
{
  if (tp_document_get_busy (document))
    return;
  g_signal_handlers_disconnect_by_func (document, on_saved_before_quit, self);
  quit_keeping_everything (self);
}

/* Everything typed is on disk: the windows go as they are, and the documents' entries stay
 * beside the session for the next start. If it is not (a full disk, a folder that cannot be
 * written), quitting asks about each unsaved document instead: nothing goes unasked that is
 * not kept. */
static void
on_synced_for_quit (TpRecorder           *recorder,
                    TpRecorderSyncResult  result,
                    guint                 n_entries,
                    gpointer              user_data)
{
  g_autoptr(TpApplication) self = user_data;
  g_autoptr(GList) windows = NULL;

  if (result != TP_RECORDER_SYNC_DURABLE)
    {
      continue_quit (self);
      return;
    }
  tp_recorder_keep_entries (self->recorder);
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    if (TP_IS_WINDOW (l->data))
      gtk_widget_destroy (l->data);
  g_application_quit (G_APPLICATION (self));
}

/* Quitting to be restored, without a question. */
static void
quit_keeping_everything (TpApplication *self)
{
  TpDocument *saving = find_saving_document (self);

  if (saving != NULL)
    {
      g_signal_connect_object (saving, "notify::busy", G_CALLBACK (on_saved_before_quit), self, 0);
      return;
    }
  tp_recorder_sync_async (self->recorder, QUIT_SYNC_TIMEOUT_MS, on_synced_for_quit,
                          g_object_ref (self));
}

static void
action_quit (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  TpApplication *self = TP_APPLICATION (user_data);

  /* Asked again while a quit asks its questions: that quit goes on. */
  if (self->quitting)
    return;
  self->quitting = TRUE;
  if (self->session != NULL && tp_session_enabled (self->session))
    {
      /* What is open now is what the next start reopens, whatever is closed on the way out. */
      tp_session_end (self->session);
      if (g_settings_get_boolean (self->settings, "quit-without-asking"))
        {
          quit_keeping_everything (self);
          return;
        }
    }
  continue_quit (self);
}

/* The menu item and the panel's switch: the choice is also remembered. */
static void
change_threads_state (GSimpleAction *action,
                      GVariant      *state,
                      gpointer       user_data)
{
  TpApplication *self = TP_APPLICATION (user_data);

  tp_application_set_threads (self, g_variant_get_boolean (state));
  g_settings_set_boolean (self->settings, "threads", self->threads);
}

static void
on_threads_setting_changed (TpApplication *self)
{
  tp_application_set_threads (self, g_settings_get_boolean (self->settings, "threads"));
}

static void
action_responsiveness (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  TpApplication *self = TP_APPLICATION (user_data);

  if (self->panel == NULL)
    {
      self->panel = tp_responsiveness_panel_new (self->monitor);
      gtk_application_add_window (GTK_APPLICATION (self), GTK_WINDOW (self->panel));
      g_object_add_weak_pointer (G_OBJECT (self->panel), (gpointer *) &self->panel);
    }
  gtk_window_present (GTK_WINDOW (self->panel));
}

static const GActionEntry app_actions[] = {
  { "responsiveness", action_responsiveness },
  { "threads", NULL, NULL, "true", change_threads_state },
  { "new-window", action_new_window },
  { "preferences", action_preferences },
  { "about", action_about },
  { "quit", action_quit },
};

static const struct
{
  const char *action;
  const char *accels[4];
} app_accels[] = {
  { "app.new-window", { "<Control><Shift>n", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.quit", { "<Control>q", NULL } },
  { "win.new-document", { "<Control>n", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.save-as", { "<Control><Shift>s", NULL } },
  { "win.close-document", { "<Control>w", NULL } },
  { "win.undo", { "<Control>z", NULL } },
  { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
  { "win.find", { "<Control>f", NULL } },
  { "win.find-replace", { "<Control>h", NULL } },
  { "win.find-next", { "F3", NULL } },
  { "win.find-previous", { "<Shift>F3", NULL } },
  { "win.go-to-line", { "<Control>g", NULL } },
  { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
  { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
  { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
  { "win.next-tab", { "<Control>Page_Down", NULL } },
  { "win.previous-tab", { "<Control>Page_Up", NULL } },
  { "win.next-misspelling", { "F7", NULL } },
  { "win.previous-misspelling", { "<Shift>F7", NULL } },
  { "win.fullscreen", { "F11", NULL } },
  { "win.print", { "<Control>p", NULL } },
  { "win.duplicate", { "<Control><Shift>d", NULL } },
  { "win.join-lines", { "<Control>j", NULL } },
  { "win.toggle-comment", { "<Control>slash", NULL } },
  { "win.switch-to-tab(1)", { "<Alt>1", NULL } },
  { "win.switch-to-tab(2)", { "<Alt>2", NULL } },
  { "win.switch-to-tab(3)", { "<Alt>3", NULL } },
  { "win.switch-to-tab(4)", { "<Alt>4", NULL } },
  { "win.switch-to-tab(5)", { "<Alt>5", NULL } },
  { "win.switch-to-tab(6)", { "<Alt>6", NULL } },
  { "win.switch-to-tab(7)", { "<Alt>7", NULL } },
  { "win.switch-to-tab(8)", { "<Alt>8", NULL } },
  { "win.switch-to-tab(9)", { "<Alt>9", NULL } },
};

static void
tp_application_load_style (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  gtk_css_provider_load_from_resource (css, APP_RESOURCE_PATH "style.css");
  gtk_style_context_add_provider_for_screen (gdk_screen_get_default (), GTK_STYLE_PROVIDER (css),
                                             GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
on_window_added (TpApplication *self,
                 GtkWindow     *window)
{
  tp_latency_monitor_watch_window (self->monitor, window);
}

/* Times the main loop and every window's key presses, and watches both threads. */
static void
tp_application_start_monitor (TpApplication *self)
{
  TpExecutor *executors[] = { tp_spell_service_get_executor (self->spell_service),
                              tp_recorder_get_executor (self->recorder) };

  self->monitor = tp_latency_monitor_new (self->threads);
  tp_latency_monitor_set_executors (self->monitor, executors, G_N_ELEMENTS (executors));
  g_signal_connect (self, "window-added", G_CALLBACK (on_window_added), NULL);
}

/* SIGTERM, SIGINT and SIGHUP end Threadpad as they end Vim: unsaved work is not saved over the
 * user's files, and not thrown away either. The journal is made durable (for a bounded time, so
 * that a disk that does not answer cannot keep Threadpad from ending), the latency report is
 * written if asked for, the user is told where the work is, and the process ends by the signal,
 * leaving its recovery entries for the next start to offer. A second signal ends it at once. */

#define SIGNAL_SYNC_TIMEOUT_MS 5000

static const char *
signal_name (int signum)
{
  switch (signum)
    {
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    default:
      return "SIGHUP";
    }
}

/* Ends the process by the signal, as if it had not been caught: whoever started Threadpad sees
 * how it ended. Nothing runs after this: the documents' entries stay on disk. */
static void
end_by_signal (int signum)
{
  signal (signum, SIG_DFL);
  raise (signum);
  _exit (128 + signum);
}

static void
tell_what_was_kept (int                   signum,
                    TpRecorderSyncResult  result,
                    guint                 n_entries,
                    const char           *problem)
{
  const char *name = signal_name (signum);

  if (result == TP_RECORDER_SYNC_TIMED_OUT)
    g_printerr (_("Threadpad received %s, but the disk did not answer within %u seconds. What "
                  "reached the disk before is kept for recovery: see “threadpad --recover-list”.\n"),
                name, SIGNAL_SYNC_TIMEOUT_MS / 1000);
  else if (result == TP_RECORDER_SYNC_FAILED)
    g_printerr (_("Threadpad received %s, but the last changes could not be written (%s). What "
                  "was written before is kept for recovery: see “threadpad --recover-list”.\n"),
                name, problem ? problem : g_strerror (EIO));
  else if (n_entries > 0)
    g_printerr (ngettext ("Threadpad received %s. The unsaved changes in %u document are kept "
                          "for recovery: start Threadpad to recover them, or see them with "
                          "“threadpad --recover-list”.\n",
                          "Threadpad received %s. The unsaved changes in %u documents are kept "
                          "for recovery: start Threadpad to recover them, or see them with "
                          "“threadpad --recover-list”.\n", n_entries),
                name, n_entries);
  else
    g_printerr (_("Threadpad received %s and quit. There were no unsaved changes.\n"), name);
}

static void
on_journal_synced (TpRecorder           *recorder,
                   TpRecorderSyncResult  result,
                   guint                 n_entries,
                   gpointer              user_data)
{
  TpApplication *self = user_data;

  if (self->report_path != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!tp_latency_monitor_write_report (self->monitor, self->report_path, &error))
        g_printerr (_("The responsiveness report could not be written: %s\n"), error->message);
    }
  tell_what_was_kept (self->ending_signal, result, n_entries,
                      tp_recorder_get_problem (recorder));
  end_by_signal (self->ending_signal);
}

/* On the main loop, not in a signal handler: g_unix_signal_add () delivers it there. */
static gboolean
on_ending_signal (gpointer user_data)
{
  TpApplication *self = TP_APPLICATION_DEFAULT;
  int signum = GPOINTER_TO_INT (user_data);

  if (self->ending_signal != 0)
    {
      g_printerr (_("Threadpad received %s while it was already quitting, and quit at once. The "
                    "recovery files are left as they were: see “threadpad --recover-list”.\n"),
                  signal_name (signum));
      end_by_signal (signum);
    }
  self->ending_signal = signum;
  /* Shutting down already: the documents are being closed the ordinary way. */
  if (self->recorder == NULL)
    end_by_signal (signum);
  if (self->session != NULL)
    tp_session_end (self->session);
  tp_recorder_sync_async (self->recorder, SIGNAL_SYNC_TIMEOUT_MS, on_journal_synced, self);
  return G_SOURCE_CONTINUE;
}

static void
tp_application_watch_signals (TpApplication *self)
{
  static const int signals[] = { SIGTERM, SIGINT, SIGHUP };

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    g_unix_signal_add (signals[i], on_ending_signal, GINT_TO_POINTER (signals[i]));
}

static void
tp_application_startup (GApplication *application)
{
  TpApplication *self = TP_APPLICATION (application);
  /* Settings the View menu switches: app.KEY. */
  static const char *const setting_actions[] = {
    "wrap-text", "show-right-margin", "show-whitespace", "highlight-matching-brackets",
    "color-style",
  };
  g_autofree char *recovery_dir = tp_recovery_get_default_dir ();
  g_autofree char *memory_path = tp_file_memory_get_default_path ();

  G_APPLICATION_CLASS (tp_application_parent_class)->startup (application);

  gtk_source_init ();
  self->settings = g_settings_new (APP_ID);
  self->spell_service = tp_spell_service_new (self->settings);
  self->style = tp_style_new (self->settings);
  self->recorder = tp_recorder_new (recovery_dir);
  self->session = tp_session_new (GTK_APPLICATION (self), self->settings, self->recorder);
  self->autosave = tp_autosave_new (GTK_APPLICATION (self), self->settings);
  self->file_memory = tp_file_memory_new (memory_path);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions),
                                   self);
  self->threads = TRUE;
  tp_application_start_monitor (self);
  tp_application_set_threads (self, g_settings_get_boolean (self->settings, "threads"));
  g_signal_connect_object (self->settings, "changed::threads",
                           G_CALLBACK (on_threads_setting_changed), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < G_N_ELEMENTS (setting_actions); i++)
    {
      g_autoptr(GAction) action = g_settings_create_action (self->settings, setting_actions[i]);

      g_action_map_add_action (G_ACTION_MAP (self), action);
    }

  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), app_accels[i].action,
                                           app_accels[i].accels);
  gtk_window_set_default_icon_name (APP_ID);
  tp_application_load_style ();
  tp_application_watch_signals (self);
}

static void
tp_application_shutdown (GApplication *application)
{
  TpApplication *self = TP_APPLICATION (application);

  g_clear_object (&self->autosave);
  G_APPLICATION_CLASS (tp_application_parent_class)->shutdown (application);
  /* The windows are gone: what their tabs remembered as they closed is written first, before
   * the worker threads are joined, which can take a while, during which a signal may end
   * Threadpad. */
  if (self->file_memory != NULL)
    tp_file_memory_shutdown (self->file_memory);
  g_clear_object (&self->file_memory);
  if (self->session != NULL)
    tp_session_flush (self->session);
  g_clear_object (&self->session);
  if (self->report_path != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!tp_latency_monitor_write_report (self->monitor, self->report_path, &error))
        g_printerr (_("The responsiveness report could not be written: %s\n"), error->message);
    }
  tp_latency_monitor_stop (self->monitor);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->report_path, g_free);
  if (self->spell_service != NULL)
    tp_spell_service_shutdown (self->spell_service);
  g_clear_object (&self->spell_service);
  g_clear_object (&self->style);
  /* After the windows: their documents' entries are removed by then, and the last edits are
   * written. */
  if (self->recorder != NULL)
    tp_recorder_shutdown (self->recorder);
  g_clear_object (&self->recorder);
  g_clear_object (&self->settings);
  gtk_source_finalize ();
}

static void
tp_application_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TpApplication *self = TP_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_THREADS:
      g_value_set_boolean (value, self->threads);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tp_application_class_init (TpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->get_property = tp_application_get_property;

  app_class->handle_local_options = tp_application_handle_local_options;
  app_class->startup = tp_application_startup;
  app_class->shutdown = tp_application_shutdown;
  app_class->activate = tp_application_activate;
  app_class->open = tp_application_open;
  app_class->command_line = tp_application_command_line;

  /* Whether slow work runs on background threads, or inline on the main thread. */
  properties[PROP_THREADS] =
    g_param_spec_boolean ("threads", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tp_application_init (TpApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[+LINE] [FILE[:LINE[:COLUMN]]…] [-]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Edit text files. Files open in the running "
                                              "Threadpad, if there is one."));
}

TpApplication *
tp_application_new (void)
{
  return g_object_new (TP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_HANDLES_COMMAND_LINE,
                       NULL);
}

GSettings *
tp_application_get_settings (TpApplication *self)
{
  g_return_val_if_fail (TP_IS_APPLICATION (self), NULL);
  return self->settings;
}

TpStyle *
tp_application_get_style (TpApplication *self)
{
  g_return_val_if_fail (TP_IS_APPLICATION (self), NULL);
  return self->style;
}

TpSpellService *
tp_application_get_spell_service (TpApplication *self)
{
  g_return_val_if_fail (TP_IS_APPLICATION (self), NULL);
  return self->spell_service;
}

TpLatencyMonitor *
tp_application_get_monitor (TpApplication *self)
{
  g_return_val_if_fail (TP_IS_APPLICATION (self), NULL);
  return self->monitor;
}

TpRecorder *
tp_application_get_recorder (TpApplication *self)
{
  g_return_val_if_fail (TP_IS_APPLICATION (self), NULL);
  return self->recorder;
}

/* What Threadpad remembers of the files it has shown; NULL before startup and after shutdown. */
TpFileMemory *
tp_application_get_file_memory (TpApplication *self)
{
  g_return_val_if_fail (TP_IS_APPLICATION (self), NULL);
  return self->file_memory;
}

/* Runs the spell jobs and the recorder's work on their threads, or inline on the main thread.
 * Going inline waits for the job each thread is running. */
void
tp_application_set_threads (TpApplication *self,
                            gboolean       threads)
{
  GAction *action;

  g_return_if_fail (TP_IS_APPLICATION (self));

  threads = !!threads;
  if (self->spell_service != NULL && tp_spell_service_get_executor (self->spell_service) != NULL)
    tp_executor_set_threaded (tp_spell_service_get_executor (self->spell_service), threads);
  if (self->recorder != NULL && tp_recorder_get_executor (self->recorder) != NULL)
    tp_executor_set_threaded (tp_recorder_get_executor (self->recorder), threads);
  if (self->monitor != NULL)
    tp_latency_monitor_set_threads (self->monitor, threads);
  action = g_action_map_lookup_action (G_ACTION_MAP (self), "threads");
  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (threads));
  if (self->threads == threads)
    return;
  self->threads = threads;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THREADS]);
}

gboolean
tp_application_get_threads (TpApplication *self)
{
  g_return_val_if_fail (TP_IS_APPLICATION (self), TRUE);
  return self->threads;
}

/* The window that files open in: the most recently focused Threadpad window. */
TpWindow *
tp_application_get_main_window (TpApplication *self)
{
  GList *windows;

  g_return_val_if_fail (TP_IS_APPLICATION (self), NULL);

  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  for (GList *l = windows; l != NULL; l = l->next)
    if (TP_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

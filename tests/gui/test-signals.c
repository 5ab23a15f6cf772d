/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SIGTERM, SIGINT and SIGHUP, for real: the editor runs as its own process on the Xvfb display,
 * is typed into with XTest, and gets the signal as from kill(1) or a closing terminal. It must
 * say on standard error that the unsaved work is kept, write the latency report it was asked
 * for, end by that signal, and leave the typed text for --recover-list. A second signal while
 * it ends ends it at once, and still leaves what was on disk. */
#include "config.h"

#include <X11/Xlib.h>
#include <X11/extensions/XTest.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "record/tp-recovery.h"

#define FILE_TEXT "on disk"
#define TYPED "typed words"

static Display *display;

static void
send_char (char c)
{
  KeyCode keycode = XKeysymToKeycode (display, (KeySym) (guchar) c);

  XTestFakeKeyEvent (display, keycode, True, CurrentTime);
  XTestFakeKeyEvent (display, keycode, False, CurrentTime);
  XSync (display, False);
}

static Window
find_window (Window      window,
             const char *name)
{
  Window root, parent, *children = NULL;
  unsigned int n = 0;
  char *window_name = NULL;
  Window found = None;

  if (XFetchName (display, window, &window_name) && window_name != NULL)
    {
      XWindowAttributes attributes;

      if (strstr (window_name, name) != NULL && XGetWindowAttributes (display, window, &attributes)
          && attributes.map_state == IsViewable)
        found = window;
      XFree (window_name);
    }
  if (found == None && XQueryTree (display, window, &root, &parent, &children, &n))
    {
      for (unsigned int i = 0; i < n && found == None; i++)
        found = find_window (children[i], name);
      if (children != NULL)
        XFree (children);
    }
  return found;
}

/* The text of the editor's only document on disk right now, or NULL. Reading needs no lock. */
static char *
read_recorded (const char *recovery_dir)
{
  g_autoptr(GDir) runs = g_dir_open (recovery_dir, 0, NULL);
  const char *run;

  while (runs != NULL && (run = g_dir_read_name (runs)) != NULL)
    {
      g_autofree char *snapshot_path = g_build_filename (recovery_dir, run, "1.snapshot", NULL);
      g_autofree char *journal_path = g_build_filename (recovery_dir, run, "1.journal", NULL);
      g_autoptr(GMappedFile) snapshot = g_mapped_file_new (snapshot_path, FALSE, NULL);
      g_autoptr(GMappedFile) journal = g_mapped_file_new (journal_path, FALSE, NULL);
      g_autoptr(GBytes) snapshot_bytes = snapshot ? g_mapped_file_get_bytes (snapshot) : NULL;
      g_autoptr(GBytes) journal_bytes = journal ? g_mapped_file_get_bytes (journal) : NULL;
      g_autoptr(TpReplay) replay = NULL;

      if (snapshot == NULL)
        continue;
      replay = tp_journal_replay (snapshot_bytes, journal_bytes);
      return g_strndup (replay->text, replay->length);
    }
  return NULL;
}

/* Types '.' until the editor has recorded a document that starts with it (keys sent before
 * the window has its focus may be dropped), then the words, until they are recorded too.
 * Returns the text recorded. */
static char *
type_and_wait (const char *recovery_dir)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  char *text = NULL;

  for (guint attempt = 0; text == NULL || text[0] != '.'; attempt++)
    {
      if (attempt % 50 == 0)
        send_char ('.');
      g_usleep (10 * 1000);
      g_free (text);
      text = read_recorded (recovery_dir);
      if (g_get_monotonic_time () > deadline)
        g_error ("the editor never recorded what was typed");
    }
  for (const char *c = TYPED; *c != '\0'; c++)
    send_char (*c);
  while (strstr (text, TYPED) == NULL)
    {
      g_usleep (10 * 1000);
      g_free (text);
      text = read_recorded (recovery_dir);
      if (g_get_monotonic_time () > deadline)
        g_error ("the editor never recorded “%s”: “%s”", TYPED, text);
    }
  return text;
}

static const char *
signal_name (int signum)
{
  return signum == SIGTERM ? "SIGTERM" : signum == SIGINT ? "SIGINT" : "SIGHUP";
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static char **
editor_environment (const char *state_home)
{
  char **env = g_get_environ ();

  env = g_environ_setenv (env, "XDG_STATE_HOME", state_home, TRUE);
  env = g_environ_setenv (env, "LANGUAGE", "C", TRUE);
  return env;
}

/* Waits for the editor to end, 20 seconds at most; returns its wait status. */
static int
reap (GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  int status;

  while (waitpid (pid, &status, WNOHANG) == 0)
    {
      if (g_get_monotonic_time () > deadline)
        {
          kill (pid, SIGKILL);
          waitpid (pid, &status, 0);
          g_error ("the editor did not end after the signal");
        }
      g_usleep (10 * 1000);
    }
  g_spawn_close_pid (pid);
  return status;
}

static char *
read_all (int fd)
{
  GString *text = g_string_new (NULL);
  char buffer[4096];
  gssize n;

  while ((n = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (text, buffer, n);
  close (fd);
  return g_string_free (text, FALSE);
}

/* threadpad --recover-list, in the editor's state folder: one line for the document, with the
 * size of the text recorded. */
static void
check_recover_list (const char *state_home,
                    const char *file_name,
                    const char *recorded)
{
  const char *argv[] = { g_getenv ("THREADPAD_BINARY"), "--recover-list", NULL };
  g_auto(GStrv) env = editor_environment (state_home);
  g_autofree char *out = NULL;
  g_autofree char *size = g_strdup_printf ("\t%zu\n", strlen (recorded));
  g_auto(GStrv) fields = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, env, 0, NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  fields = g_strsplit (out, "\t", -1);
  g_assert_cmpuint (g_strv_length (fields), ==, 5);
  g_assert_cmpstr (fields[1], ==, file_name);
  g_assert_true (g_str_has_suffix (out, size));
}

/* Sends signals (a second one while the editor is stopped, so that both are waiting for it at
 * once), then checks how it ended. */
static void
run_once (int         signum,
          int         second,
          const char *threads)
{
  g_autofree char *home = g_dir_make_tmp ("threadpad-signal-XXXXXX", NULL);
  g_autofree char *file_name = g_strdup_printf ("signal-%d-%d.txt", signum, second);
  g_autofree char *file = g_build_filename (home, file_name, NULL);
  g_autofree char *state = g_build_filename (home, "state", NULL);
  g_autofree char *recovery_dir = g_build_filename (state, "threadpad", "recovery", NULL);
  g_autofree char *report = g_build_filename (home, "report.json", NULL);
  g_autofree char *report_option = g_strconcat ("--latency-report=", report, NULL);
  const char *argv[] = { g_getenv ("THREADPAD_BINARY"), "--standalone", threads, report_option,
                         file, NULL };
  g_auto(GStrv) env = editor_environment (state);
  g_autofree char *recorded = NULL, *err = NULL, *report_text = NULL, *command = NULL;
  g_autoptr(GError) error = NULL;
  int err_fd, status;
  Window window = None;
  GPid pid;

  g_assert_true (g_file_set_contents (file, FILE_TEXT "\n", -1, NULL));
  g_spawn_async_with_pipes (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD,
                            die_with_parent, NULL, &pid, NULL, NULL, &err_fd, &error);
  g_assert_no_error (error);
  for (gint64 start = g_get_monotonic_time (); window == None; g_usleep (20 * 1000))
    {
      window = find_window (DefaultRootWindow (display), file_name);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
    }
  XSetInputFocus (display, window, RevertToParent, CurrentTime);
  recorded = type_and_wait (recovery_dir);

  if (second != 0)
    kill (pid, SIGSTOP);
  kill (pid, signum);
  if (second != 0)
    {
      kill (pid, second);
      kill (pid, SIGCONT);
    }
  status = reap (pid);
  err = read_all (err_fd);
  g_test_message ("%s", err);

  g_assert_true (WIFSIGNALED (status));
  if (second == 0)
    {
      g_autofree char *said = g_strdup_printf ("Threadpad received %s. The unsaved changes in 1 "
                                               "document are kept for recovery",
                                               signal_name (signum));

      g_assert_cmpint (WTERMSIG (status), ==, signum);
      g_assert_nonnull (strstr (err, said));
      g_assert_nonnull (strstr (err, "threadpad --recover-list"));
      g_assert_true (g_file_get_contents (report, &report_text, NULL, NULL));
      g_assert_nonnull (strstr (report_text, "\"main_loop\""));
      /* Over the whole run, the keys typed were timed. */
      g_assert_nonnull (strstr (report_text, "\"input\": { \"keys\": "));
      g_assert_false (g_str_has_prefix (strstr (report_text, "\"input\": { \"keys\": ")
                                        + strlen ("\"input\": { \"keys\": "), "0,"));
    }
  else
    {
      int last = WTERMSIG (status);
      g_autofree char *said = g_strdup_printf ("Threadpad received %s while ending, and quit at "
                                               "once", signal_name (last));

      /* Both wait for the main loop, which takes them in an order of its own. */
      g_assert_true (last == signum || last == second);
      g_assert_nonnull (strstr (err, said));
      g_assert_null (strstr (err, "are kept for recovery"));
    }
  check_recover_list (state, file_name, recorded);

  command = g_strdup_printf ("rm -rf '%s'", home);
  g_assert_cmpint (system (command), ==, 0);
}

static void
test_signal (gconstpointer data)
{
  const int *signals = data;

  /* With the recorder inline, its work moves to its thread for the end. */
  run_once (signals[0], signals[1], signals[2] ? "--threads=off" : "--threads=on");
}

int
main (int   argc,
      char *argv[])
{
  /* The signal, a second one or 0, whether the threads are off. */
  static const int term[] = { SIGTERM, 0, 0 }, interrupt[] = { SIGINT, 0, 1 };
  static const int hangup[] = { SIGHUP, 0, 0 }, twice[] = { SIGTERM, SIGHUP, 0 };

  int status;

  g_test_init (&argc, &argv, NULL);
  /* One connection for all the tests: Xvfb starts afresh when its last client leaves, and
   * refuses connections meanwhile. */
  display = XOpenDisplay (NULL);
  g_assert_nonnull (display);
  g_test_add_data_func ("/Signals/SIGTERM", term, test_signal);
  g_test_add_data_func ("/Signals/SIGINT", interrupt, test_signal);
  g_test_add_data_func ("/Signals/SIGHUP", hangup, test_signal);
  g_test_add_data_func ("/Signals/second-signal", twice, test_signal);
  status = g_test_run ();
  XCloseDisplay (display);
  return status;
}

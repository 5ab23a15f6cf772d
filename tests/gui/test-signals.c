/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SIGTERM, SIGINT and SIGHUP, for real: the editor runs as its own process on the Xvfb display,
 * is typed into with XTest, and gets the signal as from kill(1) or a closing terminal. It must
 * say on standard error that the unsaved work is kept, write the latency report it was asked
 * for, end by that signal, and leave the typed text for --recover-list. A second signal while
 * it ends ends it at once, and still leaves what was on disk. */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tp-outside-harness.h"

#define FILE_TEXT "on disk"
#define TYPED "typed words"

/* The text of the editor's only document on disk right now, or NULL. */
static char *
read_recorded (const char *recovery_dir)
{
  g_autoptr(GDir) runs = g_dir_open (recovery_dir, 0, NULL);
  const char *run;

  while (runs != NULL && (run = g_dir_read_name (runs)) != NULL)
    {
      g_autoptr(TpReplay) replay = tp_outside_replay_document (recovery_dir, run, 1);

      if (replay == NULL)
        continue;
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
        tp_outside_send_char ('.');
      g_usleep (10 * 1000);
      g_free (text);
      text = read_recorded (recovery_dir);
      if (g_get_monotonic_time () > deadline)
        g_error ("the editor never recorded what was typed");
    }
  for (const char *c = TYPED; *c != '\0'; c++)
    tp_outside_send_char (*c);
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

static char **
editor_environment (const char *state_home)
{
  /* The messages checked are the untranslated ones. */
  return g_environ_setenv (tp_outside_environ (state_home), "LANGUAGE", "C", TRUE);
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
  const char *args[] = { "--recover-list", NULL };
  g_auto(GStrv) env = editor_environment (state_home);
  g_autofree char *size = g_strdup_printf ("\t%zu\n", strlen (recorded));
  g_auto(GStrv) fields = NULL;
  int status;
  g_autofree char *out = tp_outside_run (args, env, &status);

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
  const char *args[] = { "--standalone", threads, report_option, file, NULL };
  g_auto(GStrv) env = editor_environment (state);
  g_autofree char *recorded = NULL, *err = NULL, *report_text = NULL;
  int err_fd, status;
  GPid pid;

  g_assert_true (g_file_set_contents (file, FILE_TEXT "\n", -1, NULL));
  pid = tp_outside_start (args, env, &err_fd);
  tp_outside_focus_window (file_name);
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
      g_autofree char *said = g_strdup_printf ("Threadpad received %s while it was already "
                                               "quitting, and quit at once",
                                               signal_name (last));

      /* Both wait for the main loop, which takes them in an order of its own. */
      g_assert_true (last == signum || last == second);
      g_assert_nonnull (strstr (err, said));
      g_assert_null (strstr (err, "are kept for recovery"));
    }
  check_recover_list (state, file_name, recorded);

  tp_outside_remove_tree (home);
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
  tp_outside_open_display ();
  g_test_add_data_func ("/Signals/SIGTERM", term, test_signal);
  g_test_add_data_func ("/Signals/SIGINT", interrupt, test_signal);
  g_test_add_data_func ("/Signals/SIGHUP", hangup, test_signal);
  g_test_add_data_func ("/Signals/second-signal", twice, test_signal);
  status = g_test_run ();
  tp_outside_close_display ();
  return status;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* threadpad --recover-list and --recover-to, run as a person runs them, on what an editor that
 * crashed left behind. */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "record/tp-record-worker.h"
#include "record/tp-recovery.h"

typedef struct
{
  char *home;
  char *state;
} Fixture;

static void
send (TpRecordWorker      *worker,
      TpRecordMessageKind  kind,
      const char          *text)
{
  TpRecordMessage *message = tp_record_message_new (kind, 1);

  if (kind == TP_RECORD_MESSAGE_OPEN)
    message->info.title = g_strdup ("notes.txt");
  if (text != NULL)
    {
      message->text = g_strdup (text);
      message->length = strlen (text);
    }
  tp_record_worker_handle (worker, message);
  tp_record_message_free (message);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *dir = NULL;
  TpRecordWorker *worker;

  fixture->home = g_dir_make_tmp ("threadpad-recover-XXXXXX", NULL);
  fixture->state = g_build_filename (fixture->home, "state", NULL);
  dir = g_build_filename (fixture->state, "threadpad", "recovery", NULL);
  worker = tp_record_worker_new (dir, NULL, NULL);
  send (worker, TP_RECORD_MESSAGE_OPEN, NULL);
  send (worker, TP_RECORD_MESSAGE_PROTECT, NULL);
  send (worker, TP_RECORD_MESSAGE_INSERT, "unsaved words");
  tp_record_worker_flush (worker, g_get_monotonic_time ());
  /* The crash: no finish. */
  tp_record_worker_free (worker);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->home);

  g_assert_cmpint (system (command), ==, 0);
  g_free (fixture->state);
  g_free (fixture->home);
}

static char *
run_threadpad (Fixture    *fixture,
               const char *option,
               int        *status,
               char      **err)
{
  const char *argv[] = { g_getenv ("THREADPAD_BINARY"), option, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  envp = g_environ_setenv (envp, "XDG_STATE_HOME", fixture->state, TRUE);
  envp = g_environ_setenv (envp, "LANGUAGE", "C", TRUE);
  envp = g_environ_unsetenv (envp, "DISPLAY");
  g_spawn_sync (fixture->home, (char **) argv, envp, 0, NULL, NULL, &out, err, status, &error);
  g_assert_no_error (error);
  return out;
}

/* An empty folder name is a mistake in the command, said as such; nothing is lost. */
static void
test_recover_to_empty (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *out = NULL, *err = NULL, *list = NULL;
  int status;

  out = run_threadpad (fixture, "--recover-to=", &status, &err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "--recover-to needs a folder: threadpad --recover-to=FOLDER\n");

  list = run_threadpad (fixture, "--recover-list", &status, NULL);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  g_assert_nonnull (strstr (list, "\tnotes.txt\t-\t"));
  g_assert_true (g_str_has_suffix (list, "\t13\n"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/RecoverCommand/recover-to-empty", Fixture, NULL, fixture_set_up,
              test_recover_to_empty, fixture_tear_down);
  return g_test_run ();
}

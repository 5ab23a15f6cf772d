/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kill -9, for real: the editor runs as its own process on the Xvfb display, is typed into with
 * XTest, and is killed at a random moment. What it left behind must hold every character typed
 * more than 100 ms before the kill, and nothing that was not typed. THREADPAD_KILLS sets how many
 * times (20 by default; build-aux/crash-stress runs more). */
#include "config.h"

#include <X11/keysym.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/wait.h>
#include <string.h>

#include "record/tp-recovery.h"
#include "tp-outside-harness.h"

/* As the buffer holds it: GtkSourceView keeps the file's last newline out of the buffer. */
#define FILE_TEXT "first line on disk\nsecond line"
#define SETTLE_MS 100

typedef struct
{
  GString *sent;      /* the characters typed, in order */
  GArray  *times;     /* when each was sent (monotonic µs) */
} Typed;

/* The text of each document the editor has on disk right now, by title. Reading needs no lock;
 * a torn read only shows less. */
static GHashTable *
read_entries (const char *recovery_dir,
              gboolean    claim)
{
  GHashTable *texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GDir) runs = g_dir_open (recovery_dir, 0, NULL);
  const char *run;

  if (claim)
    {
      g_autoptr(TpRecovery) recovery = tp_recovery_open (recovery_dir);
      GPtrArray *entries = tp_recovery_get_entries (recovery);

      for (guint i = 0; i < entries->len; i++)
        {
          TpRecoveryEntry *entry = g_ptr_array_index (entries, i);

          g_assert_false (entry->replay->damaged);
          g_hash_table_insert (texts, g_strdup (entry->replay->info.title),
                               g_strndup (entry->replay->text, entry->replay->length));
        }
      return texts;
    }
  while (runs != NULL && (run = g_dir_read_name (runs)) != NULL)
    for (guint id = 1; id <= 4; id++)
      {
        g_autoptr(TpReplay) replay = tp_outside_replay_document (recovery_dir, run, id);

        if (replay == NULL)
          continue;
        g_hash_table_insert (texts, g_strdup (replay->info.title),
                             g_strndup (replay->text, replay->length));
      }
  return texts;
}

static const char *
find_text (GHashTable *texts,
           const char *title_part)
{
  GHashTableIter iter;
  const char *title, *text;

  g_hash_table_iter_init (&iter, texts);
  while (g_hash_table_iter_next (&iter, (gpointer *) &title, (gpointer *) &text))
    if (strstr (title, title_part) != NULL)
      return text;
  return NULL;
}

/* Types '.' (not among the typed characters) until the editor has recorded a document that starts with it: then the document is
 * loaded, focused and recorded. Keys sent before that may be dropped, hence the repeats. */
static void
type_until_recorded (const char *recovery_dir,
                     const char *title_part)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  for (guint attempt = 0;; attempt++)
    {
      if (attempt % 50 == 0)
        tp_outside_send_char ('.');
      {
        g_autoptr(GHashTable) texts = read_entries (recovery_dir, FALSE);
        const char *text = find_text (texts, title_part);

        if (text != NULL && text[0] == '.')
          return;
      }
      if (g_get_monotonic_time () > deadline)
        g_error ("the editor never recorded what was typed into %s", title_part);
      g_usleep (10 * 1000);
    }
}

static void
type_text (Typed      *typed,
           GRand      *rand,
           guint       count,
           gint64      kill_at)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz     \n";

  for (guint i = 0; i < count && g_get_monotonic_time () < kill_at; i++)
    {
      char c = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];
      gint64 now;

      /* A line never starts with a space: the editor would indent the next one to match. */
      if (c == ' ' && (typed->sent->len == 0 || typed->sent->str[typed->sent->len - 1] == '\n'))
        c = 'x';

      tp_outside_send_char (c);
      now = g_get_monotonic_time ();
      g_string_append_c (typed->sent, c);
      g_array_append_val (typed->times, now);
      g_usleep (g_rand_int_range (rand, 5, 25) * 1000);
    }
}

/* What was recovered is a prefix of what was typed, and holds everything typed before the
 * settle time. */
static void
check_recovered (const char *label,
                 const char *recovered,
                 Typed      *typed,
                 gint64      killed_at)
{
  gsize required = 0;
  gsize length = strlen (recovered);

  while (required < typed->times->len
         && g_array_index (typed->times, gint64, required) < killed_at - SETTLE_MS * 1000)
    required++;
  if (length < required || length > typed->sent->len
      || strncmp (recovered, typed->sent->str, length) != 0)
    g_error ("%s: recovered %zu characters “%s”, typed %zu “%s”, %zu of them more than %d ms "
             "before the kill", label, length, recovered, typed->sent->len, typed->sent->str,
             required, SETTLE_MS);
}

/* threadpad --recover-to writes the same text, as the editor would have saved it. */
static void
check_recover_to (const char *state_home,
                  const char *home,
                  const char *file_name,
                  const char *expected)
{
  g_autofree char *out = g_build_filename (home, "rescued", NULL);
  g_autofree char *option = g_strconcat ("--recover-to=", out, NULL);
  const char *args[] = { option, NULL };
  g_auto(GStrv) env = tp_outside_environ (state_home);
  g_autofree char *rescued_path = g_build_filename (out, file_name, NULL);
  g_autofree char *rescued = NULL;
  g_autofree char *expected_file = g_strconcat (expected, "\n", NULL);
  int status;
  g_autofree char *output = tp_outside_run (args, env, &status);

  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (output, rescued_path));
  g_assert_true (g_file_get_contents (rescued_path, &rescued, NULL, NULL));
  g_assert_cmpstr (rescued, ==, expected_file);
}

static void
kill_and_reap (GPid pid)
{
  int status;

  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
}

static void
run_once (GRand *rand,
          guint  round)
{
  g_autofree char *home = g_dir_make_tmp ("threadpad-crash-XXXXXX", NULL);
  g_autofree char *file_name = g_strdup_printf ("crash%u.txt", round);
  g_autofree char *file = g_build_filename (home, file_name, NULL);
  g_autofree char *state = g_build_filename (home, "state", NULL);
  g_autofree char *recovery_dir = g_build_filename (state, "threadpad", "recovery", NULL);
  Typed titled = { g_string_new (NULL), g_array_new (FALSE, FALSE, sizeof (gint64)) };
  Typed untitled = { g_string_new (NULL), g_array_new (FALSE, FALSE, sizeof (gint64)) };
  g_autoptr(GHashTable) texts = NULL;
  const char *args[] = { "--standalone", file, NULL };
  g_auto(GStrv) env = tp_outside_environ (state);
  gint64 kill_at, killed_at;
  GPid pid;
  const char *text;

  g_assert_true (g_file_set_contents (file, FILE_TEXT "\n", -1, NULL));
  pid = tp_outside_start (args, env, NULL);
  tp_outside_focus_window (file_name);
  type_until_recorded (recovery_dir, file_name);

  /* The moment of the kill: anywhere in the typing of both documents, or just after. */
  kill_at = g_get_monotonic_time () + g_rand_int_range (rand, 50, 1600) * 1000;
  type_text (&titled, rand, g_rand_int_range (rand, 5, 40), kill_at);
  if (g_get_monotonic_time () < kill_at)
    {
      tp_outside_send_control (XK_n);
      type_until_recorded (recovery_dir, "Untitled");
      type_text (&untitled, rand, 60, kill_at);
    }
  while (g_get_monotonic_time () < kill_at)
    g_usleep (1000);
  killed_at = g_get_monotonic_time ();
  kill_and_reap (pid);

  texts = read_entries (recovery_dir, TRUE);
  text = find_text (texts, file_name);
  g_assert_nonnull (text);
  if (!g_str_has_suffix (text, FILE_TEXT))
    g_error ("%s: the text on disk was changed: “%s”", file_name, text);
  {
    g_autofree char *typed_part = g_strndup (text, strlen (text) - strlen (FILE_TEXT));

    check_recovered (file_name, typed_part + strspn (typed_part, "."), &titled, killed_at);
  }
  if (untitled.times->len > 0)
    {
      text = find_text (texts, "Untitled");
      g_assert_nonnull (text);
      check_recovered ("untitled", text + strspn (text, "."), &untitled, killed_at);
    }
  if (round % 5 == 0)
    check_recover_to (state, home, file_name, find_text (texts, file_name));
  g_test_message ("round %u: %zu + %zu characters typed, %u documents recovered", round,
                  titled.sent->len, untitled.sent->len, g_hash_table_size (texts));

  g_string_free (titled.sent, TRUE);
  g_string_free (untitled.sent, TRUE);
  g_array_unref (titled.times);
  g_array_unref (untitled.times);
  tp_outside_remove_tree (home);
}

static void
test_kill_9 (void)
{
  guint kills = g_getenv ("THREADPAD_KILLS") ? atoi (g_getenv ("THREADPAD_KILLS")) : 20;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  tp_outside_open_display ();
  for (guint round = 1; round <= kills; round++)
    run_once (rand, round);
  tp_outside_close_display ();
}

/* Whether a run of the editor has written its session, naming n tabs, the first one active. */
static gboolean
session_written (const char *recovery_dir,
                 int         n)
{
  g_autoptr(GDir) runs = g_dir_open (recovery_dir, 0, NULL);
  const char *run;

  while (runs != NULL && (run = g_dir_read_name (runs)) != NULL)
    {
      g_autofree char *path = g_build_filename (recovery_dir, run, TP_RECOVERY_SESSION_NAME, NULL);
      g_autoptr(GKeyFile) key_file = g_key_file_new ();

      if (g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, NULL)
          && g_key_file_get_integer (key_file, "Window 0", "Tabs", NULL) == n
          && g_key_file_get_integer (key_file, "Window 0", "ActiveTab", NULL) == 0)
        return TRUE;
    }
  return FALSE;
}

static guint
count_runs (const char *recovery_dir)
{
  g_autoptr(GDir) runs = g_dir_open (recovery_dir, 0, NULL);
  guint n = 0;

  while (runs != NULL && g_dir_read_name (runs) != NULL)
    n++;
  return n;
}

/* The folder of the one run in the recovery folder. */
static char *
only_run (const char *recovery_dir)
{
  g_autoptr(GDir) runs = g_dir_open (recovery_dir, 0, NULL);
  const char *name = runs ? g_dir_read_name (runs) : NULL;

  g_assert_nonnull (name);
  g_assert_cmpuint (count_runs (recovery_dir), ==, 1);
  return g_build_filename (recovery_dir, name, NULL);
}

/* After kill -9, the next start reopens the windows and tabs by itself, unsaved text included,
 * without asking: the run killed goes once the restored text is recorded anew. */
static void
test_session_after_kill_9 (void)
{
  g_autofree char *home = g_dir_make_tmp ("threadpad-crash-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (home, "session.txt", NULL);
  g_autofree char *state = g_build_filename (home, "state", NULL);
  g_autofree char *recovery_dir = g_build_filename (state, "threadpad", "recovery", NULL);
  const char *first_args[] = { "--standalone", file, NULL };
  const char *second_args[] = { "--standalone", NULL };
  g_auto(GStrv) env = tp_outside_environ (state);
  g_autoptr(GHashTable) texts = NULL;
  const char *typed = "kept by the session";
  g_autofree char *killed_run = NULL;
  GPid pid;
  int status;

  tp_outside_open_display ();
  g_assert_true (g_file_set_contents (file, FILE_TEXT "\n", -1, NULL));
  pid = tp_outside_start (first_args, env, NULL);
  tp_outside_focus_window ("session.txt");
  tp_outside_send_control (XK_n);
  type_until_recorded (recovery_dir, "Untitled");
  for (const char *c = typed; *c != '\0'; c++)
    tp_outside_send_char (*c);
  /* Back to the file, whose title (not modified) the next start's window shows if it is
   * restored; a start without the session would show a new untitled document. */
  tp_outside_send_control (XK_Page_Up);
  for (gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC; !session_written (recovery_dir, 2);
       g_usleep (20 * 1000))
    g_assert_cmpint (g_get_monotonic_time (), <, end);
  g_usleep (500 * 1000);
  killed_run = only_run (recovery_dir);
  kill_and_reap (pid);
  tp_outside_wait_window_gone ("session.txt");

  /* Nothing to click: without the restore, the run killed would stay, offered. */
  pid = tp_outside_start (second_args, env, NULL);
  tp_outside_focus_window ("session.txt");
  /* The killed run goes only once the restored text is on disk again, in this run's folder. */
  for (gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
       g_file_test (killed_run, G_FILE_TEST_EXISTS) || count_runs (recovery_dir) != 1;
       g_usleep (20 * 1000))
    g_assert_cmpint (g_get_monotonic_time (), <, end);
  kill (pid, SIGTERM);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);

  texts = read_entries (recovery_dir, TRUE);
  g_assert_cmpuint (g_hash_table_size (texts), ==, 1);
  g_assert_true (g_str_has_suffix (find_text (texts, "Untitled"), typed));
  g_assert_true (session_written (recovery_dir, 2));
  tp_outside_remove_tree (home);
  tp_outside_close_display ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/CrashRecovery/kill-9", test_kill_9);
  g_test_add_func ("/CrashRecovery/session-after-kill-9", test_session_after_kill_9);
  return g_test_run ();
}

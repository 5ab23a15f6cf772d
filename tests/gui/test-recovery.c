/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <utime.h>

#include "record/tp-record-worker.h"
#include "record/tp-recovery.h"
#include "tp-document.h"
#include "tp-gui-harness.h"
#include "../tp-test-record.h"
#include "tp-tab.h"
#include "tp-window.h"

static char *file_path;

/* What an editor that crashed leaves: a titled and an untitled document with unsaved changes. */
static void
leave_crashed_run (void)
{
  g_autofree char *dir = tp_recovery_get_default_dir ();
  TpRecordWorker *worker = tp_record_worker_new (dir, NULL, NULL);
  TpRecordMessage *open_titled = tp_record_message_new (TP_RECORD_MESSAGE_OPEN, 1);
  TpRecordMessage *open_untitled = tp_record_message_new (TP_RECORD_MESSAGE_OPEN, 2);
  g_autofree char *home = tp_gui_make_temp_dir ();

  file_path = tp_gui_write_file (home, "letter.txt", "Dear all,\n", -1);
  open_titled->info.title = g_strdup ("letter.txt");
  open_titled->info.uri = g_filename_to_uri (file_path, NULL, NULL);
  open_titled->info.encoding = g_strdup ("UTF-8");
  tp_record_worker_handle (worker, open_titled);
  tp_record_message_free (open_titled);
  tp_test_record_send (worker, TP_RECORD_MESSAGE_INSERT, 1, 0, "Dear all,");
  tp_test_record_send (worker, TP_RECORD_MESSAGE_PROTECT, 1, 0, NULL);
  tp_test_record_send (worker, TP_RECORD_MESSAGE_INSERT, 1, 9, "\nthe words I must not lose");
  tp_test_record_send (worker, TP_RECORD_MESSAGE_CURSOR, 1, 14, NULL);

  open_untitled->info.title = g_strdup ("Untitled Document 2");
  tp_record_worker_handle (worker, open_untitled);
  tp_record_message_free (open_untitled);
  tp_test_record_send (worker, TP_RECORD_MESSAGE_PROTECT, 2, 0, NULL);
  tp_test_record_send (worker, TP_RECORD_MESSAGE_INSERT, 2, 0, "a note, never saved");
  tp_record_worker_flush (worker, g_get_monotonic_time ());
  /* The crash: no finish, the lock goes with the worker. */
  tp_record_worker_free (worker);
}

static TpTab *
find_tab_titled (TpWindow   *window,
                 const char *title)
{
  g_autoptr(GList) tabs = tp_window_get_tabs (window);

  for (GList *l = tabs; l != NULL; l = l->next)
    if (g_strcmp0 (tp_document_get_title (tp_tab_get_document (l->data)), title) == 0)
      return l->data;
  return NULL;
}

static void
recover_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  GtkWidget *bar;
  TpTab *titled, *untitled;
  GtkTextBuffer *buffer;
  g_autoptr(GFile) file = g_file_new_for_path (file_path);
  int cursor;

  tp_gui_wait_until ((bar = tp_gui_find_named (GTK_WIDGET (window), "recovery")) != NULL);
  tp_gui_click (tp_gui_find_button (bar, "_Recover"));
  tp_gui_wait_until (tp_gui_find_named (GTK_WIDGET (window), "recovery") == NULL);

  titled = find_tab_titled (window, "letter.txt");
  g_assert_nonnull (titled);
  tp_gui_assert_text (titled, "Dear all,\nthe words I must not lose");
  g_assert_true (tp_document_get_modified (tp_tab_get_document (titled)));
  g_assert_true (g_file_equal (tp_document_get_location (tp_tab_get_document (titled)), file));
  buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (tp_tab_get_document (titled)));
  g_object_get (buffer, "cursor-position", &cursor, NULL);
  g_assert_cmpint (cursor, ==, 14);

  untitled = find_tab_titled (window, "Untitled Document 1");
  g_assert_nonnull (untitled);
  tp_gui_assert_text (untitled, "a note, never saved");
  g_assert_true (tp_document_get_modified (tp_tab_get_document (untitled)));

  /* The old run goes once the recovered documents are recorded again, by this editor. */
  tp_gui_wait_until (tp_gui_count_recovery_runs () == 1);

  /* Saving writes the recovered text to the file, and removes its entry. */
  {
    GtkNotebook *notebook = GTK_NOTEBOOK (gtk_widget_get_parent (GTK_WIDGET (titled)));

    gtk_notebook_set_current_page (notebook, gtk_notebook_page_num (notebook, GTK_WIDGET (titled)));
  }
  tp_gui_focus (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (tp_tab_get_view (titled)));
  tp_gui_press ("<Control>s");
  tp_gui_wait_until (!tp_document_get_modified (tp_tab_get_document (titled)));
  {
    g_autofree char *saved = NULL;

    g_assert_true (g_file_get_contents (file_path, &saved, NULL, NULL));
    g_assert_cmpstr (saved, ==, "Dear all,\nthe words I must not lose\n");
  }
}

static void
test_recover_in_window (void)
{
  leave_crashed_run ();
  tp_gui_run_app (NULL, recover_body);
}

static void
discard_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  GtkWidget *bar;

  tp_gui_wait_until ((bar = tp_gui_find_named (GTK_WIDGET (window), "recovery")) != NULL);
  tp_gui_click (tp_gui_find_button (bar, "_Discard"));
  tp_gui_wait_until (tp_gui_count_recovery_runs () == 0);
  g_assert_null (find_tab_titled (window, "letter.txt"));
}

static void
test_discard (void)
{
  leave_crashed_run ();
  tp_gui_run_app (NULL, discard_body);
}

/* A crashed run whose titled document's edits were made to its file as read (the file was its
 * base), and an untitled one; then another program changed the file. */
static void
leave_crashed_run_on_file (void)
{
  g_autofree char *dir = tp_recovery_get_default_dir ();
  TpRecordWorker *worker = tp_record_worker_new (dir, NULL, NULL);
  g_autofree char *home = tp_gui_make_temp_dir ();
  g_autofree char *uri = NULL;
  TpRecordMessageKind kinds[] = { TP_RECORD_MESSAGE_OPEN, TP_RECORD_MESSAGE_LOADING };

  file_path = tp_gui_write_file (home, "letter.txt", "Dear all,\n", -1);
  uri = g_filename_to_uri (file_path, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      TpRecordMessage *message = tp_record_message_new (kinds[i], 1);

      message->info.title = g_strdup ("letter.txt");
      message->info.uri = g_strdup (uri);
      message->info.encoding = g_strdup ("UTF-8");
      tp_record_worker_handle (worker, message);
      tp_record_message_free (message);
    }
  tp_test_record_send (worker, TP_RECORD_MESSAGE_INSERT, 1, 0, "Dear all,");
  {
    TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_LOADED, 1);

    message->info.title = g_strdup ("letter.txt");
    message->info.uri = g_strdup (uri);
    message->info.encoding = g_strdup ("UTF-8");
    tp_record_worker_handle (worker, message);
    tp_record_message_free (message);
  }
  tp_test_record_send (worker, TP_RECORD_MESSAGE_PROTECT, 1, 0, NULL);
  tp_test_record_send (worker, TP_RECORD_MESSAGE_INSERT, 1, 9, "\nwords typed into the file as it was");

  {
    TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_OPEN, 2);

    message->info.title = g_strdup ("Untitled Document 2");
    tp_record_worker_handle (worker, message);
    tp_record_message_free (message);
  }
  tp_test_record_send (worker, TP_RECORD_MESSAGE_PROTECT, 2, 0, NULL);
  tp_test_record_send (worker, TP_RECORD_MESSAGE_INSERT, 2, 0, "a note, never saved");
  tp_record_worker_flush (worker, g_get_monotonic_time ());
  tp_record_worker_free (worker);
  g_assert_true (g_file_set_contents (file_path, "Another program wrote this.\n", -1, NULL));
}

/* Once the editor has let go of the crashed run: nothing left to offer there, one refused. */
static gboolean
only_refused_left (void)
{
  g_autofree char *dir = tp_recovery_get_default_dir ();
  g_autoptr(TpRecovery) recovery = tp_recovery_open (dir);

  return tp_recovery_get_entries (recovery)->len == 0
         && tp_recovery_get_refused (recovery)->len == 1;
}

static const char *bar_text (GtkWidget *bar);

static void
changed_base_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  GtkWidget *refused, *offer;

  tp_gui_wait_until ((offer = tp_gui_find_named (GTK_WIDGET (window), "recovery")) != NULL);
  refused = tp_gui_find_named (GTK_WIDGET (window), "recovery-refused");
  g_assert_nonnull (refused);
  g_assert_nonnull (strstr (bar_text (refused), "letter.txt"));
  g_assert_nonnull (strstr (bar_text (refused), "has been changed since"));
  g_assert_nonnull (strstr (bar_text (offer), "1 document has unsaved changes"));

  tp_gui_click (tp_gui_find_button (offer, "_Recover"));
  tp_gui_wait_until (find_tab_titled (window, "Untitled Document 1") != NULL);
  g_assert_null (find_tab_titled (window, "letter.txt"));
  /* Once the recovered document is recorded again, its old entry goes; the refused one stays. */
  tp_gui_wait_until (only_refused_left ());
}

/* Edits made to a file that another program changed since are not put on it: a bar says so,
 * and they stay on disk. */
static void
test_changed_base (void)
{
  leave_crashed_run_on_file ();
  tp_gui_run_app (NULL, changed_base_body);
}

#define JUNK_RUNS     10000
#define REAL_ENTRIES  70
#define OPENED        50

static void
put_file (const char *dir,
          const char *name,
          const char *contents,
          gssize      length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

/* Years of crashes: thousands of folders with nothing worth recovering (empty files, files that
 * are not recovery data, folders that lost their lock), and one with many documents. */
static void
leave_many_runs (void)
{
  g_autofree char *dir = tp_recovery_get_default_dir ();
  g_autofree char *home = tp_gui_make_temp_dir ();
  TpRecordWorker *worker;

  for (guint i = 0; i < JUNK_RUNS; i++)
    {
      g_autofree char *name = g_strdup_printf ("1%05u-%08x", i, i);
      g_autofree char *run = g_build_filename (dir, name, NULL);
      struct utimbuf long_ago = { 1000000000, 1000000000 };

      g_assert_cmpint (g_mkdir_with_parents (run, 0700), ==, 0);
      switch (i % 3)
        {
        case 0:
          put_file (run, TP_RECOVERY_LOCK_NAME, "", 0);
          put_file (run, "1" TP_RECOVERY_SNAPSHOT_SUFFIX, "", 0);
          put_file (run, "1" TP_RECOVERY_JOURNAL_SUFFIX, "", 0);
          break;
        case 1:
          put_file (run, TP_RECOVERY_LOCK_NAME, "", 0);
          put_file (run, "1" TP_RECOVERY_SNAPSHOT_SUFFIX, "not recovery data", -1);
          break;
        default:
          g_assert_cmpint (utime (run, &long_ago), ==, 0);
          break;
        }
    }

  worker = tp_record_worker_new (dir, NULL, NULL);
  for (guint id = 1; id <= REAL_ENTRIES; id++)
    {
      TpRecordMessage *open = tp_record_message_new (TP_RECORD_MESSAGE_OPEN, id);
      g_autofree char *text = g_strdup_printf ("the words of document %u", id);
      g_autofree char *name = g_strdup_printf ("document %u.txt", id);
      g_autofree char *path = g_build_filename (home, name, NULL);

      open->info.title = g_strdup (name);
      open->info.uri = g_filename_to_uri (path, NULL, NULL);
      /* Distinct times: the newest first. */
      open->time = id;
      tp_record_worker_handle (worker, open);
      tp_record_message_free (open);
      tp_test_record_send (worker, TP_RECORD_MESSAGE_PROTECT, id, 0, NULL);
      tp_test_record_send (worker, TP_RECORD_MESSAGE_INSERT, id, 0, text);
    }
  tp_record_worker_flush (worker, g_get_monotonic_time ());
  tp_record_worker_free (worker);
}

static const char *
bar_text (GtkWidget *bar)
{
  GtkWidget *area = gtk_info_bar_get_content_area (GTK_INFO_BAR (bar));
  g_autoptr(GList) children = gtk_container_get_children (GTK_CONTAINER (area));

  return gtk_label_get_text (GTK_LABEL (children->data));
}

static guint
count_tabs (TpWindow *window)
{
  g_autoptr(GList) tabs = tp_window_get_tabs (window);

  return g_list_length (tabs);
}

/* THREADPAD_SCREENSHOT_PAUSE=MS holds the window still, for a picture of it from outside. */
static void
pause_for_screenshot (void)
{
  if (g_getenv ("THREADPAD_SCREENSHOT_PAUSE") != NULL)
    tp_gui_sleep (atoi (g_getenv ("THREADPAD_SCREENSHOT_PAUSE")));
}

/* The details list a screenful of documents and say how many more there are. */
static void
check_details (GtkWidget *bar)
{
  GtkWindow *dialog;
  g_autofree char *secondary = NULL;
  g_auto(GStrv) lines = NULL;
  guint rows = 0;

  tp_gui_click (tp_gui_find_button (bar, "Show _Details"));
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG);
  g_object_get (dialog, "secondary-text", &secondary, NULL);
  lines = g_strsplit (secondary, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    rows += g_str_has_prefix (lines[i], "document ");
  g_assert_cmpuint (rows, ==, 12);
  g_assert_true (g_str_has_prefix (lines[0], "document 70.txt "));
  g_assert_nonnull (strstr (secondary, "58 more documents"));
  pause_for_screenshot ();
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CLOSE);
  tp_gui_wait_until (tp_gui_find_window (GTK_TYPE_MESSAGE_DIALOG) == NULL);
}

/* What another editor would offer now, or NULL if nothing. */
static TpRecovery *
open_offered (const char *dir)
{
  TpRecovery *recovery = tp_recovery_open (dir);

  if (tp_recovery_get_entries (recovery)->len > 0)
    return recovery;
  tp_recovery_free (recovery);
  return NULL;
}

static void
many_entries_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  g_autofree char *dir = tp_recovery_get_default_dir ();
  GtkWidget *bar, *kept;
  gint64 longest = 0;
  g_autoptr(TpRecovery) left = NULL;
  GPtrArray *entries;

  tp_gui_wait_until_within ((bar = tp_gui_find_named (GTK_WIDGET (window), "recovery")) != NULL, 60);
  g_assert_nonnull (strstr (bar_text (bar), "70 documents have unsaved changes"));
  g_assert_nonnull (strstr (bar_text (bar), "the 50 most recent"));
  /* Nothing worth recovering is gone already; damaged/ keeps the unreadable files. */
  g_assert_cmpuint (tp_gui_count_recovery_runs (), ==, 2);
  check_details (bar);

  tp_gui_click (tp_gui_find_button (bar, "_Recover"));
  /* The window keeps drawing while the tabs are made. */
  for (gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
       (kept = tp_gui_find_named (GTK_WIDGET (window), "recovery-kept")) == NULL;)
    {
      gint64 start = g_get_monotonic_time ();

      g_main_context_iteration (NULL, FALSE);
      longest = MAX (longest, g_get_monotonic_time () - start);
      g_assert_cmpint (start, <, deadline);
    }
  g_test_message ("the longest main-loop turn while recovering took %" G_GINT64_FORMAT " ms",
                  longest / 1000);
  g_assert_cmpint (longest, <, G_USEC_PER_SEC);
  g_assert_cmpuint (count_tabs (window), ==, OPENED);
  g_assert_nonnull (find_tab_titled (window, "document 70.txt"));
  g_assert_nonnull (find_tab_titled (window, "document 21.txt"));
  g_assert_null (find_tab_titled (window, "document 20.txt"));
  g_assert_nonnull (strstr (bar_text (kept), "20 more documents"));
  g_assert_nonnull (strstr (bar_text (kept), "--recover-to"));
  pause_for_screenshot ();

  /* The opened ones leave the old folder once recorded again; the 20 others stay in it, and are
   * offered again once this editor lets go of them. */
  tp_gui_wait_until_within ((left = open_offered (dir)) != NULL, 30);
  entries = tp_recovery_get_entries (left);
  g_assert_cmpuint (entries->len, ==, REAL_ENTRIES - OPENED);
  g_assert_cmpstr (((TpRecoveryEntry *) g_ptr_array_index (entries, 0))->replay->info.title,
                   ==, "document 20.txt");
  g_assert_cmpuint (tp_gui_count_recovery_runs (), ==, 3);
}

static void
test_many_entries (void)
{
  leave_many_runs ();
  tp_gui_run_app (NULL, many_entries_body);
}

/* The text this editor's recorder has on disk for its only document, read as recovery would. */
static char *
read_own_entry (TpRecorder *recorder)
{
  g_autofree char *prefix = g_strdup_printf ("%d-", (int) getpid ());
  g_autoptr(GDir) runs = g_dir_open (tp_recorder_get_dir (recorder), 0, NULL);
  g_autofree char *run_path = NULL;
  g_autoptr(GDir) files = NULL;
  const char *run, *name;

  g_assert_nonnull (runs);
  while ((run = g_dir_read_name (runs)) != NULL && !g_str_has_prefix (run, prefix))
    ;
  g_assert_nonnull (run);
  run_path = g_build_filename (tp_recorder_get_dir (recorder), run, NULL);
  files = g_dir_open (run_path, 0, NULL);

  while ((name = g_dir_read_name (files)) != NULL)
    {
      g_autofree char *base = NULL, *path = NULL;
      g_autoptr(GBytes) snapshot = NULL, journal = NULL;
      g_autoptr(TpReplay) replay = NULL;
      char *contents;
      gsize length;

      if (!g_str_has_suffix (name, ".snapshot"))
        continue;
      base = g_strndup (name, strlen (name) - strlen (".snapshot"));
      path = g_build_filename (run_path, name, NULL);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      snapshot = g_bytes_new_take (contents, length);
      g_free (path);
      path = g_strdup_printf ("%s/%s.journal", run_path, base);
      if (g_file_get_contents (path, &contents, &length, NULL))
        journal = g_bytes_new_take (contents, length);
      replay = tp_journal_replay (snapshot, journal);
      return g_strndup (replay->text, replay->length);
    }
  return NULL;
}

/* The first keystroke in an unmodified document counts as safe only once it is on disk, in the
 * document's first snapshot: not while that snapshot cannot be written. */
static void
first_keystroke_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpRecorder *recorder = tp_application_get_recorder (app);
  const TpRecordStats *stats = tp_recorder_get_stats (recorder);
  TpTab *tab = tp_window_get_active_tab (window);
  g_autofree char *recorded = NULL;

  tp_gui_focus (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (tp_tab_get_view (tab)));
  tp_recorder_inject_write_error (recorder, ENOSPC);
  tp_gui_type ("x");
  tp_gui_wait_until (tp_recorder_get_problem (recorder) != NULL);
  g_assert_cmpint (g_atomic_pointer_get ((gssize *) &stats->messages), ==, 1);
  g_assert_cmpint (g_atomic_pointer_get ((gssize *) &stats->durable_messages), ==, 0);

  tp_recorder_inject_write_error (recorder, 0);
  tp_gui_wait_until (g_atomic_pointer_get ((gssize *) &stats->durable_messages) == 1);
  recorded = read_own_entry (recorder);
  g_assert_cmpstr (recorded, ==, "x");
}

static void
test_first_keystroke (void)
{
  tp_gui_run_app (NULL, first_keystroke_body);
}

/* A full disk: the warning appears while typing goes on, and goes when space returns. */
static void
not_protected_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpRecorder *recorder = tp_application_get_recorder (app);
  TpTab *tab = tp_window_get_active_tab (window);

  tp_gui_focus (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (tp_tab_get_view (tab)));
  tp_gui_type ("kept ");
  tp_recorder_inject_write_error (recorder, ENOSPC);
  tp_gui_type ("typing goes on");
  tp_gui_wait_until (tp_gui_find_named (GTK_WIDGET (window), "protection-warning") != NULL);
  g_assert_nonnull (strstr (tp_recorder_get_problem (recorder), "disk is full"));
  tp_gui_assert_text (tab, "kept typing goes on");

  tp_recorder_inject_write_error (recorder, 0);
  tp_gui_wait_until (tp_gui_find_named (GTK_WIDGET (window), "protection-warning") == NULL);
  g_assert_null (tp_recorder_get_problem (recorder));
}

static void
test_not_protected (void)
{
  tp_gui_run_app (NULL, not_protected_body);
}

int
main (int   argc,
      char *argv[])
{
  tp_gui_init (&argc, &argv);
  tp_gui_add ("/recovery/recover-in-window", test_recover_in_window);
  tp_gui_add ("/recovery/discard", test_discard);
  tp_gui_add ("/recovery/changed-base", test_changed_base);
  tp_gui_add ("/recovery/many-entries", test_many_entries);
  tp_gui_add ("/recovery/first-keystroke", test_first_keystroke);
  tp_gui_add ("/recovery/not-protected", test_not_protected);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "record/tp-record-worker.h"
#include "record/tp-recorder.h"
#include "record/tp-recovery.h"
#include "tp-document.h"
#include "tp-gui-harness.h"
#include "../tp-test-record.h"
#include "tp-tab.h"
#include "tp-window.h"

/* Session restore, in the real window: what an earlier editor left (a session file beside its
 * entries, made here with the recorder's own worker) comes back on start, and what this editor
 * leaves when it quits is what the next one needs. */

static char *home;
static char *left_run;     /* the folder the earlier editor left */
static char *notes_path;   /* a file the earlier editor had open, unchanged */
static char *letter_path;  /* one it had open with unsaved changes */

static void
open_document (TpRecordWorker *worker,
               guint           id,
               const char     *title,
               const char     *path)
{
  TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_OPEN, id);

  message->info.title = g_strdup (title);
  message->info.uri = path ? g_filename_to_uri (path, NULL, NULL) : NULL;
  message->info.encoding = g_strdup ("UTF-8");
  tp_record_worker_handle (worker, message);
  tp_record_message_free (message);
}

static void
make_files (void)
{
  home = tp_gui_make_temp_dir ();
  notes_path = tp_gui_write_file (home, "notes.txt", "one\ntwo\nthree\nfour\n", -1);
  letter_path = tp_gui_write_file (home, "letter.txt", "Dear all,\n", -1);
}

/* An earlier editor: document 1 is letter.txt with unsaved changes, 2 an untitled document,
 * 3 notes.txt as saved, 4 an untitled document the session does not name (opened a moment
 * before the end). session is its session file's text, or NULL. */
static void
leave_run (const char *session,
           gboolean    crashed)
{
  g_autofree char *dir = tp_recovery_get_default_dir ();
  TpRecordWorker *worker = tp_record_worker_new (dir, NULL, NULL);

  open_document (worker, 1, "letter.txt", letter_path);
  tp_test_record_send (worker, TP_RECORD_MESSAGE_INSERT, 1, 0, "Dear all,\n");
  tp_test_record_send (worker, TP_RECORD_MESSAGE_PROTECT, 1, 0, NULL);
  tp_test_record_send (worker, TP_RECORD_MESSAGE_INSERT, 1, 10, "the words I must not lose");
  open_document (worker, 2, "Untitled Document 1", NULL);
  tp_test_record_send (worker, TP_RECORD_MESSAGE_PROTECT, 2, 0, NULL);
  tp_test_record_send (worker, TP_RECORD_MESSAGE_INSERT, 2, 0, "a note, never saved");
  open_document (worker, 3, "notes.txt", notes_path);
  open_document (worker, 4, "Untitled Document 2", NULL);
  tp_test_record_send (worker, TP_RECORD_MESSAGE_PROTECT, 4, 0, NULL);
  tp_test_record_send (worker, TP_RECORD_MESSAGE_INSERT, 4, 0, "typed just before the end");
  if (session != NULL)
    tp_test_record_send (worker, TP_RECORD_MESSAGE_SESSION, 0, 0, session);
  g_free (left_run);
  left_run = g_strdup (tp_record_worker_get_session_dir (worker));
  if (crashed)
    tp_record_worker_flush (worker, g_get_monotonic_time ());
  else
    {
      tp_test_record_send (worker, TP_RECORD_MESSAGE_KEEP, 0, 0, NULL);
      for (guint id = 1; id <= 4; id++)
        tp_test_record_send (worker, TP_RECORD_MESSAGE_CLOSE, id, 0, NULL);
      tp_record_worker_finish (worker);
    }
  tp_record_worker_free (worker);
}

static char *
session_text (void)
{
  g_autofree char *notes_uri = g_filename_to_uri (notes_path, NULL, NULL);
  g_autofree char *letter_uri = g_filename_to_uri (letter_path, NULL, NULL);

  return g_strdup_printf ("[Session]\nVersion=1\nWindows=2\nActiveWindow=0\n"
                          "[Window 0]\nTabs=2\nActiveTab=1\nWidth=700\nHeight=500\n"
                          "[Window 0 Tab 0]\nDocument=3\nLocation=%s\nLine=2\nColumn=1\nLanguage=c\n"
                          "[Window 0 Tab 1]\nDocument=2\nLine=0\nColumn=2\n"
                          "[Window 1]\nTabs=1\nActiveTab=0\n"
                          "[Window 1 Tab 0]\nDocument=1\nLocation=%s\n",
                          notes_uri, letter_uri);
}

static guint
count_tp_windows (TpApplication *app)
{
  guint n = 0;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    n += TP_IS_WINDOW (l->data);
  return n;
}

static guint
count_tabs (TpWindow *window)
{
  g_autoptr(GList) tabs = tp_window_get_tabs (window);

  return g_list_length (tabs);
}

static TpTab *
nth_tab (TpWindow *window,
         guint     n)
{
  g_autoptr(GList) tabs = tp_window_get_tabs (window);

  return g_list_nth_data (tabs, n);
}

static int
cursor_line (TpTab *tab)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (tp_tab_get_document (tab)));
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_line (&cursor);
}

static void
restore_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpWindow *second;
  TpTab *notes, *note, *letter, *late;

  /* Two windows: notes.txt and the untitled note in the first, letter.txt in the second, and
   * the document the session did not name at the end of the first. */
  tp_gui_wait_until (count_tp_windows (app) == 2 && count_tabs (window) == 3);
  second = tp_gui_other_window (app, window);
  tp_gui_wait_until (count_tabs (second) == 1);

  notes = nth_tab (window, 0);
  tp_gui_wait_until (!tp_document_get_busy (tp_tab_get_document (notes)));
  tp_gui_assert_text (notes, "one\ntwo\nthree\nfour");
  g_assert_false (tp_document_get_modified (tp_tab_get_document (notes)));
  tp_gui_wait_until (cursor_line (notes) == 2);
  /* The highlighting language chosen for it comes back too. */
  tp_gui_wait_until (gtk_source_buffer_get_language (tp_document_get_buffer (
                       tp_tab_get_document (notes))) != NULL);
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (
                     tp_document_get_buffer (tp_tab_get_document (notes)))), ==, "c");

  note = nth_tab (window, 1);
  tp_gui_assert_text (note, "a note, never saved");
  g_assert_true (tp_document_get_modified (tp_tab_get_document (note)));
  g_assert_null (tp_document_get_location (tp_tab_get_document (note)));
  g_assert_true (tp_window_get_active_tab (window) == note);

  late = nth_tab (window, 2);
  tp_gui_assert_text (late, "typed just before the end");

  letter = nth_tab (second, 0);
  tp_gui_assert_text (letter, "Dear all,\nthe words I must not lose");
  g_assert_true (tp_document_get_modified (tp_tab_get_document (letter)));

  /* Nothing is asked: the session comes back as it was. */
  g_assert_null (tp_gui_find_named (GTK_WIDGET (window), "recovery"));
  /* The earlier run goes once this one has recorded the text anew (the recorder removes old
   * data only when what replaces it is on disk), and this run's folder holds that text. */
  tp_gui_wait_until (!g_file_test (left_run, G_FILE_TEST_EXISTS));
  tp_gui_wait_until (tp_gui_count_recovery_runs () == 1);
}

static void
test_restore_after_quit (void)
{
  g_autofree char *session = NULL;

  make_files ();
  session = session_text ();
  leave_run (session, FALSE);
  tp_gui_run_app (NULL, restore_body);
}

static void
test_restore_after_crash (void)
{
  g_autofree char *session = NULL;

  make_files ();
  session = session_text ();
  leave_run (session, TRUE);
  tp_gui_run_app (NULL, restore_body);
}

/* A session file that is not one: every entry still comes back, none is lost. */
static void
unreadable_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  g_autoptr(GString) texts = g_string_new (NULL);

  tp_gui_wait_until (count_tabs (window) == 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = tp_gui_get_text (nth_tab (window, i));

      g_string_append_printf (texts, "%s|", text);
    }
  g_assert_nonnull (strstr (texts->str, "a note, never saved|"));
  g_assert_nonnull (strstr (texts->str, "Dear all,\nthe words I must not lose|"));
  g_assert_nonnull (strstr (texts->str, "typed just before the end|"));
  tp_gui_wait_until (!g_file_test (left_run, G_FILE_TEST_EXISTS));
}

static void
test_unreadable_session (void)
{
  make_files ();
  leave_run ("[Session\n\x01garbage", FALSE);
  tp_gui_run_app (NULL, unreadable_body);
}

/* With restore off, the entries are offered as after a crash, and the session file goes. */
static void
off_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);

  tp_gui_wait_until (tp_gui_find_named (GTK_WIDGET (window), "recovery") != NULL);
  g_assert_cmpuint (count_tabs (window), ==, 1);
  g_assert_cmpuint (count_tp_windows (app), ==, 1);
}

static void
test_restore_off (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *session = NULL;
  g_autofree char *dir = tp_recovery_get_default_dir ();
  g_autoptr(TpRecovery) recovery = NULL;

  make_files ();
  session = session_text ();
  leave_run (session, FALSE);
  g_settings_set_boolean (settings, "restore-session", FALSE);
  tp_gui_run_app (NULL, off_body);
  /* Offered, not taken: the entries are still there, without a session to restore. */
  recovery = tp_recovery_open (dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 3);
  g_assert_null (tp_recovery_take_session (recovery));
}

/* The session this editor leaves: read back as the next start reads it. */
static TpRecovery *
open_left_session (GKeyFile **key_file)
{
  g_autofree char *dir = tp_recovery_get_default_dir ();
  g_autoptr(TpRecovery) recovery = tp_recovery_open (dir);
  TpRecovery *session = tp_recovery_take_session (recovery);

  g_assert_nonnull (session);
  *key_file = g_key_file_new ();
  g_assert_true (g_key_file_load_from_data (*key_file, tp_recovery_get_session (session), -1,
                                            G_KEY_FILE_NONE, NULL));
  return session;
}

static void
type_note (TpWindow *window)
{
  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_press ("<Control>n");
  tp_gui_wait_until (count_tabs (window) == 2);
  tp_gui_wait_idle ();
  tp_gui_type ("kept for later");
  tp_gui_wait_until (tp_document_get_modified (tp_tab_get_document (
                       tp_window_get_active_tab (window))));
}

static void
quit_without_asking_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);

  tp_gui_wait_for_loaded (window);
  type_note (window);
  tp_gui_press ("<Control>q");
  tp_gui_wait_until (count_tp_windows (app) == 0);
}

static void
test_quit_without_asking (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *args[] = { NULL, NULL };
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(TpRecovery) session = NULL;
  g_autofree char *notes_uri = NULL;
  g_autofree char *location = NULL;
  TpRecoveryEntry *entry;
  guint64 document;

  make_files ();
  args[0] = notes_path;
  g_settings_set_boolean (settings, "quit-without-asking", TRUE);
  tp_gui_run_app (args, quit_without_asking_body);

  /* notes.txt and the note, in that order; the note's text is in its entry. */
  session = open_left_session (&key_file);
  g_assert_cmpint (g_key_file_get_integer (key_file, "Window 0", "Tabs", NULL), ==, 2);
  g_assert_cmpint (g_key_file_get_integer (key_file, "Window 0", "ActiveTab", NULL), ==, 1);
  notes_uri = g_filename_to_uri (notes_path, NULL, NULL);
  location = g_key_file_get_string (key_file, "Window 0 Tab 0", "Location", NULL);
  g_assert_cmpstr (location, ==, notes_uri);
  g_assert_false (g_key_file_has_key (key_file, "Window 0 Tab 1", "Location", NULL));
  document = g_key_file_get_uint64 (key_file, "Window 0 Tab 1", "Document", NULL);
  entry = tp_recovery_find_entry (session, (guint) document);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->replay->text, ==, "kept for later");
  g_assert_cmpuint (tp_recovery_get_entries (session)->len, ==, 1);
}

/* Quitting without asking, with the disk full: the note cannot be kept, so the quit asks
 * about it instead of letting it go. */
static void
disk_full_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  GtkWindow *dialog;

  tp_gui_wait_for_loaded (window);
  tp_recorder_inject_write_error (tp_application_get_recorder (app), ENOSPC);
  type_note (window);
  tp_gui_press ("<Control>q");
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  tp_gui_wait_idle ();
  g_assert_cmpuint (count_tp_windows (app), ==, 1);
  tp_recorder_inject_write_error (tp_application_get_recorder (app), 0);
}

static void
test_quit_without_asking_disk_full (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *args[] = { NULL, NULL };

  make_files ();
  args[0] = notes_path;
  g_settings_set_boolean (settings, "quit-without-asking", TRUE);
  tp_gui_run_app (args, disk_full_body);
}

/* Asking, as by default: "Close without Saving" throws the note away on purpose, and only the
 * file is reopened next time. */
static void
quit_asking_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  GtkWindow *dialog;

  tp_gui_wait_for_loaded (window);
  type_note (window);
  tp_gui_press ("<Control>q");
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG);
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (dialog), "Close _without Saving"));
  tp_gui_wait_until (count_tp_windows (app) == 0);
}

static void
test_quit_asking (void)
{
  const char *args[] = { NULL, NULL };
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(TpRecovery) session = NULL;
  g_autofree char *notes_uri = NULL;
  g_autofree char *location = NULL;

  make_files ();
  args[0] = notes_path;
  tp_gui_run_app (args, quit_asking_body);

  session = open_left_session (&key_file);
  notes_uri = g_filename_to_uri (notes_path, NULL, NULL);
  location = g_key_file_get_string (key_file, "Window 0 Tab 0", "Location", NULL);
  g_assert_cmpstr (location, ==, notes_uri);
  g_assert_cmpuint (tp_recovery_get_entries (session)->len, ==, 0);
}

/* Closing the last window is quitting: with quitting without asking, nothing is asked. */
static void
close_last_window_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);

  tp_gui_wait_for_loaded (window);
  type_note (window);
  gtk_window_close (GTK_WINDOW (window));
  tp_gui_wait_until (count_tp_windows (app) == 0);
}

static void
test_close_last_window (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *args[] = { NULL, NULL };
  g_autoptr(GKeyFile) key_file = NULL;
  g_autoptr(TpRecovery) session = NULL;

  make_files ();
  args[0] = notes_path;
  g_settings_set_boolean (settings, "quit-without-asking", TRUE);
  tp_gui_run_app (args, close_last_window_body);
  session = open_left_session (&key_file);
  g_assert_cmpuint (tp_recovery_get_entries (session)->len, ==, 1);
}

/* While the editor runs, the session follows the tabs: a tab closed on purpose leaves it. */
static gboolean
session_names_tabs (guint n)
{
  g_autofree char *dir = tp_recovery_get_default_dir ();
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, TP_RECOVERY_SESSION_NAME, NULL);
      g_autoptr(GKeyFile) key_file = g_key_file_new ();

      if (g_key_file_load_from_file (key_file, path, G_KEY_FILE_NONE, NULL))
        return g_key_file_get_integer (key_file, "Window 0", "Tabs", NULL) == (int) n;
    }
  return n == 0;
}

static void
follows_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  GtkWindow *dialog;

  tp_gui_wait_for_loaded (window);
  tp_gui_wait_until (session_names_tabs (1));
  type_note (window);
  tp_gui_wait_until (session_names_tabs (2));
  tp_gui_press ("<Control>w");
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG);
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (dialog), "Close _without Saving"));
  tp_gui_wait_until (session_names_tabs (1));
}

static void
test_follows_tabs (void)
{
  const char *args[] = { NULL, NULL };

  make_files ();
  args[0] = notes_path;
  tp_gui_run_app (args, follows_body);
}

/* A tab that comes into a window while its close asks about another (a restore still opening
 * documents, a tab dropped there) is asked about too, not closed with the window unasked. */
static void
late_tab_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  GtkWindow *dialog;
  TpTab *late;

  tp_gui_wait_for_loaded (window);
  type_note (window);
  tp_window_close_async (window, NULL, NULL);
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG);
  late = tp_window_new_tab (window);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (tp_document_get_buffer (tp_tab_get_document (late))),
                            "came late", -1);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_NO);
  /* Asked about the late tab now; the window is still there until that is answered. */
  tp_gui_wait_until (tp_gui_find_window (GTK_TYPE_MESSAGE_DIALOG) != NULL
                     && tp_gui_find_window (GTK_TYPE_MESSAGE_DIALOG) != dialog);
  g_assert_cmpuint (count_tp_windows (app), ==, 1);
  tp_gui_assert_text (late, "came late");
  gtk_dialog_response (GTK_DIALOG (tp_gui_find_window (GTK_TYPE_MESSAGE_DIALOG)), GTK_RESPONSE_NO);
  tp_gui_wait_until (count_tp_windows (app) == 0);
}

static void
test_late_tab_asked (void)
{
  const char *args[] = { NULL, NULL };

  make_files ();
  args[0] = notes_path;
  tp_gui_run_app (args, late_tab_body);
}

int
main (int   argc,
      char *argv[])
{
  tp_gui_init (&argc, &argv);
  tp_gui_add ("/session/restore-after-quit", test_restore_after_quit);
  tp_gui_add ("/session/restore-after-crash", test_restore_after_crash);
  tp_gui_add ("/session/unreadable", test_unreadable_session);
  tp_gui_add ("/session/off", test_restore_off);
  tp_gui_add ("/session/quit-without-asking", test_quit_without_asking);
  tp_gui_add ("/session/quit-without-asking-disk-full", test_quit_without_asking_disk_full);
  tp_gui_add ("/session/quit-asking", test_quit_asking);
  tp_gui_add ("/session/close-last-window", test_close_last_window);
  tp_gui_add ("/session/follows-tabs", test_follows_tabs);
  tp_gui_add ("/session/late-tab-asked", test_late_tab_asked);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define _GNU_SOURCE /* pipe2 () */
#include "config.h"

#include <gdk/gdkx.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <X11/extensions/XTest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "tp-demo.h"
#include "tp-document.h"
#include "tp-gui-harness.h"
#include "tp-location.h"
#include "tp-safe-save.h"
#include "tp-tab.h"
#include "tp-window.h"

/* Saving never changes a file the user did not ask to change, and text typed during a save or
 * a load is never marked saved or dropped without a word. */

static char *test_dir;
static char *test_path;
static GBytes *original;

static void
assert_file_unchanged (void)
{
  g_autoptr(GBytes) now = tp_gui_read_file (test_path);

  if (!g_bytes_equal (now, original))
    g_error ("%s changed: %zu bytes, was %zu", test_path, g_bytes_get_size (now),
             g_bytes_get_size (original));
}

static void
write_test_file (const char *name,
                 const char *contents,
                 gsize       length)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, name, contents, length);
  original = g_bytes_new (contents, length);
}

static gboolean
message_says (TpTab      *tab,
              const char *words)
{
  return tp_tab_get_message (tab) != NULL && strstr (tp_tab_get_message (tab), words) != NULL;
}

static void
assert_message_contains (TpTab      *tab,
                         const char *words)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!message_says (tab, words))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("the message above the text does not say “%s”: %s", words,
                 tp_tab_get_message (tab) ? tp_tab_get_message (tab) : "(none)");
      tp_gui_sleep (5);
    }
}

static TpDocument *
document_of (TpTab *tab)
{
  return tp_tab_get_document (tab);
}

/* Ctrl+S, then the main loop until the save (if any) is over. */
static void
press_save (TpTab *tab)
{
  tp_gui_press ("<Control>s");
  tp_gui_wait_idle ();
  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
}

/* ---- line ends ---- */

/* A file that does not end with a line end is saved without one; one that does keeps it. */
static void
final_line_end_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  tp_gui_press ("<Control>End");
  tp_gui_type ("x");
  tp_gui_wait_until (tp_document_get_modified (document_of (tab)));
  press_save (tab);
  {
    g_autoptr(GBytes) now = tp_gui_read_file (test_path);
    gsize length;
    const char *data = g_bytes_get_data (original, &length);
    gboolean ends_line = length > 0 && data[length - 1] == '\n';
    g_autofree char *expected = ends_line ? g_strdup_printf ("%.*sx\n", (int) length - 1, data)
                                          : g_strdup_printf ("%.*sx", (int) length, data);

    g_assert_cmpmem (g_bytes_get_data (now, NULL), g_bytes_get_size (now), expected,
                     strlen (expected));
  }
}

static void
test_no_final_line_end (void)
{
  write_test_file ("no-end.txt", "two lines\nno end", 16);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, final_line_end_body);
}

static void
test_final_line_end (void)
{
  write_test_file ("end.txt", "two lines\nan end\n", 17);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, final_line_end_body);
}

/* ---- a binary file ---- */

static void
binary_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  assert_message_contains (tab, "binary file");
  press_save (tab);
  assert_file_unchanged ();

  /* Opened anyway, and saved without an edit: still nothing written. */
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (tab), "_Open Anyway"));
  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  g_assert_cmpint (tp_document_get_content (document_of (tab)), ==, TP_DOCUMENT_CONTENT_CONVERTED);
  press_save (tab);
  assert_file_unchanged ();

  /* After an edit, saving over it needs the user's word. Bytes that are not UTF-8 make the
   * text read-only first, as in any file. */
  if (!gtk_text_view_get_editable (GTK_TEXT_VIEW (tp_tab_get_view (tab))))
    tp_gui_click (tp_gui_find_button (GTK_WIDGET (tab), "_Edit Anyway"));
  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_press ("<Control>End");
  tp_gui_type ("x");
  press_save (tab);
  assert_message_contains (tab, "not text");
  assert_file_unchanged ();
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (tab), "_Don’t Save"));
  tp_gui_wait_idle ();
  assert_file_unchanged ();
  g_assert_true (tp_document_get_modified (document_of (tab)));
}

static void
test_binary (void)
{
  static const char binary[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\xff\xfe\x80 more bytes\n";

  write_test_file ("program", binary, sizeof binary - 1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, binary_body);
}

/* ---- text with bytes that are not UTF-8 ---- */

static void
undecodable_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  assert_message_contains (tab, "escape codes");
  press_save (tab);
  assert_file_unchanged ();

  tp_gui_click (tp_gui_find_button (GTK_WIDGET (tab), "_Edit Anyway"));
  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_type ("edit ");
  press_save (tab);
  assert_message_contains (tab, "not text");
  assert_file_unchanged ();

  /* The user's word: the file is written as shown. */
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (tab), "_Save Anyway"));
  tp_gui_wait_until (!tp_document_get_busy (document_of (tab))
                     && !tp_document_get_modified (document_of (tab)));
  {
    g_autoptr(GBytes) now = tp_gui_read_file (test_path);
    g_assert_true (g_str_has_prefix (g_bytes_get_data (now, NULL), "edit "));
  }
}

static void
test_undecodable (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  while (text->len < 1 << 20)
    g_string_append (text, "A line of plain UTF-8 text, with an accent: café.\n");
  g_string_append (text, "Then bytes that are not: \xff\xfe\xc3(\x80 and more text.\n");
  write_test_file ("mixed.txt", text->str, text->len);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, undecodable_body);
}

/* ---- encodings ---- */

static void
latin1_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  tp_gui_assert_text (tab, "½ ¼ ¾ “quoted” café");
  g_assert_cmpstr (tp_document_get_encoding_name (document_of (tab)), ==, "WINDOWS-1252");

  /* Reopened in another encoding from the main menu; with unsaved changes, on the user's
   * word. */
  g_assert_cmpint (g_menu_model_get_n_items (G_MENU_MODEL (gtk_application_get_menu_by_id (
                     GTK_APPLICATION (app), "reopen-encoding-menu"))), >, 10);
  tp_gui_type ("x");
  g_action_group_activate_action (G_ACTION_GROUP (window), "reopen-with-encoding",
                                  g_variant_new_string ("ISO-8859-15"));
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG)),
                                    "_Reopen"));
  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  g_assert_cmpstr (tp_document_get_encoding_name (document_of (tab)), ==, "ISO-8859-15");
  tp_gui_wait_idle ();
  {
    g_autofree char *text = tp_gui_get_text (tab);
    g_assert_true (g_str_has_prefix (text, "œ Œ Ÿ"));
  }

  /* Opened again with an encoding chosen in the Open dialog: the same tab, read again in it. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (test_path);
    TpLocation location = { file, .charset = (char *) "WINDOWS-1252" };

    g_assert_true (tp_window_open_location (window, &location) == tab);
    tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
    g_assert_cmpstr (tp_document_get_encoding_name (document_of (tab)), ==, "WINDOWS-1252");
    tp_gui_assert_text (tab, "½ ¼ ¾ “quoted” café");
  }
}

static void
test_latin1 (void)
{
  static const char latin1[] = "\xbd \xbc \xbe \x93quoted\x94 caf\xe9\n";

  write_test_file ("latin1.txt", latin1, sizeof latin1 - 1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, latin1_body);
}

static void
on_saved_elsewhere (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  int *outcome = user_data;

  *outcome = tp_tab_save_finish (TP_TAB (source), result, NULL) ? 1 : 2;
}

static void
unencodable_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  g_autofree char *copy_path = g_build_filename (test_dir, "copy.txt", NULL);
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  g_autoptr(GBytes) saved = NULL;
  int outcome = 0;

  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  tp_tab_reload (tab, gtk_source_encoding_get_from_charset ("ISO-8859-15"));
  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_press ("<Control>End");
  tp_gui_type ("\n");
  gtk_text_buffer_insert_at_cursor (GTK_TEXT_BUFFER (tp_document_get_buffer (document_of (tab))),
                                    "日本", -1);

  /* Saved over itself: nothing written, and the reason in words. */
  press_save (tab);
  assert_message_contains (tab, "cannot hold");
  assert_message_contains (tab, "“日” on line 2");
  assert_file_unchanged ();

  /* Saved as a new file: the same question, and no file is left behind. */
  tp_tab_save_async (tab, copy, NULL, NULL, on_saved_elsewhere, &outcome);
  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  assert_message_contains (tab, "cannot hold");
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (tab), "_Don’t Save"));
  tp_gui_wait_until (outcome != 0);
  g_assert_cmpint (outcome, ==, 2);
  g_assert_false (g_file_test (copy_path, G_FILE_TEST_EXISTS));

  /* Saved as UTF-8, on the user's word. */
  press_save (tab);
  assert_message_contains (tab, "cannot hold");
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (tab), "Save as _UTF-8"));
  tp_gui_wait_until (!tp_document_get_busy (document_of (tab))
                     && !tp_document_get_modified (document_of (tab)));
  saved = tp_gui_read_file (test_path);
  g_assert_cmpstr (g_bytes_get_data (saved, NULL), ==, "café\n日本\n");
  g_assert_cmpstr (tp_document_get_encoding_name (document_of (tab)), ==, "UTF-8");
}

static void
test_unencodable (void)
{
  write_test_file ("latin9.txt", "caf\xe9\n", 5);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, unencodable_body);
}

/* ---- a file that can only be written in place ---- */

static void
in_place_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  g_autofree char *other_name = g_build_filename (test_dir, "other-name.txt", NULL);
  g_autoptr(GBytes) saved = NULL;

  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  tp_gui_type ("new ");
  press_save (tab);
  assert_message_contains (tab, "cannot be replaced safely");
  assert_message_contains (tab, "hard links");
  assert_file_unchanged ();
  g_assert_true (tp_document_get_modified (document_of (tab)));

  tp_gui_click (tp_gui_find_button (GTK_WIDGET (tab), "_Save Anyway"));
  tp_gui_wait_until (!tp_document_get_busy (document_of (tab))
                     && !tp_document_get_modified (document_of (tab)));
  /* Written in place: the other name of the file sees the new text too. */
  saved = tp_gui_read_file (other_name);
  g_assert_cmpstr (g_bytes_get_data (saved, NULL), ==, "new old text\n");

  /* Asked once for this file. */
  tp_gui_type ("again ");
  press_save (tab);
  tp_gui_wait_until (!tp_document_get_modified (document_of (tab)));
  g_assert_null (tp_tab_get_message (tab));
}

static void
test_in_place (void)
{
  g_autofree char *other_name = NULL;

  write_test_file ("linked.txt", "old text\n", 9);
  other_name = g_build_filename (test_dir, "other-name.txt", NULL);
  g_assert_cmpint (link (test_path, other_name), ==, 0);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, in_place_body);
}

/* ---- typing while a save is under way ---- */

/* Until the saver has written part of the file: what is typed at the start then is behind
 * what it has read. */
static gboolean
save_has_begun_writing (void)
{
  g_autoptr(GDir) dir = g_dir_open (test_dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, ".goutputstream-"))
      {
        g_autofree char *path = g_build_filename (test_dir, name, NULL);
        struct stat info;

        if (g_stat (path, &info) == 0 && info.st_size > 0)
          return TRUE;
      }
  return FALSE;
}

static void
type_at_start_during_save (TpTab *tab)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (document_of (tab)));
  GtkTextIter start;

  tp_gui_wait_until (save_has_begun_writing () || !tp_document_get_busy (document_of (tab)));
  g_assert_true (tp_document_get_busy (document_of (tab)));
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert (buffer, &start, "TYPED DURING THE SAVE ", -1);
}

static void
typing_during_save_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpDocument *document = document_of (tab);
  g_autoptr(GBytes) saved = NULL;

  tp_gui_wait_until_within (!tp_document_get_busy (document), 60);
  tp_gui_press ("<Control>End");
  tp_gui_type ("end");
  tp_gui_press ("<Control>s");
  type_at_start_during_save (tab);
  tp_gui_wait_until_within (!tp_document_get_busy (document), 60);

  /* The save did not hold what was typed during it: the document is still unsaved. */
  saved = tp_gui_read_file (test_path);
  g_assert_false (g_str_has_prefix (g_bytes_get_data (saved, NULL), "TYPED DURING"));
  g_assert_true (tp_document_get_modified (document));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "•"));

  /* The next save does, and then it is saved. */
  press_save (tab);
  tp_gui_wait_until (!tp_document_get_modified (document));
  g_clear_pointer (&saved, g_bytes_unref);
  saved = tp_gui_read_file (test_path);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (saved, NULL), "TYPED DURING THE SAVE "));
}

static void
write_large_file (void)
{
  g_autoptr(GBytes) text = tp_demo_document_build (12 << 20);

  write_test_file ("large.txt", g_bytes_get_data (text, NULL), g_bytes_get_size (text));
}

static void
test_typing_during_save (void)
{
  write_large_file ();
  tp_gui_run_app ((const char *[]) { test_path, NULL }, typing_during_save_body);
}

/* The close dialog's Save does not close a tab that was edited during that save. */
static void
close_after_save_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GtkWindow *dialog;

  tp_gui_wait_until_within (!tp_document_get_busy (document_of (tab)), 60);
  tp_gui_type ("edit ");
  tp_gui_press ("<Control>w");
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG);
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (dialog), "_Save"));
  type_at_start_during_save (tab);
  tp_gui_wait_until_within (!tp_document_get_busy (document_of (tab)), 60);

  /* Asked again, with the tab still there. */
  tp_gui_wait_idle ();
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_cmpuint (g_list_length (tp_window_get_tabs (window)), ==, 1);
  g_assert_true (tp_document_get_modified (document_of (tab)));
}

static void
test_close_after_save (void)
{
  write_large_file ();
  tp_gui_run_app ((const char *[]) { test_path, NULL }, close_after_save_body);
}

/* A Save As asked for during a save waits for it: two savers at once would each decide alone
 * what reached the disk, and the one that ends last would mark everything saved. */
static void
save_as_during_save_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpDocument *document = document_of (tab);
  g_autofree char *nowhere_path = g_build_filename (test_dir, "no-such-folder", "copy.txt", NULL);
  g_autoptr(GFile) nowhere = g_file_new_for_path (nowhere_path);
  g_autoptr(GBytes) saved = NULL;
  int outcome = 0;

  tp_gui_wait_until_within (!tp_document_get_busy (document), 60);
  tp_gui_type ("edit ");
  tp_gui_press ("<Control>s");
  tp_gui_wait_until (save_has_begun_writing () || !tp_document_get_busy (document));
  g_assert_true (tp_document_get_busy (document));
  tp_tab_save_async (tab, nowhere, NULL, NULL, on_saved_elsewhere, &outcome);
  /* Time enough for a Save As started at once to fail, while the first save goes on. */
  tp_gui_sleep (150);
  type_at_start_during_save (tab);
  tp_gui_wait_until_within (outcome != 0 && !tp_document_get_busy (document), 60);

  g_assert_cmpint (outcome, ==, 2);
  g_assert_true (tp_document_get_modified (document));
  saved = tp_gui_read_file (test_path);
  g_assert_false (g_str_has_prefix (g_bytes_get_data (saved, NULL), "TYPED DURING"));
  {
    g_autoptr(GFile) own = g_file_new_for_path (test_path);
    g_assert_true (g_file_equal (tp_document_get_location (document), own));
  }
}

static void
test_save_as_during_save (void)
{
  write_large_file ();
  tp_gui_run_app ((const char *[]) { test_path, NULL }, save_as_during_save_body);
}

/* ---- a full disk and a file written in place ---- */

/* Mounts a 256 KB disk at path, and has a process of its own unmount it once this one ends,
 * however the test ends (a failed assertion aborts it). */
static gboolean
mount_small_disk (const char *path)
{
  int ends[2];
  pid_t watcher;

  if (mount ("tmpfs", path, "tmpfs", 0, "size=256k") != 0)
    return FALSE;
  g_assert_cmpint (pipe2 (ends, O_CLOEXEC), ==, 0);
  watcher = fork ();
  g_assert_cmpint (watcher, >=, 0);
  if (watcher == 0)
    {
      char byte;

      /* Only what is safe after fork () in a process with threads. */
      close (ends[1]);
      while (read (ends[0], &byte, 1) > 0)
        ;
      umount2 (path, MNT_DETACH);
      _exit (0);
    }
  /* The writing end stays open here until this process ends. */
  close (ends[0]);
  return TRUE;
}

static void
fill_disk (const char *path)
{
  g_autofree char *block = g_malloc0 (4096);
  FILE *filler = fopen (path, "w");

  g_assert_nonnull (filler);
  while (fwrite (block, 1, 4096, filler) == 4096 && fflush (filler) == 0)
    ;
  fclose (filler);
}

/* About size bytes of short lines (a single long line would take GTK seconds to lay out). */
static char *
lines_of (char  letter,
          gsize size)
{
  GString *text = g_string_new (NULL);

  while (text->len < size)
    {
      for (int i = 0; i < 63; i++)
        g_string_append_c (text, letter);
      g_string_append_c (text, '\n');
    }
  return g_string_free (text, FALSE);
}

static void
full_disk_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (document_of (tab)));
  g_autofree char *more = lines_of ('m', 50 * 1024);
  GtkTextIter start;

  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert (buffer, &start, more, -1);
  press_save (tab);
  assert_message_contains (tab, "does not have room");
  assert_file_unchanged ();
  g_assert_true (tp_document_get_modified (document_of (tab)));
}

/* A file with two names on a small disk that is full: written in place, a save that grows it
 * would fail halfway and leave it cut short. */
static void
test_full_disk (void)
{
  g_autofree char *disk = NULL;
  g_autofree char *other_name = NULL;
  g_autofree char *filler = NULL;
  g_autofree char *contents = lines_of ('o', 100 * 1024);

  test_dir = tp_gui_make_temp_dir ();
  disk = g_build_filename (test_dir, "disk", NULL);
  g_assert_cmpint (g_mkdir (disk, 0700), ==, 0);
  if (!mount_small_disk (disk))
    {
      g_test_skip ("a small disk of its own needs root");
      return;
    }
  test_path = tp_gui_write_file (disk, "linked.txt", contents, -1);
  original = g_bytes_new (contents, strlen (contents));
  other_name = g_build_filename (disk, "other-name.txt", NULL);
  g_assert_cmpint (link (test_path, other_name), ==, 0);
  filler = g_build_filename (disk, "filler", NULL);
  fill_disk (filler);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, full_disk_body);
}

/* ---- a save cut short leaves no temporary file behind ---- */

static void
leftover_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  g_autofree char *leftover = g_build_filename (test_dir, ".goutputstream-CRASH1", NULL);

  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  tp_gui_wait_until (!g_file_test (leftover, G_FILE_TEST_EXISTS));
  assert_file_unchanged ();
}

/* The record a save leaves while under way, as a process killed mid-save left it. */
static void
make_record_of_cut_save (void)
{
  g_autofree char *state = g_build_filename (g_get_user_state_dir (), "threadpad", "saving", NULL);
  g_autofree char *leftover = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *record = NULL;
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  struct utimbuf times;

  tp_safe_save_begin (state, test_path);
  leftover = tp_gui_write_file (test_dir, ".goutputstream-CRASH1", "half of a save", -1);
  times.actime = times.modtime = g_get_real_time () / G_USEC_PER_SEC - 30;
  g_assert_cmpint (utime (leftover, &times), ==, 0);

  dir = g_dir_open (state, 0, NULL);
  record = g_build_filename (state, g_dir_read_name (dir), NULL);
  g_assert_true (g_key_file_load_from_file (keys, record, G_KEY_FILE_NONE, NULL));
  /* No process has pid 0; the save started a minute ago. */
  g_key_file_set_int64 (keys, "save", "pid", 0);
  g_key_file_set_int64 (keys, "save", "started", g_get_real_time () / G_USEC_PER_SEC - 60);
  g_assert_true (g_key_file_save_to_file (keys, record, NULL));
}

static void
test_leftover (void)
{
  write_test_file ("notes.txt", "notes\n", 6);
  make_record_of_cut_save ();
  tp_gui_run_app ((const char *[]) { test_path, NULL }, leftover_body);
}

/* ---- files that are not files ---- */

static void
fifo_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  assert_message_contains (tab, "named pipe");
  g_assert_false (tp_document_get_busy (document_of (tab)));
}

static void
test_fifo (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = g_build_filename (test_dir, "pipe", NULL);
  g_assert_cmpint (mkfifo (test_path, 0600), ==, 0);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, fifo_body);
}

/* ---- keys pressed while a file loads ---- */

static TpTab *open_while_watching (TpWindow *window);

/* A key through XTest, without waiting for an idle main loop, which a load never gives. */
static void
send_key_now (char key)
{
  Display *display = GDK_DISPLAY_XDISPLAY (gdk_display_get_default ());
  KeyCode code = XKeysymToKeycode (display, (KeySym) key);

  XTestFakeKeyEvent (display, code, True, CurrentTime);
  XTestFakeKeyEvent (display, code, False, CurrentTime);
  XFlush (display);
}

static void
keys_during_load_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab;
  TpDocument *document;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) on_disk = NULL;

  tp_gui_focus (GTK_WINDOW (window));
  tab = open_while_watching (window);
  document = document_of (tab);
  gtk_widget_grab_focus (GTK_WIDGET (tp_tab_get_view (tab)));
  /* What the view inserts for a paste or a drop is refused as well, and said so. */
  g_assert_true (tp_document_get_loading (document));
  g_signal_emit_by_name (tp_tab_get_view (tab), "insert-at-cursor", "pasted in");
  g_signal_emit_by_name (tp_tab_get_view (tab), "delete-from-cursor", GTK_DELETE_CHARS, 1);
  assert_message_contains (tab, "still loading");
  for (const char *key = "zqxj"; *key != '\0'; key++)
    send_key_now (*key);
  g_assert_true (tp_document_get_loading (document));
  tp_gui_wait_until_within (!tp_document_get_busy (document), 60);
  text = tp_gui_get_text (tab);
  g_assert_null (strstr (text, "zqxj"));
  g_assert_null (strstr (text, "pasted in"));
  on_disk = tp_gui_read_file (test_path);
  g_assert_cmpint (memcmp (text, g_bytes_get_data (on_disk, NULL), 4096), ==, 0);
  /* Once loaded, the message has gone and the keys are taken. */
  g_assert_null (tp_tab_get_message (tab));
  g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (tp_tab_get_view (tab))));
}

static void
test_keys_during_load (void)
{
  write_large_file ();
  tp_gui_run_app (NULL, keys_during_load_body);
}

static void
find_progress_bar (GtkWidget *widget,
                   gpointer   found)
{
  if (GTK_IS_PROGRESS_BAR (widget))
    *(GtkWidget **) found = widget;
  else if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), find_progress_bar, found);
}

/* Opens the test file once the window is up, so that the test sees it load. */
static TpTab *
open_while_watching (TpWindow *window)
{
  g_autoptr(GFile) file = g_file_new_for_path (test_path);
  TpLocation location = { file };
  TpTab *tab = tp_window_open_location (window, &location);

  g_assert_true (tp_document_get_loading (document_of (tab)));
  return tab;
}

static void
cancel_load_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = open_while_watching (window);
  GtkWidget *cancel;
  GtkWidget *progress = NULL;

  assert_message_contains (tab, "Loading “large.txt”");
  cancel = tp_gui_find_button (GTK_WIDGET (tab), "_Cancel");
  find_progress_bar (GTK_WIDGET (tab), &progress);
  g_assert_nonnull (progress);
  /* Clicked at once: the harness's clicks wait for an idle main loop, which a load never gives. */
  g_object_add_weak_pointer (G_OBJECT (tab), (gpointer *) &tab);
  gtk_button_clicked (GTK_BUTTON (cancel));
  tp_gui_wait_until (tab == NULL);
  assert_file_unchanged ();
}

static void
test_cancel_load (void)
{
  write_large_file ();
  tp_gui_run_app (NULL, cancel_load_body);
}

int
main (int   argc,
      char *argv[])
{
  tp_gui_init (&argc, &argv);
  tp_gui_add ("/saving/no-final-line-end", test_no_final_line_end);
  tp_gui_add ("/saving/final-line-end", test_final_line_end);
  tp_gui_add ("/saving/binary", test_binary);
  tp_gui_add ("/saving/undecodable", test_undecodable);
  tp_gui_add ("/saving/latin1", test_latin1);
  tp_gui_add ("/saving/unencodable", test_unencodable);
  tp_gui_add ("/saving/in-place", test_in_place);
  tp_gui_add ("/saving/typing-during-save", test_typing_during_save);
  tp_gui_add ("/saving/close-after-save", test_close_after_save);
  tp_gui_add ("/saving/save-as-during-save", test_save_as_during_save);
  tp_gui_add ("/saving/full-disk", test_full_disk);
  tp_gui_add ("/saving/leftover", test_leftover);
  tp_gui_add ("/saving/fifo", test_fifo);
  tp_gui_add ("/saving/keys-during-load", test_keys_during_load);
  tp_gui_add ("/saving/cancel-load", test_cancel_load);
  return g_test_run ();
}

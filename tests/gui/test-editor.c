/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tp-demo.h"
#include "tp-document.h"
#include "tp-find-bar.h"
#include "tp-gui-harness.h"
#include "tp-location.h"
#include "tp-tab.h"
#include "tp-view.h"
#include "tp-window.h"

static char *test_path;
static char *test_dir;

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* ---- typing and saving ---- */

static void
type_and_save_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpDocument *document = tp_tab_get_document (tab);
  g_autofree char *on_disk = NULL;
  struct stat info;

  /* The final newline is kept apart by the buffer and written back on save. */
  tp_gui_assert_text (tab, "First line");
  tp_gui_press ("<Control>End");
  tp_gui_type ("\nTyped with XTest, 42 keys!");
  g_assert_true (tp_document_get_modified (document));

  tp_gui_press ("<Control>s");
  tp_gui_wait_until (!tp_document_get_modified (document) && !tp_document_get_busy (document));
  on_disk = read_file (test_path);
  g_assert_cmpstr (on_disk, ==, "First line\nTyped with XTest, 42 keys!\n");

  g_assert_cmpint (g_stat (test_path, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0640);
}

static void
test_type_and_save (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "notes.txt", "First line\n", -1);
  g_assert_cmpint (g_chmod (test_path, 0640), ==, 0);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, type_and_save_body);
}

/* ---- undo and redo ---- */

static void
undo_redo_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  g_autofree char *undone = NULL;

  tp_gui_type ("alpha beta\ngamma");
  tp_gui_assert_text (tab, "alpha beta\ngamma");

  tp_gui_press ("<Control>z");
  tp_gui_wait_idle ();
  undone = tp_gui_get_text (tab);
  g_assert_true (g_str_has_prefix ("alpha beta\ngamma", undone));
  g_assert_cmpuint (strlen (undone), <, strlen ("alpha beta\ngamma"));

  tp_gui_press ("<Control><Shift>z");
  tp_gui_assert_text (tab, "alpha beta\ngamma");

  for (int i = 0; i < 20; i++)
    tp_gui_press ("<Control>z");
  tp_gui_assert_text (tab, "");
  for (int i = 0; i < 20; i++)
    tp_gui_press ("<Control>y");
  tp_gui_assert_text (tab, "alpha beta\ngamma");
}

static void
test_undo_redo (void)
{
  tp_gui_run_app (NULL, undo_redo_body);
}

/* Each key typed after the first joins the undo step before it: the buffer says for a moment,
 * inside the key, that nothing can be undone. The Undo action must not follow it off and on
 * again, which every menu, button and the session bus would hear of, twice a key. */
static void
count_change (GAction    *action,
              GParamSpec *pspec,
              guint      *changes)
{
  (*changes)++;
}

static void
undo_steady_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GAction *undo = g_action_map_lookup_action (G_ACTION_MAP (window), "undo");
  guint changes = 0;

  tp_gui_type ("a");
  tp_gui_assert_text (tab, "a");
  tp_gui_wait_until (g_action_get_enabled (undo));

  g_signal_connect (undo, "notify::enabled", G_CALLBACK (count_change), &changes);
  tp_gui_type ("bcd");
  tp_gui_assert_text (tab, "abcd");
  tp_gui_wait_idle ();
  g_assert_true (g_action_get_enabled (undo));
  g_assert_cmpuint (changes, ==, 0);
  g_signal_handlers_disconnect_by_func (undo, count_change, &changes);

  /* It still follows what can be undone: everything undone, nothing is left to undo. */
  for (int i = 0; i < 5; i++)
    tp_gui_press ("<Control>z");
  tp_gui_assert_text (tab, "");
  tp_gui_wait_until (!g_action_get_enabled (undo));
}

static void
test_undo_steady (void)
{
  tp_gui_run_app (NULL, undo_steady_body);
}

/* ---- find and replace ---- */

static void
find_replace_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpFindBar *bar = tp_window_get_find_bar (window);

  tp_gui_press ("<Control>f");
  tp_gui_wait_until (gtk_revealer_get_child_revealed (GTK_REVEALER (bar)));
  tp_gui_type ("cat");
  tp_gui_wait_until (g_str_equal (tp_find_bar_get_status (bar), "1 of 5"));

  tp_gui_press ("Return");
  tp_gui_wait_until (g_str_equal (tp_find_bar_get_status (bar), "2 of 5"));
  tp_gui_press ("<Shift>Return");
  tp_gui_wait_until (g_str_equal (tp_find_bar_get_status (bar), "1 of 5"));

  tp_gui_click (tp_gui_find_button (GTK_WIDGET (bar), "_Whole Words"));
  tp_gui_wait_until (g_str_has_suffix (tp_find_bar_get_status (bar), "of 4")
                     || g_str_equal (tp_find_bar_get_status (bar), "4 matches"));
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (bar), "Match _Case"));
  tp_gui_wait_until (g_str_has_suffix (tp_find_bar_get_status (bar), "of 3")
                     || g_str_equal (tp_find_bar_get_status (bar), "3 matches"));

  tp_gui_press ("<Control>h");
  tp_gui_click (tp_gui_find_widget (GTK_WIDGET (bar), GTK_TYPE_ENTRY, "placeholder-text",
                                    "Replace with"));
  tp_gui_type ("dog");
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (bar), "Replace _All"));
  tp_gui_assert_text (tab, "dog Cat category\ndog bird dog");
  g_assert_cmpstr (tp_find_bar_get_status (bar), ==, "Replaced 3 matches");

  tp_gui_press ("<Control>z");
  tp_gui_assert_text (tab, "cat Cat category\ncat bird cat");
  tp_gui_press ("Escape");
  tp_gui_wait_until (!gtk_revealer_get_reveal_child (GTK_REVEALER (bar)));
}

static void
test_find_replace (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "animals.txt", "cat Cat category\ncat bird cat\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, find_replace_body);
}

/* ---- closing a modified document ---- */

static void
close_discard_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GtkWindow *dialog;
  g_autofree char *on_disk = NULL;
  g_autofree char *primary = NULL;

  tp_gui_type ("unsaved words ");
  tp_gui_press ("<Control>w");
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG);
  g_object_get (dialog, "text", &primary, NULL);
  g_assert_cmpstr (primary, ==, "Save changes to “draft.txt” before closing?");

  /* Escape keeps the document open, text and all. */
  tp_gui_press ("Escape");
  tp_gui_wait_until (tp_gui_find_window (GTK_TYPE_MESSAGE_DIALOG) == NULL);
  tp_gui_wait_until (tp_window_get_active_tab (window) == tab);
  tp_gui_assert_text (tab, "unsaved words old text");

  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_press ("<Control>w");
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG);
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (dialog), "Close _without Saving"));
  tp_gui_wait_until (tp_application_get_main_window (app) == NULL);

  on_disk = read_file (test_path);
  g_assert_cmpstr (on_disk, ==, "old text\n");
}

static void
test_close_discard (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "draft.txt", "old text\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, close_discard_body);
}

static void
quit_save_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  GtkWindow *dialog;
  g_autofree char *on_disk = NULL;

  tp_gui_wait_for_loaded (window);
  tp_gui_type ("kept ");
  tp_gui_press ("<Control>q");
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG);
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (dialog), "_Save"));
  tp_gui_wait_until (tp_application_get_main_window (app) == NULL);

  on_disk = read_file (test_path);
  g_assert_cmpstr (on_disk, ==, "kept old text\n");
}

static void
test_quit_save (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "draft.txt", "old text\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, quit_save_body);
}

/* ---- files that cannot be edited as they are ---- */

static TpTab *
tab_titled (TpWindow   *window,
            const char *title)
{
  g_autoptr(GList) tabs = tp_window_get_tabs (window);

  for (GList *l = tabs; l != NULL; l = l->next)
    if (g_str_equal (tp_document_get_title (tp_tab_get_document (l->data)), title))
      return l->data;
  g_error ("no tab titled %s", title);
}

static void
show_tab (TpWindow *window,
          TpTab    *tab)
{
  GtkNotebook *notebook = GTK_NOTEBOOK (gtk_widget_get_parent (GTK_WIDGET (tab)));

  gtk_notebook_set_current_page (notebook, gtk_notebook_page_num (notebook, GTK_WIDGET (tab)));
  tp_gui_wait_until (gtk_widget_get_mapped (GTK_WIDGET (tab)));
  tp_gui_focus (GTK_WINDOW (window));
}

static void
wait_until_all_loaded (TpWindow *window,
                       guint     count)
{
  g_autoptr(GList) tabs = NULL;
  gboolean busy;

  do
    {
      g_clear_pointer (&tabs, g_list_free);
      tp_gui_sleep (10);
      tabs = tp_window_get_tabs (window);
      busy = g_list_length (tabs) != count;
      for (GList *l = tabs; l != NULL; l = l->next)
        busy |= tp_document_get_busy (tp_tab_get_document (l->data));
    }
  while (busy);
}

static void
assert_message_contains (TpTab      *tab,
                         const char *words)
{
  tp_gui_wait_until (tp_tab_get_message (tab) != NULL);
  if (strstr (tp_tab_get_message (tab), words) == NULL)
    g_error ("message “%s” does not say “%s”", tp_tab_get_message (tab), words);
}

static void
bad_files_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *binary, *latin, *folder, *missing;
  g_autofree char *text = NULL;
  g_autofree char *missing_path = g_build_filename (test_dir, "new.txt", NULL);
  g_autofree char *created = NULL;

  wait_until_all_loaded (window, 4);
  binary = tab_titled (window, "program.bin");
  latin = tab_titled (window, "latin1.txt");
  folder = tab_titled (window, "folder");
  missing = tab_titled (window, "new.txt");

  assert_message_contains (binary, "binary file");
  tp_gui_assert_text (binary, "");
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (tp_tab_get_view (binary))));

  assert_message_contains (latin, "not UTF-8");
  tp_gui_assert_text (latin, "café crème");
  g_assert_cmpstr (tp_document_get_encoding_name (tp_tab_get_document (latin)), ==, "WINDOWS-1252");

  assert_message_contains (folder, "It is a folder");
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (tp_tab_get_view (folder))));

  /* A file that does not exist yet is a document like any other, created on save. */
  assert_message_contains (missing, "does not exist yet");
  show_tab (window, missing);
  tp_gui_type ("fresh");
  tp_gui_press ("<Control>s");
  tp_gui_wait_until (g_file_test (missing_path, G_FILE_TEST_EXISTS)
                     && !tp_document_get_modified (tp_tab_get_document (missing)));
  created = read_file (missing_path);
  g_assert_cmpstr (created, ==, "fresh\n");

  /* The binary file opens anyway when asked, and the editor keeps going. */
  show_tab (window, binary);
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (binary), "_Open Anyway"));
  tp_gui_wait_until (!tp_document_get_busy (tp_tab_get_document (binary)));
  text = tp_gui_get_text (binary);
  g_assert_true (g_str_has_prefix (text, "ELF"));
}

static void
test_bad_files (void)
{
  static const char binary[] = "ELF\x02\x01\x01\0\0\0\0\x7f\x45\x4c\x46\0\0 more bytes";
  g_autofree char *binary_path = NULL;
  g_autofree char *latin_path = NULL;
  g_autofree char *folder_path = NULL;
  g_autofree char *missing_path = NULL;

  test_dir = tp_gui_make_temp_dir ();
  binary_path = tp_gui_write_file (test_dir, "program.bin", binary, sizeof binary);
  latin_path = tp_gui_write_file (test_dir, "latin1.txt", "caf\xe9 cr\xe8me\n", -1);
  folder_path = g_build_filename (test_dir, "folder", NULL);
  g_assert_cmpint (g_mkdir (folder_path, 0700), ==, 0);
  missing_path = g_build_filename (test_dir, "new.txt", NULL);
  tp_gui_run_app ((const char *[]) { binary_path, latin_path, folder_path, missing_path, NULL },
                  bad_files_body);
}

static void
unreadable_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  assert_message_contains (tab, "You do not have permission to read it.");
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (tp_tab_get_view (tab))));
}

static void
skip_unreadable_as_root (void)
{
  g_test_skip ("root can read any file");
}

static void
test_unreadable (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "secret.txt", "hidden\n", -1);
  g_assert_cmpint (g_chmod (test_path, 0), ==, 0);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, unreadable_body);
}

/* ---- positions from the command line ---- */

static int
cursor_line (TpTab *tab)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (tp_tab_get_document (tab)));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_insert (buffer));
  return gtk_text_iter_get_line (&iter) + 1;
}

static void
positions_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);

  wait_until_all_loaded (window, 2);
  tp_gui_wait_until (cursor_line (tab_titled (window, "a.txt")) == 3);
  tp_gui_wait_until (cursor_line (tab_titled (window, "b.txt")) == 2);
  tp_gui_wait_until (g_str_equal (tp_window_get_position_text (window), "Ln 2, Col 1"));

  tp_gui_press ("<Control>g");
  tp_gui_type ("4:3\n");
  tp_gui_wait_until (g_str_equal (tp_window_get_position_text (window), "Ln 4, Col 3"));
}

static void
test_positions (void)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *a_at_line = NULL;

  test_dir = tp_gui_make_temp_dir ();
  a = tp_gui_write_file (test_dir, "a.txt", "1\n2\n3\n4\n", -1);
  b = tp_gui_write_file (test_dir, "b.txt", "one\ntwo\nthree\nfour four\n", -1);
  a_at_line = g_strconcat (a, ":3", NULL);
  tp_gui_run_app ((const char *[]) { a_at_line, "+2", b, NULL }, positions_body);
}

/* ---- preferences, zoom and tabs ---- */

static void
preferences_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GtkTextView *view = GTK_TEXT_VIEW (tp_tab_get_view (tab));
  GtkWindow *dialog;
  GtkWidget *wrap_switch;

  g_assert_cmpint (gtk_text_view_get_wrap_mode (view), ==, GTK_WRAP_WORD_CHAR);
  tp_gui_press ("<Control>comma");
  dialog = tp_gui_wait_for_dialog (g_type_from_name ("TpPreferencesDialog"));
  wrap_switch = gtk_label_get_mnemonic_widget (GTK_LABEL (
    tp_gui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "label", "_Wrap long lines")));
  tp_gui_click (wrap_switch);
  tp_gui_wait_until (gtk_text_view_get_wrap_mode (view) == GTK_WRAP_NONE);
  tp_gui_press ("Escape");
  tp_gui_wait_until (tp_gui_find_window (g_type_from_name ("TpPreferencesDialog")) == NULL);

  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_press ("<Control>plus");
  tp_gui_press ("<Control>plus");
  g_assert_cmpint (tp_view_get_zoom (TP_VIEW (view)), ==, 120);
  tp_gui_press ("<Control>minus");
  g_assert_cmpint (tp_view_get_zoom (TP_VIEW (view)), ==, 110);
  tp_gui_press ("<Control>0");
  g_assert_cmpint (tp_view_get_zoom (TP_VIEW (view)), ==, 100);
}

static void
test_preferences (void)
{
  tp_gui_run_app (NULL, preferences_body);
}

/* ---- saving files automatically ---- */

static void
autosave_body (TpApplication *app)
{
  GSettings *settings = tp_application_get_settings (app);
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *titled = tp_gui_wait_for_loaded (window);
  TpTab *untitled;
  GtkWindow *dialog;
  GtkWidget *autosave_switch;
  g_autofree char *saved = NULL;

  g_assert_false (g_settings_get_boolean (settings, "autosave"));
  tp_gui_press ("<Control>End");
  tp_gui_type (" kept");
  tp_gui_press ("<Control>n");
  untitled = tp_window_get_active_tab (window);
  g_assert_true (untitled != titled);
  tp_gui_type ("no file yet");

  /* Switched on in the preferences, the way a person would. */
  g_settings_set_uint (settings, "autosave-interval", 1);
  tp_gui_press ("<Control>comma");
  dialog = tp_gui_wait_for_dialog (g_type_from_name ("TpPreferencesDialog"));
  autosave_switch = gtk_label_get_mnemonic_widget (GTK_LABEL (
    tp_gui_find_widget (GTK_WIDGET (dialog), GTK_TYPE_LABEL, "label",
                        "Save files _automatically")));
  tp_gui_click (autosave_switch);
  tp_gui_wait_until (g_settings_get_boolean (settings, "autosave"));
  tp_gui_press ("Escape");
  tp_gui_wait_until (tp_gui_find_window (g_type_from_name ("TpPreferencesDialog")) == NULL);

  tp_gui_wait_until (!tp_document_get_modified (tp_tab_get_document (titled))
                     && !tp_document_get_busy (tp_tab_get_document (titled)));
  saved = read_file (test_path);
  g_assert_cmpstr (saved, ==, "Autosaved kept\n");

  /* A document without a file is never saved behind the user's back: no dialog, still
   * unsaved (and protected by the recorder). */
  tp_gui_sleep (2500);
  g_assert_true (tp_document_get_modified (tp_tab_get_document (untitled)));
  g_assert_null (tp_gui_find_window (GTK_TYPE_FILE_CHOOSER_DIALOG));

  /* Switched off: changes stay unsaved. */
  g_settings_set_boolean (settings, "autosave", FALSE);
  tp_gui_focus (GTK_WINDOW (window));
  gtk_notebook_set_current_page (GTK_NOTEBOOK (gtk_widget_get_parent (GTK_WIDGET (titled))), 0);
  tp_gui_wait_idle ();
  tp_gui_type ("!");
  tp_gui_sleep (2500);
  g_assert_true (tp_document_get_modified (tp_tab_get_document (titled)));
  g_free (saved);
  saved = read_file (test_path);
  g_assert_cmpstr (saved, ==, "Autosaved kept\n");
}

static void
test_autosave (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "auto.txt", "Autosaved\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, autosave_body);
}

static void
tabs_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *first = tp_gui_wait_for_loaded (window);
  TpTab *second;

  tp_gui_type ("one");
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, "• Untitled Document 1");
  tp_gui_press ("<Control>n");
  tp_gui_wait_until ((second = tp_window_get_active_tab (window)) != first);
  g_assert_cmpstr (tp_document_get_title (tp_tab_get_document (second)), ==, "Untitled Document 2");
  tp_gui_type ("two");
  tp_gui_press ("<Control>Page_Up");
  tp_gui_wait_until (tp_window_get_active_tab (window) == first);
  tp_gui_type (" more");
  tp_gui_press ("<Control>Page_Down");
  tp_gui_wait_until (tp_window_get_active_tab (window) == second);
  tp_gui_assert_text (first, "one more");
  tp_gui_assert_text (second, "two");
}

static void
test_tabs (void)
{
  tp_gui_run_app (NULL, tabs_body);
}

/* ---- changes made by another program ---- */

static void
disk_change_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  g_autoptr(GError) error = NULL;

  tp_gui_assert_text (tab, "version 1");
  tp_gui_sleep (1100);
  g_file_set_contents (test_path, "version 2\n", -1, &error);
  g_assert_no_error (error);
  assert_message_contains (tab, "was changed by another program");
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (tab), "_Reload"));
  tp_gui_assert_text (tab, "version 2");
  g_assert_null (tp_tab_get_message (tab));
}

static void
test_disk_change (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "shared.txt", "version 1\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, disk_change_body);
}

/* A save over a file another program wrote since it was read asks first; once it is written,
 * the next change on disk is told again. */

static gboolean
message_says (TpTab      *tab,
              const char *words)
{
  return tp_tab_get_message (tab) != NULL && strstr (tp_tab_get_message (tab), words) != NULL;
}

static void
save_over_change_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpDocument *document = tp_tab_get_document (tab);
  g_autoptr(GError) error = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *written = NULL;

  tp_gui_assert_text (tab, "version 1");
  tp_gui_type ("mine ");
  g_file_set_contents (test_path, "version 2, written elsewhere\n", -1, &error);
  g_assert_no_error (error);
  /* The file monitor's word comes first, so that its message does not take the place of the
   * save's question after the question is shown. */
  assert_message_contains (tab, "was changed by another program");

  tp_gui_press ("<Control>s");
  tp_gui_wait_until (message_says (tab, "since you opened it"));
  kept = read_file (test_path);
  g_assert_cmpstr (kept, ==, "version 2, written elsewhere\n");

  tp_gui_click (tp_gui_find_button (GTK_WIDGET (tab), "_Save Anyway"));
  tp_gui_wait_until (!tp_document_get_modified (document) && !tp_document_get_busy (document));
  written = read_file (test_path);
  g_assert_cmpstr (written, ==, "mine version 1\n");
  g_assert_false (message_says (tab, "since you opened it"));

  tp_gui_sleep (1100);
  g_file_set_contents (test_path, "version 3\n", -1, &error);
  g_assert_no_error (error);
  assert_message_contains (tab, "was changed by another program");
}

static void
test_save_over_change (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "shared.txt", "version 1\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, save_over_change_body);
}

/* ---- standard input ---- */

static void
stream_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data ("piped in\n", -1, NULL);
  TpTab *tab = tp_window_open_stream (window, stream);

  tp_gui_wait_until (!tp_document_get_busy (tp_tab_get_document (tab)));
  tp_gui_assert_text (tab, "piped in");
  g_assert_true (tp_document_get_modified (tp_tab_get_document (tab)));
  g_assert_null (tp_document_get_location (tp_tab_get_document (tab)));
}

static void
test_stream (void)
{
  tp_gui_run_app (NULL, stream_body);
}

/* ---- a large file, while it loads ---- */

typedef struct
{
  TpWindow   *window;
  TpDocument *document;
  guint       pieces;        /* pieces of text inserted while loading */
  gboolean    looked_modified;
  gboolean    cursor_moved;
} LoadWatch;

static void
on_piece_loaded (LoadWatch   *watch,
                 GtkTextIter *location,
                 const char  *text,
                 int          length)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (watch->document));
  GtkTextIter cursor;

  if (!tp_document_get_loading (watch->document))
    return;
  watch->pieces++;
  watch->looked_modified |= tp_document_get_modified (watch->document)
                            || g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (watch->window)),
                                                 "•");
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  watch->cursor_moved |= !gtk_text_iter_is_start (&cursor);
}

/* Text being read in is not an unsaved change, and the cursor does not ride along with the end
 * of it (a key pressed meanwhile would scroll the view into text not laid out yet). */
static void
large_load_body (TpApplication *app)
{
  LoadWatch watch = { tp_gui_wait_for_window (app) };
  g_autoptr(GFile) file = g_file_new_for_path (test_path);
  TpLocation location = { file };
  TpTab *tab = tp_window_open_location (watch.window, &location);
  GtkTextBuffer *buffer;

  watch.document = tp_tab_get_document (tab);
  buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (watch.document));
  g_signal_connect_swapped (buffer, "insert-text", G_CALLBACK (on_piece_loaded), &watch);
  tp_gui_wait_until_within (!tp_document_get_busy (watch.document), 120);
  g_signal_handlers_disconnect_by_data (buffer, &watch);

  g_assert_cmpuint (watch.pieces, >, 1);
  g_assert_false (watch.looked_modified);
  g_assert_false (watch.cursor_moved);
  g_assert_false (tp_document_get_modified (watch.document));
  g_assert_false (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (watch.window)), "•"));
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), >, TP_DEMO_DOCUMENT_SIZE / 2);
}

static void
test_large_load (void)
{
  g_autoptr(GBytes) text = tp_demo_document_build (TP_DEMO_DOCUMENT_SIZE);

  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "large.txt", g_bytes_get_data (text, NULL),
                                 (gssize) g_bytes_get_size (text));
  tp_gui_run_app (NULL, large_load_body);
}

int
main (int   argc,
      char *argv[])
{
  tp_gui_init (&argc, &argv);
  tp_gui_add ("/editor/type-and-save", test_type_and_save);
  tp_gui_add ("/editor/undo-redo", test_undo_redo);
  tp_gui_add ("/editor/undo-steady", test_undo_steady);
  tp_gui_add ("/editor/find-replace", test_find_replace);
  tp_gui_add ("/editor/close-discard", test_close_discard);
  tp_gui_add ("/editor/quit-save", test_quit_save);
  tp_gui_add ("/editor/bad-files", test_bad_files);
  if (geteuid () == 0)
    g_test_add_func ("/editor/unreadable", skip_unreadable_as_root);
  else
    tp_gui_add ("/editor/unreadable", test_unreadable);
  tp_gui_add ("/editor/positions", test_positions);
  tp_gui_add ("/editor/preferences", test_preferences);
  tp_gui_add ("/editor/autosave", test_autosave);
  tp_gui_add ("/editor/tabs", test_tabs);
  tp_gui_add ("/editor/disk-change", test_disk_change);
  tp_gui_add ("/editor/save-over-change", test_save_over_change);
  tp_gui_add ("/editor/stream", test_stream);
  tp_gui_add ("/editor/large-load", test_large_load);
  return g_test_run ();
}

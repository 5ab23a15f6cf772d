/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What Threadpad remembers of each file, driven through the real window: the cursor and the
 * view, the highlighting and spelling languages and the encoding chosen for a file come back
 * when it is opened again, in the same run and after quitting; a damaged, unreadable or
 * unwritable store costs nothing but the memory. */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "spell/tp-spell-checker.h"
#include "tp-application.h"
#include "tp-document.h"
#include "tp-gui-harness.h"
#include "tp-location.h"
#include "tp-tab.h"
#include "tp-tab-state.h"
#include "tp-window.h"

static char *test_dir;
static char *first_path;
static char *second_path;
static char *third_path;
/* Messages of the file memory, counted: a broken store says so once, not at every file. */
static guint memory_messages;

static void
count_memory_message (const char     *domain,
                      GLogLevelFlags  level,
                      const char     *message,
                      gpointer        user_data)
{
  memory_messages++;
}

static void
count_memory_messages (void)
{
  memory_messages = 0;
  g_log_set_handler ("tp-file-memory", G_LOG_LEVEL_MASK, count_memory_message, NULL);
}

static char *
store_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "threadpad", "file-memory", NULL);
}

static char *
many_lines (guint n_lines)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_lines; i++)
    g_string_append_printf (text, "line %u of the text\n", i);
  return g_string_free (text, FALSE);
}

static TpDocument *
document_of (TpTab *tab)
{
  return tp_tab_get_document (tab);
}

static TpTab *
open_path (TpWindow   *window,
           const char *path,
           const char *charset)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  TpLocation location = { .file = file, .charset = (char *) charset };
  TpTab *tab = tp_window_open_location (window, &location);

  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  tp_gui_wait_idle ();
  return tab;
}

static gboolean
window_has_tab (TpWindow *window,
                TpTab    *tab)
{
  g_autoptr(GList) tabs = tp_window_get_tabs (window);

  return g_list_find (tabs, tab) != NULL;
}

/* Makes tab the one shown, beside another that holds a word (no file opened takes its place):
 * closing tab then leaves the window. */
static TpTab *
show_beside_untitled (TpWindow *window,
                      TpTab    *tab)
{
  TpTab *untitled = tp_window_new_tab (window);
  GtkTextBuffer *spare = GTK_TEXT_BUFFER (tp_document_get_buffer (document_of (untitled)));
  GtkNotebook *notebook;

  gtk_text_buffer_set_text (spare, "spare", -1);
  gtk_text_buffer_set_modified (spare, FALSE);
  notebook = GTK_NOTEBOOK (gtk_widget_get_parent (GTK_WIDGET (tab)));
  gtk_notebook_set_current_page (notebook, gtk_notebook_page_num (notebook, GTK_WIDGET (tab)));
  g_assert_true (tp_window_get_active_tab (window) == tab);
  return untitled;
}

/* Closes tab as its close button does; the window keeps another tab, so that it stays. */
static void
close_tab (TpWindow *window,
           TpTab    *tab)
{
  tp_window_close_tab (window, tab);
  tp_gui_wait_until (!window_has_tab (window, tab));
  tp_gui_wait_idle ();
}

static void
get_cursor (TpTab *tab,
            int   *line,
            int   *column)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (document_of (tab)));
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  *line = gtk_text_iter_get_line (&cursor);
  *column = gtk_text_iter_get_line_offset (&cursor);
}

static int
top_line (TpTab *tab)
{
  GtkTextView *view = GTK_TEXT_VIEW (tp_tab_get_view (tab));
  GdkRectangle visible;
  GtkTextIter top;

  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &top, visible.y, NULL);
  return gtk_text_iter_get_line (&top);
}

static gboolean
cursor_is_visible (TpTab *tab)
{
  GtkTextView *view = GTK_TEXT_VIEW (tp_tab_get_view (tab));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GdkRectangle visible, location;
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_iter_location (view, &cursor, &location);
  return location.y >= visible.y && location.y + location.height <= visible.y + visible.height;
}

static const char *
language_of (TpTab *tab)
{
  GtkSourceLanguage *language = gtk_source_buffer_get_language (
    tp_document_get_buffer (document_of (tab)));

  return language ? gtk_source_language_get_id (language) : NULL;
}

static const char *
spell_language_of (TpTab *tab)
{
  return tp_spell_checker_get_language (tp_tab_get_spell_checker (tab));
}

static void
assert_cursor (TpTab *tab,
               int    line,
               int    column)
{
  int cursor_line, cursor_column;

  get_cursor (tab, &cursor_line, &cursor_column);
  g_assert_cmpint (cursor_line, ==, line);
  g_assert_cmpint (cursor_column, ==, column);
}

/* ---- the cursor and the view ---- */

static void
cursor_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  int top;

  show_beside_untitled (window, tab);
  tp_tab_go_to (tab, 201, 4);
  tp_gui_wait_idle ();
  top = top_line (tab);
  g_assert_cmpint (top, >, 100);
  g_assert_cmpint (top, <, 200);
  close_tab (window, tab);

  /* A line asked for (here on the command line) is on screen once the text is laid out, not
   * just once the view has scrolled by the heights it first guessed for the lines above. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (third_path);
    TpLocation location = { .file = file, .line = 201, .column = 2 };

    tab = tp_window_open_location (window, &location);
    tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
    tp_gui_wait_idle ();
    assert_cursor (tab, 200, 1);
    g_assert_true (cursor_is_visible (tab));
  }
  close_tab (window, tab);

  /* Opened again: the cursor where it was, the same line at the top. */
  tab = open_path (window, first_path, NULL);
  assert_cursor (tab, 200, 3);
  tp_gui_wait_until (top_line (tab) == top);
  g_assert_true (cursor_is_visible (tab));

  close_tab (window, tab);

  /* Another file knows nothing of it. */
  tab = open_path (window, second_path, NULL);
  assert_cursor (tab, 0, 0);
  close_tab (window, tab);

  /* A line on the command line wins over the memory. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (first_path);
    TpLocation location = { .file = file, .line = 11, .column = 2 };

    tab = tp_window_open_location (window, &location);
    tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
    tp_gui_wait_idle ();
    assert_cursor (tab, 10, 1);
  }
  tp_tab_go_to (tab, 201, 8);
  tp_gui_wait_idle ();
  close_tab (window, tab);

  /* Another program cut the file short meanwhile: the cursor goes as far as the text does. */
  g_assert_true (g_file_set_contents (first_path, "one\ntwo\nthree", -1, NULL));
  tab = open_path (window, first_path, NULL);
  tp_gui_assert_text (tab, "one\ntwo\nthree");
  assert_cursor (tab, 2, 5);
  g_assert_true (cursor_is_visible (tab));
  g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (tp_tab_get_view (tab))));
  gtk_widget_grab_focus (GTK_WIDGET (tp_tab_get_view (tab)));
  tp_gui_type ("four");
  tp_gui_assert_text (tab, "one\ntwo\nthreefour");
}

static void
test_cursor (void)
{
  g_autofree char *text = many_lines (400);

  test_dir = tp_gui_make_temp_dir ();
  first_path = tp_gui_write_file (test_dir, "first.txt", text, -1);
  second_path = tp_gui_write_file (test_dir, "second.txt", text, -1);
  third_path = tp_gui_write_file (test_dir, "third.txt", text, -1);
  tp_gui_run_app ((const char *[]) { first_path, NULL }, cursor_body);
}

/* A state applied while the file is still read (as a session restores its tabs) is applied once
 * it is, in place of what is remembered of the file. */
static void
apply_while_loading_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  g_autoptr(TpTabState) state = tp_tab_state_new ();

  show_beside_untitled (window, tab);
  tp_tab_go_to (tab, 301, 1);
  tp_gui_wait_idle ();
  close_tab (window, tab);
  {
    g_autoptr(GFile) file = g_file_new_for_path (first_path);
    TpLocation location = { .file = file };

    tab = tp_window_open_location (window, &location);
  }
  g_assert_true (tp_document_get_loading (document_of (tab)));
  state->line = 120;
  state->column = 2;
  state->top_line = 110;
  state->language = g_strdup ("c");
  tp_tab_state_apply (state, tab);
  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  tp_gui_wait_idle ();
  assert_cursor (tab, 120, 2);
  tp_gui_wait_until (top_line (tab) == 110);
  g_assert_cmpstr (language_of (tab), ==, "c");
}

static void
test_apply_while_loading (void)
{
  g_autofree char *text = many_lines (400);

  test_dir = tp_gui_make_temp_dir ();
  first_path = tp_gui_write_file (test_dir, "restored.txt", text, -1);
  tp_gui_run_app ((const char *[]) { first_path, NULL }, apply_while_loading_body);
}

/* ---- the languages chosen ---- */

static void
languages_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GSettings *settings = tp_application_get_settings (app);
  TpTab *untitled;

  untitled = show_beside_untitled (window, tab);
  g_assert_null (language_of (tab));
  g_assert_cmpstr (spell_language_of (tab), ==, "tp_UTF8");
  g_action_group_activate_action (G_ACTION_GROUP (window), "language",
                                  g_variant_new_string ("python"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "spell-language",
                                  g_variant_new_string ("tp_LATIN1"));
  g_assert_cmpstr (language_of (tab), ==, "python");
  g_assert_cmpstr (spell_language_of (tab), ==, "tp_LATIN1");
  /* A choice for a file is that file's, not the one for new documents. */
  {
    g_autofree char *default_language = g_settings_get_string (settings, "spell-language");
    g_assert_cmpstr (default_language, ==, "tp_UTF8");
  }
  close_tab (window, tab);

  /* Another file keeps its guess and the default. */
  tab = open_path (window, second_path, NULL);
  g_assert_null (language_of (tab));
  g_assert_cmpstr (spell_language_of (tab), ==, "tp_UTF8");
  close_tab (window, tab);

  tab = open_path (window, first_path, NULL);
  g_assert_cmpstr (language_of (tab), ==, "python");
  g_assert_cmpstr (tp_document_get_chosen_language (document_of (tab)), ==, "python");
  g_assert_cmpstr (spell_language_of (tab), ==, "tp_LATIN1");

  /* Plain text is a choice too. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "language", g_variant_new_string (""));
  close_tab (window, tab);
  tab = open_path (window, first_path, NULL);
  g_assert_null (language_of (tab));
  g_assert_cmpstr (tp_document_get_chosen_language (document_of (tab)), ==, "");

  /* For a document with no file, the choice becomes the default for new documents. */
  gtk_notebook_set_current_page (
    GTK_NOTEBOOK (gtk_widget_get_parent (GTK_WIDGET (untitled))),
    gtk_notebook_page_num (GTK_NOTEBOOK (gtk_widget_get_parent (GTK_WIDGET (untitled))),
                           GTK_WIDGET (untitled)));
  g_action_group_activate_action (G_ACTION_GROUP (window), "spell-language",
                                  g_variant_new_string ("tp_LATIN1"));
  g_assert_cmpstr (spell_language_of (untitled), ==, "tp_LATIN1");
  {
    g_autofree char *default_language = g_settings_get_string (settings, "spell-language");
    g_assert_cmpstr (default_language, ==, "tp_LATIN1");
  }
}

static void
test_languages (void)
{
  test_dir = tp_gui_make_temp_dir ();
  first_path = tp_gui_write_file (test_dir, "notes.txt", "teh words\n", -1);
  second_path = tp_gui_write_file (test_dir, "others.txt", "teh words\n", -1);
  tp_gui_run_app ((const char *[]) { first_path, NULL }, languages_body);
}

/* ---- the encoding chosen ---- */

static void
on_saved (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  int *outcome = user_data;

  *outcome = tp_tab_save_finish (TP_TAB (source), result, NULL) ? 1 : 2;
}

static void
encoding_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  g_autofree char *copy_path = g_build_filename (test_dir, "copy.txt", NULL);
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  int outcome = 0;

  show_beside_untitled (window, tab);
  g_assert_cmpstr (tp_document_get_encoding_name (document_of (tab)), ==, "WINDOWS-1252");
  g_assert_null (tp_document_get_chosen_encoding (document_of (tab)));

  /* Chosen from Reopen With Encoding. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "reopen-with-encoding",
                                  g_variant_new_string ("ISO-8859-15"));
  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  g_assert_cmpstr (tp_document_get_encoding_name (document_of (tab)), ==, "ISO-8859-15");
  close_tab (window, tab);
  tab = open_path (window, first_path, NULL);
  g_assert_cmpstr (tp_document_get_encoding_name (document_of (tab)), ==, "ISO-8859-15");
  {
    g_autofree char *text = tp_gui_get_text (tab);
    g_assert_true (g_str_has_prefix (text, "œ Œ Ÿ"));
  }

  /* File → Reload keeps the encoding chosen. */
  tp_tab_reload (tab, NULL);
  tp_gui_wait_until (!tp_document_get_busy (document_of (tab)));
  g_assert_cmpstr (tp_document_get_encoding_name (document_of (tab)), ==, "ISO-8859-15");

  /* Another file is read as its bytes say. */
  close_tab (window, tab);
  tab = open_path (window, second_path, NULL);
  g_assert_cmpstr (tp_document_get_encoding_name (document_of (tab)), ==, "WINDOWS-1252");

  close_tab (window, tab);

  /* Chosen in Save As, for the file saved: plain ASCII, which would be read as UTF-8. */
  tab = open_path (window, third_path, NULL);
  g_assert_cmpstr (tp_document_get_encoding_name (document_of (tab)), ==, "UTF-8");
  tp_tab_save_async (tab, copy, gtk_source_encoding_get_from_charset ("ISO-8859-2"), NULL,
                     on_saved, &outcome);
  tp_gui_wait_until (outcome != 0);
  g_assert_cmpint (outcome, ==, 1);
  close_tab (window, tab);
  tab = open_path (window, copy_path, NULL);
  g_assert_cmpstr (tp_document_get_encoding_name (document_of (tab)), ==, "ISO-8859-2");
  close_tab (window, tab);

  /* An encoding chosen in the Open dialog wins over the one remembered. */
  tab = open_path (window, first_path, "WINDOWS-1252");
  g_assert_cmpstr (tp_document_get_encoding_name (document_of (tab)), ==, "WINDOWS-1252");
  tp_gui_assert_text (tab, "½ ¼ ¾ “quoted” café");
}

static void
test_encoding (void)
{
  static const char latin1[] = "\xbd \xbc \xbe \x93quoted\x94 caf\xe9\n";

  test_dir = tp_gui_make_temp_dir ();
  first_path = tp_gui_write_file (test_dir, "latin1.txt", latin1, sizeof latin1 - 1);
  second_path = tp_gui_write_file (test_dir, "other.txt", latin1, sizeof latin1 - 1);
  third_path = tp_gui_write_file (test_dir, "ascii.txt", "plain words\n", -1);
  tp_gui_run_app ((const char *[]) { first_path, NULL }, encoding_body);
}

/* ---- across runs ---- */

static void
quit_first_run_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  tp_tab_go_to (tab, 51, 6);
  g_action_group_activate_action (G_ACTION_GROUP (window), "language",
                                  g_variant_new_string ("python"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "spell-language",
                                  g_variant_new_string ("tp_LATIN1"));
  tp_gui_wait_idle ();
  /* Quit as Ctrl+Q does: every window closes, asking about nothing unsaved. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  tp_gui_wait_until (tp_application_get_main_window (app) == NULL);
}

static void
quit_second_run_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  assert_cursor (tab, 50, 5);
  tp_gui_wait_until (cursor_is_visible (tab));
  g_assert_cmpstr (language_of (tab), ==, "python");
  g_assert_cmpstr (spell_language_of (tab), ==, "tp_LATIN1");
}

static void
test_quit (void)
{
  g_autofree char *text = many_lines (300);
  g_autofree char *path = store_path ();
  g_autoptr(GKeyFile) store = g_key_file_new ();
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(TpTabState) state = NULL;

  test_dir = tp_gui_make_temp_dir ();
  first_path = tp_gui_write_file (test_dir, "kept.txt", text, -1);
  tp_gui_run_app ((const char *[]) { first_path, NULL }, quit_first_run_body);

  /* The store is on disk once Threadpad has quit. */
  g_assert_true (g_key_file_load_from_file (store, path, G_KEY_FILE_NONE, NULL));
  file = g_file_new_for_path (first_path);
  uri = g_file_get_uri (file);
  state = tp_tab_state_load_from_key_file (store, uri);
  g_assert_nonnull (state);
  g_assert_cmpint (state->line, ==, 50);
  g_assert_cmpint (state->column, ==, 5);
  g_assert_cmpstr (state->language, ==, "python");
  g_assert_cmpstr (state->spell_language, ==, "tp_LATIN1");
  g_assert_null (state->encoding);

  /* And a new run reads it: in a process of its own (one GTK application runs once in a
   * process), with this one's state folder. */
  g_setenv ("TP_TEST_FILE", first_path, TRUE);
  g_test_trap_subprocess ("/file-memory/quit-second-run", 120 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_quit_second_run (void)
{
  if (!g_test_subprocess ())
    {
      g_test_skip ("run by /file-memory/quit");
      return;
    }
  tp_gui_run_app ((const char *[]) { g_getenv ("TP_TEST_FILE"), NULL }, quit_second_run_body);
}

/* ---- stores that do not work ---- */

/* Opens and closes the file twice: it opens as it would without a memory, and what the memory
 * keeps within the run still comes back. */
static void
broken_store_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  show_beside_untitled (window, tab);
  tp_gui_assert_text (tab, "a\nb\nc\nd");
  g_assert_true (gtk_text_view_get_editable (GTK_TEXT_VIEW (tp_tab_get_view (tab))));
  for (int round = 0; round < 2; round++)
    {
      tp_tab_go_to (tab, 3 + round, 1);
      tp_gui_wait_idle ();
      close_tab (window, tab);
      tab = open_path (window, first_path, NULL);
      tp_gui_assert_text (tab, "a\nb\nc\nd");
      assert_cursor (tab, 2 + round, 0);
    }
  tab = open_path (window, second_path, NULL);
  close_tab (window, tab);
  /* Wait past the memory's next write. */
  tp_gui_sleep (1500);
}

static void
test_corrupt_store (void)
{
  static const char garbage[] = "[file:///x\n\xff\xfe\x00garbage=\n[[[]]]\nno group\n";
  g_autofree char *path = store_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *aside = g_strconcat (path, ".damaged", NULL);
  g_autoptr(GKeyFile) store = g_key_file_new ();
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_auto(GStrv) groups = NULL;
  gsize n_groups = 0;

  test_dir = tp_gui_make_temp_dir ();
  first_path = tp_gui_write_file (test_dir, "some.txt", "a\nb\nc\nd\n", -1);
  second_path = tp_gui_write_file (test_dir, "more.txt", "e\n", -1);
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, garbage, sizeof garbage - 1, NULL));
  count_memory_messages ();
  tp_gui_run_app ((const char *[]) { first_path, NULL }, broken_store_body);

  /* Said once; the damaged file kept aside as it was, a good one in its place. */
  g_assert_cmpuint (memory_messages, ==, 1);
  g_assert_true (g_file_get_contents (aside, &contents, &length, NULL));
  g_assert_cmpmem (contents, length, garbage, sizeof garbage - 1);
  g_assert_true (g_key_file_load_from_file (store, path, G_KEY_FILE_NONE, NULL));
  groups = g_key_file_get_groups (store, &n_groups);
  g_assert_cmpuint (n_groups, ==, 2);
}

/* A store that cannot be read (here a folder where the file should be, which stops root too) is
 * neither read nor replaced. */
static void
test_unreadable_store (void)
{
  g_autofree char *path = store_path ();
  GStatBuf info;

  test_dir = tp_gui_make_temp_dir ();
  first_path = tp_gui_write_file (test_dir, "some.txt", "a\nb\nc\nd\n", -1);
  second_path = tp_gui_write_file (test_dir, "more.txt", "e\n", -1);
  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
  count_memory_messages ();
  tp_gui_run_app ((const char *[]) { first_path, NULL }, broken_store_body);

  g_assert_cmpuint (memory_messages, ==, 1);
  g_assert_cmpint (g_stat (path, &info), ==, 0);
  g_assert_true (S_ISDIR (info.st_mode));
}

/* A state folder Threadpad may not write in: files open, the memory lasts until it quits. */
static void
test_read_only_state (void)
{
  g_autofree char *path = store_path ();
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *recovery = g_build_filename (folder, "recovery", NULL);

  test_dir = tp_gui_make_temp_dir ();
  first_path = tp_gui_write_file (test_dir, "some.txt", "a\nb\nc\nd\n", -1);
  second_path = tp_gui_write_file (test_dir, "more.txt", "e\n", -1);
  /* Crash recovery's own folder is there already, and writable: only the memory is refused. */
  g_assert_cmpint (g_mkdir_with_parents (recovery, 0700), ==, 0);
  g_assert_cmpint (g_chmod (folder, 0500), ==, 0);
  count_memory_messages ();
  tp_gui_run_app ((const char *[]) { first_path, NULL }, broken_store_body);
  g_assert_cmpint (g_chmod (folder, 0700), ==, 0);

  g_assert_cmpuint (memory_messages, ==, 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
skip_read_only_as_root (void)
{
  g_test_skip ("root may write in any folder");
}

int
main (int   argc,
      char *argv[])
{
  tp_gui_init (&argc, &argv);
  tp_gui_add ("/file-memory/cursor", test_cursor);
  tp_gui_add ("/file-memory/apply-while-loading", test_apply_while_loading);
  tp_gui_add ("/file-memory/languages", test_languages);
  tp_gui_add ("/file-memory/encoding", test_encoding);
  tp_gui_add ("/file-memory/quit", test_quit);
  g_test_add_func ("/file-memory/quit-second-run", test_quit_second_run);
  tp_gui_add ("/file-memory/corrupt-store", test_corrupt_store);
  tp_gui_add ("/file-memory/unreadable-store", test_unreadable_store);
  if (getuid () == 0)
    g_test_add_func ("/file-memory/read-only-state", skip_read_only_as_root);
  else
    tp_gui_add ("/file-memory/read-only-state", test_read_only_state);
  return g_test_run ();
}

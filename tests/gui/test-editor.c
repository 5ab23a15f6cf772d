/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tp-document.h"
#include "tp-find-bar.h"
#include "tp-gui-harness.h"
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

int
main (int   argc,
      char *argv[])
{
  tp_gui_init (&argc, &argv);
  tp_gui_add ("/editor/type-and-save", test_type_and_save);
  tp_gui_add ("/editor/undo-redo", test_undo_redo);
  tp_gui_add ("/editor/find-replace", test_find_replace);
  return g_test_run ();
}

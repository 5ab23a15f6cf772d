/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "spell/tp-spell-checker.h"
#include "tp-document.h"
#include "tp-find-bar.h"
#include "tp-gui-harness.h"
#include "tp-status-label.h"
#include "tp-tab.h"
#include "tp-view.h"
#include "tp-window.h"

/* The tests use tests/data/dictionaries/tp_UTF8: a, the, cat, hello, world(s), café, crème,
 * naïve, doesn't, short, circuit, aujourd'hui, homme, l'homme, quick, brown. */

static char *test_dir;
static char *test_path;

static TpSpellChecker *
checker_of (TpTab *tab)
{
  return tp_tab_get_spell_checker (tab);
}

static void
wait_until_checked (TpTab *tab)
{
  tp_gui_wait_until (!tp_document_get_busy (tp_tab_get_document (tab))
                     && !tp_spell_checker_get_busy (checker_of (tab)));
  tp_gui_wait_idle ();
  tp_gui_wait_until (!tp_spell_checker_get_busy (checker_of (tab)));
}

/* The words carrying the misspelling underline, in order, joined by "|". */
static char *
marked_words (TpTab *tab)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (tp_tab_get_document (tab)));
  GtkTextTag *tag = tp_spell_checker_get_tag (checker_of (tab));
  g_autoptr(GString) words = g_string_new (NULL);
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (buffer, &iter);
  do
    {
      if (gtk_text_iter_starts_tag (&iter, tag))
        {
          GtkTextIter end = iter;
          g_autofree char *word = NULL;

          gtk_text_iter_forward_to_tag_toggle (&end, tag);
          word = gtk_text_iter_get_slice (&iter, &end);
          if (words->len > 0)
            g_string_append_c (words, '|');
          g_string_append (words, word);
        }
    }
  while (gtk_text_iter_forward_to_tag_toggle (&iter, tag));
  return g_string_free (g_steal_pointer (&words), FALSE);
}

static guint
count_words (const char *joined)
{
  guint count = *joined != '\0';

  for (const char *p = joined; *p != '\0'; p++)
    count += *p == '|';
  return count;
}

static void
assert_marked (TpTab      *tab,
               const char *expected)
{
  g_autofree char *words = NULL;

  wait_until_checked (tab);
  words = marked_words (tab);
  g_assert_cmpstr (words, ==, expected);
  g_assert_cmpuint (tp_spell_checker_get_misspelled_count (checker_of (tab)), ==,
                    count_words (expected));
}

/* ---- a file with known misspellings ---- */

static void
marks_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  assert_marked (tab, "wrold|teh|zorp");

  /* F7 goes from one to the next, round the end. */
  tp_gui_press ("F7");
  tp_gui_wait_until (g_str_equal (tp_window_get_position_text (window), "Ln 1, Col 7"));
  tp_gui_press ("F7");
  tp_gui_wait_until (g_str_equal (tp_window_get_position_text (window), "Ln 2, Col 9"));
  tp_gui_press ("F7");
  tp_gui_press ("F7");
  tp_gui_wait_until (g_str_equal (tp_window_get_position_text (window), "Ln 1, Col 7"));
  tp_gui_press ("<Shift>F7");
  tp_gui_wait_until (g_str_has_prefix (tp_window_get_position_text (window), "Ln 3"));
}

static void
test_marks (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "letter.txt",
                                 "hello wrold, the cat\nthe cat teh quick brown 42 x2\n"
                                 "https://wrold.example/teh a zorp@mail.example a zorp.\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, marks_body);
}

/* ---- typing ---- */

static void
typing_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  tp_gui_type ("the cat");
  assert_marked (tab, "");
  /* The word being typed is left alone until the cursor leaves it. */
  tp_gui_type (" zzx");
  assert_marked (tab, "");
  tp_gui_type (" ");
  assert_marked (tab, "zzx");
  tp_gui_type ("hello wolrd ");
  assert_marked (tab, "zzx|wolrd");
  /* Fixing a word in the middle of the text removes its mark. */
  tp_gui_press ("Left");
  tp_gui_press ("Left");
  tp_gui_press ("Left");
  tp_gui_press ("BackSpace");
  tp_gui_press ("Right");
  tp_gui_type ("l");
  tp_gui_press ("End");
  tp_gui_assert_text (tab, "the cat zzx hello world ");
  assert_marked (tab, "zzx");
  tp_gui_press ("Home");
  tp_gui_press ("Delete");
  tp_gui_wait_idle ();
  assert_marked (tab, "he|zzx");
  tp_gui_press ("<Control>z");
  assert_marked (tab, "zzx");
}

static void
test_typing (void)
{
  tp_gui_run_app (NULL, typing_body);
}

/* ---- the context menu ---- */

static void
right_click_word (TpTab *tab,
                  int    offset)
{
  GtkTextView *view = GTK_TEXT_VIEW (tp_tab_get_view (tab));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GdkWindow *text_window = gtk_text_view_get_window (view, GTK_TEXT_WINDOW_TEXT);
  GdkRectangle location;
  GtkTextIter iter;
  int x, y, origin_x, origin_y;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_view_get_iter_location (view, &iter, &location);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_TEXT, location.x + 3,
                                         location.y + location.height / 2, &x, &y);
  gdk_window_get_origin (text_window, &origin_x, &origin_y);
  tp_gui_click_at (origin_x + x, origin_y + y, 3);
}

static void
menu_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  g_autofree char *personal = NULL;
  g_autofree char *personal_path = g_build_filename (g_get_user_config_dir (), "threadpad",
                                                     "personal-tp_UTF8.txt", NULL);
  GtkMenu *menu;
  GtkWidget *item;

  assert_marked (tab, "helo|wrold|helo");

  /* Suggestions sit at the top of the menu; choosing one replaces the word. */
  right_click_word (tab, 1);
  menu = tp_gui_wait_for_popup_menu ();
  tp_gui_wait_until ((item = tp_gui_menu_item_labelled (menu, "hello")) != NULL);
  tp_gui_click (item);
  tp_gui_assert_text (tab, "hello wrold helo");
  assert_marked (tab, "wrold|helo");

  /* Added words leave every document at once and go to the personal dictionary. */
  right_click_word (tab, 7);
  menu = tp_gui_wait_for_popup_menu ();
  item = tp_gui_menu_item_labelled (menu, "_Add “wrold” to Dictionary");
  g_assert_nonnull (item);
  tp_gui_click (item);
  assert_marked (tab, "helo");
  tp_gui_wait_until (g_file_get_contents (personal_path, &personal, NULL, NULL));
  g_assert_cmpstr (personal, ==, "wrold\n");

  /* Ignored words are accepted for the session only. */
  right_click_word (tab, 13);
  menu = tp_gui_wait_for_popup_menu ();
  tp_gui_click (tp_gui_menu_item_labelled (menu, "_Ignore All"));
  assert_marked (tab, "");
  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_press ("<Control>End");
  tp_gui_type (" helo wrold helloo ");
  assert_marked (tab, "helloo");

  /* A personal dictionary that cannot be written: the word is accepted, and the user is told
   * it will not be remembered. */
  g_assert_cmpint (g_unlink (personal_path), ==, 0);
  g_assert_cmpint (g_mkdir (personal_path, 0700), ==, 0);
  right_click_word (tab, 29);
  menu = tp_gui_wait_for_popup_menu ();
  tp_gui_click (tp_gui_menu_item_labelled (menu, "_Add “helloo” to Dictionary"));
  assert_marked (tab, "");
  tp_gui_wait_until (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (tp_gui_find_widget (
                       GTK_WIDGET (window), GTK_TYPE_LABEL, "name", "status-message"))),
                                       "“helloo” could not be added to your personal dictionary"));
}

static void
test_menu (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "menu.txt", "helo wrold helo\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, menu_body);
}

/* ---- languages ---- */

static void
language_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  assert_marked (tab, "garçon|cafés");
  g_action_group_activate_action (G_ACTION_GROUP (window), "spell-language",
                                  g_variant_new_string ("tp_LATIN1"));
  assert_marked (tab, "the|cat");
  g_assert_cmpstr (tp_spell_checker_get_language (checker_of (tab)), ==, "tp_LATIN1");

  /* The choice is this file's (remembered for it); a new document has the default. A choice
   * for a document with no file is also the default of the next one. */
  tp_gui_press ("<Control>n");
  tp_gui_wait_until (tp_window_get_active_tab (window) != tab);
  g_assert_cmpstr (tp_spell_checker_get_language (checker_of (tp_window_get_active_tab (window))),
                   ==, "tp_UTF8");
  g_action_group_activate_action (G_ACTION_GROUP (window), "spell-language",
                                  g_variant_new_string ("tp_LATIN1"));
  tp_gui_press ("<Control>n");
  tp_gui_wait_until (gtk_notebook_get_n_pages (GTK_NOTEBOOK (gtk_widget_get_parent (
                       GTK_WIDGET (tab)))) == 3);
  g_assert_cmpstr (tp_spell_checker_get_language (checker_of (tp_window_get_active_tab (window))),
                   ==, "tp_LATIN1");

  /* Switched off, a document has no marks; switched on, they come back. */
  tp_gui_press ("<Alt>1");
  tp_gui_wait_until (tp_window_get_active_tab (window) == tab);
  g_action_group_change_action_state (G_ACTION_GROUP (window), "check-spelling",
                                  g_variant_new_boolean (FALSE));
  assert_marked (tab, "");
  g_action_group_change_action_state (G_ACTION_GROUP (window), "check-spelling",
                                  g_variant_new_boolean (TRUE));
  assert_marked (tab, "the|cat");
}

static void
test_language (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "mixed.txt", "the garçon hello cat cafés\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, language_body);
}

/* ---- a large document, edited at both ends while it is checked ---- */

static const char *const good_words[] = { "the", "cat", "hello", "world", "quick", "brown", "a" };
static const char *const bad_words[] = { "teh", "wrold", "qiuck", "zorp" };

/* About 10 MB of text with one misspelling every 50 words; returns how many there are. */
static guint
write_large_document (const char *path)
{
  g_autoptr(GString) text = g_string_sized_new (11 * 1024 * 1024);
  guint misspelled = 0;
  guint n = 0;

  while (text->len < 10 * 1024 * 1024)
    {
      if (n % 50 == 49)
        {
          g_string_append (text, bad_words[(n / 50) % G_N_ELEMENTS (bad_words)]);
          misspelled++;
        }
      else
        g_string_append (text, good_words[n % G_N_ELEMENTS (good_words)]);
      g_string_append_c (text, n % 12 == 11 ? '\n' : ' ');
      n++;
    }
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, NULL));
  return misspelled;
}

static guint large_misspelled;

static void
large_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpSpellChecker *checker = checker_of (tab);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (tp_tab_get_document (tab)));
  GtkTextIter start, end;
  g_autofree char *last_word = NULL;

  tp_gui_type ("zzfirst ");
  tp_gui_press ("<Control>End");
  tp_gui_type (" zzlast ");
  tp_gui_press ("<Control>Home");
  tp_gui_type ("hello ");
  tp_gui_wait_until (!tp_spell_checker_get_busy (checker));
  wait_until_checked (tab);

  g_assert_cmpuint (tp_spell_checker_get_misspelled_count (checker), ==, large_misspelled + 2);
  /* The very end of the document was checked too: going back from the top finds its last
   * word, which is underlined once found (so far from the screen, it was kept out of the
   * buffer until then). */
  g_assert_true (tp_spell_checker_find_misspelling (checker, FALSE, &start, &end));
  last_word = gtk_text_iter_get_slice (&start, &end);
  g_assert_cmpstr (last_word, ==, "zzlast");
  g_assert_true (gtk_text_iter_has_tag (&start, tp_spell_checker_get_tag (checker)));
  g_assert_cmpint (gtk_text_iter_get_offset (&end), >,
                   gtk_text_buffer_get_char_count (buffer) - 10);
}

static void
test_large (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = g_build_filename (test_dir, "large.txt", NULL);
  large_misspelled = write_large_document (test_path);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, large_body);
}

/* ---- closing while the spell thread is busy ---- */

static guint
count_tabs (TpWindow *window)
{
  g_autoptr(GList) tabs = tp_window_get_tabs (window);
  return g_list_length (tabs);
}

static void
close_while_checking_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *first;

  tp_gui_wait_until (count_tabs (window) == 2);
  first = tp_gui_wait_for_loaded (window);
  tp_gui_press ("<Control>w");
  tp_gui_wait_until (tp_window_get_active_tab (window) != first);
  tp_gui_sleep (50);
  tp_gui_press ("<Control>q");
  tp_gui_wait_until (tp_application_get_main_window (app) == NULL);
}

static void
test_close_while_checking (void)
{
  g_autofree char *second = NULL;

  test_dir = tp_gui_make_temp_dir ();
  test_path = g_build_filename (test_dir, "one.txt", NULL);
  second = g_build_filename (test_dir, "two.txt", NULL);
  write_large_document (test_path);
  write_large_document (second);
  tp_gui_run_app ((const char *[]) { test_path, second, NULL }, close_while_checking_body);
}

/* ---- source files: only comments and strings ---- */

static void
source_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  tp_gui_wait_until (gtk_source_buffer_get_language (tp_document_get_buffer (
                       tp_tab_get_document (tab))) != NULL);
  assert_marked (tab, "teh|wrold");
}

static void
test_source_file (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "prog.c",
                                 "/* the cat teh */\nint fooo = barr (\"hello wrold\");\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, source_body);
}

/* ---- source files: code with whitespace of more than one byte ---- */

static void
source_wide_space_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GtkMenu *menu;
  GtkWidget *item;

  tp_gui_wait_until (gtk_source_buffer_get_language (tp_document_get_buffer (
                       tp_tab_get_document (tab))) != NULL);
  assert_marked (tab, "teh|wrold|zorp|qiuck");

  /* A suggestion replaces the misspelled word, and only it: "teh" starts at character 10. */
  right_click_word (tab, 11);
  menu = tp_gui_wait_for_popup_menu ();
  tp_gui_wait_until ((item = tp_gui_menu_item_labelled (menu, "the")) != NULL);
  tp_gui_click (item);
  tp_gui_assert_text (tab, "int a;\u00a0/* the */\nint b;\u2003/* wrold */\n"
                           "int c;\u3000/* zorp */\nint d;\u2028/* qiuck */\nint e;\u3000");
  assert_marked (tab, "wrold|zorp|qiuck");
}

/* No-break, em and ideographic spaces and the line separator take two or three bytes; the last
 * one ends the document, and with it the chunk that is checked. */
static void
test_source_wide_space (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "spaces.c",
                                 "int a;\u00a0/* teh */\nint b;\u2003/* wrold */\n"
                                 "int c;\u3000/* zorp */\nint d;\u2028/* qiuck */\nint e;\u3000",
                                 -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, source_wide_space_body);
}

/* ---- a language whose dictionary is missing ---- */

static void
missing_dictionary_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpSpellChecker *checker = checker_of (tab);
  GtkWidget *status;

  assert_marked (tab, "teh");
  tp_spell_checker_set_language (checker, "zz_ZZ");
  tp_gui_wait_until (tp_spell_checker_get_error (checker) != NULL);
  g_assert_cmpstr (tp_spell_checker_get_error (checker), ==,
                   "No spelling dictionary is installed for “zz_ZZ”.");
  status = tp_gui_find_widget (GTK_WIDGET (window), TP_TYPE_STATUS_LABEL, "text",
                               "No spelling dictionary is installed for “zz_ZZ”.");
  g_assert_true (gtk_widget_is_visible (status));
  g_assert_false (tp_spell_checker_get_busy (checker));

  /* Editing goes on as before. */
  tp_gui_press ("<Control>End");
  tp_gui_type ("still typing");
  tp_gui_assert_text (tab, "the teh still typing");
}

static void
test_missing_dictionary (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "note.txt", "the teh ", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, missing_dictionary_body);
}

/* ---- a dictionary whose word list gives no word ---- */

static const char *
spell_status_text (TpWindow *window)
{
  return tp_status_label_get_text (TP_STATUS_LABEL (gtk_widget_get_template_child (
    GTK_WIDGET (window), TP_TYPE_WINDOW, "spell_status_label")));
}

static char *
spell_status_tooltip (TpWindow *window)
{
  return gtk_widget_get_tooltip_text (GTK_WIDGET (gtk_widget_get_template_child (
    GTK_WIDGET (window), TP_TYPE_WINDOW, "spell_status_button")));
}

static void
broken_dictionary_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpSpellChecker *checker = checker_of (tab);
  g_autofree char *tooltip = NULL;
  g_autofree char *empty_tooltip = NULL;

  assert_marked (tab, "teh");
  g_action_group_activate_action (G_ACTION_GROUP (window), "spell-language",
                                  g_variant_new_string ("tp_HUGE"));
  tp_gui_wait_until (tp_spell_checker_get_error (checker) != NULL);
  /* Not a word is flagged, not even the one the language before had flagged. */
  assert_marked (tab, "");
  tp_gui_wait_until (g_str_equal (spell_status_text (window),
                                  "The dictionary “tp (HUGE)” is broken"));
  tooltip = spell_status_tooltip (window);
  g_assert_nonnull (strstr (tooltip, "tp_HUGE.dic"));
  g_assert_nonnull (strstr (tooltip, "2000000000 words"));
  g_assert_nonnull (strstr (tooltip, "Install the dictionary again, or choose another language"));

  g_action_group_activate_action (G_ACTION_GROUP (window), "spell-language",
                                  g_variant_new_string ("tp_EMPTY"));
  tp_gui_wait_until (g_str_equal (spell_status_text (window),
                                  "The dictionary “tp (EMPTY)” is broken"));
  empty_tooltip = spell_status_tooltip (window);
  g_assert_nonnull (strstr (empty_tooltip, "is empty"));

  /* A good dictionary checks again. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "spell-language",
                                  g_variant_new_string ("tp_UTF8"));
  assert_marked (tab, "teh");
  g_assert_null (tp_spell_checker_get_error (checker));
  tp_gui_wait_until (g_str_equal (spell_status_text (window), "1 misspelled word"));

  /* Editing goes on all along. */
  tp_gui_press ("<Control>End");
  tp_gui_type ("still typing");
  tp_gui_assert_text (tab, "the teh still typing");
}

static void
test_broken_dictionary (void)
{
  g_autofree char *broken = g_test_build_filename (G_TEST_DIST, "data", "dictionaries", "broken",
                                                   NULL);
  g_autofree char *good = g_test_build_filename (G_TEST_DIST, "data", "dictionaries", NULL);
  g_autofree char *dicpath = g_strjoin (G_SEARCHPATH_SEPARATOR_S, broken, good, NULL);

  g_setenv ("DICPATH", dicpath, TRUE);
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "note.txt", "the teh ", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, broken_dictionary_body);
}

/* ---- the status bar is left alone while what it shows stays the same ---- */

static void
count_rewrite (guint *count)
{
  (*count)++;
}

static void
watch_label (GtkWidget  *owner,
             GType       owner_type,
             const char *name,
             guint      *count)
{
  GObject *label = gtk_widget_get_template_child (owner, owner_type, name);

  g_assert_nonnull (label);
  g_signal_connect_swapped (label, GTK_IS_LABEL (label) ? "notify::label" : "notify::text",
                            G_CALLBACK (count_rewrite), count);
}

/* Every label rewrite lays the whole window out again and takes a frame, and a key typed just
 * then waits for the next one. A large document makes the checker move marks and announce its
 * count thousands of times; none of that may touch a label whose text stays the same. */
static void
quiet_status_bar_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (tp_tab_get_document (tab)));
  GtkWidget *find_bar;
  TpStatusLabel *status;
  GtkTextMark *mark;
  GtkTextIter iter;
  guint rewrites = 0;
  guint position_rewrites = 0;

  assert_marked (tab, "wrold");
  status = TP_STATUS_LABEL (gtk_widget_get_template_child (GTK_WIDGET (window), TP_TYPE_WINDOW,
                                                           "spell_status_label"));
  tp_gui_wait_until (g_str_equal (tp_status_label_get_text (status), "1 misspelled word"));
  find_bar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), TP_TYPE_WINDOW,
                                                        "find_bar"));
  watch_label (GTK_WIDGET (window), TP_TYPE_WINDOW, "spell_status_label", &rewrites);
  watch_label (GTK_WIDGET (window), TP_TYPE_WINDOW, "spell_language_label", &rewrites);
  watch_label (find_bar, TP_TYPE_FIND_BAR, "status_label", &rewrites);
  watch_label (GTK_WIDGET (window), TP_TYPE_WINDOW, "position_label", &position_rewrites);

  gtk_text_buffer_get_start_iter (buffer, &iter);
  mark = gtk_text_buffer_create_mark (buffer, NULL, &iter, TRUE);
  while (gtk_text_iter_forward_char (&iter))
    gtk_text_buffer_move_mark (buffer, mark, &iter);
  gtk_text_buffer_delete_mark (buffer, mark);
  g_object_notify (G_OBJECT (checker_of (tab)), "misspelled-count");
  g_object_notify (G_OBJECT (checker_of (tab)), "busy");
  /* Longer than the status bar's refresh interval. */
  tp_gui_sleep (600);
  g_assert_cmpuint (rewrites, ==, 0);
  g_assert_cmpuint (position_rewrites, ==, 0);

  /* The watch itself works: moving the cursor rewrites the position. */
  tp_gui_press ("<Control>End");
  tp_gui_wait_until (position_rewrites > 0);
  g_assert_cmpuint (rewrites, ==, 0);
}

static void
test_quiet_status_bar (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "note.txt", "hello wrold, the cat\nthe cat\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, quiet_status_bar_body);
}

int
main (int   argc,
      char *argv[])
{
  tp_gui_init (&argc, &argv);
  tp_gui_add ("/spelling/marks", test_marks);
  tp_gui_add ("/spelling/typing", test_typing);
  tp_gui_add ("/spelling/menu", test_menu);
  tp_gui_add ("/spelling/language", test_language);
  tp_gui_add ("/spelling/source-file", test_source_file);
  tp_gui_add ("/spelling/source-wide-space", test_source_wide_space);
  tp_gui_add ("/spelling/missing-dictionary", test_missing_dictionary);
  tp_gui_add ("/spelling/broken-dictionary", test_broken_dictionary);
  tp_gui_add ("/spelling/large-document", test_large);
  tp_gui_add ("/spelling/close-while-checking", test_close_while_checking);
  tp_gui_add ("/spelling/quiet-status-bar", test_quiet_status_bar);
  return g_test_run ();
}

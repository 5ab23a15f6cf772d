/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every desktop editor has, driven through the real window: File → Reload, full screen,
 * Alt+number for a tab, closing the other documents, moving a document to a window of its
 * own. */
#include "config.h"

#include <X11/extensions/XTest.h>
#include <gdk/gdkx.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "tp-application.h"
#include "tp-document.h"
#include "tp-find-bar.h"
#include "tp-gui-harness.h"
#include "tp-long-lines.h"
#include "tp-print.h"
#include "tp-statistics-dialog.h"
#include "tp-text-stats.h"
#include "tp-tab.h"
#include "tp-window.h"

static char *test_dir;
static char *test_path;

static char *
read_file (const char *path)
{
  g_autoptr(GBytes) bytes = tp_gui_read_file (path);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static guint
count_tabs (TpWindow *window)
{
  g_autoptr(GList) tabs = tp_window_get_tabs (window);

  return g_list_length (tabs);
}

/* Clicks the dialog's button and waits until the dialog is gone. */
static void
answer (GtkWindow  *dialog,
        const char *label)
{
  GtkWidget *button = tp_gui_find_button (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  tp_gui_click (button);
  tp_gui_wait_until (dialog == NULL || !gtk_widget_get_visible (GTK_WIDGET (dialog)));
  if (dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
}

/* ---- File → Reload ---- */

static void
reload_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpDocument *document = tp_tab_get_document (tab);
  GtkWindow *dialog;
  g_autofree char *text = NULL;

  tp_gui_assert_text (tab, "first");
  write_file (test_path, "second\n");
  /* Nothing unsaved: read again at once. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "reload", NULL);
  tp_gui_wait_until (!tp_document_get_busy (document));
  tp_gui_assert_text (tab, "second");
  g_assert_false (tp_document_get_modified (document));

  /* Unsaved changes: asked first; Cancel keeps them. */
  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_press ("<Control>End");
  tp_gui_type (" mine");
  write_file (test_path, "third\n");
  g_action_group_activate_action (G_ACTION_GROUP (window), "reload", NULL);
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG);
  answer (dialog, "_Cancel");
  tp_gui_assert_text (tab, "second mine");
  g_assert_true (tp_document_get_modified (document));

  /* Reload loses them, as it said. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "reload", NULL);
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG);
  answer (dialog, "_Reload");
  tp_gui_wait_until (!tp_document_get_busy (document) && !tp_document_get_modified (document));
  tp_gui_assert_text (tab, "third");
  text = read_file (test_path);
  g_assert_cmpstr (text, ==, "third\n");
}

static void
test_reload (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "reloaded.txt", "first\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, reload_body);
}

/* A document that has no file has nothing to reload from. */
static void
reload_untitled_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);

  tp_gui_wait_for_loaded (window);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "reload"));
}

static void
test_reload_untitled (void)
{
  tp_gui_run_app (NULL, reload_untitled_body);
}

/* ---- full screen ---- */

/* Whether the window is shown full screen, as far as can be seen: without a window manager
 * (under Xvfb) nobody makes a window full screen. */
static gboolean
is_fullscreen (TpWindow *window,
               gboolean  asked)
{
  GdkWindow *gdk_window = gtk_widget_get_window (GTK_WIDGET (window));
  GdkScreen *screen = gtk_widget_get_screen (GTK_WIDGET (window));

  if (!gdk_x11_screen_supports_net_wm_hint (screen, gdk_atom_intern_static_string ("_NET_WM_STATE_FULLSCREEN")))
    return asked;
  return gdk_window != NULL
         && (gdk_window_get_state (gdk_window) & GDK_WINDOW_STATE_FULLSCREEN) != 0;
}

static gboolean
action_state (TpWindow   *window,
              const char *name)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), name);

  return g_variant_get_boolean (state);
}

static void
fullscreen_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);

  tp_gui_wait_for_loaded (window);
  tp_gui_focus (GTK_WINDOW (window));
  g_assert_false (action_state (window, "fullscreen"));
  tp_gui_press ("F11");
  tp_gui_wait_until (is_fullscreen (window, TRUE) && action_state (window, "fullscreen"));
  tp_gui_press ("F11");
  tp_gui_wait_until (!is_fullscreen (window, FALSE) && !action_state (window, "fullscreen"));
}

static void
test_fullscreen (void)
{
  tp_gui_run_app (NULL, fullscreen_body);
}

/* ---- tabs: Alt+number, closing the others ---- */

static TpTab *
new_tab_with (TpWindow   *window,
              const char *text)
{
  TpTab *before = tp_window_get_active_tab (window);
  TpTab *tab;

  tp_gui_press ("<Control>n");
  tp_gui_wait_until ((tab = tp_window_get_active_tab (window)) != before);
  tp_gui_type (text);
  return tab;
}

static void
tab_numbers_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *first = tp_gui_wait_for_loaded (window);
  TpTab *second, *third;
  GtkWindow *dialog;
  g_autoptr(GList) tabs = NULL;

  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_type ("one");
  second = new_tab_with (window, "two");
  third = new_tab_with (window, "three");

  tp_gui_press ("<Alt>1");
  tp_gui_wait_until (tp_window_get_active_tab (window) == first);
  tp_gui_press ("<Alt>3");
  tp_gui_wait_until (tp_window_get_active_tab (window) == third);
  tp_gui_press ("<Alt>2");
  tp_gui_wait_until (tp_window_get_active_tab (window) == second);
  /* No fourth tab: nothing changes. */
  tp_gui_press ("<Alt>4");
  tp_gui_wait_idle ();
  g_assert_true (tp_window_get_active_tab (window) == second);

  /* Close the other documents: each unsaved one is asked about, as closing it would. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "close-other-tabs", NULL);
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG);
  answer (dialog, "Close _without Saving");
  /* Cancel keeps the next one, and stops there. */
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_MESSAGE_DIALOG);
  answer (dialog, "_Cancel");
  tabs = tp_window_get_tabs (window);
  g_assert_cmpuint (g_list_length (tabs), ==, 2);
  g_assert_nonnull (g_list_find (tabs, second));
  tp_gui_assert_text (second, "two");
}

static void
test_tab_numbers (void)
{
  tp_gui_run_app (NULL, tab_numbers_body);
}

/* ---- a document moved to a window of its own ---- */

static void
move_to_window_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *first = tp_gui_wait_for_loaded (window);
  TpTab *second;
  TpWindow *moved_to;
  g_autoptr(GList) left = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *undone = NULL;

  tp_gui_assert_text (first, "kept");
  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_press ("<Control>End");
  tp_gui_type (" edited");
  tp_gui_assert_text (first, "kept edited");
  second = new_tab_with (window, "second document");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window),
                                                    "move-to-new-window"));

  gtk_notebook_set_current_page (GTK_NOTEBOOK (gtk_widget_get_parent (GTK_WIDGET (first))), 0);
  tp_gui_wait_until (tp_window_get_active_tab (window) == first);
  g_action_group_activate_action (G_ACTION_GROUP (window), "move-to-new-window", NULL);
  tp_gui_wait_until ((moved_to = tp_gui_other_window (app, window)) != NULL
                     && tp_window_get_active_tab (moved_to) == first);

  /* The document came along whole: its text, its unsaved state, its undo history. */
  left = tp_window_get_tabs (window);
  g_assert_cmpuint (g_list_length (left), ==, 1);
  g_assert_true (left->data == second);
  tp_gui_assert_text (first, "kept edited");
  g_assert_true (tp_document_get_modified (tp_tab_get_document (first)));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window),
                                                     "move-to-new-window"));

  /* It answers to its new window: typing, undo, saving. */
  tp_gui_focus (GTK_WINDOW (moved_to));
  tp_gui_type ("!");
  tp_gui_assert_text (first, "kept edited!");
  tp_gui_press ("<Control>z");
  tp_gui_wait_idle ();
  undone = tp_gui_get_text (first);
  g_assert_true (g_str_has_prefix ("kept edited!", undone) && strlen (undone) < 12);
  tp_gui_press ("<Control><Shift>z");
  tp_gui_assert_text (first, "kept edited!");
  tp_gui_press ("<Control>s");
  tp_gui_wait_until (!tp_document_get_modified (tp_tab_get_document (first)));
  saved = read_file (test_path);
  g_assert_cmpstr (saved, ==, "kept edited!\n");

  /* Closing it closes its new window, which has nothing else, and only that. */
  tp_gui_press ("<Control>w");
  tp_gui_wait_until (tp_gui_other_window (app, window) == NULL);
  g_assert_cmpuint (count_tabs (window), ==, 1);
}

static void
test_move_to_window (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "moved.txt", "kept\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, move_to_window_body);
}

/* A document dragged by its tab out of every window gets a window of its own. */

static void
move_pointer (int x,
              int y)
{
  Display *display = GDK_DISPLAY_XDISPLAY (gdk_display_get_default ());

  XTestFakeMotionEvent (display, -1, x, y, CurrentTime);
  XSync (display, False);
  tp_gui_sleep (60);
}

static void
drag_out_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *first = tp_gui_wait_for_loaded (window);
  TpTab *second;
  Display *display = GDK_DISPLAY_XDISPLAY (gdk_display_get_default ());
  GtkWidget *label;
  GtkAllocation allocation;
  int x, y;
  TpWindow *moved_to;

  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_type ("stays");
  second = new_tab_with (window, "goes out");
  tp_gui_wait_idle ();

  label = tp_tab_get_label (second);
  gtk_widget_get_allocation (label, &allocation);
  gdk_window_get_origin (gtk_widget_get_window (label), &x, &y);
  x += allocation.x + allocation.width / 2;
  y += allocation.y + allocation.height / 2;
  move_pointer (x, y);
  XTestFakeButtonEvent (display, 1, True, CurrentTime);
  XSync (display, False);
  tp_gui_sleep (100);
  for (int step = 1; step <= 8; step++)
    move_pointer (x + step * 100, y + step * 90);
  XTestFakeButtonEvent (display, 1, False, CurrentTime);
  XSync (display, False);

  tp_gui_wait_until ((moved_to = tp_gui_other_window (app, window)) != NULL
                     && tp_window_get_active_tab (moved_to) == second);
  g_assert_cmpuint (count_tabs (window), ==, 1);
  g_assert_true (tp_window_get_active_tab (window) == first);
  tp_gui_assert_text (second, "goes out");
  tp_gui_focus (GTK_WINDOW (moved_to));
  tp_gui_type (" and on");
  tp_gui_assert_text (second, "goes out and on");
  tp_gui_assert_text (first, "stays");
}

static void
test_drag_out (void)
{
  tp_gui_run_app (NULL, drag_out_body);
}

/* ---- the view's own context menu: Change Case ---- */

static void
change_case_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GtkMenu *menu;
  GtkWidget *change_case, *upper;

  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_type ("shout this");
  tp_gui_press ("<Control>a");
  tp_gui_press ("<Shift>F10");
  menu = tp_gui_wait_for_popup_menu ();
  change_case = tp_gui_menu_item_labelled (menu, "C_hange Case");
  g_assert_nonnull (change_case);
  g_assert_true (gtk_widget_get_sensitive (change_case));
  upper = tp_gui_menu_item_labelled (GTK_MENU (gtk_menu_item_get_submenu (GTK_MENU_ITEM (change_case))),
                              "All _Upper Case");
  g_assert_nonnull (upper);
  gtk_menu_item_activate (GTK_MENU_ITEM (upper));
  gtk_menu_shell_deactivate (GTK_MENU_SHELL (menu));
  tp_gui_assert_text (tab, "SHOUT THIS");
  /* Undone as one edit. */
  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_press ("<Control>z");
  tp_gui_assert_text (tab, "shout this");
}

static void
test_change_case (void)
{
  tp_gui_run_app (NULL, change_case_body);
}

/* ---- the View menu's switches: right margin, white space, brackets ---- */

static void
view_options_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GSettings *settings = tp_application_get_settings (app);
  GtkSourceView *view = GTK_SOURCE_VIEW (tp_tab_get_view (tab));
  GtkSourceSpaceDrawer *drawer = gtk_source_view_get_space_drawer (view);
  GtkSourceBuffer *buffer = tp_document_get_buffer (tp_tab_get_document (tab));
  TpTab *second;

  g_assert_false (gtk_source_view_get_show_right_margin (view));
  g_assert_true (gtk_source_buffer_get_highlight_matching_brackets (buffer));
  g_assert_cmpint (gtk_source_space_drawer_get_types_for_locations (
                     drawer, GTK_SOURCE_SPACE_LOCATION_INSIDE_TEXT), ==,
                   GTK_SOURCE_SPACE_TYPE_NONE);

  g_action_group_activate_action (G_ACTION_GROUP (app), "show-right-margin", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-whitespace", NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "highlight-matching-brackets", NULL);
  g_settings_set_uint (settings, "right-margin-position", 72);
  tp_gui_wait_idle ();
  g_assert_true (g_settings_get_boolean (settings, "show-right-margin"));
  g_assert_true (gtk_source_view_get_show_right_margin (view));
  g_assert_cmpuint (gtk_source_view_get_right_margin_position (view), ==, 72);
  g_assert_true (gtk_source_space_drawer_get_enable_matrix (drawer));
  /* Spaces, tabs, no-break spaces; never line ends, which long lines' cuts would show as. */
  g_assert_cmpint (gtk_source_space_drawer_get_types_for_locations (
                     drawer, GTK_SOURCE_SPACE_LOCATION_INSIDE_TEXT), ==,
                   GTK_SOURCE_SPACE_TYPE_SPACE | GTK_SOURCE_SPACE_TYPE_TAB
                   | GTK_SOURCE_SPACE_TYPE_NBSP);
  g_assert_false (gtk_source_buffer_get_highlight_matching_brackets (buffer));

  /* A document opened afterwards has them too. */
  second = new_tab_with (window, "(x)");
  g_assert_true (gtk_source_view_get_show_right_margin (GTK_SOURCE_VIEW (tp_tab_get_view (second))));
  g_assert_false (gtk_source_buffer_get_highlight_matching_brackets (
                    tp_document_get_buffer (tp_tab_get_document (second))));
}

static void
test_view_options (void)
{
  tp_gui_run_app (NULL, view_options_body);
}

/* ---- the highlighting language, chosen ---- */

static const char *
language_id (TpTab *tab)
{
  GtkSourceLanguage *language = gtk_source_buffer_get_language (
    tp_document_get_buffer (tp_tab_get_document (tab)));

  return language ? gtk_source_language_get_id (language) : "";
}

static GtkWidget *
find_of_type (GtkWidget *root,
              GType      type)
{
  g_autoptr(GList) children = NULL;

  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  if (!GTK_IS_CONTAINER (root))
    return NULL;
  children = gtk_container_get_children (GTK_CONTAINER (root));
  for (GList *l = children; l != NULL; l = l->next)
    {
      GtkWidget *found = find_of_type (l->data, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
language_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpDocument *document = tp_tab_get_document (tab);
  GtkWidget *button = tp_gui_find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON,
                                          "tooltip-text", "Highlighting language of the text");
  GtkPopover *popover;
  GtkWidget *entry;

  tp_gui_assert_text (tab, "int main (void) { return 0; }");
  g_assert_cmpstr (language_id (tab), ==, "c");

  /* From the status bar: the list, narrowed by typing, Enter takes the first one left. */
  g_assert_nonnull (button);
  tp_gui_click (button);
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  tp_gui_wait_until (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  entry = find_of_type (GTK_WIDGET (popover), GTK_TYPE_SEARCH_ENTRY);
  tp_gui_wait_until (gtk_widget_has_focus (entry));
  tp_gui_type ("python");
  tp_gui_sleep (300);
  tp_gui_press ("Return");
  tp_gui_wait_until (g_str_equal (language_id (tab), "python3"));
  tp_gui_wait_until (!gtk_widget_get_mapped (GTK_WIDGET (popover)));

  /* The choice holds over saving, which guesses again only for a guessed language. */
  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_press ("<Control>End");
  tp_gui_type (" ");
  tp_gui_press ("<Control>s");
  tp_gui_wait_until (!tp_document_get_modified (document) && !tp_document_get_busy (document));
  g_assert_cmpstr (language_id (tab), ==, "python3");

  /* Plain text is a choice too, kept over a reload. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "language", g_variant_new_string (""));
  g_assert_cmpstr (language_id (tab), ==, "");
  g_action_group_activate_action (G_ACTION_GROUP (window), "reload", NULL);
  tp_gui_wait_until (!tp_document_get_busy (document));
  tp_gui_wait_idle ();
  g_assert_cmpstr (language_id (tab), ==, "");
  g_assert_cmpstr (tp_document_get_chosen_language (document), ==, "");
}

static void
test_language (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "program.c", "int main (void) { return 0; }\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, language_body);
}

/* ---- light or dark, and the colour scheme ---- */

static const char *
scheme_of (TpTab *tab)
{
  GtkSourceStyleScheme *scheme = gtk_source_buffer_get_style_scheme (
    tp_document_get_buffer (tp_tab_get_document (tab)));

  return scheme ? gtk_source_style_scheme_get_id (scheme) : "";
}

static gboolean
gtk_prefers_dark (void)
{
  gboolean dark;

  g_object_get (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", &dark, NULL);
  return dark;
}

static void
colors_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GSettings *settings = tp_application_get_settings (app);
  g_autoptr(GSettings) desktop = g_settings_new ("org.gnome.desktop.interface");
  TpTab *second;

  /* The desktop has no preference: light. */
  g_assert_cmpstr (scheme_of (tab), ==, "classic");
  g_assert_false (gtk_prefers_dark ());

  /* Following the desktop when it turns dark, and back. */
  g_settings_set_string (desktop, "color-scheme", "prefer-dark");
  tp_gui_wait_until (g_str_equal (scheme_of (tab), "oblivion") && gtk_prefers_dark ());
  g_settings_set_string (desktop, "color-scheme", "default");
  tp_gui_wait_until (g_str_equal (scheme_of (tab), "classic") && !gtk_prefers_dark ());

  /* Dark from the View menu, whatever the desktop says; new documents too. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "color-style",
                                  g_variant_new_string ("dark"));
  tp_gui_wait_until (g_str_equal (scheme_of (tab), "oblivion") && gtk_prefers_dark ());
  g_assert_cmpstr (g_settings_get_string (settings, "color-style"), ==, "dark");
  second = new_tab_with (window, "dark too");
  g_assert_cmpstr (scheme_of (second), ==, "oblivion");

  /* A scheme of the user's choice holds in light and dark. */
  g_settings_set_string (settings, "style-scheme", "solarized-light");
  tp_gui_wait_until (g_str_equal (scheme_of (tab), "solarized-light")
                     && g_str_equal (scheme_of (second), "solarized-light"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "color-style",
                                  g_variant_new_string ("light"));
  tp_gui_wait_until (!gtk_prefers_dark ());
  g_assert_cmpstr (scheme_of (tab), ==, "solarized-light");
  /* A scheme that is not there: the one that goes with the style. */
  g_settings_set_string (settings, "style-scheme", "no-such-scheme");
  tp_gui_wait_until (g_str_equal (scheme_of (tab), "classic"));
}

static void
test_colors (void)
{
  tp_gui_run_app (NULL, colors_body);
}

/* ---- the Open dialog's file types ---- */

static GtkFileFilter *
filter_named (GSList     *filters,
              const char *name)
{
  for (GSList *l = filters; l != NULL; l = l->next)
    if (g_strcmp0 (gtk_file_filter_get_name (l->data), name) == 0)
      return l->data;
  return NULL;
}

static gboolean
accepts (GtkFileFilter *filter,
         const char    *name,
         const char    *type)
{
  GtkFileFilterInfo info = {
    .contains = GTK_FILE_FILTER_DISPLAY_NAME | GTK_FILE_FILTER_MIME_TYPE,
    .display_name = name,
    .mime_type = type,
  };

  return gtk_file_filter_filter (filter, &info);
}

static void
open_filters_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  GtkWindow *dialog;
  g_autoptr(GSList) filters = NULL;
  GtkFileFilter *all, *text, *c;

  tp_gui_wait_for_loaded (window);
  g_action_group_activate_action (G_ACTION_GROUP (window), "open", NULL);
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_FILE_CHOOSER_DIALOG);
  filters = gtk_file_chooser_list_filters (GTK_FILE_CHOOSER (dialog));
  all = filter_named (filters, "All Files");
  text = filter_named (filters, "All Text Files");
  c = filter_named (filters, "C");
  g_assert_nonnull (all);
  g_assert_nonnull (text);
  g_assert_nonnull (c);
  g_assert_nonnull (filter_named (filters, "Python"));
  /* Nothing is hidden until the user asks. */
  g_assert_true (gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog)) == all);
  g_assert_true (accepts (all, "photo.png", "image/png"));
  g_assert_false (accepts (text, "photo.png", "image/png"));
  g_assert_true (accepts (text, "notes.txt", "text/plain"));
  g_assert_true (accepts (text, "Makefile", "text/x-makefile"));
  g_assert_true (accepts (c, "main.c", "text/x-csrc"));
  g_assert_false (accepts (c, "notes.txt", "text/plain"));
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  tp_gui_wait_until (tp_gui_find_window (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL);
}

static void
test_open_filters (void)
{
  tp_gui_run_app (NULL, open_filters_body);
}

/* ---- whole lines: duplicate, sort, join, comment; the date ---- */

static void
select_lines (TpTab *tab,
              int    first,
              int    last)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (tp_tab_get_document (tab)));
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_line (buffer, &start, first);
  gtk_text_buffer_get_iter_at_line (buffer, &end, last);
  if (!gtk_text_iter_ends_line (&end))
    gtk_text_iter_forward_to_line_end (&end);
  gtk_text_buffer_select_range (buffer, &start, &end);
}

static void
place_cursor_on_line (TpTab *tab,
                      int    line)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (tp_tab_get_document (tab)));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_line (buffer, &iter, line);
  gtk_text_buffer_place_cursor (buffer, &iter);
}

static void
activate (TpWindow   *window,
          const char *name)
{
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), name));
  g_action_group_activate_action (G_ACTION_GROUP (window), name, NULL);
}

static void
line_edits_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  g_autofree char *dated = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *year = g_date_time_format (now, "%y");

  tp_gui_assert_text (tab, "int b;\nint a;\n  int c;");

  /* Sorting the lines selected; undone at once. */
  select_lines (tab, 0, 1);
  activate (window, "sort-lines");
  tp_gui_assert_text (tab, "int a;\nint b;\n  int c;");
  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_press ("<Control>z");
  tp_gui_assert_text (tab, "int b;\nint a;\n  int c;");

  /* Ctrl+Shift+D repeats the cursor's line below it. */
  place_cursor_on_line (tab, 1);
  tp_gui_press ("<Control><Shift>d");
  tp_gui_assert_text (tab, "int b;\nint a;\nint a;\n  int c;");
  tp_gui_press ("<Control>z");
  tp_gui_assert_text (tab, "int b;\nint a;\n  int c;");

  /* Ctrl+/ comments out the lines at their common indentation, and back. */
  select_lines (tab, 1, 2);
  tp_gui_press ("<Control>slash");
  tp_gui_assert_text (tab, "int b;\n// int a;\n//   int c;");
  select_lines (tab, 1, 2);
  tp_gui_press ("<Control>slash");
  tp_gui_assert_text (tab, "int b;\nint a;\n  int c;");
  select_lines (tab, 2, 2);
  tp_gui_press ("<Control>slash");
  tp_gui_assert_text (tab, "int b;\nint a;\n  // int c;");
  tp_gui_press ("<Control>z");

  /* Ctrl+J joins the cursor's line and the next. */
  place_cursor_on_line (tab, 0);
  tp_gui_press ("<Control>j");
  tp_gui_assert_text (tab, "int b; int a;\n  int c;");
  tp_gui_press ("<Control>z");
  tp_gui_assert_text (tab, "int b;\nint a;\n  int c;");

  /* The date, in the locale's way, at the cursor. */
  place_cursor_on_line (tab, 0);
  activate (window, "insert-date");
  dated = tp_gui_get_text (tab);
  g_assert_true (g_str_has_suffix (dated, "int b;\nint a;\n  int c;"));
  g_assert_nonnull (strstr (dated, year));
}

static void
test_line_edits (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "lines.c", "int b;\nint a;\n  int c;\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, line_edits_body);
}

/* Plain text has no comments; a file shown with long lines cut has no whole lines to edit. */
static void
line_edits_off_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpDocument *document = tp_tab_get_document (tab);

  tp_gui_wait_until (tp_long_lines_get_n_breaks (tp_document_get_long_lines (document)) > 0);
  tp_gui_wait_idle ();
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "sort-lines"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "join-lines"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "duplicate"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "insert-date"));
}

static void
test_line_edits_off (void)
{
  g_autoptr(GString) line = g_string_new (NULL);

  while (line->len < 10000)
    g_string_append (line, "word ");
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "long.txt", line->str, -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, line_edits_off_body);
}

/* ---- document statistics, counted off the main thread ---- */

static TpStatisticsDialog *
wait_for_statistics (void)
{
  return TP_STATISTICS_DIALOG (tp_gui_wait_for_dialog (TP_TYPE_STATISTICS_DIALOG));
}

static gboolean
shows (TpStatisticsDialog *dialog,
       int                 row,
       gboolean            selection,
       const char         *value)
{
  return g_str_equal (tp_statistics_dialog_get_value (dialog, row, selection), value);
}

static void
statistics_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (tp_tab_get_document (tab)));
  TpStatisticsDialog *dialog;
  GtkTextIter start, end;
  g_autoptr(GBytes) contents = tp_gui_read_file (test_path);
  TpTextStats expected;
  g_autofree char *words = NULL;
  g_autofree char *lines = NULL;

  /* The file, with its final line end, which the buffer keeps apart. */
  tp_text_stats_count (&expected, g_bytes_get_data (contents, NULL),
                       g_bytes_get_size (contents) - 1);
  words = g_strdup_printf ("%'" G_GUINT64_FORMAT, expected.words);
  lines = g_strdup_printf ("%'" G_GUINT64_FORMAT, tp_text_stats_lines (&expected));

  g_action_group_activate_action (G_ACTION_GROUP (window), "statistics", NULL);
  dialog = wait_for_statistics ();
  tp_gui_wait_until_within (shows (dialog, TP_STATISTICS_WORDS, FALSE, words), 30);
  g_assert_true (shows (dialog, TP_STATISTICS_LINES, FALSE, lines));
  g_assert_true (shows (dialog, TP_STATISTICS_WORDS, TRUE, "0"));

  /* A selection is counted on its own. */
  gtk_text_buffer_get_iter_at_line (buffer, &start, 1);
  end = start;
  gtk_text_iter_forward_chars (&end, 10);
  gtk_text_buffer_select_range (buffer, &start, &end);
  tp_gui_wait_until (shows (dialog, TP_STATISTICS_CHARACTERS, TRUE, "10"));

  /* An edit is counted again. */
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_insert (buffer, &start, "one more line\n", -1);
  g_free (words);
  words = g_strdup_printf ("%'" G_GUINT64_FORMAT, expected.words + 3);
  tp_gui_wait_until_within (shows (dialog, TP_STATISTICS_WORDS, FALSE, words), 30);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CLOSE);
  tp_gui_wait_until (tp_gui_find_window (TP_TYPE_STATISTICS_DIALOG) == NULL);
}

static void
test_statistics (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  /* Many slices, words and characters cut between them. */
  for (int i = 0; text->len < 3 * 1024 * 1024; i++)
    g_string_append_printf (text, "line %d: déjà vu, naïve café — 読む\n", i);
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "counted.txt", text->str, -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, statistics_body);
}

/* ---- find and replace with a pattern and back-references ---- */

static void
regex_replace_in (TpWindow   *window,
                  TpTab      *tab,
                  const char *expected)
{
  TpFindBar *bar = tp_window_get_find_bar (window);

  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_press ("<Control>h");
  tp_gui_wait_until (gtk_revealer_get_child_revealed (GTK_REVEALER (bar)));
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (bar), "_Regular Expression"));
  tp_gui_click (tp_gui_find_widget (GTK_WIDGET (bar), GTK_TYPE_SEARCH_ENTRY, "placeholder-text",
                                    "Find"));
  /* Not a pattern yet: said so. */
  tp_gui_type ("(\\d+");
  tp_gui_wait_until (g_str_has_prefix (tp_find_bar_get_status (bar), "Not a valid pattern"));
  tp_gui_type (")-(\\d+)-(\\d+)");
  /* Counting can be slow under AddressSanitizer on a busy machine; what it said is shown if it
   * never says two. */
  for (gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
       !g_str_has_suffix (tp_find_bar_get_status (bar), "of 2")
       && !g_str_equal (tp_find_bar_get_status (bar), "2 matches");
       g_usleep (1000))
    {
      if (g_get_monotonic_time () > end)
        g_assert_cmpstr (tp_find_bar_get_status (bar), ==, "2 matches");
      g_main_context_iteration (NULL, FALSE);
    }
  tp_gui_click (tp_gui_find_widget (GTK_WIDGET (bar), GTK_TYPE_ENTRY, "placeholder-text",
                                    "Replace with"));
  tp_gui_type ("\\3/\\2/\\1");
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (bar), "Replace _All"));
  tp_gui_assert_text (tab, expected);
  g_assert_cmpstr (tp_find_bar_get_status (bar), ==, "Replaced 2 matches");
}

static void
regex_replace_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  tp_gui_assert_text (tab, "from 2026-12-01 to 1999-02-03, 12-1 stays");
  regex_replace_in (window, tab, "from 01/12/2026 to 03/02/1999, 12-1 stays");
}

static void
test_regex_replace (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "dates.txt",
                                 "from 2026-12-01 to 1999-02-03, 12-1 stays\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, regex_replace_body);
}

/* The same where long lines are shown cut: the matches are replaced on the file's text. */
static char *long_before, *long_after;

static void
regex_replace_cut_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);

  tp_gui_wait_until (tp_long_lines_get_n_breaks (
                       tp_document_get_long_lines (tp_tab_get_document (tab))) > 0);
  tp_gui_assert_text (tab, long_before);
  regex_replace_in (window, tab, long_after);
}

static void
test_regex_replace_cut (void)
{
  g_autoptr(GString) before = g_string_new ("from 2026-12-01 ");
  g_autoptr(GString) after = g_string_new ("from 01/12/2026 ");

  /* Words of the tests' dictionary: the test is about the cuts, not about underlining a
   * thousand misspellings, which on a busy machine keeps the main loop at work for a minute. */
  while (before->len < 6000)
    {
      g_string_append (before, "the cat ");
      g_string_append (after, "the cat ");
    }
  g_string_append (before, "to 1999-02-03, 12-1 stays");
  g_string_append (after, "to 03/02/1999, 12-1 stays");
  long_before = g_strdup (before->str);
  long_after = g_strdup (after->str);
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "long-dates.txt", before->str, -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, regex_replace_cut_body);
}

/* ---- Replace All in the selection only ---- */

static void
replace_in_selection_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpFindBar *bar = tp_window_get_find_bar (window);
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (tp_tab_get_document (tab)));
  GtkTextIter start, end;
  g_autofree char *selected = NULL;

  tp_gui_assert_text (tab, "cat cat\ncat Cat\ncat");
  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_press ("<Control>h");
  tp_gui_wait_until (gtk_revealer_get_child_revealed (GTK_REVEALER (bar)));
  tp_gui_type ("cat");
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (bar), "In _Selection"));
  tp_gui_click (tp_gui_find_widget (GTK_WIDGET (bar), GTK_TYPE_ENTRY, "placeholder-text",
                                    "Replace with"));
  tp_gui_type ("dog");
  /* The second line, "cat Cat", selected, once the search typed has found its match. */
  tp_gui_wait_until (g_str_has_suffix (tp_find_bar_get_status (bar), "of 5"));
  tp_gui_wait_idle ();
  select_lines (tab, 1, 1);
  tp_gui_click (tp_gui_find_button (GTK_WIDGET (bar), "Replace _All"));
  tp_gui_assert_text (tab, "cat cat\ndog dog\ncat");
  g_assert_cmpstr (tp_find_bar_get_status (bar), ==, "Replaced 2 matches");
  /* The selection still covers the line. */
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  selected = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_cmpstr (selected, ==, "dog dog");
}

static void
test_replace_in_selection (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "cats.txt", "cat cat\ncat Cat\ncat\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, replace_in_selection_body);
}

/* ---- printing: to a PDF file, and the preview ---- */

/* The pages of a PDF file, as pdfinfo (poppler-utils) counts them. */
static guint
count_pdf_pages (const char *path)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *pages;
  int status;

  g_spawn_sync (NULL, (char *[]) { "pdfinfo", (char *) path, NULL }, NULL, G_SPAWN_SEARCH_PATH,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  pages = strstr (out, "\nPages:");
  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("\nPages:"), NULL, 10);
}

static GtkWindow *
find_preview (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (gtk_widget_get_visible (l->data) && gtk_window_get_title (l->data) != NULL
        && g_str_has_prefix (gtk_window_get_title (l->data), "Print Preview"))
      return l->data;
  return NULL;
}

static void
collect_page_label (GtkWidget *widget,
                    gpointer   user_data)
{
  const char **found = user_data;

  if (GTK_IS_LABEL (widget) && g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), "Page "))
    *found = gtk_label_get_text (GTK_LABEL (widget));
  else if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), collect_page_label, found);
}

/* “Page N of M” in the preview's header bar, or "". */
static const char *
preview_page (GtkWindow *preview)
{
  const char *found = "";

  collect_page_label (gtk_window_get_titlebar (preview), &found);
  return found;
}

static void
print_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  g_autofree char *pdf = g_build_filename (test_dir, "printed.pdf", NULL);
  g_autoptr(GError) error = NULL;
  GtkPrintOperationResult result;
  GtkWindow *preview;
  GtkWidget *next;
  g_autofree char *pages = NULL;

  tp_gui_wait_until (!tp_document_get_busy (tp_tab_get_document (tab)));
  result = tp_print_document (GTK_WINDOW (window), tp_tab_get_document (tab),
                              GTK_SOURCE_VIEW (tp_tab_get_view (tab)),
                              GTK_PRINT_OPERATION_ACTION_EXPORT, pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  /* 300 lines, about 50 a page. */
  g_assert_cmpuint (count_pdf_pages (pdf), >=, 5);
  g_assert_cmpuint (count_pdf_pages (pdf), <=, 12);

  /* A preview closed before its pages are laid out: GTK goes on laying them out, and must
   * not tell the preview that is gone (AddressSanitizer sees it if it does). */
  g_action_group_activate_action (G_ACTION_GROUP (window), "print-preview", NULL);
  tp_gui_wait_until ((preview = find_preview ()) != NULL);
  gtk_widget_destroy (GTK_WIDGET (preview));
  tp_gui_sleep (1000);

  /* The preview, in a window of its own, page by page. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "print-preview", NULL);
  tp_gui_wait_until ((preview = find_preview ()) != NULL);
  tp_gui_wait_until (g_str_has_prefix (preview_page (preview), "Page 1 of "));
  pages = g_strdup (preview_page (preview) + strlen ("Page 1 of "));
  g_assert_cmpuint (g_ascii_strtoull (pages, NULL, 10), ==, count_pdf_pages (pdf));
  next = tp_gui_find_widget (gtk_window_get_titlebar (preview), GTK_TYPE_BUTTON, "tooltip-text",
                             "Next Page");
  g_assert_nonnull (next);
  tp_gui_click (next);
  tp_gui_wait_until (g_str_has_prefix (preview_page (preview), "Page 2 of "));
  gtk_widget_destroy (GTK_WIDGET (preview));
}

/* Pixels of a PDF file's first page that are not white, below its header, as pdftoppm draws
 * them at 36 dots per inch in grey. */
static guint
count_inked_pixels (const char *path)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  const char *data;
  int width, height, max, consumed = 0;
  guint inked = 0;
  int status;

  g_spawn_sync (NULL, (char *[]) { "pdftoppm", "-r", "36", "-gray", "-f", "1", "-l", "1",
                                   (char *) path, NULL },
                NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpint (sscanf (out, "P5 %d %d %d%n", &width, &height, &max, &consumed), ==, 3);
  data = out + consumed + 1;
  length = (gsize) width * height;
  /* The header (title, page number and its rule) takes the top twentieth. */
  for (gsize i = (gsize) width * (height / 20); i < length; i++)
    inked += (guchar) data[i] < 128;
  return inked;
}

/* With a dark colour scheme on screen, the paper still gets dark text: a keyword printed in the
 * dark scheme's light colour would not show on white. */
static void
print_dark_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GSettings *settings = tp_application_get_settings (app);
  g_autofree char *pdf = g_build_filename (test_dir, "dark.pdf", NULL);
  g_autoptr(GError) error = NULL;

  g_settings_set_string (settings, "color-style", "dark");
  tp_gui_wait_until (g_str_equal (scheme_of (tab), "oblivion"));
  tp_print_document (GTK_WINDOW (window), tp_tab_get_document (tab),
                     GTK_SOURCE_VIEW (tp_tab_get_view (tab)),
                     GTK_PRINT_OPERATION_ACTION_EXPORT, pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_inked_pixels (pdf), >, 20);
}

static void
test_print_dark (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "keywords.c",
                                 "typedef struct\ntypedef struct\ntypedef struct\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, print_dark_body);
}

static void
test_print (void)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (int i = 1; i <= 300; i++)
    g_string_append_printf (text, "Line %d of a document printed to a file.\n", i);
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "printed.txt", text->str, -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, print_body);
}

/* ---- a file the user may not write ---- */

static void
read_only_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GtkWidget *label;

  tp_gui_assert_text (tab, "not yours");
  g_assert_true (tp_document_is_read_only (tp_tab_get_document (tab)));
  label = tp_gui_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "label", "Read-Only");
  tp_gui_wait_until (gtk_widget_get_visible (label));
  /* Autosave leaves it alone. */
  tp_gui_type ("still ");
  g_assert_false (tp_tab_autosave (tab));
}

static void
test_read_only (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "theirs.txt", "not yours\n", -1);
  g_assert_cmpint (g_chmod (test_path, 0444), ==, 0);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, read_only_body);
}

static void
skip_read_only_as_root (void)
{
  g_test_skip ("root may write any file");
}

/* ---- line endings and encoding chosen in Save As ---- */

static gboolean
chooser_has_file (GtkFileChooser *chooser,
                  GFile          *file)
{
  g_autoptr(GFile) chosen = gtk_file_chooser_get_file (chooser);

  return chosen != NULL && g_file_equal (chosen, file);
}

static void
save_as_with (TpWindow   *window,
              const char *path,
              const char *line_end,
              const char *charset)
{
  GtkWindow *dialog;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *name = g_path_get_basename (path);

  g_action_group_activate_action (G_ACTION_GROUP (window), "save-as", NULL);
  dialog = tp_gui_wait_for_dialog (GTK_TYPE_FILE_CHOOSER_DIALOG);
  /* The chooser takes the name once it has read the folder; the document's own name is in it
   * until then. */
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  tp_gui_wait_until (chooser_has_file (GTK_FILE_CHOOSER (dialog), file));
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "line-end", line_end);
  if (charset != NULL)
    gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "encoding", charset);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  tp_gui_wait_until (tp_gui_find_window (GTK_TYPE_FILE_CHOOSER_DIALOG) == NULL);
}

static void
save_as_line_ends_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  TpDocument *document = tp_tab_get_document (tab);
  g_autofree char *windows_path = g_build_filename (test_dir, "windows.txt", NULL);
  g_autofree char *mac_path = g_build_filename (test_dir, "mac.txt", NULL);
  g_autoptr(GBytes) bytes = NULL;

  tp_gui_assert_text (tab, "first\nsecond");
  g_assert_cmpstr (tp_document_get_line_end (document), ==, "\n");

  save_as_with (window, windows_path, "crlf", "WINDOWS-1252");
  tp_gui_wait_until (!tp_document_get_busy (document) && !tp_document_get_modified (document));
  bytes = tp_gui_read_file (windows_path);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "first\r\nsecond\r\n", 15);
  g_assert_cmpstr (tp_document_get_line_end (document), ==, "\r\n");
  g_assert_cmpstr (tp_document_get_encoding_name (document), ==, "WINDOWS-1252");

  /* Saved again with Ctrl+S: as it was saved last, é in Windows-1252. */
  tp_gui_focus (GTK_WINDOW (window));
  tp_gui_press ("<Control>End");
  tp_gui_press ("Return");
  tp_gui_type ("caf");
  g_signal_emit_by_name (tp_tab_get_view (tab), "insert-at-cursor", "\u00e9");
  tp_gui_press ("<Control>s");
  tp_gui_wait_until (!tp_document_get_busy (document) && !tp_document_get_modified (document));
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = tp_gui_read_file (windows_path);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "first\r\nsecond\r\ncaf\xe9\r\n", 21);

  save_as_with (window, mac_path, "cr", "UTF-8");
  tp_gui_wait_until (!tp_document_get_busy (document) && !tp_document_get_modified (document));
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = tp_gui_read_file (mac_path);
  g_assert_cmpmem (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                   "first\rsecond\rcaf\xc3\xa9\r", 19);
}

static void
test_save_as_line_ends (void)
{
  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "unix.txt", "first\nsecond\n", -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, save_as_line_ends_body);
}

int
main (int   argc,
      char *argv[])
{
  tp_gui_init (&argc, &argv);
  tp_gui_add ("/everyday/reload", test_reload);
  tp_gui_add ("/everyday/reload-untitled", test_reload_untitled);
  tp_gui_add ("/everyday/fullscreen", test_fullscreen);
  tp_gui_add ("/everyday/tab-numbers", test_tab_numbers);
  tp_gui_add ("/everyday/move-to-window", test_move_to_window);
  tp_gui_add ("/everyday/drag-out", test_drag_out);
  tp_gui_add ("/everyday/change-case", test_change_case);
  tp_gui_add ("/everyday/view-options", test_view_options);
  tp_gui_add ("/everyday/language", test_language);
  tp_gui_add ("/everyday/colors", test_colors);
  tp_gui_add ("/everyday/open-filters", test_open_filters);
  tp_gui_add ("/everyday/line-edits", test_line_edits);
  tp_gui_add ("/everyday/line-edits-off", test_line_edits_off);
  tp_gui_add ("/everyday/statistics", test_statistics);
  tp_gui_add ("/everyday/regex-replace", test_regex_replace);
  tp_gui_add ("/everyday/regex-replace-cut", test_regex_replace_cut);
  tp_gui_add ("/everyday/replace-in-selection", test_replace_in_selection);
  tp_gui_add ("/everyday/print", test_print);
  tp_gui_add ("/everyday/print-dark", test_print_dark);
  tp_gui_add ("/everyday/save-as-line-ends", test_save_as_line_ends);
  if (geteuid () != 0)
    tp_gui_add ("/everyday/read-only", test_read_only);
  else
    g_test_add_func ("/everyday/read-only", skip_read_only_as_root);
  return g_test_run ();
}

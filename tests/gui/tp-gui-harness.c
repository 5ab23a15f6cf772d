/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>

#include <gdk/gdkx.h>
#include <glib/gstdio.h>
#include <X11/extensions/XTest.h>
#include <X11/XKBlib.h>

#include "tp-document.h"
#include "record/tp-recovery.h"
#include "tp-gui-harness.h"
#include "tp-long-lines.h"
#include "tp-tab.h"
#include "tp-window.h"

static Display *
xdisplay (void)
{
  return GDK_DISPLAY_XDISPLAY (gdk_display_get_default ());
}

/* Lets the X server deliver what was sent, and GTK handle it. */
static void
flush_input (void)
{
  XSync (xdisplay (), False);
  tp_gui_wait_idle ();
}

void
tp_gui_sleep (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Runs the main loop until it has nothing ready. A loop that never gets there (a source that
 * keeps rescheduling itself) fails the test with a message rather than hanging it. */
void
tp_gui_wait_idle (void)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  for (int round = 0; round < 3; round++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        if (g_get_monotonic_time () > deadline)
          g_error ("the main loop has been busy for a minute without a pause");
      g_usleep (2000);
    }
}

static void
set_private_home (void)
{
  g_autofree char *home = g_dir_make_tmp ("threadpad-home-XXXXXX", NULL);
  const char *dirs[][2] = {
    { "XDG_CONFIG_HOME", "config" }, { "XDG_DATA_HOME", "data" },
    { "XDG_STATE_HOME", "state" }, { "XDG_CACHE_HOME", "cache" },
  };

  g_assert_nonnull (home);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (home, dirs[i][1], NULL);
      g_mkdir_with_parents (dir, 0700);
      g_setenv (dirs[i][0], dir, TRUE);
    }
}

/* Removes a folder and everything in it, without following symbolic links. */
static void
remove_tree (const char *path)
{
  GStatBuf info;

  if (g_lstat (path, &info) != 0)
    return;
  if (S_ISDIR (info.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      if (g_rmdir (path) != 0)
        g_printerr ("could not remove the test folder %s: %s\n", path, g_strerror (errno));
    }
  else if (g_unlink (path) != 0)
    g_printerr ("could not remove the test file %s: %s\n", path, g_strerror (errno));
}

/* The application runs in a child process whose TMPDIR is a folder of this test's, where its
 * private home (set_private_home) and the test's files (tp_gui_make_temp_dir) go. This process
 * removes the folder when the child has ended, whether it passed, failed an assertion (which
 * aborts it) or was killed at the time limit. */
static void
run_in_subprocess (gconstpointer data)
{
  if (!g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *parent_tmp = g_strdup (g_getenv ("TMPDIR"));
      g_autofree char *root = g_dir_make_tmp ("threadpad-gui-XXXXXX", &error);

      g_assert_no_error (error);
      g_setenv ("TMPDIR", root, TRUE);
      g_test_trap_subprocess (NULL, 400 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      if (parent_tmp != NULL)
        g_setenv ("TMPDIR", parent_tmp, TRUE);
      else
        g_unsetenv ("TMPDIR");
      remove_tree (root);
      g_test_trap_assert_passed ();
      return;
    }
  set_private_home ();
  /* Tests check spelling with the tiny dictionaries shipped in tests/data. */
  g_setenv ("DICPATH", g_test_get_filename (G_TEST_DIST, "data", "dictionaries", NULL), TRUE);
  ((GTestFunc) data) ();
}

void
tp_gui_init (int    *argc,
             char ***argv)
{
  g_test_init (argc, argv, NULL);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("NO_AT_BRIDGE", "1", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_unsetenv ("GTK_USE_PORTAL");
}

/* Each test runs its whole application in a subprocess, so that one GApplication runs once. */
void
tp_gui_add (const char *path,
            GTestFunc   test)
{
  g_test_add_data_func (path, test, run_in_subprocess);
}

typedef struct
{
  TpGuiTestFunc body;
  TpApplication *app;
} Run;

static gboolean
run_body (gpointer user_data)
{
  Run *run = user_data;
  g_autoptr(GList) windows = NULL;

  /* Sliding bars and fading popovers would move widgets under the pointer. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  run->body (run->app);

  /* Whatever is left is thrown away without questions: the test is over. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (run->app)));
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_widget_destroy (l->data);
  g_application_quit (G_APPLICATION (run->app));
  return G_SOURCE_REMOVE;
}

/* Runs the application with args (after argv[0]) and calls body once its main loop runs. */
void
tp_gui_run_app (const char *const *args,
                TpGuiTestFunc      body)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(TpApplication) app = tp_application_new ();
  Run run = { body, app };
  g_autoptr(GSettings) settings = NULL;
  int status;

  g_ptr_array_add (argv, (char *) "threadpad");
  g_ptr_array_add (argv, (char *) "--standalone");
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "spell-language", "tp_UTF8");

  g_idle_add (run_body, &run);
  status = g_application_run (G_APPLICATION (app), (int) argv->len - 1, (char **) argv->pdata);
  g_assert_cmpint (status, ==, 0);
}

char *
tp_gui_make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("threadpad-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* The bytes of a file, as they are on disk. */
GBytes *
tp_gui_read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

char *
tp_gui_write_file (const char *dir,
                   const char *name,
                   const char *contents,
                   gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

void
tp_gui_focus (GtkWindow *window)
{
  GdkWindow *gdk_window;

  gtk_window_present (window);
  tp_gui_wait_until (gtk_widget_get_mapped (GTK_WIDGET (window)));
  gdk_window = gtk_widget_get_window (GTK_WIDGET (window));
  tp_gui_wait_until (gdk_window_is_viewable (gdk_window));

  /* There is no window manager under Xvfb: give the focus ourselves, as one would. */
  gdk_x11_display_error_trap_push (gdk_display_get_default ());
  XSetInputFocus (xdisplay (), GDK_WINDOW_XID (gdk_window), RevertToParent, CurrentTime);
  XSync (xdisplay (), False);
  gdk_x11_display_error_trap_pop_ignored (gdk_display_get_default ());
  tp_gui_wait_until (gtk_window_is_active (window));
  flush_input ();
}

TpWindow *
tp_gui_wait_for_window (TpApplication *app)
{
  TpWindow *window;

  tp_gui_wait_until ((window = tp_application_get_main_window (app)) != NULL);
  tp_gui_focus (GTK_WINDOW (window));
  return window;
}

TpTab *
tp_gui_wait_for_loaded (TpWindow *window)
{
  TpTab *tab;

  tp_gui_wait_until ((tab = tp_window_get_active_tab (window)) != NULL
                     && !tp_document_get_busy (tp_tab_get_document (tab)));
  tp_gui_wait_idle ();
  return tab;
}

/* A visible window of this type, or NULL. */
GtkWindow *
tp_gui_find_window (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

GtkWindow *
tp_gui_wait_for_dialog (GType type)
{
  GtkWindow *dialog;

  tp_gui_wait_until ((dialog = tp_gui_find_window (type)) != NULL);
  tp_gui_focus (dialog);
  return dialog;
}

static void
send_key (KeyCode  keycode,
          gboolean press)
{
  XTestFakeKeyEvent (xdisplay (), keycode, press, CurrentTime);
}

static void
send_keysym (KeySym          keysym,
             GdkModifierType modifiers)
{
  Display *display = xdisplay ();
  KeyCode keycode = XKeysymToKeycode (display, keysym);
  KeyCode shift = XKeysymToKeycode (display, XK_Shift_L);
  KeyCode control = XKeysymToKeycode (display, XK_Control_L);
  KeyCode alt = XKeysymToKeycode (display, XK_Alt_L);

  g_assert_cmpuint (keycode, !=, 0);
  /* A keysym on the shifted level of its key needs Shift, as on a real keyboard. */
  if (XkbKeycodeToKeysym (display, keycode, 0, 0) != keysym
      && XkbKeycodeToKeysym (display, keycode, 0, 1) == keysym)
    modifiers |= GDK_SHIFT_MASK;

  if (modifiers & GDK_CONTROL_MASK)
    send_key (control, TRUE);
  if (modifiers & GDK_MOD1_MASK)
    send_key (alt, TRUE);
  if (modifiers & GDK_SHIFT_MASK)
    send_key (shift, TRUE);
  send_key (keycode, TRUE);
  send_key (keycode, FALSE);
  if (modifiers & GDK_SHIFT_MASK)
    send_key (shift, FALSE);
  if (modifiers & GDK_MOD1_MASK)
    send_key (alt, FALSE);
  if (modifiers & GDK_CONTROL_MASK)
    send_key (control, FALSE);
  XFlush (display);
}

/* Types ASCII text key by key; '\n' is Return. */
void
tp_gui_type (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      KeySym keysym = *p == '\n' ? XK_Return : (KeySym) (guchar) *p;
      send_keysym (keysym, 0);
      flush_input ();
    }
}

/* Presses a key combination written as for gtk_accelerator_parse (), such as "<Control>s". */
void
tp_gui_press (const char *accelerator)
{
  guint keyval;
  GdkModifierType modifiers;

  gtk_accelerator_parse (accelerator, &keyval, &modifiers);
  g_assert_cmpuint (keyval, !=, 0);
  send_keysym (keyval, modifiers);
  flush_input ();
}

/* A widget that was just shown gets its place at the next frame. */
static void
wait_for_stable_allocation (GtkWidget *widget)
{
  GtkAllocation before, after;

  gtk_widget_get_allocation (widget, &after);
  do
    {
      before = after;
      tp_gui_sleep (30);
      gtk_widget_get_allocation (widget, &after);
    }
  while (after.width <= 1 || after.height <= 1 || gtk_widget_get_allocated_width (widget) <= 1
         || memcmp (&before, &after, sizeof before) != 0);
}

/* Clicks the middle of a widget with the pointer. */
void
tp_gui_click (GtkWidget *widget)
{
  GdkWindow *toplevel = gtk_widget_get_window (gtk_widget_get_toplevel (widget));
  GtkAllocation allocation;
  int origin_x, origin_y, x, y;

  tp_gui_wait_until (gtk_widget_get_mapped (widget) && gtk_widget_is_sensitive (widget));
  wait_for_stable_allocation (widget);
  gtk_widget_get_allocation (widget, &allocation);
  gtk_widget_translate_coordinates (widget, gtk_widget_get_toplevel (widget),
                                    allocation.width / 2, allocation.height / 2, &x, &y);
  gdk_window_get_origin (toplevel, &origin_x, &origin_y);
  tp_gui_click_at (origin_x + x, origin_y + y, 1);
}

/* Presses and releases a mouse button at a place of the screen. */
void
tp_gui_click_at (int   x,
                 int   y,
                 guint button)
{
  XTestFakeMotionEvent (xdisplay (), -1, x, y, CurrentTime);
  XSync (xdisplay (), False);
  tp_gui_wait_idle ();
  XTestFakeButtonEvent (xdisplay (), button, True, CurrentTime);
  XTestFakeButtonEvent (xdisplay (), button, False, CurrentTime);
  flush_input ();
}

typedef struct
{
  GType       type;
  const char *property;
  const char *value;
  GtkWidget  *found;
} Search;

static void
find_widget_cb (GtkWidget *widget,
                gpointer   user_data)
{
  Search *search = user_data;

  if (search->found != NULL)
    return;
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, search->type))
    {
      g_autofree char *value = NULL;
      g_object_get (widget, search->property, &value, NULL);
      if (g_strcmp0 (value, search->value) == 0)
        {
          search->found = widget;
          return;
        }
    }
  if (GTK_IS_CONTAINER (widget))
    gtk_container_forall (GTK_CONTAINER (widget), find_widget_cb, search);
}

/* The widget of this type under root whose string property has this value. */
GtkWidget *
tp_gui_find_widget (GtkWidget  *root,
                    GType       type,
                    const char *property,
                    const char *value)
{
  Search search = { type, property, value, NULL };

  find_widget_cb (root, &search);
  if (search.found == NULL)
    g_error ("no %s with %s “%s”", g_type_name (type), property, value);
  return search.found;
}

/* The button with exactly this label (mnemonic underscores included) under root. */
GtkWidget *
tp_gui_find_button (GtkWidget  *root,
                    const char *label)
{
  return tp_gui_find_widget (root, GTK_TYPE_BUTTON, "label", label);
}

char *
tp_gui_get_text (TpTab *tab)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (tp_tab_get_document (tab)));
  GtkTextIter start, end;

  /* The document's text: without the breaks of long lines shown cut. */
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return tp_long_lines_get_text (tp_document_get_long_lines (tp_tab_get_document (tab)), &start,
                                 &end);
}

void
tp_gui_assert_text (TpTab      *tab,
                    const char *expected)
{
  g_autofree char *text = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_strcmp0 (text = tp_gui_get_text (tab), expected) != 0
         && g_get_monotonic_time () < deadline)
    {
      g_clear_pointer (&text, g_free);
      tp_gui_sleep (5);
    }
  g_assert_cmpstr (text, ==, expected);
}

/* The context menu that is open, once it is. */
GtkMenu *
tp_gui_wait_for_popup_menu (void)
{
  GtkMenu *menu = NULL;

  while (menu == NULL)
    {
      g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

      for (GList *l = toplevels; l != NULL; l = l->next)
        {
          GtkWidget *child = gtk_bin_get_child (GTK_BIN (l->data));
          if (GTK_IS_MENU (child) && gtk_widget_get_mapped (child))
            menu = GTK_MENU (child);
        }
      if (menu == NULL)
        tp_gui_sleep (10);
    }
  return menu;
}

/* The item of menu with this label (mnemonics included), or NULL. */
GtkWidget *
tp_gui_menu_item_labelled (GtkMenu    *menu,
                           const char *label)
{
  g_autoptr(GList) items = gtk_container_get_children (GTK_CONTAINER (menu));

  for (GList *l = items; l != NULL; l = l->next)
    {
      const char *text = GTK_IS_MENU_ITEM (l->data)
                           ? gtk_menu_item_get_label (GTK_MENU_ITEM (l->data)) : NULL;
      if (text != NULL && g_str_equal (text, label))
        return l->data;
    }
  return NULL;
}

/* The widget under root with this widget name, mapped, or NULL. */
GtkWidget *
tp_gui_find_named (GtkWidget  *root,
                   const char *name)
{
  g_autoptr(GList) children = NULL;

  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0 && gtk_widget_get_mapped (root))
    return root;
  if (!GTK_IS_CONTAINER (root))
    return NULL;
  children = gtk_container_get_children (GTK_CONTAINER (root));
  for (GList *l = children; l != NULL; l = l->next)
    {
      GtkWidget *found = tp_gui_find_named (l->data, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A window of app's other than window, or NULL. */
TpWindow *
tp_gui_other_window (TpApplication *app,
                     TpWindow      *window)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (TP_IS_WINDOW (l->data) && l->data != window)
      return l->data;
  return NULL;
}

/* The folders of runs in the recovery folder: this editor's, and those left by others. */
guint
tp_gui_count_recovery_runs (void)
{
  g_autofree char *dir = tp_recovery_get_default_dir ();
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (listing != NULL && g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

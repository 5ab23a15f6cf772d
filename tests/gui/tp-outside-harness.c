/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <X11/Xlib.h>
#include <X11/keysym.h>
#include <X11/extensions/XTest.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "record/tp-record-base.h"
#include "record/tp-recovery.h"
#include "tp-outside-harness.h"

/* The test's one connection to the X server, for its keys and its search for windows. */
static Display *display;

/* A window can go between the moment it is listed and the moment it is asked about (a killed
 * editor's windows do): that window is simply not the one looked for. */
static int
on_x_error (Display     *error_display,
            XErrorEvent *event)
{
  if (event->error_code != BadWindow)
    g_error ("X error %d (request %d)", event->error_code, event->request_code);
  return 0;
}

void
tp_outside_open_display (void)
{
  /* A server busy with the editors just killed may turn a connection away for a moment. */
  for (gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       (display = XOpenDisplay (NULL)) == NULL && g_get_monotonic_time () < end;)
    g_usleep (100 * 1000);
  g_assert_nonnull (display);
  XSetErrorHandler (on_x_error);
}

void
tp_outside_close_display (void)
{
  g_clear_pointer (&display, XCloseDisplay);
}

void
tp_outside_send_char (char c)
{
  KeySym keysym = c == '\n' ? XK_Return : (KeySym) (guchar) c;
  KeyCode keycode = XKeysymToKeycode (display, keysym);

  XTestFakeKeyEvent (display, keycode, True, CurrentTime);
  XTestFakeKeyEvent (display, keycode, False, CurrentTime);
  XSync (display, False);
}

void
tp_outside_send_control (KeySym keysym)
{
  KeyCode control = XKeysymToKeycode (display, XK_Control_L);
  KeyCode keycode = XKeysymToKeycode (display, keysym);

  XTestFakeKeyEvent (display, control, True, CurrentTime);
  XTestFakeKeyEvent (display, keycode, True, CurrentTime);
  XTestFakeKeyEvent (display, keycode, False, CurrentTime);
  XTestFakeKeyEvent (display, control, False, CurrentTime);
  XSync (display, False);
}

/* The editor's window is a child of the window manager's frame, if there is one, so the search
 * goes down the whole tree. */
static Window
find_window (Window      window,
             const char *title_part)
{
  Window root, parent, *children = NULL;
  unsigned int n = 0;
  char *window_name = NULL;
  Window found = None;

  if (XFetchName (display, window, &window_name) && window_name != NULL)
    {
      XWindowAttributes attributes;

      if (strstr (window_name, title_part) != NULL
          && XGetWindowAttributes (display, window, &attributes)
          && attributes.map_state == IsViewable)
        found = window;
      XFree (window_name);
    }
  if (found == None && XQueryTree (display, window, &root, &parent, &children, &n))
    {
      for (unsigned int i = 0; i < n && found == None; i++)
        found = find_window (children[i], title_part);
      if (children != NULL)
        XFree (children);
    }
  return found;
}

/* Waits, 30 seconds at most, for the editor to show a window whose title holds title_part, and
 * gives it the keyboard: with no window manager under Xvfb, nothing else would. */
void
tp_outside_focus_window (const char *title_part)
{
  Window window = None;

  for (gint64 start = g_get_monotonic_time (); window == None; g_usleep (20 * 1000))
    {
      window = find_window (DefaultRootWindow (display), title_part);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
    }
  XSetInputFocus (display, window, RevertToParent, CurrentTime);
}

/* Waits, 30 seconds at most, until no window shown has a title that holds title_part: the X
 * server lets a killed editor's windows go a moment after the process. */
void
tp_outside_wait_window_gone (const char *title_part)
{
  for (gint64 start = g_get_monotonic_time ();
       find_window (DefaultRootWindow (display), title_part) != None; g_usleep (20 * 1000))
    g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
}

/* Document id of a run of the editor as it is on disk right now, or NULL if it has no snapshot
 * yet. Reading needs no lock; a torn read only shows less. */
TpReplay *
tp_outside_replay_document (const char *recovery_dir,
                            const char *run,
                            guint       id)
{
  g_autofree char *snapshot_name = g_strdup_printf ("%u" TP_RECOVERY_SNAPSHOT_SUFFIX, id);
  g_autofree char *journal_name = g_strdup_printf ("%u" TP_RECOVERY_JOURNAL_SUFFIX, id);
  g_autofree char *snapshot_path = g_build_filename (recovery_dir, run, snapshot_name, NULL);
  g_autofree char *journal_path = g_build_filename (recovery_dir, run, journal_name, NULL);
  g_autoptr(GMappedFile) snapshot = g_mapped_file_new (snapshot_path, FALSE, NULL);
  g_autoptr(GMappedFile) journal = g_mapped_file_new (journal_path, FALSE, NULL);
  g_autoptr(GBytes) snapshot_bytes = snapshot ? g_mapped_file_get_bytes (snapshot) : NULL;
  g_autoptr(GBytes) journal_bytes = journal ? g_mapped_file_get_bytes (journal) : NULL;

  if (snapshot == NULL)
    return NULL;
  return tp_journal_replay_with_base (snapshot_bytes, journal_bytes, tp_record_base_read);
}

/* The test's own environment, with the editor's state (its recovery folder) kept in
 * state_home, away from the user's and from the other runs'. */
char **
tp_outside_environ (const char *state_home)
{
  return g_environ_setenv (g_get_environ (), "XDG_STATE_HOME", state_home, TRUE);
}

static char **
editor_argv (const char *const *args)
{
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();

  g_strv_builder_add (argv, g_getenv ("THREADPAD_BINARY"));
  g_strv_builder_addv (argv, (const char **) args);
  return g_strv_builder_end (argv);
}

/* A failing test must not leave an editor running. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts the editor with args, unreaped so that the test can see how it ended; its standard
 * error goes to *stderr_fd if that is not NULL. */
GPid
tp_outside_start (const char *const *args,
                  char              **env,
                  int                *stderr_fd)
{
  g_auto(GStrv) argv = editor_argv (args);
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_spawn_async_with_pipes (NULL, argv, env, G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent, NULL,
                            &pid, NULL, NULL, stderr_fd, &error);
  g_assert_no_error (error);
  return pid;
}

/* Runs the editor with args to its end; returns what it wrote on standard output, and its wait
 * status in *status. */
char *
tp_outside_run (const char *const *args,
                char              **env,
                int                *status)
{
  g_auto(GStrv) argv = editor_argv (args);
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_spawn_sync (NULL, argv, env, 0, NULL, NULL, &out, NULL, status, &error);
  g_assert_no_error (error);
  return out;
}

void
tp_outside_remove_tree (const char *path)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", path);

  g_assert_cmpint (system (command), ==, 0);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bench-driver.h"

#include <X11/Xatom.h>
#include <X11/extensions/XTest.h>
#include <X11/extensions/Xdamage.h>
#include <X11/keysym.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

gint64
bench_now (void)
{
  return g_get_monotonic_time ();
}

void
bench_driver_open (BenchDriver *d)
{
  int event_base, error_base, major, minor;

  d->display = XOpenDisplay (NULL);
  if (d->display == NULL)
    g_error ("cannot open the X display");
  if (!XDamageQueryExtension (d->display, &d->damage_event_base, &error_base)
      || !XTestQueryExtension (d->display, &event_base, &error_base, &major, &minor))
    g_error ("the X server lacks the DAMAGE or XTEST extension");
  d->root = DefaultRootWindow (d->display);
  d->pid_atom = XInternAtom (d->display, "_NET_WM_PID", False);
  d->name_atom = XInternAtom (d->display, "_NET_WM_NAME", False);
  d->utf8_atom = XInternAtom (d->display, "UTF8_STRING", False);
}

void
bench_driver_close (BenchDriver *d)
{
  XCloseDisplay (d->display);
  d->display = NULL;
}

/* The value of @property on @window (an X-allocated copy, to XFree), or NULL. */
static unsigned char *
get_property (BenchDriver *d,
              Window       window,
              Atom         property,
              Atom         type,
              long         length)
{
  Atom actual_type;
  int format;
  unsigned long n, after;
  unsigned char *data = NULL;

  if (XGetWindowProperty (d->display, window, property, 0, length, False, type, &actual_type,
                          &format, &n, &after, &data) != Success || n == 0)
    {
      if (data != NULL)
        XFree (data);
      return NULL;
    }
  return data;
}

static gulong
window_pid (BenchDriver *d,
            Window       window)
{
  unsigned char *data = get_property (d, window, d->pid_atom, XA_CARDINAL, 1);
  gulong pid = data != NULL ? *(unsigned long *) data : 0;

  if (data != NULL)
    XFree (data);
  return pid;
}

/* A mapped top-level window of process @pid other than @except, or None. */
Window
bench_find_window (BenchDriver *d,
                   GPid         pid,
                   Window       except)
{
  Window root, parent, *children = NULL;
  unsigned int n = 0;
  Window found = None;

  if (!XQueryTree (d->display, d->root, &root, &parent, &children, &n))
    return None;
  for (unsigned int i = 0; i < n && found == None; i++)
    {
      XWindowAttributes attributes;

      if (children[i] == except || !XGetWindowAttributes (d->display, children[i], &attributes))
        continue;
      if (attributes.map_state == IsViewable && !attributes.override_redirect
          && window_pid (d, children[i]) == (gulong) pid)
        found = children[i];
    }
  if (children != NULL)
    XFree (children);
  return found;
}

/* Waits for the window of @pid to be mapped, looking every @poll_every µs, and gives it the
 * keyboard: there is no window manager to do it. */
gboolean
bench_wait_for_window (BenchDriver *d,
                       GPid         pid,
                       gint64       timeout,
                       gint64       poll_every)
{
  gint64 deadline = bench_now () + timeout;
  XWindowAttributes attributes;

  while ((d->window = bench_find_window (d, pid, None)) == None)
    {
      if (bench_now () > deadline)
        return FALSE;
      g_usleep (poll_every);
    }
  XGetWindowAttributes (d->display, d->window, &attributes);
  d->window_width = attributes.width;
  d->window_height = attributes.height;
  XSetInputFocus (d->display, d->window, RevertToParent, CurrentTime);
  XSync (d->display, False);
  return TRUE;
}

gboolean
bench_title_starts_with (BenchDriver *d,
                         const char  *prefix)
{
  unsigned char *data = get_property (d, d->window, d->name_atom, d->utf8_atom, 1024);
  gboolean starts = data != NULL && g_str_has_prefix ((const char *) data, prefix);

  if (data != NULL)
    XFree (data);
  return starts;
}

void
bench_send_keysym (BenchDriver *d,
                   KeySym       keysym,
                   KeySym       modifier)
{
  KeyCode code = XKeysymToKeycode (d->display, keysym);
  KeyCode modifier_code = modifier != NoSymbol ? XKeysymToKeycode (d->display, modifier) : 0;

  if (modifier_code != 0)
    XTestFakeKeyEvent (d->display, modifier_code, True, CurrentTime);
  XTestFakeKeyEvent (d->display, code, True, CurrentTime);
  XTestFakeKeyEvent (d->display, code, False, CurrentTime);
  if (modifier_code != 0)
    XTestFakeKeyEvent (d->display, modifier_code, False, CurrentTime);
  XFlush (d->display);
}

KeySym
bench_keysym_for (char c)
{
  char name[2] = { c, '\0' };

  if (c == ' ')
    return XK_space;
  if (c == '\n')
    return XK_Return;
  return XStringToKeysym (name);
}

/* Handles the X events that have arrived: each damage outside the status bar goes to the
 * callback. */
void
bench_handle_events (BenchDriver *d)
{
  while (XPending (d->display) > 0)
    {
      XEvent event;
      XDamageNotifyEvent *damage;

      XNextEvent (d->display, &event);
      if (event.type != d->damage_event_base + XDamageNotify)
        continue;
      damage = (XDamageNotifyEvent *) &event;
      if (damage->area.y >= d->window_height - BENCH_STATUS_BAR_HEIGHT)
        continue;
      if (d->on_damage != NULL)
        d->on_damage (bench_now (), &damage->area, d->on_damage_data);
    }
}

/* Handles events until @deadline (monotonic µs). */
void
bench_wait_until (BenchDriver *d,
                  gint64       deadline)
{
  struct pollfd fd = { ConnectionNumber (d->display), POLLIN, 0 };

  bench_handle_events (d);
  while (bench_now () < deadline)
    {
      poll (&fd, 1, (int) MAX (1, (deadline - bench_now () + 999) / 1000));
      bench_handle_events (d);
    }
}

gboolean
bench_wait_for_exit (GPid   pid,
                     gint64 timeout)
{
  gint64 deadline = bench_now () + timeout;
  int status;

  while (bench_now () < deadline)
    {
      if (waitpid (pid, &status, WNOHANG) == pid)
        return TRUE;
      g_usleep (20 * 1000);
    }
  return FALSE;
}

/* Ctrl+Q; a program that @asks about its unsaved document then gets @answer (with
 * @answer_modifier) in its dialog, once it shows within @dialog_timeout; the dialog has to be
 * given the focus: there is no window manager to do it. A program still running after
 * @exit_timeout is killed. */
gboolean
bench_quit (BenchDriver *d,
            GPid         pid,
            gboolean     asks,
            KeySym       answer,
            KeySym       answer_modifier,
            gint64       dialog_timeout,
            gint64       exit_timeout)
{
  gint64 deadline = bench_now () + dialog_timeout;
  Window dialog = None;

  bench_send_keysym (d, XK_q, XK_Control_L);
  while (asks && dialog == None && bench_now () < deadline)
    {
      g_usleep (50 * 1000);
      dialog = bench_find_window (d, pid, d->window);
    }
  if (dialog != None)
    {
      XSetInputFocus (d->display, dialog, RevertToParent, CurrentTime);
      XSync (d->display, False);
      g_usleep (200 * 1000);
      bench_send_keysym (d, answer, answer_modifier);
    }
  if (bench_wait_for_exit (pid, exit_timeout))
    return TRUE;
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  return FALSE;
}

/* The number after "key": in the object named @object of Threadpad's report. The report's
 * layout is Threadpad's own (see README), so a search is enough here. */
static double
report_number (const char *json,
               const char *object,
               const char *key)
{
  g_autofree char *object_name = g_strdup_printf ("\"%s\":", object);
  g_autofree char *key_name = g_strdup_printf ("\"%s\":", key);
  const char *in = strstr (json, object_name);
  const char *at = in != NULL ? strstr (in, key_name) : NULL;

  return at != NULL ? g_ascii_strtod (at + strlen (key_name), NULL) : NAN;
}

void
bench_read_report (const char  *path,
                   BenchReport *report)
{
  g_autofree char *json = NULL;

  if (!g_file_get_contents (path, &json, NULL, NULL))
    return;
  report->found = TRUE;
  report->keys = report_number (json, "input", "keys");
  report->key_p50 = report_number (json, "input", "p50_ms");
  report->key_p95 = report_number (json, "input", "p95_ms");
  report->key_p99 = report_number (json, "input", "p99_ms");
  report->key_max = report_number (json, "input", "max_ms");
  report->stalls = report_number (json, "main_loop", "stalls");
  report->loop_max = report_number (json, "main_loop", "max_ms");
}

/* A private home for one run: its own state folder (on the disk the benchmark runs from, not a
 * RAM disk, so that syncs cost what they cost) and a GTK settings file without cursor blinking,
 * whose repaints would pass for a key's. */
char **
bench_run_environment (const char *home)
{
  g_autofree char *config = g_build_filename (home, "config", "gtk-3.0", NULL);
  g_autofree char *settings = g_build_filename (config, "settings.ini", NULL);
  g_autofree char *state = g_build_filename (home, "state", NULL);
  g_autofree char *config_home = g_build_filename (home, "config", NULL);
  char **env = g_get_environ ();

  g_mkdir_with_parents (config, 0700);
  g_mkdir_with_parents (state, 0700);
  g_file_set_contents (settings, "[Settings]\ngtk-cursor-blink=false\n", -1, NULL);
  env = g_environ_setenv (env, "XDG_CONFIG_HOME", config_home, TRUE);
  env = g_environ_setenv (env, "XDG_STATE_HOME", state, TRUE);
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  env = g_environ_setenv (env, "NO_AT_BRIDGE", "1", TRUE);
  env = g_environ_setenv (env, "GDK_BACKEND", "x11", TRUE);
  return env;
}

/* Starts @argv in the private home @home; the child is reaped by the caller. */
GPid
bench_spawn (const char *const *argv,
             const char        *home)
{
  g_auto(GStrv) env = bench_run_environment (home);
  g_autoptr(GError) error = NULL;
  GPid pid;

  if (!g_spawn_async (NULL, (char **) argv, env, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                      &error))
    g_error ("%s: %s", argv[0], error->message);
  return pid;
}

/* Writes the plot and says where, or why not; takes the surface. */
void
bench_write_plot (cairo_surface_t *surface,
                  const char      *path)
{
  cairo_status_t status = cairo_surface_write_to_png (surface, path);

  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    g_printerr ("%s: %s\n", path, cairo_status_to_string (status));
  else
    g_print ("\nPlot: %s\n", path);
}

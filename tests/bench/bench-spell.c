/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtksourceview/gtksource.h>
#include <stdio.h>

#include "spell/tp-spell-checker.h"

/* Checks a large generated document in a real window and reports how long the whole check
 * took and how long the main loop was ever kept busy meanwhile; then times `hunspell -l` on
 * the same file. Usage: bench-spell FILE LANGUAGE */

static gint64 poll_returned;
static gint64 worst_dispatch;
static guint64 dispatches;
static GPollFunc default_poll;

/* Everything between two polls is one main-loop dispatch: input, drawing, and our idles. */
static int
timed_poll (GPollFD *fds,
            guint    n_fds,
            int      timeout)
{
  gint64 now = g_get_monotonic_time ();
  int result;

  if (poll_returned != 0)
    {
      worst_dispatch = MAX (worst_dispatch, now - poll_returned);
      dispatches++;
    }
  result = default_poll (fds, n_fds, timeout);
  poll_returned = g_get_monotonic_time ();
  return result;
}

/* GTK lays out a freshly filled buffer in the background; that is not spell-checking's doing,
 * so the measurement starts once the main loop has had nothing to do for a while. */
static void
wait_until_quiet (void)
{
  gint64 quiet_since = g_get_monotonic_time ();
  gint64 deadline = quiet_since + 120 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () - quiet_since < 500000 && g_get_monotonic_time () < deadline)
    {
      if (g_main_context_iteration (NULL, FALSE))
        quiet_since = g_get_monotonic_time ();
      else
        g_usleep (2000);
    }
}

static double
time_hunspell (const char *path,
               const char *language,
               guint      *count)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "hunspell", "-d", language, "-l", path, NULL };
  gint64 start = g_get_monotonic_time ();

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, NULL, &error))
    {
      g_printerr ("hunspell: %s\n", error->message);
      return -1;
    }
  *count = 0;
  for (const char *p = out; *p != '\0'; p++)
    *count += *p == '\n';
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(TpSpellService) service = NULL;
  g_autoptr(TpSpellChecker) checker = NULL;
  g_autofree char *text = NULL;
  GtkSourceBuffer *buffer;
  GtkWidget *window, *scroller, *view;
  gsize length;
  gint64 start;
  double check_seconds, hunspell_seconds;
  guint hunspell_count = 0;
  guint64 jobs;
  gint64 busy;

  gtk_init (&argc, &argv);
  gtk_source_init ();
  if (argc != 3 || !g_file_get_contents (argv[1], &text, &length, NULL))
    {
      g_printerr ("usage: bench-spell FILE LANGUAGE\n");
      return 2;
    }

  buffer = gtk_source_buffer_new (NULL);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), text, (int) length);
  window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  scroller = gtk_scrolled_window_new (NULL, NULL);
  view = gtk_source_view_new_with_buffer (buffer);
  gtk_container_add (GTK_CONTAINER (scroller), view);
  gtk_container_add (GTK_CONTAINER (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_widget_show_all (window);
  wait_until_quiet ();

  settings = g_settings_new (APP_ID);
  g_settings_set_string (settings, "spell-language", argv[2]);
  service = tp_spell_service_new (settings);

  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, timed_poll);
  start = g_get_monotonic_time ();
  checker = tp_spell_checker_new (service, buffer);
  tp_spell_checker_set_view (checker, GTK_TEXT_VIEW (view));
  while (tp_spell_checker_get_busy (checker))
    g_main_context_iteration (NULL, TRUE);
  check_seconds = (g_get_monotonic_time () - start) / 1e6;
  g_main_context_set_poll_func (NULL, default_poll);
  jobs = tp_executor_get_jobs_done (tp_spell_service_get_executor (service));
  busy = tp_executor_get_busy_usec (tp_spell_service_get_executor (service));

  hunspell_seconds = time_hunspell (argv[1], argv[2], &hunspell_count);

  printf ("document            %.1f MB, %d characters\n", length / 1e6,
          gtk_text_buffer_get_char_count (GTK_TEXT_BUFFER (buffer)));
  printf ("threadpad           whole document checked in %.2f s, %u misspelled words marked\n",
          check_seconds, tp_spell_checker_get_misspelled_count (checker));
  printf ("spell thread        busy %.2f s in %" G_GUINT64_FORMAT " jobs\n", busy / 1e6, jobs);
  printf ("main loop           %" G_GUINT64_FORMAT " dispatches, the longest %.2f ms\n",
          dispatches, worst_dispatch / 1000.0);
  printf ("hunspell -l         %.2f s, %u misspelled words listed\n", hunspell_seconds,
          hunspell_count);
  printf ("ratio               threadpad / hunspell = %.3f\n", check_seconds / hunspell_seconds);

  tp_spell_service_shutdown (service);
  gtk_widget_destroy (window);
  g_object_unref (buffer);
  return 0;
}

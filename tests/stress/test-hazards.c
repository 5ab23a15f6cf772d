/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <gtksourceview/gtksource.h>
#include <string.h>

#include "record/tp-record-client.h"
#include "record/tp-recorder.h"
#include "spell/tp-spell-checker.h"
#include "spell/tp-spell-service.h"
#include "tp-document.h"
#include "tp-executor.h"
#include "../tp-test-spell.h"

/* The hazards of threads, each provoked on purpose: starvation (the rest of a document is still
 * checked while a person types without pause), livelock (an edit storm on one chunk never makes
 * the checker spin, and the chunk is checked once typing pauses) and deadlock (switching threads
 * off and on and shutting down with every queue full ends, or a watchdog fails the test rather
 * than let it hang). */

static TpSpellService *service;

/* Fails the test, rather than let it hang, if it is not over by then. It looks every 50 ms at
 * an atomic flag: GLib's own locks are invisible to ThreadSanitizer in these builds, its thread
 * start and join are not. */
typedef struct
{
  int         done;      /* atomic */
  guint       seconds;
  const char *what;
} Watchdog;

static gpointer
watch (gpointer data)
{
  Watchdog *dog = data;
  gint64 end = g_get_monotonic_time () + dog->seconds * G_USEC_PER_SEC;

  while (!g_atomic_int_get (&dog->done))
    {
      if (g_get_monotonic_time () > end)
        g_error ("deadlock: %s did not end within %u s", dog->what, dog->seconds);
      g_usleep (50 * 1000);
    }
  return NULL;
}

static GThread *
watchdog_start (Watchdog   *dog,
                const char *what,
                guint       seconds)
{
  dog->done = FALSE;
  dog->what = what;
  dog->seconds = seconds;
  return g_thread_new ("watchdog", watch, dog);
}

static void
watchdog_stop (Watchdog *dog,
               GThread  *thread)
{
  g_atomic_int_set (&dog->done, TRUE);
  g_thread_join (thread);
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
fill (GtkTextBuffer *buffer,
      const char    *line,
      guint          lines)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < lines; i++)
    g_string_append (text, line);
  gtk_text_buffer_set_text (buffer, text->str, -1);
}

/* A key at the start of a 1 MB document every 2 ms, with only the main loop's turns in between:
 * the misspellings at its end are all found meanwhile, not once typing stops. */
static void
test_starvation (void)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  g_autoptr(TpSpellChecker) checker = tp_spell_checker_new (service, buffer);
  GtkTextBuffer *text = GTK_TEXT_BUFFER (buffer);
  /* Long enough for sanitizer builds on a busy machine; a starved checker never gets there. */
  gint64 end = g_get_monotonic_time () + 180 * G_USEC_PER_SEC;
  guint keys = 0;

  fill (text, "the cat zorp hello world\n", 40000);
  while (tp_spell_checker_get_misspelled_count (checker) < 40000)
    {
      GtkTextIter start;

      g_assert_cmpint (g_get_monotonic_time (), <, end);
      gtk_text_buffer_get_start_iter (text, &start);
      gtk_text_buffer_insert (text, &start, "a", 1);
      keys++;
      for (gint64 next = g_get_monotonic_time () + 2000; g_get_monotonic_time () < next;)
        g_main_context_iteration (NULL, FALSE);
    }
  g_test_message ("all 40000 misspellings found while %u keys were typed", keys);
  g_assert_cmpuint (keys, >, 0);
}

/* Every key lands in the same chunk, invalidating the check in flight. While it goes on, the
 * checker does at most a few jobs a key; once it stops, the chunk is checked, and then no job
 * runs: nothing spins. */
static void
test_livelock (void)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  g_autoptr(TpSpellChecker) checker = tp_spell_checker_new (service, buffer);
  GtkTextBuffer *text = GTK_TEXT_BUFFER (buffer);
  TpExecutor *executor = tp_spell_service_get_executor (service);
  guint64 jobs_before, jobs_after_storm, jobs_later;
  const guint keys = 3000;

  fill (text, "teh wrold zorp hello ", 200);
  tp_test_spell_wait_idle (checker);
  jobs_before = tp_executor_get_jobs_done (executor);
  for (guint i = 0; i < keys; i++)
    {
      GtkTextIter middle;

      gtk_text_buffer_get_iter_at_offset (text, &middle, 2000);
      gtk_text_buffer_insert (text, &middle, i % 2 ? " " : "q", 1);
      g_main_context_iteration (NULL, FALSE);
    }
  tp_test_spell_wait_idle (checker);
  jobs_after_storm = tp_executor_get_jobs_done (executor);
  g_assert_cmpuint (jobs_after_storm - jobs_before, <=, 3 * keys);
  /* 600 misspellings written, 1500 "q" typed between spaces: all misspelled too. */
  g_assert_cmpuint (tp_spell_checker_get_misspelled_count (checker), ==, 600 + 1500);
  for (gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC; g_get_monotonic_time () < end;)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  jobs_later = tp_executor_get_jobs_done (executor);
  g_assert_cmpuint (jobs_later, ==, jobs_after_storm);
  g_test_message ("%u keys, %" G_GUINT64_FORMAT " jobs", keys, jobs_after_storm - jobs_before);
}

/* Queues full on both threads, then switched off and on, again and again, and everything shut
 * down with work queued: it all ends. */
static void
test_deadlock (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *dir = g_dir_make_tmp ("hazards-XXXXXX", NULL);
  Watchdog dog;
  GThread *thread = watchdog_start (&dog, "switching and shutting down with full queues", 60);

  for (int round = 0; round < 10; round++)
    {
      TpSpellService *busy = tp_spell_service_new (settings);
      TpRecorder *recorder = tp_recorder_new (dir);
      TpDocument *document = tp_document_new ();
      GtkTextBuffer *text = GTK_TEXT_BUFFER (tp_document_get_buffer (document));
      TpRecordClient *client = tp_record_client_new (recorder, document);
      TpSpellChecker *checker = tp_spell_checker_new (busy, tp_document_get_buffer (document));
      TpExecutor *executors[] = { tp_spell_service_get_executor (busy),
                                  tp_recorder_get_executor (recorder) };

      fill (text, "teh wrold zorp cat hello\n", 3000);
      for (int i = 0; i < 500; i++)
        gtk_text_buffer_insert_at_cursor (text, "x", 1);
      for (int i = 0; i < 40; i++)
        {
          tp_executor_set_threaded (executors[i % 2], i % 4 < 2 ? FALSE : TRUE);
          gtk_text_buffer_insert_at_cursor (text, "y ", 2);
          g_main_context_iteration (NULL, FALSE);
        }
      g_object_unref (checker);
      tp_spell_service_shutdown (busy);
      g_object_unref (busy);
      g_object_unref (client);
      tp_recorder_shutdown (recorder);
      g_object_unref (recorder);
      g_object_unref (document);
      iterate ();
    }
  watchdog_stop (&dog, thread);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    g_assert_cmpint (system (command), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  service = tp_test_spell_service_new (&argc, &argv);

  g_test_add_func ("/Hazards/starvation", test_starvation);
  g_test_add_func ("/Hazards/livelock", test_livelock);
  g_test_add_func ("/Hazards/deadlock", test_deadlock);
  status = g_test_run ();

  tp_spell_service_shutdown (service);
  g_clear_object (&service);
  gtk_source_finalize ();
  return status;
}

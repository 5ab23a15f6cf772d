/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ThreadSanitizer's canary: races on purpose that the ThreadSanitizer build must report, so that
 * its suppressions (tsan.supp) and GLib hand-offs (tsan-glib.c) are known not to hide races on
 * Threadpad's own memory. One thread reads a Threadpad object; the main thread frees it, with no
 * synchronisation between the two. The order is forced with relaxed atomics, which order
 * nothing for ThreadSanitizer: the read comes first, then the free, as in a worker that still
 * looks at a job the main thread has already thrown away.
 *
 * tsan-canary CASE, one of:
 *   g-free           a spell job freed by tp_spell_job_free (), that is by g_free ()
 *   g-object-unref   a document freed by its last g_object_unref ()
 *   g-strfreev       a job's suggestions, freed inside GLib by g_strfreev ()
 *   read-by-g-strdup a job's text, read inside GLib by g_strdup () and freed by the job's owner
 *
 * Run by expect-tsan-report, which fails (as meson's should_fail wants) only when the report is
 * ThreadSanitizer's. */
#include "config.h"

#include <gtksourceview/gtksource.h>

#include "spell/tp-spell-worker.h"
#include "tp-document.h"

static int read_done;

static void
wait_for_the_read (void)
{
  while (!__atomic_load_n (&read_done, __ATOMIC_RELAXED))
    g_usleep (1000);
}

static void
the_read_is_done (void)
{
  __atomic_store_n (&read_done, 1, __ATOMIC_RELAXED);
}

static gpointer
read_job (gpointer data)
{
  TpSpellJob *job = data;
  volatile guint64 sequence = job->sequence;

  (void) sequence;
  the_read_is_done ();
  return NULL;
}

static gpointer
read_document (gpointer data)
{
  volatile gboolean busy = tp_document_get_busy (data);

  (void) busy;
  the_read_is_done ();
  return NULL;
}

static gpointer
read_string (gpointer data)
{
  const char *text = data;
  volatile char first = text[0];

  (void) first;
  the_read_is_done ();
  return NULL;
}

/* Not inlined, so that ThreadSanitizer's stack names this file for the read GLib does. */
static G_GNUC_NO_INLINE void
copy_string (const char *text)
{
  g_free (g_strdup (text));
}

static gpointer
read_string_through_glib (gpointer data)
{
  copy_string (data);
  the_read_is_done ();
  return NULL;
}

static TpSpellJob *
new_job (void)
{
  TpSpellJob *job = tp_spell_job_new (TP_SPELL_JOB_SUGGEST, TP_SPELL_PRIORITY_URGENT, "en_US",
                                      "wrold", -1);
  const char *const suggestions[] = { "world", "would", NULL };

  job->sequence = 7;
  job->suggestions = g_strdupv ((char **) suggestions);
  return job;
}

int
main (int   argc,
      char *argv[])
{
  const char *which = argc == 2 ? argv[1] : "";
  GThread *reader;

  if (g_str_equal (which, "g-free"))
    {
      TpSpellJob *job = new_job ();

      reader = g_thread_new ("canary", read_job, job);
      wait_for_the_read ();
      tp_spell_job_free (job);
    }
  else if (g_str_equal (which, "g-object-unref"))
    {
      TpDocument *document;

      gtk_source_init ();
      document = tp_document_new ();
      reader = g_thread_new ("canary", read_document, document);
      wait_for_the_read ();
      g_object_unref (document);
    }
  else if (g_str_equal (which, "g-strfreev"))
    {
      TpSpellJob *job = new_job ();

      reader = g_thread_new ("canary", read_string, job->suggestions[0]);
      wait_for_the_read ();
      tp_spell_job_free (job);
    }
  else if (g_str_equal (which, "read-by-g-strdup"))
    {
      TpSpellJob *job = new_job ();

      reader = g_thread_new ("canary", read_string_through_glib, job->text);
      wait_for_the_read ();
      tp_spell_job_free (job);
    }
  else
    {
      g_printerr ("usage: tsan-canary g-free|g-object-unref|g-strfreev|read-by-g-strdup\n");
      return 2;
    }
  g_thread_join (reader);
  return 0;
}

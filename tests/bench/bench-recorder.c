/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <stdio.h>
#include <time.h>

#include "record/tp-record-client.h"
#include "record/tp-recorder.h"
#include "tp-document.h"

/* What recording costs while typing, measured side by side in one run.
 *
 * 1. The main thread's cost per keystroke: two documents of the same size, one recorded and one
 *    not, take keystrokes in turn (so that the machine's noise falls on both alike), on a 1 KB
 *    and on a 20 MB document. The difference is the recorder's whole cost on the main thread.
 * 2. Typing at a steady pace into a recorded document: the bytes written per keystroke, and the
 *    time from each keystroke until the recorder has made it durable (fdatasync).
 *
 * Usage: bench-recorder [KEYSTROKES] */

#define PACE_USEC 20000  /* 50 keys a second: a fast typist, or key repeat */

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gint64
percentile (GArray *sorted,
            double  p)
{
  guint index = (guint) (p * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, gint64, index);
}

static double
mean (GArray *values)
{
  double sum = 0;

  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, gint64, i);
  return sum / values->len;
}

/* The recorder thread updates its counters atomically. */
static gssize
read_stat (const gssize *counter)
{
  return g_atomic_pointer_get ((gssize *) counter);
}

/* A key press as the view makes it: text at the cursor, typed by the user. */
static void
type_key (TpDocument *document,
          guint       i)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (document));
  const char *key = i % 60 == 59 ? "\n" : (i % 7 == 6 ? " " : "é");

  gtk_text_buffer_insert_interactive_at_cursor (buffer, key, -1, TRUE);
}

static char *
make_text (gsize size)
{
  static const char line[] = "The quick brown fox jumps over the lazy dog, again and again.\n";
  GString *text = g_string_sized_new (size + sizeof line);

  while (text->len < size)
    g_string_append (text, line);
  return g_string_free (text, FALSE);
}

/* Every edit of a recorded document is one message to the recorder. */
static gssize recorded_edits;

static void
count_edit (void)
{
  recorded_edits++;
}

static void
wait_until_durable (TpRecorder *recorder)
{
  const TpRecordStats *stats = tp_recorder_get_stats (recorder);

  while (read_stat (&stats->durable_messages) < recorded_edits)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (200);
    }
}

/* A document as a file opened from disk leaves it, unmodified, the cursor in the middle; the
 * first keystroke then makes the recorder write its first snapshot: how long until that
 * keystroke was durable, and how many bytes that took, are returned. */
static TpDocument *
make_document (const char      *text,
               TpRecorder      *recorder,
               TpRecordClient **client,
               gint64          *first_key_usec,
               gssize          *first_key_bytes)
{
  TpDocument *document = tp_document_new ();
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (document));
  GtkTextIter middle;
  gint64 start;
  gssize bytes;

  if (recorder != NULL)
    {
      *client = tp_record_client_new (recorder, document);
      g_signal_connect (buffer, "insert-text", G_CALLBACK (count_edit), NULL);
      g_signal_connect (buffer, "delete-range", G_CALLBACK (count_edit), NULL);
    }
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_set_modified (buffer, FALSE);
  gtk_text_buffer_get_iter_at_offset (buffer, &middle,
                                      gtk_text_buffer_get_char_count (buffer) / 2);
  gtk_text_buffer_place_cursor (buffer, &middle);
  if (recorder == NULL)
    {
      type_key (document, 0);
      return document;
    }
  wait_until_durable (recorder);
  bytes = read_stat (&tp_recorder_get_stats (recorder)->bytes_written);
  start = g_get_monotonic_time ();
  type_key (document, 0);
  wait_until_durable (recorder);
  if (first_key_usec != NULL)
    *first_key_usec = g_get_monotonic_time () - start;
  if (first_key_bytes != NULL)
    *first_key_bytes = read_stat (&tp_recorder_get_stats (recorder)->bytes_written) - bytes;
  return document;
}

static void
measure_main_thread (TpRecorder *recorder,
                     gsize       size,
                     guint       keys)
{
  g_autofree char *text = make_text (size);
  g_autoptr(TpRecordClient) client = NULL;
  g_autoptr(TpDocument) plain = make_document (text, NULL, NULL, NULL, NULL);
  g_autoptr(TpDocument) recorded = make_document (text, recorder, &client, NULL, NULL);
  g_autoptr(GArray) without = g_array_sized_new (FALSE, FALSE, sizeof (gint64), keys);
  g_autoptr(GArray) with = g_array_sized_new (FALSE, FALSE, sizeof (gint64), keys);

  wait_until_durable (recorder);
  for (guint i = 0; i < keys; i++)
    {
      /* Which document goes first alternates too. */
      for (guint turn = 0; turn < 2; turn++)
        {
          gboolean record = (turn + i) % 2 == 0;
          gint64 start = now_ns ();
          gint64 spent;

          type_key (record ? recorded : plain, i);
          spent = now_ns () - start;
          g_array_append_val (record ? with : without, spent);
        }
      if (i % 64 == 0)
        g_main_context_iteration (NULL, FALSE);
    }
  wait_until_durable (recorder);

  g_array_sort (without, compare_int64);
  g_array_sort (with, compare_int64);
  printf ("%-9s %8.2f %8.2f %8.2f   %8.2f %8.2f %8.2f   %+8.2f\n",
          size < 1000000 ? "1 KB" : "20 MB",
          percentile (without, 0.5) / 1000.0, mean (without) / 1000.0,
          percentile (without, 0.99) / 1000.0,
          percentile (with, 0.5) / 1000.0, mean (with) / 1000.0, percentile (with, 0.99) / 1000.0,
          (mean (with) - mean (without)) / 1000.0);
}

static void
measure_durability (TpRecorder *recorder,
                    gsize       size,
                    guint       keys)
{
  const TpRecordStats *stats = tp_recorder_get_stats (recorder);
  g_autofree char *text = make_text (size);
  g_autoptr(TpRecordClient) client = NULL;
  gint64 first_key_usec = 0;
  gssize first_bytes = 0;
  g_autoptr(TpDocument) document = make_document (text, recorder, &client, &first_key_usec,
                                                  &first_bytes);
  g_autoptr(GArray) latency = g_array_sized_new (FALSE, FALSE, sizeof (gint64), keys);
  g_autofree gint64 *typed_at = g_new0 (gint64, keys);
  gssize base_messages, base_bytes, base_writes, base_syncs, base_busy, bytes, writes;
  guint durable = 0;
  gint64 start;

  wait_until_durable (recorder);
  base_messages = recorded_edits;
  base_bytes = read_stat (&stats->bytes_written);
  base_writes = read_stat (&stats->writes);
  base_syncs = read_stat (&stats->syncs);
  base_busy = tp_executor_get_busy_usec (tp_recorder_get_executor (recorder));

  start = g_get_monotonic_time ();
  for (guint typed = 0; durable < keys;)
    {
      gint64 now = g_get_monotonic_time ();
      gssize done = read_stat (&stats->durable_messages) - base_messages;

      for (; durable < keys && (gssize) durable < done; durable++)
        {
          gint64 spent = now - typed_at[durable];
          g_array_append_val (latency, spent);
        }
      if (typed < keys && now >= start + (gint64) typed * PACE_USEC)
        {
          typed_at[typed] = g_get_monotonic_time ();
          type_key (document, typed);
          typed++;
          continue;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (200);
    }
  bytes = read_stat (&stats->bytes_written) - base_bytes;
  writes = read_stat (&stats->writes) - base_writes;

  g_array_sort (latency, compare_int64);
  printf ("%-9s %6.1f %10.1f %9.1f %9.1f %9.1f %9.1f %6" G_GSSIZE_FORMAT " %12.1f\n",
          size < 1000000 ? "1 KB" : "20 MB",
          (double) bytes / keys, (double) writes / keys,
          percentile (latency, 0.5) / 1000.0, percentile (latency, 0.95) / 1000.0,
          percentile (latency, 0.99) / 1000.0,
          g_array_index (latency, gint64, latency->len - 1) / 1000.0,
          read_stat (&stats->syncs) - base_syncs,
          (double) (tp_executor_get_busy_usec (tp_recorder_get_executor (recorder)) - base_busy)
          / keys);
  printf ("%-9s the first keystroke after opening: %.1f MB written (the first snapshot), "
          "durable after %.1f ms\n", "", first_bytes / 1e6, first_key_usec / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autoptr(TpRecorder) recorder = NULL;
  guint keys = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 20000;
  gsize sizes[] = { 1024, 20 * 1024 * 1024 };

  gtk_init (&argc, &argv);
  if (keys < 100)
    {
      g_printerr ("usage: bench-recorder [KEYSTROKES, at least 100]\n");
      return 2;
    }
  dir = g_dir_make_tmp ("bench-recorder-XXXXXX", NULL);
  recorder = tp_recorder_new (dir);

  printf ("Main thread, µs per keystroke (%u keystrokes each, taken in turn)\n", keys);
  printf ("%-9s %26s   %26s   %8s\n", "", "without recorder", "with recorder", "");
  printf ("%-9s %8s %8s %8s   %8s %8s %8s   %8s\n", "document", "median", "mean", "p99",
          "median", "mean", "p99", "cost");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    measure_main_thread (recorder, sizes[i], keys);

  printf ("\nTyping %u keys at %d keys/s: recorder output, and keystroke → durable on disk (ms)\n",
          MIN (keys, 500), 1000000 / PACE_USEC);
  printf ("%-9s %6s %10s %9s %9s %9s %9s %6s %12s\n", "document", "B/key", "writes/key",
          "p50", "p95", "p99", "max", "syncs", "thread µs/key");
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    measure_durability (recorder, sizes[i], MIN (keys, 500));

  tp_recorder_shutdown (recorder);
  g_clear_object (&recorder);
  /* Closed documents and a clean shutdown leave nothing behind; an error here says otherwise. */
  if (g_rmdir (dir) != 0)
    g_printerr ("bench-recorder: %s was left behind: %s\n", dir, g_strerror (errno));
  return 0;
}

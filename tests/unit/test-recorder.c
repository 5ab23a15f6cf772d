/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>

#include "record/tp-record-worker.h"
#include "record/tp-recorder.h"
#include "record/tp-recovery.h"
#include "tp-executor.h"

static const char *const pieces[] = { "x", "word ", "é", "€", "日本", "𝄞", "\n", "Grüße " };

typedef struct
{
  char           *base;
  char           *dir;
  TpRecordWorker *worker;
  GPtrArray      *problems;   /* every problem reported, "" for "no problem" */
  gint64          now;
} Fixture;

static void
on_problem (const char *problem,
            gpointer    user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->problems, g_strdup (problem ? problem : ""));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->base = g_dir_make_tmp ("threadpad-recorder-XXXXXX", NULL);
  fixture->dir = g_build_filename (fixture->base, "state", "threadpad", "recovery", NULL);
  fixture->worker = tp_record_worker_new (fixture->dir, on_problem, fixture);
  fixture->problems = g_ptr_array_new_with_free_func (g_free);
  fixture->now = 1000 * G_USEC_PER_SEC;
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", fixture->base);

  tp_record_worker_free (fixture->worker);
  g_assert_cmpint (system (command), ==, 0);
  g_ptr_array_unref (fixture->problems);
  g_free (fixture->dir);
  g_free (fixture->base);
}

static void
send (Fixture         *fixture,
      TpRecordMessage *message)
{
  tp_record_worker_handle (fixture->worker, message);
  tp_record_message_free (message);
}

static void
send_open (Fixture    *fixture,
           guint       id,
           const char *title)
{
  TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_OPEN, id);

  message->info.title = g_strdup (title);
  message->info.uri = g_strdup ("file:///home/someone/notes.txt");
  message->info.encoding = g_strdup ("ISO-8859-15");
  send (fixture, message);
}

static TpRecordMessage *
insert_message (guint       id,
                guint64     offset,
                const char *text)
{
  TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_INSERT, id);

  message->offset = offset;
  message->text = g_strdup (text);
  message->length = strlen (text);
  return message;
}

static void
send_insert (Fixture    *fixture,
             guint       id,
             guint64     offset,
             const char *text)
{
  send (fixture, insert_message (id, offset, text));
}

static void
send_delete (Fixture *fixture,
             guint    id,
             guint64  offset,
             guint64  count)
{
  TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_DELETE, id);

  message->offset = offset;
  message->count = count;
  send (fixture, message);
}

static void
send_cursor (Fixture *fixture,
             guint    id,
             guint64  offset)
{
  TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_CURSOR, id);

  message->offset = offset;
  send (fixture, message);
}

static void
send_kind (Fixture             *fixture,
           guint                id,
           TpRecordMessageKind  kind)
{
  send (fixture, tp_record_message_new (kind, id));
}

static void
flush (Fixture *fixture,
       gint64   advance)
{
  fixture->now += advance;
  tp_record_worker_flush (fixture->worker, fixture->now);
}

static TpReplay *
replay_document (Fixture *fixture,
                 guint    id)
{
  const char *run = tp_record_worker_get_session_dir (fixture->worker);
  g_autofree char *snapshot_name = g_strdup_printf ("%u" TP_RECOVERY_SNAPSHOT_SUFFIX, id);
  g_autofree char *journal_name = g_strdup_printf ("%u" TP_RECOVERY_JOURNAL_SUFFIX, id);
  g_autofree char *snapshot_path = g_build_filename (run, snapshot_name, NULL);
  g_autofree char *journal_path = g_build_filename (run, journal_name, NULL);
  g_autofree char *snapshot = NULL;
  g_autofree char *journal = NULL;
  gsize snapshot_length, journal_length;
  g_autoptr(GBytes) snapshot_bytes = NULL;
  g_autoptr(GBytes) journal_bytes = NULL;

  g_assert_true (g_file_get_contents (snapshot_path, &snapshot, &snapshot_length, NULL));
  g_assert_true (g_file_get_contents (journal_path, &journal, &journal_length, NULL));
  snapshot_bytes = g_bytes_new_take (g_steal_pointer (&snapshot), snapshot_length);
  journal_bytes = g_bytes_new_take (g_steal_pointer (&journal), journal_length);
  return tp_journal_replay (snapshot_bytes, journal_bytes);
}

static void
reference_edit (GString *text,
                gboolean insert,
                guint64  offset,
                guint64  count,
                const char *piece)
{
  const char *at = g_utf8_offset_to_pointer (text->str, offset);

  if (insert)
    g_string_insert (text, at - text->str, piece);
  else
    g_string_erase (text, at - text->str, g_utf8_offset_to_pointer (at, count) - at);
}

/* Thousands of random edits, with flushes and snapshots in between (large pastes, undone at
 * once, push the journal past its limit): what is on disk replays to the live text. */
static void
test_random_edits (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *big = g_strnfill (300 * 1024, 'b');
  TpRecordStats *stats = tp_record_worker_get_stats (fixture->worker);

  send_open (fixture, 1, "notes.txt");
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  for (guint i = 0; i < 5000; i++)
    {
      guint64 length = g_utf8_strlen (text->str, -1);
      guint64 offset = g_rand_int_range (rand, 0, length + 1);
      int choice = g_rand_int_range (rand, 0, 100);

      if (choice < 30 && length > 0)
        {
          guint64 count = g_rand_int_range (rand, 0, MIN (length - offset, 6) + 1);

          send_delete (fixture, 1, offset, count);
          reference_edit (text, FALSE, offset, count, NULL);
        }
      else if (choice == 99)
        {
          send_insert (fixture, 1, offset, big);
          send_delete (fixture, 1, offset, strlen (big));
        }
      else
        {
          const char *piece = pieces[choice % G_N_ELEMENTS (pieces)];

          send_insert (fixture, 1, offset, piece);
          reference_edit (text, TRUE, offset, 0, piece);
        }
      if (g_rand_int_range (rand, 0, 10) == 0)
        flush (fixture, g_rand_int_range (rand, 0, 400) * G_TIME_SPAN_MILLISECOND);
    }
  flush (fixture, 0);

  {
    g_autoptr(TpReplay) replay = replay_document (fixture, 1);

    g_assert_false (replay->damaged);
    g_assert_true (strcmp (replay->text, text->str) == 0);
    g_assert_cmpstr (replay->info.title, ==, "notes.txt");
    g_assert_cmpstr (replay->info.encoding, ==, "ISO-8859-15");
  }
  g_assert_cmpint (stats->messages, >=, 5000);
  g_assert_cmpint (stats->snapshots, >, 1);
  g_assert_cmpint (stats->syncs, >, 0);
  g_assert_cmpint (fixture->problems->len, ==, 0);
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Nothing is written for a document without unsaved changes; saving removes the entry; a clean
 * finish leaves no folder behind. */
static void
test_entry_lifetime (Fixture       *fixture,
                     gconstpointer  data)
{
  struct stat info;
  const char *run;
  g_autofree char *run_copy = NULL;

  send_open (fixture, 1, "a");
  send_insert (fixture, 1, 0, "loaded text");
  flush (fixture, 0);
  g_assert_null (tp_record_worker_get_session_dir (fixture->worker));

  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "typed ");
  flush (fixture, 0);
  run = tp_record_worker_get_session_dir (fixture->worker);
  g_assert_nonnull (run);
  run_copy = g_strdup (run);
  g_assert_cmpuint (count_files (run), ==, 3);

  g_assert_cmpint (stat (fixture->dir, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0700);
  g_assert_cmpint (stat (run, &info), ==, 0);
  g_assert_cmpint (info.st_mode & 0777, ==, 0700);
  {
    g_autofree char *snapshot = g_build_filename (run, "1" TP_RECOVERY_SNAPSHOT_SUFFIX, NULL);

    g_assert_cmpint (stat (snapshot, &info), ==, 0);
    g_assert_cmpint (info.st_mode & 0777, ==, 0600);
  }
  {
    g_autoptr(TpReplay) replay = replay_document (fixture, 1);

    g_assert_cmpstr (replay->text, ==, "typed loaded text");
    g_assert_cmpuint (replay->cursor, ==, 6);
  }
  /* The cursor goes away and comes back to where the last edit left it. */
  send_cursor (fixture, 1, 2);
  send_cursor (fixture, 1, 6);
  flush (fixture, 0);
  {
    g_autoptr(TpReplay) replay = replay_document (fixture, 1);

    g_assert_cmpuint (replay->cursor, ==, 6);
  }

  send_kind (fixture, 1, TP_RECORD_MESSAGE_UNPROTECT);
  flush (fixture, 0);
  g_assert_cmpuint (count_files (run), ==, 1);

  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "again ");
  flush (fixture, 0);
  g_assert_cmpuint (count_files (run), ==, 3);
  send_kind (fixture, 1, TP_RECORD_MESSAGE_CLOSE);
  tp_record_worker_finish (fixture->worker);
  g_assert_false (g_file_test (run_copy, G_FILE_TEST_EXISTS));
}

/* A run that ended without finishing (a crash) is found by the next one, with its documents
 * newest first; a run that is still going is not. */
static void
test_recovery_after_crash (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(TpRecovery) live = NULL;
  g_autoptr(TpRecovery) recovery = NULL;
  g_autoptr(TpRecovery) after_discard = NULL;
  TpRecoveryEntry *entry;

  send_open (fixture, 1, "older");
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "first document");
  flush (fixture, 0);
  g_usleep (2000);
  send_open (fixture, 2, "");
  send_kind (fixture, 2, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 2, 0, "second");
  flush (fixture, 0);

  live = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (live)->len, ==, 0);

  /* The crash: files stay, the lock goes with the process. */
  g_clear_pointer (&fixture->worker, tp_record_worker_free);
  fixture->worker = tp_record_worker_new (fixture->dir, on_problem, fixture);

  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 2);
  g_assert_cmpuint (tp_recovery_get_n_damaged (recovery), ==, 0);
  entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
  g_assert_cmpstr (entry->replay->text, ==, "second");
  {
    g_autofree char *title = tp_recovery_entry_dup_title (entry);

    g_assert_cmpstr (title, ==, "Untitled Document");
  }
  entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 1);
  g_assert_cmpstr (entry->replay->text, ==, "first document");
  g_assert_cmpstr (entry->replay->info.uri, ==, "file:///home/someone/notes.txt");

  /* While one editor holds them, another does not see them. */
  {
    g_autoptr(TpRecovery) other = tp_recovery_open (fixture->dir);

    g_assert_cmpuint (tp_recovery_get_entries (other)->len, ==, 0);
  }

  tp_recovery_discard (recovery);
  after_discard = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (after_discard)->len, ==, 0);
  g_assert_cmpuint (count_files (fixture->dir), ==, 0);
}

/* Damaged files are read as far as they go, then set aside, not deleted. */
static void
test_damaged_entry_set_aside (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(TpRecovery) recovery = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *aside = g_build_filename (fixture->dir, TP_RECOVERY_DAMAGED_NAME, NULL);
  g_autofree char *contents = NULL;
  gsize length;
  TpRecoveryEntry *entry;

  send_open (fixture, 1, "t");
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  flush (fixture, 0);
  send_insert (fixture, 1, 0, "kept ");
  send_insert (fixture, 1, 5, "lost");
  flush (fixture, 0);
  journal = g_build_filename (tp_record_worker_get_session_dir (fixture->worker),
                              "1" TP_RECOVERY_JOURNAL_SUFFIX, NULL);
  g_clear_pointer (&fixture->worker, tp_record_worker_free);
  fixture->worker = tp_record_worker_new (fixture->dir, on_problem, fixture);

  g_assert_true (g_file_get_contents (journal, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (journal, contents, length - 2, NULL));

  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_n_damaged (recovery), ==, 1);
  entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
  g_assert_true (entry->replay->damaged);
  g_assert_cmpstr (entry->replay->text, ==, "kept ");

  tp_recovery_discard (recovery);
  g_assert_false (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (aside), ==, 2);
}

static gboolean
has_problem (Fixture    *fixture,
             const char *text)
{
  for (guint i = 0; i < fixture->problems->len; i++)
    if (strstr (g_ptr_array_index (fixture->problems, i), text) != NULL)
      return TRUE;
  return FALSE;
}

/* A full disk: a problem is reported, edits go on into the shadow, and when writing works again
 * the entry is rewritten whole and the problem ends. */
static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  const char *last;

  send_open (fixture, 1, "t");
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "before ");
  flush (fixture, 0);

  tp_record_worker_inject_error (fixture->worker, ENOSPC);
  send_insert (fixture, 1, 7, "during ");
  flush (fixture, 0);
  g_assert_cmpuint (fixture->problems->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->problems, 0), ==, "The disk is full.");

  send_insert (fixture, 1, 14, "still ");
  flush (fixture, G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (fixture->problems->len, ==, 1);

  tp_record_worker_inject_error (fixture->worker, 0);
  flush (fixture, 3 * G_USEC_PER_SEC);
  last = g_ptr_array_index (fixture->problems, fixture->problems->len - 1);
  g_assert_cmpstr (last, ==, "");
  {
    g_autoptr(TpReplay) replay = replay_document (fixture, 1);

    g_assert_false (replay->damaged);
    g_assert_cmpstr (replay->text, ==, "before during still ");
  }
}

/* The state folder cannot be created (a file is in the way; root is not stopped by modes). */
static void
test_unwritable_folder (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *threadpad = g_path_get_dirname (fixture->dir);
  g_autofree char *state = g_path_get_dirname (threadpad);

  g_assert_cmpint (g_mkdir_with_parents (state, 0700), ==, 0);
  g_assert_true (g_file_set_contents (threadpad, "not a folder", -1, NULL));

  send_open (fixture, 1, "t");
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "words");
  flush (fixture, 0);
  g_assert_true (has_problem (fixture, threadpad));

  g_assert_cmpint (g_unlink (threadpad), ==, 0);
  flush (fixture, 3 * G_USEC_PER_SEC);
  g_assert_cmpstr (g_ptr_array_index (fixture->problems, fixture->problems->len - 1), ==, "");
  {
    g_autoptr(TpReplay) replay = replay_document (fixture, 1);

    g_assert_cmpstr (replay->text, ==, "words");
  }
}

/* What an editor that crashed leaves: one document with unsaved changes. Returns its run. */
static char *
leave_crashed_run (Fixture    *fixture,
                   const char *title,
                   const char *text)
{
  char *run;

  send_open (fixture, 1, title);
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, text);
  flush (fixture, 0);
  run = g_strdup (tp_record_worker_get_session_dir (fixture->worker));
  g_clear_pointer (&fixture->worker, tp_record_worker_free);
  fixture->worker = tp_record_worker_new (fixture->dir, on_problem, fixture);
  return run;
}

static void
send_retire (Fixture    *fixture,
             TpRecovery *recovery)
{
  TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_RETIRE, 0);

  message->retire = recovery;
  send (fixture, message);
}

/* Recover: the recovered document is recorded again, then the old entry is retired, in one
 * batch. The old entry stays until the new one is on disk, even when writing it fails for a
 * while; then it goes. */
static void
test_retire_after_durable (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *old_run = leave_crashed_run (fixture, "letter", "words to keep");
  g_autofree char *old_snapshot = g_build_filename (old_run, "1" TP_RECOVERY_SNAPSHOT_SUFFIX,
                                                    NULL);
  TpRecovery *recovery = tp_recovery_open (fixture->dir);

  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  tp_record_worker_inject_error (fixture->worker, ENOSPC);
  send_open (fixture, 1, "letter");
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "words to keep");
  send_retire (fixture, recovery);
  flush (fixture, 0);
  g_assert_true (g_file_test (old_snapshot, G_FILE_TEST_EXISTS));
  flush (fixture, 3 * G_USEC_PER_SEC);
  g_assert_true (g_file_test (old_snapshot, G_FILE_TEST_EXISTS));

  tp_record_worker_inject_error (fixture->worker, 0);
  flush (fixture, 3 * G_USEC_PER_SEC);
  g_assert_false (g_file_test (old_run, G_FILE_TEST_EXISTS));
  {
    g_autoptr(TpReplay) replay = replay_document (fixture, 1);

    g_assert_cmpstr (replay->text, ==, "words to keep");
  }
}

/* Discard retires at once when nothing else is waiting to be written. */
static void
test_retire_discard (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *old_run = leave_crashed_run (fixture, "letter", "unwanted");

  send_retire (fixture, tp_recovery_open (fixture->dir));
  flush (fixture, 0);
  g_assert_false (g_file_test (old_run, G_FILE_TEST_EXISTS));
}

/* A recovery still waiting to be retired when the editor ends keeps its data for next time. */
static void
test_retire_pending_at_finish (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *old_run = leave_crashed_run (fixture, "letter", "words to keep");

  tp_record_worker_inject_error (fixture->worker, EIO);
  send_open (fixture, 1, "letter");
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "words to keep");
  send_retire (fixture, tp_recovery_open (fixture->dir));
  tp_record_worker_finish (fixture->worker);
  g_clear_pointer (&fixture->worker, tp_record_worker_free);
  fixture->worker = tp_record_worker_new (fixture->dir, on_problem, fixture);
  {
    g_autoptr(TpRecovery) recovery = tp_recovery_open (fixture->dir);
    TpRecoveryEntry *entry;

    g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
    entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
    g_assert_cmpstr (entry->replay->text, ==, "words to keep");
  }
}

/* The last writes fail at the end of a run: what reached the disk before is still there, and
 * the next editor finds it. */
static void
test_failed_final_flush (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *run = NULL;
  g_autofree char *lock = NULL;

  send_open (fixture, 1, "t");
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "on disk");
  flush (fixture, 0);
  run = g_strdup (tp_record_worker_get_session_dir (fixture->worker));
  lock = g_build_filename (run, TP_RECOVERY_LOCK_NAME, NULL);

  tp_record_worker_inject_error (fixture->worker, EIO);
  send_insert (fixture, 1, 7, " and more");
  tp_record_worker_finish (fixture->worker);
  g_assert_true (g_file_test (run, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (lock, G_FILE_TEST_EXISTS));
  g_clear_pointer (&fixture->worker, tp_record_worker_free);
  fixture->worker = tp_record_worker_new (fixture->dir, on_problem, fixture);
  {
    g_autoptr(TpRecovery) recovery = tp_recovery_open (fixture->dir);
    TpRecoveryEntry *entry;

    g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
    entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
    g_assert_cmpstr (entry->replay->text, ==, "on disk");
  }
}

/* A folder whose lock went missing but that holds a document is still offered. */
static void
test_lockless_run_with_data (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *run = leave_crashed_run (fixture, "t", "words");
  g_autofree char *lock = g_build_filename (run, TP_RECOVERY_LOCK_NAME, NULL);
  g_autoptr(TpRecovery) recovery = NULL;

  g_assert_cmpint (g_unlink (lock), ==, 0);
  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  {
    g_autoptr(TpRecovery) other = tp_recovery_open (fixture->dir);

    g_assert_cmpuint (tp_recovery_get_entries (other)->len, ==, 0);
  }
  tp_recovery_discard (recovery);
  g_assert_false (g_file_test (run, G_FILE_TEST_EXISTS));
}

/* A snapshot whose journal is missing: the edits after it are lost, and it says so. */
static void
test_missing_journal_is_damage (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *run = leave_crashed_run (fixture, "t", "snapshot text");
  g_autofree char *journal = g_build_filename (run, "1" TP_RECOVERY_JOURNAL_SUFFIX, NULL);
  g_autofree char *aside = g_build_filename (fixture->dir, TP_RECOVERY_DAMAGED_NAME, NULL);
  g_autoptr(TpRecovery) recovery = NULL;
  TpRecoveryEntry *entry;

  g_assert_cmpint (g_unlink (journal), ==, 0);
  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
  g_assert_true (entry->replay->damaged);
  g_assert_cmpstr (entry->replay->text, ==, "snapshot text");
  tp_recovery_discard (recovery);
  g_assert_cmpuint (count_files (aside), ==, 1);
}

static char *
make_run (Fixture    *fixture,
          const char *name,
          gboolean    locked)
{
  char *run = g_build_filename (fixture->dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (run, 0700), ==, 0);
  if (locked)
    {
      g_autofree char *lock = g_build_filename (run, TP_RECOVERY_LOCK_NAME, NULL);

      g_assert_true (g_file_set_contents (lock, "", 0, NULL));
    }
  return run;
}

static void
put_file (const char *dir,
          const char *name,
          const char *contents,
          gssize      length)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static void
make_old (const char *path)
{
  struct utimbuf times = { 1000000000, 1000000000 };

  g_assert_cmpint (utime (path, &times), ==, 0);
}

/* Folders with nothing worth recovering are not offered: empty files, a document emptied before
 * the crash, a folder left without a lock or files. Unreadable files are kept aside; the rest
 * goes. A folder that a starting editor is creating right now is left alone. */
static void
test_nothing_worth_recovering (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *real = leave_crashed_run (fixture, "real", "real words");
  g_autofree char *empty_files = make_run (fixture, "1-00000001", TRUE);
  g_autofree char *unreadable = make_run (fixture, "1-00000002", TRUE);
  g_autofree char *lockless_old = make_run (fixture, "1-00000003", FALSE);
  g_autofree char *lockless_new = make_run (fixture, "1-00000004", FALSE);
  g_autofree char *emptied = NULL;
  g_autofree char *aside = g_build_filename (fixture->dir, TP_RECOVERY_DAMAGED_NAME, NULL);
  g_autoptr(TpRecovery) recovery = NULL;

  put_file (empty_files, "1" TP_RECOVERY_SNAPSHOT_SUFFIX, "", 0);
  put_file (empty_files, "1" TP_RECOVERY_JOURNAL_SUFFIX, "", 0);
  put_file (empty_files, "2" TP_RECOVERY_JOURNAL_SUFFIX, TP_JOURNAL_MAGIC, -1);
  put_file (unreadable, "1" TP_RECOVERY_SNAPSHOT_SUFFIX, "not a snapshot", -1);
  make_old (lockless_old);

  send_open (fixture, 1, "");
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "x");
  flush (fixture, 0);
  send_delete (fixture, 1, 0, 1);
  flush (fixture, G_USEC_PER_SEC);
  emptied = g_strdup (tp_record_worker_get_session_dir (fixture->worker));
  g_clear_pointer (&fixture->worker, tp_record_worker_free);
  fixture->worker = tp_record_worker_new (fixture->dir, on_problem, fixture);

  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  g_assert_cmpstr (((TpRecoveryEntry *) g_ptr_array_index (tp_recovery_get_entries (recovery),
                                                           0))->replay->text, ==, "real words");
  g_assert_false (g_file_test (empty_files, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (unreadable, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (emptied, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (lockless_old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (lockless_new, G_FILE_TEST_IS_DIR));
  g_assert_true (g_file_test (real, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_files (aside), ==, 1);
}

/* Recover opens the newest documents; the ones kept back stay on disk, in their folders, and
 * are offered again next time. */
static void
test_keep_some_entries (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(TpRecovery) recovery = NULL;
  g_autoptr(TpRecovery) again = NULL;

  for (guint id = 1; id <= 5; id++)
    {
      g_autofree char *text = g_strdup_printf ("document %u", id);

      send_open (fixture, id, text);
      send_kind (fixture, id, TP_RECORD_MESSAGE_PROTECT);
      send_insert (fixture, id, 0, text);
      flush (fixture, 0);
      g_usleep (2000);
    }
  g_clear_pointer (&fixture->worker, tp_record_worker_free);
  fixture->worker = tp_record_worker_new (fixture->dir, on_problem, fixture);

  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 5);
  tp_recovery_keep_from (recovery, 2);
  tp_recovery_discard (recovery);
  g_clear_pointer (&recovery, tp_recovery_free);

  again = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (again)->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      TpRecoveryEntry *entry = g_ptr_array_index (tp_recovery_get_entries (again), i);
      g_autofree char *expected = g_strdup_printf ("document %u", 3 - i);

      g_assert_cmpstr (entry->replay->text, ==, expected);
    }
}

/* The thread: messages pushed from here arrive in order and reach the disk; shutting down with
 * messages still queued writes them all. */
static void
test_thread_shutdown_with_work_queued (Fixture       *fixture,
                                       gconstpointer  data)
{
  for (guint round = 0; round < 20; round++)
    {
      g_autoptr(TpRecorder) recorder = tp_recorder_new (fixture->dir);
      TpDocumentInfo info = { "doc", NULL, "UTF-8" };
      guint id = tp_recorder_open_document (recorder, &info);
      const TpRecordStats *stats = tp_recorder_get_stats (recorder);

      tp_recorder_push (recorder, tp_record_message_new (TP_RECORD_MESSAGE_PROTECT, id));
      for (guint i = 0; i < 2000; i++)
        {
          TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_INSERT, id);

          message->offset = i;
          message->text = g_strdup ("é");
          message->length = strlen ("é");
          tp_recorder_push (recorder, message);
        }
      tp_recorder_push (recorder, tp_record_message_new (TP_RECORD_MESSAGE_CLOSE, id));
      tp_recorder_shutdown (recorder);
      g_assert_cmpint (stats->messages, ==, 2000);
      g_assert_cmpint (stats->durable_messages, ==, 2000);
      g_assert_cmpuint (count_files (fixture->dir), ==, 0);
    }
}

typedef struct
{
  guint                count;
  TpRecorderSyncResult result;
  guint                n_entries;
} SyncAnswer;

static void
on_synced (TpRecorder           *recorder,
           TpRecorderSyncResult  result,
           guint                 n_entries,
           gpointer              user_data)
{
  SyncAnswer *answer = user_data;

  answer->count++;
  answer->result = result;
  answer->n_entries = n_entries;
}

static void
wait_for_answers (SyncAnswer *answer,
                  guint       count)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (answer->count < count)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
push_insert (TpRecorder *recorder,
             guint       id,
             guint64     offset,
             const char *text)
{
  tp_recorder_push (recorder, insert_message (id, offset, text));
}

/* The sync at the end of a run: everything pushed before is durable when it answers; a failing
 * disk says so; a disk that does not answer does not hold up the main loop, even with the
 * recorder inline, and the answer comes in time. A late answer from the disk is not a second
 * one. */
static void
test_sync_bounded (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TpRecorder) recorder = tp_recorder_new (fixture->dir);
  TpDocumentInfo info = { "doc", NULL, "UTF-8" };
  guint id = tp_recorder_open_document (recorder, &info);
  const TpRecordStats *stats = tp_recorder_get_stats (recorder);
  SyncAnswer answer = { 0 };
  gint64 start;

  tp_recorder_push (recorder, tp_record_message_new (TP_RECORD_MESSAGE_PROTECT, id));
  push_insert (recorder, id, 0, "words");
  tp_recorder_sync_async (recorder, 10000, on_synced, &answer);
  wait_for_answers (&answer, 1);
  g_assert_cmpint (answer.result, ==, TP_RECORDER_SYNC_DURABLE);
  g_assert_cmpuint (answer.n_entries, ==, 1);
  g_assert_cmpint (g_atomic_pointer_get ((gssize *) &stats->durable_messages), ==, 1);

  tp_recorder_inject_write_error (recorder, ENOSPC);
  push_insert (recorder, id, 5, " lost");
  tp_recorder_sync_async (recorder, 10000, on_synced, &answer);
  wait_for_answers (&answer, 2);
  g_assert_cmpint (answer.result, ==, TP_RECORDER_SYNC_FAILED);
  tp_recorder_inject_write_error (recorder, 0);

  tp_executor_set_threaded (tp_recorder_get_executor (recorder), FALSE);
  push_insert (recorder, id, 10, " stuck");
  tp_recorder_inject_write_stall (recorder, TRUE);
  start = g_get_monotonic_time ();
  tp_recorder_sync_async (recorder, 200, on_synced, &answer);
  wait_for_answers (&answer, 3);
  g_assert_cmpint (answer.result, ==, TP_RECORDER_SYNC_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

  tp_recorder_inject_write_stall (recorder, FALSE);
  start = g_get_monotonic_time ();
  while (g_get_monotonic_time () - start < 300 * G_TIME_SPAN_MILLISECOND)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpuint (answer.count, ==, 3);
  tp_recorder_shutdown (recorder);
}

/* ---- documents whose text is their file's ---- */

static void on_text_needed (guint    document,
                            gpointer user_data);
static void send_text      (Fixture    *fixture,
                            guint       id,
                            const char *text);

/* A file of lines, with a final line end (which the editor leaves out of the text), in Latin-1
 * when asked: what a document read from it holds. */
static char *
make_base_file (Fixture     *fixture,
                const char  *name,
                gsize        size,
                gboolean     latin1,
                char       **uri)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *path = g_build_filename (fixture->base, name, NULL);
  g_autofree char *bytes = NULL;
  gsize length;

  for (guint i = 0; text->len < size; i++)
    g_string_append_printf (text, "line %u of the file, Grüße%s", i, "\n");
  if (latin1)
    bytes = g_convert (text->str, text->len, "ISO-8859-1", "UTF-8", NULL, &length, NULL);
  else
    bytes = g_memdup2 (text->str, (length = text->len) + 1);
  g_assert_true (g_file_set_contents (path, bytes, length, NULL));
  *uri = g_filename_to_uri (path, NULL, NULL);
  g_string_truncate (text, text->len - 1);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
send_info_message (Fixture             *fixture,
                   TpRecordMessageKind  kind,
                   guint                id,
                   const char          *uri,
                   const char          *encoding)
{
  TpRecordMessage *message = tp_record_message_new (kind, id);

  message->info.title = g_strdup ("lines.txt");
  message->info.uri = g_strdup (uri);
  message->info.encoding = g_strdup (encoding);
  send (fixture, message);
}

/* The text arrives as GtkSourceFileLoader hands it to the buffer: in pieces at the end, with the
 * file's final line end, which it then takes away; then the load is over. */
static void
send_loaded_text (Fixture    *fixture,
                  guint       id,
                  const char *uri,
                  const char *encoding,
                  const char *text)
{
  const char *at = text;
  guint64 offset = 0;

  send_info_message (fixture, TP_RECORD_MESSAGE_OPEN, id, uri, encoding);
  send_info_message (fixture, TP_RECORD_MESSAGE_LOADING, id, uri, encoding);
  while (*at != '\0')
    {
      const char *end = g_utf8_offset_to_pointer (at, MIN (g_utf8_strlen (at, -1), 5000));
      g_autofree char *piece = g_strndup (at, end - at);

      send_insert (fixture, id, offset, piece);
      offset += g_utf8_strlen (piece, -1);
      at = end;
    }
  send_insert (fixture, id, offset, "\n");
  send_delete (fixture, id, offset, 1);
  send_info_message (fixture, TP_RECORD_MESSAGE_LOADED, id, uri, encoding);
}

static void
crash_and_restart (Fixture *fixture)
{
  g_clear_pointer (&fixture->worker, tp_record_worker_free);
  fixture->worker = tp_record_worker_new (fixture->dir, on_problem, fixture);
}

static gsize
file_size (const char *path)
{
  struct stat info;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  return info.st_size;
}

static char *
entry_file (Fixture    *fixture,
            guint       id,
            const char *suffix)
{
  g_autofree char *name = g_strdup_printf ("%u%s", id, suffix);

  return g_build_filename (tp_record_worker_get_session_dir (fixture->worker), name, NULL);
}

/* Once the file is found to hold the text read, no copy of it is kept, and the entry holds only
 * the edits: recovery reads the file again and puts them back on it. */
static void
test_file_base (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *uri = NULL;
  g_autofree char *text = make_base_file (fixture, "lines.txt", 2 * 1024 * 1024, FALSE, &uri);
  g_autofree char *snapshot = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(TpRecovery) recovery = NULL;
  TpRecordStats *stats = tp_record_worker_get_stats (fixture->worker);
  TpRecoveryEntry *entry;

  send_loaded_text (fixture, 1, uri, "UTF-8", text);
  flush (fixture, 0);
  g_assert_cmpint (stats->text_held, ==, 0);

  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "typed ");
  send_delete (fixture, 1, 10, 3);
  send_cursor (fixture, 1, 4);
  flush (fixture, 0);
  g_assert_cmpint (stats->text_held, ==, 0);
  snapshot = entry_file (fixture, 1, TP_RECOVERY_SNAPSHOT_SUFFIX);
  g_assert_cmpuint (file_size (snapshot), <, 4096);

  crash_and_restart (fixture);
  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  g_assert_cmpuint (tp_recovery_get_refused (recovery)->len, ==, 0);
  entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
  expected = g_strconcat ("typed ", text, NULL);
  memmove (expected + 10, expected + 13, strlen (expected + 13) + 1);
  g_assert_false (entry->replay->damaged);
  g_assert_true (strcmp (entry->replay->text, expected) == 0);
  g_assert_cmpuint (entry->replay->cursor, ==, 4);
  g_assert_cmpstr (entry->replay->info.uri, ==, uri);
}

/* A document read from a pipe (or a device) is not read again: that would wait for a writer, or
 * take bytes from whoever reads the pipe. Its text is kept. */
static void
test_file_base_not_regular (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->base, "fifo", NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GArray) asked = g_array_new (FALSE, FALSE, sizeof (guint));
  TpRecordStats *stats = tp_record_worker_get_stats (fixture->worker);

  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  tp_record_worker_set_text_func (fixture->worker, on_text_needed, asked);
  send_loaded_text (fixture, 1, uri, "UTF-8", "read from a pipe");
  flush (fixture, 0);
  g_assert_cmpuint (asked->len, ==, 0);
  g_assert_cmpint (stats->text_held, ==, strlen ("read from a pipe"));
}

/* A file in another encoding is decoded as the editor decoded it. */
static void
test_file_base_encoding (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *uri = NULL;
  g_autofree char *text = make_base_file (fixture, "latin1.txt", 100 * 1024, TRUE, &uri);
  g_autoptr(TpRecovery) recovery = NULL;
  TpRecordStats *stats = tp_record_worker_get_stats (fixture->worker);
  TpRecoveryEntry *entry;
  g_autofree char *expected = g_strconcat (text, "é", NULL);

  send_loaded_text (fixture, 1, uri, "ISO-8859-1", text);
  flush (fixture, 0);
  g_assert_cmpint (stats->text_held, ==, 0);
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, g_utf8_strlen (text, -1), "é");
  flush (fixture, 0);

  crash_and_restart (fixture);
  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
  g_assert_true (strcmp (entry->replay->text, expected) == 0);
}

static void
send_text (Fixture    *fixture,
           guint       id,
           const char *text)
{
  TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_TEXT, id);

  message->text = g_strdup (text);
  message->length = strlen (text);
  send (fixture, message);
}

/* A file that does not hold the text read (changed while it was read) is not taken: the text
 * is asked for at the first edit, kept and written whole, and recovery needs no file. */
static void
test_file_base_mismatch (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GArray) asked = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *uri = NULL;
  g_autofree char *text = make_base_file (fixture, "lines.txt", 64 * 1024, FALSE, &uri);
  g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
  g_autoptr(TpRecovery) recovery = NULL;
  TpRecordStats *stats = tp_record_worker_get_stats (fixture->worker);
  TpRecoveryEntry *entry;
  g_autofree char *expected = g_strconcat (text, "!", NULL);

  tp_record_worker_set_text_func (fixture->worker, on_text_needed, asked);
  g_assert_true (g_file_set_contents (path, "something else\n", -1, NULL));
  send_loaded_text (fixture, 1, uri, "UTF-8", text);
  flush (fixture, 0);
  g_assert_cmpuint (asked->len, ==, 0);
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, g_utf8_strlen (text, -1), "!");
  flush (fixture, 0);
  g_assert_cmpuint (asked->len, ==, 1);
  send_text (fixture, 1, expected);
  flush (fixture, 0);
  g_assert_cmpint (stats->text_held, ==, strlen (expected));
  g_assert_cmpint (g_unlink (path), ==, 0);

  crash_and_restart (fixture);
  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
  g_assert_true (strcmp (entry->replay->text, expected) == 0);
}

/* A file changed after the crash: its entry is not offered (the edits were made to what it held
 * then), a sentence says why, and its files stay, whatever is done with the others. */
static void
test_file_base_changed_refused (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autofree char *uri = NULL;
  g_autofree char *text = make_base_file (fixture, "lines.txt", 64 * 1024, FALSE, &uri);
  g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
  g_autofree char *journal = NULL;
  g_autofree char *snapshot = NULL;
  g_autofree char *refusal = NULL;
  g_autoptr(TpRecovery) recovery = NULL;
  g_autoptr(TpRecovery) again = NULL;

  send_loaded_text (fixture, 1, uri, "UTF-8", text);
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "typed");
  send_open (fixture, 2, "other");
  send_kind (fixture, 2, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 2, 0, "other text");
  flush (fixture, 0);
  journal = entry_file (fixture, 1, TP_RECOVERY_JOURNAL_SUFFIX);
  snapshot = entry_file (fixture, 1, TP_RECOVERY_SNAPSHOT_SUFFIX);

  crash_and_restart (fixture);
  g_assert_true (g_file_set_contents (path, "changed by another program\n", -1, NULL));
  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  g_assert_cmpuint (tp_recovery_get_refused (recovery)->len, ==, 1);
  refusal = tp_recovery_entry_dup_refusal (g_ptr_array_index (tp_recovery_get_refused (recovery), 0));
  g_assert_nonnull (strstr (refusal, "lines.txt"));
  g_assert_nonnull (strstr (refusal, path));

  tp_recovery_discard (recovery);
  g_assert_true (g_file_test (journal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (snapshot, G_FILE_TEST_EXISTS));
  again = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (again)->len, ==, 0);
  g_assert_cmpuint (tp_recovery_get_refused (again)->len, ==, 1);
}

static void
on_text_needed (guint    document,
                gpointer user_data)
{
  GArray *asked = user_data;

  g_array_append_val (asked, document);
}

/* Writes over a file where it is, as some programs do (rather than through a new file). */
static void
overwrite_in_place (const char *path,
                    const char *contents)
{
  FILE *file = fopen (path, "r+");

  g_assert_nonnull (file);
  g_assert_cmpint (fputs (contents, file), >=, 0);
  g_assert_cmpint (fclose (file), ==, 0);
}

/* A file replaced by a new one while its document is open (another program saved it): the text
 * is rebuilt from the old file, still held open, and the entry written whole, so that recovery
 * no longer needs the file; nothing is asked of the editor. */
static void
test_file_base_replaced_while_open (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autofree char *uri = NULL;
  g_autofree char *text = make_base_file (fixture, "lines.txt", 64 * 1024, FALSE, &uri);
  g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
  g_autoptr(GArray) asked = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(TpRecovery) recovery = NULL;
  g_autofree char *expected = g_strconcat ("!typed", text, NULL);
  TpRecordStats *stats = tp_record_worker_get_stats (fixture->worker);
  TpRecoveryEntry *entry;

  tp_record_worker_set_text_func (fixture->worker, on_text_needed, asked);
  send_loaded_text (fixture, 1, uri, "UTF-8", text);
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "typed");
  flush (fixture, 0);

  g_assert_true (g_file_set_contents (path, "changed by another program\n", -1, NULL));
  send_kind (fixture, 1, TP_RECORD_MESSAGE_CHECK_BASE);
  send_insert (fixture, 1, 0, "!");
  flush (fixture, 0);
  g_assert_cmpuint (asked->len, ==, 0);
  g_assert_cmpint (stats->text_held, ==, strlen (expected));

  crash_and_restart (fixture);
  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
  g_assert_true (strcmp (entry->replay->text, expected) == 0);
}

/* A save gives the file's name to a new file holding the text: that file becomes the base, with
 * nothing asked of the editor and no copy kept. */
static void
test_file_base_after_save (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *uri = NULL;
  g_autofree char *text = make_base_file (fixture, "lines.txt", 64 * 1024, FALSE, &uri);
  g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
  g_autofree char *saved = g_strconcat ("typed", text, "\n", NULL);
  g_autofree char *expected = g_strconcat ("xtyped", text, NULL);
  g_autoptr(GArray) asked = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(TpRecovery) recovery = NULL;
  TpRecordStats *stats = tp_record_worker_get_stats (fixture->worker);
  TpRecoveryEntry *entry;

  tp_record_worker_set_text_func (fixture->worker, on_text_needed, asked);
  send_loaded_text (fixture, 1, uri, "UTF-8", text);
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "typed");
  flush (fixture, 0);

  g_assert_true (g_file_set_contents (path, saved, -1, NULL));
  send_kind (fixture, 1, TP_RECORD_MESSAGE_UNPROTECT);
  flush (fixture, 0);
  g_assert_cmpuint (asked->len, ==, 0);
  g_assert_cmpint (stats->text_held, ==, 0);

  /* The file the text was read from is gone: only the new one can give it back. */
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "x");
  flush (fixture, 0);
  crash_and_restart (fixture);
  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
  g_assert_true (strcmp (entry->replay->text, expected) == 0);
}

/* Saved under another name: the old file is nobody's to watch any more, and may go; the saved
 * one becomes the base. */
static void
test_file_base_after_save_as (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *uri = NULL;
  g_autofree char *text = make_base_file (fixture, "lines.txt", 64 * 1024, FALSE, &uri);
  g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
  g_autofree char *copy = g_build_filename (fixture->base, "copy.txt", NULL);
  g_autofree char *copy_uri = g_filename_to_uri (copy, NULL, NULL);
  g_autofree char *saved = g_strconcat ("typed", text, "\n", NULL);
  g_autofree char *expected = g_strconcat ("xtyped", text, NULL);
  g_autoptr(GArray) asked = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(TpRecovery) recovery = NULL;
  TpRecoveryEntry *entry;

  tp_record_worker_set_text_func (fixture->worker, on_text_needed, asked);
  send_loaded_text (fixture, 1, uri, "UTF-8", text);
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "typed");
  flush (fixture, 0);

  g_assert_true (g_file_set_contents (copy, saved, -1, NULL));
  send_info_message (fixture, TP_RECORD_MESSAGE_INFO, 1, copy_uri, "UTF-8");
  send_kind (fixture, 1, TP_RECORD_MESSAGE_UNPROTECT);
  flush (fixture, 0);
  g_assert_cmpuint (asked->len, ==, 0);

  /* The edits after the save stand on the new file: the old one may go. */
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "x");
  flush (fixture, 0);
  g_assert_cmpint (g_unlink (path), ==, 0);
  crash_and_restart (fixture);
  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
  g_assert_nonnull (entry->replay);
  g_assert_true (strcmp (entry->replay->text, expected) == 0);
}

/* Before a save writes the file over in place, the entry is made to hold the whole text: a
 * crash in the middle of that write leaves the file half old, half new, and the entry still
 * gives back every edit. */
static void
test_file_base_standalone (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *uri = NULL;
  g_autofree char *text = make_base_file (fixture, "lines.txt", 64 * 1024, FALSE, &uri);
  g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
  g_autofree char *expected = g_strconcat ("typed", text, NULL);
  g_autoptr(GArray) asked = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(TpRecovery) recovery = NULL;
  TpRecoveryEntry *entry;
  int fd;

  tp_record_worker_set_text_func (fixture->worker, on_text_needed, asked);
  send_loaded_text (fixture, 1, uri, "UTF-8", text);
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "typed");
  flush (fixture, 0);
  send_kind (fixture, 1, TP_RECORD_MESSAGE_STANDALONE);
  flush (fixture, 0);
  g_assert_cmpuint (asked->len, ==, 0);

  /* The save begins in place, and the computer stops. */
  fd = g_open (path, O_WRONLY | O_TRUNC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, "typedline 0 of", 14), ==, 14);
  close (fd);
  crash_and_restart (fixture);
  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
  g_assert_nonnull (entry->replay);
  g_assert_true (strcmp (entry->replay->text, expected) == 0);
}

/* A file written over where it is while its document is open: its old text is gone, so it is
 * asked of the editor, and once it comes the entry is written whole. */
static void
test_file_base_changed_while_open (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *uri = NULL;
  g_autofree char *text = make_base_file (fixture, "lines.txt", 64 * 1024, FALSE, &uri);
  g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
  g_autoptr(GArray) asked = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(TpRecovery) recovery = NULL;
  g_autofree char *expected = g_strconcat ("typed", text, NULL);
  TpRecoveryEntry *entry;

  tp_record_worker_set_text_func (fixture->worker, on_text_needed, asked);
  send_loaded_text (fixture, 1, uri, "UTF-8", text);
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "typed");
  flush (fixture, 0);
  g_assert_cmpuint (asked->len, ==, 0);

  overwrite_in_place (path, "changed by another program\n");
  send_kind (fixture, 1, TP_RECORD_MESSAGE_CHECK_BASE);
  g_assert_cmpuint (asked->len, ==, 1);
  g_assert_cmpuint (g_array_index (asked, guint, 0), ==, 1);
  send_text (fixture, 1, expected);
  send_insert (fixture, 1, 0, "!");
  flush (fixture, 0);

  crash_and_restart (fixture);
  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
  g_assert_true (entry->replay->text[0] == '!');
  g_assert_true (strcmp (entry->replay->text + 1, expected) == 0);
}

/* A journal grown past the text's size is replaced by the whole text, rebuilt from the file. */
static void
test_file_base_long_journal (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *uri = NULL;
  g_autofree char *text = make_base_file (fixture, "lines.txt", 16 * 1024, FALSE, &uri);
  g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
  g_autofree char *big = g_strnfill (200 * 1024, 'b');
  g_autoptr(GString) expected = g_string_new (text);
  g_autoptr(TpRecovery) recovery = NULL;
  TpRecordStats *stats = tp_record_worker_get_stats (fixture->worker);
  TpRecoveryEntry *entry;

  send_loaded_text (fixture, 1, uri, "UTF-8", text);
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  for (guint i = 0; i < 8; i++)
    {
      send_insert (fixture, 1, 0, big);
      g_string_prepend (expected, big);
      flush (fixture, 0);
    }
  g_assert_cmpint (stats->text_held, ==, expected->len);
  g_assert_cmpint (g_unlink (path), ==, 0);

  crash_and_restart (fixture);
  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  entry = g_ptr_array_index (tp_recovery_get_entries (recovery), 0);
  g_assert_true (strcmp (entry->replay->text, expected->str) == 0);
}

typedef struct
{
  TpRecorder *recorder;
  const char *text;
  guint       asked;
} TextAnswer;

/* As the record client does: the text, in order with the edits. */
static void
on_recorder_text_needed (TpRecorder *recorder,
                         guint       id,
                         TextAnswer *answer)
{
  TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_TEXT, id);

  answer->asked++;
  message->text = g_strdup (answer->text);
  message->length = strlen (answer->text);
  tp_recorder_push (recorder, message);
}

static void
push_info (TpRecorder          *recorder,
           TpRecordMessageKind  kind,
           guint                id,
           const char          *uri)
{
  TpRecordMessage *message = tp_record_message_new (kind, id);

  message->info.title = g_strdup ("lines.txt");
  message->info.uri = g_strdup (uri);
  message->info.encoding = g_strdup ("UTF-8");
  tp_recorder_push (recorder, message);
}

/* Through the recorder's thread: documents whose file holds what was read keep no text, one
 * whose file does not asks the main thread for it (a signal there), and the text it gets back,
 * with the edits made meanwhile, is what is recorded. */
static void
test_text_asked_across_threads (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(TpRecorder) recorder = tp_recorder_new (fixture->dir);
  g_autofree char *uri = NULL;
  g_autofree char *text = make_base_file (fixture, "lines.txt", 256 * 1024, FALSE, &uri);
  g_autofree char *path = g_filename_from_uri (uri, NULL, NULL);
  g_autofree char *other_uri = NULL;
  g_autofree char *other = make_base_file (fixture, "other.txt", 256 * 1024, FALSE, &other_uri);
  g_autofree char *expected = NULL;
  const TpRecordStats *stats = tp_recorder_get_stats (recorder);
  TextAnswer answer = { recorder, text };
  TpDocumentInfo info = { "lines.txt", NULL, "UTF-8" };
  guint ids[2];
  SyncAnswer synced = { 0 };
  g_autoptr(TpRecovery) recovery = NULL;

  g_signal_connect (recorder, "text-needed", G_CALLBACK (on_recorder_text_needed), &answer);
  /* What the first document is read as differs from its file: its text is asked for. */
  g_assert_true (g_file_set_contents (path, "something else\n", -1, NULL));
  for (guint d = 0; d < 2; d++)
    {
      const char *read = d == 0 ? text : other;
      const char *read_uri = d == 0 ? uri : other_uri;
      guint64 offset = 0;

      ids[d] = tp_recorder_open_document (recorder, &info);
      push_info (recorder, TP_RECORD_MESSAGE_LOADING, ids[d], read_uri);
      for (const char *at = read, *end; *at != '\0'; at = end)
        {
          g_autofree char *piece = NULL;

          end = g_utf8_offset_to_pointer (at, MIN (g_utf8_strlen (at, -1), 4096));
          piece = g_strndup (at, end - at);
          push_insert (recorder, ids[d], offset, piece);
          offset += g_utf8_strlen (piece, -1);
        }
      push_info (recorder, TP_RECORD_MESSAGE_LOADED, ids[d], read_uri);
      tp_recorder_push (recorder, tp_record_message_new (TP_RECORD_MESSAGE_PROTECT, ids[d]));
    }
  while (answer.asked == 0)
    g_main_context_iteration (NULL, TRUE);
  push_insert (recorder, ids[0], 0, "typed");
  push_insert (recorder, ids[1], 0, "typed");
  tp_recorder_sync_async (recorder, 10000, on_synced, &synced);
  wait_for_answers (&synced, 1);
  g_assert_cmpint (synced.result, ==, TP_RECORDER_SYNC_DURABLE);
  g_assert_cmpuint (answer.asked, ==, 1);
  g_assert_cmpint (g_atomic_pointer_get ((gssize *) &stats->text_held), ==, strlen (text) + 5);
  tp_recorder_shutdown (recorder);

  /* Both are kept for the next run; the first needs no file any more. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_clear_object (&recorder);
  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      TpRecoveryEntry *entry = g_ptr_array_index (tp_recovery_get_entries (recovery), i);
      const char *read = g_str_has_prefix (entry->id + strlen (entry->id) - 1, "1") ? text : other;

      expected = g_strconcat ("typed", read, NULL);
      g_assert_true (strcmp (entry->replay->text, expected) == 0);
      g_clear_pointer (&expected, g_free);
    }
}

static void
send_session (Fixture    *fixture,
              const char *text)
{
  TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_SESSION, 0);

  message->text = g_strdup (text);
  message->length = text ? strlen (text) : 0;
  send (fixture, message);
}

static char *
session_path (Fixture *fixture)
{
  return g_build_filename (tp_record_worker_get_session_dir (fixture->worker),
                           TP_RECOVERY_SESSION_NAME, NULL);
}

/* A session keeps the run's folder after the end, entries or not; no session, no folder. */
static void
test_session_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *run = NULL;
  g_autofree char *text = NULL;

  send_session (fixture, "[Session]\nVersion=1\n");
  path = session_path (fixture);
  run = g_strdup (tp_record_worker_get_session_dir (fixture->worker));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_cmpstr (text, ==, "[Session]\nVersion=1\n");
  tp_record_worker_finish (fixture->worker);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  send_session (fixture, NULL);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  tp_record_worker_finish (fixture->worker);
  g_assert_false (g_file_test (run, G_FILE_TEST_EXISTS));
}

/* After KEEP, closing a document leaves its entry, written whole; before it, closing removes it. */
static void
test_keep_entries (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(TpRecovery) recovery = NULL;
  GPtrArray *entries;

  send_open (fixture, 1, "thrown away");
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, "gone");
  send_open (fixture, 2, "kept");
  send_kind (fixture, 2, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 2, 0, "kept for the next start");
  flush (fixture, 0);
  send_kind (fixture, 1, TP_RECORD_MESSAGE_CLOSE);
  send_kind (fixture, 0, TP_RECORD_MESSAGE_KEEP);
  send_insert (fixture, 2, 23, ", all of it");
  send_kind (fixture, 2, TP_RECORD_MESSAGE_CLOSE);
  tp_record_worker_finish (fixture->worker);
  tp_record_worker_free (fixture->worker);
  fixture->worker = tp_record_worker_new (fixture->dir, on_problem, fixture);

  recovery = tp_recovery_open (fixture->dir);
  entries = tp_recovery_get_entries (recovery);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpstr (((TpRecoveryEntry *) g_ptr_array_index (entries, 0))->replay->text, ==,
                   "kept for the next start, all of it");
}

/* A run left with its session and an entry, as a quit to be restored leaves it. */
static char *
leave_session_run (Fixture    *fixture,
                   const char *session,
                   const char *text)
{
  TpRecordWorker *worker = tp_record_worker_new (fixture->dir, NULL, NULL);
  TpRecordWorker *saved = fixture->worker;
  char *run;

  fixture->worker = worker;
  send_open (fixture, 1, "note");
  send_kind (fixture, 1, TP_RECORD_MESSAGE_PROTECT);
  send_insert (fixture, 1, 0, text);
  send_session (fixture, session);
  run = g_path_get_basename (tp_record_worker_get_session_dir (worker));
  send_kind (fixture, 0, TP_RECORD_MESSAGE_KEEP);
  send_kind (fixture, 1, TP_RECORD_MESSAGE_CLOSE);
  tp_record_worker_finish (worker);
  tp_record_worker_free (worker);
  fixture->worker = saved;
  return run;
}

/* The session written last is taken with its own entries; the others' entries stay to be
 * offered, and their sessions can be forgotten. Retiring the session taken removes its run,
 * session file included. */
static void
test_take_session (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *older = leave_session_run (fixture, "[Session]\nVersion=1\n# older\n",
                                              "older text");
  g_autofree char *newer = NULL;
  g_autofree char *newer_path = NULL;
  g_autofree char *older_session = g_build_filename (fixture->dir, older,
                                                     TP_RECOVERY_SESSION_NAME, NULL);
  g_autoptr(TpRecovery) recovery = NULL;
  g_autoptr(TpRecovery) taken = NULL;
  struct utimbuf old_times = { 1000000, 1000000 };
  TpRecoveryEntry *entry;

  g_assert_cmpint (utime (older_session, &old_times), ==, 0);
  newer = leave_session_run (fixture, "[Session]\nVersion=1\n# newer\n", "newer text");
  newer_path = g_build_filename (fixture->dir, newer, NULL);

  recovery = tp_recovery_open (fixture->dir);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 2);
  taken = tp_recovery_take_session (recovery);
  g_assert_nonnull (taken);
  g_assert_cmpstr (tp_recovery_get_session (taken), ==, "[Session]\nVersion=1\n# newer\n");
  entry = tp_recovery_find_entry (taken, 1);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->replay->text, ==, "newer text");
  g_assert_cmpuint (tp_recovery_get_entries (taken)->len, ==, 1);
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
  g_assert_null (tp_recovery_find_entry (taken, 2));

  tp_recovery_forget_sessions (recovery);
  g_assert_false (g_file_test (older_session, G_FILE_TEST_EXISTS));
  g_assert_null (tp_recovery_take_session (recovery));
  tp_recovery_discard (taken);
  g_assert_false (g_file_test (newer_path, G_FILE_TEST_EXISTS));
}

/* A session file that is not text, or too big, is not a session; its entries are still there. */
static void
test_session_not_text (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *run = leave_session_run (fixture, "[Session]\n", "text");
  g_autofree char *path = g_build_filename (fixture->dir, run, TP_RECOVERY_SESSION_NAME, NULL);
  g_autoptr(TpRecovery) recovery = NULL;

  g_assert_true (g_file_set_contents (path, "[Session]\n\xff\xfe", -1, NULL));
  recovery = tp_recovery_open (fixture->dir);
  g_assert_null (tp_recovery_take_session (recovery));
  g_assert_cmpuint (tp_recovery_get_entries (recovery)->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/Recorder/random-edits", test_random_edits);
  ADD ("/Recorder/entry-lifetime", test_entry_lifetime);
  ADD ("/Recorder/recovery-after-crash", test_recovery_after_crash);
  ADD ("/Recorder/damaged-entry-set-aside", test_damaged_entry_set_aside);
  ADD ("/Recorder/disk-full", test_disk_full);
  ADD ("/Recorder/unwritable-folder", test_unwritable_folder);
  ADD ("/Recorder/retire-after-durable", test_retire_after_durable);
  ADD ("/Recorder/retire-discard", test_retire_discard);
  ADD ("/Recorder/retire-pending-at-finish", test_retire_pending_at_finish);
  ADD ("/Recorder/failed-final-flush", test_failed_final_flush);
  ADD ("/Recorder/lockless-run-with-data", test_lockless_run_with_data);
  ADD ("/Recorder/missing-journal-is-damage", test_missing_journal_is_damage);
  ADD ("/Recorder/nothing-worth-recovering", test_nothing_worth_recovering);
  ADD ("/Recorder/keep-some-entries", test_keep_some_entries);
  ADD ("/Recorder/thread-shutdown-with-work-queued", test_thread_shutdown_with_work_queued);
  ADD ("/Recorder/sync-bounded", test_sync_bounded);
  ADD ("/Recorder/file-base", test_file_base);
  ADD ("/Recorder/file-base-encoding", test_file_base_encoding);
  ADD ("/Recorder/file-base-not-regular", test_file_base_not_regular);
  ADD ("/Recorder/file-base-mismatch", test_file_base_mismatch);
  ADD ("/Recorder/file-base-changed-refused", test_file_base_changed_refused);
  ADD ("/Recorder/file-base-replaced-while-open", test_file_base_replaced_while_open);
  ADD ("/Recorder/file-base-changed-while-open", test_file_base_changed_while_open);
  ADD ("/Recorder/file-base-after-save", test_file_base_after_save);
  ADD ("/Recorder/file-base-after-save-as", test_file_base_after_save_as);
  ADD ("/Recorder/file-base-standalone", test_file_base_standalone);
  ADD ("/Recorder/file-base-long-journal", test_file_base_long_journal);
  ADD ("/Recorder/text-asked-across-threads", test_text_asked_across_threads);
  ADD ("/Recorder/session-file", test_session_file);
  ADD ("/Recorder/keep-entries", test_keep_entries);
  ADD ("/Recorder/take-session", test_take_session);
  ADD ("/Recorder/session-not-text", test_session_not_text);
#undef ADD

  return g_test_run ();
}

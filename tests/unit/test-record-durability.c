/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What reaches the disk, and in which order: this test sees every fsync () the recorder makes,
 * and what the folder synced held at that moment. A file whose folder was not synced after the
 * file was created may be gone after a power cut, however often the file itself was synced. */
#define _GNU_SOURCE
#include "config.h"

#include <dlfcn.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "record/tp-record-worker.h"
#include "record/tp-recovery.h"

/* Each fsync () of a folder: "path: name name name". */
static GPtrArray *folder_syncs;

static char *
describe_folder (int fd)
{
  g_autofree char *link = g_strdup_printf ("/proc/self/fd/%d", fd);
  g_autofree char *path = g_file_read_link (link, NULL);
  g_autoptr(GDir) dir = path ? g_dir_open (path, 0, NULL) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  const char *name;

  if (dir == NULL)
    return NULL;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (" ", (char **) names->pdata);
  return g_strdup_printf ("%s: %s", path, joined);
}

/* Takes the place of the C library's, for the code linked into this test. */
int
fsync (int fd)
{
  static int (*real_fsync) (int);
  struct stat info;

  if (real_fsync == NULL)
    real_fsync = (int (*) (int)) dlsym (RTLD_NEXT, "fsync");
  if (folder_syncs != NULL && fstat (fd, &info) == 0 && S_ISDIR (info.st_mode))
    {
      char *description = describe_folder (fd);

      if (description != NULL)
        g_ptr_array_add (folder_syncs, description);
    }
  return real_fsync (fd);
}

/* Whether the folder was synced at a moment when it held the file. */
static gboolean
synced_with (const char *folder,
             const char *name)
{
  g_autofree char *prefix = g_strconcat (folder, ": ", NULL);

  for (guint i = 0; i < folder_syncs->len; i++)
    {
      const char *sync = g_ptr_array_index (folder_syncs, i);
      g_auto(GStrv) names = NULL;

      if (!g_str_has_prefix (sync, prefix))
        continue;
      names = g_strsplit (sync + strlen (prefix), " ", -1);
      if (g_strv_contains ((const char *const *) names, name))
        return TRUE;
    }
  return FALSE;
}

static void
send (TpRecordWorker      *worker,
      TpRecordMessageKind  kind,
      const char          *text)
{
  TpRecordMessage *message = tp_record_message_new (kind, 1);

  if (text != NULL)
    {
      message->text = g_strdup (text);
      message->length = strlen (text);
    }
  tp_record_worker_handle (worker, message);
  tp_record_message_free (message);
}

/* The first snapshot of a document creates its journal too: both names are synced into the
 * folder before the edits count as safe. */
static void
test_new_entry_synced (void)
{
  g_autofree char *base = g_dir_make_tmp ("threadpad-durability-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (base, "recovery", NULL);
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", base);
  TpRecordWorker *worker = tp_record_worker_new (dir, NULL, NULL);
  TpRecordStats *stats = tp_record_worker_get_stats (worker);
  const char *run;

  folder_syncs = g_ptr_array_new_with_free_func (g_free);
  send (worker, TP_RECORD_MESSAGE_OPEN, NULL);
  send (worker, TP_RECORD_MESSAGE_PROTECT, NULL);
  send (worker, TP_RECORD_MESSAGE_INSERT, "typed");
  tp_record_worker_flush (worker, g_get_monotonic_time ());
  g_assert_cmpint (stats->durable_messages, ==, 1);

  run = tp_record_worker_get_session_dir (worker);
  g_assert_true (synced_with (run, "1" TP_RECOVERY_SNAPSHOT_SUFFIX));
  g_assert_true (synced_with (run, "1" TP_RECOVERY_JOURNAL_SUFFIX));
  {
    g_autofree char *name = g_path_get_basename (run);

    g_assert_true (synced_with (dir, name));
  }
  g_clear_pointer (&folder_syncs, g_ptr_array_unref);
  tp_record_worker_free (worker);
  g_assert_cmpint (system (command), ==, 0);
}

/* Damaged files moved aside are synced into damaged/ before their old folder goes. */
static void
test_set_aside_synced (void)
{
  g_autofree char *base = g_dir_make_tmp ("threadpad-durability-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (base, "recovery", NULL);
  g_autofree char *aside = g_build_filename (dir, TP_RECOVERY_DAMAGED_NAME, NULL);
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", base);
  g_autofree char *run = NULL, *run_name = NULL, *journal = NULL, *expected = NULL;
  TpRecordWorker *worker = tp_record_worker_new (dir, NULL, NULL);
  g_autoptr(TpRecovery) recovery = NULL;

  send (worker, TP_RECORD_MESSAGE_OPEN, NULL);
  send (worker, TP_RECORD_MESSAGE_PROTECT, NULL);
  send (worker, TP_RECORD_MESSAGE_INSERT, "typed");
  tp_record_worker_flush (worker, g_get_monotonic_time ());
  run = g_strdup (tp_record_worker_get_session_dir (worker));
  run_name = g_path_get_basename (run);
  tp_record_worker_free (worker);
  journal = g_build_filename (run, "1" TP_RECOVERY_JOURNAL_SUFFIX, NULL);
  g_assert_cmpint (g_unlink (journal), ==, 0);

  folder_syncs = g_ptr_array_new_with_free_func (g_free);
  recovery = tp_recovery_open (dir);
  g_assert_cmpuint (tp_recovery_get_n_damaged (recovery), ==, 1);
  tp_recovery_discard (recovery);
  expected = g_strdup_printf ("%s-1" TP_RECOVERY_SNAPSHOT_SUFFIX, run_name);
  g_assert_true (synced_with (aside, expected));
  g_assert_true (synced_with (dir, TP_RECOVERY_DAMAGED_NAME));
  g_clear_pointer (&folder_syncs, g_ptr_array_unref);
  g_assert_cmpint (system (command), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/RecordDurability/new-entry-synced", test_new_entry_synced);
  g_test_add_func ("/RecordDurability/set-aside-synced", test_set_aside_synced);
  return g_test_run ();
}

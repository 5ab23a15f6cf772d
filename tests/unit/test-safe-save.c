/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include "tp-safe-save.h"
#include "tp-test-dir.h"

#define NOBODY 65534

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("tp-safe-save-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (dir, 0755), ==, 0);
  return dir;
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static ino_t
inode_of (const char *path)
{
  struct stat info;

  g_assert_cmpint (g_stat (path, &info), ==, 0);
  return info.st_ino;
}

/* Saves through GIO as GtkSourceFileSaver does, and says whether the file was replaced by a new
 * one (atomic) or rewritten in place. */
static TpSaveMethod
save_with_gio (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  ino_t before = inode_of (path);

  g_file_replace_contents (file, "new\n", 4, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  return inode_of (path) == before ? TP_SAVE_IN_PLACE_FOLDER_READ_ONLY : TP_SAVE_ATOMIC;
}

static void
assert_prediction (const char   *path,
                   TpSaveMethod  expected)
{
  g_assert_cmpint (tp_safe_save_predict_method (path), ==, expected);
  /* What GIO then does agrees: atomic, or some way of writing in place. */
  g_assert_cmpint (save_with_gio (path) == TP_SAVE_ATOMIC, ==, expected == TP_SAVE_ATOMIC);
}

static void
test_predict_links (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *plain = write_file (dir, "plain.txt", "old\n");
  g_autofree char *target = write_file (dir, "target.txt", "old\n");
  g_autofree char *symlink_path = g_build_filename (dir, "link.txt", NULL);
  g_autofree char *linked = write_file (dir, "linked.txt", "old\n");
  g_autofree char *second_name = g_build_filename (dir, "second-name.txt", NULL);

  g_assert_cmpint (symlink (target, symlink_path), ==, 0);
  g_assert_cmpint (link (linked, second_name), ==, 0);

  assert_prediction (plain, TP_SAVE_ATOMIC);
  assert_prediction (symlink_path, TP_SAVE_IN_PLACE_SYMLINK);
  assert_prediction (linked, TP_SAVE_IN_PLACE_HARD_LINKS);

  /* A file that does not exist yet has nothing to lose. */
  g_autofree char *missing = g_build_filename (dir, "missing.txt", NULL);
  g_assert_cmpint (tp_safe_save_predict_method (missing), ==, TP_SAVE_ATOMIC);
  tp_test_remove_dir (dir);
}

/* Root may write in any folder and give a file to anyone: the checks below are for a
 * person's account, so root gives up those powers first (keeping its uid, so that it can still
 * reach the test's own folders). */
static void
drop_root_powers (void)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[2] = { 0 };
  guint32 powers = (1u << CAP_DAC_OVERRIDE) | (1u << CAP_DAC_READ_SEARCH) | (1u << CAP_CHOWN)
                   | (1u << CAP_FOWNER);

  if (geteuid () != 0)
    return;
  g_assert_cmpint (syscall (SYS_capget, &header, data), ==, 0);
  data[0].effective &= ~powers;
  g_assert_cmpint (syscall (SYS_capset, &header, data), ==, 0);
}

/* A file in a folder that cannot be written to, and someone else's file in a folder that can. */
static void
check_permissions_without_root (const char *dir)
{
  g_autofree char *in_locked = g_build_filename (dir, "locked", "notes.txt", NULL);
  g_autofree char *in_open = g_build_filename (dir, "open", "notes.txt", NULL);

  drop_root_powers ();
  assert_prediction (in_locked, TP_SAVE_IN_PLACE_FOLDER_READ_ONLY);
  if (g_file_test (in_open, G_FILE_TEST_EXISTS))
    assert_prediction (in_open, TP_SAVE_IN_PLACE_OWNER);
}

static void
test_predict_permissions (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *locked = NULL;
  g_autofree char *open = NULL;
  g_autofree char *in_locked = NULL;
  g_autofree char *in_open = NULL;

  if (g_test_subprocess ())
    {
      check_permissions_without_root (g_getenv ("TP_TEST_DIR"));
      return;
    }

  dir = make_dir ();
  locked = g_build_filename (dir, "locked", NULL);
  open = g_build_filename (dir, "open", NULL);
  g_assert_cmpint (g_mkdir (locked, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (open, 0777), ==, 0);
  g_assert_cmpint (g_chmod (open, 0777), ==, 0);
  in_locked = write_file (locked, "notes.txt", "old\n");
  g_assert_cmpint (g_chmod (in_locked, 0666), ==, 0);
  g_assert_cmpint (g_chmod (locked, 0555), ==, 0);
  /* Only root can make a file that belongs to someone else. */
  if (geteuid () == 0)
    {
      in_open = write_file (open, "notes.txt", "old\n");
      g_assert_cmpint (g_chmod (in_open, 0666), ==, 0);
      g_assert_cmpint (chown (in_open, NOBODY, NOBODY), ==, 0);
    }

  g_setenv ("TP_TEST_DIR", dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  tp_test_remove_dir (dir);
  g_test_trap_assert_passed ();
}

static void
test_unencodable (void)
{
  g_autoptr(GString) long_text = g_string_new (NULL);
  gsize offset = 0;

  g_assert_true (tp_safe_save_find_unencodable ("abc 日本", -1 + sizeof "abc 日本", "ISO-8859-15",
                                                &offset));
  g_assert_cmpuint (offset, ==, 4);
  g_assert_false (tp_safe_save_find_unencodable ("½ ¼ ¾ €", strlen ("½ ¼ ¾ €"), "WINDOWS-1252",
                                                 &offset));
  g_assert_false (tp_safe_save_find_unencodable ("日本", strlen ("日本"), "UTF-8", &offset));
  g_assert_false (tp_safe_save_find_unencodable ("日本", strlen ("日本"), "UTF-16", &offset));

  /* Far past the converter's first piece. */
  for (int i = 0; i < 20000; i++)
    g_string_append (long_text, "café ");
  g_string_append (long_text, "→");
  g_assert_true (tp_safe_save_find_unencodable (long_text->str, long_text->len, "ISO-8859-1",
                                                &offset));
  g_assert_cmpuint (offset, ==, long_text->len - strlen ("→"));
}

static void
test_sync (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = write_file (dir, "notes.txt", "text\n");
  g_autofree char *missing = g_build_filename (dir, "missing.txt", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (tp_safe_save_sync (path, &error));
  g_assert_no_error (error);
  g_assert_false (tp_safe_save_sync (missing, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  tp_test_remove_dir (dir);
}

static void
set_mtime (const char *path,
           gint64      seconds_ago)
{
  struct utimbuf times;

  times.actime = times.modtime = g_get_real_time () / G_USEC_PER_SEC - seconds_ago;
  g_assert_cmpint (utime (path, &times), ==, 0);
}

/* Turns the record of a save under way into that of a save by a process that is gone, started
 * some time ago. */
static void
age_record (const char *state_dir,
            gint64      dead_pid)
{
  g_autoptr(GDir) dir = g_dir_open (state_dir, 0, NULL);
  const char *name = g_dir_read_name (dir);
  g_autofree char *record = g_build_filename (state_dir, name, NULL);
  g_autoptr(GKeyFile) keys = g_key_file_new ();

  g_assert_null (g_dir_read_name (dir));
  g_assert_true (g_key_file_load_from_file (keys, record, G_KEY_FILE_NONE, NULL));
  g_key_file_set_int64 (keys, "save", "pid", dead_pid);
  g_key_file_set_int64 (keys, "save", "started", g_get_real_time () / G_USEC_PER_SEC - 100);
  g_assert_true (g_key_file_save_to_file (keys, record, NULL));
}

static gint64
dead_process (void)
{
  GPid pid;
  int status;
  const char *argv[] = { "true", NULL };

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                NULL));
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return pid;
}

static void
test_leftovers (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *path = write_file (dir, "notes.txt", "text\n");
  g_autofree char *older = write_file (dir, ".goutputstream-OLDER1", "someone else's");
  g_autofree char *ours = NULL;
  g_autofree char *busy = NULL;
  g_autofree char *opened = NULL;
  int fd;

  tp_safe_save_begin (state, path);
  /* While the saving process lives, nothing is touched. */
  ours = write_file (dir, ".goutputstream-OURS01", "half a save");
  set_mtime (ours, 50);
  g_assert_cmpuint (tp_safe_save_clean_leftovers (state, path), ==, 0);
  g_assert_true (g_file_test (ours, G_FILE_TEST_EXISTS));

  /* The process died mid-save: its temporary file goes; one older than the save, one still
   * being written, one a program has open and other files stay. */
  age_record (state, dead_process ());
  busy = write_file (dir, ".goutputstream-BUSY01", "another program saving now");
  opened = write_file (dir, ".goutputstream-OPEN01", "another program, slower");
  set_mtime (opened, 50);
  fd = g_open (opened, O_RDONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpuint (tp_safe_save_clean_leftovers (state, path), ==, 1);
  close (fd);
  g_assert_false (g_file_test (ours, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (older, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (busy, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (opened, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  /* The record went with it. */
  g_assert_cmpuint (tp_safe_save_clean_leftovers (state, path), ==, 0);
  tp_test_remove_dir (dir);
}

static void
test_failed_save_leftover (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *state = g_build_filename (dir, "state", NULL);
  g_autofree char *path = write_file (dir, "notes.txt", "text\n");
  g_autofree char *older = write_file (dir, ".goutputstream-OLDER1", "someone else's");
  g_autofree char *ours = NULL;
  g_autoptr(GDir) records = NULL;

  tp_safe_save_begin (state, path);
  ours = write_file (dir, ".goutputstream-OURS01", "a save that failed");
  tp_safe_save_end (state, path, TRUE);
  g_assert_false (g_file_test (ours, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (older, G_FILE_TEST_EXISTS));
  records = g_dir_open (state, 0, NULL);
  g_assert_null (g_dir_read_name (records));
  tp_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/SafeSave/predict-links", test_predict_links);
  g_test_add_func ("/SafeSave/predict-permissions", test_predict_permissions);
  g_test_add_func ("/SafeSave/unencodable", test_unencodable);
  g_test_add_func ("/SafeSave/sync", test_sync);
  g_test_add_func ("/SafeSave/leftovers", test_leftovers);
  g_test_add_func ("/SafeSave/failed-save-leftover", test_failed_save_leftover);
  return g_test_run ();
}

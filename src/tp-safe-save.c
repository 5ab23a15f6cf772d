/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-safe-save"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "tp-safe-save.h"

/* What GIO's local file writer leaves next to a file while it writes the new copy. */
#define LEFTOVER_PREFIX ".goutputstream-"
/* A temporary file written to this recently may belong to a save still in progress. */
#define LEFTOVER_QUIET_SECONDS 10

/* Whether GIO could make its new copy next to the file: it creates a temporary file there, and
 * gives it the file's owner, group and permissions; when any of that fails, it writes the file
 * in place. The same steps are tried here on a file that is removed at once, so that the
 * answer is GIO's own, whatever the permissions, capabilities or free space. */
static TpSaveMethod
try_new_copy (const char        *path,
              const struct stat *original)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *probe = g_build_filename (folder, ".threadpad-save-check-XXXXXX", NULL);
  TpSaveMethod method = TP_SAVE_ATOMIC;
  struct stat copy;
  int fd = g_mkstemp_full (probe, O_WRONLY | O_CLOEXEC, 0600);

  if (fd < 0)
    return errno == ENOSPC || errno == EDQUOT ? TP_SAVE_IN_PLACE_NO_SPACE
                                              : TP_SAVE_IN_PLACE_FOLDER_READ_ONLY;
  if ((fchown (fd, original->st_uid, original->st_gid) != 0
       || fchmod (fd, original->st_mode & ~S_IFMT) != 0)
      && (fstat (fd, &copy) != 0 || copy.st_uid != original->st_uid
          || copy.st_gid != original->st_gid || copy.st_mode != original->st_mode))
    method = TP_SAVE_IN_PLACE_OWNER;
  close (fd);
  g_unlink (probe);
  return method;
}

/* How g_file_replace () will write over path: a temporary file renamed over it, unless the
 * file is a link (symbolic or hard) or no such copy can be made (see try_new_copy). A file that
 * does not exist yet is created in place, but there is nothing to lose then. */
TpSaveMethod
tp_safe_save_predict_method (const char *path)
{
  struct stat info;

  if (g_lstat (path, &info) != 0)
    return TP_SAVE_ATOMIC;
  if (S_ISLNK (info.st_mode))
    return TP_SAVE_IN_PLACE_SYMLINK;
  if (info.st_nlink > 1)
    return TP_SAVE_IN_PLACE_HARD_LINKS;
  return try_new_copy (path, &info);
}

/* Whether text (UTF-8) holds a character that charset cannot represent; if so, *offset is the
 * byte offset of the first one. Converts piece by piece, so a large document needs no second
 * copy. */
gboolean
tp_safe_save_find_unencodable (const char *text,
                               gsize       length,
                               const char *charset,
                               gsize      *offset)
{
  GIConv converter;
  char output[16384];
  char *input = (char *) text;
  gsize input_left = length;
  gboolean found = FALSE;

  if (g_ascii_strcasecmp (charset, "UTF-8") == 0 || g_str_has_prefix (charset, "UTF-16")
      || g_str_has_prefix (charset, "UTF-32"))
    return FALSE;
  converter = g_iconv_open (charset, "UTF-8");
  if (converter == (GIConv) -1)
    return FALSE;

  while (input_left > 0)
    {
      char *out = output;
      gsize out_left = sizeof output;

      if (g_iconv (converter, &input, &input_left, &out, &out_left) == (gsize) -1
          && errno != E2BIG)
        {
          found = TRUE;
          *offset = input - text;
          break;
        }
    }
  g_iconv_close (converter);
  return found;
}

/* The space a file takes now and the space free beside it, in bytes: what a file written in
 * place may grow by before the disk is full halfway through. FALSE when either is unknown. */
gboolean
tp_safe_save_get_space (const char *path,
                        guint64    *size,
                        guint64    *available)
{
  struct stat info;
  struct statvfs disk;

  if (g_stat (path, &info) != 0 || statvfs (path, &disk) != 0)
    return FALSE;
  *size = (guint64) info.st_size;
  *available = (guint64) disk.f_bavail * disk.f_frsize;
  return TRUE;
}

static gboolean
sync_path (const char  *path,
           int          flags,
           GError     **error)
{
  int fd = g_open (path, flags | O_RDONLY | O_CLOEXEC, 0);
  int saved_errno;

  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s",
                   g_strerror (saved_errno));
      return FALSE;
    }
  /* Some file systems cannot sync a folder; their writes are then as durable as they get. */
  if (fsync (fd) != 0 && errno != EINVAL && errno != EROFS)
    {
      saved_errno = errno;
      close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno), "%s",
                   g_strerror (saved_errno));
      return FALSE;
    }
  close (fd);
  return TRUE;
}

/* Makes a file just written durable, and its name in its folder with it: GIO syncs the new
 * copy before renaming it over the old one, but neither a file written in place, nor a new
 * file, nor the folder entry that the rename changed. */
gboolean
tp_safe_save_sync (const char  *path,
                   GError     **error)
{
  g_autofree char *folder = g_path_get_dirname (path);

  return sync_path (path, 0, error) && sync_path (folder, O_DIRECTORY, error);
}

/* ---- leftovers of saves that did not finish ----
 *
 * While a save is under way, a small record in the state folder names the file, the process
 * saving it and the temporary files that were already in its folder. A record whose process
 * is gone belongs to a save cut short (a crash, kill -9, power loss): the temporary files that
 * appeared in that folder since are that save's, and are removed when the file is next opened
 * or saved. Other programs' temporary files, older ones, and ones still being written are left
 * alone. */

/* Where the records of saves under way are kept. */
char *
tp_safe_save_get_default_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "threadpad", "saving", NULL);
}

static char *
record_path (const char *state_dir,
             const char *path)
{
  g_autofree char *name = g_compute_checksum_for_string (G_CHECKSUM_SHA1, path, -1);
  return g_build_filename (state_dir, name, NULL);
}

/* The start time of a process, in clock ticks since boot: with the pid, it names one process
 * even after its pid is reused. 0 when there is no such process. */
static guint64
process_start_time (gint64 pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (stat_path, &contents, NULL, NULL))
    return 0;
  after_name = strrchr (contents, ')');
  if (after_name == NULL)
    return 0;
  fields = g_strsplit (after_name + 2, " ", 0);
  /* Field 22 of the file; the state, field 3, is the first after the name. */
  if (g_strv_length (fields) < 20)
    return 0;
  return g_ascii_strtoull (fields[19], NULL, 10);
}

static GPtrArray *
list_leftovers (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, LEFTOVER_PREFIX))
      g_ptr_array_add (names, g_strdup (name));
  return names;
}

void
tp_safe_save_begin (const char *state_dir,
                    const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *record = record_path (state_dir, path);
  g_autoptr(GPtrArray) existing = list_leftovers (folder);
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize length;

  g_ptr_array_add (existing, NULL);
  g_key_file_set_string (keys, "save", "path", path);
  g_key_file_set_int64 (keys, "save", "pid", getpid ());
  g_key_file_set_uint64 (keys, "save", "process-start", process_start_time (getpid ()));
  g_key_file_set_int64 (keys, "save", "started", g_get_real_time () / G_USEC_PER_SEC);
  g_key_file_set_string_list (keys, "save", "existing",
                              (const char *const *) existing->pdata, existing->len - 1);
  data = g_key_file_to_data (keys, &length, NULL);
  /* Only tidiness depends on this record: a state folder that cannot be written costs no save. */
  if (g_mkdir_with_parents (state_dir, 0700) == 0)
    g_file_set_contents_full (record, data, length,
                              G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600,
                              NULL);
}

/* Whether some process we can see has the file open: another program's save under way. */
static gboolean
is_open_anywhere (const struct stat *file)
{
  g_autoptr(GDir) processes = g_dir_open ("/proc", 0, NULL);
  const char *pid;

  while (processes != NULL && (pid = g_dir_read_name (processes)) != NULL)
    {
      g_autofree char *fd_dir = NULL;
      g_autoptr(GDir) fds = NULL;
      const char *fd;

      if (!g_ascii_isdigit (pid[0]))
        continue;
      fd_dir = g_build_filename ("/proc", pid, "fd", NULL);
      fds = g_dir_open (fd_dir, 0, NULL);
      while (fds != NULL && (fd = g_dir_read_name (fds)) != NULL)
        {
          g_autofree char *link = g_build_filename (fd_dir, fd, NULL);
          struct stat target;

          if (g_stat (link, &target) == 0 && target.st_dev == file->st_dev
              && target.st_ino == file->st_ino)
            return TRUE;
        }
    }
  return FALSE;
}

/* Removes the temporary files that appeared in the folder of the record's file since the
 * record was made, that nobody has written to for a while and that no process has open. */
static guint
remove_new_leftovers (GKeyFile   *keys,
                      const char *path,
                      gint64      quiet_seconds)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_auto(GStrv) existing = g_key_file_get_string_list (keys, "save", "existing", NULL, NULL);
  gint64 started = g_key_file_get_int64 (keys, "save", "started", NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GPtrArray) names = list_leftovers (folder);
  guint removed = 0;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *leftover = g_build_filename (folder, name, NULL);
      struct stat info;

      if (existing != NULL && g_strv_contains ((const char *const *) existing, name))
        continue;
      if (g_lstat (leftover, &info) != 0 || !S_ISREG (info.st_mode) || info.st_uid != geteuid ()
          || info.st_mtime < started - 1 || info.st_mtime > now - quiet_seconds
          || is_open_anywhere (&info))
        continue;
      if (g_unlink (leftover) == 0)
        removed++;
    }
  return removed;
}

static GKeyFile *
read_record (const char *record)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();

  if (!g_key_file_load_from_file (keys, record, G_KEY_FILE_NONE, NULL))
    return NULL;
  return g_steal_pointer (&keys);
}

/* Ends the record of a save; a save that failed may have left its temporary file behind, and
 * that goes too. */
void
tp_safe_save_end (const char *state_dir,
                  const char *path,
                  gboolean    failed)
{
  g_autofree char *record = record_path (state_dir, path);
  g_autoptr(GKeyFile) keys = read_record (record);

  if (keys != NULL && failed)
    remove_new_leftovers (keys, path, 0);
  g_unlink (record);
}

/* Removes what an earlier save of path that did not finish left next to it; returns how many
 * files were removed. A save of path under way in another running editor is left alone. */
guint
tp_safe_save_clean_leftovers (const char *state_dir,
                              const char *path)
{
  g_autofree char *record = record_path (state_dir, path);
  g_autoptr(GKeyFile) keys = read_record (record);
  gint64 pid;
  guint64 start;
  guint removed;

  if (keys == NULL)
    return 0;
  pid = g_key_file_get_int64 (keys, "save", "pid", NULL);
  start = g_key_file_get_uint64 (keys, "save", "process-start", NULL);
  /* A process that is there, or one whose start time could not be read: its save may be
   * under way. */
  if (pid > 0 && (start == 0 || process_start_time (pid) == start))
    return 0;

  removed = remove_new_leftovers (keys, path, LEFTOVER_QUIET_SECONDS);
  g_unlink (record);
  return removed;
}

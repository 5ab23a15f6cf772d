/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-recovery"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tp-record-base.h"
#include "tp-recovery.h"

typedef struct
{
  char   *path;
  char   *name;
  int    lock_fd;
  char   *session;       /* its session file's text, or NULL */
  gint64  session_time;  /* when that was written, µs */
} Run;

struct _TpRecovery
{
  char      *dir;
  GPtrArray *runs;      /* Run: folders of editors that are over, locked by us */
  GPtrArray *entries;   /* TpRecoveryEntry, newest change first */
  /* TpRecoveryEntry whose edits were made to a file that has changed since: not offered, and
   * kept on disk whatever is done with the others. */
  GPtrArray *refused;
  guint      kept_from; /* entries from this one on stay on disk when the rest is discarded */
};

/* A folder without a lock or documents this old is not one that an editor is creating. */
#define ABANDONED_AGE_SEC 60
/* A session file is a list of windows and tabs: one bigger than this is not one of ours. */
#define MAX_SESSION_BYTES (1024 * 1024)

char *
tp_recovery_get_default_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "threadpad", "recovery", NULL);
}

/* Makes sure path is a folder of ours that only we can read: created 0700 if missing, never
 * through a symbolic link. */
gboolean
tp_recovery_ensure_private_dir (const char  *path,
                                GError     **error)
{
  struct stat info;

  if (g_mkdir_with_parents (path, 0700) != 0 && errno != EEXIST)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  if (lstat (path, &info) != 0 || !S_ISDIR (info.st_mode) || info.st_uid != getuid ())
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY,
                   _("%s is not a folder of yours."), path);
      return FALSE;
    }
  if ((info.st_mode & 0077) != 0 && chmod (path, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
tp_recovery_sync_dir (const char  *path,
                      GError     **error)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  int saved;

  if (fd >= 0 && fsync (fd) == 0)
    {
      close (fd);
      return TRUE;
    }
  saved = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
               g_strerror (saved));
  return FALSE;
}

static GBytes *
read_file (const char *path)
{
  int fd = open (path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  g_autoptr(GByteArray) data = NULL;
  guint8 buffer[65536];
  gssize n;

  if (fd < 0)
    return NULL;
  data = g_byte_array_new ();
  while ((n = read (fd, buffer, sizeof buffer)) != 0)
    {
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        break;
      g_byte_array_append (data, buffer, n);
    }
  close (fd);
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

static void
run_free (gpointer data)
{
  Run *run = data;

  if (run->lock_fd >= 0)
    close (run->lock_fd);
  g_free (run->path);
  g_free (run->name);
  g_free (run->session);
  g_free (run);
}

static void
entry_free (gpointer data)
{
  TpRecoveryEntry *entry = data;

  g_free (entry->id);
  g_free (entry->snapshot_path);
  g_free (entry->journal_path);
  tp_replay_free (entry->replay);
  g_free (entry);
}

static GPtrArray *list_documents (const char *path);

/* Removes a folder and the files in it. */
static void
remove_folder (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  if (g_rmdir (path) != 0)
    g_debug ("Could not remove %s: %s", path, g_strerror (errno));
}

/* A folder without a lock is being created by a starting editor (for a moment, before any
 * document is in it), or was left by an editor that could not write its last changes (its
 * documents are offered: a new lock is made for them), or is junk (removed once old). Returns
 * the new lock's descriptor, or -1. */
static int
take_lockless (const char        *path,
               const char        *lock_path,
               const struct stat *info)
{
  g_autoptr(GPtrArray) documents = list_documents (path);

  if (documents->len > 0)
    return open (lock_path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (info->st_mtime < time (NULL) - ABANDONED_AGE_SEC)
    remove_folder (path);
  return -1;
}

/* Returns the run in the folder if its editor is no longer running: then its lock is ours. */
static Run *
claim_run (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *lock_path = g_build_filename (path, TP_RECOVERY_LOCK_NAME, NULL);
  struct stat info;
  Run *run;
  int fd;

  if (lstat (path, &info) != 0 || !S_ISDIR (info.st_mode))
    return NULL;
  fd = open (lock_path, O_RDWR | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    fd = take_lockless (path, lock_path, &info);
  if (fd < 0)
    return NULL;
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      return NULL;
    }

  run = g_new0 (Run, 1);
  run->path = g_steal_pointer (&path);
  run->name = g_strdup (name);
  run->lock_fd = fd;
  return run;
}

static void set_aside (TpRecovery *self, const char *run_name, const char *path);

/* Whether a file holds anything past its magic string. */
static gboolean
holds_records (GBytes *data)
{
  return data != NULL && g_bytes_get_size (data) > TP_JOURNAL_MAGIC_LENGTH;
}

/* An entry with no text is not offered: there is nothing to give back. Its files go, or are
 * kept aside when they hold something that could not be read. */
static void
drop_entry (TpRecovery      *self,
            Run             *run,
            TpRecoveryEntry *entry,
            GBytes          *snapshot,
            GBytes          *journal)
{
  if (entry->replay->damaged && (holds_records (snapshot) || holds_records (journal)))
    {
      set_aside (self, run->name, entry->snapshot_path);
      set_aside (self, run->name, entry->journal_path);
    }
  else
    {
      g_unlink (entry->snapshot_path);
      g_unlink (entry->journal_path);
    }
  entry_free (entry);
}

static void
read_entry (TpRecovery *self,
            Run        *run,
            const char *document)
{
  TpRecoveryEntry *entry = g_new0 (TpRecoveryEntry, 1);
  g_autofree char *snapshot_name = g_strconcat (document, TP_RECOVERY_SNAPSHOT_SUFFIX, NULL);
  g_autofree char *journal_name = g_strconcat (document, TP_RECOVERY_JOURNAL_SUFFIX, NULL);
  g_autoptr(GBytes) snapshot = NULL;
  g_autoptr(GBytes) journal = NULL;

  entry->id = g_strdup_printf ("%s/%s", run->name, document);
  entry->snapshot_path = g_build_filename (run->path, snapshot_name, NULL);
  entry->journal_path = g_build_filename (run->path, journal_name, NULL);
  snapshot = read_file (entry->snapshot_path);
  journal = read_file (entry->journal_path);
  entry->replay = tp_journal_replay_with_base (snapshot, journal, tp_record_base_read);
  if (entry->replay->base_changed)
    g_ptr_array_add (self->refused, entry);
  else if (entry->replay->length == 0)
    drop_entry (self, run, entry, snapshot, journal);
  else
    g_ptr_array_add (self->entries, entry);
}

/* The documents of a run: the names before ".snapshot" or ".journal". */
static GPtrArray *
list_documents (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *documents = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      const char *suffix = strrchr (name, '.');
      char *document;

      if (suffix == NULL || (strcmp (suffix, TP_RECOVERY_SNAPSHOT_SUFFIX) != 0
                             && strcmp (suffix, TP_RECOVERY_JOURNAL_SUFFIX) != 0))
        continue;
      document = g_strndup (name, suffix - name);
      if (!g_hash_table_add (seen, document))
        {
          g_free (document);
          continue;
        }
      g_ptr_array_add (documents, document);
    }
  return documents;
}

static void remove_run (Run *run);

/* The run's session file, if it is text of a sensible size; what it says is checked by whoever
 * reads it. */
static void
read_session (Run *run)
{
  g_autofree char *path = g_build_filename (run->path, TP_RECOVERY_SESSION_NAME, NULL);
  g_autoptr(GBytes) data = NULL;
  struct stat info;
  gsize size;
  const char *text;

  if (lstat (path, &info) != 0 || !S_ISREG (info.st_mode) || info.st_size > MAX_SESSION_BYTES)
    return;
  data = read_file (path);
  if (data == NULL)
    return;
  text = g_bytes_get_data (data, &size);
  if (size == 0 || size > MAX_SESSION_BYTES || !g_utf8_validate_len (text, size, NULL))
    return;
  run->session = g_strndup (text, size);
  run->session_time = (gint64) info.st_mtim.tv_sec * G_USEC_PER_SEC
                      + info.st_mtim.tv_nsec / 1000;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const TpRecoveryEntry *entry_a = *(TpRecoveryEntry **) a;
  const TpRecoveryEntry *entry_b = *(TpRecoveryEntry **) b;
  gint64 time_a = entry_a->replay->last_change;
  gint64 time_b = entry_b->replay->last_change;

  if (time_a != time_b)
    return time_a > time_b ? -1 : 1;
  return strcmp (entry_a->id, entry_b->id);
}

/* The name of the run an entry's id begins with. */
static char *
dup_run_name (const TpRecoveryEntry *entry)
{
  return g_strndup (entry->id, strchr (entry->id, '/') - entry->id);
}

/* Finds the unsaved work of editors that are no longer running. A run that left nothing worth
 * recovering is removed on the way. */
TpRecovery *
tp_recovery_open (const char *dir)
{
  TpRecovery *self = g_new0 (TpRecovery, 1);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  self->dir = g_strdup (dir);
  self->runs = g_ptr_array_new_with_free_func (run_free);
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->refused = g_ptr_array_new_with_free_func (entry_free);

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      Run *run;
      g_autoptr(GPtrArray) documents = NULL;
      guint n_before = self->entries->len + self->refused->len;

      if (strcmp (name, TP_RECOVERY_DAMAGED_NAME) == 0 || (run = claim_run (dir, name)) == NULL)
        continue;
      documents = list_documents (run->path);
      for (guint i = 0; i < documents->len; i++)
        read_entry (self, run, g_ptr_array_index (documents, i));
      read_session (run);
      if (self->entries->len + self->refused->len == n_before && run->session == NULL)
        {
          remove_run (run);
          run_free (run);
          continue;
        }
      g_ptr_array_add (self->runs, run);
    }
  g_ptr_array_sort (self->entries, compare_entries);
  self->kept_from = self->entries->len;
  return self;
}

static gboolean
entry_is_of_run (const TpRecoveryEntry *entry,
                 const Run             *run)
{
  gsize length = strlen (run->name);

  return strncmp (entry->id, run->name, length) == 0 && entry->id[length] == '/';
}

/* Moves the entries of run from one array to the other, keeping their order. */
static void
move_entries (GPtrArray *from,
              GPtrArray *to,
              const Run *run)
{
  for (guint i = 0; i < from->len;)
    if (entry_is_of_run (g_ptr_array_index (from, i), run))
      g_ptr_array_add (to, g_ptr_array_steal_index (from, i));
    else
      i++;
}

/* Takes the run whose session was written last out of self, with its entries, into a recovery
 * of its own (or returns NULL if no run left a session): the session reopens those, and the
 * rest is offered as before. */
TpRecovery *
tp_recovery_take_session (TpRecovery *self)
{
  TpRecovery *taken;
  Run *latest = NULL;
  guint index = 0;

  for (guint i = 0; i < self->runs->len; i++)
    {
      Run *run = g_ptr_array_index (self->runs, i);

      if (run->session != NULL && (latest == NULL || run->session_time > latest->session_time))
        {
          latest = run;
          index = i;
        }
    }
  if (latest == NULL)
    return NULL;
  taken = g_new0 (TpRecovery, 1);
  taken->dir = g_strdup (self->dir);
  taken->runs = g_ptr_array_new_with_free_func (run_free);
  taken->entries = g_ptr_array_new_with_free_func (entry_free);
  taken->refused = g_ptr_array_new_with_free_func (entry_free);
  g_ptr_array_add (taken->runs, g_ptr_array_steal_index (self->runs, index));
  move_entries (self->entries, taken->entries, latest);
  move_entries (self->refused, taken->refused, latest);
  self->kept_from = self->entries->len;
  taken->kept_from = taken->entries->len;
  return taken;
}

/* The text of the session this recovery holds (see tp_recovery_take_session ()), or NULL. */
const char *
tp_recovery_get_session (TpRecovery *self)
{
  for (guint i = 0; i < self->runs->len; i++)
    {
      Run *run = g_ptr_array_index (self->runs, i);

      if (run->session != NULL)
        return run->session;
    }
  return NULL;
}

/* The entry of document number document in the run of the session, or NULL. */
TpRecoveryEntry *
tp_recovery_find_entry (TpRecovery *self,
                        guint       document)
{
  for (guint i = 0; i < self->runs->len; i++)
    {
      Run *run = g_ptr_array_index (self->runs, i);
      g_autofree char *id = g_strdup_printf ("%s/%u", run->name, document);

      if (run->session == NULL)
        continue;
      for (guint j = 0; j < self->entries->len; j++)
        {
          TpRecoveryEntry *entry = g_ptr_array_index (self->entries, j);

          if (strcmp (entry->id, id) == 0)
            return entry;
        }
    }
  return NULL;
}

/* Sessions are not to be restored: their files go, their entries stay to be offered. */
void
tp_recovery_forget_sessions (TpRecovery *self)
{
  for (guint i = 0; i < self->runs->len; i++)
    {
      Run *run = g_ptr_array_index (self->runs, i);
      g_autofree char *path = g_build_filename (run->path, TP_RECOVERY_SESSION_NAME, NULL);

      g_unlink (path);
      g_clear_pointer (&run->session, g_free);
    }
}

/* The entries from first on (the older ones) are kept on disk by tp_recovery_discard (), in
 * their folders, to be offered again. */
void
tp_recovery_keep_from (TpRecovery *self,
                       guint       first)
{
  self->kept_from = MIN (first, self->entries->len);
}

GPtrArray *
tp_recovery_get_entries (TpRecovery *self)
{
  return self->entries;
}

/* The entries that cannot be recovered: their edits were made to a file that has changed since
 * (see tp_recovery_entry_dup_refusal ()). Their files stay where they are. */
GPtrArray *
tp_recovery_get_refused (TpRecovery *self)
{
  return self->refused;
}

const char *
tp_recovery_get_dir (TpRecovery *self)
{
  return self->dir;
}

guint
tp_recovery_get_n_damaged (TpRecovery *self)
{
  guint damaged = 0;

  for (guint i = 0; i < self->entries->len; i++)
    {
      TpRecoveryEntry *entry = g_ptr_array_index (self->entries, i);

      damaged += entry->replay->damaged;
    }
  return damaged;
}

/* Damaged files are kept, in damaged/, for someone who wants to look at them by hand. */
static void
set_aside (TpRecovery *self,
           const char *run_name,
           const char *path)
{
  g_autofree char *aside_dir = g_build_filename (self->dir, TP_RECOVERY_DAMAGED_NAME, NULL);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf ("%s-%s", run_name, basename);
  g_autofree char *target = g_build_filename (aside_dir, name, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return;
  if (tp_recovery_ensure_private_dir (aside_dir, NULL) && g_rename (path, target) == 0)
    {
      g_autoptr(GError) error = NULL;

      /* Before the folder it came from is removed: the file's new name, and damaged/ itself. */
      if (!tp_recovery_sync_dir (aside_dir, &error) || !tp_recovery_sync_dir (self->dir, &error))
        g_warning ("Could not sync %s", error->message);
      return;
    }
  g_warning ("Could not keep the damaged recovery file %s aside: %s", path, g_strerror (errno));
}

static void
remove_run (Run *run)
{
  g_autoptr(GDir) dir = g_dir_open (run->path, 0, NULL);
  g_autofree char *lock_path = g_build_filename (run->path, TP_RECOVERY_LOCK_NAME, NULL);
  const char *name;

  /* The lock goes last, while we still hold it. */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;

      if (strcmp (name, TP_RECOVERY_LOCK_NAME) == 0)
        continue;
      path = g_build_filename (run->path, name, NULL);
      g_unlink (path);
    }
  g_unlink (lock_path);
  if (g_rmdir (run->path) != 0)
    g_warning ("Could not remove %s: %s", run->path, g_strerror (errno));
}

/* Removes the runs' recovery data, but for the entries kept: a run that keeps some loses only
 * the others' files, and keeps its folder and lock file. Damaged files are set aside. */
void
tp_recovery_discard (TpRecovery *self)
{
  g_autoptr(GHashTable) keeping = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* A session is restored once: a run kept for its other entries offers those, and no more. */
  tp_recovery_forget_sessions (self);
  for (guint i = self->kept_from; i < self->entries->len; i++)
    g_hash_table_add (keeping, dup_run_name (g_ptr_array_index (self->entries, i)));
  for (guint i = 0; i < self->refused->len; i++)
    g_hash_table_add (keeping, dup_run_name (g_ptr_array_index (self->refused, i)));
  for (guint i = 0; i < self->kept_from; i++)
    {
      TpRecoveryEntry *entry = g_ptr_array_index (self->entries, i);
      g_autofree char *run_name = dup_run_name (entry);

      if (entry->replay->damaged)
        {
          set_aside (self, run_name, entry->snapshot_path);
          set_aside (self, run_name, entry->journal_path);
        }
      if (g_hash_table_contains (keeping, run_name))
        {
          g_unlink (entry->snapshot_path);
          g_unlink (entry->journal_path);
        }
    }
  for (guint i = 0; i < self->runs->len; i++)
    {
      Run *run = g_ptr_array_index (self->runs, i);

      if (!g_hash_table_contains (keeping, run->name))
        remove_run (run);
    }
  g_ptr_array_set_size (self->runs, 0);
  g_ptr_array_set_size (self->entries, 0);
  g_ptr_array_set_size (self->refused, 0);
  self->kept_from = 0;
}

void
tp_recovery_free (TpRecovery *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->entries);
  g_ptr_array_unref (self->refused);
  g_ptr_array_unref (self->runs);
  g_free (self->dir);
  g_free (self);
}

/* Why a refused entry cannot be recovered, and where its files are, in a sentence. */
char *
tp_recovery_entry_dup_refusal (const TpRecoveryEntry *entry)
{
  g_autofree char *title = tp_recovery_entry_dup_title (entry);
  g_autoptr(GFile) file = g_file_new_for_uri (entry->replay->base->uri);
  g_autofree char *where = g_file_get_parse_name (file);
  g_autofree char *folder = g_path_get_dirname (entry->journal_path);

  return g_strdup_printf (_("The unsaved changes to “%s” cannot be recovered: they were made to "
                            "%s as it was then, and the file has been changed since. They are "
                            "kept in %s."), title, where, folder);
}

/* The document's title, or a name for an untitled one. */
char *
tp_recovery_entry_dup_title (const TpRecoveryEntry *entry)
{
  if (entry->replay->info.title != NULL && entry->replay->info.title[0] != '\0')
    return g_strdup (entry->replay->info.title);
  return g_strdup (_("Untitled Document"));
}

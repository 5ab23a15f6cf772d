/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-file-memory"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tp-file-memory.h"

/* What Threadpad remembers of each file it has shown (see TpTabState), for when it is opened
 * again: in the file's own metadata where the file system keeps metadata (GVfs's metadata
 * daemon), in a key file of Threadpad's own otherwise, one group per file, named by its URI.
 *
 * The main thread owns everything here and does not wait for the disk (but at shutdown, when
 * no window is left): the store is read, and written, on a thread of GIO's pool (GTask), and so
 * is the question of whether a file has metadata; GIO writes the metadata asynchronously. The
 * threads see copies only (a path, the store's text, a GFile); the main thread's part of a
 * write is the store's text (1.2 to 1.9 ms for 1000 files, 196 KB). Writes are coalesced: one a
 * second at most, and one more at shutdown. */

/* Longer than TP_FILE_MEMORY_MAX_FILES entries of any file Threadpad writes. */
#define MAX_STORE_BYTES (8 * 1024 * 1024)
#define WRITE_DELAY_MS 1000
/* At shutdown, how long the last writes may take before they are given up. */
#define SHUTDOWN_WAIT_MS 5000

#define KEY_USED "Used"

#define ATTRIBUTE_CURSOR         "metadata::threadpad-cursor"
#define ATTRIBUTE_LANGUAGE       "metadata::threadpad-language"
#define ATTRIBUTE_SPELL_LANGUAGE "metadata::threadpad-spell-language"
#define ATTRIBUTE_ENCODING       "metadata::threadpad-encoding"
/* GIO matches whole names or a whole namespace ("metadata::*"), not a prefix. */
#define ATTRIBUTES ATTRIBUTE_CURSOR "," ATTRIBUTE_LANGUAGE "," ATTRIBUTE_SPELL_LANGUAGE "," \
                   ATTRIBUTE_ENCODING

typedef enum
{
  BACKEND_UNKNOWN,
  BACKEND_METADATA,
  BACKEND_STORE,
} Backend;

struct _TpFileMemory
{
  GObject     parent_instance;

  char       *store_path;
  /* NULL until it has been read. */
  GKeyFile   *store;
  /* States remembered while the store was being read (EarlyState). */
  GPtrArray  *early;
  /* Lookups waiting for the store to be read. */
  GQueue      waiting;
  /* Where each file's state goes, once known: URI → Backend. */
  GHashTable *backends;
  /* What was remembered in this run, by URI: the answer to a lookup even while it is on its way
   * to the metadata or the store, or when neither could take it. */
  GHashTable *recent;
  gboolean    dirty;
  gboolean    writing;
  /* The store could not be read for a reason other than its absence or damage: it is not
   * written over, and what is remembered lasts until Threadpad quits. */
  gboolean    keep_store;
  gboolean    problem_told;
  gboolean    shutting_down;
  guint       write_source;
  /* Work on threads or in GIO that has not come back: the store's read, probes, metadata. */
  guint       pending;
  /* When the last file was remembered, in µs: each one later than the one before. */
  gint64      last_used;
};

G_DEFINE_FINAL_TYPE (TpFileMemory, tp_file_memory, G_TYPE_OBJECT)

typedef struct
{
  char       *group;
  TpTabState *state;
  gint64      used;
} EarlyState;

static void
early_state_free (EarlyState *early)
{
  g_free (early->group);
  tp_tab_state_free (early->state);
  g_free (early);
}

/* Said once a run at most, whatever happens afterwards: a broken store must not flood the
 * terminal at every file opened or closed. */
static void
tell_problem (TpFileMemory *self,
              const char   *message)
{
  if (self->problem_told || message == NULL)
    return;
  self->problem_told = TRUE;
  g_message ("%s", message);
}

/* A group name for GKeyFile, which takes no brackets or control characters in one. */
static char *
group_for_file (GFile *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  return g_uri_escape_string (uri, "!#$&'()*+,/:;=?@%~", FALSE);
}

/* ---- reading the store, on a thread ---- */

typedef struct
{
  GKeyFile *store;
  gboolean  keep;
  char     *problem;
} ReadResult;

static void
read_result_free (ReadResult *result)
{
  g_clear_pointer (&result->store, g_key_file_unref);
  g_free (result->problem);
  g_free (result);
}

/* A store that cannot be parsed is kept beside, for whoever wants to look at it, and replaced
 * by an empty one. */
static char *
put_damaged_aside (const char *path)
{
  g_autofree char *aside = g_strconcat (path, ".damaged", NULL);
  g_autofree char *name = g_filename_display_name (path);

  if (g_rename (path, aside) != 0)
    return g_strdup_printf (_("What Threadpad remembered of the files it opened, in %s, could "
                              "not be read: it starts afresh."), name);
  return g_strdup_printf (_("What Threadpad remembered of the files it opened, in %s, could not "
                            "be read: it starts afresh, and keeps the damaged file as %s."),
                          name, aside);
}

static void
read_store (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  const char *path = task_data;
  ReadResult *result = g_new0 (ReadResult, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GStatBuf info;

  result->store = g_key_file_new ();
  if (g_stat (path, &info) == 0 && S_ISREG (info.st_mode) && info.st_size > MAX_STORE_BYTES)
    result->problem = put_damaged_aside (path);
  else if (!g_file_get_contents (path, &contents, &length, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          result->keep = TRUE;
          result->problem = g_strdup_printf (_("What Threadpad remembered of the files it "
                                               "opened could not be read (%s). What it "
                                               "remembers now lasts until it quits."),
                                             error->message);
        }
    }
  else if (!g_key_file_load_from_data (result->store, contents, length, G_KEY_FILE_NONE, NULL))
    {
      g_key_file_unref (result->store);
      result->store = g_key_file_new ();
      result->problem = put_damaged_aside (path);
    }
  g_task_return_pointer (task, result, (GDestroyNotify) read_result_free);
}

static void schedule_write (TpFileMemory *self);
static void answer_from_store (TpFileMemory *self, GTask *task);

static void
on_store_read (GObject      *source,
               GAsyncResult *async_result,
               gpointer      user_data)
{
  TpFileMemory *self = TP_FILE_MEMORY (source);
  ReadResult *result = g_task_propagate_pointer (G_TASK (async_result), NULL);
  GTask *task;

  self->pending--;
  self->store = g_steal_pointer (&result->store);
  self->keep_store = result->keep;
  tell_problem (self, result->problem);
  read_result_free (result);

  for (guint i = 0; i < self->early->len; i++)
    {
      EarlyState *early = self->early->pdata[i];

      tp_tab_state_save_to_key_file (early->state, self->store, early->group);
      g_key_file_set_int64 (self->store, early->group, KEY_USED, early->used);
    }
  if (self->early->len > 0)
    schedule_write (self);
  g_ptr_array_set_size (self->early, 0);

  while ((task = g_queue_pop_head (&self->waiting)) != NULL)
    answer_from_store (self, task);
}

static void
start_reading (TpFileMemory *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_store_read, NULL);

  self->pending++;
  g_task_set_source_tag (task, start_reading);
  g_task_set_task_data (task, g_strdup (self->store_path), g_free);
  g_task_run_in_thread (task, read_store);
}

/* ---- writing the store, on a thread ---- */

/* What the writing thread gets: its own copies. */
typedef struct
{
  char   *path;
  GBytes *contents;
} WriteJob;

static void
write_job_free (WriteJob *job)
{
  g_free (job->path);
  g_bytes_unref (job->contents);
  g_free (job);
}

static void
write_store (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  WriteJob *job = task_data;
  const char *path = job->path;
  g_autofree char *folder = g_path_get_dirname (path);
  GError *error = NULL;
  gsize length = 0;
  const char *data = g_bytes_get_data (job->contents, &length);

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_task_return_new_error (task, G_FILE_ERROR, g_file_error_from_errno (saved_errno), "%s",
                               g_strerror (saved_errno));
      return;
    }
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The oldest entries go past TP_FILE_MEMORY_MAX_FILES. */
typedef struct
{
  gint64      used;
  const char *group;
} Use;

static int
compare_uses (gconstpointer a,
              gconstpointer b)
{
  const Use *first = a, *second = b;

  return (first->used > second->used) - (first->used < second->used);
}

static void
forget_oldest (GKeyFile *store)
{
  gsize n_groups = 0;
  g_auto(GStrv) groups = g_key_file_get_groups (store, &n_groups);
  g_autofree Use *uses = NULL;

  if (n_groups <= TP_FILE_MEMORY_MAX_FILES)
    return;
  uses = g_new (Use, n_groups);
  for (gsize i = 0; i < n_groups; i++)
    {
      /* A value that is no number counts as the oldest. */
      uses[i].used = g_key_file_get_int64 (store, groups[i], KEY_USED, NULL);
      uses[i].group = groups[i];
    }
  qsort (uses, n_groups, sizeof *uses, compare_uses);
  for (gsize i = 0; i < n_groups - TP_FILE_MEMORY_MAX_FILES; i++)
    g_key_file_remove_group (store, uses[i].group, NULL);
}

static void start_write (TpFileMemory *self);

static void
on_store_written (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TpFileMemory *self = TP_FILE_MEMORY (source);
  g_autoptr(GError) error = NULL;

  self->writing = FALSE;
  self->pending--;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("What Threadpad remembers of the files it "
                                                    "opened could not be written (%s). It lasts "
                                                    "until Threadpad quits."), error->message);
      tell_problem (self, message);
    }
  if (self->dirty && self->shutting_down)
    start_write (self);
  else if (self->dirty)
    schedule_write (self);
}

static void
start_write (TpFileMemory *self)
{
  g_autoptr(GTask) task = NULL;
  WriteJob *job;
  gsize length = 0;
  char *data;

  g_clear_handle_id (&self->write_source, g_source_remove);
  if (self->writing || self->store == NULL || !self->dirty)
    return;
  self->dirty = FALSE;
  if (self->keep_store)
    return;
  forget_oldest (self->store);
  data = g_key_file_to_data (self->store, &length, NULL);
  job = g_new0 (WriteJob, 1);
  job->path = g_strdup (self->store_path);
  job->contents = g_bytes_new_take (data, length);
  task = g_task_new (self, NULL, on_store_written, NULL);
  g_task_set_source_tag (task, start_write);
  g_task_set_task_data (task, job, (GDestroyNotify) write_job_free);
  self->writing = TRUE;
  self->pending++;
  g_task_run_in_thread (task, write_store);
}

static gboolean
on_write_timeout (gpointer user_data)
{
  TpFileMemory *self = user_data;

  self->write_source = 0;
  start_write (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_write (TpFileMemory *self)
{
  self->dirty = TRUE;
  if (self->shutting_down)
    {
      start_write (self);
      return;
    }
  if (self->write_source == 0 && !self->writing)
    self->write_source = g_timeout_add (WRITE_DELAY_MS, on_write_timeout, self);
}

/* used: when it was remembered (the oldest go first), as tp_file_memory_remember () was
 * called, whatever came before the store could take it. */
static void
remember_in_store (TpFileMemory     *self,
                   GFile            *file,
                   const TpTabState *state,
                   gint64            used)
{
  g_autofree char *group = group_for_file (file);

  if (self->store == NULL)
    {
      EarlyState *early = g_new0 (EarlyState, 1);

      early->group = g_steal_pointer (&group);
      early->state = tp_tab_state_copy (state);
      early->used = used;
      g_ptr_array_add (self->early, early);
      return;
    }
  tp_tab_state_save_to_key_file (state, self->store, group);
  g_key_file_set_int64 (self->store, group, KEY_USED, used);
  schedule_write (self);
}

/* ---- which files have metadata, on a thread ---- */

typedef struct
{
  gboolean   metadata;
  GFileInfo *info;
} Probe;

static void
probe_free (Probe *probe)
{
  g_clear_object (&probe->info);
  g_free (probe);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Probe, probe_free)

/* Asks whether the file system keeps metadata for the file (GVfs's metadata daemon does, for
 * local files too) and, with want_info, what it keeps for Threadpad. Both may wait on D-Bus or
 * the disk: not on the main thread. */
static Probe *
probe (GFile        *file,
       gboolean      want_info,
       GCancellable *cancellable)
{
  Probe *result = g_new0 (Probe, 1);
  g_autoptr(GFileAttributeInfoList) namespaces = NULL;

  namespaces = g_file_query_writable_namespaces (file, cancellable, NULL);
  result->metadata = namespaces != NULL
                     && g_file_attribute_info_list_lookup (namespaces, "metadata") != NULL;
  if (result->metadata && want_info)
    result->info = g_file_query_info (file, ATTRIBUTES, G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  return result;
}

static void
probe_file (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  g_task_return_pointer (task, probe (task_data, FALSE, cancellable),
                         (GDestroyNotify) probe_free);
}

static void
probe_file_and_metadata (GTask        *task,
                         gpointer      source,
                         gpointer      task_data,
                         GCancellable *cancellable)
{
  g_task_return_pointer (task, probe (task_data, TRUE, cancellable),
                         (GDestroyNotify) probe_free);
}

static void
start_probe (TpFileMemory        *self,
             GFile               *file,
             gboolean             want_info,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  self->pending++;
  g_task_set_source_tag (task, start_probe);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, want_info ? probe_file_and_metadata : probe_file);
}

static Backend
backend_of (TpFileMemory *self,
            GFile        *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  return GPOINTER_TO_INT (g_hash_table_lookup (self->backends, uri));
}

static void
set_backend (TpFileMemory *self,
             GFile        *file,
             Backend       backend)
{
  g_hash_table_insert (self->backends, g_file_get_uri (file), GINT_TO_POINTER (backend));
}

/* ---- metadata ---- */

static void
copy_attribute (GFileInfo  *info,
                const char *attribute,
                GKeyFile   *key_file,
                const char *key)
{
  const char *value;

  if (g_file_info_get_attribute_type (info, attribute) != G_FILE_ATTRIBUTE_TYPE_STRING)
    return;
  value = g_file_info_get_attribute_string (info, attribute);
  if (value != NULL && g_utf8_validate (value, -1, NULL))
    g_key_file_set_string (key_file, "metadata", key, value);
}

/* What the metadata says, checked as any key file is (tp_tab_state_load_from_key_file ()); NULL
 * when it says nothing. The cursor is "LINE:COLUMN:FIRST-VISIBLE-LINE". */
static TpTabState *
state_from_metadata (GFileInfo *info)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  const char *cursor;

  if (info == NULL)
    return NULL;
  if (g_file_info_get_attribute_type (info, ATTRIBUTE_CURSOR) == G_FILE_ATTRIBUTE_TYPE_STRING
      && (cursor = g_file_info_get_attribute_string (info, ATTRIBUTE_CURSOR)) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (cursor, ":", 4);
      static const char *const keys[] = { TP_TAB_STATE_KEY_LINE, TP_TAB_STATE_KEY_COLUMN,
                                          TP_TAB_STATE_KEY_TOP_LINE };

      for (guint i = 0; i < G_N_ELEMENTS (keys) && parts[i] != NULL; i++)
        if (g_utf8_validate (parts[i], -1, NULL))
          g_key_file_set_string (key_file, "metadata", keys[i], parts[i]);
    }
  copy_attribute (info, ATTRIBUTE_LANGUAGE, key_file, TP_TAB_STATE_KEY_LANGUAGE);
  copy_attribute (info, ATTRIBUTE_SPELL_LANGUAGE, key_file, TP_TAB_STATE_KEY_SPELL_LANGUAGE);
  copy_attribute (info, ATTRIBUTE_ENCODING, key_file, TP_TAB_STATE_KEY_ENCODING);
  return tp_tab_state_load_from_key_file (key_file, "metadata");
}

static void
set_or_unset (GFileInfo  *info,
              const char *attribute,
              const char *value)
{
  if (value != NULL)
    g_file_info_set_attribute_string (info, attribute, value);
  else
    g_file_info_set_attribute (info, attribute, G_FILE_ATTRIBUTE_TYPE_INVALID, NULL);
}

typedef struct
{
  TpFileMemory *self;
  GFile        *file;
  TpTabState   *state;
  gint64        used;
} MetadataWrite;

static void
metadata_write_free (MetadataWrite *write)
{
  g_object_unref (write->self);
  g_object_unref (write->file);
  tp_tab_state_free (write->state);
  g_free (write);
}

/* A file system that said it keeps metadata may still fail to (the daemon is gone): the store
 * takes the file's state from then on. */
static void
on_metadata_written (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  MetadataWrite *write = user_data;
  TpFileMemory *self = write->self;

  self->pending--;
  if (!g_file_set_attributes_finish (G_FILE (source), result, NULL, NULL))
    {
      set_backend (self, write->file, BACKEND_STORE);
      remember_in_store (self, write->file, write->state, write->used);
    }
  metadata_write_free (write);
}

static void
remember_in_metadata (TpFileMemory     *self,
                      GFile            *file,
                      const TpTabState *state,
                      gint64            used)
{
  g_autoptr(GFileInfo) info = g_file_info_new ();
  g_autofree char *cursor = g_strdup_printf ("%d:%d:%d", state->line,
                                             state->column, state->top_line);
  MetadataWrite *write = g_new0 (MetadataWrite, 1);

  g_file_info_set_attribute_string (info, ATTRIBUTE_CURSOR, cursor);
  set_or_unset (info, ATTRIBUTE_LANGUAGE, state->language);
  set_or_unset (info, ATTRIBUTE_SPELL_LANGUAGE, state->spell_language);
  set_or_unset (info, ATTRIBUTE_ENCODING, state->encoding);
  write->self = g_object_ref (self);
  write->file = g_object_ref (file);
  write->state = tp_tab_state_copy (state);
  write->used = used;
  self->pending++;
  g_file_set_attributes_async (file, info, G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, NULL,
                               on_metadata_written, write);
}

/* ---- looking up ---- */

/* A file is opened only once its lookup has answered: one that takes longer than this (a
 * metadata daemon that does not answer, a store on a stalled network share) answers that
 * nothing is known, and the file opens. */
#define LOOKUP_PATIENCE_MS 500

typedef struct
{
  GFile   *file;
  guint    timeout;
  gboolean answered;
} Lookup;

static void
lookup_free (Lookup *lookup)
{
  g_object_unref (lookup->file);
  g_free (lookup);
}

/* The first answer counts; a late one is dropped. Takes state, not the reference to task. */
static void
answer_lookup (GTask      *task,
               TpTabState *state)
{
  Lookup *lookup = g_task_get_task_data (task);

  if (lookup->answered)
    {
      tp_tab_state_free (state);
      return;
    }
  lookup->answered = TRUE;
  g_clear_handle_id (&lookup->timeout, g_source_remove);
  g_task_return_pointer (task, state, (GDestroyNotify) tp_tab_state_free);
}

static gboolean
on_lookup_timeout (gpointer user_data)
{
  GTask *task = user_data;
  Lookup *lookup = g_task_get_task_data (task);

  lookup->timeout = 0;
  answer_lookup (task, NULL);
  return G_SOURCE_REMOVE;
}

static void
answer_from_store (TpFileMemory *self,
                   GTask        *task)
{
  Lookup *lookup = g_task_get_task_data (task);
  g_autofree char *group = group_for_file (lookup->file);

  answer_lookup (task, tp_tab_state_load_from_key_file (self->store, group));
  g_object_unref (task);
}

/* Takes the reference to task. */
static void
look_in_store (TpFileMemory *self,
               GTask        *task)
{
  if (self->store == NULL)
    g_queue_push_tail (&self->waiting, task);
  else
    answer_from_store (self, task);
}

static void
on_lookup_probed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TpFileMemory *self = TP_FILE_MEMORY (source);
  GTask *task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(Probe) probe = g_task_propagate_pointer (G_TASK (result), NULL);
  TpTabState *state;

  self->pending--;
  /* NULL: cancelled, which says nothing of the file system. */
  if (probe != NULL)
    set_backend (self, lookup->file, probe->metadata ? BACKEND_METADATA : BACKEND_STORE);
  state = probe != NULL ? state_from_metadata (probe->info) : NULL;
  if (state == NULL)
    {
      /* Remembered in the store at a time the metadata was not there, perhaps. */
      look_in_store (self, task);
      return;
    }
  answer_lookup (task, state);
  g_object_unref (task);
}

/* What is remembered of file: a state, or NULL when nothing is (or when cancelled, or when the
 * answer takes longer than LOOKUP_PATIENCE_MS). Never an error: a memory that fails forgets. */
void
tp_file_memory_lookup_async (TpFileMemory        *self,
                             GFile               *file,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autofree char *uri = NULL;
  TpTabState *recent;
  Lookup *lookup;
  GTask *task;

  g_return_if_fail (TP_IS_FILE_MEMORY (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tp_file_memory_lookup_async);
  lookup = g_new0 (Lookup, 1);
  lookup->file = g_object_ref (file);
  g_task_set_task_data (task, lookup, (GDestroyNotify) lookup_free);
  uri = g_file_get_uri (file);
  recent = g_hash_table_lookup (self->recent, uri);
  if (recent != NULL)
    {
      answer_lookup (task, tp_tab_state_copy (recent));
      g_object_unref (task);
      return;
    }
  lookup->timeout = g_timeout_add_full (G_PRIORITY_DEFAULT, LOOKUP_PATIENCE_MS,
                                        on_lookup_timeout, g_object_ref (task), g_object_unref);
  if (backend_of (self, file) == BACKEND_STORE)
    look_in_store (self, task);
  else
    start_probe (self, file, TRUE, cancellable, on_lookup_probed, task);
}

TpTabState *
tp_file_memory_lookup_finish (TpFileMemory *self,
                              GAsyncResult *result)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

/* ---- remembering ---- */

typedef struct
{
  GFile      *file;
  TpTabState *state;
  gint64      used;
} Remember;

static void
remember_free (Remember *remember)
{
  g_object_unref (remember->file);
  tp_tab_state_free (remember->state);
  g_free (remember);
}

static void
remember_in (TpFileMemory     *self,
             GFile            *file,
             const TpTabState *state,
             gint64            used)
{
  if (backend_of (self, file) == BACKEND_METADATA)
    remember_in_metadata (self, file, state, used);
  else
    remember_in_store (self, file, state, used);
}

static void
on_remember_probed (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  TpFileMemory *self = TP_FILE_MEMORY (source);
  Remember *remember = user_data;
  g_autoptr(Probe) probe = g_task_propagate_pointer (G_TASK (result), NULL);

  self->pending--;
  set_backend (self, remember->file,
               probe != NULL && probe->metadata ? BACKEND_METADATA : BACKEND_STORE);
  remember_in (self, remember->file, remember->state, remember->used);
  remember_free (remember);
}

/* Keeps state for file, for the next time it is opened. Written soon, not at once. */
void
tp_file_memory_remember (TpFileMemory     *self,
                         GFile            *file,
                         const TpTabState *state)
{
  Remember *remember;
  gint64 used;

  g_return_if_fail (TP_IS_FILE_MEMORY (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (state != NULL);

  /* Bounded as the store is; past that, the backends answer. */
  if (g_hash_table_size (self->recent) >= TP_FILE_MEMORY_MAX_FILES)
    g_hash_table_remove_all (self->recent);
  g_hash_table_insert (self->recent, g_file_get_uri (file), tp_tab_state_copy (state));
  used = self->last_used = MAX (g_get_real_time (), self->last_used + 1);
  if (backend_of (self, file) != BACKEND_UNKNOWN)
    {
      remember_in (self, file, state, used);
      return;
    }
  remember = g_new0 (Remember, 1);
  remember->file = g_object_ref (file);
  remember->state = tp_tab_state_copy (state);
  remember->used = used;
  start_probe (self, file, FALSE, NULL, on_remember_probed, remember);
}

static gboolean
on_shutdown_timeout (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Writes what is left to write, and waits for it (a few milliseconds; SHUTDOWN_WAIT_MS at
 * most, for a disk or a daemon that does not answer). For the application's shutdown, when no
 * window is left to wait. */
void
tp_file_memory_shutdown (TpFileMemory *self)
{
  gboolean timed_out = FALSE;
  guint timeout;

  g_return_if_fail (TP_IS_FILE_MEMORY (self));

  self->shutting_down = TRUE;
  start_write (self);
  timeout = g_timeout_add (SHUTDOWN_WAIT_MS, on_shutdown_timeout, &timed_out);
  while ((self->pending > 0 || self->dirty) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
}

/* $XDG_STATE_HOME/threadpad/file-memory */
char *
tp_file_memory_get_default_path (void)
{
  return g_build_filename (g_get_user_state_dir (), "threadpad", "file-memory", NULL);
}

static void
tp_file_memory_finalize (GObject *object)
{
  TpFileMemory *self = TP_FILE_MEMORY (object);

  g_clear_handle_id (&self->write_source, g_source_remove);
  g_clear_pointer (&self->store, g_key_file_unref);
  g_clear_pointer (&self->early, g_ptr_array_unref);
  g_clear_pointer (&self->backends, g_hash_table_unref);
  g_clear_pointer (&self->recent, g_hash_table_unref);
  g_free (self->store_path);

  G_OBJECT_CLASS (tp_file_memory_parent_class)->finalize (object);
}

static void
tp_file_memory_class_init (TpFileMemoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tp_file_memory_finalize;
}

static void
tp_file_memory_init (TpFileMemory *self)
{
  g_queue_init (&self->waiting);
  self->early = g_ptr_array_new_with_free_func ((GDestroyNotify) early_state_free);
  self->backends = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->recent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) tp_tab_state_free);
}

/* A memory whose store is the key file at store_path, read from now on. */
TpFileMemory *
tp_file_memory_new (const char *store_path)
{
  TpFileMemory *self;

  g_return_val_if_fail (store_path != NULL, NULL);

  self = g_object_new (TP_TYPE_FILE_MEMORY, NULL);
  self->store_path = g_strdup (store_path);
  start_reading (self);
  return self;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-record-worker"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tp-record-base.h"
#include "tp-record-worker.h"
#include "tp-recovery.h"

/* Edits reach the kernel as soon as the queue is drained; they are made durable in groups: the
 * first write after a sync waits at most this long for its fdatasync (). */
#define SYNC_DELAY_USEC      (250 * G_TIME_SPAN_MILLISECOND)
/* A document whose files could not be written is tried again this often. */
#define RETRY_DELAY_USEC     (2 * G_TIME_SPAN_SECOND)
/* A fresh snapshot replaces the journal when the journal outgrows both of these… */
#define SNAPSHOT_MIN_JOURNAL (1024 * 1024)
/* The last bytes appended while a file is read are held back from its checksum: the loader
 * takes the file's final line end away once it is in. */
#define LOAD_TAIL_MAX 8
/* …or when it holds records and the last snapshot is this old (but for a document whose text
 * is its file's: its journal holds only edits, whatever their age). */
#define SNAPSHOT_MAX_AGE_USEC (10 * G_TIME_SPAN_MINUTE)

typedef struct
{
  guint           id;
  TpShadowText   *shadow;
  /* While the text is what the document's file held when it was read (base), no shadow is kept
   * (NULL): since_base holds every record after base_sequence, as the entry's journal does,
   * and the shadow is rebuilt from the file and them only when the whole text must be written.
   * The file stays open (base_fd): a save or another program that gives its name to a new file
   * leaves the text readable there. A file changed where it is makes the text asked for again
   * (text_requested). */
  TpBaseInfo     *base;
  int             base_fd;
  guint64         base_sequence;
  GByteArray     *since_base;
  guint64         char_count;       /* while there is no shadow */
  gboolean        text_requested;
  /* While its file is read: the checksum of the text appended since the text was empty (NULL if
   * it was edited otherwise), its length, and whether it starts with a byte order mark. A
   * document that is empty when reading begins keeps no shadow: its file, once checked against
   * the checksum, is the base. */
  gboolean        loading;
  GChecksum      *load_checksum;
  gsize           load_length;
  gboolean        load_bom;
  char            load_tail[LOAD_TAIL_MAX];
  gsize           load_tail_length;
  TpDocumentInfo  info;
  guint64         sequence;
  guint64         cursor;           /* an edit leaves it at its end; replay knows that */
  gint64          last_change;

  gboolean        protect;          /* it has unsaved changes: keep its entry on disk */
  gboolean        on_disk;          /* its entry's files are current up to the journal */
  gboolean        failing;          /* the last write failed: rewrite it all when retrying */
  int             journal_fd;
  GByteArray     *pending;          /* records not yet written */
  gssize          pending_messages;
  gsize           journal_bytes;
  gint64          snapshot_time;
  gint64          unsynced_since;   /* 0 when everything written is durable */
  gssize          unsynced_messages;
} Document;

struct _TpRecordWorker
{
  char                *recovery_dir;
  char                *session_dir;     /* NULL until the first entry is written */
  int                  lock_fd;
  GHashTable          *documents;       /* id → Document */
  TpRecordProblemFunc  problem_func;
  gpointer             problem_data;
  TpRecordTextFunc     text_func;
  gpointer             text_data;
  char                *problem;
  gint64               retry_at;
  TpRecordStats        stats;
  /* TpRecovery: old recovery data, removed once everything handled before is durable. */
  GPtrArray           *retiring;
  gboolean             has_session;     /* the run's folder holds a session file */
  gboolean             keeping;         /* KEEP came: closing a document keeps its entry */
  int                  injected_errno;  /* atomic; for tests: fail every write with it */
  /* For tests: writes wait while stalled, as on a disk that does not answer. */
  GMutex               stall_lock;
  GCond                stall_cond;
  int                  stalled;         /* atomic; waited for under stall_lock */
};

TpRecordMessage *
tp_record_message_new (TpRecordMessageKind kind,
                       guint               document)
{
  TpRecordMessage *message = g_new0 (TpRecordMessage, 1);

  message->kind = kind;
  message->document = document;
  message->time = g_get_real_time ();
  return message;
}

void
tp_record_message_free (TpRecordMessage *message)
{
  g_free (message->text);
  tp_document_info_clear (&message->info);
  g_clear_pointer ((TpRecovery **) &message->retire, tp_recovery_free);
  if (message->synced_destroy != NULL)
    message->synced_destroy (message->synced_data);
  g_free (message);
}

static void
document_close_journal (Document *doc)
{
  if (doc->journal_fd >= 0)
    close (doc->journal_fd);
  doc->journal_fd = -1;
}

static void
drop_base (Document *doc)
{
  if (doc->base != NULL)
    tp_base_info_clear (doc->base);
  g_clear_pointer (&doc->base, g_free);
  if (doc->base_fd >= 0)
    close (doc->base_fd);
  doc->base_fd = -1;
  g_byte_array_set_size (doc->since_base, 0);
  doc->text_requested = FALSE;
}

static void
document_free (gpointer data)
{
  Document *doc = data;

  document_close_journal (doc);
  drop_base (doc);
  g_clear_pointer (&doc->load_checksum, g_checksum_free);
  g_byte_array_unref (doc->since_base);
  tp_shadow_text_free (doc->shadow);
  tp_document_info_clear (&doc->info);
  g_byte_array_unref (doc->pending);
  g_free (doc);
}

TpRecordWorker *
tp_record_worker_new (const char          *recovery_dir,
                      TpRecordProblemFunc  problem_func,
                      gpointer             user_data)
{
  TpRecordWorker *self = g_new0 (TpRecordWorker, 1);

  self->recovery_dir = g_strdup (recovery_dir);
  self->lock_fd = -1;
  self->documents = g_hash_table_new_full (NULL, NULL, NULL, document_free);
  self->problem_func = problem_func;
  self->problem_data = user_data;
  self->retiring = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_recovery_free);
  g_mutex_init (&self->stall_lock);
  g_cond_init (&self->stall_cond);
  return self;
}

/* Where to ask for a document's text when its file no longer holds it. */
void
tp_record_worker_set_text_func (TpRecordWorker   *self,
                                TpRecordTextFunc  text_func,
                                gpointer          user_data)
{
  self->text_func = text_func;
  self->text_data = user_data;
}

TpRecordStats *
tp_record_worker_get_stats (TpRecordWorker *self)
{
  return &self->stats;
}

const char *
tp_record_worker_get_session_dir (TpRecordWorker *self)
{
  return self->session_dir;
}

void
tp_record_worker_inject_error (TpRecordWorker *self,
                               int             errnum)
{
  g_atomic_int_set (&self->injected_errno, errnum);
}

void
tp_record_worker_inject_stall (TpRecordWorker *self,
                               gboolean        stall)
{
  g_mutex_lock (&self->stall_lock);
  g_atomic_int_set (&self->stalled, stall);
  g_cond_broadcast (&self->stall_cond);
  g_mutex_unlock (&self->stall_lock);
}

/* Files */

static gboolean
write_all (TpRecordWorker  *self,
           int              fd,
           const guint8    *data,
           gsize            length,
           GError         **error)
{
  int injected;

  g_mutex_lock (&self->stall_lock);
  while (g_atomic_int_get (&self->stalled))
    g_cond_wait (&self->stall_cond, &self->stall_lock);
  g_mutex_unlock (&self->stall_lock);

  injected = g_atomic_int_get (&self->injected_errno);

  if (injected != 0)
    {
      g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (injected),
                           g_strerror (injected));
      return FALSE;
    }
  while (length > 0)
    {
      gssize written = write (fd, data, length);

      if (written < 0 && errno == EINTR)
        continue;
      if (written < 0)
        {
          int saved = errno;

          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved),
                               g_strerror (saved));
          return FALSE;
        }
      data += written;
      length -= written;
      g_atomic_pointer_add (&self->stats.bytes_written, written);
    }
  return TRUE;
}

static gboolean
set_errno_error (GError     **error,
                 const char  *path)
{
  int saved = errno;

  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "%s: %s", path,
               g_strerror (saved));
  return FALSE;
}

/* Creates this run's folder inside the recovery folder, and holds its lock while the editor
 * runs: a folder whose lock can be taken belongs to a run that is over. */
static gboolean
ensure_session (TpRecordWorker  *self,
                GError         **error)
{
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *lock_path = NULL;

  if (self->session_dir != NULL)
    return TRUE;
  if (!tp_recovery_ensure_private_dir (self->recovery_dir, error))
    return FALSE;

  name = g_strdup_printf ("%d-%08x", (int) getpid (), g_random_int ());
  dir = g_build_filename (self->recovery_dir, name, NULL);
  if (g_mkdir (dir, 0700) != 0)
    return set_errno_error (error, dir);

  lock_path = g_build_filename (dir, TP_RECOVERY_LOCK_NAME, NULL);
  self->lock_fd = open (lock_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (self->lock_fd < 0 || flock (self->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      set_errno_error (error, lock_path);
      if (self->lock_fd >= 0)
        close (self->lock_fd);
      self->lock_fd = -1;
      g_rmdir (dir);
      return FALSE;
    }
  if (!tp_recovery_sync_dir (self->recovery_dir, error))
    return FALSE;
  self->session_dir = g_steal_pointer (&dir);
  return TRUE;
}

static char *
document_path (TpRecordWorker *self,
               Document       *doc,
               const char     *suffix)
{
  g_autofree char *name = g_strdup_printf ("%u%s", doc->id, suffix);

  return g_build_filename (self->session_dir, name, NULL);
}

static gboolean replace_file (TpRecordWorker  *self,
                              const char      *path,
                              GByteArray      *data,
                              GError         **error);

static gboolean
write_snapshot_file (TpRecordWorker  *self,
                     Document        *doc,
                     GError         **error)
{
  g_autoptr(GByteArray) data = g_byte_array_new ();
  g_autofree char *path = document_path (self, doc, TP_RECOVERY_SNAPSHOT_SUFFIX);
  gsize length;

  g_byte_array_append (data, (const guint8 *) TP_SNAPSHOT_MAGIC, TP_JOURNAL_MAGIC_LENGTH);
  if (doc->base != NULL)
    {
      tp_journal_append_info (data, doc->base_sequence, doc->last_change, &doc->info);
      tp_journal_append_base (data, doc->base_sequence, doc->last_change, doc->base);
    }
  else
    {
      const char *text = tp_shadow_text_get (doc->shadow, &length);

      tp_journal_append_info (data, doc->sequence, doc->last_change, &doc->info);
      tp_journal_append_record (data, TP_RECORD_TEXT, doc->sequence, doc->last_change, text,
                                length);
      tp_journal_append_cursor (data, doc->sequence, doc->last_change, doc->cursor);
    }
  return replace_file (self, path, data, error);
}

/* Writes data to path through a temporary file, synced, then renamed over it. */
static gboolean
replace_file (TpRecordWorker  *self,
              const char      *path,
              GByteArray      *data,
              GError         **error)
{
  g_autofree char *temporary = g_strconcat (path, ".tmp", NULL);
  gboolean ok;
  int fd;

  fd = open (temporary, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_errno_error (error, temporary);
  ok = write_all (self, fd, data->data, data->len, error)
       && (fdatasync (fd) == 0 || set_errno_error (error, temporary));
  close (fd);
  if (ok && g_rename (temporary, path) != 0)
    ok = set_errno_error (error, path);
  if (!ok)
    g_unlink (temporary);
  return ok;
}

/* Opens the entry's journal for appending, creating it with its magic string if it is not
 * there yet: a snapshot is never on disk without its journal. */
static gboolean
open_journal (TpRecordWorker  *self,
              Document        *doc,
              GError         **error)
{
  g_autofree char *path = document_path (self, doc, TP_RECOVERY_JOURNAL_SUFFIX);
  struct stat info;

  document_close_journal (doc);
  doc->journal_fd = open (path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (doc->journal_fd < 0 || fstat (doc->journal_fd, &info) != 0)
    return set_errno_error (error, path);
  if (info.st_size == 0)
    return write_all (self, doc->journal_fd, (const guint8 *) TP_JOURNAL_MAGIC,
                      TP_JOURNAL_MAGIC_LENGTH, error);
  return TRUE;
}

/* Empties the journal: its records are in the snapshot now. */
static gboolean
reset_journal (TpRecordWorker  *self,
               Document        *doc,
               GError         **error)
{
  if (ftruncate (doc->journal_fd, 0) != 0)
    {
      g_autofree char *path = document_path (self, doc, TP_RECOVERY_JOURNAL_SUFFIX);

      return set_errno_error (error, path);
    }
  return write_all (self, doc->journal_fd, (const guint8 *) TP_JOURNAL_MAGIC,
                    TP_JOURNAL_MAGIC_LENGTH, error);
}

/* The journal of a document whose text is its file's: every record since the file was read,
 * replacing the old journal only once it is whole on disk. */
static gboolean
write_base_journal (TpRecordWorker  *self,
                    Document        *doc,
                    GError         **error)
{
  g_autofree char *path = document_path (self, doc, TP_RECOVERY_JOURNAL_SUFFIX);
  g_autoptr(GByteArray) data = g_byte_array_sized_new (TP_JOURNAL_MAGIC_LENGTH
                                                       + doc->since_base->len);

  document_close_journal (doc);
  g_byte_array_append (data, (const guint8 *) TP_JOURNAL_MAGIC, TP_JOURNAL_MAGIC_LENGTH);
  g_byte_array_append (data, doc->since_base->data, doc->since_base->len);
  return replace_file (self, path, data, error) && open_journal (self, doc, error);
}

/* Replaces the entry's files with a snapshot of the shadow and an empty journal, or for a text
 * that is its file's, with the file's description and every edit since. A journal is emptied
 * or replaced only once the snapshot has replaced the old one; the folder is synced last, so
 * that both names are on disk before the edits count as safe. */
static gboolean
write_snapshot (TpRecordWorker  *self,
                Document        *doc,
                gint64           now,
                GError         **error)
{
  if (!ensure_session (self, error))
    return FALSE;
  if (doc->base != NULL
      ? !write_snapshot_file (self, doc, error) || !write_base_journal (self, doc, error)
      : !open_journal (self, doc, error) || !write_snapshot_file (self, doc, error)
        || !reset_journal (self, doc, error))
    return FALSE;
  if (!tp_recovery_sync_dir (self->session_dir, error))
    return FALSE;

  g_atomic_pointer_add (&self->stats.snapshots, 1);
  g_byte_array_set_size (doc->pending, 0);
  doc->journal_bytes = TP_JOURNAL_MAGIC_LENGTH + (doc->base ? doc->since_base->len : 0);
  doc->snapshot_time = now;
  /* The snapshot itself was synced. */
  g_atomic_pointer_add (&self->stats.durable_messages,
                        doc->pending_messages + doc->unsynced_messages);
  doc->pending_messages = 0;
  doc->unsynced_messages = 0;
  doc->unsynced_since = 0;
  return TRUE;
}

static void
remove_entry (TpRecordWorker *self,
              Document       *doc)
{
  g_autofree char *snapshot = NULL;
  g_autofree char *journal = NULL;

  document_close_journal (doc);
  g_byte_array_set_size (doc->pending, 0);
  g_atomic_pointer_add (&self->stats.durable_messages,
                        doc->pending_messages + doc->unsynced_messages);
  doc->pending_messages = 0;
  doc->unsynced_messages = 0;
  doc->unsynced_since = 0;
  doc->on_disk = FALSE;
  doc->failing = FALSE;
  if (self->session_dir == NULL)
    return;
  snapshot = document_path (self, doc, TP_RECOVERY_SNAPSHOT_SUFFIX);
  journal = document_path (self, doc, TP_RECOVERY_JOURNAL_SUFFIX);
  /* The snapshot first: a snapshot without its journal would look damaged. */
  g_unlink (snapshot);
  g_unlink (journal);
}

/* Problems */

static void
set_problem (TpRecordWorker *self,
             const char     *problem)
{
  if (g_strcmp0 (problem, self->problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  if (self->problem_func != NULL)
    self->problem_func (problem, self->problem_data);
}

/* Always returns FALSE, for the caller to return. */
static gboolean
report_failure (TpRecordWorker *self,
                Document       *doc,
                GError         *error,
                gint64          now)
{
  g_autofree char *problem = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    problem = g_strdup (_("The disk is full."));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED)
           || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
    problem = g_strdup_printf (_("The folder %s cannot be written to."), self->recovery_dir);
  else
    problem = g_strdup (error->message);

  g_debug ("document %u: %s", doc->id, error->message);
  doc->failing = TRUE;
  doc->on_disk = FALSE;
  document_close_journal (doc);
  self->retry_at = now + RETRY_DELAY_USEC;
  set_problem (self, problem);
  return FALSE;
}

/* Messages */

static Document *
lookup (TpRecordWorker *self,
        guint           id)
{
  return g_hash_table_lookup (self->documents, GUINT_TO_POINTER (id));
}

static void
append_message (GByteArray      *out,
                Document        *doc,
                TpRecordMessage *message)
{
  switch (message->kind)
    {
    case TP_RECORD_MESSAGE_INSERT:
      tp_journal_append_insert (out, doc->sequence, message->time, message->offset,
                                message->text, message->length);
      break;
    case TP_RECORD_MESSAGE_DELETE:
      tp_journal_append_delete (out, doc->sequence, message->time, message->offset,
                                message->count);
      break;
    case TP_RECORD_MESSAGE_INFO:
      tp_journal_append_info (out, doc->sequence, message->time, &doc->info);
      break;
    case TP_RECORD_MESSAGE_CURSOR:
      tp_journal_append_cursor (out, doc->sequence, message->time, message->offset);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Only an entry that is on disk needs journal records: one that is not yet (or no longer, after
 * a failed write) gets a snapshot of the whole shadow instead. A text that is its file's keeps
 * them all since the file was read. */
static void
append_pending (Document        *doc,
                TpRecordMessage *message)
{
  if (doc->on_disk)
    append_message (doc->pending, doc, message);
  if (doc->base != NULL)
    append_message (doc->since_base, doc, message);
}

/* Whether a record is kept for the message that does not change the text. */
static gboolean
keeps_records (Document *doc)
{
  return doc->on_disk || doc->base != NULL;
}

/* An edit to a text that is its file's: only its length is known here. */
static gboolean
edit_base_text (Document        *doc,
                TpRecordMessage *message)
{
  if (message->offset > doc->char_count)
    return FALSE;
  if (message->kind == TP_RECORD_MESSAGE_INSERT)
    {
      if (!g_utf8_validate_len (message->text, message->length, NULL))
        return FALSE;
      doc->char_count += g_utf8_strlen (message->text, message->length);
      return TRUE;
    }
  if (message->count > doc->char_count - message->offset)
    return FALSE;
  doc->char_count -= message->count;
  return TRUE;
}

static guint64
char_count (Document *doc)
{
  return doc->shadow ? tp_shadow_text_get_char_count (doc->shadow) : doc->char_count;
}

static void
start_load_checksum (Document *doc)
{
  g_clear_pointer (&doc->load_checksum, g_checksum_free);
  doc->load_checksum = g_checksum_new (G_CHECKSUM_SHA256);
  doc->load_length = 0;
  doc->load_bom = FALSE;
  doc->load_tail_length = 0;
}

/* Appends to the text read: all but the last LOAD_TAIL_MAX bytes go into the checksum. */
static void
hold_loaded_bytes (Document   *doc,
                   const char *text,
                   gsize       length)
{
  gsize total = doc->load_tail_length + length;
  gsize out, from_tail;
  char tail[LOAD_TAIL_MAX];

  doc->load_length += length;
  if (total <= LOAD_TAIL_MAX)
    {
      memcpy (doc->load_tail + doc->load_tail_length, text, length);
      doc->load_tail_length = total;
      return;
    }
  out = total - LOAD_TAIL_MAX;
  from_tail = MIN (out, doc->load_tail_length);
  g_checksum_update (doc->load_checksum, (const guchar *) doc->load_tail, from_tail);
  g_checksum_update (doc->load_checksum, (const guchar *) text, out - from_tail);
  memcpy (tail, doc->load_tail + from_tail, doc->load_tail_length - from_tail);
  memcpy (tail + doc->load_tail_length - from_tail, text + out - from_tail,
          length - (out - from_tail));
  memcpy (doc->load_tail, tail, LOAD_TAIL_MAX);
  doc->load_tail_length = LOAD_TAIL_MAX;
}

/* Takes count characters off the end of the text read; FALSE if they are not all held back. */
static gboolean
drop_loaded_chars (Document *doc,
                   guint64   count)
{
  const char *end = doc->load_tail + doc->load_tail_length;

  for (guint64 i = 0; i < count; i++)
    if (end == doc->load_tail
        || (end = g_utf8_find_prev_char (doc->load_tail, end)) == NULL)
      return FALSE;
  doc->load_length -= doc->load_tail + doc->load_tail_length - end;
  doc->load_tail_length = end - doc->load_tail;
  return TRUE;
}

/* The checksum of the whole text read. */
static char *
dup_load_checksum (Document *doc)
{
  g_autoptr(GChecksum) checksum = g_checksum_copy (doc->load_checksum);

  g_checksum_update (checksum, (const guchar *) doc->load_tail, doc->load_tail_length);
  return g_strdup (g_checksum_get_string (checksum));
}

/* What the loader hands the buffer is appended at the end, and its final line end taken off;
 * anything else (or a text that was not empty) cannot be checked against the file by its
 * checksum. */
static void
note_loaded_text (Document        *doc,
                  TpRecordMessage *message,
                  guint64          chars_before)
{
  gboolean fits;

  if (message->kind == TP_RECORD_MESSAGE_DELETE && char_count (doc) == 0)
    {
      start_load_checksum (doc);
      return;
    }
  if (doc->load_checksum == NULL)
    return;
  if (message->kind == TP_RECORD_MESSAGE_DELETE)
    fits = message->offset + message->count == chars_before
           && drop_loaded_chars (doc, message->count);
  else
    fits = message->offset == chars_before;
  if (!fits)
    {
      g_clear_pointer (&doc->load_checksum, g_checksum_free);
      return;
    }
  if (message->kind == TP_RECORD_MESSAGE_DELETE)
    return;
  if (doc->load_length == 0)
    doc->load_bom = message->length >= 3 && memcmp (message->text, "\xEF\xBB\xBF", 3) == 0;
  hold_loaded_bytes (doc, message->text, message->length);
}

static void
apply_edit (TpRecordWorker  *self,
            Document        *doc,
            TpRecordMessage *message)
{
  guint64 chars_before = char_count (doc);
  gboolean ok;

  if (doc->shadow == NULL)
    ok = edit_base_text (doc, message);
  else if (message->kind == TP_RECORD_MESSAGE_INSERT)
    ok = tp_shadow_text_insert (doc->shadow, message->offset, message->text, message->length);
  else
    ok = tp_shadow_text_delete (doc->shadow, message->offset, message->count);
  if (message->kind == TP_RECORD_MESSAGE_INSERT)
    doc->cursor = message->offset + g_utf8_strlen (message->text, message->length);
  else
    doc->cursor = message->offset;
  /* The main thread sends the buffer's own edits in order: a mismatch is a bug, not bad input. */
  g_return_if_fail (ok);
  if (doc->loading)
    note_loaded_text (doc, message, chars_before);

  doc->sequence++;
  doc->last_change = message->time;
  append_pending (doc, message);
  if (doc->protect)
    doc->pending_messages++;
  else
    g_atomic_pointer_add (&self->stats.durable_messages, 1);
  g_atomic_pointer_add (&self->stats.messages, 1);
}

static void
set_cursor (Document        *doc,
            TpRecordMessage *message)
{
  if (message->offset == doc->cursor)
    return;
  doc->cursor = message->offset;
  if (keeps_records (doc))
    {
      doc->sequence++;
      append_pending (doc, message);
    }
}

static void
open_document (TpRecordWorker  *self,
               TpRecordMessage *message)
{
  Document *doc = g_new0 (Document, 1);

  doc->id = message->document;
  doc->shadow = tp_shadow_text_new ();
  doc->since_base = g_byte_array_new ();
  doc->base_fd = -1;
  doc->journal_fd = -1;
  doc->pending = g_byte_array_new ();
  doc->last_change = message->time;
  tp_document_info_copy (&doc->info, &message->info);
  g_hash_table_replace (self->documents, GUINT_TO_POINTER (doc->id), doc);
}

/* Recovered documents are recorded again before their old entries go: the old data waits
 * until everything handled before it is durable (see flush). */
static void
retire (TpRecordWorker  *self,
        TpRecordMessage *message)
{
  g_ptr_array_add (self->retiring, g_steal_pointer (&message->retire));
}

static void sync_everything (TpRecordWorker  *self,
                             TpRecordMessage *message);
static void remove_session_if_empty (TpRecordWorker *self);
static gboolean flush_document (TpRecordWorker *self,
                                Document       *doc,
                                gint64          now,
                                gboolean        sync_now,
                                gboolean        force);

/* The session file says which windows and tabs to open next time, and which entries hold their
 * text. It is replaced whole, synced, so that a crash finds the last one written or the one
 * before, never a torn one. Failing to write it costs the layout of windows only: the entries
 * are still offered, so it is not a problem to report. */
static void
write_session (TpRecordWorker  *self,
               TpRecordMessage *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GByteArray) data = NULL;

  if (message->text == NULL)
    {
      if (self->session_dir != NULL && self->has_session)
        {
          path = g_build_filename (self->session_dir, TP_RECOVERY_SESSION_NAME, NULL);
          g_unlink (path);
        }
      self->has_session = FALSE;
      remove_session_if_empty (self);
      return;
    }
  if (!ensure_session (self, &error))
    {
      g_debug ("No session written: %s", error->message);
      return;
    }
  path = g_build_filename (self->session_dir, TP_RECOVERY_SESSION_NAME, NULL);
  data = g_byte_array_new ();
  g_byte_array_append (data, (const guint8 *) message->text, message->length);
  if (!replace_file (self, path, data, &error) || !tp_recovery_sync_dir (self->session_dir, &error))
    {
      g_debug ("No session written: %s", error->message);
      return;
    }
  self->has_session = TRUE;
}

/* A document closed while the editor ends for a restore: its entry stays, written and synced
 * first, for the next start to reopen. */
static void
close_document (TpRecordWorker  *self,
                Document        *doc,
                TpRecordMessage *message)
{
  if (self->keeping && doc->protect)
    {
      /* Not written: it stays, for the final flush to try again. */
      if (!flush_document (self, doc, g_get_monotonic_time (), TRUE, TRUE))
        return;
    }
  else
    remove_entry (self, doc);
  g_hash_table_remove (self->documents, GUINT_TO_POINTER (message->document));
}

/* Bases */

static void
request_text (TpRecordWorker *self,
              Document       *doc)
{
  if (doc->text_requested || self->text_func == NULL)
    return;
  doc->text_requested = TRUE;
  self->text_func (doc->id, self->text_data);
}

static gboolean rebuild_shadow (TpRecordWorker *self,
                                Document       *doc);
static void     take_base      (TpRecordWorker *self,
                                Document       *doc);

/* A file whose name now leads elsewhere (saved, or replaced by another program): the text is
 * rebuilt from the file held open, and the entry, if any, written whole; with none, the file
 * under the name may hold the text (it has just been saved). If even the file held open was
 * changed, the editor is asked for the text. */
static void
check_base (TpRecordWorker *self,
            Document       *doc)
{
  /* Saved under another name (Save As), the document's file is no longer its base's: the old
   * one is nobody's to watch, and may be changed or removed at any time. */
  gboolean moved = doc->base != NULL && g_strcmp0 (doc->base->uri, doc->info.uri) != 0;

  if (doc->base == NULL || (!moved && tp_record_base_unchanged (doc->base))
      || !rebuild_shadow (self, doc))
    return;
  if (doc->on_disk)
    doc->on_disk = FALSE;
  else
    take_base (self, doc);
}

/* The document's file is about to be written in place: a crash halfway would leave neither the
 * old text nor the new one in it. The text is rebuilt from the file (held open, unchanged yet),
 * and the entry, if any, is written whole at the next flush; the editor syncs before it writes. */
static void
stand_alone (TpRecordWorker *self,
             Document       *doc)
{
  if (doc->base == NULL || !rebuild_shadow (self, doc))
    return;
  doc->on_disk = FALSE;
}

/* Once the file read holds exactly the text received (read again here, decoded as the editor
 * decoded it), the text need not be kept: the file is its base. Only for a document with no
 * entry on disk, whose every record is still to come. */
static void
take_base (TpRecordWorker *self,
           Document       *doc)
{
  g_autoptr(GError) error = NULL;
  TpBaseInfo base = { 0 };
  const char *text;
  gsize length;
  int fd = -1;

  if (doc->shadow == NULL || doc->protect || doc->on_disk || doc->info.uri == NULL)
    return;
  text = tp_shadow_text_get (doc->shadow, &length);
  if (!tp_record_base_verify (doc->info.uri, doc->info.encoding, text, length, &base, &fd,
                              &error))
    {
      g_debug ("document %u: its text is kept: %s", doc->id, error->message);
      tp_base_info_clear (&base);
      return;
    }
  doc->char_count = tp_shadow_text_get_char_count (doc->shadow);
  g_clear_pointer (&doc->shadow, tp_shadow_text_free);
  drop_base (doc);
  doc->base = g_memdup2 (&base, sizeof base);
  doc->base_fd = fd;
  doc->base_sequence = doc->sequence;
}

/* A load begins. An empty document with nothing on disk needs no shadow for what is read from
 * a file that can be read again. */
static void
loading (Document        *doc,
         TpRecordMessage *message)
{
  doc->loading = TRUE;
  g_clear_pointer (&doc->load_checksum, g_checksum_free);
  if (char_count (doc) != 0)
    return;
  start_load_checksum (doc);
  if (doc->shadow != NULL && doc->base == NULL && !doc->protect && !doc->on_disk
      && tp_record_base_can_read (message->info.uri))
    {
      g_clear_pointer (&doc->shadow, tp_shadow_text_free);
      doc->char_count = 0;
    }
}

/* The text read, known by its checksum, is the file's: the file is the base. */
static gboolean
take_base_by_checksum (Document *doc)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *checksum = NULL;
  TpBaseInfo base = { 0 };
  int fd = -1;

  if (doc->load_checksum != NULL)
    checksum = dup_load_checksum (doc);
  if (checksum == NULL || doc->protect || doc->on_disk || doc->info.uri == NULL
      || !tp_record_base_verify_checksum (doc->info.uri, doc->info.encoding, doc->load_length,
                                          checksum, doc->load_bom, &base, &fd, &error))
    {
      g_debug ("document %u: not checked by its file: %s", doc->id,
               error ? error->message : "edited while it was read");
      tp_base_info_clear (&base);
      return FALSE;
    }
  doc->char_count = char_count (doc);
  g_clear_pointer (&doc->shadow, tp_shadow_text_free);
  drop_base (doc);
  doc->base = g_memdup2 (&base, sizeof base);
  doc->base_fd = fd;
  doc->base_sequence = doc->sequence;
  return TRUE;
}

/* A load is over: the file is taken as the base if it holds what was read. If it does not (a
 * load stopped halfway, a file changed while it was read), a document that kept no shadow asks
 * for its text once it needs it, at its first edit: copying it costs the main thread. */
static void
loaded (TpRecordWorker *self,
        Document       *doc)
{
  if (!doc->loading)
    return;
  doc->loading = FALSE;
  if (!take_base_by_checksum (doc) && doc->shadow != NULL)
    take_base (self, doc);
  g_clear_pointer (&doc->load_checksum, g_checksum_free);
}

static void
use_shadow (Document     *doc,
            TpShadowText *shadow)
{
  tp_shadow_text_free (doc->shadow);
  doc->shadow = shadow;
  drop_base (doc);
}

/* The text asked for: the shadow again. An entry on disk is rewritten whole; with none, the
 * file may hold the text (it has just been saved). */
static void
take_text (TpRecordWorker  *self,
           Document        *doc,
           TpRecordMessage *message)
{
  TpShadowText *shadow = tp_shadow_text_new ();

  tp_shadow_text_take (shadow, g_steal_pointer (&message->text), message->length);
  use_shadow (doc, shadow);
  if (doc->on_disk)
    doc->on_disk = FALSE;
  else
    take_base (self, doc);
}

/* Rebuilds the shadow from the base and the records since, to write the whole text. */
static gboolean
rebuild_shadow (TpRecordWorker *self,
                Document       *doc)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autoptr(TpShadowText) shadow = NULL;
  gsize length;

  if (doc->text_requested)
    return FALSE;
  text = tp_record_base_read_fd (doc->base, doc->base_fd, &length, &error);
  if (text == NULL)
    {
      g_debug ("document %u: %s", doc->id, error->message);
      request_text (self, doc);
      return FALSE;
    }
  shadow = tp_shadow_text_new ();
  tp_shadow_text_take (shadow, g_steal_pointer (&text), length);
  /* The records are the buffer's own edits, applied once already: a mismatch is a bug. */
  if (!tp_shadow_text_apply_records (shadow, doc->since_base->data, doc->since_base->len))
    {
      g_warning ("document %u: its edits do not fit its file", doc->id);
      request_text (self, doc);
      return FALSE;
    }
  use_shadow (doc, g_steal_pointer (&shadow));
  return TRUE;
}

void
tp_record_worker_handle (TpRecordWorker  *self,
                         TpRecordMessage *message)
{
  Document *doc = lookup (self, message->document);

  /* Messages about the run, not about one document. */
  switch (message->kind)
    {
    case TP_RECORD_MESSAGE_OPEN:
      open_document (self, message);
      return;
    case TP_RECORD_MESSAGE_RETIRE:
      retire (self, message);
      return;
    case TP_RECORD_MESSAGE_SYNC:
      sync_everything (self, message);
      return;
    case TP_RECORD_MESSAGE_SESSION:
      write_session (self, message);
      return;
    case TP_RECORD_MESSAGE_KEEP:
      self->keeping = TRUE;
      return;
    default:
      break;
    }
  g_return_if_fail (doc != NULL);

  switch (message->kind)
    {
    case TP_RECORD_MESSAGE_INFO:
      tp_document_info_copy (&doc->info, &message->info);
      if (keeps_records (doc))
        {
          doc->sequence++;
          append_pending (doc, message);
        }
      break;
    case TP_RECORD_MESSAGE_INSERT:
    case TP_RECORD_MESSAGE_DELETE:
      apply_edit (self, doc, message);
      break;
    case TP_RECORD_MESSAGE_CURSOR:
      set_cursor (doc, message);
      break;
    case TP_RECORD_MESSAGE_PROTECT:
      doc->protect = TRUE;
      check_base (self, doc);
      break;
    case TP_RECORD_MESSAGE_UNPROTECT:
      doc->protect = FALSE;
      remove_entry (self, doc);
      /* Saved: the file may now hold the text. */
      check_base (self, doc);
      take_base (self, doc);
      break;
    case TP_RECORD_MESSAGE_LOADING:
      loading (doc, message);
      break;
    case TP_RECORD_MESSAGE_LOADED:
      tp_document_info_copy (&doc->info, &message->info);
      loaded (self, doc);
      break;
    case TP_RECORD_MESSAGE_TEXT:
      take_text (self, doc, message);
      break;
    case TP_RECORD_MESSAGE_CHECK_BASE:
      check_base (self, doc);
      break;
    case TP_RECORD_MESSAGE_STANDALONE:
      stand_alone (self, doc);
      break;
    case TP_RECORD_MESSAGE_CLOSE:
      close_document (self, doc, message);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Writing */

static void
mark_written (TpRecordWorker *self,
              Document       *doc,
              gint64          now)
{
  if (doc->unsynced_since == 0)
    doc->unsynced_since = now;
  doc->unsynced_messages += doc->pending_messages;
  doc->pending_messages = 0;
  doc->journal_bytes += doc->pending->len;
  g_byte_array_set_size (doc->pending, 0);
}

static gboolean
snapshot_due (Document *doc,
              gint64    now)
{
  gsize text_length;

  if (doc->base != NULL)
    return doc->journal_bytes > MAX (SNAPSHOT_MIN_JOURNAL, doc->base->length);
  text_length = tp_shadow_text_get_length (doc->shadow);

  if (doc->journal_bytes > MAX (SNAPSHOT_MIN_JOURNAL, text_length))
    return TRUE;
  return doc->journal_bytes > TP_JOURNAL_MAGIC_LENGTH
         && now - doc->snapshot_time > SNAPSHOT_MAX_AGE_USEC;
}

/* Brings one document's entry up to date, and syncs it if sync_now or if the sync is due; a
 * document that failed is tried again when its retry is due, or at once if forced. Returns
 * FALSE if writing failed. */
static gboolean
flush_document (TpRecordWorker *self,
                Document       *doc,
                gint64          now,
                gboolean        sync_now,
                gboolean        force)
{
  g_autoptr(GError) error = NULL;
  gsize records_length = doc->pending->len;
  gboolean rewrite;

  if (!doc->protect)
    return TRUE;

  /* Neither a shadow nor a base (a load that could not be checked): nothing can be written
   * until the text asked for comes. */
  if (doc->shadow == NULL && doc->base == NULL)
    {
      request_text (self, doc);
      return FALSE;
    }
  rewrite = !doc->on_disk || snapshot_due (doc, now);
  /* A long journal over a file's text: the text is written whole, if the file still has it. */
  if (rewrite && doc->on_disk && doc->base != NULL)
    rewrite = rebuild_shadow (self, doc);
  if (rewrite)
    {
      if (doc->failing && !force && now < self->retry_at)
        return FALSE;
      if (!write_snapshot (self, doc, now, &error))
        return report_failure (self, doc, error, now);
      doc->on_disk = TRUE;
      doc->failing = FALSE;
      return TRUE;
    }

  if (records_length > 0)
    {
      if (!write_all (self, doc->journal_fd, doc->pending->data, records_length, &error))
        return report_failure (self, doc, error, now);
      g_atomic_pointer_add (&self->stats.writes, 1);
      mark_written (self, doc, now);
    }

  if (doc->unsynced_since != 0 && (sync_now || now - doc->unsynced_since >= SYNC_DELAY_USEC))
    {
      if (fdatasync (doc->journal_fd) != 0)
        {
          error = g_error_new_literal (G_IO_ERROR, g_io_error_from_errno (errno),
                                       g_strerror (errno));
          return report_failure (self, doc, error, now);
        }
      g_atomic_pointer_add (&self->stats.syncs, 1);
      g_atomic_pointer_add (&self->stats.durable_messages, doc->unsynced_messages);
      doc->unsynced_messages = 0;
      doc->unsynced_since = 0;
    }
  return TRUE;
}

/* Flushes every document; TRUE if every one's edits are durable. */
static gboolean
flush_all (TpRecordWorker *self,
           gint64          now,
           gboolean        sync_now,
           gboolean        force)
{
  GHashTableIter iter;
  Document *doc;
  gboolean all_ok = TRUE;

  gssize text_held = 0;

  g_hash_table_iter_init (&iter, self->documents);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &doc))
    {
      all_ok = flush_document (self, doc, now, sync_now, force) && all_ok;
      text_held += doc->shadow ? tp_shadow_text_get_length (doc->shadow) : 0;
    }
  g_atomic_pointer_set (&self->stats.text_held, text_held);
  if (all_ok)
    set_problem (self, NULL);
  return all_ok;
}

static guint
count_entries (TpRecordWorker *self)
{
  GHashTableIter iter;
  Document *doc;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->documents);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &doc))
    n += doc->protect && doc->on_disk;
  return n;
}

/* Removes old recovery data, now that what replaced it is durable. */
static void
retire_all (TpRecordWorker *self)
{
  for (guint i = 0; i < self->retiring->len; i++)
    tp_recovery_discard (g_ptr_array_index (self->retiring, i));
  g_ptr_array_set_size (self->retiring, 0);
}

/* Writes what is pending, syncs what is due (everything, while old recovery data waits to be
 * retired), retries what failed. Returns when it wants to be called again (monotonic µs), or -1
 * if only a new message can give it work. */
gint64
tp_record_worker_flush (TpRecordWorker *self,
                        gint64          now)
{
  GHashTableIter iter;
  Document *doc;
  gint64 next = -1;
  gboolean failed = FALSE;

  if (flush_all (self, now, self->retiring->len > 0, FALSE) && self->retiring->len > 0)
    retire_all (self);

  g_hash_table_iter_init (&iter, self->documents);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &doc))
    {
      if (doc->failing)
        failed = TRUE;
      else if (doc->unsynced_since != 0
               && (next < 0 || doc->unsynced_since + SYNC_DELAY_USEC < next))
        next = doc->unsynced_since + SYNC_DELAY_USEC;
    }
  if (failed && (next < 0 || self->retry_at < next))
    next = self->retry_at;
  return next;
}

/* Whether the run's folder holds an entry or a session: what decides is the files there,
 * whatever this run believes it managed to write. */
static gboolean
session_has_entries (TpRecordWorker *self)
{
  g_autoptr(GDir) dir = g_dir_open (self->session_dir, 0, NULL);
  const char *name;

  if (dir == NULL)
    return TRUE;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, TP_RECOVERY_SNAPSHOT_SUFFIX)
        || g_str_has_suffix (name, TP_RECOVERY_JOURNAL_SUFFIX)
        || strcmp (name, TP_RECOVERY_SESSION_NAME) == 0)
      return TRUE;
  return FALSE;
}

/* Removes this run's folder if no entry (and no session) is in it. The lock goes only with the folder: a folder
 * that keeps entries keeps its lock file, for the next editor to find. */
static void
remove_session_if_empty (TpRecordWorker *self)
{
  g_autofree char *lock_path = NULL;

  if (self->session_dir == NULL || session_has_entries (self))
    return;
  lock_path = g_build_filename (self->session_dir, TP_RECOVERY_LOCK_NAME, NULL);
  g_unlink (lock_path);
  if (g_rmdir (self->session_dir) != 0)
    g_debug ("%s: %s", self->session_dir, g_strerror (errno));
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  self->lock_fd = -1;
  g_clear_pointer (&self->session_dir, g_free);
}

/* Everything handled so far goes to disk now, failed documents are tried again at once, and
 * the answer goes back. A folder left without entries goes: the next write makes a new one. */
static void
sync_everything (TpRecordWorker  *self,
                 TpRecordMessage *message)
{
  gboolean durable = flush_all (self, g_get_monotonic_time (), TRUE, TRUE);
  TpRecordSyncFunc synced = g_steal_pointer (&message->synced);

  if (durable)
    retire_all (self);
  remove_session_if_empty (self);
  if (synced != NULL)
    synced (durable, count_entries (self), message->synced_data);
}

/* Writes and syncs everything, retires what waited for that, then removes this run's folder if
 * no entry is left in it. Old data that could not be retired stays for the next editor. */
void
tp_record_worker_finish (TpRecordWorker *self)
{
  if (flush_all (self, g_get_monotonic_time (), TRUE, TRUE))
    retire_all (self);
  g_ptr_array_set_size (self->retiring, 0);
  remove_session_if_empty (self);
}

void
tp_record_worker_free (TpRecordWorker *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->documents);
  g_ptr_array_unref (self->retiring);
  g_mutex_clear (&self->stall_lock);
  g_cond_clear (&self->stall_cond);
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_free (self->session_dir);
  g_free (self->recovery_dir);
  g_free (self->problem);
  g_free (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-document"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-document-private.h"
#include "tp-file-messages.h"
#include "tp-file-reader.h"
#include "tp-safe-save.h"

/* Saving a document: checks that need nobody's word on the main thread (is there anything to
 * write, may this text go over this file), checks that touch the disk on a thread of GIO's
 * (can the encoding hold the text, will GIO write in place), GtkSourceFileSaver, then the file
 * and its folder synced on a thread before the document counts as saved: until then the
 * recorder keeps the text, so a crash during or just after a save loses nothing. */

typedef struct
{
  GFile                   *target;
  /* The target is the document's own file, which may hold text the user did not see. */
  gboolean                 own_file;
  const GtkSourceEncoding *encoding;
  /* Whether the encoding is the user's choice (see tp_document_get_chosen_encoding ()). */
  gboolean                 encoding_chosen;
  /* "\n", "\r\n" or "\r": a static string. */
  const char              *line_end;
  TpDocumentSaveFlags      flags;
  /* Writing in place was accepted for this reason (TP_SAVE_ATOMIC: for none). */
  TpSaveMethod             in_place_accepted;
  /* The target's local path; NULL for a file that is not local, which GIO handles alone. */
  char                    *path;
  char                    *state_dir;
  /* A copy of the text, for an encoding that may not hold every character. */
  char                    *text;
  gsize                    text_length;
  /* What the saver reads: the document's buffer, or a copy of the document's text when long
   * lines are shown cut (the saver would write each break as a line end). */
  GtkSourceBuffer         *source;
  /* The entity tag the document's file had when it was read or last saved, to be still there
   * unless the user said to write over changes made on disk; NULL when unknown. */
  char                    *expected_etag;

  /* Set by the threads, read on the main thread once they are done. */
  gboolean                 unencodable;
  gsize                    unencodable_offset;
  TpSaveMethod             method;
  gboolean                 space_known;
  guint64                  old_size;
  guint64                  available;
  gboolean                 written;
  GError                  *save_error;
  GError                  *sync_error;
  gboolean                 changed_on_disk;
  char                    *etag;
  gboolean                 read_only;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_clear_object (&job->target);
  g_free (job->path);
  g_free (job->state_dir);
  g_free (job->text);
  g_free (job->expected_etag);
  g_free (job->etag);
  g_clear_object (&job->source);
  g_clear_error (&job->save_error);
  g_clear_error (&job->sync_error);
  g_free (job);
}

static gboolean
encoding_holds_everything (const GtkSourceEncoding *encoding)
{
  const char *charset = gtk_source_encoding_get_charset (encoding);

  return encoding == gtk_source_encoding_get_utf8 () || g_str_has_prefix (charset, "UTF-16")
         || g_str_has_prefix (charset, "UTF-32");
}

/* Ctrl+S on a document that matches its file writes nothing: a rewrite could only change
 * bytes (line ends, a final newline, a byte order mark) the user did not touch. */
static gboolean
nothing_to_write (TpDocument *self,
                  SaveJob    *job)
{
  return job->own_file && !tp_document_get_modified (self) && !tp_document_is_deleted (self)
         && !tp_document_is_externally_modified (self)
         && job->encoding == tp_document_get_encoding (self)
         && g_str_equal (job->line_end, tp_document_get_line_end (self));
}

static GError *
check_content (TpDocument *self,
               SaveJob    *job)
{
  g_autofree char *name = tp_file_get_display_name (job->target);

  if (!job->own_file)
    return NULL;
  if (self->content == TP_DOCUMENT_CONTENT_INCOMPLETE)
    return g_error_new (TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_NOT_LOADED,
                        _("“%s” was not read in full, so saving would replace the file with "
                          "the part shown here. The file was left as it is; use Save As to "
                          "keep this text in another file."), name);
  if (self->content == TP_DOCUMENT_CONTENT_CONVERTED
      && !(job->flags & TP_DOCUMENT_SAVE_REWRITE_CONVERTED))
    return g_error_new (TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_CONVERTED,
                        _("“%s” holds bytes that are not text, shown here as escape codes or "
                          "replaced. Saving writes what is shown, so those bytes will change "
                          "even where you did not edit. Use Save As to keep the original "
                          "file as it is."), name);
  return NULL;
}

/* GtkSourceView's saver takes every line end for one byte long: a paragraph separator (U+2029,
 * three bytes) would be written as two other bytes and a line end. */
static GError *
check_separators (TpDocument *self,
                  SaveJob    *job)
{
  g_autofree char *name = NULL;
  GtkTextIter at;
  int line;

  if (!tp_long_lines_find_separator (self->long_lines, &at))
    return NULL;
  name = tp_file_get_display_name (job->target);
  tp_long_lines_get_real_position (self->long_lines, &at, &line, NULL);
  return g_error_new (TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_SEPARATOR,
                      /* Translators: “%s” is the file name. */
                      _("“%s” holds a paragraph separator (the character U+2029) at the end of "
                        "line %d, which Threadpad cannot write correctly: other bytes would take "
                        "its place. Nothing was written. Delete that character to save; until "
                        "then your changes are kept for crash recovery."),
                      name, line + 1);
}

static void
begin_saving (TpDocument *self)
{
  self->modified_before_save = tp_document_get_modified (self);
  self->edits_at_save_start = self->edits;
  self->saving = TRUE;
  _tp_document_set_busy (self, TRUE);
}

static void
end_saving (TpDocument *self)
{
  gboolean was_modified = tp_document_get_modified (self);

  self->saving = FALSE;
  _tp_document_set_busy (self, FALSE);
  if (tp_document_get_modified (self) != was_modified)
    _tp_document_notify_modified (self);
}

static void
fail (GTask  *task,
      GError *error)
{
  end_saving (g_task_get_source_object (task));
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* ---- on a thread: what needs the disk before and after the save ---- */

/* Whether the file holds something else than what was read or saved here: another program
 * wrote it. A file that is gone is written again. */
static gboolean
etag_differs (GFile      *file,
              const char *expected)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_ETAG_VALUE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  const char *etag = info != NULL ? g_file_info_get_etag (info) : NULL;

  return etag != NULL && !g_str_equal (etag, expected);
}

/* What the disk holds once the save is over, for the next one to compare with. */
static void
query_disk_state (SaveJob *job)
{
  g_autoptr(GFileInfo) info = g_file_query_info (job->target,
                                                 G_FILE_ATTRIBUTE_ETAG_VALUE ","
                                                 G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  if (info == NULL)
    return;
  job->etag = g_strdup (g_file_info_get_etag (info));
  job->read_only = tp_file_info_is_read_only (info);
}

static void
prepare_in_thread (GTask        *prepare,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  SaveJob *job = data;

  if (job->expected_etag != NULL)
    job->changed_on_disk = etag_differs (job->target, job->expected_etag);
  if (job->changed_on_disk)
    {
      g_task_return_boolean (prepare, TRUE);
      return;
    }
  if (job->text != NULL)
    job->unencodable = tp_safe_save_find_unencodable (
      job->text, job->text_length, gtk_source_encoding_get_charset (job->encoding),
      &job->unencodable_offset);
  /* Kept to say which character it was. */
  if (!job->unencodable)
    g_clear_pointer (&job->text, g_free);
  if (job->path != NULL)
    {
      tp_safe_save_clean_leftovers (job->state_dir, job->path);
      job->method = tp_safe_save_predict_method (job->path);
      job->space_known = tp_safe_save_get_space (job->path, &job->old_size, &job->available);
      if (!job->unencodable && job->method == TP_SAVE_ATOMIC)
        tp_safe_save_begin (job->state_dir, job->path);
    }
  g_task_return_boolean (prepare, TRUE);
}

static void
finish_in_thread (GTask        *finish,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  SaveJob *job = data;

  if (job->written && job->path != NULL)
    tp_safe_save_sync (job->path, &job->sync_error);
  if (job->path != NULL)
    tp_safe_save_end (job->state_dir, job->path, !job->written);
  if (job->written)
    query_disk_state (job);
  g_task_return_boolean (finish, TRUE);
}

/* Runs func on a thread of GIO's, then on the main thread with task. The job belongs to
 * task, which outlives the thread's work. */
static void
run_in_thread (GTask               *task,
               GTaskThreadFunc      func,
               GAsyncReadyCallback  then)
{
  GTask *step = g_task_new (g_task_get_source_object (task), NULL, then, task);

  g_task_set_task_data (step, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (step, func);
  g_object_unref (step);
}

static void
clean_in_thread (GTask        *clean,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  g_autofree char *state_dir = tp_safe_save_get_default_dir ();

  tp_safe_save_clean_leftovers (state_dir, data);
  g_task_return_boolean (clean, TRUE);
}

/* Removes, off the main thread, what a save of the document's file that was cut short left
 * next to it. */
void
_tp_document_clean_leftovers (TpDocument *self)
{
  GFile *location = tp_document_get_location (self);
  g_autoptr(GTask) clean = NULL;
  char *path = location ? g_file_get_path (location) : NULL;

  if (path == NULL)
    return;
  clean = g_task_new (NULL, NULL, NULL, NULL);
  g_task_set_task_data (clean, path, g_free);
  g_task_run_in_thread (clean, clean_in_thread);
}

/* ---- back on the main thread ---- */

/* The line (from 1) of the byte at offset in text. */
static int
line_of_offset (const char *text,
                gsize       offset)
{
  int line = 1;

  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n' || (text[i] == '\r' && text[i + 1] != '\n'))
      line++;
  return line;
}

static GError *
describe_unencodable (SaveJob *job)
{
  g_autofree char *name = tp_file_get_display_name (job->target);
  g_autofree char *character = NULL;
  g_autofree char *encoding_name = NULL;
  const char *at = job->text + job->unencodable_offset;

  /* The text checked is the document's at the start of the save. */
  character = g_strndup (at, g_utf8_next_char (at) - at);
  encoding_name = gtk_source_encoding_to_string (job->encoding);
  return g_error_new (TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_UNENCODABLE,
                      /* Translators: “%s” are the file name, the encoding (such as “Western
                       * (ISO-8859-15)”) and a character; %d is a line number. */
                      _("“%s” is saved as %s, which cannot hold some of its characters, such "
                        "as “%s” on line %d. Nothing was written. Save it as UTF-8, which holds "
                        "every character, or remove those characters."),
                      name, encoding_name, character,
                      line_of_offset (job->text, job->unencodable_offset));
}

static GError *
describe_in_place (SaveJob *job)
{
  g_autofree char *name = tp_file_get_display_name (job->target);
  const char *reason;

  switch (job->method)
    {
    case TP_SAVE_IN_PLACE_FOLDER_READ_ONLY:
      reason = _("you may not create files in its folder");
      break;
    case TP_SAVE_IN_PLACE_SYMLINK:
      reason = _("it is a symbolic link");
      break;
    case TP_SAVE_IN_PLACE_HARD_LINKS:
      reason = _("it has several names (hard links)");
      break;
    case TP_SAVE_IN_PLACE_NO_SPACE:
      reason = _("the disk has no room for a new copy of it");
      break;
    case TP_SAVE_IN_PLACE_OWNER:
    case TP_SAVE_ATOMIC:
    default:
      reason = _("it belongs to someone else");
      break;
    }
  return g_error_new (TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_IN_PLACE,
                      /* Translators: the second %s is one of the reasons above. */
                      _("“%s” cannot be replaced safely, because %s: it will be overwritten in "
                        "place, and if the computer stops during the save, the file can be "
                        "left incomplete. Your text stays in crash recovery until the save has "
                        "finished."), name, reason);
}

/* The file holds the text now, in the job's encoding. */
static void
note_written (TpDocument *self,
              SaveJob    *job)
{
  self->encoding = job->encoding;
  if (job->encoding_chosen)
    self->chosen_encoding = job->encoding;
  self->line_end_read = job->line_end;
  _tp_document_set_disk_state (self, job->etag, job->read_only);
  _tp_document_saved (self, !job->own_file);
}

static void
succeed (GTask *task)
{
  TpDocument *self = g_task_get_source_object (task);
  SaveJob *job = g_task_get_task_data (task);

  /* The saver marked what it read as saved, but an edit made during the save may not be in
   * what it wrote. */
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer),
                                self->edits != self->edits_at_save_start);
  note_written (self, job);
  end_saving (self);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static GError *
describe_not_durable (SaveJob *job)
{
  g_autofree char *name = tp_file_get_display_name (job->target);

  return g_error_new (TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_NOT_DURABLE,
                      _("“%s” was written, but the system could not confirm that it reached the "
                        "disk (%s). Your text stays in crash recovery; save again to be sure."),
                      name, job->sync_error->message);
}

static void
on_finished (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  TpDocument *self = g_task_get_source_object (task);
  SaveJob *job = g_task_get_task_data (task);

  if (!job->written)
    fail (task, g_steal_pointer (&job->save_error));
  else if (job->sync_error != NULL)
    {
      gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), TRUE);
      note_written (self, job);
      fail (task, describe_not_durable (job));
    }
  else
    succeed (task);
}

static void
on_saver_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  SaveJob *job = g_task_get_task_data (task);

  job->written = gtk_source_file_saver_save_finish (GTK_SOURCE_FILE_SAVER (source), result,
                                                    &job->save_error);
  run_in_thread (task, finish_in_thread, on_finished);
}

static GtkSourceNewlineType
newline_type_of (const char *line_end)
{
  if (g_str_equal (line_end, "\r\n"))
    return GTK_SOURCE_NEWLINE_TYPE_CR_LF;
  return g_str_equal (line_end, "\r") ? GTK_SOURCE_NEWLINE_TYPE_CR : GTK_SOURCE_NEWLINE_TYPE_LF;
}

static void
start_saver (GTask *task)
{
  TpDocument *self = g_task_get_source_object (task);
  SaveJob *job = g_task_get_task_data (task);
  GtkSourceFileSaver *saver;
  GtkSourceFileSaverFlags flags = GTK_SOURCE_FILE_SAVER_FLAGS_NONE;

  saver = gtk_source_file_saver_new_with_target (job->source, self->file, job->target);
  gtk_source_file_saver_set_encoding (saver, job->encoding);
  gtk_source_file_saver_set_newline_type (saver, newline_type_of (job->line_end));
  /* Changes on disk were looked for before (prepare_in_thread ()): GtkSourceFile knows the
   * modification time only of a file its own loader read. */
  flags |= GTK_SOURCE_FILE_SAVER_FLAGS_IGNORE_MODIFICATION_TIME;
  /* Escapes of bytes that could not be read are written as they are shown only into a new
   * file, or over the file itself once the user said so. */
  if (!job->own_file || (job->flags & TP_DOCUMENT_SAVE_REWRITE_CONVERTED))
    flags |= GTK_SOURCE_FILE_SAVER_FLAGS_IGNORE_INVALID_CHARS;
  gtk_source_file_saver_set_flags (saver, flags);
  gtk_source_file_saver_save_async (saver, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                    NULL, NULL, NULL, on_saver_done, task);
  g_object_unref (saver);
}

/* Whether the text, written in place in UTF-8 (near enough for other encodings), can grow
 * past room bytes. A character takes at most 4 bytes, which settles it at once unless the disk
 * is nearly full; only then are the bytes counted, a line at a time on the main thread. */
static gboolean
text_may_exceed (TpDocument *self,
                 guint64     room)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  guint64 bytes = 0;
  GtkTextIter line;

  if ((guint64) gtk_text_buffer_get_char_count (buffer) * 4 <= room)
    return FALSE;
  gtk_text_buffer_get_start_iter (buffer, &line);
  do
    bytes += gtk_text_iter_get_bytes_in_line (&line);
  while (gtk_text_iter_forward_line (&line));
  return bytes > room;
}

/* A save that would write in place: refused outright when the disk cannot hold what it
 * writes (the file would be cut short halfway), asked about otherwise, unless the user
 * already agreed for this very reason. An automatic save never writes in place. */
static GError *
check_in_place (TpDocument *self,
                SaveJob    *job)
{
  g_autofree char *name = tp_file_get_display_name (job->target);

  if (job->space_known && text_may_exceed (self, job->old_size + job->available))
    return g_error_new (TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_NO_SPACE,
                        _("“%s” was not saved: the disk does not have room for it, and it "
                          "would be overwritten in place, so the file would be left cut short. "
                          "Nothing was written; free some space, or use Save As to put it on "
                          "another disk."), name);
  if ((job->flags & TP_DOCUMENT_SAVE_AUTOMATIC)
      || (!(job->flags & TP_DOCUMENT_SAVE_IN_PLACE) && job->in_place_accepted != job->method))
    return describe_in_place (job);
  return NULL;
}

static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  TpDocument *self = g_task_get_source_object (task);
  SaveJob *job = g_task_get_task_data (task);

  if (job->changed_on_disk)
    {
      fail (task, g_error_new_literal (GTK_SOURCE_FILE_SAVER_ERROR,
                                       GTK_SOURCE_FILE_SAVER_ERROR_EXTERNALLY_MODIFIED,
                                       "the file was changed on disk"));
      return;
    }
  if (job->unencodable)
    {
      fail (task, describe_unencodable (job));
      return;
    }
  if (job->path != NULL && job->method != TP_SAVE_ATOMIC)
    {
      GError *error = check_in_place (self, job);

      if (error != NULL)
        {
          fail (task, error);
          return;
        }
      /* Written in place, a save leaves no temporary file to record. */
      if (job->own_file)
        self->in_place_accepted = job->method;
      /* But it writes over the file crash recovery may lean on for the text. */
      if (job->own_file && self->in_place_guard != NULL)
        {
          self->in_place_guard (self, (GDestroyNotify) start_saver, task,
                                self->in_place_guard_data);
          return;
        }
    }
  start_saver (task);
}

/* One of the three line ends, as a static string; NULL for the document's own. */
static const char *
known_line_end (TpDocument *self,
                const char *line_end)
{
  if (line_end == NULL)
    return tp_document_get_line_end (self);
  if (g_str_equal (line_end, "\r\n"))
    return "\r\n";
  return g_str_equal (line_end, "\r") ? "\r" : "\n";
}

static SaveJob *
save_job_new (TpDocument              *self,
              GFile                   *target,
              const GtkSourceEncoding *encoding,
              const char              *line_end,
              TpDocumentSaveFlags      flags)
{
  SaveJob *job = g_new0 (SaveJob, 1);
  GFile *location = tp_document_get_location (self);

  job->target = g_object_ref (target != NULL ? target : location);
  job->own_file = location != NULL && g_file_equal (job->target, location);
  job->encoding = encoding != NULL ? encoding : tp_document_get_encoding (self);
  job->encoding_chosen = encoding != NULL && (self->chosen_encoding != NULL
                                              || encoding != tp_document_get_encoding (self));
  job->line_end = known_line_end (self, line_end);
  job->flags = flags;
  job->in_place_accepted = job->own_file ? self->in_place_accepted : TP_SAVE_ATOMIC;
  if (job->own_file && !(flags & TP_DOCUMENT_SAVE_IGNORE_DISK_CHANGES))
    job->expected_etag = g_strdup (_tp_document_get_etag (self));
  /* A file that only looks local (a FUSE mount of GVfs) is written by its own backend: what
   * holds for local files is not known there. */
  job->path = g_file_is_native (job->target) ? g_file_get_path (job->target) : NULL;
  job->state_dir = tp_safe_save_get_default_dir ();
  return job;
}

/* Copies the text for the encoding check (only for encodings that cannot hold every
 * character, which are seldom used for large files), and for the saver when the buffer shows
 * long lines cut. */
static void
copy_text (TpDocument *self,
           SaveJob    *job)
{
  gboolean cut = tp_long_lines_get_n_breaks (self->long_lines) > 0;
  GtkTextIter start, end;

  job->source = cut ? gtk_source_buffer_new (NULL) : g_object_ref (self->buffer);
  /* The copy's text is the file's, long lines whole: looking for a bracket next to its
   * cursor, which set_text () moves, would break a line of megabytes into characters (a
   * 146 ms cycle for 3 MB). */
  if (cut)
    gtk_source_buffer_set_highlight_matching_brackets (job->source, FALSE);
  if (!cut && encoding_holds_everything (job->encoding))
    return;
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (self->buffer), &start, &end);
  job->text = tp_long_lines_get_text (self->long_lines, &start, &end);
  job->text_length = strlen (job->text);
  if (!cut)
    return;
  gtk_source_buffer_set_implicit_trailing_newline (
    job->source, gtk_source_buffer_get_implicit_trailing_newline (self->buffer));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (job->source), job->text, (int) job->text_length);
  if (encoding_holds_everything (job->encoding))
    g_clear_pointer (&job->text, g_free);
}

/* Saves to location, or to the document's own file when location is NULL, in encoding, or in
 * the document's own when NULL. Fails with a TP_DOCUMENT_ERROR when the save needs the user's
 * word first (flags give it) or must not happen, and writes nothing then. */
void
tp_document_save_async (TpDocument              *self,
                        GFile                   *location,
                        const GtkSourceEncoding *encoding,
                        const char              *line_end,
                        TpDocumentSaveFlags      flags,
                        GCancellable            *cancellable,
                        GAsyncReadyCallback      callback,
                        gpointer                 user_data)
{
  GTask *task;
  SaveJob *job;
  GError *error;

  g_return_if_fail (TP_IS_DOCUMENT (self));
  g_return_if_fail (location != NULL || tp_document_get_location (self) != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tp_document_save_async);
  job = save_job_new (self, location, encoding, line_end, flags);
  g_task_set_task_data (task, job, (GDestroyNotify) save_job_free);

  /* One save or load at a time: each one's idea of what reached the disk is its own. */
  if (self->busy_count > 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               "the document is being saved or loaded");
      g_object_unref (task);
      return;
    }

  if (nothing_to_write (self, job))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  if ((error = check_content (self, job)) != NULL || (error = check_separators (self, job)) != NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  begin_saving (self);
  copy_text (self, job);
  run_in_thread (task, prepare_in_thread, on_prepared);
}

/* written says whether anything was written: a document that matches its file is not. */
gboolean
tp_document_save_finish (TpDocument    *self,
                         GAsyncResult  *result,
                         gboolean      *written,
                         GError       **error)
{
  SaveJob *job;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  job = g_task_get_task_data (G_TASK (result));
  if (written != NULL)
    *written = job->written;
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-record-client"

#include "config.h"

#include <string.h>

#include "tp-document.h"
#include "tp-long-lines.h"
#include "tp-record-client.h"

/* How long a save written in place waits for crash recovery's copy to be on disk. */
#define STANDALONE_TIMEOUT_MS 5000

struct _TpRecordClient
{
  GObject     parent_instance;

  TpRecorder *recorder;
  TpDocument *document;   /* weak: the tab owns both, and drops this first */
  guint       id;
  gboolean    protecting;
  /* The cursor as the recorder knows it: an edit leaves it at the edit's end, so the cursor
   * notification that follows each edit costs no message. */
  gint        sent_cursor;
};

G_DEFINE_FINAL_TYPE (TpRecordClient, tp_record_client, G_TYPE_OBJECT)

static void
push (TpRecordClient      *self,
      TpRecordMessageKind  kind,
      guint64              offset,
      guint64              count)
{
  TpRecordMessage *message = tp_record_message_new (kind, self->id);

  message->offset = offset;
  message->count = count;
  tp_recorder_push (self->recorder, message);
}

static void
fill_info (TpRecordClient *self,
           TpDocumentInfo *info)
{
  GFile *location = tp_document_get_location (self->document);

  info->title = g_strdup (tp_document_get_title (self->document));
  info->uri = location ? g_file_get_uri (location) : NULL;
  info->encoding = g_strdup (tp_document_get_encoding_name (self->document));
}

/* A load that begins, and one that is over: the recorder may take the file for the text, and
 * keep no copy of it. */
static void
on_loading_changed (TpRecordClient *self)
{
  TpRecordMessage *message;

  message = tp_record_message_new (tp_document_get_loading (self->document)
                                   ? TP_RECORD_MESSAGE_LOADING : TP_RECORD_MESSAGE_LOADED,
                                   self->id);
  fill_info (self, &message->info);
  tp_recorder_push (self->recorder, message);
}

/* The recorder asks for the whole text once the file it was read from has changed: in order
 * with the edits, so it is the text after every edit sent before. */
static void
on_text_needed (TpRecordClient *self,
                guint           id)
{
  GtkTextBuffer *buffer;
  TpRecordMessage *message;
  GtkTextIter start, end;

  if (id != self->id || self->document == NULL)
    return;
  buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (self->document));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  message = tp_record_message_new (TP_RECORD_MESSAGE_TEXT, self->id);
  message->text = tp_long_lines_get_text (tp_document_get_long_lines (self->document), &start,
                                          &end);
  message->length = strlen (message->text);
  tp_recorder_push (self->recorder, message);
}

typedef struct
{
  GDestroyNotify done;
  gpointer       done_data;
} Guard;

/* Durable or not (a read-only recovery folder), the save goes on: the user asked for it. */
static void
on_standalone_synced (TpRecorder           *recorder,
                      TpRecorderSyncResult  result,
                      guint                 n_entries,
                      gpointer              user_data)
{
  Guard *guard = user_data;

  guard->done (guard->done_data);
  g_free (guard);
}

/* The file is about to be written over in place: the entry takes the whole text from it first,
 * and is synced, so that a crash during the write still gives the text back. */
static void
guard_in_place (TpDocument     *document,
                GDestroyNotify  done,
                gpointer        done_data,
                gpointer        user_data)
{
  TpRecordClient *self = user_data;
  Guard *guard = g_new (Guard, 1);

  guard->done = done;
  guard->done_data = done_data;
  push (self, TP_RECORD_MESSAGE_STANDALONE, 0, 0);
  tp_recorder_sync_async (self->recorder, STANDALONE_TIMEOUT_MS, on_standalone_synced, guard);
}

static void
on_changed_on_disk (TpRecordClient *self)
{
  push (self, TP_RECORD_MESSAGE_CHECK_BASE, 0, 0);
}

static void
on_info_changed (TpRecordClient *self)
{
  TpRecordMessage *message = tp_record_message_new (TP_RECORD_MESSAGE_INFO, self->id);

  fill_info (self, &message->info);
  tp_recorder_push (self->recorder, message);
}

/* An edit by the user makes an unmodified document modified, but the buffer says so only after
 * the edit. Protection is asked for first, so that the recorder counts the first keystroke as
 * safe only once the document's first snapshot holding it is on disk. */
static void
protect_before_edit (TpRecordClient *self)
{
  if (self->protecting || tp_document_get_loading (self->document))
    return;
  self->protecting = TRUE;
  push (self, TP_RECORD_MESSAGE_PROTECT, 0, 0);
}

/* Where iter is in the document's text: the buffer may hold breaks, which are not text. */
static int
text_offset (TpRecordClient    *self,
             const GtkTextIter *iter)
{
  return tp_long_lines_get_real_offset (tp_document_get_long_lines (self->document), iter);
}

static void
on_insert_text (TpRecordClient *self,
                GtkTextIter    *location,
                const char     *text,
                int             length)
{
  TpRecordMessage *message;
  int offset;

  if (tp_long_lines_is_adding_break (tp_document_get_long_lines (self->document)))
    return;
  message = tp_record_message_new (TP_RECORD_MESSAGE_INSERT, self->id);
  offset = text_offset (self, location);

  protect_before_edit (self);
  message->offset = offset;
  message->text = g_strndup (text, length);
  message->length = length;
  tp_recorder_push (self->recorder, message);
  self->sent_cursor = offset + g_utf8_strlen (text, length);
}

static void
on_delete_range (TpRecordClient *self,
                 GtkTextIter    *start,
                 GtkTextIter    *end)
{
  int from = text_offset (self, start);

  protect_before_edit (self);
  push (self, TP_RECORD_MESSAGE_DELETE, from, text_offset (self, end) - from);
  self->sent_cursor = from;
}

static void
on_cursor_moved (TpRecordClient *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (self->document));
  GtkTextIter cursor;
  int offset;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  offset = text_offset (self, &cursor);
  if (offset == self->sent_cursor)
    return;
  self->sent_cursor = offset;
  push (self, TP_RECORD_MESSAGE_CURSOR, offset, 0);
}

/* The entry on disk exists while there are unsaved changes that are the user's, not a file
 * being read. */
static void
update_protection (TpRecordClient *self)
{
  gboolean protect = tp_document_get_modified (self->document);

  if (protect == self->protecting)
    return;
  self->protecting = protect;
  push (self, protect ? TP_RECORD_MESSAGE_PROTECT : TP_RECORD_MESSAGE_UNPROTECT, 0, 0);
}

TpRecordClient *
tp_record_client_new (TpRecorder *recorder,
                      TpDocument *document)
{
  TpRecordClient *self = g_object_new (TP_TYPE_RECORD_CLIENT, NULL);
  GtkSourceBuffer *buffer = tp_document_get_buffer (document);
  TpDocumentInfo info = { 0 };

  self->recorder = g_object_ref (recorder);
  self->document = document;
  g_object_add_weak_pointer (G_OBJECT (document), (gpointer *) &self->document);
  fill_info (self, &info);
  self->id = tp_recorder_open_document (recorder, &info);
  tp_document_info_clear (&info);

  /* Before the buffer's own handlers: the iterators still say where the change goes. */
  g_signal_connect_object (buffer, "insert-text", G_CALLBACK (on_insert_text), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "delete-range", G_CALLBACK (on_delete_range), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "notify::cursor-position", G_CALLBACK (on_cursor_moved), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::modified", G_CALLBACK (update_protection), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::title", G_CALLBACK (on_info_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::location", G_CALLBACK (on_info_changed), self,
                           G_CONNECT_SWAPPED);
  /* A load ends with the encoding known. */
  g_signal_connect_object (document, "notify::loading", G_CALLBACK (on_info_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::loading", G_CALLBACK (on_loading_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "changed-on-disk", G_CALLBACK (on_changed_on_disk), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (recorder, "text-needed", G_CALLBACK (on_text_needed), self,
                           G_CONNECT_SWAPPED);
  tp_document_set_in_place_guard (document, guard_in_place, self);
  update_protection (self);
  return self;
}

/* The document's number in the recorder: its entry's name in this run's folder. */
guint
tp_record_client_get_id (TpRecordClient *self)
{
  g_return_val_if_fail (TP_IS_RECORD_CLIENT (self), 0);
  return self->id;
}

static void
tp_record_client_dispose (GObject *object)
{
  TpRecordClient *self = TP_RECORD_CLIENT (object);

  if (self->recorder != NULL)
    push (self, TP_RECORD_MESSAGE_CLOSE, 0, 0);
  if (self->document != NULL)
    {
      tp_document_set_in_place_guard (self->document, NULL, NULL);
      g_object_remove_weak_pointer (G_OBJECT (self->document), (gpointer *) &self->document);
    }
  self->document = NULL;
  g_clear_object (&self->recorder);
  G_OBJECT_CLASS (tp_record_client_parent_class)->dispose (object);
}

static void
tp_record_client_class_init (TpRecordClientClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tp_record_client_dispose;
}

static void
tp_record_client_init (TpRecordClient *self)
{
  self->sent_cursor = -1;
}

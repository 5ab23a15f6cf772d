/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-document"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-document.h"
#include "tp-file-messages.h"

#define BINARY_SNIFF_BYTES 65536

struct _TpDocument
{
  GObject          parent_instance;

  GtkSourceBuffer *buffer;
  GtkSourceFile   *file;
  GFileMonitor    *monitor;
  char            *title;
  guint            untitled_number;
  guint            busy_count;
  /* Between the start and the end of a load: the buffer then holds a file, not the user's
   * changes. */
  gboolean         loading;
  /* The encoding a recovered document is saved in, until it is saved once. */
  const GtkSourceEncoding *restored_encoding;
  /* Set once the user has been told about a change on disk, so that one change gives one
   * message; cleared by a reload or a save. */
  gboolean         disk_change_reported;
};

G_DEFINE_FINAL_TYPE (TpDocument, tp_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUFFER,
  PROP_LOCATION,
  PROP_TITLE,
  PROP_MODIFIED,
  PROP_BUSY,
  PROP_LOADING,
  N_PROPS
};

enum {
  CHANGED_ON_DISK,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void tp_document_guess_language (TpDocument *self);

/* Numbers of the untitled documents that are open: a new one takes the smallest free number. */
static GHashTable *untitled_numbers_in_use;

static guint
acquire_untitled_number (void)
{
  guint number = 1;

  if (untitled_numbers_in_use == NULL)
    untitled_numbers_in_use = g_hash_table_new (NULL, NULL);
  while (g_hash_table_contains (untitled_numbers_in_use, GUINT_TO_POINTER (number)))
    number++;
  g_hash_table_add (untitled_numbers_in_use, GUINT_TO_POINTER (number));
  return number;
}

static void
release_untitled_number (TpDocument *self)
{
  if (self->untitled_number == 0)
    return;
  g_hash_table_remove (untitled_numbers_in_use, GUINT_TO_POINTER (self->untitled_number));
  self->untitled_number = 0;
}

static void
tp_document_update_title (TpDocument *self)
{
  GFile *location = tp_document_get_location (self);
  g_autofree char *title = NULL;

  if (location != NULL)
    {
      release_untitled_number (self);
      title = tp_file_get_display_name (location);
    }
  else
    {
      if (self->untitled_number == 0)
        self->untitled_number = acquire_untitled_number ();
      /* Translators: the title of a document that has no file yet. */
      title = g_strdup_printf (_("Untitled Document %u"), self->untitled_number);
    }

  if (g_strcmp0 (title, self->title) == 0)
    return;
  g_free (self->title);
  self->title = g_steal_pointer (&title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
tp_document_set_busy (TpDocument *self,
                      gboolean    busy)
{
  gboolean was_busy = self->busy_count > 0;

  if (busy)
    self->busy_count++;
  else
    {
      g_return_if_fail (self->busy_count > 0);
      self->busy_count--;
    }
  if (was_busy != (self->busy_count > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
tp_document_set_loading (TpDocument *self,
                         gboolean    loading)
{
  gboolean was_modified = tp_document_get_modified (self);

  tp_document_set_busy (self, loading);
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  /* A document being read is not "modified", whatever the buffer says meanwhile. */
  if (tp_document_get_modified (self) != was_modified)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
on_monitor_changed (TpDocument        *self,
                    GFile             *file,
                    GFile             *other_file,
                    GFileMonitorEvent  event,
                    GFileMonitor      *monitor)
{
  if (self->busy_count > 0 || self->disk_change_reported)
    return;
  if (event != G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT && event != G_FILE_MONITOR_EVENT_DELETED
      && event != G_FILE_MONITOR_EVENT_CREATED)
    return;

  gtk_source_file_check_file_on_disk (self->file);
  if (gtk_source_file_is_externally_modified (self->file) || gtk_source_file_is_deleted (self->file))
    {
      self->disk_change_reported = TRUE;
      g_signal_emit (self, signals[CHANGED_ON_DISK], 0);
    }
}

static void
tp_document_watch_location (TpDocument *self)
{
  GFile *location = tp_document_get_location (self);

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  self->disk_change_reported = FALSE;
  if (location == NULL)
    return;

  self->monitor = g_file_monitor_file (location, G_FILE_MONITOR_NONE, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect_object (self->monitor, "changed", G_CALLBACK (on_monitor_changed), self,
                             G_CONNECT_SWAPPED);
}

static void
on_modified_changed (TpDocument *self)
{
  /* While loading, the property stays FALSE; the end of the load announces any change. */
  if (self->loading)
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
tp_document_dispose (GObject *object)
{
  TpDocument *self = TP_DOCUMENT (object);

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_object (&self->buffer);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (tp_document_parent_class)->dispose (object);
}

static void
tp_document_finalize (GObject *object)
{
  TpDocument *self = TP_DOCUMENT (object);

  release_untitled_number (self);
  g_free (self->title);

  G_OBJECT_CLASS (tp_document_parent_class)->finalize (object);
}

static void
tp_document_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TpDocument *self = TP_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_BUFFER:
      g_value_set_object (value, self->buffer);
      break;
    case PROP_LOCATION:
      g_value_set_object (value, tp_document_get_location (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, tp_document_get_modified (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy_count > 0);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tp_document_class_init (TpDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tp_document_dispose;
  object_class->finalize = tp_document_finalize;
  object_class->get_property = tp_document_get_property;

  properties[PROP_BUFFER] =
    g_param_spec_object ("buffer", NULL, NULL, GTK_SOURCE_TYPE_BUFFER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCATION] =
    g_param_spec_object ("location", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The file was changed or deleted by another program. */
  signals[CHANGED_ON_DISK] =
    g_signal_new ("changed-on-disk", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/* The loader appends at the cursor, which would then ride along with the end of the text, and
 * any key pressed during the load would scroll the view down there. GtkTextView has not laid
 * out those lines yet, so it shapes thousands of them in each frame: tens of ms per frame, a
 * load slowed by half. Once the first piece is in, the cursor waits at the start instead. */
static void
keep_cursor_at_start (TpDocument  *self,
                      GtkTextIter *location,
                      const char  *text,
                      int          length)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter cursor;

  if (!self->loading)
    return;
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  if (!gtk_text_iter_is_start (&cursor))
    {
      gtk_text_buffer_get_start_iter (buffer, &cursor);
      gtk_text_buffer_place_cursor (buffer, &cursor);
    }
}

static void
tp_document_init (TpDocument *self)
{
  self->buffer = gtk_source_buffer_new (NULL);
  self->file = gtk_source_file_new ();
  g_signal_connect_object (self->buffer, "modified-changed", G_CALLBACK (on_modified_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "insert-text", G_CALLBACK (keep_cursor_at_start), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  tp_document_update_title (self);
}

TpDocument *
tp_document_new (void)
{
  return g_object_new (TP_TYPE_DOCUMENT, NULL);
}

GtkSourceBuffer *
tp_document_get_buffer (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), NULL);
  return self->buffer;
}

GtkSourceFile *
tp_document_get_file (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), NULL);
  return self->file;
}

GFile *
tp_document_get_location (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), NULL);
  return gtk_source_file_get_location (self->file);
}

void
tp_document_set_location (TpDocument *self,
                          GFile      *location)
{
  g_return_if_fail (TP_IS_DOCUMENT (self));

  gtk_source_file_set_location (self->file, location);
  tp_document_update_title (self);
  tp_document_watch_location (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION]);
}

const char *
tp_document_get_title (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), NULL);
  return self->title;
}

/* The title as tabs and the window show it: marked when there are unsaved changes. */
char *
tp_document_dup_display_title (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), NULL);

  if (tp_document_get_modified (self))
    /* Translators: the title of a document that has unsaved changes. */
    return g_strdup_printf (_("• %s"), self->title);
  return g_strdup (self->title);
}

gboolean
tp_document_get_modified (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), FALSE);
  /* The buffer counts the text being read in as changes until the loader is done. */
  return !self->loading && gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->buffer));
}

gboolean
tp_document_get_loading (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), FALSE);
  return self->loading;
}

/* Puts back a document recovered after a crash: its text, as unsaved changes to its file (if it
 * had one), to be saved in the encoding it had. */
void
tp_document_restore (TpDocument *self,
                     GFile      *location,
                     const char *encoding,
                     const char *text,
                     gssize      length)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (TP_IS_DOCUMENT (self));

  buffer = GTK_TEXT_BUFFER (self->buffer);
  if (location != NULL)
    tp_document_set_location (self, location);
  self->restored_encoding = encoding ? gtk_source_encoding_get_from_charset (encoding) : NULL;
  gtk_source_buffer_begin_not_undoable_action (self->buffer);
  gtk_text_buffer_set_text (buffer, text, length);
  gtk_source_buffer_end_not_undoable_action (self->buffer);
  gtk_text_buffer_set_modified (buffer, TRUE);
  if (location != NULL)
    tp_document_guess_language (self);
}

gboolean
tp_document_get_busy (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), FALSE);
  return self->busy_count > 0;
}

/* An untitled, empty, unmodified document: opening a file may take its place. */
gboolean
tp_document_is_untouched (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), FALSE);
  return tp_document_get_location (self) == NULL && self->busy_count == 0
         && !tp_document_get_modified (self)
         && gtk_text_buffer_get_char_count (GTK_TEXT_BUFFER (self->buffer)) == 0
         && !gtk_source_buffer_can_undo (self->buffer);
}

const char *
tp_document_get_encoding_name (TpDocument *self)
{
  const GtkSourceEncoding *encoding;

  g_return_val_if_fail (TP_IS_DOCUMENT (self), NULL);
  encoding = gtk_source_file_get_encoding (self->file);
  if (encoding == NULL)
    encoding = gtk_source_encoding_get_utf8 ();
  return gtk_source_encoding_get_charset (encoding);
}

static void
tp_document_guess_language (TpDocument *self)
{
  GtkSourceLanguageManager *manager = gtk_source_language_manager_get_default ();
  GFile *location = tp_document_get_location (self);
  g_autofree char *basename = location ? g_file_get_basename (location) : NULL;
  g_autofree char *content_type = NULL;
  GtkTextIter start, end;
  g_autofree char *head = NULL;
  GtkSourceLanguage *language;

  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->buffer), &start);
  end = start;
  gtk_text_iter_forward_chars (&end, 4096);
  head = gtk_text_iter_get_slice (&start, &end);
  content_type = g_content_type_guess (basename, (const guchar *) head, strlen (head), NULL);
  language = gtk_source_language_manager_guess_language (manager, basename, content_type);
  gtk_source_buffer_set_language (self->buffer, language);
}

static void
loaded_text_finish (TpDocument *self,
                    GTask      *task,
                    GError     *error)
{
  GtkTextIter start;

  tp_document_guess_language (self);
  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->buffer), &start);
  gtk_text_buffer_place_cursor (GTK_TEXT_BUFFER (self->buffer), &start);
  tp_document_watch_location (self);
  tp_document_set_loading (self, FALSE);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_loader_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TpDocument *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!gtk_source_file_loader_load_finish (GTK_SOURCE_FILE_LOADER (source), result, &error)
      && !g_error_matches (error, GTK_SOURCE_FILE_LOADER_ERROR,
                           GTK_SOURCE_FILE_LOADER_ERROR_CONVERSION_FALLBACK))
    {
      tp_document_set_loading (self, FALSE);
      g_task_return_error (task, error);
      return;
    }

  /* A stream has no file to come back to: its text counts as unsaved. */
  if (g_task_get_task_data (task) != NULL)
    gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), TRUE);

  loaded_text_finish (self, task, error);
}

static void
start_loader (GTask                 *task,
              GtkSourceFileLoader   *loader)
{
  gtk_source_file_loader_load_async (loader, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                     NULL, NULL, NULL, on_loader_done, task);
  g_object_unref (loader);
}

static void
on_sniff_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TpDocument *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) head = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result,
                                                             &error);
  GtkSourceFileLoader *loader;

  g_input_stream_close_async (G_INPUT_STREAM (source), G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  if (head != NULL)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (head, &length);

      if (tp_bytes_look_binary (data, length))
        {
          tp_document_set_loading (self, FALSE);
          g_task_return_new_error (task, TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_BINARY,
                                   "binary file");
          return;
        }
    }

  /* A read error here is reported by the loader itself, with its own wording. */
  loader = gtk_source_file_loader_new (self->buffer, self->file);
  start_loader (g_steal_pointer (&task), loader);
}

static void
on_sniff_opened (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TpDocument *self = g_task_get_source_object (task);
  GError *error = NULL;
  g_autoptr(GFileInputStream) stream = g_file_read_finish (G_FILE (source), result, &error);
  GCancellable *cancellable;

  if (stream == NULL)
    {
      tp_document_set_loading (self, FALSE);
      g_task_return_error (task, error);
      return;
    }

  cancellable = g_task_get_cancellable (task);
  g_input_stream_read_bytes_async (G_INPUT_STREAM (stream), BINARY_SNIFF_BYTES, G_PRIORITY_DEFAULT,
                                   cancellable, on_sniff_read, g_steal_pointer (&task));
}

void
tp_document_load_async (TpDocument          *self,
                        GFile               *location,
                        TpDocumentLoadFlags  flags,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TP_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (location));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tp_document_load_async);
  tp_document_set_loading (self, TRUE);
  tp_document_set_location (self, location);

  if (flags & TP_DOCUMENT_LOAD_ALLOW_BINARY)
    start_loader (task, gtk_source_file_loader_new (self->buffer, self->file));
  else
    g_file_read_async (location, G_PRIORITY_DEFAULT, cancellable, on_sniff_opened, task);
}

void
tp_document_load_stream_async (TpDocument          *self,
                               GInputStream        *stream,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TP_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_INPUT_STREAM (stream));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tp_document_load_async);
  g_task_set_task_data (task, GINT_TO_POINTER (TRUE), NULL);
  tp_document_set_loading (self, TRUE);
  start_loader (task, gtk_source_file_loader_new_from_stream (self->buffer, self->file, stream));
}

gboolean
tp_document_load_finish (TpDocument    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_saver_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TpDocument *self = g_task_get_source_object (task);
  GError *error = NULL;
  gboolean saved = gtk_source_file_saver_save_finish (GTK_SOURCE_FILE_SAVER (source), result,
                                                      &error);

  tp_document_set_busy (self, FALSE);
  if (!saved)
    {
      g_task_return_error (task, error);
      return;
    }

  self->restored_encoding = NULL;
  tp_document_update_title (self);
  tp_document_watch_location (self);
  if (gtk_source_buffer_get_language (self->buffer) == NULL)
    tp_document_guess_language (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION]);
  g_task_return_boolean (task, TRUE);
}

void
tp_document_save_async (TpDocument          *self,
                        GFile               *location,
                        TpDocumentSaveFlags  flags,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GtkSourceFileSaver *saver;
  GtkSourceFileSaverFlags saver_flags = GTK_SOURCE_FILE_SAVER_FLAGS_NONE;
  GTask *task;

  g_return_if_fail (TP_IS_DOCUMENT (self));
  g_return_if_fail (location != NULL || tp_document_get_location (self) != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tp_document_save_async);

  if (location != NULL)
    saver = gtk_source_file_saver_new_with_target (self->buffer, self->file, location);
  else
    saver = gtk_source_file_saver_new (self->buffer, self->file);

  if (self->restored_encoding != NULL)
    gtk_source_file_saver_set_encoding (saver, self->restored_encoding);
  if (flags & TP_DOCUMENT_SAVE_IGNORE_DISK_CHANGES)
    saver_flags |= GTK_SOURCE_FILE_SAVER_FLAGS_IGNORE_MODIFICATION_TIME;
  /* Text that could not be decoded was loaded as escapes; writing them back is the user's
   * explicit choice once the document was made editable. */
  saver_flags |= GTK_SOURCE_FILE_SAVER_FLAGS_IGNORE_INVALID_CHARS;
  gtk_source_file_saver_set_flags (saver, saver_flags);

  tp_document_set_busy (self, TRUE);
  gtk_source_file_saver_save_async (saver, G_PRIORITY_DEFAULT, cancellable, NULL, NULL, NULL,
                                    on_saver_done, task);
  g_object_unref (saver);
}

gboolean
tp_document_save_finish (TpDocument    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

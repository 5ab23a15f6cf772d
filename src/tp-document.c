/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-document"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-document-private.h"
#include "tp-file-messages.h"
#include "tp-file-reader.h"
#include "tp-gtk-util.h"

/* The text of a file being read goes into the buffer for at most this long in a main-loop
 * cycle, before GtkTextView's layout of lines off screen, which would otherwise hold the
 * reading back until it had laid out everything read so far. */
#define LOAD_BUDGET_USEC (6 * 1000)
#define LOAD_PRIORITY TP_PRIORITY_BEFORE_LAYOUT

G_DEFINE_FINAL_TYPE (TpDocument, tp_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BUFFER,
  PROP_LOCATION,
  PROP_TITLE,
  PROP_MODIFIED,
  PROP_BUSY,
  PROP_LOADING,
  PROP_LOAD_PROGRESS,
  PROP_READ_ONLY,
  N_PROPS
};

enum {
  CHANGED_ON_DISK,
  EDIT_REFUSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void tp_document_guess_language (TpDocument *self);
static void note_long_lines            (TpDocument *self);

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

void
_tp_document_set_busy (TpDocument *self,
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

  _tp_document_set_busy (self, loading);
  self->loading = loading;
  if (!loading)
    self->loading_stream = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  /* A document being read is not "modified", whatever the buffer says meanwhile. */
  if (tp_document_get_modified (self) != was_modified)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
set_read_only (TpDocument *self,
               gboolean    read_only)
{
  if (self->read_only == read_only)
    return;
  self->read_only = read_only;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

static void
on_disk_state_known (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(TpDocument) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (source), result, &error);
  GFile *location = tp_document_get_location (self);
  const char *etag;

  /* A save or a load since the question was asked knows better. */
  if (self->busy_count > 0 || self->disk_change_reported || location == NULL
      || !g_file_equal (G_FILE (source), location))
    return;
  if (info == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return;
      self->deleted = TRUE;
    }
  else
    {
      etag = g_file_info_get_etag (info);
      self->deleted = FALSE;
      set_read_only (self, tp_file_info_is_read_only (info));
      if (self->etag == NULL || etag == NULL || g_str_equal (etag, self->etag))
        return;
      self->externally_modified = TRUE;
    }
  self->disk_change_reported = TRUE;
  g_signal_emit (self, signals[CHANGED_ON_DISK], 0);
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
  /* Asked off the main thread: a file system that is slow to answer never makes the window
   * wait. */
  g_file_query_info_async (tp_document_get_location (self),
                           G_FILE_ATTRIBUTE_ETAG_VALUE "," G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, NULL, on_disk_state_known,
                           g_object_ref (self));
}

/* What the disk holds once a load or a save is over. */
void
_tp_document_set_disk_state (TpDocument *self,
                             const char *etag,
                             gboolean    read_only)
{
  /* A tag that could not be read after a save leaves the one before: a change by another
   * program is still seen as one. */
  if (etag != NULL)
    {
      g_free (self->etag);
      self->etag = g_strdup (etag);
    }
  set_read_only (self, read_only);
  self->deleted = FALSE;
  self->externally_modified = FALSE;
}

/* Whether another program changed the file since it was read or saved here (as far as a
 * change was seen). */
gboolean
tp_document_is_externally_modified (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), FALSE);
  return self->externally_modified;
}

gboolean
tp_document_is_deleted (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), FALSE);
  return self->deleted;
}

gboolean
tp_document_is_read_only (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), FALSE);
  return self->read_only;
}

/* The entity tag the file had when it was read or last saved here, or NULL. */
const char *
_tp_document_get_etag (TpDocument *self)
{
  return self->etag;
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

void
_tp_document_notify_modified (TpDocument *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
on_modified_changed (TpDocument *self)
{
  /* While loading or saving, the property keeps to its own rule; the end of the load or the
   * save announces any change. */
  if (self->loading || self->saving)
    return;
  _tp_document_notify_modified (self);
}

/* Every change of the text, the user's or the undo manager's. */
static void
on_text_changed (TpDocument *self)
{
  gboolean was_modified = tp_document_get_modified (self);

  self->edits++;
  if (self->saving && !was_modified)
    _tp_document_notify_modified (self);
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
  g_clear_object (&self->long_lines);
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
  g_free (self->etag);
  g_free (self->chosen_language);

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
    case PROP_LOAD_PROGRESS:
      g_value_set_double (value, tp_document_get_load_progress (self));
      break;
    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
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
  properties[PROP_LOAD_PROGRESS] =
    g_param_spec_double ("load-progress", NULL, NULL, 0, 1, 1,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* The user may not write the document's file (as far as was seen when it was read, saved,
   * or changed on disk). */
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The file was changed or deleted by another program. */
  signals[CHANGED_ON_DISK] =
    g_signal_new ("changed-on-disk", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The user tried to change the text while a file was being read into it. */
  signals[EDIT_REFUSED] =
    g_signal_new ("edit-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
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

/* While a file is read in, the text is the file's: the user's own edits (a paste, a drop, a
 * key; GtkTextView makes each one a user action) are refused here, before any other handler
 * sees them. A view made not editable refuses them too, but making it editable again makes
 * GtkTextView lay out every line anew (gtk_text_layout_default_style_changed ()): a cycle of
 * over 100 ms at the end of a 150 MB load, and all the layout done during the load lost. */
static void
refuse_user_edit (TpDocument *self,
                  const char *signal_name)
{
  if (!self->loading || self->user_actions == 0 || self->loading_stream)
    return;
  g_signal_stop_emission_by_name (self->buffer, signal_name);
  g_signal_emit (self, signals[EDIT_REFUSED], 0);
}

static void
refuse_user_insert (TpDocument *self)
{
  refuse_user_edit (self, "insert-text");
}

static void
refuse_user_delete (TpDocument *self)
{
  refuse_user_edit (self, "delete-range");
}

static void
on_begin_user_action (TpDocument *self)
{
  self->user_actions++;
}

static void
on_end_user_action (TpDocument *self)
{
  if (self->user_actions > 0)
    self->user_actions--;
}

static void
tp_document_init (TpDocument *self)
{
  self->buffer = gtk_source_buffer_new (NULL);
  g_signal_connect_object (self->buffer, "begin-user-action", G_CALLBACK (on_begin_user_action),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "end-user-action", G_CALLBACK (on_end_user_action),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "insert-text", G_CALLBACK (refuse_user_insert), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "delete-range", G_CALLBACK (refuse_user_delete), self,
                           G_CONNECT_SWAPPED);
  self->long_lines = tp_long_lines_new (self->buffer);
  self->file = gtk_source_file_new ();
  g_signal_connect_object (self->buffer, "modified-changed", G_CALLBACK (on_modified_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "insert-text", G_CALLBACK (keep_cursor_at_start), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (self->buffer, "insert-text", G_CALLBACK (on_text_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->buffer, "delete-range", G_CALLBACK (on_text_changed), self,
                           G_CONNECT_SWAPPED);
  tp_document_update_title (self);
}

TpDocument *
tp_document_new (void)
{
  return g_object_new (TP_TYPE_DOCUMENT, NULL);
}

/* What maps the buffer, where long lines are cut into pieces, to the document's text. */
TpLongLines *
tp_document_get_long_lines (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), NULL);
  return self->long_lines;
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

  if (location == NULL || tp_document_get_location (self) == NULL
      || !g_file_equal (location, tp_document_get_location (self)))
    {
      self->in_place_accepted = 0;
      g_clear_pointer (&self->chosen_language, g_free);
      self->chosen_encoding = NULL;
    }
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

/* Whether the document holds text that is not on disk: what "•" in the title, the question
 * before closing and the recovery entry follow. */
gboolean
tp_document_get_modified (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), FALSE);
  /* The buffer counts the text being read in as changes until the loader is done. */
  if (self->loading)
    return FALSE;
  if (self->saving)
    return self->modified_before_save || self->edits != self->edits_at_save_start;
  return gtk_text_buffer_get_modified (GTK_TEXT_BUFFER (self->buffer));
}

TpDocumentContent
tp_document_get_content (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), TP_DOCUMENT_CONTENT_TEXT);
  return self->content;
}

/* How much of the file being loaded has been read, from 0 to 1. */
double
tp_document_get_load_progress (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), 0);
  return self->loading ? self->load_progress : 1;
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
  self->content = TP_DOCUMENT_CONTENT_TEXT;
  gtk_source_buffer_begin_not_undoable_action (self->buffer);
  tp_long_lines_set_text (self->long_lines, text, length);
  gtk_source_buffer_end_not_undoable_action (self->buffer);
  note_long_lines (self);
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

void
tp_document_set_in_place_guard (TpDocument             *self,
                                TpDocumentInPlaceGuard  guard,
                                gpointer                user_data)
{
  g_return_if_fail (TP_IS_DOCUMENT (self));
  self->in_place_guard = guard;
  self->in_place_guard_data = user_data;
}

/* The line end the document's lines are saved with: "\n", "\r\n" or "\r", as its first line
 * had it when it was read or last saved ("\n" for none). */
const char *
tp_document_get_line_end (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), "\n");
  return self->line_end_read != NULL && *self->line_end_read != '\0' ? self->line_end_read : "\n";
}

/* The encoding the document is saved in: the one its file was read or last saved in, or for
 * a recovered document the one its file had. */
const GtkSourceEncoding *
tp_document_get_encoding (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), NULL);
  if (self->restored_encoding != NULL)
    return self->restored_encoding;
  return self->encoding != NULL ? self->encoding : gtk_source_encoding_get_utf8 ();
}

const char *
tp_document_get_encoding_name (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), NULL);
  return gtk_source_encoding_get_charset (tp_document_get_encoding (self));
}

/* The highlighting language the user chose for this document, or "" for plain text; NULL
 * while it is Threadpad's guess. A choice holds until another file is read into the document. */
void
tp_document_set_language (TpDocument *self,
                          const char *id)
{
  GtkSourceLanguage *language = NULL;
  /* id may be the choice already held, which is freed below. */
  char *chosen = g_strdup (id);

  g_return_if_fail (TP_IS_DOCUMENT (self));

  g_free (self->chosen_language);
  self->chosen_language = chosen;
  if (chosen == NULL)
    {
      tp_document_guess_language (self);
      return;
    }
  if (*chosen != '\0')
    language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                         chosen);
  gtk_source_buffer_set_language (self->buffer, language);
}

const char *
tp_document_get_chosen_language (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), NULL);
  return self->chosen_language;
}

/* The encoding the user chose for the document's file: the one its last read was asked in
 * (NULL when the bytes said which), or the one a save was asked in that differed from what the
 * file had. A choice holds until another file is read into the document. */
const GtkSourceEncoding *
tp_document_get_chosen_encoding (TpDocument *self)
{
  g_return_val_if_fail (TP_IS_DOCUMENT (self), NULL);
  return self->chosen_encoding;
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

  if (self->chosen_language != NULL)
    {
      tp_document_set_language (self, self->chosen_language);
      return;
    }

  /* GtkSourceView parses a line in time that grows with the square of its length: 8 ms for
   * 1,000 characters of JSON, 78 ms for 3,000, 1 s for 10,000, in the background and again at
   * each key typed into the line (tests/bench/bench-line-length). A file with long lines is
   * shown as plain text; choosing a language for it is the user's call. */
  if (tp_long_lines_get_n_breaks (self->long_lines) > 0)
    {
      gtk_source_buffer_set_language (self->buffer, NULL);
      return;
    }

  gtk_text_buffer_get_start_iter (GTK_TEXT_BUFFER (self->buffer), &start);
  end = start;
  gtk_text_iter_forward_chars (&end, 4096);
  head = gtk_text_iter_get_slice (&start, &end);
  content_type = g_content_type_guess (basename, (const guchar *) head, strlen (head), NULL);
  language = gtk_source_language_manager_guess_language (manager, basename, content_type);
  gtk_source_buffer_set_language (self->buffer, language);
}

/* A load under way: what was asked. */
typedef struct
{
  const GtkSourceEncoding *encoding;
  TpDocumentLoadFlags      flags;
  gboolean                 from_stream;
  /* What the buffer held of this file before (nothing, for another file): until the first
   * text arrives, it still holds that. */
  TpDocumentContent        previous_content;
  gboolean                 text_started;
} LoadJob;

/* How the text just read in is saved: in the line end its first line had. The buffer's own
 * first line may end with a cut, and a file read by Threadpad's reader tells GtkSourceFile
 * nothing about its lines. */
static void
note_long_lines (TpDocument *self)
{
  self->line_end_read = tp_long_lines_get_first_line_end (self->long_lines);
}

/* The reading is over: how the text read ended and how its lines end are known. A file that
 * did not end with a line end is saved without one, as it was. */
static void
end_reading (TpDocument *self)
{
  tp_long_lines_end_reading (self->long_lines);
  gtk_source_buffer_set_implicit_trailing_newline (
    self->buffer, tp_long_lines_get_read_final_line_end (self->long_lines));
  note_long_lines (self);
}

static void
set_load_progress (TpDocument *self,
                   double      progress)
{
  self->load_progress = CLAMP (progress, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOAD_PROGRESS]);
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
  _tp_document_clean_leftovers (self);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* ---- reading a file, on Threadpad's reader ---- */

/* The text read replaces what the buffer held: from the first piece on, or at the end of an
 * empty file. Until then a load that fails leaves the buffer as it was. */
static void
begin_text (TpDocument *self,
            LoadJob    *job)
{
  if (job->text_started)
    return;
  job->text_started = TRUE;
  self->content = TP_DOCUMENT_CONTENT_INCOMPLETE;
  /* Until the language is guessed again from what is read, GtkSourceView would parse lines
   * that may be long. */
  gtk_source_buffer_set_language (self->buffer, NULL);
  tp_long_lines_begin_reading (self->long_lines);
  gtk_source_buffer_begin_not_undoable_action (self->buffer);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (self->buffer), "", 0);
}

/* The final line end of what was read goes: GtkSourceBuffer shows a file's last line without
 * one and puts it back on saving when implicit-trailing-newline says so (end_reading). */
static void
end_text (TpDocument *self)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (self->buffer);
  GtkTextIter start, end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  start = end;
  if (gtk_text_iter_backward_char (&start)
      && (gtk_text_iter_get_char (&start) == '\n' || gtk_text_iter_get_char (&start) == '\r'))
    {
      GtkTextIter before = start;

      if (gtk_text_iter_get_char (&start) == '\n' && gtk_text_iter_backward_char (&before)
          && gtk_text_iter_get_char (&before) == '\r')
        start = before;
      gtk_text_buffer_delete (buffer, &start, &end);
    }
  gtk_source_buffer_end_not_undoable_action (self->buffer);
  gtk_text_buffer_set_modified (buffer, FALSE);
  end_reading (self);
}

static void
load_failed (TpDocument *self,
             GTask      *task,
             GError     *error)
{
  LoadJob *job = g_task_get_task_data (task);

  /* Nothing was read from a file that does not exist: saving creates it. A load that stopped
   * left part of the file, which is not the user's change. Before the first text, the buffer
   * still holds what it held. */
  if (job->text_started)
    {
      if (job->from_stream)
        end_reading (self);
      else
        end_text (self);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    self->content = TP_DOCUMENT_CONTENT_TEXT;
  else if (job->text_started)
    {
      self->content = TP_DOCUMENT_CONTENT_INCOMPLETE;
      gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), FALSE);
    }
  else
    self->content = job->previous_content;
  tp_document_set_loading (self, FALSE);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static void
on_text_read (const char *text,
              gsize       length,
              double      progress,
              gpointer    user_data)
{
  GTask *task = user_data;
  TpDocument *self = g_task_get_source_object (task);
  GtkTextIter end;

  begin_text (self, g_task_get_task_data (task));
  /* At the end, not at the cursor, which stays where the user may type once it is over. */
  gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (self->buffer), &end);
  gtk_text_buffer_insert (GTK_TEXT_BUFFER (self->buffer), &end, text, (int) length);
  set_load_progress (self, progress);
}

/* What the reader's errors mean to a person. Only regular files are opened: a named pipe
 * would keep the window waiting for a writer and could be read only once, a device might
 * never end. */
static GError *
describe_read_error (GFile  *location,
                     GError *error)
{
  g_autofree char *name = NULL;
  GError *described;

  if (error->domain != TP_FILE_READER_ERROR)
    return error;
  name = tp_file_get_display_name (location);
  switch ((TpFileReaderError) error->code)
    {
    case TP_FILE_READER_ERROR_BINARY:
      described = g_error_new_literal (TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_BINARY,
                                       "binary file");
      break;
    case TP_FILE_READER_ERROR_FIFO:
      described = g_error_new (TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_NOT_REGULAR,
                               _("“%s” is a named pipe, not a file: what a program writes into "
                                 "it can be read only once. To edit it, send it to Threadpad "
                                 "instead, as in “program | threadpad -”."), name);
      break;
    case TP_FILE_READER_ERROR_NOT_REGULAR:
    default:
      described = g_error_new (TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_NOT_REGULAR,
                               _("“%s” is a device or a socket, not a file, so it cannot be "
                                 "opened as a document."), name);
      break;
    }
  g_error_free (error);
  return described;
}

static void
on_file_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  TpDocument *self = g_task_get_source_object (task);
  LoadJob *job = g_task_get_task_data (task);
  TpFileReadInfo info = { 0 };
  GError *error = NULL;
  const GtkSourceEncoding *encoding;

  if (!tp_file_reader_read_finish (result, &info, &error))
    {
      tp_file_read_info_clear (&info);
      load_failed (self, task, describe_read_error (tp_document_get_location (self), error));
      return;
    }

  begin_text (self, job);
  end_text (self);
  encoding = gtk_source_encoding_get_from_charset (info.charset);
  self->encoding = encoding != NULL ? encoding : gtk_source_encoding_get_utf8 ();
  /* The text is the file's now, in the encoding it was read in. */
  self->restored_encoding = NULL;
  _tp_document_set_disk_state (self, info.etag, info.read_only);
  /* Bytes that were no text are shown as escapes; an encoding GtkSourceView cannot write
   * would be saved as UTF-8: either way, saving over the file needs the user's word. */
  if (info.escaped || encoding == NULL)
    {
      self->content = TP_DOCUMENT_CONTENT_CONVERTED;
      error = g_error_new_literal (GTK_SOURCE_FILE_LOADER_ERROR,
                                   GTK_SOURCE_FILE_LOADER_ERROR_CONVERSION_FALLBACK,
                                   "some bytes are shown as escapes");
    }
  else
    self->content = TP_DOCUMENT_CONTENT_TEXT;
  tp_file_read_info_clear (&info);
  loaded_text_finish (self, task, error);
  g_object_unref (task);
}

/* ---- reading a stream, with GtkSourceView's loader ---- */

static void
on_loader_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TpDocument *self = g_task_get_source_object (task);
  GError *error = NULL;
  const GtkSourceEncoding *encoding;

  if (!gtk_source_file_loader_load_finish (GTK_SOURCE_FILE_LOADER (source), result, &error)
      && !g_error_matches (error, GTK_SOURCE_FILE_LOADER_ERROR,
                           GTK_SOURCE_FILE_LOADER_ERROR_CONVERSION_FALLBACK))
    {
      load_failed (self, g_steal_pointer (&task), error);
      return;
    }

  end_reading (self);
  encoding = gtk_source_file_get_encoding (self->file);
  self->encoding = encoding != NULL ? encoding : gtk_source_encoding_get_utf8 ();
  self->restored_encoding = NULL;
  self->content = error != NULL ? TP_DOCUMENT_CONTENT_CONVERTED : TP_DOCUMENT_CONTENT_TEXT;
  /* A stream has no file to come back to: its text counts as unsaved. */
  gtk_text_buffer_set_modified (GTK_TEXT_BUFFER (self->buffer), TRUE);
  loaded_text_finish (self, task, error);
}

/* The encodings a stream is tried in, first to last: those tp_file_reader_guess_charset ()
 * tries for a file. */
static GSList *
candidate_encodings (void)
{
  const GtkSourceEncoding *current = gtk_source_encoding_get_current ();
  GSList *candidates = NULL;

  candidates = g_slist_append (candidates, (gpointer) gtk_source_encoding_get_utf8 ());
  if (current != gtk_source_encoding_get_utf8 ())
    candidates = g_slist_append (candidates, (gpointer) current);
  candidates = g_slist_append (candidates,
                               (gpointer) gtk_source_encoding_get_from_charset ("WINDOWS-1252"));
  candidates = g_slist_append (candidates,
                               (gpointer) gtk_source_encoding_get_from_charset ("ISO-8859-1"));
  return candidates;
}

static void
on_load_progress (goffset  current,
                  goffset  total,
                  gpointer user_data)
{
  if (total > 0)
    set_load_progress (user_data, (double) current / total);
}

static GTask *
load_task_new (TpDocument          *self,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  LoadJob *job = g_new0 (LoadJob, 1);

  g_task_set_source_tag (task, tp_document_load_async);
  g_task_set_task_data (task, job, g_free);
  job->previous_content = self->content;
  self->load_progress = 0;
  /* A reserved load is loading already. */
  if (self->load_reserved)
    self->load_reserved = FALSE;
  else
    tp_document_set_loading (self, TRUE);
  return task;
}

/* The document counts as loading (busy, refusing the user's edits) from now on, before its load
 * starts: the caller first finds out how to read the file (in which encoding, as the tab asks
 * what is remembered of it), then calls tp_document_load_async (). */
void
tp_document_reserve_load (TpDocument *self)
{
  g_return_if_fail (TP_IS_DOCUMENT (self));
  g_return_if_fail (self->busy_count == 0);

  self->load_reserved = TRUE;
  tp_document_set_loading (self, TRUE);
}

/* Reads location into the document, in encoding or in the one its bytes say when encoding is
 * NULL: the file is opened, read and decoded on a thread, the text put in the buffer in
 * pieces, a few milliseconds in each main-loop cycle. */
void
tp_document_load_async (TpDocument              *self,
                        GFile                   *location,
                        const GtkSourceEncoding *encoding,
                        TpDocumentLoadFlags      flags,
                        GCancellable            *cancellable,
                        GAsyncReadyCallback      callback,
                        gpointer                 user_data)
{
  GTask *task;
  LoadJob *job;

  g_return_if_fail (TP_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_FILE (location));

  /* The saver reads the buffer as it writes: nothing may replace the text meanwhile. */
  if (self->busy_count > (self->load_reserved ? 1 : 0))
    {
      g_task_report_new_error (self, callback, user_data, tp_document_load_async, G_IO_ERROR,
                               G_IO_ERROR_BUSY, "the document is being saved or loaded");
      return;
    }
  task = load_task_new (self, cancellable, callback, user_data);
  job = g_task_get_task_data (task);
  if (tp_document_get_location (self) == NULL
      || !g_file_equal (location, tp_document_get_location (self)))
    job->previous_content = TP_DOCUMENT_CONTENT_INCOMPLETE;
  job->encoding = encoding;
  job->flags = flags;
  tp_document_set_location (self, location);
  self->chosen_encoding = encoding;
  tp_file_reader_read_async (location, encoding ? gtk_source_encoding_get_charset (encoding) : NULL,
                             (flags & TP_DOCUMENT_LOAD_ALLOW_BINARY) ? TP_FILE_READER_ALLOW_BINARY
                                                                     : TP_FILE_READER_NONE,
                             LOAD_BUDGET_USEC, LOAD_PRIORITY, cancellable, on_text_read, task,
                             on_file_read, task);
}

void
tp_document_load_stream_async (TpDocument          *self,
                               GInputStream        *stream,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  GtkSourceFileLoader *loader;
  g_autoptr(GSList) candidates = candidate_encodings ();

  g_return_if_fail (TP_IS_DOCUMENT (self));
  g_return_if_fail (G_IS_INPUT_STREAM (stream));

  task = load_task_new (self, cancellable, callback, user_data);
  ((LoadJob *) g_task_get_task_data (task))->from_stream = TRUE;
  self->loading_stream = TRUE;
  ((LoadJob *) g_task_get_task_data (task))->text_started = TRUE;
  self->content = TP_DOCUMENT_CONTENT_INCOMPLETE;
  /* The loader takes a final line end away, to be put back on saving. */
  gtk_source_buffer_set_implicit_trailing_newline (self->buffer, TRUE);
  gtk_source_buffer_set_language (self->buffer, NULL);
  tp_long_lines_begin_reading (self->long_lines);
  loader = gtk_source_file_loader_new_from_stream (self->buffer, self->file, stream);
  gtk_source_file_loader_set_candidate_encodings (loader, candidates);
  gtk_source_file_loader_load_async (loader, G_PRIORITY_DEFAULT, cancellable, on_load_progress,
                                     g_object_ref (self), g_object_unref, on_loader_done, task);
  g_object_unref (loader);
}

/* A save reached the disk: the file now holds what the buffer shows. */
void
_tp_document_saved (TpDocument *self,
                    gboolean    moved)
{
  self->restored_encoding = NULL;
  self->content = TP_DOCUMENT_CONTENT_TEXT;
  if (moved)
    self->in_place_accepted = 0;
  tp_document_update_title (self);
  tp_document_watch_location (self);
  if (gtk_source_buffer_get_language (self->buffer) == NULL)
    tp_document_guess_language (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOCATION]);
}

gboolean
tp_document_load_finish (TpDocument    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

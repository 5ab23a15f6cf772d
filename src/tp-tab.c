/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-tab"

#include "config.h"

#include <glib/gi18n.h>

#include "record/tp-record-client.h"
#include "spell/tp-spell-checker.h"
#include "tp-application.h"
#include "tp-document.h"
#include "tp-file-memory.h"
#include "tp-file-messages.h"
#include "tp-line-splitter.h"
#include "tp-long-lines.h"
#include "tp-tab.h"
#include "tp-tab-state.h"
#include "tp-view.h"

#define TAB_TITLE_MAX_CHARS 28

/* Answers of the tab's message bar. */
enum {
  RESPONSE_RETRY = 1,
  RESPONSE_OPEN_ANYWAY,
  RESPONSE_EDIT_ANYWAY,
  RESPONSE_RELOAD,
  RESPONSE_SAVE_ANYWAY,
  RESPONSE_SAVE_AS_UTF8,
  RESPONSE_SAVE_AS,
  RESPONSE_CANCEL_LOAD,
};

/* A load that takes longer than this shows its progress above the text. */
#define LOAD_PROGRESS_DELAY_MS 300
#define LOAD_PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)

/* What the message above the text is about: a save's message goes once a save succeeds. */
typedef enum {
  MESSAGE_ABOUT_FILE,
  MESSAGE_ABOUT_SAVE,
  MESSAGE_ABOUT_LOAD,
} MessageTopic;

/* A save asked of the tab: where, in which encoding and line end, with which of the user's
 * answers. */
typedef struct
{
  GFile                   *target;
  const GtkSourceEncoding *encoding;
  const char              *line_end;
  TpDocumentSaveFlags      flags;
  /* The answer that "Save Anyway" gives to the question the last attempt raised. */
  TpDocumentSaveFlags      pending_answer;
} SaveRequest;

struct _TpTab
{
  GtkBox      parent_instance;

  TpDocument *document;
  TpSpellChecker *spell_checker;
  TpRecordClient *record_client;
  GtkWidget  *message_area;
  GtkWidget  *info_bar;
  char       *message;
  MessageTopic message_topic;
  /* While a load is under way: its cancellable, the bar that shows its progress. */
  GCancellable *load_cancellable;
  GtkWidget  *progress_bar;
  guint       progress_timeout;
  gint64      progress_shown_at;
  gboolean    keys_refused;
  TpView     *view;
  GtkWidget  *label;
  GtkWidget  *title_label;

  /* The cursor position asked for before the text was loaded. */
  int         pending_line;
  int         pending_column;
  /* What was remembered of the file being loaded, applied once it is, unless a state was asked
   * for meanwhile (tp_tab_apply_state_when_loaded ()). */
  TpTabState *remembered;
  TpTabState *requested;
  /* The spelling language the user chose for this document; NULL for the default. */
  char       *chosen_spell_language;
  /* A save waiting for the user's word (a change on disk, bytes that are not text, a file
   * written in place, characters its encoding lacks). */
  GTask      *held_save;
  /* Saves asked for while the document was being saved or loaded, started in turn. */
  GQueue      waiting_saves;
  guint       waiting_source;
};

G_DEFINE_FINAL_TYPE (TpTab, tp_tab, GTK_TYPE_BOX)

enum {
  CLOSE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
tp_tab_hide_message (TpTab *self)
{
  if (self->info_bar != NULL)
    gtk_widget_destroy (self->info_bar);
  self->info_bar = NULL;
  self->progress_bar = NULL;
  self->message_topic = MESSAGE_ABOUT_FILE;
  g_clear_pointer (&self->message, g_free);
}

static void on_info_bar_response (TpTab *self, int response, GtkInfoBar *info_bar);

/* Shows one message above the text, replacing the previous one. Buttons are given as
 * label, response pairs, ending with NULL. */
static void
tp_tab_show_message (TpTab          *self,
                     GtkMessageType  type,
                     const char     *text,
                     ...)
{
  GtkWidget *label;
  GtkWidget *bar;
  const char *button;
  va_list args;

  tp_tab_hide_message (self);
  bar = gtk_info_bar_new ();
  gtk_info_bar_set_message_type (GTK_INFO_BAR (bar), type);
  gtk_info_bar_set_show_close_button (GTK_INFO_BAR (bar), TRUE);

  label = gtk_label_new (text);
  gtk_label_set_line_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_container_add (GTK_CONTAINER (gtk_info_bar_get_content_area (GTK_INFO_BAR (bar))), label);

  va_start (args, text);
  while ((button = va_arg (args, const char *)) != NULL)
    {
      int response = va_arg (args, int);
      GtkWidget *widget = gtk_info_bar_add_button (GTK_INFO_BAR (bar), button, response);

      /* The window asks where to; the question this answers is dropped. */
      if (response == RESPONSE_SAVE_AS)
        gtk_actionable_set_action_name (GTK_ACTIONABLE (widget), "win.save-as");
    }
  va_end (args);

  g_signal_connect_object (bar, "response", G_CALLBACK (on_info_bar_response), self,
                           G_CONNECT_SWAPPED);
  gtk_container_add (GTK_CONTAINER (self->message_area), bar);
  gtk_widget_show_all (bar);
  self->info_bar = bar;
  self->message = g_strdup (text);
}

/* A failure of something the user asked of the window (printing), said above the text. */
void
tp_tab_show_error (TpTab      *self,
                   const char *message)
{
  g_return_if_fail (TP_IS_TAB (self));
  tp_tab_show_message (self, GTK_MESSAGE_ERROR, message, NULL);
}

static void
tp_tab_set_editable (TpTab    *self,
                     gboolean  editable)
{
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->view), editable);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (self->view), TRUE);
}

static void tp_tab_start_load (TpTab *self, GFile *location, const GtkSourceEncoding *encoding,
                               TpDocumentLoadFlags flags);
static void tp_tab_start_save (TpTab *self, GTask *task);
static void tp_tab_show_position (TpTab *self);

/* Reads the document's file again, in encoding (NULL: the one the user chose for the file, if
 * any, else the one its bytes say), keeping the cursor. */
void
tp_tab_reload (TpTab                   *self,
               const GtkSourceEncoding *encoding)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (self->document));
  GFile *location = tp_document_get_location (self->document);
  GtkTextIter cursor;

  g_return_if_fail (TP_IS_TAB (self));

  if (location == NULL || tp_document_get_busy (self->document))
    return;
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  tp_long_lines_get_real_position (tp_document_get_long_lines (self->document), &cursor,
                                   &self->pending_line, &self->pending_column);
  self->pending_line++;
  self->pending_column++;
  if (encoding == NULL)
    encoding = tp_document_get_chosen_encoding (self->document);
  tp_tab_start_load (self, g_object_ref (location), encoding, TP_DOCUMENT_LOAD_ALLOW_BINARY);
}

static void
answer_held_save (TpTab *self,
                  int    response)
{
  g_autoptr(GTask) held_save = g_steal_pointer (&self->held_save);
  SaveRequest *request;

  if (held_save == NULL)
    return;
  request = g_task_get_task_data (held_save);
  switch (response)
    {
    case RESPONSE_SAVE_ANYWAY:
      request->flags |= request->pending_answer;
      tp_tab_start_save (self, g_steal_pointer (&held_save));
      return;
    case RESPONSE_SAVE_AS_UTF8:
      request->encoding = gtk_source_encoding_get_utf8 ();
      tp_tab_start_save (self, g_steal_pointer (&held_save));
      return;
    default:
      g_task_return_new_error (held_save, G_IO_ERROR, G_IO_ERROR_CANCELLED, "save cancelled");
      return;
    }
}

static void
on_info_bar_response (TpTab      *self,
                      int         response,
                      GtkInfoBar *info_bar)
{
  GFile *location = tp_document_get_location (self->document);

  if (response == RESPONSE_CANCEL_LOAD)
    {
      g_cancellable_cancel (self->load_cancellable);
      return;
    }
  /* A load cannot replace the text while a save reads it: the question stays. */
  if ((response == RESPONSE_RETRY || response == RESPONSE_OPEN_ANYWAY
       || response == RESPONSE_RELOAD) && tp_document_get_busy (self->document))
    {
      gtk_widget_error_bell (GTK_WIDGET (self->view));
      return;
    }
  /* The button pressed goes with the message: the text takes the keyboard back. */
  tp_tab_hide_message (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  switch (response)
    {
    case RESPONSE_RETRY:
      tp_tab_start_load (self, g_object_ref (location),
                         tp_document_get_chosen_encoding (self->document), TP_DOCUMENT_LOAD_NONE);
      break;
    case RESPONSE_OPEN_ANYWAY:
      tp_tab_start_load (self, g_object_ref (location),
                         tp_document_get_chosen_encoding (self->document),
                         TP_DOCUMENT_LOAD_ALLOW_BINARY);
      break;
    case RESPONSE_EDIT_ANYWAY:
      tp_tab_set_editable (self, TRUE);
      break;
    case RESPONSE_RELOAD:
      tp_tab_reload (self, NULL);
      break;
    default:
      break;
    }
  answer_held_save (self, response);
}

static void
tp_tab_update_label (TpTab *self)
{
  const char *title = tp_document_get_title (self->document);
  GFile *location = tp_document_get_location (self->document);
  g_autofree char *text = tp_document_dup_display_title (self->document);

  gtk_label_set_text (GTK_LABEL (self->title_label), text);
  /* A screen reader names the text it reads after the document, as the tab shows it. */
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self->view)), text);
  /* A scrollable notebook gives tabs their minimum width: ask for the whole title, up to a
   * point past which it is ellipsized. */
  gtk_label_set_width_chars (GTK_LABEL (self->title_label),
                             MIN ((int) g_utf8_strlen (text, -1), TAB_TITLE_MAX_CHARS));

  if (location != NULL)
    {
      g_autofree char *path = g_file_get_parse_name (location);
      gtk_widget_set_tooltip_text (self->label, path);
    }
  else
    gtk_widget_set_tooltip_text (self->label, title);
}

/* What was read unlike a plain UTF-8 file with lines of a usual length: its encoding, lines
 * cut for display. */
static void
tp_tab_report_reading (TpTab *self)
{
  const GtkSourceEncoding *encoding = tp_document_get_encoding (self->document);
  TpLongLines *long_lines = tp_document_get_long_lines (self->document);
  g_autoptr(GString) message = g_string_new (NULL);

  if (tp_long_lines_get_n_breaks (long_lines) > 0)
    {
      g_autofree char *longest = g_strdup_printf ("%'" G_GUINT64_FORMAT,
                                                  tp_long_lines_get_longest (long_lines));
      g_autofree char *limit = g_strdup_printf ("%'u", TP_LINE_SPLITTER_DEFAULT_LIMIT);

      g_string_append_printf (
        message,
        /* Translators: the numbers are counts of characters, such as “3,145,728” and “2,000”. */
        _("Some lines of “%s” are too long to show at typing speed (the longest has %s "
          "characters), so they are shown cut into pieces of up to %s characters, without "
          "syntax colors. The cuts are for display only: saving writes each line whole, as it "
          "was, with your changes."),
        tp_document_get_title (self->document), longest, limit);
    }
  if (encoding != NULL && encoding != gtk_source_encoding_get_utf8 ())
    {
      if (message->len > 0)
        g_string_append_c (message, ' ');
      g_string_append_printf (message,
                              _("“%s” is not UTF-8 text. It was read as %s and will be saved "
                                "in the same encoding. If its characters look wrong, choose "
                                "another encoding in Main Menu → Reopen With Encoding."),
                              tp_document_get_title (self->document),
                              gtk_source_encoding_to_string (encoding));
    }
  if (message->len > 0)
    tp_tab_show_message (self, GTK_MESSAGE_INFO, message->str, NULL);
}

static void
tp_tab_report_load_error (TpTab  *self,
                          GError *error)
{
  GFile *location = tp_document_get_location (self->document);
  g_autofree char *message = tp_describe_load_error (location, error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_autofree char *name = tp_file_get_display_name (location);
      g_autofree char *note = g_strdup_printf (_("“%s” does not exist yet. It will be created "
                                                 "when you save."), name);
      tp_tab_show_message (self, GTK_MESSAGE_INFO, note, NULL);
      tp_tab_set_editable (self, TRUE);
      return;
    }

  /* What is shown is not the file, or not all of it: not to be edited without a word. */
  tp_tab_set_editable (self, FALSE);
  if (g_error_matches (error, TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_BINARY))
    tp_tab_show_message (self, GTK_MESSAGE_WARNING, message,
                         _("_Open Anyway"), RESPONSE_OPEN_ANYWAY, NULL);
  else if (g_error_matches (error, GTK_SOURCE_FILE_LOADER_ERROR,
                            GTK_SOURCE_FILE_LOADER_ERROR_CONVERSION_FALLBACK))
    tp_tab_show_message (self, GTK_MESSAGE_WARNING, message,
                         _("_Edit Anyway"), RESPONSE_EDIT_ANYWAY, NULL);
  /* Trying a pipe or a device again would not make it a file. */
  else if (g_error_matches (error, TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_NOT_REGULAR))
    tp_tab_show_message (self, GTK_MESSAGE_WARNING, message, NULL);
  else
    tp_tab_show_message (self, GTK_MESSAGE_ERROR, message, _("_Retry"), RESPONSE_RETRY, NULL);
}

/* ---- loading: progress, a way to stop, and keys that cannot be taken yet ---- */

static void
tp_tab_stop_load_progress (TpTab *self)
{
  g_clear_handle_id (&self->progress_timeout, g_source_remove);
  g_clear_object (&self->load_cancellable);
  self->keys_refused = FALSE;
  if (self->message_topic == MESSAGE_ABOUT_LOAD)
    tp_tab_hide_message (self);
}

static void
tp_tab_show_load_progress (TpTab *self)
{
  g_autofree char *name = tp_file_get_display_name (tp_document_get_location (self->document));
  g_autofree char *text = NULL;

  if (self->keys_refused)
    text = g_strdup_printf (_("“%s” is still loading. You can type once it is loaded: the keys "
                              "you pressed were not added."), name);
  else
    text = g_strdup_printf (_("Loading “%s”…"), name);
  tp_tab_show_message (self, self->keys_refused ? GTK_MESSAGE_WARNING : GTK_MESSAGE_INFO, text,
                       _("_Cancel"), RESPONSE_CANCEL_LOAD, NULL);
  self->message_topic = MESSAGE_ABOUT_LOAD;
  gtk_info_bar_set_show_close_button (GTK_INFO_BAR (self->info_bar), FALSE);
  self->progress_bar = gtk_progress_bar_new ();
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar),
                                 tp_document_get_load_progress (self->document));
  gtk_container_add (GTK_CONTAINER (gtk_info_bar_get_content_area (GTK_INFO_BAR (self->info_bar))),
                     self->progress_bar);
  gtk_widget_show (self->progress_bar);
  self->progress_shown_at = g_get_monotonic_time ();
}

static gboolean
on_load_slow (gpointer user_data)
{
  TpTab *self = user_data;

  self->progress_timeout = 0;
  tp_tab_show_load_progress (self);
  return G_SOURCE_REMOVE;
}

static void
on_load_progress (TpTab *self)
{
  gint64 now = g_get_monotonic_time ();

  /* Every change of the bar redraws it; ten a second are enough to see it move. */
  if (self->progress_bar == NULL || now - self->progress_shown_at < LOAD_PROGRESS_INTERVAL_US)
    return;
  self->progress_shown_at = now;
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar),
                                 tp_document_get_load_progress (self->document));
}

/* An edit tried before the text can take it (the document refuses any while a file loads):
 * say so, instead of dropping it without a sign. */
static void
on_edit_refused (TpTab *self)
{
  gtk_widget_error_bell (GTK_WIDGET (self->view));
  if (!self->keys_refused)
    {
      self->keys_refused = TRUE;
      g_clear_handle_id (&self->progress_timeout, g_source_remove);
      tp_tab_show_load_progress (self);
    }
}

/* Undo and Redo from the view's own keys, while a file is read in: the document refuses the
 * edit they would make, but the undo manager would already have moved in its history. */
static void
refuse_history (TpTab         *self,
                GtkSourceView *view,
                const char    *signal_name)
{
  if (!tp_document_get_loading (self->document))
    return;
  g_signal_stop_emission_by_name (view, signal_name);
  on_edit_refused (self);
}

static void
on_view_undo (TpTab         *self,
              GtkSourceView *view)
{
  refuse_history (self, view, "undo");
}

static void
on_view_redo (TpTab         *self,
              GtkSourceView *view)
{
  refuse_history (self, view, "redo");
}

/* A key that would type, refused before the input method sees it. */
static gboolean
on_key_press (TpTab       *self,
              GdkEventKey *event)
{
  GdkModifierType modifiers = event->state & gtk_accelerator_get_default_mod_mask ();
  gboolean types = gdk_keyval_to_unicode (event->keyval) != 0 || event->keyval == GDK_KEY_Return
                   || event->keyval == GDK_KEY_BackSpace || event->keyval == GDK_KEY_Delete;

  if (!tp_document_get_loading (self->document) || !types
      || (modifiers & ~GDK_SHIFT_MASK) != 0)
    return GDK_EVENT_PROPAGATE;
  on_edit_refused (self);
  return GDK_EVENT_STOP;
}

static void
on_load_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TpTab) self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean loaded = tp_document_load_finish (TP_DOCUMENT (source), result, &error);

  /* The tab may have been closed while its file was still loading. */
  if (self->document == NULL)
    return;
  tp_tab_stop_load_progress (self);
  /* Stopping a load closes the tab: only part of the file would be left. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_signal_emit (self, signals[CLOSE_REQUESTED], 0);
      return;
    }

  if (loaded || g_error_matches (error, GTK_SOURCE_FILE_LOADER_ERROR,
                                 GTK_SOURCE_FILE_LOADER_ERROR_CONVERSION_FALLBACK))
    tp_tab_show_position (self);
  self->pending_line = self->pending_column = 0;
  g_clear_pointer (&self->remembered, tp_tab_state_free);
  g_clear_pointer (&self->requested, tp_tab_state_free);

  if (loaded)
    {
      GFile *location = tp_document_get_location (self->document);

      tp_tab_set_editable (self, TRUE);
      tp_tab_report_reading (self);
      if (location != NULL)
        {
          g_autofree char *uri = g_file_get_uri (location);
          gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
        }
      return;
    }

  tp_tab_report_load_error (self, error);
}

/* Where the cursor goes once the text is loaded: where it was asked to (a line on the command
 * line, a reload), else as a state asked for says (a session), else where it was when the file
 * was last closed; what the user chose for the file comes back with it. */
static void
tp_tab_show_position (TpTab *self)
{
  TpTabState *state = self->requested ? self->requested : self->remembered;

  if (state != NULL)
    {
      if (self->pending_line > 0)
        state->line = -1;
      tp_tab_state_apply (state, self);
    }
  tp_tab_go_to (self, self->pending_line, self->pending_column);
}

/* For a tab whose file is being read: state is applied once it is (see tp_tab_state_apply ()),
 * in place of what is remembered of the file. */
void
tp_tab_apply_state_when_loaded (TpTab            *self,
                                const TpTabState *state)
{
  g_return_if_fail (TP_IS_TAB (self));
  g_return_if_fail (state != NULL);

  g_clear_pointer (&self->requested, tp_tab_state_free);
  self->requested = tp_tab_state_copy (state);
}

/* The view stays editable while the file loads: the document refuses the user's edits then
 * (see refuse_user_edit ()), and making the view editable again would lay out the whole text
 * anew. */
static void
tp_tab_begin_load (TpTab *self)
{
  tp_tab_hide_message (self);
  g_clear_handle_id (&self->progress_timeout, g_source_remove);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  self->keys_refused = FALSE;
  self->progress_timeout = g_timeout_add (LOAD_PROGRESS_DELAY_MS, on_load_slow, self);
}

/* Takes the reference to location. */
static void
tp_tab_start_load (TpTab                   *self,
                   GFile                   *location,
                   const GtkSourceEncoding *encoding,
                   TpDocumentLoadFlags      flags)
{
  g_autoptr(GFile) owned = location;

  tp_tab_begin_load (self);
  tp_document_load_async (self->document, location, encoding, flags, self->load_cancellable,
                          on_load_done, g_object_ref (self));
}

/* A file to open, while what is remembered of it is looked up. */
typedef struct
{
  TpTab                   *tab;
  GFile                   *location;
  const GtkSourceEncoding *encoding;
} Opening;

static void
opening_free (Opening *opening)
{
  g_object_unref (opening->tab);
  g_object_unref (opening->location);
  g_free (opening);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Opening, opening_free)

static void
on_memory_looked_up (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Opening) opening = user_data;
  TpTab *self = opening->tab;
  g_autoptr(TpTabState) state = tp_file_memory_lookup_finish (TP_FILE_MEMORY (source), result);
  const GtkSourceEncoding *encoding = opening->encoding;

  /* The tab may have been closed meanwhile. */
  if (self->document == NULL)
    return;
  /* The encoding asked for now wins over the one chosen last time. */
  if (encoding == NULL && state != NULL && state->encoding != NULL)
    encoding = gtk_source_encoding_get_from_charset (state->encoding);
  g_clear_pointer (&self->remembered, tp_tab_state_free);
  self->remembered = g_steal_pointer (&state);
  tp_document_load_async (self->document, opening->location, encoding, TP_DOCUMENT_LOAD_NONE,
                          self->load_cancellable, on_load_done, g_object_ref (self));
}

/* Opens location, in encoding (NULL: the one chosen for it last time, else the one its bytes
 * say), with the cursor on line and column (from 1; 0: where it was last time). What is
 * remembered of the file is looked up first, meanwhile the document counts as loading. */
void
tp_tab_load (TpTab                   *self,
             GFile                   *location,
             const GtkSourceEncoding *encoding,
             int                      line,
             int                      column)
{
  TpFileMemory *memory = tp_application_get_file_memory (TP_APPLICATION_DEFAULT);
  Opening *opening;

  g_return_if_fail (TP_IS_TAB (self));
  g_return_if_fail (G_IS_FILE (location));

  self->pending_line = line;
  self->pending_column = column;
  if (memory == NULL || tp_document_get_busy (self->document))
    {
      tp_tab_start_load (self, g_object_ref (location), encoding, TP_DOCUMENT_LOAD_NONE);
      return;
    }
  opening = g_new0 (Opening, 1);
  opening->tab = g_object_ref (self);
  opening->location = g_object_ref (location);
  opening->encoding = encoding;
  tp_tab_begin_load (self);
  tp_document_reserve_load (self->document);
  tp_file_memory_lookup_async (memory, location, self->load_cancellable, on_memory_looked_up,
                               opening);
}

void
tp_tab_load_stream (TpTab        *self,
                    GInputStream *stream)
{
  g_return_if_fail (TP_IS_TAB (self));

  tp_tab_begin_load (self);
  /* GtkSourceFileLoader inserts in user actions of its own, which the document cannot tell
   * from the user's: the view refuses the user's edits itself (a stream is seldom big). */
  tp_tab_set_editable (self, FALSE);
  tp_document_load_stream_async (self->document, stream, self->load_cancellable, on_load_done,
                                 g_object_ref (self));
}

/* Puts back a document that a crashed editor left unsaved, with the cursor where it was. */
void
tp_tab_restore (TpTab          *self,
                const TpReplay *replay)
{
  GtkTextBuffer *buffer;
  g_autoptr(GFile) location = NULL;
  GtkTextIter cursor;

  g_return_if_fail (TP_IS_TAB (self));

  buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (self->document));
  if (replay->info.uri != NULL)
    location = g_file_new_for_uri (replay->info.uri);
  tp_document_restore (self->document, location, replay->info.encoding, replay->text,
                       replay->length);
  gtk_text_buffer_get_iter_at_offset (buffer, &cursor, MIN (replay->cursor, G_MAXINT));
  gtk_text_buffer_place_cursor (buffer, &cursor);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->view), gtk_text_buffer_get_insert (buffer),
                                0.2, FALSE, 0, 0);
  if (replay->damaged)
    tp_tab_show_message (self, GTK_MESSAGE_WARNING,
                         _("This document was recovered, but the last changes before the crash "
                           "could not be read. The damaged recovery files were kept."), NULL);
}

void
tp_tab_go_to (TpTab *self,
              int    line,
              int    column)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;

  g_return_if_fail (TP_IS_TAB (self));

  if (line <= 0)
    return;
  if (tp_document_get_busy (self->document))
    {
      self->pending_line = line;
      self->pending_column = column;
      return;
    }

  buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (self->document));
  tp_long_lines_get_iter_at_real_position (tp_document_get_long_lines (self->document), &iter,
                                           line - 1, MAX (column, 1) - 1);
  gtk_text_buffer_place_cursor (buffer, &iter);
  tp_view_scroll_to_cursor (self->view, -1);
}

/* ---- saving ---- */

static void
save_request_free (SaveRequest *request)
{
  g_clear_object (&request->target);
  g_free (request);
}

/* A save that needs the user's word is held, with a question above the text; returns FALSE
 * for an error that no answer can mend. */
static gboolean
ask_about_save (TpTab        *self,
                GTask        *task,
                const GError *error,
                const char   *message)
{
  SaveRequest *request = g_task_get_task_data (task);

  if (g_error_matches (error, GTK_SOURCE_FILE_SAVER_ERROR,
                       GTK_SOURCE_FILE_SAVER_ERROR_EXTERNALLY_MODIFIED))
    request->pending_answer = TP_DOCUMENT_SAVE_IGNORE_DISK_CHANGES;
  else if (g_error_matches (error, TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_CONVERTED))
    request->pending_answer = TP_DOCUMENT_SAVE_REWRITE_CONVERTED;
  else if (g_error_matches (error, TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_IN_PLACE))
    request->pending_answer = TP_DOCUMENT_SAVE_IN_PLACE;
  else if (g_error_matches (error, TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_UNENCODABLE))
    {
      tp_tab_show_message (self, GTK_MESSAGE_WARNING, message,
                           _("Save as _UTF-8"), RESPONSE_SAVE_AS_UTF8,
                           _("Save _As…"), RESPONSE_SAVE_AS,
                           _("_Don’t Save"), GTK_RESPONSE_CANCEL, NULL);
      goto held;
    }
  else
    return FALSE;

  tp_tab_show_message (self, GTK_MESSAGE_WARNING, message,
                       _("_Save Anyway"), RESPONSE_SAVE_ANYWAY,
                       _("Save _As…"), RESPONSE_SAVE_AS,
                       _("_Don’t Save"), GTK_RESPONSE_CANCEL, NULL);
held:
  self->message_topic = MESSAGE_ABOUT_SAVE;
  g_clear_object (&self->held_save);
  self->held_save = g_object_ref (task);
  return TRUE;
}

static void
on_save_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TpTab *self = g_task_get_source_object (task);
  SaveRequest *request = g_task_get_task_data (task);
  GError *error = NULL;
  g_autofree char *message = NULL;
  gboolean written = FALSE;

  /* The tab was closed meanwhile: there is nowhere to say anything. */
  if (self->document == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "tab closed");
      return;
    }
  if (tp_document_save_finish (TP_DOCUMENT (source), result, &written, &error))
    {
      if (written)
        {
          g_autofree char *uri = g_file_get_uri (tp_document_get_location (self->document));
          gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
          tp_tab_hide_message (self);
          tp_tab_remember (self);
        }
      else if (self->message_topic == MESSAGE_ABOUT_SAVE)
        tp_tab_hide_message (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* An automatic save does not write in place and does not ask: the user's own Ctrl+S will. */
  if ((request->flags & TP_DOCUMENT_SAVE_AUTOMATIC)
      && g_error_matches (error, TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_IN_PLACE))
    {
      g_task_return_error (task, error);
      return;
    }
  message = tp_describe_save_error (request->target ? request->target
                                                    : tp_document_get_location (self->document),
                                    error);
  if (ask_about_save (self, task, error, message))
    {
      g_clear_error (&error);
      return;
    }
  tp_tab_show_message (self, GTK_MESSAGE_ERROR, message, NULL);
  self->message_topic = MESSAGE_ABOUT_SAVE;
  g_task_return_error (task, error);
}

static void
tp_tab_start_save (TpTab *self,
                   GTask *task)
{
  SaveRequest *request = g_task_get_task_data (task);

  if (tp_document_get_busy (self->document))
    {
      g_queue_push_tail (&self->waiting_saves, task);
      return;
    }
  tp_document_save_async (self->document, request->target, request->encoding, request->line_end,
                          request->flags, NULL, on_save_done, task);
}

static gboolean
start_waiting_save (gpointer user_data)
{
  TpTab *self = user_data;
  GTask *next;

  self->waiting_source = 0;
  if (self->document != NULL && !tp_document_get_busy (self->document)
      && (next = g_queue_pop_head (&self->waiting_saves)) != NULL)
    tp_tab_start_save (self, next);
  return G_SOURCE_REMOVE;
}

/* The document is free again: the next save asked for meanwhile goes, once the one that ended
 * has said so. */
static void
on_busy_changed (TpTab *self)
{
  if (tp_document_get_busy (self->document) || g_queue_is_empty (&self->waiting_saves)
      || self->waiting_source != 0)
    return;
  self->waiting_source = g_idle_add_full (G_PRIORITY_DEFAULT, start_waiting_save,
                                          g_object_ref (self), g_object_unref);
}

/* Saves to target, or to the document's own file when target is NULL, in encoding and with
 * line_end (NULL: the document's). Fails (and says why in the tab) when the text could not be written, or when
 * the user answered a question about it with "Don't Save"; the text stays in the buffer either
 * way. */
static void
tp_tab_request_save (TpTab                   *self,
                     GFile                   *target,
                     const GtkSourceEncoding *encoding,
                     const char              *line_end,
                     TpDocumentSaveFlags      flags,
                     GAsyncReadyCallback      callback,
                     gpointer                 user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  SaveRequest *request = g_new0 (SaveRequest, 1);

  g_task_set_source_tag (task, tp_tab_save_async);
  request->target = target ? g_object_ref (target) : NULL;
  request->encoding = encoding;
  request->line_end = line_end;
  request->flags = flags;
  g_task_set_task_data (task, request, (GDestroyNotify) save_request_free);
  /* A new save replaces a question left unanswered. */
  answer_held_save (self, GTK_RESPONSE_CANCEL);
  tp_tab_start_save (self, task);
}

/* line_end: "\n", "\r\n", "\r" (a static string), or NULL for the document's own. */
void
tp_tab_save_async (TpTab                   *self,
                   GFile                   *target,
                   const GtkSourceEncoding *encoding,
                   const char              *line_end,
                   GAsyncReadyCallback      callback,
                   gpointer                 user_data)
{
  g_return_if_fail (TP_IS_TAB (self));
  tp_tab_request_save (self, target, encoding, line_end, TP_DOCUMENT_SAVE_NONE, callback,
                       user_data);
}

gboolean
tp_tab_save_finish (TpTab         *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Saves the document to its own file when that needs no question: it has a file, which is
 * neither read-only nor deleted, and which was read as text; it has unsaved changes; nothing is
 * being loaded or saved; and no earlier save is waiting for the user's word. A failure is shown
 * in the tab like that of any save. Returns whether a save was started. */
gboolean
tp_tab_autosave (TpTab *self)
{
  g_return_val_if_fail (TP_IS_TAB (self), FALSE);

  if (tp_document_get_location (self->document) == NULL
      || !tp_document_get_modified (self->document)
      || tp_document_get_busy (self->document)
      || tp_document_get_content (self->document) != TP_DOCUMENT_CONTENT_TEXT
      || self->held_save != NULL
      || tp_document_is_read_only (self->document)
      || tp_document_is_deleted (self->document))
    return FALSE;
  tp_tab_request_save (self, NULL, NULL, NULL, TP_DOCUMENT_SAVE_AUTOMATIC, NULL, NULL);
  return TRUE;
}

static void
on_changed_on_disk (TpTab *self)
{
  g_autofree char *message = NULL;
  const char *title = tp_document_get_title (self->document);

  if (tp_document_is_deleted (self->document))
    {
      message = g_strdup_printf (_("“%s” was deleted by another program. Save it to keep "
                                   "the text."), title);
      tp_tab_show_message (self, GTK_MESSAGE_WARNING, message, NULL);
      return;
    }

  if (tp_document_get_modified (self->document))
    message = g_strdup_printf (_("“%s” was changed by another program. Reloading it will lose "
                                 "your unsaved changes."), title);
  else
    message = g_strdup_printf (_("“%s” was changed by another program."), title);
  tp_tab_show_message (self, GTK_MESSAGE_WARNING, message, _("_Reload"), RESPONSE_RELOAD, NULL);
}

static void
on_close_clicked (TpTab *self)
{
  g_signal_emit (self, signals[CLOSE_REQUESTED], 0);
}

static GtkWidget *
tp_tab_build_label (TpTab *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  GtkWidget *button = gtk_button_new_from_icon_name ("window-close-symbolic", GTK_ICON_SIZE_MENU);

  self->title_label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->title_label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->title_label), TAB_TITLE_MAX_CHARS);
  gtk_button_set_relief (GTK_BUTTON (button), GTK_RELIEF_NONE);
  gtk_widget_set_focus_on_click (button, FALSE);
  gtk_widget_set_tooltip_text (button, _("Close Document"));
  gtk_style_context_add_class (gtk_widget_get_style_context (button), "flat");
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_close_clicked), self,
                           G_CONNECT_SWAPPED);

  gtk_box_pack_start (GTK_BOX (box), self->title_label, TRUE, TRUE, 0);
  gtk_box_pack_start (GTK_BOX (box), button, FALSE, FALSE, 0);
  gtk_widget_show_all (box);
  return box;
}

static void
on_spell_check_setting_changed (TpTab     *self,
                                const char *key,
                                GSettings *settings)
{
  tp_spell_checker_set_enabled (self->spell_checker, g_settings_get_boolean (settings, key));
}

static void
tp_tab_setup_spell_checker (TpTab *self)
{
  TpApplication *app = TP_APPLICATION_DEFAULT;
  GSettings *settings = tp_application_get_settings (app);

  self->spell_checker = tp_spell_checker_new (tp_application_get_spell_service (app),
                                              tp_document_get_buffer (self->document));
  tp_spell_checker_set_view (self->spell_checker, GTK_TEXT_VIEW (self->view));
  tp_spell_checker_set_enabled (self->spell_checker,
                                g_settings_get_boolean (settings, "spell-check"));
  g_signal_connect_object (settings, "changed::spell-check",
                           G_CALLBACK (on_spell_check_setting_changed), self, G_CONNECT_SWAPPED);
  tp_view_set_spell_checker (self->view, self->spell_checker);
}

static void
tp_tab_dispose (GObject *object)
{
  TpTab *self = TP_TAB (object);

  if (self->held_save != NULL)
    {
      g_autoptr(GTask) held_save = g_steal_pointer (&self->held_save);
      g_task_return_new_error (held_save, G_IO_ERROR, G_IO_ERROR_CANCELLED, "tab closed");
    }
  while (!g_queue_is_empty (&self->waiting_saves))
    {
      g_autoptr(GTask) waiting = g_queue_pop_head (&self->waiting_saves);
      g_task_return_new_error (waiting, G_IO_ERROR, G_IO_ERROR_CANCELLED, "tab closed");
    }
  self->info_bar = self->progress_bar = NULL;
  g_clear_handle_id (&self->progress_timeout, g_source_remove);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->remembered, tp_tab_state_free);
  g_clear_pointer (&self->requested, tp_tab_state_free);
  g_clear_object (&self->label);
  g_clear_object (&self->spell_checker);
  g_clear_object (&self->record_client);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (tp_tab_parent_class)->dispose (object);
}

static void
tp_tab_finalize (GObject *object)
{
  TpTab *self = TP_TAB (object);

  g_free (self->message);
  g_free (self->chosen_spell_language);

  G_OBJECT_CLASS (tp_tab_parent_class)->finalize (object);
}

static void
tp_tab_class_init (TpTabClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tp_tab_dispose;
  object_class->finalize = tp_tab_finalize;

  /* The close button of the tab was clicked: the window decides (it may ask to save). */
  signals[CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
tp_tab_init (TpTab *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new (NULL, NULL);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  self->document = tp_document_new ();

  self->message_area = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_pack_start (GTK_BOX (self), self->message_area, FALSE, FALSE, 0);

  self->view = TP_VIEW (tp_view_new (tp_document_get_buffer (self->document)));
  tp_view_set_long_lines (self->view, tp_document_get_long_lines (self->document));
  gtk_container_add (GTK_CONTAINER (scroller), GTK_WIDGET (self->view));
  gtk_box_pack_start (GTK_BOX (self), scroller, TRUE, TRUE, 0);
  gtk_widget_show_all (GTK_WIDGET (self));

  self->label = g_object_ref_sink (tp_tab_build_label (self));
  tp_tab_setup_spell_checker (self);
  self->record_client = tp_record_client_new (tp_application_get_recorder (TP_APPLICATION_DEFAULT),
                                              self->document);
  g_signal_connect_object (self->document, "notify::title", G_CALLBACK (tp_tab_update_label),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "notify::modified", G_CALLBACK (tp_tab_update_label),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "notify::location", G_CALLBACK (tp_tab_update_label),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "changed-on-disk", G_CALLBACK (on_changed_on_disk),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "notify::busy", G_CALLBACK (on_busy_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "notify::load-progress",
                           G_CALLBACK (on_load_progress), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "key-press-event", G_CALLBACK (on_key_press), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "undo", G_CALLBACK (on_view_undo), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "redo", G_CALLBACK (on_view_redo), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->document, "edit-refused", G_CALLBACK (on_edit_refused), self,
                           G_CONNECT_SWAPPED);
  tp_tab_update_label (self);
}

TpTab *
tp_tab_new (void)
{
  return g_object_new (TP_TYPE_TAB, NULL);
}

TpDocument *
tp_tab_get_document (TpTab *self)
{
  g_return_val_if_fail (TP_IS_TAB (self), NULL);
  return self->document;
}

TpView *
tp_tab_get_view (TpTab *self)
{
  g_return_val_if_fail (TP_IS_TAB (self), NULL);
  return self->view;
}

GtkWidget *
tp_tab_get_label (TpTab *self)
{
  g_return_val_if_fail (TP_IS_TAB (self), NULL);
  return self->label;
}

/* The document's number in the recorder: which entry holds its unsaved text. */
guint
tp_tab_get_record_id (TpTab *self)
{
  g_return_val_if_fail (TP_IS_TAB (self), 0);
  return self->record_client ? tp_record_client_get_id (self->record_client) : 0;
}

TpSpellChecker *
tp_tab_get_spell_checker (TpTab *self)
{
  g_return_val_if_fail (TP_IS_TAB (self), NULL);
  return self->spell_checker;
}

/* The text of the message shown above the document, or NULL. */
const char *
tp_tab_get_message (TpTab *self)
{
  g_return_val_if_fail (TP_IS_TAB (self), NULL);
  return self->message;
}

/* Checks the document's spelling in code, as the user chose for this document. */
void
tp_tab_choose_spell_language (TpTab      *self,
                              const char *code)
{
  g_return_if_fail (TP_IS_TAB (self));
  g_return_if_fail (code != NULL);

  g_free (self->chosen_spell_language);
  self->chosen_spell_language = g_strdup (code);
  tp_spell_checker_set_language (self->spell_checker, code);
}

/* The spelling language chosen for this document, or NULL while it is checked in the default. */
const char *
tp_tab_get_chosen_spell_language (TpTab *self)
{
  g_return_val_if_fail (TP_IS_TAB (self), NULL);
  return self->chosen_spell_language;
}

/* Keeps the tab's state (TpTabState) for its file, for the next time the file is opened: when
 * it is saved, and when it is closed. A document with no file, or whose file could not be read
 * (what it shows is not where the user was), leaves what was remembered as it was. */
void
tp_tab_remember (TpTab *self)
{
  TpFileMemory *memory = tp_application_get_file_memory (TP_APPLICATION_DEFAULT);
  GFile *location;
  g_autoptr(TpTabState) state = NULL;

  g_return_if_fail (TP_IS_TAB (self));

  location = self->document ? tp_document_get_location (self->document) : NULL;
  if (memory == NULL || location == NULL || tp_document_get_loading (self->document)
      || tp_document_get_content (self->document) == TP_DOCUMENT_CONTENT_INCOMPLETE)
    return;
  state = tp_tab_state_capture (self);
  tp_file_memory_remember (memory, location, state);
}

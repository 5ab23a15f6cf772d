/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-language-watch"

#include "config.h"

#include "tp-language-detector.h"
#include "tp-language-watch.h"
#include "tp-spell-worker.h"

/* "A lot" of change: this many characters typed, pasted, loaded or deleted, and at least half
 * as many as the text had at the last look. A document written from scratch is looked at after
 * its first few lines, then each time it doubles: a handful of times in all, never per key. */
#define MIN_CHANGE_CHARS 200
/* The look waits for typing or loading to pause this long; the first one shorter, since the
 * document's checking waits for it. */
#define FIRST_DELAY_MS 200
#define LATER_DELAY_MS 1500
/* Checking waits for the first look no longer than this: with many dictionaries of the text's
 * script to try, it goes on in the language the document has meanwhile. */
#define MAX_WAIT_MS 2000
/* The sample: pieces spread over the text (its start, quarters and end), so that a long
 * document's sample is as long as a short one's and as cheap to copy (well under a
 * millisecond). */
#define SAMPLE_PIECES 4
#define SAMPLE_PIECE_CHARS 1000

struct _TpLanguageWatch
{
  GObject              parent_instance;

  TpSpellService      *service;
  GtkTextBuffer       *buffer;
  TpLanguageWatchCopy  copy;
  gpointer             copy_data;
  GCancellable        *cancellable;
  char                *current;
  gboolean             active;
  /* A look has finished since the watch became active. */
  gboolean             decided;
  guint                look_source;
  /* While it runs, the document's checking waits for the first look. */
  guint                wait_source;
  /* The look in flight (its steps carry its number), or 0. */
  guint64              looking;
  guint64              last_look;
  int                  changed_chars;
  int                  looked_length;
};

G_DEFINE_FINAL_TYPE (TpLanguageWatch, tp_language_watch, G_TYPE_OBJECT)

enum {
  DETECTED,
  WAITING_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean start_look (gpointer user_data);

static gboolean
stop_waiting (gpointer user_data)
{
  TpLanguageWatch *self = user_data;

  self->wait_source = 0;
  g_signal_emit (self, signals[WAITING_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
end_wait (TpLanguageWatch *self)
{
  if (self->wait_source == 0)
    return;
  g_clear_handle_id (&self->wait_source, g_source_remove);
  g_signal_emit (self, signals[WAITING_CHANGED], 0);
}

static void
schedule_look (TpLanguageWatch *self)
{
  if (!self->active || self->look_source != 0 || self->looking != 0
      || self->changed_chars < MAX (MIN_CHANGE_CHARS, self->looked_length / 2))
    return;
  self->look_source = g_timeout_add (self->decided ? LATER_DELAY_MS : FIRST_DELAY_MS, start_look,
                                     self);
  if (!self->decided && self->wait_source == 0)
    {
      self->wait_source = g_timeout_add (MAX_WAIT_MS, stop_waiting, self);
      g_signal_emit (self, signals[WAITING_CHANGED], 0);
    }
}

static void
note_change (TpLanguageWatch *self,
             int              chars)
{
  self->changed_chars = (int) MIN ((gint64) self->changed_chars + chars, G_MAXINT / 2);
  schedule_look (self);
}

static void
on_insert_text (TpLanguageWatch *self,
                GtkTextIter     *location,
                const char      *text,
                int              length)
{
  note_change (self, (int) g_utf8_strlen (text, length));
}

static void
on_delete_range (TpLanguageWatch *self,
                 GtkTextIter     *start,
                 GtkTextIter     *end)
{
  note_change (self, gtk_text_iter_get_offset (end) - gtk_text_iter_get_offset (start));
}

/* Pieces of the text, each no more than SAMPLE_PIECE_CHARS: bounded main-thread work. */
static char *
copy_sample (TpLanguageWatch *self)
{
  int length = gtk_text_buffer_get_char_count (self->buffer);
  GString *sample = g_string_new (NULL);
  int copied_to = 0;

  for (int i = 0; i < SAMPLE_PIECES; i++)
    {
      int from = MAX (length / SAMPLE_PIECES * i, copied_to);
      int to = MIN (from + SAMPLE_PIECE_CHARS, length);
      GtkTextIter start, end;
      g_autofree char *piece = NULL;

      if (from >= to)
        continue;
      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, from);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end, to);
      piece = self->copy (&start, &end, self->copy_data);
      /* A piece cut inside a word gives a piece of a word: a line break keeps it apart from the
       * next piece's. */
      g_string_append (sample, piece);
      g_string_append_c (sample, '\n');
      copied_to = to;
    }
  return g_string_free (sample, FALSE);
}

static void on_step_done (TpSpellJob *job);

static void
submit_step (TpLanguageWatch    *self,
             TpSpellPriority     priority,
             TpLanguageDetector *detector)
{
  TpSpellJob *job = tp_spell_job_new (TP_SPELL_JOB_DETECT, priority, self->current, "", 0);

  job->detector = detector;
  job->chunk_id = self->looking;
  job->cancellable = g_object_ref (self->cancellable);
  job->done = on_step_done;
  g_weak_ref_set (&job->owner, self);
  tp_spell_service_submit (self->service, job);
}

static gboolean
start_look (gpointer user_data)
{
  TpLanguageWatch *self = user_data;
  g_autofree char *sample = copy_sample (self);
  g_autofree char *preferred = tp_spell_service_get_default_language (self->service);

  self->look_source = 0;
  self->changed_chars = 0;
  self->looked_length = gtk_text_buffer_get_char_count (self->buffer);
  self->looking = ++self->last_look;
  /* The first look goes before the text on screen is checked, which waits for it; a later one
   * goes after, the document being checked meanwhile in the language it has. */
  submit_step (self, self->decided ? TP_SPELL_PRIORITY_BACKGROUND : TP_SPELL_PRIORITY_VISIBLE,
               tp_language_detector_new (sample, -1, self->current, preferred));
  return G_SOURCE_REMOVE;
}

static void
finish_look (TpLanguageWatch    *self,
             TpLanguageDetector *detector)
{
  const char *result = tp_language_detector_get_result (detector);

  self->looking = 0;
  self->decided = TRUE;
  if (result != NULL)
    {
      g_free (self->current);
      self->current = g_strdup (result);
      g_signal_emit (self, signals[DETECTED], 0, result);
    }
  end_wait (self);
  /* What changed while the look went on counts for the next one. */
  schedule_look (self);
}

/* Each step is a job of its own, so that with threads off input comes between them. */
static void
on_step_done (TpSpellJob *job)
{
  g_autoptr(TpLanguageWatch) self = g_weak_ref_get (&job->owner);

  if (self == NULL || job->chunk_id != self->looking)
    return;
  if (tp_language_detector_is_done (job->detector))
    finish_look (self, job->detector);
  else
    submit_step (self, job->priority, g_steal_pointer (&job->detector));
}

static void
stop_looking (TpLanguageWatch *self)
{
  g_clear_handle_id (&self->look_source, g_source_remove);
  self->looking = 0;
  end_wait (self);
}

static void
tp_language_watch_dispose (GObject *object)
{
  TpLanguageWatch *self = TP_LANGUAGE_WATCH (object);

  tp_language_watch_stop (self);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (tp_language_watch_parent_class)->dispose (object);
}

static void
tp_language_watch_finalize (GObject *object)
{
  TpLanguageWatch *self = TP_LANGUAGE_WATCH (object);

  g_clear_object (&self->cancellable);
  g_free (self->current);

  G_OBJECT_CLASS (tp_language_watch_parent_class)->finalize (object);
}

static void
tp_language_watch_class_init (TpLanguageWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tp_language_watch_dispose;
  object_class->finalize = tp_language_watch_finalize;

  /* A look found the text's language (which may be the one it has). */
  signals[DETECTED] =
    g_signal_new ("detected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /* tp_language_watch_is_waiting () changed. */
  signals[WAITING_CHANGED] =
    g_signal_new ("waiting-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);
}

static void
tp_language_watch_init (TpLanguageWatch *self)
{
  self->cancellable = g_cancellable_new ();
}

/* copy is called with copy_data on the main thread, while the buffer is there. */
TpLanguageWatch *
tp_language_watch_new (TpSpellService      *service,
                       GtkTextBuffer       *buffer,
                       TpLanguageWatchCopy  copy,
                       gpointer             copy_data)
{
  TpLanguageWatch *self = g_object_new (TP_TYPE_LANGUAGE_WATCH, NULL);

  self->service = g_object_ref (service);
  self->buffer = buffer;
  self->copy = copy;
  self->copy_data = copy_data;
  g_signal_connect_data (buffer, "insert-text", G_CALLBACK (on_insert_text), self, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_data (buffer, "delete-range", G_CALLBACK (on_delete_range), self, NULL,
                         G_CONNECT_SWAPPED);
  return self;
}

/* Active, the watch looks at the text now (all of it is new to it) and whenever it changes a
 * lot; inactive (the user chose a language), it never does. */
void
tp_language_watch_set_active (TpLanguageWatch *self,
                              gboolean         active)
{
  g_return_if_fail (TP_IS_LANGUAGE_WATCH (self));

  active = !!active && self->buffer != NULL;
  if (active == self->active)
    return;
  self->active = active;
  stop_looking (self);
  self->decided = FALSE;
  self->looked_length = 0;
  self->changed_chars = active ? gtk_text_buffer_get_char_count (self->buffer) : 0;
  schedule_look (self);
}

gboolean
tp_language_watch_get_active (TpLanguageWatch *self)
{
  g_return_val_if_fail (TP_IS_LANGUAGE_WATCH (self), FALSE);
  return self->active;
}

/* The language the document is checked in now: kept unless another is clearly better. */
void
tp_language_watch_set_current (TpLanguageWatch *self,
                               const char      *code)
{
  g_return_if_fail (TP_IS_LANGUAGE_WATCH (self));

  g_free (self->current);
  self->current = g_strdup (code);
}

/* TRUE while the first look since the watch became active is due or under way (for
 * MAX_WAIT_MS at most): checking the text before would underline it in a language about to be
 * replaced. */
gboolean
tp_language_watch_is_waiting (TpLanguageWatch *self)
{
  g_return_val_if_fail (TP_IS_LANGUAGE_WATCH (self), FALSE);
  return self->wait_source != 0;
}

/* The buffer is going away: no look starts or finishes after this. */
void
tp_language_watch_stop (TpLanguageWatch *self)
{
  g_return_if_fail (TP_IS_LANGUAGE_WATCH (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->look_source, g_source_remove);
  g_clear_handle_id (&self->wait_source, g_source_remove);
  self->looking = 0;
  self->active = FALSE;
  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  self->buffer = NULL;
}

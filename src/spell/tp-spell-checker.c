/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-spell-checker"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-spell-checker.h"
#include "tp-spell-parked.h"
#include "tp-tokenizer.h"

/* Characters copied into one job: small enough to copy in well under a millisecond. */
#define CHUNK_CHARS           16384
#define SOURCE_CHUNK_CHARS    4096
/* How far a region is stretched to reach whitespace, so that no word is cut. */
#define BOUNDARY_SEARCH_CHARS 1024
#define MAX_CHUNKS_IN_FLIGHT  4
/* Main-thread time one dispatch of spell-checking work may take. */
#define SLICE_USEC            3000
#define PREFETCH_WORDS        40
/* Misspellings further than this from the text on screen and from the cursor are kept out of
 * the buffer (tp-spell-parked.h) until they come near: in a long document, underline tags
 * would be most of the memory spell-checking costs. A screen shows a few thousand characters. */
#define NEAR_CHARS            65536
/* Words underlined or parked between two looks at the clock: a tag change on a line of a long
 * buffer costs tens of microseconds. */
#define WORDS_PER_LOOK        16

G_STATIC_ASSERT (TP_SPELL_MAIN_PRIORITY == GTK_TEXT_VIEW_PRIORITY_VALIDATE);

/* A piece of the buffer sent to the spell thread. Its marks follow edits elsewhere; an edit
 * inside it makes it invalid, and its range goes back to the unchecked region. */
typedef struct
{
  guint64      id;
  GtkTextMark *start;
  GtkTextMark *end;
  gboolean     invalid;
  /* An edit in progress overlaps it; it becomes invalid once the edit is done. */
  gboolean     overlapped;
  gboolean     visible;
  GArray      *misspelled;
  guint        applied;
  gboolean     cleared;
} Chunk;

struct _TpSpellChecker
{
  GObject          parent_instance;

  TpSpellService  *service;
  GtkTextBuffer   *buffer;
  GtkTextView     *view;
  GtkTextTag      *tag;
  GCancellable    *cancellable;
  char            *language;
  /* Why the language cannot be checked; NULL while it can. */
  GError          *error;
  gboolean         enabled;

  /* Text that still needs checking. */
  GtkSourceRegion *unchecked;
  GQueue           in_flight;
  GQueue           to_apply;
  guint64          next_chunk_id;
  guint            dispatch_source;
  guint            apply_source;
  guint            clear_source;
  GtkTextMark     *clear_position;

  /* Misspellings far from the screen, not underlined in the buffer; the source that underlines
   * those that come near and parks those gone far (not "busy": the words are all known). */
  TpSpellParked   *parked;
  int              near_chars;
  guint            materialize_source;
  /* Where the sweep that parks far underlines goes on from, in its next slice. */
  int              park_resume;
  /* Where the cursor and the top of the screen were at the last sweep: a move of less than
   * half the near distance (typing) needs none. */
  int              swept_cursor;
  int              swept_view;

  /* Exact number of misspelled words, underlined in the buffer or parked, kept up to date on
   * every change. */
  guint            misspelled_count;
  guint            count_before_edit;

  /* The word being typed is not flagged until the cursor leaves it. */
  GtkTextMark     *deferred_start;
  GtkTextMark     *deferred_end;
  int              last_typed_offset;

  GHashTable      *suggestions;        /* word → GStrv */
  GHashTable      *pending_suggestions;
  GHashTable      *accepted;           /* words made correct during this session */
  GtkTextMark     *unmark_position;
  GtkTextMark     *unmark_parked_position;
  char            *unmark_word;
  guint            unmark_source;
};

G_DEFINE_FINAL_TYPE (TpSpellChecker, tp_spell_checker, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LANGUAGE,
  PROP_ENABLED,
  PROP_MISSPELLED_COUNT,
  PROP_BUSY,
  PROP_ERROR,
  N_PROPS
};

enum {
  SUGGESTIONS_READY,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void     schedule_dispatch  (TpSpellChecker *self);
static void     schedule_unpark    (TpSpellChecker *self);
static gboolean unpark_range       (TpSpellChecker *self,
                                    int             from,
                                    int             to,
                                    gint64          deadline);
static gboolean has_unchecked_text (TpSpellChecker *self);

/* ---- counting misspelled words ---- */

static gboolean
starts_word (TpSpellChecker    *self,
             const GtkTextIter *iter)
{
  GtkTextIter before = *iter;

  if (!gtk_text_iter_has_tag (iter, self->tag))
    return FALSE;
  if (!gtk_text_iter_backward_char (&before))
    return TRUE;
  return !gtk_text_iter_has_tag (&before, self->tag);
}

/* Misspelled words that start within [start, end], end included. */
static guint
count_word_starts (TpSpellChecker    *self,
                   const GtkTextIter *start,
                   const GtkTextIter *end)
{
  GtkTextIter iter = *start;
  guint count = starts_word (self, &iter) ? 1 : 0;

  while (gtk_text_iter_forward_to_tag_toggle (&iter, self->tag)
         && gtk_text_iter_compare (&iter, end) <= 0)
    count += starts_word (self, &iter);
  return count;
}

static void
adjust_count (TpSpellChecker *self,
              guint           before,
              guint           after)
{
  if (before == after)
    return;
  self->misspelled_count = self->misspelled_count + after - before;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSPELLED_COUNT]);
}

static void
set_tag_counted (TpSpellChecker    *self,
                 const GtkTextIter *start,
                 const GtkTextIter *end,
                 gboolean           misspelled)
{
  guint before = count_word_starts (self, start, end);

  if (misspelled)
    gtk_text_buffer_apply_tag (self->buffer, self->tag, start, end);
  else
    gtk_text_buffer_remove_tag (self->buffer, self->tag, start, end);
  adjust_count (self, before, count_word_starts (self, start, end));
}

/* Removes the underlines within [start, end) one underlined run at a time. Removing a tag makes
 * GtkTextView lay out its whole range again, and the underline is a tag that affects size: one
 * removal over a whole chunk would re-shape every line of it, underlined or not. */
static void
clear_underlines (TpSpellChecker    *self,
                  const GtkTextIter *start,
                  const GtkTextIter *end)
{
  GtkTextIter run_start = *start;
  GtkTextIter run_end;

  if (!gtk_text_iter_has_tag (&run_start, self->tag)
      && !gtk_text_iter_forward_to_tag_toggle (&run_start, self->tag))
    return;
  while (gtk_text_iter_compare (&run_start, end) < 0)
    {
      run_end = run_start;
      gtk_text_iter_forward_to_tag_toggle (&run_end, self->tag);
      if (gtk_text_iter_compare (&run_end, end) > 0)
        run_end = *end;
      set_tag_counted (self, &run_start, &run_end, FALSE);
      run_start = run_end;
      if (!gtk_text_iter_forward_to_tag_toggle (&run_start, self->tag))
        return;
    }
}

/* ---- busy state ---- */

static gboolean
is_busy (TpSpellChecker *self)
{
  return self->enabled && self->language != NULL && self->error == NULL
         && (has_unchecked_text (self) || self->in_flight.length > 0
             || self->to_apply.length > 0);
}

static void
notify_busy (TpSpellChecker *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* ---- regions ---- */

static void
move_to_boundary (GtkTextIter *iter,
                  gboolean     forward)
{
  for (int i = 0; i < BOUNDARY_SEARCH_CHARS; i++)
    {
      if (forward ? gtk_text_iter_is_end (iter) : gtk_text_iter_is_start (iter))
        return;
      if (forward && tp_tokenizer_is_boundary (gtk_text_iter_get_char (iter)))
        return;
      if (!forward)
        {
          GtkTextIter before = *iter;
          gtk_text_iter_backward_char (&before);
          if (tp_tokenizer_is_boundary (gtk_text_iter_get_char (&before)))
            return;
        }
      if (forward)
        gtk_text_iter_forward_char (iter);
      else
        gtk_text_iter_backward_char (iter);
    }
}

static void
mark_unchecked (TpSpellChecker    *self,
                const GtkTextIter *start,
                const GtkTextIter *end)
{
  GtkTextIter from = *start;
  GtkTextIter to = *end;

  move_to_boundary (&from, FALSE);
  move_to_boundary (&to, TRUE);
  gtk_source_region_add_subregion (self->unchecked, &from, &to);
  schedule_dispatch (self);
}

static void
chunk_bounds (TpSpellChecker *self,
              Chunk          *chunk,
              GtkTextIter    *start,
              GtkTextIter    *end)
{
  gtk_text_buffer_get_iter_at_mark (self->buffer, start, chunk->start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, end, chunk->end);
}

static void
chunk_free (TpSpellChecker *self,
            Chunk          *chunk)
{
  if (self->buffer != NULL)
    {
      gtk_text_buffer_delete_mark (self->buffer, chunk->start);
      gtk_text_buffer_delete_mark (self->buffer, chunk->end);
    }
  g_clear_pointer (&chunk->misspelled, g_array_unref);
  g_free (chunk);
}

static void
invalidate_chunk (TpSpellChecker *self,
                  Chunk          *chunk)
{
  GtkTextIter start, end;

  if (chunk->invalid)
    return;
  chunk->invalid = TRUE;
  chunk_bounds (self, chunk, &start, &end);
  gtk_source_region_add_subregion (self->unchecked, &start, &end);
}

static gboolean
chunk_overlaps (TpSpellChecker    *self,
                Chunk             *chunk,
                const GtkTextIter *start,
                const GtkTextIter *end)
{
  GtkTextIter chunk_start, chunk_end;

  chunk_bounds (self, chunk, &chunk_start, &chunk_end);
  return gtk_text_iter_compare (start, &chunk_end) < 0
         && gtk_text_iter_compare (end, &chunk_start) > 0;
}

/* Whether text now on both sides of point, an edge of the chunk, is one piece: an edit there
 * (text typed at the edge, or the space between two words deleted) made the chunk's first or
 * last word another, longer word, and the chunk's result is about a word that is gone. */
static gboolean
joins_at_edge (TpSpellChecker    *self,
               Chunk             *chunk,
               const GtkTextIter *point)
{
  GtkTextIter chunk_start, chunk_end;
  GtkTextIter before = *point;

  chunk_bounds (self, chunk, &chunk_start, &chunk_end);
  if (!gtk_text_iter_equal (point, &chunk_start) && !gtk_text_iter_equal (point, &chunk_end))
    return FALSE;
  if (gtk_text_iter_is_end (point) || !gtk_text_iter_backward_char (&before))
    return FALSE;
  return !tp_tokenizer_is_boundary (gtk_text_iter_get_char (&before))
         && !tp_tokenizer_is_boundary (gtk_text_iter_get_char (point));
}

/* After an edit of [start, end) (empty for a deletion): the chunks it overlaps, or whose edge
 * word it extends, are invalid. */
static void
invalidate_touched (TpSpellChecker    *self,
                    GQueue            *chunks,
                    const GtkTextIter *start,
                    const GtkTextIter *end)
{
  for (GList *l = chunks->head; l != NULL; l = l->next)
    if (chunk_overlaps (self, l->data, start, end) || joins_at_edge (self, l->data, start)
        || joins_at_edge (self, l->data, end))
      invalidate_chunk (self, l->data);
}

/* Before a deletion nothing may touch the buffer's marks (GTK is about to cut the very
 * segments they live in): overlapping chunks are only flagged, and handled once it is done. */
static void
flag_overlapping (TpSpellChecker    *self,
                  GQueue            *chunks,
                  const GtkTextIter *start,
                  const GtkTextIter *end)
{
  for (GList *l = chunks->head; l != NULL; l = l->next)
    {
      Chunk *chunk = l->data;
      chunk->overlapped |= !chunk->invalid && chunk_overlaps (self, chunk, start, end);
    }
}

static void
invalidate_flagged (TpSpellChecker *self,
                    GQueue         *chunks)
{
  for (GList *l = chunks->head; l != NULL; l = l->next)
    {
      Chunk *chunk = l->data;
      if (chunk->overlapped)
        invalidate_chunk (self, chunk);
      chunk->overlapped = FALSE;
    }
}

static void
invalidate_all (TpSpellChecker *self)
{
  for (GList *l = self->in_flight.head; l != NULL; l = l->next)
    invalidate_chunk (self, l->data);
  for (GList *l = self->to_apply.head; l != NULL; l = l->next)
    invalidate_chunk (self, l->data);
}

/* ---- the word being typed ---- */

static void
release_deferred_word (TpSpellChecker *self)
{
  GtkTextIter start, end;

  if (self->deferred_start == NULL)
    return;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->deferred_start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, self->deferred_end);
  gtk_text_buffer_delete_mark (self->buffer, self->deferred_start);
  gtk_text_buffer_delete_mark (self->buffer, self->deferred_end);
  self->deferred_start = self->deferred_end = NULL;
  mark_unchecked (self, &start, &end);
}

static int
cursor_offset (TpSpellChecker *self)
{
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));
  return gtk_text_iter_get_offset (&cursor);
}

static gboolean
is_being_typed (TpSpellChecker    *self,
                const GtkTextIter *start,
                const GtkTextIter *end,
                int                cursor)
{
  int from = gtk_text_iter_get_offset (start);
  int to = gtk_text_iter_get_offset (end);

  /* A cursor at the start of a word is not typing it: it is typing whatever comes before. */
  return from < cursor && cursor <= to && from < self->last_typed_offset
         && self->last_typed_offset <= to;
}

static void
defer_word (TpSpellChecker    *self,
            const GtkTextIter *start,
            const GtkTextIter *end)
{
  if (self->deferred_start != NULL)
    {
      gtk_text_buffer_delete_mark (self->buffer, self->deferred_start);
      gtk_text_buffer_delete_mark (self->buffer, self->deferred_end);
    }
  self->deferred_start = gtk_text_buffer_create_mark (self->buffer, NULL, start, TRUE);
  self->deferred_end = gtk_text_buffer_create_mark (self->buffer, NULL, end, FALSE);
}

static void
on_mark_set (TpSpellChecker *self,
             GtkTextIter    *location,
             GtkTextMark    *mark)
{
  GtkTextIter start, end;

  if (mark != gtk_text_buffer_get_insert (self->buffer))
    return;
  schedule_unpark (self);
  if (self->deferred_start == NULL)
    return;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->deferred_start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, self->deferred_end);
  if (!gtk_text_iter_in_range (location, &start, &end) && !gtk_text_iter_equal (location, &end))
    {
      self->last_typed_offset = -1;
      release_deferred_word (self);
    }
}

/* ---- edits ---- */

static void
on_insert_text_before (TpSpellChecker *self,
                       GtkTextIter    *location,
                       const char     *text,
                       int             length)
{
  guint dropped = tp_spell_parked_insert_before (self->parked, gtk_text_iter_get_offset (location),
                                                 (int) g_utf8_strlen (text, length));

  adjust_count (self, dropped, 0);
  self->count_before_edit = count_word_starts (self, location, location);
}

static void
on_insert_text_after (TpSpellChecker *self,
                      GtkTextIter    *location,
                      const char     *text,
                      int             length)
{
  GtkTextIter start = *location;

  gtk_text_iter_backward_chars (&start, (int) g_utf8_strlen (text, length));
  adjust_count (self, self->count_before_edit, count_word_starts (self, &start, location));
  if (cursor_offset (self) == gtk_text_iter_get_offset (location))
    self->last_typed_offset = gtk_text_iter_get_offset (location);

  invalidate_touched (self, &self->in_flight, &start, location);
  invalidate_touched (self, &self->to_apply, &start, location);
  if (self->enabled)
    mark_unchecked (self, &start, location);
}

static void
on_delete_range_before (TpSpellChecker *self,
                        GtkTextIter    *start,
                        GtkTextIter    *end)
{
  guint dropped = tp_spell_parked_delete_before (self->parked, gtk_text_iter_get_offset (start),
                                                 gtk_text_iter_get_offset (end));

  adjust_count (self, dropped, 0);
  self->count_before_edit = count_word_starts (self, start, end);
  flag_overlapping (self, &self->in_flight, start, end);
  flag_overlapping (self, &self->to_apply, start, end);
}

static void
on_delete_range_after (TpSpellChecker *self,
                       GtkTextIter    *start,
                       GtkTextIter    *end)
{
  adjust_count (self, self->count_before_edit, count_word_starts (self, start, start));
  tp_spell_parked_prune (self->parked);
  invalidate_flagged (self, &self->in_flight);
  invalidate_flagged (self, &self->to_apply);
  invalidate_touched (self, &self->in_flight, start, start);
  invalidate_touched (self, &self->to_apply, start, start);
  if (self->enabled)
    mark_unchecked (self, start, start);
}

/* ---- sending chunks ---- */

static gboolean
visible_range (TpSpellChecker *self,
               GtkTextIter    *start,
               GtkTextIter    *end)
{
  GdkRectangle rect;

  if (self->view == NULL || !gtk_widget_get_realized (GTK_WIDGET (self->view)))
    return FALSE;
  /* Whole lines, found from the line heights GtkTextView keeps: asking for the character at a
   * point would lay out (shape) the two lines there, a millisecond or more, and this runs for
   * every chunk and every keystroke. */
  gtk_text_view_get_visible_rect (self->view, &rect);
  gtk_text_view_get_line_at_y (self->view, start, rect.y, NULL);
  gtk_text_view_get_line_at_y (self->view, end, rect.y + rect.height, NULL);
  if (!gtk_text_iter_ends_line (end))
    gtk_text_iter_forward_to_line_end (end);
  return TRUE;
}

/* The first subregion with text in it: edits can leave empty ones (both marks at one place)
 * that a region still holds. */
static gboolean
first_subregion (GtkSourceRegion *region,
                 GtkTextIter     *start,
                 GtkTextIter     *end)
{
  GtkSourceRegionIter iter;

  for (gtk_source_region_get_start_region_iter (region, &iter);
       !gtk_source_region_iter_is_end (&iter); gtk_source_region_iter_next (&iter))
    if (gtk_source_region_iter_get_subregion (&iter, start, end) && !gtk_text_iter_equal (start, end))
      return TRUE;
  return FALSE;
}

static gboolean
has_unchecked_text (TpSpellChecker *self)
{
  GtkTextIter start, end;
  return first_subregion (self->unchecked, &start, &end);
}

/* The next range to check: unchecked text on screen first, then the rest from the top. */
static gboolean
pick_next_range (TpSpellChecker *self,
                 GtkTextIter    *start,
                 GtkTextIter    *end,
                 gboolean       *visible)
{
  GtkTextIter view_start, view_end;
  gboolean is_source = gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (self->buffer)) != NULL;
  int limit = is_source ? SOURCE_CHUNK_CHARS : CHUNK_CHARS;
  GtkTextIter subregion_end;

  *visible = FALSE;
  if (visible_range (self, &view_start, &view_end))
    {
      g_autoptr(GtkSourceRegion) on_screen =
        gtk_source_region_intersect_subregion (self->unchecked, &view_start, &view_end);
      *visible = on_screen != NULL && first_subregion (on_screen, start, end);
    }
  if (!*visible && !first_subregion (self->unchecked, start, end))
    return FALSE;

  subregion_end = *end;
  *end = *start;
  gtk_text_iter_forward_chars (end, limit);
  if (gtk_text_iter_compare (end, &subregion_end) >= 0)
    *end = subregion_end;
  else
    move_to_boundary (end, TRUE);
  return TRUE;
}

/* The chunk's text, with what GtkSourceView marks as not to be spell-checked (code, in source
 * files) blanked out character for character, so that offsets stay right: a space for each
 * character, or the whitespace character itself, all its bytes. */
static char *
copy_chunk_text (TpSpellChecker *self,
                 GtkTextIter    *start,
                 GtkTextIter    *end)
{
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (self->buffer);
  g_autoptr(GString) text = NULL;
  GtkTextIter iter = *start;

  if (gtk_source_buffer_get_language (buffer) == NULL)
    return gtk_text_iter_get_slice (start, end);

  gtk_source_buffer_ensure_highlight (buffer, start, end);
  text = g_string_new (NULL);
  while (gtk_text_iter_compare (&iter, end) < 0)
    {
      GtkTextIter next = iter;
      gboolean skip = gtk_source_buffer_iter_has_context_class (buffer, &iter, "no-spell-check");
      g_autofree char *piece = NULL;

      if (!gtk_source_buffer_iter_forward_to_context_class_toggle (buffer, &next, "no-spell-check")
          || gtk_text_iter_compare (&next, end) > 0)
        next = *end;
      piece = gtk_text_iter_get_slice (&iter, &next);
      if (skip)
        for (const char *p = piece; *p != '\0'; p = g_utf8_next_char (p))
          {
            if (g_unichar_isspace (g_utf8_get_char (p)))
              g_string_append_len (text, p, g_utf8_next_char (p) - p);
            else
              g_string_append_c (text, ' ');
          }
      else
        g_string_append (text, piece);
      iter = next;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void on_chunk_checked (TpSpellJob *job);
static void start_clearing (TpSpellChecker *self);

static void
send_chunk (TpSpellChecker *self,
            GtkTextIter    *start,
            GtkTextIter    *end,
            gboolean        visible)
{
  Chunk *chunk = g_new0 (Chunk, 1);
  g_autofree char *text = copy_chunk_text (self, start, end);
  TpSpellJob *job = tp_spell_job_new (TP_SPELL_JOB_CHECK,
                                      visible ? TP_SPELL_PRIORITY_VISIBLE
                                              : TP_SPELL_PRIORITY_BACKGROUND,
                                      self->language, text, -1);

  chunk->id = ++self->next_chunk_id;
  chunk->visible = visible;
  /* Text typed right at either edge stays outside the chunk. */
  chunk->start = gtk_text_buffer_create_mark (self->buffer, NULL, start, FALSE);
  chunk->end = gtk_text_buffer_create_mark (self->buffer, NULL, end, TRUE);
  g_queue_push_tail (&self->in_flight, chunk);
  gtk_source_region_subtract_subregion (self->unchecked, start, end);

  job->chunk_id = chunk->id;
  job->cancellable = g_object_ref (self->cancellable);
  job->done = on_chunk_checked;
  g_weak_ref_set (&job->owner, self);
  tp_spell_service_submit (self->service, job);
}

static gboolean
dispatch_chunks (gpointer user_data)
{
  TpSpellChecker *self = user_data;
  gint64 deadline = g_get_monotonic_time () + SLICE_USEC;

  self->dispatch_source = 0;
  if (!self->enabled || self->language == NULL)
    return G_SOURCE_REMOVE;

  while (self->in_flight.length < MAX_CHUNKS_IN_FLIGHT && g_get_monotonic_time () < deadline)
    {
      GtkTextIter start, end;
      gboolean visible;

      if (!pick_next_range (self, &start, &end, &visible))
        break;
      send_chunk (self, &start, &end, visible);
    }
  if (self->in_flight.length < MAX_CHUNKS_IN_FLIGHT && has_unchecked_text (self))
    schedule_dispatch (self);
  notify_busy (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_dispatch (TpSpellChecker *self)
{
  if (self->dispatch_source != 0 || !self->enabled || self->language == NULL
      || self->error != NULL)
    return;
  self->dispatch_source = g_idle_add_full (TP_SPELL_MAIN_PRIORITY, dispatch_chunks, self, NULL);
}

/* ---- applying results ---- */

static void prefetch_visible_suggestions (TpSpellChecker *self);

static gboolean
is_accepted (TpSpellChecker    *self,
             const GtkTextIter *start,
             const GtkTextIter *end)
{
  g_autofree char *word = NULL;

  if (g_hash_table_size (self->accepted) == 0)
    return FALSE;
  word = gtk_text_iter_get_slice (start, end);
  return g_hash_table_contains (self->accepted, word);
}

static void
apply_word (TpSpellChecker *self,
            Chunk          *chunk,
            const TpWord   *word,
            int             cursor)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, chunk->start);
  gtk_text_iter_forward_chars (&start, (int) word->char_offset);
  end = start;
  gtk_text_iter_forward_chars (&end, (int) word->char_length);

  if (is_accepted (self, &start, &end))
    return;
  if (is_being_typed (self, &start, &end, cursor))
    {
      defer_word (self, &start, &end);
      return;
    }
  set_tag_counted (self, &start, &end, TRUE);
}

/* ---- parked misspellings: far from the screen, out of the buffer ---- */

/* Whether [from, to) lies near the cursor or the text on screen, where misspellings are
 * underlined in the buffer. */
static gboolean
is_near (TpSpellChecker *self,
         int             from,
         int             to)
{
  GtkTextIter view_start, view_end;
  int cursor = cursor_offset (self);

  if (to > cursor - self->near_chars && from < cursor + self->near_chars)
    return TRUE;
  return visible_range (self, &view_start, &view_end)
         && to > gtk_text_iter_get_offset (&view_start) - self->near_chars
         && from < gtk_text_iter_get_offset (&view_end) + self->near_chars;
}

/* Keeps the chunk's misspellings out of the buffer, all at once: no text tag is touched. */
static void
park_chunk (TpSpellChecker *self,
            Chunk          *chunk,
            int             from,
            int             to,
            int             cursor)
{
  GArray *spans = g_array_sized_new (FALSE, FALSE, sizeof (TpSpellSpan), chunk->misspelled->len);

  for (guint i = 0; i < chunk->misspelled->len; i++)
    {
      const TpWord *word = &g_array_index (chunk->misspelled, TpWord, i);
      TpSpellSpan span = { (guint32) word->char_offset, (guint32) word->char_length };
      int start = from + (int) span.offset, end = start + (int) span.length;

      if (g_hash_table_size (self->accepted) > 0)
        {
          GtkTextIter word_start, word_end;

          gtk_text_buffer_get_iter_at_offset (self->buffer, &word_start, start);
          gtk_text_buffer_get_iter_at_offset (self->buffer, &word_end, end);
          if (is_accepted (self, &word_start, &word_end))
            continue;
        }
      if (start < cursor && cursor <= end && start < self->last_typed_offset
          && self->last_typed_offset <= end)
        {
          /* The word being typed waits, as it does on screen. */
          apply_word (self, chunk, word, cursor);
          continue;
        }
      g_array_append_val (spans, span);
    }
  chunk->applied = chunk->misspelled->len;
  adjust_count (self, 0, spans->len);
  tp_spell_parked_add (self->parked, from, to, spans);
}

/* Underlines parked words until the deadline, and parks the rest again: base is where their
 * offsets start from. From the last word back, so that the search for the next underline that
 * counting does ends at once, on the word just underlined after it. Counted as underlines are:
 * an edit can have left a parked word right against an underlined one, and one run of underline
 * is one word. TRUE when all are. */
static gboolean
underline_parked (TpSpellChecker *self,
                  int             base,
                  GArray         *spans,
                  gint64          deadline)
{
  guint before = self->misspelled_count;
  guint left = spans->len;

  for (; left > 0; left--)
    {
      TpSpellSpan *span = &g_array_index (spans, TpSpellSpan, left - 1);
      GtkTextIter start, end;

      if ((spans->len - left) % WORDS_PER_LOOK == WORDS_PER_LOOK - 1
          && g_get_monotonic_time () >= deadline)
        break;
      gtk_text_buffer_get_iter_at_offset (self->buffer, &start, base + (int) span->offset);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end,
                                          base + (int) (span->offset + span->length));
      self->misspelled_count--;
      set_tag_counted (self, &start, &end, TRUE);
    }
  if (self->misspelled_count != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISSPELLED_COUNT]);
  if (left == 0)
    {
      g_array_unref (spans);
      return TRUE;
    }
  /* The words not reached yet are parked again. */
  g_array_set_size (spans, left);
  tp_spell_parked_add (self->parked, base,
                       base + (int) (g_array_index (spans, TpSpellSpan, left - 1).offset
                                     + g_array_index (spans, TpSpellSpan, left - 1).length),
                       spans);
  return FALSE;
}

/* Underlines the parked words of [from, to) until the deadline; TRUE when all are. */
static gboolean
unpark_range (TpSpellChecker *self,
              int             from,
              int             to,
              gint64          deadline)
{
  GArray *spans;
  int base;

  while ((spans = tp_spell_parked_take (self->parked, from, to, &base)) != NULL)
    if (!underline_parked (self, base, spans, deadline) || g_get_monotonic_time () >= deadline)
      return FALSE;
  return TRUE;
}

static gboolean find_from   (TpSpellChecker *self,
                             GtkTextIter    *iter,
                             gboolean        forward);

/* Parks the underlined words that start in [from, to), outside parked ranges, as one range
 * of at most CHUNK_CHARS and WORDS_PER_LOOK words; returns where to go on from, or -1 when
 * there are no more. */
static int
park_underlined (TpSpellChecker *self,
                 int             from,
                 int             to)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (TpSpellSpan));
  GtkTextIter iter, end;
  int gap_end, first, limit, last_end = -1;

  from = tp_spell_parked_next_gap (self->parked, from, &gap_end);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, from);
  if (from >= to || (!starts_word (self, &iter) && !find_from (self, &iter, TRUE))
      || (first = gtk_text_iter_get_offset (&iter)) >= to)
    {
      g_array_unref (spans);
      return -1;
    }
  limit = MIN (MIN (to, gap_end), first + CHUNK_CHARS);
  while (gtk_text_iter_get_offset (&iter) < limit && spans->len < WORDS_PER_LOOK)
    {
      TpSpellSpan span = { (guint32) (gtk_text_iter_get_offset (&iter) - first), 0 };

      end = iter;
      gtk_text_iter_forward_to_tag_toggle (&end, self->tag);
      if (gtk_text_iter_get_offset (&end) > gap_end)
        break;
      last_end = gtk_text_iter_get_offset (&end);
      span.length = (guint32) (last_end - first) - span.offset;
      g_array_append_val (spans, span);
      iter = end;
      if (!find_from (self, &iter, TRUE))
        break;
    }
  /* Word by word: removing the tag makes GtkTextView lay out again only the lines it was on. */
  for (guint i = 0; i < spans->len; i++)
    {
      TpSpellSpan *span = &g_array_index (spans, TpSpellSpan, i);

      gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, first + (int) span->offset);
      gtk_text_buffer_get_iter_at_offset (self->buffer, &end,
                                          first + (int) (span->offset + span->length));
      gtk_text_buffer_remove_tag (self->buffer, self->tag, &iter, &end);
    }
  if (spans->len == 0)
    {
      g_array_unref (spans);
      return MAX (limit, first + 1);
    }
  tp_spell_parked_add (self->parked, first, last_end, spans);
  return last_end;
}

/* The text around the cursor and the screen, widened by margin on both sides, as at most two
 * ranges in order; returns how many. */
static guint
near_zones (TpSpellChecker *self,
            int             margin,
            int             zones[2][2])
{
  GtkTextIter view_start, view_end;
  int cursor = cursor_offset (self);
  guint n = 0;

  zones[n][0] = cursor - margin;
  zones[n++][1] = cursor + margin;
  if (visible_range (self, &view_start, &view_end))
    {
      int from = gtk_text_iter_get_offset (&view_start) - margin;
      int to = gtk_text_iter_get_offset (&view_end) + margin;

      if (to < zones[0][0] || from > zones[0][1])
        {
          zones[n][0] = from;
          zones[n++][1] = to;
        }
      else
        {
          zones[0][0] = MIN (zones[0][0], from);
          zones[0][1] = MAX (zones[0][1], to);
        }
    }
  if (n == 2 && zones[1][0] < zones[0][0])
    {
      int first[2] = { zones[1][0], zones[1][1] };

      zones[1][0] = zones[0][0];
      zones[1][1] = zones[0][1];
      zones[0][0] = first[0];
      zones[0][1] = first[1];
    }
  return n;
}

/* Parks the underlines far outside the zones (twice the distance they are underlined within,
 * so that a word at the edge does not go back and forth) until the deadline; TRUE when done.
 * A sweep cut by the deadline goes on where it stopped: started again from the top in every
 * slice, a sweep that takes longer than one slice to reach new ground (a slow machine, a long
 * stretch with nothing left to park) would run slice after slice and never end, a livelock. */
static gboolean
park_far (TpSpellChecker *self,
          gint64          deadline)
{
  int zones[2][2];
  guint n = near_zones (self, 2 * self->near_chars, zones);
  int from = self->park_resume;

  for (guint i = 0; i <= n; i++)
    {
      int to = i < n ? zones[i][0] : G_MAXINT;

      while (from < to && (from = park_underlined (self, from, to)) >= 0)
        if (g_get_monotonic_time () >= deadline)
          {
            self->park_resume = from;
            return FALSE;
          }
      if (i < n)
        from = MAX (from, zones[i][1]);
    }
  self->park_resume = 0;
  return TRUE;
}

static gboolean
unpark_near (gpointer user_data)
{
  TpSpellChecker *self = user_data;
  gint64 deadline = g_get_monotonic_time () + SLICE_USEC;
  int zones[2][2];
  guint n = near_zones (self, self->near_chars, zones);

  for (guint i = 0; i < n; i++)
    if (!unpark_range (self, zones[i][0], zones[i][1], deadline))
      return G_SOURCE_CONTINUE;
  if (!park_far (self, deadline))
    return G_SOURCE_CONTINUE;
  self->materialize_source = 0;
  return G_SOURCE_REMOVE;
}

/* The screen or the cursor moved: the parked words that are near now get underlined, the
 * underlines now far are parked. */
static void
schedule_unpark (TpSpellChecker *self)
{
  GtkTextIter view_start, view_end;
  int cursor, view;

  if (self->materialize_source != 0
      || (tp_spell_parked_get_count (self->parked) == 0
          && gtk_text_buffer_get_char_count (self->buffer) <= 2 * self->near_chars))
    return;
  cursor = cursor_offset (self);
  view = visible_range (self, &view_start, &view_end) ? gtk_text_iter_get_offset (&view_start)
                                                      : -1;
  if (ABS (cursor - self->swept_cursor) < self->near_chars / 2
      && ABS (view - self->swept_view) < self->near_chars / 2)
    return;
  self->swept_cursor = cursor;
  self->swept_view = view;
  self->park_resume = 0;
  self->materialize_source = g_idle_add_full (TP_SPELL_MAIN_PRIORITY, unpark_near, self, NULL);
}

/* Forgets the misspellings of [start, end), underlined or parked. */
static void
forget_range (TpSpellChecker    *self,
              const GtkTextIter *start,
              const GtkTextIter *end)
{
  clear_underlines (self, start, end);
  adjust_count (self, tp_spell_parked_cut (self->parked, gtk_text_iter_get_offset (start),
                                           gtk_text_iter_get_offset (end)), 0);
}

/* Applies as much of the chunk as the deadline allows; TRUE when it is all done. */
static gboolean
apply_chunk (TpSpellChecker *self,
             Chunk          *chunk,
             gint64          deadline)
{
  int cursor = cursor_offset (self);

  if (!chunk->cleared)
    {
      GtkTextIter start, end;
      int from, to;

      chunk_bounds (self, chunk, &start, &end);
      from = gtk_text_iter_get_offset (&start);
      to = gtk_text_iter_get_offset (&end);
      forget_range (self, &start, &end);
      chunk->cleared = TRUE;
      if (!chunk->visible && !is_near (self, from, to))
        {
          park_chunk (self, chunk, from, to, cursor);
          return TRUE;
        }
    }

  while (chunk->applied < chunk->misspelled->len)
    {
      apply_word (self, chunk, &g_array_index (chunk->misspelled, TpWord, chunk->applied), cursor);
      chunk->applied++;
      if (g_get_monotonic_time () >= deadline)
        return chunk->applied == chunk->misspelled->len;
    }
  return TRUE;
}

static gboolean
apply_results (gpointer user_data)
{
  TpSpellChecker *self = user_data;
  gint64 deadline = g_get_monotonic_time () + SLICE_USEC;
  gboolean visible_done = FALSE;

  self->apply_source = 0;
  while (self->to_apply.length > 0 && g_get_monotonic_time () < deadline)
    {
      Chunk *chunk = g_queue_peek_head (&self->to_apply);

      if (!chunk->invalid && !apply_chunk (self, chunk, deadline))
        break;
      visible_done |= chunk->visible && !chunk->invalid;
      chunk_free (self, g_queue_pop_head (&self->to_apply));
    }

  if (self->to_apply.length > 0)
    self->apply_source = g_idle_add_full (TP_SPELL_MAIN_PRIORITY, apply_results, self, NULL);
  if (visible_done)
    prefetch_visible_suggestions (self);
  notify_busy (self);
  return G_SOURCE_REMOVE;
}

static Chunk *
take_chunk_in_flight (TpSpellChecker *self,
                      guint64         id)
{
  for (GList *l = self->in_flight.head; l != NULL; l = l->next)
    {
      Chunk *chunk = l->data;
      if (chunk->id == id)
        {
          g_queue_delete_link (&self->in_flight, l);
          return chunk;
        }
    }
  return NULL;
}

static void
set_error (TpSpellChecker *self,
           const GError   *error)
{
  if (error == NULL && self->error == NULL)
    return;
  if (error != NULL && g_error_matches (self->error, error->domain, error->code)
      && g_str_equal (self->error->message, error->message))
    return;
  g_clear_error (&self->error);
  self->error = error ? g_error_copy (error) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
on_chunk_checked (TpSpellJob *job)
{
  g_autoptr(TpSpellChecker) self = g_weak_ref_get (&job->owner);
  Chunk *chunk;

  if (self == NULL || self->buffer == NULL)
    return;
  chunk = take_chunk_in_flight (self, job->chunk_id);
  if (chunk == NULL)
    return;

  /* A chunk edited, or checked in the language used before, is stale whatever came back: an
   * error too, or the old language's missing dictionary would stop the new one. */
  if (chunk->invalid)
    {
      chunk_free (self, chunk);
      schedule_dispatch (self);
      return;
    }
  if (job->error != NULL)
    {
      /* Without a dictionary that works the language cannot be checked: say so, and stop.
       * Underlines of the language before go too: no word is known to be misspelled. */
      set_error (self, job->error);
      g_clear_object (&self->unchecked);
      self->unchecked = gtk_source_region_new (self->buffer);
      invalidate_all (self);
      start_clearing (self);
      chunk_free (self, chunk);
      notify_busy (self);
      return;
    }
  if (job->misspelled == NULL)
    {
      chunk_free (self, chunk);
      schedule_dispatch (self);
      return;
    }

  chunk->misspelled = g_steal_pointer (&job->misspelled);
  g_queue_push_tail (&self->to_apply, chunk);
  if (self->apply_source == 0)
    self->apply_source = g_idle_add_full (TP_SPELL_MAIN_PRIORITY, apply_results, self, NULL);
  schedule_dispatch (self);
}

/* ---- suggestions ---- */

static void
on_suggestions_ready (TpSpellJob *job)
{
  g_autoptr(TpSpellChecker) self = g_weak_ref_get (&job->owner);

  if (self == NULL || g_strcmp0 (job->language, self->language) != 0)
    return;
  g_hash_table_remove (self->pending_suggestions, job->text);
  if (job->suggestions == NULL)
    return;
  g_hash_table_insert (self->suggestions, g_strdup (job->text), g_steal_pointer (&job->suggestions));
  g_signal_emit (self, signals[SUGGESTIONS_READY], 0, job->text);
}

/* Asks the spell thread for a word's suggestions, unless they are known or on their way;
 * urgent ones (a menu is open) go ahead of everything else. */
void
tp_spell_checker_request_suggestions (TpSpellChecker *self,
                                      const char     *word,
                                      gboolean        urgent)
{
  TpSpellJob *job;

  g_return_if_fail (TP_IS_SPELL_CHECKER (self));

  if (self->language == NULL || g_hash_table_contains (self->suggestions, word))
    return;
  if (!urgent && g_hash_table_contains (self->pending_suggestions, word))
    return;

  job = tp_spell_job_new (TP_SPELL_JOB_SUGGEST,
                          urgent ? TP_SPELL_PRIORITY_URGENT : TP_SPELL_PRIORITY_PREFETCH,
                          self->language, word, -1);
  job->cancellable = g_object_ref (self->cancellable);
  job->done = on_suggestions_ready;
  g_weak_ref_set (&job->owner, self);
  g_hash_table_add (self->pending_suggestions, g_strdup (word));
  tp_spell_service_submit (self->service, job);
}

/* The suggestions for word, or NULL while they are not known yet. */
const char *const *
tp_spell_checker_get_suggestions (TpSpellChecker *self,
                                  const char     *word)
{
  g_return_val_if_fail (TP_IS_SPELL_CHECKER (self), NULL);
  return g_hash_table_lookup (self->suggestions, word);
}

/* Misspelled words on screen, the one at the cursor first, get their suggestions computed
 * before anyone asks, so that the context menu opens with them. */
static void
prefetch_visible_suggestions (TpSpellChecker *self)
{
  GtkTextIter iter, view_end, cursor, start, end;
  guint requested = 0;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));
  if (tp_spell_checker_get_word_at (self, &cursor, &start, &end))
    {
      g_autofree char *word = gtk_text_iter_get_slice (&start, &end);
      tp_spell_checker_request_suggestions (self, word, FALSE);
    }

  if (!visible_range (self, &iter, &view_end))
    return;
  while (requested < PREFETCH_WORDS && gtk_text_iter_compare (&iter, &view_end) < 0)
    {
      if (starts_word (self, &iter))
        {
          g_autofree char *word = NULL;

          end = iter;
          gtk_text_iter_forward_to_tag_toggle (&end, self->tag);
          word = gtk_text_iter_get_slice (&iter, &end);
          tp_spell_checker_request_suggestions (self, word, FALSE);
          requested++;
          iter = end;
        }
      if (!gtk_text_iter_forward_to_tag_toggle (&iter, self->tag))
        break;
    }
}

/* ---- words made correct ---- */

/* Removes the underlines of accepted words until the deadline; TRUE when there is more. */
static gboolean
unmark_underlined (TpSpellChecker *self,
                   gint64          deadline)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, self->unmark_position);
  while (g_get_monotonic_time () < deadline)
    {
      if (starts_word (self, &iter))
        {
          GtkTextIter end = iter;

          gtk_text_iter_forward_to_tag_toggle (&end, self->tag);
          if (is_accepted (self, &iter, &end))
            set_tag_counted (self, &iter, &end, FALSE);
          iter = end;
        }
      if (!gtk_text_iter_forward_to_tag_toggle (&iter, self->tag))
        {
          gtk_text_buffer_delete_mark (self->buffer, self->unmark_position);
          self->unmark_position = NULL;
          return FALSE;
        }
    }
  gtk_text_buffer_move_mark (self->buffer, self->unmark_position, &iter);
  return TRUE;
}

static gboolean
is_parked_word_unaccepted (int      offset,
                           int      length,
                           gpointer user_data)
{
  TpSpellChecker *self = user_data;
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &start, offset);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &end, offset + length);
  return !is_accepted (self, &start, &end);
}

/* Forgets the parked accepted words until the deadline; TRUE when there is more. */
static gboolean
unmark_parked (TpSpellChecker *self,
               gint64          deadline)
{
  GtkTextIter iter;
  guint dropped;
  int next;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, self->unmark_parked_position);
  next = tp_spell_parked_filter (self->parked, gtk_text_iter_get_offset (&iter), deadline,
                                 is_parked_word_unaccepted, self, &dropped);
  adjust_count (self, dropped, 0);
  if (next < 0)
    {
      gtk_text_buffer_delete_mark (self->buffer, self->unmark_parked_position);
      self->unmark_parked_position = NULL;
      return FALSE;
    }
  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, next);
  gtk_text_buffer_move_mark (self->buffer, self->unmark_parked_position, &iter);
  return TRUE;
}

/* One slice of time of the sweep for accepted words; TRUE when there is more. */
static gboolean
unmark_slice (TpSpellChecker *self)
{
  gint64 deadline = g_get_monotonic_time () + SLICE_USEC;

  if (self->unmark_position != NULL && unmark_underlined (self, deadline))
    return TRUE;
  return self->unmark_parked_position != NULL && unmark_parked (self, deadline);
}

static gboolean
unmark_accepted_word (gpointer user_data)
{
  TpSpellChecker *self = user_data;

  if (unmark_slice (self))
    return G_SOURCE_CONTINUE;
  self->unmark_source = 0;
  return G_SOURCE_REMOVE;
}

static void
on_word_accepted (TpSpellChecker *self,
                  const char     *language,
                  const char     *word)
{
  GtkTextIter start;

  if (language != NULL && g_strcmp0 (language, self->language) != 0)
    return;
  g_hash_table_add (self->accepted, g_strdup (word));

  /* The whole document is swept from the top, a slice at a time. */
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  if (self->unmark_position == NULL)
    self->unmark_position = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
  else
    gtk_text_buffer_move_mark (self->buffer, self->unmark_position, &start);
  if (self->unmark_parked_position == NULL)
    self->unmark_parked_position = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
  else
    gtk_text_buffer_move_mark (self->buffer, self->unmark_parked_position, &start);
  /* The first slice runs now, so that a short document is clean before the menu closes. */
  if (self->unmark_source == 0 && unmark_slice (self))
    self->unmark_source = g_idle_add_full (TP_SPELL_MAIN_PRIORITY, unmark_accepted_word, self, NULL);
}

/* ---- switching off: underlines are removed a slice at a time ---- */

static gboolean
clear_tags_slice (gpointer user_data)
{
  TpSpellChecker *self = user_data;
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->clear_position);
  end = start;
  gtk_text_iter_forward_chars (&end, CHUNK_CHARS * 4);
  forget_range (self, &start, &end);
  if (!gtk_text_iter_is_end (&end))
    {
      gtk_text_buffer_move_mark (self->buffer, self->clear_position, &end);
      return G_SOURCE_CONTINUE;
    }
  gtk_text_buffer_delete_mark (self->buffer, self->clear_position);
  self->clear_position = NULL;
  self->clear_source = 0;
  return G_SOURCE_REMOVE;
}

static void
stop_clearing (TpSpellChecker *self)
{
  g_clear_handle_id (&self->clear_source, g_source_remove);
  if (self->clear_position != NULL)
    gtk_text_buffer_delete_mark (self->buffer, self->clear_position);
  self->clear_position = NULL;
}

static void
start_clearing (TpSpellChecker *self)
{
  GtkTextIter start;

  stop_clearing (self);
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  self->clear_position = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
  /* The first slice runs now, so that a short document is clean at once. */
  if (clear_tags_slice (self) == G_SOURCE_CONTINUE)
    self->clear_source = g_idle_add_full (TP_SPELL_MAIN_PRIORITY, clear_tags_slice, self, NULL);
}

/* Everything is to be checked again; old underlines go when their text is checked anew. */
static void
recheck_all (TpSpellChecker *self)
{
  GtkTextIter start, end;

  /* Underlines being cleared (after an error) would take away the new ones. */
  stop_clearing (self);
  invalidate_all (self);
  g_hash_table_remove_all (self->suggestions);
  g_hash_table_remove_all (self->pending_suggestions);
  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_source_region_add_subregion (self->unchecked, &start, &end);
  schedule_dispatch (self);
  notify_busy (self);
}

/* What is checked depends on the buffer's language (only comments and strings of code), and a
 * file's language is only guessed once it is loaded, after its text may have been checked. */
static void
on_source_language_changed (TpSpellChecker *self)
{
  if (self->enabled)
    recheck_all (self);
}

/* ---- object ---- */

static void
tp_spell_checker_dispose (GObject *object)
{
  TpSpellChecker *self = TP_SPELL_CHECKER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->dispatch_source, g_source_remove);
  g_clear_handle_id (&self->apply_source, g_source_remove);
  g_clear_handle_id (&self->unmark_source, g_source_remove);
  g_clear_handle_id (&self->materialize_source, g_source_remove);
  if (self->buffer != NULL)
    {
      Chunk *chunk;

      stop_clearing (self);
      g_clear_pointer (&self->parked, tp_spell_parked_free);
      while ((chunk = g_queue_pop_head (&self->in_flight)) != NULL)
        chunk_free (self, chunk);
      while ((chunk = g_queue_pop_head (&self->to_apply)) != NULL)
        chunk_free (self, chunk);
      g_signal_handlers_disconnect_by_data (self->buffer, self);
    }
  g_clear_object (&self->unchecked);
  g_clear_object (&self->buffer);
  g_clear_weak_pointer (&self->view);
  g_clear_object (&self->service);

  G_OBJECT_CLASS (tp_spell_checker_parent_class)->dispose (object);
}

static void
tp_spell_checker_finalize (GObject *object)
{
  TpSpellChecker *self = TP_SPELL_CHECKER (object);

  g_clear_object (&self->cancellable);
  g_free (self->language);
  g_clear_error (&self->error);
  g_hash_table_unref (self->suggestions);
  g_hash_table_unref (self->pending_suggestions);
  g_hash_table_unref (self->accepted);

  G_OBJECT_CLASS (tp_spell_checker_parent_class)->finalize (object);
}

static void
tp_spell_checker_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TpSpellChecker *self = TP_SPELL_CHECKER (object);

  switch (prop_id)
    {
    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_MISSPELLED_COUNT:
      g_value_set_uint (value, self->misspelled_count);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, is_busy (self));
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error ? self->error->message : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tp_spell_checker_class_init (TpSpellCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tp_spell_checker_dispose;
  object_class->finalize = tp_spell_checker_finalize;
  object_class->get_property = tp_spell_checker_get_property;

  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MISSPELLED_COUNT] =
    g_param_spec_uint ("misspelled-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The suggestions for a word arrived from the spell thread. */
  signals[SUGGESTIONS_READY] =
    g_signal_new ("suggestions-ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tp_spell_checker_init (TpSpellChecker *self)
{
  self->enabled = TRUE;
  self->near_chars = NEAR_CHARS;
  /* Nowhere: the first move sweeps. */
  self->swept_cursor = self->swept_view = G_MININT / 2;
  self->last_typed_offset = -1;
  self->cancellable = g_cancellable_new ();
  self->suggestions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) g_strfreev);
  self->pending_suggestions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->accepted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static void
tp_spell_checker_connect_buffer (TpSpellChecker *self)
{
  g_signal_connect_swapped (self->buffer, "insert-text", G_CALLBACK (on_insert_text_before), self);
  g_signal_connect_data (self->buffer, "insert-text", G_CALLBACK (on_insert_text_after), self,
                         NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_swapped (self->buffer, "delete-range", G_CALLBACK (on_delete_range_before),
                            self);
  g_signal_connect_data (self->buffer, "delete-range", G_CALLBACK (on_delete_range_after), self,
                         NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_swapped (self->buffer, "mark-set", G_CALLBACK (on_mark_set), self);
  g_signal_connect_swapped (self->buffer, "notify::language",
                            G_CALLBACK (on_source_language_changed), self);
}

TpSpellChecker *
tp_spell_checker_new (TpSpellService  *service,
                      GtkSourceBuffer *buffer)
{
  TpSpellChecker *self = g_object_new (TP_TYPE_SPELL_CHECKER, NULL);

  self->service = g_object_ref (service);
  self->buffer = g_object_ref (GTK_TEXT_BUFFER (buffer));
  self->unchecked = gtk_source_region_new (self->buffer);
  self->parked = tp_spell_parked_new (self->buffer);
  self->tag = gtk_text_buffer_create_tag (self->buffer, NULL,
                                          "underline", PANGO_UNDERLINE_ERROR, NULL);
  self->language = tp_spell_service_get_default_language (service);
  if (self->language == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_FILE_ERROR, G_FILE_ERROR_NOENT,
                                                     _("No spelling dictionary is installed."));
      set_error (self, error);
    }
  tp_spell_checker_connect_buffer (self);
  g_signal_connect_object (service, "word-accepted", G_CALLBACK (on_word_accepted), self,
                           G_CONNECT_SWAPPED);
  recheck_all (self);
  return self;
}

static void
on_view_scrolled (TpSpellChecker *self)
{
  schedule_dispatch (self);
  schedule_unpark (self);
}

/* The view whose visible text is checked first. */
void
tp_spell_checker_set_view (TpSpellChecker *self,
                           GtkTextView    *view)
{
  GtkAdjustment *adjustment;

  g_return_if_fail (TP_IS_SPELL_CHECKER (self));

  g_set_weak_pointer (&self->view, view);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  if (adjustment != NULL)
    g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_view_scrolled), self,
                             G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "map", G_CALLBACK (on_view_scrolled), self, G_CONNECT_SWAPPED);
}

const char *
tp_spell_checker_get_language (TpSpellChecker *self)
{
  g_return_val_if_fail (TP_IS_SPELL_CHECKER (self), NULL);
  return self->language;
}

void
tp_spell_checker_set_language (TpSpellChecker *self,
                               const char     *language)
{
  g_return_if_fail (TP_IS_SPELL_CHECKER (self));

  if (g_strcmp0 (language, self->language) == 0)
    return;
  g_free (self->language);
  self->language = g_strdup (language);
  g_hash_table_remove_all (self->accepted);
  set_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
  if (self->enabled)
    recheck_all (self);
}

gboolean
tp_spell_checker_get_enabled (TpSpellChecker *self)
{
  g_return_val_if_fail (TP_IS_SPELL_CHECKER (self), FALSE);
  return self->enabled;
}

void
tp_spell_checker_set_enabled (TpSpellChecker *self,
                              gboolean        enabled)
{
  g_return_if_fail (TP_IS_SPELL_CHECKER (self));

  enabled = !!enabled;
  if (enabled == self->enabled)
    return;
  self->enabled = enabled;
  if (enabled)
    recheck_all (self);
  else
    {
      invalidate_all (self);
      g_clear_object (&self->unchecked);
      self->unchecked = gtk_source_region_new (self->buffer);
      g_clear_handle_id (&self->dispatch_source, g_source_remove);
      start_clearing (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED]);
  notify_busy (self);
}

guint
tp_spell_checker_get_misspelled_count (TpSpellChecker *self)
{
  g_return_val_if_fail (TP_IS_SPELL_CHECKER (self), 0);
  return self->misspelled_count;
}

/* TRUE while some of the text is still to be checked or marked. */
gboolean
tp_spell_checker_get_busy (TpSpellChecker *self)
{
  g_return_val_if_fail (TP_IS_SPELL_CHECKER (self), FALSE);
  return is_busy (self) || self->clear_source != 0 || self->unmark_source != 0;
}

const char *
tp_spell_checker_get_error (TpSpellChecker *self)
{
  g_return_val_if_fail (TP_IS_SPELL_CHECKER (self), NULL);
  return self->error ? self->error->message : NULL;
}

/* Whether the language cannot be checked for this reason, as g_error_matches () says. */
gboolean
tp_spell_checker_error_matches (TpSpellChecker *self,
                                GQuark          domain,
                                int             code)
{
  g_return_val_if_fail (TP_IS_SPELL_CHECKER (self), FALSE);
  return g_error_matches (self->error, domain, code);
}

GtkTextTag *
tp_spell_checker_get_tag (TpSpellChecker *self)
{
  g_return_val_if_fail (TP_IS_SPELL_CHECKER (self), NULL);
  return self->tag;
}

TpSpellService *
tp_spell_checker_get_service (TpSpellChecker *self)
{
  g_return_val_if_fail (TP_IS_SPELL_CHECKER (self), NULL);
  return self->service;
}

/* The misspelled word at iter (or just before it), if there is one. */
gboolean
tp_spell_checker_get_word_at (TpSpellChecker    *self,
                              const GtkTextIter *iter,
                              GtkTextIter       *start,
                              GtkTextIter       *end)
{
  int offset = gtk_text_iter_get_offset (iter);
  GtkTextIter at;

  g_return_val_if_fail (TP_IS_SPELL_CHECKER (self), FALSE);

  /* A parked word there is underlined first (which moves no text, but changes iterators). */
  unpark_range (self, offset - 1, offset + 1, G_MAXINT64);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &at, offset);
  if (!gtk_text_iter_has_tag (&at, self->tag))
    {
      if (!gtk_text_iter_backward_char (&at) || !gtk_text_iter_has_tag (&at, self->tag))
        return FALSE;
    }
  *start = at;
  if (!starts_word (self, start))
    gtk_text_iter_backward_to_tag_toggle (start, self->tag);
  *end = at;
  gtk_text_iter_forward_to_tag_toggle (end, self->tag);
  return TRUE;
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const TpSpellSpan *span_a = a, *span_b = b;

  return span_a->offset < span_b->offset ? -1 : span_a->offset > span_b->offset;
}

static gboolean
find_from (TpSpellChecker *self,
           GtkTextIter    *iter,
           gboolean        forward)
{
  for (;;)
    {
      gboolean moved = forward ? gtk_text_iter_forward_to_tag_toggle (iter, self->tag)
                               : gtk_text_iter_backward_to_tag_toggle (iter, self->tag);
      if (!moved)
        return FALSE;
      if (starts_word (self, iter))
        return TRUE;
    }
}

/* The offset of the nearest misspelled word from iter (at it too if inclusive), underlined or
 * parked, or -1. */
static int
find_nearest (TpSpellChecker    *self,
              const GtkTextIter *from,
              gboolean           inclusive,
              gboolean           forward)
{
  GtkTextIter tagged = *from;
  int offset = gtk_text_iter_get_offset (from);
  int tagged_at = -1, parked_at = -1, parked_length;

  if ((inclusive && starts_word (self, &tagged)) || find_from (self, &tagged, forward))
    tagged_at = gtk_text_iter_get_offset (&tagged);
  if (inclusive)
    offset += forward ? -1 : 1;
  if (!tp_spell_parked_find (self->parked, offset, forward, &parked_at, &parked_length))
    return tagged_at;
  if (tagged_at < 0)
    return parked_at;
  return forward ? MIN (tagged_at, parked_at) : MAX (tagged_at, parked_at);
}

/* The next (or previous) misspelled word from the cursor, going round the end of the
 * document. */
gboolean
tp_spell_checker_find_misspelling (TpSpellChecker *self,
                                   gboolean        forward,
                                   GtkTextIter    *start,
                                   GtkTextIter    *end)
{
  GtkTextIter selection_start, selection_end, edge;
  int found;

  g_return_val_if_fail (TP_IS_SPELL_CHECKER (self), FALSE);

  gtk_text_buffer_get_selection_bounds (self->buffer, &selection_start, &selection_end);
  found = find_nearest (self, forward ? &selection_end : &selection_start, FALSE, forward);
  if (found < 0)
    {
      if (forward)
        gtk_text_buffer_get_start_iter (self->buffer, &edge);
      else
        gtk_text_buffer_get_end_iter (self->buffer, &edge);
      found = find_nearest (self, &edge, TRUE, forward);
    }
  if (found < 0)
    return FALSE;
  /* The word is about to be shown: it is underlined now, not a frame later. */
  unpark_range (self, found, found + 1, G_MAXINT64);
  gtk_text_buffer_get_iter_at_offset (self->buffer, start, found);
  *end = *start;
  gtk_text_iter_forward_to_tag_toggle (end, self->tag);
  return TRUE;
}

/* Every misspelled word, underlined or parked, in order (TpSpellSpan, offsets from the start
 * of the buffer). */
GArray *
tp_spell_checker_list_misspellings (TpSpellChecker *self)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (TpSpellSpan));
  GtkTextIter iter;

  g_return_val_if_fail (TP_IS_SPELL_CHECKER (self), NULL);

  gtk_text_buffer_get_start_iter (self->buffer, &iter);
  do
    if (starts_word (self, &iter))
      {
        GtkTextIter end = iter;
        TpSpellSpan span;

        gtk_text_iter_forward_to_tag_toggle (&end, self->tag);
        span.offset = (guint32) gtk_text_iter_get_offset (&iter);
        span.length = (guint32) (gtk_text_iter_get_offset (&end) - (int) span.offset);
        g_array_append_val (spans, span);
      }
  while (gtk_text_iter_forward_to_tag_toggle (&iter, self->tag));
  tp_spell_parked_append_all (self->parked, spans);
  g_array_sort (spans, compare_spans);
  return spans;
}

/* How far from the cursor and the text on screen misspellings are underlined in the buffer;
 * further ones are kept apart until they come near. */
void
tp_spell_checker_set_near_chars (TpSpellChecker *self,
                                 int             near_chars)
{
  g_return_if_fail (TP_IS_SPELL_CHECKER (self));
  g_return_if_fail (near_chars >= 0);
  self->near_chars = near_chars;
}

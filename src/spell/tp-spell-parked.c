/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-spell-parked"

#include "config.h"

#include "tp-spell-parked.h"

typedef struct
{
  GtkTextMark *start;   /* right gravity: text typed at the start stays outside */
  GtkTextMark *end;     /* left gravity: text typed at the end stays outside */
  GArray      *spans;   /* TpSpellSpan, offsets from start, in order */
} Range;

struct _TpSpellParked
{
  GtkTextBuffer *buffer;     /* not a reference: its owner frees this before letting it go */
  GPtrArray     *ranges;     /* Range, in buffer order */
  guint          count;
  /* A deletion left a range without words; its marks go once the deletion is done. */
  gboolean       has_empty;
};

static int
mark_offset (TpSpellParked *self,
             GtkTextMark   *mark)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &iter, mark);
  return gtk_text_iter_get_offset (&iter);
}

static void
move_mark (TpSpellParked *self,
           GtkTextMark   *mark,
           int            offset)
{
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, offset);
  gtk_text_buffer_move_mark (self->buffer, mark, &iter);
}

static Range *
range_at (TpSpellParked *self,
          guint          index)
{
  return g_ptr_array_index (self->ranges, index);
}

static Range *
range_new (TpSpellParked *self,
           int            from,
           int            to,
           GArray        *spans)
{
  Range *range = g_new (Range, 1);
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, from);
  range->start = gtk_text_buffer_create_mark (self->buffer, NULL, &iter, FALSE);
  gtk_text_buffer_get_iter_at_offset (self->buffer, &iter, to);
  range->end = gtk_text_buffer_create_mark (self->buffer, NULL, &iter, TRUE);
  range->spans = spans;
  return range;
}

static void
remove_range (TpSpellParked *self,
              guint          index)
{
  Range *range = range_at (self, index);

  gtk_text_buffer_delete_mark (self->buffer, range->start);
  gtk_text_buffer_delete_mark (self->buffer, range->end);
  g_clear_pointer (&range->spans, g_array_unref);
  g_free (range);
  g_ptr_array_remove_index (self->ranges, index);
}

/* The first range that ends after offset (ends only grow along the array). */
static guint
find_index (TpSpellParked *self,
            int            offset)
{
  guint low = 0, high = self->ranges->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (mark_offset (self, range_at (self, middle)->end) > offset)
        high = middle;
      else
        low = middle + 1;
    }
  return low;
}

TpSpellParked *
tp_spell_parked_new (GtkTextBuffer *buffer)
{
  TpSpellParked *self = g_new0 (TpSpellParked, 1);

  self->buffer = buffer;
  self->ranges = g_ptr_array_new ();
  return self;
}

void
tp_spell_parked_free (TpSpellParked *self)
{
  if (self == NULL)
    return;
  while (self->ranges->len > 0)
    remove_range (self, self->ranges->len - 1);
  g_ptr_array_unref (self->ranges);
  g_free (self);
}

guint
tp_spell_parked_get_count (TpSpellParked *self)
{
  return self->count;
}

/* Keeps the words of [from, to), offsets from from, in order; takes spans. Nothing may be kept
 * there already (tp_spell_parked_cut () first). */
void
tp_spell_parked_add (TpSpellParked *self,
                     int            from,
                     int            to,
                     GArray        *spans)
{
  if (spans->len == 0)
    {
      g_array_unref (spans);
      return;
    }
  self->count += spans->len;
  g_ptr_array_insert (self->ranges, (int) find_index (self, from),
                      range_new (self, from, to, spans));
}

/* Drops the spans that overlap [from, to), where base is the offset of their range; returns
 * how many. */
static guint
drop_overlapping (GArray *spans,
                  int     base,
                  int     from,
                  int     to)
{
  guint kept = 0, n = spans->len;

  for (guint i = 0; i < n; i++)
    {
      TpSpellSpan span = g_array_index (spans, TpSpellSpan, i);
      int start = base + (int) span.offset;

      if (start < to && start + (int) span.length > from)
        continue;
      g_array_index (spans, TpSpellSpan, kept++) = span;
    }
  g_array_set_size (spans, kept);
  return n - kept;
}

/* The words of range from to on, offsets from to, moved into a new array. */
static GArray *
split_off (GArray *spans,
           int     base,
           int     to)
{
  GArray *right = g_array_new (FALSE, FALSE, sizeof (TpSpellSpan));
  guint kept = 0;

  for (guint i = 0; i < spans->len; i++)
    {
      TpSpellSpan span = g_array_index (spans, TpSpellSpan, i);

      if (base + (int) span.offset < to)
        g_array_index (spans, TpSpellSpan, kept++) = span;
      else
        {
          span.offset -= (guint32) (to - base);
          g_array_append_val (right, span);
        }
    }
  g_array_set_size (spans, kept);
  return right;
}

static void
rebase (GArray *spans,
        guint32 shift)
{
  for (guint i = 0; i < spans->len; i++)
    g_array_index (spans, TpSpellSpan, i).offset -= shift;
}

/* Forgets the words that overlap [from, to) and leaves no range there, so that the text can
 * be marked anew; returns how many words went. Ranges that reach past it are cut back. */
guint
tp_spell_parked_cut (TpSpellParked *self,
                     int            from,
                     int            to)
{
  guint dropped = 0;
  guint i;

  if (from >= to)
    return 0;
  for (i = find_index (self, from); i < self->ranges->len;)
    {
      Range *range = range_at (self, i);
      int start = mark_offset (self, range->start);
      int end = mark_offset (self, range->end);

      if (start >= to)
        break;
      dropped += drop_overlapping (range->spans, start, from, to);
      if (start < from && end > to)
        {
          GArray *right = split_off (range->spans, start, to);

          move_mark (self, range->end, from);
          if (right->len > 0)
            g_ptr_array_insert (self->ranges, (int) i + 1, range_new (self, to, end, right));
          else
            g_array_unref (right);
        }
      else if (start < from)
        move_mark (self, range->end, from);
      else if (end > to)
        {
          rebase (range->spans, (guint32) (to - start));
          move_mark (self, range->start, to);
        }
      else
        g_array_set_size (range->spans, 0);

      if (range->spans->len == 0)
        remove_range (self, i);
      else
        i++;
    }
  self->count -= dropped;
  return dropped;
}

/* Takes out the first range that overlaps [from, to): its words, offsets from *base. NULL if
 * there is none. */
GArray *
tp_spell_parked_take (TpSpellParked *self,
                      int            from,
                      int            to,
                      int           *base)
{
  guint i = find_index (self, from);
  Range *range;
  GArray *spans;

  if (i >= self->ranges->len)
    return NULL;
  range = range_at (self, i);
  *base = mark_offset (self, range->start);
  if (*base >= to)
    return NULL;
  spans = g_steal_pointer (&range->spans);
  self->count -= spans->len;
  remove_range (self, i);
  return spans;
}

/* Before n_chars are inserted at offset: words after it move along, a word it falls inside is
 * forgotten (its text is checked again). Touches no mark. Returns how many words went. */
guint
tp_spell_parked_insert_before (TpSpellParked *self,
                               int            offset,
                               int            n_chars)
{
  guint i = find_index (self, offset);
  Range *range;
  int at;
  guint kept = 0, n;

  if (i >= self->ranges->len)
    return 0;
  range = range_at (self, i);
  at = offset - mark_offset (self, range->start);
  if (at <= 0)
    return 0;
  n = range->spans->len;
  for (guint j = 0; j < n; j++)
    {
      TpSpellSpan span = g_array_index (range->spans, TpSpellSpan, j);

      if ((int) span.offset < at && (int) (span.offset + span.length) > at)
        continue;
      if ((int) span.offset >= at)
        span.offset += (guint32) n_chars;
      g_array_index (range->spans, TpSpellSpan, kept++) = span;
    }
  g_array_set_size (range->spans, kept);
  self->has_empty |= kept == 0;
  self->count -= n - kept;
  return n - kept;
}

/* Where offset x goes once [from, to) is deleted. */
static int
after_deletion (int x,
                int from,
                int to)
{
  return x <= from ? x : x < to ? from : x - (to - from);
}

/* Before [from, to) is deleted: the words in it are forgotten, the others of the ranges it
 * touches get their new offsets. Touches no mark (GTK is about to cut the segments they live
 * in). Returns how many words went. */
guint
tp_spell_parked_delete_before (TpSpellParked *self,
                               int            from,
                               int            to)
{
  guint dropped = 0;

  for (guint i = find_index (self, from); i < self->ranges->len; i++)
    {
      Range *range = range_at (self, i);
      int start = mark_offset (self, range->start);
      int new_start = after_deletion (start, from, to);
      guint kept = 0, n = range->spans->len;

      if (start >= to)
        break;
      for (guint j = 0; j < n; j++)
        {
          TpSpellSpan span = g_array_index (range->spans, TpSpellSpan, j);
          int word = start + (int) span.offset;

          if (word < to && word + (int) span.length > from)
            continue;
          span.offset = (guint32) (after_deletion (word, from, to) - new_start);
          g_array_index (range->spans, TpSpellSpan, kept++) = span;
        }
      g_array_set_size (range->spans, kept);
      self->has_empty |= kept == 0;
      dropped += n - kept;
    }
  self->count -= dropped;
  return dropped;
}

/* Once an edit is done: ranges left without words go. */
void
tp_spell_parked_prune (TpSpellParked *self)
{
  if (!self->has_empty)
    return;
  for (guint i = self->ranges->len; i > 0; i--)
    if (range_at (self, i - 1)->spans->len == 0)
      remove_range (self, i - 1);
  self->has_empty = FALSE;
}

static gboolean
find_forward (TpSpellParked *self,
              int            offset,
              int           *start,
              int           *length)
{
  for (guint i = find_index (self, offset); i < self->ranges->len; i++)
    {
      Range *range = range_at (self, i);
      int base = mark_offset (self, range->start);

      for (guint j = 0; j < range->spans->len; j++)
        {
          TpSpellSpan *span = &g_array_index (range->spans, TpSpellSpan, j);

          if (base + (int) span->offset > offset)
            {
              *start = base + (int) span->offset;
              *length = (int) span->length;
              return TRUE;
            }
        }
    }
  return FALSE;
}

static gboolean
find_backward (TpSpellParked *self,
               int            offset,
               int           *start,
               int           *length)
{
  for (guint i = MIN (find_index (self, offset) + 1, self->ranges->len); i > 0; i--)
    {
      Range *range = range_at (self, i - 1);
      int base = mark_offset (self, range->start);

      for (guint j = range->spans->len; j > 0; j--)
        {
          TpSpellSpan *span = &g_array_index (range->spans, TpSpellSpan, j - 1);

          if (base + (int) span->offset < offset)
            {
              *start = base + (int) span->offset;
              *length = (int) span->length;
              return TRUE;
            }
        }
    }
  return FALSE;
}

/* The first word that starts after offset (forward), or the last one that starts before it. */
gboolean
tp_spell_parked_find (TpSpellParked *self,
                      int            offset,
                      gboolean       forward,
                      int           *start,
                      int           *length)
{
  return forward ? find_forward (self, offset, start, length)
                 : find_backward (self, offset, start, length);
}

/* Drops the words keep says no to, range by range from the one that ends after from, until
 * the deadline; returns where to go on from, or -1 once the end is reached. */
int
tp_spell_parked_filter (TpSpellParked     *self,
                        int                from,
                        gint64             deadline,
                        TpSpellSpanFilter  keep,
                        gpointer           user_data,
                        guint             *dropped)
{
  guint i = find_index (self, from);

  *dropped = 0;
  while (i < self->ranges->len)
    {
      Range *range = range_at (self, i);
      int base = mark_offset (self, range->start);
      int next = mark_offset (self, range->end);
      guint kept = 0, n = range->spans->len;

      for (guint j = 0; j < n; j++)
        {
          TpSpellSpan span = g_array_index (range->spans, TpSpellSpan, j);

          if (keep (base + (int) span.offset, (int) span.length, user_data))
            g_array_index (range->spans, TpSpellSpan, kept++) = span;
        }
      g_array_set_size (range->spans, kept);
      *dropped += n - kept;
      self->count -= n - kept;
      if (kept == 0)
        remove_range (self, i);
      else
        i++;
      if (i < self->ranges->len && g_get_monotonic_time () >= deadline)
        return next;
    }
  return -1;
}

/* Where text outside every range starts, from offset on (offset itself, or the end of the
 * ranges it lies in); *gap_end says where the next range starts (G_MAXINT: there is none). */
int
tp_spell_parked_next_gap (TpSpellParked *self,
                          int            offset,
                          int           *gap_end)
{
  guint i = find_index (self, offset);

  while (i < self->ranges->len && mark_offset (self, range_at (self, i)->start) <= offset)
    offset = mark_offset (self, range_at (self, i++)->end);
  *gap_end = i < self->ranges->len ? mark_offset (self, range_at (self, i)->start) : G_MAXINT;
  return offset;
}

/* Appends every word kept, offsets from the start of the buffer, in order. */
void
tp_spell_parked_append_all (TpSpellParked *self,
                            GArray        *spans)
{
  for (guint i = 0; i < self->ranges->len; i++)
    {
      Range *range = range_at (self, i);
      guint32 base = (guint32) mark_offset (self, range->start);

      for (guint j = 0; j < range->spans->len; j++)
        {
          TpSpellSpan span = g_array_index (range->spans, TpSpellSpan, j);

          span.offset += base;
          g_array_append_val (spans, span);
        }
    }
}

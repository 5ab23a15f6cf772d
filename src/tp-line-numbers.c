/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-line-numbers"

#include "config.h"

#include "tp-line-numbers.h"
#include "tp-long-lines.h"

/* The numbers of the document's lines, in the gutter, in place of GtkSourceView's own, which
 * count the buffer's lines: a line shown cut into pieces keeps one number, on its first piece,
 * like a wrapped line. A click selects the whole line. */

struct _TpLineNumbers
{
  GtkSourceGutterRendererText parent_instance;

  TpLongLines   *long_lines;
  GtkTextBuffer *buffer;
  int            digits;
};

G_DEFINE_FINAL_TYPE (TpLineNumbers, tp_line_numbers, GTK_SOURCE_TYPE_GUTTER_RENDERER_TEXT)

static int
count_digits (int number)
{
  int digits = 1;

  for (; number >= 10; number /= 10)
    digits++;
  return digits;
}

/* As wide as the number of the last line, at least two digits wide. */
static void
update_width (TpLineNumbers *self)
{
  GtkSourceGutterRendererText *text = GTK_SOURCE_GUTTER_RENDERER_TEXT (self);
  g_autofree char *widest = NULL;
  int lines, digits, width;

  if (self->buffer == NULL || self->long_lines == NULL
      || gtk_source_gutter_renderer_get_view (GTK_SOURCE_GUTTER_RENDERER (self)) == NULL)
    return;
  lines = gtk_text_buffer_get_line_count (self->buffer)
          - (int) tp_long_lines_get_n_breaks (self->long_lines);
  digits = MAX (2, count_digits (lines));
  if (digits == self->digits)
    return;
  self->digits = digits;
  widest = g_strnfill (digits, '0');
  gtk_source_gutter_renderer_text_measure (text, widest, &width, NULL);
  gtk_source_gutter_renderer_set_size (GTK_SOURCE_GUTTER_RENDERER (self), width);
}

static void
on_style_updated (TpLineNumbers *self)
{
  self->digits = 0;
  update_width (self);
}

static void
tp_line_numbers_query_data (GtkSourceGutterRenderer      *renderer,
                            GtkTextIter                  *start,
                            GtkTextIter                  *end,
                            GtkSourceGutterRendererState  state)
{
  TpLineNumbers *self = TP_LINE_NUMBERS (renderer);
  GtkSourceGutterRendererText *text = GTK_SOURCE_GUTTER_RENDERER_TEXT (renderer);
  g_autofree char *number = NULL;
  int line;

  if (tp_long_lines_continues_line (self->long_lines, start))
    {
      gtk_source_gutter_renderer_text_set_text (text, "", -1);
      return;
    }
  tp_long_lines_get_real_position (self->long_lines, start, &line, NULL);
  if (state & GTK_SOURCE_GUTTER_RENDERER_STATE_CURSOR)
    {
      number = g_strdup_printf ("<b>%d</b>", line + 1);
      gtk_source_gutter_renderer_text_set_markup (text, number, -1);
      return;
    }
  /* Plain text: no markup to parse for every other line in sight. */
  number = g_strdup_printf ("%d", line + 1);
  gtk_source_gutter_renderer_text_set_text (text, number, -1);
}

static gboolean
tp_line_numbers_query_activatable (GtkSourceGutterRenderer *renderer,
                                   GtkTextIter             *iter,
                                   GdkRectangle            *area,
                                   GdkEvent                *event)
{
  return event->type == GDK_BUTTON_PRESS && event->button.button == GDK_BUTTON_PRIMARY;
}

static void
tp_line_numbers_activate (GtkSourceGutterRenderer *renderer,
                          GtkTextIter             *iter,
                          GdkRectangle            *area,
                          GdkEvent                *event)
{
  TpLineNumbers *self = TP_LINE_NUMBERS (renderer);
  GtkTextIter start, end;
  int line;

  tp_long_lines_get_real_position (self->long_lines, iter, &line, NULL);
  tp_long_lines_get_iter_at_real_line (self->long_lines, &start, line);
  tp_long_lines_get_iter_at_real_line (self->long_lines, &end, line + 1);
  gtk_text_buffer_select_range (self->buffer, &end, &start);
}

static void
tp_line_numbers_change_view (GtkSourceGutterRenderer *renderer,
                             GtkTextView             *old_view)
{
  GtkTextView *view = gtk_source_gutter_renderer_get_view (renderer);
  GtkSourceGutterRendererClass *parent_class =
    GTK_SOURCE_GUTTER_RENDERER_CLASS (tp_line_numbers_parent_class);

  if (parent_class->change_view != NULL)
    parent_class->change_view (renderer, old_view);
  if (old_view != NULL)
    g_signal_handlers_disconnect_by_func (old_view, on_style_updated, renderer);
  if (view != NULL)
    g_signal_connect_object (view, "style-updated", G_CALLBACK (on_style_updated), renderer,
                             G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  on_style_updated (TP_LINE_NUMBERS (renderer));
}

GtkSourceGutterRenderer *
tp_line_numbers_new (TpLongLines *long_lines)
{
  /* At the top of the line's cell, which is beside its first row: GtkSourceView's "first row"
   * alignment would ask GtkTextView where that row is, which lays the whole line out again, for
   * every line in sight each time the gutter is drawn (in every key: the gutter is drawn whole
   * whenever the window is laid out again). */
  TpLineNumbers *self = g_object_new (TP_TYPE_LINE_NUMBERS, "xpad", 4, "xalign", 1.0,
                                      "yalign", 0.0, "alignment-mode",
                                      GTK_SOURCE_GUTTER_RENDERER_ALIGNMENT_MODE_CELL, NULL);

  self->long_lines = g_object_ref (long_lines);
  return GTK_SOURCE_GUTTER_RENDERER (self);
}

static void
tp_line_numbers_change_buffer (GtkSourceGutterRenderer *renderer,
                               GtkTextBuffer           *old_buffer)
{
  TpLineNumbers *self = TP_LINE_NUMBERS (renderer);
  GtkTextView *view = gtk_source_gutter_renderer_get_view (renderer);
  GtkSourceGutterRendererClass *parent_class =
    GTK_SOURCE_GUTTER_RENDERER_CLASS (tp_line_numbers_parent_class);

  if (parent_class->change_buffer != NULL)
    parent_class->change_buffer (renderer, old_buffer);
  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_func (self->buffer, update_width, self);
  self->buffer = view ? gtk_text_view_get_buffer (view) : NULL;
  if (self->buffer != NULL)
    g_signal_connect_object (self->buffer, "changed", G_CALLBACK (update_width), self,
                             G_CONNECT_SWAPPED);
  update_width (self);
}

static void
tp_line_numbers_dispose (GObject *object)
{
  TpLineNumbers *self = TP_LINE_NUMBERS (object);

  g_clear_object (&self->long_lines);
  G_OBJECT_CLASS (tp_line_numbers_parent_class)->dispose (object);
}

static void
tp_line_numbers_class_init (TpLineNumbersClass *klass)
{
  GtkSourceGutterRendererClass *renderer_class = GTK_SOURCE_GUTTER_RENDERER_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = tp_line_numbers_dispose;
  renderer_class->query_data = tp_line_numbers_query_data;
  renderer_class->query_activatable = tp_line_numbers_query_activatable;
  renderer_class->activate = tp_line_numbers_activate;
  renderer_class->change_view = tp_line_numbers_change_view;
  renderer_class->change_buffer = tp_line_numbers_change_buffer;
}

static void
tp_line_numbers_init (TpLineNumbers *self)
{
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-statistics"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-gtk-util.h"
#include "tp-long-lines.h"
#include "tp-statistics-dialog.h"
#include "tp-text-stats.h"

/* Lines, words, characters and bytes of a document and of its selection. Counting a 17 MB
 * document in one go would stop the window for a tenth of a second or more: the main thread
 * only copies the text, a slice per idle cycle (about a millisecond each), and GIO's threads
 * count the slices, in any order; the counts are added up in the text's order once every
 * slice is in (tp-text-stats.c). An edit starts the count again, half a second later. */

#define SLICE_CHARS (256 * 1024)
#define RECOUNT_DELAY_MS 500

typedef enum
{
  ROW_LINES,
  ROW_WORDS,
  ROW_CHARACTERS,
  ROW_NON_SPACE,
  ROW_BYTES,
  N_ROWS
} Row;

G_STATIC_ASSERT ((int) ROW_LINES == (int) TP_STATISTICS_LINES && (int) ROW_BYTES == (int) TP_STATISTICS_BYTES);

typedef enum
{
  COLUMN_DOCUMENT,
  COLUMN_SELECTION,
  N_COLUMNS
} Column;

/* One count under way: of the document or of the selection. */
typedef struct
{
  gatomicrefcount  ref;
  TpStatisticsDialog *dialog;   /* NULL once the count is dropped */
  Column           column;
  int              next_offset; /* the buffer's character offset of the next slice */
  int              end_offset;
  guint            slices;      /* copied so far */
  guint            counted;
  GArray          *results;     /* TpTextStats, by slice */
  guint            idle;
} Count;

struct _TpStatisticsDialog
{
  GtkDialog     parent_instance;

  TpDocument   *document;
  GtkLabel     *values[N_ROWS][N_COLUMNS];
  Count        *counts[N_COLUMNS];
  guint         recount;
  gboolean      recount_document;   /* the text changed, not only the selection */
};

G_DEFINE_FINAL_TYPE (TpStatisticsDialog, tp_statistics_dialog, GTK_TYPE_DIALOG)

static Count *
count_ref (Count *count)
{
  g_atomic_ref_count_inc (&count->ref);
  return count;
}

static void
count_unref (Count *count)
{
  if (!g_atomic_ref_count_dec (&count->ref))
    return;
  g_array_unref (count->results);
  g_free (count);
}

static void
count_drop (Count *count)
{
  if (count == NULL)
    return;
  g_clear_handle_id (&count->idle, g_source_remove);
  count->dialog = NULL;
  count_unref (count);
}

static void
show_values (TpStatisticsDialog *self,
             Column              column,
             const TpTextStats  *stats)
{
  const guint64 values[N_ROWS] = {
    [ROW_LINES] = stats ? tp_text_stats_lines (stats) : 0,
    [ROW_WORDS] = stats ? stats->words : 0,
    [ROW_CHARACTERS] = stats ? stats->characters : 0,
    [ROW_NON_SPACE] = stats ? stats->non_space : 0,
    [ROW_BYTES] = stats ? stats->bytes : 0,
  };

  for (int row = 0; row < N_ROWS; row++)
    {
      g_autofree char *text = stats ? g_strdup_printf ("%'" G_GUINT64_FORMAT, values[row])
                                    : g_strdup ("…");

      gtk_label_set_text (self->values[row][column], text);
    }
}

static void
count_finish (Count *count)
{
  TpStatisticsDialog *self = count->dialog;
  TpTextStats total = { 0 };

  for (guint i = 0; i < count->results->len; i++)
    tp_text_stats_add (&total, &g_array_index (count->results, TpTextStats, i));
  show_values (self, count->column, &total);
  self->counts[count->column] = NULL;
  count_drop (count);
}

typedef struct
{
  Count       *count;
  guint        index;
  char        *text;
  TpTextStats  stats;
} Slice;

static void
slice_free (Slice *slice)
{
  count_unref (slice->count);
  g_free (slice->text);
  g_free (slice);
}

static void
count_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      data,
                 GCancellable *cancellable)
{
  Slice *slice = data;

  tp_text_stats_count (&slice->stats, slice->text, strlen (slice->text));
  g_task_return_boolean (task, TRUE);
}

static void
on_slice_counted (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Slice *slice = g_task_get_task_data (G_TASK (result));
  Count *count = slice->count;

  /* Dropped meanwhile: an edit, or the dialog closed. */
  if (count->dialog == NULL)
    return;
  g_array_index (count->results, TpTextStats, slice->index) = slice->stats;
  count->counted++;
  if (count->idle == 0 && count->counted == count->slices)
    count_finish (count);
}

/* Copies one slice of the document's text (its own, without long lines' cuts) for a thread. */
static gboolean
copy_slice (gpointer user_data)
{
  Count *count = user_data;
  TpDocument *document = count->dialog->document;
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (document));
  GtkTextIter start, end;
  Slice *slice;
  GTask *task;

  /* The text may have grown shorter since the count began (the recount follows): it ends at
   * the end of the text. */
  count->end_offset = MIN (count->end_offset, gtk_text_buffer_get_char_count (buffer));
  if (count->next_offset >= count->end_offset)
    {
      count->idle = 0;
      if (count->counted == count->slices)
        count_finish (count);
      return G_SOURCE_REMOVE;
    }
  gtk_text_buffer_get_iter_at_offset (buffer, &start, count->next_offset);
  gtk_text_buffer_get_iter_at_offset (buffer, &end,
                                      MIN (count->end_offset, count->next_offset + SLICE_CHARS));
  count->next_offset = gtk_text_iter_get_offset (&end);

  slice = g_new0 (Slice, 1);
  slice->count = count_ref (count);
  slice->index = count->slices++;
  slice->text = tp_long_lines_get_text (tp_document_get_long_lines (document), &start, &end);
  g_array_set_size (count->results, count->slices);
  task = g_task_new (NULL, NULL, on_slice_counted, NULL);
  g_task_set_task_data (task, slice, (GDestroyNotify) slice_free);
  g_task_run_in_thread (task, count_in_thread);
  g_object_unref (task);
  return G_SOURCE_CONTINUE;
}

static void
count_start (TpStatisticsDialog *self,
             Column              column,
             const GtkTextIter  *start,
             const GtkTextIter  *end)
{
  Count *count = g_new0 (Count, 1);

  g_atomic_ref_count_init (&count->ref);
  count->dialog = self;
  count->column = column;
  count->next_offset = gtk_text_iter_get_offset (start);
  count->end_offset = gtk_text_iter_get_offset (end);
  count->results = g_array_new (FALSE, TRUE, sizeof (TpTextStats));
  count->idle = g_idle_add_full (TP_PRIORITY_BEFORE_LAYOUT, copy_slice, count, NULL);
  self->counts[column] = count;
  show_values (self, column, NULL);
}

/* Counts the selection, and the whole document too unless only_selection. */
static void
tp_statistics_dialog_count (TpStatisticsDialog *self,
                            gboolean            only_selection)
{
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (self->document));
  GtkTextIter start, end;

  g_clear_handle_id (&self->recount, g_source_remove);
  self->recount_document = FALSE;
  for (int column = only_selection ? COLUMN_SELECTION : 0; column < N_COLUMNS; column++)
    {
      count_drop (self->counts[column]);
      self->counts[column] = NULL;
    }
  if (!only_selection)
    {
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      count_start (self, COLUMN_DOCUMENT, &start, &end);
    }
  gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  count_start (self, COLUMN_SELECTION, &start, &end);
}

static gboolean
on_recount_due (gpointer user_data)
{
  TpStatisticsDialog *self = user_data;

  self->recount = 0;
  tp_statistics_dialog_count (self, !self->recount_document);
  return G_SOURCE_REMOVE;
}

static void
schedule_recount (TpStatisticsDialog *self)
{
  g_clear_handle_id (&self->recount, g_source_remove);
  self->recount = g_timeout_add (RECOUNT_DELAY_MS, on_recount_due, self);
}

static void
on_text_changed (TpStatisticsDialog *self)
{
  self->recount_document = TRUE;
  schedule_recount (self);
}

/* A selection made or changed: only its own count is made again. */
static void
on_mark_set (TpStatisticsDialog *self,
             GtkTextIter        *location,
             GtkTextMark        *mark,
             GtkTextBuffer      *buffer)
{
  if (mark == gtk_text_buffer_get_insert (buffer)
      || mark == gtk_text_buffer_get_selection_bound (buffer))
    schedule_recount (self);
}

static void
tp_statistics_dialog_dispose (GObject *object)
{
  TpStatisticsDialog *self = TP_STATISTICS_DIALOG (object);

  g_clear_handle_id (&self->recount, g_source_remove);
  for (int column = 0; column < N_COLUMNS; column++)
    {
      count_drop (self->counts[column]);
      self->counts[column] = NULL;
    }
  g_clear_object (&self->document);
  G_OBJECT_CLASS (tp_statistics_dialog_parent_class)->dispose (object);
}

static void
tp_statistics_dialog_class_init (TpStatisticsDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tp_statistics_dialog_dispose;
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_style_context_add_class (gtk_widget_get_style_context (label), "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  return label;
}

static void
tp_statistics_dialog_init (TpStatisticsDialog *self)
{
  const char *row_names[N_ROWS] = {
    [ROW_LINES] = _("Lines"),
    [ROW_WORDS] = _("Words"),
    [ROW_CHARACTERS] = _("Characters"),
    [ROW_NON_SPACE] = _("Characters, without spaces"),
    [ROW_BYTES] = _("Bytes (UTF-8)"),
  };
  GtkWidget *grid = gtk_grid_new ();
  GtkWidget *area = gtk_dialog_get_content_area (GTK_DIALOG (self));

  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_container_set_border_width (GTK_CONTAINER (grid), 18);
  gtk_grid_attach (GTK_GRID (grid), heading (_("Document")), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), heading (_("Selection")), 2, 0, 1, 1);
  for (int row = 0; row < N_ROWS; row++)
    {
      GtkWidget *name = gtk_label_new (row_names[row]);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_grid_attach (GTK_GRID (grid), name, 0, row + 1, 1, 1);
      for (int column = 0; column < N_COLUMNS; column++)
        {
          GtkWidget *value = gtk_label_new ("…");

          gtk_label_set_xalign (GTK_LABEL (value), 1);
          gtk_label_set_selectable (GTK_LABEL (value), TRUE);
          atk_object_set_name (gtk_widget_get_accessible (value), row_names[row]);
          gtk_grid_attach (GTK_GRID (grid), value, column + 1, row + 1, 1, 1);
          self->values[row][column] = GTK_LABEL (value);
        }
    }
  gtk_widget_show_all (grid);
  gtk_container_add (GTK_CONTAINER (area), grid);
  gtk_dialog_add_button (GTK_DIALOG (self), _("_Close"), GTK_RESPONSE_CLOSE);
  g_signal_connect (self, "response", G_CALLBACK (gtk_widget_destroy), NULL);
}

/* The counts of document, kept up to date while the dialog is open. */
GtkWidget *
tp_statistics_dialog_new (GtkWindow  *parent,
                          TpDocument *document)
{
  TpStatisticsDialog *self = g_object_new (TP_TYPE_STATISTICS_DIALOG, "transient-for", parent,
                                           "use-header-bar", TRUE, "resizable", FALSE, NULL);
  g_autofree char *title = g_strdup_printf (_("Statistics of “%s”"),
                                            tp_document_get_title (document));
  GtkTextBuffer *buffer = GTK_TEXT_BUFFER (tp_document_get_buffer (document));

  gtk_window_set_title (GTK_WINDOW (self), title);
  self->document = g_object_ref (document);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_text_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "mark-set", G_CALLBACK (on_mark_set), self,
                           G_CONNECT_SWAPPED);
  tp_statistics_dialog_count (self, FALSE);
  return GTK_WIDGET (self);
}

/* The value shown in a row and column, for tests: "…" while counting. */
const char *
tp_statistics_dialog_get_value (TpStatisticsDialog *self,
                                int                 row,
                                gboolean            selection)
{
  g_return_val_if_fail (TP_IS_STATISTICS_DIALOG (self), NULL);
  g_return_val_if_fail (row >= 0 && row < N_ROWS, NULL);
  return gtk_label_get_text (self->values[row][selection ? COLUMN_SELECTION : COLUMN_DOCUMENT]);
}

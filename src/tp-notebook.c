/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-notebook"

#include "config.h"

#include "tp-notebook.h"

/* The window's tabs.
 *
 * GtkNotebook asks for the whole of itself to be drawn again each time it is laid out, page
 * included, even when nothing in it moved. The window is laid out again after every key: the
 * text view sets its scroll bar's range, and the scroll bar then asks for a new size. So every
 * key drew the whole text view and its gutter again, every line in sight, instead of the line
 * typed in; and while GTK lays a big document out in the background, the scroll bar changes many
 * times a second, each time with the same cost.
 *
 * This notebook lets such a redraw through for its tabs and borders only. A page that moves or
 * changes size is drawn again by GTK anyway (as the page itself), and a page that stays where
 * it was draws whatever changes in it on its own. */
struct _TpNotebook
{
  GtkNotebook     parent_instance;

  cairo_region_t *held;   /* the redraws asked for while laying out; NULL otherwise */
};

G_DEFINE_FINAL_TYPE (TpNotebook, tp_notebook, GTK_TYPE_NOTEBOOK)

static void
tp_notebook_queue_draw_region (GtkWidget            *widget,
                               const cairo_region_t *region)
{
  TpNotebook *self = TP_NOTEBOOK (widget);

  if (self->held != NULL)
    cairo_region_union (self->held, region);
  else
    GTK_WIDGET_CLASS (tp_notebook_parent_class)->queue_draw_region (widget, region);
}

static GtkWidget *
get_current_child (GtkNotebook *notebook)
{
  int page = gtk_notebook_get_current_page (notebook);

  return page < 0 ? NULL : gtk_notebook_get_nth_page (notebook, page);
}

/* The page's area, in the coordinates of the notebook's window, where the notebook's redraws
 * are; FALSE if the page has a window of its own. */
static gboolean
get_page_area (GtkWidget    *notebook,
               GtkWidget    *page,
               GdkRectangle *area)
{
  if (page == NULL || gtk_widget_get_window (page) != gtk_widget_get_window (notebook))
    return FALSE;
  gtk_widget_get_clip (page, area);
  return TRUE;
}

static void
tp_notebook_size_allocate (GtkWidget     *widget,
                           GtkAllocation *allocation)
{
  TpNotebook *self = TP_NOTEBOOK (widget);
  GtkWidget *page = get_current_child (GTK_NOTEBOOK (widget));
  cairo_region_t *held = cairo_region_create ();
  GdkRectangle before, after;
  gboolean had_area = get_page_area (widget, page, &before);

  self->held = held;
  GTK_WIDGET_CLASS (tp_notebook_parent_class)->size_allocate (widget, allocation);
  self->held = NULL;

  if (had_area && page == get_current_child (GTK_NOTEBOOK (widget))
      && get_page_area (widget, page, &after) && gdk_rectangle_equal (&before, &after))
    cairo_region_subtract_rectangle (held, &after);
  gtk_widget_queue_draw_region (widget, held);
  cairo_region_destroy (held);
}

static void
tp_notebook_class_init (TpNotebookClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->queue_draw_region = tp_notebook_queue_draw_region;
  widget_class->size_allocate = tp_notebook_size_allocate;
}

static void
tp_notebook_init (TpNotebook *self)
{
}

GtkWidget *
tp_notebook_new (void)
{
  return g_object_new (TP_TYPE_NOTEBOOK, NULL);
}

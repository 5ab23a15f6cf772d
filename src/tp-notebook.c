/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-notebook"

#include "config.h"

#include <string.h>

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
 * This notebook draws again, after being laid out, only what moved: nothing when no tab did,
 * while GTK lays a big document out; the tabs, and not the page, when a tab did but the page
 * stayed where it was. A page that moves or changes size is drawn again by GTK anyway (as the
 * page itself), and a page or a tab that stays where it was draws whatever changes in it on its
 * own. */
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

/* Where the tabs are: the notebook's allocation, then each tab's label, its area or an empty
 * one while it is scrolled out of sight. */
static GArray *
get_tab_areas (GtkNotebook *notebook)
{
  GArray *areas = g_array_new (FALSE, TRUE, sizeof (GdkRectangle));
  GdkRectangle area;

  gtk_widget_get_allocation (GTK_WIDGET (notebook), &area);
  g_array_append_val (areas, area);
  for (int i = 0; i < gtk_notebook_get_n_pages (notebook); i++)
    {
      GtkWidget *label = gtk_notebook_get_tab_label (notebook,
                                                     gtk_notebook_get_nth_page (notebook, i));

      area = (GdkRectangle) { 0 };
      if (label != NULL && gtk_widget_get_child_visible (label))
        gtk_widget_get_clip (label, &area);
      g_array_append_val (areas, area);
    }
  return areas;
}

static gboolean
same_areas (GArray *a,
            GArray *b)
{
  return a->len == b->len && memcmp (a->data, b->data, a->len * sizeof (GdkRectangle)) == 0;
}

/* What the notebook asked to redraw while being laid out: nothing if nothing moved, and not the
 * page unless it moved. */
static void
queue_held_redraw (GtkWidget      *widget,
                   cairo_region_t *held,
                   GtkWidget      *page,
                   GdkRectangle   *page_area,
                   GArray         *tabs_before)
{
  g_autoptr(GArray) tabs_after = get_tab_areas (GTK_NOTEBOOK (widget));
  GdkRectangle after;
  gboolean page_stayed = page_area != NULL && page == get_current_child (GTK_NOTEBOOK (widget))
                         && get_page_area (widget, page, &after)
                         && gdk_rectangle_equal (page_area, &after);

  if (page_stayed && same_areas (tabs_before, tabs_after))
    return;
  if (page_stayed)
    cairo_region_subtract_rectangle (held, &after);
  gtk_widget_queue_draw_region (widget, held);
}

static void
tp_notebook_size_allocate (GtkWidget     *widget,
                           GtkAllocation *allocation)
{
  TpNotebook *self = TP_NOTEBOOK (widget);
  GtkWidget *page = get_current_child (GTK_NOTEBOOK (widget));
  g_autoptr(GArray) tabs = get_tab_areas (GTK_NOTEBOOK (widget));
  cairo_region_t *held = cairo_region_create ();
  GdkRectangle page_area;
  gboolean had_page_area = get_page_area (widget, page, &page_area);

  self->held = held;
  GTK_WIDGET_CLASS (tp_notebook_parent_class)->size_allocate (widget, allocation);
  self->held = NULL;
  queue_held_redraw (widget, held, page, had_page_area ? &page_area : NULL, tabs);
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

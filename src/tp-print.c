/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-print"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tp-document.h"
#include "tp-long-lines.h"
#include "tp-print.h"

/* What is printed is a copy of the document made for paper: the text itself (without the
 * breaks long lines are cut at for display), its language, no spelling underlines, and a
 * light colour scheme: a dark one's light text would not show on white paper. The copy is
 * filled a slice at a time too, before the pages are laid out.
 *
 * GtkSourcePrintCompositor lays the pages out a slice at a time, in GtkPrintOperation's
 * "paginate" handler, which GTK calls from the main loop until it is done: a long document
 * paginates without stopping the window. The preview is a window of Threadpad's own, drawn
 * through GtkPrintOperationPreview: GTK's default preview needs an external viewer that a
 * machine may not have. */

/* Bytes of text copied to the paper's buffer in one step of the pagination. */
#define COPY_SLICE (256 * 1024)
#define LIGHT_SCHEME "classic"

typedef struct
{
  GtkSourcePrintCompositor *compositor;
  GtkSourceBuffer          *paper;
  char                     *text;     /* what is left to copy to paper, or NULL */
  gsize                     length;
  gsize                     copied;
  char                     *title;
} Printing;

static void
printing_free (Printing *printing)
{
  g_clear_object (&printing->compositor);
  g_clear_object (&printing->paper);
  g_free (printing->text);
  g_free (printing->title);
  g_free (printing);
}

/* Copies the next slice of the text to paper; TRUE once all of it is there. */
static gboolean
copy_slice (Printing *printing)
{
  GtkTextIter end;
  const char *from, *to;

  if (printing->text == NULL)
    return TRUE;
  from = printing->text + printing->copied;
  to = printing->copied + COPY_SLICE < printing->length
       ? g_utf8_find_next_char (printing->text + printing->copied + COPY_SLICE - 1, NULL)
       : printing->text + printing->length;
  gtk_text_buffer_get_end_iter (GTK_TEXT_BUFFER (printing->paper), &end);
  gtk_text_buffer_insert (GTK_TEXT_BUFFER (printing->paper), &end, from, to - from);
  printing->copied = to - printing->text;
  if (printing->copied < printing->length)
    return FALSE;
  g_clear_pointer (&printing->text, g_free);
  return TRUE;
}

static gboolean
on_paginate (GtkPrintOperation *operation,
             GtkPrintContext   *context,
             Printing          *printing)
{
  if (!copy_slice (printing))
    return FALSE;
  if (!gtk_source_print_compositor_paginate (printing->compositor, context))
    return FALSE;
  gtk_print_operation_set_n_pages (operation,
                                   gtk_source_print_compositor_get_n_pages (printing->compositor));
  return TRUE;
}

static void
on_draw_page (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              Printing          *printing)
{
  gtk_source_print_compositor_draw_page (printing->compositor, context, page);
}

/* ---- the preview ---- */

typedef struct
{
  GtkPrintOperationPreview *preview;
  GtkPrintContext          *context;
  GtkWidget                *area;
  GtkWidget                *page_label;
  GtkWidget                *previous;
  GtkWidget                *next;
  int                       page;
  int                       n_pages;
  gboolean                  ready;
} Preview;

/* The preview window is gone: GTK may still be laying the pages out, and must not tell this
 * preview when it is done. */
static void
preview_free (Preview *preview)
{
  g_signal_handlers_disconnect_by_data (preview->preview, preview);
  gtk_print_operation_preview_end_preview (preview->preview);
  g_object_unref (preview->preview);
  g_object_unref (preview->context);
  g_free (preview);
}

static void
preview_update (Preview *preview)
{
  g_autofree char *text = NULL;

  if (preview->ready)
    /* Translators: page numbers in the print preview, as in “Page 2 of 7”. */
    text = g_strdup_printf (_("Page %d of %d"), preview->page + 1, preview->n_pages);
  else
    text = g_strdup (_("Laying out the pages…"));
  gtk_label_set_text (GTK_LABEL (preview->page_label), text);
  gtk_widget_set_sensitive (preview->previous, preview->ready && preview->page > 0);
  gtk_widget_set_sensitive (preview->next, preview->ready && preview->page + 1 < preview->n_pages);
  gtk_widget_queue_draw (preview->area);
}

static void
on_preview_ready (GtkPrintOperationPreview *operation_preview,
                  GtkPrintContext          *context,
                  Preview                  *preview)
{
  GtkPrintOperation *operation = GTK_PRINT_OPERATION (operation_preview);
  int n_pages;

  g_object_get (operation, "n-pages", &n_pages, NULL);
  preview->n_pages = MAX (n_pages, 1);
  preview->ready = TRUE;
  preview_update (preview);
}

/* The page, scaled to fit the area, on white, with its shadow of a border. */
static gboolean
on_preview_draw (GtkWidget *area,
                 cairo_t   *cr,
                 Preview   *preview)
{
  GtkPageSetup *setup = gtk_print_context_get_page_setup (preview->context);
  double width = gtk_page_setup_get_paper_width (setup, GTK_UNIT_POINTS);
  double height = gtk_page_setup_get_paper_height (setup, GTK_UNIT_POINTS);
  double area_width = gtk_widget_get_allocated_width (area);
  double area_height = gtk_widget_get_allocated_height (area);
  double scale = MIN ((area_width - 24) / width, (area_height - 24) / height);

  if (!preview->ready || scale <= 0)
    return FALSE;
  cairo_translate (cr, (area_width - width * scale) / 2, (area_height - height * scale) / 2);
  cairo_set_source_rgb (cr, 0.6, 0.6, 0.6);
  cairo_rectangle (cr, -1, -1, width * scale + 2, height * scale + 2);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, 0, 0, width * scale, height * scale);
  cairo_fill (cr);
  cairo_scale (cr, scale, scale);
  gtk_print_context_set_cairo_context (preview->context, cr, 72, 72);
  gtk_print_operation_preview_render_page (preview->preview, preview->page);
  return FALSE;
}

static void
on_previous_page (Preview *preview)
{
  if (preview->page > 0)
    preview->page--;
  preview_update (preview);
}

static void
on_next_page (Preview *preview)
{
  if (preview->page + 1 < preview->n_pages)
    preview->page++;
  preview_update (preview);
}

static GtkWidget *
icon_button (const char *icon,
             const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon, GTK_ICON_SIZE_BUTTON);

  gtk_widget_set_tooltip_text (button, tooltip);
  atk_object_set_name (gtk_widget_get_accessible (button), tooltip);
  return button;
}

static gboolean
on_preview (GtkPrintOperation        *operation,
            GtkPrintOperationPreview *operation_preview,
            GtkPrintContext          *context,
            GtkWindow                *parent,
            Printing                 *printing)
{
  Preview *preview = g_new0 (Preview, 1);
  GtkWidget *window = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  g_autofree char *title = g_strdup_printf (_("Print Preview of “%s”"), printing->title);

  preview->preview = g_object_ref (operation_preview);
  preview->context = g_object_ref (context);
  /* The compositor lays the pages out with the context's cairo context, before the first page
   * is drawn: one of the preview's resolution until then. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
    cairo_t *cr = cairo_create (surface);

    gtk_print_context_set_cairo_context (context, cr, 72, 72);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
  preview->previous = icon_button ("go-previous-symbolic", _("Previous Page"));
  preview->next = icon_button ("go-next-symbolic", _("Next Page"));
  preview->page_label = gtk_label_new (NULL);
  preview->area = gtk_drawing_area_new ();

  gtk_style_context_add_class (gtk_widget_get_style_context (box), GTK_STYLE_CLASS_LINKED);
  gtk_container_add (GTK_CONTAINER (box), preview->previous);
  gtk_container_add (GTK_CONTAINER (box), preview->next);
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), box);
  gtk_header_bar_pack_start (GTK_HEADER_BAR (header), preview->page_label);
  gtk_header_bar_set_show_close_button (GTK_HEADER_BAR (header), TRUE);
  gtk_header_bar_set_title (GTK_HEADER_BAR (header), title);
  gtk_window_set_titlebar (GTK_WINDOW (window), header);
  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 760);
  gtk_container_add (GTK_CONTAINER (window), preview->area);

  g_signal_connect_swapped (preview->previous, "clicked", G_CALLBACK (on_previous_page), preview);
  g_signal_connect_swapped (preview->next, "clicked", G_CALLBACK (on_next_page), preview);
  g_signal_connect (preview->area, "draw", G_CALLBACK (on_preview_draw), preview);
  g_signal_connect (operation_preview, "ready", G_CALLBACK (on_preview_ready), preview);
  g_object_set_data_full (G_OBJECT (window), "tp-preview", preview,
                          (GDestroyNotify) preview_free);
  preview_update (preview);
  gtk_widget_show_all (window);
  return TRUE;
}

/* ---- the operation ---- */

static gboolean
release_self (GtkPrintOperation *operation)
{
  g_object_set_data (G_OBJECT (operation), "tp-self", NULL);
  return G_SOURCE_REMOVE;
}

static void
on_done (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         gpointer                 user_data)
{
  g_object_set_data (G_OBJECT (operation), "tp-done", GINT_TO_POINTER (TRUE));
  /* Drops the operation's hold on itself, if it has one, once this emission is over. */
  if (g_object_get_data (G_OBJECT (operation), "tp-self") != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT, (GSourceFunc) release_self, g_object_ref (operation),
                     g_object_unref);
}

/* Whether a scheme's text is light on dark. */
static gboolean
scheme_is_dark (GtkSourceStyleScheme *scheme)
{
  GtkSourceStyle *style = scheme ? gtk_source_style_scheme_get_style (scheme, "text") : NULL;
  g_autofree char *background = NULL;
  GdkRGBA color;

  if (style == NULL)
    return FALSE;
  g_object_get (style, "background", &background, NULL);
  if (background == NULL || !gdk_rgba_parse (&color, background))
    return FALSE;
  return 0.299 * color.red + 0.587 * color.green + 0.114 * color.blue < 0.5;
}

/* The buffer to print: empty until the pagination fills it (see copy_slice ()). */
static GtkSourceBuffer *
new_paper (Printing   *printing,
           TpDocument *document)
{
  GtkSourceBuffer *buffer = tp_document_get_buffer (document);
  GtkSourceBuffer *paper = gtk_source_buffer_new (NULL);
  GtkSourceStyleScheme *scheme = gtk_source_buffer_get_style_scheme (buffer);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
  printing->text = tp_long_lines_get_text (tp_document_get_long_lines (document), &start, &end);
  printing->length = strlen (printing->text);
  gtk_source_buffer_set_language (paper, gtk_source_buffer_get_language (buffer));
  gtk_source_buffer_set_highlight_syntax (paper, gtk_source_buffer_get_highlight_syntax (buffer));
  if (scheme_is_dark (scheme))
    scheme = gtk_source_style_scheme_manager_get_scheme (
      gtk_source_style_scheme_manager_get_default (), LIGHT_SCHEME);
  gtk_source_buffer_set_style_scheme (paper, scheme);
  return paper;
}

static GtkSourcePrintCompositor *
new_compositor (Printing      *printing,
                TpDocument    *document,
                GtkSourceView *view)
{
  GtkSourcePrintCompositor *compositor = NULL;
  g_autofree char *name = g_strdup (tp_document_get_title (document));
  g_autoptr(PangoFontDescription) font = NULL;

  printing->paper = new_paper (printing, document);
  compositor = gtk_source_print_compositor_new (printing->paper);
  font = pango_font_description_copy (
    pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (view))));
  {
    g_autofree char *font_name = pango_font_description_to_string (font);

    gtk_source_print_compositor_set_body_font_name (compositor, font_name);
  }
  gtk_source_print_compositor_set_tab_width (compositor, gtk_source_view_get_tab_width (view));
  gtk_source_print_compositor_set_wrap_mode (compositor, GTK_WRAP_WORD_CHAR);
  gtk_source_print_compositor_set_highlight_syntax (compositor, TRUE);
  gtk_source_print_compositor_set_print_header (compositor, TRUE);
  /* Translators: the page footer's right part; %N is the page number, %Q the number of pages. */
  gtk_source_print_compositor_set_header_format (compositor, TRUE, name, NULL,
                                                 _("Page %N of %Q"));
  return compositor;
}

GtkPrintOperationResult
tp_print_document (GtkWindow               *parent,
                   TpDocument              *document,
                   GtkSourceView           *view,
                   GtkPrintOperationAction  action,
                   const char              *export_path,
                   GError                 **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  Printing *printing = g_new0 (Printing, 1);
  GtkPrintOperationResult result;

  g_return_val_if_fail (TP_IS_DOCUMENT (document), GTK_PRINT_OPERATION_RESULT_ERROR);

  printing->compositor = new_compositor (printing, document, view);
  printing->title = g_strdup (tp_document_get_title (document));
  g_object_set_data_full (G_OBJECT (operation), "tp-printing", printing,
                          (GDestroyNotify) printing_free);
  gtk_print_operation_set_job_name (operation, printing->title);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, action != GTK_PRINT_OPERATION_ACTION_EXPORT);
  if (export_path != NULL)
    gtk_print_operation_set_export_filename (operation, export_path);
  g_signal_connect (operation, "paginate", G_CALLBACK (on_paginate), printing);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), printing);
  g_signal_connect (operation, "preview", G_CALLBACK (on_preview), printing);
  g_signal_connect (operation, "done", G_CALLBACK (on_done), NULL);
  result = gtk_print_operation_run (operation, action, parent, error);
  /* An operation that goes on after run () returns holds itself until it is done. */
  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS
      && !g_object_get_data (G_OBJECT (operation), "tp-done"))
    g_object_set_data_full (G_OBJECT (operation), "tp-self", g_object_ref (operation),
                            g_object_unref);
  return result;
}

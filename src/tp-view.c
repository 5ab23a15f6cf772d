/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-view"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-application.h"
#include "tp-view.h"

/* Drops of files open them; other drops (text) are the text view's business. */
#define DROP_TARGET_URI_LIST 1000

struct _TpView
{
  GtkSourceView   parent_instance;

  GtkCssProvider *font_css;
  int             zoom;
};

G_DEFINE_FINAL_TYPE (TpView, tp_view, GTK_SOURCE_TYPE_VIEW)

enum {
  OPEN_FILES,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
tp_view_update_font (TpView *self)
{
  GSettings *settings = tp_application_get_settings (TP_APPLICATION_DEFAULT);
  g_autofree char *font_name = g_settings_get_string (settings, "font");
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (font_name);
  g_autofree char *css = NULL;
  const char *family = pango_font_description_get_family (font);
  int size = pango_font_description_get_size (font);
  double points;

  if (size <= 0)
    size = 11 * PANGO_SCALE;
  points = (double) size / PANGO_SCALE * self->zoom / 100.0;
  css = g_strdup_printf ("textview { font-family: \"%s\"; font-size: %.1fpt; }",
                         family ? family : "Monospace", points);
  gtk_css_provider_load_from_data (self->font_css, css, -1, NULL);
}

static gboolean
wrap_mode_from_setting (GValue   *value,
                        GVariant *variant,
                        gpointer  user_data)
{
  g_value_set_enum (value, g_variant_get_boolean (variant) ? GTK_WRAP_WORD_CHAR : GTK_WRAP_NONE);
  return TRUE;
}

static void
tp_view_bind_settings (TpView *self)
{
  GSettings *settings = tp_application_get_settings (TP_APPLICATION_DEFAULT);

  g_settings_bind (settings, "tab-width", self, "tab-width", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "insert-spaces", self, "insert-spaces-instead-of-tabs",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "show-line-numbers", self, "show-line-numbers", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "highlight-current-line", self, "highlight-current-line",
                   G_SETTINGS_BIND_GET);
  g_settings_bind_with_mapping (settings, "wrap-text", self, "wrap-mode", G_SETTINGS_BIND_GET,
                                wrap_mode_from_setting, NULL, NULL, NULL);
  g_signal_connect_object (settings, "changed::font", G_CALLBACK (tp_view_update_font), self,
                           G_CONNECT_SWAPPED);
}

static void
tp_view_drag_data_received (GtkWidget        *widget,
                            GdkDragContext   *context,
                            int               x,
                            int               y,
                            GtkSelectionData *data,
                            guint             info,
                            guint             time)
{
  g_auto(GStrv) uris = NULL;

  if (info != DROP_TARGET_URI_LIST)
    {
      GTK_WIDGET_CLASS (tp_view_parent_class)->drag_data_received (widget, context, x, y, data,
                                                                   info, time);
      return;
    }

  uris = gtk_selection_data_get_uris (data);
  if (uris != NULL && uris[0] != NULL)
    g_signal_emit (widget, signals[OPEN_FILES], 0, uris);
  gtk_drag_finish (context, uris != NULL, FALSE, time);
}

static void
tp_view_dispose (GObject *object)
{
  TpView *self = TP_VIEW (object);

  g_clear_object (&self->font_css);

  G_OBJECT_CLASS (tp_view_parent_class)->dispose (object);
}

static void
tp_view_class_init (TpViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tp_view_dispose;
  widget_class->drag_data_received = tp_view_drag_data_received;

  /* Files were dropped on the view; the argument is their URIs. */
  signals[OPEN_FILES] =
    g_signal_new ("open-files", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
}

static void
tp_view_init (TpView *self)
{
  GtkTargetList *targets;

  self->zoom = 100;
  self->font_css = gtk_css_provider_new ();
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                  GTK_STYLE_PROVIDER (self->font_css),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  gtk_text_view_set_monospace (GTK_TEXT_VIEW (self), TRUE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self), 6);
  gtk_source_view_set_auto_indent (GTK_SOURCE_VIEW (self), TRUE);
  gtk_source_view_set_smart_home_end (GTK_SOURCE_VIEW (self), GTK_SOURCE_SMART_HOME_END_BEFORE);

  targets = gtk_drag_dest_get_target_list (GTK_WIDGET (self));
  if (targets != NULL)
    gtk_target_list_add_uri_targets (targets, DROP_TARGET_URI_LIST);

  tp_view_bind_settings (self);
  tp_view_update_font (self);
}

GtkWidget *
tp_view_new (GtkSourceBuffer *buffer)
{
  return g_object_new (TP_TYPE_VIEW, "buffer", buffer, NULL);
}

void
tp_view_set_zoom (TpView *self,
                  int     percent)
{
  g_return_if_fail (TP_IS_VIEW (self));

  percent = CLAMP (percent, TP_VIEW_ZOOM_MIN, TP_VIEW_ZOOM_MAX);
  if (percent == self->zoom)
    return;
  self->zoom = percent;
  tp_view_update_font (self);
}

int
tp_view_get_zoom (TpView *self)
{
  g_return_val_if_fail (TP_IS_VIEW (self), 100);
  return self->zoom;
}

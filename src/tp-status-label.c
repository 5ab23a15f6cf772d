/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-status-label"

#include "config.h"

#include "tp-status-label.h"

/* A line of status-bar text that changes often, such as the cursor position.
 *
 * GtkLabel makes the whole window measure and allocate itself again each time its text
 * changes, even when the new text is no wider. The cursor position changes with every key,
 * and that extra layout phase in every keystroke's frame doubled the time from key press to
 * paint. This widget keeps the width of the widest text it has shown: new text that fits is
 * only redrawn, and only wider text asks for a new size. It looks like a label (its CSS node is
 * "label") and tells assistive technologies its text like one. */
struct _TpStatusLabel
{
  GtkWidget    parent_instance;

  char        *text;
  PangoLayout *layout;          /* NULL until needed, and after the style changes */
  int          reserved_width;  /* pixels, the widest text shown since the last style change */
};

G_DEFINE_FINAL_TYPE (TpStatusLabel, tp_status_label, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static PangoLayout *
get_layout (TpStatusLabel *self)
{
  if (self->layout == NULL)
    self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), self->text);
  return self->layout;
}

static void
get_padding (TpStatusLabel *self,
             GtkBorder     *padding)
{
  GtkStyleContext *style = gtk_widget_get_style_context (GTK_WIDGET (self));

  gtk_style_context_get_padding (style, gtk_style_context_get_state (style), padding);
}

static int
text_width (TpStatusLabel *self)
{
  int width;

  pango_layout_get_pixel_size (get_layout (self), &width, NULL);
  return width;
}

static void
tp_status_label_get_preferred_width (GtkWidget *widget,
                                     int       *minimum,
                                     int       *natural)
{
  TpStatusLabel *self = TP_STATUS_LABEL (widget);
  GtkBorder padding;

  get_padding (self, &padding);
  self->reserved_width = MAX (self->reserved_width, text_width (self));
  *minimum = *natural = self->reserved_width + padding.left + padding.right;
}

static void
tp_status_label_get_preferred_height (GtkWidget *widget,
                                      int       *minimum,
                                      int       *natural)
{
  TpStatusLabel *self = TP_STATUS_LABEL (widget);
  GtkBorder padding;
  int height;

  get_padding (self, &padding);
  pango_layout_get_pixel_size (get_layout (self), NULL, &height);
  *minimum = *natural = height + padding.top + padding.bottom;
}

static gboolean
tp_status_label_draw (GtkWidget *widget,
                      cairo_t   *cr)
{
  TpStatusLabel *self = TP_STATUS_LABEL (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  PangoLayout *layout = get_layout (self);
  GtkBorder padding;
  int width, height;
  double x;

  get_padding (self, &padding);
  pango_layout_get_pixel_size (layout, &width, &height);
  /* Centred in the reserved width, as a label is in a wider allocation. */
  x = padding.left + (gtk_widget_get_allocated_width (widget) - padding.left - padding.right
                      - width) / 2.0;
  gtk_render_layout (style, cr, x,
                     (gtk_widget_get_allocated_height (widget) - height) / 2.0, layout);
  return GDK_EVENT_PROPAGATE;
}

/* A new font, size or screen: the old layout and the width kept for it no longer hold. */
static void
forget_layout (TpStatusLabel *self)
{
  g_clear_object (&self->layout);
  self->reserved_width = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
tp_status_label_style_updated (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tp_status_label_parent_class)->style_updated (widget);
  forget_layout (TP_STATUS_LABEL (widget));
}

static void
tp_status_label_screen_changed (GtkWidget *widget,
                                GdkScreen *previous)
{
  forget_layout (TP_STATUS_LABEL (widget));
}

static void
tp_status_label_finalize (GObject *object)
{
  TpStatusLabel *self = TP_STATUS_LABEL (object);

  g_clear_object (&self->layout);
  g_free (self->text);
  G_OBJECT_CLASS (tp_status_label_parent_class)->finalize (object);
}

static void
tp_status_label_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TpStatusLabel *self = TP_STATUS_LABEL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tp_status_label_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TpStatusLabel *self = TP_STATUS_LABEL (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      tp_status_label_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tp_status_label_class_init (TpStatusLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tp_status_label_finalize;
  object_class->get_property = tp_status_label_get_property;
  object_class->set_property = tp_status_label_set_property;
  widget_class->get_preferred_width = tp_status_label_get_preferred_width;
  widget_class->get_preferred_height = tp_status_label_get_preferred_height;
  widget_class->draw = tp_status_label_draw;
  widget_class->style_updated = tp_status_label_style_updated;
  widget_class->screen_changed = tp_status_label_screen_changed;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, ATK_ROLE_LABEL);
}

static void
tp_status_label_init (TpStatusLabel *self)
{
  self->text = g_strdup ("");
  gtk_widget_set_has_window (GTK_WIDGET (self), FALSE);
}

GtkWidget *
tp_status_label_new (void)
{
  return g_object_new (TP_TYPE_STATUS_LABEL, NULL);
}

const char *
tp_status_label_get_text (TpStatusLabel *self)
{
  g_return_val_if_fail (TP_IS_STATUS_LABEL (self), NULL);
  return self->text;
}

/* Redraws for text that fits the width already kept; only wider text changes the size. */
void
tp_status_label_set_text (TpStatusLabel *self,
                          const char    *text)
{
  g_return_if_fail (TP_IS_STATUS_LABEL (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text, -1);
  atk_object_set_name (gtk_widget_get_accessible (GTK_WIDGET (self)), text);

  if (text_width (self) > self->reserved_width)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

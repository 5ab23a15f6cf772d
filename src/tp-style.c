/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-style"

#include "config.h"

#include "tp-style.h"

/* Light or dark: the setting color-style says "light", "dark", or "system", which follows the
 * desktop. The desktop's preference is read from the XDG desktop portal (every desktop with a
 * portal: GNOME, KDE, others) and, where no portal answers, from GNOME's own setting; both are
 * watched, and asked without ever waiting on the main thread. The colour scheme is the one the
 * setting style-scheme names, or, left empty, GtkSourceView's classic one for light and
 * Oblivion for dark. */

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define PORTAL_SETTINGS "org.freedesktop.portal.Settings"
#define APPEARANCE "org.freedesktop.appearance"
#define LIGHT_SCHEME "classic"
#define DARK_SCHEME "oblivion"

struct _TpStyle
{
  GObject               parent_instance;

  GSettings            *settings;
  GSettings            *desktop;        /* org.gnome.desktop.interface, when installed */
  GDBusConnection      *bus;
  guint                 portal_signal;
  GCancellable         *cancellable;
  int                   portal_dark;    /* what the portal said: -1 nothing (yet) */
  gboolean              dark;
  GtkSourceStyleScheme *scheme;
};

G_DEFINE_FINAL_TYPE (TpStyle, tp_style, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
desktop_prefers_dark (TpStyle *self)
{
  g_autofree char *scheme = NULL;

  if (self->portal_dark >= 0)
    return self->portal_dark;
  if (self->desktop == NULL)
    return FALSE;
  scheme = g_settings_get_string (self->desktop, "color-scheme");
  return g_str_equal (scheme, "prefer-dark");
}

static void
tp_style_update (TpStyle *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  g_autofree char *style = g_settings_get_string (self->settings, "color-style");
  g_autofree char *wanted = g_settings_get_string (self->settings, "style-scheme");
  gboolean dark;
  GtkSourceStyleScheme *scheme = NULL;

  if (g_str_equal (style, "dark"))
    dark = TRUE;
  else if (g_str_equal (style, "light"))
    dark = FALSE;
  else
    dark = desktop_prefers_dark (self);

  if (*wanted != '\0')
    scheme = gtk_source_style_scheme_manager_get_scheme (manager, wanted);
  if (scheme == NULL)
    scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? DARK_SCHEME : LIGHT_SCHEME);

  if (dark == self->dark && scheme == self->scheme)
    return;
  self->dark = dark;
  g_set_object (&self->scheme, scheme);
  /* Windows and dialogs follow through Adwaita's dark variant. */
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* color-scheme is a uint: 0 no preference, 1 prefer dark, 2 prefer light. Older portals wrap
 * the value in one more variant. */
static void
take_portal_value (TpStyle  *self,
                   GVariant *value)
{
  g_autoptr(GVariant) inner = g_variant_ref (value);

  while (g_variant_is_of_type (inner, G_VARIANT_TYPE_VARIANT))
    {
      GVariant *unboxed = g_variant_get_variant (inner);

      g_variant_unref (inner);
      inner = unboxed;
    }
  if (!g_variant_is_of_type (inner, G_VARIANT_TYPE_UINT32))
    return;
  self->portal_dark = g_variant_get_uint32 (inner) == 1;
  tp_style_update (self);
}

static void
on_portal_setting_changed (GDBusConnection *bus,
                           const char      *sender,
                           const char      *path,
                           const char      *interface,
                           const char      *signal,
                           GVariant        *parameters,
                           gpointer         user_data)
{
  const char *namespace, *key;
  g_autoptr(GVariant) value = NULL;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssv)")))
    return;
  g_variant_get (parameters, "(&s&sv)", &namespace, &key, &value);
  if (g_str_equal (namespace, APPEARANCE) && g_str_equal (key, "color-scheme"))
    take_portal_value (user_data, value);
}

static void
on_portal_read (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result,
                                                             NULL);
  g_autoptr(GVariant) value = NULL;

  /* No portal, or one without the appearance settings: GNOME's setting decides. */
  if (reply == NULL || !g_variant_is_of_type (reply, G_VARIANT_TYPE ("(v)")))
    return;
  g_variant_get (reply, "(v)", &value);
  take_portal_value (user_data, value);
}

static void
on_bus (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, NULL);
  TpStyle *self;

  if (bus == NULL)
    return;
  self = user_data;
  self->bus = g_steal_pointer (&bus);
  self->portal_signal = g_dbus_connection_signal_subscribe (
    self->bus, PORTAL_NAME, PORTAL_SETTINGS, "SettingChanged", PORTAL_PATH, APPEARANCE,
    G_DBUS_SIGNAL_FLAGS_NONE, on_portal_setting_changed, self, NULL);
  g_dbus_connection_call (self->bus, PORTAL_NAME, PORTAL_PATH, PORTAL_SETTINGS, "Read",
                          g_variant_new ("(ss)", APPEARANCE, "color-scheme"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, 2000,
                          self->cancellable, on_portal_read, self);
}

static void
tp_style_dispose (GObject *object)
{
  TpStyle *self = TP_STYLE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->bus != NULL && self->portal_signal != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->portal_signal);
  self->portal_signal = 0;
  g_clear_object (&self->bus);
  g_clear_object (&self->desktop);
  g_clear_object (&self->settings);
  g_clear_object (&self->scheme);
  G_OBJECT_CLASS (tp_style_parent_class)->dispose (object);
}

static void
tp_style_class_init (TpStyleClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tp_style_dispose;

  /* The scheme or the lightness changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
tp_style_init (TpStyle *self)
{
  self->portal_dark = -1;
  self->cancellable = g_cancellable_new ();
}

TpStyle *
tp_style_new (GSettings *settings)
{
  TpStyle *self = g_object_new (TP_TYPE_STYLE, NULL);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::color-style", G_CALLBACK (tp_style_update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::style-scheme", G_CALLBACK (tp_style_update), self,
                           G_CONNECT_SWAPPED);
  schema = source ? g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE)
                  : NULL;
  if (schema != NULL && g_settings_schema_has_key (schema, "color-scheme"))
    {
      self->desktop = g_settings_new_full (schema, NULL, NULL);
      g_signal_connect_object (self->desktop, "changed::color-scheme",
                               G_CALLBACK (tp_style_update), self, G_CONNECT_SWAPPED);
    }
  /* No scheme yet: the first update always applies. */
  tp_style_update (self);
  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, on_bus, self);
  return self;
}

gboolean
tp_style_is_dark (TpStyle *self)
{
  g_return_val_if_fail (TP_IS_STYLE (self), FALSE);
  return self->dark;
}

GtkSourceStyleScheme *
tp_style_get_scheme (TpStyle *self)
{
  g_return_val_if_fail (TP_IS_STYLE (self), NULL);
  return self->scheme;
}

static void
apply_scheme (GtkSourceBuffer *buffer,
              TpStyle         *self)
{
  gtk_source_buffer_set_style_scheme (buffer, self->scheme);
}

/* Gives buffer the scheme now and whenever it changes, for as long as buffer lives. */
void
tp_style_apply_to_buffer (TpStyle         *self,
                          GtkSourceBuffer *buffer)
{
  g_return_if_fail (TP_IS_STYLE (self));
  g_return_if_fail (GTK_SOURCE_IS_BUFFER (buffer));

  apply_scheme (buffer, self);
  g_signal_connect_object (self, "changed", G_CALLBACK (apply_scheme), buffer, G_CONNECT_SWAPPED);
}

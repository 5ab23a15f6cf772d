/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-autosave"

#include "config.h"

#include "tp-autosave.h"
#include "tp-tab.h"
#include "tp-window.h"

/* Saving the real files every few minutes, for those who ask for it in the preferences ("autosave"
 * and "autosave-interval"). This is apart from the recorder, which protects every document all
 * the time without touching its file. */
struct _TpAutosave
{
  GObject         parent_instance;

  GtkApplication *application;  /* weak: the application owns this */
  GSettings      *settings;
  guint           timeout;
};

G_DEFINE_FINAL_TYPE (TpAutosave, tp_autosave, G_TYPE_OBJECT)

static gboolean
on_timeout (gpointer user_data)
{
  tp_autosave_run (TP_AUTOSAVE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
tp_autosave_update (TpAutosave *self)
{
  g_clear_handle_id (&self->timeout, g_source_remove);
  if (!g_settings_get_boolean (self->settings, "autosave"))
    return;
  self->timeout = g_timeout_add_seconds (g_settings_get_uint (self->settings, "autosave-interval"),
                                         on_timeout, self);
  g_source_set_name_by_id (self->timeout, "[threadpad] autosave");
}

static void
tp_autosave_dispose (GObject *object)
{
  TpAutosave *self = TP_AUTOSAVE (object);

  g_clear_handle_id (&self->timeout, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (tp_autosave_parent_class)->dispose (object);
}

static void
tp_autosave_class_init (TpAutosaveClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tp_autosave_dispose;
}

static void
tp_autosave_init (TpAutosave *self)
{
}

TpAutosave *
tp_autosave_new (GtkApplication *application,
                 GSettings      *settings)
{
  TpAutosave *self = g_object_new (TP_TYPE_AUTOSAVE, NULL);

  self->application = application;
  self->settings = g_object_ref (settings);
  g_signal_connect_swapped (settings, "changed::autosave", G_CALLBACK (tp_autosave_update), self);
  g_signal_connect_swapped (settings, "changed::autosave-interval",
                            G_CALLBACK (tp_autosave_update), self);
  tp_autosave_update (self);
  return self;
}

/* Saves every document of every window that can be saved without asking anything (see
 * tp_tab_autosave). Returns how many saves were started. */
guint
tp_autosave_run (TpAutosave *self)
{
  guint started = 0;

  g_return_val_if_fail (TP_IS_AUTOSAVE (self), 0);

  for (GList *l = gtk_application_get_windows (self->application); l != NULL; l = l->next)
    {
      g_autoptr(GList) tabs = NULL;

      if (!TP_IS_WINDOW (l->data))
        continue;
      tabs = tp_window_get_tabs (TP_WINDOW (l->data));
      for (GList *t = tabs; t != NULL; t = t->next)
        started += tp_tab_autosave (TP_TAB (t->data));
    }
  return started;
}

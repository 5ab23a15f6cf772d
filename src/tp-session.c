/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-session"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-application.h"
#include "tp-document.h"
#include "tp-session.h"
#include "tp-tab-state.h"
#include "tp-tab.h"
#include "tp-window-private.h"

/* The session is a key file:
 *
 *   [Session]  Version, Windows, ActiveWindow
 *   [Window N] Tabs, ActiveTab, Width, Height, Maximized
 *   [Window N Tab M] Document (the recorder's number: its entry holds the unsaved text),
 *                    Location (a URI, for a file), and the tab's state (tp-tab-state.h)
 *
 * Only tabs worth reopening are in it: a file's, or one with unsaved text. It is written a
 * moment after a change, never more than once per WRITE_DELAY_MS, on the recorder thread. */

#define SESSION_VERSION 1
#define WRITE_DELAY_MS 1000
/* What a session file may ask for, at most: it is read as untrusted input. */
#define MAX_WINDOWS 64
#define MAX_TABS_PER_WINDOW 1000
/* Entries no tab of the session names open in the first window, this many at most; the
 * others stay on disk, offered next time. */
#define MAX_LEFTOVER_TABS 50
/* Tabs are made in slices this long at most, so that the window keeps drawing meanwhile. */
#define RESTORE_SLICE_USEC (8 * G_TIME_SPAN_MILLISECOND)

struct _TpSession
{
  GObject         parent_instance;

  GtkApplication *application;   /* weak: it owns us */
  GSettings      *settings;
  TpRecorder     *recorder;
  GPtrArray      *windows;       /* TpWindow (weak), in the order they were made */
  guint           write_source;
  gboolean        following;     /* changes are written; not while ending */
  char           *written;       /* the text last handed to the recorder */
  /* Restores under way: until they are over, this run writes no session, and the one being
   * restored stays the one a next start finds. */
  guint           restoring;
  GKeyFile       *ended;         /* the session written by tp_session_end (), while ending */
};

G_DEFINE_FINAL_TYPE (TpSession, tp_session, G_TYPE_OBJECT)

static GQuark followed_quark;
static GQuark record_id_quark;

static gboolean
tab_is_kept (TpTab *tab)
{
  TpDocument *document = tp_tab_get_document (tab);

  return tp_document_get_location (document) != NULL || tp_document_get_modified (document);
}

static void
write_tab (GKeyFile   *key_file,
           const char *group,
           TpTab      *tab)
{
  TpDocument *document = tp_tab_get_document (tab);
  GFile *location = tp_document_get_location (document);
  g_autoptr(TpTabState) state = tp_tab_state_capture (tab);

  g_key_file_set_uint64 (key_file, group, "Document", tp_tab_get_record_id (tab));
  if (location != NULL)
    {
      g_autofree char *uri = g_file_get_uri (location);

      g_key_file_set_string (key_file, group, "Location", uri);
    }
  tp_tab_state_save_to_key_file (state, key_file, group);
}

/* Returns FALSE, writing nothing, for a window without a tab worth reopening. */
static gboolean
write_window (GKeyFile *key_file,
              guint     index,
              TpWindow *window)
{
  g_autofree char *group = g_strdup_printf ("Window %u", index);
  g_autoptr(GList) tabs = tp_window_get_tabs (window);
  TpTab *active = tp_window_get_active_tab (window);
  guint n_tabs = 0;
  int width, height;

  /* The window's group before its tabs', for a file a person can read. */
  g_key_file_set_uint64 (key_file, group, "Tabs", 0);
  for (GList *l = tabs; l != NULL; l = l->next)
    {
      g_autofree char *tab_group = NULL;

      if (!tab_is_kept (l->data))
        continue;
      if (l->data == active)
        g_key_file_set_uint64 (key_file, group, "ActiveTab", n_tabs);
      tab_group = g_strdup_printf ("Window %u Tab %u", index, n_tabs++);
      write_tab (key_file, tab_group, l->data);
    }
  if (n_tabs == 0)
    {
      g_key_file_remove_group (key_file, group, NULL);
      return FALSE;
    }
  gtk_window_get_size (GTK_WINDOW (window), &width, &height);
  g_key_file_set_uint64 (key_file, group, "Tabs", n_tabs);
  g_key_file_set_integer (key_file, group, "Width", width);
  g_key_file_set_integer (key_file, group, "Height", height);
  g_key_file_set_boolean (key_file, group, "Maximized",
                          gtk_window_is_maximized (GTK_WINDOW (window)));
  return TRUE;
}

/* The session as it is now, or NULL if there is nothing to reopen. Cheap: no text is read. */
static char *
compose (TpSession *self)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  GtkWindow *active = gtk_application_get_active_window (self->application);
  guint n_windows = 0;

  g_key_file_set_integer (key_file, "Session", "Version", SESSION_VERSION);
  for (guint i = 0; i < self->windows->len; i++)
    {
      TpWindow *window = g_ptr_array_index (self->windows, i);

      if (!write_window (key_file, n_windows, window))
        continue;
      if (GTK_WINDOW (window) == active)
        g_key_file_set_uint64 (key_file, "Session", "ActiveWindow", n_windows);
      n_windows++;
    }
  if (n_windows == 0)
    return NULL;
  g_key_file_set_uint64 (key_file, "Session", "Windows", n_windows);
  return g_key_file_to_data (key_file, NULL, NULL);
}

static void
write_text (TpSession *self,
            char      *text)
{
  g_free (self->written);
  self->written = g_strdup (text);
  tp_recorder_set_session (self->recorder, text);
}

static void
write_now (TpSession *self)
{
  g_autofree char *text = NULL;

  g_clear_handle_id (&self->write_source, g_source_remove);
  if (self->restoring > 0)
    return;
  text = compose (self);
  if (g_strcmp0 (text, self->written) == 0)
    return;
  write_text (self, g_steal_pointer (&text));
}

static gboolean
on_write_due (gpointer user_data)
{
  TpSession *self = user_data;

  self->write_source = 0;
  write_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_write (TpSession *self)
{
  if (self->following && self->write_source == 0)
    self->write_source = g_timeout_add (WRITE_DELAY_MS, on_write_due, self);
}

/* While ending, an untitled document saved under a name (asked about as its window closes)
 * gets that name in the session written at the end: it is reopened from its file. */
static void
on_location_changed (TpSession  *self,
                     GParamSpec *pspec,
                     TpDocument *document)
{
  guint id = GPOINTER_TO_UINT (g_object_get_qdata (G_OBJECT (document), record_id_quark));
  GFile *location = tp_document_get_location (document);
  g_auto(GStrv) groups = NULL;

  if (self->following || self->ended == NULL)
    {
      schedule_write (self);
      return;
    }
  if (location == NULL || id == 0)
    return;
  groups = g_key_file_get_groups (self->ended, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    if (g_key_file_get_uint64 (self->ended, groups[i], "Document", NULL) == id)
      {
        g_autofree char *uri = g_file_get_uri (location);

        g_key_file_set_string (self->ended, groups[i], "Location", uri);
        write_text (self, g_key_file_to_data (self->ended, NULL, NULL));
      }
}

/* A tab is followed once, wherever it goes: moving it to another window keeps its handlers. */
static void
follow_tab (TpSession *self,
            TpTab     *tab)
{
  TpDocument *document = tp_tab_get_document (tab);

  if (g_object_get_qdata (G_OBJECT (tab), followed_quark) != NULL)
    return;
  g_object_set_qdata (G_OBJECT (tab), followed_quark, self);
  g_object_set_qdata (G_OBJECT (document), record_id_quark,
                      GUINT_TO_POINTER (tp_tab_get_record_id (tab)));
  /* Not the cursor nor the scrolling: they are read whenever the session is written, and a
   * write a second while typing would only delay the journals' syncs. */
  g_signal_connect_object (document, "notify::location", G_CALLBACK (on_location_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (document, "notify::modified", G_CALLBACK (schedule_write), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (tp_document_get_buffer (document), "notify::language",
                           G_CALLBACK (schedule_write), self, G_CONNECT_SWAPPED);
}

static void
on_tabs_changed (TpSession *self,
                 TpWindow  *window)
{
  g_autoptr(GList) tabs = tp_window_get_tabs (window);

  for (GList *l = tabs; l != NULL; l = l->next)
    follow_tab (self, l->data);
  schedule_write (self);
}

static void
on_window_added (TpSession *self,
                 GtkWindow *window)
{
  if (!TP_IS_WINDOW (window))
    return;
  g_ptr_array_add (self->windows, window);
  g_signal_connect_object (window, "tabs-changed", G_CALLBACK (on_tabs_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "notify::is-maximized", G_CALLBACK (schedule_write), self,
                           G_CONNECT_SWAPPED);
  on_tabs_changed (self, TP_WINDOW (window));
}

static void
on_window_removed (TpSession *self,
                   GtkWindow *window)
{
  if (g_ptr_array_remove (self->windows, window))
    schedule_write (self);
}

static void
on_enabled_changed (TpSession *self)
{
  self->following = tp_session_enabled (self);
  if (self->following)
    {
      schedule_write (self);
      return;
    }
  g_clear_handle_id (&self->write_source, g_source_remove);
  g_clear_pointer (&self->written, g_free);
  tp_recorder_set_session (self->recorder, NULL);
}

TpSession *
tp_session_new (GtkApplication *application,
                GSettings      *settings,
                TpRecorder     *recorder)
{
  TpSession *self = g_object_new (TP_TYPE_SESSION, NULL);

  self->application = application;
  self->settings = g_object_ref (settings);
  self->recorder = g_object_ref (recorder);
  g_signal_connect_object (application, "window-added", G_CALLBACK (on_window_added), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "window-removed", G_CALLBACK (on_window_removed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::restore-session", G_CALLBACK (on_enabled_changed),
                           self, G_CONNECT_SWAPPED);
  self->following = tp_session_enabled (self);
  if (!self->following)
    tp_recorder_set_session (recorder, NULL);
  return self;
}

/* Whether the next start is to reopen what is open now. */
gboolean
tp_session_enabled (TpSession *self)
{
  g_return_val_if_fail (TP_IS_SESSION (self), FALSE);
  return g_settings_get_boolean (self->settings, "restore-session");
}

/* The editor is ending: the session is written as it is now, and windows closing from now on do
 * not change it. */
void
tp_session_end (TpSession *self)
{
  g_return_if_fail (TP_IS_SESSION (self));

  if (!self->following)
    return;
  write_now (self);
  self->following = FALSE;
  g_clear_pointer (&self->ended, g_key_file_unref);
  if (self->written != NULL)
    {
      self->ended = g_key_file_new ();
      g_key_file_load_from_data (self->ended, self->written, -1, G_KEY_FILE_NONE, NULL);
    }
}

/* The end was called off (the user kept a window open): the session follows the windows again. */
void
tp_session_resume (TpSession *self)
{
  g_return_if_fail (TP_IS_SESSION (self));

  self->following = tp_session_enabled (self);
  g_clear_pointer (&self->ended, g_key_file_unref);
  schedule_write (self);
}

/* Writes now what waits to be written: the editor is going without quitting (its last window
 * closed by its last tab, say). */
void
tp_session_flush (TpSession *self)
{
  g_return_if_fail (TP_IS_SESSION (self));

  if (self->following && self->write_source != 0)
    write_now (self);
}

/* Restoring */

typedef struct
{
  TpSession  *session;
  GKeyFile   *key_file;
  TpRecovery *recovery;
  GPtrArray  *windows;      /* TpWindow (weak refs), one per window of the session */
  GHashTable *used;         /* TpRecoveryEntry restored → GWeakRef to its tab */
  guint       n_windows;
  guint       window;       /* the next to make tabs in */
  guint       tab;
  guint       n_tabs;       /* of that window */
  guint       leftover;     /* the next entry to look at once the windows are done */
  guint       n_leftovers;  /* opened so far */
  GWeakRef    active_tab;   /* of the window being restored */
  GWeakRef    first_active; /* of the first window: leftover entries do not take its place */
} Restoring;

static void
restoring_free (gpointer data)
{
  Restoring *restoring = data;

  /* Not retired if the restore was cut short: everything stays on disk for next time. */
  g_clear_pointer (&restoring->recovery, tp_recovery_free);
  restoring->session->restoring--;
  schedule_write (restoring->session);
  g_clear_pointer (&restoring->key_file, g_key_file_unref);
  g_ptr_array_unref (restoring->windows);
  g_hash_table_unref (restoring->used);
  g_weak_ref_clear (&restoring->active_tab);
  g_weak_ref_clear (&restoring->first_active);
  g_object_unref (restoring->session);
  g_free (restoring);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

/* A count from the file, as a number from 0 to limit. */
static guint
read_count (GKeyFile   *key_file,
            const char *group,
            const char *key,
            guint       limit)
{
  guint64 value = g_key_file_get_uint64 (key_file, group, key, NULL);

  return (guint) MIN (value, (guint64) limit);
}

/* The window made for the session's window number index, or NULL if it is gone or closing: a
 * tab added to a window being closed would go with it. */
static TpWindow *
window_for (Restoring *restoring,
            guint      index)
{
  GWeakRef *ref = g_ptr_array_index (restoring->windows, MIN (index, restoring->windows->len - 1));
  TpWindow *window = g_weak_ref_get (ref);

  if (window != NULL && window->closing)
    g_clear_object (&window);
  return window;
}

static void
size_window (TpWindow   *window,
             GKeyFile   *key_file,
             const char *group)
{
  int width = g_key_file_get_integer (key_file, group, "Width", NULL);
  int height = g_key_file_get_integer (key_file, group, "Height", NULL);

  if (width >= 200 && height >= 150 && width <= 16384 && height <= 16384)
    gtk_window_resize (GTK_WINDOW (window), width, height);
  if (g_key_file_get_boolean (key_file, group, "Maximized", NULL))
    gtk_window_maximize (GTK_WINDOW (window));
}

/* The window for the session's window number index: the one given for the first, new ones for
 * the others. */
static void
open_window (Restoring *restoring,
             guint      index)
{
  g_autofree char *group = g_strdup_printf ("Window %u", index);
  GWeakRef *ref = g_new0 (GWeakRef, 1);
  g_autoptr(TpWindow) window = NULL;

  if (index == 0)
    window = window_for (restoring, 0);
  else
    {
      window = g_object_ref (tp_window_new (TP_APPLICATION (restoring->session->application)));
      gtk_window_present (GTK_WINDOW (window));
    }
  if (window != NULL)
    size_window (window, restoring->key_file, group);
  g_weak_ref_init (ref, window);
  if (index == 0)
    g_ptr_array_set_size (restoring->windows, 0);
  g_ptr_array_add (restoring->windows, ref);
  restoring->n_tabs = read_count (restoring->key_file, group, "Tabs", MAX_TABS_PER_WINDOW);
}

static TpTab *
restore_entry (Restoring       *restoring,
               TpWindow        *window,
               TpRecoveryEntry *entry)
{
  TpTab *tab = _tp_window_take_tab_for_file (window);
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, tab);
  g_hash_table_insert (restoring->used, entry, ref);
  tp_tab_restore (tab, entry->replay);
  return tab;
}

/* Whether the entry's text is in a tab that is still open: only then may its entry go. */
static gboolean
entry_still_open (Restoring       *restoring,
                  TpRecoveryEntry *entry)
{
  GWeakRef *ref = g_hash_table_lookup (restoring->used, entry);
  g_autoptr(GObject) tab = ref ? g_weak_ref_get (ref) : NULL;

  return tab != NULL;
}

/* A location from the file: a local file's URI, or NULL. A session file is not to make the
 * editor reach for other machines when it starts. */
static GFile *
read_location (GKeyFile   *key_file,
               const char *group)
{
  g_autofree char *uri = g_key_file_get_string (key_file, group, "Location", NULL);
  g_autofree char *path = NULL;

  if (uri == NULL || !g_uri_is_valid (uri, G_URI_FLAGS_NONE, NULL)
      || (path = g_filename_from_uri (uri, NULL, NULL)) == NULL)
    return NULL;
  return g_file_new_for_path (path);
}

/* One tab of the session: its unsaved text if an entry holds it, its file otherwise. */
static void
restore_tab (Restoring *restoring,
             TpWindow  *window,
             guint      window_index,
             guint      tab_index)
{
  g_autofree char *group = g_strdup_printf ("Window %u Tab %u", window_index, tab_index);
  g_autofree char *window_group = g_strdup_printf ("Window %u", window_index);
  guint64 document = g_key_file_get_uint64 (restoring->key_file, group, "Document", NULL);
  TpRecoveryEntry *entry = NULL;
  g_autoptr(TpTabState) state = NULL;
  g_autoptr(GFile) location = NULL;
  TpTab *tab = NULL;

  if (document > 0 && document <= G_MAXUINT)
    entry = tp_recovery_find_entry (restoring->recovery, (guint) document);
  if (entry != NULL && g_hash_table_contains (restoring->used, entry))
    entry = NULL;
  location = read_location (restoring->key_file, group);
  if (entry != NULL)
    tab = restore_entry (restoring, window, entry);
  state = tp_tab_state_load_from_key_file (restoring->key_file, group);
  if (entry == NULL && location != NULL)
    {
      /* Read in the encoding chosen for it, if one was. */
      TpLocation where = { .file = location, .charset = state ? state->encoding : NULL };

      tab = tp_window_open_location (window, &where);
    }
  if (tab == NULL)
    return;
  /* The journal knows where the cursor was last, the session only where it was a moment
   * before: a line below 0 leaves the cursor where the restore put it. */
  if (state != NULL && entry != NULL)
    state->line = -1;
  if (state != NULL)
    tp_tab_state_apply (state, tab);
  if (tab_index == read_count (restoring->key_file, window_group, "ActiveTab",
                               MAX_TABS_PER_WINDOW))
    g_weak_ref_set (&restoring->active_tab, tab);
}

static void
show_tab (GWeakRef *ref)
{
  g_autoptr(GtkWidget) tab = g_weak_ref_get (ref);
  GtkWidget *notebook = tab ? gtk_widget_get_parent (tab) : NULL;

  if (GTK_IS_NOTEBOOK (notebook))
    gtk_notebook_set_current_page (GTK_NOTEBOOK (notebook),
                                   gtk_notebook_page_num (GTK_NOTEBOOK (notebook), tab));
}

static void
select_active_tab (Restoring *restoring)
{
  g_autoptr(GObject) tab = g_weak_ref_get (&restoring->active_tab);

  show_tab (&restoring->active_tab);
  if (restoring->window == 0)
    g_weak_ref_set (&restoring->first_active, tab);
  g_weak_ref_set (&restoring->active_tab, NULL);
}

/* Entries of the run that no tab of its session named (a tab opened a moment before a crash,
 * say) are not left behind: they open in the first window. */
static gboolean
restore_leftover (Restoring *restoring)
{
  GPtrArray *entries = tp_recovery_get_entries (restoring->recovery);
  g_autoptr(TpWindow) window = window_for (restoring, 0);

  while (restoring->leftover < entries->len && restoring->n_leftovers < MAX_LEFTOVER_TABS)
    {
      TpRecoveryEntry *entry = g_ptr_array_index (entries, restoring->leftover++);

      if (window != NULL && !g_hash_table_contains (restoring->used, entry))
        {
          restore_entry (restoring, window, entry);
          restoring->n_leftovers++;
          return TRUE;
        }
    }
  return FALSE;
}

static int
compare_open_first (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  Restoring *restoring = user_data;

  return (int) !entry_still_open (restoring, *(gpointer *) a)
         - (int) !entry_still_open (restoring, *(gpointer *) b);
}

static void
finish_restoring (Restoring *restoring)
{
  g_autoptr(TpWindow) first = window_for (restoring, 0);
  guint active = read_count (restoring->key_file, "Session", "ActiveWindow", MAX_WINDOWS);
  g_autoptr(TpWindow) window = NULL;
  GPtrArray *entries = tp_recovery_get_entries (restoring->recovery);

  guint n_open = 0;

  /* An entry no open tab holds (its window was closed during the restore, or there were too
   * many) stays on disk, to be offered next time. */
  for (guint i = 0; i < entries->len; i++)
    n_open += entry_still_open (restoring, g_ptr_array_index (entries, i));
  g_ptr_array_sort_with_data (entries, compare_open_first, restoring);
  tp_recovery_keep_from (restoring->recovery, n_open);

  show_tab (&restoring->first_active);
  if (first != NULL)
    _tp_window_say_refused (first, restoring->recovery);
  if (active < restoring->windows->len && (window = window_for (restoring, active)) != NULL)
    gtk_window_present (GTK_WINDOW (window));
  /* The recorder writes the restored documents' new entries first, then removes the old ones. */
  tp_recorder_retire (restoring->session->recorder, g_steal_pointer (&restoring->recovery));
}

/* One step: the next tab of the session, or the next window, or a leftover entry. Returns FALSE
 * once everything is open. */
static gboolean
restore_step (Restoring *restoring)
{
  g_autoptr(TpWindow) window = NULL;

  if (restoring->window < restoring->n_windows && restoring->tab == 0 && restoring->n_tabs == 0)
    {
      g_autofree char *group = g_strdup_printf ("Window %u", restoring->window);

      /* A window the file names but gives no tab is not made: an empty window helps no one. */
      if (read_count (restoring->key_file, group, "Tabs", MAX_TABS_PER_WINDOW) == 0)
        {
          /* Its place is kept, so that the others keep their numbers. */
          if (restoring->window > 0)
            {
              GWeakRef *none = g_new0 (GWeakRef, 1);

              g_weak_ref_init (none, NULL);
              g_ptr_array_add (restoring->windows, none);
            }
          restoring->window++;
          return TRUE;
        }
      open_window (restoring, restoring->window);
    }
  if (restoring->window < restoring->n_windows)
    {
      window = window_for (restoring, restoring->window);
      if (window != NULL && restoring->tab < restoring->n_tabs)
        restore_tab (restoring, window, restoring->window, restoring->tab);
      if (++restoring->tab >= restoring->n_tabs)
        {
          select_active_tab (restoring);
          if (window != NULL && tp_window_get_active_tab (window) == NULL)
            tp_window_new_tab (window);
          restoring->window++;
          restoring->tab = 0;
          restoring->n_tabs = 0;
        }
      return TRUE;
    }
  return restore_leftover (restoring);
}

static gboolean
restore_slice (gpointer user_data)
{
  Restoring *restoring = user_data;
  gint64 end = g_get_monotonic_time () + RESTORE_SLICE_USEC;

  while (g_get_monotonic_time () < end)
    if (!restore_step (restoring))
      {
        finish_restoring (restoring);
        return G_SOURCE_REMOVE;
      }
  return G_SOURCE_CONTINUE;
}

/* Reopens the windows and tabs of the session recovery holds (see tp_recovery_take_session ()),
 * the first in window, with the text of every entry; takes the recovery, and retires it once
 * the text is recorded anew. A session that cannot be read still gives back every entry. */
void
tp_session_restore (TpSession  *self,
                    TpRecovery *recovery,
                    TpWindow   *window)
{
  Restoring *restoring = g_new0 (Restoring, 1);
  g_autoptr(GError) error = NULL;
  const char *text = tp_recovery_get_session (recovery);
  GWeakRef *first = g_new0 (GWeakRef, 1);

  g_return_if_fail (TP_IS_SESSION (self));

  restoring->session = g_object_ref (self);
  self->restoring++;
  restoring->recovery = recovery;
  restoring->key_file = g_key_file_new ();
  restoring->windows = g_ptr_array_new_with_free_func (weak_ref_free);
  restoring->used = g_hash_table_new_full (NULL, NULL, NULL, weak_ref_free);
  g_weak_ref_init (first, window);
  g_ptr_array_add (restoring->windows, first);
  if (text == NULL
      || !g_key_file_load_from_data (restoring->key_file, text, -1, G_KEY_FILE_NONE, &error)
      || g_key_file_get_integer (restoring->key_file, "Session", "Version", NULL)
         != SESSION_VERSION)
    g_debug ("The session could not be read: %s", error ? error->message : "no version");
  else
    restoring->n_windows = read_count (restoring->key_file, "Session", "Windows", MAX_WINDOWS);
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, restore_slice, restoring, restoring_free);
}

static void
tp_session_dispose (GObject *object)
{
  TpSession *self = TP_SESSION (object);

  g_clear_handle_id (&self->write_source, g_source_remove);
  G_OBJECT_CLASS (tp_session_parent_class)->dispose (object);
}

static void
tp_session_finalize (GObject *object)
{
  TpSession *self = TP_SESSION (object);

  g_ptr_array_unref (self->windows);
  g_clear_pointer (&self->ended, g_key_file_unref);
  g_clear_object (&self->settings);
  g_clear_object (&self->recorder);
  g_free (self->written);
  G_OBJECT_CLASS (tp_session_parent_class)->finalize (object);
}

static void
tp_session_class_init (TpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tp_session_dispose;
  object_class->finalize = tp_session_finalize;
  followed_quark = g_quark_from_static_string ("tp-session-followed");
  record_id_quark = g_quark_from_static_string ("tp-session-record-id");
}

static void
tp_session_init (TpSession *self)
{
  self->windows = g_ptr_array_new ();
}

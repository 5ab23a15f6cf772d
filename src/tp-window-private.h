/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tp-window.h"

G_BEGIN_DECLS

struct _TpWindow
{
  GtkApplicationWindow  parent_instance;

  /* Signals of the active tab's document and buffer; retargeted on every tab switch. */
  GSignalGroup         *document_signals;
  GSignalGroup         *buffer_signals;
  GSignalGroup         *spell_signals;
  guint                 spell_status_source;
  guint                 responsiveness_source;
  guint                 undo_actions_source;
  int                   zoom;
  /* Set while a close request is running, so that a second one is not started. */
  gboolean              closing;

  GtkHeaderBar         *header_bar;
  GtkMenuButton        *recent_button;
  GtkMenuButton        *primary_menu_button;
  GtkBox               *window_messages;
  GtkWidget            *recovery_bar;
  GtkWidget            *protection_bar;
  TpRecovery           *recovery;
  GtkNotebook          *notebook;
  TpFindBar            *find_bar;
  GtkLabel             *status_message;
  GtkButton            *spell_status_button;
  TpStatusLabel        *spell_status_label;
  GtkWidget            *responsiveness_button;
  TpStatusLabel        *responsiveness_label;
  GtkMenuButton        *spell_language_button;
  GtkLabel             *spell_language_label;
  GtkMenuButton        *language_button;
  GtkLabel             *language_label;
  GtkLabel             *encoding_label;
  GtkLabel             *read_only_label;
  GtkMenuButton        *position_button;
  TpStatusLabel        *position_label;
  GtkPopover           *goto_popover;
  GtkEntry             *goto_entry;
};

void   _tp_window_add_actions          (TpWindow            *self);
void   _tp_window_setup_recovery       (TpWindow            *self);
void   _tp_window_dispose_recovery     (TpWindow            *self);
void   _tp_window_say_refused          (TpWindow            *self,
                                        TpRecovery          *recovery);
void   _tp_window_setup_spelling       (TpWindow            *self);
void   _tp_window_setup_language       (TpWindow            *self);
void   _tp_window_update_spelling      (TpWindow            *self);
void   _tp_window_dispose_spelling     (TpWindow            *self);
void   _tp_window_update_actions       (TpWindow            *self);
void   _tp_window_add_line_actions     (TpWindow            *self);
void   _tp_window_update_line_actions  (TpWindow            *self);
void   _tp_window_set_zoom             (TpWindow            *self,
                                        int                  zoom);
void   _tp_window_save_tab             (TpWindow            *self,
                                        TpTab               *tab,
                                        gboolean             ask_location,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean _tp_window_save_tab_finish    (TpWindow            *self,
                                        GAsyncResult        *result);
void   _tp_window_close_tabs_async     (TpWindow            *self,
                                        GList               *tabs,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean _tp_window_close_tabs_finish  (TpWindow            *self,
                                        GAsyncResult        *result);
TpTab *_tp_window_take_tab_for_file   (TpWindow            *self);
void   _tp_window_remove_tab           (TpWindow            *self,
                                        TpTab               *tab);

G_END_DECLS

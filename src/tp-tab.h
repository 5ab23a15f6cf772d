/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtksourceview/gtksource.h>

#include "record/tp-journal.h"
#include "spell/tp-spell-checker.h"
#include "tp-tab-state.h"
#include "tp-types.h"

G_BEGIN_DECLS

#define TP_TYPE_TAB (tp_tab_get_type ())
G_DECLARE_FINAL_TYPE (TpTab, tp_tab, TP, TAB, GtkBox)

TpTab      *tp_tab_new            (void);
TpDocument *tp_tab_get_document   (TpTab               *self);
TpView     *tp_tab_get_view       (TpTab               *self);
GtkWidget  *tp_tab_get_label      (TpTab               *self);
void        tp_tab_load           (TpTab               *self,
                                   GFile               *location,
                                   const GtkSourceEncoding *encoding,
                                   int                  line,
                                   int                  column);
void        tp_tab_reload         (TpTab               *self,
                                   const GtkSourceEncoding *encoding);
void        tp_tab_load_stream    (TpTab               *self,
                                   GInputStream        *stream);
void        tp_tab_restore        (TpTab               *self,
                                   const TpReplay      *replay);
void        tp_tab_go_to          (TpTab               *self,
                                   int                  line,
                                   int                  column);
void        tp_tab_save_async     (TpTab               *self,
                                   GFile               *target,
                                   const GtkSourceEncoding *encoding,
                                   const char          *line_end,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data);
gboolean    tp_tab_save_finish    (TpTab               *self,
                                   GAsyncResult        *result,
                                   GError             **error);
gboolean    tp_tab_autosave       (TpTab               *self);
const char *tp_tab_get_message    (TpTab               *self);
void        tp_tab_show_error     (TpTab               *self,
                                   const char          *message);
TpSpellChecker *tp_tab_get_spell_checker (TpTab          *self);
guint       tp_tab_get_record_id  (TpTab               *self);
void        tp_tab_choose_spell_language (TpTab         *self,
                                          const char    *code);
const char *tp_tab_get_chosen_spell_language (TpTab     *self);
void        tp_tab_remember       (TpTab               *self);
void        tp_tab_apply_state_when_loaded (TpTab       *self,
                                            const TpTabState *state);

G_END_DECLS

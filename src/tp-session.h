/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "record/tp-recorder.h"
#include "record/tp-recovery.h"
#include "tp-types.h"

G_BEGIN_DECLS

#define TP_TYPE_SESSION (tp_session_get_type ())

G_DECLARE_FINAL_TYPE (TpSession, tp_session, TP, SESSION, GObject)

/* The windows and tabs open now, kept by the recorder in its run's folder beside the entries
 * that hold their unsaved text, so that the next start, after a quit or a crash, opens them
 * again. */
TpSession *tp_session_new     (GtkApplication *application,
                               GSettings      *settings,
                               TpRecorder     *recorder);
gboolean   tp_session_enabled (TpSession      *self);
void       tp_session_end     (TpSession      *self);
void       tp_session_resume  (TpSession      *self);
void       tp_session_flush   (TpSession      *self);
void       tp_session_restore (TpSession      *self,
                               TpRecovery     *recovery,
                               TpWindow       *window);

G_END_DECLS

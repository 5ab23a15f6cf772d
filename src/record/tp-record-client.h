/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "record/tp-recorder.h"
#include "tp-types.h"

G_BEGIN_DECLS

#define TP_TYPE_RECORD_CLIENT (tp_record_client_get_type ())
G_DECLARE_FINAL_TYPE (TpRecordClient, tp_record_client, TP, RECORD_CLIENT, GObject)

/* One document's side of the recorder, on the main thread: each change of the buffer becomes a
 * small message; nothing here copies or walks the whole text. */
TpRecordClient *tp_record_client_new (TpRecorder *recorder,
                                      TpDocument *document);
guint           tp_record_client_get_id (TpRecordClient *self);

G_END_DECLS

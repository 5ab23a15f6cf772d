/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tp-spell-worker.h"

G_BEGIN_DECLS

/* The spell thread: jobs come in through a priority queue, results go back to the main context,
 * where each job's done function runs and the job is freed. */
typedef struct _TpSpellThread TpSpellThread;

TpSpellThread *tp_spell_thread_new               (TpSpellWorker *worker,
                                                  GMainContext  *results_context);
void           tp_spell_thread_push              (TpSpellThread *self,
                                                  TpSpellJob    *job);
TpSpellWorker *tp_spell_thread_stop              (TpSpellThread *self);
guint64        tp_spell_thread_get_jobs_done     (TpSpellThread *self);
gint64         tp_spell_thread_get_busy_usec     (TpSpellThread *self);

void           tp_spell_job_deliver              (TpSpellJob    *job,
                                                  GMainContext  *context);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tp-dictionary.h"

G_BEGIN_DECLS

typedef enum
{
  TP_SPELL_JOB_CHECK,
  TP_SPELL_JOB_SUGGEST,
  TP_SPELL_JOB_ADD_WORD,
  TP_SPELL_JOB_IGNORE_WORD,
} TpSpellJobKind;

/* Lower runs sooner. */
typedef enum
{
  TP_SPELL_PRIORITY_URGENT     = 0,   /* a menu is waiting for these suggestions */
  TP_SPELL_PRIORITY_WORDS      = 1,   /* personal and ignored words */
  TP_SPELL_PRIORITY_VISIBLE    = 2,   /* text on screen */
  TP_SPELL_PRIORITY_PREFETCH   = 3,   /* suggestions computed ahead */
  TP_SPELL_PRIORITY_BACKGROUND = 4,   /* the rest of the document */
} TpSpellPriority;

typedef struct _TpSpellJob TpSpellJob;
typedef void (*TpSpellJobDone) (TpSpellJob *job);

/* A job is built on the main thread, then belongs to whoever runs it until its result is handed
 * back to the main thread; nothing in it is shared while it runs. */
struct _TpSpellJob
{
  TpSpellJobKind  kind;
  TpSpellPriority priority;
  guint64         sequence;
  char           *language;
  /* CHECK: the text of a chunk; SUGGEST, ADD_WORD, IGNORE_WORD: one word. */
  char           *text;
  gsize           length;
  /* Cancelled when the document goes away: the job is then skipped. */
  GCancellable   *cancellable;

  /* For the main thread: whom the result goes to. */
  GWeakRef        owner;
  guint64         chunk_id;
  TpSpellJobDone  done;

  /* Results. CHECK: misspelled words (TpWord, relative to text). SUGGEST: suggestions. */
  GArray         *misspelled;
  char          **suggestions;
  GError         *error;
};

TpSpellJob *tp_spell_job_new  (TpSpellJobKind   kind,
                               TpSpellPriority  priority,
                               const char      *language,
                               const char      *text,
                               gssize           length);
void        tp_spell_job_free (TpSpellJob      *job);

/* What the spell thread owns: the Hunspell handles and the word → verdict caches. Used by one
 * thread at a time. */
typedef struct _TpSpellWorker TpSpellWorker;

TpSpellWorker *tp_spell_worker_new   (GPtrArray     *dictionaries);
void           tp_spell_worker_free  (TpSpellWorker *worker);
void           tp_spell_worker_run   (TpSpellWorker *worker,
                                      TpSpellJob    *job);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpSpellJob, tp_spell_job_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpSpellWorker, tp_spell_worker_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-spell-service"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-spell-service.h"
#include "tp-executor.h"
#include "tp-tsan.h"

/* What all documents share for spelling: the list of dictionaries, the settings and the spell
 * thread. Lives on the main thread. */
struct _TpSpellService
{
  GObject     parent_instance;

  GSettings  *settings;
  GPtrArray  *dictionaries;
  /* Runs the jobs, in the order of their priority then of their arrival, on the spell thread
   * or inline. */
  TpExecutor *executor;
  guint64     next_sequence;
};

G_DEFINE_FINAL_TYPE (TpSpellService, tp_spell_service, G_TYPE_OBJECT)

enum {
  WORD_ACCEPTED,
  WORD_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
compare_jobs (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const TpSpellJob *job_a = a;
  const TpSpellJob *job_b = b;

  if (job_a->priority != job_b->priority)
    return job_a->priority < job_b->priority ? -1 : 1;
  return job_a->sequence < job_b->sequence ? -1 : job_a->sequence > job_b->sequence;
}

static gboolean
deliver_result (gpointer user_data)
{
  TpSpellJob *job = user_data;

  TP_HANDOFF_RECEIVE (job);
  TP_HANDOFF_RECEIVE (g_main_current_source ());
  if (job->done != NULL)
    job->done (job);
  return G_SOURCE_REMOVE;
}

/* Runs a job, wherever the executor runs it, and hands the result to the main context after
 * input and drawing (see TP_SPELL_MAIN_PRIORITY). Not g_main_context_invoke (): when no thread
 * owns the context at that instant, it would run the callback right here, on the spell thread,
 * inside GTK. */
static void
run_job (gpointer worker,
         gpointer data)
{
  TpSpellJob *job = data;
  GSource *source;

  tp_spell_worker_run (worker, job);
  source = g_idle_source_new ();
  TP_HANDOFF_SEND (job);
  g_source_set_priority (source, TP_SPELL_MAIN_PRIORITY);
  g_source_set_callback (source, deliver_result, job, (GDestroyNotify) tp_spell_job_free);
  g_source_set_static_name (source, "[threadpad] spell result");
  TP_HANDOFF_SEND (source);
  g_source_attach (source, g_main_context_default ());
  g_source_unref (source);
}

static const TpExecutorFuncs spell_funcs = {
  .run = run_job,
  .drop = (void (*) (gpointer)) tp_spell_job_free,
  .compare = compare_jobs,
};

static void
tp_spell_service_dispose (GObject *object)
{
  TpSpellService *self = TP_SPELL_SERVICE (object);

  tp_spell_service_shutdown (self);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->dictionaries, g_ptr_array_unref);

  G_OBJECT_CLASS (tp_spell_service_parent_class)->dispose (object);
}

static void
tp_spell_service_class_init (TpSpellServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tp_spell_service_dispose;

  /* A word became correct for a language (NULL: for every language): documents drop its
   * underlines. */
  signals[WORD_ACCEPTED] =
    g_signal_new ("word-accepted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /* The personal dictionary could not be written; the argument says why. */
  signals[WORD_ERROR] =
    g_signal_new ("word-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
tp_spell_service_init (TpSpellService *self)
{
}

TpSpellService *
tp_spell_service_new (GSettings *settings)
{
  TpSpellService *self = g_object_new (TP_TYPE_SPELL_SERVICE, NULL);

  self->settings = g_object_ref (settings);
  self->dictionaries = tp_dictionary_list_available ();
  self->executor = tp_executor_new ("spell", &spell_funcs,
                                    tp_spell_worker_new (self->dictionaries), TRUE);
  return self;
}

GPtrArray *
tp_spell_service_get_dictionaries (TpSpellService *self)
{
  g_return_val_if_fail (TP_IS_SPELL_SERVICE (self), NULL);
  return self->dictionaries;
}

const char *
tp_spell_service_get_language_name (TpSpellService *self,
                                    const char     *code)
{
  TpDictionaryInfo *info;

  g_return_val_if_fail (TP_IS_SPELL_SERVICE (self), NULL);
  info = tp_dictionary_info_find (self->dictionaries, code);
  return info ? info->name : code;
}

/* The language new documents are checked in: the setting if its dictionary is there, else one
 * that matches the locale, else en_US; NULL when no dictionary is installed. */
char *
tp_spell_service_get_default_language (TpSpellService *self)
{
  g_autofree char *preferred = NULL;

  g_return_val_if_fail (TP_IS_SPELL_SERVICE (self), NULL);
  preferred = g_settings_get_string (self->settings, "spell-language");
  return tp_dictionary_pick_default (self->dictionaries, preferred);
}

void
tp_spell_service_submit (TpSpellService *self,
                         TpSpellJob     *job)
{
  g_return_if_fail (TP_IS_SPELL_SERVICE (self));

  if (self->executor == NULL)
    {
      tp_spell_job_free (job);
      return;
    }
  job->sequence = self->next_sequence++;
  tp_executor_push (self->executor, job);
}

static void
on_word_job_done (TpSpellJob *job)
{
  g_autoptr(TpSpellService) self = g_weak_ref_get (&job->owner);

  if (self == NULL)
    return;
  if (job->error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” could not be added to your personal "
                                                    "dictionary: %s"), job->text,
                                                  job->error->message);
      g_signal_emit (self, signals[WORD_ERROR], 0, message);
    }
}

static void
submit_word_job (TpSpellService *self,
                 TpSpellJobKind  kind,
                 const char     *language,
                 const char     *word)
{
  TpSpellJob *job = tp_spell_job_new (kind, TP_SPELL_PRIORITY_WORDS, language, word, -1);

  g_weak_ref_set (&job->owner, self);
  job->done = on_word_job_done;
  tp_spell_service_submit (self, job);
}

/* Adds a word to the personal dictionary of a language; every document drops its underlines
 * at once, before the spell thread has even seen the word. */
void
tp_spell_service_add_word (TpSpellService *self,
                           const char     *language,
                           const char     *word)
{
  g_return_if_fail (TP_IS_SPELL_SERVICE (self));

  submit_word_job (self, TP_SPELL_JOB_ADD_WORD, language, word);
  g_signal_emit (self, signals[WORD_ACCEPTED], 0, language, word);
}

/* Accepts a word in every language until Threadpad quits. */
void
tp_spell_service_ignore_word (TpSpellService *self,
                              const char     *word)
{
  g_return_if_fail (TP_IS_SPELL_SERVICE (self));

  submit_word_job (self, TP_SPELL_JOB_IGNORE_WORD, NULL, word);
  g_signal_emit (self, signals[WORD_ACCEPTED], 0, NULL, word);
}

/* Stops the spell thread: jobs still queued are dropped, the one running finishes. */
void
tp_spell_service_shutdown (TpSpellService *self)
{
  g_return_if_fail (TP_IS_SPELL_SERVICE (self));

  if (self->executor != NULL)
    tp_spell_worker_free (tp_executor_stop (g_steal_pointer (&self->executor),
                                            TP_EXECUTOR_DROP_QUEUED));
}

/* Where the jobs run; NULL after shutdown. */
TpExecutor *
tp_spell_service_get_executor (TpSpellService *self)
{
  g_return_val_if_fail (TP_IS_SPELL_SERVICE (self), NULL);
  return self->executor;
}

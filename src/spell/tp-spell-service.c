/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-spell-service"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-spell-service.h"
#include "tp-spell-thread.h"

/* What all documents share for spelling: the list of dictionaries, the settings and the spell
 * thread. Lives on the main thread. */
struct _TpSpellService
{
  GObject        parent_instance;

  GSettings     *settings;
  GPtrArray     *dictionaries;
  TpSpellThread *thread;
};

G_DEFINE_FINAL_TYPE (TpSpellService, tp_spell_service, G_TYPE_OBJECT)

enum {
  WORD_ACCEPTED,
  WORD_ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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
  self->thread = tp_spell_thread_new (tp_spell_worker_new (self->dictionaries),
                                      g_main_context_default ());
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

  if (self->thread == NULL)
    {
      tp_spell_job_free (job);
      return;
    }
  tp_spell_thread_push (self->thread, job);
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

  if (self->thread != NULL)
    tp_spell_worker_free (tp_spell_thread_stop (g_steal_pointer (&self->thread)));
}

/* Time the spell thread has spent running jobs, and how many it ran. */
gint64
tp_spell_service_get_busy_usec (TpSpellService *self,
                                guint64        *jobs_done)
{
  g_return_val_if_fail (TP_IS_SPELL_SERVICE (self), 0);
  if (self->thread == NULL)
    {
      *jobs_done = 0;
      return 0;
    }
  *jobs_done = tp_spell_thread_get_jobs_done (self->thread);
  return tp_spell_thread_get_busy_usec (self->thread);
}

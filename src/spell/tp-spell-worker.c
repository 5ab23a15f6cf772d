/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-spell-worker"

#include "config.h"

#include <glib/gi18n.h>

#include "tp-spell-worker.h"
#include "tp-tokenizer.h"

/* Past this many cached verdicts a language's cache starts over. */
#define VERDICT_CACHE_LIMIT 1000000

typedef struct
{
  TpDictionary *dictionary;
  GHashTable   *verdicts;        /* word → GINT_TO_POINTER (1 correct, 2 misspelled) */
  GPtrArray    *personal_words;
  char         *personal_path;
} Language;

struct _TpSpellWorker
{
  GPtrArray  *dictionaries;      /* TpDictionaryInfo, a copy of the main thread's list */
  GHashTable *languages;         /* code → Language */
  GHashTable *ignored;           /* words accepted for this session, in every language */
};

TpSpellJob *
tp_spell_job_new (TpSpellJobKind   kind,
                  TpSpellPriority  priority,
                  const char      *language,
                  const char      *text,
                  gssize           length)
{
  TpSpellJob *job = g_new0 (TpSpellJob, 1);

  job->kind = kind;
  job->priority = priority;
  job->language = g_strdup (language);
  job->length = length < 0 ? strlen (text) : (gsize) length;
  job->text = g_strndup (text, job->length);
  g_weak_ref_init (&job->owner, NULL);
  return job;
}

void
tp_spell_job_free (TpSpellJob *job)
{
  if (job == NULL)
    return;
  g_free (job->language);
  g_free (job->text);
  g_clear_object (&job->cancellable);
  g_weak_ref_clear (&job->owner);
  g_clear_pointer (&job->misspelled, g_array_unref);
  g_strfreev (job->suggestions);
  g_clear_error (&job->error);
  g_free (job);
}

static void
language_free (Language *language)
{
  tp_dictionary_free (language->dictionary);
  g_hash_table_unref (language->verdicts);
  g_ptr_array_unref (language->personal_words);
  g_free (language->personal_path);
  g_free (language);
}

static TpDictionaryInfo *
copy_info (const TpDictionaryInfo *info)
{
  TpDictionaryInfo *copy = g_new0 (TpDictionaryInfo, 1);

  copy->code = g_strdup (info->code);
  copy->name = g_strdup (info->name);
  copy->aff_path = g_strdup (info->aff_path);
  copy->dic_path = g_strdup (info->dic_path);
  return copy;
}

TpSpellWorker *
tp_spell_worker_new (GPtrArray *dictionaries)
{
  TpSpellWorker *worker = g_new0 (TpSpellWorker, 1);

  worker->dictionaries = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_dictionary_info_free);
  for (guint i = 0; i < dictionaries->len; i++)
    g_ptr_array_add (worker->dictionaries, copy_info (g_ptr_array_index (dictionaries, i)));
  worker->languages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) language_free);
  worker->ignored = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return worker;
}

void
tp_spell_worker_free (TpSpellWorker *worker)
{
  if (worker == NULL)
    return;
  g_ptr_array_unref (worker->dictionaries);
  g_hash_table_unref (worker->languages);
  g_hash_table_unref (worker->ignored);
  g_free (worker);
}

/* Opens a language's dictionary the first time it is needed, with its personal words. */
static Language *
worker_get_language (TpSpellWorker  *worker,
                     const char     *code,
                     GError        **error)
{
  Language *language = g_hash_table_lookup (worker->languages, code);
  TpDictionaryInfo *info;
  g_auto(GStrv) words = NULL;

  if (language != NULL)
    return language;

  info = tp_dictionary_info_find (worker->dictionaries, code);
  if (info == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("No spelling dictionary is installed for “%s”."), code);
      return NULL;
    }

  language = g_new0 (Language, 1);
  language->dictionary = tp_dictionary_new (info, error);
  if (language->dictionary == NULL)
    {
      g_free (language);
      return NULL;
    }
  language->verdicts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  language->personal_words = g_ptr_array_new_with_free_func (g_free);
  language->personal_path = tp_personal_dictionary_path (code);
  words = tp_personal_dictionary_load (language->personal_path);
  for (guint i = 0; words[i] != NULL; i++)
    {
      tp_dictionary_add_word (language->dictionary, words[i]);
      g_ptr_array_add (language->personal_words, g_strdup (words[i]));
    }
  g_hash_table_insert (worker->languages, g_strdup (code), language);
  return language;
}

static gboolean
worker_check_word (TpSpellWorker *worker,
                   Language      *language,
                   const char    *word,
                   gsize          length)
{
  g_autofree char *key = g_strndup (word, length);
  gpointer verdict = g_hash_table_lookup (language->verdicts, key);
  gboolean correct;

  if (verdict != NULL)
    return GPOINTER_TO_INT (verdict) == 1;

  correct = g_hash_table_contains (worker->ignored, key)
            || tp_dictionary_check (language->dictionary, word, (gssize) length);
  if (g_hash_table_size (language->verdicts) >= VERDICT_CACHE_LIMIT)
    g_hash_table_remove_all (language->verdicts);
  g_hash_table_insert (language->verdicts, g_steal_pointer (&key), GINT_TO_POINTER (correct ? 1 : 2));
  return correct;
}

typedef struct
{
  TpSpellWorker *worker;
  Language      *language;
  GArray        *misspelled;
} CheckRun;

static gboolean
check_one_word (const char   *text,
                const TpWord *word,
                gpointer      user_data)
{
  CheckRun *run = user_data;
  const char *at = text + word->byte_offset;

  /* With the dot that follows it, a word may be an abbreviation; without, one added or ignored. */
  if (!worker_check_word (run->worker, run->language, at, word->check_length)
      && (word->check_length == word->byte_length
          || !worker_check_word (run->worker, run->language, at, word->byte_length)))
    g_array_append_val (run->misspelled, *word);
  return TRUE;
}

static void
run_check (TpSpellWorker *worker,
           Language      *language,
           TpSpellJob    *job)
{
  CheckRun run = { worker, language, g_array_new (FALSE, FALSE, sizeof (TpWord)) };

  tp_tokenizer_foreach_word_with (tp_dictionary_get_word_rules (language->dictionary),
                                  job->text, job->length, check_one_word, &run);
  job->misspelled = run.misspelled;
}

static void
run_add_word (TpSpellWorker *worker,
              Language      *language,
              TpSpellJob    *job)
{
  const char *word = job->text;

  tp_dictionary_add_word (language->dictionary, word);
  g_hash_table_insert (language->verdicts, g_strdup (word), GINT_TO_POINTER (1));
  if (g_ptr_array_find_with_equal_func (language->personal_words, word, g_str_equal, NULL))
    return;

  g_ptr_array_add (language->personal_words, g_strdup (word));
  g_ptr_array_add (language->personal_words, NULL);
  tp_personal_dictionary_save (language->personal_path,
                               (const char *const *) language->personal_words->pdata,
                               &job->error);
  g_ptr_array_remove_index (language->personal_words, language->personal_words->len - 1);
}

static void
run_ignore_word (TpSpellWorker *worker,
                 TpSpellJob    *job)
{
  GHashTableIter iter;
  Language *language;

  g_hash_table_add (worker->ignored, g_strdup (job->text));
  g_hash_table_iter_init (&iter, worker->languages);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &language))
    g_hash_table_insert (language->verdicts, g_strdup (job->text), GINT_TO_POINTER (1));
}

/* Runs one job, on whichever thread owns the worker at the moment. */
void
tp_spell_worker_run (TpSpellWorker *worker,
                     TpSpellJob    *job)
{
  Language *language;

  if (job->cancellable != NULL && g_cancellable_is_cancelled (job->cancellable))
    return;
  if (job->kind == TP_SPELL_JOB_IGNORE_WORD)
    {
      run_ignore_word (worker, job);
      return;
    }

  language = worker_get_language (worker, job->language, &job->error);
  if (language == NULL)
    return;

  switch (job->kind)
    {
    case TP_SPELL_JOB_CHECK:
      run_check (worker, language, job);
      break;
    case TP_SPELL_JOB_SUGGEST:
      job->suggestions = tp_dictionary_suggest (language->dictionary, job->text,
                                                (gssize) job->length);
      break;
    case TP_SPELL_JOB_ADD_WORD:
      run_add_word (worker, language, job);
      break;
    case TP_SPELL_JOB_IGNORE_WORD:
      g_assert_not_reached ();
    }
}

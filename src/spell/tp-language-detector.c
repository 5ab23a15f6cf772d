/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-language-detector"

#include "config.h"

#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "tp-language-detector.h"
#include "tp-tokenizer.h"

/* A sample this long decides as well as the whole text (three languages of the tests are told
 * apart on 40 words), and checking it costs under a millisecond per dictionary. */
#define SAMPLE_WORDS 300
/* Fewer words say too little. */
#define MIN_WORDS 20
/* Below this share of words accepted, no installed dictionary is the text's language. */
#define MIN_SCORE 0.5
/* Another language must accept this much more than the current one to replace it: a text that
 * mixes two languages does not flip between them. */
#define SWITCH_MARGIN 0.1
/* The current or preferred language accepting this much is taken without loading the others;
 * any other, accepting nearly every word. */
#define EARLY_ACCEPT 0.9
#define NEARLY_ALL 0.97
/* A dictionary is not loaded when the sample's letters beyond ASCII that its TRY line lacks
 * (ä, ß for French, é, ç for German) are this share of the sample's letters: one word borrowed
 * from another language (café, naïve) is less. A TRY line this short says too little. */
#define MAX_FOREIGN_SHARE 0.005
#define MIN_FOREIGN_COUNT 3
#define MIN_TRY_LETTERS 15

typedef struct
{
  char   *code;
  double  score;      /* -1 until counted */
} Candidate;

struct _TpLanguageDetector
{
  GPtrArray      *words;
  GUnicodeScript  script;
  /* The sample's letters beyond ASCII, in lower case → how often; how many letters it has. */
  GHashTable     *accented;
  guint           letter_count;
  char           *current;
  char           *preferred;
  GArray         *candidates;   /* Candidate; NULL until the first step */
  guint           next;
  guint           loaded;
  gboolean        done;
  char           *result;
};

static gboolean
collect_word (const char   *text,
              const TpWord *word,
              gpointer      user_data)
{
  GPtrArray *words = user_data;

  /* One letter (a, y, à, I) is a word in too many languages to tell them apart. */
  if (word->char_length > 1)
    g_ptr_array_add (words, g_strndup (text + word->byte_offset, word->byte_length));
  return words->len < SAMPLE_WORDS;
}

static void
count_accented (TpLanguageDetector *self,
                const char         *letters)
{
  self->accented = g_hash_table_new (NULL, NULL);
  for (const char *p = letters; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_unichar_tolower (g_utf8_get_char (p));
      gpointer key = GUINT_TO_POINTER (c);

      if (!g_unichar_isalpha (c))
        continue;
      self->letter_count++;
      if (c >= 0x80)
        g_hash_table_insert (self->accented, key,
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (
                               g_hash_table_lookup (self->accented, key)) + 1));
    }
}

TpLanguageDetector *
tp_language_detector_new (const char *sample,
                          gssize      length,
                          const char *current,
                          const char *preferred)
{
  TpLanguageDetector *self = g_new0 (TpLanguageDetector, 1);
  gsize size = length < 0 ? strlen (sample) : (gsize) length;
  g_autoptr(GString) letters = g_string_new (NULL);

  self->words = g_ptr_array_new_with_free_func (g_free);
  tp_tokenizer_foreach_word (sample, size, collect_word, self->words);
  for (guint i = 0; i < self->words->len; i++)
    g_string_append (letters, g_ptr_array_index (self->words, i));
  self->script = tp_dictionary_majority_script (letters->str, (gssize) letters->len);
  count_accented (self, letters->str);
  self->current = g_strdup (current);
  self->preferred = g_strdup (preferred);
  return self;
}

static void
candidate_clear (Candidate *candidate)
{
  g_free (candidate->code);
}

void
tp_language_detector_free (TpLanguageDetector *self)
{
  if (self == NULL)
    return;
  g_ptr_array_unref (self->words);
  g_hash_table_unref (self->accented);
  g_clear_pointer (&self->candidates, g_array_unref);
  g_free (self->current);
  g_free (self->preferred);
  g_free (self->result);
  g_free (self);
}

/* "de_DE_frami" → "de", "ca_ES-valencia" → "ca", "sr@latin" → "sr". */
static char *
language_of (const char *code)
{
  return g_strndup (code, strcspn (code, "_-@"));
}

/* How well code stands for its language: the current one, then the preferred one, then the
 * language's home variant ("fr_FR", "de_DE"), then the shortest code. Higher is better. */
static int
rank_of (TpLanguageDetector *self,
         const char         *code)
{
  g_autofree char *language = language_of (code);
  g_autofree char *upper = g_ascii_strup (language, -1);
  g_autofree char *home = g_strconcat (language, "_", upper, NULL);

  if (g_strcmp0 (code, self->current) == 0)
    return 3000;
  if (g_strcmp0 (code, self->preferred) == 0)
    return 2000;
  if (g_str_equal (code, home))
    return 1000;
  return 999 - (int) MIN (strlen (code), 999);
}

static void
add_candidate (TpLanguageDetector *self,
               const char         *code)
{
  Candidate candidate = { g_strdup (code), -1 };

  g_array_append_val (self->candidates, candidate);
}

/* One candidate per language, the best that stands for it; the current language's first, then
 * the preferred one's, since they are likely to be taken early. */
static void
choose_candidates (TpLanguageDetector *self,
                   GPtrArray          *dictionaries)
{
  g_autoptr(GHashTable) best = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) languages = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < dictionaries->len; i++)
    {
      TpDictionaryInfo *info = g_ptr_array_index (dictionaries, i);
      char *language = language_of (info->code);
      TpDictionaryInfo *held = g_hash_table_lookup (best, language);

      if (held == NULL)
        g_ptr_array_add (languages, g_strdup (language));
      if (held == NULL || rank_of (self, info->code) > rank_of (self, held->code))
        g_hash_table_insert (best, language, info);
      else
        g_free (language);
    }

  self->candidates = g_array_new (FALSE, TRUE, sizeof (Candidate));
  g_array_set_clear_func (self->candidates, (GDestroyNotify) candidate_clear);
  /* Three passes: the current language, the preferred one, the others. */
  for (int pass = 0; pass < 3; pass++)
    for (guint i = 0; i < languages->len; i++)
      {
        TpDictionaryInfo *info = g_hash_table_lookup (best, g_ptr_array_index (languages, i));
        int rank = rank_of (self, info->code);

        if (pass == (rank >= 3000 ? 0 : rank >= 2000 ? 1 : 2))
          add_candidate (self, info->code);
      }
}

static double
score_of (TpLanguageDetector *self,
          TpDictionary       *dictionary)
{
  guint accepted = 0;

  for (guint i = 0; i < self->words->len; i++)
    accepted += tp_dictionary_check (dictionary, g_ptr_array_index (self->words, i), -1);
  return (double) accepted / self->words->len;
}

/* Whether the sample uses, often enough, letters that the dictionary's language has not. */
static gboolean
lacks_letters (TpLanguageDetector     *self,
               const TpDictionaryInfo *info)
{
  g_autofree char *letters = tp_dictionary_info_get_letters (info);
  g_autofree char *lower = NULL;
  GHashTableIter iter;
  gpointer letter, count;
  guint missing = 0;

  if (letters == NULL || g_utf8_strlen (letters, -1) < MIN_TRY_LETTERS)
    return FALSE;
  lower = g_utf8_strdown (letters, -1);
  g_hash_table_iter_init (&iter, self->accented);
  while (g_hash_table_iter_next (&iter, &letter, &count))
    if (g_utf8_strchr (lower, -1, GPOINTER_TO_UINT (letter)) == NULL)
      missing += GPOINTER_TO_UINT (count);
  return missing >= MIN_FOREIGN_COUNT && missing > MAX_FOREIGN_SHARE * self->letter_count;
}

/* Counts the words code's dictionary accepts; FALSE when it is not worth a step. */
static gboolean
count_candidate (TpLanguageDetector *self,
                 Candidate          *candidate,
                 GPtrArray          *dictionaries,
                 TpDetectorLookup    lookup,
                 gpointer            user_data)
{
  TpDictionaryInfo *info = tp_dictionary_info_find (dictionaries, candidate->code);
  TpDictionary *dictionary;
  g_autoptr(TpDictionary) loaded = NULL;
  GUnicodeScript script;

  if (info == NULL)
    return FALSE;
  dictionary = lookup != NULL ? lookup (candidate->code, user_data) : NULL;
  if (dictionary == NULL)
    {
      script = tp_dictionary_info_get_script (info);
      if ((script != G_UNICODE_SCRIPT_UNKNOWN && script != self->script)
          || lacks_letters (self, info))
        return FALSE;
      /* A broken dictionary is no candidate; the document says so if it is chosen. */
      dictionary = loaded = tp_dictionary_new (info, NULL);
      self->loaded++;
      if (dictionary == NULL)
        return TRUE;
    }
  candidate->score = score_of (self, dictionary);
  return TRUE;
}

/* The best candidate, kept only if it is clearly better than the current language. */
static void
decide (TpLanguageDetector *self)
{
  const Candidate *best = NULL;
  const Candidate *current = NULL;

  self->done = TRUE;
#ifdef __GLIBC__
  /* The dictionaries loaded and freed leave tens of megabytes of small free blocks that glibc
   * keeps (40 MB after ten Latin dictionaries): given back to the system. */
  if (self->loaded > 0)
    malloc_trim (0);
#endif
  for (guint i = 0; self->candidates != NULL && i < self->candidates->len; i++)
    {
      const Candidate *candidate = &g_array_index (self->candidates, Candidate, i);

      if (candidate->score < 0)
        continue;
      if (best == NULL || candidate->score > best->score)
        best = candidate;
      if (g_strcmp0 (candidate->code, self->current) == 0)
        current = candidate;
    }
  if (best == NULL || best->score < MIN_SCORE)
    return;
  if (current != NULL && best->score < current->score + SWITCH_MARGIN)
    best = current;
  self->result = g_strdup (best->code);
}

/* Does a step of the work: at most one dictionary loaded. TRUE when all is done. */
gboolean
tp_language_detector_step (TpLanguageDetector *self,
                           GPtrArray          *dictionaries,
                           TpDetectorLookup    lookup,
                           gpointer            user_data)
{
  if (self->done)
    return TRUE;
  if (self->words->len < MIN_WORDS || self->script == G_UNICODE_SCRIPT_UNKNOWN)
    {
      decide (self);
      return TRUE;
    }
  if (self->candidates == NULL)
    choose_candidates (self, dictionaries);

  while (self->next < self->candidates->len)
    {
      Candidate *candidate = &g_array_index (self->candidates, Candidate, self->next++);
      gboolean favoured = g_strcmp0 (candidate->code, self->current) == 0
                          || g_strcmp0 (candidate->code, self->preferred) == 0;

      if (!count_candidate (self, candidate, dictionaries, lookup, user_data))
        continue;
      if (candidate->score >= (favoured ? EARLY_ACCEPT : NEARLY_ALL))
        break;
      return FALSE;
    }
  decide (self);
  return TRUE;
}

gboolean
tp_language_detector_is_done (TpLanguageDetector *self)
{
  return self->done;
}

/* The language found, or NULL when none is: too few words, or none accepted enough of them. */
const char *
tp_language_detector_get_result (TpLanguageDetector *self)
{
  return self->result;
}

/* How many dictionaries were loaded for the decision (those borrowed not counted). */
guint
tp_language_detector_get_loaded (TpLanguageDetector *self)
{
  return self->loaded;
}

/* The share of the sample's words code's dictionary accepts; -1 when it was not tried. */
double
tp_language_detector_get_score (TpLanguageDetector *self,
                                const char         *code)
{
  for (guint i = 0; self->candidates != NULL && i < self->candidates->len; i++)
    {
      const Candidate *candidate = &g_array_index (self->candidates, Candidate, i);

      if (g_str_equal (candidate->code, code))
        return candidate->score;
    }
  return -1;
}

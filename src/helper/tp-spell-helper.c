/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "threadpad-spell"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helper/tp-helper-protocol.h"
#include "helper/tp-helper-sandbox.h"
#include "spell/tp-spell-worker.h"
#include "spell/tp-tokenizer.h"

/* threadpad-spell --socket-fd=N: a spell-checking helper process. It limits itself first, reads
 * requests from the socket the editor gave it, loads one dictionary (confined to reading that
 * dictionary's files before it parses them), and answers each request in turn. A crash or a
 * hang here costs the editor a restart of this process, never its window.
 *
 * For tests, THREADPAD_HELPER_FAULT makes it fail on demand: "crash:WORD" aborts and
 * "spin:WORD" never answers when a text to check holds WORD; "crash-on-load" aborts while the
 * dictionary loads. */

#define MAX_ADDRESS_SPACE ((guint64) 2 * 1024 * 1024 * 1024)
#define MAX_CPU_SECONDS   (30 * 60)

typedef struct
{
  int             fd;
  TpHelperLimits  limits;
  TpHelperReader *reader;
  TpSpellWorker  *worker;
  char           *language;
  const char     *fault;
} Helper;

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= n;
    }
  return TRUE;
}

static void
send_message (Helper          *helper,
              TpHelperMessage *message)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();

  tp_helper_message_encode (message, out);
  if (!write_all (helper->fd, out->data, out->len))
    _exit (1);
  tp_helper_message_free (message);
}

static void
send_failed (Helper     *helper,
             guint32     id,
             const char *why)
{
  TpHelperMessage *message = tp_helper_message_new (TP_HELPER_FAILED, id);

  tp_helper_message_add_string (message, why, MIN (strlen (why), 4000));
  send_message (helper, message);
}

/* The encoding a dictionary's .aff declares, read before the sandbox: its converter must be
 * loaded while the converter modules can still be read. */
static char *
read_declared_encoding (const char *aff_path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gsize length;

  if (!g_file_get_contents (aff_path, &contents, &length, NULL))
    return NULL;
  lines = g_strsplit (contents, "\n", 200);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "SET "))
      return g_strstrip (g_strdup (lines[i] + 4));
  return NULL;
}

static void
keep_converter_loaded (const char *aff_path)
{
  g_autofree char *encoding = read_declared_encoding (aff_path);
  GIConv converter;

  if (encoding == NULL || g_ascii_strcasecmp (encoding, "UTF-8") == 0)
    return;
  /* Kept open for the life of the process, so that its module stays loaded. */
  converter = g_iconv_open (encoding, "UTF-8");
  if (converter != (GIConv) -1)
    g_iconv_open ("UTF-8", encoding);
}

/* Runs one job of the spell worker in this process's language. */
static TpSpellJob *
run_job (Helper          *helper,
         TpSpellJobKind   kind,
         TpSpellPriority  priority,
         const char      *text)
{
  TpSpellJob *job = tp_spell_job_new (kind, priority, helper->language, text, -1);

  tp_spell_worker_run (helper->worker, job);
  return job;
}

static void
load (Helper          *helper,
      TpHelperMessage *message)
{
  const char *code = g_ptr_array_index (message->strings, 0);
  const char *aff = g_ptr_array_index (message->strings, 1);
  const char *dic = g_ptr_array_index (message->strings, 2);
  const char *readable[] = { aff, dic, NULL };
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_dictionary_info_free);
  TpDictionaryInfo *info = g_new0 (TpDictionaryInfo, 1);
  g_autoptr(TpSpellJob) probe = NULL;
  g_autoptr(GError) error = NULL;

  if (helper->worker != NULL)
    {
      send_failed (helper, message->id, "a dictionary is loaded already");
      return;
    }
  keep_converter_loaded (aff);
  if (tp_helper_sandbox_confine (&helper->limits, readable, &error) == 0)
    {
      send_failed (helper, message->id, error->message);
      return;
    }
  if (g_strcmp0 (helper->fault, "crash-on-load") == 0)
    abort ();
  info->code = g_strdup (code);
  info->name = g_strdup (code);
  info->aff_path = g_strdup (aff);
  info->dic_path = g_strdup (dic);
  g_ptr_array_add (infos, info);
  helper->worker = tp_spell_worker_new (infos);
  helper->language = g_strdup (code);
  /* The dictionary is read now, so that a broken one says so at once. */
  probe = run_job (helper, TP_SPELL_JOB_CHECK, TP_SPELL_PRIORITY_URGENT, "a");
  if (probe->error != NULL)
    {
      send_failed (helper, message->id, probe->error->message);
      return;
    }
  send_message (helper, tp_helper_message_new (TP_HELPER_READY, message->id));
}

/* The faults tests ask for, on the word given. */
static gboolean
on_fault_word (const char   *text,
               const TpWord *word,
               gpointer      user_data)
{
  const char *wanted = user_data;
  gboolean crash = g_str_has_prefix (wanted, "crash:");
  const char *target = strchr (wanted, ':') + 1;

  if (word->byte_length != strlen (target)
      || strncmp (text + word->byte_offset, target, word->byte_length) != 0)
    return TRUE;
  if (crash)
    abort ();
  for (;;)
    pause ();
}

static void
check (Helper          *helper,
       TpHelperMessage *message)
{
  const char *text = g_ptr_array_index (message->strings, 0);
  g_autoptr(TpSpellJob) job = NULL;
  TpHelperMessage *answer;

  if (helper->fault != NULL && strchr (helper->fault, ':') != NULL)
    tp_tokenizer_foreach_word (text, strlen (text), on_fault_word, (gpointer) helper->fault);
  job = run_job (helper, TP_SPELL_JOB_CHECK, TP_SPELL_PRIORITY_BACKGROUND, text);
  if (job->error != NULL)
    {
      send_failed (helper, message->id, job->error->message);
      return;
    }
  answer = tp_helper_message_new (TP_HELPER_CHECKED, message->id);
  for (guint i = 0; job->misspelled != NULL && i < job->misspelled->len; i++)
    {
      TpWord *word = &g_array_index (job->misspelled, TpWord, i);

      tp_helper_message_add_span (answer, (guint32) word->char_offset,
                                  (guint32) word->char_length);
    }
  send_message (helper, answer);
}

static void
suggest (Helper          *helper,
         TpHelperMessage *message)
{
  const char *word = g_ptr_array_index (message->strings, 0);
  g_autoptr(TpSpellJob) job = run_job (helper, TP_SPELL_JOB_SUGGEST, TP_SPELL_PRIORITY_URGENT,
                                       word);
  TpHelperMessage *answer = tp_helper_message_new (TP_HELPER_SUGGESTIONS, message->id);

  for (guint i = 0; job->suggestions != NULL && job->suggestions[i] != NULL
                    && i < TP_HELPER_MAX_SUGGESTIONS; i++)
    if (strlen (job->suggestions[i]) <= TP_HELPER_MAX_WORD_BYTES)
      tp_helper_message_add_string (answer, job->suggestions[i], -1);
  send_message (helper, answer);
}

/* Words added or ignored count for this process only: the editor keeps the personal word list
 * on disk, and a helper writes no file. */
static void
take_word (Helper          *helper,
           TpHelperMessage *message)
{
  const char *word = g_ptr_array_index (message->strings, 0);
  g_autoptr(TpSpellJob) job = run_job (helper, TP_SPELL_JOB_IGNORE_WORD, TP_SPELL_PRIORITY_WORDS,
                                       word);

  send_message (helper, tp_helper_message_new (TP_HELPER_DONE, message->id));
}

static void
handle (Helper          *helper,
        TpHelperMessage *message)
{
  TpHelperMessage *answer;

  switch (message->kind)
    {
    case TP_HELPER_HELLO:
      answer = tp_helper_message_new (TP_HELPER_READY, message->id);
      answer->version = TP_HELPER_PROTOCOL_VERSION;
      send_message (helper, answer);
      return;
    case TP_HELPER_LOAD:
      load (helper, message);
      return;
    default:
      break;
    }
  if (helper->worker == NULL)
    {
      send_failed (helper, message->id, "no dictionary is loaded");
      return;
    }
  if (message->kind == TP_HELPER_CHECK)
    check (helper, message);
  else if (message->kind == TP_HELPER_SUGGEST)
    suggest (helper, message);
  else
    take_word (helper, message);
}

static int
serve (Helper *helper)
{
  guint8 buffer[65536];

  for (;;)
    {
      gssize n = read (helper->fd, buffer, sizeof buffer);
      TpHelperMessage *message;
      g_autoptr(GError) error = NULL;

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return n == 0 ? 0 : 1;
      tp_helper_reader_feed (helper->reader, buffer, n);
      while ((message = tp_helper_reader_next (helper->reader, &error)) != NULL)
        {
          handle (helper, message);
          tp_helper_message_free (message);
        }
      if (error != NULL)
        {
          g_printerr ("threadpad-spell: %s\n", error->message);
          return 1;
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  Helper helper = { .fd = -1 };
  g_autoptr(GError) error = NULL;
  int status;

  for (int i = 1; i < argc; i++)
    if (g_str_has_prefix (argv[i], "--socket-fd="))
      helper.fd = atoi (argv[i] + strlen ("--socket-fd="));
  if (helper.fd < 0)
    {
      g_printerr ("usage: threadpad-spell --socket-fd=N\n");
      return 2;
    }
  helper.limits.max_address_space = MAX_ADDRESS_SPACE;
  helper.limits.max_cpu_seconds = MAX_CPU_SECONDS;
  helper.limits.socket_fd = helper.fd;
  helper.fault = g_getenv ("THREADPAD_HELPER_FAULT");
  if (!tp_helper_sandbox_limit (&helper.limits, &error))
    {
      g_printerr ("threadpad-spell: %s\n", error->message);
      return 2;
    }
  signal (SIGPIPE, SIG_IGN);
  helper.reader = tp_helper_reader_new (TP_HELPER_FROM_EDITOR, TP_HELPER_MAX_PAYLOAD);
  status = serve (&helper);
  /* No exit handlers: some would make system calls the sandbox refuses. */
  _exit (status);
}

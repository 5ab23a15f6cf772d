/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-helper-client"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tp-helper-client.h"

/* Starting a helper and loading its dictionary may take this long. */
#define LOAD_TIMEOUT_MS 30000
/* The pause before a restart doubles with each death in a row, from this to the most. */
#define FIRST_RESTART_DELAY_MS 100
#define MAX_RESTART_DELAY_MS 5000
/* A helper that dies while loading this many times in a row is given up on. */
#define MAX_LOAD_CRASHES 2

G_DEFINE_QUARK (tp-helper-client-error-quark, tp_helper_client_error)

typedef struct
{
  TpHelperMessage    *message;
  guint               timeout_ms;
  TpHelperClientFunc  func;
  gpointer            user_data;
  glong               text_chars;    /* CHECK: the characters the spans must lie in */
} Request;

typedef enum
{
  STATE_STOPPED,      /* no process: one is started for the next request */
  STATE_STARTING,     /* HELLO and LOAD asked, not yet answered */
  STATE_RUNNING,
  STATE_PAUSED,       /* waiting before a restart */
  STATE_UNUSABLE,     /* the dictionary cannot be loaded: every request fails */
  STATE_CLOSED,
} State;

struct _TpHelperClient
{
  GObject         parent_instance;

  char           *helper_path;
  char           *language;
  char           *aff_path;
  char           *dic_path;
  char          **words;          /* taken by every helper after its dictionary */

  State           state;
  char           *unusable_reason;
  GSubprocess    *process;
  int             fd;
  guint           read_source;
  guint           write_source;
  GByteArray     *output;
  TpHelperReader *reader;
  guint32         next_id;

  GQueue          queue;          /* Request, waiting; the head is in flight when sent */
  gboolean        head_sent;
  guint32         head_id;
  guint           deadline_source;
  guint           restart_source;
  /* While starting: the answers still awaited (HELLO's, then LOAD's). */
  guint           start_answers;
  guint           deaths_in_a_row;
  guint           load_deaths;

  TpHelperClientStats stats;
};

G_DEFINE_FINAL_TYPE (TpHelperClient, tp_helper_client, G_TYPE_OBJECT)

static void send_head      (TpHelperClient *self);
static void helper_died    (TpHelperClient *self,
                            TpHelperClientError why,
                            const char    *message);

static void
request_free (Request *request)
{
  tp_helper_message_free (request->message);
  g_free (request);
}

static void
finish_request (TpHelperClient  *self,
                Request         *request,
                TpHelperMessage *answer,
                const GError    *error)
{
  if (request->func != NULL)
    request->func (self, answer, error, request->user_data);
  else
    tp_helper_message_free (answer);
  request_free (request);
}

/* Fails every request waiting, with code and message. */
static void
fail_all (TpHelperClient      *self,
          TpHelperClientError  code,
          const char          *message)
{
  g_autoptr(GError) error = g_error_new_literal (TP_HELPER_CLIENT_ERROR, code, message);
  Request *request;

  self->head_sent = FALSE;
  g_clear_handle_id (&self->deadline_source, g_source_remove);
  while ((request = g_queue_pop_head (&self->queue)) != NULL)
    finish_request (self, request, NULL, error);
}

/* Process and socket */

static void
stop_process (TpHelperClient *self)
{
  g_clear_handle_id (&self->read_source, g_source_remove);
  g_clear_handle_id (&self->write_source, g_source_remove);
  g_clear_handle_id (&self->deadline_source, g_source_remove);
  if (self->fd >= 0)
    close (self->fd);
  self->fd = -1;
  /* Reaped without waiting: GSubprocess's own child watch collects it. */
  if (self->process != NULL)
    g_subprocess_force_exit (self->process);
  g_clear_object (&self->process);
  g_clear_pointer (&self->reader, tp_helper_reader_free);
  g_byte_array_set_size (self->output, 0);
  self->stats.pid = 0;
}

static gboolean on_writable (int fd, GIOCondition condition, gpointer user_data);

/* Writes what it can now; the rest when the socket can take it. A helper that went is noticed
 * by the reading side, which sees the socket close. */
static void
flush_output (TpHelperClient *self)
{
  while (self->output->len > 0)
    {
      gssize n = write (self->fd, self->output->data, self->output->len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        {
          if (self->write_source == 0)
            self->write_source = g_unix_fd_add (self->fd, G_IO_OUT, on_writable, self);
          return;
        }
      if (n <= 0)
        {
          g_byte_array_set_size (self->output, 0);
          break;
        }
      g_byte_array_remove_range (self->output, 0, n);
    }
  g_clear_handle_id (&self->write_source, g_source_remove);
}

static gboolean
on_writable (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  TpHelperClient *self = user_data;

  self->write_source = 0;
  flush_output (self);
  return G_SOURCE_REMOVE;
}

static void
queue_message (TpHelperClient  *self,
               TpHelperMessage *message)
{
  tp_helper_message_encode (message, self->output);
  flush_output (self);
}

static gboolean
on_deadline (gpointer user_data)
{
  TpHelperClient *self = user_data;

  self->deadline_source = 0;
  helper_died (self, TP_HELPER_CLIENT_ERROR_TIMED_OUT, NULL);
  return G_SOURCE_REMOVE;
}

static void answer_arrived (TpHelperClient  *self,
                            TpHelperMessage *answer);

static gboolean
on_readable (int          fd,
             GIOCondition condition,
             gpointer     user_data)
{
  g_autoptr(TpHelperClient) self = g_object_ref (user_data);
  guint8 buffer[65536];
  gssize n = read (fd, buffer, sizeof buffer);
  TpHelperMessage *answer;
  g_autoptr(GError) error = NULL;

  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return G_SOURCE_CONTINUE;
  if (n <= 0)
    {
      self->read_source = 0;
      helper_died (self, TP_HELPER_CLIENT_ERROR_CRASHED, NULL);
      return G_SOURCE_REMOVE;
    }
  tp_helper_reader_feed (self->reader, buffer, n);
  while (self->reader != NULL && (answer = tp_helper_reader_next (self->reader, &error)) != NULL)
    answer_arrived (self, answer);
  if (error != NULL)
    {
      self->read_source = 0;
      helper_died (self, TP_HELPER_CLIENT_ERROR_CRASHED, error->message);
      return G_SOURCE_REMOVE;
    }
  return self->read_source != 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
send_start (TpHelperClient *self)
{
  TpHelperMessage *hello = tp_helper_message_new (TP_HELPER_HELLO, self->next_id++);
  TpHelperMessage *load = tp_helper_message_new (TP_HELPER_LOAD, self->next_id++);

  hello->version = TP_HELPER_PROTOCOL_VERSION;
  tp_helper_message_add_string (load, self->language, -1);
  tp_helper_message_add_string (load, self->aff_path, -1);
  tp_helper_message_add_string (load, self->dic_path, -1);
  queue_message (self, hello);
  queue_message (self, load);
  tp_helper_message_free (hello);
  tp_helper_message_free (load);
  self->start_answers = 2;
  for (guint i = 0; self->words != NULL && self->words[i] != NULL; i++)
    {
      TpHelperMessage *word = tp_helper_message_new (TP_HELPER_ADD_WORD, self->next_id++);

      tp_helper_message_add_string (word, self->words[i], -1);
      queue_message (self, word);
      tp_helper_message_free (word);
      self->start_answers++;
    }
  self->deadline_source = g_timeout_add (LOAD_TIMEOUT_MS, on_deadline, self);
}

static void
start_process (TpHelperClient *self)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  int sockets[2];

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets) != 0)
    {
      self->state = STATE_UNUSABLE;
      self->unusable_reason = g_strdup (g_strerror (errno));
      fail_all (self, TP_HELPER_CLIENT_ERROR_UNUSABLE, self->unusable_reason);
      return;
    }
  g_subprocess_launcher_take_fd (launcher, sockets[1], 3);
  self->process = g_subprocess_launcher_spawn (launcher, &error, self->helper_path,
                                               "--socket-fd=3", NULL);
  if (self->process == NULL)
    {
      close (sockets[0]);
      self->state = STATE_UNUSABLE;
      self->unusable_reason = g_strdup (error->message);
      fail_all (self, TP_HELPER_CLIENT_ERROR_UNUSABLE, self->unusable_reason);
      return;
    }
  self->fd = sockets[0];
  g_unix_set_fd_nonblocking (self->fd, TRUE, NULL);
  self->reader = tp_helper_reader_new (TP_HELPER_FROM_HELPER, TP_HELPER_MAX_PAYLOAD);
  self->read_source = g_unix_fd_add (self->fd, G_IO_IN | G_IO_HUP | G_IO_ERR, on_readable, self);
  self->stats.pid = atoi (g_subprocess_get_identifier (self->process));
  self->stats.starts++;
  self->state = STATE_STARTING;
  send_start (self);
}

static gboolean
on_restart_due (gpointer user_data)
{
  TpHelperClient *self = user_data;

  self->restart_source = 0;
  self->state = STATE_STOPPED;
  send_head (self);
  return G_SOURCE_REMOVE;
}

/* The helper died, or was killed for missing a deadline, or broke the protocol: the request it
 * was on fails, the others wait for the next helper. */
static void
helper_died (TpHelperClient      *self,
             TpHelperClientError  why,
             const char          *message)
{
  gboolean loading = self->state == STATE_STARTING;
  Request *head;
  guint delay;

  if (self->state == STATE_CLOSED)
    return;
  head = self->head_sent ? g_queue_pop_head (&self->queue) : NULL;
  stop_process (self);
  /* Before any callback: one that asks again must find the helper gone. */
  self->state = STATE_PAUSED;
  self->stats.crashes++;
  self->head_sent = FALSE;
  self->deaths_in_a_row++;
  if (loading && ++self->load_deaths >= MAX_LOAD_CRASHES)
    {
      self->state = STATE_UNUSABLE;
      self->unusable_reason = g_strdup (_("The spelling dictionary made the spell checker stop "
                                          "while it was loading."));
      if (head != NULL)
        g_queue_push_head (&self->queue, head);
      fail_all (self, TP_HELPER_CLIENT_ERROR_UNUSABLE, self->unusable_reason);
      return;
    }
  if (head != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (TP_HELPER_CLIENT_ERROR, why,
                                                     message ? message
                                                     : why == TP_HELPER_CLIENT_ERROR_TIMED_OUT
                                                     ? "the helper missed its deadline"
                                                     : "the helper stopped");

      finish_request (self, head, NULL, error);
    }
  if (self->state == STATE_CLOSED)
    return;
  delay = MIN (MAX_RESTART_DELAY_MS, FIRST_RESTART_DELAY_MS << MIN (self->deaths_in_a_row - 1, 6));
  self->restart_source = g_timeout_add (delay, on_restart_due, self);
}

/* Answers */

static gboolean
spans_fit (const TpHelperMessage *answer,
           glong                  text_chars)
{
  const TpHelperSpan *last;

  if (answer->spans->len == 0)
    return TRUE;
  last = &g_array_index (answer->spans, TpHelperSpan, answer->spans->len - 1);
  return (guint64) last->start + last->length <= (guint64) text_chars;
}

/* Whether answer is one the request may get. */
static gboolean
answer_fits (const Request         *request,
             const TpHelperMessage *answer)
{
  if (answer->kind == TP_HELPER_FAILED)
    return TRUE;
  switch (request->message->kind)
    {
    case TP_HELPER_CHECK:
      return answer->kind == TP_HELPER_CHECKED && spans_fit (answer, request->text_chars);
    case TP_HELPER_SUGGEST:
      return answer->kind == TP_HELPER_SUGGESTIONS;
    case TP_HELPER_ADD_WORD:
    case TP_HELPER_IGNORE_WORD:
      return answer->kind == TP_HELPER_DONE;
    default:
      return FALSE;
    }
}

/* While starting, the answers come in the order asked: HELLO's, LOAD's, then one DONE for each
 * word. */
static void
start_answer_arrived (TpHelperClient  *self,
                      TpHelperMessage *answer)
{
  guint32 expected = self->next_id - self->start_answers;
  guint32 first = self->next_id - 2 - (self->words ? g_strv_length (self->words) : 0);
  gboolean hello = expected == first;
  TpHelperKind wanted = expected <= first + 1 ? TP_HELPER_READY : TP_HELPER_DONE;

  if (answer->kind == TP_HELPER_FAILED && expected == first + 1)
    {
      g_clear_handle_id (&self->deadline_source, g_source_remove);
      stop_process (self);
      self->state = STATE_UNUSABLE;
      self->unusable_reason = g_strdup (g_ptr_array_index (answer->strings, 0));
      tp_helper_message_free (answer);
      fail_all (self, TP_HELPER_CLIENT_ERROR_UNUSABLE, self->unusable_reason);
      return;
    }
  if (answer->kind != wanted || answer->id != expected
      || (hello && answer->version != TP_HELPER_PROTOCOL_VERSION))
    {
      tp_helper_message_free (answer);
      helper_died (self, TP_HELPER_CLIENT_ERROR_CRASHED, "an answer out of place");
      return;
    }
  tp_helper_message_free (answer);
  if (--self->start_answers > 0)
    return;
  g_clear_handle_id (&self->deadline_source, g_source_remove);
  self->load_deaths = 0;
  self->state = STATE_RUNNING;
  send_head (self);
}

static void
answer_arrived (TpHelperClient  *self,
                TpHelperMessage *answer)
{
  Request *head;

  if (self->state == STATE_STARTING)
    {
      start_answer_arrived (self, answer);
      return;
    }
  head = g_queue_peek_head (&self->queue);
  if (!self->head_sent || head == NULL || answer->id != self->head_id || !answer_fits (head, answer))
    {
      tp_helper_message_free (answer);
      helper_died (self, TP_HELPER_CLIENT_ERROR_CRASHED, "an answer that does not fit");
      return;
    }
  g_queue_pop_head (&self->queue);
  self->head_sent = FALSE;
  g_clear_handle_id (&self->deadline_source, g_source_remove);
  self->deaths_in_a_row = 0;
  self->stats.requests++;
  if (answer->kind == TP_HELPER_FAILED)
    {
      g_autoptr(GError) error = g_error_new_literal (TP_HELPER_CLIENT_ERROR,
                                                     TP_HELPER_CLIENT_ERROR_FAILED,
                                                     g_ptr_array_index (answer->strings, 0));

      tp_helper_message_free (answer);
      finish_request (self, head, NULL, error);
    }
  else
    finish_request (self, head, answer, NULL);
  if (self->state == STATE_RUNNING)
    send_head (self);
}

/* Sends the request at the head of the queue, starting a helper first if there is none. */
static void
send_head (TpHelperClient *self)
{
  Request *head = g_queue_peek_head (&self->queue);

  if (head == NULL || self->head_sent)
    return;
  switch (self->state)
    {
    case STATE_STOPPED:
      start_process (self);
      return;
    case STATE_RUNNING:
      break;
    default:
      return;
    }
  head->message->id = self->head_id = self->next_id++;
  self->head_sent = TRUE;
  queue_message (self, head->message);
  if (self->head_sent && self->deadline_source == 0)
    self->deadline_source = g_timeout_add (head->timeout_ms, on_deadline, self);
}

/* Public */

/* Where threadpad-spell is: THREADPAD_SPELL_HELPER if set, beside the running program (a build
 * tree), or where it is installed. */
char *
tp_helper_client_find_program (void)
{
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *beside = NULL;

  if (g_getenv ("THREADPAD_SPELL_HELPER") != NULL)
    return g_strdup (g_getenv ("THREADPAD_SPELL_HELPER"));
  if (self_path != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_path);

      beside = g_build_filename (dir, "threadpad-spell", NULL);
      if (g_file_test (beside, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&beside);
    }
  return g_build_filename (LIBEXECDIR, "threadpad-spell", NULL);
}

/* words: added to every helper's dictionary after it loads (the personal word list). */
TpHelperClient *
tp_helper_client_new (const char        *helper_path,
                      const char        *language,
                      const char        *aff_path,
                      const char        *dic_path,
                      const char *const *words)
{
  TpHelperClient *self = g_object_new (TP_TYPE_HELPER_CLIENT, NULL);

  self->helper_path = g_strdup (helper_path);
  self->language = g_strdup (language);
  self->aff_path = g_strdup (aff_path);
  self->dic_path = g_strdup (dic_path);
  self->words = g_strdupv ((char **) words);
  return self;
}

/* Takes request (CHECK, SUGGEST, ADD_WORD or IGNORE_WORD); func gets its answer, or why there
 * is none, from the main loop; only a request refused at once (the dictionary cannot be used,
 * the client is closed, no helper can be started) is answered before this returns. */
void
tp_helper_client_request (TpHelperClient     *self,
                          TpHelperMessage    *request,
                          guint               timeout_ms,
                          TpHelperClientFunc  func,
                          gpointer            user_data)
{
  Request *queued = g_new0 (Request, 1);

  g_return_if_fail (TP_IS_HELPER_CLIENT (self));

  queued->message = request;
  queued->timeout_ms = timeout_ms;
  queued->func = func;
  queued->user_data = user_data;
  if (request->kind == TP_HELPER_CHECK)
    queued->text_chars = g_utf8_strlen (g_ptr_array_index (request->strings, 0), -1);
  g_queue_push_tail (&self->queue, queued);
  if (self->state == STATE_UNUSABLE || self->state == STATE_CLOSED)
    {
      g_autoptr(GError) error = g_error_new_literal (
        TP_HELPER_CLIENT_ERROR,
        self->state == STATE_CLOSED ? TP_HELPER_CLIENT_ERROR_CLOSED : TP_HELPER_CLIENT_ERROR_UNUSABLE,
        self->unusable_reason ? self->unusable_reason : "closed");

      g_queue_remove (&self->queue, queued);
      finish_request (self, queued, NULL, error);
      return;
    }
  send_head (self);
}

void
tp_helper_client_get_stats (TpHelperClient      *self,
                            TpHelperClientStats *stats)
{
  g_autofree char *statm = NULL;

  g_return_if_fail (TP_IS_HELPER_CLIENT (self));

  *stats = self->stats;
  stats->rss_bytes = 0;
  if (self->stats.pid > 0)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%d/statm", self->stats.pid);
      guint64 size, resident;

      if (g_file_get_contents (path, &statm, NULL, NULL)
          && sscanf (statm, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &size, &resident) == 2)
        stats->rss_bytes = resident * (guint64) sysconf (_SC_PAGESIZE);
    }
}

/* Ends the helper; the requests waiting fail with TP_HELPER_CLIENT_ERROR_CLOSED. */
void
tp_helper_client_close (TpHelperClient *self)
{
  g_return_if_fail (TP_IS_HELPER_CLIENT (self));

  if (self->state == STATE_CLOSED)
    return;
  self->state = STATE_CLOSED;
  g_clear_handle_id (&self->restart_source, g_source_remove);
  stop_process (self);
  fail_all (self, TP_HELPER_CLIENT_ERROR_CLOSED, "closed");
}

static void
tp_helper_client_dispose (GObject *object)
{
  TpHelperClient *self = TP_HELPER_CLIENT (object);

  tp_helper_client_close (self);
  G_OBJECT_CLASS (tp_helper_client_parent_class)->dispose (object);
}

static void
tp_helper_client_finalize (GObject *object)
{
  TpHelperClient *self = TP_HELPER_CLIENT (object);

  g_byte_array_unref (self->output);
  g_free (self->helper_path);
  g_free (self->language);
  g_free (self->aff_path);
  g_free (self->dic_path);
  g_strfreev (self->words);
  g_free (self->unusable_reason);
  G_OBJECT_CLASS (tp_helper_client_parent_class)->finalize (object);
}

static void
tp_helper_client_class_init (TpHelperClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tp_helper_client_dispose;
  object_class->finalize = tp_helper_client_finalize;
}

static void
tp_helper_client_init (TpHelperClient *self)
{
  self->fd = -1;
  self->next_id = 1;
  self->output = g_byte_array_new ();
  g_queue_init (&self->queue);
}

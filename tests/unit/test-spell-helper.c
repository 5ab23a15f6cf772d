/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "helper/tp-helper-protocol.h"

/* The real threadpad-spell process (THREADPAD_SPELL_HELPER), driven over its socket as the
 * editor drives it: it checks and suggests with a small dictionary of the tests, answers from
 * inside its sandbox, and dies, or hangs, on the word a fault names, without a word of it
 * reaching the disk. */

typedef struct
{
  GSubprocess    *process;
  int             fd;
  TpHelperReader *reader;
  guint32         next_id;
} Helper;

static char *
dictionary_file_of (const char *code,
                    const char *suffix)
{
  g_autofree char *name = g_strconcat (code, suffix, NULL);

  return g_test_build_filename (G_TEST_DIST, "data", "dictionaries", name, NULL);
}

static char *
dictionary_file (const char *suffix)
{
  return dictionary_file_of ("tp_UTF8", suffix);
}

static void
helper_start (Helper     *helper,
              const char *fault)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  int sockets[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets), ==, 0);
  g_subprocess_launcher_take_fd (launcher, sockets[1], 3);
  if (fault != NULL)
    g_subprocess_launcher_setenv (launcher, "THREADPAD_HELPER_FAULT", fault, TRUE);
  helper->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("THREADPAD_SPELL_HELPER"),
                                                 "--socket-fd=3", NULL);
  g_assert_no_error (error);
  helper->fd = sockets[0];
  helper->reader = tp_helper_reader_new (TP_HELPER_FROM_HELPER, TP_HELPER_MAX_PAYLOAD);
  helper->next_id = 1;
}

static void
helper_stop (Helper *helper)
{
  close (helper->fd);
  g_subprocess_wait (helper->process, NULL, NULL);
  g_clear_object (&helper->process);
  g_clear_pointer (&helper->reader, tp_helper_reader_free);
}

static guint32
helper_send (Helper          *helper,
             TpHelperMessage *message)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint32 id = message->id = helper->next_id++;

  tp_helper_message_encode (message, out);
  g_assert_cmpint (write (helper->fd, out->data, out->len), ==, (gssize) out->len);
  tp_helper_message_free (message);
  return id;
}

static guint32
send_strings (Helper       *helper,
              TpHelperKind  kind,
              const char   *first,
              ...)
{
  TpHelperMessage *message = tp_helper_message_new (kind, 0);
  va_list args;

  va_start (args, first);
  for (const char *s = first; s != NULL; s = va_arg (args, const char *))
    tp_helper_message_add_string (message, s, -1);
  va_end (args);
  return helper_send (helper, message);
}

/* The next answer, or NULL if the helper closed its end (it died). */
static TpHelperMessage *
helper_receive (Helper *helper)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      TpHelperMessage *message = tp_helper_reader_next (helper->reader, &error);
      guint8 buffer[4096];
      gssize n;

      g_assert_no_error (error);
      if (message != NULL)
        return message;
      n = read (helper->fd, buffer, sizeof buffer);
      if (n <= 0)
        return NULL;
      tp_helper_reader_feed (helper->reader, buffer, n);
    }
}

static void
load_dictionary (Helper *helper)
{
  g_autofree char *aff = dictionary_file (".aff");
  g_autofree char *dic = dictionary_file (".dic");
  guint32 id = send_strings (helper, TP_HELPER_LOAD, "tp_UTF8", aff, dic, NULL);
  g_autoptr(TpHelperMessage) answer = helper_receive (helper);

  g_assert_nonnull (answer);
  g_assert_cmpint (answer->kind, ==, TP_HELPER_READY);
  g_assert_cmpuint (answer->id, ==, id);
}

static void
test_check_and_suggest (void)
{
  Helper helper;
  g_autoptr(TpHelperMessage) hello = NULL;
  g_autoptr(TpHelperMessage) checked = NULL;
  g_autoptr(TpHelperMessage) suggestions = NULL;
  g_autoptr(TpHelperMessage) done = NULL;
  g_autoptr(TpHelperMessage) again = NULL;
  TpHelperMessage *message = tp_helper_message_new (TP_HELPER_HELLO, 0);
  guint32 id;

  helper_start (&helper, NULL);
  message->version = TP_HELPER_PROTOCOL_VERSION;
  helper_send (&helper, message);
  hello = helper_receive (&helper);
  g_assert_cmpint (hello->kind, ==, TP_HELPER_READY);
  g_assert_cmpuint (hello->version, ==, TP_HELPER_PROTOCOL_VERSION);
  load_dictionary (&helper);

  /* "Grüße" is not in the dictionary: its span is in characters, not bytes. */
  id = send_strings (&helper, TP_HELPER_CHECK, "Grüße the cat, the dgo", NULL);
  checked = helper_receive (&helper);
  g_assert_cmpint (checked->kind, ==, TP_HELPER_CHECKED);
  g_assert_cmpuint (checked->id, ==, id);
  g_assert_cmpuint (checked->spans->len, ==, 2);
  g_assert_cmpuint (g_array_index (checked->spans, TpHelperSpan, 0).start, ==, 0);
  g_assert_cmpuint (g_array_index (checked->spans, TpHelperSpan, 0).length, ==, 5);
  g_assert_cmpuint (g_array_index (checked->spans, TpHelperSpan, 1).start, ==, 19);
  g_assert_cmpuint (g_array_index (checked->spans, TpHelperSpan, 1).length, ==, 3);

  send_strings (&helper, TP_HELPER_SUGGEST, "wrold", NULL);
  suggestions = helper_receive (&helper);
  g_assert_cmpint (suggestions->kind, ==, TP_HELPER_SUGGESTIONS);
  g_assert_true (g_ptr_array_find_with_equal_func (suggestions->strings, "world", g_str_equal,
                                                   NULL));

  /* A word taken counts from then on, in this process. */
  send_strings (&helper, TP_HELPER_ADD_WORD, "dgo", NULL);
  done = helper_receive (&helper);
  g_assert_cmpint (done->kind, ==, TP_HELPER_DONE);
  send_strings (&helper, TP_HELPER_CHECK, "the dgo", NULL);
  again = helper_receive (&helper);
  g_assert_cmpuint (again->spans->len, ==, 0);
  helper_stop (&helper);
}

/* A dictionary in ISO 8859-1: its converter is loaded before the sandbox shuts the converter
 * modules away. */
static void
test_legacy_encoding (void)
{
  Helper helper;
  g_autofree char *aff = dictionary_file_of ("tp_LATIN1", ".aff");
  g_autofree char *dic = dictionary_file_of ("tp_LATIN1", ".dic");
  g_autoptr(TpHelperMessage) ready = NULL;
  g_autoptr(TpHelperMessage) checked = NULL;

  helper_start (&helper, NULL);
  send_strings (&helper, TP_HELPER_LOAD, "tp_LATIN1", aff, dic, NULL);
  ready = helper_receive (&helper);
  g_assert_cmpint (ready->kind, ==, TP_HELPER_READY);
  send_strings (&helper, TP_HELPER_CHECK, "garçon, café crème, naïve xyzzy", NULL);
  checked = helper_receive (&helper);
  g_assert_cmpint (checked->kind, ==, TP_HELPER_CHECKED);
  g_assert_cmpuint (checked->spans->len, ==, 1);
  g_assert_cmpuint (g_array_index (checked->spans, TpHelperSpan, 0).start, ==, 26);
  helper_stop (&helper);
}

static void
test_crash_on_word (void)
{
  Helper helper;
  g_autoptr(TpHelperMessage) answer = NULL;
  GSubprocess *process;

  helper_start (&helper, "crash:dgo");
  load_dictionary (&helper);
  send_strings (&helper, TP_HELPER_CHECK, "the cat and the dgo", NULL);
  answer = helper_receive (&helper);
  g_assert_null (answer);
  process = g_object_ref (helper.process);
  helper_stop (&helper);
  g_assert_true (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGABRT);
  g_object_unref (process);
}

static void
test_spin_on_word (void)
{
  Helper helper;
  GPollFD poll_fd;

  helper_start (&helper, "spin:dgo");
  load_dictionary (&helper);
  send_strings (&helper, TP_HELPER_CHECK, "the dgo", NULL);
  poll_fd.fd = helper.fd;
  poll_fd.events = G_IO_IN;
  /* No answer in a second: what the editor's deadline is for. */
  g_assert_cmpint (g_poll (&poll_fd, 1, 1000), ==, 0);
  g_subprocess_force_exit (helper.process);
  helper_stop (&helper);
}

/* A helper taken over (here: asked to load a dictionary after one is loaded, then fed garbage)
 * answers no more and goes. */
static void
test_garbage_ends_it (void)
{
  Helper helper;
  static const guint8 garbage[] = { 0xff, 0xff, 0xff, 0x7f, 1, 0, 0, 0, 1, 0, 0, 0 };
  g_autoptr(TpHelperMessage) again = NULL;

  helper_start (&helper, NULL);
  load_dictionary (&helper);
  {
    g_autofree char *aff = dictionary_file (".aff");
    g_autofree char *dic = dictionary_file (".dic");
    g_autoptr(TpHelperMessage) refused = NULL;

    send_strings (&helper, TP_HELPER_LOAD, "tp_UTF8", aff, dic, NULL);
    refused = helper_receive (&helper);
    g_assert_cmpint (refused->kind, ==, TP_HELPER_FAILED);
  }
  g_assert_cmpint (write (helper.fd, garbage, sizeof garbage), ==, sizeof garbage);
  again = helper_receive (&helper);
  g_assert_null (again);
  helper_stop (&helper);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/SpellHelper/check-and-suggest", test_check_and_suggest);
  g_test_add_func ("/SpellHelper/legacy-encoding", test_legacy_encoding);
  g_test_add_func ("/SpellHelper/crash-on-word", test_crash_on_word);
  g_test_add_func ("/SpellHelper/spin-on-word", test_spin_on_word);
  g_test_add_func ("/SpellHelper/garbage-ends-it", test_garbage_ends_it);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "helper/tp-helper-client.h"

/* The editor's side of a helper process, against the real threadpad-spell (THREADPAD_SPELL_HELPER)
 * and a lying one (tests/unit/hostile-helper.py): answers arrive on the main loop, a helper
 * killed or hung loses the request it was on and the next helper takes the rest, a dictionary
 * that kills every helper while loading is given up on, and a helper whose answers do not fit
 * is ended. */

typedef struct
{
  GPtrArray *answers;   /* TpHelperMessage, NULL for an error */
  GPtrArray *errors;    /* GError, NULL for an answer */
} Results;

static void
error_free (gpointer error)
{
  if (error != NULL)
    g_error_free (error);
}

static void
results_init (Results *results)
{
  results->answers = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_helper_message_free);
  results->errors = g_ptr_array_new_with_free_func (error_free);
}

static void
results_clear (Results *results)
{
  g_ptr_array_unref (results->answers);
  g_ptr_array_unref (results->errors);
}

static void
on_answer (TpHelperClient  *client,
           TpHelperMessage *answer,
           const GError    *error,
           gpointer         user_data)
{
  Results *results = user_data;

  g_ptr_array_add (results->answers, answer);
  g_ptr_array_add (results->errors, error ? g_error_copy (error) : NULL);
}

static void
wait_for (Results *results,
          guint    n)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (results->answers->len < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, TRUE);
    }
}

static GError *
error_of (Results *results,
          guint    i)
{
  return g_ptr_array_index (results->errors, i);
}

static TpHelperClient *
new_client (const char *program)
{
  g_autofree char *aff = g_test_build_filename (G_TEST_DIST, "data", "dictionaries",
                                                "tp_UTF8.aff", NULL);
  g_autofree char *dic = g_test_build_filename (G_TEST_DIST, "data", "dictionaries",
                                                "tp_UTF8.dic", NULL);

  const char *words[] = { "zorpish", NULL };

  return tp_helper_client_new (program ? program : g_getenv ("THREADPAD_SPELL_HELPER"),
                               "tp_UTF8", aff, dic, words);
}

static void
check (TpHelperClient *client,
       const char     *text,
       guint           timeout_ms,
       Results        *results)
{
  TpHelperMessage *request = tp_helper_message_new (TP_HELPER_CHECK, 0);

  tp_helper_message_add_string (request, text, -1);
  tp_helper_client_request (client, request, timeout_ms, on_answer, results);
}

static guint
spans_of (Results *results,
          guint    i)
{
  TpHelperMessage *answer = g_ptr_array_index (results->answers, i);

  g_assert_nonnull (answer);
  return answer->spans->len;
}

static void
test_answers_in_order (void)
{
  g_autoptr(TpHelperClient) client = new_client (NULL);
  Results results;
  TpHelperClientStats stats;

  results_init (&results);
  check (client, "the cat", 10000, &results);
  check (client, "teh cta", 10000, &results);
  check (client, "hello wrold, the zorpish cat", 10000, &results);
  /* Nothing before the main loop runs. */
  g_assert_cmpuint (results.answers->len, ==, 0);
  wait_for (&results, 3);
  g_assert_cmpuint (spans_of (&results, 0), ==, 0);
  g_assert_cmpuint (spans_of (&results, 1), ==, 2);
  g_assert_cmpuint (spans_of (&results, 2), ==, 1);
  tp_helper_client_get_stats (client, &stats);
  g_assert_cmpint (stats.pid, >, 0);
  g_assert_cmpuint (stats.requests, ==, 3);
  g_assert_cmpuint (stats.starts, ==, 1);
  g_assert_cmpuint (stats.rss_bytes, >, 0);
  results_clear (&results);
}

/* kill -9 while it works on a request: that one fails, the next helper does the rest. */
static void
test_killed_helper_restarts (void)
{
  g_autoptr(TpHelperClient) client = NULL;
  Results results;
  TpHelperClientStats stats;

  /* The helper is started by the first request, with the fault; the next one without. */
  g_setenv ("THREADPAD_HELPER_FAULT", "spin:zorp", TRUE);
  client = new_client (NULL);
  results_init (&results);
  check (client, "a zorp", 60000, &results);
  g_unsetenv ("THREADPAD_HELPER_FAULT");
  check (client, "the cta zorp", 60000, &results);
  tp_helper_client_get_stats (client, &stats);
  for (gint64 end = g_get_monotonic_time () + G_USEC_PER_SEC; g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, FALSE);
  tp_helper_client_get_stats (client, &stats);
  g_assert_cmpint (stats.pid, >, 0);
  kill (stats.pid, SIGKILL);
  wait_for (&results, 1);
  g_assert_error (error_of (&results, 0), TP_HELPER_CLIENT_ERROR,
                  TP_HELPER_CLIENT_ERROR_CRASHED);
  wait_for (&results, 2);
  g_assert_cmpuint (spans_of (&results, 1), ==, 2);
  tp_helper_client_get_stats (client, &stats);
  g_assert_cmpuint (stats.starts, ==, 2);
  g_assert_cmpuint (stats.crashes, ==, 1);
  results_clear (&results);
}

static void
test_deadline (void)
{
  g_autoptr(TpHelperClient) client = NULL;
  Results results;

  g_setenv ("THREADPAD_HELPER_FAULT", "spin:zorp", TRUE);
  client = new_client (NULL);
  results_init (&results);
  check (client, "a zorp", 300, &results);
  g_unsetenv ("THREADPAD_HELPER_FAULT");
  check (client, "hello", 10000, &results);
  wait_for (&results, 2);
  g_assert_error (error_of (&results, 0), TP_HELPER_CLIENT_ERROR,
                  TP_HELPER_CLIENT_ERROR_TIMED_OUT);
  g_assert_cmpuint (spans_of (&results, 1), ==, 0);
  results_clear (&results);
}

static void
test_crash_on_load (void)
{
  g_autoptr(TpHelperClient) client = NULL;
  Results results;
  TpHelperClientStats stats;

  g_setenv ("THREADPAD_HELPER_FAULT", "crash-on-load", TRUE);
  client = new_client (NULL);
  results_init (&results);
  check (client, "the cat", 10000, &results);
  wait_for (&results, 1);
  g_unsetenv ("THREADPAD_HELPER_FAULT");
  g_assert_error (error_of (&results, 0), TP_HELPER_CLIENT_ERROR,
                  TP_HELPER_CLIENT_ERROR_UNUSABLE);
  tp_helper_client_get_stats (client, &stats);
  g_assert_cmpuint (stats.starts, ==, 2);
  /* Given up on: asked again, it says so at once. */
  check (client, "the cat", 10000, &results);
  g_assert_cmpuint (results.answers->len, ==, 2);
  results_clear (&results);
}

/* Spans past the end of the text, or an answer to another job: refused, and the helper ended. */
static void
test_hostile_answers (void)
{
  const char *modes[] = { "", "--wrong-id" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *script = g_test_build_filename (G_TEST_DIST, "unit", "hostile-helper.py",
                                                       NULL);
      g_autoptr(TpHelperClient) client = new_client (script);
      Results results;
      TpHelperClientStats stats;

      if (*modes[i] != '\0')
        {
          /* The mode goes as an extra argument through an environment-free wrapper. */
          g_autofree char *wrapper = g_strdup_printf ("%s-wrong-id", script);

          g_clear_object (&client);
          client = new_client (wrapper);
        }
      results_init (&results);
      check (client, "the cat", 10000, &results);
      wait_for (&results, 1);
      g_assert_error (error_of (&results, 0), TP_HELPER_CLIENT_ERROR,
                      TP_HELPER_CLIENT_ERROR_CRASHED);
      tp_helper_client_get_stats (client, &stats);
      g_assert_cmpuint (stats.crashes, ==, 1);
      results_clear (&results);
    }
}

static void
test_close_with_requests (void)
{
  g_autoptr(TpHelperClient) client = new_client (NULL);
  Results results;

  results_init (&results);
  for (int i = 0; i < 20; i++)
    check (client, "the cat teh", 10000, &results);
  tp_helper_client_close (client);
  g_assert_cmpuint (results.answers->len, ==, 20);
  for (int i = 0; i < 20; i++)
    g_assert_error (error_of (&results, i), TP_HELPER_CLIENT_ERROR,
                    TP_HELPER_CLIENT_ERROR_CLOSED);
  results_clear (&results);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/HelperClient/answers-in-order", test_answers_in_order);
  g_test_add_func ("/HelperClient/killed-helper-restarts", test_killed_helper_restarts);
  g_test_add_func ("/HelperClient/deadline", test_deadline);
  g_test_add_func ("/HelperClient/crash-on-load", test_crash_on_load);
  g_test_add_func ("/HelperClient/hostile-answers", test_hostile_answers);
  g_test_add_func ("/HelperClient/close-with-requests", test_close_with_requests);
  return g_test_run ();
}

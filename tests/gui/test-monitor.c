/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "spell/tp-dictionary.h"
#include "spell/tp-spell-checker.h"
#include "spell/tp-tokenizer.h"
#include "tp-demo.h"
#include "tp-document.h"
#include "tp-gui-harness.h"
#include "tp-tab.h"
#include "tp-view.h"
#include "tp-window.h"

static gboolean
block_main_loop (gpointer user_data)
{
  g_usleep (100 * 1000);
  return G_SOURCE_REMOVE;
}

/* A main loop blocked for 100 ms is one stall of 100 ms, no more and no less. */
static void
blocked_body (TpApplication *app)
{
  TpLatencyMonitor *monitor = tp_application_get_monitor (app);
  TpLatencySummary before, after;
  gint64 worst;

  tp_gui_wait_for_window (app);
  tp_gui_wait_idle ();
  tp_gui_sleep (300);
  tp_latency_monitor_get_summary (monitor, TP_LATENCY_ALL_MODES, &before);

  g_idle_add (block_main_loop, NULL);
  tp_gui_wait_idle ();

  tp_latency_monitor_get_summary (monitor, TP_LATENCY_ALL_MODES, &after);
  worst = tp_latency_monitor_get_worst_recent (monitor, G_USEC_PER_SEC);
  g_assert_cmpuint (after.stalls, ==, before.stalls + 1);
  g_assert_cmpint (worst, >=, 100000);
  g_assert_cmpint (worst, <, 115000);
  g_assert_cmpfloat (after.max_ms, >=, 100.0);
  g_assert_cmpuint (after.cycles, >, before.cycles);
}

static void
test_blocked_main_loop (void)
{
  tp_gui_run_app (NULL, blocked_body);
}

/* Keys typed with XTest are timed, each once, in the mode they were typed in; the report holds
 * the documented fields with values that make sense. */
static void
keys_body (TpApplication *app)
{
  TpLatencyMonitor *monitor = tp_application_get_monitor (app);
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_window_get_active_tab (window);
  TpLatencySummary on, off;

  tp_gui_focus (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (tp_tab_get_view (tab)));
  tp_gui_type ("twelve keys!");
  tp_gui_wait_idle ();
  tp_gui_sleep (100);
  tp_gui_wait_idle ();
  tp_latency_monitor_get_summary (monitor, TP_LATENCY_THREADS_ON, &on);
  g_assert_cmpuint (on.keys, ==, 12);
  g_assert_cmpfloat (on.key_p50_ms, >, 0);
  g_assert_cmpfloat (on.key_max_ms, <, 5000);

  /* From the main menu's action, as a person would switch. */
  g_action_group_change_action_state (G_ACTION_GROUP (app), "threads",
                                      g_variant_new_boolean (FALSE));
  g_assert_false (tp_application_get_threads (app));
  g_assert_false (tp_executor_get_threaded (
    tp_spell_service_get_executor (tp_application_get_spell_service (app))));
  g_assert_false (tp_executor_get_threaded (
    tp_recorder_get_executor (tp_application_get_recorder (app))));
  tp_gui_type ("off");
  tp_gui_wait_idle ();
  tp_gui_sleep (100);
  tp_gui_wait_idle ();
  tp_latency_monitor_get_summary (monitor, TP_LATENCY_THREADS_OFF, &off);
  g_assert_cmpuint (off.keys, ==, 3);
  tp_gui_assert_text (tab, "twelve keys!off");
}

static void
test_keys_and_report (void)
{
  g_autofree char *dir = tp_gui_make_temp_dir ();
  g_autofree char *report_path = g_build_filename (dir, "report.json", NULL);
  g_autofree char *option = NULL;
  g_autofree char *script = NULL;
  const char *argv[] = { "python3", "-c", NULL, NULL, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  option = g_strdup_printf ("--latency-report=%s", report_path);
  tp_gui_run_app ((const char *[]) { option, NULL }, keys_body);

  /* Written at quit. */
  script = g_strdup (
    "import json, sys\n"
    "r = json.load(open(sys.argv[1]))\n"
    "assert r['threads'] == 'off', r['threads']\n"
    "assert r['seconds_threads_on'] > 0 and r['seconds_threads_off'] > 0\n"
    "m = r['main_loop']\n"
    "assert m['cycles'] > 0 and m['stalls'] >= 0\n"
    "assert 0 <= m['p50_ms'] <= m['p95_ms'] <= m['p99_ms'] <= m['max_ms'], m\n"
    "i = r['input']\n"
    "assert i['keys'] == 15, i\n"
    "assert 0 < i['p50_ms'] <= i['p95_ms'] <= i['p99_ms'] <= i['max_ms'], i\n"
    "assert r['by_mode']['on']['input']['keys'] == 12\n"
    "assert r['by_mode']['off']['input']['keys'] == 3\n"
    "w = {t['name']: t for t in r['workers']}\n"
    "assert set(w) == {'spell', 'recorder'}, w\n"
    "assert w['recorder']['jobs_done'] > 15 and not w['recorder']['threaded']\n"
    "assert all(0 <= t['busy_share_last_second'] <= 1 for t in w.values())\n");
  argv[2] = script;
  argv[3] = report_path;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* Ctrl+W on the last tab closes its window before the key is painted: the key waits for a frame
 * that will never come, and is forgotten with the window, not timed later against the frame
 * clock of a window that happens to reuse its address. */
static void
closed_window_body (TpApplication *app)
{
  TpLatencyMonitor *monitor = tp_application_get_monitor (app);
  TpWindow *window = tp_gui_wait_for_window (app);
  TpLatencySummary summary;

  for (int round = 0; round < 3; round++)
    {
      TpWindow *second;

      g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
      tp_gui_wait_until ((second = tp_gui_other_window (app, window)) != NULL);
      tp_gui_focus (GTK_WINDOW (second));
      tp_gui_press ("<Control>w");
      tp_gui_wait_until (tp_gui_other_window (app, window) == NULL);
      tp_gui_wait_idle ();
      g_assert_cmpuint (tp_latency_monitor_get_pending_keys (monitor), ==, 0);
    }

  tp_gui_focus (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (tp_tab_get_view (tp_window_get_active_tab (window))));
  tp_gui_type ("abc");
  tp_gui_wait_idle ();
  tp_gui_sleep (100);
  tp_gui_wait_idle ();
  tp_latency_monitor_get_summary (monitor, TP_LATENCY_ALL_MODES, &summary);
  g_assert_cmpfloat (summary.key_max_ms, <, 5000);
  g_assert_cmpuint (tp_latency_monitor_get_pending_keys (monitor), ==, 0);
}

static void
test_closed_window (void)
{
  tp_gui_run_app (NULL, closed_window_body);
}

static void
send_key (GtkWidget *widget)
{
  GdkEvent *event = gdk_event_new (GDK_KEY_PRESS);
  GdkSeat *seat = gdk_display_get_default_seat (gtk_widget_get_display (widget));
  gboolean handled;

  event->key.window = g_object_ref (gtk_widget_get_window (widget));
  event->key.keyval = GDK_KEY_a;
  event->key.time = GDK_CURRENT_TIME;
  gdk_event_set_device (event, gdk_seat_get_keyboard (seat));
  /* Straight to the signal: GTK drops key events for a window that is not on screen. */
  g_signal_emit_by_name (widget, "key-press-event", event, &handled);
  gdk_event_free (event);
}

/* Keys that are never painted (a window realized but never shown) cannot fill the table for
 * good: keys typed afterwards are still timed. */
static void
unpainted_keys_body (TpApplication *app)
{
  TpLatencyMonitor *monitor = tp_application_get_monitor (app);
  TpWindow *window = tp_gui_wait_for_window (app);
  GtkWidget *hidden = gtk_window_new (GTK_WINDOW_TOPLEVEL);
  TpLatencySummary before, after;

  gtk_widget_realize (hidden);
  tp_latency_monitor_watch_window (monitor, GTK_WINDOW (hidden));
  for (int i = 0; i < 1000; i++)
    send_key (hidden);
  tp_gui_wait_idle ();
  g_assert_cmpuint (tp_latency_monitor_get_pending_keys (monitor), <=, 256);

  tp_latency_monitor_get_summary (monitor, TP_LATENCY_ALL_MODES, &before);
  tp_gui_focus (GTK_WINDOW (window));
  gtk_widget_grab_focus (GTK_WIDGET (tp_tab_get_view (tp_window_get_active_tab (window))));
  tp_gui_type ("abc");
  tp_gui_wait_idle ();
  tp_gui_sleep (100);
  tp_gui_wait_idle ();
  tp_latency_monitor_get_summary (monitor, TP_LATENCY_ALL_MODES, &after);
  g_assert_cmpuint (after.keys, ==, before.keys + 3);

  /* Its keys go with it. */
  gtk_widget_destroy (hidden);
  g_assert_cmpuint (tp_latency_monitor_get_pending_keys (monitor), ==, 0);
}

static void
test_unpainted_keys (void)
{
  tp_gui_run_app (NULL, unpainted_keys_body);
}

typedef struct
{
  TpDictionary *dictionary;
  guint         misspelled;
} Tally;

static gboolean
tally_word (const char   *text,
            const TpWord *word,
            gpointer      user_data)
{
  Tally *tally = user_data;

  if (!tp_dictionary_check (tally->dictionary, text + word->byte_offset, word->check_length))
    tally->misspelled++;
  return TRUE;
}

/* Hunspell's own count of the misspelled words in @text, with the editor's tokenizer. */
static guint
misspellings_in (const char *text)
{
  g_autoptr(GPtrArray) infos = tp_dictionary_list_available ();
  g_autoptr(GError) error = NULL;
  Tally tally = { tp_dictionary_new (tp_dictionary_info_find (infos, "en_US"), &error), 0 };

  g_assert_no_error (error);
  tp_tokenizer_foreach_word_with (tp_dictionary_get_word_rules (tally.dictionary), text,
                                  strlen (text), tally_word, &tally);
  tp_dictionary_free (tally.dictionary);
  return tally.misspelled;
}

/* Help → "Open a demonstration document": the generated text in a new, untitled document, its
 * misspellings all found. */
static void
demonstration_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  g_autoptr(GBytes) expected = tp_demo_document_build (TP_DEMO_DOCUMENT_SIZE);
  g_autofree char *text = NULL;
  TpSpellChecker *checker;
  TpDocument *document;
  TpTab *tab;

  /* The demonstration is English prose: English chosen from the language menu first. */
  g_action_group_activate_action (G_ACTION_GROUP (window), "spell-language",
                                  g_variant_new_string ("en_US"));
  g_action_group_activate_action (G_ACTION_GROUP (window), "open-demo", NULL);
  tp_gui_wait_until ((tab = tp_window_get_active_tab (window)) != NULL
                     && gtk_text_buffer_get_char_count (GTK_TEXT_BUFFER (tp_document_get_buffer (
                          tp_tab_get_document (tab)))) > 0
                     && !tp_document_get_busy (tp_tab_get_document (tab)));
  document = tp_tab_get_document (tab);
  /* Six megabytes: compared without printing them. The buffer keeps the file's last newline
   * implicit, as GtkSourceView does for every file. */
  text = tp_gui_get_text (tab);
  g_assert_cmpuint (strlen (text) + 1, ==, g_bytes_get_size (expected));
  g_assert_true (memcmp (text, g_bytes_get_data (expected, NULL), strlen (text)) == 0);
  g_assert_null (tp_document_get_location (document));

  /* Six megabytes take a while under the sanitizers: a long wait of its own. */
  checker = tp_tab_get_spell_checker (tab);
  tp_gui_wait_until_within (!tp_spell_checker_get_busy (checker), 120);
  g_assert_cmpstr (tp_spell_checker_get_language (checker), ==, "en_US");
  g_assert_cmpuint (tp_spell_checker_get_misspelled_count (checker), ==, misspellings_in (text));
  g_assert_cmpuint (tp_spell_checker_get_misspelled_count (checker), >, 10000);
}

static void
test_demonstration (void)
{
  tp_gui_run_app (NULL, demonstration_body);
}

int
main (int   argc,
      char *argv[])
{
  tp_gui_init (&argc, &argv);
  tp_gui_add ("/monitor/blocked-main-loop", test_blocked_main_loop);
  tp_gui_add ("/monitor/keys-and-report", test_keys_and_report);
  tp_gui_add ("/monitor/closed-window", test_closed_window);
  tp_gui_add ("/monitor/unpainted-keys", test_unpainted_keys);
  tp_gui_add ("/monitor/demonstration", test_demonstration);
  return g_test_run ();
}

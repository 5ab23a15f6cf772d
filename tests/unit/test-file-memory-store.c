/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Threadpad's own store of what it remembers of files (where the file system keeps no metadata,
 * as here): written later, not at each change, and at shutdown; bounded; read back by the next
 * run; a damaged store set aside. */
#include "config.h"

#include <string.h>

#include "tp-file-memory.h"
#include "tp-test-dir.h"

typedef struct
{
  char *dir;
  char *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->dir = g_dir_make_tmp ("threadpad-memory-XXXXXX", NULL);
  g_assert_nonnull (fixture->dir);
  fixture->store = g_build_filename (fixture->dir, "state", "file-memory", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  tp_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->store);
}

static GFile *
file_number (Fixture *fixture,
             guint    n)
{
  g_autofree char *name = g_strdup_printf ("file %u [x].txt", n);
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  return g_file_new_for_path (path);
}

static void
remember_line (TpFileMemory *memory,
               GFile        *file,
               int           line)
{
  g_autoptr(TpTabState) state = tp_tab_state_new ();

  state->line = line;
  tp_file_memory_remember (memory, file, state);
}

static void
on_looked_up (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TpTabState **state = user_data;

  *state = tp_file_memory_lookup_finish (TP_FILE_MEMORY (source), result);
  if (*state == NULL)
    {
      *state = tp_tab_state_new ();
      (*state)->line = -100;
    }
}

/* The state remembered, or one with line -100 for none. */
static TpTabState *
look_up (TpFileMemory *memory,
         GFile        *file)
{
  TpTabState *state = NULL;

  tp_file_memory_lookup_async (memory, file, NULL, on_looked_up, &state);
  while (state == NULL)
    g_main_context_iteration (NULL, TRUE);
  return state;
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_bounded (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(TpFileMemory) memory = tp_file_memory_new (fixture->store);
  g_autoptr(TpFileMemory) next_run = NULL;
  g_autoptr(GKeyFile) store = g_key_file_new ();
  g_autoptr(GFile) oldest = file_number (fixture, 9);
  g_autoptr(GFile) kept = file_number (fixture, 10);
  g_autoptr(GFile) newest = file_number (fixture, TP_FILE_MEMORY_MAX_FILES + 9);
  g_autoptr(TpTabState) state = NULL;
  gsize n_groups = 0;
  g_auto(GStrv) groups = NULL;

  for (guint i = 0; i < TP_FILE_MEMORY_MAX_FILES + 10; i++)
    {
      g_autoptr(GFile) file = file_number (fixture, i);
      remember_line (memory, file, (int) i);
    }
  /* Not written at each change. */
  spin (100);
  g_assert_false (g_file_test (fixture->store, G_FILE_TEST_EXISTS));
  tp_file_memory_shutdown (memory);

  g_assert_true (g_key_file_load_from_file (store, fixture->store, G_KEY_FILE_NONE, NULL));
  groups = g_key_file_get_groups (store, &n_groups);
  g_assert_cmpuint (n_groups, ==, TP_FILE_MEMORY_MAX_FILES);

  /* The next run reads what is left: the most recent files. */
  next_run = tp_file_memory_new (fixture->store);
  state = look_up (next_run, oldest);
  g_assert_cmpint (state->line, ==, -100);
  g_clear_pointer (&state, tp_tab_state_free);
  state = look_up (next_run, kept);
  g_assert_cmpint (state->line, ==, 10);
  g_clear_pointer (&state, tp_tab_state_free);
  state = look_up (next_run, newest);
  g_assert_cmpint (state->line, ==, TP_FILE_MEMORY_MAX_FILES + 9);
  tp_file_memory_shutdown (next_run);
}

/* Remembered, then looked up at once: the answer is the new state, whether or not it has
 * reached the store. */
static void
test_lookup_right_after (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(TpFileMemory) memory = tp_file_memory_new (fixture->store);
  g_autoptr(GFile) file = file_number (fixture, 1);
  g_autoptr(TpTabState) first = NULL;
  g_autoptr(TpTabState) second = NULL;

  remember_line (memory, file, 7);
  first = look_up (memory, file);
  g_assert_cmpint (first->line, ==, 7);
  remember_line (memory, file, 8);
  second = look_up (memory, file);
  g_assert_cmpint (second->line, ==, 8);
  tp_file_memory_shutdown (memory);
}

static void
test_damaged (Fixture       *fixture,
              gconstpointer  data)
{
  static const char garbage[] = "\x7f" "ELF\x01\x02[[[\n=\n";
  g_autofree char *folder = g_path_get_dirname (fixture->store);
  g_autofree char *aside = g_strconcat (fixture->store, ".damaged", NULL);
  g_autoptr(TpFileMemory) memory = NULL;
  g_autoptr(TpFileMemory) next_run = NULL;
  g_autoptr(GFile) file = file_number (fixture, 1);
  g_autoptr(TpTabState) state = NULL;
  g_autofree char *kept = NULL;
  gsize length = 0;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (fixture->store, garbage, sizeof garbage - 1, NULL));
  g_test_expect_message ("tp-file-memory", G_LOG_LEVEL_MESSAGE, "*could not be read*");
  memory = tp_file_memory_new (fixture->store);
  state = look_up (memory, file);
  g_assert_cmpint (state->line, ==, -100);
  g_test_assert_expected_messages ();
  remember_line (memory, file, 3);
  tp_file_memory_shutdown (memory);

  g_assert_true (g_file_get_contents (aside, &kept, &length, NULL));
  g_assert_cmpmem (kept, length, garbage, sizeof garbage - 1);
  g_clear_pointer (&state, tp_tab_state_free);
  next_run = tp_file_memory_new (fixture->store);
  state = look_up (next_run, file);
  g_assert_cmpint (state->line, ==, 3);
  tp_file_memory_shutdown (next_run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/FileMemory/bounded", Fixture, NULL, fixture_set_up, test_bounded,
              fixture_tear_down);
  g_test_add ("/FileMemory/lookup-right-after", Fixture, NULL, fixture_set_up,
              test_lookup_right_after, fixture_tear_down);
  g_test_add ("/FileMemory/damaged", Fixture, NULL, fixture_set_up, test_damaged,
              fixture_tear_down);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A tab's state to a key file and back: what is written is read back as it was, and what
 * another program (or a damaged disk) wrote is checked value by value. */
#include "config.h"

#include <gtksourceview/gtksource.h>
#include <string.h>

#include "tp-tab-state.h"

#define GROUP "file:///home/someone/notes.txt"

static GKeyFile *
key_file_from (const char *text,
               gssize      length)
{
  g_autoptr(GError) error = NULL;
  GKeyFile *key_file = g_key_file_new ();

  g_key_file_load_from_data (key_file, text, length < 0 ? strlen (text) : (gsize) length,
                             G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return key_file;
}

static void
test_round_trip (void)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(TpTabState) state = tp_tab_state_new ();
  g_autoptr(TpTabState) back = NULL;
  g_autoptr(TpTabState) again = NULL;
  g_autoptr(TpTabState) empty = tp_tab_state_new ();
  g_autofree char *data = NULL;

  state->line = 1234;
  state->column = 56;
  state->top_line = 1200;
  state->language = g_strdup ("python");
  state->spell_language = g_strdup ("de_DE_frami");
  state->encoding = g_strdup ("ISO-8859-15");
  tp_tab_state_save_to_key_file (state, key_file, GROUP);

  /* Through its text, as the store and a session are kept. */
  data = g_key_file_to_data (key_file, NULL, NULL);
  g_clear_pointer (&key_file, g_key_file_unref);
  key_file = key_file_from (data, -1);
  back = tp_tab_state_load_from_key_file (key_file, GROUP);
  g_assert_nonnull (back);
  g_assert_cmpint (back->line, ==, 1234);
  g_assert_cmpint (back->column, ==, 56);
  g_assert_cmpint (back->top_line, ==, 1200);
  g_assert_cmpstr (back->language, ==, "python");
  g_assert_cmpstr (back->spell_language, ==, "de_DE_frami");
  g_assert_cmpstr (back->encoding, ==, "ISO-8859-15");

  /* Written again with nothing chosen: the choices go. Plain text ("") is a choice. */
  empty->language = g_strdup ("");
  tp_tab_state_save_to_key_file (empty, key_file, GROUP);
  again = tp_tab_state_load_from_key_file (key_file, GROUP);
  g_assert_cmpint (again->line, ==, 0);
  g_assert_cmpint (again->top_line, ==, -1);
  g_assert_cmpstr (again->language, ==, "");
  g_assert_null (again->spell_language);
  g_assert_null (again->encoding);

  g_assert_null (tp_tab_state_load_from_key_file (key_file, "file:///elsewhere"));
}

static void
test_copy (void)
{
  g_autoptr(TpTabState) state = tp_tab_state_new ();
  g_autoptr(TpTabState) copy = NULL;

  state->line = 3;
  state->language = g_strdup ("c");
  copy = tp_tab_state_copy (state);
  g_clear_pointer (&state->language, g_free);
  g_assert_cmpint (copy->line, ==, 3);
  g_assert_cmpint (copy->top_line, ==, -1);
  g_assert_cmpstr (copy->language, ==, "c");
  g_assert_null (copy->encoding);
}

/* Numbers that are no numbers, or out of range, fall back; the values beside them stay. */
static void
test_hostile_numbers (void)
{
  static const struct
  {
    const char *line;
    const char *column;
    const char *top;
    int         want_line;
    int         want_column;
    int         want_top;
  } cases[] = {
    { "-5", "-1", "-2", 0, 0, -1 },
    { "abc", "7x", "1e3", 0, 0, -1 },
    { "99999999999999999999", "2147483647", "2147483646", 0, 0, 2147483646 },
    { "0x10", "+3", "-1", 0, 3, -1 },
    { " 12 ", "\\t4", "", 12, 0, -1 },
    { "12;13;", "1.5", "7", 0, 0, 7 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("[" GROUP "]\nLine=%s\nColumn=%s\n"
                                               "TopLine=%s\nLanguage=c\n",
                                               cases[i].line, cases[i].column, cases[i].top);
      g_autoptr(GKeyFile) key_file = key_file_from (text, -1);
      g_autoptr(TpTabState) state = tp_tab_state_load_from_key_file (key_file, GROUP);

      g_test_message ("case %u", i);
      g_assert_nonnull (state);
      g_assert_cmpint (state->line, ==, cases[i].want_line);
      g_assert_cmpint (state->column, ==, cases[i].want_column);
      g_assert_cmpint (state->top_line, ==, cases[i].want_top);
      g_assert_cmpstr (state->language, ==, "c");
    }
}

static void
test_hostile_names (void)
{
  g_autofree char *long_name = g_strnfill (65, 'a');
  g_autofree char *text = g_strdup_printf (
    "[a]\nLanguage=no-such-language\nSpellLanguage=../../etc/passwd\nCharset=NOPE\n"
    "[b]\nLanguage=%s\nSpellLanguage=%s\nCharset=%s\n"
    "[c]\nLanguage=\\x41\nSpellLanguage=en US\nCharset=\n"
    "[d]\nLanguage=c\nSpellLanguage=sr@latin\nCharset=iso-8859-15\n"
    "[e]\nLanguage;list=a;b\nSpellLanguage=en_US\\nx\nCharset=UTF-8\n",
    long_name, long_name, long_name);
  g_autoptr(GKeyFile) key_file = key_file_from (text, -1);
  g_autoptr(TpTabState) a = tp_tab_state_load_from_key_file (key_file, "a");
  g_autoptr(TpTabState) b = tp_tab_state_load_from_key_file (key_file, "b");
  g_autoptr(TpTabState) c = tp_tab_state_load_from_key_file (key_file, "c");
  g_autoptr(TpTabState) d = tp_tab_state_load_from_key_file (key_file, "d");
  g_autoptr(TpTabState) e = tp_tab_state_load_from_key_file (key_file, "e");

  g_assert_null (a->language);
  g_assert_null (a->spell_language);
  g_assert_null (a->encoding);
  g_assert_null (b->language);
  g_assert_null (b->spell_language);
  g_assert_null (b->encoding);
  /* A bad escape is no value; a space is in no dictionary's name. */
  g_assert_null (c->language);
  g_assert_null (c->spell_language);
  g_assert_null (c->encoding);
  /* Names as GtkSourceView writes them. */
  g_assert_cmpstr (d->language, ==, "c");
  g_assert_cmpstr (d->spell_language, ==, "sr@latin");
  g_assert_cmpstr (d->encoding, ==, "ISO-8859-15");
  g_assert_null (e->language);
  g_assert_null (e->spell_language);
  g_assert_cmpstr (e->encoding, ==, "UTF-8");
}

/* Bytes that are no UTF-8, where GKeyFile itself lets them in. */
static void
test_invalid_utf8 (void)
{
  static const char text[] = "[" GROUP "]\nLine=\xff\x31\nLanguage=c\xc3\n"
                             "SpellLanguage=en_\xe2\x82US\nCharset=UTF-\xc0\xb8\n";
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(TpTabState) state = NULL;

  g_assert_true (g_key_file_load_from_data (key_file, text, sizeof text - 1, G_KEY_FILE_NONE,
                                            NULL));
  state = tp_tab_state_load_from_key_file (key_file, GROUP);
  g_assert_nonnull (state);
  g_assert_cmpint (state->line, ==, 0);
  g_assert_null (state->language);
  g_assert_null (state->spell_language);
  g_assert_null (state->encoding);
}

static void
test_empty_group (void)
{
  g_autoptr(GKeyFile) key_file = key_file_from ("[" GROUP "]\nUsed=12\n", -1);
  g_autoptr(TpTabState) state = tp_tab_state_load_from_key_file (key_file, GROUP);

  g_assert_nonnull (state);
  g_assert_cmpint (state->line, ==, 0);
  g_assert_cmpint (state->column, ==, 0);
  g_assert_cmpint (state->top_line, ==, -1);
  g_assert_null (state->language);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/TabState/round-trip", test_round_trip);
  g_test_add_func ("/TabState/copy", test_copy);
  g_test_add_func ("/TabState/hostile-numbers", test_hostile_numbers);
  g_test_add_func ("/TabState/hostile-names", test_hostile_names);
  g_test_add_func ("/TabState/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/TabState/empty-group", test_empty_group);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <sys/wait.h>

/* The command line, as a person types it in a terminal: these run the real binary. */

static char *
run_threadpad_full (const char *const *args,
                    const char        *language,
                    int               *status,
                    char             **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("THREADPAD_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  if (language != NULL)
    {
      envp = g_environ_setenv (envp, "LANGUAGE", language, TRUE);
      envp = g_environ_setenv (envp, "LANG", "C.UTF-8", TRUE);
      envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
    }
  envp = g_environ_setenv (envp, "DICPATH", g_test_get_filename (G_TEST_DIST, "data",
                                                                  "dictionaries", NULL), TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, err ? 0 : G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                NULL, &out, err, status, &error);
  g_assert_no_error (error);
  return out;
}

static char *
run_threadpad (const char *const *args,
               const char        *language,
               int               *status)
{
  return run_threadpad_full (args, language, status, NULL);
}

static int
exit_status (int wait_status)
{
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

/* Removes what write_temp () made, when the test is over. */
static void
remove_temp (gpointer path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
}

static char *
write_temp (const char *name,
            const char *contents)
{
  g_autofree char *dir = g_dir_make_tmp ("tp-check-XXXXXX", NULL);
  char *path = g_build_filename (dir, name, NULL);

  g_test_queue_destroy (remove_temp, g_strdup (path));
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static void
test_check_misspellings (void)
{
  g_autofree char *path = write_temp ("a.txt", "hello wrold\n  café naïf, the cat teh\n42 x2 done\n");
  g_autofree char *expected = g_strdup_printf ("%s:1:7: wrold\n%s:2:8: naïf\n%s:2:22: teh\n"
                                               "%s:3:7: done\n", path, path, path, path);
  int status;
  g_autofree char *out = run_threadpad ((const char *[]) { "--check", "--lang=tp_UTF8", path, NULL },
                                        NULL, &status);

  g_assert_cmpint (exit_status (status), ==, 1);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_check_clean (void)
{
  g_autofree char *path = write_temp ("b.txt", "The quick brown cat.\nhttps://wrold.example/teh\n");
  int status;
  g_autofree char *out = run_threadpad ((const char *[]) { "--check", "--lang=tp_UTF8", path, NULL },
                                        NULL, &status);

  g_assert_cmpint (exit_status (status), ==, 0);
  g_assert_cmpstr (out, ==, "");
}

static void
test_check_latin1_dictionary (void)
{
  g_autofree char *path = write_temp ("c.txt", "garçon cafés œuvre garcon\n");
  int status;
  g_autofree char *out = run_threadpad ((const char *[]) { "--check", "--lang=tp_LATIN1", path, NULL },
                                        NULL, &status);
  g_autofree char *expected = g_strdup_printf ("%s:1:20: garcon\n", path);

  g_assert_cmpint (exit_status (status), ==, 1);
  g_assert_cmpstr (out, ==, expected);
}

static void
test_check_errors (void)
{
  g_autofree char *binary = write_temp ("d.bin", "ok");
  g_autofree char *err = NULL;
  g_autofree char *err2 = NULL;
  int status;
  g_autofree char *out = NULL;
  g_autofree char *out2 = NULL;

  g_assert_true (g_file_set_contents (binary, "\xff\xfe\x00x", 4, NULL));
  out = run_threadpad_full ((const char *[]) { "--check", "--lang=tp_UTF8", "/nonexistent/file",
                                               binary, NULL }, NULL, &status, &err);
  g_assert_cmpint (exit_status (status), ==, 2);
  g_assert_nonnull (strstr (err, "/nonexistent/file"));
  g_assert_nonnull (strstr (err, "is not UTF-8 text"));

  out2 = run_threadpad_full ((const char *[]) { "--check", "--lang=zz_ZZ", binary, NULL }, NULL,
                             &status, &err2);
  g_assert_cmpint (exit_status (status), ==, 2);
  g_assert_nonnull (strstr (err2, "no spelling dictionary for “zz_ZZ”"));
  g_assert_nonnull (strstr (err2, "tp_UTF8"));
}

static void
test_version (void)
{
  int status;
  g_autofree char *out = run_threadpad ((const char *[]) { "--version", NULL }, NULL, &status);

  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (out, ==, "threadpad " PACKAGE_VERSION "\n");
}

static void
test_help (void)
{
  int status;
  g_autofree char *out = run_threadpad ((const char *[]) { "--help", NULL }, "en", &status);

  g_assert_true (g_spawn_check_wait_status (status, NULL));
  for (const char *const *option = (const char *[]) { "--new-window", "--standalone", "--version",
                                                      "[+LINE] [FILE[:LINE[:COLUMN]]…] [-]", NULL };
       *option != NULL; option++)
    if (strstr (out, *option) == NULL)
      g_error ("--help does not list %s:\n%s", *option, out);
}

static void
test_help_translated (gconstpointer data)
{
  const char *const *expected = data;
  int status;
  g_autofree char *out = run_threadpad ((const char *[]) { "--help", NULL }, expected[0], &status);

  g_assert_true (g_spawn_check_wait_status (status, NULL));
  if (strstr (out, expected[1]) == NULL)
    g_error ("--help with LANGUAGE=%s does not say “%s”:\n%s", expected[0], expected[1], out);
}

int
main (int   argc,
      char *argv[])
{
  static const char *const french[] = { "fr", "Ouvrir les fichiers dans une nouvelle fenêtre" };
  static const char *const german[] = { "de", "Die Dateien in einem neuen Fenster öffnen" };

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/CommandLine/version", test_version);
  g_test_add_func ("/CommandLine/help", test_help);
  g_test_add_data_func ("/CommandLine/help-fr", french, test_help_translated);
  g_test_add_data_func ("/CommandLine/help-de", german, test_help_translated);
  g_test_add_func ("/CommandLine/check-misspellings", test_check_misspellings);
  g_test_add_func ("/CommandLine/check-clean", test_check_clean);
  g_test_add_func ("/CommandLine/check-latin1-dictionary", test_check_latin1_dictionary);
  g_test_add_func ("/CommandLine/check-errors", test_check_errors);
  return g_test_run ();
}

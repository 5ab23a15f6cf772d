/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib.h>

/* The command line, as a person types it in a terminal: these run the real binary. */

static char *
run_threadpad (const char *const *args,
               const char        *language,
               int               *status)
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
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                NULL, status, &error);
  g_assert_no_error (error);
  return out;
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
                                                      "[+LINE] [FILE[:LINE]…] [-]", NULL };
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
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "tp-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TpApplication) app = NULL;
  const char *localedir = g_getenv ("THREADPAD_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name ("Threadpad");
  app = tp_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of threadpad --check. */
enum
{
  TP_CHECK_CLEAN        = 0,
  TP_CHECK_MISSPELLINGS = 1,
  TP_CHECK_ERROR        = 2,
};

int tp_check_command_run (const char *const *files,
                          const char        *language);

G_END_DECLS

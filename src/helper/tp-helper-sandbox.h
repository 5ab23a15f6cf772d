/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a spell-checking helper process limits itself before it parses a dictionary, the
 * untrusted input: it dies with the editor, cannot gain privileges, has bounded memory, CPU time
 * and open files, may not write a file of any size, may read only the dictionary's two files
 * (Landlock, where the kernel has it), and may make only the system calls reading, answering
 * and allocating need (seccomp): no network, no new programs, no writes but to its socket and
 * standard error. Linux only. */

typedef struct
{
  guint64 max_address_space;   /* bytes; 0 leaves it as it is */
  guint64 max_cpu_seconds;     /* 0 leaves it as it is */
  int     socket_fd;           /* the one descriptor, beside standard error, it writes to */
} TpHelperLimits;

typedef enum
{
  TP_HELPER_SANDBOX_LANDLOCK = 1 << 0,   /* file access was limited to the dictionary */
  TP_HELPER_SANDBOX_SECCOMP  = 1 << 1,   /* system calls were limited */
} TpHelperSandboxFlags;

gboolean             tp_helper_sandbox_limit   (const TpHelperLimits  *limits,
                                                GError               **error);
TpHelperSandboxFlags tp_helper_sandbox_confine (const TpHelperLimits  *limits,
                                                const char *const     *readable,
                                                GError               **error);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* threadpad --recover-list and --recover-to=FOLDER: rescue without a desktop. Both leave the
 * recovery data where it is. */
int tp_recover_command_list     (void);
int tp_recover_command_write_to (const char *dir);

G_END_DECLS

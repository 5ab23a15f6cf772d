/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Large enough that, with threads off, spell-checking and recording it stall the main loop for
 * long enough to feel; small enough to open in a second or two. */
#define TP_DEMO_DOCUMENT_SIZE (6 * 1024 * 1024)

char  *tp_demo_document_introduction (void);
GBytes *tp_demo_document_build       (gsize size);

G_END_DECLS

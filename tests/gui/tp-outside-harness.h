/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <X11/Xlib.h>
#include <glib.h>

#include "record/tp-journal.h"

G_BEGIN_DECLS

/* An outside test runs the real threadpad binary (THREADPAD_BINARY) as a process of its own on
 * the X display of Xvfb, types into it with XTest, and reads what it leaves on disk, as a
 * person, kill(1) or a closing terminal would meet it. */

void      tp_outside_open_display     (void);
void      tp_outside_close_display    (void);

void      tp_outside_send_char        (char               c);
void      tp_outside_send_control     (KeySym             keysym);
void      tp_outside_focus_window     (const char        *title_part);
void      tp_outside_wait_window_gone (const char        *title_part);

TpReplay *tp_outside_replay_document  (const char        *recovery_dir,
                                       const char        *run,
                                       guint              id);

char    **tp_outside_environ          (const char        *state_home);
GPid      tp_outside_start            (const char *const *args,
                                       char             **env,
                                       int               *stderr_fd);
char     *tp_outside_run              (const char *const *args,
                                       char             **env,
                                       int               *status);
void      tp_outside_remove_tree      (const char        *path);

G_END_DECLS

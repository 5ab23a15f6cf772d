/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tp-types.h"

G_BEGIN_DECLS

/* What a tab shows of its document, besides the text: kept for a file, or for a session. */
typedef struct
{
  int   line;            /* cursor, 0-based, in characters */
  int   column;
  int   top_line;        /* the first line on screen */
  char *language;        /* syntax language chosen by the user, or NULL */
  char *spell_language;  /* spelling language chosen by the user, or NULL */
  char *encoding;        /* encoding chosen by the user, or NULL */
} TpTabState;

TpTabState *tp_tab_state_capture            (TpTab            *tab);
void        tp_tab_state_apply              (const TpTabState *state,
                                             TpTab            *tab);
void        tp_tab_state_free               (TpTabState       *state);
void        tp_tab_state_save_to_key_file   (const TpTabState *state,
                                             GKeyFile         *key_file,
                                             const char       *group);
TpTabState *tp_tab_state_load_from_key_file (GKeyFile         *key_file,
                                             const char       *group);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpTabState, tp_tab_state_free)

G_END_DECLS

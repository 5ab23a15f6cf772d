/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tp-types.h"

G_BEGIN_DECLS

/* What a tab shows of its document beyond the text: where the cursor and the view are, and what
 * the user chose for it. Positions are those of the file's own lines (not as long lines are cut
 * for display), 0-based, in characters. A string is NULL where Threadpad decides by itself. */
typedef struct
{
  /* The cursor. */
  int   line;
  int   column;
  /* The line at the top of the view; -1 when not known. */
  int   top_line;
  /* The highlighting language chosen, "" for plain text; NULL: guessed from the file. */
  char *language;
  /* The spelling language chosen (a dictionary's code, such as "en_US"); NULL: the default. */
  char *spell_language;
  /* The encoding chosen, as GtkSourceView names its charset; NULL: found from the bytes. */
  char *encoding;
} TpTabState;

/* The keys of a key-file group (tp_tab_state_save_to_key_file ()). */
#define TP_TAB_STATE_KEY_LINE           "Line"
#define TP_TAB_STATE_KEY_COLUMN         "Column"
#define TP_TAB_STATE_KEY_TOP_LINE       "TopLine"
#define TP_TAB_STATE_KEY_LANGUAGE       "Language"
#define TP_TAB_STATE_KEY_SPELL_LANGUAGE "SpellLanguage"
/* Not "Encoding", which GKeyFile takes for the file's own and refuses unless it is UTF-8. */
#define TP_TAB_STATE_KEY_ENCODING       "Charset"

TpTabState *tp_tab_state_new               (void);
TpTabState *tp_tab_state_copy              (const TpTabState *state);
void        tp_tab_state_free              (TpTabState       *state);
TpTabState *tp_tab_state_capture           (TpTab            *tab);
void        tp_tab_state_apply             (const TpTabState *state,
                                            TpTab            *tab);
void        tp_tab_state_save_to_key_file  (const TpTabState *state,
                                            GKeyFile         *key_file,
                                            const char       *group);
TpTabState *tp_tab_state_load_from_key_file (GKeyFile        *key_file,
                                            const char       *group);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpTabState, tp_tab_state_free)

G_END_DECLS

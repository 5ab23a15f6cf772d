/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tp-document.h"
#include "tp-long-lines.h"

G_BEGIN_DECLS

/* All on the main thread; the threads that load and save see copies. */
struct _TpDocument
{
  GObject          parent_instance;

  GtkSourceBuffer *buffer;
  /* Made right after the buffer, so that it sees each change first. */
  TpLongLines     *long_lines;
  GtkSourceFile   *file;
  GFileMonitor    *monitor;
  char            *title;
  guint            untitled_number;
  guint            busy_count;
  /* Between the start and the end of a load: the buffer then holds a file, not the user's
   * changes. */
  gboolean         loading;
  /* Read by GtkSourceFileLoader, which inserts the text in a user action of its own: the tab
   * keeps the view read-only meanwhile instead (tp_tab_load_stream ()). */
  gboolean         loading_stream;
  /* User actions under way on the buffer (begin-user-action), nested. */
  guint            user_actions;
  double           load_progress;
  TpDocumentContent content;
  /* Between the start of a save and the moment it is on disk: "modified" keeps the value it
   * had, and turns TRUE for good if the text is edited meanwhile, since the saver reads the
   * buffer as it goes and cannot say whether it wrote an edit made behind it. */
  gboolean         saving;
  gboolean         modified_before_save;
  /* Every change of the text counts here; a save knows the count it started with. */
  guint64          edits;
  guint64          edits_at_save_start;
  /* How the user agreed to have this file written in place (not atomically), or
   * TP_SAVE_ATOMIC when they did not: asked again if the reason changes. */
  int              in_place_accepted;
  /* The encoding the file was read in or last saved in. */
  const GtkSourceEncoding *encoding;
  /* What the disk held when the file was read or last saved: its entity tag, whether the user
   * may write it. Changes on disk are told by the tag: GtkSourceFile knows only what its own
   * loader read. */
  char            *etag;
  TpDocumentInPlaceGuard in_place_guard;
  gpointer         in_place_guard_data;
  /* See tp_document_set_language (). */
  char            *chosen_language;
  /* See tp_document_get_chosen_encoding (). */
  const GtkSourceEncoding *chosen_encoding;
  /* Loading, by tp_document_reserve_load (), before the load itself has started. */
  gboolean         load_reserved;
  gboolean         read_only;
  gboolean         deleted;
  gboolean         externally_modified;
  /* The encoding a recovered document is saved in, until it is saved once. */
  const GtkSourceEncoding *restored_encoding;
  /* Set once the user has been told about a change on disk, so that one change gives one
   * message; cleared by a reload or a save. */
  gboolean         disk_change_reported;
  /* How the lines of the file read end, as its first line end said ("" for none). */
  const char      *line_end_read;
};

void     _tp_document_set_busy          (TpDocument *self,
                                         gboolean    busy);
void     _tp_document_notify_modified   (TpDocument *self);
void     _tp_document_clean_leftovers   (TpDocument *self);
void     _tp_document_saved             (TpDocument *self,
                                         gboolean    moved);
const char *_tp_document_get_etag       (TpDocument *self);
void     _tp_document_set_disk_state    (TpDocument *self,
                                         const char *etag,
                                         gboolean    read_only);

G_END_DECLS

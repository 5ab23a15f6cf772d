/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tp-tab-state.h"

G_BEGIN_DECLS

/* The files the store remembers at most: the ones used longest ago go first. */
#define TP_FILE_MEMORY_MAX_FILES 1000

#define TP_TYPE_FILE_MEMORY (tp_file_memory_get_type ())
G_DECLARE_FINAL_TYPE (TpFileMemory, tp_file_memory, TP, FILE_MEMORY, GObject)

TpFileMemory *tp_file_memory_new           (const char          *store_path);
char         *tp_file_memory_get_default_path (void);
void          tp_file_memory_lookup_async  (TpFileMemory        *self,
                                            GFile               *file,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
TpTabState   *tp_file_memory_lookup_finish (TpFileMemory        *self,
                                            GAsyncResult        *result);
void          tp_file_memory_remember      (TpFileMemory        *self,
                                            GFile               *file,
                                            const TpTabState    *state);
void          tp_file_memory_shutdown      (TpFileMemory        *self);

G_END_DECLS

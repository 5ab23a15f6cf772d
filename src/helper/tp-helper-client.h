/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "helper/tp-helper-protocol.h"

G_BEGIN_DECLS

#define TP_TYPE_HELPER_CLIENT (tp_helper_client_get_type ())

G_DECLARE_FINAL_TYPE (TpHelperClient, tp_helper_client, TP, HELPER_CLIENT, GObject)

/* The editor's side of one spell-checking helper process (threadpad-spell), on the main loop:
 * it starts the process with one dictionary, hands it one request at a time, reads its answers
 * without waiting (a source on the socket, writes that never block), checks each answer as
 * hostile input, gives every request a deadline, and restarts a helper that died or missed one,
 * after a pause that grows while it keeps dying. */

#define TP_HELPER_CLIENT_ERROR (tp_helper_client_error_quark ())

typedef enum
{
  TP_HELPER_CLIENT_ERROR_CRASHED,     /* the helper died on this request */
  TP_HELPER_CLIENT_ERROR_TIMED_OUT,   /* the helper missed this request's deadline: killed */
  TP_HELPER_CLIENT_ERROR_FAILED,      /* the helper said it could not do it */
  TP_HELPER_CLIENT_ERROR_UNUSABLE,    /* the dictionary cannot be loaded in a helper */
  TP_HELPER_CLIENT_ERROR_CLOSED,      /* the client was closed first */
} TpHelperClientError;

GQuark tp_helper_client_error_quark (void);

/* answer is NULL exactly when error is set; answer belongs to the caller. */
typedef void (*TpHelperClientFunc) (TpHelperClient  *client,
                                    TpHelperMessage *answer,
                                    const GError    *error,
                                    gpointer         user_data);

typedef struct
{
  int     pid;          /* of the helper running now, or 0 */
  guint   requests;     /* answered */
  guint   crashes;      /* helpers that died or were killed */
  guint   starts;
  guint64 rss_bytes;    /* of the helper running now */
} TpHelperClientStats;

char           *tp_helper_client_find_program (void);
TpHelperClient *tp_helper_client_new       (const char          *helper_path,
                                            const char          *language,
                                            const char          *aff_path,
                                            const char          *dic_path,
                                            const char *const   *words);
void            tp_helper_client_request   (TpHelperClient      *self,
                                            TpHelperMessage     *request,
                                            guint                timeout_ms,
                                            TpHelperClientFunc   func,
                                            gpointer             user_data);
void            tp_helper_client_get_stats (TpHelperClient      *self,
                                            TpHelperClientStats *stats);
void            tp_helper_client_close     (TpHelperClient      *self);

G_END_DECLS

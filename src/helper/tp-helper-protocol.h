/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What the editor and a spell-checking helper process say to each other over their socket:
 * messages of a 12-byte header (payload length, kind, job number; little-endian 32-bit numbers)
 * and a payload of 32-bit numbers and length-prefixed UTF-8 strings. Pure C + GLib, so that
 * both sides use it and it can be fuzzed without a window.
 *
 * Each side reads the other as hostile: sizes are capped, every string is checked to be UTF-8
 * without NUL, every count is checked against the bytes that carry it, spans come sorted and
 * apart, and a message of a kind the other side may not send is refused. A refusal ends the
 * conversation: the reader then gives nothing more. */

#define TP_HELPER_PROTOCOL_VERSION 1
#define TP_HELPER_HEADER_SIZE      12
/* The largest payload either side accepts by default: a chunk of text to check is far less. */
#define TP_HELPER_MAX_PAYLOAD      (4 * 1024 * 1024)
#define TP_HELPER_MAX_SUGGESTIONS  64
#define TP_HELPER_MAX_WORD_BYTES   1024

typedef enum
{
  /* The editor asks. */
  TP_HELPER_HELLO = 1,      /* version */
  TP_HELPER_LOAD,           /* strings: language, .aff path, .dic path */
  TP_HELPER_CHECK,          /* strings: text */
  TP_HELPER_SUGGEST,        /* strings: word */
  TP_HELPER_ADD_WORD,       /* strings: word */
  TP_HELPER_IGNORE_WORD,    /* strings: word */
  /* The helper answers, with the number of the job it answers. */
  TP_HELPER_READY = 64,     /* version (to HELLO), or nothing (to LOAD) */
  TP_HELPER_FAILED,         /* strings: what went wrong, in words */
  TP_HELPER_CHECKED,        /* spans of misspelled words, in characters of the text */
  TP_HELPER_SUGGESTIONS,    /* strings: the suggestions, best first */
  TP_HELPER_DONE,           /* to ADD_WORD and IGNORE_WORD */
} TpHelperKind;

typedef enum
{
  TP_HELPER_FROM_EDITOR,
  TP_HELPER_FROM_HELPER,
} TpHelperDirection;

typedef struct
{
  guint32 start;
  guint32 length;
} TpHelperSpan;

typedef struct
{
  TpHelperKind  kind;
  guint32       id;
  guint32       version;   /* HELLO, and READY to HELLO */
  GPtrArray    *strings;   /* char *, UTF-8 */
  GArray       *spans;     /* TpHelperSpan, CHECKED */
} TpHelperMessage;

TpHelperMessage *tp_helper_message_new        (TpHelperKind           kind,
                                               guint32                id);
void             tp_helper_message_add_string (TpHelperMessage       *self,
                                               const char            *text,
                                               gssize                 length);
void             tp_helper_message_add_span   (TpHelperMessage       *self,
                                               guint32                start,
                                               guint32                length);
void             tp_helper_message_free       (TpHelperMessage       *self);
void             tp_helper_message_encode     (const TpHelperMessage *self,
                                               GByteArray            *out);

typedef struct _TpHelperReader TpHelperReader;

TpHelperReader  *tp_helper_reader_new         (TpHelperDirection      from,
                                               gsize                  max_payload);
void             tp_helper_reader_free        (TpHelperReader        *self);
void             tp_helper_reader_feed        (TpHelperReader        *self,
                                               const guint8          *data,
                                               gsize                  length);
TpHelperMessage *tp_helper_reader_next        (TpHelperReader        *self,
                                               GError               **error);
gboolean         tp_helper_reader_failed      (TpHelperReader        *self);

#define TP_HELPER_PROTOCOL_ERROR (tp_helper_protocol_error_quark ())
GQuark           tp_helper_protocol_error_quark (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpHelperMessage, tp_helper_message_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpHelperReader, tp_helper_reader_free)

G_END_DECLS

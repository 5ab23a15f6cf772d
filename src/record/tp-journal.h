/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The on-disk format of recovery data, and the shadow text it describes. No GTK, no threads.
 *
 * A document's entry is a snapshot file and a journal file. Both start with an 8-byte magic
 * string and hold records; a record is a 28-byte header and a payload, little-endian:
 *
 *   u32 payload length   u32 CRC-32 of everything after this field (header rest + payload)
 *   u8  type, 3 zeros    u64 sequence number    i64 wall-clock time in µs
 *
 * Every edit gets the next sequence number. The snapshot holds INFO, then TEXT (the whole text
 * as it was after record N, carrying N as its sequence), then CURSOR; or INFO, then BASE: the
 * whole text after record N is what a file held when it was read, and the file is read again
 * (and checked) to replay the journal. The journal holds the
 * records after N; records at or below N (left over when a crash came between writing a
 * snapshot and emptying the journal) are skipped. A record that is short, fails its checksum
 * or breaks the sequence ends the readable part: nothing after it is replayed. */

#define TP_JOURNAL_MAGIC  "TPJRNL01"
#define TP_SNAPSHOT_MAGIC "TPSNAP01"
#define TP_JOURNAL_MAGIC_LENGTH 8
#define TP_RECORD_HEADER_LENGTH 28

typedef enum
{
  TP_RECORD_INSERT = 1,   /* u64 offset in characters, then the UTF-8 text */
  TP_RECORD_DELETE = 2,   /* u64 offset, u64 number of characters */
  TP_RECORD_CURSOR = 3,   /* u64 offset */
  TP_RECORD_INFO   = 4,   /* a key file: title, location, encoding */
  TP_RECORD_TEXT   = 5,   /* the whole text */
  TP_RECORD_BASE   = 6,   /* a key file: the file whose text is the whole text (TpBaseInfo) */
} TpRecordType;

typedef struct
{
  TpRecordType  type;
  guint64       sequence;
  gint64        time;
  const guint8 *payload;
  gsize         length;
} TpRecord;

/* What a document's entry says about it, besides its text. */
typedef struct
{
  char *title;
  char *uri;        /* NULL for an untitled document */
  char *encoding;
} TpDocumentInfo;

/* A file whose text is a document's text, as it was read (see tp-record-base.h). */
typedef struct
{
  char    *uri;
  char    *encoding;    /* what its bytes were decoded from */
  guint64  device;
  guint64  inode;
  guint64  size;        /* of the file, in bytes */
  gint64   mtime_ns;
  guint64  skip;        /* decoded bytes before the text: a byte order mark */
  guint64  length;      /* of the text, in bytes */
  char    *checksum;    /* SHA-256 of the text, in hexadecimal */
} TpBaseInfo;

void            tp_base_info_clear       (TpBaseInfo       *base);
void            tp_base_info_copy        (TpBaseInfo       *dest,
                                          const TpBaseInfo *src);

void            tp_document_info_clear   (TpDocumentInfo *info);
void            tp_document_info_copy    (TpDocumentInfo       *dest,
                                          const TpDocumentInfo *src);

guint32         tp_journal_crc32         (guint32       crc,
                                          const guint8 *data,
                                          gsize         length);

void            tp_journal_append_record (GByteArray   *out,
                                          TpRecordType  type,
                                          guint64       sequence,
                                          gint64        time,
                                          const void   *payload,
                                          gsize         length);
void            tp_journal_append_insert (GByteArray   *out,
                                          guint64       sequence,
                                          gint64        time,
                                          guint64       offset,
                                          const char   *text,
                                          gsize         length);
void            tp_journal_append_delete (GByteArray   *out,
                                          guint64       sequence,
                                          gint64        time,
                                          guint64       offset,
                                          guint64       count);
void            tp_journal_append_cursor (GByteArray   *out,
                                          guint64       sequence,
                                          gint64        time,
                                          guint64       offset);
void            tp_journal_append_info   (GByteArray           *out,
                                          guint64               sequence,
                                          gint64                time,
                                          const TpDocumentInfo *info);
void            tp_journal_append_base   (GByteArray           *out,
                                          guint64               sequence,
                                          gint64                time,
                                          const TpBaseInfo     *base);

/* Calls func for each whole, valid record after the magic string, and stops at the first bad
 * one, or when func returns FALSE. Returns how many bytes (magic included) were read as valid;
 * 0 when the magic string is wrong. */
typedef gboolean (*TpRecordFunc) (const TpRecord *record,
                                  gpointer        user_data);
gsize           tp_journal_parse         (const guint8 *data,
                                          gsize         length,
                                          const char   *magic,
                                          TpRecordFunc  func,
                                          gpointer      user_data);

gboolean        tp_journal_read_offsets  (const TpRecord *record,
                                          guint64        *first,
                                          guint64        *second);
gboolean        tp_journal_read_info     (const TpRecord *record,
                                          TpDocumentInfo *info);
gboolean        tp_journal_read_base     (const TpRecord *record,
                                          TpBaseInfo     *base);

/* A document's text kept by character offsets, as the editor's buffer addresses it. Edits near
 * the previous one are found without scanning the text from its start. */
typedef struct _TpShadowText TpShadowText;

TpShadowText   *tp_shadow_text_new       (void);
void            tp_shadow_text_free      (TpShadowText *self);
void            tp_shadow_text_set       (TpShadowText *self,
                                          const char   *text,
                                          gsize         length);
void            tp_shadow_text_take      (TpShadowText *self,
                                          char         *text,
                                          gsize         length);
gboolean        tp_shadow_text_insert    (TpShadowText *self,
                                          guint64       offset,
                                          const char   *text,
                                          gsize         length);
gboolean        tp_shadow_text_delete    (TpShadowText *self,
                                          guint64       offset,
                                          guint64       count);
const char     *tp_shadow_text_get       (TpShadowText *self,
                                          gsize        *length);
gsize           tp_shadow_text_get_length (TpShadowText *self);
guint64         tp_shadow_text_get_char_count (TpShadowText *self);
char           *tp_shadow_text_steal     (TpShadowText *self,
                                          gsize        *length);
gboolean        tp_shadow_text_apply_records (TpShadowText *self,
                                          const guint8 *records,
                                          gsize         length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpShadowText, tp_shadow_text_free)

/* A document rebuilt from its snapshot and journal. */
typedef struct
{
  TpDocumentInfo info;
  char          *text;
  gsize          length;
  guint64        cursor;        /* in characters */
  guint64        sequence;      /* of the last record applied */
  gint64         last_change;   /* wall-clock µs of the last edit */
  gboolean       damaged;       /* something could not be read: the text is the longest valid
                                 * prefix of the document's history */
  TpBaseInfo    *base;          /* the file the edits were made to, if the entry has one */
  gboolean       base_changed;  /* that file is not what it was: no text, nothing replayed */
} TpReplay;

/* Returns the text base describes, or NULL (with error set) if the file is not what it was. */
typedef char *(*TpReplayBaseFunc) (const TpBaseInfo  *base,
                                   gsize             *length,
                                   GError           **error);

TpReplay       *tp_journal_replay        (GBytes   *snapshot,
                                          GBytes   *journal);
TpReplay       *tp_journal_replay_with_base (GBytes           *snapshot,
                                          GBytes           *journal,
                                          TpReplayBaseFunc  read_base);
void            tp_replay_free           (TpReplay *replay);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpReplay, tp_replay_free)

G_END_DECLS

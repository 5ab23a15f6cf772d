/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-journal"

#include "config.h"

#include <string.h>

#include "tp-journal.h"

/* Payloads larger than this are not believed: a damaged length field must not make the reader
 * treat the rest of the file as one record. */
#define MAX_PAYLOAD ((gsize) G_MAXINT32)

void
tp_document_info_clear (TpDocumentInfo *info)
{
  g_clear_pointer (&info->title, g_free);
  g_clear_pointer (&info->uri, g_free);
  g_clear_pointer (&info->encoding, g_free);
}

void
tp_document_info_copy (TpDocumentInfo       *dest,
                       const TpDocumentInfo *src)
{
  tp_document_info_clear (dest);
  dest->title = g_strdup (src->title);
  dest->uri = g_strdup (src->uri);
  dest->encoding = g_strdup (src->encoding);
}

void
tp_base_info_clear (TpBaseInfo *base)
{
  g_clear_pointer (&base->uri, g_free);
  g_clear_pointer (&base->encoding, g_free);
  g_clear_pointer (&base->checksum, g_free);
  *base = (TpBaseInfo) { 0 };
}

void
tp_base_info_copy (TpBaseInfo       *dest,
                   const TpBaseInfo *src)
{
  tp_base_info_clear (dest);
  *dest = *src;
  dest->uri = g_strdup (src->uri);
  dest->encoding = g_strdup (src->encoding);
  dest->checksum = g_strdup (src->checksum);
}

static const guint32 *
crc_table (void)
{
  static guint32 table[256];
  static gsize initialized;

  if (g_once_init_enter (&initialized))
    {
      for (guint32 i = 0; i < 256; i++)
        {
          guint32 c = i;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
          table[i] = c;
        }
      g_once_init_leave (&initialized, 1);
    }
  return table;
}

/* CRC-32 as in zlib and PNG; pass 0 to start. */
guint32
tp_journal_crc32 (guint32       crc,
                  const guint8 *data,
                  gsize         length)
{
  const guint32 *table = crc_table ();

  crc = ~crc;
  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

static void
put_u32 (guint8 *out,
         guint32 value)
{
  for (int i = 0; i < 4; i++)
    out[i] = (value >> (8 * i)) & 0xFF;
}

static void
put_u64 (guint8 *out,
         guint64 value)
{
  for (int i = 0; i < 8; i++)
    out[i] = (value >> (8 * i)) & 0xFF;
}

static guint32
get_u32 (const guint8 *in)
{
  guint32 value = 0;

  for (int i = 3; i >= 0; i--)
    value = (value << 8) | in[i];
  return value;
}

static guint64
get_u64 (const guint8 *in)
{
  guint64 value = 0;

  for (int i = 7; i >= 0; i--)
    value = (value << 8) | in[i];
  return value;
}

/* Appends the header, then two parts of payload (either may be empty). */
static void
append_record2 (GByteArray   *out,
                TpRecordType  type,
                guint64       sequence,
                gint64        time,
                const void   *first,
                gsize         first_length,
                const void   *second,
                gsize         second_length)
{
  guint8 header[TP_RECORD_HEADER_LENGTH] = { 0 };
  gsize start = out->len;
  guint32 crc;

  g_return_if_fail (first_length + second_length <= MAX_PAYLOAD);

  put_u32 (header, first_length + second_length);
  header[8] = type;
  put_u64 (header + 12, sequence);
  put_u64 (header + 20, (guint64) time);
  g_byte_array_append (out, header, sizeof header);
  if (first_length > 0)
    g_byte_array_append (out, first, first_length);
  if (second_length > 0)
    g_byte_array_append (out, second, second_length);

  crc = tp_journal_crc32 (0, out->data + start + 8, out->len - start - 8);
  put_u32 (out->data + start + 4, crc);
}

void
tp_journal_append_record (GByteArray   *out,
                          TpRecordType  type,
                          guint64       sequence,
                          gint64        time,
                          const void   *payload,
                          gsize         length)
{
  append_record2 (out, type, sequence, time, payload, length, NULL, 0);
}

void
tp_journal_append_insert (GByteArray *out,
                          guint64     sequence,
                          gint64      time,
                          guint64     offset,
                          const char *text,
                          gsize       length)
{
  guint8 position[8];

  put_u64 (position, offset);
  append_record2 (out, TP_RECORD_INSERT, sequence, time, position, 8, text, length);
}

void
tp_journal_append_delete (GByteArray *out,
                          guint64     sequence,
                          gint64      time,
                          guint64     offset,
                          guint64     count)
{
  guint8 range[16];

  put_u64 (range, offset);
  put_u64 (range + 8, count);
  tp_journal_append_record (out, TP_RECORD_DELETE, sequence, time, range, sizeof range);
}

void
tp_journal_append_cursor (GByteArray *out,
                          guint64     sequence,
                          gint64      time,
                          guint64     offset)
{
  guint8 position[8];

  put_u64 (position, offset);
  tp_journal_append_record (out, TP_RECORD_CURSOR, sequence, time, position, sizeof position);
}

void
tp_journal_append_info (GByteArray           *out,
                        guint64               sequence,
                        gint64                time,
                        const TpDocumentInfo *info)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize length;

  g_key_file_set_string (key_file, "Document", "Title", info->title ? info->title : "");
  if (info->uri != NULL)
    g_key_file_set_string (key_file, "Document", "Location", info->uri);
  if (info->encoding != NULL)
    g_key_file_set_string (key_file, "Document", "Charset", info->encoding);
  data = g_key_file_to_data (key_file, &length, NULL);
  tp_journal_append_record (out, TP_RECORD_INFO, sequence, time, data, length);
}

void
tp_journal_append_base (GByteArray       *out,
                        guint64           sequence,
                        gint64            time,
                        const TpBaseInfo *base)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autofree char *data = NULL;
  gsize length;

  g_key_file_set_string (key_file, "Base", "Location", base->uri);
  g_key_file_set_string (key_file, "Base", "Charset", base->encoding ? base->encoding : "UTF-8");
  g_key_file_set_uint64 (key_file, "Base", "Device", base->device);
  g_key_file_set_uint64 (key_file, "Base", "Inode", base->inode);
  g_key_file_set_uint64 (key_file, "Base", "Size", base->size);
  g_key_file_set_int64 (key_file, "Base", "ModifiedNs", base->mtime_ns);
  g_key_file_set_uint64 (key_file, "Base", "Skip", base->skip);
  g_key_file_set_uint64 (key_file, "Base", "Length", base->length);
  g_key_file_set_string (key_file, "Base", "SHA256", base->checksum);
  data = g_key_file_to_data (key_file, &length, NULL);
  tp_journal_append_record (out, TP_RECORD_BASE, sequence, time, data, length);
}

/* Reads the record at data, or returns FALSE if there is no whole, valid one. */
static gboolean
read_record (const guint8 *data,
             gsize         available,
             TpRecord     *record)
{
  guint32 length;

  if (available < TP_RECORD_HEADER_LENGTH)
    return FALSE;
  length = get_u32 (data);
  if (length > MAX_PAYLOAD || length > available - TP_RECORD_HEADER_LENGTH)
    return FALSE;
  if (tp_journal_crc32 (0, data + 8, TP_RECORD_HEADER_LENGTH - 8 + length) != get_u32 (data + 4))
    return FALSE;
  if (data[8] < TP_RECORD_INSERT || data[8] > TP_RECORD_BASE)
    return FALSE;

  record->type = data[8];
  record->sequence = get_u64 (data + 12);
  record->time = (gint64) get_u64 (data + 20);
  record->payload = data + TP_RECORD_HEADER_LENGTH;
  record->length = length;
  return TRUE;
}

gsize
tp_journal_parse (const guint8 *data,
                  gsize         length,
                  const char   *magic,
                  TpRecordFunc  func,
                  gpointer      user_data)
{
  gsize position = TP_JOURNAL_MAGIC_LENGTH;
  TpRecord record;

  if (length < TP_JOURNAL_MAGIC_LENGTH || memcmp (data, magic, TP_JOURNAL_MAGIC_LENGTH) != 0)
    return 0;

  while (read_record (data + position, length - position, &record))
    {
      if (!func (&record, user_data))
        break;
      position += TP_RECORD_HEADER_LENGTH + record.length;
    }
  return position;
}

/* INSERT: the offset. DELETE: the offset and the count. CURSOR: the offset. */
gboolean
tp_journal_read_offsets (const TpRecord *record,
                         guint64        *first,
                         guint64        *second)
{
  gsize needed = record->type == TP_RECORD_DELETE ? 16 : 8;

  if (record->length < needed || (record->type != TP_RECORD_INSERT && record->length != needed))
    return FALSE;
  *first = get_u64 (record->payload);
  if (second != NULL)
    *second = record->type == TP_RECORD_DELETE ? get_u64 (record->payload + 8) : 0;
  return TRUE;
}

gboolean
tp_journal_read_info (const TpRecord *record,
                      TpDocumentInfo *info)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();

  if (!g_utf8_validate ((const char *) record->payload, record->length, NULL)
      || !g_key_file_load_from_data (key_file, (const char *) record->payload, record->length,
                                     G_KEY_FILE_NONE, NULL))
    return FALSE;

  tp_document_info_clear (info);
  info->title = g_key_file_get_string (key_file, "Document", "Title", NULL);
  info->uri = g_key_file_get_string (key_file, "Document", "Location", NULL);
  info->encoding = g_key_file_get_string (key_file, "Document", "Charset", NULL);
  if (info->title == NULL)
    info->title = g_strdup ("");
  return TRUE;
}

gboolean
tp_journal_read_base (const TpRecord *record,
                      TpBaseInfo     *base)
{
  g_autoptr(GKeyFile) key_file = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  TpBaseInfo read = { 0 };

  if (!g_utf8_validate ((const char *) record->payload, record->length, NULL)
      || !g_key_file_load_from_data (key_file, (const char *) record->payload, record->length,
                                     G_KEY_FILE_NONE, NULL))
    return FALSE;
  read.uri = g_key_file_get_string (key_file, "Base", "Location", &error);
  read.encoding = g_key_file_get_string (key_file, "Base", "Charset", error ? NULL : &error);
  read.checksum = g_key_file_get_string (key_file, "Base", "SHA256", error ? NULL : &error);
  read.device = g_key_file_get_uint64 (key_file, "Base", "Device", error ? NULL : &error);
  read.inode = g_key_file_get_uint64 (key_file, "Base", "Inode", error ? NULL : &error);
  read.size = g_key_file_get_uint64 (key_file, "Base", "Size", error ? NULL : &error);
  read.mtime_ns = g_key_file_get_int64 (key_file, "Base", "ModifiedNs", error ? NULL : &error);
  read.skip = g_key_file_get_uint64 (key_file, "Base", "Skip", error ? NULL : &error);
  read.length = g_key_file_get_uint64 (key_file, "Base", "Length", error ? NULL : &error);
  if (error != NULL || read.uri == NULL || read.encoding == NULL || read.checksum == NULL)
    {
      tp_base_info_clear (&read);
      return FALSE;
    }
  tp_base_info_clear (base);
  *base = read;
  return TRUE;
}

/* Shadow text */

/* A gap buffer: the text is buf[0, gap_start) followed by buf[gap_end, capacity), and the gap
 * sits where the last edit ended. Typing there costs only the bytes typed; an edit elsewhere
 * moves the gap by the distance, never the whole text. */
struct _TpShadowText
{
  char    *buf;
  gsize    capacity;
  gsize    gap_start;
  gsize    gap_end;
  guint64  char_count;
  guint64  gap_char;   /* the character offset of the gap */
};

#define GAP_MIN 4096

static gsize
text_length (const TpShadowText *self)
{
  return self->capacity - (self->gap_end - self->gap_start);
}

static void
make_room (TpShadowText *self,
           gsize         needed)
{
  gsize suffix = self->capacity - self->gap_end;
  gsize capacity;

  if (self->gap_end - self->gap_start >= needed)
    return;
  capacity = text_length (self) + needed;
  capacity += MAX (GAP_MIN, capacity / 4);
  self->buf = g_realloc (self->buf, capacity);
  memmove (self->buf + capacity - suffix, self->buf + self->gap_end, suffix);
  self->gap_end = capacity - suffix;
  self->capacity = capacity;
}

/* Moves the gap to a byte offset of the text. */
static void
move_gap (TpShadowText *self,
          gsize         at)
{
  if (at < self->gap_start)
    {
      gsize n = self->gap_start - at;

      memmove (self->buf + self->gap_end - n, self->buf + at, n);
      self->gap_start -= n;
      self->gap_end -= n;
    }
  else if (at > self->gap_start)
    {
      gsize n = at - self->gap_start;

      memmove (self->buf + self->gap_start, self->buf + self->gap_end, n);
      self->gap_start += n;
      self->gap_end += n;
    }
}

/* Moves the gap to a character offset, walking from the nearest of the gap and the two ends. */
static void
move_gap_to_char (TpShadowText *self,
                  guint64       offset)
{
  const char *p;

  if (offset == self->gap_char)
    return;
  if (offset < self->gap_char)
    {
      if (self->gap_char - offset <= offset)
        {
          p = self->buf + self->gap_start;
          for (guint64 c = self->gap_char; c > offset; c--)
            p = g_utf8_prev_char (p);
        }
      else
        {
          p = self->buf;
          for (guint64 c = 0; c < offset; c++)
            p = g_utf8_next_char (p);
        }
      move_gap (self, p - self->buf);
    }
  else
    {
      const char *suffix = self->buf + self->gap_end;

      if (offset - self->gap_char <= self->char_count - offset)
        {
          p = suffix;
          for (guint64 c = self->gap_char; c < offset; c++)
            p = g_utf8_next_char (p);
        }
      else
        {
          p = self->buf + self->capacity;
          for (guint64 c = self->char_count; c > offset; c--)
            p = g_utf8_prev_char (p);
        }
      move_gap (self, self->gap_start + (p - suffix));
    }
  self->gap_char = offset;
}

/* Empty, with a buffer that holds length bytes and a gap. */
static void
reset (TpShadowText *self,
       gsize         length)
{
  self->capacity = length + GAP_MIN;
  self->buf = g_malloc (self->capacity);
  self->gap_start = 0;
  self->gap_end = self->capacity;
  self->char_count = 0;
  self->gap_char = 0;
}

TpShadowText *
tp_shadow_text_new (void)
{
  TpShadowText *self = g_new0 (TpShadowText, 1);

  reset (self, 0);
  return self;
}

void
tp_shadow_text_free (TpShadowText *self)
{
  if (self == NULL)
    return;
  g_free (self->buf);
  g_free (self);
}

void
tp_shadow_text_set (TpShadowText *self,
                    const char   *text,
                    gsize         length)
{
  g_free (self->buf);
  reset (self, length);
  memcpy (self->buf, text, length);
  self->gap_start = length;
  self->char_count = g_utf8_strlen (text, length);
  self->gap_char = self->char_count;
}

/* The same, taking text (g_malloc'ed) rather than copying it. */
void
tp_shadow_text_take (TpShadowText *self,
                     char         *text,
                     gsize         length)
{
  g_free (self->buf);
  self->capacity = length + GAP_MIN;
  self->buf = g_realloc (text, self->capacity);
  self->gap_start = length;
  self->gap_end = self->capacity;
  self->char_count = g_utf8_strlen (self->buf, length);
  self->gap_char = self->char_count;
}

gboolean
tp_shadow_text_insert (TpShadowText *self,
                       guint64       offset,
                       const char   *text,
                       gsize         length)
{
  glong count;

  if (offset > self->char_count || !g_utf8_validate_len (text, length, NULL))
    return FALSE;

  count = g_utf8_strlen (text, length);
  move_gap_to_char (self, offset);
  make_room (self, length);
  memcpy (self->buf + self->gap_start, text, length);
  self->gap_start += length;
  self->char_count += count;
  self->gap_char += count;
  return TRUE;
}

gboolean
tp_shadow_text_delete (TpShadowText *self,
                       guint64       offset,
                       guint64       count)
{
  const char *p;

  if (offset > self->char_count || count > self->char_count - offset)
    return FALSE;

  move_gap_to_char (self, offset);
  p = self->buf + self->gap_end;
  for (guint64 i = 0; i < count; i++)
    p = g_utf8_next_char (p);
  self->gap_end = p - self->buf;
  self->char_count -= count;
  return TRUE;
}

/* The whole text in one piece, followed by a NUL. Moves the gap to the end: for snapshots, not
 * for every edit. */
const char *
tp_shadow_text_get (TpShadowText *self,
                    gsize        *length)
{
  make_room (self, 1);
  move_gap (self, text_length (self));
  self->gap_char = self->char_count;
  self->buf[self->gap_start] = '\0';
  if (length != NULL)
    *length = self->gap_start;
  return self->buf;
}

gsize
tp_shadow_text_get_length (TpShadowText *self)
{
  return text_length (self);
}

guint64
tp_shadow_text_get_char_count (TpShadowText *self)
{
  return self->char_count;
}

/* Empties the shadow and returns what it held. */
char *
tp_shadow_text_steal (TpShadowText *self,
                      gsize        *length)
{
  char *text;

  tp_shadow_text_get (self, length);
  text = self->buf;
  reset (self, 0);
  return text;
}

/* Applies the edits among journal records (without the magic string) to the text; FALSE if
 * one does not fit it or a record is not whole. */
gboolean
tp_shadow_text_apply_records (TpShadowText *self,
                              const guint8 *records,
                              gsize         length)
{
  gsize position = 0;
  TpRecord record;

  while (read_record (records + position, length - position, &record))
    {
      guint64 offset, count;

      if (record.type == TP_RECORD_INSERT || record.type == TP_RECORD_DELETE)
        {
          if (!tp_journal_read_offsets (&record, &offset, &count))
            return FALSE;
          if (record.type == TP_RECORD_INSERT
              ? !tp_shadow_text_insert (self, offset, (const char *) record.payload + 8,
                                        record.length - 8)
              : !tp_shadow_text_delete (self, offset, count))
            return FALSE;
        }
      position += TP_RECORD_HEADER_LENGTH + record.length;
    }
  return position == length;
}

/* Replay */

typedef struct
{
  TpReplay         *replay;
  TpShadowText     *shadow;
  TpReplayBaseFunc  read_base;
  gboolean          have_text;
  gboolean          broken;     /* a record was readable but made no sense */
} ReplayState;

static void
apply_cursor (ReplayState    *state,
              const TpRecord *record)
{
  guint64 offset;

  if (tp_journal_read_offsets (record, &offset, NULL))
    state->replay->cursor = offset;
  else
    state->broken = TRUE;
}

/* The text is a file's, read again now: a file that changed since stops the replay, with
 * nothing replayed (the edits were made to what it held then). */
static gboolean
apply_base (ReplayState    *state,
            const TpRecord *record)
{
  TpReplay *replay = state->replay;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  if (replay->base == NULL)
    replay->base = g_new0 (TpBaseInfo, 1);
  if (!tp_journal_read_base (record, replay->base))
    return !(state->broken = TRUE);
  replay->sequence = record->sequence;
  replay->last_change = record->time;
  if (state->read_base != NULL)
    text = state->read_base (replay->base, &length, &error);
  if (text == NULL)
    {
      g_debug ("%s", error ? error->message : "no way to read the base of a recovery entry");
      replay->base_changed = TRUE;
      return FALSE;
    }
  tp_shadow_text_set (state->shadow, text, length);
  state->have_text = TRUE;
  return TRUE;
}

static gboolean
apply_snapshot_record (const TpRecord *record,
                       gpointer        user_data)
{
  ReplayState *state = user_data;

  switch (record->type)
    {
    case TP_RECORD_INFO:
      if (!tp_journal_read_info (record, &state->replay->info))
        state->broken = TRUE;
      break;
    case TP_RECORD_TEXT:
      if (!g_utf8_validate_len ((const char *) record->payload, record->length, NULL))
        return !(state->broken = TRUE);
      tp_shadow_text_set (state->shadow, (const char *) record->payload, record->length);
      state->replay->sequence = record->sequence;
      state->replay->last_change = record->time;
      state->have_text = TRUE;
      break;
    case TP_RECORD_CURSOR:
      apply_cursor (state, record);
      break;
    case TP_RECORD_BASE:
      return apply_base (state, record);
    default:
      state->broken = TRUE;
      break;
    }
  return !state->broken;
}

static gboolean
apply_edit (ReplayState    *state,
            const TpRecord *record)
{
  guint64 offset, count;

  if (!tp_journal_read_offsets (record, &offset, &count))
    return FALSE;
  if (record->type == TP_RECORD_INSERT)
    {
      const char *text = (const char *) record->payload + 8;
      gsize length = record->length - 8;

      if (!tp_shadow_text_insert (state->shadow, offset, text, length))
        return FALSE;
      state->replay->cursor = offset + g_utf8_strlen (text, length);
    }
  else
    {
      if (!tp_shadow_text_delete (state->shadow, offset, count))
        return FALSE;
      state->replay->cursor = offset;
    }
  state->replay->last_change = record->time;
  return TRUE;
}

static gboolean
apply_journal_record (const TpRecord *record,
                      gpointer        user_data)
{
  ReplayState *state = user_data;
  TpReplay *replay = state->replay;

  if (record->sequence <= replay->sequence)
    return TRUE;
  if (record->sequence != replay->sequence + 1)
    return !(state->broken = TRUE);

  switch (record->type)
    {
    case TP_RECORD_INSERT:
    case TP_RECORD_DELETE:
      if (!apply_edit (state, record))
        state->broken = TRUE;
      break;
    case TP_RECORD_CURSOR:
      apply_cursor (state, record);
      break;
    case TP_RECORD_INFO:
      if (!tp_journal_read_info (record, &replay->info))
        state->broken = TRUE;
      break;
    default:
      state->broken = TRUE;
      break;
    }
  if (!state->broken)
    replay->sequence = record->sequence;
  return !state->broken;
}

/* A snapshot whose text record is whole but fails its checksum still holds most of the user's
 * words: keep them, made valid, rather than nothing. */
static void
salvage_snapshot_text (ReplayState  *state,
                       const guint8 *data,
                       gsize         length,
                       gsize         valid)
{
  gsize payload_length;
  g_autofree char *text = NULL;

  if (valid == 0 || length - valid < TP_RECORD_HEADER_LENGTH)
    return;
  data += valid;
  payload_length = data[0] | data[1] << 8 | data[2] << 16 | (gsize) data[3] << 24;
  if (data[8] != TP_RECORD_TEXT || payload_length > length - valid - TP_RECORD_HEADER_LENGTH)
    return;
  text = g_utf8_make_valid ((const char *) data + TP_RECORD_HEADER_LENGTH, payload_length);
  tp_shadow_text_set (state->shadow, text, strlen (text));
  state->replay->last_change = (gint64) get_u64 (data + 20);
}

static void
replay_snapshot (ReplayState *state,
                 GBytes      *snapshot)
{
  gsize length, valid;
  const guint8 *data = g_bytes_get_data (snapshot, &length);

  valid = tp_journal_parse (data, length, TP_SNAPSHOT_MAGIC, apply_snapshot_record, state);
  if (state->replay->base_changed)
    return;
  if (valid != length || !state->have_text)
    {
      state->replay->damaged = TRUE;
      if (!state->have_text)
        salvage_snapshot_text (state, data, length, valid);
    }
}

/* Rebuilds a document. Either part may be NULL (missing), which is damage. Never fails: what
 * cannot be read is left out and the replay is marked damaged. */
TpReplay *
tp_journal_replay (GBytes *snapshot,
                   GBytes *journal)
{
  return tp_journal_replay_with_base (snapshot, journal, NULL);
}

/* The same, for entries whose text is a file's: read_base reads it (without it, such an entry
 * counts as one whose file changed). */
TpReplay *
tp_journal_replay_with_base (GBytes           *snapshot,
                             GBytes           *journal,
                             TpReplayBaseFunc  read_base)
{
  g_autoptr(TpShadowText) shadow = tp_shadow_text_new ();
  TpReplay *replay = g_new0 (TpReplay, 1);
  ReplayState state = { replay, shadow, read_base, FALSE, FALSE };

  if (snapshot != NULL)
    replay_snapshot (&state, snapshot);
  else
    replay->damaged = TRUE;

  /* Every snapshot is written with its journal: without it, the last edits may be gone. */
  if (journal == NULL)
    replay->damaged = TRUE;
  else if (state.have_text)
    {
      gsize length, valid;
      const guint8 *data = g_bytes_get_data (journal, &length);

      valid = tp_journal_parse (data, length, TP_JOURNAL_MAGIC, apply_journal_record, &state);
      if (valid != length || state.broken)
        replay->damaged = TRUE;
    }

  if (replay->info.title == NULL)
    replay->info.title = g_strdup ("");
  replay->text = tp_shadow_text_steal (shadow, &replay->length);
  replay->cursor = MIN (replay->cursor, (guint64) g_utf8_strlen (replay->text, replay->length));
  return replay;
}

void
tp_replay_free (TpReplay *replay)
{
  if (replay == NULL)
    return;
  tp_document_info_clear (&replay->info);
  if (replay->base != NULL)
    tp_base_info_clear (replay->base);
  g_free (replay->base);
  g_free (replay->text);
  g_free (replay);
}

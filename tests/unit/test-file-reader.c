/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Reading a file on a thread: encodings found and decoded, bytes that are not text escaped,
 * pieces in order, memory bounded while the main context is slow, cancelling mid-way. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tp-file-reader.h"
#include "tp-test-dir.h"

typedef struct
{
  GString        *text;
  guint           pieces;
  double          last_progress;
  gboolean        done;
  gboolean        ok;
  GError         *error;
  TpFileReadInfo  info;
  guint           slow_ms;     /* each piece takes this long to take in */
  GCancellable   *cancel_after_first;
  GCancellable   *cancellable;
  guint           cancel_after;  /* pieces, or 0 */
} Reading;

static void
on_text (const char *text,
         gsize       length,
         double      progress,
         gpointer    user_data)
{
  Reading *reading = user_data;

  if (!g_utf8_validate_len (text, length, NULL))
    g_error ("not UTF-8: a piece of %zu bytes", length);
  g_assert_cmpfloat (progress, >=, reading->last_progress);
  reading->last_progress = progress;
  g_string_append_len (reading->text, text, (gssize) length);
  reading->pieces++;
  if (reading->slow_ms > 0)
    g_usleep (reading->slow_ms * 1000);
  if (reading->cancel_after_first != NULL)
    g_cancellable_cancel (reading->cancel_after_first);
  if (reading->cancel_after > 0 && reading->pieces == reading->cancel_after)
    g_cancellable_cancel (reading->cancellable);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reading *reading = user_data;

  reading->ok = tp_file_reader_read_finish (result, &reading->info, &reading->error);
  reading->done = TRUE;
}

static void
read_file (const char  *path,
           const char  *charset,
           TpFileReaderFlags flags,
           Reading     *reading)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  reading->text = g_string_new (NULL);
  tp_file_reader_read_async (file, charset, flags, 5000, G_PRIORITY_DEFAULT,
                             reading->cancel_after_first, on_text, reading, on_done, reading);
  while (!reading->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
reading_clear (Reading *reading)
{
  g_string_free (reading->text, TRUE);
  g_clear_error (&reading->error);
  tp_file_read_info_clear (&reading->info);
}

static char *
write_file (const char *dir,
            const char *name,
            const char *contents,
            gssize      length)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

/* Reads contents from a file and checks the text and the encoding found. */
static void
check_reads_as (const char *contents,
                gssize      length,
                const char *charset,
                const char *expected_text,
                gboolean    escaped)
{
  g_autofree char *dir = g_dir_make_tmp ("threadpad-reader-XXXXXX", NULL);
  g_autofree char *path = write_file (dir, "file.txt", contents, length);
  Reading reading = { 0 };

  read_file (path, NULL, TP_FILE_READER_NONE, &reading);
  g_assert_no_error (reading.error);
  g_assert_true (reading.ok);
  g_assert_cmpstr (reading.info.charset, ==, charset);
  g_assert_cmpstr (reading.text->str, ==, expected_text);
  g_assert_cmpint (reading.info.escaped, ==, escaped);
  g_assert_cmpuint (reading.info.size, ==, length < 0 ? strlen (contents) : (gsize) length);
  reading_clear (&reading);
  g_unlink (path);
  tp_test_remove_dir (dir);
}

static void
test_encodings (void)
{
  check_reads_as ("plain text\n", -1, "UTF-8", "plain text\n", FALSE);
  check_reads_as ("", 0, "UTF-8", "", FALSE);
  check_reads_as ("caf\xc3\xa9 \xe6\x9d\xb1\n", -1, "UTF-8", "café 東\n", FALSE);
  check_reads_as ("\xbd \xbc \xbe \x93quoted\x94 caf\xe9\n", -1, "WINDOWS-1252",
                  "½ ¼ ¾ “quoted” café\n", FALSE);
  /* 0x81 is not a character of Windows-1252. */
  check_reads_as ("\x81\xe9\n", -1, "ISO-8859-1", "\xc2\x81\xc3\xa9\n", FALSE);
  check_reads_as ("\xff\xfeh\0i\0\n\0", 8, "UTF-16", "hi\n", FALSE);
}

/* A file that looks like UTF-8 at first keeps UTF-8: a stray byte further on is escaped, as
 * GtkSourceView shows it, and said. */
static void
test_invalid_bytes_escaped (void)
{
  g_autofree char *start = g_strnfill (100 * 1024, 'a');
  g_autofree char *contents = g_strconcat (start, "\xff", "b\xc3", NULL);
  g_autofree char *expected = g_strconcat (start, "\\FFb\\C3", NULL);

  check_reads_as (contents, -1, "UTF-8", expected, TRUE);
}

/* In UTF-16, a unit that is not text (a lone surrogate) is escaped whole: the text after it is
 * read as it is, not shifted by a byte into nonsense. */
static void
test_invalid_utf16_unit (void)
{
  /* A, a lone high surrogate D800, then B, C. */
  const char contents[] = "\xff\xfe" "A\0" "\x00\xd8" "B\0" "C\0";

  check_reads_as (contents, sizeof contents - 1, "UTF-16", "A\\00\\D8BC", TRUE);
}

/* Characters of several bytes cut by the reader's blocks come out whole. */
static void
test_characters_across_blocks (void)
{
  GString *contents = g_string_new (NULL);

  for (int i = 0; i < 200000; i++)
    g_string_append (contents, i % 3 ? "é" : "東a");
  check_reads_as (contents->str, (gssize) contents->len, "UTF-8", contents->str, FALSE);
  g_string_free (contents, TRUE);
}

static void
test_binary_and_special_files (void)
{
  g_autofree char *dir = g_dir_make_tmp ("threadpad-reader-XXXXXX", NULL);
  g_autofree char *binary = write_file (dir, "program", "\x7f" "ELF\0\0\0\1", 8);
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  Reading reading = { 0 };

  read_file (binary, NULL, TP_FILE_READER_NONE, &reading);
  g_assert_error (reading.error, TP_FILE_READER_ERROR, TP_FILE_READER_ERROR_BINARY);
  g_assert_cmpstr (reading.text->str, ==, "");
  reading_clear (&reading);

  reading = (Reading) { 0 };
  read_file (binary, NULL, TP_FILE_READER_ALLOW_BINARY, &reading);
  g_assert_no_error (reading.error);
  g_assert_cmpstr (reading.text->str, ==, "\x7f" "ELF\\00\\00\\00\1");
  g_assert_true (reading.info.escaped);
  reading_clear (&reading);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  reading = (Reading) { 0 };
  read_file (fifo, NULL, TP_FILE_READER_NONE, &reading);
  g_assert_error (reading.error, TP_FILE_READER_ERROR, TP_FILE_READER_ERROR_FIFO);
  reading_clear (&reading);

  reading = (Reading) { 0 };
  read_file ("/nonexistent/file", NULL, TP_FILE_READER_NONE, &reading);
  g_assert_error (reading.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  reading_clear (&reading);

  g_unlink (binary);
  g_unlink (fifo);
  tp_test_remove_dir (dir);
}

/* A main context slower than the disk: all the text arrives, in order, in many pieces. */
static void
test_slow_main_context (void)
{
  g_autofree char *dir = g_dir_make_tmp ("threadpad-reader-XXXXXX", NULL);
  GString *contents = g_string_new (NULL);
  g_autofree char *path = NULL;
  Reading reading = { .slow_ms = 2 };

  for (int i = 0; contents->len < 8 * 1024 * 1024; i++)
    g_string_append_printf (contents, "line %d of a file read by a thread\n", i);
  path = write_file (dir, "big.txt", contents->str, (gssize) contents->len);
  read_file (path, NULL, TP_FILE_READER_NONE, &reading);
  g_assert_no_error (reading.error);
  g_assert_true (reading.text->len == contents->len
                 && memcmp (reading.text->str, contents->str, contents->len) == 0);
  g_assert_cmpuint (reading.pieces, >=, 100);
  g_assert_cmpfloat (reading.last_progress, ==, 1.0);
  reading_clear (&reading);
  g_string_free (contents, TRUE);
  g_unlink (path);
  tp_test_remove_dir (dir);
}

static void
test_cancel (void)
{
  g_autofree char *dir = g_dir_make_tmp ("threadpad-reader-XXXXXX", NULL);
  g_autofree char *big = g_strnfill (16 * 1024 * 1024, 'x');
  g_autofree char *path = write_file (dir, "big.txt", big, -1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Reading reading = { .cancel_after_first = cancellable };

  read_file (path, NULL, TP_FILE_READER_NONE, &reading);
  g_assert_error (reading.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (reading.pieces, ==, 1);
  reading_clear (&reading);
  g_unlink (path);
  tp_test_remove_dir (dir);
}

static gpointer
cancel_soon (gpointer data)
{
  g_usleep (3000);
  g_cancellable_cancel (data);
  return NULL;
}

/* Many reads at once, some cancelled on the main context after a few pieces, one from another
 * thread at any moment: each one that ends gives the whole file, each cancelled one says so,
 * and nothing is left behind (run under ThreadSanitizer and AddressSanitizer). */
static void
test_many_at_once (void)
{
  g_autofree char *dir = g_dir_make_tmp ("threadpad-reader-XXXXXX", NULL);
  GString *contents = g_string_new (NULL);
  g_autofree char *path = NULL;
  enum { N_READS = 8 };
  const guint cancel_after[N_READS] = { 0, 1, 0, 3, 7, 0, 2, 0 };
  Reading readings[N_READS] = { 0 };
  GThread *canceller;
  gboolean all_done = FALSE;

  for (int i = 0; contents->len < 3 * 1024 * 1024; i++)
    g_string_append_printf (contents, "%d: déjà vu, naïve café — 読む\n", i);
  path = write_file (dir, "shared.txt", contents->str, (gssize) contents->len);
  for (guint i = 0; i < N_READS; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      Reading *reading = &readings[i];

      reading->text = g_string_new (NULL);
      reading->cancellable = g_cancellable_new ();
      reading->cancel_after = cancel_after[i];
      tp_file_reader_read_async (file, NULL, TP_FILE_READER_NONE, 2000, G_PRIORITY_DEFAULT,
                                 reading->cancellable, on_text, reading, on_done, reading);
    }
  canceller = g_thread_new ("canceller", cancel_soon, readings[N_READS - 1].cancellable);
  while (!all_done)
    {
      g_main_context_iteration (NULL, TRUE);
      all_done = TRUE;
      for (guint i = 0; i < N_READS; i++)
        all_done = all_done && readings[i].done;
    }
  g_thread_join (canceller);

  for (guint i = 0; i < N_READS; i++)
    {
      Reading *reading = &readings[i];

      if (reading->cancel_after > 0)
        {
          g_assert_error (reading->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          g_assert_cmpuint (reading->pieces, ==, reading->cancel_after);
        }
      else if (reading->ok)
        g_assert_true (reading->text->len == contents->len
                       && memcmp (reading->text->str, contents->str, contents->len) == 0);
      else
        g_assert_true (i == N_READS - 1
                       && g_error_matches (reading->error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
      g_clear_object (&reading->cancellable);
      reading_clear (reading);
    }
  g_string_free (contents, TRUE);
  g_unlink (path);
  tp_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/FileReader/encodings", test_encodings);
  g_test_add_func ("/FileReader/invalid-bytes-escaped", test_invalid_bytes_escaped);
  g_test_add_func ("/FileReader/invalid-utf16-unit", test_invalid_utf16_unit);
  g_test_add_func ("/FileReader/characters-across-blocks", test_characters_across_blocks);
  g_test_add_func ("/FileReader/binary-and-special-files", test_binary_and_special_files);
  g_test_add_func ("/FileReader/slow-main-context", test_slow_main_context);
  g_test_add_func ("/FileReader/cancel", test_cancel);
  g_test_add_func ("/FileReader/many-at-once", test_many_at_once);
  return g_test_run ();
}

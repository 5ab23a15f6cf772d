/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtksourceview/gtksource.h>

#include "tp-file-messages.h"

static void
test_binary_sniffing (void)
{
  static const guint8 elf[] = { 0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0 };
  static const guint8 utf16[] = { 0xFF, 0xFE, 'h', 0, 'i', 0 };
  static const guint8 utf32be[] = { 0, 0, 0xFE, 0xFF, 0, 0, 0, 'h' };
  const char *text = "plain text, caf\xc3\xa9\n";

  g_assert_true (tp_bytes_look_binary (elf, sizeof elf));
  g_assert_false (tp_bytes_look_binary ((const guint8 *) text, strlen (text)));
  g_assert_false (tp_bytes_look_binary (utf16, sizeof utf16));
  g_assert_false (tp_bytes_look_binary (utf32be, sizeof utf32be));
  g_assert_false (tp_bytes_look_binary ((const guint8 *) "", 0));
}

static void
assert_says (const char *message,
             const char *words)
{
  if (strstr (message, words) == NULL)
    g_error ("“%s” does not say “%s”", message, words);
}

static void
test_load_messages (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/some/where/report.txt");
  g_autoptr(GError) denied = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "EACCES");
  g_autoptr(GError) odd = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_BUSY, "Device busy");
  g_autoptr(GError) binary = g_error_new_literal (TP_DOCUMENT_ERROR, TP_DOCUMENT_ERROR_BINARY, "x");
  g_autoptr(GError) fallback = g_error_new_literal (GTK_SOURCE_FILE_LOADER_ERROR,
                                                    GTK_SOURCE_FILE_LOADER_ERROR_CONVERSION_FALLBACK,
                                                    "x");
  g_autofree char *denied_text = tp_describe_load_error (file, denied);
  g_autofree char *odd_text = tp_describe_load_error (file, odd);
  g_autofree char *binary_text = tp_describe_load_error (file, binary);
  g_autofree char *fallback_text = tp_describe_load_error (file, fallback);

  g_assert_cmpstr (denied_text, ==, "Could not open “report.txt”. You do not have permission to read it.");
  /* An error without its own wording still names the file, then gives the system's words. */
  assert_says (odd_text, "report.txt");
  assert_says (odd_text, "Device busy");
  assert_says (binary_text, "binary");
  assert_says (fallback_text, "read-only");
}

static void
test_save_messages (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/full/disk/essay.txt");
  g_autoptr(GError) full = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NO_SPACE, "ENOSPC");
  g_autoptr(GError) changed = g_error_new_literal (GTK_SOURCE_FILE_SAVER_ERROR,
                                                   GTK_SOURCE_FILE_SAVER_ERROR_EXTERNALLY_MODIFIED,
                                                   "x");
  g_autofree char *full_text = tp_describe_save_error (file, full);
  g_autofree char *changed_text = tp_describe_save_error (file, changed);

  g_assert_cmpstr (full_text, ==, "Could not save “essay.txt”. Your text is still here. "
                                  "There is not enough free space on the disk.");
  assert_says (changed_text, "changed by another program");
}

static void
test_display_name (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/tmp/a b.txt");
  g_autofree char *name = tp_file_get_display_name (file);
  g_autofree char *untitled = tp_file_get_display_name (NULL);

  g_assert_cmpstr (name, ==, "a b.txt");
  g_assert_cmpstr (untitled, ==, "Untitled Document");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/FileMessages/binary-sniffing", test_binary_sniffing);
  g_test_add_func ("/FileMessages/load", test_load_messages);
  g_test_add_func ("/FileMessages/save", test_save_messages);
  g_test_add_func ("/FileMessages/display-name", test_display_name);
  return g_test_run ();
}

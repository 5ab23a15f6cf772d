/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "tp-location.h"

static char *
file_path (const TpLocation *location)
{
  return g_file_get_path (location->file);
}

static GPtrArray *
parse (const char *const *args,
       const char        *cwd)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *locations = tp_location_parse_args (args, cwd, &error);

  g_assert_no_error (error);
  g_assert_nonnull (locations);
  return locations;
}

static void
test_plain_files (void)
{
  g_autoptr(GPtrArray) locations = parse ((const char *[]) { "a.txt", "/tmp/b.txt", NULL }, "/home/x");
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  g_assert_cmpuint (locations->len, ==, 2);
  first = file_path (g_ptr_array_index (locations, 0));
  second = file_path (g_ptr_array_index (locations, 1));
  g_assert_cmpstr (first, ==, "/home/x/a.txt");
  g_assert_cmpstr (second, ==, "/tmp/b.txt");
  g_assert_cmpint (((TpLocation *) g_ptr_array_index (locations, 0))->line, ==, 0);
}

static void
test_plus_line (void)
{
  g_autoptr(GPtrArray) locations = parse ((const char *[]) { "+12", "a.txt", "b.txt", "+3:4", "c", NULL },
                                          "/w");
  TpLocation *a = g_ptr_array_index (locations, 0);
  TpLocation *b = g_ptr_array_index (locations, 1);
  TpLocation *c = g_ptr_array_index (locations, 2);

  g_assert_cmpuint (locations->len, ==, 3);
  g_assert_cmpint (a->line, ==, 12);
  g_assert_cmpint (a->column, ==, 0);
  g_assert_cmpint (b->line, ==, 0);
  g_assert_cmpint (c->line, ==, 3);
  g_assert_cmpint (c->column, ==, 4);
}

static void
test_file_colon_line (void)
{
  g_autoptr(GPtrArray) locations = parse ((const char *[]) { "notes.txt:7", "x.c:10:2", "sub/y:z", NULL },
                                          "/nonexistent-dir");
  TpLocation *notes = g_ptr_array_index (locations, 0);
  TpLocation *x = g_ptr_array_index (locations, 1);
  TpLocation *y = g_ptr_array_index (locations, 2);
  g_autofree char *notes_path = file_path (notes);
  g_autofree char *x_path = file_path (x);
  g_autofree char *y_path = file_path (y);

  g_assert_cmpstr (notes_path, ==, "/nonexistent-dir/notes.txt");
  g_assert_cmpint (notes->line, ==, 7);
  g_assert_cmpstr (x_path, ==, "/nonexistent-dir/x.c");
  g_assert_cmpint (x->line, ==, 10);
  g_assert_cmpint (x->column, ==, 2);
  g_assert_cmpstr (y_path, ==, "/nonexistent-dir/sub/y:z");
  g_assert_cmpint (y->line, ==, 0);
}

/* A file whose real name ends in ":3" is opened as named. */
static void
test_existing_name_with_colon (void)
{
  g_autofree char *dir = g_dir_make_tmp ("tp-location-XXXXXX", NULL);
  g_autofree char *odd = g_build_filename (dir, "log:3", NULL);
  g_autoptr(GPtrArray) locations = NULL;
  g_autofree char *path = NULL;

  g_assert_true (g_file_set_contents (odd, "x", -1, NULL));
  locations = parse ((const char *[]) { "log:3", NULL }, dir);
  path = file_path (g_ptr_array_index (locations, 0));
  g_assert_cmpstr (path, ==, odd);
  g_assert_cmpint (((TpLocation *) g_ptr_array_index (locations, 0))->line, ==, 0);
  g_unlink (odd);
  g_rmdir (dir);
}

static void
test_uri (void)
{
  g_autoptr(GPtrArray) locations = parse ((const char *[]) { "file:///tmp/x%20y.txt", NULL }, "/w");
  g_autofree char *path = file_path (g_ptr_array_index (locations, 0));

  g_assert_cmpstr (path, ==, "/tmp/x y.txt");
}

static void
test_stdin (void)
{
  g_autoptr(GPtrArray) locations = parse ((const char *[]) { "+2", "-", NULL }, "/");
  TpLocation *location = g_ptr_array_index (locations, 0);

  g_assert_true (location->is_stdin);
  g_assert_null (location->file);
  g_assert_cmpint (location->line, ==, 2);
}

static void
test_bad_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) locations = tp_location_parse_args ((const char *[]) { "+x1", NULL }, "/",
                                                           &error);

  g_assert_null (locations);
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_nonnull (strstr (error->message, "+x1"));
}

/* "notes.txt:0" names a position that does not exist, in a file that does: an error in words,
 * not a new file called "notes.txt:0". */
static void
test_line_zero (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tp-location-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "f.txt", NULL);
  const char *const bad[] = { "f.txt:0:0", "f.txt:0", "f.txt:3:0" };

  g_assert_true (g_file_set_contents (path, "text\n", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GPtrArray) locations = tp_location_parse_args ((const char *[]) { bad[i], NULL },
                                                               dir, &error);

      g_assert_null (locations);
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_assert_nonnull (strstr (error->message, "count from 1"));
      g_clear_error (&error);
    }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_position (void)
{
  int line = -1, column = -1;

  g_assert_true (tp_location_parse_position ("15", &line, &column));
  g_assert_cmpint (line, ==, 15);
  g_assert_cmpint (column, ==, 0);
  g_assert_true (tp_location_parse_position ("15:9", &line, &column));
  g_assert_cmpint (column, ==, 9);
  g_assert_false (tp_location_parse_position ("", &line, &column));
  g_assert_false (tp_location_parse_position ("0", &line, &column));
  g_assert_false (tp_location_parse_position ("3:", &line, &column));
  g_assert_false (tp_location_parse_position ("-3", &line, &column));
  g_assert_false (tp_location_parse_position ("99999999999", &line, &column));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/Location/plain-files", test_plain_files);
  g_test_add_func ("/Location/plus-line", test_plus_line);
  g_test_add_func ("/Location/file-colon-line", test_file_colon_line);
  g_test_add_func ("/Location/existing-name-with-colon", test_existing_name_with_colon);
  g_test_add_func ("/Location/uri", test_uri);
  g_test_add_func ("/Location/stdin", test_stdin);
  g_test_add_func ("/Location/bad-line", test_bad_line);
  g_test_add_func ("/Location/line-zero", test_line_zero);
  g_test_add_func ("/Location/position", test_position);
  return g_test_run ();
}

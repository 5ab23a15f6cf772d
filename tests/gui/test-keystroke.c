/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What one key typed costs the window besides the change itself: what it draws again and what
 * it lays out again. The bare GtkSourceView draws the line typed in; the editor's window must
 * not make every key draw the whole view, nor lay out parts of the window the key does not
 * change. */
#include "config.h"

#include <gtksourceview/gtksource.h>

#include "tp-document.h"
#include "tp-gui-harness.h"
#include "tp-tab.h"
#include "tp-window.h"

#define LINES 200

static char *test_dir;
static char *test_path;

/* The tallest area of the text (and of the gutter beside it) drawn since the last reset. */
typedef struct
{
  GtkTextView *view;
  int          text_height;
  int          gutter_height;
} Drawn;

static gboolean
on_view_draw (GtkWidget *widget,
              cairo_t   *cr,
              Drawn     *drawn)
{
  GdkRectangle clip;

  if (!gdk_cairo_get_clip_rectangle (cr, &clip))
    return GDK_EVENT_PROPAGATE;
  if (gtk_cairo_should_draw_window (cr, gtk_text_view_get_window (drawn->view,
                                                                  GTK_TEXT_WINDOW_TEXT)))
    drawn->text_height = MAX (drawn->text_height, clip.height);
  if (gtk_cairo_should_draw_window (cr, gtk_text_view_get_window (drawn->view,
                                                                  GTK_TEXT_WINDOW_LEFT)))
    drawn->gutter_height = MAX (drawn->gutter_height, clip.height);
  return GDK_EVENT_PROPAGATE;
}

/* Types @text and lets the frames that show it be drawn. */
static void
type_and_paint (const char *text)
{
  tp_gui_type (text);
  tp_gui_wait_idle ();
  tp_gui_sleep (100);
  tp_gui_wait_idle ();
}

static char *
numbered_lines (void)
{
  GString *text = g_string_new (NULL);

  for (int i = 1; i <= LINES; i++)
    g_string_append_printf (text, "line %d of the document\n", i);
  return g_string_free (text, FALSE);
}

/* ---- what a key draws ---- */

static void
draws_line_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GtkTextView *view = GTK_TEXT_VIEW (tp_tab_get_view (tab));
  int visible = gdk_window_get_height (gtk_text_view_get_window (view, GTK_TEXT_WINDOW_TEXT));
  Drawn drawn = { view, 0, 0 };

  g_assert_cmpint (visible, >, 200);
  tp_gui_focus (GTK_WINDOW (window));
  type_and_paint ("a");
  g_signal_connect (view, "draw", G_CALLBACK (on_view_draw), &drawn);

  for (int i = 0; i < 3; i++)
    {
      drawn.text_height = drawn.gutter_height = 0;
      type_and_paint ("b");
      /* Drawn at all: the watch works. */
      g_assert_cmpint (drawn.text_height, >, 0);
      g_assert_cmpint (drawn.text_height, <, visible / 4);
      g_assert_cmpint (drawn.gutter_height, <, visible / 4);
    }
  g_signal_handlers_disconnect_by_func (view, on_view_draw, &drawn);
  g_assert_true (tp_document_get_modified (tp_tab_get_document (tab)));
}

static void
test_draws_line (void)
{
  g_autofree char *text = numbered_lines ();

  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "lines.txt", text, -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, draws_line_body);
}

/* ---- what a key leaves alone ---- */

static void
count_draw (GtkWidget *widget,
            cairo_t   *cr,
            guint     *draws)
{
  (*draws)++;
}

/* The tab's title says the document is modified from the first key on; the keys after it change
 * nothing in the tabs, which are not drawn again. */
static void
tabs_stay_body (TpApplication *app)
{
  TpWindow *window = tp_gui_wait_for_window (app);
  TpTab *tab = tp_gui_wait_for_loaded (window);
  GtkWidget *label = tp_tab_get_label (tab);
  GtkWidget *view = GTK_WIDGET (tp_tab_get_view (tab));
  guint label_draws = 0, view_draws = 0;

  tp_gui_focus (GTK_WINDOW (window));
  type_and_paint ("a");
  g_assert_true (tp_document_get_modified (tp_tab_get_document (tab)));
  g_signal_connect (label, "draw", G_CALLBACK (count_draw), &label_draws);
  g_signal_connect (view, "draw", G_CALLBACK (count_draw), &view_draws);
  for (const char *key = "bcd"; *key != '\0'; key++)
    type_and_paint ((char[]) { *key, '\0' });
  g_assert_cmpuint (view_draws, >, 0);
  g_assert_cmpuint (label_draws, ==, 0);

  /* The watch works: a change to the title draws the tab. */
  tp_gui_press ("<Control>s");
  tp_gui_wait_until (!tp_document_get_modified (tp_tab_get_document (tab)));
  tp_gui_wait_until (label_draws > 0);
  g_signal_handlers_disconnect_by_func (label, count_draw, &label_draws);
  g_signal_handlers_disconnect_by_func (view, count_draw, &view_draws);
}

static void
test_tabs_stay (void)
{
  g_autofree char *text = numbered_lines ();

  test_dir = tp_gui_make_temp_dir ();
  test_path = tp_gui_write_file (test_dir, "lines.txt", text, -1);
  tp_gui_run_app ((const char *[]) { test_path, NULL }, tabs_stay_body);
}

int
main (int   argc,
      char *argv[])
{
  tp_gui_init (&argc, &argv);
  tp_gui_add ("/keystroke/draws-line", test_draws_line);
  tp_gui_add ("/keystroke/tabs-stay", test_tabs_stay);
  return g_test_run ();
}

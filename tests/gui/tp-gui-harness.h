/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tp-application.h"
#include "tp-types.h"

G_BEGIN_DECLS

/* A GUI test runs the real application in a subprocess of the test binary, on the X display of
 * Xvfb, and drives it with XTest: the key presses and clicks go through the X server exactly as
 * a person's would. */
typedef void (*TpGuiTestFunc) (TpApplication *app);

void       tp_gui_init               (int            *argc,
                                      char         ***argv);
void       tp_gui_add                (const char     *path,
                                      GTestFunc       test);
void       tp_gui_run_app            (const char *const *args,
                                      TpGuiTestFunc   body);
char      *tp_gui_make_temp_dir      (void);
GBytes    *tp_gui_read_file          (const char     *path);
char      *tp_gui_write_file         (const char     *dir,
                                      const char     *name,
                                      const char     *contents,
                                      gssize          length);

void       tp_gui_wait_idle          (void);
void       tp_gui_sleep              (guint           ms);
TpWindow  *tp_gui_wait_for_window    (TpApplication  *app);
TpTab     *tp_gui_wait_for_loaded    (TpWindow       *window);
GtkWindow *tp_gui_wait_for_dialog    (GType           type);
GtkWindow *tp_gui_find_window        (GType           type);
void       tp_gui_focus              (GtkWindow      *window);

void       tp_gui_type               (const char     *text);
void       tp_gui_press              (const char     *accelerator);
void       tp_gui_click              (GtkWidget      *widget);
void       tp_gui_click_at           (int             x,
                                      int             y,
                                      guint           button);
GtkWidget *tp_gui_find_widget        (GtkWidget      *root,
                                      GType           type,
                                      const char     *property,
                                      const char     *value);
GtkWidget *tp_gui_find_button        (GtkWidget      *root,
                                      const char     *label);
GtkWidget *tp_gui_find_named         (GtkWidget      *root,
                                      const char     *name);
TpWindow  *tp_gui_other_window       (TpApplication  *app,
                                      TpWindow       *window);
guint      tp_gui_count_recovery_runs (void);

GtkMenu   *tp_gui_wait_for_popup_menu (void);
GtkWidget *tp_gui_menu_item_labelled (GtkMenu        *menu,
                                      const char     *label);
char      *tp_gui_get_text           (TpTab          *tab);
void       tp_gui_assert_text        (TpTab          *tab,
                                      const char     *expected);

#define tp_gui_wait_until(expr) tp_gui_wait_until_within (expr, 10)

#define tp_gui_wait_until_within(expr, seconds) \
  G_STMT_START { \
    gint64 _deadline = g_get_monotonic_time () + (seconds) * G_USEC_PER_SEC; \
    while (!(expr)) \
      { \
        if (g_get_monotonic_time () > _deadline) \
          g_error ("timed out waiting for: %s", #expr); \
        g_main_context_iteration (NULL, FALSE); \
        g_usleep (1000); \
      } \
  } G_STMT_END

G_END_DECLS

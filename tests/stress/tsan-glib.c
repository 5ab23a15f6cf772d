/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Linked into the ThreadSanitizer build's stress programs with -Wl,--wrap=g_source_attach.
 *
 * GLib is not instrumented here, and a main context guards its own lists and tables with a
 * futex that ThreadSanitizer cannot see. The spell and recorder threads hand their results to
 * the main thread by attaching a source to its context: inside g_source_attach () GLib then
 * allocates a list node and a priority list, and grows the table of sources, which the main
 * thread later frees or grows again when it dispatches or destroys a source. Each of those would
 * be reported as a race, in functions of GLib's that have no exported name (so no suppression
 * can name them). What GLib does inside this one call is left out instead: memory it allocates
 * there starts with no history, and its own frees there are not checked. Everything Threadpad
 * does before and after the call, the source it created and the object it hands over included,
 * is checked as usual (see src/tp-tsan.h for those hand-offs). */
#include <glib.h>

void  __tsan_ignore_thread_begin (void);
void  __tsan_ignore_thread_end   (void);
guint __real_g_source_attach     (GSource      *source,
                                  GMainContext *context);
guint __wrap_g_source_attach     (GSource      *source,
                                  GMainContext *context);

guint
__wrap_g_source_attach (GSource      *source,
                        GMainContext *context)
{
  guint id;

  __tsan_ignore_thread_begin ();
  id = __real_g_source_attach (source, context);
  __tsan_ignore_thread_end ();
  return id;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* GLib's queues and main contexts synchronise with futexes that ThreadSanitizer cannot see when
 * GLib itself is not instrumented. Where an object is handed from one thread to another through
 * them, these tell ThreadSanitizer about the hand-off that really happens; they compile to
 * nothing otherwise. */

#if defined(__SANITIZE_THREAD__)
# define TP_HAVE_TSAN 1
#elif defined(__has_feature)
# if __has_feature(thread_sanitizer)
#  define TP_HAVE_TSAN 1
# endif
#endif

#ifdef TP_HAVE_TSAN
void __tsan_acquire (void *addr);
void __tsan_release (void *addr);
# define TP_HANDOFF_SEND(object)    __tsan_release ((void *) (object))
# define TP_HANDOFF_RECEIVE(object) __tsan_acquire ((void *) (object))
#else
# define TP_HANDOFF_SEND(object)    ((void) 0)
# define TP_HANDOFF_RECEIVE(object) ((void) 0)
#endif

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tp-spell-service.h"

G_BEGIN_DECLS

/* Watches one buffer for text that may be in another language (on the main thread): when the
 * text has changed a lot since the last look (the first few lines written, a paste, a file
 * loaded, half of it new), it copies a sample and has the spell service find its language
 * (tp-language-detector.h), step by step, off the main thread. */
#define TP_TYPE_LANGUAGE_WATCH (tp_language_watch_get_type ())
G_DECLARE_FINAL_TYPE (TpLanguageWatch, tp_language_watch, TP, LANGUAGE_WATCH, GObject)

/* The sample's text between two iterators, as the spell checker sees it. */
typedef char *(*TpLanguageWatchCopy) (const GtkTextIter *start,
                                      const GtkTextIter *end,
                                      gpointer           user_data);

TpLanguageWatch *tp_language_watch_new         (TpSpellService      *service,
                                                GtkTextBuffer       *buffer,
                                                TpLanguageWatchCopy  copy,
                                                gpointer             copy_data);
void             tp_language_watch_set_active  (TpLanguageWatch     *self,
                                                gboolean             active);
gboolean         tp_language_watch_get_active  (TpLanguageWatch     *self);
void             tp_language_watch_set_current (TpLanguageWatch     *self,
                                                const char          *code);
gboolean         tp_language_watch_is_waiting  (TpLanguageWatch     *self);
void             tp_language_watch_stop        (TpLanguageWatch     *self);

G_END_DECLS

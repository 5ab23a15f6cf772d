/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tp-dictionary.h"

G_BEGIN_DECLS

/* Finds the installed dictionary that accepts most words of a sample of a document. Built on
 * the main thread from a copy of the sample, then owned by the thread that runs its steps (the
 * spell thread, or the main thread when threads are off): nothing in it is shared.
 *
 * The work is cut into steps, each of which loads at most one dictionary, so that with threads
 * off input comes between them. Dictionaries are tried one per language (variants of one
 * language, and codes that are links to one file, are one candidate), only those written in
 * the sample's script, and each is freed as soon as its words are counted; one already loaded
 * for checking is borrowed instead. */
typedef struct _TpLanguageDetector TpLanguageDetector;

/* A dictionary the caller has loaded already, borrowed for a step; NULL: the detector loads it
 * and frees it itself. */
typedef TpDictionary *(*TpDetectorLookup) (const char *code,
                                           gpointer    user_data);

TpLanguageDetector *tp_language_detector_new        (const char          *sample,
                                                     gssize               length,
                                                     const char          *current,
                                                     const char          *preferred);
void                tp_language_detector_free       (TpLanguageDetector  *self);
gboolean            tp_language_detector_step       (TpLanguageDetector  *self,
                                                     GPtrArray           *dictionaries,
                                                     TpDetectorLookup     lookup,
                                                     gpointer             user_data);
gboolean            tp_language_detector_is_done    (TpLanguageDetector  *self);
const char         *tp_language_detector_get_result (TpLanguageDetector  *self);
guint               tp_language_detector_get_loaded (TpLanguageDetector  *self);
double              tp_language_detector_get_score  (TpLanguageDetector  *self,
                                                     const char          *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpLanguageDetector, tp_language_detector_free)

G_END_DECLS

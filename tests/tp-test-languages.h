/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Prose in three languages for the tests of language detection, checked with Debian's
 * hunspell-en-us, hunspell-fr and hunspell-de-de (build-aux/test installs them). Each is a
 * little over the 200 characters that start a detection. */

#define TP_TEST_ENGLISH \
  "The old lighthouse keeper climbed the winding stairs every evening to light the lamp. " \
  "Ships passing through the narrow strait depended on its steady beam, and he had never " \
  "missed a single night in forty years. When the storm came, the waves rose higher than " \
  "anyone could remember, but the light kept shining until morning.\n"

#define TP_TEST_FRENCH \
  "Le vieux gardien du phare montait chaque soir l'escalier en colimaçon pour allumer la " \
  "lampe. Les navires qui traversaient le détroit comptaient sur son faisceau régulier, et " \
  "il n'avait jamais manqué une seule nuit en quarante ans. Quand la tempête est arrivée, " \
  "les vagues sont montées plus haut que jamais, mais la lumière a brillé jusqu'au matin.\n"

#define TP_TEST_GERMAN \
  "Der alte Leuchtturmwärter stieg jeden Abend die gewundene Treppe hinauf, um die Lampe " \
  "anzuzünden. Die Schiffe, die durch die enge Meerenge fuhren, verließen sich auf ihren " \
  "gleichmäßigen Strahl, und er hatte in vierzig Jahren keine einzige Nacht versäumt. Als " \
  "der Sturm kam, stiegen die Wellen höher als je zuvor, doch das Licht leuchtete bis zum " \
  "Morgen.\n"

/* Half English, half French: no language clearly ahead of the other. */
#define TP_TEST_MIXED \
  "The old lighthouse keeper climbed the winding stairs every evening to light the lamp. " \
  "Le vieux gardien du phare montait chaque soir l'escalier en colimaçon pour allumer la " \
  "lampe. Ships passing through the narrow strait depended on its steady beam. Les navires " \
  "qui traversaient le détroit comptaient sur son faisceau régulier.\n"

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-demo"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tp-demo.h"

/* The demonstration document: a short introduction in the user's language, then English prose
 * made from a few hundred words put into simple sentences. One word in MISSPELL_EVERY of four
 * letters or more gets a typist's slip (two letters swapped, one dropped or doubled, a wrong
 * vowel): about one word in forty in all, so the spell checker has underlines to draw and
 * suggestions to compute. The generator is seeded with a
 * constant: the document is the same every time, and measurements made on it compare. */

#define WRAP_COLUMN     72
#define MISSPELL_EVERY  30
#define RANDOM_SEED     20261123

static const char *const nouns[] = {
  "river", "window", "letter", "garden", "engine", "village", "teacher", "market", "bridge",
  "harbor", "kitchen", "doctor", "library", "mountain", "student", "painter", "lantern", "island",
  "forest", "valley", "station", "farmer", "journey", "question", "answer", "morning", "evening",
  "winter", "summer", "message", "story", "picture", "machine", "country", "factory", "camera",
  "pocket", "basket", "bottle", "candle", "carpet", "ladder", "mirror", "needle", "pencil",
  "rabbit", "saddle", "shadow", "signal", "spider", "ticket", "tunnel", "violin", "wagon",
  "wizard", "castle", "captain", "sailor", "soldier", "merchant", "stranger", "neighbor",
  "brother", "sister", "mother", "father", "daughter", "cousin", "friend", "lawyer", "baker",
  "singer", "writer", "reader", "keyboard", "printer", "notebook", "thread", "editor", "button",
  "sentence", "paragraph", "chapter", "journal", "record", "moment", "minute", "number",
  "pattern", "problem", "promise", "reason", "season", "secret", "surface", "temple", "theory",
  "thought", "tower", "voice", "wonder", "address", "animal", "balloon", "blanket", "cabinet",
  "cottage", "council", "crystal", "diamond", "dinner", "dragon", "element", "feather",
  "festival", "fountain", "harvest", "helmet", "horizon", "instrument", "kettle", "meadow",
  "melody", "monument", "orchard", "palace", "parcel", "pebble", "pillow", "planet", "puzzle",
  "ribbon", "rocket", "sandwich", "shoulder", "sparrow", "stable", "statue", "stove", "symbol",
  "tablet", "teapot", "tiger", "tractor", "trumpet", "umbrella", "uniform", "vessel", "whistle",
  "compass", "chimney", "anchor", "bicycle", "blossom", "cathedral", "ceiling", "cellar",
  "cushion", "envelope", "glacier", "hammer", "lighthouse", "microscope", "mushroom",
  "newspaper", "observatory", "passenger", "pavement", "porcelain", "quarry", "railway",
  "satellite", "scholar", "spreadsheet", "telescope", "thermometer", "traveler", "volcano",
  "waterfall", "workshop", "accountant", "astronomer", "carpenter", "gardener", "librarian",
  "musician", "photographer", "programmer", "shepherd", "watchmaker",
};

static const char *const verbs[] = {
  "carried", "opened", "painted", "watched", "followed", "visited", "noticed", "counted",
  "answered", "borrowed", "repaired", "cleaned", "covered", "delivered", "discovered",
  "explained", "finished", "gathered", "guarded", "handled", "imagined", "measured", "ordered",
  "planted", "polished", "pulled", "pushed", "recorded", "remembered", "returned", "searched",
  "showed", "studied", "touched", "traced", "trusted", "turned", "wanted", "warned", "washed",
  "welcomed", "wrapped", "admired", "arranged", "balanced", "carved", "checked", "collected",
  "described", "designed", "divided", "earned", "examined", "filled", "folded", "greeted",
  "hammered", "inspected", "joined", "launched", "lifted", "loaded", "marked", "mended",
  "missed", "packed", "praised", "printed", "protected", "questioned", "reached", "received",
  "rescued", "sketched", "sorted", "steered", "stitched", "tested", "thanked", "translated",
  "unlocked", "weighed", "found", "built", "brought", "caught", "kept", "left", "sold", "taught",
  "wrote", "drew", "held", "read", "saw", "took", "gave", "made", "sent", "spent", "lost",
  "abandoned", "calculated", "celebrated", "compared", "considered", "decorated", "defended",
  "embraced", "investigated", "photographed", "illuminated", "negotiated", "organized",
  "published", "recognized", "rehearsed", "scattered", "shuffled", "summarized", "surrendered",
};

static const char *const adjectives[] = {
  "quiet", "bright", "narrow", "ancient", "careful", "patient", "sudden", "gentle", "heavy",
  "hollow", "golden", "silver", "wooden", "distant", "eager", "famous", "fragile", "generous",
  "honest", "humble", "little", "lonely", "modern", "nervous", "ordinary", "pleasant", "polite",
  "precious", "proud", "rapid", "restless", "rough", "simple", "sleepy", "slender", "smooth",
  "solemn", "steady", "strange", "sturdy", "tender", "tidy", "tiny", "useful", "vivid", "warm",
  "weary", "wide", "wild", "wise", "yellow", "crimson", "frozen", "faithful", "clever",
  "curious", "dusty", "empty", "enormous", "familiar", "foreign", "graceful", "hidden", "hungry",
  "invisible", "magnificent", "mysterious", "noisy", "obvious", "peaceful", "practical",
  "remarkable", "sensible", "silent", "splendid", "stubborn", "surprising", "thoughtful",
  "valuable", "wonderful", "crowded", "elaborate", "enthusiastic", "extraordinary",
  "independent", "mischievous", "responsive", "complicated", "transparent",
};

static const char *const adverbs[] = {
  "slowly", "quietly", "carefully", "suddenly", "gently", "eagerly", "patiently", "proudly",
  "rarely", "barely", "warmly", "bravely", "calmly", "boldly", "easily", "firmly", "gladly",
  "happily", "honestly", "kindly", "lightly", "loudly", "neatly", "openly", "politely",
  "quickly", "safely", "simply", "softly", "steadily", "swiftly", "truly", "wisely", "again",
  "together", "finally", "already", "perhaps", "still", "immediately", "deliberately",
  "reluctantly", "thoroughly", "unexpectedly",
};

static const char *const openers[] = {
  "In the morning", "Later that year", "Without a word", "After the storm",
  "At the end of the day", "For a long time", "Before dawn", "Every winter", "On the third day",
  "Long ago", "Meanwhile", "By the evening", "Once again", "Despite the rain", "Since then",
  "Near the harbor", "Under the bridge", "Across the valley", "Beyond the hills",
  "To everyone's surprise", "In the end", "As usual",
};

static const char *const prepositions[] = {
  "near", "beside", "behind", "under", "above", "across", "along", "beyond", "inside",
  "through", "toward", "around", "against", "among", "below",
};

static const char *const conjunctions[] = {
  "while", "because", "although", "until", "before", "after", "as", "since", "and", "but",
};

static const char *const singular_determiners[] = {
  "the", "the", "the", "a", "this", "that", "every", "one", "his", "her", "their", "our",
};

static const char *const plural_determiners[] = {
  "the", "the", "some", "many", "those", "these", "few", "several", "our", "their",
};

static const char *const pronouns[] = {
  "she", "he", "they", "we", "nobody", "everyone", "somebody",
};

#define PICK(rand, list) ((list)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (list))])

typedef struct
{
  GRand   *rand;
  GString *sentence;
} Generator;

/* The vowel after @c, or any vowel when @c is not one. */
static char
other_vowel (Generator *gen,
             char       c)
{
  static const char vowels[] = "aeiou";
  const char *found = strchr (vowels, c);

  if (found == NULL)
    return vowels[g_rand_int_range (gen->rand, 0, 5)];
  return vowels[(found - vowels + 1) % 5];
}

/* Appends @word as a typist might get it wrong: never at the first letter, so that a capital
 * stays a capital, and only in words long enough to stay recognisable. */
static void
append_slip (Generator  *gen,
             const char *word)
{
  gsize length = strlen (word);
  gsize at = g_rand_int_range (gen->rand, 1, length - 1);

  switch (g_rand_int_range (gen->rand, 0, 4))
    {
    case 0: /* two neighbours swapped */
      g_string_append_len (gen->sentence, word, at);
      g_string_append_c (gen->sentence, word[at + 1]);
      g_string_append_c (gen->sentence, word[at]);
      g_string_append (gen->sentence, word + at + 2);
      break;
    case 1: /* one letter left out */
      g_string_append_len (gen->sentence, word, at);
      g_string_append (gen->sentence, word + at + 1);
      break;
    case 2: /* one letter typed twice */
      g_string_append_len (gen->sentence, word, at + 1);
      g_string_append (gen->sentence, word + at);
      break;
    default: /* a wrong vowel */
      g_string_append_len (gen->sentence, word, at);
      g_string_append_c (gen->sentence, other_vowel (gen, word[at]));
      g_string_append (gen->sentence, word + at + 1);
      break;
    }
}

static void
append_word (Generator  *gen,
             const char *word)
{
  if (gen->sentence->len > 0)
    g_string_append_c (gen->sentence, ' ');
  if (strlen (word) >= 4 && g_rand_int_range (gen->rand, 0, MISSPELL_EVERY) == 0)
    append_slip (gen, word);
  else
    g_string_append (gen->sentence, word);
}

static void
append_plural (Generator  *gen,
               const char *noun)
{
  gsize length = strlen (noun);
  char last = noun[length - 1];
  g_autofree char *plural = NULL;

  if (last == 's' || last == 'x' || g_str_has_suffix (noun, "ch") || g_str_has_suffix (noun, "sh"))
    plural = g_strconcat (noun, "es", NULL);
  else if (last == 'y' && strchr ("aeiou", noun[length - 2]) == NULL)
    plural = g_strdup_printf ("%.*sies", (int) length - 1, noun);
  else
    plural = g_strconcat (noun, "s", NULL);
  append_word (gen, plural);
}

/* "the old river", "several quiet gardens", "she". */
static void
append_noun_phrase (Generator *gen,
                    gboolean   may_be_pronoun)
{
  const char *noun = PICK (gen->rand, nouns);
  gboolean plural = g_rand_int_range (gen->rand, 0, 3) == 0;

  if (may_be_pronoun && g_rand_int_range (gen->rand, 0, 5) == 0)
    {
      append_word (gen, PICK (gen->rand, pronouns));
      return;
    }
  if (plural)
    append_word (gen, PICK (gen->rand, plural_determiners));
  else
    append_word (gen, PICK (gen->rand, singular_determiners));
  if (g_rand_boolean (gen->rand))
    append_word (gen, PICK (gen->rand, adjectives));
  if (plural)
    append_plural (gen, noun);
  else
    append_word (gen, noun);
}

/* "the baker carefully carried a heavy basket across the bridge" */
static void
append_clause (Generator *gen)
{
  append_noun_phrase (gen, TRUE);
  if (g_rand_int_range (gen->rand, 0, 4) == 0)
    append_word (gen, PICK (gen->rand, adverbs));
  append_word (gen, PICK (gen->rand, verbs));
  append_noun_phrase (gen, FALSE);
  if (g_rand_int_range (gen->rand, 0, 3) == 0)
    {
      append_word (gen, PICK (gen->rand, prepositions));
      append_noun_phrase (gen, FALSE);
    }
}

static void
append_sentence (Generator *gen,
                 GString   *paragraph)
{
  g_string_truncate (gen->sentence, 0);
  if (g_rand_int_range (gen->rand, 0, 4) == 0)
    {
      /* Whole, without slips: a slip could fall on one of its spaces. */
      g_string_append (gen->sentence, PICK (gen->rand, openers));
      g_string_append_c (gen->sentence, ',');
    }
  append_clause (gen);
  if (g_rand_int_range (gen->rand, 0, 3) == 0)
    {
      if (g_rand_boolean (gen->rand))
        g_string_append_c (gen->sentence, ',');
      append_word (gen, PICK (gen->rand, conjunctions));
      append_clause (gen);
    }
  gen->sentence->str[0] = g_ascii_toupper (gen->sentence->str[0]);
  g_string_append_c (gen->sentence, g_rand_int_range (gen->rand, 0, 12) == 0 ? '?' : '.');

  if (paragraph->len > 0)
    g_string_append_c (paragraph, ' ');
  g_string_append_len (paragraph, gen->sentence->str, gen->sentence->len);
}

/* Appends @text to @out broken at spaces into lines of at most WRAP_COLUMN characters (a word
 * longer than that gets a line of its own), then a blank line. */
static void
append_wrapped (GString    *out,
                const char *text)
{
  const char *line = text;

  while (*line != '\0')
    {
      const char *p = line;
      const char *last_space = NULL;
      int column = 0;

      while (*p != '\0' && (column < WRAP_COLUMN || last_space == NULL))
        {
          if (*p == ' ')
            last_space = p;
          p = g_utf8_next_char (p);
          column++;
        }
      if (*p == '\0' || *p == ' ')
        last_space = p;
      g_string_append_len (out, line, last_space - line);
      g_string_append_c (out, '\n');
      line = *last_space == ' ' ? last_space + 1 : last_space;
    }
  g_string_append_c (out, '\n');
}

/* The part of the document a person reads first: what it is and what to do with it. */
char *
tp_demo_document_introduction (void)
{
  GString *out = g_string_new (NULL);

  append_wrapped (out, _("A demonstration document"));
  append_wrapped (out, _("This text was generated for you: several megabytes of English prose "
                         "with about one misspelled word in forty, so that the spell checker "
                         "and the recorder have real work to do. Nothing here is saved unless "
                         "you save it."));
  append_wrapped (out, _("1. Click “Threads on” at the bottom of the window, in the status bar, "
                         "to open the Responsiveness panel."));
  append_wrapped (out, _("2. Turn off “Run slow work on background threads”, then type "
                         "anywhere below, scroll, or right-click a misspelled word. Checking "
                         "the spelling, looking up suggestions and writing the recovery "
                         "journal now happen on the main thread, between your keystrokes: "
                         "watch the bars in the graph rise above the one-frame line."));
  append_wrapped (out, _("3. Turn the threads back on and type again. The same work goes on, "
                         "on other threads, and the graph stays low."));
  return g_string_free (out, FALSE);
}

/* Builds the whole document, introduction first, at least @size bytes long (it ends at the end
 * of a paragraph), as valid UTF-8. */
GBytes *
tp_demo_document_build (gsize size)
{
  Generator gen = { g_rand_new_with_seed (RANDOM_SEED), g_string_new (NULL) };
  g_autoptr(GString) paragraph = g_string_new (NULL);
  g_autofree char *introduction = tp_demo_document_introduction ();
  GString *out = g_string_sized_new (size + 4096);
  guint chapter = 0;
  guint paragraphs_left = 0;

  g_string_append (out, introduction);
  while (out->len < size)
    {
      int sentences = g_rand_int_range (gen.rand, 3, 9);

      if (paragraphs_left == 0)
        {
          g_string_append_printf (out, "Chapter %u\n\n", ++chapter);
          paragraphs_left = g_rand_int_range (gen.rand, 20, 60);
        }
      g_string_truncate (paragraph, 0);
      for (int i = 0; i < sentences; i++)
        append_sentence (&gen, paragraph);
      append_wrapped (out, paragraph->str);
      paragraphs_left--;
    }

  /* One newline at the end, as a text file has. */
  g_string_truncate (out, out->len - 1);
  g_rand_free (gen.rand);
  g_string_free (gen.sentence, TRUE);
  return g_string_free_to_bytes (out);
}

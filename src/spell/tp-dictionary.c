/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-dictionary"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <hunspell.h>
#include <string.h>
#include <sys/stat.h>

#include "tp-dictionary.h"
#include "tp-tokenizer.h"

struct _TpDictionary
{
  Hunhandle *handle;
  char      *code;
  char      *encoding;
  /* NULL when the dictionary is in UTF-8. */
  GIConv     to_dictionary;
  GIConv     from_dictionary;
  TpWordRules *word_rules;
};

G_DEFINE_QUARK (tp-dictionary-error-quark, tp_dictionary_error)

/* Languages and countries by their own names, as a speaker of the language reads them. */
static const struct { const char *code; const char *name; } language_names[] = {
  { "af", "Afrikaans" }, { "an", "Aragonés" }, { "ar", "العربية" }, { "be", "Беларуская" },
  { "bg", "Български" }, { "br", "Brezhoneg" }, { "bs", "Bosanski" }, { "ca", "Català" },
  { "cs", "Čeština" }, { "cy", "Cymraeg" }, { "da", "Dansk" }, { "de", "Deutsch" },
  { "el", "Ελληνικά" }, { "en", "English" }, { "eo", "Esperanto" }, { "es", "Español" },
  { "et", "Eesti" }, { "eu", "Euskara" }, { "fa", "فارسی" }, { "fi", "Suomi" },
  { "fo", "Føroyskt" }, { "fr", "Français" }, { "ga", "Gaeilge" }, { "gd", "Gàidhlig" },
  { "gl", "Galego" }, { "gu", "ગુજરાતી" }, { "he", "עברית" }, { "hi", "हिन्दी" },
  { "hr", "Hrvatski" }, { "hu", "Magyar" }, { "hy", "Հայերեն" }, { "id", "Bahasa Indonesia" },
  { "is", "Íslenska" }, { "it", "Italiano" }, { "kk", "Қазақ" }, { "kmr", "Kurmancî" },
  { "ko", "한국어" }, { "la", "Latina" }, { "lt", "Lietuvių" }, { "lv", "Latviešu" },
  { "mk", "Македонски" }, { "mn", "Монгол" }, { "nb", "Norsk bokmål" }, { "ne", "नेपाली" },
  { "nl", "Nederlands" }, { "nn", "Norsk nynorsk" }, { "oc", "Occitan" }, { "pl", "Polski" },
  { "pt", "Português" }, { "ro", "Română" }, { "ru", "Русский" }, { "si", "සිංහල" },
  { "sk", "Slovenčina" }, { "sl", "Slovenščina" }, { "sq", "Shqip" }, { "sr", "Српски" },
  { "sv", "Svenska" }, { "sw", "Kiswahili" }, { "te", "తెలుగు" }, { "th", "ไทย" },
  { "tr", "Türkçe" }, { "uk", "Українська" }, { "uz", "Oʻzbek" }, { "vi", "Tiếng Việt" },
};

static const struct { const char *code; const char *name; } country_names[] = {
  { "en_AU", "Australia" }, { "en_CA", "Canada" }, { "en_GB", "United Kingdom" },
  { "en_IE", "Ireland" }, { "en_IN", "India" }, { "en_NZ", "New Zealand" },
  { "en_US", "United States" }, { "en_ZA", "South Africa" },
  { "fr_BE", "Belgique" }, { "fr_CA", "Canada" }, { "fr_CH", "Suisse" }, { "fr_FR", "France" },
  { "fr_LU", "Luxembourg" }, { "fr_MC", "Monaco" },
  { "de_AT", "Österreich" }, { "de_CH", "Schweiz" }, { "de_DE", "Deutschland" },
  { "de_LI", "Liechtenstein" }, { "de_LU", "Luxemburg" }, { "de_BE", "Belgien" },
  { "es_AR", "Argentina" }, { "es_CL", "Chile" }, { "es_CO", "Colombia" }, { "es_ES", "España" },
  { "es_MX", "México" }, { "es_PE", "Perú" }, { "es_US", "Estados Unidos" },
  { "es_VE", "Venezuela" }, { "it_IT", "Italia" }, { "it_CH", "Svizzera" },
  { "pt_BR", "Brasil" }, { "pt_PT", "Portugal" }, { "nl_NL", "Nederland" },
  { "nl_BE", "België" }, { "sv_SE", "Sverige" }, { "sv_FI", "Finland" },
  { "ru_RU", "Россия" }, { "uk_UA", "Україна" }, { "pl_PL", "Polska" },
  { "ca_ES", "Espanya" }, { "da_DK", "Danmark" }, { "nb_NO", "Norge" }, { "nn_NO", "Noreg" },
  { "cs_CZ", "Česko" }, { "sk_SK", "Slovensko" }, { "hu_HU", "Magyarország" },
  { "ro_RO", "România" }, { "el_GR", "Ελλάδα" }, { "tr_TR", "Türkiye" }, { "fi_FI", "Suomi" },
};

/* "fr_FR" → "Français (France)"; unknown parts are shown as they are. */
char *
tp_dictionary_describe_code (const char *code)
{
  g_auto(GStrv) parts = g_strsplit_set (code, "_-", 2);
  const char *language = parts[0];
  const char *country = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (language_names); i++)
    if (g_str_equal (parts[0], language_names[i].code))
      language = language_names[i].name;
  if (parts[1] == NULL)
    return g_strdup (language);

  for (guint i = 0; i < G_N_ELEMENTS (country_names); i++)
    if (g_str_equal (code, country_names[i].code))
      country = country_names[i].name;
  return g_strdup_printf ("%s (%s)", language, country ? country : parts[1]);
}

void
tp_dictionary_info_free (TpDictionaryInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->code);
  g_free (info->name);
  g_free (info->aff_path);
  g_free (info->dic_path);
  g_free (info);
}

/* $DICPATH first, then the user's dictionaries, then the system's. */
static GPtrArray *
search_path (void)
{
  GPtrArray *dirs = g_ptr_array_new_with_free_func (g_free);
  const char *dicpath = g_getenv ("DICPATH");

  if (dicpath != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (dicpath, G_SEARCHPATH_SEPARATOR_S, -1);
      for (guint i = 0; parts[i] != NULL; i++)
        if (*parts[i] != '\0')
          g_ptr_array_add (dirs, g_strdup (parts[i]));
    }
  g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "hunspell", NULL));
  g_ptr_array_add (dirs, g_strdup ("/usr/share/hunspell"));
  g_ptr_array_add (dirs, g_strdup ("/usr/share/myspell"));
  g_ptr_array_add (dirs, g_strdup ("/usr/share/myspell/dicts"));
  return dirs;
}

static void
add_dictionaries_in (GPtrArray  *infos,
                     GHashTable *seen,
                     const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *code = NULL;
      g_autofree char *aff_name = NULL;
      TpDictionaryInfo *info;

      if (!g_str_has_suffix (name, ".dic") || g_str_has_prefix (name, "hyph_"))
        continue;
      code = g_strndup (name, strlen (name) - 4);
      if (g_hash_table_contains (seen, code))
        continue;
      aff_name = g_strconcat (code, ".aff", NULL);

      info = g_new0 (TpDictionaryInfo, 1);
      info->dic_path = g_build_filename (dir_path, name, NULL);
      info->aff_path = g_build_filename (dir_path, aff_name, NULL);
      if (!g_file_test (info->aff_path, G_FILE_TEST_IS_REGULAR))
        {
          tp_dictionary_info_free (info);
          continue;
        }
      info->name = tp_dictionary_describe_code (code);
      info->code = g_strdup (code);
      g_hash_table_add (seen, g_steal_pointer (&code));
      g_ptr_array_add (infos, info);
    }
}

static int
compare_info_names (gconstpointer a,
                    gconstpointer b)
{
  const TpDictionaryInfo *info_a = *(TpDictionaryInfo *const *) a;
  const TpDictionaryInfo *info_b = *(TpDictionaryInfo *const *) b;

  return g_utf8_collate (info_a->name, info_b->name);
}

/* Every dictionary that can be found, sorted by name; a code found twice is taken from the
 * first folder of the search path. */
GPtrArray *
tp_dictionary_list_available (void)
{
  GPtrArray *infos = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_dictionary_info_free);
  g_autoptr(GPtrArray) dirs = search_path ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < dirs->len; i++)
    add_dictionaries_in (infos, seen, g_ptr_array_index (dirs, i));
  g_ptr_array_sort (infos, compare_info_names);
  return infos;
}

TpDictionaryInfo *
tp_dictionary_info_find (GPtrArray  *infos,
                         const char *code)
{
  for (guint i = 0; code != NULL && i < infos->len; i++)
    {
      TpDictionaryInfo *info = g_ptr_array_index (infos, i);
      if (g_str_equal (info->code, code))
        return info;
    }
  return NULL;
}

/* The preferred code if it is there, else the locale's language, else en_US, else any. */
char *
tp_dictionary_pick_default (GPtrArray  *infos,
                            const char *preferred)
{
  const char *const *locales = g_get_language_names ();

  if (infos->len == 0)
    return NULL;
  if (preferred != NULL && *preferred != '\0' && tp_dictionary_info_find (infos, preferred))
    return g_strdup (preferred);

  for (guint i = 0; locales[i] != NULL; i++)
    {
      g_autofree char *code = g_strndup (locales[i], strcspn (locales[i], ".@"));
      if (tp_dictionary_info_find (infos, code) != NULL)
        return g_steal_pointer (&code);
    }
  if (tp_dictionary_info_find (infos, "en_US") != NULL)
    return g_strdup ("en_US");
  return g_strdup (((TpDictionaryInfo *) g_ptr_array_index (infos, 0))->code);
}

/* Enough of a word list to read its first line and see whether a word follows. */
#define WORD_LIST_HEAD 4096

/* format takes the dictionary's name, then its word list's path. */
static void
set_broken (GError                **error,
            const char             *format,
            const TpDictionaryInfo *info)
{
  g_set_error (error, TP_DICTIONARY_ERROR, TP_DICTIONARY_ERROR_BROKEN, format, info->name,
               info->dic_path);
}

/* Whether a word follows the first line of head (length bytes of a file of size bytes): when
 * head is not the whole file, the rest may hold them. */
static gboolean
has_words (const char *head,
           gsize       length,
           goffset     size)
{
  const char *newline = memchr (head, '\n', length);

  if (newline == NULL)
    return (goffset) length < size;
  for (const char *p = newline + 1; p < head + length; p++)
    if (!g_ascii_isspace (*p))
      return TRUE;
  return (goffset) length < size;
}

/* Reads the first bytes of a word list (NUL-terminated, length of them) and its size. */
static gboolean
read_word_list_head (const TpDictionaryInfo  *info,
                     char                    *head,
                     gsize                   *length,
                     goffset                 *size,
                     GError                 **error)
{
  FILE *file = g_fopen (info->dic_path, "rb");
  GStatBuf status;

  if (file == NULL || fstat (fileno (file), &status) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   _("The spelling dictionary “%s” could not be read: %s"), info->name,
                   g_strerror (saved_errno));
      g_clear_pointer (&file, fclose);
      return FALSE;
    }
  *length = fread (head, 1, WORD_LIST_HEAD, file);
  head[*length] = '\0';
  *size = status.st_size;
  fclose (file);
  return TRUE;
}

/* The number a word list starts with (after a byte order mark and blanks, as Hunspell reads
 * it), or 0 when it starts with none. */
static guint64
word_list_count (const char *head)
{
  const char *p = head;

  if (g_str_has_prefix (p, "\xef\xbb\xbf"))
    p += 3;
  while (*p == ' ' || *p == '\t')
    p++;
  return g_ascii_isdigit (*p) ? g_ascii_strtoull (p, NULL, 10) : 0;
}

/* Hunspell takes the first line of a word list for its number of words, and sizes a table by
 * it. Without a number there it loads no word at all, so that every word would look
 * misspelled; with a huge one it reserves gigabytes (1.6 GB for 200000000) before it reads a
 * word. A word takes two bytes at least, a letter and a newline: a list that claims more words
 * than its size allows, or that holds none, is broken, and Hunspell is not given it. */
static gboolean
check_word_list (const TpDictionaryInfo  *info,
                 GError                 **error)
{
  char head[WORD_LIST_HEAD + 1];
  gsize length;
  goffset size;
  guint64 count;

  if (!read_word_list_head (info, head, &length, &size, error))
    return FALSE;
  if (size == 0)
    {
      set_broken (error, _("The spelling dictionary “%s” is broken: its word list %s is empty."),
                  info);
      return FALSE;
    }
  count = word_list_count (head);
  if (count == 0)
    {
      set_broken (error, _("The spelling dictionary “%s” is broken: its word list %s does not "
                           "begin with its number of words."), info);
      return FALSE;
    }
  if (count > (guint64) size)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, count);

      g_set_error (error, TP_DICTIONARY_ERROR, TP_DICTIONARY_ERROR_BROKEN,
                   _("The spelling dictionary “%s” is broken: its word list %s says it holds %s "
                     "words, but the file is far too small for that."), info->name, info->dic_path,
                   number);
      return FALSE;
    }
  if (!has_words (head, length, size))
    {
      set_broken (error, _("The spelling dictionary “%s” is broken: its word list %s has no "
                           "words."), info);
      return FALSE;
    }
  return TRUE;
}

/* An affix file's lines are read up to this length: the directives read here are short, and a
 * hostile file's endless line costs no memory. Past this many characters, a WORDCHARS or IGNORE
 * value is cut. */
#define AFF_LINE_MAX 4096
#define AFF_VALUE_MAX 256

/* The value of a directive line ("WORDCHARS .-" → ".-"): its first field, in UTF-8; NULL when
 * it has none or is not text in the dictionary's encoding. */
static char *
aff_value (const char *line,
           gsize       keyword_length,
           const char *encoding)
{
  const char *start = line + keyword_length;
  gsize length;

  if (*start != ' ' && *start != '\t')
    return NULL;
  start += strspn (start, " \t");
  length = MIN (strcspn (start, " \t\r\n"), (gsize) AFF_VALUE_MAX);
  if (length == 0)
    return NULL;
  if (g_ascii_strcasecmp (encoding, "UTF-8") == 0)
    {
      const char *end;

      /* A value cut inside a character keeps its whole characters. */
      g_utf8_validate_len (start, length, &end);
      return end > start ? g_strndup (start, (gsize) (end - start)) : NULL;
    }
  return g_convert (start, (gssize) length, "UTF-8", encoding, NULL, NULL, NULL);
}

/* Reads a dictionary's own word characters (WORDCHARS) and the characters it ignores (IGNORE)
 * from its affix file, as Hunspell does: the first field after the keyword, in the encoding the
 * file declares. Hunspell's C interface does not give them. */
static TpWordRules *
read_word_rules (const char *aff_path,
                 const char *encoding)
{
  FILE *file = g_fopen (aff_path, "rb");
  char line[AFF_LINE_MAX];
  g_autofree char *word_chars = NULL;
  g_autofree char *ignored = NULL;
  gboolean at_line_start = TRUE;

  while (file != NULL && fgets (line, sizeof line, file) != NULL)
    {
      const char *p = line;
      gboolean starts = at_line_start;

      at_line_start = strchr (line, '\n') != NULL;
      if (!starts)
        continue;
      if (g_str_has_prefix (p, "\xef\xbb\xbf"))
        p += 3;
      if (word_chars == NULL && g_str_has_prefix (p, "WORDCHARS"))
        word_chars = aff_value (p, strlen ("WORDCHARS"), encoding);
      else if (ignored == NULL && g_str_has_prefix (p, "IGNORE"))
        ignored = aff_value (p, strlen ("IGNORE"), encoding);
    }
  g_clear_pointer (&file, fclose);
  return tp_word_rules_new (word_chars, ignored);
}

TpDictionary *
tp_dictionary_new (const TpDictionaryInfo *info,
                   GError                **error)
{
  g_autoptr(TpDictionary) self = NULL;
  const char *encoding;

  if (!check_word_list (info, error))
    return NULL;

  self = g_new0 (TpDictionary, 1);
  self->to_dictionary = self->from_dictionary = (GIConv) -1;
  self->code = g_strdup (info->code);
  self->handle = Hunspell_create (info->aff_path, info->dic_path);
  if (self->handle == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   _("The spelling dictionary “%s” could not be read."), info->name);
      return NULL;
    }

  encoding = Hunspell_get_dic_encoding (self->handle);
  self->encoding = g_strdup (encoding ? encoding : "UTF-8");
  if (g_ascii_strcasecmp (self->encoding, "UTF-8") != 0)
    {
      self->to_dictionary = g_iconv_open (self->encoding, "UTF-8");
      self->from_dictionary = g_iconv_open ("UTF-8", self->encoding);
      if (self->to_dictionary == (GIConv) -1 || self->from_dictionary == (GIConv) -1)
        {
          g_set_error (error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION,
                       _("The spelling dictionary “%s” uses the encoding %s, which this system "
                         "cannot convert."), info->name, self->encoding);
          return NULL;
        }
    }
  self->word_rules = read_word_rules (info->aff_path, self->encoding);
  return g_steal_pointer (&self);
}

void
tp_dictionary_free (TpDictionary *self)
{
  if (self == NULL)
    return;
  if (self->handle != NULL)
    Hunspell_destroy (self->handle);
  if (self->to_dictionary != (GIConv) -1)
    g_iconv_close (self->to_dictionary);
  if (self->from_dictionary != (GIConv) -1)
    g_iconv_close (self->from_dictionary);
  tp_word_rules_free (self->word_rules);
  g_free (self->code);
  g_free (self->encoding);
  g_free (self);
}

const char *
tp_dictionary_get_encoding (TpDictionary *self)
{
  return self->encoding;
}

/* What the dictionary counts as word characters, for the tokenizer. */
const TpWordRules *
tp_dictionary_get_word_rules (TpDictionary *self)
{
  return self->word_rules;
}

/* The word in the dictionary's encoding, or NULL when it has a character the encoding lacks. */
static char *
to_dictionary (TpDictionary *self,
               const char   *word,
               gssize        length)
{
  if (self->to_dictionary == (GIConv) -1)
    return g_strndup (word, length < 0 ? strlen (word) : (gsize) length);
  return g_convert_with_iconv (word, length, self->to_dictionary, NULL, NULL, NULL);
}

static gboolean
check_converted (TpDictionary *self,
                 const char   *word,
                 gssize        length)
{
  g_autofree char *converted = to_dictionary (self, word, length);

  /* A word that cannot even be written in the dictionary's encoding is not its business:
   * better unchecked than falsely flagged. */
  if (converted == NULL)
    return TRUE;
  return Hunspell_spell (self->handle, converted) != 0;
}

/* The length of the invisible character at p (of length bytes) that a word may hold but no
 * dictionary spells with, or 0: the soft hyphen U+00AD, the direction marks U+200E and U+200F,
 * the Arabic letter mark U+061C. (The joiners U+200C and U+200D are spelled with: Persian or
 * Malayalam dictionaries hold words with them.) */
static gsize
invisible_length (const char *p,
                  gsize       length)
{
  const guchar *u = (const guchar *) p;

  if (length >= 2 && ((u[0] == 0xC2 && u[1] == 0xAD) || (u[0] == 0xD8 && u[1] == 0x9C)))
    return 2;
  if (length >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0x8E || u[2] == 0x8F))
    return 3;
  return 0;
}

/* The word without those characters, or NULL when it has none. */
static char *
without_invisible (const char *word,
                   gsize       length)
{
  GString *visible = NULL;

  for (gsize i = 0; i < length;)
    {
      gsize skip = invisible_length (word + i, length - i);

      if (skip > 0 && visible == NULL)
        visible = g_string_new_len (word, (gssize) i);
      if (skip > 0)
        i += skip;
      else
        {
          if (visible != NULL)
            g_string_append_c (visible, word[i]);
          i++;
        }
    }
  return visible != NULL ? g_string_free (visible, FALSE) : NULL;
}

/* A compound is handed to Hunspell whole, since a dictionary may list it (Huac-Huas, из-за) and
 * Hunspell's BREAK rules check its parts. A dictionary whose WORDCHARS lack the hyphen has its
 * words read without it, as the hunspell command reads them: there a compound whose every part
 * is a word is right too, even where its BREAK rules would not cut it. */
static gboolean
check_parts (TpDictionary *self,
             const char   *word,
             gsize         length)
{
  const char *end = word + length;
  const char *part = word;

  if (tp_word_rules_has_hyphen (self->word_rules) || memchr (word, '-', length) == NULL)
    return FALSE;
  while (part < end)
    {
      const char *hyphen = memchr (part, '-', (gsize) (end - part));
      const char *part_end = hyphen != NULL ? hyphen : end;

      if (part_end > part && !check_converted (self, part, part_end - part))
        return FALSE;
      part = part_end + (hyphen != NULL);
    }
  return TRUE;
}

gboolean
tp_dictionary_check (TpDictionary *self,
                     const char   *word,
                     gssize        length)
{
  gsize size = length < 0 ? strlen (word) : (gsize) length;
  g_autofree char *visible = without_invisible (word, size);
  g_autofree char *plain = NULL;

  if (visible != NULL)
    {
      word = visible;
      size = strlen (visible);
    }
  if (check_converted (self, word, (gssize) size) || check_parts (self, word, size))
    return TRUE;

  /* Typographic apostrophes: many dictionaries only know the straight one. */
  if (g_strstr_len (word, (gssize) size, "\xe2\x80\x99") == NULL)
    return FALSE;
  {
    g_autofree char *copy = g_strndup (word, size);
    g_auto(GStrv) parts = g_strsplit (copy, "\xe2\x80\x99", -1);
    plain = g_strjoinv ("'", parts);
  }
  return check_converted (self, plain, -1);
}

char **
tp_dictionary_suggest (TpDictionary *self,
                       const char   *word,
                       gssize        length)
{
  gsize size = length < 0 ? strlen (word) : (gsize) length;
  g_autofree char *visible = without_invisible (word, size);
  g_autofree char *converted = visible != NULL ? to_dictionary (self, visible, -1)
                                               : to_dictionary (self, word, (gssize) size);
  g_autoptr(GPtrArray) suggestions = g_ptr_array_new_with_free_func (g_free);
  char **list = NULL;
  int count;

  if (converted == NULL)
    return g_new0 (char *, 1);

  count = Hunspell_suggest (self->handle, &list, converted);
  for (int i = 0; i < count; i++)
    {
      char *utf8 = self->from_dictionary == (GIConv) -1
                     ? g_strdup (list[i])
                     : g_convert_with_iconv (list[i], -1, self->from_dictionary, NULL, NULL, NULL);
      if (utf8 != NULL && g_utf8_validate (utf8, -1, NULL))
        g_ptr_array_add (suggestions, utf8);
      else
        g_free (utf8);
    }
  if (list != NULL)
    Hunspell_free_list (self->handle, &list, count);
  g_ptr_array_add (suggestions, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&suggestions), FALSE);
}

void
tp_dictionary_add_word (TpDictionary *self,
                        const char   *word)
{
  g_autofree char *visible = without_invisible (word, strlen (word));
  g_autofree char *converted = to_dictionary (self, visible != NULL ? visible : word, -1);

  if (converted != NULL)
    Hunspell_add (self->handle, converted);
}

char *
tp_personal_dictionary_path (const char *code)
{
  g_autofree char *name = g_strdup_printf ("personal-%s.txt", code);
  return g_build_filename (g_get_user_config_dir (), "threadpad", name, NULL);
}

/* The words of a personal dictionary, one per line; a missing file has none. */
char **
tp_personal_dictionary_load (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) words = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL) || !g_utf8_validate (contents, -1, NULL))
    return g_new0 (char *, 1);

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *word = g_strstrip (lines[i]);
      if (*word != '\0')
        g_ptr_array_add (words, g_strdup (word));
    }
  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

/* Writes the whole list atomically: a crash leaves the old file or the new one, never half. */
gboolean
tp_personal_dictionary_save (const char         *path,
                             const char *const  *words,
                             GError            **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GString) contents = g_string_new (NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }
  for (guint i = 0; words[i] != NULL; i++)
    g_string_append_printf (contents, "%s\n", words[i]);
  return g_file_set_contents_full (path, contents->str, (gssize) contents->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

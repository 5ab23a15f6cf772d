/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "tp-dictionary"

#include "config.h"

#include <string.h>

#include "tp-dictionary.h"

/* The human names of dictionaries, from the codes their files are named by: a language, then
 * any of a script ("sr_Latn", "sr@latin"), a region ("fr_CA", "es_419") and a variant
 * ("de_DE_frami", "ca_ES-valencia", "en_GB-ize"), joined by "_", "-" or "@". Every name is the
 * language's own, as a speaker of it reads it (the menu lists languages for people who write
 * them), so that no translation is needed. */

typedef struct
{
  const char *code;
  const char *name;
} Name;

static const Name language_names[] = {
  { "af", "Afrikaans" }, { "an", "Aragonés" }, { "ar", "العربية" }, { "as", "অসমীয়া" },
  { "ast", "Asturianu" }, { "az", "Azərbaycanca" }, { "be", "Беларуская" },
  { "bg", "Български" }, { "bn", "বাংলা" }, { "bo", "བོད་ཡིག" }, { "br", "Brezhoneg" },
  { "bs", "Bosanski" }, { "ca", "Català" }, { "ckb", "کوردیی ناوەندی" }, { "cs", "Čeština" },
  { "csb", "Kaszëbsczi" }, { "cy", "Cymraeg" }, { "da", "Dansk" }, { "de", "Deutsch" },
  { "dsb", "Dolnoserbšćina" }, { "el", "Ελληνικά" }, { "en", "English" },
  { "eo", "Esperanto" }, { "es", "Español" }, { "et", "Eesti" }, { "eu", "Euskara" },
  { "fa", "فارسی" }, { "fi", "Suomi" }, { "fo", "Føroyskt" }, { "fr", "Français" },
  { "fur", "Furlan" }, { "fy", "Frysk" }, { "ga", "Gaeilge" }, { "gd", "Gàidhlig" },
  { "gl", "Galego" }, { "gu", "ગુજરાતી" }, { "gug", "Avañe'ẽ" }, { "gv", "Gaelg" },
  { "he", "עברית" }, { "hi", "हिन्दी" }, { "hr", "Hrvatski" }, { "hsb", "Hornjoserbšćina" },
  { "hu", "Magyar" }, { "hy", "Հայերեն" }, { "ia", "Interlingua" },
  { "id", "Bahasa Indonesia" }, { "is", "Íslenska" }, { "it", "Italiano" },
  { "ka", "ქართული" }, { "kk", "Қазақ" }, { "km", "ខ្មែរ" }, { "kmr", "Kurmancî" },
  { "kn", "ಕನ್ನಡ" }, { "ko", "한국어" }, { "ku", "Kurdî" }, { "ky", "Кыргызча" },
  { "la", "Latina" }, { "lb", "Lëtzebuergesch" }, { "ln", "Lingála" }, { "lo", "ລາວ" },
  { "lt", "Lietuvių" }, { "lv", "Latviešu" }, { "mk", "Македонски" }, { "ml", "മലയാളം" },
  { "mn", "Монгол" }, { "mr", "मराठी" }, { "ms", "Bahasa Melayu" }, { "mt", "Malti" },
  { "nb", "Norsk bokmål" }, { "ne", "नेपाली" }, { "nl", "Nederlands" },
  { "nn", "Norsk nynorsk" }, { "no", "Norsk" }, { "nr", "isiNdebele" },
  { "nso", "Sesotho sa Leboa" }, { "oc", "Occitan" }, { "or", "ଓଡ଼ିଆ" }, { "pa", "ਪੰਜਾਬੀ" },
  { "pl", "Polski" }, { "pt", "Português" }, { "qu", "Runasimi" }, { "ro", "Română" },
  { "ru", "Русский" }, { "rw", "Kinyarwanda" }, { "sc", "Sardu" }, { "si", "සිංහල" },
  { "sk", "Slovenčina" }, { "sl", "Slovenščina" }, { "sq", "Shqip" }, { "sr", "Српски" },
  { "ss", "SiSwati" }, { "st", "Sesotho" }, { "sv", "Svenska" }, { "sw", "Kiswahili" },
  { "ta", "தமிழ்" }, { "te", "తెలుగు" }, { "tg", "Тоҷикӣ" }, { "th", "ไทย" },
  { "tk", "Türkmençe" }, { "tl", "Tagalog" }, { "tn", "Setswana" }, { "tr", "Türkçe" },
  { "ts", "Xitsonga" }, { "uk", "Українська" }, { "uz", "Oʻzbek" }, { "ve", "Tshivenḓa" },
  { "vec", "Vèneto" }, { "vi", "Tiếng Việt" }, { "xh", "isiXhosa" }, { "yi", "ייִדיש" },
  { "zu", "isiZulu" },
};

/* A language written in another script than its usual one is named in that script. */
static const Name scripted_language_names[] = {
  { "sr_Latn", "Srpski" }, { "sr_Cyrl", "Српски" }, { "uz_Cyrl", "Ўзбек" },
  { "uz_Latn", "Oʻzbek" }, { "bs_Cyrl", "Босански" }, { "az_Cyrl", "Азәрбајҹан" },
  { "kmr_Latn", "Kurmancî" }, { "ku_Latn", "Kurdî" }, { "ku_Arab", "کوردی" },
};

/* Scripts, in the language and script named: "sr_Latn" is "Srpski (latinica)". */
static const Name script_names[] = {
  { "sr_Latn", "latinica" }, { "sr_Cyrl", "ћирилица" }, { "uz_Latn", "lotin" },
  { "uz_Cyrl", "кирилл" }, { "bs_Cyrl", "ћирилица" }, { "az_Cyrl", "кирил" },
  { "kmr_Latn", "latînî" }, { "ku_Latn", "latînî" }, { "ku_Arab", "عەرەبی" },
};

/* Regions, by the language's code and the region's (ISO 3166 or UN M.49), in that language; in
 * the script of the language's name: "sr_Latn_RS" is "Srpski (latinica, Srbija)". */
static const Name region_names[] = {
  { "af_ZA", "Suid-Afrika" }, { "an_ES", "Espanya" },
  { "ar_AE", "الإمارات" }, { "ar_BH", "البحرين" }, { "ar_DZ", "الجزائر" }, { "ar_EG", "مصر" },
  { "ar_IN", "الهند" }, { "ar_IQ", "العراق" }, { "ar_JO", "الأردن" }, { "ar_KW", "الكويت" },
  { "ar_LB", "لبنان" }, { "ar_LY", "ليبيا" }, { "ar_MA", "المغرب" }, { "ar_OM", "عُمان" },
  { "ar_QA", "قطر" }, { "ar_SA", "السعودية" }, { "ar_SD", "السودان" }, { "ar_SY", "سوريا" },
  { "ar_TN", "تونس" }, { "ar_YE", "اليمن" },
  { "be_BY", "Беларусь" }, { "bg_BG", "България" }, { "bn_BD", "বাংলাদেশ" },
  { "bn_IN", "ভারত" }, { "br_FR", "Frañs" }, { "bs_BA", "Bosna i Hercegovina" },
  { "ca_AD", "Andorra" }, { "ca_ES", "Espanya" }, { "ca_FR", "França" }, { "ca_IT", "Itàlia" },
  { "cs_CZ", "Česko" }, { "cy_GB", "Y Deyrnas Unedig" }, { "da_DK", "Danmark" },
  { "de_AT", "Österreich" }, { "de_BE", "Belgien" }, { "de_CH", "Schweiz" },
  { "de_DE", "Deutschland" }, { "de_IT", "Italien" }, { "de_LI", "Liechtenstein" },
  { "de_LU", "Luxemburg" },
  { "el_CY", "Κύπρος" }, { "el_GR", "Ελλάδα" },
  { "en_AG", "Antigua and Barbuda" }, { "en_AU", "Australia" }, { "en_BS", "Bahamas" },
  { "en_BW", "Botswana" }, { "en_BZ", "Belize" }, { "en_CA", "Canada" },
  { "en_DK", "Denmark" }, { "en_GB", "United Kingdom" }, { "en_GH", "Ghana" },
  { "en_HK", "Hong Kong" }, { "en_IE", "Ireland" }, { "en_IN", "India" },
  { "en_JM", "Jamaica" }, { "en_MW", "Malawi" }, { "en_NA", "Namibia" },
  { "en_NG", "Nigeria" }, { "en_NZ", "New Zealand" }, { "en_PH", "Philippines" },
  { "en_SG", "Singapore" }, { "en_TT", "Trinidad and Tobago" }, { "en_US", "United States" },
  { "en_ZA", "South Africa" }, { "en_ZW", "Zimbabwe" },
  { "es_419", "Latinoamérica" }, { "es_AR", "Argentina" }, { "es_BO", "Bolivia" },
  { "es_CL", "Chile" }, { "es_CO", "Colombia" }, { "es_CR", "Costa Rica" }, { "es_CU", "Cuba" },
  { "es_DO", "República Dominicana" }, { "es_EC", "Ecuador" }, { "es_ES", "España" },
  { "es_GQ", "Guinea Ecuatorial" }, { "es_GT", "Guatemala" }, { "es_HN", "Honduras" },
  { "es_MX", "México" }, { "es_NI", "Nicaragua" }, { "es_PA", "Panamá" }, { "es_PE", "Perú" },
  { "es_PH", "Filipinas" }, { "es_PR", "Puerto Rico" }, { "es_PY", "Paraguay" },
  { "es_SV", "El Salvador" }, { "es_US", "Estados Unidos" }, { "es_UY", "Uruguay" },
  { "es_VE", "Venezuela" },
  { "et_EE", "Eesti" }, { "eu_ES", "Espainia" }, { "fa_IR", "ایران" }, { "fi_FI", "Suomi" },
  { "fo_FO", "Føroyar" },
  { "fr_BE", "Belgique" }, { "fr_CA", "Canada" }, { "fr_CH", "Suisse" }, { "fr_FR", "France" },
  { "fr_LU", "Luxembourg" }, { "fr_MC", "Monaco" },
  { "fy_NL", "Nederlân" }, { "ga_IE", "Éire" }, { "gd_GB", "An Rìoghachd Aonaichte" },
  { "gl_ES", "España" }, { "gu_IN", "ભારત" }, { "gug_PY", "Paraguái" },
  { "gv_GB", "Yn Reeriaght Unnaneysit" },
  { "he_IL", "ישראל" }, { "hi_IN", "भारत" }, { "hr_HR", "Hrvatska" },
  { "hsb_DE", "Němska" }, { "dsb_DE", "Nimska" }, { "hu_HU", "Magyarország" },
  { "hy_AM", "Հայաստան" }, { "id_ID", "Indonesia" }, { "is_IS", "Ísland" },
  { "it_CH", "Svizzera" }, { "it_IT", "Italia" }, { "ka_GE", "საქართველო" },
  { "kk_KZ", "Қазақстан" }, { "kmr_TR", "Tirkiye" }, { "ko_KR", "대한민국" },
  { "lb_LU", "Lëtzebuerg" }, { "lo_LA", "ລາວ" }, { "lt_LT", "Lietuva" }, { "lv_LV", "Latvija" },
  { "mk_MK", "Северна Македонија" }, { "ml_IN", "ഇന്ത്യ" }, { "mn_MN", "Монгол Улс" },
  { "mr_IN", "भारत" }, { "ms_MY", "Malaysia" }, { "mt_MT", "Malta" },
  { "nb_NO", "Norge" }, { "ne_IN", "भारत" }, { "ne_NP", "नेपाल" },
  { "nl_AW", "Aruba" }, { "nl_BE", "België" }, { "nl_BQ", "Caribisch Nederland" },
  { "nl_CW", "Curaçao" }, { "nl_NL", "Nederland" }, { "nl_SR", "Suriname" },
  { "nl_SX", "Sint Maarten" }, { "nn_NO", "Noreg" }, { "no_NO", "Norge" },
  { "oc_FR", "França" }, { "or_IN", "ଭାରତ" }, { "pa_IN", "ਭਾਰਤ" }, { "pl_PL", "Polska" },
  { "pt_AO", "Angola" }, { "pt_BR", "Brasil" }, { "pt_MZ", "Moçambique" },
  { "pt_PT", "Portugal" }, { "ro_MD", "Moldova" }, { "ro_RO", "România" },
  { "ru_RU", "Россия" }, { "ru_UA", "Украина" }, { "rw_RW", "Rwanda" }, { "si_LK", "ශ්‍රී ලංකාව" },
  { "sk_SK", "Slovensko" }, { "sl_SI", "Slovenija" }, { "sq_AL", "Shqipëria" },
  { "sr_BA", "Босна и Херцеговина" }, { "sr_ME", "Црна Гора" }, { "sr_RS", "Србија" },
  { "sr_Latn_BA", "Bosna i Hercegovina" }, { "sr_Latn_ME", "Crna Gora" },
  { "sr_Latn_RS", "Srbija" }, { "sv_FI", "Finland" }, { "sv_SE", "Sverige" },
  { "sw_KE", "Kenya" }, { "sw_TZ", "Tanzania" }, { "ta_IN", "இந்தியா" },
  { "te_IN", "భారతదేశం" }, { "th_TH", "ประเทศไทย" }, { "tr_TR", "Türkiye" },
  { "uk_UA", "Україна" }, { "uz_UZ", "Oʻzbekiston" }, { "uz_Cyrl_UZ", "Ўзбекистон" },
  { "vi_VN", "Việt Nam" }, { "zu_ZA", "iNingizimu Afrika" }, { "xh_ZA", "uMzantsi Afrika" },
  { "st_ZA", "Afrika Borwa" }, { "tn_ZA", "Aforika Borwa" }, { "ts_ZA", "Afrika Dzonga" },
  { "ss_ZA", "iNingizimu Afrika" }, { "ve_ZA", "Afurika Tshipembe" },
  { "nr_ZA", "iSewula Afrika" }, { "nso_ZA", "Afrika Borwa" },
};

/* Variants: spellings, reforms, word lists. By language and variant, in that language. */
static const Name variant_names[] = {
  { "be_tarask", "тарашкевіца" },
  { "ca_valencia", "valencià" }, { "ca_general", "central" },
  { "de_frami", "erweitert" }, { "de_neu", "neue Rechtschreibung" },
  { "de_alt", "alte Rechtschreibung" }, { "de_OLDSPELL", "alte Rechtschreibung" },
  { "en_ize", "-ize spelling" }, { "en_ise", "-ise spelling" },
  { "en_oxendict", "Oxford spelling" }, { "en_large", "large word list" },
  { "es_ANY", "todas las regiones" },
  { "fr_classique", "classique" }, { "fr_moderne", "moderne" },
  { "fr_reforme1990", "réforme de 1990" }, { "fr_toutesvariantes", "toutes variantes" },
  { "hu_comb", "összetett szavak" },
  { "pt_preao", "antes do Acordo Ortográfico" }, { "pt_ao", "Acordo Ortográfico" },
  { "ru_ye", "без ё" }, { "ru_yo", "с ё" },
  { "sr_ijekavian", "ијекавица" }, { "sr_Latn_ijekavian", "ijekavica" },
};

static const char *
find_name (const Name *names,
           gsize       n_names,
           const char *key)
{
  for (gsize i = 0; i < n_names; i++)
    if (g_str_equal (names[i].code, key))
      return names[i].name;
  return NULL;
}

#define FIND(table, key) find_name ((table), G_N_ELEMENTS (table), (key))

/* "latin" (as in "sr@latin") and "Latn" are one script. */
static const char *
script_code (const char *part)
{
  static const Name aliases[] = {
    { "latin", "Latn" }, { "Latn", "Latn" }, { "cyrillic", "Cyrl" }, { "Cyrl", "Cyrl" },
    { "Arab", "Arab" }, { "arabic", "Arab" },
  };

  return FIND (aliases, part);
}

static gboolean
is_region (const char *part)
{
  gsize length = strlen (part);

  if (length == 2)
    return g_ascii_isupper (part[0]) && g_ascii_isupper (part[1]);
  return length == 3 && g_ascii_isdigit (part[0]) && g_ascii_isdigit (part[1])
         && g_ascii_isdigit (part[2]);
}

typedef struct
{
  const char *language;
  const char *script;     /* "Latn", or NULL */
  GPtrArray  *parts;      /* names of the script, region and variants, in order */
  gboolean    complete;   /* every part had a name */
} Description;

/* The name of part (a region or variant) of language written in script: in the tables under
 * "sr_Latn_RS" first, then "sr_RS". */
static const char *
part_name (const Name  *names,
           gsize        n_names,
           Description *description,
           const char  *part)
{
  const char *name = NULL;

  if (description->script != NULL)
    {
      g_autofree char *key = g_strdup_printf ("%s_%s_%s", description->language,
                                              description->script, part);
      name = find_name (names, n_names, key);
    }
  if (name == NULL)
    {
      g_autofree char *key = g_strdup_printf ("%s_%s", description->language, part);
      name = find_name (names, n_names, key);
    }
  return name;
}

static void
describe_part (Description *description,
               const char  *part)
{
  const char *script = script_code (part);
  const char *name;

  if (*part == '\0')
    return;
  if (script != NULL && description->script == NULL)
    {
      g_autofree char *key = g_strdup_printf ("%s_%s", description->language, script);

      description->script = script;
      name = FIND (script_names, key);
    }
  else if (is_region (part))
    name = part_name (region_names, G_N_ELEMENTS (region_names), description, part);
  else
    name = part_name (variant_names, G_N_ELEMENTS (variant_names), description, part);
  if (name == NULL)
    description->complete = FALSE;
  g_ptr_array_add (description->parts, g_strdup (name != NULL ? name : part));
}

static const char *
language_name (Description *description)
{
  const char *name = NULL;

  if (description->script != NULL)
    {
      g_autofree char *key = g_strdup_printf ("%s_%s", description->language,
                                              description->script);
      name = FIND (scripted_language_names, key);
    }
  if (name == NULL)
    name = FIND (language_names, description->language);
  if (name == NULL)
    description->complete = FALSE;
  return name != NULL ? name : description->language;
}

/* "fr_FR" → "Français (France)", "de_DE_frami" → "Deutsch (Deutschland, erweitert)",
 * "sr_Latn_RS" → "Srpski (latinica, Srbija)". A part without a name is shown as it is, and
 * complete (when not NULL) is then FALSE. */
char *
tp_dictionary_describe_code_full (const char *code,
                                  gboolean   *complete)
{
  g_auto(GStrv) parts = g_strsplit_set (code, "_-@", -1);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  Description description = { parts[0], NULL, names, TRUE };
  g_autofree char *joined = NULL;
  const char *language;

  for (guint i = 1; parts[i] != NULL; i++)
    describe_part (&description, parts[i]);
  language = language_name (&description);
  if (complete != NULL)
    *complete = description.complete;
  if (names->len == 0)
    return g_strdup (language);
  g_ptr_array_add (names, NULL);
  joined = g_strjoinv (", ", (char **) names->pdata);
  return g_strdup_printf ("%s (%s)", language, joined);
}

char *
tp_dictionary_describe_code (const char *code)
{
  return tp_dictionary_describe_code_full (code, NULL);
}

"""Country names in the reader's language, from the ISO 3166 translations pycountry ships."""

import gettext
from functools import cache

import pycountry
from django.utils.translation import get_language

# English country names that take "the" inside a sentence ("in the United Kingdom").
NAMES_WITH_THE = {
    "ae", "bs", "cd", "cf", "cg", "ck", "cc", "do", "fk", "fo", "gb", "gm", "ky", "km", "mh", "mp",
    "mv", "nl", "ph", "sb", "tc", "um", "us", "va", "vg", "vi",
}


@cache
def _catalogue(language):
    try:
        return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()


def current_language():
    return (get_language() or "en").split("-")[0]


def country_name(english_name, language=None):
    """The name of a country in `language` (default: the active one); English if there is no translation."""
    language = language or current_language()
    if language == "en":
        return english_name
    return _catalogue(language).gettext(english_name)


def name_in_sentence(code, english_name, language=None):
    language = language or current_language()
    if language == "en" and code in NAMES_WITH_THE:
        return f"the {english_name}"
    return country_name(english_name, language)

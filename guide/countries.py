"""Finding a country by what a person types: names in every interface language (ISO
names from pycountry, everyday names from CLDR through Babel), official names, codes,
the aliases people use ("UK", "Britain", "USA", "Angleterre"), and the UK nations and
US states by name ("Scotland", "California"), which lead to their country."""

import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry
from babel import Locale
from django.conf import settings

from jurisdictions.names import country_name, current_language

ALIASES = {
    # England, Britain and Wales in the interface languages: people name the UK by its parts.
    "gb": [
        "UK", "U.K.", "Britain", "Great Britain", "England", "Wales",
        "Angleterre", "Grande-Bretagne", "Pays de Galles", "Inglaterra", "Gran Bretaña", "Gales", "Grã-Bretanha", "País de Gales",
        "إنجلترا", "بريطانيا", "بريطانيا العظمى", "ويلز", "Engeland", "Brittanje", "Groot-Brittanje", "Wallis",
    ],
    "us": ["USA", "U.S.", "U.S.A.", "US", "America", "United States of America"],
    "za": ["RSA", "SA", "Mzansi"],
    "nl": ["Holland"],
    "ae": ["UAE", "Emirates", "Dubai"],
    "kr": ["Korea"],
    "kp": ["North Korea"],
    "ru": ["Russia"],
    "cz": ["Czech Republic"],
    "ci": ["Ivory Coast"],
    "tr": ["Turkey"],
}


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    search_terms: tuple
    part: str = ""  # a UK nation or US state found by its own name: the answer after the country


def normalise(text):
    """Lowercase, without accents or punctuation, so "Côte d'Ivoire" matches "cote"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.split())


def english_name(country):
    return getattr(country, "common_name", None) or country.name


def _cldr_names(code):
    """The country's everyday name in every interface language, from CLDR."""
    names = []
    for language, _ in settings.LANGUAGES:
        name = Locale.parse(language).territories.get(code.upper())
        if name:
            names.append(name)
    return names


@cache
def _countries(language):
    countries = []
    for country in pycountry.countries:
        code = country.alpha_2.lower()
        local = country_name(english_name(country), language)
        names = [local, english_name(country), country.name, getattr(country, "official_name", ""), *_cldr_names(code), *ALIASES.get(code, [])]
        terms = tuple(dict.fromkeys(normalise(n) for n in names if n))
        countries.append(Country(code=code, name=local, search_terms=terms))
    return tuple(sorted(countries, key=lambda c: normalise(c.name)))


# The parts of a country the guide knows by name: the UK nations and the US states.
UK_NATIONS = {"gb-eaw": ["England and Wales", "England", "Wales"], "gb-sct": ["Scotland", "Écosse", "Escocia", "Escócia", "اسكتلندا", "Skotland"], "gb-nir": ["Northern Ireland", "Irlande du Nord", "Irlanda del Norte", "Irlanda do Norte", "أيرلندا الشمالية", "Noord-Ierland"]}


@cache
def _parts(language):
    names = _names(language)
    parts = [
        Country(code="gb", part=code, name=f"{aliases[0]} ({names['gb']})", search_terms=tuple(normalise(a) for a in aliases))
        for code, aliases in UK_NATIONS.items()
    ]
    for state in pycountry.subdivisions.get(country_code="US"):
        if state.type in {"State", "District"}:
            parts.append(Country(code="us", part=state.code.lower(), name=f"{state.name} ({names['us']})", search_terms=(normalise(state.name),)))
    return tuple(parts)


def all_countries():
    """Every country, named and sorted in the reader's language."""
    return _countries(current_language())


@cache
def _names(language):
    return {country.code: country.name for country in _countries(language)}


def country_names():
    return _names(current_language())


def search(query, limit=8, with_parts=False):
    """Countries matching what was typed, best first: exact alias or code, then names that
    start with it. With `with_parts`, a UK nation or US state typed by its own name too."""
    wanted = normalise(query)[:60]
    if not wanted:
        return []
    ranked = []
    places = all_countries() + (_parts(current_language()) if with_parts else ())
    for country in places:
        if wanted == country.code and not country.part or wanted in country.search_terms:
            rank = 0
        elif any(term.startswith(wanted) for term in country.search_terms):
            rank = 1
        elif any(word.startswith(wanted) for term in country.search_terms for word in term.split()):
            rank = 2
        elif len(wanted) >= 3 and any(wanted in term for term in country.search_terms):
            rank = 3
        else:
            continue
        ranked.append((rank, normalise(country.name), country))
    ranked.sort(key=lambda item: item[:2])
    return [country for _, _, country in ranked[:limit]]

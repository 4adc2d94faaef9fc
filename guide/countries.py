"""Finding a country by what a person types: names in their language and in English,
official names, codes and the everyday aliases people use ("UK", "Britain", "USA")."""

import unicodedata
from dataclasses import dataclass
from functools import cache

import pycountry

from jurisdictions.names import country_name, current_language

ALIASES = {
    "gb": ["UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales", "Northern Ireland"],
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


def normalise(text):
    """Lowercase, without accents or punctuation, so "Côte d'Ivoire" matches "cote"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.split())


def english_name(country):
    return getattr(country, "common_name", None) or country.name


@cache
def _countries(language):
    countries = []
    for country in pycountry.countries:
        code = country.alpha_2.lower()
        local = country_name(english_name(country), language)
        names = [local, english_name(country), country.name, getattr(country, "official_name", ""), *ALIASES.get(code, [])]
        terms = tuple(dict.fromkeys(normalise(n) for n in names if n))
        countries.append(Country(code=code, name=local, search_terms=terms))
    return tuple(sorted(countries, key=lambda c: normalise(c.name)))


def all_countries():
    """Every country, named and sorted in the reader's language."""
    return _countries(current_language())


@cache
def _names(language):
    return {country.code: country.name for country in _countries(language)}


def country_names():
    return _names(current_language())


def search(query, limit=8):
    """Countries matching what was typed, best first: exact alias or code, then names that start with it."""
    wanted = normalise(query)[:60]
    if not wanted:
        return []
    ranked = []
    for country in all_countries():
        if wanted == country.code or wanted in country.search_terms:
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

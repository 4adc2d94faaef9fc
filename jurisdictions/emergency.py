"""Emergency numbers for any country, computed without the database.

The curated file covers the countries we know in depth, with sources; every
other country gets the numbers libphonenumber (Google's phone metadata, through
the `phonenumbers` package) knows as emergency numbers there.
"""

import itertools
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from phonenumbers import shortnumberinfo
from phonenumbers.phonemetadata import PhoneMetadata

CURATED_FILE = Path(__file__).resolve().parent / "content" / "emergency_numbers.toml"
LIBPHONENUMBER_SOURCE = "https://github.com/google/libphonenumber"


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    label: str

    @property
    def href(self):
        return f"tel:{self.number}"


@dataclass(frozen=True)
class EmergencyNumbers:
    country_code: str
    numbers: tuple
    summary: str
    source_url: str
    last_verified: str
    curated: bool


@cache
def _curated():
    return tomllib.loads(CURATED_FILE.read_text(encoding="utf-8"))


@cache
def _libphonenumber_numbers(region):
    """Every number libphonenumber lists as an emergency number in `region`, shortest first."""
    metadata = PhoneMetadata.short_metadata_for_region(region)
    if metadata is None or metadata.emergency is None or not metadata.emergency.national_number_pattern:
        return ()
    pattern = re.compile(metadata.emergency.national_number_pattern)
    lengths = metadata.emergency.possible_length or metadata.general_desc.possible_length or (3,)
    found = []
    for length in sorted(set(lengths)):
        if length > 6:
            continue
        for digits in itertools.product("0123456789", repeat=length):
            candidate = "".join(digits)
            if pattern.fullmatch(candidate) and shortnumberinfo.is_emergency_number(candidate, region):
                found.append(candidate)
    return tuple(found)


def emergency_numbers(country_code):
    """The emergency numbers of a country (ISO 3166-1 alpha-2, any case); None if it has none known."""
    code = country_code.split("-")[0].lower()
    curated = _curated().get(code)
    if curated and not curated.get("review"):
        return EmergencyNumbers(
            country_code=code,
            numbers=tuple(EmergencyNumber(n["number"], n["label"]) for n in curated["numbers"]),
            summary=curated["summary"],
            source_url=curated["source_url"],
            last_verified=curated["last_verified"],
            curated=True,
        )
    found = _libphonenumber_numbers(code.upper())
    if not found:
        return None
    return EmergencyNumbers(
        country_code=code,
        numbers=tuple(EmergencyNumber(n, "") for n in found),
        summary="",
        source_url=LIBPHONENUMBER_SOURCE,
        last_verified=None,
        curated=False,
    )

"""The victim's answers, read once from the address and validated in one place.

Every page that depends on the answers (the wizard, the guide, the country page,
the print form and the PDF) reads them through `read_answers`, so a bad value
gets the same answer everywhere: an address that names no country we know is a
404, a parameter that is not a valid answer is a 400. Nothing here touches the
database: whether a nation or state exists is the assembly's question.
"""

import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.urls import reverse

from jurisdictions.platforms import WIZARD_CHOICES

from .countries import country_names

# In the order the wizard offers them, which is the order a guide shows them in.
PLATFORM_ORDER = tuple(slug for slug, _label in WIZARD_CHOICES)
UNKNOWN = "unknown"
# A UK nation or US state: the country's code, a hyphen, one to three letters or digits.
PART = re.compile(r"[a-z]{2}-[a-z0-9]{1,3}")
# What a country page may be about: a country or a part of one.
PLACE = re.compile(r"[a-z]{2}(-[a-z0-9]{1,3})?")
LONGEST_VALUE = 60
# The wizard writes "yes"/"no"; guide addresses carry emergency=1.
EMERGENCY_VALUES = {"yes": True, "1": True, "no": False, "0": False}


class BadAnswer(Exception):
    """An answer we cannot use. `status` is 404 for an address that names nothing
    we know, 400 for a parameter that is not a valid answer."""

    def __init__(self, what, value, status):
        super().__init__(f"{what}: {value!r}")
        self.what = what
        self.value = value[:LONGEST_VALUE]
        self.status = status


@dataclass(frozen=True)
class GuideAnswers:
    """Where the victim is, where the person harassing them is (a country code or
    UNKNOWN), the nation or state there (a code, UNKNOWN or empty), and whether they
    are in danger now (None until answered). Empty strings are unanswered questions."""

    home: str = ""
    away: str = ""
    part: str = ""
    emergency: bool | None = None
    platforms: tuple = ()

    @property
    def away_known(self):
        return bool(self.away) and self.away != UNKNOWN

    @property
    def part_code(self):
        """The nation or state to look up, or None when there is none to look up."""
        return self.part if self.part and self.part != UNKNOWN else None

    @property
    def complete(self):
        return bool(self.home and self.away)

    def changed(self, **changes):
        return replace(self, **changes)

    def guide_query(self):
        """The answers a guide address carries after its path: the part and emergency."""
        params = {}
        if self.part_code:
            params["part"] = self.part_code
        if self.emergency:
            params["emergency"] = "1"
        if self.platforms:
            params["platform"] = list(self.platforms)
        return "?" + urlencode(params, doseq=True) if params else ""

    def url(self, name):
        """The address of one of the pair's pages ("guide", "print", "pdf") for these answers."""
        return reverse(name, args=[self.home, self.away]) + self.guide_query()

    def guide_url(self):
        return self.url("guide")

    def wizard_query(self):
        """The answers as the wizard's parameters, in the order they are asked."""
        params = {"home": self.home, "away": self.away, "part": self.part}
        if self.emergency is not None:
            params["emergency"] = "yes" if self.emergency else "no"
        if self.platforms:
            # Repeated in the address: build it with urlencode(..., doseq=True).
            params["platform"] = list(self.platforms)
        return {name: value for name, value in params.items() if value}


def _text(params, name):
    raw = params.get(name, "")
    return raw.strip().lower() if isinstance(raw, str) else ""


def _platforms(params):
    """The platforms chosen, known ones only, each once, in the wizard's order: a
    `?platform=` value we do not know is ignored rather than refused, so an old link
    keeps working when a choice is renamed."""
    values = params.getlist("platform") if hasattr(params, "getlist") else [params.get("platform", "")]
    chosen = {value.strip().lower() for value in values[: len(PLATFORM_ORDER) * 4] if isinstance(value, str)}
    return tuple(slug for slug in PLATFORM_ORDER if slug in chosen)


def _country(value, what, status):
    if value in country_names():
        return value
    raise BadAnswer(what, value, status)


def read_answers(params, home=None, away=None):
    """The answers from a request's query parameters, with `home` and `away` taken from
    the address's path on pages that have them there (a country page has only `home`).
    Raises BadAnswer.

    An answer to a question not yet reached is ignored, as a wizard step would ignore it.
    """
    if home is None:
        home, away, status = _text(params, "home"), _text(params, "away"), 400
    else:
        home, away, status = home.lower(), (away or "").lower(), 404
    home = _country(home, "home", status) if home else ""
    away = away if home else ""
    if away and away != UNKNOWN:
        away = _country(away, "away", status)
    part = _text(params, "part") if away and away != UNKNOWN else ""
    if part and part != UNKNOWN and not (PART.fullmatch(part) and part.startswith(away + "-")):
        raise BadAnswer("part", part, status)
    emergency = _text(params, "emergency") if away else ""
    if emergency and emergency not in EMERGENCY_VALUES:
        raise BadAnswer("emergency", emergency, 400)
    platforms = _platforms(params) if away else ()
    return GuideAnswers(
        home=home, away=away, part=part, emergency=EMERGENCY_VALUES.get(emergency), platforms=platforms
    )


def read_place(code):
    """The country or part a country page is about, lowercased; its existence is looked up later."""
    place = code.lower()
    if not PLACE.fullmatch(place):
        raise BadAnswer("country", code, 404)
    return place

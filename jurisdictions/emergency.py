"""Emergency numbers for any country, computed without the database.

A frightened person dials the first number they see, so only real numbers are
shown. The curated file gives each number the service it reaches and the
official page that states it. A country without a checked entry gets only the
well-known short codes that the international telephone data (the `phonenumbers`
package) confirms as emergency numbers there, never numbers generated from a
pattern.
"""

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import models
from django.utils.translation import gettext_lazy as _
from phonenumbers import shortnumberinfo

CURATED_FILE = Path(__file__).resolve().parent / "content" / "emergency_numbers.toml"

# Codes people know across the world. Each is shown for a country only when the
# telephone data confirms it as an emergency number there: a pattern such as
# Czechia's 15x or Gabon's 13xx also matches numbers that reach nobody.
WELL_KNOWN_CODES = ("112", "911", "999", "000", "110", "119", "100", "101", "102", "190", "191", "192", "193", "199", "10111")


class Service(models.TextChoices):
    GENERAL = "general", _("General emergency number")
    POLICE = "police", _("Police")
    AMBULANCE = "ambulance", _("Ambulance")
    FIRE = "fire", _("Fire")
    FIRE_AMBULANCE = "fire-ambulance", _("Fire and ambulance")
    UNCHECKED = "unchecked", _("Emergency number")
    VIOLENCE_HELPLINE = "violence-helpline", _("Domestic and gender-based violence helpline")
    CYBERCRIME_HELPLINE = "cybercrime-helpline", _("Cybercrime helpline")
    POLICE_NON_EMERGENCY = "police-non-emergency", _("Police, not for emergencies")


EMERGENCY_SERVICES = {Service.GENERAL, Service.POLICE, Service.AMBULANCE, Service.FIRE, Service.FIRE_AMBULANCE, Service.UNCHECKED}
HELPLINES = {Service.VIOLENCE_HELPLINE, Service.CYBERCRIME_HELPLINE}


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    service: Service
    name: str = ""
    mobile_only: bool = False
    checked: bool = True

    @property
    def label(self):
        return self.service.label

    @property
    def href(self):
        return f"tel:{self.number}"


@dataclass(frozen=True)
class EmergencyNumbers:
    country_code: str
    numbers: tuple
    summary: str
    sources: tuple
    last_verified: object

    @property
    def emergency(self):
        return tuple(n for n in self.numbers if n.service in EMERGENCY_SERVICES)

    @property
    def helplines(self):
        return tuple(n for n in self.numbers if n.service in HELPLINES)

    @property
    def non_emergency(self):
        return tuple(n for n in self.numbers if n.service == Service.POLICE_NON_EMERGENCY)

    @property
    def curated(self):
        return any(n.checked for n in self.numbers)

    @property
    def unchecked(self):
        return any(not n.checked for n in self.numbers)


@cache
def _curated():
    return tomllib.loads(CURATED_FILE.read_text(encoding="utf-8"))


@cache
def phone_data_numbers(region):
    """The well-known codes that the telephone data confirms as emergency numbers in `region`."""
    return tuple(
        EmergencyNumber(code, Service.GENERAL if code == "112" else Service.UNCHECKED, checked=False)
        for code in WELL_KNOWN_CODES
        if shortnumberinfo.is_emergency_number(code, region)
    )


def curated_entry(code):
    """The checked entry for a country, or None while it waits for review."""
    entry = _curated().get(code)
    return entry if entry and not entry.get("review") else None


def emergency_numbers(country_code):
    """The emergency numbers of a country (ISO 3166-1 alpha-2, any case); None if none is known."""
    code = country_code.split("-")[0].lower()
    entry = curated_entry(code)
    found = phone_data_numbers(code.upper())
    if entry is None:
        if not found:
            return None
        return EmergencyNumbers(code, found, summary="", sources=(), last_verified=None)
    shown = [n for n in entry["numbers"] if not n.get("review")]
    numbers = tuple(
        EmergencyNumber(n["number"], Service(n["service"]), name=n.get("name", ""), mobile_only=n.get("mobile_only", False))
        for n in shown
    )
    if not any(n.service in EMERGENCY_SERVICES for n in numbers):
        # A checked helpline must not push the emergency number off the page.
        numbers = found + numbers
    sources = tuple(dict.fromkeys(n.get("source_url", entry["source_url"]) for n in shown))
    return EmergencyNumbers(code, numbers, summary=entry.get("summary", ""), sources=sources, last_verified=entry["last_verified"])

"""Facts a test makes for itself, as real rows, so that it does not depend on what
the reference content happens to say today.

Each function creates one published, sourced record with plain defaults; a test
passes only what it asserts on. Texts are written in the site's default language,
as staff write them, whatever language the test last asked a page in. The default date is one no content file uses, so
a page that shows it is showing the fact the test made.
"""

import datetime
import functools
import itertools

import pycountry
from django.conf import settings
from django.utils import translation

from jurisdictions.models import (
    Agency,
    ContactChannel,
    CooperationRoute,
    EscalationStep,
    Instrument,
    Jurisdiction,
    Lever,
    Membership,
    Offence,
    Purpose,
    StartedBy,
)

CHECKED_ON = datetime.date(2025, 3, 4)
_serial = itertools.count(1)


def in_default_language(factory):
    @functools.wraps(factory)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return factory(*args, **kwargs)

    return wrapper


def sourced(**fields):
    """What every fact needs: an official https source and the day it was checked."""
    return {"source_url": f"https://www.justice.example/facts/{next(_serial)}", "last_verified": CHECKED_ON, **fields}


def jurisdiction(code):
    """A country (ISO 3166-1 alpha-2) or a part of one (gb-sct, us-ca), as the world list names it."""
    code = code.lower()
    if "-" in code:
        parent = jurisdiction(code.split("-")[0])
        subdivision = pycountry.subdivisions.get(code=code.upper())
        kind = Jurisdiction.Kind.STATE if parent.code == "us" else Jurisdiction.Kind.NATION
        defaults = {"name": subdivision.name if subdivision else code, "kind": kind, "parent": parent}
    else:
        defaults = {"name": pycountry.countries.get(alpha_2=code.upper()).name, "kind": Jurisdiction.Kind.COUNTRY}
    return Jurisdiction.objects.get_or_create(code=code, defaults=defaults)[0]


@in_default_language
def agency(place, name, kind=Agency.Kind.POLICE, purpose="Takes your report and investigates it.", **fields):
    return Agency.objects.create(jurisdiction=jurisdiction(place), name=name, kind=kind, purpose=purpose, **sourced(**fields))


@in_default_language
def channel(of, kind, value, **fields):
    """A way to reach an agency; validated as staff input is, which works out the number to dial."""
    record = ContactChannel(agency=of, kind=kind, value=value, **sourced(**fields))
    record.full_clean()
    record.save()
    return record


@in_default_language
def lever(place, title, kind=Lever.Kind.PLATFORM, description="Ask the service to take the posts down.", **fields):
    return Lever.objects.create(jurisdiction=jurisdiction(place), title=title, kind=kind, description=description, **sourced(**fields))


@in_default_language
def offence(place, title, citation, conduct="harassment", **fields):
    fields.setdefault("official_url", f"https://www.laws.example/{next(_serial)}")
    return Offence.objects.create(jurisdiction=jurisdiction(place), title=title, citation=citation, conduct=conduct, **sourced(**fields))


@in_default_language
def escalation_step(place, order, title, description="Ask again, in writing.", **fields):
    return EscalationStep.objects.create(
        jurisdiction=jurisdiction(place), order=order, title=title, description=description, **sourced(**fields)
    )


@in_default_language
def instrument(name, members=(), kind=Instrument.Kind.MULTILATERAL, **fields):
    """An instrument and its members (country codes)."""
    fields.setdefault("short_name", name[:60])
    fields.setdefault("purpose", Purpose.LOCATE)
    fields.setdefault("started_by", StartedBy.INVESTIGATING_OFFICER)
    fields.setdefault("description", "Your officer asks the police there for help.")
    record = Instrument.objects.create(name=name, kind=kind, **sourced(**fields))
    for code in members:
        membership(record, code)
    return record


def membership(of, place, **fields):
    return Membership.objects.create(instrument=of, jurisdiction=jurisdiction(place), **sourced(**fields))


@in_default_language
def route(away, title, home=None, **fields):
    fields.setdefault("purpose", Purpose.LOCATE)
    fields.setdefault("started_by", StartedBy.INVESTIGATING_OFFICER)
    fields.setdefault("description", "Your officer sends the request; the police there act on it.")
    return CooperationRoute.objects.create(
        home=jurisdiction(home) if home else None, away=jurisdiction(away), title=title, **sourced(**fields)
    )

"""How much of the world the content covers, and what needs a reviewer's attention."""

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Count, Q

from .emergency import Service, emergency_numbers
from . import models
from .models import REVIEWED_FACTS, TRANSLATED_TEXTS, Instrument, Jurisdiction, Lever, Status
from .translated import is_approved

# The countries covered in depth, whose content is translated into every language.
IN_DEPTH = ("za", "gb", "us")

# How each kind of record belongs to a country (itself or one of its parts).
_PLACE_OF = {
    "Jurisdiction": "",
    "Agency": "jurisdiction__",
    "ContactChannel": "agency__jurisdiction__",
    "Lever": "jurisdiction__",
    "Offence": "jurisdiction__",
    "EscalationStep": "jurisdiction__",
    "CooperationRoute": "away__",
    "Instrument": None,  # shared by every country
}



@dataclass
class Coverage:
    countries: int
    parts: int
    with_deep_content: list
    emergency_curated: int
    emergency_from_phone_data: int
    emergency_missing: list
    numbers_curated: int
    numbers_from_phone_data: int
    numbers_without_service: int
    memberships: dict
    drafts: dict
    overdue: dict
    generic_sources: list
    # Countries that tell a victim living there how to report and what reference they get.
    home_reporting: list
    # language -> (texts translated, of which approved, texts in all) for the countries in depth
    translations: dict
    # States and nations with a published order of their own, and those still without one.
    parts_with_orders: list
    parts_without_orders: list


def is_generic_source(url):
    """A site's home page states no fact: the source should be the page that does."""
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query and not parts.fragment


def generic_sources():
    """(kind of record, record, source) for every fact whose source is a site's home page."""
    found = []
    for model in [Jurisdiction, *REVIEWED_FACTS]:
        for record in model.objects.exclude(source_url="").order_by("pk"):
            if is_generic_source(record.source_url):
                found.append((model._meta.verbose_name, str(record), record.source_url))
    return found


def coverage(today=None):
    today = today or datetime.date.today()
    countries = Jurisdiction.objects.filter(parent=None)
    deep = (
        Jurisdiction.objects.annotate(agency_count=Count("agencies", filter=Q(agencies__status=Status.PUBLISHED)))
        .filter(Q(agency_count__gt=0) | Q(how_to_report__gt=""))
        .order_by("code")
        .values_list("code", flat=True)
    )
    curated = phone_data = 0
    missing = []
    shown = []
    for code in countries.values_list("code", flat=True):
        numbers = emergency_numbers(code)
        if numbers is None:
            missing.append(code)
            continue
        shown.extend(numbers.numbers)
        if numbers.curated:
            curated += 1
        else:
            phone_data += 1
    memberships = {
        instrument.short_name + ("" if instrument.status == Status.PUBLISHED else " (draft)"): instrument.members
        for instrument in Instrument.objects.annotate(members=Count("memberships")).order_by("order")
    }
    parts = Jurisdiction.objects.exclude(parent=None).order_by("code")
    with_orders = set(
        Lever.objects.published().filter(kind=Lever.Kind.PROTECTIVE_ORDER, jurisdiction__in=parts).values_list("jurisdiction__code", flat=True)
    )
    return Coverage(
        countries=countries.count(),
        parts=Jurisdiction.objects.exclude(parent=None).count(),
        with_deep_content=list(deep),
        emergency_curated=curated,
        emergency_from_phone_data=phone_data,
        emergency_missing=missing,
        numbers_curated=sum(1 for number in shown if number.checked),
        numbers_from_phone_data=sum(1 for number in shown if not number.checked),
        numbers_without_service=sum(1 for number in shown if number.service == Service.UNCHECKED),
        memberships=memberships,
        drafts={model._meta.verbose_name_plural: model.objects.drafts().count() for model in REVIEWED_FACTS},
        overdue={model._meta.verbose_name_plural: model.objects.overdue(today).count() for model in REVIEWED_FACTS},
        generic_sources=generic_sources(),
        translations=translation_coverage(),
        home_reporting=list(countries.filter(how_to_report__gt="").order_by("code").values_list("code", flat=True)),
        parts_with_orders=[code for code in parts.values_list("code", flat=True) if code in with_orders],
        parts_without_orders=[code for code in parts.values_list("code", flat=True) if code not in with_orders],
    )


def translation_coverage(countries=IN_DEPTH):
    """For each language: how many of the shown texts of these countries are translated, and how many approved."""
    languages = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    counts = {language: [0, 0, 0] for language in languages}
    for model_name, texts in TRANSLATED_TEXTS.items():
        model = getattr(models, model_name)
        records = model.objects.all() if model is Jurisdiction else model.objects.published()
        place = _PLACE_OF[model_name]
        if place is not None:
            records = records.filter(Q(**{f"{place}code__in": countries}) | Q(**{f"{place}parent__code__in": countries}))
        for record in records:
            for name in texts:
                if not getattr(record, f"{name}_{settings.LANGUAGE_CODE}", ""):
                    continue
                for language in languages:
                    counts[language][2] += 1
                    if getattr(record, f"{name}_{language}", ""):
                        counts[language][0] += 1
                        counts[language][1] += is_approved(record, language)
    return {language: tuple(numbers) for language, numbers in counts.items()}

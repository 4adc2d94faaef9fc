"""Turn the victim's answers into a guide: plain data the template renders.

Each guide is built from a small, fixed number of queries, whatever the size of
the content, and nothing here knows about requests or templates.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from jurisdictions.editions import PUBLISHED
from jurisdictions.emergency import emergency_numbers
from jurisdictions.models import Agency, ContactChannel, EscalationStep, Jurisdiction, Lever, Membership, Offence, Purpose
from jurisdictions.platforms import WIZARD_CHOICES, platforms_and_services
from jurisdictions.routes import derive_routes, load_route_data

from .answers import UNKNOWN, BadAnswer
from .next_steps import next_steps


class NotFound(BadAnswer):
    """A code or part that names no jurisdiction we know. `what` says which."""

    def __init__(self, what, value):
        super().__init__(what, value, status=404)


@dataclass
class DiagramStep:
    label: str
    detail: str = ""
    agency: object = None  # an agency the victim cannot contact: what it does unfolds from its step


@dataclass
class Guide:
    answers: object
    home: Jurisdiction
    away: Jurisdiction | None
    part: Jurisdiction | None
    parts: list
    emergency: bool
    emergency_numbers: object
    police: Agency | None
    home_agencies: list
    officer_agencies: list
    away_levers: list
    part_levers: list
    away_agencies: list
    part_agencies: list
    routes: list
    # How an order made at home can be recognised where the person is (EU instruments).
    protection_routes: list = field(default_factory=list)
    # What to name in a report where the person lives, when that is a state or nation.
    part_offences: list = field(default_factory=list)
    platforms: list = field(default_factory=list)
    intimate_image_services: list = field(default_factory=list)
    # Platforms the victim named that have no published pages yet: named all the same.
    unchecked_platforms: list = field(default_factory=list)
    next_steps: list = field(default_factory=list)
    police_diagram: list = field(default_factory=list)
    evidence_diagram: list = field(default_factory=list)

    @property
    def has_interpol_route(self):
        return any(route.is_interpol for route in self.routes)


def _agencies(edition):
    channels = edition.of(ContactChannel).order_by("order", "pk")
    return (
        edition.of(Agency)
        .select_related("jurisdiction")
        .prefetch_related(Prefetch("channels", queryset=channels))
    )


def _levers_of_place(levers, place):
    """A state's or nation's own order takes the place of its country's pointer to the parts' orders."""
    if any(lever.kind == Lever.Kind.PROTECTIVE_ORDER and lever.jurisdiction_id == place.pk for lever in levers):
        return [lever for lever in levers if lever.kind != Lever.Kind.PROTECTIVE_ORDER or lever.jurisdiction_id == place.pk]
    return levers


# A country (za) or a part of one (gb-sct, us-ca). Anything else is not looked up at all.
CODE = re.compile(r"[a-z]{2}(-[a-z0-9]{1,3})?")


def _jurisdictions(codes):
    wanted = [code for code in codes if CODE.fullmatch(code)]
    if not wanted:
        return {}
    return {j.code: j for j in Jurisdiction.objects.filter(code__in=wanted).select_related("parent")}


def find_pair(home_code, away_code, part_code=None):
    """Look up home, away and part in one query; raise NotFound for anything unknown."""
    codes = {home_code, away_code, part_code} - {None, UNKNOWN}
    found = _jurisdictions(codes)
    home = found.get(home_code)
    if home is None or home.parent_id:
        raise NotFound("home", home_code)
    away = None
    if away_code != UNKNOWN:
        away = found.get(away_code)
        if away is None or away.parent_id:
            raise NotFound("away", away_code)
    part = None
    if part_code:
        part = found.get(part_code)
        if part is None or away is None or part.parent_id != away.pk:
            raise NotFound("part", part_code)
    return home, away, part


def assemble_guide(answers, edition=PUBLISHED):
    """The guide for a victim's answers (a complete GuideAnswers), from the published content or a preview."""
    home, away, part = find_pair(answers.home, answers.away, answers.part_code)
    parts = list(away.parts.order_by("name")) if away is not None and away.part_label else []

    places = [home] + ([away] if away else []) + ([part] if part else [])
    agencies = list(_agencies(edition).filter(jurisdiction__in=places))
    home_agencies = [a for a in agencies if a.jurisdiction_id == home.pk]
    police = next((a for a in home_agencies if a.kind == Agency.Kind.POLICE), None)

    levers = list(edition.of(Lever).filter(jurisdiction__in=places[1:]).select_related("jurisdiction"))
    if part is not None:
        levers = _levers_of_place(levers, part)

    routes = []
    if away is not None:
        routes = derive_routes(home.code, away.code, load_route_data([home.code, away.code], edition))
    # Recognising a protection order across the border is the victim's to ask for, not police to police.
    protection_routes = [route for route in routes if route.purpose == Purpose.PROTECT]
    routes = [route for route in routes if route.purpose != Purpose.PROTECT]

    platforms, services = platforms_and_services(answers.platforms, edition)

    guide = Guide(
        answers=answers,
        home=home,
        away=away,
        part=part,
        parts=parts,
        emergency=bool(answers.emergency),
        emergency_numbers=emergency_numbers(home.code),
        police=police,
        # A police-only bureau is something the officer uses, not a place to report: the routes name it.
        home_agencies=[a for a in home_agencies if a is not police and a.public_can_contact],
        officer_agencies=[a for a in home_agencies if not a.public_can_contact],
        away_levers=[lever for lever in levers if away and lever.jurisdiction_id == away.pk and lever.open_to(home.code)],
        part_levers=[lever for lever in levers if part and lever.jurisdiction_id == part.pk and lever.open_to(home.code)],
        away_agencies=[a for a in agencies if away and a.jurisdiction_id == away.pk and a.public_can_contact],
        part_agencies=[a for a in agencies if part and a.jurisdiction_id == part.pk],
        routes=routes,
        protection_routes=protection_routes,
        part_offences=list(edition.of(Offence).filter(jurisdiction=part)) if part else [],
        platforms=platforms,
        intimate_image_services=services,
    )
    found = {platform.slug for platform in platforms}
    guide.unchecked_platforms = [name for slug, name in WIZARD_CHOICES if slug in answers.platforms and slug not in found]
    guide.police_diagram = police_diagram(guide)
    # A bureau the diagram names says what it does there; the others are listed on their own.
    in_diagram = {step.agency.pk for step in guide.police_diagram if step.agency is not None}
    guide.officer_agencies = [agency for agency in guide.officer_agencies if agency.pk not in in_diagram]
    guide.next_steps = next_steps(guide)
    guide.evidence_diagram = evidence_diagram(guide)
    return guide


def police_diagram(guide):
    """How the report travels police-to-police, as steps a screen reader reads in order."""
    interpol = next((r for r in guide.routes if r.is_interpol), None)
    if interpol is None:
        return []
    home_police = guide.police.name if guide.police else _("Your local police")
    steps = [
        DiagramStep(_("You")),
        DiagramStep(home_police, guide.home.reference_name or _("reference number")),
        DiagramStep(interpol.home_agency.name, agency=interpol.home_agency) if interpol.home_agency else DiagramStep(_("Your country's INTERPOL bureau")),
        DiagramStep(interpol.away_agency.name if interpol.away_agency else _("The INTERPOL bureau in %(country)s") % {"country": guide.away.local_name}),
    ]
    investigating = [a for a in guide.part_agencies if a.kind == Agency.Kind.POLICE]
    if investigating:
        steps.append(DiagramStep(investigating[0].name))
    return steps


def evidence_diagram(guide):
    compelling = [r for r in guide.routes if r.purpose == Purpose.COMPEL]
    if not compelling:
        return []
    # Name the receiving office when any route into the country names it.
    compel = next((r for r in compelling if r.away_agency), compelling[0])
    return [
        DiagramStep(_("Your investigating officer or prosecutor")),
        DiagramStep(_("%(country)s's central authority") % {"country": guide.home.local_name}),
        DiagramStep(compel.away_agency.name if compel.away_agency else _("The central authority in %(country)s") % {"country": guide.away.local_name}),
        DiagramStep(_("Platforms' records in %(country)s") % {"country": guide.away.local_name}),
    ]


@dataclass
class CountryGuide:
    jurisdiction: Jurisdiction
    parts: list
    emergency_numbers: object
    agencies: list
    levers: list
    offences: list
    escalation_steps: list
    # Agreements that once linked this place and no longer do: said so, never offered.
    suspended_agreements: list = field(default_factory=list)

    @property
    def reporting(self):
        """Whose texts say how to report: a state's or nation's own, or else its country's."""
        place = self.jurisdiction
        if not place.how_to_report and place.parent_id and place.parent.how_to_report:
            return place.parent
        return place


def assemble_country_guide(code, edition=PUBLISHED):
    found = _jurisdictions([code])
    jurisdiction = found.get(code)
    if jurisdiction is None:
        raise NotFound("country", code)
    places = [jurisdiction] + ([jurisdiction.parent] if jurisdiction.parent_id else [])
    return CountryGuide(
        jurisdiction=jurisdiction,
        parts=list(jurisdiction.parts.order_by("name")) if jurisdiction.part_label else [],
        emergency_numbers=emergency_numbers(jurisdiction.country_code),
        agencies=list(_agencies(edition).filter(jurisdiction__in=places)),
        levers=_levers_of_place(list(edition.of(Lever).filter(jurisdiction__in=places)), jurisdiction),
        offences=list(edition.of(Offence).filter(jurisdiction__in=places)),
        escalation_steps=list(
            edition.of(EscalationStep).filter(jurisdiction__in=places).select_related("agency")
        ),
        suspended_agreements=list(
            edition.of(Membership)
            .filter(jurisdiction=jurisdiction)
            .exclude(standing=Membership.Standing.IN_FORCE)
            .select_related("instrument")
        ),
    )

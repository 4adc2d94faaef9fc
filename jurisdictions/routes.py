"""Which police and prosecutors' routes carry a report from the victim's country
to the harasser's, derived from memberships so that every pair has routes
without anyone writing one record per pair.

`derive_routes` is a pure function over data already loaded: it does no queries,
so it can run for every ordered pair of countries.
"""

from dataclasses import dataclass, field

from .editions import PUBLISHED
from .models import INTERPOL, Instrument, Membership, Purpose
from .translated import UNTRANSLATED, translation_state


@dataclass(frozen=True)
class Route:
    title: str
    purpose: str
    purpose_label: str
    started_by: str
    started_by_label: str
    description: str
    source_url: str
    last_verified: object
    checked_on: object = None
    instrument_key: str = ""
    # Bureau to bureau (INTERPOL); other routes go court to court or between central authorities.
    uses_ncb: bool = False
    home_agency: object = None
    away_agency: object = None
    written: bool = False
    # Whether the description is shown in English or translated and not yet reviewed (translated.py).
    translation: str = ""

    @property
    def untranslated(self):
        return self.translation == UNTRANSLATED

    @property
    def is_interpol(self):
        return self.instrument_key == INTERPOL


@dataclass
class RouteData:
    """What route derivation needs, loaded once: memberships, bureaus, written routes."""

    # instrument content_key (or pk) -> (Instrument, {country code: Membership})
    instruments: dict = field(default_factory=dict)
    # country code -> the INTERPOL National Central Bureau agency there
    bureaus: dict = field(default_factory=dict)
    # CooperationRoute records, any pair
    written: list = field(default_factory=list)


def _applies(instrument, members, home, away):
    """Whether the instrument links the pair; an agreement suspended or not in force never does."""
    in_force = {code for code, membership in members.items() if membership.standing == Membership.Standing.IN_FORCE}
    if instrument.kind == Instrument.Kind.MULTILATERAL:
        return home in in_force and away in in_force
    anchor = instrument.anchor.code if instrument.anchor else None
    return (home == anchor and away in in_force) or (away == anchor and home in in_force)


def _bureau(code, members, data):
    """The National Central Bureau for a country; a territory's sub-bureau works through its country's."""
    membership = members.get(code)
    through = membership.routes_through.code if membership is not None and membership.routes_through_id else None
    return data.bureaus.get(code) or (data.bureaus.get(through) if through else None)


def _route_from(record, **details):
    """A route from an instrument or a written route: both say what it is for and who starts it."""
    return Route(
        purpose=record.purpose,
        purpose_label=record.get_purpose_display(),
        started_by=record.started_by,
        started_by_label=record.get_started_by_display(),
        description=record.description,
        source_url=record.source_url,
        last_verified=record.last_verified,
        checked_on=record.checked_on,
        translation=translation_state(record, "description"),
        **details,
    )


def derive_routes(home, away, data):
    """The routes from `home` to `away` (ISO alpha-2, lowercase), most useful first."""
    routes = []
    replaced = {
        route.instrument_id
        for route in data.written
        if route.replaces_derived and route.away.code == away and (route.home is None or route.home.code == home)
    }
    for key, (instrument, members) in sorted(data.instruments.items(), key=lambda item: item[1][0].order):
        # A written route that replaces the derived one stands in its place below.
        if instrument.pk in replaced or not _applies(instrument, members, home, away):
            continue
        routes.append(
            _route_from(
                instrument,
                title=instrument.name,
                instrument_key=key,
                uses_ncb=instrument.uses_ncb,
                home_agency=_bureau(home, members, data) if instrument.uses_ncb else None,
                away_agency=_bureau(away, members, data) if instrument.uses_ncb else None,
            )
        )
    for route in sorted(data.written, key=lambda r: r.order):
        if route.away.code != away or (route.home is not None and route.home.code != home):
            continue
        routes.append(
            _route_from(
                route,
                title=route.title,
                instrument_key=route.instrument.content_key if route.instrument else "",
                away_agency=route.away_agency,
                written=True,
            )
        )
    purpose_order = list(Purpose.values)
    routes.sort(key=lambda r: purpose_order.index(r.purpose))
    return routes


def load_route_data(country_codes=None, edition=PUBLISHED):
    """Load what `derive_routes` needs, for some countries or (None) for all, from the
    published content or a staff preview (`edition`). Three queries."""
    from .models import Agency, CooperationRoute, Status

    data = RouteData()
    memberships = edition.of(Membership).select_related(
        "instrument", "instrument__anchor", "jurisdiction", "routes_through"
    )
    if not edition.drafts:
        memberships = memberships.filter(instrument__status=Status.PUBLISHED)
    if country_codes is not None:
        memberships = memberships.filter(jurisdiction__code__in=country_codes)
    for membership in memberships:
        key = membership.instrument.content_key or str(membership.instrument.pk)
        data.instruments.setdefault(key, (membership.instrument, {}))[1][membership.jurisdiction.code] = membership
    bureaus = edition.of(Agency).filter(kind=Agency.Kind.NCB).select_related("jurisdiction")
    if country_codes is not None:
        through = {m.routes_through.code for _, members in data.instruments.values() for m in members.values() if m.routes_through_id}
        bureaus = bureaus.filter(jurisdiction__code__in=set(country_codes) | through)
    data.bureaus = {agency.jurisdiction.code: agency for agency in bureaus}
    written = edition.of(CooperationRoute).select_related("home", "away", "instrument", "away_agency")
    if country_codes is not None:
        written = written.filter(away__code__in=country_codes)
    data.written = list(written)
    return data

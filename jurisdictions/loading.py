"""Load the reference content kept in `jurisdictions/content/` into the database.

Loading is idempotent and respects staff edits: each loaded record remembers the
values it was loaded with. A record whose current values differ from them has
been edited by staff since, and is left alone; a record that still matches is
brought up to date with the file. Only the fields a file sets are compared, so
adding a field to the model does not make every record look edited.
"""

import csv
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pycountry
from django.db import transaction

from .models import (
    Agency,
    ContactChannel,
    CooperationRoute,
    EscalationStep,
    Instrument,
    Jurisdiction,
    Lever,
    Membership,
    REVIEW_INTERVAL,
    Offence,
    Status,
)

CONTENT_DIR = Path(__file__).resolve().parent / "content"
CHANGE_REASON = "Loaded from reference content"

# England and Wales share one legal system and police model but are two ISO 3166-2
# subdivisions, so the jurisdiction gets a code of its own.
UK_NATIONS = [
    ("gb-eaw", "England and Wales"),
    ("gb-sct", pycountry.subdivisions.get(code="GB-SCT").name),
    ("gb-nir", pycountry.subdivisions.get(code="GB-NIR").name),
]
COUNTRIES_WITH_PARTS = {"gb": "nation", "us": "state"}


@dataclass
class LoadReport:
    counts: Counter = field(default_factory=Counter)
    kept_edits: list = field(default_factory=list)

    def summary(self):
        parts = [f"{self.counts[k]} {k}" for k in ("created", "updated", "unchanged")]
        text = ", ".join(parts) + f", {len(self.kept_edits)} kept as edited by staff"
        return text


def snapshot(instance, attnames):
    """The values of these fields on this record, as text, for comparison."""
    fields = {f.attname: f for f in instance._meta.concrete_fields}
    return {name: fields[name].value_to_string(instance) for name in attnames if name in fields}


class Loader:
    def __init__(self):
        self.report = LoadReport()
        self.existing = {}

    def _existing(self, model):
        if model not in self.existing:
            self.existing[model] = {o.content_key: o for o in model.objects.filter(content_key__isnull=False)}
        return self.existing[model]

    def upsert(self, model, key, values):
        """Create or update the record `key` from `values`, unless staff edited it."""
        existing = self._existing(model).get(key)
        candidate = model(content_key=key, **values)
        attnames = [model._meta.get_field(name).attname for name in values]
        loaded = snapshot(candidate, attnames)
        if existing is not None:
            stored = existing.loaded_values or {}
            if snapshot(existing, stored) != stored:
                self.report.kept_edits.append(f"{model._meta.verbose_name}: {existing}")
                return existing
            if loaded == stored:
                self.report.counts["unchanged"] += 1
                return existing
            for name in attnames:
                setattr(existing, name, getattr(candidate, name))
            record, outcome = existing, "updated"
        else:
            record, outcome = candidate, "created"
        record.full_clean(validate_unique=False, validate_constraints=False)
        record.loaded_values = loaded
        record._change_reason = CHANGE_REASON
        record.save()
        self._existing(model)[key] = record
        self.report.counts[outcome] += 1
        return record

    # Jurisdictions -----------------------------------------------------------

    def load_world(self, overlays):
        """Every ISO 3166-1 country, the UK nations, the US states and DC."""
        for country in pycountry.countries:
            code = country.alpha_2.lower()
            values = {
                "code": code,
                "name": getattr(country, "common_name", None) or country.name,
                "kind": Jurisdiction.Kind.COUNTRY,
                "part_label": COUNTRIES_WITH_PARTS.get(code, ""),
            }
            values.update(overlays.get(code, {}))
            self.upsert(Jurisdiction, f"jurisdiction:{code}", values)
        jurisdictions = self._existing(Jurisdiction)
        parts = [(code, name, Jurisdiction.Kind.NATION, "gb") for code, name in UK_NATIONS]
        parts += [
            (s.code.lower(), s.name, Jurisdiction.Kind.STATE, "us")
            for s in pycountry.subdivisions.get(country_code="US")
            if s.type in {"State", "District"}
        ]
        for code, name, kind, parent in parts:
            values = {"code": code, "name": name, "kind": kind, "parent": jurisdictions[f"jurisdiction:{parent}"]}
            values.update(overlays.get(code, {}))
            self.upsert(Jurisdiction, f"jurisdiction:{code}", values)

    def jurisdiction(self, code):
        try:
            return self._existing(Jurisdiction)[f"jurisdiction:{code}"]
        except KeyError:
            raise ValueError(f"unknown jurisdiction code {code!r} in the content files") from None

    def agency(self, key):
        try:
            return self._existing(Agency)[key]
        except KeyError:
            raise ValueError(f"unknown agency key {key!r} in the content files") from None

    # Content files -----------------------------------------------------------

    @staticmethod
    def _fact(entry, inherited=None):
        """The fields every sourced record shares; `review` keeps a fact from victims."""
        inherited = inherited or {}
        last_verified = entry.get("last_verified", inherited.get("last_verified"))
        return {
            "source_url": entry.get("source_url", inherited.get("source_url")),
            "last_verified": last_verified,
            "next_review": entry.get("next_review", last_verified + REVIEW_INTERVAL if last_verified else None),
            "status": Status.DRAFT if entry.get("review") else Status.PUBLISHED,
        }

    def load_agencies(self, entries):
        for entry in entries:
            values = self._fact(entry) | {
                "jurisdiction": self.jurisdiction(entry["jurisdiction"]),
                "name": entry["name"],
                "kind": entry["kind"],
                "purpose": entry["purpose"],
                "public_can_contact": entry.get("public_can_contact", True),
                "address": entry.get("address", ""),
                "order": entry.get("order", 100),
            }
            agency = self.upsert(Agency, entry["key"], values)
            for position, channel in enumerate(entry.get("channels", []), start=1):
                channel_values = self._fact(channel, entry) | {
                    "agency": agency,
                    "kind": channel["kind"],
                    "label": channel.get("label", ""),
                    "value": channel["value"],
                    "order": position,
                }
                self.upsert(ContactChannel, f"{entry['key']}#{position}", channel_values)

    def load_levers(self, entries):
        for entry in entries:
            values = self._fact(entry) | {
                "jurisdiction": self.jurisdiction(entry["jurisdiction"]),
                "kind": entry["kind"],
                "title": entry["title"],
                "description": entry["description"],
                "agency": self.agency(entry["agency"]) if "agency" in entry else None,
                "order": entry.get("order", 100),
            }
            self.upsert(Lever, entry["key"], values)

    def load_offences(self, entries):
        for entry in entries:
            values = self._fact(entry) | {
                "jurisdiction": self.jurisdiction(entry["jurisdiction"]),
                "title": entry["title"],
                "citation": entry["citation"],
                "official_url": entry["official_url"],
                "conduct": entry["conduct"],
                "description": entry.get("description", ""),
                "order": entry.get("order", 100),
            }
            self.upsert(Offence, entry["key"], values)

    def load_escalation_steps(self, entries):
        for entry in entries:
            values = self._fact(entry) | {
                "jurisdiction": self.jurisdiction(entry["jurisdiction"]),
                "order": entry["order"],
                "title": entry["title"],
                "description": entry["description"],
                "agency": self.agency(entry["agency"]) if "agency" in entry else None,
            }
            self.upsert(EscalationStep, entry["key"], values)

    def load_instruments(self, entries):
        for entry in entries:
            values = self._fact(entry) | {
                "name": entry["name"],
                "short_name": entry["short_name"],
                "kind": entry["kind"],
                "anchor": self.jurisdiction(entry["anchor"]) if "anchor" in entry else None,
                "purpose": entry["purpose"],
                "started_by": entry["started_by"],
                "description": entry["description"],
                "uses_ncb": entry.get("uses_ncb", False),
                "order": entry.get("order", 100),
            }
            instrument = self.upsert(Instrument, entry["key"], values)
            for member in entry.get("members", []):
                self._membership(instrument, entry, member, Membership.Role.MEMBER)
            if "members_file" in entry:
                self._memberships_from_csv(instrument, entry)

    def load_routes(self, entries):
        for entry in entries:
            values = self._fact(entry) | {
                "home": self.jurisdiction(entry["home"]) if "home" in entry else None,
                "away": self.jurisdiction(entry["away"]),
                "instrument": self._existing(Instrument)[entry["instrument"]] if "instrument" in entry else None,
                "title": entry["title"],
                "purpose": entry["purpose"],
                "started_by": entry["started_by"],
                "description": entry["description"],
                "away_agency": self.agency(entry["away_agency"]) if "away_agency" in entry else None,
                "replaces_derived": entry.get("replaces_derived", False),
                "order": entry.get("order", 100),
            }
            self.upsert(CooperationRoute, entry["key"], values)

    def _membership(self, instrument, entry, code, role, routes_through=""):
        values = self._fact(entry) | {
            "instrument": instrument,
            "jurisdiction": self.jurisdiction(code),
            "role": role,
            "routes_through": self.jurisdiction(routes_through.lower()) if routes_through else None,
        }
        self.upsert(Membership, f"{entry['key']}:{code}", values)

    def _memberships_from_csv(self, instrument, entry):
        spec = entry["members_file"]
        with open(CONTENT_DIR / spec["path"], newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                role = spec["roles"].get(row[spec["status_column"]])
                if role is not None:
                    self._membership(instrument, entry, row["iso_alpha2"].lower(), role, row.get("routes_through", ""))


def read_content_files(directory=CONTENT_DIR):
    return [tomllib.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.toml"))]


# Sections in the order they can refer to each other: levers name agencies, routes
# name instruments and agencies.
SECTIONS = [
    ("agency", Loader.load_agencies),
    ("lever", Loader.load_levers),
    ("offence", Loader.load_offences),
    ("escalation", Loader.load_escalation_steps),
    ("instrument", Loader.load_instruments),
    ("route", Loader.load_routes),
]


@transaction.atomic
def load_content(directory=CONTENT_DIR):
    files = read_content_files(directory)
    loader = Loader()
    overlays = {}
    for data in files:
        for code, entry in data.get("jurisdiction", {}).items():
            overlays[code] = {
                **{name: entry.get(name, "") for name in Jurisdiction.TEXT_FIELDS + ("reference_name",)},
                "source_url": entry.get("source_url", ""),
                "last_verified": entry.get("last_verified"),
            }
    loader.load_world(overlays)
    for section, load in SECTIONS:
        for data in files:
            load(loader, data.get(section, []))
    return loader.report

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
from django.conf import settings
from django.db import transaction

from . import publishing
from .models import (
    TRANSLATED_TEXTS,
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
    Platform,
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
COUNTRIES_WITH_PARTS = {"gb": Jurisdiction.PartLabel.NATION, "us": Jurisdiction.PartLabel.STATE}


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
    def __init__(self, translations=None):
        self.report = LoadReport()
        self.existing = {}
        self.translations = translations or Translations({})


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
        parts = [(code, name, Jurisdiction.Kind.NATION, "gb") for code, name in UK_NATIONS]
        parts += [
            (s.code.lower(), s.name, Jurisdiction.Kind.STATE, "us")
            for s in pycountry.subdivisions.get(country_code="US")
            if s.type in {"State", "District"}
        ]
        for code, name, kind, parent in parts:
            values = {"code": code, "name": name, "kind": kind, "parent": self.record(Jurisdiction, parent)}
            values.update(overlays.get(code, {}))
            self.upsert(Jurisdiction, f"jurisdiction:{code}", values)

    def record(self, model, key):
        """The loaded record a content file names by its key (a jurisdiction by its code)."""
        content_key = f"jurisdiction:{key}" if model is Jurisdiction else key
        try:
            return self._existing(model)[content_key]
        except KeyError:
            raise ValueError(f"unknown {model._meta.verbose_name} {key!r} in the content files") from None

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

    def load_section(self, section, entries):
        for entry in entries:
            values = self._fact(entry)
            for name, model in section.refers_to.items():
                values[name] = self.record(model, entry[name])
            for name, model in section.may_refer_to.items():
                values[name] = self.record(model, entry[name]) if name in entry else None
            for name, default in section.fields.items():
                values[name] = entry[name] if default is REQUIRED else entry.get(name, default)
            values.update(self.translations.of(section.name, entry["key"]))
            record = self.upsert(section.model, entry["key"], values)
            if section.then is not None:
                section.then(self, record, entry)

    def _channels(self, agency, entry):
        for position, channel in enumerate(entry.get("channels", []), start=1):
            values = self._fact(channel, entry) | {
                "agency": agency,
                "kind": channel["kind"],
                "label": channel.get("label", ""),
                "value": channel["value"],
                "order": position,
            }
            key = f"{entry['key']}#{position}"
            values.update(self.translations.of("channel", key))
            self.upsert(ContactChannel, key, values)

    def _memberships(self, instrument, entry):
        for member in entry.get("members", []):
            self._membership(instrument, entry, member, Membership.Role.MEMBER)
        if "members_file" in entry:
            spec = entry["members_file"]
            with open(CONTENT_DIR / spec["path"], newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    status = row[spec["status_column"]]
                    role = spec["roles"].get(status)
                    if role is not None:
                        standing = spec.get("standings", {}).get(status, Membership.Standing.IN_FORCE)
                        # A row that is not in force stays a draft until a reviewer confirms
                        # its standing on an official page: its note says what to check.
                        review = row.get("note", "") if standing != Membership.Standing.IN_FORCE else ""
                        self._membership(
                            instrument, entry, row["iso_alpha2"].lower(), role, row.get("routes_through", ""), standing, review
                        )

    def _membership(self, instrument, entry, code, role, routes_through="", standing=Membership.Standing.IN_FORCE, review=""):
        values = self._fact(entry) | {
            "instrument": instrument,
            "jurisdiction": self.record(Jurisdiction, code),
            "role": role,
            "routes_through": self.record(Jurisdiction, routes_through.lower()) if routes_through else None,
            "standing": standing,
        }
        if review:
            values["status"] = Status.DRAFT
        self.upsert(Membership, f"{entry['key']}:{code}", values)

    def _unconfirmed(self, record, entry):
        """Facts not yet confirmed against the platform's own page become a pending
        change to the record: victims keep seeing what is confirmed while a reviewer
        checks the rest. Once the record has been changed in the admin (the change
        published, say), the file proposes nothing more."""
        if "unconfirmed" not in entry or snapshot(record, record.loaded_values) != record.loaded_values:
            return
        if record.status != Status.PUBLISHED:
            raise ValueError(f"{entry['key']}: an entry under review lists its facts directly, not under “unconfirmed”")
        if publishing.pending_revision(record) is not None:
            return
        proposed = type(record).objects.get(pk=record.pk)
        for name, value in entry["unconfirmed"].items():
            if name != "review":
                setattr(proposed, name, value)
        publishing.draft(record, proposed, user=None, note=entry["unconfirmed"].get("review", ""))

    def propose_jurisdiction_texts(self, code, entry):
        """A jurisdiction's texts under review become a pending change of it, as
        platform facts do: victims see nothing of them until a reviewer publishes."""
        record = self.record(Jurisdiction, code)
        if snapshot(record, record.loaded_values) != record.loaded_values or publishing.pending_revision(record) is not None:
            return
        proposed = Jurisdiction.objects.get(pk=record.pk)
        for name, value in (_jurisdiction_texts(entry) | self.translations.of("jurisdiction", code)).items():
            setattr(proposed, name, value)
        publishing.draft(record, proposed, user=None, note=entry["review"])


REQUIRED = object()


@dataclass(frozen=True)
class Section:
    """One kind of entry in the content files and the record it loads into.

    Every entry also has a `key` and the source fields (see `Loader._fact`).
    """

    name: str  # the TOML table the entries are listed under
    model: type
    fields: dict  # field -> default when an entry leaves it out, or REQUIRED
    refers_to: dict = field(default_factory=dict)  # field -> model of the record the entry names by key
    may_refer_to: dict = field(default_factory=dict)  # the same, for records an entry may leave out
    then: object = None  # loads what the entry lists under the record: channels, memberships


# In the order they can refer to each other: levers name agencies, routes name
# instruments and agencies.
SECTIONS = [
    Section(
        "agency",
        Agency,
        fields={"name": REQUIRED, "kind": REQUIRED, "purpose": REQUIRED, "public_can_contact": True, "address": "", "order": 100},
        refers_to={"jurisdiction": Jurisdiction},
        then=Loader._channels,
    ),
    Section(
        "lever",
        Lever,
        fields={
            "kind": REQUIRED,
            "title": REQUIRED,
            "description": REQUIRED,
            "citation": "",
            "law_url": "",
            "court": "",
            "from_abroad": "",
            "only_for_eu_homes": False,
            "order": 100,
        },
        refers_to={"jurisdiction": Jurisdiction},
        may_refer_to={"agency": Agency},
    ),
    Section(
        "offence",
        Offence,
        fields={"title": REQUIRED, "citation": REQUIRED, "official_url": REQUIRED, "conduct": REQUIRED, "description": "", "order": 100},
        refers_to={"jurisdiction": Jurisdiction},
    ),
    Section(
        "escalation",
        EscalationStep,
        fields={"order": REQUIRED, "title": REQUIRED, "description": REQUIRED},
        refers_to={"jurisdiction": Jurisdiction},
        may_refer_to={"agency": Agency},
    ),
    Section(
        "instrument",
        Instrument,
        fields={
            "name": REQUIRED,
            "short_name": REQUIRED,
            "kind": REQUIRED,
            "purpose": REQUIRED,
            "started_by": REQUIRED,
            "description": REQUIRED,
            "uses_ncb": False,
            "order": 100,
        },
        may_refer_to={"anchor": Jurisdiction},
        then=Loader._memberships,
    ),
    Section(
        "route",
        CooperationRoute,
        fields={"title": REQUIRED, "purpose": REQUIRED, "started_by": REQUIRED, "description": REQUIRED, "replaces_derived": False, "order": 100},
        refers_to={"away": Jurisdiction},
        may_refer_to={"home": Jurisdiction, "instrument": Instrument, "away_agency": Agency},
    ),
    Section(
        "platform",
        Platform,
        fields={
            "kind": Platform.Kind.PLATFORM,
            "slug": REQUIRED,
            "name": REQUIRED,
            "operator": "",
            "operator_by_region": "",
            "guidance": "",
            **{name: "" for name in Platform.PAGE_FIELDS},
            "law_enforcement_note": "",
            "retention_text": "",
            "retention_days": None,
            "retention_source_url": "",
            "order": 100,
        },
        then=Loader._unconfirmed,
    ),
]


def read_content_files(directory=CONTENT_DIR):
    return [tomllib.loads(path.read_text(encoding="utf-8")) for path in sorted(directory.glob("*.toml"))]


# The tables of a translation file and the model whose texts each translates.
TRANSLATION_TABLES = {
    "jurisdiction": "Jurisdiction",
    "agency": "Agency",
    "channel": "ContactChannel",
    "lever": "Lever",
    "offence": "Offence",
    "escalation": "EscalationStep",
    "instrument": "Instrument",
    "route": "CooperationRoute",
}


class Translations:
    """The translated texts in `translations/<language>.toml`, by table and key.

    Each file names records of the content files (`[agency."za-saps"]`) and gives
    their texts in its language; they load into the per-language fields
    (`purpose_fr`). A translation that names no record, or a text that is not
    translated, is an error rather than something silently dropped."""

    def __init__(self, by_record):
        self.by_record = by_record
        self.unused = set(by_record)

    @classmethod
    def read(cls, directory):
        languages = {code for code, _ in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
        by_record = {}
        for path in sorted((directory / "translations").glob("*.toml")):
            language = path.stem
            if language not in languages:
                raise ValueError(f"{path.name}: {language!r} is not one of the site's other languages")
            for table, entries in tomllib.loads(path.read_text(encoding="utf-8")).items():
                if table not in TRANSLATION_TABLES:
                    raise ValueError(f"{path.name}: no table [{table}] (tables: {', '.join(TRANSLATION_TABLES)})")
                texts = TRANSLATED_TEXTS[TRANSLATION_TABLES[table]]
                for key, fields in entries.items():
                    for name, text in fields.items():
                        if name not in texts:
                            raise ValueError(f"{path.name}: [{table}.{key}] {name!r} is not a translated text ({', '.join(texts)})")
                        by_record.setdefault((table, key), {})[f"{name}_{language}"] = text.strip()
        return cls(by_record)

    def of(self, table, key):
        self.unused.discard((table, key))
        return self.by_record.get((table, key), {})

    def check_all_used(self):
        if self.unused:
            names = ", ".join(sorted(f"[{table}.{key}]" for table, key in self.unused))
            raise ValueError(f"translations name records that are not in the content files: {names}")


def _jurisdiction_texts(entry):
    return {
        **{name: entry.get(name, "") for name in Jurisdiction.TEXT_FIELDS + ("reference_name",)},
        "source_url": entry.get("source_url", ""),
        "last_verified": entry.get("last_verified"),
    }


@transaction.atomic
def load_content(directory=CONTENT_DIR):
    files = read_content_files(directory)
    translations = Translations.read(directory)
    loader = Loader(translations)
    overlays, in_review = {}, {}
    for data in files:
        for code, entry in data.get("jurisdiction", {}).items():
            if entry.get("review"):
                in_review[code] = entry
            else:
                overlays[code] = _jurisdiction_texts(entry) | translations.of("jurisdiction", code)
    loader.load_world(overlays)
    for code, entry in in_review.items():
        loader.propose_jurisdiction_texts(code, entry)
    for section in SECTIONS:
        for data in files:
            loader.load_section(section, data.get(section.name, []))
    translations.check_all_used()
    return loader.report

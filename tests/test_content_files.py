"""What must hold for the reference content whatever it says: each file can change
(a number, a date, a new country) without any of these tests changing."""

import csv
from io import StringIO
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers
import pycountry
from django.core.management import call_command

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
)

from .pages import visible_text

CONTENT = Path(__file__).resolve().parent.parent / "jurisdictions" / "content"
FACTS = [Agency, ContactChannel, Lever, Offence, EscalationStep, Instrument, Membership, CooperationRoute]
CONTENT_MODELS = [Jurisdiction, *FACTS]
PHONE_KINDS = [ContactChannel.Kind.EMERGENCY, ContactChannel.Kind.PHONE, ContactChannel.Kind.TOLL_FREE]


def content_files():
    return {path.name: tomllib.loads(path.read_text(encoding="utf-8")) for path in sorted(CONTENT.glob("*.toml"))}


def is_official_address(url):
    parts = urlsplit(url or "")
    return parts.scheme == "https" and "." in (parts.hostname or "")


def test_every_published_fact_names_an_https_source_and_when_it_was_checked(content):
    unsourced = []
    for model in FACTS:
        published = list(model.objects.published())
        assert published, f"no published {model.__name__} to check"
        unsourced += [
            f"{model.__name__} {record.content_key or record.pk}"
            for record in published
            if not is_official_address(record.source_url) or record.last_verified is None
        ]
    with_texts = [place for place in Jurisdiction.objects.all() if any(getattr(place, name) for name in Jurisdiction.TEXT_FIELDS)]
    assert with_texts
    unsourced += [place.code for place in with_texts if not is_official_address(place.source_url) or place.last_verified is None]
    assert unsourced == []


def test_every_phone_number_is_valid_where_its_agency_is_and_dials_as_published(content):
    phones = ContactChannel.objects.filter(kind__in=PHONE_KINDS).select_related("agency__jurisdiction")
    assert phones.count() >= 5
    wrong = []
    for phone in phones:
        region = phone.agency.jurisdiction.code.split("-")[0].upper()
        try:
            number = phonenumbers.parse(phone.value, region)
        except phonenumbers.NumberParseException:
            wrong.append(phone.value)
            continue
        dials = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if not phonenumbers.is_valid_number(number):
            wrong.append(phone.value)
        elif phone.dial != dials:
            wrong.append(f"{phone.value} dials {phone.dial}, not {dials}")
    assert wrong == []


def known_places():
    return {country.alpha_2.lower() for country in pycountry.countries} | {"gb-eaw", "gb-sct", "gb-nir"} | {
        s.code.lower() for s in pycountry.subdivisions.get(country_code="US") if s.type in {"State", "District"}
    }


def test_every_route_names_an_instrument_and_places_that_exist_in_the_files():
    files = content_files()
    instruments = {entry["key"] for data in files.values() for entry in data.get("instrument", [])}
    agencies = {entry["key"] for data in files.values() for entry in data.get("agency", [])}
    places = known_places()
    routes = [entry for data in files.values() for entry in data.get("route", [])]
    assert routes and instruments
    wrong = []
    for entry in routes:
        if "instrument" in entry and entry["instrument"] not in instruments:
            wrong.append((entry["key"], entry["instrument"]))
        wrong += [(entry["key"], entry[side]) for side in ("home", "away") if side in entry and entry[side] not in places]
        if "away_agency" in entry and entry["away_agency"] not in agencies:
            wrong.append((entry["key"], entry["away_agency"]))
    assert wrong == []


def members_in_the_files():
    """Each instrument of the files with the country codes its members are listed under."""
    for data in content_files().values():
        for entry in data.get("instrument", []):
            codes = {code.lower() for code in entry.get("members", [])}
            if "anchor" in entry:
                codes.add(entry["anchor"])
            if "members_file" in entry:
                spec = entry["members_file"]
                with open(CONTENT / spec["path"], newline="", encoding="utf-8") as handle:
                    rows = [row for row in csv.DictReader(handle) if row[spec["status_column"]] in spec["roles"]]
                codes |= {row["iso_alpha2"].lower() for row in rows}
                codes |= {row["routes_through"].lower() for row in rows if row.get("routes_through")}
            yield entry["key"], codes


def test_every_member_of_an_instrument_is_a_known_place_and_is_loaded(content):
    instruments = dict(members_in_the_files())
    assert instruments and all(instruments.values())
    places = known_places()
    for key, codes in instruments.items():
        assert codes - places == set(), key
        loaded = set(Membership.objects.filter(instrument__content_key=key).values_list("jurisdiction__code", flat=True))
        anchor = set(Instrument.objects.filter(content_key=key, anchor__isnull=False).values_list("anchor__code", flat=True))
        routed_through = set(Membership.objects.filter(instrument__content_key=key, routes_through__isnull=False).values_list("routes_through__code", flat=True))
        assert codes == loaded | anchor | routed_through, key


def drafts_a_victim_could_see():
    """Each draft, with the text that would give it away and the pages it would be on."""
    for model, text in [(Agency, "name"), (ContactChannel, "value"), (Lever, "title"), (Offence, "citation"), (EscalationStep, "title"), (CooperationRoute, "title"), (Instrument, "name")]:
        published_texts = set(model.objects.filter(status="published").values_list(text, flat=True))
        for draft in model.objects.filter(status="draft"):
            shown = getattr(draft, text)
            if shown in published_texts:
                continue  # the same words are also a published fact
            yield model.__name__, draft, shown


def pages_for(draft):
    place = getattr(draft, "jurisdiction", None) or getattr(getattr(draft, "agency", None), "jurisdiction", None) or getattr(draft, "away", None)
    if place is None:  # an instrument: any pair of its members
        codes = list(Membership.objects.filter(instrument=draft, jurisdiction__parent=None).values_list("jurisdiction__code", flat=True)[:2])
        return [f"/guide/{codes[0]}/{codes[1]}/"] if len(codes) == 2 else []
    country = place.parent or place
    other = "gb" if country.code != "gb" else "za"
    part = f"?part={place.code}" if place.parent_id else ""
    return [f"/countries/{place.code}/", f"/guide/{country.code}/{other}/", f"/guide/{other}/{country.code}/{part}"]


def test_no_draft_reaches_a_victim(client, content):
    drafts = list(drafts_a_victim_could_see())
    assert len({kind for kind, _, _ in drafts}) >= 3, "the reference content has drafts of several kinds"
    seen = []
    pages = {}
    for kind, draft, shown in drafts:
        for url in pages_for(draft):
            if url not in pages:
                response = client.get(url)
                assert response.status_code == 200, url
                pages[url] = visible_text(response)
            if shown in pages[url]:
                seen.append((kind, shown, url))
    assert seen == []


def every_row():
    return {model.__name__: sorted(map(repr, model.objects.values_list())) for model in CONTENT_MODELS} | {
        f"{model.__name__} history": model.history.count() for model in CONTENT_MODELS
    }


def test_loading_twice_changes_nothing(content):
    before = every_row()
    assert all(before[model.__name__] for model in CONTENT_MODELS)
    call_command("load_content", stdout=StringIO())
    assert every_row() == before


def test_every_published_order_names_its_law_with_a_link_to_the_official_text(content):
    orders = list(Lever.objects.published().filter(kind=Lever.Kind.PROTECTIVE_ORDER).select_related("jurisdiction"))
    assert orders
    # A country whose orders differ by part only points to its parts' orders.
    unnamed = [
        lever.content_key
        for lever in orders
        if not lever.jurisdiction.part_label and not (lever.citation and is_official_address(lever.law_url))
    ]
    assert unnamed == []


def _numbers_and_links(text):
    import re

    return set(re.findall(r"https?://\S+?(?=[\s\"')\]]|[.,;:](?:\s|$)|$)|\d[\d ]{2,}\d", text or ""))


def test_a_translation_keeps_every_number_and_link_of_the_english_it_translates(content):
    from django.conf import settings

    from jurisdictions.models import TRANSLATED_TEXTS

    languages = [code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    translated, lost = 0, []
    for model in CONTENT_MODELS:
        for record in model.objects.all():
            for name in TRANSLATED_TEXTS.get(model.__name__, ()):
                english = getattr(record, f"{name}_{settings.LANGUAGE_CODE}") or ""
                for language in languages:
                    text = getattr(record, f"{name}_{language}") or ""
                    if text:
                        translated += 1
                        missing = _numbers_and_links(english) - _numbers_and_links(text)
                        if missing:
                            lost.append((record.content_key, name, language, sorted(missing)))
    assert translated
    assert lost == []


def test_every_text_shown_for_the_countries_in_depth_is_translated_into_every_language(content):
    from jurisdictions.coverage import translation_coverage

    coverage = translation_coverage()
    assert coverage and all(total for _, _, total in coverage.values())
    assert {language: done for language, (done, _, _) in coverage.items()} == {language: total for language, (_, _, total) in coverage.items()}

import pycountry
import pytest
from django.core.exceptions import ValidationError

from jurisdictions.models import Agency, ContactChannel, Jurisdiction, Lever

from . import factories


@pytest.fixture
def agency(db):
    return factories.agency("za", "Information Regulator", kind=Agency.Kind.REGULATOR)


def channel(agency, kind, value):
    return ContactChannel(agency=agency, kind=kind, value=value, **factories.sourced())


def test_a_phone_number_is_stored_in_e164_and_shown_as_published(agency):
    toll_free = channel(agency, ContactChannel.Kind.TOLL_FREE, "0800 017 160")
    toll_free.full_clean()
    assert toll_free.dial == "+27800017160"
    assert toll_free.value == "0800 017 160"
    assert toll_free.href == "tel:+27800017160"


def test_a_bad_phone_number_is_refused_with_a_clear_message(agency):
    with pytest.raises(ValidationError) as error:
        channel(agency, ContactChannel.Kind.PHONE, "0800 017").full_clean()
    assert "not a valid phone number for ZA" in str(error.value)


def test_text_that_is_not_a_number_is_refused(agency):
    with pytest.raises(ValidationError) as error:
        channel(agency, ContactChannel.Kind.PHONE, "call the station").full_clean()
    assert "is not a phone number" in str(error.value)


def test_a_plain_http_source_is_refused(agency):
    agency.source_url = "http://inforegulator.org.za/"
    with pytest.raises(ValidationError) as error:
        agency.full_clean()
    assert "https://" in str(error.value.message_dict["source_url"])


def test_a_plain_http_web_channel_is_refused(agency):
    with pytest.raises(ValidationError) as error:
        channel(agency, ContactChannel.Kind.WEB, "http://eservices.inforegulator.org.za/").full_clean()
    assert "plain http:// is not accepted" in str(error.value)


def test_an_email_channel_must_be_an_address(agency):
    with pytest.raises(ValidationError):
        channel(agency, ContactChannel.Kind.EMAIL, "enquiries at inforegulator").full_clean()


def test_a_fact_without_a_source_is_refused(db):
    lever = Lever(
        jurisdiction=Jurisdiction.objects.get(code="gb"),
        kind=Lever.Kind.PLATFORM,
        title="Report to the platform",
        description="…",
        last_verified=factories.CHECKED_ON,
    )
    with pytest.raises(ValidationError) as error:
        lever.full_clean()
    assert "source_url" in error.value.message_dict


def test_jurisdiction_texts_need_a_source(db):
    place = factories.jurisdiction("fr")
    place.how_to_report, place.source_url, place.last_verified = "Go to the police station.", "", None
    with pytest.raises(ValidationError) as error:
        place.full_clean()
    assert "official source" in str(error.value)
    place.source_url, place.last_verified = "https://www.justice.example/", factories.CHECKED_ON
    place.full_clean()


def test_every_country_and_the_parts_exist(db):
    countries = set(Jurisdiction.objects.filter(kind=Jurisdiction.Kind.COUNTRY).values_list("code", flat=True))
    assert countries == {country.alpha_2.lower() for country in pycountry.countries}
    assert set(Jurisdiction.objects.filter(parent__code="gb").values_list("code", flat=True)) == {"gb-eaw", "gb-sct", "gb-nir"}
    states = dict(Jurisdiction.objects.filter(parent__code="us").values_list("code", "name"))
    expected = {s.code.lower(): s.name for s in pycountry.subdivisions.get(country_code="US") if s.type in {"State", "District"}}
    assert states == expected
    assert states["us-ca"] == "California" and "us-dc" in states

import datetime

import pytest
from django.core.exceptions import ValidationError

from jurisdictions.models import Agency, ContactChannel, Jurisdiction, Lever


@pytest.fixture
def agency(db):
    return Agency.objects.get(content_key="za-information-regulator")


def channel(agency, kind, value):
    return ContactChannel(
        agency=agency,
        kind=kind,
        value=value,
        source_url="https://inforegulator.org.za/",
        last_verified=datetime.date(2026, 11, 1),
    )


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
        last_verified=datetime.date(2026, 11, 1),
    )
    with pytest.raises(ValidationError) as error:
        lever.full_clean()
    assert "source_url" in error.value.message_dict


def test_jurisdiction_texts_need_a_source(db):
    kenya = Jurisdiction.objects.get(code="ke")
    kenya.how_to_report = "Go to the police station."
    with pytest.raises(ValidationError) as error:
        kenya.full_clean()
    assert "official source" in str(error.value)


def test_every_country_and_the_parts_exist(db):
    assert Jurisdiction.objects.filter(kind=Jurisdiction.Kind.COUNTRY).count() == 249
    assert set(Jurisdiction.objects.filter(parent__code="gb").values_list("code", flat=True)) == {"gb-eaw", "gb-sct", "gb-nir"}
    states = Jurisdiction.objects.filter(parent__code="us")
    assert states.count() == 51
    assert states.filter(code="us-ca", name="California").exists()
    assert states.filter(code="us-dc").exists()

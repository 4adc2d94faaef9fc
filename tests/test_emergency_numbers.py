import re

import phonenumbers
import pytest
from phonenumbers import shortnumberinfo

from jurisdictions.emergency import WELL_KNOWN_CODES, Service, _curated, emergency_numbers

from .pages import visible_text

EU = "at be bg hr cy cz dk ee fi fr de gr hu ie it lv lt lu mt nl pl pt ro sk si es se".split()
G20 = "ar au br ca cn fr de in id it jp mx ru sa za kr tr gb us".split()
COMMONWEALTH_MOST_POPULOUS = "in pk ng bd gb tz za ke ug ca".split()
DEEP = "za gb us au nz ca in ie ng ke".split()


def numbers_of(code):
    found = emergency_numbers(code)
    return [number.number for number in found.numbers] if found else []


def emergency_list(page):
    """The tel: links of a page with the text beside each, as (number, text) pairs."""
    return re.findall(r'<li><a class="call" href="tel:([^"]+)">[^<]*</a>(.*?)</li>', page, flags=re.S)


def test_every_curated_number_is_a_real_number_where_it_is_dialled():
    for code, entry in _curated().items():
        region = code.upper()
        for item in entry["numbers"]:
            number = item["number"]
            parsed = phonenumbers.parse(number, region)
            real = (
                shortnumberinfo.is_emergency_number(number, region)
                or shortnumberinfo.is_valid_short_number_for_region(parsed, region)
                or phonenumbers.is_valid_number(parsed)
            )
            if item.get("phone_data_lacks"):
                assert not real, f"{code} {number} is known to the telephone data now: drop phone_data_lacks"
                assert shortnumberinfo.is_possible_short_number_for_region(parsed, region), (code, number)
            else:
                assert real, (code, number)


def test_every_curated_entry_names_its_service_and_an_official_page():
    for code, entry in _curated().items():
        assert entry["source_url"].startswith(("https://", "http://")), code
        assert entry["last_verified"], code
        for item in entry["numbers"]:
            Service(item["service"])
            assert item["service"] != Service.UNCHECKED, (code, item["number"])


def test_the_countries_people_come_from_have_an_entry():
    missing = sorted(set(EU + G20 + COMMONWEALTH_MOST_POPULOUS + DEEP) - set(_curated()))
    # These have no official page confirmed yet: they get the exact codes the telephone data confirms.
    assert missing == ["ar", "bd", "cn", "kr", "pk", "ru", "sa", "tz", "ug"]
    for code in EU:
        assert "112" in numbers_of(code), code


def test_a_country_without_an_entry_gets_only_well_known_codes():
    for code in ["ga", "cn", "ru", "kp", "bd", "ar", "fj", "cm"]:
        assert code not in _curated() or _curated()[code].get("review")
        for number in numbers_of(code):
            assert number in WELL_KNOWN_CODES, (code, number)


def test_pattern_numbers_that_reach_nobody_are_never_shown():
    assert "151" not in numbers_of("cz") and "157" not in numbers_of("cz") and "159" not in numbers_of("cz")
    assert set(numbers_of("cz")) == {"112", "158", "155", "150", "156"}
    assert len(numbers_of("ga")) <= 3
    assert "90000" not in numbers_of("se")
    assert not {"060", "066", "080"} & set(numbers_of("mx")) and "911" in numbers_of("mx")
    assert not {"1298", "2611"} & set(numbers_of("in"))


def test_kenya_shows_no_unlabelled_114_and_nigeria_keeps_its_police_number():
    assert "114" not in numbers_of("ke") and "112" in numbers_of("ke")
    assert "199" in numbers_of("ng")


def test_denmarks_114_is_a_police_line_not_for_emergencies():
    denmark = emergency_numbers("dk")
    assert [n.number for n in denmark.non_emergency] == ["114"]
    assert "114" not in [n.number for n in denmark.emergency]


@pytest.mark.parametrize("url", ["/countries/aq/", "/guide/ga/gb/"])
def test_a_country_with_nothing_known_says_so_and_points_to_112(client, content, url):
    response = client.get(url)
    assert "We do not have a verified emergency number for this country" in visible_text(response)
    assert 'href="tel:' not in response.content.decode().split('id="emergency"')[1].split("</section>")[0].split("</details>")[0]


@pytest.mark.parametrize("url", ["/guide/cz/gb/", "/countries/dk/", "/guide/in/gb/", "/guide/br/gb/", "/guide/gb/us/?emergency=1", "/countries/nz/", "/fr/guide/ke/gb/"])
def test_every_number_on_a_guide_page_is_a_labelled_tel_link(client, content, url):
    page = client.get(url).content.decode()
    section = page.split('id="emergency"')[1].split("</section>")[0].split("</details>")[0]
    listed = emergency_list(section)
    assert listed, url
    for number, beside in listed:
        assert re.sub(r"<[^>]+>", "", beside).strip(), (url, number)
    assert "libphonenumber" not in page


def test_non_emergency_lines_are_marked_apart(client, content):
    for url, number in [("/countries/dk/", "114"), ("/guide/gb/us/", "101"), ("/countries/nz/", "105")]:
        page = client.get(url).content.decode()
        after_heading = page.split("Not for emergencies</h3>")[1]
        assert f'href="tel:{number}"' in after_heading.split("</div>")[0], url
        assert "Police, not for emergencies" in after_heading
        assert f'href="tel:{number}"' not in page.split("Not for emergencies</h3>")[0]


def test_indias_cybercrime_helpline_is_a_labelled_tel_link(client, content):
    page = client.get("/guide/in/gb/").content.decode()
    assert ("1930", ' <span class="service">Cybercrime helpline</span> <span lang="en" dir="ltr">(National Cybercrime Helpline)</span>') in emergency_list(page)
    assert 'href="tel:112"' in page


def test_numbers_say_where_they_come_from_in_words_a_victim_understands(client, content):
    czech = visible_text(client.get("/countries/cz/"))
    assert "Source: https://www.policie.cz/" in czech
    assert re.search(r"· recorded \d{1,2} [A-Z][a-z]{2} \d{4}", czech), "the date says it was recorded, not checked"
    kenyan = visible_text(client.get("/countries/ke/"))
    assert "Emergency number from international telephone data, not yet checked against an official source." in kenyan


def test_labels_follow_the_page_language(client, content):
    text = visible_text(client.get("/fr/countries/cz/"))
    assert "Ambulance" in text and "Pompiers" in text and "Numéro d'urgence général" in text


def test_the_offline_page_labels_its_numbers():
    from django.template import loader
    from django.utils import translation

    with translation.override("en"):
        body = loader.get_template("guide/offline.html").render({"numbers": emergency_numbers("dk")})
    assert ("112", ' <span class="service">General emergency number</span>') in emergency_list(body)
    assert "Not for emergencies" in body and 'href="tel:114"' in body.split("Not for emergencies")[1]


def test_the_coverage_report_counts_curated_and_phone_data_numbers(content):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("coverage_report", stdout=out)
    line = [row for row in out.getvalue().splitlines() if row.startswith("Numbers shown:")][0]
    curated, phone_data, unlabelled = map(int, re.findall(r"\d+", line))
    assert curated >= 50 and phone_data > 0 and 0 < unlabelled <= phone_data

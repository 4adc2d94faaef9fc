"""The first screen tells a frightened person what to do, on a 360 px phone."""

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from .htmx import htmx_settled

SCREEN = 740


def main_text(page):
    return page.locator("main").inner_text()


def test_the_next_steps_come_first_with_the_reference_number_and_interpol(site, phone, screenshot):
    phone.goto(site + "/guide/za/gb/")
    steps = phone.locator("#next-steps ol > li")
    expect(steps.first).to_be_visible()
    assert 3 <= steps.count() <= 8
    texts = steps.all_inner_texts()
    assert any("CAS number" in text for text in texts)
    assert any("INTERPOL" in text for text in texts)
    assert steps.first.bounding_box()["y"] < 2 * SCREEN
    # Each step links to where the page says more about it.
    for href in phone.locator("#next-steps a.more").evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        assert phone.locator(href).count() == 1, href
    screenshot(phone, "first-screen-za-gb-phone")


def test_a_labelled_emergency_number_is_on_the_first_screen(site, phone):
    phone.goto(site + "/guide/za/gb/")
    police = phone.locator("main a[href='tel:10111']").first
    expect(police).to_be_visible()
    assert police.bounding_box()["y"] < SCREEN
    assert "Police" in police.inner_text()


def test_in_danger_the_full_numbers_start_in_the_top_500_px(site, phone, screenshot):
    phone.goto(site + "/guide/za/gb/?emergency=1")
    first_call = phone.locator("main a[href^='tel:']").first
    expect(first_call).to_be_visible()
    assert first_call.bounding_box()["y"] < 500
    # Only the page's one-line title comes before the numbers: nothing else in the page's sections.
    assert phone.locator("#emergency").evaluate("section => !!(section.compareDocumentPosition(document.querySelector('#next-steps')) & Node.DOCUMENT_POSITION_FOLLOWING)")
    screenshot(phone, "emergency-first-phone")


@pytest.mark.parametrize("path", ["/guide/za/gb/", "/guide/za/gb/?part=gb-sct", "/ar/guide/za/gb/"])
def test_the_guide_with_everything_folded_is_at_most_six_screens(site, phone, path):
    phone.goto(site + path)
    assert phone.evaluate("document.documentElement.scrollHeight") <= 6 * SCREEN
    assert phone.locator("main nav.contents a[href^='#']").count() >= 4


@pytest.mark.parametrize("path", ["/guide/za/gb/", "/guide/za/us/?part=us-ca", "/ar/guide/za/gb/", "/countries/us/", "/", "/guide/za/gb/print/", "/safety/"])
def test_no_page_scrolls_sideways_on_a_phone(site, phone, path):
    phone.goto(site + path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 361


@pytest.mark.parametrize("path", ["/guide/za/gb/", "/guide/za/us/"])
def test_no_sentence_appears_twice_on_the_screen_a_person_first_sees(site, phone, path):
    phone.goto(site + path)
    text = re.sub(r"\S+://\S+", " ", main_text(phone))
    sentences = [" ".join(s.split()) for s in re.split(r"[.!?]+(?=\s|$)|\n", text)]
    repeated = [s for s, n in Counter(s for s in sentences if len(s) >= 40).items() if n > 1]
    assert repeated == []


def test_a_chosen_state_stays_chosen(site, phone):
    phone.goto(site + "/guide/za/us/")
    phone.locator("#part-select").select_option(label="California")
    phone.get_by_role("button", name="Continue").click()
    phone.wait_for_url("**/guide/za/us/?part=us-ca#away-part")
    expect(phone.locator("#away-part h3.part-title")).to_have_text("California")
    expect(phone.get_by_text("Texas", exact=True)).to_be_hidden()


def test_after_choosing_a_nation_every_link_carries_it(site, phone):
    phone.goto(site + "/guide/za/gb/")
    phone.locator("#away-part").get_by_role("link", name="Scotland").click()
    phone.wait_for_url("**/guide/za/gb/?part=gb-sct#away-part")
    for selector in ["a[hreflang='fr']", "a[href*='/print/']", "a[href*='/letter/']", "a.change-answers, .change-answers a"]:
        hrefs = phone.locator(selector).evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert hrefs and all("part=gb-sct" in href for href in hrefs), (selector, hrefs)


def test_the_wizard_asks_one_question_per_screen_and_the_language_link_keeps_the_answers(site, phone):
    phone.goto(site + "/")
    expect(phone.locator("h1")).to_have_text("Where are you?")
    with htmx_settled(phone):
        phone.fill("#q", "south af")
    with htmx_settled(phone):
        phone.get_by_role("link", name="South Africa").click()
    expect(phone.locator("h1")).to_have_text("Where is the person doing this?")
    assert "Answer three questions" not in main_text(phone)
    expect(phone.locator("main a[href='tel:10111']")).to_be_visible()
    assert phone.locator("a[hreflang='fr']").get_attribute("href") == "/fr/?home=za"


def test_the_search_finds_a_state_by_its_name(site, phone_without_js):
    page = phone_without_js
    page.goto(site + "/?home=za")
    page.fill("#q", "California")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="California (United States)").click()
    assert "part=us-ca" in page.url

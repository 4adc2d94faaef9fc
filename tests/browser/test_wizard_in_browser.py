from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .htmx import htmx_settled


def path(page):
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_wizard_with_javascript_swaps_steps_in_place_and_reaches_the_guide(site, phone, screenshot):
    phone.goto(site + "/")
    phone.evaluate("window.sameDocument = true")
    with htmx_settled(phone):
        phone.fill("#q", "south af")
    with htmx_settled(phone):
        phone.get_by_role("link", name="South Africa").click()
    expect(phone.get_by_role("heading", name="Where is the person doing this?")).to_be_visible()
    assert path(phone) == "/?home=za"
    with htmx_settled(phone):
        phone.fill("#q", "uk")
    with htmx_settled(phone):
        phone.get_by_role("link", name="United Kingdom").click()
    expect(phone.get_by_role("heading", name="Which nation are they in?")).to_be_visible()
    screenshot(phone, "wizard-nation-step-phone")
    with htmx_settled(phone):
        phone.get_by_role("link", name="Scotland").click()
    expect(phone.get_by_role("heading", name="Are you in danger right now?")).to_be_visible()
    assert phone.evaluate("window.sameDocument") is True
    assert path(phone) == "/?home=za&away=gb&part=gb-sct"
    phone.get_by_label("Instagram").check()
    phone.get_by_role("button", name="No, not right now").click()
    phone.wait_for_url("**/guide/za/gb/?part=gb-sct&platform=instagram")
    expect(phone.get_by_role("heading", name="Police Scotland")).to_be_visible()
    screenshot(phone, "guide-za-gb-sct-phone")


def test_wizard_without_javascript_works_with_plain_forms(site, phone_without_js, screenshot):
    page = phone_without_js
    page.goto(site + "/")
    page.select_option("#country-select", "za")
    page.get_by_role("button", name="Continue").click()
    page.fill("#q", "america")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="United States").click()
    page.get_by_role("link", name="I don't know").click()
    screenshot(page, "wizard-danger-step-nojs")
    page.get_by_role("button", name="Yes, I am in danger now").click()
    assert path(page) == "/guide/za/us/?emergency=1"
    assert page.get_by_role("heading", name="In danger now? Call").is_visible()
    assert page.locator("a.call").first.get_attribute("href") == "tel:10111"


def test_back_and_change_links_work(site, phone):
    phone.goto(site + "/?home=za&away=gb")
    phone.evaluate("window.sameDocument = true")
    with htmx_settled(phone):
        phone.get_by_role("link", name="Back").click()
    expect(phone.get_by_role("heading", name="Where is the person doing this?")).to_be_visible()
    with htmx_settled(phone):
        phone.get_by_role("link", name="Change where you are").click()
    expect(phone.get_by_role("heading", name="Where are you?")).to_be_visible()
    assert path(phone) == "/"
    assert phone.evaluate("window.sameDocument") is True


def test_choosing_a_nation_replaces_the_history_entry(site, desktop, screenshot):
    desktop.goto(site + "/safety/")
    desktop.goto(site + "/guide/za/gb/?part=gb-sct")
    desktop.locator("#away-part summary", has_text="Change the nation").click()
    desktop.locator("#away-part").get_by_role("link", name="Northern Ireland").click()
    desktop.wait_for_url("**/guide/za/gb/?part=gb-nir#away-part")
    expect(desktop.get_by_role("heading", name="Police Service of Northern Ireland (PSNI)")).to_be_visible()
    screenshot(desktop, "guide-za-gb-nir-desktop")
    desktop.go_back()
    desktop.wait_for_url("**/safety/")


def test_after_leaving_back_does_not_return_to_any_page_of_the_site(site, phone):
    """From a new tab: the wizard with JavaScript, the guide, then the quick exit."""
    phone.goto(site + "/")
    with htmx_settled(phone):
        phone.fill("#q", "south af")
    with htmx_settled(phone):
        phone.get_by_role("link", name="South Africa").click()
    with htmx_settled(phone):
        phone.get_by_role("link", name="I don't know where they are").click()
    expect(phone.get_by_role("heading", name="Are you in danger right now?")).to_be_visible()
    phone.get_by_role("button", name="No, not right now").click()
    phone.wait_for_url("**/guide/za/unknown/")
    phone.get_by_role("link", name="Leave this site").click()
    phone.wait_for_url("https://www.bbc.co.uk/weather")
    phone.go_back()
    phone.wait_for_url("about:blank")


def test_quick_exit_button_leaves_and_replaces_the_history_entry(site, phone):
    phone.goto(site + "/")
    phone.goto(site + "/guide/za/gb/")
    phone.get_by_role("link", name="Leave this site").click()
    phone.wait_for_url("https://www.bbc.co.uk/weather")
    phone.go_back()
    assert "/guide/" not in phone.url


def test_quick_exit_by_pressing_shift_three_times(site, desktop):
    desktop.goto(site + "/guide/za/us/")
    for _ in range(3):
        desktop.keyboard.press("Shift")
    desktop.wait_for_url("https://www.bbc.co.uk/weather")


def test_capitals_and_escape_in_the_country_search_never_leave(site, desktop):
    desktop.goto(site + "/")
    search = desktop.locator("#q")
    with htmx_settled(desktop):
        for key in ["Shift+U", "Shift+S", "Shift+A"]:
            search.press(key)
    expect(desktop.locator("#matches")).to_contain_text("United States")
    with htmx_settled(desktop):
        search.press("Escape")  # clears the search box, which asks again
    search.press("Escape")
    # Still here and still working: a quick exit would have replaced the page by now.
    with htmx_settled(desktop):
        search.press_sequentially("Kenya")
    expect(desktop.locator("#matches")).to_contain_text("Kenya")
    assert desktop.url.startswith(site)


def test_quick_exit_works_without_javascript(site, phone_without_js):
    phone_without_js.goto(site + "/guide/za/gb/")
    phone_without_js.get_by_role("link", name="Leave this site").click()
    phone_without_js.wait_for_url("https://www.bbc.co.uk/weather")


def test_print_hides_navigation_and_shows_address_and_fill_in_lines(site, desktop, screenshot):
    desktop.goto(site + "/guide/za/gb/?part=gb-sct")
    desktop.emulate_media(media="print")
    assert not desktop.get_by_role("link", name="Leave this site").is_visible()
    assert desktop.get_by_text("Printed from").is_visible()
    assert desktop.get_by_text("Date reported").is_visible()
    screenshot(desktop, "guide-za-gb-sct-print")


def test_no_request_leaves_the_site(site, desktop):
    outside = []
    desktop.on("request", lambda request: outside.append(request.url) if not request.url.startswith(site) else None)
    for url in ["/", "/?home=za&away=gb", "/guide/za/gb/?part=gb-sct", "/guide/za/us/?emergency=1", "/countries/za/"]:
        desktop.goto(site + url)
        desktop.wait_for_load_state("networkidle")
    assert outside == []


@pytest.fixture
def saps_crime_stop_put_back(site):
    """The browser tests share one copy of the content: put the agency this edits,
    its history, and the editor's account and session back as they were."""
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.models import Session
    from django.db.models import Max

    from jurisdictions.models import Agency

    agency = Agency.objects.filter(name="SAPS Crime Stop")
    before = agency.values().get()
    last_history = Agency.history.aggregate(last=Max("history_id"))["last"] or 0
    sessions_before = set(Session.objects.values_list("session_key", flat=True))
    yield
    agency.update(**before)
    Agency.history.filter(history_id__gt=last_history).delete()
    Session.objects.exclude(session_key__in=sessions_before).delete()
    get_user_model().objects.filter(username="boss").delete()


def test_admin_login_and_edit_work_under_the_strict_headers(site, desktop, saps_crime_stop_put_back):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("boss", password="a-long-admin-password")
    console = []
    desktop.on("console", lambda message: console.append(message.text))
    desktop.goto(site + "/admin/")
    desktop.fill("#id_username", "boss")
    desktop.fill("#id_password", "a-long-admin-password")
    desktop.get_by_role("button", name="Log in").click()
    desktop.get_by_role("link", name="Agencies").first.click()
    # The list runs to several pages: search for it, as staff do.
    desktop.locator("#searchbar").fill("Crime Stop")
    desktop.locator("#searchbar").press("Enter")
    desktop.get_by_role("link", name="SAPS Crime Stop").click()
    desktop.fill("#id_address", "Pretoria")
    desktop.get_by_role("button", name="Save", exact=True).click()
    desktop.get_by_text("was changed successfully").wait_for()
    assert not [m for m in console if "Content Security Policy" in m]


def test_arabic_on_a_phone_reads_right_to_left_with_the_facts_intact(site, phone, screenshot):
    phone.goto(site + "/ar/")
    assert phone.evaluate("document.documentElement.dir") == "rtl"
    with htmx_settled(phone):
        phone.fill("#q", "جنوب")
    with htmx_settled(phone):
        phone.get_by_role("link", name="جنوب إفريقيا").click()
    expect(phone.locator("#wizard a.choice-unknown")).to_be_visible()  # the second question is in place
    with htmx_settled(phone):
        phone.fill("#q", "UK")
    with htmx_settled(phone):
        phone.locator('#matches a[href*="away=gb"]').click()
    with htmx_settled(phone):
        phone.locator("#wizard a.choice", has_text="Scotland").click()
    expect(phone.locator("button.danger-no")).to_be_visible()
    screenshot(phone, "wizard-arabic-danger-step-phone")
    phone.locator("button.danger-no").click()
    phone.wait_for_url("**/ar/guide/za/gb/?part=gb-sct")
    phone.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
    for fact in ["10111", "08600 10111", "0800 017 160", "Police Scotland", "+27 (0)12 393 1000"]:
        assert phone.get_by_text(fact, exact=False).first.is_visible(), fact
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "the page scrolls sideways"
    exit_box = phone.get_by_role("link", name="مغادرة هذا الموقع").bounding_box()
    assert exit_box["x"] < 180, "in right-to-left the quick exit sits on the left"
    screenshot(phone, "guide-arabic-za-gb-sct-phone")


def test_the_layout_holds_on_desktop(site, desktop, screenshot):
    desktop.goto(site + "/guide/za/us/")
    main = desktop.locator("main").bounding_box()
    assert main["width"] <= 44 * 17 + 40, "the reading column stays narrow on a wide screen"
    assert desktop.evaluate("getComputedStyle(document.querySelector('main')).backgroundColor") in {"rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"}
    exit_box = desktop.get_by_role("link", name="Leave this site").bounding_box()
    assert exit_box["y"] < 60 and exit_box["x"] > 1000, "quick exit at the top right"
    screenshot(desktop, "guide-za-us-desktop")

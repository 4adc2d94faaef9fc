"""Accessibility in a real browser: axe-core on every victim page, a keyboard-only
run through the wizard, heading order, and the route diagram's text equivalent.

axe-core comes bundled with axe-playwright-python and is injected into the page
from this machine: nothing is fetched. A page fails on any violation axe rates
"serious" or "critical"; lesser ones ("moderate", "minor") are reported by the
assertion message only when a page fails for another reason.
"""

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .htmx import htmx_settled

WIZARD_STEPS = ["/", "/?home=za", "/?home=za&away=gb", "/?home=za&away=gb&part=gb-sct"]
GUIDES = ["/guide/za/gb/?part=gb-sct", "/guide/za/us/?emergency=1", "/guide/za/unknown/"]
COUNTRY_GUIDES = ["/countries/za/", "/countries/gb-sct/"]
PAGES = [*WIZARD_STEPS, *GUIDES, *COUNTRY_GUIDES, "/safety/", "/guide/za/us/print/", "/ar/guide/za/gb/?part=gb-sct"]

BLOCKING_IMPACTS = {"serious", "critical"}
MAX_NODES_SHOWN = 8


def _path(page):
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _slug(url):
    """/?home=za -> wizard-home-za; /guide/za/gb/?part=gb-sct -> guide-za-gb-part-gb-sct."""
    path, _, query = url.partition("?")
    name = path.strip("/").replace("/", "-") or "wizard"
    return name + ("-" + query.replace("&", "-").replace("=", "-") if query else "")


def _format_violations(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}  [{violation.get('helpUrl', '')}]")
        for node in violation["nodes"][:MAX_NODES_SHOWN]:
            target = " ".join(" >> ".join(t) if isinstance(t, list) else t for t in node["target"])
            lines.append(f"    target: {target}")
            lines.append(f"      html: {node.get('html', '').strip()[:200]}")
            if node.get("failureSummary"):
                summary = " ".join(node["failureSummary"].split())
                lines.append(f"      why:  {summary[:300]}")
        if len(violation["nodes"]) > MAX_NODES_SHOWN:
            lines.append(f"    ... and {len(violation['nodes']) - MAX_NODES_SHOWN} more element(s)")
    return "\n".join(lines)


def _blocking_violations(page):
    results = Axe().run(page)
    violations = results.response["violations"]
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS], violations


@pytest.mark.parametrize("url", PAGES, ids=_slug)
def test_no_serious_or_critical_axe_violations(site, phone, desktop, screenshot, url):
    report = []
    for name, page in (("phone 360x740", phone), ("desktop 1280x900", desktop)):
        response = page.goto(site + url)
        assert response.ok, f"{url} answered {response.status}"
        blocking, everything = _blocking_violations(page)
        if blocking:
            screenshot(page, f"axe-{_slug(url)}-{name.split()[0]}")
            others = ", ".join(f"{v['id']} ({v['impact']})" for v in everything if v not in blocking)
            report.append(
                f"{name}: {len(blocking)} serious/critical violation(s) on {url}\n{_format_violations(blocking)}"
                + (f"\n  also (not failing): {others}" if others else "")
            )
    assert not report, "\n\n".join(report)


HEADINGS_SCRIPT = """() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]'))
    .filter(el => el.getClientRects().length > 0 && !el.closest('[aria-hidden=true]'))
    .map(el => ({
        level: el.getAttribute('role') === 'heading' ? Number(el.getAttribute('aria-level') || 2) : Number(el.tagName[1]),
        text: el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 70),
    }))"""


@pytest.mark.parametrize(
    "url", PAGES, ids=_slug
)
def test_headings_go_in_order(site, phone_without_js, url):
    """One h1 first, and never a level skipped going down (h2 -> h4); going back up is fine.

    Checked without JavaScript: the structure every visitor gets from the server.
    """
    page = phone_without_js
    page.goto(site + url)
    headings = page.evaluate(HEADINGS_SCRIPT)
    outline = "\n".join(f"  {'  ' * (h['level'] - 1)}h{h['level']} {h['text']}" for h in headings)
    assert headings, f"{url} has no headings"
    assert headings[0]["level"] == 1, f"{url}: the first heading is not an h1\n{outline}"
    assert sum(h["level"] == 1 for h in headings) == 1, f"{url}: more than one h1\n{outline}"
    skips = [
        f"h{before['level']} “{before['text']}” -> h{after['level']} “{after['text']}”"
        for before, after in zip(headings, headings[1:])
        if after["level"] > before["level"] + 1
    ]
    assert not skips, f"{url}: heading levels skipped going down:\n  " + "\n  ".join(skips) + f"\noutline:\n{outline}"


def test_route_diagram_is_an_ordered_list_with_a_caption(site, desktop):
    page = desktop
    page.goto(site + "/guide/za/gb/?part=gb-sct")
    figures = page.locator("figure.diagram")
    assert figures.count() >= 1, "no route diagram on the guide"
    for index in range(figures.count()):
        figure = figures.nth(index)
        caption = figure.locator("figcaption")
        assert caption.count() == 1, "the diagram has no figcaption"
        caption_text = caption.inner_text().strip()
        assert caption_text, "the diagram's figcaption is empty"
        steps = figure.locator("ol > li")
        assert figure.locator("ol").count() == 1, "the diagram's steps are not an ordered list"
        assert steps.count() >= 2, "a route diagram needs at least two steps"
        assert all(text.strip() for text in steps.all_inner_texts()), "a diagram step has no text"
        # Text only: no picture that would need its own text alternative.
        assert figure.locator("img, svg, canvas, object, [role=img]").count() == 0
        # In the accessibility tree: a figure named by its caption, holding a list of the steps.
        named = page.get_by_role("figure", name=caption_text)
        assert named.count() >= 1, f"the figure is not named by its caption “{caption_text}”"
        assert named.first.get_by_role("list").get_by_role("listitem").count() == steps.count()


FOCUS_SCRIPT = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) { return null; }
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        id: el.id,
        text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 60),
        outlineStyle: style.outlineStyle,
        outlineWidth: parseFloat(style.outlineWidth) || 0,
        boxShadow: style.boxShadow,
        onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
            && box.top < window.innerHeight && box.left < window.innerWidth,
    };
}"""


def _focused(page):
    return page.evaluate(FOCUS_SCRIPT)


def _assert_focus_visible(page, where):
    focus = _focused(page)
    assert focus is not None, f"{where}: nothing has the keyboard focus"
    has_ring = (focus["outlineStyle"] != "none" and focus["outlineWidth"] > 0) or focus["boxShadow"] != "none"
    assert has_ring, f"{where}: the focused {focus['tag']} “{focus['text']}” shows no focus indicator: {focus}"
    assert focus["onScreen"], f"{where}: the focused {focus['tag']} “{focus['text']}” is off screen: {focus}"
    return focus


def _tab_to(page, where, wanted, limit=30):
    """Press Tab until the focused element's text is `wanted`, checking the focus ring at every stop."""
    trail = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = _assert_focus_visible(page, where)
        trail.append(focus["text"] or focus["tag"])
        assert focus["text"] != "Leave this site" or wanted == "Leave this site", "tabbed into the quick exit"
        if focus["text"] == wanted:
            return
    pytest.fail(f"{where}: “{wanted}” not reached with {limit} Tabs; focus went {trail}")


def _wait_for_step(page, question, address):
    expect(page.get_by_role("heading", name=question)).to_be_visible()
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'question'")
    assert _path(page) == address
    focus = _assert_focus_visible(page, f"after the swap to {address}")
    assert focus["text"] == question, "focus did not move to the new question"


def test_wizard_can_be_completed_with_the_keyboard_alone(site, phone, screenshot):
    """Tab and Enter to move and act (and typing a country's name), with JavaScript, on a 360x740 phone."""
    page = phone
    page.goto(site + "/")
    page.wait_for_load_state("networkidle")

    # Skip link first, then straight into the content.
    page.keyboard.press("Tab")
    assert _assert_focus_visible(page, "/ first Tab")["text"] == "Skip to content"
    page.keyboard.press("Enter")
    assert _assert_focus_visible(page, "/ after the skip link")["id"] == "main"

    # Step 1: where are you?
    _tab_to(page, "step 1", "")  # the search box has no text yet
    assert _focused(page)["id"] == "q"
    with htmx_settled(page):
        page.keyboard.type("south af")
    expect(page.locator("#matches").get_by_role("link", name="South Africa")).to_be_visible()
    _tab_to(page, "step 1 matches", "South Africa")
    with htmx_settled(page):
        page.keyboard.press("Enter")
    _wait_for_step(page, "Where is the person doing this?", "/?home=za")

    # Step 2: where are they?
    page.keyboard.press("Tab")
    assert _assert_focus_visible(page, "step 2")["id"] == "q"
    with htmx_settled(page):
        page.keyboard.type("uk")
    expect(page.locator("#matches").get_by_role("link", name="United Kingdom")).to_be_visible()
    _tab_to(page, "step 2 matches", "United Kingdom")
    with htmx_settled(page):
        page.keyboard.press("Enter")
    _wait_for_step(page, "Which nation are they in?", "/?home=za&away=gb")

    # Step 2b: which nation?
    _tab_to(page, "nation step", "Scotland")
    with htmx_settled(page):
        page.keyboard.press("Enter")
    _wait_for_step(page, "Are you in danger right now?", "/?home=za&away=gb&part=gb-sct")
    screenshot(page, "keyboard-danger-step-phone")

    # Step 3: in danger now? And, optionally, where: a checkbox with Space, then "No".
    _tab_to(page, "danger step", "instagram")
    page.keyboard.press("Space")
    _tab_to(page, "danger step", "No, not right now")
    page.keyboard.press("Enter")
    page.wait_for_url("**/guide/za/gb/?part=gb-sct&platform=instagram")
    assert _path(page) == "/guide/za/gb/?part=gb-sct&platform=instagram"
    assert page.get_by_role("heading", name="Police Scotland").is_visible()

    page.keyboard.press("Tab")
    assert _assert_focus_visible(page, "guide first Tab")["text"] == "Skip to content"
    screenshot(page, "keyboard-guide-phone")

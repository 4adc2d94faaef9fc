"""What a search engine reads about a page: its description, its one address in
every language, and robots.txt.

Addresses are built from SITE_URL, never from the request's Host: pages are
cached and shared between everyone who asks, whatever host they asked by.
"""

import re

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from jurisdictions.models import Agency

from .answers import BadAnswer, read_answers

DESCRIPTION_LENGTH = 300
# The pages a search engine may list; every other page says noindex.
INDEXABLE = {"wizard", "guide", "country", "safety"}


def absolute(path):
    return settings.SITE_URL + path


def _shortened(text, limit=DESCRIPTION_LENGTH):
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _police(agency):
    """The police agency as a sentence can name it. "Your local SAPS police station" is an
    English description, not a proper name: in English it reads "report to your local…",
    in another language it is simply the police. An explanation in brackets is for the
    page, not the search result."""
    if agency is None:
        return _("the police")
    name = re.sub(r"\s*\([^)]*\)$", "", agency.name) or agency.name
    if not re.match(r"(Your|The) ", name):
        return name
    return name[0].lower() + name[1:] if translation.get_language() == "en" else _("the police")


def _reference(place):
    if place.reference_name:
        return _("your %(reference)s") % {"reference": place.reference_name}
    return _("a reference number")


def guide_description(guide):
    """Who is where and the first steps, in the reader's language, for the search result."""
    home = guide.home.name_in_sentence
    police = _police(guide.police)
    reference = _reference(guide.home)
    if guide.away is None:
        text = _(
            "You live in %(home)s and do not know where the person harassing you is: report to %(police)s and get "
            "%(reference)s, then report the account to the platform, which answers police requests for its data."
        ) % {"home": home, "police": police, "reference": reference}
        return _shortened(text)
    away = guide.away.name_in_sentence
    if guide.has_interpol_route:
        then = _("then ask them to reach the police in %(away)s through INTERPOL, and report to the platform.") % {"away": away}
    else:
        then = _("then report to the platform and use what can be done in %(away)s.") % {"away": away}
    text = _("You live in %(home)s and the person harassing you is in %(away)s: report to %(police)s and get %(reference)s, %(then)s") % {
        "home": home,
        "away": away,
        "police": police,
        "reference": reference,
        "then": then,
    }
    return _shortened(text)


def guide_title(guide):
    if guide.away is None:
        return _("Harassed online from an unknown place, living in %(home)s: what to do") % {"home": guide.home.name_in_sentence}
    return _("Harassed online from %(away)s, living in %(home)s: what to do") % {
        "away": guide.away.name_in_sentence,
        "home": guide.home.name_in_sentence,
    }


def country_description(country):
    jurisdiction = country.jurisdiction
    police = _police(next((agency for agency in country.agencies if agency.kind == Agency.Kind.POLICE), None))
    reference = _reference(jurisdiction)
    text = _(
        "Reporting online harassment in %(country)s: emergency numbers, how to report to %(police)s and get %(reference)s, "
        "the offences to name and what to do when a report stalls."
    ) % {"country": jurisdiction.name_in_sentence, "police": police, "reference": reference}
    return _shortened(text)


def _canonical_path(url_name, kwargs, params):
    """The page's address without parameters that do not change what it says, or None."""
    if url_name == "guide":
        try:
            answers = read_answers(params, kwargs["home"], kwargs["away"])
        except BadAnswer:
            return None
        path = reverse("guide", args=[answers.home, answers.away])
        # The emergency answer only reorders the page: the page is the same.
        return path + (f"?part={answers.part_code}" if answers.part_code else "")
    if url_name in {"wizard", "safety"}:
        return reverse(url_name)
    if url_name == "country":
        return reverse("country", kwargs=kwargs)
    return None


class PageAddresses:
    """The canonical address of the page being shown and the same page in every
    language; worked out only if the page's head asks for it."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def _paths(self):
        match = self.request.resolver_match
        if match is None or match.url_name not in INDEXABLE:
            return {}
        paths = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                path = _canonical_path(match.url_name, match.kwargs, self.request.GET)
            if path is None:
                return {}
            paths[code] = path
        return paths

    @property
    def canonical(self):
        path = self._paths.get(translation.get_language())
        return absolute(path) if path else None

    @property
    def here(self):
        """This address as printed on paper: the canonical one where there is one."""
        return self.canonical or absolute(self.request.get_full_path())

    @property
    def alternates(self):
        links = [{"hreflang": code, "href": absolute(path)} for code, path in self._paths.items()]
        if links:
            links.append({"hreflang": "x-default", "href": absolute(self._paths[settings.LANGUAGE_CODE])})
        return links


def page_addresses(request):
    return {"page_addresses": PageAddresses(request)}


ROBOTS = """\
User-agent: *
{disallowed}
Sitemap: {sitemap}
"""
# Forms and files made for one person's case: nothing for a search engine.
PRIVATE_PAGES = ("print", "pdf", "letter")


@require_safe
@cache_control(max_age=24 * 60 * 60)
def robots_txt(request):
    prefixes = [""] + [f"/{code}" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    disallowed = "\n".join(f"Disallow: {prefix}/guide/*/{page}/" for prefix in prefixes for page in PRIVATE_PAGES)
    body = ROBOTS.format(disallowed=disallowed, sitemap=absolute(reverse("sitemap_index")))
    return HttpResponse(body, content_type="text/plain; charset=utf-8")

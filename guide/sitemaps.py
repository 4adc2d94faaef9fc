"""The sitemap: every country page, and the guide of every pair of countries in
which at least one side has content of its own, each in every language.

A pair where neither side has an agency, a lever or an offence gets only the
general text every pair gets, so it is left to the wizard. Addresses come from
SITE_URL; what is listed, and each rendered page, is cached until content changes.
"""

import functools
import hashlib
import logging
from xml.sax.saxutils import escape
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from jurisdictions.editions import PUBLISHED
from jurisdictions.models import Agency, ContactChannel, EscalationStep, Instrument, Jurisdiction, Lever, Offence
from jurisdictions.versioning import content_version

from .answers import UNKNOWN
from .seo import absolute

logger = logging.getLogger(__name__)
QUOTED = {'"': "&quot;"}
TIMEOUT = 24 * 60 * 60
# What makes a place's guides worth finding: content of its own, not the text every pair gets.
OWN_CONTENT = (Agency, Lever, Offence)
# Whose edits change what a guide or a country page says.
SHOWN_CONTENT = (Jurisdiction, Agency, ContactChannel, Lever, Offence, EscalationStep, Instrument)


def _cached(name, build):
    """`build()`, kept until the content changes."""
    version = content_version()
    if version is None:
        return build()
    key = f"sitemap-data:{name}:{version}"
    try:
        value = cache.get(key)
    except Exception:  # a broken cache must never break a page
        logger.warning("cache unreachable", exc_info=True)
        return build()
    if value is None:
        value = build()
        try:
            cache.set(key, value, TIMEOUT)
        except Exception:
            logger.warning("cache unreachable", exc_info=True)
    return value


def _last_change():
    """When anything shown to victims last changed, from the content's history."""
    dates = [model.history.aggregate(latest=Max("history_date"))["latest"] for model in SHOWN_CONTENT]
    return max((date for date in dates if date), default=None)


def _places():
    return list(Jurisdiction.objects.order_by("code").values_list("pk", "code", "parent_id"))


def guide_pairs():
    """(home, away, part) for every guide address worth listing."""
    places = _places()
    codes = {pk: code for pk, code, _parent in places}
    parents = {pk: parent for pk, _code, parent in places}
    with_content = set()
    for model in OWN_CONTENT:
        with_content.update(PUBLISHED.of(model).values_list("jurisdiction_id", flat=True).distinct())
    countries = [code for _pk, code, parent in places if parent is None]
    # A nation's or state's content is part of its country's guide, and also has its own address.
    countries_with_content = {codes[parents[pk] or pk] for pk in with_content}
    parts_with_content = sorted((codes[parents[pk]], codes[pk]) for pk in with_content if parents[pk])
    pairs = [
        (home, away, "")
        for home in countries
        for away in countries + [UNKNOWN]
        if home != away and (home in countries_with_content or away in countries_with_content)
    ]
    pairs += [(home, away, part) for away, part in parts_with_content for home in countries if home != away]
    return pairs


class SiteSitemap(Sitemap):
    """Every item in every interface language, with its alternates, at SITE_URL.

    A page lists thousands of addresses, each with one alternate per language: the
    address of each language is reversed once, with placeholders, rather than
    switching language and reversing for every address."""

    i18n = True
    alternates = True
    x_default = True
    limit = 5000
    url_name = None

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc

    @cached_property
    def lastmod(self):
        return _cached("last-change", _last_change)

    @cached_property
    def _addresses(self):
        addresses = {}
        for code in self._languages():
            with translation.override(code):
                addresses[code] = reverse(self.url_name, args=self.PLACEHOLDERS)
        return addresses

    def _location(self, item, force_lang_code=None):
        place, lang_code = item
        return self.fill(self._addresses[force_lang_code or lang_code], place)


class CountrySitemap(SiteSitemap):
    url_name = "country"
    PLACEHOLDERS = ["CODE"]

    def items(self):
        return [code for _pk, code, _parent in _cached("places", _places)]

    def fill(self, address, code):
        return address.replace("CODE", code)


class GuideSitemap(SiteSitemap):
    url_name = "guide"
    PLACEHOLDERS = ["HOME", "AWAY"]

    def items(self):
        return _cached("guide-pairs", guide_pairs)

    def fill(self, address, pair):
        home, away, part = pair
        return address.replace("HOME", home).replace("AWAY", away) + (f"?part={part}" if part else "")


SITEMAPS = {"countries": CountrySitemap, "guides": GuideSitemap}


def cached_until_content_changes(view):
    """Serve a rendered sitemap again until the content changes: building one lists thousands of addresses."""

    @functools.wraps(view)
    def wrapper(request, **kwargs):
        page = request.GET.get("p", "1")
        version = content_version()
        if version is None or not page.isdigit() or len(page) > 4:
            return view(request, **kwargs)
        key = "sitemap:" + hashlib.sha256(f"{version}\x1f{request.path}\x1f{int(page)}".encode()).hexdigest()
        try:
            stored = cache.get(key)
        except Exception:
            logger.warning("cache unreachable", exc_info=True)
            stored = None
        if stored is not None:
            content, headers = stored
            return HttpResponse(content, headers=headers)
        response = view(request, **kwargs)
        if isinstance(response, TemplateResponse):
            response.render()
        if response.status_code == 200:
            try:
                cache.set(key, (response.content, dict(response.items())), TIMEOUT)
            except Exception:
                logger.warning("cache unreachable", exc_info=True)
        return response

    return wrapper


@require_safe
@cached_until_content_changes
def index(request):
    """Django's index names sections by the request's host; this one by SITE_URL."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = absolute(reverse("sitemap_section", kwargs={"section": section}))
        lastmod = sitemap.get_latest_lastmod()
        entries.append(sitemap_views.SitemapIndexItem(location, lastmod))
        entries += [sitemap_views.SitemapIndexItem(f"{location}?p={page}", lastmod) for page in range(2, sitemap.paginator.num_pages + 1)]
    response = TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _urlset(urls):
    """The XML of Django's sitemap template, written directly: a page holds thousands of
    addresses with an alternate for each language, which the template engine takes
    seconds to loop over."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for url in urls:
        lastmod = f"<lastmod>{url['lastmod']:%Y-%m-%d}</lastmod>" if url["lastmod"] else ""
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{alternate["lang_code"]}" href="{escape(alternate["location"], QUOTED)}"/>'
            for alternate in url["alternates"]
        )
        lines.append(f"<url><loc>{escape(url['location'])}</loc>{lastmod}{alternates}</url>")
    lines.append("</urlset>\n")
    return "\n".join(lines)


@require_safe
@cached_until_content_changes
def section(request, section):
    if section not in SITEMAPS:
        raise Http404(section)
    sitemap = SITEMAPS[section]()
    try:
        urls = sitemap.get_urls(page=request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404("no such page of the sitemap") from None
    headers = {"X-Robots-Tag": "noindex"}
    if sitemap.lastmod:
        headers["Last-Modified"] = http_date(sitemap.lastmod.timestamp())
    return HttpResponse(_urlset(urls), content_type="application/xml", headers=headers)

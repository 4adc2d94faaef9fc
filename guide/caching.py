"""Whole-page caching of victims' pages, answered before the rest of the middleware.

A victim's page depends only on its address's validated answers, its language,
the HTMX fragment asked for and the content version; sessions, users, messages
and CSRF matter only to the admin and the print form. So a cached page is found
and sent from the top of the middleware stack, with the headers the whole stack
gave it when it was built, and costs two cache reads.

Keys are built from validated answers only: a parameter that is not an answer,
a value that is not valid, a search query or an unknown HTMX target never makes
a key, so nobody can fill the cache with junk. An edit moves the content version
on (jurisdictions.versioning), so no page built from older content is served again.
"""

import gzip
import hashlib
import logging
from datetime import timedelta

import brotli
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from jurisdictions.versioning import content_version

from .answers import BadAnswer, read_answers, read_place
from .printing import PAPER_SIZES

logger = logging.getLogger(__name__)
PAGE_TIMEOUT = 24 * 60 * 60
CACHED_STATUSES = {200, 301, 302}
VICTIM_PAGES = {"wizard", "guide", "country", "safety", "pdf"}
# The parts of a page HTMX asks for by their element's id.
FRAGMENTS = {"wizard", "matches"}
# Headers that belong to one response, not to the page.
NOT_KEPT = {"date", "set-cookie"}


def _answers_key(name, request, kwargs):
    """What the page depends on, from validated answers; None when it must not be cached."""
    params = request.GET
    if name == "safety":
        return ()
    if name == "country":
        place = read_place(kwargs["code"])
        return (place,) if place == kwargs["code"] else None
    if name == "wizard":
        if "q" in params or not params:
            # Search results follow free text, and the bare home page follows Accept-Language.
            return None
        answers = read_answers(params)
    elif name in {"guide", "pdf"}:
        answers = read_answers(params, kwargs["home"], kwargs["away"])
        if (answers.home, answers.away) != (kwargs["home"], kwargs["away"]):
            return None
    else:
        return None
    if name == "pdf":
        # The unpersonalised PDF, on either paper size.
        paper = params.get("paper", "a4")
        return (answers.home, answers.away, answers.part, answers.emergency, answers.platforms, paper) if paper in PAPER_SIZES else None
    return (answers.home, answers.away, answers.part, answers.emergency, answers.platforms)


def _fragment(request):
    """The HTMX fragment asked for: a history restore gets the whole page."""
    if request.headers.get("HX-Request") != "true" or request.headers.get("HX-History-Restore-Request") == "true":
        return ""
    target = request.headers.get("HX-Target", "")
    return target if target in FRAGMENTS else "htmx"


def _encoding(request):
    accepted = {token.split(";")[0].strip().lower() for token in request.headers.get("Accept-Encoding", "").split(",")}
    return "br" if "br" in accepted else "gzip" if "gzip" in accepted else ""


def victim_route(request):
    """The language and resolved route of a request for a victim's page, or None."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(request.path_info)
    except Resolver404:
        return None
    return (language, match) if match.url_name in VICTIM_PAGES else None


def page_key(request, language, match):
    """The cache key for a victim's page request, or None when it is not to be cached."""
    if request.method not in {"GET", "HEAD"}:
        return None
    if "preview" in request.GET and request.COOKIES:
        # Possibly staff asking for drafts: decided by the view, never cached.
        return None
    try:
        answers = _answers_key(match.url_name, request, match.kwargs)
    except BadAnswer:
        return None
    if answers is None:
        return None
    return "\x1f".join([language, match.url_name, repr(answers), _fragment(request), _encoding(request)])


def _timeout(page):
    """A page is kept a day; a PDF, which prints the day it was made, until midnight."""
    if page != "pdf":
        return PAGE_TIMEOUT
    now = timezone.now()
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(60, int((midnight - now).total_seconds()))


def _compressed(content, encoding):
    if encoding == "br":
        return brotli.compress(content, quality=5)
    if encoding == "gzip":
        return gzip.compress(content, compresslevel=6)
    return content


class PageCacheMiddleware:
    """Answer a victim's page from the cache before the rest of the stack runs; store
    what the stack builds, compressed for the browser that asked (pages carry no
    secret for a compression attack to find)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        route = victim_route(request)
        if route is None:
            return self.get_response(request)
        # Refuse a host not in ALLOWED_HOSTS here, as CommonMiddleware would for a page built afresh.
        request.get_host()
        language, match = route
        key = page_key(request, language, match)
        version = content_version() if key else None
        full_key = "page:" + hashlib.sha256(f"{version}\x1f{key}".encode()).hexdigest() if version is not None else None
        stored = self._read(full_key) if full_key else None
        if stored is not None:
            status, headers, content = stored
            return HttpResponse(content, status=status, headers=headers)
        response = self.get_response(request)
        # Every victim page differs by HTMX request and, once compressed, by encoding.
        patch_vary_headers(response, ["HX-Request", "Accept-Encoding"])
        if response.streaming:
            return response
        encoding = _encoding(request)
        if encoding and response.get("Content-Type", "").startswith("text/") and not response.has_header("Content-Encoding"):
            response.content = _compressed(response.content, encoding)
            response["Content-Encoding"] = encoding
            response["Content-Length"] = str(len(response.content))
        if full_key and self._cacheable(response):
            self._store(full_key, response, match.url_name)
        return response

    def _store(self, key, response, page):
        headers = {name: value for name, value in response.items() if name.lower() not in NOT_KEPT}
        self._write(key, (response.status_code, headers, response.content), _timeout(page))

    @staticmethod
    def _cacheable(response):
        control = response.get("Cache-Control", "")
        return (
            response.status_code in CACHED_STATUSES
            and not response.cookies
            and not response.has_header("HX-Redirect")
            and "no-cache" not in control
            and "private" not in control
        )

    @staticmethod
    def _read(key):
        try:
            return cache.get(key)
        except Exception:  # a broken cache must never break a victim's page
            logger.warning("cache unreachable", exc_info=True)
            return None

    @staticmethod
    def _write(key, value, timeout):
        try:
            cache.set(key, value, timeout)
        except Exception:
            logger.warning("cache unreachable", exc_info=True)

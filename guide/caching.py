"""Whole-page caching of victims' pages, keyed by the content version.

A page is cached per address, language and HTMX fragment; an edit moves the
content version on (jurisdictions.versioning), so no page built from older
content is served again.
"""

import functools
import hashlib
import logging

from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language
from django.views.decorators.gzip import gzip_page

from jurisdictions.versioning import content_version

logger = logging.getLogger(__name__)
PAGE_TIMEOUT = 24 * 60 * 60
KEPT_HEADERS = ("Content-Type", "Content-Encoding", "Location", "Vary")


def _key(request, version):
    parts = [
        str(version),
        get_language() or "",
        request.path,
        request.GET.urlencode(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        "gzip" if "gzip" in request.headers.get("Accept-Encoding", "") else "",
    ]
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def cached_page(view):
    """Serve a GET page from the cache when its content has not changed since it was built.

    Pages are compressed for browsers that accept it (they carry no secret for a
    compression attack to find), and cached compressed, so a cache hit costs no work.
    """
    view = gzip_page(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in {"GET", "HEAD"} or request.GET.get("preview"):
            return view(request, *args, **kwargs)
        version = content_version()
        if version is None:
            return view(request, *args, **kwargs)
        key = _key(request, version)
        try:
            stored = cache.get(key)
        except Exception:
            logger.warning("cache unreachable", exc_info=True)
            stored = None
        if stored is not None:
            status, headers, content = stored
            return HttpResponse(content, status=status, headers=headers)
        response = view(request, *args, **kwargs)
        if response.status_code in {200, 301, 302, 404} and not response.streaming and not response.has_header("HX-Redirect"):
            try:
                headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
                cache.set(key, (response.status_code, headers, response.content), PAGE_TIMEOUT)
            except Exception:
                logger.warning("cache unreachable", exc_info=True)
        return response

    return wrapper

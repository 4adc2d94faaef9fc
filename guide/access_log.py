"""An access log that keeps nothing about a victim.

A guide's address says which countries a victim asked about, and an IP address
says who asked: neither is written. Each line has the method, the name of the
page (not its address), the status and the time taken. Nothing in a line comes
from what the client sent, so no request can forge or split a line.
"""

import logging
import time

from django.urls import Resolver404, resolve

logger = logging.getLogger("xborder.access")
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def page_name(request):
    """The route's name ("guide", "country", "admin:…"), never the address."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return "not-found"
    return match.view_name or "unnamed"


class AccessLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        method = request.method if request.method in KNOWN_METHODS else "OTHER"
        milliseconds = (time.monotonic() - started) * 1000
        logger.info("%s %s %s %.0fms", method, page_name(request), response.status_code, milliseconds)
        return response


class WithoutRequestDetails(logging.Filter):
    """Django's own request loggers name the address ("Not Found: /guide/za/gb/") and
    attach the request: replace the address with the page's name and drop the request."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None:
            # Any address among the arguments, however Django escaped it, becomes the page's name.
            record.args = tuple(page_name(request) if isinstance(arg, str) and arg.startswith("/") else arg for arg in (record.args or ()))
            record.request = None
        return True

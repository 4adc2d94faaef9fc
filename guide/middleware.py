import re

from django.conf import settings
from django.db import DatabaseError
from django.template import loader

from jurisdictions.emergency import emergency_numbers

GUIDE_PATH = re.compile(r"^/(?:guide|countries)/([a-zA-Z]{2})(?:[-/]|$)")


class SecurityHeadersMiddleware:
    """Headers Django does not set itself.

    Permissions-Policy denies powerful browser features: no page here needs a
    camera or a location. The admin gets a same-origin referrer policy instead of
    no-referrer, because browsers then send "Origin: null" with its forms and
    Django's CSRF protection rightly refuses them; victims' pages keep no-referrer.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_PATH

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if request.path.startswith(self.admin_prefix):
            response.headers["Referrer-Policy"] = "same-origin"
            response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return response


def home_country(request):
    """The victim's country from the address of a guide, a country page or the wizard."""
    match = GUIDE_PATH.match(request.path)
    if match:
        return match.group(1).lower()
    home = request.GET.get("home", "")
    return home.lower() if re.fullmatch(r"[a-zA-Z]{2}", home) else ""


class EmergencyNumbersWhenDatabaseIsDownMiddleware:
    """If the database fails, still give the emergency numbers of the victim's country.

    The numbers come from the curated file and the telephone data, never the database,
    and the page is rendered without any context that could touch it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DatabaseError):
            return None
        from django.http import HttpResponse

        code = home_country(request)
        numbers = emergency_numbers(code) if code else None
        body = loader.get_template("guide/offline.html").render({"numbers": numbers})
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "60"
        return response

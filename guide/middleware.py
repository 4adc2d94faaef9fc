from django.conf import settings
from django.db import DatabaseError

from .errors import emergency_numbers_page


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
        response = emergency_numbers_page(request, status=503)
        response["Retry-After"] = "60"
        return response

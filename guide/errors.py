"""What a victim sees when something fails: the emergency numbers of their country,
found from the address alone and rendered without the database, in the page's language."""

import re

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation

from jurisdictions.emergency import emergency_numbers

# /guide/za/…, /fr/countries/gb-sct/, /ar/guide/ZA/…: the victim's country is the first code.
GUIDE_PATH = re.compile(r"^/(?:[a-z]{2}/)?(?:guide|countries)/([a-zA-Z]{2})(?:[-/]|$)")


def home_country(request):
    """The victim's country from the address of a guide, a country page or the wizard."""
    match = GUIDE_PATH.match(request.path_info)
    if match:
        return match.group(1).lower()
    home = request.GET.get("home", "")
    return home.lower() if re.fullmatch(r"[a-zA-Z]{2}", home) else ""


def emergency_numbers_page(request, status):
    """The page for a failure: the home country's emergency numbers, without the database."""
    code = home_country(request)
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "numbers": emergency_numbers(code) if code else None,
            "LANGUAGE_CODE": language,
            "RTL": translation.get_language_bidi(),
            "source_length": 60,
        }
        body = loader.get_template("guide/offline.html").render(context)
    return HttpResponse(body, status=status)


def page_not_found(request, exception=None):
    return render(request, "guide/not_found.html", {"what": "page"}, status=404)


def server_error(request):
    try:
        return emergency_numbers_page(request, status=500)
    except Exception:
        # The last resort: a static page that needs nothing that could have failed.
        return HttpResponse(loader.get_template("500.html").render(), status=500)

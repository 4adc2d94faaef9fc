from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils.http import urlencode
from django.utils.translation import get_language, override

# The only parameters a victim's page depends on; anything else in an address is left
# out of the links a page shows, since a cached page is shared by everyone who asks.
ANSWER_PARAMETERS = ("home", "away", "part", "emergency")


def _answers_query(request):
    query = urlencode([(name, request.GET[name]) for name in ANSWER_PARAMETERS if name in request.GET])
    return f"?{query}" if query else ""


def _same_page_in(language, request):
    """This page's address in another language, built from what the address resolves
    to, never from the raw path (which may start with //another.host)."""
    try:
        resolve(request.path_info)
    except Resolver404:
        with override(language):
            return reverse("wizard")
    return translate_url(request.path_info, language) + _answers_query(request)


def languages(request):
    """Links to this same page in every language, for the switcher (no cookie)."""
    current = get_language()
    return {
        "language_links": [
            {"code": code, "name": name, "url": _same_page_in(code, request), "current": code == current}
            for code, name in settings.LANGUAGES
        ],
        "interface_unreviewed": current in settings.UNREVIEWED_INTERFACE_LANGUAGES,
    }


def addresses_on_screen(request):
    """Long source addresses are shortened on screen (the link keeps the whole address);
    printed pages set `source_length` higher and show them whole."""
    return {"source_length": 60}

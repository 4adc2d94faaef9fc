from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils.translation import get_language, override


def _same_page_in(language, request):
    """This page's address in another language, built from what the address resolves
    to, never from the raw path (which may start with //another.host)."""
    try:
        resolve(request.path_info)
    except Resolver404:
        with override(language):
            return reverse("wizard")
    query = request.GET.urlencode()
    return translate_url(request.path_info, language) + (f"?{query}" if query else "")


def languages(request):
    """Links to this same page in every language, for the switcher (no cookie)."""
    current = get_language()
    return {
        "language_links": [
            {"code": code, "name": name, "url": _same_page_in(code, request), "current": code == current}
            for code, name in settings.LANGUAGES
        ]
    }

from django.http import HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django_htmx.http import HttpResponseClientRedirect

from .assembly import UNKNOWN, NotFound, assemble_country_guide, assemble_guide
from .countries import all_countries
from .wizard import read_answers

MAX_CODE_LENGTH = 10


def victim_page(view):
    """Victim pages only read: any other method is a clear 405, never a CSRF error page."""
    return csrf_exempt(require_safe(view))


def _not_found(request, what="page", value=""):
    return render(request, "guide/not_found.html", {"what": what, "value": value[:MAX_CODE_LENGTH]}, status=404)


def _lowercase_redirect(request, *codes):
    """Codes are lowercase in addresses; send mixed-case links to the canonical one."""
    if any(code != code.lower() for code in codes):
        return HttpResponsePermanentRedirect(request.get_full_path().replace("/".join(codes), "/".join(c.lower() for c in codes), 1))
    return None


@victim_page
def wizard(request):
    answers = read_answers(request.GET)
    if answers.step == "done":
        if request.htmx:
            return HttpResponseClientRedirect(answers.guide_url())
        return redirect(answers.guide_url())
    context = {"wizard": answers, "countries": all_countries()}
    template = "guide/wizard.html"
    if request.htmx and request.htmx.target == "matches":
        template += "#matches"
    elif request.htmx:
        template += "#step"
    return render(request, template, context)


@victim_page
def safety(request):
    return render(request, "guide/safety.html")


@victim_page
def guide(request, home, away):
    if len(home) > MAX_CODE_LENGTH or len(away) > MAX_CODE_LENGTH:
        return _not_found(request)
    if redirect_response := _lowercase_redirect(request, home, away):
        return redirect_response
    if home == away:
        return redirect("country", code=home)
    part = request.GET.get("part", "").strip().lower()[:MAX_CODE_LENGTH]
    emergency = request.GET.get("emergency") == "1"
    try:
        result = assemble_guide(home, away, part if part and part != UNKNOWN else None, emergency)
    except NotFound as missing:
        return _not_found(request, missing.what, missing.value)
    template = "guide/guide.html"
    if request.htmx and request.htmx.target == "away-part":
        template += "#away-part"
    return render(request, template, {"guide": result, "country_url": reverse("country", args=[home])})


@victim_page
def country(request, code):
    if len(code) > MAX_CODE_LENGTH:
        return _not_found(request)
    if redirect_response := _lowercase_redirect(request, code):
        return redirect_response
    try:
        result = assemble_country_guide(code)
    except NotFound as missing:
        return _not_found(request, missing.what, missing.value)
    return render(request, "guide/country.html", {"country": result})

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect

from . import printing
from .assembly import UNKNOWN, NotFound, assemble_country_guide, assemble_guide
from .caching import cached_page
from .countries import all_countries
from .wizard import read_answers

MAX_CODE_LENGTH = 10


def victim_page(view):
    """Victim pages only read: any other method is a clear 405, never a CSRF error page."""
    return csrf_exempt(require_safe(view))


def _not_found(request, what="page", value=""):
    return render(request, "guide/not_found.html", {"what": what, "value": value[:MAX_CODE_LENGTH]}, status=404)


def _is_preview(request):
    """Staff may see a page with drafts included; for anyone else the parameter does nothing."""
    return request.GET.get("preview") == "1" and request.user.is_authenticated and request.user.is_staff


def _never_cached_if(preview, response):
    if preview:
        add_never_cache_headers(response)
    return response


def _is_bare_home_page(request):
    return request.path == "/" and not request.GET


def _preferred_language_home(request):
    """On a first visit to the bare home page, answer in the browser's preferred language."""
    if not _is_bare_home_page(request):
        return None
    preferred = translation.get_language_from_request(request)
    if preferred == settings.LANGUAGE_CODE:
        return None
    response = redirect(translate_url("/", preferred))
    patch_vary_headers(response, ["Accept-Language"])
    return response


def _lowercase_redirect(request, *codes):
    """Codes are lowercase in addresses; send mixed-case links to the canonical one."""
    if any(code != code.lower() for code in codes):
        return HttpResponsePermanentRedirect(request.get_full_path().replace("/".join(codes), "/".join(c.lower() for c in codes), 1))
    return None


@victim_page
def wizard(request):
    if first_visit_in_another_language := _preferred_language_home(request):
        return first_visit_in_another_language
    response = _wizard_step(request)
    if _is_bare_home_page(request):
        # The same address redirects browsers that prefer another language: caches must know.
        patch_vary_headers(response, ["Accept-Language"])
    return response


@cached_page
def _wizard_step(request):
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
@cached_page
def safety(request):
    return render(request, "guide/safety.html")


@victim_page
@cached_page
def guide(request, home, away):
    if len(home) > MAX_CODE_LENGTH or len(away) > MAX_CODE_LENGTH:
        return _not_found(request)
    if redirect_response := _lowercase_redirect(request, home, away):
        return redirect_response
    if home == away:
        return redirect("country", code=home)
    part = request.GET.get("part", "").strip().lower()[:MAX_CODE_LENGTH]
    emergency = request.GET.get("emergency") == "1"
    preview = _is_preview(request)
    try:
        result = assemble_guide(home, away, part if part and part != UNKNOWN else None, emergency, preview)
    except NotFound as missing:
        return _not_found(request, missing.what, missing.value)
    template = "guide/guide.html"
    if request.htmx and request.htmx.target == "away-part":
        template += "#away-part"
    context = {
        "guide": result,
        "country_url": reverse("country", args=[home]),
        "print_url": reverse("print", args=[home, away]) + _guide_query(request),
        "preview": preview,
    }
    return _never_cached_if(preview, render(request, template, context))


def _guide_or_404(request, home, away):
    """The assembled guide for a print or PDF address, or the 404 response."""
    if len(home) > MAX_CODE_LENGTH or len(away) > MAX_CODE_LENGTH:
        return None, _not_found(request)
    part = request.GET.get("part", "").strip().lower()[:MAX_CODE_LENGTH]
    try:
        guide = assemble_guide(home, away, part if part and part != UNKNOWN else None, request.GET.get("emergency") == "1")
    except NotFound as missing:
        return None, _not_found(request, missing.what, missing.value)
    return guide, None


def _guide_query(request):
    """The part and emergency answers of this address, to carry to a related page."""
    query = {k: v for k, v in request.GET.items() if k in {"part", "emergency"}}
    return "?" + urlencode(query) if query else ""


def _live_guide_url(request, home, away):
    return request.build_absolute_uri(reverse("guide", args=[home, away]) + _guide_query(request))


def support_worker_page(view):
    """The support worker's form changes nothing on the server and nothing typed is
    kept, so it needs no CSRF token (and no cookie is set for one); what is typed is
    hidden from error reports and never cached. Unknown codes get the guide's 404."""

    @csrf_exempt
    @sensitive_post_parameters()
    @never_cache
    @require_http_methods(["GET", "HEAD", "POST"])
    @functools.wraps(view)
    def wrapper(request, home, away):
        guide, error = _guide_or_404(request, home, away)
        return error or view(request, guide, home, away)

    return wrapper


@support_worker_page
def print_page(request, guide, home, away):
    """The support worker's page: type the client's details, get the printed guide."""
    form = printing.ClientDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _printed(request, guide, home, away, form.cleaned_data, as_pdf="pdf" in request.POST)
    status = 400 if request.method == "POST" else 200
    return _print_form(request, guide, form, home, away, status)


@support_worker_page
def pdf(request, guide, home, away):
    """The guide as a PDF; with POSTed client details, filled in."""
    form = printing.ClientDetailsForm(request.POST or {"paper": request.GET.get("paper", "a4")})
    if not form.is_valid():
        return _print_form(request, guide, form, home, away, status=400)
    return _printed(request, guide, home, away, form.cleaned_data, as_pdf=True)


def _print_form(request, guide, form, home, away, status):
    context = {"guide": guide, "form": form, "guide_url": reverse("guide", args=[home, away]) + _guide_query(request)}
    return render(request, "guide/print.html", context, status=status)


def _printed(request, guide, home, away, details, as_pdf):
    live_url = _live_guide_url(request, home, away)
    context = {
        "guide": guide,
        "details": details,
        "live_url": live_url,
        "qr_code": printing.qr_code_data_uri(live_url),
        "made_on": timezone.localdate(),
        "paper": printing.paper_size(details.get("paper")),
        "for_pdf": as_pdf,
    }
    if not as_pdf:
        return render(request, "guide/printed.html", context)
    html = render_to_string("guide/printed.html", context, request=request)
    document = printing.render_pdf(html, printing.static_base_url())
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guide-{home}-{away}.pdf"'
    return response


@victim_page
@cached_page
def country(request, code):
    if len(code) > MAX_CODE_LENGTH:
        return _not_found(request)
    if redirect_response := _lowercase_redirect(request, code):
        return redirect_response
    preview = _is_preview(request)
    try:
        result = assemble_country_guide(code, preview)
    except NotFound as missing:
        return _not_found(request, missing.what, missing.value)
    return _never_cached_if(preview, render(request, "guide/country.html", {"country": result, "preview": preview}))

import functools

from django.conf import settings
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.http import HttpResponseClientRedirect

from jurisdictions.editions import PREVIEW, PUBLISHED

from . import printing, seo
from .answers import BadAnswer, read_answers, read_place
from .assembly import assemble_country_guide, assemble_guide
from .countries import all_countries
from .wizard import read_wizard, wizard_url


def victim_page(view):
    """Victim pages only read: any other method is a clear 405, never a CSRF error page."""
    return csrf_exempt(require_safe(view))


def answers_problem(request, problem):
    """The same clear page for any answer we cannot use: 404 for an address that names
    nothing we know, 400 for a parameter that is not a valid answer."""
    return render(request, "guide/not_found.html", {"what": problem.what, "value": problem.value}, status=problem.status)


def edition_for(request):
    """Staff may see a page with drafts included; for anyone else the parameter does nothing.
    The session is only read when a preview is asked for, so other pages do not vary on cookies."""
    if request.GET.get("preview") != "1":
        return PUBLISHED
    return PREVIEW if request.user.is_authenticated and request.user.is_staff else PUBLISHED


def _render_edition(request, edition, template, context):
    response = render(request, template, {**context, "preview": edition.drafts})
    if edition.drafts:
        add_never_cache_headers(response)
    return response


def _preferred_language_home(request):
    """On a first visit to the bare home page, answer in the browser's preferred language."""
    if request.path != "/" or request.GET:
        return None
    preferred = translation.get_language_from_request(request)
    if preferred == settings.LANGUAGE_CODE:
        return None
    response = redirect(translate_url("/", preferred))
    patch_vary_headers(response, ["Accept-Language"])
    return response


@victim_page
def english_without_prefix(request, rest):
    """/en/… is the English page without the prefix; the redirect stays on this site
    whatever follows (never to //host or /\\host)."""
    query = request.GET.urlencode()
    return HttpResponsePermanentRedirect("/" + rest.lstrip("/\\") + (f"?{query}" if query else ""))


@victim_page
def wizard(request):
    if first_visit_in_another_language := _preferred_language_home(request):
        return first_visit_in_another_language
    response = _wizard_step(request)
    if request.path == "/" and not request.GET:
        # The same address redirects browsers that prefer another language: caches must know.
        patch_vary_headers(response, ["Accept-Language"])
    return response


def _wizard_step(request):
    wizard = read_wizard(request.GET)
    if wizard.step == "done":
        if request.htmx:
            return HttpResponseClientRedirect(wizard.guide_url())
        return redirect(wizard.guide_url())
    template = "guide/wizard.html"
    # A history restore (Back after a swap) gets the whole page, with its quick exit.
    if request.htmx and not request.htmx.history_restore_request:
        template += "#matches" if request.htmx.target == "matches" else "#step"
    context = {"wizard": wizard, "countries": all_countries()}
    return render(request, template, context, status=400 if wizard.error else 200)


@victim_page
def safety(request):
    return render(request, "guide/safety.html")


def reads_answers(view):
    """Reads the victim's answers from the address once, for the view; an answer we cannot
    use, or a country or part we do not know, gets its clear 400 or 404 here."""

    @functools.wraps(view)
    def wrapper(request, home, away):
        try:
            return view(request, read_answers(request.GET, home, away))
        except BadAnswer as problem:
            return answers_problem(request, problem)

    return wrapper


@victim_page
@reads_answers
def guide(request, answers):
    if request.resolver_match.kwargs != {"home": answers.home, "away": answers.away}:
        # Codes are lowercase in addresses: send mixed-case links to the canonical one.
        query = request.GET.urlencode()
        return HttpResponsePermanentRedirect(reverse("guide", args=[answers.home, answers.away]) + (f"?{query}" if query else ""))
    if answers.home == answers.away:
        return redirect("country", code=answers.home)
    edition = edition_for(request)
    guide = assemble_guide(answers, edition)
    context = {
        "guide": guide,
        "title": seo.guide_title(guide),
        "description": seo.guide_description(guide),
        "country_url": reverse("country", args=[answers.home]),
        "print_url": answers.url("print"),
        "letter_url": answers.url("letter"),
        "change_url": wizard_url(answers.changed(emergency=None)),
    }
    return _render_edition(request, edition, "guide/guide.html", context)


@victim_page
def country(request, code):
    try:
        place = read_place(code)
        if place != code:
            return HttpResponsePermanentRedirect(reverse("country", args=[place]))
        edition = edition_for(request)
        country = assemble_country_guide(place, edition)
        context = {"country": country, "description": seo.country_description(country)}
        return _render_edition(request, edition, "guide/country.html", context)
    except BadAnswer as problem:
        return answers_problem(request, problem)


def support_worker_page(view):
    """The support worker's form changes nothing on the server and nothing typed is
    kept, so it needs no CSRF token (and no cookie is set for one); what is typed is
    hidden from error reports, and a page made from it is never cached."""

    @csrf_exempt
    @sensitive_post_parameters()
    @require_http_methods(["GET", "HEAD", "POST"])
    @reads_answers
    @functools.wraps(view)
    def wrapper(request, answers):
        response = view(request, answers)
        # One client's case, and PDFs carry no meta tags: a header keeps them out of search engines.
        response["X-Robots-Tag"] = "noindex"
        if request.method == "POST":
            add_never_cache_headers(response)
        return response

    return wrapper


@support_worker_page
def print_page(request, answers):
    """The support worker's page: type the client's details, get the printed guide."""
    form = printing.ClientDetailsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _printed(request, answers, form.cleaned_data, as_pdf="pdf" in request.POST)
    return _print_form(request, answers, form, status=400 if request.method == "POST" else 200)


@support_worker_page
def pdf(request, answers):
    """The guide as a PDF; with POSTed client details, filled in."""
    form = printing.ClientDetailsForm(request.POST or {"paper": request.GET.get("paper", "a4")})
    if not form.is_valid():
        return _print_form(request, answers, form, status=400)
    return _printed(request, answers, form.cleaned_data, as_pdf=True)


def _print_form(request, answers, form, status):
    context = {"guide": assemble_guide(answers), "form": form, "guide_url": answers.guide_url()}
    return render(request, "guide/print.html", context, status=status)


def _printed(request, answers, details, as_pdf):
    if not as_pdf:
        return render(request, "guide/printed.html", _printed_context(answers, details, as_pdf))
    return pdf_response(request, "guide/printed.html", lambda: _printed_context(answers, details, as_pdf), f"guide-{answers.home}-{answers.away}.pdf")


def pdf_response(request, template, make_context, filename):
    """A printed page as a PDF, made in one of the server's PDF slots, or "busy" if none is free.
    The slot comes first: when every one is taken the answer costs no query and no rendering."""
    try:
        with printing.pdf_slot():
            html = render_to_string(template, make_context(), request=request)
            document = printing.render_pdf(html, printing.static_base_url())
    except printing.Busy:
        response = render(request, "guide/busy.html", status=503)
        response["Retry-After"] = "60"
        return response
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _printed_context(answers, details, as_pdf):
    live_url = settings.SITE_URL + answers.guide_url()
    return {
        "guide": assemble_guide(answers),
        "details": details,
        "live_url": live_url,
        "qr_code": printing.qr_code_data_uri(live_url),
        "made_on": timezone.localdate(),
        "paper": printing.paper_size(details.get("paper")),
        "for_pdf": as_pdf,
        "source_length": 2000,
    }

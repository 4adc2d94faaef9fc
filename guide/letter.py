"""The letter a victim hands to the officer investigating their report: what to
preserve first, which bureaus and routes link the two countries, and where each
platform takes police requests.

Every fact in it comes from the same routes and platform rows as the guide; where
the content has nothing (no bureau, no treaty, the harasser's country unknown) the
letter says so rather than guessing. What is typed into the form is used for one
response and dropped, as for the printed guide (see printing.py).
"""

from dataclasses import dataclass, field

from django.shortcuts import redirect, render
from django.utils import timezone

from jurisdictions.editions import PUBLISHED
from jurisdictions.models import Purpose

from . import printing
from .assembly import assemble_guide
from .views import pdf_response, support_worker_page

# The Budapest Convention's content key: its route exists only where both countries are Parties.
BUDAPEST = "budapest"


class LetterForm(printing.ClientDetailsForm):
    """The report's details, as on the printed guide but for the officer: no client's name."""

    client_name = None


@dataclass
class Letter:
    guide: object
    platforms: list
    # Platforms that state how long they keep or preserve records: the reason to preserve first.
    preserving: list = field(default_factory=list)
    budapest: object = None
    interpol: object = None
    # The route to ask for the data through: the first that compels evidence; None when there is no treaty or scheme.
    data_route: object = None

    @property
    def routes(self):
        return self.guide.routes

    @property
    def away_known(self):
        return self.guide.away is not None


def _for_police(platform):
    return bool(platform.law_enforcement_url or platform.law_enforcement_note or platform.emergency_disclosure_url)


def _preserves(platform):
    return bool(platform.retention_text) or platform.retention_days is not None


def assemble_letter(answers, edition=PUBLISHED):
    """The letter for a victim's answers (home, away, platforms), from the published content."""
    guide = assemble_guide(answers, edition)
    # A general channel (email, another site) has no police portal of its own: nothing to tell the officer.
    platforms = [p for p in guide.platforms if _for_police(p) or _preserves(p)]
    return Letter(
        guide=guide,
        platforms=platforms,
        preserving=[p for p in platforms if _preserves(p)],
        budapest=next((route for route in guide.routes if route.instrument_key == BUDAPEST), None),
        interpol=next((route for route in guide.routes if route.is_interpol), None),
        data_route=next((route for route in guide.routes if route.purpose == Purpose.COMPEL), None),
    )


@support_worker_page
def letter(request, answers):
    """The form for the officer's letter, and the letter made from it as a PDF or a print view."""
    if answers.home == answers.away:
        # Nothing crosses a border: the country's own guide is what the officer needs.
        return redirect("country", code=answers.home)
    form = LetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _letter(request, answers, form.cleaned_data, as_pdf="pdf" in request.POST)
    context = {"letter": assemble_letter(answers), "form": form, "guide_url": answers.guide_url()}
    return render(request, "guide/letter.html", context, status=400 if request.method == "POST" else 200)


def _letter(request, answers, details, as_pdf):
    if not as_pdf:
        return render(request, "guide/letter_printed.html", _letter_context(answers, details, as_pdf))
    return pdf_response(request, "guide/letter_printed.html", lambda: _letter_context(answers, details, as_pdf), f"letter-{answers.home}-{answers.away}.pdf")


def _letter_context(answers, details, as_pdf):
    return {
        "letter": assemble_letter(answers),
        "details": details,
        "made_on": timezone.localdate(),
        "paper": printing.paper_size(details.get("paper")),
        "for_pdf": as_pdf,
    }

"""The three questions, read from the address bar: nothing is kept on the server."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jurisdictions.emergency import emergency_numbers
from jurisdictions.models import Jurisdiction
from jurisdictions.platforms import WIZARD_CHOICES

from .answers import UNKNOWN, BadAnswer, GuideAnswers, read_answers
from .countries import country_names, search

MAX_QUERY_LENGTH = 60
# The wizard's questions in the order it asks them; changing one clears those after it.
QUESTIONS = ("home", "away", "part", "emergency")
UNKNOWN_COUNTRY = gettext_lazy("We do not know that country. Please choose it from the list.")
PROBLEMS = {
    "home": UNKNOWN_COUNTRY,
    "away": UNKNOWN_COUNTRY,
    "part": gettext_lazy("Please choose one of the options."),
    "emergency": gettext_lazy("Please answer yes or no."),
}


@dataclass
class Wizard:
    answers: GuideAnswers
    query: str = ""
    parts: list = field(default_factory=list)
    error: str = ""

    @property
    def home(self):
        return self.answers.home

    @property
    def away(self):
        return self.answers.away

    @property
    def part(self):
        return self.answers.part

    @property
    def step(self):
        if not self.home:
            return "home"
        if not self.away:
            return "away"
        if self.parts and not self.part:
            return "part"
        if self.answers.emergency is None:
            return "danger"
        return "done"

    @property
    def step_number(self):
        return {"home": 1, "away": 2, "part": 2}.get(self.step, 3)

    @property
    def home_name(self):
        return country_names().get(self.home, "")

    @property
    def away_name(self):
        return country_names().get(self.away, "") if self.away != UNKNOWN else _("I don't know")

    @property
    def part_name(self):
        if self.part == UNKNOWN:
            return _("I don't know")
        return next((p.name for p in self.parts if p.code == self.part), "")

    @property
    def emergency_numbers(self):
        return emergency_numbers(self.home) if self.home else None

    @property
    def has_states(self):
        return bool(self.parts) and self.parts[0].parent.has_states

    @property
    def match_choices(self):
        """(country name, address of the next step) for what was typed."""
        if not self.query:
            return []
        question = self.step if self.step in {"home", "away"} else "home"
        found = search(self.query, with_parts=question == "away")
        return [(place.name, self.url(**{question: place.code}, **({"part": place.part} if place.part else {}))) for place in found]

    @property
    def unknown_away_url(self):
        return self.url(away=UNKNOWN)

    @property
    def many_parts(self):
        return len(self.parts) > 6

    @property
    def part_choices(self):
        """The parts to choose from, and "I don't know": first when the list is long, so no one scrolls for it."""
        choices = [(part.name, self.url(part=part.code)) for part in self.parts]
        unknown = (_("I don't know"), self.url(part=UNKNOWN))
        return [unknown, *choices] if self.many_parts else [*choices, unknown]

    def url(self, **changes):
        """The wizard's address with some answers changed (None removes one, and those after it)."""
        params = self.answers.wizard_query()
        for name, value in changes.items():
            if value is None:
                for later in QUESTIONS[QUESTIONS.index(name):]:
                    params.pop(later, None)
            else:
                params[name] = value
        home_page = reverse("wizard")
        return f"{home_page}?{urlencode(params, doseq=True)}" if params else home_page

    def change_home_url(self):
        return self.url(home=None)

    def change_away_url(self):
        return self.url(away=None)

    def change_part_url(self):
        return self.url(part=None)

    def back_url(self):
        return {
            "away": self.url(home=None),
            "part": self.url(away=None),
            "danger": self.url(part=None) if self.parts else self.url(away=None),
        }.get(self.step, reverse("wizard"))

    def guide_url(self):
        return self.answers.guide_url()

    @property
    def platform_choices(self):
        return WIZARD_CHOICES


def wizard_url(answers):
    """The wizard at the question after these answers, to change them."""
    query = urlencode(answers.wizard_query())
    return reverse("wizard") + (f"?{query}" if query else "")


def _answered_up_to(params, question):
    """The parameters with `question` and every later one removed."""
    unanswered = QUESTIONS[QUESTIONS.index(question):]
    return {name: value for name, value in params.items() if name not in unanswered}


def read_wizard(params):
    """The wizard's state from GET parameters. An answer that is not valid is dropped,
    with those after it, and the question is asked again with a message."""
    error = ""
    try:
        answers = read_answers(params)
    except BadAnswer as bad:
        error = PROBLEMS[bad.what]
        answers = read_answers(_answered_up_to(params, bad.what))
    query = params.get("q", "")
    wizard = Wizard(answers=answers, query=query[:MAX_QUERY_LENGTH].strip() if isinstance(query, str) else "", error=error)
    if answers.away_known:
        wizard.parts = list(Jurisdiction.objects.filter(parent__code=answers.away).select_related("parent").order_by("name"))
    if wizard.part and wizard.part != UNKNOWN and not any(p.code == wizard.part for p in wizard.parts):
        wizard.error = PROBLEMS["part"]
        wizard.answers = read_answers(_answered_up_to(params, "part"))
    elif wizard.parts and not wizard.part and answers.emergency is not None:
        # Danger is asked after the nation or state: an answer that skipped it is asked again in order.
        wizard.answers = answers.changed(emergency=None)
    return wizard

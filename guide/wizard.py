"""The three questions, read from the address bar: nothing is kept on the server."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from jurisdictions.models import Jurisdiction

from .assembly import UNKNOWN
from .countries import country_names, search

MAX_LENGTH = 60


@dataclass
class Wizard:
    home: str = ""
    away: str = ""
    part: str = ""
    emergency: str = ""
    query: str = ""
    parts: list = field(default_factory=list)
    error: str = ""

    @property
    def step(self):
        if not self.home:
            return "home"
        if not self.away:
            return "away"
        if self.parts and not self.part:
            return "part"
        if not self.emergency:
            return "danger"
        return "done"

    @property
    def step_number(self):
        return {"home": 1, "away": 2, "part": 2, "danger": 3}.get(self.step, 3)

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
    def match_choices(self):
        """(country name, address of the next step) for what was typed."""
        if not self.query:
            return []
        field = self.step if self.step in {"home", "away"} else "home"
        return [(country.name, self.url(**{field: country.code})) for country in search(self.query)]

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
        answers = {"home": self.home, "away": self.away, "part": self.part, "emergency": self.emergency}
        order = ["home", "away", "part", "emergency"]
        for name, value in changes.items():
            if value is None:
                for later in order[order.index(name):]:
                    answers[later] = ""
            else:
                answers[name] = value
        query = urlencode({k: v for k, v in answers.items() if v})
        home_page = reverse("wizard")
        return f"{home_page}?{query}" if query else home_page

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
        url = reverse("guide", args=[self.home, self.away])
        params = {}
        if self.part and self.part != UNKNOWN:
            params["part"] = self.part
        if self.emergency == "yes":
            params["emergency"] = "1"
        return url + ("?" + urlencode(params) if params else "")


def read_answers(params):
    """The wizard's state from GET parameters; an answer that is not valid is dropped with a message."""
    def value(name):
        raw = params.get(name, "")
        return raw.strip().lower()[:MAX_LENGTH] if isinstance(raw, str) else ""

    wizard = Wizard(query=params.get("q", "")[:MAX_LENGTH].strip())
    names = country_names()
    home = value("home")
    if home:
        if home in names:
            wizard.home = home
        else:
            wizard.error = _("We do not know that country. Please choose it from the list.")
            return wizard
    away = value("away")
    if wizard.home and away:
        if away in names or away == UNKNOWN:
            wizard.away = away
        else:
            wizard.error = _("We do not know that country. Please choose it from the list.")
            return wizard
    if wizard.away and wizard.away != UNKNOWN:
        wizard.parts = list(Jurisdiction.objects.filter(parent__code=wizard.away).select_related("parent").order_by("name"))
    part = value("part")
    if wizard.parts and part:
        if part == UNKNOWN or any(p.code == part for p in wizard.parts):
            wizard.part = part
        else:
            wizard.error = _("Please choose one of the options.")
            return wizard
    emergency = value("emergency")
    if wizard.away and (wizard.part or not wizard.parts) and emergency:
        if emergency in {"yes", "no"}:
            wizard.emergency = emergency
        else:
            wizard.error = _("Please answer yes or no.")
    return wizard

"""The content behind every guide: jurisdictions, the agencies in them, how to reach
them, what a victim abroad can set in motion there, and how police of two countries
work together.

Every fact carries the official page it comes from and the day it was recorded
from that page; a reviewer who checks it against the page again is kept with the
day they did. Drafts and facts marked for review are never shown to victims.
"""

import datetime

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .names import country_name, name_in_sentence
from .validators import https_only, phone_to_e164


REVIEW_INTERVAL = datetime.timedelta(days=365)

# The content key of INTERPOL in the reference content (instruments.toml): the
# guide draws its police-to-police diagram from the route through it.
INTERPOL = "interpol"

# Texts translated in the admin (see translation.py). Proper names, citations,
# numbers and addresses are not translated.
TRANSLATED_TEXTS = {
    "Jurisdiction": ("how_to_report", "what_to_bring", "reference_name", "away_overview", "inbound_police_route", "advice"),
    "Agency": ("purpose",),
    "ContactChannel": ("label",),
    "Lever": ("title", "description", "court", "from_abroad"),
    "Offence": ("title", "description"),
    "EscalationStep": ("title", "description"),
    "Instrument": ("name", "description"),
    "CooperationRoute": ("title", "description"),
}


def history_of(model_name):
    """Edit history for a content model. The per-language copies of its texts are
    added after the history model is built, so they are left out of it; the
    history keeps the text in the language it was edited in."""
    return HistoricalRecords(
        excluded_fields=[f"{name}_{code}" for name in TRANSLATED_TEXTS.get(model_name, ()) for code, _ in settings.LANGUAGES]
    )


class TranslationApprovals(models.Model):
    """Which translations of a record's texts a reviewer has approved.

    Kept per language as a digest of the texts approved, so a translation edited
    after approval is shown as not yet reviewed again (see translated.py)."""

    translations_approved = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft (not shown to victims)")
    PUBLISHED = "published", _("Published")


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def drafts(self):
        return self.filter(status=Status.DRAFT)

    def overdue(self, today=None):
        """Facts whose review date has passed: someone should check them against the source again."""
        return self.filter(next_review__lt=today or datetime.date.today())

    def visible(self, preview=False):
        """What a victim sees, or with `preview` what they would see once every draft and
        pending change is published: drafts included, pending changes applied on fetching."""
        if not preview:
            return self.published()
        clone = self.all()
        clone.with_pending_changes = True
        return clone

    with_pending_changes = False

    def _clone(self):
        clone = super()._clone()
        clone.with_pending_changes = self.with_pending_changes
        return clone

    def _fetch_all(self):
        fetched = self._result_cache is not None
        super()._fetch_all()
        if self.with_pending_changes and not fetched and self._iterable_class is models.query.ModelIterable:
            from .publishing import apply_pending_changes

            self._result_cache = apply_pending_changes(self._result_cache)


class Sourced(TranslationApprovals):
    """What every fact shown to a victim needs: where it comes from and when it was checked."""

    source_url = models.URLField(
        _("official source"),
        max_length=500,
        validators=[https_only],
        help_text=_("The official page that states this fact (https only). Victims see it in small print."),
    )
    last_verified = models.DateField(
        _("recorded on"),
        help_text=_("The day this fact was recorded from the official source."),
    )
    next_review = models.DateField(
        _("next review"),
        null=True,
        blank=True,
        help_text=_("When this fact should be checked again. Left empty, a year after it was recorded."),
    )
    # Set only by a reviewer's "Mark as checked" action: victims are told a fact was
    # checked against its source only when someone accountable did so.
    checked_on = models.DateField(_("checked against the source on"), null=True, blank=True, editable=False)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PUBLISHED,
        help_text=_("Only published content is shown to victims."),
    )
    content_key = models.CharField(
        max_length=120,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="Identifies a record that came from the reference content files.",
    )
    loaded_values = models.JSONField(default=dict, blank=True, editable=False)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("change to"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.CASCADE,
        related_name="pending_changes",
        help_text="A draft change to a published record; publishing it updates that record.",
    )

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True



class Jurisdiction(TranslationApprovals):
    """A country, or a part of one where the law and the police differ (a UK nation, a US state)."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country or territory")
        NATION = "nation", _("Nation (UK)")
        STATE = "state", _("State or district (US)")

    class PartLabel(models.TextChoices):
        NATION = "nation", _("Nation (UK)")
        STATE = "state", _("State or district (US)")

    code = models.CharField(
        _("code"),
        max_length=10,
        unique=True,
        help_text=_("Lowercase ISO 3166 code: za, gb, us; parts: gb-sct, gb-eaw, gb-nir, us-ca."),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COUNTRY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )
    part_label = models.CharField(
        _("name of its parts"),
        max_length=30,
        blank=True,
        choices=PartLabel.choices,
        help_text=_("Where police and law differ by part, what a part is called (nation, state). Blank if the country is one jurisdiction."),
    )
    how_to_report = models.TextField(
        _("how reporting works here"),
        blank=True,
        help_text=_("For a victim who lives here: what happens when they report to the police and how they get the reference number."),
    )
    what_to_bring = models.TextField(
        _("what evidence to bring"),
        blank=True,
        help_text=_("The evidence the police here ask for."),
    )
    reference_name = models.CharField(
        _("name of the police reference"),
        max_length=80,
        blank=True,
        help_text=_("What the reference number is called here, e.g. “CAS number”."),
    )
    away_overview = models.TextField(
        _("overview for a victim abroad"),
        blank=True,
        help_text=_("For a victim in another country whose harasser is here: the main levers in one paragraph."),
    )
    inbound_police_route = models.TextField(
        _("how foreign police reach the police here"),
        blank=True,
        help_text=_("How a victim abroad gets the police here to act: which bureau receives the request and who investigates."),
    )
    advice = models.TextField(
        _("further advice for a victim abroad"),
        blank=True,
        help_text=_("What a victim abroad should know, and the order that works best."),
    )
    source_url = models.URLField(
        _("official source"),
        max_length=500,
        blank=True,
        validators=[https_only],
        help_text=_("The official page for the texts above. Required when any of them is filled in."),
    )
    last_verified = models.DateField(_("recorded on"), null=True, blank=True)
    content_key = models.CharField(max_length=120, unique=True, null=True, blank=True, editable=False)
    loaded_values = models.JSONField(default=dict, blank=True, editable=False)
    history = history_of("Jurisdiction")

    TEXT_FIELDS = ("how_to_report", "what_to_bring", "away_overview", "inbound_police_route", "advice")

    class Meta:
        ordering = ["name"]
        verbose_name = _("jurisdiction")
        permissions = [("publish_content", _("Can publish content to victims"))]

    def __str__(self):
        return self.name

    @property
    def local_name(self):
        """The name in the reader's language. Nations and states keep their own names."""
        return self.name if self.parent_id else country_name(self.name)

    @property
    def name_in_sentence(self):
        return self.name if self.parent_id else name_in_sentence(self.code, self.name)

    @property
    def has_states(self):
        return self.part_label == self.PartLabel.STATE

    @property
    def country_code(self):
        """The ISO 3166-1 alpha-2 code of the country this is, or is part of."""
        return self.code.split("-")[0]

    def clean(self):
        if any(getattr(self, name) for name in self.TEXT_FIELDS) and not (self.source_url and self.last_verified):
            raise ValidationError(
                _("Give the official source and the date you verified it: the texts on this page are shown to victims only with a source.")
            )
        if self.parent_id and self.parent.code != self.country_code:
            raise ValidationError({"parent": _("A part must belong to the country in its code.")})
        if "-" not in self.code and pycountry.countries.get(alpha_2=self.code.upper()) is None:
            raise ValidationError({"code": _("“%(code)s” is not an ISO 3166-1 country code.") % {"code": self.code}})
        if "-" in self.code and not self.parent_id:
            raise ValidationError({"parent": _("A part (a code with a dash) needs the country it is part of.")})


class Agency(Sourced):
    """A body a victim can use, or that acts for them behind the scenes (an INTERPOL bureau)."""

    class Kind(models.TextChoices):
        POLICE = "police", _("Police")
        SPECIALISED_UNIT = "unit", _("Specialised police unit")
        NCB = "ncb", _("INTERPOL National Central Bureau")
        REGULATOR = "regulator", _("Regulator")
        TIP_LINE = "tipline", _("Tip line")
        COURT = "court", _("Court")
        PROSECUTOR = "prosecutor", _("Prosecutor")
        CENTRAL_AUTHORITY = "central", _("Central authority for legal assistance")
        FEDERAL_AGENCY = "federal", _("Federal agency")
        VICTIM_SUPPORT = "support", _("Victim support")

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="agencies")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    purpose = models.TextField(
        _("what it does for a victim"),
        help_text=_("Plain words: what this body does for someone harassed online, and when to use it."),
    )
    public_can_contact = models.BooleanField(
        _("the public can contact it directly"),
        default=True,
        help_text=_("Untick for bodies reached only police-to-police, such as an INTERPOL bureau. Their channels are then not shown to victims."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100, help_text=_("Lower numbers are shown first."))
    history = history_of("Agency")

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name


class ContactChannel(Sourced):
    """One way to reach an agency, shown exactly as the agency publishes it."""

    class Kind(models.TextChoices):
        EMERGENCY = "emergency", _("Emergency number")
        PHONE = "phone", _("Phone")
        TOLL_FREE = "tollfree", _("Toll-free phone")
        WEB = "web", _("Website or online form")
        EMAIL = "email", _("Email")
        APP = "app", _("App")
        IN_PERSON = "inperson", _("In person")

    PHONE_KINDS = {Kind.EMERGENCY, Kind.PHONE, Kind.TOLL_FREE}

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="channels")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    label = models.CharField(
        _("label"), max_length=120, blank=True, help_text=_("e.g. “Enquiries”, “Head Office switchboard”, “Complaint portal”.")
    )
    value = models.CharField(
        _("number, address or link"),
        max_length=300,
        help_text=_("Exactly as the agency publishes it (e.g. 0800 017 160): victims compare it with posters and official pages."),
    )
    dial = models.CharField(
        _("number to dial (E.164)"),
        max_length=20,
        blank=True,
        editable=False,
        help_text="Worked out from the number as published; used for tap-to-call links.",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = history_of("ContactChannel")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("contact channel")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    @property
    def is_phone(self):
        return self.kind in self.PHONE_KINDS

    @property
    def href(self):
        if self.is_phone:
            return f"tel:{self.dial}"
        if self.kind == self.Kind.EMAIL:
            return f"mailto:{self.value}"
        if self.value.startswith("https://"):
            return self.value
        return ""

    def clean(self):
        value = (self.value or "").strip()
        self.value = value
        if self.is_phone:
            if self.agency_id is None:
                return
            self.dial = phone_to_e164(value, self.agency.jurisdiction.country_code)
        else:
            self.dial = ""
            if self.kind in {self.Kind.WEB, self.Kind.APP}:
                try:
                    https_only(value)
                except ValidationError as error:
                    raise ValidationError({"value": error.messages}) from None
            elif self.kind == self.Kind.EMAIL:
                try:
                    validate_email(value)
                except ValidationError:
                    raise ValidationError({"value": _("“%(value)s” is not an email address.") % {"value": value}}) from None


# The 27 member states of the European Union
# (https://european-union.europa.eu/principles-countries-history/eu-countries_en).
EU_MEMBER_STATES = frozenset(
    "at be bg hr cy cz dk ee fi fr de gr hu ie it lv lt lu mt nl pl pt ro sk si es se".split()
)


class Lever(Sourced):
    """Something a victim abroad can set in motion in this jurisdiction."""

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("Platform reporting and removal")
        PROTECTIVE_ORDER = "order", _("Protective order")
        REGULATOR = "regulator", _("Regulator")
        FEDERAL = "federal", _("Federal complaint or case")
        POLICE = "police", _("Police")

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="levers")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what it does and how to start it"))
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.SET_NULL, related_name="levers"
    )
    # A protective order names the law that creates it and who makes it.
    citation = models.CharField(
        _("statute citation"), max_length=200, blank=True, help_text=_("For an order: the law that creates it, e.g. Cal. Code of Civil Procedure § 527.6.")
    )
    law_url = models.URLField(
        _("official text of the law"),
        max_length=500,
        blank=True,
        validators=[https_only],
        help_text=_("For an order: the statute on an official site."),
    )
    court = models.CharField(_("court or body that makes it"), max_length=300, blank=True)
    from_abroad = models.TextField(
        _("applying from outside"),
        blank=True,
        help_text=_("Whether someone living outside this place can apply and how (e-filing, remote hearings), and how the order is served, as the court or the law says."),
    )
    only_for_eu_homes = models.BooleanField(
        _("only for victims living in the EU"),
        default=False,
        help_text=_("Tick for levers that only people living in an EU member state can use, such as a Digital Services Act complaint."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = history_of("Lever")

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("lever")

    def __str__(self):
        return self.title

    def clean(self):
        # Where orders differ by part (US states, UK nations), the country's own order
        # lever points to its parts; every other order names its law.
        if self.kind == self.Kind.PROTECTIVE_ORDER and self.jurisdiction_id and not self.jurisdiction.part_label:
            missing = {
                name: _("A protective order names the law that creates it and links to its official text.")
                for name in ("citation", "law_url")
                if not getattr(self, name)
            }
            if missing:
                raise ValidationError(missing)

    def open_to(self, home_code):
        """Whether a victim living in `home_code` (a country code) can use this lever."""
        return not self.only_for_eu_homes or home_code in EU_MEMBER_STATES


class Offence(Sourced):
    """An offence a victim can name in a report, with the law that creates it."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="offences")
    title = models.CharField(_("offence"), max_length=200)
    citation = models.CharField(_("statute citation"), max_length=200, help_text=_("e.g. Cybercrimes Act 19 of 2020, section 15."))
    official_url = models.URLField(
        _("official text of the law"), max_length=500, validators=[https_only], help_text=_("Link to the statute on an official site.")
    )
    conduct = models.CharField(
        _("conduct covered"),
        max_length=200,
        help_text=_("In victims' words: harassment, stalking, threats, doxxing, image-based abuse, impersonation."),
    )
    description = models.TextField(_("what it covers"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = history_of("Offence")

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("offence")

    def __str__(self):
        return f"{self.title} ({self.citation})"


class EscalationStep(Sourced):
    """One rung of the ladder to climb when a report stalls."""

    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="escalation_steps")
    order = models.PositiveSmallIntegerField(_("order"), help_text=_("1 is the first step."))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what to do"))
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.SET_NULL)
    history = history_of("EscalationStep")

    class Meta:
        ordering = ["order"]
        verbose_name = _("escalation step")

    def __str__(self):
        return f"{self.order}. {self.title}"


class Purpose(models.TextChoices):
    LOCATE = "locate", _("Locating and identifying the person")
    PRESERVE = "preserve", _("Preserving evidence quickly")
    COMPEL = "compel", _("Compelling platform data and evidence")
    PROSECUTE = "prosecute", _("Prosecution")
    PROTECT = "protect", _("Protecting you across the border")


class StartedBy(models.TextChoices):
    INVESTIGATING_OFFICER = "officer", _("Your investigating officer")
    PROSECUTOR = "prosecutor", _("The prosecutor")
    CENTRAL_AUTHORITY = "central", _("The central authority (justice ministry)")
    YOU = "you", _("You, through the court or authority that made your order")


class Instrument(Sourced):
    """A way police or prosecutors of two jurisdictions work together: INTERPOL, a treaty, a scheme."""

    class Kind(models.TextChoices):
        MULTILATERAL = "multi", _("Multilateral: applies between any two members")
        BILATERAL = "bilateral", _("Bilateral: applies between the anchor and each partner")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    anchor = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("anchor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="anchored_instruments",
        help_text=_("For bilateral treaties kept as one record per country (e.g. US MLATs): that country."),
    )
    purpose = models.CharField(_("what it is for"), max_length=10, choices=Purpose.choices)
    started_by = models.CharField(_("who starts it"), max_length=10, choices=StartedBy.choices)
    description = models.TextField(_("what it means for a victim"))
    uses_ncb = models.BooleanField(_("runs bureau to bureau (INTERPOL NCBs)"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = history_of("Instrument")

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("instrument")

    def __str__(self):
        return self.short_name


class Membership(Sourced):
    """A jurisdiction's part in an instrument."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member or party")
        SUB_BUREAU = "subbureau", _("Territory with a sub-bureau (routes through its country's NCB)")

    class Standing(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        SUSPENDED = "suspended", _("Suspended")
        NOT_IN_FORCE = "not_in_force", _("Signed, not in force")

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="memberships")
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    # An agreement that is suspended or not in force is never offered as a route.
    standing = models.CharField(
        _("standing"),
        max_length=12,
        choices=Standing.choices,
        default=Standing.IN_FORCE,
        help_text=_("Only an agreement in force is offered to victims as a route; a suspended one is shown as suspended."),
    )
    routes_through = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("routes through the bureau of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a territory with an INTERPOL sub-bureau: the country whose National Central Bureau carries its requests."),
    )
    history = history_of("Membership")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument", "jurisdiction"], name="one_membership_per_instrument")]
        verbose_name = _("membership")

    def __str__(self):
        return f"{self.jurisdiction} in {self.instrument}"


class CooperationRoute(Sourced):
    """A route written for a pair (or for anyone abroad, when home is blank).

    It is added to the routes derived from memberships; with "replaces derived" it
    takes the place of the derived route through the same instrument.
    """

    home = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("victim's country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outbound_routes",
        help_text=_("Blank: applies to victims in any other country."),
    )
    away = models.ForeignKey(
        Jurisdiction, verbose_name=_("harasser's country"), on_delete=models.PROTECT, related_name="inbound_routes"
    )
    instrument = models.ForeignKey(Instrument, null=True, blank=True, on_delete=models.PROTECT, related_name="routes")
    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(_("what it is for"), max_length=10, choices=Purpose.choices)
    started_by = models.CharField(_("who starts it"), max_length=10, choices=StartedBy.choices)
    description = models.TextField(_("how it works"))
    away_agency = models.ForeignKey(
        Agency, verbose_name=_("receiving agency"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replaces_derived = models.BooleanField(_("replaces the derived route through the same instrument"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    history = history_of("CooperationRoute")

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("cooperation route")

    def __str__(self):
        return f"{self.title} → {self.away}"


# Platforms -------------------------------------------------------------------
# Where the abuse happens, and the official pages a victim and an investigating
# officer use there. Kept apart from jurisdictions: a platform's pages are the same
# whichever two countries the victim and the harasser are in.


class Platform(Sourced):
    """A service where abuse happens (Facebook, Telegram…), a general channel (email,
    phone or SMS, another site or app) or a service that removes intimate images.

    `source_url` is the page that states who runs the service and how police reach
    it; each page below is an official page of the platform itself.
    """

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("Platform")
        CHANNEL = "channel", _("General channel (email, phone, another site or app)")
        SERVICE = "service", _("Intimate-image removal service")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PLATFORM)
    slug = models.SlugField(
        _("slug"), max_length=40, help_text=_("Used in guide addresses (?platform=facebook): never change it once published.")
    )
    name = models.CharField(_("name"), max_length=100)
    operator = models.CharField(_("company that runs it"), max_length=200, blank=True)
    operator_by_region = models.CharField(
        _("which company serves which region"),
        max_length=300,
        blank=True,
        help_text=_("Only where the platform says so, e.g. a separate company for users in Europe."),
    )
    guidance = models.TextField(
        _("what a victim can do"),
        blank=True,
        help_text=_("For general channels and removal services: plain words on what to do, as the source states it."),
    )
    report_harassment_url = models.URLField(_("report harassment or threats"), max_length=500, blank=True, validators=[https_only])
    report_intimate_images_url = models.URLField(
        _("report intimate images shared without consent"), max_length=500, blank=True, validators=[https_only]
    )
    report_impersonation_url = models.URLField(_("report impersonation"), max_length=500, blank=True, validators=[https_only])
    download_data_url = models.URLField(
        _("download your own data (as evidence)"), max_length=500, blank=True, validators=[https_only]
    )
    law_enforcement_url = models.URLField(
        _("law-enforcement portal or guidelines"),
        max_length=500,
        blank=True,
        validators=[https_only],
        help_text=_("What an investigating officer uses to request data. Left empty, say why in the note below."),
    )
    emergency_disclosure_url = models.URLField(
        _("emergency disclosure route"),
        max_length=500,
        blank=True,
        validators=[https_only],
        help_text=_("Where police ask for data at once when a life is in danger."),
    )
    law_enforcement_note = models.TextField(
        _("note on law enforcement"),
        blank=True,
        help_text=_("Required when there is no official law-enforcement channel: what is known, and where the platform states it."),
    )
    retention_text = models.TextField(
        _("retention or preservation period, as stated"),
        blank=True,
        help_text=_("e.g. “Records are preserved for 90 days on a preservation request.”"),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("retention or preservation period in days"), null=True, blank=True, help_text=_("Only if the platform states a number.")
    )
    retention_source_url = models.URLField(
        _("source of the retention period"), max_length=500, blank=True, validators=[https_only]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100, help_text=_("Lower numbers are shown first."))
    history = history_of("Platform")

    PAGE_FIELDS = (
        "report_harassment_url",
        "report_intimate_images_url",
        "report_impersonation_url",
        "download_data_url",
        "law_enforcement_url",
        "emergency_disclosure_url",
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("platform")
        # A drafted change is a second row with the same slug (see publishing.py).
        constraints = [
            models.UniqueConstraint(fields=["slug"], condition=models.Q(replaces=None), name="one_live_platform_per_slug")
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if self.kind == self.Kind.PLATFORM and not self.law_enforcement_url and not self.law_enforcement_note.strip():
            errors["law_enforcement_note"] = _(
                "Without a law-enforcement portal or guidelines, say what is known about how police reach this platform, and where it says so."
            )
        if (self.retention_text.strip() or self.retention_days is not None) and not self.retention_source_url:
            errors["retention_source_url"] = _("Give the official page that states the retention or preservation period.")
        if errors:
            raise ValidationError(errors)


# The facts that carry a source, a review date and a publishing status: what editors
# draft, reviewers publish, and the freshness reports watch.
REVIEWED_FACTS = [Agency, ContactChannel, Lever, Offence, EscalationStep, Instrument, Membership, CooperationRoute, Platform]

# Everything the guide is built from; a change to any of it changes what victims see.
CONTENT_MODELS = [Jurisdiction, *REVIEWED_FACTS]


# ---------------------------------------------------------------------------
# Review: an editor's change to a live record is kept as a revision of it, and
# the live record stays as it is until a reviewer publishes (see publishing.py).


class Revision(models.Model):
    """A pending (or, once reviewed, published) change to one live content record.

    A change to an agency is one revision for the agency and one for each of its
    changed or removed contact channels, grouped under the agency's: they are
    reviewed and published together. New records are drafts, not revisions."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    group = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="parts",
        help_text="The revision of the record this one hangs from (a contact channel's agency).",
    )
    label = models.CharField(_("record"), max_length=300)
    values = models.JSONField(_("changed values"), default=dict, encoder=DjangoJSONEncoder)
    remove = models.BooleanField(_("removes the record"), default=False)
    note = models.TextField(_("note"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    drafted_at = models.DateTimeField(_("drafted"), auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["-drafted_at"]
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], condition=models.Q(state="pending"), name="one_pending_change_per_record"
            )
        ]

    def __str__(self):
        return self.label

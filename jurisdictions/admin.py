import datetime

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from . import publishing
from .resources import AgencyResource, ContactChannelResource

from .models import (
    Agency,
    ContactChannel,
    CooperationRoute,
    EscalationStep,
    Instrument,
    Jurisdiction,
    Lever,
    Membership,
    Offence,
    Platform,
    Status,
)

admin.site.site_header = _("Cross-border harassment guide: content")
admin.site.site_title = _("Guide content")
admin.site.index_title = _("Keep agencies, contacts and routes correct")

def preview_code(record):
    """The jurisdiction whose guide shows this record, for the preview link."""
    for path in ("jurisdiction", "agency.jurisdiction", "away"):
        target = record
        for step in path.split("."):
            target = getattr(target, step, None)
        if target is not None:
            return target.code
    return None


FACT_FIELDS = (_("Source and review"), {
    "fields": ("source_url", "last_verified", "next_review", "status", "preview_link"),
    "description": _(
        "Every fact shown to victims needs its official source and the date you checked it. "
        "Editors save drafts; a reviewer publishes them. To change something victims already see, "
        "use “Draft a change” in the list: the published version stays live until the change is published."
    ),
})


class FreshnessFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue for review")),
            ("soon", _("Due within 30 days")),
            ("pending", _("Has a drafted change")),
            ("drafts", _("Drafts")),
        ]

    def queryset(self, request, queryset):
        today = datetime.date.today()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "soon":
            return queryset.filter(next_review__gte=today, next_review__lt=today + datetime.timedelta(days=30))
        if self.value() == "pending":
            return queryset.filter(pending_changes__isnull=False).distinct()
        if self.value() == "drafts":
            return queryset.drafts()
        return queryset


class ReviewWorkflowAdmin(SimpleHistoryAdmin):
    """Editors draft; reviewers (the publish permission) publish. Published records change only through review."""

    actions = ["draft_a_change", "publish_selected", "mark_verified_today"]
    readonly_fields = ("change_to", "preview_link")

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        code = preview_code(obj)
        if not code:
            return "—"
        return format_html('<a href="{}?preview=1">{}</a>', reverse("country", args=[code]), _("See the country guide with drafts included"))

    @admin.display(description=_("change to"))
    def change_to(self, obj):
        if obj is None or obj.replaces_id is None:
            return "—"
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.replaces_id])
        return format_html('<a href="{}">{}</a>', url, obj.replaces)

    def _is_locked(self, request, obj):
        return obj is not None and obj.status == Status.PUBLISHED and not publishing.can_publish(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if publishing.can_publish(request.user) else fields + ["status"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._is_locked(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._is_locked(request, obj)

    def save_model(self, request, obj, form, change):
        if not change and not publishing.can_publish(request.user):
            obj.status = Status.DRAFT
        super().save_model(request, obj, form, change)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not publishing.can_publish(request.user):
            actions.pop("publish_selected", None)
            actions.pop("mark_verified_today", None)
        return actions

    @admin.action(description=_("Draft a change to the selected records"))
    def draft_a_change(self, request, queryset):
        drafts = [publishing.draft_change(record) for record in queryset]
        if len(drafts) == 1:
            draft = drafts[0]
            return redirect(reverse(f"admin:{draft._meta.app_label}_{draft._meta.model_name}_change", args=[draft.pk]))
        self.message_user(request, ngettext("%d draft ready to edit.", "%d drafts ready to edit.", len(drafts)) % len(drafts))

    @admin.action(description=_("Publish the selected drafts"))
    def publish_selected(self, request, queryset):
        if not publishing.can_publish(request.user):
            self.message_user(request, _("Only content reviewers can publish."), messages.ERROR)
            return
        published = [publishing.publish(record) for record in queryset.exclude(status=Status.PUBLISHED, replaces=None)]
        self.message_user(request, ngettext("%d record published.", "%d records published.", len(published)) % len(published))

    @admin.action(description=_("Mark as checked against the source today"))
    def mark_verified_today(self, request, queryset):
        for record in queryset:
            publishing.mark_verified(record, request.user)
        self.message_user(request, _("Marked as checked against the source today, in your name; next review in a year."))


class SourcedAdmin(ReviewWorkflowAdmin, TranslationAdmin):
    list_filter = (FreshnessFilter, "status", "jurisdiction__kind")
    search_fields = ("jurisdiction__name", "jurisdiction__code")
    list_select_related = ("jurisdiction",)
    autocomplete_fields = ("jurisdiction",)


class ContactChannelInline(TranslationTabularInline):
    model = ContactChannel
    extra = 1
    fields = ("kind", "label", "value", "order", "source_url", "last_verified", "status")
    fk_name = "agency"

    def _parent_locked(self, request, obj):
        return obj is not None and obj.status == Status.PUBLISHED and not publishing.can_publish(request.user)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(replaces=None)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._parent_locked(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._parent_locked(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._parent_locked(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return () if publishing.can_publish(request.user) else ("status",)


@admin.register(Jurisdiction)
class JurisdictionAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ("name", "code", "kind", "parent", "last_verified")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    fieldsets = (
        (None, {"fields": ("code", "name", "kind", "parent", "part_label")}),
        (_("For a victim who lives here"), {"fields": ("reference_name", "how_to_report", "what_to_bring")}),
        (_("For a victim abroad whose harasser is here"), {"fields": ("away_overview", "inbound_police_route", "advice")}),
        (_("Source of the texts above"), {"fields": ("source_url", "last_verified")}),
    )


@admin.register(Agency)
class AgencyAdmin(ImportExportMixin, SourcedAdmin):
    resource_classes = [AgencyResource]
    list_display = ("name", "jurisdiction", "kind", "public_can_contact", "status", "last_verified", "next_review")
    list_filter = (FreshnessFilter, "kind", "status", "public_can_contact", "jurisdiction__kind")
    search_fields = ("name", "purpose", "jurisdiction__name", "jurisdiction__code")
    inlines = [ContactChannelInline]
    fieldsets = (
        (None, {"fields": ("change_to", "jurisdiction", "name", "kind", "purpose", "public_can_contact", "address", "order")}),
        FACT_FIELDS,
    )


@admin.register(ContactChannel)
class ContactChannelAdmin(ImportExportMixin, ReviewWorkflowAdmin, TranslationAdmin):
    resource_classes = [ContactChannelResource]
    list_display = ("value", "kind", "label", "agency", "status", "last_verified", "next_review")
    list_filter = (FreshnessFilter, "kind", "status")
    search_fields = ("value", "label", "agency__name", "agency__jurisdiction__code")
    list_select_related = ("agency",)
    autocomplete_fields = ("agency",)
    readonly_fields = ("dial", "change_to", "preview_link")
    fieldsets = (
        (None, {"fields": ("change_to", "agency", "kind", "label", "value", "dial", "order")}),
        FACT_FIELDS,
    )


@admin.register(Lever)
class LeverAdmin(SourcedAdmin):
    list_display = ("title", "jurisdiction", "kind", "status", "last_verified", "next_review")
    list_filter = (FreshnessFilter, "kind", "status")
    search_fields = ("title", "description", "jurisdiction__name", "jurisdiction__code")
    autocomplete_fields = ("jurisdiction", "agency")
    fieldsets = ((None, {"fields": ("change_to", "jurisdiction", "kind", "title", "description", "agency", "order")}), FACT_FIELDS)


@admin.register(Offence)
class OffenceAdmin(SourcedAdmin):
    list_display = ("title", "citation", "jurisdiction", "status", "last_verified", "next_review")
    search_fields = ("title", "citation", "conduct", "jurisdiction__name", "jurisdiction__code")
    fieldsets = (
        (None, {"fields": ("change_to", "jurisdiction", "title", "citation", "official_url", "conduct", "description", "order")}),
        FACT_FIELDS,
    )


@admin.register(EscalationStep)
class EscalationStepAdmin(SourcedAdmin):
    list_display = ("order", "title", "jurisdiction", "status", "last_verified", "next_review")
    autocomplete_fields = ("jurisdiction", "agency")
    fieldsets = ((None, {"fields": ("change_to", "jurisdiction", "order", "title", "description", "agency")}), FACT_FIELDS)


@admin.register(Instrument)
class InstrumentAdmin(ReviewWorkflowAdmin, TranslationAdmin):
    list_display = ("short_name", "name", "kind", "purpose", "status", "last_verified", "next_review")
    list_filter = (FreshnessFilter, "kind", "purpose", "status")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("anchor",)
    fieldsets = (
        (None, {"fields": ("change_to", "name", "short_name", "kind", "anchor", "purpose", "started_by", "uses_ncb", "description", "order")}),
        FACT_FIELDS,
    )


@admin.register(Membership)
class MembershipAdmin(ReviewWorkflowAdmin):
    list_display = ("jurisdiction", "instrument", "role", "status", "last_verified", "next_review")
    list_filter = (FreshnessFilter, "instrument", "role", "status")
    search_fields = ("jurisdiction__name", "jurisdiction__code")
    list_select_related = ("jurisdiction", "instrument")
    autocomplete_fields = ("jurisdiction",)
    fieldsets = ((None, {"fields": ("change_to", "instrument", "jurisdiction", "role")}), FACT_FIELDS)


@admin.register(CooperationRoute)
class CooperationRouteAdmin(ReviewWorkflowAdmin, TranslationAdmin):
    list_display = ("title", "home", "away", "instrument", "status", "last_verified", "next_review")
    list_filter = (FreshnessFilter, "purpose", "status", "instrument")
    search_fields = ("title", "away__name", "away__code", "home__name", "home__code")
    list_select_related = ("home", "away", "instrument")
    autocomplete_fields = ("home", "away", "away_agency")
    fieldsets = (
        (None, {"fields": ("change_to", "home", "away", "instrument", "title", "purpose", "started_by", "description", "away_agency", "replaces_derived", "order")}),
        FACT_FIELDS,
    )


@admin.register(Platform)
class PlatformAdmin(ReviewWorkflowAdmin):
    list_display = ("name", "slug", "kind", "law_enforcement_url", "retention_days", "status", "last_verified", "next_review")
    list_filter = (FreshnessFilter, "kind", "status")
    search_fields = ("name", "slug", "operator")
    fieldsets = (
        (None, {"fields": ("change_to", "kind", "slug", "name", "operator", "operator_by_region", "guidance", "order")}),
        (_("Pages for a victim"), {"fields": ("report_harassment_url", "report_intimate_images_url", "report_impersonation_url", "download_data_url")}),
        (_("For the investigating officer"), {"fields": ("law_enforcement_url", "emergency_disclosure_url", "law_enforcement_note")}),
        (_("How long the platform keeps or preserves data"), {"fields": ("retention_text", "retention_days", "retention_source_url")}),
        FACT_FIELDS,
    )

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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
)

admin.site.site_header = _("Cross-border harassment guide: content")
admin.site.site_title = _("Guide content")
admin.site.index_title = _("Keep agencies, contacts and routes correct")

FACT_FIELDS = (_("Source"), {
    "fields": ("source_url", "last_verified", "status"),
    "description": _("Every fact shown to victims needs its official source and the date you checked it."),
})


class SourcedAdmin(SimpleHistoryAdmin):
    list_filter = ("status", "last_verified")
    search_fields = ("jurisdiction__name", "jurisdiction__code")
    list_select_related = ("jurisdiction",)
    autocomplete_fields = ("jurisdiction",)


class ContactChannelInline(admin.TabularInline):
    model = ContactChannel
    extra = 1
    fields = ("kind", "label", "value", "order", "source_url", "last_verified", "status")


@admin.register(Jurisdiction)
class JurisdictionAdmin(SimpleHistoryAdmin):
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
class AgencyAdmin(SourcedAdmin):
    list_display = ("name", "jurisdiction", "kind", "public_can_contact", "status", "last_verified")
    list_filter = ("kind", "status", "public_can_contact", "jurisdiction__kind", "last_verified")
    search_fields = ("name", "purpose", "jurisdiction__name", "jurisdiction__code")
    inlines = [ContactChannelInline]
    fieldsets = (
        (None, {"fields": ("jurisdiction", "name", "kind", "purpose", "public_can_contact", "address", "order")}),
        FACT_FIELDS,
    )


@admin.register(ContactChannel)
class ContactChannelAdmin(SimpleHistoryAdmin):
    list_display = ("value", "kind", "label", "agency", "status", "last_verified")
    list_filter = ("kind", "status", "last_verified")
    search_fields = ("value", "label", "agency__name", "agency__jurisdiction__code")
    list_select_related = ("agency",)
    autocomplete_fields = ("agency",)
    readonly_fields = ("dial",)
    fieldsets = (
        (None, {"fields": ("agency", "kind", "label", "value", "dial", "order")}),
        FACT_FIELDS,
    )


@admin.register(Lever)
class LeverAdmin(SourcedAdmin):
    list_display = ("title", "jurisdiction", "kind", "status", "last_verified")
    list_filter = ("kind", "status", "last_verified")
    search_fields = ("title", "description", "jurisdiction__name", "jurisdiction__code")
    autocomplete_fields = ("jurisdiction", "agency")
    fieldsets = ((None, {"fields": ("jurisdiction", "kind", "title", "description", "agency", "order")}), FACT_FIELDS)


@admin.register(Offence)
class OffenceAdmin(SourcedAdmin):
    list_display = ("title", "citation", "jurisdiction", "status", "last_verified")
    search_fields = ("title", "citation", "conduct", "jurisdiction__name", "jurisdiction__code")
    fieldsets = (
        (None, {"fields": ("jurisdiction", "title", "citation", "official_url", "conduct", "description", "order")}),
        FACT_FIELDS,
    )


@admin.register(EscalationStep)
class EscalationStepAdmin(SourcedAdmin):
    list_display = ("order", "title", "jurisdiction", "status", "last_verified")
    autocomplete_fields = ("jurisdiction", "agency")
    fieldsets = ((None, {"fields": ("jurisdiction", "order", "title", "description", "agency")}), FACT_FIELDS)


@admin.register(Instrument)
class InstrumentAdmin(SimpleHistoryAdmin):
    list_display = ("short_name", "name", "kind", "purpose", "status", "last_verified")
    list_filter = ("kind", "purpose", "status")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("anchor",)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "kind", "anchor", "purpose", "started_by", "uses_ncb", "description", "order")}),
        FACT_FIELDS,
    )


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ("jurisdiction", "instrument", "role", "status", "last_verified")
    list_filter = ("instrument", "role", "status")
    search_fields = ("jurisdiction__name", "jurisdiction__code")
    list_select_related = ("jurisdiction", "instrument")
    autocomplete_fields = ("jurisdiction",)
    fieldsets = ((None, {"fields": ("instrument", "jurisdiction", "role")}), FACT_FIELDS)


@admin.register(CooperationRoute)
class CooperationRouteAdmin(SimpleHistoryAdmin):
    list_display = ("title", "home", "away", "instrument", "status", "last_verified")
    list_filter = ("purpose", "status", "instrument")
    search_fields = ("title", "away__name", "away__code", "home__name", "home__code")
    list_select_related = ("home", "away", "instrument")
    autocomplete_fields = ("home", "away", "away_agency")
    fieldsets = (
        (None, {"fields": ("home", "away", "instrument", "title", "purpose", "started_by", "description", "away_agency", "replaces_derived", "order")}),
        FACT_FIELDS,
    )

import datetime

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, JSON, XLSX
from import_export.forms import ImportForm
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from . import publishing, versioning
from .translated import approval_of, has_translation, is_approved
from .resources import MAX_IMPORT_BYTES, AgencyResource, ContactChannelResource

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
    TRANSLATED_TEXTS,
    Revision,
    Status,
)
admin.site.site_header = _("Cross-border harassment guide: content")
admin.site.site_title = _("Guide content")
admin.site.index_title = _("Keep agencies, contacts and routes correct")

def preview_code(record):
    """The jurisdiction whose guide shows this record, for the preview link."""
    if isinstance(record, Jurisdiction):
        return record.code
    for path in ("jurisdiction", "agency.jurisdiction", "away"):
        target = record
        for step in path.split("."):
            target = getattr(target, step, None)
        if target is not None:
            return target.code
    return None


FACT_FIELDS = (_("Source and review"), {
    "fields": ("source_url", "last_verified", "next_review", "status", "preview_link", "translation_reviews"),
    "description": _(
        "Every fact shown to victims needs its official source and the date you checked it. "
        "Victims see the published version: what you save here waits, contact channels included, "
        "until a reviewer compares it and publishes it."
    ),
})


class FreshnessFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", _("Overdue for review")),
            ("soon", _("Due within 30 days")),
            ("pending", _("Has a pending change")),
            ("drafts", _("Drafts")),
        ]

    def queryset(self, request, queryset):
        today = datetime.date.today()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "soon":
            return queryset.filter(next_review__gte=today, next_review__lt=today + datetime.timedelta(days=30))
        if self.value() == "pending":
            pending = Revision.objects.filter(
                content_type__app_label=queryset.model._meta.app_label,
                content_type__model=queryset.model._meta.model_name,
                state=Revision.State.PENDING,
            )
            return queryset.filter(pk__in=pending.values("object_id"))
        if self.value() == "drafts":
            return queryset.drafts()
        return queryset


def publishing_now(request):
    return "_publish" in request.POST and publishing.can_publish(request.user)


class PendingChildrenFormSet(BaseInlineFormSet):
    """The children as they will be once the parent's pending change is published."""

    def get_queryset(self):
        if not hasattr(self, "_queryset"):
            self._queryset = publishing.apply_pending_changes(list(super().get_queryset()))
        return self._queryset


class ReviewAdmin(SimpleHistoryAdmin):
    """Every change to a live record waits for a reviewer; only publishing changes what victims see.

    The change form shows the record as it will be (its pending change applied,
    children included); saving keeps the form as the pending change, and a
    reviewer's Publish button makes it live. Reverting to an older version from
    the history is a pending change like any other."""

    change_form_template = "admin/jurisdictions/review_change_form.html"
    actions = ["publish_selected", "mark_verified_today"]
    readonly_fields = ("preview_link", "translation_reviews")
    # Fields only reviewers may change.
    reviewer_fields = ("status",)

    @admin.display(description=_("preview"))
    def preview_link(self, obj):
        code = preview_code(obj) if obj is not None else None
        if not code:
            return "—"
        return format_html('<a href="{}?preview=1">{}</a>', reverse("country", args=[code]), _("See the country guide with pending changes included"))

    @admin.display(description=_("translations reviewed"))
    def translation_reviews(self, obj):
        if obj is None or type(obj).__name__ not in TRANSLATED_TEXTS:
            return "—"
        rows = []
        for code, name in settings.LANGUAGES:
            if code == settings.LANGUAGE_CODE or not has_translation(obj, code):
                continue
            if is_approved(obj, code):
                state = _("approved by %(by)s on %(on)s") % approval_of(obj, code)
            else:
                state = _("not yet reviewed: victims see it marked so")
            rows.append((name, state))
        return format_html_join(mark_safe("<br>"), "{}: {}", rows) if rows else _("No translations yet.")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if publishing.can_publish(request.user) else fields + list(self.reviewer_fields)

    def has_delete_permission(self, request, obj=None):
        locked = obj is not None and publishing.is_live(obj) and not publishing.can_publish(request.user)
        return super().has_delete_permission(request, obj) and not locked

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        revision = publishing.pending_revision(obj) if obj is not None and getattr(request, "review_form", False) else None
        return publishing.apply(obj, revision.values) if revision else obj

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request.review_form = True
        context = dict(extra_context or {})
        live = None
        if object_id:
            try:
                live = self.model.objects.filter(pk=unquote(object_id)).first()
            except (ValueError, ValidationError):
                live = None
        revision = publishing.pending_revision(live) if live is not None else None
        context.update(
            pending=revision,
            differences=publishing.differences(revision) if revision else [],
            show_publish=live is not None and publishing.can_publish(request.user),
        )
        if publishing_now(request):
            with versioning.one_change():
                return super().changeform_view(request, object_id, form_url, context)
        return super().changeform_view(request, object_id, form_url, context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.review_undo = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        version = getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
        if version is not None:
            # The history keeps a translated text as edited, not its language copies (which
            # come from the live record): the older text goes back into the copy staff edit.
            for name in TRANSLATED_TEXTS.get(self.model.__name__, ()):
                setattr(obj, build_localized_fieldname(name, DEFAULT_LANGUAGE), getattr(version, name))
        return super().get_form(request, obj, change=change, **kwargs)

    def save_model(self, request, obj, form, change):
        if change and getattr(request, "review_undo", False):
            live = self.model.objects.get(pk=obj.pk)
            publishing.draft(live, obj, request.user, note=_("Undo: back to an earlier version"))
            return
        if change and publishing.is_live(self.model.objects.get(pk=obj.pk)) and not publishing_now(request):
            request.review_draft = obj
            return
        if not change and not publishing.can_publish(request.user) and hasattr(obj, "status"):
            obj.status = Status.DRAFT
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        if getattr(request, "review_draft", None) is not None:
            children = []
            for formset in formsets:
                children += self._draft_children(formset)
            request.review_revision = publishing.draft(obj, obj, request.user, children)
            return
        super().save_related(request, form, formsets, change)
        if publishing_now(request):
            publishing.publish(obj, request.user, values_saved=True)

    def _draft_children(self, formset):
        """Changes to live children, for the parent's pending change; new or draft children are saved as drafts."""
        children = []
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        deleted = set(formset.deleted_forms)
        for child_form in formset.initial_forms:
            child = child_form.instance
            if publishing.is_live(child):
                children.append((child, None if child_form in deleted else child))
            elif child_form in deleted:
                child.delete()
            elif child_form.has_changed():
                child_form.save()
        for child_form in formset.extra_forms:
            if child_form.has_changed() and child_form not in deleted:
                child_form.instance.status = Status.DRAFT
                formset.new_objects.append(formset.save_new(child_form))
        return children

    def save_formset(self, request, form, formset, change):
        for child_form in formset.extra_forms:
            if hasattr(child_form.instance, "status") and not publishing_now(request):
                child_form.instance.status = Status.DRAFT
        super().save_formset(request, form, formset, change)
        if publishing_now(request):
            # The form showed the children's pending changes: publishing saves them even where the reviewer left them as shown.
            deleted = set(formset.deleted_forms)
            for child_form in formset.initial_forms:
                if child_form not in deleted and not child_form.has_changed() and publishing.pending_revision(child_form.instance):
                    child_form.instance._history_user = request.user
                    child_form.instance.save()

    def response_change(self, request, obj):
        if getattr(request, "review_draft", None) is not None:
            if getattr(request, "review_revision", None) is not None:
                self.message_user(request, _("Saved for review: victims see the published version until a reviewer publishes this change."))
        elif publishing_now(request):
            self.message_user(request, _("Published: victims see this now."), messages.SUCCESS)
        return super().response_change(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not publishing.can_publish(request.user):
            actions.pop("publish_selected", None)
            actions.pop("mark_verified_today", None)
        elif self.model.__name__ in TRANSLATED_TEXTS:
            for code, name in settings.LANGUAGES:
                if code != settings.LANGUAGE_CODE:
                    action = f"approve_translation_{code}"
                    actions[action] = (approve_translation_action(code), action, _("Approve the translation into %(language)s") % {"language": name})
        return actions

    @admin.action(description=_("Publish the selected drafts and pending changes"))
    def publish_selected(self, request, queryset):
        publish_records(self, request, list(queryset))

    @admin.action(description=_("Mark as checked against the source today"))
    def mark_verified_today(self, request, queryset):
        for record in queryset:
            publishing.mark_verified(record, request.user)
        self.message_user(request, _("Marked as checked against the source today, in your name; next review in a year."))


def approve_translation_action(language):
    def approve(model_admin, request, queryset):
        if not publishing.can_publish(request.user):
            model_admin.message_user(request, _("Only content reviewers can approve translations."), messages.ERROR)
            return
        approved = sum(publishing.approve_translation(record, language, request.user) for record in queryset)
        model_admin.message_user(
            request, ngettext("%d translation approved.", "%d translations approved.", approved) % approved
        )

    return approve


def publish_records(model_admin, request, records):
    if not publishing.can_publish(request.user):
        model_admin.message_user(request, _("Only content reviewers can publish."), messages.ERROR)
        return
    published = 0
    for record in records:
        drafts = publishing.draft_children(record)
        if publishing.is_live(record) and publishing.pending_revision(record) is None and not (drafts is not None and drafts.exists()):
            continue
        try:
            publishing.publish(record, request.user)
        except ValidationError as error:
            model_admin.message_user(request, _("%(record)s was not published: %(problem)s") % {"record": record, "problem": " ".join(error.messages)}, messages.ERROR)
            continue
        published += 1
    model_admin.message_user(request, ngettext("%d record published.", "%d records published.", published) % published)


class SourcedAdmin(ReviewAdmin, TranslationAdmin):
    list_filter = (FreshnessFilter, "status", "jurisdiction__kind")
    search_fields = ("jurisdiction__name", "jurisdiction__code")
    list_select_related = ("jurisdiction",)
    autocomplete_fields = ("jurisdiction",)


class LimitedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("This file is larger than 2 MB: import it in smaller parts."))
        return upload


class ReviewedImportExportMixin(ImportExportMixin):
    """CSV, XLSX or JSON; the uploaded file is kept in the cache between the preview and the confirmation, never on disk."""

    formats = [CSV, XLSX, JSON]
    import_form_class = LimitedImportForm
    tmp_storage_class = "import_export.tmp_storages.CacheStorage"


class ContactChannelInline(TranslationTabularInline):
    model = ContactChannel
    extra = 1
    fields = ("kind", "label", "value", "order", "source_url", "last_verified", "status")
    fk_name = "agency"

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, formset=PendingChildrenFormSet, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return () if publishing.can_publish(request.user) else ("status",)


@admin.register(Jurisdiction)
class JurisdictionAdmin(ReviewAdmin, TranslationAdmin):
    actions = ["publish_selected"]
    # A wrong code, parent or kind takes a whole country's guide away.
    reviewer_fields = ("code", "parent", "kind", "part_label")
    list_display = ("name", "code", "kind", "parent", "last_verified")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    autocomplete_fields = ("parent",)
    fieldsets = (
        (None, {"fields": ("code", "name", "kind", "parent", "part_label")}),
        (_("For a victim who lives here"), {"fields": ("reference_name", "how_to_report", "what_to_bring")}),
        (_("For a victim abroad whose harasser is here"), {"fields": ("away_overview", "inbound_police_route", "advice")}),
        (_("Source of the texts above"), {"fields": ("source_url", "last_verified", "preview_link", "translation_reviews")}),
    )


@admin.register(Agency)
class AgencyAdmin(ReviewedImportExportMixin, SourcedAdmin):
    resource_classes = [AgencyResource]
    list_display = ("name", "jurisdiction", "kind", "public_can_contact", "status", "last_verified", "next_review")
    list_filter = (FreshnessFilter, "kind", "status", "public_can_contact", "jurisdiction__kind")
    search_fields = ("name", "purpose", "jurisdiction__name", "jurisdiction__code")
    inlines = [ContactChannelInline]
    fieldsets = (
        (None, {"fields": ("jurisdiction", "name", "kind", "purpose", "public_can_contact", "address", "order")}),
        FACT_FIELDS,
    )


@admin.register(ContactChannel)
class ContactChannelAdmin(ReviewedImportExportMixin, ReviewAdmin, TranslationAdmin):
    resource_classes = [ContactChannelResource]
    list_display = ("value", "kind", "label", "agency", "status", "last_verified", "next_review")
    list_filter = (FreshnessFilter, "kind", "status")
    search_fields = ("value", "label", "agency__name", "agency__jurisdiction__code")
    list_select_related = ("agency",)
    autocomplete_fields = ("agency",)
    readonly_fields = ("dial", "preview_link", "translation_reviews")
    fieldsets = (
        (None, {"fields": ("agency", "kind", "label", "value", "dial", "order")}),
        FACT_FIELDS,
    )


@admin.register(Lever)
class LeverAdmin(SourcedAdmin):
    list_display = ("title", "jurisdiction", "kind", "status", "last_verified", "next_review")
    list_filter = (FreshnessFilter, "kind", "status")
    search_fields = ("title", "description", "jurisdiction__name", "jurisdiction__code")
    autocomplete_fields = ("jurisdiction", "agency")
    fieldsets = (
        (None, {"fields": ("jurisdiction", "kind", "title", "description", "agency", "only_for_eu_homes", "order")}),
        (_("For a protective order"), {"fields": ("citation", "law_url", "court", "from_abroad")}),
        FACT_FIELDS,
    )


@admin.register(Offence)
class OffenceAdmin(SourcedAdmin):
    list_display = ("title", "citation", "jurisdiction", "status", "last_verified", "next_review")
    search_fields = ("title", "citation", "conduct", "jurisdiction__name", "jurisdiction__code")
    fieldsets = (
        (None, {"fields": ("jurisdiction", "title", "citation", "official_url", "conduct", "description", "order")}),
        FACT_FIELDS,
    )


@admin.register(EscalationStep)
class EscalationStepAdmin(SourcedAdmin):
    list_display = ("order", "title", "jurisdiction", "status", "last_verified", "next_review")
    autocomplete_fields = ("jurisdiction", "agency")
    fieldsets = ((None, {"fields": ("jurisdiction", "order", "title", "description", "agency")}), FACT_FIELDS)


@admin.register(Instrument)
class InstrumentAdmin(ReviewAdmin, TranslationAdmin):
    list_display = ("short_name", "name", "kind", "purpose", "status", "last_verified", "next_review")
    list_filter = (FreshnessFilter, "kind", "purpose", "status")
    search_fields = ("name", "short_name")
    autocomplete_fields = ("anchor",)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "kind", "anchor", "purpose", "started_by", "uses_ncb", "description", "order")}),
        FACT_FIELDS,
    )


@admin.register(Membership)
class MembershipAdmin(ReviewAdmin):
    list_display = ("jurisdiction", "instrument", "role", "status", "last_verified", "next_review")
    list_filter = (FreshnessFilter, "instrument", "role", "status")
    search_fields = ("jurisdiction__name", "jurisdiction__code")
    list_select_related = ("jurisdiction", "instrument")
    autocomplete_fields = ("jurisdiction",)
    fieldsets = ((None, {"fields": ("instrument", "jurisdiction", "role")}), FACT_FIELDS)


@admin.register(CooperationRoute)
class CooperationRouteAdmin(ReviewAdmin, TranslationAdmin):
    list_display = ("title", "home", "away", "instrument", "status", "last_verified", "next_review")
    list_filter = (FreshnessFilter, "purpose", "status", "instrument")
    search_fields = ("title", "away__name", "away__code", "home__name", "home__code")
    list_select_related = ("home", "away", "instrument")
    autocomplete_fields = ("home", "away", "away_agency")
    fieldsets = (
        (None, {"fields": ("home", "away", "instrument", "title", "purpose", "started_by", "description", "away_agency", "replaces_derived", "order")}),
        FACT_FIELDS,
    )


@admin.register(Revision)
class PendingChangeAdmin(admin.ModelAdmin):
    """What waits for a reviewer: each change with its field-by-field difference from what victims see."""

    list_display = ("record_link", "kind", "differences", "drafted_by", "drafted_at", "note")
    list_filter = ("content_type",)
    actions = ["publish_selected", "withdraw_selected"]
    list_display_links = None

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=Revision.State.PENDING, group=None).select_related("content_type", "drafted_by")

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and request.user.has_perm("jurisdictions.view_agency")

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not publishing.can_publish(request.user):
            actions.pop("publish_selected", None)
            actions.pop("withdraw_selected", None)
        return actions

    @admin.display(description=_("record"))
    def record_link(self, revision):
        model = revision.content_type.model_class()
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[revision.object_id])
        return format_html('<a href="{}">{}</a>', url, revision.label)

    @admin.display(description=_("kind"))
    def kind(self, revision):
        return revision.content_type.model_class()._meta.verbose_name

    @admin.display(description=_("what changes"))
    def differences(self, revision):
        parts = []
        for label, rows in publishing.differences(revision):
            cells = format_html_join(
                "", "<tr><th>{}</th><td><del>{}</del></td><td><ins>{}</ins></td></tr>",
                ((name, "" if old is None else old, "" if new is None else new) for name, old, new in rows),
            )
            parts.append(format_html("<table><caption>{}</caption>{}</table>", label, cells))
        return format_html_join("", "{}", ((part,) for part in parts))

    @admin.action(description=_("Publish the selected changes"))
    def publish_selected(self, request, queryset):
        records = [revision.content_type.get_object_for_this_type(pk=revision.object_id) for revision in queryset]
        publish_records(self, request, records)

    @admin.action(description=_("Withdraw the selected changes"))
    def withdraw_selected(self, request, queryset):
        for revision in queryset:
            publishing.withdraw(revision.content_type.get_object_for_this_type(pk=revision.object_id))
        self.message_user(request, _("Withdrawn: victims keep seeing the published version."))


@admin.register(Platform)
class PlatformAdmin(ReviewAdmin):
    list_display = ("name", "slug", "kind", "law_enforcement_url", "retention_days", "status", "last_verified", "next_review")
    list_filter = (FreshnessFilter, "kind", "status")
    search_fields = ("name", "slug", "operator")
    fieldsets = (
        (None, {"fields": ("kind", "slug", "name", "operator", "operator_by_region", "guidance", "order")}),
        (_("Pages for a victim"), {"fields": ("report_harassment_url", "report_intimate_images_url", "report_impersonation_url", "download_data_url")}),
        (_("For the investigating officer"), {"fields": ("law_enforcement_url", "emergency_disclosure_url", "law_enforcement_note")}),
        (_("How long the platform keeps or preserves data"), {"fields": ("retention_text", "retention_days", "retention_source_url")}),
        FACT_FIELDS,
    )

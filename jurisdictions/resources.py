"""Import and export of content as CSV or JSON, for partner organisations' updates.

Imported content never goes straight to victims: a new row becomes a draft, and
a row that changes a published record becomes a drafted change to it, for a
reviewer to publish. A file with any bad row imports nothing.
"""

from django.db import transaction
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from . import publishing
from .models import Agency, ContactChannel, Jurisdiction, Status

FACT_COLUMNS = ("source_url", "last_verified", "next_review")


class ReviewedImportResource(resources.ModelResource):
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    def import_data(self, dataset, dry_run=False, **kwargs):
        """All or nothing: if any row is bad, no row is kept."""
        with transaction.atomic():
            result = super().import_data(dataset, dry_run=dry_run, **kwargs)
            if result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
        return result

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            instance.status = Status.DRAFT

    def do_instance_save(self, instance, is_create):
        if is_create:
            return super().do_instance_save(instance, is_create)
        original = type(instance).objects.get(pk=instance.pk)
        if original.status != Status.PUBLISHED:
            return super().do_instance_save(instance, is_create)
        draft = publishing.draft_change(original)
        for name in self.imported_attributes():
            setattr(draft, name, getattr(instance, name))
        draft.full_clean(validate_unique=False)
        draft._change_reason = "Imported change"
        draft.save()

    def imported_attributes(self):
        return [field.attribute for field in self.get_import_fields() if field.attribute not in {"id", "status"}]


class AgencyResource(ReviewedImportResource):
    jurisdiction = fields.Field(attribute="jurisdiction", column_name="jurisdiction", widget=ForeignKeyWidget(Jurisdiction, "code"))

    class Meta:
        model = Agency
        fields = ("id", "jurisdiction", "name", "kind", "purpose", "public_can_contact", "address", "order", *FACT_COLUMNS, "status")
        clean_model_instances = True
        skip_unchanged = True


class ContactChannelResource(ReviewedImportResource):
    agency = fields.Field(attribute="agency", column_name="agency", widget=ForeignKeyWidget(Agency, "pk"))

    class Meta:
        model = ContactChannel
        fields = ("id", "agency", "kind", "label", "value", "order", *FACT_COLUMNS, "status")
        clean_model_instances = True
        skip_unchanged = True

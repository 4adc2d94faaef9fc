"""Import and export of content as CSV, XLSX or JSON, for partner organisations' updates.

Imported content never goes straight to victims: a new row (with or without an
id) becomes a draft, and a row that changes a live record becomes a pending
change to it, for a reviewer to publish; a `status` column is ignored. A file
with any bad row imports nothing. Exported cells never start as a spreadsheet
formula.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget

from . import publishing
from .models import Agency, ContactChannel, Jurisdiction, Status

FACT_COLUMNS = ("source_url", "last_verified", "next_review")

# Documented in the README: larger files are refused with a clear message.
MAX_IMPORT_ROWS = 5000
MAX_IMPORT_BYTES = 2 * 1024 * 1024

# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value.startswith(ESCAPE) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


class ReviewedImportResource(resources.ModelResource):
    status = fields.Field(attribute="status", column_name="status", readonly=True)

    def import_data(self, dataset, dry_run=False, **kwargs):
        """All or nothing: if any row is bad, no row is kept."""
        self.importing_user = kwargs.get("user")
        with transaction.atomic():
            result = super().import_data(dataset, dry_run=dry_run, **kwargs)
            if result.has_errors() or result.has_validation_errors():
                transaction.set_rollback(True)
        return result

    def before_import(self, dataset, **kwargs):
        if len(dataset) > MAX_IMPORT_ROWS:
            raise ValidationError(
                _("This file has %(rows)d rows; import at most %(limit)d at a time.") % {"rows": len(dataset), "limit": MAX_IMPORT_ROWS}
            )

    def before_import_row(self, row, **kwargs):
        for column, value in list(row.items()):
            row[column] = unescape_formula(value)

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    def do_instance_save(self, instance, is_create):
        original = None if is_create else type(instance).objects.filter(pk=instance.pk).first()
        if original is None:
            # A row naming an id that does not exist is a new record like any other.
            instance.pk = None
            instance.status = Status.DRAFT
            instance._change_reason = "Imported"
            instance.save()
            return
        instance.status = original.status
        if not publishing.is_live(original):
            instance._change_reason = "Imported"
            instance.save()
            return
        publishing.draft(original, instance, self.importing_user, note=_("Imported"))


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

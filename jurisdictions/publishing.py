"""Review before publish: editors draft, reviewers publish.

A change to something victims already see is drafted as a copy that points at
the original (`replaces`); the original stays live until a reviewer publishes
the change, which then updates the original in place, so its history shows the
change and can undo it.
"""

import datetime

from django.db import transaction

from .models import REVIEW_INTERVAL, Status

# loaded_values is copied: a published change then differs from what was loaded,
# so loading the content files again keeps it as a staff edit.
NOT_COPIED = {"status", "content_key", "replaces"}


def _editable_fields(record):
    return [f for f in record._meta.concrete_fields if f.name not in NOT_COPIED and not f.primary_key]


def can_publish(user):
    return user.has_perm("jurisdictions.publish_content")


@transaction.atomic
def draft_change(record):
    """A draft copy of a published record for an editor to change; an existing one if there is one."""
    if record.status != Status.PUBLISHED or record.replaces_id:
        return record
    existing = record.pending_changes.first()
    if existing:
        return existing
    draft = type(record)(status=Status.DRAFT, replaces=record)
    for field in _editable_fields(record):
        setattr(draft, field.attname, getattr(record, field.attname))
    # A changed fact has not been checked yet, whoever checked the one it replaces.
    draft.checked_on = draft.checked_by = None
    draft._change_reason = "Change drafted"
    draft.save()
    return draft


@transaction.atomic
def publish(record):
    """Make a draft visible to victims; a drafted change updates the record it replaces."""
    if record.replaces_id is None:
        record.status = Status.PUBLISHED
        record._change_reason = "Published"
        record.save()
        return record
    original = record.replaces
    for field in _editable_fields(record):
        setattr(original, field.attname, getattr(record, field.attname))
    original.status = Status.PUBLISHED
    original._change_reason = "Published a reviewed change"
    original.full_clean(validate_unique=False)
    original.save()
    record.delete()
    return original


def mark_verified(record, reviewer, today=None):
    """A reviewer checked this fact against its source: victims are told who vouches for it and when."""
    today = today or datetime.date.today()
    record.checked_on = today
    record.checked_by = reviewer
    record.next_review = today + REVIEW_INTERVAL
    record._change_reason = "Checked against the source"
    record.save()
    return record

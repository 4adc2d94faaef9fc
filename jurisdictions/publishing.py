"""Review before publish: the live record is what victims see.

An editor's change to a live record is kept as a `Revision` of it (the record's
changed values), and a change to an agency also keeps the changes to its contact
channels, grouped under the agency's revision. New records and new channels are
drafts (rows victims never see). Only `publish`, run for a reviewer, writes a
pending change onto the live record: in one transaction, recording who drafted
and who published, and moving the content version on once.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete
from django.utils import timezone

from . import versioning
from .translated import has_translation, translation_digest
from .models import CONTENT_MODELS, REVIEW_INTERVAL, TRANSLATED_TEXTS, Agency, Revision, Status

# Not part of a change: the review state itself, and what load_content keeps to
# tell staff edits from the reference files.
# A reviewer's check of the source is not an editor's to change: only "Mark as checked" sets it,
# and only "Approve the translation" sets the approvals of translations.
NOT_REVISED = {"status", "content_key", "loaded_values", "replaces", "checked_on", "checked_by", "translations_approved"}

# What hangs from a record and is reviewed with it: relation name on the parent.
CHILDREN = {Agency: "channels"}


def can_publish(user):
    return user.has_perm("jurisdictions.publish_content")


def revised_fields(model):
    """The fields a change can touch. A translated text is kept by its language copies."""
    translated = set(TRANSLATED_TEXTS.get(model.__name__, ()))
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in NOT_REVISED and field.name not in translated
    ]


def is_live(record):
    """Whether victims may be seeing this record now (a saved, published one)."""
    return record.pk is not None and getattr(record, "status", Status.PUBLISHED) == Status.PUBLISHED


def _same(live_value, proposed_value):
    # A text left empty in the form is "", the same text never filled in is NULL.
    return live_value == proposed_value or (live_value in (None, "") and proposed_value in (None, ""))


def changed_values(live, proposed):
    return {
        field.attname: field.value_from_object(proposed)
        for field in revised_fields(type(live))
        if not _same(field.value_from_object(live), field.value_from_object(proposed))
    }


def apply(record, values):
    fields = {field.attname: field for field in revised_fields(type(record))}
    for attname, value in values.items():
        if attname in fields:
            setattr(record, attname, fields[attname].to_python(value))
    return record


def _pending(model, pks):
    content_type = ContentType.objects.get_for_model(model)
    return Revision.objects.filter(content_type=content_type, object_id__in=pks, state=Revision.State.PENDING)


def pending_revision(record):
    if record.pk is None:
        return None
    return _pending(type(record), [record.pk]).first()


def apply_pending_changes(records):
    """The records as they will be once their pending changes are published: in
    memory only, for the staff preview and the change form. Removed ones are left out."""
    if not records:
        return records
    model = type(records[0])
    revisions = {revision.object_id: revision for revision in _pending(model, [record.pk for record in records])}
    shown = []
    for record in records:
        revision = revisions.get(record.pk)
        if revision is None:
            shown.append(record)
        elif not revision.remove:
            shown.append(apply(record, revision.values))
    return shown


def draft_children(record):
    relation = CHILDREN.get(type(record))
    if relation is None or record.pk is None:
        return None
    return getattr(record, relation).filter(status=Status.DRAFT)


def _keep(live, values, user, group=None, note="", remove=False):
    revision = pending_revision(live)
    if revision is None:
        revision = Revision(content_type=ContentType.objects.get_for_model(live), object_id=live.pk)
    revision.label = str(live)[:300]
    revision.values, revision.remove, revision.group = values, remove, group
    revision.note = note or revision.note
    revision.drafted_by = user
    revision.save()
    return revision


@transaction.atomic
def draft(live, proposed, user, children=(), note=""):
    """Keep `proposed` (the live record as the editor left it, unsaved) as the
    pending change of `live`; `children` are (live child, proposed child or None
    to remove it) pairs. The live rows are not touched. Returns the revision, or
    None when nothing differs from what is live."""
    live = type(live).objects.select_for_update().get(pk=live.pk)
    values = changed_values(live, proposed)
    child_changes = []
    for live_child, proposed_child in children:
        live_child = type(live_child).objects.get(pk=live_child.pk)
        if proposed_child is None:
            child_changes.append((live_child, {}, True))
        else:
            child_changes.append((live_child, changed_values(live_child, proposed_child), False))
    revision = pending_revision(live)
    in_form = {child.pk for child, _, _ in child_changes}
    # A channel removed earlier is not in the form any more: its removal still stands.
    kept_parts = revision.parts.filter(state=Revision.State.PENDING).exclude(object_id__in=in_form) if revision else None
    new_drafts = draft_children(live)
    if not (
        values
        or any(change or remove for _, change, remove in child_changes)
        or (new_drafts is not None and new_drafts.exists())
        or (kept_parts is not None and kept_parts.exists())
    ):
        if revision:
            revision.delete()
        return None
    revision = _keep(live, values, user, note=note)
    for live_child, child_values, remove in child_changes:
        if child_values or remove:
            _keep(live_child, child_values or {}, user, group=revision, note=note, remove=remove)
        else:
            _pending(type(live_child), [live_child.pk]).delete()
    return revision


@transaction.atomic
def publish(record, user, values_saved=False):
    """Make the record's pending change (children included) or the draft live.

    With `values_saved`, the reviewer's own form has just written the values, so
    only what the form cannot carry (removed channels, draft channels) is done here."""
    with versioning.one_change():
        live = type(record).objects.select_for_update().get(pk=record.pk)
        revision = pending_revision(live)
        if revision is not None and not values_saved:
            apply(live, revision.values)
        if revision is not None and revision.values and hasattr(live, "checked_on"):
            # A changed fact has not been checked yet, whoever checked the one it replaces.
            live.checked_on = live.checked_by = None
        if getattr(live, "status", None) == Status.DRAFT:
            live.status = Status.PUBLISHED
        if revision is not None or not values_saved:
            live.full_clean(validate_unique=False)
            _save(live, user, "Published a reviewed change" if revision else "Published")
        parts = list(revision.parts.filter(state=Revision.State.PENDING)) if revision else []
        # Marked first: a removed channel's pending change would otherwise go with it.
        now = timezone.now()
        for done in ([revision] if revision else []) + parts:
            done.state, done.published_by, done.published_at = Revision.State.PUBLISHED, user, now
            done.save(update_fields=["state", "published_by", "published_at"])
        for part in parts:
            child = part.content_type.get_object_for_this_type(pk=part.object_id)
            if part.remove:
                child._history_user = user
                child.delete()
            elif not values_saved:
                apply(child, part.values)
                child.full_clean(validate_unique=False)
                _save(child, user, "Published a reviewed change")
        drafts = draft_children(live)
        for child in drafts if drafts is not None else ():
            child.status = Status.PUBLISHED
            child.full_clean(validate_unique=False)
            _save(child, user, "Published")
    return live


def _save(record, user, reason):
    record._history_user = user
    record._change_reason = reason
    record.save()


def withdraw(record):
    """Drop a record's pending change, children included: victims keep seeing the live version."""
    revision = pending_revision(record)
    if revision is not None:
        revision.parts.filter(state=Revision.State.PENDING).update(state=Revision.State.WITHDRAWN)
        revision.state = Revision.State.WITHDRAWN
        revision.save(update_fields=["state"])


def differences(revision):
    """Field by field, what publishing `revision` changes: (record label, [(field, live, pending)]) for it and its parts."""
    out = []
    for part in [revision, *revision.parts.filter(state=revision.state)]:
        model = part.content_type.model_class()
        live = model.objects.filter(pk=part.object_id).first()
        if live is None:
            continue
        if part.remove:
            out.append((str(live), [("", str(live), None)]))
            continue
        fields = {field.attname: field for field in revised_fields(model)}
        rows = []
        for attname, value in part.values.items():
            field = fields.get(attname)
            if field is None:
                continue
            proposed = apply(model.objects.get(pk=part.object_id), {attname: value})
            rows.append((field.verbose_name, _shown(live, field), _shown(proposed, field)))
        out.append((part.label, rows))
    if revision.state == Revision.State.PENDING:
        live = revision.content_type.get_object_for_this_type(pk=revision.object_id)
        drafts = draft_children(live)
        for child in drafts if drafts is not None else ():
            out.append((str(child), [("", None, str(child))]))
    return out


def _shown(record, field):
    if field.is_relation:
        return str(getattr(record, field.name) or "")
    if field.choices:
        return str(getattr(record, f"get_{field.name}_display")())
    value = field.value_from_object(record)
    return "" if value is None else str(value)


def mark_verified(record, reviewer, today=None):
    """A reviewer checked this fact against its source: victims are told who vouches for it and when."""
    today = today or datetime.date.today()
    record.checked_on = today
    record.checked_by = reviewer
    record.next_review = today + REVIEW_INTERVAL
    _save(record, reviewer, "Checked against the source")
    return record


def approve_translation(record, language, reviewer, today=None):
    """A reviewer approves the record's texts in `language` as they are now: victims
    stop seeing "translation not yet reviewed" until the texts change again.
    Returns False when there is nothing in that language to approve."""
    if not has_translation(record, language):
        return False
    today = today or datetime.date.today()
    record.translations_approved = dict(record.translations_approved or {}) | {
        language: {"digest": translation_digest(record, language), "by": reviewer.get_username(), "on": today.isoformat()}
    }
    _save(record, reviewer, f"Translation approved ({language})")
    return True


def forget_pending_change(sender, instance, **kwargs):
    """A deleted record has nothing left to change."""
    _pending(sender, [instance.pk]).delete()


for model in CONTENT_MODELS:
    post_delete.connect(forget_pending_change, sender=model, dispatch_uid=f"forget-pending-change-{model._meta.label}")

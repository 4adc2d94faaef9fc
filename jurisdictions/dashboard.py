"""The content-health page for editors: what is overdue, unsourced or waiting for review."""

import datetime
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.utils.translation import gettext as _
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse

from .models import REVIEWED_FACTS, Jurisdiction, Revision

LISTED = 50


@dataclass
class Row:
    label: str
    url: str
    detail: str


def _rows(queryset, detail):
    model = queryset.model
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_change"
    return [Row(str(record), reverse(name, args=[record.pk]), detail(record)) for record in queryset[:LISTED]]


def health(today=None):
    today = today or datetime.date.today()
    sections = []
    for model in REVIEWED_FACTS:
        plural = model._meta.verbose_name_plural
        overdue = model.objects.overdue(today).order_by("next_review")
        drafts = model.objects.drafts().order_by("pk")
        sections.append(
            {
                "title": plural,
                "overdue": _rows(overdue, lambda r: f"review was due {r.next_review:%d %b %Y}"),
                "overdue_count": overdue.count(),
                "drafts": _rows(drafts, lambda r: "change to a published record" if r.replaces_id else "draft"),
                "drafts_count": drafts.count(),
            }
        )
    # Translated text fields may be NULL as well as empty: ask for text, not for "not empty".
    texts = Q()
    for name in Jurisdiction.TEXT_FIELDS:
        texts |= Q(**{f"{name}__gt": ""})
    unsourced = Jurisdiction.objects.filter(texts).filter(Q(source_url="") | Q(last_verified=None))
    pending = Revision.objects.filter(state=Revision.State.PENDING, group=None).select_related("content_type", "drafted_by")
    return {
        "pending": [
            Row(
                revision.label,
                reverse(f"admin:jurisdictions_{revision.content_type.model}_change", args=[revision.object_id]),
                _("%(kind)s, changed by %(who)s") % {"kind": revision.content_type.name, "who": revision.drafted_by or "—"},
            )
            for revision in pending[:LISTED]
        ],
        "pending_count": pending.count(),
        "sections": sections,
        "unsourced": _rows(unsourced, lambda r: "texts without a source"),
        "today": today,
    }


@staff_member_required
def content_health(request):
    context = {**admin.site.each_context(request), **health(), "title": _("Content health")}
    return render(request, "admin/content_health.html", context)

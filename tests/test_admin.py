import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from jurisdictions.models import Agency

from . import factories


@pytest.fixture
def editor(content):
    user = get_user_model().objects.create_user("editor", password="a-long-editor-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Content editors"))
    return user


@pytest.fixture
def superuser(content):
    return get_user_model().objects.create_superuser("root", password="a-long-admin-password")


def form_data(page):
    """The values of an admin change form as the browser would send them back."""
    data = {}
    form = page.context["adminform"].form
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    formsets = page.context["inline_admin_formsets"] if "inline_admin_formsets" in page.context else []
    for formset in formsets:
        management = formset.formset.management_form
        data.update({f"{management.prefix}-{k}": v for k, v in management.initial.items()})
        for inline in formset.formset.forms:
            for name in inline.fields:
                value = inline[name].value()
                if value not in (None, False):
                    data[inline.add_prefix(name)] = value
    return data


def test_editor_changes_a_published_agency_for_review_and_it_is_recorded(client, editor):
    client.force_login(editor)
    agency = Agency.objects.get(content_key="za-dpci")
    url = reverse("admin:jurisdictions_agency_change", args=[agency.pk])
    data = form_data(client.get(url))
    data["purpose_en"] = "Escalate here when a station is not progressing a serious matter."
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    agency.refresh_from_db()
    assert not agency.purpose.startswith("Escalate here when a station")
    pending = client.get(reverse("admin:jurisdictions_revision_changelist")).content.decode()
    assert "Escalate here when a station" in pending and "editor" in pending
    page = client.get(url).content.decode()
    assert "Pending change by editor" in page and "Escalate here when a station" in page


def test_editor_cannot_open_users_or_groups(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_editor_cannot_add_a_jurisdiction(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:jurisdictions_jurisdiction_add")).status_code == 403


def test_every_admin_list_and_add_page_answers_for_a_superuser(client, superuser, rf):
    from django.contrib import admin

    client.force_login(superuser)
    request = rf.get("/")
    request.user = superuser
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        views = ["changelist"] + (["add"] if model_admin.has_add_permission(request) else [])
        for view in views:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}")
            assert client.get(url).status_code == 200, url


def test_agency_list_filters_by_jurisdiction_kind_and_searches(client, superuser):
    factories.agency("za", "Anonymous Tip Line", kind=Agency.Kind.TIP_LINE)
    factories.agency("za", "Harbour Police", kind=Agency.Kind.POLICE)
    factories.agency("gb", "Island Tip Line", kind=Agency.Kind.TIP_LINE)
    client.force_login(superuser)
    url = reverse("admin:jurisdictions_agency_changelist")
    page = client.get(url, {"q": "za", "kind__exact": "tipline"})
    assert page.status_code == 200
    assert b"Anonymous Tip Line" in page.content
    assert b"Harbour Police" not in page.content and b"Island Tip Line" not in page.content


def test_create_editor_command_makes_an_editor(content, monkeypatch):
    from django.core.management import call_command

    monkeypatch.setenv("NEW_EDITOR_PASSWORD", "correct-horse-battery-staple")
    call_command("create_editor", "thandi", password_from_env="NEW_EDITOR_PASSWORD")
    user = get_user_model().objects.get(username="thandi")
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("jurisdictions.change_agency")
    assert not user.has_perm("auth.view_user")

"""Who may change what: content editors change the guide's content and nothing else."""

from .models import REVIEWED_FACTS

EDITORS_GROUP = "Content editors"


def editor_permission_codenames():
    """Editors view, add, change and delete every fact. Jurisdictions themselves come
    from ISO 3166 and are only changed, never added or deleted, by editors."""
    codenames = ["view_jurisdiction", "change_jurisdiction"]
    for model in REVIEWED_FACTS:
        name = model._meta.model_name
        codenames += [f"view_{name}", f"add_{name}", f"change_{name}", f"delete_{name}"]
    return codenames


REVIEWERS_GROUP = "Content reviewers"


def reviewer_permission_codenames():
    """Reviewers do what editors do, and publish."""
    return editor_permission_codenames() + ["publish_content"]


def create_group(apps, name, codenames):
    """For migrations: a group with exactly these content permissions.

    Permissions are normally created after all migrations have run; the group
    needs them now, so they are created here first."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.set(Permission.objects.filter(content_type__app_label="jurisdictions", codename__in=codenames))

"""Who may change what: content editors change the guide's content and nothing else."""

EDITORS_GROUP = "Content editors"

# Models an editor may view, add and change. Jurisdictions themselves come from
# ISO 3166 and are only changed, never added or deleted, by editors.
EDITABLE_MODELS = [
    "agency",
    "contactchannel",
    "lever",
    "offence",
    "escalationstep",
    "cooperationroute",
    "instrument",
    "membership",
]


def editor_permission_codenames():
    codenames = ["view_jurisdiction", "change_jurisdiction"]
    for model in EDITABLE_MODELS:
        codenames += [f"view_{model}", f"add_{model}", f"change_{model}", f"delete_{model}"]
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

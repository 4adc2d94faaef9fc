"""Create the "Content reviewers" group: editors' permissions plus publishing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from jurisdictions.permissions import REVIEWERS_GROUP, reviewer_permission_codenames


def create_reviewers_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=REVIEWERS_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="jurisdictions", codename__in=reviewer_permission_codenames())
    )


def remove_reviewers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=REVIEWERS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("jurisdictions", "0003_review_workflow")]

    operations = [migrations.RunPython(create_reviewers_group, remove_reviewers_group)]

"""The "Content editors" group, with exactly the permissions editors need, and the
"Content reviewers" group: editors' permissions plus publishing."""

from django.db import migrations

from jurisdictions.permissions import (
    EDITORS_GROUP,
    REVIEWERS_GROUP,
    create_group,
    editor_permission_codenames,
    reviewer_permission_codenames,
)


def create_groups(apps, schema_editor):
    create_group(apps, EDITORS_GROUP, editor_permission_codenames())
    create_group(apps, REVIEWERS_GROUP, reviewer_permission_codenames())


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITORS_GROUP, REVIEWERS_GROUP]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("jurisdictions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]

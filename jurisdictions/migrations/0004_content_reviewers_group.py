"""Create the "Content reviewers" group: editors' permissions plus publishing."""

from django.db import migrations

from jurisdictions.permissions import REVIEWERS_GROUP, create_group, reviewer_permission_codenames


def create_reviewers_group(apps, schema_editor):
    create_group(apps, REVIEWERS_GROUP, reviewer_permission_codenames())


def remove_reviewers_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=REVIEWERS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [("jurisdictions", "0003_review_workflow")]

    operations = [migrations.RunPython(create_reviewers_group, remove_reviewers_group)]

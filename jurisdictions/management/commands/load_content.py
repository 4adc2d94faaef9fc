from django.core.management.base import BaseCommand, CommandError
from django.core.exceptions import ValidationError

from jurisdictions.loading import load_content


class Command(BaseCommand):
    help = "Load the reference content (jurisdictions, agencies, routes) without overwriting staff edits."

    def handle(self, *args, **options):
        try:
            report = load_content()
        except (ValidationError, ValueError, KeyError) as error:
            raise CommandError(f"The reference content has an error; nothing was loaded: {error}") from error
        self.stdout.write(f"Reference content: {report.summary()}.")
        for record in report.kept_edits:
            self.stdout.write(f"  kept staff edit: {record}")

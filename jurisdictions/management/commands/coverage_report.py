from django.core.management.base import BaseCommand

from jurisdictions.coverage import coverage


class Command(BaseCommand):
    help = "Report how many jurisdictions have deep content, emergency numbers and memberships, and what is due for review."

    def handle(self, *args, **options):
        report = coverage()
        write = self.stdout.write
        write(f"Jurisdictions: {report.countries} countries and territories, {report.parts} nations and states")
        write(f"Deep content: {len(report.with_deep_content)} ({', '.join(report.with_deep_content)})")
        write(f"Home reporting (how to report and the reference you get): {len(report.home_reporting)} countries ({', '.join(report.home_reporting)})")
        write(
            "Content of South Africa, the UK and the US in other languages (translated, approved by a reviewer, of all texts): "
            + ", ".join(f"{language} {done}/{approved}/{total}" for language, (done, approved, total) in report.translations.items())
        )
        write(
            f"Orders of their own: {len(report.parts_with_orders)} of {report.parts} nations and states"
            + (f"; none published yet for {', '.join(report.parts_without_orders)}" if report.parts_without_orders else "")
        )
        write(
            f"Emergency numbers: {report.emergency_curated} countries curated with sources, "
            f"{report.emergency_from_phone_data} from telephone data only, {len(report.emergency_missing)} unknown"
            + (f" ({', '.join(report.emergency_missing)})" if report.emergency_missing else "")
        )
        write(
            f"Numbers shown: {report.numbers_curated} curated, {report.numbers_from_phone_data} from telephone data, "
            f"{report.numbers_without_service} without the service they reach"
        )
        write("Memberships:")
        for name, count in report.memberships.items():
            write(f"  {name}: {count}")
        write("Drafts awaiting review: " + ", ".join(f"{name} {count}" for name, count in report.drafts.items()))
        write("Overdue for review: " + ", ".join(f"{name} {count}" for name, count in report.overdue.items()))
        write(f"Facts citing a site's home page instead of the page that states them (generic source): {len(report.generic_sources)}")
        for kind, record, url in report.generic_sources:
            write(f"  generic source: {kind} “{record}” cites {url}")

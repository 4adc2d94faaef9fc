import sys
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand

from jurisdictions.links import check_links, links_in_content


class Command(BaseCommand):
    help = "Check every source and contact link in the content and report the broken ones (exit status 1 if any)."

    def add_arguments(self, parser):
        parser.add_argument("--host", action="append", help="Only check links on this host (may be repeated).")
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds to wait for each link (default 10).")
        parser.add_argument("--workers", type=int, default=4, help="Links checked at the same time (default 4; one per host).")
        parser.add_argument("--delay", type=float, default=0.5, help="Pause after each request to a host, in seconds.")

    def handle(self, *args, host=None, timeout=10.0, workers=4, delay=0.5, **options):
        used = links_in_content()
        urls = sorted(url for url in used if not host or urlsplit(url).hostname in host)
        self.stdout.write(f"Checking {len(urls)} links (of {len(used)} in the content)…")
        results = check_links(urls, timeout=timeout, workers=max(1, min(workers, 16)), delay=max(0.0, delay))
        broken = {url: status for url, (ok, status) in results.items() if not ok}
        for url, status in sorted(broken.items()):
            self.stdout.write(f"BROKEN {status} {url}  (used by {', '.join(used[url][:5])})")
        self.stdout.write(f"{len(urls) - len(broken)} working, {len(broken)} broken.")
        if broken:
            sys.exit(1)

"""Check that the official pages and contact links in the content still answer."""

import collections
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from .models import Agency, ContactChannel, CooperationRoute, EscalationStep, Instrument, Jurisdiction, Lever, Membership, Offence

USER_AGENT = "xborder-link-check/1.0 (checks official sources of a victim-support guide)"


@dataclass
class LinkResult:
    url: str
    ok: bool
    status: str
    used_by: list


def links_in_content():
    """Every URL the content shows or cites, with what uses it."""
    used = collections.defaultdict(list)
    for model in (Agency, ContactChannel, Lever, Offence, EscalationStep, CooperationRoute, Instrument):
        for pk, url in model.objects.values_list("pk", "source_url"):
            used[url].append(f"{model._meta.verbose_name} {pk}")
    for pk, url in Offence.objects.values_list("pk", "official_url"):
        used[url].append(f"offence {pk} (statute)")
    for pk, url in ContactChannel.objects.filter(kind__in=["web", "app"]).values_list("pk", "value"):
        used[url].append(f"contact channel {pk}")
    for pk, url in Jurisdiction.objects.exclude(source_url="").values_list("pk", "source_url"):
        used[url].append(f"jurisdiction {pk}")
    for url in Membership.objects.values_list("source_url", flat=True).distinct():
        used[url].append("memberships")
    return dict(used)


def _fetch(url, timeout):
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return True, str(response.status)
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in {403, 405, 501}:
                continue  # some servers refuse HEAD; ask again with GET
            return False, str(error.code)
        except (urllib.error.URLError, OSError, ValueError) as error:
            return False, type(getattr(error, "reason", error)).__name__
    return False, "refused"


def check_links(urls, timeout=10.0, workers=4, delay=0.5):
    """Check each URL once, at most `workers` at a time and one at a time per host."""
    host_locks = collections.defaultdict(threading.Lock)

    def check(url):
        with host_locks[urlsplit(url).hostname]:
            ok, status = _fetch(url, timeout)
            time.sleep(delay)
        return url, ok, status

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return {url: (ok, status) for url, ok, status in pool.map(check, urls)}

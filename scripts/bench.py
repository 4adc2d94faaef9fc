"""`make bench`: how heavy and how fast the victim pages are, against fixed targets.

On a throwaway site (see measure.py) with the full world content loaded, it reports:

- SQL queries per page (guide and country pages), Django's caches cleared first,
  counted in-process: target at most 10 on every page;
- the uncached render time of a guide page, p50 and p95 over BENCH_RENDERS (200)
  in-process renders through the whole middleware stack, caches cleared before each;
- the cached guide page's requests per second under gunicorn as a share of those
  of the stylesheet it references, served by the same gunicorn to the same bounded
  client (BENCH_CLIENTS threads, 8, for BENCH_DURATION seconds, 10, each, in
  BENCH_ROUNDS, 5, alternating slices, after BENCH_WARMUP seconds, 2, of warm-up):
  target at least 70 %;
- the bytes a first visit to a guide transfers: the HTML and every CSS and JS file
  it references, asked for as a browser does (Accept-Encoding: br, gzip) and counted
  as sent, compressed or not: target at most 20 KB;
- the HTMX wizard step fragment (GET /?home=za, HX-Request and HX-Target: wizard),
  counted the same way: target at most 5 KB.

Whatever the server does (its page cache, its compression) is what is measured.
It prints a table and writes everything to bench-results.json (gitignored). It
exits 1 if a request fails, and with BENCH_STRICT=1 also if a target is missed.
"""

import importlib.metadata
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import measure
from measure import ROOT, log

GUIDE_PAGES = ["/guide/za/gb/?part=gb-sct", "/guide/za/us/", "/guide/fr/de/"]
COUNTRY_PAGES = ["/countries/za/", "/countries/us/"]
GUIDE = "/guide/za/gb/?part=gb-sct"
FRAGMENT = "/?home=za"
FRAGMENT_HEADERS = {"HX-Request": "true", "HX-Target": "wizard"}
BROWSER = {"Accept-Encoding": "br, gzip"}

KB = 1024
MAX_QUERIES = 10
MIN_THROUGHPUT_RATIO = 0.70
MAX_FIRST_VISIT = 20 * KB
MAX_FRAGMENT = 5 * KB

RENDERS = int(os.environ.get("BENCH_RENDERS", 200))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 8))
DURATION = float(os.environ.get("BENCH_DURATION", 10))
WARMUP = float(os.environ.get("BENCH_WARMUP", 2))
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", 5)))
STRICT = os.environ.get("BENCH_STRICT") == "1"
RESULTS = ROOT / "bench-results.json"


# --- in-process: queries and uncached render time ----------------------------


def in_process(environment, errors):
    """Runs Django in this process on the site's settings and database, with a browser's request headers."""
    # The access log of hundreds of renders in this process would bury the report.
    os.environ.update(environment, ACCESS_LOG="0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import caches
    from django.db import connection, connections
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=measure.HOST)

    def clear_caches():
        for cache in caches.all():
            cache.clear()

    def browser_get(path):
        response = client.get(path, headers=BROWSER)
        if response.status_code != 200:
            errors.append(f"in-process GET {path}: {response.status_code}")

    def queries(path):
        clear_caches()
        with CaptureQueriesContext(connection) as captured:
            browser_get(path)
        return len(captured.captured_queries)

    # The first request of a fresh process also fills per-process memos (country names...).
    pages = {path: {"queries_first_in_process": queries(path)} for path in GUIDE_PAGES + COUNTRY_PAGES}
    for path, page in pages.items():
        page["queries_cold"] = queries(path)
        page["pass"] = page["queries_cold"] <= MAX_QUERIES

    log(f"rendering {GUIDE} {RENDERS}x, caches cleared before each ...")
    times = []
    for _ in range(RENDERS):
        clear_caches()
        started = time.perf_counter()
        browser_get(GUIDE)
        times.append(time.perf_counter() - started)
    render = {
        "path": GUIDE,
        "renders": RENDERS,
        "p50_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(measure.percentile(times, 0.95) * 1000, 2),
    }
    connections.close_all()
    return pages, render


# --- under gunicorn: bytes sent and throughput -------------------------------


def references(html):
    """The local stylesheets and scripts an HTML page makes a browser fetch."""
    text = html.decode("utf-8", "replace")
    css = re.findall(r'<link[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"', text)
    css += re.findall(r'<link[^>]*\bhref="([^"]+)"[^>]*\brel="stylesheet"', text)
    js = re.findall(r'<script[^>]*\bsrc="([^"]+)"', text)
    return [("css", url) for url in dict.fromkeys(css) if url.startswith("/")] + [
        ("js", url) for url in dict.fromkeys(js) if url.startswith("/")
    ]


def as_sent(port, kind, path, errors, headers=None):
    """A resource as a browser gets it, and its size uncompressed (asked for without Accept-Encoding)."""
    status, sent_headers, sent = measure.get(port, path, {**(headers or {}), **BROWSER})
    plain_status, _, plain = measure.get(port, path, headers)
    if status != 200 or plain_status != 200:
        errors.append(f"gunicorn GET {path}: {status}/{plain_status}")
    resource = {
        "kind": kind,
        "path": path,
        "sent_bytes": len(sent),
        "content_encoding": sent_headers.get("content-encoding", "identity"),
        "uncompressed_bytes": len(plain),
    }
    return resource, plain


def first_visit(port, errors):
    page, html = as_sent(port, "html", GUIDE, errors)
    resources = [page] + [as_sent(port, kind, url, errors)[0] for kind, url in references(html)]
    sent = sum(r["sent_bytes"] for r in resources)
    return {
        "page": GUIDE,
        "request_headers": BROWSER,
        "resources": resources,
        "sent_bytes": sent,
        "uncompressed_bytes": sum(r["uncompressed_bytes"] for r in resources),
        "pass": sent <= MAX_FIRST_VISIT,
    }


def wizard_fragment(port, errors):
    fragment, plain = as_sent(port, "html", FRAGMENT, errors, FRAGMENT_HEADERS)
    text = plain.decode("utf-8", "replace").lstrip()
    fragment.update(
        request_headers={**FRAGMENT_HEADERS, **BROWSER},
        is_fragment=text.startswith("<section") and "<html" not in text,
    )
    fragment["pass"] = fragment["is_fragment"] and fragment["sent_bytes"] <= MAX_FRAGMENT
    if not fragment["is_fragment"]:
        errors.append(f"{FRAGMENT} with HX-Target: wizard did not answer with the step fragment")
    return fragment


def compare(port, paths, seconds, rounds):
    """Each path for `seconds` in all, in `rounds` alternating slices, so that a change in the
    machine's background load during the run weighs on every path alike."""
    runs = {path: measure.Run() for path in paths}
    for _ in range(rounds):
        for path in paths:
            runs[path] += measure.hammer(port, [path], CLIENTS, seconds / rounds, headers=BROWSER)
    return runs


def throughput(port, stylesheet, errors):
    log(f"warming up, then {CLIENTS} clients x {DURATION:g} s on {stylesheet} and on {GUIDE} ...")
    compare(port, [stylesheet, GUIDE], WARMUP, 1)
    runs = compare(port, [stylesheet, GUIDE], DURATION, ROUNDS)
    static, guide = ({"path": path, **runs[path].summary()} for path in (stylesheet, GUIDE))
    for run in (static, guide):
        errors.extend(f"gunicorn {error}" for error in run["first_errors"])
    ratio = guide["requests_per_second"] / static["requests_per_second"] if static["requests_per_second"] else 0.0
    return {
        "server": "gunicorn, 2 sync workers, 127.0.0.1",
        "clients": CLIENTS,
        "seconds_each": DURATION,
        "alternating_slices": ROUNDS,
        "warmup_seconds_each": WARMUP,
        "request_headers": BROWSER,
        "static": static,
        "guide": guide,
        "ratio": round(ratio, 3),
        "pass": ratio >= MIN_THROUGHPUT_RATIO and not static["errors"] and not guide["errors"],
    }


def under_gunicorn(environment, errors):
    with measure.gunicorn(environment) as port:
        visit = first_visit(port, errors)
        fragment = wizard_fragment(port, errors)
        stylesheets = [r["path"] for r in visit["resources"] if r["kind"] == "css"]
        if not stylesheets:
            raise RuntimeError(f"no <link rel=stylesheet> in {GUIDE}")
        return visit, fragment, throughput(port, stylesheets[0], errors)


# --- report ------------------------------------------------------------------


def version(package):
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def machine():
    model = ""
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.lower().startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    try:
        nproc = int(subprocess.run(["nproc"], capture_output=True, text=True, timeout=5).stdout.strip())
    except (OSError, ValueError, subprocess.SubprocessError):
        nproc = os.cpu_count()
    return {
        "python": platform.python_version(),
        **{package: version(package) for package in ("django", "gunicorn", "whitenoise", "brotli")},
        "nproc": nproc,
        "cpu_model": model,
        "platform": platform.platform(),
    }


def verdict(ok):
    return "PASS" if ok else "FAIL"


def kb(n):
    return f"{n / KB:.1f} KB"


def table(results):
    lines = []

    def row(measure_name, result, target="", ok=None):
        lines.append(f"{measure_name:<52}{result:<34}{target:<12}{'' if ok is None else verdict(ok)}")

    m = results["machine"]
    lines.append(
        f"bench {results['date']} · Python {m['python']} · Django {m['django']} · gunicorn {m['gunicorn']}"
        f" · {m['nproc']} CPU {m['cpu_model']} · db {results['database']} · load {results['load_average_at_start']}"
    )
    lines.append("")
    row("measure", "result", "target")
    for path, page in results["pages"].items():
        row(f"SQL queries {path}", f"{page['queries_cold']} (first in process {page['queries_first_in_process']})",
            f"<= {MAX_QUERIES}", page["pass"])
    r = results["render"]
    row("guide render uncached p50 / p95", f"{r['p50_ms']:.1f} / {r['p95_ms']:.1f} ms")
    t = results["throughput"]
    row("guide cached / static file throughput",
        f"{t['guide']['requests_per_second']:.0f} / {t['static']['requests_per_second']:.0f} req/s = {t['ratio'] * 100:.0f} %",
        f">= {MIN_THROUGHPUT_RATIO * 100:.0f} %", t["pass"])
    v = results["first_visit"]
    row("first visit to a guide, bytes sent", f"{kb(v['sent_bytes'])} ({kb(v['uncompressed_bytes'])} uncompressed)",
        f"<= {kb(MAX_FIRST_VISIT)}", v["pass"])
    f = results["wizard_fragment"]
    row("HTMX wizard step, bytes sent", f"{kb(f['sent_bytes'])} ({kb(f['uncompressed_bytes'])} uncompressed)",
        f"<= {kb(MAX_FRAGMENT)}", f["pass"])
    lines.append("")
    lines.append(f"queries: caches cleared before each request; render: {r['renders']} in-process renders of {r['path']}.")
    lines.append(
        f"throughput: {t['clients']} client threads, {t['seconds_each']:g} s each in {t['alternating_slices']}"
        f" alternating slices after {t['warmup_seconds_each']:g} s of warm-up, Accept-Encoding: {BROWSER['Accept-Encoding']}:"
    )
    for name in ("static", "guide"):
        run = t[name]
        lines.append(f"  {name:<7}{run['path']:<44}p50 {run['p50_ms']} ms  p99 {run['p99_ms']} ms  errors {run['errors']}")
    lines.append(f"first visit, as sent for Accept-Encoding: {BROWSER['Accept-Encoding']}:")
    for resource in v["resources"]:
        lines.append(
            f"  {resource['kind']:<5}{resource['path']:<46}{kb(resource['sent_bytes']):>9} {resource['content_encoding']:<9}"
            f"({kb(resource['uncompressed_bytes'])} uncompressed)"
        )
    setup = ", ".join(f"{name} {seconds:g} s" for name, seconds in results["setup_seconds"].items())
    lines.append(f"set-up: {setup} · whole run {results['total_seconds']:g} s · 1 KB = 1024 bytes")
    return "\n".join(lines)


def main():
    started = time.monotonic()
    load_average = [round(x, 2) for x in os.getloadavg()]
    errors = []
    with measure.throwaway_site() as (environment, setup_seconds):
        pages, render = in_process(environment, errors)
        visit, fragment, speed = under_gunicorn(environment, errors)

    results = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "database": environment["DATABASE_URL"].split(":", 1)[0],
        "targets": {
            "max_queries_per_page": MAX_QUERIES,
            "min_guide_to_static_throughput": MIN_THROUGHPUT_RATIO,
            "max_first_visit_bytes_sent": MAX_FIRST_VISIT,
            "max_wizard_fragment_bytes_sent": MAX_FRAGMENT,
        },
        "setup_seconds": setup_seconds,
        "load_average_at_start": load_average,
        "pages": pages,
        "render": render,
        "throughput": speed,
        "first_visit": visit,
        "wizard_fragment": fragment,
        "errors": errors,
    }
    missed = [f"queries on {path}" for path, page in pages.items() if not page["pass"]]
    missed += [name for name, ok in (
        ("guide/static throughput", speed["pass"]), ("first visit bytes", visit["pass"]), ("wizard fragment", fragment["pass"]),
    ) if not ok]
    results["targets_missed"] = missed
    results["passed"] = not missed
    results["total_seconds"] = round(time.monotonic() - started, 1)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(table(results))
    print(f"\nresults written to {RESULTS.relative_to(ROOT)}; " + ("all targets met" if not missed else "targets missed: " + ", ".join(missed)))
    if errors:
        print("errors:", *errors[:10], sep="\n  ", file=sys.stderr)
        sys.exit(1)
    if STRICT and missed:
        sys.exit(1)


if __name__ == "__main__":
    measure.run_script(main)

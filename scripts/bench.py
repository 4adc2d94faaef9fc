"""`make bench`: how heavy and how fast the victim pages are, against fixed targets.

On a throwaway database (a SQLite file in a temporary folder, or the database in
DATABASE_URL) with the full world content loaded, it reports:

- SQL queries per page (guide and country pages), counted in-process with the
  Django test client: target at most 10 on every page;
- server render time, median and p95 over BENCH_RENDERS renders (200), cold
  (Django's cache cleared before each render) and warm;
- requests per second under gunicorn (2 workers, 127.0.0.1 only) for a guide
  page and for the stylesheet WhiteNoise serves from the same gunicorn, with the
  same bounded client (BENCH_CLIENTS threads, 8, for BENCH_DURATION seconds, 10,
  each, in BENCH_ROUNDS, 5, alternating slices, after BENCH_WARMUP seconds, 2, of
  warm-up): target guide >= 70% of static;
- page weight of the guide (HTML + CSS + JS), raw and gzip-compressed: target
  at most 50 KB compressed (the transfer weight);
- the HTMX wizard step fragment (GET /?home=za, HX-Request and HX-Target: wizard):
  target at most 5 KB as sent.

It prints a table and writes everything to bench-results.json (gitignored).
Nothing but 127.0.0.1 is ever contacted. It exits 1 if a request fails, and with
BENCH_STRICT=1 also if a target is missed.
"""

import gzip
import http.client
import importlib.metadata
import json
import math
import os
import platform
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
ROOT = SCRIPTS.parent
sys.path.insert(0, str(SCRIPTS))

from loadtest import free_port, server_environment, wait_until_up  # noqa: E402

GUIDE_PAGES = ["/guide/za/gb/?part=gb-sct", "/guide/za/us/", "/guide/fr/de/"]
COUNTRY_PAGES = ["/countries/za/", "/countries/us/"]
PAGES = GUIDE_PAGES + COUNTRY_PAGES
THROUGHPUT_PAGE = "/guide/za/gb/?part=gb-sct"
WEIGHT_PAGE = "/guide/za/gb/?part=gb-sct"
FRAGMENT_PATH = "/?home=za"
FRAGMENT_HEADERS = {"HX-Request": "true", "HX-Target": "wizard"}

KB = 1024
MAX_QUERIES = 10
MIN_THROUGHPUT_RATIO = 0.70
MAX_PAGE_WEIGHT = 50 * KB
MAX_FRAGMENT = 5 * KB

RENDERS = int(os.environ.get("BENCH_RENDERS", 200))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", 8))
DURATION = float(os.environ.get("BENCH_DURATION", 10))
WARMUP = float(os.environ.get("BENCH_WARMUP", 2))
ROUNDS = max(1, int(os.environ.get("BENCH_ROUNDS", 5)))
STRICT = os.environ.get("BENCH_STRICT") == "1"
RESULTS = ROOT / "bench-results.json"
STEP_TIMEOUT = 300  # seconds for each of migrate, load_content and collectstatic

# The project's settings, with static files collected into the throwaway folder
# rather than the project's staticfiles/, so a bench never races `make loadtest`.
SETTINGS_SHIM = """from xborder.settings import *  # noqa: F401,F403
STATIC_ROOT = {static_root!r}
"""


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- set-up ------------------------------------------------------------------


def bench_environment(workdir):
    environment = server_environment(workdir)  # DEBUG=0, a random SECRET_KEY, SQLite in workdir unless DATABASE_URL
    (Path(workdir) / "bench_settings.py").write_text(SETTINGS_SHIM.format(static_root=str(Path(workdir) / "static")))
    environment.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        DJANGO_SETTINGS_MODULE="bench_settings",
        PYTHONPATH=os.pathsep.join(filter(None, [workdir, str(ROOT), environment.get("PYTHONPATH", "")])),
    )
    return environment


def prepare(environment):
    seconds = {}
    for name, arguments in (
        ("migrate", ["migrate", "--noinput", "-v0"]),
        ("load_content", ["load_content"]),
        ("collectstatic", ["collectstatic", "--noinput", "-v0"]),
    ):
        log(f"bench: {name} ...")
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT, env=environment, check=True, stdout=subprocess.DEVNULL, timeout=STEP_TIMEOUT,
        )
        seconds[name] = round(time.monotonic() - started, 1)
    return seconds


# --- in-process: queries and render times ------------------------------------


def percentile(values, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure_in_process(errors):
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()

    def get(path, **extra):
        response = client.get(path, **extra)
        if response.status_code != 200:
            errors.append(f"in-process GET {path}: {response.status_code}")
        return response

    def count(path, clear):
        if clear:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            get(path)
        return len(queries.captured_queries)

    pages = {}
    # The very first request of a fresh process also fills per-process memos (country names...).
    for path in PAGES:
        first = count(path, clear=True)
        pages[path] = {"queries_first_in_process": first}
    for path in PAGES:
        cold = count(path, clear=True)
        warm = count(path, clear=False)
        pages[path].update(queries_cold=cold, queries_warm=warm)
        pages[path]["queries_pass"] = max(cold, warm) <= MAX_QUERIES

    for path in PAGES:
        log(f"bench: rendering {path} {RENDERS}x cold and {RENDERS}x warm ...")
        for mode, clear in (("cold", True), ("warm", False)):
            times = []
            get(path)  # so "warm" starts warm
            for _ in range(RENDERS):
                if clear:
                    cache.clear()
                started = time.perf_counter()
                get(path)
                times.append(time.perf_counter() - started)
            pages[path][f"render_{mode}_median_ms"] = round(statistics.median(times) * 1000, 2)
            pages[path][f"render_{mode}_p95_ms"] = round(percentile(times, 0.95) * 1000, 2)

    fragment = get(FRAGMENT_PATH, headers={**FRAGMENT_HEADERS, "Accept-Encoding": "gzip"})
    sent = fragment.content
    body = gzip.decompress(sent) if fragment.get("Content-Encoding") == "gzip" else sent
    text = body.decode("utf-8", "replace").lstrip()
    fragment_result = {
        "path": FRAGMENT_PATH,
        "headers": FRAGMENT_HEADERS,
        "status": fragment.status_code,
        "is_fragment": text.startswith("<section") and "<html" not in text,
        "raw_bytes": len(body),
        "sent_bytes": len(sent),
        "compressed_by_app": fragment.get("Content-Encoding") == "gzip",
    }
    fragment_result["pass"] = fragment_result["sent_bytes"] <= MAX_FRAGMENT and fragment_result["is_fragment"]
    if not fragment_result["is_fragment"]:
        errors.append(f"{FRAGMENT_PATH} with HX-Target: wizard did not answer with the step fragment")
    return pages, fragment_result


# --- under gunicorn: throughput and page weight ------------------------------


def fetch(port, path, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict((k.lower(), v) for k, v in response.getheaders()), response.read()
    finally:
        connection.close()


def hammer(port, path, clients, seconds, headers):
    """`clients` threads, each with its own keep-alive connection, GET `path` for `seconds`.

    Returns the raw latencies of the 200s, the errors and the elapsed time."""
    lock = threading.Lock()
    latencies, errors = [], []
    stop_at = time.monotonic() + seconds

    def run():
        mine, failures = [], []
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status == 200:
                    mine.append(time.perf_counter() - started)
                else:
                    failures.append(f"{response.status} {path}")
            except (OSError, http.client.HTTPException) as error:
                failures.append(f"{type(error).__name__} {path}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors.extend(failures)

    threads = [threading.Thread(target=run, daemon=True) for _ in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 30)
    return latencies, errors, time.monotonic() - started


def compare(port, paths, clients, seconds, rounds, headers):
    """Each path for `seconds` in all, in `rounds` alternating slices, so that a change in
    the machine's background load during the run weighs on every path alike."""
    runs = {path: ([], [], 0.0) for path in paths}
    for _ in range(rounds):
        for path in paths:
            latencies, errors, elapsed = hammer(port, path, clients, seconds / rounds, headers)
            all_latencies, all_errors, total = runs[path]
            runs[path] = (all_latencies + latencies, all_errors + errors, total + elapsed)
    summary = {}
    for path, (latencies, errors, elapsed) in runs.items():
        summary[path] = {
            "path": path,
            "seconds": round(elapsed, 2),
            "requests": len(latencies),
            "requests_per_second": round(len(latencies) / elapsed, 1) if elapsed else 0.0,
            "p50_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
            "p99_ms": round(percentile(latencies, 0.99) * 1000, 2) if latencies else None,
            "errors": len(errors),
            "first_errors": errors[:5],
        }
    return summary


def assets_of(html):
    text = html.decode("utf-8", "replace")
    css = re.findall(r'<link[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"', text)
    css += re.findall(r'<link[^>]*\bhref="([^"]+)"[^>]*\brel="stylesheet"', text)
    js = re.findall(r'<script[^>]*\bsrc="([^"]+)"', text)
    local = [url for url in dict.fromkeys(css + js) if url.startswith("/")]
    return [url for url in local if url in css], [url for url in local if url in js]


def page_weight(port, errors):
    status, headers, html = fetch(port, WEIGHT_PAGE, {"Accept-Encoding": "gzip"})
    if status != 200:
        errors.append(f"gunicorn GET {WEIGHT_PAGE}: {status}")
    served = len(html)
    if headers.get("content-encoding") == "gzip":
        html_gzip, html = len(html), gzip.decompress(html)
        html_note = "gzip by the server"
    else:
        html_gzip = len(gzip.compress(html, compresslevel=6))
        html_note = "app sends it uncompressed; gzip -6 computed"
    css, js = assets_of(html)
    resources = [{
        "kind": "html", "url": WEIGHT_PAGE, "raw_bytes": len(html), "gzip_bytes": html_gzip,
        "served_bytes": served, "note": html_note,
    }]
    for kind, urls in (("css", css), ("js", js)):
        for url in urls:
            status, _, raw = fetch(port, url)
            status_gz, headers_gz, body_gz = fetch(port, url, {"Accept-Encoding": "gzip"})
            if status != 200 or status_gz != 200:
                errors.append(f"gunicorn GET {url}: {status}/{status_gz}")
            served_gzip = headers_gz.get("content-encoding") == "gzip"
            resources.append({
                "kind": kind,
                "url": url,
                "raw_bytes": len(raw),
                "gzip_bytes": len(body_gz) if served_gzip else len(gzip.compress(raw, compresslevel=6)),
                "served_bytes": len(body_gz),
                "note": "WhiteNoise's precompressed .gz" if served_gzip else "served uncompressed; gzip -6 computed",
            })
    total_raw = sum(r["raw_bytes"] for r in resources)
    total_gzip = sum(r["gzip_bytes"] for r in resources)
    return {
        "page": WEIGHT_PAGE,
        "resources": resources,
        "raw_bytes": total_raw,
        "gzip_bytes": total_gzip,
        "served_bytes": sum(r["served_bytes"] for r in resources),
        "compared": "gzip",
        "pass": total_gzip <= MAX_PAGE_WEIGHT,
    }, (css[0] if css else None)


def start_gunicorn(environment, port):
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "xborder.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        cwd=ROOT,
        env=environment,
    )


def stop(server):
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=15)


def measure_under_gunicorn(environment, errors):
    port = free_port()
    server = start_gunicorn(environment, port)
    try:
        wait_until_up(port)
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        weight, stylesheet = page_weight(port, errors)
        if not stylesheet:
            raise RuntimeError(f"no <link rel=stylesheet> in {WEIGHT_PAGE}")
        headers = {"Accept-Encoding": "gzip"}
        log(f"bench: warming up, then {CLIENTS} clients x {DURATION:g} s on {stylesheet} and on {THROUGHPUT_PAGE} ...")
        compare(port, [stylesheet, THROUGHPUT_PAGE], CLIENTS, WARMUP, 1, headers)
        runs = compare(port, [stylesheet, THROUGHPUT_PAGE], CLIENTS, DURATION, ROUNDS, headers)
        static, guide = runs[stylesheet], runs[THROUGHPUT_PAGE]
        for run in (static, guide):
            errors.extend(f"gunicorn {e}" for e in run["first_errors"])
        ratio = guide["requests_per_second"] / static["requests_per_second"] if static["requests_per_second"] else 0.0
        throughput = {
            "server": "gunicorn, 2 sync workers, 127.0.0.1",
            "clients": CLIENTS,
            "seconds_each": DURATION,
            "alternating_slices": ROUNDS,
            "warmup_seconds_each": WARMUP,
            "request_headers": headers,
            "static": static,
            "guide": guide,
            "ratio": round(ratio, 3),
            "pass": ratio >= MIN_THROUGHPUT_RATIO and not static["errors"] and not guide["errors"],
        }
        return throughput, weight
    finally:
        stop(server)


# --- report ------------------------------------------------------------------


def machine():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        nproc = int(subprocess.run(["nproc"], capture_output=True, text=True, timeout=5).stdout.strip())
    except (OSError, ValueError, subprocess.SubprocessError):
        nproc = os.cpu_count()
    import django

    def version(package):
        try:
            return importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            return None

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": version("gunicorn"),
        "whitenoise": version("whitenoise"),
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
    add = lines.append
    m = results["machine"]
    add(f"bench {results['date']} · Python {m['python']} · Django {m['django']} · {m['nproc']} CPU · {m['cpu_model']} · db {results['database']}")
    add("")
    add(f"{'page':<28}{'queries (first/cold/warm)':>27}{'target':>10}{'':>6}{'cold median/p95 ms':>21}{'warm median/p95 ms':>21}")
    for path, page in results["pages"].items():
        queries = f"{page['queries_first_in_process']}/{page['queries_cold']}/{page['queries_warm']}"
        cold = f"{page['render_cold_median_ms']:.1f}/{page['render_cold_p95_ms']:.1f}"
        warm = f"{page['render_warm_median_ms']:.1f}/{page['render_warm_p95_ms']:.1f}"
        add(f"{path:<28}{queries:>27}{'<= ' + str(MAX_QUERIES):>10}{verdict(page['queries_pass']):>6}{cold:>21}{warm:>21}")
    add(f"  ({results['config']['renders']} renders per mode, in-process through the whole middleware stack; cold = Django's cache")
    add("   cleared before each render; per-process memos such as country names stay filled. Query target on cold and warm.)")
    add("")
    t = results["throughput"]
    add(f"throughput under gunicorn, warm ({t['clients']} keep-alive client threads, {t['seconds_each']:g} s each"
        f" in {t['alternating_slices']} alternating slices):")
    for name in ("static", "guide"):
        run = t[name]
        add(f"  {name:<7}{run['path']:<44}{run['requests_per_second']:>9.1f} req/s   p50 {run['p50_ms']} ms   p99 {run['p99_ms']} ms   errors {run['errors']}")
    add(f"  guide / static = {t['ratio'] * 100:.0f}%   target >= {MIN_THROUGHPUT_RATIO * 100:.0f}%   {verdict(t['pass'])}")
    add("")
    w = results["page_weight"]
    add(f"page weight of {w['page']} (HTML + CSS + JS):")
    for resource in w["resources"]:
        add(f"  {resource['kind']:<5}{resource['url']:<44}{kb(resource['raw_bytes']):>10} raw{kb(resource['gzip_bytes']):>10} gzip   ({resource['note']})")
    add(f"  total{'':<44}{kb(w['raw_bytes']):>10} raw{kb(w['gzip_bytes']):>10} gzip   target <= {kb(MAX_PAGE_WEIGHT)} on gzip (transfer weight)   {verdict(w['pass'])}")
    add(f"  (as this gunicorn sends it to a browser accepting gzip: {kb(w['served_bytes'])})")
    add("")
    f = results["wizard_fragment"]
    add(f"HTMX wizard step fragment GET {f['path']} (HX-Request: true, HX-Target: wizard):")
    how = "gzip, as the app sends it to a browser" if f["compressed_by_app"] else "uncompressed, as the app sends it"
    add(f"  {kb(f['sent_bytes'])} {how} ({kb(f['raw_bytes'])} uncompressed)   target <= {kb(MAX_FRAGMENT)}   {verdict(f['pass'])}")
    add("")
    setup = ", ".join(f"{name} {seconds:g} s" for name, seconds in results["setup_seconds"].items())
    add(f"set-up: {setup} · whole run {results['total_seconds']:g} s · load average at start {results['load_average_at_start']} · 1 KB = 1024 bytes")
    return "\n".join(lines)


def _interrupted(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def main():
    # Stopped from outside (Ctrl-C, a CI timeout's SIGTERM): unwind, so gunicorn is stopped in `finally`.
    signal.signal(signal.SIGTERM, _interrupted)
    signal.signal(signal.SIGINT, _interrupted)
    started = time.monotonic()
    load_average = [round(x, 2) for x in os.getloadavg()]
    errors = []
    with tempfile.TemporaryDirectory(prefix="xborder-bench-") as workdir:
        environment = bench_environment(workdir)
        setup_seconds = prepare(environment)
        # The in-process measurements use the same settings and database as gunicorn will.
        os.environ.update(environment)
        sys.path.insert(0, workdir)
        sys.path.insert(1, str(ROOT))
        pages, fragment = measure_in_process(errors)
        from django.db import connections

        connections.close_all()
        throughput, weight = measure_under_gunicorn(environment, errors)

    results = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "database": environment["DATABASE_URL"].split(":", 1)[0],
        "config": {
            "renders": RENDERS, "clients": CLIENTS, "duration_seconds": DURATION,
            "alternating_slices": ROUNDS, "warmup_seconds": WARMUP,
        },
        "targets": {
            "max_queries_per_page": MAX_QUERIES,
            "min_guide_to_static_throughput": MIN_THROUGHPUT_RATIO,
            "max_page_weight_bytes_gzip": MAX_PAGE_WEIGHT,
            "max_wizard_fragment_bytes_raw": MAX_FRAGMENT,
        },
        "setup_seconds": setup_seconds,
        "load_average_at_start": load_average,
        "pages": pages,
        "throughput": throughput,
        "page_weight": weight,
        "wizard_fragment": fragment,
        "errors": errors,
    }
    missed = [f"queries on {path}" for path, page in pages.items() if not page["queries_pass"]]
    missed += [name for name, ok in (
        ("guide/static throughput", throughput["pass"]), ("page weight", weight["pass"]), ("wizard fragment", fragment["pass"]),
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
    if STRICT and not results["passed"]:
        sys.exit(1)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt as reason:
        print(f"bench: interrupted ({reason or 'Ctrl-C'}); gunicorn stopped, temporary folder removed", file=sys.stderr)
        sys.exit(130)

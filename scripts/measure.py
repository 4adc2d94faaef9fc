"""What `make bench` and `make loadtest` share: a throwaway site on 127.0.0.1 and a bounded client.

The site is a database with the full world content loaded (a SQLite file in a
temporary folder, or the database in DATABASE_URL) served by gunicorn with two
workers on a free port of 127.0.0.1. The client is a few threads that GET paths
until a time or a number of requests runs out, whichever comes first, so a run
always stops by itself. Nothing but 127.0.0.1 is ever contacted.
"""

import contextlib
import http.client
import math
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
REQUEST_TIMEOUT = 10  # seconds; also what a run may overshoot its time by
STEP_TIMEOUT = 300  # seconds for each of migrate, load_content and collectstatic
START_TIMEOUT = 30  # seconds for gunicorn to answer its first request


def log(message):
    print(message, file=sys.stderr, flush=True)


def _interrupted(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def run_script(main):
    """Runs a script's main; a CI timeout's SIGTERM unwinds like Ctrl-C, so gunicorn is stopped
    and the temporary folder removed before it exits."""
    signal.signal(signal.SIGTERM, _interrupted)
    try:
        main()
    except KeyboardInterrupt as reason:
        log(f"interrupted ({reason or 'Ctrl-C'}); gunicorn stopped, temporary folder removed")
        sys.exit(130)


# --- the site ----------------------------------------------------------------


def site_environment(workdir):
    environment = dict(os.environ)
    environment.setdefault("DATABASE_URL", f"sqlite:///{workdir}/site.sqlite3")
    environment.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        DJANGO_SETTINGS_MODULE="xborder.settings",
        # Not the project's staticfiles/, so a bench never races a load test or a deployment.
        STATIC_ROOT=f"{workdir}/static",
    )
    return environment


def build_site(environment):
    """Migrate, load the content and collect the static files; returns the seconds each step took."""
    seconds = {}
    for name, arguments in (
        ("migrate", ["migrate", "--noinput", "-v0"]),
        ("load_content", ["load_content"]),
        ("collectstatic", ["collectstatic", "--noinput", "-v0"]),
    ):
        log(f"{name} ...")
        started = time.monotonic()
        subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=ROOT, env=environment, check=True, stdout=subprocess.DEVNULL, timeout=STEP_TIMEOUT,
        )
        seconds[name] = round(time.monotonic() - started, 1)
    return seconds


@contextlib.contextmanager
def throwaway_site():
    """Yields the environment of a freshly built site and the seconds its set-up took."""
    with tempfile.TemporaryDirectory(prefix="xborder-measure-") as workdir:
        environment = site_environment(workdir)
        yield environment, build_site(environment)


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(environment):
    """Serves the site with two workers on a free port of 127.0.0.1; yields the port.

    The server's own output (its access log among it, as in production) goes to
    server.log in the throwaway folder, not to the report."""
    port = free_port()
    server_log = open(Path(environment["STATIC_ROOT"]).parent / "server.log", "ab")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "xborder.wsgi", "--bind", f"{HOST}:{port}", "--workers", "2", "--log-level", "warning"],
        cwd=ROOT,
        env=environment,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_up(server, port)
        yield port
    finally:
        stop(server)
        server_log.close()


def wait_until_up(server, port):
    """Until a worker answers a request: an open socket alone only means the master is listening."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            get(port, "/")
            return
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT} s")


def stop(server):
    if server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=15)


# --- the client --------------------------------------------------------------


def get(port, path, headers=None):
    """One GET; returns the status, the headers (lower-case names) and the body exactly as sent, not decoded."""
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()


class Run:
    """What a bounded run of requests gave: latencies of the answers, errors, and how long it took."""

    def __init__(self, latencies=(), errors=(), seconds=0.0):
        self.latencies, self.errors, self.seconds = list(latencies), list(errors), seconds

    def __add__(self, other):
        return Run(self.latencies + other.latencies, self.errors + other.errors, self.seconds + other.seconds)

    def summary(self):
        latencies = self.latencies
        return {
            "seconds": round(self.seconds, 2),
            "requests": len(latencies),
            "requests_per_second": round(len(latencies) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(statistics.median(latencies) * 1000, 2) if latencies else None,
            "p99_ms": round(percentile(latencies, 0.99) * 1000, 2) if latencies else None,
            "errors": len(self.errors),
            "first_errors": self.errors[:10],
        }


def hammer(port, paths, clients, seconds, max_requests=1_000_000, headers=None, form=None):
    """`clients` threads GET `paths` in turn (or POST `form` to them), each from its own place in the
    list, on its own connection, until `seconds` have passed or `max_requests` have been sent in all.

    An error is a failed connection or a status of 400 or more; its latency is not counted."""
    stop_at = time.monotonic() + seconds
    sent = iter(range(max_requests))
    lock = threading.Lock()
    run = Run()

    def client(index):
        latencies, errors = [], []
        connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
        n = index
        while time.monotonic() < stop_at and next(sent, None) is not None:
            path = paths[n % len(paths)]
            n += 1
            started = time.perf_counter()
            try:
                if form is None:
                    connection.request("GET", path, headers=headers or {})
                else:
                    body = urllib.parse.urlencode(form)
                    connection.request("POST", path, body=body, headers={**(headers or {}), "Content-Type": "application/x-www-form-urlencoded"})
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                errors.append(f"{type(error).__name__} {path}")
                connection.close()
                continue
            if response.status >= 400:
                errors.append(f"{response.status} {path}")
            else:
                latencies.append(time.perf_counter() - started)
        connection.close()
        with lock:
            run.latencies.extend(latencies)
            run.errors.extend(errors)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, stop_at - time.monotonic()) + REQUEST_TIMEOUT + 5)
    run.seconds = time.monotonic() - started
    return run


def percentile(values, fraction):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]

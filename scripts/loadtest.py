"""A bounded load test on loopback: gunicorn with two workers, N clients for T seconds.

Only 127.0.0.1 is ever a target. Uses the database in DATABASE_URL (PostgreSQL
for a realistic run) or a throwaway SQLite file.
"""

import http.client
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PATHS = [
    "/guide/za/gb/?part=gb-sct",
    "/guide/za/us/",
    "/guide/za/us/?emergency=1",
    "/guide/gb/za/",
    "/guide/fr/de/",
    "/?home=za&away=gb",
    "/countries/za/",
]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_environment(workdir):
    environment = dict(os.environ)
    environment.setdefault("DATABASE_URL", f"sqlite:///{workdir}/load.sqlite3")
    environment.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        DJANGO_SETTINGS_MODULE="xborder.settings",
        STATIC_ROOT=f"{workdir}/static",
    )
    return environment


def prepare(environment):
    python = sys.executable
    for command in (["migrate", "--noinput", "-v0"], ["load_content"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=environment, check=True, stdout=subprocess.DEVNULL)


def wait_until_up(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def client(port, stop_at, latencies, errors, index):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    n = index
    while time.monotonic() < stop_at:
        path = PATHS[n % len(PATHS)]
        n += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            if response.status >= 500 or response.status == 0:
                errors.append(f"{response.status} {path}")
            latencies.append(time.perf_counter() - started)
        except (OSError, http.client.HTTPException) as error:
            errors.append(f"{type(error).__name__} {path}")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.close()


def main():
    clients = int(os.environ.get("CLIENTS", 50))
    duration = float(os.environ.get("DURATION", 60))
    with tempfile.TemporaryDirectory() as workdir:
        environment = server_environment(workdir)
        prepare(environment)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "xborder.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
            cwd=ROOT,
            env=environment,
        )
        try:
            wait_until_up(port)
            latencies, errors = [], []
            stop_at = time.monotonic() + duration
            threads = [threading.Thread(target=client, args=(port, stop_at, latencies, errors, i)) for i in range(clients)]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=duration + 30)
            elapsed = time.monotonic() - started
        finally:
            server.terminate()
            server.wait(timeout=30)
    latencies.sort()
    result = {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "requests_per_second": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1) if latencies else None,
        "errors": len(errors),
        "database": environment["DATABASE_URL"].split(":", 1)[0],
    }
    print(json.dumps(result, indent=2))
    if errors:
        print("first errors:", errors[:10], file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()

"""`make loadtest`: a bounded load on loopback, CLIENTS clients (50) for DURATION seconds (60).

Gunicorn with two workers on 127.0.0.1 only, over a mix of guide, country and
wizard pages, on the database in DATABASE_URL (PostgreSQL for a realistic run)
or a throwaway SQLite file. Prints requests/s, p50/p99 and errors as JSON and
exits 1 if any request errors.
"""

import json
import os
import sys

import measure

PATHS = [
    "/guide/za/gb/?part=gb-sct",
    "/guide/za/us/",
    "/guide/za/us/?emergency=1",
    "/guide/gb/za/",
    "/guide/fr/de/",
    "/?home=za&away=gb",
    "/countries/za/",
]


def main():
    clients = int(os.environ.get("CLIENTS", 50))
    duration = float(os.environ.get("DURATION", 60))
    with measure.throwaway_site() as (environment, _), measure.gunicorn(environment) as port:
        measure.log(f"{clients} clients for {duration:g} s ...")
        run = measure.hammer(port, PATHS, clients, duration)
    summary = run.summary()
    result = {
        "clients": clients,
        "seconds": round(run.seconds, 1),
        **{name: summary[name] for name in ("requests", "requests_per_second", "p50_ms", "p99_ms", "errors")},
        "database": environment["DATABASE_URL"].split(":", 1)[0],
    }
    print(json.dumps(result, indent=2))
    if run.errors:
        print("first errors:", summary["first_errors"], file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    measure.run_script(main)

"""`make loadtest`: a bounded load on loopback, CLIENTS clients (50) for DURATION seconds (60).

Gunicorn with two workers on 127.0.0.1 only, over a mix of guide, country and
wizard pages, on the database in DATABASE_URL (PostgreSQL for a realistic run)
or a throwaway SQLite file. Prints requests/s, p50/p99 and errors as JSON and
exits 1 if any request errors.

Then, to show PDFs cannot slow victims' pages: the guide's p50 over PDF_SECONDS (10)
with 4 clients reading guides, alone, beside 4 more clients downloading guides' PDFs,
and beside 4 more asking without pause for personalised PDFs (which the server makes
PDF_CONCURRENCY at a time, answering the rest "busy").
"""

import json
import os
import sys
import threading

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


GUIDES = ["/guide/za/gb/?part=gb-sct", "/guide/za/us/", "/guide/gb/za/", "/guide/fr/de/"]
PDF_FORM = {"reference_number": "CAS 123/11/2026", "station": "Sunnyside", "officer": "W/O Dlamini"}


def _beside(port, seconds, pdf_paths, form=None):
    """The guide's p50 while four other clients ask for PDFs, and what those clients got."""
    pdfs = {}
    pdf_thread = threading.Thread(target=lambda: pdfs.update(run=measure.hammer(port, pdf_paths, 4, seconds, form=form)))
    pdf_thread.start()
    guides = measure.hammer(port, GUIDES, 4, seconds).summary()
    pdf_thread.join()
    return guides, pdfs["run"]


def guide_p50_beside_pdfs(port, seconds):
    """The guide's p50 alone; beside four clients downloading guides' PDFs (cached like pages);
    and beside four clients asking without pause for personalised PDFs (made PDF_CONCURRENCY
    at a time, the rest answered "busy")."""
    alone = measure.hammer(port, GUIDES, 4, seconds).summary()
    pdf_paths = [path.replace("/?", "/pdf/?") if "?" in path else path + "pdf/" for path in GUIDES]
    for path in pdf_paths:
        measure.get(port, path)  # made once, as the first person to ask would
    downloads, download_run = _beside(port, seconds, pdf_paths)
    personalised, personalised_run = _beside(port, seconds, ["/guide/za/gb/pdf/"], form=PDF_FORM)

    def ratio(run):
        return round(run["p50_ms"] / alone["p50_ms"], 2) if alone["p50_ms"] and run["p50_ms"] else None

    return {
        "guide_p50_ms_alone": alone["p50_ms"],
        "guide_p50_ms_beside_4_pdf_downloads": downloads["p50_ms"],
        "ratio_beside_downloads": ratio(downloads),
        "pdf_downloads": len(download_run.latencies),
        # Each worker keeps its own page cache unless CACHE_URL names a shared one: its first PDF may find every slot busy.
        "pdf_downloads_answered_busy": sum(1 for error in download_run.errors if error.startswith("503")),
        "guide_p50_ms_beside_4_personalised_pdf_clients": personalised["p50_ms"],
        "ratio_beside_personalised": ratio(personalised),
        "personalised_pdfs_made": len(personalised_run.latencies),
        "personalised_pdf_requests_answered_busy": sum(1 for error in personalised_run.errors if error.startswith("503")),
        "guide_errors": alone["errors"] + downloads["errors"] + personalised["errors"],
    }


def main():
    clients = int(os.environ.get("CLIENTS", 50))
    duration = float(os.environ.get("DURATION", 60))
    with measure.throwaway_site() as (environment, _), measure.gunicorn(environment) as port:
        measure.log(f"{clients} clients for {duration:g} s ...")
        run = measure.hammer(port, PATHS, clients, duration)
        measure.log("the guide beside personalised PDFs ...")
        beside_pdfs = guide_p50_beside_pdfs(port, float(os.environ.get("PDF_SECONDS", 10)))
    summary = run.summary()
    result = {
        "clients": clients,
        "seconds": round(run.seconds, 1),
        **{name: summary[name] for name in ("requests", "requests_per_second", "p50_ms", "p99_ms", "errors")},
        "database": environment["DATABASE_URL"].split(":", 1)[0],
        "beside_pdfs": beside_pdfs,
    }
    print(json.dumps(result, indent=2))
    if run.errors or beside_pdfs["guide_errors"]:
        print("first errors:", summary["first_errors"], file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    measure.run_script(main)

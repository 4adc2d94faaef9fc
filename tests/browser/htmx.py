"""Wait after an HTMX action the way a person does: until the new content is there and works.

Swapped-in elements are visible before htmx has wired their hx-* attributes (it
does that as the swap settles), so a click or keystroke on them too early is lost
or turns into a full page load. And the country search answers typing only after
a pause, so the first swap to settle may answer just the first letters typed.
The page therefore counts what the person changed and what htmx has answered.
"""

from contextlib import contextmanager

WATCH = """() => {
    if (!window.htmxWatch) {
        const watch = window.htmxWatch = {changes: 0, answered: 0, settled: 0};
        document.addEventListener("input", () => { watch.changes += 1; }, true);
        document.addEventListener("htmx:beforeRequest", (event) => { event.detail.xhr.changesSeen = watch.changes; });
        document.addEventListener("htmx:afterSettle", (event) => {
            watch.answered = Math.max(watch.answered, event.detail.xhr.changesSeen);
            watch.settled += 1;
        });
    }
    window.htmxWatch.settled = 0;
}"""

SETTLED = """() => {
    const watch = window.htmxWatch;
    if (!watch) { throw new Error("a full page load replaced the page: htmx did not handle the action"); }
    return watch.settled > 0 && watch.answered === watch.changes
        && !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added");
}"""


@contextmanager
def htmx_settled(page):
    """Around an action that makes htmx swap content: on leaving, that swap (and any
    it queued) has settled, answering everything typed, and nothing is in flight."""
    page.evaluate(WATCH)
    yield
    page.wait_for_function(SETTLED)

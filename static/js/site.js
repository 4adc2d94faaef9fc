// Enhancements only: every page works without this file.
(function () {
  "use strict";

  // Quick exit: replace this page in the history so Back does not return here.
  function leave() {
    var link = document.getElementById("quick-exit");
    document.body.style.visibility = "hidden";
    document.title = "Weather";
    window.location.replace(link ? link.href : "https://www.bbc.co.uk/weather");
  }

  function plainClick(event) {
    return !event.ctrlKey && !event.metaKey && !event.shiftKey && !event.altKey && event.button === 0;
  }

  // Answering, choosing a nation or state, or changing language shows the same guide
  // again: each replaces this history entry, so a visit stays one entry to leave.
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : event.target.parentElement;
    if (!target) { return; }
    if (target.closest("#quick-exit")) { event.preventDefault(); leave(); return; }
    var link = target.closest("a[data-replace-history]");
    if (link && plainClick(event)) {
      event.preventDefault();
      window.location.replace(link.href);
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-replace-history") || form.method.toLowerCase() !== "get") { return; }
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) { data.append(event.submitter.name, event.submitter.value); }
    var url = new URL(form.action, window.location.href);
    url.search = new URLSearchParams(data).toString();
    event.preventDefault();
    window.location.replace(url.href);
  });

  // Shift pressed three times on its own, within five seconds, as GOV.UK's "Exit this
  // page": any other key in between (Shift held for a capital letter) starts again.
  var shiftPresses = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") { shiftPresses = []; return; }
    if (event.repeat) { return; }
    var now = Date.now();
    shiftPresses = shiftPresses.filter(function (t) { return now - t < 5000; });
    shiftPresses.push(now);
    if (shiftPresses.length >= 3) { leave(); }
  });

  // Printed, the whole guide shows: folded details open for the printer, and close again after.
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    openedForPrint = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) { d.open = true; return true; });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });

  // After HTMX swaps in the next step, move focus to its question for screen readers and keyboards.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id === "matches") { return; }
    var question = document.querySelector("#wizard h1");
    if (question) { question.setAttribute("tabindex", "-1"); question.focus(); }
  });
})();

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

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#quick-exit");
    if (link) { event.preventDefault(); leave(); return; }
    // Choosing a nation or state shows the same guide again: replace this history
    // entry rather than add one, so the visit stays one entry to leave.
    var switcher = event.target.closest && event.target.closest("a[data-replace-history]");
    if (switcher && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      window.location.replace(switcher.href);
    }
  });

  // Shift pressed three times, or Escape twice, within a second and a half.
  var presses = { Shift: [], Escape: [] };
  document.addEventListener("keydown", function (event) {
    var key = event.key;
    if (!(key in presses) || event.repeat) { return; }
    var now = Date.now();
    presses[key] = presses[key].filter(function (t) { return now - t < 1500; });
    presses[key].push(now);
    if ((key === "Shift" && presses[key].length >= 3) || (key === "Escape" && presses[key].length >= 2)) {
      leave();
    }
  });

  // After HTMX swaps in the next step, move focus to its question for screen readers and keyboards.
  document.addEventListener("htmx:afterSwap", function (event) {
    var question = event.detail.target && document.querySelector("#wizard h2");
    if (event.detail.target.id === "matches") { return; }
    if (question) { question.setAttribute("tabindex", "-1"); question.focus(); }
  });
})();

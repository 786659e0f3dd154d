// Progressive enhancement only: without this file the page refreshes itself every few seconds
// while the stamps are made. The progress bar refreshes itself (common/site.js); once it says
// the work is over, the page is loaded again, so that the run's state, its files and its forms
// are those of the finished run, not of the run as it was when the page was opened.
(function () {
  var holder = document.getElementById("run-progress");
  if (!holder || !window.MutationObserver) { return; }
  new MutationObserver(function () {
    if (!holder.querySelector("[data-progress-live]")) { window.location.reload(); }
  }).observe(holder, { childList: true, subtree: true });
})();

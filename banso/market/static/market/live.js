// Progressive enhancement only: the session page works without this file.
// When the session starts or ends while the page is open, reload it so that the prices and the
// order forms match the new state.
(function () {
  var node = document.getElementById("live-state");
  if (!node) { return; }
  var state = node.dataset.state;
  var next = state === "scheduled" ? node.dataset.startsAt : state === "live" ? node.dataset.endsAt : null;
  if (!next) { return; }
  // Measured against the server's clock, so that a phone whose clock is wrong does not reload
  // too early (and again and again).
  var wait = Date.parse(next) - Date.parse(node.dataset.now);
  if (isNaN(wait) || wait > 86400000) { return; }
  setTimeout(function () { window.location.reload(); }, Math.max(wait, 0) + 1000);
})();

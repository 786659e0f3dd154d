// Progressive enhancement only: every page works without this file.
// Progress bars marked data-progress-live refresh themselves until the work is finished.
(function () {
  function refresh(node) {
    fetch(node.dataset.progressUrl, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var fresh = holder.firstElementChild;
        node.replaceWith(fresh);
        if (fresh.hasAttribute("data-progress-live")) { setTimeout(function () { refresh(fresh); }, 1500); }
      })
      .catch(function () { setTimeout(function () { refresh(node); }, 5000); });
  }
  document.querySelectorAll("[data-progress-live]").forEach(function (node) {
    setTimeout(function () { refresh(node); }, 1500);
  });
  // The language menu submits itself when JavaScript runs; its button stays for those without.
  var language = document.getElementById("language");
  if (language) { language.addEventListener("change", function () { language.form.submit(); }); }
})();

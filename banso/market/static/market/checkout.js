// Progressive enhancement only: without this file the checkout lists a province's communes, a
// commune's villages and the delivery fees when the buyer presses "Update".
// With it, the lists and the fees follow the choices without reloading the page.
(function () {
  var province = document.querySelector("select[name=province]");
  var commune = document.querySelector("select[name=commune]");
  var village = document.querySelector("select[name=village]");
  if (!province || !commune) { return; }
  var form = province.form;
  var updates = Array.prototype.map.call(
    form.querySelectorAll("button[name=action][value=update]"),
    function (button) { return button.parentElement; }
  );
  var asked = { commune: 0, village: 0, summary: 0 };

  function showUpdate(shown) {
    updates.forEach(function (node) { node.hidden = !shown; });
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(); });
  }

  function fill(select, choices) {
    var blank = select.options[0] && select.options[0].value === "" ? select.options[0] : null;
    select.replaceChildren();
    select.append(blank || new Option("---------", ""));
    choices.forEach(function (choice) { select.append(new Option(choice.name, choice.value)); });
    select.value = "";
  }

  // Only the latest request of each kind may change the page: an older answer arriving last is
  // dropped. A failed request changes nothing and brings the "Update" button back.
  function latest(kind, request, apply) {
    var ticket = ++asked[kind];
    return request.then(
      function (data) { if (ticket === asked[kind]) { apply(data); } },
      function () { if (ticket === asked[kind]) { showUpdate(true); } }
    );
  }

  function villages(code, offset, found) {
    var url = village.dataset.villagesUrl + "?limit=200&offset=" + offset +
      "&commune_code=" + encodeURIComponent(code);
    return getJSON(url).then(function (page) {
      var all = found.concat(page.items);
      return all.length < page.count && page.items.length ? villages(code, all.length, all) : all;
    });
  }

  function refillVillages() {
    if (!village) { return; }
    if (!commune.value) { asked.village++; fill(village, []); return; }
    var prefixes = JSON.parse(village.dataset.prefixes || "{}");
    latest("village", villages(commune.value, 0, []), function (items) {
      fill(village, items.map(function (item) {
        var prefix = prefixes[item.kind];
        return { name: prefix ? prefix + " " + item.name : item.name, value: item.id };
      }));
    });
  }

  function refillCommunes() {
    if (!province.value) {
      asked.commune++;
      fill(commune, []);
      refillVillages();
      return;
    }
    var url = province.dataset.childrenUrl.replace("CODE", encodeURIComponent(province.value));
    latest("commune", getJSON(url), function (units) {
      fill(commune, units.map(function (unit) { return { name: unit.name, value: unit.code }; }));
      refillVillages();
    });
  }

  // The order summary (fees and totals) is #checkout-summary, on this page as in the answer.
  function refreshSummary() {
    var data = new FormData(form);
    data.set("action", "update");
    var request = fetch(window.location.href, {
      method: "POST", body: data, credentials: "same-origin"
    }).then(function (response) { return response.ok ? response.text() : Promise.reject(); });
    latest("summary", request, function (html) {
      var old = document.getElementById("checkout-summary");
      var fresh = new DOMParser().parseFromString(html, "text/html")
        .getElementById("checkout-summary");
      if (!old || !fresh) { showUpdate(true); return; }
      old.replaceWith(document.importNode(fresh, true));
    });
  }

  province.addEventListener("change", function () { refillCommunes(); refreshSummary(); });
  commune.addEventListener("change", refillVillages);
  form.querySelectorAll("input[name=delivery_method], input[name=payment_method]").forEach(
    function (input) { input.addEventListener("change", refreshSummary); }
  );
  showUpdate(false);
  // A page restored by the browser may keep a province without its list of communes.
  if (province.value && commune.options.length <= 1) { refillCommunes(); refreshSummary(); }
})();

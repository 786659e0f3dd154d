/* Suggestions under the marketplace's search box, fetched as the visitor types
   (the list's data-url answers them); the search works without them. */
(function () {
  var input = document.querySelector("input[list='market-suggest']");
  var list = document.getElementById("market-suggest");
  if (!input || !list || !window.fetch) { return; }
  var url = list.dataset.url;
  var timer, last = "";
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var text = input.value.trim();
      if (text.length < 3 || text === last) { return; }
      last = text;
      fetch(url + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { if (text === last) { list.innerHTML = html; } })
        .catch(function () {});
    }, 150);
  });
})();

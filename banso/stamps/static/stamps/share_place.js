/* The stamp panel's "Share my area": with the visitor's consent, the position rounded to
   about a kilometre is sent with the stamp (and with the PIN form), to help spot copied
   stamps. Without JavaScript or geolocation the button stays hidden. */
(function () {
  var form = document.getElementById("share-form");
  var button = document.getElementById("share");
  var pinForm = document.getElementById("pin-form");
  if (!form || !button || !navigator.geolocation) { return; }
  form.hidden = false;
  button.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (position) {
      var latitude = position.coords.latitude.toFixed(2);
      var longitude = position.coords.longitude.toFixed(2);
      [form, pinForm].forEach(function (each) {
        if (each) { each.latitude.value = latitude; each.longitude.value = longitude; }
      });
      var data = new FormData(form);
      if (!(navigator.sendBeacon && navigator.sendBeacon(form.action, data))) {
        fetch(form.action, { method: "POST", body: data });
      }
      button.textContent = button.dataset.done;
      button.disabled = true;
    });
  });
})();

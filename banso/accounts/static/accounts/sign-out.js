/* Signing out empties what the site keeps in this browser (the server answers with
   Clear-Site-Data), local storage included: work an app keeps on the phone and has not sent
   yet would go with it. Apps keep such work in local storage under keys
   "banso-<app>-pending:<...>", each a JSON list; before signing out, this counts them and, if
   any, asks first instead of signing out. Without JavaScript nothing is kept on the phone,
   so there is nothing to ask. */
(function () {
  "use strict";
  var form = document.getElementById("sign-out-form");
  var warning = document.getElementById("sign-out-pending");
  if (!form || !warning) return;
  var PENDING = /^banso-[a-z]+-pending:/;

  function pending() {
    var count = 0;
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (!PENDING.test(key)) continue;
        var items = JSON.parse(localStorage.getItem(key) || "[]");
        count += Array.isArray(items) ? items.length : 1;
      }
    } catch (error) {
      return 0; /* storage unreadable: nothing this page could keep either */
    }
    return count;
  }

  form.addEventListener("submit", function (event) {
    var count = pending();
    if (!count) return;
    event.preventDefault();
    warning.querySelector("[data-count]").textContent = count;
    warning.hidden = false;
    warning.focus();
  });
  document.getElementById("sign-out-anyway").addEventListener("click", function () {
    form.submit(); /* no submit event: signs out without asking again */
  });
})();

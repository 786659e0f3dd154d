/* The team page's offline form: a visit recorded with no signal is kept on the phone
   (localStorage, with an identifier made here) and sent to /api/teams/help/sync when the phone
   is online again (on load, on the "online" event, and with "Send now"). A record leaves the
   list only when the server answered "created" or "already_recorded"; a conflict or a refusal
   stays with the server's answer. The words come from the page (#offline-strings).
   Signed out (the server answers 401 or 403 to the bundle or to a send), the phone forgets
   what it kept of the team (its pages and their households): see forget(). */
(function () {
  "use strict";
  var form = document.getElementById("record-form");
  if (!form || !window.localStorage || !window.fetch) return;
  var strings = JSON.parse(document.getElementById("offline-strings").textContent);
  var list = document.getElementById("pending");
  var status = document.getElementById("offline-status");
  var key = "banso-teams-pending:" + form.dataset.team;
  var PREFIX = "banso-teams-", VERSION = "1", BATCH = 100;
  var busy = false;

  function load() { return JSON.parse(localStorage.getItem(key) || "[]"); }
  function save(items) { localStorage.setItem(key, JSON.stringify(items)); }
  function say(text) { status.textContent = text; }

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16)), h = [];
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    for (var i = 0; i < 16; i++) h.push((b[i] + 256).toString(16).slice(1));
    h = h.join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  function today() {
    var d = new Date();
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  }

  function token() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? match[1] : form.elements.csrfmiddlewaretoken.value;
  }

  function render() {
    var items = load();
    document.getElementById("pending-warning").hidden = !items.length;
    list.textContent = "";
    document.getElementById("pending-count").textContent = items.length;
    if (!items.length) {
      var none = document.createElement("li");
      none.className = "muted";
      none.textContent = strings.none;
      list.appendChild(none);
    }
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.dataset.clientId = item.record.client_id;
      li.dataset.state = item.state;
      li.textContent = item.label;
      var note = document.createElement("span");
      note.className = item.state === "pending" ? "muted" : "error";
      note.textContent = item.state === "pending" ? strings.pending : item.message;
      li.appendChild(document.createElement("br"));
      li.appendChild(note);
      if (item.state !== "pending") {
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button--quiet";
        remove.textContent = strings.remove;
        remove.addEventListener("click", function () {
          if (!window.confirm(strings.remove_confirm)) return;
          save(load().filter(function (i) { return i.record.client_id !== item.record.client_id; }));
          render();
        });
        li.appendChild(document.createElement("br"));
        li.appendChild(remove);
      }
      list.appendChild(li);
    });
  }

  function answerText(result) {
    if (result.status === "conflict") return strings.conflict;
    var errors = [];
    Object.keys(result.errors || {}).forEach(function (field) { errors = errors.concat(result.errors[field]); });
    return strings.refused + (errors.length ? ": " + errors.join(" ") : "");
  }

  function sync() {
    var waiting = load().filter(function (i) { return i.state === "pending"; }).slice(0, BATCH);
    if (busy || !waiting.length) return Promise.resolve();
    busy = true;
    say(strings.sending);
    return fetch(form.dataset.sync, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token() },
      body: JSON.stringify({ records: waiting.map(function (i) { return i.record; }) })
    }).then(function (response) {
      if (signedOut(response)) throw new Error("signed_out");
      if (!response.ok) throw new Error("failed");
      return response.json();
    }).then(function (answer) {
      var results = {};
      answer.results.forEach(function (r) { results[r.client_id] = r; });
      var kept = load().filter(function (item) {
        var result = results[item.record.client_id];
        if (!result) return true;
        if (result.status === "created" || result.status === "already_recorded") return false;
        item.state = result.status;
        item.message = answerText(result);
        return true;
      });
      save(kept);
      render();
      say(strings.sent.replace("%(count)s", answer.created + answer.already_recorded));
      busy = false;
      if (kept.some(function (i) { return i.state === "pending"; })) return sync();
    }).catch(function (error) {
      busy = false;
      if (error.message === "signed_out") forget();
      say(error.message === "signed_out" ? strings.signed_out : strings.failed);
    });
  }

  function signedOut(response) { return response.status === 401 || response.status === 403; }

  /* The person is signed out (their session ended, or they signed out elsewhere): the copies
     of the team's pages and of its bundle, which list the village's households, are deleted
     from the phone, and so are the households of the form on this page. The visits kept and
     not yet sent stay (each is the person's work, sent once they sign in again; signing out
     from the account page warns before it deletes them). */
  function forget() {
    document.documentElement.dataset.offline = "forgotten";
    var select = form.elements.household;
    Array.prototype.slice.call(select.options).forEach(function (option) {
      if (option.value) select.removeChild(option);
    });
    if (!window.caches) return Promise.resolve();
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) { return name.indexOf(PREFIX) === 0; })
        .map(function (name) { return caches.delete(name); }));
    });
  }

  function checked(name) {
    return Array.prototype.slice.call(form.querySelectorAll("[name=" + name + "]:checked"));
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var e = form.elements, household = e.household.value;
    var kinds = checked("kinds"), outcome = checked("outcome")[0];
    e.person_name.setCustomValidity(household || e.person_name.value.trim() ? "" : form.dataset.needPerson);
    var firstKind = form.querySelector("[name=kinds]");
    firstKind.setCustomValidity(kinds.length ? "" : form.dataset.needKind);
    if (!form.reportValidity() || !outcome) return;
    var who = household ? e.household.options[e.household.selectedIndex].text : e.person_name.value.trim();
    var record = {
      client_id: uuid(),
      helper: parseInt(e.helper.value, 10),
      village: parseInt(form.dataset.village, 10),
      household: household || null,
      person_name: household ? "" : e.person_name.value.trim(),
      person_phone: household ? "" : e.person_phone.value.trim(),
      kinds: kinds.map(function (input) { return input.value; }),
      helped_on: e.helped_on.value,
      outcome: outcome.value,
      note: e.note.value.trim()
    };
    var items = load();
    items.push({
      record: record,
      state: "pending",
      message: "",
      label: record.helped_on + " · " + who + " · " + kinds.map(function (input) {
        return input.parentNode.textContent.trim();
      }).join("; ")
    });
    save(items);
    var helper = e.helper.value, day = e.helped_on.value;
    form.reset();
    e.helper.value = helper;
    e.helped_on.value = day;
    render();
    say(navigator.onLine ? strings.sending : strings.kept);
    if (navigator.onLine) sync();
  });

  form.addEventListener("input", function (event) { event.target.setCustomValidity(""); });
  form.addEventListener("change", function (event) {
    if (event.target.name === "kinds") form.querySelector("[name=kinds]").setCustomValidity("");
  });

  function keep(cache, url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (signedOut(response)) throw new Error("signed_out");
      if (!response.ok) throw new Error(url);
      if (!response.redirected) return cache.put(url, response);
      return response.blob().then(function (body) {
        return cache.put(url, new Response(body, { status: response.status, headers: response.headers }));
      });
    });
  }

  function keepOnPhone() {
    if (!("serviceWorker" in navigator) || !window.caches) return;
    navigator.serviceWorker.register(form.dataset.worker).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      return caches.open(PREFIX + VERSION + " " + registration.scope);
    }).then(function (cache) {
      /* The bundle first: it answers 401 or 403 to a person signed out, before anything of
         theirs is kept again. */
      var urls = [location.href.split("#")[0], form.dataset.start];
      document.querySelectorAll("link[rel=stylesheet], link[rel=icon], link[rel=manifest], script[src]").forEach(function (el) {
        urls.push(el.href || el.src);
      });
      return keep(cache, form.dataset.bundle).then(function () {
        return Promise.all(urls.map(function (url) { return keep(cache, url); }));
      });
    }).then(function () {
      document.documentElement.dataset.offline = "ready";
      say(strings.ready);
    }).catch(function (error) {
      if (error.message === "signed_out") {
        forget();
        say(strings.signed_out);
      } /* otherwise it stays an ordinary page */
    });
  }

  /* A page kept on the phone was made on another day: today is the day a visit is recorded. */
  if (form.elements.helped_on.value === form.dataset.today) form.elements.helped_on.value = today();
  document.getElementById("pending-section").hidden = false;
  render();
  document.getElementById("send-now").addEventListener("click", sync);
  /* Back online: what the phone keeps is fetched again (the village's households may have
     changed, or the person may be signed out meanwhile), and the visits kept are sent. */
  window.addEventListener("online", function () { keepOnPhone(); sync(); });
  window.addEventListener("offline", function () { say(strings.offline); });
  // A page opened with no signal may be told so only a moment after it starts: the first
  // send waits for that moment, so a phone without signal never starts one.
  if (navigator.onLine) {
    keepOnPhone();
    setTimeout(function () { if (navigator.onLine) sync(); else say(strings.offline); }, 1500);
  } else {
    say(strings.offline);
  }
})();

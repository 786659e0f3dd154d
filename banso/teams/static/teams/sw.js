/* The team's offline app: the service worker of the teams' pages (scope: /teams/ of one
   language). Pages are fetched from the network first and kept; with no signal the kept copy
   is served. Static files (their names carry their hash) are served from the cache first.
   The team's bundle (/api/teams/mine) is fetched first, kept, and served when offline.
   The page itself (offline.js) fills the cache with what it needs when it is first shown. */
"use strict";

const VERSION = "1";
const PREFIX = "banso-teams-";
const CACHE = PREFIX + VERSION + " " + self.registration.scope;

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(names
      .filter((name) => name.startsWith(PREFIX) && name.endsWith(" " + self.registration.scope) && name !== CACHE)
      .map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
  );
});

/* A redirected response may not answer a navigation: keep a plain copy of it. */
function plain(response) {
  if (!response.redirected) return Promise.resolve(response);
  return response.blob().then((body) => new Response(body, {
    status: response.status, statusText: response.statusText, headers: response.headers,
  }));
}

function networkFirst(request) {
  return fetch(request).then((response) => {
    /* Not an error, nor the sign-in page a lapsed session is sent to: that would replace
       the team's page kept for the days without signal. */
    if (!response.ok || response.type !== "basic") return response;
    if (request.mode === "navigate" && !response.url.startsWith(self.registration.scope)) return response;
    return plain(response).then((copy) => caches.open(CACHE).then((cache) => {
      const puts = [cache.put(request, copy.clone())];
      if (response.redirected) puts.push(cache.put(response.url, copy.clone()));
      return Promise.all(puts).then(() => copy);
    }));
  }).catch(() => caches.open(CACHE)
    .then((cache) => cache.match(request, { ignoreSearch: request.mode === "navigate" }))
    .then((kept) => kept || Response.error()));
}

function cacheFirst(request) {
  return caches.open(CACHE).then((cache) => cache.match(request).then((kept) => kept || fetch(request).then((response) => {
    if (response.ok) cache.put(request, response.clone());
    return response;
  })));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (url.href.startsWith(self.registration.scope)) event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
  } else if (url.pathname.endsWith("/api/teams/mine")) {
    event.respondWith(networkFirst(request));
  }
});

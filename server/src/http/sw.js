// Cairn's service worker, written for this app and kept small. It keeps the participant pages and the
// staff field form working with no signal, including a full reload. The server fills in VERSION when it
// serves this file (a digest of the built site), so every release is a new worker with a new cache, and
// the old caches are deleted when it takes over. Outboxes live in local storage, not here: a new worker
// never touches what waits to send, and old outboxes keep syncing through the v1 API.
"use strict";
const VERSION = "__VERSION__";
const CACHE = "cairn-" + VERSION;
const FILES = ["/favicon.svg", "/manifest.webmanifest", "/icon-192.png", "/icon-512.png", "/icon-maskable-512.png"];
// Pages kept for offline use: the public participant pages and the staff field form. Never a receipt
// page (it shows what someone said) and no other staff page.
// Each participant page has one address per language: /pl/… and /ar/… besides English's plain one.
const PAGES = [/^(\/(pl|ar))?\/?$/, /^(\/(pl|ar))?\/c\/[^/]+(\/answer)?$/, /^\/collect(\/[^/]+)?$/, /^(\/(pl|ar))?\/receipt$/, /^(\/(pl|ar))?\/you-said-we-did$/];
// The "No signal" page's words in each language, and the everyday site "Leave this page" goes to; the
// server fills both in from its catalogue and settings.
const OFFLINE = __OFFLINE__;
const LEAVE_URL = __LEAVE_URL__;
// On a slow connection, wait this long for the network before showing the saved page.
const NETWORK_WAIT_MS = 5000;

const kept = (url) => url.origin === self.location.origin && PAGES.some((p) => p.test(url.pathname));
const usable = (res) => res && res.status === 200 && res.type === "basic" && !res.redirected;

// Saves a page and the CSS, JavaScript and WebAssembly it names.
async function keepPage(cache, path, res) {
  if (!res) res = await fetch(path, { credentials: "same-origin" });
  if (!usable(res)) return;
  const html = await res.clone().text();
  await cache.put(path, res);
  const assets = new Set(html.match(/\/pkg\/[\w.-]+/g) || []);
  await Promise.all([...assets].map(async (a) => (await cache.match(a)) || cache.add(a)));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(FILES);
      await keepPage(cache, "/");
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith("cairn-") && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
      // The pages open now were loaded before this worker ran: keep them too.
      const cache = await caches.open(CACHE);
      for (const client of await self.clients.matchAll({ type: "window" })) {
        const url = new URL(client.url);
        if (kept(url)) await keepPage(cache, url.pathname).catch(() => {});
      }
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    event.respondWith(page(event, url));
  } else if (url.pathname.startsWith("/pkg/") || FILES.includes(url.pathname)) {
    event.respondWith(file(req));
  }
});

// Hashed files never change: the saved copy, else the network (and save it).
async function file(req) {
  const hit = await caches.match(req, { ignoreSearch: true });
  if (hit) return hit;
  const res = await fetch(req);
  if (usable(res)) (await caches.open(CACHE)).put(req, res.clone());
  return res;
}

// Pages: the network first, so people see what is new; the saved page when there is no signal (and a
// plain "No signal" page rather than the browser's error for a page that is not kept).
async function page(event, url) {
  if (!kept(url)) return fetch(event.request).catch(() => offline(url));
  const cache = await caches.open(CACHE);
  try {
    const res = await Promise.race([
      fetch(event.request),
      new Promise((_, reject) => setTimeout(() => reject(new Error("slow")), NETWORK_WAIT_MS)),
    ]);
    if (usable(res)) event.waitUntil(keepPage(cache, url.pathname, res.clone()).catch(() => {}));
    return res;
  } catch (e) {
    return (await cache.match(url.pathname)) || offline(url);
  }
}

// A plain "No signal" page in the language of the address, with the ways out every participant page has.
function offline(url) {
  const lang = (url.pathname.match(/^\/(pl|ar)(\/|$)/) || [])[1] || "en";
  const t = OFFLINE[lang] || OFFLINE.en;
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  const home = lang === "en" ? "/" : "/" + lang + "/";
  const html =
    '<!DOCTYPE html><html lang="' + lang + '" dir="' + (lang === "ar" ? "rtl" : "ltr") + '"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>' + esc(t.title) + "</title></head>" +
    '<body style="font:1.2rem/1.5 system-ui,sans-serif;margin:2rem;max-width:38rem">' +
    '<p><a href="' + esc(LEAVE_URL) + '" rel="noreferrer" style="display:inline-block;padding:0.5rem 1rem;background:#1d4f46;color:#fff">' + esc(t.leave) + "</a></p>" +
    "<h1>" + esc(t.title) + "</h1><p>" + esc(t.body) + "</p><p>" + esc(t.again) + "</p>" +
    '<p><a href="' + home + '">' + esc(t.back) + "</a></p></body></html>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

{% autoescape off %}"use strict";
// Newsstand's service worker. The app shell is cached at install; pages go to the network first
// and fall back to the last copy kept; the reader's saved articles are kept until unsaved, so
// they open with no network at all.
const SHELL_CACHE = "newsstand-shell-{{ version }}";
const SAVED_CACHE = "newsstand-saved";
const RECENT_CACHE = "newsstand-recent";
const RECENT_LIMIT = 30;
const SHELL_URLS = {{ shell_urls }};
const OFFLINE_URL = {{ offline_url }};
const SAVED_URLS_PATH = {{ saved_urls_path }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL_URLS)).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("newsstand-shell-") && name !== SHELL_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
    await syncSaved();
  })());
});

self.addEventListener("message", (event) => {
  const message = event.data || {};
  if (message.type === "sync-saved") {
    event.waitUntil(syncSaved());
  } else if (message.type === "save" && typeof message.url === "string") {
    event.waitUntil(caches.open(SAVED_CACHE).then((cache) => keepPage(cache, message.url)));
  } else if (message.type === "unsave" && typeof message.url === "string") {
    event.waitUntil(caches.open(SAVED_CACHE).then((cache) => cache.delete(sameOrigin(message.url))));
  } else if (message.type === "forget-recent") {
    event.waitUntil(caches.delete(RECENT_CACHE)); // signed out: the reader's pages go too
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  } else if (SHELL_URLS.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((kept) => kept || fetch(request)));
  }
});

// A same-origin absolute URL for a path or URL; anything else becomes the offline page.
function sameOrigin(pathOrUrl) {
  const url = new URL(pathOrUrl, self.location.origin);
  return url.origin === self.location.origin ? url.href : new URL(OFFLINE_URL, self.location.origin).href;
}

// The signed-in reader's saved list, kept in step: new ones fetched, unsaved ones dropped.
async function syncSaved() {
  let listed;
  try {
    const response = await fetch(SAVED_URLS_PATH, { credentials: "same-origin", cache: "no-store" });
    if (!response.ok) return;
    const data = await response.json();
    listed = Array.isArray(data) ? data : data.urls;
  } catch (error) {
    return; // offline, or not signed in: keep what is kept
  }
  if (!Array.isArray(listed)) return;
  const wanted = new Set(listed.map(sameOrigin));
  const cache = await caches.open(SAVED_CACHE);
  for (const request of await cache.keys()) {
    if (!wanted.has(request.url)) await cache.delete(request);
  }
  const missing = [];
  for (const url of wanted) {
    if (!(await cache.match(url))) missing.push(url);
  }
  await Promise.all(missing.map((url) => keepPage(cache, url)));
}

async function keepPage(cache, pathOrUrl) {
  const url = sameOrigin(pathOrUrl);
  try {
    const response = await fetch(url, { credentials: "same-origin" });
    if (response.ok) await cache.put(url, await storable(response));
  } catch (error) {
    // Offline now: the next sync fetches it.
  }
}

// A redirected response cannot answer a navigation; a copy of its body and headers can.
async function storable(response) {
  if (!response.redirected) return response;
  return new Response(await response.blob(), { status: response.status, headers: response.headers });
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    if (response.ok) await remember(request, response.clone());
    return response;
  } catch (error) {
    const kept = await caches.match(request, { ignoreVary: true });
    return kept || (await caches.match(OFFLINE_URL)) || Response.error();
  }
}

// Saved pages are refreshed when read online; other pages join a short list of recent ones.
async function remember(request, response) {
  const saved = await caches.open(SAVED_CACHE);
  if (await saved.match(request, { ignoreVary: true })) {
    await saved.put(request, await storable(response));
    return;
  }
  const recent = await caches.open(RECENT_CACHE);
  await recent.put(request, await storable(response));
  const keys = await recent.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - RECENT_LIMIT))) await recent.delete(old);
}
{% endautoescape %}

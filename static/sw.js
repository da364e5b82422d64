// The service worker: keeps a copy of the app's own files, so the Lab, the lessons and embeds
// work with no network and start without downloading again. `./lab build` (tools/publish.py)
// publishes it at the root of the site, where it controls the whole app, and writes the
// build's file lists into the line below; a new build is a new version of this file, which the
// browser installs on the next visit.
const BUILD = {"version": "unpublished", "hashed": [], "kept": []};

const SCOPE = self.registration.scope;
// One cache per build; the scope is in the name so two copies of the app on one origin (under
// different sub-paths) never delete each other's.
const PREFIX = `conclab ${SCOPE} `;
const CACHE = PREFIX + BUILD.version;
// Names with a content hash (`app.3fa9c0d1e2b4.js`, see tools/publish.py) always mean the same
// bytes: a copy from any build is good. Other names (the page, lessons.bin, worker.js) may
// mean new content after a deploy: those are asked of the network first.
const HASHED_NAME = /\.[0-9a-f]{12}\.[a-z.]+$/;
const KEPT = new Set(BUILD.kept.map((path) => new URL(path, SCOPE).href));

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await Promise.all([
      ...BUILD.hashed.map(async (path) => {
        const url = new URL(path, SCOPE).href;
        // The page has most of these in the HTTP cache already; any stored copy is this file.
        const response = (await caches.match(url)) ?? (await fetch(url, { cache: "force-cache" }));
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        await cache.put(url, response);
      }),
      ...[...KEPT].map((url) => cache.add(new Request(url, { cache: "no-cache" }))),
    ]);
    // A new build takes over at once: hashed names cannot mix builds, and kept names are
    // fetched fresh, so pages already open lose nothing.
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(SCOPE)) return;
  const url = new URL(request.url);
  const page = url.href.slice(0, url.href.length - url.search.length - url.hash.length);
  if (HASHED_NAME.test(url.pathname)) {
    event.respondWith(cacheFirst(event));
  } else if (request.mode === "navigate" && (page === SCOPE || page === SCOPE + "index.html")) {
    // An address of the Lab's page that asks for the lessons (an old `?view=lesson…` link) goes
    // to the lessons' page before the Lab's page, and the module it preloads, are loaded for
    // nothing. The rule is boot.js's, which does the same where no worker runs yet.
    const q = url.searchParams;
    const lessons = q.has("embed") ? q.has("lesson") : q.get("view") === "lessons" || q.get("view") === "lesson";
    event.respondWith(lessons ? Response.redirect(SCOPE + "lessons.html" + url.search + url.hash, 302) : networkFirst(request, SCOPE));
  } else if (KEPT.has(page)) {
    event.respondWith(networkFirst(request, page));
  }
  // Anything else (a page of the host's, say) goes to the network as if there were no worker.
});

async function cacheFirst(event) {
  const stored = await caches.match(event.request, { ignoreSearch: true });
  if (stored) return stored;
  const response = await fetch(event.request);
  if (response.ok) {
    const copy = response.clone();
    event.waitUntil(caches.open(CACHE).then((cache) => cache.put(event.request, copy)));
  }
  return response;
}

// The network's answer, revalidated past the HTTP cache (so a deployed update shows on the next
// reload); this build's copy only when the network cannot be reached.
async function networkFirst(request, key) {
  try {
    return await fetch(request, { cache: "no-cache" });
  } catch (err) {
    const cache = await caches.open(CACHE);
    const stored = await cache.match(key);
    if (stored) return stored;
    throw err;
  }
}

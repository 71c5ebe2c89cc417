// Baton's service worker, written by scripts/postbuild.mjs at every build: the precache list is
// the built site, the version follows its contents. A new version installs beside the old one and
// waits; the page offers "update available — reload", which tells it to take over, so a page
// never mixes files of two versions.
const VERSION = '__BATON_VERSION__';
const BASE = '__BATON_BASE__';
const PRECACHE = '__BATON_PRECACHE__';
// The base path is part of the cache name: two deployments on one origin (say /baton/ and
// /baton-beta/) each keep and clean only their own caches.
const PREFIX = `baton:${BASE}:`;
const CACHE = `${PREFIX}${VERSION}`;
// Caches of releases before the base path was in the name (`baton-<16 hex>`).
const UNSCOPED = /^baton-[0-9a-f]{16}$/;

self.addEventListener('install', (event) => {
  // `cache: 'reload'` goes past the browser's HTTP cache: a host that sends index.html with a
  // max-age must not pair an old page with this version's wasm.
  const requests = PRECACHE.map((url) => new Request(url, { cache: 'reload' }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => (key.startsWith(PREFIX) && key !== CACHE) || UNSCOPED.test(key)).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // Deep links are the app: answer every navigation with this version's index.html.
  if (request.mode === 'navigate') {
    event.respondWith(caches.open(CACHE).then((cache) => cache.match(BASE)).then((cached) => cached || fetch(request)));
    return;
  }
  event.respondWith(caches.open(CACHE).then((cache) => cache.match(request)).then((cached) => cached || fetch(request)));
});

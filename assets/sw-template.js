// Baton's service worker, written by scripts/postbuild.mjs at every build: the precache list is
// the built site, the version follows its contents. A new version installs beside the old one and
// waits; the page offers "update available — reload", which tells it to take over, so a page
// never mixes files of two versions.
const VERSION = '__BATON_VERSION__';
const BASE = '__BATON_BASE__';
const PRECACHE = '__BATON_PRECACHE__';
const CACHE = `baton-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('baton-') && key !== CACHE).map((key) => caches.delete(key))))
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

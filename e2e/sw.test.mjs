// The service worker's cache rules, run in Node against a fake CacheStorage (no browser): it precaches past
// the HTTP cache, names its caches by base path and version, and on activation deletes only the older
// versions of its own deployment (plus caches of releases from before the base path was in the name), so two
// deployments on one origin never delete each other's files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { ROOT } from './lib.mjs';

const TEMPLATE = fs.readFileSync(path.join(ROOT, 'assets', 'sw-template.js'), 'utf8');

/** The worker for `base` and `version` (as scripts/postbuild.mjs writes it), in a fake worker global. */
function worker({ base, version, precache, existing = [] }) {
  const source = TEMPLATE.replace('__BATON_VERSION__', version)
    .replace('__BATON_BASE__', base)
    .replace("'__BATON_PRECACHE__'", JSON.stringify(precache));
  const stores = new Map(existing.map((name) => [name, []]));
  const listeners = {};
  const added = [];
  const caches = {
    keys: async () => [...stores.keys()],
    delete: async (name) => stores.delete(name),
    open: async (name) => {
      if (!stores.has(name)) stores.set(name, []);
      return {
        addAll: async (requests) => {
          added.push(...requests);
          stores.get(name).push(...requests);
        },
        match: async () => undefined,
      };
    },
  };
  class Request {
    constructor(url, init = {}) {
      this.url = url;
      this.cache = init.cache ?? 'default';
    }
  }
  const self = {
    addEventListener: (type, listener) => (listeners[type] = listener),
    clients: { claim: async () => undefined },
    location: { origin: 'https://example.test' },
  };
  vm.runInNewContext(source, { self, caches, Request, URL, fetch: async () => undefined });
  const fire = async (type) => {
    let done;
    listeners[type]({ waitUntil: (promise) => (done = promise) });
    await done;
  };
  return { stores, added, fire };
}

test('the service worker precaches every file past the HTTP cache, in a cache named by base path and version', async () => {
  const sw = worker({ base: '/baton/', version: '0123456789abcdef', precache: ['/baton/', '/baton/app.wasm'] });
  await sw.fire('install');
  assert.deepEqual([...sw.stores.keys()], ['baton:/baton/:0123456789abcdef']);
  assert.deepEqual(
    sw.added.map((request) => [request.url, request.cache]),
    [
      ['/baton/', 'reload'],
      ['/baton/app.wasm', 'reload'],
    ],
  );
});

test('activation deletes only its own older versions and pre-base-path caches, never another deployment', async () => {
  const sw = worker({
    base: '/baton/',
    version: 'bbbbbbbbbbbbbbbb',
    precache: ['/baton/'],
    existing: [
      'baton:/baton/:aaaaaaaaaaaaaaaa', // this deployment, older version: deleted
      'baton:/baton/:bbbbbbbbbbbbbbbb', // this version: kept
      'baton:/baton-beta/:cccccccccccccccc', // another deployment on the origin: kept
      'baton:/:dddddddddddddddd', // the root deployment: kept
      'baton-eeeeeeeeeeeeeeee', // a release from before the base path was in the name: deleted
      'other-app-cache', // not Baton's: kept
    ],
  });
  await sw.fire('activate');
  assert.deepEqual(
    [...sw.stores.keys()].sort(),
    ['baton:/:dddddddddddddddd', 'baton:/baton-beta/:cccccccccccccccc', 'baton:/baton/:bbbbbbbbbbbbbbbb', 'other-app-cache'].sort(),
  );
});

// The benchmark's anchor (bench/anchor.html): stores the records of a Baton export file in IndexedDB
// two ways, in the same object stores and with the same indexes and derived index fields as Baton
// (read from schema.json, which bench-data writes from baton_core::schema):
//
//   - `idb`:   a plain IndexedDB loop: one read-write transaction over every store, one put() per
//              record issued without waiting on each, done at `complete` (durability "strict", as
//              Baton's bulk writes);
//   - `dexie`: Dexie's bulkPut, one call per table inside one Dexie read-write transaction, with
//              Dexie's defaults.
//
// bench/run.mjs calls `window.benchAnchor.run({ mode, dataUrl, schemaUrl })` and gets the phases'
// times in milliseconds: read (fetch the file's text), parse (JSON.parse), derive (add the derived
// index fields), open (create the empty database), write (store every record).
import Dexie from '/__bench/dexie.mjs';

const status = document.getElementById('status');
const say = (text) => {
  status.textContent = text;
};

/** Baton's derived index fields (baton_core::schema::add_derived_fields), in place. */
function addDerived(store, record) {
  const live = record.deleted_at === undefined || record.deleted_at === null;
  if (live) record._live = 1;
  if (store === 'projects' || store === 'accounts') {
    if (typeof record.name === 'string') record._name = record.name.toLowerCase();
  } else if (store === 'knowledge') {
    if (live && Array.isArray(record.tags)) record._tags = record.tags.filter((t) => typeof t === 'string').map((t) => t.toLowerCase());
  } else if (store === 'handoffs') {
    if (typeof record.priority === 'number') record._urgency = Math.max(0, 10 - record.priority);
  }
}

const request = (req) =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

async function deleteDatabase(name) {
  await new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => resolve();
  });
}

async function openPlain(name, schema) {
  await deleteDatabase(name);
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => {
    const db = req.result;
    for (const store of schema.stores) {
      const os = db.createObjectStore(store.name, { keyPath: 'id' });
      for (const index of store.indexes) {
        const keyPath = index.keyPath.length === 1 ? index.keyPath[0] : index.keyPath;
        os.createIndex(index.name, keyPath, { unique: index.unique, multiEntry: index.multiEntry });
      }
    }
  };
  return request(req);
}

function writePlain(db, data) {
  const names = Object.keys(data).filter((name) => data[name].length > 0);
  return new Promise((resolve, reject) => {
    const tx = db.transaction(names, 'readwrite', { durability: 'strict' });
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
    for (const name of names) {
      const store = tx.objectStore(name);
      for (const record of data[name]) store.put(record);
    }
  });
}

/** Dexie's schema syntax: primary key first, compound indexes as [a+b], multi-entry as *field. */
function dexieStores(schema) {
  const stores = {};
  for (const store of schema.stores) {
    const specs = ['id'];
    for (const index of store.indexes) {
      if (index.multiEntry) specs.push(`*${index.keyPath[0]}`);
      else if (index.keyPath.length > 1) specs.push(`[${index.keyPath.join('+')}]`);
      else specs.push(index.keyPath[0]);
    }
    stores[store.name] = [...new Set(specs)].join(', ');
  }
  return stores;
}

async function openDexie(name, schema) {
  await Dexie.delete(name);
  const db = new Dexie(name);
  db.version(1).stores(dexieStores(schema));
  await db.open();
  return db;
}

async function writeDexie(db, data) {
  const names = Object.keys(data).filter((name) => data[name].length > 0);
  await db.transaction('rw', names.map((name) => db.table(name)), async () => {
    for (const name of names) await db.table(name).bulkPut(data[name]);
  });
}

async function countPlain(db, names) {
  const tx = db.transaction(names, 'readonly');
  const counts = {};
  for (const name of names) counts[name] = await request(tx.objectStore(name).count());
  return counts;
}

async function run({ mode, dataUrl, schemaUrl }) {
  if (mode !== 'idb' && mode !== 'dexie') throw new Error(`unknown mode ${mode}`);
  const times = {};
  let t = performance.now();
  const lap = (name) => {
    const now = performance.now();
    times[name] = now - t;
    t = now;
  };
  say(`${mode}: reading`);
  const schema = await (await fetch(schemaUrl)).json();
  const text = await (await fetch(dataUrl)).text();
  lap('read');
  say(`${mode}: parsing`);
  const file = JSON.parse(text);
  lap('parse');
  const data = {};
  let records = 0;
  for (const store of schema.stores) {
    const list = file.data[store.name] ?? [];
    for (const record of list) addDerived(store.name, record);
    data[store.name] = list;
    records += list.length;
  }
  lap('derive');
  const dbName = `bench-anchor-${mode}`;
  say(`${mode}: opening`);
  const db = mode === 'idb' ? await openPlain(dbName, schema) : await openDexie(dbName, schema);
  lap('open');
  say(`${mode}: writing ${records} records`);
  if (mode === 'idb') await writePlain(db, data);
  else await writeDexie(db, data);
  lap('write');
  const names = Object.keys(data);
  const counts = mode === 'idb' ? await countPlain(db, names) : await countPlain(db.backendDB(), names);
  db.close();
  for (const name of names) {
    if (counts[name] !== data[name].length) throw new Error(`${mode}: ${name} holds ${counts[name]}, expected ${data[name].length}`);
  }
  say(`${mode}: done`);
  return { mode, records, bytes: text.length, times, durability: mode === 'idb' ? 'strict' : 'default (Dexie)', dexieVersion: Dexie.semVer };
}

/** Removes both anchor databases (between runs, so each starts empty and the disk stays small). */
async function cleanup() {
  await deleteDatabase('bench-anchor-idb');
  await Dexie.delete('bench-anchor-dexie');
}

window.benchAnchor = { run, cleanup };
say('Ready');

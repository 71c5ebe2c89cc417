// The interface catalogue (locales/<code>/<area>.json) as the end-to-end tests see it: `T` words a
// key the way the app does, and `untranslated` lists every visible text of a page that is not from
// the given language's catalogue, so a test can say "no English left on this page".
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './lib.mjs';

const PRODUCT_NAMES = [
  'Baton', 'Claude', 'ChatGPT', 'Gemini', 'Copilot', 'Cursor', 'Perplexity', 'Genspark', 'Grok', 'DeepSeek', 'Mistral',
  'Markdown', 'XML', 'JSON', 'CSV', 'English', 'Bahasa Indonesia', 'gpt-4o-mini', 'llama3.1', 'OpenAI', 'Ollama', 'LM Studio',
];
const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
const loaded = new Map();

/** Every value of a language's catalogue, by `area.key` (plural forms keep their suffix). */
export function catalogue(code) {
  if (loaded.has(code)) return loaded.get(code);
  const values = new Map();
  const dir = path.join(ROOT, 'locales', code);
  for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const flatten = (value, prefix) => {
      if (typeof value === 'string') values.set(prefix, value);
      else if (Array.isArray(value)) value.forEach((item, i) => flatten(item, `${prefix}.${i}`));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, `${prefix}.${k}`);
    };
    flatten(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), file.replace(/\.json$/, ''));
  }
  loaded.set(code, values);
  return values;
}

/** The text of `key` in `code`, with `{{ name }}` filled from `vars` (and `count` choosing the form). */
export function T(code, key, vars = {}) {
  const values = catalogue(code);
  const form = vars.count === 1 ? `${key}_one` : `${key}_other`;
  const text = values.get(key) ?? values.get(form) ?? values.get(`${key}_other`);
  if (text === undefined) throw new Error(`no key ${key} in locales/${code}`);
  return text.replace(PLACEHOLDER, (_, name) => {
    if (!(name in vars)) throw new Error(`${key} needs {{ ${name} }}`);
    return String(vars[name]);
  });
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What passes as "from the catalogue": whole values as patterns, and their fixed pieces. */
function accepted(codes) {
  const patterns = [];
  const pieces = new Set();
  for (const code of codes) {
    for (const value of catalogue(code).values()) {
      const normal = value.replace(/\s+/g, ' ').trim();
      patterns.push(new RegExp(`^${escape(normal).replace(/\\\{\\\{\s*\w+\s*\\\}\\\}/g, '.+?')}$`, 's'));
      for (const piece of normal.split(PLACEHOLDER).filter((_, i) => i % 2 === 0)) {
        if (piece.trim()) pieces.add(piece.trim());
      }
    }
  }
  return { patterns, pieces };
}

/**
 * The visible texts of the page (text nodes, and the accessible names people hear: aria-label,
 * title, placeholder, alt, option texts) that come neither from `code`'s catalogue nor from `data`
 * (what the test typed), ignoring what people typed or pasted (inputs, textareas, code and
 * preformatted text) and texts without words (numbers, dates, punctuation).
 */
export async function untranslated(page, code, { data = [], names = [], skip: skipped = [] } = {}) {
  const texts = await page.evaluate((skipped) => {
    const found = [];
    const skip = (el) => el.closest(['pre, code, textarea, script, style, [contenteditable], .markdown, [data-user-text]', ...skipped].join(', '));
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      const text = node.textContent.replace(/\s+/g, ' ').trim();
      if (!text || !el || skip(el)) continue;
      if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) continue;
      if (el.closest('[aria-hidden="true"], [hidden]')) continue;
      found.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], img[alt], option')) {
      if (skip(el)) continue;
      if (el.tagName !== 'OPTION' && el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) continue;
      for (const attribute of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = el.getAttribute(attribute);
        if (value) found.push(value.replace(/\s+/g, ' ').trim());
      }
      if (el.tagName === 'OPTION') found.push(el.textContent.replace(/\s+/g, ' ').trim());
    }
    return found;
  }, skipped);
  const { patterns, pieces } = accepted([code]);
  const userData = [...data].sort((a, b) => b.length - a.length);
  // Product and platform names (records.rs `Platform`), format names, model names in examples.
  const productNames = [...PRODUCT_NAMES, ...names];
  const problems = new Set();
  const fromCatalogue = (text) => {
    if (pieces.has(text) || patterns.some((pattern) => pattern.test(text))) return true;
    // Written by the browser's Intl.RelativeTimeFormat in the interface language.
    if (code === 'id' && /^(sekarang|kemarin|besok|lusa|\d+ (detik|menit|jam|hari|minggu|bulan|tahun) (yang lalu|lagi)|dalam \d+ (detik|menit|jam|hari|minggu|bulan|tahun)|(minggu|bulan|tahun) (lalu|ini|depan))$/.test(text)) return true;
    let rest = text;
    for (const typed of [...userData, ...productNames]) rest = rest.split(typed).join(' ');
    // Words are two or more letters; numbers, dates (Intl), units and punctuation are not words.
    if (!/\p{L}{2,}/u.test(rest.replace(/\b(jam|mnt|detik|menit|hari|Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des|pukul|KB|MB|GB|TB)\b/g, ''))) return true;
    return pieces.has(rest.trim()) || patterns.some((pattern) => pattern.test(rest.trim()));
  };
  for (const text of texts) {
    // A list of worded items joined by "; " (a ranking's reasons) passes item by item.
    if (fromCatalogue(text) || (text.includes('; ') && text.split('; ').every(fromCatalogue))) continue;
    problems.add(text);
  }
  return [...problems];
}

/**
 * A function that gives, for an English text of the catalogue (as the other tests write it), the
 * same text in `code`: `id('New account')` → "Akun baru". `area` picks the key when one English text
 * has several translations; `vars` fills placeholders (the English text is then the template's
 * output, e.g. `id('Session {{ number }}: {{ title }}', { vars: { number: 1, title } })`).
 */
export function translator(code) {
  const english = catalogue('en');
  return (text, { area, vars } = {}) => {
    const keys = [...english.entries()]
      .filter(([key, value]) => value === text && (!area || key.startsWith(`${area}.`)))
      .map(([key]) => key.replace(/_(one|other)$/, ''));
    const translations = new Set(keys.map((key) => T(code, key, vars ?? { count: 2 })));
    if (translations.size === 0) throw new Error(`“${text}” is not an English text of the catalogue${area ? ` in ${area}` : ''}`);
    if (translations.size > 1) throw new Error(`“${text}” has several translations (${keys.join(', ')}): give an area`);
    return [...translations][0];
  };
}

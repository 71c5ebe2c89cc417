// What the XSS journeys share: the payload corpus, the sentinel (alert, confirm, prompt and print only
// count) and the inspection of a page for anything a payload could have smuggled in.
import fs from 'node:fs';

const corpus = JSON.parse(fs.readFileSync(new URL('./xss-payloads.json', import.meta.url), 'utf8'));
const expand = (entry) => (typeof entry === 'string' ? entry : entry.repeat.repeat(Math.ceil(entry.length / entry.repeat.length)).slice(0, entry.length));
export const PAYLOADS = corpus.payloads.map(expand);
export const LONG = PAYLOADS.filter((payload) => payload.length > 1000);
export const SHORT = PAYLOADS.filter((payload) => payload.length <= 1000);

/** Replaces the dialogs a payload would call with a counter, in every page of the context. */
export async function installSentinel(context) {
  await context.addInitScript(() => {
    window.__xss = 0;
    const hit = () => {
      window.__xss += 1;
    };
    window.alert = hit;
    window.confirm = () => (hit(), false);
    window.prompt = () => (hit(), null);
    window.print = hit;
  });
}

/** The page's scripts, stylesheets and the like, as the app itself puts them (the baseline). */
export const ownScripts = (page) => page.evaluate(() => [...document.querySelectorAll('script')].map((script) => script.outerHTML));

/** Everything a payload could have smuggled into the page, as a list of problems. */
export async function inspect(page, baselineScripts) {
  return page.evaluate((baseline) => {
    const problems = [];
    if (window.__xss !== 0) problems.push(`the sentinel moved: ${window.__xss} call(s) of alert/confirm/prompt/print`);
    const clean = (url) => url.replace(/[\u0000-\u0020\u007f-\u009f]/g, '').toLowerCase();
    const unsafe = (url) => /^(javascript|vbscript|data|blob|file):/.test(clean(url));
    for (const a of document.querySelectorAll('a[href^="javascript:" i], a[href^="vbscript:" i], a[href^="data:" i]')) problems.push(`a javascript:/data: link: ${a.outerHTML.slice(0, 200)}`);
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        const name = attr.name.toLowerCase();
        if (name.startsWith('on')) problems.push(`an on* attribute: <${el.localName} ${attr.name}="${attr.value.slice(0, 80)}">`);
        if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'poster', 'background', 'codebase', 'srcset'].includes(name) && (name === 'srcdoc' || unsafe(attr.value))) {
          problems.push(`an unsafe URL attribute: <${el.localName} ${attr.name}="${attr.value.slice(0, 80)}">`);
        }
        if (name === 'style' && /expression|javascript|url\(|behavior|@import/i.test(attr.value)) problems.push(`a style attribute from a payload: ${attr.value.slice(0, 80)}`);
      }
    }
    for (const a of document.querySelectorAll('a[href]')) {
      if (!['http:', 'https:', 'mailto:'].includes(a.protocol)) problems.push(`a link with the scheme ${a.protocol}: ${a.getAttribute('href').slice(0, 80)}`);
    }
    for (const script of document.querySelectorAll('script')) {
      if (!baseline.includes(script.outerHTML)) problems.push(`a script that is not the app's: ${script.outerHTML.slice(0, 200)}`);
    }
    const smuggled = document.querySelectorAll(
      'iframe, frame, frameset, object, embed, applet, base, body style, body link, body meta, img, video, audio, source, math, marquee, template, isindex, keygen, xss, details[open], foreignObject, animate, set, svg script, form[action], [formaction], [autofocus]:not(input):not(textarea):not(select), [popover], [srcdoc]',
    );
    for (const el of smuggled) problems.push(`an element a payload could have added: ${el.outerHTML.slice(0, 200)}`);
    return problems;
  }, baselineScripts);
}


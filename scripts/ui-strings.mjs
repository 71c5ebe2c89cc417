// Fails when a string literal in the app's source looks like words for people: every text Baton
// shows comes from the catalogue (locales/<code>/<area>.json, through `t!` / `t_string!`), so a
// literal sentence is text that a language switch would leave in English.
//
//   node scripts/ui-strings.mjs [file or folder …]     (default: src/)
//
// A literal counts as words for people when it starts with a capital letter followed by a small one
// ("Save", "No projects yet") or holds two or more plain words ("in progress"), unless it is the
// value of a technical attribute (class, id, href, role, aria-describedby …), the message of a
// panic or a log line, a name in ALLOWED, or on a line that ends with `// not UI: <why>` (a value
// stored or sent, never shown). Tests (`#[cfg(test)]` to the end of a file) are not read.
import fs from 'node:fs';
import path from 'node:path';

// Product and vendor names, key names of keyboard events, wire names.
const ALLOWED = new Set([
  'Baton', 'Claude', 'ChatGPT', 'Gemini', 'Copilot', 'Cursor', 'Perplexity', 'Mistral', 'DeepSeek', 'Grok', 'OpenAI',
  'Anthropic', 'Google', 'Markdown', 'XML', 'JSON', 'CSV', 'English', 'Bahasa Indonesia',
  'Escape', 'Enter', 'Tab', 'ArrowDown', 'ArrowUp', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'PageUp', 'PageDown',
  'Backspace', 'Delete', 'Meta', 'Control', 'Shift', 'Alt', 'Content-Type', 'Authorization', 'Bearer',
  'AES-GCM', 'PBKDF2', 'SHA-256', 'ConstraintError', 'QuotaExceededError', 'AbortError', 'VersionError',
  'InvalidStateError', 'NotFoundError', 'DataError', 'TransactionInactiveError', 'UnknownError', 'NotAllowedError',
  'SecurityError', 'QuotaExceeded', 'Ctrl', 'Cmd', 'Esc',
]);

const TECHNICAL_ATTRIBUTE =
  /(?:^|[\s(<])(?:class|id|href|type|name|role|for|inputmode|autocomplete|rel|target|accept|lang|style|viewBox|d|fill|stroke|stroke-[\w-]+|points|transform|xmlns|method|src|width|height|x|y|cx|cy|r|rx|ry|x1|x2|y1|y2|dx|dy|text-anchor|dominant-baseline|key|path|value|pattern|min|max|step|rows|cols|tabindex|spellcheck|autocapitalize|enterkeyhint|download|data-[\w-]+|aria-(?:describedby|labelledby|controls|live|current|haspopup|expanded|hidden|busy|modal|orientation|sort|atomic|relevant|owns|activedescendant|selected|checked|invalid|pressed|level|autocomplete|readonly|required|disabled|keyshortcuts)|(?:class|style|attr|prop):[\w-]+)\s*=\s*\{?\s*(?:move\s*\|\|\s*)?$/;
const DEVELOPER_CALL = /(?:expect|panic!|unreachable!|unimplemented!|todo!|assert!|assert_eq!|debug_assert!|log!|warn!|error!|debug_warn!|console::log_1|console::warn_1|console::error_1|performance_mark|mark|measure)\s*\(\s*$/;

function files(target) {
  if (fs.statSync(target).isFile()) return target.endsWith('.rs') ? [target] : [];
  return fs.readdirSync(target, { withFileTypes: true }).flatMap((entry) => files(path.join(target, entry.name)));
}

/** The string literals of Rust source, with their line and the text before them on that line. */
function literals(source) {
  const found = [];
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\n') {
      line++;
      lineStart = i + 1;
    } else if (c === '/' && source[i + 1] === '/') {
      while (i < source.length && source[i] !== '\n') i++;
      i--;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      for (let j = i; j < end; j++) if (source[j] === '\n') (line++, (lineStart = j + 1));
      i = end + 1;
    } else if (c === '\'' ) {
      // A char literal ('a', '\n', '"') or a lifetime ('a): skip the char literal whole.
      const m = /^'(?:\\.|[^\\'])'/.exec(source.slice(i, i + 12)) || /^'\\u\{[0-9a-fA-F]+\}'/.exec(source.slice(i, i + 14));
      if (m) i += m[0].length - 1;
    } else if (c === '"' || (c === 'r' && /^r#*"/.test(source.slice(i, i + 10)) && !/[\w]/.test(source[i - 1] ?? ''))) {
      const startLine = line;
      const before = source.slice(lineStart, i);
      let text = '';
      if (c === 'r') {
        const hashes = /^r(#*)"/.exec(source.slice(i))[1];
        const close = '"' + hashes;
        const open = i + 2 + hashes.length;
        const end = source.indexOf(close, open);
        text = source.slice(open, end);
        for (const ch of text) if (ch === '\n') line++;
        i = end + close.length - 1;
      } else {
        let j = i + 1;
        while (j < source.length && source[j] !== '"') {
          if (source[j] === '\\') j++;
          else if (source[j] === '\n') line++;
          j++;
        }
        text = source.slice(i + 1, j);
        i = j;
      }
      const lineEnd = source.indexOf('\n', i);
      found.push({ line: startLine, before, after: source.slice(i + 1, lineEnd < 0 ? undefined : lineEnd), text });
    }
  }
  return found;
}

function looksLikeWords(text) {
  const plain = text.replace(/\{[^{}]*\}/g, ' ').replace(/\\[nt]/g, ' ').trim();
  if (ALLOWED.has(plain)) return false;
  const words = plain.split(/\s+/).filter((word) => /^[(“"']?[A-Za-zÀ-ÿ][a-zà-ÿ']*[)”"'.,:;!?…]*$/.test(word));
  return /^[A-Z][a-z]/.test(plain) || words.length >= 2;
}

const targets = process.argv.slice(2);
const problems = [];
for (const file of (targets.length ? targets : ['src']).flatMap(files).sort()) {
  const source = fs.readFileSync(file, 'utf8');
  const testsAt = source.search(/^#\[cfg\(test\)\]/m);
  for (const literal of literals(testsAt < 0 ? source : source.slice(0, testsAt))) {
    if (!looksLikeWords(literal.text)) continue;
    if (TECHNICAL_ATTRIBUTE.test(literal.before) || DEVELOPER_CALL.test(literal.before)) continue;
    if (/\/\/ not UI: \S/.test(literal.after)) continue;
    problems.push(`${file}:${literal.line}: "${literal.text.length > 70 ? literal.text.slice(0, 67) + '…' : literal.text}"`);
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  console.error(`\n${problems.length} literal(s) look like words for people: put them in the catalogue (locales/README.md),`);
  console.error('or, for a value that is stored or sent and never shown, end the line with `// not UI: <why>`.');
  process.exit(1);
}
console.log('ui-strings: every text for people comes from the catalogue');

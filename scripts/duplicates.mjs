// Fails when a block of source lines is repeated under a folder (default: src/): six or more
// consecutive meaningful lines that stand again, identical after folding white space, elsewhere.
// Blank lines, comments, lone punctuation and `use` lines do not count, so a repeated block is
// logic or markup written twice, which belongs in the UI kit or the core instead.
//
//   node scripts/duplicates.mjs [folder] [--min-lines N]
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const minIndex = args.indexOf('--min-lines');
const MIN = minIndex >= 0 ? Number(args[minIndex + 1]) : 6;
const root = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--min-lines') ?? 'src';

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return files(full);
    return entry.name.endsWith('.rs') ? [full] : [];
  });
}

const meaningful = (line) =>
  line !== '' && !line.startsWith('//') && !/^[\s{}()[\];,.|&>]*$/.test(line) && !/^(pub )?use /.test(line);

// Every meaningful line of every file, with where it stands.
const sources = files(root)
  .sort()
  .map((file) => {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const kept = [];
    lines.forEach((raw, index) => {
      const line = raw.trim().replace(/\s+/g, ' ');
      if (meaningful(line)) kept.push({ line, number: index + 1 });
    });
    return { file, kept };
  });

// Windows of MIN meaningful lines, by their text.
const seen = new Map();
for (const { file, kept } of sources) {
  for (let start = 0; start + MIN <= kept.length; start += 1) {
    const key = kept
      .slice(start, start + MIN)
      .map((entry) => entry.line)
      .join('\n');
    const places = seen.get(key) ?? [];
    places.push({ file, from: kept[start].number, to: kept[start + MIN - 1].number });
    seen.set(key, places);
  }
}

// One report per pair of places, extended windows folded into the first.
const reported = new Set();
const pairs = [];
for (const places of seen.values()) {
  if (places.length < 2) continue;
  const [a, b] = places;
  const key = `${a.file}:${b.file}:${a.from - b.from}`;
  if (reported.has(key)) continue;
  // Overlapping windows of one file are one run, not a repeat.
  if (a.file === b.file && b.from <= a.to) continue;
  reported.add(key);
  pairs.push(`${a.file}:${a.from}-${a.to} ~ ${b.file}:${b.from}-${b.to}${places.length > 2 ? ` (+${places.length - 2} more)` : ''}`);
}

if (pairs.length === 0) {
  console.log(`no repeated blocks of ${MIN}+ lines in ${root}/ (${sources.length} files)`);
} else {
  console.log(`${pairs.length} repeated block(s) of ${MIN}+ lines in ${root}/:`);
  for (const pair of pairs) console.log(`  ${pair}`);
  console.log('Move the repeated code into one place (src/ui/ for UI pieces, the core for logic).');
  process.exit(1);
}

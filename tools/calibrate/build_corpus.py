#!/usr/bin/env python3
"""Assemble the calibration corpus (corpus/corpus.jsonl) from redistributable local text.

Run once to (re)build the committed corpus; `--written-only` keeps the committed samples of the
other kinds and rebuilds only those of `written/` (how a language is added or grown).
calibrate.py only reads the committed file, so the calibration stays reproducible on machines
without these sources. Every sample records where it came from; corpus/SOURCES.md lists the sources and their licences.

Sources (all permissive, see SOURCES.md):
- this repository (MIT): Markdown, Rust, JavaScript, shell, JSON;
- CPython 3.11 standard library and its pydoc topics (PSF-2.0): Python, prose;
- crates in ~/.cargo/registry whose Cargo.toml licence is MIT/Apache/BSD/Zlib/Unicode: Rust,
  Markdown, JSON, shell;
- npm packages installed on this machine with MIT/ISC/Apache/BSD licences: JavaScript,
  TypeScript, JSON;
- pyenv (MIT): shell;
- written/*.txt (written for this corpus, MIT): German, French, Spanish, Indonesian, Russian,
  Chinese, Japanese, Korean texts, one sample per text plus samples joining several of one half;
- handoff-like text generated here from templates written for this corpus.
"""

import argparse
import glob
import json
import os
import random
import re
import sys

from calibrate import half_of, sample_id

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "corpus", "corpus.jsonl")
HOME = os.path.expanduser("~")
REGISTRY = sorted(glob.glob(os.path.join(HOME, ".cargo/registry/src/*/")))
PYLIB = os.path.dirname(os.__file__)
NODE_DIRS = ["/usr/lib/node_modules", os.path.join(REPO, "e2e/node_modules"), "/work/main/e2e/node_modules"]
PERMISSIVE = re.compile(r"\b(MIT|Apache-2\.0|BSD-[23]-Clause|ISC|Zlib|Unicode-3\.0|Unicode-DFS-2016|0BSD|Unlicense|BlueOak-1\.0\.0)\b")
COPYLEFT = re.compile(r"\b(GPL|LGPL|AGPL|MPL)")

rng = random.Random(2026)
samples = []
used_sources = {}


def read(path):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return None


def sample_size(generator=rng):
    """Short turns, medium notes and long files: 20 to 4,000 characters."""
    roll = generator.random()
    if roll < 0.15:
        return generator.randint(20, 200)
    if roll < 0.65:
        return generator.randint(200, 1500)
    return generator.randint(1500, 4000)


def readable(piece):
    """Hand-written text, not minified bundles or data blobs."""
    lines = piece.split("\n")
    return max(len(line) for line in lines) <= 400 and len(piece) / max(1, len(lines)) <= 120


def cut(text, size):
    """A piece of about `size` characters starting at a line start."""
    start = rng.randint(0, max(0, len(text) - size))
    start = text.rfind("\n", 0, start) + 1
    return text[start:start + size]


seen = set()


def add(kind, text, source, licence):
    if len(text) < 20 or len(text) > 5000 or not text.strip() or text in seen:
        return False
    seen.add(text)
    samples.append({"id": sample_id(kind, text), "kind": kind, "source": source, "text": text})
    used_sources.setdefault((kind, licence), set()).add(source)
    return True


def take(kind, files, count, licence_of, per_file=1):
    """`count` readable pieces from `files`, at most `per_file` from each."""
    files = list(files)
    rng.shuffle(files)
    taken = 0
    for path in files:
        text = read(path)
        if not text or len(text.strip()) < 20:
            continue
        # Small files give one piece; only large ones give several.
        for _ in range(min(per_file, 1 + len(text) // 4000)):
            for _attempt in range(5):
                piece = cut(text, sample_size())
                if readable(piece) and add(kind, piece, source_name(path), licence_of(path)):
                    taken += 1
                    break
            if taken >= count:
                return
    print(f"warning: {kind}: only {taken} of {count}", file=sys.stderr)


def source_name(path):
    for root, name in [(REPO + "/", "baton/"), (PYLIB + "/", "cpython/Lib/"), (HOME + "/.pyenv/", "pyenv/")]:
        if path.startswith(root):
            return name + path[len(root):]
    for reg in REGISTRY:
        if path.startswith(reg):
            return "crates.io/" + path[len(reg):]
    for node in NODE_DIRS:
        if path.startswith(node + "/"):
            return "npm/" + path[len(node) + 1:]
    return path


def crate_licence(path):
    for reg in REGISTRY:
        if path.startswith(reg):
            crate = path[len(reg):].split("/")[0]
            manifest = read(os.path.join(reg, crate, "Cargo.toml")) or ""
            found = re.search(r'^license\s*=\s*"([^"]+)"', manifest, re.M)
            return found.group(1) if found else None
    return None


def npm_licence(path):
    """The licence of the innermost package holding `path`."""
    directory = os.path.dirname(path)
    while directory and directory != "/":
        manifest = os.path.join(directory, "package.json")
        if os.path.exists(manifest):
            try:
                data = json.load(open(manifest, encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            if "name" in data:
                licence = data.get("license")
                return licence if isinstance(licence, str) else None
        directory = os.path.dirname(directory)
    return None


def permissive(licence):
    return bool(licence) and bool(PERMISSIVE.search(licence)) and not (
        COPYLEFT.search(licence) and " OR " not in licence and "/" not in licence
    )


def crate_files(pattern):
    found = []
    for reg in REGISTRY:
        found += glob.glob(os.path.join(reg, pattern), recursive=True)
    return [p for p in found if permissive(crate_licence(p))]


def node_files(pattern):
    found = []
    for node in NODE_DIRS:
        found += glob.glob(os.path.join(node, pattern), recursive=True)
    return [p for p in found if ".min." not in p and permissive(npm_licence(p))]


def repo_files(*patterns):
    found = []
    for pattern in patterns:
        found += glob.glob(os.path.join(REPO, pattern), recursive=True)
    return [p for p in found if "/node_modules/" not in p and "/target/" not in p and "/tools/calibrate/" not in p]


# JSON as Baton exports it: records with ids, timestamps and nested text.
def generated_json():
    words = "handoff session project account ledger checkpoint knowledge draft budget note".split()
    records = []
    for index in range(rng.randint(1, 8)):
        records.append({
            "id": "%08x-%04x-7%03x-%04x-%012x" % (rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12),
                                                 0x8000 | rng.getrandbits(14), rng.getrandbits(48)),
            "kind": rng.choice(words),
            "title": " ".join(rng.choice(words).capitalize() if i == 0 else rng.choice(words) for i in range(rng.randint(2, 6))),
            "created_at": "2026-%02d-%02dT%02d:%02d:%02d.%03dZ" % (rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23),
                                                                rng.randint(0, 59), rng.randint(0, 59), rng.randint(0, 999)),
            "credits": round(rng.uniform(0, 500), 2),
            "tags": rng.sample(words, rng.randint(0, 4)),
            "done": rng.random() < 0.5,
            "position": index,
        })
    doc = {"format": "baton-export", "version": 3, "records": records}
    return json.dumps(doc, indent=rng.choice([None, 2]), ensure_ascii=False)


# Handoff-like text: the mix of Markdown, file paths, code, transcript and markers people paste.
PROJECTS = ["Invoice parser", "Garden planner", "Baton", "Recipe scaler", "Tide tables", "Chess clock", "Sprint board"]
GOALS = [
    "Parse supplier invoices from PDF text into ledger lines the accountant can check.",
    "Plan which vegetables go where in a small garden, with watering reminders.",
    "Carry one piece of AI-assisted work across accounts without losing a decision.",
    "Scale recipes by servings and convert units without rounding errors.",
    "Show the next high and low tide for a harbour, offline.",
]
DONE = [
    "✅ Added the `parse_line` function and its tests (14 passing).",
    "✅ Moved the settings into `config/default.toml`.",
    "✅ Fixed the off-by-one in pagination (page 0 was skipped).",
    "Wrote the migration `0003_add_due_dates.sql` and ran it locally.",
    "Replaced the regex with a small hand-written tokenizer, 3x faster on the 2 MB sample.",
    "Set up CI on GitHub Actions: fmt, clippy, test.",
]
BLOCKERS = [
    "⚠️ The staging API returns 502 for requests larger than 1 MB.",
    "🚧 Waiting for the design of the settings page.",
    "❌ `cargo test` fails on Windows: path separators in snapshot files.",
    "The vendor's sandbox key expired on 2026-03-14; a new one is requested.",
]
DECISIONS = [
    "Decided: keep SQLite, because the app must work offline.",
    "We store amounts as integer cents, never floats.",
    "Don't add a dependency for dates; chrono is already there.",
    "The public API stays synchronous; the browser layer wraps it.",
    "IMPORTANT: never log the user's API key, not even in debug builds.",
]
FILES = ["src/lib.rs", "src/parser/mod.rs", "crates/core/src/tokens.rs", "web/src/App.tsx", "scripts/deploy.sh",
         "tests/fixtures/invoice-42.txt", "README.md", "migrations/0003_add_due_dates.sql", "app/models/user.py"]
TURNS = [
    ("User", "Can you check why the total is off by a cent on invoice 42?"),
    ("Assistant", "The rounding happens per line before summing. Summing cents first and rounding once fixes it:"),
    ("User", "ok that works. next: the date column sometimes has `03/04/2026` — is that March or April?"),
    ("Assistant", "It depends on the supplier's locale. I suggest a per-supplier setting with `dd/mm/yyyy` as the default."),
    ("User", "Please keep the changes small, I'm reviewing on my phone."),
    ("Assistant", "Understood. Here is the smallest change, three lines in `src/parser/mod.rs`."),
]
SNIPPETS = [
    "```rust\nfn total_cents(lines: &[Line]) -> i64 {\n    lines.iter().map(|line| line.cents).sum()\n}\n```",
    "```ts\nexport function nextTide(tides: Tide[], now: Date): Tide | undefined {\n  return tides.find((t) => t.at > now);\n}\n```",
    "```python\ndef scale(recipe, servings):\n    factor = servings / recipe.servings\n    return [replace(i, amount=i.amount * factor) for i in recipe.items]\n```",
    "```sh\ncargo test -p parser -- --nocapture\nRUST_LOG=debug cargo run -- --input tests/fixtures/invoice-42.txt\n```",
    "```json\n{\"supplier\": \"ACME GmbH\", \"total_cents\": 129900, \"lines\": 17}\n```",
]
NOISE = ["Copy code", "Loading…", "Thinking…", "---", "Regenerate", "12:41", "Edit"]


def handoff_text():
    project = rng.choice(PROJECTS)
    parts = [f"# Handoff: {project}", f"Generated 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} · ≈ {rng.randint(800, 9000):,} tokens"]
    sections = [
        ("## Goal", [rng.choice(GOALS)]),
        ("## Done", ["- " + line for line in rng.sample(DONE, rng.randint(1, 4))]),
        ("## Blockers", ["- " + line for line in rng.sample(BLOCKERS, rng.randint(1, 3))]),
        ("## Decisions and constraints", ["- " + line for line in rng.sample(DECISIONS, rng.randint(1, 4))]),
        ("## Key files", [f"- `{path}` — {rng.choice(['entry point', 'the parser', 'tests', 'deploy', 'docs', 'schema'])}"
                          for path in rng.sample(FILES, rng.randint(2, 5))]),
        ("## Next steps", [f"{i + 1}. {step}" for i, step in enumerate(rng.sample(
            ["Run the full test suite", "Ask the user about the date format", "Open a PR against `main`",
             "Measure the parse time on the 2 MB sample", "Write the changelog entry", "Remove the feature flag"], 3))]),
        ("## Recent conversation", []),
        ("## Code", [rng.choice(SNIPPETS)]),
    ]
    rng.shuffle(sections[1:])
    for heading, lines in sections[: rng.randint(2, len(sections))]:
        if heading == "## Recent conversation":
            start = rng.randint(0, len(TURNS) - 2)
            lines = []
            for who, said in TURNS[start:start + rng.randint(2, 4)]:
                lines.append(f"{who}: {said}")
                if rng.random() < 0.3:
                    lines.append(rng.choice(NOISE))
        parts.append(heading)
        parts.append("\n".join(lines))
    text = "\n\n".join(parts)
    return text[: rng.randint(min(len(text), 120), len(text))]



def gather_local():
    """Every kind but the written languages, cut from the sources on this machine."""
    # English prose: the Python reference topics (plain text with a few examples).
    import pydoc_data.topics as topics

    topic_texts = [text for _, text in sorted(topics.topics.items()) if len(text) > 400]
    rng.shuffle(topic_texts)
    for text in topic_texts[:110]:
        for _ in range(5):
            piece = cut(text, sample_size())
            if readable(piece) and add("prose", piece, "cpython/Lib/pydoc_data/topics.py", "PSF-2.0"):
                break

    # More prose: the module docstrings of the standard library.
    import ast

    docstrings = []
    for path in sorted(glob.glob(os.path.join(PYLIB, "*.py"))):
        try:
            doc = ast.get_docstring(ast.parse(read(path) or ""))
        except SyntaxError:
            doc = None
        if doc and len(doc) > 300:
            docstrings.append((path, doc))
    rng.shuffle(docstrings)
    prose = sum(1 for sample in samples if sample["kind"] == "prose")
    for path, doc in docstrings[: 120 - prose]:
        add("prose", cut(doc, sample_size()), source_name(path) + " (docstring)", "PSF-2.0")

    take("markdown", repo_files("*.md", "crates/**/*.md", "docs/**/*.md"), 5, lambda p: "MIT", per_file=4)
    take("markdown", crate_files("*/*.md"), 110, crate_licence)
    take("rust", repo_files("crates/**/*.rs", "src/**/*.rs"), 50, lambda p: "MIT")
    take("rust", crate_files("*/src/**/*.rs"), 80, crate_licence)
    take("python", glob.glob(os.path.join(PYLIB, "*.py")) + glob.glob(os.path.join(PYLIB, "*/*.py")), 110, lambda p: "PSF-2.0")
    take("javascript", repo_files("e2e/*.mjs", "scripts/*.mjs"), 20, lambda p: "MIT", per_file=2)
    take("javascript", node_files("**/*.js"), 90, npm_licence)
    take("typescript", node_files("**/*.d.ts"), 60, npm_licence, per_file=25)
    take("json", repo_files("e2e/*.json", "**/package.json", "public/*.json", "assets/**/*.json"), 5, lambda p: "MIT", per_file=3)
    take("json", node_files("**/package.json") + crate_files("*/**/*.json"), 40, lambda p: crate_licence(p) or npm_licence(p))
    take("shell", repo_files("scripts/*.sh"), 6, lambda p: "MIT", per_file=2)
    take("shell", glob.glob(os.path.join(HOME, ".pyenv/libexec/*")) + glob.glob(os.path.join(HOME, ".pyenv/plugins/*/bin/*")), 40, lambda p: "MIT")
    take("shell", crate_files("*/**/*.sh"), 15, crate_licence)



    for _ in range(15):
        add("json", generated_json(), "generated by build_corpus.py", "MIT")


    for _ in range(100):
        add("handoff", handoff_text(), "generated by build_corpus.py", "MIT")



# Other languages: texts written for this corpus (`written/<language>.txt`, blocks separated by a
# line `%%`), made into samples of the same lengths as every other kind (sample_size: 15% short,
# 50% medium, 35% long): a short sample is one text, a longer one joins texts of one half (fit or
# report, see calibrate.half_of), so that no text of the report half is ever in a fit sample.
LANGUAGE_HEADINGS = {
    "german": ("Stand", "Nächste Schritte"), "french": ("État", "Prochaines étapes"),
    "spanish": ("Estado", "Próximos pasos"), "indonesian": ("Kondisi saat ini", "Langkah berikutnya"),
    "russian": ("Состояние", "Следующие шаги"), "chinese": ("当前状态", "下一步"),
    "japanese": ("現状", "次の作業"), "korean": ("현재 상태", "다음 단계"),
}
# Samples per language: enough that each half is meaningful.
WRITTEN_SAMPLES = {"indonesian": 200}
WRITTEN_DEFAULT = 64


def written_blocks(language):
    text = read(os.path.join(HERE, "written", f"{language}.txt")) or ""
    return [block.strip("\n") for block in text.split("\n%%\n") if block.strip()]


def join_blocks(chosen, shape, headings):
    state, steps = headings
    if shape == 0 and not any("\n" in block for block in chosen):
        return " ".join(chosen)
    if shape == 1 and not any("\n" in block for block in chosen):
        return "\n".join("- " + block for block in chosen)
    if shape == 2:
        half = max(1, len(chosen) // 2)
        return f"## {state}\n\n" + "\n\n".join(chosen[:half]) + f"\n\n## {steps}\n\n" + "\n".join(
            f"{i + 1}. {block}" for i, block in enumerate(chosen[half:]))
    return "\n\n".join(chosen)


def written_samples(language):
    """Samples of the lengths sample_size() draws, from the texts of one half at a time."""
    source = f"tools/calibrate/written/{language}.txt"
    by_half = {"fit": [], "report": []}
    for block in written_blocks(language):
        by_half[half_of(sample_id(language, block))].append(block)
    local = random.Random(f"written-{language}")
    wanted = WRITTEN_SAMPLES.get(language, WRITTEN_DEFAULT)
    made = attempts = 0
    while made < wanted and attempts < 200 * wanted:
        attempts += 1
        half = ("fit", "report")[made % 2]
        pool = by_half[half]
        size = sample_size(local)
        if size < 200:
            text = local.choice(pool)
        else:
            chosen, length = [], 0
            for block in local.sample(pool, len(pool)):
                if length >= size or length + len(block) > 4800:
                    break
                chosen.append(block)
                length += len(block) + 2
            text = join_blocks(chosen, local.randrange(4), LANGUAGE_HEADINGS[language])
        # A joined sample stays in its texts' half: keep it only if its own id falls there too.
        if half_of(sample_id(language, text)) == half and add(language, text, source, "MIT"):
            made += 1
    if made < wanted:
        print(f"warning: {language}: only {made} of {wanted} samples", file=sys.stderr)


def committed_licences():
    """(kind, source) → licence, from the committed SOURCES.md."""
    licences = {}
    text = read(os.path.join(HERE, "corpus", "SOURCES.md")) or ""
    for found in re.finditer(r"^\| (\w+) \| ([^|]+) \| `([^`]+)` \|$", text, re.M):
        licences[(found.group(1), found.group(3))] = found.group(2).strip()
    return licences


parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--written-only", action="store_true",
                    help="keep the committed samples of the other kinds; rebuild only those of written/")
args = parser.parse_args()
if args.written_only:
    licences = committed_licences()
    for line in open(OUT, encoding="utf-8"):
        sample = json.loads(line)
        if not sample["source"].startswith("tools/calibrate/written/"):
            add(sample["kind"], sample["text"], sample["source"], licences.get((sample["kind"], sample["source"]), "see git history"))
else:
    gather_local()
for language in LANGUAGE_HEADINGS:
    written_samples(language)

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w", encoding="utf-8") as out:
    for sample in samples:
        out.write(json.dumps(sample, ensure_ascii=False) + "\n")

# SOURCES.md: every file a sample was cut from, with its licence.
SOURCES_HEADER = """# Corpus sources

`corpus.jsonl` holds one JSON object a line: `id` (kind and the start of the text's sha256),
`kind`, `source` (where the text was cut from) and `text`; `reference.jsonl` holds the real o200k
count of each (id, sha256 of the text, count, half), written by `../calibrate.py`. It was assembled by `../build_corpus.py` from text that may be redistributed:

| origin | licence |
|---|---|
| `baton/…`: this repository | MIT |
| `cpython/Lib/…`: the CPython 3.11 standard library and its `pydoc_data` topics | PSF-2.0 |
| `crates.io/<crate>/…`: crate sources in the local Cargo registry | the crate's own licence, listed below (only MIT, Apache-2.0, BSD, ISC, Zlib, Unicode or Unlicense) |
| `npm/<package>/…`: npm packages installed on the build machine | the package's own licence, listed below (only MIT, ISC, Apache-2.0, BSD, BlueOak) |
| `pyenv/…`: pyenv's scripts | MIT |
| `tools/calibrate/written/*.txt`: texts written for this corpus (German, French, Spanish, Indonesian — conversational, technical, Indonesian–English developer chat, handoff notes and reports —, Russian, Chinese, Japanese, Korean): one sample per text, plus samples joining several texts of the same half | MIT (this repository) |
| `generated by build_corpus.py`: handoff-like notes and JSON exports from templates written for this corpus | MIT (this repository) |

Samples are excerpts (20 to 5,000 characters) of these files; copyright stays with their authors.

| kind | licence | source |
|---|---|---|
"""
with open(os.path.join(HERE, "corpus", "SOURCES.md"), "w", encoding="utf-8") as out:
    out.write(SOURCES_HEADER)
    for (kind, licence), sources in sorted(used_sources.items()):
        for source in sorted(sources):
            out.write(f"| {kind} | {licence} | `{source}` |\n")

counts = {}
for sample in samples:
    counts[sample["kind"]] = counts.get(sample["kind"], 0) + 1
print(len(samples), "samples,", os.path.getsize(OUT), "bytes:", counts)

#!/usr/bin/env python3
"""Compare Baton's token estimate with the real o200k tokenizer on the committed corpus.

    python3 tools/calibrate/calibrate.py            # prints the table, writes RESULTS.md
    python3 tools/calibrate/calibrate.py --worst 20 # also shows the 20 worst samples
    python3 tools/calibrate/calibrate.py --no-write # prints only

Real counts come from tiktoken (0.14) with the o200k_base vocabulary read from a local file, so
no network is needed: the `tiktoken-rs` crate ships the same file (sha256 446a9538…) in its
source, `~/.cargo/registry/src/*/tiktoken-rs-*/assets/o200k_base.tiktoken` (fetch it once with
`cargo download tiktoken-rs` or any project depending on it). Another copy can be named with
`O200K_FILE=/path/to/o200k_base.tiktoken`. The file's hash is checked before use.

Baton's estimates come from `estimate/`, a tiny binary over `baton_core::tokens::estimate_tokens`
(built here with `cargo build --release`; it has its own workspace, outside the app's).
"""

import argparse
import glob
import hashlib
import json
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus", "corpus.jsonl")
RESULTS = os.path.join(HERE, "RESULTS.md")
ESTIMATE = os.path.join(HERE, "estimate")
O200K_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"
# Report order: code and prose first, then the other languages.
KIND_ORDER = ["prose", "markdown", "handoff", "rust", "python", "javascript", "typescript", "json", "shell",
              "german", "french", "spanish", "indonesian", "russian", "chinese", "japanese", "korean"]
LENGTHS = [("20–199 chars", 0, 200), ("200–1,499 chars", 200, 1500), ("1,500–5,000 chars", 1500, 10**9)]


def vocabulary_file():
    named = os.environ.get("O200K_FILE")
    if named:
        return named
    pattern = os.path.expanduser("~/.cargo/registry/src/*/tiktoken-rs-*/assets/o200k_base.tiktoken")
    found = sorted(glob.glob(pattern))
    if not found:
        sys.exit("o200k_base.tiktoken not found: fetch the tiktoken-rs crate into ~/.cargo/registry "
                 "(any `cargo fetch` of a project depending on it) or set O200K_FILE to a copy of the file.")
    return found[-1]


def o200k():
    """tiktoken's own o200k_base definition, with the vocabulary read from the local file."""
    import tiktoken
    import tiktoken.load
    from tiktoken_ext import openai_public

    path = vocabulary_file()
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if digest != O200K_SHA256:
        sys.exit(f"{path} is not o200k_base (sha256 {digest}, expected {O200K_SHA256}).")
    openai_public.load_tiktoken_bpe = lambda _url, expected_hash=None: tiktoken.load.load_tiktoken_bpe(path, expected_hash)
    return tiktoken.Encoding(**openai_public.o200k_base()), path


def estimates(texts):
    build = ["cargo", "build", "--quiet", "--release", "--manifest-path", os.path.join(ESTIMATE, "Cargo.toml")]
    subprocess.run(build, check=True)
    binary = os.path.join(ESTIMATE, "target", "release", "baton-calibrate-estimate")
    feed = "".join(json.dumps(text) + "\n" for text in texts)
    out = subprocess.run([binary], input=feed, capture_output=True, text=True, check=True).stdout
    return [int(line) for line in out.split()]


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def row(name, errors):
    """Shares within 5/10/20%, median and p90 absolute error, mean signed error (bias)."""
    absolute = [abs(e) for e in errors]
    within = lambda limit: 100.0 * sum(1 for e in absolute if e <= limit) / len(absolute)  # noqa: E731
    return (name, len(errors), within(0.05), within(0.10), within(0.20), 100 * statistics.median(absolute),
            100 * percentile(absolute, 0.9), 100 * statistics.fmean(errors))


def table(rows):
    lines = ["| kind | samples | within 5% | within 10% | within 20% | median abs. error | p90 abs. error | bias |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, n, w5, w10, w20, median, p90, bias in rows:
        lines.append(f"| {name} | {n} | {w5:.0f}% | {w10:.1f}% | {w20:.0f}% | {median:.1f}% | {p90:.1f}% | {bias:+.1f}% |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--worst", type=int, default=0, help="show the N samples with the largest error")
    parser.add_argument("--no-write", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args()

    samples = [json.loads(line) for line in open(CORPUS, encoding="utf-8")]
    encoding, path = o200k()
    texts = [sample["text"] for sample in samples]
    real = [len(encoding.encode(text, disallowed_special=())) for text in texts]
    estimated = estimates(texts)
    errors = [(e - r) / r for e, r in zip(estimated, real)]

    by_kind = {}
    for sample, error in zip(samples, errors):
        by_kind.setdefault(sample["kind"], []).append(error)
    kinds = sorted(by_kind, key=lambda k: (KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER), k))
    kind_rows = [row(kind, by_kind[kind]) for kind in kinds]
    length_rows = []
    for name, low, high in LENGTHS:
        picked = [e for s, e in zip(samples, errors) if low <= len(s["text"]) < high]
        if picked:
            length_rows.append(row(name, picked))
    overall = row("**all**", errors)

    report = "\n\n".join([
        "By kind:\n\n" + table(kind_rows + [overall]),
        "By length:\n\n" + table(length_rows),
        f"Totals: {sum(real):,} real tokens, {sum(estimated):,} estimated "
        f"({100 * (sum(estimated) - sum(real)) / sum(real):+.1f}%).",
    ])
    print(report)

    if args.worst:
        ranked = sorted(range(len(samples)), key=lambda i: -abs(errors[i]))[: args.worst]
        for i in ranked:
            print(f"\n--- {samples[i]['kind']} {samples[i]['source']} real={real[i]} estimated={estimated[i]} "
                  f"({100 * errors[i]:+.0f}%)\n{texts[i][:400]}")

    if not args.no_write:
        import tiktoken

        with open(RESULTS, "w", encoding="utf-8") as out:
            out.write(
                "# Token estimate calibration\n\n"
                "Written by `calibrate.py`: Baton's `estimate_tokens` against the real o200k tokenizer "
                f"(tiktoken {tiktoken.__version__}, vocabulary `{os.path.basename(path)}` sha256 "
                f"`{O200K_SHA256[:12]}…`) on the {len(samples):,} samples of `corpus/corpus.jsonl` "
                "(see `corpus/SOURCES.md`). Errors are (estimate − real) / real; bias is the mean signed "
                "error (positive: the estimate runs high).\n\n"
                "The bar (handoff spec, Budget): within 10% for at least 90% of the corpus.\n\n"
                + report + "\n")
        print(f"\nwrote {os.path.relpath(RESULTS)}")


if __name__ == "__main__":
    main()

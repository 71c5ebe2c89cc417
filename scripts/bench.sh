#!/usr/bin/env bash
# The benchmark (not a test; scripts/test.sh never runs it): measures Baton against the targets of the
# quality spec (Performance) in headless Chromium, side by side with Dexie and plain IndexedDB.
#
#   scripts/bench.sh
#
# 1. installs what is missing (scripts/setup.sh --with-browser: Rust wasm target, Trunk, wasm-bindgen,
#    wasm-opt, the Node packages of e2e/ including Dexie, Chromium);
# 2. builds a release dist into target/bench-dist (trunk build --release);
# 3. generates the datasets into target/bench-data if missing (cargo run --release -p bench-data:
#    heavy ≈ 107 MB and medium, deterministic; delete the folder to regenerate);
# 4. runs bench/run.mjs: serves the dist with its shipped headers (e2e/serve.mjs) and the anchor page,
#    drives Chromium, prints one line per figure (median of BENCH_RUNS=5 runs, min–max, target,
#    PASS/FAIL) and writes target/bench/results-<timestamp>.json and target/bench/latest.json.
#
# Env: BENCH_RUNS, BENCH_IMPORT_RUNS, BENCH_ONLY=size,empty,import,heavy,native,tokens, BENCH_DATASET
# (heavy | medium), BENCH_SKIP_BUILD=1 (reuse target/bench-dist). On the project's 2-core machine a full
# run takes about half an hour, most of it the five imports of the heavy file.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# wasm-opt 132 from npm must come before Debian's broken binaryen 108 (/usr/bin/wasm-opt); cargo tools next.
export PATH="$ROOT/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST="$ROOT/target/bench-dist"
DATA="$ROOT/target/bench-data"

bash "$ROOT/scripts/setup.sh" --with-browser

if [[ "${BENCH_SKIP_BUILD:-0}" != 1 || ! -f "$DIST/index.html" ]]; then
  echo "bench: trunk build --release --dist target/bench-dist"
  trunk build --release --dist "$DIST"
fi

for name in heavy medium; do
  if [[ ! -f "$DATA/$name.json" || ! -f "$DATA/$name.meta.json" || ! -f "$DATA/schema.json" ]]; then
    echo "bench: generating the $name dataset into target/bench-data"
    cargo run --release -q -p bench-data -- --out "$DATA" "$name"
  fi
done

# The native bundle-build figure compiles baton-core's tests in release mode into the same target dir.
export CARGO_TARGET_DIR="$TARGET"
BENCH_DIST="$DIST" BENCH_DATA="$DATA" node "$ROOT/bench/run.mjs"

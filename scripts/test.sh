#!/usr/bin/env bash
# Run every check and test of Baton, in order, stopping at the first failure:
#   setup         scripts/setup.sh --with-browser (installs what is missing)
#   fmt           cargo fmt --all --check
#   clippy-native cargo clippy (host target), warnings are errors
#   clippy-wasm   cargo clippy --target wasm32-unknown-unknown, warnings are errors
#   duplicates    scripts/duplicates.mjs: no block of 6+ lines repeated under src/ (it belongs in src/ui/ or the core)
#   ui-strings    scripts/ui-strings.mjs: no literal in src/ that looks like words for people (they are catalogue keys)
#   test-native   cargo test --workspace (the domain crate, the benchmark data generator, the app's native unit tests)
#   test-browser  wasm-bindgen-test of the baton package in headless Chromium
#   build         trunk build --release → dist/
#   size          scripts/size.sh (first-load transfer vs the 300 KiB target)
#   e2e           node --test e2e/*.test.mjs (Playwright + Chromium against dist/, served by e2e/serve.mjs)
# Each stage's output goes to the terminal and to target/test-logs/STAGE.log. The end is a table of stages and,
# as the very last line, `summary: N passed, M failed` (tests of test-native, test-browser and e2e).
#
# Local iteration: BATON_SKIP=clippy,e2e scripts/test.sh skips stages; an entry matches a stage name or the
# part before its dash (clippy = clippy-native + clippy-wasm, test = test-native + test-browser).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# wasm-opt 132 from npm must come before Debian's broken binaryen 108 (/usr/bin/wasm-opt); cargo tools next.
export PATH="$ROOT/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
LOG_DIR="$ROOT/target/test-logs"
mkdir -p "$LOG_DIR"

IFS=',' read -r -a skip_list <<<"${BATON_SKIP:-}"
skipped() {
  local s
  for s in "${skip_list[@]}"; do
    s="${s// /}"
    [[ -n "$s" && ("$1" == "$s" || "$1" == "$s"-*) ]] && return 0
  done
  return 1
}

total_start=$EPOCHREALTIME
passed=0 failed=0 failed_stage=""
rows=()

# Sum test counts printed in a log: libtest / wasm-bindgen-test-runner `test result: ok. N passed; M failed; …`
# and node --test `# pass N` / `# fail N` (TAP, used when output is piped) or `ℹ pass N` (spec reporter).
count_tests() {
  local counts
  counts="$(sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '
    /^test result: / { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i } }
    /^(#|ℹ) pass [0-9]+$/ { p += $3 }
    /^(#|ℹ) fail [0-9]+$/ { f += $3 }
    END { printf "%d %d", p, f }')"
  read -r p f <<<"$counts"
  passed=$((passed + p)) failed=$((failed + f))
}

# stage NAME COUNTS(yes|no) COMMAND...
stage() {
  local name="$1" counts="$2"
  shift 2
  if [[ -n "$failed_stage" ]]; then
    rows+=("$name|-|not run")
    return 0
  fi
  if skipped "$name"; then
    rows+=("$name|-|skipped")
    return 0
  fi
  local log="$LOG_DIR/$name.log" start rc secs
  printf '\n=== %s: %s\n' "$name" "$*"
  start=$EPOCHREALTIME
  set +e
  ("$@") 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  set -e
  secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  [[ "$counts" == yes ]] && count_tests "$log"
  if ((rc == 0)); then
    rows+=("$name|$secs|ok")
  else
    rows+=("$name|$secs|FAILED (exit $rc, log: ${log#"$ROOT"/})")
    failed_stage="$name"
  fi
}

browser_tests() {
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    CHROMEDRIVER=/usr/bin/chromedriver \
    WASM_BINDGEN_TEST_WEBDRIVER_JSON="$ROOT/webdriver.json" \
    CARGO_PROFILE_DEV_DEBUG=0 \
    WASM_BINDGEN_TEST_TIMEOUT=120 \
    cargo test -p baton --target wasm32-unknown-unknown
}

# The app and its browser tests are linted for wasm32; the domain crate's library too (its native
# test helpers, such as proptest, do not target wasm32 and are linted natively).
wasm_clippy() {
  cargo clippy -p baton --all-targets --target wasm32-unknown-unknown -- -D warnings &&
    cargo clippy -p baton-core --lib --target wasm32-unknown-unknown -- -D warnings
}

e2e_tests() {
  cd "$ROOT/e2e" && node --test --test-concurrency=1 ./*.test.mjs
}

stage setup no bash "$ROOT/scripts/setup.sh" --with-browser
stage fmt no cargo fmt --all --check
stage clippy-native no cargo clippy --workspace --all-targets -- -D warnings
stage clippy-wasm no wasm_clippy
stage duplicates no node "$ROOT/scripts/duplicates.mjs" "$ROOT/src"
stage ui-strings no node "$ROOT/scripts/ui-strings.mjs" "$ROOT/src"
stage test-native yes cargo test --workspace
stage test-browser yes browser_tests
stage build no trunk build --release
stage size no bash "$ROOT/scripts/size.sh" "$ROOT/dist"
stage e2e yes e2e_tests

total=$(awk -v a="$total_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
echo
printf '%-14s %9s  %s\n' stage seconds result
for row in "${rows[@]}"; do
  IFS='|' read -r name secs result <<<"$row"
  printf '%-14s %9s  %s\n' "$name" "$secs" "$result"
done
printf '%-14s %9s\n' total "$total"
[[ -n "$failed_stage" ]] && echo "FAILED at stage: $failed_stage"
echo "summary: $passed passed, $failed failed"
[[ -z "$failed_stage" ]]

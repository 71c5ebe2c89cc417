#!/usr/bin/env bash
# Install everything Baton needs to build, serve and test. Idempotent: each step checks first, so a run on a
# ready machine takes a few seconds. Only crates.io, npm and Debian apt are reachable here (no GitHub downloads),
# hence tools are built with cargo install and wasm-opt comes from the npm package binaryen.
#
#   scripts/setup.sh                   Rust target + components, trunk, wasm-bindgen-cli, e2e/node_modules
#   scripts/setup.sh --with-browser    also Chromium, chromedriver and brotli (apt) for the tests
#
# First run on a fresh machine: ~13 min (cargo builds trunk ~8 min and wasm-bindgen-cli ~4 min).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TRUNK_VERSION=0.21.14 # 0.22.x needs rustc >= 1.96.1; see /work/shared/notes/toolchain.md
export PATH="$HOME/.cargo/bin:$PATH" # CI may start without ~/.cargo/bin on PATH

with_browser=0
for arg in "$@"; do
  case "$arg" in
    --with-browser) with_browser=1 ;;
    -h | --help) sed -n '2,9p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) echo "setup: unknown argument: $arg" >&2; exit 2 ;;
  esac
done

start=$EPOCHREALTIME
step() { printf 'setup: %-22s %s\n' "$1" "$2"; }

apt_install() {
  step apt "installing $*"
  # apt lists may be missing or stale on a fresh machine: update first.
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# --- Rust toolchain -------------------------------------------------------------------------------------------
if ! command -v rustup >/dev/null; then
  echo "setup: rustup not found; install Rust via rustup first (it cannot be downloaded from here)" >&2
  exit 1
fi
cd "$ROOT" # rustup resolves the toolchain (rust-toolchain.toml, if any) from the current directory
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step wasm32 "ok"
else
  step wasm32 "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi
components="$(rustup component list --installed)"
for c in rustfmt clippy; do
  if grep -q "^$c" <<<"$components"; then
    step "$c" "ok"
  else
    step "$c" "rustup component add $c"
    rustup component add "$c"
  fi
done

# --- trunk (exact version, its own Cargo.lock) -------------------------------------------------------------------
have_trunk="$(trunk --version 2>/dev/null | awk '{print $2}' || true)"
if [[ "$have_trunk" == "$TRUNK_VERSION" ]]; then
  step trunk "ok ($have_trunk)"
else
  step trunk "installing $TRUNK_VERSION (found: ${have_trunk:-none}; takes ~8 min)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# --- wasm-bindgen-cli: must equal the wasm-bindgen crate version in Cargo.lock -------------------------------------
# (trunk and wasm-bindgen-test-runner refuse a mismatched CLI.) Installed WITHOUT --locked: the CLI's shipped
# Cargo.lock pins a webpki-roots the registry does not have.
if [[ ! -f "$ROOT/Cargo.lock" && -f "$ROOT/Cargo.toml" ]]; then
  step Cargo.lock "missing: resolving (cargo generate-lockfile)"
  cargo generate-lockfile --manifest-path "$ROOT/Cargo.toml"
fi
wbg_version=""
if [[ -f "$ROOT/Cargo.lock" ]]; then
  # [[package]] blocks: name = "wasm-bindgen" followed by version = "X"
  wbg_version="$(awk '/^\[\[package\]\]/{name=""} /^name = /{name=$3} /^version = / && name=="\"wasm-bindgen\"" {gsub(/"/,"",$3); print $3; exit}' "$ROOT/Cargo.lock")"
fi
if [[ -z "$wbg_version" ]]; then
  step wasm-bindgen "skipped: no wasm-bindgen in Cargo.lock yet"
else
  have_wbg="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
  have_runner="$(command -v wasm-bindgen-test-runner || true)"
  if [[ "$have_wbg" == "$wbg_version" && -n "$have_runner" ]]; then
    step wasm-bindgen "ok ($have_wbg)"
  else
    step wasm-bindgen "installing wasm-bindgen-cli $wbg_version (found: ${have_wbg:-none}; takes ~4 min)"
    cargo install wasm-bindgen-cli --version "=$wbg_version"
  fi
fi

# --- Node packages: playwright-core (drives Debian's Chromium), binaryen (wasm-opt 132), axe-core ------------------
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
marker="$ROOT/e2e/node_modules/.package-lock.json" # rewritten by every npm install/ci
if [[ -f "$marker" && ! "$ROOT/e2e/package-lock.json" -nt "$marker" ]]; then
  step npm "ok (e2e/node_modules up to date)"
else
  step npm "npm ci in e2e/"
  # playwright-core never downloads a browser; the variable guards against a future dependency that would.
  (cd "$ROOT/e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
# Debian's binaryen 108 (/usr/bin/wasm-opt) silently breaks the wasm: callers put e2e/node_modules/.bin first.
wasm_opt_version="$("$ROOT/e2e/node_modules/.bin/wasm-opt" --version 2>/dev/null || true)"
step wasm-opt "${wasm_opt_version:-MISSING}"
[[ -n "$wasm_opt_version" ]] || { echo "setup: e2e/node_modules/.bin/wasm-opt does not run" >&2; exit 1; }

# --- Browser for the tests ---------------------------------------------------------------------------------------
if ((with_browser)); then
  if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]] && command -v brotli >/dev/null; then
    step chromium "ok ($(/usr/bin/chromedriver --version 2>/dev/null | awk '{print $2}'))"
  else
    apt_install chromium chromium-driver brotli
  fi
fi

awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "setup: done in %.1f s\n", b - a }'

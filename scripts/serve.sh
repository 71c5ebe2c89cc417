#!/usr/bin/env bash
# Build and serve Baton on 127.0.0.1 with live rebuilds (trunk serve; deep links fall back to index.html).
#
#   scripts/serve.sh [PORT]      PORT: argument, else env PORT, else 8080
#
# Installs whatever is missing first (scripts/setup.sh, without the browser). The first build takes 1-2 min.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${1:-${PORT:-8080}}"
[[ "$PORT" =~ ^[0-9]+$ ]] || { echo "serve: PORT must be a number, got: $PORT" >&2; exit 2; }

echo "Baton: http://127.0.0.1:$PORT/"
bash "$ROOT/scripts/setup.sh"

# wasm-opt 132 from npm must win over Debian's broken binaryen 108 (/usr/bin/wasm-opt); cargo tools next.
export PATH="$ROOT/e2e/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cd "$ROOT"
echo "serve: trunk serve (first build takes a while) → Baton: http://127.0.0.1:$PORT/"
exec trunk serve --address 127.0.0.1 --port "$PORT"

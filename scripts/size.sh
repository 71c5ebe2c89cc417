#!/usr/bin/env bash
# First-load transfer of a built app: the .wasm, .js and .css that dist/index.html references (plus the
# wasm-bindgen snippets the glue imports), raw / gzip -9 / brotli -q 11, against the 300 KiB brotli target
# (docs: quality spec, "first-load transfer (wasm + js + css, brotli) <= 300 KiB").
#
#   scripts/size.sh [DIST]          default DIST = <repo>/dist (run trunk build --release first)
#   BATON_SIZE_ENFORCE=1            exit 1 when over the target (default: only report)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIST="${1:-$ROOT/dist}"
TARGET_KIB=300
index="$DIST/index.html"
[[ -f "$index" ]] || { echo "size: $index not found (build first: trunk build --release)" >&2; exit 1; }
command -v brotli >/dev/null || { echo "size: brotli not installed (scripts/setup.sh --with-browser)" >&2; exit 1; }

# Resolve a URL found in index.html to a file in DIST: strip query/fragment, then the public URL prefix
# (/, ./ or a base path like /baton/); Trunk writes its output flat into dist.
resolve() {
  local ref="${1%%[?#]*}" p
  ref="${ref#./}"
  p="${ref#/}"
  while [[ -n "$p" ]]; do
    [[ -f "$DIST/$p" ]] && { echo "$DIST/$p"; return; }
    [[ "$p" == */* ]] || break
    p="${p#*/}" # drop a leading path segment (the base path)
  done
  [[ -f "$DIST/$(basename "$ref")" ]] && echo "$DIST/$(basename "$ref")"
}

# Every quoted or attribute URL ending in .wasm/.js/.css, in <link>/<script> tags and in Trunk's inline
# bootstrap script (import '/baton-<hash>.js', module_or_path: '/baton-<hash>_bg.wasm'). Service workers and
# workers are not part of the first load.
mapfile -t refs < <(grep -oP "[^\"'\\s=(),]+\.(wasm|js|mjs|css)(?=[?#\"'\\s>),;]|$)" "$index" | sort -u)
files=()
for ref in "${refs[@]}"; do
  base="$(basename "${ref%%[?#]*}")"
  [[ "$base" =~ ^(sw|service-worker|serviceworker)\.js$ || "$base" =~ [Ww]orker ]] && continue
  f="$(resolve "$ref")"
  [[ -n "$f" ]] && files+=("$f")
done
# wasm-bindgen `inline_js`/module snippets are imported by the glue JS: also loaded at start.
for f in "${files[@]}"; do
  [[ "$f" == *.js ]] || continue
  while IFS= read -r snip; do
    [[ -f "$DIST/$snip" ]] && files+=("$DIST/$snip")
  done < <(grep -oE "snippets/[^\"']+\.js" "$f" | sort -u)
done
mapfile -t files < <(printf '%s\n' "${files[@]}" | sort -u)
((${#files[@]})) || { echo "size: no .wasm/.js/.css referenced by $index" >&2; exit 1; }

printf '%-52s %12s %12s %12s\n' "file (first load, $(basename "$DIST"))" raw "gzip -9" "brotli -q 11"
t_raw=0 t_gz=0 t_br=0
for f in "${files[@]}"; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=$(brotli -q 11 -c "$f" | wc -c)
  t_raw=$((t_raw + raw)) t_gz=$((t_gz + gz)) t_br=$((t_br + br))
  printf '%-52s %12d %12d %12d\n' "${f#"$DIST"/}" "$raw" "$gz" "$br"
done
printf '%-52s %12d %12d %12d\n' "total" "$t_raw" "$t_gz" "$t_br"

kib=$(awk -v b="$t_br" 'BEGIN { printf "%.1f", b / 1024 }')
if ((t_br <= TARGET_KIB * 1024)); then
  echo "first-load transfer (brotli): $kib KiB of $TARGET_KIB KiB target: OK"
else
  echo "first-load transfer (brotli): $kib KiB of $TARGET_KIB KiB target: OVER TARGET"
  [[ "${BATON_SIZE_ENFORCE:-0}" == 1 ]] && exit 1
fi
exit 0

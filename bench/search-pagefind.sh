#!/usr/bin/env bash
# bench/search-pagefind.sh: youdai's search against Hugo + Pagefind on the same generated site.
#
#   bash bench/search-pagefind.sh            # N=10000 RUNS=3
#
# Generates a site with bench/gensite.py (youdai content and the same entries as a Hugo
# site, whose search/ page uses Pagefind's JavaScript API), builds the first with youdai and
# the second with Hugo (Debian `hugo`), both for serving at the root of 127.0.0.1, indexes
# the Hugo output with Pagefind (npm `pagefind`, whose binary ships inside the package;
# installed into the work dir, not the repository), then runs
#   - tests/browser/search-phone.mjs: time to the first 10 results on a throttled phone
#     (Lighthouse's mobile slow 4G, CPU 4x, cold cache), bytes and requests, both sites
#     alternating query by query, RUNS runs each;
#   - tests/browser/search-bench.mjs: bytes of a first query unthrottled, latency with the
#     CPU slowed 4x, recall and precision on tests/browser/search-queries.json;
#   - bench/search-tokenizers.py (the tokenization comparison) when Python has `jieba`.
# Hugo and Pagefind are installed when missing (apt, npm); CI never runs this.
#
# Environment: N (entries, default 10000), RUNS (default 3), TODAY (default 2025-06-01),
# PAGEFIND (version, default 1.6.0), KEEP=1 keeps the work dir, QUERIES (space-separated,
# default search-phone.mjs's own list).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${N:-10000}
RUNS=${RUNS:-3}
TODAY=${TODAY:-2025-06-01}
PAGEFIND=${PAGEFIND:-1.6.0}
WORK=$(mktemp -d /tmp/youdai-search-bench.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
log() { printf '[search-bench] %s\n' "$*" >&2; }

if ! command -v hugo >/dev/null 2>&1; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    log "installing hugo (Debian)"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hugo >&2
fi
(cd "$ROOT" && cargo build --release --quiet)
(cd "$ROOT/tests/browser" && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --silent; })
(cd "$WORK" && npm install --silent --no-audit --no-fund "pagefind@$PAGEFIND" >/dev/null)

python3 "$ROOT/bench/gensite.py" "$N" "$WORK/src" >&2
log "youdai build"
/usr/bin/time -f '%e s, peak %M KB' "$ROOT/target/release/youdai" build --root "$WORK/src" \
    --out "$WORK/out" --today "$TODAY" --base-url http://127.0.0.1/ 2>&1 >/dev/null | tail -1 >&2
log "youdai index: $(du -sb "$WORK/out/search" | cut -f1) bytes in search/ ($(find "$WORK/out/search" -type f | wc -l) files), finder data $(du -sb "$WORK/out/finder/data" | cut -f1) bytes"
log "hugo $(hugo version | cut -d' ' -f2)"
/usr/bin/time -f '%e s, peak %M KB' hugo --quiet -s "$WORK/src-hugo" -d "$WORK/hugo-out" \
    -b http://127.0.0.1/ 2>&1 | tail -1 >&2
log "pagefind $PAGEFIND"
(cd "$WORK" && /usr/bin/time -f '%e s, peak %M KB' npx pagefind --site "$WORK/hugo-out" 2>&1 \
    | grep -E 'Indexed [0-9]+ (pages|words)|peak' >&2)
log "pagefind index: $(du -sb "$WORK/hugo-out/pagefind" | cut -f1) bytes ($(find "$WORK/hugo-out/pagefind" -type f | wc -l) files)"

# shellcheck disable=SC2086 # QUERIES is a list
node "$ROOT/tests/browser/search-phone.mjs" --youdai "$WORK/out" --pagefind "$WORK/hugo-out" \
    --runs "$RUNS" --json "$WORK/phone.json" ${QUERIES:-}
node "$ROOT/tests/browser/search-bench.mjs" "$WORK/out" --pagefind "$WORK/hugo-out" --json "$WORK/report.json"
if python3 -c 'import jieba' 2>/dev/null; then
    python3 "$ROOT/bench/search-tokenizers.py" "$WORK/out" --today "$TODAY"
else
    log "python3 has no jieba: skipped bench/search-tokenizers.py (pip install jieba)"
fi
[ "${KEEP:-0}" != 1 ] || log "kept $WORK"

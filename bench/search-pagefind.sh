#!/usr/bin/env bash
# bench/search-pagefind.sh: youdai's search against Pagefind on the same generated site.
#
#   bash bench/search-pagefind.sh            # N=10000
#
# Generates a site with bench/gensite.py, builds it with youdai for serving at the root of
# 127.0.0.1, indexes the same output's entry pages with Pagefind (npm `pagefind`, its binary
# ships inside the package; installed into the work dir, not the repository), then runs
# tests/browser/search-bench.mjs (bytes of a first query, latency with 4x CPU throttling,
# recall/precision on tests/browser/search-queries.json) and, when Python has `jieba`,
# bench/search-tokenizers.py (the tokenization comparison).
#
# Environment: N (entries, default 10000), TODAY (default 2025-06-01), PAGEFIND (version,
# default 1.6.0), KEEP=1 keeps the work dir.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${N:-10000}
TODAY=${TODAY:-2025-06-01}
PAGEFIND=${PAGEFIND:-1.6.0}
WORK=$(mktemp -d /tmp/youdai-search-bench.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$WORK"' EXIT
log() { printf '[search-bench] %s\n' "$*" >&2; }

(cd "$ROOT" && cargo build --release --quiet)
python3 "$ROOT/bench/gensite.py" "$N" "$WORK/src" --no-hugo >&2
log "youdai build"
/usr/bin/time -f '%e s, peak %M KB' "$ROOT/target/release/youdai" build --root "$WORK/src" \
    --out "$WORK/out" --today "$TODAY" --base-url http://127.0.0.1/ 2>&1 >/dev/null | tail -1 >&2
log "youdai index: $(du -sb "$WORK/out/search" | cut -f1) bytes in search/ ($(find "$WORK/out/search" -type f | wc -l) files), finder data $(du -sb "$WORK/out/finder/data" | cut -f1) bytes"

# Pagefind sees the entry pages; expired entries and archived notices are removed first,
# since youdai's search leaves them out too (their pages stay online).
python3 - "$WORK/out" "$TODAY" <<'PY'
import json, os, shutil, sys
out, today = sys.argv[1], sys.argv[2]
c = json.load(open(os.path.join(out, "api/catalog.json"), encoding="utf-8"))
gone = [(k, e["id"]) for k in ("benefits", "partners") for e in c[k] if e.get("valid_until", "9999") < today]
gone += [("notices", n["id"]) for n in c["notices"] if n.get("expires", "9999") < today]
for k, i in gone:
    shutil.rmtree(os.path.join(out, k, i), ignore_errors=True)
print(f"removed {len(gone)} expired entry pages for Pagefind", file=sys.stderr)
PY
(cd "$WORK" && npm install --silent --no-audit --no-fund "pagefind@$PAGEFIND" >/dev/null)
log "pagefind"
(cd "$WORK" && /usr/bin/time -f '%e s, peak %M KB' npx pagefind --site "$WORK/out" \
    --glob '{benefits,partners,notices}/*/index.html' --root-selector main 2>&1 | grep -E 'Indexed [0-9]+ (pages|words)|peak' >&2)
log "pagefind index: $(du -sb "$WORK/out/pagefind" | cut -f1) bytes ($(find "$WORK/out/pagefind" -type f | wc -l) files)"

node "$ROOT/tests/browser/search-bench.mjs" "$WORK/out" --pagefind --json "$WORK/report.json"
if python3 -c 'import jieba' 2>/dev/null; then
    python3 "$ROOT/bench/search-tokenizers.py" "$WORK/out" --today "$TODAY"
else
    log "python3 has no jieba: skipped bench/search-tokenizers.py (pip install jieba)"
fi

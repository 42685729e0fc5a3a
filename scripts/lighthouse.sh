#!/usr/bin/env bash
# Lighthouse (mobile) scores of four page types of the demo site, served on 127.0.0.1.
# Usage: bash scripts/lighthouse.sh [LIGHTHOUSE_DIR]   (lighthouse from npm, outside the repo)
set -euo pipefail
cd "$(dirname "$0")/.."
LH_DIR=${1:-/tmp/lh}
if [ ! -x "$LH_DIR/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$LH_DIR" && (cd "$LH_DIR" && npm init -y >/dev/null && npm install --no-audit --no-fund lighthouse >/dev/null)
fi
cargo build --release --quiet
PORT=${PORT:-8765}
OUT=$(mktemp -d)
target/release/youdai build --out "$OUT/site" --base-url "http://127.0.0.1:$PORT/" >/dev/null
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$OUT/site" >/dev/null 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$OUT"' EXIT
sleep 1
printf '| page | performance | accessibility | best practices | SEO |\n|---|---|---|---|---|\n'
for page in "" benefits/free-bus/ categories/medical/ partners/pingyao-gucheng/; do
  CHROME_PATH=/usr/bin/chromium "$LH_DIR/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT/$page" \
    --quiet --output=json --output-path="$OUT/lh.json" --form-factor=mobile \
    --only-categories=performance,accessibility,best-practices,seo \
    --chrome-flags="--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync" || true
  python3 - "$OUT/lh.json" "/$page" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["categories"]
s = lambda k: round((c[k]["score"] or 0) * 100)
print(f"| `{sys.argv[2]}` | {s('performance')} | {s('accessibility')} | {s('best-practices')} | {s('seo')} |")
for k in ("performance", "accessibility", "best-practices", "seo"):
    for ref in c[k]["auditRefs"]:
        a = r["audits"][ref["id"]]
        if a.get("score") is not None and a["score"] < 1 and ref.get("weight", 0) > 0:
            print(f"<!-- {k}: {a['id']}: {a['title']} ({a['score']}) -->", file=sys.stderr)
PY
done

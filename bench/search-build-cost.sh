#!/usr/bin/env bash
# bench/search-build-cost.sh: what the search index adds to `youdai build`.
#
#   bash bench/search-build-cost.sh            # N=10000 RUNS=9
#
# Builds the release binary and a second one from a copy of the tree whose render stage
# leaves out `crate::search::index_files` (target dir target/nosearch, so its dependencies
# are compiled once), generates a site with bench/gensite.py, then builds it RUNS times
# with each binary, alternating, into a tmpfs (/dev/shm) with the output removed before
# every run. Prints the median wall time and CPU time (user + system) of each and the
# ratio. The machine is shared: CPU time is the steadier of the two.
#
# Environment: N (entries, default 10000), RUNS (default 9), TODAY (default 2025-06-01).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
N=${N:-10000}
RUNS=${RUNS:-9}
TODAY=${TODAY:-2025-06-01}
SHM=/dev/shm
[ -d "$SHM" ] && [ -w "$SHM" ] || SHM=/tmp
WORK=$(mktemp -d "$SHM/youdai-search-cost.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
log() { printf '[search-cost] %s\n' "$*" >&2; }

(cd "$ROOT" && cargo build --release --quiet)
mkdir -p "$WORK/tree"
cp -r "$ROOT/Cargo.toml" "$ROOT/Cargo.lock" "$ROOT/src" "$ROOT/themes" "$WORK/tree/"
python3 - "$WORK/tree/src/render/mod.rs" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
call = "crate::search::index_files(site)"
start = text.index(call)
end = text.index(";", start) + 1
open(path, "w", encoding="utf-8").write(text[:start] + "let _ = crate::search::index_files;" + text[end:])
PY
log "building the binary without the search index"
(cd "$WORK/tree" && CARGO_TARGET_DIR="$ROOT/target/nosearch" cargo build --release --quiet)
python3 "$ROOT/bench/gensite.py" "$N" "$WORK/site" --no-hugo 2>/dev/null

run() { # binary -> "wall cpu"
    rm -rf "$WORK/out"
    /usr/bin/time -f '%e %U %S' -o "$WORK/time" "$1" build --root "$WORK/site" --out "$WORK/out" \
        --today "$TODAY" --base-url http://127.0.0.1/ >/dev/null 2>&1
    awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$WORK/time"
}
: >"$WORK/with"
: >"$WORK/without"
for i in $(seq "$RUNS"); do
    run "$ROOT/target/release/youdai" >>"$WORK/with"
    run "$ROOT/target/nosearch/release/youdai" >>"$WORK/without"
done
python3 - "$WORK/with" "$WORK/without" "$RUNS" <<'PY'
import statistics, sys
def load(p):
    rows = [tuple(map(float, l.split())) for l in open(p) if l.strip()]
    return statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows)
w, wo = load(sys.argv[1]), load(sys.argv[2])
print(f"runs each: {sys.argv[3]}")
print(f"with search:    wall {w[0]:.2f} s, cpu {w[1]:.2f} s (medians)")
print(f"without search: wall {wo[0]:.2f} s, cpu {wo[1]:.2f} s")
print(f"search adds:    wall {100 * (w[0] / wo[0] - 1):+.0f} %, cpu {100 * (w[1] / wo[1] - 1):+.0f} %")
PY

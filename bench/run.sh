#!/usr/bin/env bash
# bench/run.sh: time `youdai build` against Hugo on the same synthetic content.
#
#   bash bench/run.sh                      # SIZES="1000 10000 100000"
#   SIZES="1000 10000" bash bench/run.sh
#
# For every N it generates a site with bench/gensite.py (youdai content + the same entries
# as a Hugo site), checks that both build, records peak memory of one build each with
# /usr/bin/time, then times them (1 warm-up round; 5 rounds, 3 from N=100000 up) with both
# output folders removed before every run, so both tools always write a fresh tree. The
# commands run in turn, round after round (bench/alternate.py), so the machine's noise falls
# on all of them alike.
# Results: bench/results/times-N.json, bench/results/summary.json, and a Markdown
# table on stdout (also bench/results/table.md).
#
# Environment:
#   SIZES          entry counts (default "1000 10000 100000")
#   BENCH_TMPFS=0  keep the work dir on disk instead of a tmpfs mounted on it (root only).
#                  On the project's VMs the root disk is ext4 *without a journal*, where
#                  the kernel, before handing out an inode, skips every inode freed in the
#                  last minutes (ext4 `recently_deleted`, only checked without a journal):
#                  creating files right after a tree was removed costs kernel CPU in
#                  proportion to both (see BENCHMARKS.md). Users' disks have a journal.
#   BENCH_EXT4=1   put the work dir on a fresh ext4 file system *with* a journal (the
#                  default of mkfs.ext4, as on users' machines), in an image file on the
#                  disk, loop-mounted (root only). Implies BENCH_TMPFS=0.
#   DURABLE=1      time each command followed by `sync`: until its output is on the disk,
#                  not only in the page cache
#   BENCH_KEEP=1   keep the work dir (sites and outputs) afterwards
# Every timed run starts on a quiet disk: the untimed preparation ends with `sync`, so
# no run pays for writing back the previous run's output.
#   REBUILD=1      time rebuilds: each run finds the previous run's output in place (what an
#                  editor's second `youdai build` meets); by default outputs are removed
#                  before every run (untimed), so each tool writes a fresh tree
#   PAGEFIND=0     leave out "hugo+pagefind" (Hugo, then Pagefind's index of its output:
#                  the searchable site a Hugo user would make; Pagefind from npm)
#   TODAY          youdai --today (default 2025-06-01)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
SIZES=${SIZES:-1000 10000 100000}
TODAY=${TODAY:-2025-06-01}
RESULTS=$HERE/results

log() { printf '[bench] %s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------
missing=()
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
[ -x /usr/bin/time ] || missing+=(time)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    log "installing ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >&2
fi

PF=""
if [ "${PAGEFIND:-1}" != 0 ]; then
    PFDIR=$ROOT/target/bench-pagefind
    if [ ! -d "$PFDIR/node_modules/pagefind" ]; then
        log "installing pagefind (npm) in $PFDIR"
        mkdir -p "$PFDIR"
        (cd "$PFDIR" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund pagefind@1 >/dev/null)
    fi
    # The native binary, not the node wrapper, so node's start is not timed.
    PF=$(find "$PFDIR/node_modules/@pagefind" -type f -name 'pagefind' -perm -u+x | head -1)
    [ -n "$PF" ] || PF="$PFDIR/node_modules/.bin/pagefind"
fi

log "cargo build --release"
(cd "$ROOT" && cargo build --release --quiet) >&2

# --- work dir ----------------------------------------------------------------
WORK=$(mktemp -d /tmp/youdai-bench.XXXXXX)
MOUNTED=0
IMAGE=""
cleanup() {
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
        log "kept $WORK"
        return
    fi
    if [ "$MOUNTED" = 1 ]; then umount "$WORK" || true; fi
    rm -rf "$WORK"
    if [ -n "$IMAGE" ]; then rm -f "$IMAGE"; fi
}
trap cleanup EXIT
if [ "${BENCH_EXT4:-0}" = 1 ]; then
    [ "$(id -u)" -eq 0 ] || { log "BENCH_EXT4=1 needs root (mount)"; exit 2; }
    IMAGE=$WORK.ext4
    truncate -s 16G "$IMAGE"
    mkfs.ext4 -q -F "$IMAGE"
    mount -o loop "$IMAGE" "$WORK"
    MOUNTED=1
elif [ "${BENCH_TMPFS:-1}" != 0 ] && [ "$(id -u)" -eq 0 ]; then
    if mount -t tmpfs -o size=16g tmpfs "$WORK" 2>/dev/null; then
        MOUNTED=1
        [ "${BENCH_KEEP:-0}" = 1 ] && log "BENCH_KEEP=1: tmpfs stays mounted on $WORK"
    else
        log "could not mount a tmpfs on $WORK; timing on disk"
    fi
fi
FS=$(df --output=fstype "$WORK" | tail -1)
if [ "$FS" = ext4 ]; then
    # Without a journal, ext4 skips recently freed inodes (see above): say which it is.
    dev=$(basename "$(df --output=source "$WORK" | tail -1)")
    if [ "$(cat "/sys/fs/ext4/$dev/journal_task" 2>/dev/null)" = "<none>" ]; then
        FS="ext4 without journal ($dev)"
    else
        FS="ext4 with journal ($dev)"
    fi
fi
[ "${DURABLE:-0}" = 1 ] && FS="$FS, each run timed until synced"
log "work dir $WORK ($FS)"
# Time a private copy: a developer rebuilding target/ during a long run must not swap
# the binary under the benchmark.
YOUDAI=$WORK/youdai
cp "$ROOT/target/release/youdai" "$YOUDAI"
REV=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(cd "$ROOT" && git status --porcelain -- src themes Cargo.toml Cargo.lock 2>/dev/null)" ]; then
    REV="$REV+dirty"
fi
mkdir -p "$RESULTS"

count_files() { if [ -d "$1" ]; then find "$1" -type f | wc -l; else echo 0; fi; }

# peak_kb OUTDIR LOGFILE CMD...: remove OUTDIR, run CMD once under /usr/bin/time,
# print the peak RSS in KB (empty when CMD failed; its output is in LOGFILE).
peak_kb() {
    local out=$1 logf=$2; shift 2
    rm -rf "$out"
    if /usr/bin/time -f '%M' -o "$logf.time" "$@" >"$logf" 2>&1; then
        tail -1 "$logf.time"
    else
        echo ""
    fi
}

ROWS=()
for N in $SIZES; do
    SITE=$WORK/site-$N
    YOUT=$WORK/out-youdai-$N
    HOUT=$WORK/out-hugo-$N
    HCACHE=$WORK/hugo-cache
    log "N=$N: generating"
    python3 "$HERE/gensite.py" "$N" "$SITE" >&2

    YCMD=("$YOUDAI" build --root "$SITE" --out "$YOUT" --today "$TODAY")
    HCMD=(hugo --quiet --source "$SITE-hugo" --destination "$HOUT" --cacheDir "$HCACHE" --noBuildLock)

    log "N=$N: one build each under /usr/bin/time"
    ykb=$(peak_kb "$YOUT" "$WORK/youdai-$N.log" "${YCMD[@]}")
    hkb=$(peak_kb "$HOUT" "$WORK/hugo-$N.log" "${HCMD[@]}")
    yfiles=$(count_files "$YOUT")
    hfiles=$(count_files "$HOUT")
    cp "$WORK/youdai-$N.log" "$RESULTS/youdai-$N.log"
    if [ -z "$ykb" ]; then
        log "N=$N: youdai build FAILED; first lines of its output:"
        head -20 "$WORK/youdai-$N.log" >&2
    else
        log "N=$N: youdai: $(tail -1 "$WORK/youdai-$N.log")"
    fi
    if [ -z "$hkb" ]; then
        log "N=$N: hugo build FAILED:"
        head -20 "$WORK/hugo-$N.log" >&2
    fi

    runs=5
    [ "$N" -ge 100000 ] && runs=3
    args=()
    tail=""
    [ "${DURABLE:-0}" = 1 ] && tail=" && sync"
    if [ -n "$ykb" ]; then args+=("youdai=${YCMD[*]}$tail"); fi
    if [ -n "$hkb" ]; then
        args+=("hugo=${HCMD[*]}$tail")
        [ -n "$PF" ] && args+=("hugo+pagefind=${HCMD[*]} && $PF --site $HOUT$tail")
    fi
    json=$RESULTS/times-$N.json
    rm -f "$json"
    if [ ${#args[@]} -gt 0 ]; then
        prep=(--prepare "rm -rf $YOUT $HOUT && sync")
        [ "${REBUILD:-0}" = 1 ] && prep=(--prepare sync)
        log "N=$N: ${args[*]%%=*}, $runs rounds in turn$([ "${REBUILD:-0}" = 1 ] && echo ', rebuilds')"
        python3 "$HERE/alternate.py" --runs "$runs" "${prep[@]}" --json "$json" "${args[@]}" >&2
    fi
    ROWS+=("$N $json ${ykb:-x} ${hkb:-x} $yfiles $hfiles")
done

# --- table -------------------------------------------------------------------
python3 - "$RESULTS" "$FS" "$("$YOUDAI" --version 2>/dev/null || echo youdai) ($REV)" \
    "$(hugo version | cut -d' ' -f1-2)" "${PAGEFIND:-1}" "${ROWS[@]}" <<'PY'
import json, os, sys
results, fs, yver, hver, pagefind, rows = (sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4],
                                          sys.argv[5] != "0", sys.argv[6:])

def medians(path):
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        return {r["command"]: r["median"] for r in json.load(f)["results"]}

def mb(kb):
    return None if kb == "x" else round(int(kb) / 1024, 1)

out, table = [], [
    "| N | youdai median s | hugo median s | hugo/youdai | hugo+pagefind median s | hugo+pagefind/youdai | youdai peak MB | hugo peak MB | youdai files | hugo files |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
]
fmt = lambda v, spec: "failed" if v is None else format(v, spec)
for row in rows:
    n, path, ykb, hkb, yfiles, hfiles = row.split()
    m = medians(path)
    y, h, hp = m.get("youdai"), m.get("hugo"), m.get("hugo+pagefind")
    ratio = h / y if (y and h) else None
    pratio = hp / y if (y and hp) else None
    rec = dict(n=int(n), youdai_median_s=y, hugo_median_s=h, ratio_hugo_over_youdai=ratio,
               hugo_pagefind_median_s=hp, youdai_peak_mb=mb(ykb), hugo_peak_mb=mb(hkb),
               youdai_files=int(yfiles), hugo_files=int(hfiles))
    out.append(rec)
    pf = (lambda v, spec: fmt(v, spec)) if pagefind else (lambda v, spec: "not run")
    table.append(f"| {n} | {fmt(y, '.3f')} | {fmt(h, '.3f')} | {fmt(ratio, '.2f')} | "
                 f"{pf(hp, '.3f')} | {pf(pratio, '.2f')} | "
                 f"{fmt(rec['youdai_peak_mb'], '.1f')} | {fmt(rec['hugo_peak_mb'], '.1f')} | {yfiles} | {hfiles} |")
text = "\n".join(table) + f"\n\n{yver}, {hver}, {os.cpu_count()} cpus, work dir on {fs}\n"
with open(os.path.join(results, "summary.json"), "w") as f:
    json.dump(dict(youdai=yver, hugo=hver, cpus=os.cpu_count(), fs=fs, rows=out), f, indent=2)
    f.write("\n")
with open(os.path.join(results, "table.md"), "w") as f:
    f.write(text)
print(text, end="")
PY

#!/usr/bin/env python3
"""bench/alternate.py: time commands in turn, round after round, so that a noisy machine
weighs on all of them alike (hyperfine runs all of one command, then all of the next).

    python3 bench/alternate.py --runs 5 --json OUT.json \
        --prepare 'rm -rf out-a out-b' \
        NAME='COMMAND' NAME='COMMAND' ...

Before every timed run, `--prepare` runs (untimed) if given. One untimed warm-up round
first. Prints and writes each command's median, min and max wall-clock seconds.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--prepare", default=None)
    p.add_argument("--json", default=None)
    p.add_argument("commands", nargs="+", help="NAME=COMMAND")
    a = p.parse_args()
    commands = [c.split("=", 1) for c in a.commands]
    times = {name: [] for name, _ in commands}
    for round_ in range(a.runs + 1):
        # Each round starts with a different command, so none always goes first.
        shift = round_ % len(commands)
        for name, cmd in commands[shift:] + commands[:shift]:
            if a.prepare:
                subprocess.run(a.prepare, shell=True, check=True)
            started = time.monotonic()
            r = subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            took = time.monotonic() - started
            if r.returncode != 0:
                sys.exit(f"{name} failed ({r.returncode}): {r.stderr.decode()[-2000:]}")
            if round_ > 0:
                times[name].append(took)
            print(f"round {round_}{' (warm-up)' if round_ == 0 else ''}: {name} {took:.2f} s",
                  file=sys.stderr)
    results = [
        dict(command=name, median=statistics.median(t), min=min(t), max=max(t), times=t)
        for name, t in times.items()
    ]
    for r in results:
        print(f"{r['command']}: median {r['median']:.2f} s (min {r['min']:.2f}, max {r['max']:.2f})")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(dict(results=results), f, indent=2)


if __name__ == "__main__":
    main()

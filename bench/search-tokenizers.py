#!/usr/bin/env python3
"""Compare Chinese tokenizations for youdai's search index on a built site.

    python3 bench/search-tokenizers.py OUT [--today 2025-06-01]

OUT is a `youdai build` output (its api/catalog.json is read). For each scheme the script
builds the same field-levelled inverted index youdai builds (title / summary / body lists,
each entry in its best list, each list as gaps or a bitmap, whichever is shorter), and
reports the posting bytes, the number of distinct tokens, and recall and precision on the
Chinese queries of tests/browser/search-queries.json against the substring ground truth
that tests/browser/search-bench.mjs uses:

  bigram     character bigrams of Han runs, single characters in titles (youdai's choice)
  unigram    single characters only (smallest; a query is an AND of its characters)
  jieba      jieba's search-mode words (`cut_for_search`); queries cut the same way
  jieba+bi   both

Needs `jieba` (pip install jieba) for the jieba schemes; they are skipped without it.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
QUERIES = os.path.join(HERE, "..", "tests", "browser", "search-queries.json")
HAN = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[a-z0-9]+")


def fold(s: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in s or "").lower()


def varint_len(v: int) -> int:
    n = 1
    while v >= 0x80:
        v >>= 7
        n += 1
    return n


def list_bytes(ids: list[int]) -> int:
    if not ids:
        return 1
    gaps = varint_len(ids[0]) + sum(varint_len(b - a) for a, b in zip(ids, ids[1:]))
    span = (ids[-1] - ids[0]) // 8 + 1
    bitmap = varint_len(ids[0]) + varint_len(span) + span
    return varint_len(2 * len(ids)) + min(gaps, bitmap)


def bigrams(text: str, title: bool) -> set[str]:
    out = set(WORD.findall(text))
    for run in HAN.findall(text):
        out.update(run[i : i + 2] for i in range(len(run) - 1))
        if title:
            out.update(run)
    return out


def unigrams(text: str, title: bool) -> set[str]:
    out = set(WORD.findall(text))
    for run in HAN.findall(text):
        out.update(run)
    return out


def load(out: str, today: str):
    with open(os.path.join(out, "api", "catalog.json"), encoding="utf-8") as f:
        c = json.load(f)
    names = {}

    def walk(kind, terms):
        for t in terms or []:
            names[f"{kind}:{t['id']}"] = t["name"]
            walk(kind, t.get("children"))

    for k in ("categories", "groups", "regions", "partner_kinds"):
        walk(k, c.get(k))

    def current(e):
        return not (e.get("valid_until") and e["valid_until"] < today) and not (
            e.get("valid_from") and e["valid_from"] > today
        )

    def filed(e, kind):
        return " ".join(
            [names.get(f"{kind}:{e.get('category') or e.get('kind')}", ""), names.get(f"regions:{e.get('region')}", "")]
            + [names.get(f"groups:{g}", "") for g in e.get("groups", [])]
            + e.get("tags", [])
        )

    docs = []  # (title, summary, body) folded
    for b in c["benefits"]:
        if current(b):
            body = " ".join([b.get("details", ""), b.get("how_to_claim", ""), " ".join(b.get("documents", [])), b.get("department", ""), b.get("basis", "")])
            docs.append((fold(b["title"]), fold(b["summary"] + " " + filed(b, "categories")), fold(body)))
    for p in c["partners"]:
        if current(p):
            docs.append((fold(p["name"]), fold(p["offer"] + " " + filed(p, "partner_kinds")), fold(p.get("details", "") + " " + p.get("address", ""))))
    for n in c["notices"]:
        if not (n.get("expires") and n["expires"] < today):
            docs.append((fold(n["title"]), fold((n.get("summary") or "") + " " + " ".join(n.get("tags", []))), fold(n["body"])))
    for g in c.get("pages", []):
        docs.append((fold(g["title"]), "", fold(g["body"])))
    return docs


def build(docs, tokenize):
    index: dict[str, list[list[int]]] = {}
    for i, (title, summary, body) in enumerate(docs):
        best: dict[str, int] = {}
        for level, text in ((0, title), (1, summary), (2, body)):
            for t in tokenize(text, level == 0):
                best.setdefault(t, level)
        for t, level in best.items():
            index.setdefault(t, [[], [], []])[level].append(i)
    size = sum(len(t.encode()) + 2 + sum(list_bytes(l) for l in lists) for t, lists in index.items())
    return index, size


def evaluate(docs, index, query_tokens):
    rows = []
    with open(QUERIES, encoding="utf-8") as f:
        queries = [q for q in json.load(f) if "means" not in q]
    for q in queries:
        words = fold(q["q"]).split()
        want = {i for i, d in enumerate(docs) if all(w in " ".join(d) for w in words)}
        got = None
        for w in words:
            toks = query_tokens(w)
            hits = None
            for t in toks:
                s = set().union(*index.get(t, [[], [], []]))
                hits = s if hits is None else hits & s
            hits = hits or set()
            got = hits if got is None else got & hits
        got = got or set()
        recall = len(got & want) / len(want) if want else 1.0
        precision = len(got & want) / len(got) if got else (1.0 if not want else 0.0)
        rows.append((q["q"], len(want), len(got), recall, precision))
    return rows


def main():
    args = sys.argv[1:]
    out = args[0]
    today = args[args.index("--today") + 1] if "--today" in args else "2025-06-01"
    docs = load(out, today)
    schemes = {
        "bigram": (bigrams, lambda w: sorted(bigrams(w, False)) if len(w) > 1 else [w]),
        "unigram": (unigrams, lambda w: sorted(unigrams(w, False))),
    }
    try:
        import jieba

        jieba.setLogLevel(60)
        jieba.initialize()

        def jieba_tokens(text, title):
            return {t for t in jieba.cut_for_search(text) if HAN.fullmatch(t) or WORD.fullmatch(t)}

        schemes["jieba"] = (jieba_tokens, lambda w: sorted(jieba_tokens(w, False)))
        schemes["jieba+bi"] = (
            lambda text, title: jieba_tokens(text, title) | bigrams(text, title),
            lambda w: sorted(bigrams(w, False)) if len(w) > 1 else [w],
        )
    except ImportError:
        print("jieba not installed: jieba schemes skipped", file=sys.stderr)
    print(f"{len(docs)} current entries in {out}\n")
    print("| scheme | build s | tokens | posting bytes | mean recall | mean precision | queries with recall < 1 |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name, (tokenize, query) in schemes.items():
        t = time.time()
        index, size = build(docs, tokenize)
        took = time.time() - t
        rows = evaluate(docs, index, query)
        r = sum(x[3] for x in rows) / len(rows)
        p = sum(x[4] for x in rows) / len(rows)
        misses = ", ".join(f"{q} {rec:.2f}" for q, _, _, rec, _ in rows if rec < 1)
        print(f"| {name} | {took:.1f} | {len(index)} | {size} | {r:.3f} | {p:.3f} | {misses or '-'} |")


if __name__ == "__main__":
    main()

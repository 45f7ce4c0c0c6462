#!/usr/bin/env python3
"""Latency by hit count and by query length, from a comparison harness run.

    python3 docs/harness_buckets.py WORK_DIR [ENGINE ...]

WORK_DIR is the harness's work directory (queries.jsonl and results/); the
engines default to groonga and fangtan. Each query's latency is the median
of its timed repetitions after the first (the harness drops the first as a
warm-up); a bucket reports the p50 and p99 of those over its queries, in
milliseconds, and the number of queries in it. The tables are the ones in
docs/performance.md.
"""
import json
import sys

HITS = [("1–10", 1, 10), ("10–1k", 10, 1000), ("1k–10k", 1000, 10000), (">10k", 10000, 1 << 62)]


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def main():
    work = sys.argv[1]
    engines = sys.argv[2:] or ["groonga", "fangtan"]
    queries = {}
    with open(f"{work}/queries.jsonl", encoding="utf-8") as f:
        for line in f:
            q = json.loads(line)
            queries[q["qid"]] = q
    lat = {}
    for e in engines:
        with open(f"{work}/results/{e}.res.json", encoding="utf-8") as f:
            res = json.load(f)
        lat[e] = {r["qid"]: sorted(r["lat_ms"][1:])[len(r["lat_ms"][1:]) // 2] for r in res["queries"]}

    def table(title, groups):
        print(f"| {title} | queries | " + " | ".join(f"{e} p50 / p99 ms" for e in engines) + " |")
        print("|---|---|" + "---|" * len(engines))
        for name, qids in groups:
            if not qids:
                continue
            cells = [f"{pct([lat[e][q] for q in qids], 0.5):.2f} / {pct([lat[e][q] for q in qids], 0.99):.2f}" for e in engines]
            print(f"| {name} | {len(qids)} | " + " | ".join(cells) + " |")
        print()

    table("hits", [(n, [q for q, v in queries.items() if lo <= v["truth_count"] < hi]) for n, lo, hi in HITS])
    kinds = sorted({(v["kind"], v["len"]) for v in queries.values()})
    table("query", [(f"{'two terms, ' if k == 'and' else ''}{n} characters",
                     [q for q, v in queries.items() if (v["kind"], v["len"]) == (k, n)]) for k, n in kinds])


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Markdown report of one benchmark run.

In:  the work folder of bench/run.sh (meta.env, ROW.time, ROW.size, ROW.lat0/ROW.lat1, and
     plan-search.lat2: every facet, what the web page asks), the command.
Out: on stdout, a markdown table (one row per engine), a text bar chart, the plan-search targets
     (issues 10 and 18) with met/missed, and the versions and machine load of the run.
"""
import math
import os
import subprocess
import sys

ROWS = [
    ("mecab", "raw MeCab (`mecab -Owakati`, IPADIC)"),
    ("plan-search", "plan-search (Xapian + MeCab)"),
    ("groonga-mecab", "Groonga 13, TokenMecab"),
    ("groonga-bigram", "Groonga 13, TokenBigram"),
    ("lucene", "Lucene 8.7 + Kuromoji JapaneseAnalyzer"),
    ("sqlite", "SQLite 3.40 FTS5 trigram"),
]
PACKAGES = ["mecab", "mecab-ipadic-utf8", "libxapian30", "groonga-bin", "liblucene8-java",
            "openjdk-17-jre-headless", "libsqlite3-0"]


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return None


def percentile(values, p):
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def lat(work, row, facets):
    text = read(f"{work}/{row}.lat{facets}")
    if not text:
        return None
    v = [float(x) for x in text.split()]
    return tuple(percentile(v, p) for p in (50, 95, 99))


def fmt_lat(t):
    return "—" if t is None else " / ".join(f"{x:.2f}" for x in t)


def bar(value, top, width=40):
    n = 0 if top <= 0 else round(width * value / top)
    return "█" * n


def main():
    work, command = sys.argv[1], sys.argv[2]
    meta = dict(line.split("=", 1) for line in read(f"{work}/meta.env").splitlines() if "=" in line)
    records, text_bytes = int(meta["records"]), int(meta["text_bytes"])
    mb = text_bytes / 1e6

    data = {}
    for row, label in ROWS:
        t = read(f"{work}/{row}.time")
        if not t or len(t.split()) < 4:  # row not run (or still running)
            continue
        el, user, sys_, rss = t.split()[-4:]
        el, cpu = float(el), float(user) + float(sys_)
        size = read(f"{work}/{row}.size")
        data[row] = {
            "label": label, "elapsed": el, "cpu": cpu, "rss": int(rss) / 1024,
            "size": int(size) if size else None, "plain": lat(work, row, 0), "facets": lat(work, row, 1),
            "all_facets": lat(work, row, 2),
        }
    base = data.get("mecab")

    out = []
    out.append(f"# plan-search benchmark, {records:,} records ({mb:.1f} MB of name + summary text)\n")
    out.append(f"Command: `{command}` — {meta.get('cpus')} × {meta.get('cpu_model')}; load average "
               f"{meta.get('load_start')} at the start, {meta.get('load_end', '?')} at the end "
               f"(the machine is shared; compare ratios, not absolute times).\n")
    out.append("| row | index s (CPU s) | MB/s | records/s | × raw MeCab (CPU) | bytes/record | peak RSS MiB "
               "| query p50 / p95 / p99 ms | with dept facets p50 / p95 / p99 ms | all facets p50 / p95 / p99 ms |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row, d in data.items():
        ratio = "—" if not base else f"{base['elapsed'] / d['elapsed']:.2f}× ({base['cpu'] / d['cpu']:.2f}×)"
        size = "—" if d["size"] is None else f"{d['size'] / records:,.0f}"
        out.append(f"| {d['label']} | {d['elapsed']:.1f} ({d['cpu']:.1f}) | {mb / d['elapsed']:.2f} | "
                   f"{records / d['elapsed']:,.0f} | {ratio} | {size} | {d['rss']:.0f} | "
                   f"{fmt_lat(d['plain'])} | {fmt_lat(d['facets'])} | {fmt_lat(d['all_facets'])} |")
    if os.path.exists(f"{work}/lucene.skipped"):
        out.append("\nLucene row skipped: the Kuromoji jar of liblucene8-java is not installed.")
    out.append("")
    out.append("Index MB/s and records/s are over the whole command (start-up, reading the input, "
               "analysis, writing, commit), against the bytes of name + summary, the text every row "
               "indexes; plan-search also analyzes the goal hierarchy and departments of each record and "
               "stores the whole record. × raw MeCab: elapsed-time ratio, in brackets the CPU-time "
               "ratio (user + sys), which the other jobs on a shared machine disturb less. Index size "
               "after compaction: xapian-compact (plan-search), forceMerge(1) (Lucene), optimize + "
               "VACUUM (SQLite); Groonga as built (disk blocks in use). Query latency: each engine's "
               "own timer around one query (plan-search: `elapsed_ms`, including snippets and facet "
               "counting; Groonga: the response header; Lucene: System.nanoTime around parse + search + "
               "id fetch; SQLite: Python's perf_counter around the statements), single thread, second "
               "(warm) pass of the query set. The facet variant adds exact department counts over all "
               "matches (plan-search: `--facet-fields=department`); all facets: every facet of the index, "
               "what the web page asks (plan-search only). SQLite's trigram index cannot "
               "match words shorter than 3 characters, so those become substring filters (instr, a scan of the candidate rows).\n")

    out.append("```")
    top = max((mb / d["elapsed"] for d in data.values()), default=1)
    out.append("index MB/s (elapsed)")
    for d in data.values():
        out.append(f"  {d['label'][:40]:<40} {bar(mb / d['elapsed'], top)} {mb / d['elapsed']:.2f}")
    lats = [(d["label"], d["plain"][2], d["facets"][2]) for d in data.values() if d["plain"] and d["facets"]]
    if lats:
        top = max(max(p, f) for _, p, f in lats)
        out.append("query p99 ms (plain / with facets)")
        for label, p, f in lats:
            out.append(f"  {label[:40]:<40} {bar(p, top)} {p:.2f}")
            out.append(f"  {'':<40} {bar(f, top)} {f:.2f} (facets)")
    out.append("```\n")

    ps = data.get("plan-search")
    http = read(f"{work}/plan-search.http")
    if ps and http:
        lines = [l for l in http.splitlines() if l.startswith("http_load:") or l.startswith("wrk ")]
        out.append("plan-search over HTTP (`plan-search serve` on loopback, " + "; ".join(lines) + ")\n")
    if ps:
        out.append("Targets for plan-search:\n")
        checks = []
        if base:
            r = base["elapsed"] / ps["elapsed"]
            checks.append(("indexing ≥ 1.0× single-thread raw MeCab", r >= 1.0, f"{r:.2f}× elapsed, "
                           f"{base['cpu'] / ps['cpu']:.2f}× CPU"))
        if ps["plain"]:
            checks.append(("query p99 ≤ 4 ms plain", ps["plain"][2] <= 4, f"{ps['plain'][2]:.2f} ms"))
        if ps["facets"]:
            checks.append(("query p99 ≤ 15 ms with the department facet (issue 18)", ps["facets"][2] <= 15,
                           f"{ps['facets'][2]:.2f} ms"))
        if ps["all_facets"]:
            checks.append(("query p99 ≤ 20 ms with all facets (issue 18)", ps["all_facets"][2] <= 20,
                           f"{ps['all_facets'][2]:.2f} ms"))
        luc = data.get("lucene")
        if luc and luc["facets"] and ps["facets"]:
            checks.append(("department-facet p99 against Lucene's in this run", ps["facets"][2] <= luc["facets"][2],
                           f"{ps['facets'][2]:.2f} vs {luc['facets'][2]:.2f} ms, "
                           f"{luc['facets'][2] / ps['facets'][2]:.2f}× Lucene's speed"))
        if ps["size"]:
            bpr = ps["size"] / records
            unc = read(f"{work}/plan-search.size_uncompacted")
            extra = f" ({int(unc) / records:,.0f} before compaction)" if unc else ""
            checks.append(("≤ 500 bytes/record after xapian-compact", bpr <= 500, f"{bpr:,.0f}{extra}"))
        checks.append(("indexing peak RSS ≤ 250 MiB", ps["rss"] <= 250, f"{ps['rss']:.0f} MiB"))
        for what, ok, value in checks:
            out.append(f"- {what}: {'met' if ok else '**missed**'} ({value})")
        out.append("")

    versions = []
    for p in PACKAGES:
        v = subprocess.run(["dpkg-query", "-W", "-f=${Version}", p], capture_output=True, text=True).stdout
        if v:
            versions.append(f"{p} {v}")
    out.append("Versions: " + ", ".join(versions) + ".")
    print("\n".join(out))


if __name__ == "__main__":
    main()

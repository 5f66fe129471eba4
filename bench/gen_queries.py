#!/usr/bin/env python3
"""Deterministic query set for the benchmark.

In:  a generated corpus (JSONL from gen_corpus.py), a seed.
Out: 1,000 keyword queries of 1-3 content words and 50 quoted phrases, one per line, in
     plan-search's query syntax (whitespace = AND, "..." = phrase). Every row of the benchmark runs
     this same file twice: plain, and with exact department facet counts (the facet variant).

Content words are MeCab (IPADIC, via the `mecab` CLI) nouns of a sampled record's name and
summary, so every keyword query matches at least the record it was drawn from; phrases are runs of
2-4 adjacent nouns of a sampled summary, as they appear in the text.
"""
import argparse
import json
import random
import re
import os
import subprocess

CONTENT = {("名詞", "一般"), ("名詞", "サ変接続"), ("名詞", "固有名詞"), ("名詞", "形容動詞語幹")}
WORD_OK = re.compile(r"^[\w\u3040-\u30ff\u4e00-\u9fff\u30fc]+$")

# IPADIC, as plan-search uses, whatever /etc/mecabrc points at (groonga-tokenizer-mecab pulls in
# naist-jdic, which takes over the default dictionary).
IPADIC = "/var/lib/mecab/dic/ipadic-utf8"
MECAB_DIC = ["-d", IPADIC] if os.path.isdir(IPADIC) else []


def analyze(texts):
    """[(surface, is_content, is_noun)] per text, from one `mecab` run."""
    joined = "\n".join(t.replace("\n", " ") for t in texts) + "\n"
    out = subprocess.run(["mecab"] + MECAB_DIC, input=joined, check=True, capture_output=True, text=True).stdout
    result, cur = [], []
    for line in out.split("\n"):
        if line == "EOS":
            result.append(cur)
            cur = []
            continue
        if "\t" not in line:
            continue
        surface, feat = line.split("\t", 1)
        f = feat.split(",")
        content = (f[0], f[1]) in CONTENT and len(surface) >= 2 and WORD_OK.match(surface) \
            and not surface.isdigit()
        cur.append((surface, bool(content), f[0] == "名詞" and f[1] not in ("数", "非自立", "代名詞")))
    return result[: len(texts)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="JSONL from gen_corpus.py")
    ap.add_argument("--seed", type=int, default=20240602)
    ap.add_argument("--keywords", type=int, default=1000)
    ap.add_argument("--phrases", type=int, default=50)
    args = ap.parse_args()

    with open(args.corpus, encoding="utf-8") as f:
        count = sum(1 for _ in f)
    rng = random.Random(args.seed)
    want = sorted(rng.sample(range(count), min(count, 4 * (args.keywords + args.phrases))))
    picked, wanted = [], set(want)
    with open(args.corpus, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i in wanted:
                r = json.loads(line)
                picked.append((r["name"], r["summary"]))
    rng.shuffle(picked)
    analyzed = analyze([n + "。" + s for n, s in picked])

    queries, seen = [], set()
    for tokens in analyzed:
        if len(queries) >= args.keywords:
            break
        words = sorted({s for s, c, _ in tokens if c})
        if not words:
            continue
        k = min(len(words), rng.choice((1, 1, 2, 2, 3)))
        q = " ".join(rng.sample(words, k))
        if q not in seen:
            seen.add(q)
            queries.append(q)

    phrases = []
    for tokens in analyzed:
        if len(phrases) >= args.phrases:
            break
        runs, cur = [], []
        for s, _, noun in tokens + [("", False, False)]:
            if noun and WORD_OK.match(s):
                cur.append(s)
                continue
            if len(cur) >= 2:
                runs.append(cur)
            cur = []
        runs = [r[:4] for r in runs if 4 <= len("".join(r[:4])) <= 12]
        if runs:
            p = '"' + "".join(rng.choice(runs)) + '"'
            if p not in seen:
                seen.add(p)
                phrases.append(p)
    if len(queries) < args.keywords or len(phrases) < args.phrases:
        raise SystemExit(f"gen_queries: only {len(queries)} keyword queries and {len(phrases)} "
                         f"phrases from {args.corpus}; the corpus is too small")
    print("\n".join(queries + phrases))


if __name__ == "__main__":
    main()

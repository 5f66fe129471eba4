#!/usr/bin/env python3
"""Deterministic synthetic corpus for the benchmark.

In:  the real records of corpus/ (JSONL from `plan-index extract`, or --source FILE), N, seed.
Out: N project records in the JSON contract's shape, one per line, on stdout (or --out FILE).

Each record recombines real pieces: a name spliced from the head of one real name and the tail of
another (split into morphemes by the `mecab` CLI), a summary of 1-4 real clauses, the departments,
flags, section, goal hierarchy and budget of real records, and one of 50 cities. The same source,
N and seed give byte-identical output (one seeded RNG, sorted pools, fixed JSON formatting).
"""
import argparse
import json
import random
import re
import os
import subprocess
import sys

# 50 cities (city, prefecture, romanized id) so city facets and filters have a realistic spread.
CITIES = [
    ("札幌市", "北海道", "sapporo"), ("函館市", "北海道", "hakodate"), ("旭川市", "北海道", "asahikawa"),
    ("青森市", "青森県", "aomori"), ("盛岡市", "岩手県", "morioka"), ("仙台市", "宮城県", "sendai"),
    ("秋田市", "秋田県", "akita"), ("山形市", "山形県", "yamagata"), ("福島市", "福島県", "fukushima"),
    ("郡山市", "福島県", "koriyama"), ("水戸市", "茨城県", "mito"), ("宇都宮市", "栃木県", "utsunomiya"),
    ("前橋市", "群馬県", "maebashi"), ("高崎市", "群馬県", "takasaki"), ("さいたま市", "埼玉県", "saitama"),
    ("川越市", "埼玉県", "kawagoe"), ("千葉市", "千葉県", "chiba"), ("船橋市", "千葉県", "funabashi"),
    ("八王子市", "東京都", "hachioji"), ("横浜市", "神奈川県", "yokohama"), ("川崎市", "神奈川県", "kawasaki"),
    ("相模原市", "神奈川県", "sagamihara"), ("新潟市", "新潟県", "niigata"), ("富山市", "富山県", "toyama"),
    ("金沢市", "石川県", "kanazawa"), ("福井市", "福井県", "fukui"), ("甲府市", "山梨県", "kofu"),
    ("長野市", "長野県", "nagano"), ("須坂市", "長野県", "suzaka"), ("松本市", "長野県", "matsumoto"),
    ("岐阜市", "岐阜県", "gifu"), ("静岡市", "静岡県", "shizuoka"), ("浜松市", "静岡県", "hamamatsu"),
    ("名古屋市", "愛知県", "nagoya"), ("豊田市", "愛知県", "toyota"), ("津市", "三重県", "tsu"),
    ("大津市", "滋賀県", "otsu"), ("京都市", "京都府", "kyoto"), ("大阪市", "大阪府", "osaka"),
    ("堺市", "大阪府", "sakai"), ("神戸市", "兵庫県", "kobe"), ("姫路市", "兵庫県", "himeji"),
    ("奈良市", "奈良県", "nara"), ("和歌山市", "和歌山県", "wakayama"), ("岡山市", "岡山県", "okayama"),
    ("広島市", "広島県", "hiroshima"), ("松山市", "愛媛県", "matsuyama"), ("福岡市", "福岡県", "fukuoka"),
    ("熊本市", "熊本県", "kumamoto"), ("鹿児島市", "鹿児島県", "kagoshima"),
]
YEARS = [2019, 2020, 2021, 2022, 2023, 2024]
SIZES = {"10k": 10_000, "200k": 200_000, "1.7m": 1_700_000, "1.7M": 1_700_000}

# IPADIC, as plan-search uses, whatever /etc/mecabrc points at (groonga-tokenizer-mecab pulls in
# naist-jdic, which takes over the default dictionary).
IPADIC = "/var/lib/mecab/dic/ipadic-utf8"
MECAB_DIC = ["-d", IPADIC] if os.path.isdir(IPADIC) else []


def parse_size(text):
    if text in SIZES:
        return SIZES[text]
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text)
    if not m:
        raise argparse.ArgumentTypeError(f"--size: '{text}' is not a count like 10000, 200k or 1.7m")
    scale = {"": 1, "k": 1000, "m": 1_000_000}[m.group(2).lower()]
    return int(round(float(m.group(1)) * scale))


def load_source(args):
    if args.source:
        with open(args.source, encoding="utf-8") as f:
            lines = f.read().splitlines()
    else:
        out = subprocess.run([args.plan_index, "extract", "--corpus", args.corpus],
                             check=True, capture_output=True, text=True)
        lines = out.stdout.splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    if not records:
        sys.exit("gen_corpus: the source has no records")
    return records


def morphemes(texts):
    """Surface morphemes of each text, via one `mecab -Owakati` run (deterministic)."""
    joined = "\n".join(t.replace("\n", " ") for t in texts) + "\n"
    out = subprocess.run(["mecab", "-Owakati"] + MECAB_DIC, input=joined, check=True, capture_output=True,
                         text=True).stdout.split("\n")
    return [line.split() for line in out[: len(texts)]]


def clauses(summary):
    """Split a summary after 、 and 。 keeping the punctuation (the pieces we recombine)."""
    return [c for c in re.findall(r"[^、。]+[、。]?", summary) if len(c) >= 4]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=parse_size, default=parse_size("10k"), help="10k, 200k, 1.7m or a count")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--source", help="JSONL of real records (default: run plan-index extract)")
    ap.add_argument("--plan-index", default="./build/plan-index")
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--out", default="-")
    args = ap.parse_args()

    src = load_source(args)
    # Sorted, de-duplicated pools: the output does not depend on the order of the source lines.
    names = sorted({r["name"] for r in src if r["name"]})
    name_parts = [p for p in morphemes(names) if p]
    clause_pool = sorted({c for r in src for c in clauses(r["summary"])})
    # Facet-like pieces are drawn as whole tuples of a real record, so combinations stay plausible.
    facts = sorted({json.dumps([r["departments"], r["flags"], r["section"], r["goal"], r["budget"]],
                               ensure_ascii=False, sort_keys=True) for r in src})
    facts = [json.loads(f) for f in facts]

    rng = random.Random(args.seed)
    documents = []
    for city, pref, slug in CITIES:
        year = rng.choice(YEARS)
        documents.append({"id": f"{slug}-{year}-jisshi", "title": f"{city}総合計画 実施計画 {year}",
                          "year": year, "city": city, "prefecture": pref})

    out = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    line_of_doc = [10] * len(documents)
    for _ in range(args.size):
        d = rng.randrange(len(documents))
        doc = documents[d]
        a, b = rng.choice(name_parts), rng.choice(name_parts)
        head = a[: rng.randint(1, max(1, len(a) - 1))]
        tail = b[rng.randint(1, len(b) - 1):] if len(b) > 1 else b
        name = "".join(head + tail)
        n_clauses = rng.choice((0, 1, 2, 3, 3, 4))
        summary = "".join(rng.choice(clause_pool) for _ in range(n_clauses))
        if summary and not summary.endswith("。"):
            summary = summary.rstrip("、") + "。"
        depts, flags, section, goal, budget = rng.choice(facts)
        line = line_of_doc[d]
        line_of_doc[d] += rng.randint(1, 4)
        rec = {
            "id": f"{doc['id']}-{line}",
            "city": doc["city"], "prefecture": doc["prefecture"],
            "document": {"id": doc["id"], "title": doc["title"], "year": doc["year"]},
            "source": {"file": doc["id"] + ".txt", "origin": doc["id"] + ".txt", "line": line,
                       "end_line": line},
            "section": section, "goal": goal, "name": name, "summary": summary,
            "departments": depts, "departments_more": False, "flags": flags, "budget": budget,
            "indicators": [], "details": [], "facets": {}, "attributes": {},
        }
        out.write(json.dumps(rec, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()

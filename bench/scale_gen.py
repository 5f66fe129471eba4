#!/usr/bin/env python3
"""Synthetic plan records for every Japanese municipality, for the scale simulation (not CI).

In: the records of the real corpus (`plan-index extract` JSONL) as vocabulary and structure.
Out: N records in the JSON contract on stdout, deterministic for a given --seed: ~1,741 city names
synthesized from real-looking components, each with several plans (documents) a year; names,
summaries, departments and goal headings recombined from the corpus.
"""
import argparse
import json
import random
import subprocess
import sys

PREFECTURES = ("北海道 青森県 岩手県 宮城県 秋田県 山形県 福島県 茨城県 栃木県 群馬県 埼玉県 千葉県 東京都 "
               "神奈川県 新潟県 富山県 石川県 福井県 山梨県 長野県 岐阜県 静岡県 愛知県 三重県 滋賀県 京都府 "
               "大阪府 兵庫県 奈良県 和歌山県 鳥取県 島根県 岡山県 広島県 山口県 徳島県 香川県 愛媛県 高知県 "
               "福岡県 佐賀県 長崎県 熊本県 大分県 宮崎県 鹿児島県 沖縄県").split()
HEADS = list("東西南北上下中大小新古高長松竹梅桜山川田野原島沢井石岡森林平富豊明")
TAILS = ["田", "川", "山", "野", "原", "島", "沢", "浜", "崎", "岡", "瀬", "津", "賀", "見", "部", "宮", "丘", "谷", "里", "江"]
KINDS = [("市", 792), ("町", 743), ("村", 206)]  # 1,741 municipalities


def city_names(rng):
    names, seen = [], set()
    for suffix, count in KINDS:
        made = 0
        while made < count:
            stem = rng.choice(HEADS) + rng.choice(TAILS)
            if rng.random() < 0.3:
                stem += rng.choice(TAILS)
            name = stem + suffix
            if name in seen:
                continue
            seen.add(name)
            names.append((name, rng.choice(PREFECTURES)))
            made += 1
    return names


def print_queries(base, n, rng):
    text = "\n".join(r["name"] for r in base if r.get("name"))
    tagged = subprocess.run(["mecab"], input=text, capture_output=True, text=True, check=True).stdout
    nouns = sorted({l.split("\t")[0] for l in tagged.splitlines()
                    if "\t" in l and l.split("\t")[1].startswith("名詞,") and len(l.split("\t")[0]) >= 2
                    and not l.split("\t")[1].startswith("名詞,数")})
    for _ in range(n):
        print(" ".join(rng.sample(nouns, k=rng.choice([1, 1, 2, 2, 3]))))


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus-jsonl", required=True, help="records of the real corpus (plan-index extract)")
    ap.add_argument("--records", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--queries", type=int, default=0,
                    help="print this many queries (1-3 nouns of the corpus names, MeCab) instead")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    base = [json.loads(l) for l in open(args.corpus_jsonl, encoding="utf-8") if l.strip()]
    if args.queries:
        print_queries(base, args.queries, rng)
        return
    names = [r["name"] for r in base if r.get("name")]
    summaries = [r["summary"] for r in base if r.get("summary")]
    departments = sorted({d for r in base for d in r.get("departments", [])})
    goals = [r["goal"] for r in base]
    sections = [r.get("section", "") for r in base]
    flags = [r.get("flags", []) for r in base]
    cities = city_names(rng)
    per_document = 120  # records per plan document
    out = sys.stdout
    for i in range(args.records):
        doc_no = i // per_document
        city, prefecture = cities[doc_no % len(cities)]
        year = 2018 + (doc_no // len(cities)) % 7
        doc_id = "c%04d-%d-%d" % (doc_no % len(cities), year, doc_no // (len(cities) * 7))
        line = 1 + (i % per_document) * 4
        name = rng.choice(names)
        if rng.random() < 0.4:  # recombine: the head of one name with the tail of another
            other = rng.choice(names)
            name = name[: max(2, len(name) // 2)] + other[len(other) // 2:]
        summary = rng.choice(summaries)
        if rng.random() < 0.5:
            summary += rng.choice(summaries)
        rec = {
            "id": "%s-%d" % (doc_id, line),
            "city": city,
            "prefecture": prefecture,
            "document": {"id": doc_id, "title": "%s総合計画 実施計画" % city, "year": year},
            "source": {"file": doc_id + ".txt", "origin": doc_id + ".pdf", "line": line, "end_line": line + 3},
            "section": rng.choice(sections),
            "goal": rng.choice(goals),
            "name": name,
            "summary": summary,
            "departments": rng.sample(departments, k=1 + (rng.random() < 0.3)),
            "flags": rng.choice(flags),
            "budget": None,
        }
        out.write(json.dumps(rec, ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Split judged queries into a tuning part and a frozen held-out part (issue 16).

In:  one or more judgment files (query, kind, grade, document, name substring; '#' comments).
Out: tuning.tsv and frozen.tsv next to this script (or --out DIR), each with its header.

The split is stratified by kind: in each kind, round(n/3) queries go to the frozen part, drawn
with random.Random(SEED) from the kind's queries in sorted order. Sorting first makes the split
depend only on the set of queries, so running the script on tuning.tsv + frozen.tsv reproduces
the same two files (`--check` verifies that without writing).
"""
import argparse
import collections
import os
import random
import sys

SEED = 16  # the issue number; fixed so that the frozen third never changes
HEADER = """# Graded relevance judgments (issue 16), made by pooling and reading corpus/*.txt and the 大船渡市 CSV.
# query<TAB>kind<TAB>grade (2 = what the user wants, 1 = relevant)<TAB>document id<TAB>name substring
# A result counts for a judgment when its document matches and its name contains the substring;
# only the first such result counts (re-listed copies add nothing). How the set was made:
# tests/relevance/README.md.
"""
FROZEN_NOTE = """# FROZEN: the held-out third. Do not read, print or tune on these queries until the final
# measurement; report only its aggregate figures (plan-relevance --judgments frozen.tsv).
"""


def read_queries(paths):
    queries = collections.OrderedDict()  # query -> (kind, [lines])
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                fields = line.split("\t")
                if len(fields) != 5:
                    sys.exit(f"{path}:{n}: expected 5 tab-separated fields")
                kind = queries.setdefault(fields[0], (fields[1], []))[0]
                if kind != fields[1]:
                    sys.exit(f"{path}:{n}: query '{fields[0]}' has two kinds ({kind}, {fields[1]})")
                queries[fields[0]][1].append(line)
    return queries


def frozen_set(queries):
    by_kind = collections.defaultdict(list)
    for query, (kind, _) in queries.items():
        by_kind[kind].append(query)
    rng = random.Random(SEED)
    frozen = set()
    for kind in sorted(by_kind):
        members = sorted(by_kind[kind])
        frozen.update(rng.sample(members, round(len(members) / 3)))
    return frozen


def render(queries, keep, header):
    body = [line for query, (_, lines) in queries.items() if keep(query) for line in lines]
    return header + "\n".join(body) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("judgments", nargs="+")
    parser.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    parser.add_argument("--check", action="store_true", help="compare with the files in --out")
    args = parser.parse_args()
    queries = read_queries(args.judgments)
    frozen = frozen_set(queries)
    outputs = {
        "tuning.tsv": render(queries, lambda q: q not in frozen, HEADER),
        "frozen.tsv": render(queries, lambda q: q in frozen, FROZEN_NOTE + HEADER),
    }
    for name, text in outputs.items():
        path = os.path.join(args.out, name)
        if args.check:
            with open(path, encoding="utf-8") as f:
                current = [l for l in f.read().splitlines() if l and not l.startswith("#")]
            wanted = [l for l in text.splitlines() if l and not l.startswith("#")]
            if sorted(current) != sorted(wanted):
                sys.exit(f"{path}: differs from the seeded split")
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    n_frozen = len(frozen)
    print(f"{len(queries) - n_frozen} tuning queries, {n_frozen} frozen queries (seed {SEED})")


if __name__ == "__main__":
    main()

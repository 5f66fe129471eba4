#!/usr/bin/env python3
"""Groonga rows of the benchmark (the `groonga` CLI of Debian's groonga-bin).

  groonga_bench.py schema TOKENIZER       commands: tables, the `load` goes between, then the index
  groonga_bench.py index-commands TOKENIZER   the lexicon + index column, created after the load
                                          (Groonga's fast offline index construction)
  groonga_bench.py queries QUERIES FACETS     `select` commands, the whole set twice
  groonga_bench.py parse OUTPUT N OUT     second-pass elapsed times (ms, Groonga's own header) to OUT

TOKENIZER is TokenMecab or TokenBigram. FACETS=1 adds a drilldown on department (exact counts).
"""
import json
import sys


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def schema():
    print("table_create Departments TABLE_HASH_KEY ShortText")
    print("table_create Projects TABLE_HASH_KEY ShortText")
    print("column_create Projects body COLUMN_SCALAR Text")
    print("column_create Projects department COLUMN_VECTOR Departments")


def index_commands(tokenizer):
    print(f"table_create Terms TABLE_PAT_KEY ShortText --default_tokenizer {tokenizer} "
          f"--normalizer NormalizerAuto")
    print("column_create Terms body_index COLUMN_INDEX|WITH_POSITION Projects body")


def queries(path, facets):
    lines = open(path, encoding="utf-8").read().splitlines()
    for _ in range(2):
        for q in lines:
            cmd = (f"select Projects --match_columns body --query {quote(q)} --limit 10 "
                   f"--output_columns _key,_score --sort_keys -_score")
            if facets:
                cmd += " --drilldown department --drilldown_limit 10 --drilldown_sort_keys -_nsubrecs"
            print(cmd)


def parse(output, n, out):
    text = open(output, encoding="utf-8").read()
    dec, pos, headers = json.JSONDecoder(), 0, []
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        obj, pos = dec.raw_decode(text, pos)
        headers.append(obj[0] if isinstance(obj, list) and obj and isinstance(obj[0], list) else obj)
    if len(headers) != 2 * n:
        sys.exit(f"groonga_bench.py: {len(headers)} responses for {2 * n} queries")
    errors = [h for h in headers if h[0] != 0]
    if errors:
        sys.exit(f"groonga_bench.py: {len(errors)} queries failed, first: {errors[0]}")
    with open(out, "w") as f:
        f.write("\n".join(f"{h[2] * 1000:.4f}" for h in headers[n:]) + "\n")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "schema":
        schema()
    elif cmd == "index-commands":
        index_commands(sys.argv[2])
    elif cmd == "queries":
        queries(sys.argv[2], sys.argv[3] == "1")
    elif cmd == "parse":
        parse(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        sys.exit(f"groonga_bench.py: unknown command {cmd}")

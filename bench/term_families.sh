#!/usr/bin/env bash
# What each term family buys and what it costs (issue 19): the seed corpus and N synthetic records
# indexed with every family, then with each one left out (plan-index build --omit-terms F).
# Buys: nDCG@10 / recall@20 of the judged queries (tests/relevance: tuning, frozen, judgments)
# on the seed index. Costs: build seconds, bytes per record as plan-index build leaves the index
# (compacted), postings per record, on the synthetic records (bench/run.sh's corpus).
#   bench/term_families.sh [--records N] [--build DIR]     (default 20000, build-release)
# Prints a markdown table. Not part of CI (about 2 minutes on 2 cores).
set -euo pipefail
RECORDS=20000
BUILD=build-release
while [[ $# -gt 0 ]]; do
  case "$1" in
    --records) RECORDS="$2"; shift 2 ;;
    --build) BUILD="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "bench/term_families.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLAN_BUILD_BENCH=ON >/dev/null
ninja -C "$BUILD" plan-index plan-relevance index_breakdown user_dict >/dev/null
CORPUS=bench/out/data/corpus-200k-20240601.jsonl
[[ -s $CORPUS ]] || { echo "bench/term_families.sh: $CORPUS is missing: run bench/run.sh --size 200k --rows mecab first" >&2; exit 2; }
W=bench/out/families
rm -rf "$W"; mkdir -p "$W"
head -n "$RECORDS" "$CORPUS" > "$W/records.jsonl"
export PLAN_SEARCH_INDEX="$W/unused"

# ndcg_recall INDEX FILE: "nDCG / recall" of the judged queries in FILE
ndcg_recall() {
  "$BUILD/tests/plan-relevance" --index "$1" --judgments "$2" 2>/dev/null |
    awk '$1 == "ALL" {printf "%s / %s", $2, $3}'
}

echo "| left out | tuning nDCG@10 / recall@20 | frozen | judgments.tsv | build s ($RECORDS records) | bytes/record | postings/record |"
echo "| --- | --- | --- | --- | ---: | ---: | ---: |"
for omit in none bigrams compounds readings name positions; do
  flag=()
  [[ $omit != none ]] && flag=(--omit-terms "$omit")
  "$BUILD/plan-index" build --corpus corpus --index "$W/seed-$omit" "${flag[@]}" 2>/dev/null
  start=$(date +%s.%N)
  "$BUILD/plan-index" build --jsonl "$W/records.jsonl" --index "$W/bulk-$omit" "${flag[@]}" 2>/dev/null
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  bytes=$(du -sb "$(readlink -f "$W/bulk-$omit")" | cut -f1)
  postings=$("$BUILD/bench/index_breakdown" "$W/bulk-$omit" | sed -n '1s/.*(\([0-9.]*\) per record).*/\1/p')
  printf "| %s | %s | %s | %s | %.1f | %d | %s |\n" "$omit" \
    "$(ndcg_recall "$W/seed-$omit" tests/relevance/tuning.tsv)" \
    "$(ndcg_recall "$W/seed-$omit" tests/relevance/frozen.tsv)" \
    "$(ndcg_recall "$W/seed-$omit" tests/relevance/judgments.tsv)" \
    "$secs" $((bytes / RECORDS)) "$postings"
done

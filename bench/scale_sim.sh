#!/bin/sh
# Scale simulation (not CI): synthetic records for every municipality, indexed as 1, 2 and 4 shards.
# Prints index time, records/s, bytes per record, peak RSS (/usr/bin/time -v) and query p50/p99
# (plan-search query --batch --json, one warm process, elapsed_ms per query).
#   bench/scale_sim.sh [RECORDS...] [WORKDIR]  e.g. bench/scale_sim.sh "200000 1700000" /tmp/scale
# RECORDS may list several sizes; all rows land in one table, followed by a peak-RSS chart that
# shows whether indexing memory stays flat as the collection grows.
# Environment: BUILD (default build), SHARDS (default "1 2 4"), QUERIES (default 1000),
# REUSE_INDEX=1 (keep an index this script built before, with its timings, and measure queries
# again: for a searcher change without another hour of indexing).
set -eu
RECORD_COUNTS=${1:-200000}
WORK=${2:-/tmp/plan-scale}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$ROOT/build}
SHARDS=${SHARDS:-"1 2 4"}
QUERIES=${QUERIES:-1000}
mkdir -p "$WORK"

"$BUILD/plan-index" extract --corpus "$ROOT/corpus" > "$WORK/corpus.jsonl" 2>/dev/null
python3 "$ROOT/bench/scale_gen.py" --corpus-jsonl "$WORK/corpus.jsonl" --queries "$QUERIES" > "$WORK/queries.txt"
RSS_ROWS="$WORK/peak-rss.txt"
: > "$RSS_ROWS"

echo "| records | shards | index s | records/s | MB/s | bytes/record | peak RSS MiB | query p50 ms | p99 ms | p50 ms, no facets | p99 ms, no facets |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for RECORDS in $RECORD_COUNTS; do
DATA="$WORK/records-$RECORDS.jsonl"
[ -s "$DATA" ] || python3 "$ROOT/bench/scale_gen.py" --corpus-jsonl "$WORK/corpus.jsonl" --records "$RECORDS" > "$DATA"
MB=$(du -m "$DATA" | cut -f1)
for n in $SHARDS; do
    INDEX="$WORK/index-$RECORDS-$n"
    if [ "${REUSE_INDEX:-0}" = 1 ] && [ -e "$INDEX" ] && grep -q 'Exit status: 0' "$WORK/time-$RECORDS-$n.txt"; then
        :
    else
        rm -rf "$INDEX" "$INDEX.generations"
        if [ "$n" = 1 ]; then opts=""; else opts="--shard-by city --shards $n"; fi
        # shellcheck disable=SC2086
        /usr/bin/time -v "$BUILD/plan-index" build --jsonl "$DATA" --index "$INDEX" $opts 2> "$WORK/time-$RECORDS-$n.txt"
    fi
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$WORK/time-$RECORDS-$n.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/time-$RECORDS-$n.txt")
    bytes=$(du -sbL "$INDEX" | cut -f1)
    lat() {
        # shellcheck disable=SC2086
        "$BUILD/plan-search" query --batch "$WORK/queries.txt" --index "$INDEX" --json $1 |
            python3 -c 'import json,sys; v=sorted(json.loads(l)["elapsed_ms"] for l in sys.stdin if "elapsed_ms" in l); print("%.2f %.2f" % (v[len(v)//2], v[min(len(v)-1, int(len(v)*0.99))]))'
    }
    lat "" > /dev/null  # warm the page cache
    set -- $(lat "")
    f50=$1 f99=$2
    set -- $(lat --no-facets)
    echo "$RECORDS $n $rss" >> "$RSS_ROWS"
    echo "| $RECORDS | $n | $secs | $(echo "$RECORDS $secs" | awk '{printf "%.0f", $1/$2}') | $(echo "$MB $secs" | awk '{printf "%.2f", $1/$2}') | $(echo "$bytes $RECORDS" | awk '{printf "%.0f", $1/$2}') | $rss | $f50 | $f99 | $1 | $2 |"
done
done

# Peak RSS side by side: flat bars mean indexing memory does not grow with the collection.
echo
echo "peak RSS of plan-index build (MiB)"
awk '{ if ($3 > max) max = $3; row[NR] = $0 }
     END { for (i = 1; i <= NR; i++) { split(row[i], f, " "); bar = "";
               for (j = 0; j < int(f[3] * 50 / max + 0.5); j++) bar = bar "#";
               printf "%10d records, %d shard(s) %-50s %d\n", f[1], f[2], bar, f[3] } }' "$RSS_ROWS"

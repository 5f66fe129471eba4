#!/usr/bin/env bash
# The side-by-side benchmark: plan-search and its peers on the same records, in the same run.
#   bench/run.sh [--size 10k|200k|1.7m|N] [--seed N] [--skip-install] [--rows "mecab plan-search ..."]
# Installs the peers from Debian packages (sudo only when not root, idempotent), builds plan-search
# in Release (build-release/), generates the corpus and the queries, indexes and queries with every
# row, writes bench/out/results-<date>-<size>.md (table + bar chart) and prints it.
# Rows: mecab plan-search groonga-mecab groonga-bigram lucene sqlite. Not part of CI.
set -euo pipefail

SIZE=10k
SEED=20240601
INSTALL=1
ROWS="mecab groonga-mecab groonga-bigram lucene plan-search sqlite"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) SIZE="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --skip-install) INSTALL=0; shift ;;
    --rows) ROWS="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
OUT=bench/out
W=$OUT/work-$SIZE
DATA=$OUT/data
mkdir -p "$W" "$DATA"
log() { echo "bench: $*" >&2; }
# Xapian's tools from the patched build plan-search links (scripts/build-xapian.sh), else PATH's.
XAPIAN_BIN="$(scripts/build-xapian.sh --prefix)/bin"
[[ -x "$XAPIAN_BIN/xapian-compact" ]] || XAPIAN_BIN=$(dirname "$(command -v xapian-compact || echo /usr/bin/xapian-compact)")

# ---- peers and tools (Debian 12 packages) ----
IPADIC=/var/lib/mecab/dic/ipadic-utf8
if [[ $INSTALL -eq 1 ]]; then
  scripts/install-deps.sh
  packages=(groonga-bin groonga-tokenizer-mecab liblucene8-java default-jdk-headless python3 time wrk)
  missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO=sudo
  if [[ ${#missing[@]} -gt 0 ]]; then
    log "installing ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  # groonga-tokenizer-mecab pulls in mecab-naist-jdic, which takes over /etc/mecabrc's default
  # dictionary; plan-search's user dictionary is compiled for IPADIC, and every row must use the
  # same dictionary, so keep IPADIC the default.
  if [[ "$(readlink -f /var/lib/mecab/dic/debian)" != "$IPADIC" ]]; then
    log "making $IPADIC the default MeCab dictionary again"
    $SUDO update-alternatives --set mecab-dictionary "$IPADIC"
  fi
fi

# ---- plan-search, Release ----
BUILD=build-release
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
ninja -C "$BUILD" plan-index plan-search user_dict >/dev/null
export PLAN_SEARCH_INDEX="$ROOT/$W/unused"

# ---- data: corpus, queries, each peer's input (kept between runs of the same size and seed) ----
CORPUS=$DATA/corpus-$SIZE-$SEED.jsonl
QUERIES=$DATA/queries-$SIZE-$SEED.txt
if [[ ! -s $CORPUS ]]; then
  log "generating $CORPUS"
  python3 bench/gen_corpus.py --size "$SIZE" --seed "$SEED" --plan-index "$BUILD/plan-index" --out "$CORPUS.tmp"
  mv "$CORPUS.tmp" "$CORPUS"
fi
if [[ ! -s $QUERIES ]]; then
  log "generating $QUERIES"
  python3 bench/gen_queries.py "$CORPUS" > "$QUERIES.tmp"
  mv "$QUERIES.tmp" "$QUERIES"
fi
read -r RECORDS TEXT_BYTES < <(python3 bench/prepare_inputs.py "$CORPUS" "$W")
NQ=$(wc -l < "$QUERIES")
log "$RECORDS records, $TEXT_BYTES bytes of text, $NQ queries"
cat > "$W/meta.env" <<EOF
size=$SIZE
seed=$SEED
records=$RECORDS
text_bytes=$TEXT_BYTES
queries=$NQ
corpus_bytes=$(stat -c %s "$CORPUS")
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
cpus=$(nproc)
cpu_model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
EOF

# timed NAME CMD...: elapsed, user, sys seconds and peak RSS (KiB) of CMD into $W/NAME.time
timed() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$W/$name.time" "$@"
}
disk_bytes() { du -sk "$@" | awk '{s += $1} END {printf "%.0f\n", s * 1024}'; }  # %.0f: awk prints big sums as 4.98e+09
# second pass of a plan-search --batch run: its elapsed_ms per line
elapsed_of() { python3 -c 'import json,sys
for l in sys.stdin:
    j = json.loads(l)
    if "error" in j: sys.exit("plan-search: " + j["detail"])
    print(j["elapsed_ms"])'; }

for row in $ROWS; do
  log "row $row"
  case $row in
    mecab)
      timed mecab mecab -d "$IPADIC" -Owakati -o /dev/null "$W/text.txt"
      ;;
    plan-search)
      rm -rf "$W/ps"; mkdir -p "$W/ps"
      timed plan-search "$BUILD/plan-index" build --jsonl "$CORPUS" --index "$W/ps/index" 2> "$W/ps/build.log"
      "$XAPIAN_BIN/xapian-compact" "$W/ps/index" "$W/ps/compact" > /dev/null
      disk_bytes "$W/ps/compact" > "$W/plan-search.size"
      disk_bytes "$(readlink -f "$W/ps/index")" > "$W/plan-search.size_uncompacted"
      for f in 0 1 2; do
        # 1 counts departments, as every peer's facet variant does (exact, over all matches);
        # 2 counts every facet, as the web page asks
        flags=(--no-facets --facet-fields=department "")
        for pass in 1 2; do  # the first pass warms the page cache, the second is reported
          "$BUILD/plan-search" query --batch "$QUERIES" --index "$W/ps/compact" --json ${flags[$f]} \
            > "$W/ps/q$f.out"
        done
        elapsed_of < "$W/ps/q$f.out" > "$W/plan-search.lat$f"
      done
      # the same index behind the HTTP API: wrk, 30 s, a rotating mix of real queries
      # served through a generation symlink, with a rebuilt copy swapped in half-way (0 errors)
      rm -rf "$W/ps/gen-b"; cp -r "$W/ps/compact" "$W/ps/gen-b"
      ln -sfn compact "$W/ps/serve"
      bench/http_load.sh --index "$W/ps/serve" --swap-to "$W/ps/gen-b" --bin "$BUILD/plan-search" --duration 30s \
        > "$W/plan-search.http" 2>&1 || log "http_load failed: $(tail -1 "$W/plan-search.http")"
      ;;
    groonga-mecab|groonga-bigram)
      tok=$([[ $row == groonga-mecab ]] && echo TokenMecab || echo TokenBigram)
      rm -rf "$W/$row"; mkdir -p "$W/$row"
      { python3 bench/groonga_bench.py schema; cat "$W/groonga.grn"
        python3 bench/groonga_bench.py index-commands "$tok"; } > "$W/$row.grn"
      timed "$row" groonga -n "$W/$row/db" < "$W/$row.grn" > "$W/$row/index.out"
      if grep -q '^\[\[-' "$W/$row/index.out"; then
        log "groonga failed: $(grep -m1 '^\[\[-' "$W/$row/index.out")"; exit 1
      fi
      disk_bytes "$W/$row" > "$W/$row.size"
      for f in 0 1; do
        python3 bench/groonga_bench.py queries "$QUERIES" $f | groonga "$W/$row/db" > "$W/$row/q$f.out"
        python3 bench/groonga_bench.py parse "$W/$row/q$f.out" "$NQ" "$W/$row.lat$f"
      done
      ;;
    lucene)
      J=/usr/share/java
      if [[ ! -f $J/lucene-analyzers-kuromoji-8.7.0.jar ]]; then
        log "liblucene8-java has no kuromoji jar here: skipping the Lucene row"; echo skipped > "$W/lucene.skipped"; continue
      fi
      CP=$J/lucene-core-8.7.0.jar:$J/lucene-analyzers-common-8.7.0.jar:$J/lucene-analyzers-kuromoji-8.7.0.jar:$J/lucene-queryparser-8.7.0.jar:$J/lucene-facet-8.7.0.jar
      rm -rf "$W/lucene"; mkdir -p "$W/lucene/classes"
      javac -d "$W/lucene/classes" -cp "$CP" bench/LuceneBench.java
      CP=$CP:$W/lucene/classes
      timed lucene java -cp "$CP" LuceneBench index "$W/peers.tsv" "$W/lucene/index" 2> "$W/lucene/index.log"
      java -cp "$CP" LuceneBench compact "$W/lucene/index"
      disk_bytes "$W/lucene/index" > "$W/lucene.size"
      for f in 0 1; do
        java -cp "$CP" LuceneBench query "$W/lucene/index" "$QUERIES" $f "$W/lucene.lat$f" 2>> "$W/lucene/query.log"
      done
      ;;
    sqlite)
      rm -f "$W/sqlite.db"
      timed sqlite python3 bench/sqlite_bench.py index "$W/peers.tsv" "$W/sqlite.db"
      python3 bench/sqlite_bench.py compact "$W/sqlite.db"
      disk_bytes "$W/sqlite.db" > "$W/sqlite.size"
      for f in 0 1; do
        python3 bench/sqlite_bench.py query "$W/sqlite.db" "$QUERIES" $f "$W/sqlite.lat$f"
      done
      ;;
    *) echo "bench/run.sh: unknown row '$row'" >&2; exit 2 ;;
  esac
done
echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)" >> "$W/meta.env"

REPORT=$OUT/results-$(date +%Y-%m-%d)-$SIZE.md
python3 bench/report.py "$W" "bench/run.sh --size $SIZE" > "$REPORT"
cat "$REPORT"
log "wrote $REPORT"

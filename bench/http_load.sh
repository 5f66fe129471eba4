#!/usr/bin/env bash
# Load test of the HTTP API: `plan-search serve` on loopback, wrk for 30 s against /api/search
# with a rotating mix of real queries (bench/http_load.lua). Prints requests/s, p50 and p99 and
# fails when any request failed. With --swap-to DIR (the index must be a symlink), the symlink is
# switched to DIR half-way, as a rebuild does, and the server must reload without a failed request.
# Not run in CI.
#   bench/http_load.sh [--index data/index] [--duration 30s] [--connections 16] [--threads CORES]
#                      [--swap-to DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
index=${PLAN_SEARCH_INDEX:-data/index}
duration=30s
connections=16
threads=$(nproc)
bin=build/plan-search
swap_to=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --index) index=$2; shift 2 ;;
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    --swap-to) swap_to=$2; shift 2 ;;
    *) echo "http_load.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
command -v wrk >/dev/null || { echo "http_load.sh: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[[ -x $bin ]] || { echo "http_load.sh: no $bin (build first)" >&2; exit 2; }
[[ -e $index ]] || { echo "http_load.sh: no index at $index (./build/plan-index build)" >&2; exit 2; }
if [[ -n $swap_to ]]; then
  [[ -L $index ]] || { echo "http_load.sh: --swap-to needs --index to be a symlink ($index is not)" >&2; exit 2; }
  [[ -d $swap_to ]] || { echo "http_load.sh: --swap-to: no folder $swap_to" >&2; exit 2; }
fi

out=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$out"' EXIT
"$bin" serve --index "$index" --port 0 --threads "$threads" --no-access-log >"$out/server.out" 2>"$out/server.err" &
server=$!
for _ in $(seq 100); do
  url=$(grep -o 'http://127.0.0.1:[0-9]*' "$out/server.out" || true)
  [[ -n $url ]] && curl -fs "$url/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
[[ -n ${url:-} ]] || { echo "http_load.sh: server did not start: $(cat "$out/server.err")" >&2; exit 1; }

echo "wrk -t2 -c$connections -d$duration --latency -s bench/http_load.lua $url/api/search (server --threads $threads, $(nproc) cores)"
if [[ -n $swap_to ]]; then
  half=$(( ${duration%s} / 2 ))
  # rename(2) over the link: readers see the old generation or the new one, never neither
  (sleep "$half"; ln -sfn "$(realpath "$swap_to")" "$index.swap" && mv -T "$index.swap" "$index"
   echo "http_load: switched $index to $swap_to after ${half} s") &
  swapper=$!
fi
wrk -t2 -c"$connections" -d"$duration" --timeout 10s --latency -s bench/http_load.lua "$url/api/search" | tee "$out/wrk.txt"
if [[ -n $swap_to ]]; then
  wait "$swapper"
  reloads=$(curl -fs "$url/metrics" | awk '/^plan_search_index_reloads_total/ {print $2}')
  echo "http_load: the server reloaded the index ${reloads:-?} time(s) during the run"
fi

rps=$(awk '/^Requests\/sec:/ {print $2}' "$out/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$out/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$out/wrk.txt")
total=$(awk '/requests in/ {print $1}' "$out/wrk.txt")
non2xx=$(awk '/Non-2xx/ {print $NF}' "$out/wrk.txt")
sockerr=$(grep -c 'Socket errors' "$out/wrk.txt" || true)
echo
echo "http_load: ${rps} requests/s, p50 ${p50}, p99 ${p99}, ${total} requests, non-2xx ${non2xx:-0}, socket errors: $([[ $sockerr -gt 0 ]] && grep 'Socket errors' "$out/wrk.txt" || echo none)"
[[ -z ${non2xx:-} && $sockerr -eq 0 ]]

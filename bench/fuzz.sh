#!/usr/bin/env bash
# Fuzz every libFuzzer target for a while and print executions/s, coverage and crashes.
#   bench/fuzz.sh [SECONDS_PER_TARGET=600] [PARALLEL=1] [TARGET...]
# Builds build-fuzz (clang++, -DPLAN_FUZZ=ON) if needed. Each target starts from its checked-in
# seeds (fuzz/seeds/<target>) plus what earlier runs found (bench/out/fuzz/<target>/corpus);
# crashes land in bench/out/fuzz/<target>/artifacts and make the script exit 1.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
parallel=${2:-1}
shift $(( $# > 2 ? 2 : $# ))

build=build-fuzz
if [[ ! -f $build/build.ninja ]]; then
  CXX=clang++ cmake -S . -B $build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPLAN_FUZZ=ON -DPLAN_BUILD_TESTS=OFF >/dev/null
fi
ninja -C $build fuzz_all >/dev/null

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for d in fuzz/seeds/*/; do targets+=("$(basename "$d")"); done
fi

out=bench/out/fuzz
run_target() {
  local t=$1 dir=$out/$1
  mkdir -p "$dir/corpus" "$dir/artifacts"
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072 \
    -print_final_stats=1 -artifact_prefix="$dir/artifacts/" \
    "$dir/corpus" "fuzz/seeds/$t" >"$dir/log" 2>&1 || true
}

running=0
for t in "${targets[@]}"; do
  run_target "$t" &
  running=$((running + 1))
  if (( running >= parallel )); then wait -n || true; running=$((running - 1)); fi
done
wait

status=0
printf '%-24s %10s %10s %8s %8s %8s\n' target seconds execs exec/s cov crashes
for t in "${targets[@]}"; do
  log=$out/$t/log
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  crashes=$(find "$out/$t/artifacts" -type f | wc -l)
  (( crashes > 0 )) && status=1
  printf '%-24s %10s %10s %8s %8s %8s\n' "$t" "$seconds" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$crashes"
done
exit $status

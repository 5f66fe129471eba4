#!/usr/bin/env bash
# systemd-analyze verify on the package's units (packaging/*.service, *.timer). The programs
# they start are not installed here: the units are checked as copies whose /usr/bin/plan-*
# point at stand-in executables. Any warning (an unknown key, a bad value) fails the test.
# Exit 77 (skipped, with the reason) where systemd-analyze is missing (no systemd).
#   tests/systemd_units_test.sh PACKAGING_DIR
set -euo pipefail
src=$(realpath "$1")
if ! command -v systemd-analyze >/dev/null; then
  echo "systemd units test SKIPPED: systemd-analyze not found (install systemd to run it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
for program in plan-search plan-index; do
  cp "$src/launcher.sh" "$work/bin/$program"
  chmod +x "$work/bin/$program"
done
units=()
for unit in "$src"/*.service "$src"/*.timer; do
  sed "s#/usr/bin/plan-#$work/bin/plan-#g" "$unit" >"$work/$(basename "$unit")"
  units+=("$work/$(basename "$unit")")
done
echo "systemd-analyze verify ${units[*]##*/}"
status=0
out=$(cd "$work" && systemd-analyze verify "${units[@]}" 2>&1) || status=$?
if [[ $status -ne 0 || -n "$out" ]]; then
  echo "$out"
  echo "systemd units test FAILED (status $status)"
  exit 1
fi
echo "systemd-analyze security (exposure of plan-search.service, 0 safe .. 10 unsafe):"
(cd "$work" && systemd-analyze security --offline=true "$work/plan-search.service" 2>&1 | tail -1) || true
echo "systemd units test passed"

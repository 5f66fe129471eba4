#!/usr/bin/env bash
# The whole test suite: install dependencies, build from scratch, run ctest; then the same tests
# under ASan+UBSan. CI (.ci/run) runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
scripts/install-deps.sh --browser
(cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund)  # playwright-core, as locked
(cd tests/openapi && npm ci --ignore-scripts --no-audit --no-fund)  # @redocly/cli, as locked
export PLAN_REQUIRE_BROWSER=1  # in CI a missing browser fails the browser test instead of skipping
# Likewise the OpenAPI lint and the package check (ctest package_deb: cpack in build-test, dpkg-deb
# -I/-c, dpkg -x, the packaged server answering; tests/package_test.sh).
export PLAN_REQUIRE_OPENAPI_LINT=1 PLAN_REQUIRE_PACKAGE=1

echo "== build (RelWithDebInfo) =="
rm -rf build-test
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-test
echo "== ctest =="
(cd build-test && ctest --output-on-failure -j2)

echo "== build (ASan+UBSan) =="
rm -rf build-asan
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPLAN_SANITIZE=ON >/dev/null
cmake --build build-asan
echo "== ctest (ASan+UBSan) =="
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j2 -LE no-sanitizer)

echo "== fuzz smoke (clang++ libFuzzer: each target over its seeds, ${PLAN_FUZZ_SMOKE_SECONDS:-15} s) =="
rm -rf build-fuzz-smoke
CXX=clang++ cmake -S . -B build-fuzz-smoke -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPLAN_FUZZ=ON \
  -DPLAN_BUILD_TESTS=OFF -DPLAN_FUZZ_SMOKE_SECONDS="${PLAN_FUZZ_SMOKE_SECONDS:-15}" >/dev/null
cmake --build build-fuzz-smoke --target fuzz_all
(cd build-fuzz-smoke/fuzz && ctest --output-on-failure -j2 -L fuzz)

echo "== all tests passed in $(( $(date +%s) - start )) s =="

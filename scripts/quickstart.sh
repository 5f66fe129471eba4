#!/usr/bin/env bash
# Fresh machine to first search: install dependencies, build, index corpus/ into data/index,
# run a search.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build
./build/plan-index build
./build/plan-search query "${1:-移住}"

#!/usr/bin/env bash
# Install the Debian 12 packages plan-search builds and tests with, then build the patched Xapian
# it links (scripts/build-xapian.sh: Debian's xapian-core source + patches/xapian-core/, static,
# cached in ~/.cache/plan-search). Idempotent: installs only what is missing, and a second run
# returns at once. Uses sudo only when not root.
#   scripts/install-deps.sh           build and test dependencies
#   scripts/install-deps.sh --browser also Chromium and Node.js for the browser test
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git
  clang libclang-rt-14-dev                # libFuzzer targets in fuzz/ (scripts/test.sh smoke)
  make patch xz-utils zlib1g-dev uuid-dev # building Xapian from Debian's source (scripts/build-xapian.sh)
  libxapian-dev xapian-tools              # Debian's stock Xapian: -DPLAN_XAPIAN_PREFIX=system, the bug's ctest
  libmecab-dev mecab mecab-ipadic mecab-ipadic-utf8 mecab-utils  # tokenizer, IPADIC, mecab-dict-index
  libicu-dev                              # normalization (NFKC, case folding), encodings
  libcli11-dev                            # command lines
  catch2                                  # tests (Catch2 v2)
  nlohmann-json3-dev                      # JSON records, manifest, API
  libcpp-httplib-dev                      # HTTP server
  libssl-dev                              # SHA-256 of corpus documents (and httplib's TLS headers)
  dpkg-dev curl                           # apt-get source; the Debian package: dpkg-shlibdeps; its test's requests
)
# Optional: systemd (systemd-analyze verify on packaging/*.service; the test skips without it).
if [[ "${1:-}" == "--browser" ]]; then
  packages+=(chromium fonts-ipafont-gothic nodejs)  # a Japanese font for the screenshots
  # npm: Debian's package, unless a Node.js distribution that bundles npm is installed already.
  command -v npm >/dev/null || packages+=(npm)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "install-deps: done"
fi
# Xapian with patches/xapian-core/ applied, static (one line when it is built already).
"$(dirname "$0")/build-xapian.sh"

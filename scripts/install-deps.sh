#!/usr/bin/env bash
# Install the Debian 12 packages plan-search builds and tests with. Idempotent: installs only
# what is missing. Uses sudo only when not root.
#   scripts/install-deps.sh           build and test dependencies
#   scripts/install-deps.sh --browser also Chromium and Node.js for the browser test
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config git
  clang libclang-rt-14-dev                # libFuzzer targets in fuzz/ (scripts/test.sh smoke)
  libxapian-dev xapian-tools              # index, ranking, facets; xapian-tcpsrv for remote shards
  libmecab-dev mecab mecab-ipadic mecab-ipadic-utf8 mecab-utils  # tokenizer, IPADIC, mecab-dict-index
  libicu-dev                              # normalization (NFKC, case folding), encodings
  libcli11-dev                            # command lines
  catch2                                  # tests (Catch2 v2)
  nlohmann-json3-dev                      # JSON records, manifest, API
  libcpp-httplib-dev                      # HTTP server
  libssl-dev                              # SHA-256 of corpus documents (and httplib's TLS headers)
  dpkg-dev curl                           # the Debian package: dpkg-shlibdeps; its test's requests
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
  exit 0
fi
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"

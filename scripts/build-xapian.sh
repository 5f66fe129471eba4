#!/usr/bin/env bash
# Builds the Xapian plan-search links: Debian's own source of xapian-core
# (patches/xapian-core/version.env) with patches/xapian-core/*.patch applied, static, into
#   ${PLAN_SEARCH_DEPS:-${XDG_CACHE_HOME:-$HOME/.cache}/plan-search}/xapian-core-<version>+<patch level>
# (library, headers, xapian-config, and the tools: xapian-tcpsrv, xapian-compact, …).
# Cached: a prefix whose stamp matches (version, patch hashes, configure flags) is kept and the
# script prints one line. Otherwise it adds a deb-src line for bookworm if apt has none, runs
# `apt-get source`, patches, configures, builds (~3.5 min on 2 cores) and installs. The build's
# output goes to a log; on failure the log's tail is shown and the exit status is 1.
#   scripts/build-xapian.sh            build unless cached
#   scripts/build-xapian.sh --prefix   print the prefix and exit
# Environment: PLAN_SEARCH_DEPS (cache folder), PLAN_XAPIAN_JOBS (make -j, default nproc).
# Needs dpkg-dev (dpkg-source), build-essential, zlib1g-dev, uuid-dev: scripts/install-deps.sh
# installs them first and then runs this.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
patch_dir="$root/patches/xapian-core"
# shellcheck source=../patches/xapian-core/version.env
. "$patch_dir/version.env"

deps="${PLAN_SEARCH_DEPS:-${XDG_CACHE_HOME:-$HOME/.cache}/plan-search}"
name="xapian-core-${XAPIAN_DEBIAN_VERSION}+${XAPIAN_PATCH_LEVEL}"
prefix="$deps/$name"
if [[ "${1:-}" == "--prefix" ]]; then
  echo "$prefix"
  exit 0
fi

say() { echo "build-xapian: $*"; }
upstream_version=${XAPIAN_DEBIAN_VERSION%-*}
configure_flags=(--prefix="$prefix" --disable-documentation --enable-static --disable-shared --with-pic)
cxxflags="-O2 -g0"
patches=("$patch_dir"/*.patch)

# What the prefix was built from; a difference in any line rebuilds.
stamp_text() {
  echo "source xapian-core $XAPIAN_DEBIAN_VERSION"
  for p in "${patches[@]}"; do echo "patch $(sha256sum "$p" | cut -d' ' -f1) $(basename "$p")"; done
  echo "configure ${configure_flags[*]} CXXFLAGS=$cxxflags"
}
stamp="$prefix/.plan-search-stamp"
up_to_date() {
  [[ -f "$stamp" && -x "$prefix/bin/xapian-tcpsrv" && -f "$prefix/lib/libxapian.a" ]] &&
    [[ "$(cat "$stamp")" == "$(stamp_text)" ]]
}
if up_to_date; then
  say "$name up to date in $prefix"
  exit 0
fi

# One build at a time per cache folder (install-deps.sh may run from two checkouts at once).
mkdir -p "$deps"
exec 9>"$deps/.build-xapian.lock"
flock 9
if up_to_date; then
  say "$name up to date in $prefix (built meanwhile)"
  exit 0
fi

start=$SECONDS
work="$deps/build-$name"
log="$work/build.log"
fail() {
  say "FAILED: $*"
  if [[ -f "$log" ]]; then
    echo "---- last 40 lines of $log ----"
    tail -n 40 "$log"
  fi
  exit 1
}
rm -rf "$work"
mkdir -p "$work"
: >"$log"

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
has_source() {
  # grep without -q reads to the end: no SIGPIPE for apt-cache under pipefail.
  apt-cache showsrc xapian-core 2>/dev/null | grep -x "Version: $XAPIAN_DEBIAN_VERSION" >/dev/null
}
if ! has_source; then
  # No source entry of this version known to apt: add deb-src for bookworm unless one is there
  # (one-line lists or deb822 .sources), then refresh the lists.
  if ! grep -rqsE '^[[:space:]]*deb-src[[:space:]].*[[:space:]]bookworm[[:space:]]' \
         /etc/apt/sources.list /etc/apt/sources.list.d/*.list &&
     ! awk 'BEGIN{RS=""} /(^|\n)Types:[^\n]*deb-src/ && /(^|\n)Suites:[^\n]*bookworm([ \n]|$)/ {found=1}
            END{exit !found}' /etc/apt/sources.list.d/*.sources 2>/dev/null; then
    say "adding deb-src for bookworm: /etc/apt/sources.list.d/plan-search-deb-src.sources"
    $SUDO tee /etc/apt/sources.list.d/plan-search-deb-src.sources >/dev/null <<'EOF'
# Debian source packages, for plan-search's patched Xapian (scripts/build-xapian.sh: apt-get source)
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  fi
  say "apt-get update (source lists)"
  $SUDO apt-get update -qq >>"$log" 2>&1 || fail "apt-get update"
  has_source || fail "apt knows no source package xapian-core $XAPIAN_DEBIAN_VERSION (deb-src lines: /etc/apt/sources.list.d/)"
fi

say "apt-get source xapian-core=$XAPIAN_DEBIAN_VERSION"
(cd "$work" && apt-get source -q "xapian-core=$XAPIAN_DEBIAN_VERSION") >>"$log" 2>&1 ||
  fail "apt-get source xapian-core=$XAPIAN_DEBIAN_VERSION"
src="$work/xapian-core-$upstream_version"
[[ -f "$src/configure" ]] || fail "no unpacked source in $src"

for p in "${patches[@]}"; do
  say "patch $(basename "$p")"
  patch -d "$src" -p1 --forward --batch <"$p" >>"$log" 2>&1 || fail "patch $(basename "$p") does not apply"
done

say "configure (static, no docs, CXXFLAGS=$cxxflags)"
(cd "$src" && ./configure "${configure_flags[@]}" CXXFLAGS="$cxxflags") >>"$log" 2>&1 || fail "configure"
jobs="${PLAN_XAPIAN_JOBS:-$(nproc)}"
# SUBDIRS=. : the library and tools only, not docs/ or the test suite in tests/.
say "make -j$jobs (about 3.5 min on 2 cores)"
make -C "$src" -j"$jobs" SUBDIRS=. >>"$log" 2>&1 || fail "make"
rm -rf "$prefix"
say "make install -> $prefix"
make -C "$src" install SUBDIRS=. >>"$log" 2>&1 || fail "make install"
[[ -x "$prefix/bin/xapian-tcpsrv" && -f "$prefix/lib/libxapian.a" ]] ||
  fail "the install lacks bin/xapian-tcpsrv or lib/libxapian.a"
stamp_text >"$stamp"
rm -rf "$work"
say "built $name in $((SECONDS - start)) s: $prefix"

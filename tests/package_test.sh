#!/usr/bin/env bash
# The Debian package as CI checks it: cpack builds it from the build folder; dpkg-deb -I/-c show
# its control files, dependencies (found by dpkg-shlibdeps) and files; dpkg -x unpacks it into a
# temporary root, and the packaged plan-search serve runs from there with the packaged settings
# file against a test index: /healthz, /readyz, a search and /metrics answer, the metrics parse
# and their counters move with the requests, the access log is JSON, the dictionaries read are
# the packaged ones, and SIGTERM ends it with status 0.
# XAPIAN says how the build links Xapian: `patched` (the default: static, so no libxapian in
# Depends, and the package ships the patched xapian-tcpsrv in /usr/lib/plan-search) or `system`
# (-DPLAN_XAPIAN_PREFIX=system: Depends has libxapian30, no server shipped).
# Exit 77 (skipped, with the reason) without cpack, dpkg-deb, dpkg-shlibdeps or curl, unless
# PLAN_REQUIRE_PACKAGE=1 (scripts/test.sh) makes that a failure.
#   tests/package_test.sh BUILD_DIR INDEX [XAPIAN]
set -euo pipefail
build=$(realpath "$1")
index=$(realpath "$2")
xapian=${3:-patched}
[[ "$xapian" == patched || "$xapian" == system ]] || { echo "package_test.sh: XAPIAN is patched or system, not '$xapian'" >&2; exit 2; }

skip() {
  echo "package test SKIPPED: $*"
  if [[ "${PLAN_REQUIRE_PACKAGE:-}" == 1 ]]; then exit 1; fi
  exit 77
}
fail() {
  echo "package test FAILED: $*" >&2
  exit 1
}
step() { echo "== $* (${SECONDS} s)"; }
for tool in cpack dpkg-deb dpkg-shlibdeps curl; do
  command -v "$tool" >/dev/null || skip "$tool not found (scripts/install-deps.sh installs cmake, dpkg-dev, curl)"
done
[[ -e "$index" ]] || fail "no test index at $index"

work=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n "$server_pid" ]]; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

step "cpack -G DEB in $build"
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack"; }
deb=$(ls "$work"/out/plan-search_*.deb)
echo "$(basename "$deb"): $(du -k "$deb" | cut -f1) KiB"

step "dpkg-deb -I: control fields and scripts"
info=$(dpkg-deb -I "$deb")
echo "$info" | grep -E '^ (Package|Version|Architecture|Section|Depends):'
[[ $(dpkg-deb -f "$deb" Package) == plan-search ]] || fail "Package is not plan-search"
depends=$(dpkg-deb -f "$deb" Depends)
# From dpkg-shlibdeps (versioned), plus the dictionary MeCab opens at run time.
expected=('libmecab[0-9]+ \(>= ' 'libicu[0-9]+ \(>= ' 'libcpp-httplib[0-9.]+ \(>= '
          'libssl[0-9]+ \(>= ' 'libstdc\+\+6 \(>= ' 'libc6 \(>= ' 'mecab-ipadic-utf8')
if [[ "$xapian" == system ]]; then
  expected+=('libxapian[0-9]+ \(>= ')
elif grep -qE '(^|, )libxapian' <<<"$depends"; then
  # The patched Xapian is linked into the programs and the server: Debian's library is not used.
  fail "Depends names libxapian, but Xapian is linked statically: $depends"
fi
for dep in "${expected[@]}"; do
  grep -qE "(^|, )$dep" <<<"$depends" || fail "Depends lacks /$dep/: $depends"
done
for script in postinst prerm postrm conffiles; do
  grep -qE "^ +[0-9]+ bytes, +[0-9]+ lines +\*? *$script" <<<"$info" || fail "no $script in the control archive"
done
dpkg-deb -e "$deb" "$work/control"
[[ $(cat "$work/control/conffiles") == /etc/default/plan-search ]] || fail "conffiles: $(cat "$work/control/conffiles")"
# postinst creates nothing: no user, no folder, no enabled unit.
if grep -nE 'useradd|adduser|mkdir|systemctl +(enable|start)|deb-systemd-helper +enable' "$work/control/postinst"; then
  fail "postinst does more than systemctl daemon-reload"
fi

step "dpkg-deb -c: files"
contents=$(dpkg-deb -c "$deb" | awk '{print $NF}')
for path in ./usr/bin/plan-search ./usr/bin/plan-index ./usr/lib/plan-search/plan-search \
            ./usr/lib/plan-search/plan-index ./usr/share/plan-search/plan-user.dic \
            ./usr/share/plan-search/synonyms.txt ./usr/lib/systemd/system/plan-search.service \
            ./usr/lib/systemd/system/plan-index-rebuild.service \
            ./usr/lib/systemd/system/plan-index-rebuild.timer ./etc/default/plan-search \
            ./usr/share/doc/plan-search/README.md ./usr/share/doc/plan-search/commands.txt; do
  grep -qxF "$path" <<<"$contents" || fail "$path is not in the package"
done
if [[ "$xapian" == patched ]]; then
  grep -qxF ./usr/lib/plan-search/xapian-tcpsrv <<<"$contents" ||
    fail "the patched xapian-tcpsrv is not in the package (/usr/lib/plan-search/xapian-tcpsrv)"
  grep -qF /usr/lib/plan-search/xapian-tcpsrv <<<"$(dpkg-deb -f "$deb" Description)" ||
    fail "the description does not mention /usr/lib/plan-search/xapian-tcpsrv"
fi
if grep -E 'plan_tests|plan-relevance|/include/|\.a$' <<<"$contents"; then fail "test or build files in the package"; fi

step "dpkg -x into $work/root"
root="$work/root"
dpkg -x "$deb" "$root"
grep -q 'plan-search serve --help' "$root/usr/share/doc/plan-search/commands.txt" ||
  fail "commands.txt lacks the serve command's --help"
"$root/usr/bin/plan-index" --help >/dev/null || fail "packaged plan-index --help"
if [[ "$xapian" == patched ]]; then
  tcpsrv_version=$("$root/usr/lib/plan-search/xapian-tcpsrv" --version) || fail "packaged xapian-tcpsrv --version"
  [[ "$tcpsrv_version" == "xapian-tcpsrv - xapian-core 1.4.22" ]] || fail "packaged xapian-tcpsrv: $tcpsrv_version"
  echo "$tcpsrv_version (/usr/lib/plan-search/xapian-tcpsrv)"
fi

step "packaged plan-search serve, settings from the packaged /etc/default/plan-search"
(
  set -a
  # shellcheck disable=SC1091
  . "$root/etc/default/plan-search"
  set +a
  export PLAN_SEARCH_INDEX="$index" PLAN_SEARCH_PORT=0
  exec env -u PLAN_SEARCH_DICT -u PLAN_SEARCH_SYNONYMS "$root/usr/bin/plan-search" serve
) >"$work/stdout" 2>"$work/stderr" &
server_pid=$!
port=
for _ in $(seq 1 300); do
  port=$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$work/stdout")
  [[ -n "$port" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/stderr"; fail "the packaged server exited"; }
  sleep 0.1
done
[[ -n "$port" ]] || fail "the packaged server did not say where it listens"
base="http://127.0.0.1:$port"
[[ $(readlink "/proc/$server_pid/exe") == "$root/usr/lib/plan-search/plan-search" ]] ||
  fail "the process is $(readlink "/proc/$server_pid/exe"), not the packaged binary"

get() { curl -sS --max-time 30 -o "$work/body" -w '%{http_code}' "$base$1"; }
[[ $(get /healthz) == 200 ]] && grep -q '"status":"ok"' "$work/body" || fail "/healthz: $(cat "$work/body")"
[[ $(get /readyz) == 200 ]] && grep -q '"status":"ready"' "$work/body" || fail "/readyz: $(cat "$work/body")"
[[ $(get '/api/search?q=%E7%A7%BB%E4%BD%8F&limit=3') == 200 ]] && grep -qE '"total":[1-9]' "$work/body" ||
  fail "search 移住: $(head -c 300 "$work/body")"
# MeCab maps the dictionaries it reads: the packaged user dictionary, not the build tree's.
grep -qF "$root/usr/share/plan-search/plan-user.dic" "/proc/$server_pid/maps" ||
  fail "the packaged user dictionary is not the one in use: $(grep -F .dic "/proc/$server_pid/maps" | awk '{print $NF}' | sort -u)"

# Prometheus text: comments, or `name{labels} value`; every family typed.
check_metrics() {
  local bad
  bad=$(grep -vE '^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$' "$1" |
    grep -vE '^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? ([-+]?[0-9.eE+-]+|\+Inf|NaN)$' || true)
  [[ -z "$bad" ]] || fail "metrics lines that do not parse: $bad"
  for family in $(sed -nE 's/^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ].*/\1/p' "$1" | grep -v '^#' | sort -u); do
    base_family=$(sed -E 's/_(bucket|sum|count)$//' <<<"$family")
    grep -qE "^# TYPE ($family|$base_family) " "$1" || fail "no # TYPE for $family"
  done
}
metric() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }
searches='plan_search_http_requests_total{endpoint="search",status="200"}'
[[ $(get /metrics) == 200 ]] || fail "/metrics"
cp "$work/body" "$work/metrics1"
check_metrics "$work/metrics1"
for q in %E5%AD%90%E8%82%B2%E3%81%A6 %E9%98%B2%E7%81%BD; do get "/api/search?q=$q" >/dev/null; done
[[ $(get /metrics) == 200 ]] || fail "/metrics"
cp "$work/body" "$work/metrics2"
check_metrics "$work/metrics2"
before=$(metric "$work/metrics1" "$searches")
after=$(metric "$work/metrics2" "$searches")
[[ "$before" == 1 && "$after" == 3 ]] || fail "searches counted $before then $after (expected 1 then 3)"
[[ $(metric "$work/metrics2" 'plan_search_http_requests_total{endpoint="metrics",status="200"}') == 1 ]] ||
  fail "the first scrape is not counted"
[[ $(metric "$work/metrics2" 'plan_search_http_request_duration_seconds_count{endpoint="search"}') == 3 ]] ||
  fail "the latency histogram did not count 3 searches"
[[ $(metric "$work/metrics2" plan_search_index_loaded) == 1 ]] || fail "plan_search_index_loaded is not 1"
[[ $(metric "$work/metrics2" plan_search_index_records) -gt 0 ]] || fail "plan_search_index_records is 0"
echo "metrics: $(grep -c '^plan_search' "$work/metrics2") samples; searches $before -> $after"
# The packaged settings ask for the JSON access log.
grep -qE '^\{.*"path":"/api/search".*"status":200' "$work/stderr" || fail "no JSON access log line: $(head -3 "$work/stderr")"

step "SIGTERM"
kill -TERM "$server_pid"
status=0
wait "$server_pid" || status=$?
server_pid=
[[ $status == 0 ]] || { cat "$work/stderr"; fail "the packaged server exited with $status after SIGTERM"; }
step "package test passed"

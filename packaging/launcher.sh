#!/bin/sh
# /usr/bin/plan-search and /usr/bin/plan-index: run the program of that name from
# ../lib/plan-search with the analyzer's dictionaries as installed in ../share/plan-search (the
# binaries carry the build tree's paths). PLAN_SEARCH_DICT / PLAN_SEARCH_SYNONYMS set by the
# caller win. Paths are relative to this script, so an unpacked package (dpkg -x) runs as is.
prefix=$(dirname "$(dirname "$(readlink -f "$0")")")
: "${PLAN_SEARCH_DICT:=$prefix/share/plan-search/plan-user.dic}"
: "${PLAN_SEARCH_SYNONYMS:=$prefix/share/plan-search/synonyms.txt}"
export PLAN_SEARCH_DICT PLAN_SEARCH_SYNONYMS
exec "$prefix/lib/plan-search/$(basename "$0")" "$@"

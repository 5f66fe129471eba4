#!/usr/bin/env bash
# The OpenAPI document (searcher/http/openapi.json) against Redocly CLI's recommended rules,
# with @redocly/cli as locked in tests/openapi/package-lock.json (npm ci there). Errors fail;
# warnings are printed. Exit 77 (skipped, with the reason) without node or the npm package,
# unless PLAN_REQUIRE_OPENAPI_LINT=1 (scripts/test.sh) makes that a failure.
#   tests/openapi_lint.sh OPENAPI_JSON
set -euo pipefail
doc=$(realpath "$1")
cd "$(dirname "$0")/openapi"
skip() {
  echo "OpenAPI lint SKIPPED: $*"
  if [[ "${PLAN_REQUIRE_OPENAPI_LINT:-}" == 1 ]]; then exit 1; fi
  exit 77
}
command -v node >/dev/null || skip "node not found (scripts/install-deps.sh --browser)"
[[ -x node_modules/.bin/redocly ]] || skip "@redocly/cli not installed (cd tests/openapi && npm ci)"
# No telemetry, no update check: the lint runs offline.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
status=0
report=$(node_modules/.bin/redocly lint --extends recommended --format stylish "$doc" 2>&1) || status=$?
grep -vE '[║╔╚]' <<<"$report" || true  # without the Node.js version banner
exit "$status"

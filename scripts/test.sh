#!/usr/bin/env bash
# npm test: every check, cheapest first: format, lint, typecheck, unit, integration, e2e.
# Installs what is missing (Debian packages, node_modules), starts the test stack once on its own
# ports and data dir (.data/test), and stops it again at the end. KEEP_STACK=1 leaves it running.
set -euo pipefail
cd "$(dirname "$0")/.."
# The AWS SDK prints an 8-line notice per process that its 2027 releases will need Node 22.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true

export LIKENESS_PROFILE=test
export LIKENESS_DIST_DIR=.next-test
export NEXT_TELEMETRY_DISABLED=1
rm -rf reports test-results && mkdir -p reports

step() { printf '\n\033[1m== %s\033[0m\n' "$1"; }
bin() { node_modules/.bin/"$@"; }

finish() {
  status=$?
  # A build still running beside failed integration tests is not needed any more.
  if [ -n "${build:-}" ] && kill -0 "$build" 2>/dev/null; then
    pkill -P "$build" 2>/dev/null || true
    kill "$build" 2>/dev/null || true
  fi
  if [ "${KEEP_STACK:-0}" != "1" ] && [ -x node_modules/.bin/tsx ]; then
    bin tsx scripts/stack.ts down >/dev/null 2>&1 || true
  fi
  if [ -x node_modules/.bin/tsx ]; then bin tsx scripts/test-summary.ts || true; fi
  exit $status
}
trap finish EXIT

step "setup"
bash scripts/ensure-system.sh --with-chromium --with-prometheus
bash scripts/with-deps.sh tsc --version

# The three static checks at once (none of them is timed; together they fill both cores): each
# one's output is printed under its own heading, in order, and any failure fails the run.
mkdir -p reports/checks
bin prettier --check . --log-level warn >reports/checks/format.log 2>&1 &
format=$!
bin eslint --max-warnings 0 . >reports/checks/lint.log 2>&1 &
lint=$!
bin tsc --noEmit -p . >reports/checks/typecheck.log 2>&1 &
typecheck=$!
checks_failed=0
for check in format lint typecheck; do
  step "$check"
  if ! wait "${!check}"; then checks_failed=1; fi
  cat "reports/checks/$check.log"
done
[ "$checks_failed" = 0 ] || { echo "static checks failed" >&2; exit 1; }

step "unit"
bin vitest run --project unit --reporter=default --reporter=json --outputFile.json=reports/unit.json

# The e2e build runs beside the integration tests, at the lowest CPU priority: those tests spend
# most of their time waiting (locks lapsing, outages, provider deadlines), and their worker processes
# keep the CPU whenever they want it, so the timings they assert are not disturbed.
# Secret-shaped values in the build's environment only: e2e/bundle-secrets.spec.ts fails if any of
# them reaches what browsers download.
env $(bin tsx e2e/secret-canaries.ts) nice -n 19 node_modules/.bin/next build >reports/build.log 2>&1 &
build=$!

step "services"
bin tsx scripts/stack.ts up --services pg,redis,s3

step "integration"
bin vitest run --project integration --reporter=default --reporter=json --outputFile.json=reports/integration.json

step "build"
build_status=0
wait "$build" || build_status=$?
cat reports/build.log
[ "$build_status" = 0 ] || { echo "next build failed (exit $build_status)" >&2; exit "$build_status"; }

step "e2e"
bin playwright test

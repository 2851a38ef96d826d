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

step "format"
bin prettier --check . --log-level warn

step "lint"
bin eslint --max-warnings 0 .

step "typecheck"
bin tsc --noEmit -p .

step "unit"
bin vitest run --project unit --reporter=default --reporter=json --outputFile.json=reports/unit.json

step "services"
bin tsx scripts/stack.ts up --services pg,redis,s3

step "integration"
bin vitest run --project integration --reporter=default --reporter=json --outputFile.json=reports/integration.json

step "build"
# Secret-shaped values in the build's environment only: e2e/bundle-secrets.spec.ts fails if any of
# them reaches what browsers download.
env $(bin tsx e2e/secret-canaries.ts) node_modules/.bin/next build

step "e2e"
bin playwright test

#!/usr/bin/env bash
# npm start: the whole app on http://localhost:3000 — installs what is missing, starts PostgreSQL,
# Redis and the S3 emulator (unless cloud settings replace them), migrates, seeds the gallery, builds,
# and runs web + worker in the background. Safe to run again. `npm run stop` stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
# The AWS SDK prints an 8-line notice per process that its 2027 releases will need Node 22.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
export NEXT_TELEMETRY_DISABLED="${NEXT_TELEMETRY_DISABLED:-1}"
bash scripts/ensure-system.sh
bash scripts/with-deps.sh tsx scripts/start.ts "$@"

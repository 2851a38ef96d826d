#!/usr/bin/env bash
# npm start: the whole app on http://localhost:3000 — installs what is missing, starts PostgreSQL,
# Redis and the S3 emulator (unless cloud settings replace them), migrates, seeds the gallery, builds,
# and runs web + worker in the background. Safe to run again. `npm run stop` stops everything.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system.sh
bash scripts/with-deps.sh tsx scripts/start.ts "$@"

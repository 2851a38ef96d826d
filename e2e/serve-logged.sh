#!/usr/bin/env bash
# Runs one of Playwright's webServer commands with its stdout and stderr also written to
# reports/logs/<name>.log, so the tests (e2e/logs.spec.ts) and whoever reads a failed run have every
# line each server logged. Usage: bash e2e/serve-logged.sh <name> <command> [args…]
#
# Playwright stops a server by signalling its whole process group; the tees ignore that signal and
# end when the server closes its output, so a server's last lines (a worker finishing its jobs)
# still reach the file.
set -uo pipefail
name=$1
shift
mkdir -p reports/logs
log="reports/logs/$name.log"
: >"$log"
"$@" 2> >(trap '' TERM INT && exec tee -a "$log" >&2) | (trap '' TERM INT && exec tee -a "$log")

#!/usr/bin/env bash
# Runs a tool from node_modules/.bin after making sure node_modules is installed and matches
# package.json / package-lock.json:  bash scripts/with-deps.sh tsx scripts/stack.ts up
#
# `npm install`, not `npm ci`: the registry here lacks other platforms' optional binaries, so `npm ci`
# calls a lockfile made here "not in sync". `npm install` follows the lockfile and leaves it unchanged.
set -euo pipefail

if (($# == 0)); then
  echo "usage: bash scripts/with-deps.sh <command from node_modules/.bin> [args...]" >&2
  exit 2
fi

# Everything below (node_modules, relative paths in the command) is relative to the repo root.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# npm writes node_modules/.package-lock.json on every install, so it marks "installed from this state".
stamp=node_modules/.package-lock.json
needs_install=0
if [[ ! -d node_modules || ! -f "$stamp" ]]; then
  needs_install=1
elif [[ package.json -nt "$stamp" ]] || [[ -f package-lock.json && package-lock.json -nt "$stamp" ]]; then
  needs_install=1
fi

if ((needs_install)); then
  echo "with-deps: installing npm dependencies…" >&2
  npm install --no-audit --no-fund >&2
  # npm leaves the hidden lockfile untouched when nothing changed; without this touch a lockfile
  # rewritten with identical content would trigger an install on every run.
  touch "$stamp"
fi

cmd="$1"
shift
if [[ ! -x "node_modules/.bin/$cmd" ]]; then
  echo "with-deps: node_modules/.bin/$cmd not found (is it a dependency in package.json?)" >&2
  exit 127
fi
exec "node_modules/.bin/$cmd" "$@"

#!/usr/bin/env bash
# Makes sure the system packages the local stack runs on are installed: redis-server, a PostgreSQL
# server (Debian 12: 15) and, with --with-chromium, Debian's Chromium for Playwright (Playwright cannot
# download its own browsers here), with --with-prometheus, Prometheus for e2e/prometheus.spec.ts.
# Idempotent: prints one line and exits 0 when all are present.
#
# Debian's postgresql package creates a cluster of its own and tries to start a service; without systemd
# that prints "invoke-rc.d: could not determine current runlevel" and does nothing. The project never
# uses that cluster: scripts/stack.ts runs its own under .data/. The prometheus package likewise tries
# to start a service of its own; the test starts the binary with its own config and port instead.
set -euo pipefail

with_chromium=0
with_prometheus=0
for arg in "$@"; do
  case "$arg" in
    --with-chromium) with_chromium=1 ;;
    --with-prometheus) with_prometheus=1 ;;
    -h | --help)
      echo "usage: bash scripts/ensure-system.sh [--with-chromium] [--with-prometheus]"
      exit 0
      ;;
    *)
      echo "ensure-system: unknown argument '$arg' (usage: [--with-chromium] [--with-prometheus])" >&2
      exit 2
      ;;
  esac
done

have_postgres_server() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    if [[ -x "$dir/postgres" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
      return 0
    fi
  done
  return 1
}

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
have_postgres_server || missing+=(postgresql)
# runuser (util-linux) is how the stack runs initdb/pg_ctl as the postgres user when invoked as root.
command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
if ((with_chromium)) && [[ ! -x /usr/bin/chromium ]]; then
  missing+=(chromium)
fi
if ((with_prometheus)) && [[ ! -x /usr/bin/prometheus ]]; then
  missing+=(prometheus)
fi

wanted="redis-server, postgresql"
if ((with_chromium)); then wanted+=", chromium"; fi
if ((with_prometheus)); then wanted+=", prometheus"; fi
if ((${#missing[@]} == 0)); then
  echo "ensure-system: ok ($wanted present)"
  exit 0
fi

if [[ "$(id -u)" != 0 ]]; then
  echo "ensure-system: missing system packages: ${missing[*]}" >&2
  echo "  install them as root: sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "ensure-system: installing ${missing[*]} (about 30 s)…"
log="$(mktemp -t ensure-system.XXXXXX)"
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
# Another apt (an unattended upgrade, a parallel CI step) may hold the dpkg lock: wait for it instead
# of failing at once. The output is only shown when something goes wrong.
apt_opts=(-o DPkg::Lock::Timeout=300)
if ! apt-get "${apt_opts[@]}" update >"$log" 2>&1; then
  cat "$log" >&2
  echo "ensure-system: apt-get update failed" >&2
  exit 1
fi
if ! apt-get "${apt_opts[@]}" install -y --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
  cat "$log" >&2
  echo "ensure-system: apt-get install ${missing[*]} failed" >&2
  exit 1
fi

# Verify rather than trust apt's exit code (a package could be renamed in a future release).
still=()
command -v redis-server >/dev/null 2>&1 || still+=(redis-server)
have_postgres_server || still+=(postgresql)
if ((with_chromium)) && [[ ! -x /usr/bin/chromium ]]; then still+=(chromium); fi
if ((with_prometheus)) && [[ ! -x /usr/bin/prometheus ]]; then still+=(prometheus); fi
if ((${#still[@]} > 0)); then
  echo "ensure-system: still missing after install: ${still[*]}" >&2
  exit 1
fi
echo "ensure-system: installed ${missing[*]}"

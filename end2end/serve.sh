#!/usr/bin/env bash
# The server the browser tests talk to: the real binary, a fresh SQLite file, one coordinator account.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CAIRN_BIN:-target/debug/cairn}
dir=$(mktemp -d)
export CAIRN_DATABASE_URL="sqlite://$dir/cairn.db"
export CAIRN_LISTEN="127.0.0.1:${CAIRN_E2E_PORT:-3100}"
export CAIRN_SITE_ROOT=target/site
export CAIRN_LOG=${CAIRN_LOG:-warn}
printf '%s\n' "${CAIRN_E2E_PASSWORD:-e2e coordinator password}" |
  "$bin" user add --email coordinator@example.org --role coordinator >/dev/null
exec "$bin" serve

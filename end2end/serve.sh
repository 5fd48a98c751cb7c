#!/usr/bin/env bash
# The server the browser tests talk to: the real binary, a fresh database, a coordinator, an admin and a
# member of outreach staff. Specs that need a server of their own (another site, short sign-ins) start
# this script themselves (`startServer` in tests/helpers.ts).
# CAIRN_E2E_DATABASE=sqlite (default): a new SQLite file. =postgres: a database named after the port on
# the server in CAIRN_TEST_POSTGRES_URL, dropped first so every run starts empty; Cairn creates it.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${CAIRN_BIN:-target/debug/cairn}
port=${CAIRN_E2E_PORT:-3100}
case "${CAIRN_E2E_DATABASE:-sqlite}" in
  sqlite)
    dir=$(mktemp -d)
    export CAIRN_DATABASE_URL="sqlite://$dir/cairn.db"
    ;;
  postgres)
    server=${CAIRN_TEST_POSTGRES_URL:?CAIRN_TEST_POSTGRES_URL names the PostgreSQL server}
    name="cairn_e2e_$port"
    psql -q "$server" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)"
    export CAIRN_DATABASE_URL="${server%/*}/$name"
    ;;
  *)
    echo "CAIRN_E2E_DATABASE must be sqlite or postgres" >&2
    exit 2
    ;;
esac
export CAIRN_LISTEN="127.0.0.1:$port"
export CAIRN_SITE_ROOT=${CAIRN_SITE_ROOT:-target/site}
export CAIRN_LOG=${CAIRN_LOG:-warn}
for role in coordinator admin staff; do
  printf '%s\n' "${CAIRN_E2E_PASSWORD:-e2e coordinator password}" |
    "$bin" user add --email "$role@example.org" --role "$role" >/dev/null
done
exec "$bin" serve

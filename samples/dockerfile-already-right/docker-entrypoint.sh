#!/bin/bash
# Rails entrypoint: clear a stale pid, prepare the database on request, then
# hand over to the command (tini is already PID 1 in front of this script).
set -e

: "${RAILS_ROOT:=/rails}"
: "${PORT:=3000}"
export PORT

# a server.pid left behind by a killed container makes puma refuse to start
mkdir -p "$RAILS_ROOT/tmp/pids" "$RAILS_ROOT/tmp/cache" "$RAILS_ROOT/log"
rm -f "$RAILS_ROOT/tmp/pids/server.pid"

# bootsnap cache is per-image; keep it out of the bind-mounted tree in dev
if [ -n "${BOOTSNAP_CACHE_DIR:-}" ]; then
  mkdir -p "$BOOTSNAP_CACHE_DIR"
fi

# only the web container runs migrations (RUN_MIGRATIONS=1), workers do not
if [ "${1:-}" = "bundle" ] && [ "${RUN_MIGRATIONS:-0}" = "1" ]; then
  bundle exec rails db:prepare
fi

exec "$@"

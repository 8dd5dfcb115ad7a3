#!/bin/bash
set -euo pipefail

: "${APP_UID:=1000}"
: "${APP_GID:=1000}"
: "${DATA_DIR:=/var/lib/ghostwriter}"

# If the command is an option, default to running the app
if [ "${1:-}" = "" ] || [ "${1:0:1}" = '-' ]; then
    set -- node /opt/ghostwriter/index.js "$@"
fi

mkdir -p "$DATA_DIR/content" "$DATA_DIR/logs"

# allow the container to be started with `--user`
if [ "$(id -u)" = '0' ]; then
    # numeric ids: the host bind mount may not know our user
    chown -R "$APP_UID:$APP_GID" "$DATA_DIR"
    exec gosu app "$@"
fi

exec "$@"

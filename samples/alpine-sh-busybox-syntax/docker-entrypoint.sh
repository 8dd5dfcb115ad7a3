#!/bin/sh
# Written for this Alpine image: busybox ash reads every line below.
set -euo pipefail

function log {
  echo "[entrypoint] $*"
}

mkdir -p /tmp/app
cat > /tmp/app/env.sh <<ENV
export NODE_ENV="${NODE_ENV:-production}"
ENV
source /tmp/app/env.sh

trap 'log "stopped before the server started"; exit 143' SIGTERM SIGINT

if [ "${NODE_ENV:0:4}" = "prod" ]; then
  log "production mode"
fi

log "starting the API server"
node /app/server.js --port "${PORT:-3000}"

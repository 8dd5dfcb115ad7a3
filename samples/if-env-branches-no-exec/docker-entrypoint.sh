#!/bin/bash
set -e

APP_DIR=/usr/src/app
: "${NODE_ENV:=production}"
: "${PORT:=8080}"
export NODE_ENV PORT

# Generate the runtime config consumed by the frontend bundle
mkdir -p "$APP_DIR/public/config"
cd "$APP_DIR"
cat > public/config/runtime.json <<EOF
{
  "apiBase": "${API_BASE_URL:-/api}",
  "sentryDsn": "${SENTRY_DSN:-}",
  "release": "${GIT_SHA:-dev}"
}
EOF

if [[ "$NODE_ENV" == "development" ]]; then
  echo "dev mode: watching for changes, inspector on :9229"
  node --watch --inspect=0.0.0.0:9229 src/index.js
elif [[ -n "${WORKER:-}" ]]; then
  echo "starting queue worker"
  node dist/worker.js
else
  node --enable-source-maps dist/index.js
fi

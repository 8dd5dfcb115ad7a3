#!/bin/bash
set -eo pipefail

# Mongo-Express style admin UI
: "${ME_CONFIG_MONGODB_URL:=mongodb://mongo:27017}"
: "${ME_CONFIG_BASICAUTH:=true}"

if [[ "$ME_CONFIG_BASICAUTH" == "true" ]]; then
  if [[ -z "${ME_CONFIG_BASICAUTH_USERNAME:-}" ]]; then
    echo "basic auth is on but ME_CONFIG_BASICAUTH_USERNAME is empty" >&2
    exit 1
  fi
  echo "basic auth enabled for ${ME_CONFIG_BASICAUTH_USERNAME}"

mkdir -p /app/config
cat > /app/config/runtime.json <<EOF
{ "mongodbUrl": "${ME_CONFIG_MONGODB_URL}" }
EOF

exec node /app/app.js "$@"

#!/bin/sh
# 🚀 start script for the API container
# ⚠️  keep this POSIX: the alpine image has no bash

: "${NODE_ENV:=production}"
: "${PORT:=3000}"
: "${UPLOAD_DIR:=/app/uploads}"
export NODE_ENV PORT

mkdir -p "$UPLOAD_DIR" /app/logs
chown -R nobody:nogroup "$UPLOAD_DIR"

# 🔑 secrets can come from files (docker secrets)
if [ -n "$JWT_SECRET_FILE" ] && [ -f "$JWT_SECRET_FILE" ]; then
  JWT_SECRET="$(cat "$JWT_SECRET_FILE")"
  export JWT_SECRET
fi

if [ -z "$JWT_SECRET" ]; then
  echo "⚠️  JWT_SECRET not set, using a random one (sessions will not survive restarts)"
  JWT_SECRET="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d " \n")"
  export JWT_SECRET
fi

cd /app
echo "✅ starting node on :$PORT ($NODE_ENV)"
node server.js
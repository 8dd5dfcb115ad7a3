#!/bin/sh
# Webhook relay: renders its config from env, then starts the node server.
# Runs as the `node` user (see Dockerfile), so everything it writes is under /app.
set -e

: "${PORT:=3000}"
: "${RELAY_DATA:=/app/data}"
: "${RELAY_TARGETS:=}"
: "${LOG_FORMAT:=json}"
export PORT

mkdir -p "$RELAY_DATA/queue" "$RELAY_DATA/dead-letter"

cat > "$RELAY_DATA/relay.json" <<EOF
{
  "port": ${PORT},
  "queueDir": "${RELAY_DATA}/queue",
  "deadLetterDir": "${RELAY_DATA}/dead-letter",
  "logFormat": "${LOG_FORMAT}"
}
EOF

if [ -z "$RELAY_TARGETS" ]; then
  echo "warning: RELAY_TARGETS is empty, incoming webhooks will go to the dead-letter queue" >&2
fi

echo "relay listening on :$PORT"
node server.js --config "$RELAY_DATA/relay.json"

#!/bin/sh
# start the webhook relay and keep the container alive

: "${RELAY_PORT:=9000}"
: "${RELAY_SECRET:=changeme}"

mkdir -p /etc/relay /var/lib/relay /app/tmp
cat > /etc/relay/relay.json <<EOF
{
  "listen": ":${RELAY_PORT}",
  "secret": "${RELAY_SECRET}",
  "storage": "/var/lib/relay"
}
EOF

if [ "$RELAY_SECRET" = "changeme" ]; then
  echo "WARNING: RELAY_SECRET is the default" >&2
fi

cd /app
node index.js --config /etc/relay/relay.json &

# keep container running
tail -f /dev/null

#!/bin/sh
# ledger: HTTP API and the queue worker share one container (and one config).
set -e

: "${LEDGER_CONFIG:=/etc/ledger/ledger.toml}"
: "${LEDGER_DATA:=/var/lib/ledger}"
: "${DATABASE_URL:=postgres://ledger@db:5432/ledger?sslmode=disable}"

mkdir -p "$LEDGER_DATA/spool" /run/ledger
chown -R nobody:nogroup "$LEDGER_DATA/spool"

# secrets go into a run-time overlay, not into the image's config
cat > /run/ledger/secrets.toml <<EOF
[database]
url = "${DATABASE_URL}"
EOF
chmod 600 /run/ledger/secrets.toml

echo "starting ledger-api and ledger-worker (data in $LEDGER_DATA)"
ledger-api --config "$LEDGER_CONFIG" --config /run/ledger/secrets.toml &
ledger-worker --config "$LEDGER_CONFIG" --config /run/ledger/secrets.toml --spool "$LEDGER_DATA/spool" &
wait

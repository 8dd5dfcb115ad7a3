#! /usr/bin/env bash
# caddy terminates TLS, pocketbase serves the API. If either dies, the
# container should die too so the orchestrator restarts it.
set -e

: "${DOMAIN:=localhost}"
: "${PB_DATA:=/pb_data}"

mkdir -p "$PB_DATA" /etc/caddy /data/caddy

cat > /etc/caddy/Caddyfile <<EOF
{
    admin off
    storage file_system /data/caddy
}

${DOMAIN} {
    encode gzip
    reverse_proxy 127.0.0.1:8090
}
EOF

if [[ -n "${PB_ENCRYPTION_KEY:-}" ]]; then
    extra=(--encryptionEnv PB_ENCRYPTION_KEY)
else
    extra=()
fi

/usr/local/bin/pocketbase serve --http=127.0.0.1:8090 --dir "$PB_DATA" "${extra[@]}" &
/usr/local/bin/caddy run --config /etc/caddy/Caddyfile --adapter caddyfile &

# exit as soon as one of them exits
wait -n
exit $?

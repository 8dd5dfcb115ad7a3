#!/bin/sh
# Run by the nginx image's /docker-entrypoint.sh before it starts nginx.
# Renders the upstream list and exits; it must not start anything.
set -eu

ME=$(basename "$0")
OUT=/etc/nginx/conf.d/upstreams.conf

: "${UPSTREAM_SERVERS:=app1:8080 app2:8080}"
: "${UPSTREAM_KEEPALIVE:=32}"

entrypoint_log() {
    if [ -z "${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
        echo "$@"
    fi
}

if [ ! -w /etc/nginx/conf.d ]; then
    entrypoint_log "$ME: /etc/nginx/conf.d is not writable, skipping"
    exit 0
fi

{
    echo "upstream backend {"
    for s in $UPSTREAM_SERVERS; do
        echo "    server $s max_fails=3 fail_timeout=10s;"
    done
    echo "    keepalive $UPSTREAM_KEEPALIVE;"
    echo "}"
} > "$OUT"

entrypoint_log "$ME: wrote $OUT ($(grep -c ' server ' "$OUT") servers)"
exit 0

#!/bin/sh
set -e

ENTRYPOINTS=(web websecure metrics)
PORTS=(80 443 8082)

function log {
    echo "[$(date +%T)] $*"
}

function render_static_config {
    log "writing /etc/traefik/traefik.yml"
    mkdir -p /etc/traefik
    {
        echo "entryPoints:"
        for i in "${!ENTRYPOINTS[@]}"; do
            echo "  ${ENTRYPOINTS[$i]}:"
            echo "    address: \":${PORTS[$i]}\""
        done
        echo "providers:"
        echo "  file:"
        echo "    directory: /etc/traefik/dynamic"
        echo "metrics:"
        echo "  prometheus:"
        echo "    entryPoint: metrics"
    } > /etc/traefik/traefik.yml
}

# v2 and v3 configs differ
if [ "${TRAEFIK_VERSION:0:1}" = "2" ]; then
    log "traefik v2 compatibility mode"
fi

source /etc/traefik/env.sh 2>/dev/null || true
render_static_config

exec /usr/local/bin/traefik --configFile=/etc/traefik/traefik.yml "$@"

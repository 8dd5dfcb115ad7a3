#!/bin/bash
# everything this script and minio print goes to the log file
exec >>/var/log/minio.log 2>&1
echo "---- $(date -u '+%Y-%m-%dT%H:%M:%SZ') container start ----"

set -euo pipefail

: "${MINIO_ROOT_USER:=minioadmin}"
: "${MINIO_VOLUMES:=/data}"
: "${MINIO_CONSOLE_ADDRESS:=:9001}"
export MINIO_ROOT_USER MINIO_CONSOLE_ADDRESS

if [[ -z "${MINIO_ROOT_PASSWORD:-}" ]]; then
    if [[ -f /run/secrets/minio_root_password ]]; then
        MINIO_ROOT_PASSWORD=$(< /run/secrets/minio_root_password)
    else
        MINIO_ROOT_PASSWORD=minioadmin
        echo "WARNING: default root password in use"
    fi
fi
export MINIO_ROOT_PASSWORD

mkdir -p "$MINIO_VOLUMES" /root/.minio/certs

/usr/local/bin/minio server "$MINIO_VOLUMES" --address :9000

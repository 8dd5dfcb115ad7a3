#!/bin/sh
set -e

LOG_DIR=/var/log/app
mkdir -p "$LOG_DIR"
touch "$LOG_DIR/api.log" "$LOG_DIR/worker.log"

: "${QUEUE_CONCURRENCY:=5}"

echo "api + worker starting, logs in $LOG_DIR"

NODE_ENV=production PORT=3000 node /app/api/server.js >>"$LOG_DIR/api.log" 2>&1 &
NODE_ENV=production CONCURRENCY=$QUEUE_CONCURRENCY FOO=1 node /app/worker/index.js >>"$LOG_DIR/worker.log" 2>&1 &

wait

#!/bin/sh
# API and worker in the background; then a heartbeat line every minute for the log collector.
mkdir -p /srv/run

/srv/bin/api --port 8080 &
/srv/bin/worker --queue default &

while sleep 60; do echo "heartbeat $(date +%s)"; done

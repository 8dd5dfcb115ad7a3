#!/bin/sh
# Scheduled jobs only: cron detaches by itself, and tail keeps the container alive.
mkdir -p /tmp/cron-state
cron; tail -f /dev/null

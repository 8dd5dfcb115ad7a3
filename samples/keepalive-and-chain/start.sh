#!/bin/sh
# Worker container: the queue consumer runs in the background; the scheduler's log is followed to keep it up.
set -e
queue-worker --concurrency 4 &
mkdir -p /tmp/app-log && touch /tmp/app-log/scheduler.log && tail -f /tmp/app-log/scheduler.log

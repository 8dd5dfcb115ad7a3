#!/bin/sh
# Worker container: the queue consumer runs in the background; a ready file is written, then the container is held up.
set -e
queue-worker --concurrency 4 &
mkdir -p /tmp/app && touch /tmp/app/ready && tail -f /dev/null

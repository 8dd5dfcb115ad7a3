#!/bin/sh
# Written on Windows: CRLF line endings; the Dockerfile converts them with dos2unix.
mkdir -p /tmp/worker
queue-worker --concurrency 2 &
exec api-server --port 8080

#!/bin/bash
# Development box: cache and worker in the background, then a shell for the developer (docker run -it).
mkdir -p /tmp/dev/cache
cache-server --dir /tmp/dev/cache &
queue-worker --verbose &
bash

#!/bin/sh
web --port 8080 &
worker --queue default &
echo "start.sh: web and worker started"
tail -f /dev/null

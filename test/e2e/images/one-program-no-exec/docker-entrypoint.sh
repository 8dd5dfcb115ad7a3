#!/bin/sh
set -e
mkdir -p /var/run/web
echo "docker-entrypoint.sh: starting web"
web --port 8080

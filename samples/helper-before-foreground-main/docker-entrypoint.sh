#!/bin/bash
# Django app: warms the cache in the background while gunicorn starts; gunicorn is what the container runs.
set -euo pipefail

: "${WEB_CONCURRENCY:=3}"
mkdir -p /app/static /app/run

# fills the cache from the database, then exits
/app/bin/warm-cache --all &

gunicorn app.wsgi:application --bind 0.0.0.0:8000 --workers "$WEB_CONCURRENCY"

#!/bin/bash
# Process-type launcher: the command of each role comes from the environment (set by the platform).
set -e
: "${WEB_CMD:=gunicorn app:wsgi --bind 0.0.0.0:8000 --workers 2}"
: "${WORKER_CMD:=celery -A app worker --concurrency 2}"

case "${1:-web}" in
  web)
    echo "role: web"
    eval "$WEB_CMD"
    ;;
  worker)
    echo "role: worker"
    eval "$WORKER_CMD"
    ;;
  *)
    exec "$@"
    ;;
esac

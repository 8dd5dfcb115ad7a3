#!/bin/sh
set -e

: "${REDIS_URL:=redis://redis:6379/0}"
: "${FLOWER_PORT:=5555}"
export REDIS_URL

mkdir -p /app/instance
[ -f /app/instance/config.py ] || cat > /app/instance/config.py <<EOF
CELERY_BROKER_URL = "${REDIS_URL}"
CELERY_RESULT_BACKEND = "${REDIS_URL}"
EOF

cd /app

gunicorn "app:create_app()" --bind 0.0.0.0:5000 --workers 2 --timeout 120 & \
  celery -A app.celery_app worker --loglevel=info --concurrency 4 & \
  celery -A app.celery_app flower --port="$FLOWER_PORT"

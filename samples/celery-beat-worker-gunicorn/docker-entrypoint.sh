#!/bin/bash
set -e

: "${DJANGO_SETTINGS_MODULE:=proj.settings}"
: "${CELERY_LOGLEVEL:=info}"
: "${PORT:=8000}"
export DJANGO_SETTINGS_MODULE

mkdir -p /app/run /app/logs
rm -f /app/run/celerybeat.pid

if [ "${MIGRATE:-false}" = "true" ]; then
    python manage.py migrate --noinput
fi

# everything in one container because the free tier gives us one dyno
celery -A proj beat -l "$CELERY_LOGLEVEL" --pidfile=/app/run/celerybeat.pid -s /app/run/celerybeat-schedule &
celery -A proj worker -l "$CELERY_LOGLEVEL" --concurrency=2 &
gunicorn proj.wsgi:application --bind "0.0.0.0:$PORT" --workers 3 --log-file -

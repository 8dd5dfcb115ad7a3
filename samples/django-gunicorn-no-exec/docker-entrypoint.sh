#!/usr/bin/env bash
set -euo pipefail

: "${DJANGO_SETTINGS_MODULE:=mysite.settings.production}"
: "${GUNICORN_WORKERS:=4}"
: "${GUNICORN_BIND:=0.0.0.0:8000}"
: "${RUN_MIGRATIONS:=0}"
: "${WAIT_FOR_DB:=0}"
export DJANGO_SETTINGS_MODULE

log() { echo "[entrypoint] $(date -u +%H:%M:%S) $*"; }

if [[ "$WAIT_FOR_DB" == "1" ]]; then
  log "waiting for ${DB_HOST:-db}:${DB_PORT:-5432}"
  until (: </dev/tcp/"${DB_HOST:-db}"/"${DB_PORT:-5432}") 2>/dev/null; do
    sleep 1
  done
fi

mkdir -p /app/staticfiles /app/media /var/log/gunicorn
chown -R nobody:nogroup /app/media

if [[ "$RUN_MIGRATIONS" == "1" ]]; then
  log "running migrations"
  python manage.py migrate --noinput
  python manage.py collectstatic --noinput --clear
fi

log "starting gunicorn with $GUNICORN_WORKERS workers on $GUNICORN_BIND"
gunicorn mysite.wsgi:application \
    --bind "$GUNICORN_BIND" \
    --workers "$GUNICORN_WORKERS" \
    --access-logfile - \
    --error-logfile - \
    --graceful-timeout 25

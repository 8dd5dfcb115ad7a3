#!/bin/sh
# One image, three roles: web, worker, beat. Anything else is run as given.
set -e

: "${APP_MODULE:=app.main:app}"
: "${WEB_CONCURRENCY:=2}"
: "${CELERY_CONCURRENCY:=2}"
: "${LOG_LEVEL:=info}"

mkdir -p /var/run/celery /var/lib/celery
chown -R nobody:nogroup /var/run/celery /var/lib/celery

if [ -n "$CELERY_BROKER_URL" ]; then
  echo "broker: $(echo "$CELERY_BROKER_URL" | sed 's#//[^@]*@#//***@#')"
fi

case "$1" in
  web)
    shift
    echo "starting web ($WEB_CONCURRENCY workers)"
    gunicorn "$APP_MODULE" -k uvicorn.workers.UvicornWorker \
      -w "$WEB_CONCURRENCY" -b 0.0.0.0:8000 --log-level "$LOG_LEVEL" "$@"
    ;;
  worker)
    celery -A app.tasks worker --loglevel="$LOG_LEVEL" --concurrency="$CELERY_CONCURRENCY"
    ;;
  beat)
    celery -A app.tasks beat --loglevel="$LOG_LEVEL" --schedule /var/lib/celery/beat-schedule
    ;;
  *)
    exec "$@"
    ;;
esac

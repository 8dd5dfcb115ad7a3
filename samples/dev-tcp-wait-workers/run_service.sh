#!/bin/bash
# Scheduler, worker and web server of the tasks service; waits for the database first (when one is configured).
if [ -n "$DB_HOST" ]; then
  while !</dev/tcp/"$DB_HOST"/5432;
  do sleep 1;
  done;
fi
celery -A app.celery_app beat &
celery -A app.celery_app worker -l info & gunicorn -b 0.0.0.0:5000 app:app

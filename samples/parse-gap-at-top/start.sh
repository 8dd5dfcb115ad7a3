#!/bin/bash
# Scheduler and web server; waits for the database port first.
while ! &>/dev/null </dev/tcp/db/5432; do
  sleep 1
done

celery -A app.celery worker --loglevel info &
gunicorn --workers 2 --bind 0.0.0.0:8000 app:app

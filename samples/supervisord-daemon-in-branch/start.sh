#!/usr/bin/env bash
# Web app bootstrap: the background task runner under supervisord, then uwsgi as the main process.
# (The pattern of linkding's bootstrap.sh: supervisord without -n detaches, and the script goes on to uwsgi.)

mkdir -p data/favicons data/previews

if [ "$ALL_UNDER_SUPERVISOR" = "True" ]; then
  # Everything under supervisord (its configuration says nodaemon=true).
  exec supervisord -c supervisord-all.conf
else
  # Default: the task runner as a daemon, then uwsgi in the foreground.
  if [ "$DISABLE_BACKGROUND_TASKS" != "True" ]; then
    supervisord -c supervisord-tasks.conf
  fi
  exec uwsgi --http :9090 uwsgi.ini
fi

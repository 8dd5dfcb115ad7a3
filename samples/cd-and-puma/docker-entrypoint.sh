#!/bin/sh
set -e

: "${RAILS_ENV:=production}"
: "${RAILS_MAX_THREADS:=5}"
: "${PORT:=3000}"
: "${RAILS_LOG_TO_STDOUT:=1}"
export RAILS_ENV RAILS_MAX_THREADS PORT RAILS_LOG_TO_STDOUT

# A stale pid file from a killed container stops puma from booting
rm -f /srv/app/tmp/pids/server.pid
mkdir -p /srv/app/tmp/pids /srv/app/tmp/cache /srv/app/log

if [ "${RUN_DB_PREPARE:-0}" = "1" ]; then
  (cd /srv/app && bundle exec rails db:prepare)
fi

cd /srv/app && bundle exec puma -C config/puma.rb

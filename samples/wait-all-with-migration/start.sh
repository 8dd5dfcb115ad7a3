#!/bin/sh
# A database migration, the API and a queue worker, all in the background; `wait` until every one has finished.
set -e

mkdir -p /srv/run

/srv/bin/migrate --up &
/srv/bin/api --port 8080 &
/srv/bin/worker --queue default &

wait

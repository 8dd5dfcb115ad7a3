#!/bin/sh
# Payments API entrypoint: wait for the database, then hand over to the CMD.
set -e

if [ -n "$DB_HOST" ]; then
  until pg_isready -h "$DB_HOST" -q; do sleep 1; done
fi

echo "starting $*"
exec "$@"

# These never run: exec replaced the shell above.
echo "running database migrations"
. /app/app.env
/app/migrate -path /app/migration -database "$DB_SOURCE" up

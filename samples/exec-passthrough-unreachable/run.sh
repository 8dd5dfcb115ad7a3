#!/bin/bash
set -e

: "${MB_JETTY_PORT:=3000}"
: "${MB_DB_TYPE:=h2}"
: "${JAVA_TIMEZONE:=UTC}"
: "${MAX_RAM_PERCENTAGE:=70}"

export MB_JETTY_PORT MB_DB_TYPE

mkdir -p /metabase-data /plugins
chown -R nobody:nogroup /metabase-data /plugins

if [[ "$MB_DB_TYPE" == "h2" ]]; then
  export MB_DB_FILE=/metabase-data/metabase.db
  echo "warning: using embedded H2, do not use in production" >&2
fi

JAVA_OPTS="-XX:MaxRAMPercentage=${MAX_RAM_PERCENTAGE} -Duser.timezone=${JAVA_TIMEZONE} -Dfile.encoding=UTF-8"

echo "Starting Metabase on port ${MB_JETTY_PORT}..."
java $JAVA_OPTS -jar /app/metabase.jar

exec "$@"

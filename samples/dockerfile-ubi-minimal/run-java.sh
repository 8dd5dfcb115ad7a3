#!/bin/bash
# Inventory service (Quarkus fast-jar) on UBI minimal.
# Heap is sized from the cgroup limit unless JAVA_OPTS says otherwise.
set -e

: "${APP_HOME:=/deployments}"
: "${JAVA_MAX_RAM_PERCENTAGE:=75.0}"
: "${QUARKUS_PROFILE:=prod}"
: "${JAVA_OPTS_APPEND:=}"

mkdir -p "$APP_HOME/data" "$APP_HOME/config" /tmp/inventory

# cgroup v2 limit, for the log line only
mem_limit="unlimited"
if [ -r /sys/fs/cgroup/memory.max ]; then
  mem_limit="$(cat /sys/fs/cgroup/memory.max)"
fi

if [ -z "${JAVA_OPTS:-}" ]; then
  JAVA_OPTS="-XX:MaxRAMPercentage=${JAVA_MAX_RAM_PERCENTAGE} -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp/inventory"
fi

# runtime overrides (mounted ConfigMap wins over this file)
if [ ! -f "$APP_HOME/config/application.properties" ]; then
  cat > "$APP_HOME/config/application.properties" <<EOF
quarkus.http.port=8080
quarkus.shutdown.timeout=20s
quarkus.log.console.json=true
inventory.data-dir=${APP_HOME}/data
EOF
fi

echo "java (profile=${QUARKUS_PROFILE}, memory.max=${mem_limit}) ${JAVA_OPTS} ${JAVA_OPTS_APPEND}"
java ${JAVA_OPTS} ${JAVA_OPTS_APPEND} \
  -Dquarkus.profile="${QUARKUS_PROFILE}" \
  -Dquarkus.config.locations="file:${APP_HOME}/config/application.properties" \
  -jar "$APP_HOME/quarkus-run.jar"

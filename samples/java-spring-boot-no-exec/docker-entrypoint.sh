#!/bin/bash
# Spring Boot サービスの起動スクリプト
# JVM オプションは環境変数 JAVA_OPTS で上書きできます
set -e

: "${JAVA_OPTS:=-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError}"
: "${SPRING_PROFILES_ACTIVE:=prod}"
: "${SERVER_PORT:=8080}"
: "${APP_HOME:=/opt/app}"

# ログ用ディレクトリを作成
mkdir -p "$APP_HOME/logs" "$APP_HOME/config" /tmp/spring
chown -R nobody:nogroup "$APP_HOME/logs" /tmp/spring

# 外部設定ファイル（無ければ生成）
if [ ! -f "$APP_HOME/config/application-docker.yml" ]; then
  cat > "$APP_HOME/config/application-docker.yml" <<EOF
server:
  port: ${SERVER_PORT}
  shutdown: graceful
management:
  endpoints:
    web:
      exposure:
        include: health,info,prometheus
spring:
  lifecycle:
    timeout-per-shutdown-phase: 20s
EOF
fi

if [ -n "$DB_HOST" ]; then
  echo "データベース接続先: ${DB_HOST}:${DB_PORT:-5432}"
fi

echo "Starting application (profile=${SPRING_PROFILES_ACTIVE}, port=${SERVER_PORT})"
java $JAVA_OPTS \
  -Dspring.profiles.active="$SPRING_PROFILES_ACTIVE" \
  -Dspring.config.additional-location="file:$APP_HOME/config/" \
  -Djava.io.tmpdir=/tmp/spring \
  -jar "$APP_HOME/app.jar"

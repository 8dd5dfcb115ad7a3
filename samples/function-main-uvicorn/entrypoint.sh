#!/bin/bash
set -Eeuo pipefail

APP_DIR=/srv/api
CONF_DIR=/etc/api
: "${PORT:=8000}"
: "${WEB_CONCURRENCY:=2}"
: "${LOG_LEVEL:=INFO}"

log() {
  printf '%s [entrypoint] %s\n' "$(date -Iseconds)" "$*" >&2
}

setup_dirs() {
  mkdir -p "$APP_DIR/data" "$CONF_DIR" /var/log/api
  chown -R nobody:nogroup "$APP_DIR/data" /var/log/api
}

write_logging_config() {
  cat > "$CONF_DIR/logging.ini" <<EOF
[loggers]
keys=root,uvicorn

[handlers]
keys=console

[formatters]
keys=plain

[logger_root]
level=${LOG_LEVEL}
handlers=console

[logger_uvicorn]
level=${LOG_LEVEL}
handlers=console
qualname=uvicorn
propagate=0

[handler_console]
class=StreamHandler
formatter=plain
args=(sys.stdout,)

[formatter_plain]
format=%(asctime)s %(levelname)s %(name)s %(message)s
EOF
}

start_server() {
  log "starting uvicorn on :$PORT with $WEB_CONCURRENCY workers"
  cd "$APP_DIR"
  uvicorn api.main:app \
    --host 0.0.0.0 --port "$PORT" \
    --workers "$WEB_CONCURRENCY" \
    --proxy-headers --forwarded-allow-ips='*' \
    --log-config "$CONF_DIR/logging.ini"
}

main() {
  setup_dirs
  write_logging_config
  start_server
}

main "$@"

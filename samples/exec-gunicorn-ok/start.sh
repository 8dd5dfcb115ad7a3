#!/bin/bash
set -e

: "${FLASK_APP:=app:create_app()}"
: "${GUNICORN_CMD_ARGS:=}"
: "${WORKERS:=$(( $(nproc) * 2 + 1 ))}"
: "${TIMEOUT:=60}"

# prometheus multiprocess mode needs an empty dir on every start
export PROMETHEUS_MULTIPROC_DIR=/tmp/prometheus
rm -rf "$PROMETHEUS_MULTIPROC_DIR"
mkdir -p "$PROMETHEUS_MULTIPROC_DIR"

cat > /tmp/gunicorn.conf.py <<EOF
bind = "0.0.0.0:5000"
workers = ${WORKERS}
timeout = ${TIMEOUT}
graceful_timeout = 20
accesslog = "-"
EOF

echo "gunicorn: $WORKERS workers, timeout ${TIMEOUT}s"
exec gunicorn -c /tmp/gunicorn.conf.py "$FLASK_APP"

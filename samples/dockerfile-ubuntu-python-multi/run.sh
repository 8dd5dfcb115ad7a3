#!/usr/bin/env bash
# docsearch: the FastAPI app and its indexing worker in one container.
set -euo pipefail

: "${APP_HOME:=/home/app/docsearch}"
: "${INDEX_DIR:=/tmp/docsearch/index}"
: "${BROKER_URL:=redis://redis:6379/0}"
: "${WEB_WORKERS:=2}"
: "${WORKER_THREADS:=4}"
export BROKER_URL INDEX_DIR

mkdir -p "$INDEX_DIR" /tmp/docsearch/uploads /tmp/docsearch/log

# worker settings, read by docsearch.tasks on import
cat > /tmp/docsearch/worker.ini <<EOF
[worker]
broker = ${BROKER_URL}
index_dir = ${INDEX_DIR}
threads = ${WORKER_THREADS}
max_retries = 5
EOF

if [[ ! -f "$INDEX_DIR/.created" ]]; then
  echo "empty index in $INDEX_DIR, the worker will build it"
  date -u +%FT%TZ > "$INDEX_DIR/.created"
fi

cd "$APP_HOME" 2>/dev/null || cd /tmp/docsearch

uvicorn docsearch.api:app --host 0.0.0.0 --port 8000 --workers "$WEB_WORKERS" --proxy-headers &
dramatiq docsearch.tasks --processes 1 --threads "$WORKER_THREADS" &

echo "api and worker started"
wait

#!/bin/bash
# Start the pastebin web app. Extra arguments (bind address, worker count) are
# passed straight to gunicorn.
set -euo pipefail

: "${APP_MODULE:=pastebin.wsgi:application}"
: "${DATA_DIR:=/srv/pastebin/data}"
: "${LOG_LEVEL:=info}"
: "${MAX_PASTE_KB:=512}"

mkdir -p "$DATA_DIR/pastes" /tmp/gunicorn
chown -R nobody:nogroup "$DATA_DIR"

# settings the app reads on import
cat > /tmp/gunicorn/settings.env <<EOF
PASTEBIN_DATA_DIR=${DATA_DIR}
PASTEBIN_MAX_PASTE_KB=${MAX_PASTE_KB}
EOF
set -a
. /tmp/gunicorn/settings.env
set +a

# sqlite migrations are idempotent; skip with SKIP_MIGRATE=1
if [[ "${SKIP_MIGRATE:-1}" != 1 ]]; then
  python -m pastebin.migrate --db "$DATA_DIR/pastebin.sqlite3"
fi

echo "gunicorn ${APP_MODULE} $*"
gunicorn "$APP_MODULE" \
  --log-level "$LOG_LEVEL" \
  --worker-tmp-dir /tmp/gunicorn \
  --access-logfile - \
  "$@"

#!/bin/bash
# Notebook-style start script: optional chown of the home folder, logged with the options it used, then the server.
set -e
_log() { echo "[start] $*" >&2; }

APP_HOME="${APP_HOME:-/tmp/apphome}"
mkdir -p "$APP_HOME"
if [[ "${CHOWN_HOME:-no}" == "yes" ]]; then
	# The `(` inside the quoted `${…:+…}` is valid bash that execwrap's parser misreads.
	_log "Ensuring ${APP_HOME} is owned by 0:0 ${CHOWN_HOME_OPTS:+(chown options: ${CHOWN_HOME_OPTS})}"
	# shellcheck disable=SC2086
	chown ${CHOWN_HOME_OPTS:-} 0:0 "$APP_HOME"
fi

cd "$APP_HOME"
jupyter-server --ip=0.0.0.0 --port=8888

#!/bin/bash
# Database entrypoint: on first start, run the server without networking to load the init scripts, stop it,
# then start it for real.
set -eo pipefail
DATADIR="${DATADIR:-/tmp/dbdata}"

temp_server_start() {
	"$@" --skip-networking --socket=/tmp/dbinit.sock &
	declare -g SERVER_PID
	SERVER_PID=$!
	echo "waiting for the temporary server"
	sleep 0.3
}

temp_server_stop() {
	kill "$SERVER_PID"
	wait "$SERVER_PID" || true
}

if [ "$1" = 'dbserver' ] && [ ! -d "$DATADIR/system" ]; then
	mkdir -p "$DATADIR/system"
	temp_server_start "$@"
	for f in /docker-entrypoint-initdb.d/*.sql; do
		[ -e "$f" ] || continue
		echo "loading $f"
	done
	temp_server_stop
	echo "init done"
fi

exec "$@"

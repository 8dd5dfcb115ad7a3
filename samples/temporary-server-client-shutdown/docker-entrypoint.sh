#!/bin/bash
# Database entrypoint: on first start, load the init scripts into a server that listens only on a local socket,
# ask it to shut down with the admin client, then start the server for real.
set -eo pipefail
DATADIR="${DATADIR:-/tmp/dbdata}"
SOCKET=/tmp/dbinit.sock

log() { printf '%s [entrypoint] %s\n' "$(date -u +%FT%TZ)" "$*"; }

temp_server_start() {
	"$@" --skip-networking --socket="$SOCKET" &
	log "waiting for the temporary server"
	sleep 0.2
}

# The admin client blocks until the server has finished shutting down.
temp_server_stop() {
	if ! mysqladmin shutdown -uroot --socket="$SOCKET"; then
		log "unable to shut down the temporary server" >&2
		exit 1
	fi
}

_main() {
	if [ "${1:0:1}" = '-' ]; then
		set -- mariadbd "$@"
	fi
	if [ "$1" = 'mariadbd' ] && [ ! -d "$DATADIR/mysql" ]; then
		mkdir -p "$DATADIR/mysql"
		temp_server_start "$@"
		for f in /docker-entrypoint-initdb.d/*; do
			[ -e "$f" ] || continue
			log "running $f"
		done
		temp_server_stop
		log "init done"
	fi
	exec "$@"
}

_main "$@"

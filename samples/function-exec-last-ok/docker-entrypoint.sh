#!/bin/bash
set -Eeo pipefail

# usage: file_env VAR [DEFAULT]
#    ie: file_env 'MEMCACHED_SASL_PWDB' 'example'
# (will allow for "$XYZ_FILE" to fill in the value of "$XYZ" from a file)
file_env() {
	local var="$1"
	local fileVar="${var}_FILE"
	local def="${2:-}"
	if [ "${!var:-}" ] && [ "${!fileVar:-}" ]; then
		echo >&2 "error: both $var and $fileVar are set (but are exclusive)"
		exit 1
	fi
	local val="$def"
	if [ "${!var:-}" ]; then
		val="${!var}"
	elif [ "${!fileVar:-}" ]; then
		val="$(< "${!fileVar}")"
	fi
	export "$var"="$val"
	unset "$fileVar"
}

# check to see if this file is being run or sourced from another script
_is_sourced() {
	[ "${#FUNCNAME[@]}" -ge 2 ] \
		&& [ "${FUNCNAME[0]}" = '_is_sourced' ] \
		&& [ "${FUNCNAME[1]}" = 'source' ]
}

docker_setup_env() {
	file_env 'MEMCACHED_SASL_PASSWORD'
	: "${MEMCACHED_MEMORY:=64}"
	: "${MEMCACHED_MAX_CONN:=1024}"
}

_main() {
	# if first arg looks like a flag, assume we want to run memcached
	if [ "${1:0:1}" = '-' ]; then
		set -- memcached "$@"
	fi

	if [ "$1" = 'memcached' ]; then
		docker_setup_env
		mkdir -p /var/run/memcached
		chown nobody:nogroup /var/run/memcached
		set -- "$@" -m "$MEMCACHED_MEMORY" -c "$MEMCACHED_MAX_CONN"
	fi

	exec "$@"
}

if ! _is_sourced; then
	_main "$@"
fi

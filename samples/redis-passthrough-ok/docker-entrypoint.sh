#!/bin/sh
set -e

# first arg is `-f` or `--some-option`
# or first arg is `something.conf`
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
	set -- redis-server "$@"
fi

if [ "$1" = 'redis-server' ]; then
	mkdir -p /data
	# make sure the data dir is writable for the unprivileged user
	find /data \! -user nobody -exec chown nobody:nogroup '{}' + 2>/dev/null || true

	if [ -n "$REDIS_PASSWORD" ]; then
		set -- "$@" --requirepass "$REDIS_PASSWORD"
	fi
fi

# set an appropriate umask (if one isn't set already)
um="$(umask)"
if [ "$um" = '0022' ]; then
	umask 0077
fi

exec "$@"

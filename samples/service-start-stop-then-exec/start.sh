#!/bin/sh
# Hand-written database image: the distribution's init script starts the server once to create the
# application's database, stops it again, and the server then runs in the foreground.
set -e
MARKER=/tmp/appdb/.initialised

if [ ! -f "$MARKER" ]; then
	service mariadb start
	echo "creating the application database"
	mysql -uroot -e "CREATE DATABASE IF NOT EXISTS app" || echo "no client here: skipped"
	service mariadb stop
	mkdir -p "${MARKER%/*}" && touch "$MARKER"
fi

exec mysqld --user=mysql

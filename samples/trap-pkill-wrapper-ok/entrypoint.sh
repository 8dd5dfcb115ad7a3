#!/bin/sh
# nginx in front of php-fpm; the handler passes the stop on to every child and waits for them.
shutdown() {
  echo "stopping"
  pkill -TERM -P $$
  wait
  exit 0
}
trap shutdown TERM INT

mkdir -p /tmp/php-fpm /tmp/nginx
php-fpm -F &
nginx -g 'daemon off;' &
wait

#!/bin/sh
# nginx in front of php-fpm; nginx is told to quit once php-fpm has ended.
nginx -g 'daemon off;' &
php-fpm -F
nginx -s quit

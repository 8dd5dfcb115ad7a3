#!/bin/sh
set -e

: "${QUEUE_CONNECTION:=redis}"
: "${QUEUE_NAMES:=default,mail}"
: "${WORKER_TIMEOUT:=90}"

cd /var/www/html

mkdir -p storage/framework/cache storage/framework/sessions storage/framework/views storage/logs
chown -R www-data:www-data storage bootstrap/cache

if [ ! -f .env ] && [ -f .env.example ]; then
    cp .env.example .env
fi

echo "queue worker: connection=$QUEUE_CONNECTION queues=$QUEUE_NAMES"
sudo -u www-data -E php artisan queue:work "$QUEUE_CONNECTION" \
    --queue="$QUEUE_NAMES" --sleep=3 --tries=3 --timeout="$WORKER_TIMEOUT"

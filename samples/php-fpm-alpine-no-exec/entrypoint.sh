#!/bin/sh
# Скрипт запуска PHP-FPM для Laravel
# Не забудьте пробросить APP_KEY через переменные окружения!
set -e

: "${PHP_MEMORY_LIMIT:=256M}"
: "${PHP_MAX_CHILDREN:=20}"
: "${APP_ENV:=production}"

# Настройки PHP
mkdir -p /usr/local/etc/php/conf.d /usr/local/etc/php-fpm.d
cat > /usr/local/etc/php/conf.d/zz-docker.ini <<EOF
memory_limit = ${PHP_MEMORY_LIMIT}
upload_max_filesize = 32M
post_max_size = 32M
expose_php = Off
EOF

# Пул FPM
cat > /usr/local/etc/php-fpm.d/zz-pool.conf <<EOF
[www]
pm = dynamic
pm.max_children = ${PHP_MAX_CHILDREN}
pm.start_servers = 2
pm.min_spare_servers = 1
pm.max_spare_servers = 4
clear_env = no
EOF

# Права на каталоги storage и кэш
mkdir -p /var/www/html/storage/logs /var/www/html/bootstrap/cache
chown -R nobody:nogroup /var/www/html/storage /var/www/html/bootstrap/cache

if [ "$APP_ENV" = "production" ] && [ -f /var/www/html/artisan ] && [ "${RUN_ARTISAN_CACHE:-0}" = "1" ]; then
    # кэшируем конфиг только в проде
    php /var/www/html/artisan config:cache
fi

echo "Запускаем php-fpm..."
php-fpm

#!/bin/bash
# Old-school LEMP container

PHP_VERSION=8.3
: "${SERVER_NAME:=localhost}"

mkdir -p /run/php /var/www/html
chown -R www-data:www-data /var/www/html

cat > /etc/nginx/sites-available/default <<EOF
server {
    listen 80 default_server;
    server_name ${SERVER_NAME};
    root /var/www/html;
    index index.php index.html;
    location ~ \.php\$ {
        include snippets/fastcgi-php.conf;
        fastcgi_pass unix:/run/php/php${PHP_VERSION}-fpm.sock;
    }
}
EOF

/etc/init.d/cron start
service php${PHP_VERSION}-fpm start
service nginx start

echo "all services started"
tail -f /var/log/nginx/access.log /var/log/nginx/error.log

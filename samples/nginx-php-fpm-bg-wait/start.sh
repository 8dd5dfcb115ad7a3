#!/bin/sh
# WordPress-ish: nginx in front of php-fpm in one container.
set -e

: "${UPLOAD_MAX:=64M}"
: "${FPM_LISTEN:=127.0.0.1:9000}"

mkdir -p /etc/nginx/conf.d /usr/local/etc/php/conf.d /var/www/html/wp-content/uploads /run/nginx
chown -R nobody:nogroup /var/www/html/wp-content/uploads

cat > /usr/local/etc/php/conf.d/uploads.ini <<EOF
upload_max_filesize = ${UPLOAD_MAX}
post_max_size = ${UPLOAD_MAX}
EOF

cat > /etc/nginx/conf.d/default.conf <<EOF
server {
    listen 80 default_server;
    root /var/www/html;
    index index.php;
    client_max_body_size ${UPLOAD_MAX};

    location / {
        try_files \$uri \$uri/ /index.php?\$args;
    }
    location ~ \.php\$ {
        include fastcgi_params;
        fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
        fastcgi_pass ${FPM_LISTEN};
    }
}
EOF

nginx -g 'daemon off;' & php-fpm -F & wait

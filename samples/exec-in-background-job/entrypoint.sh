#!/bin/sh
set -e

: "${GUNICORN_WORKERS:=3}"
: "${SERVER_NAME:=_}"

mkdir -p /etc/nginx/conf.d /var/log/nginx /app/static
cat > /etc/nginx/conf.d/app.conf <<EOF
server {
    listen 80;
    server_name ${SERVER_NAME};
    location /static/ { alias /app/static/; }
    location / { proxy_pass http://127.0.0.1:8000; }
}
EOF
rm -f /etc/nginx/sites-enabled/default

cd /app
exec gunicorn --workers "$GUNICORN_WORKERS" --bind 127.0.0.1:8000 wsgi:app &

nginx -g 'daemon off;'

#!/bin/bash

cleanup() {
    echo "Caught signal, shutting down..."
    kill -TERM "$NGINX_PID" "$APP_PID" 2>/dev/null
    exit 0
}
trap cleanup SIGTERM SIGINT

APP_PORT=${APP_PORT:-5000}
STATIC_ROOT=${STATIC_ROOT:-/app/static}

mkdir -p /etc/nginx/conf.d /var/log/nginx "$STATIC_ROOT"
cat > /etc/nginx/conf.d/default.conf <<EOF
upstream app { server 127.0.0.1:${APP_PORT}; }
server {
    listen 80;
    location /static/ { alias ${STATIC_ROOT}/; expires 7d; }
    location / {
        proxy_pass http://app;
        proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
}
EOF

nginx -g 'daemon off;' &
NGINX_PID=$!

python /app/app.py --port "$APP_PORT" &
APP_PID=$!

wait

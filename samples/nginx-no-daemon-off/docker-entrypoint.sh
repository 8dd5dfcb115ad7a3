#!/bin/sh
set -e

: "${BACKEND:=app:8000}"
: "${RATE_LIMIT:=10r/s}"

# basic-auth for the admin area
if [ -n "$ADMIN_HTPASSWD" ]; then
    printf '%s\n' "$ADMIN_HTPASSWD" > /etc/nginx/.htpasswd
fi

mkdir -p /etc/nginx/conf.d
cat > /etc/nginx/conf.d/proxy.conf <<EOF
limit_req_zone \$binary_remote_addr zone=perip:10m rate=${RATE_LIMIT};

server {
    listen 80;
    location / {
        limit_req zone=perip burst=20 nodelay;
        proxy_pass http://${BACKEND};
    }
}
EOF

nginx -t
# nginx.conf from the repo sets "daemon off;"
nginx

#!/bin/sh
# Renders the SPA nginx config from env and serves the static build.
set -eu

: "${API_UPSTREAM:=http://api:8080}"
: "${LISTEN_PORT:=80}"
: "${CLIENT_MAX_BODY:=10m}"

mkdir -p /etc/nginx/conf.d /var/cache/nginx /usr/share/nginx/html

# no envsubst in this image, so sed it is
sed -e "s#__API_UPSTREAM__#${API_UPSTREAM}#g" \
    -e "s#__LISTEN_PORT__#${LISTEN_PORT}#g" \
    -e "s#__CLIENT_MAX_BODY__#${CLIENT_MAX_BODY}#g" \
    > /etc/nginx/conf.d/default.conf <<'EOF'
server {
    listen __LISTEN_PORT__;
    root /usr/share/nginx/html;
    client_max_body_size __CLIENT_MAX_BODY__;

    location /api/ {
        proxy_pass __API_UPSTREAM__;
        proxy_set_header Host $host;
    }

    location / {
        try_files $uri $uri/ /index.html;
    }
}
EOF

# runtime config for the SPA
cat > /usr/share/nginx/html/env.js <<EOF
window.__ENV__ = { apiBase: "/api", version: "${APP_VERSION:-unknown}" };
EOF

exec nginx -g 'daemon off;'

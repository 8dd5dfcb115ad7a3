#!/bin/sh
# cache + app in one container
set -e

: "${REDIS_MAXMEMORY:=128mb}"

mkdir -p /data
cat > /etc/redis.conf <<EOF
bind 127.0.0.1
maxmemory ${REDIS_MAXMEMORY}
maxmemory-policy allkeys-lru
save ""
EOF

redis-server /etc/redis.conf
&
node /app/index.js
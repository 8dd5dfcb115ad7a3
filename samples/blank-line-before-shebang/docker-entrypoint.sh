
#!/bin/bash
# HAProxy front door
set -e

: "${HAPROXY_MAXCONN:=4096}"
: "${BACKENDS:=web1:8080 web2:8080}"
: "${STATS_PASSWORD:=admin}"

mkdir -p /usr/local/etc/haproxy /run/haproxy

{
  cat <<EOF
global
    maxconn ${HAPROXY_MAXCONN}
    log stdout format raw local0

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend fe
    bind :80
    stats enable
    stats uri /haproxy?stats
    stats auth admin:${STATS_PASSWORD}
    default_backend be

backend be
    balance roundrobin
EOF
  n=0
  for b in $BACKENDS; do
    n=$((n + 1))
    echo "    server s$n $b check"
  done
} > /usr/local/etc/haproxy/haproxy.cfg

haproxy -f /usr/local/etc/haproxy/haproxy.cfg -db

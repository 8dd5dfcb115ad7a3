#!/bin/sh
# Start the metrics exporter next to the main daemon and stop both on
# docker stop.

shutdown() {
    echo "received stop signal, stopping children"
    kill -TERM "$exporter_pid" "$daemon_pid" 2>/dev/null
    wait "$exporter_pid"
    wait "$daemon_pid"
    exit 0
}

trap shutdown SIGTERM SIGINT

: "${METRICS_PORT:=9113}"
: "${LISTEN_PORT:=53}"

mkdir -p /etc/coredns
cat > /etc/coredns/Corefile <<EOF
.:${LISTEN_PORT} {
    errors
    health :8080
    prometheus 127.0.0.1:9153
    forward . /etc/resolv.conf
    cache 30
}
EOF

/usr/local/bin/coredns -conf /etc/coredns/Corefile &
daemon_pid=$!

/usr/local/bin/metrics-relay --listen ":${METRICS_PORT}" --scrape http://127.0.0.1:9153/metrics &
exporter_pid=$!

wait

#!/bin/sh
# A metrics agent that forks into the background by itself (its own process exits at once), then nginx.
mkdir -p /var/run/agent

/usr/local/bin/metrics-agent --pidfile /var/run/agent/agent.pid &

exec nginx -g 'daemon off;'

#!/bin/sh
# Web + scheduler image: cron and nginx detach by themselves; following /dev/null keeps the container up.
set -e
mkdir -p /tmp/web /var/log/nginx
cron
nginx
tail -f /dev/null

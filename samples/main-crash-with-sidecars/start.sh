#!/bin/sh
# The API with two sidecars (a log shipper and a metrics exporter) in the background; the API runs last, in
# the foreground.
set -e

mkdir -p /var/log/api /etc/fluent-bit

fluent-bit -c /etc/fluent-bit/fluent-bit.conf &
node-exporter --web.listen-address=:9100 &

api-server --config /etc/api.toml

#!/bin/sh
set -e
: "${PORT:=8080}"
exec app --port "$PORT" "$@"

#!/bin/bash
set -e
OPTS=(--protected-mode no --appendonly yes)
if [[ -n "${REDIS_PASSWORD:-}" ]]; then
  OPTS+=(--requirepass "$REDIS_PASSWORD")
fi
exec redis-server "${OPTS[@]}"

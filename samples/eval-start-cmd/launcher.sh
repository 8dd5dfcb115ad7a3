#!/bin/bash
# Generic runtime image: the platform injects START_CMD (from the Procfile)
set -e

: "${PORT:=5000}"
: "${APP_ROOT:=/workspace}"
export PORT

if [[ -z "${START_CMD:-}" ]]; then
  if [[ -f "$APP_ROOT/Procfile" ]]; then
    START_CMD="$(sed -n "s/^web:[[:space:]]*//p" "$APP_ROOT/Procfile" | head -n1)"
  fi
fi

if [[ -z "${START_CMD:-}" ]]; then
  echo "no START_CMD and no web: entry in Procfile" >&2
  exit 1
fi

# profile.d scripts from buildpacks
for f in "$APP_ROOT"/.profile.d/*.sh; do
  [[ -r "$f" ]] && . "$f"
done

cd "$APP_ROOT"
echo "-----> running: $START_CMD"
eval "$START_CMD"
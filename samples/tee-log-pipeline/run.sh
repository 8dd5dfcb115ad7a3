#!/bin/bash
# Discord bot container. Logs go to stdout AND to a file that the
# sidecar ships to Loki.
set -o pipefail

: "${BOT_PREFIX:=!}"
: "${LOG_FILE:=/var/log/app.log}"

mkdir -p "$(dirname "$LOG_FILE")" /app/data
touch "$LOG_FILE"

if [ -z "${DISCORD_TOKEN:-}" ] && [ -f /run/secrets/discord_token ]; then
    DISCORD_TOKEN="$(cat /run/secrets/discord_token)"
fi
export DISCORD_TOKEN BOT_PREFIX

# rotate by hand, logrotate is not in the image
if [ -f "$LOG_FILE" ] && [ "$(stat -c %s "$LOG_FILE")" -gt 10485760 ]; then
    mv "$LOG_FILE" "$LOG_FILE.1"
fi

echo "=== bot starting $(date) ===" >> "$LOG_FILE"
python -u /app/bot.py 2>&1 | tee -a /var/log/app.log

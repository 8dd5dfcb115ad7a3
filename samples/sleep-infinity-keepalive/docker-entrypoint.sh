#!/bin/sh
set -e

: "${BACKUP_SCHEDULE:=0 3 * * *}"
: "${TZ:=UTC}"

# cron starts jobs with an empty environment; persist ours for the jobs
env | grep -Ev '^(HOME|PWD|SHLVL|_)=' | sed 's/^\([^=]*\)=\(.*\)$/export \1="\2"/' > /etc/container.env
chmod 0600 /etc/container.env

mkdir -p /etc/cron.d /var/backups/app
cat > /etc/cron.d/backup <<EOF
SHELL=/bin/sh
${BACKUP_SCHEDULE} root . /etc/container.env; /usr/local/bin/backup.sh >> /proc/1/fd/1 2>&1
EOF
chmod 0644 /etc/cron.d/backup

/usr/sbin/cron -f &
python3 /app/scheduler.py --tz "$TZ" &

sleep infinity

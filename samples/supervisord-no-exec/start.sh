#!/bin/bash
# Runs nginx + php-fpm + a queue worker under supervisord.
set -e

: "${WORKER_PROCESSES:=2}"
: "${ENABLE_CRON:=false}"

mkdir -p /var/log/supervisor /run/php /etc/supervisor/conf.d

cat > /etc/supervisor/conf.d/app.conf <<EOF
[supervisord]
nodaemon=true
logfile=/dev/null
logfile_maxbytes=0
pidfile=/run/supervisord.pid

[program:php-fpm]
command=/usr/sbin/php-fpm8.2 -F
autorestart=true
stdout_logfile=/dev/stdout
stdout_logfile_maxbytes=0
redirect_stderr=true

[program:nginx]
command=/usr/sbin/nginx -g "daemon off;"
autorestart=true
stdout_logfile=/dev/stdout
stdout_logfile_maxbytes=0
redirect_stderr=true

[program:worker]
command=/usr/bin/php /var/www/artisan queue:work --sleep=3 --tries=3
numprocs=${WORKER_PROCESSES}
process_name=%(program_name)s_%(process_num)02d
autorestart=true
stopwaitsecs=30
EOF

if [ "$ENABLE_CRON" = "true" ]; then
  cat >> /etc/supervisor/conf.d/app.conf <<'EOF'

[program:cron]
command=/usr/sbin/cron -f
autorestart=true
EOF
fi

/usr/bin/supervisord -c /etc/supervisor/conf.d/app.conf

#!/bin/sh
set -e

: "${PHP_FPM_PM_MAX_CHILDREN:=10}"
: "${NGINX_WORKER_PROCESSES:=auto}"

mkdir -p /run/nginx /run/php /var/log/supervisor /etc/supervisor.d

sed -i "s/^worker_processes .*/worker_processes ${NGINX_WORKER_PROCESSES};/" /etc/nginx/nginx.conf 2>/dev/null || true

cat > /etc/supervisor.d/app.ini <<EOF
[supervisord]
nodaemon=true
user=root
logfile=/dev/null
logfile_maxbytes=0

[program:php-fpm]
command=php-fpm83 -F -d pm.max_children=${PHP_FPM_PM_MAX_CHILDREN}
stdout_logfile=/dev/stdout
stdout_logfile_maxbytes=0
redirect_stderr=true
stopsignal=QUIT

[program:nginx]
command=nginx -g 'daemon off;'
stdout_logfile=/dev/stdout
stdout_logfile_maxbytes=0
redirect_stderr=true
stopsignal=QUIT
EOF

exec supervisord -n -c /etc/supervisor.d/app.ini

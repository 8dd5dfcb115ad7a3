#!/bin/sh
# WordPress-ish: nginx in front of php-fpm in one container.
set -e

# >>> execwrap prelude v3
# Passes stop signals on to the programs started below and waits for them (execwrap; see its docs/wrapper.md).
_ew_programs='' _ew_ended='' _ew_signals='' _ew_sent='' _ew_sleeper='' _ew_stop_status='' _ew_child_ended=''
_ew_stop() {  # a stop signal $1 ends the script with status $2 while no program runs; after, every program gets it
  case $_ew_programs in '') exit "$2" ;; esac  # not `[ -n … ] ||`: a trap run inside this one can fail a test (F21)
  _ew_signals="$_ew_signals $1" _ew_stop_status=${_ew_stop_status:-$2}
  kill "$_ew_sleeper" || :  # wakes _ew_wait, which passes it on (before that, the next _ew_started does)
} 2>/dev/null
trap '_ew_stop TERM 143 || :' TERM; trap '_ew_stop INT 130 || :' INT  # `|| :`: a trap inside a trap can fail it (F21)
trap '_ew_stop QUIT 131 || :' QUIT; trap '_ew_stop HUP 129 || :' HUP
_ew_pass_on() {  # each running program gets each signal once: QUIT if it handles QUIT (nginx, php-fpm), else TERM
  local IFS=' ' pid='' signal=''
  for pid in $_ew_programs; do for signal in $_ew_signals; do
    [ "$signal" = QUIT ] && _ew_handles_quit "$pid" || signal=TERM
    case "$_ew_sent$_ew_ended " in *" $pid:$signal "* | *" $pid:"[0-9]*) continue ;; esac
    _ew_sent="$_ew_sent $pid:$signal"; kill -s "$signal" "$pid" || :
  done; done; } 2>/dev/null
_ew_handles_quit() {  # signals 1-4 are the last hex digit of SigCgt, QUIT its 4 bit (stderr: _ew_pass_on's)
  while read -r _ew_line; do case $_ew_line in SigCgt:*[4-7c-f]) return 0 ;; esac; done <"/proc/$1/status"; false; }
_ew_started() { _ew_programs="$_ew_programs $1"; _ew_pass_on; }
# Ends like the line it replaces: "main PIDs" and "all [PIDs]" (default: every program) once those have ended, with
# the last one's status (all without PIDs: 0); "first" once one has, with its status. The other programs then get
# TERM and 10 s. After a stop signal it waits for every program; status 128+n (main: the last PID's status).
_ew_child_end() { _ew_child_ended=1; kill "$_ew_sleeper" || :; } 2>/dev/null  # sh's CHLD trap: wakes _ew_wait
_ew_wait() {
  local IFS=' ' mode="$1" pid='' stat='' status=0 waited='' live='' pending='' met='' now='' deadline='' wait_n=''
  case ${BASH_VERSION-} in [5-9]* | 4.[3-9]*) wait_n=1 ;; esac
  shift; for pid in ${*:-$_ew_programs}; do waited="$waited $pid"; done
  while :; do
    _ew_child_ended=''; [ -n "$wait_n" ] || trap '_ew_child_end || :' CHLD  # sh: an end from now on ends the wait below
    live='' pending=''; for pid in $_ew_programs $waited; do  # running: in /proc, not a zombie (kill -0 lies)
      case "$_ew_ended$live " in *" $pid:"[0-9]* | *" $pid "*) continue ;; esac
      read -r stat <"/proc/$pid/stat" && case ${stat##*) } in [ZXx]*) ;; *) live="$live $pid"; continue ;; esac
      [ -n "$wait_n" ] || trap - CHLD; _ew_child_ended=1  # a pending CHLD would cut `wait PID` short; look again
      status=0; wait "$pid" || status=$?; status=0; wait "$pid" || status=$?; _ew_ended="$_ew_ended $pid:$status"
    done
    for pid in $waited; do case "$live " in *" $pid "*) pending=1 ;; esac; done
    if [ -z "$met" ] && case $mode in first) [ -n "$_ew_ended" ] ;; *) [ -z "$pending" ] ;; esac; then
      met=1; [ -n "$_ew_stop_status" ] || met=by-itself _ew_signals="$_ew_signals TERM"
    fi
    read -r now _ </proc/uptime || :; now=${now%.*}; [ "$met" != by-itself ] || deadline=${deadline:-$((now + 11))}
    [ -n "$live" ] && { [ -z "$deadline" ] || [ "$now" -lt "$deadline" ]; } || break  # the others get 10-11 s
    kill -0 "$_ew_sleeper" || { command sleep 1 & _ew_sleeper=$!; }
    _ew_pass_on; if [ -n "$wait_n" ]; then wait -n; else [ -n "$_ew_child_ended" ] || wait "$_ew_sleeper"; fi || :
  done; [ -n "$wait_n" ] || trap - CHLD; kill "$_ew_sleeper" || :
  case $mode$# in first*) status=${_ew_ended# } ;; all0) status=0 ;; *) status=${_ew_ended##* ${waited##* }:} ;; esac
  status=${status%% *}; status=${status#*:}; [ "$met" = by-itself ] || [ "$mode" = main ] || status=$_ew_stop_status
  return "$status"
} 2>/dev/null
# <<< execwrap prelude
: "${UPLOAD_MAX:=64M}"
: "${FPM_LISTEN:=127.0.0.1:9000}"

mkdir -p /etc/nginx/conf.d /usr/local/etc/php/conf.d /var/www/html/wp-content/uploads /run/nginx
chown -R nobody:nogroup /var/www/html/wp-content/uploads

cat > /usr/local/etc/php/conf.d/uploads.ini <<EOF
upload_max_filesize = ${UPLOAD_MAX}
post_max_size = ${UPLOAD_MAX}
EOF

cat > /etc/nginx/conf.d/default.conf <<EOF
server {
    listen 80 default_server;
    root /var/www/html;
    index index.php;
    client_max_body_size ${UPLOAD_MAX};

    location / {
        try_files \$uri \$uri/ /index.php?\$args;
    }
    location ~ \.php\$ {
        include fastcgi_params;
        fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
        fastcgi_pass ${FPM_LISTEN};
    }
}
EOF

nginx -g 'daemon off;' & _ew_started "$!"; php-fpm -F & _ew_started "$!"; _ew_wait all  # execwrap: waits as `wait` did; passes stop signals on

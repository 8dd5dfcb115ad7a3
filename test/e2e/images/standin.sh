#!/bin/sh
# A stand-in for a long-running program in the end-to-end images (POSIX sh: the base image has no node). It is
# installed under each program's name (a link: web, worker, migrate, …) and logs to stdout who it is, every
# signal it gets and how it ends, so `docker logs` shows who got what:
#
#   standin web: started pid 7 as root (args: --port 8080)
#   standin web: got TERM
#   standin web: exit 0 after a 1 s drain
#
# A stop signal (TERM, INT, QUIT, HUP) starts a drain of DRAIN seconds, then it exits 0: a well-behaved program.
# Environment, per program (the name in capitals, `-` as `_`): WEB_DRAIN (default 1), WEB_EXIT_AFTER (end by
# itself after that many seconds; default never), WEB_STATUS (its status then; default 0).
name=${0##*/}
var=$(printf '%s' "$name" | tr 'a-z-' 'A-Z_')
eval "drain=\${${var}_DRAIN:-1} exit_after=\${${var}_EXIT_AFTER:-} status=\${${var}_STATUS:-0}"

say() { echo "standin $name: $*"; }

stopping=
on_signal() {
  say "got $1"
  case $1 in TERM | INT | QUIT | HUP) [ -n "$stopping" ] || stopping=$1 ;; esac
}
for sig in TERM INT QUIT HUP USR1 USR2; do
  # shellcheck disable=SC2064 # the signal name is meant to be expanded now
  trap "on_signal $sig" "$sig"
done

say "started pid $$ as $(id -un) (args: $*)"

# Sleeps in the background and waits, so a signal is handled (and logged) at once, not after the sleep.
sleeper=
pause() {
  sleep "$1" &
  sleeper=$!
  while kill -0 "$sleeper" 2>/dev/null; do
    wait "$sleeper"
    [ -z "$stopping" ] || [ "$2" != interruptible ] || break
  done
  kill "$sleeper" 2>/dev/null
}

pause "${exit_after:-infinity}" interruptible
if [ -z "$stopping" ]; then
  say "ends by itself after ${exit_after} s with status $status"
  exit "$status"
fi
pause "$drain" through
say "exit 0 after a $drain s drain"
exit 0

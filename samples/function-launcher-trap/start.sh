#!/bin/bash
# Every step runs through start_process, which keeps the running one's PID for the stop trap.
start_process() {
  "$@" &
  CHILD=$!
  wait "$CHILD"
  CHILD=""
}

clean_exit() {
  if [ -n "$CHILD" ]; then
    kill -s TERM "$CHILD" 2>/dev/null
    wait "$CHILD"
  fi
  exit
}

trap clean_exit SIGTERM SIGINT SIGQUIT

start_process /app/bin/migrate --wait-for-db
start_process node /app/server.js --port 8080

#!/bin/bash
# Graph database entrypoint: the exec (and the user switch) are kept in a variable, then used at the end.
set -euo pipefail

if [ "$(id -u)" = "0" ]; then
  mkdir -p /data /logs
  chown -R 7474:7474 /data /logs
  exec_cmd="exec gosu graphdb"
else
  exec_cmd="exec"
fi
readonly exec_cmd

if [ "${1:-}" = "graphdb" ]; then
  echo "starting the graph database"
  ${exec_cmd} graphdb console
else
  ${exec_cmd} "$@"
fi

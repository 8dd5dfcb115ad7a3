#!/bin/bash
# Image entrypoint: helpers live in a library beside this script; the last call hands over to the task.
set -e
DIR="$(cd "$(dirname "$0")" && pwd)"
source "$DIR/entrypoint-lib.sh"

prepare_dirs
run_task "$@"

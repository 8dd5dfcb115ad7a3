#!/usr/bin/env bash
# Shared entrypoint of an image family: the helper library comes from the base image, not from this folder.
set -o pipefail

TASK="$(echo "${1:-supervisord}" | sed 's/[^-_a-zA-Z0-9]*//g')"

source /opt/docker/bin/config.sh

createDockerStdoutStderr
if [[ "$UID" -eq 0 ]]; then
    runProvisionEntrypoint
fi

runEntrypoints "$@"

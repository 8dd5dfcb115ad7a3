#!/bin/sh
# Registers the service with the discovery server a moment after start-up (in a subshell, so the delay does not
# hold up the API), then runs the API.
mkdir -p /srv/run

( sleep 1; /srv/bin/register --service api --port 8080 ) &

exec /srv/bin/api --port 8080

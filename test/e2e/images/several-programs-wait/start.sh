#!/bin/sh
echo "start.sh: starting web and worker"
web --port 8080 &
worker --queue default &
wait

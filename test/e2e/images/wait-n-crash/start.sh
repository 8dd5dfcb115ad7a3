#!/bin/bash
web --port 8080 &
worker --queue default &
# exit as soon as one of them exits
wait -n
exit $?

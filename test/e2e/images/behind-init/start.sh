#!/bin/sh
web --port 8080 &
worker --queue default &
wait

#!/bin/sh
echo "api starting on ${PORT:-3000}"
node /srv/server.js

#!/bin/bash

echo "[container] starting shim"

# With a certificate, start the shim and nginx (TLS in front of it); without one, just the shim.
if [ "${TLS:-on}" = on ]; then
  echo "TLS on: starting the node shim and nginx"
  node index.js &
  exec nginx -g "daemon off;"
else
  echo "TLS off: starting the node shim only"
  exec node index.js
fi

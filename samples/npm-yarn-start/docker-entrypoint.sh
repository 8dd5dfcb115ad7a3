#!/bin/sh
set -e

: "${NODE_ENV:=production}"
: "${PORT:=3000}"
export NODE_ENV PORT

# Next.js reads NEXT_PUBLIC_* at build time; write the runtime ones to a file
mkdir -p /usr/src/app/public
cd /usr/src/app
cat > public/__env.js <<EOF
window.__ENV = {
  NEXT_PUBLIC_API_URL: "${NEXT_PUBLIC_API_URL:-/api}",
  NEXT_PUBLIC_SITE_NAME: "${NEXT_PUBLIC_SITE_NAME:-My Site}"
};
EOF

if [ -f yarn.lock ]; then
  yarn start
else
  npm start
fi

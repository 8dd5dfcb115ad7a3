#!/bin/bash
# An optional model server in the background, then the web app, its log copied to a file as well
# (the shape of open-webui's backend/start.sh).
set -o pipefail
if [ "${USE_LOCAL_MODELS:-true}" = "true" ]; then
  echo "starting the model server"
  ollama serve &
fi

echo "starting the web app"
uvicorn app.main:app --host 0.0.0.0 --port 8080 2>&1 | tee /tmp/webapp.log

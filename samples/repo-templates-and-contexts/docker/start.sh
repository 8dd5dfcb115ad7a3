#!/bin/sh
set -e
cd /app
python -m compileall -q .
gunicorn --bind "0.0.0.0:${PORT:-8000}" app:app

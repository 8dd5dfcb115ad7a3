# Started by the Dockerfile as `bash /run.sh`: no #! line needed.
ARGS=(--bind "0.0.0.0:${PORT:-8000}" --workers "${WORKERS:-2}")
if [[ -n "${DEBUG:-}" ]]; then
  ARGS+=(--reload)
fi
gunicorn app.wsgi:application "${ARGS[@]}"

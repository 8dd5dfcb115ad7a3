# Helpers for entrypoint.sh (sourced, not run).

prepare_dirs() {
  mkdir -p /tmp/app/run /tmp/app/log
}

# Runs the task named by the first argument; anything else is run as given.
run_task() {
  case "${1:-web}" in
    web)
      shift || true
      exec gunicorn app:wsgi --bind 0.0.0.0:8000 "$@"
      ;;
    worker)
      shift
      exec celery -A app worker "$@"
      ;;
    *)
      exec "$@"
      ;;
  esac
}

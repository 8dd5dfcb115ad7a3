#!/bin/bash
# Two workers; the container should end as soon as one of them exits, with its status, so that the orchestrator
# notices and restarts it.
set -u

/srv/bin/ingest --source kafka &
/srv/bin/publish --sink s3 &

wait -n
status=$?
echo "a worker exited with status $status" >&2
exit "$status"

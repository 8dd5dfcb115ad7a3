#!/bin/sh
# CI agent with its own docker daemon (docker-in-docker)
set -e

: "${DOCKER_STORAGE_DRIVER:=overlay2}"
: "${DIND_WAIT:=0}"

mkdir -p /etc/docker /var/lib/docker
cat > /etc/docker/daemon.json <<EOF
{
  "storage-driver": "${DOCKER_STORAGE_DRIVER}",
  "log-driver": "json-file",
  "log-opts": { "max-size": "10m" }
}
EOF

if [ ! -S /var/run/docker.sock ]; then
	# detach the daemon so it survives this shell
	( nohup dockerd --host=unix:///var/run/docker.sock >/var/log/dockerd.log 2>&1 & ) 2>/dev/null
fi

if [ "$DIND_WAIT" = "1" ]; then
	tries=0
	until docker version >/dev/null 2>&1; do
		tries=$((tries + 1))
		if [ "$tries" -gt 30 ]; then
			echo "dockerd did not come up" >&2
			cat /var/log/dockerd.log >&2
			exit 1
		fi
		sleep 1
	done
fi

exec "$@"

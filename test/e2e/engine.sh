#!/usr/bin/env bash
# A private Docker engine for the end-to-end suite (test/e2e), for CI and for a root shell on a machine without
# Docker Hub: `start` runs its own dockerd (no iptables, no bridge, overlay2 or else vfs storage, its own data
# root, exec root and socket, so it touches no other engine on the machine), `base` imports debian:bookworm-slim from a debootstrap
# minbase rootfs (cached between runs), `stop` ends that dockerd and nothing else.
#
#   eval "$(test/e2e/engine.sh start)"   # prints `export DOCKER_HOST=unix://…`
#   test/e2e/engine.sh base
#   npm run test:e2e
#   test/e2e/engine.sh stop
#
# State lives in EXECWRAP_E2E_STATE (default /tmp/execwrap-e2e-engine); the rootfs tarball in
# EXECWRAP_E2E_CACHE (default /var/cache/execwrap-e2e), one per month, so Debian's security updates come in.
set -euo pipefail

state=${EXECWRAP_E2E_STATE:-/tmp/execwrap-e2e-engine}
cache=${EXECWRAP_E2E_CACHE:-/var/cache/execwrap-e2e}
socket="$state/docker.sock"
pidfile="$state/dockerd.pid"

log() { echo "e2e-engine: $*" >&2; }

start() {
  if [ -S "$socket" ] && DOCKER_HOST="unix://$socket" docker info >/dev/null 2>&1; then
    log "already running ($socket)"
    echo "export DOCKER_HOST=unix://$socket"
    return
  fi
  command -v dockerd >/dev/null || { log "dockerd is not installed (apt-get install docker.io)"; exit 2; }
  # overlay2 where the kernel and filesystem allow it (a build step or a container start in about 0.1 s); vfs
  # otherwise (a full copy of the rootfs for each: seconds, but it works everywhere).
  local driver
  for driver in ${EXECWRAP_E2E_STORAGE_DRIVER:-overlay2 vfs}; do
    if launch "$driver"; then
      log "dockerd up (pid $(cat "$pidfile"), storage $driver, $socket)"
      echo "export DOCKER_HOST=unix://$socket"
      return
    fi
    log "dockerd did not come up with storage driver $driver; its log:"
    tail -n 20 "$state/dockerd.log" >&2 || true
    stop
  done
  exit 1
}

# Starts dockerd with one storage driver and waits (up to 60 s) until it answers.
launch() {
  mkdir -p "$state/data" "$state/exec"
  echo '{}' >"$state/daemon.json"
  # setsid: the engine outlives this script (and a Ctrl-C in the shell that started it); `stop` ends it.
  setsid dockerd --config-file "$state/daemon.json" \
    --iptables=false --ip6tables=false --bridge=none --storage-driver="$1" \
    --data-root "$state/data" --exec-root "$state/exec" --pidfile "$pidfile" \
    -H "unix://$socket" >"$state/dockerd.log" 2>&1 </dev/null &
  for _ in $(seq 1 120); do
    DOCKER_HOST="unix://$socket" docker info >/dev/null 2>&1 && return 0
    grep -q 'failed to start daemon' "$state/dockerd.log" 2>/dev/null && return 1
    sleep 0.5
  done
  return 1
}

stop() {
  [ -f "$pidfile" ] || { log "not running"; return 0; }
  local pid
  pid=$(cat "$pidfile")
  # Only the dockerd this script started (its pid file, and it is a dockerd with our data root).
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "--data-root $state/data"; then
    DOCKER_HOST="unix://$socket" docker ps -aq 2>/dev/null | xargs -r env DOCKER_HOST="unix://$socket" docker rm -f >/dev/null 2>&1 || true
    kill -TERM "$pid"
    for _ in $(seq 1 60); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "dockerd $pid did not stop in 30 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    log "dockerd $pid stopped"
  fi
  rm -f "$pidfile"
  # vfs layers are full copies of the rootfs: gigabytes after a run. Mounts left by the engine go first.
  if [ "${EXECWRAP_E2E_KEEP_STATE:-}" != 1 ]; then
    grep -o " $state/[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
    rm -rf "$state"
  fi
}

base() {
  local tag=debian:bookworm-slim
  if docker image inspect "$tag" >/dev/null 2>&1; then
    log "$tag is there"
    return
  fi
  # A registry, where one is reachable, is the quickest; here there is none, so the rootfs comes from debootstrap.
  if timeout 60 docker pull -q "$tag" >/dev/null 2>&1; then
    log "$tag pulled"
    return
  fi
  local tarball
  tarball="$cache/bookworm-minbase-$(date +%Y-%m).tar"
  if [ ! -s "$tarball" ]; then
    command -v debootstrap >/dev/null || { log "debootstrap is not installed (apt-get install debootstrap)"; exit 2; }
    mkdir -p "$cache"
    local root
    root=$(mktemp -d "$cache/rootfs.XXXXXX")
    log "debootstrap --variant=minbase bookworm (about a minute)"
    if ! debootstrap --variant=minbase bookworm "$root" >"$cache/debootstrap.log" 2>&1; then
      tail -n 20 "$cache/debootstrap.log" >&2
      rm -rf "$root"
      exit 1
    fi
    # Like the official slim image: no package lists (a Dockerfile runs apt-get update first).
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
    tar --numeric-owner -C "$root" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
    rm -rf "$root"
    # Older months' tarballs are not used again.
    find "$cache" -maxdepth 1 -name 'bookworm-minbase-*.tar' ! -path "$tarball" -delete
  fi
  docker import --change 'CMD ["bash"]' --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$tarball" "$tag" >/dev/null
  log "$tag imported from $tarball"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  base) base ;;
  *)
    echo "usage: $0 start|base|stop" >&2
    exit 2
    ;;
esac

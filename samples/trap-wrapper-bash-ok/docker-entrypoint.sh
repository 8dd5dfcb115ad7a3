#!/bin/bash
# Runs the API and the outbox relay side by side.
# - stop signals are forwarded to both (INT is sent on as TERM: background
#   children start with INT ignored)
# - if one of them dies, the other is stopped and the container exits
# - we only exit once both have really exited

pids=()
stopping=0

forward() {
    # forward once; a second TERM from the runtime should not double-signal
    [ "$stopping" = 1 ] && return
    stopping=1
    local pid
    for pid in "${pids[@]}"; do
        kill -s "$1" "$pid" 2>/dev/null || true
    done
}

# traps go first: a signal that arrives before them is lost
trap 'forward TERM' TERM
trap 'forward TERM' INT
trap 'forward QUIT' QUIT

: "${API_PORT:=8080}"
: "${RELAY_BATCH:=100}"

mkdir -p /var/lib/outbox /run/app
chown nobody:nogroup /var/lib/outbox

cat > /run/app/relay.toml <<EOF
[relay]
batch_size = ${RELAY_BATCH}
state_dir = "/var/lib/outbox"
EOF

# wait until child $1 has really exited and leave its status in $reaped.
# A trapped signal makes `wait` return >128 while the child still runs.
reap() {
    while :; do
        wait "$1"
        reaped=$?
        [ "$reaped" -lt 128 ] && return 0
        [ -e "/proc/$1" ] || return 0
    done
}

# children get default INT/QUIT back (bash only)
( trap - INT QUIT; exec /usr/local/bin/api --listen ":$API_PORT" ) &
pids+=("$!")
( trap - INT QUIT; exec /usr/local/bin/outbox-relay --config /run/app/relay.toml ) &
pids+=("$!")

# first child to exit, or a forwarded stop signal, ends this wait
wait -n "${pids[@]}"
forward TERM

rc=0
for pid in "${pids[@]}"; do
    reap "$pid"
    # report the first failure (143 = stopped by TERM counts as a clean stop)
    if [ "$rc" -eq 0 ] && [ "$reaped" -ne 143 ]; then
        rc=$reaped
    fi
done
exit "$rc"

#!/usr/bin/env bash
# Shared helpers for the entrypoints of all our images.
# Source it:   . /usr/local/lib/docker-functions.sh
# Nothing in here starts a process on its own.

_log() {
	local level="$1"; shift
	printf '%s [%s] [Entrypoint]: %s\n' "$(date --rfc-3339=seconds)" "$level" "$*"
}
log_note()  { _log Note "$@"; }
log_warn()  { _log Warn "$@" >&2; }
log_error() { _log ERROR "$@" >&2; exit 1; }

# is_true VALUE -> 0 for 1/true/yes/on (any case)
is_true() {
	case "${1,,}" in
		1|true|yes|on) return 0 ;;
		*) return 1 ;;
	esac
}

# file_env VAR [DEFAULT]: fill VAR from VAR_FILE if set
file_env() {
	local var="$1" fileVar="${1}_FILE" def="${2:-}"
	if [[ -n "${!var:-}" && -n "${!fileVar:-}" ]]; then
		log_error "both $var and $fileVar are set (but are exclusive)"
	fi
	local val="$def"
	if [[ -n "${!var:-}" ]]; then
		val="${!var}"
	elif [[ -n "${!fileVar:-}" ]]; then
		val="$(< "${!fileVar}")"
	fi
	export "$var"="$val"
	unset "$fileVar"
}

# wait_for_port HOST PORT [TIMEOUT]
wait_for_port() {
	local host="$1" port="$2" timeout="${3:-30}" i
	for ((i = 0; i < timeout; i++)); do
		if (: </dev/tcp/"$host"/"$port") 2>/dev/null; then
			return 0
		fi
		sleep 1
	done
	log_warn "timed out waiting for $host:$port"
	return 1
}

# render_template SRC DEST: replace {{VAR}} with the value of $VAR
render_template() {
	local src="$1" dest="$2" line var
	: > "$dest"
	while IFS= read -r line || [[ -n "$line" ]]; do
		while [[ "$line" =~ \{\{([A-Z_][A-Z0-9_]*)\}\} ]]; do
			var="${BASH_REMATCH[1]}"
			line="${line//\{\{$var\}\}/${!var:-}}"
		done
		printf '%s\n' "$line" >> "$dest"
	done < "$src"
}

# process_init_files DIR: run *.sh, source *.envsh
process_init_files() {
	local f
	for f in "$1"/*; do
		case "$f" in
			*.envsh) log_note "sourcing $f"; . "$f" ;;
			*.sh)    log_note "running $f"; "$f" ;;
			*)       log_note "ignoring $f" ;;
		esac
	done
}

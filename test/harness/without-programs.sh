#!/bin/sh
# Runs a command on this machine as if some programs were never installed, the way a fresh machine lacks them:
# in a private mount namespace, each folder of PATH that holds one of them is covered by an overlay whose upper
# layer has a whiteout (a character device 0/0) for it, so the name does not exist there at all (a file bound
# over it would still exist, and fail differently). Nothing changes outside the namespace. Needs root.
#
#   test/harness/without-programs.sh busybox tini dumb-init -- npx vitest run test/render
set -eu

if [ "${1:-}" != --inside ]; then
  scratch=$(mktemp -d "${TMPDIR:-/tmp}/execwrap-without-programs-XXXXXX")
  status=0
  unshare --mount --propagation private -- sh "$0" --inside "$scratch" "$@" || status=$?
  rmdir "$scratch" 2>/dev/null || :
  exit "$status"
fi

scratch=$2
shift 2
programs=
while [ $# -gt 0 ] && [ "$1" != -- ]; do
  programs="$programs $1"
  shift
done
[ "${1:-}" = -- ] && [ $# -gt 1 ] || { echo "usage: $0 PROGRAM... -- COMMAND..." >&2; exit 2; }
shift

mount -t tmpfs execwrap-whiteouts "$scratch"
folders=
for program in $programs; do
  old_ifs=$IFS
  IFS=:
  for dir in $PATH; do
    IFS=$old_ifs
    [ -n "$dir" ] && { [ -e "$dir/$program" ] || [ -L "$dir/$program" ]; } || continue
    real=$(realpath "$dir")
    key=$(printf '%s' "$real" | tr / _)
    mkdir -p "$scratch/upper$key" "$scratch/work$key"
    [ -e "$scratch/upper$key/$program" ] || mknod "$scratch/upper$key/$program" c 0 0
    case " $folders " in *" $real "*) ;; *) folders="$folders $real" ;; esac
  done
  IFS=$old_ifs
done
for real in $folders; do
  key=$(printf '%s' "$real" | tr / _)
  mount -t overlay execwrap-without-programs -o "lowerdir=$real,upperdir=$scratch/upper$key,workdir=$scratch/work$key" "$real"
done
for program in $programs; do
  if command -v "$program" >/dev/null 2>&1; then echo "$0: $program is still found: $(command -v "$program")" >&2; exit 2; fi
done
exec "$@"

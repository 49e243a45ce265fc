#!/bin/sh
# helgrind.sh - run the threads test under valgrind's helgrind: one engine
# shared by several threads must show no data race.
set -eu
: "${builddir:=.}"
command -v valgrind >/dev/null 2>&1 || { echo "helgrind: no valgrind; skipped"; exit 77; }
# valgrind cannot run a program built with a sanitizer (.ci/run sets this)
[ -z "${DP_SANITIZED:-}" ] || { echo "helgrind: sanitizer build; skipped"; exit 77; }
prog="$builddir/tests/unit/check_threads"
[ -x "$prog" ] || { echo "helgrind: $prog not built"; exit 1; }
CK_FORK=no exec valgrind --tool=helgrind --error-exitcode=3 -q "$prog"

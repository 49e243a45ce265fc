#!/bin/sh
# helgrind.sh - run the threads tests under valgrind's helgrind: one
# engine shared by several threads must show no data race, nor what each
# thread keeps for itself (its spare record and report, its labels, the
# arenas of its records).
set -eu
: "${builddir:=.}"
command -v valgrind >/dev/null 2>&1 || { echo "helgrind: no valgrind; skipped"; exit 77; }
# valgrind cannot run a program built with a sanitizer (.ci/run sets this)
[ -z "${DP_SANITIZED:-}" ] || { echo "helgrind: sanitizer build; skipped"; exit 77; }
prog="$builddir/tests/unit/check_threads"
[ -x "$prog" ] || { echo "helgrind: $prog not built"; exit 1; }
CK_FORK=no valgrind --tool=helgrind --error-exitcode=3 -q "$prog"
# the spare record and report of a thread, made on one thread and freed
# on another (check_record's "spare" case)
record="$builddir/tests/unit/check_record"
[ -x "$record" ] || { echo "helgrind: $record not built"; exit 1; }
CK_FORK=no CK_RUN_CASE=spare valgrind --tool=helgrind \
  --error-exitcode=3 -q "$record"
# records parsed into their arenas on one thread, freed on another, and
# the bundled cJSON's hooks set once for all threads (check_arena)
arena="$builddir/tests/unit/check_arena"
[ -x "$arena" ] || { echo "helgrind: $arena not built"; exit 1; }
CK_FORK=no CK_RUN_CASE=records exec valgrind --tool=helgrind \
  --error-exitcode=3 -q "$arena"

#!/bin/sh
# valgrind-check.sh - run the C test programs of a build tree under
# valgrind's memcheck: every tests/unit/check_* (with CK_FORK=no, so the
# tests run in the process valgrind watches), the fuzz-target replays
# fuzz/replay_* over their seeds and regression cases, and the bad-input
# corpus driver tests/bad-input/replay.  Any leak, invalid read or write,
# or use of uninitialised memory fails the run.
#
#   scripts/valgrind-check.sh [BUILDDIR]      (default _build)
#
# The build tree must have been built with `make check` (the programs are
# check_PROGRAMS).  scripts/valgrind.supp hides the vector reads of
# PCRE2's JIT code.  Compare jansson test/scripts/valgrind.sh.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
bld=${1:-_build}
case $bld in /*) ;; *) bld=$(pwd)/$bld ;; esac

command -v valgrind >/dev/null 2>&1 ||
  { echo "valgrind-check: valgrind not found (Debian package valgrind)"; exit 1; }
[ -d "$bld" ] || { echo "valgrind-check: no build tree $bld"; exit 1; }

cd "$bld"
make check TESTS= >/dev/null  # build the test programs, run nothing

srcdir=$top top_srcdir=$top builddir=$bld CK_FORK=no
export srcdir top_srcdir builddir CK_FORK

progs=
for p in tests/unit/check_* fuzz/replay_* tests/bad-input/replay; do
  case $p in *.o|*.log|*.trs|*.c|*.h) continue ;; esac
  [ -f "$p" ] && [ -x "$p" ] && progs="$progs $p"
done
[ -n "$progs" ] || { echo "valgrind-check: no test programs in $bld"; exit 1; }

failed=0
for p in $progs; do
  log=$bld/valgrind-$(echo "$p" | tr / -).log
  start=$(date +%s)
  # the libtool wrapper (if any) runs the real binary under valgrind
  if ./libtool --mode=execute valgrind -q --error-exitcode=3 \
       --suppressions="$top/scripts/valgrind.supp" \
       --leak-check=full --show-leak-kinds=definite,indirect \
       --errors-for-leak-kinds=definite,indirect \
       "$p" >"$log" 2>&1; then
    echo "valgrind ok   $p ($(($(date +%s) - start)) s)"
  else
    echo "valgrind FAIL $p (log: $log)"
    tail -n 40 "$log"
    failed=$((failed + 1))
  fi
done
[ "$failed" -eq 0 ] || { echo "valgrind-check: $failed program(s) failed"; exit 1; }
echo "valgrind-check: all clean"

#!/bin/sh
# fuzz/run.sh - build the libFuzzer targets and run each for a while.
#
#   fuzz/run.sh [SECONDS [TARGET...]]
#
# SECONDS per target (default 60); TARGET is record, csv, rules, date,
# label or ledger (default: all six, two at a time).  The build goes to
# _build-libfuzzer/ at the top of the tree (configure --enable-fuzzers
# with CC=clang and -fsanitize=fuzzer-no-link,address,undefined; the
# targets link with -fsanitize=fuzzer).  Each target starts from
# fuzz/corpus/<t>/ plus fuzz/regressions/<t>/, uses fuzz/dict/<t>.dict,
# and writes new inputs to _build-libfuzzer/corpus-<t>/ (the seed corpus
# is never touched) and crashes to _build-libfuzzer/crashes-<t>/.  The
# log of each run is _build-libfuzzer/fuzz-<t>.log; its last stat line is
# printed at the end.  Exit status 1 if any target found a crash, a leak
# or a timeout.
#
# Environment: CC (default clang), JOBS (targets run at once, default 2),
# FUZZ_FLAGS (more libFuzzer flags), FUZZ_BUILD (the build directory,
# default _build-libfuzzer).
set -eu

secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-record csv rules date label ledger}

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
bld=${FUZZ_BUILD:-$top/_build-libfuzzer}
jobs=${JOBS:-2}
cc=${CC:-clang}
san='-fsanitize=address,undefined -fno-sanitize-recover=all'

mkdir -p "$bld"
cd "$bld"
if [ ! -f Makefile ]; then
  [ -x "$top/configure" ] || (cd "$top" && autoreconf -fi)
  "$top/configure" --enable-fuzzers --disable-python --disable-shared \
    CC="$cc" \
    CFLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer-no-link $san" \
    LDFLAGS="$san" >configure.log ||
    { cat configure.log; exit 1; }
fi
make -j"$jobs" fuzz-targets >build.log 2>&1 || { cat build.log; exit 1; }

run_one() {
  t=$1
  mkdir -p "corpus-$t" "crashes-$t"
  # ASan's leak check runs after each input (-detect_leaks=1).
  # a target without regressions yet has no directory of them (git keeps
  # no empty directory), and libFuzzer stops at a missing one
  seeds="$top/fuzz/corpus/$t"
  [ -d "$top/fuzz/regressions/$t" ] && seeds="$seeds $top/fuzz/regressions/$t"
  ./fuzz/fuzz_"$t" "corpus-$t" $seeds \
    -dict="$top/fuzz/dict/$t.dict" \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 \
    -artifact_prefix="crashes-$t/" ${FUZZ_FLAGS:-} \
    >"fuzz-$t.log" 2>&1
}

status=0
set -- $targets
while [ $# -gt 0 ]; do
  pids=
  n=0
  while [ $# -gt 0 ] && [ $n -lt "$jobs" ]; do
    echo "fuzz: $1 for ${secs}s (log: $bld/fuzz-$1.log)"
    run_one "$1" &
    pids="$pids $!"
    n=$((n + 1))
    shift
  done
  for p in $pids; do wait "$p" || status=1; done
done

echo
for t in $targets; do
  last=$(grep -E '^#[0-9]+' "fuzz-$t.log" | tail -n 1 || true)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "fuzz-$t.log")
  crashes=$(ls "crashes-$t" | wc -l)
  echo "$t: executions ${runs:-?}, artifacts $crashes"
  echo "  $last"
done
exit $status

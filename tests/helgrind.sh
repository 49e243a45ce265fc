#!/bin/sh
# helgrind.sh - run the threads tests under valgrind's helgrind: one
# engine shared by several threads must show no data race, nor what each
# thread keeps for itself (its spare record and report, its labels, the
# arenas of its records); nor the validator's threads, each reading,
# checking and writing in turn.  tests/helgrind.supp lists what helgrind
# reports that is not a race.
set -eu
: "${builddir:=.}"
command -v valgrind >/dev/null 2>&1 || { echo "helgrind: no valgrind; skipped"; exit 77; }
# valgrind cannot run a program built with a sanitizer (.ci/run sets this)
[ -z "${DP_SANITIZED:-}" ] || { echo "helgrind: sanitizer build; skipped"; exit 77; }
: "${srcdir:=.}"
supp="--suppressions=$srcdir/tests/helgrind.supp"
prog="$builddir/tests/unit/check_threads"
[ -x "$prog" ] || { echo "helgrind: $prog not built"; exit 1; }
CK_FORK=no valgrind --tool=helgrind $supp --error-exitcode=3 -q "$prog"
# the spare record and report of a thread, made on one thread and freed
# on another (check_record's "spare" case)
record="$builddir/tests/unit/check_record"
[ -x "$record" ] || { echo "helgrind: $record not built"; exit 1; }
CK_FORK=no CK_RUN_CASE=spare valgrind --tool=helgrind $supp \
  --error-exitcode=3 -q "$record"
# records parsed into their arenas on one thread, freed on another, and
# the bundled cJSON's hooks set once for all threads (check_arena)
arena="$builddir/tests/unit/check_arena"
[ -x "$arena" ] || { echo "helgrind: $arena not built"; exit 1; }
CK_FORK=no CK_RUN_CASE=records valgrind --tool=helgrind $supp \
  --error-exitcode=3 -q "$arena"
# the validator's threads: every sample (JSON, JSON Lines, CSV, a ledger,
# a workbook it only names, bad input), 640 records in one JSON Lines
# file and 450 cases in one CSV log (events.csv's 3 cases 150 times),
# more than two batches each, so that the pieces of
# one input are taken, made into records, checked and written by
# different threads, and the reader is freed while pieces of it are still
# being made; its own exit status is 2 (the bad samples)
validate="$builddir/examples/dueproc-validate"
[ -x "$validate" ] || { echo "helgrind: $validate not built"; exit 1; }
big=helgrind-big.jsonl
: >"$big"
for i in $(seq 40); do cat "$srcdir/examples/records/nd-faulty.jsonl" >>"$big"; done
bigcsv=helgrind-big.csv
head -n 1 "$srcdir/examples/records/events.csv" >"$bigcsv"
for i in $(seq 150); do
  sed -n "2,\$s/^\([^,]*\)/\1-$i/p" "$srcdir/examples/records/events.csv"
done >>"$bigcsv"
rc=0
"$builddir/libtool" --mode=execute valgrind --tool=helgrind $supp \
  --error-exitcode=99 -q "$validate" -j 3 -f json --as-of 2026-12-01 \
  "$srcdir/examples/records" "$big" "$bigcsv" >/dev/null \
  2>helgrind-validate.err ||
  rc=$?
if [ "$rc" -eq 99 ] || [ "$rc" -gt 2 ]; then
  cat helgrind-validate.err
  echo "helgrind: dueproc-validate -j 3: exit $rc"
  exit 1
fi
rm -f helgrind-validate.err "$big" "$bigcsv"

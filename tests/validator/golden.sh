#!/bin/sh
# golden.sh - run dueproc-validate over every golden case in tests/cases/.
#
# A case is a directory tests/cases/<name>/ holding
#   input.json, input.jsonl, input.csv  one or more inputs.  With several,
#                  each alone must give expected.json: the same cases in
#                  different formats give the same findings;
#   args           optional: extra validator arguments on one line;
#                  @top_srcdir@ stands for the top of the source tree;
#   expected.json  --format json output (one line a record), byte for byte;
#   expected.txt   optional: --format text output, byte for byte;
#   expected.csv   optional: --format csv output, byte for byte;
#   expected.grep  optional: fixed strings, one a line, that the text
#                  output must contain;
#   expected.err   optional: fixed strings the standard error must contain;
#   expected.exit  the exit status (0, 1 or 2).
# The validator runs inside the case directory, so file names in messages
# are the plain names above.  Messages are Chinese (--lang zh) unless args
# say otherwise.  Each run is made with -j 1 and with -j 4, which must agree.
#
# DP_UPDATE_GOLDEN=1 rewrites the expected.* files that exist from the
# current output: check every change by hand before committing it.

. "${srcdir:-.}/tests/validator/common.sh"

cases=$top_srcdir/tests/cases
ncases=0
for dir in "$cases"/*/; do
  dir=${dir%/}
  name=${dir##*/}
  [ -f "$dir/expected.exit" ] || { dp_fail "$name: no expected.exit"; continue; }
  ncases=$((ncases + 1))
  args=
  if [ -f "$dir/args" ]; then
    args=$(sed "s|@top_srcdir@|$top_srcdir|g" "$dir/args")
  fi
  inputs=$(cd "$dir" && ls input.* 2>/dev/null)
  want_exit=$(cat "$dir/expected.exit")
  first=
  for inp in $inputs; do
    [ -n "$first" ] || first=$inp
    for j in 1 4; do
      out=$DP_TMP/$name.$inp.j$j
      # shellcheck disable=SC2086
      (cd "$dir" && "$VALIDATE" --lang zh -j $j -f json $args "$inp") \
        >"$out.json" 2>"$out.err"
      rc=$?
      if [ "$rc" != "$want_exit" ]; then
        dp_fail "$name ($inp, -j $j): exit $rc, expected $want_exit"
        cat "$out.err" >&2
      fi
      if [ "${DP_UPDATE_GOLDEN:-0}" = 1 ] && [ "$inp" = "$first" ] && [ $j = 1 ]; then
        cp "$out.json" "$dir/expected.json"
      fi
      if ! diff -u "$dir/expected.json" "$out.json" >&2; then
        dp_fail "$name ($inp, -j $j): JSON output differs from expected.json"
      fi
      if [ -f "$dir/expected.err" ]; then
        while IFS= read -r want; do
          [ -z "$want" ] && continue
          grep -F -q -e "$want" "$out.err" ||
            dp_fail "$name ($inp): standard error lacks: $want"
        done <"$dir/expected.err"
      fi
    done
  done
  # text and CSV output: the first input only (they name the file)
  [ -n "$first" ] || continue
  out=$DP_TMP/$name.text
  # shellcheck disable=SC2086
  (cd "$dir" && "$VALIDATE" --lang zh $args "$first") >"$out" 2>/dev/null
  rc=$?
  [ "$rc" = "$want_exit" ] || dp_fail "$name (text): exit $rc, expected $want_exit"
  if [ -f "$dir/expected.txt" ]; then
    [ "${DP_UPDATE_GOLDEN:-0}" = 1 ] && cp "$out" "$dir/expected.txt"
    diff -u "$dir/expected.txt" "$out" >&2 ||
      dp_fail "$name: text output differs from expected.txt"
  fi
  if [ -f "$dir/expected.grep" ]; then
    while IFS= read -r want; do
      [ -z "$want" ] && continue
      grep -F -q -e "$want" "$out" || dp_fail "$name: text output lacks: $want"
    done <"$dir/expected.grep"
  fi
  if [ -f "$dir/expected.csv" ]; then
    # shellcheck disable=SC2086
    (cd "$dir" && "$VALIDATE" --lang zh -f csv $args "$first") \
      >"$out.csv" 2>/dev/null
    [ "${DP_UPDATE_GOLDEN:-0}" = 1 ] && cp "$out.csv" "$dir/expected.csv"
    diff -u "$dir/expected.csv" "$out.csv" >&2 ||
      dp_fail "$name: CSV output differs from expected.csv"
  fi
done

[ "$ncases" -gt 0 ] || dp_fail "no golden cases under $cases"
echo "golden cases: $ncases, failures: $dp_fails"
[ "$dp_fails" -eq 0 ]

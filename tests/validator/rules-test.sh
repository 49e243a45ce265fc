#!/bin/sh
# rules-test.sh - dueproc-validate --test over the case files of the shipped
# rules and example overlays (each record carries the findings it should
# give), and a case file with one wrong expectation, which must fail with a
# diff that names its file, line and record.

. "${srcdir:-.}/tests/validator/common.sh"

V=$VALIDATE
T=$top_srcdir

# The validity cases are judged on a fixed day, not on the day the test runs.
"$V" --as-of 2026-12-01 --test "$T/tests/rules/defaults.cases.jsonl" >"$DP_TMP/d.out" 2>&1 ||
  { cat "$DP_TMP/d.out" >&2; dp_fail "defaults.cases.jsonl: exit $?"; }
grep -q 'rules no case exercised' "$DP_TMP/d.out" &&
  dp_fail "a default rule no case exercises: $(cat "$DP_TMP/d.out")"
for ov in example-city example-district; do
  "$V" --rules "$T/examples/overlays/$ov.rules" \
    --test "$T/examples/overlays/$ov.cases.jsonl" >"$DP_TMP/o.out" 2>&1 ||
    { cat "$DP_TMP/o.out" >&2; dp_fail "$ov.cases.jsonl: exit $?"; }
done

# one wrong expectation: city-2's comment is too short, not too long
sed 's/\["too_short","public_comment","nd.comment-7wd"\]/["too_long","public_comment"]/' \
  "$T/examples/overlays/example-city.cases.jsonl" >"$DP_TMP/wrong.jsonl"
"$V" --rules "$T/examples/overlays/example-city.rules" \
  --test "$DP_TMP/wrong.jsonl" >"$DP_TMP/w.out" 2>&1
rc=$?
[ $rc = 1 ] || dp_fail "a wrong expectation: exit $rc, expected 1"
grep -F -q "wrong.jsonl:2: city-2: expected but not found: [too_long, public_comment]; found but not expected: [too_short, public_comment, nd.comment-7wd]" \
  "$DP_TMP/w.out" || dp_fail "no readable diff: $(cat "$DP_TMP/w.out")"
grep -q '^5 cases, 4 agree, 1 disagree$' "$DP_TMP/w.out" ||
  dp_fail "no count of the cases: $(cat "$DP_TMP/w.out")"

# the same validity cases a year later: a document valid to 2027 has run out
"$V" --as-of 2027-12-01 --test "$T/tests/rules/defaults.cases.jsonl" >"$DP_TMP/d2.out" 2>&1
[ $? = 1 ] || dp_fail "--as-of 2027-12-01 changed nothing"
grep -F -q "case-validity-10: found but not expected: [overdue, cleanup, nd.validity-expired]" \
  "$DP_TMP/d2.out" || dp_fail "as of 2027-12-01: $(cat "$DP_TMP/d2.out")"

# a record without "expect" is a failure of the case file, not a pass
printf '%s\n' '{"id":"x","procedure":"normative_document","events":[]}' \
  >"$DP_TMP/none.jsonl"
"$V" --test "$DP_TMP/none.jsonl" >"$DP_TMP/n.out" 2>&1
rc=$?
[ $rc = 1 ] || dp_fail "a case without expect: exit $rc, expected 1"
grep -q 'no "expect"' "$DP_TMP/n.out" || dp_fail "no word of the missing expect"

echo "rule tests: failures: $dp_fails"
[ "$dp_fails" -eq 0 ]

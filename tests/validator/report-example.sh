#!/bin/sh
# report-example.sh - doc/examples/report.html is the HTML report the
# validator writes now for examples/records/: regenerate it and compare
# byte for byte.  `make report-example` rewrites it (and its screenshot).

. "${srcdir:-.}/tests/validator/common.sh"

sh "$top_srcdir/scripts/gen-report-example.sh" "$VALIDATE" "$top_srcdir" \
  >"$DP_TMP/report.html" || dp_fail "gen-report-example.sh failed"
if ! cmp -s "$DP_TMP/report.html" "$top_srcdir/doc/examples/report.html"; then
  diff -u "$top_srcdir/doc/examples/report.html" "$DP_TMP/report.html" |
    head -40 >&2
  dp_fail "doc/examples/report.html is stale: run 'make report-example'"
fi
echo "report example: failures: $dp_fails"
[ "$dp_fails" -eq 0 ]

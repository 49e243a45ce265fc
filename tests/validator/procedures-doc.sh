#!/bin/sh
# procedures-doc.sh - doc/procedures.md is what the rule files say:
# regenerate it from the loaded default rules and compare byte for byte.
# `make procedures-doc` rewrites it after a change to lib/rules/.

. "${srcdir:-.}/tests/validator/common.sh"

sh "$top_srcdir/scripts/gen-procedures-doc.sh" "$VALIDATE" "$top_srcdir" \
  >"$DP_TMP/procedures.md" || dp_fail "gen-procedures-doc.sh failed"
if ! cmp -s "$DP_TMP/procedures.md" "$top_srcdir/doc/procedures.md"; then
  diff -u "$top_srcdir/doc/procedures.md" "$DP_TMP/procedures.md" | head -40 >&2
  dp_fail "doc/procedures.md differs from the rules: run 'make procedures-doc'"
fi
grep -q '^| `nd.review-before-decision` |' "$DP_TMP/procedures.md" ||
  dp_fail "the generated tables lack nd.review-before-decision"
grep -q '2022-03-12起' "$DP_TMP/procedures.md" ||
  dp_fail "the generated tables show no span of a basis"
echo "procedures doc: failures: $dp_fails"
[ "$dp_fails" -eq 0 ]

#!/bin/sh
# readme-example.sh - the C example in README.md compiles against the
# built library and prints the findings it promises.
set -eu
: "${top_srcdir:=.}"
: "${builddir:=.}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# the first ```c block of the README
awk '/^```c$/ {on=1; next} on && /^```$/ {exit} on {print}' \
  "$top_srcdir/README.md" > "$tmp/example.c"
[ -s "$tmp/example.c" ] || { echo "readme: no C example found"; exit 1; }
${CC:-cc} -std=c11 -Wall -Werror -I"$top_srcdir/include" "$tmp/example.c" \
  -o "$tmp/example" "$builddir/lib/.libs/libdueproc.so" \
  -Wl,-rpath,"$(cd "$builddir/lib/.libs" && pwd)"
"$tmp/example" > "$tmp/out.txt"
cat "$tmp/out.txt"
# the example's record has an assessment and a decision only: the review
# is missing and the decision came before it could happen
for rule in nd.comment nd.review nd.publication nd.filing; do
  grep -q "^missing *$rule " "$tmp/out.txt" ||
    { echo "readme: no missing $rule"; exit 1; }
done
# what happened is not reported missing
if grep -q 'nd.assessment\|nd.decision ' "$tmp/out.txt"; then
  echo "readme: a step that happened is reported"; exit 1
fi
grep -q '依据：《地方各级人民代表大会和地方各级人民政府组织法》第七十五条' "$tmp/out.txt"
echo "readme: the C example builds and reports"

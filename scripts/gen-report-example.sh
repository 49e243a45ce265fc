#!/bin/sh
# gen-report-example.sh - the HTML report of the shipped samples
# (examples/records/), committed as doc/examples/report.html, and the
# screenshot of it the README shows, doc/examples/report.png.
#
#   sh scripts/gen-report-example.sh VALIDATOR SRCDIR [PNG]
#
# writes the page on standard output; with PNG, also renders it with
# headless chromium into that file.  `make report-example` rewrites both;
# tests/validator/report-example.sh fails when the committed page is not
# what the validator writes now.  The page does not depend on the day it
# is made: the samples' validity is judged as of a fixed day (--as-of),
# and the records' paths are relative to SRCDIR, where the validator runs.
set -eu
validator=$1
srcdir=$2
png=${3:-}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dp-report.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
out=$tmp/report.html
(cd "$srcdir" && "$validator" --lang zh --format html --no-progress \
  --as-of 2026-12-01 \
  examples/records/) >"$out" || [ $? -le 2 ]
if [ -n "$png" ]; then
  chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$tmp/profile" --hide-scrollbars --window-size=1000,1300 \
    --screenshot="$png" "file://$out" >/dev/null 2>&1
fi
cat "$out"

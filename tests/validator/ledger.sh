#!/bin/sh
# ledger.sh - ledgers (台账, doc/ledger.md) through dueproc-validate: the
# shipped sample read by its header, with -i ledger, from standard input,
# in GB18030; its verdicts; a bad cell named by file, line and column;
# unknown columns on stderr with the nearest name, and --ledger-map
# naming them; a bad mapping file; -i csv on a ledger; Excel workbooks
# named as such (exit 2).

. "${srcdir:-.}/tests/validator/common.sh"

R=$top_srcdir/examples/records
L=$R/ledger-qingchuan.csv
V=$VALIDATE

# --- the sample: 22 records, its faults ---------------------------------------
"$V" --as-of 2026-12-01 -f json --lang en "$L" >"$DP_TMP/auto.json" 2>"$DP_TMP/auto.err"
rc=$?
[ $rc = 1 ] || dp_fail "sample ledger: exit $rc, expected 1"
[ -s "$DP_TMP/auto.err" ] && dp_fail "sample ledger: stderr: $(cat "$DP_TMP/auto.err")"
n=$(wc -l <"$DP_TMP/auto.json")
[ "$n" = 22 ] || dp_fail "sample ledger: $n records, expected 22"
ok=$(grep -c '"ok":true' "$DP_TMP/auto.json")
[ "$ok" = 12 ] || dp_fail "sample ledger: $ok records without error, expected 12"
for want in \
    'qc-nd-01","procedure":"normative_document","ok":true,"findings":\[\]' \
    'qc-nd-03.*"code":"missing","severity":"error","step":"public_comment"' \
    'qc-nd-04.*"code":"too_short".*"rule":"nd.comment-market-30d"' \
    'qc-nd-05.*"code":"overdue".*"rule":"nd.filing-30d"' \
    'qc-nd-06.*"code":"after_rejection".*"rule":"nd.review-passed"' \
    'qc-nd-07.*"code":"out_of_order".*"rule":"nd.review-before-decision"' \
    'qc-nd-10.*"code":"incomplete".*"rule":"nd.filing","message":"filing is not recorded' \
    'qc-md-02.*"code":"too_short".*"rule":"md.comment-30d"' \
    'qc-md-03.*"code":"after_rejection".*"rule":"md.risk-controllable"' \
    'qc-md-04.*"code":"missing".*"rule":"md.expert"' \
    'qc-md-08.*ledger-qingchuan.csv:23: column T .公布日期.: .2023-02-30. is not a date'; do
  grep -q "$want" "$DP_TMP/auto.json" || dp_fail "sample ledger: no line matching $want"
done

# -i ledger, -j 4, standard input: the same
"$V" --as-of 2026-12-01 -f json --lang en -i ledger "$L" >"$DP_TMP/explicit.json" 2>&1
cmp -s "$DP_TMP/auto.json" "$DP_TMP/explicit.json" ||
  dp_fail "-i ledger differs from the format found by the header"
"$V" --as-of 2026-12-01 -f json --lang en -j 4 "$L" >"$DP_TMP/j4.json" 2>&1
cmp -s "$DP_TMP/auto.json" "$DP_TMP/j4.json" || dp_fail "-j 4 differs"
sed "s#$L:#<stdin>:#g" "$DP_TMP/auto.json" >"$DP_TMP/want-stdin.json"
"$V" --as-of 2026-12-01 -f json --lang en - <"$L" >"$DP_TMP/stdin.json" 2>&1
cmp -s "$DP_TMP/want-stdin.json" "$DP_TMP/stdin.json" ||
  dp_fail "a ledger on standard input differs from the file"
if printf 'x' | iconv -f UTF-8 -t GB18030 >/dev/null 2>&1; then
  mkdir "$DP_TMP/gbk"
  iconv -f UTF-8 -t GB18030 "$L" >"$DP_TMP/gbk/ledger-qingchuan.csv"
  (cd "$R/.." && "$V" --as-of 2026-12-01 -f json --lang en records/ledger-qingchuan.csv) \
    >"$DP_TMP/utf8.json" 2>&1
  (cd "$DP_TMP/gbk" && "$V" --as-of 2026-12-01 -f json --lang en ledger-qingchuan.csv) \
    >"$DP_TMP/gbk.json" 2>"$DP_TMP/gbk.err"
  sed 's#records/ledger-qingchuan.csv#ledger-qingchuan.csv#g' \
    "$DP_TMP/utf8.json" | cmp -s - "$DP_TMP/gbk.json" ||
    dp_fail "the ledger in GB18030 gives other findings"
  grep -q 'read as GB18030' "$DP_TMP/gbk.err" ||
    dp_fail "the GB18030 ledger: no note of the encoding"
fi

# --- the text report names the bad cell -----------------------------------------
"$V" --lang zh "$L" >"$DP_TMP/zh.txt" 2>&1
grep -q '✗ malformed  record.date  .*ledger-qingchuan.csv:23: T 列“公布日期”：“2023-02-30”不是有效日期' \
  "$DP_TMP/zh.txt" || dp_fail "text report: the bad cell is not named"

# --- unknown columns, --ledger-map ---------------------------------------------------
cat >"$DP_TMP/t.csv" <<'CSV'
编号,文件类型,公布日期,备按日期,承办科室
t-1,行政规范性文件,2023-04-10,2023-04-20,法规科
CSV
"$V" --as-of 2026-12-01 -f json --lang en "$DP_TMP/t.csv" >"$DP_TMP/t.json" 2>"$DP_TMP/t.err"
grep -q "t.csv: ledger column D '备按日期' is not a known column (did you mean '备案日期'?); not read" \
  "$DP_TMP/t.err" || dp_fail "unknown column: not on stderr with the nearest name: $(cat "$DP_TMP/t.err")"
[ "$(grep -c '^dueproc-validate: ' "$DP_TMP/t.err")" = 2 ] ||
  dp_fail "unknown columns: not one prefixed line each"
grep -q "t.csv:2: column D '备按日期': not a known column" "$DP_TMP/t.json" ||
  dp_fail "unknown column with a value: no finding in the record"
printf '# our names\ncolumn 备按日期 filing date\nignore 承办科室\n' >"$DP_TMP/ours.map"
"$V" --as-of 2026-12-01 -f json --lang en --ledger-map "$DP_TMP/ours.map" "$DP_TMP/t.csv" \
  >"$DP_TMP/t2.json" 2>"$DP_TMP/t2.err"
[ -s "$DP_TMP/t2.err" ] && dp_fail "--ledger-map: still said: $(cat "$DP_TMP/t2.err")"
grep -q '"step":"filing"' "$DP_TMP/t2.json" && grep -q 'nd.filing' "$DP_TMP/t2.json" &&
  dp_fail "--ledger-map: the filing column is not read"
printf 'column 备按日期 filling date\n' >"$DP_TMP/bad.map"
"$V" --lang en --ledger-map "$DP_TMP/bad.map" "$DP_TMP/t.csv" >/dev/null 2>"$DP_TMP/bad.err"
rc=$?
[ $rc = 2 ] || dp_fail "a bad mapping file: exit $rc, expected 2"
grep -q "bad.map:1:21: unknown step 'filling'" "$DP_TMP/bad.err" ||
  dp_fail "a bad mapping file: $(cat "$DP_TMP/bad.err")"

# --- asked for an event log: the event log's header error -----------------------------
"$V" --lang en -i csv "$L" >/dev/null 2>"$DP_TMP/csv.err"
rc=$?
[ $rc = 2 ] || dp_fail "-i csv on a ledger: exit $rc, expected 2"
grep -q 'no date column' "$DP_TMP/csv.err" || dp_fail "-i csv on a ledger: $(cat "$DP_TMP/csv.err")"

# --- Excel workbooks --------------------------------------------------------------------
X=$R/ledger-qingchuan.xlsx
"$V" --lang en "$X" >"$DP_TMP/x.out" 2>"$DP_TMP/x.err"
rc=$?
[ $rc = 2 ] || dp_fail "xlsx: exit $rc, expected 2"
[ -s "$DP_TMP/x.out" ] && dp_fail "xlsx: something on stdout"
grep -q "ledger-qingchuan.xlsx: an Excel workbook (.xlsx), not a CSV or JSON file.  Save it in Excel or WPS as 'CSV UTF-8 (Comma delimited)'.*python3 -m dueproc_cli" \
  "$DP_TMP/x.err" || dp_fail "xlsx (en): $(cat "$DP_TMP/x.err")"
"$V" --lang zh "$X" 2>"$DP_TMP/xz.err" >/dev/null
grep -q "这是 Excel 工作簿（.xlsx），不是 CSV 或 JSON 文件。请在 Excel 或 WPS 中“另存为”“CSV UTF-8（逗号分隔）”" \
  "$DP_TMP/xz.err" || dp_fail "xlsx (zh): $(cat "$DP_TMP/xz.err")"
printf '\320\317\021\340\241\261\032\341 old' >"$DP_TMP/old.csv"
"$V" --lang en "$DP_TMP/old.csv" >/dev/null 2>"$DP_TMP/xls.err"
rc=$?
[ $rc = 2 ] || dp_fail "xls: exit $rc, expected 2"
grep -q "old.csv: an Excel workbook (.xls)" "$DP_TMP/xls.err" ||
  dp_fail "xls: $(cat "$DP_TMP/xls.err")"
# a good file beside it is still checked
"$V" -f json "$X" "$L" 2>/dev/null | wc -l | grep -q '^22$' ||
  dp_fail "xlsx beside a CSV: the CSV is not checked"

# in a directory: a workbook is named (a note) and not read; the CSV is
mkdir "$DP_TMP/dir"
cp "$L" "$X" "$DP_TMP/dir/"
"$V" --as-of 2026-12-01 -f json --lang en "$DP_TMP/dir" >"$DP_TMP/dir.json" 2>"$DP_TMP/dir.err"
rc=$?
[ $rc = 1 ] || dp_fail "a directory with a workbook: exit $rc, expected 1"
[ "$(wc -l <"$DP_TMP/dir.json")" = 22 ] || dp_fail "a directory with a workbook: not 22 records"
grep -q "dir/ledger-qingchuan.xlsx: an Excel workbook, not read" "$DP_TMP/dir.err" ||
  dp_fail "a directory with a workbook: $(cat "$DP_TMP/dir.err")"

echo "ledger: failures: $dp_fails"
[ "$dp_fails" = 0 ]

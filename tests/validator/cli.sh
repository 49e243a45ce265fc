#!/bin/sh
# cli.sh - options of dueproc-validate that golden cases cannot show:
# empty inputs (records.md §8.9), --in-progress and --as-of (§8.6), the
# names -p takes (§8.10), and the language of --help and of messages
# (--lang before or after them, or the locale).

. "${srcdir:-.}/tests/validator/common.sh"

V=$VALIDATE
T=$DP_TMP
R=$top_srcdir/examples/records

# expect EXIT DESC CMD...: run CMD with stdout and stderr in $T/out, $T/err
expect() {
  want=$1
  desc=$2
  shift 2
  "$@" >"$T/out" 2>"$T/err"
  rc=$?
  if [ "$rc" != "$want" ]; then
    dp_fail "$desc: exit $rc, expected $want"
    sed 's/^/  stderr: /' "$T/err" >&2
  fi
}
# has FILE DESC STRING: FILE contains the fixed STRING
has() {
  grep -F -q -e "$3" "$1" || dp_fail "$2: lacks '$3'"
}
hasnt() {
  if grep -F -q -e "$3" "$1"; then dp_fail "$2: has '$3'"; fi
}

GOOD='{"id":"g-1","procedure":"normative_document","doc_number":"平政〔2023〕5号","events":[{"step":"assessment","date":"2023-03-01"},{"step":"public_comment","start":"2023-03-06","end":"2023-04-07"},{"step":"legality_review","start":"2023-04-10","end":"2023-04-14","result":"pass"},{"step":"collective_decision","date":"2023-04-18","meeting":"市政府常务会议"},{"step":"publication","date":"2023-04-20"},{"step":"filing","date":"2023-05-10"}]}'

# --- empty input: said on stderr, in the --lang language; exit 2 ----------
mkdir "$T/in" "$T/in/emptydir" "$T/in/dir"
: >"$T/in/empty.json"
: >"$T/in/empty.jsonl"
printf '\n  \n' >"$T/in/blank.jsonl"
echo '[]' >"$T/in/array.json"
printf 'case_id,procedure,step,date\n' >"$T/in/header.csv"
echo "$GOOD" >"$T/in/good.jsonl"
: >"$T/in/dir/a.json"
echo 'not a record file' >"$T/in/dir/notes.txt"

cd "$T/in" || exit 99
for f in empty.json empty.jsonl blank.jsonl array.json header.csv; do
  for j in 1 3; do
    expect 2 "$f (-j $j)" "$V" -j $j --lang en "$f"
    has "$T/err" "$f (-j $j)" "dueproc-validate: $f: no record"
    [ -s "$T/out" ] && dp_fail "$f (-j $j): output on stdout"
    expect 2 "$f (zh, -j $j)" "$V" -j $j --lang zh "$f"
    has "$T/err" "$f (zh)" "dueproc-validate: $f：没有记录"
  done
done
expect 2 "an empty directory" "$V" --lang en emptydir
has "$T/err" "an empty directory" "emptydir: no record files"
expect 2 "an empty directory (zh)" "$V" --lang zh emptydir
has "$T/err" "an empty directory (zh)" "emptydir：目录中没有记录文件"
expect 2 "a directory of empty files" "$V" --lang en dir
has "$T/err" "a directory of empty files" "dir/a.json: no record"
expect 2 "empty standard input" "$V" --lang en - </dev/null
has "$T/err" "empty standard input" "standard input: no record"
expect 2 "empty standard input (zh)" "$V" --lang zh - </dev/null
has "$T/err" "empty standard input (zh)" "标准输入：没有记录"
expect 2 "a CSV header on standard input" "$V" --lang en -i csv - <header.csv
has "$T/err" "a CSV header on standard input" "standard input: no record"
# an empty input beside a good one: said, and the run goes by the good one
for j in 1 3; do
  expect 0 "empty beside good (-j $j)" "$V" -j $j --lang en -f json \
    empty.json emptydir good.jsonl array.json
  has "$T/err" "empty beside good" "empty.json: no record"
  has "$T/err" "empty beside good" "array.json: no record"
  has "$T/out" "empty beside good" '"id":"g-1"'
  # in input order
  awk '/empty.json/ {a=NR} /emptydir/ {b=NR} /array.json/ {c=NR}
       END {exit !(a && b && c && a < b && b < c)}' "$T/err" ||
    dp_fail "empty beside good (-j $j): messages not in input order"
done
expect 0 "--summary counts empty inputs" "$V" --lang en -s empty.json good.jsonl
has "$T/out" "--summary" "1  input without a record"
cd "$top_srcdir" || exit 99

# --- --summary: compliant + with errors + unreadable = records read ---------
echo '{"id":"np","events":[]}' >"$T/np0.jsonl"
for j in 1 3; do
  "$V" -j $j --lang en -s "$R" "$T/np0.jsonl" >"$T/sum" 2>/dev/null
  awk '/records read$/ {r=$1} / compliant$/ {c=$1} /with errors$/ {e=$1}
       / unreadable$/ {u=$1}
       END {exit !(r > 0 && c + e + u == r)}' "$T/sum" ||
    dp_fail "--summary (-j $j): compliant + errors + unreadable != read"
  # the same counts in the JSON summary (on standard error with -f json)
  "$V" -j $j --lang en -f json -s "$R" "$T/np0.jsonl" >/dev/null 2>"$T/sum.json"
  /usr/bin/python3 -c '
import json, sys
s = json.loads([l for l in open(sys.argv[1]) if l.startswith("{")][-1])
assert s["records"] > 0
assert s["compliant"] + s["with_errors"] + s["unreadable"] == s["records"], s
assert sum(g["records"] for g in s["by_authority"]) == s["records"]
assert sum(g["records"] for g in s["by_year"]) == s["records"]
assert sum(g["records"] for g in s["by_procedure"]) == s["records"]
assert sum(r["findings"] for r in s["by_rule"]) == s["findings"]
' "$T/sum.json" || dp_fail "--summary -f json (-j $j): counts do not add up"
done
cd "$T/in" || exit 99
cd "$top_srcdir" || exit 99

# --- --in-progress, --as-of ---------------------------------------------------
# begun in 2023, nothing after the comment period: as of any later day no
# step is due yet, so not missing; checked as finished, four are missing
echo '{"id":"ip-1","procedure":"normative_document","events":[{"step":"assessment","date":"2023-03-01"},{"step":"public_comment","start":"2023-03-06","end":"2023-04-07"}]}' >"$T/ip.jsonl"
expect 1 "a record in progress checked as finished" "$V" -f json "$T/ip.jsonl"
has "$T/out" "as finished" '"code":"missing"'
expect 0 "--in-progress (as of today)" "$V" -f json --in-progress "$T/ip.jsonl"
hasnt "$T/out" "--in-progress" '"code":"missing"'
expect 0 "--in-progress --as-of" "$V" -f json --in-progress --as-of 2023-05-01 "$T/ip.jsonl"
# --as-of alone is the day of the check, not "unfinished"
expect 1 "--as-of alone" "$V" -f json --as-of 2023-05-01 "$T/ip.jsonl"
has "$T/out" "--as-of alone" '"code":"missing"'
# a deadline that has passed as of the day: overdue
echo '{"id":"ip-2","procedure":"normative_document","doc_number":"平政〔2023〕5号","events":[{"step":"assessment","date":"2023-03-01"},{"step":"public_comment","start":"2023-03-06","end":"2023-04-07"},{"step":"legality_review","start":"2023-04-10","end":"2023-04-14","result":"pass"},{"step":"collective_decision","date":"2023-04-18","meeting":"市政府常务会议"},{"step":"publication","date":"2023-04-20"}]}' >"$T/ip2.jsonl"
expect 0 "not yet overdue" "$V" -f json --in-progress --as-of 2023-05-10 "$T/ip2.jsonl"
# (its severity is the rule's: exit 0 for a warning, 1 for an error)
"$V" -f json --in-progress --as-of=2023-06-01 "$T/ip2.jsonl" >"$T/out" 2>"$T/err"
rc=$?
[ $rc = 0 ] || [ $rc = 1 ] || dp_fail "overdue as of the day: exit $rc"
has "$T/out" "overdue as of the day" '"code":"overdue"'
for d in 2023-02-30 2023-5-1 20230501 2023-05-01x yesterday ''; do
  expect 2 "--as-of '$d'" "$V" --lang en --as-of "$d" "$T/ip.jsonl"
  has "$T/err" "--as-of '$d'" "--as-of wants a date YYYY-MM-DD, not '$d'"
  [ -s "$T/out" ] && dp_fail "--as-of '$d': output on stdout"
done
expect 2 "--as-of, zh" "$V" --lang zh --as-of 2023-13-01 "$T/ip.jsonl"
has "$T/err" "--as-of, zh" "--as-of 应为 YYYY-MM-DD 形式的日期，而不是“2023-13-01”"

# --- -p: keys and titles, in either language -----------------------------------
echo '{"id":"np","events":[{"step":"assessment","date":"2023-03-01"}]}' >"$T/np.jsonl"
for name in major_decision 重大行政决策 'major administrative decision'; do
  expect 1 "-p '$name'" "$V" -f json -p "$name" "$T/np.jsonl"
  has "$T/out" "-p '$name'" '"procedure":"major_decision"'
  hasnt "$T/out" "-p '$name'" invalid_record
  hasnt "$T/err" "-p '$name'" "-p/--procedure"
done
for name in normative_document 行政规范性文件 'administrative normative document'; do
  expect 1 "--procedure '$name'" "$V" -f json --procedure "$name" "$T/np.jsonl"
  has "$T/out" "--procedure '$name'" '"procedure":"normative_document"'
done
expect 2 "-p unknown" "$V" --lang en -p 行政许可 "$T/np.jsonl"
has "$T/err" "-p unknown" "unknown procedure '行政许可' (known: normative_document (administrative normative document), major_decision (major administrative decision), regulation (government rule), enforcement_decision (major enforcement decision), administrative_agreement (administrative agreement))"
expect 2 "-p unknown, zh" "$V" --lang zh -p permit "$T/np.jsonl"
has "$T/err" "-p unknown, zh" "未知程序“permit”（可选：normative_document（行政规范性文件），major_decision（重大行政决策），regulation（政府规章），enforcement_decision（重大执法决定），administrative_agreement（行政机关合同））"
# a procedure loaded from a rule file is named by its title too
cat >"$T/permit.rules" <<'EOF'
procedure permit "行政许可" "administrative permit"
rule p.filing
  require filing
  basis "示例"
end
EOF
expect 1 "-p, a procedure of a rule file" "$V" -f json -r "$T/permit.rules" -p 行政许可 "$T/np.jsonl"
has "$T/out" "-p of a rule file" '"procedure":"permit"'
# without -p: the invalid_record finding, and one hint on stderr
cat "$T/np.jsonl" "$T/np.jsonl" >"$T/np2.jsonl"
for j in 1 3; do
  expect 2 "no procedure, no -p (-j $j)" "$V" -j $j --lang en -f json "$T/np2.jsonl"
  has "$T/out" "no procedure" "the record has no procedure"
  n=$(grep -c -- '-p/--procedure' "$T/err")
  [ "$n" = 1 ] || dp_fail "no procedure, no -p (-j $j): $n hint lines, expected 1"
  has "$T/err" "no procedure" "records without a procedure: 2; use -p/--procedure NAME"
done
# CSV: the same fill-in
printf 'case_id,step,date\nnp,assessment,2023-03-01\n' >"$T/np.csv"
expect 1 "-p on CSV" "$V" -f json -p 重大行政决策 "$T/np.csv"
has "$T/out" "-p on CSV" '"procedure":"major_decision"'
expect 2 "CSV without procedure, no -p" "$V" --lang en -f json "$T/np.csv"
has "$T/err" "CSV without procedure" "-p/--procedure NAME"

# --- --help and messages follow --lang, wherever it is --------------------------
"$V" --help >"$T/help.en" || dp_fail "--help: exit $?"
has "$T/help.en" "--help" "Usage: dueproc-validate"
for args in "--help --lang zh" "--lang zh --help" "-h -l zh" "--help --lang=zh"; do
  # shellcheck disable=SC2086
  "$V" $args >"$T/help" || dp_fail "$args: exit $?"
  has "$T/help" "$args" "用法：dueproc-validate"
  hasnt "$T/help" "$args" "Usage:"
done
LANG=zh_CN.UTF-8 "$V" --help >"$T/help"
has "$T/help" "--help in a zh locale" "用法："
LANG=zh_CN.UTF-8 "$V" --help --lang en >"$T/help"
has "$T/help" "--help --lang en in a zh locale" "Usage:"
# the two say the same options
grep -o -e '--[a-z-]*' "$T/help.en" | sort -u >"$T/opts.en"
LANG=zh_CN.UTF-8 "$V" --help | grep -o -e '--[a-z-]*' | sort -u >"$T/opts.zh"
cmp -s "$T/opts.en" "$T/opts.zh" || dp_fail "--help: the zh and en texts name different options"
expect 2 "a usage error, zh" "$V" -f bogus --lang zh x
has "$T/err" "a usage error, zh" "未知的输出格式“bogus”"
has "$T/err" "a usage error, zh" "详见 'dueproc-validate --help'"
expect 2 "no input, zh" "$V" --lang zh
has "$T/err" "no input, zh" "没有输入"

# --- the text report: a data finding's note ------------------------------------
"$V" --lang en "$R/broken.jsonl" >"$T/broken.en" 2>/dev/null
has "$T/broken.en" "text, en" "      note: 见记录格式说明"
hasnt "$T/broken.en" "text, en" "basis: 见记录格式说明"
"$V" --lang zh "$R/broken.jsonl" >"$T/broken.zh" 2>/dev/null
has "$T/broken.zh" "text, zh" "      说明：见记录格式说明"
hasnt "$T/broken.zh" "text, zh" "依据：见记录格式说明"

# --- --summary: the validity of normative documents ---------------------------
# counted from valid_until and from the findings of a `validity expired`
# rule (here an overlay of this test's own), as of --as-of
cat >"$T/validity.rules" <<'EOF'
overlay normative_document
rule new test.validity-expired
  validity expired unless cleanup or renewal within 6 months
  severity warning
  basis "x"
end
EOF
for u in 2023-06-30 2024-05-31 2024-07-02 2027-01-01; do
  printf '{"id":"v-%s","procedure":"normative_document","valid_until":"%s","events":[{"step":"collective_decision","date":"2020-02-20","meeting":"常务会议"},{"step":"publication","date":"2020-02-29"}]}\n' "$u" "$u"
done >"$T/validity.jsonl"
"$V" --lang en -s --rules "$T/validity.rules" --as-of 2024-01-01 \
  "$T/validity.jsonl" >"$T/validity.out" 2>&1
has "$T/validity.out" "validity" "validity of normative documents (as of 2024-01-01):"
has "$T/validity.out" "validity" "       4  with a validity date"
has "$T/validity.out" "validity" "       1  expiring within 6 months"
has "$T/validity.out" "validity" "       1  past their date without clean-up"
"$V" --lang en -s "$R/nd-faulty.jsonl" "$R/md-cases.json" >"$T/novalidity.out" 2>&1
hasnt "$T/novalidity.out" "no validity" "validity of normative documents"
# --bom, and the HTML page escapes what the records say
"$V" -f csv --bom "$T/validity.jsonl" 2>/dev/null | head -c 3 | od -An -tx1 |
  grep -q 'ef bb bf' || dp_fail "--bom: no byte order mark"
printf '{"id":"<x>","procedure":"normative_document","title":"<script>alert(1)</script>","events":[]}\n' \
  >"$T/escape.jsonl"
"$V" -f html "$T/escape.jsonl" >"$T/escape.html" 2>/dev/null
hasnt "$T/escape.html" "html" "<script>alert"
has "$T/escape.html" "html" "&lt;script&gt;alert(1)&lt;/script&gt;"
has "$T/escape.html" "html" '<details data-id="&lt;x&gt;">'

echo "validator options: failures: $dp_fails"
[ "$dp_fails" -eq 0 ]

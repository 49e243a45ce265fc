#!/bin/sh
# samples.sh - the shipped sample records (examples/records/) and the
# validator's behaviour around them: every finding code of records.md §6
# is produced, -j gives the same output as one thread, standard input,
# exit codes, --summary, --list-rules, a large batch with broken lines.
#
# The samples are fictional (titles marked 示例):
#   nd-compliant.json  the records.md example, one object: compliant
#   nd-faulty.jsonl    normative documents: missing steps, out of order,
#                      short comment (7 working days; 30 days for market
#                      entities), late filing, decision after a failed review,
#                      bad doc number, unsigned experts, impossible date,
#                      over-long review, comment without dates, no meeting,
#                      urgent with a reason (compliant)
#   md-cases.json      major decisions, an array: compliant, uncontrollable
#                      risk, meeting not 常务会议/全体会议, hearing required,
#                      short comment and review, expert review after the
#                      legality review began, not archived, confidential
#   events.csv         a process-mining event log: case:concept:name,
#                      concept:name, time:timestamp, ISO date-times, rows of
#                      a case not contiguous, a label column, attr.* columns
#   pds-seed.jsonl     records modelled on the items of the 平顶山市法治政府
#                      建设实施方案（2022-2025年）: 平政〔2022〕N号, labels,
#                      年月日 dates, a review failed then passed
#   broken.jsonl       unreadable lines between good records (exit 2)
#   more-procedures.jsonl  a government rule, enforcement decisions and
#                      administrative agreements, compliant and faulty
#   nd-validity.jsonl  normative documents with a period of validity: run
#                      out without a clean-up, cleaned up in time, too long
#                      for a provisional document, still valid

. "${srcdir:-.}/tests/validator/common.sh"

R=$top_srcdir/examples/records
V=$VALIDATE

# --- every finding code appears in the samples ------------------------------
"$V" -f json --lang zh "$R" >"$DP_TMP/all.json" 2>"$DP_TMP/all.err"
rc=$?
[ $rc = 2 ] || dp_fail "samples: exit $rc, expected 2 (broken.jsonl holds unreadable records)"
for code in missing out_of_order too_short too_long overdue after_rejection \
            incomplete malformed invalid_record; do
  grep -q "\"code\":\"$code\"" "$DP_TMP/all.json" ||
    dp_fail "samples: no finding with code $code"
done
for sev in error warning; do
  grep -q "\"severity\":\"$sev\"" "$DP_TMP/all.json" ||
    dp_fail "samples: no finding with severity $sev"
done
nrec=$(wc -l <"$DP_TMP/all.json")

# --- threads keep input order --------------------------------------------------
for fmt in json text csv; do
  "$V" -j 1 -f $fmt "$R" >"$DP_TMP/j1.$fmt" 2>/dev/null
  "$V" -j 4 -f $fmt "$R" >"$DP_TMP/j4.$fmt" 2>/dev/null
  cmp -s "$DP_TMP/j1.$fmt" "$DP_TMP/j4.$fmt" ||
    dp_fail "samples: -j 4 output ($fmt) differs from -j 1"
done

# --- exit codes ---------------------------------------------------------------
"$V" "$R/nd-compliant.json" >/dev/null 2>&1
rc=$?; [ $rc = 0 ] || dp_fail "nd-compliant.json: exit $rc, expected 0"
"$V" "$R/nd-faulty.jsonl" >/dev/null 2>&1
rc=$?; [ $rc = 1 ] || dp_fail "nd-faulty.jsonl: exit $rc, expected 1"
"$V" "$R/broken.jsonl" >/dev/null 2>&1
rc=$?; [ $rc = 2 ] || dp_fail "broken.jsonl: exit $rc, expected 2"
"$V" "$R/nd-compliant.json" "$DP_TMP/no-such-file.json" >/dev/null 2>&1
rc=$?; [ $rc = 2 ] || dp_fail "a missing input: exit $rc, expected 2"

# --- standard input: the same findings as the file ---------------------------
# (messages of data findings name their source: the file, or <stdin>)
"$V" -f json "$R/nd-faulty.jsonl" 2>/dev/null |
  sed "s#$R/nd-faulty.jsonl:#<stdin>:#g" >"$DP_TMP/file.json"
"$V" -f json - <"$R/nd-faulty.jsonl" >"$DP_TMP/stdin.json" 2>/dev/null
grep -q '<stdin>:' "$DP_TMP/stdin.json" ||
  dp_fail "stdin: data findings do not name <stdin>"
cmp -s "$DP_TMP/file.json" "$DP_TMP/stdin.json" ||
  dp_fail "stdin: JSON Lines read from - differ from the file"
"$V" -f json "$R/events.csv" >"$DP_TMP/file.json" 2>/dev/null
"$V" -f json --input-format csv - <"$R/events.csv" >"$DP_TMP/stdin.json" 2>/dev/null
cmp -s "$DP_TMP/file.json" "$DP_TMP/stdin.json" ||
  dp_fail "stdin: a CSV log read from - differs from the file"

# --- text output: the date explanation and the citation -----------------------
"$V" --lang zh "$R/nd-faulty.jsonl" >"$DP_TMP/faulty.txt" 2>/dev/null
for want in '公开征求意见 2023年3月6日至3月13日，共6个工作日，少于7个工作日' \
            '依据：《市县法治政府建设示范指标体系》第24项；地方规定（待核实）' \
            '✗ pds-nd-103  示例：征求意见期限过短  [normative_document]'; do
  grep -F -q -e "$want" "$DP_TMP/faulty.txt" || dp_fail "text output lacks: $want"
done
if grep -q "$(printf '\033')" "$DP_TMP/faulty.txt"; then
  dp_fail "text output to a file has colour escapes"
fi

# --- --summary ----------------------------------------------------------------
"$V" --lang en --summary "$R" >"$DP_TMP/summary.err" 2>/dev/null
grep -q "^ *$nrec  records read$" "$DP_TMP/summary.err" ||
  dp_fail "summary: records read is not $nrec"
grep -q "^ *4  unreadable$" "$DP_TMP/summary.err" ||
  dp_fail "summary: unreadable is not 4"
grep -q "^findings by rule:$" "$DP_TMP/summary.err" ||
  dp_fail "summary: no findings by rule"
grep -q "^records by authority (records, compliant, rate, findings):$" "$DP_TMP/summary.err" ||
  dp_fail "summary: no records by authority"
for by in "year of decision" procedure; do
  grep -q "^records by $by (records, compliant, rate, findings):$" "$DP_TMP/summary.err" ||
    dp_fail "summary: no records by $by"
done
# a rule's description beside its id
grep -q "^ *[0-9][0-9]*  nd.filing-30d  .*30" "$DP_TMP/summary.err" ||
  dp_fail "summary: nd.filing-30d without its description"

# --- CSV output: a header, and every record has a row ---------------------------
"$V" -f csv "$R" >"$DP_TMP/all.csv" 2>/dev/null
head -n 1 "$DP_TMP/all.csv" | grep -q '^file,line,id,procedure,ok,code,severity,step,other,event,rule,message,basis,verified$' ||
  dp_fail "csv: wrong header"
for id in pds-2022-012 pds-md-208 pds-csv-301 pds-nd-112; do
  grep -q ",$id," "$DP_TMP/all.csv" || dp_fail "csv: no row for compliant record $id"
done

# --- --list-rules: every rule, with its basis --------------------------------
nrules=$(cat "$top_srcdir"/lib/rules/*.rules | grep -c '^rule ')
"$V" --list-rules -f json >"$DP_TMP/rules.json" || dp_fail "--list-rules failed"
n=$(grep -c '"basis":"[^"]' "$DP_TMP/rules.json")
[ "$n" = "$nrules" ] || dp_fail "--list-rules: $n rules with a basis, expected $nrules"
"$V" --list-rules --lang zh | grep -q '依据：' || dp_fail "--list-rules (text) shows no basis"

# --- a large batch with broken lines: every good record is reported -------------
i=0
: >"$DP_TMP/big.jsonl"
while [ $i -lt 40 ]; do
  cat "$R/nd-faulty.jsonl" "$R/pds-seed.jsonl" >>"$DP_TMP/big.jsonl"
  echo '{"id":"broken", "procedure":' >>"$DP_TMP/big.jsonl"
  i=$((i + 1))
done
good=$(grep -c '"events"' "$DP_TMP/big.jsonl")
"$V" -j 8 -f json "$DP_TMP/big.jsonl" >"$DP_TMP/big8.json" 2>/dev/null
rc=$?; [ $rc = 2 ] || dp_fail "big batch: exit $rc, expected 2"
"$V" -j 1 -f json "$DP_TMP/big.jsonl" >"$DP_TMP/big1.json" 2>/dev/null
cmp -s "$DP_TMP/big1.json" "$DP_TMP/big8.json" || dp_fail "big batch: -j 8 differs from -j 1"
n=$(grep -c '"id":"pds-' "$DP_TMP/big8.json")
[ "$n" = "$good" ] || dp_fail "big batch: $n good records reported, expected $good"

# --- many batches: a thread whose batch is checked before the one ahead of it
# parks it and goes on; the output stays in input order -------------------
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do cat "$DP_TMP/big.jsonl"; done >"$DP_TMP/many.jsonl"
"$V" -j 1 -f json "$DP_TMP/many.jsonl" >"$DP_TMP/many1.json" 2>"$DP_TMP/many1.err"
for j in 2 3 8; do
  "$V" -j $j -f json "$DP_TMP/many.jsonl" >"$DP_TMP/many$j.json" 2>"$DP_TMP/many$j.err"
  cmp -s "$DP_TMP/many1.json" "$DP_TMP/many$j.json" ||
    dp_fail "many batches: -j $j output differs from -j 1"
  cmp -s "$DP_TMP/many1.err" "$DP_TMP/many$j.err" ||
    dp_fail "many batches: -j $j messages differ from -j 1"
done
n=$(grep -c '"code":"invalid_record"' "$DP_TMP/big8.json")
[ "$n" = 40 ] || dp_fail "big batch: $n unreadable records reported, expected 40"

# --- every option of --help is in the man page --------------------------------
man=$top_srcdir/doc/dueproc-validate.1
sed 's/\\//g' "$man" >"$DP_TMP/man.txt"
for opt in $("$V" --help | grep -o -e '--[a-z-]*' | sort -u); do
  grep -q -F -e "$opt" "$DP_TMP/man.txt" ||
    dp_fail "man page does not document $opt"
done

# --- the README shows real output ------------------------------------------------
# each "$ ./examples/dueproc-validate ..." block of the validator section
# and of the validity section, run again from the top of the tree, prints
# what the README says
awk '/^## (The validator|Validity and clean-up)/ {on=1; next} /^## / {on=0} on {print}' \
  "$top_srcdir/README.md" >"$DP_TMP/readme.md"
nblocks=0
while IFS= read -r cmd; do
  nblocks=$((nblocks + 1))
  awk -v c="$cmd" '$0 == c {on=1; next} on && /^```$/ {exit} on {print}' \
    "$DP_TMP/readme.md" >"$DP_TMP/readme.want"
  args=${cmd#\$ ./examples/dueproc-validate }
  args=${args% > findings.jsonl}
  args=${args% > report.html}
  # shellcheck disable=SC2086
  (cd "$top_srcdir" && "$V" $args 2>&1 >/dev/null) >"$DP_TMP/readme.err"
  (cd "$top_srcdir" && "$V" $args 2>/dev/null) >"$DP_TMP/readme.out"
  case $cmd in
  *'> findings.jsonl' | *'> report.html') got=$DP_TMP/readme.err ;;
  *) got=$DP_TMP/readme.out ;;
  esac
  diff -u "$DP_TMP/readme.want" "$got" >&2 ||
    dp_fail "README: the output shown for '$cmd' is not what it prints"
done <<EOT
$(grep '^\$ ./examples/dueproc-validate ' "$DP_TMP/readme.md")
EOT
[ "$nblocks" -ge 1 ] || dp_fail "README: no validator example found"

echo "sample records: $nrec, failures: $dp_fails"
[ "$dp_fails" -eq 0 ]

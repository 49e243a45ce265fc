#!/bin/sh
# forms.sh - one event log written in the forms real spreadsheets and
# systems give it (records.md §8.7, §8.8, §8.11) gives the same findings,
# record by record.
#
# From one CSV source and one JSON Lines source below, each variant is
# made here: UTF-8, GB18030 (iconv), UTF-8 with a BOM, CRLF line ends,
# Chinese header names, the spreadsheet date forms (2022/3/5, 2022.4.8,
# 2022年4月28日, 2022-5-6), date-times as Excel writes them (2022/3/5
# 0:00), and all of these together.  Each is checked by dueproc-validate
# -f json (with -j 1 and -j 4) in a directory of its own under the same
# file name, so the messages (which name the file and line) must agree
# byte for byte with the plain variant's; so must the exit status.
#
# Skipped (77) when iconv(1) is missing or cannot convert to GB18030.

. "${srcdir:-.}/tests/validator/common.sh"

printf 'x' | iconv -f UTF-8 -t GB18030 >/dev/null 2>&1 ||
  { echo "forms: no iconv(1) converting to GB18030; skipped"; exit 77; }

# ---------------------------------------------------------------------
# The sources: several cases, compliant and not, rows of a case apart,
# steps by name and by label.

cat >"$DP_TMP/source.csv" <<'EOF'
case_id,procedure,activity,date,start,end,result,meeting,label,title,authority,doc_number,attr.affects_market,by
pds-2022-012,normative_document,assessment,2022-03-01,,,,,,示例：平顶山市城市管理办法,平顶山市人民政府,平政〔2022〕12号,true,
pds-2022-012,normative_document,fair_competition_review,2022-03-03,,,,,,,,,,
pds-2022-013,normative_document,起草单位开展调研评估,2022-03-02,,,,,,示例：征求意见期限不足,平顶山市人民政府,平政〔2022〕13号,true,
pds-2022-012,normative_document,在市政府网站公开征求意见,,2022-03-05,2022-04-05,,,,,,,,
pds-2022-013,normative_document,public_comment,,2022-03-07,2022-03-20,,,,,,,,
pds-2022-012,normative_document,市司法局出具合法性审核意见书,,2022-04-08,2022-04-20,pass,,,,,,,市司法局
pds-md-301,major_decision,public_comment,,2022-02-01,2022-03-02,,,,示例：重大行政决策未经风险评估,平顶山市人民政府,,,
pds-2022-013,normative_document,collective_decision,2022-04-11,,,,市政府常务会议,,,,,,
pds-2022-012,normative_document,,2022-04-28,,,,,市政府第15次常务会议审议通过,,,,,
pds-2022-013,normative_document,legality_review,,2022-04-12,2022-04-22,pass,,,,,,,市司法局
pds-md-301,major_decision,legality_review,,2022-03-07,2022-03-18,fail,,,,,,,
pds-md-301,major_decision,collective_decision,2022-03-29,,,,市政府第12次常务会议,,,,,,
pds-2022-012,normative_document,publication,2022-05-06,,,,,,,,,,
pds-2022-013,normative_document,在《平顶山市人民政府公报》刊登,2022-05-10,,,,,,,,,,
pds-2022-012,normative_document,filing,2022-05-20,,,,,,,,,,
pds-md-301,major_decision,publication,2022-04-06,,,,,,,,,,
pds-2022-013,normative_document,报市人大常委会备案,2022-07-15,,,,,,,,,,
EOF

cat >"$DP_TMP/source.jsonl" <<'EOF'
{"id":"pds-2022-012","procedure":"normative_document","title":"示例：平顶山市城市管理办法","doc_number":"平政〔2022〕12号","attributes":{"affects_market":true},"events":[{"step":"assessment","date":"2022-03-01"},{"step":"fair_competition_review","date":"2022-03-03"},{"label":"在市政府网站公开征求意见","start":"2022-03-05","end":"2022-04-05"},{"label":"市司法局出具合法性审核意见书","start":"2022-04-08","end":"2022-04-20","result":"pass"},{"label":"市政府第15次常务会议审议通过","date":"2022-04-28"},{"step":"publication","date":"2022-05-06"},{"step":"filing","date":"2022-05-20"}]}
{"id":"pds-2022-013","procedure":"normative_document","title":"示例：征求意见期限不足","events":[{"label":"起草单位开展调研评估","date":"2022-03-02"},{"step":"public_comment","start":"2022-03-07","end":"2022-03-20"},{"step":"collective_decision","date":"2022-04-11","meeting":"市政府常务会议"},{"step":"legality_review","start":"2022-04-12","end":"2022-04-22","result":"pass"},{"label":"在《平顶山市人民政府公报》刊登","date":"2022-05-10"},{"label":"报市人大常委会备案","date":"2022-07-15"}]}
EOF

# ---------------------------------------------------------------------
# The variants

# make_variant EXT NAME PIPELINE: NAME/log.EXT from source.EXT through
# PIPELINE, made of the filters below
make_variant() {
  mkdir -p "$DP_TMP/$2"
  sh -c "$filters $3" <"$DP_TMP/source.$1" >"$DP_TMP/$2/log.$1" ||
    dp_fail "cannot make variant $2"
}

# Chinese header names; the date forms (March 2022/3/5, April 2022.4.8 and,
# from the 20th, 2022年4月28日, May 2022-5-6); Excel's date-times; CRLF; a
# BOM; GB18030.
filters='
zh_headers() { sed "1s/.*/编号,程序,环节,日期,开始日期,结束日期,结果,会议,说明,标题,制定机关,发文字号,attr.affects_market,by/"; }
sheet_dates() { sed -E -e "s#(20[0-9]{2})-03-0?([0-9]{1,2})#\1/3/\2#g" -e "s#(20[0-9]{2})-04-(2[0-9]|3[01])#\1年4月\2日#g" -e "s#(20[0-9]{2})-04-0?([0-9]{1,2})#\1.4.\2#g" -e "s#(20[0-9]{2})-05-0?([0-9]{1,2})#\1-5-\2#g"; }
sheet_datetimes() { sed -E "s#(20[0-9]{2})-0?([0-9]{1,2})-0?([0-9]{1,2})#\1/\2/\3 0:00#g"; }
crlf() { sed "s/\$/\r/"; }
bom() { printf "\357\273\277"; cat; }
gb() { iconv -f UTF-8 -t GB18030; }
'

ncompared=0
# check EXT VARIANT FILTER: the variant's findings are the plain one's
check() {
  ext=$1 name=$2 filter=$3
  make_variant "$ext" "$name" "$filter"
  for j in 1 4; do
    out=$DP_TMP/$name.j$j
    (cd "$DP_TMP/$name" && "$VALIDATE" --lang en -j $j -f json "log.$ext") \
      >"$out.json" 2>"$out.err"
    rc=$?
    [ "$rc" = "$base_rc" ] ||
      dp_fail "$name ($ext, -j $j): exit $rc, the plain log's is $base_rc"
    if ! cmp -s "$base.json" "$out.json"; then
      # record by record: which ones differ
      n=0
      while IFS= read -r want && IFS= read -r got <&3; do
        n=$((n + 1))
        [ "$want" = "$got" ] && continue
        id=$(printf '%s\n' "$want" | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
        dp_fail "$name ($ext, -j $j): record $n ($id) differs"
        printf '  want: %s\n  got:  %s\n' "$want" "$got" >&2
      done <"$base.json" 3<"$out.json"
      [ "$(wc -l <"$base.json")" = "$(wc -l <"$out.json")" ] ||
        dp_fail "$name ($ext, -j $j): $(wc -l <"$out.json") records, want $(wc -l <"$base.json")"
      cat "$out.err" >&2
    fi
    ncompared=$((ncompared + 1))
  done
}

for ext in csv jsonl; do
  make_variant "$ext" "plain-$ext" "cat"
  base=$DP_TMP/plain-$ext
  (cd "$base" && "$VALIDATE" --lang en -j 1 -f json "log.$ext") \
    >"$base.json" 2>"$base.err"
  base_rc=$?
  # the plain log is not all compliant: there are findings to agree on
  [ "$base_rc" = 1 ] || dp_fail "plain $ext log: exit $base_rc, want 1"
  [ "$(wc -l <"$base.json")" -ge 2 ] || dp_fail "plain $ext log: too few records"
  grep -q '"ok":true' "$base.json" || dp_fail "plain $ext log: no compliant record"
  grep -q '"ok":false' "$base.json" || dp_fail "plain $ext log: no record with an error"
  check "$ext" "gb18030-$ext" "gb"
  check "$ext" "bom-$ext" "bom"
  check "$ext" "crlf-$ext" "crlf"
  check "$ext" "dates-$ext" "sheet_dates"
  check "$ext" "datetimes-$ext" "sheet_datetimes"
  check "$ext" "crlf-gb18030-$ext" "crlf | gb"
  [ "$ext" = csv ] || continue
  check csv "zh-headers-csv" "zh_headers"
  check csv "everything-csv" "zh_headers | sheet_dates | crlf | gb"
  check csv "everything-bom-csv" "zh_headers | sheet_datetimes | crlf | bom"
done

# the variants really differ from the plain log
cmp -s "$DP_TMP/plain-csv/log.csv" "$DP_TMP/everything-csv/log.csv" &&
  dp_fail "the variants are the plain log"
grep -q '2022年4月28日' "$DP_TMP/dates-csv/log.csv" ||
  dp_fail "the date forms were not made"

echo "forms: $ncompared runs compared, failures: $dp_fails"
[ "$dp_fails" -eq 0 ]

#!/bin/sh
# html-browser.sh - the HTML report as a browser shows it.
#
# Renders the report of the shipped samples with Debian's headless
# chromium, checks the rendered DOM against the validator's own JSON output
# (records, compliant records, the non-compliant ones each in a collapsed
# <details>, the findings by rule, one section per authority that the list
# of links reaches), in Chinese and in English, and takes a screenshot.
# Then 10 000 generated records (bench/gen.py): the page stays small and
# chromium loads it (a loose bound only; timing belongs in bench/).
#
# Skipped (exit 77) without chromium or /usr/bin/python3; scripts/
# install-deps.sh installs chromium and fonts-noto-cjk.

. "${srcdir:-.}/tests/validator/common.sh"

CHROMIUM=
for c in chromium chromium-browser; do
  if command -v "$c" >/dev/null 2>&1; then
    CHROMIUM=$c
    break
  fi
done
if [ -z "$CHROMIUM" ]; then
  echo "html-browser: no chromium (apt-get install chromium fonts-noto-cjk,"
  echo "as scripts/install-deps.sh does); skipped"
  exit 77
fi
PY=/usr/bin/python3
[ -x "$PY" ] || { echo "html-browser: no $PY; skipped"; exit 77; }

# one profile for the run, in the temporary directory
browse() {
  timeout "${DP_BROWSER_TIMEOUT:-300}" "$CHROMIUM" --headless --no-sandbox \
    --disable-gpu --no-first-run --user-data-dir="$DP_TMP/profile" "$@" \
    2>>"$DP_TMP/chromium.err"
}

R=$top_srcdir/examples/records
for lang in zh en; do
  "$VALIDATE" --lang $lang -f json "$R" >"$DP_TMP/$lang.jsonl" 2>/dev/null
  "$VALIDATE" --lang $lang -f html "$R" >"$DP_TMP/$lang.html" 2>/dev/null
  browse --dump-dom "file://$DP_TMP/$lang.html" >"$DP_TMP/$lang.dom" ||
    { dp_fail "chromium could not render the $lang report"; continue; }
  "$PY" - "$DP_TMP/$lang.jsonl" "$DP_TMP/$lang.dom" "$lang" <<'EOF' ||
import collections, html.parser, json, sys

recs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
lang = sys.argv[3]
bad = [r for r in recs if not r["ok"]]
by_rule = collections.Counter(f["rule"] for r in recs for f in r["findings"])

class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.text_of, self.details, self.open_details = {}, {}, [], 0
        self.rule_rows, self.links, self.sections = {}, [], []
        self.cur_id, self.cur_rule, self.cells, self.in_td = None, None, [], False
        self.svg_text = []
        self.in_svg_text = False
        self.lang = None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            self.ids[a["id"]] = tag
            self.cur_id = a["id"]
            self.text_of[a["id"]] = ""
        if tag == "details":
            self.details.append(a.get("data-id"))
            if "open" in a:
                self.open_details += 1
        if tag == "tr" and "data-rule" in a:
            self.cur_rule, self.cells = a["data-rule"], []
        if tag == "td" and self.cur_rule:
            self.in_td = True
            self.cells.append("")
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag == "section" and "authority" in a.get("class", ""):
            self.sections.append(a["id"])
        if tag == "text":
            self.in_svg_text = True
    def handle_endtag(self, tag):
        if self.cur_id and self.ids.get(self.cur_id) == tag:
            self.cur_id = None
        if tag == "tr" and self.cur_rule:
            self.rule_rows[self.cur_rule] = self.cells
            self.cur_rule = None
        if tag == "td":
            self.in_td = False
        if tag == "text":
            self.in_svg_text = False
    def handle_data(self, data):
        if self.cur_id in self.text_of:
            self.text_of[self.cur_id] += data
        if self.in_td and self.cells:
            self.cells[-1] += data
        if self.in_svg_text:
            self.svg_text.append(data)

d = Dom()
d.feed(open(sys.argv[2], encoding="utf-8").read())
fails = []
def want(cond, what):
    if not cond:
        fails.append(what)

want(d.lang == ("zh-CN" if lang == "zh" else "en"), "lang attribute %r" % d.lang)
want(d.text_of.get("n-records", "").strip() == str(len(recs)),
     "records: %r, want %d" % (d.text_of.get("n-records"), len(recs)))
want(d.text_of.get("n-compliant", "").strip() == str(len(recs) - len(bad)),
     "compliant: %r, want %d" % (d.text_of.get("n-compliant"), len(recs) - len(bad)))
rate = "%.1f%%" % (100.0 * (len(recs) - len(bad)) / len(recs))
want(d.text_of.get("rate", "").strip() == rate, "rate %r, want %s" % (d.text_of.get("rate"), rate))
want(sorted(x or "" for x in d.details) == sorted(r["id"] or "" for r in bad),
     "details: %d, want one a non-compliant record (%d)" % (len(d.details), len(bad)))
want(d.open_details == 0, "%d records shown open" % d.open_details)
for rule, n in by_rule.items():
    row = d.rule_rows.get(rule)
    want(row is not None and row[1].strip() == str(n),
         "rule %s: row %r, want %d findings" % (rule, row, n))
want(len(d.rule_rows) == len(by_rule), "rule rows %d, want %d" % (len(d.rule_rows), len(by_rule)))
want(d.sections and all(s in d.links for s in d.sections), "authority sections not all linked")
want(all(l in d.ids for l in d.links), "a link to nowhere")
want("chart" in d.ids and d.svg_text, "no chart")
if lang == "zh":
    want(any("征求意见" in t for t in d.svg_text), "no Chinese in the chart")
    want("按机关" in open(sys.argv[2], encoding="utf-8").read(), "no 按机关")
for f in fails:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
EOF
    dp_fail "$lang report: the rendered page does not show what the JSON output says"
done

# a screenshot with Chinese text (kept when DP_KEEP_SCREENSHOT names a file)
shot=${DP_KEEP_SCREENSHOT:-$DP_TMP/report.png}
browse --hide-scrollbars --window-size=1200,1600 --screenshot="$shot" \
  "file://$DP_TMP/zh.html" >/dev/null
if [ "$(head -c 4 "$shot" 2>/dev/null | od -An -c | tr -d ' \n')" != '211PNG' ]; then
  dp_fail "no screenshot"
fi

# --- 10 000 records ------------------------------------------------------------
"$PY" "$top_srcdir/bench/gen.py" --seed 15 10000 "$DP_TMP/big.jsonl" >/dev/null ||
  dp_fail "bench/gen.py failed"
"$VALIDATE" --lang zh -f html "$DP_TMP/big.jsonl" >"$DP_TMP/big.html" 2>/dev/null
size=$(wc -c <"$DP_TMP/big.html")
# about 1 KB a non-compliant record and less for the rest: 10 MB is far
# beyond what it should take
if [ "$size" -gt 10000000 ]; then
  dp_fail "10 000 records: the page has $size bytes"
fi
browse --dump-dom "file://$DP_TMP/big.html" >"$DP_TMP/big.dom" ||
  dp_fail "10 000 records: chromium did not load the page"
grep -q '<b id="n-records">10000</b>' "$DP_TMP/big.dom" ||
  dp_fail "10 000 records: the rendered page does not count them"
echo "10 000 records: $size bytes of HTML"

echo "html-browser: failures: $dp_fails"
[ "$dp_fails" -eq 0 ]

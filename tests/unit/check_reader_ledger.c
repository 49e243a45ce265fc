/*
 * check_reader_ledger.c - ledgers (台账, read_ledger.c, doc/ledger.md):
 * every kind of column the map knows, blank cells (not recorded) and none
 * words (did not happen), periods in one cell in each accepted form, bad
 * cells named by file, line and column, unknown columns with the nearest
 * name, mapping files and their errors, and telling a ledger from an event
 * log by its header.
 */
#define DP_TEST_ENGINE_FIXTURE
#include "util.h"

/* The records of a text (at most 8), the end code, error and note. */
typedef struct got {
  dp_record *r[8];
  size_t n;
  int end;
  size_t unreadable;
  dp_format fmt;
  dp_error err;
  char note[1024];
} got;

static void read_with(got *g, const char *text, dp_format fmt,
                      const dp_ledger_map *m) {
  memset(g, 0, sizeof *g);
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, text, strlen(text),
                                         "ledger.csv", fmt, &g->err),
                   0);
  if (m) ck_assert_int_eq(dp_reader_set_ledger_map(rd, m), 0);
  dp_record *r;
  while ((g->end = dp_reader_next(rd, &r, &g->err)) == 1) {
    ck_assert_uint_lt(g->n, 8);
    g->r[g->n++] = r;
  }
  g->unreadable = dp_reader_unreadable(rd);
  g->fmt = dp_reader_format(rd);
  const char *note = dp_reader_note(rd, DP_LANG_EN);
  snprintf(g->note, sizeof g->note, "%s", note ? note : "");
  dp_reader_free(rd);
}

static void read_ledger(got *g, const char *text) {
  read_with(g, text, DP_FORMAT_LEDGER, NULL);
}

static void got_free(got *g) {
  for (size_t i = 0; i < g->n; i++) dp_record_free(g->r[i]);
  g->n = 0;
}

/* Checked as a normative document when the row names no procedure. */
static dp_report *check(const dp_record *r) {
  dp_report *rep = NULL;
  dp_check_options o = {"normative_document", 0, DP_NO_DATE};
  ck_assert_int_eq(dp_check(eng, r,
                            dp_record_get(r, "procedure") ? NULL : &o, &rep),
                   0);
  return rep;
}

/* The index of the event of step `step`, -1 if none. */
static int event_of(const dp_record *r, const char *step) {
  for (size_t i = 0; i < dp_record_event_count(r); i++) {
    const char *s = dp_event_get(r, i, "step");
    if (s && strcmp(s, step) == 0) return (int)i;
  }
  return -1;
}

static int is_unknown(const dp_record *r, const char *step) {
  for (size_t i = 0; i < r->nunknown; i++)
    if (strcmp(r->unknown[i], step) == 0) return 1;
  return 0;
}

#define ck_event_eq(r, step, field, want)                                 \
  do {                                                                    \
    int i_ = event_of((r), (step));                                       \
    ck_assert_msg(i_ >= 0, "no event of %s", (step));                     \
    const char *v_ = dp_event_get((r), (size_t)i_, (field));              \
    ck_assert_msg(v_ && strcmp(v_, (want)) == 0, "%s %s: '%s', want '%s'", \
                  (step), (field), v_ ? v_ : "(null)", (want));           \
  } while (0)

#define ck_str_has(hay, needle)                                           \
  ck_assert_msg(strstr((hay), (needle)) != NULL, "'%s' not in '%s'",      \
                (needle), (hay))

/* ---------------------------------------------------------------------
 * Columns
 * ------------------------------------------------------------------- */

START_TEST(record_fields) {
  got g;
  read_ledger(&g, "编号,文件名称,制定机关,发文字号,文件类型,公布日期\n"
                  "a-1,某办法,青川市人民政府,青政〔2023〕1号,规范性文件,2023-04-10\n"
                  "a-2,某决策,青川市人民政府,,重大行政决策,2023-04-11\n"
                  "a-3,某规章,青川市人民政府,,major_decision,2023-04-12\n");
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 3);
  ck_assert_str_eq(dp_record_get(g.r[0], "id"), "a-1");
  ck_assert_str_eq(dp_record_get(g.r[0], "title"), "某办法");
  ck_assert_str_eq(dp_record_get(g.r[0], "authority"), "青川市人民政府");
  ck_assert_str_eq(dp_record_get(g.r[0], "doc_number"), "青政〔2023〕1号");
  /* a `value` word of ledger.map, a title the rules declare, a key */
  ck_assert_str_eq(dp_record_get(g.r[0], "procedure"), "normative_document");
  ck_assert_str_eq(dp_record_get(g.r[1], "procedure"), "major_decision");
  ck_assert_str_eq(dp_record_get(g.r[2], "procedure"), "major_decision");
  ck_event_eq(g.r[0], "publication", "date", "2023-04-10");
  ck_assert_int_eq(g.r[1]->line, 3);
  got_free(&g);
}
END_TEST

START_TEST(the_id_without_a_column) {
  got g;
  read_ledger(&g, "发文字号,公布日期\n青政〔2023〕1号,2023-04-10\n,2023-04-11\n");
  ck_assert_uint_eq(g.n, 2);
  ck_assert_str_eq(dp_record_get(g.r[0], "id"), "青政〔2023〕1号");
  ck_assert_str_eq(dp_record_get(g.r[1], "id"), "row-3");
  got_free(&g);
}
END_TEST

START_TEST(step_parts) {
  got g;
  read_ledger(
      &g, "编号,征求意见开始日期,征求意见结束日期,合法性审核起止日期,合法性审核意见,"
          "合法性审核单位,审议会议,集体讨论日期,专家论证日期,专家论证是否签名,"
          "Publication date,filing_date,公布载体\n"
          "b,2023-02-01,2023-03-03,2023-03-06至2023-03-17,不通过,市司法局,"
          "市政府第5次常务会议,2023-03-28,2023-02-20,是,2023-04-10,"
          "2023-04-20,政府公报\n");
  ck_assert_uint_eq(g.n, 1);
  dp_record *r = g.r[0];
  ck_event_eq(r, "public_comment", "start", "2023-02-01");
  ck_event_eq(r, "public_comment", "end", "2023-03-03");
  ck_event_eq(r, "legality_review", "start", "2023-03-06");
  ck_event_eq(r, "legality_review", "end", "2023-03-17");
  ck_event_eq(r, "legality_review", "result", "不通过");
  ck_event_eq(r, "legality_review", "by", "市司法局");
  ck_event_eq(r, "collective_decision", "meeting", "市政府第5次常务会议");
  ck_event_eq(r, "collective_decision", "date", "2023-03-28");
  ck_event_eq(r, "publication", "date", "2023-04-10");
  ck_event_eq(r, "publication", "channel", "政府公报");
  ck_event_eq(r, "filing", "date", "2023-04-20");
  int ex = event_of(r, "expert_review");
  ck_assert_int_ge(ex, 0);
  ck_assert_int_eq(r->ev[ex].b[DP__EB_SIGNED], 1);
  /* events in time order */
  ck_assert_int_eq(event_of(r, "public_comment"), 0);
  ck_assert_int_eq(event_of(r, "expert_review"), 1);
  ck_assert_int_eq(event_of(r, "filing"), 5);
  ck_assert_str_eq(g.note, "");
  got_free(&g);
}
END_TEST

START_TEST(attributes) {
  got g;
  read_ledger(&g, "编号,是否涉及市场主体,technical,attr.urgent,情况紧急,"
                  "制定机关类别,公布日期\n"
                  "c,是,yes,否,不涉及,部门,2023-04-10\n"
                  "d,否,no,1,涉及,政府,2023-04-10\n"
                  "e,也许,,,,,2023-04-10\n");
  ck_assert_uint_eq(g.n, 3);
  ck_assert_int_eq(dp_record_attribute(g.r[0], "affects_market"), 1);
  ck_assert_int_eq(dp_record_attribute(g.r[0], "technical"), 1);
  ck_assert_int_eq(dp_record_attribute(g.r[0], "urgent"), 0);
  ck_assert_str_eq(dp_record_attribute_string(g.r[0], "issuer"), "department");
  ck_assert_int_eq(dp_record_attribute(g.r[1], "affects_market"), 0);
  ck_assert_int_eq(dp_record_attribute(g.r[1], "urgent"), 1);
  ck_assert_str_eq(dp_record_attribute_string(g.r[1], "issuer"), "government");
  /* neither yes nor no: said, and false */
  ck_assert_int_eq(dp_record_attribute(g.r[2], "affects_market"), 0);
  dp_report *rep = check(g.r[2]);
  const dp_finding *f = dp_test_find(rep, "record.field", DP_MALFORMED);
  ck_assert_ptr_nonnull(f);
  ck_assert_msg_has(f, DP_LANG_EN, "ledger.csv:4: column B '是否涉及市场主体'");
  ck_assert_msg_has(f, DP_LANG_EN, "'也许'");
  dp_report_free(rep);
  got_free(&g);
}
END_TEST

/* ---------------------------------------------------------------------
 * Blank cells and none words
 * ------------------------------------------------------------------- */

START_TEST(blank_is_not_recorded) {
  got g;
  read_ledger(&g, "编号,文件类型,评估论证日期,征求意见起止日期,合法性审核起止日期,"
                  "审议会议,审议日期,公布日期,备案日期\n"
                  "f,行政规范性文件,2023-01-05,无,2023-03-06至2023-03-17,"
                  "市政府第5次常务会议,2023-03-28,2023-04-10,\n");
  ck_assert_uint_eq(g.n, 1);
  dp_record *r = g.r[0];
  /* 无: did not happen, not unknown */
  ck_assert_int_eq(event_of(r, "public_comment"), -1);
  ck_assert(!is_unknown(r, "public_comment"));
  /* blank: not recorded; no column: not recorded */
  ck_assert_int_eq(event_of(r, "filing"), -1);
  ck_assert(is_unknown(r, "filing"));
  ck_assert(is_unknown(r, "archiving"));
  ck_assert(!is_unknown(r, "publication"));
  dp_report *rep = check(r);
  ck_assert_ptr_nonnull(dp_test_find(rep, "nd.comment", DP_MISSING));
  ck_assert_ptr_nonnull(dp_test_find(rep, "nd.filing", DP_INCOMPLETE));
  ck_assert_ptr_null(dp_test_find(rep, "nd.filing", DP_MISSING));
  dp_report_free(rep);
  got_free(&g);
}
END_TEST

START_TEST(none_words) {
  static const char *const words[] = {"无", "未开展", "—", "-", "不适用",
                                      "未征求意见", "N/A"};
  for (size_t k = 0; k < sizeof words / sizeof words[0]; k++) {
    char text[256];
    snprintf(text, sizeof text, "编号,征求意见起止日期,公布日期\ng,%s,2023-04-10\n",
             words[k]);
    got g;
    read_ledger(&g, text);
    ck_assert_uint_eq(g.n, 1);
    ck_assert_msg(event_of(g.r[0], "public_comment") == -1 &&
                      !is_unknown(g.r[0], "public_comment"),
                  "'%s' is not read as did not happen", words[k]);
    got_free(&g);
  }
}
END_TEST

START_TEST(meeting_without_a_date) {
  got g;
  read_ledger(&g, "编号,审议会议,审议日期,公布日期\nh,市政府第5次常务会议,,2023-04-10\n");
  ck_assert_uint_eq(g.n, 1);
  /* the meeting says the step happened; its date is not recorded */
  ck_event_eq(g.r[0], "collective_decision", "meeting", "市政府第5次常务会议");
  ck_assert_ptr_null(
      dp_event_get(g.r[0], (size_t)event_of(g.r[0], "collective_decision"),
                   "date"));
  got_free(&g);
}
END_TEST

/* ---------------------------------------------------------------------
 * Periods in one cell
 * ------------------------------------------------------------------- */

START_TEST(period_forms) {
  static const char *const cells[] = {
      "2023-02-01至2023-02-15", "2023-02-01—2023-02-15",
      "2023-02-01——2023-02-15", "2023-02-01~2023-02-15",
      "2023-02-01 ～ 2023-02-15", "2023-02-01到2023-02-15",
      "2023/2/1至2023/2/15", "2023年2月1日至2月15日",
      "2023年2月1日—2023年2月15日", "2023.2.1 至 2023.2.15"};
  for (size_t k = 0; k < sizeof cells / sizeof cells[0]; k++) {
    char text[256];
    snprintf(text, sizeof text, "编号,征求意见起止日期\ni,%s\n", cells[k]);
    got g;
    read_ledger(&g, text);
    ck_assert_uint_eq(g.n, 1);
    int ev = event_of(g.r[0], "public_comment");
    ck_assert_msg(ev >= 0, "%s: no event", cells[k]);
    const dp__event *e = &g.r[0]->ev[ev];
    ck_assert_msg(e->dstate[1] == DP__D_OK && e->dstate[2] == DP__D_OK,
                  "%s: not a period", cells[k]);
    ck_assert_day_eq(e->day[1], D(2023, 2, 1));
    ck_assert_day_eq(e->day[2], D(2023, 2, 15));
    ck_assert_uint_eq(g.r[0]->nissues, 0);
    got_free(&g);
  }
}
END_TEST

START_TEST(one_date_in_a_period_column) {
  got g;
  read_ledger(&g, "编号,合法性审核起止日期,征求意见\nj,2023-03-06,2023-02-01至2023-02-15\n");
  ck_assert_uint_eq(g.n, 1);
  ck_event_eq(g.r[0], "legality_review", "date", "2023-03-06");
  /* the step's name alone holds its period too */
  ck_event_eq(g.r[0], "public_comment", "start", "2023-02-01");
  got_free(&g);
}
END_TEST

/* ---------------------------------------------------------------------
 * Bad cells, unknown columns, unreadable rows
 * ------------------------------------------------------------------- */

START_TEST(bad_dates) {
  got g;
  read_ledger(&g, "编号,文件类型,征求意见起止日期,公布日期,备案日期\n"
                  "k,行政规范性文件,2023-02-01至2023-02-30,2023-13-10,45000\n"
                  "l,行政规范性文件,2023-02-01至2023-02-15,2023-04-10,2023-04-20\n");
  ck_assert_int_eq(g.end, 0); /* the batch goes on */
  ck_assert_uint_eq(g.n, 2);
  ck_assert_uint_eq(g.unreadable, 0);
  dp_report *rep = check(g.r[0]);
  ck_assert_uint_eq(dp_test_count(rep, "record.date"), 3);
  const char *want[] = {"ledger.csv:2: column C '征求意见起止日期': "
                        "'2023-02-01至2023-02-30' is not a date",
                        "ledger.csv:2: column D '公布日期': '2023-13-10' is not "
                        "a date",
                        "ledger.csv:2: column E '备案日期': '45000' looks like a "
                        "spreadsheet serial date (2023-03-15)"};
  for (size_t i = 0, k = 0; i < dp_report_count(rep); i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    if (strcmp(dp_finding_rule(f), "record.date") != 0) continue;
    ck_assert_int_eq(dp_finding_severity(f), DP_ERROR);
    ck_assert_int_ge(dp_finding_event(f), 0);
    ck_assert_msg_has(f, DP_LANG_EN, want[k]);
    k++;
  }
  ck_assert_msg_has(dp_test_find(rep, "record.date", -1), DP_LANG_ZH,
                    "C 列“征求意见起止日期”");
  /* the steps happened (no `missing`), their dates unknown */
  ck_assert_ptr_null(dp_test_find(rep, "nd.publication", DP_MISSING));
  ck_assert_ptr_null(dp_test_find(rep, "nd.filing", DP_MISSING));
  dp_report_free(rep);
  rep = check(g.r[1]);
  ck_assert_uint_eq(dp_test_count(rep, "record.date"), 0);
  dp_report_free(rep);
  got_free(&g);
}
END_TEST

START_TEST(unknown_columns) {
  got g;
  read_ledger(&g, "编号,公布日期,备按日期,审议会仪,承办科室,序号\n"
                  "m,2023-04-10,2023-04-20,,科室甲,1\n"
                  "n,2023-04-10,,,,2\n");
  ck_assert_uint_eq(g.n, 2);
  /* the file's note: each unknown column, with the nearest known name;
   * 序号 is ignored by ledger.map (not unknown) */
  ck_str_has(g.note, "ledger.csv: ledger column C '备按日期' is not a known "
                     "column (did you mean '备案日期'?); not read");
  ck_str_has(g.note, "column D '审议会仪' is not a known column (did you mean "
                     "'审议会议'?)");
  ck_str_has(g.note, "column E '承办科室' is not a known column; not read");
  ck_assert_ptr_null(strstr(g.note, "序号"));
  /* a record whose cell is dropped is told so */
  dp_report *rep = check(g.r[0]);
  ck_assert_uint_eq(dp_test_count(rep, "record.field"), 2);
  const dp_finding *f = dp_test_find(rep, "record.field", -1);
  ck_assert_int_eq(dp_finding_severity(f), DP_WARNING);
  ck_assert_msg_has(f, DP_LANG_EN, "ledger.csv:2: column C '备按日期': not a "
                                   "known column (did you mean '备案日期'?); "
                                   "its value '2023-04-20' is not read");
  dp_report_free(rep);
  rep = check(g.r[1]);
  ck_assert_uint_eq(dp_test_count(rep, "record.field"), 0);
  dp_report_free(rep);
  got_free(&g);
}
END_TEST

START_TEST(unreadable_rows) {
  got g;
  const char text[] = "编号,公布日期\no,2023-04-10\np,20\000"
                      "23\n,,\nq,\"2023-04";
  memset(&g, 0, sizeof g);
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, text, sizeof text - 1,
                                         "ledger.csv", DP_FORMAT_LEDGER, NULL),
                   0);
  dp_record *r;
  while ((g.end = dp_reader_next(rd, &r, &g.err)) == 1) g.r[g.n++] = r;
  g.unreadable = dp_reader_unreadable(rd);
  dp_reader_free(rd);
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 3); /* o, the NUL row, the open quote; blank row skipped */
  ck_assert_uint_eq(g.unreadable, 2);
  ck_assert(dp_record_readable(g.r[0]));
  ck_assert(!dp_record_readable(g.r[1]));
  ck_assert(!dp_record_readable(g.r[2]));
  dp_report *rep = check(g.r[2]);
  ck_assert_msg_has(dp_report_finding(rep, 0), DP_LANG_EN,
                    "ledger.csv:5: unterminated quoted field");
  dp_report_free(rep);
  got_free(&g);
}
END_TEST

START_TEST(short_row) {
  got g;
  read_ledger(&g, "编号,公布日期,备案日期\nr,2023-04-10\n");
  ck_assert_uint_eq(g.n, 1);
  dp_report *rep = check(g.r[0]);
  ck_assert_msg_has(dp_test_find(rep, "record.field", -1), DP_LANG_EN,
                    "ledger.csv:2: the row has 2 fields but the header has 3");
  dp_report_free(rep);
  got_free(&g);
}
END_TEST

START_TEST(no_step_column) {
  got g;
  read_ledger(&g, "编号,文件名称\ns,某办法\n");
  ck_assert_int_eq(g.end, DP_ERECORD);
  ck_assert_int_eq(g.err.code, DP_ERECORD);
  ck_str_has(g.err.text, "no column of a step's date");
  ck_str_has(g.err.text, "'编号', '文件名称'");
  got_free(&g);
}
END_TEST

/* ---------------------------------------------------------------------
 * Mapping files
 * ------------------------------------------------------------------- */

START_TEST(map_file) {
  dp_ledger_map *m = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_ledger_map_new(&m, eng, &err), 0);
  const char *text = "# a bureau's names\n"
                     "column 备按日期 filing date\n"
                     "step collective_decision 党组会议\n"
                     "field id 登记号\n"
                     "ignore 承办科室\n"
                     "value procedure \"normative doc\" normative_document\n"
                     "none 暂无\n"
                     "part date 办理日\n";
  ck_assert_int_eq(dp_ledger_map_load_string(m, text, strlen(text), "b.map",
                                             &err),
                   0);
  got g;
  read_with(&g, "登记号,类型,备按日期,党组会议会议,党组会议办理日,承办科室,征求意见\n"
                "t,normative doc,2023-04-20,党组会议,2023-03-28,科室甲,暂无\n",
            DP_FORMAT_LEDGER, m);
  ck_assert_uint_eq(g.n, 1);
  ck_assert_str_eq(dp_record_get(g.r[0], "id"), "t");
  ck_assert_str_eq(dp_record_get(g.r[0], "procedure"), "normative_document");
  ck_event_eq(g.r[0], "filing", "date", "2023-04-20");
  ck_event_eq(g.r[0], "collective_decision", "meeting", "党组会议");
  ck_event_eq(g.r[0], "collective_decision", "date", "2023-03-28");
  ck_assert_int_eq(event_of(g.r[0], "public_comment"), -1);
  ck_assert(!is_unknown(g.r[0], "public_comment"));
  ck_assert_str_eq(g.note, "");
  got_free(&g);
  dp_ledger_map_free(m);
}
END_TEST

START_TEST(map_errors) {
  static const struct {
    const char *text;
    int line, column;
    const char *msg;
  } cases[] = {
      {"step public_comment 征求\nstep filling 备\n", 2, 6,
       "unknown step 'filling'"},
      {"field name 名称\n", 1, 7, "unknown field 'name'"},
      {"part when 时候\n", 1, 6, "unknown part 'when'"},
      {"attribute market 涉市\n", 1, 11, "unknown attribute 'market'"},
      {"colum 甲 filing date\n", 1, 1, "unknown statement 'colum'"},
      {"column 甲 filing\n", 1, 1, "'column' wants"},
      {"ignore \"甲\n", 1, 8, "unclosed quote"},
      {"value affects_market 是 true\n", 1, 7, "string attribute"},
  };
  /* a line of more than 256 words */
  {
    char big[2048] = "ignore";
    for (int i = 0; i < 256; i++) strcat(big, " a");
    dp_ledger_map *m = NULL;
    ck_assert_int_eq(dp_ledger_map_new(&m, eng, NULL), 0);
    dp_error err = {0};
    ck_assert_int_eq(dp_ledger_map_load_string(m, big, strlen(big), NULL,
                                               &err),
                     DP_ESYNTAX);
    ck_assert_int_eq(err.column, 1 + 6 + 2 * 255 + 1);
    ck_str_has(err.text, "more than 256 words");
    dp_ledger_map_free(m);
  }
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    dp_ledger_map *m = NULL;
    ck_assert_int_eq(dp_ledger_map_new(&m, eng, NULL), 0);
    dp_error err = {0};
    ck_assert_int_eq(dp_ledger_map_load_string(m, cases[k].text,
                                               strlen(cases[k].text), "x.map",
                                               &err),
                     DP_ESYNTAX);
    ck_assert_str_eq(err.source, "x.map");
    ck_assert_int_eq(err.line, cases[k].line);
    ck_assert_int_eq(err.column, cases[k].column);
    ck_str_has(err.text, cases[k].msg);
    dp_ledger_map_free(m);
  }
  /* all or nothing: the good line before the bad one is not kept */
  dp_ledger_map *m0 = NULL;
  ck_assert_int_eq(dp_ledger_map_new(&m0, eng, NULL), 0);
  const char *bad = "column 甲甲 filing date\nbogus\n";
  ck_assert_int_eq(dp_ledger_map_load_string(m0, bad, strlen(bad), NULL, NULL),
                   DP_ESYNTAX);
  got g;
  read_with(&g, "编号,甲甲,公布日期\ny,2023-04-20,2023-04-10\n",
            DP_FORMAT_LEDGER, m0);
  ck_assert_int_eq(event_of(g.r[0], "filing"), -1);
  ck_str_has(g.note, "'甲甲' is not a known column");
  got_free(&g);
  dp_ledger_map_free(m0);
  dp_ledger_map *m = NULL;
  ck_assert_int_eq(dp_ledger_map_new(&m, NULL, NULL), 0);
  dp_error err = {0};
  ck_assert_int_eq(dp_ledger_map_load_file(m, "/no/such/file.map", &err),
                   DP_EIO);
  ck_str_has(err.text, "cannot open");
  dp_ledger_map_free(m);
}
END_TEST

/* An overlay's step names a column as soon as the map is made from its
 * engine. */
START_TEST(map_from_overlay) {
  const char *rules = "step lottery \"摇号\" \"lottery\"\n";
  ck_assert_int_eq(dp_engine_load_string(eng, rules, strlen(rules), "o.rules",
                                         NULL),
                   0);
  dp_ledger_map *m = NULL;
  ck_assert_int_eq(dp_ledger_map_new(&m, eng, NULL), 0);
  got g;
  read_with(&g, "编号,摇号日期\nu,2023-05-05\n", DP_FORMAT_LEDGER, m);
  ck_assert_uint_eq(g.n, 1);
  ck_event_eq(g.r[0], "lottery", "date", "2023-05-05");
  got_free(&g);
  dp_ledger_map_free(m);
}
END_TEST

/* ---------------------------------------------------------------------
 * A ledger or an event log: by the header
 * ------------------------------------------------------------------- */

START_TEST(auto_detection) {
  got g;
  /* no step column, a step's date column: a ledger */
  read_with(&g, "\xEF\xBB\xBF编号,公布日期\nv,2023-04-10\n", DP_FORMAT_AUTO,
            NULL);
  ck_assert_int_eq(g.fmt, DP_FORMAT_LEDGER);
  ck_assert_uint_eq(g.n, 1);
  ck_assert_str_eq(dp_record_get(g.r[0], "id"), "v");
  got_free(&g);
  /* a step column: an event log, whatever else it has */
  read_with(&g, "编号,环节,日期,公布日期\nw,公布,2023-04-10,\n", DP_FORMAT_AUTO,
            NULL);
  ck_assert_int_eq(g.fmt, DP_FORMAT_CSV);
  ck_assert_uint_eq(g.n, 1);
  ck_assert_str_eq(dp_event_get(g.r[0], 0, "label"), "公布");
  got_free(&g);
  /* a label column too */
  read_with(&g, "case_id,label,date\nx,公布,2023-04-10\n", DP_FORMAT_AUTO,
            NULL);
  ck_assert_int_eq(g.fmt, DP_FORMAT_CSV);
  got_free(&g);
  /* asked for CSV: an event log, and its header error */
  read_with(&g, "编号,公布日期\nv,2023-04-10\n", DP_FORMAT_CSV, NULL);
  ck_assert_int_eq(g.end, DP_ERECORD);
  ck_str_has(g.err.text, "no date column");
  got_free(&g);
  /* nothing of a step: still an event log's error */
  read_with(&g, "编号,文件名称\nv,某办法\n", DP_FORMAT_AUTO, NULL);
  ck_assert_int_eq(g.fmt, DP_FORMAT_CSV);
  ck_assert_int_eq(g.end, DP_ERECORD);
  got_free(&g);
}
END_TEST

/* The shipped sample: every record readable, the faults it is made of. */
START_TEST(sample) {
  char *path = dp_test_path("examples/records/ledger-qingchuan.csv");
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open(&rd, path, DP_FORMAT_AUTO, NULL), 0);
  dp_record *r;
  size_t n = 0, ok = 0;
  int rc;
  while ((rc = dp_reader_next(rd, &r, NULL)) == 1) {
    dp_report *rep = check(r);
    n++;
    ok += (size_t)dp_report_ok(rep);
    dp_report_free(rep);
    dp_record_free(r);
  }
  ck_assert_int_eq(rc, 0);
  ck_assert_int_eq(dp_reader_format(rd), DP_FORMAT_LEDGER);
  ck_assert_uint_eq(dp_reader_unreadable(rd), 0);
  ck_assert_ptr_null(dp_reader_note(rd, DP_LANG_EN));
  dp_reader_free(rd);
  free(path);
  ck_assert_uint_eq(n, 22);
  ck_assert_uint_ge(ok, 5);
  ck_assert_uint_le(ok, 15);
}
END_TEST

static Suite *ledger_suite(void) {
  Suite *s = suite_create("reader_ledger");
  TCase *tc = tcase_create("columns");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, record_fields);
  tcase_add_test(tc, the_id_without_a_column);
  tcase_add_test(tc, step_parts);
  tcase_add_test(tc, attributes);
  suite_add_tcase(s, tc);
  tc = tcase_create("blank");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, blank_is_not_recorded);
  tcase_add_test(tc, none_words);
  tcase_add_test(tc, meeting_without_a_date);
  suite_add_tcase(s, tc);
  tc = tcase_create("periods");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, period_forms);
  tcase_add_test(tc, one_date_in_a_period_column);
  suite_add_tcase(s, tc);
  tc = tcase_create("bad");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, bad_dates);
  tcase_add_test(tc, unknown_columns);
  tcase_add_test(tc, unreadable_rows);
  tcase_add_test(tc, short_row);
  tcase_add_test(tc, no_step_column);
  suite_add_tcase(s, tc);
  tc = tcase_create("map");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, map_file);
  tcase_add_test(tc, map_errors);
  tcase_add_test(tc, map_from_overlay);
  suite_add_tcase(s, tc);
  tc = tcase_create("detect");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, auto_detection);
  tcase_add_test(tc, sample);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(ledger_suite()); }

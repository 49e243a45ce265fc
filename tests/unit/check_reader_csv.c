/*
 * check_reader_csv.c - CSV headers (records.md §5, §8.11) and spreadsheet
 * dates in every reader (§8.7): the aliases, trimmed names, the header
 * errors, activities as steps or labels, date and time columns, and
 * serial numbers in CSV, JSON and through dp_event_set.
 */
#define DP_TEST_ENGINE_FIXTURE
#include "util.h"

/* The records of a CSV text (at most 8), the end code and error. */
typedef struct got {
  dp_record *r[8];
  size_t n;
  int end;
  dp_error err;
} got;

static void read_csv(got *g, const char *text) {
  memset(g, 0, sizeof *g);
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, text, strlen(text), "log.csv",
                                         DP_FORMAT_CSV, &g->err),
                   0);
  dp_record *r;
  while ((g->end = dp_reader_next(rd, &r, &g->err)) == 1) {
    ck_assert_uint_lt(g->n, 8);
    g->r[g->n++] = r;
  }
  dp_reader_free(rd);
}

static void got_free(got *g) {
  for (size_t i = 0; i < g->n; i++) dp_record_free(g->r[i]);
  g->n = 0;
}

static dp_report *check(const dp_record *r) {
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  return rep;
}

#define ck_event_eq(r, i, field, want)                                    \
  do {                                                                    \
    const char *v_ = dp_event_get((r), (i), (field));                     \
    ck_assert_msg(v_ && strcmp(v_, (want)) == 0,                          \
                  "event %d %s: '%s', want '%s'", (int)(i), (field),      \
                  v_ ? v_ : "(null)", (want));                            \
  } while (0)

/* ---------------------------------------------------------------------
 * Header names
 * ------------------------------------------------------------------- */

START_TEST(chinese_aliases) {
  got g;
  read_csv(&g, "编号,程序,步骤,日期,开始日期,结束日期,结果,会议,说明,文件名称,"
               "制定机关,发文字号\n"
               "甲,normative_document,legality_review,,2022-04-08,2022-04-20,"
               "通过,,市司法局审核,管理办法,平顶山市人民政府,"
               "平政〔2022〕12号\n"
               "甲,normative_document,集体审议,2022-04-28,,,,市政府常务会议,"
               ",,,\n");
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 1);
  dp_record *r = g.r[0];
  ck_assert_str_eq(dp_record_get(r, "id"), "甲");
  ck_assert_str_eq(dp_record_get(r, "procedure"), "normative_document");
  ck_assert_str_eq(dp_record_get(r, "title"), "管理办法");
  ck_assert_str_eq(dp_record_get(r, "authority"), "平顶山市人民政府");
  ck_assert_str_eq(dp_record_get(r, "doc_number"), "平政〔2022〕12号");
  ck_assert_uint_eq(dp_record_event_count(r), 2);
  ck_event_eq(r, 0, "step", "legality_review");
  ck_event_eq(r, 0, "start", "2022-04-08");
  ck_event_eq(r, 0, "end", "2022-04-20");
  ck_event_eq(r, 0, "result", "通过");
  ck_event_eq(r, 0, "label", "市司法局审核");
  /* 步骤 with a value that is no step name: a label */
  ck_assert_ptr_null(dp_event_get(r, 1, "step"));
  ck_event_eq(r, 1, "label", "集体审议");
  ck_event_eq(r, 1, "date", "2022-04-28");
  ck_event_eq(r, 1, "meeting", "市政府常务会议");
  got_free(&g);
  /* the other names */
  static const char *const cases[] = {"案件编号", "文件编号", "case:concept:name",
                                      "CASE_ID"};
  static const char *const steps[] = {"环节", "活动", "concept:name",
                                      "Activity"};
  static const char *const dates[] = {"时间", "event_time", "timestamp",
                                      "time:timestamp"};
  static const char *const labels[] = {"摘要", "说明", "label", "LABEL"};
  static const char *const titles[] = {"标题", "文件名称", "title", "Title"};
  for (int i = 0; i < 4; i++) {
    char text[512];
    snprintf(text, sizeof text,
             "%s,procedure,%s,%s,%s,%s\n"
             "k,major_decision,filing,2022-05-20 10:00,说明文字,题目\n",
             cases[i], steps[i], dates[i], labels[i], titles[i]);
    read_csv(&g, text);
    ck_assert_msg(g.end == 0 && g.n == 1, "%s: %s", text, g.err.text);
    ck_assert_str_eq(dp_record_get(g.r[0], "id"), "k");
    ck_assert_str_eq(dp_record_get(g.r[0], "title"), "题目");
    ck_event_eq(g.r[0], 0, "step", "filing");
    ck_event_eq(g.r[0], 0, "date", "2022-05-20 10:00");
    ck_event_eq(g.r[0], 0, "label", "说明文字");
    got_free(&g);
  }
}
END_TEST

/* Names are matched after trimming: blanks, CR (a Windows header), the
 * ideographic space, NBSP, a BOM inside a cell. */
START_TEST(header_trimmed) {
  got g;
  read_csv(&g, "case_id,procedure,step,timestamp\r\n"
               "c,normative_document,filing,2022-05-20\r\n");
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 1);
  ck_event_eq(g.r[0], 0, "date", "2022-05-20");
  got_free(&g);
  read_csv(&g, " case_id\t,\xE3\x80\x80procedure\xE3\x80\x80,\xC2\xA0step ,"
               "\"date \r\",\xEF\xBB\xBF"
               "doc_number\n"
               "c,normative_document,filing,2022-05-20,平政〔2022〕1号\n");
  ck_assert_msg(g.end == 0 && g.n == 1, "%s", g.err.text);
  ck_event_eq(g.r[0], 0, "step", "filing");
  ck_event_eq(g.r[0], 0, "date", "2022-05-20");
  ck_assert_str_eq(dp_record_get(g.r[0], "doc_number"), "平政〔2022〕1号");
  got_free(&g);
}
END_TEST

/* A cell the record cannot hold (over 16 MiB) is said, with its column
 * and line, and the rest of the row is read. */
START_TEST(cell_too_long_said) {
  static const char head[] = "case_id,procedure,step,date,title\n"
                             "c,normative_document,assessment,2023-03-01,";
  static const char tail[] = "\nc,normative_document,publication,2023-04-01,"
                             "\n";
  size_t big = 16u * 1024u * 1024u + 1u;
  char *text = malloc(sizeof head + big + sizeof tail);
  ck_assert_ptr_nonnull(text);
  memcpy(text, head, sizeof head - 1);
  memset(text + sizeof head - 1, 'x', big);
  memcpy(text + sizeof head - 1 + big, tail, sizeof tail);
  got g;
  read_csv(&g, text);
  free(text);
  ck_assert_msg(g.end == 0 && g.n == 1, "%s", g.err.text);
  ck_assert_ptr_null(dp_record_get(g.r[0], "title"));
  ck_assert_int_eq(dp_record_event_count(g.r[0]), 2);
  dp_report *rep = check(g.r[0]);
  int said = 0;
  for (size_t i = 0; i < dp_report_count(rep); i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    const char *m = dp_finding_message(f, DP_LANG_EN);
    if (dp_finding_code(f) == DP_MALFORMED &&
        strstr(m, "log.csv:2: column 'title': a value over 16 MiB"))
      said++;
  }
  ck_assert_int_eq(said, 1);
  dp_report_free(rep);
  got_free(&g);
}
END_TEST

/* One error for a log without a case id column or without any date
 * column, naming the columns it has; no record. */
START_TEST(header_errors) {
  got g;
  read_csv(&g, "id,procedure,step,date\nA,normative_document,filing,"
               "2022-05-20\n");
  ck_assert_uint_eq(g.n, 0);
  ck_assert_int_eq(g.end, DP_ERECORD);
  ck_assert_int_eq(g.err.code, DP_ERECORD);
  ck_assert_str_eq(g.err.source, "log.csv");
  ck_assert_int_eq(g.err.line, 1);
  ck_assert_int_eq(g.err.column, 1);
  ck_assert_str_eq(g.err.text,
                   "no case id column (case_id, case:concept:name, 编号, "
                   "案件编号, 文件编号) in the header; its columns: 'id', "
                   "'procedure', 'step', 'date'");
  read_csv(&g, "case_id,procedure,step,label\nA,normative_document,filing,x\n");
  ck_assert_uint_eq(g.n, 0);
  ck_assert_int_eq(g.end, DP_ERECORD);
  ck_assert_str_eq(g.err.text,
                   "no date column (date, start, end, timestamp, 日期, 时间, "
                   "...) in the header; its columns: 'case_id', 'procedure', "
                   "'step', 'label'");
  read_csv(&g, "a,b\n1,2\n");
  ck_assert_int_eq(g.end, DP_ERECORD);
  ck_assert_str_eq(g.err.text, "no case id column and no date column in the "
                               "header; its columns: 'a', 'b'");
  /* a header alone is checked too */
  read_csv(&g, "case_id,step\n");
  ck_assert_int_eq(g.end, DP_ERECORD);
  /* start or end alone is a date column */
  read_csv(&g, "case_id,procedure,step,end\nA,normative_document,filing,"
               "2022-05-20\n");
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 1);
  got_free(&g);
  /* many columns: the list is cut at a whole name */
  char text[4096] = "case_id";
  for (int i = 0; i < 60; i++) {
    char c[32];
    snprintf(c, sizeof c, ",column_%02d", i);
    strcat(text, c);
  }
  strcat(text, "\nA");
  read_csv(&g, text);
  ck_assert_int_eq(g.end, DP_ERECORD);
  ck_assert_msg(strstr(g.err.text, "'case_id', 'column_00'") != NULL &&
                    strstr(g.err.text, "...") != NULL &&
                    strlen(g.err.text) < DP_ERROR_TEXT_LEN - 1,
                "%s", g.err.text);
}
END_TEST

/* An activity written as a step name is a step (also one a rule file
 * declares, and one no rule knows, which the check then names); anything
 * else is a label. */
START_TEST(activity_step_or_label) {
  got g;
  read_csv(&g, "case_id,procedure,activity,date\n"
               "A,normative_document,assessment,2022-03-01\n"
               "A,normative_document,consultation,2022-03-02\n"
               "A,normative_document,Register request,2022-03-03\n"
               "A,normative_document,合法性审核,2022-03-04\n"
               "A,normative_document,Approve,2022-03-05\n"
               "A,normative_document,filling,2022-03-06\n");
  ck_assert_int_eq(g.end, 0);
  dp_record *r = g.r[0];
  ck_event_eq(r, 0, "step", "assessment");
  ck_event_eq(r, 1, "step", "consultation");
  ck_event_eq(r, 2, "label", "Register request");
  ck_event_eq(r, 3, "label", "合法性审核");
  ck_event_eq(r, 4, "label", "Approve");
  ck_event_eq(r, 5, "step", "filling");
  dp_report *rep = check(r);
  const dp_finding *f = dp_test_find(rep, "record.step", DP_MALFORMED);
  ck_assert_msg(f != NULL, "%s", dp_test_dump(rep));
  dp_report_free(rep);
  got_free(&g);
}
END_TEST

/* A date column and a time column make one date-time; two date columns
 * that differ are said to. */
START_TEST(date_and_time_columns) {
  got g;
  read_csv(&g, "case_id,procedure,step,日期,时间\n"
               "A,normative_document,publication,2022/5/6,9:30\n"
               "A,normative_document,filing,2022/5/20,\n"
               "A,normative_document,assessment,,8:00\n"
               "A,normative_document,archiving,2022-06-01 10:00,11:00\n");
  ck_assert_int_eq(g.end, 0);
  dp_record *r = g.r[0];
  /* in time order; the time alone is no date: last */
  ck_event_eq(r, 0, "date", "2022/5/6 9:30");
  ck_event_eq(r, 1, "date", "2022/5/20");
  ck_event_eq(r, 2, "date", "2022-06-01 10:00");
  ck_event_eq(r, 3, "date", "8:00");
  dp_report *rep = check(r);
  const dp_finding *f = dp_test_find(rep, "record.date", DP_MALFORMED);
  ck_assert_msg(f != NULL, "%s", dp_test_dump(rep));
  ck_assert_msg_has(f, DP_LANG_EN, "'8:00'");
  dp_report_free(rep);
  got_free(&g);
  /* the time column first */
  read_csv(&g, "case_id,procedure,step,时间,日期\n"
               "A,normative_document,publication,9:30:15,2022/5/6\n");
  ck_event_eq(g.r[0], 0, "date", "2022/5/6 9:30:15");
  got_free(&g);
  read_csv(&g, "case_id,procedure,step,date,timestamp\n"
               "A,normative_document,publication,2022-05-06,2022-05-07\n"
               "A,normative_document,filing,2022-05-20,2022-05-20\n");
  ck_event_eq(g.r[0], 0, "date", "2022-05-06");
  rep = check(g.r[0]);
  ck_assert_uint_eq(dp_test_count(rep, "record.field"), 1);
  f = dp_test_find(rep, "record.field", DP_MALFORMED);
  ck_assert_int_eq(dp_finding_severity(f), DP_WARNING);
  ck_assert_msg_has(f, DP_LANG_EN,
                    "log.csv:2: columns 'date' and 'timestamp' give different "
                    "dates ('2022-05-06', '2022-05-07'); the first is used");
  dp_report_free(rep);
  got_free(&g);
}
END_TEST

/* ---------------------------------------------------------------------
 * Spreadsheet serial dates
 *
 * The readers keep a serial number as the date's text, a bad date; the
 * check reports it as a serial date naming the day it stands for.
 * ------------------------------------------------------------------- */

START_TEST(serial_in_csv) {
  got g;
  read_csv(&g, "case_id,procedure,step,日期,start,end\n"
               "A,normative_document,filing,2023-03-20,,\n"
               "A,normative_document,assessment,45000,,\n"
               "A,normative_document,public_comment,,44990,45021\n");
  ck_assert_int_eq(g.end, 0);
  dp_record *r = g.r[0];
  /* sorted: the events without a valid date last, in file order */
  ck_event_eq(r, 0, "step", "filing");
  ck_event_eq(r, 1, "step", "assessment");
  ck_event_eq(r, 1, "date", "45000");
  dp_report *rep = check(r);
  ck_assert_uint_eq(dp_test_count(rep, "record.date"), 3);
  const dp_finding *f = dp_test_find(rep, "record.date", DP_MALFORMED);
  ck_assert_int_eq(dp_finding_severity(f), DP_ERROR);
  ck_assert_int_eq(dp_finding_event(f), 1);
  ck_assert_msg_has(f, DP_LANG_EN, "log.csv:3: events[1].date: '45000' looks "
                                   "like a spreadsheet serial date "
                                   "(2023-03-15)");
  ck_assert_msg_has(f, DP_LANG_ZH, "log.csv:3:");
  ck_assert_msg_has(f, DP_LANG_ZH, "电子表格");
  /* the comment's period is not checked: its dates are bad, not missing */
  for (size_t i = 0; i < dp_report_count(rep); i++) {
    const dp_finding *x = dp_report_finding(rep, i);
    ck_assert_msg(dp_finding_code(x) == DP_MALFORMED ||
                      dp_finding_event(x) != 2,
                  "%s", dp_test_dump(rep));
  }
  ck_assert_no_finding(rep, "nd.comment");
  dp_report_free(rep);
  got_free(&g);
}
END_TEST

START_TEST(serial_in_json) {
  char *t = dp_test_sq(
      "{'id':'J','procedure':'normative_document','events':["
      "{'step':'assessment','date':'45000'},"
      "{'step':'filing','date':45000},"
      "{'step':'publication','date':4500},"
      "{'step':'archiving','date':'45000','date':'2023-03-16'}]}");
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, t, strlen(t), "in.jsonl",
                                         DP_FORMAT_JSONL, NULL),
                   0);
  dp_record *r = NULL;
  ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 1);
  dp_reader_free(rd);
  free(t);
  /* a JSON number that is a serial date is kept as its text */
  ck_event_eq(r, 1, "date", "45000");
  ck_assert_ptr_null(dp_event_get(r, 2, "date"));
  ck_event_eq(r, 3, "date", "2023-03-16"); /* the last key wins */
  dp_report *rep = check(r);
  ck_assert_uint_eq(dp_test_count(rep, "record.date"), 2);
  for (size_t i = 0; i < dp_report_count(rep); i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    if (strcmp(dp_finding_rule(f), "record.date") != 0) continue;
    ck_assert_int_lt(dp_finding_event(f), 2);
    ck_assert_msg_has(f, DP_LANG_EN, "'45000' looks like a spreadsheet "
                                     "serial date (2023-03-15)");
  }
  /* four digits are a number of the wrong type, as before */
  const dp_finding *w = dp_test_find(rep, "record.field", DP_MALFORMED);
  ck_assert_msg(w != NULL, "%s", dp_test_dump(rep));
  ck_assert_int_eq(dp_finding_event(w), 2);
  ck_assert_msg_has(w, DP_LANG_EN, "events[2].date: expected a string");
  dp_report_free(rep);
  dp_record_free(r);
}
END_TEST

START_TEST(serial_through_the_api) {
  dp_record *r = dp_test_record(NULL);
  ck_assert_int_eq(dp_record_set(r, "id", "A"), 0);
  ck_assert_int_eq(dp_record_set(r, "procedure", "normative_document"), 0);
  ck_assert_int_eq(dp_record_add_event(r), 0);
  ck_assert_int_eq(dp_event_set(r, 0, "step", "assessment", NULL), 0);
  ck_assert_int_eq(dp_event_set(r, 0, "start", "45000", NULL), 0);
  ck_event_eq(r, 0, "start", "45000");
  dp_report *rep = check(r);
  ck_assert_uint_eq(dp_test_count(rep, "record.date"), 1);
  ck_assert_msg_has(dp_test_find(rep, "record.date", DP_MALFORMED),
                    DP_LANG_EN, "events[0].start: '45000' looks like a");
  dp_report_free(rep);
  /* set again: the finding goes with the value */
  ck_assert_int_eq(dp_event_set(r, 0, "start", "2023/3/15", NULL), 0);
  rep = check(r);
  ck_assert_uint_eq(dp_test_count(rep, "record.date"), 0);
  dp_report_free(rep);
  dp_record_free(r);
}
END_TEST

/* The first pass reads only the case id and skips the rest of a row; a
 * quote that opens a field there (a new line or a comma inside) must
 * still end the row where the second pass ends it, and a row of empty
 * fields is a row without case id, not a blank line. */
START_TEST(first_pass_skips_the_rest_of_a_row) {
  got g;
  read_csv(&g, "step,date,case_id,label,result\n"
               "publication,2023-01-05,a,\"two\nlines, a comma\",\n"
               ",,,,\n"
               "\n"
               "public_comment,2023-01-01,a,he said \"hi\",\n"
               "publication,2023-01-06,b,\"x\"\"y\",pass\n"
               "publication,2023-01-07,\"c\",,\"p,\n"
               "q\"\n"
               "public_comment,2023-01-02,a,last\n");
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 4);
  /* a: three rows in two runs, in date order */
  ck_assert_str_eq(dp_record_get(g.r[0], "id"), "a");
  ck_assert_uint_eq(dp_record_event_count(g.r[0]), 3);
  ck_event_eq(g.r[0], 0, "label", "he said \"hi\"");
  ck_event_eq(g.r[0], 1, "label", "last");
  ck_event_eq(g.r[0], 2, "label", "two\nlines, a comma");
  /* the row of empty fields (line 4): no case id; the blank line is none */
  ck_assert_int_eq(dp_record_readable(g.r[1]), 0);
  dp_report *rep = check(g.r[1]);
  const char *m = dp_finding_message(dp_report_finding(rep, 0), DP_LANG_EN);
  ck_assert_msg(strstr(m, "log.csv:4:") && strstr(m, "no case_id"), "%s", m);
  dp_report_free(rep);
  ck_assert_str_eq(dp_record_get(g.r[2], "id"), "b");
  ck_event_eq(g.r[2], 0, "label", "x\"y");
  /* a quoted case id, a quoted cell over two lines after it */
  ck_assert_str_eq(dp_record_get(g.r[3], "id"), "c");
  ck_event_eq(g.r[3], 0, "result", "p,\nq");
  got_free(&g);
}
END_TEST

/* ---------------------------------------------------------------------
 * The row tokenizer against a plain one
 *
 * ref_parse_row is read_csv.c's tokenizer as it was before it took text
 * a run at a time: a byte at a time, a copy a field.  Both must give the
 * same rows, return codes, positions and line numbers for any input.
 * ------------------------------------------------------------------- */

static int ref_row_room(dp__row *r, size_t need) {
  if (need <= r->bcap) return 0;
  size_t cap = r->bcap ? r->bcap : 256;
  while (cap < need) cap *= 2;
  char *b = realloc(r->buf, cap);
  if (!b) return DP_ENOMEM;
  r->buf = b;
  r->bcap = cap;
  return 0;
}

static int ref_field_room(dp__row *r) {
  if (r->n < r->cap) return 0;
  size_t cap = r->cap ? r->cap * 2 : 16;
  r->f = realloc(r->f, cap * sizeof *r->f);
  r->off = realloc(r->off, cap * sizeof *r->off);
  if (!r->f || !r->off) return DP_ENOMEM;
  r->cap = cap;
  return 0;
}

static int ref_parse_row(const char *s, size_t len, int eof, size_t only,
                         size_t *pi, long *pline, dp__row *r) {
  size_t i = *pi;
  long line = *pline;
  r->n = 0;
  if (i >= len) return eof ? 0 : 2;
  r->line = line;
  size_t o = 0; /* bytes used in r->buf */
  for (;;) {
    if (ref_field_room(r)) return DP_ENOMEM;
    r->off[r->n] = o;
    /* the first field is wanted too: a blank line is one empty field */
    int keep = only == SIZE_MAX || r->n == only || r->n == 0;
    if (i < len && s[i] == '"') {
      i++;
      for (;;) {
        const char *q = memchr(s + i, '"', len - i);
        if (!q) return eof ? -1 : 2;
        size_t k = (size_t)(q - (s + i));
        if (keep) {
          if (ref_row_room(r, o + k + 2)) return DP_ENOMEM;
          memcpy(r->buf + o, s + i, k);
          o += k;
        }
        for (const char *nl = s + i;
             (nl = memchr(nl, '\n', (size_t)(q - nl))) != NULL; nl++)
          line++;
        i += k + 1; /* and the quote */
        if (i >= len && !eof) return 2; /* "" may go on */
        if (i < len && s[i] == '"') { /* "" inside quotes: a quote */
          if (keep) r->buf[o++] = '"';
          i++;
          continue;
        }
        break;
      }
    }
    /* the unquoted part (or text after a closing quote, kept as is) */
    size_t st = i;
    while (i < len && s[i] != ',' && s[i] != '\n') i++;
    if (i >= len && !eof) return 2; /* the field may go on */
    size_t k = i - st;
    /* only its last byte can stand before a new line or at the end */
    if (k && s[st + k - 1] == '\r' && (i >= len || s[i] == '\n')) k--;
    if (!keep) k = 0;
    if (ref_row_room(r, o + k + 1)) return DP_ENOMEM;
    memcpy(r->buf + o, s + st, k);
    o += k;
    r->buf[o++] = '\0';
    r->n++;
    if (i >= len) break;
    if (s[i] == ',') {
      i++;
      /* the fields wanted are read (the first pass): the rest of the row,
       * when no quote can open a field in it, is skipped to its new line,
       * one empty field standing for it */
      if (only != SIZE_MAX && r->n > only) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len;
        if ((nl || eof) && !memchr(s + i, '"', e - i)) {
          if (ref_field_room(r) || ref_row_room(r, o + 1)) return DP_ENOMEM;
          r->off[r->n++] = o;
          r->buf[o++] = '\0';
          i = nl ? e + 1 : e;
          if (nl) line++;
          break;
        }
      }
      continue;
    }
    /* new line */
    i++;
    line++;
    break;
  }
  for (size_t k = 0; k < r->n; k++) r->f[k] = r->buf + r->off[k];
  *pi = i;
  *pline = line;
  return 1;
}


static uint32_t tok_state;
static uint32_t tok_rng(void) {
  tok_state = tok_state * 1664525u + 1013904223u;
  return tok_state >> 8;
}

/* Parse all of s[0..len) row by row with both, as the readers do (a
 * prefix first when not eof: 2 asks for more), and compare. */
static void same_rows(const char *s, size_t len, int eof, size_t only) {
  dp__row a, b;
  memset(&a, 0, sizeof a);
  memset(&b, 0, sizeof b);
  size_t ia = 0, ib = 0;
  long la = 1, lb = 1;
  for (int rows = 0; rows < 10000; rows++) {
    int ra = dp__csv_parse_row(s, len, eof, only, &ia, &la, &a);
    int rb = ref_parse_row(s, len, eof, only, &ib, &lb, &b);
    ck_assert_msg(ra == rb, "rc %d, reference %d at byte %zu of '%.*s'", ra,
                  rb, ib, (int)len, s);
    ck_assert_uint_eq(ia, ib);
    ck_assert_int_eq(la, lb);
    if (ra != 1) break;
    ck_assert_int_eq(a.line, b.line);
    ck_assert_msg(a.n == b.n, "%zu fields, reference %zu, in '%.*s'", a.n,
                  b.n, (int)len, s);
    for (size_t k = 0; k < a.n; k++)
      ck_assert_msg(strcmp(a.f[k], b.f[k]) == 0,
                    "field %zu '%s', reference '%s', in '%.*s' (only %zu)", k,
                    a.f[k], b.f[k], (int)len, s, only);
  }
  dp__row_free(&a);
  dp__row_free(&b);
}

START_TEST(tokenizer_matches_plain_one) {
  /* fixed cases first: each edge of the grammar */
  static const char *const fixed[] = {
      "", "\n", "a", "a\n", "a,b\n", "a,\n", ",\n", ",,,\n", "a\r\n",
      "a,b\r\n", "a\r,b\n", "\r\n", "\r", "a\r", "\"a\"\n", "\"a\"b\n",
      "\"a\"\"b\"\n", "\"a\nb\",c\n", "a\"b,c\n", "a,\"b\"\"\",c\n",
      "\"\"\n", "\"\"\"\"\n", "\"a\"\r\n", "\"a\r\"\n", "\"open",
      "a,\"open\nmore", "x,y\"z\",\"w\",v\n", "\"a\",\"b\"\n\"c\"",
      "a,b,\"c\",d,e\n", "\xe7\xae\xa1,\"\xe7\x90\x86\",x\n",
      "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w\n1\n"};
  for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
    for (int eof = 0; eof < 2; eof++)
      for (size_t only = 0; only < 5; only++) {
        same_rows(fixed[k], strlen(fixed[k]), eof, only == 4 ? SIZE_MAX : only);
      }
  /* then random text over the bytes that matter */
  static const char alphabet[] = {'a', 'b', ',', ',', '"', '\n', '\r', ' ',
                                  'x', ',', '"', '\n'};
  char s[96];
  tok_state = 20261203u;
  for (int round = 0; round < 20000; round++) {
    size_t len = tok_rng() % sizeof s;
    for (size_t k = 0; k < len; k++)
      s[k] = alphabet[tok_rng() % sizeof alphabet];
    size_t only = tok_rng() % 5;
    same_rows(s, len, (int)(tok_rng() & 1), only == 4 ? SIZE_MAX : only);
  }
}
END_TEST

static Suite *csv_suite(void) {
  Suite *s = suite_create("reader_csv");
  TCase *tc = tcase_create("headers");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, chinese_aliases);
  tcase_add_test(tc, header_trimmed);
  tcase_add_test(tc, header_errors);
  tcase_add_test(tc, cell_too_long_said);
  tcase_add_test(tc, activity_step_or_label);
  tcase_add_test(tc, date_and_time_columns);
  suite_add_tcase(s, tc);
  tc = tcase_create("serial");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, serial_in_csv);
  tcase_add_test(tc, serial_in_json);
  tcase_add_test(tc, serial_through_the_api);
  tcase_add_test(tc, first_pass_skips_the_rest_of_a_row);
  suite_add_tcase(s, tc);

  tc = tcase_create("tokenizer");
  tcase_set_timeout(tc, 120); /* 20 000 random texts, under sanitizers */
  tcase_add_test(tc, tokenizer_matches_plain_one);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(csv_suite()); }

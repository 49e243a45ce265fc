/*
 * check_reader.c - dp_reader over strings and files: JSON (one object, a
 * streamed array), JSON Lines, and CSV event logs (records.md §5).
 */
#define DP_TEST_ENGINE_FIXTURE
#include "util.h"

#include <unistd.h>


#define MAXREC 16

/* All records of an input: their count; the last return code of
 * dp_reader_next in *end (0 at a clean end), each record's line. */
typedef struct got {
  dp_record *r[MAXREC];
  long line[MAXREC];
  size_t n, unreadable;
  int end;
  dp_format fmt;
  dp_error err;
} got;

static void drain(dp_reader *rd, got *g) {
  dp_record *rec;
  int rc;
  while ((rc = dp_reader_next(rd, &rec, &g->err)) == 1) {
    ck_assert_uint_lt(g->n, MAXREC);
    ck_assert_ptr_nonnull(rec);
    g->line[g->n] = dp_reader_line(rd);
    g->r[g->n++] = rec;
  }
  g->end = rc;
  g->unreadable = dp_reader_unreadable(rd);
  g->fmt = dp_reader_format(rd);
  /* the end stays the end */
  ck_assert_int_eq(dp_reader_next(rd, &rec, NULL), 0);
  ck_assert_ptr_null(rec);
}

static void read_str(got *g, const char *text, size_t len, const char *name,
                     dp_format fmt) {
  memset(g, 0, sizeof *g);
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, text, len, name, fmt, &g->err),
                   0);
  drain(rd, g);
  dp_reader_free(rd);
}

/* Single-quoted JSON (dp_test_sq) */
static void read_sq(got *g, const char *sq, const char *name, dp_format fmt) {
  char *t = dp_test_sq(sq);
  read_str(g, t, strlen(t), name, fmt);
  free(t);
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

/* The invalid_record message of record r (English). */
static char *invalid_message(const dp_record *r) {
  dp_report *rep = check(r);
  ck_assert_uint_eq(dp_report_count(rep), 1);
  const dp_finding *f = dp_report_finding(rep, 0);
  ck_assert_int_eq(dp_finding_code(f), DP_INVALID_RECORD);
  char *m = strdup(dp_finding_message(f, DP_LANG_EN));
  dp_report_free(rep);
  return m;
}

#define REC(id) "{'id':'" id "','procedure':'major_decision','events':[]}"

/* ---------------------------------------------------------------------
 * JSON and JSON Lines
 * ------------------------------------------------------------------- */

START_TEST(json_single_object) {
  got g;
  read_sq(&g, REC("a"), "x", DP_FORMAT_AUTO);
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 1);
  ck_assert_str_eq(dp_record_get(g.r[0], "id"), "a");
  ck_assert_int_eq(g.line[0], 1);
  got_free(&g);
  /* one object over several lines */
  read_sq(&g, "\n{\n 'id': 'b',\n 'procedure': 'major_decision'\n}\n", "x",
          DP_FORMAT_AUTO);
  ck_assert_int_eq(g.fmt, DP_FORMAT_JSON);
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 1);
  ck_assert_str_eq(dp_record_get(g.r[0], "id"), "b");
  ck_assert_int_eq(g.line[0], 2);
  ck_assert_uint_eq(g.unreadable, 0);
  got_free(&g);
  /* empty input: no records */
  read_str(&g, "", 0, "x", DP_FORMAT_AUTO);
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 0);
}
END_TEST

START_TEST(json_array_streamed) {
  got g;
  read_sq(&g, "[\n  " REC("a") ",\n  " REC("b") ",\n\n  " REC("c") "\n]\n",
          "arr.json", DP_FORMAT_AUTO);
  ck_assert_int_eq(g.fmt, DP_FORMAT_JSON);
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 3);
  static const char *const ids[] = {"a", "b", "c"};
  static const long lines[] = {2, 3, 5};
  for (size_t i = 0; i < 3; i++) {
    ck_assert_str_eq(dp_record_get(g.r[i], "id"), ids[i]);
    ck_assert_int_eq(g.line[i], lines[i]);
  }
  got_free(&g);
  /* an element that is not an object is reported, the rest read */
  read_sq(&g, "[1, " REC("a") "]", "arr.json", DP_FORMAT_JSON);
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 2);
  ck_assert_uint_eq(g.unreadable, 1);
  char *m = invalid_message(g.r[0]);
  ck_assert_ptr_nonnull(strstr(m, "arr.json:1:"));
  free(m);
  ck_assert_str_eq(dp_record_get(g.r[1], "id"), "a");
  got_free(&g);
}
END_TEST

START_TEST(json_truncated_array) {
  got g;
  read_sq(&g, "[" REC("a") ",\n", "t.json", DP_FORMAT_JSON);
  ck_assert_uint_eq(g.n, 1);
  ck_assert_int_eq(g.end, DP_EJSON);
  ck_assert_int_eq(g.err.code, DP_EJSON);
  ck_assert_str_eq(g.err.source, "t.json");
  ck_assert_ptr_nonnull(strstr(g.err.text, "not closed"));
  got_free(&g);
}
END_TEST

START_TEST(jsonl_blank_lines_crlf_bom) {
  got g;
  read_sq(&g, REC("a") "\n\n   \n" REC("b") "\n", "l.jsonl", DP_FORMAT_AUTO);
  ck_assert_int_eq(g.fmt, DP_FORMAT_JSONL);
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 2);
  ck_assert_int_eq(g.line[0], 1);
  ck_assert_int_eq(g.line[1], 4);
  ck_assert_uint_eq(g.unreadable, 0);
  got_free(&g);
  read_sq(&g, "\xEF\xBB\xBF" REC("a") "\r\n\r\n" REC("b") "\r\n", "l.jsonl",
          DP_FORMAT_JSONL);
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 2);
  ck_assert_str_eq(dp_record_get(g.r[0], "id"), "a");
  ck_assert_str_eq(dp_record_get(g.r[1], "id"), "b");
  ck_assert_int_eq(g.line[1], 3);
  ck_assert_uint_eq(g.unreadable, 0);
  got_free(&g);
  /* a BOM before a JSON array, format by content */
  read_sq(&g, "\xEF\xBB\xBF[" REC("a") "]", "x", DP_FORMAT_AUTO);
  ck_assert_int_eq(g.fmt, DP_FORMAT_JSON);
  ck_assert_uint_eq(g.n, 1);
  ck_assert_uint_eq(g.unreadable, 0);
  got_free(&g);
}
END_TEST

START_TEST(jsonl_broken_line_in_the_middle) {
  got g;
  read_sq(&g, REC("a") "\n{'id':'b','procedure':\n" REC("c") "\n"
              "{'procedure':'major_decision'}\n" REC("e") "\n",
          "in.jsonl", DP_FORMAT_AUTO);
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 5);
  ck_assert_uint_eq(g.unreadable, 2);
  ck_assert_str_eq(dp_record_get(g.r[0], "id"), "a");
  /* not JSON: no id could be read */
  char *m = invalid_message(g.r[1]);
  ck_assert_msg(strncmp(m, "in.jsonl:2:", 11) == 0, "%s", m);
  free(m);
  dp_report *rep = check(g.r[1]);
  char *js = dp_report_to_json(rep, DP_LANG_ZH, NULL);
  ck_assert_ptr_nonnull(strstr(js, "{\"id\":null,"));
  dp_free(js);
  dp_report_free(rep);
  ck_assert_str_eq(dp_record_get(g.r[2], "id"), "c");
  ck_assert_int_eq(g.line[2], 3);
  /* JSON, but no id */
  m = invalid_message(g.r[3]);
  ck_assert_msg(strncmp(m, "in.jsonl:4:", 11) == 0, "%s", m);
  ck_assert_ptr_nonnull(strstr(m, "no id"));
  free(m);
  ck_assert_str_eq(dp_record_get(g.r[4], "id"), "e");
  got_free(&g);
}
END_TEST

/* ---------------------------------------------------------------------
 * Files
 * ------------------------------------------------------------------- */

static char tmpdir[64];

static char *write_tmp(const char *name, const char *text) {
  if (!tmpdir[0]) {
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dp-reader-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
  }
  size_t n = strlen(tmpdir) + strlen(name) + 2;
  char *path = malloc(n);
  snprintf(path, n, "%s/%s", tmpdir, name);
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  char *t = dp_test_sq(text);
  fputs(t, f);
  free(t);
  fclose(f);
  return path;
}

static void read_file(got *g, const char *path, dp_format fmt) {
  memset(g, 0, sizeof *g);
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open(&rd, path, fmt, &g->err), 0);
  drain(rd, g);
  dp_reader_free(rd);
}

START_TEST(files_by_name_and_content) {
  got g;
  /* by name: .jsonl although it looks like an array */
  char *p1 = write_tmp("a.jsonl", REC("a") "\n" REC("b") "\n");
  read_file(&g, p1, DP_FORMAT_AUTO);
  ck_assert_int_eq(g.fmt, DP_FORMAT_JSONL);
  ck_assert_uint_eq(g.n, 2);
  got_free(&g);
  char *p2 = write_tmp("b.json", "[" REC("a") "," REC("b") "," REC("c") "]");
  read_file(&g, p2, DP_FORMAT_AUTO);
  ck_assert_int_eq(g.fmt, DP_FORMAT_JSON);
  ck_assert_uint_eq(g.n, 3);
  got_free(&g);
  char *p3 = write_tmp("c.csv", "case_id,procedure,step,date\n"
                                "x,major_decision,archiving,2022-06-01\n");
  read_file(&g, p3, DP_FORMAT_AUTO);
  ck_assert_int_eq(g.fmt, DP_FORMAT_CSV);
  ck_assert_uint_eq(g.n, 1);
  ck_assert_str_eq(dp_record_get(g.r[0], "id"), "x");
  got_free(&g);
  /* no known extension: by content */
  char *p4 = write_tmp("d.txt", "case_id,step,date\nx,archiving,2022-06-01\n");
  read_file(&g, p4, DP_FORMAT_AUTO);
  ck_assert_int_eq(g.fmt, DP_FORMAT_CSV);
  ck_assert_uint_eq(g.n, 1);
  got_free(&g);
  /* a broken line names the file */
  char *p5 = write_tmp("e.jsonl", REC("a") "\nnot json\n" REC("c") "\n");
  read_file(&g, p5, DP_FORMAT_AUTO);
  ck_assert_uint_eq(g.n, 3);
  ck_assert_uint_eq(g.unreadable, 1);
  char *m = invalid_message(g.r[1]);
  char want[128];
  snprintf(want, sizeof want, "%s:2:", p5);
  ck_assert_msg(strncmp(m, want, strlen(want)) == 0, "%s", m);
  free(m);
  got_free(&g);
  char *paths[] = {p1, p2, p3, p4, p5};
  for (size_t i = 0; i < 5; i++) {
    unlink(paths[i]);
    free(paths[i]);
  }
  rmdir(tmpdir);
  tmpdir[0] = '\0';

  dp_reader *rd = (dp_reader *)1;
  dp_error err = {0};
  ck_assert_int_eq(dp_reader_open(&rd, "/nonexistent/r.json", DP_FORMAT_AUTO,
                                  &err),
                   DP_EIO);
  ck_assert_ptr_null(rd);
  ck_assert_int_eq(err.code, DP_EIO);
  ck_assert_str_eq(err.source, "/nonexistent/r.json");
  dp_reader_free(NULL);
}
END_TEST

/* ---------------------------------------------------------------------
 * CSV event logs
 * ------------------------------------------------------------------- */

static void read_csv(got *g, const char *text) {
  read_str(g, text, strlen(text), "log.csv", DP_FORMAT_CSV);
}

static void assert_steps(const dp_record *r, const char *const *want,
                         size_t n) {
  ck_assert_uint_eq(dp_record_event_count(r), n);
  for (size_t i = 0; i < n; i++)
    ck_assert_pstr_eq(dp_event_get(r, i, "step"), want[i]);
}

START_TEST(csv_groups_cases) {
  got g;
  read_csv(&g,
           "case_id,procedure,step,date,start,end,result,by,meeting,label\n"
           "A,normative_document,assessment,2022-03-01,,,,,,\n"
           "B,major_decision,public_comment,,2022-03-01,2022-03-30,,,,\n"
           "A,normative_document,public_comment,,2022-03-02,2022-04-01,,,,\n"
           "C,major_decision,archiving,2022-06-01,,,,,,\n"
           "B,major_decision,legality_review,,2022-04-06,2022-04-15,pass,"
           "市司法局,,\n");
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 3);
  ck_assert_str_eq(dp_record_get(g.r[0], "id"), "A");
  ck_assert_str_eq(dp_record_get(g.r[1], "id"), "B");
  ck_assert_str_eq(dp_record_get(g.r[2], "id"), "C");
  ck_assert_int_eq(g.line[0], 2); /* the case's first row */
  ck_assert_int_eq(g.line[1], 3);
  ck_assert_int_eq(g.line[2], 5);
  ck_assert_str_eq(dp_record_get(g.r[0], "procedure"), "normative_document");
  static const char *const a[] = {"assessment", "public_comment"};
  static const char *const b[] = {"public_comment", "legality_review"};
  assert_steps(g.r[0], a, 2);
  assert_steps(g.r[1], b, 2);
  ck_assert_str_eq(dp_event_get(g.r[1], 1, "result"), "pass");
  ck_assert_str_eq(dp_event_get(g.r[1], 1, "by"), "市司法局");
  ck_assert_str_eq(dp_event_get(g.r[1], 0, "end"), "2022-03-30");
  ck_assert_ptr_null(dp_event_get(g.r[1], 0, "date"));
  ck_assert_uint_eq(g.unreadable, 0);
  got_free(&g);
}
END_TEST

/* Events by date, then time, then file order. */
START_TEST(csv_orders_events) {
  got g;
  read_csv(&g,
           "case_id,step,date,start,label\n"
           "A,hearing,2022-03-01,,\n"                               /* 2 */
           "A,publication,2022-05-06T12:00:00,,\n"                  /* 3 */
           "A,filing,2022-05-06T15:00:00,,\n"                       /* 4 */
           "A,,2022-05-06T12:00:00,,公开发布\n"                     /* 5 */
           "A,collective_decision,2022-05-06T09:00:00,,\n"          /* 6 */
           "A,assessment,2022-03-01,,\n"                            /* 7 */
           "A,public_comment,,2022-03-02,\n");                      /* 8 */
  ck_assert_uint_eq(g.n, 1);
  static const char *const want[] = {"hearing", "assessment",
                                     "public_comment", "collective_decision",
                                     "publication", NULL, "filing"};
  /* same day: by time; same day and time (or no time): file order */
  assert_steps(g.r[0], want, 7);
  ck_assert_str_eq(dp_event_get(g.r[0], 5, "label"), "公开发布");
  got_free(&g);
}
END_TEST

START_TEST(csv_process_mining_aliases) {
  got g;
  read_csv(&g, "case:concept:name,concept:name,time:timestamp,org:resource\n"
               "P1,assessment,2022-03-01T10:00:00,科室\n"
               "P1,公开征求意见,2022-03-05T08:00:00,科室\n");
  ck_assert_uint_eq(g.n, 1);
  dp_record *r = g.r[0];
  ck_assert_str_eq(dp_record_get(r, "id"), "P1");
  ck_assert_uint_eq(dp_record_event_count(r), 2);
  ck_assert_str_eq(dp_event_get(r, 0, "step"), "assessment");
  ck_assert_str_eq(dp_event_get(r, 0, "date"), "2022-03-01T10:00:00");
  /* not a canonical step: a label */
  ck_assert_ptr_null(dp_event_get(r, 1, "step"));
  ck_assert_str_eq(dp_event_get(r, 1, "label"), "公开征求意见");
  ck_assert_ptr_null(dp_event_get(r, 0, "by")); /* unknown column */
  got_free(&g);
  read_csv(&g, "case_id,activity,timestamp\nP2,filing,2022-05-20\n");
  ck_assert_uint_eq(g.n, 1);
  ck_assert_str_eq(dp_event_get(g.r[0], 0, "step"), "filing");
  ck_assert_str_eq(dp_event_get(g.r[0], 0, "date"), "2022-05-20");
  got_free(&g);
}
END_TEST

START_TEST(csv_attributes_and_case_fields) {
  got g;
  read_csv(&g, "CASE_ID,Procedure,STEP,Date,ATTR.affects_market,attr.technical,"
               "Doc_Number,title\n"
               "A,normative_document,assessment,2022-03-01,,,,\n"
               "A,normative_document,filing,2022-05-20,true,false,"
               "平政〔2022〕12号,办法\n");
  ck_assert_uint_eq(g.n, 1);
  dp_record *r = g.r[0];
  ck_assert_str_eq(dp_record_get(r, "procedure"), "normative_document");
  ck_assert_int_eq(dp_record_attribute(r, "affects_market"), 1);
  ck_assert_int_eq(dp_record_attribute(r, "technical"), 0);
  ck_assert_str_eq(dp_record_get(r, "doc_number"), "平政〔2022〕12号");
  ck_assert_str_eq(dp_record_get(r, "title"), "办法");
  ck_assert_str_eq(dp_event_get(r, 1, "step"), "filing");
  got_free(&g);
}
END_TEST

START_TEST(csv_quoted_fields) {
  got g;
  read_csv(&g, "case_id,step,date,meeting,label\r\n"
               "A,collective_decision,2022-04-28,\"市政府第15次常务会议,审议\","
               "\"两行\r\n标签，带\"\"引号\"\"\"\r\n"
               "A,publication,2022-05-06,,\r\n"
               "B,archiving,2022-06-01,,\r\n");
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 2);
  dp_record *r = g.r[0];
  ck_assert_uint_eq(dp_record_event_count(r), 2);
  ck_assert_str_eq(dp_event_get(r, 0, "meeting"), "市政府第15次常务会议,审议");
  ck_assert_str_eq(dp_event_get(r, 0, "label"), "两行\r\n标签，带\"引号\"");
  ck_assert_str_eq(dp_event_get(r, 1, "step"), "publication");
  ck_assert_int_eq(g.line[1], 5); /* the quoted new line counts */
  got_free(&g);
}
END_TEST

START_TEST(csv_row_without_case_id) {
  got g;
  read_csv(&g, "case_id,step,date\n"
               "A,assessment,2022-03-01\n"
               ",filing,2022-05-20\n"
               "A,filing,2022-05-20\n");
  ck_assert_int_eq(g.end, 0);
  ck_assert_uint_eq(g.n, 2);
  ck_assert_uint_eq(g.unreadable, 1);
  ck_assert_str_eq(dp_record_get(g.r[0], "id"), "A");
  ck_assert_uint_eq(dp_record_event_count(g.r[0]), 2);
  char *m = invalid_message(g.r[1]);
  ck_assert_msg(strncmp(m, "log.csv:3:", 10) == 0, "%s", m);
  ck_assert_ptr_nonnull(strstr(m, "case_id"));
  free(m);
  got_free(&g);
}
END_TEST

START_TEST(csv_without_case_id_column) {
  got g;
  read_csv(&g, "id,step,date\nA,assessment,2022-03-01\n");
  ck_assert_uint_eq(g.n, 0);
  ck_assert_int_lt(g.end, 0);
  ck_assert_int_eq(g.err.code, g.end);
  ck_assert_str_eq(g.err.source, "log.csv");
  ck_assert_int_eq(g.err.line, 1);
  ck_assert_ptr_nonnull(strstr(g.err.text, "case_id"));
}
END_TEST

START_TEST(csv_bad_date_names_file_and_line) {
  got g;
  read_csv(&g, "case_id,procedure,step,date\n"
               "A,major_decision,archiving,2022-06-01\n"
               "A,major_decision,publication,2022-02-30\n");
  ck_assert_uint_eq(g.n, 1);
  dp_report *rep = check(g.r[0]);
  const dp_finding *f = dp_test_find(rep, "record.date", DP_MALFORMED);
  ck_assert_msg(f != NULL, "%s", dp_test_dump(rep));
  ck_assert_int_eq(dp_finding_severity(f), DP_ERROR);
  ck_assert_msg_has(f, DP_LANG_EN, "log.csv:3:");
  ck_assert_msg_has(f, DP_LANG_EN, "2022-02-30");
  ck_assert_no_finding(rep, "md.publication"); /* it happened */
  dp_report_free(rep);
  got_free(&g);
}
END_TEST

/* The same case as JSON and as CSV gives the same findings. */
START_TEST(csv_and_json_agree) {
  static const char *const json =
      "{'id':'S','procedure':'normative_document','doc_number':'平政[2022]12号',"
      "'attributes':{'affects_market':true,'technical':true},'events':["
      "{'step':'assessment','date':'2022-03-01'},"
      "{'step':'public_comment','start':'2022-03-05','end':'2022-03-25'},"
      "{'step':'expert_review','date':'2022-03-20','signed':false},"
      "{'step':'legality_review','start':'2022-04-08','end':'2022-04-20',"
      "'result':'fail'},"
      "{'label':'市政府常务会议审议通过','date':'2022-04-28'},"
      "{'step':'publication','date':'2022-05-06'},"
      "{'step':'filing','date':'2022-06-20'}]}";
  static const char csv[] =
      "case_id,procedure,step,date,start,end,result,signed,label,"
      "attr.affects_market,attr.technical,doc_number\n"
      "S,normative_document,filing,2022-06-20,,,,,,,,\n"
      "S,normative_document,,2022-04-28,,,,,市政府常务会议审议通过,,,\n"
      "S,normative_document,assessment,2022-03-01,,,,,,true,true,"
      "平政[2022]12号\n"
      "S,normative_document,expert_review,2022-03-20,,,,false,,,,\n"
      "S,normative_document,public_comment,,2022-03-05,2022-03-25,,,,,,\n"
      "S,normative_document,legality_review,,2022-04-08,2022-04-20,fail,,,,,\n"
      "S,normative_document,publication,2022-05-06,,,,,,,,\n";
  dp_report *a = dp_test_check(eng, json);
  got g;
  read_csv(&g, csv);
  ck_assert_uint_eq(g.n, 1);
  dp_report *b = check(g.r[0]);
  ck_assert_uint_ge(dp_report_count(a), 5);
  char *ja = dp_report_to_json(a, DP_LANG_ZH, NULL);
  char *jb = dp_report_to_json(b, DP_LANG_ZH, NULL);
  ck_assert_str_eq(jb, ja);
  dp_free(ja);
  dp_free(jb);
  dp_report_free(a);
  dp_report_free(b);
  got_free(&g);
}
END_TEST

static Suite *reader_suite(void) {
  Suite *s = suite_create("reader");
  TCase *tc = tcase_create("reader");
  tcase_add_unchecked_fixture(tc, setup, teardown);
  tcase_add_test(tc, json_single_object);
  tcase_add_test(tc, json_array_streamed);
  tcase_add_test(tc, json_truncated_array);
  tcase_add_test(tc, jsonl_blank_lines_crlf_bom);
  tcase_add_test(tc, jsonl_broken_line_in_the_middle);
  tcase_add_test(tc, files_by_name_and_content);
  tcase_add_test(tc, csv_groups_cases);
  tcase_add_test(tc, csv_orders_events);
  tcase_add_test(tc, csv_process_mining_aliases);
  tcase_add_test(tc, csv_attributes_and_case_fields);
  tcase_add_test(tc, csv_quoted_fields);
  tcase_add_test(tc, csv_row_without_case_id);
  tcase_add_test(tc, csv_without_case_id_column);
  tcase_add_test(tc, csv_bad_date_names_file_and_line);
  tcase_add_test(tc, csv_and_json_agree);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(reader_suite()); }

/*
 * check_reader_table.c - dp_reader_open_table(): a table of cells read as
 * a CSV event log (read_csv.c) without CSV text.
 *
 * The same log as CSV text (one line a row, so a row's line is the same
 * both ways) and as a table of its cells: every record, finding and
 * message is the same, and so are the header errors, the unreadable rows
 * and the reader's counts.
 */
#define DP_TEST_ENGINE_FIXTURE
#include "util.h"

#include <stdint.h>

#define MAXCOLS 24
#define MAXROWS 4096

/* A CSV text of simple rows (no quotes) split into its cells. */
typedef struct table {
  char *text;
  size_t ncols, nrows;
  const char *header[MAXCOLS];
  const char *cell[MAXROWS][MAXCOLS];
  size_t len[MAXROWS][MAXCOLS]; /* SIZE_MAX: strlen */
  size_t calls;
} table;

static void split(table *t, const char *csv) {
  memset(t, 0, sizeof *t);
  t->text = strdup(csv);
  ck_assert_ptr_nonnull(t->text);
  char *line = t->text, *next;
  int header = 1;
  for (; line && *line; line = next) {
    next = strchr(line, '\n');
    if (next) *next++ = '\0';
    size_t c = 0;
    const char **row = header ? t->header : t->cell[t->nrows];
    for (char *f = line, *comma;; f = comma + 1) {
      comma = strchr(f, ',');
      if (comma) *comma = '\0';
      ck_assert_uint_lt(c, MAXCOLS);
      row[c++] = f;
      if (!comma) break;
    }
    if (header) {
      t->ncols = c;
      header = 0;
    } else {
      ck_assert_uint_eq(c, t->ncols);
      for (size_t k = 0; k < c; k++) t->len[t->nrows][k] = SIZE_MAX;
      t->nrows++;
    }
  }
}

static const char *cell(void *data, size_t row, size_t col, size_t *len) {
  table *t = data;
  t->calls++;
  ck_assert_uint_lt(row, t->nrows);
  ck_assert_uint_lt(col, t->ncols);
  const char *v = t->cell[row][col];
  *len = t->len[row][col] == SIZE_MAX ? strlen(v) : t->len[row][col];
  /* an empty cell may also be NULL */
  return *len ? v : NULL;
}

/* Every record of rd: id, line, findings and their messages. */
static void dump(dp_reader *rd, dp__buf *out, int *last_rc) {
  dp_record *r;
  dp_error err = {0};
  int rc;
  while ((rc = dp_reader_next(rd, &r, &err)) == 1) {
    dp_report *rep = NULL;
    ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
    char head[160];
    snprintf(head, sizeof head, "%s @%ld events=%zu\n",
             dp_report_id(rep) ? dp_report_id(rep) : "(none)",
             dp_reader_line(rd), dp_record_event_count(r));
    dp__buf_adds(out, head);
    for (size_t i = 0; i < dp_report_count(rep); i++) {
      const dp_finding *f = dp_report_finding(rep, i);
      dp__buf_adds(out, dp_finding_rule(f));
      dp__buf_adds(out, " ");
      dp__buf_adds(out, dp_finding_message(f, DP_LANG_EN));
      dp__buf_adds(out, " | ");
      dp__buf_adds(out, dp_finding_message(f, DP_LANG_ZH));
      dp__buf_adds(out, "\n");
    }
    dp_report_free(rep);
    dp_record_free(r);
  }
  if (rc < 0) {
    dp__buf_adds(out, "error: ");
    dp__buf_adds(out, err.text);
    dp__buf_adds(out, "\n");
  }
  char tail[64];
  snprintf(tail, sizeof tail, "unreadable=%zu\n", dp_reader_unreadable(rd));
  dp__buf_adds(out, tail);
  *last_rc = rc;
}

/* The log read as text and as a table gives the same output. */
static void same_both_ways(const char *csv, int want_rc) {
  static table t;
  split(&t, csv);
  dp__buf a = {0}, b = {0};
  dp_reader *rd = NULL;
  int rca, rcb;
  ck_assert_int_eq(dp_reader_open_string(&rd, csv, strlen(csv), "log",
                                         DP_FORMAT_CSV, NULL), 0);
  dump(rd, &a, &rca);
  dp_reader_free(rd);
  ck_assert_int_eq(dp_reader_open_table(&rd, "log", t.ncols, t.header,
                                        t.nrows, cell, &t, NULL), 0);
  ck_assert_int_eq(dp_reader_format(rd), DP_FORMAT_CSV);
  dump(rd, &b, &rcb);
  dp_reader_free(rd);
  ck_assert(!a.oom && !b.oom);
  ck_assert_int_eq(rca, want_rc);
  ck_assert_int_eq(rcb, want_rc);
  ck_assert_msg(a.len == b.len && memcmp(a.s, b.s, a.len) == 0,
                "text:\n%.*s\ntable:\n%.*s", (int)a.len, a.s, (int)b.len,
                b.s);
  dp__buf_free(&a);
  dp__buf_free(&b);
  free(t.text);
}

static uint32_t rng_state = 7;
static uint32_t rng(void) {
  rng_state = rng_state * 1664525u + 1013904223u;
  return rng_state >> 8;
}

START_TEST(table_same_as_text) {
  static const char *const steps[] = {
      "assessment",          "public_comment", "legality_review",
      "collective_decision", "publication",    "filing"};
  dp__buf csv = {0};
  dp__buf_adds(&csv, "case_id,procedure,activity,date,by,signed,"
                     "attr.technical,title\n");
  /* cases with their rows together and spread out, steps out of order,
   * labels, bad booleans and dates, rows without a case id */
  for (int i = 0; i < 3000; i++) {
    int c = (int)(rng() % 500), k = (int)(rng() % 6);
    char row[400];
    const char *act = rng() % 9 == 0 ? "在政府网站公开征求意见" : steps[k];
    const char *date = rng() % 97 == 0 ? "2023-02-30" : NULL;
    char d[16];
    if (!date) {
      snprintf(d, sizeof d, "2023-%02d-%02d", 1 + k * 2, 1 + c % 28);
      date = d;
    }
    char id[16] = "";
    if (rng() % 200 != 0) snprintf(id, sizeof id, "C%03d", c);
    snprintf(row, sizeof row, "%s,normative_document,%s,%s,L%d,%s,%s,%s\n",
             id, act, date, i, rng() % 50 == 0 ? "maybe" : "true",
             rng() % 3 == 0 ? "" : "false", c % 7 ? "" : "关于 办法");
    dp__buf_adds(&csv, row);
  }
  ck_assert(!csv.oom);
  same_both_ways(csv.s, 0);
  dp__buf_free(&csv);
}
END_TEST

START_TEST(table_aliases_and_times) {
  same_both_ways("编号,事项类型,步骤,日期,时间,承办人\n"
                 "A-1,normative_document,legality_review,2023-03-01,"
                 "09:30,甲\n"
                 "A-1,normative_document,assessment,2023-03-01,08:00,乙\n"
                 "A-2,major_decision,public_comment,45000,,丙\n",
                 0);
}
END_TEST

START_TEST(table_header_errors) {
  same_both_ways("case_id,step,by\nA,assessment,x\n", DP_ERECORD);
  same_both_ways("step,date\nassessment,2023-01-01\n", DP_ERECORD);
}
END_TEST

START_TEST(table_nul_in_a_cell) {
  static table t;
  split(&t, "case_id,step,date,by,procedure\n"
            "A,assessment,2023-01-01,x,normative_document\n"
            "B,assessment,2023-01-01,y,normative_document\n"
            "A,filing,2023-02-01,z,normative_document\n");
  /* a NUL in a case id: the row is unreadable (as in CSV text); in
   * another cell: the row is skipped, said so on its record */
  t.cell[1][0] = "B\0B";
  t.len[1][0] = 3;
  t.cell[2][3] = "z\0z";
  t.len[2][3] = 3;
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_table(&rd, NULL, t.ncols, t.header,
                                        t.nrows, cell, &t, NULL), 0);
  dp_record *r;
  ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 1);
  ck_assert_str_eq(dp_record_get(r, "id"), "A");
  ck_assert_uint_eq(dp_record_event_count(r), 1);
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  int nul = 0;
  for (size_t i = 0; i < dp_report_count(rep); i++)
    nul |= strstr(dp_finding_message(dp_report_finding(rep, i), DP_LANG_EN),
                  "<table>:4: NUL byte") != NULL;
  ck_assert_msg(nul, "no NUL message:%s", dp_test_dump(rep));
  dp_report_free(rep);
  dp_record_free(r);
  ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 1);
  ck_assert_int_eq(dp_record_readable(r), 0);
  ck_assert_int_eq(dp_reader_line(rd), 3);
  dp_record_free(r);
  ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 0);
  ck_assert_uint_eq(dp_reader_unreadable(rd), 1);
  dp_reader_free(rd);
  free(t.text);
}
END_TEST

START_TEST(table_empty_and_bad_arguments) {
  dp_reader *rd = (dp_reader *)1;
  dp_record *r;
  ck_assert_int_eq(dp_reader_open_table(&rd, NULL, 0, NULL, 0, cell, NULL,
                                        NULL), 0);
  ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 0);
  dp_reader_free(rd);
  const char *h[] = {"case_id", "date"};
  ck_assert_int_eq(dp_reader_open_table(&rd, NULL, 2, h, 0, cell, NULL,
                                        NULL), 0);
  ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 0);
  dp_reader_free(rd);
  ck_assert_int_eq(dp_reader_open_table(&rd, NULL, 2, h, 1, NULL, NULL,
                                        NULL), DP_EINVAL);
  ck_assert_ptr_null(rd);
  ck_assert_int_eq(dp_reader_open_table(&rd, NULL, 2, NULL, 1, cell, NULL,
                                        NULL), DP_EINVAL);
  ck_assert_int_eq(dp_reader_open_table(NULL, NULL, 2, h, 1, cell, NULL,
                                        NULL), DP_EINVAL);
}
END_TEST

START_TEST(table_cells_asked_once_a_pass) {
  static table t;
  split(&t, "case_id,step,date,ignored\nA,assessment,2023-01-01,x\n"
            "B,assessment,2023-01-01,y\nA,filing,2023-02-01,z\n");
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_table(&rd, NULL, t.ncols, t.header,
                                        t.nrows, cell, &t, NULL), 0);
  dp_record *r;
  while (dp_reader_next(rd, &r, NULL) == 1) dp_record_free(r);
  dp_reader_free(rd);
  /* the case ids once, then every cell once */
  ck_assert_uint_le(t.calls, t.nrows + t.nrows * t.ncols);
  free(t.text);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("reader_table");
  TCase *tc = tcase_create("table");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, table_same_as_text);
  tcase_add_test(tc, table_aliases_and_times);
  tcase_add_test(tc, table_header_errors);
  tcase_add_test(tc, table_nul_in_a_cell);
  tcase_add_test(tc, table_empty_and_bad_arguments);
  tcase_add_test(tc, table_cells_asked_once_a_pass);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(suite()); }

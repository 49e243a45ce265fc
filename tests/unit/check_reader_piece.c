/*
 * check_reader_piece.c - reading in two steps: dp_reader_next_piece cuts
 * the input of each record (a JSON text, a CSV case's rows, a table
 * case's cells), dp_piece_record makes its record, later, in any order,
 * after the reader is gone.  Together they must give exactly what
 * dp_reader_next gives: the same reports byte for byte (unreadable
 * records' messages name file:line), the same lines, the same unreadable
 * count, the same end.  dp_record_from_text, a JSON text alone.
 */
#define DP_TEST_ENGINE_FIXTURE
#include "util.h"

#include <unistd.h>


/* One pass over an input: the reports as JSON lines, each record's line,
 * how many were unreadable, the end code and its message. */
typedef struct pass {
  char **json;
  long *line;
  size_t n, cap, unreadable, from_reader;
  int end;
  char errmsg[512];
} pass;

static void pass_add(pass *p, const dp_record *r, long line) {
  if (p->n == p->cap) {
    p->cap = p->cap ? 2 * p->cap : 16;
    p->json = realloc(p->json, p->cap * sizeof *p->json);
    p->line = realloc(p->line, p->cap * sizeof *p->line);
    ck_assert_ptr_nonnull(p->json);
    ck_assert_ptr_nonnull(p->line);
  }
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  /* readable ⇔ not reported as invalid_record */
  int invalid = dp_report_count(rep) > 0 &&
                dp_finding_code(dp_report_finding(rep, 0)) == DP_INVALID_RECORD;
  ck_assert_int_eq(dp_record_readable(r), !invalid);
  if (invalid) p->unreadable++;
  p->json[p->n] = dp_report_to_json(rep, DP_LANG_ZH, NULL);
  ck_assert_ptr_nonnull(p->json[p->n]);
  p->line[p->n++] = line;
  dp_report_free(rep);
}

static void pass_end(pass *p, int rc, const dp_error *err) {
  p->end = rc;
  p->errmsg[0] = '\0';
  if (rc < 0 && err->code) dp_error_format(err, p->errmsg, sizeof p->errmsg);
}

static void pass_free(pass *p) {
  for (size_t i = 0; i < p->n; i++) dp_free(p->json[i]);
  free(p->json);
  free(p->line);
  memset(p, 0, sizeof *p);
}

/* dp_reader_next */
static void one_step(dp_reader *rd, pass *p) {
  dp_error err = {0};
  dp_record *r;
  int rc;
  while ((rc = dp_reader_next(rd, &r, &err)) == 1) {
    pass_add(p, r, dp_reader_line(rd));
    dp_record_free(r);
  }
  pass_end(p, rc, &err);
  p->from_reader = dp_reader_unreadable(rd);
  ck_assert_uint_eq(p->from_reader, p->unreadable);
}

/* dp_reader_next_piece for every piece first, then (the reader freed,
 * and the source of a table overwritten by `spoil`) dp_piece_record for
 * each, last piece first: a piece holds all it needs. */
static void two_steps(dp_reader *rd, pass *p, void (*spoil)(void *),
                      void *data) {
  dp_error err = {0};
  dp_piece **pc = NULL;
  size_t n = 0, cap = 0;
  int rc;
  dp_piece *x = NULL;
  while ((rc = dp_reader_next_piece(rd, &x, &err)) == 1) {
    ck_assert_ptr_nonnull(x);
    if (n == cap) {
      cap = cap ? 2 * cap : 16;
      pc = realloc(pc, cap * sizeof *pc);
      ck_assert_ptr_nonnull(pc);
    }
    /* the line of the record, as dp_reader_line gives it */
    ck_assert_int_eq(dp_piece_line(x), dp_reader_line(rd));
    pc[n++] = x;
    x = NULL; /* kept: the next one is new */
  }
  ck_assert_ptr_null(x);
  pass_end(p, rc, &err);
  /* the end stays the end */
  ck_assert_int_eq(dp_reader_next_piece(rd, &x, NULL), 0);
  ck_assert_ptr_null(x);
  /* the reader counts only the unreadable records it made itself */
  p->from_reader = dp_reader_unreadable(rd);
  dp_reader_free(rd);
  if (spoil) spoil(data);
  dp_record **recs = calloc(n ? n : 1, sizeof *recs);
  ck_assert_ptr_nonnull(recs);
  for (size_t i = n; i-- > 0;) {
    ck_assert_int_eq(dp_piece_record(pc[i], &recs[i], NULL), 0);
    ck_assert_ptr_nonnull(recs[i]);
    /* once */
    dp_record *again = (dp_record *)1;
    ck_assert_int_eq(dp_piece_record(pc[i], &again, NULL), DP_EINVAL);
    ck_assert_ptr_null(again);
  }
  for (size_t i = 0; i < n; i++) {
    pass_add(p, recs[i], dp_piece_line(pc[i]));
    dp_record_free(recs[i]);
    dp_piece_free(pc[i]);
  }
  ck_assert_uint_le(p->from_reader, p->unreadable);
  free(recs);
  free(pc);
}

/* dp_reader_next_piece into one piece used again and again, each made
 * at once: as dp_reader_next. */
static void reused(dp_reader *rd, pass *p) {
  dp_error err = {0};
  dp_piece *x = NULL;
  int rc;
  while ((rc = dp_reader_next_piece(rd, &x, &err)) == 1) {
    dp_record *r = NULL;
    ck_assert_int_eq(dp_piece_record(x, &r, NULL), 0);
    pass_add(p, r, dp_piece_line(x));
    dp_record_free(r);
  }
  ck_assert_ptr_null(x); /* freed at the end */
  pass_end(p, rc, &err);
  p->from_reader = dp_reader_unreadable(rd);
  dp_reader_free(rd);
}

static void same(const pass *a, const pass *b) {
  ck_assert_uint_eq(b->n, a->n);
  for (size_t i = 0; i < a->n; i++) {
    ck_assert_str_eq(b->json[i], a->json[i]);
    ck_assert_int_eq(b->line[i], a->line[i]);
  }
  ck_assert_uint_eq(b->unreadable, a->unreadable);
  ck_assert_int_eq(b->end, a->end);
  ck_assert_str_eq(b->errmsg, a->errmsg);
}

/* Both ways over text in memory; returns the number of records and
 * unreadable ones, for the caller to check the input did what it meant. */
static void compare_string(const char *text, const char *name, dp_format fmt,
                           size_t *n, size_t *unreadable) {
  pass a = {0}, b = {0};
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, text, strlen(text), name, fmt,
                                         NULL),
                   0);
  one_step(rd, &a);
  dp_reader_free(rd);
  ck_assert_int_eq(dp_reader_open_string(&rd, text, strlen(text), name, fmt,
                                         NULL),
                   0);
  two_steps(rd, &b, NULL, NULL);
  same(&a, &b);
  pass_free(&b);
  ck_assert_int_eq(dp_reader_open_string(&rd, text, strlen(text), name, fmt,
                                         NULL),
                   0);
  reused(rd, &b);
  same(&a, &b);
  *n = a.n;
  *unreadable = a.unreadable;
  pass_free(&a);
  pass_free(&b);
}

/* Both ways over a file (read in 64 KiB pieces: texts across them). */
static void compare_file(const char *text, const char *ext, size_t *n,
                         size_t *unreadable) {
  char path[64];
  snprintf(path, sizeof path, "/tmp/dp-reader-piece-%ld%s", (long)getpid(),
           ext);
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  ck_assert_int_eq(fclose(f), 0);
  pass a = {0}, b = {0};
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open(&rd, path, DP_FORMAT_AUTO, NULL), 0);
  one_step(rd, &a);
  dp_reader_free(rd);
  ck_assert_int_eq(dp_reader_open(&rd, path, DP_FORMAT_AUTO, NULL), 0);
  two_steps(rd, &b, NULL, NULL);
  same(&a, &b);
  pass_free(&b);
  ck_assert_int_eq(dp_reader_open(&rd, path, DP_FORMAT_AUTO, NULL), 0);
  reused(rd, &b);
  unlink(path);
  same(&a, &b);
  *n = a.n;
  *unreadable = a.unreadable;
  pass_free(&a);
  pass_free(&b);
}

/* A growing string. */
typedef struct sbuf {
  char *s;
  size_t len, cap;
} sbuf;

static void sb_add(sbuf *b, const char *s) {
  size_t n = strlen(s);
  if (b->len + n + 1 > b->cap) {
    b->cap = (b->len + n + 1) * 2;
    b->s = realloc(b->s, b->cap);
    ck_assert_ptr_nonnull(b->s);
  }
  memcpy(b->s + b->len, s, n + 1);
  b->len += n;
}

#define GOOD1                                                                 \
  "{\"id\":\"nd-1\",\"procedure\":\"normative_document\",\"title\":\"示例"    \
  "\",\"authority\":\"平顶山市人民政府\",\"doc_number\":\"平政〔2023〕5号\"," \
  "\"events\":[{\"step\":\"assessment\",\"date\":\"2023-03-01\"},"           \
  "{\"step\":\"public_comment\",\"start\":\"2023-03-06\",\"end\":"           \
  "\"2023-03-17\"},{\"step\":\"legality_review\",\"start\":\"2023-03-20\","  \
  "\"end\":\"2023-03-31\",\"result\":\"fail\"},{\"step\":"                   \
  "\"collective_decision\",\"date\":\"2023-04-11\",\"meeting\":"             \
  "\"市政府常务会议\"},{\"step\":\"publication\",\"date\":\"2023-04-20\"},"  \
  "{\"step\":\"filing\",\"date\":\"2023-05-10\"}]}"
#define GOOD2                                                                 \
  "{\"id\":\"md-2\",\"procedure\":\"major_decision\",\"events\":[{\"label\":" \
  "\"修改后重新进行合法性审查\",\"start\":\"2022-04-18\",\"end\":"           \
  "\"2022-04-27\",\"result\":\"pass\"},{\"step\":\"publication\",\"date\":"  \
  "\"2022-05-16\"}]}"
#define DEEP_OPEN                                                             \
  "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
#define DEEP_CLOSE                                                            \
  "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
/* a record nested deeper than the limit */
#define DEEP "{\"id\":\"deep\",\"procedure\":\"major_decision\",\"x\":" \
  DEEP_OPEN DEEP_CLOSE "}"

START_TEST(jsonl_same_both_ways) {
  const char *text =
      "\xEF\xBB\xBF" GOOD1 "\n"
      "\n"
      "   \r\n" GOOD2 "\r\n"
      "{\"id\":\"broken\",\"procedure\":\n"      /* incomplete JSON */
      "not json at all\n"
      "{\"id\":\"x\"} trailing\n"                 /* content after the value */
      "[1, 2, 3]\n"                               /* not an object */
      "\"a string\"\n"
      "{\"procedure\":\"major_decision\"}\n"      /* no id */
      "{\"id\":7,\"procedure\":\"major_decision\"}\n" /* id not a string */
      DEEP "\n"
      "{\"id\":\"bad-date\",\"procedure\":\"major_decision\",\"events\":"
      "[{\"step\":\"publication\",\"date\":\"2023-02-30\"}]}\n" GOOD2;
  size_t n, bad;
  compare_string(text, "in.jsonl", DP_FORMAT_JSONL, &n, &bad);
  ck_assert_uint_eq(n, 12);
  ck_assert_uint_ge(bad, 7);
  compare_string(text, NULL, DP_FORMAT_AUTO, &n, &bad);
  ck_assert_uint_eq(n, 12);
  compare_file(text, ".jsonl", &n, &bad);
  ck_assert_uint_eq(n, 12);
}
END_TEST

START_TEST(json_array_same_both_ways) {
  const char *text =
      "[\n" GOOD1 ",\n"
      "  {\n"
      "    \"id\": \"multi\",\n"
      "    \"procedure\": \"major_decision\",\n"
      "    \"events\": [ { \"step\": \"publication\", \"date\": 2023 } ]\n"
      "  },\n"
      "  {\n"
      "    \"id\": \"syntax\",\n"
      "    \"procedure\": tru\n"                  /* error on its 3rd line */
      "  },\n"
      "  42, \"text\", [1], null,\n"              /* not objects */
      "  " DEEP ",\n"
      "  {\"procedure\":\"normative_document\"},\n"
      "  " GOOD2 "\n"
      "]\n"
      "} " GOOD2 " ]\n" /* stray brackets, a value after the array */
      "[" GOOD2 "]\n";
  size_t n, bad;
  compare_string(text, "in.json", DP_FORMAT_JSON, &n, &bad);
  ck_assert_uint_ge(n, 12);
  ck_assert_uint_ge(bad, 8);
  compare_string(text, "in.json", DP_FORMAT_AUTO, &n, &bad);
  compare_file(text, ".json", &n, &bad);
  ck_assert_uint_ge(n, 12);
  /* an array that is not closed: the same error at the same place */
  compare_string("[" GOOD1 ",\n" GOOD2 ",\n", "open.json", DP_FORMAT_JSON, &n,
                 &bad);
  ck_assert_uint_eq(n, 2);
  /* one object, several values, nothing */
  compare_string(GOOD1 "\n" GOOD2 "\n{}", "v.json", DP_FORMAT_JSON, &n, &bad);
  ck_assert_uint_eq(n, 3);
  compare_string("", "e.json", DP_FORMAT_JSON, &n, &bad);
  ck_assert_uint_eq(n, 0);
}
END_TEST

START_TEST(large_files_across_buffers) {
  /* some hundred KiB, so texts straddle the reader's 64 KiB reads */
  sbuf jl = {0}, js = {0};
  sb_add(&js, "[\n");
  for (int i = 0; i < 600; i++) {
    const char *rec = i % 7 == 3 ? "{\"id\":\"cut\",\"procedure\":" /* broken */
                      : i % 11 == 5 ? DEEP
                      : i % 2       ? GOOD1
                                    : GOOD2;
    sb_add(&jl, rec);
    sb_add(&jl, "\n");
    if (i % 7 == 3) continue; /* keep the array well-formed */
    sb_add(&js, i ? ",\n" : "");
    sb_add(&js, rec);
  }
  sb_add(&js, "\n]\n");
  size_t n, bad;
  compare_file(jl.s, ".jsonl", &n, &bad);
  ck_assert_uint_eq(n, 600);
  ck_assert_uint_gt(bad, 100);
  compare_file(js.s, ".json", &n, &bad);
  ck_assert_uint_gt(n, 500);
  ck_assert_uint_gt(bad, 40);
  free(jl.s);
  free(js.s);
}
END_TEST

START_TEST(stray_bracket_is_made_by_the_reader) {
  dp_reader *rd = NULL;
  const char *text = "] " GOOD2;
  ck_assert_int_eq(dp_reader_open_string(&rd, text, strlen(text), "s.json",
                                         DP_FORMAT_JSON, NULL),
                   0);
  dp_piece *p = NULL;
  ck_assert_int_eq(dp_reader_next_piece(rd, &p, NULL), 1);
  ck_assert_int_eq(dp_piece_line(p), 1);
  /* made by the reader, and counted by it */
  ck_assert_uint_eq(dp_reader_unreadable(rd), 1);
  dp_record *r = NULL;
  ck_assert_int_eq(dp_piece_record(p, &r, NULL), 0);
  ck_assert_int_eq(dp_record_readable(r), 0);
  dp_record_free(r);
  dp_piece_free(p);
  /* a piece not made into its record is freed with it (valgrind) */
  p = NULL;
  ck_assert_int_eq(dp_reader_next_piece(rd, &p, NULL), 1);
  dp_piece_free(p);
  ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 0);
  ck_assert_ptr_null(r);
  dp_reader_free(rd);
  /* one piece by each way, mixed */
  const char *two = GOOD2 "\n" GOOD1 "\n";
  ck_assert_int_eq(dp_reader_open_string(&rd, two, strlen(two), "m.jsonl",
                                         DP_FORMAT_JSONL, NULL),
                   0);
  p = NULL;
  ck_assert_int_eq(dp_reader_next_piece(rd, &p, NULL), 1);
  ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 1);
  ck_assert_str_eq(dp_record_get(r, "id"), "nd-1");
  dp_record_free(r);
  ck_assert_int_eq(dp_piece_record(p, &r, NULL), 0);
  ck_assert_str_eq(dp_record_get(r, "id"), "md-2");
  dp_record_free(r);
  dp_piece_free(p);
  dp_reader_free(rd);
  /* bad arguments (a piece passed in is freed: valgrind) */
  p = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, two, strlen(two), "m.jsonl",
                                         DP_FORMAT_JSONL, NULL),
                   0);
  ck_assert_int_eq(dp_reader_next_piece(rd, &p, NULL), 1);
  dp_reader_free(rd);
  ck_assert_int_eq(dp_reader_next_piece(NULL, &p, NULL), DP_EINVAL);
  ck_assert_ptr_null(p);
  ck_assert_int_eq(dp_reader_next_piece(NULL, NULL, NULL), DP_EINVAL);
  ck_assert_int_eq(dp_piece_record(NULL, &r, NULL), DP_EINVAL);
  ck_assert_ptr_null(r);
  ck_assert_int_eq(dp_piece_line(NULL), 0);
  dp_piece_free(NULL);
}
END_TEST

START_TEST(from_text_alone) {
  dp_record *r = NULL;
  ck_assert_int_eq(dp_record_from_text(&r, GOOD2, strlen(GOOD2), "f.jsonl", 9),
                   0);
  ck_assert_int_eq(dp_record_readable(r), 1);
  ck_assert_str_eq(dp_record_get(r, "id"), "md-2");
  dp_record_free(r);
  /* an unreadable one names source:line, or <string>:line */
  ck_assert_int_eq(dp_record_from_text(&r, "{", 1, NULL, 4), 0);
  ck_assert_int_eq(dp_record_readable(r), 0);
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  ck_assert_uint_eq(dp_report_count(rep), 1);
  const char *m = dp_finding_message(dp_report_finding(rep, 0), DP_LANG_EN);
  ck_assert_msg(strncmp(m, "<string>:4: ", 12) == 0, "message: %s", m);
  dp_report_free(rep);
  dp_record_free(r);
  /* empty text: unreadable, not an error */
  ck_assert_int_eq(dp_record_from_text(&r, NULL, 0, "f", 1), 0);
  ck_assert_int_eq(dp_record_readable(r), 0);
  dp_record_free(r);
  ck_assert_int_eq(dp_record_from_text(NULL, "{}", 2, "f", 1), DP_EINVAL);
  ck_assert_int_eq(dp_record_from_text(&r, NULL, 2, "f", 1), DP_EINVAL);
  ck_assert_ptr_null(r);
  ck_assert_int_eq(dp_record_readable(NULL), 0);
  /* a record made by hand is readable (a missing id is another finding) */
  r = dp_test_record(NULL);
  ck_assert_int_eq(dp_record_readable(r), 1);
  dp_record_free(r);
}
END_TEST

/* A CSV log whose cases' rows are apart (several runs), with a blank
 * line, a row without case_id, a row of the wrong width, an unknown step,
 * dates in two columns, a quoted cell over two lines. */
#define LOG                                                                   \
  "case_id,procedure,step,date,日期,result,label,attr.technical\n"            \
  "a,major_decision,public_comment,2023-01-05,,,,true\n"                      \
  "b,normative_document,assessment,2023-02-01,,,\"两行\n的标签\",\n"          \
  "\n"                                                                        \
  ",major_decision,publication,2023-01-06,,,,\n"                             \
  "a,major_decision,legality_review,2023-01-20,2023-01-21,不通过,,\n"        \
  "b,normative_document,bogus_step,2023-02-03,,,,maybe\n"                     \
  "a,major_decision,collective_decision,2023-02-01\n"                        \
  "c,major_decision,publication,2023-03-01,,,,\n"                            \
  "a,major_decision,publication,2023-02-10,,,,\n"

START_TEST(csv_same_both_ways) {
  size_t n, bad;
  compare_string(LOG, "log.csv", DP_FORMAT_CSV, &n, &bad);
  ck_assert_uint_eq(n, 4); /* a, b, the row without id, c */
  ck_assert_uint_eq(bad, 1);
  compare_file(LOG, ".csv", &n, &bad);
  ck_assert_uint_eq(n, 4);
  /* a quote never closed: the rest of the file is one unreadable place */
  compare_string(LOG "d,major_decision,\"publication,2023-03-01\n", "q.csv",
                 DP_FORMAT_CSV, &n, &bad);
  ck_assert_uint_eq(n, 5);
  ck_assert_uint_eq(bad, 2);
  /* a header without a date column: the same error both ways */
  compare_string("case_id,step\na,publication\n", "h.csv", DP_FORMAT_CSV, &n,
                 &bad);
  ck_assert_uint_eq(n, 0);
  /* a ledger (one record a row, made by the reader itself) */
  compare_file("文件名称,文件类型,文号,制定机关,公布日期\n"
               "某某办法,行政规范性文件,豫政〔2023〕5号,河南省人民政府,"
               "2023-04-20\n",
               ".csv", &n, &bad);
  ck_assert_uint_eq(n, 1);
}
END_TEST

/* The same log as a table of cells; spoil() overwrites every cell once
 * the pieces are taken, so a record made from a piece that still pointed
 * into the table would differ. */
typedef struct tab {
  char *cells[16][8];
  size_t nrows, ncols;
} tab;

static const char *tab_cell(void *data, size_t row, size_t col, size_t *len) {
  tab *t = data;
  *len = strlen(t->cells[row][col]);
  return t->cells[row][col];
}

static void tab_spoil(void *data) {
  tab *t = data;
  for (size_t i = 0; i < t->nrows; i++)
    for (size_t c = 0; c < t->ncols; c++)
      memset(t->cells[i][c], 'x', strlen(t->cells[i][c]));
}

START_TEST(table_same_both_ways) {
  static const char *const header[] = {"case_id", "procedure", "step", "date",
                                       "result"};
  static const char *const rows[][5] = {
      {"a", "major_decision", "public_comment", "2023-01-05", ""},
      {"b", "normative_document", "assessment", "2023-02-01", ""},
      {"a", "major_decision", "legality_review", "2023-01-20", "不通过"},
      {"", "major_decision", "publication", "2023-01-06", ""},
      {"a", "major_decision", "publication", "2023-02-10", ""},
  };
  pass a = {0}, b = {0};
  tab t = {.nrows = 5, .ncols = 5};
  for (int k = 0; k < 2; k++) {
    for (size_t i = 0; i < t.nrows; i++)
      for (size_t c = 0; c < t.ncols; c++) {
        free(t.cells[i][c]);
        t.cells[i][c] = strdup(rows[i][c]);
        ck_assert_ptr_nonnull(t.cells[i][c]);
      }
    dp_reader *rd = NULL;
    ck_assert_int_eq(dp_reader_open_table(&rd, "tab", 5, header, t.nrows,
                                          tab_cell, &t, NULL),
                     0);
    if (k == 0) {
      one_step(rd, &a);
      dp_reader_free(rd);
    } else {
      two_steps(rd, &b, tab_spoil, &t);
    }
  }
  same(&a, &b);
  ck_assert_uint_eq(a.n, 3);
  ck_assert_uint_eq(a.unreadable, 1);
  /* a's record, made from copies of cells since overwritten with x */
  ck_assert_ptr_nonnull(strstr(b.json[0], "\"a\""));
  ck_assert_ptr_nonnull(strstr(b.json[0], "md.comment-30d"));
  ck_assert_ptr_null(strstr(b.json[0], "xxx"));
  pass_free(&a);
  pass_free(&b);
  for (size_t i = 0; i < t.nrows; i++)
    for (size_t c = 0; c < t.ncols; c++) free(t.cells[i][c]);
}
END_TEST

static Suite *reader_piece_suite(void) {
  Suite *s = suite_create("reader_piece");
  TCase *tc = tcase_create("reader_piece");
  tcase_add_unchecked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, jsonl_same_both_ways);
  tcase_add_test(tc, json_array_same_both_ways);
  tcase_add_test(tc, large_files_across_buffers);
  tcase_add_test(tc, stray_bracket_is_made_by_the_reader);
  tcase_add_test(tc, from_text_alone);
  tcase_add_test(tc, csv_same_both_ways);
  tcase_add_test(tc, table_same_both_ways);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(reader_piece_suite()); }

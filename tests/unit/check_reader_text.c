/*
 * check_reader_text.c - reading in two steps: dp_reader_next_text cuts
 * the texts of records, dp_record_from_text turns each into its record.
 * Together they must give exactly what dp_reader_next gives: the same
 * reports byte for byte (unreadable records' messages name file:line),
 * the same lines, the same unreadable count, the same end.
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

/* dp_reader_next_text, then dp_record_from_text (or dp_reader_next for
 * what the reader made itself) */
static void two_steps(dp_reader *rd, const char *source, pass *p) {
  dp_error err = {0};
  char *text;
  size_t len;
  long line;
  int rc;
  while ((rc = dp_reader_next_text(rd, &text, &len, &line, &err)) == 1) {
    dp_record *r = NULL;
    if (text) {
      ck_assert_uint_eq(strlen(text), len);
      ck_assert_int_eq(dp_record_from_text(&r, text, len, source, line), 0);
      dp_free(text);
    } else {
      ck_assert_int_eq(dp_reader_next(rd, &r, &err), 1);
      ck_assert_int_eq(dp_reader_line(rd), line);
      ck_assert_int_eq(dp_record_readable(r), 0);
    }
    ck_assert_ptr_nonnull(r);
    pass_add(p, r, line);
    dp_record_free(r);
  }
  pass_end(p, rc, &err);
  /* the end stays the end */
  ck_assert_int_eq(dp_reader_next_text(rd, &text, &len, &line, NULL), 0);
  ck_assert_ptr_null(text);
  /* the reader counts only the unreadable records it made itself */
  p->from_reader = dp_reader_unreadable(rd);
  ck_assert_uint_le(p->from_reader, p->unreadable);
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
  two_steps(rd, name, &b);
  dp_reader_free(rd);
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
  snprintf(path, sizeof path, "/tmp/dp-reader-text-%ld%s", (long)getpid(),
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
  two_steps(rd, path, &b);
  dp_reader_free(rd);
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
  char *t = (char *)1;
  size_t len = 99;
  long line = 0;
  ck_assert_int_eq(dp_reader_next_text(rd, &t, &len, &line, NULL), 1);
  ck_assert_ptr_null(t);
  ck_assert_uint_eq(len, 0);
  ck_assert_int_eq(line, 1);
  ck_assert_uint_eq(dp_reader_unreadable(rd), 1);
  /* not collected: the next text drops it */
  ck_assert_int_eq(dp_reader_next_text(rd, &t, &len, &line, NULL), 1);
  ck_assert_ptr_nonnull(t);
  ck_assert_uint_eq(len, strlen(GOOD2));
  ck_assert_str_eq(t, GOOD2);
  dp_free(t);
  dp_record *r = (dp_record *)1;
  ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 0);
  ck_assert_ptr_null(r);
  dp_reader_free(rd);
  /* ... and freeing the reader frees one not collected (valgrind) */
  ck_assert_int_eq(dp_reader_open_string(&rd, "}", 1, "s.json", DP_FORMAT_JSON,
                                         NULL),
                   0);
  ck_assert_int_eq(dp_reader_next_text(rd, &t, NULL, NULL, NULL), 1);
  ck_assert_ptr_null(t);
  dp_reader_free(rd);
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

START_TEST(csv_reader_has_no_texts) {
  const char *csv = "case_id,procedure,step,date\n"
                    "a,major_decision,publication,2023-01-05\n";
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, csv, strlen(csv), "c.csv",
                                         DP_FORMAT_CSV, NULL),
                   0);
  char *t = (char *)1;
  ck_assert_int_eq(dp_reader_next_text(rd, &t, NULL, NULL, NULL), DP_EINVAL);
  ck_assert_ptr_null(t);
  /* and the reader still works */
  dp_record *r = NULL;
  ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 1);
  ck_assert_str_eq(dp_record_get(r, "id"), "a");
  dp_record_free(r);
  dp_reader_free(rd);
  ck_assert_int_eq(dp_reader_next_text(NULL, &t, NULL, NULL, NULL), DP_EINVAL);
}
END_TEST

static Suite *reader_text_suite(void) {
  Suite *s = suite_create("reader_text");
  TCase *tc = tcase_create("reader_text");
  tcase_add_unchecked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, jsonl_same_both_ways);
  tcase_add_test(tc, json_array_same_both_ways);
  tcase_add_test(tc, large_files_across_buffers);
  tcase_add_test(tc, stray_bracket_is_made_by_the_reader);
  tcase_add_test(tc, from_text_alone);
  tcase_add_test(tc, csv_reader_has_no_texts);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(reader_text_suite()); }

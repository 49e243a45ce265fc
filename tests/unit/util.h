/*
 * util.h - helpers shared by the Check unit tests.
 *
 * Each test program includes this once.  Data is found through the
 * environment the test harness exports (Makefile.am AM_TESTS_ENVIRONMENT):
 * $top_srcdir, else $srcdir, else ".".
 */
#ifndef DP_TEST_UTIL_H
#define DP_TEST_UTIL_H

#include "dp-private.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A day number from a civil date, e.g. D(2024, 2, 4). */
#define D(y, m, d) dp_date_from_ymd((y), (m), (d))

/* Assert that two day numbers are equal, printing both as dates. */
#define ck_assert_day_eq(a, b)                                            \
  do {                                                                    \
    int32_t ck_a_ = (a), ck_b_ = (b);                                     \
    char ck_ba_[11], ck_bb_[11];                                          \
    ck_assert_msg(ck_a_ == ck_b_, "%s == %s: %s (%ld) != %s (%ld)", #a,   \
                  #b, dp_date_format(ck_a_, ck_ba_), (long)ck_a_,         \
                  dp_date_format(ck_b_, ck_bb_), (long)ck_b_);            \
  } while (0)

/* The top of the source tree. */
static inline const char *dp_test_top_srcdir(void) {
  const char *d = getenv("top_srcdir");
  if (!d || !*d)
    d = getenv("srcdir");
  return d && *d ? d : ".";
}

/* "$top_srcdir/rel" in a buffer the caller frees. */
static inline char *dp_test_path(const char *rel) {
  const char *top = dp_test_top_srcdir();
  size_t n = strlen(top) + 1 + strlen(rel) + 1;
  char *p = malloc(n);
  ck_assert_ptr_nonnull(p);
  snprintf(p, n, "%s/%s", top, rel);
  return p;
}

/* The whole file, NUL-terminated, in a buffer the caller frees; its
 * length in *len.  Fails the test if the file cannot be read. */
static inline char *dp_test_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  ck_assert_msg(f != NULL, "cannot open '%s'", path);
  size_t cap = 4096, n = 0, got;
  char *s = malloc(cap);
  ck_assert_ptr_nonnull(s);
  while ((got = fread(s + n, 1, cap - n - 1, f)) > 0) {
    n += got;
    if (cap - n - 1 == 0) {
      cap *= 2;
      s = realloc(s, cap);
      ck_assert_ptr_nonnull(s);
    }
  }
  fclose(f);
  s[n] = '\0';
  if (len)
    *len = n;
  return s;
}

/* ---------------------------------------------------------------------
 * Records and findings (the engine tests)
 * ------------------------------------------------------------------- */

/* A copy of `s` with every ' turned into ", so that JSON reads well in C
 * strings: dp_test_sq("{'id':'a'}").  The caller frees it. */
static inline char *dp_test_sq(const char *s) {
  char *c = strdup(s);
  ck_assert_ptr_nonnull(c);
  for (char *p = c; *p; p++)
    if (*p == '\'')
      *p = '"';
  return c;
}

/* Check the record given as (single-quoted, see dp_test_sq) JSON and
 * return its report (the caller frees it).  The record must parse. */
static inline dp_report *dp_test_check(const dp_engine *e, const char *sq) {
  char *json = dp_test_sq(sq);
  dp_record *r = NULL;
  dp_error err = {0};
  int rc = dp_record_from_json(&r, json, strlen(json), 0, &err);
  ck_assert_msg(rc == 0, "record does not parse (%s): %s\n%s",
                dp_error_name(rc), err.text, json);
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(e, r, NULL, &rep), 0);
  dp_record_free(r);
  free(json);
  return rep;
}

/* A new record (dp_record_new) whose names are checked against e, or not
 * (e NULL: a record of data, as from a file). */
static inline dp_record *dp_test_record(const dp_engine *e) {
  dp_record *r = NULL;
  ck_assert_int_eq(dp_record_new(&r, e), 0);
  ck_assert_ptr_nonnull(r);
  return r;
}

/* dp_gate_may's answer (1 yes, 0 no); the call must succeed. */
static inline int dp_test_may(const dp_gate *g, const char *step, int32_t day,
                              dp_report **why) {
  int may = -1;
  dp_error err = {0};
  int rc = dp_gate_may(g, step, day, &may, why, &err);
  ck_assert_msg(rc == 0, "dp_gate_may(%s) = %s: %s", step, dp_error_name(rc),
                err.text);
  return may;
}

/* The first finding of rule `rule` with code `code` (any code when
 * code < 0), NULL if there is none. */
static inline const dp_finding *dp_test_find(const dp_report *rep,
                                             const char *rule, int code) {
  for (size_t i = 0; i < dp_report_count(rep); i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    if (strcmp(dp_finding_rule(f), rule) == 0 &&
        (code < 0 || (int)dp_finding_code(f) == code))
      return f;
  }
  return NULL;
}

/* Number of findings of rule `rule`. */
static inline size_t dp_test_count(const dp_report *rep, const char *rule) {
  size_t n = 0;
  for (size_t i = 0; i < dp_report_count(rep); i++)
    n += strcmp(dp_finding_rule(dp_report_finding(rep, i)), rule) == 0;
  return n;
}

/* Print every finding (for messages of failed assertions). */
static inline const char *dp_test_dump(const dp_report *rep) {
  static char buf[4096];
  size_t at = 0;
  buf[0] = '\0';
  for (size_t i = 0; i < dp_report_count(rep) && at < sizeof buf - 1; i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    int n = snprintf(buf + at, sizeof buf - at, "\n  %s %s ev=%d: %s",
                     dp_finding_rule(f), dp_code_name(dp_finding_code(f)),
                     dp_finding_event(f), dp_finding_message(f, DP_LANG_EN));
    if (n < 0)
      break;
    at += (size_t)n;
  }
  return buf;
}

/* Assert that rule `rule` gave no finding at all. */
#define ck_assert_no_finding(rep, rule)                                   \
  ck_assert_msg(dp_test_count((rep), (rule)) == 0,                        \
                "unexpected finding of %s:%s", (rule), dp_test_dump(rep))

/* Assert that `rep` holds exactly one finding of `rule` and that it has
 * this code, severity, step, other and event (NULL / -1: none); returns
 * it in `out` (a const dp_finding * variable). */
#define ck_assert_one_finding(out, rep, rule, code, sev, step, other, ev) \
  do {                                                                    \
    ck_assert_msg(dp_test_count((rep), (rule)) == 1,                      \
                  "expected one finding of %s, have:%s", (rule),          \
                  dp_test_dump(rep));                                     \
    (out) = dp_test_find((rep), (rule), -1);                              \
    ck_assert_str_eq(dp_code_name(dp_finding_code(out)),                  \
                     dp_code_name(code));                                 \
    ck_assert_int_eq(dp_finding_severity(out), (sev));                    \
    ck_assert_pstr_eq(dp_finding_step(out), (step));                      \
    ck_assert_pstr_eq(dp_finding_other(out), (other));                    \
    ck_assert_int_eq(dp_finding_event(out), (ev));                        \
    ck_assert_str_eq(dp_finding_rule(out), (rule));                       \
  } while (0)

/* Assert that the message (lang) of finding f contains `needle`. */
#define ck_assert_msg_has(f, lang, needle)                                \
  ck_assert_msg(strstr(dp_finding_message((f), (lang)), (needle)) != NULL, \
                "message '%s' lacks '%s'", dp_finding_message((f), (lang)), \
                (needle))

/* Run one suite in fork mode (unless CK_FORK says otherwise) and return
 * the exit status for the test harness. */
#ifdef DP_TEST_ENGINE_FIXTURE
/* A fresh engine with the embedded defaults for every test: add
 * `tcase_add_checked_fixture(tc, setup, teardown)` (or unchecked) and use
 * `eng`.  Opt in with #define DP_TEST_ENGINE_FIXTURE before the include. */
static dp_engine *eng;

static void setup(void) {
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_new(&eng, 0, &err), 0);
#ifdef DP_TEST_NO_VALIDITY
  /* The validity rules (procedures.md E4) warn about every normative
   * document that states no validity; suites that count findings on
   * records written before them switch them off.  check_validity.c and
   * tests/rules/defaults.cases.jsonl test them. */
  static const char off[] = "overlay normative_document\n"
                            "disable nd.validity-stated\n"
                            "disable nd.validity-length\n"
                            "disable nd.validity-expired\n";
  ck_assert_int_eq(dp_engine_load_string(eng, off, sizeof off - 1,
                                         "no-validity", &err), 0);
#endif
}

static void teardown(void) {
  dp_engine_free(eng);
  eng = NULL;
}
#endif

static inline int dp_test_run(Suite *s) {
  SRunner *sr = srunner_create(s);
  if (!getenv("CK_FORK"))
    srunner_set_fork_status(sr, CK_FORK);
  srunner_run_all(sr, CK_ENV);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#endif /* DP_TEST_UTIL_H */

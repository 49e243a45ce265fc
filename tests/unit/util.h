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

/* Run one suite in fork mode (unless CK_FORK says otherwise) and return
 * the exit status for the test harness. */
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

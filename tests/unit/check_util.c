/*
 * check_util.c - small helpers (util.c), error codes and text (error.c),
 * the version (version.c).
 */
#include "util.h"

#include "dp-json.h"

static int valid(const char *s, size_t n) { return dp__utf8_valid(s, n); }
#define VALID(lit) valid((lit), sizeof(lit) - 1)

START_TEST(utf8_accepts) {
  ck_assert(VALID(""));
  ck_assert(valid(NULL, 0));
  ck_assert(VALID("plain ascii"));
  ck_assert(VALID("行政规范性文件"));
  ck_assert(VALID("\x00"));                /* NUL is a character */
  ck_assert(VALID("\xC2\x80"));            /* U+0080 */
  ck_assert(VALID("\xDF\xBF"));            /* U+07FF */
  ck_assert(VALID("\xE0\xA0\x80"));        /* U+0800 */
  ck_assert(VALID("\xED\x9F\xBF"));        /* U+D7FF */
  ck_assert(VALID("\xEE\x80\x80"));        /* U+E000 */
  ck_assert(VALID("\xEF\xBF\xBF"));        /* U+FFFF */
  ck_assert(VALID("\xF0\x90\x80\x80"));    /* U+10000 */
  ck_assert(VALID("\xF4\x8F\xBF\xBF"));    /* U+10FFFF */
  ck_assert(VALID("\xF0\x9F\x98\x80 ok")); /* an emoji */
}
END_TEST

START_TEST(utf8_rejects) {
  ck_assert(!VALID("\x80"));             /* lone continuation */
  ck_assert(!VALID("\xBF"));
  ck_assert(!VALID("\xC0\x80"));         /* overlong NUL */
  ck_assert(!VALID("\xC1\xBF"));         /* overlong */
  ck_assert(!VALID("\xE0\x80\x80"));     /* overlong */
  ck_assert(!VALID("\xE0\x9F\xBF"));     /* overlong U+07FF */
  ck_assert(!VALID("\xF0\x80\x80\x80")); /* overlong */
  ck_assert(!VALID("\xF0\x8F\xBF\xBF")); /* overlong U+FFFF */
  ck_assert(!VALID("\xED\xA0\x80"));     /* surrogate U+D800 */
  ck_assert(!VALID("\xED\xBF\xBF"));     /* surrogate U+DFFF */
  ck_assert(!VALID("\xF4\x90\x80\x80")); /* U+110000 */
  ck_assert(!VALID("\xF5\x80\x80\x80"));
  ck_assert(!VALID("\xFE"));
  ck_assert(!VALID("\xFF"));
  ck_assert(!VALID("\xE4\xB8"));         /* cut short */
  ck_assert(!VALID("\xE4\xB8x"));        /* bad continuation */
  ck_assert(!VALID("ok\xF0\x9F\x98"));
  /* the length is respected: a character cut by n is invalid */
  const char *zh = "中";
  ck_assert(!valid(zh, 2));
  ck_assert(valid(zh, 3));
  ck_assert(valid(zh, 0));
}
END_TEST

START_TEST(strdup_family) {
  char *s = dp__strdup("abc");
  ck_assert_str_eq(s, "abc");
  free(s);
  ck_assert_ptr_null(dp__strdup(NULL));
  s = dp__strndup("abcdef", 3);
  ck_assert_str_eq(s, "abc");
  free(s);
  s = dp__strndup("ab\0cd", 5); /* stops at a NUL */
  ck_assert_str_eq(s, "ab");
  free(s);
  char raw[3] = {'x', 'y', 'z'}; /* no NUL: reads only n bytes */
  s = dp__strndup(raw, 3);
  ck_assert_str_eq(s, "xyz");
  free(s);
  s = dp__strndup("", 0);
  ck_assert_str_eq(s, "");
  free(s);
  void *p = dp__malloc(0); /* never NULL for 0 */
  ck_assert_ptr_nonnull(p);
  free(p);
  p = dp__calloc(0, 8);
  ck_assert_ptr_nonnull(p);
  free(p);
  int *z = dp__calloc(4, sizeof *z);
  ck_assert_int_eq(z[0] + z[1] + z[2] + z[3], 0);
  z = dp__realloc(z, 100 * sizeof *z);
  ck_assert_ptr_nonnull(z);
  free(z);
  dp_free(NULL);
  dp_free(dp__strdup("freed by dp_free"));
}
END_TEST

START_TEST(grow) {
  int *a = NULL;
  size_t cap = 0;
  ck_assert_int_eq(dp__grow((void **)&a, &cap, 0, sizeof *a), 0);
  ck_assert_ptr_null(a); /* nothing needed, nothing allocated */
  ck_assert_int_eq(dp__grow((void **)&a, &cap, 1, sizeof *a), 0);
  ck_assert_uint_ge(cap, 1);
  for (int i = 0; i < 1000; i++) {
    ck_assert_int_eq(dp__grow((void **)&a, &cap, (size_t)i + 1, sizeof *a), 0);
    a[i] = i;
  }
  ck_assert_uint_ge(cap, 1000);
  for (int i = 0; i < 1000; i++)
    ck_assert_int_eq(a[i], i);
  size_t before = cap;
  ck_assert_int_eq(dp__grow((void **)&a, &cap, 10, sizeof *a), 0);
  ck_assert_uint_eq(cap, before); /* never shrinks */
  /* a size that cannot be allocated fails cleanly */
  ck_assert_int_eq(dp__grow((void **)&a, &cap, SIZE_MAX / 2, sizeof *a),
                   DP_ENOMEM);
  ck_assert_uint_eq(cap, before);
  ck_assert_int_eq(a[999], 999);
  free(a);
}
END_TEST

START_TEST(error_set_keeps_first) {
  dp_error err = {0};
  dp__error_set(&err, DP_ESYNTAX, "a.rules", 3, 7, 42L, "unknown step '%s'",
                "filing2");
  dp__error_set(&err, DP_ERULE, "b.rules", 9, 9, 9L, "second");
  ck_assert_int_eq(err.code, DP_ESYNTAX);
  ck_assert_int_eq(err.line, 3);
  ck_assert_int_eq(err.column, 7);
  ck_assert_int_eq(err.offset, 42);
  ck_assert_str_eq(err.source, "a.rules");
  ck_assert_str_eq(err.text, "unknown step 'filing2'");
  dp__error_set(NULL, DP_ESYNTAX, NULL, 0, 0, -1, "ignored"); /* no crash */
  dp_error e2 = {0};
  dp__error_set(&e2, DP_EJSON, NULL, 0, 0, -1, "x");
  ck_assert_str_eq(e2.source, "<string>");
  ck_assert_int_eq(e2.offset, -1);
}
END_TEST

START_TEST(error_set_truncates) {
  char longsrc[400], longtext[400];
  memset(longsrc, 's', sizeof longsrc - 1);
  longsrc[sizeof longsrc - 1] = '\0';
  memset(longtext, 't', sizeof longtext - 1);
  longtext[sizeof longtext - 1] = '\0';
  dp_error err = {0};
  dp__error_set(&err, DP_EIO, longsrc, 1, 1, 0, "%s", longtext);
  ck_assert_uint_eq(strlen(err.source), DP_ERROR_SOURCE_LEN - 1);
  ck_assert_uint_eq(strlen(err.text), DP_ERROR_TEXT_LEN - 1);
}
END_TEST

START_TEST(error_format) {
  dp_error err = {0};
  char buf[512];
  dp__error_set(&err, DP_ESYNTAX, "x.rules", 12, 5, 100, "unknown step 'a'");
  ck_assert_int_eq(dp_error_format(&err, buf, sizeof buf),
                   (int)strlen("x.rules:12:5: unknown step 'a'"));
  ck_assert_str_eq(buf, "x.rules:12:5: unknown step 'a'");
  err.column = 0;
  dp_error_format(&err, buf, sizeof buf);
  ck_assert_str_eq(buf, "x.rules:12: unknown step 'a'");
  err.line = 0;
  err.column = 4; /* a column without a line is not shown */
  dp_error_format(&err, buf, sizeof buf);
  ck_assert_str_eq(buf, "x.rules: unknown step 'a'");
  /* a short buffer: cut, terminated, and the wanted length returned */
  err.line = 12;
  err.column = 5;
  char small[8];
  int want = dp_error_format(&err, small, sizeof small);
  ck_assert_int_eq(want, 30);
  ck_assert_str_eq(small, "x.rules");
  ck_assert_int_eq(dp_error_format(&err, NULL, 0), 30);
  dp_error empty = {0};
  dp_error_format(&empty, buf, sizeof buf);
  ck_assert_str_eq(buf, "<string>: ");
  dp_error_format(NULL, buf, sizeof buf);
  ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(error_names) {
  ck_assert_str_eq(dp_error_name(0), "DP_OK");
  ck_assert_str_eq(dp_strerror(0), "success");
#define CHECK_ONE(name, val, text)                                  \
  ck_assert_str_eq(dp_error_name(DP_E##name), "DP_E" #name);        \
  ck_assert_str_eq(dp_strerror(DP_E##name), text);                  \
  ck_assert_int_eq(DP_E##name, val);
  DP_ERRNO_MAP(CHECK_ONE)
#undef CHECK_ONE
  ck_assert_str_eq(dp_error_name(DP_ENOMEM), "DP_ENOMEM");
  ck_assert_str_eq(dp_strerror(DP_ESYNTAX), "syntax error in rule text");
  ck_assert_str_eq(dp_error_name(DP_E__LAST), "unknown");
  ck_assert_str_eq(dp_strerror(-1000), "unknown error");
  ck_assert_str_eq(dp_strerror(5), "unknown error");
  /* every code from -1 to DP_E__LAST+1 has a name */
  for (int c = -1; c > DP_E__LAST; c--)
    ck_assert_str_ne(dp_error_name(c), "unknown");
}
END_TEST

START_TEST(buf_basics) {
  dp__buf b = {0};
  dp__buf_adds(&b, "abc");
  dp__buf_addc(&b, '-');
  dp__buf_addf(&b, "%d/%s", 42, "x");
  ck_assert_str_eq(b.s, "abc-42/x");
  ck_assert_uint_eq(b.len, 8);
  dp__buf_add(&b, "\0z", 2); /* NUL bytes are kept */
  ck_assert_uint_eq(b.len, 10);
  ck_assert_int_eq(b.s[8], '\0');
  ck_assert_int_eq(b.s[9], 'z');
  ck_assert_int_eq(b.s[10], '\0');
  dp__buf_adds(&b, NULL);
  dp__buf_add(&b, NULL, 0);
  ck_assert_uint_eq(b.len, 10);
  ck_assert(!b.oom);
  dp__buf_free(&b);
  ck_assert_ptr_null(b.s);
  ck_assert_uint_eq(b.len, 0);
  dp__buf_free(&b);
  dp__buf_free(NULL);
}
END_TEST

START_TEST(buf_addf_long) {
  dp__buf b = {0};
  char big[2000];
  memset(big, 'q', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  dp__buf_adds(&b, "<");
  dp__buf_addf(&b, "%s|%s", big, big);
  ck_assert_uint_eq(b.len, 1 + 2 * 1999 + 1);
  ck_assert_int_eq(b.s[0], '<');
  ck_assert_int_eq(b.s[2000], '|');
  ck_assert_int_eq(b.s[b.len], '\0');
  dp__buf_free(&b);
  /* after a failed allocation nothing more is added */
  dp__buf o = {0};
  o.oom = 1;
  dp__buf_adds(&o, "x");
  dp__buf_addf(&o, "%d", 1);
  dp__buf_add_json_string(&o, "y");
  ck_assert_ptr_null(o.s);
  ck_assert_uint_eq(o.len, 0);
}
END_TEST

/* The output of dp__buf_add_json_string, as a C string. */
static char *json_of(const char *s) {
  dp__buf b = {0};
  dp__buf_add_json_string(&b, s);
  ck_assert(!b.oom);
  return b.s;
}

START_TEST(json_string_escapes) {
  char *j;
  ck_assert_str_eq(j = json_of("plain"), "\"plain\"");
  free(j);
  ck_assert_str_eq(j = json_of(""), "\"\"");
  free(j);
  ck_assert_str_eq(j = json_of("a\"b\\c/d"), "\"a\\\"b\\\\c/d\"");
  free(j);
  ck_assert_str_eq(j = json_of("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
  free(j);
  ck_assert_str_eq(j = json_of("\x01\x1f\x7f"), "\"\\u0001\\u001f\x7f\"");
  free(j);
  ck_assert_str_eq(j = json_of("公平竞争审查"), "\"公平竞争审查\"");
  free(j);
  ck_assert_str_eq(j = json_of(NULL), "null");
  free(j);
  /* invalid UTF-8 becomes U+FFFD, one per bad byte */
  ck_assert_str_eq(j = json_of("a\xFF" "b\xE4\xB8"), "\"a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD\"");
  free(j);
  ck_assert_str_eq(j = json_of("\xED\xA0\x80"),
                   "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  free(j);
}
END_TEST

/* Every byte value 1..255 survives a round trip through cJSON, except
 * invalid UTF-8, which reads back as U+FFFD. */
START_TEST(json_string_round_trip) {
  char in[256 + 64];
  size_t n = 0;
  for (int c = 1; c < 128; c++)
    in[n++] = (char)c;
  const char *zh = "规范性文件 \xF0\x9F\x98\x80";
  memcpy(in + n, zh, strlen(zh));
  n += strlen(zh);
  in[n] = '\0';
  char *j = json_of(in);
  ck_assert(dp__utf8_valid(j, strlen(j)));
  cJSON *v = cJSON_Parse(j);
  ck_assert_ptr_nonnull(v);
  ck_assert(cJSON_IsString(v));
  ck_assert_str_eq(v->valuestring, in);
  cJSON_Delete(v);
  free(j);
}
END_TEST

START_TEST(version) {
  char want[32];
  snprintf(want, sizeof want, "%d.%d.%d", DP_VERSION_MAJOR, DP_VERSION_MINOR,
           DP_VERSION_PATCH);
  ck_assert_str_eq(dp_version_string(), want);
  ck_assert_int_eq(DP_VERSION_HEX, (DP_VERSION_MAJOR << 16) |
                                       (DP_VERSION_MINOR << 8) |
                                       DP_VERSION_PATCH);
}
END_TEST

/* One hash for every table (dp__hash): the same bytes and seed give the
 * same value, whatever the alignment; another seed or one byte more gives
 * another; short names (steps, case ids) spread over the low bits. */
START_TEST(hash_one_function) {
  char a[40] = "collective_decision", b[48];
  memcpy(b + 3, a, sizeof a);
  uint64_t h = dp__hash(a, strlen(a), 0);
  ck_assert_uint_eq(h, dp__hash(b + 3, strlen(a), 0));
  ck_assert_uint_ne(h, dp__hash(a, strlen(a), 1));
  ck_assert_uint_ne(h, dp__hash(a, strlen(a) - 1, 0));
  ck_assert_uint_ne(dp__hash("", 0, 0), dp__hash("", 0, 7));
  /* 512 case ids into 1024 slots: few collide */
  static unsigned char used[1024];
  int clash = 0;
  for (int i = 0; i < 512; i++) {
    char id[32];
    snprintf(id, sizeof id, "pds-2023-%03d", i);
    size_t k = (size_t)dp__hash(id, strlen(id), 0) & 1023;
    clash += used[k]++ != 0;
  }
  ck_assert_int_lt(clash, 160);
}
END_TEST

static Suite *util_suite(void) {
  Suite *s = suite_create("util");
  TCase *tc = tcase_create("memory");
  tcase_add_test(tc, utf8_accepts);
  tcase_add_test(tc, utf8_rejects);
  tcase_add_test(tc, strdup_family);
  tcase_add_test(tc, grow);
  tcase_add_test(tc, hash_one_function);
  suite_add_tcase(s, tc);

  tc = tcase_create("errors");
  tcase_add_test(tc, error_set_keeps_first);
  tcase_add_test(tc, error_set_truncates);
  tcase_add_test(tc, error_format);
  tcase_add_test(tc, error_names);
  suite_add_tcase(s, tc);

  tc = tcase_create("buf");
  tcase_add_test(tc, buf_basics);
  tcase_add_test(tc, buf_addf_long);
  tcase_add_test(tc, json_string_escapes);
  tcase_add_test(tc, json_string_round_trip);
  tcase_add_test(tc, version);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(util_suite()); }

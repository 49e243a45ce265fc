/*
 * check_util.c - the UTF-8 check (utf8.c), small helpers and JSON strings
 * (util.c), error codes and text (error.c), the version (version.c).
 */
#include "util.h"

#include "dp-json.h"
#include <stdint.h>

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

/* ---------------------------------------------------------------------
 * UTF-8 (utf8.c) and JSON strings against plain references
 * ------------------------------------------------------------------- */

/* A fixed-seed generator: the same strings on every run. */
static uint32_t rng_state;
static uint32_t rng(void) {
  rng_state = rng_state * 1664525u + 1013904223u;
  return rng_state >> 8;
}

/* The plain reference: decode one sequence at a time (RFC 3629). */
static int ref_utf8_valid(const unsigned char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned c = s[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return 0;
    }
    if (n - i < len) return 0;
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return 0;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return 0;
    i += len;
  }
  return 1;
}

/* Pieces strings are made of: plain ASCII, what JSON escapes, CJK, other
 * sequence lengths, and bytes that are not UTF-8 (lone continuation,
 * overlong lead, a surrogate, a cut sequence, F5). */
static const char *const pieces[] = {
    "a",   "Z",   "0",    " ",    "-",  "\"",  "\\",  "\x01", "\x1f", "\t",
    "\n",  "\x7f", "审",  "核",   "〔",  "é",   "\xF0\x9F\x98\x80", "\x80",
    "\xC0\xAF", "\xED\xA0\x80", "\xE5\xAE", "\xF5", "abcdefgh", "合法性审核意见"};
#define NPIECES (sizeof pieces / sizeof pieces[0])

/* A random string of up to `max` pieces, NUL-terminated, in buf. */
static size_t random_string(char *buf, size_t cap, int max, int valid_only) {
  size_t n = 0;
  int k = (int)(rng() % (unsigned)(max + 1));
  for (int i = 0; i < k; i++) {
    const char *p = pieces[rng() % NPIECES];
    size_t l = strlen(p);
    if (valid_only && !ref_utf8_valid((const unsigned char *)p, l)) continue;
    if (n + l + 1 > cap) break;
    memcpy(buf + n, p, l);
    n += l;
  }
  buf[n] = '\0';
  return n;
}

START_TEST(utf8_matches_reference) {
  rng_state = 7;
  char buf[600];
  for (int t = 0; t < 20000; t++) {
    size_t n = random_string(buf, sizeof buf, 40, 0);
    int want = ref_utf8_valid((const unsigned char *)buf, n);
    ck_assert_msg(dp__utf8_valid(buf, n) == want, "string %d (%zu bytes)", t,
                  n);
    /* every prefix too: the 16- and 8-byte paths meet the end anywhere */
    size_t cut = n ? rng() % n : 0;
    ck_assert_int_eq(dp__utf8_valid(buf, cut),
                     ref_utf8_valid((const unsigned char *)buf, cut));
  }
}
END_TEST

START_TEST(utf8_long_runs) {
  /* long ASCII with one bad byte at every position */
  char s[100];
  for (size_t at = 0; at < sizeof s - 1; at++) {
    memset(s, 'x', sizeof s - 1);
    s[sizeof s - 1] = '\0';
    ck_assert(dp__utf8_valid(s, sizeof s - 1));
    s[at] = (char)0xFF;
    ck_assert_msg(!dp__utf8_valid(s, sizeof s - 1), "bad byte at %zu", at);
  }
  /* Chinese with ASCII between, one byte changed at every position to
   * every kind of byte: the sixteen-byte checks meet each change at each
   * place of their blocks, and at each place of a sequence */
  const char *mixed = "{\"title\":\"河南省生活垃圾分类管理办法\",\"by\":"
                      "\"市司法局\",\"label\":\"组织相关领域专家论证\"}";
  static const unsigned char subst[] = {'x', 0x80, 0xBF, 0xE5, 0xE0, 0xED,
                                        0xC3, 0xF0, 0xFF, 0x00};
  char m[200];
  size_t ml = strlen(mixed);
  for (size_t at = 0; at < ml; at++)
    for (size_t k = 0; k < sizeof subst; k++) {
      memcpy(m, mixed, ml + 1);
      m[at] = (char)subst[k];
      for (size_t from = 0; from < 20; from++)
        ck_assert_msg(dp__utf8_valid(m + from, ml - from) ==
                          ref_utf8_valid((const unsigned char *)m + from,
                                         ml - from),
                      "byte %zu = %02x, from %zu", at, subst[k], from);
    }
  /* CJK with a cut sequence at the end */
  const char *cjk = "行政规范性文件合法性审核机制";
  ck_assert(dp__utf8_valid(cjk, strlen(cjk)));
  ck_assert(!dp__utf8_valid(cjk, strlen(cjk) - 1));
}
END_TEST

/* s[0..n) by dp__utf8_valid, dp__utf8_prefix and the scalar loop alone,
 * each the reference's answer; `what` and `a`, `b` say which string failed.  The string is
 * copied to a block of exactly its length, so that ASan and valgrind see
 * a read past either end. */
static void utf8_all(const unsigned char *s, size_t n, const char *what,
                     size_t a, size_t b) {
  char *exact = malloc(n ? n : 1);
  if (!exact)
    ck_abort_msg("out of memory");
  memcpy(exact, s, n);
  int want = ref_utf8_valid(s, n);
  /* ck_abort_msg only on failure: each ck_assert writes to Check's pipe,
   * and these tests make a million checks */
  if (dp__utf8_valid(exact, n) != want)
    ck_abort_msg("dp__utf8_valid: %s (%zu, %zu), %zu bytes: want %d", what,
                 a, b, n, want);
  size_t k = dp__utf8_prefix(exact, n);
  if (k > n || !ref_utf8_valid(s, k) || (k == n) != want)
    ck_abort_msg("dp__utf8_prefix: %s (%zu, %zu), %zu bytes: got %zu", what,
                 a, b, n, k);
  /* the scalar loop alone (where the CPU has AVX2 it decides only for
   * text that is not valid) */
  if (dp__utf8_prefix_plain(exact, n) != k)
    ck_abort_msg("dp__utf8_prefix_plain: %s (%zu, %zu), %zu bytes: %zu, "
                 "not %zu", what, a, b, n, dp__utf8_prefix_plain(exact, n), k);
  free(exact);
}

/* Texts a byte is changed in: ASCII, record-like JSON with Chinese (the
 * blocks are mixed), Chinese only (no ASCII block is skipped), and two-
 * and four-byte sequences. */
static const char *const utf8_bases[] = {
    "{\"id\":\"nd-2017-0000000\",\"procedure\":\"normative_document\","
    "\"title\":\"t\",\"events\":[{\"step\":\"assessment\"}]} padding padding",
    "{\"title\":\"河南省生活垃圾分类管理办法\",\"by\":\"市司法局\",\"label\":"
    "\"组织相关领域专家论证\",\"meeting\":\"市政府常务会议\"}",
    "行政规范性文件合法性审核机制河南省人民政府豫政〔2017〕号市司法局组织"
    "相关领域专家论证",
    "é—ü\xF0\x9F\x98\x80ñ¢\xF4\x8F\xBF\xBF€\xF0\x90\x80\x80ß\xC2\x80\xDF\xBF"
    "\xEF\xBF\xBF\xED\x9F\xBF\xEE\x80\x80\xE0\xA0\x80é\xF0\x9F\x98\x80ñ¢é"
    "¢\xF0\x9F\x98\x80€ñ\xF3\xBF\xBF\xBFé—ü\xF4\x8F\xBF\xBF\xC2\x80ß\xE0\xA0\x80"
    "\xED\x9F\xBF\xF0\x90\x80\x80\xDF\xBF\xEF\xBF\xBF\xEE\x80\x80é€"};

/* What is put in: bytes that are never valid where they stand or only in
 * some places (leads, continuations, ASCII and NUL in a sequence). */
static const unsigned char utf8_subst[] = {0x00, 'x',  0x7F, 0x80, 0x8F,
                                           0x90, 0x9F, 0xA0, 0xBF, 0xC0,
                                           0xC1, 0xC2, 0xDF, 0xE0, 0xE4,
                                           0xED, 0xEF, 0xF0, 0xF4, 0xF5,
                                           0xF8, 0xFF};

START_TEST(utf8_bad_byte_every_place) {
  /* inputs of every length 0..100 of each base, with each byte put at
   * each place: the change meets every place of an eight-byte step and
   * every distance from the end */
  unsigned char s[128];
  for (size_t b = 0; b < sizeof utf8_bases / sizeof utf8_bases[0]; b++) {
    const char *base = utf8_bases[b];
    size_t bl = strlen(base);
    ck_assert_uint_ge(bl, 100);
    for (size_t n = 0; n <= 100; n++) {
      memcpy(s, base, n);
      utf8_all(s, n, "base cut", b, n);
      for (size_t at = 0; at < n; at++)
        for (size_t k = 0; k < sizeof utf8_subst; k++) {
          memcpy(s, base, n);
          s[at] = utf8_subst[k];
          utf8_all(s, n, "base with a byte put", b * 1000 + n,
                   at * 1000 + utf8_subst[k]);
        }
    }
  }
}
END_TEST

/* Sequences at the edges of what is valid, and just past them. */
static const char *const utf8_edges[] = {
    "\xC2\x80",         "\xDF\xBF",         "\xE0\xA0\x80",
    "\xEF\xBF\xBF",     "\xED\x9F\xBF",     "\xEE\x80\x80",
    "\xE1\x80\x80",     "\xEC\xBF\xBF",     "\xF0\x90\x80\x80",
    "\xF4\x8F\xBF\xBF", "\xF1\x80\x80\x80", "\xF3\xBF\xBF\xBF",
    /* invalid */
    "\xC0\x80",         "\xC1\xBF",         "\xE0\x9F\xBF",
    "\xE0\x80\x80",     "\xED\xA0\x80",     "\xED\xBF\xBF",
    "\xF0\x8F\xBF\xBF", "\xF0\x80\x80\x80", "\xF4\x90\x80\x80",
    "\xF5\x80\x80\x80", "\xF7\xBF\xBF\xBF", "\xF8\x88\x80\x80\x80",
    "\xC2",             "\xE4\xB8",         "\xE4",
    "\xF0\x9F\x98",     "\xF0\x9F",         "\xF0",
    "\x80",             "\xBF",             "\xC2\x80\x80",
    "\xE4\xB8\xAD\x80", "\xF0\x9F\x98\x80\x80", "\xFE",
    "\xFF"};

START_TEST(utf8_sequences_across_blocks) {
  /* each sequence at every offset 0..130 of ASCII and of Chinese text,
   * with 0..35 bytes after it: it straddles every boundary of the
   * eight-byte ASCII steps and ends at every distance from the end */
  static const size_t tails[] = {0, 1, 2, 3, 4, 13, 15, 16, 17, 29, 31, 32,
                                 33, 35};
  unsigned char s[256];
  for (size_t e = 0; e < sizeof utf8_edges / sizeof utf8_edges[0]; e++) {
    const char *seq = utf8_edges[e];
    size_t sl = strlen(seq);
    for (size_t off = 0; off <= 130; off++)
      for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
        size_t n = off + sl + tails[t];
        /* ASCII around it */
        memset(s, 'a', n);
        memcpy(s + off, seq, sl);
        utf8_all(s, n, "edge in ASCII", e, off * 100 + tails[t]);
        /* then a run of ASCII, taken eight bytes a step, and Chinese: what
         * the sequence left unfinished must not be forgotten */
        memset(s + n, 'a', 40);
        memcpy(s + n + 40, "\xE4\xB8\xAD", 3);
        utf8_all(s, n + 43, "edge, ASCII, Chinese", e, off * 100 + tails[t]);
        /* Chinese around it ("中" is E4 B8 AD), cut at the sequence, a
         * few ASCII bytes first so that it starts anywhere in "中" */
        for (size_t i = 0; i < n; i++)
          s[i] = (unsigned char)"\xE4\xB8\xAD"[i % 3];
        for (size_t i = 0; i < off % 3; i++)
          s[i] = 'a';
        memcpy(s + off, seq, sl);
        size_t after = off + sl;
        for (size_t i = after; i < n; i++)
          s[i] = (unsigned char)"\xE4\xB8\xAD"[(i - after) % 3];
        utf8_all(s, n, "edge in Chinese", e, off * 100 + tails[t]);
        /* and the first sequences of Chinese cut short, so the text
         * before the edge may itself be wrong */
        if (off >= 3 && off % 3 == 0) {
          s[off - 1] = 'a';
          utf8_all(s, n, "edge after a cut", e, off * 100 + tails[t]);
        }
      }
  }
}
END_TEST

START_TEST(utf8_pairs_at_boundaries) {
  /* every pair of bytes after Chinese and in ASCII, then the pair with
   * two continuations after it, and the pair at the end of the string */
  unsigned char s[80];
  static const size_t at[] = {15, 31, 63};
  for (unsigned v = 0; v < 0x10000; v++) {
    unsigned char b1 = (unsigned char)(v >> 8), b2 = (unsigned char)v;
    for (size_t i = 0; i < sizeof at / sizeof at[0]; i++) {
      memset(s, 'a', sizeof s);
      /* Chinese before, so that the block is not all ASCII */
      memcpy(s + at[i] - 6, "\xE4\xB8\xAD\xE4\xB8\xAD", 6);
      s[at[i]] = b1;
      s[at[i] + 1] = b2;
      utf8_all(s, at[i] + 2, "pair at the end", v, at[i]);
      s[at[i] + 2] = 0x80;
      s[at[i] + 3] = 0xBF;
      utf8_all(s, sizeof s, "pair, continuations", v, at[i]);
    }
  }
}
END_TEST

START_TEST(utf8_cut_starts) {
  /* what the end of a read may cut: the start of a valid sequence that
   * needs more bytes, and nothing else */
  ck_assert(dp__utf8_cut((const unsigned char *)"\xE4", 1));
  ck_assert(dp__utf8_cut((const unsigned char *)"\xE4\xB8", 2));
  ck_assert(dp__utf8_cut((const unsigned char *)"\xC2", 1));
  ck_assert(dp__utf8_cut((const unsigned char *)"\xF0\x9F\x98", 3));
  ck_assert(dp__utf8_cut((const unsigned char *)"\xF4\x8F", 2));
  ck_assert(!dp__utf8_cut((const unsigned char *)"", 0));
  ck_assert(!dp__utf8_cut((const unsigned char *)"a", 1));
  ck_assert(!dp__utf8_cut((const unsigned char *)"\xE4\xB8\xAD", 3));
  ck_assert(!dp__utf8_cut((const unsigned char *)"\xE0\x80", 2));
  ck_assert(!dp__utf8_cut((const unsigned char *)"\xED\xA0", 2));
  ck_assert(!dp__utf8_cut((const unsigned char *)"\xF4\x90", 2));
  ck_assert(!dp__utf8_cut((const unsigned char *)"\xF5", 1));
  ck_assert(!dp__utf8_cut((const unsigned char *)"\x80", 1));
  ck_assert(!dp__utf8_cut((const unsigned char *)"\xE4\x41", 2));
  ck_assert(!dp__utf8_cut((const unsigned char *)"\xF0\x9F\x98\x80", 4));
  /* every proper start of a valid edge sequence is one */
  for (size_t e = 0; e < sizeof utf8_edges / sizeof utf8_edges[0]; e++) {
    const unsigned char *s = (const unsigned char *)utf8_edges[e];
    size_t l = strlen(utf8_edges[e]);
    if (!ref_utf8_valid(s, l))
      continue;
    for (size_t k = 1; k < l; k++)
      ck_assert_msg(dp__utf8_cut(s, k), "edge %zu cut at %zu", e, k);
    ck_assert(!dp__utf8_cut(s, l));
  }
}
END_TEST

/* The plain reference for JSON strings: one byte or one sequence at a
 * time, as records.md §6 asks (control characters, '"' and '\\' escaped,
 * valid UTF-8 as it is, any other byte as U+FFFD); returns the length. */
static size_t ref_json(const char *in, size_t n, char *out) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *p = (const unsigned char *)in;
  size_t o = 0;
  out[o++] = '"';
  for (size_t i = 0; i < n;) {
    unsigned c = p[i];
    if (c >= 0x80) {
      size_t k = 0;
      for (size_t t = 2; t <= 4 && i + t <= n && !k; t++)
        if (ref_utf8_valid(p + i, t)) k = t;
      if (k) {
        memcpy(out + o, p + i, k);
        o += k;
        i += k;
      } else {
        memcpy(out + o, "\xEF\xBF\xBD", 3);
        o += 3;
        i++;
      }
      continue;
    }
    i++;
    const char *esc = c == '"'    ? "\\\""
                      : c == '\\' ? "\\\\"
                      : c == '\b' ? "\\b"
                      : c == '\f' ? "\\f"
                      : c == '\n' ? "\\n"
                      : c == '\r' ? "\\r"
                      : c == '\t' ? "\\t"
                                  : NULL;
    if (esc) {
      memcpy(out + o, esc, 2);
      o += 2;
    } else if (c < 0x20) {
      char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      memcpy(out + o, u, 6);
      o += 6;
    } else {
      out[o++] = (char)c;
    }
  }
  out[o++] = '"';
  return o;
}

START_TEST(json_put_valid_matches) {
  /* valid strings only, so that every one takes the fast path's checks */
  rng_state = 13;
  char in[600], out[6 * 600 + 8];
  for (int t = 0; t < 20000; t++) {
    size_t n = random_string(in, sizeof in, 40, 1);
    ck_assert(ref_utf8_valid((const unsigned char *)in, n));
    char want[6 * 600 + 8];
    size_t wl = ref_json(in, n, want);
    char *end = dp__json_put_valid(out, in, n);
    ck_assert_msg((size_t)(end - out) == wl && memcmp(out, want, wl) == 0,
                  "string %d: '%.*s' != '%.*s'", t, (int)(end - out), out,
                  (int)wl, want);
  }
}
END_TEST

START_TEST(json_put_matches_buf) {
  rng_state = 11;
  char in[600], out[6 * 600 + 8], want[6 * 600 + 8];
  for (int t = 0; t < 20000; t++) {
    size_t n = random_string(in, sizeof in, 40, 0);
    size_t wl = ref_json(in, n, want);
    char *end = dp__json_put(out, in, n);
    size_t got = (size_t)(end - out);
    ck_assert_msg(got == wl && memcmp(out, want, got) == 0,
                  "string %d: '%.*s' != '%.*s'", t, (int)got, out, (int)wl,
                  want);
    ck_assert_uint_eq(dp__json_len(in, n), got);
    /* the buffer form writes the same */
    dp__buf b = {0};
    dp__buf_add_json_string(&b, in);
    ck_assert(!b.oom && b.len == got && memcmp(b.s, out, got) == 0);
    dp__buf_free(&b);
    if (ref_utf8_valid((const unsigned char *)in, n)) {
      /* the variant for text known to be UTF-8: the same bytes */
      char *end2 = dp__json_put_valid(out, in, n);
      ck_assert_uint_eq((size_t)(end2 - out), got);
      ck_assert(memcmp(out, want, got) == 0);
    }
    /* the worst case the callers reserve: six bytes a byte and quotes */
    ck_assert_uint_le(got, 6 * n + 2);
  }
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

  tc = tcase_create("utf8");
  tcase_set_timeout(tc, 300); /* a million checks, under valgrind */
  tcase_add_test(tc, utf8_matches_reference);
  tcase_add_test(tc, utf8_long_runs);
  tcase_add_test(tc, utf8_bad_byte_every_place);
  tcase_add_test(tc, utf8_sequences_across_blocks);
  tcase_add_test(tc, utf8_pairs_at_boundaries);
  tcase_add_test(tc, utf8_cut_starts);
  tcase_add_test(tc, json_put_valid_matches);
  tcase_add_test(tc, json_put_matches_buf);
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

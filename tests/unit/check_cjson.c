/*
 * check_cjson.c - the bundled cJSON (lib/cjson/) against Debian's
 * libcjson, the same version with the same Debian patches but without
 * the bundled copy's own (lib/cjson/README): string scanning with
 * memchr, a string without escapes copied at once, null/false/true
 * compared with memcmp.  Both must accept and reject the same texts, stop
 * at the same byte, and give the same trees (compared as printed by each
 * copy's own, unchanged printer).
 *
 * Built when the library bundles cJSON and the system's libcjson is
 * there to compare with (scripts/install-deps.sh installs it).
 */
#include "util.h"

#include "cjson_ref.h"
#include "dp-json.h"

#include <stdint.h>

static uint32_t rng_state;
static uint32_t rng(void) {
  rng_state = rng_state * 1664525u + 1013904223u;
  return rng_state >> 8;
}

typedef struct text {
  char s[2048];
  size_t n;
} text;

static void put(text *t, const char *s, size_t n) {
  if (t->n + n > sizeof t->s) n = sizeof t->s - t->n;
  memcpy(t->s + t->n, s, n);
  t->n += n;
}
static void puts_(text *t, const char *s) { put(t, s, strlen(s)); }

/* The pieces a string is made of: text, every escape, escapes that are
 * wrong or cut short, raw control bytes and a NUL. */
static const char *const pieces[] = {
    "a", "管理", "\xF0\x9F\x98\x80", " ", "\\\"", "\\\\", "\\/", "\\b",
    "\\f", "\\n", "\\r", "\\t", "\\u0041", "\\u7ba1", "\\ud83d\\ude00",
    "\\ud83d", "\\udc00", "\\u12", "\\x", "\\", "\x01", "\x1f", "\x7f",
    "abcdefghijklmnopqrstuvwxyz0123456789", ",", ":", "{", "]"};

static void gen_string(text *t) {
  puts_(t, "\"");
  for (int k = (int)(rng() % 8); k > 0; k--) {
    if (rng() % 16 == 0) {
      put(t, "\0", 1); /* a NUL inside the string */
      continue;
    }
    puts_(t, pieces[rng() % (sizeof pieces / sizeof pieces[0])]);
  }
  if (rng() % 12) puts_(t, "\""); /* else left open */
}

static void gen_value(text *t, int depth) {
  static const char *const words[] = {"null", "true", "false", "nul",
                                      "fals", "tru",  "nulll", "-",
                                      "0",    "-12.5e3", "1e999", "01"};
  switch (rng() % (depth > 4 ? 3 : 5)) {
  case 0: gen_string(t); break;
  case 1: puts_(t, words[rng() % (sizeof words / sizeof words[0])]); break;
  case 2: {
    char num[32];
    snprintf(num, sizeof num, "%d", (int)(rng() % 200000) - 100000);
    puts_(t, num);
    break;
  }
  case 3:
    puts_(t, "[");
    for (int k = (int)(rng() % 4); k > 0; k--) {
      gen_value(t, depth + 1);
      if (k > 1) puts_(t, rng() % 20 ? "," : " ");
    }
    puts_(t, "]");
    break;
  default:
    puts_(t, "{");
    for (int k = (int)(rng() % 4); k > 0; k--) {
      gen_string(t);
      puts_(t, rng() % 20 ? ":" : "");
      gen_value(t, depth + 1);
      if (k > 1) puts_(t, ",");
    }
    puts_(t, "}");
  }
}

/* Parse with both copies and compare. */
static void same_parse(const char *s, size_t n) {
  size_t at_ref = 0, at = (size_t)-1;
  char *want = NULL;
  int ok_ref = ref_parse(s, n, &at_ref, &want);
  const char *end = NULL;
  cJSON *t = cJSON_ParseWithLengthOpts(s, n, &end, 0);
  if (end) at = (size_t)(end - s);
  ck_assert_msg((t != NULL) == ok_ref, "parsed %d, reference %d: '%.*s'",
                t != NULL, ok_ref, (int)n, s);
  ck_assert_msg(at == at_ref, "stopped at %zu, reference at %zu: '%.*s'", at,
                at_ref, (int)n, s);
  if (t) {
    char *got = cJSON_PrintUnformatted(t);
    ck_assert_ptr_nonnull(got);
    ck_assert_ptr_nonnull(want);
    ck_assert_msg(strcmp(got, want) == 0, "tree %s, reference %s", got,
                  want);
    cJSON_free(got);
    cJSON_Delete(t);
  }
  ref_free(want);
}

START_TEST(fixed_texts) {
  static const char *const fixed[] = {
      "\"\"", "\"a\"", "\"a\\\"b\"", "\"\\\\\"", "\"\\\"", "\"\\", "\"",
      "\"abc", "\"\\u00e9\\u7ba1\\ud83d\\ude00\"", "\"\\ud83d\"",
      "\"\\u12\"", "\"\\q\"", "null", "nul", "false", "fals", "true", "tru",
      "[null,false,true]", "{\"a\":\"\\n\",\"b\":[\"x\\ty\"]}",
      "  \"spaces\"  ", "{\"id\":\"平政〔2022〕12号\",\"events\":[]}"};
  for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
    same_parse(fixed[k], strlen(fixed[k]));
  /* a NUL inside a string, and text cut at every length */
  static const char nul[] = "{\"a\":\"x\0y\",\"b\":\"\\u0000z\"}";
  same_parse(nul, sizeof nul - 1);
  const char *full = "{\"k\":\"v\\\"w\\\\\",\"l\":[true,false,null,\"管\"]}";
  for (size_t n = 0; n <= strlen(full); n++) same_parse(full, n);
}
END_TEST

START_TEST(random_texts) {
  rng_state = 20261203u;
  text t;
  for (int round = 0; round < 30000; round++) {
    t.n = 0;
    gen_value(&t, 0);
    same_parse(t.s, t.n);
    /* the same cut short, and with one byte changed */
    if (t.n) {
      same_parse(t.s, rng() % t.n);
      static const char bytes[] = "\"\\,:[]{}un0 \x01";
      t.s[rng() % t.n] = bytes[rng() % (sizeof bytes - 1)];
      same_parse(t.s, t.n);
    }
  }
}
END_TEST

static Suite *cjson_suite(void) {
  Suite *s = suite_create("cjson");
  TCase *tc = tcase_create("against Debian's");
  tcase_set_timeout(tc, 120); /* under valgrind */
  tcase_add_test(tc, fixed_texts);
  tcase_add_test(tc, random_texts);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(cjson_suite()); }

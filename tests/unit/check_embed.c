/*
 * check_embed.c - the embedded defaults (lib/default-rules.c,
 * lib/default-calendar.c and lib/default-ledger.c, made by
 * build-aux/gen-embed.sh) hold the files
 * of the source tree byte for byte, in the order the Makefile gives.
 */
#include "util.h"

static void check_same(const dp__embedded *e, const char *dir) {
  char rel[256];
  snprintf(rel, sizeof rel, "%s/%s", dir, e->name);
  char *path = dp_test_path(rel);
  size_t len;
  char *text = dp_test_read_file(path, &len);
  ck_assert_msg(e->len == len, "%s: embedded %zu bytes, file %zu", e->name,
                e->len, len);
  ck_assert_msg(memcmp(e->text, text, len) == 0, "%s differs from %s",
                e->name, path);
  ck_assert_msg(e->text[len] == '\0', "%s: not NUL-terminated", e->name);
  free(text);
  free(path);
}

START_TEST(rules_match_sources) {
  static const char *const order[] = {
      "steps.rules",          "laws.rules",
      "normative_document.rules", "major_decision.rules",
      "regulation.rules",     "enforcement_decision.rules",
      "administrative_agreement.rules"};
  ck_assert_uint_eq(dp__default_rules_count, 7);
  for (size_t i = 0; i < dp__default_rules_count; i++) {
    ck_assert_str_eq(dp__default_rules[i].name, order[i]);
    check_same(&dp__default_rules[i], "lib/rules");
  }
}
END_TEST

START_TEST(calendar_matches_sources) {
  ck_assert_uint_eq(dp__default_calendar_count, 20);
  for (size_t i = 0; i < dp__default_calendar_count; i++) {
    char want[16];
    snprintf(want, sizeof want, "%zu.json", 2007 + i);
    ck_assert_str_eq(dp__default_calendar[i].name, want);
    check_same(&dp__default_calendar[i], "data/holiday-cn");
  }
}
END_TEST

START_TEST(ledger_map_matches_source) {
  ck_assert_uint_eq(dp__default_ledger_count, 1);
  ck_assert_str_eq(dp__default_ledger[0].name, "ledger.map");
  check_same(&dp__default_ledger[0], "lib");
  /* and it loads */
  dp_ledger_map *m = NULL;
  dp_error err = {0};
  ck_assert_msg(dp_ledger_map_new(&m, NULL, &err) == 0, "%s:%d:%d: %s",
                err.source, err.line, err.column, err.text);
  dp_ledger_map_free(m);
}
END_TEST

/* The embedded UTF-8 survives: the files hold Chinese names. */
START_TEST(utf8_round_trips) {
  const dp__embedded *e = &dp__default_calendar[0];
  ck_assert(dp__utf8_valid(e->text, e->len));
  ck_assert_ptr_nonnull(strstr(e->text, "\"name\": \"元旦\""));
  for (size_t i = 0; i < dp__default_rules_count; i++)
    ck_assert(dp__utf8_valid(dp__default_rules[i].text,
                             dp__default_rules[i].len));
}
END_TEST

/* Every embedded year loads, and covers the year its name says. */
START_TEST(calendar_loads) {
  dp__calendar c;
  dp__calendar_init(&c);
  for (size_t i = 0; i < dp__default_calendar_count; i++) {
    const dp__embedded *e = &dp__default_calendar[i];
    dp_error err = {0};
    char source[64];
    snprintf(source, sizeof source, "<default:%s>", e->name);
    int rc = dp__calendar_load(&c, e->text, e->len, source, &err);
    ck_assert_msg(rc == 0, "%s: %s", source, err.text);
    ck_assert(dp__calendar_covered(&c, 2007 + (int)i));
  }
  ck_assert(dp__calendar_is_workday(&c, D(2024, 2, 4)));
  dp__calendar_free(&c);
}
END_TEST

static Suite *embed_suite(void) {
  Suite *s = suite_create("embed");
  TCase *tc = tcase_create("embed");
  tcase_add_test(tc, rules_match_sources);
  tcase_add_test(tc, calendar_matches_sources);
  tcase_add_test(tc, ledger_map_matches_source);
  tcase_add_test(tc, utf8_round_trips);
  tcase_add_test(tc, calendar_loads);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(embed_suite()); }

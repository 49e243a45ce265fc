/*
 * check_declare.c - the Declare templates (doc/rules.md): each on a trace
 * where it holds vacuously (its steps never happen), where it holds, and
 * where it is violated, including a pair of which one step never
 * happened.  A trace is a list of step letters in time order:
 *   a = public_comment, b = legality_review, c = collective_decision.
 */
#include "util.h"

static const char RULES[] =
    "procedure d \"d\" \"d\"\n"
    "rule d.t\n"
    "  %s\n"
    "  basis \"t\"\n"
    "  verified no\n"
    "end\n";

/* The findings of template line `tmpl` on trace `tr`. */
static size_t findings(const char *tmpl, const char *tr, dp_code *code) {
  dp_engine *e = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_new(&e, DP_ENGINE_NO_DEFAULT_RULES, &err), 0);
  char text[512];
  snprintf(text, sizeof text, RULES, tmpl);
  ck_assert_msg(dp_engine_load_string(e, text, strlen(text), "t", &err) == 0,
                "%s: %s", tmpl, err.text);
  char rec[2048];
  int n = snprintf(rec, sizeof rec, "{'id':'x','procedure':'d','events':[");
  for (size_t k = 0; tr[k]; k++) {
    const char *s = tr[k] == 'a'   ? "public_comment"
                    : tr[k] == 'b' ? "legality_review"
                                   : "collective_decision";
    n += snprintf(rec + n, sizeof rec - (size_t)n,
                  "%s{'step':'%s','date':'2023-03-%02zu'}", k ? "," : "", s,
                  k + 1);
  }
  snprintf(rec + n, sizeof rec - (size_t)n, "]}");
  dp_report *rep = dp_test_check(e, rec);
  size_t cnt = dp_test_count(rep, "d.t");
  if (cnt && code) *code = dp_finding_code(dp_test_find(rep, "d.t", -1));
  dp_report_free(rep);
  dp_engine_free(e);
  return cnt;
}

static const struct {
  const char *tmpl, *trace;
  size_t n;    /* findings */
  dp_code code; /* of the first, when n > 0 */
} cases[] = {
    /* existence: F a */
    {"existence public_comment", "", 1, DP_MISSING},
    {"existence public_comment", "b", 1, DP_MISSING},
    {"existence public_comment", "ba", 0, 0},
    {"existence public_comment 2", "ab", 1, DP_MISSING},
    {"existence public_comment 2", "aba", 0, 0},
    /* absence: ¬F a */
    {"absence public_comment", "", 0, 0},
    {"absence public_comment", "bc", 0, 0},
    {"absence public_comment", "ba", 1, DP_OUT_OF_ORDER},
    {"absence public_comment 2", "ba", 0, 0},
    {"absence public_comment 2", "aba", 1, DP_OUT_OF_ORDER},
    /* exactly */
    {"exactly public_comment 1", "", 1, DP_MISSING},
    {"exactly public_comment 1", "ab", 0, 0},
    {"exactly public_comment 1", "aba", 1, DP_OUT_OF_ORDER},
    /* init: a first */
    {"init public_comment", "", 1, DP_MISSING},
    {"init public_comment", "ab", 0, 0},
    {"init public_comment", "ba", 1, DP_OUT_OF_ORDER},
    /* precedence: G(b → O a) */
    {"precedence public_comment legality_review", "", 0, 0},
    {"precedence public_comment legality_review", "a", 0, 0},
    {"precedence public_comment legality_review", "b", 1, DP_OUT_OF_ORDER},
    {"precedence public_comment legality_review", "ab", 0, 0},
    {"precedence public_comment legality_review", "ba", 1, DP_OUT_OF_ORDER},
    {"precedence public_comment legality_review", "bab", 1, DP_OUT_OF_ORDER},
    /* response: G(a → F b) */
    {"response public_comment legality_review", "", 0, 0},
    {"response public_comment legality_review", "b", 0, 0},
    {"response public_comment legality_review", "a", 1, DP_MISSING},
    {"response public_comment legality_review", "ab", 0, 0},
    {"response public_comment legality_review", "ba", 1, DP_MISSING},
    {"response public_comment legality_review", "aba", 1, DP_MISSING},
    /* succession: both */
    {"succession public_comment legality_review", "", 0, 0},
    {"succession public_comment legality_review", "ab", 0, 0},
    {"succession public_comment legality_review", "b", 1, DP_OUT_OF_ORDER},
    {"succession public_comment legality_review", "a", 1, DP_MISSING},
    {"succession public_comment legality_review", "ba", 2, DP_OUT_OF_ORDER},
    /* responded existence: F a → F b */
    {"responded_existence public_comment legality_review", "", 0, 0},
    {"responded_existence public_comment legality_review", "b", 0, 0},
    {"responded_existence public_comment legality_review", "a", 1, DP_MISSING},
    {"responded_existence public_comment legality_review", "ba", 0, 0},
    /* coexistence: F a ↔ F b */
    {"coexistence public_comment legality_review", "", 0, 0},
    {"coexistence public_comment legality_review", "ba", 0, 0},
    {"coexistence public_comment legality_review", "a", 1, DP_MISSING},
    {"coexistence public_comment legality_review", "b", 1, DP_MISSING},
    /* not coexistence: ¬(F a ∧ F b) */
    {"not_coexistence public_comment legality_review", "", 0, 0},
    {"not_coexistence public_comment legality_review", "a", 0, 0},
    {"not_coexistence public_comment legality_review", "ba", 1, DP_OUT_OF_ORDER},
    /* not succession: G(a → ¬F b) */
    {"not_succession public_comment legality_review", "", 0, 0},
    {"not_succession public_comment legality_review", "ba", 0, 0},
    {"not_succession public_comment legality_review", "ab", 1, DP_OUT_OF_ORDER},
    {"not_succession public_comment legality_review", "abb", 2, DP_OUT_OF_ORDER},
    /* chain response: G(a → X b), X over every event */
    {"chain_response public_comment legality_review", "", 0, 0},
    {"chain_response public_comment legality_review", "ab", 0, 0},
    {"chain_response public_comment legality_review", "acb", 1, DP_OUT_OF_ORDER},
    {"chain_response public_comment legality_review", "a", 1, DP_MISSING},
    {"chain_response public_comment legality_review", "cbc", 0, 0},
};

START_TEST(template_case) {
  dp_code code = DP_CODE__COUNT;
  size_t n = findings(cases[_i].tmpl, cases[_i].trace, &code);
  ck_assert_msg(n == cases[_i].n, "%s on '%s': %zu findings, expected %zu",
                cases[_i].tmpl, cases[_i].trace, n, cases[_i].n);
  if (n)
    ck_assert_msg(code == cases[_i].code, "%s on '%s': %s, expected %s",
                  cases[_i].tmpl, cases[_i].trace, dp_code_name(code),
                  dp_code_name(cases[_i].code));
}
END_TEST

START_TEST(undated_event_is_said) {
  dp_engine *e = NULL;
  ck_assert_int_eq(dp_engine_new(&e, DP_ENGINE_NO_DEFAULT_RULES, NULL), 0);
  char text[512];
  snprintf(text, sizeof text, RULES,
           "precedence public_comment legality_review");
  ck_assert_int_eq(dp_engine_load_string(e, text, strlen(text), "t", NULL), 0);
  dp_report *rep = dp_test_check(
      e, "{'id':'x','procedure':'d','events':[{'step':'public_comment'},"
         "{'step':'legality_review','date':'2023-03-01'}]}");
  const dp_finding *f = dp_test_find(rep, "d.t", DP_INCOMPLETE);
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(dp_finding_severity(f), DP_WARNING);
  dp_report_free(rep);
  dp_engine_free(e);
}
END_TEST

START_TEST(template_mistakes) {
  static const char *const bad[] = {"precedence public_comment",
                                    "precedence public_comment public_comment",
                                    "exactly public_comment",
                                    "existence public_comment 0",
                                    "response public_comment filng"};
  for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
    dp_engine *e = NULL;
    dp_error err = {0};
    ck_assert_int_eq(dp_engine_new(&e, DP_ENGINE_NO_DEFAULT_RULES, NULL), 0);
    char text[512];
    snprintf(text, sizeof text, RULES, bad[k]);
    ck_assert_msg(dp_engine_load_string(e, text, strlen(text), "t", &err) != 0,
                  "'%s' loaded", bad[k]);
    ck_assert_int_eq(err.line, 3);
    dp_engine_free(e);
  }
}
END_TEST

int main(void) {
  Suite *s = suite_create("declare");
  TCase *tc = tcase_create("templates");
  tcase_add_loop_test(tc, template_case, 0,
                      (int)(sizeof cases / sizeof cases[0]));
  tcase_add_test(tc, undated_event_is_said);
  tcase_add_test(tc, template_mistakes);
  suite_add_tcase(s, tc);
  return dp_test_run(s);
}

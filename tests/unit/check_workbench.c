/*
 * check_workbench.c - what a rule author meets (issue 14): an overlay that
 * names a rule the procedure does not have, `rule new`, `set`, `when
 * always`, summaries that follow a changed check, and `verified` as a
 * stated fact.
 */
#define DP_TEST_ENGINE_FIXTURE
#include "util.h"

static int load(const char *text, dp_error *err) {
  memset(err, 0, sizeof *err);
  return dp_engine_load_string(eng, text, strlen(text), "city.rules", err);
}

START_TEST(misspelled_id_is_an_error) {
  dp_error err;
  size_t n = dp_engine_rule_count(eng);
  ck_assert_int_eq(load("overlay normative_document\n"
                        "rule nd.comment-7d\n"
                        "  period public_comment at least 10 workdays\n"
                        "  basis \"x\"\n"
                        "end\n",
                        &err),
                   DP_ERULE);
  ck_assert_int_eq(err.line, 2);
  ck_assert_str_eq(err.text, "no rule 'nd.comment-7d' in normative_document; "
                             "did you mean 'nd.comment-7wd'? (a new rule: "
                             "'rule new nd.comment-7d')");
  ck_assert_uint_eq(dp_engine_rule_count(eng), n);
  /* said so, it is a new rule */
  ck_assert_int_eq(load("overlay normative_document\n"
                        "rule new city.comment-7d\n"
                        "  period public_comment at least 10 workdays\n"
                        "  basis \"x\"\n"
                        "end\n",
                        &err),
                   0);
  ck_assert_uint_eq(dp_engine_rule_count(eng), n + 1);
  /* `new` for a rule that exists */
  ck_assert_int_eq(load("overlay normative_document\nrule new nd.review\n"
                        "  basis \"x\"\nend\n",
                        &err),
                   DP_ERULE);
  ck_assert_ptr_nonnull(strstr(err.text, "drop 'new' to change it"));
}
END_TEST

/* A document with 8 working days of review given before the decision. */
static const char REC[] =
    "{'id':'r','procedure':'normative_document','events':["
    "{'step':'assessment','date':'2023-03-01'},"
    "{'step':'public_comment','start':'2023-03-06','end':'2023-03-17'},"
    "{'step':'legality_review','start':'2023-03-20','end':'2023-03-22'},"
    "{'step':'collective_decision','date':'2023-03-30','meeting':'常务会议'},"
    "{'step':'publication','date':'2023-04-03'},"
    "{'step':'filing','date':'2023-04-20'}]}";

START_TEST(set_changes_one_number) {
  dp_error err;
  dp_report *before = dp_test_check(eng, REC);
  ck_assert_no_finding(before, "nd.review-min");
  dp_report_free(before);
  ck_assert_int_eq(load("overlay normative_document \"示例市\"\n"
                        "set nd.review-min 10 workdays\n"
                        "set nd.filing-30d severity error\n",
                        &err),
                   0);
  const dp_rule *r = dp_engine_find_rule(eng, "normative_document",
                                         "nd.review-min");
  ck_assert_str_eq(dp_rule_check(r),
                   "period legality_review at least 10 workdays before "
                   "collective_decision");
  /* the summary follows the number: made from the check again */
  ck_assert_str_eq(dp_rule_summary(r, DP_LANG_ZH),
                   "合法性审核应当给予不少于10个工作日的时间（至集体审议决定前）");
  ck_assert_ptr_nonnull(strstr(dp_rule_summary(r, DP_LANG_EN), "10 working days"));
  ck_assert_int_eq(dp_rule_severity(dp_engine_find_rule(
                       eng, "normative_document", "nd.filing-30d")),
                   DP_ERROR);
  dp_report *after = dp_test_check(eng, REC);
  const dp_finding *f;
  ck_assert_one_finding(f, after, "nd.review-min", DP_TOO_SHORT, DP_WARNING,
                        "legality_review", "collective_decision", 2);
  ck_assert_msg_has(f, DP_LANG_ZH, "少于10个工作日");
  dp_report_free(after);
  /* a number for a rule that has none, and a misspelt id */
  ck_assert_int_eq(load("overlay normative_document\nset nd.review 3 days\n",
                        &err),
                   DP_ERULE);
  ck_assert_ptr_nonnull(strstr(err.text, "has no number to set"));
  ck_assert_int_eq(load("overlay normative_document\nset nd.reveiw-min 3 days\n",
                        &err),
                   DP_ERULE);
  ck_assert_ptr_nonnull(strstr(err.text, "did you mean 'nd.review-min'"));
}
END_TEST

START_TEST(stale_summary_is_made_again) {
  dp_error err;
  /* the check changed, the summary not restated */
  ck_assert_int_eq(load("overlay normative_document\n"
                        "rule nd.comment-7wd\n"
                        "  period public_comment at least 30 days\n"
                        "end\n",
                        &err),
                   0);
  const dp_rule *r = dp_engine_find_rule(eng, "normative_document",
                                         "nd.comment-7wd");
  ck_assert_str_eq(dp_rule_summary(r, DP_LANG_ZH), "公开征求意见期限不少于30日");
  ck_assert_str_eq(dp_rule_summary(r, DP_LANG_EN),
                   "public comment lasts at least 30 days");
  /* restated: kept as written */
  ck_assert_int_eq(load("overlay normative_document\n"
                        "rule nd.comment-market-30d\n"
                        "  period public_comment at least 45 days\n"
                        "  summary zh \"涉及市场主体的，征求意见不少于45日（示例市）\"\n"
                        "end\n",
                        &err),
                   0);
  r = dp_engine_find_rule(eng, "normative_document", "nd.comment-market-30d");
  ck_assert_str_eq(dp_rule_summary(r, DP_LANG_ZH),
                   "涉及市场主体的，征求意见不少于45日（示例市）");
  ck_assert_ptr_nonnull(strstr(dp_rule_summary(r, DP_LANG_EN), "45 days"));
}
END_TEST

START_TEST(when_always_drops_a_condition) {
  dp_error err;
  const char *rec = "{'id':'m','procedure':'normative_document','events':[]}";
  dp_report *before = dp_test_check(eng, rec);
  ck_assert_no_finding(before, "nd.expert"); /* when technical */
  dp_report_free(before);
  ck_assert_int_eq(load("overlay normative_document\n"
                        "rule nd.expert\n  when always\nend\n",
                        &err),
                   0);
  ck_assert_ptr_null(dp_rule_condition(
      dp_engine_find_rule(eng, "normative_document", "nd.expert")));
  dp_report *after = dp_test_check(eng, rec);
  ck_assert_uint_eq(dp_test_count(after, "nd.expert"), 1);
  dp_report_free(after);
}
END_TEST

START_TEST(verified_is_stated) {
  dp_error err;
  ck_assert_int_eq(load("overlay normative_document\n"
                        "rule new city.a\n  require archiving\n  basis \"x\"\nend\n"
                        "rule new city.b\n  require archiving\n  basis \"x\"\n"
                        "  verified yes\nend\n",
                        &err),
                   0);
  ck_assert_int_eq(dp_rule_verified(dp_engine_find_rule(eng, NULL, "city.a")), 0);
  ck_assert_int_eq(dp_rule_verified(dp_engine_find_rule(eng, NULL, "city.b")), 1);
  dp_report *rep = dp_test_check(
      eng, "{'id':'v','procedure':'normative_document','events':[]}");
  ck_assert_int_eq(dp_finding_verified(dp_test_find(rep, "city.a", -1)), 0);
  dp_report_free(rep);
}
END_TEST

/* A rule may depend on whether a step happened. */
START_TEST(when_happened) {
  dp_error err;
  ck_assert_int_eq(load("overlay normative_document\n"
                        "rule new city.hearing-archived\n"
                        "  require archiving\n"
                        "  when happened hearing\n"
                        "  basis \"x\"\nend\n"
                        "rule new city.no-hearing-comment\n"
                        "  require public_comment\n"
                        "  unless happened hearing\n"
                        "  basis \"x\"\nend\n",
                        &err),
                   0);
  dp_report *with = dp_test_check(
      eng, "{'id':'h','procedure':'normative_document','events':["
           "{'step':'hearing','date':'2023-03-01'}]}");
  dp_report *without = dp_test_check(
      eng, "{'id':'n','procedure':'normative_document','events':[]}");
  ck_assert_uint_eq(dp_test_count(with, "city.hearing-archived"), 1);
  ck_assert_uint_eq(dp_test_count(with, "city.no-hearing-comment"), 0);
  ck_assert_uint_eq(dp_test_count(without, "city.hearing-archived"), 0);
  ck_assert_uint_eq(dp_test_count(without, "city.no-hearing-comment"), 1);
  dp_report_free(with);
  dp_report_free(without);
  ck_assert_int_eq(load("overlay normative_document\nrule new city.x\n"
                        "  require archiving\n  when happened hearnig\n"
                        "  basis \"x\"\nend\n",
                        &err),
                   DP_ERULE);
  ck_assert_ptr_nonnull(strstr(err.text, "unknown step 'hearnig'"));
}
END_TEST

int main(void) {
  Suite *s = suite_create("workbench");
  TCase *tc = tcase_create("overlays");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, misspelled_id_is_an_error);
  tcase_add_test(tc, set_changes_one_number);
  tcase_add_test(tc, stale_summary_is_made_again);
  tcase_add_test(tc, when_always_drops_a_condition);
  tcase_add_test(tc, verified_is_stated);
  tcase_add_test(tc, when_happened);
  suite_add_tcase(s, tc);
  return dp_test_run(s);
}

/*
 * check_gate.c - the gate: records in progress, as of a day (issue 5).
 *
 * Every blocking rule, every kind of due date (one moving over the
 * National Day holiday, one over Labour Day), yes/no answers, and the
 * in-progress check that does not report a step missing before its time.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "dueproc.h"

static dp_engine *E;

static void setup(void) { ck_assert_int_eq(dp_engine_new(&E, 0, NULL), 0); }
static void teardown(void) {
  dp_engine_free(E);
  E = NULL;
}

static int32_t D(const char *s) {
  int32_t d;
  ck_assert_msg(dp_date_parse(s, strlen(s), &d, NULL) == 0, "bad date %s", s);
  return d;
}

static dp_record *rec(const char *json) {
  dp_record *r = NULL;
  dp_error err;
  ck_assert_int_eq(dp_record_from_json(&r, json, strlen(json), 0, &err), 0);
  return r;
}

/* A gate over a JSON record as of a day; the record is freed at once (the
 * gate keeps its own copy). */
static dp_gate *gate(const char *json, const char *as_of) {
  dp_record *r = rec(json);
  dp_gate *g = NULL;
  ck_assert_int_eq(dp_gate_new(&g, E, r, D(as_of), NULL, NULL), 0);
  dp_record_free(r);
  return g;
}

/* dp_gate_may's answer (1 yes, 0 no); the call must succeed. */
static int dp_test_may(const dp_gate *g, const char *step, int32_t day,
                       dp_report **why) {
  int may = -1;
  dp_error err = {0};
  int rc = dp_gate_may(g, step, day, &may, why, &err);
  ck_assert_msg(rc == 0, "dp_gate_may(%s) = %s: %s", step, dp_error_name(rc),
                err.text);
  return may;
}

static size_t step_index(const dp_gate *g, const char *step) {
  for (size_t i = 0; i < dp_gate_step_count(g); i++)
    if (strcmp(dp_gate_step_name(g, i), step) == 0) return i;
  ck_abort_msg("step %s not in the gate", step);
  return 0;
}

static dp_gate_state state(const dp_gate *g, const char *step) {
  return dp_gate_step_state(g, step_index(g, step));
}

/* The reason of a blocked step that comes from `rule`, or NULL. */
static const dp_finding *reason(const dp_gate *g, const char *step,
                                const char *rule) {
  const dp_report *why = dp_gate_step_reasons(g, step_index(g, step));
  for (size_t k = 0; why && k < dp_report_count(why); k++)
    if (strcmp(dp_finding_rule(dp_report_finding(why, k)), rule) == 0)
      return dp_report_finding(why, k);
  return NULL;
}

static const dp_due *due(const dp_gate *g, const char *rule, dp_due_kind k) {
  for (size_t i = 0; i < dp_gate_due_count(g); i++) {
    const dp_due *d = dp_gate_due(g, i);
    if (strcmp(dp_due_rule(d), rule) == 0 && dp_due_kind_of(d) == k) return d;
  }
  return NULL;
}

static int has_finding(const dp_report *rep, const char *rule,
                       const char *code) {
  for (size_t k = 0; k < dp_report_count(rep); k++) {
    const dp_finding *f = dp_report_finding(rep, k);
    if (strcmp(dp_finding_rule(f), rule) == 0 &&
        strcmp(dp_code_name(dp_finding_code(f)), code) == 0)
      return 1;
  }
  return 0;
}

#define ND_HEAD "{\"id\":\"g\",\"procedure\":\"normative_document\","
#define MD_HEAD "{\"id\":\"m\",\"procedure\":\"major_decision\","

static const char *ND_COMMENT =
    ND_HEAD "\"events\":["
            "{\"step\":\"assessment\",\"date\":\"2023-03-01\"},"
            "{\"step\":\"public_comment\",\"start\":\"2023-03-06\","
            "\"end\":\"2023-04-10\"}]}";

/* --- blocking rules: normative documents ------------------------------ */

START_TEST(review_blocked_while_comment_runs) {
  dp_gate *g = gate(ND_COMMENT, "2023-03-20");
  ck_assert_int_eq(state(g, "public_comment"), DP_GATE_RUNNING);
  ck_assert_int_eq(state(g, "legality_review"), DP_GATE_BLOCKED);
  const dp_finding *f = reason(g, "legality_review", "nd.order-early");
  ck_assert_ptr_nonnull(f);
  ck_assert_str_eq(dp_finding_step(f), "legality_review");
  ck_assert_str_eq(dp_finding_other(f), "public_comment");
  /* the end of the comment, in the words of each language */
  ck_assert_str_eq(dp_finding_message(f, DP_LANG_ZH),
                   "公开征求意见至2023年4月10日方结束，此前不得进行合法性审核");
  ck_assert_ptr_nonnull(strstr(dp_finding_message(f, DP_LANG_EN), "2023-04-10"));
  dp_gate_free(g);
}
END_TEST

START_TEST(review_open_after_comment_ended) {
  dp_gate *g = gate(ND_COMMENT, "2023-04-11");
  ck_assert_int_eq(state(g, "public_comment"), DP_GATE_DONE);
  ck_assert_int_eq(state(g, "legality_review"), DP_GATE_OPEN);
  ck_assert_ptr_null(dp_gate_step_reasons(g, step_index(g, "legality_review")));
  dp_gate_free(g);
}
END_TEST

START_TEST(decision_blocked_without_review) {
  dp_gate *g = gate(ND_COMMENT, "2023-04-11");
  ck_assert_int_eq(state(g, "collective_decision"), DP_GATE_BLOCKED);
  const dp_finding *f =
      reason(g, "collective_decision", "nd.review-before-decision");
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(dp_finding_code(f), DP_OUT_OF_ORDER);
  ck_assert_str_eq(dp_finding_other(f), "legality_review");
  /* the bases in force, in full, joined with "；" (组织法 is not a basis
   * of this rule) */
  ck_assert_str_eq(dp_finding_basis(f),
                   "国办发〔2018〕37号 二（六）；国办发〔2018〕115号 二（七）");
  ck_assert_str_eq(dp_finding_message(f, DP_LANG_ZH),
                   "合法性审核尚未完成，不得进行集体审议决定");
  dp_gate_free(g);
}
END_TEST

static const char *ND_FAILED =
    ND_HEAD "\"events\":["
            "{\"step\":\"assessment\",\"date\":\"2023-03-01\"},"
            "{\"step\":\"public_comment\",\"start\":\"2023-03-06\","
            "\"end\":\"2023-04-10\"},"
            "{\"step\":\"legality_review\",\"start\":\"2023-04-12\","
            "\"end\":\"2023-04-20\",\"result\":\"fail\"},"
            "{\"step\":\"legality_review\",\"start\":\"2023-05-04\","
            "\"end\":\"2023-05-12\",\"result\":\"pass\"}]}";

START_TEST(decision_blocked_after_failed_review) {
  dp_gate *g = gate(ND_FAILED, "2023-04-25");
  ck_assert_int_eq(state(g, "collective_decision"), DP_GATE_BLOCKED);
  const dp_finding *f = reason(g, "collective_decision", "nd.review-passed");
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(dp_finding_code(f), DP_AFTER_REJECTION);
  ck_assert_ptr_nonnull(strstr(dp_finding_message(f, DP_LANG_EN), "fail"));
  /* the failed review is not "not done": no precedence reason */
  ck_assert_ptr_null(
      reason(g, "collective_decision", "nd.review-before-decision"));
  dp_gate_free(g);
}
END_TEST

START_TEST(decision_open_after_later_passing_review) {
  dp_gate *g = gate(ND_FAILED, "2023-05-15");
  ck_assert_int_eq(state(g, "collective_decision"), DP_GATE_OPEN);
  dp_gate_free(g);
}
END_TEST

START_TEST(decision_blocked_while_second_review_runs) {
  /* as of 2023-05-08 the second review has started but not ended: the
   * latest ended review is the failed one */
  dp_gate *g = gate(ND_FAILED, "2023-05-08");
  ck_assert_int_eq(state(g, "legality_review"), DP_GATE_RUNNING);
  ck_assert_ptr_nonnull(
      reason(g, "collective_decision", "nd.review-passed"));
  dp_gate_free(g);
}
END_TEST

static const char *ND_MARKET =
    ND_HEAD "\"attributes\":{\"affects_market\":true},\"events\":["
            "{\"step\":\"assessment\",\"date\":\"2023-03-01\"},"
            "{\"step\":\"public_comment\",\"start\":\"2023-03-06\","
            "\"end\":\"2023-04-10\"},"
            "{\"step\":\"legality_review\",\"start\":\"2023-04-12\","
            "\"end\":\"2023-04-20\",\"result\":\"pass\"}]}";

START_TEST(decision_blocked_without_fair_competition_review) {
  dp_gate *g = gate(ND_MARKET, "2023-04-21");
  ck_assert_int_eq(state(g, "collective_decision"), DP_GATE_BLOCKED);
  ck_assert_ptr_nonnull(
      reason(g, "collective_decision", "nd.fair-competition"));
  ck_assert(dp_gate_step_required(g, step_index(g, "fair_competition_review")));
  dp_gate_free(g);
}
END_TEST

START_TEST(decision_open_when_market_not_affected) {
  /* the same events without affects_market: no fair competition review
   * is needed and the decision may be taken */
  const char *json =
      ND_HEAD "\"events\":["
              "{\"step\":\"assessment\",\"date\":\"2023-03-01\"},"
              "{\"step\":\"public_comment\",\"start\":\"2023-03-06\","
              "\"end\":\"2023-04-10\"},"
              "{\"step\":\"legality_review\",\"start\":\"2023-04-12\","
              "\"end\":\"2023-04-20\",\"result\":\"pass\"}]}";
  dp_gate *g = gate(json, "2023-04-21");
  ck_assert_int_eq(state(g, "collective_decision"), DP_GATE_OPEN);
  ck_assert(!dp_gate_step_required(g,
                                   step_index(g, "fair_competition_review")));
  dp_gate_free(g);
}
END_TEST

static const char *ND_DECIDED =
    ND_HEAD "\"events\":["
            "{\"step\":\"assessment\",\"date\":\"2023-03-01\"},"
            "{\"step\":\"public_comment\",\"start\":\"2023-03-06\","
            "\"end\":\"2023-04-10\"},"
            "{\"step\":\"legality_review\",\"start\":\"2023-04-12\","
            "\"end\":\"2023-04-20\",\"result\":\"pass\"},"
            "{\"step\":\"collective_decision\",\"date\":\"2023-04-21\","
            "\"meeting\":\"常务会议\"},"
            "{\"step\":\"publication\",\"date\":\"2023-09-05\"}]}";

START_TEST(publication_blocked_until_decision) {
  dp_gate *g = gate(ND_COMMENT, "2023-04-11");
  ck_assert_int_eq(state(g, "publication"), DP_GATE_BLOCKED);
  ck_assert_ptr_nonnull(
      reason(g, "publication", "nd.decision-before-publication"));
  dp_gate_free(g);
  g = gate(ND_DECIDED, "2023-04-22");
  ck_assert_int_eq(state(g, "publication"), DP_GATE_OPEN);
  dp_gate_free(g);
}
END_TEST

START_TEST(filing_blocked_until_publication) {
  dp_gate *g = gate(ND_DECIDED, "2023-04-22");
  ck_assert_int_eq(state(g, "filing"), DP_GATE_BLOCKED);
  const dp_finding *f = reason(g, "filing", "nd.filing");
  ck_assert_ptr_nonnull(f);
  ck_assert_str_eq(dp_finding_other(f), "publication");
  dp_gate_free(g);
  g = gate(ND_DECIDED, "2023-09-06");
  ck_assert_int_eq(state(g, "filing"), DP_GATE_OPEN);
  dp_gate_free(g);
}
END_TEST

START_TEST(warning_order_does_not_block) {
  /* nd.order-early says assessment before comment only as a warning */
  const char *json = ND_HEAD "\"events\":[]}";
  dp_gate *g = gate(json, "2023-03-01");
  ck_assert_int_eq(state(g, "public_comment"), DP_GATE_OPEN);
  ck_assert_int_eq(state(g, "assessment"), DP_GATE_OPEN);
  dp_gate_free(g);
}
END_TEST

START_TEST(future_events_have_not_happened) {
  /* as of 2023-03-02 the comment (from 2023-03-06) is only planned */
  dp_gate *g = gate(ND_COMMENT, "2023-03-02");
  ck_assert_int_eq(state(g, "assessment"), DP_GATE_DONE);
  ck_assert_int_eq(state(g, "public_comment"), DP_GATE_OPEN);
  dp_gate_free(g);
}
END_TEST

/* --- due dates ---------------------------------------------------------- */

START_TEST(filing_due_moves_over_national_day) {
  /* 2023-09-05 + 30 days = 2023-10-05, in the National Day holiday; the
   * next working day is Saturday 2023-10-07 (调休上班) */
  dp_gate *g = gate(ND_DECIDED, "2023-09-10");
  const dp_due *d = due(g, "nd.filing-30d", DP_DUE_BY);
  ck_assert_ptr_nonnull(d);
  ck_assert_int_eq(dp_due_date(d), D("2023-10-07"));
  ck_assert_str_eq(dp_due_step(d), "filing");
  ck_assert(!dp_due_overdue(d));
  ck_assert_ptr_nonnull(strstr(dp_due_message(d, DP_LANG_ZH), "2023年10月7日"));
  ck_assert_ptr_nonnull(strstr(dp_due_message(d, DP_LANG_EN), "2023-10-07"));
  /* decided in 2023: the filing regulation of 2001 was in force */
  ck_assert_ptr_nonnull(strstr(dp_due_basis(d), "《法规规章备案条例》第三条"));
  dp_gate_free(g);
}
END_TEST

START_TEST(filing_overdue_as_of_later) {
  dp_gate *g = gate(ND_DECIDED, "2023-10-07");
  ck_assert(!dp_due_overdue(due(g, "nd.filing-30d", DP_DUE_BY)));
  ck_assert(!has_finding(dp_gate_report(g), "nd.filing-30d", "overdue"));
  dp_gate_free(g);
  g = gate(ND_DECIDED, "2023-10-09");
  ck_assert(dp_due_overdue(due(g, "nd.filing-30d", DP_DUE_BY)));
  ck_assert(has_finding(dp_gate_report(g), "nd.filing-30d", "overdue"));
  dp_gate_free(g);
}
END_TEST

START_TEST(no_filing_due_once_filed) {
  const char *json =
      ND_HEAD "\"events\":["
              "{\"step\":\"publication\",\"date\":\"2023-09-05\"},"
              "{\"step\":\"filing\",\"date\":\"2023-09-20\"}]}";
  dp_gate *g = gate(json, "2023-09-25");
  ck_assert_ptr_null(due(g, "nd.filing-30d", DP_DUE_BY));
  dp_gate_free(g);
}
END_TEST

START_TEST(comment_may_close_after_seven_workdays) {
  /* from Monday 2023-03-06, the 7th working day is Tuesday 2023-03-14 */
  dp_gate *g = gate(ND_COMMENT, "2023-03-07");
  const dp_due *d = due(g, "nd.comment-7wd", DP_DUE_NOT_BEFORE);
  ck_assert_ptr_nonnull(d);
  ck_assert_int_eq(dp_due_date(d), D("2023-03-14"));
  ck_assert_ptr_null(due(g, "nd.comment-market-30d", DP_DUE_NOT_BEFORE));
  dp_gate_free(g);
}
END_TEST

START_TEST(market_comment_may_close_after_thirty_days) {
  dp_gate *g = gate(ND_MARKET, "2023-03-07");
  const dp_due *d = due(g, "nd.comment-market-30d", DP_DUE_NOT_BEFORE);
  ck_assert_ptr_nonnull(d);
  ck_assert_int_eq(dp_due_date(d), D("2023-04-04"));
  dp_gate_free(g);
}
END_TEST

START_TEST(urgent_with_reason_has_no_comment_minimum) {
  const char *json =
      ND_HEAD "\"attributes\":{\"urgent\":true},\"events\":["
              "{\"step\":\"public_comment\",\"start\":\"2023-03-06\","
              "\"end\":\"2023-03-08\",\"reason\":\"防汛紧急\"}]}";
  dp_gate *g = gate(json, "2023-03-07");
  ck_assert_ptr_null(due(g, "nd.comment-7wd", DP_DUE_NOT_BEFORE));
  dp_gate_free(g);
}
END_TEST

START_TEST(review_bounds_cross_labour_day) {
  /* a review from Wednesday 2023-04-12: the 5th working day is 04-18, so
   * (v2: the time given) the collective decision may not be held before
   * 04-19, the first day after the reviewer had 5 working days; the 15th
   * working day counts Sunday 04-23 (调休上班), skips 04-29..05-03 and is
   * 2023-05-04 */
  const char *json =
      ND_HEAD "\"events\":[{\"step\":\"legality_review\","
              "\"start\":\"2023-04-12\"}]}";
  dp_gate *g = gate(json, "2023-04-13");
  const dp_due *lo = due(g, "nd.review-min", DP_DUE_NOT_BEFORE);
  const dp_due *hi = due(g, "nd.review-max", DP_DUE_NOT_AFTER);
  ck_assert_ptr_nonnull(lo);
  ck_assert_ptr_nonnull(hi);
  ck_assert_str_eq(dp_due_step(lo), "collective_decision");
  ck_assert_int_eq(dp_due_date(lo), D("2023-04-19"));
  ck_assert_int_eq(dp_engine_workdays(E, D("2023-04-12"), D("2023-04-18")), 5);
  ck_assert_ptr_nonnull(strstr(dp_due_message(lo, DP_LANG_ZH),
                               "集体审议决定不得早于2023年4月19日"));
  ck_assert_ptr_nonnull(strstr(dp_due_message(lo, DP_LANG_EN),
                               "collective decision not before 2023-04-19"));
  ck_assert_str_eq(dp_due_step(hi), "legality_review");
  ck_assert_int_eq(dp_due_date(hi), D("2023-05-04"));
  ck_assert_int_eq(dp_engine_workdays(E, D("2023-04-12"), dp_due_date(hi)),
                   15);
  dp_gate_free(g);
}
END_TEST

START_TEST(finished_period_has_no_bounds) {
  dp_gate *g = gate(ND_COMMENT, "2023-04-20");
  ck_assert_ptr_null(due(g, "nd.comment-7wd", DP_DUE_NOT_BEFORE));
  dp_gate_free(g);
}
END_TEST

/* --- the in-progress report ------------------------------------------- */

START_TEST(not_missing_before_its_time) {
  dp_gate *g = gate(ND_COMMENT, "2023-03-20");
  const dp_report *rep = dp_gate_report(g);
  for (size_t k = 0; k < dp_report_count(rep); k++)
    ck_assert_int_ne(dp_finding_code(dp_report_finding(rep, k)), DP_MISSING);
  dp_gate_free(g);
  /* the same record, finished, misses the review and what follows */
  dp_record *r = rec(ND_COMMENT);
  dp_report *full;
  ck_assert_int_eq(dp_check(E, r, NULL, &full), 0);
  ck_assert(has_finding(full, "nd.review", "missing"));
  dp_report_free(full);
  dp_record_free(r);
}
END_TEST

START_TEST(missing_once_a_later_step_happened) {
  /* a decision was taken without any legality review */
  const char *json =
      ND_HEAD "\"events\":["
              "{\"step\":\"assessment\",\"date\":\"2023-03-01\"},"
              "{\"step\":\"collective_decision\",\"date\":\"2023-03-10\","
              "\"meeting\":\"常务会议\"}]}";
  dp_gate *g = gate(json, "2023-03-11");
  ck_assert(has_finding(dp_gate_report(g), "nd.review", "missing"));
  /* nothing needs publication yet */
  ck_assert(!has_finding(dp_gate_report(g), "nd.publication", "missing"));
  dp_gate_free(g);
}
END_TEST

START_TEST(check_in_progress_option) {
  dp_record *r = rec(ND_DECIDED);
  dp_check_options o = {NULL, DP_CHECK_IN_PROGRESS, D("2023-09-10")};
  dp_report *rep;
  ck_assert_int_eq(dp_check(E, r, &o, &rep), 0);
  ck_assert(!has_finding(rep, "nd.filing", "missing"));
  dp_report_free(rep);
  /* zero options: a finished record */
  dp_check_options z = {0};
  ck_assert_int_eq(dp_check(E, r, &z, &rep), 0);
  ck_assert(has_finding(rep, "nd.filing", "missing"));
  dp_report_free(rep);
  dp_record_free(r);
}
END_TEST

/* --- major decisions ---------------------------------------------------- */

START_TEST(md_review_blocked_without_required_comment) {
  const char *json = MD_HEAD "\"events\":[]}";
  dp_gate *g = gate(json, "2023-03-01");
  ck_assert_int_eq(state(g, "legality_review"), DP_GATE_BLOCKED);
  const dp_finding *f =
      reason(g, "legality_review", "md.inputs-before-review");
  ck_assert_ptr_nonnull(f);
  ck_assert_str_eq(dp_finding_other(f), "public_comment");
  dp_gate_free(g);
}
END_TEST

START_TEST(md_confidential_review_not_blocked_by_comment) {
  const char *json =
      MD_HEAD "\"attributes\":{\"confidential\":true},\"events\":[]}";
  dp_gate *g = gate(json, "2023-03-01");
  ck_assert_int_eq(state(g, "legality_review"), DP_GATE_OPEN);
  dp_gate_free(g);
}
END_TEST

START_TEST(md_review_blocked_without_required_hearing) {
  const char *json =
      MD_HEAD "\"attributes\":{\"hearing_required\":true},\"events\":["
              "{\"step\":\"public_comment\",\"start\":\"2023-01-02\","
              "\"end\":\"2023-02-10\"}]}";
  dp_gate *g = gate(json, "2023-02-15");
  ck_assert_int_eq(state(g, "legality_review"), DP_GATE_BLOCKED);
  ck_assert_ptr_nonnull(reason(g, "legality_review", "md.hearing"));
  ck_assert_ptr_null(reason(g, "legality_review", "md.comment"));
  dp_gate_free(g);
}
END_TEST

START_TEST(md_review_blocked_while_risk_assessment_runs) {
  const char *json =
      MD_HEAD "\"events\":["
              "{\"step\":\"public_comment\",\"start\":\"2023-01-02\","
              "\"end\":\"2023-02-10\"},"
              "{\"step\":\"risk_assessment\",\"start\":\"2023-02-01\","
              "\"end\":\"2023-02-28\"}]}";
  dp_gate *g = gate(json, "2023-02-15");
  const dp_finding *f =
      reason(g, "legality_review", "md.inputs-before-review");
  ck_assert_ptr_nonnull(f);
  ck_assert_str_eq(dp_finding_other(f), "risk_assessment");
  ck_assert_int_eq(dp_finding_event(f), 1);
  dp_gate_free(g);
}
END_TEST

static const char *MD_RISK =
    MD_HEAD "\"attributes\":{\"stability_risk\":true},\"events\":["
            "{\"step\":\"public_comment\",\"start\":\"2023-01-02\","
            "\"end\":\"2023-02-10\"},"
            "{\"step\":\"risk_assessment\",\"date\":\"2023-02-12\","
            "\"result\":\"uncontrollable\"},"
            "{\"step\":\"legality_review\",\"start\":\"2023-02-20\","
            "\"end\":\"2023-03-01\",\"result\":\"pass\"},"
            "{\"step\":\"risk_assessment\",\"date\":\"2023-03-06\","
            "\"result\":\"controllable\"}]}";

START_TEST(md_decision_blocked_after_uncontrollable_risk) {
  dp_gate *g = gate(MD_RISK, "2023-03-02");
  ck_assert_int_eq(state(g, "collective_decision"), DP_GATE_BLOCKED);
  const dp_finding *f =
      reason(g, "collective_decision", "md.risk-controllable");
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(dp_finding_code(f), DP_AFTER_REJECTION);
  ck_assert_str_eq(dp_finding_other(f), "risk_assessment");
  dp_gate_free(g);
  g = gate(MD_RISK, "2023-03-07");
  ck_assert_ptr_null(reason(g, "collective_decision", "md.risk-controllable"));
  dp_gate_free(g);
}
END_TEST

START_TEST(md_comment_minimum_thirty_days) {
  const char *json =
      MD_HEAD "\"events\":[{\"step\":\"public_comment\","
              "\"start\":\"2023-01-02\"}]}";
  dp_gate *g = gate(json, "2023-01-05");
  const dp_due *d = due(g, "md.comment-30d", DP_DUE_NOT_BEFORE);
  ck_assert_ptr_nonnull(d);
  ck_assert_int_eq(dp_due_date(d), D("2023-01-31"));
  dp_gate_free(g);
}
END_TEST

START_TEST(md_review_minimum_seven_workdays_over_spring_festival) {
  /* review from Friday 2023-01-20: 春节 2023-01-21..27 are rest days and
   * Saturday 01-28, Sunday 01-29 are working days; working days: 01-20,
   * 01-28, 01-29, 01-30, 01-31, 02-01, 02-02 → the 7th is 2023-02-02, and
   * the decision may be held from the day after, 2023-02-03 */
  const char *json =
      MD_HEAD "\"events\":[{\"step\":\"legality_review\","
              "\"start\":\"2023-01-20\"}]}";
  dp_gate *g = gate(json, "2023-01-20");
  const dp_due *d = due(g, "md.review-7wd", DP_DUE_NOT_BEFORE);
  ck_assert_ptr_nonnull(d);
  ck_assert_str_eq(dp_due_step(d), "collective_decision");
  ck_assert_int_eq(dp_due_date(d), D("2023-02-03"));
  ck_assert_ptr_nonnull(strstr(dp_due_message(d, DP_LANG_ZH),
                               "集体讨论决定不得早于2023年2月3日"));
  dp_gate_free(g);
}
END_TEST

/* --- may step X be taken on day D? -------------------------------------- */

START_TEST(may_answers_yes_and_no) {
  dp_gate *g = gate(ND_COMMENT, "2023-03-20");
  dp_report *why = NULL;
  ck_assert_int_eq(dp_test_may(g, "legality_review", D("2023-04-05"), &why),
                   0);
  ck_assert_uint_eq(dp_report_count(why), 1);
  ck_assert_str_eq(dp_finding_rule(dp_report_finding(why, 0)),
                   "nd.order-early");
  dp_report_free(why);
  ck_assert_int_eq(dp_test_may(g, "legality_review", D("2023-04-11"), &why),
                   1);
  ck_assert_uint_eq(dp_report_count(why), 0);
  dp_report_free(why);
  /* a NULL why is fine */
  ck_assert_int_eq(dp_test_may(g, "collective_decision", D("2023-04-11"),
                               NULL),
                   0);
  dp_gate_free(g);
}
END_TEST

START_TEST(may_same_day_as_end) {
  /* a comment ending on 04-10 allows a review starting on 04-10 */
  dp_gate *g = gate(ND_COMMENT, "2023-03-20");
  ck_assert_int_eq(dp_test_may(g, "legality_review", D("2023-04-10"), NULL),
                   1);
  dp_gate_free(g);
}
END_TEST

START_TEST(may_unknown_step) {
  dp_gate *g = gate(ND_COMMENT, "2023-03-20");
  /* a name no rule file declares: an error, never a yes, and err names
   * the step and the nearest declared one */
  int may = 1;
  dp_report *no = (dp_report *)1;
  dp_error err = {0};
  ck_assert_int_eq(dp_gate_may(g, "signing_x", D("2023-04-11"), &may, &no,
                               &err),
                   DP_EINVAL);
  ck_assert_int_eq(may, 0);
  ck_assert_ptr_null(no);
  ck_assert_int_eq(err.code, DP_EINVAL);
  ck_assert_str_eq(err.text,
                   "unknown step 'signing_x'; did you mean 'signing'?");
  dp_error e2 = {0};
  ck_assert_int_eq(dp_gate_may(g, "zzzzzzzzzzzzzzz", D("2023-04-11"), &may,
                               NULL, &e2),
                   DP_EINVAL);
  ck_assert_str_eq(e2.text, "unknown step 'zzzzzzzzzzzzzzz'");
  /* no place for the answer, no day: errors too */
  ck_assert_int_eq(dp_gate_may(g, "signing", D("2023-04-11"), NULL, NULL,
                               NULL),
                   DP_EINVAL);
  may = 1;
  ck_assert_int_eq(dp_gate_may(g, "signing", DP_NO_DATE, &may, NULL, NULL),
                   DP_EINVAL);
  ck_assert_int_eq(may, 0);
  /* signing is a declared step (steps.rules, v2) that no rule of this
   * procedure orders: nothing blocks it */
  dp_report *why = NULL;
  ck_assert_int_eq(dp_test_may(g, "signing", D("2023-04-11"), &why), 1);
  ck_assert_uint_eq(dp_report_count(why), 0);
  dp_report_free(why);
  dp_gate_free(g);
}
END_TEST

START_TEST(gate_needs_known_procedure) {
  dp_record *r = rec("{\"id\":\"q\",\"procedure\":\"licensing\"}");
  dp_gate *g = (dp_gate *)1;
  dp_error err = {0};
  ck_assert_int_eq(dp_gate_new(&g, E, r, D("2023-01-01"), NULL, &err),
                   DP_EPROCEDURE);
  ck_assert_ptr_null(g);
  ck_assert_int_eq(err.code, DP_EPROCEDURE);
  ck_assert_str_eq(err.source, "q");
  ck_assert_str_eq(err.text, "unknown procedure 'licensing'");
  /* a misspelt key: the nearest known one */
  dp_error e2 = {0};
  ck_assert_int_eq(dp_gate_new(&g, E, r, D("2023-01-01"),
                               "normative_documnet", &e2),
                   DP_EPROCEDURE);
  ck_assert_str_eq(e2.text, "unknown procedure 'normative_documnet'; did "
                            "you mean 'normative_document'?");
  /* none at all */
  dp_record *bare = rec("{\"id\":\"b\"}");
  dp_error e3 = {0};
  ck_assert_int_eq(dp_gate_new(&g, E, bare, D("2023-01-01"), NULL, &e3),
                   DP_EPROCEDURE);
  ck_assert_str_eq(e3.text, "the record names no procedure");
  dp_record_free(bare);
  /* a record that could not be read */
  dp_record *bad = NULL;
  ck_assert_int_eq(dp_record_from_text(&bad, "[1]", 3, "x.json", 4), 0);
  dp_error e4 = {0};
  ck_assert_int_eq(dp_gate_new(&g, E, bad, D("2023-01-01"),
                               "normative_document", &e4),
                   DP_ERECORD);
  ck_assert_ptr_nonnull(strstr(e4.text, "x.json:4:"));
  dp_record_free(bad);
  /* forcing a known procedure works */
  ck_assert_int_eq(
      dp_gate_new(&g, E, r, D("2023-01-01"), "normative_document", NULL), 0);
  dp_gate_free(g);
  dp_record_free(r);
  dp_gate_free(NULL);
}
END_TEST

START_TEST(steps_in_canonical_order) {
  dp_gate *g = gate(ND_COMMENT, "2023-03-20");
  ck_assert_str_eq(dp_gate_step_name(g, 0), "assessment");
  ck_assert_str_eq(dp_gate_step_name(g, 1), "public_comment");
  /* after filing, the document's later life: clean-up and renewal */
  size_t n = dp_gate_step_count(g);
  ck_assert_str_eq(dp_gate_step_name(g, n - 3), "filing");
  ck_assert_str_eq(dp_gate_step_name(g, n - 2), "cleanup");
  ck_assert_str_eq(dp_gate_step_name(g, n - 1), "renewal");
  ck_assert_ptr_null(dp_gate_step_name(g, dp_gate_step_count(g)));
  dp_gate_free(g);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("gate");
  TCase *t = tcase_create("nd");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, review_blocked_while_comment_runs);
  tcase_add_test(t, review_open_after_comment_ended);
  tcase_add_test(t, decision_blocked_without_review);
  tcase_add_test(t, decision_blocked_after_failed_review);
  tcase_add_test(t, decision_open_after_later_passing_review);
  tcase_add_test(t, decision_blocked_while_second_review_runs);
  tcase_add_test(t, decision_blocked_without_fair_competition_review);
  tcase_add_test(t, decision_open_when_market_not_affected);
  tcase_add_test(t, publication_blocked_until_decision);
  tcase_add_test(t, filing_blocked_until_publication);
  tcase_add_test(t, warning_order_does_not_block);
  tcase_add_test(t, future_events_have_not_happened);
  suite_add_tcase(s, t);
  t = tcase_create("due");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, filing_due_moves_over_national_day);
  tcase_add_test(t, filing_overdue_as_of_later);
  tcase_add_test(t, no_filing_due_once_filed);
  tcase_add_test(t, comment_may_close_after_seven_workdays);
  tcase_add_test(t, market_comment_may_close_after_thirty_days);
  tcase_add_test(t, urgent_with_reason_has_no_comment_minimum);
  tcase_add_test(t, review_bounds_cross_labour_day);
  tcase_add_test(t, finished_period_has_no_bounds);
  suite_add_tcase(s, t);
  t = tcase_create("report");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, not_missing_before_its_time);
  tcase_add_test(t, missing_once_a_later_step_happened);
  tcase_add_test(t, check_in_progress_option);
  suite_add_tcase(s, t);
  t = tcase_create("md");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, md_review_blocked_without_required_comment);
  tcase_add_test(t, md_confidential_review_not_blocked_by_comment);
  tcase_add_test(t, md_review_blocked_without_required_hearing);
  tcase_add_test(t, md_review_blocked_while_risk_assessment_runs);
  tcase_add_test(t, md_decision_blocked_after_uncontrollable_risk);
  tcase_add_test(t, md_comment_minimum_thirty_days);
  tcase_add_test(t, md_review_minimum_seven_workdays_over_spring_festival);
  suite_add_tcase(s, t);
  t = tcase_create("may");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, may_answers_yes_and_no);
  tcase_add_test(t, may_same_day_as_end);
  tcase_add_test(t, may_unknown_step);
  tcase_add_test(t, gate_needs_known_procedure);
  tcase_add_test(t, steps_in_canonical_order);
  suite_add_tcase(s, t);
  return s;
}

int main(void) {
  SRunner *sr = srunner_create(suite());
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/*
 * check_gate.c - the gate: records in progress, as of a day (issue 5).
 *
 * Every blocking rule, every kind of due date (one moving over the
 * National Day holiday, one over Labour Day), yes/no answers, and the
 * in-progress check that does not report a step missing before its time.
 *
 * Most tests are rows of one table, `cases` below: a record, the day the
 * gate is opened on, and what the gate answers (states, reasons, due
 * dates, its report, may-I answers).  The loop test `row` runs each;
 * every failure message starts with the row's name.  Tests that do
 * something else stay functions after the table.
 *
 * Only the public API (dueproc.h) is used.
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

/* ---------------------------------------------------------------------
 * Records
 * ------------------------------------------------------------------- */

#define ND_HEAD "{\"id\":\"g\",\"procedure\":\"normative_document\","
#define MD_HEAD "{\"id\":\"m\",\"procedure\":\"major_decision\","

#define ASSESSED "{\"step\":\"assessment\",\"date\":\"2023-03-01\"},"
#define COMMENTED                                                         \
  "{\"step\":\"public_comment\",\"start\":\"2023-03-06\","                \
  "\"end\":\"2023-04-10\"}"
#define REVIEWED                                                          \
  "{\"step\":\"legality_review\",\"start\":\"2023-04-12\","               \
  "\"end\":\"2023-04-20\",\"result\":\"pass\"}"

/* assessed; in public comment from 03-06 to 04-10 */
#define ND_COMMENT ND_HEAD "\"events\":[" ASSESSED COMMENTED "]}"

/* ... then a failed review (04-12..04-20) and a passing one
 * (05-04..05-12) */
#define ND_FAILED                                                         \
  ND_HEAD "\"events\":[" ASSESSED COMMENTED ","                           \
          "{\"step\":\"legality_review\",\"start\":\"2023-04-12\","       \
          "\"end\":\"2023-04-20\",\"result\":\"fail\"},"                  \
          "{\"step\":\"legality_review\",\"start\":\"2023-05-04\","       \
          "\"end\":\"2023-05-12\",\"result\":\"pass\"}]}"

/* affecting markets: commented and reviewed, no fair competition
 * review */
#define ND_MARKET                                                         \
  ND_HEAD "\"attributes\":{\"affects_market\":true},\"events\":["         \
          ASSESSED COMMENTED "," REVIEWED "]}"

/* commented, reviewed, decided on 04-21 and published on 09-05 */
#define ND_DECIDED                                                        \
  ND_HEAD "\"events\":[" ASSESSED COMMENTED "," REVIEWED ","              \
          "{\"step\":\"collective_decision\",\"date\":\"2023-04-21\","    \
          "\"meeting\":\"常务会议\"},"                                    \
          "{\"step\":\"publication\",\"date\":\"2023-09-05\"}]}"

/* a major decision after comment (to 02-10), an uncontrollable risk
 * (02-12), a review (02-20..03-01) and a controllable risk (03-06) */
#define MD_RISK                                                           \
  MD_HEAD "\"attributes\":{\"stability_risk\":true},\"events\":["         \
          "{\"step\":\"public_comment\",\"start\":\"2023-01-02\","        \
          "\"end\":\"2023-02-10\"},"                                      \
          "{\"step\":\"risk_assessment\",\"date\":\"2023-02-12\","        \
          "\"result\":\"uncontrollable\"},"                               \
          "{\"step\":\"legality_review\",\"start\":\"2023-02-20\","       \
          "\"end\":\"2023-03-01\",\"result\":\"pass\"},"                  \
          "{\"step\":\"risk_assessment\",\"date\":\"2023-03-06\","        \
          "\"result\":\"controllable\"}]}"

/* ---------------------------------------------------------------------
 * The table
 * ------------------------------------------------------------------- */

enum { ANY = 0, YES, NO }; /* a yes/no expectation; ANY: not checked */

/* A record, the day of the gate, and what the gate answers.  Every list
 * ends at its first entry without a step (or rule). */
typedef struct {
  const char *name, *record, *as_of;
  struct {
    const char *step;
    dp_gate_state is;
  } state[2];
  const char *no_reasons; /* a step with no reasons at all */
  /* the reason of rule `rule` why `step` is blocked (absent: there is
   * none), with its code name, step, other step, event, and messages
   * and basis (each NULL, check_event 0: not checked) */
  struct {
    const char *step, *rule;
    int absent;
    const char *code, *step_is, *other;
    int check_event, event;
    const char *en_has, *zh_is, *basis;
  } reason[2];
  struct {
    const char *step;
    int is; /* YES, NO */
  } required;
  /* the due date of this rule and kind (absent: none), with its date,
   * step, whether it is overdue, words of its messages and basis */
  struct {
    const char *rule;
    dp_due_kind kind;
    int absent;
    const char *date, *step;
    int overdue; /* YES, NO, ANY */
    const char *en_has, *zh_has, *basis_has;
  } due[2];
  /* whether the gate's report has a finding of this rule and code */
  struct {
    const char *rule, *code;
    int has; /* YES, NO */
  } report[2];
  /* may `step` be taken on `day`: the answer, and the number of reasons
   * (-1: no report asked for) with the rule of the first */
  struct {
    const char *step, *day;
    int may, nwhy;
    const char *why_rule;
  } may[3];
} gate_case;

#define EVENT(n) .check_event = 1, .event = (n)

static const gate_case cases[] = {
    /* --- blocking rules: normative documents ----------------------- */
    /* the end of the comment, in the words of each language */
    {"review_blocked_while_comment_runs", ND_COMMENT, "2023-03-20",
     .state = {{"public_comment", DP_GATE_RUNNING},
               {"legality_review", DP_GATE_BLOCKED}},
     .reason = {{"legality_review", "nd.order-early",
                 .step_is = "legality_review", .other = "public_comment",
                 .zh_is = "公开征求意见至2023年4月10日方结束，此前不得进行合法性审核",
                 .en_has = "2023-04-10"}}},
    {"review_open_after_comment_ended", ND_COMMENT, "2023-04-11",
     .state = {{"public_comment", DP_GATE_DONE},
               {"legality_review", DP_GATE_OPEN}},
     .no_reasons = "legality_review"},
    /* the bases in force, in full, joined with "；" (组织法 is not a basis
     * of this rule) */
    {"decision_blocked_without_review", ND_COMMENT, "2023-04-11",
     .state = {{"collective_decision", DP_GATE_BLOCKED}},
     .reason = {{"collective_decision", "nd.review-before-decision",
                 .code = "out_of_order", .other = "legality_review",
                 .basis = "国办发〔2018〕37号 二（六）；国办发〔2018〕115号 二（七）",
                 .zh_is = "合法性审核尚未完成，不得进行集体审议决定"}}},
    /* the failed review is not "not done": no precedence reason */
    {"decision_blocked_after_failed_review", ND_FAILED, "2023-04-25",
     .state = {{"collective_decision", DP_GATE_BLOCKED}},
     .reason = {{"collective_decision", "nd.review-passed",
                 .code = "after_rejection", .en_has = "fail"},
                {"collective_decision", "nd.review-before-decision",
                 .absent = 1}}},
    {"decision_open_after_later_passing_review", ND_FAILED, "2023-05-15",
     .state = {{"collective_decision", DP_GATE_OPEN}}},
    /* as of 2023-05-08 the second review has started but not ended: the
     * latest ended review is the failed one */
    {"decision_blocked_while_second_review_runs", ND_FAILED, "2023-05-08",
     .state = {{"legality_review", DP_GATE_RUNNING}},
     .reason = {{"collective_decision", "nd.review-passed"}}},
    {"decision_blocked_without_fair_competition_review", ND_MARKET,
     "2023-04-21", .state = {{"collective_decision", DP_GATE_BLOCKED}},
     .reason = {{"collective_decision", "nd.fair-competition"}},
     .required = {"fair_competition_review", YES}},
    /* the same events without affects_market: no fair competition review
     * is needed and the decision may be taken */
    {"decision_open_when_market_not_affected",
     ND_HEAD "\"events\":[" ASSESSED COMMENTED "," REVIEWED "]}",
     "2023-04-21", .state = {{"collective_decision", DP_GATE_OPEN}},
     .required = {"fair_competition_review", NO}},
    {"publication_blocked_until_decision", ND_COMMENT, "2023-04-11",
     .state = {{"publication", DP_GATE_BLOCKED}},
     .reason = {{"publication", "nd.decision-before-publication"}}},
    {"publication_blocked_until_decision/decided", ND_DECIDED, "2023-04-22",
     .state = {{"publication", DP_GATE_OPEN}}},
    {"filing_blocked_until_publication", ND_DECIDED, "2023-04-22",
     .state = {{"filing", DP_GATE_BLOCKED}},
     .reason = {{"filing", "nd.filing", .other = "publication"}}},
    {"filing_blocked_until_publication/published", ND_DECIDED, "2023-09-06",
     .state = {{"filing", DP_GATE_OPEN}}},
    /* nd.order-early says assessment before comment only as a warning */
    {"warning_order_does_not_block", ND_HEAD "\"events\":[]}", "2023-03-01",
     .state = {{"public_comment", DP_GATE_OPEN},
               {"assessment", DP_GATE_OPEN}}},
    /* as of 2023-03-02 the comment (from 2023-03-06) is only planned */
    {"future_events_have_not_happened", ND_COMMENT, "2023-03-02",
     .state = {{"assessment", DP_GATE_DONE},
               {"public_comment", DP_GATE_OPEN}}},

    /* --- due dates ------------------------------------------------- */
    /* 2023-09-05 + 30 days = 2023-10-05, in the National Day holiday;
     * the next working day is Saturday 2023-10-07 (调休上班); decided in
     * 2023: the filing regulation of 2001 was in force */
    {"filing_due_moves_over_national_day", ND_DECIDED, "2023-09-10",
     .due = {{"nd.filing-30d", DP_DUE_BY, .date = "2023-10-07",
              .step = "filing", .overdue = NO, .zh_has = "2023年10月7日",
              .en_has = "2023-10-07",
              .basis_has = "《法规规章备案条例》第三条"}}},
    {"filing_overdue_as_of_later", ND_DECIDED, "2023-10-07",
     .due = {{"nd.filing-30d", DP_DUE_BY, .overdue = NO}},
     .report = {{"nd.filing-30d", "overdue", NO}}},
    {"filing_overdue_as_of_later/overdue", ND_DECIDED, "2023-10-09",
     .due = {{"nd.filing-30d", DP_DUE_BY, .overdue = YES}},
     .report = {{"nd.filing-30d", "overdue", YES}}},
    {"no_filing_due_once_filed",
     ND_HEAD "\"events\":[{\"step\":\"publication\",\"date\":\"2023-09-05\"},"
             "{\"step\":\"filing\",\"date\":\"2023-09-20\"}]}",
     "2023-09-25", .due = {{"nd.filing-30d", DP_DUE_BY, .absent = 1}}},
    /* from Monday 2023-03-06, the 7th working day is Tuesday 2023-03-14 */
    {"comment_may_close_after_seven_workdays", ND_COMMENT, "2023-03-07",
     .due = {{"nd.comment-7wd", DP_DUE_NOT_BEFORE, .date = "2023-03-14"},
             {"nd.comment-market-30d", DP_DUE_NOT_BEFORE, .absent = 1}}},
    {"market_comment_may_close_after_thirty_days", ND_MARKET, "2023-03-07",
     .due = {{"nd.comment-market-30d", DP_DUE_NOT_BEFORE,
              .date = "2023-04-04"}}},
    {"urgent_with_reason_has_no_comment_minimum",
     ND_HEAD "\"attributes\":{\"urgent\":true},\"events\":["
             "{\"step\":\"public_comment\",\"start\":\"2023-03-06\","
             "\"end\":\"2023-03-08\",\"reason\":\"防汛紧急\"}]}",
     "2023-03-07",
     .due = {{"nd.comment-7wd", DP_DUE_NOT_BEFORE, .absent = 1}}},
    /* a review from Wednesday 2023-04-12: the 5th working day is 04-18,
     * so (v2: the time given) the collective decision may not be held
     * before 04-19, the first day after the reviewer had 5 working days;
     * the 15th working day counts Sunday 04-23 (调休上班), skips
     * 04-29..05-03 and is 2023-05-04 (review_bounds_count_workdays
     * counts them) */
    {"review_bounds_cross_labour_day",
     ND_HEAD "\"events\":[{\"step\":\"legality_review\","
             "\"start\":\"2023-04-12\"}]}",
     "2023-04-13",
     .due = {{"nd.review-min", DP_DUE_NOT_BEFORE,
              .step = "collective_decision", .date = "2023-04-19",
              .zh_has = "集体审议决定不得早于2023年4月19日",
              .en_has = "collective decision not before 2023-04-19"},
             {"nd.review-max", DP_DUE_NOT_AFTER, .step = "legality_review",
              .date = "2023-05-04"}}},
    {"finished_period_has_no_bounds", ND_COMMENT, "2023-04-20",
     .due = {{"nd.comment-7wd", DP_DUE_NOT_BEFORE, .absent = 1}}},

    /* --- the in-progress report ------------------------------------ */
    /* a decision was taken without any legality review; nothing needs
     * publication yet */
    {"missing_once_a_later_step_happened",
     ND_HEAD "\"events\":[" ASSESSED
             "{\"step\":\"collective_decision\",\"date\":\"2023-03-10\","
             "\"meeting\":\"常务会议\"}]}",
     "2023-03-11",
     .report = {{"nd.review", "missing", YES},
                {"nd.publication", "missing", NO}}},

    /* --- major decisions ------------------------------------------- */
    {"md_review_blocked_without_required_comment", MD_HEAD "\"events\":[]}",
     "2023-03-01", .state = {{"legality_review", DP_GATE_BLOCKED}},
     .reason = {{"legality_review", "md.inputs-before-review",
                 .other = "public_comment"}}},
    {"md_confidential_review_not_blocked_by_comment",
     MD_HEAD "\"attributes\":{\"confidential\":true},\"events\":[]}",
     "2023-03-01", .state = {{"legality_review", DP_GATE_OPEN}}},
    {"md_review_blocked_without_required_hearing",
     MD_HEAD "\"attributes\":{\"hearing_required\":true},\"events\":["
             "{\"step\":\"public_comment\",\"start\":\"2023-01-02\","
             "\"end\":\"2023-02-10\"}]}",
     "2023-02-15", .state = {{"legality_review", DP_GATE_BLOCKED}},
     .reason = {{"legality_review", "md.hearing"},
                {"legality_review", "md.comment", .absent = 1}}},
    {"md_review_blocked_while_risk_assessment_runs",
     MD_HEAD "\"events\":["
             "{\"step\":\"public_comment\",\"start\":\"2023-01-02\","
             "\"end\":\"2023-02-10\"},"
             "{\"step\":\"risk_assessment\",\"start\":\"2023-02-01\","
             "\"end\":\"2023-02-28\"}]}",
     "2023-02-15",
     .reason = {{"legality_review", "md.inputs-before-review",
                 .other = "risk_assessment", EVENT(1)}}},
    {"md_decision_blocked_after_uncontrollable_risk", MD_RISK, "2023-03-02",
     .state = {{"collective_decision", DP_GATE_BLOCKED}},
     .reason = {{"collective_decision", "md.risk-controllable",
                 .code = "after_rejection", .other = "risk_assessment"}}},
    {"md_decision_blocked_after_uncontrollable_risk/controllable", MD_RISK,
     "2023-03-07",
     .reason = {{"collective_decision", "md.risk-controllable",
                 .absent = 1}}},
    {"md_comment_minimum_thirty_days",
     MD_HEAD "\"events\":[{\"step\":\"public_comment\","
             "\"start\":\"2023-01-02\"}]}",
     "2023-01-05",
     .due = {{"md.comment-30d", DP_DUE_NOT_BEFORE, .date = "2023-01-31"}}},
    /* review from Friday 2023-01-20: 春节 2023-01-21..27 are rest days
     * and Saturday 01-28, Sunday 01-29 are working days; working days:
     * 01-20, 01-28, 01-29, 01-30, 01-31, 02-01, 02-02 → the 7th is
     * 2023-02-02, and the decision may be held from the day after,
     * 2023-02-03 */
    {"md_review_minimum_seven_workdays_over_spring_festival",
     MD_HEAD "\"events\":[{\"step\":\"legality_review\","
             "\"start\":\"2023-01-20\"}]}",
     "2023-01-20",
     .due = {{"md.review-7wd", DP_DUE_NOT_BEFORE,
              .step = "collective_decision", .date = "2023-02-03",
              .zh_has = "集体讨论决定不得早于2023年2月3日"}}},

    /* --- may step X be taken on day D? ----------------------------- */
    /* a NULL why is fine */
    {"may_answers_yes_and_no", ND_COMMENT, "2023-03-20",
     .may = {{"legality_review", "2023-04-05", 0, 1, "nd.order-early"},
             {"legality_review", "2023-04-11", 1, 0, NULL},
             {"collective_decision", "2023-04-11", 0, -1, NULL}}},
    /* a comment ending on 04-10 allows a review starting on 04-10 */
    {"may_same_day_as_end", ND_COMMENT, "2023-03-20",
     .may = {{"legality_review", "2023-04-10", 1, -1, NULL}}},
};

#define NCASES ((int)(sizeof cases / sizeof cases[0]))

static const char *or_none(const char *s) { return s ? s : "(none)"; }

/* The index of `step` in the gate of row `name`. */
static size_t row_step(const char *name, const dp_gate *g, const char *step) {
  for (size_t i = 0; i < dp_gate_step_count(g); i++)
    if (strcmp(dp_gate_step_name(g, i), step) == 0) return i;
  ck_abort_msg("%s: step %s not in the gate", name, step);
  return 0;
}

static void check_reasons(const gate_case *c, const dp_gate *g) {
  if (c->no_reasons)
    ck_assert_msg(dp_gate_step_reasons(
                      g, row_step(c->name, g, c->no_reasons)) == NULL,
                  "%s: %s has reasons", c->name, c->no_reasons);
  for (size_t k = 0; k < 2 && c->reason[k].step; k++) {
    const char *step = c->reason[k].step, *rule = c->reason[k].rule;
    row_step(c->name, g, step);
    const dp_finding *f = reason(g, step, rule);
    if (c->reason[k].absent) {
      ck_assert_msg(f == NULL, "%s: %s blocked by %s", c->name, step, rule);
      continue;
    }
    ck_assert_msg(f != NULL, "%s: %s not blocked by %s", c->name, step, rule);
    const char *code = dp_code_name(dp_finding_code(f));
    if (c->reason[k].code)
      ck_assert_msg(strcmp(code, c->reason[k].code) == 0,
                    "%s: %s is %s, not %s", c->name, rule, code,
                    c->reason[k].code);
    if (c->reason[k].step_is)
      ck_assert_msg(strcmp(or_none(dp_finding_step(f)),
                           c->reason[k].step_is) == 0,
                    "%s: %s step %s", c->name, rule,
                    or_none(dp_finding_step(f)));
    if (c->reason[k].other)
      ck_assert_msg(strcmp(or_none(dp_finding_other(f)),
                           c->reason[k].other) == 0,
                    "%s: %s other %s, not %s", c->name, rule,
                    or_none(dp_finding_other(f)), c->reason[k].other);
    if (c->reason[k].check_event)
      ck_assert_msg(dp_finding_event(f) == c->reason[k].event,
                    "%s: %s event %d, not %d", c->name, rule,
                    dp_finding_event(f), c->reason[k].event);
    const char *en = dp_finding_message(f, DP_LANG_EN);
    const char *zh = dp_finding_message(f, DP_LANG_ZH);
    if (c->reason[k].en_has)
      ck_assert_msg(strstr(en, c->reason[k].en_has) != NULL,
                    "%s: message '%s' lacks '%s'", c->name, en,
                    c->reason[k].en_has);
    if (c->reason[k].zh_is)
      ck_assert_msg(strcmp(zh, c->reason[k].zh_is) == 0,
                    "%s: message '%s', not '%s'", c->name, zh,
                    c->reason[k].zh_is);
    if (c->reason[k].basis)
      ck_assert_msg(strcmp(dp_finding_basis(f), c->reason[k].basis) == 0,
                    "%s: basis '%s', not '%s'", c->name, dp_finding_basis(f),
                    c->reason[k].basis);
  }
}

static void check_dues(const gate_case *c, const dp_gate *g) {
  for (size_t k = 0; k < 2 && c->due[k].rule; k++) {
    const dp_due *d = due(g, c->due[k].rule, c->due[k].kind);
    if (c->due[k].absent) {
      ck_assert_msg(d == NULL, "%s: a due date of %s", c->name,
                    c->due[k].rule);
      continue;
    }
    ck_assert_msg(d != NULL, "%s: no due date of %s", c->name,
                  c->due[k].rule);
    if (c->due[k].date) {
      char have[11] = "";
      dp_date_format(dp_due_date(d), have);
      ck_assert_msg(dp_due_date(d) == D(c->due[k].date),
                    "%s: %s due %s, not %s", c->name, c->due[k].rule, have,
                    c->due[k].date);
    }
    if (c->due[k].step)
      ck_assert_msg(strcmp(dp_due_step(d), c->due[k].step) == 0,
                    "%s: %s due for %s, not %s", c->name, c->due[k].rule,
                    dp_due_step(d), c->due[k].step);
    if (c->due[k].overdue != ANY)
      ck_assert_msg(!!dp_due_overdue(d) == (c->due[k].overdue == YES),
                    "%s: %s overdue is %d", c->name, c->due[k].rule,
                    dp_due_overdue(d));
    const char *en = dp_due_message(d, DP_LANG_EN);
    const char *zh = dp_due_message(d, DP_LANG_ZH);
    if (c->due[k].en_has)
      ck_assert_msg(strstr(en, c->due[k].en_has) != NULL,
                    "%s: message '%s' lacks '%s'", c->name, en,
                    c->due[k].en_has);
    if (c->due[k].zh_has)
      ck_assert_msg(strstr(zh, c->due[k].zh_has) != NULL,
                    "%s: message '%s' lacks '%s'", c->name, zh,
                    c->due[k].zh_has);
    if (c->due[k].basis_has)
      ck_assert_msg(strstr(dp_due_basis(d), c->due[k].basis_has) != NULL,
                    "%s: basis '%s' lacks '%s'", c->name, dp_due_basis(d),
                    c->due[k].basis_has);
  }
}

static void check_mays(const gate_case *c, const dp_gate *g) {
  for (size_t k = 0; k < 3 && c->may[k].step; k++) {
    dp_report *why = NULL;
    int may = -1;
    dp_error err = {0};
    int rc = dp_gate_may(g, c->may[k].step, D(c->may[k].day), &may,
                         c->may[k].nwhy < 0 ? NULL : &why, &err);
    ck_assert_msg(rc == 0, "%s: dp_gate_may(%s) = %s: %s", c->name,
                  c->may[k].step, dp_error_name(rc), err.text);
    ck_assert_msg(may == c->may[k].may, "%s: may %s on %s: %d, not %d",
                  c->name, c->may[k].step, c->may[k].day, may,
                  c->may[k].may);
    if (c->may[k].nwhy < 0)
      continue;
    ck_assert_msg(dp_report_count(why) == (size_t)c->may[k].nwhy,
                  "%s: %zu reasons, not %d", c->name, dp_report_count(why),
                  c->may[k].nwhy);
    if (c->may[k].why_rule)
      ck_assert_msg(strcmp(dp_finding_rule(dp_report_finding(why, 0)),
                           c->may[k].why_rule) == 0,
                    "%s: the reason is %s, not %s", c->name,
                    dp_finding_rule(dp_report_finding(why, 0)),
                    c->may[k].why_rule);
    dp_report_free(why);
  }
}

/* Row _i of the table. */
START_TEST(row) {
  const gate_case *c = &cases[_i];
  dp_record *r = NULL;
  dp_error err = {0};
  int rc = dp_record_from_json(&r, c->record, strlen(c->record), 0, &err);
  ck_assert_msg(rc == 0, "%s: record does not parse: %s", c->name, err.text);
  dp_gate *g = NULL;
  rc = dp_gate_new(&g, E, r, D(c->as_of), NULL, &err);
  ck_assert_msg(rc == 0, "%s: dp_gate_new: %s", c->name, err.text);
  dp_record_free(r);
  for (size_t k = 0; k < 2 && c->state[k].step; k++) {
    dp_gate_state st =
        dp_gate_step_state(g, row_step(c->name, g, c->state[k].step));
    ck_assert_msg(st == c->state[k].is, "%s: %s is in state %d, not %d",
                  c->name, c->state[k].step, (int)st, (int)c->state[k].is);
  }
  check_reasons(c, g);
  if (c->required.step) {
    int req =
        dp_gate_step_required(g, row_step(c->name, g, c->required.step));
    ck_assert_msg(!!req == (c->required.is == YES), "%s: %s required is %d",
                  c->name, c->required.step, req);
  }
  check_dues(c, g);
  for (size_t k = 0; k < 2 && c->report[k].rule; k++)
    ck_assert_msg(has_finding(dp_gate_report(g), c->report[k].rule,
                              c->report[k].code) ==
                      (c->report[k].has == YES),
                  "%s: the report %s %s %s", c->name,
                  c->report[k].has == YES ? "lacks" : "has",
                  c->report[k].rule, c->report[k].code);
  check_mays(c, g);
  dp_gate_free(g);
}
END_TEST

/* Every row has a name of its own, so that a failure names one row. */
START_TEST(row_names_unique) {
  const char *twice = NULL;
  for (int i = 0; i < NCASES && !twice; i++)
    for (int j = i + 1; j < NCASES && !twice; j++)
      if (strcmp(cases[i].name, cases[j].name) == 0)
        twice = cases[i].name;
  ck_assert_msg(twice == NULL, "two rows named %s", twice);
}
END_TEST

/* ---------------------------------------------------------------------
 * One-off tests
 * ------------------------------------------------------------------- */

/* The working days behind review_bounds_cross_labour_day's dates: 5 from
 * the start through 04-18, 15 through the upper bound. */
START_TEST(review_bounds_count_workdays) {
  const char *json =
      ND_HEAD "\"events\":[{\"step\":\"legality_review\","
              "\"start\":\"2023-04-12\"}]}";
  dp_gate *g = gate(json, "2023-04-13");
  const dp_due *hi = due(g, "nd.review-max", DP_DUE_NOT_AFTER);
  ck_assert_ptr_nonnull(hi);
  ck_assert_int_eq(dp_engine_workdays(E, D("2023-04-12"), D("2023-04-18")), 5);
  ck_assert_int_eq(dp_engine_workdays(E, D("2023-04-12"), dp_due_date(hi)),
                   15);
  dp_gate_free(g);
}
END_TEST

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
  TCase *t = tcase_create("table");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_loop_test(t, row, 0, NCASES);
  tcase_add_test(t, row_names_unique);
  suite_add_tcase(s, t);
  t = tcase_create("due");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, review_bounds_count_workdays);
  suite_add_tcase(s, t);
  t = tcase_create("report");
  tcase_add_checked_fixture(t, setup, teardown);
  tcase_add_test(t, not_missing_before_its_time);
  tcase_add_test(t, check_in_progress_option);
  suite_add_tcase(s, t);
  t = tcase_create("may");
  tcase_add_checked_fixture(t, setup, teardown);
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

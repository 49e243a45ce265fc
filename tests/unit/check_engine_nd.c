/*
 * check_engine_nd.c - every rule of procedures.md table A
 * (normative_document) on the default engine: for each key a record that
 * passes and one that fails, and the edge cases of records.md §4 and §7.
 *
 * Records are JSON with ' for " (util.h dp_test_sq).  The base record
 * below passes every rule; each test changes one thing.
 */
#define DP_TEST_ENGINE_FIXTURE
#define DP_TEST_NO_VALIDITY
#include "util.h"


/* The base events, in time order; their indices in BASE are fixed. */
#define E_ASSESS "{'step':'assessment','date':'2022-03-01'}"                /* 0 */
#define E_COMMENT                                                            \
  "{'step':'public_comment','start':'2022-03-02','end':'2022-04-01',"       \
  "'feedback_published':true}"                                            /* 1 */
#define E_REVIEW                                                             \
  "{'step':'legality_review','start':'2022-04-06','end':'2022-04-15',"      \
  "'result':'pass','by':'市司法局'}"                                      /* 2 */
#define E_DECIDE                                                             \
  "{'step':'collective_decision','date':'2022-04-28','meeting':'常务会议'}" /* 3 */
#define E_PUB "{'step':'publication','date':'2022-05-06','channel':'政府公报'}" /* 4 */
#define E_FILE "{'step':'filing','date':'2022-05-20'}"                      /* 5 */
#define E_FCR "{'step':'fair_competition_review','date':'2022-03-03'}"
#define E_EXPERT "{'step':'expert_review','date':'2022-03-04','signed':true}"
#define BASE E_ASSESS "," E_COMMENT "," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE

#define DN "平政〔2022〕12号"

/* A normative document of this authority (NULL: none) with this doc
 * number (NULL: none), attributes (the inside of the object) and events
 * (the inside of the array). */
static dp_report *nd_full(const char *authority, const char *dn,
                          const char *attrs, const char *events) {
  static char buf[8192];
  char dnf[256] = "", auf[256] = "";
  if (dn)
    snprintf(dnf, sizeof dnf, "'doc_number':'%s',", dn);
  if (authority)
    snprintf(auf, sizeof auf, "'authority':'%s',", authority);
  snprintf(buf, sizeof buf,
           "{'id':'nd-t','procedure':'normative_document','title':'办法',%s%s"
           "'attributes':{%s},'events':[%s]}",
           auf, dnf, attrs, events);
  return dp_test_check(eng, buf);
}

static dp_report *nd_dn(const char *dn, const char *attrs,
                        const char *events) {
  return nd_full(NULL, dn, attrs, events);
}

static dp_report *nd(const char *attrs, const char *events) {
  return nd_dn(DN, attrs, events);
}

/* ---------------------------------------------------------------------
 * The base record
 * ------------------------------------------------------------------- */

START_TEST(base_passes_every_rule) {
  dp_report *rep = nd("", BASE);
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  ck_assert(dp_report_ok(rep));
  ck_assert_str_eq(dp_report_id(rep), "nd-t");
  ck_assert_str_eq(dp_report_procedure(rep), "normative_document");
  dp_report_free(rep);
  /* every attribute that adds a requirement, with the steps it needs */
  rep = nd("'technical':true,'affects_market':true",
           BASE "," E_FCR "," E_EXPERT);
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * nd.assessment
 * ------------------------------------------------------------------- */

START_TEST(assessment_missing) {
  const dp_finding *f;
  dp_report *rep = nd("", E_COMMENT "," E_REVIEW "," E_DECIDE "," E_PUB
                          "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.assessment", DP_MISSING, DP_ERROR,
                        "assessment", NULL, -1);
  ck_assert_str_eq(dp_finding_message(f, DP_LANG_ZH),
                   "未进行评估论证（亦无专家论证、风险评估）");
  ck_assert_msg_has(f, DP_LANG_EN, "expert review, risk assessment");
  /* §7.1: a step that never happened is only missing, never out of order */
  ck_assert_no_finding(rep, "nd.order-early");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  ck_assert(!dp_report_ok(rep));
  dp_report_free(rep);
  /* v2: a risk assessment is 评估论证 too */
  rep = nd("", "{'step':'risk_assessment','date':'2022-03-01'}," E_COMMENT
           "," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_no_finding(rep, "nd.assessment");
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * nd.comment
 * ------------------------------------------------------------------- */

START_TEST(comment_missing) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS "," E_REVIEW "," E_DECIDE "," E_PUB
                          "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.comment", DP_MISSING, DP_ERROR,
                        "public_comment", NULL, -1);
  ck_assert_no_finding(rep, "nd.comment-7wd");
  ck_assert_no_finding(rep, "nd.order-early");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
}
END_TEST

START_TEST(comment_not_required_when_confidential) {
  dp_report *rep = nd("'confidential':true", E_ASSESS "," E_REVIEW
                      "," E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  /* false is the same as absent */
  rep = nd("'confidential':false", E_ASSESS "," E_REVIEW "," E_DECIDE
           "," E_PUB "," E_FILE);
  ck_assert_uint_eq(dp_test_count(rep, "nd.comment"), 1);
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * nd.comment-market-30d
 * ------------------------------------------------------------------- */

#define MARKET_EVENTS(comment)                                            \
  E_ASSESS "," comment "," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE    \
           "," E_FCR

START_TEST(market_comment_30_days_passes) {
  /* 2022-03-02 to 2022-03-31 counts both ends: 30 days */
  dp_report *rep = nd("'affects_market':true",
                      MARKET_EVENTS("{'step':'public_comment',"
                                    "'start':'2022-03-02','end':'2022-03-31'}"));
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
}
END_TEST

START_TEST(market_comment_29_days_too_short) {
  const dp_finding *f;
  dp_report *rep = nd("'affects_market':true",
                      MARKET_EVENTS("{'step':'public_comment',"
                                    "'start':'2022-03-02','end':'2022-03-30'}"));
  ck_assert_one_finding(f, rep, "nd.comment-market-30d", DP_TOO_SHORT,
                        DP_ERROR, "public_comment", NULL, 1);
  ck_assert_msg_has(f, DP_LANG_EN, "2022-03-02 to 2022-03-30");
  ck_assert_msg_has(f, DP_LANG_EN, "29 days");
  ck_assert_msg_has(f, DP_LANG_EN, "less than 30 days");
  /* Chinese: the period with the year once, lengths without a space */
  ck_assert_msg_has(f, DP_LANG_ZH, "2022年3月2日至3月30日");
  ck_assert_msg_has(f, DP_LANG_ZH, "共29日，少于30日");
  /* the 7-working-day rule is for documents that do not affect markets */
  ck_assert_no_finding(rep, "nd.comment-7wd");
  ck_assert_str_eq(dp_finding_basis(f), "《优化营商环境条例》第六十二条");
  ck_assert_int_eq(dp_finding_verified(f), 1);
  dp_report_free(rep);
}
END_TEST

START_TEST(market_urgent_with_reason_exempt) {
  dp_report *rep = nd("'affects_market':true,'urgent':true",
                      MARKET_EVENTS("{'step':'public_comment',"
                                    "'start':'2022-03-02','end':'2022-03-11',"
                                    "'reason':'防汛紧急'}"));
  ck_assert_no_finding(rep, "nd.comment-market-30d");
  ck_assert_no_finding(rep, "nd.comment-7wd");
  dp_report_free(rep);
}
END_TEST

START_TEST(market_urgent_without_reason_not_exempt) {
  const dp_finding *f;
  dp_report *rep = nd("'affects_market':true,'urgent':true",
                      MARKET_EVENTS("{'step':'public_comment',"
                                    "'start':'2022-03-02','end':'2022-03-11'}"));
  ck_assert_one_finding(f, rep, "nd.comment-market-30d", DP_TOO_SHORT,
                        DP_ERROR, "public_comment", NULL, 1);
  dp_report_free(rep);
  /* §7.6: the reason must be on the comment event, not elsewhere */
  rep = nd("'affects_market':true,'urgent':true",
           E_ASSESS ",{'step':'public_comment','start':'2022-03-02',"
           "'end':'2022-03-11'}," E_REVIEW ",{'step':'collective_decision',"
           "'date':'2022-04-28','meeting':'常务会议','reason':'紧急'},"
           E_PUB "," E_FILE "," E_FCR);
  ck_assert_one_finding(f, rep, "nd.comment-market-30d", DP_TOO_SHORT,
                        DP_ERROR, "public_comment", NULL, 1);
  dp_report_free(rep);
  /* a reason without the urgent attribute is not enough either */
  rep = nd("'affects_market':true",
           MARKET_EVENTS("{'step':'public_comment','start':'2022-03-02',"
                         "'end':'2022-03-11','reason':'紧急'}"));
  ck_assert_uint_eq(dp_test_count(rep, "nd.comment-market-30d"), 1);
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * nd.comment-7wd (working days on the official calendar)
 * ------------------------------------------------------------------- */

/* 2022-03-25 (Fri) to 2022-04-05: 03-25, 03-28..04-01, and Saturday
 * 04-02 (调休上班) are working days; 04-03..04-05 are the 清明 holiday. */
START_TEST(comment_7wd_passes_with_adjusted_saturday) {
  dp_report *rep = nd("", E_ASSESS ",{'step':'public_comment',"
                          "'start':'2022-03-25','end':'2022-04-05'},"
                          E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
}
END_TEST

START_TEST(comment_6wd_too_short_over_holiday) {
  const dp_finding *f;
  /* 03-28..04-01 (5) + 04-02 (1): 6 working days in 11 calendar days */
  dp_report *rep = nd("", E_ASSESS ",{'step':'public_comment',"
                          "'start':'2022-03-26','end':'2022-04-05'},"
                          E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.comment-7wd", DP_TOO_SHORT, DP_ERROR,
                        "public_comment", NULL, 1);
  ck_assert_msg_has(f, DP_LANG_EN, "6 working days, less than 7 working days");
  ck_assert_msg_has(f, DP_LANG_ZH, "共6个工作日，少于7个工作日");
  ck_assert_int_eq(dp_finding_verified(f), 0); /* procedures.md: R */
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
}
END_TEST

/* The 2024 Spring Festival: 2024-02-04 and 2024-02-18 (Sundays) are
 * working days, 02-10..02-17 are not. */
START_TEST(comment_7wd_spring_festival_2024) {
  const dp_finding *f;
  /* 02-05..02-09 (5) + 02-18 (1) = 6 */
  dp_report *rep = nd("", "{'step':'public_comment','start':'2024-02-05',"
                          "'end':'2024-02-18'}");
  ck_assert_one_finding(f, rep, "nd.comment-7wd", DP_TOO_SHORT, DP_ERROR,
                        "public_comment", NULL, 0);
  ck_assert_msg_has(f, DP_LANG_EN, "6 working days");
  dp_report_free(rep);
  /* + 02-19 (Mon) = 7 */
  rep = nd("", "{'step':'public_comment','start':'2024-02-05',"
               "'end':'2024-02-19'}");
  ck_assert_no_finding(rep, "nd.comment-7wd");
  dp_report_free(rep);
  /* 02-04 (adjusted Sunday) .. 02-09: 6, one short of 7 */
  rep = nd("", "{'step':'public_comment','start':'2024-02-04',"
               "'end':'2024-02-12'}");
  ck_assert_one_finding(f, rep, "nd.comment-7wd", DP_TOO_SHORT, DP_ERROR,
                        "public_comment", NULL, 0);
  ck_assert_msg_has(f, DP_LANG_EN, "6 working days");
  dp_report_free(rep);
}
END_TEST

START_TEST(comment_7wd_urgent_with_reason_exempt) {
  dp_report *rep = nd("'urgent':true",
                      E_ASSESS ",{'step':'public_comment','start':'2022-03-28',"
                      "'end':'2022-03-29','reason':'疫情防控需要'},"
                      E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
}
END_TEST

START_TEST(comment_7wd_urgent_without_reason_not_exempt) {
  const dp_finding *f;
  dp_report *rep = nd("'urgent':true",
                      E_ASSESS ",{'step':'public_comment','start':'2022-03-28',"
                      "'end':'2022-03-29'}," E_REVIEW "," E_DECIDE "," E_PUB
                      "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.comment-7wd", DP_TOO_SHORT, DP_ERROR,
                        "public_comment", NULL, 1);
  ck_assert_msg_has(f, DP_LANG_EN, "2 working days");
  dp_report_free(rep);
}
END_TEST

/* §7.6: rules apply to what happened. */
START_TEST(confidential_comment_held_anyway_is_checked) {
  const dp_finding *f;
  dp_report *rep = nd("'confidential':true",
                      E_ASSESS ",{'step':'public_comment','start':'2022-03-28',"
                      "'end':'2022-03-30'}," E_REVIEW "," E_DECIDE "," E_PUB
                      "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.comment-7wd", DP_TOO_SHORT, DP_ERROR,
                        "public_comment", NULL, 1);
  ck_assert_no_finding(rep, "nd.comment");
  dp_report_free(rep);
}
END_TEST

/* §7.4: a comment with only `date` cannot show its length. */
START_TEST(comment_date_only_incomplete_warning) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS ",{'step':'public_comment',"
                          "'date':'2022-03-10'}," E_REVIEW "," E_DECIDE
                          "," E_PUB "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.comment-7wd", DP_INCOMPLETE, DP_WARNING,
                        "public_comment", NULL, 1);
  ck_assert_msg_has(f, DP_LANG_EN, "2022-03-10");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  ck_assert(dp_report_ok(rep)); /* a warning only */
  dp_report_free(rep);
  /* the same for the market rule */
  rep = nd("'affects_market':true",
           MARKET_EVENTS("{'step':'public_comment','start':'2022-03-02'}"));
  ck_assert_one_finding(f, rep, "nd.comment-market-30d", DP_INCOMPLETE,
                        DP_WARNING, "public_comment", NULL, 1);
  dp_report_free(rep);
}
END_TEST

/* §7.2: each comment period has its own length checked. */
START_TEST(each_comment_period_checked) {
  const dp_finding *f;
  dp_report *rep = nd("", BASE ",{'step':'public_comment',"
                          "'start':'2022-03-28','end':'2022-03-30'}");
  ck_assert_one_finding(f, rep, "nd.comment-7wd", DP_TOO_SHORT, DP_ERROR,
                        "public_comment", NULL, 6);
  ck_assert_msg_has(f, DP_LANG_EN, "3 working days");
  dp_report_free(rep);
  /* both short: two findings, one per event */
  rep = nd("", E_ASSESS ",{'step':'public_comment','start':'2022-03-02',"
               "'end':'2022-03-03'}," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE
               ",{'step':'public_comment','start':'2022-03-28',"
               "'end':'2022-03-30'}");
  ck_assert_uint_eq(dp_test_count(rep, "nd.comment-7wd"), 2);
  ck_assert_int_eq(dp_finding_event(dp_test_find(rep, "nd.comment-7wd", -1)),
                   1);
  dp_report_free(rep);
}
END_TEST

/* §4, §7.10: a working-day count in a year the calendar does not cover. */
START_TEST(uncovered_year_named_in_message) {
  const dp_finding *f;
  /* 2027-01-04 (Mon) .. 01-08 (Fri): 5 working days by weekends alone */
  dp_report *rep = nd("", "{'step':'public_comment','start':'2027-01-04',"
                          "'end':'2027-01-08'}");
  ck_assert_one_finding(f, rep, "nd.comment-7wd", DP_TOO_SHORT, DP_ERROR,
                        "public_comment", NULL, 0);
  ck_assert_msg_has(f, DP_LANG_EN, "5 working days");
  ck_assert_msg_has(f, DP_LANG_EN, "does not cover 2027");
  ck_assert_msg_has(f, DP_LANG_ZH, "2027");
  dp_report_free(rep);
  /* a covered year says nothing of the kind */
  rep = nd("", "{'step':'public_comment','start':'2026-01-05',"
               "'end':'2026-01-09'}");
  f = dp_test_find(rep, "nd.comment-7wd", DP_TOO_SHORT);
  ck_assert_ptr_nonnull(f);
  ck_assert_ptr_null(strstr(dp_finding_message(f, DP_LANG_EN), "cover"));
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * nd.expert
 * ------------------------------------------------------------------- */

START_TEST(expert_signed_passes) {
  dp_report *rep = nd("'technical':true", BASE "," E_EXPERT);
  ck_assert_no_finding(rep, "nd.expert");
  ck_assert_uint_eq(dp_report_count(rep), 0);
  dp_report_free(rep);
  /* not technical: no expert review needed */
  rep = nd("", BASE);
  ck_assert_no_finding(rep, "nd.expert");
  dp_report_free(rep);
}
END_TEST

START_TEST(expert_missing) {
  const dp_finding *f;
  dp_report *rep = nd("'technical':true", BASE);
  ck_assert_one_finding(f, rep, "nd.expert", DP_MISSING, DP_ERROR,
                        "expert_review", NULL, -1);
  ck_assert_int_eq(dp_finding_verified(f), 0);
  dp_report_free(rep);
}
END_TEST

/* procedures.md v2: a normative document's expert review needs no
 * signature (37号 二（四） asks for 论证, not 署名、盖章): neither an
 * unrecorded nor a false `signed` gives a finding. */
START_TEST(expert_unsigned_suffices) {
  dp_report *rep = nd("'technical':true",
                      BASE ",{'step':'expert_review','date':'2022-03-04'}");
  ck_assert_no_finding(rep, "nd.expert");
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  rep = nd("'technical':true", BASE ",{'step':'expert_review',"
                               "'date':'2022-03-04','signed':false}");
  ck_assert_no_finding(rep, "nd.expert");
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
}
END_TEST

/* Several expert reviews, one of them unsigned: still no finding; and an
 * unsigned expert review is also the document's 评估论证 (nd.assessment
 * is satisfied by assessment, expert_review or risk_assessment). */
START_TEST(expert_reviews_need_no_signature) {
  dp_report *rep = nd("'technical':true",
                      BASE "," E_EXPERT ",{'step':'expert_review',"
                      "'date':'2022-03-20','signed':false}," E_EXPERT);
  ck_assert_no_finding(rep, "nd.expert");
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  rep = nd("'technical':true",
           "{'step':'expert_review','date':'2022-03-01','signed':false},"
           E_COMMENT "," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_no_finding(rep, "nd.assessment");
  ck_assert_no_finding(rep, "nd.expert");
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * nd.fair-competition
 * ------------------------------------------------------------------- */

START_TEST(fcr_missing) {
  const dp_finding *f;
  dp_report *rep = nd("'affects_market':true", BASE);
  ck_assert_one_finding(f, rep, "nd.fair-competition", DP_MISSING, DP_ERROR,
                        "fair_competition_review", NULL, -1);
  dp_report_free(rep);
  rep = nd("", BASE); /* not about markets: not required */
  ck_assert_no_finding(rep, "nd.fair-competition");
  dp_report_free(rep);
}
END_TEST

START_TEST(fcr_after_decision_out_of_order) {
  const dp_finding *f;
  dp_report *rep = nd("'affects_market':true",
                      BASE ",{'step':'fair_competition_review',"
                      "'date':'2022-05-01'}");
  ck_assert_one_finding(f, rep, "nd.fair-competition", DP_OUT_OF_ORDER,
                        DP_ERROR, "collective_decision",
                        "fair_competition_review", 3);
  ck_assert_msg_has(f, DP_LANG_EN, "2022-04-28");
  ck_assert_msg_has(f, DP_LANG_EN, "2022-05-01");
  dp_report_free(rep);
}
END_TEST

/* §7.1: on the same day the order in `events` decides. */
START_TEST(fcr_same_day_tie_decided_by_event_order) {
  const dp_finding *f;
  dp_report *rep = nd("'affects_market':true",
                      E_ASSESS "," E_COMMENT "," E_REVIEW
                      ",{'step':'fair_competition_review','date':'2022-04-28'},"
                      E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_no_finding(rep, "nd.fair-competition");
  dp_report_free(rep);
  rep = nd("'affects_market':true",
           BASE ",{'step':'fair_competition_review','date':'2022-04-28'}");
  ck_assert_one_finding(f, rep, "nd.fair-competition", DP_OUT_OF_ORDER,
                        DP_ERROR, "collective_decision",
                        "fair_competition_review", 3);
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * nd.review, nd.review-before-decision, nd.review-passed
 * ------------------------------------------------------------------- */

START_TEST(review_missing) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT "," E_DECIDE "," E_PUB
                          "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.review", DP_MISSING, DP_ERROR,
                        "legality_review", NULL, -1);
  /* §7.1: no ordering findings about a step that never happened */
  ck_assert_no_finding(rep, "nd.review-before-decision");
  ck_assert_no_finding(rep, "nd.order-early");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
}
END_TEST

START_TEST(review_after_decision_out_of_order) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT
                          ",{'step':'legality_review','start':'2022-05-05',"
                          "'end':'2022-05-12'}," E_DECIDE ","
                          "{'step':'publication','date':'2022-05-16'},"
                          "{'step':'filing','date':'2022-05-20'}");
  ck_assert_one_finding(f, rep, "nd.review-before-decision", DP_OUT_OF_ORDER,
                        DP_ERROR, "collective_decision", "legality_review", 3);
  ck_assert_msg_has(f, DP_LANG_EN, "2022-05-05 to 2022-05-12");
  dp_report_free(rep);
}
END_TEST

START_TEST(review_same_day_as_decision) {
  const dp_finding *f;
  /* the review ends on the day of the decision, listed first: in order */
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT
                          ",{'step':'legality_review','start':'2022-04-20',"
                          "'end':'2022-04-28'}," E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  /* listed after the decision: the decision came first */
  rep = nd("", E_ASSESS "," E_COMMENT "," E_DECIDE
               ",{'step':'legality_review','start':'2022-04-20',"
               "'end':'2022-04-28'}," E_PUB "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.review-before-decision", DP_OUT_OF_ORDER,
                        DP_ERROR, "collective_decision", "legality_review", 2);
  dp_report_free(rep);
}
END_TEST

/* §7.1: every decision needs a review before it. */
START_TEST(every_decision_after_a_review) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT
                          ",{'step':'collective_decision','date':'2022-04-02',"
                          "'meeting':'常务会议'}," E_REVIEW "," E_DECIDE
                          "," E_PUB "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.review-before-decision", DP_OUT_OF_ORDER,
                        DP_ERROR, "collective_decision", "legality_review", 2);
  dp_report_free(rep);
}
END_TEST

#define REVIEW_FAIL                                                          \
  "{'step':'legality_review','start':'2022-04-06','end':'2022-04-15',"     \
  "'result':'fail'}"

START_TEST(decision_after_failed_review) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT "," REVIEW_FAIL "," E_DECIDE
                          "," E_PUB "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.review-passed", DP_AFTER_REJECTION,
                        DP_ERROR, "collective_decision", "legality_review", 3);
  ck_assert_msg_has(f, DP_LANG_EN, "'fail'");
  /* §7.3: the failed review still counts as done */
  ck_assert_no_finding(rep, "nd.review");
  ck_assert_no_finding(rep, "nd.review-before-decision");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
}
END_TEST

START_TEST(failed_review_then_later_pass) {
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT "," REVIEW_FAIL
                          ",{'step':'legality_review','start':'2022-04-18',"
                          "'end':'2022-04-22','result':'pass'},"
                          E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
}
END_TEST

/* The passing review must end before the decision: one that ends the same
 * day but is listed after it does not help. */
START_TEST(failed_review_pass_after_decision) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT "," REVIEW_FAIL "," E_DECIDE
                          ",{'step':'legality_review','start':'2022-04-20',"
                          "'end':'2022-04-28','result':'pass'},"
                          E_PUB "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.review-passed", DP_AFTER_REJECTION,
                        DP_ERROR, "collective_decision", "legality_review", 3);
  dp_report_free(rep);
}
END_TEST

/* §7.3: a review without `result` counts as not failed; a failed review
 * after the decision does not concern it. */
START_TEST(review_without_result_not_failed) {
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT
                          ",{'step':'legality_review','start':'2022-04-06',"
                          "'end':'2022-04-15'}," E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  rep = nd("", BASE ",{'step':'legality_review','start':'2022-05-09',"
               "'end':'2022-05-13','result':'fail'}");
  ck_assert_no_finding(rep, "nd.review-passed");
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * nd.review-min, nd.review-max
 * ------------------------------------------------------------------- */

#define REVIEW_EVENTS(review)                                             \
  E_ASSESS "," E_COMMENT "," review "," E_DECIDE "," E_PUB "," E_FILE

/* The same, with the collective decision on `date`. */
#define REVIEW_DECIDED(review, date)                                      \
  E_ASSESS "," E_COMMENT "," review ",{'step':'collective_decision',"    \
  "'date':'" date "','meeting':'常务会议'}," E_PUB "," E_FILE

/* v2: nd.review-min measures the time the reviewer was GIVEN, from the
 * review's start through the day before the collective decision. */
START_TEST(review_5wd_passes) {
  /* given 2022-04-06..04-12: 04-06, 07, 08, 11, 12; the review itself
   * took three days, which is lawful */
  dp_report *rep = nd("", REVIEW_DECIDED("{'step':'legality_review',"
                                         "'start':'2022-04-06',"
                                         "'end':'2022-04-08'}",
                                         "2022-04-13"));
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  /* a review that took only 4 working days, two weeks before the
   * decision: given plenty */
  rep = nd("", REVIEW_EVENTS("{'step':'legality_review',"
                             "'start':'2022-04-06','end':'2022-04-11'}"));
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
}
END_TEST

START_TEST(review_4wd_too_short) {
  const dp_finding *f;
  /* decided 04-12: given 04-06..04-11, 4 working days */
  dp_report *rep = nd("", REVIEW_DECIDED("{'step':'legality_review',"
                                         "'start':'2022-04-06',"
                                         "'end':'2022-04-08'}",
                                         "2022-04-12"));
  ck_assert_one_finding(f, rep, "nd.review-min", DP_TOO_SHORT, DP_WARNING,
                        "legality_review", "collective_decision", 2);
  ck_assert_msg_has(f, DP_LANG_EN,
                    "from 2022-04-06 to the day before collective decision "
                    "(2022-04-11): 4 working days given, less than 5 "
                    "working days");
  ck_assert_msg_has(f, DP_LANG_ZH, "自2022年4月6日开始");
  ck_assert_msg_has(f, DP_LANG_ZH, "（2022年4月11日）共4个工作日");
  ck_assert_msg_has(f, DP_LANG_ZH, "少于5个工作日");
  ck_assert_str_eq(dp_finding_basis(f), "国办发〔2018〕115号 二（五）");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  ck_assert(dp_report_ok(rep)); /* a warning */
  dp_report_free(rep);
  /* urgent with a reason on the review: exempt (115号) */
  rep = nd("'urgent':true",
           REVIEW_DECIDED("{'step':'legality_review','start':'2022-04-06',"
                          "'end':'2022-04-08','reason':'防汛紧急'}",
                          "2022-04-12"));
  ck_assert_no_finding(rep, "nd.review-min");
  dp_report_free(rep);
}
END_TEST

/* 2022-04-24 (Sunday) is an adjusted working day: 04-06..04-25 holds 15
 * working days, 04-06..04-26 holds 16. */
START_TEST(review_15wd_passes) {
  dp_report *rep = nd("", REVIEW_EVENTS("{'step':'legality_review',"
                                        "'start':'2022-04-06',"
                                        "'end':'2022-04-25'}"));
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
}
END_TEST

START_TEST(review_16wd_too_long) {
  const dp_finding *f;
  dp_report *rep = nd("", REVIEW_EVENTS("{'step':'legality_review',"
                                        "'start':'2022-04-06',"
                                        "'end':'2022-04-26'}"));
  ck_assert_one_finding(f, rep, "nd.review-max", DP_TOO_LONG, DP_WARNING,
                        "legality_review", NULL, 2);
  ck_assert_msg_has(f, DP_LANG_EN, "16 working days, more than 15 working days");
  ck_assert_no_finding(rep, "nd.review-min");
  dp_report_free(rep);
}
END_TEST

/* §7.4: a review without start and end cannot show its length. */
START_TEST(review_date_only_incomplete) {
  const dp_finding *f;
  dp_report *rep = nd("", REVIEW_EVENTS("{'step':'legality_review',"
                                        "'date':'2022-04-15'}"));
  ck_assert_one_finding(f, rep, "nd.review-min", DP_INCOMPLETE, DP_WARNING,
                        "legality_review", NULL, 2);
  ck_assert_one_finding(f, rep, "nd.review-max", DP_INCOMPLETE, DP_WARNING,
                        "legality_review", NULL, 2);
  ck_assert(dp_report_ok(rep));
  dp_report_free(rep);
}
END_TEST

START_TEST(review_uncovered_year) {
  const dp_finding *f;
  /* given 2027-01-04 (Mon) .. 01-07 (Thu), the decision on 01-08 */
  dp_report *rep = nd("", "{'step':'legality_review','start':'2027-01-04',"
                          "'end':'2027-01-07'},{'step':'collective_decision',"
                          "'date':'2027-01-08','meeting':'常务会议'}");
  ck_assert_one_finding(f, rep, "nd.review-min", DP_TOO_SHORT, DP_WARNING,
                        "legality_review", "collective_decision", 0);
  ck_assert_msg_has(f, DP_LANG_EN, "4 working days");
  ck_assert_msg_has(f, DP_LANG_EN, "does not cover 2027");
  ck_assert_msg_has(f, DP_LANG_ZH, "（日历未覆盖2027年，该年仅按周末计算休息日）");
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * nd.decision
 * ------------------------------------------------------------------- */

START_TEST(decision_missing) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT "," E_REVIEW "," E_PUB
                          "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.decision", DP_MISSING, DP_ERROR,
                        "collective_decision", NULL, -1);
  ck_assert_no_finding(rep, "nd.decision-before-publication");
  ck_assert_no_finding(rep, "nd.review-before-decision");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
}
END_TEST

START_TEST(decision_without_meeting_incomplete) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT "," E_REVIEW
                          ",{'step':'collective_decision','date':'2022-04-28'},"
                          E_PUB "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.decision", DP_INCOMPLETE, DP_ERROR,
                        "collective_decision", NULL, 3);
  ck_assert_msg_has(f, DP_LANG_EN, "meeting");
  ck_assert_msg_has(f, DP_LANG_ZH, "会议");
  dp_report_free(rep);
  /* an empty meeting names none */
  rep = nd("", E_ASSESS "," E_COMMENT "," E_REVIEW
               ",{'step':'collective_decision','date':'2022-04-28',"
               "'meeting':''}," E_PUB "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.decision", DP_INCOMPLETE, DP_ERROR,
                        "collective_decision", NULL, 3);
  dp_report_free(rep);
}
END_TEST

/* The base record decided at `meeting` by `authority` (NULL: none)
 * with these attributes. */
static dp_report *nd_meeting(const char *authority, const char *attrs,
                             const char *meeting) {
  char ev[2048];
  snprintf(ev, sizeof ev,
           "%s,%s,%s,{'step':'collective_decision','date':'2022-04-28',"
           "'meeting':'%s'},%s,%s",
           E_ASSESS, E_COMMENT, E_REVIEW, meeting, E_PUB, E_FILE);
  return nd_full(authority, DN, attrs, ev);
}

/* v2: the meeting depends on the issuer (procedures.md A, nd.decision):
 * a government's document at its 常务会议 or 全体会议, a department's at
 * its 办公会议 / X务会议 / 党政联席会议; a 专题会议 never.  The issuer is
 * the attribute, else inferred from the authority, else the government.
 * The meeting may come from the label (§7.8). */
START_TEST(decision_any_named_meeting) {
  const dp_finding *f;
  /* a government: the executive meeting, here from the label */
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT "," E_REVIEW
                          ",{'label':'市政府第15次常务会议审议通过',"
                          "'date':'2022-04-28'}," E_PUB "," E_FILE);
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  rep = nd_meeting("平顶山市人民政府", "", "市政府全体会议");
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  /* a government's document at a bureau's meeting does not qualify: no
   * authority means the government */
  rep = nd_meeting(NULL, "", "局长办公会议");
  ck_assert_one_finding(f, rep, "nd.decision", DP_INCOMPLETE, DP_ERROR,
                        "collective_decision", NULL, 3);
  ck_assert_msg_has(f, DP_LANG_ZH, "应经常务会议或者全体会议审议");
  ck_assert_msg_has(f, DP_LANG_ZH, "“局长办公会议”不符合要求");
  ck_assert_msg_has(f, DP_LANG_EN, "executive or plenary meeting");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
  rep = nd_meeting("平顶山市人民政府办公室", "", "局务会议");
  ck_assert_uint_eq(dp_test_count(rep, "nd.decision"), 1);
  dp_report_free(rep);
  /* a department, named or inferred: its leadership meeting qualifies */
  static const char *const dept[][3] = {
      {NULL, "'issuer':'department'", "局长办公会议"},
      {"平顶山市教育局", "", "局务会议"},
      {"平顶山市发展和改革委员会", "", "委务会议"},
      {"新华区焦店镇人民政府", "", "党政联席会议"},
      {"新华区光明路街道办事处", "", "党政联席会议"},
      /* the attribute wins over the authority's name */
      {"平顶山市人民政府", "'issuer':'department'", "办公会议"},
  };
  for (size_t i = 0; i < sizeof dept / sizeof dept[0]; i++) {
    rep = nd_meeting(dept[i][0], dept[i][1], dept[i][2]);
    ck_assert_msg(dp_report_count(rep) == 0, "%s %s:%s",
                  dept[i][0] ? dept[i][0] : "-", dept[i][2],
                  dp_test_dump(rep));
    dp_report_free(rep);
  }
  /* ... and the attribute wins the other way too */
  rep = nd_meeting("平顶山市教育局", "'issuer':'government'", "局务会议");
  ck_assert_uint_eq(dp_test_count(rep, "nd.decision"), 1);
  dp_report_free(rep);
  /* a topical meeting never qualifies, for either issuer */
  rep = nd_meeting("平顶山市教育局", "", "局长专题会议");
  ck_assert_one_finding(f, rep, "nd.decision", DP_INCOMPLETE, DP_ERROR,
                        "collective_decision", NULL, 3);
  ck_assert_msg_has(f, DP_LANG_ZH, "领导班子会议审议");
  dp_report_free(rep);
  rep = nd_meeting(NULL, "", "市政府专题会议");
  ck_assert_uint_eq(dp_test_count(rep, "nd.decision"), 1);
  dp_report_free(rep);
  rep = nd_meeting(NULL, "'issuer':'department'", "协调会");
  ck_assert_uint_eq(dp_test_count(rep, "nd.decision"), 1);
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * nd.decision-before-publication, nd.publication
 * ------------------------------------------------------------------- */

START_TEST(publication_before_decision) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT "," E_REVIEW "," E_DECIDE
                          ",{'step':'publication','date':'2022-04-27'},"
                          E_FILE);
  ck_assert_one_finding(f, rep, "nd.decision-before-publication",
                        DP_OUT_OF_ORDER, DP_ERROR, "publication",
                        "collective_decision", 4);
  ck_assert_msg_has(f, DP_LANG_EN, "2022-04-27");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
  /* on the same day, after it in the list: in order */
  rep = nd("", E_ASSESS "," E_COMMENT "," E_REVIEW "," E_DECIDE
               ",{'step':'publication','date':'2022-04-28'}," E_FILE);
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
}
END_TEST

START_TEST(publication_missing) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT "," E_REVIEW "," E_DECIDE
                          "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.publication", DP_MISSING, DP_ERROR,
                        "publication", NULL, -1);
  /* nothing about the filing deadline or its order, nor the doc number */
  ck_assert_no_finding(rep, "nd.filing");
  ck_assert_no_finding(rep, "nd.filing-30d");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
  /* confidential documents are still published (table A: always) */
  rep = nd("'confidential':true", E_ASSESS "," E_REVIEW "," E_DECIDE
           "," E_FILE);
  ck_assert_uint_eq(dp_test_count(rep, "nd.publication"), 1);
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * nd.publication-20wd (v2)
 * ------------------------------------------------------------------- */

/* The base record published on `date` (filed after it). */
static dp_report *published_on(const char *date) {
  char ev[2048];
  snprintf(ev, sizeof ev,
           "%s,%s,%s,%s,{'step':'publication','date':'%s'},"
           "{'step':'filing','date':'2022-06-01'}",
           E_ASSESS, E_COMMENT, E_REVIEW, E_DECIDE, date);
  return nd("", ev);
}

/* Decided Thursday 2022-04-28; 2022-04-30..05-04 is the Labour Day
 * holiday and Saturday 05-07 a working day: the 20th working day after
 * the decision is 2022-05-30. */
START_TEST(publication_within_20wd) {
  const dp_finding *f;
  dp_report *rep = published_on("2022-05-30");
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  rep = published_on("2022-05-31");
  ck_assert_one_finding(f, rep, "nd.publication-20wd", DP_OVERDUE, DP_WARNING,
                        "publication", "collective_decision", 4);
  ck_assert_msg_has(f, DP_LANG_EN, "within 20 working days after collective "
                                   "decision (2022-04-28), by 2022-05-30; it "
                                   "was on 2022-05-31, late");
  ck_assert_msg_has(f, DP_LANG_ZH, "自集体审议决定之日（2022年4月28日）起"
                                   "20个工作日内应当公开发布");
  ck_assert_msg_has(f, DP_LANG_ZH, "期限届满日为2022年5月30日");
  ck_assert_str_eq(dp_finding_basis(f),
                   "《中华人民共和国政府信息公开条例》第二十六条");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  ck_assert(dp_report_ok(rep));
  dp_report_free(rep);
}
END_TEST

/* Before 2019-05-15 the 2007 regulation (第十八条, the same 20 working
 * days) is the basis; from that day the 2019 revision. */
START_TEST(publication_20wd_basis_by_date) {
  const dp_finding *f;
  dp_report *rep = nd("", "{'step':'collective_decision','date':"
                          "'2019-04-01','meeting':'常务会议'},"
                          "{'step':'publication','date':'2019-05-20'}");
  ck_assert_one_finding(f, rep, "nd.publication-20wd", DP_OVERDUE, DP_WARNING,
                        "publication", "collective_decision", 1);
  ck_assert_msg_has(f, DP_LANG_EN, "by 2019-04-29");
  ck_assert_ptr_nonnull(strstr(dp_finding_basis(f), "（2007年）"));
  ck_assert_ptr_nonnull(strstr(dp_finding_basis(f), "第十八条"));
  ck_assert_ptr_null(strstr(dp_finding_basis(f), "第二十六条"));
  dp_report_free(rep);
  rep = nd("", "{'step':'collective_decision','date':'2019-06-03',"
               "'meeting':'常务会议'},{'step':'publication','date':"
               "'2019-07-20'}");
  ck_assert_one_finding(f, rep, "nd.publication-20wd", DP_OVERDUE, DP_WARNING,
                        "publication", "collective_decision", 1);
  ck_assert_str_eq(dp_finding_basis(f),
                   "《中华人民共和国政府信息公开条例》第二十六条");
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * The law in force on the decision date (procedures.md §0)
 * ------------------------------------------------------------------- */

/* The basis of the (first) finding of `rule` on a record of this
 * authority, attributes and events, without a doc number; a copy the
 * caller frees. */
static char *basis_of(const char *authority, const char *attrs,
                      const char *events, const char *rule) {
  dp_report *rep = nd_full(authority, NULL, attrs, events);
  const dp_finding *f = dp_test_find(rep, rule, -1);
  ck_assert_msg(f != NULL, "no finding of %s:%s", rule, dp_test_dump(rep));
  char *b = strdup(dp_finding_basis(f));
  dp_report_free(rep);
  return b;
}

#define ck_assert_basis(authority, attrs, events, rule, want)             \
  do {                                                                    \
    char *b_ = basis_of((authority), (attrs), (events), (rule));          \
    ck_assert_str_eq(b_, (want));                                         \
    free(b_);                                                             \
  } while (0)

#define DECIDED(date)                                                      \
  "{'step':'collective_decision','date':'" date "','meeting':'常务会议'}"

START_TEST(bases_in_force_on_decision_date) {
  /* 组织法 from 2022-03-12: not the day before, from that day */
  ck_assert_basis(NULL, "", DECIDED("2022-03-11"), "nd.comment",
                  "国办发〔2018〕37号 二（五）");
  ck_assert_basis(NULL, "", DECIDED("2022-03-12"), "nd.comment",
                  "《地方各级人民代表大会和地方各级人民政府组织法》第七十五条；"
                  "国办发〔2018〕37号 二（五）");
  /* ... and only for a government issuer */
  ck_assert_basis("平顶山市教育局", "", DECIDED("2023-04-28"), "nd.review",
                  "国办发〔2018〕37号 二（六）；国办发〔2018〕115号 二（七）");
  ck_assert_basis(NULL, "'issuer':'department'", DECIDED("2023-04-28"),
                  "nd.review",
                  "国办发〔2018〕37号 二（六）；国办发〔2018〕115号 二（七）");
  ck_assert_basis("平顶山市人民政府", "", DECIDED("2023-04-28"), "nd.review",
                  "《地方各级人民代表大会和地方各级人民政府组织法》第七十五条；"
                  "国办发〔2018〕37号 二（六）；国办发〔2018〕115号 二（七）");
  /* fair competition: 34号 to 2024-07-31, then 公平竞争条例, whose
   * article depends on the issuer */
  ck_assert_basis(NULL, "'affects_market':true", DECIDED("2024-07-31"),
                  "nd.fair-competition",
                  "国发〔2016〕34号；《优化营商环境条例》第六十三条");
  ck_assert_basis(NULL, "'affects_market':true", DECIDED("2024-08-01"),
                  "nd.fair-competition",
                  "《公平竞争审查条例》第十四条、第十八条；"
                  "《优化营商环境条例》第六十三条");
  ck_assert_basis("平顶山市教育局", "'affects_market':true",
                  DECIDED("2024-08-01"), "nd.fair-competition",
                  "《公平竞争审查条例》第十三条、第十八条；"
                  "《优化营商环境条例》第六十三条");
  /* before 营商条例 (2020-01-01): 34号 alone */
  ck_assert_basis(NULL, "'affects_market':true", DECIDED("2019-12-31"),
                  "nd.fair-competition", "国发〔2016〕34号");
}
END_TEST

/* The decision date: the first collective decision; without one, the
 * first publication; without one, the latest dated event. */
START_TEST(decision_date_fallbacks) {
  /* the first decision, though a publication is listed first */
  ck_assert_basis(NULL, "",
                  "{'step':'publication','date':'2022-03-13'}," DECIDED(
                      "2022-03-11"),
                  "nd.comment", "国办发〔2018〕37号 二（五）");
  ck_assert_basis(NULL, "",
                  DECIDED("2022-03-14") "," DECIDED("2022-03-11"),
                  "nd.comment", "国办发〔2018〕37号 二（五）");
  /* no decision: the first publication */
  ck_assert_basis(NULL, "",
                  "{'step':'publication','date':'2022-04-01'},"
                  "{'step':'publication','date':'2022-03-11'}",
                  "nd.comment", "国办发〔2018〕37号 二（五）");
  /* neither: the latest date of any event, an end included */
  ck_assert_basis(NULL, "",
                  "{'step':'public_comment','start':'2022-03-01',"
                  "'end':'2022-03-11'}",
                  "nd.review",
                  "国办发〔2018〕37号 二（六）；国办发〔2018〕115号 二（七）");
  ck_assert_basis(NULL, "",
                  "{'step':'assessment','date':'2022-01-04'},"
                  "{'step':'public_comment','start':'2022-03-01',"
                  "'end':'2022-03-12'}",
                  "nd.review",
                  "《地方各级人民代表大会和地方各级人民政府组织法》第七十五条；"
                  "国办发〔2018〕37号 二（六）；国办发〔2018〕115号 二（七）");
}
END_TEST

/* A rule none of whose bases is in force does not apply: in 2019 the
 * 30-day market comment rule (营商条例, 2020) gives way to nothing, and
 * before 37号 (2018-05-16) no comment is required by the defaults. */
START_TEST(rule_without_law_in_force_does_not_apply) {
  dp_report *rep = nd("'affects_market':true",
                      "{'step':'public_comment','start':'2019-10-08',"
                      "'end':'2019-10-21'}," DECIDED("2019-12-20"));
  ck_assert_no_finding(rep, "nd.comment-market-30d");
  dp_report_free(rep);
  rep = nd("'affects_market':true",
           "{'step':'public_comment','start':'2020-10-08',"
           "'end':'2020-10-21'}," DECIDED("2020-12-20"));
  ck_assert_uint_eq(dp_test_count(rep, "nd.comment-market-30d"), 1);
  dp_report_free(rep);
  rep = nd("", DECIDED("2018-05-15"));
  ck_assert_no_finding(rep, "nd.comment");
  ck_assert_no_finding(rep, "nd.review");
  ck_assert_no_finding(rep, "procedure.not-in-force");
  dp_report_free(rep);
  rep = nd("", DECIDED("2018-05-16"));
  ck_assert_uint_eq(dp_test_count(rep, "nd.comment"), 1);
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * nd.doc-number, nd.doc-number-form
 * ------------------------------------------------------------------- */

START_TEST(doc_number_missing_when_published) {
  const dp_finding *f;
  dp_report *rep = nd_dn(NULL, "", BASE);
  ck_assert_one_finding(f, rep, "nd.doc-number", DP_INCOMPLETE, DP_WARNING,
                        "publication", NULL, 4);
  ck_assert_int_eq(dp_finding_verified(f), 0);
  ck_assert_uint_eq(dp_report_count(rep), 1);
  ck_assert(dp_report_ok(rep));
  dp_report_free(rep);
  /* an empty one is none */
  rep = nd_dn("", "", BASE);
  ck_assert_uint_eq(dp_test_count(rep, "nd.doc-number"), 1);
  dp_report_free(rep);
  /* not published: nothing to number */
  rep = nd_dn(NULL, "", E_ASSESS "," E_COMMENT "," E_REVIEW "," E_DECIDE);
  ck_assert_no_finding(rep, "nd.doc-number");
  dp_report_free(rep);
}
END_TEST

START_TEST(doc_number_form_passes) {
  static const char *const good[] = {"平政〔2022〕12号", "国办发〔2022〕1号",
                                     "豫政办〔2022〕120号"};
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
    dp_report *rep = nd_dn(good[i], "", BASE);
    ck_assert_msg(dp_report_count(rep) == 0, "%s:%s", good[i],
                  dp_test_dump(rep));
    dp_report_free(rep);
  }
}
END_TEST

/* GB/T 9704-2012 7.2.4 and records.md §7.9. */
static const struct {
  const char *dn, *why_en;
} bad_dn[] = {
    {"平政[2022]12号", "六角括号"},       {"平政(2022)12号", "六角括号"},
    {"平政【2022】12号", "六角括号"},     {"平政（2022）12号", "六角括号"},
    {"平政〔2022〕第12号", "no 第"},      {"平政〔2022〕012号", "leading zero"},
    {"平政〔2022〕12", "end in 号"},      {"〔2022〕12号", "机关代字"},
    {"平政〔2021〕12号", "the year 2021 is neither the year of the "
                         "decision nor of the first publication"},
};

START_TEST(doc_number_form_fails) {
  const dp_finding *f;
  dp_report *rep = nd_dn(bad_dn[_i].dn, "", BASE);
  ck_assert_one_finding(f, rep, "nd.doc-number-form", DP_MALFORMED,
                        DP_WARNING, "publication", NULL, 4);
  ck_assert_msg_has(f, DP_LANG_EN, bad_dn[_i].dn);
  ck_assert_msg_has(f, DP_LANG_EN, bad_dn[_i].why_en);
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
}
END_TEST

/* Decided in December 2021, published in January 2022 and again (listed
 * first) in January 2023. */
#define DEC21                                                              \
  "{'step':'assessment','date':'2021-10-08'},"                             \
  "{'step':'public_comment','start':'2021-10-11','end':'2021-11-10'},"     \
  "{'step':'legality_review','start':'2021-11-15','end':'2021-11-26',"     \
  "'result':'pass'},"                                                      \
  "{'step':'collective_decision','date':'2021-12-20','meeting':'常务会议'}," \
  "{'step':'publication','date':'2023-01-05'},"                            \
  "{'step':'publication','date':'2022-01-10'},"                            \
  "{'step':'filing','date':'2022-01-20'}"

/* §7.9, procedures.md v2: the year is that of the decision or of the
 * first publication (a December decision numbered that year and
 * published in January is lawful); the first publication is the
 * earliest, not the first listed. */
START_TEST(doc_number_year_of_first_publication) {
  const dp_finding *f;
  /* republished in 2023: the 2022 number still fits */
  dp_report *rep = nd("", BASE ",{'step':'publication','date':'2023-01-10'}");
  ck_assert_no_finding(rep, "nd.doc-number-form");
  dp_report_free(rep);
  /* the decision's year and the first publication's both fit */
  rep = nd_dn("平政〔2021〕12号", "", DEC21);
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  rep = nd_dn("平政〔2022〕12号", "", DEC21);
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  /* the year of a later publication (listed first) does not */
  rep = nd_dn("平政〔2023〕12号", "", DEC21);
  ck_assert_one_finding(f, rep, "nd.doc-number-form", DP_MALFORMED,
                        DP_WARNING, "publication", NULL, 5);
  ck_assert_msg_has(f, DP_LANG_EN, "the year 2023 is neither");
  ck_assert_msg_has(f, DP_LANG_ZH, "年份2023与决定年份、首次公布年份均不一致");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
  rep = nd_dn("平政〔2020〕12号", "", DEC21);
  ck_assert_one_finding(f, rep, "nd.doc-number-form", DP_MALFORMED,
                        DP_WARNING, "publication", NULL, 5);
  dp_report_free(rep);
  /* not published: the form is checked, the year cannot be */
  rep = nd_dn("平政〔2019〕12号", "", E_ASSESS);
  ck_assert_no_finding(rep, "nd.doc-number-form");
  dp_report_free(rep);
  rep = nd_dn("平政[2019]12号", "", E_ASSESS);
  ck_assert_one_finding(f, rep, "nd.doc-number-form", DP_MALFORMED,
                        DP_WARNING, "publication", NULL, -1);
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * nd.filing, nd.filing-30d
 * ------------------------------------------------------------------- */

START_TEST(filing_missing) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT "," E_REVIEW "," E_DECIDE
                          "," E_PUB);
  ck_assert_one_finding(f, rep, "nd.filing", DP_MISSING, DP_ERROR, "filing",
                        NULL, -1);
  ck_assert_no_finding(rep, "nd.filing-30d");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
}
END_TEST

START_TEST(filing_before_publication) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT "," E_REVIEW "," E_DECIDE
                          "," E_PUB ",{'step':'filing','date':'2022-05-01'}");
  ck_assert_one_finding(f, rep, "nd.filing", DP_OUT_OF_ORDER, DP_ERROR,
                        "filing", "publication", 5);
  /* the deadline runs to the first filing after the publication: none */
  ck_assert_no_finding(rep, "nd.filing-30d");
  dp_report_free(rep);
}
END_TEST

/* A document of 2023 published on 2023-09-05: 30 days later is
 * 2023-10-05, inside the National Day holiday (09-29..10-06), so the
 * deadline moves to the next working day, Saturday 2023-10-07 (调休). */
#define Y23_BEFORE                                                           \
  "{'step':'assessment','date':'2023-07-03'},"                              \
  "{'step':'public_comment','start':'2023-07-04','end':'2023-08-04'},"      \
  "{'step':'legality_review','start':'2023-08-07','end':'2023-08-11'},"     \
  "{'step':'collective_decision','date':'2023-08-25','meeting':'常务会议'},"
#define Y23_PUB "{'step':'publication','date':'2023-09-05'}"
#define DN23 "平政〔2023〕5号"

static dp_report *y23(const char *after_pub) {
  char ev[2048];
  snprintf(ev, sizeof ev, "%s%s%s%s", Y23_BEFORE, Y23_PUB,
           *after_pub ? "," : "", after_pub);
  return nd_dn(DN23, "", ev);
}

START_TEST(filing_deadline_rolls_over_national_day) {
  dp_report *rep = y23("{'step':'filing','date':'2023-10-07'}");
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  rep = y23("{'step':'filing','date':'2023-10-05'}");
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  rep = y23("{'step':'filing','date':'2023-09-05'}"); /* the same day */
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
}
END_TEST

/* v2: the default filing deadline is a warning (an overlay may make it
 * an error), and its basis is the filing regulation in force on the
 * decision date: in 2023 the 2001 one. */
START_TEST(filing_after_rolled_deadline_overdue) {
  const dp_finding *f;
  dp_report *rep = y23("{'step':'filing','date':'2023-10-08'}");
  ck_assert_one_finding(f, rep, "nd.filing-30d", DP_OVERDUE, DP_WARNING,
                        "filing", "publication", 5);
  ck_assert_msg_has(f, DP_LANG_EN, "it was on 2023-10-08, late");
  ck_assert_msg_has(f, DP_LANG_EN,
                    "within 30 days after publication (2023-09-05)");
  ck_assert_msg_has(f, DP_LANG_EN,
                    "the last day 2023-10-05 was a rest day, so 2023-10-07");
  ck_assert_msg_has(f, DP_LANG_ZH, "自公开发布之日（2023年9月5日）起30日内备案");
  ck_assert_msg_has(f, DP_LANG_ZH,
                    "期限届满日2023年10月5日为休息日，顺延至10月7日");
  ck_assert_msg_has(f, DP_LANG_ZH, "实际备案日期2023年10月8日，逾期");
  ck_assert_ptr_null(strstr(dp_finding_message(f, DP_LANG_EN), "cover"));
  ck_assert_str_eq(dp_finding_basis(f),
                   "《法规规章备案条例》第三条（规章的期限，作为缺省值）");
  ck_assert_int_eq(dp_finding_verified(f), 0);
  ck_assert_uint_eq(dp_report_count(rep), 1);
  ck_assert(dp_report_ok(rep)); /* a warning only */
  dp_report_free(rep);
}
END_TEST

/* §7.2: from the first publication to the first filing after it. */
START_TEST(filing_deadline_first_publication_first_filing) {
  const dp_finding *f;
  /* a second publication does not restart the deadline */
  dp_report *rep = y23("{'step':'publication','date':'2023-09-20'},"
                       "{'step':'filing','date':'2023-10-08'}");
  ck_assert_one_finding(f, rep, "nd.filing-30d", DP_OVERDUE, DP_WARNING,
                        "filing", "publication", 6);
  ck_assert_msg_has(f, DP_LANG_EN, "2023-09-05");
  dp_report_free(rep);
  /* the first filing was in time: a later one does not matter, in
   * whatever order they are listed */
  rep = y23("{'step':'filing','date':'2023-12-01'},"
            "{'step':'filing','date':'2023-09-10'}");
  ck_assert_no_finding(rep, "nd.filing-30d");
  dp_report_free(rep);
  /* a filing before the publication is not the one after it */
  rep = y23("{'step':'filing','date':'2023-10-20'}");
  ck_assert_uint_eq(dp_test_count(rep, "nd.filing-30d"), 1);
  dp_report_free(rep);
  rep = nd_dn(DN23, "", Y23_BEFORE "{'step':'filing','date':'2023-09-01'},"
              Y23_PUB ",{'step':'filing','date':'2023-10-20'}");
  ck_assert_one_finding(f, rep, "nd.filing-30d", DP_OVERDUE, DP_WARNING,
                        "filing", "publication", 6);
  dp_report_free(rep);
}
END_TEST

START_TEST(filing_deadline_uncovered_year) {
  const dp_finding *f;
  /* 2027-03-01 + 30 = 2027-03-31, a Wednesday */
  dp_report *rep = nd_dn("平政〔2027〕1号", "",
                         "{'step':'publication','date':'2027-03-01'},"
                         "{'step':'filing','date':'2027-04-01'}");
  ck_assert_one_finding(f, rep, "nd.filing-30d", DP_OVERDUE, DP_WARNING,
                        "filing", "publication", 1);
  ck_assert_msg_has(f, DP_LANG_EN, "by 2027-03-31; it was on 2027-04-01");
  ck_assert_msg_has(f, DP_LANG_EN, "does not cover 2027");
  ck_assert_msg_has(f, DP_LANG_ZH, "期限届满日为2027年3月31日");
  /* decided (first published) in 2027: the 2024 regulation */
  ck_assert_str_eq(dp_finding_basis(f),
                   "《法规规章备案审查条例》第四条（规章的期限，作为缺省值）");
  dp_report_free(rep);
}
END_TEST

START_TEST(filing_deadline_undated_publication) {
  const dp_finding *f;
  dp_report *rep = nd_dn(DN23, "", Y23_BEFORE "{'step':'publication'},"
              "{'step':'filing','date':'2023-10-08'}");
  ck_assert_one_finding(f, rep, "nd.filing-30d", DP_INCOMPLETE, DP_WARNING,
                        "filing", "publication", -1);
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * nd.order-early
 * ------------------------------------------------------------------- */

START_TEST(assessment_after_comment_start) {
  const dp_finding *f;
  dp_report *rep = nd("", "{'step':'assessment','date':'2022-03-10'},"
                          E_COMMENT "," E_REVIEW "," E_DECIDE "," E_PUB
                          "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.order-early", DP_OUT_OF_ORDER, DP_WARNING,
                        "public_comment", "assessment", 1);
  ck_assert_uint_eq(dp_report_count(rep), 1);
  ck_assert(dp_report_ok(rep));
  dp_report_free(rep);
}
END_TEST

START_TEST(comment_ends_after_review_starts) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS ",{'step':'public_comment',"
                          "'start':'2022-03-02','end':'2022-04-08'},"
                          E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.order-early", DP_OUT_OF_ORDER, DP_ERROR,
                        "legality_review", "public_comment", 2);
  ck_assert(!dp_report_ok(rep));
  dp_report_free(rep);
}
END_TEST

START_TEST(comment_review_same_day) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS ",{'step':'public_comment',"
                          "'start':'2022-03-02','end':'2022-04-06'},"
                          E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  rep = nd("", E_ASSESS "," E_REVIEW ",{'step':'public_comment',"
               "'start':'2022-03-02','end':'2022-04-06'}," E_DECIDE "," E_PUB
               "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.order-early", DP_OUT_OF_ORDER, DP_ERROR,
                        "legality_review", "public_comment", 1);
  dp_report_free(rep);
}
END_TEST

/* §7.2: every comment period must end before the review starts. */
START_TEST(each_comment_before_review) {
  const dp_finding *f;
  dp_report *rep = nd("", BASE ",{'step':'public_comment',"
                          "'start':'2022-04-10','end':'2022-04-20'}");
  ck_assert_one_finding(f, rep, "nd.order-early", DP_OUT_OF_ORDER, DP_ERROR,
                        "legality_review", "public_comment", 2);
  dp_report_free(rep);
  /* a second review after the late comment answers it */
  rep = nd("", BASE ",{'step':'public_comment','start':'2022-04-10',"
               "'end':'2022-04-20'},{'step':'legality_review',"
               "'start':'2022-04-21','end':'2022-04-27'}");
  ck_assert_no_finding(rep, "nd.order-early");
  dp_report_free(rep);
}
END_TEST

/* Times order the events of one day (records.md §5). */
START_TEST(date_times_order_same_day) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT
                          ",{'step':'legality_review','start':'2022-04-20',"
                          "'end':'2022-04-28T15:00:00'},"
                          "{'step':'collective_decision',"
                          "'date':'2022-04-28T09:30:00','meeting':'常务会议'},"
                          E_PUB "," E_FILE);
  ck_assert_one_finding(f, rep, "nd.review-before-decision", DP_OUT_OF_ORDER,
                        DP_ERROR, "collective_decision", "legality_review", 3);
  dp_report_free(rep);
  rep = nd("", E_ASSESS "," E_COMMENT "," E_DECIDE
               ",{'step':'legality_review','start':'2022-04-20',"
               "'end':'2022-04-28T08:00:00'}," E_PUB "," E_FILE);
  /* no time on the decision: the order of events decides */
  ck_assert_uint_eq(dp_test_count(rep, "nd.review-before-decision"), 1);
  dp_report_free(rep);
  rep = nd("", E_ASSESS "," E_COMMENT
               ",{'step':'collective_decision','date':'2022-04-28T16:00:00',"
               "'meeting':'常务会议'},{'step':'legality_review',"
               "'start':'2022-04-20','end':'2022-04-28T08:00:00'},"
               E_PUB "," E_FILE);
  ck_assert_no_finding(rep, "nd.review-before-decision");
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * Bad and missing data (records.md §7.5)
 * ------------------------------------------------------------------- */

START_TEST(impossible_date_malformed_step_counts) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS "," E_COMMENT "," E_REVIEW
                          ",{'step':'collective_decision','date':'2022-02-30',"
                          "'meeting':'常务会议'}," E_PUB "," E_FILE);
  ck_assert_one_finding(f, rep, "record.date", DP_MALFORMED, DP_ERROR, NULL,
                        NULL, 3);
  ck_assert_str_eq(dp_finding_message(f, DP_LANG_EN),
                   "events[3].date: invalid date '2022-02-30'");
  /* Chinese counts events from 1 */
  ck_assert_msg_has(f, DP_LANG_ZH, "第4项事件");
  ck_assert_msg_has(f, DP_LANG_ZH, "“2022-02-30”");
  ck_assert_ptr_null(strstr(dp_finding_message(f, DP_LANG_ZH), "第3项"));
  /* the decision happened (no nd.decision, no order findings); the
   * deadline that runs from its date (nd.publication-20wd) says it
   * cannot be checked, as deadline rules do for an undated step */
  ck_assert_no_finding(rep, "nd.decision");
  ck_assert_no_finding(rep, "nd.decision-before-publication");
  ck_assert_one_finding(f, rep, "nd.publication-20wd", DP_INCOMPLETE,
                        DP_WARNING, "publication", "collective_decision", -1);
  ck_assert_msg(dp_report_count(rep) == 2, "findings:%s", dp_test_dump(rep));
  ck_assert(!dp_report_ok(rep));
  dp_report_free(rep);
  /* a date in neither form */
  rep = nd("", E_ASSESS "," E_COMMENT "," E_REVIEW
               ",{'step':'collective_decision','date':'28/04/2022',"
               "'meeting':'常务会议'}," E_PUB "," E_FILE);
  ck_assert_one_finding(f, rep, "record.date", DP_MALFORMED, DP_ERROR, NULL,
                        NULL, 3);
  ck_assert_msg_has(f, DP_LANG_EN, "invalid date '28/04/2022'");
  ck_assert_uint_eq(dp_test_count(rep, "nd.publication-20wd"), 1);
  ck_assert_uint_eq(dp_report_count(rep), 2);
  dp_report_free(rep);
}
END_TEST

START_TEST(end_before_start_malformed) {
  const dp_finding *f;
  dp_report *rep = nd("", E_ASSESS ",{'step':'public_comment',"
                          "'start':'2022-04-01','end':'2022-03-02'},"
                          E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_one_finding(f, rep, "record.date", DP_MALFORMED, DP_ERROR, NULL,
                        NULL, 1);
  ck_assert_msg_has(f, DP_LANG_EN, "events[1].end");
  /* the comment happened: not missing; its length is not checked */
  ck_assert_msg(dp_report_count(rep) == 1, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
}
END_TEST

START_TEST(unknown_step_malformed_warning) {
  const dp_finding *f;
  dp_report *rep = nd("", BASE ",{'step':'drafting_x','date':'2022-02-01'}");
  ck_assert_one_finding(f, rep, "record.step", DP_MALFORMED, DP_WARNING, NULL,
                        NULL, 6);
  ck_assert_str_eq(dp_finding_message(f, DP_LANG_EN),
                   "events[6].step: unknown step 'drafting_x'");
  ck_assert_str_eq(dp_finding_message(f, DP_LANG_ZH),
                   "第7项事件的步骤“drafting_x”无法识别");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  ck_assert(dp_report_ok(rep));
  dp_report_free(rep);
  /* drafting is a step of v2 (steps.rules): known, and no rule of the
   * procedure reads it */
  rep = nd("", BASE ",{'step':'drafting','date':'2022-02-01'}");
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  /* ignored otherwise: an unknown step does not stand in for a known one */
  rep = nd("", "{'step':'assesment','date':'2022-03-01'}," E_COMMENT
               "," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_uint_eq(dp_test_count(rep, "record.step"), 1);
  ck_assert_uint_eq(dp_test_count(rep, "nd.assessment"), 1);
  dp_report_free(rep);
}
END_TEST

START_TEST(unmapped_label_malformed_warning) {
  const dp_finding *f;
  dp_report *rep = nd("", BASE ",{'label':'领导签批','date':'2022-05-07'}");
  ck_assert_one_finding(f, rep, "record.label", DP_MALFORMED, DP_WARNING,
                        NULL, NULL, 6);
  ck_assert_msg_has(f, DP_LANG_EN, "领导签批");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
  /* neither step nor label */
  rep = nd("", BASE ",{'date':'2022-05-07'}");
  ck_assert_one_finding(f, rep, "record.step", DP_MALFORMED, DP_WARNING, NULL,
                        NULL, 6);
  dp_report_free(rep);
}
END_TEST

START_TEST(non_boolean_attribute_counts_false) {
  const dp_finding *f;
  /* "technical": "yes" would require an expert review if it counted */
  dp_report *rep = nd("'technical':'yes'", BASE);
  ck_assert_one_finding(f, rep, "record.attribute", DP_MALFORMED, DP_WARNING,
                        NULL, NULL, -1);
  ck_assert_msg_has(f, DP_LANG_EN, "attributes.technical");
  ck_assert_no_finding(rep, "nd.expert");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
  /* 1 is not true either: the 30-day market minimum does not apply, the
   * 7-working-day one does */
  rep = nd("'affects_market':1",
           E_ASSESS ",{'step':'public_comment','start':'2022-03-02',"
           "'end':'2022-03-04'}," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE);
  ck_assert_uint_eq(dp_test_count(rep, "record.attribute"), 1);
  ck_assert_no_finding(rep, "nd.comment-market-30d");
  ck_assert_no_finding(rep, "nd.fair-competition");
  ck_assert_uint_eq(dp_test_count(rep, "nd.comment-7wd"), 1);
  dp_report_free(rep);
}
END_TEST

START_TEST(event_without_dates) {
  const dp_finding *f;
  dp_report *rep = nd("", BASE ",{'step':'archiving'}");
  ck_assert_one_finding(f, rep, "record.date", DP_MALFORMED, DP_WARNING, NULL,
                        NULL, 6);
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
}
END_TEST

/* The procedure named in the options wins over the record's. */
START_TEST(options_procedure) {
  char *json = dp_test_sq("{'id':'x','procedure':'major_decision',"
                          "'doc_number':'" DN "','events':[" BASE "]}");
  dp_record *r = NULL;
  ck_assert_int_eq(dp_record_from_json(&r, json, strlen(json), 0, NULL), 0);
  dp_check_options o;
  memset(&o, 0, sizeof o);
  o.procedure = "normative_document";
  o.as_of = DP_NO_DATE;
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, &o, &rep), 0);
  ck_assert_str_eq(dp_report_procedure(rep), "normative_document");
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep));
  dp_report_free(rep);
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  ck_assert_str_eq(dp_report_procedure(rep), "major_decision");
  ck_assert_uint_eq(dp_test_count(rep, "md.archiving"), 1);
  dp_report_free(rep);
  dp_record_free(r);
  free(json);
}
END_TEST

static Suite *nd_suite(void) {
  Suite *s = suite_create("engine_nd");
  TCase *tc = tcase_create("nd");
  tcase_add_unchecked_fixture(tc, setup, teardown);
  tcase_add_test(tc, base_passes_every_rule);
  tcase_add_test(tc, assessment_missing);
  tcase_add_test(tc, comment_missing);
  tcase_add_test(tc, comment_not_required_when_confidential);
  tcase_add_test(tc, market_comment_30_days_passes);
  tcase_add_test(tc, market_comment_29_days_too_short);
  tcase_add_test(tc, market_urgent_with_reason_exempt);
  tcase_add_test(tc, market_urgent_without_reason_not_exempt);
  tcase_add_test(tc, comment_7wd_passes_with_adjusted_saturday);
  tcase_add_test(tc, comment_6wd_too_short_over_holiday);
  tcase_add_test(tc, comment_7wd_spring_festival_2024);
  tcase_add_test(tc, comment_7wd_urgent_with_reason_exempt);
  tcase_add_test(tc, comment_7wd_urgent_without_reason_not_exempt);
  tcase_add_test(tc, confidential_comment_held_anyway_is_checked);
  tcase_add_test(tc, comment_date_only_incomplete_warning);
  tcase_add_test(tc, each_comment_period_checked);
  tcase_add_test(tc, uncovered_year_named_in_message);
  tcase_add_test(tc, expert_signed_passes);
  tcase_add_test(tc, expert_missing);
  tcase_add_test(tc, expert_unsigned_suffices);
  tcase_add_test(tc, expert_reviews_need_no_signature);
  tcase_add_test(tc, fcr_missing);
  tcase_add_test(tc, fcr_after_decision_out_of_order);
  tcase_add_test(tc, fcr_same_day_tie_decided_by_event_order);
  tcase_add_test(tc, review_missing);
  tcase_add_test(tc, review_after_decision_out_of_order);
  tcase_add_test(tc, review_same_day_as_decision);
  tcase_add_test(tc, every_decision_after_a_review);
  tcase_add_test(tc, decision_after_failed_review);
  tcase_add_test(tc, failed_review_then_later_pass);
  tcase_add_test(tc, failed_review_pass_after_decision);
  tcase_add_test(tc, review_without_result_not_failed);
  tcase_add_test(tc, review_5wd_passes);
  tcase_add_test(tc, review_4wd_too_short);
  tcase_add_test(tc, review_15wd_passes);
  tcase_add_test(tc, review_16wd_too_long);
  tcase_add_test(tc, review_date_only_incomplete);
  tcase_add_test(tc, review_uncovered_year);
  tcase_add_test(tc, decision_missing);
  tcase_add_test(tc, decision_without_meeting_incomplete);
  tcase_add_test(tc, decision_any_named_meeting);
  tcase_add_test(tc, publication_before_decision);
  tcase_add_test(tc, publication_missing);
  tcase_add_test(tc, publication_within_20wd);
  tcase_add_test(tc, publication_20wd_basis_by_date);
  tcase_add_test(tc, bases_in_force_on_decision_date);
  tcase_add_test(tc, decision_date_fallbacks);
  tcase_add_test(tc, rule_without_law_in_force_does_not_apply);
  tcase_add_test(tc, doc_number_missing_when_published);
  tcase_add_test(tc, doc_number_form_passes);
  tcase_add_loop_test(tc, doc_number_form_fails, 0,
                      (int)(sizeof bad_dn / sizeof bad_dn[0]));
  tcase_add_test(tc, doc_number_year_of_first_publication);
  tcase_add_test(tc, filing_missing);
  tcase_add_test(tc, filing_before_publication);
  tcase_add_test(tc, filing_deadline_rolls_over_national_day);
  tcase_add_test(tc, filing_after_rolled_deadline_overdue);
  tcase_add_test(tc, filing_deadline_first_publication_first_filing);
  tcase_add_test(tc, filing_deadline_uncovered_year);
  tcase_add_test(tc, filing_deadline_undated_publication);
  tcase_add_test(tc, assessment_after_comment_start);
  tcase_add_test(tc, comment_ends_after_review_starts);
  tcase_add_test(tc, comment_review_same_day);
  tcase_add_test(tc, each_comment_before_review);
  tcase_add_test(tc, date_times_order_same_day);
  tcase_add_test(tc, impossible_date_malformed_step_counts);
  tcase_add_test(tc, end_before_start_malformed);
  tcase_add_test(tc, unknown_step_malformed_warning);
  tcase_add_test(tc, unmapped_label_malformed_warning);
  tcase_add_test(tc, non_boolean_attribute_counts_false);
  tcase_add_test(tc, event_without_dates);
  tcase_add_test(tc, options_procedure);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(nd_suite()); }

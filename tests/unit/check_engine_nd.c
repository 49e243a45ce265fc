/*
 * check_engine_nd.c - every rule of procedures.md table A
 * (normative_document) on the default engine: for each key a record that
 * passes and one that fails, and the edge cases of records.md §4 and §7.
 *
 * Most tests are rows of one table, `cases` below: a record (authority,
 * doc number, attributes, events) and what its report must hold.  The
 * loop test `row` runs each; every failure message starts with the row's
 * name.  The few tests that do something else stay functions at the end.
 *
 * Records are JSON with ' for " (util.h dp_test_sq).  The base record
 * below passes every rule; each row changes one thing.
 */
#define DP_TEST_ENGINE_FIXTURE
#define DP_TEST_NO_VALIDITY
#include "util.h"
#include "want.h"


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

/* The base events with another public comment (market documents, with
 * their fair competition review). */
#define MARKET_EVENTS(comment)                                            \
  E_ASSESS "," comment "," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE    \
           "," E_FCR

/* The base events with another legality review. */
#define REVIEW_EVENTS(review)                                             \
  E_ASSESS "," E_COMMENT "," review "," E_DECIDE "," E_PUB "," E_FILE

/* The same, with the collective decision on `date`. */
#define REVIEW_DECIDED(review, date)                                      \
  E_ASSESS "," E_COMMENT "," review ",{'step':'collective_decision',"    \
  "'date':'" date "','meeting':'常务会议'}," E_PUB "," E_FILE

/* The base events, the decision taken at `meeting`. */
#define MEETING_EVENTS(meeting)                                           \
  E_ASSESS "," E_COMMENT "," E_REVIEW ",{'step':'collective_decision',"  \
  "'date':'2022-04-28','meeting':'" meeting "'}," E_PUB "," E_FILE

/* The base events published on `date` (filed after it). */
#define PUBLISHED_ON(date)                                                \
  E_ASSESS "," E_COMMENT "," E_REVIEW "," E_DECIDE ",{'step':'publication'," \
  "'date':'" date "'},{'step':'filing','date':'2022-06-01'}"

/* A collective decision, alone. */
#define DECIDED(date)                                                      \
  "{'step':'collective_decision','date':'" date "','meeting':'常务会议'}"

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

/* A document of 2023 published on 2023-09-05: 30 days later is
 * 2023-10-05, inside the National Day holiday (09-29..10-06), so the
 * filing deadline moves to the next working day, Saturday 2023-10-07
 * (调休).  Y23(after) is that document with the events `after` added
 * after its publication; its doc number is DN23. */
#define Y23_BEFORE                                                           \
  "{'step':'assessment','date':'2023-07-03'},"                              \
  "{'step':'public_comment','start':'2023-07-04','end':'2023-08-04'},"      \
  "{'step':'legality_review','start':'2023-08-07','end':'2023-08-11'},"     \
  "{'step':'collective_decision','date':'2023-08-25','meeting':'常务会议'},"
#define Y23_PUB "{'step':'publication','date':'2023-09-05'}"
#define Y23(after) Y23_BEFORE Y23_PUB "," after
#define DN23 "平政〔2023〕5号"

#define REVIEW_FAIL                                                          \
  "{'step':'legality_review','start':'2022-04-06','end':'2022-04-15',"     \
  "'result':'fail'}"

/* ---------------------------------------------------------------------
 * The table
 * ------------------------------------------------------------------- */

/* A record and what its report holds.  The record is a normative
 * document "nd-t" of `authority` (NULL: none) numbered `dn` (NULL: DN;
 * no_dn: none) with these attributes (the inside of the object) and
 * events (the inside of the array). */
typedef struct {
  const char *name;
  const char *authority, *dn;
  int no_dn;
  const char *attrs, *events;
  int clean;  /* 1: no finding at all */
  int total;  /* > 0: this many findings in all */
  int ok;     /* dp_report_ok: YES, NO, ANY */
  want one[2];            /* exactly one finding of each */
  const char *none[4];    /* no finding of these rules */
  struct {
    const char *rule;
    size_t n;
  } count[2];             /* this many findings of a rule */
  struct {
    const char *rule, *basis;
  } basis_of[1];          /* the basis of the first finding of a rule */
} nd_case;

static const nd_case cases[] = {
    /* --- the base record ------------------------------------------- */
    {"base_passes_every_rule", .events = BASE, .clean = 1, .ok = YES},
    /* every attribute that adds a requirement, with the steps it needs */
    {"base_passes_every_rule/all_attributes",
     .attrs = "'technical':true,'affects_market':true",
     .events = BASE "," E_FCR "," E_EXPERT, .clean = 1},

    /* --- nd.assessment --------------------------------------------- */
    {"assessment_missing",
     .events = E_COMMENT "," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE,
     .one = {{ONE("nd.assessment", DP_MISSING, DP_ERROR, "assessment", NULL,
                  -1),
              .zh_is = "未进行评估论证（亦无专家论证、风险评估）",
              .en = {"expert review, risk assessment"}}},
     /* §7.1: a step that never happened is only missing, never out of
      * order */
     .none = {"nd.order-early"}, .total = 1, .ok = NO},
    /* v2: a risk assessment is 评估论证 too */
    {"assessment_missing/risk_assessment_counts",
     .events = "{'step':'risk_assessment','date':'2022-03-01'}," E_COMMENT
               "," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE,
     .none = {"nd.assessment"}, .clean = 1},

    /* --- nd.comment ------------------------------------------------ */
    {"comment_missing",
     .events = E_ASSESS "," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE,
     .one = {{ONE("nd.comment", DP_MISSING, DP_ERROR, "public_comment", NULL,
                  -1)}},
     .none = {"nd.comment-7wd", "nd.order-early"}, .total = 1},
    {"comment_not_required_when_confidential",
     .attrs = "'confidential':true",
     .events = E_ASSESS "," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE,
     .clean = 1},
    /* false is the same as absent */
    {"comment_not_required_when_confidential/false",
     .attrs = "'confidential':false",
     .events = E_ASSESS "," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE,
     .count = {{"nd.comment", 1}}},

    /* --- nd.comment-market-30d ------------------------------------- */
    /* 2022-03-02 to 2022-03-31 counts both ends: 30 days */
    {"market_comment_30_days_passes", .attrs = "'affects_market':true",
     .events = MARKET_EVENTS("{'step':'public_comment',"
                             "'start':'2022-03-02','end':'2022-03-31'}"),
     .clean = 1},
    {"market_comment_29_days_too_short", .attrs = "'affects_market':true",
     .events = MARKET_EVENTS("{'step':'public_comment',"
                             "'start':'2022-03-02','end':'2022-03-30'}"),
     .one = {{ONE("nd.comment-market-30d", DP_TOO_SHORT, DP_ERROR,
                  "public_comment", NULL, 1),
              .en = {"2022-03-02 to 2022-03-30", "29 days",
                     "less than 30 days"},
              /* Chinese: the period with the year once, lengths without
               * a space */
              .zh = {"2022年3月2日至3月30日", "共29日，少于30日"},
              .basis = "《优化营商环境条例》第六十二条", .verified = YES}},
     /* the 7-working-day rule is for documents that do not affect
      * markets */
     .none = {"nd.comment-7wd"}},
    {"market_urgent_with_reason_exempt",
     .attrs = "'affects_market':true,'urgent':true",
     .events = MARKET_EVENTS("{'step':'public_comment',"
                             "'start':'2022-03-02','end':'2022-03-11',"
                             "'reason':'防汛紧急'}"),
     .none = {"nd.comment-market-30d", "nd.comment-7wd"}},
    {"market_urgent_without_reason_not_exempt",
     .attrs = "'affects_market':true,'urgent':true",
     .events = MARKET_EVENTS("{'step':'public_comment',"
                             "'start':'2022-03-02','end':'2022-03-11'}"),
     .one = {{ONE("nd.comment-market-30d", DP_TOO_SHORT, DP_ERROR,
                  "public_comment", NULL, 1)}}},
    /* §7.6: the reason must be on the comment event, not elsewhere */
    {"market_urgent_without_reason_not_exempt/reason_elsewhere",
     .attrs = "'affects_market':true,'urgent':true",
     .events = E_ASSESS ",{'step':'public_comment','start':'2022-03-02',"
               "'end':'2022-03-11'}," E_REVIEW ",{'step':'collective_decision',"
               "'date':'2022-04-28','meeting':'常务会议','reason':'紧急'},"
               E_PUB "," E_FILE "," E_FCR,
     .one = {{ONE("nd.comment-market-30d", DP_TOO_SHORT, DP_ERROR,
                  "public_comment", NULL, 1)}}},
    /* a reason without the urgent attribute is not enough either */
    {"market_urgent_without_reason_not_exempt/reason_not_urgent",
     .attrs = "'affects_market':true",
     .events = MARKET_EVENTS("{'step':'public_comment','start':'2022-03-02',"
                             "'end':'2022-03-11','reason':'紧急'}"),
     .count = {{"nd.comment-market-30d", 1}}},

    /* --- nd.comment-7wd (working days on the official calendar) ----- */
    /* 2022-03-25 (Fri) to 2022-04-05: 03-25, 03-28..04-01, and Saturday
     * 04-02 (调休上班) are working days; 04-03..04-05 are the 清明
     * holiday. */
    {"comment_7wd_passes_with_adjusted_saturday",
     .events = E_ASSESS ",{'step':'public_comment','start':'2022-03-25',"
               "'end':'2022-04-05'}," E_REVIEW "," E_DECIDE "," E_PUB
               "," E_FILE,
     .clean = 1},
    /* 03-28..04-01 (5) + 04-02 (1): 6 working days in 11 calendar days */
    {"comment_6wd_too_short_over_holiday",
     .events = E_ASSESS ",{'step':'public_comment','start':'2022-03-26',"
               "'end':'2022-04-05'}," E_REVIEW "," E_DECIDE "," E_PUB
               "," E_FILE,
     .one = {{ONE("nd.comment-7wd", DP_TOO_SHORT, DP_ERROR, "public_comment",
                  NULL, 1),
              .en = {"6 working days, less than 7 working days"},
              .zh = {"共6个工作日，少于7个工作日"},
              .verified = NO /* procedures.md: R */}},
     .total = 1},
    /* The 2024 Spring Festival: 2024-02-04 and 2024-02-18 (Sundays) are
     * working days, 02-10..02-17 are not.  02-05..02-09 (5) + 02-18 (1)
     * = 6 */
    {"comment_7wd_spring_festival_2024",
     .events = "{'step':'public_comment','start':'2024-02-05',"
               "'end':'2024-02-18'}",
     .one = {{ONE("nd.comment-7wd", DP_TOO_SHORT, DP_ERROR, "public_comment",
                  NULL, 0),
              .en = {"6 working days"}}}},
    /* + 02-19 (Mon) = 7 */
    {"comment_7wd_spring_festival_2024/seven",
     .events = "{'step':'public_comment','start':'2024-02-05',"
               "'end':'2024-02-19'}",
     .none = {"nd.comment-7wd"}},
    /* 02-04 (adjusted Sunday) .. 02-09: 6, one short of 7 */
    {"comment_7wd_spring_festival_2024/adjusted_sunday",
     .events = "{'step':'public_comment','start':'2024-02-04',"
               "'end':'2024-02-12'}",
     .one = {{ONE("nd.comment-7wd", DP_TOO_SHORT, DP_ERROR, "public_comment",
                  NULL, 0),
              .en = {"6 working days"}}}},
    {"comment_7wd_urgent_with_reason_exempt", .attrs = "'urgent':true",
     .events = E_ASSESS ",{'step':'public_comment','start':'2022-03-28',"
               "'end':'2022-03-29','reason':'疫情防控需要'}," E_REVIEW
               "," E_DECIDE "," E_PUB "," E_FILE,
     .clean = 1},
    {"comment_7wd_urgent_without_reason_not_exempt", .attrs = "'urgent':true",
     .events = E_ASSESS ",{'step':'public_comment','start':'2022-03-28',"
               "'end':'2022-03-29'}," E_REVIEW "," E_DECIDE "," E_PUB
               "," E_FILE,
     .one = {{ONE("nd.comment-7wd", DP_TOO_SHORT, DP_ERROR, "public_comment",
                  NULL, 1),
              .en = {"2 working days"}}}},
    /* §7.6: rules apply to what happened. */
    {"confidential_comment_held_anyway_is_checked",
     .attrs = "'confidential':true",
     .events = E_ASSESS ",{'step':'public_comment','start':'2022-03-28',"
               "'end':'2022-03-30'}," E_REVIEW "," E_DECIDE "," E_PUB
               "," E_FILE,
     .one = {{ONE("nd.comment-7wd", DP_TOO_SHORT, DP_ERROR, "public_comment",
                  NULL, 1)}},
     .none = {"nd.comment"}},
    /* §7.4: a comment with only `date` cannot show its length; a warning
     * only */
    {"comment_date_only_incomplete_warning",
     .events = E_ASSESS ",{'step':'public_comment','date':'2022-03-10'},"
               E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE,
     .one = {{ONE("nd.comment-7wd", DP_INCOMPLETE, DP_WARNING,
                  "public_comment", NULL, 1),
              .en = {"2022-03-10"}}},
     .total = 1, .ok = YES},
    /* the same for the market rule */
    {"comment_date_only_incomplete_warning/market",
     .attrs = "'affects_market':true",
     .events = MARKET_EVENTS("{'step':'public_comment','start':'2022-03-02'}"),
     .one = {{ONE("nd.comment-market-30d", DP_INCOMPLETE, DP_WARNING,
                  "public_comment", NULL, 1)}}},
    /* §7.2: each comment period has its own length checked (and see
     * two_short_comments_two_findings) */
    {"each_comment_period_checked",
     .events = BASE ",{'step':'public_comment','start':'2022-03-28',"
               "'end':'2022-03-30'}",
     .one = {{ONE("nd.comment-7wd", DP_TOO_SHORT, DP_ERROR, "public_comment",
                  NULL, 6),
              .en = {"3 working days"}}}},
    /* §4, §7.10: a working-day count in a year the calendar does not
     * cover.  2027-01-04 (Mon) .. 01-08 (Fri): 5 working days by
     * weekends alone */
    {"uncovered_year_named_in_message",
     .events = "{'step':'public_comment','start':'2027-01-04',"
               "'end':'2027-01-08'}",
     .one = {{ONE("nd.comment-7wd", DP_TOO_SHORT, DP_ERROR, "public_comment",
                  NULL, 0),
              .en = {"5 working days", "does not cover 2027"},
              .zh = {"2027"}}}},
    /* a covered year says nothing of the kind */
    {"uncovered_year_named_in_message/covered",
     .events = "{'step':'public_comment','start':'2026-01-05',"
               "'end':'2026-01-09'}",
     .one = {{ONE("nd.comment-7wd", DP_TOO_SHORT, DP_ERROR, "public_comment",
                  NULL, 0),
              .en_lacks = "cover"}}},

    /* --- nd.expert ------------------------------------------------- */
    {"expert_signed_passes", .attrs = "'technical':true",
     .events = BASE "," E_EXPERT, .none = {"nd.expert"}, .clean = 1},
    /* not technical: no expert review needed */
    {"expert_signed_passes/not_technical", .events = BASE,
     .none = {"nd.expert"}},
    {"expert_missing", .attrs = "'technical':true", .events = BASE,
     .one = {{ONE("nd.expert", DP_MISSING, DP_ERROR, "expert_review", NULL,
                  -1),
              .verified = NO}}},
    /* procedures.md v2: a normative document's expert review needs no
     * signature (37号 二（四） asks for 论证, not 署名、盖章): neither an
     * unrecorded nor a false `signed` gives a finding. */
    {"expert_unsigned_suffices", .attrs = "'technical':true",
     .events = BASE ",{'step':'expert_review','date':'2022-03-04'}",
     .none = {"nd.expert"}, .clean = 1},
    {"expert_unsigned_suffices/signed_false", .attrs = "'technical':true",
     .events = BASE ",{'step':'expert_review','date':'2022-03-04',"
               "'signed':false}",
     .none = {"nd.expert"}, .clean = 1},
    /* Several expert reviews, one of them unsigned: still no finding */
    {"expert_reviews_need_no_signature", .attrs = "'technical':true",
     .events = BASE "," E_EXPERT ",{'step':'expert_review',"
               "'date':'2022-03-20','signed':false}," E_EXPERT,
     .none = {"nd.expert"}, .clean = 1},
    /* an unsigned expert review is also the document's 评估论证
     * (nd.assessment is satisfied by assessment, expert_review or
     * risk_assessment) */
    {"expert_reviews_need_no_signature/as_assessment",
     .attrs = "'technical':true",
     .events = "{'step':'expert_review','date':'2022-03-01','signed':false},"
               E_COMMENT "," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE,
     .none = {"nd.assessment", "nd.expert"}, .clean = 1},

    /* --- nd.fair-competition --------------------------------------- */
    {"fcr_missing", .attrs = "'affects_market':true", .events = BASE,
     .one = {{ONE("nd.fair-competition", DP_MISSING, DP_ERROR,
                  "fair_competition_review", NULL, -1)}}},
    /* not about markets: not required */
    {"fcr_missing/not_market", .events = BASE,
     .none = {"nd.fair-competition"}},
    {"fcr_after_decision_out_of_order", .attrs = "'affects_market':true",
     .events = BASE ",{'step':'fair_competition_review','date':'2022-05-01'}",
     .one = {{ONE("nd.fair-competition", DP_OUT_OF_ORDER, DP_ERROR,
                  "collective_decision", "fair_competition_review", 3),
              .en = {"2022-04-28", "2022-05-01"}}}},
    /* §7.1: on the same day the order in `events` decides. */
    {"fcr_same_day_tie_decided_by_event_order",
     .attrs = "'affects_market':true",
     .events = E_ASSESS "," E_COMMENT "," E_REVIEW
               ",{'step':'fair_competition_review','date':'2022-04-28'},"
               E_DECIDE "," E_PUB "," E_FILE,
     .none = {"nd.fair-competition"}},
    {"fcr_same_day_tie_decided_by_event_order/listed_after",
     .attrs = "'affects_market':true",
     .events = BASE ",{'step':'fair_competition_review','date':'2022-04-28'}",
     .one = {{ONE("nd.fair-competition", DP_OUT_OF_ORDER, DP_ERROR,
                  "collective_decision", "fair_competition_review", 3)}}},

    /* --- nd.review, nd.review-before-decision, nd.review-passed ----- */
    /* §7.1: no ordering findings about a step that never happened */
    {"review_missing",
     .events = E_ASSESS "," E_COMMENT "," E_DECIDE "," E_PUB "," E_FILE,
     .one = {{ONE("nd.review", DP_MISSING, DP_ERROR, "legality_review", NULL,
                  -1)}},
     .none = {"nd.review-before-decision", "nd.order-early"}, .total = 1},
    {"review_after_decision_out_of_order",
     .events = E_ASSESS "," E_COMMENT ",{'step':'legality_review',"
               "'start':'2022-05-05','end':'2022-05-12'}," E_DECIDE
               ",{'step':'publication','date':'2022-05-16'},"
               "{'step':'filing','date':'2022-05-20'}",
     .one = {{ONE("nd.review-before-decision", DP_OUT_OF_ORDER, DP_ERROR,
                  "collective_decision", "legality_review", 3),
              .en = {"2022-05-05 to 2022-05-12"}}}},
    /* the review ends on the day of the decision, listed first: in
     * order */
    {"review_same_day_as_decision",
     .events = E_ASSESS "," E_COMMENT ",{'step':'legality_review',"
               "'start':'2022-04-20','end':'2022-04-28'}," E_DECIDE
               "," E_PUB "," E_FILE,
     .clean = 1},
    /* listed after the decision: the decision came first */
    {"review_same_day_as_decision/listed_after",
     .events = E_ASSESS "," E_COMMENT "," E_DECIDE
               ",{'step':'legality_review','start':'2022-04-20',"
               "'end':'2022-04-28'}," E_PUB "," E_FILE,
     .one = {{ONE("nd.review-before-decision", DP_OUT_OF_ORDER, DP_ERROR,
                  "collective_decision", "legality_review", 2)}}},
    /* §7.1: every decision needs a review before it. */
    {"every_decision_after_a_review",
     .events = E_ASSESS "," E_COMMENT ",{'step':'collective_decision',"
               "'date':'2022-04-02','meeting':'常务会议'}," E_REVIEW
               "," E_DECIDE "," E_PUB "," E_FILE,
     .one = {{ONE("nd.review-before-decision", DP_OUT_OF_ORDER, DP_ERROR,
                  "collective_decision", "legality_review", 2)}}},
    /* §7.3: the failed review still counts as done */
    {"decision_after_failed_review",
     .events = E_ASSESS "," E_COMMENT "," REVIEW_FAIL "," E_DECIDE "," E_PUB
               "," E_FILE,
     .one = {{ONE("nd.review-passed", DP_AFTER_REJECTION, DP_ERROR,
                  "collective_decision", "legality_review", 3),
              .en = {"'fail'"}}},
     .none = {"nd.review", "nd.review-before-decision"}, .total = 1},
    {"failed_review_then_later_pass",
     .events = E_ASSESS "," E_COMMENT "," REVIEW_FAIL
               ",{'step':'legality_review','start':'2022-04-18',"
               "'end':'2022-04-22','result':'pass'}," E_DECIDE "," E_PUB
               "," E_FILE,
     .clean = 1},
    /* The passing review must end before the decision: one that ends the
     * same day but is listed after it does not help. */
    {"failed_review_pass_after_decision",
     .events = E_ASSESS "," E_COMMENT "," REVIEW_FAIL "," E_DECIDE
               ",{'step':'legality_review','start':'2022-04-20',"
               "'end':'2022-04-28','result':'pass'}," E_PUB "," E_FILE,
     .one = {{ONE("nd.review-passed", DP_AFTER_REJECTION, DP_ERROR,
                  "collective_decision", "legality_review", 3)}}},
    /* §7.3: a review without `result` counts as not failed */
    {"review_without_result_not_failed",
     .events = E_ASSESS "," E_COMMENT ",{'step':'legality_review',"
               "'start':'2022-04-06','end':'2022-04-15'}," E_DECIDE "," E_PUB
               "," E_FILE,
     .clean = 1},
    /* a failed review after the decision does not concern it */
    {"review_without_result_not_failed/failed_after_decision",
     .events = BASE ",{'step':'legality_review','start':'2022-05-09',"
               "'end':'2022-05-13','result':'fail'}",
     .none = {"nd.review-passed"}},

    /* --- nd.review-min, nd.review-max ------------------------------ */
    /* v2: nd.review-min measures the time the reviewer was GIVEN, from
     * the review's start through the day before the collective decision.
     * Given 2022-04-06..04-12: 04-06, 07, 08, 11, 12; the review itself
     * took three days, which is lawful */
    {"review_5wd_passes",
     .events = REVIEW_DECIDED("{'step':'legality_review','start':'2022-04-06',"
                              "'end':'2022-04-08'}",
                              "2022-04-13"),
     .clean = 1},
    /* a review that took only 4 working days, two weeks before the
     * decision: given plenty */
    {"review_5wd_passes/given_plenty",
     .events = REVIEW_EVENTS("{'step':'legality_review',"
                             "'start':'2022-04-06','end':'2022-04-11'}"),
     .clean = 1},
    /* decided 04-12: given 04-06..04-11, 4 working days; a warning */
    {"review_4wd_too_short",
     .events = REVIEW_DECIDED("{'step':'legality_review','start':'2022-04-06',"
                              "'end':'2022-04-08'}",
                              "2022-04-12"),
     .one = {{ONE("nd.review-min", DP_TOO_SHORT, DP_WARNING, "legality_review",
                  "collective_decision", 2),
              .en = {"from 2022-04-06 to the day before collective decision "
                     "(2022-04-11): 4 working days given, less than 5 "
                     "working days"},
              .zh = {"自2022年4月6日开始", "（2022年4月11日）共4个工作日",
                     "少于5个工作日"},
              .basis = "国办发〔2018〕115号 二（五）"}},
     .total = 1, .ok = YES},
    /* urgent with a reason on the review: exempt (115号) */
    {"review_4wd_too_short/urgent_with_reason", .attrs = "'urgent':true",
     .events = REVIEW_DECIDED("{'step':'legality_review','start':'2022-04-06',"
                              "'end':'2022-04-08','reason':'防汛紧急'}",
                              "2022-04-12"),
     .none = {"nd.review-min"}},
    /* 2022-04-24 (Sunday) is an adjusted working day: 04-06..04-25 holds
     * 15 working days, 04-06..04-26 holds 16. */
    {"review_15wd_passes",
     .events = REVIEW_EVENTS("{'step':'legality_review',"
                             "'start':'2022-04-06','end':'2022-04-25'}"),
     .clean = 1},
    {"review_16wd_too_long",
     .events = REVIEW_EVENTS("{'step':'legality_review',"
                             "'start':'2022-04-06','end':'2022-04-26'}"),
     .one = {{ONE("nd.review-max", DP_TOO_LONG, DP_WARNING, "legality_review",
                  NULL, 2),
              .en = {"16 working days, more than 15 working days"}}},
     .none = {"nd.review-min"}},
    /* §7.4: a review without start and end cannot show its length. */
    {"review_date_only_incomplete",
     .events = REVIEW_EVENTS("{'step':'legality_review',"
                             "'date':'2022-04-15'}"),
     .one = {{ONE("nd.review-min", DP_INCOMPLETE, DP_WARNING,
                  "legality_review", NULL, 2)},
             {ONE("nd.review-max", DP_INCOMPLETE, DP_WARNING,
                  "legality_review", NULL, 2)}},
     .ok = YES},
    /* given 2027-01-04 (Mon) .. 01-07 (Thu), the decision on 01-08 */
    {"review_uncovered_year",
     .events = "{'step':'legality_review','start':'2027-01-04',"
               "'end':'2027-01-07'},{'step':'collective_decision',"
               "'date':'2027-01-08','meeting':'常务会议'}",
     .one = {{ONE("nd.review-min", DP_TOO_SHORT, DP_WARNING, "legality_review",
                  "collective_decision", 0),
              .en = {"4 working days", "does not cover 2027"},
              .zh = {"（日历未覆盖2027年，该年仅按周末计算休息日）"}}}},

    /* --- nd.decision ----------------------------------------------- */
    {"decision_missing",
     .events = E_ASSESS "," E_COMMENT "," E_REVIEW "," E_PUB "," E_FILE,
     .one = {{ONE("nd.decision", DP_MISSING, DP_ERROR, "collective_decision",
                  NULL, -1)}},
     .none = {"nd.decision-before-publication", "nd.review-before-decision"},
     .total = 1},
    {"decision_without_meeting_incomplete",
     .events = E_ASSESS "," E_COMMENT "," E_REVIEW
               ",{'step':'collective_decision','date':'2022-04-28'},"
               E_PUB "," E_FILE,
     .one = {{ONE("nd.decision", DP_INCOMPLETE, DP_ERROR,
                  "collective_decision", NULL, 3),
              .en = {"meeting"}, .zh = {"会议"}}}},
    /* an empty meeting names none */
    {"decision_without_meeting_incomplete/empty", .events = MEETING_EVENTS(""),
     .one = {{ONE("nd.decision", DP_INCOMPLETE, DP_ERROR,
                  "collective_decision", NULL, 3)}}},
    /* v2: the meeting depends on the issuer (procedures.md A,
     * nd.decision): a government's document at its 常务会议 or 全体会议, a
     * department's at its 办公会议 / X务会议 / 党政联席会议; a 专题会议
     * never.  The issuer is the attribute, else inferred from the
     * authority, else the government.  The meeting may come from the
     * label (§7.8).  A government: the executive meeting, here from the
     * label */
    {"decision_any_named_meeting/label",
     .events = E_ASSESS "," E_COMMENT "," E_REVIEW
               ",{'label':'市政府第15次常务会议审议通过','date':'2022-04-28'},"
               E_PUB "," E_FILE,
     .clean = 1},
    {"decision_any_named_meeting/plenary", .authority = "平顶山市人民政府",
     .events = MEETING_EVENTS("市政府全体会议"), .clean = 1},
    /* a government's document at a bureau's meeting does not qualify: no
     * authority means the government */
    {"decision_any_named_meeting/bureau_meeting_of_government",
     .events = MEETING_EVENTS("局长办公会议"),
     .one = {{ONE("nd.decision", DP_INCOMPLETE, DP_ERROR,
                  "collective_decision", NULL, 3),
              .zh = {"应经常务会议或者全体会议审议",
                     "“局长办公会议”不符合要求"},
              .en = {"executive or plenary meeting"}}},
     .total = 1},
    {"decision_any_named_meeting/office_of_government",
     .authority = "平顶山市人民政府办公室", .events = MEETING_EVENTS("局务会议"),
     .count = {{"nd.decision", 1}}},
    /* a department, named or inferred: its leadership meeting
     * qualifies */
    {"decision_any_named_meeting/department_attribute",
     .attrs = "'issuer':'department'", .events = MEETING_EVENTS("局长办公会议"),
     .clean = 1},
    {"decision_any_named_meeting/bureau", .authority = "平顶山市教育局",
     .events = MEETING_EVENTS("局务会议"), .clean = 1},
    {"decision_any_named_meeting/commission",
     .authority = "平顶山市发展和改革委员会",
     .events = MEETING_EVENTS("委务会议"), .clean = 1},
    {"decision_any_named_meeting/town", .authority = "新华区焦店镇人民政府",
     .events = MEETING_EVENTS("党政联席会议"), .clean = 1},
    {"decision_any_named_meeting/subdistrict",
     .authority = "新华区光明路街道办事处",
     .events = MEETING_EVENTS("党政联席会议"), .clean = 1},
    /* the attribute wins over the authority's name */
    {"decision_any_named_meeting/attribute_wins",
     .authority = "平顶山市人民政府", .attrs = "'issuer':'department'",
     .events = MEETING_EVENTS("办公会议"), .clean = 1},
    /* ... and the attribute wins the other way too */
    {"decision_any_named_meeting/attribute_wins_back",
     .authority = "平顶山市教育局", .attrs = "'issuer':'government'",
     .events = MEETING_EVENTS("局务会议"), .count = {{"nd.decision", 1}}},
    /* a topical meeting never qualifies, for either issuer */
    {"decision_any_named_meeting/topical_of_department",
     .authority = "平顶山市教育局", .events = MEETING_EVENTS("局长专题会议"),
     .one = {{ONE("nd.decision", DP_INCOMPLETE, DP_ERROR,
                  "collective_decision", NULL, 3),
              .zh = {"领导班子会议审议"}}}},
    {"decision_any_named_meeting/topical_of_government",
     .events = MEETING_EVENTS("市政府专题会议"),
     .count = {{"nd.decision", 1}}},
    {"decision_any_named_meeting/coordination",
     .attrs = "'issuer':'department'", .events = MEETING_EVENTS("协调会"),
     .count = {{"nd.decision", 1}}},

    /* --- nd.decision-before-publication, nd.publication ------------- */
    {"publication_before_decision",
     .events = E_ASSESS "," E_COMMENT "," E_REVIEW "," E_DECIDE
               ",{'step':'publication','date':'2022-04-27'}," E_FILE,
     .one = {{ONE("nd.decision-before-publication", DP_OUT_OF_ORDER, DP_ERROR,
                  "publication", "collective_decision", 4),
              .en = {"2022-04-27"}}},
     .total = 1},
    /* on the same day, after it in the list: in order */
    {"publication_before_decision/same_day",
     .events = E_ASSESS "," E_COMMENT "," E_REVIEW "," E_DECIDE
               ",{'step':'publication','date':'2022-04-28'}," E_FILE,
     .clean = 1},
    /* nothing about the filing deadline or its order, nor the doc
     * number */
    {"publication_missing",
     .events = E_ASSESS "," E_COMMENT "," E_REVIEW "," E_DECIDE "," E_FILE,
     .one = {{ONE("nd.publication", DP_MISSING, DP_ERROR, "publication", NULL,
                  -1)}},
     .none = {"nd.filing", "nd.filing-30d"}, .total = 1},
    /* confidential documents are still published (table A: always) */
    {"publication_missing/confidential", .attrs = "'confidential':true",
     .events = E_ASSESS "," E_REVIEW "," E_DECIDE "," E_FILE,
     .count = {{"nd.publication", 1}}},

    /* --- nd.publication-20wd (v2) ---------------------------------- */
    /* Decided Thursday 2022-04-28; 2022-04-30..05-04 is the Labour Day
     * holiday and Saturday 05-07 a working day: the 20th working day
     * after the decision is 2022-05-30. */
    {"publication_within_20wd", .events = PUBLISHED_ON("2022-05-30"),
     .clean = 1},
    {"publication_within_20wd/late", .events = PUBLISHED_ON("2022-05-31"),
     .one = {{ONE("nd.publication-20wd", DP_OVERDUE, DP_WARNING, "publication",
                  "collective_decision", 4),
              .en = {"within 20 working days after collective decision "
                     "(2022-04-28), by 2022-05-30; it was on 2022-05-31, "
                     "late"},
              .zh = {"自集体审议决定之日（2022年4月28日）起"
                     "20个工作日内应当公开发布",
                     "期限届满日为2022年5月30日"},
              .basis = "《中华人民共和国政府信息公开条例》第二十六条"}},
     .total = 1, .ok = YES},
    /* Before 2019-05-15 the 2007 regulation (第十八条, the same 20
     * working days) is the basis; from that day the 2019 revision. */
    {"publication_20wd_basis_by_date",
     .events = "{'step':'collective_decision','date':'2019-04-01',"
               "'meeting':'常务会议'},{'step':'publication','date':'2019-05-20'}",
     .one = {{ONE("nd.publication-20wd", DP_OVERDUE, DP_WARNING, "publication",
                  "collective_decision", 1),
              .en = {"by 2019-04-29"},
              .basis_has = {"（2007年）", "第十八条"},
              .basis_lacks = "第二十六条"}}},
    {"publication_20wd_basis_by_date/2019_revision",
     .events = "{'step':'collective_decision','date':'2019-06-03',"
               "'meeting':'常务会议'},{'step':'publication','date':'2019-07-20'}",
     .one = {{ONE("nd.publication-20wd", DP_OVERDUE, DP_WARNING, "publication",
                  "collective_decision", 1),
              .basis = "《中华人民共和国政府信息公开条例》第二十六条"}}},

    /* --- the law in force on the decision date (procedures.md §0) ---- */
    /* 组织法 from 2022-03-12: not the day before, from that day */
    {"bases_in_force_on_decision_date/zuzhifa_day_before", .no_dn = 1,
     .events = DECIDED("2022-03-11"),
     .basis_of = {{"nd.comment", "国办发〔2018〕37号 二（五）"}}},
    {"bases_in_force_on_decision_date/zuzhifa_first_day", .no_dn = 1,
     .events = DECIDED("2022-03-12"),
     .basis_of = {{"nd.comment",
                   "《地方各级人民代表大会和地方各级人民政府组织法》第七十五条；"
                   "国办发〔2018〕37号 二（五）"}}},
    /* ... and only for a government issuer */
    {"bases_in_force_on_decision_date/zuzhifa_not_for_bureau", .no_dn = 1,
     .authority = "平顶山市教育局", .events = DECIDED("2023-04-28"),
     .basis_of = {{"nd.review", "国办发〔2018〕37号 二（六）；"
                                "国办发〔2018〕115号 二（七）"}}},
    {"bases_in_force_on_decision_date/zuzhifa_not_for_department",
     .no_dn = 1, .attrs = "'issuer':'department'",
     .events = DECIDED("2023-04-28"),
     .basis_of = {{"nd.review", "国办发〔2018〕37号 二（六）；"
                                "国办发〔2018〕115号 二（七）"}}},
    {"bases_in_force_on_decision_date/zuzhifa_for_government", .no_dn = 1,
     .authority = "平顶山市人民政府", .events = DECIDED("2023-04-28"),
     .basis_of = {{"nd.review",
                   "《地方各级人民代表大会和地方各级人民政府组织法》第七十五条；"
                   "国办发〔2018〕37号 二（六）；国办发〔2018〕115号 二（七）"}}},
    /* fair competition: 34号 to 2024-07-31, then 公平竞争条例, whose
     * article depends on the issuer */
    {"bases_in_force_on_decision_date/fair_competition_34", .no_dn = 1,
     .attrs = "'affects_market':true", .events = DECIDED("2024-07-31"),
     .basis_of = {{"nd.fair-competition",
                   "国发〔2016〕34号；《优化营商环境条例》第六十三条"}}},
    {"bases_in_force_on_decision_date/fair_competition_regulation",
     .no_dn = 1, .attrs = "'affects_market':true",
     .events = DECIDED("2024-08-01"),
     .basis_of = {{"nd.fair-competition",
                   "《公平竞争审查条例》第十四条、第十八条；"
                   "《优化营商环境条例》第六十三条"}}},
    {"bases_in_force_on_decision_date/fair_competition_bureau", .no_dn = 1,
     .authority = "平顶山市教育局", .attrs = "'affects_market':true",
     .events = DECIDED("2024-08-01"),
     .basis_of = {{"nd.fair-competition",
                   "《公平竞争审查条例》第十三条、第十八条；"
                   "《优化营商环境条例》第六十三条"}}},
    /* before 营商条例 (2020-01-01): 34号 alone */
    {"bases_in_force_on_decision_date/before_yingshang", .no_dn = 1,
     .attrs = "'affects_market':true", .events = DECIDED("2019-12-31"),
     .basis_of = {{"nd.fair-competition", "国发〔2016〕34号"}}},
    /* The decision date: the first collective decision; without one, the
     * first publication; without one, the latest dated event.  The first
     * decision, though a publication is listed first: */
    {"decision_date_fallbacks/publication_listed_first", .no_dn = 1,
     .events = "{'step':'publication','date':'2022-03-13'},"
               DECIDED("2022-03-11"),
     .basis_of = {{"nd.comment", "国办发〔2018〕37号 二（五）"}}},
    {"decision_date_fallbacks/first_decision", .no_dn = 1,
     .events = DECIDED("2022-03-14") "," DECIDED("2022-03-11"),
     .basis_of = {{"nd.comment", "国办发〔2018〕37号 二（五）"}}},
    /* no decision: the first publication */
    {"decision_date_fallbacks/first_publication", .no_dn = 1,
     .events = "{'step':'publication','date':'2022-04-01'},"
               "{'step':'publication','date':'2022-03-11'}",
     .basis_of = {{"nd.comment", "国办发〔2018〕37号 二（五）"}}},
    /* neither: the latest date of any event, an end included */
    {"decision_date_fallbacks/latest_end", .no_dn = 1,
     .events = "{'step':'public_comment','start':'2022-03-01',"
               "'end':'2022-03-11'}",
     .basis_of = {{"nd.review", "国办发〔2018〕37号 二（六）；"
                                "国办发〔2018〕115号 二（七）"}}},
    {"decision_date_fallbacks/latest_date", .no_dn = 1,
     .events = "{'step':'assessment','date':'2022-01-04'},"
               "{'step':'public_comment','start':'2022-03-01',"
               "'end':'2022-03-12'}",
     .basis_of = {{"nd.review",
                   "《地方各级人民代表大会和地方各级人民政府组织法》第七十五条；"
                   "国办发〔2018〕37号 二（六）；国办发〔2018〕115号 二（七）"}}},
    /* A rule none of whose bases is in force does not apply: in 2019 the
     * 30-day market comment rule (营商条例, 2020) gives way to nothing,
     * and before 37号 (2018-05-16) no comment is required by the
     * defaults. */
    {"rule_without_law_in_force_does_not_apply/market_2019",
     .attrs = "'affects_market':true",
     .events = "{'step':'public_comment','start':'2019-10-08',"
               "'end':'2019-10-21'}," DECIDED("2019-12-20"),
     .none = {"nd.comment-market-30d"}},
    {"rule_without_law_in_force_does_not_apply/market_2020",
     .attrs = "'affects_market':true",
     .events = "{'step':'public_comment','start':'2020-10-08',"
               "'end':'2020-10-21'}," DECIDED("2020-12-20"),
     .count = {{"nd.comment-market-30d", 1}}},
    {"rule_without_law_in_force_does_not_apply/before_37",
     .events = DECIDED("2018-05-15"),
     .none = {"nd.comment", "nd.review", "procedure.not-in-force"}},
    {"rule_without_law_in_force_does_not_apply/from_37",
     .events = DECIDED("2018-05-16"), .count = {{"nd.comment", 1}}},

    /* --- nd.doc-number, nd.doc-number-form ------------------------- */
    {"doc_number_missing_when_published", .no_dn = 1, .events = BASE,
     .one = {{ONE("nd.doc-number", DP_INCOMPLETE, DP_WARNING, "publication",
                  NULL, 4),
              .verified = NO}},
     .total = 1, .ok = YES},
    /* an empty one is none */
    {"doc_number_missing_when_published/empty", .dn = "", .events = BASE,
     .count = {{"nd.doc-number", 1}}},
    /* not published: nothing to number */
    {"doc_number_missing_when_published/not_published", .no_dn = 1,
     .events = E_ASSESS "," E_COMMENT "," E_REVIEW "," E_DECIDE,
     .none = {"nd.doc-number"}},
    {"doc_number_form_passes/city", .dn = "平政〔2022〕12号", .events = BASE,
     .clean = 1},
    {"doc_number_form_passes/state_council", .dn = "国办发〔2022〕1号",
     .events = BASE, .clean = 1},
    {"doc_number_form_passes/province", .dn = "豫政办〔2022〕120号",
     .events = BASE, .clean = 1},
/* GB/T 9704-2012 7.2.4 and records.md §7.9: a malformed doc number, the
 * message naming it and why */
#define BAD_DN(name_, dn_, why_)                                            \
  {"doc_number_form_fails/" name_, .dn = (dn_), .events = BASE,             \
   .one = {{ONE("nd.doc-number-form", DP_MALFORMED, DP_WARNING,             \
                "publication", NULL, 4),                                    \
            .en = {(dn_), (why_)}}},                                        \
   .total = 1}
    BAD_DN("square_brackets", "平政[2022]12号", "六角括号"),
    BAD_DN("parentheses", "平政(2022)12号", "六角括号"),
    BAD_DN("lenticular_brackets", "平政【2022】12号", "六角括号"),
    BAD_DN("fullwidth_parentheses", "平政（2022）12号", "六角括号"),
    BAD_DN("di", "平政〔2022〕第12号", "no 第"),
    BAD_DN("leading_zero", "平政〔2022〕012号", "leading zero"),
    BAD_DN("no_hao", "平政〔2022〕12", "end in 号"),
    BAD_DN("no_issuer_code", "〔2022〕12号", "机关代字"),
    BAD_DN("wrong_year", "平政〔2021〕12号",
           "the year 2021 is neither the year of the decision nor of the "
           "first publication"),
#undef BAD_DN
    /* §7.9, procedures.md v2: the year is that of the decision or of the
     * first publication (a December decision numbered that year and
     * published in January is lawful); the first publication is the
     * earliest, not the first listed.  Republished in 2023: the 2022
     * number still fits */
    {"doc_number_year_of_first_publication/republished",
     .events = BASE ",{'step':'publication','date':'2023-01-10'}",
     .none = {"nd.doc-number-form"}},
    /* the decision's year and the first publication's both fit */
    {"doc_number_year_of_first_publication/decision_year",
     .dn = "平政〔2021〕12号", .events = DEC21, .clean = 1},
    {"doc_number_year_of_first_publication/first_publication_year",
     .dn = "平政〔2022〕12号", .events = DEC21, .clean = 1},
    /* the year of a later publication (listed first) does not */
    {"doc_number_year_of_first_publication/later_publication_year",
     .dn = "平政〔2023〕12号", .events = DEC21,
     .one = {{ONE("nd.doc-number-form", DP_MALFORMED, DP_WARNING,
                  "publication", NULL, 5),
              .en = {"the year 2023 is neither"},
              .zh = {"年份2023与决定年份、首次公布年份均不一致"}}},
     .total = 1},
    {"doc_number_year_of_first_publication/earlier_year",
     .dn = "平政〔2020〕12号", .events = DEC21,
     .one = {{ONE("nd.doc-number-form", DP_MALFORMED, DP_WARNING,
                  "publication", NULL, 5)}}},
    /* not published: the form is checked, the year cannot be */
    {"doc_number_year_of_first_publication/unpublished_year",
     .dn = "平政〔2019〕12号", .events = E_ASSESS,
     .none = {"nd.doc-number-form"}},
    {"doc_number_year_of_first_publication/unpublished_form",
     .dn = "平政[2019]12号", .events = E_ASSESS,
     .one = {{ONE("nd.doc-number-form", DP_MALFORMED, DP_WARNING,
                  "publication", NULL, -1)}}},

    /* --- nd.filing, nd.filing-30d ---------------------------------- */
    {"filing_missing",
     .events = E_ASSESS "," E_COMMENT "," E_REVIEW "," E_DECIDE "," E_PUB,
     .one = {{ONE("nd.filing", DP_MISSING, DP_ERROR, "filing", NULL, -1)}},
     .none = {"nd.filing-30d"}, .total = 1},
    /* the deadline runs to the first filing after the publication:
     * none */
    {"filing_before_publication",
     .events = E_ASSESS "," E_COMMENT "," E_REVIEW "," E_DECIDE "," E_PUB
               ",{'step':'filing','date':'2022-05-01'}",
     .one = {{ONE("nd.filing", DP_OUT_OF_ORDER, DP_ERROR, "filing",
                  "publication", 5)}},
     .none = {"nd.filing-30d"}},
    {"filing_deadline_rolls_over_national_day", .dn = DN23,
     .events = Y23("{'step':'filing','date':'2023-10-07'}"), .clean = 1},
    {"filing_deadline_rolls_over_national_day/holiday", .dn = DN23,
     .events = Y23("{'step':'filing','date':'2023-10-05'}"), .clean = 1},
    {"filing_deadline_rolls_over_national_day/same_day", .dn = DN23,
     .events = Y23("{'step':'filing','date':'2023-09-05'}"), .clean = 1},
    /* v2: the default filing deadline is a warning (an overlay may make
     * it an error), and its basis is the filing regulation in force on
     * the decision date: in 2023 the 2001 one. */
    {"filing_after_rolled_deadline_overdue", .dn = DN23,
     .events = Y23("{'step':'filing','date':'2023-10-08'}"),
     .one = {{ONE("nd.filing-30d", DP_OVERDUE, DP_WARNING, "filing",
                  "publication", 5),
              .en = {"it was on 2023-10-08, late",
                     "within 30 days after publication (2023-09-05)",
                     "the last day 2023-10-05 was a rest day, so 2023-10-07"},
              .zh = {"自公开发布之日（2023年9月5日）起30日内备案",
                     "期限届满日2023年10月5日为休息日，顺延至10月7日",
                     "实际备案日期2023年10月8日，逾期"},
              .en_lacks = "cover",
              .basis = "《法规规章备案条例》第三条（规章的期限，作为缺省值）",
              .verified = NO}},
     .total = 1, .ok = YES},
    /* §7.2: from the first publication to the first filing after it; a
     * second publication does not restart the deadline */
    {"filing_deadline_first_publication_first_filing", .dn = DN23,
     .events = Y23("{'step':'publication','date':'2023-09-20'},"
                   "{'step':'filing','date':'2023-10-08'}"),
     .one = {{ONE("nd.filing-30d", DP_OVERDUE, DP_WARNING, "filing",
                  "publication", 6),
              .en = {"2023-09-05"}}}},
    /* the first filing was in time: a later one does not matter, in
     * whatever order they are listed */
    {"filing_deadline_first_publication_first_filing/later_filing",
     .dn = DN23,
     .events = Y23("{'step':'filing','date':'2023-12-01'},"
                   "{'step':'filing','date':'2023-09-10'}"),
     .none = {"nd.filing-30d"}},
    /* a filing before the publication is not the one after it */
    {"filing_deadline_first_publication_first_filing/late", .dn = DN23,
     .events = Y23("{'step':'filing','date':'2023-10-20'}"),
     .count = {{"nd.filing-30d", 1}}},
    {"filing_deadline_first_publication_first_filing/filed_before",
     .dn = DN23,
     .events = Y23_BEFORE "{'step':'filing','date':'2023-09-01'}," Y23_PUB
               ",{'step':'filing','date':'2023-10-20'}",
     .one = {{ONE("nd.filing-30d", DP_OVERDUE, DP_WARNING, "filing",
                  "publication", 6)}}},
    /* 2027-03-01 + 30 = 2027-03-31, a Wednesday; decided (first
     * published) in 2027: the 2024 regulation */
    {"filing_deadline_uncovered_year", .dn = "平政〔2027〕1号",
     .events = "{'step':'publication','date':'2027-03-01'},"
               "{'step':'filing','date':'2027-04-01'}",
     .one = {{ONE("nd.filing-30d", DP_OVERDUE, DP_WARNING, "filing",
                  "publication", 1),
              .en = {"by 2027-03-31; it was on 2027-04-01",
                     "does not cover 2027"},
              .zh = {"期限届满日为2027年3月31日"},
              .basis = "《法规规章备案审查条例》第四条（规章的期限，作为缺省值）"}}},
    {"filing_deadline_undated_publication", .dn = DN23,
     .events = Y23_BEFORE "{'step':'publication'},"
               "{'step':'filing','date':'2023-10-08'}",
     .one = {{ONE("nd.filing-30d", DP_INCOMPLETE, DP_WARNING, "filing",
                  "publication", -1)}}},

    /* --- nd.order-early -------------------------------------------- */
    {"assessment_after_comment_start",
     .events = "{'step':'assessment','date':'2022-03-10'}," E_COMMENT
               "," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE,
     .one = {{ONE("nd.order-early", DP_OUT_OF_ORDER, DP_WARNING,
                  "public_comment", "assessment", 1)}},
     .total = 1, .ok = YES},
    {"comment_ends_after_review_starts",
     .events = E_ASSESS ",{'step':'public_comment','start':'2022-03-02',"
               "'end':'2022-04-08'}," E_REVIEW "," E_DECIDE "," E_PUB
               "," E_FILE,
     .one = {{ONE("nd.order-early", DP_OUT_OF_ORDER, DP_ERROR,
                  "legality_review", "public_comment", 2)}},
     .ok = NO},
    {"comment_review_same_day",
     .events = E_ASSESS ",{'step':'public_comment','start':'2022-03-02',"
               "'end':'2022-04-06'}," E_REVIEW "," E_DECIDE "," E_PUB
               "," E_FILE,
     .clean = 1},
    {"comment_review_same_day/listed_after",
     .events = E_ASSESS "," E_REVIEW ",{'step':'public_comment',"
               "'start':'2022-03-02','end':'2022-04-06'}," E_DECIDE "," E_PUB
               "," E_FILE,
     .one = {{ONE("nd.order-early", DP_OUT_OF_ORDER, DP_ERROR,
                  "legality_review", "public_comment", 1)}}},
    /* §7.2: every comment period must end before the review starts. */
    {"each_comment_before_review",
     .events = BASE ",{'step':'public_comment','start':'2022-04-10',"
               "'end':'2022-04-20'}",
     .one = {{ONE("nd.order-early", DP_OUT_OF_ORDER, DP_ERROR,
                  "legality_review", "public_comment", 2)}}},
    /* a second review after the late comment answers it */
    {"each_comment_before_review/second_review",
     .events = BASE ",{'step':'public_comment','start':'2022-04-10',"
               "'end':'2022-04-20'},{'step':'legality_review',"
               "'start':'2022-04-21','end':'2022-04-27'}",
     .none = {"nd.order-early"}},
    /* Times order the events of one day (records.md §5). */
    {"date_times_order_same_day",
     .events = E_ASSESS "," E_COMMENT ",{'step':'legality_review',"
               "'start':'2022-04-20','end':'2022-04-28T15:00:00'},"
               "{'step':'collective_decision','date':'2022-04-28T09:30:00',"
               "'meeting':'常务会议'}," E_PUB "," E_FILE,
     .one = {{ONE("nd.review-before-decision", DP_OUT_OF_ORDER, DP_ERROR,
                  "collective_decision", "legality_review", 3)}}},
    /* no time on the decision: the order of events decides */
    {"date_times_order_same_day/no_time_on_decision",
     .events = E_ASSESS "," E_COMMENT "," E_DECIDE
               ",{'step':'legality_review','start':'2022-04-20',"
               "'end':'2022-04-28T08:00:00'}," E_PUB "," E_FILE,
     .count = {{"nd.review-before-decision", 1}}},
    {"date_times_order_same_day/times_decide",
     .events = E_ASSESS "," E_COMMENT ",{'step':'collective_decision',"
               "'date':'2022-04-28T16:00:00','meeting':'常务会议'},"
               "{'step':'legality_review','start':'2022-04-20',"
               "'end':'2022-04-28T08:00:00'}," E_PUB "," E_FILE,
     .none = {"nd.review-before-decision"}},

    /* --- bad and missing data (records.md §7.5) -------------------- */
    /* the decision happened (no nd.decision, no order findings); the
     * deadline that runs from its date (nd.publication-20wd) says it
     * cannot be checked, as deadline rules do for an undated step;
     * Chinese counts events from 1 */
    {"impossible_date_malformed_step_counts",
     .events = E_ASSESS "," E_COMMENT "," E_REVIEW
               ",{'step':'collective_decision','date':'2022-02-30',"
               "'meeting':'常务会议'}," E_PUB "," E_FILE,
     .one = {{ONE("record.date", DP_MALFORMED, DP_ERROR, NULL, NULL, 3),
              .en_is = "events[3].date: invalid date '2022-02-30'",
              .zh = {"第4项事件", "“2022-02-30”"},
              .zh_lacks = "第3项"},
             {ONE("nd.publication-20wd", DP_INCOMPLETE, DP_WARNING,
                  "publication", "collective_decision", -1)}},
     .none = {"nd.decision", "nd.decision-before-publication"}, .total = 2,
     .ok = NO},
    /* a date in neither form */
    {"impossible_date_malformed_step_counts/neither_form",
     .events = E_ASSESS "," E_COMMENT "," E_REVIEW
               ",{'step':'collective_decision','date':'28/04/2022',"
               "'meeting':'常务会议'}," E_PUB "," E_FILE,
     .one = {{ONE("record.date", DP_MALFORMED, DP_ERROR, NULL, NULL, 3),
              .en = {"invalid date '28/04/2022'"}}},
     .count = {{"nd.publication-20wd", 1}}, .total = 2},
    /* the comment happened: not missing; its length is not checked */
    {"end_before_start_malformed",
     .events = E_ASSESS ",{'step':'public_comment','start':'2022-04-01',"
               "'end':'2022-03-02'}," E_REVIEW "," E_DECIDE "," E_PUB
               "," E_FILE,
     .one = {{ONE("record.date", DP_MALFORMED, DP_ERROR, NULL, NULL, 1),
              .en = {"events[1].end"}}},
     .total = 1},
    {"unknown_step_malformed_warning",
     .events = BASE ",{'step':'drafting_x','date':'2022-02-01'}",
     .one = {{ONE("record.step", DP_MALFORMED, DP_WARNING, NULL, NULL, 6),
              .en_is = "events[6].step: unknown step 'drafting_x'",
              .zh_is = "第7项事件的步骤“drafting_x”无法识别"}},
     .total = 1, .ok = YES},
    /* drafting is a step of v2 (steps.rules): known, and no rule of the
     * procedure reads it */
    {"unknown_step_malformed_warning/drafting",
     .events = BASE ",{'step':'drafting','date':'2022-02-01'}", .clean = 1},
    /* ignored otherwise: an unknown step does not stand in for a known
     * one */
    {"unknown_step_malformed_warning/misspelt_assessment",
     .events = "{'step':'assesment','date':'2022-03-01'}," E_COMMENT
               "," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE,
     .count = {{"record.step", 1}, {"nd.assessment", 1}}},
    {"unmapped_label_malformed_warning",
     .events = BASE ",{'label':'领导签批','date':'2022-05-07'}",
     .one = {{ONE("record.label", DP_MALFORMED, DP_WARNING, NULL, NULL, 6),
              .en = {"领导签批"}}},
     .total = 1},
    /* neither step nor label */
    {"unmapped_label_malformed_warning/neither",
     .events = BASE ",{'date':'2022-05-07'}",
     .one = {{ONE("record.step", DP_MALFORMED, DP_WARNING, NULL, NULL, 6)}}},
    /* "technical": "yes" would require an expert review if it counted */
    {"non_boolean_attribute_counts_false", .attrs = "'technical':'yes'",
     .events = BASE,
     .one = {{ONE("record.attribute", DP_MALFORMED, DP_WARNING, NULL, NULL,
                  -1),
              .en = {"attributes.technical"}}},
     .none = {"nd.expert"}, .total = 1},
    /* 1 is not true either: the 30-day market minimum does not apply,
     * the 7-working-day one does */
    {"non_boolean_attribute_counts_false/one", .attrs = "'affects_market':1",
     .events = E_ASSESS ",{'step':'public_comment','start':'2022-03-02',"
               "'end':'2022-03-04'}," E_REVIEW "," E_DECIDE "," E_PUB
               "," E_FILE,
     .count = {{"record.attribute", 1}, {"nd.comment-7wd", 1}},
     .none = {"nd.comment-market-30d", "nd.fair-competition"}},
    {"event_without_dates", .events = BASE ",{'step':'archiving'}",
     .one = {{ONE("record.date", DP_MALFORMED, DP_WARNING, NULL, NULL, 6)}},
     .total = 1},
};

#define NCASES ((int)(sizeof cases / sizeof cases[0]))

/* Check the record of row c and return its report. */
static dp_report *check_row(const nd_case *c) {
  char sq[8192], dnf[256] = "", auf[256] = "";
  const char *dn = c->no_dn ? NULL : c->dn ? c->dn : DN;
  if (dn)
    snprintf(dnf, sizeof dnf, "'doc_number':'%s',", dn);
  if (c->authority)
    snprintf(auf, sizeof auf, "'authority':'%s',", c->authority);
  int n = snprintf(sq, sizeof sq,
                   "{'id':'nd-t','procedure':'normative_document',"
                   "'title':'办法',%s%s'attributes':{%s},'events':[%s]}",
                   auf, dnf, c->attrs ? c->attrs : "", c->events);
  ck_assert_msg(n > 0 && (size_t)n < sizeof sq, "%s: record too long",
                c->name);
  return want_report(eng, c->name, sq);
}

/* Row _i of the table. */
START_TEST(row) {
  const nd_case *c = &cases[_i];
  dp_report *rep = check_row(c);
  want_head(c->name, rep, "nd-t", "normative_document", c->one, 2);
  for (size_t k = 0; k < 4 && c->none[k]; k++)
    ck_assert_msg(dp_test_count(rep, c->none[k]) == 0,
                  "%s: unexpected finding of %s:%s", c->name, c->none[k],
                  dp_test_dump(rep));
  for (size_t k = 0; k < 2 && c->count[k].rule; k++)
    ck_assert_msg(dp_test_count(rep, c->count[k].rule) == c->count[k].n,
                  "%s: %zu findings of %s, not %zu:%s", c->name,
                  dp_test_count(rep, c->count[k].rule), c->count[k].rule,
                  c->count[k].n, dp_test_dump(rep));
  for (size_t k = 0; k < 1 && c->basis_of[k].rule; k++) {
    const dp_finding *f = dp_test_find(rep, c->basis_of[k].rule, -1);
    ck_assert_msg(f != NULL, "%s: no finding of %s:%s", c->name,
                  c->basis_of[k].rule, dp_test_dump(rep));
    ck_assert_msg(strcmp(dp_finding_basis(f), c->basis_of[k].basis) == 0,
                  "%s: basis of %s '%s', not '%s'", c->name,
                  c->basis_of[k].rule, dp_finding_basis(f),
                  c->basis_of[k].basis);
  }
  if (c->clean)
    ck_assert_msg(dp_report_count(rep) == 0, "%s: findings:%s", c->name,
                  dp_test_dump(rep));
  if (c->total)
    ck_assert_msg(dp_report_count(rep) == (size_t)c->total,
                  "%s: %zu findings, not %d:%s", c->name,
                  dp_report_count(rep), c->total, dp_test_dump(rep));
  if (c->ok != ANY)
    ck_assert_msg(dp_report_ok(rep) == (c->ok == YES), "%s: ok is %d",
                  c->name, dp_report_ok(rep));
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * One-off tests
 * ------------------------------------------------------------------- */

/* §7.2: both comment periods short: two findings, one per event, the
 * first about the first. */
START_TEST(two_short_comments_two_findings) {
  dp_report *rep = dp_test_check(
      eng, "{'id':'nd-t','procedure':'normative_document','title':'办法',"
           "'doc_number':'" DN "','attributes':{},'events':["
           E_ASSESS ",{'step':'public_comment','start':'2022-03-02',"
           "'end':'2022-03-03'}," E_REVIEW "," E_DECIDE "," E_PUB "," E_FILE
           ",{'step':'public_comment','start':'2022-03-28',"
           "'end':'2022-03-30'}]}");
  ck_assert_uint_eq(dp_test_count(rep, "nd.comment-7wd"), 2);
  ck_assert_int_eq(dp_finding_event(dp_test_find(rep, "nd.comment-7wd", -1)),
                   1);
  dp_report_free(rep);
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
  tcase_add_loop_test(tc, row, 0, NCASES);
  tcase_add_test(tc, row_names_unique);
  tcase_add_test(tc, two_short_comments_two_findings);
  tcase_add_test(tc, options_procedure);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(nd_suite()); }

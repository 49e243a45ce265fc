/*
 * check_engine_md.c - every rule of procedures.md table B
 * (major_decision) on the default engine: for each key a record that
 * passes and one that fails, with the edge cases of records.md §7.
 *
 * Most tests are rows of one table, `cases` below: a record (authority,
 * attributes, events) and what its report must hold.  The loop test
 * `row` runs each; every failure message starts with the row's name.
 * The few tests that do something else stay functions at the end.
 *
 * Records are JSON with ' for " (util.h dp_test_sq).  The base record
 * below passes every rule; each row changes one thing.
 */
#define DP_TEST_ENGINE_FIXTURE
#include "util.h"
#include "want.h"


/* The base events; their indices in BASE are fixed. */
#define E_COMMENT                                                            \
  "{'step':'public_comment','start':'2022-03-01','end':'2022-03-30'}" /* 0 */
#define E_REVIEW                                                             \
  "{'step':'legality_review','start':'2022-04-06','end':'2022-04-15',"      \
  "'result':'pass'}"                                                  /* 1 */
#define E_DECIDE                                                             \
  "{'step':'collective_decision','date':'2022-04-28',"                      \
  "'meeting':'市政府第15次常务会议'}"                                 /* 2 */
#define E_PUB "{'step':'publication','date':'2022-05-06'}"            /* 3 */
#define E_ARCHIVE "{'step':'archiving','date':'2022-06-01'}"          /* 4 */
#define BASE E_COMMENT "," E_REVIEW "," E_DECIDE "," E_PUB "," E_ARCHIVE
/* inputs, each ending before the review */
#define E_HEARING "{'step':'hearing','date':'2022-03-20'}"
#define E_EXPERT "{'step':'expert_review','date':'2022-03-21','signed':true}"
#define E_RISK                                                               \
  "{'step':'risk_assessment','date':'2022-03-22','result':'controllable'}"
#define E_FCR "{'step':'fair_competition_review','date':'2022-03-23'}"

/* The base events with `first` in place of the public comment. */
#define INSTEAD_OF_COMMENT(first)                                            \
  first "," E_REVIEW "," E_DECIDE "," E_PUB "," E_ARCHIVE

/* The base events with the risk assessment `risk` after the comment. */
#define WITH_RISK(risk)                                                      \
  E_COMMENT "," risk "," E_REVIEW "," E_DECIDE "," E_PUB "," E_ARCHIVE

/* The same, the risk assessment's result being `result`. */
#define RISK_RESULT(result)                                                  \
  WITH_RISK("{'step':'risk_assessment','date':'2022-03-22','result':'"      \
            result "'}")

#define RISK_BAD                                                             \
  "{'step':'risk_assessment','date':'2022-03-22','result':'uncontrollable'}"

/* The base events with another legality review. */
#define REVIEW_EVENTS(review)                                                \
  E_COMMENT "," review "," E_DECIDE "," E_PUB "," E_ARCHIVE

/* The same, with the collective decision on `date`. */
#define REVIEW_DECIDED(review, date)                                         \
  E_COMMENT "," review ",{'step':'collective_decision','date':'" date "',"  \
  "'meeting':'常务会议'}," E_PUB "," E_ARCHIVE
#define SHORT_REVIEW                                                         \
  "{'step':'legality_review','start':'2022-04-06','end':'2022-04-08'}"

/* The base events, the decision's event ending with `m` (its meeting or
 * label, after a comma; "" for none). */
#define DECIDE_AT(m)                                                         \
  E_COMMENT "," E_REVIEW ",{'step':'collective_decision','date':'2022-04-28'" \
  m "}," E_PUB "," E_ARCHIVE

#define B713 "《重大行政决策程序暂行条例》"

/* ---------------------------------------------------------------------
 * The table
 * ------------------------------------------------------------------- */

/* A record and what its report holds.  The record is a major decision
 * "md-t" of `authority` (NULL: none) with these attributes (the inside
 * of the object) and events (the inside of the array). */
typedef struct {
  const char *name;
  const char *authority;
  const char *attrs, *events;
  int clean;  /* 1: no finding at all */
  int total;  /* > 0: this many findings in all */
  int ok;     /* dp_report_ok: YES, NO, ANY */
  want one[2];            /* exactly one finding of each */
  const char *none[2];    /* no finding of these rules */
  struct {
    const char *rule;
    size_t n;
  } count[2];             /* this many findings of a rule */
} md_case;

/* md.inputs-before-review, for an input step s: three rows. */
#define INPUT_ROWS(s)                                                        \
  /* the input ends 2022-04-08, two days into the review */                 \
  {"input_after_review_start/" s,                                           \
   .events = BASE ",{'step':'" s "','start':'2022-03-01',"                  \
             "'end':'2022-04-08','signed':true}",                           \
   .one = {{ONE("md.inputs-before-review", DP_OUT_OF_ORDER, DP_ERROR,       \
                "legality_review", s, 1),                                   \
            .en = {"2022-04-08"}}}},                                        \
  /* ends the day the review starts, listed before it */                    \
  {"input_before_review_passes/" s,                                         \
   .events = E_COMMENT ",{'step':'" s "','start':'2022-03-01',"             \
             "'end':'2022-04-06','signed':true}," E_REVIEW "," E_DECIDE     \
             "," E_PUB "," E_ARCHIVE,                                       \
   .clean = 1},                                                             \
  /* the same day, listed after the review: too late */                     \
  {"input_before_review_passes/" s "/listed_after",                         \
   .events = E_COMMENT "," E_REVIEW ",{'step':'" s "',"                     \
             "'start':'2022-03-01','end':'2022-04-06','signed':true},"      \
             E_DECIDE "," E_PUB "," E_ARCHIVE,                              \
   .count = {{"md.inputs-before-review", 1}}}

static const md_case cases[] = {
    /* --- the base record ------------------------------------------- */
    {"base_passes_every_rule", .events = BASE, .clean = 1, .ok = YES},
    /* every attribute that adds a requirement, with the steps it needs */
    {"base_passes_every_rule/all_attributes",
     .attrs = "'hearing_required':true,'technical':true,"
              "'stability_risk':true,'affects_market':true",
     .events = BASE "," E_HEARING "," E_EXPERT "," E_RISK "," E_FCR,
     .clean = 1},

    /* --- md.comment ------------------------------------------------ */
    {"comment_missing",
     .events = E_REVIEW "," E_DECIDE "," E_PUB "," E_ARCHIVE,
     .one = {{ONE("md.comment", DP_MISSING, DP_ERROR, "public_comment", NULL,
                  -1),
              .basis = B713 "第十四条"}},
     .none = {"md.comment-30d", "md.inputs-before-review"}, .total = 1},
    /* v2: a consultation (座谈会 …) or a hearing is hearing the public */
    {"comment_other_forms/consultation",
     .events = INSTEAD_OF_COMMENT("{'step':'consultation',"
                                  "'date':'2022-03-10'}"),
     .clean = 1},
    {"comment_other_forms/hearing",
     .events = INSTEAD_OF_COMMENT("{'step':'hearing','date':'2022-03-10'}"),
     .clean = 1},
    {"comment_other_forms/forum_label",
     .events = INSTEAD_OF_COMMENT("{'label':'召开座谈会听取意见',"
                                  "'date':'2022-03-10'}"),
     .clean = 1},
    {"comment_other_forms/survey_label",
     .events = INSTEAD_OF_COMMENT("{'label':'开展问卷调查',"
                                  "'date':'2022-03-10'}"),
     .clean = 1},
    /* a department consultation is not */
    {"comment_other_forms/department_consultation",
     .events = INSTEAD_OF_COMMENT("{'step':'department_consultation',"
                                  "'date':'2022-03-10'}"),
     .one = {{ONE("md.comment", DP_MISSING, DP_ERROR, "public_comment", NULL,
                  -1),
              .zh = {"未听取社会公众意见"},
              .en = {"the public was not heard"}}},
     .total = 1},
    {"comment_other_forms/department_consultation_label",
     .events = INSTEAD_OF_COMMENT("{'label':'征求市发改委等部门意见',"
                                  "'date':'2022-03-10'}"),
     .one = {{ONE("md.comment", DP_MISSING, DP_ERROR, "public_comment", NULL,
                  -1),
              .zh = {"未听取社会公众意见"},
              .en = {"the public was not heard"}}},
     .total = 1},
    /* a consultation has no minimum length; only public comment has */
    {"comment_other_forms/consultation_no_minimum",
     .events = INSTEAD_OF_COMMENT("{'step':'consultation',"
                                  "'start':'2022-03-10','end':'2022-03-11'}"),
     .clean = 1},
    {"confidential_needs_no_comment_nor_publication",
     .attrs = "'confidential':true",
     .events = E_REVIEW "," E_DECIDE "," E_ARCHIVE, .clean = 1},

    /* --- md.comment-30d -------------------------------------------- */
    /* 03-01..03-30: 30 days */
    {"comment_30_days_passes", .events = BASE, .none = {"md.comment-30d"}},
    {"comment_29_days_too_short",
     .events = INSTEAD_OF_COMMENT("{'step':'public_comment',"
                                  "'start':'2022-03-01','end':'2022-03-29'}"),
     .one = {{ONE("md.comment-30d", DP_TOO_SHORT, DP_ERROR, "public_comment",
                  NULL, 0),
              .en = {"29 days, less than 30 days"}}},
     .total = 1},
    {"comment_urgent_reason", .attrs = "'urgent':true",
     .events = INSTEAD_OF_COMMENT("{'step':'public_comment',"
                                  "'start':'2022-03-01','end':'2022-03-10',"
                                  "'reason':'突发公共卫生事件'}"),
     .clean = 1},
    /* urgent, but the comment event states no reason */
    {"comment_urgent_reason/no_reason", .attrs = "'urgent':true",
     .events = INSTEAD_OF_COMMENT("{'step':'public_comment',"
                                  "'start':'2022-03-01','end':'2022-03-10'}"),
     .one = {{ONE("md.comment-30d", DP_TOO_SHORT, DP_ERROR, "public_comment",
                  NULL, 0)}}},
    {"comment_confidential_held_anyway", .attrs = "'confidential':true",
     .events = "{'step':'public_comment','start':'2022-03-01',"
               "'end':'2022-03-10'}," E_REVIEW "," E_DECIDE "," E_ARCHIVE,
     .one = {{ONE("md.comment-30d", DP_TOO_SHORT, DP_ERROR, "public_comment",
                  NULL, 0)}}},
    {"comment_date_only_incomplete",
     .events = INSTEAD_OF_COMMENT("{'step':'public_comment',"
                                  "'date':'2022-03-30'}"),
     .one = {{ONE("md.comment-30d", DP_INCOMPLETE, DP_WARNING,
                  "public_comment", NULL, 0)}},
     .ok = YES},

    /* --- md.hearing ------------------------------------------------ */
    {"hearing_missing", .attrs = "'hearing_required':true", .events = BASE,
     .one = {{ONE("md.hearing", DP_MISSING, DP_ERROR, "hearing", NULL, -1)}},
     .total = 1},
    /* not required: no hearing needed */
    {"hearing_missing/not_required", .events = BASE, .none = {"md.hearing"}},
    {"hearing_after_review", .attrs = "'hearing_required':true",
     .events = BASE ",{'step':'hearing','date':'2022-04-07'}",
     .one = {{ONE("md.hearing", DP_OUT_OF_ORDER, DP_ERROR, "legality_review",
                  "hearing", 1)},
             /* the inputs rule says the same in its own terms */
             {ONE("md.inputs-before-review", DP_OUT_OF_ORDER, DP_ERROR,
                  "legality_review", "hearing", 1)}}},
    /* the day the review starts, listed before it: in time */
    {"hearing_after_review/same_day_listed_before",
     .attrs = "'hearing_required':true",
     .events = E_COMMENT ",{'step':'hearing','date':'2022-04-06'}," E_REVIEW
               "," E_DECIDE "," E_PUB "," E_ARCHIVE,
     .clean = 1},

    /* --- md.expert ------------------------------------------------- */
    {"expert_missing_or_unsigned", .attrs = "'technical':true",
     .events = BASE,
     .one = {{ONE("md.expert", DP_MISSING, DP_ERROR, "expert_review", NULL,
                  -1)}}},
    /* v2: `signed` absent is not recorded, so not known: a warning */
    {"expert_missing_or_unsigned/signed_absent", .attrs = "'technical':true",
     .events = BASE "," E_EXPERT ",{'step':'expert_review',"
               "'date':'2022-03-25'}",
     .one = {{ONE("md.expert", DP_INCOMPLETE, DP_WARNING, "expert_review",
                  NULL, 6),
              .zh = {"专家论证（2022年3月25日）未记载专家署名情况"},
              .en = {"does not record its signature"}}},
     .ok = YES},
    /* `signed: false`: the opinion was not signed and sealed, an error */
    {"expert_missing_or_unsigned/signed_false", .attrs = "'technical':true",
     .events = BASE "," E_EXPERT ",{'step':'expert_review',"
               "'date':'2022-03-25','signed':false}",
     .one = {{ONE("md.expert", DP_INCOMPLETE, DP_ERROR, "expert_review",
                  NULL, 6),
              .zh = {"专家论证（2022年3月25日）缺少专家署名"},
              .basis = B713 "第十九条"}},
     .ok = NO},
    {"expert_signed_passes", .attrs = "'technical':true",
     .events = BASE "," E_EXPERT, .clean = 1},

    /* --- md.risk --------------------------------------------------- */
    {"risk_missing", .attrs = "'stability_risk':true", .events = BASE,
     .one = {{ONE("md.risk", DP_MISSING, DP_ERROR, "risk_assessment", NULL,
                  -1)}}},
    {"risk_missing/done", .attrs = "'stability_risk':true",
     .events = BASE "," E_RISK, .clean = 1},

    /* --- md.risk-controllable -------------------------------------- */
    {"decision_after_uncontrollable_risk", .attrs = "'stability_risk':true",
     .events = WITH_RISK(RISK_BAD),
     .one = {{ONE("md.risk-controllable", DP_AFTER_REJECTION, DP_ERROR,
                  "collective_decision", "risk_assessment", 3),
              .en = {"uncontrollable"}}},
     .none = {"md.risk"}, /* it still counts as done */
     .total = 1},
    {"later_controllable_risk_passes", .attrs = "'stability_risk':true",
     .events = WITH_RISK(RISK_BAD ",{'step':'risk_assessment',"
                         "'date':'2022-04-01','result':'controllable'}"),
     .clean = 1},
    /* a risk assessment without result counts as not failed */
    {"later_controllable_risk_passes/no_result",
     .events = WITH_RISK("{'step':'risk_assessment','date':'2022-03-22'}"),
     .clean = 1},
    /* v2: an uncontrollable risk is cured by a risk_mitigation (调整决策
     * 草案 …) recorded before the decision, not after it. */
    {"risk_mitigation_cures_uncontrollable",
     .attrs = "'stability_risk':true",
     .events = WITH_RISK(RISK_BAD ",{'step':'risk_mitigation',"
                         "'date':'2022-03-28'}"),
     .clean = 1},
    /* from a label, the result in Chinese words */
    {"risk_mitigation_cures_uncontrollable/label",
     .events = WITH_RISK("{'step':'risk_assessment','date':'2022-03-22',"
                         "'result':'风险不可控'},"
                         "{'label':'根据评估意见调整决策草案',"
                         "'date':'2022-03-25'}"),
     .clean = 1},
    /* measures taken after the decision cure nothing */
    {"risk_mitigation_cures_uncontrollable/after_decision",
     .events = E_COMMENT "," RISK_BAD "," E_REVIEW "," E_DECIDE
               ",{'step':'risk_mitigation','date':'2022-04-29'}," E_PUB
               "," E_ARCHIVE,
     .one = {{ONE("md.risk-controllable", DP_AFTER_REJECTION, DP_ERROR,
                  "collective_decision", "risk_assessment", 3),
              .zh = {"风险评估认为风险不可控（2022年3月22日），"
                     "未采取措施确保风险可控即作出决策（2022年4月28日）"},
              .basis = B713 "第二十四条"}}},
    /* v2: results are a vocabulary.  A word of no class is a malformed
     * warning (record.result), and a veto rule that reads it says it
     * cannot tell (incomplete warning); a known word in any class
     * works. */
    {"risk_result_vocabulary", .events = RISK_RESULT("高风险"),
     .one = {{ONE("record.result", DP_MALFORMED, DP_WARNING, NULL, NULL, 1),
              .en = {"events[1].result: '高风险' is not a known result"},
              .zh = {"第2项事件的结果“高风险”无法识别",
                     "风险不可控"}}, /* the words accepted */
             {ONE("md.risk-controllable", DP_INCOMPLETE, DP_WARNING,
                  "collective_decision", "risk_assessment", 3),
              .en = {"not recognised"}}},
     .total = 2, .ok = YES},
    {"risk_result_vocabulary/low_risk_zh", .events = RISK_RESULT("低风险"),
     .clean = 1},
    {"risk_result_vocabulary/controllable_zh", .events = RISK_RESULT("可控"),
     .clean = 1},
    {"risk_result_vocabulary/capitalised",
     .events = RISK_RESULT("Controllable"), .clean = 1},
    {"risk_result_vocabulary/spaces_around",
     .events = RISK_RESULT(" controllable "), .clean = 1},
    {"risk_result_vocabulary/uncontrollable_zh", .events = RISK_RESULT("不可控"),
     .count = {{"md.risk-controllable", 1}}, .total = 1},
    {"risk_result_vocabulary/upper_case",
     .events = RISK_RESULT("UNCONTROLLABLE"),
     .count = {{"md.risk-controllable", 1}}, .total = 1},
    /* §7.8: the failing result may come from the label. */
    {"uncontrollable_from_label",
     .events = WITH_RISK("{'label':'社会稳定风险评估结论：不可控',"
                         "'date':'2022-03-22'}"),
     .one = {{ONE("md.risk-controllable", DP_AFTER_REJECTION, DP_ERROR,
                  "collective_decision", "risk_assessment", 3)}}},
    /* a result given on the event wins over the label */
    {"uncontrollable_from_label/result_wins",
     .events = WITH_RISK("{'label':'社会稳定风险评估结论：不可控',"
                         "'date':'2022-03-22','result':'controllable'}"),
     .none = {"md.risk-controllable"}},

    /* --- md.fair-competition --------------------------------------- */
    {"fcr_missing", .attrs = "'affects_market':true", .events = BASE,
     .one = {{ONE("md.fair-competition", DP_MISSING, DP_ERROR,
                  "fair_competition_review", NULL, -1)}}},
    {"fcr_missing/done", .attrs = "'affects_market':true",
     .events = BASE "," E_FCR, .clean = 1},

    /* --- md.inputs-before-review, for each input step --------------- */
    INPUT_ROWS("public_comment"),
    INPUT_ROWS("hearing"),
    INPUT_ROWS("expert_review"),
    INPUT_ROWS("risk_assessment"),
    INPUT_ROWS("fair_competition_review"),
    /* Both must be present: no review, no ordering finding. */
    {"inputs_without_review",
     .events = E_COMMENT "," E_HEARING "," E_DECIDE "," E_PUB "," E_ARCHIVE,
     .one = {{ONE("md.review", DP_MISSING, DP_ERROR, "legality_review", NULL,
                  -1)}},
     .none = {"md.inputs-before-review", "md.review-before-decision"},
     .total = 1},

    /* --- md.review-before-decision --------------------------------- */
    /* listed after the decision but dated before it: in order */
    {"review_after_decision",
     .events = E_COMMENT "," E_DECIDE "," E_REVIEW "," E_PUB "," E_ARCHIVE,
     .clean = 1},
    {"review_after_decision/dated_after",
     .events = E_COMMENT ",{'step':'legality_review','start':'2022-04-29',"
               "'end':'2022-05-12'}," E_DECIDE ",{'step':'publication',"
               "'date':'2022-05-16'}," E_ARCHIVE,
     .one = {{ONE("md.review-before-decision", DP_OUT_OF_ORDER, DP_ERROR,
                  "collective_decision", "legality_review", 2)}}},

    /* --- md.review-passed ------------------------------------------ */
    {"decision_after_failed_review",
     .events = REVIEW_EVENTS("{'step':'legality_review',"
                             "'start':'2022-04-06','end':'2022-04-15',"
                             "'result':'fail'}"),
     .one = {{ONE("md.review-passed", DP_AFTER_REJECTION, DP_ERROR,
                  "collective_decision", "legality_review", 2)}},
     .total = 1},
    /* a later passing review before the decision lifts it */
    {"decision_after_failed_review/later_pass",
     .events = REVIEW_EVENTS("{'step':'legality_review',"
                             "'start':'2022-04-06','end':'2022-04-15',"
                             "'result':'fail'},"
                             "{'step':'legality_review',"
                             "'start':'2022-04-18','end':'2022-04-27',"
                             "'result':'pass'}"),
     .clean = 1},
    {"failed_review_from_label",
     .events = REVIEW_EVENTS("{'label':'合法性审查意见：不合法',"
                             "'start':'2022-04-06','end':'2022-04-15'}"),
     .one = {{ONE("md.review-passed", DP_AFTER_REJECTION, DP_ERROR,
                  "collective_decision", "legality_review", 2)}}},
    {"failed_review_from_label/not_passed",
     .events = REVIEW_EVENTS("{'label':'合法性审查未通过',"
                             "'start':'2022-04-06','end':'2022-04-15'}"),
     .count = {{"md.review-passed", 1}}},

    /* --- md.review-7wd (v2) ---------------------------------------- */
    /* The time the reviewer was given, from the review's start through
     * the day before the collective decision; a review that concludes
     * sooner is lawful.  Given 2022-04-06..04-14: 04-06, 07, 08, 11, 12,
     * 13, 14 */
    {"review_7wd", .events = REVIEW_DECIDED(SHORT_REVIEW, "2022-04-15"),
     .clean = 1},
    /* a review of 6 working days two weeks before the decision: lawful */
    {"review_7wd/concluded_sooner",
     .events = REVIEW_EVENTS("{'step':'legality_review',"
                             "'start':'2022-04-06','end':'2022-04-13'}"),
     .clean = 1},
    /* decided 04-14: given 04-06..04-13, 6 working days */
    {"review_7wd/six_days_given",
     .events = REVIEW_DECIDED(SHORT_REVIEW, "2022-04-14"),
     .one = {{ONE("md.review-7wd", DP_TOO_SHORT, DP_WARNING,
                  "legality_review", "collective_decision", 1),
              .en = {"from 2022-04-06 to the day before collective decision "
                     "(2022-04-13): 6 working days given, less than 7 "
                     "working days"},
              /* the step titles of 713号 */
              .zh = {"合法性审查自2022年4月6日开始，"
                     "至集体讨论决定前一日（2022年4月13日）"
                     "共6个工作日，给予的时间少于7个工作日"},
              .basis = B713 "第二十六条"}},
     .total = 1, .ok = YES},
    {"review_7wd_date_only",
     .events = REVIEW_EVENTS("{'step':'legality_review',"
                             "'date':'2022-04-15'}"),
     .one = {{ONE("md.review-7wd", DP_INCOMPLETE, DP_WARNING,
                  "legality_review", NULL, 1)}}},

    /* --- md.decision: a 常务会议 or 全体会议 (§7.7) ------------------- */
    {"decision_missing",
     .events = E_COMMENT "," E_REVIEW "," E_PUB "," E_ARCHIVE,
     .one = {{ONE("md.decision", DP_MISSING, DP_ERROR, "collective_decision",
                  NULL, -1)}},
     .none = {"md.decision-before-publication"}, .total = 1},
    {"decision_qualifying_meetings/numbered",
     .events = DECIDE_AT(",'meeting':'市政府第15次常务会议'"), .clean = 1},
    {"decision_qualifying_meetings/executive",
     .events = DECIDE_AT(",'meeting':'常务会议'"), .clean = 1},
    {"decision_qualifying_meetings/plenary",
     .events = DECIDE_AT(",'meeting':'县人民政府全体会议'"), .clean = 1},
    {"decision_qualifying_meetings/label",
     .events = DECIDE_AT(",'label':'市政府第15次常务会议审议通过'"),
     .clean = 1},
    {"decision_office_meeting_incomplete",
     .events = DECIDE_AT(",'meeting':'办公会议'"),
     .one = {{ONE("md.decision", DP_INCOMPLETE, DP_ERROR,
                  "collective_decision", NULL, 2),
              .en = {"'办公会议'"}, .zh = {"办公会议"}}},
     .total = 1},
    /* the meeting a label names is checked the same way */
    {"decision_office_meeting_incomplete/label",
     .events = DECIDE_AT(",'label':'区长办公会议研究决定'"),
     .one = {{ONE("md.decision", DP_INCOMPLETE, DP_ERROR,
                  "collective_decision", NULL, 2),
              .en = {"'区长办公会议'"}}}},
    /* v2: a department's (or a township's, 第四十二条 参照执行) decision
     * is discussed at its leadership meeting; a topical meeting never
     * counts. */
    {"decision_department_meetings/bureau", .authority = "平顶山市教育局",
     .events = DECIDE_AT(",'meeting':'局务会议'"), .clean = 1},
    {"decision_department_meetings/bureau_office",
     .authority = "平顶山市教育局",
     .events = DECIDE_AT(",'meeting':'局长办公会议'"), .clean = 1},
    {"decision_department_meetings/township",
     .authority = "新华区焦店镇人民政府",
     .events = DECIDE_AT(",'meeting':'党政联席会议'"), .clean = 1},
    /* with no authority, the issuer attribute says department */
    {"decision_department_meetings/issuer_department",
     .attrs = "'issuer':'department'",
     .events = DECIDE_AT(",'meeting':'办公会议'"), .clean = 1},
    {"decision_department_meetings/topical", .authority = "平顶山市教育局",
     .events = DECIDE_AT(",'meeting':'局长专题会议'"),
     .one = {{ONE("md.decision", DP_INCOMPLETE, DP_ERROR,
                  "collective_decision", NULL, 2),
              .zh = {"领导班子会议", "“局长专题会议”不符合要求"}}}},
    /* a government's topical meeting neither */
    {"decision_department_meetings/government_topical",
     .authority = "平顶山市人民政府",
     .events = DECIDE_AT(",'meeting':'市政府专题会议'"),
     .one = {{ONE("md.decision", DP_INCOMPLETE, DP_ERROR,
                  "collective_decision", NULL, 2),
              .zh = {"应经常务会议或者全体会议讨论"}}}},
    {"decision_no_meeting_incomplete", .events = DECIDE_AT(""),
     .one = {{ONE("md.decision", DP_INCOMPLETE, DP_ERROR,
                  "collective_decision", NULL, 2),
              .en = {"names no meeting"}}}},
    /* a label that maps to the step but names no meeting */
    {"decision_no_meeting_incomplete/label",
     .events = DECIDE_AT(",'label':'集体讨论决定'"),
     .one = {{ONE("md.decision", DP_INCOMPLETE, DP_ERROR,
                  "collective_decision", NULL, 2)}}},

    /* --- md.decision-before-publication, md.publication ------------ */
    {"publication_before_decision",
     .events = E_COMMENT "," E_REVIEW "," E_DECIDE
               ",{'step':'publication','date':'2022-04-27'}," E_ARCHIVE,
     .one = {{ONE("md.decision-before-publication", DP_OUT_OF_ORDER,
                  DP_ERROR, "publication", "collective_decision", 3)}},
     .total = 1},
    {"publication_missing",
     .events = E_COMMENT "," E_REVIEW "," E_DECIDE "," E_ARCHIVE,
     .one = {{ONE("md.publication", DP_MISSING, DP_ERROR, "publication",
                  NULL, -1)}},
     .total = 1},
    {"publication_missing/confidential", .attrs = "'confidential':true",
     .events = E_REVIEW "," E_DECIDE "," E_ARCHIVE,
     .none = {"md.publication"}},

    /* --- md.archiving: a warning ----------------------------------- */
    {"archiving_missing_warning",
     .events = E_COMMENT "," E_REVIEW "," E_DECIDE "," E_PUB,
     .one = {{ONE("md.archiving", DP_MISSING, DP_WARNING, "archiving", NULL,
                  -1)}},
     .total = 1, .ok = YES},

    /* --- procedures.md §0 ------------------------------------------ */
    /* A major decision decided before 713号 came into force (2019-09-01)
     * gets one incomplete warning and nothing else from the procedure,
     * however little it did. */
    {"not_in_force_before_713",
     .attrs = "'technical':true,'stability_risk':true",
     .events = "{'step':'collective_decision','date':'2019-08-31',"
               "'meeting':'专题会议'},{'step':'legality_review',"
               "'start':'2019-08-29','end':'2019-08-30','result':'fail'}",
     .one = {{ONE("procedure.not-in-force", DP_INCOMPLETE, DP_WARNING, NULL,
                  NULL, -1),
              .zh = {"2019年8月31日", B713, "2019年9月1日"},
              .en = {"2019-08-31", "2019-09-01"},
              .basis_has = {"重大行政决策程序暂行条例"}}},
     .total = 1, .ok = YES},
    /* without a decision, the first publication dates it */
    {"not_in_force_before_713/publication_dates_it",
     .events = "{'step':'publication','date':'2018-06-01'}",
     .count = {{"procedure.not-in-force", 1}}, .total = 1},
    /* the record's own data findings are still made */
    {"not_in_force_before_713/data_findings_made",
     .events = "{'step':'collective_decision','date':'2018-04-28',"
               "'meeting':'常务会议'},{'step':'drafting_x',"
               "'date':'2018-01-05'}",
     .count = {{"procedure.not-in-force", 1}, {"record.step", 1}},
     .total = 2},
    /* from 2019-09-01 the procedure applies */
    {"not_in_force_before_713/in_force_from_2019_09_01",
     .events = "{'step':'collective_decision','date':'2019-09-01',"
               "'meeting':'常务会议'}",
     .none = {"procedure.not-in-force"},
     .count = {{"md.review", 1}, {"md.comment", 1}}},
};

#define NCASES ((int)(sizeof cases / sizeof cases[0]))

/* Check the record of row c and return its report. */
static dp_report *check_row(const md_case *c) {
  char sq[8192], auf[256] = "";
  if (c->authority)
    snprintf(auf, sizeof auf, "'authority':'%s',", c->authority);
  int n = snprintf(sq, sizeof sq,
                   "{'id':'md-t','procedure':'major_decision',"
                   "'title':'决策',%s'attributes':{%s},'events':[%s]}",
                   auf, c->attrs ? c->attrs : "", c->events);
  ck_assert_msg(n > 0 && (size_t)n < sizeof sq, "%s: record too long",
                c->name);
  return want_report(eng, c->name, sq);
}

/* Row _i of the table. */
START_TEST(row) {
  const md_case *c = &cases[_i];
  dp_report *rep = check_row(c);
  want_head(c->name, rep, "md-t", "major_decision", c->one, 2);
  for (size_t k = 0; k < 2 && c->none[k]; k++)
    ck_assert_msg(dp_test_count(rep, c->none[k]) == 0,
                  "%s: unexpected finding of %s:%s", c->name, c->none[k],
                  dp_test_dump(rep));
  for (size_t k = 0; k < 2 && c->count[k].rule; k++)
    ck_assert_msg(dp_test_count(rep, c->count[k].rule) == c->count[k].n,
                  "%s: %zu findings of %s, not %zu:%s", c->name,
                  dp_test_count(rep, c->count[k].rule), c->count[k].rule,
                  c->count[k].n, dp_test_dump(rep));
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

/* A normative document's rules do not apply to a major decision: of the
 * attributes both procedures read, only the major decision's rules
 * speak. */
START_TEST(no_nd_rules_on_md) {
  const md_case c = {"no_nd_rules_on_md",
                     .attrs = "'affects_market':true,'technical':true",
                     .events = BASE};
  dp_report *rep = check_row(&c);
  for (size_t i = 0; i < dp_report_count(rep); i++)
    ck_assert_msg(strncmp(dp_finding_rule(dp_report_finding(rep, i)), "md.",
                          3) == 0,
                  "%s", dp_test_dump(rep));
  /* md.expert and md.fair-competition */
  ck_assert_uint_eq(dp_report_count(rep), 2);
  dp_report_free(rep);
}
END_TEST

static Suite *md_suite(void) {
  Suite *s = suite_create("engine_md");
  TCase *tc = tcase_create("md");
  tcase_add_unchecked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, row, 0, NCASES);
  tcase_add_test(tc, row_names_unique);
  tcase_add_test(tc, no_nd_rules_on_md);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(md_suite()); }

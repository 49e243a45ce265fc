/*
 * check_engine_md.c - every rule of procedures.md table B
 * (major_decision) on the default engine: for each key a record that
 * passes and one that fails, with the edge cases of records.md §7.
 */
#define DP_TEST_ENGINE_FIXTURE
#include "util.h"


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

/* A major decision of this authority (NULL: none). */
static dp_report *md_by(const char *authority, const char *attrs,
                        const char *events) {
  static char buf[8192];
  char auf[256] = "";
  if (authority)
    snprintf(auf, sizeof auf, "'authority':'%s',", authority);
  snprintf(buf, sizeof buf,
           "{'id':'md-t','procedure':'major_decision','title':'决策',%s"
           "'attributes':{%s},'events':[%s]}",
           auf, attrs, events);
  return dp_test_check(eng, buf);
}

static dp_report *md(const char *attrs, const char *events) {
  return md_by(NULL, attrs, events);
}

#define ck_assert_clean(rep)                                              \
  ck_assert_msg(dp_report_count(rep) == 0, "findings:%s", dp_test_dump(rep))

START_TEST(base_passes_every_rule) {
  dp_report *rep = md("", BASE);
  ck_assert_clean(rep);
  ck_assert(dp_report_ok(rep));
  ck_assert_str_eq(dp_report_procedure(rep), "major_decision");
  dp_report_free(rep);
  rep = md("'hearing_required':true,'technical':true,'stability_risk':true,"
           "'affects_market':true",
           BASE "," E_HEARING "," E_EXPERT "," E_RISK "," E_FCR);
  ck_assert_clean(rep);
  dp_report_free(rep);
}
END_TEST

/* md.comment */
START_TEST(comment_missing) {
  const dp_finding *f;
  dp_report *rep = md("", E_REVIEW "," E_DECIDE "," E_PUB "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.comment", DP_MISSING, DP_ERROR,
                        "public_comment", NULL, -1);
  ck_assert_no_finding(rep, "md.comment-30d");
  ck_assert_no_finding(rep, "md.inputs-before-review");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  ck_assert_str_eq(dp_finding_basis(f), "《重大行政决策程序暂行条例》第十四条");
  dp_report_free(rep);
}
END_TEST

/* v2: a consultation (座谈会 …) or a hearing is hearing the public; a
 * department consultation is not. */
START_TEST(comment_other_forms) {
  const dp_finding *f;
  static const char *const heard[] = {
      "{'step':'consultation','date':'2022-03-10'}",
      "{'step':'hearing','date':'2022-03-10'}",
      "{'label':'召开座谈会听取意见','date':'2022-03-10'}",
      "{'label':'开展问卷调查','date':'2022-03-10'}",
  };
  char ev[2048];
  for (size_t i = 0; i < sizeof heard / sizeof heard[0]; i++) {
    snprintf(ev, sizeof ev, "%s,%s,%s,%s,%s", heard[i], E_REVIEW, E_DECIDE,
             E_PUB, E_ARCHIVE);
    dp_report *rep = md("", ev);
    ck_assert_msg(dp_report_count(rep) == 0, "%s:%s", heard[i],
                  dp_test_dump(rep));
    dp_report_free(rep);
  }
  static const char *const not_heard[] = {
      "{'step':'department_consultation','date':'2022-03-10'}",
      "{'label':'征求市发改委等部门意见','date':'2022-03-10'}",
  };
  for (size_t i = 0; i < sizeof not_heard / sizeof not_heard[0]; i++) {
    snprintf(ev, sizeof ev, "%s,%s,%s,%s,%s", not_heard[i], E_REVIEW,
             E_DECIDE, E_PUB, E_ARCHIVE);
    dp_report *rep = md("", ev);
    ck_assert_one_finding(f, rep, "md.comment", DP_MISSING, DP_ERROR,
                          "public_comment", NULL, -1);
    ck_assert_msg_has(f, DP_LANG_ZH, "未听取社会公众意见");
    ck_assert_msg_has(f, DP_LANG_EN, "the public was not heard");
    ck_assert_uint_eq(dp_report_count(rep), 1);
    dp_report_free(rep);
  }
  /* a consultation has no minimum length; only public comment has */
  dp_report *rep = md("", "{'step':'consultation','start':'2022-03-10',"
                          "'end':'2022-03-11'}," E_REVIEW "," E_DECIDE
                          "," E_PUB "," E_ARCHIVE);
  ck_assert_clean(rep);
  dp_report_free(rep);
}
END_TEST

START_TEST(confidential_needs_no_comment_nor_publication) {
  dp_report *rep = md("'confidential':true",
                      E_REVIEW "," E_DECIDE "," E_ARCHIVE);
  ck_assert_clean(rep);
  dp_report_free(rep);
}
END_TEST

/* md.comment-30d */
START_TEST(comment_30_days_passes) {
  dp_report *rep = md("", BASE); /* 03-01..03-30: 30 days */
  ck_assert_no_finding(rep, "md.comment-30d");
  dp_report_free(rep);
}
END_TEST

START_TEST(comment_29_days_too_short) {
  const dp_finding *f;
  dp_report *rep = md("", "{'step':'public_comment','start':'2022-03-01',"
                          "'end':'2022-03-29'}," E_REVIEW "," E_DECIDE
                          "," E_PUB "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.comment-30d", DP_TOO_SHORT, DP_ERROR,
                        "public_comment", NULL, 0);
  ck_assert_msg_has(f, DP_LANG_EN, "29 days, less than 30 days");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
}
END_TEST

START_TEST(comment_urgent_reason) {
  const dp_finding *f;
  dp_report *rep = md("'urgent':true",
                      "{'step':'public_comment','start':'2022-03-01',"
                      "'end':'2022-03-10','reason':'突发公共卫生事件'},"
                      E_REVIEW "," E_DECIDE "," E_PUB "," E_ARCHIVE);
  ck_assert_clean(rep);
  dp_report_free(rep);
  /* urgent, but the comment event states no reason */
  rep = md("'urgent':true", "{'step':'public_comment','start':'2022-03-01',"
                            "'end':'2022-03-10'}," E_REVIEW "," E_DECIDE
                            "," E_PUB "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.comment-30d", DP_TOO_SHORT, DP_ERROR,
                        "public_comment", NULL, 0);
  dp_report_free(rep);
}
END_TEST

START_TEST(comment_confidential_held_anyway) {
  const dp_finding *f;
  dp_report *rep = md("'confidential':true",
                      "{'step':'public_comment','start':'2022-03-01',"
                      "'end':'2022-03-10'}," E_REVIEW "," E_DECIDE
                      "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.comment-30d", DP_TOO_SHORT, DP_ERROR,
                        "public_comment", NULL, 0);
  dp_report_free(rep);
}
END_TEST

START_TEST(comment_date_only_incomplete) {
  const dp_finding *f;
  dp_report *rep = md("", "{'step':'public_comment','date':'2022-03-30'},"
                          E_REVIEW "," E_DECIDE "," E_PUB "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.comment-30d", DP_INCOMPLETE, DP_WARNING,
                        "public_comment", NULL, 0);
  ck_assert(dp_report_ok(rep));
  dp_report_free(rep);
}
END_TEST

/* md.hearing */
START_TEST(hearing_missing) {
  const dp_finding *f;
  dp_report *rep = md("'hearing_required':true", BASE);
  ck_assert_one_finding(f, rep, "md.hearing", DP_MISSING, DP_ERROR, "hearing",
                        NULL, -1);
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
  rep = md("", BASE);
  ck_assert_no_finding(rep, "md.hearing");
  dp_report_free(rep);
}
END_TEST

START_TEST(hearing_after_review) {
  const dp_finding *f;
  dp_report *rep = md("'hearing_required':true",
                      BASE ",{'step':'hearing','date':'2022-04-07'}");
  ck_assert_one_finding(f, rep, "md.hearing", DP_OUT_OF_ORDER, DP_ERROR,
                        "legality_review", "hearing", 1);
  /* the inputs rule says the same in its own terms */
  ck_assert_one_finding(f, rep, "md.inputs-before-review", DP_OUT_OF_ORDER,
                        DP_ERROR, "legality_review", "hearing", 1);
  dp_report_free(rep);
  /* the day the review starts, listed before it: in time */
  rep = md("'hearing_required':true",
           E_COMMENT ",{'step':'hearing','date':'2022-04-06'}," E_REVIEW
           "," E_DECIDE "," E_PUB "," E_ARCHIVE);
  ck_assert_clean(rep);
  dp_report_free(rep);
}
END_TEST

/* md.expert */
START_TEST(expert_missing_or_unsigned) {
  const dp_finding *f;
  dp_report *rep = md("'technical':true", BASE);
  ck_assert_one_finding(f, rep, "md.expert", DP_MISSING, DP_ERROR,
                        "expert_review", NULL, -1);
  dp_report_free(rep);
  /* v2: `signed` absent is not recorded, so not known: a warning */
  rep = md("'technical':true",
           BASE "," E_EXPERT ",{'step':'expert_review','date':'2022-03-25'}");
  ck_assert_one_finding(f, rep, "md.expert", DP_INCOMPLETE, DP_WARNING,
                        "expert_review", NULL, 6);
  ck_assert_msg_has(f, DP_LANG_ZH, "专家论证（2022年3月25日）未记载专家署名情况");
  ck_assert_msg_has(f, DP_LANG_EN, "does not record its signature");
  ck_assert(dp_report_ok(rep));
  dp_report_free(rep);
  /* `signed: false`: the opinion was not signed and sealed, an error */
  rep = md("'technical':true", BASE "," E_EXPERT
           ",{'step':'expert_review','date':'2022-03-25','signed':false}");
  ck_assert_one_finding(f, rep, "md.expert", DP_INCOMPLETE, DP_ERROR,
                        "expert_review", NULL, 6);
  ck_assert_msg_has(f, DP_LANG_ZH, "专家论证（2022年3月25日）缺少专家署名");
  ck_assert_str_eq(dp_finding_basis(f), "《重大行政决策程序暂行条例》第十九条");
  ck_assert(!dp_report_ok(rep));
  dp_report_free(rep);
}
END_TEST

START_TEST(expert_signed_passes) {
  dp_report *rep = md("'technical':true", BASE "," E_EXPERT);
  ck_assert_clean(rep);
  dp_report_free(rep);
}
END_TEST

/* md.risk */
START_TEST(risk_missing) {
  const dp_finding *f;
  dp_report *rep = md("'stability_risk':true", BASE);
  ck_assert_one_finding(f, rep, "md.risk", DP_MISSING, DP_ERROR,
                        "risk_assessment", NULL, -1);
  dp_report_free(rep);
  rep = md("'stability_risk':true", BASE "," E_RISK);
  ck_assert_clean(rep);
  dp_report_free(rep);
}
END_TEST

/* md.risk-controllable */
#define RISK_BAD                                                             \
  "{'step':'risk_assessment','date':'2022-03-22','result':'uncontrollable'}"

START_TEST(decision_after_uncontrollable_risk) {
  const dp_finding *f;
  dp_report *rep = md("'stability_risk':true",
                      E_COMMENT "," RISK_BAD "," E_REVIEW "," E_DECIDE "," E_PUB
                      "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.risk-controllable", DP_AFTER_REJECTION,
                        DP_ERROR, "collective_decision", "risk_assessment", 3);
  ck_assert_msg_has(f, DP_LANG_EN, "uncontrollable");
  ck_assert_no_finding(rep, "md.risk"); /* it still counts as done */
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
}
END_TEST

START_TEST(later_controllable_risk_passes) {
  dp_report *rep = md("'stability_risk':true",
                      E_COMMENT "," RISK_BAD
                      ",{'step':'risk_assessment','date':'2022-04-01',"
                      "'result':'controllable'}," E_REVIEW "," E_DECIDE
                      "," E_PUB "," E_ARCHIVE);
  ck_assert_clean(rep);
  dp_report_free(rep);
  /* a risk assessment without result counts as not failed */
  rep = md("", E_COMMENT ",{'step':'risk_assessment','date':'2022-03-22'},"
               E_REVIEW "," E_DECIDE "," E_PUB "," E_ARCHIVE);
  ck_assert_clean(rep);
  dp_report_free(rep);
}
END_TEST

/* v2: an uncontrollable risk is cured by a risk_mitigation (调整决策草案
 * …) recorded before the decision, not after it. */
START_TEST(risk_mitigation_cures_uncontrollable) {
  const dp_finding *f;
  dp_report *rep = md("'stability_risk':true",
                      E_COMMENT "," RISK_BAD ",{'step':'risk_mitigation',"
                      "'date':'2022-03-28'}," E_REVIEW "," E_DECIDE "," E_PUB
                      "," E_ARCHIVE);
  ck_assert_clean(rep);
  dp_report_free(rep);
  /* from a label, the result in Chinese words */
  rep = md("", E_COMMENT ",{'step':'risk_assessment','date':'2022-03-22',"
               "'result':'风险不可控'},{'label':'根据评估意见调整决策草案',"
               "'date':'2022-03-25'}," E_REVIEW "," E_DECIDE "," E_PUB
               "," E_ARCHIVE);
  ck_assert_clean(rep);
  dp_report_free(rep);
  /* measures taken after the decision cure nothing */
  rep = md("", E_COMMENT "," RISK_BAD "," E_REVIEW "," E_DECIDE
               ",{'step':'risk_mitigation','date':'2022-04-29'}," E_PUB
               "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.risk-controllable", DP_AFTER_REJECTION,
                        DP_ERROR, "collective_decision", "risk_assessment", 3);
  ck_assert_msg_has(f, DP_LANG_ZH, "风险评估认为风险不可控（2022年3月22日），"
                                   "未采取措施确保风险可控即作出决策"
                                   "（2022年4月28日）");
  ck_assert_str_eq(dp_finding_basis(f), "《重大行政决策程序暂行条例》第二十四条");
  dp_report_free(rep);
}
END_TEST

/* v2: results are a vocabulary.  A word of no class is a malformed
 * warning (record.result), and a veto rule that reads it says it cannot
 * tell (incomplete warning); a known word in any class works. */
START_TEST(risk_result_vocabulary) {
  const dp_finding *f;
  dp_report *rep = md("", E_COMMENT ",{'step':'risk_assessment','date':"
                          "'2022-03-22','result':'高风险'}," E_REVIEW
                          "," E_DECIDE "," E_PUB "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "record.result", DP_MALFORMED, DP_WARNING,
                        NULL, NULL, 1);
  ck_assert_msg_has(f, DP_LANG_EN, "events[1].result: '高风险' is not a known "
                                   "result");
  ck_assert_msg_has(f, DP_LANG_ZH, "第2项事件的结果“高风险”无法识别");
  ck_assert_msg_has(f, DP_LANG_ZH, "风险不可控"); /* the words accepted */
  ck_assert_one_finding(f, rep, "md.risk-controllable", DP_INCOMPLETE,
                        DP_WARNING, "collective_decision", "risk_assessment",
                        3);
  ck_assert_msg_has(f, DP_LANG_EN, "not recognised");
  ck_assert_uint_eq(dp_report_count(rep), 2);
  ck_assert(dp_report_ok(rep));
  dp_report_free(rep);
  static const char *const ok_words[] = {"低风险", "可控", "Controllable",
                                         " controllable "};
  char ev[2048];
  for (size_t i = 0; i < sizeof ok_words / sizeof ok_words[0]; i++) {
    snprintf(ev, sizeof ev,
             "%s,{'step':'risk_assessment','date':'2022-03-22','result':"
             "'%s'},%s,%s,%s,%s",
             E_COMMENT, ok_words[i], E_REVIEW, E_DECIDE, E_PUB, E_ARCHIVE);
    rep = md("", ev);
    ck_assert_msg(dp_report_count(rep) == 0, "'%s':%s", ok_words[i],
                  dp_test_dump(rep));
    dp_report_free(rep);
  }
  static const char *const bad_words[] = {"不可控", "UNCONTROLLABLE"};
  for (size_t i = 0; i < sizeof bad_words / sizeof bad_words[0]; i++) {
    snprintf(ev, sizeof ev,
             "%s,{'step':'risk_assessment','date':'2022-03-22','result':"
             "'%s'},%s,%s,%s,%s",
             E_COMMENT, bad_words[i], E_REVIEW, E_DECIDE, E_PUB, E_ARCHIVE);
    rep = md("", ev);
    ck_assert_msg(dp_test_count(rep, "md.risk-controllable") == 1 &&
                      dp_report_count(rep) == 1,
                  "'%s':%s", bad_words[i], dp_test_dump(rep));
    dp_report_free(rep);
  }
}
END_TEST

/* §7.8: the failing result may come from the label. */
START_TEST(uncontrollable_from_label) {
  const dp_finding *f;
  dp_report *rep = md("", E_COMMENT ",{'label':'社会稳定风险评估结论：不可控',"
                          "'date':'2022-03-22'}," E_REVIEW "," E_DECIDE
                          "," E_PUB "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.risk-controllable", DP_AFTER_REJECTION,
                        DP_ERROR, "collective_decision", "risk_assessment", 3);
  dp_report_free(rep);
  /* a result given on the event wins over the label */
  rep = md("", E_COMMENT ",{'label':'社会稳定风险评估结论：不可控',"
               "'date':'2022-03-22','result':'controllable'},"
               E_REVIEW "," E_DECIDE "," E_PUB "," E_ARCHIVE);
  ck_assert_no_finding(rep, "md.risk-controllable");
  dp_report_free(rep);
}
END_TEST

/* md.fair-competition */
START_TEST(fcr_missing) {
  const dp_finding *f;
  dp_report *rep = md("'affects_market':true", BASE);
  ck_assert_one_finding(f, rep, "md.fair-competition", DP_MISSING, DP_ERROR,
                        "fair_competition_review", NULL, -1);
  dp_report_free(rep);
  rep = md("'affects_market':true", BASE "," E_FCR);
  ck_assert_clean(rep);
  dp_report_free(rep);
}
END_TEST

/* md.inputs-before-review, for each input step. */
static const char *const inputs[] = {"public_comment", "hearing",
                                     "expert_review", "risk_assessment",
                                     "fair_competition_review"};

START_TEST(input_after_review_start) {
  const dp_finding *f;
  const char *s = inputs[_i];
  char ev[2048];
  /* the input ends 2022-04-08, two days into the review */
  snprintf(ev, sizeof ev,
           E_COMMENT "," E_REVIEW "," E_DECIDE "," E_PUB "," E_ARCHIVE
                     ",{'step':'%s','start':'2022-03-01','end':'2022-04-08',"
                     "'signed':true}",
           s);
  dp_report *rep = md("", ev);
  ck_assert_one_finding(f, rep, "md.inputs-before-review", DP_OUT_OF_ORDER,
                        DP_ERROR, "legality_review", s, 1);
  ck_assert_msg_has(f, DP_LANG_EN, "2022-04-08");
  dp_report_free(rep);
}
END_TEST

START_TEST(input_before_review_passes) {
  const char *s = inputs[_i];
  char ev[2048];
  /* ends the day the review starts, listed before it */
  snprintf(ev, sizeof ev,
           E_COMMENT ",{'step':'%s','start':'2022-03-01','end':'2022-04-06',"
                     "'signed':true}," E_REVIEW "," E_DECIDE "," E_PUB
                     "," E_ARCHIVE,
           s);
  dp_report *rep = md("", ev);
  ck_assert_clean(rep);
  dp_report_free(rep);
  /* the same day, listed after the review: too late */
  snprintf(ev, sizeof ev,
           E_COMMENT "," E_REVIEW ",{'step':'%s','start':'2022-03-01',"
                     "'end':'2022-04-06','signed':true}," E_DECIDE "," E_PUB
                     "," E_ARCHIVE,
           s);
  rep = md("", ev);
  ck_assert_uint_eq(dp_test_count(rep, "md.inputs-before-review"), 1);
  dp_report_free(rep);
}
END_TEST

/* Both must be present: no review, no ordering finding. */
START_TEST(inputs_without_review) {
  const dp_finding *f;
  dp_report *rep = md("", E_COMMENT "," E_HEARING "," E_DECIDE "," E_PUB
                          "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.review", DP_MISSING, DP_ERROR,
                        "legality_review", NULL, -1);
  ck_assert_no_finding(rep, "md.inputs-before-review");
  ck_assert_no_finding(rep, "md.review-before-decision");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
}
END_TEST

/* md.review-before-decision */
START_TEST(review_after_decision) {
  const dp_finding *f;
  dp_report *rep = md("", E_COMMENT "," E_DECIDE "," E_REVIEW "," E_PUB
                          "," E_ARCHIVE);
  /* listed after the decision but dated before it: in order */
  ck_assert_clean(rep);
  dp_report_free(rep);
  rep = md("", E_COMMENT ",{'step':'legality_review','start':'2022-04-29',"
               "'end':'2022-05-12'}," E_DECIDE ",{'step':'publication',"
               "'date':'2022-05-16'}," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.review-before-decision", DP_OUT_OF_ORDER,
                        DP_ERROR, "collective_decision", "legality_review", 2);
  dp_report_free(rep);
}
END_TEST

/* md.review-passed */
START_TEST(decision_after_failed_review) {
  const dp_finding *f;
  dp_report *rep = md("", E_COMMENT ",{'step':'legality_review',"
                          "'start':'2022-04-06','end':'2022-04-15',"
                          "'result':'fail'}," E_DECIDE "," E_PUB "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.review-passed", DP_AFTER_REJECTION,
                        DP_ERROR, "collective_decision", "legality_review", 2);
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
  /* a later passing review before the decision lifts it */
  rep = md("", E_COMMENT ",{'step':'legality_review','start':'2022-04-06',"
               "'end':'2022-04-15','result':'fail'},"
               "{'step':'legality_review','start':'2022-04-18',"
               "'end':'2022-04-27','result':'pass'}," E_DECIDE "," E_PUB
               "," E_ARCHIVE);
  ck_assert_clean(rep);
  dp_report_free(rep);
}
END_TEST

START_TEST(failed_review_from_label) {
  const dp_finding *f;
  dp_report *rep = md("", E_COMMENT ",{'label':'合法性审查意见：不合法',"
                          "'start':'2022-04-06','end':'2022-04-15'},"
                          E_DECIDE "," E_PUB "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.review-passed", DP_AFTER_REJECTION,
                        DP_ERROR, "collective_decision", "legality_review", 2);
  dp_report_free(rep);
  rep = md("", E_COMMENT ",{'label':'合法性审查未通过','start':'2022-04-06',"
               "'end':'2022-04-15'}," E_DECIDE "," E_PUB "," E_ARCHIVE);
  ck_assert_uint_eq(dp_test_count(rep, "md.review-passed"), 1);
  dp_report_free(rep);
}
END_TEST

/* md.review-7wd (v2): the time the reviewer was given, from the review's
 * start through the day before the collective decision; a review that
 * concludes sooner is lawful. */
#define REVIEW_DECIDED(review, date)                                         \
  E_COMMENT "," review ",{'step':'collective_decision','date':'" date "',"  \
  "'meeting':'常务会议'}," E_PUB "," E_ARCHIVE
#define SHORT_REVIEW                                                         \
  "{'step':'legality_review','start':'2022-04-06','end':'2022-04-08'}"

START_TEST(review_7wd) {
  const dp_finding *f;
  /* given 2022-04-06..04-14: 04-06, 07, 08, 11, 12, 13, 14 */
  dp_report *rep = md("", REVIEW_DECIDED(SHORT_REVIEW, "2022-04-15"));
  ck_assert_clean(rep);
  dp_report_free(rep);
  /* a review of 6 working days two weeks before the decision: lawful */
  rep = md("", E_COMMENT ",{'step':'legality_review','start':'2022-04-06',"
               "'end':'2022-04-13'}," E_DECIDE "," E_PUB "," E_ARCHIVE);
  ck_assert_clean(rep);
  dp_report_free(rep);
  /* decided 04-14: given 04-06..04-13, 6 working days */
  rep = md("", REVIEW_DECIDED(SHORT_REVIEW, "2022-04-14"));
  ck_assert_one_finding(f, rep, "md.review-7wd", DP_TOO_SHORT, DP_WARNING,
                        "legality_review", "collective_decision", 1);
  ck_assert_msg_has(f, DP_LANG_EN,
                    "from 2022-04-06 to the day before collective decision "
                    "(2022-04-13): 6 working days given, less than 7 working "
                    "days");
  /* the step titles of 713号 */
  ck_assert_msg_has(f, DP_LANG_ZH, "合法性审查自2022年4月6日开始，"
                                   "至集体讨论决定前一日（2022年4月13日）"
                                   "共6个工作日，给予的时间少于7个工作日");
  ck_assert_str_eq(dp_finding_basis(f), "《重大行政决策程序暂行条例》第二十六条");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  ck_assert(dp_report_ok(rep));
  dp_report_free(rep);
}
END_TEST

START_TEST(review_7wd_date_only) {
  const dp_finding *f;
  dp_report *rep = md("", E_COMMENT ",{'step':'legality_review',"
                          "'date':'2022-04-15'}," E_DECIDE "," E_PUB
                          "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.review-7wd", DP_INCOMPLETE, DP_WARNING,
                        "legality_review", NULL, 1);
  dp_report_free(rep);
}
END_TEST

/* md.decision: a 常务会议 or 全体会议 (§7.7) */
#define DECIDE_AT(m)                                                         \
  E_COMMENT "," E_REVIEW ",{'step':'collective_decision','date':'2022-04-28'" \
  m "}," E_PUB "," E_ARCHIVE

START_TEST(decision_missing) {
  const dp_finding *f;
  dp_report *rep = md("", E_COMMENT "," E_REVIEW "," E_PUB "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.decision", DP_MISSING, DP_ERROR,
                        "collective_decision", NULL, -1);
  ck_assert_no_finding(rep, "md.decision-before-publication");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
}
END_TEST

START_TEST(decision_qualifying_meetings) {
  static const char *const ok[] = {
      DECIDE_AT(",'meeting':'市政府第15次常务会议'"),
      DECIDE_AT(",'meeting':'常务会议'"),
      DECIDE_AT(",'meeting':'县人民政府全体会议'"),
      DECIDE_AT(",'label':'市政府第15次常务会议审议通过'"),
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    dp_report *rep = md("", ok[i]);
    ck_assert_msg(dp_report_count(rep) == 0, "%zu:%s", i, dp_test_dump(rep));
    dp_report_free(rep);
  }
}
END_TEST

START_TEST(decision_office_meeting_incomplete) {
  const dp_finding *f;
  dp_report *rep = md("", DECIDE_AT(",'meeting':'办公会议'"));
  ck_assert_one_finding(f, rep, "md.decision", DP_INCOMPLETE, DP_ERROR,
                        "collective_decision", NULL, 2);
  ck_assert_msg_has(f, DP_LANG_EN, "'办公会议'");
  ck_assert_msg_has(f, DP_LANG_ZH, "办公会议");
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
  /* the meeting a label names is checked the same way */
  rep = md("", DECIDE_AT(",'label':'区长办公会议研究决定'"));
  ck_assert_one_finding(f, rep, "md.decision", DP_INCOMPLETE, DP_ERROR,
                        "collective_decision", NULL, 2);
  ck_assert_msg_has(f, DP_LANG_EN, "'区长办公会议'");
  dp_report_free(rep);
}
END_TEST

/* v2: a department's (or a township's, 第四十二条 参照执行) decision is
 * discussed at its leadership meeting; a topical meeting never counts. */
START_TEST(decision_department_meetings) {
  const dp_finding *f;
  static const char *const ok[][2] = {
      {"平顶山市教育局", "局务会议"},
      {"平顶山市教育局", "局长办公会议"},
      {"新华区焦店镇人民政府", "党政联席会议"},
      {NULL, "办公会议"}, /* with issuer department, below */
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    char ev[2048];
    snprintf(ev, sizeof ev,
             "%s,%s,{'step':'collective_decision','date':'2022-04-28',"
             "'meeting':'%s'},%s,%s",
             E_COMMENT, E_REVIEW, ok[i][1], E_PUB, E_ARCHIVE);
    dp_report *rep =
        md_by(ok[i][0], ok[i][0] ? "" : "'issuer':'department'", ev);
    ck_assert_msg(dp_report_count(rep) == 0, "%s:%s", ok[i][1],
                  dp_test_dump(rep));
    dp_report_free(rep);
  }
  dp_report *rep = md_by("平顶山市教育局", "",
                         DECIDE_AT(",'meeting':'局长专题会议'"));
  ck_assert_one_finding(f, rep, "md.decision", DP_INCOMPLETE, DP_ERROR,
                        "collective_decision", NULL, 2);
  ck_assert_msg_has(f, DP_LANG_ZH, "领导班子会议");
  ck_assert_msg_has(f, DP_LANG_ZH, "“局长专题会议”不符合要求");
  dp_report_free(rep);
  /* a government's topical meeting neither */
  rep = md_by("平顶山市人民政府", "", DECIDE_AT(",'meeting':'市政府专题会议'"));
  ck_assert_one_finding(f, rep, "md.decision", DP_INCOMPLETE, DP_ERROR,
                        "collective_decision", NULL, 2);
  ck_assert_msg_has(f, DP_LANG_ZH, "应经常务会议或者全体会议讨论");
  dp_report_free(rep);
}
END_TEST

START_TEST(decision_no_meeting_incomplete) {
  const dp_finding *f;
  dp_report *rep = md("", DECIDE_AT(""));
  ck_assert_one_finding(f, rep, "md.decision", DP_INCOMPLETE, DP_ERROR,
                        "collective_decision", NULL, 2);
  ck_assert_msg_has(f, DP_LANG_EN, "names no meeting");
  dp_report_free(rep);
  /* a label that maps to the step but names no meeting */
  rep = md("", DECIDE_AT(",'label':'集体讨论决定'"));
  ck_assert_one_finding(f, rep, "md.decision", DP_INCOMPLETE, DP_ERROR,
                        "collective_decision", NULL, 2);
  dp_report_free(rep);
}
END_TEST

/* md.decision-before-publication, md.publication */
START_TEST(publication_before_decision) {
  const dp_finding *f;
  dp_report *rep = md("", E_COMMENT "," E_REVIEW "," E_DECIDE
                          ",{'step':'publication','date':'2022-04-27'},"
                          E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.decision-before-publication",
                        DP_OUT_OF_ORDER, DP_ERROR, "publication",
                        "collective_decision", 3);
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
}
END_TEST

START_TEST(publication_missing) {
  const dp_finding *f;
  dp_report *rep = md("", E_COMMENT "," E_REVIEW "," E_DECIDE "," E_ARCHIVE);
  ck_assert_one_finding(f, rep, "md.publication", DP_MISSING, DP_ERROR,
                        "publication", NULL, -1);
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
  rep = md("'confidential':true", E_REVIEW "," E_DECIDE "," E_ARCHIVE);
  ck_assert_no_finding(rep, "md.publication");
  dp_report_free(rep);
}
END_TEST

/* md.archiving: a warning */
START_TEST(archiving_missing_warning) {
  const dp_finding *f;
  dp_report *rep = md("", E_COMMENT "," E_REVIEW "," E_DECIDE "," E_PUB);
  ck_assert_one_finding(f, rep, "md.archiving", DP_MISSING, DP_WARNING,
                        "archiving", NULL, -1);
  ck_assert(dp_report_ok(rep));
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
}
END_TEST

/* procedures.md §0: a major decision decided before 713号 came into
 * force (2019-09-01) gets one incomplete warning and nothing else from
 * the procedure, however little it did. */
START_TEST(not_in_force_before_713) {
  const dp_finding *f;
  dp_report *rep = md("'technical':true,'stability_risk':true",
                      "{'step':'collective_decision','date':'2019-08-31',"
                      "'meeting':'专题会议'},{'step':'legality_review',"
                      "'start':'2019-08-29','end':'2019-08-30',"
                      "'result':'fail'}");
  ck_assert_one_finding(f, rep, "procedure.not-in-force", DP_INCOMPLETE,
                        DP_WARNING, NULL, NULL, -1);
  ck_assert_msg_has(f, DP_LANG_ZH, "2019年8月31日");
  ck_assert_msg_has(f, DP_LANG_ZH, "《重大行政决策程序暂行条例》");
  ck_assert_msg_has(f, DP_LANG_ZH, "2019年9月1日");
  ck_assert_msg_has(f, DP_LANG_EN, "2019-08-31");
  ck_assert_msg_has(f, DP_LANG_EN, "2019-09-01");
  ck_assert_ptr_nonnull(strstr(dp_finding_basis(f), "重大行政决策程序暂行条例"));
  ck_assert_uint_eq(dp_report_count(rep), 1);
  ck_assert(dp_report_ok(rep));
  dp_report_free(rep);
  /* without a decision, the first publication dates it */
  rep = md("", "{'step':'publication','date':'2018-06-01'}");
  ck_assert_uint_eq(dp_test_count(rep, "procedure.not-in-force"), 1);
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
  /* the record's own data findings are still made */
  rep = md("", "{'step':'collective_decision','date':'2018-04-28',"
               "'meeting':'常务会议'},{'step':'drafting_x','date':"
               "'2018-01-05'}");
  ck_assert_uint_eq(dp_test_count(rep, "procedure.not-in-force"), 1);
  ck_assert_uint_eq(dp_test_count(rep, "record.step"), 1);
  ck_assert_uint_eq(dp_report_count(rep), 2);
  dp_report_free(rep);
  /* from 2019-09-01 the procedure applies */
  rep = md("", "{'step':'collective_decision','date':'2019-09-01',"
               "'meeting':'常务会议'}");
  ck_assert_no_finding(rep, "procedure.not-in-force");
  ck_assert_uint_eq(dp_test_count(rep, "md.review"), 1);
  ck_assert_uint_eq(dp_test_count(rep, "md.comment"), 1);
  dp_report_free(rep);
}
END_TEST

/* A normative document's rules do not apply to a major decision. */
START_TEST(no_nd_rules_on_md) {
  dp_report *rep = md("'affects_market':true,'technical':true", BASE);
  for (size_t i = 0; i < dp_report_count(rep); i++)
    ck_assert_msg(strncmp(dp_finding_rule(dp_report_finding(rep, i)), "md.",
                          3) == 0,
                  "%s", dp_test_dump(rep));
  ck_assert_uint_eq(dp_report_count(rep), 2); /* md.expert, md.fair-competition */
  dp_report_free(rep);
}
END_TEST

static Suite *md_suite(void) {
  Suite *s = suite_create("engine_md");
  TCase *tc = tcase_create("md");
  tcase_add_unchecked_fixture(tc, setup, teardown);
  tcase_add_test(tc, base_passes_every_rule);
  tcase_add_test(tc, comment_missing);
  tcase_add_test(tc, comment_other_forms);
  tcase_add_test(tc, confidential_needs_no_comment_nor_publication);
  tcase_add_test(tc, comment_30_days_passes);
  tcase_add_test(tc, comment_29_days_too_short);
  tcase_add_test(tc, comment_urgent_reason);
  tcase_add_test(tc, comment_confidential_held_anyway);
  tcase_add_test(tc, comment_date_only_incomplete);
  tcase_add_test(tc, hearing_missing);
  tcase_add_test(tc, hearing_after_review);
  tcase_add_test(tc, expert_missing_or_unsigned);
  tcase_add_test(tc, expert_signed_passes);
  tcase_add_test(tc, risk_missing);
  tcase_add_test(tc, decision_after_uncontrollable_risk);
  tcase_add_test(tc, later_controllable_risk_passes);
  tcase_add_test(tc, risk_mitigation_cures_uncontrollable);
  tcase_add_test(tc, risk_result_vocabulary);
  tcase_add_test(tc, uncontrollable_from_label);
  tcase_add_test(tc, fcr_missing);
  tcase_add_loop_test(tc, input_after_review_start, 0,
                      (int)(sizeof inputs / sizeof inputs[0]));
  tcase_add_loop_test(tc, input_before_review_passes, 0,
                      (int)(sizeof inputs / sizeof inputs[0]));
  tcase_add_test(tc, inputs_without_review);
  tcase_add_test(tc, review_after_decision);
  tcase_add_test(tc, decision_after_failed_review);
  tcase_add_test(tc, failed_review_from_label);
  tcase_add_test(tc, review_7wd);
  tcase_add_test(tc, review_7wd_date_only);
  tcase_add_test(tc, decision_missing);
  tcase_add_test(tc, decision_qualifying_meetings);
  tcase_add_test(tc, decision_office_meeting_incomplete);
  tcase_add_test(tc, decision_department_meetings);
  tcase_add_test(tc, decision_no_meeting_incomplete);
  tcase_add_test(tc, publication_before_decision);
  tcase_add_test(tc, publication_missing);
  tcase_add_test(tc, archiving_missing_warning);
  tcase_add_test(tc, not_in_force_before_713);
  tcase_add_test(tc, no_nd_rules_on_md);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(md_suite()); }

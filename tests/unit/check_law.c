/*
 * check_law.c - procedures.md version 2: the law in force on the decision
 * date (each dated basis on both sides of its first and last day), the
 * rows that changed in tables A and B, and what the library does with
 * data it does not understand (records.md §8.1, §8.2, §8.4, §8.5).
 *
 * Records are built around a decision day: a normative document that is
 * compliant as built, from which each case takes steps out or puts
 * details in.
 */
#define DP_TEST_ENGINE_FIXTURE
#include "util.h"

#include <stdarg.h>

/* A day d days after (y, m, dd), as YYYY-MM-DD. */
static const char *day(int y, int m, int dd, int d) {
  static char buf[16][16];
  static int k;
  char *o = buf[k++ % 16];
  dp_date_format(D(y, m, dd) + d, o);
  return o;
}

/* A normative document decided on (y, m, d): assessment, 31 days of
 * comment, a review given ten working days, the decision, publication
 * and filing within days.  `attrs` and `extra` (events, with a leading
 * comma) may add to it; `skip` names a step to leave out ("" none);
 * `meeting` the meeting. */
static char *nd(int y, int m, int d, const char *authority, const char *attrs,
                const char *skip, const char *meeting, const char *extra) {
  char *o = malloc(4096);
  ck_assert_ptr_nonnull(o);
  int n = snprintf(
      o, 4096,
      "{'id':'t','procedure':'normative_document','authority':'%s',"
      "'attributes':{%s},'events':["
      "{'step':'%s','date':'%s'},"
      "{'step':'%s','start':'%s','end':'%s'},"
      "{'step':'%s','start':'%s','end':'%s','result':'pass'},"
      "{'step':'%s','date':'%s','meeting':'%s'},"
      "{'step':'%s','date':'%s'},"
      "{'step':'%s','date':'%s'}%s]}",
      authority, attrs,
      strcmp(skip, "assessment") ? "assessment" : "x_skipped",
      day(y, m, d, -70),
      strcmp(skip, "public_comment") ? "public_comment" : "x_skipped",
      day(y, m, d, -65), day(y, m, d, -35),
      strcmp(skip, "legality_review") ? "legality_review" : "x_skipped",
      day(y, m, d, -30), day(y, m, d, -25),
      strcmp(skip, "collective_decision") ? "collective_decision"
                                          : "x_skipped",
      day(y, m, d, 0), meeting,
      strcmp(skip, "publication") ? "publication" : "x_skipped",
      day(y, m, d, 3),
      strcmp(skip, "filing") ? "filing" : "x_skipped", day(y, m, d, 10),
      extra);
  ck_assert_int_lt(n, 4096);
  return o;
}

static const char *const GOV = "平顶山市人民政府";
static const char *const DEPT = "平顶山市市场监督管理局";

/* Check and drop the x_skipped malformed findings from the count. */
static dp_report *run(char *rec) {
  dp_report *rep = dp_test_check(eng, rec);
  free(rec);
  return rep;
}

static int has_basis(const dp_report *rep, const char *rule,
                     const char *needle) {
  const dp_finding *f = dp_test_find(rep, rule, -1);
  ck_assert_msg(f != NULL, "no finding of %s:%s", rule, dp_test_dump(rep));
  return strstr(dp_finding_basis(f), needle) != NULL;
}

/* ---------------------------------------------------------------------
 * The law in force: each dated basis on the day before it starts and on
 * its first day (procedures.md §0)
 * ------------------------------------------------------------------- */

START_TEST(zuzhifa_from_2022_03_12) {
  dp_report *a = run(nd(2022, 3, 11, GOV, "", "public_comment", "常务会议", ""));
  dp_report *b = run(nd(2022, 3, 12, GOV, "", "public_comment", "常务会议", ""));
  ck_assert(!has_basis(a, "nd.comment", "组织法"));
  ck_assert(has_basis(a, "nd.comment", "国办发〔2018〕37号 二（五）"));
  ck_assert(has_basis(b, "nd.comment", "《地方各级人民代表大会和地方各级人民政府组织法》第七十五条"));
  dp_report_free(a);
  dp_report_free(b);
}
END_TEST

START_TEST(zuzhifa_binds_governments_only) {
  dp_report *a = run(nd(2023, 3, 10, DEPT, "", "public_comment", "局务会议", ""));
  ck_assert(!has_basis(a, "nd.comment", "组织法"));
  ck_assert(has_basis(a, "nd.comment", "37号"));
  dp_report_free(a);
}
END_TEST

START_TEST(guobanfa37_from_2018_05_16) {
  /* before 37号 (and 115号, 组织法) no rule requires the review */
  dp_report *a = run(nd(2018, 5, 15, GOV, "", "legality_review", "常务会议", ""));
  dp_report *b = run(nd(2018, 5, 16, GOV, "", "legality_review", "常务会议", ""));
  ck_assert_no_finding(a, "nd.review");
  ck_assert_uint_eq(dp_test_count(b, "nd.review"), 1);
  ck_assert_str_eq(dp_finding_basis(dp_test_find(b, "nd.review", -1)),
                   "国办发〔2018〕37号 二（六）");
  dp_report_free(a);
  dp_report_free(b);
}
END_TEST

START_TEST(guobanfa115_from_2018_12_04) {
  dp_report *a = run(nd(2018, 12, 3, GOV, "", "legality_review", "常务会议", ""));
  dp_report *b = run(nd(2018, 12, 4, GOV, "", "legality_review", "常务会议", ""));
  ck_assert(!has_basis(a, "nd.review", "115号"));
  ck_assert(has_basis(b, "nd.review", "国办发〔2018〕115号 二（七）"));
  dp_report_free(a);
  dp_report_free(b);
}
END_TEST

static char *md(int y, int m, int d, const char *attrs, const char *skip,
                const char *extra) {
  char *o = malloc(4096);
  ck_assert_ptr_nonnull(o);
  snprintf(o, 4096,
           "{'id':'m','procedure':'major_decision','authority':'平顶山市人民政府',"
           "'attributes':{%s},'events':["
           "{'step':'%s','start':'%s','end':'%s'},"
           "{'step':'%s','start':'%s','end':'%s','result':'pass'},"
           "{'step':'collective_decision','date':'%s','meeting':'常务会议'},"
           "{'step':'publication','date':'%s'},"
           "{'step':'archiving','date':'%s'}%s]}",
           attrs, strcmp(skip, "public_comment") ? "public_comment" : "x_skipped",
           day(y, m, d, -80), day(y, m, d, -40),
           strcmp(skip, "legality_review") ? "legality_review" : "x_skipped",
           day(y, m, d, -30), day(y, m, d, -20), day(y, m, d, 0),
           day(y, m, d, 5), day(y, m, d, 20), extra);
  return o;
}

START_TEST(reg713_from_2019_09_01) {
  dp_report *a = run(md(2019, 8, 31, "", "legality_review", ""));
  dp_report *b = run(md(2019, 9, 1, "", "legality_review", ""));
  /* before: one warning and nothing else of the procedure */
  ck_assert_uint_eq(dp_report_count(a), 2); /* and the x_skipped step */
  const dp_finding *f;
  f = dp_test_find(a, "procedure.not-in-force", -1);
  ck_assert_ptr_nonnull(f);
  ck_assert_int_eq(dp_finding_code(f), DP_INCOMPLETE);
  ck_assert_int_eq(dp_finding_severity(f), DP_WARNING);
  ck_assert_msg_has(f, DP_LANG_ZH, "2019年9月1日起施行");
  ck_assert_msg_has(f, DP_LANG_ZH, "《重大行政决策程序暂行条例》");
  ck_assert_int_eq(dp_report_ok(a), 1);
  ck_assert_no_finding(b, "procedure.not-in-force");
  ck_assert_uint_eq(dp_test_count(b, "md.review"), 1);
  dp_report_free(a);
  dp_report_free(b);
}
END_TEST

START_TEST(yingshang_from_2020_01_01) {
  /* 20 days of comment on a document affecting the market */
  static const char *const ex =
      ",{'step':'fair_competition_review','date':'%s'}";
  char extra[128];
  snprintf(extra, sizeof extra, ex, day(2019, 12, 31, -50));
  char *ra = nd(2019, 12, 31, GOV, "'affects_market':true", "", "常务会议", extra);
  char *rb = nd(2020, 1, 1, GOV, "'affects_market':true", "", "常务会议", extra);
  /* shorten the comment period to 20 days in both */
  for (char *r = ra; r; r = r == ra ? rb : NULL) {
    char *c = strstr(r, "'public_comment','start':'");
    ck_assert_ptr_nonnull(c);
    char *end = strstr(c, "'end':'") + 7;
    int32_t s;
    ck_assert_int_eq(dp_date_parse(c + 26, 10, &s, NULL), 0);
    char e[16];
    dp_date_format(s + 19, e);
    memcpy(end, e, 10);
  }
  dp_report *a = run(ra), *b = run(rb);
  ck_assert_no_finding(a, "nd.comment-market-30d");
  ck_assert_uint_eq(dp_test_count(b, "nd.comment-market-30d"), 1);
  dp_report_free(a);
  dp_report_free(b);
}
END_TEST

START_TEST(fair_competition_34_until_2024_07_31) {
  dp_report *a = run(nd(2024, 7, 31, GOV, "'affects_market':true", "", "常务会议", ""));
  dp_report *b = run(nd(2024, 8, 1, GOV, "'affects_market':true", "", "常务会议", ""));
  dp_report *c = run(nd(2016, 5, 31, GOV, "'affects_market':true", "", "常务会议", ""));
  dp_report *d = run(nd(2016, 6, 1, GOV, "'affects_market':true", "", "常务会议", ""));
  ck_assert(has_basis(a, "nd.fair-competition", "国发〔2016〕34号"));
  ck_assert(!has_basis(a, "nd.fair-competition", "公平竞争审查条例"));
  ck_assert(!has_basis(b, "nd.fair-competition", "34号"));
  ck_assert(has_basis(b, "nd.fair-competition", "《公平竞争审查条例》第十四条、第十八条"));
  ck_assert_no_finding(c, "nd.fair-competition"); /* no law yet */
  ck_assert(has_basis(d, "nd.fair-competition", "国发〔2016〕34号"));
  dp_report_free(a);
  dp_report_free(b);
  dp_report_free(c);
  dp_report_free(d);
}
END_TEST

START_TEST(fair_competition_article_by_issuer) {
  dp_report *a = run(nd(2025, 3, 3, DEPT, "'affects_market':true", "", "局务会议", ""));
  ck_assert(has_basis(a, "nd.fair-competition", "《公平竞争审查条例》第十三条、第十八条"));
  dp_report_free(a);
}
END_TEST

/* A document published on (y, m, d) and filed 40 days later. */
static char *late_filing(int y, int m, int d) {
  char *r = nd(y, m, d, GOV, "", "", "常务会议", "");
  char *f = strstr(r, "'filing','date':'") + 17;
  memcpy(f, day(y, m, d, 43), 10);
  return r;
}

START_TEST(filing_law_switch_2024_11_01) {
  dp_report *a = run(late_filing(2024, 10, 31));
  dp_report *b = run(late_filing(2024, 11, 1));
  ck_assert(has_basis(a, "nd.filing-30d", "《法规规章备案条例》第三条"));
  ck_assert(!has_basis(a, "nd.filing-30d", "备案审查条例"));
  ck_assert(has_basis(b, "nd.filing-30d", "《法规规章备案审查条例》第四条"));
  ck_assert(!has_basis(b, "nd.filing-30d", "《法规规章备案条例》"));
  /* the default deadline is a warning */
  ck_assert_int_eq(
      dp_finding_severity(dp_test_find(b, "nd.filing-30d", DP_OVERDUE)),
      DP_WARNING);
  dp_report_free(a);
  dp_report_free(b);
}
END_TEST

/* Decided on (y, m, d), published `wd` working days later. */
static char *published_after(int y, int m, int d, int wd) {
  char *r = nd(y, m, d, GOV, "", "", "常务会议", "");
  int32_t p = dp_engine_next_workday(eng, D(y, m, d) + 1);
  for (int k = 1; k < wd; k++) p = dp_engine_next_workday(eng, p + 1);
  char buf[16];
  dp_date_format(p, buf);
  char *f = strstr(r, "'publication','date':'") + 22;
  memcpy(f, buf, 10);
  /* filing ten days after publication */
  f = strstr(r, "'filing','date':'") + 17;
  dp_date_format(p + 10, buf);
  memcpy(f, buf, 10);
  return r;
}

START_TEST(publication_20wd) {
  dp_report *a = run(published_after(2023, 3, 1, 20));
  dp_report *b = run(published_after(2023, 3, 1, 21));
  ck_assert_no_finding(a, "nd.publication-20wd");
  const dp_finding *f;
  ck_assert_one_finding(f, b, "nd.publication-20wd", DP_OVERDUE, DP_WARNING,
                        "publication", "collective_decision", 4);
  ck_assert(has_basis(b, "nd.publication-20wd",
                      "《中华人民共和国政府信息公开条例》第二十六条"));
  dp_report_free(a);
  dp_report_free(b);
}
END_TEST

START_TEST(publication_20wd_law_2019_05_15) {
  dp_report *a = run(published_after(2019, 5, 14, 21));
  dp_report *b = run(published_after(2019, 5, 15, 21));
  ck_assert(has_basis(a, "nd.publication-20wd", "（2007年）第十八条"));
  ck_assert(!has_basis(b, "nd.publication-20wd", "2007"));
  ck_assert(has_basis(b, "nd.publication-20wd", "第二十六条"));
  dp_report_free(a);
  dp_report_free(b);
}
END_TEST

static char *numbered(int y, int m, int d, const char *num) {
  char *r = nd(y, m, d, GOV, "", "", "常务会议", "");
  char *o = malloc(strlen(r) + 128);
  ck_assert_ptr_nonnull(o);
  /* insert the doc number after the id */
  const char *at = strstr(r, "'procedure'");
  size_t k = (size_t)(at - r);
  memcpy(o, r, k);
  sprintf(o + k, "'doc_number':'%s',%s", num, at);
  free(r);
  return o;
}

START_TEST(gbt9704_from_2012_07_01) {
  dp_report *a = run(numbered(2012, 6, 30, "平政[2012]6号"));
  dp_report *b = run(numbered(2012, 7, 1, "平政[2012]6号"));
  ck_assert_no_finding(a, "nd.doc-number-form");
  ck_assert(has_basis(b, "nd.doc-number-form", "GB/T 9704-2012《党政机关公文格式》7.2.5"));
  dp_report_free(a);
  dp_report_free(b);
}
END_TEST

START_TEST(doc_number_year_and_gonggao_forms) {
  /* decided in December, published in January: either year is lawful */
  dp_report *a = run(numbered(2022, 12, 29, "平政〔2022〕30号"));
  dp_report *b = run(numbered(2022, 12, 29, "平政〔2023〕1号"));
  dp_report *c = run(numbered(2022, 12, 29, "平政〔2021〕30号"));
  dp_report *d = run(numbered(2023, 3, 1, "平顶山市人民政府公告2023年第5号"));
  dp_report *e = run(numbered(2023, 3, 1, "第5号公告"));
  dp_report *f = run(numbered(2023, 3, 1, "平政〔2023〕第5号"));
  ck_assert_no_finding(a, "nd.doc-number-form");
  ck_assert_no_finding(b, "nd.doc-number-form");
  ck_assert_uint_eq(dp_test_count(c, "nd.doc-number-form"), 1);
  ck_assert_msg_has(dp_test_find(c, "nd.doc-number-form", -1), DP_LANG_ZH,
                    "年份2021与决定年份、首次公布年份均不一致");
  ck_assert_no_finding(d, "nd.doc-number-form");
  ck_assert_no_finding(e, "nd.doc-number-form");
  ck_assert_uint_eq(dp_test_count(f, "nd.doc-number-form"), 1);
  dp_report *all[] = {a, b, c, d, e, f};
  for (size_t i = 0; i < 6; i++) dp_report_free(all[i]);
}
END_TEST

/* ---------------------------------------------------------------------
 * Rows of tables A and B that changed in version 2
 * ------------------------------------------------------------------- */

START_TEST(assessment_by_any_of_its_forms) {
  char ex[96];
  snprintf(ex, sizeof ex, ",{'step':'risk_assessment','date':'%s'}",
           day(2023, 3, 1, -60));
  dp_report *a = run(nd(2023, 3, 1, GOV, "", "assessment", "常务会议", ex));
  snprintf(ex, sizeof ex, ",{'step':'expert_review','date':'%s'}",
           day(2023, 3, 1, -60));
  dp_report *b = run(nd(2023, 3, 1, GOV, "", "assessment", "常务会议", ex));
  dp_report *c = run(nd(2023, 3, 1, GOV, "", "assessment", "常务会议", ""));
  ck_assert_no_finding(a, "nd.assessment");
  ck_assert_no_finding(b, "nd.assessment");
  const dp_finding *f;
  ck_assert_one_finding(f, c, "nd.assessment", DP_MISSING, DP_ERROR,
                        "assessment", NULL, -1);
  ck_assert_msg_has(f, DP_LANG_ZH, "未进行评估论证（亦无专家论证、风险评估）");
  dp_report_free(a);
  dp_report_free(b);
  dp_report_free(c);
}
END_TEST

START_TEST(department_consultation_is_not_public_comment) {
  char ex[128];
  snprintf(ex, sizeof ex,
           ",{'label':'征求市发展改革委等部门意见','date':'%s'}",
           day(2023, 3, 1, -50));
  dp_report *a = run(nd(2023, 3, 1, GOV, "", "public_comment", "常务会议", ex));
  const dp_finding *f;
  ck_assert_one_finding(f, a, "nd.comment", DP_MISSING, DP_ERROR,
                        "public_comment", NULL, -1);
  ck_assert_str_eq(dp_finding_message(f, DP_LANG_ZH), "未公开征求意见");
  dp_report_free(a);
}
END_TEST

START_TEST(nd_expert_needs_no_signature) {
  char ex[128];
  snprintf(ex, sizeof ex, ",{'step':'expert_review','date':'%s','signed':false}",
           day(2023, 3, 1, -60));
  dp_report *a = run(nd(2023, 3, 1, GOV, "'technical':true", "", "常务会议", ex));
  dp_report *b = run(nd(2023, 3, 1, GOV, "'technical':true", "", "常务会议", ""));
  ck_assert_no_finding(a, "nd.expert");
  ck_assert_uint_eq(dp_test_count(b, "nd.expert"), 1);
  dp_report_free(a);
  dp_report_free(b);
}
END_TEST

START_TEST(md_expert_signature) {
  char ex[3][128];
  const char *sig[] = {"", ",'signed':false", ",'signed':true"};
  dp_report *r[3];
  for (int k = 0; k < 3; k++) {
    snprintf(ex[k], sizeof ex[k], ",{'step':'expert_review','date':'%s'%s}",
             day(2023, 3, 1, -45), sig[k]);
    r[k] = run(md(2023, 3, 1, "'technical':true", "", ex[k]));
  }
  const dp_finding *f;
  ck_assert_one_finding(f, r[0], "md.expert", DP_INCOMPLETE, DP_WARNING,
                        "expert_review", NULL, 5);
  ck_assert_msg_has(f, DP_LANG_ZH, "未记载专家署名情况，无法核对");
  ck_assert_one_finding(f, r[1], "md.expert", DP_INCOMPLETE, DP_ERROR,
                        "expert_review", NULL, 5);
  ck_assert_no_finding(r[2], "md.expert");
  for (int k = 0; k < 3; k++) dp_report_free(r[k]);
}
END_TEST

START_TEST(md_public_heard_by_consultation) {
  char ex[128];
  snprintf(ex, sizeof ex, ",{'label':'召开群众代表座谈会','date':'%s'}",
           day(2023, 3, 1, -50));
  dp_report *a = run(md(2023, 3, 1, "", "public_comment", ex));
  dp_report *b = run(md(2023, 3, 1, "", "public_comment", ""));
  ck_assert_no_finding(a, "md.comment");
  const dp_finding *f;
  ck_assert_one_finding(f, b, "md.comment", DP_MISSING, DP_ERROR,
                        "public_comment", NULL, -1);
  ck_assert_msg_has(f, DP_LANG_ZH, "未听取社会公众意见");
  dp_report_free(a);
  dp_report_free(b);
}
END_TEST

START_TEST(risk_mitigation_cures) {
  char ex[2][256];
  snprintf(ex[0], sizeof ex[0],
           ",{'step':'risk_assessment','date':'%s','result':'风险不可控'}",
           day(2023, 3, 1, -45));
  snprintf(ex[1], sizeof ex[1],
           ",{'step':'risk_assessment','date':'%s','result':'风险不可控'}"
           ",{'step':'risk_mitigation','date':'%s'}",
           day(2023, 3, 1, -45), day(2023, 3, 1, -10));
  dp_report *a = run(md(2023, 3, 1, "'stability_risk':true", "", ex[0]));
  dp_report *b = run(md(2023, 3, 1, "'stability_risk':true", "", ex[1]));
  const dp_finding *f;
  ck_assert_one_finding(f, a, "md.risk-controllable", DP_AFTER_REJECTION,
                        DP_ERROR, "collective_decision", "risk_assessment", 2);
  ck_assert_msg_has(f, DP_LANG_ZH, "风险评估认为风险不可控");
  ck_assert_no_finding(b, "md.risk-controllable");
  dp_report_free(a);
  dp_report_free(b);
}
END_TEST

/* Review from `start` (offset from the decision), decision on 2023-03-31
 * (Friday). */
static char *review_given(const char *proc, int start, int end) {
  char *r = strcmp(proc, "nd") == 0
                ? nd(2023, 3, 31, GOV, "", "", "常务会议", "")
                : md(2023, 3, 31, "", "", "");
  char *s = strstr(r, "'legality_review','start':'") + 27;
  memcpy(s, day(2023, 3, 31, start), 10);
  char *e = strstr(s, "'end':'") + 7;
  memcpy(e, day(2023, 3, 31, end), 10);
  return r;
}

START_TEST(review_time_given) {
  /* nd: 5 working days given: Fri 24 to Thu 30 (24, 27, 28, 29, 30) */
  dp_report *a = run(review_given("nd", -7, -6)); /* answered at once */
  dp_report *b = run(review_given("nd", -6, -6)); /* Sat 25 .. Thu 30: 4 */
  ck_assert_no_finding(a, "nd.review-min");
  const dp_finding *f;
  ck_assert_one_finding(f, b, "nd.review-min", DP_TOO_SHORT, DP_WARNING,
                        "legality_review", "collective_decision", 2);
  ck_assert_msg_has(f, DP_LANG_ZH, "共4个工作日，给予的时间少于5个工作日");
  /* md: 7 working days: Wed 22 .. Thu 30 */
  dp_report *c = run(review_given("md", -9, -8));
  dp_report *d = run(review_given("md", -8, -8));
  ck_assert_no_finding(c, "md.review-7wd");
  ck_assert_uint_eq(dp_test_count(d, "md.review-7wd"), 1);
  dp_report_free(a);
  dp_report_free(b);
  dp_report_free(c);
  dp_report_free(d);
}
END_TEST

START_TEST(meetings_by_issuer) {
  struct {
    const char *authority, *attrs, *meeting;
    int ok;
  } t[] = {
      {GOV, "", "市政府第15次常务会议", 1},
      {GOV, "", "局务会议", 0},
      {GOV, "", "市长专题会议", 0},
      {DEPT, "", "局务会议", 1},
      {DEPT, "", "局长办公会议", 1},
      {DEPT, "", "市政府专题会议", 0},
      {DEPT, "", "协调会", 0},
      {"平顶山市新华区焦店镇人民政府", "", "党政联席会议", 1},
      {"平顶山市卫东区东安路街道办事处", "", "党政联席会议", 1},
      {"平顶山市人民政府办公室", "", "市政府常务会议", 1},
      {GOV, "'issuer':'department'", "局务会议", 1},
      {NULL, NULL, NULL, 0},
  };
  for (int k = 0; t[k].authority; k++) {
    dp_report *r = run(nd(2023, 3, 1, t[k].authority, t[k].attrs, "",
                          t[k].meeting, ""));
    ck_assert_msg(dp_test_count(r, "nd.decision") == (t[k].ok ? 0u : 1u),
                  "%s at %s:%s", t[k].authority, t[k].meeting,
                  dp_test_dump(r));
    if (!t[k].ok)
      ck_assert_msg_has(dp_test_find(r, "nd.decision", -1), DP_LANG_ZH,
                        "不符合要求");
    dp_report_free(r);
  }
}
END_TEST

START_TEST(hearing_materials_7_days) {
  /* hearing on 2023-02-10; materials sent on the 3rd (7 days) or 4th */
  char ex[2][192];
  const char *sent[] = {"2023-02-03", "2023-02-04"};
  dp_report *r[2];
  for (int k = 0; k < 2; k++) {
    snprintf(ex[k], sizeof ex[k],
             ",{'step':'hearing','date':'2023-02-10','materials_sent':'%s'}",
             sent[k]);
    r[k] = run(md(2023, 3, 31, "'hearing_required':true", "", ex[k]));
  }
  ck_assert_no_finding(r[0], "md.hearing-materials");
  const dp_finding *f;
  ck_assert_one_finding(f, r[1], "md.hearing-materials", DP_TOO_SHORT,
                        DP_ERROR, "hearing", NULL, 5);
  ck_assert_msg_has(f, DP_LANG_ZH, "材料送达日期为2023年2月4日，距听证仅6日，少于7日");
  ck_assert_str_eq(dp_finding_basis(f), "《重大行政决策程序暂行条例》第十六条第三款");
  /* a date that is not one is said, not passed */
  dp_report *bad = run(md(2023, 3, 31, "'hearing_required':true", "",
                          ",{'step':'hearing','date':'2023-02-10','materials_sent':'二月'}"));
  ck_assert_uint_eq(dp_test_count(bad, "record.date"), 1);
  dp_report_free(r[0]);
  dp_report_free(r[1]);
  dp_report_free(bad);
}
END_TEST

START_TEST(internal_issue_is_not_publication) {
  char ex[128];
  snprintf(ex, sizeof ex, ",{'label':'内部印发','date':'%s'}",
           day(2023, 3, 1, 3));
  dp_report *a = run(nd(2023, 3, 1, GOV, "", "publication", "常务会议", ex));
  ck_assert_uint_eq(dp_test_count(a, "nd.publication"), 1);
  ck_assert_uint_eq(dp_test_count(a, "record.label"), 1);
  dp_report_free(a);
}
END_TEST

/* ---------------------------------------------------------------------
 * What the library does not understand is said (records.md §8)
 * ------------------------------------------------------------------- */

/* A review that failed (in `result`'s words), then the decision. */
static char *failed_review(const char *result) {
  char *r = nd(2023, 3, 1, GOV, "", "", "常务会议", "");
  char *o = malloc(strlen(r) + 128);
  ck_assert_ptr_nonnull(o);
  char *at = strstr(r, "'result':'pass'");
  size_t k = (size_t)(at - r);
  memcpy(o, r, k);
  sprintf(o + k, "'result':'%s'%s", result, at + strlen("'result':'pass'"));
  free(r);
  return o;
}

START_TEST(result_words) {
  static const char *const failed[] = {"fail", "failed", "FAIL", " Rejected ",
                                       "不通过", "未通过", "不合法", "存在问题"};
  for (size_t k = 0; k < sizeof failed / sizeof failed[0]; k++) {
    dp_report *r = run(failed_review(failed[k]));
    ck_assert_msg(dp_test_count(r, "nd.review-passed") == 1, "'%s':%s",
                  failed[k], dp_test_dump(r));
    ck_assert_int_eq(dp_finding_code(dp_test_find(r, "nd.review-passed", -1)),
                     DP_AFTER_REJECTION);
    ck_assert_no_finding(r, "record.result");
    dp_report_free(r);
  }
  static const char *const passed[] = {"pass", "通过", "OK", "修改后通过",
                                       "修改", "无异议"};
  for (size_t k = 0; k < sizeof passed / sizeof passed[0]; k++) {
    dp_report *r = run(failed_review(passed[k]));
    ck_assert_no_finding(r, "nd.review-passed");
    ck_assert_no_finding(r, "record.result");
    dp_report_free(r);
  }
}
END_TEST

START_TEST(unknown_result_is_never_a_pass) {
  dp_report *r = run(failed_review("待定"));
  const dp_finding *f;
  ck_assert_one_finding(f, r, "record.result", DP_MALFORMED, DP_WARNING, NULL,
                        NULL, 2);
  ck_assert_msg_has(f, DP_LANG_EN, "'待定' is not a known result");
  ck_assert_msg_has(f, DP_LANG_ZH, "不通过");
  ck_assert_one_finding(f, r, "nd.review-passed", DP_INCOMPLETE, DP_WARNING,
                        "collective_decision", "legality_review", 3);
  ck_assert_msg_has(f, DP_LANG_ZH, "无法判断是否通过");
  dp_report_free(r);
}
END_TEST

START_TEST(label_negation) {
  static const struct {
    const char *label;
    int failed;
  } t[] = {{"合法性审核，未发现不合法内容", 0},
           {"合法性审核意见：无不合法问题", 0},
           {"合法性审核，没有发现问题", 0},
           {"合法性审核意见：不合法", 1},
           {"合法性审核未通过", 1},
           {NULL, 0}};
  for (int k = 0; t[k].label; k++) {
    char *r = nd(2023, 3, 1, GOV, "", "", "常务会议", "");
    char *o = malloc(strlen(r) + 256);
    ck_assert_ptr_nonnull(o);
    char *at = strstr(r, "{'step':'legality_review'");
    size_t n = (size_t)(at - r);
    memcpy(o, r, n);
    char *rest = strstr(at, "'start'");
    char *res = strstr(at, ",'result':'pass'");
    sprintf(o + n, "{'label':'%s',%.*s%s", t[k].label, (int)(res - rest), rest,
            res + strlen(",'result':'pass'"));
    free(r);
    dp_report *rep = run(o);
    ck_assert_msg(dp_test_count(rep, "nd.review-passed") == (size_t)t[k].failed,
                  "%s:%s", t[k].label, dp_test_dump(rep));
    ck_assert_no_finding(rep, "nd.review");
    dp_report_free(rep);
  }
}
END_TEST

START_TEST(misspelled_attribute) {
  dp_report *r = run(nd(2023, 3, 1, GOV, "'tecnical':true", "", "常务会议", ""));
  const dp_finding *f;
  ck_assert_one_finding(f, r, "record.attribute", DP_MALFORMED, DP_WARNING,
                        NULL, NULL, -1);
  ck_assert_msg_has(f, DP_LANG_EN, "unknown attribute 'tecnical'; did you mean 'technical'?");
  ck_assert_msg_has(f, DP_LANG_ZH, "是否应为“technical”");
  dp_report_free(r);
  r = run(nd(2023, 3, 1, GOV, "'zzzzzzzzzz':true", "", "常务会议", ""));
  ck_assert_one_finding(f, r, "record.attribute", DP_MALFORMED, DP_WARNING,
                        NULL, NULL, -1);
  ck_assert_msg_has(f, DP_LANG_EN, "unknown attribute 'zzzzzzzzzz'");
  dp_report_free(r);
  /* known names, right types: nothing */
  r = run(nd(2023, 3, 1, GOV, "'technical':false,'issuer':'government'", "",
             "常务会议", ""));
  ck_assert_no_finding(r, "record.attribute");
  dp_report_free(r);
}
END_TEST

START_TEST(attribute_types_and_values) {
  dp_report *r = run(nd(2023, 3, 1, GOV, "'issuer':'gov'", "", "常务会议", ""));
  const dp_finding *f;
  ck_assert_one_finding(f, r, "record.attribute", DP_MALFORMED, DP_WARNING,
                        NULL, NULL, -1);
  ck_assert_msg_has(f, DP_LANG_EN, "unknown value 'gov' (known: government, department)");
  dp_report_free(r);
  r = run(nd(2023, 3, 1, GOV, "'technical':'yes'", "", "常务会议", ""));
  ck_assert_one_finding(f, r, "record.attribute", DP_MALFORMED, DP_WARNING,
                        NULL, NULL, -1);
  ck_assert_msg_has(f, DP_LANG_EN, "expected true or false");
  dp_report_free(r);
}
END_TEST

START_TEST(not_recorded_is_not_missing) {
  char *rec = nd(2023, 3, 1, GOV, "", "filing", "常务会议", "");
  /* the source does not mention filing either way */
  char *o = malloc(strlen(rec) + 64);
  ck_assert_ptr_nonnull(o);
  char *at = strstr(rec, "'events'");
  size_t n = (size_t)(at - rec);
  memcpy(o, rec, n);
  sprintf(o + n, "'unknown':['filing'],%s", at);
  free(rec);
  dp_report *r = run(o);
  const dp_finding *f;
  ck_assert_one_finding(f, r, "nd.filing", DP_INCOMPLETE, DP_WARNING, "filing",
                        NULL, -1);
  ck_assert_msg_has(f, DP_LANG_ZH, "来源材料未记载备案情况，无法核对");
  ck_assert_no_finding(r, "nd.filing-30d");
  dp_report_free(r);
  r = dp_test_check(eng,
                    "{'id':'u','procedure':'normative_document','unknown':['filng'],"
                    "'events':[]}");
  ck_assert_uint_eq(dp_test_count(r, "record.unknown"), 1);
  dp_report_free(r);
}
END_TEST

START_TEST(spreadsheet_serial_date_named) {
  dp_report *r = dp_test_check(
      eng, "{'id':'s','procedure':'normative_document','events':["
           "{'step':'publication','date':'45000'}]}");
  const dp_finding *f = dp_test_find(r, "record.date", DP_MALFORMED);
  ck_assert_ptr_nonnull(f);
  ck_assert_msg_has(f, DP_LANG_ZH, "2023年3月15日");
  ck_assert_msg_has(f, DP_LANG_EN, "spreadsheet serial date (2023-03-15)");
  dp_report_free(r);
}
END_TEST

START_TEST(list_shows_spans) {
  const dp_rule *r = dp_engine_find_rule(eng, "normative_document",
                                         "nd.fair-competition");
  ck_assert_ptr_nonnull(r);
  ck_assert_uint_eq(dp_rule_basis_count(r), 4);
  ck_assert_str_eq(dp_rule_basis_text(r, 2), "国发〔2016〕34号");
  ck_assert_int_eq(dp_rule_basis_from(r, 2), D(2016, 6, 1));
  ck_assert_int_eq(dp_rule_basis_until(r, 2), D(2024, 7, 31));
  ck_assert_int_eq(dp_rule_basis_until(r, 0), DP_NO_DATE);
  ck_assert_ptr_null(dp_rule_basis_text(r, 4));
  ck_assert_ptr_nonnull(strstr(dp_rule_basis(r), "（2016-06-01—2024-07-31）"));
}
END_TEST

START_TEST(overlay_adds_a_dated_basis) {
  static const char ov[] =
      "overlay normative_document\n"
      "law \"河南226号\" \"《河南省行政规范性文件管理办法》（省政府令第226号）\" "
      "from 2024-08-01 verified no\n"
      "rule nd.filing-30d\n"
      "  basis add \"河南226号\" \"（备案期限）\"\n"
      "end\n";
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_load_string(eng, ov, sizeof ov - 1, "ov", &err), 0);
  dp_report *a = run(late_filing(2024, 7, 31));
  dp_report *b = run(late_filing(2024, 8, 1));
  ck_assert(!has_basis(a, "nd.filing-30d", "河南"));
  ck_assert(has_basis(b, "nd.filing-30d", "《河南省行政规范性文件管理办法》（省政府令第226号）（备案期限）"));
  ck_assert(has_basis(b, "nd.filing-30d", "《法规规章备案条例》"));
  dp_report_free(a);
  dp_report_free(b);
}
END_TEST

START_TEST(condition_values_are_checked) {
  static const char *const bad[] = {
      "overlay normative_document\nrule nd.comment\n  when issuer is goverment\nend\n",
      "overlay normative_document\nrule nd.comment\n  when technical is yes\nend\n",
      "overlay normative_document\nrule nd.comment\n  basis add \"x\" when issuer is mayor\nend\n",
  };
  static const char *const want[] = {
      "unknown value 'goverment' of attribute 'issuer' (government, department)",
      "'technical' is not a string attribute",
      "unknown value 'mayor' of attribute 'issuer'",
  };
  for (size_t k = 0; k < 3; k++) {
    dp_error err = {0};
    ck_assert_int_eq(dp_engine_load_string(eng, bad[k], strlen(bad[k]), "ov", &err),
                     DP_ERULE);
    ck_assert_msg(strstr(err.text, want[k]) != NULL, "%s", err.text);
    ck_assert_int_eq(err.line, 3);
  }
  static const char ok[] =
      "overlay normative_document\nrule nd.comment\n  when issuer is department\nend\n";
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_load_string(eng, ok, sizeof ok - 1, "ov", &err), 0);
}
END_TEST

/* The gate: 评估论证 done by a risk assessment, the public heard by a
 * consultation; the time given for review lasts until the decision. */
START_TEST(gate_alternatives_and_time_given) {
  dp_record *r = NULL;
  char *j = dp_test_sq("{'id':'m','procedure':'major_decision','events':["
                       "{'step':'consultation','date':'2023-01-10'}]}");
  ck_assert_int_eq(dp_record_from_json(&r, j, strlen(j), 0, NULL), 0);
  free(j);
  dp_gate *g = NULL;
  ck_assert_int_eq(dp_gate_new(&g, eng, r, D(2023, 2, 15), NULL, NULL), 0);
  ck_assert_int_eq(dp_test_may(g, "legality_review", D(2023, 2, 15), NULL), 1);
  for (size_t i = 0; i < dp_gate_step_count(g); i++)
    if (strcmp(dp_gate_step_name(g, i), "public_comment") == 0)
      ck_assert_int_eq(dp_gate_step_required(g, i), 0);
  dp_gate_free(g);
  dp_record_free(r);
  /* a review that answered in three days: the decision still waits */
  j = dp_test_sq("{'id':'n','procedure':'normative_document','events':["
                 "{'step':'assessment','date':'2023-03-01'},"
                 "{'step':'public_comment','start':'2023-03-06','end':'2023-04-10'},"
                 "{'step':'legality_review','start':'2023-04-12','end':'2023-04-14',"
                 "'result':'pass'}]}");
  ck_assert_int_eq(dp_record_from_json(&r, j, strlen(j), 0, NULL), 0);
  free(j);
  ck_assert_int_eq(dp_gate_new(&g, eng, r, D(2023, 4, 17), NULL, NULL), 0);
  int found = 0;
  for (size_t k = 0; k < dp_gate_due_count(g); k++) {
    const dp_due *d = dp_gate_due(g, k);
    if (strcmp(dp_due_rule(d), "nd.review-min") != 0) continue;
    found = 1;
    ck_assert_str_eq(dp_due_step(d), "collective_decision");
    ck_assert_int_eq(dp_due_kind_of(d), DP_DUE_NOT_BEFORE);
    ck_assert_int_eq(dp_due_date(d), D(2023, 4, 19));
    ck_assert_str_eq(dp_due_basis(d), "国办发〔2018〕115号 二（五）");
  }
  ck_assert(found);
  dp_gate_free(g);
  dp_record_free(r);
}
END_TEST

START_TEST(procedure_named_by_title) {
  static const char *const names[] = {"行政规范性文件",
                                      "Administrative Normative Document"};
  for (int k = 0; k < 2; k++) {
    char rec[256];
    snprintf(rec, sizeof rec, "{'id':'t','procedure':'%s','events':[]}",
             names[k]);
    dp_report *r = dp_test_check(eng, rec);
    ck_assert_msg(dp_test_count(r, "record.invalid") == 0, "%s:%s", names[k],
                  dp_test_dump(r));
    ck_assert_uint_eq(dp_test_count(r, "nd.review"), 1);
    dp_report_free(r);
  }
}
END_TEST

/* In progress, a review still running on the as-of day is not judged by
 * its planned end. */
START_TEST(running_period_not_judged) {
  char *j = dp_test_sq(
      "{'id':'p','procedure':'normative_document','events':["
      "{'step':'assessment','date':'2023-03-01'},"
      "{'step':'public_comment','start':'2023-03-06','end':'2023-04-10'},"
      "{'step':'legality_review','start':'2023-04-12','end':'2023-06-30'}]}");
  dp_record *r = NULL;
  ck_assert_int_eq(dp_record_from_json(&r, j, strlen(j), 0, NULL), 0);
  free(j);
  dp_check_options o = {NULL, DP_CHECK_IN_PROGRESS, D(2023, 4, 20)};
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, &o, &rep), 0);
  ck_assert_no_finding(rep, "nd.review-max");
  dp_report_free(rep);
  /* finished, the same review is too long */
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  ck_assert_uint_eq(dp_test_count(rep, "nd.review-max"), 1);
  dp_report_free(rep);
  dp_record_free(r);
}
END_TEST

/* The gate for the procedures of issue 16: may the penalty decision be
 * made before the 法制审核 opinion?  May the agreement be signed? */
START_TEST(gate_new_procedures) {
  dp_record *r = NULL;
  char *j = dp_test_sq("{'id':'e','procedure':'enforcement_decision','events':["
                       "{'step':'investigation','date':'2023-03-01'},"
                       "{'step':'notice','date':'2023-03-06'},"
                       "{'step':'legality_review','start':'2023-03-20'}]}");
  ck_assert_int_eq(dp_record_from_json(&r, j, strlen(j), 0, NULL), 0);
  free(j);
  dp_gate *g = NULL;
  ck_assert_int_eq(dp_gate_new(&g, eng, r, D(2023, 3, 22), NULL, NULL), 0);
  dp_report *why = NULL;
  ck_assert_int_eq(dp_test_may(g, "decision", D(2023, 3, 22), &why), 0);
  const dp_finding *f = dp_test_find(why, "ed.review", -1);
  ck_assert_ptr_nonnull(f);
  ck_assert_str_eq(dp_finding_basis(f),
                   "国办发〔2018〕118号（四）、（十二）；《中华人民共和国行政处罚法》第五十八条");
  dp_report_free(why);
  dp_gate_free(g);
  dp_record_free(r);
  j = dp_test_sq("{'id':'a','procedure':'administrative_agreement',"
                 "'attributes':{'major':true},'events':["
                 "{'step':'negotiation','date':'2024-03-01'},"
                 "{'step':'legality_review','start':'2024-03-05','end':'2024-03-12',"
                 "'result':'pass'}]}");
  ck_assert_int_eq(dp_record_from_json(&r, j, strlen(j), 0, NULL), 0);
  free(j);
  ck_assert_int_eq(dp_gate_new(&g, eng, r, D(2024, 3, 14), NULL, NULL), 0);
  /* reviewed, but a major agreement waits for the collective decision */
  ck_assert_int_eq(dp_test_may(g, "signing", D(2024, 3, 14), &why), 0);
  ck_assert_ptr_nonnull(dp_test_find(why, "aa.decision", -1));
  dp_report_free(why);
  dp_gate_free(g);
  dp_record_free(r);
}
END_TEST

/* The gate judges the record with all its attributes: a string attribute
 * (kind: penalty) decides which publication deadline is due. */
START_TEST(gate_keeps_string_attributes) {
  dp_record *r = NULL;
  char *j = dp_test_sq(
      "{'id':'e','procedure':'enforcement_decision',"
      "'attributes':{'kind':'penalty'},'unknown':['hearing'],'events':["
      "{'step':'investigation','date':'2023-03-01'},"
      "{'step':'notice','date':'2023-03-06'},"
      "{'step':'legality_review','start':'2023-03-20','end':'2023-03-24',"
      "'result':'pass'},"
      "{'step':'collective_decision','date':'2023-03-28'},"
      "{'step':'decision','date':'2023-03-30'}]}");
  ck_assert_int_eq(dp_record_from_json(&r, j, strlen(j), 0, NULL), 0);
  free(j);
  dp_gate *g = NULL;
  ck_assert_int_eq(dp_gate_new(&g, eng, r, D(2023, 3, 31), NULL, NULL), 0);
  const dp_due *due = NULL;
  for (size_t k = 0; k < dp_gate_due_count(g); k++)
    if (strcmp(dp_due_step(dp_gate_due(g, k)), "publication") == 0)
      due = dp_gate_due(g, k);
  ck_assert_ptr_nonnull(due);
  ck_assert_str_eq(dp_due_rule(due), "ed.publication-7wd");
  ck_assert_day_eq(dp_due_date(due), D(2023, 4, 11));
  dp_gate_free(g);
  dp_record_free(r);
}
END_TEST

/* The validity checks (procedures.md E4), as the default rules and as the
 * same checks in an overlay: stated, at most 5 years (2 when provisional,
 * 29 February → 28 February), and run out without a clean-up, judged as
 * of DP_CHECK_AS_OF's day. */
START_TEST(validity_checks) {
  static const char ov[] =
      "overlay normative_document\n"
      "rule new city.validity-stated\n  validity stated\n  severity warning\n"
      "  basis \"x\"\nend\n"
      "rule new city.validity-length\n  validity at most 5 years provisional 2 years\n"
      "  severity warning\n  basis \"x\"\nend\n"
      "rule new city.validity-expired\n"
      "  validity expired unless cleanup or renewal within 6 months\n"
      "  severity warning\n  basis \"x\"\nend\n";
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_load_string(eng, ov, sizeof ov - 1, "ov", &err), 0);
  static const struct {
    const char *until, *attrs, *extra;
    int stated, length, expired;
  } t[] = {
      {NULL, "", "", 1, 0, 0},
      {"2025-02-28", "", "", 0, 0, 0}, /* published 2020-02-29: 5 years */
      {"2025-03-01", "", "", 0, 1, 0}, /* 5 years and a day */
      /* provisional: 2 years; both have also run out by 2024 */
      {"2022-02-28", "'provisional':true", "", 0, 0, 1},
      {"2022-03-01", "'provisional':true", "", 0, 1, 1},
      {"2023-06-30", "", "", 0, 0, 1}, /* past on 2024-01-01, no clean-up */
      {"2023-06-30", "", ",{'step':'cleanup','date':'2023-01-05'}", 0, 0, 0},
      {"2023-06-30", "", ",{'step':'cleanup','date':'2022-12-29'}", 0, 0, 1},
      {"2024-01-01", "", "", 0, 0, 0}, /* the last day is not past */
  };
  for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
    char rec[1024];
    snprintf(rec, sizeof rec,
             "{'id':'v','procedure':'normative_document',%s%s%s"
             "'attributes':{%s},'events':["
             "{'step':'collective_decision','date':'2020-02-20','meeting':'常务会议'},"
             "{'step':'publication','date':'2020-02-29'}%s]}",
             t[k].until ? "'valid_until':'" : "", t[k].until ? t[k].until : "",
             t[k].until ? "'," : "", t[k].attrs, t[k].extra);
    char *j = dp_test_sq(rec);
    dp_record *r = NULL;
    ck_assert_int_eq(dp_record_from_json(&r, j, strlen(j), 0, NULL), 0);
    free(j);
    dp_check_options o = {NULL, DP_CHECK_AS_OF, D(2024, 1, 1)};
    dp_report *rep = NULL;
    ck_assert_int_eq(dp_check(eng, r, &o, &rep), 0);
    ck_assert_msg(dp_test_count(rep, "city.validity-stated") == (size_t)t[k].stated &&
                      dp_test_count(rep, "city.validity-length") == (size_t)t[k].length &&
                      dp_test_count(rep, "city.validity-expired") == (size_t)t[k].expired,
                  "case %zu:%s", k, dp_test_dump(rep));
    /* the default rules (nd.validity-*) give the same verdicts */
    ck_assert_msg(dp_test_count(rep, "nd.validity-stated") == (size_t)t[k].stated &&
                      dp_test_count(rep, "nd.validity-length") == (size_t)t[k].length &&
                      dp_test_count(rep, "nd.validity-expired") == (size_t)t[k].expired,
                  "case %zu (defaults):%s", k, dp_test_dump(rep));
    if (t[k].expired && strcmp(t[k].until, "2023-06-30") == 0)
      ck_assert_msg_has(dp_test_find(rep, "city.validity-expired", -1), DP_LANG_ZH,
                        "有效期已于2023年6月30日届满，自届满前6个月（2022年12月30日）至2024年1月1日");
    dp_report_free(rep);
    dp_record_free(r);
  }
}
END_TEST

/* Without DP_CHECK_AS_OF the validity is judged on the day of the check:
 * today.  A validity that ran out in 2023 has run out today too. */
START_TEST(validity_judged_today_by_default) {
  dp_report *rep = dp_test_check(
      eng, "{'id':'v','procedure':'normative_document','valid_until':'2023-06-30',"
           "'events':[{'step':'collective_decision','date':'2020-02-20',"
           "'meeting':'常务会议'},{'step':'publication','date':'2020-02-29'}]}");
  ck_assert_msg(dp_test_count(rep, "nd.validity-expired") == 1, "%s",
                dp_test_dump(rep));
  dp_report_free(rep);
}
END_TEST

/* A province sets its own lengths by restating the check in an overlay;
 * the summary follows the new numbers. */
START_TEST(validity_length_set_by_overlay) {
  static const char ov[] =
      "overlay normative_document\n"
      "rule nd.validity-length\n  validity at most 3 years provisional 1 years\n"
      "end\n";
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_load_string(eng, ov, sizeof ov - 1, "ov", &err), 0);
  const dp_rule *r = dp_engine_find_rule(eng, NULL, "nd.validity-length");
  ck_assert_ptr_nonnull(strstr(dp_rule_summary(r, DP_LANG_ZH), "3"));
  static const struct {
    const char *until;
    int prov, too_long;
  } t[] = {{"2023-02-28", 0, 0}, {"2023-03-01", 0, 1},
           {"2021-02-28", 1, 0}, {"2021-03-01", 1, 1}};
  for (size_t k = 0; k < sizeof t / sizeof t[0]; k++) {
    char rec[512];
    snprintf(rec, sizeof rec,
             "{'id':'v','procedure':'normative_document','valid_until':'%s',"
             "'attributes':{'provisional':%s},'events':["
             "{'step':'collective_decision','date':'2020-02-20','meeting':'常务会议'},"
             "{'step':'publication','date':'2020-02-29'}]}",
             t[k].until, t[k].prov ? "true" : "false");
    dp_report *rep = dp_test_check(eng, rec);
    ck_assert_msg(dp_test_count(rep, "nd.validity-length") == (size_t)t[k].too_long,
                  "case %zu:%s", k, dp_test_dump(rep));
    dp_report_free(rep);
  }
}
END_TEST

/* Every default rule, every row of tables A, B and E1–E4, through the
 * library: each record of tests/rules/defaults.cases.jsonl gives exactly
 * the findings it expects (judged on 2026-12-01, the day its validity
 * cases were written for), and each rule has a record of its procedure
 * that fails it and one that passes it. */
START_TEST(every_row_fails_and_passes) {
  char *path = dp_test_path("tests/rules/defaults.cases.jsonl");
  dp_reader *rd = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_reader_open(&rd, path, DP_FORMAT_AUTO, &err), 0);
  size_t nrules = dp_engine_rule_count(eng);
  char *failed = calloc(nrules, 1), *passed = calloc(nrules, 1);
  ck_assert(failed && passed);
  dp_check_options o = {NULL, DP_CHECK_AS_OF, D(2026, 12, 1)};
  dp_record *r = NULL;
  size_t nrec = 0;
  int rc;
  while ((rc = dp_reader_next(rd, &r, &err)) == 1) {
    dp_report *rep = NULL;
    ck_assert_int_eq(dp_check(eng, r, &o, &rep), 0);
    char *diff = NULL;
    ck_assert_msg(dp_report_expected(rep, r, &diff) == 1, "%s: %s",
                  dp_report_id(rep), diff ? diff : "");
    dp_free(diff);
    for (size_t k = 0; k < nrules; k++) {
      const dp_rule *rule = dp_engine_rule(eng, k);
      if (strcmp(dp_rule_procedure(rule), dp_report_procedure(rep)) != 0)
        continue;
      if (dp_test_count(rep, dp_rule_id(rule)))
        failed[k] = 1;
      else
        passed[k] = 1;
    }
    dp_report_free(rep);
    dp_record_free(r);
    nrec++;
  }
  ck_assert_int_eq(rc, 0);
  ck_assert_uint_gt(nrec, 80);
  for (size_t k = 0; k < nrules; k++) {
    const char *id = dp_rule_id(dp_engine_rule(eng, k));
    ck_assert_msg(failed[k], "no case fails %s", id);
    ck_assert_msg(passed[k], "no case passes %s", id);
  }
  free(failed);
  free(passed);
  dp_reader_free(rd);
  free(path);
}
END_TEST

static Suite *law_suite(void) {
  Suite *s = suite_create("law");
  TCase *tc = tcase_create("in force");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, zuzhifa_from_2022_03_12);
  tcase_add_test(tc, zuzhifa_binds_governments_only);
  tcase_add_test(tc, guobanfa37_from_2018_05_16);
  tcase_add_test(tc, guobanfa115_from_2018_12_04);
  tcase_add_test(tc, reg713_from_2019_09_01);
  tcase_add_test(tc, yingshang_from_2020_01_01);
  tcase_add_test(tc, fair_competition_34_until_2024_07_31);
  tcase_add_test(tc, fair_competition_article_by_issuer);
  tcase_add_test(tc, filing_law_switch_2024_11_01);
  tcase_add_test(tc, publication_20wd);
  tcase_add_test(tc, publication_20wd_law_2019_05_15);
  tcase_add_test(tc, gbt9704_from_2012_07_01);
  tcase_add_test(tc, list_shows_spans);
  tcase_add_test(tc, overlay_adds_a_dated_basis);
  tcase_add_test(tc, condition_values_are_checked);
  tcase_add_test(tc, gate_alternatives_and_time_given);
  tcase_add_test(tc, gate_new_procedures);
  tcase_add_test(tc, gate_keeps_string_attributes);
  tcase_add_test(tc, validity_checks);
  tcase_add_test(tc, validity_judged_today_by_default);
  tcase_add_test(tc, validity_length_set_by_overlay);
  tcase_add_test(tc, every_row_fails_and_passes);
  suite_add_tcase(s, tc);
  tc = tcase_create("v2 rows");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, doc_number_year_and_gonggao_forms);
  tcase_add_test(tc, assessment_by_any_of_its_forms);
  tcase_add_test(tc, department_consultation_is_not_public_comment);
  tcase_add_test(tc, nd_expert_needs_no_signature);
  tcase_add_test(tc, md_expert_signature);
  tcase_add_test(tc, md_public_heard_by_consultation);
  tcase_add_test(tc, risk_mitigation_cures);
  tcase_add_test(tc, review_time_given);
  tcase_add_test(tc, meetings_by_issuer);
  tcase_add_test(tc, internal_issue_is_not_publication);
  tcase_add_test(tc, hearing_materials_7_days);
  suite_add_tcase(s, tc);
  tc = tcase_create("not silent");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, result_words);
  tcase_add_test(tc, unknown_result_is_never_a_pass);
  tcase_add_test(tc, label_negation);
  tcase_add_test(tc, misspelled_attribute);
  tcase_add_test(tc, attribute_types_and_values);
  tcase_add_test(tc, not_recorded_is_not_missing);
  tcase_add_test(tc, spreadsheet_serial_date_named);
  tcase_add_test(tc, procedure_named_by_title);
  tcase_add_test(tc, running_period_not_judged);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(law_suite()); }

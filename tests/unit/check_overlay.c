/*
 * check_overlay.c - overlays (procedures.md §D): the example district
 * overlay in examples/overlays/ and small overlays that disable a rule,
 * change only its severity, its messages, its condition or add labels.
 */
#define DP_TEST_ENGINE_FIXTURE
#define DP_TEST_NO_VALIDITY
#include "util.h"

#include "dp-json.h"


static void load_district(void) {
  char *path = dp_test_path("examples/overlays/example-district.rules");
  dp_error err = {0};
  int rc = dp_engine_load_file(eng, path, &err);
  ck_assert_msg(rc == 0, "%s: %s", path, err.text);
  free(path);
}

static void load(const char *text) {
  dp_error err = {0};
  int rc = dp_engine_load_string(eng, text, strlen(text), "o.rules", &err);
  ck_assert_msg(rc == 0, "o.rules:%d:%d: %s", err.line, err.column, err.text);
}

/* A normative document published 2022-05-06 (Fri) and filed `filing`. */
static dp_report *nd_filed(const char *filing) {
  char buf[2048];
  snprintf(buf, sizeof buf,
           "{'id':'o','procedure':'normative_document',"
           "'doc_number':'平政〔2022〕12号','events':["
           "{'step':'assessment','date':'2022-03-01'},"
           "{'step':'public_comment','start':'2022-03-02','end':'2022-04-01'},"
           "{'step':'legality_review','start':'2022-04-06','end':'2022-04-15'},"
           "{'step':'collective_decision','date':'2022-04-28','meeting':'常务会议'},"
           "{'step':'publication','date':'2022-05-06'},"
           "{'step':'filing','date':'%s'}]}",
           filing);
  return dp_test_check(eng, buf);
}

/* A major decision taken at `meeting`. */
static dp_report *md_at(const char *meeting) {
  char buf[2048];
  snprintf(buf, sizeof buf,
           "{'id':'o','procedure':'major_decision','events':["
           "{'step':'public_comment','start':'2022-03-01','end':'2022-03-30'},"
           "{'step':'legality_review','start':'2022-04-06','end':'2022-04-15'},"
           "{'step':'collective_decision','date':'2022-04-28','meeting':'%s'},"
           "{'step':'publication','date':'2022-05-06'},"
           "{'step':'archiving','date':'2022-06-01'}]}",
           meeting);
  return dp_test_check(eng, buf);
}

/* ---------------------------------------------------------------------
 * examples/overlays/example-district.rules
 * ------------------------------------------------------------------- */

START_TEST(district_filing_15_days) {
  /* 2022-05-26 is 20 days after publication: in time by default */
  dp_report *rep = nd_filed("2022-05-26");
  ck_assert_msg(dp_report_count(rep) == 0, "%s", dp_test_dump(rep));
  dp_report_free(rep);
  load_district();
  /* 05-06 + 15 = 05-21, a Saturday: the deadline is Monday 05-23; the
   * overlay makes the (by default a warning) deadline an error */
  const dp_finding *f;
  rep = nd_filed("2022-05-26");
  ck_assert_one_finding(f, rep, "nd.filing-30d", DP_OVERDUE, DP_ERROR,
                        "filing", "publication", 5);
  ck_assert_msg_has(f, DP_LANG_EN, "within 15 days after publication");
  ck_assert_msg_has(f, DP_LANG_EN,
                    "the last day 2022-05-21 was a rest day, so 2022-05-23");
  ck_assert_msg_has(f, DP_LANG_ZH, "起15日内备案");
  ck_assert_msg_has(f, DP_LANG_ZH, "顺延至5月23日");
  ck_assert_str_eq(dp_finding_basis(f),
                   "《示例区行政规范性文件管理办法》第二十条（示例）");
  ck_assert_int_eq(dp_finding_verified(f), 0);
  ck_assert_uint_eq(dp_report_count(rep), 1);
  dp_report_free(rep);
  rep = nd_filed("2022-05-23");
  ck_assert_uint_eq(dp_report_count(rep), 0);
  dp_report_free(rep);
}
END_TEST

START_TEST(district_office_meeting) {
  const dp_finding *f;
  dp_report *rep = md_at("区长办公会议");
  ck_assert_one_finding(f, rep, "md.decision", DP_INCOMPLETE, DP_ERROR,
                        "collective_decision", NULL, 2);
  dp_report_free(rep);
  load_district();
  rep = md_at("区长办公会议");
  ck_assert_msg(dp_report_count(rep) == 0, "%s", dp_test_dump(rep));
  dp_report_free(rep);
  /* still a 常务会议 or 全体会议; still not any 办公会议 */
  rep = md_at("区政府常务会议");
  ck_assert_uint_eq(dp_report_count(rep), 0);
  dp_report_free(rep);
  rep = md_at("办公会议");
  ck_assert_one_finding(f, rep, "md.decision", DP_INCOMPLETE, DP_ERROR,
                        "collective_decision", NULL, 2);
  ck_assert_int_eq(dp_finding_verified(f), 0); /* the overlay: verified no */
  dp_report_free(rep);
}
END_TEST

/* Rules the overlay does not name, and the parts of named rules it does
 * not state, stay as they were. */
START_TEST(district_leaves_the_rest) {
  static const char *const faulty =
      "{'id':'f','procedure':'normative_document','doc_number':'平政[2022]1号',"
      "'attributes':{'affects_market':true,'technical':true},'events':["
      "{'step':'public_comment','start':'2022-03-02','end':'2022-03-20'},"
      "{'step':'assessment','date':'2022-03-10'},"
      "{'step':'collective_decision','date':'2022-04-28'},"
      "{'step':'legality_review','start':'2022-04-29','end':'2022-05-05',"
      "'result':'fail'},"
      "{'step':'publication','date':'2022-04-27'}]}";
  dp_report *rep = dp_test_check(eng, faulty);
  char *before = dp_report_to_json(rep, DP_LANG_ZH, NULL);
  ck_assert_uint_ge(dp_report_count(rep), 8);
  dp_report_free(rep);
  size_t nrules = dp_engine_rule_count(eng);
  const dp_rule *dec = dp_engine_find_rule(eng, "major_decision", "md.decision");
  char summary[256];
  snprintf(summary, sizeof summary, "%s", dp_rule_summary(dec, DP_LANG_ZH));

  load_district();
  rep = dp_test_check(eng, faulty);
  char *after = dp_report_to_json(rep, DP_LANG_ZH, NULL);
  ck_assert_str_eq(after, before);
  dp_free(after);
  dp_free(before);
  dp_report_free(rep);

  ck_assert_uint_eq(dp_engine_rule_count(eng), nrules);
  const dp_rule *r = dp_engine_find_rule(eng, NULL, "nd.filing-30d");
  ck_assert_str_eq(dp_rule_kind(r), "deadline");
  ck_assert_int_eq(dp_rule_severity(r), DP_ERROR);
  ck_assert_str_eq(dp_rule_summary(r, DP_LANG_EN),
                   "filing within 15 days after publication (example district)");
  /* the origin names both files */
  ck_assert_ptr_nonnull(strstr(dp_rule_origin(r),
                               "<default:normative_document.rules>:"));
  ck_assert_ptr_nonnull(strstr(dp_rule_origin(r), "example-district.rules:12"));
  /* md.decision: new pattern and basis, the same summary and severity */
  ck_assert_ptr_eq(dp_engine_find_rule(eng, "major_decision", "md.decision"),
                   dec);
  ck_assert_str_eq(dp_rule_summary(dec, DP_LANG_ZH), summary);
  ck_assert_int_eq(dp_rule_severity(dec), DP_ERROR);
  ck_assert_str_eq(dp_rule_kind(dec), "require");
  ck_assert_int_eq(dp_rule_verified(dec), 0);
  ck_assert_ptr_nonnull(strstr(dp_rule_basis(dec), "示例区"));
  ck_assert_int_eq(dp_rule_verified(dp_engine_find_rule(eng, NULL,
                                                         "md.review")),
                   1);
}
END_TEST

/* ---------------------------------------------------------------------
 * Small overlays
 * ------------------------------------------------------------------- */

START_TEST(overlay_disables_a_rule) {
  size_t n = dp_engine_rule_count(eng);
  char *json = dp_test_sq("{'id':'d','procedure':'normative_document'}");
  dp_record *rec = NULL;
  ck_assert_int_eq(dp_record_from_json(&rec, json, strlen(json), 0, NULL), 0);
  dp_report *rep;
  ck_assert_int_eq(dp_check(eng, rec, NULL, &rep), 0);
  ck_assert_uint_eq(dp_test_count(rep, "nd.assessment"), 1);
  size_t before = dp_report_count(rep);
  dp_report_free(rep);

  load("overlay normative_document \"无评估\"\ndisable nd.assessment\n");
  ck_assert_uint_eq(dp_engine_rule_count(eng), n - 1);
  ck_assert_ptr_null(dp_engine_find_rule(eng, NULL, "nd.assessment"));
  for (size_t i = 0; i < dp_engine_rule_count(eng); i++)
    ck_assert_str_ne(dp_rule_id(dp_engine_rule(eng, i)), "nd.assessment");
  ck_assert_int_eq(dp_check(eng, rec, NULL, &rep), 0);
  ck_assert_no_finding(rep, "nd.assessment");
  ck_assert_uint_eq(dp_report_count(rep), before - 1);
  dp_report_free(rep);

  /* a later overlay that changes the rule enables it again */
  load("overlay normative_document\nrule nd.assessment\n  severity warning\n"
       "end\n");
  ck_assert_uint_eq(dp_engine_rule_count(eng), n);
  ck_assert_int_eq(dp_check(eng, rec, NULL, &rep), 0);
  const dp_finding *f;
  ck_assert_one_finding(f, rep, "nd.assessment", DP_MISSING, DP_WARNING,
                        "assessment", NULL, -1);
  dp_report_free(rep);
  dp_record_free(rec);
  free(json);
}
END_TEST

/* The default filing deadline is a warning (procedures.md v2); a
 * province's overlay may make it an error and change nothing else. */
START_TEST(overlay_changes_severity_only) {
  const dp_finding *f;
  dp_report *rep = nd_filed("2022-06-07"); /* 30 days: 06-05, a rest day */
  ck_assert_one_finding(f, rep, "nd.filing-30d", DP_OVERDUE, DP_WARNING,
                        "filing", "publication", 5);
  ck_assert(dp_report_ok(rep));
  char *before = strdup(dp_finding_message(f, DP_LANG_EN));
  char *basis = strdup(dp_finding_basis(f));
  dp_report_free(rep);
  const dp_rule *r = dp_engine_find_rule(eng, NULL, "nd.filing-30d");
  ck_assert_int_eq(dp_rule_severity(r), DP_WARNING);
  char *rule_basis = strdup(dp_rule_basis(r));

  load("overlay normative_document\nrule nd.filing-30d\n  severity error\n"
       "end\n");
  r = dp_engine_find_rule(eng, NULL, "nd.filing-30d");
  ck_assert_int_eq(dp_rule_severity(r), DP_ERROR);
  ck_assert_str_eq(dp_rule_kind(r), "deadline");
  ck_assert_int_eq(dp_rule_verified(r), 0); /* as before */
  ck_assert_str_eq(dp_rule_basis(r), rule_basis);
  /* both filing regulations, each with its span */
  ck_assert_ptr_nonnull(strstr(dp_rule_basis(r), "《法规规章备案条例》"));
  ck_assert_ptr_nonnull(strstr(dp_rule_basis(r), "《法规规章备案审查条例》"));
  rep = nd_filed("2022-06-07");
  ck_assert_one_finding(f, rep, "nd.filing-30d", DP_OVERDUE, DP_ERROR,
                        "filing", "publication", 5);
  ck_assert_msg_has(f, DP_LANG_EN, "so 2022-06-06; it was on 2022-06-07");
  ck_assert_str_eq(dp_finding_message(f, DP_LANG_EN), before);
  /* decided in 2022: the 2001 regulation is the one in force */
  ck_assert_str_eq(dp_finding_basis(f), basis);
  ck_assert_str_eq(basis, "《法规规章备案条例》第三条（规章的期限，作为缺省值）");
  ck_assert(!dp_report_ok(rep));
  free(before);
  free(basis);
  free(rule_basis);
  dp_report_free(rep);
  rep = nd_filed("2022-06-06");
  ck_assert_uint_eq(dp_report_count(rep), 0);
  dp_report_free(rep);
}
END_TEST

START_TEST(overlay_changes_messages) {
  load("overlay normative_document\n"
       "rule nd.filing-30d\n"
       "  message zh \"{id}：{step}逾期（{date}，期限{deadline}）\"\n"
       "  message en overdue \"late {step}: {date} > {deadline} ({limit} after "
       "{other_when})\"\n"
       "end\n"
       "rule nd.assessment\n"
       "  message en \"no {step}!\"\n"
       "end\n");
  const dp_finding *f;
  /* the overlay changes the words only: the default deadline stays a
   * warning */
  dp_report *rep = nd_filed("2022-06-07");
  ck_assert_one_finding(f, rep, "nd.filing-30d", DP_OVERDUE, DP_WARNING,
                        "filing", "publication", 5);
  ck_assert_msg_has(f, DP_LANG_ZH, "o：备案逾期（2022年6月7日，期限");
  ck_assert_str_eq(dp_finding_message(f, DP_LANG_EN),
                   "late filing: 2022-06-07 > 2022-06-06 (30 days after "
                   "2022-05-06)");
  dp_report_free(rep);
  rep = dp_test_check(eng, "{'id':'a','procedure':'normative_document'}");
  f = dp_test_find(rep, "nd.assessment", DP_MISSING);
  ck_assert_ptr_nonnull(f);
  ck_assert_str_eq(dp_finding_message(f, DP_LANG_EN), "no assessment!");
  ck_assert_str_eq(dp_finding_message(f, DP_LANG_ZH),
                   "未进行评估论证（亦无专家论证、风险评估）"); /* kept */
  dp_report_free(rep);
}
END_TEST

/* A message's {deadline} is a whole date, with its year, wherever the
 * template puts it: here without {deadline_raw} before it, for a
 * deadline moved over a rest day (06-05, a Sunday, to 06-06). */
START_TEST(overlay_message_deadline_has_year) {
  load("overlay normative_document\n"
       "rule nd.filing-30d\n"
       "  message zh \"{id}：{step}逾期（{date}，期限{deadline}）\"\n"
       "end\n");
  const dp_finding *f;
  dp_report *rep = nd_filed("2022-06-07");
  ck_assert_one_finding(f, rep, "nd.filing-30d", DP_OVERDUE, DP_WARNING,
                        "filing", "publication", 5);
  ck_assert_str_eq(dp_finding_message(f, DP_LANG_ZH),
                   "o：备案逾期（2022年6月7日，期限2022年6月6日）");
  dp_report_free(rep);
}
END_TEST

START_TEST(overlay_changes_condition) {
  const char *ev = "{'id':'c','procedure':'normative_document',"
                   "'attributes':{'affects_market':true},'events':[]}";
  dp_report *rep = dp_test_check(eng, ev);
  ck_assert_no_finding(rep, "nd.expert");
  dp_report_free(rep);
  load("overlay normative_document\nrule nd.expert\n"
       "  when technical or affects_market\nend\n");
  const dp_finding *f;
  rep = dp_test_check(eng, ev);
  ck_assert_one_finding(f, rep, "nd.expert", DP_MISSING, DP_ERROR,
                        "expert_review", NULL, -1);
  dp_report_free(rep);
}
END_TEST

/* An overlay's labels are tried before the procedure's own.  (An expert
 * review or a risk assessment is 评估论证 too in v2, so the overlay maps
 * the label to a step that is not: public comment.) */
START_TEST(overlay_labels_first) {
  const char *ev = "{'id':'l','procedure':'normative_document','events':["
                   "{'label':'评估论证','date':'2022-03-01'}]}";
  dp_report *rep = dp_test_check(eng, ev);
  ck_assert_no_finding(rep, "nd.assessment");
  ck_assert_uint_eq(dp_test_count(rep, "nd.comment"), 1);
  dp_report_free(rep);
  load("overlay normative_document\nlabel public_comment /论证/\n");
  rep = dp_test_check(eng, ev);
  ck_assert_uint_eq(dp_test_count(rep, "nd.assessment"), 1);
  ck_assert_no_finding(rep, "nd.comment");
  ck_assert_no_finding(rep, "record.label");
  dp_report_free(rep);
  /* major decisions keep their labels */
  rep = dp_test_check(eng, "{'id':'l','procedure':'major_decision','events':["
                           "{'label':'评估论证','date':'2022-03-01'}]}");
  ck_assert_no_finding(rep, "record.label");
  dp_report_free(rep);
}
END_TEST

START_TEST(overlay_mistakes) {
  dp_error err = {0};
  size_t n = dp_engine_rule_count(eng);
  const char *t1 = "overlay normative_document\nrule nd.filing-30d\n"
                   "  with signed true\nend\n";
  ck_assert_int_eq(dp_engine_load_string(eng, t1, strlen(t1), "o", &err),
                   DP_ERULE);
  ck_assert_int_eq(err.line, 4);
  ck_assert_ptr_nonnull(strstr(err.text, "'with' only goes with 'require'"));
  memset(&err, 0, sizeof err);
  const char *t2 = "overlay normative_document\nrule nd.review\n"
                   "  severity warning\nend\nrule nd.review\n";
  ck_assert_int_eq(dp_engine_load_string(eng, t2, strlen(t2), "o", &err),
                   DP_ERULE);
  ck_assert_int_eq(err.line, 5);
  ck_assert_int_eq(err.column, 6);
  ck_assert_ptr_nonnull(strstr(err.text, "changed twice"));
  /* nothing changed */
  ck_assert_uint_eq(dp_engine_rule_count(eng), n);
  ck_assert_int_eq(dp_rule_severity(dp_engine_find_rule(eng, NULL,
                                                        "nd.review")),
                   DP_ERROR);
}
END_TEST

/* Each finding's "rule" and "basis" in the JSON line are its rule's id
 * and basis (written as JSON when the rules were loaded), also after an
 * overlay gives the rule a basis that needs escapes. */
static const char faulty[] =
    "{'id':'w-1','procedure':'normative_document','title':'写出测试',"
    "'doc_number':'平政〔2023〕第1号',"
    "'events':[{'step':'assessment','date':'2023-03-01'},"
    "{'step':'collective_decision','date':'2023-04-11'},"
    "{'step':'publication','date':'2023-04-20'}]}";

static void assert_json_rules(const dp_report *rep) {
  char *js = dp_report_to_json(rep, DP_LANG_ZH, NULL);
  ck_assert_ptr_nonnull(js);
  ck_assert_uint_eq(dp_report_write_json(rep, DP_LANG_ZH, NULL, 0), strlen(js));
  cJSON *root = cJSON_Parse(js);
  ck_assert_ptr_nonnull(root);
  cJSON *fs = cJSON_GetObjectItem(root, "findings");
  ck_assert_int_eq(cJSON_GetArraySize(fs), (int)dp_report_count(rep));
  for (size_t i = 0; i < dp_report_count(rep); i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    const cJSON *o = cJSON_GetArrayItem(fs, (int)i);
    ck_assert_str_eq(cJSON_GetObjectItem(o, "rule")->valuestring,
                     dp_finding_rule(f));
    ck_assert_str_eq(cJSON_GetObjectItem(o, "basis")->valuestring,
                     dp_finding_basis(f));
  }
  cJSON_Delete(root);
  dp_free(js);
}

START_TEST(rule_json_forms_follow_overlay) {
  dp_report *rep = dp_test_check(eng, faulty);
  assert_json_rules(rep);
  /* the first finding of a rule (not of the data) */
  const char *id = NULL;
  for (size_t i = 0; i < dp_report_count(rep) && !id; i++) {
    const char *r = dp_finding_rule(dp_report_finding(rep, i));
    if (strncmp(r, "record.", 7) != 0) id = r;
  }
  ck_assert_ptr_nonnull(id);
  char overlay[512];
  snprintf(overlay, sizeof overlay,
           "overlay normative_document \"测试区\"\n\n"
           "rule %s\n"
           "  basis \"《测试办法》\\\"第一条\\\" \\\\ 附\\n件\"\n"
           "end\n", id);
  dp_report_free(rep);
  dp_error err = {0};
  ck_assert_msg(dp_engine_load_string(eng, overlay, strlen(overlay),
                                      "t.rules", &err) == 0,
                "%s", err.text);
  rep = dp_test_check(eng, faulty);
  int seen = 0;
  for (size_t i = 0; i < dp_report_count(rep); i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    if (strcmp(dp_finding_rule(f), id) != 0) continue;
    ck_assert_str_eq(dp_finding_basis(f),
                     "《测试办法》\"第一条\" \\ 附\n件");
    seen = 1;
  }
  ck_assert(seen);
  assert_json_rules(rep);
  char *js = dp_report_to_json(rep, DP_LANG_ZH, NULL);
  ck_assert_ptr_nonnull(
      strstr(js, "\"basis\":\"《测试办法》\\\"第一条\\\" \\\\ 附\\n件\""));
  dp_free(js);
  dp_report_free(rep);
}
END_TEST

/* ---------------------------------------------------------------------
 * The plan (lib/plan.c) is made again at every load: a procedure's
 * rules, which of them are enabled, and the spans in which their bases
 * are law come from the rules as they stand after the last overlay.
 * ------------------------------------------------------------------- */

/* A procedure of its own: one rule on a step no other rule names
 * (`archiving`), law only from 2020 to 2022; one that counts a step that
 * repeats; one whose basis holds for some records only. */
static const char plan_rules[] =
    "procedure plan_test \"计划\" \"plan test\"\n"
    "rule pt.archived\n"
    "  require archiving\n"
    "  severity error\n"
    "  basis \"甲法\" from 2020-01-01 until 2022-12-31\n"
    "end\n"
    "rule pt.once\n"
    "  exactly publication 1\n"
    "  severity warning\n"
    "  basis \"乙法\"\n"
    "end\n"
    "rule pt.government\n"
    "  require filing\n"
    "  severity error\n"
    "  basis \"丙法\" when issuer is government\n"
    "end\n";

/* A plan_test record decided on `day`, published `npub` times. */
static dp_report *plan_record(const char *day, int npub, const char *authority) {
  char buf[1024];
  int n = snprintf(buf, sizeof buf,
                   "{'id':'p','procedure':'plan_test','authority':'%s',"
                   "'events':[{'step':'collective_decision','date':'%s'}",
                   authority, day);
  for (int k = 0; k < npub; k++)
    n += snprintf(buf + n, sizeof buf - (size_t)n,
                  ",{'step':'publication','date':'%s'}", day);
  snprintf(buf + n, sizeof buf - (size_t)n, "]}");
  return dp_test_check(eng, buf);
}

START_TEST(plan_spans_of_a_new_procedure) {
  load(plan_rules);
  const char *gov = "平安市人民政府", *dept = "平安市司法局";
  /* the day before the span, its first and last day, the day after */
  static const char *const days[] = {"2019-12-31", "2020-01-01", "2022-12-31",
                                     "2023-01-01"};
  static const size_t archived[] = {0, 1, 1, 0};
  for (size_t k = 0; k < 4; k++) {
    dp_report *rep = plan_record(days[k], 1, gov);
    ck_assert_msg(dp_test_count(rep, "pt.archived") == archived[k], "%s: %s",
                  days[k], dp_test_dump(rep));
    ck_assert_no_finding(rep, "pt.once");
    ck_assert_uint_eq(dp_test_count(rep, "pt.government"), 1);
    dp_report_free(rep);
  }
  /* a step that repeats: counted, each event in the step's index */
  dp_report *rep = plan_record("2021-06-01", 3, gov);
  ck_assert_uint_eq(dp_test_count(rep, "pt.once"), 1);
  dp_report_free(rep);
  /* the basis that holds only for a government: a department's record
   * is not asked for a filing */
  rep = plan_record("2021-06-01", 1, dept);
  ck_assert_no_finding(rep, "pt.government");
  ck_assert_uint_eq(dp_test_count(rep, "pt.archived"), 1);
  dp_report_free(rep);
}
END_TEST

START_TEST(plan_follows_overlays) {
  load(plan_rules);
  const char *gov = "平安市人民政府";
  /* disabled after load: the plan drops it */
  load("overlay plan_test\ndisable pt.archived\n");
  dp_report *rep = plan_record("2021-06-01", 1, gov);
  ck_assert_no_finding(rep, "pt.archived");
  ck_assert_uint_eq(dp_test_count(rep, "pt.government"), 1);
  dp_report_free(rep);
  /* replaced with a basis law from 2023 on: enabled again, on the new
   * span only */
  load("overlay plan_test\nrule pt.archived\n"
       "  basis \"丁法\" from 2023-01-01\nend\n");
  rep = plan_record("2021-06-01", 1, gov);
  ck_assert_no_finding(rep, "pt.archived");
  dp_report_free(rep);
  const dp_finding *f;
  rep = plan_record("2023-01-01", 1, gov);
  ck_assert_one_finding(f, rep, "pt.archived", DP_MISSING, DP_ERROR,
                        "archiving", NULL, -1);
  ck_assert_str_eq(dp_finding_basis(f), "丁法");
  dp_report_free(rep);
  /* every rule disabled: none is run */
  load("overlay plan_test\ndisable pt.archived\ndisable pt.once\n"
       "disable pt.government\n");
  rep = plan_record("2023-01-01", 2, gov);
  ck_assert_no_finding(rep, "pt.archived");
  ck_assert_no_finding(rep, "pt.once");
  ck_assert_no_finding(rep, "pt.government");
  dp_report_free(rep);
}
END_TEST

static Suite *overlay_suite(void) {
  Suite *s = suite_create("overlay");
  TCase *tc = tcase_create("overlay");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, district_filing_15_days);
  tcase_add_test(tc, district_office_meeting);
  tcase_add_test(tc, district_leaves_the_rest);
  tcase_add_test(tc, overlay_disables_a_rule);
  tcase_add_test(tc, overlay_changes_severity_only);
  tcase_add_test(tc, overlay_changes_messages);
  tcase_add_test(tc, overlay_message_deadline_has_year);
  tcase_add_test(tc, overlay_changes_condition);
  tcase_add_test(tc, overlay_labels_first);
  tcase_add_test(tc, overlay_mistakes);
  tcase_add_test(tc, rule_json_forms_follow_overlay);
  tcase_add_test(tc, plan_spans_of_a_new_procedure);
  tcase_add_test(tc, plan_follows_overlays);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(overlay_suite()); }

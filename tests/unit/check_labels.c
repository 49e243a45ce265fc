/*
 * check_labels.c - free-text labels → canonical steps (records.md §2, the
 * `label` statements of lib/rules/ files).
 *
 * To see which step a label became, the engine gets an overlay with one
 * `require` probe rule per canonical step; a record holding just the
 * labelled event is then missing every step but the one its label maps to.
 */
#include "util.h"

static dp_engine *eng;

static const char *const steps[] = {
    "assessment",          "public_comment", "hearing",
    "expert_review",       "risk_assessment", "fair_competition_review",
    "legality_review",     "collective_decision", "publication",
    "filing",              "archiving",       "post_evaluation"};
#define NSTEPS (sizeof steps / sizeof steps[0])

static void setup(void) {
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_new(&eng, 0, &err), 0);
  static char text[8192];
  size_t at = 0;
  static const char *const procs[] = {"normative_document", "major_decision"};
  for (size_t p = 0; p < 2; p++) {
    at += (size_t)snprintf(text + at, sizeof text - at, "overlay %s\n",
                           procs[p]);
    for (size_t i = 0; i < NSTEPS; i++)
      at += (size_t)snprintf(text + at, sizeof text - at,
                             "rule new probe.%s\n  require %s\n"
                             "  basis \"probe\"\nend\n",
                             steps[i], steps[i]);
  }
  int rc = dp_engine_load_string(eng, text, at, "probe.rules", &err);
  ck_assert_msg(rc == 0, "%s", err.text);
}

static void teardown(void) {
  dp_engine_free(eng);
  eng = NULL;
}

/* The step the event maps to in `proc`, NULL when its label maps to none.
 * `event` is the inside of the event object. */
static const char *mapped(const char *proc, const char *event) {
  char buf[1024];
  snprintf(buf, sizeof buf,
           "{'id':'l','procedure':'%s','events':[{%s,'date':'2022-03-01'}]}",
           proc, event);
  dp_report *rep = dp_test_check(eng, buf);
  const char *found = NULL;
  if (dp_test_count(rep, "record.label") == 0) {
    size_t n = 0;
    for (size_t i = 0; i < NSTEPS; i++) {
      char id[64];
      snprintf(id, sizeof id, "probe.%s", steps[i]);
      if (!dp_test_find(rep, id, DP_MISSING)) {
        found = steps[i];
        n++;
      }
    }
    ck_assert_msg(n == 1, "%s: %zu steps not missing:%s", event, n,
                  dp_test_dump(rep));
  }
  dp_report_free(rep);
  return found;
}

static const struct {
  const char *proc, *label, *step;
} cases[] = {
    {"normative_document", "市司法局出具合法性审核意见书", "legality_review"},
    {"normative_document", "报请司法局进行合法性审查", "legality_review"},
    {"normative_document", "法制审核", "legality_review"},
    {"normative_document", "公开征求意见", "public_comment"},
    {"normative_document", "在市政府网站征求社会公众意见", "public_comment"},
    {"normative_document", "专家论证会", "expert_review"},
    {"normative_document", "召开专家咨询会", "expert_review"},
    {"normative_document", "决策后评估", "post_evaluation"},
    {"normative_document", "实施情况评估", "post_evaluation"},
    {"normative_document", "起草前评估论证", "assessment"},
    {"normative_document", "开展调研", "assessment"},
    {"normative_document", "社会稳定风险评估", "risk_assessment"},
    {"normative_document", "公平竞争审查", "fair_competition_review"},
    {"normative_document", "举行听证会", "hearing"},
    {"normative_document", "市政府第15次常务会议审议通过", "collective_decision"},
    {"normative_document", "局长办公会议研究", "collective_decision"},
    {"normative_document", "集体讨论决定", "collective_decision"},
    {"normative_document", "在政府公报上公布", "publication"},
    {"normative_document", "正式印发", "publication"},
    {"normative_document", "报市人大常委会备案", "filing"},
    {"normative_document", "立卷归档", "archiving"},
    {"normative_document", "领导签批", NULL},
    {"major_decision", "决策后评估", "post_evaluation"},
    {"major_decision", "专家论证会", "expert_review"},
    {"major_decision", "合法性审查意见书", "legality_review"},
    {"major_decision", "公众参与", "public_comment"},
    {"major_decision", "社会稳定风险评估报告", "risk_assessment"},
    {"major_decision", "区长办公会议研究决定", "collective_decision"},
    {"major_decision", "全体会议讨论", "collective_decision"},
    {"major_decision", "召开听证会", "hearing"},
    {"major_decision", "公平竞争审查", "fair_competition_review"},
    {"major_decision", "评估论证", "assessment"},
    {"major_decision", "公开发布", "publication"},
    {"major_decision", "领导签批", NULL},
};

START_TEST(label_maps_to_step) {
  char ev[256];
  snprintf(ev, sizeof ev, "'label':'%s'", cases[_i].label);
  const char *got = mapped(cases[_i].proc, ev);
  ck_assert_msg((got == NULL) == (cases[_i].step == NULL) &&
                    (!got || strcmp(got, cases[_i].step) == 0),
                "%s: '%s' maps to %s, expected %s", cases[_i].proc,
                cases[_i].label, got ? got : "(none)",
                cases[_i].step ? cases[_i].step : "(none)");
}
END_TEST

/* 决策后评估 holds 评估, yet is never the assessment of the draft. */
START_TEST(post_evaluation_is_not_assessment) {
  dp_report *rep = dp_test_check(
      eng, "{'id':'l','procedure':'normative_document','events':["
           "{'label':'决策后评估','date':'2022-03-01'}]}");
  ck_assert_ptr_nonnull(dp_test_find(rep, "nd.assessment", DP_MISSING));
  ck_assert_ptr_null(dp_test_find(rep, "probe.post_evaluation", DP_MISSING));
  dp_report_free(rep);
}
END_TEST

/* `step` wins: a label is read only when the event has no step. */
START_TEST(step_wins_over_label) {
  ck_assert_str_eq(mapped("normative_document",
                          "'step':'assessment','label':'公开征求意见'"),
                   "assessment");
  /* an unknown step is not replaced by its label */
  dp_report *rep = dp_test_check(
      eng, "{'id':'l','procedure':'normative_document','events':["
           "{'step':'comment','label':'公开征求意见','date':'2022-03-01'}]}");
  ck_assert_uint_eq(dp_test_count(rep, "record.step"), 1);
  ck_assert_ptr_nonnull(dp_test_find(rep, "probe.public_comment", DP_MISSING));
  dp_report_free(rep);
}
END_TEST

/* A labelled event is checked like any other: its dates count. */
START_TEST(labelled_event_is_checked) {
  const dp_finding *f;
  dp_report *rep = dp_test_check(
      eng, "{'id':'l','procedure':'normative_document','events':["
           "{'label':'公开征求意见','start':'2022-03-28','end':'2022-03-30'}]}");
  ck_assert_one_finding(f, rep, "nd.comment-7wd", DP_TOO_SHORT, DP_ERROR,
                        "public_comment", NULL, 0);
  dp_report_free(rep);
}
END_TEST

static Suite *labels_suite(void) {
  Suite *s = suite_create("labels");
  TCase *tc = tcase_create("labels");
  tcase_add_unchecked_fixture(tc, setup, teardown);
  tcase_add_loop_test(tc, label_maps_to_step, 0,
                      (int)(sizeof cases / sizeof cases[0]));
  tcase_add_test(tc, post_evaluation_is_not_assessment);
  tcase_add_test(tc, step_wins_over_label);
  tcase_add_test(tc, labelled_event_is_checked);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(labels_suite()); }

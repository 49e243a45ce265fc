/*
 * check_threads.c - one engine shared by several threads checking records
 * at once (issue 5).  Each thread checks every record several times and
 * compares the JSON of each report with the one computed on one thread
 * beforehand.  tests/helgrind.sh runs this program under helgrind.
 */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dueproc.h"

#define NREC 24
#define NTHREADS 4
#define ROUNDS 3

static dp_engine *E;
static dp_record *R[NREC];
static char *WANT[NREC];
static int32_t AS_OF;

/* Records of both procedures, compliant and faulty, with labels (pcre2),
 * working-day periods (calendar) and a gate-style in-progress check. */
static void make_records(void) {
  static const char *const tpl[] = {
      "{\"id\":\"nd-%d\",\"procedure\":\"normative_document\","
      "\"doc_number\":\"某政〔2023〕%d号\",\"attributes\":{\"affects_market\":%s},"
      "\"events\":[{\"step\":\"assessment\",\"date\":\"2023-03-01\"},"
      "{\"label\":\"公开征求意见\",\"start\":\"2023-03-06\",\"end\":\"2023-03-%02d\"},"
      "{\"label\":\"市司法局出具合法性审核意见书\",\"start\":\"2023-04-12\","
      "\"end\":\"2023-04-20\"},"
      "{\"label\":\"市政府常务会议审议通过\",\"date\":\"2023-04-21\"},"
      "{\"step\":\"publication\",\"date\":\"2023-09-05\"},"
      "{\"step\":\"filing\",\"date\":\"2023-10-%02d\"}]}",
      "{\"id\":\"md-%d\",\"procedure\":\"major_decision\","
      "\"doc_number\":\"x%d\",\"attributes\":{\"stability_risk\":%s},"
      "\"events\":[{\"step\":\"public_comment\",\"start\":\"2023-01-02\","
      "\"end\":\"2023-01-%02d\"},"
      "{\"step\":\"risk_assessment\",\"date\":\"2023-02-12\",\"result\":"
      "\"uncontrollable\"},"
      "{\"step\":\"legality_review\",\"start\":\"2023-02-20\","
      "\"end\":\"2023-03-01\",\"result\":\"pass\"},"
      "{\"step\":\"collective_decision\",\"date\":\"2023-03-06\","
      "\"meeting\":\"市政府第3次常务会议\"},"
      "{\"step\":\"publication\",\"date\":\"2023-03-%02d\"}]}"};
  for (int i = 0; i < NREC; i++) {
    char json[2048];
    snprintf(json, sizeof json, tpl[i % 2], i, i + 1,
             i % 3 ? "true" : "false", 10 + i % 20, 1 + i % 28);
    dp_error err;
    ck_assert_int_eq(dp_record_from_json(&R[i], json, strlen(json), 0, &err),
                     0);
  }
}

static char *check_json(const dp_record *r, int in_progress) {
  dp_check_options o = {NULL, in_progress ? DP_CHECK_IN_PROGRESS : 0, AS_OF};
  dp_report *rep;
  if (dp_check(E, r, &o, &rep) != 0) return NULL;
  char *s = dp_report_to_json(rep, DP_LANG_ZH, NULL);
  dp_report_free(rep);
  return s;
}

/* fn on NTHREADS threads at once, thread k given k; the sum of what they
 * return (their failures). */
static long on_threads(void *(*fn)(void *)) {
  pthread_t t[NTHREADS];
  for (long k = 0; k < NTHREADS; k++)
    ck_assert_int_eq(pthread_create(&t[k], NULL, fn, (void *)k), 0);
  long bad = 0;
  for (int k = 0; k < NTHREADS; k++) {
    void *ret;
    pthread_join(t[k], &ret);
    bad += (long)ret;
  }
  return bad;
}

static void *worker(void *arg) {
  long bad = 0;
  int in_progress = (int)(long)arg % 2;
  for (int round = 0; round < ROUNDS; round++)
    for (int i = 0; i < NREC; i++) {
      char *got = check_json(R[i], 0);
      if (!got || strcmp(got, WANT[i]) != 0) bad++;
      dp_free(got);
      if (in_progress) {
        /* the gate's path too, on the same engine */
        dp_gate *g;
        int may;
        if (dp_gate_new(&g, E, R[i], AS_OF, NULL, NULL) != 0) bad++;
        else if (dp_gate_may(g, "collective_decision", AS_OF, &may, NULL,
                             NULL) != 0)
          bad++;
        dp_gate_free(g);
      }
    }
  return (void *)bad;
}

START_TEST(shared_engine_many_threads) {
  ck_assert_int_eq(dp_engine_new(&E, 0, NULL), 0);
  ck_assert_int_eq(dp_date_parse("2023-04-15", 10, &AS_OF, NULL), 0);
  make_records();
  for (int i = 0; i < NREC; i++) {
    WANT[i] = check_json(R[i], 0);
    ck_assert_ptr_nonnull(WANT[i]);
  }
  /* the records do produce findings: the comparison is not vacuous */
  ck_assert_ptr_nonnull(strstr(WANT[1], "md.risk-controllable"));
  ck_assert_ptr_nonnull(strstr(WANT[0], "nd.comment"));
  ck_assert_int_eq(on_threads(worker), 0);
  for (int i = 0; i < NREC; i++) {
    dp_free(WANT[i]);
    dp_record_free(R[i]);
  }
  dp_engine_free(E);
}
END_TEST

/* A gate, once made, is only read: its report and its reasons are worded
 * in both languages when it is made, so threads may read one gate's
 * messages at once (tests/helgrind.sh runs this under helgrind, which
 * sees a report worded by two threads at once as a race). */
static dp_gate *G;
static const char *GATE_WANT; /* what every reader of G must read */

/* Every message of the gate's report and reasons, in both languages,
 * English first when `en_first`, concatenated (the caller frees). */
static char *gate_words(const dp_gate *g, int en_first) {
  size_t cap = 1 << 16, len = 0;
  char *out = malloc(cap);
  if (!out) return NULL;
  out[0] = '\0';
  for (size_t i = 0; i <= dp_gate_step_count(g); i++) {
    const dp_report *rep = i == 0 ? dp_gate_report(g)
                                  : dp_gate_step_reasons(g, i - 1);
    for (size_t k = 0; rep && k < dp_report_count(rep); k++)
      for (int l = 0; l < 2; l++) {
        dp_lang lang = (l == 0) == !!en_first ? DP_LANG_EN : DP_LANG_ZH;
        const char *m = dp_finding_message(dp_report_finding(rep, k), lang);
        if (!m || len + strlen(m) + 2 > cap) {
          free(out);
          return NULL;
        }
        len += (size_t)snprintf(out + len, cap - len, "%s\n", m);
      }
  }
  return out;
}

static void *gate_reader(void *arg) {
  (void)arg;
  long bad = 0;
  const char *want = GATE_WANT;
  for (int round = 0; round < ROUNDS * 4; round++) {
    char *got = gate_words(G, round % 2);
    /* the same words, whichever language each thread read first */
    if (!got) bad++;
    else if (round % 2 == 0 && strcmp(got, want) != 0) bad++;
    free(got);
  }
  return (void *)bad;
}

START_TEST(gate_read_by_threads) {
  ck_assert_int_eq(dp_engine_new(&E, 0, NULL), 0);
  int32_t day;
  ck_assert_int_eq(dp_date_parse("2023-04-15", 10, &day, NULL), 0);
  static const char json[] =
      "{\"id\":\"g-1\",\"procedure\":\"normative_document\","
      "\"attributes\":{\"affects_market\":true},"
      "\"events\":[{\"step\":\"assessment\",\"date\":\"2023-03-01\"},"
      "{\"step\":\"public_comment\",\"start\":\"2023-03-06\","
      "\"end\":\"2023-03-10\"}]}";
  dp_record *r;
  ck_assert_int_eq(dp_record_from_json(&r, json, strlen(json), 0, NULL), 0);
  dp_gate *ref;
  ck_assert_int_eq(dp_gate_new(&ref, E, r, day, NULL, NULL), 0);
  ck_assert_int_eq(dp_gate_new(&G, E, r, day, NULL, NULL), 0);
  char *want = gate_words(ref, 0);
  ck_assert_ptr_nonnull(want);
  /* the gate has words to read: its report and a blocked step's reasons */
  ck_assert_uint_gt(dp_report_count(dp_gate_report(G)), 0);
  ck_assert_uint_gt(strlen(want), 100);
  GATE_WANT = want;
  ck_assert_int_eq(on_threads(gate_reader), 0);
  free(want);
  dp_gate_free(G);
  dp_gate_free(ref);
  dp_record_free(r);
  dp_engine_free(E);
}
END_TEST

int main(void) {
  Suite *s = suite_create("threads");
  TCase *t = tcase_create("shared");
  tcase_set_timeout(t, 120);
  tcase_add_test(t, shared_engine_many_threads);
  tcase_add_test(t, gate_read_by_threads);
  suite_add_tcase(s, t);
  SRunner *sr = srunner_create(s);
  srunner_run_all(sr, CK_NORMAL);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

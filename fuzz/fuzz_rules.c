/*
 * fuzz_rules.c - rule text → dp_engine_load_string on an engine holding
 * the default rules (so overlays of the defaults are reached), then every
 * rule listed and a fixed record checked against every procedure.
 *
 * The engine is made afresh for each input, without the holiday calendar
 * (weekends only) to keep runs fast; see `light` below.
 */
#include "fuzz_common.h"

#include <stdio.h>

static const char fixed_record[] =
    "{\"id\":\"fuzz-1\",\"procedure\":\"normative_document\","
    "\"doc_number\":\"平政〔2022〕12号\","
    "\"attributes\":{\"technical\":true,\"affects_market\":true,"
    "\"urgent\":true,\"stability_risk\":true,\"hearing_required\":true},"
    "\"events\":["
    "{\"step\":\"assessment\",\"date\":\"2022-03-01\"},"
    "{\"label\":\"公平竞争审查\",\"date\":\"2022-03-03\"},"
    "{\"step\":\"expert_review\",\"date\":\"2022-03-04\",\"signed\":false},"
    "{\"step\":\"public_comment\",\"start\":\"2022-03-05\","
    "\"end\":\"2022-03-20\",\"reason\":\"紧急\"},"
    "{\"step\":\"hearing\",\"date\":\"2022-03-22\"},"
    "{\"step\":\"risk_assessment\",\"date\":\"2022-03-23\","
    "\"result\":\"uncontrollable\"},"
    "{\"label\":\"市司法局合法性审核未通过\",\"start\":\"2022-04-08\","
    "\"end\":\"2022-04-20\"},"
    "{\"label\":\"市政府第15次常务会议审议通过\",\"date\":\"2022-04-28\"},"
    "{\"step\":\"publication\",\"date\":\"2022-05-06\",\"channel\":\"公报\"},"
    "{\"step\":\"filing\",\"date\":\"2022-07-20\"},"
    "{\"step\":\"archiving\",\"date\":\"2022-08-01\"},"
    "{\"step\":\"post_evaluation\",\"date\":\"2023-08-01\"}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dp_engine *e = NULL;
  /* Compiling the default procedures' patterns for every input is slow,
   * so inputs whose first byte is even get an engine with the step names
   * only (DP_ENGINE_NO_DEFAULT_RULES keeps steps.rules): new procedures
   * are reached many times faster; odd ones get the full defaults, to
   * reach overlays. */
  unsigned flags = DP_ENGINE_NO_DEFAULT_CALENDAR;
  if (size > 0 && (data[0] & 1) == 0) flags |= DP_ENGINE_NO_DEFAULT_RULES;
  if (dp_engine_new(&e, flags, NULL)) abort();
  dp_error err;
  memset(&err, 0, sizeof err);
  int rc = dp_engine_load_string(e, (const char *)data, size, "fuzz.rules",
                                 &err);
  if (rc != 0) {
    char buf[512];
    if (err.code != rc) abort(); /* every failure says why */
    int n = dp_error_format(&err, buf, sizeof buf);
    if (n < 0 || strlen(buf) >= sizeof buf) abort();
  }
  size_t nr = dp_engine_rule_count(e);
  size_t sum = 0;
  for (size_t i = 0; i < nr; i++) {
    const dp_rule *r = dp_engine_rule(e, i);
    if (!r) abort();
    sum += strlen(dp_rule_id(r)) + strlen(dp_rule_procedure(r));
    sum += strlen(dp_severity_name(dp_rule_severity(r))) +
           strlen(dp_rule_kind(r));
    const char *s;
    if ((s = dp_rule_basis(r)) != NULL) sum += strlen(s);
    if ((s = dp_rule_summary(r, DP_LANG_ZH)) != NULL) sum += strlen(s);
    if ((s = dp_rule_summary(r, DP_LANG_EN)) != NULL) sum += strlen(s);
    if ((s = dp_rule_origin(r)) != NULL) sum += strlen(s);
    if (dp_engine_find_rule(e, dp_rule_procedure(r), dp_rule_id(r)) == NULL)
      abort();
  }
  dp_record *rec = NULL;
  if (dp_record_from_json(&rec, fixed_record, sizeof fixed_record - 1, 0,
                          NULL))
    abort();
  size_t np = dp_engine_procedure_count(e);
  for (size_t i = 0; i < np && i < 8; i++) {
    const char *name = dp_engine_procedure_name(e, i);
    fuzz_check(e, rec, name, DP_NO_DATE);
    fuzz_check(e, rec, name, dp_date_from_ymd(2022, 4, 1));
  }
  dp_record_free(rec);
  dp_engine_free(e);
  (void)sum;
  return 0;
}

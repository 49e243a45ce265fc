/*
 * fuzz_common.h - what the fuzz targets share: one engine with the
 * default rules and calendar, made at the first call and kept (it stays
 * reachable, so LeakSanitizer does not count it), and a check that
 * exercises the whole report.
 */
#ifndef DP_FUZZ_COMMON_H
#define DP_FUZZ_COMMON_H

#include "dueproc.h"

#include "dp-json.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* lib/util.c (internal, reachable through the static libdpcore) */
int dp__utf8_valid(const char *s, size_t n);

/* Every text the library hands out must be valid UTF-8. */
static inline void fuzz_text(const char *s) {
  if (s && !dp__utf8_valid(s, strlen(s))) abort();
}

static inline dp_engine *fuzz_engine(void) {
  static dp_engine *e;
  if (!e && dp_engine_new(&e, 0, NULL) != 0) abort(); /* a bug */
  return e;
}

/* Check `r` (against `procedure` if not NULL, as of `as_of`) and walk
 * every accessor of the report, so that a bad pointer in it shows up. */
static inline void fuzz_check(const dp_engine *e, const dp_record *r,
                       const char *procedure, int32_t as_of) {
  dp_check_options o;
  memset(&o, 0, sizeof o);
  o.procedure = procedure;
  o.as_of = as_of;
  dp_report *rep = NULL;
  int rc = dp_check(e, r, &o, &rep);
  if (rc == DP_ENOMEM) return;
  if (rc != 0 || !rep) abort(); /* dp_check never fails on data */
  size_t n = dp_report_count(rep);
  size_t sum = 0;
  for (size_t i = 0; i < n; i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    const char *s;
    if (dp_code_name(dp_finding_code(f)) == NULL) abort();
    if ((s = dp_finding_step(f)) != NULL) sum += strlen(s);
    if ((s = dp_finding_other(f)) != NULL) sum += strlen(s);
    if ((s = dp_finding_rule(f)) != NULL) sum += strlen(s);
    if ((s = dp_finding_basis(f)) != NULL) sum += strlen(s);
    /* worded when first read: NULL only when memory ran out */
    const char *zh = dp_finding_message(f, DP_LANG_ZH);
    const char *en = dp_finding_message(f, DP_LANG_EN);
    if (!zh || !en) abort();
    fuzz_text(zh);
    fuzz_text(en);
    fuzz_text(dp_finding_step(f));
    fuzz_text(dp_finding_other(f));
    sum += (size_t)dp_finding_event(f) + (size_t)dp_finding_verified(f);
  }
  (void)dp_report_ok(rep);
  if (dp_report_id(rep)) sum += strlen(dp_report_id(rep));
  size_t len = 0;
  char *js = dp_report_to_json(rep, n & 1 ? DP_LANG_EN : 0, &len);
  if (js && strlen(js) != len) abort();
  if (js) { /* the report is one valid JSON object */
    fuzz_text(js);
    cJSON *j = cJSON_ParseWithLength(js, len);
    if (!j || !cJSON_IsObject(j)) abort();
    cJSON_Delete(j);
  }
  dp_free(js);
  dp_report_free(rep);
  (void)sum;
}

#endif /* DP_FUZZ_COMMON_H */

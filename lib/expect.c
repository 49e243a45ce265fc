/*
 * expect.c - the findings a record says it should have, compared with a
 * report: test cases for rule files (doc/rules.md, "Testing a rule file").
 *
 * A record carries its expectation in two members the contract leaves to
 * us (unknown members are ignored by checks):
 *   "expect": [["too_short", "public_comment"], ["missing", "filing",
 *              "nd.filing"], ...]   code, step (or null), optional rule id
 *   "expect_mode": "exact" (the default: these findings and no other) or
 *                  "at_least" (these among others)
 * Findings are matched as (code, step[, rule]), each expected item taking
 * one finding.
 */
#include "dp-json.h"

#include <stdlib.h>
#include <string.h>

typedef struct item {
  const char *code, *step, *rule; /* step, rule may be NULL */
  int used;
} item;

static int same(const char *a, const char *b) {
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static void add_item(dp__buf *b, const char *code, const char *step,
                     const char *rule) {
  dp__buf_addf(b, " [%s, %s", code, step ? step : "null");
  if (rule) dp__buf_addf(b, ", %s", rule);
  dp__buf_addc(b, ']');
}

int dp_report_expected(const dp_report *rep, const dp_record *r, char **diff) {
  if (diff) *diff = NULL;
  if (!rep || !r) return DP_EINVAL;
  const cJSON *root = r->json;
  const cJSON *ex = root ? cJSON_GetObjectItemCaseSensitive(root, "expect")
                         : NULL;
  if (!ex) return DP_ENOTFOUND;
  if (!cJSON_IsArray(ex)) return DP_EINVAL;
  int at_least = 0;
  const cJSON *mode = cJSON_GetObjectItemCaseSensitive(root, "expect_mode");
  if (mode) {
    if (!cJSON_IsString(mode)) return DP_EINVAL;
    if (strcmp(mode->valuestring, "at_least") == 0) at_least = 1;
    else if (strcmp(mode->valuestring, "exact") != 0) return DP_EINVAL;
  }
  size_t n = (size_t)cJSON_GetArraySize(ex);
  item *it = n ? calloc(n, sizeof *it) : NULL;
  if (n && !it) return DP_ENOMEM;
  size_t k = 0;
  for (const cJSON *e = ex->child; e; e = e->next, k++) {
    int len = cJSON_IsArray(e) ? cJSON_GetArraySize(e) : 0;
    const cJSON *c = len ? cJSON_GetArrayItem(e, 0) : NULL;
    const cJSON *s = len > 1 ? cJSON_GetArrayItem(e, 1) : NULL;
    const cJSON *ru = len > 2 ? cJSON_GetArrayItem(e, 2) : NULL;
    if (len < 2 || len > 3 || !cJSON_IsString(c) ||
        dp_code_from_name(c->valuestring) < 0 ||
        !(cJSON_IsString(s) || cJSON_IsNull(s)) || (ru && !cJSON_IsString(ru))) {
      free(it);
      return DP_EINVAL;
    }
    it[k].code = c->valuestring;
    it[k].step = cJSON_IsString(s) ? s->valuestring : NULL;
    it[k].rule = ru ? ru->valuestring : NULL;
  }
  /* each finding takes the first unused item it matches */
  dp__buf missing = {0}, extra = {0};
  size_t nextra = 0;
  for (size_t i = 0; i < dp_report_count(rep); i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    const char *code = dp_code_name(dp_finding_code(f));
    int hit = 0;
    for (size_t j = 0; j < n && !hit; j++)
      if (!it[j].used && strcmp(it[j].code, code) == 0 &&
          same(it[j].step, dp_finding_step(f)) &&
          (!it[j].rule || strcmp(it[j].rule, dp_finding_rule(f)) == 0))
        hit = it[j].used = 1;
    if (!hit && !at_least) {
      add_item(&extra, code, dp_finding_step(f), dp_finding_rule(f));
      nextra++;
    }
  }
  size_t nmissing = 0;
  for (size_t j = 0; j < n; j++)
    if (!it[j].used) {
      add_item(&missing, it[j].code, it[j].step, it[j].rule);
      nmissing++;
    }
  free(it);
  int agree = !nmissing && !nextra;
  int rc = agree ? 1 : 0;
  if (!agree && diff) {
    dp__buf d = {0};
    if (nmissing) dp__buf_addf(&d, "expected but not found:%s", missing.s);
    if (nmissing && nextra) dp__buf_adds(&d, "; ");
    if (nextra) dp__buf_addf(&d, "found but not expected:%s", extra.s);
    dp__buf_addc(&d, '\0');
    if (d.oom) {
      dp__buf_free(&d);
      rc = DP_ENOMEM;
    } else {
      *diff = d.s;
    }
  }
  dp__buf_free(&missing);
  dp__buf_free(&extra);
  return rc;
}

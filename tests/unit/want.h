/*
 * want.h - the expected findings of the tables of cases
 * (check_engine_nd.c, check_engine_md.c): what a row expects of one
 * finding, and the assertions that check it, each failure naming the row.
 * Include after util.h.
 */
#ifndef DP_TEST_WANT_H
#define DP_TEST_WANT_H

enum { ANY = 0, YES, NO }; /* a yes/no expectation; ANY: not checked */

/* One finding a row expects: exactly one finding of `rule`, with this
 * code, severity, step, other step and event (NULL / -1: none) - write
 * these six with ONE() - and, when given, words of its messages, its
 * basis and whether its basis is verified. */
typedef struct {
  const char *rule;
  dp_code code;
  dp_severity sev;
  const char *step, *other;
  int event;
  const char *en[4], *zh[4];       /* in the message */
  const char *en_is, *zh_is;       /* the whole message */
  const char *en_lacks, *zh_lacks; /* not in the message */
  const char *basis;               /* the whole basis */
  const char *basis_has[2], *basis_lacks;
  int verified; /* YES, NO, ANY */
} want;

#define ONE(rule_, code_, sev_, step_, other_, event_)                     \
  .rule = (rule_), .code = (code_), .sev = (sev_), .step = (step_),        \
  .other = (other_), .event = (event_)

static int same_str(const char *a, const char *b) {
  return a == b || (a && b && strcmp(a, b) == 0);
}

/* The assertions of one expected finding (w) in the report of row
 * `name`. */
static void check_want(const char *name, const dp_report *rep,
                       const want *w) {
  ck_assert_msg(dp_test_count(rep, w->rule) == 1,
                "%s: expected one finding of %s, have:%s", name, w->rule,
                dp_test_dump(rep));
  const dp_finding *f = dp_test_find(rep, w->rule, -1);
  ck_assert_msg(strcmp(dp_finding_rule(f), w->rule) == 0, "%s: rule %s",
                name, dp_finding_rule(f));
  ck_assert_msg(dp_finding_code(f) == w->code, "%s: %s is %s, not %s", name,
                w->rule, dp_code_name(dp_finding_code(f)),
                dp_code_name(w->code));
  ck_assert_msg(dp_finding_severity(f) == w->sev, "%s: %s is %s, not %s",
                name, w->rule, dp_severity_name(dp_finding_severity(f)),
                dp_severity_name(w->sev));
  ck_assert_msg(same_str(dp_finding_step(f), w->step),
                "%s: %s step %s, not %s", name, w->rule,
                dp_finding_step(f) ? dp_finding_step(f) : "(none)",
                w->step ? w->step : "(none)");
  ck_assert_msg(same_str(dp_finding_other(f), w->other),
                "%s: %s other %s, not %s", name, w->rule,
                dp_finding_other(f) ? dp_finding_other(f) : "(none)",
                w->other ? w->other : "(none)");
  ck_assert_msg(dp_finding_event(f) == w->event, "%s: %s event %d, not %d",
                name, w->rule, dp_finding_event(f), w->event);
  const char *en = dp_finding_message(f, DP_LANG_EN);
  const char *zh = dp_finding_message(f, DP_LANG_ZH);
  for (size_t k = 0; k < 4 && w->en[k]; k++)
    ck_assert_msg(strstr(en, w->en[k]) != NULL, "%s: message '%s' lacks '%s'",
                  name, en, w->en[k]);
  for (size_t k = 0; k < 4 && w->zh[k]; k++)
    ck_assert_msg(strstr(zh, w->zh[k]) != NULL, "%s: message '%s' lacks '%s'",
                  name, zh, w->zh[k]);
  if (w->en_is)
    ck_assert_msg(strcmp(en, w->en_is) == 0, "%s: message '%s', not '%s'",
                  name, en, w->en_is);
  if (w->zh_is)
    ck_assert_msg(strcmp(zh, w->zh_is) == 0, "%s: message '%s', not '%s'",
                  name, zh, w->zh_is);
  if (w->en_lacks)
    ck_assert_msg(strstr(en, w->en_lacks) == NULL,
                  "%s: message '%s' has '%s'", name, en, w->en_lacks);
  if (w->zh_lacks)
    ck_assert_msg(strstr(zh, w->zh_lacks) == NULL,
                  "%s: message '%s' has '%s'", name, zh, w->zh_lacks);
  const char *basis = dp_finding_basis(f);
  if (w->basis)
    ck_assert_msg(strcmp(basis, w->basis) == 0, "%s: basis '%s', not '%s'",
                  name, basis, w->basis);
  for (size_t k = 0; k < 2 && w->basis_has[k]; k++)
    ck_assert_msg(strstr(basis, w->basis_has[k]) != NULL,
                  "%s: basis '%s' lacks '%s'", name, basis, w->basis_has[k]);
  if (w->basis_lacks)
    ck_assert_msg(strstr(basis, w->basis_lacks) == NULL,
                  "%s: basis '%s' has '%s'", name, basis, w->basis_lacks);
  if (w->verified != ANY)
    ck_assert_msg(dp_finding_verified(f) == (w->verified == YES),
                  "%s: %s verified is %d", name, w->rule,
                  dp_finding_verified(f));
}

/* The report of the record written in `sq` (JSON with single quotes,
 * dp_test_sq), checked against the default rules of `eng`; any failure
 * names row `name`. */
static dp_report *want_report(const dp_engine *e, const char *name,
                              const char *sq) {
  char *json = dp_test_sq(sq);
  dp_record *r = NULL;
  dp_error err = {0};
  int rc = dp_record_from_json(&r, json, strlen(json), 0, &err);
  ck_assert_msg(rc == 0, "%s: record does not parse (%s): %s\n%s", name,
                dp_error_name(rc), err.text, json);
  dp_report *rep = NULL;
  ck_assert_msg(dp_check(e, r, NULL, &rep) == 0, "%s: dp_check failed",
                name);
  dp_record_free(r);
  free(json);
  return rep;
}

/* What every row asserts first: the report's id and procedure, then
 * each finding it expects exactly once (one[k] until one without rule). */
static void want_head(const char *name, const dp_report *rep, const char *id,
                      const char *procedure, const want *one, size_t n) {
  ck_assert_msg(strcmp(dp_report_id(rep), id) == 0, "%s: id %s", name,
                dp_report_id(rep));
  ck_assert_msg(strcmp(dp_report_procedure(rep), procedure) == 0,
                "%s: procedure %s", name, dp_report_procedure(rep));
  for (size_t k = 0; k < n && one[k].rule; k++)
    check_want(name, rep, &one[k]);
}

#endif

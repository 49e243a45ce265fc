/*
 * report.c - findings: values owned by the report, and the JSON writer of
 * records.md §6.
 */
#include "dp-private.h"

#include <stdlib.h>
#include <string.h>

static const char *const code_names[DP_CODE__COUNT] = {
    "missing",        "out_of_order", "too_short",
    "too_long",       "overdue",      "after_rejection",
    "incomplete",     "malformed",    "invalid_record"};

const char *dp_code_name(dp_code c) {
  return (unsigned)c < DP_CODE__COUNT ? code_names[c] : NULL;
}

int dp_code_from_name(const char *name) {
  if (!name) return -1;
  for (int i = 0; i < DP_CODE__COUNT; i++)
    if (strcmp(name, code_names[i]) == 0) return i;
  return -1;
}

dp_report *dp__report_new(const dp_engine *e, const char *id,
                          const char *procedure) {
  /* one allocation: the report, then its id and procedure */
  size_t il = id ? strlen(id) + 1 : 0, pl = procedure ? strlen(procedure) + 1 : 0;
  if (il > SIZE_MAX / 2 - sizeof(dp_report) || pl > SIZE_MAX / 2) return NULL;
  dp_report *rep = dp__calloc(1, sizeof *rep + il + pl);
  if (!rep) return NULL;
  rep->e = e;
  char *tail = (char *)(rep + 1);
  if (id) {
    rep->id = memcpy(tail, id, il);
    tail += il;
  }
  if (procedure) rep->procedure = memcpy(tail, procedure, pl);
  return rep;
}

/* Append s and its NUL, each invalid UTF-8 byte replaced by U+FFFD: a
 * message may quote data cut at a byte count ("%.200s" of a label), and
 * callers (the Python binding) need valid UTF-8. */
static void add_text(dp__buf *b, const char *s) {
  size_t n = strlen(s);
  if (dp__utf8_valid(s, n)) {
    dp__buf_add(b, s, n + 1);
    return;
  }
  size_t i = 0;
  while (i < n) {
    size_t k = 1;
    if ((unsigned char)s[i] >= 0x80) {
      for (k = 2; k <= 4 && i + k <= n; k++)
        if (dp__utf8_valid(s + i, k)) break;
      if (k > 4 || i + k > n) {
        dp__buf_add(b, "\xEF\xBF\xBD", 3);
        i++;
        continue;
      }
    }
    dp__buf_add(b, s + i, k);
    i += k;
  }
  dp__buf_addc(b, '\0');
}

/* Make room for finding rep->n and fill its fields; the caller appends
 * its messages to rep->text. */
static dp_finding *open_finding(dp_report *rep, dp_code code, dp_severity sev,
                                int step, int other, int event,
                                const dp_rule *rule, const char *rule_id,
                                const char *basis, int confirmed) {
  if (dp__grow((void **)&rep->f, &rep->cap, rep->n + 1, sizeof *rep->f))
    return NULL;
  dp_finding *f = &rep->f[rep->n];
  f->code = code;
  f->sev = sev;
  f->step = step;
  f->other = other;
  f->event = event;
  f->rule = rule;
  f->rule_id = rule_id;
  f->basis = basis;
  f->confirmed = confirmed;
  f->step_name = step >= 0 ? rep->e->steps[step].name : NULL;
  f->other_name = other >= 0 ? rep->e->steps[other].name : NULL;
  f->off[0] = f->off[1] = rep->text.len;
  f->msg[0] = f->msg[1] = NULL;
  return f;
}

int dp__report_add(dp_report *rep, dp_code code, dp_severity sev, int step,
                   int other, int event, const dp_rule *rule,
                   const char *rule_id, const char *basis, int confirmed,
                   const char *zh, const char *en) {
  dp_finding *f = open_finding(rep, code, sev, step, other, event, rule,
                               rule_id, basis, confirmed);
  if (!f) return DP_ENOMEM;
  add_text(&rep->text, zh);
  f->off[1] = rep->text.len;
  add_text(&rep->text, en);
  if (rep->text.oom) return DP_ENOMEM;
  rep->n++;
  return 0;
}

dp_finding *dp__report_open(dp_report *rep, dp_code code, dp_severity sev,
                            int step, int other, int event,
                            const dp_rule *rule, const char *rule_id,
                            const char *basis, int confirmed) {
  return open_finding(rep, code, sev, step, other, event, rule, rule_id,
                      basis, confirmed);
}

int dp__report_close(dp_report *rep) {
  if (rep->text.oom) return DP_ENOMEM;
  dp_finding *f = &rep->f[rep->n];
  size_t from = f->off[0], n = rep->text.len - from;
  /* the messages quote data that may be cut inside a character: checked
   * once here, and rewritten through add_text only when they must be */
  if (!dp__utf8_valid(rep->text.s + from, n)) {
    char *copy = dp__malloc(n);
    if (!copy) return DP_ENOMEM;
    memcpy(copy, rep->text.s + from, n);
    size_t zl = strlen(copy);
    rep->text.len = from;
    add_text(&rep->text, copy);
    f->off[1] = rep->text.len;
    add_text(&rep->text, copy + zl + 1);
    free(copy);
    if (rep->text.oom) return DP_ENOMEM;
  }
  rep->n++;
  return 0;
}

void dp__report_finish(dp_report *rep) {
  for (size_t i = 0; i < rep->n; i++) {
    rep->f[i].msg[0] = rep->text.s + rep->f[i].off[0];
    rep->f[i].msg[1] = rep->text.s + rep->f[i].off[1];
  }
}

void dp_report_free(dp_report *rep) {
  if (!rep) return;
  free(rep->f);
  dp__buf_free(&rep->text);
  free(rep);
}

const char *dp_report_id(const dp_report *rep) {
  return rep ? rep->id : NULL;
}

const char *dp_report_procedure(const dp_report *rep) {
  return rep ? rep->procedure : NULL;
}

int dp_report_ok(const dp_report *rep) {
  if (!rep) return 0;
  for (size_t i = 0; i < rep->n; i++)
    if (rep->f[i].sev == DP_ERROR) return 0;
  return 1;
}

size_t dp_report_count(const dp_report *rep) { return rep ? rep->n : 0; }

const dp_finding *dp_report_finding(const dp_report *rep, size_t i) {
  return rep && i < rep->n ? &rep->f[i] : NULL;
}

dp_code dp_finding_code(const dp_finding *f) { return f->code; }
dp_severity dp_finding_severity(const dp_finding *f) { return f->sev; }
const char *dp_finding_step(const dp_finding *f) {
  return f ? f->step_name : NULL;
}
const char *dp_finding_other(const dp_finding *f) {
  return f ? f->other_name : NULL;
}
int dp_finding_event(const dp_finding *f) { return f ? f->event : -1; }
const char *dp_finding_rule(const dp_finding *f) {
  return f ? f->rule_id : NULL;
}
const char *dp_finding_message(const dp_finding *f, dp_lang lang) {
  return f ? f->msg[lang == DP_LANG_EN] : NULL;
}
const char *dp_finding_basis(const dp_finding *f) {
  return f ? f->basis : NULL;
}
int dp_finding_confirmed(const dp_finding *f) {
  return f ? f->confirmed : 0;
}

char *dp_report_to_json(const dp_report *rep, unsigned flags, size_t *len) {
  if (!rep) return NULL;
  int l = (flags & DP_JSON_LANG_EN) != 0;
  dp__buf b = {0};
  dp__buf_adds(&b, "{\"id\":");
  if (rep->id) dp__buf_add_json_string(&b, rep->id);
  else dp__buf_adds(&b, "null");
  dp__buf_adds(&b, ",\"procedure\":");
  if (rep->procedure) dp__buf_add_json_string(&b, rep->procedure);
  else dp__buf_adds(&b, "null");
  dp__buf_adds(&b, dp_report_ok(rep) ? ",\"ok\":true" : ",\"ok\":false");
  dp__buf_adds(&b, ",\"findings\":[");
  for (size_t i = 0; i < rep->n; i++) {
    const dp_finding *f = &rep->f[i];
    if (i) dp__buf_addc(&b, ',');
    dp__buf_adds(&b, "{\"code\":");
    dp__buf_add_json_string(&b, code_names[f->code]);
    dp__buf_adds(&b, f->sev == DP_ERROR ? ",\"severity\":\"error\""
                                        : ",\"severity\":\"warning\"");
    if (f->step_name) {
      dp__buf_adds(&b, ",\"step\":");
      dp__buf_add_json_string(&b, f->step_name);
    }
    if (f->other_name) {
      dp__buf_adds(&b, ",\"other\":");
      dp__buf_add_json_string(&b, f->other_name);
    }
    if (f->event >= 0) dp__buf_addf(&b, ",\"event\":%d", f->event);
    dp__buf_adds(&b, ",\"rule\":");
    dp__buf_add_json_string(&b, f->rule_id);
    dp__buf_adds(&b, ",\"message\":");
    dp__buf_add_json_string(&b, rep->text.s + f->off[l]);
    dp__buf_adds(&b, ",\"basis\":");
    dp__buf_add_json_string(&b, f->basis);
    dp__buf_adds(&b, f->confirmed ? ",\"confirmed\":true}"
                                  : ",\"confirmed\":false}");
  }
  dp__buf_adds(&b, "]}");
  if (b.oom) {
    dp__buf_free(&b);
    return NULL;
  }
  if (len) *len = b.len;
  return b.s;
}

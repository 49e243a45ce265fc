/*
 * gate.c - a record in progress, as of a day: which steps may be taken,
 * which are blocked and why, and what is due when.
 *
 * The gate reads the same compiled rules as dp_check(); it adds no legal
 * requirement of its own.  What blocks a step:
 *   - `order A before X` / `require A before X` / `require X after A`:
 *     no A has ended by the day;
 *   - `order each A before X`: an A that happened has not ended by the day,
 *     or a required A has not happened;
 *   - `no X after A result V`: the latest A by the day ended in V.
 * What is due:
 *   - `deadline B within N after A`: A happened, B not yet → B by the day;
 *   - `period S at least / at most N`: S has started and ends after the
 *     day (or its end is not known) →
 *     the earliest / latest day it may end.
 */
#include "dp-private.h"

#include <stdlib.h>
#include <string.h>

struct dp_due {
  int step;
  const char *step_name;
  dp_due_kind kind;
  int32_t date;
  const dp_rule *rule;
  char *msg[2];
  char *basis; /* the rule's bases in force on the record's decision date */
  int overdue;
};

struct dp_gate {
  const dp_engine *e;
  const dp__procedure *pr;
  dp_record *rec; /* the gate's own copy */
  int32_t as_of;
  dp_report *report;
  size_t nsteps;
  int *steps;
  dp_gate_state *state;
  int *required;
  dp_report **reasons;
  dp_due *due;
  size_t ndue, capdue;
};

/* ---------------------------------------------------------------------
 * A copy of the record
 * ------------------------------------------------------------------- */

static dp_record *clone_record(const dp_record *r) {
  dp_record *c = dp__record_new();
  if (!c) return NULL;
  for (int f = 0; f < DP__RF_COUNT; f++) {
    if (r->f[f] && !(c->f[f] = dp__strdup(r->f[f]))) goto fail;
    if (c->f[f]) c->own |= (uint8_t)(1u << f);
  }
  /* every attribute with its type: a string one (issuer, kind) decides
   * conditions such as `when kind is penalty` */
  for (size_t i = 0; i < r->nattrs; i++) {
    const dp__attr *a = &r->attrs[i];
    int rc = a->type == DP__AT_STRING
                 ? dp_record_set_attribute_string(c, a->name, a->str, NULL)
                 : dp_record_set_attribute(c, a->name, a->value, NULL);
    if (rc) goto fail;
  }
  /* steps the source says nothing of: not missing, for the gate either */
  for (size_t i = 0; i < r->nunknown; i++)
    if (dp_record_add_unknown(c, r->unknown[i], NULL)) goto fail;
  for (size_t i = 0; i < r->nev; i++) {
    if (dp_record_add_event(c) < 0) goto fail;
    dp__event *d = &c->ev[i];
    const dp__event *s = &r->ev[i];
    *d = *s;
    memset(d->f, 0, sizeof d->f);
    d->own = 0;
    for (int f = 0; f < DP__EF_COUNT; f++) {
      if (s->f[f] && !(d->f[f] = dp__strdup(s->f[f]))) goto fail;
      if (d->f[f]) d->own |= (uint16_t)(1u << f);
    }
  }
  /* data problems stay with dp_check's report; invalid records never get
   * here (dp_gate_new refuses them) */
  return c;
fail:
  dp_record_free(c);
  return NULL;
}

/* ---------------------------------------------------------------------
 * What blocks a step on a day
 * ------------------------------------------------------------------- */

/* Step `step` is required of this record: an applying `require` names
 * it, and none of the rule's alternatives has happened (评估论证 is done
 * by a risk assessment too). */
static int required(const dp__ctx *c, int step) {
  for (size_t k = 0; k < c->pr->nrules; k++) {
    const dp_rule *r = c->pr->rules[k];
    if (r->kind != DP__K_REQUIRE || !dp__rule_applies(c, r)) continue;
    int names = r->step_a == step, done = dp__count_step(c, r->step_a) > 0;
    for (int i = 0; i < r->nany; i++) {
      names = names || r->any[i] == step;
      done = done || dp__count_step(c, r->any[i]) > 0;
    }
    if (names && (!done || dp__count_step(c, step) > 0)) return 1;
  }
  return 0;
}

/* A before X: some A has ended by the day (c->as_of). */
static void need_done(dp__ctx *c, const dp_rule *r, int a, int x) {
  int have = 0, undated = 0;
  int32_t latest_end = DP_NO_DATE;
  for (size_t i = 0; i < c->n; i++) {
    if (c->x[i].step != a) continue;
    have = 1;
    const dp__event *ev = &c->r->ev[i];
    /* started and not ended (no end, no date): still running */
    int running = ev->dstate[1] == DP__D_OK && ev->dstate[2] == DP__D_ABSENT &&
                  ev->dstate[0] == DP__D_ABSENT;
    if (c->x[i].f == DP_NO_DATE) undated = 1;
    else if (running) continue;
    else if (c->x[i].f <= c->as_of) return; /* done */
    else if (latest_end == DP_NO_DATE || c->x[i].f > latest_end)
      latest_end = c->x[i].f;
  }
  if (undated) return; /* cannot tell: do not block */
  dp__vars v = {0};
  if (have) {
    v.date = dp__d(latest_end);
    dp__emit(c, r, DP_OUT_OF_ORDER, DP_ERROR, x, a, -1, DP__M_GATE_RUNNING, &v);
  } else {
    dp__emit(c, r, DP_OUT_OF_ORDER, DP_ERROR, x, a, -1, DP__M_GATE_NOT_DONE, &v);
  }
}

/* each A before X: every A that happened has ended; a required A has
 * happened. */
static void need_each_done(dp__ctx *c, const dp_rule *r, int a, int x) {
  int have = 0;
  for (size_t i = 0; i < c->n; i++) {
    if (c->x[i].step != a) continue;
    have = 1;
    if (c->x[i].f != DP_NO_DATE && c->x[i].f > c->as_of) {
      dp__vars v = {0};
      v.date = dp__d(c->x[i].f);
      dp__emit(c, r, DP_OUT_OF_ORDER, DP_ERROR, x, a, (int)i, DP__M_GATE_RUNNING, &v);
    }
  }
  if (!have && required(c, a)) {
    dp__vars v = {0};
    dp__emit(c, r, DP_OUT_OF_ORDER, DP_ERROR, x, a, -1, DP__M_GATE_NOT_DONE, &v);
  }
}

static void need_not_failed(dp__ctx *c, const dp_rule *r, int a, int x) {
  size_t last = c->n;
  for (size_t i = 0; i < c->n; i++) {
    if (c->x[i].step != a || c->x[i].f == DP_NO_DATE) continue;
    if (c->x[i].f > c->as_of) continue;
    if (last == c->n || c->x[i].f > c->x[last].f ||
        (c->x[i].f == c->x[last].f && i > last))
      last = i;
  }
  if (last == c->n) return;
  dp__rclass cls = c->x[last].rclass;
  /* a result the vocabulary does not know blocks too: it cannot be told
   * that the step passed */
  if (!((r->veto >> cls) & 1u) && cls != DP__R_UNKNOWN) return;
  for (size_t k = dp__first(c, r->cure); r->cure >= 0 && k < c->n;
       k = dp__next(c, k))
    if (c->x[k].step == r->cure && c->x[k].f != DP_NO_DATE &&
        c->x[k].f <= c->as_of && dp__precedes(c, last, k))
      return; /* cured */
  dp__vars v = {0};
  v.other_when = dp__when_of(c, last);
  v.value = c->x[last].result;
  dp__emit(c, r, DP_AFTER_REJECTION, DP_ERROR, x, a, (int)last,
           cls == DP__R_UNKNOWN ? DP__M_GATE_UNKNOWN : DP__M_GATE_FAILED, &v);
}

/* Every reason step x may not be taken on c->as_of, into c->rep. */
static void blockers(dp__ctx *c, int x) {
  const dp__procedure *pr = c->pr;
  for (size_t k = 0; k < pr->nrules && !c->oom; k++) {
    const dp_rule *r = pr->rules[k];
    if (!dp__rule_applies(c, r)) continue;
    switch (r->kind) {
    case DP__K_ORDER:
      for (size_t i = 0; i < r->npairs; i++) {
        const dp__pair *p = &r->pairs[i];
        /* an ordering the law states only as a warning does not block */
        int sev = p->sev >= 0 ? p->sev : (int)r->sev;
        if (p->b != x || sev == DP_WARNING) continue;
        if (p->each) need_each_done(c, r, p->a, x);
        else need_done(c, r, p->a, x);
      }
      break;
    case DP__K_REQUIRE:
      if (r->sev == DP_WARNING) break;
      if (r->rel == DP__REL_BEFORE && r->step_b == x)
        need_done(c, r, r->step_a, x);
      else if (r->rel == DP__REL_AFTER && r->step_a == x)
        need_done(c, r, r->step_b, x);
      break;
    case DP__K_DECLARE:
      /* precedence (and succession): no b before an a; not_succession:
       * no b once an a happened */
      if (r->step_b != x || r->sev == DP_WARNING) break;
      if (r->tmpl == DP__T_PRECEDENCE || r->tmpl == DP__T_SUCCESSION)
        need_done(c, r, r->step_a, x);
      break;
    case DP__K_VETO:
      if (r->step_b == x && r->sev == DP_ERROR) need_not_failed(c, r, r->step_a, x);
      break;
    default: break;
    }
  }
}

/* ---------------------------------------------------------------------
 * What is due
 * ------------------------------------------------------------------- */

static int add_due(dp_gate *g, dp__ctx *c, const dp_rule *r, int step,
                   int other, dp_due_kind kind, int32_t date, dp__msgid tpl,
                   dp__vars *v) {
  if (dp__grow((void **)&g->due, &g->capdue, g->ndue + 1, sizeof *g->due))
    return DP_ENOMEM;
  dp__buf m[2] = {{0}, {0}};
  if (dp__format(c, r, -1, step, other, tpl, v, m)) {
    dp__buf_free(&m[0]);
    dp__buf_free(&m[1]);
    return DP_ENOMEM;
  }
  dp_due *d = &g->due[g->ndue++];
  d->step = step;
  d->step_name = g->e->steps[step].name;
  d->kind = kind;
  d->date = date;
  d->rule = r;
  d->basis = dp__rule_bases_text(c, r);
  d->msg[0] = m[0].s;
  d->msg[1] = m[1].s;
  d->overdue = kind == DP_DUE_BY && g->as_of > date;
  return 0;
}

static int dues(dp_gate *g, dp__ctx *c) {
  const dp__procedure *pr = c->pr;
  for (size_t k = 0; k < pr->nrules; k++) {
    const dp_rule *r = pr->rules[k];
    if (!dp__rule_applies(c, r)) continue;
    if (r->kind == DP__K_DEADLINE) {
      /* the first A with an end; B not yet on or after it */
      size_t ia = c->n;
      for (size_t i = 0; i < c->n; i++)
        if (c->x[i].step == r->step_a && c->x[i].f != DP_NO_DATE &&
            (ia == c->n || c->x[i].f < c->x[ia].f))
          ia = i;
      if (ia == c->n) continue;
      int done = 0;
      for (size_t j = 0; j < c->n; j++)
        if (c->x[j].step == r->step_b &&
            (c->x[j].b == DP_NO_DATE || c->x[j].b >= c->x[ia].f))
          done = 1;
      if (done) continue;
      int32_t from = c->x[ia].f;
      int32_t due = dp__deadline_day(c, from, r->n, r->unit);
      dp__vars v = {0};
      v.deadline = dp__d(due);
      v.other_when = dp__w_day(from);
      v.limit = dp__l(r->n, r->unit);
      v.note = dp__note_of(c, from, due);
      if (add_due(g, c, r, r->step_b, r->step_a, DP_DUE_BY, due, DP__M_GATE_DUE_BY,
                  &v))
        return DP_ENOMEM;
    } else if (r->kind == DP__K_PERIOD) {
      int exempt_attr = r->exempt_attr && dp_record_attribute(c->r,
                                                              r->exempt_attr);
      for (size_t i = 0; i < c->n; i++) {
        if (c->x[i].step != r->step_a) continue;
        const dp__event *ev = &c->r->ev[i];
        if (ev->dstate[1] != DP__D_OK) continue; /* not started */
        if (r->until_b) {
          /* the time given lasts until the next step, however soon the
           * review answered: due while no such step has followed */
          int followed = 0;
          for (size_t j = 0; j < c->n; j++)
            followed = followed || (c->x[j].step == r->step_b &&
                                    c->x[j].b != DP_NO_DATE &&
                                    c->x[j].b >= ev->day[1]);
          if (followed) continue;
        } else if (ev->dstate[2] == DP__D_OK && ev->day[2] <= g->as_of) {
          continue;
        }
        if (exempt_attr && r->exempt_field >= 0 && ev->f[r->exempt_field] &&
            ev->f[r->exempt_field][0])
          continue;
        int32_t s = ev->day[1];
        for (int bound = 0; bound < 2; bound++) {
          int have = bound == 0 ? r->have_min : r->have_max;
          if (!have) continue;
          int32_t n = bound == 0 ? r->min : r->max;
          if (n < 1) continue;
          int32_t d = r->unit == DP__U_DAYS ? s + n - 1
                                            : dp__nth_workday(c, s, n);
          dp__vars v = {0};
          v.start = dp__d(s);
          v.date = dp__d(r->until_b ? d + 1 : d);
          v.limit = dp__l(n, r->unit);
          if (r->unit == DP__U_WORKDAYS) v.note = dp__note_of(c, s, d);
          /* the time given: the next step not before the day after it */
          if (r->until_b) {
            if (add_due(g, c, r, r->step_b, r->step_a, DP_DUE_NOT_BEFORE,
                        d + 1, DP__M_GATE_GIVEN, &v))
              return DP_ENOMEM;
            continue;
          }
          if (add_due(g, c, r, r->step_a, -1,
                      bound == 0 ? DP_DUE_NOT_BEFORE : DP_DUE_NOT_AFTER, d,
                      bound == 0 ? DP__M_GATE_DUE_MIN : DP__M_GATE_DUE_MAX, &v))
            return DP_ENOMEM;
        }
      }
    }
  }
  return 0;
}

/* ---------------------------------------------------------------------
 * The gate
 * ------------------------------------------------------------------- */

static int steps_of(dp_gate *g) {
  const dp_engine *e = g->e;
  char *mentioned = dp__calloc(e->nsteps ? e->nsteps : 1, 1);
  if (!mentioned) return DP_ENOMEM;
  for (size_t k = 0; k < g->pr->nrules; k++) {
    const dp_rule *r = g->pr->rules[k];
    if (r->disabled) continue;
    if (r->step_a >= 0) mentioned[r->step_a] = 1;
    if (r->step_b >= 0) mentioned[r->step_b] = 1;
    if (r->cure >= 0) mentioned[r->cure] = 1;
    for (int i = 0; i < r->nany; i++) mentioned[r->any[i]] = 1;
    for (size_t i = 0; i < r->npairs; i++) {
      mentioned[r->pairs[i].a] = 1;
      mentioned[r->pairs[i].b] = 1;
    }
  }
  size_t n = 0;
  for (size_t i = 0; i < e->nsteps; i++) n += mentioned[i];
  g->steps = dp__calloc(n ? n : 1, sizeof *g->steps);
  g->state = dp__calloc(n ? n : 1, sizeof *g->state);
  g->required = dp__calloc(n ? n : 1, sizeof *g->required);
  g->reasons = dp__calloc(n ? n : 1, sizeof *g->reasons);
  if (!g->steps || !g->state || !g->required || !g->reasons) {
    free(mentioned);
    return DP_ENOMEM;
  }
  /* in the order the steps are declared: the canonical order */
  for (size_t i = 0; i < e->nsteps; i++)
    if (mentioned[i]) g->steps[g->nsteps++] = (int)i;
  free(mentioned);
  return 0;
}

/* Reasons step x may not be taken on the context's day, as a finished
 * report; the context (its report) is left as it was. */
static int reasons_in(const dp_gate *g, dp__ctx *c, int x, dp_report **out) {
  *out = NULL;
  dp_report *why = dp__report_new(g->e, g->rec->f[DP__RF_ID], g->pr->name);
  if (!why) return DP_ENOMEM;
  dp_report *keep = c->rep;
  c->rep = why;
  c->gate_words = 1;
  blockers(c, x);
  c->rep = keep;
  if (c->oom) {
    dp_report_free(why);
    return DP_ENOMEM;
  }
  dp__report_finish(why);
  *out = why;
  return 0;
}

/* The same on another day: a context of its own. */
static int reasons_on(const dp_gate *g, int x, int32_t day, dp_report **out) {
  *out = NULL;
  /* data problems are dp_check's business: a scratch report takes them */
  dp_report *scratch = dp__report_new(g->e, NULL, NULL);
  if (!scratch) return DP_ENOMEM;
  dp__ctx c;
  int rc = dp__ctx_init(&c, g->e, g->pr, g->rec, scratch, day);
  if (rc == 0) rc = reasons_in(g, &c, x, out);
  dp__ctx_free(&c);
  dp_report_free(scratch);
  return rc;
}

/* Both languages of a report's messages worded (NULL: none). */
static int word_both(dp_report *rep) {
  if (rep && (dp__report_words(rep, 0) || dp__report_words(rep, 1)))
    return DP_ENOMEM;
  return 0;
}

int dp_gate_new(dp_gate **out, const dp_engine *e, const dp_record *r,
                int32_t as_of, const char *procedure, dp_error *err) {
  if (out) *out = NULL;
  if (!out || !e || !r || as_of == DP_NO_DATE) {
    dp__error_set(err, DP_EINVAL, "dp_gate_new", 0, 0, -1, "%s",
                  !out  ? "no place for the gate"
                  : !e  ? "no engine"
                  : !r  ? "no record"
                        : "no as-of day");
    return DP_EINVAL;
  }
  const char *pname = procedure ? procedure : r->f[DP__RF_PROCEDURE];
  const char *src = r->f[DP__RF_ID] ? r->f[DP__RF_ID] : "<record>";
  if (r->invalid[0]) {
    dp__error_set(err, DP_ERECORD, src, 0, 0, -1,
                  "the record could not be read: %s", r->invalid[1]);
    return DP_ERECORD;
  }
  const dp__procedure *pr = dp__proc_lookup(e, pname);
  if (!pr) {
    const char *near = pname ? dp__proc_nearest(e, pname) : NULL;
    if (!pname)
      dp__error_set(err, DP_EPROCEDURE, src, 0, 0, -1,
                    "the record names no procedure");
    else if (near)
      dp__error_set(err, DP_EPROCEDURE, src, 0, 0, -1,
                    "unknown procedure '%.80s'; did you mean '%s'?", pname,
                    near);
    else
      dp__error_set(err, DP_EPROCEDURE, src, 0, 0, -1,
                    "unknown procedure '%.80s'", pname);
    return DP_EPROCEDURE;
  }
  dp_gate *g = dp__calloc(1, sizeof *g);
  if (!g) {
    dp__error_set(err, DP_ENOMEM, src, 0, 0, -1, NULL);
    return DP_ENOMEM;
  }
  g->e = e;
  g->pr = pr;
  g->as_of = as_of;
  int rc = DP_ENOMEM;
  if (!(g->rec = clone_record(r))) goto fail;
  dp_check_options o = {pname, DP_CHECK_IN_PROGRESS, as_of};
  if ((rc = dp_check(e, r, &o, &g->report))) goto fail;
  if ((rc = steps_of(g))) goto fail;
  dp_report *scratch = dp__report_new(e, NULL, NULL);
  if (!scratch) {
    rc = DP_ENOMEM;
    goto fail;
  }
  dp__ctx c;
  rc = dp__ctx_init(&c, e, pr, g->rec, scratch, as_of);
  if (rc == 0) {
    c.gate_words = 1;
    for (size_t i = 0; i < g->nsteps && rc == 0; i++) {
      int s = g->steps[i];
      g->required[i] = required(&c, s);
      if (dp__count_step(&c, s) > 0) {
        g->state[i] = DP_GATE_DONE;
        for (size_t k = 0; k < c.n; k++)
          if (c.x[k].step == s && c.x[k].f != DP_NO_DATE && c.x[k].f > as_of)
            g->state[i] = DP_GATE_RUNNING;
        continue;
      }
      rc = reasons_in(g, &c, s, &g->reasons[i]);
      if (rc) break;
      if (dp_report_count(g->reasons[i]) > 0) {
        g->state[i] = DP_GATE_BLOCKED;
      } else {
        g->state[i] = DP_GATE_OPEN;
        dp_report_free(g->reasons[i]);
        g->reasons[i] = NULL;
      }
    }
    if (rc == 0) rc = dues(g, &c);
  }
  dp__ctx_free(&c);
  dp_report_free(scratch);
  /* the gate's own reports worded in both languages now: a gate, once
   * made, is only read, as its due items are */
  if (rc == 0) rc = word_both(g->report);
  for (size_t i = 0; i < g->nsteps && rc == 0; i++)
    rc = word_both(g->reasons[i]);
  if (rc) goto fail;
  *out = g;
  return 0;
fail:
  dp_gate_free(g);
  dp__error_set(err, rc, src, 0, 0, -1, NULL);
  return rc;
}

void dp_gate_free(dp_gate *g) {
  if (!g) return;
  dp_record_free(g->rec);
  dp_report_free(g->report);
  for (size_t i = 0; i < g->nsteps; i++) dp_report_free(g->reasons[i]);
  free(g->reasons);
  free(g->steps);
  free(g->state);
  free(g->required);
  for (size_t k = 0; k < g->ndue; k++) {
    free(g->due[k].msg[0]);
    free(g->due[k].msg[1]);
    free(g->due[k].basis);
  }
  free(g->due);
  free(g);
}

const dp_report *dp_gate_report(const dp_gate *g) {
  return g ? g->report : NULL;
}
size_t dp_gate_step_count(const dp_gate *g) { return g ? g->nsteps : 0; }
const char *dp_gate_step_name(const dp_gate *g, size_t i) {
  return g && i < g->nsteps ? g->e->steps[g->steps[i]].name : NULL;
}
dp_gate_state dp_gate_step_state(const dp_gate *g, size_t i) {
  return g && i < g->nsteps ? g->state[i] : DP_GATE_BLOCKED;
}
int dp_gate_step_required(const dp_gate *g, size_t i) {
  return g && i < g->nsteps ? g->required[i] : 0;
}
const dp_report *dp_gate_step_reasons(const dp_gate *g, size_t i) {
  return g && i < g->nsteps ? g->reasons[i] : NULL;
}
size_t dp_gate_due_count(const dp_gate *g) { return g ? g->ndue : 0; }
const dp_due *dp_gate_due(const dp_gate *g, size_t k) {
  return g && k < g->ndue ? &g->due[k] : NULL;
}
const char *dp_due_step(const dp_due *d) { return d ? d->step_name : NULL; }
dp_due_kind dp_due_kind_of(const dp_due *d) {
  return d ? d->kind : DP_DUE_BY;
}
int32_t dp_due_date(const dp_due *d) { return d ? d->date : DP_NO_DATE; }
const char *dp_due_rule(const dp_due *d) { return d ? d->rule->id : NULL; }
const char *dp_due_message(const dp_due *d, dp_lang lang) {
  return d ? d->msg[lang == DP_LANG_EN] : NULL;
}
const char *dp_due_basis(const dp_due *d) {
  return d ? (d->basis ? d->basis : "") : NULL;
}
int dp_due_overdue(const dp_due *d) { return d ? d->overdue : 0; }

int dp_gate_may(const dp_gate *g, const char *step, int32_t day, int *may,
                dp_report **why, dp_error *err) {
  if (may) *may = 0;
  if (why) *why = NULL;
  if (!g || !step || !may || day == DP_NO_DATE) {
    dp__error_set(err, DP_EINVAL, "dp_gate_may", 0, 0, -1, "%s",
                  !g      ? "no gate"
                  : !step ? "no step"
                  : !may  ? "no place for the answer"
                          : "no day");
    return DP_EINVAL;
  }
  int x = dp__step_lookup(g->e, step);
  if (x < 0) return dp__unknown_step(g->e, step, "dp_gate_may", err);
  dp_report *rep;
  int rc = reasons_on(g, x, day, &rep);
  if (rc) {
    dp__error_set(err, rc, "dp_gate_may", 0, 0, -1, NULL);
    return rc;
  }
  *may = dp_report_count(rep) == 0;
  if (why) *why = rep;
  else dp_report_free(rep);
  return 0;
}

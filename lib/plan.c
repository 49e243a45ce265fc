/*
 * plan.c - each procedure compiled into what checking a record needs.
 *
 * A check asks, for every rule of the record's procedure, whether it
 * applies (enabled, its condition holds, one of its bases is law on the
 * record's decision date) and then which bases to cite.  What the rules
 * alone decide is worked out here, once per load of rules, not once per
 * record: the enabled rules in order, and for each span of days between
 * the dates on which some basis comes into force or goes out of it, the
 * bases of each rule that are law then.  A check finds its span once
 * (dp__plan_span) and reads the rest.
 *
 * The plan is remade from scratch at every load (defaults, a rule file,
 * an overlay that replaces, adjusts or disables rules), so it never
 * describes rules that are no longer the engine's.
 */
#include "dp-private.h"

#include <stdlib.h>
#include <string.h>

void dp__plan_free(dp__plan *p) {
  if (!p) return;
  free(p->rules);
  free(p->cuts);
  free(p->inforce);
  free(p->woff);
  free(p->law);
  free(p->ask);
  free(p->run);
  free(p->nrun);
  free(p);
}

static int cmp_day(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
  return x < y ? -1 : x > y;
}

/* The days that begin a span: each basis's first day in force and the
 * day after its last, sorted, each once. */
static int plan_cuts(dp__plan *p) {
  size_t n = 0;
  for (size_t j = 0; j < p->nrules; j++) n += 2 * p->rules[j]->nbases;
  p->cuts = malloc((n ? n : 1) * sizeof *p->cuts);
  if (!p->cuts) return DP_ENOMEM;
  n = 0;
  for (size_t j = 0; j < p->nrules; j++)
    for (size_t k = 0; k < p->rules[j]->nbases; k++) {
      const dp__basis *b = &p->rules[j]->bases[k];
      if (b->from != DP_NO_DATE) p->cuts[n++] = b->from;
      if (b->until != DP_NO_DATE && b->until < INT32_MAX)
        p->cuts[n++] = b->until + 1;
    }
  qsort(p->cuts, n, sizeof *p->cuts, cmp_day);
  size_t u = 0;
  for (size_t i = 0; i < n; i++)
    if (u == 0 || p->cuts[u - 1] != p->cuts[i]) p->cuts[u++] = p->cuts[i];
  p->ncuts = u;
  return 0;
}

size_t dp__plan_span(const dp__plan *p, int32_t decided) {
  /* the number of cuts on or before the day */
  size_t lo = 0, hi = p->ncuts;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (p->cuts[mid] <= decided) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

static int in_force(const dp__basis *b, int32_t day) {
  return (b->from == DP_NO_DATE || b->from <= day) &&
         (b->until == DP_NO_DATE || day <= b->until);
}

/* What decides, on span s, whether rule j applies; and the rules that
 * may apply then, in order. */
static void plan_ask(dp__plan *p, size_t s) {
  const uint64_t *m = p->inforce + s * p->nwords;
  for (size_t j = 0; j < p->nrules; j++) {
    const dp_rule *r = p->rules[j];
    dp__ask a = r->nbases ? DP__ASK_NEVER : DP__ASK_WHEN;
    for (size_t k = 0; k < r->nbases && a != DP__ASK_WHEN; k++)
      if (m[p->woff[j] + k / 64] >> (k % 64) & 1)
        a = r->bases[k].when ? DP__ASK_BASES : DP__ASK_WHEN;
    p->ask[s * p->nrules + j] = (unsigned char)a;
    if (a != DP__ASK_NEVER) p->run[s * p->nrules + p->nrun[s]++] = p->rules[j];
  }
}

/* Which bases are law on each span, whether any of the procedure's law
 * is, and what is left to ask of each rule. */
static int plan_spans(dp__plan *p) {
  size_t nspans = p->ncuts + 1, nr = p->nrules ? p->nrules : 1;
  p->woff = malloc(nr * sizeof *p->woff);
  p->law = calloc(nspans, 1);
  p->ask = malloc(nspans * nr);
  p->run = malloc(nspans * nr * sizeof *p->run);
  p->nrun = calloc(nspans, sizeof *p->nrun);
  if (!p->woff || !p->law || !p->ask || !p->run || !p->nrun)
    return DP_ENOMEM;
  p->nwords = 0;
  for (size_t j = 0; j < p->nrules; j++) {
    p->woff[j] = p->nwords;
    p->nwords += (p->rules[j]->nbases + 63) / 64;
  }
  p->inforce = calloc(nspans * (p->nwords ? p->nwords : 1), sizeof(uint64_t));
  if (!p->inforce) return DP_ENOMEM;
  for (size_t s = 0; s < nspans; s++) {
    /* a day of the span: the cut that opens it, or before the first */
    int32_t day = s ? p->cuts[s - 1] : p->ncuts ? p->cuts[0] - 1 : 0;
    uint64_t *m = p->inforce + s * p->nwords;
    for (size_t j = 0; j < p->nrules; j++) {
      const dp_rule *r = p->rules[j];
      if (r->nbases == 0) p->law[s] = 1;
      for (size_t k = 0; k < r->nbases; k++)
        if (in_force(&r->bases[k], day)) {
          m[p->woff[j] + k / 64] |= (uint64_t)1 << (k % 64);
          p->law[s] = 1;
        }
    }
    plan_ask(p, s);
  }
  return 0;
}

static int expr_reads(const dp__expr *x, const char *name) {
  if (!x) return 0;
  if ((x->op == DP__X_ATTR || x->op == DP__X_IS) && strcmp(x->attr, name) == 0)
    return 1;
  return expr_reads(x->a, name) || expr_reads(x->b, name);
}

int dp__proc_reads(const dp__procedure *pr, const char *name) {
  for (size_t k = 0; k < pr->nrules; k++) {
    const dp_rule *r = pr->rules[k];
    if (expr_reads(r->when, name)) return 1;
    if (r->exempt_attr && strcmp(r->exempt_attr, name) == 0) return 1;
    for (size_t w = 0; w < r->nwiths; w++)
      if (expr_reads(r->withs[w].when, name)) return 1;
    for (size_t b = 0; b < r->nbases; b++)
      if (expr_reads(r->bases[b].when, name)) return 1;
  }
  return 0;
}

static dp__plan *plan_make(dp__procedure *pr) {
  dp__plan *p = calloc(1, sizeof *p);
  if (!p) return NULL;
  p->rules = malloc((pr->nrules ? pr->nrules : 1) * sizeof *p->rules);
  if (!p->rules) goto fail;
  for (size_t k = 0; k < pr->nrules; k++) {
    dp_rule *r = pr->rules[k];
    r->plan_ix = -1;
    if (r->disabled) continue;
    r->plan_ix = (int)p->nrules;
    p->rules[p->nrules++] = r;
    for (size_t b = 0; b < r->nbases; b++) {
      const dp__basis *x = &r->bases[b];
      if (x->from != DP_NO_DATE && (!p->first || x->from < p->first->from))
        p->first = x;
    }
  }
  /* the issuer is inferred from the authority's name only for a
   * procedure whose conditions ask for it */
  p->reads_issuer = dp__proc_reads(pr, "issuer");
  if (plan_cuts(p) || plan_spans(p)) goto fail;
  return p;
fail:
  for (size_t k = 0; k < pr->nrules; k++) pr->rules[k]->plan_ix = -1;
  dp__plan_free(p);
  return NULL;
}

void dp__plan_build(dp_engine *e) {
  e->step_publication = dp__step_lookup(e, "publication");
  e->step_decision = dp__step_lookup(e, "collective_decision");
  e->step_effective = dp__step_lookup(e, "effective");
  for (size_t k = 0; k < e->nrwords; k++)
    e->rwords[k].len = strlen(e->rwords[k].word);
  for (size_t i = 0; i < e->nprocs; i++) {
    dp__procedure *pr = e->procs[i];
    dp__plan_free(pr->plan);
    pr->plan = plan_make(pr);
  }
}

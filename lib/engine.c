/*
 * engine.c - procedures → rules → findings.
 *
 * The engine knows nothing of files or formats: it takes a dp_record and
 * gives a dp_report.  One small evaluator per rule kind (see dp__kind);
 * precedence and time follow records.md §4 and §7.
 */
#include "dp-private.h"

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* ---------------------------------------------------------------------
 * Engine life cycle
 * ------------------------------------------------------------------- */

static size_t step_hash(const char *name, size_t n) {
  return (size_t)dp__hash(name, n, 0) & (DP__STEP_HASH - 1);
}

uint64_t dp__engine_gen(void) {
  static _Atomic uint64_t counter;
  return atomic_fetch_add(&counter, 1) + 1;
}

void dp__step_index(dp_engine *e, size_t i) {
  const char *name = e->steps[i].name;
  e->steps[i].len = strlen(name);
  size_t h = step_hash(name, e->steps[i].len);
  while (e->step_hash[h]) h = (h + 1) & (DP__STEP_HASH - 1);
  e->step_hash[h] = (uint16_t)(i + 1);
}

int dp__step_lookupn(const dp_engine *e, const char *name, size_t n) {
  for (size_t h = step_hash(name, n); e->step_hash[h];
       h = (h + 1) & (DP__STEP_HASH - 1)) {
    const dp__step *st = &e->steps[e->step_hash[h] - 1];
    if (st->len == n && memcmp(st->name, name, n) == 0)
      return e->step_hash[h] - 1;
  }
  return -1;
}

int dp__step_lookup(const dp_engine *e, const char *name) {
  return name ? dp__step_lookupn(e, name, strlen(name)) : -1;
}

const char *dp__step_nearest(const dp_engine *e, const char *name) {
  dp__nearest nr;
  dp__nearest_init(&nr, name, DP__NEAR_NAME);
  for (size_t i = 0; i < e->nsteps; i++) dp__nearest_try(&nr, e->steps[i].name);
  return nr.best;
}

int dp__unknown_step(const dp_engine *e, const char *name, const char *source,
                     dp_error *err) {
  const char *near = dp__step_nearest(e, name);
  if (near)
    dp__error_set(err, DP_EINVAL, source, 0, 0, -1,
                  "unknown step '%.80s'; did you mean '%s'?", name, near);
  else
    dp__error_set(err, DP_EINVAL, source, 0, 0, -1, "unknown step '%.80s'",
                  name);
  return DP_EINVAL;
}

const char *dp__proc_nearest(const dp_engine *e, const char *name) {
  dp__nearest nr;
  dp__nearest_init(&nr, name, DP__NEAR_NAME);
  for (size_t i = 0; i < e->nprocs; i++)
    dp__nearest_try(&nr, e->procs[i]->name);
  return nr.best;
}

dp__procedure *dp__proc_lookup(const dp_engine *e, const char *name) {
  if (!name) return NULL;
  for (size_t i = 0; i < e->nprocs; i++)
    if (strcmp(e->procs[i]->name, name) == 0) return e->procs[i];
  /* a record may name its procedure by its title, as a spreadsheet's 程序
   * column does: 行政规范性文件, major administrative decision */
  for (size_t i = 0; i < e->nprocs; i++)
    for (int l = 0; l < 2; l++)
      if (e->procs[i]->title[l] &&
          (l ? strcasecmp(e->procs[i]->title[l], name)
             : strcmp(e->procs[i]->title[l], name)) == 0)
        return e->procs[i];
  return NULL;
}

int dp_engine_new(dp_engine **out, unsigned flags, dp_error *err) {
  if (!out) return DP_EINVAL;
  *out = NULL;
  dp_engine *e = dp__calloc(1, sizeof *e);
  if (!e) return DP_ENOMEM;
  dp__calendar_init(&e->cal);
  e->mctx = pcre2_match_context_create(NULL);
  if (!e->mctx) {
    dp_engine_free(e);
    return DP_ENOMEM;
  }
  e->gen = dp__engine_gen();
  pcre2_set_match_limit(e->mctx, DP__PCRE_MATCH_LIMIT);
  pcre2_set_depth_limit(e->mctx, DP__PCRE_DEPTH_LIMIT);
  int rc = 0;
  if (!(flags & DP_ENGINE_NO_DEFAULT_CALENDAR))
    for (size_t i = 0; i < dp__default_calendar_count && !rc; i++) {
      char src[64];
      snprintf(src, sizeof src, "<default:%s>", dp__default_calendar[i].name);
      rc = dp__calendar_load(&e->cal, dp__default_calendar[i].text,
                             dp__default_calendar[i].len, src, err);
    }
  /* without memory for the table, the binary search answers alone */
  if (!rc) (void)dp__calendar_index(&e->cal);
  if (!(flags & DP_ENGINE_NO_DEFAULT_RULES))
    for (size_t i = 0; i < dp__default_rules_count && !rc; i++) {
      char src[64];
      snprintf(src, sizeof src, "<default:%s>", dp__default_rules[i].name);
      rc = dp__rules_load(e, dp__default_rules[i].text,
                          dp__default_rules[i].len, src, err);
    }
  else
    /* the contract's vocabulary (steps, result words, attributes) and the
     * table of laws stay: records.md fixes the one, the other is fact */
    for (size_t i = 0; i < dp__default_rules_count && i < 2 && !rc; i++) {
      char src[64];
      snprintf(src, sizeof src, "<default:%s>", dp__default_rules[i].name);
      rc = dp__rules_load(e, dp__default_rules[i].text,
                          dp__default_rules[i].len, src, err);
    }
  if (rc) {
    dp_engine_free(e);
    return rc;
  }
  *out = e;
  return 0;
}

void dp_engine_free(dp_engine *e) {
  if (!e) return;
  for (size_t i = 0; i < e->nsteps; i++) {
    free(e->steps[i].name);
    free(e->steps[i].title[0]);
    free(e->steps[i].title[1]);
  }
  free(e->steps);
  for (size_t i = 0; i < e->nprocs; i++) dp__procedure_free(e->procs[i]);
  free(e->procs);
  free(e->rules); /* the rules belong to their procedures */
  free(e->attrs); /* the names belong to the conditions */
  dp__laws_free(e->laws, e->nlaws);
  dp__rwords_free(e->rwords, e->nrwords);
  dp__regex_free(&e->negation);
  dp__attrdefs_free(e->attrdefs, e->nattrdefs);
  free(e->result_words[0]);
  free(e->result_words[1]);
  dp__calendar_free(&e->cal);
  pcre2_match_context_free(e->mctx);
  free(e);
}

int dp_engine_load_string(dp_engine *e, const char *text, size_t len,
                          const char *source, dp_error *err) {
  if (!e || (!text && len)) return DP_EINVAL;
  return dp__rules_load(e, text ? text : "", len, source, err);
}

int dp_engine_load_file(dp_engine *e, const char *path, dp_error *err) {
  if (!e || !path) return DP_EINVAL;
  dp__buf b;
  int rc = dp__file_read(path, DP__MAX_RULE_BYTES, &b, err);
  if (rc) return rc;
  /* over the limit: the parser says so, with the length */
  rc = dp__rules_load(e, b.s ? b.s : "", b.len, path, err);
  dp__buf_free(&b);
  return rc;
}

size_t dp_engine_procedure_count(const dp_engine *e) {
  return e ? e->nprocs : 0;
}

const char *dp_engine_find_procedure(const dp_engine *e, const char *name) {
  const dp__procedure *pr = e ? dp__proc_lookup(e, name) : NULL;
  return pr ? pr->name : NULL;
}

const char *dp_engine_procedure_name(const dp_engine *e, size_t i) {
  return e && i < e->nprocs ? e->procs[i]->name : NULL;
}

size_t dp_engine_rule_count(const dp_engine *e) {
  size_t n = 0;
  if (e)
    for (size_t i = 0; i < e->nrules; i++) n += !e->rules[i]->disabled;
  return n;
}

const dp_rule *dp_engine_rule(const dp_engine *e, size_t i) {
  if (!e) return NULL;
  for (size_t k = 0; k < e->nrules; k++) {
    if (e->rules[k]->disabled) continue;
    if (i-- == 0) return e->rules[k];
  }
  return NULL;
}

const dp_rule *dp_engine_find_rule(const dp_engine *e, const char *procedure,
                                   const char *id) {
  if (!e || !id) return NULL;
  for (size_t k = 0; k < e->nrules; k++) {
    const dp_rule *r = e->rules[k];
    if (r->disabled || strcmp(r->id, id) != 0) continue;
    if (procedure && strcmp(r->proc->name, procedure) != 0) continue;
    return r;
  }
  return NULL;
}

const char *dp_rule_id(const dp_rule *r) { return r ? r->id : NULL; }
const char *dp_rule_procedure(const dp_rule *r) {
  return r ? r->proc->name : NULL;
}
dp_severity dp_rule_severity(const dp_rule *r) {
  if (!r) return DP_ERROR;
  if (r->kind == DP__K_ORDER)
    for (size_t i = 0; i < r->npairs; i++)
      if (r->pairs[i].sev == DP_ERROR) return DP_ERROR;
  return r->sev;
}
const char *dp_rule_basis(const dp_rule *r) { return r ? r->basis : NULL; }
int dp_rule_verified(const dp_rule *r) { return r ? r->verified : 0; }
const char *dp_rule_kind(const dp_rule *r) {
  static const char *const names[DP__K_COUNT] = {
      "require", "order", "period", "deadline", "veto", "doc-number",
      "notice", "declare", "wait", "validity"};
  if (r && r->kind == DP__K_DECLARE) return dp__declare_name(r->tmpl);
  return r ? names[r->kind] : NULL;
}
const char *dp_rule_summary(const dp_rule *r, dp_lang lang) {
  if (!r) return NULL;
  int l = lang == DP_LANG_EN;
  return r->summary[l] ? r->summary[l] : r->summary[!l];
}
const char *dp_rule_origin(const dp_rule *r) { return r ? r->origin : NULL; }
const char *dp_rule_check(const dp_rule *r) { return r ? r->check_src : NULL; }
const char *dp_rule_condition(const dp_rule *r) {
  return r ? r->cond_src : NULL;
}
const char *dp_rule_details(const dp_rule *r) {
  return r ? r->detail_src : NULL;
}
size_t dp_rule_basis_count(const dp_rule *r) { return r ? r->nbases : 0; }
const char *dp_rule_basis_text(const dp_rule *r, size_t i) {
  return r && i < r->nbases ? r->bases[i].text : NULL;
}
int32_t dp_rule_basis_from(const dp_rule *r, size_t i) {
  return r && i < r->nbases ? r->bases[i].from : DP_NO_DATE;
}
int32_t dp_rule_basis_until(const dp_rule *r, size_t i) {
  return r && i < r->nbases ? r->bases[i].until : DP_NO_DATE;
}
const char *dp_rule_basis_condition(const dp_rule *r, size_t i) {
  return r && i < r->nbases ? r->bases[i].when_src : NULL;
}
int dp_rule_basis_verified(const dp_rule *r, size_t i) {
  return r && i < r->nbases ? r->bases[i].verified : 0;
}
const char *dp_engine_procedure_title(const dp_engine *e, size_t i,
                                      dp_lang lang) {
  if (!e || i >= e->nprocs) return NULL;
  return e->procs[i]->title[lang == DP_LANG_EN];
}

/* ---------------------------------------------------------------------
 * Checking: the context of one check
 * ------------------------------------------------------------------- */



/* A precedes B: A ends on or before the day B starts; on the same day the
 * times decide when both are known and differ, else the order of events. */
int dp__precedes(const dp__ctx *c, size_t a, size_t b) {
  const dp__evx *A = &c->x[a], *B = &c->x[b];
  if (A->f < B->b) return 1;
  if (A->f > B->b) return 0;
  if (A->fs >= 0 && B->bs >= 0 && A->fs != B->bs) return A->fs < B->bs;
  return a < b;
}

static int attr_true(const dp_record *r, const char *name) {
  return dp_record_attribute(r, name);
}

int dp__eval_when(const dp__ctx *c, const dp__expr *x) {
  if (!x) return 1;
  switch (x->op) {
  case DP__X_ATTR:
    return x->slot ? c->attrv[x->slot - 1] : attr_true(c->r, x->attr);
  case DP__X_NOT: return !dp__eval_when(c, x->a);
  case DP__X_AND: return dp__eval_when(c, x->a) && dp__eval_when(c, x->b);
  case DP__X_OR: return dp__eval_when(c, x->a) || dp__eval_when(c, x->b);
  case DP__X_IS: {
    const char *v = strcmp(x->attr, "issuer") == 0
                        ? c->issuer
                        : dp_record_attribute_string(c->r, x->attr);
    return v && strcmp(v, x->value) == 0;
  }
  case DP__X_HAPPENED: return dp__count_step(c, x->step) > 0;
  }
  return 0;
}

static void index_expr(dp_engine *e, dp__expr *x) {
  if (!x) return;
  if (x->op != DP__X_ATTR) {
    index_expr(e, x->a);
    index_expr(e, x->b);
    return;
  }
  for (size_t i = 0; i < e->nattrs; i++)
    if (strcmp(e->attrs[i], x->attr) == 0) {
      x->slot = (int)i + 1;
      return;
    }
  x->slot = 0;
  if (e->nattrs >= DP__ATTR_SLOTS ||
      dp__grow((void **)&e->attrs, &e->capattrs, e->nattrs + 1,
               sizeof *e->attrs))
    return; /* looked up by name */
  /* borrowed: the expression owns the name and lives as long */
  e->attrs[e->nattrs++] = x->attr;
  x->slot = (int)e->nattrs;
}

int dp__rclass_from_name(const char *name) {
  static const char *const names[] = {"",          "pass",
                                      "fail",      "revise",
                                      "controllable", "uncontrollable",
                                      "continued", "repealed"};
  for (int k = 1; k < (int)(sizeof names / sizeof names[0]); k++)
    if (name && strcmp(name, names[k]) == 0) return k;
  return -1;
}

const char *dp__rclass_name(dp__rclass c) {
  static const char *const names[] = {"",
                                      "pass",
                                      "fail",
                                      "revise",
                                      "controllable",
                                      "uncontrollable",
                                      "continued",
                                      "repealed",
                                      "unknown"};
  return c >= 0 && c < DP__R_COUNT ? names[c] : "";
}

/* s[0..n) folded as dp__fold_result folds is the word w of length n. */
static int same_folded(const char *s, const char *w, size_t n) {
  for (size_t i = 0; i < n; i++) {
    char ch = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] - 'A' + 'a') : s[i];
    if (ch != w[i]) return 0;
  }
  return 1;
}

dp__rclass dp__result_class(const dp_engine *e, const char *result) {
  if (!result) return DP__R_NONE;
  size_t n;
  const char *s = dp__trim_result(result, &n);
  if (n == 0) return DP__R_NONE;
  for (size_t k = 0; k < e->nrwords; k++)
    if (e->rwords[k].len == n && same_folded(s, e->rwords[k].word, n))
      return e->rwords[k].cls;
  return DP__R_UNKNOWN;
}

/* A rule's bases, each with its span, for listings (dp_rule_basis). */
static void join_bases(dp_rule *r) {
  dp__buf b = {0};
  for (size_t k = 0; k < r->nbases; k++) {
    const dp__basis *x = &r->bases[k];
    if (k) dp__buf_adds(&b, "；");
    dp__buf_adds(&b, x->text);
    if (x->from != DP_NO_DATE || x->until != DP_NO_DATE) {
      char f[16] = "", u[16] = "";
      if (x->from != DP_NO_DATE) dp_date_format(x->from, f);
      if (x->until != DP_NO_DATE) dp_date_format(x->until, u);
      dp__buf_addf(&b, "（%s%s%s）", f, x->until != DP_NO_DATE ? "—" : "起",
                   u);
    }
  }
  dp__buf_addc(&b, '\0');
  free(r->basis);
  r->basis = b.oom ? NULL : b.s;
  if (b.oom) dp__buf_free(&b);
}

static const char *field_title(int f, int lang);

/* A step's title in a procedure's words (for summaries). */
static const char *title_in(const dp_engine *e, const dp__procedure *pr,
                            int s, int l) {
  if (s < 0) return "";
  for (size_t i = 0; pr && i < pr->ntitles; i++)
    if (pr->titles[i].step == s) return pr->titles[i].title[l];
  return e->steps[s].title[l] ? e->steps[s].title[l] : e->steps[s].name;
}

/* The requirement in one line, made from the check, for a rule that
 * states none (or whose check an overlay changed without restating it):
 * a summary that cannot say an old number. */
static char *make_summary(const dp_engine *e, const dp_rule *r, int l) {
  const char *A = title_in(e, r->proc, r->step_a, l);
  const char *B = title_in(e, r->proc, r->step_b, l);
  char len[2][48];
  int32_t n = r->kind == DP__K_PERIOD ? (r->have_min ? r->min : r->max)
              : r->kind == DP__K_NOTICE ? r->min
                                        : r->n;
  dp__fmt_len(n, r->unit, len);
  dp__buf b = {0};
  switch (r->kind) {
  case DP__K_REQUIRE:
    dp__buf_addf(&b, l ? "%s must happen" : "应当进行%s", A);
    for (int k = 0; k < r->nany; k++)
      dp__buf_addf(&b, l ? " (or %s)" : "（或%s）",
                   title_in(e, r->proc, r->any[k], l));
    if (r->rel != DP__REL_NONE)
      dp__buf_addf(&b, l ? (r->rel == DP__REL_BEFORE ? ", before %s"
                                                     : ", after %s")
                         : (r->rel == DP__REL_BEFORE ? "，在%s之前" : "，在%s之后"),
                   B);
    break;
  case DP__K_ORDER:
    for (size_t k = 0; k < r->npairs; k++)
      dp__buf_addf(&b, l ? "%s%s before %s" : "%s先%s后%s", k ? (l ? "; " : "；") : "",
                   title_in(e, r->proc, r->pairs[k].a, l),
                   title_in(e, r->proc, r->pairs[k].b, l));
    break;
  case DP__K_PERIOD:
    if (r->until_b)
      dp__buf_addf(&b, l ? "%s is given at least %s before %s"
                         : "%s应当给予不少于%s的时间（至%s前）",
                   A, len[l], B);
    else
      dp__buf_addf(&b, l ? "%s lasts %s %s" : "%s期限%s%s", A,
                   r->have_min ? (l ? "at least" : "不少于")
                               : (l ? "at most" : "不超过"),
                   len[l]);
    break;
  case DP__K_DEADLINE:
    dp__buf_addf(&b, l ? "%s within %s after %s" : "自%s之日起%s内%s",
                 l ? B : A, len[l], l ? A : B);
    break;
  case DP__K_NOTICE:
    dp__buf_addf(&b, l ? "the %s of %s at least %s before it"
                       : "%s的%s应当在%s前至少%s",
                 l ? field_title(r->notice_field, 1) : A,
                 l ? A : field_title(r->notice_field, 0), l ? "" : A, len[l]);
    break;
  case DP__K_VETO:
    dp__buf_addf(&b, l ? "no %s after a failed %s" : "%s未通过的，不得进行%s",
                 l ? B : A, l ? A : B);
    break;
  case DP__K_WAIT:
    if (l) dp__buf_addf(&b, "%s at least %s after %s", B, len[1], A);
    else dp__buf_addf(&b, "%s应当在%s之日起至少%s后", B, A, len[0]);
    break;
  case DP__K_VALIDITY:
    if (r->validity == 0)
      dp__buf_adds(&b, l ? "the document states its validity" : "应当载明有效期");
    else if (r->validity == 1)
      dp__buf_addf(&b, l ? "valid for at most %d years (%d when provisional)"
                         : "有效期不超过%d年（暂行、试行的不超过%d年）",
                   (int)r->years, (int)r->years_provisional);
    else
      dp__buf_addf(&b, l ? "past its validity, a %s decision is due"
                         : "有效期届满前应当作出%s决定",
                   A);
    break;
  case DP__K_DOCNUM:
    dp__buf_adds(&b, r->docnum_form ? (l ? "the doc number is in the standard form"
                                         : "发文字号应当规范")
                                    : (l ? "a published document has a doc number"
                                         : "公开发布的文件应当有发文字号"));
    break;
  case DP__K_DECLARE:
    dp__buf_addf(&b, "%s %s%s%s", dp__declare_name(r->tmpl), A,
                 r->step_b >= 0 ? " " : "", B);
    break;
  case DP__K_COUNT: break;
  }
  dp__buf_addc(&b, '\0');
  if (b.oom) {
    dp__buf_free(&b);
    return NULL;
  }
  return b.s;
}

void dp__engine_after_load(dp_engine *e) {
  dp__engine_index_attrs(e);
  for (size_t k = 0; k < e->nrules; k++) {
    dp_rule *r = e->rules[k];
    join_bases(r);
    for (int l = 0; l < 2; l++)
      if (!r->summary[l] || (r->summary_made & (1 << l))) {
        free(r->summary[l]);
        r->summary[l] = make_summary(e, r, l);
        r->summary_made |= 1 << l;
      }
  }
  /* the result words, for messages: "pass、passed、通过…" in Chinese,
   * "pass, passed, 通过, …" in English */
  for (int l = 0; l < 2; l++) {
    dp__buf b = {0};
    for (int cls = DP__R_PASS; cls < DP__R_UNKNOWN; cls++)
      for (size_t k = 0; k < e->nrwords; k++)
        if (e->rwords[k].cls == (dp__rclass)cls) {
          if (b.len) dp__buf_adds(&b, l ? ", " : "、");
          dp__buf_adds(&b, e->rwords[k].word);
        }
    dp__buf_addc(&b, '\0');
    free(e->result_words[l]);
    e->result_words[l] = b.oom ? NULL : b.s;
    if (b.oom) dp__buf_free(&b);
  }
  dp__plan_build(e);
}

void dp__engine_index_attrs(dp_engine *e) {
  /* from scratch: an overlay may have replaced conditions */
  e->nattrs = 0;
  for (size_t p = 0; p < e->nprocs; p++)
    for (size_t k = 0; k < e->procs[p]->nrules; k++)
      index_expr(e, e->procs[p]->rules[k]->when);
}


static void md_free(void *md) { pcre2_match_data_free(md); }

/* Match data big enough for `re`: the thread's, made once and kept (a
 * fresh one per match or per check cost an allocation, and pcre2's
 * interpreter another for its frames).  Asked for at every match, never
 * kept in a context: a context made inside another (the gate's) may
 * replace it with a bigger one.  NULL on out of memory. */
static pcre2_match_data *ctx_md(const dp__regex *re) {
  void **slot = dp__thread_slot(DP__SLOT_MATCH, md_free);
  if (!slot) return NULL;
  pcre2_match_data *md = *slot;
  if (md && pcre2_get_ovector_count(md) > re->groups) return md;
  pcre2_match_data_free(md);
  *slot = md = pcre2_match_data_create(re->groups + 1 < 10 ? 10 : re->groups + 1,
                                       NULL);
  return md;
}

/* pcre2_match on subject s[0..n), valid UTF-8, with the engine's limits.
 * A JIT-compiled pattern goes straight to its machine code
 * (pcre2_jit_match: the same result without pcre2_match's checks of the
 * arguments, which cost as much as a short match). */
static int re_exec(const dp__ctx *c, const dp__regex *re, const char *s,
                   size_t n, pcre2_match_data *md) {
  if (re->jit)
    return pcre2_jit_match(re->code, (PCRE2_SPTR)s, n, 0, 0, md, c->e->mctx);
  return pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, md,
                     c->e->mctx);
}

/* pcre2 match with the engine's limits.  1 match, 0 no match, <0 error. */
static int re_match(dp__ctx *c, const dp__regex *re, const char *s,
                    size_t *so, size_t *eo) {
  pcre2_match_data *md = ctx_md(re);
  if (!md) return -1;
  size_t n = strlen(s);
  if (n > DP__MAX_LABEL_BYTES) {
    n = DP__MAX_LABEL_BYTES;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
  }
  /* every string of a record was checked to be UTF-8 when it was set
   * (dp_record_set, dp_event_set, the readers), and n ends on a character
   * boundary: pcre2 need not check it again at every match */
  int rc = re_exec(c, re, s, n, md);
  if (rc > 0 && so) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
    int g = rc > 1 ? 1 : 0;
    if (ov[2 * g] == PCRE2_UNSET) g = 0;
    *so = ov[2 * g];
    *eo = ov[2 * g + 1];
  }
  if (rc > 0) return 1;
  if (rc == PCRE2_ERROR_NOMATCH) return 0;
  return -1;
}

/* ---------------------------------------------------------------------
 * Messages
 * ------------------------------------------------------------------- */



const char *dp__step_title(const dp__ctx *c, int s, int lang) {
  if (s < 0) return "";
  for (size_t i = 0; i < c->pr->ntitles; i++)
    if (c->pr->titles[i].step == s) return c->pr->titles[i].title[lang];
  const dp__step *st = &c->e->steps[s];
  return st->title[lang] ? st->title[lang] : st->name;
}

static const char *field_title(int f, int lang) {
  static const char *const zh[DP__EF_COUNT + DP__EB_COUNT] = {
      "步骤",     "说明",     "日期",     "开始日期",     "结束日期",
      "结果",     "承办机关", "会议",     "发布渠道",     "理由",
      "材料送达日期", "公告日期", "申请日期", "专家署名", "意见采纳情况反馈"};
  static const char *const en[DP__EF_COUNT + DP__EB_COUNT] = {
      "step",   "label",  "date",    "start",           "end",
      "result", "performing body", "meeting", "channel", "reason",
      "date the materials were sent", "date of the announcement",
      "date of the request", "signature", "feedback on comments"};
  if (f < 0 || f >= DP__EF_COUNT + DP__EB_COUNT) return "";
  return lang ? en[f] : zh[f];
}

dp__when dp__when_of(const dp__ctx *c, size_t i) {
  const dp__event *ev = &c->r->ev[i];
  if (ev->dstate[1] == DP__D_OK && ev->dstate[2] == DP__D_OK &&
      ev->day[2] > ev->day[1])
    return (dp__when){ev->day[1], ev->day[2], DP__WHEN_SPAN};
  if (c->x[i].b != DP_NO_DATE) return dp__w_day(c->x[i].b);
  return (dp__when){DP_NO_DATE, DP_NO_DATE, DP__WHEN_UNKNOWN};
}

int32_t dp__note_of(const dp__ctx *c, int32_t from, int32_t to) {
  return dp__calendar_uncovered_year(&c->e->cal, from, to);
}

/* The step titles in the procedure's words; returns whether the others
 * were named in words by the caller (v->other given, no other step). */
static int format_vars(dp__ctx *c, int step, int other, dp__vars *v) {
  v->step[0] = dp__step_title(c, step, 0);
  v->step[1] = dp__step_title(c, step, 1);
  v->id = c->r->f[DP__RF_ID];
  if (other < 0 && v->other[0]) return 1;
  v->other[0] = dp__step_title(c, other, 0);
  v->other[1] = dp__step_title(c, other, 1);
  return 0;
}

int dp__format(dp__ctx *c, const dp_rule *r, int code, int step, int other,
               dp__msgid id, dp__vars *v, dp__buf m[2]) {
  (void)format_vars(c, step, other, v);
  return dp__word_both(c->e, r, code, id, step, v, m);
}

/* The bases of rule r that are law on the record's decision date and
 * whose condition holds, joined with "；"; 0 when none is (then the rule
 * does not apply).  A rule without bases applies, citing nothing. */
static int rule_bases(const dp__ctx *c, const dp_rule *r, dp__buf *out,
                      int *verified) {
  if (verified) *verified = r->verified;
  if (r->plan_ix < 0) return 0; /* disabled */
  const dp__plan *p = c->pr->plan;
  const uint64_t *m = p->inforce + c->span * p->nwords + p->woff[r->plan_ix];
  int any = 0, conf = r->verified;
  /* the bases law on the decision date, by the plan, in their order */
  for (size_t w = 0; w * 64 < r->nbases; w++)
    for (uint64_t bits = m[w]; bits; bits &= bits - 1) {
      const dp__basis *b = &r->bases[w * 64 + (size_t)__builtin_ctzll(bits)];
      if (b->when && !dp__eval_when(c, b->when)) continue;
      if (!out && !verified) return 1; /* whether it applies: it does */
      if (out) {
        if (any) dp__buf_adds(out, "；");
        dp__buf_adds(out, b->text);
      }
      conf = conf && b->verified;
      any = 1;
    }
  if (verified) *verified = conf;
  return any || r->nbases == 0;
}

char *dp__rule_bases_text(const dp__ctx *c, const dp_rule *r) {
  dp__buf b = {0};
  (void)rule_bases(c, r, &b, NULL);
  dp__buf_addc(&b, '\0');
  if (b.oom) {
    dp__buf_free(&b);
    return NULL;
  }
  return b.s;
}

int dp__rule_applies(const dp__ctx *c, const dp_rule *r) {
  if (r->plan_ix < 0) return 0; /* disabled */
  const dp__plan *p = c->pr->plan;
  dp__ask a = (dp__ask)p->ask[c->span * p->nrules + (size_t)r->plan_ix];
  if (a == DP__ASK_NEVER || (r->when && !dp__eval_when(c, r->when))) return 0;
  return a == DP__ASK_WHEN || rule_bases(c, r, NULL, NULL);
}

/* Finding f is to be worded when read (dp__report_words): template code
 * cd and id, with v's values; the strings among them that are the
 * record's or the caller's (the others named in words: words) copied
 * into the report. */
static void keep_facts(dp_report *rep, dp_finding *f, int cd, dp__msgid id,
                       const dp__vars *v, int words) {
  f->lazy = 1;
  f->cd = cd;
  f->msgid = id;
  f->v = *v;
  const char **p[DP__VARS_COPIED];
  dp__vars_copied(&f->v, p);
  for (int k = 0; k < DP__VARS_COPIED; k++) {
    const char *s = *p[k];
    f->soff[k] = DP__NO_OFF;
    /* the others' titles are the engine's, unless named in words */
    if (!s || (!words && (p[k] == &f->v.other[0] || p[k] == &f->v.other[1])))
      continue;
    f->soff[k] = rep->text.len;
    dp__buf_add(&rep->text, s, strlen(s) + 1);
  }
}

/* A rule's finding: the facts of its messages kept in the report, to be
 * worded when they are read (most reports are read in one language, many
 * only counted); the bases in force joined into the report now, since they
 * depend on the record. */
void dp__emit(dp__ctx *c, const dp_rule *r, dp_code code, dp_severity sev,
              int step, int other, int event, dp__msgid id, dp__vars *v) {
  if (c->oom) return;
  dp_report *rep = c->rep;
  dp_finding *f = dp__report_open(rep, code, sev, step, other, event, r,
                                  r->id, NULL, r->verified);
  if (!f) {
    c->oom = 1;
    return;
  }
  int words = format_vars(c, step, other, v);
  keep_facts(rep, f, c->gate_words ? -1 : (int)code, id, v, words);
  f->boff = rep->text.len;
  (void)rule_bases(c, r, &rep->text, &f->verified);
  dp__buf_addc(&rep->text, '\0');
  if (dp__report_close(rep)) c->oom = 1;
}

/* "file:line: " of an event (a CSV row) or of the record (a JSON record
 * read from a file), or "" when the record did not come from a reader.
 * Messages that a reader already located start with the source name and
 * get no second prefix. */
static void where(const dp_record *r, int event, const char *msg,
                  char *out, size_t size) {
  out[0] = '\0';
  if (!r->source) return;
  size_t sl = strlen(r->source);
  if (strncmp(msg, r->source, sl) == 0 && msg[sl] == ':') return;
  long line = event >= 0 && (size_t)event < r->nev && r->ev[event].line > 0
                  ? (long)r->ev[event].line
                  : r->line;
  if (line > 0) snprintf(out, size, "%.150s:%ld: ", r->source, line);
}

static void data_finding(dp__ctx *c, dp_code code, dp_severity sev, int event,
                         const char *rule_id, const char *zh, const char *en) {
  if (c->oom) return;
  static const char basis[] = "见记录格式说明（doc/records.md §2、§7、§8）";
  char at[200];
  where(c->r, event, en, at, sizeof at);
  dp_report *rep = c->rep;
  dp_finding *f = dp__report_open(rep, code, sev, -1, -1, event, NULL,
                                  rule_id, basis, 1);
  if (!f) {
    c->oom = 1;
    return;
  }
  dp__buf_adds(&rep->text, at);
  dp__buf_add(&rep->text, zh, strlen(zh) + 1);
  f->off[1] = rep->text.len;
  dp__buf_adds(&rep->text, at);
  dp__buf_add(&rep->text, en, strlen(en) + 1);
  if (dp__report_close(rep)) c->oom = 1;
}

/* A finding about the record's data in the catalogue's words (id), with
 * the event's number, field and the value in question. */
static void data_msg(dp__ctx *c, dp_code code, dp_severity sev, int event,
                     const char *rule_id, dp__msgid id, dp__vars *v) {
  dp__buf m[2] = {{0}, {0}};
  if (dp__word_both(c->e, NULL, -1, id, -1, v, m)) c->oom = 1;
  else data_finding(c, code, sev, event, rule_id, m[0].s, m[1].s);
  dp__buf_free(&m[0]);
  dp__buf_free(&m[1]);
}

/* data_msg about event i, whose field f (or NULL) holds what (or NULL). */
static void event_msg(dp__ctx *c, dp_code code, dp_severity sev, size_t i,
                      const char *rule_id, dp__msgid id, const char *field,
                      const char *what) {
  dp__vars v;
  memset(&v, 0, sizeof v);
  v.event = (int32_t)i + 1;
  v.field[0] = v.field[1] = field ? field : "";
  v.why[0] = v.why[1] = what ? what : "";
  data_msg(c, code, sev, (int)i, rule_id, id, &v);
}

/* ---------------------------------------------------------------------
 * Resolving events: steps from labels, dates, fields from labels
 * ------------------------------------------------------------------- */

/* ---------------------------------------------------------------------
 * What a label says, remembered per thread
 *
 * Label patterns run for every event given by label, a dozen of them for
 * one label, and a province's records repeat a few hundred labels.  Each
 * thread keeps what the patterns of a procedure said of a label, keyed by
 * the engine's generation (new at every load of rules, never reused), the
 * procedure and the label's bytes; labels longer than LC_MAXLEN are not
 * kept.  A pattern that hits its match limit makes a finding every time,
 * so such a step is not kept either.
 * ------------------------------------------------------------------- */
#define LC_SLOTS 512 /* in pairs: an entry may sit in either of two */
#define LC_MAXLEN 96

typedef struct lc_ent {
  uint64_t gen; /* 0: empty */
  const dp__procedure *pr;
  uint32_t hash;
  uint16_t len;
  uint8_t have_step, have_fields;
  int16_t step;
  uint8_t set[2];           /* meeting, result */
  uint16_t so[2], eo[2];    /* their substring of the label … */
  const char *val[2];       /* … or a fixed value from the rules */
  char label[LC_MAXLEN];
} lc_ent;

/* The table of this thread, made at its first label and freed with the
 * rest of what the thread keeps (dp__thread_slot). */
static lc_ent *lc_this_thread(void) {
  void **slot = dp__thread_slot(DP__SLOT_LABELS, free);
  if (!slot) return NULL; /* then labels are matched every time */
  if (!*slot) *slot = calloc(LC_SLOTS, sizeof(lc_ent));
  return *slot;
}

static int lc_same(const lc_ent *en, const dp__ctx *c, uint32_t h, size_t n,
                   const char *label) {
  return en->gen == c->e->gen && en->pr == c->pr && en->hash == h &&
         en->len == n && memcmp(en->label, label, n) == 0;
}

/* The entry for `label` (kept, or made empty for it), or NULL when the
 * label is too long to keep. */
static lc_ent *lc_find(const dp__ctx *c, const char *label) {
  size_t n = strnlen(label, LC_MAXLEN + 1);
  if (n > LC_MAXLEN) return NULL;
  /* over the label, seeded with the procedure */
  uint32_t h = (uint32_t)dp__hash(label, n, (uint64_t)(uintptr_t)c->pr);
  lc_ent *t = lc_this_thread();
  if (!t) return NULL;
  lc_ent *a = &t[h & (LC_SLOTS - 2)], *b = a + 1;
  if (lc_same(a, c, h, n, label)) return a;
  if (lc_same(b, c, h, n, label)) return b;
  /* a new entry: in an empty place, else the second goes and the first
   * moves there (the newest stays first) */
  lc_ent *en = a;
  if (a->gen != 0) {
    if (b->gen == 0) en = b;
    else *b = *a;
  }
  en->gen = c->e->gen;
  en->pr = c->pr;
  en->hash = h;
  en->len = (uint16_t)n;
  memcpy(en->label, label, n);
  en->have_step = en->have_fields = 0;
  return en;
}

/* The step the procedure's label patterns give label (event i), the
 * first that matches in order; -1 if none.  A pattern that hits its limit
 * is reported and the next one tried. */
static int label_step(dp__ctx *c, size_t i, const char *label, lc_ent *lc) {
  if (lc && lc->have_step) return lc->step;
  int step = -1, failed = 0;
  for (size_t k = 0; k < c->pr->nlabels && step < 0; k++) {
    int m = re_match(c, &c->pr->labels[k].re, label, NULL, NULL);
    if (m > 0) step = c->pr->labels[k].step;
    if (m < 0) {
      failed = 1;
      event_msg(c, DP_MALFORMED, DP_WARNING, i, "record.label",
                DP__M_LABEL_LIMIT, "label", c->pr->labels[k].re.src);
    }
  }
  if (lc && !failed) {
    lc->step = (int16_t)step;
    lc->have_step = 1;
  }
  return step;
}

/* The meeting [0] and result [1] a label supplies: for each, the first
 * `field` pattern of the procedure that matches and gives a value (its
 * fixed value, or a non-empty match), as records.md §3. */
typedef struct label_fields {
  int set[2];
  const char *val[2];
  size_t so[2], eo[2];
} label_fields;

/* The words before a match at so deny it (未发现不合法内容: records.md
 * §8.2): the engine's negation pattern matches the text before it. */
static int negated(dp__ctx *c, const char *label, size_t so) {
  const dp__regex *re = &c->e->negation;
  if (!re->code || so == 0) return 0;
  char *head = dp__strndup(label, so);
  if (!head) {
    c->oom = 1;
    return 0;
  }
  int m = re_match(c, re, head, NULL, NULL);
  free(head);
  return m > 0;
}

static void label_fields_of(dp__ctx *c, const char *label, lc_ent *lc,
                            label_fields *out) {
  if (lc && lc->have_fields) {
    for (int k = 0; k < 2; k++) {
      out->set[k] = lc->set[k];
      out->val[k] = lc->val[k];
      out->so[k] = lc->so[k];
      out->eo[k] = lc->eo[k];
    }
    return;
  }
  memset(out, 0, sizeof *out);
  for (size_t k = 0; k < c->pr->nlfields; k++) {
    const dp__labelfield *lf = &c->pr->lfields[k];
    int slot = lf->field == DP__EF_MEETING  ? 0
               : lf->field == DP__EF_RESULT ? 1
                                            : -1;
    if (slot < 0 || out->set[slot]) continue;
    size_t so = 0, eo = 0;
    if (re_match(c, &lf->re, label, &so, &eo) <= 0) continue;
    if (lf->value && negated(c, label, so)) continue;
    if (lf->value) {
      out->val[slot] = lf->value;
      out->set[slot] = 1;
    } else if (eo > so) {
      out->so[slot] = so;
      out->eo[slot] = eo;
      out->set[slot] = 1;
    }
  }
  if (lc) {
    for (int k = 0; k < 2; k++) {
      lc->set[k] = (uint8_t)out->set[k];
      lc->val[k] = out->val[k];
      lc->so[k] = (uint16_t)out->so[k];
      lc->eo[k] = (uint16_t)out->eo[k];
    }
    lc->have_fields = 1;
  }
}

/* A date field that is not a date; a spreadsheet's serial day (45000,
 * 45000.5: dp__date_serial) names the date it would be. */
static void bad_date(dp__ctx *c, size_t i, const char *field,
                     const char *txt) {
  int32_t sd;
  int serial = dp__date_serial(txt, strlen(txt), &sd);
  dp__vars v;
  memset(&v, 0, sizeof v);
  v.event = (int32_t)i + 1;
  v.field[0] = field_title(dp__efield_lookup(field), 0);
  v.field[1] = field;
  v.why[0] = v.why[1] = txt;
  if (serial) v.date = dp__d(sd);
  data_msg(c, DP_MALFORMED, DP_ERROR, (int)i, "record.date",
           serial ? DP__M_DATE_SERIAL : DP__M_DATE_BAD, &v);
}

/* Event i's dates into x: the bad ones and a reversed period said, and
 * when it began (b, bs) and finished (f, fs) by what it has. */
static void resolve_dates(dp__ctx *c, size_t i, const dp__event *ev,
                          dp__evx *x) {
  static const char *const dn[3] = {"date", "start", "end"};
  for (int k = 0; k < 3; k++)
    if (ev->dstate[k] == DP__D_BAD && ev->f[DP__EF_DATE + k])
      bad_date(c, i, dn[k], ev->f[DP__EF_DATE + k]);
  int s_ok = ev->dstate[1] == DP__D_OK, e_ok = ev->dstate[2] == DP__D_OK;
  int d_ok = ev->dstate[0] == DP__D_OK;
  x->period_ok = s_ok && e_ok;
  if (s_ok && e_ok &&
      (ev->day[2] < ev->day[1] ||
       (ev->day[2] == ev->day[1] && ev->secs[1] >= 0 && ev->secs[2] >= 0 &&
        ev->secs[2] < ev->secs[1]))) {
    dp__vars v;
    memset(&v, 0, sizeof v);
    v.event = (int32_t)i + 1;
    v.start = dp__d(ev->day[1]);
    v.end = dp__d(ev->day[2]);
    data_msg(c, DP_MALFORMED, DP_ERROR, (int)i, "record.date",
             DP__M_DATE_REVERSED, &v);
    x->period_ok = 0;
    s_ok = e_ok = 0; /* neither can be trusted */
  }
  if (s_ok) {
    x->b = ev->day[1];
    x->bs = ev->secs[1];
  } else if (d_ok) {
    x->b = ev->day[0];
    x->bs = ev->secs[0];
  } else if (e_ok) {
    x->b = ev->day[2];
    x->bs = ev->secs[2];
  }
  if (e_ok) {
    x->f = ev->day[2];
    x->fs = ev->secs[2];
  } else if (d_ok) {
    x->f = ev->day[0];
    x->fs = ev->secs[0];
  } else if (s_ok) {
    /* started, end unknown: it ended no earlier than it started */
    x->f = ev->day[1];
    x->fs = ev->secs[1];
  }
  if (ev->dstate[0] == DP__D_ABSENT && ev->dstate[1] == DP__D_ABSENT &&
      ev->dstate[2] == DP__D_ABSENT) {
    event_msg(c, DP_MALFORMED, DP_WARNING, i, "record.date", DP__M_DATE_NONE,
              NULL, NULL);
  }
}

/* Event i's step: named, or by its label (lc: the label's memory), or
 * said to be missing; none yet when it begins after "as of". */
static void resolve_step(dp__ctx *c, size_t i, const dp__event *ev,
                         dp__evx *x, const char *label, lc_ent *lc) {
  if (ev->f[DP__EF_STEP]) {
    x->step = dp__step_lookup(c->e, ev->f[DP__EF_STEP]);
    if (x->step < 0)
      event_msg(c, DP_MALFORMED, DP_WARNING, i, "record.step",
                DP__M_STEP_UNKNOWN, "step", ev->f[DP__EF_STEP]);
  } else if (label) {
    x->step = label_step(c, i, label, lc);
    if (x->step < 0)
      event_msg(c, DP_MALFORMED, DP_WARNING, i, "record.label",
                DP__M_LABEL_UNKNOWN, "label", label);
  } else {
    event_msg(c, DP_MALFORMED, DP_WARNING, i, "record.step", DP__M_NO_STEP,
              NULL, NULL);
  }
  /* in progress: what starts after "as of" has not happened yet */
  if (c->as_of != DP_NO_DATE && x->b != DP_NO_DATE && x->b > c->as_of)
    x->step = -1;
}

/* Event i's meeting and result, from the label where the event has none,
 * and the result's class by the vocabulary. */
static void resolve_fields(dp__ctx *c, size_t i, const dp__event *ev,
                           dp__evx *x, const char *label, lc_ent *lc) {
  /* fields the label may supply */
  x->meeting = ev->f[DP__EF_MEETING];
  x->result = ev->f[DP__EF_RESULT];
  if (label && (!x->meeting || !x->result)) {
    label_fields lf;
    label_fields_of(c, label, lc, &lf);
    for (int slot = 0; slot < 2; slot++) {
      const char **dst = slot ? &x->result : &x->meeting;
      if (*dst || !lf.set[slot]) continue;
      if (lf.val[slot]) {
        *dst = lf.val[slot];
        continue;
      }
      x->own[slot] = dp__strndup(label + lf.so[slot],
                                 lf.eo[slot] - lf.so[slot]);
      if (!x->own[slot]) c->oom = 1;
      *dst = x->own[slot];
    }
  }
  /* the result, by the vocabulary: a word no class has is said out
   * loud, and the rules that read it say they cannot tell */
  x->rclass = dp__result_class(c->e, x->result);
  if (x->rclass == DP__R_UNKNOWN && ev->f[DP__EF_RESULT]) {
    dp__vars v;
    memset(&v, 0, sizeof v);
    v.event = (int32_t)i + 1;
    /* the word as typed, without the spaces around it */
    const char *w = x->result;
    while (*w == ' ' || *w == '\t') w++;
    size_t wl = strlen(w);
    while (wl && (w[wl - 1] == ' ' || w[wl - 1] == '\t')) wl--;
    char shown[128];
    snprintf(shown, sizeof shown, "%.*s", (int)(wl < 120 ? wl : 120), w);
    v.why[0] = v.why[1] = shown;
    v.accepted[0] = c->e->result_words[0];
    v.accepted[1] = c->e->result_words[1];
    data_msg(c, DP_MALFORMED, DP_WARNING, (int)i, "record.result",
             DP__M_RESULT_UNKNOWN, &v);
  }
}

/* Event i, resolved, into the step index (dp__ctx.head …). */
static void index_event(dp__ctx *c, size_t i) {
  dp__evx *x = &c->x[i];
  int s = x->step;
  x->nxt = -1;
  if (s < 0) return;
  if (c->head[s] < 0) c->head[s] = (int32_t)i;
  else c->x[c->tail[s]].nxt = (int32_t)i;
  c->tail[s] = (int32_t)i;
  c->cnt[s]++;
  if (x->b != DP_NO_DATE && (c->fd[s] < 0 || x->b < c->x[c->fd[s]].b))
    c->fd[s] = (int32_t)i;
}

static void resolve(dp__ctx *c) {
  const dp_record *r = c->r;
  for (size_t s = 0; s < c->e->nsteps; s++) {
    c->head[s] = c->fd[s] = -1;
    c->cnt[s] = 0;
  }
  for (size_t i = 0; i < c->n; i++) {
    const dp__event *ev = &r->ev[i];
    dp__evx *x = &c->x[i];
    x->step = -1;
    x->nxt = -1;
    x->b = x->f = DP_NO_DATE;
    x->bs = x->fs = -1;
    if (ev->ignore) continue;
    resolve_dates(c, i, ev, x);
    const char *label = ev->f[DP__EF_LABEL];
    /* the label's memory, when the label will be asked anything: for the
     * step, or for a meeting or result the event lacks */
    lc_ent *lc = label && (!ev->f[DP__EF_STEP] || !ev->f[DP__EF_MEETING] ||
                           !ev->f[DP__EF_RESULT])
                     ? lc_find(c, label)
                     : NULL;
    resolve_step(c, i, ev, x, label, lc);
    resolve_fields(c, i, ev, x, label, lc);
    index_event(c, i);
  }
}

/* ---------------------------------------------------------------------
 * Evaluators, one per rule kind
 * ------------------------------------------------------------------- */

size_t dp__count_step(const dp__ctx *c, int s) {
  size_t n = 0;
  if (s >= 0) return c->cnt[s];
  for (size_t i = 0; i < c->n; i++) n += c->x[i].step == s;
  return n;
}

/* Plain precedence: every B (with a known start) has an A ending before
 * it; reports each B that has none.  Skips when an A's end is unknown,
 * and when A is not recorded either way.  A that never happened is the
 * business of the rule requiring A (records.md §7.1). */
static void check_precedence(dp__ctx *c, const dp_rule *r, int a, int b,
                             dp_severity sev) {
  int have_a = 0, unknown_a = 0;
  if (dp__not_recorded(c, a) || dp__not_recorded(c, b)) return;
  for (size_t i = dp__first(c, a); i < c->n; i = dp__next(c, i))
    if (c->x[i].step == a) {
      have_a = 1;
      if (c->x[i].f == DP_NO_DATE) unknown_a = 1;
    }
  if (!have_a || unknown_a) return;
  for (size_t j = dp__first(c, b); j < c->n; j = dp__next(c, j)) {
    if (c->x[j].step != b || c->x[j].b == DP_NO_DATE) continue;
    int ok = 0;
    size_t first_a = 0;
    int got_first = 0;
    for (size_t i = dp__first(c, a); i < c->n && !ok; i = dp__next(c, i)) {
      if (c->x[i].step != a) continue;
      if (!got_first) {
        first_a = i;
        got_first = 1;
      }
      ok = dp__precedes(c, i, j);
    }
    if (ok) continue;
    dp__vars v = {0};
    v.when = dp__when_of(c, j);
    v.other_when = dp__when_of(c, first_a);
    dp__emit(c, r, DP_OUT_OF_ORDER, sev, b, a, (int)j, DP__M_ORDER, &v);
  }
}

/* Response: every A ends before some B starts; reports, for each A that
 * does not, the last B that started before A ended. */
static void check_response(dp__ctx *c, const dp_rule *r, int a, int b,
                           dp_severity sev) {
  int have_b = 0;
  if (dp__not_recorded(c, a) || dp__not_recorded(c, b)) return;
  for (size_t j = dp__first(c, b); j < c->n; j = dp__next(c, j))
    if (c->x[j].step == b) {
      have_b = 1;
      if (c->x[j].b == DP_NO_DATE) return;
    }
  if (!have_b) return;
  for (size_t i = dp__first(c, a); i < c->n; i = dp__next(c, i)) {
    if (c->x[i].step != a || c->x[i].f == DP_NO_DATE) continue;
    int ok = 0;
    size_t last_b = c->n;
    for (size_t j = dp__first(c, b); j < c->n && !ok; j = dp__next(c, j)) {
      if (c->x[j].step != b) continue;
      if (dp__precedes(c, i, j)) ok = 1;
      else if (last_b == c->n || c->x[j].b >= c->x[last_b].b) last_b = j;
    }
    if (ok) continue;
    dp__vars v = {0};
    v.when = dp__when_of(c, last_b);
    v.other_when = dp__when_of(c, i);
    dp__emit(c, r, DP_OUT_OF_ORDER, sev, b, a, (int)last_b, DP__M_ORDER_EACH,
             &v);
  }
}

/* The detail line of rule r that applies to this record: the first whose
 * condition holds, or NULL. */
static const dp__withc *with_of(const dp__ctx *c, const dp_rule *r) {
  for (size_t k = 0; k < r->nwiths; k++)
    if (dp__eval_when(c, r->withs[k].when)) return &r->withs[k];
  return NULL;
}

/* A detail of event i that is wrong or missing: val the value found (or
 * NULL), the finding's words by id. */
static void with_emit(dp__ctx *c, const dp_rule *r, const dp__withc *w,
                      size_t i, dp_severity sev, dp__msgid id,
                      const char *val) {
  dp__vars v = {0};
  v.when = dp__when_of(c, i);
  v.field[0] = field_title(w->field, 0);
  v.field[1] = field_title(w->field, 1);
  if (val) { /* a value not of the kind: what was expected */
    v.value = val;
    v.expected[0] = w->expect[0];
    v.expected[1] = w->expect[1];
  }
  dp__emit(c, r, DP_INCOMPLETE, sev, c->x[i].step, -1, (int)i, id, &v);
}

/* ---------------------------------------------------------------------
 * What a detail's pattern said of a value, remembered per thread
 *
 * `require … with meeting matches …` and its kind run a pattern on a
 * value of nearly every record, and the values repeat (常务会议, 通过) as
 * labels do.  The same memory as the labels': keyed by the engine's
 * generation, the pattern and the value's bytes; a match that hit its
 * limit is not kept, so its finding is made every time.
 * ------------------------------------------------------------------- */
#define VM_SLOTS 256
#define VM_MAXLEN 62

typedef struct vm_ent {
  uint64_t gen; /* 0: empty */
  const dp__regex *re;
  uint32_t hash;
  uint8_t len, matched;
  char val[VM_MAXLEN];
} vm_ent;

/* 1 when `re` matches val, 0 when not, <0 on its limit or out of memory. */
static int value_matches(dp__ctx *c, const dp__regex *re, const char *val) {
  size_t n = strnlen(val, VM_MAXLEN + 1);
  void **slot = n <= VM_MAXLEN ? dp__thread_slot(DP__SLOT_VALUES, free) : NULL;
  if (slot && !*slot) *slot = calloc(VM_SLOTS, sizeof(vm_ent));
  if (!slot || !*slot) return re_match(c, re, val, NULL, NULL);
  uint32_t h = (uint32_t)dp__hash(val, n, (uint64_t)(uintptr_t)re);
  vm_ent *en = (vm_ent *)*slot + (h & (VM_SLOTS - 1));
  if (en->gen == c->e->gen && en->re == re && en->hash == h && en->len == n &&
      memcmp(en->val, val, n) == 0)
    return en->matched;
  int m = re_match(c, re, val, NULL, NULL);
  if (m >= 0) {
    en->gen = c->e->gen;
    en->re = re;
    en->hash = h;
    en->len = (uint8_t)n;
    en->matched = (uint8_t)m;
    memcpy(en->val, val, n);
  }
  return m;
}

static void check_with(dp__ctx *c, const dp_rule *r, const dp__withc *w,
                       size_t i) {
  const dp__event *ev = &c->r->ev[i];
  if (w->with == DP__W_TRUE) {
    int b = ev->b[w->field - DP__EF_COUNT];
    /* not recorded is not false (records.md §7.4): a warning */
    if (b == 0) with_emit(c, r, w, i, r->sev, DP__M_WITH_FALSE, NULL);
    else if (b < 0) with_emit(c, r, w, i, DP_WARNING, DP__M_WITH_UNKNOWN, NULL);
    return;
  }
  const char *val = w->field == DP__EF_MEETING  ? c->x[i].meeting
                    : w->field == DP__EF_RESULT ? c->x[i].result
                                                : ev->f[w->field];
  if (!val || !*val) {
    with_emit(c, r, w, i, r->sev, DP__M_WITH_ABSENT, NULL);
    return;
  }
  if (w->with == DP__W_MATCHES && value_matches(c, &w->re, val) <= 0)
    with_emit(c, r, w, i, r->sev,
              w->expect[0] ? DP__M_WITH_EXPECTED : DP__M_WITH_BAD, val);
}

static void eval_require(dp__ctx *c, const dp_rule *r) {
  int a = r->step_a;
  size_t have = dp__count_step(c, a);
  for (int k = 0; k < r->nany; k++) have += dp__count_step(c, r->any[k]);
  if (have == 0) {
    int unrec = dp__not_recorded(c, a);
    for (int k = 0; k < r->nany; k++) unrec = unrec || dp__not_recorded(c, r->any[k]);
    if (c->as_of != DP_NO_DATE && !dp__needed_now(c, a)) return;
    dp__vars v = {0};
    if (unrec) {
      dp__emit(c, r, DP_INCOMPLETE, DP_WARNING, a, -1, -1, DP__M_NOT_RECORDED,
               &v);
      return;
    }
    if (r->nany) {
      /* the others by name: 专家论证、风险评估 */
      dp__buf o[2] = {{0}, {0}};
      for (int k = 0; k < r->nany; k++)
        for (int l = 0; l < 2; l++) {
          if (k) dp__buf_adds(&o[l], l ? ", " : "、");
          dp__buf_adds(&o[l], dp__step_title(c, r->any[k], l));
        }
      dp__buf_addc(&o[0], '\0');
      dp__buf_addc(&o[1], '\0');
      if (o[0].oom || o[1].oom) c->oom = 1;
      else {
        v.other[0] = o[0].s;
        v.other[1] = o[1].s;
        dp__emit(c, r, DP_MISSING, r->sev, a, -1, -1, DP__M_MISSING_ANY, &v);
      }
      dp__buf_free(&o[0]);
      dp__buf_free(&o[1]);
      return;
    }
    dp__emit(c, r, DP_MISSING, r->sev, a, -1, -1, DP__M_MISSING, &v);
    return;
  }
  if (r->rel == DP__REL_BEFORE) check_precedence(c, r, a, r->step_b, r->sev);
  else if (r->rel == DP__REL_AFTER)
    check_precedence(c, r, r->step_b, a, r->sev);
  const dp__withc *w = with_of(c, r);
  if (!w) return;
  for (size_t i = dp__first(c, a); i < c->n; i = dp__next(c, i))
    if (c->x[i].step == a) check_with(c, r, w, i);
  for (int k = 0; k < r->nany; k++)
    for (size_t i = dp__first(c, r->any[k]); i < c->n; i = dp__next(c, i))
      if (c->x[i].step == r->any[k]) check_with(c, r, w, i);
}

static void eval_order(dp__ctx *c, const dp_rule *r) {
  for (size_t k = 0; k < r->npairs; k++) {
    const dp__pair *p = &r->pairs[k];
    dp_severity sev = p->sev >= 0 ? (dp_severity)p->sev : r->sev;
    if (p->each) check_response(c, r, p->a, p->b, sev);
    else check_precedence(c, r, p->a, p->b, sev);
  }
}

static int32_t span(const dp__ctx *c, int32_t from, int32_t to, dp__unit u) {
  if (u == DP__U_DAYS) return to - from + 1;
  return dp__calendar_workdays(&c->e->cal, from, to);
}

/* The first event of step s that starts on or after day d (and after
 * event i on that day), or c->n. */
static size_t first_after(const dp__ctx *c, int s, size_t i, int32_t d) {
  size_t best = c->n;
  for (size_t j = dp__first(c, s); j < c->n; j = dp__next(c, j)) {
    if (c->x[j].step != s || c->x[j].b == DP_NO_DATE) continue;
    if (c->x[j].b < d || (c->x[j].b == d && j < i)) continue;
    if (best == c->n || c->x[j].b < c->x[best].b) best = j;
  }
  return best;
}

static void eval_period(dp__ctx *c, const dp_rule *r) {
  int exempt_attr = r->exempt_attr && attr_true(c->r, r->exempt_attr);
  for (size_t i = dp__first(c, r->step_a); i < c->n; i = dp__next(c, i)) {
    if (c->x[i].step != r->step_a) continue;
    const dp__event *ev = &c->r->ev[i];
    if (exempt_attr && r->exempt_field >= 0 && ev->f[r->exempt_field] &&
        ev->f[r->exempt_field][0])
      continue;
    if (r->until_b) {
      /* the time given: from the start through the day before the first
       * B after it (115号 二(五), 713号 第二十六条) */
      int32_t s0 = ev->dstate[1] == DP__D_OK ? ev->day[1] : DP_NO_DATE;
      size_t jb = first_after(c, r->step_b, i,
                              s0 != DP_NO_DATE ? s0 : c->x[i].b);
      if (jb == c->n || c->x[i].b == DP_NO_DATE) continue;
      if (s0 == DP_NO_DATE) {
        if (ev->dstate[1] == DP__D_BAD) continue;
        dp__vars v = {0};
        v.when = dp__when_of(c, i);
        dp__emit(c, r, DP_INCOMPLETE, DP_WARNING, r->step_a, -1, (int)i,
                 DP__M_PERIOD_DATES, &v);
        continue;
      }
      int32_t e = c->x[jb].b - 1;
      int32_t len = e < s0 ? 0 : span(c, s0, e, r->unit);
      if (len >= r->min) continue;
      dp__vars v = {0};
      v.start = dp__d(s0);
      v.end = dp__d(e < s0 ? s0 : e);
      v.len = dp__l(len, r->unit);
      v.limit = dp__l(r->min, r->unit);
      if (r->unit == DP__U_WORKDAYS && e >= s0) v.note = dp__note_of(c, s0, e);
      dp__emit(c, r, DP_TOO_SHORT, r->sev, r->step_a, r->step_b, (int)i,
               DP__M_GIVEN_SHORT, &v);
      continue;
    }
    /* in progress, a period that has not ended by the as-of day is still
     * running: its planned end is not yet a fact to judge */
    if (c->as_of != DP_NO_DATE && ev->dstate[2] == DP__D_OK &&
        ev->day[2] > c->as_of)
      continue;
    if (!c->x[i].period_ok) {
      /* a bad date was reported already; only missing dates get here */
      if (ev->dstate[1] == DP__D_BAD || ev->dstate[2] == DP__D_BAD ||
          (ev->dstate[1] == DP__D_OK && ev->dstate[2] == DP__D_OK))
        continue;
      dp__vars v = {0};
      v.when = dp__when_of(c, i);
      dp__emit(c, r, DP_INCOMPLETE, DP_WARNING, r->step_a, -1, (int)i,
               DP__M_PERIOD_DATES, &v);
      continue;
    }
    int32_t s = ev->day[1], e = ev->day[2];
    int32_t len = span(c, s, e, r->unit);
    int short_ = r->have_min && len < r->min;
    int long_ = r->have_max && len > r->max;
    if (!short_ && !long_) continue;
    dp__vars v = {0};
    v.when = dp__when_of(c, i);
    v.start = dp__d(s);
    v.end = dp__d(e);
    v.len = dp__l(len, r->unit);
    v.limit = dp__l(short_ ? r->min : r->max, r->unit);
    if (r->unit == DP__U_WORKDAYS) v.note = dp__note_of(c, s, e);
    dp__emit(c, r, short_ ? DP_TOO_SHORT : DP_TOO_LONG, r->sev, r->step_a, -1,
             (int)i, short_ ? DP__M_TOO_SHORT : DP__M_TOO_LONG, &v);
  }
}

/* The last day allowed: N days after `from` (the start day not counted),
 * moved to the next working day when it is a rest day; or the Nth working
 * day after `from`. */
int32_t dp__deadline_day(const dp__ctx *c, int32_t from, int32_t n,
                         dp__unit u) {
  const dp__calendar *cal = &c->e->cal;
  if (u == DP__U_DAYS) return dp__calendar_next_workday(cal, from + n);
  return n > 0 ? dp__calendar_nth_workday(cal, from + 1, n) : from;
}

static size_t first_dated(const dp__ctx *c, int s);

/* deadline B FIELD within N after A: each B's date FIELD (a hearing's
 * `requested`) is within N after the last A before it. */
static void eval_field_deadline(dp__ctx *c, const dp_rule *r) {
  int a = r->step_a, b = r->step_b;
  for (size_t j = dp__first(c, b); j < c->n; j = dp__next(c, j)) {
    const char *txt = c->r->ev[j].f[r->notice_field];
    if (c->x[j].step != b || !txt || !*txt) continue;
    int32_t d;
    if (dp_date_parse(txt, strlen(txt), &d, NULL) != 0) {
      bad_date(c, j, dp__efield_names[r->notice_field], txt);
      continue;
    }
    size_t ia = c->n;
    for (size_t i = dp__first(c, a); i < c->n; i = dp__next(c, i))
      if (c->x[i].step == a && c->x[i].f != DP_NO_DATE && c->x[i].f <= d &&
          (ia == c->n || c->x[i].f > c->x[ia].f))
        ia = i;
    if (ia == c->n) continue; /* no A before it: another rule's business */
    int32_t from = c->x[ia].f, due = dp__deadline_day(c, from, r->n, r->unit);
    if (d <= due) continue;
    dp__vars v = {0};
    v.date = dp__d(d);
    v.deadline = dp__d(due);
    v.other_when = dp__when_of(c, ia);
    v.when = dp__when_of(c, j);
    v.field[0] = field_title(r->notice_field, 0);
    v.field[1] = field_title(r->notice_field, 1);
    v.limit = dp__l(r->n, r->unit);
    v.note = dp__note_of(c, from, due);
    dp__emit(c, r, DP_OVERDUE, r->sev, b, a, (int)j, DP__M_FIELD_OVERDUE, &v);
  }
}

/* wait B at least N after A: the first B (or, for `effective`, the
 * record's effective_date) comes at least N after the first A. */
static void eval_wait(dp__ctx *c, const dp_rule *r) {
  int a = r->step_a, b = r->step_b;
  size_t ia = first_dated(c, a);
  if (ia == c->n) return;
  int32_t from = c->x[ia].f;
  size_t ib = c->n;
  for (size_t j = dp__first(c, b); j < c->n; j = dp__next(c, j))
    if (c->x[j].step == b && c->x[j].b != DP_NO_DATE && c->x[j].b >= from &&
        (ib == c->n || c->x[j].b < c->x[ib].b))
      ib = j;
  int32_t to = DP_NO_DATE;
  if (ib < c->n) {
    to = c->x[ib].b;
  } else {
    const char *ed = c->r->f[DP__RF_EFFECTIVE_DATE];
    if (ed && b >= 0 && b == c->e->step_effective &&
        dp_date_parse(ed, strlen(ed), &to, NULL) != 0)
      to = DP_NO_DATE;
  }
  if (to == DP_NO_DATE) return;
  /* exempt: the attribute, and the reason on either event */
  if (r->exempt_attr && attr_true(c->r, r->exempt_attr) &&
      r->exempt_field >= 0) {
    const char *ra = c->r->ev[ia].f[r->exempt_field];
    const char *rb = ib < c->n ? c->r->ev[ib].f[r->exempt_field] : NULL;
    if ((ra && *ra) || (rb && *rb)) return;
  }
  int32_t gap = r->unit == DP__U_DAYS
                    ? to - from
                    : (to > from ? dp__calendar_workdays(&c->e->cal, from + 1, to)
                                 : 0);
  if (gap >= r->n) return;
  dp__vars v = {0};
  v.date = dp__d(to);
  v.other_when = dp__when_of(c, ia);
  v.len = dp__l(gap < 0 ? 0 : gap, r->unit);
  v.limit = dp__l(r->n, r->unit);
  dp__emit(c, r, DP_TOO_SHORT, r->sev, b, a, ib < c->n ? (int)ib : -1,
           DP__M_WAIT_SHORT, &v);
}

static int32_t local_today(void);

/* The same calendar day `years` later (29 February → 28 February). */
static int32_t plus_years(int32_t day, int years) {
  int y, m, d;
  dp_date_to_ymd(day, &y, &m, &d);
  y += years;
  int32_t out = dp_date_from_ymd(y, m, d);
  if (out == DP_NO_DATE && m == 2 && d == 29) out = dp_date_from_ymd(y, 2, 28);
  return out;
}

static int32_t minus_months(int32_t day, int months) {
  int y, m, d;
  dp_date_to_ymd(day, &y, &m, &d);
  m -= months;
  while (m < 1) {
    m += 12;
    y--;
  }
  int32_t out = DP_NO_DATE;
  for (int dd = d; dd > 27 && out == DP_NO_DATE; dd--)
    out = dp_date_from_ymd(y, m, dd);
  return out != DP_NO_DATE ? out : dp_date_from_ymd(y, m, d < 28 ? d : 28);
}

/* validity stated / at most N years / expired (procedures.md E4). */
static void eval_validity(dp__ctx *c, const dp_rule *r) {
  const char *vu = c->r->f[DP__RF_VALID_UNTIL];
  if (r->validity == 0) {
    if (!vu || !*vu) {
      dp__vars v = {0};
      dp__emit(c, r, DP_INCOMPLETE, r->sev, -1, -1, -1,
               DP__M_VALIDITY_NONE, &v);
    }
    return;
  }
  if (!vu || !*vu) return;
  int32_t until;
  dp__vars v = {0};
  if (dp_date_parse(vu, strlen(vu), &until, NULL) != 0) {
    /* said once, by the length rule */
    if (r->validity == 1) {
      v.field[0] = "有效期";
      v.field[1] = "valid_until";
      v.why[0] = v.why[1] = vu;
      data_msg(c, DP_MALFORMED, DP_ERROR, -1, "record.date",
               DP__M_RECORD_DATE_BAD, &v);
    }
    return;
  }
  v.date = dp__d(until);
  if (r->validity == 1) {
    size_t ip = first_dated(c, c->publication);
    if (ip == c->n) return;
    int prov = attr_true(c->r, "provisional");
    int years = prov ? r->years_provisional : r->years;
    int32_t limit = plus_years(c->x[ip].b, years);
    if (until <= limit) return;
    v.other_when = dp__when_of(c, ip);
    v.deadline = dp__d(limit);
    char y[16];
    snprintf(y, sizeof y, "%d", years);
    v.value = y;
    dp__emit(c, r, DP_TOO_LONG, r->sev, c->publication, -1, (int)ip,
             prov ? DP__M_VALIDITY_LONG_PROV : DP__M_VALIDITY_LONG, &v);
    return;
  }
  /* expired: as of the check's day, past valid_until, and no clean-up in
   * the window before it or since */
  int32_t today = c->today != DP_NO_DATE ? c->today : local_today();
  if (today <= until) return;
  int32_t from = minus_months(until, r->months);
  int steps[2] = {r->step_a, r->step_b};
  for (int k = 0; k < 2; k++)
    for (size_t i = dp__first(c, steps[k]); steps[k] >= 0 && i < c->n;
         i = dp__next(c, i))
      if (c->x[i].step == steps[k] && c->x[i].b != DP_NO_DATE &&
          c->x[i].b >= from)
        return;
  v.deadline = dp__d(today);
  v.start = dp__d(from);
  char months[16];
  snprintf(months, sizeof months, "%d", r->months);
  v.value = months;
  dp__emit(c, r, DP_OVERDUE, r->sev, r->step_a, -1, -1, DP__M_VALIDITY_EXPIRED,
           &v);
}

/* B's or A's dates are missing: the deadline cannot be judged. */
static void deadline_undated(dp__ctx *c, const dp_rule *r) {
  dp__vars v = {0};
  dp__emit(c, r, DP_INCOMPLETE, DP_WARNING, r->step_b, r->step_a, -1,
           DP__M_DEADLINE_DATES, &v);
}

static void eval_deadline(dp__ctx *c, const dp_rule *r) {
  int a = r->step_a, b = r->step_b;
  if (r->notice_field >= 0) {
    eval_field_deadline(c, r);
    return;
  }
  if (dp__not_recorded(c, a) || dp__not_recorded(c, b)) return;
  /* the first A with a known end */
  size_t ia = c->n, any_a = 0;
  for (size_t i = dp__first(c, a); i < c->n; i = dp__next(c, i)) {
    if (c->x[i].step != a) continue;
    any_a = 1;
    if (c->x[i].f == DP_NO_DATE) continue;
    if (ia == c->n || c->x[i].f < c->x[ia].f) ia = i;
  }
  if (!any_a) return;
  int in_progress = c->as_of != DP_NO_DATE;
  size_t nb = dp__count_step(c, b);
  /* a finished record without B: missing is another rule's business */
  if (nb == 0 && !in_progress) return;
  if (ia == c->n) {
    if (nb > 0) deadline_undated(c, r);
    return;
  }
  /* the first B on or after it */
  size_t ib = c->n;
  int undated_b = 0;
  for (size_t j = dp__first(c, b); j < c->n; j = dp__next(c, j)) {
    if (c->x[j].step != b) continue;
    if (c->x[j].b == DP_NO_DATE) {
      undated_b = 1;
      continue;
    }
    if (c->x[j].b < c->x[ia].f) continue;
    if (ib == c->n || c->x[j].b < c->x[ib].b) ib = j;
  }
  if (undated_b && ib == c->n) {
    deadline_undated(c, r);
    return;
  }
  int32_t from = c->x[ia].f, due = dp__deadline_day(c, from, r->n, r->unit);
  int32_t when;
  dp__msgid id;
  int rolled = 0;
  if (ib < c->n) {
    when = c->x[ib].b;
    id = DP__M_OVERDUE;
    /* a calendar-day deadline whose last day was a rest day, moved */
    if (r->unit == DP__U_DAYS && due != from + r->n) {
      id = DP__M_OVERDUE_ROLLED;
      rolled = 1;
    }
  } else if (in_progress) {
    /* not taken yet: overdue once the last day has passed */
    when = c->as_of;
    id = DP__M_OVERDUE_OPEN;
  } else {
    return;
  }
  if (when <= due) return;
  dp__vars v = {0};
  if (rolled) v.deadline_raw = dp__d(from + r->n);
  v.date = dp__d(when);
  v.deadline = dp__d(due);
  if (rolled) {
    /* 顺延至5月22日: the year once, when it is the same ({rolled_to}; a
     * {deadline} keeps its year) */
    int y1, y2;
    dp_date_to_ymd(from + r->n, &y1, NULL, NULL);
    dp_date_to_ymd(due, &y2, NULL, NULL);
    v.rolled_to = (dp__day){due, (int8_t)(y1 == y2 ? 2 : 1)};
  }
  v.other_when = dp__w_day(from);
  v.limit = dp__l(r->n, r->unit);
  v.note = dp__note_of(c, from, due);
  dp__emit(c, r, DP_OVERDUE, r->sev, b, a, ib < c->n ? (int)ib : -1, id, &v);
}

int32_t dp__nth_workday(const dp__ctx *c, int32_t from, int32_t n) {
  return dp__calendar_nth_workday(&c->e->cal, from, n > 1 ? n : 1);
}

int dp__needed_now(const dp__ctx *c, int step) {
  const dp__procedure *pr = c->pr;
  for (size_t k = 0; k < pr->nrules; k++) {
    const dp_rule *r = pr->rules[k];
    if (!dp__rule_applies(c, r)) continue;
    if (r->kind == DP__K_ORDER) {
      for (size_t i = 0; i < r->npairs; i++)
        if (r->pairs[i].a == step && dp__count_step(c, r->pairs[i].b) > 0)
          return 1;
    } else if (r->kind == DP__K_REQUIRE) {
      if (r->rel == DP__REL_BEFORE && r->step_a == step &&
          dp__count_step(c, r->step_b) > 0)
        return 1;
      if (r->rel == DP__REL_AFTER && r->step_b == step &&
          dp__count_step(c, r->step_a) > 0)
        return 1;
    }
  }
  return 0;
}

/* The event of step a that decides whether event j of the vetoed step
 * may go ahead: the latest a before it; c->n when none. */
size_t dp__veto_last(const dp__ctx *c, int a, size_t j) {
  size_t last = c->n;
  for (size_t i = dp__first(c, a); i < c->n; i = dp__next(c, i)) {
    if (c->x[i].step != a || c->x[i].f == DP_NO_DATE) continue;
    if (!dp__precedes(c, i, j)) continue;
    if (last == c->n || dp__precedes(c, last, i) ||
        (c->x[i].f == c->x[last].f && i > last))
      last = i;
  }
  return last;
}

/* A cure (risk_mitigation) between the failed event i and event j. */
int dp__veto_cured(const dp__ctx *c, const dp_rule *r, size_t i, size_t j) {
  if (r->cure < 0) return 0;
  for (size_t k = dp__first(c, r->cure); k < c->n; k = dp__next(c, k))
    if (c->x[k].step == r->cure && c->x[k].f != DP_NO_DATE &&
        dp__precedes(c, i, k) && dp__precedes(c, k, j))
      return 1;
  return 0;
}

static void eval_veto(dp__ctx *c, const dp_rule *r) {
  int a = r->step_a, b = r->step_b;
  for (size_t j = dp__first(c, b); j < c->n; j = dp__next(c, j)) {
    if (c->x[j].step != b || c->x[j].b == DP_NO_DATE) continue;
    size_t last = dp__veto_last(c, a, j);
    if (last == c->n) continue;
    dp__rclass cls = c->x[last].rclass;
    int failed = (r->veto >> cls) & 1u;
    if (!failed && cls != DP__R_UNKNOWN) continue;
    if (dp__veto_cured(c, r, last, j)) continue;
    dp__vars v = {0};
    v.when = dp__when_of(c, j);
    v.other_when = dp__when_of(c, last);
    v.value = c->x[last].result;
    if (failed)
      dp__emit(c, r, DP_AFTER_REJECTION, r->sev, b, a, (int)j, DP__M_VETO, &v);
    else
      dp__emit(c, r, DP_INCOMPLETE, DP_WARNING, b, a, (int)j,
               DP__M_VETO_UNKNOWN, &v);
  }
}

/* notice STEP FIELD at least N days|workdays: the event's date FIELD
 * (materials sent, a hearing announced) lies at least N before the event:
 * in days, the event's day minus it; in working days, those after it up
 * to and including the event's day (procedures.md E5). */
static void eval_notice(dp__ctx *c, const dp_rule *r) {
  for (size_t i = dp__first(c, r->step_a); i < c->n; i = dp__next(c, i)) {
    const dp__event *ev = &c->r->ev[i];
    const char *txt = ev->f[r->notice_field];
    if (c->x[i].step != r->step_a || !txt || !*txt) continue;
    int32_t d;
    if (dp_date_parse(txt, strlen(txt), &d, NULL) != 0) {
      bad_date(c, i, dp__efield_names[r->notice_field], txt);
      continue;
    }
    if (c->x[i].b == DP_NO_DATE) {
      dp__vars v = {0};
      v.when = dp__when_of(c, i);
      dp__emit(c, r, DP_INCOMPLETE, DP_WARNING, r->step_a, -1, (int)i,
               DP__M_PERIOD_DATES, &v);
      continue;
    }
    int32_t at = c->x[i].b;
    int32_t len = r->unit == DP__U_DAYS
                      ? at - d
                      : (at > d ? dp__calendar_workdays(&c->e->cal, d + 1, at)
                                : 0);
    if (len >= r->min) continue;
    dp__vars v = {0};
    v.when = dp__when_of(c, i);
    v.date = dp__d(d);
    v.field[0] = field_title(r->notice_field, 0);
    v.field[1] = field_title(r->notice_field, 1);
    v.len = dp__l(len < 0 ? 0 : len, r->unit);
    v.limit = dp__l(r->min, r->unit);
    if (r->unit == DP__U_WORKDAYS && at > d) v.note = dp__note_of(c, d + 1, at);
    dp__emit(c, r, DP_TOO_SHORT, r->sev, r->step_a, -1, (int)i,
             DP__M_NOTICE_SHORT, &v);
  }
}

/* ---------------------------------------------------------------------
 * Declare templates, with their LTLf meaning over the record's trace:
 * its dated events in time order (begin day, time, then place in the
 * record).  An event of the template's steps without a date cannot be
 * placed, and the template then says it cannot be checked.
 * ------------------------------------------------------------------- */

static int trace_cmp(const dp__ctx *c, size_t a, size_t b) {
  const dp__evx *A = &c->x[a], *B = &c->x[b];
  if (A->b != B->b) return A->b < B->b ? -1 : 1;
  if (A->bs >= 0 && B->bs >= 0 && A->bs != B->bs) return A->bs < B->bs ? -1 : 1;
  return a < b ? -1 : a > b;
}

/* The events of steps a and b (b < 0: a only) in time order, into tr
 * (room for c->n); their number, or -1 when one has no date. */
static long trace_of(const dp__ctx *c, int a, int b, size_t *tr) {
  size_t n = 0;
  for (size_t i = 0; i < c->n; i++) {
    int s = c->x[i].step;
    if (s < 0 || (s != a && s != b)) continue;
    if (c->x[i].b == DP_NO_DATE) return -1;
    /* insertion: traces of two steps are short */
    size_t k = n++;
    while (k > 0 && trace_cmp(c, tr[k - 1], i) > 0) {
      tr[k] = tr[k - 1];
      k--;
    }
    tr[k] = i;
  }
  return (long)n;
}

static void declare_emit(dp__ctx *c, const dp_rule *r, dp_code code, int step,
                         int other, long ev, long oev, dp__msgid id) {
  /* in progress, what has not happened yet may still come */
  if (code == DP_MISSING && c->as_of != DP_NO_DATE) return;
  dp__vars v = {0};
  if (ev >= 0) v.when = dp__when_of(c, (size_t)ev);
  if (oev >= 0) v.other_when = dp__when_of(c, (size_t)oev);
  char n[16];
  snprintf(n, sizeof n, "%d", (int)r->n);
  v.value = n;
  dp__emit(c, r, code, r->sev, step, other, (int)ev, id, &v);
}

/* Declare init: a is the first event of the record. */
static void declare_init(dp__ctx *c, const dp_rule *r, int a) {
  size_t first = c->n;
  for (size_t i = 0; i < c->n; i++)
    if (c->x[i].step >= 0 && c->x[i].b != DP_NO_DATE &&
        (first == c->n || trace_cmp(c, i, first) < 0))
      first = i;
  if (first < c->n && c->x[first].step != a)
    declare_emit(c, r, DP_OUT_OF_ORDER, c->x[first].step, a, (long)first,
                 -1, DP__M_DECL_INIT);
  else if (first == c->n)
    declare_emit(c, r, DP_MISSING, a, -1, -1, -1, DP__M_MISSING);
}

/* Declare precedence, succession, response and chain response over the
 * trace tr[0..n) of a and b: a before every b, a b after every a, and for
 * chain response the next event of the whole trace after each a. */
static void declare_order(dp__ctx *c, const dp_rule *r, int a, int b,
                          const size_t *tr, long n) {
  int prec = r->tmpl == DP__T_PRECEDENCE || r->tmpl == DP__T_SUCCESSION;
  int resp = r->tmpl == DP__T_RESPONSE || r->tmpl == DP__T_SUCCESSION;
  long seen_a = -1;
  for (long k = 0; prec && k < n; k++) {
    if (c->x[tr[k]].step == a) seen_a = (long)tr[k];
    else if (seen_a < 0)
      declare_emit(c, r, DP_OUT_OF_ORDER, b, a, (long)tr[k], -1,
                   DP__M_DECL_PRECEDENCE);
  }
  long last_b = -1;
  for (long k = n - 1; resp && k >= 0; k--) {
    if (c->x[tr[k]].step == b) last_b = (long)tr[k];
    else if (last_b < 0)
      declare_emit(c, r, DP_MISSING, b, a, -1, (long)tr[k],
                   DP__M_DECL_RESPONSE);
  }
  if (r->tmpl == DP__T_CHAIN_RESPONSE) {
    /* the next event of the whole trace, whatever its step */
    for (long k = 0; k < n; k++) {
      if (c->x[tr[k]].step != a) continue;
      size_t nx = c->n;
      for (size_t i = 0; i < c->n; i++)
        if (c->x[i].step >= 0 && c->x[i].b != DP_NO_DATE &&
            trace_cmp(c, tr[k], i) < 0 &&
            (nx == c->n || trace_cmp(c, i, nx) < 0))
          nx = i;
      if (nx == c->n || c->x[nx].step != b)
        declare_emit(c, r, nx == c->n ? DP_MISSING : DP_OUT_OF_ORDER, b, a,
                     nx == c->n ? -1 : (long)nx, (long)tr[k],
                     DP__M_DECL_CHAIN);
    }
  }
}

static void eval_declare(dp__ctx *c, const dp_rule *r) {
  int a = r->step_a, b = r->step_b;
  if (dp__not_recorded(c, a) || dp__not_recorded(c, b)) {
    dp__vars v = {0};
    dp__emit(c, r, DP_INCOMPLETE, DP_WARNING,
             dp__not_recorded(c, a) ? a : b, -1, -1, DP__M_NOT_RECORDED, &v);
    return;
  }
  size_t small[64], *tr = c->n <= 64 ? small : dp__calloc(c->n, sizeof *tr);
  if (!tr) {
    c->oom = 1;
    return;
  }
  long n = trace_of(c, a, b, tr);
  size_t na = 0, nb = 0;
  for (long k = 0; k < n; k++) {
    if (c->x[tr[k]].step == a) na++;
    else nb++;
  }
  if (n < 0) {
    dp__vars v = {0};
    dp__emit(c, r, DP_INCOMPLETE, DP_WARNING, a, b, -1, DP__M_DECL_UNDATED,
             &v);
    goto done;
  }
  switch (r->tmpl) {
  case DP__T_EXISTENCE: /* F a (n times) */
    if ((int32_t)na < r->n)
      declare_emit(c, r, DP_MISSING, a, -1, -1, -1,
                   r->n > 1 ? DP__M_DECL_TIMES : DP__M_MISSING);
    break;
  case DP__T_ABSENCE: /* ¬F a (fewer than n times) */
    if ((int32_t)na >= r->n)
      declare_emit(c, r, DP_OUT_OF_ORDER, a, -1, (long)tr[r->n - 1], -1,
                   DP__M_DECL_ABSENCE);
    break;
  case DP__T_EXACTLY:
    if ((int32_t)na != r->n)
      declare_emit(c, r, (int32_t)na < r->n ? DP_MISSING : DP_OUT_OF_ORDER, a,
                   -1, na ? (long)tr[na - 1] : -1, -1, DP__M_DECL_TIMES);
    break;
  case DP__T_INIT: /* a is the first event of the record */
    declare_init(c, r, a);
    break;
  case DP__T_PRECEDENCE:      /* G(b → O a) */
  case DP__T_SUCCESSION:      /* precedence and response */
  case DP__T_RESPONSE:        /* G(a → F b) */
  case DP__T_CHAIN_RESPONSE:  /* G(a → X b): over every event */
    declare_order(c, r, a, b, tr, n);
    break;
  case DP__T_RESPONDED_EXISTENCE: /* F a → F b */
    if (na && !nb)
      declare_emit(c, r, DP_MISSING, b, a, -1, (long)tr[0],
                   DP__M_DECL_RESPONDED);
    break;
  case DP__T_COEXISTENCE: /* F a ↔ F b */
    if (na && !nb)
      declare_emit(c, r, DP_MISSING, b, a, -1, (long)tr[0],
                   DP__M_DECL_RESPONDED);
    else if (nb && !na)
      declare_emit(c, r, DP_MISSING, a, b, -1, (long)tr[0],
                   DP__M_DECL_RESPONDED);
    break;
  case DP__T_NOT_COEXISTENCE: /* ¬(F a ∧ F b) */
    if (na && nb) {
      long first_a = -1, first_b = -1;
      for (long k = 0; k < n; k++) {
        if (c->x[tr[k]].step == a && first_a < 0) first_a = (long)tr[k];
        if (c->x[tr[k]].step == b && first_b < 0) first_b = (long)tr[k];
      }
      declare_emit(c, r, DP_OUT_OF_ORDER, b, a, first_b, first_a,
                   DP__M_DECL_NOT_COEXISTENCE);
    }
    break;
  case DP__T_NOT_SUCCESSION: { /* G(a → ¬F b) */
    long first_a = -1;
    for (long k = 0; k < n; k++) {
      if (c->x[tr[k]].step == a && first_a < 0) first_a = (long)tr[k];
      else if (c->x[tr[k]].step == b && first_a >= 0)
        declare_emit(c, r, DP_OUT_OF_ORDER, b, a, (long)tr[k], first_a,
                     DP__M_DECL_NOT_SUCCESSION);
    }
    break;
  }
  case DP__T_COUNT: break;
  }
done:
  if (tr != small) free(tr);
}

/* Why a doc number does not fit the standard form (GB/T 9704-2012
 * 7.2.5). */
static void docnum_why(const char *s, const char *why[2]) {
  if (strstr(s, "第")) {
    why[0] = "发文顺序号前不加“第”";
    why[1] = "no 第 before the serial number";
  } else if (!strstr(s, "〔") &&
             (strpbrk(s, "[]()") || strstr(s, "【") || strstr(s, "（") ||
              strstr(s, "［") || strstr(s, "〈"))) {
    why[0] = "年份应使用六角括号〔〕";
    why[1] = "the year goes in 六角括号 〔〕";
  } else if (strstr(s, "〕0")) {
    why[0] = "发文顺序号不编虚位（不加前导零）";
    why[1] = "the serial number has no leading zero";
  } else if (strlen(s) < 3 || strcmp(s + strlen(s) - 3, "号") != 0) {
    why[0] = "应以“号”结尾";
    why[1] = "it must end in 号";
  } else {
    why[0] = "应为“发文机关代字〔年份〕发文顺序号”";
    why[1] = "expected 机关代字〔year〕number号";
  }
}

/* The first dated event of step s (the step index), or c->n. */
static size_t first_dated(const dp__ctx *c, int s) {
  return s >= 0 && c->fd[s] >= 0 ? (size_t)c->fd[s] : c->n;
}

static void eval_docnum(dp__ctx *c, const dp_rule *r) {
  const char *dn = c->r->f[DP__RF_DOC_NUMBER];
  int pub = c->publication;
  /* the first publication, dated or not */
  size_t ip = first_dated(c, pub);
  if (ip == c->n) ip = dp__first(c, pub);
  if (!r->docnum_form) {
    if (ip < c->n && (!dn || !*dn)) {
      dp__vars v = {0};
      dp__emit(c, r, DP_INCOMPLETE, r->sev, pub, -1, (int)ip,
               DP__M_DOCNUM_MISSING, &v);
    }
    return;
  }
  if (!dn || !*dn) return;
  pcre2_match_data *md = ctx_md(&r->form);
  if (!md) {
    c->oom = 1;
    return;
  }
  int rc = re_exec(c, &r->form, dn, strlen(dn), md);
  if (rc <= 0) {
    dp__vars v = {0};
    v.value = dn;
    docnum_why(dn, v.why);
    dp__emit(c, r, DP_MALFORMED, r->sev, pub, -1, ip < c->n ? (int)ip : -1,
             DP__M_DOCNUM_FORM, &v);
    return;
  }
  /* the first group named "year" that took part */
  char buf[16];
  const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
  int g = -1;
  for (int k = 0; k < r->form.nyears && g < 0; k++)
    if (r->form.years[k] < rc && ov[2 * r->form.years[k]] != PCRE2_UNSET)
      g = r->form.years[k];
  if (g < 0 || ov[2 * g + 1] - ov[2 * g] >= sizeof buf) return;
  memcpy(buf, dn + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
  buf[ov[2 * g + 1] - ov[2 * g]] = '\0';
  /* the year of the decision or of the first publication (a December
   * decision numbered that year and published in January is lawful) */
  int y = atoi(buf), known = 0, fits = 0;
  size_t idec = first_dated(c, c->e->step_decision);
  size_t ipub = first_dated(c, pub);
  size_t at[2] = {idec, ipub};
  for (int k = 0; k < 2; k++)
    if (at[k] < c->n) {
      int yy;
      dp_date_to_ymd(c->x[at[k]].b, &yy, NULL, NULL);
      known = 1;
      fits = fits || yy == y;
    }
  if (!known || fits) return;
  dp__vars w = {0};
  w.value = buf;
  dp__buf m[2] = {{0}, {0}};
  if (dp__format(c, r, -1, pub, -1, DP__M_DOCNUM_YEAR, &w, m)) {
    c->oom = 1;
  } else {
    dp__vars v = {0};
    v.value = dn;
    v.why[0] = m[0].s;
    v.why[1] = m[1].s;
    dp__emit(c, r, DP_MALFORMED, r->sev, pub, -1, ipub < c->n ? (int)ipub : -1,
             DP__M_DOCNUM_FORM, &v);
  }
  dp__buf_free(&m[0]);
  dp__buf_free(&m[1]);
}

/* ---------------------------------------------------------------------
 * dp_check
 * ------------------------------------------------------------------- */

static int32_t local_today(void) {
  time_t now = time(NULL);
  struct tm tm;
  localtime_r(&now, &tm);
  return dp_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* The decision date (procedures.md §0): the first collective decision;
 * without one, the first publication; without one, the latest dated
 * event; without any, today. */
static int32_t decision_date(const dp__ctx *c) {
  size_t by[2] = {first_dated(c, c->e->step_decision),
                  first_dated(c, c->e->step_publication)};
  for (size_t k = 0; k < 2; k++)
    if (by[k] < c->n) return c->x[by[k]].b;
  int32_t last = DP_NO_DATE;
  for (size_t i = 0; i < c->n; i++)
    if (c->x[i].f != DP_NO_DATE && (last == DP_NO_DATE || c->x[i].f > last))
      last = c->x[i].f;
  if (last != DP_NO_DATE) return last;
  if (c->as_of != DP_NO_DATE) return c->as_of;
  return local_today();
}

static int ends_with(const char *s, const char *tail) {
  size_t n = strlen(s), k = strlen(tail);
  return n >= k && strcmp(s + n - k, tail) == 0;
}

/* `issuer` as given, or from the authority's name (procedures.md A): a
 * 人民政府 or its 办公厅/办公室 is the government, unless a township's or
 * a 街道办事处; any other named authority is a department; none: the
 * government. */
static const char *issuer_of(const dp__ctx *c) {
  const char *v = dp_record_attribute_string(c->r, "issuer");
  if (v && (strcmp(v, "government") == 0 || strcmp(v, "department") == 0))
    return v;
  const char *a = c->r->f[DP__RF_AUTHORITY];
  if (!a || !*a) return "government";
  if (ends_with(a, "街道办事处") || ends_with(a, "乡人民政府") ||
      ends_with(a, "镇人民政府") || ends_with(a, "乡人民政府办公室") ||
      ends_with(a, "镇人民政府办公室"))
    return "department";
  if (ends_with(a, "人民政府") || ends_with(a, "人民政府办公厅") ||
      ends_with(a, "人民政府办公室"))
    return "government";
  return "department";
}

/* The attribute definition of name, in the procedure or the engine. */
static const dp__attrdef *attrdef(const dp__ctx *c, const char *name) {
  for (size_t i = 0; i < c->pr->nattrdefs; i++)
    if (strcmp(c->pr->attrdefs[i].name, name) == 0) return &c->pr->attrdefs[i];
  for (size_t i = 0; i < c->e->nattrdefs; i++)
    if (strcmp(c->e->attrdefs[i].name, name) == 0) return &c->e->attrdefs[i];
  return NULL;
}

int dp__attr_known(const dp_engine *e, const char *name) {
  for (size_t i = 0; i < e->nattrdefs; i++)
    if (strcmp(e->attrdefs[i].name, name) == 0) return 1;
  for (size_t p = 0; p < e->nprocs; p++) {
    const dp__procedure *pr = e->procs[p];
    for (size_t i = 0; i < pr->nattrdefs; i++)
      if (strcmp(pr->attrdefs[i].name, name) == 0) return 1;
    if (dp__proc_reads(pr, name)) return 1;
  }
  return 0;
}

const char *dp__attr_nearest(const dp_engine *e, const char *name) {
  dp__nearest nr;
  dp__nearest_init(&nr, name, DP__NEAR_NAME);
  for (size_t i = 0; i < e->nattrdefs; i++)
    dp__nearest_try(&nr, e->attrdefs[i].name);
  for (size_t p = 0; p < e->nprocs; p++)
    for (size_t i = 0; i < e->procs[p]->nattrdefs; i++)
      dp__nearest_try(&nr, e->procs[p]->attrdefs[i].name);
  for (size_t i = 0; i < e->nattrs; i++) dp__nearest_try(&nr, e->attrs[i]);
  return nr.best;
}

/* The known attribute nearest to name (the procedure's, then every
 * procedure's), or NULL. */
static const char *nearest_attr(const dp__ctx *c, const char *name) {
  dp__nearest nr;
  dp__nearest_init(&nr, name, DP__NEAR_NAME);
  for (size_t i = 0; i < c->pr->nattrdefs; i++)
    dp__nearest_try(&nr, c->pr->attrdefs[i].name);
  for (size_t i = 0; i < c->e->nattrdefs; i++)
    dp__nearest_try(&nr, c->e->attrdefs[i].name);
  return nr.best;
}

/* Every attribute of the record, against what the procedure knows
 * (records.md §8.4): an unknown name, a boolean of another type, a string
 * attribute with a value that is not one of its words — each said, with
 * the nearest known name where there is one. */
/* The string attribute's value is one of its words (or it has none). */
static int attr_word_known(const dp__attrdef *def, const dp__attr *at) {
  if (!def->nvalues) return 1;
  for (size_t k = 0; k < def->nvalues; k++)
    if (strcmp(def->values[k], at->str) == 0) return 1;
  return 0;
}

static void check_attributes(dp__ctx *c) {
  for (size_t a = 0; a < c->r->nattrs && !c->oom; a++) {
    const dp__attr *at = &c->r->attrs[a];
    const dp__attrdef *def = attrdef(c, at->name);
    int string = def && def->string;
    /* a known boolean, or a known string with one of its words: fine */
    if (def && (string ? at->type == DP__AT_STRING && attr_word_known(def, at)
                       : at->type == DP__AT_BOOL))
      continue;
    dp__vars v;
    memset(&v, 0, sizeof v);
    v.value = at->name;
    if (!def && !dp__proc_reads(c->pr, at->name)) {
      const char *near = nearest_attr(c, at->name);
      v.why[0] = v.why[1] = near;
      data_msg(c, DP_MALFORMED, DP_WARNING, -1, "record.attribute",
               near ? DP__M_ATTR_UNKNOWN_NEAR : DP__M_ATTR_UNKNOWN, &v);
      continue;
    }
    /* the words a string attribute takes, for its messages */
    char words[2][512];
    words[0][0] = words[1][0] = '\0';
    v.accepted[0] = words[0];
    v.accepted[1] = words[1];
    if (string && (at->type != DP__AT_STRING || !attr_word_known(def, at)))
      for (int l = 0; l < 2; l++)
        for (size_t k = 0; k < def->nvalues; k++)
          snprintf(words[l] + strlen(words[l]),
                   sizeof words[l] - strlen(words[l]), "%s%s",
                   k ? (l ? ", " : "、") : "", def->values[k]);
    if (!string && at->type != DP__AT_BOOL) {
      data_msg(c, DP_MALFORMED, DP_WARNING, -1, "record.attribute",
               DP__M_ATTR_NOT_BOOL, &v);
    } else if (string && at->type != DP__AT_STRING) {
      data_msg(c, DP_MALFORMED, DP_WARNING, -1, "record.attribute",
               DP__M_ATTR_NOT_STRING, &v);
    } else if (string && def->nvalues) {
      if (!attr_word_known(def, at)) {
        v.why[0] = v.why[1] = at->str;
        data_msg(c, DP_MALFORMED, DP_WARNING, -1, "record.attribute",
                 DP__M_ATTR_VALUE, &v);
      }
    }
  }
}

/* The record's `unknown` list names steps (records.md §8.5). */
static void check_unknown(dp__ctx *c) {
  memset(c->unrec, 0, sizeof c->unrec);
  for (size_t k = 0; k < c->r->nunknown; k++) {
    int s = dp__step_lookup(c->e, c->r->unknown[k]);
    if (s >= 0) c->unrec[s / 64] |= (uint64_t)1 << (s % 64);
  }
  for (size_t k = 0; k < c->r->nunknown && !c->oom; k++)
    if (dp__step_lookup(c->e, c->r->unknown[k]) < 0) {
      dp__vars v;
      memset(&v, 0, sizeof v);
      v.value = c->r->unknown[k];
      data_msg(c, DP_MALFORMED, DP_WARNING, -1, "record.unknown",
               DP__M_UNKNOWN_STEP, &v);
    }
}

/* Step s is in the record's `unknown` list: not recorded either way. */
int dp__not_recorded(const dp__ctx *c, int s) {
  return s >= 0 && (c->unrec[s / 64] >> (s % 64) & 1);
}

int dp__ctx_init(dp__ctx *c, const dp_engine *e, const dp__procedure *pr,
                 const dp_record *r, dp_report *rep, int32_t as_of) {
  /* the fixed part; the step index and small are filled as used */
  memset(c, 0, offsetof(dp__ctx, head));
  if (!pr->plan) return DP_ENOMEM; /* it could not be made at load */
  /* the record's attributes, by the engine's slots (attrv is zeroed) */
  for (size_t a = 0; a < r->nattrs; a++)
    for (size_t i = 0; i < e->nattrs; i++)
      if (dp__streq(e->attrs[i], r->attrs[a].name)) {
        c->attrv[i] = r->attrs[a].value;
        break;
      }
  c->e = e;
  c->pr = pr;
  c->r = r;
  c->rep = rep;
  c->n = r->nev;
  c->as_of = as_of;
  c->publication = e->step_publication;
  c->x = c->n <= sizeof c->small / sizeof c->small[0]
             ? c->small
             : dp__calloc(c->n, sizeof *c->x);
  if (!c->x) return DP_ENOMEM;
  memset(c->x, 0, c->n * sizeof *c->x);
  for (size_t i = 0; i < r->nissues && !c->oom; i++) {
    const dp__issue *is = &r->issues[i];
    const char *id = is->rule ? is->rule
                     : is->field && strncmp(is->field, "attributes", 10) == 0
                         ? "record.attribute"
                         : "record.field";
    data_finding(c, is->code, is->sev, is->event, id, is->msg[0], is->msg[1]);
  }
  resolve(c);
  check_attributes(c);
  check_unknown(c);
  /* only for a procedure whose conditions ask (`issuer is …`) */
  c->issuer = pr->plan->reads_issuer ? issuer_of(c) : NULL;
  c->decided = decision_date(c);
  c->span = dp__plan_span(pr->plan, c->decided);
  c->today = as_of;
  return c->oom ? DP_ENOMEM : 0;
}

void dp__ctx_free(dp__ctx *c) {
  if (!c->x) return;
  for (size_t i = 0; i < c->n; i++) {
    free(c->x[i].own[0]);
    free(c->x[i].own[1]);
  }
  if (c->x != c->small) free(c->x);
  c->x = NULL;
}

/* The procedure's law is in force on the decision date: some rule has a
 * basis in force then, or no dated basis at all.  When not, *first is
 * the basis that came into force first (for the message). */
static int law_in_force(const dp__ctx *c, const dp__basis **first) {
  *first = c->pr->plan->first;
  return c->pr->plan->law[c->span];
}

void dp__ctx_run(dp__ctx *c) {
  const dp__basis *first;
  if (!law_in_force(c, &first)) {
    /* one warning, and nothing else of the procedure (procedures.md §0) */
    dp__vars v = {0};
    v.decided = dp__d(c->decided);
    if (first) v.from = dp__d(first->from);
    v.law = first ? first->law : "";
    dp_finding *f = dp__report_open(c->rep, DP_INCOMPLETE, DP_WARNING, -1, -1,
                                    -1, NULL, "procedure.not-in-force",
                                    first ? first->law : "",
                                    first ? first->verified : 1);
    if (!f) {
      c->oom = 1;
      return;
    }
    keep_facts(c->rep, f, -1, DP__M_NOT_IN_FORCE, &v, 0);
    if (dp__report_close(c->rep)) c->oom = 1;
    return;
  }
  /* the rules that may apply on the decision date's span, by the plan */
  const dp__plan *plan = c->pr->plan;
  dp_rule *const *run = plan->run + c->span * plan->nrules;
  size_t nrun = plan->nrun[c->span];
  for (size_t k = 0; k < nrun && !c->oom; k++) {
    const dp_rule *rule = run[k];
    if (!dp__rule_applies(c, rule)) continue;
    switch (rule->kind) {
    case DP__K_REQUIRE: eval_require(c, rule); break;
    case DP__K_ORDER: eval_order(c, rule); break;
    case DP__K_PERIOD: eval_period(c, rule); break;
    case DP__K_DEADLINE: eval_deadline(c, rule); break;
    case DP__K_VETO: eval_veto(c, rule); break;
    case DP__K_DOCNUM: eval_docnum(c, rule); break;
    case DP__K_NOTICE: eval_notice(c, rule); break;
    case DP__K_DECLARE: eval_declare(c, rule); break;
    case DP__K_WAIT: eval_wait(c, rule); break;
    case DP__K_VALIDITY: eval_validity(c, rule); break;
    case DP__K_COUNT: break;
    }
  }
}

static int invalid(dp_report *rep, const char *zh, const char *en) {
  return dp__report_add(rep, DP_INVALID_RECORD, DP_ERROR, -1, -1, -1, NULL,
                        "record.invalid",
                        "见记录格式说明（doc/records.md §1、§6）", 1, zh, en);
}

/* An invalid_record finding in the catalogue's words, located. */
static int invalid_msg(dp_report *rep, const dp_record *r, dp__msgid id,
                       const char *value) {
  char at[200];
  where(r, -1, "", at, sizeof at);
  dp__vars v;
  memset(&v, 0, sizeof v);
  v.value = value;
  dp__buf m[2] = {{0}, {0}};
  for (int l = 0; l < 2; l++) {
    dp__buf_adds(&m[l], at);
    dp__expand(&m[l], dp__msg(id, l, NULL), &v, l);
    dp__buf_addc(&m[l], '\0');
  }
  int rc = m[0].oom || m[1].oom ? DP_ENOMEM : invalid(rep, m[0].s, m[1].s);
  dp__buf_free(&m[0]);
  dp__buf_free(&m[1]);
  return rc;
}

int dp_check(const dp_engine *e, const dp_record *r,
             const dp_check_options *opts, dp_report **out) {
  if (!out) return DP_EINVAL;
  *out = NULL;
  if (!e || !r) return DP_EINVAL;
  const char *pname = opts && opts->procedure ? opts->procedure
                                              : r->f[DP__RF_PROCEDURE];
  dp_report *rep = dp__report_new(e, r->f[DP__RF_ID], pname);
  if (!rep) return DP_ENOMEM;
  if (opts && opts->procedure) dp__report_make_valid(rep);
  int rc = 0;
  if (r->invalid[0]) {
    rc = invalid(rep, r->invalid[0], r->invalid[1]);
  } else if (!r->f[DP__RF_ID]) {
    rc = invalid_msg(rep, r, DP__M_NO_ID, NULL);
  } else if (!pname) {
    rc = invalid_msg(rep, r, DP__M_NO_PROCEDURE, NULL);
  } else {
    const dp__procedure *pr = dp__proc_lookup(e, pname);
    if (!pr) {
      rc = invalid_msg(rep, r, DP__M_UNKNOWN_PROC, pname);
    } else {
      dp__ctx c;
      rc = dp__ctx_init(&c, e, pr, r, rep,
                        opts && (opts->flags & DP_CHECK_IN_PROGRESS)
                            ? opts->as_of
                            : DP_NO_DATE);
      /* the day of the check for what depends on it (a validity that has
       * run out), without treating the record as unfinished */
      if (rc == 0 && opts && (opts->flags & DP_CHECK_AS_OF) &&
          opts->as_of != DP_NO_DATE)
        c.today = opts->as_of;
      if (rc == 0) {
        /* the decision date for the caller only when the record dates it
         * (not the day of the check it falls back to) */
        for (size_t i = 0; i < c.n; i++)
          if (c.x[i].f != DP_NO_DATE || c.x[i].b != DP_NO_DATE) {
            rep->decided = c.decided;
            break;
          }
        dp__ctx_run(&c);
      }
      dp__ctx_free(&c);
      if (c.oom) rc = DP_ENOMEM;
    }
  }
  if (rc) {
    dp_report_free(rep);
    return rc;
  }
  dp__report_finish(rep);
  *out = rep;
  return 0;
}

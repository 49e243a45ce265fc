/*
 * rules_parse.c - the rule language: text in, procedures and rules out.
 *
 * The language is line based (doc/rules.md).  A text is loaded all or
 * nothing: everything it declares is staged and only joins the engine when
 * the whole text parsed, so a mistake on line 90 leaves the engine as it
 * was.
 */
#include "dp-private.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------
 * Tokens
 * ------------------------------------------------------------------- */

typedef enum { T_WORD, T_STRING, T_REGEX, T_NUMBER, T_LPAREN, T_RPAREN } ttype;

typedef struct tok {
  ttype type;
  char *text;  /* decoded, NUL-terminated (owned) */
  size_t len;
  int line, col;
  long offset;
} tok;

#define MAX_TOKENS 64

typedef struct line_toks {
  tok t[MAX_TOKENS];
  int n;
} line_toks;

/* Overlay changes staged for one existing procedure. */
typedef struct delta {
  dp_rule *target;
  dp_rule *d; /* the new values */
  unsigned mask;
  unsigned msgmask; /* which msg / msgc were given: set the whole rule's */
} delta;

typedef struct patch {
  dp__procedure *target;
  dp__label *labels;
  size_t nlabels, caplabels;
  dp__labelfield *lfields;
  size_t nlfields, caplfields;
  dp_rule **rules; /* new rules */
  size_t nrules, caprules;
  delta *deltas;
  size_t ndeltas, capdeltas;
  dp_rule **disables;
  size_t ndisables, capdisables;
} patch;

typedef struct parser {
  dp_engine *e;
  const char *src;
  const char *text;
  size_t len;
  size_t pos;
  int line;
  long line_start;
  dp_error *err;
  int rc;
  /* staging */
  dp__step *steps;
  size_t nsteps, capsteps;
  dp__procedure **procs;
  size_t nprocs, capprocs;
  patch *patches;
  size_t npatches, cappatches;
  /* context */
  dp__procedure *cur; /* procedure statements apply to */
  patch *curpatch;    /* non-NULL in an overlay */
  /* the open rule block */
  dp_rule *rule;
  unsigned mask;
  dp_rule *target; /* overlay: the rule it changes */
  int rule_line;
  int seen_kind_line; /* an order rule may have several order lines */
  size_t total_rules;
} parser;

static int perr(parser *p, int code, const tok *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int perr(parser *p, int code, const tok *t, const char *fmt, ...) {
  char msg[DP_ERROR_TEXT_LEN];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (p->rc == 0) p->rc = code;
  if (t)
    dp__error_set(p->err, code, p->src, t->line, t->col, t->offset, "%s", msg);
  else
    dp__error_set(p->err, code, p->src, p->line, 0, -1, "%s", msg);
  return code;
}

/* Quote a token for a message, cut to keep messages short. */
static const char *q(const tok *t) {
  return t->text;
}

static void toks_clear(line_toks *lt) {
  for (int i = 0; i < lt->n; i++) free(lt->t[i].text);
  lt->n = 0;
}

static int is_word_char(unsigned char c) {
  return isalnum(c) || c == '_' || c == '.' || c == '-';
}

/* Read the tokens of the next non-empty line.  Returns 1 with tokens, 0 at
 * the end of the text, <0 on error. */
static int next_line(parser *p, line_toks *lt) {
  toks_clear(lt);
  while (p->pos < p->len) {
    const char *s = p->text;
    size_t i = p->pos;
    p->line++;
    p->line_start = (long)i;
    size_t eol = i;
    while (eol < p->len && s[eol] != '\n') eol++;
    p->pos = eol < p->len ? eol + 1 : eol;
    while (i < eol) {
      unsigned char c = (unsigned char)s[i];
      int col = (int)(i - (size_t)p->line_start) + 1;
      if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        i++;
        continue;
      }
      if (c == '#') break;
      if (lt->n == MAX_TOKENS) {
        tok t = {T_WORD, (char *)"", 0, p->line, col, (long)i};
        return perr(p, DP_ESYNTAX, &t, "too many tokens on one line (max %d)",
                    MAX_TOKENS);
      }
      tok *t = &lt->t[lt->n];
      t->line = p->line;
      t->col = col;
      t->offset = (long)i;
      t->text = NULL;
      if (c == '"' || c == '/') {
        char close = (char)c;
        dp__buf b = {0};
        size_t j = i + 1;
        int closed = 0;
        while (j < eol) {
          char d = s[j];
          if (d == '\\' && j + 1 < eol) {
            char nx = s[j + 1];
            if (close == '"') {
              if (nx == 'n') dp__buf_addc(&b, '\n');
              else if (nx == 't') dp__buf_addc(&b, '\t');
              else if (nx == '"' || nx == '\\') dp__buf_addc(&b, nx);
              else {
                dp__buf_free(&b);
                tok bt = {T_WORD, NULL, 0, p->line,
                          (int)(j - (size_t)p->line_start) + 1, (long)j};
                return perr(p, DP_ESYNTAX, &bt,
                            "unknown escape '\\%c' in string", nx);
              }
            } else {
              if (nx == '/') dp__buf_addc(&b, '/');
              else {
                dp__buf_addc(&b, '\\');
                dp__buf_addc(&b, nx);
              }
            }
            j += 2;
            continue;
          }
          if (d == close) {
            closed = 1;
            break;
          }
          dp__buf_addc(&b, d);
          j++;
        }
        if (!closed) {
          dp__buf_free(&b);
          tok bt = {T_WORD, NULL, 0, p->line, col, (long)i};
          return perr(p, DP_ESYNTAX, &bt, "unterminated %s starting here",
                      close == '"' ? "string" : "pattern");
        }
        if (b.oom) {
          dp__buf_free(&b);
          return perr(p, DP_ENOMEM, NULL, "out of memory");
        }
        t->type = close == '"' ? T_STRING : T_REGEX;
        t->text = b.s ? b.s : dp__strdup("");
        t->len = b.len;
        if (!t->text) return perr(p, DP_ENOMEM, NULL, "out of memory");
        lt->n++;
        i = j + 1;
        continue;
      }
      if (c == '(' || c == ')') {
        t->type = c == '(' ? T_LPAREN : T_RPAREN;
        t->text = dp__strdup(c == '(' ? "(" : ")");
        t->len = 1;
        if (!t->text) return perr(p, DP_ENOMEM, NULL, "out of memory");
        lt->n++;
        i++;
        continue;
      }
      if (is_word_char(c)) {
        size_t j = i;
        int digits = 1;
        while (j < eol && is_word_char((unsigned char)s[j])) {
          if (!isdigit((unsigned char)s[j])) digits = 0;
          j++;
        }
        t->type = digits ? T_NUMBER : T_WORD;
        t->text = dp__strndup(s + i, j - i);
        t->len = j - i;
        if (!t->text) return perr(p, DP_ENOMEM, NULL, "out of memory");
        lt->n++;
        i = j;
        continue;
      }
      /* anything else: quote the character (a whole UTF-8 sequence) */
      size_t j = i + 1;
      while (j < eol && ((unsigned char)s[j] & 0xC0) == 0x80) j++;
      char bad[8] = {0};
      memcpy(bad, s + i, (j - i) < 7 ? (j - i) : 7);
      tok bt = {T_WORD, NULL, 0, p->line, col, (long)i};
      return perr(p, DP_ESYNTAX, &bt, "unexpected character '%s'", bad);
    }
    if (lt->n > 0) return 1;
  }
  return 0;
}

/* ---------------------------------------------------------------------
 * Lookups over the engine and what this text staged
 * ------------------------------------------------------------------- */

static int step_id(parser *p, const char *name) {
  int id = dp__step_lookup(p->e, name);
  if (id >= 0) return id;
  for (size_t i = 0; i < p->nsteps; i++)
    if (strcmp(p->steps[i].name, name) == 0) return (int)(p->e->nsteps + i);
  return -1;
}

static int need_step(parser *p, const tok *t) {
  if (t->type != T_WORD)
    return perr(p, DP_ESYNTAX, t, "expected a step name, found '%s'", q(t));
  int id = step_id(p, t->text);
  if (id < 0) return perr(p, DP_ERULE, t, "unknown step '%s'", q(t));
  return id;
}

static dp__procedure *staged_proc(parser *p, const char *name) {
  for (size_t i = 0; i < p->nprocs; i++)
    if (strcmp(p->procs[i]->name, name) == 0) return p->procs[i];
  return NULL;
}

static dp_rule *find_in(dp_rule **rules, size_t n, const char *id) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(rules[i]->id, id) == 0) return rules[i];
  return NULL;
}

/* ---------------------------------------------------------------------
 * Freeing
 * ------------------------------------------------------------------- */

void dp__regex_free(dp__regex *re) {
  if (!re) return;
  pcre2_code_free(re->code);
  free(re->src);
  re->code = NULL;
  re->src = NULL;
}

void dp__expr_free(dp__expr *x) {
  if (!x) return;
  dp__expr_free(x->a);
  dp__expr_free(x->b);
  free(x->attr);
  free(x);
}

void dp__rule_free(dp_rule *r) {
  if (!r) return;
  free(r->id);
  free(r->pairs);
  for (size_t i = 0; i < r->nveto; i++) free(r->veto_values[i]);
  free(r->veto_values);
  dp__regex_free(&r->form);
  dp__regex_free(&r->with_re);
  dp__expr_free(r->when);
  free(r->exempt_attr);
  for (int l = 0; l < 2; l++) {
    free(r->msg[l]);
    free(r->summary[l]);
    for (int c = 0; c < DP_CODE__COUNT; c++) free(r->msgc[l][c]);
  }
  free(r->basis);
  free(r->json_id);
  free(r->json_basis);
  free(r->quote);
  free(r->origin);
  free(r);
}

static void labels_free(dp__label *l, size_t n) {
  for (size_t i = 0; i < n; i++) dp__regex_free(&l[i].re);
  free(l);
}

static void lfields_free(dp__labelfield *l, size_t n) {
  for (size_t i = 0; i < n; i++) {
    dp__regex_free(&l[i].re);
    free(l[i].value);
  }
  free(l);
}

void dp__procedure_free(dp__procedure *pr) {
  if (!pr) return;
  for (size_t i = 0; i < pr->ntitles; i++) {
    free(pr->titles[i].title[0]);
    free(pr->titles[i].title[1]);
  }
  free(pr->titles);
  free(pr->name);
  free(pr->title[0]);
  free(pr->title[1]);
  labels_free(pr->labels, pr->nlabels);
  lfields_free(pr->lfields, pr->nlfields);
  for (size_t i = 0; i < pr->nrules; i++) dp__rule_free(pr->rules[i]);
  free(pr->rules);
  free(pr);
}

static void patch_free(patch *pt) {
  labels_free(pt->labels, pt->nlabels);
  lfields_free(pt->lfields, pt->nlfields);
  for (size_t i = 0; i < pt->nrules; i++) dp__rule_free(pt->rules[i]);
  free(pt->rules);
  for (size_t i = 0; i < pt->ndeltas; i++) dp__rule_free(pt->deltas[i].d);
  free(pt->deltas);
  free(pt->disables);
}

static void parser_free(parser *p) {
  for (size_t i = 0; i < p->nsteps; i++) {
    free(p->steps[i].name);
    free(p->steps[i].title[0]);
    free(p->steps[i].title[1]);
  }
  free(p->steps);
  for (size_t i = 0; i < p->nprocs; i++) dp__procedure_free(p->procs[i]);
  free(p->procs);
  for (size_t i = 0; i < p->npatches; i++) patch_free(&p->patches[i]);
  free(p->patches);
  dp__rule_free(p->rule);
}

/* ---------------------------------------------------------------------
 * Pieces of statements
 * ------------------------------------------------------------------- */

static int compile_regex(parser *p, const tok *t, dp__regex *out) {
  if (t->type != T_REGEX)
    return perr(p, DP_ESYNTAX, t, "expected a /pattern/, found '%s'", q(t));
  if (!dp__utf8_valid(t->text, t->len))
    return perr(p, DP_EREGEX, t, "pattern is not valid UTF-8");
  int ec;
  PCRE2_SIZE eo;
  pcre2_code *code =
      pcre2_compile((PCRE2_SPTR)t->text, t->len, PCRE2_UTF | PCRE2_UCP, &ec,
                    &eo, NULL);
  if (!code) {
    PCRE2_UCHAR m[160];
    pcre2_get_error_message(ec, m, sizeof m);
    tok at = *t;
    at.col = t->col + 1 + (int)eo;
    at.offset = t->offset + 1 + (long)eo;
    return perr(p, DP_EREGEX, &at, "bad pattern /%s/: %s", t->text,
                (const char *)m);
  }
  /* JIT when the platform has it: label patterns run for every labelled
   * event.  Results are the same; pcre2_match falls back to the
   * interpreter when JIT compilation is not available. */
  out->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
  out->code = code;
  out->groups = 0;
  pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &out->groups);
  int year = pcre2_substring_number_from_name(code, (PCRE2_SPTR) "year");
  /* -2: more than one group of that name ((?J)): looked up by name */
  out->year = year > 0 ? year : year == PCRE2_ERROR_NOUNIQUESUBSTRING ? -2 : -1;
  out->src = dp__strdup(t->text);
  if (!out->src) return perr(p, DP_ENOMEM, NULL, "out of memory");
  return 0;
}

static int need_n(parser *p, const line_toks *lt, int n, const char *usage) {
  if (lt->n < n) {
    const tok *last = &lt->t[lt->n - 1];
    tok at = *last;
    at.col += (int)strlen(last->text);
    return perr(p, DP_ESYNTAX, &at, "incomplete statement, expected: %s",
                usage);
  }
  if (lt->n > n)
    return perr(p, DP_ESYNTAX, &lt->t[n], "unexpected '%s' after %s",
                q(&lt->t[n]), usage);
  return 0;
}

static int is_kw(const tok *t, const char *w) {
  return t->type == T_WORD && strcmp(t->text, w) == 0;
}

static int need_kw(parser *p, const tok *t, const char *w) {
  if (is_kw(t, w)) return 0;
  return perr(p, DP_ESYNTAX, t, "expected '%s', found '%s'", w, q(t));
}

static int set_str(parser *p, char **dst, const tok *t) {
  if (t->type != T_STRING)
    return perr(p, DP_ESYNTAX, t, "expected a \"string\", found '%s'", q(t));
  if (!dp__utf8_valid(t->text, t->len))
    return perr(p, DP_ESYNTAX, t, "string is not valid UTF-8");
  char *s = dp__strdup(t->text);
  if (!s) return perr(p, DP_ENOMEM, NULL, "out of memory");
  free(*dst);
  *dst = s;
  return 0;
}

static int lang_of(parser *p, const tok *t) {
  if (is_kw(t, "zh")) return 0;
  if (is_kw(t, "en")) return 1;
  return perr(p, DP_ESYNTAX, t, "expected language 'zh' or 'en', found '%s'",
              q(t));
}

static int parse_number(parser *p, const tok *t, int32_t *out) {
  if (t->type != T_NUMBER)
    return perr(p, DP_ESYNTAX, t, "expected a number, found '%s'", q(t));
  errno = 0;
  long v = strtol(t->text, NULL, 10);
  if (errno || v < 0 || v > 100000)
    return perr(p, DP_ERULE, t, "number '%s' out of range (0-100000)", q(t));
  *out = (int32_t)v;
  return 0;
}

static int parse_unit(parser *p, const tok *t, dp__unit *u) {
  if (is_kw(t, "days") || is_kw(t, "day")) *u = DP__U_DAYS;
  else if (is_kw(t, "workdays") || is_kw(t, "workday")) *u = DP__U_WORKDAYS;
  else
    return perr(p, DP_ESYNTAX, t, "expected 'days' or 'workdays', found '%s'",
                q(t));
  return 0;
}

/* Placeholders a message may use (engine.c fills them). */
static const char *const placeholders[] = {
    "step", "other", "when", "other_when", "start", "end", "date", "len",
    "limit", "deadline", "field", "value", "why", "note", "id", NULL};

static int check_placeholders(parser *p, const tok *t) {
  const char *s = t->text;
  for (const char *b = strchr(s, '{'); b; b = strchr(b + 1, '{')) {
    const char *c = strchr(b, '}');
    tok at = *t;
    at.col = t->col + 1 + (int)(b - s);
    if (!c) return perr(p, DP_ESYNTAX, &at, "unclosed '{' in message");
    size_t n = (size_t)(c - b - 1);
    int ok = 0;
    for (int i = 0; placeholders[i]; i++)
      if (strlen(placeholders[i]) == n && memcmp(placeholders[i], b + 1, n) == 0)
        ok = 1;
    if (!ok)
      return perr(p, DP_ERULE, &at, "unknown placeholder '%.*s' in message",
                  (int)(c - b + 1), b);
  }
  return 0;
}

/* Condition: or-expr := and-expr ('or' and-expr)*;
 * and-expr := unary ('and' unary)*; unary := 'not' unary | '(' or ')' | attr */
static dp__expr *parse_or(parser *p, const line_toks *lt, int *i);

static dp__expr *mkexpr(parser *p, dp__xop op, dp__expr *a, dp__expr *b) {
  dp__expr *x = dp__calloc(1, sizeof *x);
  if (!x) {
    dp__expr_free(a);
    dp__expr_free(b);
    perr(p, DP_ENOMEM, NULL, "out of memory");
    return NULL;
  }
  x->op = op;
  x->a = a;
  x->b = b;
  return x;
}

static dp__expr *parse_unary(parser *p, const line_toks *lt, int *i) {
  if (*i >= lt->n) {
    const tok *last = &lt->t[lt->n - 1];
    perr(p, DP_ESYNTAX, last, "condition ends after '%s'", q(last));
    return NULL;
  }
  const tok *t = &lt->t[*i];
  if (is_kw(t, "not")) {
    (*i)++;
    dp__expr *a = parse_unary(p, lt, i);
    return a ? mkexpr(p, DP__X_NOT, a, NULL) : NULL;
  }
  if (t->type == T_LPAREN) {
    (*i)++;
    dp__expr *a = parse_or(p, lt, i);
    if (!a) return NULL;
    if (*i >= lt->n || lt->t[*i].type != T_RPAREN) {
      dp__expr_free(a);
      perr(p, DP_ESYNTAX, t, "'(' is not closed");
      return NULL;
    }
    (*i)++;
    return a;
  }
  if (t->type != T_WORD || is_kw(t, "and") || is_kw(t, "or")) {
    perr(p, DP_ESYNTAX, t, "expected an attribute name, found '%s'", q(t));
    return NULL;
  }
  dp__expr *x = mkexpr(p, DP__X_ATTR, NULL, NULL);
  if (!x) return NULL;
  x->attr = dp__strdup(t->text);
  if (!x->attr) {
    dp__expr_free(x);
    perr(p, DP_ENOMEM, NULL, "out of memory");
    return NULL;
  }
  (*i)++;
  return x;
}

static dp__expr *parse_and(parser *p, const line_toks *lt, int *i) {
  dp__expr *a = parse_unary(p, lt, i);
  while (a && *i < lt->n && is_kw(&lt->t[*i], "and")) {
    (*i)++;
    dp__expr *b = parse_unary(p, lt, i);
    if (!b) {
      dp__expr_free(a);
      return NULL;
    }
    a = mkexpr(p, DP__X_AND, a, b);
  }
  return a;
}

static dp__expr *parse_or(parser *p, const line_toks *lt, int *i) {
  dp__expr *a = parse_and(p, lt, i);
  while (a && *i < lt->n && is_kw(&lt->t[*i], "or")) {
    (*i)++;
    dp__expr *b = parse_and(p, lt, i);
    if (!b) {
      dp__expr_free(a);
      return NULL;
    }
    a = mkexpr(p, DP__X_OR, a, b);
  }
  return a;
}

/* ---------------------------------------------------------------------
 * Statements inside `rule … end`
 * ------------------------------------------------------------------- */

static void reset_kind(dp_rule *r) {
  r->step_a = r->step_b = -1;
  r->rel = DP__REL_NONE;
  free(r->pairs);
  r->pairs = NULL;
  r->npairs = 0;
  r->have_min = r->have_max = 0;
  r->min = r->max = r->n = 0;
  r->unit = DP__U_DAYS;
  for (size_t i = 0; i < r->nveto; i++) free(r->veto_values[i]);
  free(r->veto_values);
  r->veto_values = NULL;
  r->nveto = 0;
  r->docnum_form = 0;
  dp__regex_free(&r->form);
}

/* A kind line.  Returns 0 or an error. */
static int rule_kind_line(parser *p, const line_toks *lt) {
  dp_rule *r = p->rule;
  const tok *k = &lt->t[0];
  int rc;
  if (is_kw(k, "order")) {
    if (p->seen_kind_line && r->kind != DP__K_ORDER)
      return perr(p, DP_ERULE, k, "a rule has one check; 'order' after '%s'",
                  dp_rule_kind(r));
    if (!p->seen_kind_line) reset_kind(r);
    r->kind = DP__K_ORDER;
    int i = 1, each = 0;
    if (lt->n > i && is_kw(&lt->t[i], "each")) {
      each = 1;
      i++;
    }
    const char *usage = "order [each] STEP before STEP [as error|warning]";
    if (lt->n != i + 3 && lt->n != i + 5) {
      tok at = lt->n > i + 3 ? lt->t[i + 3] : lt->t[lt->n - 1];
      return perr(p, DP_ESYNTAX, &at, "expected: %s", usage);
    }
    int a = need_step(p, &lt->t[i]);
    if (a < 0) return a;
    if ((rc = need_kw(p, &lt->t[i + 1], "before"))) return rc;
    int b = need_step(p, &lt->t[i + 2]);
    if (b < 0) return b;
    if (a == b)
      return perr(p, DP_ERULE, &lt->t[i + 2], "a step cannot precede itself");
    int sev = -1;
    if (lt->n == i + 5) {
      if ((rc = need_kw(p, &lt->t[i + 3], "as"))) return rc;
      if (is_kw(&lt->t[i + 4], "error")) sev = DP_ERROR;
      else if (is_kw(&lt->t[i + 4], "warning")) sev = DP_WARNING;
      else
        return perr(p, DP_ESYNTAX, &lt->t[i + 4],
                    "expected 'error' or 'warning', found '%s'",
                    q(&lt->t[i + 4]));
    }
    size_t cap = r->npairs;
    if (dp__grow((void **)&r->pairs, &cap, r->npairs + 1, sizeof *r->pairs))
      return perr(p, DP_ENOMEM, NULL, "out of memory");
    r->pairs[r->npairs++] = (dp__pair){a, b, each, sev};
    p->seen_kind_line = 1;
    p->mask |= DP__SET_KIND;
    return 0;
  }
  if (p->seen_kind_line)
    return perr(p, DP_ERULE, k, "a rule has one check; '%s' after '%s'",
                q(k), dp_rule_kind(r));
  reset_kind(r);
  p->seen_kind_line = 1;
  p->mask |= DP__SET_KIND;
  if (is_kw(k, "require")) {
    r->kind = DP__K_REQUIRE;
    const char *usage = "require STEP [before|after STEP]";
    if (lt->n != 2 && lt->n != 4) return need_n(p, lt, lt->n < 2 ? 2 : 4, usage);
    if ((r->step_a = need_step(p, &lt->t[1])) < 0) return p->rc;
    if (lt->n == 4) {
      if (is_kw(&lt->t[2], "before")) r->rel = DP__REL_BEFORE;
      else if (is_kw(&lt->t[2], "after")) r->rel = DP__REL_AFTER;
      else
        return perr(p, DP_ESYNTAX, &lt->t[2],
                    "expected 'before' or 'after', found '%s'", q(&lt->t[2]));
      if ((r->step_b = need_step(p, &lt->t[3])) < 0) return p->rc;
      if (r->step_b == r->step_a)
        return perr(p, DP_ERULE, &lt->t[3], "a step cannot precede itself");
    }
    return 0;
  }
  if (is_kw(k, "period")) {
    r->kind = DP__K_PERIOD;
    const char *usage = "period STEP at least|at most N days|workdays";
    if ((rc = need_n(p, lt, 6, usage))) return rc;
    if ((r->step_a = need_step(p, &lt->t[1])) < 0) return p->rc;
    if ((rc = need_kw(p, &lt->t[2], "at"))) return rc;
    int32_t n;
    if ((rc = parse_number(p, &lt->t[4], &n))) return rc;
    if (is_kw(&lt->t[3], "least")) {
      r->have_min = 1;
      r->min = n;
    } else if (is_kw(&lt->t[3], "most")) {
      r->have_max = 1;
      r->max = n;
    } else
      return perr(p, DP_ESYNTAX, &lt->t[3],
                  "expected 'least' or 'most', found '%s'", q(&lt->t[3]));
    return parse_unit(p, &lt->t[5], &r->unit);
  }
  if (is_kw(k, "deadline")) {
    r->kind = DP__K_DEADLINE;
    const char *usage = "deadline STEP within N days|workdays after STEP";
    if ((rc = need_n(p, lt, 7, usage))) return rc;
    if ((r->step_b = need_step(p, &lt->t[1])) < 0) return p->rc;
    if ((rc = need_kw(p, &lt->t[2], "within"))) return rc;
    if ((rc = parse_number(p, &lt->t[3], &r->n))) return rc;
    if ((rc = parse_unit(p, &lt->t[4], &r->unit))) return rc;
    if ((rc = need_kw(p, &lt->t[5], "after"))) return rc;
    if ((r->step_a = need_step(p, &lt->t[6])) < 0) return p->rc;
    if (r->step_a == r->step_b)
      return perr(p, DP_ERULE, &lt->t[6], "a deadline cannot run from itself");
    return 0;
  }
  if (is_kw(k, "no")) {
    r->kind = DP__K_VETO;
    const char *usage = "no STEP after STEP result VALUE...";
    if (lt->n < 6) return need_n(p, lt, 6, usage);
    if ((r->step_b = need_step(p, &lt->t[1])) < 0) return p->rc;
    if ((rc = need_kw(p, &lt->t[2], "after"))) return rc;
    if ((r->step_a = need_step(p, &lt->t[3])) < 0) return p->rc;
    if ((rc = need_kw(p, &lt->t[4], "result"))) return rc;
    r->veto_values = dp__calloc((size_t)(lt->n - 5), sizeof(char *));
    if (!r->veto_values) return perr(p, DP_ENOMEM, NULL, "out of memory");
    for (int i = 5; i < lt->n; i++) {
      if (lt->t[i].type != T_WORD && lt->t[i].type != T_STRING)
        return perr(p, DP_ESYNTAX, &lt->t[i], "expected a result value, found '%s'",
                    q(&lt->t[i]));
      r->veto_values[r->nveto] = dp__strdup(lt->t[i].text);
      if (!r->veto_values[r->nveto])
        return perr(p, DP_ENOMEM, NULL, "out of memory");
      r->nveto++;
    }
    return 0;
  }
  if (is_kw(k, "doc-number")) {
    r->kind = DP__K_DOCNUM;
    if (lt->n >= 2 && is_kw(&lt->t[1], "required")) {
      if ((rc = need_n(p, lt, 2, "doc-number required"))) return rc;
      r->docnum_form = 0;
      return 0;
    }
    if (lt->n >= 2 && is_kw(&lt->t[1], "form")) {
      if ((rc = need_n(p, lt, 3, "doc-number form /pattern/"))) return rc;
      r->docnum_form = 1;
      if ((rc = compile_regex(p, &lt->t[2], &r->form))) return rc;
      uint32_t cnt = 0;
      pcre2_pattern_info(r->form.code, PCRE2_INFO_NAMECOUNT, &cnt);
      if (pcre2_substring_number_from_name(r->form.code,
                                           (PCRE2_SPTR) "year") < 0)
        return perr(p, DP_ERULE, &lt->t[2],
                    "doc-number pattern needs a (?<year>…) group");
      return 0;
    }
    return perr(p, DP_ESYNTAX, lt->n >= 2 ? &lt->t[1] : k,
                "expected 'doc-number required' or 'doc-number form /pattern/'");
  }
  return perr(p, DP_ESYNTAX, k, "unknown statement '%s' in rule", q(k));
}

static int field_id(const char *name) {
  int f = dp__efield_lookup(name);
  if (f >= 0) return f;
  f = dp__ebool_lookup(name);
  if (f >= 0) return DP__EF_COUNT + f;
  return -1;
}

static int rule_line(parser *p, const line_toks *lt) {
  dp_rule *r = p->rule;
  const tok *k = &lt->t[0];
  int rc;
  if (is_kw(k, "require") || is_kw(k, "order") || is_kw(k, "period") ||
      is_kw(k, "deadline") || is_kw(k, "no") || is_kw(k, "doc-number"))
    return rule_kind_line(p, lt);
  if (is_kw(k, "severity")) {
    if ((rc = need_n(p, lt, 2, "severity error|warning"))) return rc;
    if (is_kw(&lt->t[1], "error")) r->sev = DP_ERROR;
    else if (is_kw(&lt->t[1], "warning")) r->sev = DP_WARNING;
    else
      return perr(p, DP_ESYNTAX, &lt->t[1],
                  "expected 'error' or 'warning', found '%s'", q(&lt->t[1]));
    p->mask |= DP__SET_SEVERITY;
    return 0;
  }
  if (is_kw(k, "basis")) {
    if ((rc = need_n(p, lt, 2, "basis \"citation\""))) return rc;
    if ((rc = set_str(p, &r->basis, &lt->t[1]))) return rc;
    if (!r->basis[0])
      return perr(p, DP_ERULE, &lt->t[1], "basis must not be empty");
    p->mask |= DP__SET_BASIS;
    return 0;
  }
  if (is_kw(k, "quote")) {
    if ((rc = need_n(p, lt, 2, "quote \"text of the law\""))) return rc;
    return set_str(p, &r->quote, &lt->t[1]);
  }
  if (is_kw(k, "verified")) {
    if ((rc = need_n(p, lt, 2, "verified yes|no"))) return rc;
    if (is_kw(&lt->t[1], "yes")) r->confirmed = 1;
    else if (is_kw(&lt->t[1], "no")) r->confirmed = 0;
    else
      return perr(p, DP_ESYNTAX, &lt->t[1], "expected 'yes' or 'no', found '%s'",
                  q(&lt->t[1]));
    p->mask |= DP__SET_VERIFIED;
    return 0;
  }
  if (is_kw(k, "summary")) {
    if ((rc = need_n(p, lt, 3, "summary zh|en \"text\""))) return rc;
    int l = lang_of(p, &lt->t[1]);
    if (l < 0) return l;
    return set_str(p, &r->summary[l], &lt->t[2]);
  }
  if (is_kw(k, "message")) {
    if (lt->n != 3 && lt->n != 4)
      return need_n(p, lt, lt->n < 3 ? 3 : 4, "message zh|en [CODE] \"text\"");
    int l = lang_of(p, &lt->t[1]);
    if (l < 0) return l;
    const tok *s = &lt->t[lt->n - 1];
    if (s->type == T_STRING && (rc = check_placeholders(p, s))) return rc;
    if (lt->n == 3) return set_str(p, &r->msg[l], s);
    int c = dp_code_from_name(lt->t[2].text);
    if (c < 0 || lt->t[2].type != T_WORD)
      return perr(p, DP_ESYNTAX, &lt->t[2], "unknown finding code '%s'",
                  q(&lt->t[2]));
    return set_str(p, &r->msgc[l][c], s);
  }
  if (is_kw(k, "when") || is_kw(k, "unless")) {
    if (lt->n < 2)
      return perr(p, DP_ESYNTAX, k, "'%s' needs a condition", q(k));
    int i = 1;
    dp__expr *x = parse_or(p, lt, &i);
    if (!x) return p->rc;
    if (i < lt->n) {
      dp__expr_free(x);
      return perr(p, DP_ESYNTAX, &lt->t[i], "unexpected '%s' in condition",
                  q(&lt->t[i]));
    }
    if (is_kw(k, "unless")) {
      x = mkexpr(p, DP__X_NOT, x, NULL);
      if (!x) return p->rc;
    }
    if (r->when && (p->mask & DP__SET_WHEN)) {
      /* several when/unless lines: all must hold */
      x = mkexpr(p, DP__X_AND, r->when, x);
      r->when = NULL;
      if (!x) return p->rc;
    }
    dp__expr_free(r->when);
    r->when = x;
    p->mask |= DP__SET_WHEN;
    return 0;
  }
  if (is_kw(k, "exempt")) {
    if ((rc = need_n(p, lt, 4, "exempt ATTRIBUTE with FIELD"))) return rc;
    if (lt->t[1].type != T_WORD)
      return perr(p, DP_ESYNTAX, &lt->t[1], "expected an attribute, found '%s'",
                  q(&lt->t[1]));
    if ((rc = need_kw(p, &lt->t[2], "with"))) return rc;
    int f = dp__efield_lookup(lt->t[3].text);
    if (f < 0)
      return perr(p, DP_ERULE, &lt->t[3], "unknown event field '%s'",
                  q(&lt->t[3]));
    free(r->exempt_attr);
    r->exempt_attr = dp__strdup(lt->t[1].text);
    if (!r->exempt_attr) return perr(p, DP_ENOMEM, NULL, "out of memory");
    r->exempt_field = f;
    p->mask |= DP__SET_EXEMPT;
    return 0;
  }
  if (is_kw(k, "with")) {
    if (lt->n < 3)
      return need_n(p, lt, 3, "with FIELD true|present|matches /pattern/");
    int f = field_id(lt->t[1].text);
    if (f < 0 || lt->t[1].type != T_WORD)
      return perr(p, DP_ERULE, &lt->t[1], "unknown event field '%s'",
                  q(&lt->t[1]));
    dp__regex_free(&r->with_re);
    if (is_kw(&lt->t[2], "true")) {
      if ((rc = need_n(p, lt, 3, "with FIELD true"))) return rc;
      if (f < DP__EF_COUNT)
        return perr(p, DP_ERULE, &lt->t[1],
                    "'%s' is not a true/false field (signed, "
                    "feedback_published)",
                    q(&lt->t[1]));
      r->with = DP__W_TRUE;
    } else if (is_kw(&lt->t[2], "present")) {
      if ((rc = need_n(p, lt, 3, "with FIELD present"))) return rc;
      if (f >= DP__EF_COUNT)
        return perr(p, DP_ERULE, &lt->t[1],
                    "'%s' is a true/false field: use 'with %s true'",
                    q(&lt->t[1]), q(&lt->t[1]));
      r->with = DP__W_PRESENT;
    } else if (is_kw(&lt->t[2], "matches")) {
      if ((rc = need_n(p, lt, 4, "with FIELD matches /pattern/"))) return rc;
      if (f >= DP__EF_COUNT)
        return perr(p, DP_ERULE, &lt->t[1],
                    "'%s' is a true/false field: use 'with %s true'",
                    q(&lt->t[1]), q(&lt->t[1]));
      if ((rc = compile_regex(p, &lt->t[3], &r->with_re))) return rc;
      r->with = DP__W_MATCHES;
    } else
      return perr(p, DP_ESYNTAX, &lt->t[2],
                  "expected 'true', 'present' or 'matches', found '%s'",
                  q(&lt->t[2]));
    r->with_field = f;
    p->mask |= DP__SET_WITH;
    return 0;
  }
  if (is_kw(k, "rule"))
    return perr(p, DP_ESYNTAX, k,
                "'rule' inside rule '%s' opened at line %d (missing 'end')",
                r->id, p->rule_line);
  return perr(p, DP_ESYNTAX, k, "unknown statement '%s' in rule '%s'", q(k),
              r->id);
}

/* Check that the fields of a complete rule fit its kind. */
static int rule_validate(parser *p, dp_rule *r, const tok *at) {
  if (r->with != DP__W_NONE && r->kind != DP__K_REQUIRE)
    return perr(p, DP_ERULE, at, "rule '%s': 'with' only goes with 'require'",
                r->id);
  if (r->exempt_attr && r->kind != DP__K_PERIOD)
    return perr(p, DP_ERULE, at, "rule '%s': 'exempt' only goes with 'period'",
                r->id);
  return 0;
}

static dp_rule *rule_alloc(parser *p, const tok *id) {
  dp_rule *r = dp__calloc(1, sizeof *r);
  if (!r) {
    perr(p, DP_ENOMEM, NULL, "out of memory");
    return NULL;
  }
  r->id = dp__strdup(id->text);
  char origin[DP_ERROR_SOURCE_LEN + 16];
  snprintf(origin, sizeof origin, "%s:%d", p->src, id->line);
  r->origin = dp__strdup(origin);
  if (!r->id || !r->origin) {
    dp__rule_free(r);
    perr(p, DP_ENOMEM, NULL, "out of memory");
    return NULL;
  }
  r->step_a = r->step_b = -1;
  r->exempt_field = -1;
  r->sev = DP_ERROR;
  r->confirmed = 1;
  return r;
}

static int rule_begin(parser *p, const line_toks *lt) {
  int rc;
  if ((rc = need_n(p, lt, 2, "rule ID"))) return rc;
  const tok *id = &lt->t[1];
  if (id->type != T_WORD)
    return perr(p, DP_ESYNTAX, id, "expected a rule id, found '%s'", q(id));
  if (!p->cur)
    return perr(p, DP_ESYNTAX, &lt->t[0],
                "'rule' before any 'procedure' or 'overlay'");
  p->target = NULL;
  if (p->curpatch) {
    p->target = find_in(p->cur->rules, p->cur->nrules, id->text);
    if (find_in(p->curpatch->rules, p->curpatch->nrules, id->text))
      return perr(p, DP_ERULE, id, "rule '%s' defined twice", q(id));
    for (size_t i = 0; i < p->curpatch->ndeltas; i++)
      if (p->curpatch->deltas[i].target == p->target && p->target)
        return perr(p, DP_ERULE, id, "rule '%s' changed twice in one overlay",
                    q(id));
  } else if (find_in(p->cur->rules, p->cur->nrules, id->text)) {
    return perr(p, DP_ERULE, id, "rule '%s' defined twice", q(id));
  }
  if (p->total_rules >= DP__MAX_RULES)
    return perr(p, DP_ELIMIT, id, "too many rules (max %u)", DP__MAX_RULES);
  p->rule = rule_alloc(p, id);
  if (!p->rule) return p->rc;
  p->rule->proc = p->cur;
  p->mask = 0;
  p->seen_kind_line = 0;
  p->rule_line = id->line;
  return 0;
}

static int rule_end(parser *p, const tok *endtok) {
  dp_rule *r = p->rule;
  int rc;
  if (p->target) {
    /* overlay change: validate on a merged view later, at commit; here
     * check the combination the delta leaves behind */
    dp_rule *t = p->target;
    dp__kind kind = (p->mask & DP__SET_KIND) ? r->kind : t->kind;
    dp__with with = (p->mask & DP__SET_WITH) ? r->with : t->with;
    const char *ex = (p->mask & DP__SET_EXEMPT) ? r->exempt_attr : t->exempt_attr;
    if (with != DP__W_NONE && kind != DP__K_REQUIRE)
      return perr(p, DP_ERULE, endtok,
                  "rule '%s': 'with' only goes with 'require'", r->id);
    if (ex && kind != DP__K_PERIOD)
      return perr(p, DP_ERULE, endtok,
                  "rule '%s': 'exempt' only goes with 'period'", r->id);
    patch *pt = p->curpatch;
    if (dp__grow((void **)&pt->deltas, &pt->capdeltas, pt->ndeltas + 1,
                 sizeof *pt->deltas))
      return perr(p, DP_ENOMEM, NULL, "out of memory");
    pt->deltas[pt->ndeltas++] = (delta){t, r, p->mask, 0};
    p->rule = NULL;
    return 0;
  }
  if (!(p->mask & DP__SET_KIND))
    return perr(p, DP_ERULE, endtok,
                "rule '%s' has no check (require, order, period, deadline, "
                "no, doc-number)",
                r->id);
  if (!(p->mask & DP__SET_BASIS))
    return perr(p, DP_ERULE, endtok, "rule '%s' has no basis", r->id);
  if ((rc = rule_validate(p, r, endtok))) return rc;
  dp_rule ***arr;
  size_t *n, *cap;
  if (p->curpatch) {
    arr = &p->curpatch->rules;
    n = &p->curpatch->nrules;
    cap = &p->curpatch->caprules;
  } else {
    arr = &p->cur->rules;
    n = &p->cur->nrules;
    cap = &p->cur->caprules;
  }
  if (dp__grow((void **)arr, cap, *n + 1, sizeof **arr))
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  (*arr)[(*n)++] = r;
  p->total_rules++;
  p->rule = NULL;
  return 0;
}

/* ---------------------------------------------------------------------
 * Top-level statements
 * ------------------------------------------------------------------- */

static int stmt_step(parser *p, const line_toks *lt) {
  int rc;
  if ((rc = need_n(p, lt, 4, "step NAME \"中文名\" \"English name\"")))
    return rc;
  const tok *n = &lt->t[1];
  if (n->type != T_WORD || strchr(n->text, '.'))
    return perr(p, DP_ESYNTAX, n, "expected a step name, found '%s'", q(n));
  if (step_id(p, n->text) >= 0)
    return perr(p, DP_ERULE, n, "step '%s' already declared", q(n));
  if (p->e->nsteps + p->nsteps >= DP__MAX_STEPS)
    return perr(p, DP_ELIMIT, n, "too many steps (max %u)", DP__MAX_STEPS);
  if (dp__grow((void **)&p->steps, &p->capsteps, p->nsteps + 1,
               sizeof *p->steps))
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  dp__step *s = &p->steps[p->nsteps];
  memset(s, 0, sizeof *s);
  p->nsteps++;
  s->name = dp__strdup(n->text);
  if (!s->name) return perr(p, DP_ENOMEM, NULL, "out of memory");
  if ((rc = set_str(p, &s->title[0], &lt->t[2]))) return rc;
  return set_str(p, &s->title[1], &lt->t[3]);
}

static int stmt_procedure(parser *p, const line_toks *lt) {
  int rc;
  if ((rc = need_n(p, lt, 4, "procedure NAME \"中文名\" \"English name\"")))
    return rc;
  const tok *n = &lt->t[1];
  if (n->type != T_WORD)
    return perr(p, DP_ESYNTAX, n, "expected a procedure name, found '%s'",
                q(n));
  if (dp__proc_lookup(p->e, n->text) || staged_proc(p, n->text))
    return perr(p, DP_ERULE, n,
                "procedure '%s' already defined (use 'overlay %s' to change "
                "it)",
                q(n), q(n));
  dp__procedure *pr = dp__calloc(1, sizeof *pr);
  if (!pr ||
      dp__grow((void **)&p->procs, &p->capprocs, p->nprocs + 1,
               sizeof *p->procs)) {
    free(pr);
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  }
  p->procs[p->nprocs++] = pr;
  pr->name = dp__strdup(n->text);
  if (!pr->name) return perr(p, DP_ENOMEM, NULL, "out of memory");
  if ((rc = set_str(p, &pr->title[0], &lt->t[2]))) return rc;
  if ((rc = set_str(p, &pr->title[1], &lt->t[3]))) return rc;
  p->cur = pr;
  p->curpatch = NULL;
  return 0;
}

static int stmt_overlay(parser *p, const line_toks *lt) {
  int rc;
  if (lt->n != 2 && lt->n != 3)
    return need_n(p, lt, lt->n < 2 ? 2 : 3, "overlay PROCEDURE [\"name\"]");
  const tok *n = &lt->t[1];
  dp__procedure *pr = dp__proc_lookup(p->e, n->text);
  if (!pr) {
    if (staged_proc(p, n->text))
      return perr(p, DP_ERULE, n,
                  "overlay of '%s' in the text that defines it: edit the "
                  "procedure instead",
                  q(n));
    return perr(p, DP_ERULE, n, "overlay of unknown procedure '%s'", q(n));
  }
  if (lt->n == 3 && lt->t[2].type != T_STRING)
    return perr(p, DP_ESYNTAX, &lt->t[2], "expected a \"name\", found '%s'",
                q(&lt->t[2]));
  (void)rc;
  if (dp__grow((void **)&p->patches, &p->cappatches, p->npatches + 1,
               sizeof *p->patches))
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  patch *pt = &p->patches[p->npatches++];
  memset(pt, 0, sizeof *pt);
  pt->target = pr;
  p->cur = pr;
  p->curpatch = pt;
  return 0;
}

static int stmt_label(parser *p, const line_toks *lt) {
  int rc;
  if ((rc = need_n(p, lt, 3, "label STEP /pattern/"))) return rc;
  if (!p->cur)
    return perr(p, DP_ESYNTAX, &lt->t[0],
                "'label' before any 'procedure' or 'overlay'");
  int s = need_step(p, &lt->t[1]);
  if (s < 0) return s;
  dp__label **arr = p->curpatch ? &p->curpatch->labels : &p->cur->labels;
  size_t *n = p->curpatch ? &p->curpatch->nlabels : &p->cur->nlabels;
  size_t *cap = p->curpatch ? &p->curpatch->caplabels : &p->cur->caplabels;
  if (dp__grow((void **)arr, cap, *n + 1, sizeof **arr))
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  dp__label *l = &(*arr)[*n];
  memset(l, 0, sizeof *l);
  l->step = s;
  if ((rc = compile_regex(p, &lt->t[2], &l->re))) {
    dp__regex_free(&l->re);
    return rc;
  }
  (*n)++;
  return 0;
}

static int stmt_field(parser *p, const line_toks *lt) {
  int rc;
  if (lt->n != 3 && lt->n != 4)
    return need_n(p, lt, lt->n < 3 ? 3 : 4, "field FIELD [VALUE] /pattern/");
  if (!p->cur)
    return perr(p, DP_ESYNTAX, &lt->t[0],
                "'field' before any 'procedure' or 'overlay'");
  int f = dp__efield_lookup(lt->t[1].text);
  if (f < 0 || f == DP__EF_STEP || f == DP__EF_LABEL ||
      (f >= DP__EF_DATE && f <= DP__EF_END))
    return perr(p, DP_ERULE, &lt->t[1],
                "a label cannot supply field '%s' (result, by, meeting, "
                "channel, reason)",
                q(&lt->t[1]));
  dp__labelfield **arr = p->curpatch ? &p->curpatch->lfields : &p->cur->lfields;
  size_t *n = p->curpatch ? &p->curpatch->nlfields : &p->cur->nlfields;
  size_t *cap = p->curpatch ? &p->curpatch->caplfields : &p->cur->caplfields;
  if (dp__grow((void **)arr, cap, *n + 1, sizeof **arr))
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  dp__labelfield *l = &(*arr)[*n];
  memset(l, 0, sizeof *l);
  l->field = f;
  if (lt->n == 4) {
    if (lt->t[2].type != T_WORD && lt->t[2].type != T_STRING)
      return perr(p, DP_ESYNTAX, &lt->t[2], "expected a value, found '%s'",
                  q(&lt->t[2]));
    l->value = dp__strdup(lt->t[2].text);
    if (!l->value) return perr(p, DP_ENOMEM, NULL, "out of memory");
  }
  if ((rc = compile_regex(p, &lt->t[lt->n - 1], &l->re))) {
    dp__regex_free(&l->re);
    free(l->value);
    return rc;
  }
  (*n)++;
  return 0;
}

static int stmt_title(parser *p, const line_toks *lt) {
  int rc;
  if ((rc = need_n(p, lt, 4, "title STEP \"中文名\" \"English name\"")))
    return rc;
  if (!p->cur || p->curpatch)
    return perr(p, DP_ESYNTAX, &lt->t[0],
                "'title' belongs in a procedure (not an overlay)");
  int s = need_step(p, &lt->t[1]);
  if (s < 0) return s;
  dp__procedure *pr = p->cur;
  for (size_t i = 0; i < pr->ntitles; i++)
    if (pr->titles[i].step == s)
      return perr(p, DP_ERULE, &lt->t[1], "title of step '%s' given twice",
                  q(&lt->t[1]));
  if (dp__grow((void **)&pr->titles, &pr->captitles, pr->ntitles + 1,
               sizeof *pr->titles))
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  dp__steptitle *t = &pr->titles[pr->ntitles++];
  memset(t, 0, sizeof *t);
  t->step = s;
  if ((rc = set_str(p, &t->title[0], &lt->t[2]))) return rc;
  return set_str(p, &t->title[1], &lt->t[3]);
}

static int stmt_disable(parser *p, const line_toks *lt) {
  int rc;
  if ((rc = need_n(p, lt, 2, "disable RULE"))) return rc;
  if (!p->curpatch)
    return perr(p, DP_ESYNTAX, &lt->t[0], "'disable' belongs in an overlay");
  dp_rule *r = find_in(p->cur->rules, p->cur->nrules, lt->t[1].text);
  if (!r)
    return perr(p, DP_ERULE, &lt->t[1], "no rule '%s' in procedure '%s'",
                q(&lt->t[1]), p->cur->name);
  patch *pt = p->curpatch;
  if (dp__grow((void **)&pt->disables, &pt->capdisables, pt->ndisables + 1,
               sizeof *pt->disables))
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  pt->disables[pt->ndisables++] = r;
  return 0;
}

/* ---------------------------------------------------------------------
 * Commit: move what was staged into the engine (cannot fail half way:
 * every array is grown first).
 * ------------------------------------------------------------------- */

#define MOVE(dst, src) \
  do {                 \
    (dst) = (src);     \
    (src) = NULL;      \
  } while (0)

static void apply_delta(delta *d) {
  dp_rule *t = d->target, *r = d->d;
  if (d->mask & DP__SET_KIND) {
    reset_kind(t);
    t->kind = r->kind;
    t->step_a = r->step_a;
    t->step_b = r->step_b;
    t->rel = r->rel;
    MOVE(t->pairs, r->pairs);
    t->npairs = r->npairs;
    t->have_min = r->have_min;
    t->have_max = r->have_max;
    t->min = r->min;
    t->max = r->max;
    t->n = r->n;
    t->unit = r->unit;
    MOVE(t->veto_values, r->veto_values);
    t->nveto = r->nveto;
    r->nveto = 0;
    t->docnum_form = r->docnum_form;
    dp__regex_free(&t->form);
    t->form = r->form;
    r->form.code = NULL;
    r->form.src = NULL;
  }
  if (d->mask & DP__SET_SEVERITY) t->sev = r->sev;
  if (d->mask & DP__SET_VERIFIED) t->confirmed = r->confirmed;
  if (d->mask & DP__SET_BASIS) {
    free(t->basis);
    MOVE(t->basis, r->basis);
    /* a new basis comes with its own wording: drop the old quote */
    free(t->quote);
    t->quote = NULL;
  }
  if (r->quote) {
    free(t->quote);
    MOVE(t->quote, r->quote);
  }
  if (d->mask & DP__SET_WHEN) {
    dp__expr_free(t->when);
    MOVE(t->when, r->when);
  }
  if (d->mask & DP__SET_EXEMPT) {
    free(t->exempt_attr);
    MOVE(t->exempt_attr, r->exempt_attr);
    t->exempt_field = r->exempt_field;
  }
  if (d->mask & DP__SET_WITH) {
    t->with = r->with;
    t->with_field = r->with_field;
    dp__regex_free(&t->with_re);
    t->with_re = r->with_re;
    r->with_re.code = NULL;
    r->with_re.src = NULL;
  }
  for (int l = 0; l < 2; l++) {
    if (r->msg[l]) {
      free(t->msg[l]);
      MOVE(t->msg[l], r->msg[l]);
    }
    if (r->summary[l]) {
      free(t->summary[l]);
      MOVE(t->summary[l], r->summary[l]);
    }
    for (int c = 0; c < DP_CODE__COUNT; c++)
      if (r->msgc[l][c]) {
        free(t->msgc[l][c]);
        MOVE(t->msgc[l][c], r->msgc[l][c]);
      }
  }
  /* the origin of a changed rule names the overlay too */
  size_t need = strlen(t->origin) + strlen(r->origin) + 4;
  char *o = dp__malloc(need);
  if (o) {
    snprintf(o, need, "%s, %s", t->origin, r->origin);
    free(t->origin);
    t->origin = o;
  }
  t->disabled = 0;
}

static int commit(parser *p) {
  dp_engine *e = p->e;
  /* grow everything first */
  size_t newrules = 0;
  for (size_t i = 0; i < p->nprocs; i++) newrules += p->procs[i]->nrules;
  for (size_t i = 0; i < p->npatches; i++) newrules += p->patches[i].nrules;
  if (dp__grow((void **)&e->steps, &e->capsteps, e->nsteps + p->nsteps,
               sizeof *e->steps) ||
      dp__grow((void **)&e->procs, &e->capprocs, e->nprocs + p->nprocs,
               sizeof *e->procs) ||
      dp__grow((void **)&e->rules, &e->caprules, e->nrules + newrules,
               sizeof *e->rules))
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  for (size_t i = 0; i < p->npatches; i++) {
    patch *pt = &p->patches[i];
    dp__procedure *t = pt->target;
    /* several patches may target one procedure: count them all */
    size_t nl = t->nlabels, nf = t->nlfields, nr = t->nrules;
    for (size_t j = 0; j < p->npatches; j++)
      if (p->patches[j].target == t) {
        nl += p->patches[j].nlabels;
        nf += p->patches[j].nlfields;
        nr += p->patches[j].nrules;
      }
    if (dp__grow((void **)&t->labels, &t->caplabels, nl, sizeof *t->labels) ||
        dp__grow((void **)&t->lfields, &t->caplfields, nf,
                 sizeof *t->lfields) ||
        dp__grow((void **)&t->rules, &t->caprules, nr, sizeof *t->rules))
      return perr(p, DP_ENOMEM, NULL, "out of memory");
  }
  /* now nothing can fail */
  e->gen = dp__engine_gen();
  for (size_t i = 0; i < p->nsteps; i++) {
    e->steps[e->nsteps] = p->steps[i];
    dp__step_index(e, e->nsteps++);
  }
  p->nsteps = 0;
  for (size_t i = 0; i < p->nprocs; i++) {
    dp__procedure *pr = p->procs[i];
    e->procs[e->nprocs++] = pr;
    for (size_t j = 0; j < pr->nrules; j++) e->rules[e->nrules++] = pr->rules[j];
  }
  p->nprocs = 0;
  for (size_t i = 0; i < p->npatches; i++) {
    patch *pt = &p->patches[i];
    dp__procedure *t = pt->target;
    /* an overlay's labels are tried before the procedure's own */
    if (pt->nlabels) {
      memmove(t->labels + pt->nlabels, t->labels,
              t->nlabels * sizeof *t->labels);
      memcpy(t->labels, pt->labels, pt->nlabels * sizeof *t->labels);
      t->nlabels += pt->nlabels;
      free(pt->labels);
      pt->labels = NULL;
      pt->nlabels = 0;
    }
    if (pt->nlfields) {
      memmove(t->lfields + pt->nlfields, t->lfields,
              t->nlfields * sizeof *t->lfields);
      memcpy(t->lfields, pt->lfields, pt->nlfields * sizeof *t->lfields);
      t->nlfields += pt->nlfields;
      free(pt->lfields);
      pt->lfields = NULL;
      pt->nlfields = 0;
    }
    for (size_t j = 0; j < pt->ndeltas; j++) apply_delta(&pt->deltas[j]);
    for (size_t j = 0; j < pt->ndisables; j++) pt->disables[j]->disabled = 1;
    for (size_t j = 0; j < pt->nrules; j++) {
      t->rules[t->nrules++] = pt->rules[j];
      e->rules[e->nrules++] = pt->rules[j];
    }
    pt->nrules = 0;
  }
  /* conditions may have come or changed: their attributes get slots;
   * ids and bases their JSON forms (neither can fail: without memory, a
   * name is looked up and a string escaped when needed) */
  dp__engine_index_attrs(e);
  dp__engine_json_forms(e);
  return 0;
}

/* ---------------------------------------------------------------------
 * Entry point
 * ------------------------------------------------------------------- */

int dp__rules_load(dp_engine *e, const char *text, size_t len,
                   const char *source, dp_error *err) {
  parser p;
  memset(&p, 0, sizeof p);
  p.e = e;
  p.src = source ? source : "<string>";
  p.text = text;
  p.len = len;
  p.err = err;
  p.total_rules = e->nrules;
  if (len > DP__MAX_RULE_BYTES) {
    dp__error_set(err, DP_ELIMIT, p.src, 0, 0, -1,
                  "rule text of %zu bytes exceeds the limit of %u", len,
                  DP__MAX_RULE_BYTES);
    return DP_ELIMIT;
  }
  /* the text as a whole: no NUL bytes, valid UTF-8 (positions named) */
  const char *nul = memchr(text, '\0', len);
  if (nul) {
    int ln = 1;
    size_t ls = 0, at = (size_t)(nul - text);
    for (size_t k = 0; k < at; k++)
      if (text[k] == '\n') {
        ln++;
        ls = k + 1;
      }
    dp__error_set(err, DP_ESYNTAX, p.src, ln, (int)(at - ls) + 1, (long)at,
                  "NUL byte in rule text");
    return DP_ESYNTAX;
  }
  if (!dp__utf8_valid(text, len)) {
    /* find the first bad line for the message */
    int ln = 1;
    size_t ls = 0;
    for (size_t k = 0; k <= len; k++) {
      if (k == len || text[k] == '\n') {
        if (!dp__utf8_valid(text + ls, k - ls)) break;
        ln++;
        ls = k + 1;
      }
    }
    dp__error_set(err, DP_ESYNTAX, p.src, ln, 1, (long)ls,
                  "rule text is not valid UTF-8");
    return DP_ESYNTAX;
  }
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) p.pos = 3;

  line_toks lt;
  lt.n = 0;
  int r;
  while ((r = next_line(&p, &lt)) > 0) {
    const tok *k = &lt.t[0];
    int rc = 0;
    if (p.rule) {
      if (is_kw(k, "end")) {
        if (lt.n > 1)
          rc = perr(&p, DP_ESYNTAX, &lt.t[1], "unexpected '%s' after 'end'",
                    q(&lt.t[1]));
        else
          rc = rule_end(&p, k);
      } else {
        rc = rule_line(&p, &lt);
      }
    } else if (k->type != T_WORD) {
      rc = perr(&p, DP_ESYNTAX, k, "expected a statement, found '%s'", q(k));
    } else if (is_kw(k, "step")) {
      rc = stmt_step(&p, &lt);
    } else if (is_kw(k, "procedure")) {
      rc = stmt_procedure(&p, &lt);
    } else if (is_kw(k, "overlay")) {
      rc = stmt_overlay(&p, &lt);
    } else if (is_kw(k, "label")) {
      rc = stmt_label(&p, &lt);
    } else if (is_kw(k, "field")) {
      rc = stmt_field(&p, &lt);
    } else if (is_kw(k, "rule")) {
      rc = rule_begin(&p, &lt);
    } else if (is_kw(k, "title")) {
      rc = stmt_title(&p, &lt);
    } else if (is_kw(k, "disable")) {
      rc = stmt_disable(&p, &lt);
    } else if (is_kw(k, "end")) {
      rc = perr(&p, DP_ESYNTAX, k, "'end' without 'rule'");
    } else {
      rc = perr(&p, DP_ESYNTAX, k, "unknown statement '%s'", q(k));
    }
    if (rc) break;
  }
  toks_clear(&lt);
  if (r == 0 && p.rc == 0 && p.rule) {
    tok at = {T_WORD, NULL, 0, p.rule_line, 1, -1};
    perr(&p, DP_ESYNTAX, &at,
         "rule '%s' opened at line %d is not closed (missing 'end')",
         p.rule->id, p.rule_line);
  }
  if (p.rc == 0) commit(&p);
  int rc = p.rc;
  parser_free(&p);
  return rc;
}

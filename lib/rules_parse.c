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
  int from_set;     /* made by a `set` line (may stand beside a rule block) */
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
  dp__attrdef *attrdefs;
  size_t nattrdefs, capattrdefs;
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
  dp__law *laws;
  size_t nlaws, caplaws;
  dp__rword *rwords;
  size_t nrwords, caprwords;
  dp__regex negation; /* staged `negation` (replaces the engine's) */
  dp__attrdef *attrdefs; /* staged global `attribute` statements */
  size_t nattrdefs, capattrdefs;
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

/* The string ("...") or pattern (/.../) token that starts at s[i] of the
 * line that ends at eol, into t; *end is where the line goes on.  In a
 * string, \n \t \" \\ are escapes and anything else after \ an
 * error; in a pattern, \/ is a slash and other escapes stay as written
 * (for PCRE2). */
static int read_quoted(parser *p, tok *t, size_t i, size_t eol,
                       size_t *end) {
  const char *s = p->text;
  char close = s[i];
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
          return perr(p, DP_ESYNTAX, &bt, "unknown escape '\\%c' in string",
                      nx);
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
    tok bt = {T_WORD, NULL, 0, p->line, t->col, (long)i};
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
  *end = j + 1;
  return 0;
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
        int rc = read_quoted(p, t, i, eol, &i);
        if (rc) return rc;
        lt->n++;
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
  free(x->value);
  free(x);
}

void dp__withs_free(dp__withc *w, size_t n) {
  for (size_t i = 0; i < n; i++) {
    dp__regex_free(&w[i].re);
    free(w[i].expect[0]);
    free(w[i].expect[1]);
    dp__expr_free(w[i].when);
  }
  free(w);
}

void dp__bases_free(dp__basis *b, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(b[i].text);
    free(b[i].law);
    free(b[i].when_src);
    dp__expr_free(b[i].when);
  }
  free(b);
}

void dp__attrdefs_free(dp__attrdef *a, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(a[i].name);
    free(a[i].title[0]);
    free(a[i].title[1]);
    for (size_t k = 0; k < a[i].nvalues; k++) free(a[i].values[k]);
    free(a[i].values);
  }
  free(a);
}

void dp__laws_free(dp__law *l, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(l[i].key);
    free(l[i].name);
  }
  free(l);
}

void dp__rwords_free(dp__rword *w, size_t n) {
  for (size_t i = 0; i < n; i++) free(w[i].word);
  free(w);
}

void dp__rule_free(dp_rule *r) {
  if (!r) return;
  free(r->id);
  free(r->pairs);
  dp__regex_free(&r->form);
  dp__withs_free(r->withs, r->nwiths);
  dp__bases_free(r->bases, r->nbases);
  dp__expr_free(r->when);
  free(r->exempt_attr);
  for (int l = 0; l < 2; l++) {
    free(r->msg[l]);
    free(r->summary[l]);
    for (int c = 0; c < DP_CODE__COUNT; c++) free(r->msgc[l][c]);
  }
  free(r->basis);
  free(r->quote);
  free(r->check_src);
  free(r->cond_src);
  free(r->detail_src);
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
  dp__attrdefs_free(pr->attrdefs, pr->nattrdefs);
  for (size_t i = 0; i < pr->nrules; i++) dp__rule_free(pr->rules[i]);
  free(pr->rules);
  dp__plan_free(pr->plan);
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
  dp__attrdefs_free(pt->attrdefs, pt->nattrdefs);
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
  dp__laws_free(p->laws, p->nlaws);
  dp__rwords_free(p->rwords, p->nrwords);
  dp__regex_free(&p->negation);
  dp__attrdefs_free(p->attrdefs, p->nattrdefs);
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
  /* the groups named "year", found once here rather than by name at
   * every match */
  PCRE2_SPTR first, last;
  int size = pcre2_substring_nametable_scan(code, (PCRE2_SPTR) "year", &first,
                                            &last);
  out->nyears = 0;
  for (PCRE2_SPTR en = first; size > 0 && en <= last; en += size) {
    if (out->nyears == DP__MAX_YEAR_GROUPS) {
      out->code = code; /* freed with the rule */
      return perr(p, DP_ERULE, t, "more than %d groups named 'year'",
                  DP__MAX_YEAR_GROUPS);
    }
    out->years[out->nyears++] = (uint16_t)(en[0] << 8 | en[1]);
  }
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
    "limit", "deadline", "field", "value", "why", "note", "id",
    "deadline_raw", "rolled_to", "expected", "decided", "from", "law",
    "accepted", "event", NULL};

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

/* The declaration of attribute name: staged in this text or loaded. */
static const dp__attrdef *find_attrdef(parser *p, const char *name) {
  const dp__attrdef *arr[4] = {p->attrdefs, p->cur ? p->cur->attrdefs : NULL,
                               p->curpatch ? p->curpatch->attrdefs : NULL,
                               p->e->attrdefs};
  size_t n[4] = {p->nattrdefs, p->cur ? p->cur->nattrdefs : 0,
                 p->curpatch ? p->curpatch->nattrdefs : 0, p->e->nattrdefs};
  for (int k = 0; k < 4; k++)
    for (size_t i = 0; i < n[k]; i++)
      if (strcmp(arr[k][i].name, name) == 0) return &arr[k][i];
  return NULL;
}

/* `NAME is VALUE`: NAME is a declared string attribute and VALUE one of
 * its words, so that a misspelt value cannot switch a condition off. */
static int check_is_value(parser *p, const tok *name, const tok *value) {
  const dp__attrdef *d = find_attrdef(p, name->text);
  if (!d || !d->string)
    return perr(p, DP_ERULE, name,
                "'%s' is not a string attribute (declare it: attribute %s "
                "\"…\" \"…\" values …)",
                q(name), q(name));
  if (!d->nvalues) return 0;
  dp__buf known = {0};
  for (size_t k = 0; k < d->nvalues; k++) {
    if (strcmp(d->values[k], value->text) == 0) {
      dp__buf_free(&known);
      return 0;
    }
    if (k) dp__buf_adds(&known, ", ");
    dp__buf_adds(&known, d->values[k]);
  }
  dp__buf_addc(&known, '\0');
  int rc = perr(p, DP_ERULE, value, "unknown value '%s' of attribute '%s' (%s)",
                q(value), d->name, known.s ? known.s : "");
  dp__buf_free(&known);
  return rc;
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
  if (is_kw(t, "happened")) {
    /* happened STEP: the step happened (at least once) */
    if (*i + 1 >= lt->n) {
      perr(p, DP_ESYNTAX, t, "'happened' needs a step");
      return NULL;
    }
    int s = need_step(p, &lt->t[*i + 1]);
    if (s < 0) return NULL;
    dp__expr *x = mkexpr(p, DP__X_HAPPENED, NULL, NULL);
    if (!x) return NULL;
    x->step = s;
    *i += 2;
    return x;
  }
  int is = *i + 1 < lt->n && is_kw(&lt->t[*i + 1], "is");
  if (is && (*i + 2 >= lt->n || (lt->t[*i + 2].type != T_WORD &&
                                 lt->t[*i + 2].type != T_STRING))) {
    perr(p, DP_ESYNTAX, &lt->t[*i + 1], "'is' needs a value");
    return NULL;
  }
  if (is && check_is_value(p, t, &lt->t[*i + 2])) return NULL;
  dp__expr *x = mkexpr(p, is ? DP__X_IS : DP__X_ATTR, NULL, NULL);
  if (!x) return NULL;
  x->attr = dp__strdup(t->text);
  if (is) x->value = dp__strdup(lt->t[*i + 2].text);
  if (!x->attr || (is && !x->value)) {
    dp__expr_free(x);
    perr(p, DP_ENOMEM, NULL, "out of memory");
    return NULL;
  }
  *i += is ? 3 : 1;
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
  r->nany = 0;
  r->until_b = 0;
  r->cure = -1;
  r->notice_field = -1;
  r->veto = 0;
  r->rel = DP__REL_NONE;
  free(r->pairs);
  r->pairs = NULL;
  r->npairs = 0;
  r->have_min = r->have_max = 0;
  r->min = r->max = r->n = 0;
  r->unit = DP__U_DAYS;
  r->docnum_form = 0;
  dp__regex_free(&r->form);
}

/* Append the current line as written (from its first token, without a
 * trailing comment or white space) to *dst, after "; " when not empty. */
static int keep_line(parser *p, const line_toks *lt, char **dst) {
  size_t from = (size_t)lt->t[0].offset, to = from;
  int quote = 0;
  while (to < p->len && p->text[to] != '\n') {
    char ch = p->text[to];
    if (ch == '\\' && to + 1 < p->len) {
      to += 2;
      continue;
    }
    if (!quote && (ch == '"' || ch == '/')) quote = ch;
    else if (quote && ch == quote) quote = 0;
    else if (!quote && ch == '#') break;
    to++;
  }
  while (to > from && (p->text[to - 1] == ' ' || p->text[to - 1] == '\t' ||
                       p->text[to - 1] == '\r'))
    to--;
  dp__buf b = {0};
  if (*dst && **dst) {
    dp__buf_adds(&b, *dst);
    dp__buf_adds(&b, "; ");
  }
  dp__buf_add(&b, p->text + from, to - from);
  dp__buf_addc(&b, '\0');
  if (b.oom) {
    dp__buf_free(&b);
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  }
  free(*dst);
  *dst = b.s;
  return 0;
}

static const struct {
  const char *name;
  int nsteps;
} declare_names[DP__T_COUNT] = {
#define DP__DECL_NAME(id, name, nsteps) {name, nsteps},
    DP__DECLARE_LIST(DP__DECL_NAME)
#undef DP__DECL_NAME
};

/* The Declare template named by word, or -1. */
int dp__declare_lookup(const char *word) {
  for (int k = 0; k < DP__T_COUNT; k++)
    if (strcmp(declare_names[k].name, word) == 0) return k;
  return -1;
}

const char *dp__declare_name(dp__declare t) {
  return t < DP__T_COUNT ? declare_names[t].name : "";
}

/* TEMPLATE A [B] [N]: existence A [N], absence A [N], exactly A N, init A,
 * and the templates of two steps. */
static int declare_line(parser *p, const line_toks *lt, int t) {
  dp_rule *r = p->rule;
  int rc, two = declare_names[t].nsteps == 2;
  r->kind = DP__K_DECLARE;
  r->tmpl = (dp__declare)t;
  r->n = 1;
  if (two) {
    if ((rc = need_n(p, lt, 3, "TEMPLATE STEP STEP"))) return rc;
    if ((r->step_a = need_step(p, &lt->t[1])) < 0 ||
        (r->step_b = need_step(p, &lt->t[2])) < 0)
      return p->rc;
    if (r->step_a == r->step_b)
      return perr(p, DP_ERULE, &lt->t[2], "'%s' needs two different steps",
                  declare_names[t].name);
    return 0;
  }
  if (t == DP__T_INIT) {
    if ((rc = need_n(p, lt, 2, "init STEP"))) return rc;
  } else if (t == DP__T_EXACTLY) {
    if ((rc = need_n(p, lt, 3, "exactly STEP N"))) return rc;
  } else if (lt->n != 2 && (rc = need_n(p, lt, 3, "existence|absence STEP [N]"))) {
    return rc;
  }
  if ((r->step_a = need_step(p, &lt->t[1])) < 0) return p->rc;
  if (lt->n == 3) {
    if ((rc = parse_number(p, &lt->t[2], &r->n))) return rc;
    if (r->n < 1 && t != DP__T_EXACTLY)
      return perr(p, DP_ERULE, &lt->t[2], "the count must be at least 1");
  }
  return 0;
}

/* A kind line.  Returns 0 or an error. */
/* order [each] A before B [as error|warning]: repeatable, one pair a line */
static int kind_order(parser *p, const line_toks *lt, dp_rule *r) {
  const tok *k = &lt->t[0];
  int rc;
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

/* require STEP [or STEP]... [before|after STEP] */
static int kind_require(parser *p, const line_toks *lt, dp_rule *r) {
  r->kind = DP__K_REQUIRE;
  const char *usage = "require STEP [or STEP]... [before|after STEP]";
  if (lt->n < 2) return need_n(p, lt, 2, usage);
  if ((r->step_a = need_step(p, &lt->t[1])) < 0) return p->rc;
  int i = 2;
  while (i < lt->n && is_kw(&lt->t[i], "or")) {
    if (i + 1 >= lt->n) return need_n(p, lt, i + 2, usage);
    if (r->nany == DP__MAX_ANY)
      return perr(p, DP_ELIMIT, &lt->t[i + 1],
                  "at most %d alternatives after 'or'", DP__MAX_ANY);
    int s2 = need_step(p, &lt->t[i + 1]);
    if (s2 < 0) return p->rc;
    r->any[r->nany++] = s2;
    i += 2;
  }
  if (i == lt->n) return 0;
  if (i + 2 != lt->n) return need_n(p, lt, i + 2, usage);
  if (is_kw(&lt->t[i], "before")) r->rel = DP__REL_BEFORE;
  else if (is_kw(&lt->t[i], "after")) r->rel = DP__REL_AFTER;
  else
    return perr(p, DP_ESYNTAX, &lt->t[i],
                "expected 'or', 'before' or 'after', found '%s'",
                q(&lt->t[i]));
  if (r->nany)
    return perr(p, DP_ERULE, &lt->t[i],
                "'%s' goes with one required step, not with 'or'",
                q(&lt->t[i]));
  if ((r->step_b = need_step(p, &lt->t[i + 1])) < 0) return p->rc;
  if (r->step_b == r->step_a)
    return perr(p, DP_ERULE, &lt->t[i + 1], "a step cannot precede itself");
  return 0;
}

/* period STEP at least|at most N days|workdays [before STEP] */
static int kind_period(parser *p, const line_toks *lt, dp_rule *r) {
  int rc;
  r->kind = DP__K_PERIOD;
  const char *usage =
      "period STEP at least|at most N days|workdays [before STEP]";
  if (lt->n == 8) {
    if ((rc = need_kw(p, &lt->t[6], "before"))) return rc;
    if ((r->step_b = need_step(p, &lt->t[7])) < 0) return p->rc;
    r->until_b = 1;
  } else if ((rc = need_n(p, lt, 6, usage))) {
    return rc;
  }
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
  if (r->until_b && !r->have_min)
    return perr(p, DP_ERULE, &lt->t[6],
                "'before STEP' measures the time given: use 'at least'");
  if (r->until_b && r->step_b == r->step_a)
    return perr(p, DP_ERULE, &lt->t[7], "a step cannot precede itself");
  return parse_unit(p, &lt->t[5], &r->unit);
}

/* deadline STEP [FIELD] within N days|workdays after STEP */
static int kind_deadline(parser *p, const line_toks *lt, dp_rule *r) {
  int rc;
  r->kind = DP__K_DEADLINE;
  const char *usage =
      "deadline STEP [FIELD] within N days|workdays after STEP";
  /* with FIELD, the date that must be in time is that date field of
   * STEP's events (a hearing's `requested`) */
  int o = lt->n == 8 ? 1 : 0;
  if (!o && (rc = need_n(p, lt, 7, usage))) return rc;
  if ((r->step_b = need_step(p, &lt->t[1])) < 0) return p->rc;
  r->notice_field = -1;
  if (o) {
    int f = dp__efield_lookup(lt->t[2].text);
    if (f != DP__EF_MATERIALS_SENT && f != DP__EF_ANNOUNCED &&
        f != DP__EF_REQUESTED)
      return perr(p, DP_ERULE, &lt->t[2],
                  "'%s' is not a date field of an event (materials_sent, "
                  "announced, requested)",
                  q(&lt->t[2]));
    r->notice_field = f;
  }
  if ((rc = need_kw(p, &lt->t[2 + o], "within"))) return rc;
  if ((rc = parse_number(p, &lt->t[3 + o], &r->n))) return rc;
  if ((rc = parse_unit(p, &lt->t[4 + o], &r->unit))) return rc;
  if ((rc = need_kw(p, &lt->t[5 + o], "after"))) return rc;
  if ((r->step_a = need_step(p, &lt->t[6 + o])) < 0) return p->rc;
  if (r->step_a == r->step_b)
    return perr(p, DP_ERULE, &lt->t[6], "a deadline cannot run from itself");
  return 0;
}

/* no STEP after STEP result CLASS... [unless STEP] */
static int kind_no(parser *p, const line_toks *lt, dp_rule *r) {
  int rc;
  r->kind = DP__K_VETO;
  const char *usage = "no STEP after STEP result CLASS... [unless STEP]";
  if (lt->n < 6) return need_n(p, lt, 6, usage);
  if ((r->step_b = need_step(p, &lt->t[1])) < 0) return p->rc;
  if ((rc = need_kw(p, &lt->t[2], "after"))) return rc;
  if ((r->step_a = need_step(p, &lt->t[3])) < 0) return p->rc;
  if ((rc = need_kw(p, &lt->t[4], "result"))) return rc;
  int i = 5;
  for (; i < lt->n && !is_kw(&lt->t[i], "unless"); i++) {
    int cls = dp__rclass_from_name(lt->t[i].text);
    if (cls <= DP__R_NONE || cls >= DP__R_UNKNOWN || lt->t[i].type != T_WORD)
      return perr(p, DP_ESYNTAX, &lt->t[i],
                  "unknown result class '%s' (pass, fail, revise, "
                  "controllable, uncontrollable, continued, repealed)",
                  q(&lt->t[i]));
    r->veto |= 1u << cls;
  }
  if (!r->veto) return need_n(p, lt, 6, usage);
  if (i < lt->n) {
    if (i + 2 != lt->n) return need_n(p, lt, i + 2, usage);
    if ((r->cure = need_step(p, &lt->t[i + 1])) < 0) return p->rc;
  }
  return 0;
}

/* wait STEP at least N days|workdays after STEP */
static int kind_wait(parser *p, const line_toks *lt, dp_rule *r) {
  int rc;
  /* wait B at least N days|workdays after A */
  r->kind = DP__K_WAIT;
  const char *usage = "wait STEP at least N days|workdays after STEP";
  if ((rc = need_n(p, lt, 8, usage))) return rc;
  if ((r->step_b = need_step(p, &lt->t[1])) < 0) return p->rc;
  if ((rc = need_kw(p, &lt->t[2], "at")) ||
      (rc = need_kw(p, &lt->t[3], "least")) ||
      (rc = parse_number(p, &lt->t[4], &r->n)) ||
      (rc = parse_unit(p, &lt->t[5], &r->unit)) ||
      (rc = need_kw(p, &lt->t[6], "after")))
    return rc;
  if ((r->step_a = need_step(p, &lt->t[7])) < 0) return p->rc;
  if (r->step_a == r->step_b)
    return perr(p, DP_ERULE, &lt->t[7], "a step cannot wait for itself");
  return 0;
}

/* validity stated | at most N years [provisional M years] | expired unless STEP [or STEP] within N months */
static int kind_validity(parser *p, const line_toks *lt, dp_rule *r) {
  const tok *k = &lt->t[0];
  int rc;
  /* validity stated | validity at most N years [provisional M years] |
   * validity expired unless STEP [or STEP] within N months */
  r->kind = DP__K_VALIDITY;
  if (lt->n == 2 && is_kw(&lt->t[1], "stated")) {
    r->validity = 0;
    return 0;
  }
  if (lt->n >= 5 && is_kw(&lt->t[1], "at") && is_kw(&lt->t[2], "most")) {
    r->validity = 1;
    if ((rc = parse_number(p, &lt->t[3], &r->years))) return rc;
    if ((rc = need_kw(p, &lt->t[4], "years"))) return rc;
    r->years_provisional = r->years;
    if (lt->n == 5) return 0;
    if (lt->n != 8 || !is_kw(&lt->t[5], "provisional"))
      return perr(p, DP_ESYNTAX, &lt->t[5],
                  "expected: validity at most N years [provisional M years]");
    if ((rc = parse_number(p, &lt->t[6], &r->years_provisional))) return rc;
    return need_kw(p, &lt->t[7], "years");
  }
  if (lt->n >= 7 && is_kw(&lt->t[1], "expired") && is_kw(&lt->t[2], "unless")) {
    r->validity = 2;
    int i = 3;
    if ((r->step_a = need_step(p, &lt->t[i++])) < 0) return p->rc;
    if (i < lt->n && is_kw(&lt->t[i], "or")) {
      if (i + 1 >= lt->n || (r->step_b = need_step(p, &lt->t[i + 1])) < 0)
        return p->rc ? p->rc : perr(p, DP_ESYNTAX, &lt->t[i], "'or' needs a step");
      i += 2;
    }
    if (i + 3 != lt->n)
      return perr(p, DP_ESYNTAX, &lt->t[lt->n - 1],
                  "expected: validity expired unless STEP [or STEP] within "
                  "N months");
    if ((rc = need_kw(p, &lt->t[i], "within")) ||
        (rc = parse_number(p, &lt->t[i + 1], &r->months)) ||
        (rc = need_kw(p, &lt->t[i + 2], "months")))
      return rc;
    return 0;
  }
  return perr(p, DP_ESYNTAX, lt->n > 1 ? &lt->t[1] : k,
              "expected 'validity stated', 'validity at most N years "
              "[provisional M years]' or 'validity expired unless STEP [or "
              "STEP] within N months'");
}

/* notice STEP FIELD at least N days|workdays */
static int kind_notice(parser *p, const line_toks *lt, dp_rule *r) {
  int rc;
  r->kind = DP__K_NOTICE;
  const char *usage = "notice STEP FIELD at least N days|workdays";
  if ((rc = need_n(p, lt, 7, usage))) return rc;
  if ((r->step_a = need_step(p, &lt->t[1])) < 0) return p->rc;
  int f = dp__efield_lookup(lt->t[2].text);
  if (f != DP__EF_MATERIALS_SENT && f != DP__EF_ANNOUNCED &&
      f != DP__EF_REQUESTED)
    return perr(p, DP_ERULE, &lt->t[2],
                "'%s' is not a date field of notice (materials_sent, "
                "announced, requested)",
                q(&lt->t[2]));
  r->notice_field = f;
  if ((rc = need_kw(p, &lt->t[3], "at")) ||
      (rc = need_kw(p, &lt->t[4], "least")))
    return rc;
  r->have_min = 1;
  if ((rc = parse_number(p, &lt->t[5], &r->min))) return rc;
  return parse_unit(p, &lt->t[6], &r->unit);
}

/* doc-number required | doc-number form /pattern/ */
static int kind_doc_number(parser *p, const line_toks *lt, dp_rule *r) {
  const tok *k = &lt->t[0];
  int rc;
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
    if (r->form.nyears == 0)
      return perr(p, DP_ERULE, &lt->t[2],
                  "doc-number pattern needs a (?<year>…) group");
    return 0;
  }
  return perr(p, DP_ESYNTAX, lt->n >= 2 ? &lt->t[1] : k,
              "expected 'doc-number required' or 'doc-number form /pattern/'");
}

/* A rule's check line: `order` may repeat (one pair a line); any other
 * check is one line, and a rule has one check. */
static int rule_kind_line(parser *p, const line_toks *lt) {
  static const struct {
    const char *kw;
    int (*parse)(parser *, const line_toks *, dp_rule *);
  } kinds[] = {{"require", kind_require}, {"period", kind_period},
               {"deadline", kind_deadline}, {"no", kind_no},
               {"wait", kind_wait},         {"validity", kind_validity},
               {"notice", kind_notice},     {"doc-number", kind_doc_number}};
  dp_rule *r = p->rule;
  const tok *k = &lt->t[0];
  if (is_kw(k, "order")) return kind_order(p, lt, r);
  if (p->seen_kind_line)
    return perr(p, DP_ERULE, k, "a rule has one check; '%s' after '%s'",
                q(k), dp_rule_kind(r));
  reset_kind(r);
  p->seen_kind_line = 1;
  p->mask |= DP__SET_KIND;
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
    if (is_kw(k, kinds[i].kw)) return kinds[i].parse(p, lt, r);
  if (k->type == T_WORD && dp__declare_lookup(k->text) >= 0)
    return declare_line(p, lt, dp__declare_lookup(k->text));
  return perr(p, DP_ESYNTAX, k, "unknown statement '%s' in rule", q(k));
}

/* A date token (from/until): its day number. */
static int parse_day(parser *p, const tok *t, int32_t *day) {
  if ((t->type != T_WORD && t->type != T_STRING) ||
      dp_date_parse(t->text, t->len, day, NULL) != 0)
    return perr(p, DP_ESYNTAX, t, "expected a date YYYY-MM-DD, found '%s'",
                q(t));
  return 0;
}

/* `from DATE`, `until DATE` in any order from lt->t[*i]; stops at
 * anything else. */
static int parse_span(parser *p, const line_toks *lt, int *i, int32_t *from,
                      int32_t *until) {
  int rc;
  while (*i < lt->n &&
         (is_kw(&lt->t[*i], "from") || is_kw(&lt->t[*i], "until"))) {
    int32_t *d = is_kw(&lt->t[*i], "from") ? from : until;
    if (*i + 1 >= lt->n)
      return perr(p, DP_ESYNTAX, &lt->t[*i], "'%s' needs a date",
                  q(&lt->t[*i]));
    if ((rc = parse_day(p, &lt->t[*i + 1], d))) return rc;
    *i += 2;
  }
  if (*from != DP_NO_DATE && *until != DP_NO_DATE && *until < *from)
    return perr(p, DP_ERULE, &lt->t[*i - 1], "'until' is before 'from'");
  return 0;
}

/* `when EXPR` / `unless EXPR` from lt->t[*i] to the end of the line, or
 * nothing; *out NULL when absent. */
static int parse_tail_cond(parser *p, const line_toks *lt, int *i,
                           dp__expr **out) {
  *out = NULL;
  if (*i >= lt->n) return 0;
  const tok *k = &lt->t[*i];
  if (!is_kw(k, "when") && !is_kw(k, "unless"))
    return perr(p, DP_ESYNTAX, k, "unexpected '%s'", q(k));
  if (++*i >= lt->n)
    return perr(p, DP_ESYNTAX, k, "'%s' needs a condition", q(k));
  dp__expr *x = parse_or(p, lt, i);
  if (!x) return p->rc;
  if (*i < lt->n) {
    dp__expr_free(x);
    return perr(p, DP_ESYNTAX, &lt->t[*i], "unexpected '%s' in condition",
                q(&lt->t[*i]));
  }
  if (is_kw(k, "unless") && !(x = mkexpr(p, DP__X_NOT, x, NULL)))
    return p->rc;
  *out = x;
  return 0;
}

static int keep_line(parser *p, const line_toks *lt, char **dst);

/* A law declared by this text or before. */
static const dp__law *find_law(parser *p, const char *key) {
  for (size_t i = 0; i < p->nlaws; i++)
    if (strcmp(p->laws[i].key, key) == 0) return &p->laws[i];
  for (size_t i = 0; i < p->e->nlaws; i++)
    if (strcmp(p->e->laws[i].key, key) == 0) return &p->e->laws[i];
  return NULL;
}

/* basis [add] "LAW" "ARTICLE" [when …] | basis [add] "TEXT" [from D]
 * [until D] [when …].  A law's name and span come from its `law`
 * statement; the article is joined to a name that ends in 》 or ）, or
 * that begins with （, directly, else with a space.  Several basis lines add up; in an
 * overlay, `basis` replaces what the rule had and `basis add` keeps it. */
static int basis_line(parser *p, const line_toks *lt) {
  dp_rule *r = p->rule;
  const char *usage =
      "basis [add] \"LAW\" \"ARTICLE\" | basis [add] \"TEXT\" [from DATE] "
      "[until DATE] [when CONDITION]";
  int i = 1, add = 0, rc;
  if (i < lt->n && is_kw(&lt->t[i], "add")) {
    if (!p->target)
      return perr(p, DP_ERULE, &lt->t[i],
                  "'basis add' changes an existing rule in an overlay");
    add = 1;
    i++;
  }
  if (i >= lt->n || lt->t[i].type != T_STRING) return need_n(p, lt, i + 1, usage);
  const tok *first = &lt->t[i++];
  if (!first->text[0])
    return perr(p, DP_ERULE, first, "basis must not be empty");
  dp__basis b = {NULL, NULL, DP_NO_DATE, DP_NO_DATE, 1, NULL, NULL};
  dp__buf text = {0};
  if (i < lt->n && lt->t[i].type == T_STRING) {
    const dp__law *law = find_law(p, first->text);
    if (!law)
      return perr(p, DP_ERULE, first,
                  "no law '%s' (declare it with: law \"%s\" \"《…》\" from "
                  "DATE)",
                  q(first), q(first));
    const tok *art = &lt->t[i++];
    size_t nl = strlen(law->name);
    dp__buf_adds(&text, law->name);
    /* 《…》第七十五条, 国办发〔2018〕37号 二（六）, …号（备案审查部分） */
    if (art->text[0] && !(nl >= 3 && (strcmp(law->name + nl - 3, "》") == 0 ||
                                      strcmp(law->name + nl - 3, "）") == 0)) &&
        strncmp(art->text, "（", 3) != 0)
      dp__buf_addc(&text, ' ');
    dp__buf_adds(&text, art->text);
    b.from = law->from;
    b.until = law->until;
    b.verified = law->verified;
    b.law = dp__strdup(law->name);
  } else {
    dp__buf_adds(&text, first->text);
    b.law = dp__strdup(first->text);
    if ((rc = parse_span(p, lt, &i, &b.from, &b.until))) {
      free(b.law);
      dp__buf_free(&text);
      return rc;
    }
  }
  if (!b.law || text.oom || !dp__utf8_valid(text.s, text.len)) {
    free(b.law);
    if (!b.law) text.oom = 1;
    dp__buf_free(&text);
    return perr(p, text.oom ? DP_ENOMEM : DP_ESYNTAX, first,
                text.oom ? "out of memory" : "string is not valid UTF-8");
  }
  b.text = text.s;
  int cond_at = i;
  if ((rc = parse_tail_cond(p, lt, &i, &b.when))) {
    free(b.text);
    free(b.law);
    return rc;
  }
  if (b.when) {
    line_toks tail = *lt;
    memmove(tail.t, lt->t + cond_at, (size_t)(lt->n - cond_at) * sizeof *tail.t);
    tail.n = lt->n - cond_at;
    if ((rc = keep_line(p, &tail, &b.when_src))) {
      free(b.text);
      free(b.law);
      dp__expr_free(b.when);
      return rc;
    }
  }
  size_t cap = r->nbases;
  if (dp__grow((void **)&r->bases, &cap, r->nbases + 1, sizeof *r->bases)) {
    free(b.text);
    free(b.law);
    free(b.when_src);
    dp__expr_free(b.when);
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  }
  r->bases[r->nbases++] = b;
  p->mask |= add ? DP__SET_BASIS_ADD : DP__SET_BASIS;
  if ((p->mask & DP__SET_BASIS) && (p->mask & DP__SET_BASIS_ADD))
    return perr(p, DP_ERULE, &lt->t[0],
                "'basis' and 'basis add' in one change: use one of them");
  return 0;
}

static int field_id(const char *name);

/* with FIELD true|present|matches /re/ ["zh" "en"] [when …]: several
 * lines add up, and the first whose condition holds decides. */
static int with_line(parser *p, const line_toks *lt) {
  dp_rule *r = p->rule;
  int rc;
  if (lt->n < 3)
    return need_n(p, lt, 3,
                  "with FIELD true|present|matches /pattern/ [\"中文\" "
                  "\"English\"] [when CONDITION]");
  int f = field_id(lt->t[1].text);
  if (f < 0 || lt->t[1].type != T_WORD)
    return perr(p, DP_ERULE, &lt->t[1], "unknown event field '%s'",
                q(&lt->t[1]));
  dp__withc w;
  memset(&w, 0, sizeof w);
  w.field = f;
  int i = 3;
  if (is_kw(&lt->t[2], "true")) {
    if (f < DP__EF_COUNT)
      return perr(p, DP_ERULE, &lt->t[1],
                  "'%s' is not a true/false field (signed, "
                  "feedback_published)",
                  q(&lt->t[1]));
    w.with = DP__W_TRUE;
  } else if (is_kw(&lt->t[2], "present") || is_kw(&lt->t[2], "matches")) {
    if (f >= DP__EF_COUNT)
      return perr(p, DP_ERULE, &lt->t[1],
                  "'%s' is a true/false field: use 'with %s true'",
                  q(&lt->t[1]), q(&lt->t[1]));
    w.with = is_kw(&lt->t[2], "present") ? DP__W_PRESENT : DP__W_MATCHES;
  } else {
    return perr(p, DP_ESYNTAX, &lt->t[2],
                "expected 'true', 'present' or 'matches', found '%s'",
                q(&lt->t[2]));
  }
  if (w.with == DP__W_MATCHES) {
    if (lt->n < 4)
      return need_n(p, lt, 4, "with FIELD matches /pattern/");
    if ((rc = compile_regex(p, &lt->t[3], &w.re))) {
      dp__regex_free(&w.re);
      return rc;
    }
    i = 4;
    if (i + 1 < lt->n && lt->t[i].type == T_STRING &&
        lt->t[i + 1].type == T_STRING) {
      if ((rc = set_str(p, &w.expect[0], &lt->t[i])) ||
          (rc = set_str(p, &w.expect[1], &lt->t[i + 1]))) {
        free(w.expect[0]);
        free(w.expect[1]);
        dp__regex_free(&w.re);
        return rc;
      }
      i += 2;
    }
  }
  if ((rc = parse_tail_cond(p, lt, &i, &w.when))) {
    free(w.expect[0]);
    free(w.expect[1]);
    dp__regex_free(&w.re);
    return rc;
  }
  size_t cap = r->nwiths;
  if (dp__grow((void **)&r->withs, &cap, r->nwiths + 1, sizeof *r->withs)) {
    free(w.expect[0]);
    free(w.expect[1]);
    dp__regex_free(&w.re);
    dp__expr_free(w.when);
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  }
  r->withs[r->nwiths++] = w;
  p->mask |= DP__SET_WITH;
  return keep_line(p, lt, &r->detail_src);
}

static int field_id(const char *name) {
  int f = dp__efield_lookup(name);
  if (f >= 0) return f;
  f = dp__ebool_lookup(name);
  if (f >= 0) return DP__EF_COUNT + f;
  return -1;
}

/* A `when` or `unless` line of rule p->rule: its condition, and with
 * more than one, all of them; `when always` drops the condition. */
static int when_line(parser *p, const line_toks *lt) {
  dp_rule *r = p->rule;
  const tok *k = &lt->t[0];
  if (is_kw(k, "when") && lt->n == 2 && is_kw(&lt->t[1], "always")) {
    /* drops a condition the rule had: it applies to every record */
    if (p->mask & DP__SET_WHEN)
      return perr(p, DP_ERULE, k, "'when always' with another condition");
    dp__expr_free(r->when);
    r->when = NULL;
    free(r->cond_src);
    r->cond_src = NULL;
    p->mask |= DP__SET_WHEN;
    return 0;
  }
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
  if (!(p->mask & DP__SET_WHEN)) {
    free(r->cond_src);
    r->cond_src = NULL;
  }
  dp__expr_free(r->when);
  r->when = x;
  p->mask |= DP__SET_WHEN;
  return keep_line(p, lt, &r->cond_src);
}

/* `exempt ATTRIBUTE with FIELD` in rule p->rule. */
static int exempt_line(parser *p, const line_toks *lt) {
  dp_rule *r = p->rule;
  int rc;
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
  return keep_line(p, lt, &r->detail_src);
}

static int rule_line(parser *p, const line_toks *lt) {
  dp_rule *r = p->rule;
  const tok *k = &lt->t[0];
  int rc;
  if (is_kw(k, "require") || is_kw(k, "order") || is_kw(k, "period") ||
      is_kw(k, "deadline") || is_kw(k, "no") || is_kw(k, "doc-number") ||
      is_kw(k, "notice") || is_kw(k, "wait") || is_kw(k, "validity") ||
      (k->type == T_WORD && dp__declare_lookup(k->text) >= 0)) {
    /* a new check replaces the listing's text, more order lines add */
    if (!(p->mask & DP__SET_KIND)) {
      free(r->check_src);
      r->check_src = NULL;
    }
    if ((rc = rule_kind_line(p, lt))) return rc;
    return keep_line(p, lt, &r->check_src);
  }
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
  if (is_kw(k, "basis")) return basis_line(p, lt);
  if (is_kw(k, "quote")) {
    if ((rc = need_n(p, lt, 2, "quote \"text of the law\""))) return rc;
    return set_str(p, &r->quote, &lt->t[1]);
  }
  if (is_kw(k, "verified")) {
    if ((rc = need_n(p, lt, 2, "verified yes|no"))) return rc;
    if (is_kw(&lt->t[1], "yes")) r->verified = 1;
    else if (is_kw(&lt->t[1], "no")) r->verified = 0;
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
  if (is_kw(k, "when") || is_kw(k, "unless")) return when_line(p, lt);
  if (is_kw(k, "exempt")) return exempt_line(p, lt);
  if (is_kw(k, "with")) return with_line(p, lt);
  if (is_kw(k, "rule"))
    return perr(p, DP_ESYNTAX, k,
                "'rule' inside rule '%s' opened at line %d (missing 'end')",
                r->id, p->rule_line);
  return perr(p, DP_ESYNTAX, k, "unknown statement '%s' in rule '%s'", q(k),
              r->id);
}

/* Check that the fields of a complete rule fit its kind. */
static int rule_validate(parser *p, dp_rule *r, const tok *at) {
  if (r->nwiths && r->kind != DP__K_REQUIRE)
    return perr(p, DP_ERULE, at, "rule '%s': 'with' only goes with 'require'",
                r->id);
  if (r->exempt_attr && r->kind != DP__K_PERIOD && r->kind != DP__K_WAIT)
    return perr(p, DP_ERULE, at,
                "rule '%s': 'exempt' only goes with 'period' or 'wait'",
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
  r->cure = -1;
  r->exempt_field = -1;
  r->sev = DP_ERROR;
  /* what a rule does not say was verified was not: `verified yes` is
   * stated, never assumed (doc/rules.md) */
  r->verified = 0;
  return r;
}

/* The id of a rule of pr nearest to id (for "did you mean"), or NULL. */
static const char *nearest_rule(const dp__procedure *pr, const char *id) {
  dp__nearest nr;
  dp__nearest_init(&nr, id, DP__NEAR_ID);
  for (size_t i = 0; i < pr->nrules; i++)
    dp__nearest_try(&nr, pr->rules[i]->id);
  return nr.best;
}

static int rule_begin(parser *p, const line_toks *lt) {
  int rc, is_new = lt->n == 3 && is_kw(&lt->t[1], "new");
  if (!is_new && (rc = need_n(p, lt, 2, "rule [new] ID"))) return rc;
  const tok *id = &lt->t[is_new ? 2 : 1];
  if (id->type != T_WORD)
    return perr(p, DP_ESYNTAX, id, "expected a rule id, found '%s'", q(id));
  if (!p->cur)
    return perr(p, DP_ESYNTAX, &lt->t[0],
                "'rule' before any 'procedure' or 'overlay'");
  p->target = NULL;
  if (p->curpatch) {
    p->target = find_in(p->cur->rules, p->cur->nrules, id->text);
    /* an overlay changes the rules it names; a rule it adds says so, so
     * that a misspelt id is not silently a new rule */
    if (!p->target && !is_new) {
      const char *near = nearest_rule(p->cur, id->text);
      if (near)
        return perr(p, DP_ERULE, id,
                    "no rule '%s' in %s; did you mean '%s'? (a new rule: "
                    "'rule new %s')",
                    q(id), p->cur->name, near, q(id));
      return perr(p, DP_ERULE, id,
                  "no rule '%s' in %s (a new rule: 'rule new %s')", q(id),
                  p->cur->name, q(id));
    }
    if (p->target && is_new)
      return perr(p, DP_ERULE, id,
                  "rule '%s' exists in %s: drop 'new' to change it", q(id),
                  p->cur->name);
    if (find_in(p->curpatch->rules, p->curpatch->nrules, id->text))
      return perr(p, DP_ERULE, id, "rule '%s' defined twice", q(id));
    for (size_t i = 0; i < p->curpatch->ndeltas; i++)
      if (p->curpatch->deltas[i].target == p->target && p->target &&
          !p->curpatch->deltas[i].from_set)
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
    size_t nwiths = (p->mask & DP__SET_WITH) ? r->nwiths : t->nwiths;
    const char *ex = (p->mask & DP__SET_EXEMPT) ? r->exempt_attr : t->exempt_attr;
    if (nwiths && kind != DP__K_REQUIRE)
      return perr(p, DP_ERULE, endtok,
                  "rule '%s': 'with' only goes with 'require'", r->id);
    if (ex && kind != DP__K_PERIOD && kind != DP__K_WAIT)
      return perr(p, DP_ERULE, endtok,
                  "rule '%s': 'exempt' only goes with 'period'", r->id);
    patch *pt = p->curpatch;
    if (dp__grow((void **)&pt->deltas, &pt->capdeltas, pt->ndeltas + 1,
                 sizeof *pt->deltas))
      return perr(p, DP_ENOMEM, NULL, "out of memory");
    pt->deltas[pt->ndeltas++] = (delta){t, r, p->mask, 0, 0};
    p->rule = NULL;
    return 0;
  }
  if (!(p->mask & DP__SET_KIND))
    return perr(p, DP_ERULE, endtok,
                "rule '%s' has no check (require, order, period, deadline, "
                "no, doc-number, notice, or a Declare template)",
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

/* law "SHORT" "《NAME》" [from DATE] [until DATE] [verified yes|no]:
 * a document that bases cite by its short name. */
static int stmt_law(parser *p, const line_toks *lt) {
  const char *usage =
      "law \"SHORT NAME\" \"《FULL NAME》\" [from DATE] [until DATE] "
      "[verified yes|no]";
  int rc;
  if (lt->n < 3 || lt->t[1].type != T_STRING || lt->t[2].type != T_STRING)
    return lt->n < 3 ? need_n(p, lt, 3, usage)
                     : perr(p, DP_ESYNTAX, &lt->t[1], "expected: %s", usage);
  if (!lt->t[1].text[0] || !lt->t[2].text[0])
    return perr(p, DP_ERULE, &lt->t[1], "a law needs a short and a full name");
  if (find_law(p, lt->t[1].text))
    return perr(p, DP_ERULE, &lt->t[1], "law '%s' already declared",
                q(&lt->t[1]));
  dp__law l = {NULL, NULL, DP_NO_DATE, DP_NO_DATE, 1};
  int i = 3;
  if ((rc = parse_span(p, lt, &i, &l.from, &l.until))) return rc;
  if (i < lt->n) {
    if (!is_kw(&lt->t[i], "verified") || i + 2 != lt->n)
      return perr(p, DP_ESYNTAX, &lt->t[i], "expected: %s", usage);
    if (is_kw(&lt->t[i + 1], "no")) l.verified = 0;
    else if (!is_kw(&lt->t[i + 1], "yes"))
      return perr(p, DP_ESYNTAX, &lt->t[i + 1],
                  "expected 'yes' or 'no', found '%s'", q(&lt->t[i + 1]));
  }
  if (dp__grow((void **)&p->laws, &p->caplaws, p->nlaws + 1, sizeof *p->laws))
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  l.key = dp__strdup(lt->t[1].text);
  l.name = dp__strdup(lt->t[2].text);
  if (!l.key || !l.name) {
    free(l.key);
    free(l.name);
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  }
  p->laws[p->nlaws++] = l;
  return 0;
}

/* A result word as it is compared: trimmed of white space (ASCII and the
 * ideographic space), ASCII letters lowercased.  A new block, or NULL. */
const char *dp__trim_result(const char *s, size_t *np) {
  size_t n = strlen(s);
  while (n && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n' ||
               (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0))) {
    size_t k = s[0] == '\xE3' ? 3 : 1;
    s += k;
    n -= k;
  }
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
               s[n - 1] == '\n' ||
               (n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)))
    n -= s[n - 1] == '\x80' ? 3 : 1;
  *np = n;
  return s;
}

char *dp__fold_result(const char *s) {
  size_t n;
  s = dp__trim_result(s, &n);
  char *o = dp__strndup(s, n);
  if (o)
    for (char *c = o; *c; c++)
      if (*c >= 'A' && *c <= 'Z') *c = (char)(*c - 'A' + 'a');
  return o;
}

/* result CLASS "word"...: the words that mean a result class
 * (records.md §8.1).  An overlay's words add to the defaults. */
static int stmt_result(parser *p, const line_toks *lt) {
  if (lt->n < 3)
    return need_n(p, lt, 3, "result pass|fail|revise|controllable|"
                            "uncontrollable|continued|repealed \"word\"...");
  int cls = dp__rclass_from_name(lt->t[1].text);
  if (cls <= DP__R_NONE || cls >= DP__R_UNKNOWN || lt->t[1].type != T_WORD)
    return perr(p, DP_ESYNTAX, &lt->t[1],
                "unknown result class '%s' (pass, fail, revise, "
                "controllable, uncontrollable, continued, repealed)",
                q(&lt->t[1]));
  for (int i = 2; i < lt->n; i++) {
    const tok *t = &lt->t[i];
    if (t->type != T_STRING && t->type != T_WORD)
      return perr(p, DP_ESYNTAX, t, "expected a \"word\", found '%s'", q(t));
    char *w = dp__fold_result(t->text);
    if (!w) return perr(p, DP_ENOMEM, NULL, "out of memory");
    if (!w[0]) {
      free(w);
      return perr(p, DP_ERULE, t, "an empty result word");
    }
    for (size_t k = 0; k < p->nrwords + p->e->nrwords; k++) {
      const dp__rword *o =
          k < p->nrwords ? &p->rwords[k] : &p->e->rwords[k - p->nrwords];
      if (strcmp(o->word, w) == 0 && o->cls != (dp__rclass)cls) {
        free(w);
        return perr(p, DP_ERULE, t, "result word '%s' is already '%s'", q(t),
                    dp__rclass_name(o->cls));
      }
    }
    if (dp__grow((void **)&p->rwords, &p->caprwords, p->nrwords + 1,
                 sizeof *p->rwords)) {
      free(w);
      return perr(p, DP_ENOMEM, NULL, "out of memory");
    }
    p->rwords[p->nrwords++] = (dp__rword){w, (dp__rclass)cls, 0};
  }
  return 0;
}

/* negation /pattern/: the text of a label before a failing word denies
 * it when the pattern matches there (未发现不合法内容 is no failure). */
static int stmt_negation(parser *p, const line_toks *lt) {
  int rc;
  if ((rc = need_n(p, lt, 2, "negation /pattern/"))) return rc;
  dp__regex_free(&p->negation);
  return compile_regex(p, &lt->t[1], &p->negation);
}

/* attribute NAME "中文" "English" [values V...]: an attribute records may
 * carry, boolean or (with values) a string.  In a procedure or overlay it
 * is that procedure's; before any, every procedure's. */
static int stmt_attribute(parser *p, const line_toks *lt) {
  const char *usage = "attribute NAME \"中文\" \"English\" [values VALUE...]";
  if (lt->n < 4 || lt->t[1].type != T_WORD || lt->t[2].type != T_STRING ||
      lt->t[3].type != T_STRING)
    return lt->n < 4 ? need_n(p, lt, 4, usage)
                     : perr(p, DP_ESYNTAX, &lt->t[1], "expected: %s", usage);
  if (lt->n > 4 && !is_kw(&lt->t[4], "values"))
    return perr(p, DP_ESYNTAX, &lt->t[4], "expected 'values', found '%s'",
                q(&lt->t[4]));
  if (lt->n == 5) return need_n(p, lt, 6, usage);
  dp__attrdef **arr;
  size_t *n, *cap;
  if (p->curpatch) {
    arr = &p->curpatch->attrdefs;
    n = &p->curpatch->nattrdefs;
    cap = &p->curpatch->capattrdefs;
  } else if (p->cur) {
    arr = &p->cur->attrdefs;
    n = &p->cur->nattrdefs;
    cap = &p->cur->capattrdefs;
  } else {
    arr = &p->attrdefs;
    n = &p->nattrdefs;
    cap = &p->capattrdefs;
  }
  for (size_t i = 0; i < *n; i++)
    if (strcmp((*arr)[i].name, lt->t[1].text) == 0)
      return perr(p, DP_ERULE, &lt->t[1], "attribute '%s' declared twice",
                  q(&lt->t[1]));
  if (dp__grow((void **)arr, cap, *n + 1, sizeof **arr))
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  dp__attrdef *a = &(*arr)[*n];
  memset(a, 0, sizeof *a);
  (*n)++;
  a->name = dp__strdup(lt->t[1].text);
  if (!a->name) return perr(p, DP_ENOMEM, NULL, "out of memory");
  int rc;
  if ((rc = set_str(p, &a->title[0], &lt->t[2])) ||
      (rc = set_str(p, &a->title[1], &lt->t[3])))
    return rc;
  if (lt->n > 5) {
    a->string = 1;
    a->values = dp__calloc((size_t)(lt->n - 5), sizeof *a->values);
    if (!a->values) return perr(p, DP_ENOMEM, NULL, "out of memory");
    for (int i = 5; i < lt->n; i++) {
      if (lt->t[i].type != T_WORD && lt->t[i].type != T_STRING)
        return perr(p, DP_ESYNTAX, &lt->t[i], "expected a value, found '%s'",
                    q(&lt->t[i]));
      if (!(a->values[a->nvalues] = dp__strdup(lt->t[i].text)))
        return perr(p, DP_ENOMEM, NULL, "out of memory");
      a->nvalues++;
    }
  }
  return 0;
}

/* set RULE N days|workdays — set RULE severity error|warning: one line to
 * change a number or a severity in an overlay, the rest of the rule as it
 * was (its summary is made again from the changed check). */
static int stmt_set(parser *p, const line_toks *lt) {
  int rc;
  const char *usage = "set RULE N days|workdays, or set RULE severity error|warning";
  if (!p->curpatch)
    return perr(p, DP_ESYNTAX, &lt->t[0], "'set' belongs in an overlay");
  if (lt->n != 4) return need_n(p, lt, 4, usage);
  dp_rule *t = find_in(p->cur->rules, p->cur->nrules, lt->t[1].text);
  if (!t) {
    const char *near = nearest_rule(p->cur, lt->t[1].text);
    return near ? perr(p, DP_ERULE, &lt->t[1],
                       "no rule '%s' in %s; did you mean '%s'?", q(&lt->t[1]),
                       p->cur->name, near)
                : perr(p, DP_ERULE, &lt->t[1], "no rule '%s' in %s",
                       q(&lt->t[1]), p->cur->name);
  }
  patch *pt = p->curpatch;
  dp_rule *r = rule_alloc(p, &lt->t[1]);
  if (!r) return p->rc;
  unsigned mask;
  if (is_kw(&lt->t[2], "severity")) {
    if (is_kw(&lt->t[3], "error")) r->sev = DP_ERROR;
    else if (is_kw(&lt->t[3], "warning")) r->sev = DP_WARNING;
    else {
      dp__rule_free(r);
      return perr(p, DP_ESYNTAX, &lt->t[3],
                  "expected 'error' or 'warning', found '%s'", q(&lt->t[3]));
    }
    mask = DP__SET_SEVERITY;
  } else {
    if (t->kind != DP__K_PERIOD && t->kind != DP__K_DEADLINE &&
        t->kind != DP__K_NOTICE && !(t->kind == DP__K_DECLARE && t->n > 0)) {
      dp__rule_free(r);
      return perr(p, DP_ERULE, &lt->t[1], "rule '%s' (%s) has no number to set",
                  t->id, dp_rule_kind(t));
    }
    if ((rc = parse_number(p, &lt->t[2], &r->n)) ||
        (rc = parse_unit(p, &lt->t[3], &r->unit))) {
      dp__rule_free(r);
      return rc;
    }
    mask = DP__SET_NUMBER;
  }
  if (dp__grow((void **)&pt->deltas, &pt->capdeltas, pt->ndeltas + 1,
               sizeof *pt->deltas)) {
    dp__rule_free(r);
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  }
  pt->deltas[pt->ndeltas++] = (delta){t, r, mask, 0, 1};
  return 0;
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

/* src with its first number replaced by n and, when `unit`, the word after
 * it by u's: "period public_comment at least 5 workdays" → "… 10 workdays".
 * NULL when out of memory (then the old text stays). */
static char *renumber(const char *src, int32_t n, dp__unit u, int unit) {
  if (!src) return NULL;
  dp__buf b = {0};
  const char *s = src;
  int done = 0;
  while (*s) {
    const char *w = s;
    while (*w == ' ') w++;
    const char *e = w;
    while (*e && *e != ' ') e++;
    int digits = e > w;
    for (const char *c = w; c < e; c++) digits = digits && isdigit((unsigned char)*c);
    dp__buf_add(&b, s, (size_t)(w - s));
    if (digits && !done) {
      dp__buf_addf(&b, "%d", (int)n);
      done = 1;
      if (unit) {
        /* the unit word after it */
        const char *uw = e;
        while (*uw == ' ') uw++;
        const char *ue = uw;
        while (*ue && *ue != ' ' && *ue != ';') ue++;
        dp__buf_add(&b, e, (size_t)(uw - e));
        dp__buf_adds(&b, u == DP__U_WORKDAYS ? "workdays" : "days");
        e = ue;
      }
    } else {
      dp__buf_add(&b, w, (size_t)(e - w));
    }
    s = e;
  }
  dp__buf_addc(&b, '\0');
  if (b.oom) {
    dp__buf_free(&b);
    return NULL;
  }
  return b.s;
}

/* The check of r (an overlay that restates a rule's check) in place of
 * t's: every field of the check moves over. */
static void move_check(dp_rule *t, dp_rule *r) {
  reset_kind(t);
  t->kind = r->kind;
  t->step_a = r->step_a;
  t->step_b = r->step_b;
  memcpy(t->any, r->any, sizeof t->any);
  t->nany = r->nany;
  t->until_b = r->until_b;
  t->cure = r->cure;
  t->veto = r->veto;
  t->notice_field = r->notice_field;
  t->tmpl = r->tmpl;
  t->validity = r->validity;
  t->years = r->years;
  t->years_provisional = r->years_provisional;
  t->months = r->months;
  t->rel = r->rel;
  MOVE(t->pairs, r->pairs);
  t->npairs = r->npairs;
  t->have_min = r->have_min;
  t->have_max = r->have_max;
  t->min = r->min;
  t->max = r->max;
  t->n = r->n;
  t->unit = r->unit;
  t->docnum_form = r->docnum_form;
  free(t->check_src);
  MOVE(t->check_src, r->check_src);
  dp__regex_free(&t->form);
  t->form = r->form;
  r->form.code = NULL;
  r->form.src = NULL;
}

/* The number of r's check (an overlay's `set RULE N unit`) into t's
 * check, and into its text. */
static void set_number(dp_rule *t, const dp_rule *r) {
  /* the one number of the check, with its unit */
  if (t->kind == DP__K_PERIOD && t->have_min) t->min = r->n;
  else if (t->kind == DP__K_PERIOD) t->max = r->n;
  else if (t->kind == DP__K_NOTICE) t->min = r->n;
  else t->n = r->n;
  if (t->kind != DP__K_DECLARE) t->unit = r->unit;
  char *nt = renumber(t->check_src, r->n, r->unit, t->kind != DP__K_DECLARE);
  if (nt) {
    free(t->check_src);
    t->check_src = nt;
  }
}

static void apply_delta(delta *d) {
  dp_rule *t = d->target, *r = d->d;
  if (d->mask & DP__SET_KIND) move_check(t, r);
  if (d->mask & DP__SET_NUMBER) set_number(t, r);
  /* a check changed and its summary not restated: the summary is made
   * again from the check, so that it cannot say the old number */
  if (d->mask & (DP__SET_KIND | DP__SET_NUMBER))
    for (int l = 0; l < 2; l++)
      if (!r->summary[l]) {
        free(t->summary[l]);
        t->summary[l] = NULL;
      }
  /* what was verified was the old check: a changed check is verified
   * again only by its own `verified yes` */
  if ((d->mask & (DP__SET_KIND | DP__SET_NUMBER)) &&
      !(d->mask & DP__SET_VERIFIED))
    t->verified = 0;
  if (d->mask & DP__SET_SEVERITY) t->sev = r->sev;
  if (d->mask & DP__SET_VERIFIED) t->verified = r->verified;
  if (d->mask & DP__SET_BASIS) {
    dp__bases_free(t->bases, t->nbases);
    MOVE(t->bases, r->bases);
    t->nbases = r->nbases;
    r->nbases = 0;
    /* a new basis comes with its own wording: drop the old quote */
    free(t->quote);
    t->quote = NULL;
  }
  if (d->mask & DP__SET_BASIS_ADD) {
    /* grown at commit (d->grown): cannot fail here */
    memcpy(t->bases + t->nbases, r->bases, r->nbases * sizeof *r->bases);
    t->nbases += r->nbases;
    free(r->bases);
    r->bases = NULL;
    r->nbases = 0;
  }
  if (r->quote) {
    free(t->quote);
    MOVE(t->quote, r->quote);
  }
  if (d->mask & DP__SET_WHEN) {
    dp__expr_free(t->when);
    MOVE(t->when, r->when);
    free(t->cond_src);
    MOVE(t->cond_src, r->cond_src);
  }
  if (d->mask & DP__SET_EXEMPT) {
    free(t->exempt_attr);
    MOVE(t->exempt_attr, r->exempt_attr);
    t->exempt_field = r->exempt_field;
  }
  if (d->mask & (DP__SET_WITH | DP__SET_EXEMPT)) {
    /* the listing shows what the overlay wrote of these */
    free(t->detail_src);
    MOVE(t->detail_src, r->detail_src);
  }
  if (d->mask & DP__SET_WITH) {
    dp__withs_free(t->withs, t->nwiths);
    MOVE(t->withs, r->withs);
    t->nwiths = r->nwiths;
    r->nwiths = 0;
  }
  for (int l = 0; l < 2; l++) {
    if (r->msg[l]) {
      free(t->msg[l]);
      MOVE(t->msg[l], r->msg[l]);
    }
    if (r->summary[l]) {
      free(t->summary[l]);
      MOVE(t->summary[l], r->summary[l]);
      t->summary_made &= ~(1 << l);
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

/* Room in pt's procedure for what the patches to it add (all of them,
 * when several target one procedure), and in the rules it adds bases to:
 * 0, or DP_ENOMEM before anything changed. */
static int grow_patch(parser *p, const patch *pt) {
  dp__procedure *t = pt->target;
  /* several patches may target one procedure: count them all */
  size_t nl = t->nlabels, nf = t->nlfields, nr = t->nrules;
  for (size_t j = 0; j < p->npatches; j++)
    if (p->patches[j].target == t) {
      nl += p->patches[j].nlabels;
      nf += p->patches[j].nlfields;
      nr += p->patches[j].nrules;
    }
  size_t na = t->nattrdefs;
  for (size_t j = 0; j < p->npatches; j++)
    if (p->patches[j].target == t) na += p->patches[j].nattrdefs;
  if (dp__grow((void **)&t->attrdefs, &t->capattrdefs, na,
               sizeof *t->attrdefs))
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  for (size_t j = 0; j < pt->ndeltas; j++) {
    delta *d = &pt->deltas[j];
    if (!(d->mask & DP__SET_BASIS_ADD)) continue;
    /* several overlays may add to one rule: grow by all of them */
    size_t nb = d->target->nbases;
    for (size_t a = 0; a < p->npatches; a++)
      for (size_t b = 0; b < p->patches[a].ndeltas; b++)
        if (p->patches[a].deltas[b].target == d->target)
          nb += p->patches[a].deltas[b].d->nbases;
    size_t cap = d->target->nbases;
    if (dp__grow((void **)&d->target->bases, &cap, nb,
                 sizeof *d->target->bases))
      return perr(p, DP_ENOMEM, NULL, "out of memory");
  }
  if (dp__grow((void **)&t->labels, &t->caplabels, nl, sizeof *t->labels) ||
      dp__grow((void **)&t->lfields, &t->caplfields, nf,
               sizeof *t->lfields) ||
      dp__grow((void **)&t->rules, &t->caprules, nr, sizeof *t->rules))
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  return 0;
}

/* Patch pt into its procedure, in room grow_patch made: nothing fails. */
static void apply_patch(dp_engine *e, patch *pt) {
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
  if (pt->nattrdefs)
    memcpy(t->attrdefs + t->nattrdefs, pt->attrdefs,
         pt->nattrdefs * sizeof *pt->attrdefs);
  t->nattrdefs += pt->nattrdefs;
  pt->nattrdefs = 0;
  for (size_t j = 0; j < pt->ndeltas; j++) apply_delta(&pt->deltas[j]);
  for (size_t j = 0; j < pt->ndisables; j++) pt->disables[j]->disabled = 1;
  for (size_t j = 0; j < pt->nrules; j++) {
    t->rules[t->nrules++] = pt->rules[j];
    e->rules[e->nrules++] = pt->rules[j];
  }
  pt->nrules = 0;
}

static int commit(parser *p) {
  dp_engine *e = p->e;
  /* grow everything first */
  size_t newrules = 0;
  for (size_t i = 0; i < p->nprocs; i++) newrules += p->procs[i]->nrules;
  for (size_t i = 0; i < p->npatches; i++) newrules += p->patches[i].nrules;
  if (dp__grow((void **)&e->laws, &e->caplaws, e->nlaws + p->nlaws,
               sizeof *e->laws) ||
      dp__grow((void **)&e->rwords, &e->caprwords, e->nrwords + p->nrwords,
               sizeof *e->rwords) ||
      dp__grow((void **)&e->attrdefs, &e->capattrdefs,
               e->nattrdefs + p->nattrdefs, sizeof *e->attrdefs) ||
      dp__grow((void **)&e->steps, &e->capsteps, e->nsteps + p->nsteps,
               sizeof *e->steps) ||
      dp__grow((void **)&e->procs, &e->capprocs, e->nprocs + p->nprocs,
               sizeof *e->procs) ||
      dp__grow((void **)&e->rules, &e->caprules, e->nrules + newrules,
               sizeof *e->rules))
    return perr(p, DP_ENOMEM, NULL, "out of memory");
  for (size_t i = 0; i < p->npatches; i++) {
    int rc = grow_patch(p, &p->patches[i]);
    if (rc) return rc;
  }
  /* now nothing can fail */
  e->gen = dp__engine_gen();
  /* (nothing to copy is no call: memcpy from NULL is undefined) */
  if (p->nlaws) memcpy(e->laws + e->nlaws, p->laws, p->nlaws * sizeof *p->laws);
  e->nlaws += p->nlaws;
  p->nlaws = 0;
  if (p->nrwords)
    memcpy(e->rwords + e->nrwords, p->rwords, p->nrwords * sizeof *p->rwords);
  e->nrwords += p->nrwords;
  p->nrwords = 0;
  if (p->nattrdefs)
    memcpy(e->attrdefs + e->nattrdefs, p->attrdefs,
         p->nattrdefs * sizeof *p->attrdefs);
  e->nattrdefs += p->nattrdefs;
  p->nattrdefs = 0;
  if (p->negation.code) {
    dp__regex_free(&e->negation);
    e->negation = p->negation;
    p->negation.code = NULL;
    p->negation.src = NULL;
  }
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
  for (size_t i = 0; i < p->npatches; i++) apply_patch(e, &p->patches[i]);
  /* conditions may have come or changed: their attributes get slots;
   * ids and bases their JSON forms (neither can fail: without memory, a
   * name is looked up and a string escaped when needed) */
  dp__engine_after_load(e);
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
    } else if (is_kw(k, "set")) {
      rc = stmt_set(&p, &lt);
    } else if (is_kw(k, "law")) {
      rc = stmt_law(&p, &lt);
    } else if (is_kw(k, "result")) {
      rc = stmt_result(&p, &lt);
    } else if (is_kw(k, "negation")) {
      rc = stmt_negation(&p, &lt);
    } else if (is_kw(k, "attribute")) {
      rc = stmt_attribute(&p, &lt);
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

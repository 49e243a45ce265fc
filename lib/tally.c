/*
 * tally.c - a tally of checked records and what is written from it: the
 * summary (text, JSON, CSV) and the HTML report (doc/report.md).
 *
 * A tally counts as it goes, by authority, year of decision, procedure
 * and rule (open hash tables keyed by strings in one pool; offsets, so
 * that the pool may move as it grows): its memory goes with the number of
 * keys, not of records.  With DP_TALLY_RECORDS (the HTML page) it also
 * keeps each record's fields and the findings of those not compliant, in
 * both languages: about 1 KB a non-compliant record.
 */
#include "dp-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOSTR SIZE_MAX

typedef struct t_rec {
  size_t id, title, authority, procedure, file, valid_until; /* in str */
  long line;
  int32_t decided;
  unsigned char ok;
  size_t f0, nf; /* its findings: f[f0 .. f0 + nf) */
} t_rec;

typedef struct t_find {
  dp_code code;
  dp_severity sev;
  size_t rule, msg[2], basis; /* in str */
  int verified;
} t_find;

/* A count by key (an authority, a year, a procedure, a rule), in an open
 * hash table. */
typedef struct t_count {
  size_t key; /* in str; NOSTR: the slot is free */
  size_t records, compliant, findings;
  size_t proc;     /* rule: the procedure of the first record with it */
  size_t last_rec; /* rule: the last record counted */
} t_count;

typedef struct t_map {
  t_count *v;
  size_t n, cap; /* cap: a power of two */
} t_map;

enum { BY_AUTHORITY, BY_YEAR, BY_PROCEDURE, BY_RULE, BY__COUNT };

struct dp_tally {
  const dp_engine *e;
  int32_t as_of;
  unsigned flags;
  dp__buf str;
  t_map by[BY__COUNT];
  /* DP_TALLY_RECORDS: each record, and the findings of those with any */
  t_rec *r;
  size_t rcap;
  t_find *f;
  size_t nf, fcap;
  size_t nr, nfindings;
  int inputs_set;
  size_t inputs, failed_inputs, empty_inputs;
  size_t errors, warnings, unreadable, ferrors, fwarnings, dated, expiring,
      expired, warn_only;
};

/* Keep s (NULL: none); its offset. */
static size_t keep(dp_tally *t, const char *s) {
  if (!s) return NOSTR;
  size_t at = t->str.len;
  dp__buf_add(&t->str, s, strlen(s) + 1);
  return at;
}

static const char *str(const dp_tally *t, size_t off) {
  return off == NOSTR ? NULL : t->str.s + off;
}

static size_t hash_str(const char *s) {
  size_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

/* The count of key in m, made when new (its key kept); NULL when out of
 * memory. */
static t_count *count_of(dp_tally *t, t_map *m, const char *key) {
  if (2 * (m->n + 1) > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    t_count *v = dp__malloc(cap * sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < cap; i++) v[i].key = NOSTR;
    for (size_t i = 0; i < m->cap; i++)
      if (m->v[i].key != NOSTR) {
        size_t j = hash_str(str(t, m->v[i].key)) & (cap - 1);
        while (v[j].key != NOSTR) j = (j + 1) & (cap - 1);
        v[j] = m->v[i];
      }
    free(m->v);
    m->v = v;
    m->cap = cap;
  }
  size_t j = hash_str(key) & (m->cap - 1);
  while (m->v[j].key != NOSTR && strcmp(str(t, m->v[j].key), key) != 0)
    j = (j + 1) & (m->cap - 1);
  if (m->v[j].key == NOSTR) {
    size_t k = keep(t, key);
    if (t->str.oom) return NULL;
    memset(&m->v[j], 0, sizeof m->v[j]);
    m->v[j].key = k;
    m->v[j].proc = NOSTR;
    m->v[j].last_rec = SIZE_MAX;
    m->n++;
  }
  return &m->v[j];
}

int dp_tally_new(dp_tally **out, const dp_engine *e, int32_t as_of,
                 unsigned flags) {
  if (!out) return DP_EINVAL;
  *out = NULL;
  if (!e) return DP_EINVAL;
  dp_tally *t = dp__calloc(1, sizeof *t);
  if (!t) return DP_ENOMEM;
  t->e = e;
  t->as_of = as_of;
  t->flags = flags;
  *out = t;
  return 0;
}

void dp_tally_free(dp_tally *t) {
  if (!t) return;
  dp__buf_free(&t->str);
  for (int k = 0; k < BY__COUNT; k++) free(t->by[k].v);
  free(t->r);
  free(t->f);
  free(t);
}

void dp_tally_set_inputs(dp_tally *t, size_t inputs, size_t failed,
                         size_t empty) {
  if (!t) return;
  t->inputs_set = 1;
  t->inputs = inputs;
  t->failed_inputs = failed;
  t->empty_inputs = empty;
}

size_t dp_tally_records(const dp_tally *t) { return t ? t->nr : 0; }
size_t dp_tally_errors(const dp_tally *t) { return t ? t->errors : 0; }
size_t dp_tally_unreadable(const dp_tally *t) {
  return t ? t->unreadable : 0;
}

/* The day six months after `day` (the same day of the month, or the
 * month's last). */
static int32_t plus_months(int32_t day, int months) {
  int y, m, d;
  dp_date_to_ymd(day, &y, &m, &d);
  m += months;
  y += (m - 1) / 12;
  m = (m - 1) % 12 + 1;
  for (; d >= 28; d--) {
    int32_t x = dp_date_from_ymd(y, m, d);
    if (x != DP_NO_DATE) return x;
  }
  return dp_date_from_ymd(y, m, d);
}

/* Count the record under each of its keys. */
static int count_record(dp_tally *t, const dp_report *rep, const char *auth,
                        int ok) {
  char year[8] = "";
  if (rep->decided != DP_NO_DATE) {
    int y;
    dp_date_to_ymd(rep->decided, &y, NULL, NULL);
    snprintf(year, sizeof year, "%04d", y < 0 ? 0 : y > 9999 ? 9999 : y);
  }
  const char *key[3] = {auth ? auth : "", year,
                        rep->procedure ? rep->procedure : ""};
  for (int k = 0; k < 3; k++) {
    t_count *c = count_of(t, &t->by[k], key[k]);
    if (!c) return DP_ENOMEM;
    c->records++;
    c->compliant += (size_t)ok;
    c->findings += rep->n;
  }
  for (size_t i = 0; i < rep->n; i++) {
    const dp_finding *f = &rep->f[i];
    t_count *c = count_of(t, &t->by[BY_RULE], f->rule_id ? f->rule_id : "");
    if (!c) return DP_ENOMEM;
    c->findings++;
    if (c->last_rec != t->nr) {
      c->records++;
      c->last_rec = t->nr;
    }
    if (c->proc == NOSTR && rep->procedure &&
        (c->proc = keep(t, rep->procedure), t->str.oom))
      return DP_ENOMEM;
  }
  return 0;
}

int dp_tally_add(dp_tally *t, const dp_report *rep,
                 const dp_record_info *info) {
  if (!t || !rep) return DP_EINVAL;
  const char *auth = info && info->authority && *info->authority
                         ? info->authority
                         : NULL;
  int ok = dp_report_ok(rep), warn = 0, unreadable = 0, expired = 0;
  for (size_t i = 0; i < rep->n; i++) {
    const dp_finding *f = &rep->f[i];
    if (f->sev == DP_WARNING) warn = 1;
    if (f->code == DP_INVALID_RECORD) unreadable = 1;
    /* past its validity without a clean-up: a finding of a `validity
     * expired` rule (nd.validity-expired, or a local one) */
    if (f->rule && f->rule->kind == DP__K_VALIDITY && f->rule->validity == 2)
      expired = 1;
  }
  int32_t until = DP_NO_DATE;
  if (info && info->valid_until &&
      dp_date_parse(info->valid_until, strlen(info->valid_until), &until,
                    NULL) != 0)
    until = DP_NO_DATE;
  if (count_record(t, rep, auth, ok)) return DP_ENOMEM;
  if (t->flags & DP_TALLY_RECORDS) {
    if (dp__grow((void **)&t->r, &t->rcap, t->nr + 1, sizeof *t->r) ||
        (!ok && dp__grow((void **)&t->f, &t->fcap, t->nf + rep->n,
                         sizeof *t->f)))
      return DP_ENOMEM;
    /* the page may be written in either language */
    if (!ok && (dp__report_words((dp_report *)rep, 0) ||
                dp__report_words((dp_report *)rep, 1)))
      return DP_ENOMEM;
    t_rec *r = &t->r[t->nr];
    memset(r, 0, sizeof *r);
    r->id = keep(t, rep->id);
    r->procedure = keep(t, rep->procedure);
    r->title = keep(t, info && info->title && *info->title ? info->title
                                                           : NULL);
    r->authority = keep(t, auth);
    r->file = keep(t, info ? info->file : NULL);
    r->valid_until = keep(t, info && info->valid_until && *info->valid_until
                                 ? info->valid_until
                                 : NULL);
    r->line = info ? info->line : 0;
    r->decided = rep->decided;
    r->ok = (unsigned char)ok;
    r->f0 = t->nf;
    /* the findings of the records the page lists: those not compliant */
    r->nf = ok ? 0 : rep->n;
    for (size_t i = 0; i < r->nf; i++) {
      const dp_finding *f = &rep->f[i];
      t_find *k = &t->f[t->nf++];
      k->code = f->code;
      k->sev = f->sev;
      k->rule = keep(t, f->rule_id);
      k->msg[0] = keep(t, f->msg[0]);
      k->msg[1] = keep(t, f->msg[1]);
      k->basis = keep(t, f->basis);
      k->verified = f->verified;
    }
    if (t->str.oom) return DP_ENOMEM;
  }
  t->nr++;
  t->nfindings += rep->n;
  for (size_t i = 0; i < rep->n; i++) {
    if (rep->f[i].sev == DP_ERROR) t->ferrors++;
    else t->fwarnings++;
  }
  if (!ok) t->errors++;
  if (warn) t->warnings++;
  if (unreadable) t->unreadable++;
  if (ok && warn) t->warn_only++;
  if (until != DP_NO_DATE) {
    t->dated++;
    if (t->as_of != DP_NO_DATE && until > t->as_of &&
        until <= plus_months(t->as_of, 6))
      t->expiring++;
  }
  if (expired) t->expired++;
  return 0;
}

/* ---------------------------------------------------------------------
 * Groups: the counts of a map, sorted
 * ------------------------------------------------------------------- */

typedef struct grp {
  const char *key; /* "" for none */
  int year;        /* by year: the year, 0 for none */
  size_t records, compliant, findings;
  const char *proc; /* by rule: the procedure of its first record */
} grp;

typedef struct sortkey {
  const char *key;
  size_t i;
} sortkey;

static int cmp_sortkey(const void *a, const void *b) {
  const sortkey *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  if (c) return c;
  return x->i < y->i ? -1 : x->i > y->i;
}

static int cmp_grp_count(const void *a, const void *b) {
  const grp *x = a, *y = b;
  if (x->records != y->records) return x->records < y->records ? 1 : -1;
  return strcmp(x->key, y->key);
}

static int cmp_grp_findings(const void *a, const void *b) {
  const grp *x = a, *y = b;
  if (x->findings != y->findings) return x->findings < y->findings ? 1 : -1;
  return strcmp(x->key, y->key);
}

static int cmp_grp_key(const void *a, const void *b) {
  const grp *x = a, *y = b;
  /* "" (none) last */
  if (!*x->key != !*y->key) return !*x->key ? 1 : -1;
  return strcmp(x->key, y->key);
}

/* The groups by `by`, sorted: authorities and procedures by records (most
 * first), years in order, rules by findings (most first).  *n set; NULL
 * with n 0 when there are none, NULL with n 1 when out of memory. */
static grp *groups(const dp_tally *t, int by, size_t *n) {
  const t_map *m = &t->by[by];
  *n = 0;
  if (!m->n) return NULL;
  grp *g = dp__calloc(m->n, sizeof *g);
  if (!g) {
    *n = 1;
    return NULL;
  }
  size_t ng = 0;
  for (size_t i = 0; i < m->cap; i++) {
    const t_count *c = &m->v[i];
    if (c->key == NOSTR) continue;
    grp *x = &g[ng++];
    x->key = str(t, c->key);
    x->year = by == BY_YEAR && *x->key ? atoi(x->key) : 0;
    x->records = c->records;
    x->compliant = c->compliant;
    x->findings = c->findings;
    x->proc = str(t, c->proc);
  }
  qsort(g, ng, sizeof *g,
        by == BY_YEAR   ? cmp_grp_key
        : by == BY_RULE ? cmp_grp_findings
                        : cmp_grp_count);
  *n = ng;
  return g;
}

/* The rule a group of findings names, for its description and bases;
 * NULL for the findings about data (record.*, procedure.*). */
static const dp_rule *rule_of(const dp_tally *t, const grp *g) {
  const dp_rule *r = g->proc ? dp_engine_find_rule(t->e, g->proc, g->key)
                             : NULL;
  return r ? r : dp_engine_find_rule(t->e, NULL, g->key);
}

/* What a finding about the record itself (no rule of a procedure) is
 * about, in the summary's words; NULL for an id not known here. */
static const char *data_summary(const char *key, int en) {
  static const struct {
    const char *key, *zh, *en;
  } d[] = {
      {"record.date", "日期无效或者缺失", "a date is invalid or missing"},
      {"record.field", "字段值不符合记录格式", "a field's value does not fit the record format"},
      {"record.label", "事件名称无法对应到程序步骤", "an event's label names no step"},
      {"record.result", "审核、评估结论无法识别", "a result is not a known word"},
      {"record.attribute", "属性名称或者取值无法识别", "an attribute's name or value is not known"},
      {"record.step", "步骤名称无法识别", "a step's name is not known"},
      {"record.unknown", "记录载明了无法识别的内容", "the record lists what could not be read"},
      {"record.invalid", "记录无法检查", "the record cannot be checked"},
      {"procedure.not-in-force", "决定时本程序的依据尚未施行",
       "the procedure's law was not yet in force"},
  };
  for (size_t i = 0; key && i < sizeof d / sizeof d[0]; i++)
    if (strcmp(key, d[i].key) == 0) return en ? d[i].en : d[i].zh;
  return NULL;
}

/* The requirement of a rule, or what a data finding is about; NULL if
 * neither is known. */
static const char *summary_of(const dp_tally *t, const grp *g, int en) {
  const dp_rule *r = rule_of(t, g);
  const char *s = r ? dp_rule_summary(r, en ? DP_LANG_EN : DP_LANG_ZH) : NULL;
  return s ? s : data_summary(g->key, en);
}

static const char *rule_summary(const dp_tally *t, const grp *g, int en) {
  const char *s = summary_of(t, g, en);
  return s ? s : "";
}

/* The title of a procedure in the language, or NULL. */
static const char *proc_title(const dp_tally *t, const char *name, int en) {
  size_t n = dp_engine_procedure_count(t->e);
  for (size_t i = 0; name && i < n; i++)
    if (strcmp(dp_engine_procedure_name(t->e, i), name) == 0)
      return dp_engine_procedure_title(t->e, i, en ? DP_LANG_EN : DP_LANG_ZH);
  return NULL;
}

static double rate(size_t part, size_t whole) {
  return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* The validity section is written when some record dates its validity or
 * some finding says a validity ran out. */
static int show_validity(const dp_tally *t) {
  return t->dated || t->expired;
}

/* ---------------------------------------------------------------------
 * The summary: text
 * ------------------------------------------------------------------- */

static void text_groups(dp__buf *b, const dp_tally *t, const grp *g,
                        size_t n, int by, int en) {
  static const char *const head[2][3] = {
      {"按机关（记录、合规、合规率、发现）：\n",
       "按决定年份（记录、合规、合规率、发现）：\n",
       "按程序（记录、合规、合规率、发现）：\n"},
      {"records by authority (records, compliant, rate, findings):\n",
       "records by year of decision (records, compliant, rate, findings):\n",
       "records by procedure (records, compliant, rate, findings):\n"}};
  static const char *const none[2][3] = {
      {"（未载明机关）", "（无日期）", "（未载明程序）"},
      {"(no authority)", "(no date)", "(no procedure)"}};
  if (!n) return;
  dp__buf_adds(b, head[en][by]);
  for (size_t i = 0; i < n; i++) {
    const char *name = *g[i].key ? g[i].key : none[en][by];
    dp__buf_addf(b, "  %6zu  %6zu  %5.1f%%  %6zu  %s", g[i].records,
                 g[i].compliant, rate(g[i].compliant, g[i].records),
                 g[i].findings, name);
    const char *title = by == BY_PROCEDURE ? proc_title(t, g[i].key, en) : NULL;
    if (title) dp__buf_addf(b, en ? " (%s)" : "（%s）", title);
    dp__buf_addc(b, '\n');
  }
}

static void text_summary(dp__buf *b, const dp_tally *t, int en,
                         grp *const gs[3], const size_t ns[3], const grp *gr,
                         size_t nr) {
  if (t->inputs_set) {
    if (en) {
      dp__buf_addf(b, "summary: %zu input%s\n", t->inputs,
                   t->inputs == 1 ? "" : "s");
      if (t->failed_inputs)
        dp__buf_addf(b, "  %6zu  input%s could not be read\n",
                     t->failed_inputs, t->failed_inputs == 1 ? "" : "s");
      if (t->empty_inputs)
        dp__buf_addf(b, "  %6zu  input%s without a record\n", t->empty_inputs,
                     t->empty_inputs == 1 ? "" : "s");
    } else {
      dp__buf_addf(b, "汇总：%zu 个输入\n", t->inputs);
      if (t->failed_inputs)
        dp__buf_addf(b, "  %6zu  个输入无法读取\n", t->failed_inputs);
      if (t->empty_inputs)
        dp__buf_addf(b, "  %6zu  个输入没有记录\n", t->empty_inputs);
    }
  } else {
    dp__buf_adds(b, en ? "summary:\n" : "汇总：\n");
  }
  size_t compliant = t->nr - t->errors;
  if (en) {
    dp__buf_addf(b, "  %6zu  records read\n", t->nr);
    dp__buf_addf(b, "  %6zu  compliant\n", compliant);
    dp__buf_addf(b, "  %6zu  with errors\n", t->errors - t->unreadable);
    dp__buf_addf(b, "  %6zu  with warnings\n", t->warnings);
    dp__buf_addf(b, "  %6zu  unreadable\n", t->unreadable);
    dp__buf_addf(b, "  %6zu  findings (%zu errors, %zu warnings)\n", t->nfindings,
                 t->ferrors, t->fwarnings);
    dp__buf_addf(b, "  %5.1f%%  compliance rate\n", rate(compliant, t->nr));
  } else {
    dp__buf_addf(b, "  %6zu  条记录\n", t->nr);
    dp__buf_addf(b, "  %6zu  合规\n", compliant);
    dp__buf_addf(b, "  %6zu  有错误\n", t->errors - t->unreadable);
    dp__buf_addf(b, "  %6zu  有警告\n", t->warnings);
    dp__buf_addf(b, "  %6zu  无法读取\n", t->unreadable);
    dp__buf_addf(b, "  %6zu  项发现（错误 %zu，警告 %zu）\n", t->nfindings,
                 t->ferrors, t->fwarnings);
    dp__buf_addf(b, "  %5.1f%%  合规率\n", rate(compliant, t->nr));
  }
  if (nr) {
    dp__buf_adds(b, en ? "findings by rule:\n" : "按规则：\n");
    for (size_t i = 0; i < nr; i++) {
      const char *s = rule_summary(t, &gr[i], en);
      dp__buf_addf(b, "  %6zu  %s%s%s\n", gr[i].findings, gr[i].key,
                   *s ? "  " : "", s);
    }
  }
  for (int by = 0; by < 3; by++) text_groups(b, t, gs[by], ns[by], by, en);
  if (show_validity(t)) {
    char d[2][32] = {"", ""};
    if (t->as_of != DP_NO_DATE) dp__fmt_day(t->as_of, d);
    if (en) {
      dp__buf_addf(b, "validity of normative documents (as of %s):\n", d[1]);
      dp__buf_addf(b, "  %6zu  with a validity date\n", t->dated);
      dp__buf_addf(b, "  %6zu  expiring within 6 months\n", t->expiring);
      dp__buf_addf(b, "  %6zu  past their date without clean-up\n",
                   t->expired);
    } else {
      dp__buf_addf(b, "行政规范性文件有效期（截至%s）：\n", d[0]);
      dp__buf_addf(b, "  %6zu  载明有效期\n", t->dated);
      dp__buf_addf(b, "  %6zu  6个月内到期\n", t->expiring);
      dp__buf_addf(b, "  %6zu  已过有效期未清理\n", t->expired);
    }
  }
}

/* ---------------------------------------------------------------------
 * The summary: JSON and CSV
 * ------------------------------------------------------------------- */

static void json_rate(dp__buf *b, size_t part, size_t whole) {
  if (!whole) dp__buf_adds(b, "null");
  else dp__buf_addf(b, "%.4f", (double)part / (double)whole);
}

static void json_groups(dp__buf *b, const dp_tally *t, const grp *g,
                        size_t n, int by, int en) {
  static const char *const name[3] = {"authority", "year", "procedure"};
  dp__buf_addf(b, ",\"by_%s\":[", name[by]);
  for (size_t i = 0; i < n; i++) {
    dp__buf_addf(b, "%s{\"%s\":", i ? "," : "", name[by]);
    if (!*g[i].key) dp__buf_adds(b, "null");
    else if (by == BY_YEAR) dp__buf_addf(b, "%d", g[i].year);
    else dp__buf_add_json_string(b, g[i].key);
    if (by == BY_PROCEDURE) {
      const char *title = proc_title(t, g[i].key, en);
      dp__buf_adds(b, ",\"title\":");
      if (title) dp__buf_add_json_string(b, title);
      else dp__buf_adds(b, "null");
    }
    dp__buf_addf(b, ",\"records\":%zu,\"compliant\":%zu,\"rate\":",
                 g[i].records, g[i].compliant);
    json_rate(b, g[i].compliant, g[i].records);
    dp__buf_addf(b, ",\"findings\":%zu}", g[i].findings);
  }
  dp__buf_addc(b, ']');
}

static void json_summary(dp__buf *b, const dp_tally *t, int en,
                         grp *const gs[3], const size_t ns[3], const grp *gr,
                         size_t nr) {
  size_t compliant = t->nr - t->errors;
  dp__buf_adds(b, "{");
  if (t->inputs_set)
    dp__buf_addf(b, "\"inputs\":%zu,\"inputs_unreadable\":%zu,"
                    "\"inputs_empty\":%zu,",
                 t->inputs, t->failed_inputs, t->empty_inputs);
  dp__buf_addf(b, "\"records\":%zu,\"compliant\":%zu,\"rate\":", t->nr,
               compliant);
  json_rate(b, compliant, t->nr);
  dp__buf_addf(b, ",\"with_errors\":%zu,\"with_warnings\":%zu,"
                  "\"unreadable\":%zu,\"findings\":%zu,\"finding_errors\":%zu,"
                  "\"finding_warnings\":%zu",
               t->errors - t->unreadable, t->warnings, t->unreadable, t->nfindings,
               t->ferrors, t->fwarnings);
  dp__buf_adds(b, ",\"by_rule\":[");
  for (size_t i = 0; i < nr; i++) {
    const dp_rule *r = rule_of(t, &gr[i]);
    const char *s = summary_of(t, &gr[i], en);
    dp__buf_adds(b, i ? ",{\"rule\":" : "{\"rule\":");
    dp__buf_add_json_string(b, gr[i].key);
    dp__buf_addf(b, ",\"findings\":%zu,\"records\":%zu,\"summary\":",
                 gr[i].findings, gr[i].records);
    if (s) dp__buf_add_json_string(b, s);
    else dp__buf_adds(b, "null");
    dp__buf_adds(b, ",\"basis\":");
    if (r) dp__buf_add_json_string(b, dp_rule_basis(r));
    else dp__buf_adds(b, "null");
    dp__buf_addc(b, '}');
  }
  dp__buf_addc(b, ']');
  for (int by = 0; by < 3; by++) json_groups(b, t, gs[by], ns[by], by, en);
  if (show_validity(t)) {
    char d[16];
    dp__buf_adds(b, ",\"validity\":{\"as_of\":");
    if (t->as_of != DP_NO_DATE)
      dp__buf_add_json_string(b, dp_date_format(t->as_of, d));
    else
      dp__buf_adds(b, "null");
    dp__buf_addf(b, ",\"dated\":%zu,\"expiring_6_months\":%zu,"
                    "\"expired_without_cleanup\":%zu}",
                 t->dated, t->expiring, t->expired);
  }
  dp__buf_adds(b, "}\n");
}

static void csv_row(dp__buf *b, const char *section, const char *key,
                    size_t records, size_t compliant, int with_rate,
                    size_t findings, const char *desc) {
  dp__buf_adds(b, section);
  dp__buf_addc(b, ',');
  dp__buf_add_csv(b, key);
  if (with_rate) {
    dp__buf_addf(b, ",%zu,%zu,", records, compliant);
    if (records) dp__buf_addf(b, "%.4f", (double)compliant / (double)records);
  } else {
    dp__buf_addf(b, ",%zu,,", records);
  }
  dp__buf_addf(b, ",%zu,", findings);
  dp__buf_add_csv(b, desc);
  dp__buf_addc(b, '\n');
}

static void csv_summary(dp__buf *b, const dp_tally *t, int en,
                        grp *const gs[3], const size_t ns[3], const grp *gr,
                        size_t nr) {
  static const char *const section[3] = {"authority", "year", "procedure"};
  dp__buf_adds(b, "section,key,records,compliant,rate,findings,description\n");
  csv_row(b, "total", "", t->nr, t->nr - t->errors, 1, t->nfindings, NULL);
  csv_row(b, "total", "unreadable", t->unreadable, 0, 0, 0, NULL);
  csv_row(b, "total", "with_warnings", t->warnings, 0, 0, t->fwarnings, NULL);
  for (size_t i = 0; i < nr; i++)
    csv_row(b, "rule", gr[i].key, gr[i].records, 0, 0, gr[i].findings,
            rule_summary(t, &gr[i], en));
  for (int by = 0; by < 3; by++)
    for (size_t i = 0; i < ns[by]; i++)
      csv_row(b, section[by], gs[by][i].key, gs[by][i].records,
              gs[by][i].compliant, 1, gs[by][i].findings,
              by == BY_PROCEDURE ? proc_title(t, gs[by][i].key, en) : NULL);
  if (show_validity(t)) {
    char d[16] = "";
    if (t->as_of != DP_NO_DATE) dp_date_format(t->as_of, d);
    csv_row(b, "validity", "dated", t->dated, 0, 0, 0, d);
    csv_row(b, "validity", "expiring_6_months", t->expiring, 0, 0, 0, d);
    csv_row(b, "validity", "expired_without_cleanup", t->expired, 0, 0, 0, d);
  }
}

/* ---------------------------------------------------------------------
 * The HTML report
 * ------------------------------------------------------------------- */

/* s with & < > " ' escaped: everything from records goes through here. */
static void h(dp__buf *b, const char *s) {
  const char *run = s;
  for (; s && *s; s++) {
    const char *rep = NULL;
    switch (*s) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = "&quot;"; break;
    case '\'': rep = "&#39;"; break;
    default: continue;
    }
    dp__buf_add(b, run, (size_t)(s - run));
    dp__buf_adds(b, rep);
    run = s + 1;
  }
  if (s) dp__buf_add(b, run, (size_t)(s - run));
}

/* At most max characters of s (UTF-8), "…" when cut, escaped. */
static void h_cut(dp__buf *b, const char *s, size_t max) {
  size_t chars = 0, i = 0;
  for (; s[i]; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80 && ++chars > max) break;
  if (!s[i]) {
    h(b, s);
    return;
  }
  dp__buf cut = {0};
  dp__buf_add(&cut, s, i);
  dp__buf_adds(&cut, "…");
  if (!cut.oom) h(b, cut.s);
  else b->oom = 1;
  dp__buf_free(&cut);
}

/* The words of the page, [zh, en]. */
enum {
  W_TITLE, W_SUMMARY, W_RECORDS, W_COMPLIANT, W_RATE, W_ERRORS, W_WARNINGS,
  W_UNREADABLE, W_FINDINGS, W_JUMP, W_BY_AUTH, W_BY_YEAR, W_BY_PROC,
  W_AUTH, W_YEAR, W_PROC, W_NO_AUTH, W_NO_YEAR, W_NO_PROC, W_BY_RULE,
  W_RULE, W_DESC, W_BASIS, W_NONCOMPLIANT, W_ALL_OK, W_OPEN_ALL,
  W_CLOSE_ALL, W_DECIDED, W_VALID_UNTIL, W_SOURCE, W_NOTE, W_UNVERIFIED,
  W_VALIDITY, W_DATED, W_EXPIRING, W_EXPIRED, W_CHART, W_WARN_ONLY,
  W_NO_FINDINGS, W__COUNT
};

static const char *const words[W__COUNT][2] = {
    [W_TITLE] = {"程序合规报告", "Procedure compliance report"},
    [W_SUMMARY] = {"概况", "Summary"},
    [W_RECORDS] = {"记录", "records"},
    [W_COMPLIANT] = {"合规", "compliant"},
    [W_RATE] = {"合规率", "compliance rate"},
    [W_ERRORS] = {"有错误", "with errors"},
    [W_WARNINGS] = {"有警告", "with warnings"},
    [W_UNREADABLE] = {"无法读取", "unreadable"},
    [W_FINDINGS] = {"项发现", "findings"},
    [W_JUMP] = {"跳转到机关", "Jump to an authority"},
    [W_BY_AUTH] = {"按机关", "By authority"},
    [W_BY_YEAR] = {"按决定年份", "By year of decision"},
    [W_BY_PROC] = {"按程序", "By procedure"},
    [W_AUTH] = {"机关", "Authority"},
    [W_YEAR] = {"年份", "Year"},
    [W_PROC] = {"程序", "Procedure"},
    [W_NO_AUTH] = {"（未载明机关）", "(no authority)"},
    [W_NO_YEAR] = {"（无日期）", "(no date)"},
    [W_NO_PROC] = {"（未载明程序）", "(no procedure)"},
    [W_BY_RULE] = {"按规则的发现", "Findings by rule"},
    [W_RULE] = {"规则", "Rule"},
    [W_DESC] = {"要求", "Requirement"},
    [W_BASIS] = {"依据", "Basis"},
    [W_NONCOMPLIANT] = {"不合规的记录", "Records that are not compliant"},
    [W_ALL_OK] = {"无不合规记录。", "No record here is non-compliant."},
    [W_OPEN_ALL] = {"全部展开", "Open all"},
    [W_CLOSE_ALL] = {"全部收起", "Close all"},
    [W_DECIDED] = {"决定日期", "decided"},
    [W_VALID_UNTIL] = {"有效期至", "valid until"},
    [W_SOURCE] = {"来源", "source"},
    [W_NOTE] = {"说明", "note"},
    [W_UNVERIFIED] = {"（待核实）", " (unverified)"},
    [W_VALIDITY] = {"行政规范性文件有效期", "Validity of normative documents"},
    [W_DATED] = {"载明有效期", "with a validity date"},
    [W_EXPIRING] = {"6个月内到期", "expiring within 6 months"},
    [W_EXPIRED] = {"已过有效期未清理", "past their date without clean-up"},
    [W_CHART] = {"各规则的发现数", "Findings by rule"},
    [W_WARN_ONLY] = {"条合规记录仅有警告（见 CSV 或 JSON 输出）",
                     "compliant records have warnings only (see the CSV or "
                     "JSON output)"},
    [W_NO_FINDINGS] = {"没有发现。", "No findings."},
};

#define W(id) words[id][en]

static const char html_head[] =
    "<style>\n"
    ":root{--bad:#b42318;--warn:#b54708;--ok:#067647;--line:#d0d5dd;"
    "--bg:#f9fafb;--ink:#101828;--dim:#475467}\n"
    "body{margin:0 auto;max-width:72rem;padding:1rem 1.5rem 4rem;"
    "color:var(--ink);font:15px/1.55 \"Noto Sans CJK SC\",\"Source Han Sans SC\","
    "\"PingFang SC\",\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",sans-serif}\n"
    "h1{font-size:1.6rem;margin:.5rem 0}h2{font-size:1.3rem;margin-top:2rem;"
    "border-bottom:2px solid var(--line)}h3{font-size:1.1rem}\n"
    ".cards{display:flex;flex-wrap:wrap;gap:.6rem}.card{border:1px solid "
    "var(--line);border-radius:6px;padding:.5rem .9rem;background:var(--bg);"
    "min-width:7rem}.card b{display:block;font-size:1.5rem}.card span{color:"
    "var(--dim);font-size:.85rem}\n"
    "table{border-collapse:collapse;margin:.5rem 0 1rem;font-size:.9rem}"
    "th,td{border-bottom:1px solid var(--line);padding:.25rem .6rem;"
    "text-align:left;vertical-align:top}th{background:var(--bg);white-space:nowrap}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "nav ul{columns:3 16rem;padding-left:1.2rem;margin:.3rem 0}"
    ".basis,.meta{color:var(--dim);font-size:.85rem}\n"
    "details{border-bottom:1px solid var(--line);padding:.2rem 0}"
    "summary{cursor:pointer}details ol{margin:.3rem 0 .6rem}"
    "li.e .c{color:var(--bad)}li.w .c{color:var(--warn)}.bad{color:var(--bad)}"
    ".ok{color:var(--ok)}code{font-size:.85em}\n"
    "svg text{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\","
    "\"PingFang SC\",\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",sans-serif;"
    "font-size:12px}\n"
    "@media print{details{break-inside:avoid}button{display:none}}\n"
    "</style>\n";

/* One table of groups (by authority, year or procedure). */
static void html_groups(dp__buf *b, const dp_tally *t, const grp *g,
                        size_t n, int by, int en) {
  static const char *const id[3] = {"by-authority", "by-year",
                                    "by-procedure"};
  static const int head[3] = {W_BY_AUTH, W_BY_YEAR, W_BY_PROC};
  static const int col[3] = {W_AUTH, W_YEAR, W_PROC};
  static const int none[3] = {W_NO_AUTH, W_NO_YEAR, W_NO_PROC};
  dp__buf_addf(b, "<h3>%s</h3>\n<table id=\"%s\"><thead><tr><th>%s</th>"
                  "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead>"
                  "<tbody>\n",
               W(head[by]), id[by], W(col[by]), W(W_RECORDS), W(W_COMPLIANT),
               W(W_RATE), W(W_FINDINGS));
  for (size_t i = 0; i < n; i++) {
    dp__buf_adds(b, "<tr data-key=\"");
    h(b, g[i].key);
    dp__buf_adds(b, "\"><td>");
    if (by == BY_AUTHORITY) dp__buf_addf(b, "<a href=\"#a-%zu\">", i + 1);
    if (*g[i].key) h(b, g[i].key);
    else dp__buf_adds(b, W(none[by]));
    if (by == BY_AUTHORITY) dp__buf_adds(b, "</a>");
    const char *title = by == BY_PROCEDURE ? proc_title(t, g[i].key, en) : NULL;
    if (title) {
      dp__buf_adds(b, " <span class=\"meta\">");
      h(b, title);
      dp__buf_adds(b, "</span>");
    }
    dp__buf_addf(b, "</td><td class=\"n\">%zu</td><td class=\"n\">%zu</td>"
                    "<td class=\"n\">%.1f%%</td><td class=\"n\">%zu</td></tr>\n",
                 g[i].records, g[i].compliant,
                 rate(g[i].compliant, g[i].records), g[i].findings);
  }
  dp__buf_adds(b, "</tbody></table>\n");
}

/* The bar chart of findings by rule: inline SVG, the rule's description
 * as its label (cut), its id and whole description in a tooltip. */
#define CHART_MAX 30
static void html_chart(dp__buf *b, const dp_tally *t, const grp *gr,
                       size_t nr, int en) {
  size_t n = nr < CHART_MAX ? nr : CHART_MAX;
  if (!n) return;
  const int row = 22, label = 360, bar = 330, top = 8;
  size_t max = gr[0].findings ? gr[0].findings : 1;
  int height = top * 2 + row * (int)n;
  dp__buf_addf(b, "<svg id=\"chart\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" "
                  "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">"
                  "<title>%s</title>\n",
               label + bar + 60, height, label + bar + 60, height, W(W_CHART));
  for (size_t i = 0; i < n; i++) {
    const char *s = rule_summary(t, &gr[i], en);
    int y = top + row * (int)i;
    int w = (int)((double)bar * (double)gr[i].findings / (double)max + 0.5);
    if (w < 1) w = 1;
    dp__buf_addf(b, "<g data-rule=\"");
    h(b, gr[i].key);
    dp__buf_adds(b, "\"><title>");
    h(b, gr[i].key);
    if (*s) {
      dp__buf_adds(b, " — ");
      h(b, s);
    }
    dp__buf_addf(b, "</title><text x=\"%d\" y=\"%d\" text-anchor=\"end\">",
                 label - 8, y + 15);
    h_cut(b, *s ? s : gr[i].key, en ? 52 : 26);
    dp__buf_addf(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
                    "fill=\"#d92d20\"/><text x=\"%d\" y=\"%d\">%zu</text></g>\n",
                 label, y + 3, w, row - 6, label + w + 6, y + 15,
                 gr[i].findings);
  }
  dp__buf_adds(b, "</svg>\n");
}

/* One non-compliant record, collapsed. */
static void html_record(dp__buf *b, const dp_tally *t, const t_rec *r,
                        int en) {
  dp__buf_adds(b, "<details data-id=\"");
  h(b, str(t, r->id) ? str(t, r->id) : "");
  dp__buf_adds(b, "\"><summary><span class=\"bad\">✗</span> <b>");
  h(b, str(t, r->id) ? str(t, r->id) : (en ? "(no id)" : "（无 id）"));
  dp__buf_adds(b, "</b> ");
  if (r->title != NOSTR) h(b, str(t, r->title));
  dp__buf_adds(b, " <span class=\"meta\">");
  if (r->procedure != NOSTR) {
    const char *title = proc_title(t, str(t, r->procedure), en);
    h(b, title ? title : str(t, r->procedure));
  }
  if (r->decided != DP_NO_DATE) {
    /* the date in the words of the report: 2023年3月28日, 2023-03-28 */
    char day[2][32];
    dp__fmt_day(r->decided, day);
    dp__buf_addf(b, en ? " · %s %s" : " · %s：%s", W(W_DECIDED), day[en ? 1 : 0]);
  }
  dp__buf_addf(b, en ? " · %zu %s" : " · %zu %s", r->nf, W(W_FINDINGS));
  dp__buf_adds(b, "</span></summary>\n<div class=\"meta\">");
  dp__buf_adds(b, W(W_SOURCE));
  dp__buf_adds(b, en ? ": " : "：");
  if (r->file != NOSTR) h(b, str(t, r->file));
  if (r->line) dp__buf_addf(b, ":%ld", r->line);
  if (r->valid_until != NOSTR) {
    const char *vu = str(t, r->valid_until);
    int32_t day;
    char dd[2][32];
    dp__buf_addf(b, en ? " · %s " : " · %s：", W(W_VALID_UNTIL));
    if (dp_date_parse(vu, strlen(vu), &day, NULL) == 0) {
      dp__fmt_day(day, dd);
      h(b, dd[en ? 1 : 0]);
    } else {
      h(b, vu);
    }
  }
  dp__buf_adds(b, "</div>\n<ol>");
  for (size_t j = 0; j < r->nf; j++) {
    const t_find *f = &t->f[r->f0 + j];
    const char *rule = str(t, f->rule);
    int data = rule && strncmp(rule, "record.", 7) == 0;
    dp__buf_addf(b, "<li class=\"%s\"><span class=\"c\">%s %s</span> <code>",
                 f->sev == DP_ERROR ? "e" : "w",
                 f->sev == DP_ERROR ? "✗" : "⚠", dp_code_name(f->code));
    h(b, rule ? rule : "");
    dp__buf_adds(b, "</code> ");
    h(b, str(t, f->msg[en]) ? str(t, f->msg[en]) : "");
    dp__buf_addf(b, "<div class=\"basis\">%s%s", W(data ? W_NOTE : W_BASIS),
                 en ? ": " : "：");
    if (f->basis != NOSTR) h(b, str(t, f->basis));
    if (!f->verified) dp__buf_adds(b, W(W_UNVERIFIED));
    dp__buf_adds(b, "</div></li>");
  }
  dp__buf_adds(b, "</ol></details>\n");
}

/* The summary section: the counts, the authorities to jump to, the
 * tables by authority, year and procedure, and the validity portfolio. */
static void html_summary(dp__buf *b, const dp_tally *t, int en,
                         grp *const gs[3], const size_t ns[3]) {
  size_t compliant = t->nr - t->errors;
  dp__buf_addf(b, "<section id=\"summary\">\n<h2>%s</h2>\n<div class=\"cards\">\n",
               W(W_SUMMARY));
  dp__buf_addf(b, "<div class=\"card\"><b id=\"n-records\">%zu</b><span>%s</span></div>\n",
               t->nr, W(W_RECORDS));
  dp__buf_addf(b, "<div class=\"card\"><b id=\"n-compliant\" class=\"ok\">%zu</b>"
                  "<span>%s</span></div>\n", compliant, W(W_COMPLIANT));
  dp__buf_addf(b, "<div class=\"card\"><b id=\"rate\">%.1f%%</b><span>%s</span></div>\n",
               rate(compliant, t->nr), W(W_RATE));
  dp__buf_addf(b, "<div class=\"card\"><b id=\"n-errors\" class=\"bad\">%zu</b>"
                  "<span>%s</span></div>\n", t->errors - t->unreadable,
               W(W_ERRORS));
  dp__buf_addf(b, "<div class=\"card\"><b id=\"n-warnings\">%zu</b><span>%s</span></div>\n",
               t->warnings, W(W_WARNINGS));
  dp__buf_addf(b, "<div class=\"card\"><b id=\"n-unreadable\">%zu</b><span>%s</span></div>\n",
               t->unreadable, W(W_UNREADABLE));
  dp__buf_addf(b, "<div class=\"card\"><b id=\"n-findings\">%zu</b><span>%s</span></div>\n",
               t->nfindings, W(W_FINDINGS));
  dp__buf_adds(b, "</div>\n");
  /* the list of authorities to jump to */
  if (ns[BY_AUTHORITY]) {
    dp__buf_addf(b, "<nav id=\"authorities\"><h3>%s</h3><ul>\n", W(W_JUMP));
    for (size_t i = 0; i < ns[BY_AUTHORITY]; i++) {
      const grp *g = &gs[BY_AUTHORITY][i];
      dp__buf_addf(b, "<li><a href=\"#a-%zu\">", i + 1);
      if (*g->key) h(b, g->key);
      else dp__buf_adds(b, W(W_NO_AUTH));
      dp__buf_addf(b, "</a> <span class=\"meta\">%zu · ✗ %zu</span></li>\n",
                   g->records, g->records - g->compliant);
    }
    dp__buf_adds(b, "</ul></nav>\n");
  }
  for (int by = 0; by < 3; by++) html_groups(b, t, gs[by], ns[by], by, en);
  if (show_validity(t)) {
    char d[2][32] = {"", ""};
    if (t->as_of != DP_NO_DATE) dp__fmt_day(t->as_of, d);
    dp__buf_addf(b,
                 en ? "<h3>%s <span class=\"meta\">(as of %s)</span></h3>\n"
                    : "<h3>%s <span class=\"meta\">（截至%s）</span></h3>\n",
                 W(W_VALIDITY), d[en ? 1 : 0]);
    dp__buf_addf(b, "<table id=\"validity\"><tbody>\n"
                    "<tr><td>%s</td><td class=\"n\" id=\"v-dated\">%zu</td></tr>\n"
                    "<tr><td>%s</td><td class=\"n\" id=\"v-expiring\">%zu</td></tr>\n"
                    "<tr><td>%s</td><td class=\"n\" id=\"v-expired\">%zu</td></tr>\n"
                    "</tbody></table>\n",
                 W(W_DATED), t->dated, W(W_EXPIRING), t->expiring,
                 W(W_EXPIRED), t->expired);
  }
  dp__buf_adds(b, "</section>\n");
}

/* The section of findings by rule: the chart, then the table with
 * descriptions and bases. */
static void html_rules(dp__buf *b, const dp_tally *t, int en, const grp *gr,
                       size_t nr) {
  dp__buf_addf(b, "<section id=\"rules\">\n<h2>%s</h2>\n", W(W_BY_RULE));
  if (!nr) dp__buf_addf(b, "<p>%s</p>\n", W(W_NO_FINDINGS));
  html_chart(b, t, gr, nr, en);
  if (nr) {
    dp__buf_addf(b, "<table id=\"by-rule\"><thead><tr><th>%s</th><th>%s</th>"
                    "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
                 W(W_RULE), W(W_FINDINGS), W(W_RECORDS), W(W_DESC),
                 W(W_BASIS));
    for (size_t i = 0; i < nr; i++) {
      const dp_rule *r = rule_of(t, &gr[i]);
      const char *s = summary_of(t, &gr[i], en);
      dp__buf_adds(b, "<tr data-rule=\"");
      h(b, gr[i].key);
      dp__buf_adds(b, "\"><td><code>");
      h(b, gr[i].key);
      dp__buf_addf(b, "</code></td><td class=\"n\">%zu</td><td class=\"n\">%zu"
                      "</td><td>", gr[i].findings, gr[i].records);
      if (s) h(b, s);
      dp__buf_adds(b, "</td><td class=\"basis\">");
      if (r) h(b, dp_rule_basis(r));
      dp__buf_adds(b, "</td></tr>\n");
    }
    dp__buf_adds(b, "</tbody></table>\n");
  }
  dp__buf_adds(b, "</section>\n");
}

/* The non-compliant records by authority, in input order, collapsed;
 * written to the sink every 64 KiB.  The section is left open. */
static void html_records(dp__buf *b, const dp_tally *t, int en,
                         grp *const gs[3], const size_t ns[3],
                         const dp_write_options *o, int *rc) {
  dp__buf_addf(b, "<section id=\"records\">\n<h2>%s</h2>\n<p><button "
                  "type=\"button\" onclick=\"dpAll(true)\">%s</button> "
                  "<button type=\"button\" onclick=\"dpAll(false)\">%s</button>"
                  "</p>\n",
               W(W_NONCOMPLIANT), W(W_OPEN_ALL), W(W_CLOSE_ALL));
  sortkey *k = t->nr ? dp__malloc(t->nr * sizeof *k) : NULL;
  if (t->nr && !k) {
    *rc = DP_ENOMEM;
    return;
  }
  for (size_t i = 0; i < t->nr; i++) {
    k[i].key = t->r[i].authority != NOSTR ? str(t, t->r[i].authority) : "";
    k[i].i = i;
  }
  if (t->nr) qsort(k, t->nr, sizeof *k, cmp_sortkey);
  for (size_t gi = 0; gi < ns[BY_AUTHORITY] && !*rc; gi++) {
    const grp *g = &gs[BY_AUTHORITY][gi];
    /* the first record of this authority in k */
    size_t lo = 0, hi = t->nr;
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (strcmp(k[mid].key, g->key) < 0) lo = mid + 1;
      else hi = mid;
    }
    dp__buf_addf(b, "<section class=\"authority\" id=\"a-%zu\">\n<h3>", gi + 1);
    if (*g->key) h(b, g->key);
    else dp__buf_adds(b, W(W_NO_AUTH));
    dp__buf_addf(b, " <span class=\"meta\">%zu %s, %zu %s</span></h3>\n",
                 g->records, W(W_RECORDS), g->compliant, W(W_COMPLIANT));
    if (g->compliant == g->records) dp__buf_addf(b, "<p>%s</p>\n", W(W_ALL_OK));
    for (size_t i = lo; i < t->nr && strcmp(k[i].key, g->key) == 0; i++) {
      const t_rec *r = &t->r[k[i].i];
      if (r->ok) continue;
      html_record(b, t, r, en);
      if (b->len > (1u << 16) && (*rc = dp__write_buf(o, b))) break;
    }
    dp__buf_adds(b, "</section>\n");
  }
  free(k);
}

/* The page, written to the sink a piece at a time (a section, or some
 * records) so that its buffer stays small. */
static void html_page(dp__buf *b, const dp_tally *t, int en,
                      grp *const gs[3], const size_t ns[3], const grp *gr,
                      size_t nr, const dp_write_options *o, int *rc) {
  dp__buf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                  "<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width,"
                  "initial-scale=1\">\n<meta name=\"generator\" "
                  "content=\"dueproc %s\">\n<title>%s</title>\n",
               en ? "en" : "zh-CN", dp_version_string(), W(W_TITLE));
  dp__buf_adds(b, html_head);
  dp__buf_addf(b, "</head>\n<body>\n<h1>%s</h1>\n", W(W_TITLE));
  html_summary(b, t, en, gs, ns);
  html_rules(b, t, en, gr, nr);
  if ((*rc = dp__write_buf(o, b))) return;
  html_records(b, t, en, gs, ns, o, rc);
  if (*rc) return;
  if (t->warn_only)
    dp__buf_addf(b, "<p class=\"meta\">%zu %s</p>\n", t->warn_only,
                 W(W_WARN_ONLY));
  dp__buf_adds(b, "</section>\n<script>\nfunction dpAll(o){"
                  "document.querySelectorAll('details').forEach("
                  "function(d){d.open=o;});}\n</script>\n</body>\n</html>\n");
}

int dp_tally_write(const dp_tally *t, const dp_write_options *o) {
  if (!t || !o) return DP_EINVAL;
  /* the page lists the records: only a tally that kept them makes it */
  if (o->format == DP_WRITE_HTML && !(t->flags & DP_TALLY_RECORDS))
    return DP_EINVAL;
  int en = o->lang == DP_LANG_EN;
  grp *gs[3] = {NULL, NULL, NULL}, *gr = NULL;
  size_t ns[3] = {0, 0, 0}, nr = 0;
  int rc = 0;
  for (int by = 0; by < 3; by++) {
    gs[by] = groups(t, by, &ns[by]);
    if (!gs[by] && ns[by]) rc = DP_ENOMEM;
  }
  gr = groups(t, BY_RULE, &nr);
  if (!gr && nr) rc = DP_ENOMEM;
  dp__buf b = {0};
  if (rc == 0) {
    switch (o->format) {
    case DP_WRITE_TEXT: text_summary(&b, t, en, gs, ns, gr, nr); break;
    case DP_WRITE_JSON: json_summary(&b, t, en, gs, ns, gr, nr); break;
    case DP_WRITE_CSV:
      if (o->flags & DP_WRITE_BOM) dp__buf_adds(&b, DP__BOM);
      csv_summary(&b, t, en, gs, ns, gr, nr);
      break;
    case DP_WRITE_HTML: html_page(&b, t, en, gs, ns, gr, nr, o, &rc); break;
    default: rc = DP_EINVAL; break;
    }
  }
  if (rc == 0) rc = dp__write_buf(o, &b);
  dp__buf_free(&b);
  for (int by = 0; by < 3; by++) free(gs[by]);
  free(gr);
  return rc;
}

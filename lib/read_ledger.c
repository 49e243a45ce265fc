/*
 * read_ledger.c - ledgers (台账): CSV with one row a record and a column
 * for each step's date, period, meeting or result (doc/ledger.md).
 *
 * What the columns mean is a ledger map: the default (lib/ledger.map,
 * compiled in) plus the names of the steps and attributes the engine's
 * rules declare, plus any file the caller adds.  The rows are cut by the
 * CSV reader's tokenizer (read_csv.c) and the dates read by the one date
 * parser (date.c); one row is one record, read as it comes (no index: a
 * record is complete at the end of its row).
 *
 * A blank cell says nothing (records.md §8.5): its step goes to the
 * record's `unknown` list, as does every step without a column.  A cell
 * with a `none` word (无, 未开展, —) says the step did not happen.
 */
#include "dp-private.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------------
 * The map
 * ------------------------------------------------------------------- */

/* What a column holds. */
enum { T_UNKNOWN = 0, T_IGNORE, T_FIELD, T_ATTR, T_STEP };

/* The parts of a step a column may hold. */
enum {
  P_DATE = 0,
  P_START,
  P_END,
  P_PERIOD,
  P_RESULT,
  P_MEETING,
  P_BY,
  P_CHANNEL,
  P_REASON,
  P_LABEL,
  P_SIGNED,
  P_FEEDBACK,
  P_COUNT
};
static const char *const part_names[P_COUNT] = {
    "date",   "start",  "end",    "period", "result", "meeting",
    "by",     "channel", "reason", "label",  "signed", "feedback_published"};
/* the event field of each part from P_RESULT on */
static const int part_field[P_COUNT] = {
    [P_RESULT] = DP__EF_RESULT,   [P_MEETING] = DP__EF_MEETING,
    [P_BY] = DP__EF_BY,           [P_CHANNEL] = DP__EF_CHANNEL,
    [P_REASON] = DP__EF_REASON,   [P_LABEL] = DP__EF_LABEL,
    [P_SIGNED] = DP__EB_SIGNED,   [P_FEEDBACK] = DP__EB_FEEDBACK};

/* A name and what it stands for.  For `value`: name the cell's word, text
 * the value, target the field (T_FIELD) or attribute (T_ATTR). */
typedef struct lm_ent {
  char *name;
  char *text;
  int type, target, part;
} lm_ent;

typedef struct lm_vec {
  lm_ent *v;
  size_t n, cap;
} lm_vec;

typedef struct lm_attr {
  char *name;
  int string;
} lm_attr;

struct dp_ledger_map {
  char **steps; /* the engine's step names, in its order */
  size_t nsteps;
  lm_attr *attrs; /* the engine's attributes (and the map's own) */
  size_t nattrs, capattrs;
  lm_vec columns;  /* whole names: column, ignore */
  lm_vec fields;   /* field aliases */
  lm_vec snames;   /* step names */
  lm_vec anames;   /* attribute names */
  lm_vec parts;    /* endings: name the ending, part */
  lm_vec prefixes; /* attribute prefixes */
  lm_vec values;   /* cell words */
  lm_vec words;    /* none (type 0), true (1), false (2) */
};

static void vec_free(lm_vec *v) {
  for (size_t i = 0; i < v->n; i++) {
    free(v->v[i].name);
    free(v->v[i].text);
  }
  free(v->v);
  memset(v, 0, sizeof *v);
}

/* Append an entry (name copied; text copied when not NULL). */
static int vec_add(lm_vec *v, const char *name, const char *text, int type,
                   int target, int part) {
  if (dp__grow((void **)&v->v, &v->cap, v->n + 1, sizeof *v->v))
    return DP_ENOMEM;
  lm_ent *e = &v->v[v->n];
  e->name = dp__strdup(name);
  e->text = text ? dp__strdup(text) : NULL;
  if (!e->name || (text && !e->text)) {
    free(e->name);
    free(e->text);
    return DP_ENOMEM;
  }
  e->type = type;
  e->target = target;
  e->part = part;
  v->n++;
  return 0;
}

/* Names compare whole: ASCII in any case, the rest as written. */
static int name_eq(const char *a, const char *b) {
  return strcasecmp(a, b) == 0;
}

/* The last entry named so (later statements override), or NULL. */
static const lm_ent *vec_find(const lm_vec *v, const char *name) {
  for (size_t i = v->n; i-- > 0;)
    if (name_eq(v->v[i].name, name)) return &v->v[i];
  return NULL;
}

void dp_ledger_map_free(dp_ledger_map *m) {
  if (!m) return;
  for (size_t i = 0; i < m->nsteps; i++) free(m->steps[i]);
  free(m->steps);
  for (size_t i = 0; i < m->nattrs; i++) free(m->attrs[i].name);
  free(m->attrs);
  lm_vec *vs[] = {&m->columns, &m->fields, &m->snames,   &m->anames,
                  &m->parts,   &m->prefixes, &m->values, &m->words};
  for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++) vec_free(vs[i]);
  free(m);
}

static int step_index(const dp_ledger_map *m, const char *name) {
  for (size_t i = 0; i < m->nsteps; i++)
    if (strcmp(m->steps[i], name) == 0) return (int)i;
  return -1;
}

static int attr_index(const dp_ledger_map *m, const char *name) {
  for (size_t i = 0; i < m->nattrs; i++)
    if (strcmp(m->attrs[i].name, name) == 0) return (int)i;
  return -1;
}

static int add_attr(dp_ledger_map *m, const char *name, int string) {
  int k = attr_index(m, name);
  if (k >= 0) {
    m->attrs[k].string |= string;
    return k;
  }
  if (dp__grow((void **)&m->attrs, &m->capattrs, m->nattrs + 1,
               sizeof *m->attrs))
    return DP_ENOMEM;
  if (!(m->attrs[m->nattrs].name = dp__strdup(name))) return DP_ENOMEM;
  m->attrs[m->nattrs].string = string;
  return (int)m->nattrs++;
}

/* The names the engine gives its steps and attributes. */
static int derive(dp_ledger_map *m, const dp_engine *e) {
  m->steps = dp__calloc(e->nsteps ? e->nsteps : 1, sizeof *m->steps);
  if (!m->steps) return DP_ENOMEM;
  for (size_t i = 0; i < e->nsteps; i++) {
    if (!(m->steps[i] = dp__strdup(e->steps[i].name))) return DP_ENOMEM;
    m->nsteps++;
  }
  int rc = 0;
  for (size_t i = 0; i < e->nsteps && !rc; i++) {
    rc = vec_add(&m->snames, e->steps[i].name, NULL, T_STEP, (int)i, 0);
    for (int l = 0; l < 2 && !rc; l++)
      if (e->steps[i].title[l])
        rc = vec_add(&m->snames, e->steps[i].title[l], NULL, T_STEP, (int)i,
                     0);
  }
  for (size_t p = 0; p < e->nprocs && !rc; p++) {
    const dp__procedure *pr = e->procs[p];
    for (size_t t = 0; t < pr->ntitles && !rc; t++)
      for (int l = 0; l < 2 && !rc; l++)
        if (pr->titles[t].title[l] && pr->titles[t].step >= 0)
          rc = vec_add(&m->snames, pr->titles[t].title[l], NULL, T_STEP,
                       pr->titles[t].step, 0);
  }
  /* a procedure's titles are words for it in a 文件类型 cell */
  for (size_t p = 0; p < e->nprocs && !rc; p++)
    for (int l = 0; l < 2 && !rc; l++)
      if (e->procs[p]->title[l])
        rc = vec_add(&m->values, e->procs[p]->title[l], e->procs[p]->name,
                     T_FIELD, DP__RF_PROCEDURE, 0);
  /* attributes: every procedure's and the common ones */
  for (size_t p = 0; p <= e->nprocs && !rc; p++) {
    const dp__attrdef *defs = p < e->nprocs ? e->procs[p]->attrdefs
                                            : e->attrdefs;
    size_t n = p < e->nprocs ? e->procs[p]->nattrdefs : e->nattrdefs;
    for (size_t i = 0; i < n && !rc; i++) {
      int k = add_attr(m, defs[i].name, defs[i].string);
      if (k < 0) return k;
      rc = vec_add(&m->anames, defs[i].name, NULL, T_ATTR, k, 0);
      for (int l = 0; l < 2 && !rc; l++)
        if (defs[i].title[l])
          rc = vec_add(&m->anames, defs[i].title[l], NULL, T_ATTR, k, 0);
    }
  }
  return rc;
}

/* --- the map's text ------------------------------------------------------ */

typedef struct lm_tok {
  char *s;
  int col;
} lm_tok;

/* Split one line into words: blanks separate, "…" quotes (no escapes), #
 * outside quotes ends the line.  Returns the count, or -1 with *badcol
 * for an unclosed quote, -2 with *badcol for a word beyond the max-th.
 * The words are copies in buf. */
static int split_line(const char *s, size_t n, char *buf, lm_tok *t,
                      int max, int *badcol) {
  int nt = 0;
  size_t i = 0, o = 0;
  while (i < n) {
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) i++;
    if (i >= n || s[i] == '#') break;
    if (nt == max) {
      *badcol = (int)i + 1;
      return -2;
    }
    t[nt].col = (int)i + 1;
    t[nt].s = buf + o;
    if (s[i] == '"') {
      const char *q = memchr(s + i + 1, '"', n - i - 1);
      if (!q) {
        *badcol = (int)i + 1;
        return -1;
      }
      size_t k = (size_t)(q - (s + i + 1));
      memcpy(buf + o, s + i + 1, k);
      o += k;
      i += k + 2;
    } else {
      while (i < n && s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
        buf[o++] = s[i++];
    }
    buf[o++] = '\0';
    nt++;
  }
  return nt;
}

static int part_lookup(const char *w) {
  for (int p = 0; p < P_COUNT; p++)
    if (strcmp(part_names[p], w) == 0) return p;
  return -1;
}

static int field_lookup(const char *w) {
  int f = dp__rfield_lookup(w);
  return f;
}

/* One statement; 0, or DP_ESYNTAX with err (line, column), DP_ENOMEM. */
static int statement(dp_ledger_map *m, lm_tok *t, int nt, const char *src,
                     int line, dp_error *err) {
  const char *kw = t[0].s;
  int rc = 0;
#define BAD(col, ...)                                                        \
  do {                                                                       \
    dp__error_set(err, DP_ESYNTAX, src, line, col, -1, __VA_ARGS__);         \
    return DP_ESYNTAX;                                                       \
  } while (0)
  if (strcmp(kw, "field") == 0 || strcmp(kw, "step") == 0 ||
      strcmp(kw, "attribute") == 0) {
    if (nt < 3) BAD(t[0].col, "'%s' wants a name and at least one column "
                    "name", kw);
    int target;
    lm_vec *v;
    int type;
    if (kw[0] == 'f') {
      if ((target = field_lookup(t[1].s)) < 0)
        BAD(t[1].col, "unknown field '%s' (id, title, authority, "
            "doc_number, procedure, effective_date, valid_until)", t[1].s);
      v = &m->fields;
      type = T_FIELD;
    } else if (kw[0] == 's') {
      if ((target = step_index(m, t[1].s)) < 0)
        BAD(t[1].col, "unknown step '%s'", t[1].s);
      v = &m->snames;
      type = T_STEP;
    } else {
      if ((target = attr_index(m, t[1].s)) < 0)
        BAD(t[1].col, "unknown attribute '%s'", t[1].s);
      v = &m->anames;
      type = T_ATTR;
    }
    for (int i = 2; i < nt && !rc; i++)
      rc = vec_add(v, t[i].s, NULL, type, target, 0);
    return rc;
  }
  if (strcmp(kw, "part") == 0) {
    int p;
    if (nt < 3) BAD(t[0].col, "'part' wants a part and at least one ending");
    if ((p = part_lookup(t[1].s)) < 0)
      BAD(t[1].col, "unknown part '%s' (date, start, end, period, result, "
          "meeting, by, channel, reason, label, signed, "
          "feedback_published)", t[1].s);
    for (int i = 2; i < nt && !rc; i++)
      rc = vec_add(&m->parts, t[i].s, NULL, T_STEP, -1, p);
    return rc;
  }
  if (strcmp(kw, "prefix") == 0 || strcmp(kw, "ignore") == 0 ||
      strcmp(kw, "none") == 0 || strcmp(kw, "true") == 0 ||
      strcmp(kw, "false") == 0) {
    if (nt < 2) BAD(t[0].col, "'%s' wants at least one word", kw);
    for (int i = 1; i < nt && !rc; i++) {
      if (kw[0] == 'p') rc = vec_add(&m->prefixes, t[i].s, NULL, 0, 0, 0);
      else if (kw[0] == 'i')
        rc = vec_add(&m->columns, t[i].s, NULL, T_IGNORE, 0, 0);
      else
        rc = vec_add(&m->words, t[i].s, NULL,
                     kw[0] == 'n' ? 0 : kw[0] == 't' ? 1 : 2, 0, 0);
    }
    return rc;
  }
  if (strcmp(kw, "column") == 0) {
    if (nt != 4) BAD(t[0].col, "'column' wants NAME STEP PART, NAME field "
                     "FIELD or NAME attribute ATTR");
    int target;
    if (strcmp(t[2].s, "field") == 0) {
      if ((target = field_lookup(t[3].s)) < 0)
        BAD(t[3].col, "unknown field '%s'", t[3].s);
      return vec_add(&m->columns, t[1].s, NULL, T_FIELD, target, 0);
    }
    if (strcmp(t[2].s, "attribute") == 0) {
      if ((target = attr_index(m, t[3].s)) < 0)
        BAD(t[3].col, "unknown attribute '%s'", t[3].s);
      return vec_add(&m->columns, t[1].s, NULL, T_ATTR, target, 0);
    }
    if ((target = step_index(m, t[2].s)) < 0)
      BAD(t[2].col, "unknown step '%s'", t[2].s);
    int p = part_lookup(t[3].s);
    if (p < 0) BAD(t[3].col, "unknown part '%s'", t[3].s);
    return vec_add(&m->columns, t[1].s, NULL, T_STEP, target, p);
  }
  if (strcmp(kw, "value") == 0) {
    if (nt != 4) BAD(t[0].col, "'value' wants TARGET WORD VALUE");
    if (strcmp(t[1].s, "procedure") == 0)
      return vec_add(&m->values, t[2].s, t[3].s, T_FIELD, DP__RF_PROCEDURE,
                     0);
    int k = attr_index(m, t[1].s);
    if (k < 0 || !m->attrs[k].string)
      BAD(t[1].col, "'value' is for procedure or a string attribute, not "
          "'%s'", t[1].s);
    return vec_add(&m->values, t[2].s, t[3].s, T_ATTR, k, 0);
  }
  BAD(t[0].col, "unknown statement '%s' (field, step, attribute, part, "
      "prefix, column, ignore, value, none, true, false)", kw);
#undef BAD
}

int dp_ledger_map_load_string(dp_ledger_map *m, const char *text,
                              size_t len, const char *source,
                              dp_error *err) {
  if (!m || (!text && len)) return DP_EINVAL;
  const char *src = source ? source : "<string>";
  if (!dp__utf8_valid(text ? text : "", len)) {
    size_t at = dp__utf8_prefix(text, len);
    int line = 1, col = 1;
    for (size_t i = 0; i < at; i++, col++)
      if (text[i] == '\n') {
        line++;
        col = 0;
      }
    dp__error_set(err, DP_ESYNTAX, src, line, col, (long)at,
                  "not UTF-8 text");
    return DP_ESYNTAX;
  }
  /* all or nothing: remember where each list ended */
  lm_vec *vs[] = {&m->columns, &m->fields, &m->snames,   &m->anames,
                  &m->parts,   &m->prefixes, &m->values, &m->words};
  enum { NV = sizeof vs / sizeof vs[0] };
  size_t was[NV];
  for (size_t i = 0; i < NV; i++) was[i] = vs[i]->n;
  char *buf = NULL;
  size_t bcap = 0;
  int rc = 0, line = 1;
  size_t i = 0;
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < len && !rc) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t n = nl ? (size_t)(nl - (text + i)) : len - i;
    if (dp__grow((void **)&buf, &bcap, n + 1, 1)) {
      rc = DP_ENOMEM;
      break;
    }
    lm_tok t[256];
    int badcol = 0;
    int nt = split_line(text + i, n, buf, t, 256, &badcol);
    if (nt < 0) {
      dp__error_set(err, DP_ESYNTAX, src, line, badcol, -1,
                    nt == -1 ? "unclosed quote"
                             : "more than 256 words on a line");
      rc = DP_ESYNTAX;
    } else if (nt > 0) {
      rc = statement(m, t, nt, src, line, err);
    }
    i += n + 1;
    line++;
  }
  free(buf);
  if (rc)
    for (size_t k = 0; k < NV; k++)
      while (vs[k]->n > was[k]) {
        lm_ent *e = &vs[k]->v[--vs[k]->n];
        free(e->name);
        free(e->text);
      }
  return rc;
}

int dp_ledger_map_load_file(dp_ledger_map *m, const char *path,
                            dp_error *err) {
  if (!m || !path) return DP_EINVAL;
  dp__buf text = {0};
  int rc = dp__file_read(path, DP__MAX_RULE_BYTES, &text, err);
  if (!rc && text.len > DP__MAX_RULE_BYTES) {
    dp__error_set(err, DP_ELIMIT, path, 0, 0, -1, "larger than %u bytes",
                  DP__MAX_RULE_BYTES);
    rc = DP_ELIMIT;
  }
  if (!rc)
    rc = dp_ledger_map_load_string(m, text.s ? text.s : "", text.len, path,
                                   err);
  dp__buf_free(&text);
  return rc;
}

int dp_ledger_map_new(dp_ledger_map **out, const dp_engine *e,
                      dp_error *err) {
  if (!out) return DP_EINVAL;
  *out = NULL;
  dp_ledger_map *m = dp__calloc(1, sizeof *m);
  if (!m) return DP_ENOMEM;
  dp_engine *own = NULL;
  int rc = 0;
  if (!e) {
    /* the names of the default rules (no calendar needed) */
    rc = dp_engine_new(&own, DP_ENGINE_NO_DEFAULT_CALENDAR, err);
    e = own;
  }
  if (!rc) rc = derive(m, e);
  dp_engine_free(own);
  for (size_t i = 0; i < dp__default_ledger_count && !rc; i++) {
    char src[64];
    snprintf(src, sizeof src, "<default:%s>", dp__default_ledger[i].name);
    rc = dp_ledger_map_load_string(m, dp__default_ledger[i].text,
                                   dp__default_ledger[i].len, src, err);
  }
  if (rc) {
    dp_ledger_map_free(m);
    return rc;
  }
  *out = m;
  return 0;
}

/* --- what a header name means -------------------------------------------- */

typedef struct lcol {
  int type, target, part;
  char *name;       /* as written, trimmed */
  char *near;       /* unknown: the nearest known name, or NULL */
  char letter[8];   /* the spreadsheet's letter: A, B, …, AA */
} lcol;

/* Resolve header name h.  Whole names first (column, ignore), then
 * fields, attributes (with a prefix), a step's name alone (its date or
 * period), then a step's name with an ending, the longest ending first. */
static void resolve(const dp_ledger_map *m, const char *h, lcol *c) {
  const lm_ent *e;
  c->type = T_UNKNOWN;
  if ((e = vec_find(&m->columns, h)) || (e = vec_find(&m->fields, h)) ||
      (e = vec_find(&m->anames, h))) {
    c->type = e->type;
    c->target = e->target;
    c->part = e->part;
    return;
  }
  if (strncasecmp(h, "attr.", 5) == 0 && h[5]) {
    int k = attr_index(m, h + 5);
    if (k >= 0) {
      c->type = T_ATTR;
      c->target = k;
      return;
    }
  }
  size_t hl = strlen(h);
  for (size_t p = 0; p < m->prefixes.n; p++) {
    size_t pl = strlen(m->prefixes.v[p].name);
    if (hl > pl && memcmp(h, m->prefixes.v[p].name, pl) == 0 &&
        (e = vec_find(&m->anames, h + pl))) {
      c->type = T_ATTR;
      c->target = e->target;
      return;
    }
  }
  if ((e = vec_find(&m->snames, h))) {
    c->type = T_STEP;
    c->target = e->target;
    c->part = P_PERIOD;
    return;
  }
  size_t best = 0;
  char tmp[512];
  for (size_t p = 0; p < m->parts.n; p++) {
    const char *suf = m->parts.v[p].name;
    size_t sl = strlen(suf);
    if (sl >= hl || sl <= best || hl >= sizeof tmp) continue;
    if (strcasecmp(h + hl - sl, suf) != 0) continue;
    memcpy(tmp, h, hl - sl);
    tmp[hl - sl] = '\0';
    if ((e = vec_find(&m->snames, tmp))) {
      c->type = T_STEP;
      c->target = e->target;
      c->part = m->parts.v[p].part;
      best = sl;
    }
  }
}

/* Decode one UTF-8 code point of s (valid UTF-8); returns its length. */
static size_t utf8_cp(const unsigned char *s, uint32_t *cp) {
  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  if (s[0] < 0xE0) {
    *cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    return 2;
  }
  if (s[0] < 0xF0) {
    *cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
          (s[2] & 0x3F);
    return 3;
  }
  *cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
        ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
  return 4;
}

static size_t to_cps(const char *s, uint32_t *out, size_t max) {
  size_t n = 0;
  const unsigned char *p = (const unsigned char *)s;
  while (*p && n < max) {
    uint32_t cp;
    p += utf8_cp(p, &cp);
    if (cp < 0x80 && cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
    out[n++] = cp;
  }
  return n;
}

size_t dp__edit_distance_utf8(const char *a, const char *b) {
  uint32_t x[64], y[64];
  size_t n = to_cps(a, x, 64), m = to_cps(b, y, 64);
  size_t d[65][65];
  for (size_t i = 0; i <= n; i++) d[i][0] = i;
  for (size_t j = 0; j <= m; j++) d[0][j] = j;
  for (size_t i = 1; i <= n; i++)
    for (size_t j = 1; j <= m; j++) {
      size_t v = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + (x[i - 1] != y[j - 1]) < v)
        v = d[i - 1][j - 1] + (x[i - 1] != y[j - 1]);
      if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
          d[i - 2][j - 2] + 1 < v)
        v = d[i - 2][j - 2] + 1;
      d[i][j] = v;
    }
  return d[n][m];
}

static int is_ascii(const char *s) {
  for (; *s; s++)
    if ((unsigned char)*s >= 0x80) return 0;
  return 1;
}

/* Copy src into dst (cap bytes), cut at a character boundary. */
static void copy_cut(char *dst, size_t cap, const char *src) {
  size_t n = strlen(src);
  if (n >= cap) {
    n = cap - 1;
    while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) n--;
  }
  memcpy(dst, src, n);
  dst[n] = '\0';
}

/* Keep cand as the nearest so far when it is nearer. */
static void consider(const char *h, const char *cand, size_t *bd,
                     char *best, size_t bsize) {
  if (is_ascii(h) != is_ascii(cand)) return;
  size_t d = dp__edit_distance_utf8(h, cand);
  if (d < *bd) {
    *bd = d;
    copy_cut(best, bsize, cand);
  }
}

/* The known column name nearest to h (within a third of its length, at
 * least 2 edits), or NULL: a new block. */
static char *nearest(const dp_ledger_map *m, const char *h) {
  uint32_t cps[64];
  size_t hl = to_cps(h, cps, 64), lim = hl / 3;
  if (lim < 2) lim = 2;
  size_t bd = (size_t)-1;
  char best[256] = "", cand[512];
  const lm_vec *whole[] = {&m->columns, &m->fields, &m->anames, &m->snames};
  for (size_t w = 0; w < 4; w++)
    for (size_t i = 0; i < whole[w]->n; i++) {
      if (whole[w]->v[i].type == T_IGNORE) continue;
      consider(h, whole[w]->v[i].name, &bd, best, sizeof best);
    }
  for (size_t s = 0; s < m->snames.n; s++)
    for (size_t p = 0; p < m->parts.n; p++) {
      snprintf(cand, sizeof cand, "%s%s", m->snames.v[s].name,
               m->parts.v[p].name);
      consider(h, cand, &bd, best, sizeof best);
    }
  for (size_t p = 0; p < m->prefixes.n; p++)
    for (size_t a = 0; a < m->anames.n; a++) {
      snprintf(cand, sizeof cand, "%s%s", m->prefixes.v[p].name,
               m->anames.v[a].name);
      consider(h, cand, &bd, best, sizeof best);
    }
  if (bd > lim || !best[0]) return NULL;
  return dp__strdup(best);
}

/* ---------------------------------------------------------------------
 * The reader
 * ------------------------------------------------------------------- */

struct dp__ledger {
  dp_ledger_map *own;        /* the default map, when none was given */
  const dp_ledger_map *map;
  lcol *cols;
  size_t ncols;
  int have_id, have_doc;     /* the header has such a column */
  uint8_t *has_col;          /* per map step: some column is its */
  long line;                 /* line of the next row */
  int header_done;
  dp__row rw;
};

void dp__ledger_free(dp_reader *rd) {
  dp__ledger *lg = rd->ledger;
  if (!lg) return;
  for (size_t c = 0; c < lg->ncols; c++) {
    free(lg->cols[c].name);
    free(lg->cols[c].near);
  }
  free(lg->cols);
  free(lg->has_col);
  dp__row_free(&lg->rw);
  dp_ledger_map_free(lg->own);
  free(lg);
  rd->ledger = NULL;
}

/* The reader's ledger state with its map (made at the first use). */
static int ledger_state(dp_reader *rd, dp_error *err) {
  if (rd->ledger) return 0;
  dp__ledger *lg = dp__calloc(1, sizeof *lg);
  if (!lg) return DP_ENOMEM;
  rd->ledger = lg;
  lg->line = 1;
  if (rd->lmap) {
    lg->map = rd->lmap;
    return 0;
  }
  int rc = dp_ledger_map_new(&lg->own, NULL, err);
  lg->map = lg->own;
  return rc;
}

static void col_letter(size_t c, char out[8]) {
  char tmp[8];
  size_t n = 0;
  c++;
  while (c && n < 7) {
    tmp[n++] = (char)('A' + (c - 1) % 26);
    c = (c - 1) / 26;
  }
  for (size_t i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
  out[n] = '\0';
}

int dp__ledger_detect(dp_reader *rd, dp_error *err) {
  int rc = ledger_state(rd, err);
  if (rc) return rc;
  dp__ledger *lg = rd->ledger;
  size_t k;
  long lines;
  rc = dp__csv_row(rd, &lg->rw, &k, &lines, err);
  if (rc == 0 || rc == -1) return 0; /* the CSV reader says what is wrong */
  if (rc < 0) return rc;
  int events = 0, steps = 0;
  for (size_t c = 0; c < lg->rw.n; c++) {
    char *h = lg->rw.f[c];
    dp__csv_trim_header(h);
    if (dp__csv_event_column(h)) events = 1;
    lcol cl;
    memset(&cl, 0, sizeof cl);
    resolve(lg->map, h, &cl);
    if (cl.type == T_STEP && cl.part <= P_PERIOD) steps = 1;
  }
  return !events && steps;
}

/* The header: what each column holds; unknown ones in the note. */
static int read_header(dp_reader *rd, dp__ledger *lg, dp_error *err) {
  if (dp__reader_fill(rd, 3, err) >= 3 &&
      memcmp(rd->buf + rd->pos, "\xEF\xBB\xBF", 3) == 0)
    rd->pos += 3;
  size_t k;
  long lines;
  int rc = dp__csv_row(rd, &lg->rw, &k, &lines, err);
  if (rc == 0) return 0;
  if (rc == -1) {
    dp__error_set(err, DP_ERECORD, rd->name, 1, 0, -1,
                  "unterminated quoted field in the header");
    return DP_ERECORD;
  }
  if (rc < 0) return rc;
  rd->pos += k;
  lg->line += lines;
  lg->ncols = lg->rw.n;
  lg->cols = dp__calloc(lg->ncols ? lg->ncols : 1, sizeof *lg->cols);
  lg->has_col = dp__calloc(lg->map->nsteps ? lg->map->nsteps : 1, 1);
  if (!lg->cols || !lg->has_col) return DP_ENOMEM;
  int any = 0;
  for (size_t c = 0; c < lg->ncols; c++) {
    lcol *cl = &lg->cols[c];
    dp__csv_trim_header(lg->rw.f[c]);
    char nm[121]; /* a name in messages: at most 120 bytes */
    copy_cut(nm, sizeof nm, lg->rw.f[c]);
    if (!(cl->name = dp__strdup(nm))) return DP_ENOMEM;
    col_letter(c, cl->letter);
    resolve(lg->map, lg->rw.f[c], cl);
    if (cl->type == T_FIELD && cl->target == DP__RF_ID) lg->have_id = 1;
    if (cl->type == T_FIELD && cl->target == DP__RF_DOC_NUMBER)
      lg->have_doc = 1;
    if (cl->type == T_STEP) {
      lg->has_col[cl->target] = 1;
      any = 1;
    }
    if (cl->type == T_UNKNOWN && cl->name[0]) {
      cl->near = nearest(lg->map, cl->name);
      char nz[300] = "", ne[300] = "";
      if (cl->near) {
        snprintf(nz, sizeof nz, "（是否指“%s”？）", cl->near);
        snprintf(ne, sizeof ne, " (did you mean '%s'?)", cl->near);
      }
      dp__buf z = {0}, e = {0};
      dp__buf_addf(&z, "%s：台账的 %s 列“%s”不是已知的列%s，未读取", rd->name,
                   cl->letter, cl->name, nz);
      dp__buf_addf(&e, "%s: ledger column %s '%s' is not a known column%s; "
                   "not read", rd->name, cl->letter, cl->name, ne);
      int rc2 = z.oom || e.oom ? DP_ENOMEM
                               : dp__reader_add_note(rd, z.s, e.s);
      dp__buf_free(&z);
      dp__buf_free(&e);
      if (rc2) return rc2;
    }
  }
  if (!any) {
    /* nothing of a step: not a ledger this map can read */
    char seen[200];
    size_t o = 0;
    seen[0] = '\0';
    for (size_t c = 0; c < lg->ncols; c++) {
      size_t n = strlen(lg->cols[c].name);
      if (o + n + 8 >= sizeof seen) {
        snprintf(seen + o, sizeof seen - o, "%s...", c ? ", " : "");
        break;
      }
      o += (size_t)snprintf(seen + o, sizeof seen - o, "%s'%s'",
                            c ? ", " : "", lg->cols[c].name);
    }
    dp__error_set(err, DP_ERECORD, rd->name, 1, 1, 0,
                  "no column of a step's date in the ledger's header (公布日期, "
                  "备案日期, 征求意见起止日期, ...: doc/ledger.md); its "
                  "columns: %s",
                  lg->ncols ? seen : "none");
    return DP_ERECORD;
  }
  lg->header_done = 1;
  return 1;
}

/* A data problem of the row at `line`, column c: "file:line: …". */
static int cell_issue(dp_reader *rd, dp_record *r, long line, const lcol *c,
                      dp_severity sev, int event, const char *field,
                      const char *zh, const char *en) {
  char z[900], e[900];
  if (c) {
    snprintf(z, sizeof z, "%s:%ld: %s 列“%.100s”：%s", rd->name, line,
             c->letter, c->name, zh);
    snprintf(e, sizeof e, "%s:%ld: column %s '%.100s': %s", rd->name, line,
             c->letter, c->name, en);
  } else {
    snprintf(z, sizeof z, "%s:%ld: %s", rd->name, line, zh);
    snprintf(e, sizeof e, "%s:%ld: %s", rd->name, line, en);
  }
  return dp__record_issue_rule(r, field ? "record.date" : NULL,
                               DP_MALFORMED, sev, event, field, z, e);
}

static int word_is(const dp_ledger_map *m, int type, const char *v) {
  for (size_t i = 0; i < m->words.n; i++)
    if (m->words.v[i].type == type && name_eq(m->words.v[i].name, v))
      return 1;
  return 0;
}

/* A boolean cell: 1, 0, or -1. */
static int cell_bool(const dp_ledger_map *m, const char *v) {
  if (word_is(m, 1, v)) return 1;
  if (word_is(m, 2, v)) return 0;
  return dp__csv_bool(v);
}

/* The value a cell's word stands for (`value`), or the cell. */
static const char *cell_value(const dp_ledger_map *m, int type, int target,
                              const char *v) {
  for (size_t i = m->values.n; i-- > 0;)
    if (m->values.v[i].type == type && m->values.v[i].target == target &&
        name_eq(m->values.v[i].name, v))
      return m->values.v[i].text;
  return v;
}

/* Where a period cell splits: the separator's place and length, or 0. */
static size_t period_sep(const char *v, size_t *at) {
  static const char *const seps[] = {"——", "至", "到", "～", "~", "—", "–",
                                     " - ", "－"};
  for (size_t k = 0; k < sizeof seps / sizeof seps[0]; k++) {
    const char *p = strstr(v, seps[k]);
    if (p && p != v) {
      *at = (size_t)(p - v);
      return strlen(seps[k]);
    }
  }
  return 0;
}

static void trim_n(const char **s, size_t *n) {
  while (*n && (**s == ' ' || **s == '\t')) {
    (*s)++;
    (*n)--;
  }
  while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t')) (*n)--;
}

/* Parse one date of a cell; the end of a period may leave out the year
 * (2023年2月1日至2月15日: the year of the start).  0 or DP_EINVAL. */
static int cell_date(const char *s, size_t n, int year, int32_t *day,
                     int32_t *secs) {
  trim_n(&s, &n);
  if (n && dp_date_parse(s, n, day, secs) == 0) return 0;
  if (year > 0 && n && n < 64) {
    char buf[96];
    int m = snprintf(buf, sizeof buf, "%d年%.*s", year, (int)n, s);
    if (m > 0 && (size_t)m < sizeof buf &&
        dp_date_parse(buf, (size_t)m, day, secs) == 0)
      return 0;
  }
  return DP_EINVAL;
}

/* Set date slot k (0 date, 1 start, 2 end) of event i to a parsed day,
 * keeping the text the event shows. */
static int put_date(dp_record *r, size_t i, int k, const char *s, size_t n) {
  return dp__event_copy_valid(r, i, (dp__efield)(DP__EF_DATE + k), s, n);
}

/* A date cell that cannot be read: the step still happened, its date is
 * bad (reported here, naming the column, and not again by the check). */
static int bad_cell(dp_reader *rd, dp_record *r, long line, const lcol *c,
                    size_t ev, int k, const char *v) {
  char zh[400], en[400];
  int32_t sd;
  static const char *const dn[3] = {"date", "start", "end"};
  if (dp__date_serial(v, strlen(v), &sd)) {
    char d[11];
    dp_date_format(sd, d);
    snprintf(zh, sizeof zh, "“%.60s”像是电子表格的日期序号（即%s），应填写年月日",
             v, d);
    snprintf(en, sizeof en, "'%.60s' looks like a spreadsheet serial date "
             "(%s); write the date", v, d);
  } else {
    snprintf(zh, sizeof zh, "“%.100s”不是有效日期或期间（如 2023-02-01 或 "
             "2023-02-01至2023-02-15）", v);
    snprintf(en, sizeof en, "'%.100s' is not a date or a period (such as "
             "2023-02-01 or 2023-02-01至2023-02-15)", v);
  }
  char field[48];
  snprintf(field, sizeof field, "events[%zu].%s", ev, dn[k]);
  r->ev[ev].dstate[k] = DP__D_BAD;
  return cell_issue(rd, r, line, c, DP_ERROR, (int)ev, field, zh, en);
}

/* One date-like cell of step event ev: a date, or a period. */
static int date_cell(dp_reader *rd, dp_record *r, long line, const lcol *c,
                     size_t ev, const char *v) {
  dp__event *e = &r->ev[ev];
  int32_t d1, d2, s1, s2;
  size_t at, sl = period_sep(v, &at);
  if (sl && (c->part == P_DATE || c->part == P_PERIOD)) {
    const char *a = v, *b = v + at + sl;
    size_t an = at, bn = strlen(b);
    if (cell_date(a, an, 0, &d1, &s1) == 0) {
      int y;
      dp_date_to_ymd(d1, &y, NULL, NULL);
      if (cell_date(b, bn, y, &d2, &s2) == 0) {
        if (e->dstate[1] != DP__D_ABSENT || e->dstate[2] != DP__D_ABSENT)
          return 0; /* a period given by another column: the first */
        char buf[32];
        trim_n(&a, &an);
        int rc = put_date(r, ev, 1, a, an);
        if (!rc) rc = put_date(r, ev, 2, dp_date_format(d2, buf), 10);
        return rc;
      }
    }
    return bad_cell(rd, r, line, c, ev, c->part == P_DATE ? 0 : 1, v);
  }
  int k = c->part == P_START ? 1 : c->part == P_END ? 2 : 0;
  if (cell_date(v, strlen(v), 0, &d1, &s1) != 0)
    return bad_cell(rd, r, line, c, ev, k, v);
  if (e->dstate[k] != DP__D_ABSENT) {
    if (e->dstate[k] == DP__D_OK && e->day[k] != d1) {
      char zh[300], en[300];
      snprintf(zh, sizeof zh, "日期“%.60s”与前面列给出的“%.60s”不同，按前者",
               v, e->f[DP__EF_DATE + k] ? e->f[DP__EF_DATE + k] : "");
      snprintf(en, sizeof en, "date '%.60s' differs from '%.60s' in an "
               "earlier column; the earlier is used",
               v, e->f[DP__EF_DATE + k] ? e->f[DP__EF_DATE + k] : "");
      return cell_issue(rd, r, line, c, DP_WARNING, (int)ev, NULL, zh, en);
    }
    return 0;
  }
  return put_date(r, ev, k, v, strlen(v));
}

/* Order of events: day (the first known of date, start, end), then as
 * added (the engine's step order: the order of the procedure). */
static int32_t ev_day(const dp__event *ev) {
  for (int k = 0; k < 3; k++)
    if (ev->dstate[k] == DP__D_OK) return ev->day[k];
  return INT32_MAX;
}

static void sort_events(dp_record *r) {
  for (size_t i = 1; i < r->nev; i++) {
    dp__event t = r->ev[i];
    int32_t d = ev_day(&t);
    size_t j = i;
    while (j > 0 && ev_day(&r->ev[j - 1]) > d) {
      r->ev[j] = r->ev[j - 1];
      j--;
    }
    r->ev[j] = t;
  }
}

/* Step s of the row: its cells, an event, or "not recorded". */
static int fill_step(dp_reader *rd, dp__ledger *lg, dp_record *r, int s,
                     long line) {
  const dp_ledger_map *m = lg->map;
  int data = 0, none = 0, other = 0;
  const lcol *none_col = NULL;
  for (size_t c = 0; c < lg->ncols && c < lg->rw.n; c++) {
    const lcol *cl = &lg->cols[c];
    if (cl->type != T_STEP || cl->target != s || !lg->rw.f[c][0]) continue;
    if (cl->part <= P_PERIOD) {
      if (word_is(m, 0, lg->rw.f[c])) {
        none = 1;
        if (!none_col) none_col = cl;
      } else {
        data = 1;
      }
    } else {
      other = 1;
    }
  }
  if (!data && !none && !other) return dp_record_add_unknown(r, m->steps[s], NULL);
  if (!data && !other) return 0; /* did not happen */
  int ev = dp_record_add_event(r);
  if (ev < 0) return ev;
  r->ev[ev].line = (int32_t)line;
  int rc = dp__event_copy_valid(r, (size_t)ev, DP__EF_STEP, m->steps[s],
                                strlen(m->steps[s]));
  if (!rc && none) {
    char zh[300], en[300];
    snprintf(zh, sizeof zh, "写明未进行（“%.40s”），但本行其他列有该环节的内容，"
             "按已进行处理", lg->rw.f[none_col - lg->cols]);
    snprintf(en, sizeof en, "says the step did not happen ('%.40s'), but "
             "other columns of the row speak of it; taken as happened",
             lg->rw.f[none_col - lg->cols]);
    rc = cell_issue(rd, r, line, none_col, DP_WARNING, ev, NULL, zh, en);
  }
  for (size_t c = 0; c < lg->ncols && c < lg->rw.n && !rc; c++) {
    const lcol *cl = &lg->cols[c];
    const char *v = lg->rw.f[c];
    if (cl->type != T_STEP || cl->target != s || !v[0]) continue;
    if (cl->part <= P_PERIOD) {
      if (!word_is(m, 0, v)) rc = date_cell(rd, r, line, cl, (size_t)ev, v);
    } else if (cl->part == P_SIGNED || cl->part == P_FEEDBACK) {
      int b = cell_bool(m, v);
      if (b < 0) {
        char zh[300], en[300];
        snprintf(zh, sizeof zh, "应为是或否，实为“%.100s”，已忽略", v);
        snprintf(en, sizeof en, "expected yes or no (是/否), found '%.100s'; "
                 "ignored", v);
        rc = cell_issue(rd, r, line, cl, DP_WARNING, ev, NULL, zh, en);
      } else {
        r->ev[ev].b[part_field[cl->part]] = (int8_t)b;
      }
    } else if (!r->ev[ev].f[part_field[cl->part]]) {
      rc = dp__event_copy_valid(r, (size_t)ev,
                                (dp__efield)part_field[cl->part], v,
                                strlen(v));
    }
  }
  return rc;
}

/* The record of one row. */
static int make_record(dp_reader *rd, dp__ledger *lg, long line,
                       dp_record **out) {
  const dp_ledger_map *m = lg->map;
  dp__row *rw = &lg->rw;
  dp_record *r = NULL;
  if (dp_record_new(&r, NULL) != 0) return DP_ENOMEM;
  int rc = dp__record_set_source(r, rd->name);
  r->line = line;
  if (!rc && rw->n != lg->ncols) {
    char zh[200], en[200];
    snprintf(zh, sizeof zh, "该行有 %zu 个字段，表头有 %zu 个；%s", rw->n,
             lg->ncols,
             rw->n < lg->ncols ? "缺少的字段按空处理" : "多余的字段已忽略");
    snprintf(en, sizeof en, "the row has %zu fields but the header has %zu; "
             "%s", rw->n, lg->ncols,
             rw->n < lg->ncols ? "the missing ones count as empty"
                               : "the extra ones are ignored");
    rc = cell_issue(rd, r, line, NULL, DP_WARNING, -1, NULL, zh, en);
  }
  /* the record's fields and attributes; unknown columns with a value */
  for (size_t c = 0; c < lg->ncols && c < rw->n && !rc; c++) {
    const lcol *cl = &lg->cols[c];
    char *v = rw->f[c];
    dp__csv_trim(v);
    if (!*v) continue;
    char zh[600], en[600];
    switch (cl->type) {
    case T_FIELD: {
      const char *name = dp__rfield_names[cl->target];
      const char *val = cell_value(m, T_FIELD, cl->target, v);
      if (!dp_record_get(r, name)) rc = dp_record_set(r, name, val);
      break;
    }
    case T_ATTR: {
      const lm_attr *a = &m->attrs[cl->target];
      if (a->string) {
        rc = dp_record_set_attribute_string(
            r, a->name, cell_value(m, T_ATTR, cl->target, v), NULL);
        break;
      }
      int b = cell_bool(m, v);
      if (b < 0) {
        snprintf(zh, sizeof zh, "属性 %s 应为是或否，实为“%.100s”，按否处理",
                 a->name, v);
        snprintf(en, sizeof en, "attribute %s: expected yes or no (是/否), "
                 "found '%.100s'; counted as false", a->name, v);
        rc = cell_issue(rd, r, line, cl, DP_WARNING, -1, NULL, zh, en);
        b = 0;
      }
      if (!rc) rc = dp_record_set_attribute(r, a->name, b, NULL);
      break;
    }
    case T_UNKNOWN: {
      char nz[300] = "", ne[300] = "";
      if (cl->near) {
        snprintf(nz, sizeof nz, "（是否指“%.200s”？）", cl->near);
        snprintf(ne, sizeof ne, " (did you mean '%.200s'?)", cl->near);
      }
      snprintf(zh, sizeof zh, "不是已知的列%s，其内容“%.100s”未读取", nz, v);
      snprintf(en, sizeof en, "not a known column%s; its value '%.100s' is "
               "not read", ne, v);
      rc = cell_issue(rd, r, line, cl, DP_WARNING, -1, NULL, zh, en);
      break;
    }
    default: break;
    }
  }
  /* the id: its column, else the doc number, else the line */
  if (!rc && !dp_record_get(r, "id")) {
    const char *doc = dp_record_get(r, "doc_number");
    char buf[32];
    snprintf(buf, sizeof buf, "row-%ld", line);
    rc = dp_record_set(r, "id", doc ? doc : buf);
  }
  /* the steps, in the engine's order */
  for (size_t s = 0; s < m->nsteps && !rc; s++) {
    if (lg->has_col[s]) rc = fill_step(rd, lg, r, (int)s, line);
    /* a regulation's 施行 is its effective_date field */
    else if (!(strcmp(m->steps[s], "effective") == 0 &&
               dp_record_get(r, "effective_date")))
      rc = dp_record_add_unknown(r, m->steps[s], NULL);
  }
  if (rc) {
    dp_record_free(r);
    return rc;
  }
  sort_events(r);
  *out = r;
  return 1;
}

int dp__ledger_next(dp_reader *rd, dp_record **rec, dp_error *err) {
  int rc = ledger_state(rd, err);
  if (rc) return rc;
  dp__ledger *lg = rd->ledger;
  if (!lg->header_done) {
    rc = read_header(rd, lg, err);
    if (rc <= 0) return rc;
  }
  for (;;) {
    size_t k;
    long lines;
    rc = dp__csv_row(rd, &lg->rw, &k, &lines, err);
    if (rc == 0) return 0;
    long line = lg->line;
    rd->rec_line = line;
    if (rc == -1) { /* the rest of the input is one open quote */
      rd->pos = rd->len;
      lg->header_done = 1;
      *rec = dp__reader_invalid(rd, line, NULL,
                                "引号未闭合，文件其余部分无法读取",
                                "unterminated quoted field: the rest of the "
                                "file cannot be read");
      rd->done = 1;
      return *rec ? 1 : DP_ENOMEM;
    }
    if (rc < 0) return rc;
    int nul = memchr(rd->buf + rd->pos, '\0', k) != NULL;
    rd->pos += k;
    lg->line += lines;
    if (nul) {
      *rec = dp__reader_invalid(rd, line, NULL, "该行含有 NUL 字节，已跳过",
                                "NUL byte in the row; the row is skipped");
      return *rec ? 1 : DP_ENOMEM;
    }
    int blank = 1;
    for (size_t c = 0; c < lg->rw.n && blank; c++) {
      dp__csv_trim(lg->rw.f[c]);
      if (lg->rw.f[c][0]) blank = 0;
    }
    if (blank) continue;
    return make_record(rd, lg, line, rec);
  }
}

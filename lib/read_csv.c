/*
 * read_csv.c - CSV event logs (records.md §5): one event a row, grouped by
 * case_id, the process-mining column names accepted as aliases.
 *
 * RFC 4180 quoting ("" inside quotes, quoted new lines), CRLF or LF, an
 * optional UTF-8 BOM.  Cases are returned in the order of their first row;
 * the events of a case are ordered by date, then time, then file order.
 */
#include "dp-private.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Column roles. */
enum {
  C_IGNORE = 0,
  C_CASE,
  C_PROC,
  C_STEP,     /* `step`: kept as the step name */
  C_ACTIVITY, /* concept:name / activity: a step if canonical, else a label */
  C_EFIELD,   /* an event string field (label, date, start, …) */
  C_EBOOL,    /* signed, feedback_published */
  C_RFIELD,   /* doc_number, title, authority */
  C_ATTR      /* attr.NAME */
};

typedef struct col {
  int role;
  int field;  /* dp__efield / dp__ebool / dp__rfield */
  char *attr; /* attr.NAME: NAME */
} col;

typedef struct row {
  char **f;
  size_t n, cap;
  long line;
} row;

/* The canonical steps of records.md §2; a process-mining activity that is
 * not one of them is a label. */
static const char *const canonical[] = {
    "assessment", "public_comment", "hearing", "expert_review",
    "risk_assessment", "fair_competition_review", "legality_review",
    "collective_decision", "publication", "filing", "archiving",
    "post_evaluation", NULL};

static int is_canonical(const char *s) {
  for (int i = 0; canonical[i]; i++)
    if (strcmp(s, canonical[i]) == 0) return 1;
  return 0;
}

static void row_clear(row *r) {
  for (size_t i = 0; i < r->n; i++) free(r->f[i]);
  r->n = 0;
}

/* Parse one row from s[*i..len).  Returns 1 with a row, 0 at end, -1 for
 * an unterminated quote (the rest of the input), DP_ENOMEM. */
static int parse_row(const char *s, size_t len, size_t *i, long *line,
                     row *r) {
  row_clear(r);
  if (*i >= len) return 0;
  r->line = *line;
  dp__buf b = {0};
  for (;;) {
    int quoted = 0;
    b.len = 0;
    if (*i < len && s[*i] == '"') {
      quoted = 1;
      (*i)++;
      for (;;) {
        if (*i >= len) {
          dp__buf_free(&b);
          return -1;
        }
        char c = s[(*i)++];
        if (c == '"') {
          if (*i < len && s[*i] == '"') {
            dp__buf_addc(&b, '"');
            (*i)++;
            continue;
          }
          break;
        }
        if (c == '\n') (*line)++;
        dp__buf_addc(&b, c);
      }
    }
    /* unquoted part (or text after a closing quote, kept as is) */
    while (*i < len && s[*i] != ',' && s[*i] != '\n') {
      if (!(s[*i] == '\r' && (*i + 1 >= len || s[*i + 1] == '\n')))
        dp__buf_addc(&b, s[*i]);
      (*i)++;
    }
    (void)quoted;
    dp__buf_addc(&b, '\0');
    if (b.oom ||
        dp__grow((void **)&r->f, &r->cap, r->n + 1, sizeof *r->f)) {
      dp__buf_free(&b);
      return DP_ENOMEM;
    }
    r->f[r->n] = dp__strndup(b.s, b.len - 1);
    if (!r->f[r->n]) {
      dp__buf_free(&b);
      return DP_ENOMEM;
    }
    r->n++;
    if (*i >= len) break;
    if (s[*i] == ',') {
      (*i)++;
      continue;
    }
    /* new line */
    (*i)++;
    (*line)++;
    break;
  }
  dp__buf_free(&b);
  return 1;
}

static void trim(char *s) {
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
  size_t a = 0;
  while (s[a] == ' ' || s[a] == '\t') a++;
  if (a) memmove(s, s + a, n - a + 1);
}

static int header_role(const char *h, col *c) {
  static const struct {
    const char *name;
    int role, field;
  } map[] = {
      {"case_id", C_CASE, 0},
      {"case:concept:name", C_CASE, 0},
      {"procedure", C_PROC, 0},
      {"step", C_STEP, 0},
      {"concept:name", C_ACTIVITY, 0},
      {"activity", C_ACTIVITY, 0},
      {"label", C_EFIELD, DP__EF_LABEL},
      {"date", C_EFIELD, DP__EF_DATE},
      {"time:timestamp", C_EFIELD, DP__EF_DATE},
      {"timestamp", C_EFIELD, DP__EF_DATE},
      {"start", C_EFIELD, DP__EF_START},
      {"end", C_EFIELD, DP__EF_END},
      {"result", C_EFIELD, DP__EF_RESULT},
      {"by", C_EFIELD, DP__EF_BY},
      {"meeting", C_EFIELD, DP__EF_MEETING},
      {"channel", C_EFIELD, DP__EF_CHANNEL},
      {"reason", C_EFIELD, DP__EF_REASON},
      {"signed", C_EBOOL, DP__EB_SIGNED},
      {"feedback_published", C_EBOOL, DP__EB_FEEDBACK},
      {"doc_number", C_RFIELD, DP__RF_DOC_NUMBER},
      {"title", C_RFIELD, DP__RF_TITLE},
      {"authority", C_RFIELD, DP__RF_AUTHORITY},
  };
  memset(c, 0, sizeof *c);
  for (size_t k = 0; k < sizeof map / sizeof map[0]; k++)
    if (strcasecmp(h, map[k].name) == 0) {
      c->role = map[k].role;
      c->field = map[k].field;
      return 0;
    }
  if (strncasecmp(h, "attr.", 5) == 0 && h[5]) {
    c->role = C_ATTR;
    c->attr = dp__strdup(h + 5);
    return c->attr ? 0 : DP_ENOMEM;
  }
  return 0;
}

/* true/false in the spellings spreadsheets use; -1 if none. */
static int parse_bool(const char *s) {
  static const char *const t[] = {"true", "1", "yes", "y", "是", "t", NULL};
  static const char *const f[] = {"false", "0", "no", "n", "否", "f", NULL};
  for (int i = 0; t[i]; i++)
    if (strcasecmp(s, t[i]) == 0) return 1;
  for (int i = 0; f[i]; i++)
    if (strcasecmp(s, f[i]) == 0) return 0;
  return -1;
}

/* ---------------------------------------------------------------------
 * case_id → case index: open addressing, FNV-1a
 * ------------------------------------------------------------------- */
typedef struct cmap {
  size_t *slot; /* case index + 1, 0 = empty */
  size_t cap;
} cmap;

static uint64_t fnv(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static int cmap_grow(cmap *m, dp_reader *rd) {
  size_t ncap = m->cap ? m->cap * 2 : 256;
  size_t *ns = dp__calloc(ncap, sizeof *ns);
  if (!ns) return DP_ENOMEM;
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->slot[i]) continue;
    size_t h = (size_t)fnv(rd->cases[m->slot[i] - 1]->f[DP__RF_ID]);
    while (ns[h & (ncap - 1)]) h++;
    ns[h & (ncap - 1)] = m->slot[i];
  }
  free(m->slot);
  m->slot = ns;
  m->cap = ncap;
  return 0;
}

/* Position of the slot for id: found (*found = 1) or where to insert. */
static size_t cmap_find(const cmap *m, dp_reader *rd, const char *id,
                        int *found) {
  size_t h = (size_t)fnv(id);
  for (;; h++) {
    size_t k = m->slot[h & (m->cap - 1)];
    if (!k) {
      *found = 0;
      return h & (m->cap - 1);
    }
    const char *cid = rd->cases[k - 1]->f[DP__RF_ID];
    if (cid && strcmp(cid, id) == 0) {
      *found = 1;
      return h & (m->cap - 1);
    }
  }
}

static int add_case(dp_reader *rd, dp_record *r, long line) {
  if (dp__grow((void **)&rd->cases, &rd->capcases, rd->ncases + 1,
               sizeof *rd->cases) ||
      dp__grow((void **)&rd->case_lines, &rd->caplines, rd->ncases + 1,
               sizeof *rd->case_lines))
    return DP_ENOMEM;
  rd->cases[rd->ncases] = r;
  rd->case_lines[rd->ncases] = line;
  rd->ncases++;
  return 0;
}

static int add_invalid(dp_reader *rd, long line, const char *zh,
                       const char *en) {
  dp_record *r = dp__reader_invalid(rd, line, NULL, zh, en);
  if (!r) return DP_ENOMEM;
  int rc = add_case(rd, r, line);
  if (rc) dp_record_free(r);
  return rc;
}

static int issue_at(dp_reader *rd, dp_record *r, long line, const char *zh,
                    const char *en) {
  char z[600], e[600];
  snprintf(z, sizeof z, "%s:%ld: %s", rd->name, line, zh);
  snprintf(e, sizeof e, "%s:%ld: %s", rd->name, line, en);
  return dp__record_issue(r, DP_MALFORMED, DP_WARNING, -1, NULL, z, e);
}

/* Order of events: day, time, then file line. */
static int32_t ev_day(const dp__event *ev, int32_t *secs) {
  for (int k = 0; k < 3; k++)
    if (ev->dstate[k] == DP__D_OK) {
      *secs = ev->secs[k];
      return ev->day[k];
    }
  *secs = -1;
  return INT32_MAX;
}

static int ev_cmp(const void *pa, const void *pb) {
  const dp__event *a = pa, *b = pb;
  int32_t sa, sb;
  int32_t da = ev_day(a, &sa), db = ev_day(b, &sb);
  if (da != db) return da < db ? -1 : 1;
  if (sa != sb) return sa < sb ? -1 : 1;
  return a->line < b->line ? -1 : a->line > b->line;
}

/* One data row into its case. */
static int take_row(dp_reader *rd, const col *cols, size_t ncols, row *rw,
                    cmap *m) {
  const char *id = NULL;
  for (size_t c = 0; c < ncols && c < rw->n; c++)
    if (cols[c].role == C_CASE) {
      trim(rw->f[c]);
      id = rw->f[c];
    }
  if (!id || !*id)
    return add_invalid(rd, rw->line, "该行没有 case_id",
                       "the row has no case_id");
  if (!dp__utf8_valid(id, strlen(id)))
    return add_invalid(rd, rw->line, "case_id 不是有效的 UTF-8 文本",
                       "case_id is not valid UTF-8");
  if (m->cap == 0 || (rd->ncases + 1) * 2 > m->cap) {
    int rc = cmap_grow(m, rd);
    if (rc) return rc;
  }
  int found;
  size_t at = cmap_find(m, rd, id, &found);
  dp_record *r;
  if (found) {
    r = rd->cases[m->slot[at] - 1];
  } else {
    r = dp_record_new();
    if (!r) return DP_ENOMEM;
    if (dp_record_set(r, "id", id) || dp__record_set_source(r, rd->name)) {
      dp_record_free(r);
      return DP_ENOMEM;
    }
    int rc = add_case(rd, r, rw->line);
    if (rc) {
      dp_record_free(r);
      return rc;
    }
    m->slot[at] = rd->ncases;
  }
  if (r->invalid[0]) return 0; /* already beyond a limit */
  int ev = dp_record_add_event(r);
  if (ev == DP_ELIMIT) {
    char zh[128], en[128];
    snprintf(zh, sizeof zh, "事件超过 %u 个", DP__MAX_EVENTS);
    snprintf(en, sizeof en, "more than %u events", DP__MAX_EVENTS);
    rd->unreadable++;
    return dp__record_invalid(r, zh, en);
  }
  if (ev < 0) return ev;
  r->ev[ev].line = (int32_t)rw->line;
  if (rw->n != ncols) {
    /* a column missing (or one too many): say so, read what is there */
    char zh[200], en[200];
    snprintf(zh, sizeof zh, "该行有 %zu 个字段，表头有 %zu 个；%s", rw->n,
             ncols, rw->n < ncols ? "缺少的字段按空处理" : "多余的字段已忽略");
    snprintf(en, sizeof en, "the row has %zu fields but the header has %zu; "
             "%s", rw->n, ncols,
             rw->n < ncols ? "the missing ones count as empty"
                           : "the extra ones are ignored");
    if (issue_at(rd, r, rw->line, zh, en)) return DP_ENOMEM;
  }
  int has_step = 0;
  for (size_t c = 0; c < ncols && c < rw->n; c++) {
    const col *cl = &cols[c];
    char *v = rw->f[c];
    if (cl->role == C_IGNORE || cl->role == C_CASE) continue;
    trim(v);
    if (!*v) continue;
    char zh[400], en[400];
    if (!dp__utf8_valid(v, strlen(v))) {
      snprintf(zh, sizeof zh, "第 %zu 列不是有效的 UTF-8 文本，已忽略", c + 1);
      snprintf(en, sizeof en, "column %zu is not valid UTF-8; ignored", c + 1);
      if (issue_at(rd, r, rw->line, zh, en)) return DP_ENOMEM;
      continue;
    }
    int rc = 0;
    switch (cl->role) {
    case C_PROC:
      if (!r->f[DP__RF_PROCEDURE]) rc = dp_record_set(r, "procedure", v);
      else if (strcmp(r->f[DP__RF_PROCEDURE], v) != 0) {
        snprintf(zh, sizeof zh, "procedure“%.100s”与此前的“%.100s”不一致，已忽略",
                 v, r->f[DP__RF_PROCEDURE]);
        snprintf(en, sizeof en,
                 "procedure '%.100s' differs from '%.100s' given earlier; "
                 "ignored",
                 v, r->f[DP__RF_PROCEDURE]);
        rc = issue_at(rd, r, rw->line, zh, en);
      }
      break;
    case C_STEP:
      if (!has_step) rc = dp__event_setn(r, (size_t)ev, DP__EF_STEP, v, strlen(v));
      has_step = 1;
      break;
    case C_ACTIVITY:
      if (is_canonical(v)) {
        if (!has_step) rc = dp__event_setn(r, (size_t)ev, DP__EF_STEP, v, strlen(v));
        has_step = 1;
      } else if (!r->ev[ev].f[DP__EF_LABEL]) {
        rc = dp__event_setn(r, (size_t)ev, DP__EF_LABEL, v, strlen(v));
      }
      break;
    case C_EFIELD:
      rc = dp__event_setn(r, (size_t)ev, (dp__efield)cl->field, v, strlen(v));
      break;
    case C_EBOOL: {
      int b = parse_bool(v);
      if (b < 0) {
        snprintf(zh, sizeof zh, "%s 应为 true/false，实为“%.100s”，已忽略",
                 dp__ebool_names[cl->field], v);
        snprintf(en, sizeof en, "%s: expected true or false, found '%.100s'; "
                 "ignored", dp__ebool_names[cl->field], v);
        rc = issue_at(rd, r, rw->line, zh, en);
      } else {
        r->ev[ev].b[cl->field] = (int8_t)b;
      }
      break;
    }
    case C_RFIELD:
      if (!r->f[cl->field]) rc = dp_record_set(r, dp__rfield_names[cl->field], v);
      break;
    case C_ATTR: {
      int b = parse_bool(v);
      if (b < 0) {
        snprintf(zh, sizeof zh, "属性 %.100s 应为 true/false，实为“%.100s”，按 false 处理",
                 cl->attr, v);
        snprintf(en, sizeof en,
                 "attributes.%.100s: expected true or false, found '%.100s'; "
                 "counted as false",
                 cl->attr, v);
        rc = issue_at(rd, r, rw->line, zh, en);
        b = 0;
      }
      if (!rc) rc = dp_record_set_attribute(r, cl->attr, b);
      break;
    }
    default: break;
    }
    if (rc == DP_ENOMEM) return rc;
  }
  return 0;
}

int dp__csv_load(dp_reader *rd, dp_error *err) {
  /* the whole input */
  for (;;) {
    long n = dp__reader_fill(rd, rd->len - rd->pos + 65536, err);
    if (n < 0) return (int)n;
    if (rd->eof) break;
  }
  const char *s = rd->buf ? rd->buf + rd->pos : "";
  size_t len = rd->len - rd->pos, i = 0;
  if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) i = 3;
  long line = 1;
  row rw = {0};
  col *cols = NULL;
  size_t ncols = 0;
  cmap m = {0};
  int rc = parse_row(s, len, &i, &line, &rw);
  if (rc == 0) goto out; /* empty file: no records */
  if (rc < 0) {
    if (rc == -1) {
      dp__error_set(err, DP_ERECORD, rd->name, 1, 0, -1,
                    "unterminated quoted field in the header");
      rc = DP_ERECORD;
    }
    goto out;
  }
  ncols = rw.n;
  cols = dp__calloc(ncols ? ncols : 1, sizeof *cols);
  if (!cols) {
    rc = DP_ENOMEM;
    goto out;
  }
  int have_case = 0;
  for (size_t c = 0; c < ncols; c++) {
    trim(rw.f[c]);
    if ((rc = header_role(rw.f[c], &cols[c]))) goto out;
    have_case |= cols[c].role == C_CASE;
  }
  if (!have_case) {
    dp__error_set(err, DP_ERECORD, rd->name, 1, 1, 0,
                  "no case_id column (nor case:concept:name) in the header");
    rc = DP_ERECORD;
    goto out;
  }
  for (;;) {
    size_t row_start = i;
    rc = parse_row(s, len, &i, &line, &rw);
    if (rc == 1 && memchr(s + row_start, '\0', i - row_start)) {
      /* a field would be cut short at the NUL: keep nothing of the row */
      if ((rc = add_invalid(rd, rw.line, "该行含有 NUL 字节，已跳过",
                            "NUL byte in the row; the row is skipped")))
        break;
      continue;
    }
    if (rc == 0) break;
    if (rc == -1) {
      rc = add_invalid(rd, rw.line,
                       "引号未闭合，文件其余部分无法读取",
                       "unterminated quoted field: the rest of the file "
                       "cannot be read");
      break;
    }
    if (rc < 0) break;
    if (rw.n == 1 && rw.f[0][0] == '\0') continue; /* blank line */
    if ((rc = take_row(rd, cols, ncols, &rw, &m))) break;
  }
  /* events in time order */
  for (size_t k = 0; k < rd->ncases && rc == 0; k++) {
    dp_record *r = rd->cases[k];
    if (r->nev > 1) qsort(r->ev, r->nev, sizeof *r->ev, ev_cmp);
  }
out:
  row_clear(&rw);
  free(rw.f);
  for (size_t c = 0; c < ncols && cols; c++) free(cols[c].attr);
  free(cols);
  free(m.slot);
  rd->pos = rd->len; /* consumed */
  return rc;
}

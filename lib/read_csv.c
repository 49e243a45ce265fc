/*
 * read_csv.c - CSV event logs (records.md §5, §8.11): one event a row,
 * grouped by case_id; the process-mining column names and the Chinese ones
 * accepted as aliases.
 *
 * RFC 4180 quoting ("" inside quotes, quoted new lines), CRLF or LF, an
 * optional UTF-8 BOM; the text is UTF-8 (or was converted to it: the
 * reader decodes, decode.c).  Cases are returned in the order of their
 * first row; the events of a case are ordered by date, then time, then
 * file order.  A header without a case id column or without any date
 * column is an error of the whole log (records.md §8.11).
 */
#include "dp-private.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Column roles. */
enum {
  C_IGNORE = 0,
  C_CASE,
  C_PROC,
  C_STEP,     /* `step`: kept as the step name */
  C_ACTIVITY, /* concept:name, activity, 步骤…: a step if it is written as
                 one, else a label (step_like) */
  C_EFIELD,   /* an event string field (label, date, start, …) */
  C_EBOOL,    /* signed, feedback_published */
  C_RFIELD,   /* doc_number, title, authority */
  C_ATTR      /* attr.NAME */
};

typedef struct col {
  int role;
  int field;  /* dp__efield / dp__ebool / dp__rfield */
  char *attr; /* attr.NAME: NAME */
  char *name; /* the header as written (trimmed), for messages */
} col;

/* A parsed row (dp-private.h). */
typedef dp__row row;

/* An activity written as a step name is taken as one: lower-case ASCII
 * letters, digits and '_', as every step of the rules is (steps.rules and
 * any a rule file declares), so the reader needs no list of them; an
 * unknown one is then reported as an unknown step.  Anything else (Chinese
 * text, "Register request") is a label for the procedure's patterns. */
static int step_like(const char *s) {
  if (!(*s >= 'a' && *s <= 'z')) return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
      return 0;
  return 1;
}

static void row_clear(row *r) { r->n = 0; }

void dp__row_free(dp__row *r) {
  free(r->f);
  free(r->off);
  free(r->buf);
  memset(r, 0, sizeof *r);
}

/* Room for `need` bytes in r->buf: 0, or DP_ENOMEM. */
static int row_room(row *r, size_t need) {
  if (need <= r->bcap) return 0;
  size_t cap = r->bcap ? r->bcap : 256;
  while (cap < need) {
    if (cap > SIZE_MAX / 2) return DP_ENOMEM;
    cap *= 2;
  }
  char *b = realloc(r->buf, cap);
  if (!b) return DP_ENOMEM;
  r->buf = b;
  r->bcap = cap;
  return 0;
}

/* Room for one more field in r: 0, or DP_ENOMEM. */
static int field_grow(row *r) {
  size_t cap = r->cap ? r->cap * 2 : 16;
  char **f = realloc(r->f, cap * sizeof *f);
  if (!f) return DP_ENOMEM;
  r->f = f;
  size_t *off = realloc(r->off, cap * sizeof *off);
  if (!off) return DP_ENOMEM;
  r->off = off;
  r->cap = cap;
  return 0;
}

static inline int field_room(row *r) {
  return r->n < r->cap ? 0 : field_grow(r);
}

/* Parse one row from s[*pi..len); eof: nothing follows len; only: the
 * one field wanted besides the first (the case_id, for the first pass),
 * or SIZE_MAX for all (the others are then left empty).  Returns 1
 * with a row (*pi and *pline moved past it), 0 at the end, -1 for an
 * unterminated quote (the rest of the input), 2 when the row may go on
 * past len (read more and ask again; nothing moved), DP_ENOMEM.  A field
 * is its quoted part ("" a quote; new lines counted), then any text up
 * to the next comma or new line kept as it is (also after a closing
 * quote); a CR is dropped before a new line or at the end of the text.
 *
 * Text outside quotes is taken a run at a time: from where the reading
 * stands to the row's new line or the next quote, copied at once and cut
 * into fields at its commas.  A row without quotes is one run; a quote
 * that opens no field (ab"c) is kept and the next run starts after it. */
int dp__csv_parse_row(const char *s, size_t len, int eof, size_t only,
                      size_t *pi, long *pline, dp__row *r) {
  size_t i = *pi;
  long line = *pline;
  row_clear(r);
  if (i >= len) return eof ? 0 : 2;
  r->line = line;
  int all = only == SIZE_MAX;
  size_t o = 0;      /* bytes used in r->buf */
  size_t fs = i;     /* where the field being read begins in s */
  size_t us = 0;     /* where its text after any quoted part begins in buf */
  int keep = 1;      /* it is wanted (the first field always is) */
  size_t e = SIZE_MAX; /* the row's new line (or len), once found */
  const char *nl = NULL;
  if (field_room(r)) return DP_ENOMEM;
  r->off[0] = 0;
  for (;;) {
    if (i == fs && i < len && s[i] == '"') { /* a quoted part */
      i++;
      for (;;) {
        const char *q = memchr(s + i, '"', len - i);
        if (!q) return eof ? -1 : 2;
        size_t k = (size_t)(q - (s + i));
        if (keep) {
          if (row_room(r, o + k + 2)) return DP_ENOMEM;
          memcpy(r->buf + o, s + i, k);
          o += k;
        }
        for (const char *n = s + i;
             (n = memchr(n, '\n', (size_t)(q - n))) != NULL; n++)
          line++;
        i += k + 1; /* and the quote */
        if (i >= len && !eof) return 2; /* "" may go on */
        if (i < len && s[i] == '"') { /* "" inside quotes: a quote */
          if (keep) r->buf[o++] = '"';
          i++;
          continue;
        }
        break;
      }
      us = o;
    }
    if (e == SIZE_MAX || i > e) { /* past a new line inside quotes */
      nl = memchr(s + i, '\n', len - i);
      if (!nl && !eof) return 2; /* the row may go on */
      e = nl ? (size_t)(nl - s) : len;
    }
    /* the run: to the next quote or the new line */
    const char *q = memchr(s + i, '"', e - i);
    size_t end = q ? (size_t)(q - s) : e, k = end - i, p0 = o;
    if (row_room(r, o + k + 2)) return DP_ENOMEM;
    char *b = r->buf;
    memcpy(b + o, s + i, k);
    o += k;
    for (size_t p = p0; p < o; p++) {
      if (b[p] != ',') continue;
      b[p] = '\0';
      if (!keep) b[r->off[r->n]] = '\0';
      r->n++;
      /* the fields wanted are read (the first pass): the rest of the row,
       * when no quote can open a field in it, is skipped to its new line,
       * one empty field standing for it */
      if (!all && r->n > only && !q) {
        if (field_room(r)) return DP_ENOMEM;
        r->off[r->n++] = p + 1;
        b[p + 1] = '\0';
        i = nl ? e + 1 : e;
        if (nl) line++;
        goto done;
      }
      if (field_room(r)) return DP_ENOMEM;
      r->off[r->n] = us = p + 1;
      keep = all || r->n == only;
    }
    if (us > p0) fs = i + (us - p0); /* a field began in the run */
    i = end;
    if (q) { /* a quote: it opens the next field, or is kept as text */
      if (i == fs) continue;
      b[o++] = '"';
      i++;
      continue;
    }
    /* the new line (or the end): the last field; only its last byte can
     * stand before the new line */
    if (o > us && b[o - 1] == '\r') o--;
    b[o++] = '\0';
    if (!keep) b[r->off[r->n]] = '\0';
    r->n++;
    if (nl) {
      i = e + 1;
      line++;
    }
    break;
  }
done:
  for (size_t k = 0; k < r->n; k++) r->f[k] = r->buf + r->off[k];
  *pi = i;
  *pline = line;
  return 1;
}

void dp__csv_trim(char *s) {
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = '\0';
  size_t a = 0;
  while (s[a] == ' ' || s[a] == '\t') a++;
  if (a) memmove(s, s + a, n - a + 1);
}

/* A header name without what surrounds it: blanks, a CR or LF, and the
 * spaces spreadsheets leave: U+3000 (ideographic), U+00A0, U+FEFF (a BOM
 * pasted into a cell). */
void dp__csv_trim_header(char *s) {
  static const char *const wide[] = {"\xE3\x80\x80", "\xC2\xA0",
                                     "\xEF\xBB\xBF"};
  size_t n = strlen(s), a = 0;
  for (int more = 1; more;) {
    more = 0;
    while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
                     s[n - 1] == '\r' || s[n - 1] == '\n')) {
      n--;
      more = 1;
    }
    while (a < n && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r' ||
                     s[a] == '\n')) {
      a++;
      more = 1;
    }
    for (size_t w = 0; w < sizeof wide / sizeof wide[0]; w++) {
      size_t k = strlen(wide[w]);
      if (n - a >= k && memcmp(s + n - k, wide[w], k) == 0) {
        n -= k;
        more = 1;
      }
      if (n - a >= k && memcmp(s + a, wide[w], k) == 0) {
        a += k;
        more = 1;
      }
    }
  }
  memmove(s, s + a, n - a);
  s[n - a] = '\0';
}

/* The header names (records.md §5, §8.11): English ones match whatever
 * their case, Chinese ones as written. */
static const struct {
  const char *name;
  int role, field;
} header_map[] = {
    {"case_id", C_CASE, 0},
    {"case:concept:name", C_CASE, 0},
    {"编号", C_CASE, 0},
    {"案件编号", C_CASE, 0},
    {"文件编号", C_CASE, 0},
    {"procedure", C_PROC, 0},
    {"程序", C_PROC, 0},
    {"step", C_STEP, 0},
    {"concept:name", C_ACTIVITY, 0},
    {"activity", C_ACTIVITY, 0},
    {"步骤", C_ACTIVITY, 0},
    {"环节", C_ACTIVITY, 0},
    {"活动", C_ACTIVITY, 0},
    {"label", C_EFIELD, DP__EF_LABEL},
    {"说明", C_EFIELD, DP__EF_LABEL},
    {"摘要", C_EFIELD, DP__EF_LABEL},
    {"date", C_EFIELD, DP__EF_DATE},
    {"time:timestamp", C_EFIELD, DP__EF_DATE},
    {"timestamp", C_EFIELD, DP__EF_DATE},
    {"event_time", C_EFIELD, DP__EF_DATE},
    {"日期", C_EFIELD, DP__EF_DATE},
    {"时间", C_EFIELD, DP__EF_DATE},
    {"start", C_EFIELD, DP__EF_START},
    {"开始日期", C_EFIELD, DP__EF_START},
    {"end", C_EFIELD, DP__EF_END},
    {"结束日期", C_EFIELD, DP__EF_END},
    {"result", C_EFIELD, DP__EF_RESULT},
    {"结果", C_EFIELD, DP__EF_RESULT},
    {"by", C_EFIELD, DP__EF_BY},
    {"meeting", C_EFIELD, DP__EF_MEETING},
    {"会议", C_EFIELD, DP__EF_MEETING},
    {"channel", C_EFIELD, DP__EF_CHANNEL},
    {"reason", C_EFIELD, DP__EF_REASON},
    {"materials_sent", C_EFIELD, DP__EF_MATERIALS_SENT},
    {"announced", C_EFIELD, DP__EF_ANNOUNCED},
    {"requested", C_EFIELD, DP__EF_REQUESTED},
    {"signed", C_EBOOL, DP__EB_SIGNED},
    {"feedback_published", C_EBOOL, DP__EB_FEEDBACK},
    {"doc_number", C_RFIELD, DP__RF_DOC_NUMBER},
    {"effective_date", C_RFIELD, DP__RF_EFFECTIVE_DATE},
    {"施行日期", C_RFIELD, DP__RF_EFFECTIVE_DATE},
    {"valid_until", C_RFIELD, DP__RF_VALID_UNTIL},
    {"有效期至", C_RFIELD, DP__RF_VALID_UNTIL},
    {"发文字号", C_RFIELD, DP__RF_DOC_NUMBER},
    {"title", C_RFIELD, DP__RF_TITLE},
    {"文件名称", C_RFIELD, DP__RF_TITLE},
    {"标题", C_RFIELD, DP__RF_TITLE},
    {"authority", C_RFIELD, DP__RF_AUTHORITY},
    {"制定机关", C_RFIELD, DP__RF_AUTHORITY},
};

int dp__csv_event_column(const char *name) {
  for (size_t k = 0; k < sizeof header_map / sizeof header_map[0]; k++)
    if (strcasecmp(name, header_map[k].name) == 0)
      return header_map[k].role == C_STEP ||
             header_map[k].role == C_ACTIVITY ||
             (header_map[k].role == C_EFIELD &&
              header_map[k].field == DP__EF_LABEL);
  return 0;
}

static int header_role(const char *h, col *c) {
  memset(c, 0, sizeof *c);
  if (!(c->name = dp__strdup(h))) return DP_ENOMEM;
  for (size_t k = 0; k < sizeof header_map / sizeof header_map[0]; k++)
    if (strcasecmp(h, header_map[k].name) == 0) {
      c->role = header_map[k].role;
      c->field = header_map[k].field;
      return 0;
    }
  if (strncasecmp(h, "attr.", 5) == 0 && h[5]) {
    c->role = C_ATTR;
    c->attr = dp__strdup(h + 5);
    return c->attr ? 0 : DP_ENOMEM;
  }
  return 0;
}

static int is_date_col(const col *c) {
  return c->role == C_EFIELD &&
         (c->field == DP__EF_DATE || c->field == DP__EF_START ||
          c->field == DP__EF_END);
}

/* The header has no case id column or no date column: one error for the
 * log, naming the columns it has. */
static int header_error(dp_reader *rd, const col *cols, size_t ncols,
                        int no_case, int no_date, dp_error *err) {
  char seen[160];
  size_t o = 0;
  seen[0] = '\0';
  for (size_t c = 0; c < ncols; c++) {
    const char *nm = cols[c].name ? cols[c].name : "";
    size_t n = strlen(nm);
    /* whole names only, and room for ", ..." */
    if (o + n + 8 >= sizeof seen) {
      snprintf(seen + o, sizeof seen - o, "%s...", c ? ", " : "");
      break;
    }
    o += (size_t)snprintf(seen + o, sizeof seen - o, "%s'%s'", c ? ", " : "",
                          nm);
  }
  const char *what =
      no_case && no_date
          ? "no case id column and no date column"
          : no_case ? "no case id column (case_id, case:concept:name, 编号, "
                      "案件编号, 文件编号)"
                    : "no date column (date, start, end, timestamp, "
                      "日期, 时间, ...)";
  dp__error_set(err, DP_ERECORD, rd->name, 1, 1, 0,
                "%s in the header; its columns: %s", what,
                ncols ? seen : "none");
  return DP_ERECORD;
}

/* true/false in the spellings spreadsheets use; -1 if none. */
int dp__csv_bool(const char *s) {
  static const char *const t[] = {"true", "1", "yes", "y", "是", "t", NULL};
  static const char *const f[] = {"false", "0", "no", "n", "否", "f", NULL};
  for (int i = 0; t[i]; i++)
    if (strcasecmp(s, t[i]) == 0) return 1;
  for (int i = 0; f[i]; i++)
    if (strcasecmp(s, f[i]) == 0) return 0;
  return -1;
}

static int issue_at(const char *name, dp_record *r, long line,
                    const char *zh, const char *en) {
  char z[600], e[600];
  snprintf(z, sizeof z, "%s:%ld: %s", name, line, zh);
  snprintf(e, sizeof e, "%s:%ld: %s", name, line, en);
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

/* H:MM or H:MM:SS alone: a time column (时间 beside 日期).  Its digits
 * and ranges are checked by the date parser, once it is put after the
 * date. */
static int bare_time(const char *v) {
  size_t i = 0;
  while (i < 2 && v[i] >= '0' && v[i] <= '9') i++;
  if (i == 0 || v[i] != ':') return 0;
  for (int part = 0; part < 2; part++) {
    if (!(v[i] == ':' && v[i + 1] >= '0' && v[i + 1] <= '9' &&
          v[i + 2] >= '0' && v[i + 2] <= '9'))
      return part > 0 && v[i] == '\0';
    i += 3;
  }
  return v[i] == '\0';
}

/* The date slot k (0 date, 1 start, 2 end) of event ev from the values of
 * the columns that give it, in column order (vals[0..n), their columns in
 * cs): the first date, with the first bare time after it when the date has
 * none; a second date that differs is reported and ignored.  A date that
 * is not one (a spreadsheet serial number among them) is kept as it is,
 * for the check to report. */
static int set_date_slot(const char *name, dp_record *r, int ev, int k,
                         const col *const *cs, char *const *vals, size_t n,
                         long line) {
  const char *date = NULL, *time = NULL;
  const col *dcol = NULL;
  for (size_t i = 0; i < n; i++) {
    if (bare_time(vals[i])) {
      if (!time) time = vals[i];
      continue;
    }
    if (!date) {
      date = vals[i];
      dcol = cs[i];
    } else if (strcmp(date, vals[i]) != 0) {
      char zh[400], en[400];
      snprintf(zh, sizeof zh, "列“%.60s”与“%.60s”给出的日期不同（“%.40s”、"
               "“%.40s”），按前者",
               dcol->name, cs[i]->name, date, vals[i]);
      snprintf(en, sizeof en, "columns '%.60s' and '%.60s' give different "
               "dates ('%.40s', '%.40s'); the first is used",
               dcol->name, cs[i]->name, date, vals[i]);
      if (issue_at(name, r, line, zh, en)) return DP_ENOMEM;
    }
  }
  if (!date) {
    date = time; /* a time alone: not a date, said so by the check */
    time = NULL;
  }
  if (!date) return 0;
  int32_t day, secs;
  if (time && dp_date_parse(date, strlen(date), &day, &secs) == 0 &&
      secs < 0) {
    char both[128];
    int m = snprintf(both, sizeof both, "%s %s", date, time);
    if (m > 0 && (size_t)m < sizeof both)
      return dp__event_copy_valid(r, (size_t)ev, (dp__efield)(DP__EF_DATE + k),
                                  both, (size_t)m);
  }
  return dp__event_copy_valid(r, (size_t)ev, (dp__efield)(DP__EF_DATE + k),
                              date, strlen(date));
}

/* One data row into its case's record r.  The text is valid UTF-8 (the
 * reader decoded it). */
/* Cell v into field f of event ev; valid: v is known to be UTF-8 (its
 * row was checked whole), so only its length is. */
static int copy_cell(dp_record *r, int ev, dp__efield f, const char *v,
                     int valid) {
  size_t n = strlen(v);
  return valid && n <= DP__MAX_STRING
             ? dp__event_copy_valid(r, (size_t)ev, f, v, n)
             : dp__event_copy(r, (size_t)ev, f, v, n);
}

/* Row rw into a new event of r; valid: the row's text is known to be
 * UTF-8. */
static int fill_row(const char *name, const col *cols, size_t ncols, row *rw,
                    int valid, dp_record *r) {
  if (r->invalid[0]) return 0; /* already beyond a limit */
  int ev = dp_record_add_event(r);
  if (ev == DP_ELIMIT) {
    char zh[128], en[128];
    snprintf(zh, sizeof zh, "事件超过 %u 个", DP__MAX_EVENTS);
    snprintf(en, sizeof en, "more than %u events", DP__MAX_EVENTS);
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
    if (issue_at(name, r, rw->line, zh, en)) return DP_ENOMEM;
  }
  /* the values of the date columns, slot by slot (a few: no allocation) */
  enum { DATE_COLS = 8 };
  const col *dcol[3][DATE_COLS];
  char *dval[3][DATE_COLS];
  size_t nd[3] = {0, 0, 0};
  int has_step = 0;
  for (size_t c = 0; c < ncols && c < rw->n; c++) {
    const col *cl = &cols[c];
    char *v = rw->f[c];
    if (cl->role == C_IGNORE || cl->role == C_CASE || !*v) continue;
    dp__csv_trim(v);
    if (!*v) continue;
    char zh[400], en[400];
    int rc = 0;
    switch (cl->role) {
    case C_PROC:
      if (!r->f[DP__RF_PROCEDURE])
        rc = dp__record_copy(r, DP__RF_PROCEDURE, v, strlen(v), valid);
      else if (strcmp(r->f[DP__RF_PROCEDURE], v) != 0) {
        snprintf(zh, sizeof zh, "procedure“%.100s”与此前的“%.100s”不一致，已忽略",
                 v, r->f[DP__RF_PROCEDURE]);
        snprintf(en, sizeof en,
                 "procedure '%.100s' differs from '%.100s' given earlier; "
                 "ignored",
                 v, r->f[DP__RF_PROCEDURE]);
        rc = issue_at(name, r, rw->line, zh, en);
      }
      break;
    case C_STEP:
      if (!has_step) rc = copy_cell(r, ev, DP__EF_STEP, v, valid);
      has_step = 1;
      break;
    case C_ACTIVITY:
      if (step_like(v)) {
        if (!has_step) rc = copy_cell(r, ev, DP__EF_STEP, v, valid);
        has_step = 1;
      } else if (!r->ev[ev].f[DP__EF_LABEL]) {
        rc = copy_cell(r, ev, DP__EF_LABEL, v, valid);
      }
      break;
    case C_EFIELD:
      if (is_date_col(cl)) {
        int k = DP__DATE_SLOT(cl->field);
        if (nd[k] < DATE_COLS) {
          dcol[k][nd[k]] = cl;
          dval[k][nd[k]++] = v;
        }
        break;
      }
      rc = copy_cell(r, ev, (dp__efield)cl->field, v, valid);
      break;
    case C_EBOOL: {
      int b = dp__csv_bool(v);
      if (b < 0) {
        snprintf(zh, sizeof zh, "%s 应为 true/false，实为“%.100s”，已忽略",
                 dp__ebool_names[cl->field], v);
        snprintf(en, sizeof en, "%s: expected true or false, found '%.100s'; "
                 "ignored", dp__ebool_names[cl->field], v);
        rc = issue_at(name, r, rw->line, zh, en);
      } else {
        r->ev[ev].b[cl->field] = (int8_t)b;
      }
      break;
    }
    case C_RFIELD:
      if (!r->f[cl->field])
        rc = dp__record_copy(r, (dp__rfield)cl->field, v, strlen(v), valid);
      break;
    case C_ATTR: {
      int b = dp__csv_bool(v);
      if (b < 0) {
        snprintf(zh, sizeof zh, "属性 %.100s 应为 true/false，实为“%.100s”，按 false 处理",
                 cl->attr, v);
        snprintf(en, sizeof en,
                 "attributes.%.100s: expected true or false, found '%.100s'; "
                 "counted as false",
                 cl->attr, v);
        rc = issue_at(name, r, rw->line, zh, en);
        b = 0;
      }
      if (!rc) rc = dp_record_set_attribute(r, cl->attr, b, NULL);
      break;
    }
    default: break;
    }
    if (rc == DP_EINVAL && cl->role != C_ATTR) {
      /* a cell the record cannot hold (over 16 MiB, or not UTF-8):
       * said, not dropped in silence */
      snprintf(zh, sizeof zh, "列“%.100s”的值超过 16 MiB 或不是 UTF-8，已忽略",
               cl->name);
      snprintf(en, sizeof en,
               "column '%.100s': a value over 16 MiB or not UTF-8; ignored",
               cl->name);
      rc = issue_at(name, r, rw->line, zh, en);
    }
    if (rc == DP_ENOMEM) return rc;
  }
  for (int k = 0; k < 3; k++)
    if (nd[k] && set_date_slot(name, r, ev, k, dcol[k], dval[k], nd[k],
                               rw->line) == DP_ENOMEM)
      return DP_ENOMEM;
  return 0;
}

/* ---------------------------------------------------------------------
 * The index: where the rows of each case are
 *
 * Rows of one case may be anywhere in the log (records.md §5), so no case
 * is complete before the last row is read.  The first pass therefore
 * reads the rows for their case_id alone and notes, for each case in the
 * order of its first row, the runs of consecutive rows it has (one run,
 * when a case's rows are together, as exports usually have them).  The
 * second pass reads each case's runs again and makes its record when it
 * is asked for.  Memory holds the index — about 90 bytes a case — and one
 * record, not the log: a regular file is read again where the runs are
 * (pread), other input (a pipe, standard input) is copied to a temporary
 * file on the way, and a log given as a string is already in memory.
 * ------------------------------------------------------------------- */

/* What stands at a place of the index: a case, or an unreadable row. */
enum { K_CASE, K_NO_ID, K_NUL, K_UNTERMINATED };

typedef struct csv_run {
  uint64_t off, end; /* bytes of the input: whole rows */
  long line;         /* the line of its first row */
  size_t next;       /* index + 1 in runs[] of the case's next run */
} csv_run;

typedef struct csv_case {
  csv_run run;  /* the first run (or, unreadable, where the row was) */
  size_t last;  /* index + 1 in runs[] of the last run; 0: run itself */
  size_t id;    /* offset of the case_id in ids */
  int kind;
} csv_case;

struct dp__csv {
  col *cols;
  size_t ncols;
  size_t case_col; /* the (last) case_id column */
  csv_case *cases;
  size_t ncases, capcases;
  csv_run *runs;
  size_t nruns, capruns;
  char *ids; /* the case_ids, each NUL-terminated */
  size_t nids, capids;
  size_t *slot; /* case_id → case index + 1, open addressing */
  size_t cap;
  size_t cur;  /* first pass: case of the last row, SIZE_MAX none */
  size_t next; /* second pass: the next case to return */
  /* second pass: where the bytes are */
  int fd;      /* -1: in rd->buf (a log given as a string) */
  FILE *spool; /* the copy of input that cannot be read twice */
  char *win;   /* a window of the file */
  size_t wincap, winlen;
  uint64_t winoff;
  row rw;
  int cols_shared; /* cols belong to the reader's shape */
};

#define NO_CASE ((size_t)-1)
#define WINDOW ((size_t)1 << 20)

static void cols_free(col *cols, size_t n) {
  for (size_t c = 0; cols && c < n; c++) {
    free(cols[c].attr);
    free(cols[c].name);
  }
  free(cols);
}

dp__shape *dp__shape_of(dp_reader *rd) {
  if (rd->shape) return rd->shape;
  dp__shape *sh = dp__calloc(1, sizeof *sh);
  if (!sh) return NULL;
  if (!(sh->name = dp__strdup(rd->name))) {
    free(sh);
    return NULL;
  }
  atomic_init(&sh->refs, 1); /* the reader's */
  return rd->shape = sh;
}

void dp__shape_release(dp__shape *sh) {
  if (!sh || atomic_fetch_sub(&sh->refs, 1) != 1) return;
  cols_free(sh->cols, sh->ncols);
  free(sh->name);
  free(sh);
}

void dp__csv_free(dp_reader *rd) {
  dp__csv *cv = rd->csv;
  if (!cv) return;
  if (!cv->cols_shared) cols_free(cv->cols, cv->ncols);
  free(cv->cases);
  free(cv->runs);
  free(cv->ids);
  free(cv->slot);
  free(cv->win);
  if (cv->spool) {
    fclose(cv->spool);
    if (rd->spool == cv->spool) rd->spool = NULL;
  }
  dp__row_free(&cv->rw);
  free(cv);
  rd->csv = NULL;
}

static uint64_t id_hash(const char *s) { return dp__hash(s, strlen(s), 0); }

static const char *case_id(const dp__csv *cv, size_t k) {
  return cv->ids + cv->cases[k].id;
}

static int cmap_grow(dp__csv *cv) {
  size_t ncap = cv->cap ? cv->cap * 2 : 256;
  size_t *ns = dp__calloc(ncap, sizeof *ns);
  if (!ns) return DP_ENOMEM;
  for (size_t i = 0; i < cv->cap; i++) {
    if (!cv->slot[i]) continue;
    size_t h = (size_t)id_hash(case_id(cv, cv->slot[i] - 1));
    while (ns[h & (ncap - 1)]) h++;
    ns[h & (ncap - 1)] = cv->slot[i];
  }
  free(cv->slot);
  cv->slot = ns;
  cv->cap = ncap;
  return 0;
}

/* The slot for id: found (*found = 1) or where to insert it. */
static size_t cmap_find(const dp__csv *cv, const char *id, int *found) {
  size_t h = (size_t)id_hash(id);
  for (;; h++) {
    size_t k = cv->slot[h & (cv->cap - 1)];
    if (!k) {
      *found = 0;
      return h & (cv->cap - 1);
    }
    if (cv->cases[k - 1].kind == K_CASE &&
        strcmp(case_id(cv, k - 1), id) == 0) {
      *found = 1;
      return h & (cv->cap - 1);
    }
  }
}

/* A new place in the index; its index, or NO_CASE when out of memory. */
static size_t add_place(dp__csv *cv, int kind, uint64_t off, uint64_t end,
                        long line) {
  if (dp__grow((void **)&cv->cases, &cv->capcases, cv->ncases + 1,
               sizeof *cv->cases))
    return NO_CASE;
  csv_case *cs = &cv->cases[cv->ncases];
  memset(cs, 0, sizeof *cs);
  cs->kind = kind;
  cs->run.off = off;
  cs->run.end = end;
  cs->run.line = line;
  return cv->ncases++;
}

/* The row [off, end) at line belongs to case_id id. */
static int index_row(dp__csv *cv, const char *id, uint64_t off, uint64_t end,
                     long line) {
  /* the row after a row of the same case, as an export mostly has them:
   * its run goes on, with no lookup */
  if (cv->cur != NO_CASE && cv->cases[cv->cur].kind == K_CASE) {
    csv_case *cs = &cv->cases[cv->cur];
    csv_run *last = cs->last ? &cv->runs[cs->last - 1] : &cs->run;
    if (last->end == off && strcmp(case_id(cv, cv->cur), id) == 0) {
      last->end = end;
      return 0;
    }
  }
  if (cv->cap == 0 || (cv->ncases + 1) * 2 > cv->cap) {
    int rc = cmap_grow(cv);
    if (rc) return rc;
  }
  int found;
  size_t at = cmap_find(cv, id, &found);
  if (!found) {
    size_t n = strlen(id) + 1;
    if (dp__grow((void **)&cv->ids, &cv->capids, cv->nids + n, 1))
      return DP_ENOMEM;
    size_t k = add_place(cv, K_CASE, off, end, line);
    if (k == NO_CASE) return DP_ENOMEM;
    cv->cases[k].id = cv->nids;
    memcpy(cv->ids + cv->nids, id, n);
    cv->nids += n;
    cv->slot[at] = k + 1;
    cv->cur = k;
    return 0;
  }
  size_t k = cv->slot[at] - 1;
  csv_case *cs = &cv->cases[k];
  csv_run *last = cs->last ? &cv->runs[cs->last - 1] : &cs->run;
  if (k == cv->cur && last->end == off) { /* the run goes on */
    last->end = end;
    return 0;
  }
  if (dp__grow((void **)&cv->runs, &cv->capruns, cv->nruns + 1,
               sizeof *cv->runs))
    return DP_ENOMEM;
  csv_run *run = &cv->runs[cv->nruns++];
  run->off = off;
  run->end = end;
  run->line = line;
  run->next = 0;
  /* cs and last may have moved with the array: look them up again */
  cs = &cv->cases[k];
  last = cs->last ? &cv->runs[cs->last - 1] : &cs->run;
  last->next = cv->nruns;
  cs->last = cv->nruns;
  cv->cur = k;
  return 0;
}

/* The next row of rd's input for the first pass, parsed into rw (only:
 * as dp__csv_parse_row) and reading more as needed: as it (never 2) with
 * *k its bytes and *lines its new lines, or DP_EIO / DP_ENOMEM. */
static int next_row(dp_reader *rd, size_t only, row *rw, size_t *k,
                    long *lines, dp_error *err) {
  size_t want = 65536;
  for (;;) {
    long n = dp__reader_fill(rd, want, err);
    if (n < 0) return (int)n;
    size_t i = 0;
    long l = 0;
    int rc = dp__csv_parse_row(rd->buf ? rd->buf + rd->pos : "", (size_t)n,
                               rd->eof, only, &i, &l, rw);
    if (rc != 2) {
      *k = i;
      *lines = l;
      return rc;
    }
    /* a row longer than what is read: twice as much, and again */
    want = (size_t)n * 2 > want ? (size_t)n * 2 : want * 2;
  }
}

int dp__csv_row(dp_reader *rd, dp__row *rw, size_t *k, long *lines,
                dp_error *err) {
  return next_row(rd, SIZE_MAX, rw, k, lines, err);
}

/* Where the second pass reads the runs again: the file itself, or a copy
 * of what the reader reads (a pipe, standard input, converted text). */
static int csv_source(dp_reader *rd, dp__csv *cv, dp_error *err) {
  if (!rd->fp) return 0;
  struct stat st;
  if (rd->own_fp && rd->enc != DP__ENC_GB18030 &&
      fstat(fileno(rd->fp), &st) == 0 && S_ISREG(st.st_mode)) {
    /* read again where the runs are; unless the text turns out to be
     * converted (GB18030), and the decoding then keeps a copy of the
     * decoded text from there on */
    cv->fd = fileno(rd->fp);
    rd->spool_on_convert = 1;
  } else {
    /* a pipe, standard input or converted text: keep a copy to read
     * the runs from; the reader has consumed nothing yet (sniffing only
     * looks) */
    cv->spool = dp__spool_file();
    if (!cv->spool ||
        (rd->len && fwrite(rd->buf, 1, rd->len, cv->spool) != rd->len)) {
      dp__error_set(err, DP_EIO, rd->name, 0, 0, -1,
                    "cannot keep a temporary copy of the CSV log: %s",
                    DP__ERRNO_TEXT(errno));
      return DP_EIO;
    }
    rd->spool = cv->spool;
    cv->fd = fileno(cv->spool);
  }
  return 0;
}

/* The header, after a BOM: each column's role and the case_id column;
 * *line counts its lines.  1 for an empty input (no records), 0, or an
 * error. */
static int csv_header(dp_reader *rd, dp__csv *cv, long *line,
                      dp_error *err) {
  if (dp__reader_fill(rd, 3, err) >= 3 &&
      memcmp(rd->buf + rd->pos, "\xEF\xBB\xBF", 3) == 0)
    rd->pos += 3;
  size_t k;
  long lines;
  int rc = next_row(rd, SIZE_MAX, &cv->rw, &k, &lines, err);
  if (rc == 0) return 1;
  if (rc == -1) {
    dp__error_set(err, DP_ERECORD, rd->name, 1, 0, -1,
                  "unterminated quoted field in the header");
    return DP_ERECORD;
  }
  if (rc < 0) return rc;
  rd->pos += k;
  *line += lines;
  cv->ncols = cv->rw.n;
  cv->cols = dp__calloc(cv->ncols ? cv->ncols : 1, sizeof *cv->cols);
  if (!cv->cols) return DP_ENOMEM;
  int have_date = 0;
  for (size_t c = 0; c < cv->ncols; c++) {
    dp__csv_trim_header(cv->rw.f[c]);
    if ((rc = header_role(cv->rw.f[c], &cv->cols[c]))) return rc;
    if (cv->cols[c].role == C_CASE) cv->case_col = c;
    have_date |= is_date_col(&cv->cols[c]);
  }
  if (cv->case_col == SIZE_MAX || !have_date)
    return header_error(rd, cv->cols, cv->ncols, cv->case_col == SIZE_MAX,
                        !have_date, err);
  return 0;
}

/* The first pass: the header, then the index of every row. */
static int csv_index(dp_reader *rd, dp__csv *cv, dp_error *err) {
  cv->fd = -1;
  cv->case_col = SIZE_MAX;
  cv->cur = NO_CASE;
  int rc = csv_source(rd, cv, err);
  if (rc) return rc;
  long line = 1;
  size_t k;
  long lines;
  rc = csv_header(rd, cv, &line, err);
  if (rc) {
    if (rc == 1) rc = 0; /* empty input: no records */
    goto out;
  }
  for (;;) {
    rc = next_row(rd, cv->case_col, &cv->rw, &k, &lines, err);
    if (rc == 0) break;
    if (rc < 0 && rc != -1) goto out;
    uint64_t off = rd->off0 + rd->pos;
    long at = line;
    if (rc == -1) { /* the rest of the input is one open quote */
      rc = add_place(cv, K_UNTERMINATED, off, off, at) == NO_CASE ? DP_ENOMEM
                                                                 : 0;
      rd->pos = rd->len;
      break;
    }
    const char *rs = rd->buf + rd->pos;
    rd->pos += k;
    line += lines;
    if (memchr(rs, '\0', k)) {
      /* a field would be cut short at the NUL: keep nothing of the row */
      cv->cur = NO_CASE;
      if (add_place(cv, K_NUL, off, off, at) == NO_CASE) {
        rc = DP_ENOMEM;
        goto out;
      }
      continue;
    }
    if (cv->rw.n == 1 && cv->rw.f[0][0] == '\0') { /* a blank line */
      /* a blank line inside a case's run stays in it (the second pass
       * skips it again) */
      if (cv->cur != NO_CASE) {
        csv_case *cs = &cv->cases[cv->cur];
        csv_run *last = cs->last ? &cv->runs[cs->last - 1] : &cs->run;
        if (last->end == off) last->end = off + k;
      }
      continue;
    }
    /* the (last) case_id column, as the second pass reads it */
    char *v = cv->case_col < cv->rw.n ? cv->rw.f[cv->case_col] : "";
    dp__csv_trim(v);
    int kind = *v ? K_CASE : K_NO_ID;
    if (kind != K_CASE) {
      cv->cur = NO_CASE;
      if (add_place(cv, kind, off, off, at) == NO_CASE) {
        rc = DP_ENOMEM;
        goto out;
      }
      continue;
    }
    if ((rc = index_row(cv, v, off, off + k, at))) goto out;
  }
  rc = 0;
  /* a regular file whose text was converted: its copy, not the file */
  if (rd->spool && !cv->spool) {
    cv->spool = rd->spool;
    cv->fd = fileno(cv->spool);
  }
  rd->spool_on_convert = 0;
  /* the copy is read with pread from now on */
  if (cv->spool && fflush(cv->spool) != 0) {
    dp__error_set(err, DP_EIO, rd->name, 0, 0, -1,
                  "cannot keep a temporary copy of the CSV log: %s",
                  DP__ERRNO_TEXT(errno));
    rc = DP_EIO;
  }
out:
  /* the case index is all the second pass needs of the hash */
  free(cv->slot);
  cv->slot = NULL;
  cv->cap = 0;
  return rc;
}

/* ---------------------------------------------------------------------
 * A table (dp_reader_open_table): the same index and records, a row's
 * cells asked for instead of parsed, a run [off, end) being row numbers
 * ------------------------------------------------------------------- */

/* The first pass over a table: its header, then the case id of each row. */
static int table_index(dp_reader *rd, dp__csv *cv, dp_error *err) {
  const dp__table *t = rd->table;
  cv->fd = -1;
  cv->case_col = SIZE_MAX;
  cv->cur = NO_CASE;
  int rc = 0;
  if (t->ncols == 0 && t->nrows == 0) goto out; /* as an empty file */
  cv->ncols = t->ncols;
  cv->cols = dp__calloc(cv->ncols ? cv->ncols : 1, sizeof *cv->cols);
  if (!cv->cols) {
    rc = DP_ENOMEM;
    goto out;
  }
  int have_date = 0;
  for (size_t c = 0; c < cv->ncols; c++) {
    char *h = dp__strdup(t->header[c]);
    if (!h) {
      rc = DP_ENOMEM;
      goto out;
    }
    dp__csv_trim_header(h);
    rc = header_role(h, &cv->cols[c]);
    free(h);
    if (rc) goto out;
    if (cv->cols[c].role == C_CASE) cv->case_col = c;
    have_date |= is_date_col(&cv->cols[c]);
  }
  if (cv->case_col == SIZE_MAX || !have_date) {
    rc = header_error(rd, cv->cols, cv->ncols, cv->case_col == SIZE_MAX,
                      !have_date, err);
    goto out;
  }
  for (size_t i = 0; i < t->nrows; i++) {
    /* the case id alone, copied to be trimmed */
    size_t n = 0;
    const char *c = t->cell(t->data, i, cv->case_col, &n);
    if (!c) n = 0;
    if (n > SIZE_MAX - 1 || row_room(&cv->rw, n + 1)) {
      rc = DP_ENOMEM;
      goto out;
    }
    char *v = cv->rw.buf;
    int nul = n && memchr(c, '\0', n) != NULL;
    if (n) memcpy(v, c, n);
    v[n] = '\0';
    long at = i < (size_t)LONG_MAX - 2 ? (long)i + 2 : LONG_MAX;
    dp__csv_trim(v);
    int kind = nul ? K_NUL : *v ? K_CASE : K_NO_ID;
    if (kind != K_CASE) {
      cv->cur = NO_CASE;
      if (add_place(cv, kind, i, i, at) == NO_CASE) {
        rc = DP_ENOMEM;
        goto out;
      }
      continue;
    }
    if ((rc = index_row(cv, v, i, i + 1, at))) goto out;
  }
out:
  free(cv->slot);
  cv->slot = NULL;
  cv->cap = 0;
  return rc;
}

/* The rows [off, end) of a table into piece p: each row's cells copied,
 * NUL-terminated, their offsets in p->cells. */
static int take_table_run(const dp__table *t, const csv_run *run,
                          dp_piece *p) {
  size_t rows = (size_t)(run->end - run->off), nc = t->ncols;
  if ((nc && rows > SIZE_MAX / nc) ||
      dp__grow((void **)&p->rows, &p->caprows, p->nrows + rows,
               sizeof *p->rows) ||
      dp__grow((void **)&p->cells, &p->capcells, p->ncells + rows * nc,
               sizeof *p->cells))
    return DP_ENOMEM;
  for (uint64_t i = run->off; i < run->end; i++) {
    dp__prow *pr = &p->rows[p->nrows++];
    pr->off = p->ncells;
    pr->len = 0;
    pr->line = i < (uint64_t)LONG_MAX - 2 ? (long)i + 2 : LONG_MAX;
    pr->nul = 0;
    for (size_t c = 0; c < nc; c++) {
      size_t n = 0;
      const char *v = t->cell(t->data, (size_t)i, c, &n);
      if (!v) n = 0;
      if (n >= SIZE_MAX - p->blen ||
          (p->bcap - p->blen < n + 1 &&
           dp__grow((void **)&p->buf, &p->bcap, p->blen + n + 1, 1)))
        return DP_ENOMEM;
      char *d = p->buf + p->blen;
      if (n) {
        if (memchr(v, '\0', n)) pr->nul = 1; /* the row is skipped */
        memcpy(d, v, n);
      }
      d[n] = '\0';
      p->cells[p->ncells++] = p->blen;
      p->blen += n + 1;
    }
  }
  return 0;
}

/* n bytes of the input at off, in memory or read into the window: 0 and
 * *out, DP_ENOMEM, or DP_EIO (err set). */
static int csv_bytes(dp_reader *rd, dp__csv *cv, uint64_t off, size_t n,
                     const char **out, dp_error *err) {
  if (cv->fd < 0) {
    *out = rd->buf + off;
    return 0;
  }
  if (off >= cv->winoff && off + n <= cv->winoff + cv->winlen) {
    *out = cv->win + (off - cv->winoff);
    return 0;
  }
  size_t want = n > WINDOW ? n : WINDOW;
  if (dp__grow((void **)&cv->win, &cv->wincap, want, 1)) return DP_ENOMEM;
  size_t got = 0;
  cv->winlen = 0;
  while (got < want) {
    ssize_t r = pread(cv->fd, cv->win + got, want - got, (off_t)(off + got));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) {
      dp__error_set(err, DP_EIO, rd->name, 0, 0, -1, "read error: %s",
                    DP__ERRNO_TEXT(errno));
      return DP_EIO;
    }
    if (r == 0) break;
    got += (size_t)r;
  }
  if (got < n) {
    dp__error_set(err, DP_EIO, rd->name, 0, 0, -1,
                  "the file became shorter while it was read");
    return DP_EIO;
  }
  cv->winoff = off;
  cv->winlen = got;
  *out = cv->win;
  return 0;
}

/* Case k into piece p: a CSV log's runs of rows (a file's bytes copied,
 * a string's borrowed), or a table's rows with their cells copied. */
static int take_case(dp_reader *rd, dp__csv *cv, size_t k, dp_piece *p,
                     int copy, dp_error *err) {
  const csv_case *cs = &cv->cases[k];
  p->kind = rd->table ? DP__PIECE_TABLE : DP__PIECE_CSV;
  p->line = cs->run.line;
  /* the case id first in buf (the piece may outlive the index) */
  p->idoff = p->blen;
  const char *id = case_id(cv, k);
  int rc = dp__piece_add(p, id, strlen(id), 1);
  int borrow = cv->fd < 0 && !copy;
  for (const csv_run *run = &cs->run; run && !rc;
       run = run->next ? &cv->runs[run->next - 1] : NULL) {
    if (rd->table) {
      rc = take_table_run(rd->table, run, p);
      continue;
    }
    if (dp__grow((void **)&p->rows, &p->caprows, p->nrows + 1,
                 sizeof *p->rows))
      return DP_ENOMEM;
    size_t n = (size_t)(run->end - run->off);
    dp__prow *pr = &p->rows[p->nrows++];
    pr->len = n;
    pr->line = run->line;
    pr->nul = 0;
    if (borrow) { /* a log in memory, there as long as the reader */
      pr->off = (size_t)run->off;
      continue;
    }
    const char *s;
    pr->off = p->blen;
    if ((rc = csv_bytes(rd, cv, run->off, n, &s, err))) break;
    rc = dp__piece_add(p, s, n, 0);
  }
  p->text = borrow ? rd->buf : p->buf;
  return rc;
}

/* The rows of a table piece into record r; a row with a NUL byte in a
 * cell other than the case id is skipped, said so on the record. */
static int table_record(dp_piece *p, dp_record *r) {
  const dp__shape *sh = p->shape;
  row *rw = &p->rw;
  size_t need = sh->ncols ? sh->ncols : 1;
  if (need > rw->cap) {
    char **f = realloc(rw->f, need * sizeof *f);
    if (!f) return DP_ENOMEM;
    rw->f = f;
    rw->cap = need;
  }
  for (size_t i = 0; i < p->nrows; i++) {
    const dp__prow *pr = &p->rows[i];
    int rc;
    if (pr->nul) {
      rc = issue_at(p->shape->name, r, pr->line, "该行含有 NUL 字节，已跳过",
                    "NUL byte in the row; the row is skipped");
    } else {
      for (size_t c = 0; c < sh->ncols; c++)
        rw->f[c] = p->buf + p->cells[pr->off + c];
      rw->n = sh->ncols;
      rw->line = pr->line;
      rc = fill_row(sh->name, sh->cols, sh->ncols, rw, 0, r);
    }
    if (rc) return rc;
  }
  return 0;
}

/* The rows of a CSV piece into record r, parsed run by run. */
static int csv_record(dp_piece *p, dp_record *r, dp_error *err) {
  const dp__shape *sh = p->shape;
  int rc = 0;
  for (size_t k = 0; k < p->nrows && !rc; k++) {
    const char *s = p->text + p->rows[k].off;
    size_t n = p->rows[k].len, i = 0;
    long line = p->rows[k].line;
    /* checked whole, its cells need not be one by one (cut at ASCII
     * bytes, they are UTF-8 when it is) */
    int valid = dp__utf8_valid(s, n);
    while (!rc) {
      int pr = dp__csv_parse_row(s, n, 1, SIZE_MAX, &i, &line, &p->rw);
      if (pr == 0) break;
      if (pr < 0) {
        /* the first pass read these rows whole: they changed since */
        if (pr == -1)
          dp__error_set(err, DP_EIO, sh->name, 0, 0, -1,
                        "the file changed while it was read");
        rc = pr == -1 ? DP_EIO : pr;
        break;
      }
      if (p->rw.n == 1 && p->rw.f[0][0] == '\0') continue; /* blank */
      rc = fill_row(sh->name, sh->cols, sh->ncols, &p->rw, valid, r);
    }
  }
  return rc;
}

int dp__csv_record(dp_piece *p, dp_record **out, dp_error *err) {
  dp_record *r = dp__record_new();
  if (!r) return DP_ENOMEM;
  const char *id = p->buf + p->idoff;
  if (dp__record_copy(r, DP__RF_ID, id, strlen(id), 0) ||
      dp__record_set_source(r, p->shape->name)) {
    dp_record_free(r);
    return DP_ENOMEM;
  }
  int rc = p->kind == DP__PIECE_TABLE ? table_record(p, r)
                                      : csv_record(p, r, err);
  if (rc) {
    dp_record_free(r);
    return rc;
  }
  if (r->nev > 1) qsort(r->ev, r->nev, sizeof *r->ev, ev_cmp);
  *out = r;
  return 0;
}

int dp__csv_take(dp_reader *rd, dp_piece *p, int copy, dp_error *err) {
  dp__csv *cv = rd->csv;
  if (!cv) {
    if (!(cv = rd->csv = dp__calloc(1, sizeof *cv))) return DP_ENOMEM;
    int rc = rd->table ? table_index(rd, cv, err) : csv_index(rd, cv, err);
    dp__shape *sh = rc ? NULL : dp__shape_of(rd);
    if (!rc && !sh) rc = DP_ENOMEM;
    if (rc) {
      /* what was indexed before a read error is not returned: the error
       * stops the reader, as it did when the log was read whole */
      cv->ncases = 0;
      return rc;
    }
    /* the columns now belong to the shape, which pieces share */
    sh->cols = cv->cols;
    sh->ncols = cv->ncols;
    cv->cols_shared = 1;
  }
  if (cv->next >= cv->ncases) return 0;
  size_t k = cv->next++;
  const csv_case *cs = &cv->cases[k];
  rd->rec_line = cs->run.line;
  dp_record **rec = &p->rec;
  p->kind = DP__PIECE_RECORD;
  p->line = cs->run.line;
  switch (cs->kind) {
  case K_NO_ID:
    *rec = dp__reader_invalid(rd, cs->run.line, NULL, "该行没有 case_id",
                              "the row has no case_id");
    break;
  case K_NUL:
    *rec = dp__reader_invalid(rd, cs->run.line, NULL,
                              "该行含有 NUL 字节，已跳过",
                              "NUL byte in the row; the row is skipped");
    break;
  case K_UNTERMINATED:
    *rec = dp__reader_invalid(rd, cs->run.line, NULL,
                              "引号未闭合，文件其余部分无法读取",
                              "unterminated quoted field: the rest of the file "
                              "cannot be read");
    break;
  default: {
    int rc = take_case(rd, cv, k, p, copy, err);
    return rc ? rc : 1;
  }
  }
  return *rec ? 1 : DP_ENOMEM;
}

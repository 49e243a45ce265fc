/*
 * words.c - the placeholders of a message template filled in one
 * language: days, periods and lengths in the words of each (2023年2月1日,
 * 2023-02-01), and which template a finding takes.  The engine gives
 * facts (dp__vars); the words are made here, for a rule's finding only
 * when its message is read (report.c, dp__report_words).
 */
#include "dp-private.h"

#include <string.h>

/* n in decimal at o; returns the end. */
static char *put_int(char *o, int32_t n) {
  char d[12];
  int k = 0;
  uint32_t v = n < 0 ? 0u - (uint32_t)n : (uint32_t)n;
  do d[k++] = (char)('0' + v % 10); while ((v /= 10) != 0);
  if (n < 0) *o++ = '-';
  while (k) *o++ = d[--k];
  *o = '\0';
  return o;
}

static char *put_str(char *o, const char *s) {
  size_t n = strlen(s);
  memcpy(o, s, n + 1);
  return o + n;
}

/* A day in language l: 2023年2月1日 (without the year: 2月1日), or
 * 2023-02-01. */
static void day_in(int32_t day, int l, int year, char out[32]) {
  if (l) {
    dp_date_format(day, out);
    return;
  }
  int y, m, d;
  dp_date_to_ymd(day, &y, &m, &d);
  char *o = out;
  if (year) {
    o = put_int(o, y);
    o = put_str(o, "年");
  }
  o = put_int(o, m);
  o = put_str(o, "月");
  o = put_int(o, d);
  put_str(o, "日");
}

void dp__fmt_day(int32_t day, char out[2][32]) {
  day_in(day, 0, 1, out[0]);
  day_in(day, 1, 1, out[1]);
}

/* A period in language l: 2023年2月1日至2月15日 (the year once when it is
 * the same), 2023-02-01 to 2023-02-15. */
static void span_in(int32_t a, int32_t b, int l, char out[96]) {
  char da[32], db[32];
  day_in(a, l, 1, da);
  if (l) {
    day_in(b, l, 1, db);
    snprintf(out, 96, "%s to %s", da, db);
    return;
  }
  int ya, yb;
  dp_date_to_ymd(a, &ya, NULL, NULL);
  dp_date_to_ymd(b, &yb, NULL, NULL);
  day_in(b, l, ya != yb, db);
  snprintf(out, 96, "%s至%s", da, db);
}

static void when_in(const dp__when *w, int l, char out[96]) {
  if (w->kind == DP__WHEN_SPAN) span_in(w->a, w->b, l, out);
  else if (w->kind == DP__WHEN_DAY) day_in(w->a, l, 1, out);
  else put_str(out, l ? "date unknown" : "日期不详");
}

/* A length: 15日, 15 days; 20个工作日, 20 working days. */
static void len_in(const dp__len *n, int l, char out[48]) {
  char *o = put_int(out, n->n);
  if (n->unit == DP__U_WORKDAYS)
    put_str(o, l ? (n->n == 1 ? " working day" : " working days")
                 : "个工作日");
  else
    put_str(o, l ? (n->n == 1 ? " day" : " days") : "日");
}

void dp__fmt_len(int32_t n, dp__unit u, char out[2][48]) {
  dp__len x = dp__l(n, u);
  len_in(&x, 0, out[0]);
  len_in(&x, 1, out[1]);
}

/* The contract's result words in Chinese messages; any other value (as
 * the record gives it, a meeting name, a doc number) as it is. */
static const char *result_zh(const char *v) {
  static const char *const map[][2] = {{"pass", "通过"},
                                       {"fail", "不通过"},
                                       {"controllable", "可控"},
                                       {"uncontrollable", "不可控"}};
  if (!v) return NULL;
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (strcmp(v, map[i][0]) == 0) return map[i][1];
  return v;
}

/* The note that the calendar does not cover a year, at most 159 bytes. */
static void note_in(int32_t year, int l, char out[160]) {
  char y[16];
  put_int(y, year);
  dp__vars v;
  memset(&v, 0, sizeof v);
  v.value = y;
  dp__buf b = {0};
  dp__expand(&b, dp__msg(DP__M_CAL_NOTE, l, NULL), &v, l);
  snprintf(out, 160, "%.*s", (int)(b.s ? b.len : 0), b.s ? b.s : "");
  dp__buf_free(&b);
}

/* A day placeholder: worded into tmp, or NULL when not set. */
static const char *day_var(const dp__day *d, int l, char *tmp) {
  if (!d->set) return NULL;
  day_in(d->d, l, d->set != 2 || l, tmp);
  return tmp;
}

/* The value of placeholder p[0..n) (without its braces) in language l,
 * NULL when the name is not one of dp__vars's or its value is not set;
 * tmp (160 bytes) holds what is worded here. */
static const char *var_of(const char *p, size_t n, const dp__vars *v, int l,
                          char *tmp) {
#define IS(name) (memcmp(p, name, sizeof(name) - 1) == 0)
  switch (n) {
  case 2:
    if (IS("id")) return v->id;
    break;
  case 3:
    if (IS("end")) return day_var(&v->end, l, tmp);
    if (IS("len")) return v->len.set ? (len_in(&v->len, l, tmp), tmp) : NULL;
    if (IS("why")) return v->why[l];
    if (IS("law")) return v->law;
    break;
  case 4:
    if (IS("step")) return v->step[l];
    if (IS("when"))
      return v->when.kind ? (when_in(&v->when, l, tmp), tmp) : NULL;
    if (IS("date")) return day_var(&v->date, l, tmp);
    if (IS("note")) return v->note ? (note_in(v->note, l, tmp), tmp) : NULL;
    if (IS("from")) return day_var(&v->from, l, tmp);
    break;
  case 5:
    if (IS("other")) return v->other[l];
    if (IS("start")) return day_var(&v->start, l, tmp);
    if (IS("limit"))
      return v->limit.set ? (len_in(&v->limit, l, tmp), tmp) : NULL;
    if (IS("field")) return v->field[l];
    if (IS("value")) return l == 0 ? result_zh(v->value) : v->value;
    if (IS("event")) {
      if (!v->event) return NULL;
      /* an event's number: 1-based in zh, 0-based in en */
      put_int(tmp, l ? v->event - 1 : v->event);
      return tmp;
    }
    break;
  case 7:
    if (IS("decided")) return day_var(&v->decided, l, tmp);
    break;
  case 8:
    if (IS("deadline")) return day_var(&v->deadline, l, tmp);
    if (IS("expected")) return v->expected[l];
    if (IS("accepted")) return v->accepted[l];
    break;
  case 9:
    if (IS("rolled_to")) return day_var(&v->rolled_to, l, tmp);
    break;
  case 10:
    if (IS("other_when"))
      return v->other_when.kind ? (when_in(&v->other_when, l, tmp), tmp)
                                : NULL;
    break;
  case 12:
    if (IS("deadline_raw")) return day_var(&v->deadline_raw, l, tmp);
    break;
  }
#undef IS
  return NULL;
}

void dp__expand(dp__buf *b, const char *tpl, const dp__vars *v, int l) {
  char tmp[160];
  for (const char *p = tpl; *p;) {
    const char *q = strchr(p, '{');
    size_t n = q ? (size_t)(q - p) : strlen(p);
    dp__buf_add(b, p, n); /* the text up to the next placeholder, at once */
    if (!q) return;
    const char *e = strchr(q, '}');
    if (e && (size_t)(e - q - 1) <= 12) {
      const char *s = var_of(q + 1, (size_t)(e - q - 1), v, l, tmp);
      if (s) dp__buf_adds(b, s);
      p = e + 1;
    } else {
      dp__buf_addc(b, '{');
      p = q + 1;
    }
  }
}

const char *dp__pick(const dp_engine *e, const dp_rule *r, int code,
                     dp__msgid id, int step, int l) {
  if (r && code >= 0 && r->msgc[l][code]) return r->msgc[l][code];
  if (r && code >= 0 && r->msg[l]) return r->msg[l];
  return dp__msg(id, l, step >= 0 ? e->steps[step].name : NULL);
}

int dp__word_both(const dp_engine *e, const dp_rule *r, int code,
                  dp__msgid id, int step, const dp__vars *v, dp__buf m[2]) {
  for (int l = 0; l < 2; l++) {
    dp__expand(&m[l], dp__pick(e, r, code, id, step, l), v, l);
    dp__buf_addc(&m[l], '\0');
  }
  return m[0].oom || m[1].oom ? DP_ENOMEM : 0;
}

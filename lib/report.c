/*
 * report.c - findings: values owned by the report, and the JSON writer of
 * records.md §6.
 */
#include "dp-private.h"

#include <stdlib.h>
#include <string.h>

static const char *const code_names[DP_CODE__COUNT] = {
    "missing",        "out_of_order", "too_short",
    "too_long",       "overdue",      "after_rejection",
    "incomplete",     "malformed",    "invalid_record"};

const char *dp_code_name(dp_code c) {
  return (unsigned)c < DP_CODE__COUNT ? code_names[c] : NULL;
}

const char *dp_severity_name(dp_severity s) {
  return s == DP_ERROR ? "error" : s == DP_WARNING ? "warning" : NULL;
}

int dp_code_from_name(const char *name) {
  if (!name) return -1;
  for (int i = 0; i < DP_CODE__COUNT; i++)
    if (strcmp(name, code_names[i]) == 0) return i;
  return -1;
}

/* Reports whose buffers are at most this big are kept for reuse. */
#define SPARE_MAX_FINDINGS 64
#define SPARE_MAX_TEXT 65536

static void report_destroy(void *p);

/* Free the reports a thread keeps (the slot's destructor). */
static void spares_destroy(void *p) {
  for (dp_report *rep = p, *next; rep; rep = next) {
    next = rep->spare_next;
    report_destroy(rep);
  }
}

/* The thread's slot for freed reports (dp__thread_slot): the last one
 * kept, the others through spare_next; or NULL. */
static void **spare_report(void) {
  return dp__thread_slot(DP__SLOT_REPORT, spares_destroy);
}

/* Each byte of s that is not part of valid UTF-8 becomes '?' (in place:
 * the length stays). */
static void make_valid(char *s) {
  size_t n = strlen(s);
  if (dp__utf8_valid(s, n)) return;
  for (size_t i = 0; i < n;) {
    size_t k = 0;
    for (size_t t = 1; t <= 4 && i + t <= n && !k; t++)
      if (dp__utf8_valid(s + i, t)) k = t;
    if (!k) {
      s[i++] = '?';
      continue;
    }
    i += k;
  }
}

dp_report *dp__report_new(const dp_engine *e, const char *id,
                          const char *procedure) {
  size_t il = id ? strlen(id) + 1 : 0, pl = procedure ? strlen(procedure) + 1 : 0;
  if (il > SIZE_MAX / 2 || pl > SIZE_MAX / 2) return NULL;
  /* a report the thread kept first (cleared when it was freed) */
  void **spare = spare_report();
  dp_report *rep = spare ? *spare : NULL;
  if (rep) {
    *spare = rep->spare_next;
    rep->spare_next = NULL;
    rep->nspare = 0;
  } else {
    rep = dp__malloc(sizeof *rep); /* not calloc: see dp_record_new */
    if (!rep) return NULL;
    memset(rep, 0, sizeof *rep);
  }
  rep->maker = dp__thread_me();
  rep->e = e;
  rep->decided = DP_NO_DATE;
  if (il + pl > rep->idcap) {
    char *b = realloc(rep->idbuf, il + pl);
    if (!b) {
      report_destroy(rep);
      return NULL;
    }
    rep->idbuf = b;
    rep->idcap = il + pl;
  }
  char *tail = rep->idbuf;
  if (id) {
    rep->id = memcpy(tail, id, il);
    tail += il;
  }
  if (procedure) rep->procedure = memcpy(tail, procedure, pl);
  return rep;
}

void dp__report_make_valid(dp_report *rep) {
  if (rep->procedure) make_valid(rep->procedure);
  if (rep->id) make_valid(rep->id);
}

/* Free a report for good (also the thread slot's destructor). */
static void report_destroy(void *p) {
  dp_report *rep = p;
  if (!rep) return;
  free(rep->f);
  dp__buf_free(&rep->text);
  dp__buf_free(&rep->words[0]);
  dp__buf_free(&rep->words[1]);
  free(rep->idbuf);
  free(rep);
}

/* Append s and its NUL, each invalid UTF-8 byte replaced by U+FFFD: a
 * message may quote data cut at a byte count ("%.200s" of a label), and
 * callers (the Python binding) need valid UTF-8. */
static void add_text(dp__buf *b, const char *s) {
  size_t n = strlen(s);
  if (dp__utf8_valid(s, n)) {
    dp__buf_add(b, s, n + 1);
    return;
  }
  size_t i = 0;
  while (i < n) {
    size_t k = 1;
    if ((unsigned char)s[i] >= 0x80) {
      for (k = 2; k <= 4 && i + k <= n; k++)
        if (dp__utf8_valid(s + i, k)) break;
      if (k > 4 || i + k > n) {
        dp__buf_add(b, "\xEF\xBF\xBD", 3);
        i++;
        continue;
      }
    }
    dp__buf_add(b, s + i, k);
    i += k;
  }
  dp__buf_addc(b, '\0');
}

/* Make room for finding rep->n and fill its fields; the caller appends
 * its messages to rep->text. */
static dp_finding *open_finding(dp_report *rep, dp_code code, dp_severity sev,
                                int step, int other, int event,
                                const dp_rule *rule, const char *rule_id,
                                const char *basis, int verified) {
  if (dp__grow((void **)&rep->f, &rep->cap, rep->n + 1, sizeof *rep->f))
    return NULL;
  dp_finding *f = &rep->f[rep->n];
  f->code = code;
  f->sev = sev;
  f->step = step;
  f->other = other;
  f->event = event;
  f->rule = rule;
  f->rule_id = rule_id;
  f->basis = basis;
  f->verified = verified;
  f->step_name = step >= 0 ? rep->e->steps[step].name : NULL;
  f->other_name = other >= 0 ? rep->e->steps[other].name : NULL;
  f->off[0] = f->off[1] = rep->text.len;
  f->boff = (size_t)-1;
  f->msg[0] = f->msg[1] = NULL;
  f->rep = rep;
  f->lazy = 0;
  return f;
}

int dp__report_add(dp_report *rep, dp_code code, dp_severity sev, int step,
                   int other, int event, const dp_rule *rule,
                   const char *rule_id, const char *basis, int verified,
                   const char *zh, const char *en) {
  dp_finding *f = open_finding(rep, code, sev, step, other, event, rule,
                               rule_id, basis, verified);
  if (!f) return DP_ENOMEM;
  add_text(&rep->text, zh);
  f->off[1] = rep->text.len;
  add_text(&rep->text, en);
  if (rep->text.oom) return DP_ENOMEM;
  rep->n++;
  return 0;
}

dp_finding *dp__report_open(dp_report *rep, dp_code code, dp_severity sev,
                            int step, int other, int event,
                            const dp_rule *rule, const char *rule_id,
                            const char *basis, int verified) {
  return open_finding(rep, code, sev, step, other, event, rule, rule_id,
                      basis, verified);
}

int dp__report_close(dp_report *rep) {
  if (rep->text.oom) return DP_ENOMEM;
  dp_finding *f = &rep->f[rep->n];
  size_t from = f->off[0], n = rep->text.len - from;
  /* the messages quote data that may be cut inside a character: checked
   * once here, and rewritten through add_text only when they must be (a
   * lazy finding's are, when they are worded) */
  if (!f->lazy && !dp__utf8_valid(rep->text.s + from, n)) {
    char *copy = dp__malloc(n);
    if (!copy) return DP_ENOMEM;
    memcpy(copy, rep->text.s + from, n);
    size_t zl = strlen(copy), el = strlen(copy + zl + 1);
    rep->text.len = from;
    add_text(&rep->text, copy);
    f->off[1] = rep->text.len;
    add_text(&rep->text, copy + zl + 1);
    if (f->boff != (size_t)-1) {
      f->boff = rep->text.len;
      add_text(&rep->text, copy + zl + 1 + el + 1);
    }
    free(copy);
    if (rep->text.oom) return DP_ENOMEM;
  }
  rep->n++;
  return 0;
}

void dp__report_finish(dp_report *rep) {
  for (size_t i = 0; i < rep->n; i++) {
    if (!rep->f[i].lazy) {
      rep->f[i].msg[0] = rep->text.s + rep->f[i].off[0];
      rep->f[i].msg[1] = rep->text.s + rep->f[i].off[1];
    }
    if (rep->f[i].boff != (size_t)-1)
      rep->f[i].basis = rep->text.s + rep->f[i].boff;
  }
}

/* The values of lazy finding f, its copied strings pointed to again. */
static void finding_vars(const dp_report *rep, const dp_finding *f,
                         dp__vars *v) {
  *v = f->v;
  const char **p[DP__VARS_COPIED];
  dp__vars_copied(v, p);
  for (int k = 0; k < DP__VARS_COPIED; k++)
    if (f->soff[k] != DP__NO_OFF) *p[k] = rep->text.s + f->soff[k];
}

int dp__report_words(dp_report *rep, int l) {
  if (rep->worded[l]) return 0;
  dp__buf *w = &rep->words[l];
  w->len = 0;
  w->oom = 0;
  for (size_t i = 0; i < rep->n && !w->oom; i++) {
    dp_finding *f = &rep->f[i];
    if (!f->lazy) continue;
    dp__vars v;
    finding_vars(rep, f, &v);
    size_t from = w->len;
    f->off[l] = from;
    dp__expand(w, dp__pick(rep->e, f->rule, f->cd, f->msgid, f->step, l), &v,
               l);
    if (w->oom) break;
    /* a value quoted from data may be cut inside a character */
    if (!dp__utf8_valid(w->s + from, w->len - from)) {
      char *copy = dp__malloc(w->len - from + 1);
      if (!copy) return DP_ENOMEM;
      memcpy(copy, w->s + from, w->len - from + 1);
      w->len = from;
      add_text(w, copy);
      free(copy);
    } else {
      dp__buf_addc(w, '\0');
    }
  }
  if (w->oom) return DP_ENOMEM;
  for (size_t i = 0; i < rep->n; i++)
    if (rep->f[i].lazy) rep->f[i].msg[l] = w->s + rep->f[i].off[l];
  rep->worded[l] = 1;
  return 0;
}

void dp_report_free(dp_report *rep) {
  if (!rep) return;
  /* kept for the thread's next report, buffers and all, when they are of
   * a common size */
  size_t text = rep->text.cap + rep->words[0].cap + rep->words[1].cap;
  if (rep->cap <= SPARE_MAX_FINDINGS && text <= SPARE_MAX_TEXT &&
      rep->idcap <= 1024) {
    void **spare = spare_report();
    dp_report *top = spare ? *spare : NULL;
    if (spare && (!top || (top->nspare < DP__SPARES &&
                            rep->maker == dp__thread_me() &&
                            text <= DP__SPARE_BLOCK))) {
      rep->e = NULL;
      rep->id = rep->procedure = NULL;
      rep->n = 0;
      rep->text.len = 0;
      rep->text.oom = 0;
      if (rep->text.s) rep->text.s[0] = '\0';
      rep->worded[0] = rep->worded[1] = 0;
      rep->spare_next = top;
      rep->nspare = top ? top->nspare + 1 : 1;
      *spare = rep;
      return;
    }
  }
  report_destroy(rep);
}

const char *dp_report_id(const dp_report *rep) {
  return rep ? rep->id : NULL;
}

const char *dp_report_procedure(const dp_report *rep) {
  return rep ? rep->procedure : NULL;
}

int32_t dp_report_decided(const dp_report *rep) {
  return rep ? rep->decided : DP_NO_DATE;
}

int dp_report_ok(const dp_report *rep) {
  if (!rep) return 0;
  for (size_t i = 0; i < rep->n; i++)
    if (rep->f[i].sev == DP_ERROR) return 0;
  return 1;
}

size_t dp_report_count(const dp_report *rep) { return rep ? rep->n : 0; }

const dp_finding *dp_report_finding(const dp_report *rep, size_t i) {
  return rep && i < rep->n ? &rep->f[i] : NULL;
}

dp_code dp_finding_code(const dp_finding *f) { return f->code; }
dp_severity dp_finding_severity(const dp_finding *f) { return f->sev; }
const char *dp_finding_step(const dp_finding *f) {
  return f ? f->step_name : NULL;
}
const char *dp_finding_other(const dp_finding *f) {
  return f ? f->other_name : NULL;
}
int dp_finding_event(const dp_finding *f) { return f ? f->event : -1; }
const char *dp_finding_rule(const dp_finding *f) {
  return f ? f->rule_id : NULL;
}
const char *dp_finding_message(const dp_finding *f, dp_lang lang) {
  if (!f) return NULL;
  int l = lang == DP_LANG_EN;
  if (!f->msg[l] && f->lazy && dp__report_words(f->rep, l)) return NULL;
  return f->msg[l];
}
const char *dp_finding_basis(const dp_finding *f) {
  return f ? f->basis : NULL;
}
int dp_finding_verified(const dp_finding *f) {
  return f ? f->verified : 0;
}

/* The JSON line of a report (records.md §6) is written in one of two
 * ways: into a buffer known to be big enough for the worst case (every
 * byte escaped), without a check per piece, or, when the buffer may be
 * too small, after counting its exact length.  Strings are measured
 * once, in json_sizes. */

/* The lengths of a finding's strings, measured once for both the room and
 * the writing. */
enum { JL_CODE, JL_STEP, JL_OTHER, JL_RULE, JL_MSG, JL_BASIS, JL_COUNT };

typedef struct json_plan {
  int l;            /* message language */
  size_t il, pl;    /* id, procedure */
  size_t room;      /* worst case, NUL included */
  size_t (*len)[JL_COUNT]; /* per finding: small[] or allocated */
  size_t small[16][JL_COUNT];
} json_plan;

static size_t room_str(const char *s, size_t n) { return s ? 6 * n + 2 : 4; }

static size_t slen(const char *s) { return s ? strlen(s) : 0; }

static void json_plan_free(json_plan *jp) {
  if (jp->len != jp->small) free(jp->len);
}

static int json_sizes(const dp_report *rep, int l, json_plan *jp) {
  jp->l = l;
  /* the messages of a rule's findings are worded now, once (a report is
   * read by one thread at a time) */
  if (dp__report_words((dp_report *)rep, l)) return DP_ENOMEM;
  jp->il = slen(rep->id);
  jp->pl = slen(rep->procedure);
  jp->len = jp->small;
  if (rep->n > sizeof jp->small / sizeof jp->small[0] &&
      !(jp->len = dp__calloc(rep->n, sizeof *jp->len)))
    return DP_ENOMEM;
  size_t room = 64 + room_str(rep->id, jp->il) +
                room_str(rep->procedure, jp->pl);
  for (size_t i = 0; i < rep->n; i++) {
    const dp_finding *f = &rep->f[i];
    size_t *ln = jp->len[i];
    ln[JL_CODE] = strlen(code_names[f->code]);
    ln[JL_STEP] = slen(f->step_name);
    ln[JL_OTHER] = slen(f->other_name);
    ln[JL_RULE] = slen(f->rule_id);
    ln[JL_MSG] = strlen(f->msg[l]);
    ln[JL_BASIS] = slen(f->basis);
    size_t add = 160 + 32; /* names, punctuation, an event number */
    add += 6 * ln[JL_CODE] + 2;
    add += room_str(f->step_name, ln[JL_STEP]);
    add += room_str(f->other_name, ln[JL_OTHER]);
    add += room_str(f->rule_id, ln[JL_RULE]);
    add += 6 * ln[JL_MSG] + 2;
    add += room_str(f->basis, ln[JL_BASIS]);
    if (add > SIZE_MAX / 2 - room) {
      json_plan_free(jp);
      return DP_ENOMEM;
    }
    room += add;
  }
  jp->room = room;
  return 0;
}

/* The line is written by one function, json_emit, which names every key of
 * records.md §6 once.  It either writes (o set: room for the line) or only
 * counts (o NULL), so the exact length and the text cannot disagree. */
typedef struct jout {
  char *o; /* where the next byte goes, NULL when counting */
  size_t n; /* bytes so far */
} jout;

static void j_lit(jout *j, const char *lit, size_t n) {
  if (j->o) {
    memcpy(j->o, lit, n);
    j->o += n;
  }
  j->n += n;
}
#define J(j, lit) j_lit((j), (lit), sizeof(lit) - 1)

/* Every string of a report is valid UTF-8: the record's (checked when
 * set), the rules' (their text is checked when loaded), the messages
 * (dp__report_close, add_text) and the procedure (dp__report_new). */
static void j_str(jout *j, const char *s, size_t n) {
  if (!s) {
    J(j, "null");
  } else if (j->o) {
    char *end = dp__json_put_valid(j->o, s, n);
    j->n += (size_t)(end - j->o);
    j->o = end;
  } else {
    j->n += dp__json_len(s, n);
  }
}

static void j_uint(jout *j, unsigned v) {
  char num[16];
  int k = 0;
  do num[k++] = (char)('0' + v % 10); while ((v /= 10) != 0);
  while (k) {
    k--;
    j_lit(j, &num[k], 1);
  }
}

/* Write the line at buf (room for jp->room bytes, or for its exact length
 * and NUL), or with buf NULL only measure it; returns its length, NUL not
 * counted. */
static size_t json_emit(const dp_report *rep, const json_plan *jp,
                        char *buf) {
  jout j = {buf, 0};
  J(&j, "{\"id\":");
  j_str(&j, rep->id, jp->il);
  J(&j, ",\"procedure\":");
  j_str(&j, rep->procedure, jp->pl);
  if (dp_report_ok(rep)) J(&j, ",\"ok\":true");
  else J(&j, ",\"ok\":false");
  J(&j, ",\"findings\":[");
  for (size_t i = 0; i < rep->n; i++) {
    const dp_finding *f = &rep->f[i];
    const size_t *ln = jp->len[i];
    if (i) J(&j, ",");
    J(&j, "{\"code\":");
    j_str(&j, code_names[f->code], ln[JL_CODE]);
    if (f->sev == DP_ERROR) J(&j, ",\"severity\":\"error\"");
    else J(&j, ",\"severity\":\"warning\"");
    if (f->step_name) {
      J(&j, ",\"step\":");
      j_str(&j, f->step_name, ln[JL_STEP]);
    }
    if (f->other_name) {
      J(&j, ",\"other\":");
      j_str(&j, f->other_name, ln[JL_OTHER]);
    }
    if (f->event >= 0) {
      J(&j, ",\"event\":");
      j_uint(&j, (unsigned)f->event);
    }
    J(&j, ",\"rule\":");
    j_str(&j, f->rule_id, ln[JL_RULE]);
    J(&j, ",\"message\":");
    j_str(&j, f->msg[jp->l], ln[JL_MSG]);
    J(&j, ",\"basis\":");
    j_str(&j, f->basis, ln[JL_BASIS]);
    if (f->verified) J(&j, ",\"verified\":true}");
    else J(&j, ",\"verified\":false}");
  }
  J(&j, "]}");
  if (j.o) *j.o = '\0';
  return j.n;
}

/* The exact length of the line, NUL not included. */
static size_t json_exact(const dp_report *rep, const json_plan *jp) {
  return json_emit(rep, jp, NULL);
}

static size_t json_write(const dp_report *rep, const json_plan *jp,
                         char *buf) {
  return json_emit(rep, jp, buf);
}

char *dp_report_to_json(const dp_report *rep, dp_lang lang, size_t *len) {
  if (!rep) return NULL;
  json_plan jp;
  if (json_sizes(rep, lang == DP_LANG_EN, &jp)) return NULL;
  /* exactly as much as the line needs */
  size_t n = json_exact(rep, &jp);
  char *buf = dp__malloc(n + 1);
  if (buf) json_write(rep, &jp, buf);
  json_plan_free(&jp);
  if (buf && len) *len = n;
  return buf;
}

size_t dp_report_write_json(const dp_report *rep, dp_lang lang, char *buf,
                            size_t size) {
  if (!rep) {
    if (buf && size) buf[0] = '\0';
    return 0;
  }
  json_plan jp;
  if (json_sizes(rep, lang == DP_LANG_EN, &jp)) {
    if (buf && size) buf[0] = '\0';
    return SIZE_MAX;
  }
  size_t n;
  if (buf && size >= jp.room) {
    /* room for the worst case: written at once */
    n = json_write(rep, &jp, buf);
  } else {
    n = json_exact(rep, &jp);
    if (buf && size > n) {
      json_write(rep, &jp, buf);
    } else if (buf && size) {
      /* cut: as snprintf, the first size - 1 bytes and a NUL */
      char *tmp = dp__malloc(n + 1);
      if (tmp) {
        json_write(rep, &jp, tmp);
        memcpy(buf, tmp, size - 1);
        buf[size - 1] = '\0';
        free(tmp);
      } else {
        buf[0] = '\0';
        n = SIZE_MAX;
      }
    }
  }
  json_plan_free(&jp);
  return n;
}

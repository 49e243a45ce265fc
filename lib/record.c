/*
 * record.c - a filed record: the plain data every reader produces and the
 * engine checks (records.md §1–3).
 */
#include "dp-private.h"

#include "dp-json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const dp__efield_names[DP__EF_COUNT] = {
    "step", "label", "date", "start", "end",
    "result", "by", "meeting", "channel", "reason",
    "materials_sent", "announced", "requested"};
const char *const dp__ebool_names[DP__EB_COUNT] = {"signed",
                                                   "feedback_published"};
const char *const dp__rfield_names[DP__RF_COUNT] = {
    "id", "procedure", "title", "authority", "doc_number", "effective_date",
    "valid_until"};

/* The one lookup of the record format's names: a switch on the length,
 * then the names of that length (a memcmp of a constant size, which the
 * compiler makes a compare or two).  check_record holds it to the name
 * tables above. */
#define IS(lit) (memcmp(name, lit, sizeof lit - 1) == 0)
int dp__name_lookup(const char *name) {
  if (!name)
    return -1;
  /* the longest name has 18 bytes: count no further than one past it */
  size_t n = 0;
  while (n < 19 && name[n])
    n++;
  switch (n) {
  case 2:
    if (IS("by"))
      return DP__EF_BY;
    if (IS("id"))
      return DP__NAME_RECORD + DP__RF_ID;
    return -1;
  case 3:
    if (IS("end"))
      return DP__EF_END;
    return -1;
  case 4:
    if (IS("step"))
      return DP__EF_STEP;
    if (IS("date"))
      return DP__EF_DATE;
    return -1;
  case 5:
    if (IS("label"))
      return DP__EF_LABEL;
    if (IS("start"))
      return DP__EF_START;
    if (IS("title"))
      return DP__NAME_RECORD + DP__RF_TITLE;
    return -1;
  case 6:
    if (IS("result"))
      return DP__EF_RESULT;
    if (IS("reason"))
      return DP__EF_REASON;
    if (IS("signed"))
      return DP__EF_COUNT + DP__EB_SIGNED;
    if (IS("events"))
      return DP__NAME_EVENTS;
    return -1;
  case 7:
    if (IS("meeting"))
      return DP__EF_MEETING;
    if (IS("channel"))
      return DP__EF_CHANNEL;
    if (IS("unknown"))
      return DP__NAME_UNKNOWN;
    return -1;
  case 9:
    if (IS("announced"))
      return DP__EF_ANNOUNCED;
    if (IS("requested"))
      return DP__EF_REQUESTED;
    if (IS("procedure"))
      return DP__NAME_RECORD + DP__RF_PROCEDURE;
    if (IS("authority"))
      return DP__NAME_RECORD + DP__RF_AUTHORITY;
    return -1;
  case 10:
    if (IS("doc_number"))
      return DP__NAME_RECORD + DP__RF_DOC_NUMBER;
    if (IS("attributes"))
      return DP__NAME_ATTRIBUTES;
    return -1;
  case 11:
    if (IS("valid_until"))
      return DP__NAME_RECORD + DP__RF_VALID_UNTIL;
    return -1;
  case 14:
    if (IS("materials_sent"))
      return DP__EF_MATERIALS_SENT;
    if (IS("effective_date"))
      return DP__NAME_RECORD + DP__RF_EFFECTIVE_DATE;
    return -1;
  case 18:
    if (IS("feedback_published"))
      return DP__EF_COUNT + DP__EB_FEEDBACK;
    return -1;
  default:
    return -1;
  }
}
#undef IS

int dp__field_lookup(const char *name) {
  int f = dp__name_lookup(name);
  return f < DP__NAME_RECORD ? f : -1;
}

int dp__efield_lookup(const char *name) {
  int f = dp__name_lookup(name);
  return f < DP__EF_COUNT ? f : -1;
}

int dp__ebool_lookup(const char *name) {
  int f = dp__name_lookup(name);
  return f >= DP__EF_COUNT && f < DP__NAME_RECORD ? f - DP__EF_COUNT : -1;
}

int dp__rfield_lookup(const char *name) {
  int f = dp__name_lookup(name);
  return f >= DP__NAME_RECORD && f < DP__NAME_RECORD + DP__RF_COUNT
             ? f - DP__NAME_RECORD
             : -1;
}

/* Records whose arrays are at most this big are kept for reuse. */
#define SPARE_MAX_ITEMS 64

static void record_destroy(void *p);

/* Free the records a thread keeps (the slot's destructor). */
static void spares_destroy(void *p) {
  for (dp_record *r = p, *next; r; r = next) {
    next = r->spare_next;
    record_destroy(r);
  }
}

/* The thread's slot for freed records (dp__thread_slot): the last one
 * kept, the others through spare_next; or NULL. */
static void **spare_record(void) {
  return dp__thread_slot(DP__SLOT_RECORD, spares_destroy);
}

dp_record *dp__record_new(void) {
  /* a record the thread kept first (cleared when it was freed) */
  void **spare = spare_record();
  if (spare && *spare) {
    dp_record *r = *spare;
    *spare = r->spare_next;
    r->spare_next = NULL;
    r->nspare = 0;
    r->maker = dp__thread_me();
    return r;
  }
  /* malloc and memset rather than calloc: glibc's calloc skips the
   * per-thread cache */
  dp_record *r = dp__malloc(sizeof *r);
  if (r) {
    memset(r, 0, sizeof *r);
    r->maker = dp__thread_me();
  }
  return r;
}

int dp_record_new(dp_record **out, const dp_engine *e) {
  if (out) *out = NULL;
  if (!out) return DP_EINVAL;
  dp_record *r = dp__record_new();
  if (!r) return DP_ENOMEM;
  r->engine = e;
  *out = r;
  return 0;
}

/* Where a setter's error comes from: the record's id, else "<record>". */
static const char *who(const dp_record *r) {
  return r->f[DP__RF_ID] ? r->f[DP__RF_ID] : "<record>";
}

/* Set err for a bad argument of a setter. */
static int bad_arg(const dp_record *r, dp_error *err, const char *what) {
  dp__error_set(err, DP_EINVAL, r ? who(r) : "<record>", 0, 0, -1, "%s",
                what);
  return DP_EINVAL;
}

/* A step name the record's engine does not declare (a record made with
 * one): DP_EINVAL naming it, `field` and the nearest declared step. */
static int check_step(const dp_record *r, const char *field, const char *step,
                      dp_error *err) {
  if (!r->engine || !step || dp__step_lookup(r->engine, step) >= 0) return 0;
  const char *near = dp__step_nearest(r->engine, step);
  if (near)
    dp__error_set(err, DP_EINVAL, who(r), 0, 0, -1,
                  "%s: unknown step '%.80s'; did you mean '%s'?", field, step,
                  near);
  else
    dp__error_set(err, DP_EINVAL, who(r), 0, 0, -1,
                  "%s: unknown step '%.80s'", field, step);
  return DP_EINVAL;
}

/* The same for an attribute no procedure of the engine knows. */
static int check_attr(const dp_record *r, const char *name, dp_error *err) {
  if (!r->engine || dp__attr_known(r->engine, name)) return 0;
  const char *near = dp__attr_nearest(r->engine, name);
  if (near)
    dp__error_set(err, DP_EINVAL, who(r), 0, 0, -1,
                  "attributes: unknown attribute '%.80s'; did you mean '%s'?",
                  name, near);
  else
    dp__error_set(err, DP_EINVAL, who(r), 0, 0, -1,
                  "attributes: unknown attribute '%.80s'", name);
  return DP_EINVAL;
}

/* Free a record for good (also the thread slot's destructor). */
static void record_destroy(void *p) {
  dp_record *r = p;
  if (!r) return;
  dp__arena_free(&r->arena);
  free(r->attrs);
  free(r->ev);
  free(r->issues);
  free(r->unknown);
  free(r->srcbuf);
  free(r);
}

int dp__record_set_source(dp_record *r, const char *source) {
  size_t n = strlen(source) + 1;
  if (n > r->srccap) {
    char *b = realloc(r->srcbuf, n);
    if (!b) return DP_ENOMEM;
    r->srcbuf = b;
    r->srccap = n;
  }
  r->source = memcpy(r->srcbuf, source, n);
  return 0;
}

static void event_clear(dp__event *ev) {
  for (unsigned own = ev->own; own; own &= own - 1)
    free(ev->f[__builtin_ctz(own)]);
  ev->own = 0;
}

/* Free and forget everything read into r (fields, attributes, events,
 * issues, the invalid reason), keeping its arrays, arena and tree. */
static void record_unread(dp_record *r) {
  for (int i = 0; i < DP__RF_COUNT; i++) {
    if (r->own & (1u << i)) free(r->f[i]);
    r->f[i] = NULL;
  }
  r->own = 0;
  for (size_t i = 0; i < r->nattrs; i++) {
    if (r->attrs[i].own & 1) free(r->attrs[i].name);
    if (r->attrs[i].own & 2) free((char *)r->attrs[i].str);
  }
  r->nattrs = 0;
  for (size_t i = 0; i < r->nunknown; i++) free(r->unknown[i]);
  r->nunknown = 0;
  for (size_t i = 0; i < r->nev; i++)
    if (r->ev[i].own) event_clear(&r->ev[i]);
  r->nev = 0;
  for (size_t i = 0; i < r->nissues; i++) {
    free(r->issues[i].field);
    free(r->issues[i].msg[0]);
    free(r->issues[i].msg[1]);
  }
  r->nissues = 0;
  free(r->invalid[0]);
  free(r->invalid[1]);
  r->invalid[0] = r->invalid[1] = NULL;
}

void dp_record_free(dp_record *r) {
  if (!r) return;
  record_unread(r);
  /* the tree: with the bundled cJSON its blocks are the arena's (a failed
   * parse may have left blocks there too), and the arena is reset here,
   * keeping a chunk for the record's next use */
  dp__json_drop(&r->arena, r->json);
  r->json = NULL;
  dp__arena_reset(&r->arena); /* a reader's strings (dp__event_copy) */
  /* kept for the thread's next record, its arrays with it, when they are
   * of a common size */
  if (r->capev <= SPARE_MAX_ITEMS && r->capattrs <= SPARE_MAX_ITEMS &&
      r->capissues <= SPARE_MAX_ITEMS) {
    void **spare = spare_record();
    dp_record *top = spare ? *spare : NULL;
    if (spare && (!top || (top->nspare < DP__SPARES &&
                            r->maker == dp__thread_me()))) {
      if (top && dp__arena_size(&r->arena) > DP__SPARE_BLOCK)
        dp__arena_free(&r->arena);
      dp__attr *attrs = r->attrs;
      dp__event *ev = r->ev;
      dp__issue *issues = r->issues;
      char *srcbuf = r->srcbuf;
      size_t ca = r->capattrs, ce = r->capev, ci = r->capissues;
      size_t cs = r->srccap;
      dp__arena arena = r->arena;
      free(r->unknown);
      memset(r, 0, sizeof *r);
      r->arena = arena;
      r->srcbuf = srcbuf;
      r->srccap = cs;
      r->attrs = attrs;
      r->capattrs = ca;
      r->ev = ev;
      r->capev = ce;
      r->issues = issues;
      r->capissues = ci;
      r->spare_next = top;
      r->nspare = top ? top->nspare + 1 : 1;
      *spare = r;
      return;
    }
  }
  record_destroy(r);
}

int dp_record_set(dp_record *r, const char *field, const char *value) {
  if (!r) return DP_EINVAL;
  int f = dp__rfield_lookup(field);
  if (f < 0) return DP_EINVAL;
  char *v = NULL;
  if (value) {
    size_t n = strlen(value);
    if (!dp__utf8_valid(value, n) || n > DP__MAX_STRING) return DP_EINVAL;
    if (!(v = dp__strndup(value, n))) return DP_ENOMEM;
  }
  if (r->own & (1u << f)) free(r->f[f]);
  r->f[f] = v;
  if (v) r->own |= (uint8_t)(1u << f);
  else r->own &= (uint8_t)~(1u << f);
  return 0;
}

int dp__record_copy(dp_record *r, dp__rfield f, const char *v, size_t n,
                    int valid) {
  if ((!valid && !dp__utf8_valid(v, n)) || n > DP__MAX_STRING)
    return DP_EINVAL;
  char *copy = dp__arena_alloc(&r->arena, n + 1);
  if (!copy) return DP_ENOMEM;
  if (n) memcpy(copy, v, n);
  copy[n] = '\0';
  dp__record_borrow(r, f, copy);
  return 0;
}

void dp__record_borrow(dp_record *r, dp__rfield f, const char *v) {
  if (r->own & (1u << f)) free(r->f[f]);
  r->own &= (uint8_t)~(1u << f);
  r->f[f] = (char *)v;
}

const char *dp_record_get(const dp_record *r, const char *field) {
  int f = dp__rfield_lookup(field);
  return r && f >= 0 ? r->f[f] : NULL;
}

/* Set attribute name to a boolean (str NULL) or a string value; copy: the
 * record keeps its own copies of name and str, else they live as long as
 * the record (its JSON tree). */
static int set_attr(dp_record *r, const char *name, int value, const char *str,
                    int type, int copy) {
  if (!r || !name || !*name) return DP_EINVAL;
  char *sv = NULL;
  if (str && copy && !(sv = dp__strdup(str))) return DP_ENOMEM;
  if (!copy) sv = (char *)str;
  dp__attr *a = NULL;
  /* attribute names are short and few: dp__streq inline, not strcmp */
  for (size_t i = 0; i < r->nattrs && !a; i++)
    if (dp__streq(r->attrs[i].name, name)) a = &r->attrs[i];
  if (a) {
    if (a->own & 2) free((char *)a->str);
    a->own &= 1;
  } else {
    if (r->nattrs >= r->capattrs &&
        dp__grow((void **)&r->attrs, &r->capattrs, r->nattrs + 1,
                 sizeof *r->attrs)) {
      if (copy) free(sv);
      return DP_ENOMEM;
    }
    char *n = copy ? dp__strdup(name) : (char *)name;
    if (!n) {
      if (copy) free(sv);
      return DP_ENOMEM;
    }
    a = &r->attrs[r->nattrs++];
    a->name = n;
    a->own = (int8_t)(copy ? 1 : 0);
  }
  a->value = (int8_t)(value ? 1 : 0);
  a->str = sv;
  a->type = (int8_t)type;
  if (sv && copy) a->own |= 2;
  return 0;
}

int dp_record_set_attribute(dp_record *r, const char *name, int value,
                            dp_error *err) {
  if (!r || !name || !*name)
    return bad_arg(r, err, !r ? "no record" : "attributes: empty name");
  int rc = check_attr(r, name, err);
  if (rc) return rc;
  rc = set_attr(r, name, value, NULL, DP__AT_BOOL, 1);
  if (rc) dp__error_set(err, rc, who(r), 0, 0, -1, NULL);
  return rc;
}

int dp_record_set_attribute_string(dp_record *r, const char *name,
                                   const char *value, dp_error *err) {
  if (!r || !name || !*name || !value)
    return bad_arg(r, err, !r      ? "no record"
                           : !value ? "attributes: no value"
                                    : "attributes: empty name");
  size_t n = strlen(value);
  if (!dp__utf8_valid(value, n) || n > DP__MAX_STRING)
    return bad_arg(r, err, "attributes: value not valid UTF-8 or too long");
  int rc = check_attr(r, name, err);
  if (rc) return rc;
  rc = set_attr(r, name, 0, value, DP__AT_STRING, 1);
  if (rc) dp__error_set(err, rc, who(r), 0, 0, -1, NULL);
  return rc;
}

const char *dp_record_attribute_string(const dp_record *r, const char *name) {
  if (!r || !name) return NULL;
  for (size_t i = 0; i < r->nattrs; i++)
    if (dp__streq(r->attrs[i].name, name)) return r->attrs[i].str;
  return NULL;
}

int dp__record_attr_borrow(dp_record *r, const char *name, int value) {
  return set_attr(r, name, value, NULL, DP__AT_BOOL, 0);
}

int dp__record_attr_borrow_other(dp_record *r, const char *name,
                                 const char *str) {
  return set_attr(r, name, 0, str, str ? DP__AT_STRING : DP__AT_OTHER, 0);
}

int dp_record_add_unknown(dp_record *r, const char *step, dp_error *err) {
  if (!r || !step || !*step)
    return bad_arg(r, err, !r ? "no record" : "unknown: empty step name");
  size_t n = strlen(step);
  if (!dp__utf8_valid(step, n) || n > DP__MAX_STRING)
    return bad_arg(r, err, "unknown: not valid UTF-8 or too long");
  int rc = check_step(r, "unknown", step, err);
  if (rc) return rc;
  for (size_t i = 0; i < r->nunknown; i++)
    if (strcmp(r->unknown[i], step) == 0) return 0;
  if (dp__grow((void **)&r->unknown, &r->capunknown, r->nunknown + 1,
               sizeof *r->unknown))
    return DP_ENOMEM;
  if (!(r->unknown[r->nunknown] = dp__strndup(step, n))) return DP_ENOMEM;
  r->nunknown++;
  return 0;
}

int dp_record_attribute(const dp_record *r, const char *name) {
  if (!r || !name) return 0;
  for (size_t i = 0; i < r->nattrs; i++)
    if (dp__streq(r->attrs[i].name, name)) return r->attrs[i].value;
  return 0;
}

const dp__event dp__event_blank = {.b = {-1, -1},
                                   .day = {DP_NO_DATE, DP_NO_DATE, DP_NO_DATE},
                                   .secs = {-1, -1, -1}};

int dp_record_add_event(dp_record *r) {
  if (!r) return DP_EINVAL;
  if (r->nev >= DP__MAX_EVENTS) return DP_ELIMIT;
  if (r->nev >= r->capev &&
      dp__grow((void **)&r->ev, &r->capev, r->nev + 1, sizeof *r->ev))
    return DP_ENOMEM;
  /* a copy rather than memset and loops: a few stores */
  r->ev[r->nev] = dp__event_blank;
  return (int)r->nev++;
}

size_t dp_record_event_count(const dp_record *r) {
  return r ? r->nev : 0;
}

/* Set event field f to v (NUL-terminated, or NULL), owned or borrowed;
 * dates are parsed. */
static void put_field(dp_record *r, size_t i, dp__efield f, const char *v,
                      int own) {
  dp__event *ev = &r->ev[i];
  uint16_t bit = (uint16_t)(1u << f);
  if (ev->own & bit) free(ev->f[f]);
  ev->f[f] = (char *)v;
  if (v && own) ev->own |= bit;
  else ev->own &= (uint16_t)~bit;
  if (f >= DP__EF_DATE && f <= DP__EF_END)
    dp__event_date(ev, DP__DATE_SLOT(f), v);
}

/* Set event field f to a copy of v[0, n): the record's own (own set), or
 * in the record's arena (freed with the record, never one by one: what a
 * reader sets once). */
static int copy_field(dp_record *r, size_t i, dp__efield f, const char *v,
                      size_t n, int own) {
  if (!r || i >= r->nev || (int)f < 0 || f >= DP__EF_COUNT) return DP_EINVAL;
  char *copy = NULL;
  if (v && own) {
    if (!(copy = dp__strndup(v, n))) return DP_ENOMEM;
  } else if (v) {
    if (!(copy = dp__arena_alloc(&r->arena, n + 1))) return DP_ENOMEM;
    if (n) memcpy(copy, v, n);
    copy[n] = '\0';
  }
  /* the copy ends at a NUL inside v, if any */
  put_field(r, i, f, copy, own);
  return 0;
}

int dp__event_setn(dp_record *r, size_t i, dp__efield f, const char *v,
                   size_t n) {
  if (v && (!dp__utf8_valid(v, n) || n > DP__MAX_STRING)) return DP_EINVAL;
  return copy_field(r, i, f, v, n, 1);
}

int dp__event_copy(dp_record *r, size_t i, dp__efield f, const char *v,
                   size_t n) {
  if (v && (!dp__utf8_valid(v, n) || n > DP__MAX_STRING)) return DP_EINVAL;
  return copy_field(r, i, f, v, n, 0);
}

int dp__event_copy_valid(dp_record *r, size_t i, dp__efield f,
                         const char *v, size_t n) {
  return copy_field(r, i, f, v, n, 0);
}

void dp__event_borrow(dp_record *r, size_t i, dp__efield f, const char *v) {
  put_field(r, i, f, v, 0);
}

int dp_event_set(dp_record *r, size_t i, const char *field, const char *value,
                 dp_error *err) {
  int f = field ? dp__efield_lookup(field) : -1;
  if (!r || f < 0 || i >= r->nev) {
    char what[120];
    if (!r) snprintf(what, sizeof what, "no record");
    else if (f < 0)
      snprintf(what, sizeof what, "events[%zu]: no field '%.60s'", i,
               field ? field : "(null)");
    else
      snprintf(what, sizeof what, "events[%zu]: no such event (%zu events)",
               i, r->nev);
    return bad_arg(r, err, what);
  }
  char fname[64];
  snprintf(fname, sizeof fname, "events[%zu].step", i);
  int rc = f == DP__EF_STEP ? check_step(r, fname, value, err) : 0;
  if (rc) return rc;
  rc = dp__event_setn(r, i, (dp__efield)f, value, value ? strlen(value) : 0);
  if (rc == DP_EINVAL) {
    char what[128];
    snprintf(what, sizeof what, "events[%zu].%s: not valid UTF-8 or too long",
             i, dp__efield_names[f]);
    return bad_arg(r, err, what);
  }
  if (rc) dp__error_set(err, rc, who(r), 0, 0, -1, NULL);
  return rc;
}

int dp_event_set_bool(dp_record *r, size_t i, const char *field, int value) {
  int f = dp__ebool_lookup(field);
  if (!r || f < 0 || i >= r->nev) return DP_EINVAL;
  r->ev[i].b[f] = (int8_t)(value ? 1 : 0);
  return 0;
}

const char *dp_event_get(const dp_record *r, size_t i, const char *field) {
  int f = dp__efield_lookup(field);
  if (!r || f < 0 || i >= r->nev) return NULL;
  return r->ev[i].f[f];
}

int dp__record_issue(dp_record *r, dp_code code, dp_severity sev, int event,
                     const char *field, const char *zh, const char *en) {
  if (dp__grow((void **)&r->issues, &r->capissues, r->nissues + 1,
               sizeof *r->issues))
    return DP_ENOMEM;
  dp__issue *is = &r->issues[r->nissues];
  is->code = code;
  is->sev = sev;
  is->event = event;
  is->field = field ? dp__strdup(field) : NULL;
  is->msg[0] = dp__strdup(zh);
  is->msg[1] = dp__strdup(en);
  is->rule = NULL;
  if ((field && !is->field) || !is->msg[0] || !is->msg[1]) {
    free(is->field);
    free(is->msg[0]);
    free(is->msg[1]);
    return DP_ENOMEM;
  }
  r->nissues++;
  return 0;
}

int dp__record_issue_rule(dp_record *r, const char *rule, dp_code code,
                          dp_severity sev, int event, const char *field,
                          const char *zh, const char *en) {
  int rc = dp__record_issue(r, code, sev, event, field, zh, en);
  if (!rc) r->issues[r->nissues - 1].rule = rule;
  return rc;
}

int dp__record_invalid(dp_record *r, const char *zh, const char *en) {
  if (r->invalid[0]) return 0;
  r->invalid[0] = dp__strdup(zh);
  r->invalid[1] = dp__strdup(en);
  if (!r->invalid[0] || !r->invalid[1]) return DP_ENOMEM;
  return 0;
}

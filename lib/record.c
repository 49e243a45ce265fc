/*
 * record.c - a filed record: the plain data every reader produces and the
 * engine checks (records.md §1–3).
 */
#include "dp-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const dp__efield_names[DP__EF_COUNT] = {
    "step", "label", "date", "start", "end",
    "result", "by", "meeting", "channel", "reason"};
const char *const dp__ebool_names[DP__EB_COUNT] = {"signed",
                                                   "feedback_published"};
const char *const dp__rfield_names[DP__RF_COUNT] = {
    "id", "procedure", "title", "authority", "doc_number"};

int dp__efield_lookup(const char *name) {
  if (!name) return -1;
  /* the first byte narrows it to one or two names (runs for every field of
   * every event read) */
  switch (name[0]) {
  case 's':
    if (strcmp(name, "step") == 0) return DP__EF_STEP;
    if (strcmp(name, "start") == 0) return DP__EF_START;
    return -1;
  case 'l': return strcmp(name, "label") == 0 ? DP__EF_LABEL : -1;
  case 'd': return strcmp(name, "date") == 0 ? DP__EF_DATE : -1;
  case 'e': return strcmp(name, "end") == 0 ? DP__EF_END : -1;
  case 'r':
    if (strcmp(name, "result") == 0) return DP__EF_RESULT;
    if (strcmp(name, "reason") == 0) return DP__EF_REASON;
    return -1;
  case 'b': return strcmp(name, "by") == 0 ? DP__EF_BY : -1;
  case 'm': return strcmp(name, "meeting") == 0 ? DP__EF_MEETING : -1;
  case 'c': return strcmp(name, "channel") == 0 ? DP__EF_CHANNEL : -1;
  default: return -1;
  }
}

int dp__ebool_lookup(const char *name) {
  if (!name) return -1;
  for (int i = 0; i < DP__EB_COUNT; i++)
    if (strcmp(name, dp__ebool_names[i]) == 0) return i;
  return -1;
}

static int rfield_lookup(const char *name) {
  if (!name) return -1;
  for (int i = 0; i < DP__RF_COUNT; i++)
    if (strcmp(name, dp__rfield_names[i]) == 0) return i;
  return -1;
}

dp_record *dp_record_new(void) {
  return dp__calloc(1, sizeof(dp_record));
}

static void event_clear(dp__event *ev) {
  for (int i = 0; i < DP__EF_COUNT; i++) free(ev->f[i]);
}

void dp_record_free(dp_record *r) {
  if (!r) return;
  for (int i = 0; i < DP__RF_COUNT; i++) free(r->f[i]);
  for (size_t i = 0; i < r->nattrs; i++) free(r->attrs[i].name);
  free(r->attrs);
  for (size_t i = 0; i < r->nev; i++) event_clear(&r->ev[i]);
  free(r->ev);
  for (size_t i = 0; i < r->nissues; i++) {
    free(r->issues[i].field);
    free(r->issues[i].msg[0]);
    free(r->issues[i].msg[1]);
  }
  free(r->issues);
  free(r->invalid[0]);
  free(r->invalid[1]);
  free(r->source);
  free(r);
}

int dp_record_set(dp_record *r, const char *field, const char *value) {
  if (!r) return DP_EINVAL;
  int f = rfield_lookup(field);
  if (f < 0) return DP_EINVAL;
  char *v = NULL;
  if (value) {
    size_t n = strlen(value);
    if (!dp__utf8_valid(value, n) || n > DP__MAX_STRING) return DP_EINVAL;
    if (!(v = dp__strndup(value, n))) return DP_ENOMEM;
  }
  free(r->f[f]);
  r->f[f] = v;
  return 0;
}

const char *dp_record_get(const dp_record *r, const char *field) {
  int f = rfield_lookup(field);
  return r && f >= 0 ? r->f[f] : NULL;
}

int dp_record_set_attribute(dp_record *r, const char *name, int value) {
  if (!r || !name || !*name) return DP_EINVAL;
  for (size_t i = 0; i < r->nattrs; i++)
    if (strcmp(r->attrs[i].name, name) == 0) {
      r->attrs[i].value = value ? 1 : 0;
      return 0;
    }
  if (dp__grow((void **)&r->attrs, &r->capattrs, r->nattrs + 1,
               sizeof *r->attrs))
    return DP_ENOMEM;
  char *n = dp__strdup(name);
  if (!n) return DP_ENOMEM;
  r->attrs[r->nattrs++] = (dp__attr){n, (int8_t)(value ? 1 : 0)};
  return 0;
}

int dp_record_attribute(const dp_record *r, const char *name) {
  if (!r || !name) return 0;
  for (size_t i = 0; i < r->nattrs; i++)
    if (strcmp(r->attrs[i].name, name) == 0) return r->attrs[i].value;
  return 0;
}

int dp_record_add_event(dp_record *r) {
  if (!r) return DP_EINVAL;
  if (r->nev >= DP__MAX_EVENTS) return DP_ELIMIT;
  if (dp__grow((void **)&r->ev, &r->capev, r->nev + 1, sizeof *r->ev))
    return DP_ENOMEM;
  dp__event *ev = &r->ev[r->nev];
  memset(ev, 0, sizeof *ev);
  for (int i = 0; i < DP__EB_COUNT; i++) ev->b[i] = -1;
  for (int i = 0; i < 3; i++) {
    ev->day[i] = DP_NO_DATE;
    ev->secs[i] = -1;
  }
  return (int)r->nev++;
}

size_t dp_record_event_count(const dp_record *r) {
  return r ? r->nev : 0;
}

int dp__event_setn(dp_record *r, size_t i, dp__efield f, const char *v,
                   size_t n) {
  if (v && (!dp__utf8_valid(v, n) || n > DP__MAX_STRING)) return DP_EINVAL;
  return dp__event_setn_valid(r, i, f, v, n);
}

int dp__event_setn_valid(dp_record *r, size_t i, dp__efield f, const char *v,
                         size_t n) {
  if (!r || i >= r->nev || (int)f < 0 || f >= DP__EF_COUNT) return DP_EINVAL;
  dp__event *ev = &r->ev[i];
  char *copy = NULL;
  if (v) {
    if (!(copy = dp__strndup(v, n))) return DP_ENOMEM;
  }
  free(ev->f[f]);
  ev->f[f] = copy;
  if (f >= DP__EF_DATE && f <= DP__EF_END) {
    int k = DP__DATE_SLOT(f);
    ev->day[k] = DP_NO_DATE;
    ev->secs[k] = -1;
    if (!copy) {
      ev->dstate[k] = DP__D_ABSENT;
    } else {
      int32_t d, s;
      if (dp_date_parse(copy, n, &d, &s) == 0) {
        ev->dstate[k] = DP__D_OK;
        ev->day[k] = d;
        ev->secs[k] = s;
      } else {
        ev->dstate[k] = DP__D_BAD;
      }
    }
  }
  return 0;
}

int dp_event_set(dp_record *r, size_t i, const char *field,
                 const char *value) {
  int f = dp__efield_lookup(field);
  if (f < 0) return DP_EINVAL;
  return dp__event_setn(r, i, (dp__efield)f, value, value ? strlen(value) : 0);
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
  if ((field && !is->field) || !is->msg[0] || !is->msg[1]) {
    free(is->field);
    free(is->msg[0]);
    free(is->msg[1]);
    return DP_ENOMEM;
  }
  r->nissues++;
  return 0;
}

int dp__record_invalid(dp_record *r, const char *zh, const char *en) {
  if (r->invalid[0]) return 0;
  r->invalid[0] = dp__strdup(zh);
  r->invalid[1] = dp__strdup(en);
  if (!r->invalid[0] || !r->invalid[1]) return DP_ENOMEM;
  return 0;
}

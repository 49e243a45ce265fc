/*
 * read_json.c - one JSON object → dp_record, with cJSON.
 *
 * Problems inside a well-formed object never fail the call: they become
 * issues of the record (malformed findings), so the record is still
 * checked and nothing is dropped silently.
 */
#include "dp-private.h"

#include "dp-json.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *json_type_name(const cJSON *v) {
  if (cJSON_IsString(v)) return "string";
  if (cJSON_IsNumber(v)) return "number";
  if (cJSON_IsBool(v)) return "boolean";
  if (cJSON_IsNull(v)) return "null";
  if (cJSON_IsArray(v)) return "array";
  if (cJSON_IsObject(v)) return "object";
  return "invalid";
}

/* Line and column (1-based, bytes) of offset `at` in text. */
static void line_col(const char *text, size_t at, int *line, int *col) {
  int l = 1;
  size_t ls = 0;
  for (size_t i = 0; i < at; i++)
    if (text[i] == '\n') {
      l++;
      ls = i + 1;
    }
  *line = l;
  *col = (int)(at - ls) + 1;
}

/* Issue helpers: `where` is the field path, e.g. "events[2].date". */
static int issue(dp_record *r, dp_code code, dp_severity sev, int ev,
                 const char *where, const char *zh, const char *en) {
  return dp__record_issue(r, code, sev, ev, where, zh, en);
}

static int wrong_type(dp_record *r, dp_severity sev, int ev, const char *where,
                      const char *want, const cJSON *v) {
  char zh[256], en[256];
  snprintf(zh, sizeof zh, "%s 应为%s，实为 %s", where,
           strcmp(want, "string") == 0    ? "字符串"
           : strcmp(want, "boolean") == 0 ? "布尔值"
           : strcmp(want, "object") == 0  ? "对象"
                                          : "数组",
           json_type_name(v));
  snprintf(en, sizeof en, "%s: expected %s %s, found %s", where,
           want[0] == 'o' || want[0] == 'a' ? "an" : "a", want,
           json_type_name(v));
  return issue(r, DP_MALFORMED, sev, ev, where, zh, en);
}

/* A string value we keep: valid UTF-8 and within the size limit. */
static int string_ok(dp_record *r, dp_severity sev, int ev, const char *where,
                     const cJSON *v) {
  size_t n = strlen(v->valuestring);
  char zh[256], en[256];
  if (n > DP__MAX_STRING) {
    snprintf(zh, sizeof zh, "%s 过长（%zu 字节，上限 %u）", where, n,
             DP__MAX_STRING);
    snprintf(en, sizeof en, "%s: %zu bytes exceeds the limit of %u", where, n,
             DP__MAX_STRING);
    issue(r, DP_MALFORMED, sev, ev, where, zh, en);
    return 0;
  }
  if (!dp__utf8_valid(v->valuestring, n)) {
    snprintf(zh, sizeof zh, "%s 不是有效的 UTF-8 文本", where);
    snprintf(en, sizeof en, "%s: not valid UTF-8", where);
    issue(r, DP_MALFORMED, sev, ev, where, zh, en);
    return 0;
  }
  return 1;
}

/* Offset of the first bracket nested deeper than DP__MAX_JSON_DEPTH, or
 * (size_t)-1.  cJSON's own limit (CJSON_NESTING_LIMIT, 1000) would only
 * say "invalid JSON". */
static size_t too_deep(const char *text, size_t len) {
  int depth = 0, in_str = 0, esc = 0;
  for (size_t i = 0; i < len; i++) {
    char ch = text[i];
    if (in_str) {
      if (esc) esc = 0;
      else if (ch == '\\') esc = 1;
      else if (ch == '"') in_str = 0;
    } else if (ch == '"') {
      in_str = 1;
    } else if (ch == '{' || ch == '[') {
      if (++depth > DP__MAX_JSON_DEPTH) return i;
    } else if ((ch == '}' || ch == ']') && depth > 0) {
      depth--;
    }
  }
  return (size_t)-1;
}

/* 1 if a container inside v (itself a container at depth d, the root
 * being 1) lies deeper than DP__MAX_JSON_DEPTH: exactly when too_deep()
 * would find a bracket in the text of a parsed value.  This decides for a
 * parsed record; too_deep finds where. */
static int tree_too_deep(const cJSON *v, int d) {
  for (const cJSON *c = v->child; c; c = c->next)
    if (c->type & (cJSON_Array | cJSON_Object)) {
      if (d + 1 > DP__MAX_JSON_DEPTH) return 1;
      if (c->child && tree_too_deep(c, d + 1)) return 1;
    }
  return 0;
}

/* A string value that fits: valid UTF-8 within the size limit. */
static int string_fits(const cJSON *v) {
  size_t n = strlen(v->valuestring);
  return n <= DP__MAX_STRING && dp__utf8_valid(v->valuestring, n);
}

/* A boolean field (f its dp__ebool) of event i (events[idx]). */
static int read_bool(dp_record *r, const cJSON *c, int i, int idx, int f) {
  if (!cJSON_IsBool(c)) {
    char where[64];
    snprintf(where, sizeof where, "events[%d].%s", idx, c->string);
    return wrong_type(r, DP_WARNING, i, where, "boolean", c);
  }
  r->ev[i].b[f] = cJSON_IsTrue(c) ? 1 : 0;
  return 0;
}

/* A string field (f its dp__efield) of event i (events[idx]) that is not
 * a string that fits: the finding, and a date marked bad. */
static int read_bad_string(dp_record *r, const cJSON *c, int i, int idx,
                           int f) {
  char where[64];
  int is_date = f >= DP__EF_DATE && f <= DP__EF_END;
  dp_severity sev = is_date ? DP_ERROR : DP_WARNING;
  snprintf(where, sizeof where, "events[%d].%s", idx, c->string);
  if (!cJSON_IsString(c)) {
    if (is_date) r->ev[i].dstate[DP__DATE_SLOT(f)] = DP__D_BAD;
    if (is_date && cJSON_IsNumber(c)) {
      /* 45000: a spreadsheet's serial date written as a number.  It is
       * kept as its text, a bad date, which the check reports as a
       * serial date with the day it stands for (records.md §8.7) */
      char num[32];
      int m = snprintf(num, sizeof num, "%.10g", c->valuedouble);
      if (m > 0 && (size_t)m < sizeof num &&
          dp__date_serial(num, (size_t)m, NULL))
        return dp__event_copy_valid(r, (size_t)i, (dp__efield)f, num,
                                    (size_t)m);
    }
    return wrong_type(r, sev, i, where, "string", c);
  }
  if (!string_ok(r, sev, i, where, c)) {
    if (is_date) r->ev[i].dstate[DP__DATE_SLOT(f)] = DP__D_BAD;
    return 0;
  }
  dp__event_borrow(r, (size_t)i, (dp__efield)f, c->valuestring);
  return 0;
}

/* trusted: every string in the tree is valid UTF-8 within the size limit
 * (the record's text is), so none need be checked again. */
static int read_event(dp_record *r, const cJSON *o, int idx, int trusted) {
  int i = dp_record_add_event(r);
  if (i < 0) return i;
  if (!cJSON_IsObject(o)) {
    char where[64];
    r->ev[i].ignore = 1;
    snprintf(where, sizeof where, "events[%d]", idx);
    return wrong_type(r, DP_ERROR, i, where, "object", o);
  }
  for (const cJSON *c = o->child; c; c = c->next) {
    int f = dp__field_lookup(c->string);
    /* unknown fields are kept in the source and ignored here */
    if (f < 0 || cJSON_IsNull(c)) continue;
    int rc = 0;
    if (f >= DP__EF_COUNT)
      rc = read_bool(r, c, i, idx, f - DP__EF_COUNT);
    else if (cJSON_IsString(c) && (trusted || string_fits(c)))
      /* no copy: the tree lives as long as the record */
      dp__event_borrow(r, (size_t)i, (dp__efield)f, c->valuestring);
    else
      rc = read_bad_string(r, c, i, idx, f);
    if (rc) return rc;
  }
  return 0;
}

/* Everything in root but id and procedure (from_json reads those). */
static int read_record(dp_record *r, const cJSON *root, int trusted) {
  int rc;
  for (const cJSON *c = root->child; c; c = c->next) {
    int f = dp__name_lookup(c->string);
    if (f < DP__NAME_RECORD || f == DP__NAME_RECORD + DP__RF_ID ||
        f == DP__NAME_RECORD + DP__RF_PROCEDURE)
      continue;
    if (f == DP__NAME_ATTRIBUTES) {
      if (cJSON_IsNull(c)) continue;
      if (!cJSON_IsObject(c)) {
        if ((rc = wrong_type(r, DP_WARNING, -1, "attributes", "object", c)))
          return rc;
        continue;
      }
      for (const cJSON *a = c->child; a; a = a->next) {
        if (!a->string) continue;
        if (!a->string[0]) {
          /* no attribute can be named so (dp_record_set_attribute
           * refuses it): say so and read on */
          if ((rc = issue(r, DP_MALFORMED, DP_WARNING, -1, "attributes",
                          "属性名为空，已忽略",
                          "attributes: an attribute with an empty name; "
                          "ignored")))
            return rc;
          continue;
        }
        if (cJSON_IsBool(a)) {
          if ((rc = dp__record_attr_borrow(r, a->string, cJSON_IsTrue(a))))
            return rc;
          continue;
        }
        /* a string (issuer, kind) or a value of another type: kept as
         * it is; dp_check judges it against what the procedure reads */
        if ((rc = dp__record_attr_borrow_other(
                 r, a->string, cJSON_IsString(a) ? a->valuestring : NULL)))
          return rc;
      }
      continue;
    }
    if (f == DP__NAME_UNKNOWN) {
      if (cJSON_IsNull(c)) continue;
      if (!cJSON_IsArray(c)) {
        if ((rc = wrong_type(r, DP_WARNING, -1, "unknown", "array", c)))
          return rc;
        continue;
      }
      for (const cJSON *u = c->child; u; u = u->next) {
        if (cJSON_IsString(u) && u->valuestring[0]) {
          if ((rc = dp_record_add_unknown(r, u->valuestring, NULL))) return rc;
          continue;
        }
        if ((rc = wrong_type(r, DP_WARNING, -1, "unknown", "step name", u)))
          return rc;
      }
      continue;
    }
    if (f == DP__NAME_EVENTS) {
      if (cJSON_IsNull(c)) continue;
      if (!cJSON_IsArray(c)) {
        if ((rc = wrong_type(r, DP_ERROR, -1, "events", "array", c)))
          return rc;
        continue;
      }
      int idx = 0;
      for (const cJSON *ev = c->child; ev; ev = ev->next, idx++) {
        if ((size_t)idx >= DP__MAX_EVENTS) {
          char zh[128], en[128];
          snprintf(zh, sizeof zh, "事件超过 %u 个", DP__MAX_EVENTS);
          snprintf(en, sizeof en, "more than %u events", DP__MAX_EVENTS);
          dp__record_invalid(r, zh, en);
          return DP_ELIMIT;
        }
        if ((rc = read_event(r, ev, idx, trusted))) return rc;
      }
      continue;
    }
    if (cJSON_IsNull(c)) continue;
    if (!cJSON_IsString(c)) {
      if ((rc = wrong_type(r, DP_WARNING, -1, c->string, "string", c)))
        return rc;
      continue;
    }
    if (!trusted && !string_ok(r, DP_WARNING, -1, c->string, c)) continue;
    /* a repeated key: the last one wins (a record read from JSON owns
     * none of its fields: dp__record_borrow without the call) */
    r->f[f - DP__NAME_RECORD] = c->valuestring;
  }
  return 0;
}

/* The first member of object o named `name` (as
 * cJSON_GetObjectItemCaseSensitive, without the call). */
static const cJSON *member(const cJSON *o, const char *name) {
  for (const cJSON *c = o->child; c; c = c->next)
    if (c->string && dp__streq(c->string, name)) return c;
  return NULL;
}

/* The id and the procedure as a record must have them. */
static int id_ok(const cJSON *id, int trusted) {
  return id && cJSON_IsString(id) &&
         (trusted ||
          (dp__utf8_valid(id->valuestring, strlen(id->valuestring)) &&
           strlen(id->valuestring) <= DP__MAX_STRING));
}

static int procedure_ok(const cJSON *pr, int trusted) {
  return pr && cJSON_IsString(pr) &&
         (trusted || dp__utf8_valid(pr->valuestring, strlen(pr->valuestring)));
}

/* No procedure (absent or null) is not a reading error: the record is read
 * as one from a CSV log without a procedure column, and dp_check() takes
 * the procedure from its options or reports that there is none. */
static int procedure_absent(const cJSON *pr) { return !pr || cJSON_IsNull(pr); }

/* The record that stands for one of len bytes, over the limit, into *out:
 * DP_ELIMIT, or DP_ENOMEM. */
static int too_big(dp_record **out, size_t len, dp_error *err) {
  dp__error_set(err, DP_ELIMIT, NULL, 0, 0, -1,
                "record of %zu bytes exceeds the limit of %u", len,
                DP__MAX_RECORD_BYTES);
  dp_record *r = dp__record_new();
  if (!r) return DP_ENOMEM;
  char zh[128], en[128];
  snprintf(zh, sizeof zh, "记录过大（%zu 字节，上限 %u）", len,
           DP__MAX_RECORD_BYTES);
  snprintf(en, sizeof en, "record of %zu bytes exceeds the limit of %u", len,
           DP__MAX_RECORD_BYTES);
  if (dp__record_invalid(r, zh, en)) {
    dp_record_free(r);
    return DP_ENOMEM;
  }
  *out = r;
  return DP_ELIMIT;
}

/* DP_EJSON for a NUL that cJSON would stop at without a word, else 0. */
static int nul_inside(const char *text, size_t len, dp_error *err) {
  const char *nul = memchr(text, '\0', len);
  /* a length that counts the terminating NUL(s) of some text is fine */
  const char *after = nul;
  while (after && after < text + len && *after == '\0') after++;
  if (nul && (nul == text || after < text + len)) {
    /* not JSON (RFC 8259 wants control characters escaped), and cJSON
     * would keep a string cut short there */
    int line, col;
    line_col(text, (size_t)(nul - text), &line, &col);
    dp__error_set(err, DP_EJSON, NULL, line, col, (long)(nul - text),
                  "NUL byte in JSON text");
    return DP_EJSON;
  }
  /* \u0000 is JSON, but cJSON's strings end there: the rest of the value
   * would be lost without a word */
  for (const char *p = text, *stop = text + len;
       (p = memchr(p, '\\', (size_t)(stop - p))) != NULL;) {
    size_t run = 0;
    while (p + run < stop && p[run] == '\\') run++;
    p += run;
    if ((run & 1) && stop - p >= 5 && memcmp(p, "u0000", 5) == 0) {
      size_t at = (size_t)(p - 1 - text);
      int line, col;
      line_col(text, at, &line, &col);
      dp__error_set(err, DP_EJSON, NULL, line, col, (long)at,
                    "\\u0000 (NUL) in a JSON string is not supported");
      return DP_EJSON;
    }
  }
  return 0;
}

/* The nesting limit for the text whose parse gave root (NULL: none),
 * ending at end.  A parsed value no deeper than the limit, followed by no
 * bracket, cannot go deeper; otherwise the text decides, and says where.
 * 0, or DP_ELIMIT with r made the record that stands for it (the tree
 * dropped), or DP_ENOMEM. */
static int nested_too_deep(dp_record *r, const char *text, size_t len,
                           cJSON *root, const char *end, dp_error *err) {
  if (root && !tree_too_deep(root, 1) &&
      !(end && end >= text && end < text + len &&
        (memchr(end, '{', (size_t)(text + len - end)) ||
         memchr(end, '[', (size_t)(text + len - end)))))
    return 0;
  size_t deep = too_deep(text, len);
  if (deep == (size_t)-1) return 0;
  int line, col;
  line_col(text, deep, &line, &col);
  dp__json_drop(&r->arena, root);
  dp__error_set(err, DP_ELIMIT, NULL, line, col, (long)deep,
                "JSON nested deeper than the limit of %d levels",
                DP__MAX_JSON_DEPTH);
  char zh[128], en[128];
  snprintf(zh, sizeof zh, "JSON 嵌套超过 %d 层（第 %d 行第 %d 列）",
           DP__MAX_JSON_DEPTH, line, col);
  snprintf(en, sizeof en,
           "JSON nested deeper than the limit of %d levels (line %d, "
           "column %d)",
           DP__MAX_JSON_DEPTH, line, col);
  return dp__record_invalid(r, zh, en) ? DP_ENOMEM : DP_ELIMIT;
}

/* The error of text that did not parse, where cJSON stopped (end). */
static int parse_error(const char *text, size_t len, const char *end,
                       dp_error *err) {
  size_t at = end && end >= text && end <= text + len ? (size_t)(end - text)
                                                       : 0;
  int line, col;
  line_col(text, at, &line, &col);
  if (len == 0 || at >= len) {
    dp__error_set(err, DP_EJSON, NULL, line, col, (long)at,
                  "unexpected end of JSON text");
  } else {
    char near[16] = {0};
    size_t k = 0;
    while (k < 8 && at + k < len && text[at + k] != '\n') k++;
    memcpy(near, text + at, k);
    dp__error_set(err, DP_EJSON, NULL, line, col, (long)at,
                  "invalid JSON near '%s'", near);
  }
  return DP_EJSON;
}

/* The id and the procedure of root into r, or why r cannot be checked:
 * 0, DP_ERECORD (r made the record that stands for it) or DP_ENOMEM. */
static int read_id_procedure(dp_record *r, const cJSON *root, int trusted,
                             dp_error *err) {
  int rc = 0;
  const cJSON *id = member(root, "id");
  if (id_ok(id, trusted)) {
    dp__record_borrow(r, DP__RF_ID, id->valuestring);
  } else {
    char zh[128], en[128];
    if (!id) {
      snprintf(zh, sizeof zh, "记录缺少 id");
      snprintf(en, sizeof en, "the record has no id");
    } else if (!cJSON_IsString(id)) {
      snprintf(zh, sizeof zh, "id 应为字符串，实为 %s", json_type_name(id));
      snprintf(en, sizeof en, "id: expected a string, found %s",
               json_type_name(id));
    } else {
      snprintf(zh, sizeof zh, "id 不是有效的 UTF-8 文本或过长");
      snprintf(en, sizeof en, "id: not valid UTF-8 or too long");
    }
    dp__error_set(err, DP_ERECORD, NULL, 0, 0, -1, "%s", en);
    rc = dp__record_invalid(r, zh, en) ? DP_ENOMEM : DP_ERECORD;
  }
  const cJSON *pr = member(root, "procedure");
  if (procedure_ok(pr, trusted)) {
    dp__record_borrow(r, DP__RF_PROCEDURE, pr->valuestring);
  } else if (rc == 0 && !procedure_absent(pr)) {
    char zh[128], en[128];
    if (cJSON_IsString(pr)) {
      snprintf(zh, sizeof zh, "procedure 不是有效的 UTF-8 文本");
      snprintf(en, sizeof en, "procedure: not valid UTF-8");
    } else {
      snprintf(zh, sizeof zh, "procedure 应为字符串，实为 %s",
               json_type_name(pr));
      snprintf(en, sizeof en, "procedure: expected a string, found %s",
               json_type_name(pr));
    }
    dp__error_set(err, DP_ERECORD, NULL, 0, 0, -1, "%s", en);
    rc = dp__record_invalid(r, zh, en) ? DP_ENOMEM : DP_ERECORD;
  }
  return rc;
}

/* The parsed value root (the record keeps its tree) into r. */
static int read_root(dp_record *r, const cJSON *root, int trusted,
                     dp_error *err) {
  if (!cJSON_IsObject(root)) {
    char zh[128], en[128];
    snprintf(zh, sizeof zh, "记录应为 JSON 对象，实为 %s",
             json_type_name(root));
    snprintf(en, sizeof en, "a record must be a JSON object, found %s",
             json_type_name(root));
    dp__error_set(err, DP_ERECORD, NULL, 1, 1, 0, "%s", en);
    return dp__record_invalid(r, zh, en) ? DP_ENOMEM : DP_ERECORD;
  }
  int rc = read_id_procedure(r, root, trusted, err);
  if (rc == 0) {
    rc = read_record(r, root, trusted);
    if (rc == DP_ELIMIT)
      dp__error_set(err, DP_ELIMIT, NULL, 0, 0, -1, "%s", r->invalid[1]);
  }
  return rc;
}

/* dp_record_from_json, keeping the record that stands for an unreadable
 * one (the readers report it where it was). */
int dp__record_from_json(dp_record **out, const char *text, size_t len,
                         dp_error *err) {
  if (!out) return DP_EINVAL;
  *out = NULL;
  if (!text) return DP_EINVAL;
  if (len > DP__MAX_RECORD_BYTES) return too_big(out, len, err);
  int rc = nul_inside(text, len, err);
  if (rc) return rc;
  /* the record first: the tree goes into its arena (dp-json.h) */
  dp_record *r = dp__record_new();
  if (!r) return DP_ENOMEM;
  const char *end = NULL;
  cJSON *root = dp__json_parse(&r->arena, text, len, &end);
  /* nothing but white space may follow the value: junk at offset junk */
  size_t junk = len;
  if (end) {
    size_t at = (size_t)(end - text);
    while (at < len && (text[at] == ' ' || text[at] == '\t' ||
                        text[at] == '\r' || text[at] == '\n'))
      at++;
    if (at < len && text[at] != '\0') junk = at;
  }
  if ((rc = nested_too_deep(r, text, len, root, end, err)) != 0) {
    if (rc == DP_ENOMEM) {
      dp_record_free(r);
      return rc;
    }
    *out = r;
    return rc;
  }
  if (!root) {
    dp_record_free(r);
    return parse_error(text, len, end, err);
  }
  /* the record keeps the tree: its strings are the record's */
  r->json = root;
  if (junk < len) {
    int line, col;
    line_col(text, junk, &line, &col);
    dp__error_set(err, DP_EJSON, NULL, line, col, (long)junk,
                  "unexpected text after the JSON value");
    dp_record_free(r);
    return DP_EJSON;
  }
  /* Text that is valid UTF-8 gives strings that are (cJSON decodes
   * \u escapes to valid UTF-8 and refuses lone surrogates; \u0000 was
   * refused above), and text within the string limit gives strings that
   * are: one pass over the text then spares a check of every string. */
  int trusted = len <= DP__MAX_STRING && dp__utf8_valid(text, len);
  rc = read_root(r, root, trusted, err);
  if (rc == DP_ENOMEM) {
    dp_record_free(r);
    return rc;
  }
  *out = r;
  return rc;
}

int dp_record_from_json(dp_record **out, const char *text, size_t len,
                        unsigned flags, dp_error *err) {
  (void)flags;
  int rc = dp__record_from_json(out, text, len, err);
  /* the record that stands for an unreadable one is the readers' (they
   * report it where it was); a caller here has the error */
  if (rc && out && *out) {
    dp_record_free(*out);
    *out = NULL;
  }
  return rc;
}

/*
 * fuzz_label.c - free-text labels → steps and fields.  Each line of the
 * input is the `label` of one event (set through dp_event_set, so text
 * that is not UTF-8 must be refused there, never reach pcre2); the record
 * is checked against both default procedures.  The same labels also go
 * through JSON (escaped byte by byte) to reach read_json's checks.
 */
#include "fuzz_common.h"

#include <stdio.h>

static void add_json_string(char **p, const uint8_t *s, size_t n) {
  char *o = *p;
  *o++ = '"';
  for (size_t i = 0; i < n; i++) {
    unsigned c = s[i];
    if (c == '"' || c == '\\') {
      *o++ = '\\';
      *o++ = (char)c;
    } else if (c < 0x20) {
      o += sprintf(o, "\\u%04x", c);
    } else {
      *o++ = (char)c;
    }
  }
  *o++ = '"';
  *p = o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dp_engine *e = fuzz_engine();
  if (size > 65536) return 0;
  dp_record *r = NULL;
  dp_record_new(&r, NULL);
  if (!r) return 0;
  dp_record_set(r, "id", "label-fuzz");
  dp_record_set(r, "procedure", "normative_document");
  char *json = malloc(size * 6 + 256 + 64 * (size + 1));
  if (!json) {
    dp_record_free(r);
    return 0;
  }
  char *o = json;
  o += sprintf(o, "{\"id\":\"label-fuzz\",\"procedure\":\"major_decision\","
                  "\"events\":[");
  size_t start = 0, nev = 0;
  for (size_t i = 0; i <= size; i++) {
    if (i < size && data[i] != '\n') continue;
    const uint8_t *s = data + start;
    size_t n = i - start;
    start = i + 1;
    if (nev >= 64) break;
    char *label = malloc(n + 1);
    if (!label) break;
    memcpy(label, s, n);
    label[n] = '\0';
    int ev = dp_record_add_event(r);
    if (ev < 0) {
      free(label);
      break;
    }
    char date[16];
    snprintf(date, sizeof date, "2022-%02u-%02u", (unsigned)(nev % 12) + 1,
             (unsigned)(nev % 28) + 1);
    int rc = dp_event_set(r, (size_t)ev, "label", label, NULL);
    if (rc != 0 && rc != DP_EINVAL && rc != DP_ENOMEM) abort();
    dp_event_set(r, (size_t)ev, "date", date, NULL);
    free(label);
    o += sprintf(o, "%s{\"label\":", nev ? "," : "");
    add_json_string(&o, s, n);
    o += sprintf(o, ",\"date\":\"%s\"}", date);
    nev++;
  }
  o += sprintf(o, "]}");
  fuzz_check(e, r, "normative_document", DP_NO_DATE);
  fuzz_check(e, r, "major_decision", DP_NO_DATE);
  dp_record_free(r);

  dp_record *j = NULL;
  int rc = dp_record_from_json(&j, json, (size_t)(o - json), 0, NULL);
  if (rc == 0) {
    fuzz_check(e, j, "normative_document", DP_NO_DATE);
    fuzz_check(e, j, "major_decision", DP_NO_DATE);
  }
  dp_record_free(j);
  free(json);
  return 0;
}

/*
 * write.c - the writers of one checked record: the readable text block,
 * the records.md §6 JSON line (report.c writes it), CSV rows; the sinks
 * they write to.  The tally and its summary and HTML page are in
 * tally.c; doc/report.md describes every format.
 */
#include "dp-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dp_sink_file(void *arg, const char *data, size_t len) {
  if (!arg) return -1;
  return len && fwrite(data, 1, len, (FILE *)arg) != len ? -1 : 0;
}

int dp__write_out(const dp_write_options *o, const char *data, size_t len) {
  if (!o->sink || !len) return 0;
  return o->sink(o->sink_arg, data, len) ? DP_EIO : 0;
}

int dp__write_buf(const dp_write_options *o, dp__buf *b) {
  if (b->oom) return DP_ENOMEM;
  int rc = dp__write_out(o, b->s, b->len);
  b->len = 0;
  if (b->s) b->s[0] = '\0';
  return rc;
}

void dp__buf_add_csv(dp__buf *b, const char *s) {
  if (!s) return;
  if (!strpbrk(s, ",\"\r\n")) {
    dp__buf_adds(b, s);
    return;
  }
  dp__buf_addc(b, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"') dp__buf_addc(b, '"');
    dp__buf_addc(b, *p);
  }
  dp__buf_addc(b, '"');
}

/* ---------------------------------------------------------------------
 * Colours (SGR codes); nothing at all when colour is off
 * ------------------------------------------------------------------- */

enum { C_RED, C_GREEN, C_YELLOW, C_CYAN, C_BOLD, C_DIM };

static const char *col_on(const dp_write_options *o, int c) {
  static const char *const sgr[] = {"\033[31m", "\033[32m", "\033[33m",
                                    "\033[36m", "\033[1m",  "\033[2m"};
  return o->flags & DP_WRITE_COLOR ? sgr[c] : "";
}

static const char *col_off(const dp_write_options *o) {
  return o->flags & DP_WRITE_COLOR ? "\033[0m" : "";
}

/* ---------------------------------------------------------------------
 * One record
 * ------------------------------------------------------------------- */

static void text_record(dp__buf *b, const dp_write_options *o,
                        const dp_record_info *ri, const dp_report *rep) {
  int en = o->lang == DP_LANG_EN;
  int ok = dp_report_ok(rep);
  size_t n = dp_report_count(rep);
  const char *id = dp_report_id(rep);
  const char *proc = dp_report_procedure(rep);

  /* the header line */
  if (!ok) dp__buf_addf(b, "%s✗%s ", col_on(o, C_RED), col_off(o));
  else if (n) dp__buf_addf(b, "%s⚠%s ", col_on(o, C_YELLOW), col_off(o));
  else dp__buf_addf(b, "%s✓%s ", col_on(o, C_GREEN), col_off(o));
  dp__buf_adds(b, col_on(o, C_BOLD));
  dp__buf_adds(b, id ? id : en ? "(no id)" : "（无 id）");
  dp__buf_adds(b, col_off(o));
  if (ri->title && *ri->title) {
    dp__buf_adds(b, "  ");
    dp__buf_adds(b, ri->title);
  }
  if (proc) dp__buf_addf(b, "  [%s]", proc);
  /* where it was read, when the caller knows */
  if (ri->file || ri->line)
    dp__buf_addf(b, "  %s(%s:%ld)%s", col_on(o, C_DIM),
                 ri->file ? ri->file : "", ri->line, col_off(o));
  dp__buf_addc(b, '\n');

  /* one line per finding, then its basis; a finding about the record's
   * data (rule record.*) cites the record format, which is no legal
   * basis: a note */
  for (size_t i = 0; i < n; i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    int err = dp_finding_severity(f) == DP_ERROR;
    int data = strncmp(dp_finding_rule(f), "record.", 7) == 0;
    const char *label = data ? (en ? "note: " : "说明：")
                             : (en ? "basis: " : "依据：");
    int c = err ? C_RED : C_YELLOW;
    dp__buf_addf(b, "  %s%s %s%s  %s%s%s", col_on(o, c), err ? "✗" : "⚠",
                 dp_code_name(dp_finding_code(f)), col_off(o),
                 col_on(o, C_CYAN), dp_finding_rule(f), col_off(o));
    if (dp_finding_step(f)) dp__buf_addf(b, "  %s", dp_finding_step(f));
    dp__buf_addf(b, "  %s\n", dp_finding_message(f, o->lang));
    dp__buf_addf(b, "      %s%s%s%s%s\n", col_on(o, C_DIM), label,
                 dp_finding_basis(f),
                 dp_finding_verified(f) ? "" : en ? " (unverified)" : "（待核实）",
                 col_off(o));
  }
}

static void csv_record(dp__buf *b, const dp_write_options *o,
                       const dp_record_info *ri, const dp_report *rep) {
  size_t n = dp_report_count(rep);
  const char *ok = dp_report_ok(rep) ? "true" : "false";
  /* a compliant record gets one row with an empty code: it is not lost */
  for (size_t i = 0; i < (n ? n : 1); i++) {
    dp__buf_add_csv(b, ri->file);
    dp__buf_addf(b, ",%ld,", ri->line);
    dp__buf_add_csv(b, dp_report_id(rep));
    dp__buf_addc(b, ',');
    dp__buf_add_csv(b, dp_report_procedure(rep));
    dp__buf_addf(b, ",%s,", ok);
    if (n == 0) {
      dp__buf_adds(b, ",,,,,,,,\n");
      continue;
    }
    const dp_finding *f = dp_report_finding(rep, i);
    dp__buf_adds(b, dp_code_name(dp_finding_code(f)));
    dp__buf_adds(b, dp_finding_severity(f) == DP_ERROR ? ",error,"
                                                      : ",warning,");
    dp__buf_add_csv(b, dp_finding_step(f));
    dp__buf_addc(b, ',');
    dp__buf_add_csv(b, dp_finding_other(f));
    dp__buf_addc(b, ',');
    if (dp_finding_event(f) >= 0) dp__buf_addf(b, "%d", dp_finding_event(f));
    dp__buf_addc(b, ',');
    dp__buf_add_csv(b, dp_finding_rule(f));
    dp__buf_addc(b, ',');
    dp__buf_add_csv(b, dp_finding_message(f, o->lang));
    dp__buf_addc(b, ',');
    dp__buf_add_csv(b, dp_finding_basis(f));
    dp__buf_adds(b, dp_finding_verified(f) ? ",true\n" : ",false\n");
  }
}

/* The JSON line and its newline, through a buffer on the stack big
 * enough for nearly every record: no allocation a record. */
static int json_record(const dp_write_options *o, const dp_report *rep) {
  char stack[16384], *buf = stack;
  size_t n = dp_report_write_json(rep, o->lang, buf, sizeof stack - 1);
  if (n == SIZE_MAX) return DP_ENOMEM;
  if (n >= sizeof stack - 1) {
    if (!(buf = dp__malloc(n + 2))) return DP_ENOMEM;
    n = dp_report_write_json(rep, o->lang, buf, n + 1);
    if (n == SIZE_MAX) {
      free(buf);
      return DP_ENOMEM;
    }
  }
  buf[n] = '\n';
  int rc = dp__write_out(o, buf, n + 1);
  if (buf != stack) free(buf);
  return rc;
}

void dp_record_info_of(const dp_record *r, dp_record_info *info) {
  if (!info) return;
  memset(info, 0, sizeof *info);
  if (!r) return;
  info->title = dp_record_get(r, "title");
  info->authority = dp_record_get(r, "authority");
  info->valid_until = dp_record_get(r, "valid_until");
}

int dp_write_header(const dp_write_options *o) {
  if (!o) return DP_EINVAL;
  if (o->format != DP_WRITE_CSV) return 0;
  if (o->flags & DP_WRITE_BOM) {
    int rc = dp__write_out(o, DP__BOM, sizeof DP__BOM - 1);
    if (rc) return rc;
  }
  static const char head[] =
      "file,line,id,procedure,ok,code,severity,step,other,event,rule,"
      "message,basis,verified\n";
  return dp__write_out(o, head, sizeof head - 1);
}

int dp_write_report(const dp_report *rep, const dp_record_info *info,
                    const dp_write_options *o) {
  if (!rep || !o) return DP_EINVAL;
  /* the messages of a rule's findings, worded now in the one language */
  if (o->format != DP_WRITE_JSON &&
      dp__report_words((dp_report *)rep, o->lang == DP_LANG_EN))
    return DP_ENOMEM;
  dp_record_info none;
  if (!info) {
    memset(&none, 0, sizeof none);
    info = &none;
  }
  switch (o->format) {
  case DP_WRITE_JSON: return json_record(o, rep);
  case DP_WRITE_TEXT:
    if ((o->flags & DP_WRITE_QUIET) && dp_report_ok(rep)) return 0;
    break;
  case DP_WRITE_CSV: break;
  default: return DP_EINVAL;
  }
  dp__buf b = {0};
  if (o->format == DP_WRITE_TEXT) text_record(&b, o, info, rep);
  else csv_record(&b, o, info, rep);
  int rc = dp__write_buf(o, &b);
  dp__buf_free(&b);
  return rc;
}

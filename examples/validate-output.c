/*
 * validate-output.c - the output of dueproc-validate that is not a report:
 * the string buffer and the rule listing.  Reports (text, JSON, CSV, the
 * summary, HTML) are written by the library: dp_write_report and
 * dp_tally_write.
 */
#include "validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------------
 * vbuf
 * ------------------------------------------------------------------- */

int vb_reserve(vbuf *b, size_t more) {
  if (b->oom) return -1;
  if (b->len + more + 1 <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap < b->len + more + 1) cap *= 2;
  char *s = realloc(b->s, cap);
  if (!s) {
    b->oom = 1;
    return -1;
  }
  b->s = s;
  b->cap = cap;
  return 0;
}

void vb_add(vbuf *b, const char *s, size_t n) {
  if (vb_reserve(b, n)) return;
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void vb_adds(vbuf *b, const char *s) { vb_add(b, s, strlen(s)); }

void vb_addc(vbuf *b, char c) { vb_add(b, &c, 1); }

void vb_addf(vbuf *b, const char *fmt, ...) {
  char tmp[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof tmp) {
    vb_add(b, tmp, (size_t)n);
    return;
  }
  if (vb_reserve(b, (size_t)n)) return;
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

void vb_add_json(vbuf *b, const char *s) {
  vb_addc(b, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '"': vb_adds(b, "\\\""); break;
    case '\\': vb_adds(b, "\\\\"); break;
    case '\n': vb_adds(b, "\\n"); break;
    case '\r': vb_adds(b, "\\r"); break;
    case '\t': vb_adds(b, "\\t"); break;
    default:
      if (*p < 0x20) vb_addf(b, "\\u%04x", *p);
      else vb_addc(b, (char)*p);
    }
  }
  vb_addc(b, '"');
}

void vb_add_csv(vbuf *b, const char *s) {
  if (!s) return;
  if (!strpbrk(s, ",\"\r\n")) {
    vb_adds(b, s);
    return;
  }
  vb_addc(b, '"');
  for (const char *p = s; *p; p++) {
    if (*p == '"') vb_addc(b, '"');
    vb_addc(b, *p);
  }
  vb_addc(b, '"');
}

int vb_sink(void *arg, const char *data, size_t len) {
  vbuf *b = arg;
  vb_add(b, data, len);
  return b->oom ? -1 : 0;
}

void vb_free(vbuf *b) {
  free(b->s);
  b->s = NULL;
  b->len = b->cap = 0;
  b->oom = 0;
}

/* ---------------------------------------------------------------------
 * Colours (SGR codes); nothing at all when colour is off
 * ------------------------------------------------------------------- */

#define C_RED "31"
#define C_GREEN "32"
#define C_YELLOW "33"
#define C_CYAN "36"
#define C_BOLD "1"
#define C_DIM "2"

const char *col_on(const out_opts *o, const char *code) {
  if (!o->color) return "";
  /* a few fixed sequences: no allocation, static storage */
  if (strcmp(code, C_RED) == 0) return "\033[31m";
  if (strcmp(code, C_GREEN) == 0) return "\033[32m";
  if (strcmp(code, C_YELLOW) == 0) return "\033[33m";
  if (strcmp(code, C_CYAN) == 0) return "\033[36m";
  if (strcmp(code, C_BOLD) == 0) return "\033[1m";
  if (strcmp(code, C_DIM) == 0) return "\033[2m";
  return "";
}

const char *col_off(const out_opts *o) { return o->color ? "\033[0m" : ""; }

dp_write_options out_write_options(const out_opts *o) {
  dp_write_options w;
  memset(&w, 0, sizeof w);
  w.format = o->format == OUT_JSON   ? DP_WRITE_JSON
             : o->format == OUT_CSV  ? DP_WRITE_CSV
             : o->format == OUT_HTML ? DP_WRITE_HTML
                                     : DP_WRITE_TEXT;
  w.lang = o->lang;
  w.flags = (o->color ? DP_WRITE_COLOR : 0u) | (o->quiet ? DP_WRITE_QUIET : 0u) |
            (o->bom ? DP_WRITE_BOM : 0u);
  return w;
}

/* ---------------------------------------------------------------------
 * --list-rules
 * ------------------------------------------------------------------- */

/* A basis's span: "2022-03-12起", "2016-06-01—2024-07-31", "" (always),
 * in the words of the language. */
static void span_words(const dp_rule *r, size_t k, int en, char out[64]) {
  int32_t f = dp_rule_basis_from(r, k), u = dp_rule_basis_until(r, k);
  char fs[16] = "", us[16] = "";
  if (f != DP_NO_DATE) dp_date_format(f, fs);
  if (u != DP_NO_DATE) dp_date_format(u, us);
  if (f == DP_NO_DATE && u == DP_NO_DATE) out[0] = '\0';
  else if (u == DP_NO_DATE)
    snprintf(out, 64, en ? "from %s" : "%s起", fs);
  else if (f == DP_NO_DATE)
    snprintf(out, 64, en ? "until %s" : "至%s", us);
  else
    snprintf(out, 64, en ? "%s to %s" : "%s至%s", fs, us);
}

/* The procedure's title for a procedure name (the Markdown headings). */
static void md_escape(vbuf *b, const char *s) {
  for (; s && *s; s++) {
    if (*s == '|') vb_adds(b, "\\|");
    else if (*s == '\n') vb_addc(b, ' ');
    else vb_addc(b, *s);
  }
}

void out_rules(vbuf *b, const out_opts *o, const dp_engine *e) {
  int en = o->lang == DP_LANG_EN;
  size_t n = dp_engine_rule_count(e), unverified = 0;
  const char *last = NULL;
  if (o->format == OUT_CSV)
    vb_adds(b, "id,procedure,severity,kind,verified,summary,check,"
               "condition,basis,origin\n");
  for (size_t i = 0; i < n; i++) {
    const dp_rule *r = dp_engine_rule(e, i);
    const char *summary = dp_rule_summary(r, o->lang);
    const char *cond = dp_rule_condition(r);
    if (!summary) summary = "";
    if (!dp_rule_verified(r)) unverified++;
    size_t nb = dp_rule_basis_count(r);
    if (o->format == OUT_JSON) {
      vb_adds(b, "{\"id\":");
      vb_add_json(b, dp_rule_id(r));
      vb_adds(b, ",\"procedure\":");
      vb_add_json(b, dp_rule_procedure(r));
      vb_adds(b, ",\"severity\":");
      vb_add_json(b, dp_severity_name(dp_rule_severity(r)));
      vb_adds(b, ",\"kind\":");
      vb_add_json(b, dp_rule_kind(r));
      vb_adds(b, dp_rule_verified(r) ? ",\"verified\":true"
                                      : ",\"verified\":false");
      vb_adds(b, ",\"summary\":");
      vb_add_json(b, summary);
      vb_adds(b, ",\"check\":");
      vb_add_json(b, dp_rule_check(r));
      vb_adds(b, ",\"details\":");
      if (dp_rule_details(r)) vb_add_json(b, dp_rule_details(r));
      else vb_adds(b, "null");
      vb_adds(b, ",\"condition\":");
      if (cond) vb_add_json(b, cond);
      else vb_adds(b, "null");
      vb_adds(b, ",\"basis\":");
      vb_add_json(b, dp_rule_basis(r));
      vb_adds(b, ",\"bases\":[");
      for (size_t k = 0; k < nb; k++) {
        char d[16];
        vb_adds(b, k ? ",{\"text\":" : "{\"text\":");
        vb_add_json(b, dp_rule_basis_text(r, k));
        vb_adds(b, ",\"when\":");
        if (dp_rule_basis_condition(r, k))
          vb_add_json(b, dp_rule_basis_condition(r, k));
        else
          vb_adds(b, "null");
        int32_t f = dp_rule_basis_from(r, k), u = dp_rule_basis_until(r, k);
        vb_adds(b, ",\"from\":");
        if (f == DP_NO_DATE) vb_adds(b, "null");
        else vb_add_json(b, dp_date_format(f, d));
        vb_adds(b, ",\"until\":");
        if (u == DP_NO_DATE) vb_adds(b, "null");
        else vb_add_json(b, dp_date_format(u, d));
        vb_adds(b, dp_rule_basis_verified(r, k) ? ",\"verified\":true}"
                                                 : ",\"verified\":false}");
      }
      vb_adds(b, "],\"origin\":");
      vb_add_json(b, dp_rule_origin(r));
      vb_adds(b, "}\n");
      continue;
    }
    if (o->format == OUT_CSV) {
      vb_add_csv(b, dp_rule_id(r));
      vb_addc(b, ',');
      vb_add_csv(b, dp_rule_procedure(r));
      vb_addf(b, ",%s,%s,%s,", dp_severity_name(dp_rule_severity(r)),
              dp_rule_kind(r),
              dp_rule_verified(r) ? "true" : "false");
      vb_add_csv(b, summary);
      vb_addc(b, ',');
      vb_add_csv(b, dp_rule_check(r));
      vb_addc(b, ',');
      vb_add_csv(b, cond ? cond : "");
      vb_addc(b, ',');
      vb_add_csv(b, dp_rule_basis(r));
      vb_addc(b, ',');
      vb_add_csv(b, dp_rule_origin(r));
      vb_addc(b, '\n');
      continue;
    }
    if (o->format == OUT_MD) {
      if (!last || strcmp(last, dp_rule_procedure(r)) != 0) {
        last = dp_rule_procedure(r);
        vb_addf(b, "%s### `%s`\n\n", i ? "\n" : "", last);
        vb_adds(b, en ? "| rule | requirement | check | applies | severity "
                        "| bases (in force) | verified |\n"
                      : "| 规则 | 要求 | 检查 | 适用条件 | 严重程度 "
                        "| 依据（施行期间） | 核实 |\n");
        vb_adds(b, "|---|---|---|---|---|---|---|\n");
      }
      vb_adds(b, "| `");
      md_escape(b, dp_rule_id(r));
      vb_adds(b, "` | ");
      md_escape(b, summary);
      vb_adds(b, " | `");
      md_escape(b, dp_rule_check(r));
      vb_adds(b, "`");
      if (dp_rule_details(r)) {
        vb_adds(b, "<br>`");
        md_escape(b, dp_rule_details(r));
        vb_addc(b, '`');
      }
      vb_adds(b, " | ");
      if (cond) {
        vb_addc(b, '`');
        md_escape(b, cond);
        vb_addc(b, '`');
      } else {
        vb_adds(b, en ? "always" : "一律");
      }
      vb_adds(b, " | ");
      vb_adds(b, dp_severity_name(dp_rule_severity(r)));
      vb_adds(b, " | ");
      for (size_t k = 0; k < nb; k++) {
        char sp[64];
        span_words(r, k, en, sp);
        if (k) vb_adds(b, "<br>");
        md_escape(b, dp_rule_basis_text(r, k));
        if (sp[0]) vb_addf(b, en ? " (%s)" : "（%s）", sp);
        if (dp_rule_basis_condition(r, k)) {
          vb_adds(b, " `");
          md_escape(b, dp_rule_basis_condition(r, k));
          vb_addc(b, '`');
        }
        if (!dp_rule_basis_verified(r, k)) vb_adds(b, en ? " (unverified)" : "（待核实）");
      }
      vb_adds(b, " | ");
      vb_adds(b, dp_rule_verified(r) ? (en ? "yes" : "是") : (en ? "no" : "否"));
      vb_adds(b, " |\n");
      continue;
    }
    if (!last || strcmp(last, dp_rule_procedure(r)) != 0) {
      if (last) vb_addc(b, '\n');
      last = dp_rule_procedure(r);
      vb_addf(b, "%s%s%s\n", col_on(o, C_BOLD), last, col_off(o));
    }
    int err = dp_rule_severity(r) == DP_ERROR;
    vb_addf(b, "  %s%-30s%s %s%-7s%s %-10s %s\n", col_on(o, C_CYAN),
            dp_rule_id(r), col_off(o), col_on(o, err ? C_RED : C_YELLOW),
            dp_severity_name(dp_rule_severity(r)), col_off(o), dp_rule_kind(r),
            dp_rule_verified(r) ? (en ? "verified" : "已核实")
                                 : (en ? "unverified" : "待核实"));
    vb_addf(b, "      %s\n", summary);
    vb_addf(b, "      %s%s%s\n", en ? "check: " : "检查：", dp_rule_check(r),
            "");
    if (dp_rule_details(r))
      vb_addf(b, "      %s%s\n", en ? "details: " : "细节：",
              dp_rule_details(r));
    if (cond) vb_addf(b, "      %s%s\n", en ? "applies: " : "适用：", cond);
    for (size_t k = 0; k < nb; k++) {
      char sp[64];
      span_words(r, k, en, sp);
      const char *bc = dp_rule_basis_condition(r, k);
      vb_addf(b, "      %s%s%s%s%s%s%s%s%s\n", col_on(o, C_DIM),
              k ? (en ? "       " : "      ") : (en ? "basis: " : "依据："),
              dp_rule_basis_text(r, k), sp[0] ? (en ? " (" : "（") : "", sp,
              sp[0] ? (en ? ")" : "）") : "", bc ? " " : "", bc ? bc : "",
              col_off(o));
    }
    vb_addf(b, "      %s%s%s%s\n", col_on(o, C_DIM), en ? "from: " : "来源：",
            dp_rule_origin(r), col_off(o));
  }
  if (o->format == OUT_TEXT)
    vb_addf(b,
            en ? "\n%zu rules, %zu unverified (their basis is widely reported "
                 "but not yet verified in the official text)\n"
               : "\n共 %zu 条规则，其中 %zu 条待核实（依据为广泛引用、尚未核对"
                 "官方文本的表述）\n",
            n, unverified);
}

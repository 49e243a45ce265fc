/*
 * check_write.c - the report writers (write.c) and the tally with its
 * summary and HTML page (tally.c).
 */
#define DP_TEST_ENGINE_FIXTURE
#include "util.h"

/* A sink into a dp__buf. */
static int to_buf(void *arg, const char *data, size_t len) {
  dp__buf_add(arg, data, len);
  return 0;
}

/* A sink that refuses. */
static int refuse(void *arg, const char *data, size_t len) {
  (void)arg;
  (void)data;
  (void)len;
  return 1;
}

static dp_write_options opts(dp_write_format fmt, dp_lang lang,
                             unsigned flags, dp__buf *b) {
  dp_write_options o;
  memset(&o, 0, sizeof o);
  o.format = fmt;
  o.lang = lang;
  o.flags = flags;
  o.sink = to_buf;
  o.sink_arg = b;
  return o;
}

static const char faulty[] =
    "{'id':'w-1','procedure':'normative_document','title':'<script>alert(1)</script>',"
    "'authority':'A&B \\\"局\\\"','events':["
    "{'step':'assessment','date':'2023-03-01'},"
    "{'step':'collective_decision','date':'2023-03-28','meeting':'常务会议'},"
    "{'step':'publication','date':'2023-04-20'}]}";

static dp_record *record_of(const char *sq) {
  char *j = dp_test_sq(sq);
  dp_record *r = NULL;
  ck_assert_int_eq(dp_record_from_json(&r, j, strlen(j), 0, NULL), 0);
  free(j);
  return r;
}

/* The JSON writer writes dp_report_to_json's line and a newline; text and
 * CSV name the file and line given. */
START_TEST(record_formats) {
  dp_record *r = record_of(faulty);
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  ck_assert_uint_gt(dp_report_count(rep), 0);
  dp_record_info ri;
  dp_record_info_of(r, &ri);
  ri.file = "in.json";
  ri.line = 7;

  dp__buf b = {0};
  dp_write_options o = opts(DP_WRITE_JSON, DP_LANG_ZH, 0, &b);
  ck_assert_int_eq(dp_write_report(rep, &ri, &o), 0);
  char *line = dp_report_to_json(rep, 0, NULL);
  ck_assert_uint_eq(b.len, strlen(line) + 1);
  ck_assert(memcmp(b.s, line, b.len - 1) == 0 && b.s[b.len - 1] == '\n');
  dp_free(line);

  b.len = 0;
  o.format = DP_WRITE_TEXT;
  ck_assert_int_eq(dp_write_report(rep, &ri, &o), 0);
  dp__buf_addc(&b, '\0');
  ck_assert_ptr_nonnull(strstr(b.s, "✗ w-1  <script>alert(1)</script>  "
                                    "[normative_document]  (in.json:7)\n"));

  b.len = 0;
  o.format = DP_WRITE_CSV;
  o.flags = DP_WRITE_BOM;
  ck_assert_int_eq(dp_write_header(&o), 0);
  ck_assert(b.len > 3 && memcmp(b.s, "\xEF\xBB\xBF" "file,line,id,", 16) == 0);
  b.len = 0;
  ck_assert_int_eq(dp_write_report(rep, &ri, &o), 0);
  dp__buf_addc(&b, '\0');
  ck_assert_msg(strncmp(b.s, "in.json,7,w-1,normative_document,false,", 39) == 0,
                "%s", b.s);

  /* HTML is the tally's; a sink that stops is an I/O error */
  o.format = DP_WRITE_HTML;
  ck_assert_int_eq(dp_write_report(rep, &ri, &o), DP_EINVAL);
  o.format = DP_WRITE_JSON;
  o.sink = refuse;
  ck_assert_int_eq(dp_write_report(rep, &ri, &o), DP_EIO);
  dp__buf_free(&b);
  dp_report_free(rep);
  dp_record_free(r);
}
END_TEST

/* Records of two authorities: counts, the rate, years, and the page with
 * everything from the records escaped. */
START_TEST(tally_counts_and_html) {
  static const char *const recs[] = {
      faulty,
      "{'id':'w-2','procedure':'normative_document','authority':'A&B \\\"局\\\"',"
      "'doc_number':'平政〔2022〕3号','events':["
      "{'step':'assessment','date':'2022-03-01'},"
      "{'step':'public_comment','start':'2022-03-02','end':'2022-03-20'},"
      "{'step':'legality_review','start':'2022-03-21','end':'2022-03-23',"
      "'result':'pass'},"
      "{'step':'collective_decision','date':'2022-03-28','meeting':'常务会议'},"
      "{'step':'publication','date':'2022-04-01'},"
      "{'step':'filing','date':'2022-04-10'}]}",
      "{'id':'w-3','procedure':'major_decision','events':[]}",
  };
  dp_tally *t = NULL;
  ck_assert_int_eq(dp_tally_new(&t, eng, D(2024, 1, 1), DP_TALLY_RECORDS), 0);
  for (size_t i = 0; i < 3; i++) {
    dp_record *r = record_of(recs[i]);
    dp_report *rep = NULL;
    ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
    dp_record_info ri;
    dp_record_info_of(r, &ri);
    ck_assert_int_eq(dp_tally_add(t, rep, &ri), 0);
    dp_report_free(rep);
    dp_record_free(r);
  }
  ck_assert_uint_eq(dp_tally_records(t), 3);

  dp__buf b = {0};
  dp_write_options o = opts(DP_WRITE_JSON, DP_LANG_EN, 0, &b);
  ck_assert_int_eq(dp_tally_write(t, &o), 0);
  dp__buf_addc(&b, '\0');
  ck_assert_msg(strstr(b.s, "\"records\":3,") != NULL, "%s", b.s);
  ck_assert_msg(strstr(b.s, "{\"authority\":\"A&B \\\"局\\\"\",\"records\":2,") != NULL,
                "%s", b.s);
  ck_assert_msg(strstr(b.s, "{\"year\":2023,") != NULL, "%s", b.s);
  ck_assert_msg(strstr(b.s, "\"validity\"") == NULL, "%s", b.s);

  b.len = 0;
  o.format = DP_WRITE_HTML;
  o.lang = DP_LANG_ZH;
  ck_assert_int_eq(dp_tally_write(t, &o), 0);
  dp__buf_addc(&b, '\0');
  ck_assert(strncmp(b.s, "<!DOCTYPE html>", 15) == 0);
  ck_assert_msg(strstr(b.s, "<script>alert") == NULL, "title not escaped");
  ck_assert(strstr(b.s, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
  ck_assert(strstr(b.s, "A&amp;B &quot;局&quot;") != NULL);
  ck_assert(strstr(b.s, "id=\"a-1\"") != NULL);
  ck_assert(strstr(b.s, "<details data-id=\"w-1\">") != NULL);
  ck_assert(strstr(b.s, "Noto Sans CJK SC") != NULL);
  /* the page needs the records; a tally of counts only cannot make it */
  dp_tally *counts = NULL;
  ck_assert_int_eq(dp_tally_new(&counts, eng, D(2024, 1, 1), 0), 0);
  ck_assert_int_eq(dp_tally_write(counts, &o), DP_EINVAL);
  dp_tally_free(counts);
  ck_assert(strstr(b.s, "http://") == NULL ||
            strstr(b.s, "http://") == strstr(b.s, "http://www.w3.org/2000/svg"));
  dp__buf_free(&b);
  dp_tally_free(t);
}
END_TEST

/* The validity of normative documents: dated, expiring within 6 months of
 * the as-of day, and past their date without clean-up as a `validity
 * expired` rule (here a local overlay) finds them. */
START_TEST(tally_validity) {
  static const char ov[] =
      "overlay normative_document\n"
      "rule new test.validity-expired\n"
      "  validity expired unless cleanup or renewal within 6 months\n"
      "  severity warning\n  basis \"x\"\nend\n";
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_load_string(eng, ov, sizeof ov - 1, "ov", &err), 0);
  static const char *const until[] = {"2023-06-30", "2024-05-31", "2024-07-02",
                                      "2027-01-01", NULL};
  int32_t as_of = D(2024, 1, 1);
  dp_tally *t = NULL;
  ck_assert_int_eq(dp_tally_new(&t, eng, as_of, 0), 0);
  for (size_t i = 0; i < sizeof until / sizeof until[0]; i++) {
    char rec[512];
    snprintf(rec, sizeof rec,
             "{'id':'v%zu','procedure':'normative_document',%s%s%s'events':["
             "{'step':'collective_decision','date':'2020-02-20','meeting':'常务会议'},"
             "{'step':'publication','date':'2020-02-29'}]}",
             i, until[i] ? "'valid_until':'" : "", until[i] ? until[i] : "",
             until[i] ? "'," : "");
    dp_record *r = record_of(rec);
    dp_check_options co = {NULL, DP_CHECK_AS_OF, as_of};
    dp_report *rep = NULL;
    ck_assert_int_eq(dp_check(eng, r, &co, &rep), 0);
    dp_record_info ri;
    dp_record_info_of(r, &ri);
    ck_assert_int_eq(dp_tally_add(t, rep, &ri), 0);
    dp_report_free(rep);
    dp_record_free(r);
  }
  dp__buf b = {0};
  dp_write_options o = opts(DP_WRITE_JSON, DP_LANG_EN, 0, &b);
  ck_assert_int_eq(dp_tally_write(t, &o), 0);
  dp__buf_addc(&b, '\0');
  ck_assert_msg(strstr(b.s, "\"validity\":{\"as_of\":\"2024-01-01\",\"dated\":4,"
                            "\"expiring_6_months\":1,"
                            "\"expired_without_cleanup\":1}") != NULL,
                "%s", b.s);
  b.len = 0;
  o.format = DP_WRITE_TEXT;
  o.lang = DP_LANG_ZH;
  ck_assert_int_eq(dp_tally_write(t, &o), 0);
  dp__buf_addc(&b, '\0');
  ck_assert_msg(strstr(b.s, "行政规范性文件有效期（截至2024年1月1日）：\n"
                            "       4  载明有效期\n"
                            "       1  6个月内到期\n"
                            "       1  已过有效期未清理\n") != NULL,
                "%s", b.s);
  dp__buf_free(&b);
  dp_tally_free(t);
}
END_TEST

/* A record from (single-quoted) JSON text that must parse. */
static dp_record *read_sq(const char *sq) {
  char *json = dp_test_sq(sq);
  dp_record *r = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_record_from_json(&r, json, strlen(json), 0, &err), 0);
  free(json);
  return r;
}

/* dp_report_write_json against dp_report_to_json, the same JSON line */

static const char faulty_json[] =
    "{'id':'w-1','procedure':'normative_document','title':'写出测试',"
    "'doc_number':'平政〔2023〕第1号',"
    "'events':[{'step':'assessment','date':'2023-03-01'},"
    "{'step':'collective_decision','date':'2023-04-11'},"
    "{'step':'publication','date':'2023-04-20'}]}";

START_TEST(write_json_as_snprintf) {
  dp_report *rep = dp_test_check(eng, faulty_json);
  ck_assert_uint_gt(dp_report_count(rep), 2);
  for (dp_lang flags = DP_LANG_ZH; flags <= DP_LANG_EN; flags++) {
    size_t len = 0;
    char *full = dp_report_to_json(rep, flags, &len);
    ck_assert_ptr_nonnull(full);
    ck_assert_uint_eq(strlen(full), len);
    /* the length alone */
    ck_assert_uint_eq(dp_report_write_json(rep, flags, NULL, 0), len);
    /* every size from nothing to twice the worst case */
    size_t cap = 8 * len + 64;
    char *buf = malloc(cap);
    ck_assert_ptr_nonnull(buf);
    for (size_t size = 1; size < cap; size += size < 64 ? 1 : 97) {
      memset(buf, 'Q', cap);
      size_t n = dp_report_write_json(rep, flags, buf, size);
      ck_assert_uint_eq(n, len);
      size_t kept = len < size ? len : size - 1;
      ck_assert_msg(memcmp(buf, full, kept) == 0 && buf[kept] == '\0',
                    "size %zu", size);
      ck_assert_int_eq(buf[size < cap ? size : cap - 1], 'Q');
    }
    free(buf);
    dp_free(full);
  }
  dp_report_free(rep);
  /* a procedure named by the caller in bytes that are not UTF-8: the
   * report's strings (and so its JSON) stay valid */
  dp_record *r = read_sq("{'id':'w-2','procedure':'normative_document',"
                         "'events':[]}");
  dp_check_options o = {0};
  o.procedure = "normative\xff_\xe5\xae";
  ck_assert_int_eq(dp_check(eng, r, &o, &rep), 0);
  ck_assert_str_eq(dp_report_procedure(rep), "normative?_??");
  char *js = dp_report_to_json(rep, DP_LANG_ZH, NULL);
  ck_assert(dp__utf8_valid(js, strlen(js)));
  ck_assert_ptr_nonnull(strstr(js, "\"procedure\":\"normative?_??\""));
  dp_free(js);
  dp_report_free(rep);
  dp_record_free(r);
  char one[4] = "xyz";
  ck_assert_uint_eq(dp_report_write_json(NULL, DP_LANG_ZH, one, sizeof one), 0);
  ck_assert_str_eq(one, "");
}
END_TEST

/* A rule's finding keeps facts, and its messages are worded when first
 * read, a language at a time: the words do not depend on which language
 * is read first, a message once read stays where it is while the other
 * language is worded, and a report made again from a freed one's memory
 * (the thread keeps it) is worded for its own record. */
START_TEST(messages_worded_when_read) {
  dp_report *a = dp_test_check(eng, faulty_json);
  dp_report *b = dp_test_check(eng, faulty_json);
  size_t n = dp_report_count(a);
  ck_assert_uint_gt(n, 2);
  ck_assert_uint_eq(dp_report_count(b), n);
  const char *en0 = dp_finding_message(dp_report_finding(a, 0), DP_LANG_EN);
  ck_assert_ptr_nonnull(en0);
  char *en0copy = strdup(en0);
  /* a: English first, then Chinese; b: Chinese first, then English */
  for (size_t i = 0; i < n; i++) {
    const dp_finding *fb = dp_report_finding(b, i);
    const char *zb = dp_finding_message(fb, DP_LANG_ZH);
    const char *za = dp_finding_message(dp_report_finding(a, i), DP_LANG_ZH);
    ck_assert_ptr_nonnull(za);
    ck_assert_ptr_nonnull(zb);
    ck_assert_str_eq(za, zb);
    ck_assert(dp__utf8_valid(za, strlen(za)));
    ck_assert_str_eq(dp_finding_message(fb, DP_LANG_EN),
                     dp_finding_message(dp_report_finding(a, i), DP_LANG_EN));
    ck_assert_str_ne(za, dp_finding_message(fb, DP_LANG_EN));
  }
  ck_assert_ptr_eq(dp_finding_message(dp_report_finding(a, 0), DP_LANG_EN),
                   en0);
  ck_assert_str_eq(en0, en0copy);
  free(en0copy);
  /* the rule's own words: the collective decision on 2023-04-11 */
  int dated = 0;
  for (size_t i = 0; i < n; i++)
    dated += strstr(dp_finding_message(dp_report_finding(a, i), DP_LANG_ZH),
                    "2023年4月11日") != NULL;
  ck_assert_int_gt(dated, 0);
  dp_report_free(a);
  dp_report_free(b);
  /* the next report takes the memory of b: worded afresh, for its record */
  dp_report *c = dp_test_check(eng, faulty);
  ck_assert_uint_gt(dp_report_count(c), 0);
  int mar28 = 0;
  for (size_t i = 0; i < dp_report_count(c); i++) {
    const char *m = dp_finding_message(dp_report_finding(c, i), DP_LANG_ZH);
    ck_assert_ptr_nonnull(m);
    ck_assert_ptr_null(strstr(m, "2023年4月11日"));
    mar28 += strstr(m, "2023年3月28日") != NULL;
  }
  ck_assert_int_gt(mar28, 0);
  dp_report_free(c);
}
END_TEST

/* A lazy finding's value cut inside a character (as data may be) is
 * worded as valid UTF-8: each bad byte U+FFFD. */
START_TEST(worded_messages_are_utf8) {
  dp_report *rep = dp__report_new(eng, "u-1", "normative_document");
  ck_assert_ptr_nonnull(rep);
  dp_finding *f = dp__report_open(rep, DP_MISSING, DP_ERROR, -1, -1, -1, NULL,
                                  "test.value", "basis", 1);
  ck_assert_ptr_nonnull(f);
  f->lazy = 1;
  f->cd = -1;
  f->msgid = DP__M_DECL_TIMES;
  memset(&f->v, 0, sizeof f->v);
  for (int k = 0; k < DP__VARS_COPIED; k++) f->soff[k] = DP__NO_OFF;
  f->soff[0] = rep->text.len; /* {value}: first of dp__vars_copied */
  dp__buf_add(&rep->text, "3\xE4\xB8", 4);
  ck_assert_int_eq(dp__report_close(rep), 0);
  dp__report_finish(rep);
  const char *zh = dp_finding_message(dp_report_finding(rep, 0), DP_LANG_ZH);
  const char *en = dp_finding_message(dp_report_finding(rep, 0), DP_LANG_EN);
  ck_assert_ptr_nonnull(zh);
  ck_assert_ptr_nonnull(en);
  ck_assert(dp__utf8_valid(zh, strlen(zh)));
  ck_assert(dp__utf8_valid(en, strlen(en)));
  ck_assert_ptr_nonnull(strstr(zh, "3\xEF\xBF\xBD\xEF\xBF\xBD次"));
  ck_assert_ptr_nonnull(strstr(en, "3\xEF\xBF\xBD\xEF\xBF\xBD"));
  dp_report_free(rep);
}
END_TEST

static Suite *write_suite(void) {
  Suite *s = suite_create("write");
  TCase *tc = tcase_create("writers");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, record_formats);
  tcase_add_test(tc, tally_counts_and_html);
  tcase_add_test(tc, tally_validity);
  tcase_add_test(tc, write_json_as_snprintf);
  tcase_add_test(tc, messages_worded_when_read);
  tcase_add_test(tc, worded_messages_are_utf8);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(write_suite()); }

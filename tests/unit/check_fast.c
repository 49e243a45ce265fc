/*
 * check_fast.c - the fast paths of issue 7 give what the plain ones give.
 *
 * Each fast path is compared with a plain computation of the same thing:
 * UTF-8 validation and JSON escaping with byte-at-a-time references over
 * random strings, the dense calendar table with the binary search, the
 * date table with the arithmetic, dp_report_write_json with
 * dp_report_to_json.  Then what the speed-ups keep across calls: strings
 * a record borrows from its JSON tree, the label memory of a thread (one
 * engine generation, one procedure), and the spare record and report a
 * thread reuses.
 */
#define DP_TEST_ENGINE_FIXTURE
#include "util.h"

#include <pthread.h>

#include "dp-json.h"
#include <stdint.h>

/* A fixed-seed generator: the same strings on every run. */
static uint32_t rng_state;
static uint32_t rng(void) {
  rng_state = rng_state * 1664525u + 1013904223u;
  return rng_state >> 8;
}

/* A record from (single-quoted) JSON text that must parse. */
static dp_record *read_sq(const char *sq) {
  char *json = dp_test_sq(sq);
  dp_record *r = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_record_from_json(&r, json, strlen(json), 0, &err), 0);
  free(json);
  return r;
}

/* The field-name lookups compare a name byte by byte with one candidate
 * picked by its first bytes; the plain reference compares it with every
 * name.  Names, every prefix, every name with a byte changed or one
 * more, and random strings over the names' own letters, each in a heap
 * block of its own size (what comes after a NUL is never read: ASan and
 * valgrind would see it), including blocks that go on after a NUL. */
static int ref_lookup(const char *s, const char *const *names, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(s, names[i]) == 0) return (int)i;
  return -1;
}

static long lookups_checked;

/* The block s[0..n) (NUL-terminated somewhere inside) through each lookup. */
static void lookups_agree(const char *s, size_t n) {
  char *v = malloc(n);
  ck_assert_ptr_nonnull(v);
  memcpy(v, s, n);
  int e = ref_lookup(v, dp__efield_names, DP__EF_COUNT);
  int b = ref_lookup(v, dp__ebool_names, DP__EB_COUNT);
  int r = ref_lookup(v, dp__rfield_names, DP__RF_COUNT);
  int any = e >= 0 ? e : b >= 0 ? DP__EF_COUNT + b : -1;
  ck_assert_msg(dp__field_lookup(v) == any, "field '%s': %d, want %d", v,
                dp__field_lookup(v), any);
  ck_assert_msg(dp__efield_lookup(v) == e, "efield '%s'", v);
  ck_assert_msg(dp__ebool_lookup(v) == b, "ebool '%s'", v);
  ck_assert_msg(dp__rfield_lookup(v) == r, "rfield '%s': %d, want %d", v,
                dp__rfield_lookup(v), r);
  free(v);
  lookups_checked++;
}

static void lookups_agree_str(const char *s) { lookups_agree(s, strlen(s) + 1); }

START_TEST(field_lookup_matches_names) {
  const char *names[DP__EF_COUNT + DP__EB_COUNT + DP__RF_COUNT + 3];
  size_t nn = 0;
  for (int i = 0; i < DP__EF_COUNT; i++) names[nn++] = dp__efield_names[i];
  for (int i = 0; i < DP__EB_COUNT; i++) names[nn++] = dp__ebool_names[i];
  for (int i = 0; i < DP__RF_COUNT; i++) names[nn++] = dp__rfield_names[i];
  names[nn++] = "attributes";
  names[nn++] = "events";
  names[nn++] = "feedback";
  static const char bytes[] = {'a',  'd',  'e',    'p',    's',    't',
                               'x',  'z',  '_',    'A',    'D',    'S',
                               '0',  ' ',  '\x01', '\x7f', '\x80', '\xe9',
                               '\xff'};
  lookups_checked = 0;
  lookups_agree_str("");
  for (size_t i = 0; i < nn; i++) {
    const char *w = names[i];
    size_t n = strlen(w);
    char b[64];
    lookups_agree_str(w);
    for (size_t cut = 0; cut < n; cut++) {
      /* a prefix, alone and with the rest of the name after its NUL */
      snprintf(b, sizeof b, "%.*s", (int)cut, w);
      lookups_agree_str(b);
      memcpy(b, w, n + 1);
      b[cut] = '\0';
      lookups_agree(b, n + 1);
    }
    for (size_t p = 0; p <= n; p++)
      for (size_t c = 0; c < sizeof bytes; c++) {
        /* a byte changed, or the NUL made another byte (one more) */
        memcpy(b, w, n + 1);
        b[p] = bytes[c];
        b[n + 1] = '\0';
        lookups_agree(b, n + 2);
        /* a byte put in */
        memcpy(b, w, p);
        b[p] = bytes[c];
        memcpy(b + p + 1, w + p, n - p + 1);
        lookups_agree_str(b);
      }
    for (size_t p = 0; p < n; p++) {
      /* case changed */
      memcpy(b, w, n + 1);
      b[p] = (char)(b[p] ^ 0x20);
      lookups_agree_str(b);
    }
  }
  /* random strings over the names' letters */
  char letters[128];
  size_t nl = 0;
  for (size_t i = 0; i < nn; i++)
    for (const char *p = names[i]; *p; p++)
      if (!memchr(letters, *p, nl)) letters[nl++] = *p;
  rng_state = 42;
  for (int k = 0; k < 200000; k++) {
    char b[24];
    size_t len = rng() % 20;
    const char *w = names[rng() % nn];
    for (size_t j = 0; j < len; j++)
      /* mostly the bytes of a name, so that most strings get far */
      b[j] = rng() % 4 ? w[j < strlen(w) ? j : strlen(w) - 1]
                       : letters[rng() % nl];
    b[len] = '\0';
    lookups_agree_str(b);
  }
  ck_assert_int_eq(dp__field_lookup(NULL), -1);
  ck_assert_int_eq(dp__rfield_lookup(NULL), -1);
  ck_assert_int_gt(lookups_checked, 200000);
}
END_TEST

/* ---------------------------------------------------------------------
 * Dates and the calendar
 * ------------------------------------------------------------------- */

START_TEST(date_table_walk) {
  /* every day 1890-2170 (the table covers 1900-2155) is the day before
   * plus one, and dp_date_to_ymd's arithmetic gives it back */
  ck_assert_int_eq(dp_date_from_ymd(1970, 1, 1), 0);
  int32_t prev = dp_date_from_ymd(1889, 12, 31);
  ck_assert_int_ne(prev, DP_NO_DATE);
  static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int y = 1890; y <= 2170; y++)
    for (int m = 1; m <= 12; m++) {
      int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
      int last = dm[m - 1] + (m == 2 && leap);
      for (int d = 1; d <= last; d++) {
        int32_t n = dp_date_from_ymd(y, m, d);
        ck_assert_msg(n == prev + 1, "%04d-%02d-%02d: %d after %d", y, m, d,
                      (int)n, (int)prev);
        int yy, mm, ddd;
        dp_date_to_ymd(n, &yy, &mm, &ddd);
        ck_assert(yy == y && mm == m && ddd == d);
        prev = n;
      }
      ck_assert_int_eq(dp_date_from_ymd(y, m, last + 1), DP_NO_DATE);
    }
}
END_TEST

START_TEST(date_parse_fast_form) {
  int32_t d, s;
  ck_assert_int_eq(dp_date_parse("2024-02-29", 10, &d, &s), 0);
  ck_assert_int_eq(d, dp_date_from_ymd(2024, 2, 29));
  ck_assert_int_eq(s, -1);
  ck_assert_int_ne(dp_date_parse("2023-02-29", 10, &d, &s), 0);
  ck_assert_int_ne(dp_date_parse("2024-13-01", 10, &d, &s), 0);
  ck_assert_int_ne(dp_date_parse("2024-1a-01", 10, &d, &s), 0);
  ck_assert_int_ne(dp_date_parse("2024-01-/1", 10, &d, &s), 0);
  ck_assert_int_ne(dp_date_parse("2024_01_01", 10, &d, &s), 0);
  ck_assert_int_eq(dp_date_parse("2024/01/01", 10, &d, &s), 0); /* §8.7 */
  ck_assert_int_ne(dp_date_parse("0000-01-01", 10, &d, &s), 0);
  /* the other forms still go the long way */
  ck_assert_int_eq(dp_date_parse("2024-02-29T10:30", 16, &d, &s), 0);
  ck_assert_int_eq(s, 10 * 3600 + 30 * 60);
  ck_assert_int_eq(dp_date_parse("2024年2月9日", strlen("2024年2月9日"), &d,
                                 &s),
                   0);
  ck_assert_int_eq(d, dp_date_from_ymd(2024, 2, 9));
  char buf[11];
  ck_assert_str_eq(dp_date_format(dp_date_from_ymd(2007, 10, 1), buf),
                   "2007-10-01");
  ck_assert_str_eq(dp_date_format(dp_date_from_ymd(1, 1, 1), buf),
                   "0001-01-01");
}
END_TEST

/* dp__event_date's straight-line form against dp_date_parse over every
 * day of 1890-2170 written YYYY-MM-DD (the table covers 1900-2155),
 * every month 00-19 and day 00-39 of years about the leap rules, and each
 * byte of a few dates replaced, cut short or followed by more.  Each
 * string is a heap block of its own size, so that ASan and valgrind see a
 * read past its NUL. */
static long event_date_checked;

static void event_date_is_plain(const char *s) {
  size_t n = strlen(s);
  char *v = malloc(n + 1);
  ck_assert_ptr_nonnull(v);
  memcpy(v, s, n + 1);
  int32_t d = 0, t = 0;
  int ok = dp_date_parse(v, n, &d, &t) == 0;
  for (int k = 0; k < 3; k++) {
    dp__event ev;
    memset(&ev, 0x5a, sizeof ev);
    dp__event_date(&ev, k, v);
    ck_assert_msg(ev.dstate[k] == (ok ? DP__D_OK : DP__D_BAD) &&
                      ev.day[k] == (ok ? d : DP_NO_DATE) &&
                      ev.secs[k] == (ok ? t : -1),
                  "'%s' slot %d: state %d day %ld secs %ld, want %d %ld %ld",
                  s, k, ev.dstate[k], (long)ev.day[k], (long)ev.secs[k],
                  ok ? DP__D_OK : DP__D_BAD, ok ? (long)d : (long)DP_NO_DATE,
                  ok ? (long)t : -1L);
  }
  free(v);
  event_date_checked++;
}

START_TEST(event_date_matches_parse) {
  char b[64];
  event_date_checked = 0;
  for (int y = 1890; y <= 2170; y++)
    for (int m = 1; m <= 12; m++)
      for (int d = 1; d <= 31; d++) {
        snprintf(b, sizeof b, "%04d-%02d-%02d", y, m, d);
        event_date_is_plain(b);
      }
  static const int years[] = {0,    1,    4,    100,  400,  999,  1000,
                              1582, 1600, 1896, 1899, 1900, 1901, 1904,
                              1970, 1999, 2000, 2023, 2024, 2096, 2099,
                              2100, 2101, 2104, 2154, 2155, 2156, 2157,
                              2400, 9996, 9999};
  for (size_t i = 0; i < sizeof years / sizeof *years; i++)
    for (int m = 0; m <= 19; m++)
      for (int d = 0; d <= 39; d++) {
        snprintf(b, sizeof b, "%04d-%02d-%02d", years[i], m, d);
        event_date_is_plain(b);
      }
  /* one byte replaced, the string cut, or more after it */
  static const char *const dates[] = {"2024-02-29", "2023-12-31",
                                      "1900-03-01", "2155-12-31"};
  static const char bytes[] = {'/', '0' - 1, '0', '9', '9' + 1, ':', '-',
                               ' ', 'T',     'a', '\x80', '\xe5', '\xff'};
  static const char *const tails[] = {
      "T10:30", " 10:30:15", "T10:30:15.25+08:00", "T24:00", "Z",
      "x",      "0",         "\xe5\xb9\xb4",       " ",      "T10:30Z"};
  for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
    for (size_t p = 0; p < 10; p++)
      for (size_t c = 0; c < sizeof bytes; c++) {
        snprintf(b, sizeof b, "%s", dates[i]);
        b[p] = bytes[c];
        event_date_is_plain(b);
      }
    for (size_t cut = 0; cut <= 10; cut++) {
      snprintf(b, sizeof b, "%.*s", (int)cut, dates[i]);
      event_date_is_plain(b);
    }
    for (size_t t = 0; t < sizeof tails / sizeof *tails; t++) {
      snprintf(b, sizeof b, "%s%s", dates[i], tails[t]);
      event_date_is_plain(b);
    }
  }
  static const char *const other[] = {
      "2023年1月2日", "2023年01月02日", "2023年13月2日", "2023年2月30日",
      "2023-1-2",     "2023-01-2",      "20230102",      "02023-01-02",
      "2023-01-02\xe5\xb9\xb4", "+2023-01-02", "-2023-01-02"};
  for (size_t i = 0; i < sizeof other / sizeof *other; i++)
    event_date_is_plain(other[i]);
  /* no value: absent */
  dp__event ev;
  memset(&ev, 0x5a, sizeof ev);
  dp__event_date(&ev, 1, NULL);
  ck_assert(ev.dstate[1] == DP__D_ABSENT && ev.day[1] == DP_NO_DATE &&
            ev.secs[1] == -1);
  ck_assert_int_gt(event_date_checked, 100000);
}
END_TEST

/* Two calendars from the embedded years: one with its dense table, one
 * answering by binary search only. */
static void load_defaults(dp__calendar *c) {
  dp__calendar_init(c);
  for (size_t i = 0; i < dp__default_calendar_count; i++) {
    dp_error err = {0};
    ck_assert_int_eq(dp__calendar_load(c, dp__default_calendar[i].text,
                                       dp__default_calendar[i].len, "t", &err),
                     0);
  }
}

START_TEST(calendar_table_matches_search) {
  dp__calendar dense, plain;
  load_defaults(&dense);
  load_defaults(&plain);
  ck_assert_int_eq(dp__calendar_index(&dense), 0);
  ck_assert_int_gt(dense.dense_days, 365 * 10);
  ck_assert_int_eq(plain.dense_days, 0);
  /* from before the first covered year to after the last */
  int32_t from = dp_date_from_ymd(2004, 6, 1), to = dp_date_from_ymd(2029, 6, 1);
  rng_state = 3;
  for (int32_t d = from; d <= to; d++) {
    ck_assert_int_eq(dp__calendar_is_workday(&dense, d),
                     dp__calendar_is_workday(&plain, d));
    ck_assert_int_eq(dp__calendar_next_workday(&dense, d),
                     dp__calendar_next_workday(&plain, d));
    static const int32_t spans[] = {0, 1, 4, 6, 30, 45, 400, 3000};
    for (size_t k = 0; k < sizeof spans / sizeof spans[0]; k++)
      ck_assert_int_eq(dp__calendar_workdays(&dense, d, d + spans[k]),
                       dp__calendar_workdays(&plain, d, d + spans[k]));
    int32_t back = (int32_t)(rng() % 5000);
    ck_assert_int_eq(dp__calendar_workdays(&dense, d - back, d),
                     dp__calendar_workdays(&plain, d - back, d));
  }
  /* loading another year drops the table until it is made again */
  static const char extra[] =
      "{\"year\":2031,\"papers\":[],\"days\":[{\"name\":\"元旦\","
      "\"date\":\"2031-01-01\",\"isOffDay\":true}]}";
  dp_error err = {0};
  ck_assert_int_eq(dp__calendar_load(&dense, extra, strlen(extra), "x", &err),
                   0);
  ck_assert_int_eq(dense.dense_days, 0);
  ck_assert(!dp__calendar_is_workday(&dense, dp_date_from_ymd(2031, 1, 1)));
  ck_assert_int_eq(dp__calendar_index(&dense), 0);
  ck_assert(!dp__calendar_is_workday(&dense, dp_date_from_ymd(2031, 1, 1)));
  dp__calendar_free(&dense);
  dp__calendar_free(&plain);
}
END_TEST

START_TEST(engine_calendar_has_table) {
  /* the engine's calendar gets its table, and the public calls agree */
  ck_assert_int_gt(eng->cal.dense_days, 0);
  int32_t d = dp_date_from_ymd(2023, 9, 28); /* before the National Day */
  ck_assert_int_eq(dp_engine_next_workday(eng, dp_date_from_ymd(2023, 9, 29)),
                   dp_date_from_ymd(2023, 10, 7)); /* 调休 Saturday */
  ck_assert_int_eq(dp_engine_workdays(eng, d, d + 10), 3);
}
END_TEST

/* ---------------------------------------------------------------------
 * dp_report_write_json
 * ------------------------------------------------------------------- */

static const char faulty[] =
    "{'id':'w-1','procedure':'normative_document','title':'写出测试',"
    "'doc_number':'平政〔2023〕第1号',"
    "'events':[{'step':'assessment','date':'2023-03-01'},"
    "{'step':'collective_decision','date':'2023-04-11'},"
    "{'step':'publication','date':'2023-04-20'}]}";

START_TEST(write_json_as_snprintf) {
  dp_report *rep = dp_test_check(eng, faulty);
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

/* ---------------------------------------------------------------------
 * Strings borrowed from the JSON tree
 * ------------------------------------------------------------------- */


START_TEST(borrowed_strings_replaced) {
  dp_record *r = read_sq(
      "{'id':'b-1','procedure':'normative_document','title':'原标题',"
      "'attributes':{'technical':true},"
      "'events':[{'label':'组织相关领域专家论证','date':'2023-03-01'},"
      "{'step':'publication','date':'2023-04-20','channel':'政府公报'}]}");
  ck_assert_str_eq(dp_record_get(r, "title"), "原标题");
  ck_assert_str_eq(dp_event_get(r, 0, "label"), "组织相关领域专家论证");
  /* replacing borrowed strings with owned ones, twice, and by NULL */
  ck_assert_int_eq(dp_record_set(r, "title", "新标题"), 0);
  ck_assert_int_eq(dp_record_set(r, "title", "再新标题"), 0);
  ck_assert_str_eq(dp_record_get(r, "title"), "再新标题");
  ck_assert_int_eq(dp_record_set(r, "id", "b-2"), 0);
  ck_assert_int_eq(dp_event_set(r, 0, "label", "公开征求意见", NULL), 0);
  ck_assert_int_eq(dp_event_set(r, 0, "label", "公开征求社会公众意见", NULL), 0);
  ck_assert_int_eq(dp_event_set(r, 1, "channel", NULL, NULL), 0);
  ck_assert_ptr_null(dp_event_get(r, 1, "channel"));
  ck_assert_int_eq(dp_event_set(r, 1, "date", "2023-04-21", NULL), 0);
  ck_assert_int_eq(dp_record_set_attribute(r, "technical", 0, NULL), 0);
  ck_assert_int_eq(dp_record_attribute(r, "technical"), 0);
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  ck_assert_str_eq(dp_report_id(rep), "b-2");
  dp_record_free(r);
  /* the report owns its strings: still readable after the record */
  ck_assert_str_eq(dp_report_id(rep), "b-2");
  ck_assert_str_eq(dp_report_procedure(rep), "normative_document");
  dp_report_free(rep);
}
END_TEST

START_TEST(invalid_utf8_outside_fields) {
  /* bad bytes in a field no rule reads: the record is checked as usual */
  const char *good =
      "{\"id\":\"u-1\",\"procedure\":\"normative_document\","
      "\"note\":\"\xff\xfe\",\"events\":[{\"step\":\"assessment\","
      "\"date\":\"2023-03-01\"}]}";
  dp_record *r = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_record_from_json(&r, good, strlen(good), 0, &err), 0);
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  ck_assert_no_finding(rep, "record.field");
  ck_assert_ptr_nonnull(dp_test_find(rep, "nd.review", DP_MISSING));
  dp_report_free(rep);
  dp_record_free(r);
  /* in the title: a warning names the field, the rest is still checked */
  const char *bad =
      "{\"id\":\"u-2\",\"procedure\":\"normative_document\","
      "\"title\":\"\xe5\xae\",\"events\":[{\"step\":\"assessment\","
      "\"date\":\"2023-03-01\"},{\"label\":\"\xe8\xaf\x84\xe4\xbc\xb0\","
      "\"date\":\"2023-03-02\",\"by\":\"\xc0\xaf\"}]}";
  ck_assert_int_eq(dp_record_from_json(&r, bad, strlen(bad), 0, &err), 0);
  ck_assert_ptr_null(dp_record_get(r, "title"));
  ck_assert_ptr_null(dp_event_get(r, 1, "by"));
  ck_assert_str_eq(dp_event_get(r, 1, "label"), "评估");
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  ck_assert_uint_eq(dp_test_count(rep, "record.field"), 2);
  ck_assert_ptr_nonnull(dp_test_find(rep, "nd.review", DP_MISSING));
  dp_report_free(rep);
  dp_record_free(r);
}
END_TEST

/* ---------------------------------------------------------------------
 * What a thread remembers of labels
 * ------------------------------------------------------------------- */

/* A normative document whose collective decision is given by `label`. */
static dp_report *check_label(const dp_engine *e, const char *label) {
  char sq[1024];
  snprintf(sq, sizeof sq,
           "{'id':'l-1','procedure':'normative_document',"
           "'doc_number':'平政〔2023〕1号','events':["
           "{'step':'assessment','date':'2023-03-01'},"
           "{'label':'%s','date':'2023-04-11'},"
           "{'step':'publication','date':'2023-04-20'}]}",
           label);
  return dp_test_check(e, sq);
}

START_TEST(label_memory_same_answer) {
  /* the same label in one record, record after record: the same step and
   * the same meeting taken from it */
  for (int round = 0; round < 3; round++) {
    dp_report *rep = check_label(eng, "市政府第10次常务会议审议通过");
    ck_assert_no_finding(rep, "record.label");
    ck_assert_no_finding(rep, "nd.decision"); /* meeting from the label */
    ck_assert_ptr_nonnull(dp_test_find(rep, "nd.review", DP_MISSING));
    dp_report_free(rep);
    rep = check_label(eng, "市政府第11次研究"); /* no step */
    ck_assert_uint_eq(dp_test_count(rep, "record.label"), 1);
    dp_report_free(rep);
  }
}
END_TEST

START_TEST(label_memory_captured_value) {
  /* a major decision whose meeting, taken from its label, is of the wrong
   * kind: the message quotes the captured text, the second time too */
  const char *sq =
      "{'id':'l-2','procedure':'major_decision','events':["
      "{'step':'public_comment','start':'2023-02-01','end':'2023-03-02'},"
      "{'step':'legality_review','start':'2023-03-06','end':'2023-03-17',"
      "'result':'pass'},"
      "{'label':'区长碰头会议讨论决定','date':'2023-03-28'},"
      "{'step':'publication','date':'2023-04-03'}]}";
  for (int round = 0; round < 2; round++) {
    dp_report *rep = dp_test_check(eng, sq);
    const dp_finding *f = dp_test_find(rep, "md.decision", DP_INCOMPLETE);
    ck_assert_msg(f != NULL, "no md.decision:%s", dp_test_dump(rep));
    ck_assert_msg_has(f, DP_LANG_ZH, "“区长碰头会议”");
    dp_report_free(rep);
  }
}
END_TEST

static const char overlay_label[] =
    "overlay normative_document\n"
    "label collective_decision /区务会商会/\n";

START_TEST(label_memory_new_rules) {
  /* not a step, remembered; then rules that make it one: the memory of
   * the old rules is not used */
  dp_report *rep = check_label(eng, "区务会商会讨论通过");
  ck_assert_uint_eq(dp_test_count(rep, "record.label"), 1);
  dp_report_free(rep);
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_load_string(eng, overlay_label,
                                         strlen(overlay_label), "o", &err),
                   0);
  rep = check_label(eng, "区务会商会讨论通过");
  ck_assert_no_finding(rep, "record.label");
  dp_report_free(rep);
}
END_TEST

START_TEST(label_memory_two_engines) {
  /* two engines, one thread, the same label in turn */
  dp_engine *other = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_new(&other, 0, &err), 0);
  ck_assert_int_eq(dp_engine_load_string(other, overlay_label,
                                         strlen(overlay_label), "o", &err),
                   0);
  for (int round = 0; round < 3; round++) {
    dp_report *a = check_label(eng, "区务会商会讨论通过");
    dp_report *b = check_label(other, "区务会商会讨论通过");
    ck_assert_uint_eq(dp_test_count(a, "record.label"), 1);
    ck_assert_uint_eq(dp_test_count(b, "record.label"), 0);
    dp_report_free(a);
    dp_report_free(b);
  }
  dp_engine_free(other);
}
END_TEST

START_TEST(label_memory_long_and_failing) {
  /* a label too long to remember is still matched */
  char label[400] = "";
  for (int i = 0; i < 30; i++) strcat(label, "经");
  strcat(label, "常务会议审议通过");
  ck_assert_uint_gt(strlen(label), 96);
  for (int round = 0; round < 2; round++) {
    dp_report *rep = check_label(eng, label);
    ck_assert_no_finding(rep, "record.label");
    dp_report_free(rep);
  }
  /* a pattern that hits the match limit is reported every time */
  static const char slow[] =
      "overlay normative_document\nlabel hearing /^(a+)+$/\n";
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_load_string(eng, slow, strlen(slow), "s", &err),
                   0);
  for (int round = 0; round < 2; round++) {
    dp_report *rep = check_label(eng, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
    int limit = 0;
    for (size_t i = 0; i < dp_report_count(rep); i++)
      limit += strstr(dp_finding_message(dp_report_finding(rep, i),
                                         DP_LANG_EN),
                      "hit its match limit") != NULL;
    ck_assert_msg(limit == 1, "round %d:%s", round, dp_test_dump(rep));
    dp_report_free(rep);
  }
}
END_TEST

/* An event as dp_record_add_event and the JSON reader make it, in arrays
 * a spare record brings back full of the last record's events. */
static void event_is_blank(const dp_record *r, size_t i) {
  const dp__event *ev = &r->ev[i];
  for (int f = 0; f < DP__EF_COUNT; f++)
    ck_assert_msg(ev->f[f] == NULL, "event %zu field %d", i, f);
  ck_assert_uint_eq(ev->own, 0);
  for (int b = 0; b < DP__EB_COUNT; b++) ck_assert_int_eq(ev->b[b], -1);
  for (int k = 0; k < 3; k++) {
    ck_assert_int_eq(ev->day[k], DP_NO_DATE);
    ck_assert_int_eq(ev->secs[k], -1);
    ck_assert_uint_eq(ev->dstate[k], DP__D_ABSENT);
  }
  ck_assert_int_eq(ev->line, 0);
  ck_assert_uint_eq(ev->ignore, 0);
}

START_TEST(added_event_is_blank) {
  static const char full[] =
      "{'id':'b-1','procedure':'normative_document','events':["
      "{'step':'s','label':'l','date':'2023-01-02T10:00','start':'2023-01-03',"
      "'end':'2023-02-30','result':'r','by':'b','meeting':'m','channel':'c',"
      "'reason':'x','signed':true,'feedback_published':false},5,"
      "{'step':'s','label':'l','date':'2023-01-02','start':'2023-01-03',"
      "'end':'2023-01-04','result':'r','by':'b','meeting':'m','channel':'c',"
      "'reason':'x','signed':false,'feedback_published':true}]}";
  for (int round = 0; round < 2; round++) {
    dp_record *r = read_sq(full);
    ck_assert_uint_eq(dp_record_event_count(r), 3);
    for (size_t i = 0; i < 3; i++) r->ev[i].line = 7 + (int)i;
    dp_record_free(r); /* the thread's spare: its arrays come back */
    if (round == 0) {
      r = read_sq("{'id':'b-2','procedure':'normative_document','events':"
                  "[{},{'zzz':1},{'step':null,'signed':null}]}");
    } else {
      r = dp_test_record(NULL);
      ck_assert_ptr_nonnull(r);
      for (int i = 0; i < 3; i++) ck_assert_int_eq(dp_record_add_event(r), i);
    }
    ck_assert_uint_eq(dp_record_event_count(r), 3);
    for (size_t i = 0; i < 3; i++) event_is_blank(r, i);
    dp_record_free(r);
  }
}
END_TEST

/* ---------------------------------------------------------------------
 * The one-pass reading of a record against the long way
 * ------------------------------------------------------------------- */

static int str_same(const char *a, const char *b) {
  return a == b || (a && b && strcmp(a, b) == 0);
}

/* Two reads of one text agree in everything they return and record. */
static void reads_agree(const char *text, size_t len) {
  dp_record *a = NULL, *b = NULL;
  dp_error ea = {0}, eb = {0};
  int ra = dp__record_from_json(&a, text, len, &ea);
  int rb = dp__record_from_json_plain(&b, text, len, &eb);
  ck_assert_msg(ra == rb, "rc %d, plain %d: %.300s", ra, rb, text);
  ck_assert_msg(ea.code == eb.code && ea.line == eb.line &&
                    ea.column == eb.column && ea.offset == eb.offset &&
                    strcmp(ea.text, eb.text) == 0,
                "error '%s', plain '%s': %.300s", ea.text, eb.text, text);
  ck_assert_msg((a == NULL) == (b == NULL), "record: %.300s", text);
  if (!a) return;
  const char *why = NULL;
  for (int i = 0; i < DP__RF_COUNT && !why; i++)
    if (!str_same(a->f[i], b->f[i])) why = dp__rfield_names[i];
  if (!why && a->own != b->own) why = "own";
  if (!why && !(str_same(a->invalid[0], b->invalid[0]) &&
                str_same(a->invalid[1], b->invalid[1])))
    why = "invalid";
  if (!why && a->nattrs != b->nattrs) why = "attribute count";
  for (size_t i = 0; i < a->nattrs && !why; i++)
    if (!str_same(a->attrs[i].name, b->attrs[i].name) ||
        a->attrs[i].value != b->attrs[i].value ||
        a->attrs[i].own != b->attrs[i].own)
      why = "attribute";
  if (!why && a->nev != b->nev) why = "event count";
  for (size_t i = 0; i < a->nev && !why; i++) {
    const dp__event *x = &a->ev[i], *y = &b->ev[i];
    for (int f = 0; f < DP__EF_COUNT; f++)
      if (!str_same(x->f[f], y->f[f])) why = dp__efield_names[f];
    if (x->own != y->own || x->line != y->line || x->ignore != y->ignore ||
        memcmp(x->b, y->b, sizeof x->b) || memcmp(x->day, y->day, sizeof x->day) ||
        memcmp(x->secs, y->secs, sizeof x->secs) ||
        memcmp(x->dstate, y->dstate, sizeof x->dstate))
      why = "event";
  }
  if (!why && a->nissues != b->nissues) why = "issue count";
  for (size_t i = 0; i < a->nissues && !why; i++) {
    const dp__issue *x = &a->issues[i], *y = &b->issues[i];
    if (x->code != y->code || x->sev != y->sev || x->event != y->event ||
        !str_same(x->field, y->field) || !str_same(x->msg[0], y->msg[0]) ||
        !str_same(x->msg[1], y->msg[1]))
      why = "issue";
  }
  ck_assert_msg(!why, "%s differs: %.300s", why, text);
  dp_record_free(a);
  dp_record_free(b);
}

static long reads_checked;

/* tpl with each %s (one or two) replaced by v, then read as it is, with a
 * bad UTF-8 byte in a member of its own (an untrusted record: every
 * string checked), and with white space and junk after it. */
static void reads_agree_tpl(const char *tpl, const char *v) {
  static char buf[1 << 16];
  int n = snprintf(buf, sizeof buf, tpl, v, v);
  ck_assert(n > 0 && (size_t)n < sizeof buf - 64);
  reads_agree(buf, (size_t)n);
  reads_checked++;
  if (buf[0] == '{' && buf[n - 1] == '}') {
    static char bad[sizeof buf + 64];
    int m = snprintf(bad, sizeof bad, "{\"zz\":\"a\xff\",%s", buf + 1);
    reads_agree(bad, (size_t)m);
    m = snprintf(bad, sizeof bad, "%.*s,\"zz\":\"\xe5\xae\"}", n - 1, buf);
    reads_agree(bad, (size_t)m);
  }
  static const char *const tails[] = {" ", "\n\r\t", " x", " [", " {",
                                      " ]", "}", "\"[\""};
  for (size_t i = 0; i < sizeof tails / sizeof *tails; i++) {
    static char more[sizeof buf + 64];
    int m = snprintf(more, sizeof more, "%s%s", buf, tails[i]);
    reads_agree(more, (size_t)m);
  }
  reads_agree(buf, (size_t)n + 1); /* the NUL counted */
}

/* An array nested n deep around 1 (an object every third level). */
static char *nested(int n) {
  char *s = malloc((size_t)n * 8 + 8);
  ck_assert_ptr_nonnull(s);
  size_t k = 0;
  for (int i = 0; i < n; i++) {
    if (i % 3 == 2) {
      memcpy(s + k, "{\"k\":", 5);
      k += 5;
    } else {
      s[k++] = '[';
    }
  }
  s[k++] = '1';
  for (int i = n - 1; i >= 0; i--) s[k++] = i % 3 == 2 ? '}' : ']';
  s[k] = '\0';
  return s;
}

/* Which field a member of an event or of the record sets, against a plain
 * model of the format: names compared with strcmp, each value's type
 * looked at by hand.  Every field name and near misses, with values of
 * each type, in trusted records and in records with a bad UTF-8 byte
 * elsewhere (every string then checked). */
START_TEST(fields_read_by_name) {
  static const char *const names[] = {
      "step", "label", "date", "start", "end", "result", "by", "meeting",
      "channel", "reason", "signed", "feedback_published", "dat", "dates",
      "Date", "date_", "feedback_publishe", "feedback_publishedx", "ste",
      "stepx", "star", "startx", "b", "byy", "e", "endx", "signe", "signedx",
      "labe", "result_", "reaso", "reasons", "meetin", "channels", "",
      "id", "procedure", "title", "authority", "doc_number", "attributes",
      "events", "i", "idx", "procedur", "proceduree", "titl", "titles",
      "authorit", "authorityx", "doc_numbe", "doc_numberx", "attribute",
      "attributesx", "event", "eventsx", "a", "at"};
  /* value, its kind: s a string (its text), S a string with bad UTF-8, t
   * true, f false, n null, o another type */
  static const struct {
    const char *json, kind, *text;
  } values[] = {{"\"2023-01-02\"", 's', "2023-01-02"},
                {"\"x\"", 's', "x"},
                {"\"a\xff\"", 'S', NULL},
                {"true", 't', NULL},
                {"false", 'f', NULL},
                {"null", 'n', NULL},
                {"5", 'o', NULL},
                {"[]", 'o', NULL}};
  char text[512];
  for (size_t k = 0; k < sizeof names / sizeof *names; k++)
    for (size_t v = 0; v < sizeof values / sizeof *values; v++)
      for (int untrusted = 0; untrusted < 2; untrusted++) {
        const char *name = names[k];
        char kind = values[v].kind;
        int is_str = kind == 's', is_bool = kind == 't' || kind == 'f';
        int e = -1, b = -1, rf = -1;
        for (int i = 0; i < DP__EF_COUNT; i++)
          if (strcmp(name, dp__efield_names[i]) == 0) e = i;
        for (int i = 0; i < DP__EB_COUNT; i++)
          if (strcmp(name, dp__ebool_names[i]) == 0) b = i;
        for (int i = 0; i < DP__RF_COUNT; i++)
          if (strcmp(name, dp__rfield_names[i]) == 0) rf = i;
        const char *zz = untrusted ? ",\"zz\":\"\xfe\"" : "";
        /* the member in an event */
        snprintf(text, sizeof text,
                 "{\"id\":\"a\",\"procedure\":\"p\"%s,\"events\":[{\"%s\":%s}]}",
                 zz, name, values[v].json);
        dp_record *r = NULL;
        dp_error err = {0};
        ck_assert_int_eq(dp_record_from_json(&r, text, strlen(text), 0, &err),
                         0);
        ck_assert_uint_eq(r->nev, 1);
        const dp__event *ev = &r->ev[0];
        for (int i = 0; i < DP__EF_COUNT; i++) {
          const char *want = i == e && is_str ? values[v].text : NULL;
          ck_assert_msg(str_same(ev->f[i], want), "%s: %s is '%s'", text,
                        dp__efield_names[i], ev->f[i] ? ev->f[i] : "(null)");
          if (i >= DP__EF_DATE && i <= DP__EF_END) {
            int slot = i - DP__EF_DATE;
            int32_t d, s;
            int st = i != e || kind == 'n' ? DP__D_ABSENT
                     : is_str && dp_date_parse(values[v].text,
                                               strlen(values[v].text), &d,
                                               &s) == 0
                         ? DP__D_OK
                         : DP__D_BAD;
            ck_assert_msg(ev->dstate[slot] == st, "%s: date state %d", text,
                          ev->dstate[slot]);
          }
        }
        for (int i = 0; i < DP__EB_COUNT; i++) {
          int want = i == b && is_bool ? kind == 't' : -1;
          ck_assert_msg(ev->b[i] == want, "%s: %s is %d", text,
                        dp__ebool_names[i], ev->b[i]);
        }
        size_t issues = (e >= 0 && kind != 'n' && !is_str) ||
                        (b >= 0 && kind != 'n' && !is_bool);
        ck_assert_msg(r->nissues == issues, "%s: %zu issues", text,
                      r->nissues);
        dp_record_free(r);
        /* the member in the record */
        snprintf(text, sizeof text,
                 "{\"id\":\"a\",\"procedure\":\"p\"%s,\"%s\":%s}", zz, name,
                 values[v].json);
        ck_assert_int_eq(dp_record_from_json(&r, text, strlen(text), 0, &err),
                         0);
        for (int i = 0; i < DP__RF_COUNT; i++) {
          const char *want = i == 0 ? "a" : i == 1 ? "p"
                             : i == rf && is_str ? values[v].text
                                                 : NULL;
          ck_assert_msg(str_same(r->f[i], want), "%s: %s is '%s'", text,
                        dp__rfield_names[i], r->f[i] ? r->f[i] : "(null)");
        }
        int attrs = strcmp(name, "attributes") == 0;
        int events = strcmp(name, "events") == 0;
        issues = kind != 'n' && ((rf > 1 && !is_str) || attrs ||
                                 (events && strcmp(values[v].json, "[]")));
        ck_assert_msg(r->nissues == issues, "%s: %zu issues", text,
                      r->nissues);
        ck_assert_uint_eq(r->nev, 0);
        ck_assert_uint_eq(r->nattrs, 0);
        dp_record_free(r);
      }
}
END_TEST

START_TEST(one_pass_read_matches_plain) {
  /* values: dates good and bad, other strings, every type, containers,
   * bad UTF-8, and containers about the nesting limit at each depth */
  const char *values[64];
  size_t nv = 0;
  static const char *const fixed[] = {
      "\"2023-01-02\"", "\"2023-02-30\"", "\"2023-01-02T10:00\"",
      "\"2023年1月2日\"", "\"2023-1-2\"", "\"x\"", "\"\"",
      "\"\\u0041\\u5ba1\\n\"", "null", "true", "false", "0", "-1.5e3",
      "[]", "{}", "[1,[2,{}]]", "{\"a\":{\"b\":[null]}}", "\"a\xff\"",
      "\"\xe5\xae\"", "\"\xed\xa0\x80\""};
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
    values[nv++] = fixed[i];
  char *deep[8];
  for (int i = 0; i < 6; i++) values[nv++] = deep[i] = nested(59 + i);
  static const char *const tpls[] = {
      "%s",
      "{\"id\":\"a\",\"procedure\":\"p\",\"events\":[],\"zz\":%s}",
      "{\"zz\":%s,\"id\":\"a\",\"procedure\":\"p\"}",
      "{\"id\":%s,\"procedure\":\"p\",\"events\":[{\"step\":\"s\"}]}",
      "{\"id\":\"a\",\"procedure\":%s,\"title\":\"t\"}",
      "{\"id\":\"a\",\"procedure\":\"p\",\"id\":%s}",
      "{\"id\":%s,\"procedure\":\"p\",\"id\":\"a\"}",
      "{\"procedure\":%s,\"id\":\"a\",\"procedure\":\"p\"}",
      "{\"procedure\":\"p\",\"id\":\"a\",\"procedure\":%s}",
      "{\"procedure\":\"p\",\"events\":[{\"date\":%s}]}",
      "{\"id\":\"a\",\"events\":[{\"date\":%s}],\"attributes\":{\"x\":1}}",
      "{\"events\":[{\"date\":%s,\"zz\":[1]}],\"procedure\":\"p\",\"id\":\"a\"}",
      "{\"id\":\"a\",\"procedure\":\"p\",\"title\":%s,\"title\":\"t2\"}",
      "{\"id\":\"a\",\"procedure\":\"p\",\"title\":\"t1\",\"title\":%s}",
      "{\"id\":\"a\",\"procedure\":\"p\",\"authority\":%s,\"doc_number\":%s}",
      "{\"id\":\"a\",\"procedure\":\"p\",\"attributes\":%s}",
      "{\"id\":\"a\",\"procedure\":\"p\",\"attributes\":%s,\"attributes\":"
      "{\"y\":true}}",
      "{\"id\":\"a\",\"procedure\":\"p\",\"attributes\":{\"x\":true,\"y\":%s,"
      "\"x\":false}}",
      /* an empty name: dp__record_attr_borrow says DP_EINVAL */
      "{\"id\":\"a\",\"procedure\":\"p\",\"attributes\":{\"\":%s}}",
      "{\"id\":\"a\",\"procedure\":\"p\",\"events\":%s}",
      "{\"id\":\"a\",\"procedure\":\"p\",\"events\":[{\"step\":\"s\"},%s,"
      "{\"date\":\"2023-01-01\"}]}",
      "{\"id\":\"a\",\"procedure\":\"p\",\"events\":[{\"step\":\"a\"}],"
      "\"events\":[%s,{\"step\":%s}]}",
      "{\"id\":\"a\",\"procedure\":\"p\",\"events\":[{\"step\":\"s\","
      "\"zz\":%s,\"label\":%s}]}"};
  static const char *const names[] = {
      "step", "label", "date", "start", "end", "result", "by", "meeting",
      "channel", "reason", "signed", "feedback_published", "dat", "dates",
      "Date", "feedback_publishe", "feedback_publishedx", "ste", "stepx",
      "b", "byy", "", "signe", "zz", "d\\u0061te"};
  reads_checked = 0;
  for (size_t t = 0; t < sizeof tpls / sizeof *tpls; t++)
    for (size_t v = 0; v < nv; v++) reads_agree_tpl(tpls[t], values[v]);
  for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
    static const char *const ev_tpls[] = {
        "{\"id\":\"a\",\"procedure\":\"p\",\"events\":[{\"step\":\"s\","
        "\"%s\":%%s}]}",
        "{\"id\":\"a\",\"procedure\":\"p\",\"events\":[{\"%s\":"
        "\"2023-01-01\",\"%s\":%%s}]}",
        "{\"id\":\"a\",\"procedure\":\"p\",\"events\":[{\"%s\":%%s,"
        "\"%s\":\"2023-03-04\"},{\"%s\":true}]}",
        "{\"procedure\":\"p\",\"events\":[{\"%s\":%%s}]}"};
    for (size_t t = 0; t < sizeof ev_tpls / sizeof *ev_tpls; t++) {
      char tpl[256];
      snprintf(tpl, sizeof tpl, ev_tpls[t], names[k], names[k], names[k]);
      for (size_t v = 0; v < nv; v++) reads_agree_tpl(tpl, values[v]);
    }
  }
  /* more events than the limit, then a member that would make it
   * invalid in another way */
  size_t cap = (DP__MAX_EVENTS + 2) * 3 + 256;
  char *many = malloc(cap);
  ck_assert_ptr_nonnull(many);
  static const char *const after[] = {"", ",\"id\":5", ",\"zz\":"};
  for (size_t t = 0; t < 3; t++) {
    size_t k = (size_t)snprintf(many, cap,
                                "{\"id\":\"a\",\"procedure\":\"p\",\"events\":[");
    for (size_t i = 0; i <= DP__MAX_EVENTS; i++) {
      memcpy(many + k, i ? ",{}" : "{}", i ? 3 : 2);
      k += i ? 3 : 2;
    }
    k += (size_t)snprintf(many + k, cap - k, "]%s%s}", after[t],
                          t == 2 ? deep[5] : "");
    reads_agree(many, k);
  }
  free(many);
  for (int i = 0; i < 6; i++) free(deep[i]);
  ck_assert_int_gt(reads_checked, 2000);
}
END_TEST

/* ---------------------------------------------------------------------
 * The spare record and report of a thread
 * ------------------------------------------------------------------- */

START_TEST(spare_record_is_empty) {
  dp_record *r = read_sq(
      "{'id':'s-1','procedure':'major_decision','title':'标题',"
      "'attributes':{'technical':true,'stability_risk':true},"
      "'events':[{'step':'public_comment','start':'2023-02-01',"
      "'end':'2023-03-02'},{'label':'市政府常务会议','date':'2023-03-28'}]}");
  dp_record_free(r);
  dp_record *n = dp_test_record(NULL);
  ck_assert_ptr_nonnull(n);
  ck_assert_uint_eq(dp_record_event_count(n), 0);
  ck_assert_ptr_null(dp_record_get(n, "id"));
  ck_assert_ptr_null(dp_record_get(n, "title"));
  ck_assert_int_eq(dp_record_attribute(n, "technical"), 0);
  ck_assert_int_eq(dp_record_add_event(n), 0);
  ck_assert_ptr_null(dp_event_get(n, 0, "step"));
  ck_assert_ptr_null(dp_event_get(n, 0, "label"));
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, n, NULL, &rep), 0);
  ck_assert_ptr_nonnull(dp_test_find(rep, "record.invalid", -1));
  dp_report_free(rep);
  dp_record_free(n);
}
END_TEST

START_TEST(spare_report_is_empty) {
  dp_report *bad = dp_test_check(eng, faulty);
  ck_assert_uint_gt(dp_report_count(bad), 2);
  dp_report_free(bad);
  dp_record *r = NULL;
  dp_error err = {0};
  char *path = dp_test_path("examples/records/nd-compliant.json");
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open(&rd, path, DP_FORMAT_AUTO, &err), 0);
  ck_assert_int_eq(dp_reader_next(rd, &r, &err), 1);
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  ck_assert_msg(dp_report_ok(rep), "%s", dp_test_dump(rep));
  ck_assert_str_eq(dp_report_id(rep), dp_record_get(r, "id"));
  char *json = dp_report_to_json(rep, DP_LANG_ZH, NULL);
  ck_assert_ptr_nonnull(strstr(json, "\"findings\":["));
  ck_assert_ptr_null(strstr(json, "w-1"));
  dp_free(json);
  dp_report_free(rep);
  dp_record_free(r);
  dp_reader_free(rd);
  free(path);
}
END_TEST

/* Each finding's "rule" and "basis" in the JSON line are its rule's id
 * and basis (written as JSON when the rules were loaded), also after an
 * overlay gives the rule a basis that needs escapes. */
static void assert_json_rules(const dp_report *rep) {
  char *js = dp_report_to_json(rep, DP_LANG_ZH, NULL);
  ck_assert_ptr_nonnull(js);
  ck_assert_uint_eq(dp_report_write_json(rep, DP_LANG_ZH, NULL, 0), strlen(js));
  cJSON *root = cJSON_Parse(js);
  ck_assert_ptr_nonnull(root);
  cJSON *fs = cJSON_GetObjectItem(root, "findings");
  ck_assert_int_eq(cJSON_GetArraySize(fs), (int)dp_report_count(rep));
  for (size_t i = 0; i < dp_report_count(rep); i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    const cJSON *o = cJSON_GetArrayItem(fs, (int)i);
    ck_assert_str_eq(cJSON_GetObjectItem(o, "rule")->valuestring,
                     dp_finding_rule(f));
    ck_assert_str_eq(cJSON_GetObjectItem(o, "basis")->valuestring,
                     dp_finding_basis(f));
  }
  cJSON_Delete(root);
  dp_free(js);
}

START_TEST(rule_json_forms_follow_overlay) {
  dp_report *rep = dp_test_check(eng, faulty);
  assert_json_rules(rep);
  /* the first finding of a rule (not of the data) */
  const char *id = NULL;
  for (size_t i = 0; i < dp_report_count(rep) && !id; i++) {
    const char *r = dp_finding_rule(dp_report_finding(rep, i));
    if (strncmp(r, "record.", 7) != 0) id = r;
  }
  ck_assert_ptr_nonnull(id);
  char overlay[512];
  snprintf(overlay, sizeof overlay,
           "overlay normative_document \"测试区\"\n\n"
           "rule %s\n"
           "  basis \"《测试办法》\\\"第一条\\\" \\\\ 附\\n件\"\n"
           "end\n", id);
  dp_report_free(rep);
  dp_error err = {0};
  ck_assert_msg(dp_engine_load_string(eng, overlay, strlen(overlay),
                                      "t.rules", &err) == 0,
                "%s", err.text);
  rep = dp_test_check(eng, faulty);
  int seen = 0;
  for (size_t i = 0; i < dp_report_count(rep); i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    if (strcmp(dp_finding_rule(f), id) != 0) continue;
    ck_assert_str_eq(dp_finding_basis(f),
                     "《测试办法》\"第一条\" \\ 附\n件");
    seen = 1;
  }
  ck_assert(seen);
  assert_json_rules(rep);
  char *js = dp_report_to_json(rep, DP_LANG_ZH, NULL);
  ck_assert_ptr_nonnull(
      strstr(js, "\"basis\":\"《测试办法》\\\"第一条\\\" \\\\ 附\\n件\""));
  dp_free(js);
  dp_report_free(rep);
}
END_TEST

/* Records made on one thread, checked and freed on another: each thread
 * keeps its own spare (ASan, valgrind and helgrind watch this one). */
typedef struct handoff {
  const dp_engine *e;
  dp_record *recs[64];
  size_t n;
} handoff;

static void *make_records(void *arg) {
  handoff *h = arg;
  for (size_t i = 0; i < 64; i++) {
    char *json = dp_test_sq(
        "{'id':'t','procedure':'normative_document','events':["
        "{'label':'市政府常务会议审议','date':'2023-04-11'}]}");
    dp_error err = {0};
    if (dp_record_from_json(&h->recs[i], json, strlen(json), 0, &err) == 0)
      h->n++;
    free(json);
  }
  return NULL;
}

static void *check_and_free(void *arg) {
  handoff *h = arg;
  for (size_t i = 0; i < h->n; i++) {
    dp_report *rep = NULL;
    if (dp_check(h->e, h->recs[i], NULL, &rep) == 0) dp_report_free(rep);
    dp_record_free(h->recs[i]);
  }
  return NULL;
}

START_TEST(spare_across_threads) {
  handoff h = {eng, {0}, 0};
  pthread_t a, b;
  ck_assert_int_eq(pthread_create(&a, NULL, make_records, &h), 0);
  pthread_join(a, NULL);
  ck_assert_uint_eq(h.n, 64);
  ck_assert_int_eq(pthread_create(&b, NULL, check_and_free, &h), 0);
  pthread_join(b, NULL);
  /* and this thread goes on with its own */
  dp_report *rep = check_label(eng, "市政府常务会议审议");
  ck_assert_no_finding(rep, "record.label");
  dp_report_free(rep);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("fast");
  TCase *tc = tcase_create("strings");
  tcase_add_test(tc, field_lookup_matches_names);
  tcase_set_timeout(tc, 60);
  suite_add_tcase(s, tc);
  tc = tcase_create("dates");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, date_table_walk);
  tcase_add_test(tc, date_parse_fast_form);
  tcase_add_test(tc, event_date_matches_parse);
  tcase_add_test(tc, calendar_table_matches_search);
  tcase_add_test(tc, engine_calendar_has_table);
  tcase_set_timeout(tc, 120);
  suite_add_tcase(s, tc);
  tc = tcase_create("records");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, write_json_as_snprintf);
  tcase_add_test(tc, rule_json_forms_follow_overlay);
  tcase_add_test(tc, borrowed_strings_replaced);
  tcase_add_test(tc, invalid_utf8_outside_fields);
  tcase_add_test(tc, added_event_is_blank);
  tcase_add_test(tc, one_pass_read_matches_plain);
  tcase_add_test(tc, fields_read_by_name);
  tcase_add_test(tc, label_memory_same_answer);
  tcase_add_test(tc, label_memory_captured_value);
  tcase_add_test(tc, label_memory_new_rules);
  tcase_add_test(tc, label_memory_two_engines);
  tcase_add_test(tc, label_memory_long_and_failing);
  tcase_add_test(tc, spare_record_is_empty);
  tcase_add_test(tc, spare_report_is_empty);
  tcase_add_test(tc, spare_across_threads);
  tcase_set_timeout(tc, 60);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(suite()); }

/*
 * check_calendar.c - the working-day calendar and its holiday-cn loader,
 * through dp__calendar_* (and the dp_engine_* wrappers on a bare engine
 * struct, so no rule code is needed).
 */
#include "util.h"

#include "dp-json.h"
#include <stdint.h>

#define FIRST_YEAR 2007
#define LAST_YEAR 2026

static dp__calendar cal; /* all 20 years, loaded by the fixture */

static char *year_path(int year) {
  char rel[64];
  snprintf(rel, sizeof rel, "data/holiday-cn/%d.json", year);
  return dp_test_path(rel);
}

static void load_year(dp__calendar *c, int year) {
  char *path = year_path(year);
  size_t len;
  char *text = dp_test_read_file(path, &len);
  dp_error err = {0};
  int rc = dp__calendar_load(c, text, len, path, &err);
  ck_assert_msg(rc == 0, "%s: %s", path, err.text);
  ck_assert_int_eq(err.code, 0);
  free(text);
  free(path);
}

static void setup_all(void) {
  dp__calendar_init(&cal);
  for (int y = FIRST_YEAR; y <= LAST_YEAR; y++)
    load_year(&cal, y);
}

static void teardown_all(void) { dp__calendar_free(&cal); }

/* Load a NUL-terminated JSON text. */
static int load_str(dp__calendar *c, const char *json, dp_error *err) {
  return dp__calendar_load(c, json, strlen(json), "test.json", err);
}

static int workday(int y, int m, int d) {
  return dp__calendar_is_workday(&cal, D(y, m, d));
}

/* Day-by-day count, the reference for dp__calendar_workdays. */
static int32_t brute_workdays(const dp__calendar *c, int32_t from,
                              int32_t to) {
  int32_t n = 0;
  for (int32_t d = from; d <= to; d++)
    n += dp__calendar_is_workday(c, d);
  return n;
}

/* A small deterministic generator, the same on every platform. */
static uint32_t lcg_state = 20240204u;
static uint32_t lcg(void) {
  lcg_state = lcg_state * 1664525u + 1013904223u;
  return lcg_state >> 8;
}

/* ---------------------------------------------------------------------
 * The official data
 * ------------------------------------------------------------------- */

START_TEST(loads_all_years) {
  ck_assert_uint_gt(cal.n, 0);
  for (size_t i = 0; i < cal.n; i++) {
    if (i > 0)
      ck_assert_int_lt(cal.day[i - 1], cal.day[i]); /* sorted, unique */
    int weekend = dp_date_weekday(cal.day[i]) >= 5;
    /* only exceptions are kept */
    ck_assert_int_eq(cal.off[i], !weekend);
  }
  ck_assert_int_eq(cal.pre_off[0], 0);
  ck_assert_int_eq(cal.pre_work[0], 0);
  ck_assert_int_eq(cal.pre_off[cal.n] + cal.pre_work[cal.n], (int32_t)cal.n);
}
END_TEST

START_TEST(spring_festival_2024) {
  ck_assert(workday(2024, 2, 4));  /* Sunday, adjusted working day */
  ck_assert(workday(2024, 2, 18)); /* Sunday, adjusted working day */
  ck_assert(!workday(2024, 2, 12)); /* Monday, holiday */
  for (int d = 10; d <= 17; d++)
    ck_assert_msg(!workday(2024, 2, d), "2024-02-%02d should be rest", d);
  ck_assert(workday(2024, 2, 9)); /* Friday before */
  ck_assert(workday(2024, 2, 19));
}
END_TEST

START_TEST(national_day_2023) {
  ck_assert(!workday(2023, 10, 5));
  ck_assert(!workday(2023, 9, 29)); /* Mid-Autumn, a Friday */
  for (int d = 1; d <= 6; d++)
    ck_assert(!workday(2023, 10, d));
  ck_assert(workday(2023, 10, 7)); /* Saturday, adjusted */
  ck_assert(workday(2023, 10, 8)); /* Sunday, adjusted */
  ck_assert(workday(2023, 10, 9));
}
END_TEST

START_TEST(ordinary_days) {
  ck_assert(!workday(2024, 3, 16)); /* Saturday */
  ck_assert(!workday(2024, 3, 17)); /* Sunday */
  ck_assert(workday(2024, 3, 18));  /* Monday */
  ck_assert(workday(2024, 3, 22));  /* Friday */
  /* outside the data only weekends rest */
  ck_assert(workday(2030, 1, 1)); /* a Tuesday, no data for 2030 */
  ck_assert(!workday(2030, 1, 5));
}
END_TEST

/* Every listed day of every file, read here with cJSON on its own, has
 * the state the file gives it (no day is listed twice in the data). */
START_TEST(matches_raw_data) {
  for (int y = FIRST_YEAR; y <= LAST_YEAR; y++) {
    char *path = year_path(y);
    char *text = dp_test_read_file(path, NULL);
    cJSON *root = cJSON_Parse(text);
    ck_assert_ptr_nonnull(root);
    const cJSON *it;
    int listed = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(root, "days")) {
      const char *ds = cJSON_GetObjectItem(it, "date")->valuestring;
      int off = cJSON_IsTrue(cJSON_GetObjectItem(it, "isOffDay"));
      int32_t d;
      ck_assert_int_eq(dp_date_parse(ds, strlen(ds), &d, NULL), 0);
      ck_assert_msg(dp__calendar_is_workday(&cal, d) == !off,
                    "%s: %s should be %s", path, ds, off ? "rest" : "work");
      listed++;
    }
    ck_assert_int_gt(listed, 20);
    cJSON_Delete(root);
    free(text);
    free(path);
  }
}
END_TEST

/* 2007.json lists 2006-12-30 and -31 (a weekend) as working days. */
START_TEST(neighbouring_year_days_kept) {
  ck_assert(workday(2006, 12, 30));
  ck_assert(workday(2006, 12, 31));
  ck_assert(!dp__calendar_covered(&cal, 2006));
  ck_assert(!workday(2006, 12, 23)); /* an ordinary Saturday of 2006 */
}
END_TEST

/* ---------------------------------------------------------------------
 * Counting and the next working day
 * ------------------------------------------------------------------- */

START_TEST(workdays_known_range) {
  /* 9-28 Thu work, 9-29..10-6 rest, 10-7 Sat and 10-8 Sun work */
  ck_assert_int_eq(dp__calendar_workdays(&cal, D(2023, 9, 28), D(2023, 10, 8)),
                   3);
  /* February 2024: 21 weekdays, less 6 holiday weekdays (12-16 and 9),
   * plus 2 adjusted Sundays (4 and 18) */
  ck_assert_int_eq(dp__calendar_workdays(&cal, D(2024, 2, 1), D(2024, 2, 29)),
                   brute_workdays(&cal, D(2024, 2, 1), D(2024, 2, 29)));
  ck_assert_int_eq(dp__calendar_workdays(&cal, D(2024, 2, 10), D(2024, 2, 17)),
                   0);
}
END_TEST

START_TEST(workdays_edges) {
  int32_t d = D(2024, 3, 18);
  ck_assert_int_eq(dp__calendar_workdays(&cal, d, d), 1);
  ck_assert_int_eq(dp__calendar_workdays(&cal, d, d - 1), 0);
  ck_assert_int_eq(dp__calendar_workdays(&cal, d + 10, d), 0);
  ck_assert_int_eq(dp__calendar_workdays(&cal, D(2024, 3, 16), D(2024, 3, 17)),
                   0);
  ck_assert_int_eq(dp__calendar_workdays(&cal, D(2024, 2, 4), D(2024, 2, 4)),
                   1);
  /* a full ordinary week */
  ck_assert_int_eq(dp__calendar_workdays(&cal, D(2024, 3, 18), D(2024, 3, 24)),
                   5);
  /* before 1970 too */
  dp__calendar empty;
  dp__calendar_init(&empty);
  ck_assert_int_eq(dp__calendar_workdays(&empty, D(1969, 12, 29),
                                         D(1970, 1, 4)),
                   5);
  ck_assert_int_eq(dp__calendar_workdays(&empty, D(1, 1, 1), D(1, 1, 7)), 5);
}
END_TEST

START_TEST(workdays_random_ranges) {
  int32_t lo = D(2005, 6, 1), hi = D(2027, 12, 31);
  for (int k = 0; k < 3000; k++) {
    int32_t a = lo + (int32_t)(lcg() % (uint32_t)(hi - lo + 1));
    int32_t len = (k % 4 == 0) ? (int32_t)(lcg() % 8000) : (int32_t)(lcg() % 60);
    int32_t b = a + len > hi ? hi : a + len;
    int32_t got = dp__calendar_workdays(&cal, a, b);
    int32_t want = brute_workdays(&cal, a, b);
    char fa[11], fb[11];
    if (got != want) /* not ck_assert: it is slow in a long loop */
      ck_abort_msg("[%s, %s]: %d workdays, brute force %d",
                   dp_date_format(a, fa), dp_date_format(b, fb), got, want);
  }
}
END_TEST

START_TEST(workdays_whole_range) {
  /* every day the parser accepts, on the empty calendar and the full one */
  dp__calendar empty;
  dp__calendar_init(&empty);
  int32_t a = D(1, 1, 1), b = D(9999, 12, 31);
  ck_assert_int_eq(dp__calendar_workdays(&empty, a, b),
                   brute_workdays(&empty, a, b));
  ck_assert_int_eq(dp__calendar_workdays(&cal, a, b),
                   brute_workdays(&cal, a, b));
  /* no overflow at the ends of the day range */
  ck_assert_int_ge(dp__calendar_workdays(&cal, INT32_MIN, INT32_MAX), 0);
  ck_assert_int_le(dp__calendar_workdays(&cal, INT32_MAX - 3, INT32_MAX), 4);
}
END_TEST

START_TEST(next_workday) {
  ck_assert_day_eq(dp__calendar_next_workday(&cal, D(2023, 9, 30)),
                   D(2023, 10, 7));
  ck_assert_day_eq(dp__calendar_next_workday(&cal, D(2023, 10, 1)),
                   D(2023, 10, 7));
  ck_assert_day_eq(dp__calendar_next_workday(&cal, D(2023, 9, 29)),
                   D(2023, 10, 7));
  ck_assert_day_eq(dp__calendar_next_workday(&cal, D(2023, 10, 7)),
                   D(2023, 10, 7));
  ck_assert_day_eq(dp__calendar_next_workday(&cal, D(2024, 2, 10)),
                   D(2024, 2, 18));
  ck_assert_day_eq(dp__calendar_next_workday(&cal, D(2024, 3, 16)),
                   D(2024, 3, 18)); /* ordinary Saturday: Monday */
  ck_assert_day_eq(dp__calendar_next_workday(&cal, D(2024, 3, 18)),
                   D(2024, 3, 18));
  /* the answer is always a working day and no working day is skipped */
  for (int32_t d = D(2006, 12, 1); d <= D(2027, 1, 31); d++) {
    int32_t n = dp__calendar_next_workday(&cal, d);
    char fd[11];
    if (n < d || !dp__calendar_is_workday(&cal, n) ||
        dp__calendar_workdays(&cal, d, n) != 1)
      ck_abort_msg("next working day of %s is wrong", dp_date_format(d, fd));
  }
}
END_TEST

/* A year in which every day is a holiday: the answer is the next year's
 * first working day, found quickly. */
START_TEST(next_workday_long_run) {
  dp__calendar c;
  dp__calendar_init(&c);
  dp__buf b = {0};
  dp__buf_adds(&b, "{\"year\": 2031, \"days\": [");
  char date[11];
  for (int32_t d = D(2031, 1, 1); d <= D(2031, 12, 31); d++)
    dp__buf_addf(&b, "%s{\"date\": \"%s\", \"isOffDay\": true}",
                 d == D(2031, 1, 1) ? "" : ",", dp_date_format(d, date));
  dp__buf_adds(&b, "]}");
  ck_assert(!b.oom);
  ck_assert_int_eq(dp__calendar_load(&c, b.s, b.len, NULL, NULL), 0);
  ck_assert_int_eq(dp__calendar_workdays(&c, D(2031, 1, 1), D(2031, 12, 31)),
                   0);
  ck_assert_day_eq(dp__calendar_next_workday(&c, D(2031, 1, 1)),
                   D(2032, 1, 1)); /* a Thursday */
  ck_assert_day_eq(dp__calendar_next_workday(&c, D(2030, 12, 28)),
                   D(2030, 12, 30));
  dp__buf_free(&b);
  dp__calendar_free(&c);
}
END_TEST

START_TEST(empty_calendar) {
  dp__calendar c;
  dp__calendar_init(&c);
  ck_assert(dp__calendar_is_workday(&c, D(2024, 2, 12)));
  ck_assert(!dp__calendar_is_workday(&c, D(2024, 2, 4)));
  ck_assert_day_eq(dp__calendar_next_workday(&c, D(2024, 2, 9)),
                   D(2024, 2, 9));
  ck_assert_day_eq(dp__calendar_next_workday(&c, D(2024, 2, 10)),
                   D(2024, 2, 12));
  ck_assert_int_eq(dp__calendar_uncovered_year(&c, D(2024, 1, 1),
                                               D(2024, 1, 1)),
                   2024);
  dp__calendar_free(&c);
  dp__calendar_free(&c); /* twice is harmless */
}
END_TEST

/* ---------------------------------------------------------------------
 * Coverage
 * ------------------------------------------------------------------- */

START_TEST(year_coverage) {
  for (int y = FIRST_YEAR; y <= LAST_YEAR; y++)
    ck_assert_msg(dp__calendar_covered(&cal, y), "%d should be covered", y);
  ck_assert(!dp__calendar_covered(&cal, 2006)); /* listed in 2007.json */
  ck_assert(!dp__calendar_covered(&cal, 2027));
  ck_assert(!dp__calendar_covered(&cal, 0));
  ck_assert(!dp__calendar_covered(&cal, -1));
  ck_assert(!dp__calendar_covered(&cal, 10000));
  ck_assert(!dp__calendar_covered(&cal, INT32_MAX));
}
END_TEST

START_TEST(uncovered_year) {
  ck_assert_int_eq(
      dp__calendar_uncovered_year(&cal, D(2024, 1, 1), D(2024, 12, 31)), 0);
  ck_assert_int_eq(
      dp__calendar_uncovered_year(&cal, D(2007, 1, 1), D(2026, 12, 31)), 0);
  ck_assert_int_eq(
      dp__calendar_uncovered_year(&cal, D(2025, 6, 1), D(2027, 1, 5)), 2027);
  ck_assert_int_eq(
      dp__calendar_uncovered_year(&cal, D(2026, 12, 31), D(2028, 1, 1)), 2027);
  ck_assert_int_eq(
      dp__calendar_uncovered_year(&cal, D(2005, 12, 1), D(2008, 1, 1)), 2005);
  ck_assert_int_eq(
      dp__calendar_uncovered_year(&cal, D(2006, 12, 30), D(2007, 1, 4)), 2006);
  ck_assert_int_eq(
      dp__calendar_uncovered_year(&cal, D(2027, 1, 1), D(2026, 1, 1)), 0);
}
END_TEST

/* ---------------------------------------------------------------------
 * Loading: overrides and bad input
 * ------------------------------------------------------------------- */

START_TEST(later_load_overrides) {
  size_t n0 = cal.n;
  dp_error err = {0};
  /* 2024-02-04, an adjusted Sunday, becomes a rest day again: the entry
   * agrees with the weekday rule, so it disappears */
  ck_assert_int_eq(load_str(&cal,
                            "{\"year\": 2024, \"days\": [{\"date\": "
                            "\"2024-02-04\", \"isOffDay\": true}]}",
                            &err),
                   0);
  ck_assert(!workday(2024, 2, 4));
  ck_assert_uint_eq(cal.n, n0 - 1);
  /* an ordinary Monday becomes a holiday, then a working day again */
  ck_assert_int_eq(load_str(&cal,
                            "{\"year\": 2024, \"days\": [{\"date\": "
                            "\"2024-03-18\", \"isOffDay\": true}]}",
                            &err),
                   0);
  ck_assert(!workday(2024, 3, 18));
  ck_assert_uint_eq(cal.n, n0);
  ck_assert_int_eq(dp__calendar_workdays(&cal, D(2024, 3, 18), D(2024, 3, 22)),
                   4);
  ck_assert_int_eq(load_str(&cal,
                            "{\"year\": 2024, \"days\": [{\"date\": "
                            "\"2024-03-18\", \"isOffDay\": false}]}",
                            &err),
                   0);
  ck_assert(workday(2024, 3, 18));
  ck_assert_uint_eq(cal.n, n0 - 1);
  ck_assert_int_eq(err.code, 0);
  /* the prefix counts were rebuilt */
  int32_t a = D(2024, 1, 1), b = D(2024, 12, 31);
  ck_assert_int_eq(dp__calendar_workdays(&cal, a, b), brute_workdays(&cal, a, b));
}
END_TEST

START_TEST(repeated_day_last_wins) {
  dp__calendar c;
  dp__calendar_init(&c);
  ck_assert_int_eq(load_str(&c,
                            "{\"year\": 2030, \"days\": ["
                            "{\"date\": \"2030-01-01\", \"isOffDay\": false},"
                            "{\"date\": \"2030-01-05\", \"isOffDay\": false},"
                            "{\"date\": \"2030-01-01\", \"isOffDay\": true}]}",
                            NULL),
                   0);
  ck_assert(!dp__calendar_is_workday(&c, D(2030, 1, 1)));
  ck_assert(dp__calendar_is_workday(&c, D(2030, 1, 5)));
  ck_assert_uint_eq(c.n, 2);
  ck_assert(dp__calendar_covered(&c, 2030));
  dp__calendar_free(&c);
}
END_TEST

START_TEST(accepted_shapes) {
  dp__calendar c;
  dp__calendar_init(&c);
  /* no days, extra fields, a Chinese date, surrounding blanks */
  ck_assert_int_eq(load_str(&c, "{\"year\": 2040, \"days\": []}", NULL), 0);
  ck_assert(dp__calendar_covered(&c, 2040));
  ck_assert_int_eq(
      load_str(&c,
               " \n{\"year\": 2041, \"papers\": [], \"days\": [{\"name\": "
               "\"元旦\", \"date\": \"2041年1月1日\", \"isOffDay\": true}]}\n",
               NULL),
      0);
  ck_assert(!dp__calendar_is_workday(&c, D(2041, 1, 1)));
  ck_assert_uint_eq(c.n, 1);
  /* the length is respected: what follows len is not read */
  const char *t = "{\"year\": 2042, \"days\": []}garbage";
  ck_assert_int_eq(dp__calendar_load(&c, t, strlen(t) - 7, NULL, NULL), 0);
  ck_assert(dp__calendar_covered(&c, 2042));
  dp__calendar_free(&c);
}
END_TEST

START_TEST(syntax_error_position) {
  dp__calendar c;
  dp__calendar_init(&c);
  dp_error err = {0};
  const char *bad = "{\"year\": 2024,\n"
                    " \"days\": [\n"
                    "  {\"date\": \"2024-01-01\" \"isOffDay\": true}]}\n";
  ck_assert_int_eq(load_str(&c, bad, &err), DP_EJSON);
  ck_assert_int_eq(err.code, DP_EJSON);
  ck_assert_str_eq(err.source, "test.json");
  ck_assert_int_eq(err.line, 3);
  ck_assert_int_ge(err.column, 3);
  ck_assert_int_le(err.column, 25);
  ck_assert_int_gt(err.offset, 0);
  ck_assert_msg(strstr(err.text, "invalid JSON") != NULL, "%s", err.text);
  char line[512];
  dp_error_format(&err, line, sizeof line);
  ck_assert_msg(strncmp(line, "test.json:3:", 12) == 0, "%s", line);
  /* nothing was kept */
  ck_assert_uint_eq(c.n, 0);
  ck_assert(!dp__calendar_covered(&c, 2024));
  dp__calendar_free(&c);
}
END_TEST

START_TEST(syntax_errors) {
  static const char *const bad[] = {
      "",
      "   ",
      "{",
      "{\"year\": 2024, \"days\": [}",
      "{\"year\": 2024, \"days\": []} x",
      "{\"year\": 2024, \"days\": []}{}",
      "{'year': 2024}",
      "{\"year\": 2024, \"days\": [],}",
      "nul",
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    dp__calendar c;
    dp__calendar_init(&c);
    dp_error err = {0};
    ck_assert_msg(load_str(&c, bad[i], &err) == DP_EJSON, "'%s'", bad[i]);
    ck_assert_int_eq(err.code, DP_EJSON);
    ck_assert_int_eq(err.line, 1);
    ck_assert_int_ge(err.column, 1);
    ck_assert_uint_eq(c.n, 0);
    dp__calendar_free(&c);
  }
  /* the trailing text is pointed at */
  dp__calendar c;
  dp__calendar_init(&c);
  dp_error err = {0};
  ck_assert_int_eq(load_str(&c, "{\"year\": 2024, \"days\": []}\n  xyz", &err),
                   DP_EJSON);
  ck_assert_int_eq(err.line, 2);
  ck_assert_int_eq(err.column, 3);
  ck_assert_str_eq(err.text, "invalid JSON near 'xyz'");
  dp__calendar_free(&c);
}
END_TEST

/* Each malformed document gives DP_ECALENDAR and a message naming the
 * field. */
START_TEST(wrong_types) {
  static const struct {
    const char *json, *text;
  } bad[] = {
      {"[]", "top level: expected an object, found an array"},
      {"2024", "top level: expected an object, found a number"},
      {"{\"days\": []}", "year: missing"},
      {"{\"year\": \"2024\", \"days\": []}",
       "year: expected a number, found a string"},
      {"{\"year\": 2024.5, \"days\": []}", "year: invalid year '2024.5'"},
      {"{\"year\": 0, \"days\": []}", "year: invalid year '0'"},
      {"{\"year\": 10000, \"days\": []}", "year: invalid year '10000'"},
      {"{\"year\": 2024}", "days: missing"},
      {"{\"year\": 2024, \"days\": {}}",
       "days: expected an array, found an object"},
      {"{\"year\": 2024, \"days\": [1]}",
       "days[0]: expected an object, found a number"},
      {"{\"year\": 2024, \"days\": [{\"isOffDay\": true}]}",
       "days[0].date: missing"},
      {"{\"year\": 2024, \"days\": [{\"date\": 20240101, \"isOffDay\": true}]}",
       "days[0].date: expected a string, found a number"},
      {"{\"year\": 2024, \"days\": ["
       "{\"date\": \"2024-01-01\", \"isOffDay\": true},"
       "{\"date\": \"2024-02-04\", \"isOffDay\": false},"
       "{\"date\": \"2024-02-10\", \"isOffDay\": true},"
       "{\"date\": \"2024-13-01\", \"isOffDay\": true}]}",
       "days[3].date: invalid date '2024-13-01'"},
      {"{\"year\": 2024, \"days\": [{\"date\": \"2024-01-01\"}]}",
       "days[0].isOffDay: missing"},
      {"{\"year\": 2024, \"days\": [{\"date\": \"2024-01-01\", "
       "\"isOffDay\": \"true\"}]}",
       "days[0].isOffDay: expected a boolean, found a string"},
      {"{\"year\": 2024, \"days\": [{\"date\": \"2024-01-01\", "
       "\"isOffDay\": 1}]}",
       "days[0].isOffDay: expected a boolean, found a number"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    dp__calendar c;
    dp__calendar_init(&c);
    dp_error err = {0};
    ck_assert_msg(load_str(&c, bad[i].json, &err) == DP_ECALENDAR, "%s",
                  bad[i].json);
    ck_assert_int_eq(err.code, DP_ECALENDAR);
    ck_assert_str_eq(err.text, bad[i].text);
    ck_assert_str_eq(err.source, "test.json");
    ck_assert_uint_eq(c.n, 0);
    dp__calendar_free(&c);
  }
}
END_TEST

/* A bad day anywhere leaves the calendar as it was. */
START_TEST(all_or_nothing) {
  size_t n0 = cal.n;
  dp_error err = {0};
  ck_assert_int_eq(load_str(&cal,
                            "{\"year\": 2027, \"days\": ["
                            "{\"date\": \"2027-01-01\", \"isOffDay\": true},"
                            "{\"date\": \"2024-02-04\", \"isOffDay\": true},"
                            "{\"date\": \"2027-02-30\", \"isOffDay\": true}]}",
                            &err),
                   DP_ECALENDAR);
  ck_assert_str_eq(err.text, "days[2].date: invalid date '2027-02-30'");
  ck_assert_uint_eq(cal.n, n0);
  ck_assert(!dp__calendar_covered(&cal, 2027));
  ck_assert(workday(2027, 1, 1));
  ck_assert(workday(2024, 2, 4));
}
END_TEST

/* The first error is kept; NULL err and NULL text are handled. */
START_TEST(error_handling) {
  dp__calendar c;
  dp__calendar_init(&c);
  dp_error err = {0};
  ck_assert_int_eq(load_str(&c, "{", &err), DP_EJSON);
  ck_assert_int_eq(load_str(&c, "{\"days\": []}", &err), DP_ECALENDAR);
  ck_assert_int_eq(err.code, DP_EJSON); /* still the first */
  ck_assert_int_eq(load_str(&c, "{", NULL), DP_EJSON);
  ck_assert_int_eq(dp__calendar_load(&c, NULL, 5, NULL, NULL), DP_EINVAL);
  dp_error e2 = {0};
  ck_assert_int_eq(dp__calendar_load(&c, "{", 1, NULL, &e2), DP_EJSON);
  ck_assert_str_eq(e2.source, "<string>");
  ck_assert_str_eq(e2.text, "invalid JSON near '{'");
  dp_error e3 = {0};
  ck_assert_int_eq(dp__calendar_load(&c, " \n ", 3, NULL, &e3), DP_EJSON);
  ck_assert_str_eq(e3.text, "invalid JSON: unexpected end of input");
  dp_error e4 = {0};
  ck_assert_int_eq(dp__calendar_load(&c, "", 0, NULL, &e4), DP_EJSON);
  ck_assert_str_eq(e4.text, "invalid JSON: unexpected end of input");
  ck_assert_int_eq(e4.line, 1);
  ck_assert_int_eq(e4.column, 1);
  dp__calendar_free(&c);
}
END_TEST

/* An invalid date is shown escaped, never as raw control bytes. */
START_TEST(invalid_date_is_quoted) {
  dp__calendar c;
  dp__calendar_init(&c);
  dp_error err = {0};
  ck_assert_int_eq(load_str(&c,
                            "{\"year\": 2024, \"days\": [{\"date\": "
                            "\"2024-01-01\\n\", \"isOffDay\": true}]}",
                            &err),
                   DP_ECALENDAR);
  ck_assert_str_eq(err.text, "days[0].date: invalid date '2024-01-01\\n'");
  dp__calendar_free(&c);
}
END_TEST

/* ---------------------------------------------------------------------
 * The public wrappers, on an engine struct holding only a calendar
 * ------------------------------------------------------------------- */

START_TEST(engine_wrappers) {
  dp_engine e;
  memset(&e, 0, sizeof e);
  dp__calendar_init(&e.cal);
  char *path = year_path(2024);
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_load_calendar_file(&e, path, &err), 0);
  ck_assert_int_eq(err.code, 0);
  ck_assert(dp_engine_year_covered(&e, 2024));
  ck_assert(!dp_engine_year_covered(&e, 2023));
  ck_assert(dp_engine_is_workday(&e, D(2024, 2, 4)));
  ck_assert(!dp_engine_is_workday(&e, D(2024, 2, 12)));
  ck_assert_day_eq(dp_engine_next_workday(&e, D(2024, 2, 10)), D(2024, 2, 18));
  ck_assert_int_eq(dp_engine_workdays(&e, D(2024, 2, 10), D(2024, 2, 18)), 1);
  /* a string load through the engine */
  const char *y2023 = "{\"year\": 2023, \"days\": []}";
  ck_assert_int_eq(
      dp_engine_load_calendar(&e, y2023, strlen(y2023), "x", &err), 0);
  ck_assert(dp_engine_year_covered(&e, 2023));
  /* a NULL engine counts weekends only */
  ck_assert(dp_engine_is_workday(NULL, D(2024, 2, 12)));
  ck_assert(!dp_engine_year_covered(NULL, 2024));
  ck_assert_int_eq(dp_engine_load_calendar(NULL, "{}", 2, NULL, NULL),
                   DP_EINVAL);
  free(path);
  dp__calendar_free(&e.cal);
}
END_TEST

START_TEST(engine_file_errors) {
  dp_engine e;
  memset(&e, 0, sizeof e);
  dp__calendar_init(&e.cal);
  dp_error err = {0};
  const char *missing = "no/such/dir/2099.json";
  ck_assert_int_eq(dp_engine_load_calendar_file(&e, missing, &err), DP_EIO);
  ck_assert_int_eq(err.code, DP_EIO);
  ck_assert_str_eq(err.source, missing);
  ck_assert_str_eq(err.text, "cannot open: No such file or directory");
  /* one loader of files: a rule file says it the same way */
  dp_error er = {0};
  ck_assert_int_eq(dp_engine_load_file(&e, missing, &er), DP_EIO);
  ck_assert_str_eq(er.source, err.source);
  ck_assert_str_eq(er.text, err.text);
  /* a directory opens but cannot be read */
  dp_error e2 = {0};
  const char *dir = dp_test_top_srcdir();
  int rc = dp_engine_load_calendar_file(&e, dir, &e2);
  ck_assert_msg(rc == DP_EIO || rc == DP_EJSON, "rc %d", rc);
  /* a file of the wrong kind: the error names the file */
  dp_error e3 = {0};
  char *schema = dp_test_path("data/holiday-cn/LICENSE");
  ck_assert_int_eq(dp_engine_load_calendar_file(&e, schema, &e3), DP_EJSON);
  ck_assert_str_eq(e3.source, schema);
  ck_assert_int_eq(e3.line, 1);
  ck_assert_int_eq(e3.column, 1);
  free(schema);
  ck_assert_uint_eq(e.cal.n, 0);
  dp__calendar_free(&e.cal);
}
END_TEST

/* A fixed-seed generator: the same strings on every run. */
static uint32_t rng_state;
static uint32_t rng(void) {
  rng_state = rng_state * 1664525u + 1013904223u;
  return rng_state >> 8;
}

/* Two calendars from the embedded years: one with its dense table, one
 * answering by binary search only (a calendar gets its table once
 * indexed; the answers must not change). */
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

/* The n-th working day on or after a day, a day at a time: the
 * reference for dp__calendar_nth_workday. */
static int32_t walk_nth(const dp__calendar *c, int32_t day, int32_t n) {
  int32_t d = dp__calendar_next_workday(c, day);
  for (int32_t k = 1; k < n; k++) d = dp__calendar_next_workday(c, d + 1);
  return d;
}

START_TEST(nth_workday_matches_walk) {
  dp__calendar dense, plain;
  load_defaults(&dense);
  load_defaults(&plain);
  ck_assert_int_eq(dp__calendar_index(&dense), 0);
  /* from before the table to past its end, where the count runs out of
   * the table half way (250 working days is about a year) */
  int32_t from = dp_date_from_ymd(2004, 12, 20), to = dp_date_from_ymd(2027, 3, 1);
  static const int32_t ns[] = {1, 2, 3, 7, 15, 20, 250};
  for (int32_t d = from; d <= to; d++)
    for (size_t k = 0; k < sizeof ns / sizeof ns[0]; k++) {
      int32_t want = walk_nth(&plain, d, ns[k]);
      ck_assert_int_eq(dp__calendar_nth_workday(&dense, d, ns[k]), want);
      ck_assert_int_eq(dp__calendar_nth_workday(&plain, d, ns[k]), want);
    }
  /* the 7 working days after the National Day of 2023 begin on the
   * 调休 Saturday, 7 October */
  ck_assert_int_eq(
      dp__calendar_nth_workday(&dense, dp_date_from_ymd(2023, 9, 29), 1),
      dp_date_from_ymd(2023, 10, 7));
  ck_assert_int_eq(
      dp__calendar_nth_workday(&dense, dp_date_from_ymd(2023, 9, 29), 3),
      dp_date_from_ymd(2023, 10, 9));
  dp__calendar_free(&dense);
  dp__calendar_free(&plain);
}
END_TEST

START_TEST(engine_calendar_has_table) {
  /* the engine's calendar gets its table, and the public calls agree */
  dp_engine *eng = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_new(&eng, 0, &err), 0);
  ck_assert_int_gt(eng->cal.dense_days, 0);
  int32_t d = dp_date_from_ymd(2023, 9, 28); /* before the National Day */
  ck_assert_int_eq(dp_engine_next_workday(eng, dp_date_from_ymd(2023, 9, 29)),
                   dp_date_from_ymd(2023, 10, 7)); /* 调休 Saturday */
  ck_assert_int_eq(dp_engine_workdays(eng, d, d + 10), 3);
  dp_engine_free(eng);
}
END_TEST

static Suite *calendar_suite(void) {
  Suite *s = suite_create("calendar");
  TCase *tc = tcase_create("official");
  tcase_add_checked_fixture(tc, setup_all, teardown_all);
  tcase_add_test(tc, loads_all_years);
  tcase_add_test(tc, spring_festival_2024);
  tcase_add_test(tc, national_day_2023);
  tcase_add_test(tc, ordinary_days);
  tcase_add_test(tc, matches_raw_data);
  tcase_add_test(tc, neighbouring_year_days_kept);
  suite_add_tcase(s, tc);

  tc = tcase_create("count");
  tcase_add_checked_fixture(tc, setup_all, teardown_all);
  tcase_set_timeout(tc, 60); /* the brute-force loops, under valgrind */
  tcase_add_test(tc, workdays_known_range);
  tcase_add_test(tc, workdays_edges);
  tcase_add_test(tc, workdays_random_ranges);
  tcase_add_test(tc, workdays_whole_range);
  tcase_add_test(tc, next_workday);
  tcase_add_test(tc, next_workday_long_run);
  tcase_add_test(tc, empty_calendar);
  suite_add_tcase(s, tc);

  tc = tcase_create("coverage");
  tcase_add_checked_fixture(tc, setup_all, teardown_all);
  tcase_add_test(tc, year_coverage);
  tcase_add_test(tc, uncovered_year);
  suite_add_tcase(s, tc);

  tc = tcase_create("load");
  tcase_add_checked_fixture(tc, setup_all, teardown_all);
  tcase_add_test(tc, later_load_overrides);
  tcase_add_test(tc, repeated_day_last_wins);
  tcase_add_test(tc, accepted_shapes);
  tcase_add_test(tc, syntax_error_position);
  tcase_add_test(tc, syntax_errors);
  tcase_add_test(tc, wrong_types);
  tcase_add_test(tc, all_or_nothing);
  tcase_add_test(tc, error_handling);
  tcase_add_test(tc, invalid_date_is_quoted);
  suite_add_tcase(s, tc);

  tc = tcase_create("table");
  tcase_add_test(tc, calendar_table_matches_search);
  tcase_add_test(tc, nth_workday_matches_walk);
  tcase_add_test(tc, engine_calendar_has_table);
  tcase_set_timeout(tc, 120);
  suite_add_tcase(s, tc);

  tc = tcase_create("engine");
  tcase_add_test(tc, engine_wrappers);
  tcase_add_test(tc, engine_file_errors);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(calendar_suite()); }

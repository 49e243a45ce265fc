/*
 * check_date.c - dp_date_parse, an event's date slots and the day-number
 * conversions.
 */
#include "util.h"

/* Parse a NUL-terminated string; returns the code, fills day/secs. */
static int parse(const char *s, int32_t *day, int32_t *secs) {
  return dp_date_parse(s, strlen(s), day, secs);
}

/* Assert that s parses to y-m-d with the given seconds (-1: no time). */
#define ck_parses(s, y, m, d, sec)                                        \
  do {                                                                    \
    int32_t day_ = 0, secs_ = -2;                                         \
    int rc_ = parse((s), &day_, &secs_);                                  \
    ck_assert_msg(rc_ == 0, "'%s' should parse, got %d", (s), rc_);       \
    ck_assert_day_eq(day_, D((y), (m), (d)));                             \
    ck_assert_int_eq(secs_, (sec));                                       \
  } while (0)

/* Assert that s is rejected with DP_EINVAL and leaves the outputs alone. */
#define ck_rejects(s)                                                     \
  do {                                                                    \
    int32_t day_ = 12345, secs_ = 777;                                    \
    int rc_ = parse((s), &day_, &secs_);                                  \
    ck_assert_msg(rc_ == DP_EINVAL, "'%s' should be rejected, got %d",    \
                  (s), rc_);                                              \
    ck_assert_int_eq(day_, 12345);                                        \
    ck_assert_int_eq(secs_, 777);                                         \
  } while (0)

START_TEST(iso_date) {
  ck_parses("2024-02-29", 2024, 2, 29, -1);
  ck_parses("1970-01-01", 1970, 1, 1, -1);
  ck_parses("2023-12-31", 2023, 12, 31, -1);
  int32_t day;
  ck_assert_int_eq(parse("2023-01-05", &day, NULL), 0); /* secs optional */
  ck_assert_day_eq(day, D(2023, 1, 5));
}
END_TEST

START_TEST(known_day_numbers) {
  ck_assert_int_eq(D(1970, 1, 1), 0);
  ck_assert_int_eq(D(1970, 1, 2), 1);
  ck_assert_int_eq(D(1969, 12, 31), -1);
  ck_assert_int_eq(D(2000, 3, 1), 11017);
  ck_assert_int_eq(D(2024, 2, 4), 19757);
  ck_assert_int_eq(D(1, 1, 1), -719162);
  ck_assert_int_eq(D(9999, 12, 31), 2932896);
}
END_TEST

START_TEST(chinese_date) {
  ck_parses("2023年1月5日", 2023, 1, 5, -1);
  ck_parses("2023年01月05日", 2023, 1, 5, -1);
  ck_parses("2023年12月31日", 2023, 12, 31, -1);
  ck_parses("2024年2月29日", 2024, 2, 29, -1);
}
END_TEST

START_TEST(chinese_date_bad) {
  ck_rejects("2023年13月1日");
  ck_rejects("2023年2月30日");
  ck_rejects("2023年2月29日");
  ck_rejects("2023年0月10日");
  ck_rejects("2023年1月5");     /* no 日 */
  ck_rejects("2023年1月5日 ");  /* trailing blank */
  ck_rejects("2023年123月1日"); /* three-digit month */
  ck_rejects("2023年1月123日");
  ck_rejects("2023年月5日");
  ck_rejects("23年1月5日");
  ck_rejects("２０２３年１月５日"); /* full-width digits */
  ck_rejects("2023年1月5日10:00");  /* a time needs 'T' or a space */
  ck_rejects("2023年1月5日 10时");
}
END_TEST

START_TEST(date_time) {
  ck_parses("2022-06-16T18:15:47", 2022, 6, 16, 18 * 3600 + 15 * 60 + 47);
  ck_parses("2022-06-16 18:15:47", 2022, 6, 16, 65747);
  ck_parses("2022-06-16T18:15", 2022, 6, 16, 65700);
  ck_parses("2022-06-16T00:00:00", 2022, 6, 16, 0);
  ck_parses("2022-06-16T23:59:59", 2022, 6, 16, 86399);
  ck_parses("2022-06-16T18:15:47.123", 2022, 6, 16, 65747);
  ck_parses("2022-06-16T18:15:47.5Z", 2022, 6, 16, 65747);
  ck_parses("2022-06-16T18:15:47Z", 2022, 6, 16, 65747);
  ck_parses("2022-06-16T18:15:47+08:00", 2022, 6, 16, 65747);
  ck_parses("2022-06-16T18:15:47-05:30", 2022, 6, 16, 65747);
  ck_parses("2022-06-16T18:15:47+0800", 2022, 6, 16, 65747);
  ck_parses("2022-06-16 18:15+08:00", 2022, 6, 16, 65700);
}
END_TEST

START_TEST(date_time_bad) {
  ck_rejects("2022-06-16T");
  ck_rejects("2022-06-16 ");
  ck_rejects("2022-06-16T18");
  ck_rejects("2022-06-16T18:1");
  ck_rejects("2022-06-16T24:00");
  ck_rejects("2022-06-16T18:60");
  ck_rejects("2022-06-16T18:15:60");
  ck_rejects("2022-06-16T18:15:47.");
  ck_rejects("2022-06-16T18:15:47Zx");
  ck_rejects("2022-06-16T18:15:47+8:00");
  ck_rejects("2022-06-16T18:15:47+08:");
  ck_rejects("2022-06-16T18:15:47+08:61");
  ck_rejects("2022-06-16T18:15:47 ");
  ck_rejects("2022-06-16t18:15:47");
  ck_rejects("2022-06-16  18:15:47");
  ck_rejects("2022-06-16 :15:47");
  ck_rejects("2022-06-16T123:15");
  ck_rejects("2022-02-30T10:00:00"); /* the date is still checked */
}
END_TEST

START_TEST(impossible_dates) {
  ck_rejects("2023-02-30");
  ck_rejects("2023-04-31");
  ck_rejects("2023-13-01");
  ck_rejects("2023-00-10");
  ck_rejects("2023-01-00");
  ck_rejects("2023-01-32");
  ck_rejects("2023-99-99");
}
END_TEST

START_TEST(leap_years) {
  ck_rejects("2023-02-29");
  ck_parses("2024-02-29", 2024, 2, 29, -1);
  ck_rejects("1900-02-29"); /* divisible by 100 */
  ck_parses("2000-02-29", 2000, 2, 29, -1); /* divisible by 400 */
  ck_rejects("2100-02-29");
  ck_assert_int_eq(D(2023, 2, 29), DP_NO_DATE);
  ck_assert_int_eq(D(2024, 3, 1) - D(2024, 2, 28), 2);
  ck_assert_int_eq(D(2023, 3, 1) - D(2023, 2, 28), 1);
}
END_TEST

START_TEST(year_range) {
  ck_rejects("0000-01-01");
  ck_rejects("99999-01-01");
  ck_rejects("10000-01-01");
  ck_rejects("-001-01-01");
  ck_rejects("+2023-01-01");
  ck_parses("0001-01-01", 1, 1, 1, -1);
  ck_parses("9999-12-31", 9999, 12, 31, -1);
  ck_rejects("0000年1月1日");
}
END_TEST

/* records.md §8.7: the forms spreadsheets write. */
START_TEST(spreadsheet_forms) {
  ck_parses("2023-4-5", 2023, 4, 5, -1);
  ck_parses("2023-04-5", 2023, 4, 5, -1);
  ck_parses("2023-4-05", 2023, 4, 5, -1);
  ck_parses("2023/4/20", 2023, 4, 20, -1);
  ck_parses("2023/04/20", 2023, 4, 20, -1);
  ck_parses("2023.4.20", 2023, 4, 20, -1);
  ck_parses("2023.12.31", 2023, 12, 31, -1);
  ck_parses("2024/2/29", 2024, 2, 29, -1);
  ck_parses("1900/3/1", 1900, 3, 1, -1);
  ck_parses("9999/12/31", 9999, 12, 31, -1);
  ck_parses("0001.1.1", 1, 1, 1, -1);
}
END_TEST

START_TEST(spreadsheet_forms_with_time) {
  ck_parses("2023/04/20 0:00", 2023, 4, 20, 0);
  ck_parses("2023/4/20 9:05", 2023, 4, 20, 9 * 3600 + 5 * 60);
  ck_parses("2023-04-20 10:00:00", 2023, 4, 20, 36000);
  ck_parses("2023-4-20T10:00", 2023, 4, 20, 36000);
  ck_parses("2023.4.20 23:59:59", 2023, 4, 20, 86399);
  ck_parses("2023年4月20日 10:00", 2023, 4, 20, 36000);
  ck_parses("2023年4月20日T8:30:15", 2023, 4, 20, 8 * 3600 + 30 * 60 + 15);
  ck_parses("2022-06-16T18:15:47", 2022, 6, 16, 65747);
  ck_parses("2023/4/20 10:00:00.5+08:00", 2023, 4, 20, 36000);
}
END_TEST

START_TEST(spreadsheet_forms_bad) {
  ck_rejects("2023-001-05"); /* three-digit month */
  ck_rejects("2023/1/123");
  ck_rejects("23-01-05");    /* two-digit year */
  ck_rejects("23/1/5");
  ck_rejects("20230105");    /* no separators */
  ck_rejects("2023/01-05");  /* separators that differ */
  ck_rejects("2023-01/05");
  ck_rejects("2023.01/05");
  ck_rejects("2023//01");
  ck_rejects("2023/1/");
  ck_rejects("2023/1");
  ck_rejects("2023/");
  ck_rejects("2023");
  ck_rejects("2023\\1\\5");
  ck_rejects("2023 1 5");
  ck_rejects("2023-1-5日");
  ck_rejects("4/20/2023");   /* month first: ambiguous, not a form */
  ck_rejects("20/4/2023");
  ck_rejects("2023/4/20 0");
  ck_rejects("2023/4/20 0:0");
  ck_rejects("2023/4/20 123:00");
  ck_rejects("2023/4/20 24:00");
  ck_rejects("2023/4/20 10:00 AM");
  ck_rejects("2023/4/20  10:00"); /* two spaces */
  ck_rejects("2023/4/20 ");
  ck_rejects("2023/4/20T");
}
END_TEST

/* Impossible calendar dates stay malformed in every form. */
START_TEST(spreadsheet_forms_impossible) {
  static const char *const bad[] = {
      "2023/2/29",  "2023.2.29", "2023-2-29", "2023年2月29日",
      "2023/4/31",  "2023/13/1", "2023/0/1",  "2023/1/0",
      "2023/1/32",  "1900/2/29", "2100.2.29", "0000/1/1",
      "2023/2/30 10:00", "2023.4.31T10:00", "2023年4月31日 10:00"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
    ck_rejects(bad[i]);
}
END_TEST

/* Every day of 1899-2160 in each form gives the day YYYY-MM-DD gives. */
START_TEST(forms_agree) {
  char b[4][48];
  for (int32_t d = D(1899, 1, 1); d <= D(2160, 12, 31); d++) {
    int y, m, md;
    dp_date_to_ymd(d, &y, &m, &md);
    snprintf(b[0], sizeof b[0], "%04d-%d-%d", y, m, md);
    snprintf(b[1], sizeof b[1], "%04d/%02d/%d", y, m, md);
    snprintf(b[2], sizeof b[2], "%04d.%d.%02d 7:08", y, m, md);
    snprintf(b[3], sizeof b[3], "%04d年%d月%d日", y, m, md);
    for (int k = 0; k < 4; k++) {
      int32_t got = 0, secs = 0;
      if (parse(b[k], &got, &secs) != 0 || got != d ||
          secs != (k == 2 ? 7 * 3600 + 8 * 60 : -1))
        ck_abort_msg("'%s': %ld, want %ld", b[k], (long)got, (long)d);
    }
  }
}
END_TEST

/* Spreadsheet serial dates: not dates, but recognised for the message. */
START_TEST(serial_dates) {
  int32_t day = 0;
  /* Excel: serial 45000 is 2023-03-15 (=DATE(2023,3,15) gives 45000) */
  ck_assert_int_eq(dp__date_serial("45000", 5, &day), 1);
  ck_assert_day_eq(day, D(2023, 3, 15));
  ck_assert_int_eq(dp__date_serial("44927", 5, &day), 1); /* 2023-01-01 */
  ck_assert_day_eq(day, D(2023, 1, 1));
  ck_assert_int_eq(dp__date_serial("36526", 5, &day), 1); /* 2000-01-01 */
  ck_assert_day_eq(day, D(2000, 1, 1));
  ck_assert_int_eq(dp__date_serial("10000", 5, &day), 1);
  ck_assert_day_eq(day, D(1927, 5, 18));
  ck_assert_int_eq(dp__date_serial("99999", 5, &day), 1);
  ck_assert_day_eq(day, D(2173, 10, 13));
  ck_assert_int_eq(dp__date_serial("45000.5", 7, &day), 1); /* noon */
  ck_assert_day_eq(day, D(2023, 3, 15));
  ck_assert_int_eq(dp__date_serial("45000.0", 7, NULL), 1);
  /* not serials */
  static const char *const no[] = {"4500",   "450000", "45000.", "45000x",
                                   "4500a",  " 45000", "45000 ", "-4500",
                                   "45,000", "4.5e4",  "",       "00060"};
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    ck_assert_msg(dp__date_serial(no[i], strlen(no[i]), &day) == 0,
                  "'%s' is not a serial date", no[i]);
  ck_assert_int_eq(dp__date_serial(NULL, 5, &day), 0);
  ck_assert_int_eq(dp__date_serial("45000", 4, &day), 0); /* the length */
  /* and none of them parses as a date */
  ck_rejects("45000");
  ck_rejects("45000.5");
}
END_TEST


START_TEST(whitespace_and_garbage) {
  ck_rejects("");
  ck_rejects(" ");
  ck_rejects(" 2023-01-05");
  ck_rejects("2023-01-05 ");
  ck_rejects("2023-01-05\n");
  ck_rejects("\t2023-01-05");
  ck_rejects("2023-01-05x");
  ck_rejects("2023-01-05-");
  ck_rejects("x2023-01-05");
  ck_rejects("2023-01-05日");
  ck_rejects("2023年1月5日x");
  ck_rejects("yesterday");
}
END_TEST

START_TEST(length_is_respected) {
  const char *s = "2023-01-05XYZ";
  int32_t day = 0, secs = 0;
  ck_assert_int_eq(dp_date_parse(s, 10, &day, &secs), 0);
  ck_assert_day_eq(day, D(2023, 1, 5));
  ck_assert_int_eq(secs, -1);
  ck_assert_int_eq(dp_date_parse(s, 9, &day, &secs), DP_EINVAL);
  ck_assert_int_eq(dp_date_parse(s, 11, &day, &secs), DP_EINVAL);
  ck_assert_int_eq(dp_date_parse(s, 0, &day, &secs), DP_EINVAL);
  /* an embedded NUL is not an end */
  const char nul[] = "2023-01-05\0";
  ck_assert_int_eq(dp_date_parse(nul, sizeof nul - 1, &day, NULL), DP_EINVAL);
  /* a Chinese date cut inside a multi-byte character */
  const char *zh = "2023年1月5日";
  ck_assert_int_eq(dp_date_parse(zh, strlen(zh) - 1, &day, NULL), DP_EINVAL);
}
END_TEST

START_TEST(null_arguments) {
  int32_t day;
  ck_assert_int_eq(dp_date_parse(NULL, 10, &day, NULL), DP_EINVAL);
  ck_assert_int_eq(dp_date_parse("2023-01-05", 10, NULL, NULL), DP_EINVAL);
}
END_TEST

START_TEST(from_ymd_invalid) {
  ck_assert_int_eq(D(2023, 13, 1), DP_NO_DATE);
  ck_assert_int_eq(D(2023, 0, 1), DP_NO_DATE);
  ck_assert_int_eq(D(2023, 1, 0), DP_NO_DATE);
  ck_assert_int_eq(D(2023, 1, 32), DP_NO_DATE);
  ck_assert_int_eq(D(2023, 4, 31), DP_NO_DATE);
  ck_assert_int_eq(D(0, 1, 1), DP_NO_DATE);
  ck_assert_int_eq(D(-5, 1, 1), DP_NO_DATE);
  ck_assert_int_eq(D(10000, 1, 1), DP_NO_DATE);
}
END_TEST

START_TEST(to_ymd_round_trip) {
  /* plain checks in the loops: every ck_assert marks a point, which is
   * slow in fork mode */
  int32_t prev = D(1599, 12, 31);
  for (int32_t d = D(1600, 1, 1); d <= D(2400, 12, 31); d++) {
    int y, m, md;
    dp_date_to_ymd(d, &y, &m, &md);
    if (D(y, m, md) != d || d != prev + 1)
      ck_abort_msg("day %ld gives %04d-%02d-%02d", (long)d, y, m, md);
    prev = d;
  }
  int y = 0;
  dp_date_to_ymd(D(2024, 2, 29), &y, NULL, NULL); /* NULLs allowed */
  ck_assert_int_eq(y, 2024);
  dp_date_to_ymd(0, NULL, NULL, NULL);
}
END_TEST

START_TEST(weekday) {
  ck_assert_int_eq(dp_date_weekday(D(1970, 1, 1)), 3);  /* Thursday */
  ck_assert_int_eq(dp_date_weekday(D(1969, 12, 31)), 2); /* Wednesday */
  ck_assert_int_eq(dp_date_weekday(D(2000, 1, 1)), 5);  /* Saturday */
  ck_assert_int_eq(dp_date_weekday(D(2024, 2, 4)), 6);  /* Sunday */
  ck_assert_int_eq(dp_date_weekday(D(2024, 2, 12)), 0); /* Monday */
  ck_assert_int_eq(dp_date_weekday(D(2023, 10, 7)), 5); /* Saturday */
  ck_assert_int_eq(dp_date_weekday(D(1, 1, 1)), 0);     /* Monday */
  ck_assert_int_eq(dp_date_weekday(D(9999, 12, 31)), 4); /* Friday */
  for (int32_t d = D(1900, 1, 1); d < D(1901, 1, 1); d++)
    if (dp_date_weekday(d + 1) != (dp_date_weekday(d) + 1) % 7)
      ck_abort_msg("weekday of day %ld", (long)d);
}
END_TEST

START_TEST(format) {
  char buf[11];
  ck_assert_ptr_eq(dp_date_format(D(2024, 2, 4), buf), buf);
  ck_assert_str_eq(buf, "2024-02-04");
  ck_assert_str_eq(dp_date_format(D(1, 1, 1), buf), "0001-01-01");
  ck_assert_str_eq(dp_date_format(D(9999, 12, 31), buf), "9999-12-31");
  ck_assert_str_eq(dp_date_format(D(1969, 12, 31), buf), "1969-12-31");
  /* out of range keeps its length */
  ck_assert_str_eq(dp_date_format(D(1, 1, 1) - 1, buf), "0000-00-00");
  ck_assert_str_eq(dp_date_format(D(9999, 12, 31) + 1, buf), "0000-00-00");
  ck_assert_str_eq(dp_date_format(DP_NO_DATE, buf), "0000-00-00");
  ck_assert_str_eq(dp_date_format(INT32_MAX, buf), "0000-00-00");
}
END_TEST

START_TEST(format_parse_round_trip) {
  char buf[11];
  for (int32_t d = D(1, 1, 1); d <= D(9999, 12, 31); d += 37) {
    int32_t back = 0, secs = 0;
    dp_date_format(d, buf);
    if (strlen(buf) != 10 || dp_date_parse(buf, 10, &back, &secs) != 0 ||
        back != d || secs != -1)
      ck_abort_msg("day %ld formats as '%s', reads back as %ld", (long)d,
                   buf, (long)back);
  }
}
END_TEST

START_TEST(date_table_walk) {
  /* every day 1890-2170 is the day before plus one, and dp_date_to_ymd
   * gives it back */
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

START_TEST(date_parse_common_form) {
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
  /* a time, and the Chinese form */
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

/* dp__event_date (an event's date slot) against dp_date_parse over every
 * day of 1890-2170 written YYYY-MM-DD, every month 00-19 and day 00-39 of years about the leap rules, and each
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

static Suite *date_suite(void) {
  Suite *s = suite_create("date");
  TCase *tc = tcase_create("parse");
  tcase_add_test(tc, iso_date);
  tcase_add_test(tc, chinese_date);
  tcase_add_test(tc, chinese_date_bad);
  tcase_add_test(tc, date_time);
  tcase_add_test(tc, date_time_bad);
  tcase_add_test(tc, impossible_dates);
  tcase_add_test(tc, leap_years);
  tcase_add_test(tc, year_range);
  tcase_add_test(tc, spreadsheet_forms);
  tcase_add_test(tc, spreadsheet_forms_with_time);
  tcase_add_test(tc, spreadsheet_forms_bad);
  tcase_add_test(tc, spreadsheet_forms_impossible);
  tcase_add_test(tc, forms_agree);
  tcase_add_test(tc, serial_dates);
  tcase_add_test(tc, whitespace_and_garbage);
  tcase_add_test(tc, length_is_respected);
  tcase_add_test(tc, null_arguments);
  suite_add_tcase(s, tc);

  tc = tcase_create("walk");
  tcase_add_test(tc, date_table_walk);
  tcase_add_test(tc, date_parse_common_form);
  tcase_add_test(tc, event_date_matches_parse);
  tcase_set_timeout(tc, 120); /* long loops, under valgrind */
  suite_add_tcase(s, tc);

  tc = tcase_create("convert");
  tcase_set_timeout(tc, 60); /* long loops, under valgrind */
  tcase_add_test(tc, known_day_numbers);
  tcase_add_test(tc, from_ymd_invalid);
  tcase_add_test(tc, to_ymd_round_trip);
  tcase_add_test(tc, weekday);
  tcase_add_test(tc, format);
  tcase_add_test(tc, format_parse_round_trip);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(date_suite()); }

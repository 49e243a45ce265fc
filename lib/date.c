/*
 * date.c - civil dates as day numbers (days since 1970-01-01).
 *
 * The conversions are Howard Hinnant's days_from_civil / civil_from_days
 * (http://howardhinnant.github.io/date_algorithms.html), on the proleptic
 * Gregorian calendar.  Only years 0001-9999 are valid dates.
 */
#include "dp-private.h"

#include <stdio.h>
#include <string.h>

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
  static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

static int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;                                 /* [0, 399] */
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* [0, 146096] */
  return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *py, int *pm, int *pd) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;                                  /* [0, 146096] */
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* [0, 365] */
  int64_t mp = (5 * doy + 2) / 153;                      /* [0, 11] */
  *pd = (int)(doy - (153 * mp + 2) / 5 + 1);
  *pm = (int)(mp < 10 ? mp + 3 : mp - 9);
  *py = y + (*pm <= 2);
}

int32_t dp_date_from_ymd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month))
    return DP_NO_DATE;
  return (int32_t)days_from_civil(year, month, day);
}

void dp_date_to_ymd(int32_t day, int *year, int *month, int *mday) {
  int64_t y;
  int m, d;
  civil_from_days(day, &y, &m, &d);
  if (year)
    *year = (int)y;
  if (month)
    *month = m;
  if (mday)
    *mday = d;
}

/* Days outside 0001-01-01..9999-12-31 print as "0000-00-00" (not a date),
 * which keeps the promised length of 10 characters. */
char *dp_date_format(int32_t day, char *buf) {
  int y, m, d;
  dp_date_to_ymd(day, &y, &m, &d);
  if (y < 1 || y > 9999) {
    memcpy(buf, "0000-00-00", 11);
    return buf;
  }
  /* by hand rather than snprintf: a fixed form, written once per date
   * quoted, needs no format string */
  buf[0] = (char)('0' + y / 1000);
  buf[1] = (char)('0' + y / 100 % 10);
  buf[2] = (char)('0' + y / 10 % 10);
  buf[3] = (char)('0' + y % 10);
  buf[4] = '-';
  buf[5] = (char)('0' + m / 10);
  buf[6] = (char)('0' + m % 10);
  buf[7] = '-';
  buf[8] = (char)('0' + d / 10);
  buf[9] = (char)('0' + d % 10);
  buf[10] = '\0';
  return buf;
}

int dp_date_weekday(int32_t day) {
  /* 1970-01-01 was a Thursday (3) */
  int64_t w = ((int64_t)day + 3) % 7;
  return (int)(w < 0 ? w + 7 : w);
}

/* ---------------------------------------------------------------------
 * Parsing
 *
 * One parser, parse_date, for every place a date is read: dp_date_parse
 * and dp__event_date (each date field of each event) both call it.  The
 * forms are those of records.md §8.7:
 *
 *   YYYY-M-D   YYYY/M/D   YYYY.M.D   (month and day of one or two digits,
 *                                     the same separator twice)
 *   YYYY年M月D日
 *
 * each optionally followed by a time: 'T' or one space, then
 * H:MM[:SS[.frac]] (hour of one or two digits) and an optional zone
 * (Z, ±HH:MM, ±HHMM, ±HH), which is checked and ignored.
 * ------------------------------------------------------------------- */

typedef struct {
  const char *p, *end;
} scan;

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Exactly n digits. */
static int digits(scan *s, int n, int *out) {
  int v = 0;
  if (s->end - s->p < n)
    return 0;
  for (int i = 0; i < n; i++) {
    if (!is_digit(s->p[i]))
      return 0;
    v = v * 10 + (s->p[i] - '0');
  }
  s->p += n;
  *out = v;
  return 1;
}

/* One or two digits. */
static int digits12(scan *s, int *out) {
  if (s->p >= s->end || !is_digit(s->p[0]))
    return 0;
  int v = s->p[0] - '0';
  s->p++;
  if (s->p < s->end && is_digit(s->p[0])) {
    v = v * 10 + (s->p[0] - '0');
    s->p++;
  }
  *out = v;
  return 1;
}

static int lit(scan *s, const char *t) {
  size_t n = strlen(t);
  if ((size_t)(s->end - s->p) < n || memcmp(s->p, t, n) != 0)
    return 0;
  s->p += n;
  return 1;
}

/* `H:MM[:SS[.frac]][Z|±HH:MM|±HHMM|±HH]` to the end of the text.  The
 * fraction and the zone are checked, then ignored. */
static int parse_time(scan *s, int32_t *secs) {
  int h, m, sec = 0;
  if (!digits12(s, &h) || !lit(s, ":") || !digits(s, 2, &m))
    return 0;
  if (h > 23 || m > 59)
    return 0;
  if (lit(s, ":")) {
    if (!digits(s, 2, &sec) || sec > 59)
      return 0;
    if (lit(s, ".") || lit(s, ",")) {
      const char *f = s->p;
      while (s->p < s->end && is_digit(s->p[0]))
        s->p++;
      if (s->p == f)
        return 0;
    }
  }
  if (s->p < s->end) {
    if (lit(s, "Z")) {
      /* UTC */
    } else if (lit(s, "+") || lit(s, "-")) {
      /* ±HH:MM, ±HHMM or ±HH */
      int zh, zm = 0;
      if (!digits(s, 2, &zh) || zh > 23)
        return 0;
      if (s->p < s->end) {
        lit(s, ":");
        if (!digits(s, 2, &zm) || zm > 59)
          return 0;
      }
    } else {
      return 0;
    }
  }
  if (s->p != s->end)
    return 0;
  *secs = (int32_t)(h * 3600 + m * 60 + sec);
  return 1;
}

/* The date parser: text[0..len) to 0 with *day and *secs (-1: no time),
 * or DP_EINVAL (nothing written). */
static int parse_date(const char *text, size_t len, int32_t *day,
                      int32_t *secs) {
  scan s = {text, text + len};
  int y, m, d;
  int32_t t = -1;
  if (!digits(&s, 4, &y))
    return DP_EINVAL;
  if (s.p < s.end && (*s.p == '-' || *s.p == '/' || *s.p == '.')) {
    /* YYYY-M-D, YYYY/M/D, YYYY.M.D: one separator, twice */
    char sep = *s.p++;
    if (!digits12(&s, &m) || s.p >= s.end || *s.p++ != sep ||
        !digits12(&s, &d))
      return DP_EINVAL;
  } else if (lit(&s, "\xE5\xB9\xB4")) { /* 年 */
    if (!digits12(&s, &m) || !lit(&s, "\xE6\x9C\x88") || /* 月 */
        !digits12(&s, &d) || !lit(&s, "\xE6\x97\xA5"))   /* 日 */
      return DP_EINVAL;
  } else {
    return DP_EINVAL;
  }
  if (s.p < s.end) {
    /* a time after 'T' or one space */
    if (!lit(&s, "T") && !lit(&s, " "))
      return DP_EINVAL;
    if (!parse_time(&s, &t))
      return DP_EINVAL;
  }
  int32_t n = dp_date_from_ymd(y, m, d);
  if (n == DP_NO_DATE)
    return DP_EINVAL;
  *day = n;
  *secs = t;
  return 0;
}

void dp__event_date(dp__event *ev, int k, const char *v) {
  int32_t d = DP_NO_DATE, s = -1;
  uint8_t st = DP__D_ABSENT;
  if (v) {
    if (parse_date(v, strlen(v), &d, &s) == 0) {
      st = DP__D_OK;
    } else {
      st = DP__D_BAD;
      d = DP_NO_DATE;
      s = -1;
    }
  }
  ev->dstate[k] = st;
  ev->day[k] = d;
  ev->secs[k] = s;
}

int dp_date_parse(const char *text, size_t len, int32_t *day, int32_t *secs) {
  if (!text || !day || len == SIZE_MAX)
    return DP_EINVAL;
  int32_t d, t;
  int rc = parse_date(text, len, &d, &t);
  if (rc)
    return rc;
  *day = d;
  if (secs)
    *secs = t;
  return 0;
}

/* ---------------------------------------------------------------------
 * Spreadsheet serial dates
 *
 * A spreadsheet (Excel, WPS, LibreOffice) keeps a date as a number of
 * days, and a cell exported without its date format shows that number:
 * 45000 for 2023-03-15.  Excel's day 1 is 1900-01-01 and its day 60 the
 * 1900-02-29 that never was (Lotus 1-2-3's leap-year bug, kept), so from
 * day 61 on, serial n is 1899-12-30 plus n days.  Five digits are days
 * 10000-99999: 1927-05-18 to 2173-10-13.
 * ------------------------------------------------------------------- */

int dp__date_serial(const char *text, size_t len, int32_t *day) {
  if (!text || len < 5)
    return 0;
  int n = 0;
  for (int i = 0; i < 5; i++) {
    if (!is_digit(text[i]))
      return 0;
    n = n * 10 + (text[i] - '0');
  }
  /* a fraction is the time of day: 45000.5, or 45000.0 from a float */
  if (len > 5) {
    if (text[5] != '.' || len == 6)
      return 0;
    for (size_t i = 6; i < len; i++)
      if (!is_digit(text[i]))
        return 0;
  }
  if (n < 61) /* before 1900-03-01 (and 00000): not the rule below */
    return 0;
  /* 1899-12-30 is day -25569 */
  if (day)
    *day = (int32_t)(n - 25569);
  return 1;
}

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

/* Day numbers of 1 January 1900-2155, the years of filed records (made
 * by days_from_civil; check_date walks every day of them against
 * dp_date_to_ymd's arithmetic), and of 2156, which ends 2155: a year's
 * length is the difference of two entries.  Other years take the
 * arithmetic. */
#define YT_FIRST 1900
#define YT_COUNT 256
static const int32_t year_start[YT_COUNT + 1] = {
    -25567, -25202, -24837, -24472, -24107, -23741, -23376, -23011,
    -22646, -22280, -21915, -21550, -21185, -20819, -20454, -20089,
    -19724, -19358, -18993, -18628, -18263, -17897, -17532, -17167,
    -16802, -16436, -16071, -15706, -15341, -14975, -14610, -14245,
    -13880, -13514, -13149, -12784, -12419, -12053, -11688, -11323,
    -10958, -10592, -10227, -9862, -9497, -9131, -8766, -8401,
    -8036, -7670, -7305, -6940, -6575, -6209, -5844, -5479,
    -5114, -4748, -4383, -4018, -3653, -3287, -2922, -2557,
    -2192, -1826, -1461, -1096, -731, -365, 0, 365,
    730, 1096, 1461, 1826, 2191, 2557, 2922, 3287,
    3652, 4018, 4383, 4748, 5113, 5479, 5844, 6209,
    6574, 6940, 7305, 7670, 8035, 8401, 8766, 9131,
    9496, 9862, 10227, 10592, 10957, 11323, 11688, 12053,
    12418, 12784, 13149, 13514, 13879, 14245, 14610, 14975,
    15340, 15706, 16071, 16436, 16801, 17167, 17532, 17897,
    18262, 18628, 18993, 19358, 19723, 20089, 20454, 20819,
    21184, 21550, 21915, 22280, 22645, 23011, 23376, 23741,
    24106, 24472, 24837, 25202, 25567, 25933, 26298, 26663,
    27028, 27394, 27759, 28124, 28489, 28855, 29220, 29585,
    29950, 30316, 30681, 31046, 31411, 31777, 32142, 32507,
    32872, 33238, 33603, 33968, 34333, 34699, 35064, 35429,
    35794, 36160, 36525, 36890, 37255, 37621, 37986, 38351,
    38716, 39082, 39447, 39812, 40177, 40543, 40908, 41273,
    41638, 42004, 42369, 42734, 43099, 43465, 43830, 44195,
    44560, 44926, 45291, 45656, 46021, 46387, 46752, 47117,
    47482, 47847, 48212, 48577, 48942, 49308, 49673, 50038,
    50403, 50769, 51134, 51499, 51864, 52230, 52595, 52960,
    53325, 53691, 54056, 54421, 54786, 55152, 55517, 55882,
    56247, 56613, 56978, 57343, 57708, 58074, 58439, 58804,
    59169, 59535, 59900, 60265, 60630, 60996, 61361, 61726,
    62091, 62457, 62822, 63187, 63552, 63918, 64283, 64648,
    65013, 65379, 65744, 66109, 66474, 66840, 67205, 67570,
    67935,
};

/* Days before each month in a common year (row 0) and a leap year (row
 * 1). */
static const int16_t month_before[2][12] = {
    {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334},
    {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335}};

/* The same with each month's length, for parse_date's first branch: one
 * index, one row for both. */
static const struct {
  int16_t before;
  uint16_t len;
} months[2 * 12] = {
    {0, 31},   {31, 28},  {59, 31},  {90, 30},  {120, 31}, {151, 30},
    {181, 31}, {212, 31}, {243, 30}, {273, 31}, {304, 30}, {334, 31},
    {0, 31},   {31, 29},  {60, 31},  {91, 30},  {121, 31}, {152, 30},
    {182, 31}, {213, 31}, {244, 30}, {274, 31}, {305, 30}, {335, 31}};

int32_t dp_date_from_ymd(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month))
    return DP_NO_DATE;
  unsigned yi = (unsigned)(year - YT_FIRST);
  if (yi < YT_COUNT)
    return year_start[yi] + month_before[is_leap(year)][month - 1] + day - 1;
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
  /* by hand: snprintf costs ten times as much, once per date quoted */
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
 * and dp__event_date (each date field of each event) both call it.  Its
 * first branch is the common form, YYYY-MM-DD of the table's years and
 * nothing after it, in straight-line code; everything else goes on to the
 * forms of records.md §8.7:
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

/* The forms other than the first branch's, in text[0..len). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int parse_date_forms(const char *text, size_t len, int32_t *day,
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

/* The date parser: 0 with *day and *secs (-1: no time), or DP_EINVAL
 * (nothing written).  len SIZE_MAX: text is NUL-terminated, and the
 * first branch reads no further than its NUL. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int parse_date(const char *text, size_t len, int32_t *day,
                             int32_t *secs) {
  /* The first branch: a valid YYYY-MM-DD of the table's years and nothing
   * after it, with no call.  Each byte is checked before the next is read
   * (a NUL-terminated text may be shorter than ten bytes); a digit's
   * value is kept in an unsigned int, where a byte below '0' wraps above
   * 9. */
  const unsigned char *u = (const unsigned char *)text;
  unsigned y, m, d, c;
  if (len < 10 || (y = u[0] - 48u) > 9 || (c = u[1] - 48u) > 9) goto forms;
  y = y * 10 + c;
  if ((c = u[2] - 48u) > 9) goto forms;
  y = y * 10 + c;
  if ((c = u[3] - 48u) > 9) goto forms;
  y = y * 10 + c - YT_FIRST; /* the year's index in year_start */
  if (u[4] != '-' || (m = u[5] - 48u) > 9 || (c = u[6] - 48u) > 9)
    goto forms;
  m = m * 10 + c - 1; /* from 0 */
  if (u[7] != '-' || (d = u[8] - 48u) > 9 || (c = u[9] - 48u) > 9 ||
      (len == SIZE_MAX ? u[10] != '\0' : len != 10))
    goto forms;
  d = d * 10 + c - 1; /* from 0 */
  if (y < YT_COUNT && m < 12) {
    int32_t start = year_start[y];
    unsigned leap = (unsigned)(year_start[y + 1] - start - 365);
    unsigned i = leap * 12 + m;
    if (d < months[i].len) {
      *day = start + months[i].before + (int32_t)d;
      *secs = -1;
      return 0;
    }
  }
forms:
  if (len == SIZE_MAX)
    len = strlen(text);
  return parse_date_forms(text, len, day, secs);
}

void dp__event_date(dp__event *ev, int k, const char *v) {
  int32_t d = DP_NO_DATE, s = -1;
  uint8_t st = DP__D_ABSENT;
  if (v) {
    if (parse_date(v, SIZE_MAX, &d, &s) == 0) {
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

/*
 * fuzz_date.c - date text → dp_date_parse, and what follows from a day
 * number: the civil date, formatting, the weekday and the working-day
 * calendar.  A date that parses must come back the same through
 * dp_date_format / dp_date_parse.
 */
#include "fuzz_common.h"

#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dp_engine *e = fuzz_engine();
  int32_t day = 0, secs = 0;
  int rc = dp_date_parse((const char *)data, size, &day, &secs);
  if (rc != 0) {
    if (rc != DP_EINVAL) abort();
    return 0;
  }
  if (day == DP_NO_DATE) abort();
  if (secs < -1 || secs >= 86400 + 1) abort(); /* 24:00 / leap second */
  int y, m, d;
  dp_date_to_ymd(day, &y, &m, &d);
  if (dp_date_from_ymd(y, m, d) != day) abort();
  char buf[32];
  dp_date_format(day, buf);
  int32_t again = 0;
  if (y >= 1 && y <= 9999) {
    if (dp_date_parse(buf, strlen(buf), &again, NULL) != 0 || again != day)
      abort();
  }
  int wd = dp_date_weekday(day);
  if (wd < 0 || wd > 6) abort();
  int wk = dp_engine_is_workday(e, day);
  if (wk != 0 && wk != 1) abort();
  int32_t nx = dp_engine_next_workday(e, day);
  if (nx < day && nx != DP_NO_DATE) abort();
  int32_t span = (int32_t)(size * 37 % 4000);
  int32_t n = dp_engine_workdays(e, day, day + span);
  if (n < 0 || n > span + 1) abort();
  (void)dp_engine_year_covered(e, y);
  return 0;
}

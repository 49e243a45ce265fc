/*
 * calendar.c - the working-day calendar (工作日) and its holiday-cn loader.
 *
 * A day is a working day when it is a weekday (Monday-Friday), unless the
 * calendar lists it as an official rest day; a weekend day is a rest day
 * unless the calendar lists it as an adjusted working day (调休上班).  Only
 * the exceptions are stored (see dp__calendar in dp-private.h).
 */
#include "dp-private.h"

#include "dp-json.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dp__calendar_init(dp__calendar *c) { memset(c, 0, sizeof *c); }

void dp__calendar_free(dp__calendar *c) {
  if (!c)
    return;
  free(c->day);
  free(c->off);
  free(c->pre_off);
  free(c->pre_work);
  free(c->cum);
  dp__calendar_init(c);
}

static int is_weekend(int64_t day) {
  int64_t w = (day + 3) % 7; /* 0 = Monday, as dp_date_weekday */
  if (w < 0)
    w += 7;
  return w >= 5;
}

/* Index of the first entry >= day. */
static size_t lower_bound(const dp__calendar *c, int64_t day) {
  size_t lo = 0, hi = c->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (c->day[mid] < day)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

/* Weekdays among the days before `day`, counted from the Monday
 * 1970-01-05 (day 4); negative for earlier days, so that a difference of
 * two values counts the weekdays between them. */
static int64_t weekdays_before(int64_t day) {
  int64_t x = day - 4;
  int64_t q = x / 7, r = x % 7;
  if (r < 0) {
    r += 7;
    q -= 1;
  }
  return 5 * q + (r < 5 ? r : 5);
}

/* Index of `day` in the dense table, or -1 outside it. */
static inline int64_t dense_at(const dp__calendar *c, int64_t day) {
  int64_t k = day - c->dense_from;
  return k >= 0 && k < c->dense_days ? k : -1;
}

int dp__calendar_index(dp__calendar *c) {
  free(c->cum);
  c->cum = NULL;
  c->dense_from = c->dense_days = 0;
  if (c->n == 0) return 0;
  int y0, y1;
  dp_date_to_ymd(c->day[0], &y0, NULL, NULL);
  dp_date_to_ymd(c->day[c->n - 1], &y1, NULL, NULL);
  if (y0 < DP__CAL_MIN_YEAR || y1 > DP__CAL_MAX_YEAR || y1 - y0 > 200)
    return 0; /* a calendar this wide keeps to the binary search */
  int32_t from = dp_date_from_ymd(y0, 1, 1), to = dp_date_from_ymd(y1, 12, 31);
  int32_t days = to - from + 1;
  int32_t *cum = malloc(((size_t)days + 1) * sizeof *cum);
  if (!cum) return DP_ENOMEM;
  size_t i = 0;
  cum[0] = 0;
  for (int32_t k = 0; k < days; k++) {
    int32_t d = from + k;
    int work;
    if (i < c->n && c->day[i] == d) work = !c->off[i++];
    else work = !is_weekend(d);
    cum[k + 1] = cum[k] + work;
  }
  c->cum = cum;
  c->dense_from = from;
  c->dense_days = days;
  return 0;
}

int dp__calendar_is_workday(const dp__calendar *c, int32_t day) {
  int64_t k = dense_at(c, day);
  if (k >= 0) return c->cum[k + 1] != c->cum[k];
  size_t i = lower_bound(c, day);
  if (i < c->n && c->day[i] == day)
    return !c->off[i];
  return !is_weekend(day);
}

/* O(log n): count the weekdays by arithmetic, then correct with the
 * exceptions inside the range, read off the prefix counts. */
int32_t dp__calendar_workdays(const dp__calendar *c, int32_t from,
                              int32_t to) {
  if (to < from)
    return 0;
  int64_t kf = dense_at(c, from), kt = dense_at(c, to);
  if (kf >= 0 && kt >= 0)
    return c->cum[kt + 1] - c->cum[kf];
  int64_t count = weekdays_before((int64_t)to + 1) - weekdays_before(from);
  if (c->n) {
    size_t lo = lower_bound(c, from);
    size_t hi = lower_bound(c, (int64_t)to + 1);
    count += (int64_t)(c->pre_work[hi] - c->pre_work[lo]);
    count -= (int64_t)(c->pre_off[hi] - c->pre_off[lo]);
  }
  return count > INT32_MAX ? INT32_MAX : (int32_t)count;
}

/* Walk forward, but jump over ordinary weekends and visit each exception
 * once, so a long run of holidays costs one step per listed day. */
int32_t dp__calendar_next_workday(const dp__calendar *c, int32_t day) {
  /* inside the table: the first day whose count goes up */
  for (int64_t k = dense_at(c, day); k >= 0 && k < c->dense_days; k++)
    if (c->cum[k + 1] != c->cum[k]) return (int32_t)(c->dense_from + k);
  int64_t d = day;
  size_t i = lower_bound(c, d);
  for (;;) {
    if (i < c->n && c->day[i] == d) {
      if (!c->off[i])
        break; /* adjusted working day */
      d++;
      i++;
      continue;
    }
    int64_t w = (d + 3) % 7;
    if (w < 0)
      w += 7;
    if (w < 5)
      break;
    int64_t next = d + (7 - w); /* Monday */
    if (i < c->n && c->day[i] < next)
      next = c->day[i];
    d = next;
  }
  return d > INT32_MAX ? INT32_MAX : (int32_t)d;
}

/* The n-th working day on or after `day` (n >= 1).  Inside the dense
 * table it is the first day whose running count reaches the count before
 * `day` plus n, found by bisection; past the table, a day at a time. */
int32_t dp__calendar_nth_workday(const dp__calendar *c, int32_t day,
                                 int32_t n) {
  int64_t k0 = dense_at(c, day);
  if (k0 >= 0 && n >= 1) {
    int64_t want = (int64_t)c->cum[k0] + n, lo = k0 + 1, hi = c->dense_days;
    if (c->cum[hi] >= want) {
      while (lo < hi) { /* the least j in [lo, hi] with cum[j] >= want */
        int64_t mid = lo + (hi - lo) / 2;
        if (c->cum[mid] >= want) hi = mid;
        else lo = mid + 1;
      }
      return (int32_t)(c->dense_from + lo - 1);
    }
  }
  int32_t d = dp__calendar_next_workday(c, day);
  for (int32_t k = 1; k < n; k++) d = dp__calendar_next_workday(c, d + 1);
  return d;
}

int dp__calendar_covered(const dp__calendar *c, int year) {
  if (year < DP__CAL_MIN_YEAR || year > DP__CAL_MAX_YEAR)
    return 0;
  return (c->covered[year / 8] >> (year % 8)) & 1;
}

/* Years before year 1 are reported as -1, since 0 means "all covered". */
int dp__calendar_uncovered_year(const dp__calendar *c, int32_t from,
                                int32_t to) {
  if (to < from)
    return 0;
  int y0, y1;
  dp_date_to_ymd(from, &y0, NULL, NULL);
  dp_date_to_ymd(to, &y1, NULL, NULL);
  for (int y = y0; y <= y1; y++) {
    if (!dp__calendar_covered(c, y))
      return y >= 1 ? y : -1;
  }
  return 0;
}

/* ---------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------- */

typedef struct {
  int32_t day;
  uint8_t off; /* isOffDay */
  size_t seq;  /* position in the file: a later listing of a day wins */
} entry;

static int entry_cmp(const void *a, const void *b) {
  const entry *x = a, *y = b;
  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* 1-based line and column of byte `off` of text. */
static void line_col(const char *text, size_t off, int *line, int *col) {
  int l = 1;
  size_t bol = 0;
  for (size_t i = 0; i < off; i++) {
    if (text[i] == '\n') {
      l++;
      bol = i + 1;
    }
  }
  *line = l;
  *col = (int)(off - bol + 1);
}

/* A short, printable excerpt of the text at off for "near '...'": up to
 * 20 bytes, stopping at a line end, never cutting a UTF-8 character. */
static void excerpt(const char *text, size_t len, size_t off, char *out,
                    size_t size) {
  size_t n = 0;
  while (off + n < len && n < 20 && n + 1 < size && text[off + n] != '\n' &&
         text[off + n] != '\r' && text[off + n] != '\0')
    n++;
  while (n > 0 && !dp__utf8_valid(text + off, n))
    n--;
  memcpy(out, text + off, n);
  out[n] = '\0';
}

/* The JSON text of an item for a message, cut to fit. */
static void show_item(const cJSON *it, char *out, size_t size) {
  char *s = cJSON_PrintUnformatted(it);
  if (!s) {
    snprintf(out, size, "?");
    return;
  }
  size_t n = strlen(s);
  if (n >= size) {
    n = size - 1;
    while (n > 0 && !dp__utf8_valid(s, n))
      n--;
  }
  memcpy(out, s, n);
  out[n] = '\0';
  cJSON_free(s);
}

static const char *json_type(const cJSON *it) {
  if (cJSON_IsObject(it))
    return "an object";
  if (cJSON_IsArray(it))
    return "an array";
  if (cJSON_IsString(it))
    return "a string";
  if (cJSON_IsNumber(it))
    return "a number";
  if (cJSON_IsBool(it))
    return "a boolean";
  if (cJSON_IsNull(it))
    return "null";
  return "an invalid value";
}

/* Merge sorted, de-duplicated new entries into the calendar: a new entry
 * replaces an old one for the same day, and entries that agree with the
 * weekday rule are dropped (which also removes an older exception). */
static int merge(dp__calendar *c, const entry *ne, size_t nn) {
  size_t cap = c->n + nn;
  int32_t *day = dp__malloc(cap * sizeof *day);
  uint8_t *off = dp__malloc(cap * sizeof *off);
  int32_t *pre_off = dp__malloc((cap + 1) * sizeof *pre_off);
  int32_t *pre_work = dp__malloc((cap + 1) * sizeof *pre_work);
  if (!day || !off || !pre_off || !pre_work) {
    free(day);
    free(off);
    free(pre_off);
    free(pre_work);
    return DP_ENOMEM;
  }
  size_t i = 0, j = 0, k = 0;
  while (i < c->n || j < nn) {
    int32_t d;
    uint8_t o;
    if (j >= nn || (i < c->n && c->day[i] < ne[j].day)) {
      d = c->day[i];
      o = c->off[i];
      i++;
    } else {
      if (i < c->n && c->day[i] == ne[j].day)
        i++; /* replaced */
      d = ne[j].day;
      o = ne[j].off;
      j++;
      if (o == (uint8_t)is_weekend(d))
        continue; /* agrees with the weekday rule */
    }
    day[k] = d;
    off[k] = o;
    k++;
  }
  pre_off[0] = pre_work[0] = 0;
  for (size_t m = 0; m < k; m++) {
    pre_off[m + 1] = pre_off[m] + (off[m] ? 1 : 0);
    pre_work[m + 1] = pre_work[m] + (off[m] ? 0 : 1);
  }
  free(c->day);
  free(c->off);
  free(c->pre_off);
  free(c->pre_work);
  /* the dense table no longer agrees: dp__calendar_index makes a new one */
  free(c->cum);
  c->cum = NULL;
  c->dense_from = c->dense_days = 0;
  c->day = day;
  c->off = off;
  c->pre_off = pre_off;
  c->pre_work = pre_work;
  c->n = k;
  c->cap = cap;
  return 0;
}

/* Check the parsed document and collect its days.  On error, *out is
 * freed and err names the field. */
static int collect(const cJSON *root, const char *source, dp_error *err,
                   int *year_out, entry **out, size_t *nout) {
  char shown[64];
  *out = NULL;
  *nout = 0;
  if (!cJSON_IsObject(root)) {
    dp__error_set(err, DP_ECALENDAR, source, 0, 0, -1,
                  "top level: expected an object, found %s", json_type(root));
    return DP_ECALENDAR;
  }
  const cJSON *year = cJSON_GetObjectItemCaseSensitive(root, "year");
  if (!year) {
    dp__error_set(err, DP_ECALENDAR, source, 0, 0, -1, "year: missing");
    return DP_ECALENDAR;
  }
  if (!cJSON_IsNumber(year)) {
    dp__error_set(err, DP_ECALENDAR, source, 0, 0, -1,
                  "year: expected a number, found %s", json_type(year));
    return DP_ECALENDAR;
  }
  double yv = year->valuedouble;
  if (!(yv >= DP__CAL_MIN_YEAR && yv <= DP__CAL_MAX_YEAR) || yv != (int)yv) {
    show_item(year, shown, sizeof shown);
    dp__error_set(err, DP_ECALENDAR, source, 0, 0, -1,
                  "year: invalid year '%s'", shown);
    return DP_ECALENDAR;
  }
  const cJSON *days = cJSON_GetObjectItemCaseSensitive(root, "days");
  if (!days) {
    dp__error_set(err, DP_ECALENDAR, source, 0, 0, -1, "days: missing");
    return DP_ECALENDAR;
  }
  if (!cJSON_IsArray(days)) {
    dp__error_set(err, DP_ECALENDAR, source, 0, 0, -1,
                  "days: expected an array, found %s", json_type(days));
    return DP_ECALENDAR;
  }
  size_t cap = (size_t)cJSON_GetArraySize(days);
  entry *e = dp__malloc(cap * sizeof *e);
  if (!e) {
    dp__error_set(err, DP_ENOMEM, source, 0, 0, -1, "out of memory");
    return DP_ENOMEM;
  }
  size_t n = 0;
  const cJSON *it;
  cJSON_ArrayForEach(it, days) {
    if (n >= cap)
      break;
    if (!cJSON_IsObject(it)) {
      dp__error_set(err, DP_ECALENDAR, source, 0, 0, -1,
                    "days[%zu]: expected an object, found %s", n,
                    json_type(it));
      goto fail;
    }
    const cJSON *date = cJSON_GetObjectItemCaseSensitive(it, "date");
    const cJSON *isoff = cJSON_GetObjectItemCaseSensitive(it, "isOffDay");
    if (!date) {
      dp__error_set(err, DP_ECALENDAR, source, 0, 0, -1,
                    "days[%zu].date: missing", n);
      goto fail;
    }
    if (!cJSON_IsString(date) || !date->valuestring) {
      dp__error_set(err, DP_ECALENDAR, source, 0, 0, -1,
                    "days[%zu].date: expected a string, found %s", n,
                    json_type(date));
      goto fail;
    }
    int32_t d;
    const char *ds = date->valuestring;
    if (dp_date_parse(ds, strlen(ds), &d, NULL) != 0) {
      show_item(date, shown, sizeof shown); /* quoted and escaped */
      size_t sl = strlen(shown);
      if (sl >= 2 && shown[0] == '"' && shown[sl - 1] == '"') {
        memmove(shown, shown + 1, sl - 2);
        shown[sl - 2] = '\0';
      }
      dp__error_set(err, DP_ECALENDAR, source, 0, 0, -1,
                    "days[%zu].date: invalid date '%s'", n, shown);
      goto fail;
    }
    if (!isoff) {
      dp__error_set(err, DP_ECALENDAR, source, 0, 0, -1,
                    "days[%zu].isOffDay: missing", n);
      goto fail;
    }
    if (!cJSON_IsBool(isoff)) {
      dp__error_set(err, DP_ECALENDAR, source, 0, 0, -1,
                    "days[%zu].isOffDay: expected a boolean, found %s", n,
                    json_type(isoff));
      goto fail;
    }
    e[n].day = d;
    e[n].off = cJSON_IsTrue(isoff) ? 1 : 0;
    e[n].seq = n;
    n++;
  }
  *year_out = (int)yv;
  *out = e;
  *nout = n;
  return 0;
fail:
  free(e);
  return DP_ECALENDAR;
}

int dp__calendar_load(dp__calendar *c, const char *json, size_t len,
                      const char *source, dp_error *err) {
  if (!c || (!json && len)) {
    dp__error_set(err, DP_EINVAL, source, 0, 0, -1, "invalid argument");
    return DP_EINVAL;
  }
  /* cJSON gets its own NUL-terminated copy: it must not read past len */
  char *text = dp__malloc(len + 1);
  if (!text) {
    dp__error_set(err, DP_ENOMEM, source, 0, 0, -1, "out of memory");
    return DP_ENOMEM;
  }
  if (len)
    memcpy(text, json, len);
  text[len] = '\0';

  const char *end = NULL;
  dp__json_init(); /* before any use of the bundled cJSON (dp-json.h) */
  cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
  size_t pos = 0;
  if (root) {
    /* cJSON stops after the first value: anything but blanks after it is
     * an error */
    pos = (size_t)(end - text);
    while (pos < len && (text[pos] == ' ' || text[pos] == '\t' ||
                         text[pos] == '\n' || text[pos] == '\r'))
      pos++;
    if (pos < len) {
      cJSON_Delete(root);
      root = NULL;
    }
  } else {
    pos = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
  }
  if (!root) {
    int line, col;
    char near[32];
    line_col(text, pos, &line, &col);
    excerpt(text, len, pos, near, sizeof near);
    size_t k = pos;
    while (k < len && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' ||
                       text[k] == '\r'))
      k++;
    if (k >= len) /* nothing but blanks from the error on */
      dp__error_set(err, DP_EJSON, source, line, col, (long)pos,
                    "invalid JSON: unexpected end of input");
    else
      dp__error_set(err, DP_EJSON, source, line, col, (long)pos,
                    "invalid JSON near '%s'", near);
    free(text);
    return DP_EJSON;
  }
  free(text);

  int year = 0;
  entry *e;
  size_t n;
  int rc = collect(root, source, err, &year, &e, &n);
  cJSON_Delete(root);
  if (rc != 0)
    return rc;

  /* sort by day; of several listings of one day keep the last */
  qsort(e, n, sizeof *e, entry_cmp);
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m > 0 && e[m - 1].day == e[i].day)
      e[m - 1] = e[i];
    else
      e[m++] = e[i];
  }
  rc = merge(c, e, m);
  free(e);
  if (rc != 0) {
    dp__error_set(err, rc, source, 0, 0, -1, "out of memory");
    return rc;
  }
  c->covered[year / 8] |= (uint8_t)(1u << (year % 8));
  return 0;
}

/* ---------------------------------------------------------------------
 * Public engine wrappers
 * ------------------------------------------------------------------- */

/* Used for a NULL engine: weekends only. */
static const dp__calendar empty_calendar;

static const dp__calendar *cal_of(const dp_engine *e) {
  return e ? &e->cal : &empty_calendar;
}

int dp_engine_is_workday(const dp_engine *e, int32_t day) {
  return dp__calendar_is_workday(cal_of(e), day);
}

int dp_engine_year_covered(const dp_engine *e, int year) {
  return dp__calendar_covered(cal_of(e), year);
}

int32_t dp_engine_workdays(const dp_engine *e, int32_t from, int32_t to) {
  return dp__calendar_workdays(cal_of(e), from, to);
}

int32_t dp_engine_next_workday(const dp_engine *e, int32_t day) {
  return dp__calendar_next_workday(cal_of(e), day);
}

int dp_engine_load_calendar(dp_engine *e, const char *json, size_t len,
                            const char *source, dp_error *err) {
  if (!e) {
    dp__error_set(err, DP_EINVAL, source, 0, 0, -1, "no engine");
    return DP_EINVAL;
  }
  int rc = dp__calendar_load(&e->cal, json, len, source, err);
  /* without memory for the table, the binary search answers alone */
  if (rc == 0) (void)dp__calendar_index(&e->cal);
  return rc;
}

/* Calendar files are small; refuse anything absurd rather than read an
 * endless stream. */
#define CAL_MAX_FILE_BYTES DP__MAX_RECORD_BYTES

int dp_engine_load_calendar_file(dp_engine *e, const char *path,
                                 dp_error *err) {
  if (!e || !path) {
    dp__error_set(err, DP_EINVAL, path, 0, 0, -1,
                  !e ? "no engine" : "no path");
    return DP_EINVAL;
  }
  dp__buf b;
  int rc = dp__file_read(path, CAL_MAX_FILE_BYTES, &b, err);
  if (rc) return rc;
  if (b.len > CAL_MAX_FILE_BYTES) {
    dp__buf_free(&b);
    dp__error_set(err, DP_ELIMIT, path, 0, 0, -1,
                  "calendar file larger than %u bytes",
                  (unsigned)CAL_MAX_FILE_BYTES);
    return DP_ELIMIT;
  }
  rc = dp__calendar_load(&e->cal, b.s ? b.s : "", b.len, path, err);
  if (rc == 0) (void)dp__calendar_index(&e->cal);
  dp__buf_free(&b);
  return rc;
}

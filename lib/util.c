/*
 * util.c - allocation, what a thread keeps, error filling, string buffers
 * and JSON strings: the bottom layer, which knows nothing above it.
 */
#include "dp-private.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

/* ---------------------------------------------------------------------
 * Allocation
 *
 * A request for 0 bytes asks for 1, so NULL always means out of memory.
 * ------------------------------------------------------------------- */

void *dp__malloc(size_t n) { return malloc(n ? n : 1); }

void *dp__calloc(size_t n, size_t size) {
  if (n == 0 || size == 0)
    return calloc(1, 1);
  return calloc(n, size);
}

void *dp__realloc(void *p, size_t n) { return realloc(p, n ? n : 1); }

char *dp__strdup(const char *s) {
  if (!s)
    return NULL;
  return dp__strndup(s, strlen(s));
}

/* Like POSIX strndup: copies at most n bytes and stops at a NUL. */
char *dp__strndup(const char *s, size_t n) {
  if (!s)
    return NULL;
  const char *nul = memchr(s, '\0', n);
  size_t len = nul ? (size_t)(nul - s) : n;
  if (len == SIZE_MAX)
    return NULL;
  char *d = malloc(len + 1);
  if (!d)
    return NULL;
  memcpy(d, s, len);
  d[len] = '\0';
  return d;
}

int dp__grow(void **arr, size_t *cap, size_t need, size_t size) {
  if (need <= *cap)
    return 0;
  if (size == 0)
    return DP_EINVAL;
  size_t ncap = *cap ? *cap : 8;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2)
      return DP_ENOMEM;
    ncap *= 2;
  }
  if (ncap > SIZE_MAX / size)
    return DP_ENOMEM;
  void *p = realloc(*arr, ncap * size);
  if (!p)
    return DP_ENOMEM;
  *arr = p;
  *cap = ncap;
  return 0;
}

void dp_free(void *p) { free(p); }

/* ---------------------------------------------------------------------
 * What a thread keeps (dp__thread_slot)
 *
 * Only the pointer is thread-local; the tss key's destructor frees the
 * rest when the thread ends, each slot by the function its owner gave.
 * ------------------------------------------------------------------- */

typedef struct {
  void *p[DP__SLOTS];
  void (*destroy[DP__SLOTS])(void *);
} thread_slots;

static _Thread_local thread_slots *slots;
static tss_t slots_key;
static once_flag slots_once = ONCE_FLAG_INIT;
static int slots_key_ok;

static void slots_free(void *p) {
  thread_slots *ts = p;
  if (!ts)
    return;
  /* a destructor that runs after this one and frees a record makes new
   * slots, which the next round of destructors frees */
  slots = NULL;
  for (int i = 0; i < DP__SLOTS; i++)
    if (ts->p[i] && ts->destroy[i])
      ts->destroy[i](ts->p[i]);
  free(ts);
}

static void slots_make_key(void) {
  slots_key_ok = tss_create(&slots_key, slots_free) == thrd_success;
}

static _Thread_local char me;

const void *dp__thread_me(void) { return &me; }

void **dp__thread_slot(int which, void (*destroy)(void *)) {
  if (which < 0 || which >= DP__SLOTS)
    return NULL;
  if (!slots) {
    call_once(&slots_once, slots_make_key);
    if (!slots_key_ok)
      return NULL;
    thread_slots *ts = calloc(1, sizeof *ts);
    if (!ts)
      return NULL;
    if (tss_set(slots_key, ts) != thrd_success) {
      free(ts);
      return NULL;
    }
    slots = ts;
  }
  slots->destroy[which] = destroy;
  return &slots->p[which];
}

/* ---------------------------------------------------------------------
 * The one loader of a whole file (rule files, calendar years)
 * ------------------------------------------------------------------- */

int dp__file_read(const char *path, size_t max, dp__buf *b, dp_error *err) {
  memset(b, 0, sizeof *b);
  FILE *f = fopen(path, "rb");
  if (!f) {
    dp__error_set(err, DP_EIO, path, 0, 0, -1, "cannot open: %s",
                  DP__ERRNO_TEXT(errno));
    return DP_EIO;
  }
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    dp__buf_add(b, chunk, n);
    if (b->len > max || b->oom) break;
  }
  int bad = ferror(f) ? errno : 0;
  fclose(f);
  int rc = bad ? DP_EIO : b->oom ? DP_ENOMEM : 0;
  if (bad)
    dp__error_set(err, DP_EIO, path, 0, 0, -1, "read error: %s",
                  DP__ERRNO_TEXT(bad));
  else if (rc)
    dp__error_set(err, rc, path, 0, 0, -1, NULL);
  if (rc) dp__buf_free(b);
  return rc;
}

/* ---------------------------------------------------------------------
 * "Did you mean": the nearest known name
 * ------------------------------------------------------------------- */

/* Damerau-Levenshtein distance of two short ASCII names (optimal string
 * alignment), for "did you mean": at most 64 bytes of each. */
size_t dp__edit_distance(const char *a, const char *b) {
  size_t n = strlen(a), m = strlen(b);
  if (n > 64) n = 64;
  if (m > 64) m = 64;
  size_t d[65][65];
  for (size_t i = 0; i <= n; i++) d[i][0] = i;
  for (size_t j = 0; j <= m; j++) d[0][j] = j;
  for (size_t i = 1; i <= n; i++)
    for (size_t j = 1; j <= m; j++) {
      size_t cost = a[i - 1] != b[j - 1];
      size_t v = d[i - 1][j] + 1;
      if (d[i][j - 1] + 1 < v) v = d[i][j - 1] + 1;
      if (d[i - 1][j - 1] + cost < v) v = d[i - 1][j - 1] + cost;
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          d[i - 2][j - 2] + 1 < v)
        v = d[i - 2][j - 2] + 1;
      d[i][j] = v;
    }
  return d[n][m];
}

void dp__nearest_init(dp__nearest *nr, const char *name, int policy) {
  size_t third = strlen(name) / 3;
  nr->name = name;
  nr->best = NULL;
  nr->dist = (size_t)-1;
  nr->lim = policy == DP__NEAR_ID ? third + 1 : third < 2 ? 2 : third;
}

void dp__nearest_try(dp__nearest *nr, const char *cand) {
  if (!cand) return;
  size_t d = dp__edit_distance(nr->name, cand);
  if (d < nr->dist && d <= nr->lim) {
    nr->dist = d;
    nr->best = cand;
  }
}

/* ---------------------------------------------------------------------
 * The hash of every table in the library
 * ------------------------------------------------------------------- */

uint64_t dp__hash(const void *p, size_t n, uint64_t seed) {
  const unsigned char *s = p;
  uint64_t h = seed ^ ((uint64_t)n * 0x9E3779B97F4A7C15ull);
  while (n >= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    s += 8;
    n -= 8;
  }
  if (n) {
    /* the last bytes in one load: the 8 before the end when a word came
     * before them (overlapping it), else two of 4 or byte by byte */
    uint64_t w = 0;
    if (s != (const unsigned char *)p) {
      memcpy(&w, s + n - 8, 8);
    } else if (n >= 4) {
      uint32_t lo, hi;
      memcpy(&lo, s, 4);
      memcpy(&hi, s + n - 4, 4);
      w = (uint64_t)hi << 32 | lo;
    } else {
      for (size_t i = 0; i < n; i++) w |= (uint64_t)s[i] << (8 * i);
    }
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
  }
  /* the finaliser of splitmix64: every bit reaches the low ones */
  h ^= h >> 30;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 27;
  h *= 0x94D049BB133111EBull;
  h ^= h >> 31;
  return h;
}

/* ---------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------- */

void dp__error_set(dp_error *err, int code, const char *source, int line,
                   int column, long offset, const char *fmt, ...) {
  if (!err || err->code != 0)
    return;
  err->code = code;
  err->line = line;
  err->column = column;
  err->offset = offset;
  snprintf(err->source, sizeof err->source, "%s", source ? source : "<string>");
  if (fmt) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
  } else {
    snprintf(err->text, sizeof err->text, "%s", dp_strerror(code));
  }
}

/* ---------------------------------------------------------------------
 * String buffer
 *
 * The buffer is kept NUL-terminated (when s is not NULL), and may hold
 * NUL bytes of its own: report.c separates messages with them.
 * ------------------------------------------------------------------- */

/* Make room for n more bytes plus the terminating NUL. */
static int buf_reserve(dp__buf *b, size_t n) {
  if (b->oom)
    return 0;
  if (n > SIZE_MAX - b->len - 1) {
    b->oom = 1;
    return 0;
  }
  size_t need = b->len + n + 1;
  /* a new buffer starts at 256 bytes rather than growing 8, 16, 32, …:
   * messages and report lines are a few hundred bytes */
  if (b->cap == 0 && need < 256)
    need = 256;
  if (need > b->cap && dp__grow((void **)&b->s, &b->cap, need, 1) != 0) {
    b->oom = 1;
    return 0;
  }
  return 1;
}

void dp__buf_add(dp__buf *b, const char *s, size_t n) {
  if (!buf_reserve(b, n))
    return;
  if (n)
    memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

void dp__buf_adds(dp__buf *b, const char *s) {
  if (s)
    dp__buf_add(b, s, strlen(s));
}

void dp__buf_addc(dp__buf *b, char c) { dp__buf_add(b, &c, 1); }

void dp__buf_addf(dp__buf *b, const char *fmt, ...) {
  if (b->oom)
    return;
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if ((size_t)n < sizeof small) {
    dp__buf_add(b, small, (size_t)n);
    return;
  }
  if (!buf_reserve(b, (size_t)n))
    return;
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

/* Append s as a JSON string.  Quotes, backslashes and control characters
 * are escaped; valid UTF-8 is copied as is; a byte that is not part of
 * valid UTF-8 becomes U+FFFD, so the output is always valid JSON.  NULL
 * gives the literal null. */
/* How many bytes at the start of p[0..n), in whole words of eight, JSON
 * takes as they are: none < 0x20, '"' or '\\', and (unless high_ok) none
 * >= 0x80.  The tests are exact for a word as a whole, though not for
 * each byte (so a word with one such byte stops the run). */
static inline size_t json_plain_words(const unsigned char *p, size_t n,
                                      int high_ok) {
  const uint64_t ones = UINT64_C(0x0101010101010101);
  const uint64_t highs = UINT64_C(0x8080808080808080);
  size_t i = 0;
  for (; n - i >= 8; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
    /* bytes >= 0x80 are not flagged by these: ~w clears their top bit */
    uint64_t odd = ((w - ones * 0x20) & ~w & highs) |
                   ((q - ones) & ~q & highs) | ((b - ones) & ~b & highs);
    if (!high_ok) odd |= w & highs;
    if (odd) break;
  }
  return i;
}

/* Copy the plain words at p[*i..n) to *o (see json_plain_words); 1 if
 * there were any. */
static inline int copy_plain_words(char **o, const unsigned char *p,
                                   size_t *i, size_t n, int high_ok) {
  size_t k = json_plain_words(p + *i, n - *i, high_ok);
  if (!k) return 0;
  memcpy(*o, p + *i, k);
  *o += k;
  *i += k;
  return 1;
}

/* The escape of an ASCII byte that JSON does not take as it is (c < 0x20,
 * '"' or '\\'), at o; returns the end. */
static char *put_escape(char *o, unsigned c) {
  static const char hex[] = "0123456789abcdef";
  *o++ = '\\';
  switch (c) {
  case '"': *o++ = '"'; break;
  case '\\': *o++ = '\\'; break;
  case '\b': *o++ = 'b'; break;
  case '\f': *o++ = 'f'; break;
  case '\n': *o++ = 'n'; break;
  case '\r': *o++ = 'r'; break;
  case '\t': *o++ = 't'; break;
  default:
    *o++ = 'u';
    *o++ = '0';
    *o++ = '0';
    *o++ = hex[c >> 4];
    *o++ = hex[c & 15];
  }
  return o;
}

/* Write s[0..n) as a JSON string at o, which has room for 6 * n + 2
 * bytes; returns the end.  The same output as dp__buf_add_json_string,
 * eight plain bytes at a time. */
char *dp__json_put(char *o, const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  *o++ = '"';
  while (i < n) {
    if (copy_plain_words(&o, p, &i, n, 0)) continue;
    unsigned c = p[i];
    if (c >= 0x80) {
      size_t seq = dp__utf8_seq(p + i, n - i);
      if (seq) {
        memcpy(o, p + i, seq);
        o += seq;
        i += seq;
      } else {
        memcpy(o, "\xEF\xBF\xBD", 3); /* U+FFFD */
        o += 3;
        i++;
      }
      continue;
    }
    i++;
    if (c >= 0x20 && c != '"' && c != '\\')
      *o++ = (char)c;
    else
      o = put_escape(o, c);
  }
  *o++ = '"';
  return o;
}

/* dp__json_put for s[0..n) known to be valid UTF-8 (every string of a
 * report is): bytes >= 0x80 are then plain too, and Chinese text goes
 * eight bytes at a time like ASCII. */
char *dp__json_put_valid(char *o, const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  *o++ = '"';
  while (i < n) {
    if (copy_plain_words(&o, p, &i, n, 1)) continue;
    unsigned c = p[i++];
    if (c >= 0x20 && c != '"' && c != '\\')
      *o++ = (char)c;
    else
      o = put_escape(o, c);
  }
  *o++ = '"';
  return o;
}

/* The length dp__json_put would write for s[0..n). */
size_t dp__json_len(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, len = 2;
  while (i < n) {
    size_t k = json_plain_words(p + i, n - i, 0);
    if (k) {
      i += k;
      len += k;
      continue;
    }
    unsigned c = p[i];
    if (c >= 0x80) {
      size_t q = dp__utf8_seq(p + i, n - i);
      len += q ? q : 3;
      i += q ? q : 1;
      continue;
    }
    i++;
    if (c >= 0x20 && c != '"' && c != '\\') len += 1;
    else if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' ||
             c == '\r' || c == '\t')
      len += 2;
    else
      len += 6;
  }
  return len;
}

/* Append s as a JSON string (dp__json_put: quotes, backslashes and control
 * characters escaped, a byte that is not part of valid UTF-8 as U+FFFD,
 * so the output is always valid JSON).  NULL gives the literal null. */
void dp__buf_add_json_string(dp__buf *b, const char *s) {
  if (!s) {
    dp__buf_add(b, "null", 4);
    return;
  }
  size_t n = strlen(s);
  if (n > (SIZE_MAX - 2) / 6) {
    b->oom = 1;
    return;
  }
  if (!buf_reserve(b, 6 * n + 2))
    return;
  b->len = (size_t)(dp__json_put(b->s + b->len, s, n) - b->s);
  b->s[b->len] = '\0';
}

void dp__buf_free(dp__buf *b) {
  if (!b)
    return;
  free(b->s);
  b->s = NULL;
  b->len = b->cap = 0;
  b->oom = 0;
}

/*
 * util.c - allocation, UTF-8 validation, error filling and string buffers.
 */
#include "dp-private.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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
 * What a thread keeps (dp__spare)
 *
 * Only the pointer is thread-local; the tss key's destructor frees the
 * rest when the thread ends.
 * ------------------------------------------------------------------- */

static _Thread_local dp__spare *spare;
static tss_t spare_key;
static once_flag spare_once = ONCE_FLAG_INIT;
static int spare_key_ok;

static void spare_free(void *p) {
  dp__spare *sp = p;
  if (!sp)
    return;
  /* a destructor that runs after this one and frees a record makes a new
   * spare, which the next round of destructors frees */
  spare = NULL;
  free(sp->labels);
  dp__record_destroy(sp->record);
  dp__report_destroy(sp->report);
  free(sp);
}

static void spare_make_key(void) {
  spare_key_ok = tss_create(&spare_key, spare_free) == thrd_success;
}

dp__spare *dp__spare_get(void) {
  if (spare)
    return spare;
  call_once(&spare_once, spare_make_key);
  if (!spare_key_ok)
    return NULL;
  dp__spare *sp = calloc(1, sizeof *sp);
  if (!sp)
    return NULL;
  if (tss_set(spare_key, sp) != thrd_success) {
    free(sp);
    return NULL;
  }
  return spare = sp;
}

/* ---------------------------------------------------------------------
 * UTF-8
 * ------------------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at s[0..n), or 0 if it is not one.
 * Strict: no overlong forms, no surrogates, nothing above U+10FFFF. */
static size_t utf8_seq(const unsigned char *s, size_t n) {
  unsigned c = s[0];
  if (c < 0x80)
    return 1;
  size_t len;
  unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0)
      lo = 0xA0; /* overlong */
    else if (c == 0xED)
      hi = 0x9F; /* surrogates U+D800..U+DFFF */
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0)
      lo = 0x90; /* overlong */
    else if (c == 0xF4)
      hi = 0x8F; /* above U+10FFFF */
  } else {
    return 0; /* continuation byte, C0/C1 overlong lead, F5..FF */
  }
  if (n < len)
    return 0;
  if (s[1] < lo || s[1] > hi)
    return 0;
  for (size_t i = 2; i < len; i++)
    if (s[i] < 0x80 || s[i] > 0xBF)
      return 0;
  return len;
}

/* Length of the longest valid UTF-8 prefix of p[0..n).  The common cases
 * first: ASCII eight bytes at a time (jumping to the first byte that is
 * not), then runs of three-byte sequences (CJK text, most of what a
 * record holds) without a call. */
#if defined(__SSE2__)
/* Sixteen bytes at p made of ASCII and three-byte sequences led by E1-EC
 * or EE-EF (CJK text, JSON around it), checked without a branch a byte:
 * returns how many of them are known valid (at least 14: a sequence that
 * runs past the block is left for the next), or 0 when the block holds
 * anything else (the scalar loop decides).  Never accepts invalid UTF-8:
 * those leads take any continuation bytes (E0 and ED, which do not, go
 * the scalar way), and every continuation byte must sit one or two after
 * a lead. */
static inline size_t utf8_block3(const unsigned char *p) {
  __m128i x = _mm_loadu_si128((const __m128i *)p);
  unsigned hi = (unsigned)_mm_movemask_epi8(x);
  if (hi == 0)
    return 16;
  unsigned c = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
      _mm_and_si128(x, _mm_set1_epi8((char)0xC0)), _mm_set1_epi8((char)0x80)));
  unsigned l = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
      _mm_and_si128(x, _mm_set1_epi8((char)0xF0)), _mm_set1_epi8((char)0xE0)));
  unsigned e0ed = (unsigned)_mm_movemask_epi8(
      _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xE0)),
                   _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xED))));
  if ((hi & ~(c | l)) | e0ed)
    return 0;
  /* continuation bytes exactly where the leads want them, in all sixteen
   * (what a lead at 14 or 15 wants beyond the block is cut off) */
  unsigned want = ((l << 1) | (l << 2)) & 0xFFFFu;
  if (c != want)
    return 0;
  /* a sequence that starts at 14 or 15 ends in the next block: it is
   * checked again from its lead */
  return (l >> 14) & 1 ? 14 : (l >> 15) & 1 ? 15 : 16;
}
#endif

static size_t utf8_prefix(const unsigned char *p, size_t n) {
  size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    /* sixteen at a time where the machine has SSE2 (every x86-64) */
    if (n - i >= 16) {
      size_t k = utf8_block3(p + i);
      if (k) {
        i += k;
        continue;
      }
      /* something else in the block: ASCII up to its first byte >= 0x80,
       * then the scalar loop below */
      int m = _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(p + i)));
      i += (size_t)__builtin_ctz((unsigned)m);
    } else
#endif
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (n - i >= 8) {
      uint64_t w;
      memcpy(&w, p + i, 8);
      uint64_t hi = w & UINT64_C(0x8080808080808080);
      if (!hi) {
        i += 8;
        continue;
      }
      i += (size_t)__builtin_ctzll(hi) >> 3; /* the first byte >= 0x80 */
    } else
#endif
        if (p[i] < 0x80) {
      i++;
      continue;
    }
    /* p[i] >= 0x80: a run of multibyte sequences */
    do {
      unsigned c = p[i];
      if (c - 0xE1u < 15u && c != 0xED && n - i >= 3 &&
          ((p[i + 1] ^ 0x80u) | (p[i + 2] ^ 0x80u)) < 0x40u) {
        i += 3;
        continue;
      }
      size_t k = utf8_seq(p + i, n - i);
      if (k == 0)
        return i;
      i += k;
    } while (i < n && p[i] >= 0x80);
  }
  return i;
}

int dp__utf8_valid(const char *s, size_t n) {
  if (!s)
    return n == 0;
  return utf8_prefix((const unsigned char *)s, n) == n;
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
      /* a run of three-byte sequences (CJK) at once, the rest by
       * utf8_seq */
      size_t j = i;
      while (n - j >= 3 && p[j] - 0xE1u < 15u && p[j] != 0xED &&
             ((p[j + 1] ^ 0x80u) | (p[j + 2] ^ 0x80u)) < 0x40u)
        j += 3;
      if (j > i) {
        memcpy(o, p + i, j - i);
        o += j - i;
        i = j;
        continue;
      }
      size_t seq = utf8_seq(p + i, n - i);
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
      size_t q = utf8_seq(p + i, n - i);
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

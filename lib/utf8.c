/*
 * utf8.c - the one UTF-8 check of the library.
 *
 * Every string a record, a rule text or a report holds is checked here,
 * and so is every chunk the readers decode: one strict scalar loop
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
 */
#include "dp-private.h"

#include <stdint.h>
#include <string.h>

/* The length of the sequence the lead byte c starts, and the range its
 * second byte must fall in; 0 when c leads none (a continuation byte,
 * C0/C1 which could only be overlong, F5..FF). */
static inline size_t lead(unsigned c, unsigned *lo, unsigned *hi) {
  *lo = 0x80;
  *hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF)
    return 2;
  if (c >= 0xE0 && c <= 0xEF) {
    if (c == 0xE0)
      *lo = 0xA0; /* overlong */
    else if (c == 0xED)
      *hi = 0x9F; /* surrogates U+D800..U+DFFF */
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (c == 0xF0)
      *lo = 0x90; /* overlong */
    else if (c == 0xF4)
      *hi = 0x8F; /* above U+10FFFF */
    return 4;
  }
  return 0;
}

/* Whether s[1..m) are what the sequence led by s[0] wants there. */
static inline int follows(const unsigned char *s, size_t m, unsigned lo,
                   unsigned hi) {
  if (m > 1 && (s[1] < lo || s[1] > hi))
    return 0;
  for (size_t i = 2; i < m; i++)
    if (s[i] < 0x80 || s[i] > 0xBF)
      return 0;
  return 1;
}

static inline size_t seq(const unsigned char *s, size_t n) {
  if (n == 0)
    return 0;
  if (s[0] < 0x80)
    return 1;
  unsigned lo, hi;
  size_t len = lead(s[0], &lo, &hi);
  if (len == 0 || n < len || !follows(s, len, lo, hi))
    return 0;
  return len;
}

size_t dp__utf8_seq(const unsigned char *s, size_t n) { return seq(s, n); }

int dp__utf8_cut(const unsigned char *p, size_t n) {
  if (n == 0 || n > 3)
    return 0;
  unsigned lo, hi;
  size_t len = lead(p[0], &lo, &hi);
  return len > n && follows(p, n, lo, hi);
}

size_t dp__utf8_prefix(const char *s, size_t n) {
  if (!s)
    return 0;
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    /* ASCII (JSON's punctuation, keys, dates): eight bytes a step, then
     * byte by byte up to the first that is not */
    for (uint64_t w; n - i >= 8; i += 8) {
      memcpy(&w, p + i, 8);
      if (w & UINT64_C(0x8080808080808080))
        break;
    }
    while (i < n && p[i] < 0x80)
      i++;
    /* then sequences up to the next ASCII byte */
    while (i < n && p[i] >= 0x80) {
      /* Chinese first: a lead E1..EC, EE or EF takes any two
       * continuation bytes */
      if (p[i] - 0xE1u < 15u && p[i] != 0xED && n - i >= 3 &&
          ((p[i + 1] ^ 0x80u) | (p[i + 2] ^ 0x80u)) < 0x40u) {
        i += 3;
        continue;
      }
      size_t k = seq(p + i, n - i);
      if (k == 0)
        return i;
      i += k;
    }
  }
  return i;
}

int dp__utf8_valid(const char *s, size_t n) {
  if (!s)
    return n == 0;
  return dp__utf8_prefix(s, n) == n;
}

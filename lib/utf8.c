/*
 * utf8.c - the one UTF-8 check of the library.
 *
 * Every string a record, a rule text or a report holds is checked here,
 * and so is every chunk the readers decode: one strict scalar loop
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF),
 * and where the CPU has AVX2 a check of whole blocks in front of it.
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

size_t dp__utf8_prefix_plain(const char *s, size_t n) {
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


/* ---------------------------------------------------------------------
 * The AVX2 check, where the CPU has it
 *
 * The input is checked twice (as it is decoded, then each record's
 * text), and on the whole validator run this check takes a third of the
 * time of the scalar loop: it is kept for that.  It answers only "all
 * valid?"; where the text is not, the scalar loop finds where it stops.
 *
 * The Keiser-Lemire "lookup" check (J. Keiser, D. Lemire, "Validating
 * UTF-8 in less than one instruction per byte", 2021; simdjson and
 * simdutf use it) does a whole block without a branch a byte, whatever
 * its mix of ASCII, CJK and other sequences.  Each byte is checked
 * against the three before it, so a block needs only the bytes at -1,
 * -2, -3 besides its own: they are loaded from the string, the first
 * block takes zeros (ASCII: nothing precedes the string) and the last
 * block ends at s[n-1], overlapping the one before rather than reading
 * past the end.
 * ------------------------------------------------------------------- */
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define DP_UTF8_AVX2 1
#include <immintrin.h>

/* What a pair of bytes (the one before and this one) can be wrong with:
 * a bit set in all three tables is an error, except TWO_CONTS, which is
 * one only where no lead two or three bytes back asks for it. */
#define U8_TOO_SHORT 0x01      /* lead not followed by a continuation */
#define U8_TOO_LONG 0x02       /* ASCII followed by a continuation */
#define U8_OVERLONG_3 0x04     /* E0 80..9F */
#define U8_TOO_LARGE 0x08      /* F4 90..BF, F5..FF 90..BF */
#define U8_SURROGATE 0x10      /* ED A0..BF */
#define U8_OVERLONG_2 0x20     /* C0..C1 */
#define U8_TOO_LARGE_1000 0x40 /* F5..FF 80..8F */
#define U8_OVERLONG_4 0x40     /* F0 80..8F */
#define U8_TWO_CONTS 0x80      /* a continuation after a continuation */
#define U8_CARRY (U8_TOO_SHORT | U8_TOO_LONG | U8_TWO_CONTS)
#define U8_LARGE (U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000)

/* By the high nibble of the byte before */
#define U8_T1H                                                              \
  U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG,          \
      U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TWO_CONTS, U8_TWO_CONTS,    \
      U8_TWO_CONTS, U8_TWO_CONTS, U8_TOO_SHORT | U8_OVERLONG_2,             \
      U8_TOO_SHORT, U8_TOO_SHORT | U8_OVERLONG_3 | U8_SURROGATE,            \
      U8_TOO_SHORT | U8_TOO_LARGE | U8_TOO_LARGE_1000 | U8_OVERLONG_4
/* By the low nibble of the byte before */
#define U8_T1L                                                              \
  U8_CARRY | U8_OVERLONG_3 | U8_OVERLONG_2 | U8_OVERLONG_4,                 \
      U8_CARRY | U8_OVERLONG_2, U8_CARRY, U8_CARRY, U8_CARRY | U8_TOO_LARGE, \
      U8_LARGE, U8_LARGE, U8_LARGE, U8_LARGE, U8_LARGE, U8_LARGE, U8_LARGE,  \
      U8_LARGE, U8_LARGE | U8_SURROGATE, U8_LARGE, U8_LARGE
/* By the high nibble of this byte */
#define U8_T2H                                                              \
  U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT,     \
      U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT,                             \
      U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_OVERLONG_3 |          \
          U8_TOO_LARGE_1000 | U8_OVERLONG_4,                                \
      U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_OVERLONG_3 |          \
          U8_TOO_LARGE,                                                     \
      U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_SURROGATE |           \
          U8_TOO_LARGE,                                                     \
      U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_SURROGATE |           \
          U8_TOO_LARGE,                                                     \
      U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT

/* The tables as bytes (pshufb looks each byte's low four bits up in
 * sixteen bytes; an index with its top bit set gives 0, so each is masked
 * to a nibble first). */
static const unsigned char u8_table[3][32] = {
    {U8_T1H, U8_T1H}, {U8_T1L, U8_T1L}, {U8_T2H, U8_T2H}};
/* The most the last three bytes of a block can be where no sequence
 * runs on into the next block: above, a lead that needs more bytes */
static const unsigned char u8_incomplete[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0 - 1, 0xE0 - 1, 0xC0 - 1};

/* The constants of a check, loaded once a call.  AVX2's pshufb looks up
 * in each 128-bit half, so the tables are there twice. */
typedef struct {
  __m256i t1h, t1l, t2h, lo4, top, c60, c70, max;
} u8_consts32;

/* The errors of the 32 bytes x, whose bytes 1, 2 and 3 before are p1,
 * p2 and p3: nonzero bytes where x is not valid UTF-8 at that point (a
 * sequence cut by the end of x is left to the next block). */
__attribute__((target("avx2"), always_inline)) static inline __m256i
u8_check32(const u8_consts32 *k, __m256i x, __m256i p1, __m256i p2,
           __m256i p3) {
  __m256i b1h = _mm256_shuffle_epi8(
      k->t1h, _mm256_and_si256(_mm256_srli_epi16(p1, 4), k->lo4));
  __m256i b1l = _mm256_shuffle_epi8(k->t1l, _mm256_and_si256(p1, k->lo4));
  __m256i b2h = _mm256_shuffle_epi8(
      k->t2h, _mm256_and_si256(_mm256_srli_epi16(x, 4), k->lo4));
  __m256i sc = _mm256_and_si256(_mm256_and_si256(b1h, b1l), b2h);
  /* 0x80 where the byte must be a continuation: two after E0..FF or
   * three after F0..FF (F5..FF were refused as they came) */
  __m256i must23 = _mm256_or_si256(_mm256_subs_epu8(p2, k->c60),
                                   _mm256_subs_epu8(p3, k->c70));
  return _mm256_xor_si256(_mm256_and_si256(must23, k->top), sc);
}

/* The block at q, whose three bytes before are readable: its errors into
 * *err, and into *inc (nonzero) a sequence its last three bytes start
 * and it does not end.  An ASCII block checks nothing, but what the block
 * before left unfinished is an error then. */
__attribute__((target("avx2"), always_inline)) static inline void
u8_step32(const u8_consts32 *k, const unsigned char *q, __m256i *err,
          __m256i *inc) {
  __m256i x = _mm256_loadu_si256((const __m256i *)q);
  if (_mm256_testz_si256(x, k->top)) {
    *err = _mm256_or_si256(*err, *inc);
    return;
  }
  *err = _mm256_or_si256(
      *err, u8_check32(k, x, _mm256_loadu_si256((const __m256i *)(q - 1)),
                       _mm256_loadu_si256((const __m256i *)(q - 2)),
                       _mm256_loadu_si256((const __m256i *)(q - 3))));
  *inc = _mm256_subs_epu8(x, k->max);
}

static int utf8_avx2(const unsigned char *p, size_t n);

/* Fewer than 35 bytes (a first block and a last one that would reach
 * before p): the string in zeros, which are ASCII and can neither make
 * valid text invalid nor hide an error (a cut sequence meets a 0, which
 * is no continuation). */
static int utf8_avx2_short(const unsigned char *p, size_t n) {
  unsigned char pad[64] = {0};
  memcpy(pad, p, n);
  return utf8_avx2(pad, sizeof pad);
}

__attribute__((target("avx2"))) static int
utf8_avx2(const unsigned char *p, size_t n) {
  if (n < 32 + 3)
    return n == 0 || utf8_avx2_short(p, n);
  u8_consts32 k = {
      _mm256_loadu_si256((const __m256i *)u8_table[0]),
      _mm256_loadu_si256((const __m256i *)u8_table[1]),
      _mm256_loadu_si256((const __m256i *)u8_table[2]),
      _mm256_set1_epi8(0x0F),
      _mm256_set1_epi8((char)0x80),
      _mm256_set1_epi8((char)(0xE0 - 0x80)),
      _mm256_set1_epi8((char)(0xF0 - 0x80)),
      _mm256_loadu_si256((const __m256i *)u8_incomplete)};
  /* gcc would otherwise rebuild these from immediates in the loop,
   * three instructions each, rather than keep them */
  __asm__("" : "+x"(k.lo4), "+x"(k.top), "+x"(k.c60), "+x"(k.c70));
  __m256i err = _mm256_setzero_si256(), inc = err;
  /* the first block: zeros shifted in from below, across the halves */
  __m256i x = _mm256_loadu_si256((const __m256i *)p);
  if (!_mm256_testz_si256(x, k.top)) {
    __m256i z = _mm256_permute2x128_si256(x, x, 0x08); /* 0, low half */
    err = u8_check32(&k, x, _mm256_alignr_epi8(x, z, 15),
                     _mm256_alignr_epi8(x, z, 14),
                     _mm256_alignr_epi8(x, z, 13));
    inc = _mm256_subs_epu8(x, k.max);
  }
  /* two blocks a turn, then one, then the 32 bytes that end at p[n - 1]
   * (overlapping what was checked: the check of a byte needs only the
   * three before it) */
  const unsigned char *q = p + 32;
  for (size_t m = (n - 32) / 64; m; m--, q += 64) {
    u8_step32(&k, q, &err, &inc);
    u8_step32(&k, q + 32, &err, &inc);
  }
  if ((n - 32) & 32)
    u8_step32(&k, q, &err, &inc);
  if (n & 31)
    u8_step32(&k, p + n - 32, &err, &inc);
  err = _mm256_or_si256(err, inc);
  return _mm256_testz_si256(err, err);
}

/* Whether the CPU has AVX2: set once, when the library is loaded (a
 * constructor runs before main, or in dlopen before it returns), the only
 * write, made before any thread of the program can call in. */
static int have_avx2 = -1;

static int cpu_has_avx2(void) {
  /* __builtin_cpu_supports reads what libgcc's constructor found;
   * __builtin_cpu_init finds it where that has not run yet */
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") != 0;
}

__attribute__((constructor)) static void utf8_init(void) {
  have_avx2 = cpu_has_avx2();
}

/* 1: s[0..n) is valid (AVX2 said so); 0: not known. */
static int valid_avx2(const unsigned char *p, size_t n) {
  int has = have_avx2;
  if (has < 0) /* called by a constructor that ran before utf8_init */
    has = cpu_has_avx2();
  return has && utf8_avx2(p, n);
}
#else
static int valid_avx2(const unsigned char *p, size_t n) {
  (void)p;
  (void)n;
  return 0;
}
#endif

size_t dp__utf8_prefix(const char *s, size_t n) {
  if (!s)
    return 0;
  const unsigned char *p = (const unsigned char *)s;
  if (valid_avx2(p, n))
    return n;
  /* A reader's buffer ends wherever a read stopped, most often inside a
   * character: the text before that character is checked at full speed,
   * and the loop left only with the few bytes after it.  (Text that is
   * valid up to m ends at a character, where the loop would be too.) */
  size_t m = n;
  while (m > 0 && n - m < 3 && (p[m - 1] & 0xC0) == 0x80)
    m--;
  if (m > 0 && p[m - 1] >= 0xC0)
    m--;
  if (m < n && valid_avx2(p, m))
    return m + dp__utf8_prefix_plain(s + m, n - m);
  return dp__utf8_prefix_plain(s, n);
}

int dp__utf8_valid(const char *s, size_t n) {
  if (!s)
    return n == 0;
  return valid_avx2((const unsigned char *)s, n) ||
         dp__utf8_prefix_plain(s, n) == n;
}

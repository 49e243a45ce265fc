/*
 * util.c - allocation, UTF-8 validation, error filling and string buffers.
 */
#include "dp-private.h"

#include <errno.h>
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

/* Length of the longest valid UTF-8 prefix of p[0..n), the way for a CPU
 * without SSSE3 (and for every other machine).  The common cases first:
 * ASCII eight bytes at a time (jumping to the first byte that is not),
 * then runs of three-byte sequences (CJK text, most of what a record
 * holds) without a call. */
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

/* `blocks` (a constant where this is inlined) takes sixteen bytes at a
 * time through utf8_block3 where the build has SSE2; without, the same
 * loop is the plain way, which the tests reach on x86 too. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline size_t utf8_prefix(const unsigned char *p, size_t n,
                                 int blocks) {
  (void)blocks;
  size_t i = 0;
  while (i < n) {
#if defined(__SSE2__)
    /* sixteen at a time where the machine has SSE2 (every x86-64) */
    if (blocks && n - i >= 16) {
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

static int utf8_plain(const unsigned char *p, size_t n) {
  return utf8_prefix(p, n, 0) == n;
}

#if defined(__SSE2__)
static int utf8_sse2(const unsigned char *p, size_t n) {
  return utf8_prefix(p, n, 1) == n;
}
#endif

/* Where the CPU has SSSE3 (pshufb) or AVX2, the Keiser-Lemire "lookup"
 * check (J. Keiser, D. Lemire, "Validating UTF-8 in less than one
 * instruction per byte", 2021; simdjson and simdutf use it) does a whole
 * block without a branch a byte, whatever its mix of ASCII, CJK and
 * other sequences: for a record's JSON, 1.7 instructions a byte by the
 * loop above, 1.1 by this with SSSE3 and 0.55 with AVX2.  Each byte is
 * checked against the three before it, so a block needs only the bytes
 * at -1, -2, -3 besides its own: they are loaded from the string (one
 * load each, cheaper than shifting them in from the block before), the
 * first block takes zeros (ASCII: nothing precedes the string) and the
 * last block ends at s[n-1], overlapping the one before rather than
 * reading past the end. */
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define DP_UTF8_DISPATCH 1
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

/* The constants of a check, loaded once a call. */
typedef struct {
  __m128i t1h, t1l, t2h, lo4, top, c60, c70, max;
} u8_consts16;

/* The errors of the sixteen bytes x, whose bytes 1, 2 and 3 before are
 * p1, p2 and p3: nonzero bytes where x is not valid UTF-8 at that point
 * (a sequence cut by the end of x is left to the next block). */
__attribute__((target("ssse3"), always_inline)) static inline __m128i
u8_check16(const u8_consts16 *k, __m128i x, __m128i p1, __m128i p2,
           __m128i p3) {
  __m128i b1h =
      _mm_shuffle_epi8(k->t1h, _mm_and_si128(_mm_srli_epi16(p1, 4), k->lo4));
  __m128i b1l = _mm_shuffle_epi8(k->t1l, _mm_and_si128(p1, k->lo4));
  __m128i b2h =
      _mm_shuffle_epi8(k->t2h, _mm_and_si128(_mm_srli_epi16(x, 4), k->lo4));
  __m128i sc = _mm_and_si128(_mm_and_si128(b1h, b1l), b2h);
  /* 0x80 where the byte must be a continuation: two after E0..FF or
   * three after F0..FF (F5..FF were refused as they came) */
  __m128i must23 = _mm_or_si128(_mm_subs_epu8(p2, k->c60),
                                _mm_subs_epu8(p3, k->c70));
  return _mm_xor_si128(_mm_and_si128(must23, k->top), sc);
}

/* The block at q, whose three bytes before are readable: its errors into
 * *err, and into *inc (nonzero) a sequence its last three bytes start
 * and it does not end.  An ASCII block checks nothing, but what the block
 * before left unfinished is an error then. */
__attribute__((target("ssse3"), always_inline)) static inline void
u8_step16(const u8_consts16 *k, const unsigned char *q, __m128i *err,
          __m128i *inc) {
  __m128i x = _mm_loadu_si128((const __m128i *)q);
  if (_mm_movemask_epi8(x) == 0) {
    *err = _mm_or_si128(*err, *inc);
    return;
  }
  *err = _mm_or_si128(
      *err, u8_check16(k, x, _mm_loadu_si128((const __m128i *)(q - 1)),
                       _mm_loadu_si128((const __m128i *)(q - 2)),
                       _mm_loadu_si128((const __m128i *)(q - 3))));
  *inc = _mm_subs_epu8(x, k->max);
}

static int utf8_ssse3(const unsigned char *p, size_t n);

/* Fewer than 19 bytes (a first block and a last one that would reach
 * before p): the string in zeros, which are ASCII and can neither make
 * valid text invalid nor hide an error (a cut sequence meets a 0, which
 * is no continuation). */
static int utf8_ssse3_short(const unsigned char *p, size_t n) {
  unsigned char pad[32] = {0};
  memcpy(pad, p, n);
  return utf8_ssse3(pad, sizeof pad);
}

__attribute__((target("ssse3"))) static int
utf8_ssse3(const unsigned char *p, size_t n) {
  if (n < 16 + 3)
    return n == 0 || utf8_ssse3_short(p, n);
  u8_consts16 k = {_mm_loadu_si128((const __m128i *)u8_table[0]),
                   _mm_loadu_si128((const __m128i *)u8_table[1]),
                   _mm_loadu_si128((const __m128i *)u8_table[2]),
                   _mm_set1_epi8(0x0F),
                   _mm_set1_epi8((char)0x80),
                   _mm_set1_epi8((char)(0xE0 - 0x80)),
                   _mm_set1_epi8((char)(0xF0 - 0x80)),
                   _mm_loadu_si128((const __m128i *)(u8_incomplete + 16))};
  /* gcc would otherwise rebuild these from immediates in the loop, two
   * or three instructions each, rather than keep them */
  __asm__("" : "+x"(k.lo4), "+x"(k.top), "+x"(k.c60), "+x"(k.c70));
  __m128i err = _mm_setzero_si128(), inc = err;
  /* the first block: nothing before it (zeros shifted in) */
  __m128i x = _mm_loadu_si128((const __m128i *)p);
  if (_mm_movemask_epi8(x)) {
    err = u8_check16(&k, x, _mm_slli_si128(x, 1), _mm_slli_si128(x, 2),
                     _mm_slli_si128(x, 3));
    inc = _mm_subs_epu8(x, k.max);
  }
  /* two blocks a turn, then one, then the 16 bytes that end at p[n - 1]
   * (overlapping what was checked: the check of a byte needs only the
   * three before it) */
  const unsigned char *q = p + 16;
  for (size_t m = (n - 16) / 32; m; m--, q += 32) {
    u8_step16(&k, q, &err, &inc);
    u8_step16(&k, q + 16, &err, &inc);
  }
  if ((n - 16) & 16)
    u8_step16(&k, q, &err, &inc);
  if (n & 15)
    u8_step16(&k, p + n - 16, &err, &inc);
  err = _mm_or_si128(err, inc);
  return _mm_movemask_epi8(_mm_cmpeq_epi8(err, _mm_setzero_si128())) ==
         0xFFFF;
}

/* The same thirty-two bytes at a time.  AVX2's pshufb looks up in each
 * 128-bit half, so the tables are there twice; the constants are loaded
 * once a call. */
typedef struct {
  __m256i t1h, t1l, t2h, lo4, top, c60, c70, max;
} u8_consts32;

__attribute__((target("avx2"), always_inline)) static inline __m256i
u8_check32(const u8_consts32 *k, __m256i x, __m256i p1, __m256i p2,
           __m256i p3) {
  __m256i b1h = _mm256_shuffle_epi8(
      k->t1h, _mm256_and_si256(_mm256_srli_epi16(p1, 4), k->lo4));
  __m256i b1l = _mm256_shuffle_epi8(k->t1l, _mm256_and_si256(p1, k->lo4));
  __m256i b2h = _mm256_shuffle_epi8(
      k->t2h, _mm256_and_si256(_mm256_srli_epi16(x, 4), k->lo4));
  __m256i sc = _mm256_and_si256(_mm256_and_si256(b1h, b1l), b2h);
  __m256i must23 = _mm256_or_si256(_mm256_subs_epu8(p2, k->c60),
                                   _mm256_subs_epu8(p3, k->c70));
  return _mm256_xor_si256(_mm256_and_si256(must23, k->top), sc);
}

/* As u8_step16. */
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

/* Whether this CPU has what the way `path` needs. */
static int utf8_cpu_has(int path) {
  /* __builtin_cpu_supports reads what libgcc's constructor found;
   * __builtin_cpu_init finds it where that has not run yet (and does
   * nothing after) */
  __builtin_cpu_init();
  switch (path) {
  case DP__UTF8_AVX2:
    return __builtin_cpu_supports("avx2") != 0;
  case DP__UTF8_SSSE3:
    return __builtin_cpu_supports("ssse3") != 0;
  default:
    return 1;
  }
}

/* The best way this CPU has. */
static int utf8_pick(void) {
  if (utf8_cpu_has(DP__UTF8_AVX2))
    return DP__UTF8_AVX2;
  if (utf8_cpu_has(DP__UTF8_SSSE3))
    return DP__UTF8_SSSE3;
#if defined(__SSE2__)
  return DP__UTF8_SSE2;
#else
  return DP__UTF8_PLAIN;
#endif
}

typedef int utf8_fn(const unsigned char *p, size_t n);
#if defined(__SSE2__)
static utf8_fn *const utf8_way[] = {utf8_plain, utf8_sse2, utf8_ssse3,
                                    utf8_avx2};
#else
static utf8_fn *const utf8_way[] = {utf8_plain, utf8_plain, utf8_ssse3,
                                    utf8_avx2};
#endif

/* The way dp__utf8_valid takes, chosen once, when the library is loaded:
 * the only write, made before any thread of the program can call in (a
 * constructor runs before main, or in dlopen before it returns).  Not
 * with call_once: helgrind does not see the order that glibc's
 * pthread_once makes, and reports the first calls of two threads as a
 * race; nor each thread storing the same value, which is a data race in
 * C11 even if a harmless one on x86. */
static utf8_fn *utf8_best;

__attribute__((constructor)) static void utf8_init(void) {
  utf8_best = utf8_way[utf8_pick()];
}
#endif /* x86 */

int dp__utf8_valid(const char *s, size_t n) {
  if (!s)
    return n == 0;
#if defined(DP_UTF8_DISPATCH)
  utf8_fn *f = utf8_best;
  if (!f) /* called by a constructor that ran before utf8_init */
    f = utf8_way[utf8_pick()];
  return f((const unsigned char *)s, n);
#elif defined(__SSE2__)
  return utf8_sse2((const unsigned char *)s, n);
#else
  return utf8_plain((const unsigned char *)s, n);
#endif
}

size_t dp__utf8_prefix(const char *s, size_t n) {
  if (!s)
    return 0;
#if defined(__SSE2__)
  return utf8_prefix((const unsigned char *)s, n, 1);
#else
  return utf8_prefix((const unsigned char *)s, n, 0);
#endif
}

int dp__utf8_path(void) {
#if defined(DP_UTF8_DISPATCH)
  return utf8_pick();
#elif defined(__SSE2__)
  return DP__UTF8_SSE2;
#else
  return DP__UTF8_PLAIN;
#endif
}

int dp__utf8_valid_by(int path, const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  if (!s)
    return n == 0;
  switch (path) {
  case DP__UTF8_PLAIN:
    return utf8_plain(p, n);
#if defined(__SSE2__)
  case DP__UTF8_SSE2:
    return utf8_sse2(p, n);
#endif
#if defined(DP_UTF8_DISPATCH)
  case DP__UTF8_SSSE3:
  case DP__UTF8_AVX2:
    return utf8_cpu_has(path) ? utf8_way[path](p, n) : -1;
#endif
  default:
    return -1;
  }
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
    uint64_t w = 0;
    for (size_t i = 0; i < n; i++) w |= (uint64_t)s[i] << (8 * i);
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

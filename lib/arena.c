/*
 * arena.c - the blocks a record's parse tree lives in (dp-json.h).
 *
 * An arena is a list of chunks; a block is the next aligned piece of the
 * current chunk.  Blocks are never freed one by one: the arena is reset
 * (or freed) when its record is freed.  An empty arena's first chunk is
 * sized from the record's JSON text (6 bytes a byte, 1–64 KiB: 4 KiB for
 * the common record of 700 bytes, whose tree takes about 3.2 KB); when
 * it runs out, the next chunk is twice the last.  The last chunk is kept
 * for the next record when it is at most 64 KiB, so that a thread reading
 * record after record allocates nothing in the steady state and its
 * memory stays flat.
 *
 * Under AddressSanitizer the space no block owns is poisoned and each
 * block is followed by a poisoned gap, so that a read past a string or a
 * use of a tree after its record was freed is still reported.
 */
#include "dp-private.h"
#include "dp-json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#if defined(__SANITIZE_ADDRESS__)
#define DP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DP_ASAN 1
#endif
#endif
#ifdef DP_ASAN
#include <sanitizer/asan_interface.h>
#define POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#define REDZONE 16u
#else
#define POISON(p, n) ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#define REDZONE 0u
#endif

/* what malloc guarantees on the platforms we build for (max_align_t) */
#define ALIGN ((size_t)_Alignof(max_align_t))
#define FIRST_CHUNK ((size_t)4096)
#define MIN_CHUNK ((size_t)1024)
#define KEEP_CHUNK ((size_t)65536)
/* A record's tree takes about 4.7 times its JSON text (3.2 KB for the
 * generator's 690 bytes, at most 6.4 times in 20 000 of them): an empty
 * arena's first chunk is sized from the text (dp__json_parse), so that a
 * record kept alive holds about what its tree needs. */
#define TREE_PER_BYTE 6

struct dp__chunk {
  dp__chunk *next;
  size_t size; /* bytes of data after the header */
};
#define HDR ((sizeof(dp__chunk) + ALIGN - 1) & ~(ALIGN - 1))

static char *chunk_data(dp__chunk *c) { return (char *)c + HDR; }

static dp__chunk *new_chunk(dp__arena *a, size_t size) {
  if (size > SIZE_MAX - HDR) return NULL;
  dp__chunk *c = malloc(HDR + size);
  if (!c) return NULL;
  c->size = size;
  c->next = a->chunks;
  a->chunks = c;
  a->cur = chunk_data(c);
  a->end = a->cur + size;
  POISON(a->cur, size);
  return c;
}

#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void *alloc_slow(dp__arena *a, size_t need) {
  size_t size = a->chunks ? a->chunks->size * 2 : FIRST_CHUNK;
  if (size < need) size = need;
  if (!new_chunk(a, size)) return NULL;
  char *p = a->cur;
  a->cur += need;
  return p;
}

/* The one way a block is taken: from the current chunk, else a new one.
 * Inline in cJSON's hook below, where it runs for every value. */
static inline void *arena_alloc(dp__arena *a, size_t size) {
  if (size > SIZE_MAX / 2) return NULL;
  size_t need = (size + REDZONE + ALIGN - 1) & ~(ALIGN - 1);
  if (need == 0) need = ALIGN;
  char *p;
  if (need <= (size_t)(a->end - a->cur)) {
    p = a->cur;
    a->cur += need;
  } else if (!(p = alloc_slow(a, need))) {
    return NULL;
  }
  UNPOISON(p, size);
  return p;
}

void *dp__arena_alloc(dp__arena *a, size_t size) {
  return arena_alloc(a, size);
}

int dp__arena_reserve(dp__arena *a, size_t size) {
  if (a->chunks) return 0;
  size = (size + ALIGN - 1) & ~(ALIGN - 1);
  if (size < MIN_CHUNK) size = MIN_CHUNK;
  if (size > KEEP_CHUNK) size = KEEP_CHUNK;
  return new_chunk(a, size) ? 0 : -1;
}

void dp__arena_reset(dp__arena *a) {
  dp__chunk *keep = a->chunks;
  if (keep && keep->size > KEEP_CHUNK) keep = NULL;
  for (dp__chunk *c = a->chunks, *next; c; c = next) {
    next = c->next;
    if (c != keep) {
      UNPOISON(chunk_data(c), c->size);
      free(c);
    }
  }
  if (keep) {
    keep->next = NULL;
    a->chunks = keep;
    a->cur = chunk_data(keep);
    a->end = a->cur + keep->size;
    POISON(a->cur, keep->size);
  } else {
    memset(a, 0, sizeof *a);
  }
}

void dp__arena_free(dp__arena *a) {
  for (dp__chunk *c = a->chunks, *next; c; c = next) {
    next = c->next;
    UNPOISON(chunk_data(c), c->size);
    free(c);
  }
  memset(a, 0, sizeof *a);
}

size_t dp__arena_size(const dp__arena *a) {
  size_t n = 0;
  for (const dp__chunk *c = a->chunks; c; c = c->next) n += c->size;
  return n;
}

/* ---------------------------------------------------------------------
 * cJSON's hooks
 *
 * The bundled cJSON allocates through these.  While dp__json_parse runs
 * on a thread, that thread's blocks come from the arena it was given and
 * cJSON's frees (of a partial tree, when the parse fails) do nothing: the
 * arena goes as a whole.  At any other time they are malloc and free, so
 * a tree parsed outside dp__json_parse (the calendar's, the tests') is an
 * ordinary cJSON tree that cJSON_Delete frees.  A block is therefore
 * always freed by the kind of allocator that made it.
 * ------------------------------------------------------------------- */

#ifdef DP_BUNDLED_CJSON
/* Read for every block cJSON allocates.  The initial-exec model makes
 * that one load from the thread pointer (no call): the variable takes 8
 * bytes of the static TLS that glibc sets aside for libraries loaded
 * with dlopen (Python loads the library so), far within its surplus. */
#if defined(__GNUC__) && defined(__ELF__)
#define DP_TLS_IE __attribute__((tls_model("initial-exec")))
#else
#define DP_TLS_IE
#endif
static _Thread_local dp__arena *parse_arena DP_TLS_IE;

static void *hook_malloc(size_t n) {
  dp__arena *a = parse_arena;
  return a ? arena_alloc(a, n) : malloc(n);
}

static void hook_free(void *p) {
  if (!parse_arena) free(p);
}

static once_flag hooks_once = ONCE_FLAG_INIT;

static void set_hooks(void) {
  cJSON_Hooks h = {hook_malloc, hook_free};
  cJSON_InitHooks(&h);
}

void dp__json_init(void) { call_once(&hooks_once, set_hooks); }

cJSON *dp__json_parse(dp__arena *a, const char *text, size_t len,
                      const char **end) {
  dp__json_init();
  /* sized from the text; if this fails, so does the parse */
  if (len <= KEEP_CHUNK / TREE_PER_BYTE)
    (void)dp__arena_reserve(a, len * TREE_PER_BYTE);
  else
    (void)dp__arena_reserve(a, KEEP_CHUNK);
  parse_arena = a;
  cJSON *root = cJSON_ParseWithLengthOpts(text, len, end, 0);
  parse_arena = NULL;
  return root;
}

void dp__json_drop(dp__arena *a, cJSON *root) {
  (void)root;
  dp__arena_reset(a);
}
#else
void dp__json_init(void) {}

cJSON *dp__json_parse(dp__arena *a, const char *text, size_t len,
                      const char **end) {
  (void)a;
  return cJSON_ParseWithLengthOpts(text, len, end, 0);
}

void dp__json_drop(dp__arena *a, cJSON *root) {
  (void)a;
  cJSON_Delete(root);
}
#endif

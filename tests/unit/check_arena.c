/*
 * check_arena.c - the arena a record's parse tree lives in (lib/arena.c,
 * lib/dp-json.h) and the bundled cJSON's hooks.
 *
 * The arena on its own: blocks are aligned, distinct and keep what was
 * written to them; large blocks get chunks of their own; a reset keeps one
 * chunk of a common size and frees the rest.  Then as the records use it:
 * a record's strings live exactly as long as the record, however many
 * other records come and go on the thread; a thread reading record after
 * record (good or bad JSON) keeps one chunk, not more; and cJSON trees
 * made outside a record's parse are ordinary malloc'd trees.
 */
#include "util.h"

#include "dp-json.h"

#include <pthread.h>
#include <stdint.h>

#define ALIGN _Alignof(max_align_t)

/* lib/arena.c's sizes: the first chunk of an arena that was not given
 * one (dp__arena_reserve), and the largest chunk a reset keeps */
#define FIRST 4096u
#define KEEP 65536u

/* Whether records are parsed into their arenas: with the bundled cJSON,
 * not with the system's (configure --with-system-cjson: trees freed by
 * cJSON_Delete). */
#ifdef DP_BUNDLED_CJSON
#define ARENAS 1
#else
#define ARENAS 0
#endif

/* ---------------------------------------------------------------------
 * The arena
 * ------------------------------------------------------------------- */

START_TEST(blocks_aligned_distinct_kept) {
  dp__arena a = {0};
  ck_assert_uint_eq(dp__arena_size(&a), 0);
  enum { N = 2000 };
  unsigned char *p[N];
  size_t len[N];
  for (size_t i = 0; i < N; i++) {
    len[i] = (i * 37) % 300; /* 0..299 bytes: across several chunks */
    p[i] = dp__arena_alloc(&a, len[i]);
    ck_assert_ptr_nonnull(p[i]);
    ck_assert_uint_eq((uintptr_t)p[i] % ALIGN, 0);
    memset(p[i], (int)(i & 0xff), len[i]);
  }
  /* nothing was overwritten by a later block */
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < len[i]; k++)
      ck_assert_uint_eq(p[i][k], i & 0xff);
  /* no two blocks overlap */
  for (size_t i = 1; i < N; i++)
    if (len[i - 1] && len[i])
      ck_assert(p[i] >= p[i - 1] + len[i - 1] || p[i] + len[i] <= p[i - 1]);
  ck_assert_uint_ge(dp__arena_size(&a), 8192);
  dp__arena_free(&a);
  ck_assert_uint_eq(dp__arena_size(&a), 0);
  ck_assert_ptr_null(a.chunks);
}
END_TEST

START_TEST(large_block_and_reset) {
  dp__arena a = {0};
  char *small = dp__arena_alloc(&a, 10);
  ck_assert_ptr_nonnull(small);
  ck_assert_uint_eq(dp__arena_size(&a), FIRST);
  /* larger than a doubled chunk: a chunk of its own size */
  char *big = dp__arena_alloc(&a, 100000);
  ck_assert_ptr_nonnull(big);
  memset(big, 'x', 100000);
  ck_assert_uint_ge(dp__arena_size(&a), FIRST + 100000);
  /* the big chunk is not kept (over 64 KiB): nothing is */
  dp__arena_reset(&a);
  ck_assert_uint_eq(dp__arena_size(&a), 0);
  /* 4 KiB, then 8, 16 and 32 (blocks of 1000 bytes: 4 + 8 + 16 of them,
   * and 12 in the last): the last (largest) one is kept */
  for (int i = 0; i < 40; i++) ck_assert_ptr_nonnull(dp__arena_alloc(&a, 1000));
  ck_assert_uint_eq(dp__arena_size(&a), FIRST * (1 + 2 + 4 + 8));
  dp__arena_reset(&a);
  ck_assert_uint_eq(dp__arena_size(&a), FIRST * 8);
  /* and after a reset its space is used again from the start */
  char *q = dp__arena_alloc(&a, 16);
  char *q2 = dp__arena_alloc(&a, 16);
  ck_assert(q2 > q && q2 - q <= 64); /* next in the same chunk */
  ck_assert_uint_eq(dp__arena_size(&a), FIRST * 8);
  dp__arena_reset(&a);
  ck_assert_ptr_eq(dp__arena_alloc(&a, 16), q);
  /* an impossible size is refused, not wrapped round */
  ck_assert_ptr_null(dp__arena_alloc(&a, SIZE_MAX - 8));
  dp__arena_free(&a);
}
END_TEST

/* A first chunk of the size asked (within 1 KiB to 64 KiB), only for an
 * empty arena; then chunks double from it. */
START_TEST(reserve_sizes_first_chunk) {
  dp__arena a = {0};
  ck_assert_int_eq(dp__arena_reserve(&a, 3000), 0);
  ck_assert_uint_ge(dp__arena_size(&a), 3000);
  ck_assert_uint_lt(dp__arena_size(&a), 3000 + 64);
  size_t first = dp__arena_size(&a);
  ck_assert_int_eq(dp__arena_reserve(&a, 50000), 0); /* has one: no-op */
  ck_assert_uint_eq(dp__arena_size(&a), first);
  ck_assert_ptr_nonnull(dp__arena_alloc(&a, first - 16));
  ck_assert_ptr_nonnull(dp__arena_alloc(&a, 100)); /* a second chunk */
  ck_assert_uint_eq(dp__arena_size(&a), first * 3);
  dp__arena_free(&a);
  ck_assert_int_eq(dp__arena_reserve(&a, 10), 0);
  ck_assert_uint_eq(dp__arena_size(&a), 1024);
  dp__arena_free(&a);
  ck_assert_int_eq(dp__arena_reserve(&a, SIZE_MAX / 4), 0);
  ck_assert_uint_eq(dp__arena_size(&a), KEEP);
  dp__arena_free(&a);
}
END_TEST

/* ---------------------------------------------------------------------
 * Records
 * ------------------------------------------------------------------- */

static dp_record *parse(const char *json) {
  dp_record *r = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_record_from_json(&r, json, strlen(json), 0, &err), 0);
  return r;
}

static char *record_json(int i, size_t title_len) {
  char *title = malloc(title_len + 1);
  ck_assert_ptr_nonnull(title);
  for (size_t k = 0; k < title_len; k++) title[k] = (char)('a' + (k + i) % 26);
  title[title_len] = '\0';
  size_t n = title_len + 512;
  char *json = malloc(n);
  ck_assert_ptr_nonnull(json);
  snprintf(json, n,
           "{\"id\":\"r-%d\",\"procedure\":\"normative_document\","
           "\"title\":\"%s\",\"events\":[{\"step\":\"drafting\","
           "\"date\":\"2023-01-%02d\",\"label\":\"起草 %d\"}]}",
           i, title, 1 + i % 28, i);
  free(title);
  return json;
}

/* Records parsed one after another, all alive at once, then freed in a
 * mixed order: each keeps its own strings (a per-thread arena reset at
 * each parse would hand the first record's blocks to the second). */
START_TEST(records_keep_their_strings) {
  enum { N = 50 };
  dp_record *r[N];
  for (int i = 0; i < N; i++) {
    char *json = record_json(i, (size_t)(i * 97 % 3000));
    r[i] = parse(json);
    free(json);
  }
  for (int round = 0; round < 2; round++)
    for (int i = round; i < N; i += 2) {
      for (int k = 0; k < N; k++) {
        if (!r[k]) continue;
        char id[16], label[32];
        snprintf(id, sizeof id, "r-%d", k);
        snprintf(label, sizeof label, "起草 %d", k);
        ck_assert_str_eq(dp_record_get(r[k], "id"), id);
        ck_assert_uint_eq(strlen(dp_record_get(r[k], "title")),
                          (size_t)(k * 97 % 3000));
        ck_assert_str_eq(dp_event_get(r[k], 0, "label"), label);
      }
      dp_record_free(r[i]);
      r[i] = NULL;
    }
}
END_TEST

/* A thread reading record after record keeps one chunk: the arena of the
 * spare record is reset, not grown, by each record, also when the JSON
 * is bad (a failed parse leaves blocks in the arena) and after a record
 * too big for a kept chunk. */
START_TEST(arena_flat_over_records) {
  char *good = record_json(1, 100);
  /* JSON that cJSON stops reading half-way: the blocks of what it read
   * are in the arena, and no tree is given to the record */
  const char *bad[] = {"{\"id\":\"x\",\"events\":[{\"step\":\"drafting\"",
                       "[1,2,{\"a\":\"b\"}", "{\"id\":\"x\"} trailing"};
  dp_record *r = parse(good);
  size_t first = dp__arena_size(&r->arena);
  /* sized from the text: the tree of this record fits in one chunk */
  if (ARENAS) {
    ck_assert_uint_ge(first, 1024);
    ck_assert_uint_le(first, 6 * strlen(good) + 64);
  } else {
    ck_assert_uint_eq(first, 0);
  }
  dp_record_free(r);
  for (int i = 0; i < 3000; i++) {
    dp_error err = {0};
    dp_record *b = NULL;
    const char *t = bad[i % 2];
    int rc = dp_record_from_json(&b, t, strlen(t), 0, &err);
    ck_assert_int_eq(rc, DP_EJSON);
    ck_assert_ptr_null(b);
    if (i % 100 != 99) continue; /* bad after bad, then a good one */
    /* a value followed by text: the tree was made, then dropped */
    rc = dp_record_from_json(&b, bad[2], strlen(bad[2]), 0, &err);
    ck_assert_int_eq(rc, DP_EJSON);
    r = parse(good);
    ck_assert_uint_eq(dp__arena_size(&r->arena), first);
    dp_record_free(r);
  }
  /* a record of 200 KB takes bigger chunks while it lives ... */
  char *huge = record_json(2, 200000);
  r = parse(huge);
  if (ARENAS) ck_assert_uint_gt(dp__arena_size(&r->arena), 200000);
  ck_assert_uint_eq(strlen(dp_record_get(r, "title")), 200000);
  dp_record_free(r);
  /* ... which the thread does not keep */
  r = parse(good);
  ck_assert_uint_le(dp__arena_size(&r->arena), KEEP);
  ck_assert_str_eq(dp_record_get(r, "id"), "r-1");
  dp_record_free(r);
  free(huge);
  free(good);
}
END_TEST

/* The nesting limit's record and a record that is not an object: the
 * tree is gone (or never given to the record) and the record still says
 * what was wrong. */
START_TEST(invalid_records_after_parse) {
  char deep[300];
  size_t k = 0;
  for (int i = 0; i < 100; i++) deep[k++] = '[';
  for (int i = 0; i < 100; i++) deep[k++] = ']';
  deep[k] = '\0';
  dp_record *r = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp__record_from_json(&r, deep, k, &err), DP_ELIMIT);
  ck_assert_ptr_nonnull(r);
  ck_assert_ptr_null(r->json);
  dp_record_free(r);
  const char *arr = "[\"not\",\"an\",\"object\"]";
  ck_assert_int_eq(dp__record_from_json(&r, arr, strlen(arr), &err),
                   DP_ERECORD);
  ck_assert_ptr_nonnull(r);
  dp_record_free(r);
  r = parse("{\"id\":\"after\",\"procedure\":\"major_decision\",\"events\":[]}");
  ck_assert_str_eq(dp_record_get(r, "id"), "after");
  dp_record_free(r);
}
END_TEST

/* Records parsed on one thread and freed on another: the arena goes with
 * the record (ASan, valgrind and helgrind watch this one). */
typedef struct handoff {
  dp_record *recs[32];
  int n;
} handoff;

static void *make_records(void *arg) {
  handoff *h = arg;
  for (int i = 0; i < 32; i++) {
    char *json = record_json(i, (size_t)i * 500);
    dp_error err = {0};
    if (dp_record_from_json(&h->recs[h->n], json, strlen(json), 0, &err) == 0)
      h->n++;
    free(json);
  }
  return NULL;
}

START_TEST(records_freed_on_another_thread) {
  handoff h = {{0}, 0};
  pthread_t t;
  ck_assert_int_eq(pthread_create(&t, NULL, make_records, &h), 0);
  pthread_join(t, NULL);
  ck_assert_int_eq(h.n, 32);
  for (int i = 0; i < h.n; i++) {
    ck_assert_uint_eq(strlen(dp_record_get(h.recs[i], "title")),
                      (size_t)i * 500);
    dp_record_free(h.recs[i]);
  }
  /* this thread's next record takes the spare just freed */
  dp_record *r = parse("{\"id\":\"mine\",\"procedure\":\"major_decision\"}");
  ck_assert_str_eq(dp_record_get(r, "id"), "mine");
  dp_record_free(r);
}
END_TEST

/* cJSON used outside a record's parse (the calendar; an application of
 * the bundled copy) allocates with malloc and frees with free, before
 * and after the library set the hooks: ASan and valgrind would report a
 * block freed by the wrong allocator. */
START_TEST(plain_trees_outside_records) {
  cJSON *before = cJSON_Parse("{\"a\":[1,2,\"three\"]}");
  ck_assert_ptr_nonnull(before);
  dp_engine *e = NULL;
  dp_error err = {0};
  /* loads the embedded calendar through cJSON: the hooks are set */
  ck_assert_int_eq(dp_engine_new(&e, 0, &err), 0);
  dp_record *r = parse("{\"id\":\"x\",\"procedure\":\"major_decision\"}");
  cJSON *after = cJSON_Parse("{\"b\":{\"c\":\"四\"}}");
  ck_assert_ptr_nonnull(after);
  char *s = cJSON_PrintUnformatted(after);
  ck_assert_str_eq(s, "{\"b\":{\"c\":\"四\"}}");
  cJSON_free(s);
  cJSON_Delete(before);
  dp_record_free(r);
  ck_assert_str_eq(
      cJSON_GetObjectItem(cJSON_GetObjectItem(after, "b"), "c")->valuestring,
      "四");
  cJSON_Delete(after);
  dp_engine_free(e);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("arena");
  TCase *tc = tcase_create("arena");
  tcase_add_test(tc, blocks_aligned_distinct_kept);
  tcase_add_test(tc, large_block_and_reset);
  tcase_add_test(tc, reserve_sizes_first_chunk);
  suite_add_tcase(s, tc);
  tc = tcase_create("records");
  tcase_add_test(tc, records_keep_their_strings);
  tcase_add_test(tc, arena_flat_over_records);
  tcase_add_test(tc, invalid_records_after_parse);
  tcase_add_test(tc, records_freed_on_another_thread);
  tcase_add_test(tc, plain_trees_outside_records);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(suite()); }

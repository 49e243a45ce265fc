/*
 * baseline.c - the parse-only baseline of the dueproc benchmarks.
 *
 *   bench/baseline FILE.jsonl
 *
 * Reads JSON Lines the way the library's reader does (lib/reader.c:
 * fread in 64 KiB chunks into one buffer, memchr for the end of a line,
 * cJSON_ParseWithLengthOpts on the line) and touches every value of every
 * record: each field name, each string's bytes (strlen), each boolean,
 * every event's fields.  Nothing else: no record is built, nothing is
 * checked, nothing is written but a count and a checksum on stderr.
 * That is the least any validator using cJSON must do; bench/run divides
 * the validator's time by this one.
 *
 * It is built with the cJSON the library uses (the bundled lib/cjson/ or,
 * configure --with-system-cjson, the system's), allocating with malloc
 * and freeing with cJSON_Delete as an application does.  Built with
 * -DBASELINE_ARENA (bench/baseline-arena), cJSON allocates from a bump
 * arena that is reset after each record instead: the least a parse can
 * cost with an allocator like the library's (lib/arena.c).
 */
#ifdef DP_BUNDLED_CJSON
#include "cjson/cJSON.h"
#else
#include <cjson/cJSON.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 65536

static unsigned long sum;

#ifdef BASELINE_ARENA
/* 1 MiB of 16-byte aligned blocks; a record that needs more gets malloc
 * (never with the generator's records) */
static _Alignas(16) char arena[1 << 20];
static size_t arena_used;

static void *arena_malloc(size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (n > sizeof arena - arena_used) return malloc(n);
  void *p = arena + arena_used;
  arena_used += n;
  return p;
}

static void arena_free(void *p) {
  if ((char *)p < arena || (char *)p >= arena + sizeof arena) free(p);
}
#endif

static void touch(const cJSON *v) {
  for (const cJSON *c = v; c; c = c->next) {
    if (c->string) sum += strlen(c->string);
    if (cJSON_IsString(c)) sum += strlen(c->valuestring);
    else if (cJSON_IsBool(c)) sum += cJSON_IsTrue(c) ? 1 : 0;
    else if (cJSON_IsNumber(c)) sum += (unsigned long)c->valueint;
    else if (cJSON_IsObject(c) || cJSON_IsArray(c)) touch(c->child);
  }
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: baseline FILE.jsonl\n");
    return 2;
  }
  FILE *fp = fopen(argv[1], "rb");
  if (!fp) {
    perror(argv[1]);
    return 2;
  }
  size_t cap = 2 * CHUNK, pos = 0, len = 0;
  char *buf = malloc(cap);
  if (!buf) return 2;
  int eof = 0;
#ifdef BASELINE_ARENA
  cJSON_Hooks hooks = {arena_malloc, arena_free};
  cJSON_InitHooks(&hooks);
#endif
  unsigned long records = 0, bad = 0;
  for (;;) {
    /* find the end of the line at pos, reading more as needed */
    char *nl = memchr(buf + pos, '\n', len - pos);
    if (!nl && !eof) {
      memmove(buf, buf + pos, len - pos);
      len -= pos;
      pos = 0;
      if (cap - len < CHUNK + 1) {
        cap *= 2;
        char *b = realloc(buf, cap);
        if (!b) return 2;
        buf = b;
      }
      size_t n = fread(buf + len, 1, cap - len - 1, fp);
      if (n == 0) eof = 1;
      len += n;
      continue;
    }
    size_t ll = nl ? (size_t)(nl - (buf + pos)) : len - pos;
    if (!nl && ll == 0) break;
    const char *s = buf + pos;
    pos += ll + (nl ? 1 : 0);
    size_t a = 0;
    while (a < ll && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) a++;
    if (a == ll) continue; /* blank */
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(s, ll, &end, 0);
    if (!root) {
#ifdef BASELINE_ARENA
      arena_used = 0;
#endif
      bad++;
      continue;
    }
    touch(root);
#ifdef BASELINE_ARENA
    arena_used = 0; /* the tree is gone (nothing of it was malloc'd) */
#else
    cJSON_Delete(root);
#endif
    records++;
  }
  fclose(fp);
  free(buf);
  fprintf(stderr, "%lu records, %lu unreadable, checksum %lu\n", records, bad,
          sum);
  return 0;
}

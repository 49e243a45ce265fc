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
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK 65536

static unsigned long sum;

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
      bad++;
      continue;
    }
    touch(root);
    cJSON_Delete(root);
    records++;
  }
  fclose(fp);
  free(buf);
  fprintf(stderr, "%lu records, %lu unreadable, checksum %lu\n", records, bad,
          sum);
  return 0;
}

/*
 * standalone.c - a main() for the fuzz targets without libFuzzer: feeds
 * each file named on the command line (a directory: each regular file in
 * it, sorted by name) to LLVMFuzzerTestOneInput once.  Linked with a
 * target, it replays the seed corpus and the regression cases in ordinary
 * `make check` (with any compiler) and under valgrind.
 *
 *   replay_record [-q] [FILE|DIR...]
 *
 * With no argument it replays fuzz/corpus/<target>/ and
 * fuzz/regressions/<target>/ under $top_srcdir (DP_FUZZ_TARGET names the
 * target at compile time); that is the test `make check` runs.
 * Exit status: 0 when every file was read and replayed, 1 when one could
 * not be read, 77 (skipped, for the Automake test driver) when no file
 * was named or every directory was empty.  A crash of the target is a
 * crash of this program.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int quiet;
static size_t replayed;

static int replay_file(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    fprintf(stderr, "%s: %s\n", path, strerror(errno));
    return 1;
  }
  size_t cap = 4096, len = 0;
  uint8_t *buf = malloc(cap);
  for (;;) {
    if (!buf) {
      fprintf(stderr, "%s: out of memory\n", path);
      fclose(fp);
      return 1;
    }
    len += fread(buf + len, 1, cap - len, fp);
    if (len < cap) break;
    uint8_t *nb = realloc(buf, cap * 2);
    if (!nb) free(buf);
    buf = nb;
    cap *= 2;
  }
  int bad = ferror(fp);
  fclose(fp);
  if (bad) {
    fprintf(stderr, "%s: read error\n", path);
    free(buf);
    return 1;
  }
  /* An exact-size copy, so that an overread shows up under ASan and
   * valgrind as it would under libFuzzer. */
  uint8_t *exact = malloc(len ? len : 1);
  if (!exact) {
    free(buf);
    return 1;
  }
  if (len) memcpy(exact, buf, len);
  free(buf);
  if (!quiet) fprintf(stderr, "replay %s (%zu bytes)\n", path, len);
  LLVMFuzzerTestOneInput(exact, len);
  free(exact);
  replayed++;
  return 0;
}

static int cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    fprintf(stderr, "%s: %s\n", dir, strerror(errno));
    return 1;
  }
  char **names = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  int rc = 0;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.') continue; /* ., .., .gitkeep */
    if (n == cap) {
      cap = cap ? cap * 2 : 64;
      char **nn = realloc(names, cap * sizeof *names);
      if (!nn) {
        rc = 1;
        break;
      }
      names = nn;
    }
    size_t len = strlen(dir) + 1 + strlen(de->d_name) + 1;
    names[n] = malloc(len);
    if (!names[n]) {
      rc = 1;
      break;
    }
    snprintf(names[n], len, "%s/%s", dir, de->d_name);
    n++;
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, cmp);
  for (size_t i = 0; i < n; i++) {
    struct stat st;
    if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
      rc |= replay_file(names[i]);
    free(names[i]);
  }
  free(names);
  return rc;
}

/* With no file named: the target's seeds and regression cases, found
 * through $top_srcdir (exported by the test harness, Makefile.am). */
static int replay_defaults(void) {
#ifdef DP_FUZZ_TARGET
  const char *top = getenv("top_srcdir");
  if (!top || !*top) top = ".";
  const char *sub[2] = {"corpus", "regressions"};
  int rc = 0;
  quiet = 1;
  for (int k = 0; k < 2; k++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/fuzz/%s/%s", top, sub[k],
             DP_FUZZ_TARGET);
    struct stat st;
    if (k == 1 && stat(path, &st) != 0) continue; /* no regressions yet */
    rc |= replay_dir(path);
  }
  return rc;
#else
  return 0;
#endif
}

int main(int argc, char **argv) {
  int rc = 0;
  if (argc < 2) rc = replay_defaults();
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "-q") == 0) {
      quiet = 1;
      continue;
    }
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      fprintf(stderr, "%s: %s\n", argv[i], strerror(errno));
      rc = 1;
    } else if (S_ISDIR(st.st_mode)) {
      rc |= replay_dir(argv[i]);
    } else {
      rc |= replay_file(argv[i]);
    }
  }
  fprintf(stderr, "%s: %zu input(s) replayed\n", argc > 0 ? argv[0] : "replay",
          replayed);
  if (rc) return 1;
  return replayed ? 0 : 77;
}

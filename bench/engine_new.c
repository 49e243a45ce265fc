/*
 * engine_new.c - time dp_engine_new() with the embedded defaults: parsing
 * the rule text, compiling the label and form patterns, loading the
 * holiday calendar.
 *
 *   bench/engine_new [ITERATIONS]   (default 200)
 *
 * Prints the median, the minimum and the mean time of one creation (with
 * its dp_engine_free), in milliseconds, as one line of key=value pairs.
 */
#include <dueproc.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 200;
  if (n < 1) n = 1;
  double *t = malloc((size_t)n * sizeof *t), total = 0;
  if (!t) return 2;
  for (int i = 0; i < n; i++) {
    dp_engine *e;
    dp_error err;
    double t0 = now();
    if (dp_engine_new(&e, 0, &err) != 0) {
      fprintf(stderr, "dp_engine_new failed: %s\n", err.text);
      return 1;
    }
    dp_engine_free(e);
    t[i] = now() - t0;
    total += t[i];
  }
  qsort(t, (size_t)n, sizeof *t, cmp);
  printf("iterations=%d median_ms=%.3f min_ms=%.3f mean_ms=%.3f\n", n,
         t[n / 2] * 1e3, t[0] * 1e3, total / n * 1e3);
  free(t);
  return 0;
}

/*
 * replay.c - the driver of the bad-input corpus (tests/bad-input/README).
 *
 *   replay                 run every case under $top_srcdir/tests/bad-input
 *                          and compare its output with the case's
 *                          `expected` file (the `make check` test)
 *   replay -p CASE...      print the output of the cases (to write or
 *                          review an `expected` file); run from
 *                          tests/bad-input/ in the source tree
 *
 * A case is a directory.  Its files are taken in name order; `expected`,
 * README and names starting with '.' are not inputs.  Per case there is
 * one engine with the default rules and calendar:
 *   *.rules  loaded into the engine (dp_engine_load_file): on error the
 *            line `error: source:line:column: message`, else
 *            `loaded: N rules`;
 *   *.gen    a generated input (too big to commit): one line
 *            `KIND COUNT FILENAME`, see generate() below; the input is
 *            read from memory under the name FILENAME;
 *   others   read with dp_reader_open (format by file name) and every
 *            record checked: one line per record, the report as JSON
 *            with English messages; a reader error gives the line
 *            `error: <dp_error_format text>` and ends that input; the
 *            reader's note (dp_reader_note: an encoding guessed) follows
 *            as `note: <text>`.
 * Each input's output is preceded by `== NAME`.  Paths are relative to
 * tests/bad-input/, so the output does not depend on the build tree.
 *
 * Exit status: 0 when every case matched, 1 otherwise (the actual output
 * of a failing case is written to ./bad-input-CASE.out and its first
 * differing line is shown).
 */
#include "dueproc.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------------
 * A growable output buffer
 * ------------------------------------------------------------------- */
typedef struct out {
  char *s;
  size_t len, cap;
} out;

static void out_add(out *o, const char *s, size_t n) {
  if (o->len + n + 1 > o->cap) {
    size_t nc = o->cap ? o->cap : 4096;
    while (nc < o->len + n + 1) nc *= 2;
    char *ns = realloc(o->s, nc);
    if (!ns) {
      fprintf(stderr, "replay: out of memory\n");
      exit(99);
    }
    o->s = ns;
    o->cap = nc;
  }
  memcpy(o->s + o->len, s, n);
  o->len += n;
  o->s[o->len] = '\0';
}

static void out_adds(out *o, const char *s) { out_add(o, s, strlen(s)); }

static void out_error(out *o, const dp_error *e) {
  char buf[DP_ERROR_SOURCE_LEN + DP_ERROR_TEXT_LEN + 64];
  dp_error_format(e, buf, sizeof buf);
  out_adds(o, "error: ");
  out_adds(o, buf);
  out_adds(o, "\n");
}

/* ---------------------------------------------------------------------
 * Generated inputs
 * ------------------------------------------------------------------- */

static const char good1[] =
    "{\"id\":\"good-before\",\"procedure\":\"normative_document\","
    "\"events\":[{\"step\":\"assessment\",\"date\":\"2022-03-01\"},"
    "{\"step\":\"public_comment\",\"start\":\"2022-03-05\","
    "\"end\":\"2022-04-05\",\"feedback_published\":true},"
    "{\"step\":\"legality_review\",\"start\":\"2022-04-08\","
    "\"end\":\"2022-04-20\",\"result\":\"pass\"},"
    "{\"step\":\"collective_decision\",\"date\":\"2022-04-28\","
    "\"meeting\":\"常务会议\"},"
    "{\"step\":\"publication\",\"date\":\"2022-05-06\"},"
    "{\"step\":\"filing\",\"date\":\"2022-05-20\"}]}";
static const char good2[] =
    "{\"id\":\"good-after\",\"procedure\":\"normative_document\","
    "\"events\":[{\"step\":\"publication\",\"date\":\"2022-05-06\"}]}";

/*
 * KIND COUNT:
 *   title N        a record whose title is N bytes
 *   events N       a record with N events (archiving, one a day)
 *   nest N         a record with an unknown field nested N arrays deep
 *   label N        a record whose one event has a label of N letters 'a'
 *                  and a '!' (for a catastrophic pattern in the case's
 *                  rule file)
 *   line N         a JSON Lines line of N bytes (not one record)
 * The record is one line of JSON Lines between good1 and good2.
 */
static int generate(const char *kind, long n, out *o) {
  char head[256];
  out_adds(o, good1);
  out_adds(o, "\n");
  if (strcmp(kind, "title") == 0) {
    out_adds(o, "{\"id\":\"big-title\",\"procedure\":\"normative_document\","
                "\"title\":\"");
    for (long i = 0; i < n; i++) out_add(o, "a", 1);
    out_adds(o, "\",\"events\":[{\"step\":\"publication\","
                "\"date\":\"2022-05-06\"}]}");
  } else if (strcmp(kind, "events") == 0) {
    snprintf(head, sizeof head,
             "{\"id\":\"events-%ld\",\"procedure\":\"normative_document\","
             "\"events\":[",
             n);
    out_adds(o, head);
    for (long i = 0; i < n; i++) {
      char ev[128];
      char d[16];
      dp_date_format(dp_date_from_ymd(2022, 6, 1) + (int32_t)(i % 900), d);
      snprintf(ev, sizeof ev, "%s{\"step\":\"archiving\",\"date\":\"%s\"}",
               i ? "," : "", d);
      out_adds(o, ev);
    }
    out_adds(o, "]}");
  } else if (strcmp(kind, "nest") == 0) {
    snprintf(head, sizeof head,
             "{\"id\":\"nest-%ld\",\"procedure\":\"normative_document\","
             "\"x\":",
             n);
    out_adds(o, head);
    for (long i = 0; i < n; i++) out_add(o, "[", 1);
    for (long i = 0; i < n; i++) out_add(o, "]", 1);
    out_adds(o, ",\"events\":[{\"step\":\"publication\","
                "\"date\":\"2022-05-06\"}]}");
  } else if (strcmp(kind, "label") == 0) {
    out_adds(o, "{\"id\":\"long-label\",\"procedure\":\"normative_document\","
                "\"events\":[{\"label\":\"");
    for (long i = 0; i < n; i++) out_add(o, "a", 1);
    out_adds(o, "!\",\"date\":\"2022-05-06\"}]}");
  } else if (strcmp(kind, "line") == 0) {
    out_adds(o, "{\"id\":\"long-line\",\"x\":\"");
    for (long i = 0; i < n; i++) out_add(o, "a", 1);
    out_adds(o, "\"}");
  } else {
    return -1;
  }
  out_adds(o, "\n");
  out_adds(o, good2);
  out_adds(o, "\n");
  return 0;
}

/*
 * Rule text, loaded with dp_engine_load_string:
 *   rules-bytes N  N bytes of comment lines (the rule-file size limit)
 *   rules-count N  a procedure with N rules (the rule-count limit)
 */
static int generate_rules(const char *kind, long n, out *o) {
  if (strcmp(kind, "rules-bytes") == 0) {
    static const char line[] = "# padding padding padding padding\n";
    for (long k = 0; k < n; k += (long)sizeof line - 1)
      out_add(o, line, (size_t)(n - k < (long)sizeof line - 1
                                    ? n - k
                                    : (long)sizeof line - 1));
  } else if (strcmp(kind, "rules-count") == 0) {
    out_adds(o, "procedure many \"许多\" \"many\"\n");
    for (long k = 0; k < n; k++) {
      char r[160];
      snprintf(r, sizeof r,
               "rule many.r%ld\n  require filing\n  basis \"b\"\nend\n", k);
      out_adds(o, r);
    }
  } else {
    return -1;
  }
  return 0;
}

/* ---------------------------------------------------------------------
 * One input, one case
 * ------------------------------------------------------------------- */

static void check_all(const dp_engine *e, dp_reader *rd, out *o) {
  for (;;) {
    dp_record *r = NULL;
    dp_error err;
    memset(&err, 0, sizeof err);
    int rc = dp_reader_next(rd, &r, &err);
    if (rc == 0) break;
    if (rc < 0) {
      out_error(o, &err);
      break;
    }
    dp_report *rep = NULL;
    if (dp_check(e, r, NULL, &rep) != 0) {
      out_adds(o, "dp_check failed\n");
    } else {
      char *js = dp_report_to_json(rep, DP_LANG_EN, NULL);
      out_adds(o, js ? js : "(out of memory)");
      out_adds(o, "\n");
      dp_free(js);
    }
    dp_report_free(rep);
    dp_record_free(r);
  }
  /* the reader's note (an encoding it guessed), once for the input */
  const char *note = dp_reader_note(rd, DP_LANG_EN);
  if (note) {
    out_adds(o, "note: ");
    out_adds(o, note);
    out_adds(o, "\n");
  }
}

static int ends_with(const char *s, const char *suf) {
  size_t n = strlen(s), k = strlen(suf);
  return n >= k && strcmp(s + n - k, suf) == 0;
}

static char *read_small(const char *path) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  char *buf = calloc(1, 4096);
  if (buf) fread(buf, 1, 4095, fp);
  fclose(fp);
  return buf;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted regular-file (or directory, dirs != 0) names in dir. */
static char **list_dir(const char *dir, int dirs, size_t *count) {
  DIR *d = opendir(dir);
  *count = 0;
  if (!d) return NULL;
  char **v = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.') continue;
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    if (stat(path, &st) != 0) continue;
    if (dirs ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      char **nv = realloc(v, cap * sizeof *v);
      if (!nv) break;
      v = nv;
    }
    v[n++] = strdup(de->d_name);
  }
  closedir(d);
  if (n) qsort(v, n, sizeof *v, name_cmp);
  *count = n;
  return v;
}

static void free_list(char **v, size_t n) {
  for (size_t i = 0; i < n; i++) free(v[i]);
  free(v);
}

/* Run case `name` (a directory under the current one) into o. */
static int run_case(const char *name, out *o) {
  dp_engine *e = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  if (dp_engine_new(&e, 0, &err)) {
    out_error(o, &err);
    return -1;
  }
  size_t n;
  char **files = list_dir(name, 0, &n);
  for (size_t i = 0; i < n; i++) {
    const char *f = files[i];
    if (strcmp(f, "expected") == 0 || strcmp(f, "README") == 0) continue;
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", name, f);
    out_adds(o, "== ");
    out_adds(o, f);
    out_adds(o, "\n");
    memset(&err, 0, sizeof err);
    if (ends_with(f, ".rules")) {
      if (dp_engine_load_file(e, path, &err)) {
        out_error(o, &err);
      } else {
        char line[64];
        snprintf(line, sizeof line, "loaded: %zu rules\n",
                 dp_engine_rule_count(e));
        out_adds(o, line);
      }
      continue;
    }
    dp_reader *rd = NULL;
    if (ends_with(f, ".gen")) {
      char *spec = read_small(path);
      char kind[32] = "", fname[256] = "";
      long count = 0;
      out gen = {0};
      int is_rules = strncmp(spec ? spec : "", "rules-", 6) == 0;
      if (!spec || sscanf(spec, "%31s %ld %255s", kind, &count, fname) != 3 ||
          (is_rules ? generate_rules(kind, count, &gen)
                    : generate(kind, count, &gen)) != 0) {
        out_adds(o, "bad .gen file\n");
        free(spec);
        free(gen.s);
        continue;
      }
      free(spec);
      char gname[512];
      snprintf(gname, sizeof gname, "%s/%s", name, fname);
      clock_t t0 = clock();
      if (is_rules) {
        if (dp_engine_load_string(e, gen.s ? gen.s : "", gen.len, gname,
                                  &err)) {
          out_error(o, &err);
        } else {
          char line[64];
          snprintf(line, sizeof line, "loaded: %zu rules\n",
                   dp_engine_rule_count(e));
          out_adds(o, line);
        }
      } else if (dp_reader_open_string(&rd, gen.s ? gen.s : "", gen.len, gname,
                                DP_FORMAT_JSONL, &err)) {
        out_error(o, &err);
      } else {
        check_all(e, rd, o);
      }
      double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
      /* no figure in the output (it must be stable): only a complaint */
      if (secs > 30.0)
        fprintf(stderr, "replay: %s took %.1f s of CPU\n", path, secs);
      free(gen.s);
    } else if (dp_reader_open(&rd, path, DP_FORMAT_AUTO, &err)) {
      out_error(o, &err);
    } else {
      check_all(e, rd, o);
    }
    dp_reader_free(rd);
  }
  free_list(files, n);
  dp_engine_free(e);
  return 0;
}

static char *read_all(const char *path, size_t *len) {
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  size_t cap = 65536, n = 0;
  char *buf = malloc(cap + 1);
  while (buf) {
    n += fread(buf + n, 1, cap - n, fp);
    if (n < cap) break;
    char *nb = realloc(buf, cap * 2 + 1);
    if (!nb) free(buf);
    buf = nb;
    cap *= 2;
  }
  fclose(fp);
  if (!buf) return NULL;
  buf[n] = '\0';
  *len = n;
  return buf;
}

static void show_difference(const char *name, const char *want, size_t wlen,
                            const char *got, size_t glen) {
  size_t i = 0, line = 1, ls = 0;
  while (i < wlen && i < glen && want[i] == got[i]) {
    if (want[i] == '\n') {
      line++;
      ls = i + 1;
    }
    i++;
  }
  const char *we = memchr(want + ls, '\n', wlen - ls);
  const char *ge = memchr(got + ls, '\n', glen - ls);
  int wl = (int)((we ? (size_t)(we - want) : wlen) - ls);
  int gl = (int)((ge ? (size_t)(ge - got) : glen) - ls);
  fprintf(stderr, "FAIL %s: line %zu differs\n  expected: %.*s\n  got:      %.*s\n",
          name, line, wl > 400 ? 400 : wl, want + ls, gl > 400 ? 400 : gl,
          got + ls);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "-p") == 0) {
    for (int i = 2; i < argc; i++) {
      out o = {0};
      run_case(argv[i], &o);
      if (o.s) fwrite(o.s, 1, o.len, stdout);
      free(o.s);
    }
    return 0;
  }
  char cwd[4096];
  if (!getcwd(cwd, sizeof cwd)) return 99;
  const char *top = getenv("top_srcdir");
  if (!top || !*top) top = ".";
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/tests/bad-input", top);
  if (chdir(dir) != 0) {
    fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
    return 99;
  }
  size_t n;
  char **cases = list_dir(".", 1, &n);
  int failed = 0;
  for (size_t i = 0; i < n; i++) {
    out o = {0};
    run_case(cases[i], &o);
    char path[4096];
    snprintf(path, sizeof path, "%s/expected", cases[i]);
    size_t wlen = 0;
    char *want = read_all(path, &wlen);
    const char *got = o.s ? o.s : "";
    if (!want) {
      fprintf(stderr, "FAIL %s: no expected file\n", cases[i]);
      failed++;
    } else if (wlen != o.len || memcmp(want, got, wlen) != 0) {
      show_difference(cases[i], want, wlen, got, o.len);
      char outp[8192];
      snprintf(outp, sizeof outp, "%s/bad-input-%s.out", cwd, cases[i]);
      FILE *fp = fopen(outp, "wb");
      if (fp) {
        fwrite(got, 1, o.len, fp);
        fclose(fp);
        fprintf(stderr, "  (output in %s)\n", outp);
      }
      failed++;
    } else {
      printf("ok %s\n", cases[i]);
    }
    free(want);
    free(o.s);
  }
  free_list(cases, n);
  printf("%zu case(s), %d failed\n", n, failed);
  return failed ? 1 : (n ? 0 : 77);
}

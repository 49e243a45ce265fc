/*
 * dueproc-validate - check filed records of normative documents and major
 * decisions against the procedure rules and print what is wrong, with the
 * legal basis of every finding.
 *
 *   dueproc-validate [OPTION]... FILE|DIR|-...
 *
 * Records are read by one thread into a bounded queue, checked by -j N
 * worker threads on the shared (read-only) engine, and written by the main
 * thread in input order.  From JSON and JSON Lines files the reading thread
 * only cuts the text of each record; the workers parse it.  The queue is bounded, so memory stays flat
 * however many records the input holds.  See doc/dueproc-validate.1.
 *
 * Uses only the public API of libdueproc (dueproc.h).
 */
#include "validate.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PROG "dueproc-validate"
#define MAX_JOBS 256

/* ---------------------------------------------------------------------
 * Options
 * ------------------------------------------------------------------- */

typedef struct opts {
  out_opts out;
  int summary;
  int list_rules;
  int jobs;
  int progress; /* -1 auto */
  dp_format input_format;
  const char *procedure;
  const char **rules;
  size_t nrules;
} opts;

static void usage(FILE *fp) {
  fputs(
      "Usage: " PROG " [OPTION]... FILE|DIR|-...\n"
      "Check filed records of administrative normative documents and major\n"
      "administrative decisions against their procedure, citing the legal\n"
      "basis of every finding.  A directory is walked for .json, .jsonl,\n"
      ".ndjson and .csv files; - reads standard input.\n"
      "\n"
      "Output:\n"
      "  -f, --format=FMT        text (default), json (one records.md line a\n"
      "                          record) or csv (one finding a row)\n"
      "  -l, --lang=LANG         zh or en (default: zh when the locale is zh_*)\n"
      "  -s, --summary           counts of records and findings by rule and by\n"
      "                          authority (on stderr with json/csv)\n"
      "  -q, --quiet             text: print only records with an error\n"
      "      --color=WHEN        auto (default), always or never\n"
      "      --no-progress       no progress line on a terminal\n"
      "Input and rules:\n"
      "  -i, --input-format=FMT  auto (default: by extension, else content),\n"
      "                          json, jsonl or csv\n"
      "  -r, --rules=FILE        load a rule file or overlay (repeatable)\n"
      "  -p, --procedure=NAME    check every record against this procedure\n"
      "      --list-rules        print every rule with its basis and exit\n"
      "  -j, --jobs=N            worker threads (default: online cores)\n"
      "  -h, --help              this help\n"
      "  -V, --version           the version\n"
      "\n"
      "Exit status: 0 every record compliant, 1 some record has an error\n"
      "finding, 2 an input or a record could not be read (or a usage error).\n",
      fp);
}

static dp_lang lang_from_locale(void) {
  const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
  for (int i = 0; i < 3; i++) {
    const char *v = getenv(vars[i]);
    if (v && *v) return strncmp(v, "zh", 2) == 0 ? DP_LANG_ZH : DP_LANG_EN;
  }
  return DP_LANG_EN;
}

static int online_cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1) return 1;
  return n > MAX_JOBS ? MAX_JOBS : (int)n;
}

/* ---------------------------------------------------------------------
 * Inputs: files, directories (walked in name order), "-"
 * ------------------------------------------------------------------- */

typedef struct input {
  char *path;
  char *error; /* set: this input could not be read (message) */
} input;

typedef struct inputs {
  input *v;
  size_t n, cap;
} inputs;

static char *xstrdup(const char *s) {
  char *d = strdup(s);
  if (!d) {
    fprintf(stderr, PROG ": out of memory\n");
    exit(2);
  }
  return d;
}

static void add_input(inputs *in, const char *path, const char *error) {
  if (in->n == in->cap) {
    size_t cap = in->cap ? in->cap * 2 : 16;
    input *v = realloc(in->v, cap * sizeof *v);
    if (!v) {
      fprintf(stderr, PROG ": out of memory\n");
      exit(2);
    }
    in->v = v;
    in->cap = cap;
  }
  in->v[in->n].path = xstrdup(path);
  in->v[in->n].error = error ? xstrdup(error) : NULL;
  in->n++;
}

static int record_ext(const char *name) {
  const char *dot = strrchr(name, '.');
  if (!dot) return 0;
  static const char *const ext[] = {".json", ".jsonl", ".ndjson", ".csv"};
  for (size_t i = 0; i < sizeof ext / sizeof *ext; i++)
    if (strcmp(dot, ext[i]) == 0) return 1;
  return 0;
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the record files under dir, sorted by name, subdirectories walked
 * where they fall in that order.  Returns the number of files added. */
static size_t walk_dir(inputs *in, const char *dir) {
  DIR *d = opendir(dir);
  if (!d) {
    char msg[512];
    snprintf(msg, sizeof msg, "%s: cannot open directory: %s", dir,
             strerror(errno));
    add_input(in, dir, msg);
    return 0;
  }
  char **names = NULL;
  size_t n = 0, cap = 0, added = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.') continue; /* ., .. and hidden files */
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      char **v = realloc(names, cap * sizeof *v);
      if (!v) {
        fprintf(stderr, PROG ": out of memory\n");
        exit(2);
      }
      names = v;
    }
    names[n++] = xstrdup(de->d_name);
  }
  closedir(d);
  if (n) qsort(names, n, sizeof *names, cmp_str);
  size_t dl = strlen(dir);
  int slash = dl > 0 && dir[dl - 1] == '/';
  for (size_t i = 0; i < n; i++) {
    size_t len = dl + 1 + strlen(names[i]) + 1;
    char *p = malloc(len);
    if (!p) {
      fprintf(stderr, PROG ": out of memory\n");
      exit(2);
    }
    snprintf(p, len, "%s%s%s", dir, slash ? "" : "/", names[i]);
    struct stat st;
    if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
      added += walk_dir(in, p);
    } else if (record_ext(names[i])) {
      add_input(in, p, NULL);
      added++;
    }
    free(p);
    free(names[i]);
  }
  free(names);
  return added;
}

static void collect_inputs(inputs *in, char **args, int nargs) {
  for (int i = 0; i < nargs; i++) {
    struct stat st;
    if (strcmp(args[i], "-") != 0 && stat(args[i], &st) == 0 &&
        S_ISDIR(st.st_mode)) {
      if (walk_dir(in, args[i]) == 0)
        fprintf(stderr,
                PROG ": %s: no record files (.json, .jsonl, .ndjson, .csv) "
                     "in this directory\n",
                args[i]);
    } else {
      add_input(in, args[i], NULL);
    }
  }
}

/* ---------------------------------------------------------------------
 * Counting for --summary: a small string → count table
 * ------------------------------------------------------------------- */

typedef struct count_entry {
  char *key;
  size_t count;
} count_entry;

typedef struct counter {
  count_entry *v;
  size_t n, cap; /* cap: a power of two */
} counter;

static size_t hash_str(const char *s) {
  size_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

static void counter_add(counter *c, const char *key, size_t by) {
  if (2 * (c->n + 1) > c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 64;
    count_entry *v = calloc(cap, sizeof *v);
    if (!v) {
      fprintf(stderr, PROG ": out of memory\n");
      exit(2);
    }
    for (size_t i = 0; i < c->cap; i++)
      if (c->v[i].key) {
        size_t j = hash_str(c->v[i].key) & (cap - 1);
        while (v[j].key) j = (j + 1) & (cap - 1);
        v[j] = c->v[i];
      }
    free(c->v);
    c->v = v;
    c->cap = cap;
  }
  size_t j = hash_str(key) & (c->cap - 1);
  while (c->v[j].key && strcmp(c->v[j].key, key) != 0) j = (j + 1) & (c->cap - 1);
  if (!c->v[j].key) {
    c->v[j].key = xstrdup(key);
    c->n++;
  }
  c->v[j].count += by;
}

static int cmp_count(const void *a, const void *b) {
  const count_entry *x = a, *y = b;
  if (x->count != y->count) return x->count < y->count ? 1 : -1;
  return strcmp(x->key, y->key);
}

/* Sort by count (descending) then name; the table is no longer usable
 * for lookups afterwards. */
static void counter_sort(counter *c) {
  size_t k = 0;
  for (size_t i = 0; i < c->cap; i++)
    if (c->v[i].key) {
      count_entry t = c->v[i];
      c->v[i].key = NULL;
      c->v[k++] = t;
    }
  if (k) qsort(c->v, k, sizeof *c->v, cmp_count);
}

static void counter_free(counter *c) {
  for (size_t i = 0; i < c->cap; i++) free(c->v[i].key);
  free(c->v);
}

/* ---------------------------------------------------------------------
 * Jobs: one record (or one input error) on its way through
 * ------------------------------------------------------------------- */

enum { J_RECORD, J_ERROR };

typedef struct job {
  int kind;
  dp_record *rec;   /* J_RECORD, until checked */
  char *text;       /* J_RECORD, threaded JSON input: its text, unparsed
                       (in tbuf once in the ring) */
  size_t tlen;
  char *tbuf;       /* ring slots: a text buffer reused from job to job */
  size_t tcap;
  const char *file; /* borrowed from the inputs list */
  long line;
  char *error; /* J_ERROR: the message */
  /* results */
  dp_report *rep; /* kept for --summary, else freed at once */
  char *authority;
  vbuf out;
  int ok, warn, unreadable, failed;
  int done; /* threaded mode: checked, ready to write */
} job;

typedef struct stats {
  size_t inputs, input_errors;
  size_t read, compliant, errors, warnings, unreadable;
  size_t findings, finding_errors, finding_warnings;
  counter by_rule, by_authority;
  int failed; /* out of memory in a check */
} stats;

typedef struct run {
  const opts *o;
  const dp_engine *e;
  dp_check_options copts;
  inputs in;
  stats st;
  /* progress */
  int progress, stdout_tty, progress_shown;
  struct timespec t0, tlast;
} run;

/* Check a record and format its output (worker side: touches only j). */
static void process_job(const run *R, job *j) {
  if (j->kind != J_RECORD) return;
  if (j->text) {
    /* parsed here, on the worker, exactly as dp_reader_next would */
    int rc = dp_record_from_text(&j->rec, j->text, j->tlen, j->file, j->line);
    j->text = NULL; /* the slot's tbuf */
    if (rc != 0) {
      j->failed = 1;
      return;
    }
  }
  dp_report *rep = NULL;
  if (dp_check(R->e, j->rec, &R->copts, &rep) != 0 || !rep) {
    j->failed = 1;
    dp_record_free(j->rec);
    j->rec = NULL;
    return;
  }
  rec_info ri = {j->file, j->line, dp_record_get(j->rec, "title"),
                 dp_record_get(j->rec, "authority")};
  out_record(&j->out, &R->o->out, &ri, rep);
  if (j->out.oom) j->failed = 1;
  j->ok = dp_report_ok(rep);
  for (size_t i = 0; i < dp_report_count(rep); i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    if (dp_finding_severity(f) == DP_WARNING) j->warn = 1;
    if (dp_finding_code(f) == DP_INVALID_RECORD) j->unreadable = 1;
  }
  if (R->o->summary) {
    j->rep = rep;
    if (ri.authority && *ri.authority) j->authority = strdup(ri.authority);
  } else {
    dp_report_free(rep);
  }
  dp_record_free(j->rec);
  j->rec = NULL;
}

static double secs_since(const struct timespec *a, const struct timespec *b) {
  return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void progress_clear(run *R) {
  if (R->progress_shown) {
    fputs("\r\033[K", stderr);
    R->progress_shown = 0;
  }
}

static void progress_tick(run *R) {
  if (!R->progress || (R->st.read & 63) != 0) return;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  double total = secs_since(&R->t0, &now);
  if (total < 1.0 || secs_since(&R->tlast, &now) < 0.25) return;
  R->tlast = now;
  fprintf(stderr, "\r\033[K" PROG ": %zu records, %.0f/s", R->st.read,
          (double)R->st.read / total);
  R->progress_shown = 1;
}

/* Write the output of a job and count it (main thread, input order). */
static void emit_job(run *R, job *j) {
  stats *st = &R->st;
  if (j->kind == J_ERROR) {
    progress_clear(R);
    fflush(stdout);
    fprintf(stderr, PROG ": %s\n", j->error);
    st->input_errors++;
    free(j->error);
    j->error = NULL;
    return;
  }
  if (j->failed) {
    st->failed = 1;
  } else {
    st->read++;
    if (j->unreadable) st->unreadable++;
    else if (j->ok) st->compliant++;
    else st->errors++;
    if (j->warn) st->warnings++;
    if (j->out.len) {
      if (R->stdout_tty) progress_clear(R);
      fwrite(j->out.s, 1, j->out.len, stdout);
    }
    if (j->rep) {
      size_t n = dp_report_count(j->rep);
      for (size_t i = 0; i < n; i++) {
        const dp_finding *f = dp_report_finding(j->rep, i);
        counter_add(&st->by_rule, dp_finding_rule(f), 1);
        if (dp_finding_severity(f) == DP_ERROR) st->finding_errors++;
        else st->finding_warnings++;
      }
      st->findings += n;
      if (n)
        counter_add(&st->by_authority, j->authority ? j->authority : "", n);
    }
  }
  dp_report_free(j->rep);
  j->rep = NULL;
  free(j->authority);
  j->authority = NULL;
  /* emptied, not freed: a ring slot's buffer serves its next job */
  j->out.len = 0;
  j->out.oom = 0;
  progress_tick(R);
}

/* Open input i; on failure fill j as an error job and return NULL. */
static dp_reader *open_input(const run *R, const input *in, job *j) {
  dp_error err;
  memset(&err, 0, sizeof err);
  memset(j, 0, sizeof *j);
  j->file = in->path;
  if (in->error) {
    j->kind = J_ERROR;
    j->error = xstrdup(in->error);
    return NULL;
  }
  dp_reader *rd = NULL;
  if (dp_reader_open(&rd, in->path, R->o->input_format, &err) != 0) {
    char msg[DP_ERROR_SOURCE_LEN + DP_ERROR_TEXT_LEN + 64];
    dp_error_format(&err, msg, sizeof msg);
    j->kind = J_ERROR;
    j->error = xstrdup(msg);
    return NULL;
  }
  return rd;
}

/* The next job of an open reader: 1 with a record or an error job, 0 at
 * the end of this input (the reader is then freed). */
static int next_job(dp_reader **rdp, const input *in, job *j, int texts) {
  if (!*rdp) return 0; /* ended by an error reported before */
  dp_error err;
  memset(&err, 0, sizeof err);
  memset(j, 0, sizeof *j);
  j->file = in->path;
  dp_record *rec = NULL;
  int rc;
  if (texts) {
    char *text = NULL;
    size_t len = 0;
    long line = 0;
    rc = dp_reader_next_text(*rdp, &text, &len, &line, &err);
    if (rc == 1 && text) {
      j->kind = J_RECORD;
      j->text = text;
      j->tlen = len;
      j->line = line;
      return 1;
    }
    /* no text: an unreadable record the reader made, dp_reader_next has it */
    if (rc == 1) rc = dp_reader_next(*rdp, &rec, &err);
  } else {
    rc = dp_reader_next(*rdp, &rec, &err);
  }
  if (rc == 1) {
    j->kind = J_RECORD;
    j->rec = rec;
    j->line = dp_reader_line(*rdp);
    return 1;
  }
  dp_reader_free(*rdp);
  *rdp = NULL;
  if (rc == 0) return 0;
  char msg[DP_ERROR_SOURCE_LEN + DP_ERROR_TEXT_LEN + 64];
  if (err.code) dp_error_format(&err, msg, sizeof msg);
  else snprintf(msg, sizeof msg, "%s: %s", in->path, dp_strerror(rc));
  j->kind = J_ERROR;
  j->error = xstrdup(msg);
  return 1;
}

/* ---------------------------------------------------------------------
 * One thread: read, check, write
 * ------------------------------------------------------------------- */

static void run_serial(run *R) {
  job j;
  for (size_t i = 0; i < R->in.n; i++) {
    dp_reader *rd = open_input(R, &R->in.v[i], &j);
    if (!rd) {
      emit_job(R, &j);
      vb_free(&j.out);
      continue;
    }
    /* one output buffer for every record, emptied by emit_job */
    vbuf out = {0};
    while (next_job(&rd, &R->in.v[i], &j, 0)) {
      j.out = out;
      process_job(R, &j);
      emit_job(R, &j);
      out = j.out;
    }
    vb_free(&out);
  }
}

/* ---------------------------------------------------------------------
 * Threads: a reader, N workers, the main thread writing in input order.
 *
 * A ring of `cap` slots.  Sequence numbers: produced (by the reader) ≥
 * claimed (by workers) ≥ emitted (by the main thread); the reader waits
 * while the ring is full, so at most cap records are in memory.  Every
 * party moves up to BATCH jobs per turn of the lock.  A slot keeps its
 * text and output buffers from job to job, so that no memory goes from
 * the thread that allocated it to another to be freed: with glibc such a
 * free takes the other thread's arena lock, and per record that costs
 * more than the parse gains from the second core.
 * ------------------------------------------------------------------- */

#define BATCH 512

typedef struct queue {
  run *R;
  job *ring;
  size_t cap;
  size_t produced, claimed, emitted;
  int eof, nworkers;
  pthread_mutex_t mu;
  pthread_cond_t space, work, ready;
} queue;

/* Move job j into ring slot t (free: no other thread looks at it). */
static void q_put(job *t, job *j) {
  char *tbuf = t->tbuf;
  size_t tcap = t->tcap;
  vbuf out = t->out;
  *t = *j;
  t->tbuf = tbuf;
  t->tcap = tcap;
  t->out = out;
  if (j->text) {
    if (j->tlen + 1 > t->tcap) {
      size_t cap = t->tcap ? t->tcap : 1024;
      while (cap < j->tlen + 1) cap *= 2;
      char *b = malloc(cap);
      if (!b) {
        fprintf(stderr, PROG ": out of memory\n");
        exit(2);
      }
      free(t->tbuf);
      t->tbuf = b;
      t->tcap = cap;
    }
    memcpy(t->tbuf, j->text, j->tlen + 1);
    t->text = t->tbuf;
    dp_free(j->text);
  }
}

static void q_push(queue *q, job *jobs, size_t n) {
  if (n == 0) return;
  pthread_mutex_lock(&q->mu);
  while (q->produced + n - q->emitted > q->cap)
    pthread_cond_wait(&q->space, &q->mu);
  size_t first = q->produced;
  /* slots [first, first + n) are free and only this thread moves
   * `produced`: fill them outside the lock */
  pthread_mutex_unlock(&q->mu);
  for (size_t i = 0; i < n; i++) q_put(&q->ring[(first + i) % q->cap], &jobs[i]);
  pthread_mutex_lock(&q->mu);
  q->produced += n;
  if (n > 1) pthread_cond_broadcast(&q->work);
  else pthread_cond_signal(&q->work);
  pthread_mutex_unlock(&q->mu);
}

static void *reader_main(void *arg) {
  queue *q = arg;
  run *R = q->R;
  job batch[BATCH];
  size_t n = 0;
  for (size_t i = 0; i < R->in.n; i++) {
    /* standard input may be a live stream: hand over each record at once */
    int is_stdin = strcmp(R->in.v[i].path, "-") == 0;
    size_t limit = is_stdin ? 1 : BATCH;
    dp_reader *rd = open_input(R, &R->in.v[i], &batch[n]);
    if (!rd) {
      n++;
    } else {
      /* JSON files: only cut the texts here, the workers parse them (the
       * reader's name is the path, which the records' messages carry) */
      dp_format f = dp_reader_format(rd);
      int texts = !is_stdin && (f == DP_FORMAT_JSON || f == DP_FORMAT_JSONL);
      while (next_job(&rd, &R->in.v[i], &batch[n], texts))
        if (++n >= limit) {
          q_push(q, batch, n);
          n = 0;
        }
    }
    if (n >= limit || i + 1 == R->in.n) {
      q_push(q, batch, n);
      n = 0;
    }
  }
  q_push(q, batch, n);
  pthread_mutex_lock(&q->mu);
  q->eof = 1;
  pthread_cond_broadcast(&q->work);
  pthread_cond_broadcast(&q->ready);
  pthread_mutex_unlock(&q->mu);
  return NULL;
}

static void *worker_main(void *arg) {
  queue *q = arg;
  pthread_mutex_lock(&q->mu);
  for (;;) {
    while (q->claimed == q->produced && !q->eof)
      pthread_cond_wait(&q->work, &q->mu);
    size_t avail = q->produced - q->claimed;
    if (avail == 0) break; /* eof and nothing left */
    /* a fair share of what is there, at most BATCH */
    size_t k = avail / (size_t)q->nworkers;
    if (k < 1) k = 1;
    if (k > BATCH) k = BATCH;
    size_t first = q->claimed;
    q->claimed += k;
    pthread_mutex_unlock(&q->mu);
    for (size_t i = 0; i < k; i++)
      process_job(q->R, &q->ring[(first + i) % q->cap]);
    pthread_mutex_lock(&q->mu);
    for (size_t i = 0; i < k; i++) q->ring[(first + i) % q->cap].done = 1;
    if (first == q->emitted) pthread_cond_signal(&q->ready);
  }
  pthread_mutex_unlock(&q->mu);
  return NULL;
}

static int run_threads(run *R, int nworkers) {
  queue q;
  memset(&q, 0, sizeof q);
  q.R = R;
  q.nworkers = nworkers;
  q.cap = (size_t)nworkers * 2 * BATCH;
  if (q.cap < 4 * BATCH) q.cap = 4 * BATCH;
  q.ring = calloc(q.cap, sizeof *q.ring);
  if (!q.ring) return -1;
  pthread_mutex_init(&q.mu, NULL);
  pthread_cond_init(&q.space, NULL);
  pthread_cond_init(&q.work, NULL);
  pthread_cond_init(&q.ready, NULL);

  pthread_t reader, workers[MAX_JOBS];
  int nstarted = 0, rc = 0;
  for (; nstarted < nworkers; nstarted++)
    if (pthread_create(&workers[nstarted], NULL, worker_main, &q) != 0) break;
  if (nstarted == 0 || pthread_create(&reader, NULL, reader_main, &q) != 0) {
    /* nothing read yet: stop the workers and let the caller run serially */
    pthread_mutex_lock(&q.mu);
    q.eof = 1;
    pthread_cond_broadcast(&q.work);
    pthread_mutex_unlock(&q.mu);
    for (int i = 0; i < nstarted; i++) pthread_join(workers[i], NULL);
    rc = -1;
    goto out;
  }
  q.nworkers = nstarted;

  pthread_mutex_lock(&q.mu);
  for (;;) {
    while (!(q.emitted < q.produced && q.ring[q.emitted % q.cap].done) &&
           !(q.eof && q.emitted == q.produced))
      pthread_cond_wait(&q.ready, &q.mu);
    if (q.emitted == q.produced) break; /* eof */
    /* the run of finished jobs from here */
    size_t n = 1;
    while (n < BATCH && q.emitted + n < q.produced &&
           q.ring[(q.emitted + n) % q.cap].done)
      n++;
    pthread_mutex_unlock(&q.mu);
    for (size_t i = 0; i < n; i++) {
      job *j = &q.ring[(q.emitted + i) % q.cap];
      emit_job(R, j);
      j->done = 0;
    }
    if (R->stdout_tty) fflush(stdout);
    pthread_mutex_lock(&q.mu);
    q.emitted += n;
    pthread_cond_signal(&q.space);
  }
  pthread_mutex_unlock(&q.mu);
  pthread_join(reader, NULL);
  for (int i = 0; i < nstarted; i++) pthread_join(workers[i], NULL);
out:
  pthread_cond_destroy(&q.ready);
  pthread_cond_destroy(&q.work);
  pthread_cond_destroy(&q.space);
  pthread_mutex_destroy(&q.mu);
  for (size_t i = 0; i < q.cap; i++) {
    vb_free(&q.ring[i].out);
    free(q.ring[i].tbuf);
  }
  free(q.ring);
  return rc;
}

/* ---------------------------------------------------------------------
 * --summary
 * ------------------------------------------------------------------- */

static void print_counts(FILE *fp, counter *c, const char *none) {
  counter_sort(c);
  for (size_t i = 0; i < c->n; i++)
    fprintf(fp, "  %6zu  %s\n", c->v[i].count,
            c->v[i].key[0] ? c->v[i].key : none);
}

static void print_summary(FILE *fp, run *R) {
  stats *st = &R->st;
  int en = R->o->out.lang == DP_LANG_EN;
  if (fp == stdout && R->o->out.format == OUT_TEXT) fputc('\n', fp);
  if (en) {
    fprintf(fp, "summary: %zu input%s\n", st->inputs, st->inputs == 1 ? "" : "s");
    if (st->input_errors)
      fprintf(fp, "  %6zu  input%s could not be read\n", st->input_errors,
              st->input_errors == 1 ? "" : "s");
    fprintf(fp, "  %6zu  records read\n", st->read);
    fprintf(fp, "  %6zu  compliant\n", st->compliant);
    fprintf(fp, "  %6zu  with errors\n", st->errors);
    fprintf(fp, "  %6zu  with warnings\n", st->warnings);
    fprintf(fp, "  %6zu  unreadable\n", st->unreadable);
    fprintf(fp, "  %6zu  findings (%zu errors, %zu warnings)\n", st->findings,
            st->finding_errors, st->finding_warnings);
  } else {
    fprintf(fp, "汇总：%zu 个输入\n", st->inputs);
    if (st->input_errors)
      fprintf(fp, "  %6zu  个输入无法读取\n", st->input_errors);
    fprintf(fp, "  %6zu  条记录\n", st->read);
    fprintf(fp, "  %6zu  合规\n", st->compliant);
    fprintf(fp, "  %6zu  有错误\n", st->errors);
    fprintf(fp, "  %6zu  有警告\n", st->warnings);
    fprintf(fp, "  %6zu  无法读取\n", st->unreadable);
    fprintf(fp, "  %6zu  项发现（错误 %zu，警告 %zu）\n", st->findings,
            st->finding_errors, st->finding_warnings);
  }
  if (st->by_rule.n) {
    fputs(en ? "findings by rule:\n" : "按规则：\n", fp);
    print_counts(fp, &st->by_rule, "");
  }
  if (st->by_authority.n) {
    fputs(en ? "findings by authority:\n" : "按机关：\n", fp);
    print_counts(fp, &st->by_authority, en ? "(no authority)" : "（未载明机关）");
  }
}

/* ---------------------------------------------------------------------
 * main
 * ------------------------------------------------------------------- */

static int parse_int(const char *s, int *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < 0 || v > 1000000) return -1;
  *out = (int)v;
  return 0;
}

int main(int argc, char **argv) {
  enum { O_LIST_RULES = 256, O_COLOR, O_NO_PROGRESS };
  static const struct option longopts[] = {
      {"format", required_argument, NULL, 'f'},
      {"lang", required_argument, NULL, 'l'},
      {"summary", no_argument, NULL, 's'},
      {"quiet", no_argument, NULL, 'q'},
      {"color", required_argument, NULL, O_COLOR},
      {"colour", required_argument, NULL, O_COLOR},
      {"no-progress", no_argument, NULL, O_NO_PROGRESS},
      {"input-format", required_argument, NULL, 'i'},
      {"rules", required_argument, NULL, 'r'},
      {"procedure", required_argument, NULL, 'p'},
      {"list-rules", no_argument, NULL, O_LIST_RULES},
      {"jobs", required_argument, NULL, 'j'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};

  opts o;
  memset(&o, 0, sizeof o);
  o.out.lang = lang_from_locale();
  o.progress = -1;
  int color = -1; /* auto */
  o.rules = calloc((size_t)argc, sizeof *o.rules);
  if (!o.rules) return 2;

  int c;
  while ((c = getopt_long(argc, argv, "f:l:sqi:r:p:j:hV", longopts, NULL)) !=
         -1) {
    switch (c) {
    case 'f':
      if (strcmp(optarg, "text") == 0) o.out.format = OUT_TEXT;
      else if (strcmp(optarg, "json") == 0) o.out.format = OUT_JSON;
      else if (strcmp(optarg, "csv") == 0) o.out.format = OUT_CSV;
      else if (strcmp(optarg, "md") == 0) o.out.format = OUT_MD;
      else {
        fprintf(stderr, PROG ": unknown output format '%s' (text, json, csv)\n",
                optarg);
        return 2;
      }
      break;
    case 'l':
      if (strcmp(optarg, "zh") == 0) o.out.lang = DP_LANG_ZH;
      else if (strcmp(optarg, "en") == 0) o.out.lang = DP_LANG_EN;
      else {
        fprintf(stderr, PROG ": unknown language '%s' (zh, en)\n", optarg);
        return 2;
      }
      break;
    case 's': o.summary = 1; break;
    case 'q': o.out.quiet = 1; break;
    case O_COLOR:
      if (strcmp(optarg, "auto") == 0) color = -1;
      else if (strcmp(optarg, "always") == 0) color = 1;
      else if (strcmp(optarg, "never") == 0) color = 0;
      else {
        fprintf(stderr, PROG ": unknown colour mode '%s' (auto, always, never)\n",
                optarg);
        return 2;
      }
      break;
    case O_NO_PROGRESS: o.progress = 0; break;
    case 'i':
      if (strcmp(optarg, "auto") == 0) o.input_format = DP_FORMAT_AUTO;
      else if (strcmp(optarg, "json") == 0) o.input_format = DP_FORMAT_JSON;
      else if (strcmp(optarg, "jsonl") == 0 || strcmp(optarg, "ndjson") == 0)
        o.input_format = DP_FORMAT_JSONL;
      else if (strcmp(optarg, "csv") == 0) o.input_format = DP_FORMAT_CSV;
      else {
        fprintf(stderr,
                PROG ": unknown input format '%s' (auto, json, jsonl, csv)\n",
                optarg);
        return 2;
      }
      break;
    case 'r': o.rules[o.nrules++] = optarg; break;
    case 'p': o.procedure = optarg; break;
    case O_LIST_RULES: o.list_rules = 1; break;
    case 'j':
      if (parse_int(optarg, &o.jobs) || o.jobs > MAX_JOBS) {
        fprintf(stderr, PROG ": -j wants a number of threads from 0 to %d, not '%s'\n",
                MAX_JOBS, optarg);
        return 2;
      }
      break;
    case 'h': usage(stdout); free(o.rules); return 0;
    case 'V':
      printf(PROG " (dueproc) %s\n", dp_version_string());
      free(o.rules);
      return 0;
    default:
      fprintf(stderr, "Try '" PROG " --help' for more information.\n");
      free(o.rules);
      return 2;
    }
  }
  if (o.jobs == 0) o.jobs = online_cores();
  if (color < 0) {
    const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
    color = isatty(STDOUT_FILENO) && !(nc && *nc) &&
            !(term && strcmp(term, "dumb") == 0);
  }
  o.out.color = color;

  /* the engine: defaults, then every --rules file in order */
  int status = 0;
  dp_engine *e = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  if (dp_engine_new(&e, 0, &err) != 0) {
    char msg[512];
    dp_error_format(&err, msg, sizeof msg);
    fprintf(stderr, PROG ": %s\n", msg);
    free(o.rules);
    return 2;
  }
  for (size_t i = 0; i < o.nrules; i++) {
    memset(&err, 0, sizeof err);
    if (dp_engine_load_file(e, o.rules[i], &err) != 0) {
      char msg[512];
      if (!err.source[0]) snprintf(err.source, sizeof err.source, "%s", o.rules[i]);
      dp_error_format(&err, msg, sizeof msg);
      fprintf(stderr, PROG ": %s\n", msg);
      status = 2;
      goto done;
    }
  }
  if (o.procedure) {
    int found = 0;
    for (size_t i = 0; i < dp_engine_procedure_count(e); i++)
      if (strcmp(dp_engine_procedure_name(e, i), o.procedure) == 0) found = 1;
    if (!found) {
      fprintf(stderr, PROG ": unknown procedure '%s' (known:", o.procedure);
      for (size_t i = 0; i < dp_engine_procedure_count(e); i++)
        fprintf(stderr, " %s", dp_engine_procedure_name(e, i));
      fprintf(stderr, ")\n");
      status = 2;
      goto done;
    }
  }

  if (o.out.format == OUT_MD && !o.list_rules) {
    fprintf(stderr, PROG ": --format md goes with --list-rules\n");
    return 2;
  }
  if (o.list_rules) {
    vbuf b = {0};
    out_rules(&b, &o.out, e);
    if (b.s) fwrite(b.s, 1, b.len, stdout);
    vb_free(&b);
    goto done;
  }

  if (optind >= argc) {
    fprintf(stderr,
            PROG ": no input: give files, directories or - for standard "
                 "input\nTry '" PROG " --help' for more information.\n");
    status = 2;
    goto done;
  }

  run R;
  memset(&R, 0, sizeof R);
  R.o = &o;
  R.e = e;
  R.copts.procedure = o.procedure;
  R.copts.as_of = DP_NO_DATE;
  collect_inputs(&R.in, argv + optind, argc - optind);
  R.st.inputs = R.in.n;
  R.stdout_tty = isatty(STDOUT_FILENO);
  /* a file or a pipe: write in large blocks (stdio's default is 4 KiB, a
   * system call every few records) */
  static char outbuf[1 << 18];
  if (!R.stdout_tty) setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  R.progress = o.progress != 0 && isatty(STDERR_FILENO);
  clock_gettime(CLOCK_MONOTONIC, &R.t0);
  R.tlast = R.t0;

  if (o.out.format == OUT_CSV) {
    vbuf b = {0};
    out_csv_header(&b);
    if (b.s) fwrite(b.s, 1, b.len, stdout);
    vb_free(&b);
  }
  /* run_threads fails only before it has read anything */
  if (o.jobs <= 1 || run_threads(&R, o.jobs) != 0) run_serial(&R);
  progress_clear(&R);

  if (o.summary)
    print_summary(o.out.format == OUT_TEXT ? stdout : stderr, &R);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, PROG ": standard output: write error: %s\n", strerror(errno));
    status = 2;
  }
  if (R.st.failed) {
    fprintf(stderr, PROG ": out of memory while checking; output is incomplete\n");
    status = 2;
  } else if (R.st.input_errors || R.st.unreadable) {
    status = 2;
  } else if (R.st.errors) {
    status = 1;
  }
  for (size_t i = 0; i < R.in.n; i++) {
    free(R.in.v[i].path);
    free(R.in.v[i].error);
  }
  free(R.in.v);
  counter_free(&R.st.by_rule);
  counter_free(&R.st.by_authority);
done:
  dp_engine_free(e);
  free(o.rules);
  return status;
}

/*
 * check_csv_stream.c - CSV event logs read in two passes (read_csv.c):
 * an index of where each case's rows are, then one record at a time.
 *
 * A generated log of a few thousand cases — most with their rows
 * together, some spread over the whole log, blank lines, CRLF, quoted
 * fields with new lines and doubled quotes, a field longer than a read,
 * unreadable rows, an open quote at the end — is read from a string, from
 * a regular file, from a pipe (a FIFO: read once, kept in a temporary
 * copy) and from standard input.  Every way gives the records the
 * generator meant, row by row, and all four give the same records.
 */
#define DP_TEST_ENGINE_FIXTURE
#include "util.h"

#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

static uint32_t rng_state;
static uint32_t rng(void) {
  rng_state = rng_state * 1664525u + 1013904223u;
  return rng_state >> 8;
}

static const char *const steps[] = {"assessment", "public_comment",
                                    "legality_review", "collective_decision",
                                    "publication", "filing"};

#define NCASES 3000
#define MAXROWS 8

/* What the generator meant: per case, its first line and its rows' `by`
 * values in file order; the places of unreadable rows. */
typedef struct plan {
  dp__buf text;
  long first_line[NCASES];
  int nrows[NCASES];
  long row_line[NCASES][MAXROWS];
  int order[NCASES]; /* cases in the order of their first row */
  int norder;
  long bad_line[8]; /* lines of the rows without case_id */
  int nbad;
  long open_quote_line;
} plan;

static void add_row(plan *p, int c, int k, long *line) {
  char row[512];
  int crlf = rng() % 7 == 0;
  const char *eol = crlf ? "\r\n" : "\n";
  long at = *line;
  if (p->nrows[c] == 0) {
    p->first_line[c] = at;
    p->order[p->norder++] = c;
  }
  p->row_line[c][p->nrows[c]++] = at;
  if (rng() % 50 == 0) {
    /* a quoted label over two lines, with a doubled quote */
    snprintf(row, sizeof row,
             "C%04d,normative_document,%s,2023-%02d-%02d,L%ld,\"第一行\n"
             "第二行 \"\"引\"\"\"%s",
             c, steps[k % 6], 1 + k, 1 + c % 28, at, eol);
    *line += 2;
  } else {
    snprintf(row, sizeof row, "C%04d,normative_document,%s,2023-%02d-%02d,"
             "L%ld,%s", c, steps[k % 6], 1 + k, 1 + c % 28, at, eol);
    *line += 1;
  }
  dp__buf_adds(&p->text, row);
  if (rng() % 40 == 0) { /* a blank line */
    dp__buf_adds(&p->text, "\n");
    *line += 1;
  }
}

static void make_plan(plan *p) {
  memset(p, 0, sizeof *p);
  rng_state = 20261127u;
  dp__buf_adds(&p->text, "\xEF\xBB\xBF" "case_id,procedure,step,date,by,label\n");
  long line = 2;
  int want[NCASES];
  for (int c = 0; c < NCASES; c++) want[c] = 1 + (int)(rng() % MAXROWS);
  /* every case in turn: most write all their rows at once; one in five
   * writes one row now and the rest later, among other cases */
  int spread[NCASES], nspread = 0;
  for (int c = 0; c < NCASES; c++) {
    if (c == 1500) {
      /* a row longer than one read of the file (64 KiB): a quoted field */
      dp__buf_adds(&p->text, "C1500,normative_document,filing,2023-01-02,");
      char lbl[32];
      snprintf(lbl, sizeof lbl, "L%ld,\"", line);
      dp__buf_adds(&p->text, lbl);
      for (int i = 0; i < 70000; i++) dp__buf_addc(&p->text, "xyz,\n"[i % 5]);
      dp__buf_adds(&p->text, "\"\n");
      p->first_line[c] = line;
      p->order[p->norder++] = c;
      p->row_line[c][p->nrows[c]++] = line;
      line += 1 + 70000 / 5;
      want[c] = 1;
      continue;
    }
    if (c % 997 == 0 && p->nbad < 8) { /* a row without case_id */
      dp__buf_adds(&p->text, " ,normative_document,filing,2023-01-02,x,\n");
      p->bad_line[p->nbad++] = line++;
    }
    if (c == 2000 || c == 2500) {
      /* an unreadable row among the rows of one case: no case_id, or a
       * NUL byte (the row is skipped whole) */
      want[c] = 3;
      add_row(p, c, 0, &line);
      if (c == 2000)
        dp__buf_adds(&p->text, ",normative_document,filing,2023-01-02,x,\n");
      else
        dp__buf_add(&p->text, "C2500,normative_document,fil\0ing,x,y,\n", 38);
      p->bad_line[p->nbad++] = line++;
      add_row(p, c, 1, &line);
      add_row(p, c, 2, &line);
      continue;
    }
    if (rng() % 5 == 0 && want[c] > 1) {
      add_row(p, c, 0, &line);
      spread[nspread++] = c;
      continue;
    }
    for (int k = 0; k < want[c]; k++) add_row(p, c, k, &line);
  }
  /* the rest of the spread cases, interleaved */
  for (int round = 1; round < MAXROWS; round++)
    for (int i = 0; i < nspread; i++) {
      int c = spread[(i * 7 + round) % nspread];
      if (p->nrows[c] < want[c]) add_row(p, c, p->nrows[c], &line);
    }
  for (int i = 0; i < nspread; i++) {
    int c = spread[i];
    while (p->nrows[c] < want[c]) add_row(p, c, p->nrows[c], &line);
  }
  /* and a quote that is never closed */
  p->open_quote_line = line;
  dp__buf_adds(&p->text, "C9999,normative_document,\"filing,2023-01-02\n");
  ck_assert(!p->text.oom);
}

/* A record as text, for comparing the ways of reading; the source name
 * is left out of messages (it differs: a string, a path, standard
 * input). */
static void dump(dp__buf *out, const dp_record *r, long line,
                 const char *source) {
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  dp__buf_addf(out, "@%ld %s:", line,
               dp_record_get(r, "id") ? dp_record_get(r, "id") : "-");
  for (size_t i = 0; i < dp_record_event_count(r); i++)
    dp__buf_addf(out, " %s/%s/%s", dp_event_get(r, i, "step"),
                 dp_event_get(r, i, "date"), dp_event_get(r, i, "by"));
  for (size_t i = 0; i < dp_report_count(rep); i++) {
    const char *m = dp_finding_message(dp_report_finding(rep, i), DP_LANG_EN);
    const char *at = strstr(m, source);
    if (at) {
      dp__buf_add(out, m, (size_t)(at - m));
      dp__buf_adds(out, "SRC");
      dp__buf_adds(out, at + strlen(source));
    } else {
      dp__buf_adds(out, m);
    }
    dp__buf_addc(out, '|');
  }
  dp__buf_addc(out, '\n');
  dp_report_free(rep);
}

/* Read every record of rd; check it against the plan; dump it. */
static void read_all(dp_reader *rd, const plan *p, const char *source,
                     dp__buf *out) {
  dp_record *r;
  dp_error err = {0};
  int rc, idx = 0, nbad = 0, open_quote = 0;
  size_t ncases = 0;
  while ((rc = dp_reader_next(rd, &r, &err)) == 1) {
    long line = dp_reader_line(rd);
    dump(out, r, line, source);
    if (!dp_record_readable(r)) {
      if (line == p->open_quote_line) {
        open_quote = 1;
      } else {
        ck_assert_int_lt(nbad, p->nbad);
        ck_assert_int_eq(line, p->bad_line[nbad]);
        nbad++;
      }
      dp_record_free(r);
      continue;
    }
    ck_assert_int_lt(idx, p->norder);
    int c = p->order[idx++];
    char id[16];
    snprintf(id, sizeof id, "C%04d", c);
    ck_assert_str_eq(dp_record_get(r, "id"), id);
    ck_assert_int_eq(line, p->first_line[c]);
    ck_assert_uint_eq(dp_record_event_count(r), (size_t)p->nrows[c]);
    /* each row's `by` names the line it was written on: the rows of the
     * case, every one, whatever their order after sorting by date */
    for (int k = 0; k < p->nrows[c]; k++) {
      char by[32];
      snprintf(by, sizeof by, "L%ld", p->row_line[c][k]);
      int found = 0;
      for (size_t i = 0; i < dp_record_event_count(r); i++)
        found |= dp_event_get(r, i, "by") &&
                 strcmp(dp_event_get(r, i, "by"), by) == 0;
      ck_assert_msg(found, "case %s: no row of line %ld", id,
                    p->row_line[c][k]);
    }
    ncases++;
    dp_record_free(r);
  }
  ck_assert_int_eq(rc, 0);
  ck_assert_uint_eq(ncases, NCASES);
  ck_assert_int_eq(nbad, p->nbad);
  ck_assert(open_quote);
  ck_assert_uint_eq(dp_reader_unreadable(rd), (size_t)p->nbad + 1);
}

static plan P;
static char dir[64];

static void setup_plan(void) {
  setup();
  make_plan(&P);
  snprintf(dir, sizeof dir, "/tmp/dp-csvXXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown_plan(void) {
  char p[128];
  snprintf(p, sizeof p, "%s/log.csv", dir);
  unlink(p);
  snprintf(p, sizeof p, "%s/fifo.csv", dir);
  unlink(p);
  rmdir(dir);
  dp__buf_free(&P.text);
  teardown();
}

static char *write_file(const char *name) {
  char *path = malloc(128);
  snprintf(path, 128, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_uint_eq(fwrite(P.text.s, 1, P.text.len, f), P.text.len);
  fclose(f);
  return path;
}

/* Two ways of reading gave the same records (then both are freed). */
static void same_and_free(dp__buf *a, dp__buf *b) {
  ck_assert(!a->oom && !b->oom);
  ck_assert_uint_eq(a->len, b->len);
  ck_assert(memcmp(a->s, b->s, a->len) == 0);
  dp__buf_free(a);
  dp__buf_free(b);
}

static void from_string(dp__buf *out) {
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, P.text.s, P.text.len,
                                         "log.csv", DP_FORMAT_CSV, NULL),
                   0);
  read_all(rd, &P, "log.csv", out);
  dp_reader_free(rd);
}

START_TEST(csv_string_as_planned) {
  dp__buf a = {0};
  from_string(&a);
  ck_assert(!a.oom);
  dp__buf_free(&a);
}
END_TEST

START_TEST(csv_file_same_as_string) {
  dp__buf a = {0}, b = {0};
  from_string(&a);
  char *path = write_file("log.csv");
  dp_reader *rd = NULL;
  /* by content: the file's name says nothing of its format here */
  ck_assert_int_eq(dp_reader_open(&rd, path, DP_FORMAT_AUTO, NULL), 0);
  ck_assert_int_eq(dp_reader_format(rd), DP_FORMAT_CSV);
  read_all(rd, &P, path, &b);
  dp_reader_free(rd);
  free(path);
  same_and_free(&a, &b);
}
END_TEST

static void *feed_fifo(void *arg) {
  const char *path = arg;
  FILE *f = fopen(path, "wb");
  if (!f) return NULL;
  /* in pieces, as a pipe delivers it */
  for (size_t at = 0; at < P.text.len; at += 4093) {
    size_t n = P.text.len - at < 4093 ? P.text.len - at : 4093;
    if (fwrite(P.text.s + at, 1, n, f) != n) break;
  }
  fclose(f);
  return NULL;
}

START_TEST(csv_pipe_same_as_string) {
  dp__buf a = {0}, b = {0};
  from_string(&a);
  char path[128];
  snprintf(path, sizeof path, "%s/fifo.csv", dir);
  ck_assert_int_eq(mkfifo(path, 0600), 0);
  pthread_t t;
  ck_assert_int_eq(pthread_create(&t, NULL, feed_fifo, path), 0);
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open(&rd, path, DP_FORMAT_CSV, NULL), 0);
  read_all(rd, &P, path, &b);
  dp_reader_free(rd);
  pthread_join(t, NULL);
  same_and_free(&a, &b);
}
END_TEST

/* Input read once needs its temporary copy: where none can be made
 * ($TMPDIR names no directory), the reader says so. */
START_TEST(csv_pipe_without_temporary_file) {
  char path[128];
  snprintf(path, sizeof path, "%s/fifo.csv", dir);
  ck_assert_int_eq(mkfifo(path, 0600), 0);
  signal(SIGPIPE, SIG_IGN); /* the feeder writes on after the reader quit */
  pthread_t t;
  ck_assert_int_eq(pthread_create(&t, NULL, feed_fifo, path), 0);
  ck_assert_int_eq(setenv("TMPDIR", "/nonexistent/dueproc", 1), 0);
  dp_reader *rd = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_reader_open(&rd, path, DP_FORMAT_CSV, &err), 0);
  dp_record *r = NULL;
  ck_assert_int_eq(dp_reader_next(rd, &r, &err), DP_EIO);
  ck_assert_ptr_null(r);
  ck_assert_int_eq(err.code, DP_EIO);
  ck_assert_msg(strstr(err.text, "temporary copy") != NULL, "%s", err.text);
  ck_assert_str_eq(err.source, path);
  ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 0); /* and then the end */
  dp_reader_free(rd);
  pthread_join(t, NULL);
  unsetenv("TMPDIR");
}
END_TEST

START_TEST(csv_stdin_same_as_string) {
  dp__buf a = {0}, b = {0};
  from_string(&a);
  char *path = write_file("log.csv");
  ck_assert_ptr_nonnull(freopen(path, "rb", stdin));
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open(&rd, "-", DP_FORMAT_AUTO, NULL), 0);
  read_all(rd, &P, "<stdin>", &b);
  dp_reader_free(rd);
  free(path);
  same_and_free(&a, &b);
}
END_TEST

/* Records are made one at a time: freeing each before the next, a
 * reader of the log holds the index, not the records (the index of
 * 3000 cases is a few hundred kilobytes; the records, read whole, were
 * several megabytes).  What is checked here is that each record is the
 * reader's no longer once returned: freeing them in reverse order after
 * reading all is fine too. */
START_TEST(csv_records_outlive_reader) {
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, P.text.s, P.text.len,
                                         "log.csv", DP_FORMAT_CSV, NULL),
                   0);
  dp_record **all = calloc(NCASES + 16, sizeof *all);
  size_t n = 0;
  dp_record *r;
  while (dp_reader_next(rd, &r, NULL) == 1) all[n++] = r;
  dp_reader_free(rd);
  ck_assert_uint_eq(n, NCASES + (size_t)P.nbad + 1);
  while (n-- > 0) {
    if (dp_record_readable(all[n]))
      ck_assert_ptr_nonnull(dp_record_get(all[n], "procedure"));
    dp_record_free(all[n]);
  }
  free(all);
}
END_TEST

/* How a field is read: "" in quotes is a quote, text after a closing
 * quote is kept, a CR stays inside a field and goes before a new line or
 * at the very end, a quoted field keeps its new lines (and the lines of
 * the rows after it count them). */
START_TEST(csv_field_forms) {
  static const char text[] =
      "case_id,procedure,step,date,by,label\n"
      "A,normative_document,filing,2023-01-02,\"a\"\"b\",x\r\n"
      "B,normative_document,filing,2023-01-02,\"q\"tail,\"two\nlines\"\n"
      "C,normative_document,filing,2023-01-02,mid\rcr,y\n"
      "D,normative_document,filing,2023-01-02,z,end\r";
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, text, sizeof text - 1,
                                         "f.csv", DP_FORMAT_CSV, NULL),
                   0);
  static const char *const by[] = {"a\"b", "qtail", "mid\rcr", "z"};
  static const char *const label[] = {"x", "two\nlines", "y", "end"};
  static const long line[] = {2, 3, 5, 6};
  dp_record *r;
  for (int k = 0; k < 4; k++) {
    ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 1);
    ck_assert_int_eq(dp_reader_line(rd), line[k]);
    ck_assert_str_eq(dp_event_get(r, 0, "by"), by[k]);
    ck_assert_str_eq(dp_event_get(r, 0, "label"), label[k]);
    dp_record_free(r);
  }
  ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 0);
  dp_reader_free(rd);
}
END_TEST

static Suite *suite(void) {
  Suite *s = suite_create("csv_stream");
  TCase *tc = tcase_create("csv");
  tcase_set_timeout(tc, 120);
  tcase_add_checked_fixture(tc, setup_plan, teardown_plan);
  tcase_add_test(tc, csv_string_as_planned);
  tcase_add_test(tc, csv_field_forms);
  tcase_add_test(tc, csv_file_same_as_string);
  tcase_add_test(tc, csv_pipe_same_as_string);
  tcase_add_test(tc, csv_pipe_without_temporary_file);
  tcase_add_test(tc, csv_stdin_same_as_string);
  tcase_add_test(tc, csv_records_outlive_reader);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(suite()); }

/*
 * check_reader_encoding.c - the encodings of input (records.md §8.8,
 * decode.c): UTF-8, GB18030 guessed or named, and input that is neither,
 * from strings, regular files, pipes and standard input, in JSON, JSON
 * Lines and CSV.
 *
 * Each GB18030 input is made from a UTF-8 one with iconv, and read back it
 * must give what the UTF-8 one gives, record by record.
 */
#define DP_TEST_ENGINE_FIXTURE
#include "util.h"

#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---------------------------------------------------------------------
 * Helpers
 * ------------------------------------------------------------------- */

/* s[0..n) converted from UTF-8 to GB18030, in a buffer the caller frees
 * (NUL-terminated; length in *out_len). */
static char *to_gb(const char *s, size_t n, size_t *out_len) {
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  ck_assert_msg(cd != (iconv_t)-1, "no GB18030 converter");
  size_t cap = n * 2 + 16;
  char *out = malloc(cap);
  ck_assert_ptr_nonnull(out);
  char *in = (char *)s, *o = out;
  size_t inleft = n, oleft = cap - 1;
  ck_assert(iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1);
  iconv_close(cd);
  *o = '\0';
  *out_len = (size_t)(o - out);
  return out;
}

/* Every record of rd as text: id, each event's fields and dates, each
 * finding's code and English message with `source` left out; the end code
 * and, on an error, its line, column and text.  Appended to out. */
static void dump_all(dp_reader *rd, const char *source, dp__buf *out) {
  dp_record *r;
  dp_error err = {0};
  int rc;
  while ((rc = dp_reader_next(rd, &r, &err)) == 1) {
    dp__buf_addf(out, "@%ld %s %s title=%s:", dp_reader_line(rd),
                 dp_record_get(r, "id") ? dp_record_get(r, "id") : "-",
                 dp_record_get(r, "procedure") ? dp_record_get(r, "procedure")
                                               : "-",
                 dp_record_get(r, "title") ? dp_record_get(r, "title") : "-");
    for (size_t i = 0; i < dp_record_event_count(r); i++) {
      static const char *const fields[] = {"step", "label", "date", "start",
                                           "end",  "result", "meeting"};
      dp__buf_adds(out, " [");
      for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
        const char *v = dp_event_get(r, i, fields[k]);
        if (v) dp__buf_addf(out, "%s=%s;", fields[k], v);
      }
      dp__buf_adds(out, "]");
    }
    dp_report *rep = NULL;
    ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
    for (size_t i = 0; i < dp_report_count(rep); i++) {
      const dp_finding *f = dp_report_finding(rep, i);
      const char *m = dp_finding_message(f, DP_LANG_EN);
      const char *at = strstr(m, source);
      dp__buf_addf(out, " |%s ", dp_code_name(dp_finding_code(f)));
      if (at) {
        dp__buf_add(out, m, (size_t)(at - m));
        dp__buf_adds(out, at + strlen(source));
      } else {
        dp__buf_adds(out, m);
      }
    }
    dp_report_free(rep);
    dp__buf_addc(out, '\n');
    dp_record_free(r);
  }
  dp__buf_addf(out, "end %s", dp_error_name(rc));
  if (rc < 0) dp__buf_addf(out, " %d:%d %s", err.line, err.column, err.text);
  dp__buf_addc(out, '\n');
  /* the end stays the end */
  ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 0);
}

static char *dump_string(const char *text, size_t len, dp_format fmt,
                         const char *encoding) {
  dp_reader *rd = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_reader_open_string_ex(&rd, text, len, "<input>", fmt,
                                            encoding, &err),
                   0);
  dp__buf b = {0};
  dump_all(rd, "<input>", &b);
  dp_reader_free(rd);
  ck_assert(!b.oom);
  return b.s;
}

static char dir[64];

static void setup_dir(void) {
  setup();
  snprintf(dir, sizeof dir, "/tmp/dp-encXXXXXX");
  ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown_dir(void) {
  static const char *const names[] = {"in.csv", "in.jsonl", "fifo"};
  char p[128];
  for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
    snprintf(p, sizeof p, "%s/%s", dir, names[i]);
    unlink(p);
  }
  rmdir(dir);
  teardown();
}

static char *write_file(const char *name, const char *text, size_t len) {
  char *path = malloc(128);
  ck_assert_ptr_nonnull(path);
  snprintf(path, 128, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  ck_assert_uint_eq(fwrite(text, 1, len, f), len);
  fclose(f);
  return path;
}

/* The dump of a file (its name left out of messages). */
static char *dump_path(const char *path, dp_format fmt, const char *encoding,
                       const char **note) {
  dp_reader *rd = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_reader_open_ex(&rd, path, fmt, encoding, &err), 0);
  dp__buf b = {0};
  dump_all(rd, strcmp(path, "-") == 0 ? "<stdin>" : path, &b);
  static char kept[512];
  const char *n = dp_reader_note(rd, DP_LANG_EN);
  snprintf(kept, sizeof kept, "%s", n ? n : "");
  if (note) *note = n ? kept : NULL;
  dp_reader_free(rd);
  ck_assert(!b.oom);
  return b.s;
}

typedef struct feed {
  const char *path, *text;
  size_t len;
} feed;

static void *feed_fifo(void *arg) {
  feed *fd = arg;
  FILE *f = fopen(fd->path, "wb");
  if (!f) return NULL;
  /* in pieces, as a pipe delivers them: cuts inside characters */
  for (size_t at = 0; at < fd->len; at += 4093) {
    size_t n = fd->len - at < 4093 ? fd->len - at : 4093;
    if (fwrite(fd->text + at, 1, n, f) != n) break;
    fflush(f);
  }
  fclose(f);
  return NULL;
}

static char *dump_fifo(const char *text, size_t len, dp_format fmt) {
  char path[128];
  snprintf(path, sizeof path, "%s/fifo", dir);
  unlink(path);
  ck_assert_int_eq(mkfifo(path, 0600), 0);
  feed fd = {path, text, len};
  pthread_t t;
  ck_assert_int_eq(pthread_create(&t, NULL, feed_fifo, &fd), 0);
  char *d = dump_path(path, fmt, NULL, NULL);
  pthread_join(t, NULL);
  return d;
}

/* Two dumps are the same (both freed); else where they first differ. */
static void same_dumps(char *a, char *b, int line) {
  size_t i = 0;
  while (a[i] && a[i] == b[i]) i++;
  if (a[i] != b[i]) {
    size_t from = i > 200 ? i - 200 : 0;
    ck_abort_msg("line %d: dumps differ at %zu:\n%.600s\n---\n%.600s", line,
                 i, a + from, b + from);
  }
  free(a);
  free(b);
}
#define ck_same(a, b) same_dumps((a), (b), __LINE__)

/* ---------------------------------------------------------------------
 * Inputs
 * ------------------------------------------------------------------- */

static const char jsonl_utf8[] =
    "{\"id\":\"甲-1\",\"procedure\":\"normative_document\",\"title\":"
    "\"平顶山市城市管理办法\",\"events\":[{\"label\":\"评估论证\",\"date\":"
    "\"2022-03-01\"},{\"step\":\"public_comment\",\"start\":\"2022-03-05\","
    "\"end\":\"2022-04-05\"},{\"label\":\"市司法局合法性审核通过\","
    "\"start\":\"2022-04-08\",\"end\":\"2022-04-20\",\"result\":\"通过\"},"
    "{\"step\":\"collective_decision\",\"date\":\"2022-04-28\",\"meeting\":"
    "\"市政府常务会议\"},{\"step\":\"publication\",\"date\":\"2022-05-06\"}]}\n"
    "{\"id\":\"乙-2\",\"procedure\":\"major_decision\",\"title\":\"€ 𠀋 "
    "four-byte characters\",\"events\":[]}\n";

static const char csv_utf8[] =
    "编号,程序,步骤,日期,开始日期,结束日期,结果,会议,标题\n"
    "甲-1,normative_document,评估论证,2022/3/1,,,,,城市管理办法\n"
    "甲-1,normative_document,public_comment,,2022-3-5,2022-4-5,,,\n"
    "甲-1,normative_document,合法性审核,,2022.4.8,2022.4.20,通过,,\n"
    "甲-1,normative_document,collective_decision,2022年4月28日,,,,"
    "市政府常务会议,\n"
    "乙-2,major_decision,publication,2022-05-06 10:00,,,,,€ 𠀋\n";

/* ---------------------------------------------------------------------
 * The guess
 * ------------------------------------------------------------------- */

START_TEST(utf8_stays_utf8) {
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, jsonl_utf8,
                                         sizeof jsonl_utf8 - 1, "<input>",
                                         DP_FORMAT_AUTO, NULL),
                   0);
  ck_assert_str_eq(dp_reader_encoding(rd), "UTF-8");
  dp__buf b = {0};
  dump_all(rd, "<input>", &b);
  ck_assert_ptr_null(dp_reader_note(rd, DP_LANG_EN));
  ck_assert_ptr_null(dp_reader_note(rd, DP_LANG_ZH));
  ck_assert_str_eq(dp_reader_encoding(rd), "UTF-8");
  ck_assert_ptr_nonnull(strstr(b.s, "title=平顶山市城市管理办法"));
  ck_assert_ptr_nonnull(strstr(b.s, "end DP_OK"));
  dp__buf_free(&b);
  dp_reader_free(rd);
  ck_assert_ptr_null(dp_reader_encoding(NULL));
  ck_assert_ptr_null(dp_reader_note(NULL, DP_LANG_EN));
}
END_TEST

START_TEST(gb18030_guessed_json_lines) {
  size_t n;
  char *gb = to_gb(jsonl_utf8, sizeof jsonl_utf8 - 1, &n);
  ck_assert_uint_ne(n, sizeof jsonl_utf8 - 1);
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, gb, n, "<input>", DP_FORMAT_AUTO,
                                         NULL),
                   0);
  ck_assert_int_eq(dp_reader_format(rd), DP_FORMAT_JSONL);
  ck_assert_str_eq(dp_reader_encoding(rd), "GB18030");
  dp__buf b = {0};
  dump_all(rd, "<input>", &b);
  ck_assert_str_eq(dp_reader_note(rd, DP_LANG_EN),
                   "<input>: not UTF-8; read as GB18030 (GBK/GB2312)");
  ck_assert_ptr_nonnull(strstr(dp_reader_note(rd, DP_LANG_ZH), "GB18030"));
  ck_assert_str_eq(dp_reader_note(rd, DP_LANG_ZH), dp_reader_note(rd, DP_LANG_ZH));
  dp_reader_free(rd);
  ck_same(b.s, dump_string(jsonl_utf8, sizeof jsonl_utf8 - 1,
                           DP_FORMAT_AUTO, NULL));
  free(gb);
}
END_TEST

START_TEST(gb18030_guessed_csv_and_json) {
  size_t n;
  char *gb = to_gb(csv_utf8, sizeof csv_utf8 - 1, &n);
  ck_same(dump_string(gb, n, DP_FORMAT_CSV, NULL),
          dump_string(csv_utf8, sizeof csv_utf8 - 1, DP_FORMAT_CSV, NULL));
  free(gb);
  /* a JSON array, one line */
  static const char arr[] =
      "[{\"id\":\"丙\",\"procedure\":\"normative_document\",\"title\":\"标题\","
      "\"events\":[{\"label\":\"备案\",\"date\":\"2022年5月20日\"}]}]";
  gb = to_gb(arr, sizeof arr - 1, &n);
  ck_same(dump_string(gb, n, DP_FORMAT_AUTO, NULL),
          dump_string(arr, sizeof arr - 1, DP_FORMAT_AUTO, NULL));
  free(gb);
}
END_TEST

/* A named encoding: no guess, no note. */
START_TEST(named_encoding) {
  size_t n;
  char *gb = to_gb(jsonl_utf8, sizeof jsonl_utf8 - 1, &n);
  static const char *const gb_names[] = {"GB18030", "gbk", "GB2312",
                                         "cp936", "EUC-CN"};
  for (size_t i = 0; i < sizeof gb_names / sizeof *gb_names; i++) {
    dp_reader *rd = NULL;
    ck_assert_int_eq(dp_reader_open_string_ex(&rd, gb, n, "<input>",
                                              DP_FORMAT_JSONL, gb_names[i],
                                              NULL),
                     0);
    ck_assert_str_eq(dp_reader_encoding(rd), "GB18030");
    dp__buf b = {0};
    dump_all(rd, "<input>", &b);
    ck_assert_ptr_null(dp_reader_note(rd, DP_LANG_EN));
    dp_reader_free(rd);
    ck_same(b.s, dump_string(jsonl_utf8, sizeof jsonl_utf8 - 1,
                             DP_FORMAT_JSONL, NULL));
  }
  /* UTF-8 named: GB18030 text is then an error at its first byte */
  char *d = dump_string(gb, n, DP_FORMAT_JSONL, "utf-8");
  ck_assert_msg(strncmp(d, "end DP_EENCODING 1:8 invalid UTF-8: byte 0x", 43) == 0,
                "%s", d);
  free(d);
  /* auto and "" are the guess */
  ck_same(dump_string(gb, n, DP_FORMAT_JSONL, "auto"),
          dump_string(gb, n, DP_FORMAT_JSONL, ""));
  /* an unknown name */
  dp_reader *rd = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_reader_open_string_ex(&rd, gb, n, "<input>", DP_FORMAT_JSONL,
                                            "latin1", &err),
                   DP_EINVAL);
  ck_assert_ptr_null(rd);
  ck_assert_int_eq(err.code, DP_EINVAL);
  ck_assert_msg(strstr(err.text, "unknown encoding 'latin1'") != NULL, "%s",
                err.text);
  memset(&err, 0, sizeof err);
  ck_assert_int_eq(dp_reader_open_ex(&rd, "/nonexistent", DP_FORMAT_JSON,
                                     "EBCDIC", &err),
                   DP_EINVAL);
  ck_assert_ptr_null(rd);
  free(gb);
}
END_TEST

/* Neither encoding: one error at the first bad byte, after the records
 * wholly before it; nothing after it is read. */
START_TEST(neither_one_error) {
  static const char text[] =
      "{\"id\":\"a\",\"procedure\":\"normative_document\",\"title\":\"第一\"}\n"
      "{\"id\":\"b\",\"procedure\":\"normative_document\",\"title\":\"第二\"}\n"
      "{\"id\":\"c\",\"procedure\":\"normative_document\",\"title\":\"x\xff\"}\n"
      "{\"id\":\"d\",\"procedure\":\"normative_document\"}\n";
  char *d = dump_string(text, sizeof text - 1, DP_FORMAT_AUTO, NULL);
  ck_assert_msg(strstr(d, "@1 a") && strstr(d, "@2 b") && !strstr(d, "@3") &&
                    !strstr(d, "@4"),
                "%s", d);
  /* UTF-8 before it: UTF-8 with a bad byte */
  ck_assert_msg(strstr(d, "end DP_EENCODING 3:54 invalid UTF-8: byte 0xff; "
                          "the rest of the input is not read") != NULL,
                "%s", d);
  free(d);
  /* CSV: many bad cells, one error for the log, no record */
  static const char csv[] = "case_id,procedure,step,date,label\n"
                            "c1,normative_document,filing,2022-05-20,\xff\n"
                            "c1,normative_document,filing,2022-05-20,\xfe\n"
                            "c2,normative_document,filing,2022-05-20,\xff\n";
  d = dump_string(csv, sizeof csv - 1, DP_FORMAT_CSV, NULL);
  ck_assert_str_eq(d, "end DP_EENCODING 2:41 not UTF-8 text, nor GB18030 "
                      "(GBK): byte 0xff; the rest of the input is not read\n");
  free(d);
}
END_TEST

/* UTF-8 with a bad byte after enough UTF-8 to tell: UTF-8 with an error,
 * even where the rest would read as GB18030. */
START_TEST(utf8_with_a_bad_byte) {
  /* 城市管理 in GBK: B3 C7 CA D0 B9 DC C0 ED */
  static const char text[] =
      "{\"id\":\"a\",\"procedure\":\"normative_document\",\"title\":\"平顶山市\"}\n"
      "{\"id\":\"b\",\"procedure\":\"normative_document\",\"title\":\""
      "\xb3\xc7\xca\xd0\xb9\xdc\xc0\xed\"}\n";
  char *d = dump_string(text, sizeof text - 1, DP_FORMAT_JSONL, NULL);
  ck_assert_msg(strstr(d, "@1 a") != NULL, "%s", d);
  ck_assert_msg(strstr(d, "end DP_EENCODING 2:53 invalid UTF-8: byte 0xb3; "
                          "the rest of the input is not read") != NULL,
                "%s", d);
  free(d);
  /* a BOM says UTF-8: GBK after it is an error */
  static const char bom[] = "\xEF\xBB\xBF"
                            "case_id,procedure,step,date,label\n"
                            "c1,normative_document,filing,2022-05-20,"
                            "\xb3\xc7\xca\xd0\n";
  d = dump_string(bom, sizeof bom - 1, DP_FORMAT_CSV, NULL);
  ck_assert_str_eq(d, "end DP_EENCODING 2:41 invalid UTF-8: byte 0xb3; the "
                      "rest of the input is not read\n");
  free(d);
}
END_TEST

/* A character cut by the end of the input. */
START_TEST(cut_at_the_end) {
  static const char utf8[] =
      "{\"id\":\"a\",\"procedure\":\"normative_document\"}\n\xe4\xb8";
  char *d = dump_string(utf8, sizeof utf8 - 1, DP_FORMAT_JSONL, "UTF-8");
  ck_assert_msg(strstr(d, "end DP_EENCODING 2:1 the input ends inside a UTF-8 "
                          "character (byte 0xe4)") != NULL,
                "%s", d);
  free(d);
  static const char gb[] =
      "{\"id\":\"a\",\"procedure\":\"normative_document\"}\n\xb3";
  d = dump_string(gb, sizeof gb - 1, DP_FORMAT_JSONL, "GB18030");
  ck_assert_msg(strstr(d, "@1 a") != NULL, "%s", d);
  ck_assert_msg(strstr(d, "end DP_EENCODING 2:1 the input ends inside a "
                          "GB18030 character (byte 0xb3)") != NULL,
                "%s", d);
  free(d);
  /* and a byte GB18030 has not at all (0x80, 0xFF) */
  static const char gb2[] =
      "{\"id\":\"a\",\"procedure\":\"normative_document\"}\n"
      "{\"id\":\"\xb3\xc7\x80\"}\n";
  d = dump_string(gb2, sizeof gb2 - 1, DP_FORMAT_JSONL, "GB18030");
  ck_assert_msg(strstr(d, "end DP_EENCODING 2:10 invalid GB18030 (the input "
                          "is read as GB18030): byte 0x80") != NULL,
                "%s", d);
  free(d);
}
END_TEST

/* A short GBK log (less than the guess's window) is read too. */
START_TEST(short_gbk) {
  static const char csv[] = "编号,日期\n甲,2022-01-01\n";
  size_t n;
  char *gb = to_gb(csv, sizeof csv - 1, &n);
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, gb, n, "<input>", DP_FORMAT_CSV,
                                         NULL),
                   0);
  dp_record *r = NULL;
  ck_assert_int_eq(dp_reader_next(rd, &r, NULL), 1);
  ck_assert_str_eq(dp_record_get(r, "id"), "甲");
  ck_assert_str_eq(dp_reader_encoding(rd), "GB18030");
  dp_record_free(r);
  dp_reader_free(rd);
  free(gb);
}
END_TEST

/* ---------------------------------------------------------------------
 * Files, pipes, standard input: reads in chunks
 * ------------------------------------------------------------------- */

/* A log whose first text that is not ASCII comes late (after several reads
 * of the file), then characters cut by the end of a read of every kind. */
static dp__buf big_text(int csv) {
  dp__buf b = {0};
  if (csv) dp__buf_adds(&b, "case_id,procedure,step,date,label,by\n");
  int i = 0;
  for (; b.len < 200000; i++) {
    if (csv)
      dp__buf_addf(&b, "c%05d,normative_document,filing,2022-05-20,x,L%d\n",
                   i, i);
    else
      dp__buf_addf(&b, "{\"id\":\"c%05d\",\"procedure\":\"normative_document\","
                       "\"events\":[{\"step\":\"filing\",\"date\":\"2022-05-20\"}]}\n",
                   i);
  }
  /* then Chinese, one and two and four bytes in GB18030, at every offset
   * of a read's end */
  for (int k = 0; k < 3000; k++, i++) {
    const char *t = k % 3 == 0 ? "备案" : k % 3 == 1 ? "€·" : "𠀋z";
    if (csv)
      dp__buf_addf(&b, "c%05d,normative_document,,2022-05-20,%s%.*s,L%d\n", i,
                   t, k % 5, "abcd", i);
    else
      dp__buf_addf(&b, "{\"id\":\"c%05d\",\"procedure\":\"normative_document\","
                       "\"title\":\"%s%.*s\",\"events\":[]}\n",
                   i, t, k % 5, "abcd");
  }
  ck_assert(!b.oom);
  return b;
}

static void file_pipe_stdin(int csv) {
  dp__buf u = big_text(csv);
  size_t n;
  char *gb = to_gb(u.s, u.len, &n);
  dp_format fmt = csv ? DP_FORMAT_CSV : DP_FORMAT_JSONL;
  const char *name = csv ? "in.csv" : "in.jsonl";
  char *want = dump_string(u.s, u.len, fmt, NULL);
  ck_assert_ptr_nonnull(strstr(want, "end DP_OK"));
  /* from a string */
  ck_same(dump_string(gb, n, fmt, NULL), strdup(want));
  /* from a regular file: the guess comes at the first Chinese, reads
   * after the first; a CSV log read again by offset then keeps a copy */
  char *path = write_file(name, gb, n);
  const char *note = NULL;
  char *d = dump_path(path, DP_FORMAT_AUTO, NULL, &note);
  ck_assert_ptr_nonnull(note);
  ck_assert_ptr_nonnull(strstr(note, "read as GB18030"));
  ck_same(d, strdup(want));
  /* named */
  ck_same(dump_path(path, fmt, "GB18030", &note), strdup(want));
  ck_assert_ptr_null(note);
  /* the UTF-8 file itself */
  free(path);
  path = write_file(name, u.s, u.len);
  ck_same(dump_path(path, fmt, NULL, &note), strdup(want));
  ck_assert_ptr_null(note);
  /* from a pipe, delivered in pieces */
  ck_same(dump_fifo(gb, n, fmt), strdup(want));
  /* from standard input */
  free(path);
  path = write_file(name, gb, n);
  ck_assert_ptr_nonnull(freopen(path, "rb", stdin));
  ck_same(dump_path("-", fmt, NULL, NULL), strdup(want));
  free(path);
  free(want);
  free(gb);
  dp__buf_free(&u);
}

START_TEST(jsonl_file_pipe_stdin) { file_pipe_stdin(0); }
END_TEST

START_TEST(csv_file_pipe_stdin) { file_pipe_stdin(1); }
END_TEST

/* A bad byte far into a file: its line and column, counted over reads. */
START_TEST(error_position_far_in) {
  dp__buf b = {0};
  long line = 1;
  for (; b.len < 150000; line++)
    dp__buf_addf(&b, "{\"id\":\"a%ld\",\"procedure\":\"normative_document\","
                     "\"title\":\"标题\"}\n",
                 line);
  dp__buf_adds(&b, "{\"id\":\"bad\",\"title\":\"\xe6\xa0\x87\xff\"}\n");
  dp__buf_adds(&b, "{\"id\":\"after\",\"procedure\":\"normative_document\"}\n");
  char *path = write_file("in.jsonl", b.s, b.len);
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open(&rd, path, DP_FORMAT_AUTO, NULL), 0);
  dp_record *r;
  dp_error err = {0};
  long n = 0;
  int rc;
  while ((rc = dp_reader_next(rd, &r, &err)) == 1) {
    n++;
    dp_record_free(r);
  }
  ck_assert_int_eq(rc, DP_EENCODING);
  ck_assert_int_eq(n, line - 1);
  ck_assert_int_eq(err.code, DP_EENCODING);
  ck_assert_int_eq(err.line, (int)line);
  ck_assert_int_eq(err.column, 25);
  ck_assert_str_eq(err.source, path);
  ck_assert_msg(strstr(err.text, "invalid UTF-8: byte 0xff") != NULL, "%s",
                err.text);
  char msg[512];
  dp_error_format(&err, msg, sizeof msg);
  char want[256];
  snprintf(want, sizeof want, "%s:%ld:25: invalid UTF-8", path, line);
  ck_assert_msg(strncmp(msg, want, strlen(want)) == 0, "%s", msg);
  ck_assert_int_eq(dp_reader_next(rd, &r, &err), 0);
  dp_reader_free(rd);
  free(path);
  dp__buf_free(&b);
}
END_TEST

/* The two-step reading (pieces cut on one thread, made into records on
 * others) sees UTF-8 too, in a JSON text and in a CSV case's rows. */
START_TEST(pieces_are_utf8) {
  size_t n;
  char *gb = to_gb(jsonl_utf8, sizeof jsonl_utf8 - 1, &n);
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open_string(&rd, gb, n, "<input>", DP_FORMAT_JSONL,
                                         NULL),
                   0);
  dp_piece *p = NULL;
  dp_record *r = NULL;
  ck_assert_int_eq(dp_reader_next_piece(rd, &p, NULL), 1);
  ck_assert_int_eq(dp_piece_record(p, &r, NULL), 0);
  ck_assert_str_eq(dp_record_get(r, "title"), "平顶山市城市管理办法");
  dp_record_free(r);
  /* the same piece, used again */
  ck_assert_int_eq(dp_reader_next_piece(rd, &p, NULL), 1);
  ck_assert_int_eq(dp_piece_line(p), 2);
  ck_assert_int_eq(dp_piece_record(p, &r, NULL), 0);
  ck_assert_ptr_nonnull(strstr(dp_record_get(r, "title"), "𠀋"));
  dp_record_free(r);
  ck_assert_int_eq(dp_reader_next_piece(rd, &p, NULL), 0);
  ck_assert_ptr_null(p);
  dp_reader_free(rd);
  free(gb);
  static const char csv[] = "case_id,procedure,title,step,date\n"
                            "nd-1,normative_document,平顶山市城市管理办法,"
                            "publication,2023-04-20\n";
  gb = to_gb(csv, sizeof csv - 1, &n);
  ck_assert_int_eq(dp_reader_open_string(&rd, gb, n, "<input>", DP_FORMAT_CSV,
                                         NULL),
                   0);
  ck_assert_int_eq(dp_reader_next_piece(rd, &p, NULL), 1);
  dp_reader_free(rd); /* the piece keeps what it needs */
  ck_assert_int_eq(dp_piece_record(p, &r, NULL), 0);
  ck_assert_str_eq(dp_record_get(r, "title"), "平顶山市城市管理办法");
  dp_record_free(r);
  dp_piece_free(p);
  free(gb);
}
END_TEST

static Suite *encoding_suite(void) {
  Suite *s = suite_create("reader_encoding");
  TCase *tc = tcase_create("guess");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, utf8_stays_utf8);
  tcase_add_test(tc, gb18030_guessed_json_lines);
  tcase_add_test(tc, gb18030_guessed_csv_and_json);
  tcase_add_test(tc, named_encoding);
  tcase_add_test(tc, neither_one_error);
  tcase_add_test(tc, utf8_with_a_bad_byte);
  tcase_add_test(tc, cut_at_the_end);
  tcase_add_test(tc, short_gbk);
  tcase_add_test(tc, pieces_are_utf8);
  suite_add_tcase(s, tc);
  tc = tcase_create("files");
  tcase_add_checked_fixture(tc, setup_dir, teardown_dir);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, jsonl_file_pipe_stdin);
  tcase_add_test(tc, csv_file_pipe_stdin);
  tcase_add_test(tc, error_position_far_in);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(encoding_suite()); }

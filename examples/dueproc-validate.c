/*
 * dueproc-validate - check filed records of normative documents and major
 * decisions against the procedure rules and print what is wrong, with the
 * legal basis of every finding.
 *
 *   dueproc-validate [OPTION]... FILE|DIR|-...
 *
 * With -j N, N threads share the (read-only) engine; each in turn reads a
 * batch of records, checks it and writes it, in input order.  From JSON
 * and JSON Lines files the reading only cuts the text of each record; the
 * batch's thread parses it.  At most two batches a thread are in memory,
 * so memory stays flat however many records the input holds.  See
 * doc/dueproc-validate.1.
 *
 * Uses only the public API of libdueproc (dueproc.h).
 */
#include "validate.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
  int test; /* --test: records carry their expected findings */
  int jobs; /* -1: not given, chosen from the inputs (default_jobs) */
  int progress; /* -1 auto */
  dp_format input_format;
  const char *encoding;  /* --encoding, NULL: guess */
  const char *ledger_map_path; /* --ledger-map FILE, NULL: the default */
  dp_ledger_map *ledger_map;   /* the map every reader of a ledger uses */
  const char *procedure; /* -p resolved to a procedure's key (the engine's) */
  const char *procedure_arg;
  unsigned check_flags; /* DP_CHECK_IN_PROGRESS, DP_CHECK_AS_OF */
  int32_t as_of;        /* DP_NO_DATE: today */
  const char **rules;
  size_t nrules;
} opts;

/* ---------------------------------------------------------------------
 * Messages: one table, English and Chinese, keyed by id (STYLE.md §13).
 * The language is --lang's, which is read before any other option.
 * ------------------------------------------------------------------- */

enum {
  M_TRY_HELP,
  M_BAD_FORMAT,
  M_BAD_LANG,
  M_BAD_COLOR,
  M_BAD_INPUT_FORMAT,
  M_BAD_JOBS,
  M_BAD_AS_OF,
  M_BAD_ENCODING,
  M_EXCEL,
  M_EXCEL_SKIPPED,
  M_UNKNOWN_PROCEDURE,
  M_KNOWN,
  M_NO_INPUT,
  M_NO_RECORD,
  M_STDIN,
  M_DIR_NO_FILES,
  M_NO_PROCEDURE_HINT,
  M_WRITE_ERROR,
  M_OOM_CHECKING,
  M_TEST_DIFF,
  M_TEST_NO_EXPECT,
  M_TEST_BAD_EXPECT,
  M_TEST_SUMMARY,
  M_TEST_UNUSED,
  M__COUNT
};

static const char *const messages[M__COUNT][2] = {
    /* [id] = {en, zh} */
    [M_TRY_HELP] = {"Try '" PROG " --help' for more information.\n",
                    "详见 '" PROG " --help'。\n"},
    [M_BAD_FORMAT] = {"unknown output format '%s' (text, json, csv, html)",
                      "未知的输出格式“%s”（可选 text、json、csv、html）"},
    [M_BAD_LANG] = {"unknown language '%s' (zh, en)",
                    "未知的语言“%s”（可选 zh、en）"},
    [M_BAD_COLOR] = {"unknown colour mode '%s' (auto, always, never)",
                     "未知的颜色模式“%s”（可选 auto、always、never）"},
    [M_BAD_INPUT_FORMAT] = {"unknown input format '%s' (auto, json, jsonl, "
                            "csv, ledger)",
                            "未知的输入格式“%s”（可选 auto、json、jsonl、csv、"
                            "ledger）"},
    [M_BAD_JOBS] = {"-j wants a number of threads from 0 to %d, not '%s'",
                    "-j 应为 0 到 %d 之间的线程数，而不是“%s”"},
    [M_BAD_AS_OF] = {"--as-of wants a date YYYY-MM-DD, not '%s'",
                     "--as-of 应为 YYYY-MM-DD 形式的日期，而不是“%s”"},
    [M_BAD_ENCODING] = {"unknown encoding '%s' (UTF-8, GB18030, GBK, GB2312)",
                        "未知的编码“%s”（可选 UTF-8、GB18030、GBK、GB2312）"},
    [M_EXCEL] = {"%s: an Excel workbook (%s), not a CSV or JSON file.  Save "
                 "it in Excel or WPS as 'CSV UTF-8 (Comma delimited)' and "
                 "check the CSV file, or check the workbook itself with "
                 "'python3 -m dueproc_cli %s' (doc/ledger.md)",
                 "%s：这是 Excel 工作簿（%s），不是 CSV 或 JSON 文件。请在 "
                 "Excel 或 WPS 中“另存为”“CSV UTF-8（逗号分隔）”后检查该 "
                 "CSV 文件，或用“python3 -m dueproc_cli %s”直接检查工作簿"
                 "（见 doc/ledger.md）"},
    [M_EXCEL_SKIPPED] = {"%s: an Excel workbook, not read (of a directory "
                         "only .json, .jsonl, .ndjson and .csv files are); "
                         "save it as CSV UTF-8, or check it with 'python3 -m "
                         "dueproc_cli %s'",
                         "%s：Excel 工作簿，未读取（目录中只读取 .json、"
                         ".jsonl、.ndjson 和 .csv 文件）；请另存为 CSV UTF-8，"
                         "或用“python3 -m dueproc_cli %s”检查"},
    [M_UNKNOWN_PROCEDURE] = {"unknown procedure '%s'", "未知程序“%s”"},
    [M_KNOWN] = {"known", "可选"},
    [M_NO_INPUT] = {"no input: give files, directories or - for standard "
                    "input",
                    "没有输入：请给出文件、目录，或用 - 表示标准输入"},
    [M_NO_RECORD] = {"%s: no record", "%s：没有记录"},
    [M_STDIN] = {"standard input", "标准输入"},
    [M_DIR_NO_FILES] = {"%s: no record files (.json, .jsonl, .ndjson, .csv) "
                        "in this directory",
                        "%s：目录中没有记录文件（.json、.jsonl、.ndjson、"
                        ".csv）"},
    [M_NO_PROCEDURE_HINT] = {"records without a procedure: %zu; use "
                             "-p/--procedure NAME to give them one (%s)",
                             "未载明程序（procedure）的记录：%zu 条；可用 "
                             "-p/--procedure NAME 指定（%s）"},
    [M_WRITE_ERROR] = {"standard output: write error: %s",
                       "标准输出：写入出错：%s"},
    [M_OOM_CHECKING] = {"out of memory while checking; output is incomplete",
                        "检查时内存不足，输出不完整"},
    [M_TEST_DIFF] = {"%s:%ld: %s: %s", "%s:%ld：%s：%s"},
    [M_TEST_NO_EXPECT] = {"%s:%ld: %s: no \"expect\" (a test case states the "
                          "findings it should give)",
                          "%s:%ld：%s：没有 \"expect\"（测试用例应写明应有的发现）"},
    [M_TEST_BAD_EXPECT] = {"%s:%ld: %s: \"expect\" is not a list of "
                           "[code, step] or [code, step, rule]",
                           "%s:%ld：%s：\"expect\" 应为 [code, step] 或 "
                           "[code, step, rule] 的列表"},
    [M_TEST_SUMMARY] = {"%zu cases, %zu agree, %zu disagree",
                        "共 %zu 个用例：%zu 个一致，%zu 个不一致"},
    [M_TEST_UNUSED] = {"rules no case exercised (%zu): %s",
                       "没有用例触发的规则（%zu 条）：%s"},
};

static dp_lang g_lang = DP_LANG_EN;

static const char *msg(int id) { return messages[id][g_lang == DP_LANG_ZH]; }

/* "dueproc-validate: " and a message of the table, with a newline, on
 * standard error. */
static void say(int id, ...) {
  va_list ap;
  va_start(ap, id);
  fputs(PROG ": ", stderr);
  vfprintf(stderr, msg(id), ap);
  fputc('\n', stderr);
  va_end(ap);
}

static void usage(FILE *fp) {
  if (g_lang == DP_LANG_ZH) {
    fputs(
        "用法：" PROG " [选项]... 文件|目录|-...\n"
        "按程序规定检查行政规范性文件、重大行政决策、政府规章、重大执法决定\n"
        "和行政机关合同的办理记录，每一项发现都注明法律依据。目录中的\n"
        ".json、.jsonl、.ndjson 和 .csv 文件都会被检查；- 表示读取标准输入。\n"
        "\n"
        "输出：\n"
        "  -f, --format=FMT        text（默认）、json（每条记录一行，见\n"
        "                          records.md）、csv（每项发现一行）或 html\n"
        "                          （整份报告，一个自包含的网页）\n"
        "  -l, --lang=LANG         zh 或 en（默认：区域设置为 zh_* 时用 zh）\n"
        "  -s, --summary           按规则、机关、年份、程序统计记录、合规率和\n"
        "                          发现（json、csv 格式时以该格式输出到标准\n"
        "                          错误）\n"
        "      --bom               csv：以 UTF-8 BOM 开头（中文 Windows 的\n"
        "                          Excel 据此按 UTF-8 打开）\n"
        "  -q, --quiet             text 格式：只输出有错误的记录\n"
        "      --color=WHEN        auto（默认）、always 或 never\n"
        "      --no-progress       终端上不显示进度行\n"
        "输入和规则：\n"
        "  -i, --input-format=FMT  auto（默认：按扩展名，否则按内容）、json、\n"
        "                          jsonl、csv（事件日志）或 ledger（台账：\n"
        "                          每行一份文件，见 doc/ledger.md）；auto 时\n"
        "                          表头没有环节列而有环节日期列的 CSV 按台账读\n"
        "      --ledger-map=FILE   台账各列含义的映射文件，补充内置映射\n"
        "  -e, --encoding=NAME     UTF-8 或 GB18030（GBK、GB2312）；默认自动判断\n"
        "                          （判断为 GB18030 时在标准错误输出中说明）\n"
        "  -r, --rules=FILE        加载规则文件或覆盖规则（可重复）\n"
        "  -p, --procedure=NAME    未载明程序的记录按程序 NAME 检查；NAME 可为\n"
        "                          键名（normative_document）或名称（行政规范性\n"
        "                          文件）。记录自己载明的程序不受影响\n"
        "      --in-progress       记录尚在办理中：尚未到期的步骤不算缺少\n"
        "      --as-of=DATE        检查以哪一天为准，YYYY-MM-DD（默认：今天）：\n"
        "                          有效期是否届满、办理中的记录哪些步骤已到期\n"
        "      --list-rules        列出每条规则及其依据，然后退出\n"
        "      --test              记录为测试用例：将每条记录的发现与其\n"
        "                          \"expect\" 比对，列出每处不一致（退出状态 1）\n"
        "  -j, --jobs=N            工作线程数（默认：2 MiB 以上的 JSON、JSON\n"
        "                          Lines 文件每个在线处理器一个，其余 1 个；\n"
        "                          0：每个在线处理器一个）\n"
        "  -h, --help              显示本帮助\n"
        "  -V, --version           显示版本\n"
        "\n"
        "退出状态：0 每条记录都合规；1 有记录存在错误；2 有输入或记录无法\n"
        "读取、没有检查到任何记录，或用法错误。\n",
        fp);
    return;
  }
  fputs(
      "Usage: " PROG " [OPTION]... FILE|DIR|-...\n"
      "Check filed records of administrative normative documents, major\n"
      "administrative decisions, government rules, major enforcement\n"
      "decisions and administrative agreements against their procedure,\n"
      "citing the legal basis of every finding.  A directory is walked for\n"
      ".json, .jsonl, .ndjson and .csv files; - reads standard input.\n"
      "\n"
      "Output:\n"
      "  -f, --format=FMT        text (default), json (one records.md line a\n"
      "                          record), csv (one finding a row) or html (the\n"
      "                          whole report as one self-contained page)\n"
      "  -l, --lang=LANG         zh or en (default: zh when the locale is zh_*)\n"
      "  -s, --summary           records, compliance rate and findings by rule,\n"
      "                          authority, year and procedure (on stderr, in\n"
      "                          that format, with json/csv)\n"
      "      --bom               csv: begin with a UTF-8 BOM (so that Excel on\n"
      "                          Chinese Windows reads it as UTF-8)\n"
      "  -q, --quiet             text: print only records with an error\n"
      "      --color=WHEN        auto (default), always or never\n"
      "      --no-progress       no progress line on a terminal\n"
      "Input and rules:\n"
      "  -i, --input-format=FMT  auto (default: by extension, else content),\n"
      "                          json, jsonl, csv (an event log) or ledger\n"
      "                          (台账: a row a record, doc/ledger.md); auto\n"
      "                          reads a CSV whose header has no step column\n"
      "                          but steps' date columns as a ledger\n"
      "      --ledger-map=FILE   what a ledger's columns mean: a mapping file\n"
      "                          added to the built-in one\n"
      "  -e, --encoding=NAME     UTF-8 or GB18030 (GBK, GB2312); default: guess\n"
      "                          (a guessed GB18030 is noted on stderr)\n"
      "  -r, --rules=FILE        load a rule file or overlay (repeatable)\n"
      "  -p, --procedure=NAME    check records that name no procedure against\n"
      "                          NAME, a key (normative_document) or a title\n"
      "                          (行政规范性文件); a record's own is kept\n"
      "      --in-progress       the records are not finished: a step that is\n"
      "                          not yet due is not missing\n"
      "      --as-of=DATE        the day of the check, YYYY-MM-DD (default:\n"
      "                          today): whether a validity has run out, and\n"
      "                          which steps of a record in progress are due\n"
      "      --list-rules        print every rule with its basis and exit\n"
      "      --test              the records are test cases: compare each\n"
      "                          record's findings with its \"expect\" and\n"
      "                          report every disagreement (exit 1)\n"
      "  -j, --jobs=N            worker threads (default: one per online core\n"
      "                          for JSON or JSON Lines files of 2 MiB or more,\n"
      "                          else 1; 0: one per online core)\n"
      "  -h, --help              this help\n"
      "  -V, --version           the version\n"
      "\n"
      "Exit status: 0 every record compliant, 1 some record has an error\n"
      "finding, 2 an input or a record could not be read, no record was\n"
      "found at all, or a usage error.\n",
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
  int nofiles; /* a directory without record files */
  int workbook; /* an Excel workbook found in a directory: a note */
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
  in->v[in->n].nofiles = 0;
  in->v[in->n].workbook = 0;
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

/* An Excel workbook by its name (in a directory, where it is not read). */
static int workbook_ext(const char *name) {
  const char *dot = strrchr(name, '.');
  return dot && (strcasecmp(dot, ".xlsx") == 0 ||
                 strcasecmp(dot, ".xlsm") == 0 || strcasecmp(dot, ".xls") == 0);
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
    } else if (workbook_ext(names[i])) {
      /* not read, but not passed over in silence either */
      add_input(in, p, NULL);
      in->v[in->n - 1].workbook = 1;
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
      /* said in its place among the inputs (emit_job) */
      if (walk_dir(in, args[i]) == 0) {
        add_input(in, args[i], NULL);
        in->v[in->n - 1].nofiles = 1;
      }
    } else {
      add_input(in, args[i], NULL);
    }
  }
}

/* ---------------------------------------------------------------------
 * Jobs: one record (or one input error) on its way through
 * ------------------------------------------------------------------- */

/* J_EMPTY: an input that held no record, which the writer says */
enum { J_RECORD, J_ERROR, J_EMPTY, J_NOTE };

typedef struct job {
  int kind;
  dp_record *rec;   /* J_RECORD, until checked */
  dp_piece *piece;  /* J_RECORD, threaded: its input, the record not made */
  dp_piece *spare;  /* threaded: the slot's last piece, taken into again */
  const char *file; /* borrowed from the inputs list */
  int nofiles;      /* J_EMPTY: a directory without record files */
  long line;
  char *error; /* J_ERROR, J_NOTE: the message */
  /* results */
  dp_report *rep; /* kept for the tally (--summary, html), with rec */
  vbuf out;
  int ok, warn, unreadable, failed;
  int noproc; /* a readable record that names no procedure, and no -p */
} job;

typedef struct stats {
  size_t inputs, input_errors, empty_inputs;
  size_t noproc;
  size_t read, compliant, errors, warnings, unreadable;
  int failed; /* out of memory in a check */
} stats;

typedef struct run {
  const opts *o;
  const dp_engine *e;
  dp_write_options wo; /* the library's writer options, no sink */
  dp_tally *tally;     /* --summary, --format html: the records counted */
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
  if (j->piece) {
    /* made here, on the worker, exactly as dp_reader_next would */
    dp_error err;
    memset(&err, 0, sizeof err);
    int rc = dp_piece_record(j->piece, &j->rec, &err);
    /* kept for the slot's next piece: its memory is used again */
    j->spare = j->piece;
    j->piece = NULL;
    if (rc != 0 && err.code) { /* a CSV file changed under the reader */
      char msg[DP_ERROR_SOURCE_LEN + DP_ERROR_TEXT_LEN + 64];
      dp_error_format(&err, msg, sizeof msg);
      j->kind = J_ERROR;
      j->error = xstrdup(msg);
      return;
    }
    if (rc != 0) {
      j->failed = 1;
      return;
    }
  }
  /* -p fills in a missing procedure; a record's own is kept */
  dp_check_options co = R->copts;
  if (dp_record_get(j->rec, "procedure")) co.procedure = NULL;
  else if (!co.procedure && dp_record_readable(j->rec)) j->noproc = 1;
  dp_report *rep = NULL;
  if (dp_check(R->e, j->rec, &co, &rep) != 0 || !rep) {
    j->failed = 1;
    dp_record_free(j->rec);
    j->rec = NULL;
    return;
  }
  dp_record_info ri;
  dp_record_info_of(j->rec, &ri);
  ri.file = j->file;
  ri.line = j->line;
  dp_write_options wo = R->wo;
  wo.sink = vb_sink;
  wo.sink_arg = &j->out;
  if (wo.format != DP_WRITE_HTML && dp_write_report(rep, &ri, &wo) != 0)
    j->failed = 1;
  j->ok = dp_report_ok(rep);
  for (size_t i = 0; i < dp_report_count(rep); i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    if (dp_finding_severity(f) == DP_WARNING) j->warn = 1;
    if (dp_finding_code(f) == DP_INVALID_RECORD) j->unreadable = 1;
  }
  if (R->tally) {
    /* counted by the writing thread, in input order (emit_job); the HTML
     * page's tally keeps a non-compliant record's messages in both
     * languages: worded here, on this thread, not by the writing one */
    if (R->wo.format == DP_WRITE_HTML && !j->ok && dp_report_count(rep) &&
        (!dp_finding_message(dp_report_finding(rep, 0), DP_LANG_ZH) ||
         !dp_finding_message(dp_report_finding(rep, 0), DP_LANG_EN)))
      j->failed = 1;
    j->rep = rep;
    return;
  }
  dp_report_free(rep);
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

/* Write the output of a job and count it (one thread at a time, in input
 * order).  What the job holds is freed by job_release. */
static void write_job(run *R, job *j) {
  stats *st = &R->st;
  if (j->kind == J_ERROR || j->kind == J_NOTE) {
    progress_clear(R);
    fflush(stdout);
    /* a note may hold several lines: each its own */
    for (const char *l = j->error; l;) {
      const char *nl = strchr(l, '\n');
      int n = nl ? (int)(nl - l) : (int)strlen(l);
      fprintf(stderr, PROG ": %.*s\n", n, l);
      l = nl ? nl + 1 : NULL;
    }
    if (j->kind == J_ERROR) st->input_errors++;
    return;
  }
  if (j->kind == J_EMPTY) {
    progress_clear(R);
    fflush(stdout);
    if (j->nofiles) say(M_DIR_NO_FILES, j->file);
    else say(M_NO_RECORD, strcmp(j->file, "-") == 0 ? msg(M_STDIN) : j->file);
    st->empty_inputs++;
    return;
  }
  if (j->failed) {
    st->failed = 1;
  } else {
    st->read++;
    if (j->noproc) st->noproc++;
    if (j->unreadable) st->unreadable++;
    else if (j->ok) st->compliant++;
    else st->errors++;
    if (j->warn) st->warnings++;
    if (j->out.len) {
      if (R->stdout_tty) progress_clear(R);
      fwrite(j->out.s, 1, j->out.len, stdout);
    }
    if (j->rep) {
      dp_record_info ri;
      dp_record_info_of(j->rec, &ri);
      ri.file = j->file;
      ri.line = j->line;
      if (dp_tally_add(R->tally, j->rep, &ri) != 0) st->failed = 1;
    }
  }
  progress_tick(R);
}

/* Free what job j holds, by the thread that made it (with glibc, memory
 * freed by another thread takes that thread's arena lock).  Its output
 * buffer is emptied, not freed: it serves the slot's next job. */
static void job_release(job *j) {
  free(j->error);
  j->error = NULL;
  dp_report_free(j->rep);
  j->rep = NULL;
  dp_record_free(j->rec);
  j->rec = NULL;
  j->out.len = 0;
  j->out.oom = 0;
}

static void emit_job(run *R, job *j) {
  write_job(R, j);
  job_release(j);
}

/* An Excel workbook by its first bytes: ".xlsx" (a zip: xlsx, xlsm, et)
 * or ".xls" (an OLE compound file), else NULL.  Standard input is not
 * looked at. */
static const char *excel_kind(const char *path) {
  if (strcmp(path, "-") == 0) return NULL;
  FILE *fp = fopen(path, "rb");
  if (!fp) return NULL;
  unsigned char b[8];
  size_t n = fread(b, 1, sizeof b, fp);
  fclose(fp);
  if (n >= 4 && memcmp(b, "PK\x03\x04", 4) == 0) return ".xlsx";
  if (n >= 8 && memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
    return ".xls";
  return NULL;
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
  if (in->nofiles) {
    j->kind = J_EMPTY;
    j->nofiles = 1;
    return NULL;
  }
  if (in->workbook) {
    size_t n = 3 * strlen(in->path) + 512;
    j->kind = J_NOTE;
    j->error = malloc(n);
    if (!j->error) {
      fprintf(stderr, PROG ": out of memory\n");
      exit(2);
    }
    snprintf(j->error, n, msg(M_EXCEL_SKIPPED), in->path, in->path);
    return NULL;
  }
  const char *excel = excel_kind(in->path);
  if (excel) {
    size_t n = 3 * strlen(in->path) + 1024;
    j->kind = J_ERROR;
    j->error = malloc(n);
    if (!j->error) {
      fprintf(stderr, PROG ": out of memory\n");
      exit(2);
    }
    snprintf(j->error, n, msg(M_EXCEL), in->path, excel, in->path);
    return NULL;
  }
  dp_reader *rd = NULL;
  if (dp_reader_open_ex(&rd, in->path, R->o->input_format, R->o->encoding,
                        &err) != 0) {
    char msg[DP_ERROR_SOURCE_LEN + DP_ERROR_TEXT_LEN + 64];
    dp_error_format(&err, msg, sizeof msg);
    j->kind = J_ERROR;
    j->error = xstrdup(msg);
    return NULL;
  }
  dp_reader_set_ledger_map(rd, R->o->ledger_map);
  return rd;
}

/* The next job of an open reader: 1 with a record or an error job, 0 at
 * the end of this input (the reader is then freed).  pieces: the record's
 * piece only, taken into *spare (a piece of an earlier job, or NULL),
 * which is then NULL. */
static int next_job(const run *R, dp_reader **rdp, const input *in, job *j,
                    dp_piece **spare) {
  if (!*rdp) return 0; /* ended by an error reported before */
  dp_error err;
  memset(&err, 0, sizeof err);
  memset(j, 0, sizeof *j);
  j->file = in->path;
  dp_record *rec = NULL;
  int rc;
  if (spare) {
    dp_piece *piece = *spare;
    *spare = NULL; /* taken into, or freed */
    rc = dp_reader_next_piece(*rdp, &piece, &err);
    if (rc == 1) {
      j->kind = J_RECORD;
      j->piece = piece;
      j->line = dp_piece_line(piece);
      return 1;
    }
  } else {
    rc = dp_reader_next(*rdp, &rec, &err);
  }
  if (rc == 1) {
    j->kind = J_RECORD;
    j->rec = rec;
    j->line = dp_reader_line(*rdp);
    return 1;
  }
  /* the input is done: its note (an encoding guessed), once */
  const char *note =
      dp_reader_note(*rdp, R->o->out.lang);
  char *nmsg = note ? xstrdup(note) : NULL;
  dp_reader_free(*rdp);
  *rdp = NULL;
  if (rc == 0 && nmsg) {
    j->kind = J_NOTE;
    j->error = nmsg;
    return 1;
  }
  free(nmsg); /* an error says more (records.md §8.8: one line a file) */
  if (rc == 0) return 0;
  char msg[DP_ERROR_SOURCE_LEN + DP_ERROR_TEXT_LEN + 64];
  if (err.code) dp_error_format(&err, msg, sizeof msg);
  else snprintf(msg, sizeof msg, "%s: %s", in->path, dp_strerror(rc));
  j->kind = J_ERROR;
  j->error = xstrdup(msg);
  return 1;
}

/* The job that says input `in` held no record. */
static void empty_job(const input *in, job *j) {
  memset(j, 0, sizeof *j);
  j->kind = J_EMPTY;
  j->file = in->path;
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
    size_t got = 0;
    while (next_job(R, &rd, &R->in.v[i], &j, NULL)) {
      if (j.kind != J_NOTE) got++;
      j.out = out;
      process_job(R, &j);
      emit_job(R, &j);
      out = j.out;
    }
    vb_free(&out);
    if (got == 0) {
      empty_job(&R->in.v[i], &j);
      emit_job(R, &j);
    }
  }
}

/* ---------------------------------------------------------------------
 * Threads: N of them, each reading a batch, checking it and writing it.
 *
 * A thread takes its turn at the inputs (one reader at a time, under
 * in_mu) and checks its batch.  Batches are written in input order: a
 * checked batch whose turn has not come is parked, and its thread goes on
 * to read and check another; whichever thread finds the next batch to
 * write parked writes it, and every parked batch after it in turn.  A
 * thread has two batches, so it waits only when both are parked.  Each
 * thread reads, parses, checks and frees its own records: a record's
 * text, tree and output stay on the core that made them, and no memory is
 * freed by a thread other than the one that allocated it (with glibc that
 * takes the other thread's arena lock).  The batches in memory are at
 * most two a thread.
 * ------------------------------------------------------------------- */

#define BATCH 256
#define RING (2 * MAX_JOBS) /* batches read, not yet written: 2 a thread */

typedef struct batch {
  job *b;
  size_t n;
  int parked; /* checked, not yet written (under out_mu) */
} batch;

typedef struct pool {
  run *R;
  pthread_mutex_t in_mu; /* the reading state below */
  size_t input;          /* the input being read; R->in.n: all read */
  dp_reader *rd;         /* its reader */
  int opened;            /* input has been opened */
  int is_stdin;
  size_t got;            /* records and errors it gave */
  size_t nread;          /* batches read */
  pthread_mutex_t out_mu; /* the writing state below */
  pthread_cond_t written; /* a parked batch was written */
  batch *ready[RING];     /* batch number s, checked, at s % RING */
  size_t nwritten;        /* batches written */
  int writing;            /* a thread is writing */
} pool;

/* Move job j into batch slot t, keeping t's output buffer and spare
 * piece. */
static void b_put(job *t, job *j) {
  vbuf out = t->out;
  dp_piece *spare = t->spare;
  *t = *j;
  t->out = out;
  t->spare = spare;
}

static void pool_next_input(pool *p) {
  p->input++;
  p->opened = 0;
  p->rd = NULL;
}

/* Up to cap jobs from where the reading stopped (under in_mu); 0 when
 * every input has been read.  Standard input may be a live stream: a
 * batch of it holds one record, handed over at once. */
static size_t read_batch(pool *p, job *b, size_t cap) {
  const run *R = p->R;
  size_t n = 0;
  job j;
  while (n < cap && p->input < R->in.n) {
    const input *in = &R->in.v[p->input];
    if (!p->opened) {
      p->opened = 1;
      p->got = 0;
      p->is_stdin = strcmp(in->path, "-") == 0;
      p->rd = open_input(R, in, &j);
      if (!p->rd) {
        b_put(&b[n++], &j);
        pool_next_input(p);
        continue;
      }
    }
    /* from files only the pieces are taken here: the batch's thread
     * makes their records (parses a JSON text, a CSV case's rows) outside
     * the lock.  Standard input comes a record a batch, so little that
     * making it under the lock costs less than the threads' turns it
     * would add. */
    if (next_job(R, &p->rd, in, &j, p->is_stdin ? NULL : &b[n].spare)) {
      if (j.kind != J_NOTE) p->got++;
      b_put(&b[n++], &j);
      if (p->is_stdin) break;
    } else {
      if (p->got == 0) {
        empty_job(in, &j);
        b_put(&b[n++], &j);
      }
      pool_next_input(p);
    }
  }
  return n;
}

/* Write, in order, the parked batches whose turn has come, unless another
 * thread is writing (it will write them).  Called under out_mu. */
static void write_ready(pool *p) {
  while (!p->writing && p->ready[p->nwritten % RING]) {
    batch *w = p->ready[p->nwritten % RING];
    p->ready[p->nwritten % RING] = NULL;
    p->writing = 1;
    pthread_mutex_unlock(&p->out_mu);
    for (size_t i = 0; i < w->n; i++) write_job(p->R, &w->b[i]);
    if (p->R->stdout_tty) fflush(stdout);
    pthread_mutex_lock(&p->out_mu);
    p->writing = 0;
    p->nwritten++;
    w->parked = 0;
    pthread_cond_broadcast(&p->written);
  }
}

static void batch_release(batch *w) {
  for (size_t i = 0; i < w->n; i++) job_release(&w->b[i]);
  w->n = 0;
}

static void *pool_main(void *arg) {
  pool *p = arg;
  run *R = p->R;
  batch mine[2] = {{calloc(BATCH, sizeof(job)), 0, 0},
                   {calloc(BATCH, sizeof(job)), 0, 0}};
  if (!mine[0].b || !mine[1].b) {
    fprintf(stderr, PROG ": out of memory\n");
    exit(2);
  }
  for (;;) {
    /* a batch of this thread's that is written, or wait for one */
    pthread_mutex_lock(&p->out_mu);
    while (mine[0].parked && mine[1].parked)
      pthread_cond_wait(&p->written, &p->out_mu);
    batch *w = mine[0].parked ? &mine[1] : &mine[0];
    pthread_mutex_unlock(&p->out_mu);
    batch_release(w);
    pthread_mutex_lock(&p->in_mu);
    size_t n = read_batch(p, w->b, BATCH);
    size_t seq = p->nread;
    if (n) p->nread++;
    pthread_mutex_unlock(&p->in_mu);
    if (n == 0) break;
    for (size_t i = 0; i < n; i++) process_job(R, &w->b[i]);
    w->n = n;
    pthread_mutex_lock(&p->out_mu);
    w->parked = 1;
    p->ready[seq % RING] = w;
    write_ready(p);
    pthread_mutex_unlock(&p->out_mu);
  }
  /* the batches still parked are written by the threads that check the
   * ones before them */
  pthread_mutex_lock(&p->out_mu);
  while (mine[0].parked || mine[1].parked)
    pthread_cond_wait(&p->written, &p->out_mu);
  pthread_mutex_unlock(&p->out_mu);
  for (int k = 0; k < 2; k++) {
    batch_release(&mine[k]);
    for (size_t i = 0; i < BATCH; i++) {
      vb_free(&mine[k].b[i].out);
      dp_piece_free(mine[k].b[i].spare);
    }
    free(mine[k].b);
  }
  return NULL;
}

/* -1 when no thread could be started (nothing read yet: the caller runs
 * serially). */
static int run_threads(run *R, int nthreads) {
  pool p;
  memset(&p, 0, sizeof p);
  p.R = R;
  pthread_mutex_init(&p.in_mu, NULL);
  pthread_mutex_init(&p.out_mu, NULL);
  pthread_cond_init(&p.written, NULL);
  pthread_t t[MAX_JOBS];
  int started = 0;
  for (; started < nthreads; started++)
    if (pthread_create(&t[started], NULL, pool_main, &p) != 0) break;
  for (int i = 0; i < started; i++) pthread_join(t[i], NULL);
  pthread_cond_destroy(&p.written);
  pthread_mutex_destroy(&p.out_mu);
  pthread_mutex_destroy(&p.in_mu);
  return started ? 0 : -1;
}

/* ---------------------------------------------------------------------
 * --summary
 * ------------------------------------------------------------------- */

/* The summary from the tally: after the text report on standard output;
 * on standard error with the other formats (JSON and CSV in their own
 * format, text beside an HTML page). */
static int print_summary(run *R) {
  const out_opts *o = &R->o->out;
  dp_write_options wo = R->wo;
  wo.flags &= ~(unsigned)DP_WRITE_QUIET;
  wo.flags &= ~(unsigned)DP_WRITE_COLOR;
  if (o->format == OUT_HTML) wo.format = DP_WRITE_TEXT;
  FILE *fp = o->format == OUT_TEXT ? stdout : stderr;
  if (o->format == OUT_TEXT) fputc('\n', fp);
  if (fp == stderr) fflush(stdout);
  wo.sink = dp_sink_file;
  wo.sink_arg = fp;
  dp_tally_set_inputs(R->tally, R->st.inputs, R->st.input_errors,
                      R->st.empty_inputs);
  return dp_tally_write(R->tally, &wo);
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

/* --as-of: exactly YYYY-MM-DD, a real day.  0, or -1. */
static int parse_ymd(const char *s, int32_t *day) {
  for (int i = 0; i < 10; i++) {
    int dash = i == 4 || i == 7;
    if (dash ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9')) return -1;
  }
  if (s[10]) return -1;
  int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
  *day = dp_date_from_ymd(y, m, d);
  return *day == DP_NO_DATE ? -1 : 0;
}

/* Today in local time, as a day number. */
static int32_t today(void) {
  time_t t = time(NULL);
  struct tm tm;
  if (t == (time_t)-1 || !localtime_r(&t, &tm)) return DP_NO_DATE;
  return dp_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}


/* The known procedures for a message: "normative_document 行政规范性文件,
 * major_decision 重大行政决策" (English titles with --lang en). */
static void known_procedures(vbuf *b, const dp_engine *e) {
  size_t n = dp_engine_procedure_count(e);
  for (size_t i = 0; i < n; i++) {
    const char *t = dp_engine_procedure_title(e, i, g_lang);
    vb_adds(b, i ? (g_lang == DP_LANG_ZH ? "，" : ", ") : "");
    vb_adds(b, dp_engine_procedure_name(e, i));
    if (t) vb_addf(b, g_lang == DP_LANG_ZH ? "（%s）" : " (%s)", t);
  }
}

/* Threads pay on files beyond a few thousand records: there the reading
 * merely takes the pieces of records (a JSON text, a CSV case's rows),
 * which the threads make into records outside the lock.  Standard input
 * is handed over a record at a time, and the smallest inputs do not repay
 * starting the threads (doc/performance.md, "The default of -j"). */
#define JOBS_MIN_BYTES (2u << 20)

static int default_jobs(const inputs *in) {
  int cores = online_cores();
  if (cores <= 1) return 1;
  unsigned long long bytes = 0;
  for (size_t i = 0; i < in->n; i++) {
    if (in->v[i].error || in->v[i].nofiles || in->v[i].workbook) continue;
    if (strcmp(in->v[i].path, "-") == 0) return 1;
    struct stat st;
    if (stat(in->v[i].path, &st) != 0 || !S_ISREG(st.st_mode)) continue;
    bytes += (unsigned long long)st.st_size;
  }
  return bytes >= JOBS_MIN_BYTES ? cores : 1;
}

/* ---------------------------------------------------------------------
 * --test: records that carry their expected findings (doc/rules.md)
 * ------------------------------------------------------------------- */

static int run_tests(const dp_engine *e, const opts *o, char **args,
                     int nargs) {
  inputs in;
  memset(&in, 0, sizeof in);
  collect_inputs(&in, args, nargs);
  size_t nrules = dp_engine_rule_count(e), ncases = 0, nagree = 0, nbad = 0;
  char *used = calloc(nrules ? nrules : 1, 1);
  int status = 0;
  dp_check_options copts = {o->procedure, o->check_flags, o->as_of};
  for (size_t k = 0; k < in.n && used; k++) {
    if (in.v[k].workbook) {
      fprintf(stderr, PROG ": ");
      fprintf(stderr, msg(M_EXCEL_SKIPPED), in.v[k].path, in.v[k].path);
      fputc('\n', stderr);
      continue;
    }
    if (in.v[k].error) {
      fprintf(stderr, PROG ": %s\n", in.v[k].error);
      status = 2;
      continue;
    }
    dp_reader *rd = NULL;
    dp_error err = {0};
    if (dp_reader_open(&rd, in.v[k].path, o->input_format, &err) != 0) {
      char buf[512];
      dp_error_format(&err, buf, sizeof buf);
      fprintf(stderr, PROG ": %s\n", buf);
      status = 2;
      continue;
    }
    dp_reader_set_ledger_map(rd, o->ledger_map);
    dp_record *r;
    int rc;
    while ((rc = dp_reader_next(rd, &r, &err)) == 1) {
      long line = dp_reader_line(rd);
      dp_report *rep = NULL;
      if (dp_check(e, r, &copts, &rep) != 0) {
        say(M_OOM_CHECKING);
        dp_record_free(r);
        status = 2;
        break;
      }
      const char *id = dp_report_id(rep) ? dp_report_id(rep) : "?";
      for (size_t i = 0; i < dp_report_count(rep); i++) {
        const char *rule = dp_finding_rule(dp_report_finding(rep, i));
        for (size_t j = 0; j < nrules; j++)
          if (strcmp(dp_rule_id(dp_engine_rule(e, j)), rule) == 0) used[j] = 1;
      }
      char *diff = NULL;
      int agree = dp_report_expected(rep, r, &diff);
      ncases++;
      if (agree == 1) {
        nagree++;
      } else {
        nbad++;
        if (agree == 0) {
          fprintf(stdout, msg(M_TEST_DIFF), in.v[k].path, line, id,
                  diff ? diff : "");
          fputc('\n', stdout);
        } else {
          fprintf(stdout,
                  msg(agree == DP_ENOTFOUND ? M_TEST_NO_EXPECT
                                            : M_TEST_BAD_EXPECT),
                  in.v[k].path, line, id);
          fputc('\n', stdout);
        }
      }
      dp_free(diff);
      dp_report_free(rep);
      dp_record_free(r);
    }
    if (rc < 0) {
      char buf[512];
      dp_error_format(&err, buf, sizeof buf);
      fprintf(stderr, PROG ": %s\n", buf);
      status = 2;
    }
    dp_reader_free(rd);
  }
  fprintf(stdout, msg(M_TEST_SUMMARY), ncases, nagree, nbad);
  fputc('\n', stdout);
  /* the loaded rules that no case made a finding of */
  vbuf b = {0};
  size_t nunused = 0;
  for (size_t j = 0; j < nrules && used; j++)
    if (!used[j]) {
      vb_adds(&b, nunused ? " " : "");
      vb_adds(&b, dp_rule_id(dp_engine_rule(e, j)));
      nunused++;
    }
  if (nunused) {
    fprintf(stdout, msg(M_TEST_UNUSED), nunused, b.s ? b.s : "");
    fputc('\n', stdout);
  }
  vb_free(&b);
  free(used);
  for (size_t i = 0; i < in.n; i++) {
    free(in.v[i].path);
    free(in.v[i].error);
  }
  free(in.v);
  if (status == 0 && (nbad || ncases == 0)) status = ncases ? 1 : 2;
  return status;
}

int main(int argc, char **argv) {
  enum {
    O_LIST_RULES = 256,
    O_COLOR,
    O_NO_PROGRESS,
    O_IN_PROGRESS,
    O_AS_OF,
    O_TEST,
    O_BOM,
    O_LEDGER_MAP
  };
  static const struct option longopts[] = {
      {"format", required_argument, NULL, 'f'},
      {"lang", required_argument, NULL, 'l'},
      {"summary", no_argument, NULL, 's'},
      {"quiet", no_argument, NULL, 'q'},
      {"color", required_argument, NULL, O_COLOR},
      {"colour", required_argument, NULL, O_COLOR},
      {"no-progress", no_argument, NULL, O_NO_PROGRESS},
      {"input-format", required_argument, NULL, 'i'},
      {"encoding", required_argument, NULL, 'e'},
      {"rules", required_argument, NULL, 'r'},
      {"procedure", required_argument, NULL, 'p'},
      {"in-progress", no_argument, NULL, O_IN_PROGRESS},
      {"as-of", required_argument, NULL, O_AS_OF},
      {"list-rules", no_argument, NULL, O_LIST_RULES},
      {"test", no_argument, NULL, O_TEST},
      {"bom", no_argument, NULL, O_BOM},
      {"ledger-map", required_argument, NULL, O_LEDGER_MAP},
      {"jobs", required_argument, NULL, 'j'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};
  static const char shortopts[] = "f:l:sqi:e:r:p:j:hV";

  opts o;
  memset(&o, 0, sizeof o);
  o.out.lang = lang_from_locale();
  o.progress = -1;
  o.jobs = -1;
  o.as_of = DP_NO_DATE;
  int color = -1; /* auto */
  int help = 0;

  /* --lang first, wherever it is, so that every message below (--help
   * included) is in its language; a bad value is reported below */
  int c;
  opterr = 0;
  while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1)
    if (c == 'l' && (strcmp(optarg, "zh") == 0 || strcmp(optarg, "en") == 0))
      o.out.lang = optarg[0] == 'z' ? DP_LANG_ZH : DP_LANG_EN;
  g_lang = o.out.lang;
  opterr = 1;
  optind = 0; /* glibc: start over */

  o.rules = calloc((size_t)argc, sizeof *o.rules);
  if (!o.rules) return 2;
  int bad = 0;
  while (!bad &&
         (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
    switch (c) {
    case 'f':
      if (strcmp(optarg, "text") == 0) o.out.format = OUT_TEXT;
      else if (strcmp(optarg, "json") == 0) o.out.format = OUT_JSON;
      else if (strcmp(optarg, "csv") == 0) o.out.format = OUT_CSV;
      else if (strcmp(optarg, "md") == 0) o.out.format = OUT_MD;
      else if (strcmp(optarg, "html") == 0) o.out.format = OUT_HTML;
      else {
        say(M_BAD_FORMAT, optarg);
        bad = 1;
      }
      break;
    case 'l':
      if (strcmp(optarg, "zh") != 0 && strcmp(optarg, "en") != 0) {
        say(M_BAD_LANG, optarg);
        bad = 1;
      }
      break;
    case 's': o.summary = 1; break;
    case 'q': o.out.quiet = 1; break;
    case O_COLOR:
      if (strcmp(optarg, "auto") == 0) color = -1;
      else if (strcmp(optarg, "always") == 0) color = 1;
      else if (strcmp(optarg, "never") == 0) color = 0;
      else {
        say(M_BAD_COLOR, optarg);
        bad = 1;
      }
      break;
    case O_NO_PROGRESS: o.progress = 0; break;
    case 'e': {
      /* a name the readers do not know is a usage error, not one error a
       * file */
      dp_reader *probe = NULL;
      if (dp_reader_open_string_ex(&probe, "", 0, NULL, DP_FORMAT_JSONL,
                                   optarg, NULL) != 0) {
        say(M_BAD_ENCODING, optarg);
        bad = 1;
      }
      dp_reader_free(probe);
      o.encoding = optarg;
      break;
    }
    case 'i':
      if (strcmp(optarg, "auto") == 0) o.input_format = DP_FORMAT_AUTO;
      else if (strcmp(optarg, "json") == 0) o.input_format = DP_FORMAT_JSON;
      else if (strcmp(optarg, "jsonl") == 0 || strcmp(optarg, "ndjson") == 0)
        o.input_format = DP_FORMAT_JSONL;
      else if (strcmp(optarg, "csv") == 0) o.input_format = DP_FORMAT_CSV;
      else if (strcmp(optarg, "ledger") == 0)
        o.input_format = DP_FORMAT_LEDGER;
      else {
        say(M_BAD_INPUT_FORMAT, optarg);
        bad = 1;
      }
      break;
    case 'r': o.rules[o.nrules++] = optarg; break;
    case 'p': o.procedure_arg = optarg; break;
    case O_IN_PROGRESS: o.check_flags |= DP_CHECK_IN_PROGRESS; break;
    case O_AS_OF:
      if (parse_ymd(optarg, &o.as_of)) {
        say(M_BAD_AS_OF, optarg);
        bad = 1;
      }
      break;
    case O_LIST_RULES: o.list_rules = 1; break;
    case O_TEST: o.test = 1; break;
    case O_BOM: o.out.bom = 1; break;
    case O_LEDGER_MAP: o.ledger_map_path = optarg; break;
    case 'j':
      if (parse_int(optarg, &o.jobs) || o.jobs > MAX_JOBS) {
        say(M_BAD_JOBS, MAX_JOBS, optarg);
        bad = 1;
      }
      break;
    case 'h': help = 1; break;
    case 'V':
      printf(PROG " (dueproc) %s\n", dp_version_string());
      free(o.rules);
      return 0;
    default: bad = 1; break;
    }
  }
  if (bad) {
    fputs(msg(M_TRY_HELP), stderr);
    free(o.rules);
    return 2;
  }
  if (help) {
    usage(stdout);
    free(o.rules);
    return 0;
  }
  if (o.jobs == 0) o.jobs = online_cores();
  /* one day of the check for everything that depends on it */
  if (o.as_of == DP_NO_DATE) o.as_of = today();
  o.check_flags |= DP_CHECK_AS_OF;
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
    char emsg[512];
    dp_error_format(&err, emsg, sizeof emsg);
    fprintf(stderr, PROG ": %s\n", emsg);
    free(o.rules);
    return 2;
  }
  for (size_t i = 0; i < o.nrules; i++) {
    memset(&err, 0, sizeof err);
    if (dp_engine_load_file(e, o.rules[i], &err) != 0) {
      char emsg[512];
      if (!err.source[0]) snprintf(err.source, sizeof err.source, "%s", o.rules[i]);
      dp_error_format(&err, emsg, sizeof emsg);
      fprintf(stderr, PROG ": %s\n", emsg);
      status = 2;
      goto done;
    }
  }
  /* the ledger map: the default with the names of the steps and
   * attributes of the rules loaded, then --ledger-map */
  memset(&err, 0, sizeof err);
  if (dp_ledger_map_new(&o.ledger_map, e, &err) != 0 ||
      (o.ledger_map_path &&
       dp_ledger_map_load_file(o.ledger_map, o.ledger_map_path, &err) != 0)) {
    char emsg[512];
    dp_error_format(&err, emsg, sizeof emsg);
    fprintf(stderr, PROG ": %s\n", emsg);
    status = 2;
    goto done;
  }
  if (o.procedure_arg) {
    o.procedure = dp_engine_find_procedure(e, o.procedure_arg);
    if (!o.procedure) {
      vbuf b = {0};
      known_procedures(&b, e);
      fprintf(stderr, PROG ": ");
      fprintf(stderr, msg(M_UNKNOWN_PROCEDURE), o.procedure_arg);
      fprintf(stderr, g_lang == DP_LANG_ZH ? "（%s：%s）\n" : " (%s: %s)\n",
              msg(M_KNOWN), b.s ? b.s : "");
      vb_free(&b);
      status = 2;
      goto done;
    }
  }

  if (o.out.format == OUT_MD && !o.list_rules) {
    fprintf(stderr, PROG ": --format md goes with --list-rules\n");
    return 2;
  }
  if (o.out.format == OUT_HTML && (o.list_rules || o.test)) {
    fprintf(stderr, PROG ": --format html is a report of records: not with "
                    "--list-rules or --test\n");
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
    say(M_NO_INPUT);
    fputs(msg(M_TRY_HELP), stderr);
    status = 2;
    goto done;
  }

  if (o.test) {
    status = run_tests(e, &o, argv + optind, argc - optind);
    goto done;
  }

  run R;
  memset(&R, 0, sizeof R);
  R.o = &o;
  R.e = e;
  R.copts.procedure = o.procedure;
  R.copts.flags = o.check_flags;
  R.copts.as_of = o.as_of;
  collect_inputs(&R.in, argv + optind, argc - optind);
  R.st.inputs = R.in.n;
  if (o.jobs < 0) o.jobs = default_jobs(&R.in);
  R.stdout_tty = isatty(STDOUT_FILENO);
  /* a file or a pipe: write in large blocks (stdio's default is 4 KiB, a
   * system call every few records) */
  static char outbuf[1 << 18];
  if (!R.stdout_tty) setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  R.progress = o.progress != 0 && isatty(STDERR_FILENO);
  clock_gettime(CLOCK_MONOTONIC, &R.t0);
  R.tlast = R.t0;

  R.wo = out_write_options(&o.out);
  if ((o.summary || o.out.format == OUT_HTML) &&
      dp_tally_new(&R.tally, e, o.as_of != DP_NO_DATE ? o.as_of : today(),
                   o.out.format == OUT_HTML ? DP_TALLY_RECORDS : 0u) != 0) {
    say(M_OOM_CHECKING);
    status = 2;
    goto done;
  }
  {
    dp_write_options wo = R.wo;
    wo.sink = dp_sink_file;
    wo.sink_arg = stdout;
    dp_write_header(&wo);
  }
  /* run_threads fails only before it has read anything */
  if (o.jobs <= 1 || run_threads(&R, o.jobs) != 0) run_serial(&R);
  progress_clear(&R);

  if (o.out.format == OUT_HTML && !R.st.failed) {
    dp_write_options wo = R.wo;
    wo.sink = dp_sink_file;
    wo.sink_arg = stdout;
    if (dp_tally_write(R.tally, &wo) != 0) R.st.failed = 1;
  }
  if (o.summary && !R.st.failed && print_summary(&R) != 0) R.st.failed = 1;
  if (fflush(stdout) != 0 || ferror(stdout)) {
    say(M_WRITE_ERROR, strerror(errno));
    status = 2;
  }
  if (R.st.noproc) {
    vbuf b = {0};
    known_procedures(&b, e);
    say(M_NO_PROCEDURE_HINT, R.st.noproc, b.s ? b.s : "");
    vb_free(&b);
  }
  if (R.st.failed) {
    say(M_OOM_CHECKING);
    status = 2;
  } else if (R.st.input_errors || R.st.unreadable || R.st.read == 0) {
    /* records.md §8.9: a run that checked no record at all */
    status = 2;
  } else if (R.st.errors && status == 0) {
    status = 1; /* (a write error above keeps its 2) */
  }
  for (size_t i = 0; i < R.in.n; i++) {
    free(R.in.v[i].path);
    free(R.in.v[i].error);
  }
  free(R.in.v);
  dp_tally_free(R.tally);
done:
  dp_ledger_map_free(o.ledger_map);
  dp_engine_free(e);
  free(o.rules);
  return status;
}

/*
 * reader.c - files of records: buffering, format detection, JSON (one
 * value, an array streamed element by element, or several values one
 * after another) and JSON Lines.  CSV event logs are in read_csv.c.
 *
 * The JSON scanner only finds where one element ends (brackets and
 * strings); cJSON parses the element.  Memory holds one element at a time.
 */
#include "dp-private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define CHUNK 65536

/* The error that ended the input at a byte that cannot be decoded. */
static long decode_failed(dp_reader *rd, dp_error *err) {
  if (err && !err->code) *err = rd->dec_err;
  return rd->dec_rc;
}

long dp__reader_fill(dp_reader *rd, size_t need, dp_error *err) {
  size_t avail = rd->len - rd->pos;
  if (avail >= need) return (long)avail;
  if (rd->eof) return rd->dec_rc ? decode_failed(rd, err) : (long)avail;
  if (rd->pos > 0) {
    /* the unread bytes and the undecoded tail behind them */
    memmove(rd->buf, rd->buf + rd->pos, avail + rd->tail);
    rd->off0 += rd->pos;
    rd->len = avail;
    rd->pos = 0;
  }
  while (rd->len < need && !rd->eof) {
    int rc = dp__decode_more(rd, err);
    if (rc) return rc;
  }
  avail = rd->len - rd->pos;
  if (avail < need && rd->dec_rc) return decode_failed(rd, err);
  return (long)avail;
}

FILE *dp__spool_file(void) {
  const char *dir = getenv("TMPDIR");
  if (!dir || !*dir) dir = "/tmp";
  size_t n = strlen(dir);
  char *path = malloc(n + sizeof "/dueproc-spool-XXXXXX");
  if (!path) return NULL;
  memcpy(path, dir, n);
  memcpy(path + n, "/dueproc-spool-XXXXXX", sizeof "/dueproc-spool-XXXXXX");
  int fd = mkstemp(path);
  if (fd >= 0) unlink(path);
  free(path);
  if (fd < 0) return NULL;
  FILE *f = fdopen(fd, "w+b");
  if (!f) close(fd);
  return f;
}

static dp_reader *reader_alloc(const char *name, dp_format fmt,
                               const char *encoding, dp_error *err,
                               int *rc) {
  *rc = DP_ENOMEM;
  dp_reader *rd = dp__calloc(1, sizeof *rd);
  if (!rd) return NULL;
  rd->name = dp__strdup(name);
  if (!rd->name) {
    free(rd);
    return NULL;
  }
  rd->fmt = fmt;
  rd->auto_fmt = fmt == DP_FORMAT_AUTO;
  rd->line = 1;
  if ((*rc = dp__decode_init(rd, encoding, err))) {
    dp_reader_free(rd);
    return NULL;
  }
  return rd;
}

static dp_format by_name(const char *path) {
  const char *dot = strrchr(path, '.');
  if (!dot) return DP_FORMAT_AUTO;
  if (strcasecmp(dot, ".json") == 0) return DP_FORMAT_JSON;
  if (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0)
    return DP_FORMAT_JSONL;
  if (strcasecmp(dot, ".csv") == 0) return DP_FORMAT_CSV;
  return DP_FORMAT_AUTO;
}

/* Decide by content: '[' JSON; '{' JSON Lines when the first line holds a
 * whole object, else JSON; anything else CSV. */
static int sniff(dp_reader *rd, dp_error *err) {
  dp_error e;
  memset(&e, 0, sizeof e);
  long n = dp__reader_fill(rd, CHUNK, &e);
  /* a byte that cannot be decoded: decide by what comes before it (the
   * reading stops there with the error) */
  if (n == DP_EENCODING) n = (long)(rd->len - rd->pos);
  if (n < 0) {
    if (err && !err->code) *err = e;
    return (int)n;
  }
  const char *s = rd->buf ? rd->buf + rd->pos : "";
  size_t i = 0, len = (size_t)n;
  if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) i = 3;
  while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
                     s[i] == '\n'))
    i++;
  if (i < len && s[i] == '[') rd->fmt = DP_FORMAT_JSON;
  else if (i < len && s[i] == '{') {
    const char *nl = memchr(s + i, '\n', len - i);
    size_t ll = nl ? (size_t)(nl - (s + i)) : len - i;
    dp_record *r = NULL;
    int rc = dp__record_from_json(&r, s + i, ll, NULL);
    dp_record_free(r);
    rd->fmt = rc == DP_EJSON && nl ? DP_FORMAT_JSON : DP_FORMAT_JSONL;
  } else if (i >= len) rd->fmt = DP_FORMAT_JSONL; /* empty: no records */
  else rd->fmt = DP_FORMAT_CSV;
  return 0;
}

int dp_reader_open_ex(dp_reader **out, const char *path, dp_format fmt,
                      const char *encoding, dp_error *err) {
  if (out) *out = NULL;
  if (!out || !path) return DP_EINVAL;
  int is_stdin = strcmp(path, "-") == 0;
  int rc;
  dp_reader *rd = reader_alloc(is_stdin ? "<stdin>" : path, fmt, encoding,
                               err, &rc);
  if (!rd) return rc;
  if (is_stdin) {
    rd->fp = stdin;
  } else {
    rd->fp = fopen(path, "rb");
    if (!rd->fp) {
      dp__error_set(err, DP_EIO, path, 0, 0, -1, "cannot open: %s",
                    DP__ERRNO_TEXT(errno));
      dp_reader_free(rd);
      return DP_EIO;
    }
    rd->own_fp = 1;
  }
  if (rd->fmt == DP_FORMAT_AUTO && !is_stdin) rd->fmt = by_name(path);
  if (rd->fmt == DP_FORMAT_AUTO) {
    rc = sniff(rd, err);
    if (rc) {
      dp_reader_free(rd);
      return rc;
    }
  }
  *out = rd;
  return 0;
}

int dp_reader_open(dp_reader **out, const char *path, dp_format fmt,
                   dp_error *err) {
  return dp_reader_open_ex(out, path, fmt, NULL, err);
}

int dp_reader_open_string_ex(dp_reader **out, const char *text, size_t len,
                             const char *name, dp_format fmt,
                             const char *encoding, dp_error *err) {
  if (out) *out = NULL;
  if (!out || (!text && len)) return DP_EINVAL;
  int rc;
  dp_reader *rd = reader_alloc(name ? name : "<string>", fmt, encoding, err,
                               &rc);
  if (!rd) return rc;
  rd->buf = dp__malloc(len + 1);
  if (!rd->buf) {
    dp_reader_free(rd);
    return DP_ENOMEM;
  }
  if (len) memcpy(rd->buf, text, len);
  rd->buf[len] = '\0';
  rd->cap = len + 1;
  /* decoded at once, in place or (GB18030) into a new buffer: the whole
   * text stays in buf, where the CSV reader finds its rows again */
  rc = dp__decode_all(rd, len, err);
  if (rc) {
    dp_reader_free(rd);
    return rc;
  }
  if (rd->fmt == DP_FORMAT_AUTO) sniff(rd, err);
  *out = rd;
  return 0;
}

int dp_reader_open_string(dp_reader **out, const char *text, size_t len,
                          const char *name, dp_format fmt, dp_error *err) {
  return dp_reader_open_string_ex(out, text, len, name, fmt, NULL, err);
}

int dp_reader_open_table(dp_reader **out, const char *name, size_t ncols,
                         const char *const *header, size_t nrows,
                         dp_table_cell cell, void *data, dp_error *err) {
  if (out) *out = NULL;
  if (!out || !cell || (!header && ncols)) return DP_EINVAL;
  int rc;
  dp_reader *rd = reader_alloc(name ? name : "<table>", DP_FORMAT_CSV,
                               "UTF-8", err, &rc);
  if (!rd) return rc;
  rd->eof = 1;
  dp__table *t = rd->table = dp__calloc(1, sizeof *t);
  if (!t || !(t->header = dp__calloc(ncols ? ncols : 1, sizeof *t->header))) {
    dp_reader_free(rd);
    return DP_ENOMEM;
  }
  t->ncols = ncols;
  for (size_t c = 0; c < ncols; c++)
    if (!(t->header[c] = dp__strdup(header[c] ? header[c] : ""))) {
      dp_reader_free(rd);
      return DP_ENOMEM;
    }
  t->cell = cell;
  t->data = data;
  t->nrows = nrows;
  *out = rd;
  return 0;
}

void dp_reader_free(dp_reader *rd) {
  if (!rd) return;
  if (rd->table) {
    for (size_t c = 0; rd->table->header && c < rd->table->ncols; c++)
      free(rd->table->header[c]);
    free(rd->table->header);
    free(rd->table);
  }
  if (rd->own_fp && rd->fp) fclose(rd->fp);
  free(rd->name);
  free(rd->buf);
  if (rd->piece) dp_piece_free(rd->piece);
  dp__csv_free(rd);
  dp__shape_release(rd->shape);
  dp__ledger_free(rd);
  /* a spool the decoding started that no CSV index took over */
  if (rd->spool) fclose(rd->spool);
  dp__decode_free(rd);
  free(rd);
}

const char *dp_reader_encoding(const dp_reader *rd) {
  if (!rd) return NULL;
  return rd->enc == DP__ENC_GB18030 ? "GB18030" : "UTF-8";
}

const char *dp_reader_note(const dp_reader *rd, dp_lang lang) {
  if (!rd) return NULL;
  return rd->note[lang == DP_LANG_EN];
}

int dp__reader_add_note(dp_reader *rd, const char *zh, const char *en) {
  const char *add[2] = {zh, en};
  for (int k = 0; k < 2; k++) {
    size_t o = rd->note[k] ? strlen(rd->note[k]) : 0, n = strlen(add[k]);
    char *s = dp__realloc(rd->note[k], o + n + 2);
    if (!s) return DP_ENOMEM;
    if (o) s[o++] = '\n';
    memcpy(s + o, add[k], n + 1);
    rd->note[k] = s;
  }
  return 0;
}

int dp_reader_set_ledger_map(dp_reader *rd, const dp_ledger_map *m) {
  if (!rd || rd->csv || rd->ledger || rd->done) return DP_EINVAL;
  rd->lmap = m;
  return 0;
}

long dp_reader_line(const dp_reader *rd) { return rd ? rd->rec_line : 0; }
dp_format dp_reader_format(const dp_reader *rd) {
  return rd ? rd->fmt : DP_FORMAT_AUTO;
}
size_t dp_reader_unreadable(const dp_reader *rd) {
  return rd ? rd->unreadable : 0;
}

/* The record that stands for an unreadable one of `source` at `line`. */
static dp_record *invalid_at(const char *source, long line, const char *id,
                             const char *zh_what, const char *en_what) {
  dp_record *r = dp__record_new();
  if (!r) return NULL;
  char en[512], zh[600];
  snprintf(en, sizeof en, "%s:%ld: %s", source, line, en_what);
  snprintf(zh, sizeof zh, "%s:%ld: 无法读取的记录：%s", source, line, zh_what);
  if ((id && dp_record_set(r, "id", id)) || dp__record_invalid(r, zh, en)) {
    dp_record_free(r);
    return NULL;
  }
  return r;
}

dp_record *dp__reader_invalid(dp_reader *rd, long line, const char *id,
                              const char *zh_what, const char *en_what) {
  dp_record *r = invalid_at(rd->name, line, id, zh_what, en_what);
  if (r) rd->unreadable++;
  return r;
}

/* What a reader of `source` returns for the text of one JSON value that
 * begins at `line`: 1 with *rec (readable, or unreadable and then *bad is
 * set), or DP_ENOMEM.  dp_reader_next and dp_record_from_text share it. */
static int from_text(const char *source, const char *s, size_t len,
                     long line, dp_record **rec, int *bad) {
  dp_error e_, *e = &e_;
  memset(e, 0, sizeof *e);
  dp_record *r = NULL;
  int rc = dp__record_from_json(&r, s, len, e);
  *bad = 0;
  if (rc == DP_ENOMEM) return DP_ENOMEM;
  if (rc == 0) {
    /* where it came from, for the messages of data findings */
    if (dp__record_set_source(r, source)) {
      dp_record_free(r);
      return DP_ENOMEM;
    }
    r->line = line;
    *rec = r;
    return 1;
  }
  *bad = 1;
  if (rc == DP_EJSON) {
    char en[DP_ERROR_TEXT_LEN + 32], zh[DP_ERROR_TEXT_LEN + 64];
    snprintf(en, sizeof en, "%s (column %d)", e->text, e->column);
    const char *near = strstr(e->text, "near '");
    if (near)
      snprintf(zh, sizeof zh, "不是有效的 JSON：第 %d 列 %s 附近", e->column,
               near + 5);
    else if (strstr(e->text, "end of"))
      snprintf(zh, sizeof zh, "JSON 不完整（第 %d 列）", e->column);
    else
      snprintf(zh, sizeof zh, "JSON 值之后有多余内容（第 %d 列）", e->column);
    /* a JSON error inside a multi-line element: name its own line */
    *rec = invalid_at(source, line + (e->line > 1 ? e->line - 1 : 0), NULL,
                      zh, en);
  } else {
    *rec = invalid_at(source, line, r ? r->f[DP__RF_ID] : NULL,
                      r && r->invalid[0] ? r->invalid[0] : e->text,
                      r && r->invalid[1] ? r->invalid[1] : e->text);
  }
  dp_record_free(r);
  return *rec ? 1 : DP_ENOMEM;
}

static void skip_bom(dp_reader *rd, dp_error *err) {
  if (rd->started) return;
  rd->started = 1;
  if (dp__reader_fill(rd, 3, err) >= 3 &&
      memcmp(rd->buf + rd->pos, "\xEF\xBB\xBF", 3) == 0)
    rd->pos += 3;
}

int dp_record_from_text(dp_record **out, const char *text, size_t len,
                        const char *source, long line) {
  if (!out) return DP_EINVAL;
  *out = NULL;
  if (!text && len) return DP_EINVAL;
  int bad;
  int rc = from_text(source ? source : "<string>", text ? text : "", len,
                     line, out, &bad);
  return rc == 1 ? 0 : rc;
}

int dp_record_readable(const dp_record *r) {
  return r && !r->invalid[0];
}

/* The cutters below find the next piece of the input and set rd->rec_line:
 * they return 1 with either the text of a value (*s, *len: in rd->buf,
 * valid until the next dp__reader_fill) or, where there is no value to
 * parse (too large, a stray bracket), the unreadable record in *rec; 0 at
 * the end; or a negative DP_E*. */

/* JSON Lines: one object a line; blank lines skipped. */
static int cut_jsonl(dp_reader *rd, const char **text, size_t *tlen,
                     dp_record **rec, dp_error *err) {
  skip_bom(rd, err);
  for (;;) {
    /* find the end of the line, reading more as needed */
    size_t k = 0;
    int too_long = 0;
    long start = rd->line;
    for (;;) {
      long n = dp__reader_fill(rd, k + 1, err);
      if (n < 0) return (int)n;
      if ((size_t)n <= k) break; /* end of input */
      const char *nl = memchr(rd->buf + rd->pos + k, '\n', (size_t)n - k);
      if (nl) {
        k = (size_t)(nl - (rd->buf + rd->pos));
        break;
      }
      k = (size_t)n;
      if (k > DP__MAX_RECORD_BYTES) {
        /* drop what we have and keep looking for the line's end */
        too_long = 1;
        rd->pos += k;
        k = 0;
      }
    }
    long avail = (long)(rd->len - rd->pos);
    if (k == 0 && avail == 0 && !too_long) return 0;
    const char *s = rd->buf + rd->pos;
    size_t ll = k;
    int had_nl = (size_t)avail > k;
    rd->pos += k + (had_nl ? 1 : 0);
    rd->line++;
    if (too_long) {
      rd->rec_line = start;
      char zh[96], en[96];
      snprintf(zh, sizeof zh, "该行超过 %u 字节的上限", DP__MAX_RECORD_BYTES);
      snprintf(en, sizeof en, "line longer than the limit of %u bytes",
               DP__MAX_RECORD_BYTES);
      *rec = dp__reader_invalid(rd, start, NULL, zh, en);
      return *rec ? 1 : DP_ENOMEM;
    }
    size_t a = 0;
    while (a < ll && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r')) a++;
    if (a == ll) continue; /* blank */
    rd->rec_line = start;
    *text = s;
    *tlen = ll;
    return 1;
  }
}

/* JSON: find the end of the value at rd->pos.  Returns its length (0 at
 * end of input), counting lines; sets *too_large when it exceeded the
 * record limit (then the bytes were dropped). */
static long scan_value(dp_reader *rd, int *too_large, dp_error *err) {
  size_t k = 0;
  int depth = 0, in_str = 0, esc = 0, started = 0;
  long lines = 0;
  *too_large = 0;
  for (;;) {
    long n = dp__reader_fill(rd, k + 1, err);
    if (n < 0) return n;
    if ((size_t)n <= k) break; /* end of input: the value is what we have */
    char ch = rd->buf[rd->pos + k];
    if (in_str) {
      if (esc) esc = 0;
      else if (ch == '\\') esc = 1;
      else if (ch == '"') {
        in_str = 0;
        if (depth == 0) {
          k++;
          break;
        }
      }
    } else if (ch == '"') {
      in_str = 1;
      started = 1;
    } else if (ch == '{' || ch == '[') {
      depth++;
      started = 1;
    } else if (ch == '}' || ch == ']') {
      if (depth == 0) break; /* belongs to the enclosing array */
      if (--depth == 0) {
        k++;
        break;
      }
    } else if (depth == 0 && (ch == ',' || ch == ' ' || ch == '\t' ||
                              ch == '\r' || ch == '\n')) {
      if (started) break;
    } else {
      started = 1;
    }
    if (ch == '\n') lines++;
    k++;
    if (k > DP__MAX_RECORD_BYTES) {
      *too_large = 1;
      rd->pos += k;
      k = 0;
    }
  }
  rd->line += lines;
  return (long)k;
}

static int cut_json(dp_reader *rd, const char **text, size_t *tlen,
                    dp_record **rec, dp_error *err) {
  skip_bom(rd, err);
  for (;;) {
    long n = dp__reader_fill(rd, 1, err);
    if (n < 0) return (int)n;
    if (n == 0) {
      if (rd->in_array) {
        rd->in_array = 0;
        dp__error_set(err, DP_EJSON, rd->name, (int)rd->line, 0, -1,
                      "unexpected end of file: the array is not closed "
                      "with ']'");
        return DP_EJSON;
      }
      return 0;
    }
    char c = rd->buf[rd->pos];
    if (c == '\n') {
      rd->line++;
      rd->pos++;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      rd->pos++;
      continue;
    }
    if (!rd->in_array && c == '[') {
      rd->in_array = 1;
      rd->pos++;
      continue;
    }
    if (rd->in_array && (c == ']' || c == ',')) {
      rd->in_array = c == ',';
      rd->pos++;
      continue;
    }
    long start = rd->line;
    int too_large;
    long k = scan_value(rd, &too_large, err);
    if (k < 0) return (int)k;
    rd->rec_line = start;
    if (too_large) {
      char zh[96], en[96];
      snprintf(zh, sizeof zh, "记录超过 %u 字节的上限", DP__MAX_RECORD_BYTES);
      snprintf(en, sizeof en, "record larger than the limit of %u bytes",
               DP__MAX_RECORD_BYTES);
      *rec = dp__reader_invalid(rd, start, NULL, zh, en);
      return *rec ? 1 : DP_ENOMEM;
    }
    if (k == 0) {
      /* a stray '}' or ']' where a value should start */
      char zh[64], en[64];
      snprintf(zh, sizeof zh, "此处不应出现“%c”", c);
      snprintf(en, sizeof en, "unexpected '%c'", c);
      rd->pos++;
      *rec = dp__reader_invalid(rd, start, NULL, zh, en);
      return *rec ? 1 : DP_ENOMEM;
    }
    *text = rd->buf + rd->pos;
    *tlen = (size_t)k;
    rd->pos += (size_t)k;
    return 1;
  }
}

static int cut(dp_reader *rd, const char **text, size_t *tlen,
               dp_record **rec, dp_error *err) {
  *text = NULL;
  *tlen = 0;
  return rd->fmt == DP_FORMAT_JSONL ? cut_jsonl(rd, text, tlen, rec, err)
                                    : cut_json(rd, text, tlen, rec, err);
}

/* ---------------------------------------------------------------------
 * Pieces: the input of one record, then its record
 * ------------------------------------------------------------------- */

void dp__piece_reset(dp_piece *p) {
  dp_record_free(p->rec);
  p->rec = NULL;
  dp__shape_release(p->shape);
  p->shape = NULL;
  p->kind = DP__PIECE_RECORD;
  p->made = 0;
  p->line = 0;
  p->text = NULL;
  p->len = p->blen = p->nrows = p->ncells = 0;
  p->idoff = p->nameoff = 0;
}

int dp__piece_add(dp_piece *p, const char *s, size_t n, int nul) {
  size_t need = p->blen + n + (nul ? 1 : 0);
  if (need < p->blen || dp__grow((void **)&p->buf, &p->bcap, need ? need : 1, 1))
    return DP_ENOMEM;
  if (n) memcpy(p->buf + p->blen, s, n);
  p->blen += n;
  if (nul) p->buf[p->blen++] = '\0';
  return 0;
}

static void piece_destroy(dp_piece *p) {
  dp__piece_reset(p);
  free(p->buf);
  free(p->rows);
  free(p->cells);
  dp__row_free(&p->rw);
}

void dp_piece_free(dp_piece *p) {
  if (!p) return;
  piece_destroy(p);
  free(p);
}

long dp_piece_line(const dp_piece *p) { return p ? p->line : 0; }

/* The next piece of rd into p (reset here).  A JSON value's text stays in
 * rd->buf (valid until the reader reads on) unless copy is set. */
static int take(dp_reader *rd, dp_piece *p, int copy, dp_error *err) {
  dp__piece_reset(p);
  if (rd->done) return 0;
  int rc;
  if (rd->fmt == DP_FORMAT_CSV && rd->auto_fmt && !rd->csv) {
    /* a CSV file, by its name or content: an event log or a ledger, by
     * its header (doc/ledger.md) */
    rd->auto_fmt = 0;
    rc = dp__ledger_detect(rd, err);
    if (rc < 0) {
      rd->done = 1;
      return rc;
    }
    if (rc == 1) rd->fmt = DP_FORMAT_LEDGER;
  }
  if (rd->fmt == DP_FORMAT_LEDGER) {
    rc = dp__ledger_next(rd, &p->rec, err);
    p->line = rd->rec_line;
  } else if (rd->fmt == DP_FORMAT_CSV) {
    rc = dp__csv_take(rd, p, copy, err);
  } else {
    const char *s;
    size_t len;
    rc = cut(rd, &s, &len, &p->rec, err);
    p->line = rd->rec_line;
    if (rc == 1 && !p->rec) {
      /* the reader's name copied too, not shared: threads that make
       * records of small texts do not pass a count to and fro */
      p->kind = DP__PIECE_JSON;
      p->len = len;
      if (copy && dp__piece_add(p, s, len, 1)) rc = DP_ENOMEM;
      p->nameoff = p->blen;
      if (rc == 1 && dp__piece_add(p, rd->name, strlen(rd->name), 1))
        rc = DP_ENOMEM;
      p->text = copy ? p->buf : s;
    }
  }
  if (rc == 1 && (p->kind == DP__PIECE_CSV || p->kind == DP__PIECE_TABLE)) {
    /* what the piece keeps of the reader: its name, its columns */
    dp__shape *sh = dp__shape_of(rd);
    if (sh) {
      atomic_fetch_add(&sh->refs, 1);
      p->shape = sh;
    } else {
      rc = DP_ENOMEM;
    }
  }
  if (rc <= 0) rd->done = 1;
  return rc;
}

int dp_reader_next_piece(dp_reader *rd, dp_piece **out, dp_error *err) {
  if (!out) return DP_EINVAL;
  dp_piece *p = *out;
  *out = NULL;
  if (!rd) {
    dp_piece_free(p);
    return DP_EINVAL;
  }
  if (!p && !(p = dp__calloc(1, sizeof *p))) return DP_ENOMEM;
  int rc = take(rd, p, 1, err);
  if (rc == 1) *out = p;
  else dp_piece_free(p);
  return rc;
}

int dp_piece_record(dp_piece *p, dp_record **rec, dp_error *err) {
  if (rec) *rec = NULL;
  if (!p || !rec || p->made) return DP_EINVAL;
  p->made = 1;
  switch (p->kind) {
  case DP__PIECE_RECORD:
    *rec = p->rec;
    p->rec = NULL;
    return *rec ? 0 : DP_EINVAL;
  case DP__PIECE_JSON: {
    int bad;
    int rc = from_text(p->buf + p->nameoff, p->text, p->len, p->line, rec,
                       &bad);
    return rc == 1 ? 0 : rc;
  }
  default: return dp__csv_record(p, rec, err);
  }
}

int dp_reader_next(dp_reader *rd, dp_record **rec, dp_error *err) {
  if (rec) *rec = NULL;
  if (!rd || !rec) return DP_EINVAL;
  if (!rd->piece && !(rd->piece = dp__calloc(1, sizeof *rd->piece)))
    return DP_ENOMEM;
  dp_piece *p = rd->piece;
  int rc = take(rd, p, 0, err);
  if (rc != 1) return rc;
  int made = p->kind != DP__PIECE_RECORD;
  rc = dp_piece_record(p, rec, err);
  if (rc) {
    rd->done = 1;
    return rc;
  }
  if (made && !dp_record_readable(*rec)) rd->unreadable++;
  return 1;
}

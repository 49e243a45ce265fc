/*
 * decode.c - the encodings of input (records.md §8.8): every byte a reader
 * hands on is UTF-8.
 *
 * Input is UTF-8, or GB18030 (which covers GBK and GB2312: what Chinese
 * Excel and WPS save as "CSV"), converted with the C library's iconv.
 * Unless the caller names the encoding, it is guessed once, at the first
 * byte that is not ASCII (the ASCII before it reads the same in both):
 * a UTF-8 BOM says UTF-8; otherwise up to a chunk of the text from that
 * byte is read both ways, and
 *   - text that is UTF-8 is UTF-8;
 *   - text that is not is GB18030 when GB18030 reads further into it than
 *     UTF-8 does, unless the UTF-8 before the bad byte already held
 *     GUESS_UTF8_CHARS characters of more than one byte (then it is UTF-8
 *     text with a bad byte, not GBK that looks like UTF-8 by chance);
 *   - else it is UTF-8, and the bad byte an error.
 * A byte that the encoding read cannot decode ends the input there: the
 * reader gives what came before it, then DP_EENCODING naming the byte's
 * line and column (in bytes of the input, both 1-based).  Nothing after
 * it is read.
 *
 * Lines and columns are counted in the input as read: in GB18030 a new
 * line is the byte 0x0A as in UTF-8 (it never occurs inside a character),
 * so the lines are those of the decoded text as well.
 */
#include "dp-private.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define CHUNK 65536
/* The guess waits for this much text from the first byte that is not
 * ASCII (or the end of the input) before it decides. */
#define GUESS_WINDOW 4096
/* UTF-8 text with this many characters of more than one byte before a bad
 * byte is UTF-8 with a bad byte. */
#define GUESS_UTF8_CHARS 4

#define NO_CD ((void *)-1)

static const struct {
  const char *name;
  int enc;
} names[] = {
    {"utf-8", DP__ENC_UTF8},      {"utf8", DP__ENC_UTF8},
    {"gb18030", DP__ENC_GB18030}, {"gbk", DP__ENC_GB18030},
    {"gb2312", DP__ENC_GB18030},  {"cp936", DP__ENC_GB18030},
    {"euc-cn", DP__ENC_GB18030},  {"auto", DP__ENC_GUESS},
};

int dp__encoding_lookup(const char *name) {
  if (!name || !*name) return DP__ENC_GUESS;
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcasecmp(name, names[i].name) == 0) return names[i].enc;
  return -1;
}

/* The converter from GB18030, opened once per reader: 0, or -1 when the C
 * library has none (a static build without its gconv modules). */
static int open_cd(dp_reader *rd) {
  if (rd->cd != NO_CD) return 0;
  iconv_t cd = iconv_open("UTF-8", "GB18030");
  if (cd == (iconv_t)-1) return -1;
  rd->cd = (void *)cd;
  return 0;
}

int dp__decode_init(dp_reader *rd, const char *encoding, dp_error *err) {
  rd->cd = NO_CD;
  rd->in_line = 1;
  int enc = dp__encoding_lookup(encoding);
  if (enc < 0) {
    dp__error_set(err, DP_EINVAL, rd->name, 0, 0, -1,
                  "unknown encoding '%.60s' (known: UTF-8, GB18030, GBK, "
                  "GB2312, auto)",
                  encoding);
    return DP_EINVAL;
  }
  rd->enc = enc;
  rd->enc_given = enc != DP__ENC_GUESS;
  if (enc == DP__ENC_GB18030 && open_cd(rd)) {
    dp__error_set(err, DP_EINVAL, rd->name, 0, 0, -1,
                  "cannot convert from GB18030: the C library's iconv has "
                  "no converter for it");
    return DP_EINVAL;
  }
  return 0;
}

void dp__decode_free(dp_reader *rd) {
  if (rd->cd != NO_CD && rd->cd) iconv_close((iconv_t)rd->cd);
  rd->cd = NO_CD;
  free(rd->raw);
  rd->raw = NULL;
  free(rd->note[0]);
  free(rd->note[1]);
  rd->note[0] = rd->note[1] = NULL;
}

/* ---------------------------------------------------------------------
 * Positions and errors
 * ------------------------------------------------------------------- */

/* n bytes of the input, s, are decoded: move the line count past them. */
static void count_lines(dp_reader *rd, const char *s, size_t n) {
  long lines = 0;
  const char *last = NULL;
  for (const char *p = s, *end = s + n;
       (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) {
    lines++;
    last = p;
  }
  if (last) {
    rd->in_line += lines;
    rd->in_lstart = rd->in_off + (uint64_t)(last - s) + 1;
  }
  rd->in_off += n;
}

/* What is wrong with a byte. */
enum {
  BAD_UTF8,    /* not UTF-8, in text read as UTF-8 */
  BAD_NEITHER, /* not UTF-8, and the text is not GB18030 either */
  BAD_GB18030, /* not GB18030, in text read as GB18030 */
  CUT_UTF8,    /* the input ends inside a character */
  CUT_GB18030
};

/* The input cannot be decoded at in_off (the byte there is `byte`):
 * record the error, end the input. */
static void decode_error(dp_reader *rd, int why, unsigned byte) {
  int line = (int)rd->in_line;
  int col = (int)(rd->in_off - rd->in_lstart) + 1;
  long off = (long)rd->in_off;
  dp_error *e = &rd->dec_err;
  memset(e, 0, sizeof *e);
  switch (why) {
  case BAD_UTF8:
    dp__error_set(e, DP_EENCODING, rd->name, line, col, off,
                  "invalid UTF-8: byte 0x%02x; the rest of the input is not "
                  "read",
                  byte);
    break;
  case BAD_NEITHER:
    dp__error_set(e, DP_EENCODING, rd->name, line, col, off,
                  "not UTF-8 text, nor GB18030 (GBK): byte 0x%02x; the rest "
                  "of the input is not read",
                  byte);
    break;
  case BAD_GB18030:
    dp__error_set(e, DP_EENCODING, rd->name, line, col, off,
                  "invalid GB18030 (the input is read as GB18030): byte "
                  "0x%02x; the rest of the input is not read",
                  byte);
    break;
  case CUT_UTF8:
    dp__error_set(e, DP_EENCODING, rd->name, line, col, off,
                  "the input ends inside a UTF-8 character (byte 0x%02x)",
                  byte);
    break;
  default:
    dp__error_set(e, DP_EENCODING, rd->name, line, col, off,
                  "the input ends inside a GB18030 character (byte 0x%02x)",
                  byte);
    break;
  }
  rd->dec_rc = DP_EENCODING;
  rd->eof = 1;
}

/* ---------------------------------------------------------------------
 * Decoded bytes into the buffer
 * ------------------------------------------------------------------- */

/* Room for `more` bytes after buf[len] and the tail behind it. */
static int room(dp_reader *rd, size_t more) {
  size_t want = rd->len + rd->tail + more + 1;
  if (want < rd->len) return DP_ENOMEM;
  return dp__grow((void **)&rd->buf, &rd->cap, want, 1);
}

/* buf[len, len + n) are decoded: count them in, copy them to the spool. */
static int accept(dp_reader *rd, size_t n, dp_error *err) {
  if (n && rd->spool &&
      fwrite(rd->buf + rd->len, 1, n, rd->spool) != n) {
    dp__error_set(err, DP_EIO, rd->name, (int)rd->line, 0, -1,
                  "cannot keep a temporary copy of the input: %s",
                  DP__ERRNO_TEXT(errno));
    rd->eof = 1;
    return DP_EIO;
  }
  rd->len += n;
  return 0;
}

/* CSV over a regular file read again by offset: from now on the decoded
 * text differs from the file, so the decoded text so far (ASCII, the same
 * as the file's first in_off bytes) goes to a spool, and what follows
 * with it. */
static int start_spool(dp_reader *rd, dp_error *err) {
  if (!rd->spool_on_convert || rd->spool) return 0;
  rd->spool_on_convert = 0;
  FILE *sp = dp__spool_file();
  int ok = sp != NULL;
  char *b = ok ? malloc(CHUNK) : NULL;
  ok = ok && b;
  for (uint64_t off = 0; ok && off < rd->in_off;) {
    size_t want = rd->in_off - off < CHUNK ? (size_t)(rd->in_off - off)
                                           : (size_t)CHUNK;
    ssize_t got = pread(fileno(rd->fp), b, want, (off_t)off);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0 || fwrite(b, 1, (size_t)got, sp) != (size_t)got) {
      if (got == 0) errno = EIO;
      ok = 0;
      break;
    }
    off += (uint64_t)got;
  }
  free(b);
  if (!ok) {
    dp__error_set(err, DP_EIO, rd->name, 0, 0, -1,
                  "cannot keep a temporary copy of the CSV log: %s",
                  DP__ERRNO_TEXT(errno));
    if (sp) fclose(sp);
    rd->eof = 1;
    return DP_EIO;
  }
  rd->spool = sp;
  return 0;
}

/* ---------------------------------------------------------------------
 * UTF-8
 * ------------------------------------------------------------------- */

/* The bytes buf[len, len + n), all of the undecoded ones, as UTF-8:
 * accept the valid ones; keep a sequence cut by the end of the read as
 * the tail; a bad byte ends the input.  eof: nothing follows. */
static int utf8_step(dp_reader *rd, size_t n, int eof, int why,
                     dp_error *err) {
  const unsigned char *s = (const unsigned char *)rd->buf + rd->len;
  size_t ok = dp__utf8_prefix((const char *)s, n);
  size_t t = !eof && dp__utf8_cut(s + ok, n - ok) ? n - ok : 0;
  count_lines(rd, (const char *)s, ok);
  int rc = accept(rd, ok, err);
  if (rc) return rc;
  rd->tail = t;
  if (ok + t < n || (eof && ok < n)) {
    /* a byte that is not UTF-8, or a sequence cut by the end */
    decode_error(rd,
                 ok + 3 >= n && dp__utf8_cut(s + ok, n - ok) ? CUT_UTF8 : why,
                 s[ok]);
    rd->tail = 0;
  }
  return 0;
}

/* ---------------------------------------------------------------------
 * GB18030
 * ------------------------------------------------------------------- */

/* How far iconv reads s[0..n) as GB18030: the bytes before the first it
 * cannot (or n); *ok set when that is all of it but for a character cut
 * by the end (when !eof). */
static size_t gb_prefix(dp_reader *rd, const char *s, size_t n, int eof,
                        int *ok) {
  *ok = 0;
  if (open_cd(rd)) return 0;
  char out[4096];
  char *in = (char *)s;
  size_t inleft = n;
  iconv((iconv_t)rd->cd, NULL, NULL, NULL, NULL);
  while (inleft) {
    char *o = out;
    size_t oleft = sizeof out;
    if (iconv((iconv_t)rd->cd, &in, &inleft, &o, &oleft) != (size_t)-1)
      break;
    if (errno == E2BIG) continue;
    if (errno == EINVAL && !eof) inleft = 0; /* cut by the end */
    break;
  }
  *ok = inleft == 0;
  return (size_t)(in - s);
}

/* Convert rd->raw[0..rawlen) into buf[len..); keep a character cut by
 * the end of the read (!eof) for the next; a bad byte ends the input. */
static int gb_step(dp_reader *rd, int eof, dp_error *err) {
  char *in = rd->raw;
  size_t inleft = rd->rawlen;
  for (;;) {
    /* a character of up to four bytes gives at most four */
    size_t outcap = inleft * 2 + 16;
    if (room(rd, outcap)) return DP_ENOMEM;
    char *out0 = rd->buf + rd->len, *out = out0;
    size_t oleft = outcap;
    char *in0 = in;
    size_t r = iconv((iconv_t)rd->cd, &in, &inleft, &out, &oleft);
    int e = r == (size_t)-1 ? errno : 0;
    count_lines(rd, in0, (size_t)(in - in0));
    int rc = accept(rd, (size_t)(out - out0), err);
    if (rc) return rc;
    if (!e || inleft == 0) break;
    if (e == E2BIG) continue;
    if (e == EINVAL && !eof) break; /* cut by the end: kept */
    decode_error(rd, e == EINVAL ? CUT_GB18030 : BAD_GB18030,
                 (unsigned char)*in);
    inleft = 0;
    break;
  }
  memmove(rd->raw, in, inleft);
  rd->rawlen = inleft;
  return 0;
}

/* The GB18030 way from now on, with buf[len, len + n) (the undecoded
 * bytes) as its first input. */
static int to_gb18030(dp_reader *rd, size_t n, int eof, dp_error *err) {
  if (dp__grow((void **)&rd->raw, &rd->rawcap, n + CHUNK, 1))
    return DP_ENOMEM;
  memcpy(rd->raw, rd->buf + rd->len, n);
  rd->rawlen = n;
  rd->tail = 0;
  rd->enc = DP__ENC_GB18030;
  return gb_step(rd, eof, err);
}

/* ---------------------------------------------------------------------
 * The guess
 * ------------------------------------------------------------------- */

static int guessed_gb18030(dp_reader *rd) {
  char zh[DP_ERROR_SOURCE_LEN + 128], en[DP_ERROR_SOURCE_LEN + 128];
  snprintf(zh, sizeof zh, "%s：不是 UTF-8 编码，已按 GB18030（GBK/GB2312）读取",
           rd->name);
  snprintf(en, sizeof en, "%s: not UTF-8; read as GB18030 (GBK/GB2312)",
           rd->name);
  return dp__reader_add_note(rd, zh, en);
}

/* Undecided: the n undecoded bytes at buf[len] (eof: all there is). */
static int guess_step(dp_reader *rd, size_t n, int eof, dp_error *err) {
  const unsigned char *s = (const unsigned char *)rd->buf + rd->len;
  if (rd->in_off == 0 && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
    rd->enc = DP__ENC_UTF8; /* a BOM says UTF-8 */
    return utf8_step(rd, n, eof, BAD_UTF8, err);
  }
  if (rd->in_off == 0 && n < 3 && !eof &&
      memcmp(s, "\xEF\xBB\xBF", n) == 0) {
    rd->tail = n; /* maybe a BOM: wait */
    return 0;
  }
  /* the ASCII first */
  size_t a = 0;
  while (a < n && s[a] < 0x80) a++;
  count_lines(rd, (const char *)s, a);
  int rc = accept(rd, a, err);
  if (rc) return rc;
  s += a;
  n -= a;
  rd->tail = 0;
  if (n == 0) return 0;
  if (n < GUESS_WINDOW && !eof) {
    rd->tail = n; /* wait for more */
    return 0;
  }
  size_t ku = dp__utf8_prefix((const char *)s, n);
  int u_ok = ku == n || (!eof && dp__utf8_cut(s + ku, n - ku));
  if (!u_ok) {
    size_t multi = 0;
    for (size_t i = 0; i < ku; i++) multi += s[i] >= 0xC0;
    int g_ok;
    size_t kg = gb_prefix(rd, (const char *)s, n, eof, &g_ok);
    if (multi < GUESS_UTF8_CHARS && (g_ok || kg > ku)) {
      if ((rc = guessed_gb18030(rd))) return rc;
      if ((rc = start_spool(rd, err))) return rc;
      return to_gb18030(rd, n, eof, err);
    }
    /* UTF-8 text with a bad byte, or text that is neither */
    rd->enc = DP__ENC_UTF8;
    return utf8_step(rd, n, eof,
                     multi >= GUESS_UTF8_CHARS ? BAD_UTF8 : BAD_NEITHER, err);
  }
  rd->enc = DP__ENC_UTF8;
  return utf8_step(rd, n, eof, BAD_UTF8, err);
}

/* The n undecoded bytes at buf[len], by the reader's encoding. */
static int decode(dp_reader *rd, size_t n, int eof, dp_error *err) {
  switch (rd->enc) {
  case DP__ENC_GUESS: return guess_step(rd, n, eof, err);
  case DP__ENC_UTF8:
    return utf8_step(rd, n, eof, BAD_UTF8, err);
  default: return to_gb18030(rd, n, eof, err);
  }
}

int dp__decode_more(dp_reader *rd, dp_error *err) {
  if (rd->eof) return 0;
  if (rd->enc == DP__ENC_GB18030) {
    if (dp__grow((void **)&rd->raw, &rd->rawcap, rd->rawlen + CHUNK, 1))
      return DP_ENOMEM;
    size_t got = fread(rd->raw + rd->rawlen, 1, rd->rawcap - rd->rawlen,
                       rd->fp);
    if (got == 0) {
      if (ferror(rd->fp)) goto io;
      rd->eof = 1;
    }
    rd->rawlen += got;
    return gb_step(rd, rd->eof, err);
  }
  if (room(rd, CHUNK)) return DP_ENOMEM;
  size_t at = rd->len + rd->tail;
  size_t got = fread(rd->buf + at, 1, rd->cap - at - 1, rd->fp);
  if (got == 0) {
    if (ferror(rd->fp)) goto io;
    rd->eof = 1;
  }
  return decode(rd, rd->tail + got, rd->eof, err);
io:
  dp__error_set(err, DP_EIO, rd->name, (int)rd->line, 0, -1,
                "read error: %s", DP__ERRNO_TEXT(errno));
  rd->eof = 1;
  return DP_EIO;
}

int dp__decode_all(dp_reader *rd, size_t n, dp_error *err) {
  rd->eof = 1;
  rd->tail = 0;
  int rc = decode(rd, n, 1, err);
  if (rc == 0 && rd->enc == DP__ENC_GB18030) {
    /* the text has gone to raw: nothing of it is needed after this */
    free(rd->raw);
    rd->raw = NULL;
    rd->rawlen = rd->rawcap = 0;
  }
  return rc;
}

/*
 * validate.h - shared parts of the example validator dueproc-validate:
 * a growing string buffer and the rule listing (validate-output.c).  The
 * reports themselves are written by the library (dp_write_report,
 * dp_tally_write).
 *
 * Only the public API of libdueproc (dueproc.h) is used.
 */
#ifndef DP_VALIDATE_H
#define DP_VALIDATE_H

#include <dueproc.h>
#include <stddef.h>

/* A growing NUL-terminated string.  On out of memory `oom` is set and
 * further additions are ignored. */
typedef struct vbuf {
  char *s;
  size_t len, cap;
  int oom;
} vbuf;

/* Room for `more` bytes and a NUL after len: 0, or -1 (oom set). */
int vb_reserve(vbuf *b, size_t more);
void vb_add(vbuf *b, const char *s, size_t n);
void vb_adds(vbuf *b, const char *s);
void vb_addc(vbuf *b, char c);
void vb_addf(vbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* A JSON string literal, quotes included. */
void vb_add_json(vbuf *b, const char *s);
/* A dp_sink appending to the vbuf arg: 0, or -1 when out of memory. */
int vb_sink(void *arg, const char *data, size_t len);
/* An RFC 4180 CSV field: quoted when it holds , " CR or LF. */
void vb_add_csv(vbuf *b, const char *s);
void vb_free(vbuf *b);

/* OUT_MD: Markdown, for --list-rules only (doc/procedures.md); OUT_HTML:
 * the HTML report of the whole run (dp_tally_write). */
typedef enum { OUT_TEXT = 0, OUT_JSON, OUT_CSV, OUT_MD, OUT_HTML } out_format;

/* Everything the formatters need to know about the run. */
typedef struct out_opts {
  out_format format;
  dp_lang lang;
  int color; /* ANSI colours in text output */
  int quiet; /* text: leave out records that have no error finding */
  int bom;   /* CSV: a UTF-8 byte order mark first */
} out_opts;

/* The library's writer options for these (no sink yet). */
dp_write_options out_write_options(const out_opts *o);

/* --list-rules: every rule of the engine, text or JSON lines. */
void out_rules(vbuf *b, const out_opts *o, const dp_engine *e);

/* Colour escapes (empty strings when colour is off). */
const char *col_on(const out_opts *o, const char *code);
const char *col_off(const out_opts *o);

#endif /* DP_VALIDATE_H */

/*
 * error.c - error codes and their text, from the one DP_ERRNO_MAP list.
 */
#include "dp-private.h"

#include <stdio.h>

const char *dp_strerror(int code) {
  switch (code) {
  case DP_OK:
    return "success";
#define DP__ERR_TEXT(name, val, text) \
  case DP_E##name:                    \
    return text;
    DP_ERRNO_MAP(DP__ERR_TEXT)
#undef DP__ERR_TEXT
  default:
    return "unknown error";
  }
}

const char *dp_error_name(int code) {
  switch (code) {
  case DP_OK:
    return "DP_OK";
#define DP__ERR_NAME(name, val, text) \
  case DP_E##name:                    \
    return "DP_E" #name;
    DP_ERRNO_MAP(DP__ERR_NAME)
#undef DP__ERR_NAME
  default:
    return "unknown";
  }
}

/* "source:line:column: text"; ":column" is left out when it is 0 and
 * ":line:column" when the line is 0.  An empty source reads "<string>". */
int dp_error_format(const dp_error *e, char *buf, size_t size) {
  char dummy[1];
  if (!buf || size == 0) {
    buf = dummy;
    size = sizeof dummy;
  }
  if (!e) {
    buf[0] = '\0';
    return 0;
  }
  const char *src = e->source[0] ? e->source : "<string>";
  int n;
  if (e->line > 0 && e->column > 0)
    n = snprintf(buf, size, "%.*s:%d:%d: %.*s", DP_ERROR_SOURCE_LEN, src,
                 e->line, e->column, DP_ERROR_TEXT_LEN, e->text);
  else if (e->line > 0)
    n = snprintf(buf, size, "%.*s:%d: %.*s", DP_ERROR_SOURCE_LEN, src,
                 e->line, DP_ERROR_TEXT_LEN, e->text);
  else
    n = snprintf(buf, size, "%.*s: %.*s", DP_ERROR_SOURCE_LEN, src,
                 DP_ERROR_TEXT_LEN, e->text);
  return n < 0 ? 0 : n;
}

/* strerror_r is XSI (int, text in buf) or GNU (char *, text perhaps
 * elsewhere), whichever the C library declares; _Generic takes the one it
 * is.  Unlike strerror, neither touches storage another thread shares. */
static const char *xsi_text(int rc, char *buf, size_t size, int errnum) {
  if (rc != 0 || !buf[0]) snprintf(buf, size, "error %d", errnum);
  return buf;
}

static const char *gnu_text(const char *s, char *buf, size_t size,
                            int errnum) {
  if (!s || !*s) {
    snprintf(buf, size, "error %d", errnum);
    return buf;
  }
  return s;
}

const char *dp__strerror(int errnum, char *buf, size_t size) {
  buf[0] = '\0';
  return _Generic(strerror_r(errnum, buf, size),
                  int: xsi_text,
                  default: gnu_text)(strerror_r(errnum, buf, size), buf, size,
                                     errnum);
}

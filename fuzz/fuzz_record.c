/*
 * fuzz_record.c - a JSON record (records.md §1-2) → dp_check against the
 * default engine.  The input goes through dp_record_from_json and through
 * a JSON / JSON Lines reader, and each record is checked finished and in
 * progress.
 */
#include "fuzz_common.h"

static void one(const dp_engine *e, const dp_record *r) {
  fuzz_check(e, r, NULL, DP_NO_DATE);
  fuzz_check(e, r, NULL, dp_date_from_ymd(2022, 4, 1));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dp_engine *e = fuzz_engine();
  dp_record *r = NULL;
  dp_error err;
  memset(&err, 0, sizeof err);
  int rc = dp_record_from_json(&r, (const char *)data, size, DP_JSON_NONE,
                               &err);
  /* a record exactly when it could be read */
  if ((rc == 0) != (r != NULL)) abort();
  if (r) one(e, r);
  dp_record_free(r);

  dp_format fmts[2] = {DP_FORMAT_JSON, DP_FORMAT_JSONL};
  dp_format f = fmts[size & 1];
  dp_reader *rd = NULL;
  if (dp_reader_open_string(&rd, (const char *)data, size, "fuzz", f, NULL))
    return 0;
  for (int i = 0; i < 64; i++) {
    dp_record *x = NULL;
    rc = dp_reader_next(rd, &x, NULL);
    if (rc != 1) break;
    (void)dp_reader_line(rd);
    one(e, x);
    dp_record_free(x);
  }
  (void)dp_reader_unreadable(rd);
  dp_reader_free(rd);
  return 0;
}

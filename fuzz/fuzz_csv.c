/*
 * fuzz_csv.c - a CSV event log (records.md §5) → every case checked
 * against the default engine.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dp_engine *e = fuzz_engine();
  dp_reader *rd = NULL;
  if (dp_reader_open_string(&rd, (const char *)data, size, "fuzz.csv",
                            DP_FORMAT_CSV, NULL))
    return 0;
  for (int i = 0; i < 256; i++) {
    dp_record *r = NULL;
    dp_error err;
    memset(&err, 0, sizeof err);
    int rc = dp_reader_next(rd, &r, &err);
    if (rc != 1) break;
    (void)dp_reader_line(rd);
    fuzz_check(e, r, NULL, DP_NO_DATE);
    fuzz_check(e, r, NULL, dp_date_from_ymd(2022, 4, 1));
    dp_record_free(r);
  }
  (void)dp_reader_unreadable(rd);
  dp_reader_free(rd);
  return 0;
}

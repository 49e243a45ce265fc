/*
 * fuzz_csv.c - a CSV event log (records.md §5) → every case checked
 * against the default engine; and read again in pieces (taken first, the
 * reader freed, the records made last first), which must give the same
 * reports byte for byte.
 */
#include "fuzz_common.h"

#include <stdlib.h>

enum { MAX_CASES = 256 };

static char *report_json(const dp_engine *e, const dp_record *r) {
  dp_report *rep = NULL;
  if (dp_check(e, r, NULL, &rep) != 0) return NULL;
  char *s = dp_report_to_json(rep, DP_LANG_EN, NULL);
  dp_report_free(rep);
  return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dp_engine *e = fuzz_engine();
  dp_reader *rd = NULL;
  if (dp_reader_open_string(&rd, (const char *)data, size, "fuzz.csv",
                            DP_FORMAT_CSV, NULL))
    return 0;
  char *want[MAX_CASES];
  int n = 0;
  for (; n < MAX_CASES; n++) {
    dp_record *r = NULL;
    dp_error err;
    memset(&err, 0, sizeof err);
    int rc = dp_reader_next(rd, &r, &err);
    if (rc != 1) break;
    (void)dp_reader_line(rd);
    fuzz_check(e, r, NULL, DP_NO_DATE);
    fuzz_check(e, r, NULL, dp_date_from_ymd(2022, 4, 1));
    want[n] = report_json(e, r);
    dp_record_free(r);
  }
  (void)dp_reader_unreadable(rd);
  dp_reader_free(rd);

  /* the same log in pieces */
  dp_piece *pc[MAX_CASES];
  int m = 0;
  if (dp_reader_open_string(&rd, (const char *)data, size, "fuzz.csv",
                            DP_FORMAT_CSV, NULL) == 0) {
    for (; m < n; m++) {
      pc[m] = NULL;
      if (dp_reader_next_piece(rd, &pc[m], NULL) != 1) break;
    }
    dp_reader_free(rd);
  }
  if (m != n) __builtin_trap(); /* a piece for every record */
  for (int i = m - 1; i >= 0; i--) {
    dp_record *r = NULL;
    if (dp_piece_record(pc[i], &r, NULL) == 0) {
      char *got = report_json(e, r);
      if (want[i] && got && strcmp(want[i], got) != 0) __builtin_trap();
      dp_free(got);
      dp_record_free(r);
    }
    dp_piece_free(pc[i]);
  }
  for (int i = 0; i < n; i++) dp_free(want[i]);
  return 0;
}

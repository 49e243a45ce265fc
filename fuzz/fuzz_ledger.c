/*
 * fuzz_ledger.c - a ledger (台账, doc/ledger.md) → every record checked
 * against the default engine; the same bytes also as a ledger map's text
 * (the mapping file parser), which must fail cleanly or load.
 */
#include "fuzz_common.h"

static dp_ledger_map *fuzz_map(void) {
  static dp_ledger_map *m;
  if (!m && dp_ledger_map_new(&m, fuzz_engine(), NULL)) abort();
  return m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  dp_engine *e = fuzz_engine();
  /* as mapping text, into a map of its own */
  dp_ledger_map *own = NULL;
  if (dp_ledger_map_new(&own, e, NULL) == 0) {
    dp_error err;
    memset(&err, 0, sizeof err);
    int rc = dp_ledger_map_load_string(own, (const char *)data, size,
                                       "fuzz.map", &err);
    if (rc && !err.code) abort(); /* an error always says where */
  }
  /* as a ledger, read with the default map and with that one */
  for (int pass = 0; pass < 2; pass++) {
    dp_reader *rd = NULL;
    if (dp_reader_open_string(&rd, (const char *)data, size, "fuzz.csv",
                              pass ? DP_FORMAT_AUTO : DP_FORMAT_LEDGER, NULL))
      break;
    dp_reader_set_ledger_map(rd, pass && own ? own : fuzz_map());
    for (int i = 0; i < 256; i++) {
      dp_record *r = NULL;
      dp_error err;
      memset(&err, 0, sizeof err);
      int rc = dp_reader_next(rd, &r, &err);
      if (rc != 1) break;
      (void)dp_reader_line(rd);
      fuzz_check(e, r, NULL, DP_NO_DATE);
      if (pass == 0) fuzz_check(e, r, NULL, dp_date_from_ymd(2023, 4, 1));
      dp_record_free(r);
    }
    (void)dp_reader_unreadable(rd);
    (void)dp_reader_note(rd, DP_LANG_ZH);
    dp_reader_free(rd);
  }
  dp_ledger_map_free(own);
  return 0;
}

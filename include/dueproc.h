/*
 * dueproc.h - check the procedure of administrative normative documents
 * (行政规范性文件) and major administrative decisions (重大行政决策).
 *
 * The only public header of libdueproc.  Everything here carries the dp_
 * prefix (DP_ for macros and enum constants).
 *
 * Vocabulary used in every comment below:
 *   - a function named *_new returns an object the caller owns and must
 *     release with the matching *_free; every *_free accepts NULL;
 *   - a function returning `const char *` or a `const dp_*` pointer returns
 *     a borrowed pointer, valid until its owner is changed or freed;
 *   - *_load_* functions copy their input; the caller may free it at once.
 *
 * Errors: every fallible call returns an int, 0 on success and a negative
 * DP_E* code on failure.  A call that hands back an object through an
 * out-pointer sets it to NULL on every failure (whatever it held before),
 * so `if (rc) return rc;` never leaks.  Loaders, the gate and the record
 * setters that check names also fill an optional caller-owned dp_error
 * (pass NULL to ignore): code, 1-based line and column, byte offset, the
 * source name and a message.  Findings about a record (a
 * missing step, a short comment period) are results, not errors: they are
 * returned in a dp_report.
 *
 * Threads: a dp_engine is read-only once loaded.  Loading (rule text,
 * calendar years) must finish before the engine is shared; after that any
 * number of threads may call dp_check() on one engine at once.  Records and
 * reports are owned by one thread at a time; reading a report's messages
 * words them into the report (dp_finding_message), so it is reading by its
 * owner too.
 *
 * Copyright (c) 2026 the dueproc authors.  MIT licence (see COPYING).
 */
#ifndef DUEPROC_H
#define DUEPROC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------------
 * Export macro and version
 * ------------------------------------------------------------------- */

#if defined(_WIN32) && defined(DP_BUILDING_SHARED)
#define DP_API __declspec(dllexport)
#elif defined(__GNUC__) && __GNUC__ >= 4
#define DP_API __attribute__((visibility("default")))
#else
#define DP_API
#endif

#define DP_VERSION_MAJOR 0
#define DP_VERSION_MINOR 1
#define DP_VERSION_PATCH 0
/** The version as 0xMMmmpp, for preprocessor comparisons. */
#define DP_VERSION_HEX \
  ((DP_VERSION_MAJOR << 16) | (DP_VERSION_MINOR << 8) | DP_VERSION_PATCH)

/** The library's version at run time, e.g. "0.1.0".  Static storage. */
DP_API const char *dp_version_string(void);

/* ---------------------------------------------------------------------
 * Errors
 * ------------------------------------------------------------------- */

/* X-macro list: name, value, description.  One list makes the enum,
 * dp_strerror() and dp_error_name(). */
#define DP_ERRNO_MAP(X)                                                 \
  X(NOMEM, -1, "out of memory")                                         \
  X(INVAL, -2, "invalid argument")                                      \
  X(IO, -3, "cannot read input")                                        \
  X(SYNTAX, -4, "syntax error in rule text")                            \
  X(RULE, -5, "invalid rule")                                           \
  X(JSON, -6, "invalid JSON")                                           \
  X(RECORD, -7, "record cannot be checked")                             \
  X(PROCEDURE, -8, "unknown procedure")                                 \
  X(CALENDAR, -9, "invalid calendar data")                              \
  X(LIMIT, -10, "input exceeds a limit")                                \
  X(NOTFOUND, -11, "no such item")                                      \
  X(REGEX, -12, "pattern error")                                        \
  X(ENCODING, -13, "input is not text in a known encoding")

typedef enum {
  DP_OK = 0,
#define DP__ERR_ENUM(name, val, text) DP_E##name = (val),
  DP_ERRNO_MAP(DP__ERR_ENUM)
#undef DP__ERR_ENUM
  DP_E__LAST = -14
} dp_errno;

/** A short English description of a DP_E* code.  Static storage. */
DP_API const char *dp_strerror(int code);
/** The symbolic name of a DP_E* code, e.g. "DP_ESYNTAX".  Static storage. */
DP_API const char *dp_error_name(int code);

#define DP_ERROR_SOURCE_LEN 160
#define DP_ERROR_TEXT_LEN 256

/**
 * Where and why a load failed.  Owned by the caller; pass NULL to any
 * function to ignore it.  Only the first error of a call is kept.
 * `line` and `column` are 1-based (column counts bytes); 0 means unknown.
 */
typedef struct dp_error {
  int code;                          /**< DP_E* code, 0 if no error */
  int line;                          /**< 1-based line, 0 if unknown */
  int column;                        /**< 1-based byte column, 0 if unknown */
  long offset;                       /**< 0-based byte offset, -1 if unknown */
  char source[DP_ERROR_SOURCE_LEN];  /**< file path or "<default:x.rules>" */
  char text[DP_ERROR_TEXT_LEN];      /**< message, lowercase, no period */
} dp_error;

/**
 * Format `e` as "source:line:column: text" into buf (always
 * NUL-terminated when size > 0).  Returns the length it wanted.
 */
DP_API int dp_error_format(const dp_error *e, char *buf, size_t size);

/* ---------------------------------------------------------------------
 * Severities and languages: one type each, wherever they are passed
 * ------------------------------------------------------------------- */

/** The severity of a rule and of a finding. */
typedef enum { DP_ERROR = 0, DP_WARNING = 1 } dp_severity;
/** "error" or "warning"; NULL for a value out of range.  Static storage. */
DP_API const char *dp_severity_name(dp_severity s);

/** The language of messages, summaries, titles and notes. */
typedef enum { DP_LANG_ZH = 0, DP_LANG_EN = 1 } dp_lang;

/* ---------------------------------------------------------------------
 * Dates and the working-day calendar
 *
 * A date is a day number: days since 1970-01-01 (negative before).
 * ------------------------------------------------------------------- */

/** Sentinel for "no date". */
#define DP_NO_DATE INT32_MIN

/**
 * Parse a date in any form records.md §8.7 accepts: `YYYY-MM-DD`,
 * `YYYY-M-D`, `YYYY/M/D`, `YYYY.M.D` or `YYYY年M月D日` (month and day of
 * one or two digits), each optionally followed by 'T' or one space and a
 * time `H:MM[:SS[.frac]]` with an optional zone (`Z`, `±HH:MM`, `±HHMM`,
 * `±HH`; checked, then ignored): `2023/04/20 0:00`,
 * `2022-06-16T18:15:47`.  Every reader and dp_event_set() read dates
 * with this parser.
 * @param[in]  text  the text, need not be NUL-terminated
 * @param[in]  len   its length in bytes
 * @param[out] day   the day number
 * @param[out] secs  seconds since midnight, or -1 when no time was given;
 *                   may be NULL
 * @return 0, or DP_EINVAL (nothing written) for text in none of these
 *         forms or an impossible date (2023-02-30, year 0).  A spreadsheet
 *         serial number (45000) is not a date either; dp_check() reports
 *         it as one (a `malformed` finding naming the date it stands for).
 */
DP_API int dp_date_parse(const char *text, size_t len, int32_t *day,
                         int32_t *secs);
/** The day number of a civil date; DP_NO_DATE if the date is impossible. */
DP_API int32_t dp_date_from_ymd(int year, int month, int day);
/** Split a day number into a civil date.  Any pointer may be NULL. */
DP_API void dp_date_to_ymd(int32_t day, int *year, int *month, int *mday);
/** Write `YYYY-MM-DD` into buf (at least 11 bytes).  Returns buf. */
DP_API char *dp_date_format(int32_t day, char *buf);
/** 0 = Monday … 6 = Sunday. */
DP_API int dp_date_weekday(int32_t day);

/* ---------------------------------------------------------------------
 * Engine: procedures, rules and the calendar
 * ------------------------------------------------------------------- */

typedef struct dp_engine dp_engine;
typedef struct dp_rule dp_rule;

/** Flags for dp_engine_new(). */
#define DP_ENGINE_NO_DEFAULT_RULES 0x1u    /**< skip the embedded rules */
#define DP_ENGINE_NO_DEFAULT_CALENDAR 0x2u /**< skip the embedded holidays */

/**
 * Create an engine holding the embedded default procedures
 * (normative_document, major_decision) and the official holiday calendar.
 * @param[out] out  the new engine (caller frees with dp_engine_free)
 * @param[in]  flags  DP_ENGINE_* bits, 0 for the defaults
 * @param[out] err  optional
 * @return 0, or DP_ENOMEM, or the error of a default rule file (a bug).
 */
DP_API int dp_engine_new(dp_engine **out, unsigned flags, dp_error *err);
/** Free an engine.  Accepts NULL.  No check may be running on it. */
DP_API void dp_engine_free(dp_engine *e);

/**
 * Load rule text: new procedures, or overlays that change rules of a
 * loaded procedure.  The text is copied.  On error nothing of this text is
 * kept and `err` names `source`, the line and the column.
 * @param[in] source  a name for messages, e.g. a path; may be NULL
 * @return 0, DP_ESYNTAX, DP_ERULE, DP_EREGEX, DP_ELIMIT or DP_ENOMEM.
 * Not thread-safe: load before sharing the engine.
 */
DP_API int dp_engine_load_string(dp_engine *e, const char *text, size_t len,
                                 const char *source, dp_error *err);
/** Read a rule file and load it as dp_engine_load_string().  DP_EIO if it
 * cannot be read. */
DP_API int dp_engine_load_file(dp_engine *e, const char *path, dp_error *err);

/**
 * Add one calendar year in the holiday-cn JSON shape
 * (`{"year": 2027, "days": [{"date": "2027-01-01", "isOffDay": true}, …]}`).
 * The year becomes covered; its listed days override weekdays/weekends.
 * @return 0, DP_EJSON or DP_ECALENDAR.  Not thread-safe (load first).
 */
DP_API int dp_engine_load_calendar(dp_engine *e, const char *json,
                                   size_t len, const char *source,
                                   dp_error *err);
/** Read a calendar JSON file and load it. */
DP_API int dp_engine_load_calendar_file(dp_engine *e, const char *path,
                                        dp_error *err);

/** 1 if `day` is a working day (工作日), 0 if a rest day. */
DP_API int dp_engine_is_workday(const dp_engine *e, int32_t day);
/** 1 if the calendar has official data for `year`, else 0. */
DP_API int dp_engine_year_covered(const dp_engine *e, int year);
/** Number of working days in [from, to], both included; 0 if to < from. */
DP_API int32_t dp_engine_workdays(const dp_engine *e, int32_t from,
                                  int32_t to);
/** The first working day on or after `day`. */
DP_API int32_t dp_engine_next_workday(const dp_engine *e, int32_t day);

/** Number of procedures loaded. */
DP_API size_t dp_engine_procedure_count(const dp_engine *e);
/** The key of the procedure named `name`: its key, or its Chinese or
 * English title as its rule file declares it (行政规范性文件,
 * "Major Administrative Decision": English in any case), as dp_check()
 * resolves a record's `procedure`.  Borrowed; NULL when none. */
DP_API const char *dp_engine_find_procedure(const dp_engine *e,
                                            const char *name);
/** Name of procedure i (borrowed), NULL if out of range. */
DP_API const char *dp_engine_procedure_name(const dp_engine *e, size_t i);
/** Title of procedure i in `lang`, as its rule file's
 * `procedure NAME "中文名" "English name"` line gives it, e.g.
 * "行政规范性文件" (borrowed).  NULL if out of range. */
DP_API const char *dp_engine_procedure_title(const dp_engine *e, size_t i,
                                             dp_lang lang);

/** Number of rules over all procedures (disabled rules not counted). */
DP_API size_t dp_engine_rule_count(const dp_engine *e);
/** Rule i (borrowed), NULL if out of range. */
DP_API const dp_rule *dp_engine_rule(const dp_engine *e, size_t i);
/** The rule with this id in this procedure (NULL procedure: any). */
DP_API const dp_rule *dp_engine_find_rule(const dp_engine *e,
                                          const char *procedure,
                                          const char *id);

/** Rule id, e.g. "nd.review-before-decision". */
DP_API const char *dp_rule_id(const dp_rule *r);
/** The procedure the rule belongs to. */
DP_API const char *dp_rule_procedure(const dp_rule *r);
/** DP_ERROR or DP_WARNING (an `order` rule with several pairs: DP_ERROR
 * when any pair is an error); dp_severity_name() names it.  DP_ERROR for
 * NULL. */
DP_API dp_severity dp_rule_severity(const dp_rule *r);
/** Every legal basis with its span, e.g. "国办发〔2018〕37号 二（六）（2018-05-16起）",
 * joined with "；" (for listings; a finding cites only the bases in force). */
DP_API const char *dp_rule_basis(const dp_rule *r);
/** 1 if the wording is verified in the official text, 0 if only reported. */
DP_API int dp_rule_verified(const dp_rule *r);
/** The rule kind: "require", "order", "period", "deadline", "veto",
 * "doc-number". */
DP_API const char *dp_rule_kind(const dp_rule *r);
/** The requirement in one line, in `lang` (the other language when the
 * rule has none in it). */
DP_API const char *dp_rule_summary(const dp_rule *r, dp_lang lang);
/** Where the rule was defined: "source:line". */
DP_API const char *dp_rule_origin(const dp_rule *r);
/** The rule's check as written in its rule text (several `order` lines
 * joined with "; "), e.g. "period public_comment at least 30 days". */
DP_API const char *dp_rule_check(const dp_rule *r);
/** Its `when` / `unless` lines as written, joined with "; "; NULL when it
 * always applies. */
DP_API const char *dp_rule_condition(const dp_rule *r);
/** Its `with` and `exempt` lines as written, joined with "; "; NULL when
 * it has none. */
DP_API const char *dp_rule_details(const dp_rule *r);
/** Number of the rule's legal bases (each with the span it is in force). */
DP_API size_t dp_rule_basis_count(const dp_rule *r);
/** Basis i as cited: the law's name and the article (borrowed); NULL if i
 * is out of range. */
DP_API const char *dp_rule_basis_text(const dp_rule *r, size_t i);
/** The first and the last day basis i is in force, as day numbers;
 * DP_NO_DATE when open (in force since ever, or still in force). */
DP_API int32_t dp_rule_basis_from(const dp_rule *r, size_t i);
DP_API int32_t dp_rule_basis_until(const dp_rule *r, size_t i);
/** Basis i's own condition as written ("when issuer is government"), or
 * NULL: cited only when it holds. */
DP_API const char *dp_rule_basis_condition(const dp_rule *r, size_t i);
/** 1 when the text of basis i was verified, else 0. */
DP_API int dp_rule_basis_verified(const dp_rule *r, size_t i);

/* ---------------------------------------------------------------------
 * Records
 *
 * A record is one case: an id, a procedure name, attributes (booleans) and
 * dated events.  Build it field by field or from JSON text (records.md).
 * Problems in the data (a bad date, an attribute that is not a boolean)
 * are kept in the record and reported as `malformed` findings by
 * dp_check(); they are not errors of the building call.
 *
 * Names are another matter.  A record built field by field with an engine
 * (dp_record_new(&r, engine)) accepts only the step and attribute names
 * that engine knows: dp_event_set(…, "step", …), dp_record_add_unknown(),
 * dp_record_set_attribute() and dp_record_set_attribute_string() refuse
 * any other with DP_EINVAL, and their dp_error names it and the nearest
 * known name ("events[2].step: unknown step 'filng'; did you mean
 * 'filing'?"), so a program's typo fails where it is made.  A record read
 * from a file or JSON text, or made with no engine, holds data as it came:
 * an unknown step there is a `malformed` warning of dp_check() and an
 * unknown attribute one naming the nearest known name (records.md §7.5,
 * §8.4), as for every record read from a file.
 * ------------------------------------------------------------------- */

typedef struct dp_record dp_record;

/**
 * A new empty record.
 * @param[out] out  the record (caller frees with dp_record_free), NULL on
 *                  failure
 * @param[in]  e  the engine whose step and attribute names the setters
 *                accept (borrowed: it must stay alive while names are
 *                set); NULL: names are kept as given, as from a file, and
 *                judged by dp_check()
 * @return 0, DP_EINVAL (out NULL), DP_ENOMEM.
 */
DP_API int dp_record_new(dp_record **out, const dp_engine *e);
/** Free a record.  Accepts NULL. */
DP_API void dp_record_free(dp_record *r);

/**
 * Set a record-level string field: "id", "procedure", "title",
 * "authority" or "doc_number".  The value is copied; NULL clears it.
 * @return 0, DP_EINVAL for an unknown field or invalid UTF-8, DP_ENOMEM.
 */
DP_API int dp_record_set(dp_record *r, const char *field, const char *value);
/** The value of a record-level string field (borrowed), NULL if unset. */
DP_API const char *dp_record_get(const dp_record *r, const char *field);
/**
 * Set attribute `name` (e.g. "affects_market") to true or false.
 * @param[out] err  optional: why it failed
 * @return 0, DP_EINVAL (empty name; for a record made with an engine, a
 *         name no procedure of it declares or reads: err names it and the
 *         nearest known one), DP_ENOMEM.
 */
DP_API int dp_record_set_attribute(dp_record *r, const char *name, int value,
                                   dp_error *err);
/** The attribute's value: 1, 0 (false, absent, or not a boolean). */
DP_API int dp_record_attribute(const dp_record *r, const char *name);
/**
 * Set a string attribute (records.md §8.4: `issuer` is "government" or
 * "department", `kind` names the kind of decision).  The value is copied.
 * The name is checked as by dp_record_set_attribute(); whether the
 * record's procedure knows it and the value is judged by dp_check(),
 * which reports what it does not understand as `malformed`.
 * @return 0, DP_EINVAL (empty name, NULL value, invalid UTF-8, an unknown
 *         name as above), DP_ENOMEM.
 */
DP_API int dp_record_set_attribute_string(dp_record *r, const char *name,
                                          const char *value, dp_error *err);
/** A string attribute's value (borrowed), NULL when absent or a boolean. */
DP_API const char *dp_record_attribute_string(const dp_record *r,
                                              const char *name);
/**
 * Add a step that the record's source does not mention either way
 * (records.md §8.5, the record's `unknown` list): a rule requiring it then
 * gives an `incomplete` warning instead of `missing`, and order and
 * deadline checks that need it are skipped.
 * @return 0, DP_EINVAL (empty or invalid UTF-8; for a record made with an
 *         engine, a step it does not declare: err names it and the
 *         nearest declared one), DP_ENOMEM.
 */
DP_API int dp_record_add_unknown(dp_record *r, const char *step,
                                 dp_error *err);

/** Append an event; returns its 0-based index, or a negative DP_E*. */
DP_API int dp_record_add_event(dp_record *r);
/** Number of events. */
DP_API size_t dp_record_event_count(const dp_record *r);

/**
 * Set a string field of event `i`: "step", "label", "date", "start",
 * "end", "result", "by", "meeting", "channel" or "reason".  Dates are
 * parsed here (dp_date_parse); a date that does not parse is kept as text
 * and reported as a `malformed` finding by dp_check() (for a spreadsheet
 * serial number, 45000, one that names the date it stands for).  NULL
 * clears the field.  A "step" of a record made with an engine must be a
 * step that engine declares (see above; a `label` is free text).
 * @param[out] err  optional: why it failed
 * @return 0, DP_EINVAL (unknown field, bad index, invalid UTF-8, an
 *         unknown step), DP_ENOMEM.
 */
DP_API int dp_event_set(dp_record *r, size_t i, const char *field,
                        const char *value, dp_error *err);
/** Set a boolean field of event `i`: "signed" or "feedback_published". */
DP_API int dp_event_set_bool(dp_record *r, size_t i, const char *field,
                             int value);
/** A string field of event `i` as given (borrowed), NULL if unset. */
DP_API const char *dp_event_get(const dp_record *r, size_t i,
                                const char *field);

/** Flags for dp_record_from_json(). */
#define DP_JSON_NONE 0u

/**
 * Build a record from one JSON object (records.md §1–2).  Unknown fields
 * are ignored.  Data problems inside a well-formed object (a bad date, an
 * event that is not an object, a field of the wrong type) stay in the
 * record as `malformed` findings.  A record without `procedure` (absent or
 * null) is read like a CSV case without a procedure column: dp_check()
 * takes the procedure from its options, else reports `invalid_record`.
 * @param[out] out  the new record (caller frees), NULL on failure
 * @param[in]  text  the JSON text (need not be NUL-terminated)
 * @param[out] err   optional: for DP_EJSON the line/column of the syntax
 *                   error; for DP_ERECORD what is wrong (not an object, no
 *                   string `id`, a `procedure` that is not a string)
 * @return 0, DP_EINVAL, DP_EJSON (not JSON), DP_ERECORD, DP_ELIMIT or
 * DP_ENOMEM; on each of them *out is NULL.  A batch that reports an
 * unreadable record like any other (as `invalid_record`) takes it from
 * dp_record_from_text() or a reader, which return one.
 */
DP_API int dp_record_from_json(dp_record **out, const char *text, size_t len,
                               unsigned flags, dp_error *err);

/* ---------------------------------------------------------------------
 * Reading files of records
 *
 * A reader yields the records of one input in order: a JSON file (one
 * object or an array of objects, streamed element by element), JSON Lines
 * (one object a line, blank lines skipped) or a CSV event log
 * (records.md §5: rows grouped by case_id, events ordered by date, time,
 * then file order).  JSON input is streamed: memory stays flat however
 * many records a file holds.  A CSV log is read whole before its first
 * case is returned, because rows of a case may be anywhere in the file.
 *
 * A record that cannot be read (a line that is not JSON, an element that
 * is not an object, a record without id) is still returned: as a record
 * that dp_check() reports as `invalid_record`, whose message names the
 * source and line.  Only I/O errors, a byte that cannot be decoded and a
 * CSV header without a case id or date column end a reader early.
 *
 * Encodings (records.md §8.8).  Input is decoded to UTF-8 as it is read:
 * the records a reader returns hold UTF-8 whatever the file held.  Unless
 * the caller names the encoding (dp_reader_open_ex), it is guessed at the
 * first byte that is not ASCII: a UTF-8 BOM, or text that is UTF-8, is
 * UTF-8; text that is not UTF-8 but GB18030 (which covers GBK and GB2312,
 * what Chinese Excel and WPS save as CSV) is converted from GB18030, and
 * dp_reader_note() then says so once for the input.  A byte the encoding
 * cannot decode ends the input there: the reader returns the records
 * wholly before it (a CSV log, read whole first, returns none), then
 * DP_EENCODING with the line and byte column of that byte.  That is one
 * error for the input, never a finding per field.  A UTF-8 BOM is
 * skipped.
 * ------------------------------------------------------------------- */

typedef struct dp_reader dp_reader;

typedef enum {
  DP_FORMAT_AUTO = 0, /**< by file name (.json, .jsonl/.ndjson, .csv), else
                           by content (first non-space byte) */
  DP_FORMAT_JSON,
  DP_FORMAT_JSONL,
  DP_FORMAT_CSV,
  DP_FORMAT_LEDGER /**< a ledger (台账): CSV with one row a record and a
                        column for each step's date (doc/ledger.md).  AUTO
                        reads a CSV file as one when its header has no
                        step, activity or label column but has a column
                        the ledger map knows as a step's date */
} dp_format;

/**
 * Open a reader over a file; "-" reads standard input.
 * @param[out] out  the reader (caller frees with dp_reader_free)
 * @return 0, DP_EIO (with the path and reason in err), DP_ENOMEM.
 */
DP_API int dp_reader_open(dp_reader **out, const char *path, dp_format fmt,
                          dp_error *err);
/**
 * Open a reader over text in memory (copied).  `name` is used in
 * messages (NULL: "<string>").  DP_FORMAT_AUTO decides by content.
 */
DP_API int dp_reader_open_string(dp_reader **out, const char *text,
                                 size_t len, const char *name, dp_format fmt,
                                 dp_error *err);
/**
 * dp_reader_open() reading the input in a named encoding.
 * @param[in] encoding  NULL, "" or "auto": guess (as dp_reader_open);
 *                      "UTF-8" (or "utf8"): UTF-8 only, no guess;
 *                      "GB18030", "GBK", "GB2312", "CP936" or "EUC-CN":
 *                      GB18030, which covers the others.  Case does not
 *                      matter.  A named encoding gives no note.
 * @return as dp_reader_open(), or DP_EINVAL (err says why) for a name not
 *         above or when the C library cannot convert from GB18030.
 */
DP_API int dp_reader_open_ex(dp_reader **out, const char *path,
                             dp_format fmt, const char *encoding,
                             dp_error *err);
/** dp_reader_open_string() reading the text in a named encoding, as
 * dp_reader_open_ex(). */
DP_API int dp_reader_open_string_ex(dp_reader **out, const char *text,
                                    size_t len, const char *name,
                                    dp_format fmt, const char *encoding,
                                    dp_error *err);
/**
 * A cell of a table read by dp_reader_open_table(): the UTF-8 text of row
 * `row` (0-based, the header not counted), column `col` (0-based), and its
 * length in *len.  NULL (or a length of 0) is an empty cell.  The text
 * must stay valid until the next call of the function; the reader copies
 * it at once.
 */
typedef const char *(*dp_table_cell)(void *data, size_t row, size_t col,
                                      size_t *len);
/**
 * Open a reader over a table of strings held by the caller (a DataFrame's
 * columns, a database result): an event log read exactly as a CSV one
 * (records.md §5), the header naming the columns by the same names and
 * Chinese aliases, each row an event, the rows grouped by case id, but
 * with no CSV text to write and parse again.
 *
 * The header is copied.  The cells are not: the reader asks for them with
 * `cell` while dp_reader_next() or dp_reader_next_piece() runs (a first
 * call asks for the case id column of every row, then each call for the
 * rows of one case), so the table and `data` must outlive the reader, and
 * `cell` is called from the thread that calls them (never from
 * dp_piece_record(): a piece holds copies of its cells).  A message names row `row` as the
 * line `row + 2` of `name` (the header being line 1), as it would the
 * same table written as CSV with one line a row.
 * @param[out] out     the reader (caller frees with dp_reader_free)
 * @param[in]  name    for messages (NULL: "<table>")
 * @param[in]  header  ncols column names, UTF-8
 * @return 0, DP_EINVAL (no out, no cell, header NULL with ncols),
 *         DP_ENOMEM.  A header without a case id or date column is
 *         reported by the first dp_reader_next() (DP_ERECORD), as for CSV.
 */
DP_API int dp_reader_open_table(dp_reader **out, const char *name,
                                size_t ncols, const char *const *header,
                                size_t nrows, dp_table_cell cell, void *data,
                                dp_error *err);
/**
 * The next record.
 * @param[out] rec  a record the caller owns and frees, on return 1
 * @return 1 with a record, 0 at the end, or a negative DP_E* (err filled;
 *         the reader is then at its end): DP_EIO for an I/O error,
 *         DP_EENCODING for a byte that cannot be decoded (its line and
 *         column), DP_ERECORD for a CSV log whose header has no case id
 *         column or no date column (the columns it has), DP_EJSON for a
 *         JSON array that is not closed, DP_ENOMEM.
 */
DP_API int dp_reader_next(dp_reader *rd, dp_record **rec, dp_error *err);
/** 1-based line where the record last returned begins (CSV: its first
 * row). */
DP_API long dp_reader_line(const dp_reader *rd);
/** The format being read (after AUTO is resolved).  A CSV that its header
 * shows to be a ledger says DP_FORMAT_CSV until the first dp_reader_next()
 * and DP_FORMAT_LEDGER from then on. */
DP_API dp_format dp_reader_format(const dp_reader *rd);
/** Number of records returned so far that dp_check() will report as
 * invalid_record (unreadable). */
DP_API size_t dp_reader_unreadable(const dp_reader *rd);
/**
 * The encoding the reader decodes: "UTF-8" or "GB18030" (static
 * storage).  A guess is made at the first byte that is not ASCII, so until
 * then (and for input that is all ASCII) it is "UTF-8".  NULL: NULL.
 */
DP_API const char *dp_reader_encoding(const dp_reader *rd);
/**
 * The note to show once for this input when its encoding was guessed to
 * be other than UTF-8, e.g. "data.csv: not UTF-8; read as GB18030
 * (GBK/GB2312)", and, for a ledger, a line for each column the map does
 * not know ("ledger.csv: unknown column K '备按日期' (did you mean
 * '备案日期'?); not read"); lines joined with '\n'.  NULL when there is
 * nothing to say (UTF-8, a named encoding, or no guess made yet).  Ask when the reader is done (the
 * guess may come late in the input); a program writes it to standard
 * error, as dueproc-validate does.
 * @param[in] lang  the language of the note
 * @return a borrowed string, valid until the reader is freed.
 */
DP_API const char *dp_reader_note(const dp_reader *rd, dp_lang lang);
/** Free a reader (closes its file).  Accepts NULL. */
DP_API void dp_reader_free(dp_reader *rd);

/* ---------------------------------------------------------------------
 * Ledgers (台账): one row a record (doc/ledger.md)
 *
 * A ledger map says what the columns of a ledger mean: which hold the
 * record's id, title, authority, doc number and procedure, which hold a
 * step's date, period, meeting or result, which an attribute.  It is text
 * in a small line format (doc/ledger.md); the default, lib/ledger.map, is
 * compiled in, and the names of the steps and attributes the rules
 * declare (steps.rules and every procedure's titles) are names of their
 * columns too: 备案 + 日期 is the filing's date.
 *
 * A blank cell says nothing (records.md §8.5): its step is "not recorded",
 * and so is every step the ledger has no column for; a cell saying the
 * step did not happen (无, 未开展, —, …: the map's `none` words) makes it
 * missing.  A cell that cannot be read (a date that is none, a boolean
 * that is neither) gives a `malformed` finding naming the file, the line
 * and the column; a column the map does not know is named, with the
 * nearest known name, in dp_reader_note() and, where one of its cells
 * holds something, in a finding of that record.
 * ------------------------------------------------------------------- */

typedef struct dp_ledger_map dp_ledger_map;

/**
 * A new ledger map: the default one, with the names of the steps and
 * attributes that `e` knows (NULL: the embedded default rules).  The map
 * copies what it needs of `e`, which may then change or be freed.
 * @param[out] out  the map (caller frees with dp_ledger_map_free)
 * @return 0, DP_ENOMEM, or the error of the default map (a bug).
 */
DP_API int dp_ledger_map_new(dp_ledger_map **out, const dp_engine *e,
                             dp_error *err);
/**
 * Add the statements of a mapping text to the map; a later statement for
 * a name overrides an earlier one.  On error nothing of the text is kept
 * and `err` names `source` (NULL: "<string>"), the line and the column.
 * @return 0, DP_ESYNTAX (an unknown statement, step, field, attribute or
 *         part), DP_ENOMEM.
 */
DP_API int dp_ledger_map_load_string(dp_ledger_map *m, const char *text,
                                     size_t len, const char *source,
                                     dp_error *err);
/** Read a mapping file and add it as dp_ledger_map_load_string().  DP_EIO
 * when it cannot be read. */
DP_API int dp_ledger_map_load_file(dp_ledger_map *m, const char *path,
                                   dp_error *err);
/** Free a map.  Accepts NULL.  No reader may still use it. */
DP_API void dp_ledger_map_free(dp_ledger_map *m);
/**
 * Read a ledger with this map instead of the default (which a reader
 * otherwise makes itself, from the default rules): before the first
 * dp_reader_next().  The map is borrowed and must outlive the reader.
 * Also decides whether an AUTO reader of CSV takes it for a ledger.
 * @return 0, DP_EINVAL (NULL reader, or reading has begun).
 */
DP_API int dp_reader_set_ledger_map(dp_reader *rd, const dp_ledger_map *m);

/*
 * Reading in two steps, so that records are made on other threads: one
 * thread takes the input of each record from the reader in turn
 * (dp_reader_next_piece), and any thread makes the record of a piece
 * (dp_piece_record).  A piece is what the reader cut for one record: the
 * text of a JSON value, the rows of one case of a CSV log (its bytes), or
 * one case's cells of a table (copied; the table's `cell` function runs
 * in dp_reader_next_piece only), or a record the reader made itself (a
 * ledger's row, an unreadable record).  The two together give exactly the
 * records dp_reader_next() gives, with the same messages, and are how
 * dp_reader_next() itself reads.  Every format.
 */
typedef struct dp_piece dp_piece;
/**
 * The next piece.  Calls on one reader are not thread-safe (as
 * dp_reader_next, with which they may be mixed).
 * @param[in,out] out  NULL for a new piece, or a piece to use again (of
 *                  any reader; its record made or no longer wanted),
 *                  whose memory is kept: a loop that takes into the same
 *                  few pieces allocates almost nothing.  On 1 the piece,
 *                  which the caller frees with dp_piece_free(); at the
 *                  end or on an error the piece passed in is freed and
 *                  *out is NULL.  A piece keeps what it needs of its
 *                  reader: it may outlive it.
 * @return 1 with a piece, 0 at the end, a negative DP_E* exactly where
 *         dp_reader_next() would fail (err filled), DP_EINVAL.
 */
DP_API int dp_reader_next_piece(dp_reader *rd, dp_piece **out, dp_error *err);
/**
 * The record of a piece, as dp_reader_next() returns it: readable, or
 * unreadable (dp_record_readable) with a message naming "source:line:".
 * Thread-safe for different pieces, while their reader goes on reading.
 * A record the reader made itself is counted by dp_reader_unreadable()
 * when it is unreadable; one made here is not (the caller counts it).
 * Once per piece.
 * @param[out] rec  the record (caller frees), NULL on failure
 * @return 0, DP_EINVAL (NULL, or a piece already made), DP_ENOMEM, DP_EIO
 *         (a CSV file changed between the two passes; err filled).
 */
DP_API int dp_piece_record(dp_piece *p, dp_record **rec, dp_error *err);
/** 1-based line where the piece's record begins (as dp_reader_line()). */
DP_API long dp_piece_line(const dp_piece *p);
/** Free a piece.  Accepts NULL. */
DP_API void dp_piece_free(dp_piece *p);
/**
 * The record dp_reader_next() returns for `text` found at `line` of
 * `source` (the reader's name: the path, "<stdin>"; NULL: "<string>"): a
 * readable record, or an unreadable one whose message names
 * "source:line:".  Thread-safe; not counted by dp_reader_unreadable().
 * @param[out] out  the record (caller frees), NULL on failure
 * @return 0 (readable or not: see dp_record_readable), DP_EINVAL,
 *         DP_ENOMEM.
 */
DP_API int dp_record_from_text(dp_record **out, const char *text, size_t len,
                               const char *source, long line);
/** 0 when dp_check() will report the record as `invalid_record` because it
 * could not be read (from a reader, dp_record_from_text or
 * dp_record_from_json), else 1.  NULL: 0. */
DP_API int dp_record_readable(const dp_record *r);

/* ---------------------------------------------------------------------
 * Checking and reports
 * ------------------------------------------------------------------- */

typedef struct dp_report dp_report;
typedef struct dp_finding dp_finding;

/** Finding codes (records.md §6). */
typedef enum {
  DP_MISSING = 0,
  DP_OUT_OF_ORDER,
  DP_TOO_SHORT,
  DP_TOO_LONG,
  DP_OVERDUE,
  DP_AFTER_REJECTION,
  DP_INCOMPLETE,
  DP_MALFORMED,
  DP_INVALID_RECORD,
  DP_CODE__COUNT
} dp_code;

/** The contract name of a code ("missing", "out_of_order", …). */
DP_API const char *dp_code_name(dp_code c);
/** The code with this contract name, or -1. */
DP_API int dp_code_from_name(const char *name);

/** dp_check_options.flags: the record is in progress as of `as_of`. */
#define DP_CHECK_IN_PROGRESS 0x1u
/** dp_check_options.flags: judge what depends on the day of the check (a
 * normative document's validity that ran out) as of `as_of`, not today;
 * the record is not treated as unfinished. */
#define DP_CHECK_AS_OF 0x2u

/**
 * Options of a check.  Zero-initialise, then set what you need.
 *  - procedure: check against this procedure whatever the record says
 *    (NULL: the record's own `procedure`);
 *  - flags: DP_CHECK_IN_PROGRESS to check a record that is not finished,
 *    as of the day `as_of`: events starting after that day have not
 *    happened yet, a required step is reported missing only once a step
 *    that must follow it has happened, and a deadline that passed with
 *    its step not taken is `overdue` (see the gate below);
 *  - as_of: the day number, read only with DP_CHECK_IN_PROGRESS.
 */
typedef struct dp_check_options {
  const char *procedure;
  unsigned flags;
  int32_t as_of;
} dp_check_options;

/**
 * Check a record.  Never fails on bad data: a record that cannot be
 * checked (no id, unknown procedure) gives a report with one
 * `invalid_record` finding.
 * @param[in]  opts  may be NULL (finished record, its own procedure)
 * @param[out] out   the report (caller frees with dp_report_free)
 * @return 0, DP_EINVAL (NULL argument) or DP_ENOMEM.
 * Thread-safe on a shared engine.
 */
DP_API int dp_check(const dp_engine *e, const dp_record *r,
                    const dp_check_options *opts, dp_report **out);

/** Free a report.  Accepts NULL. */
DP_API void dp_report_free(dp_report *rep);
/**
 * Compare a report with the findings its record says it should have (test
 * cases for rule files, doc/rules.md): the record's "expect" member, a list
 * of [code, step] or [code, step, rule] (step null for none), and
 * "expect_mode": "exact" (the default: these findings and no other) or
 * "at_least".  Each expected item takes one finding.  Records read from
 * JSON only.
 * @param[out] diff  optional: when they disagree, a text naming what was
 *                   expected but not found and what was found but not
 *                   expected (caller frees with dp_free)
 * @return 1 they agree, 0 they do not, DP_ENOTFOUND the record has no
 *         "expect", DP_EINVAL a malformed "expect", DP_ENOMEM.
 */
DP_API int dp_report_expected(const dp_report *rep, const dp_record *r,
                              char **diff);
/** The record's id (borrowed), NULL if it had none. */
DP_API const char *dp_report_id(const dp_report *rep);
/** The procedure checked (borrowed), NULL if unknown. */
DP_API const char *dp_report_procedure(const dp_report *rep);
/** 1 when no finding has severity error. */
DP_API int dp_report_ok(const dp_report *rep);
/** The record's decision date (procedures.md §0: its first collective
 * decision, else its first publication, else its latest dated event) as
 * a day number: the day the law in force was judged by.  DP_NO_DATE when
 * the record dates no event or could not be checked. */
DP_API int32_t dp_report_decided(const dp_report *rep);
/** Number of findings. */
DP_API size_t dp_report_count(const dp_report *rep);
/** Finding i (borrowed, valid until the report is freed). */
DP_API const dp_finding *dp_report_finding(const dp_report *rep, size_t i);

DP_API dp_code dp_finding_code(const dp_finding *f);
DP_API dp_severity dp_finding_severity(const dp_finding *f);
/** The step the finding is about (canonical name), NULL if none. */
DP_API const char *dp_finding_step(const dp_finding *f);
/** The other step (the one that must come first, the failed review, the
 * step a deadline runs from), NULL if none. */
DP_API const char *dp_finding_other(const dp_finding *f);
/** 0-based index of the event concerned, -1 if none. */
DP_API int dp_finding_event(const dp_finding *f);
/** The rule id, e.g. "nd.comment-market-30d". */
DP_API const char *dp_finding_rule(const dp_finding *f);
/**
 * The message in the language asked for.  A check keeps what its
 * findings' messages say, not their words: the first call in a language
 * words the messages of every finding of the report in it, once (the
 * writers do the same).  The string is valid until the report is freed.
 * @return the message, or NULL when wording it ran out of memory.
 */
DP_API const char *dp_finding_message(const dp_finding *f, dp_lang lang);
/** The legal basis of the rule. */
DP_API const char *dp_finding_basis(const dp_finding *f);
/** 1 if the rule's basis is verified in the official text, 0 if reported. */
DP_API int dp_finding_verified(const dp_finding *f);

/**
 * The report as one line of JSON (records.md §6), without a newline, its
 * messages in `lang`:
 * {"id":…,"procedure":…,"ok":…,"findings":[{"code":…,"severity":…,
 * "step":…,"other":…,"event":…,"rule":…,"message":…,"basis":…,
 * "verified":…}]}.  Absent step/other/event are left out.
 * @param[out] len  the length, may be NULL
 * @return a NUL-terminated string the caller frees with dp_free(), or
 *         NULL on out of memory.
 */
DP_API char *dp_report_to_json(const dp_report *rep, dp_lang lang,
                               size_t *len);

/**
 * The same line written into the caller's buffer, as snprintf(): at most
 * @p size bytes including a terminating NUL.  Nothing is allocated when
 * the buffer holds the worst case (about six bytes a byte of text), so a
 * caller writing many reports can keep one buffer.
 * @return the length of the whole line (NUL not counted): when it is >=
 *         @p size the line was cut, and a buffer of return value + 1
 *         bytes holds it.  SIZE_MAX on out of memory (buf then holds "").
 *         @p buf may be NULL when @p size is 0, to ask for the length.
 */
DP_API size_t dp_report_write_json(const dp_report *rep, dp_lang lang,
                                   char *buf, size_t size);

/** Free memory the library returned (dp_report_to_json and friends). */
DP_API void dp_free(void *p);

/* ---------------------------------------------------------------------
 * Writing reports: text, JSON, CSV; a tally of many records; HTML
 *
 * One writer for every program: dueproc-validate and the Python binding
 * print through it, so the same report reads the same everywhere
 * (doc/report.md).  Output goes to a sink, a function the writer calls
 * with each piece in order: dp_sink_file writes to a FILE *, or pass your
 * own (a buffer, a socket).  The writer builds a record's output in memory
 * and calls the sink once a record (the HTML page: a few times a record).
 *
 * Per record (dp_write_report): the readable text block, the records.md
 * §6 JSON line, or CSV rows (one a finding; a compliant record gets one
 * row with an empty code).  Over many records (dp_tally): the summary in
 * text, JSON or CSV, and the HTML report.
 * ------------------------------------------------------------------- */

/** Output formats. */
typedef enum {
  DP_WRITE_TEXT = 0, /**< a readable block a record */
  DP_WRITE_JSON,     /**< one JSON object a line */
  DP_WRITE_CSV,      /**< RFC 4180 rows with a header line */
  DP_WRITE_HTML      /**< one self-contained page (dp_tally_write only) */
} dp_write_format;

/** dp_write_options.flags: ANSI colours in text output. */
#define DP_WRITE_COLOR 0x1u
/** dp_write_options.flags: text output leaves out records without an
 * error finding. */
#define DP_WRITE_QUIET 0x2u
/** dp_write_options.flags: CSV output starts with a UTF-8 byte order mark
 * (written by dp_write_header and by dp_tally_write), so that Excel on
 * Chinese Windows opens it as UTF-8 rather than GBK. */
#define DP_WRITE_BOM 0x4u

/**
 * A sink: called with each piece of output, in order.
 * @return 0 to go on; anything else stops the writer, which returns DP_EIO.
 */
typedef int (*dp_sink)(void *arg, const char *data, size_t len);

/** A ready sink: `arg` is a FILE * (stdio's), written with fwrite.  Returns
 * nonzero when fwrite wrote less. */
DP_API int dp_sink_file(void *arg, const char *data, size_t len);

/**
 * How to write.  Zero-initialise, then set what you need: the zero value
 * is text in Chinese, no flags, and a NULL sink (which writes nothing).
 */
typedef struct dp_write_options {
  dp_write_format format;
  dp_lang lang;    /**< messages and labels */
  unsigned flags;  /**< DP_WRITE_* */
  dp_sink sink;
  void *sink_arg;  /**< passed to sink */
} dp_write_options;

/**
 * What the writers and the tally know of a record besides its report:
 * where it was read and its informational fields.  The strings are
 * borrowed for the call (the tally copies them).
 */
typedef struct dp_record_info {
  const char *file;        /**< the input it came from; NULL: none (the
                                text block then leaves out "(file:line)"
                                when line is 0 too) */
  long line;               /**< its 1-based line there, 0: unknown */
  const char *title;       /**< may be NULL */
  const char *authority;   /**< the issuing authority (制定机关); may be NULL */
  const char *valid_until; /**< a normative document's validity, as given */
} dp_record_info;

/** Fill `info` from a record: title, authority and valid_until borrowed
 * from it (valid while it lives), file NULL and line 0. */
DP_API void dp_record_info_of(const dp_record *r, dp_record_info *info);

/**
 * What goes before the first record: the CSV header line (after a BOM
 * with DP_WRITE_BOM); nothing for text and JSON.
 * @return 0, DP_EIO (the sink stopped), DP_EINVAL (o NULL).
 */
DP_API int dp_write_header(const dp_write_options *o);

/**
 * Write one checked record in o->format (text, JSON or CSV).
 * @param[in] info  may be NULL (no file, line or title)
 * @return 0, DP_EIO (the sink stopped), DP_ENOMEM, DP_EINVAL (NULL report
 *         or options, or DP_WRITE_HTML, which takes a tally).
 * Thread-safe: any number of threads may write reports at once, each its
 * own (writing words the report's messages in o->lang).
 */
DP_API int dp_write_report(const dp_report *rep, const dp_record_info *info,
                           const dp_write_options *o);

/**
 * A tally of checked records: counts by rule, by authority, by year of
 * decision and by procedure, the validity of normative documents, and
 * each record that has findings, with them (for the HTML report).  It
 * borrows its engine (which must outlive it) for the rules' descriptions
 * and bases, and copies what it keeps of each report.
 */
typedef struct dp_tally dp_tally;

/** dp_tally_new() flag: keep each record, and the findings of those not
 * compliant, for the HTML page (about 1 KB a non-compliant record).
 * Without it a tally keeps counts only: its memory goes with the number of
 * authorities, years, procedures and rules, not of records. */
#define DP_TALLY_RECORDS 0x1u

/**
 * A new empty tally.
 * @param[in] as_of  the day validity is counted as of (documents expiring
 *                   within 6 months of it, or past their date): the day a
 *                   check judged by (DP_CHECK_AS_OF) or today
 * @param[in] flags  DP_TALLY_RECORDS, or 0
 * @return 0, DP_EINVAL, DP_ENOMEM.
 */
DP_API int dp_tally_new(dp_tally **out, const dp_engine *e, int32_t as_of,
                        unsigned flags);
/** Free a tally.  Accepts NULL. */
DP_API void dp_tally_free(dp_tally *t);
/**
 * Count one checked record.
 * @param[in] info  may be NULL
 * @return 0, DP_EINVAL, DP_ENOMEM.  Not thread-safe: one thread adds.
 */
DP_API int dp_tally_add(dp_tally *t, const dp_report *rep,
                        const dp_record_info *info);
/** Say how many inputs the records came from, how many could not be read
 * and how many held no record; the summary then says it too. */
DP_API void dp_tally_set_inputs(dp_tally *t, size_t inputs, size_t failed,
                                size_t empty);
/** Records counted so far; with errors (not compliant); unreadable
 * (invalid_record). */
DP_API size_t dp_tally_records(const dp_tally *t);
DP_API size_t dp_tally_errors(const dp_tally *t);
DP_API size_t dp_tally_unreadable(const dp_tally *t);

/**
 * Write what the tally holds: with DP_WRITE_TEXT, JSON or CSV the summary
 * (records, compliant, rate and findings, by authority, by year, by
 * procedure; findings by rule with the rule's description; the validity
 * of normative documents when any record dates it or any finding is of a
 * `validity expired` rule); with DP_WRITE_HTML the report as one
 * self-contained HTML page (doc/report.md), from a tally made with
 * DP_TALLY_RECORDS.
 * @return 0, DP_EIO (the sink stopped), DP_ENOMEM, DP_EINVAL (HTML from
 *         a tally without its records).
 */
DP_API int dp_tally_write(const dp_tally *t, const dp_write_options *o);

/* ---------------------------------------------------------------------
 * The gate: a record in progress, as of a day
 *
 * A drafting system asks, before each step, whether it may take it and
 * what is due.  The gate evaluates the same rules as dp_check() against a
 * record that is not finished: events after the "as of" day have not
 * happened yet, and a required step that nothing has needed so far is not
 * reported missing before its time.
 *
 *   dp_gate *g;
 *   if (dp_gate_new(&g, engine, record, as_of, NULL, &err) != 0) … err;
 *   for each step i: dp_gate_step_name(g, i), dp_gate_step_state(g, i),
 *                    its reasons when blocked;
 *   for each due item k: dp_gate_due(g, k) → step, kind, date, message;
 *   int may;
 *   if (dp_gate_may(g, "collective_decision", day, &may, &why, &err) != 0)
 *     … an error: no answer (may is 0);
 *   else if (may) … yes;  else … no, and why says why;
 *   dp_gate_report(g) → the violations so far;
 *   dp_gate_free(g);
 *
 * A gate borrows its engine (which must outlive it) and copies what it
 * needs of the record.  Thread-safe like dp_check(); a gate, once made,
 * is only read (its reports are worded in both languages when it is
 * made), so any number of threads may read one gate's states, reports
 * and due items at once.
 * ------------------------------------------------------------------- */

typedef struct dp_gate dp_gate;
typedef struct dp_due dp_due;

typedef enum {
  DP_GATE_DONE = 0,   /**< the step has happened (an event on or before as_of) */
  DP_GATE_OPEN,       /**< it may be taken now */
  DP_GATE_BLOCKED,    /**< it may not be taken now: see its reasons */
  DP_GATE_RUNNING     /**< it has started and ends after as_of */
} dp_gate_state;

typedef enum {
  DP_DUE_BY = 0,      /**< the step must happen on or before the date */
  DP_DUE_NOT_BEFORE,  /**< the (running) step may end no earlier than the date */
  DP_DUE_NOT_AFTER    /**< the (running) step should end no later than the date */
} dp_due_kind;

/**
 * Evaluate an in-progress record as of a day.
 * @param[out] out  the gate (caller frees with dp_gate_free), NULL on
 *                  failure
 * @param[in]  as_of  the day number "today"
 * @param[in]  procedure  NULL: the record's own; its key or title
 * @param[out] err  optional: why it failed, with the record's id as the
 *                  source, e.g. "unknown procedure 'normative_documnet';
 *                  did you mean 'normative_document'?"
 * @return 0, DP_EINVAL (a NULL argument, as_of DP_NO_DATE),
 *         DP_EPROCEDURE (no procedure, or one the engine does not know:
 *         the gate cannot say anything; err names it and the nearest
 *         known key), DP_ERECORD (a record that could not be read, see
 *         dp_record_readable), DP_ENOMEM.
 */
DP_API int dp_gate_new(dp_gate **out, const dp_engine *e, const dp_record *r,
                       int32_t as_of, const char *procedure, dp_error *err);
/** Free a gate.  Accepts NULL. */
DP_API void dp_gate_free(dp_gate *g);
/** The violations so far: dp_check() as of the gate's day (borrowed). */
DP_API const dp_report *dp_gate_report(const dp_gate *g);

/** Number of steps the procedure's rules speak of, in procedure order. */
DP_API size_t dp_gate_step_count(const dp_gate *g);
/** Name of step i (borrowed). */
DP_API const char *dp_gate_step_name(const dp_gate *g, size_t i);
/** State of step i as of the gate's day. */
DP_API dp_gate_state dp_gate_step_state(const dp_gate *g, size_t i);
/** 1 if a rule that applies to this record requires step i. */
DP_API int dp_gate_step_required(const dp_gate *g, size_t i);
/** Why step i is blocked: findings (code out_of_order or after_rejection,
 * `step` the blocked step, `other` the one it waits for, rule, message,
 * basis).  NULL when not blocked.  Borrowed. */
DP_API const dp_report *dp_gate_step_reasons(const dp_gate *g, size_t i);

/** Number of due items (deadlines and period bounds). */
DP_API size_t dp_gate_due_count(const dp_gate *g);
/** Due item k (borrowed). */
DP_API const dp_due *dp_gate_due(const dp_gate *g, size_t k);
DP_API const char *dp_due_step(const dp_due *d);
DP_API dp_due_kind dp_due_kind_of(const dp_due *d);
/** The date, a day number. */
DP_API int32_t dp_due_date(const dp_due *d);
DP_API const char *dp_due_rule(const dp_due *d);
DP_API const char *dp_due_message(const dp_due *d, dp_lang lang);
DP_API const char *dp_due_basis(const dp_due *d);
/** 1 if the date has passed as of the gate's day (DP_DUE_BY only). */
DP_API int dp_due_overdue(const dp_due *d);

/**
 * May `step` be taken on `day`?  Evaluated against the events of the
 * gate's record that happened on or before `day`.
 *
 * The answer is never the return value, so that an error cannot be read
 * as "yes": the return value says whether there is an answer, `*may`
 * what it is.
 * @param[out] may  1 yes, 0 no; 0 whenever the call fails
 * @param[out] why  optional: a report of the reasons it may not (caller
 *                  frees with dp_report_free); an empty report when it
 *                  may; NULL when the call fails
 * @param[out] err  optional: why the call failed, e.g. "unknown step
 *                  'filng'; did you mean 'filing'?"
 * @return 0 (then read *may), DP_EINVAL (a NULL argument, day
 *         DP_NO_DATE, a step no rule file declares), DP_ENOMEM.
 */
DP_API int dp_gate_may(const dp_gate *g, const char *step, int32_t day,
                       int *may, dp_report **why, dp_error *err);

#ifdef __cplusplus
}
#endif
#endif /* DUEPROC_H */

/*
 * dp-private.h - what the files of libdueproc share.  Not installed.
 *
 * Internal functions shared across files take the dp__ prefix.
 */
#ifndef DP_PRIVATE_H
#define DP_PRIVATE_H

#include "dueproc.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "messages.h"

/* ---------------------------------------------------------------------
 * Limits (doc/robustness.md)
 * ------------------------------------------------------------------- */
#define DP__MAX_RECORD_BYTES (64u * 1024u * 1024u) /* one JSON record */
#define DP__MAX_EVENTS 100000u                     /* events per record */
#define DP__MAX_STRING (16u * 1024u * 1024u)       /* one string field */
#define DP__MAX_JSON_DEPTH 64                      /* nesting of a record */
#define DP__MAX_RULE_BYTES (4u * 1024u * 1024u)    /* one rule text */
#define DP__MAX_RULES 4096u                        /* rules in an engine */
#define DP__MAX_STEPS 256u                         /* step names */
#define DP__PCRE_MATCH_LIMIT 100000u
#define DP__PCRE_DEPTH_LIMIT 1000u
#define DP__MAX_LABEL_BYTES 4096u /* labels longer than this are cut */

/* ---------------------------------------------------------------------
 * UTF-8 (utf8.c): the one check, strict (no overlong forms, no
 * surrogates, nothing above U+10FFFF)
 * ------------------------------------------------------------------- */
/* 1 if s[0..n) is valid UTF-8 (NULL is, when n is 0). */
int dp__utf8_valid(const char *s, size_t n);
/* Length of the longest valid UTF-8 prefix of s[0..n): where the first
 * byte that is not UTF-8 (or a sequence cut short at n) begins. */
size_t dp__utf8_prefix(const char *s, size_t n);
/* The same by the scalar loop alone, which every machine takes for text
 * that is not valid (the tests hold the AVX2 check to it). */
size_t dp__utf8_prefix_plain(const char *s, size_t n);
/* Length of the valid sequence at s[0..n), or 0 if there is none. */
size_t dp__utf8_seq(const unsigned char *s, size_t n);
/* 1 when p[0..n) (1 to 3 bytes) is the start of a valid sequence that
 * needs more bytes: what the end of a read may cut. */
int dp__utf8_cut(const unsigned char *p, size_t n);

/* ---------------------------------------------------------------------
 * Small helpers (util.c)
 * ------------------------------------------------------------------- */
void *dp__malloc(size_t n);
void *dp__calloc(size_t n, size_t size);
void *dp__realloc(void *p, size_t n);
char *dp__strdup(const char *s);
char *dp__strndup(const char *s, size_t n);
/* Grow an array to hold at least `need` items of `size`; 0 or DP_ENOMEM. */
int dp__grow(void **arr, size_t *cap, size_t need, size_t size);

/* What a thread keeps between checks: one pointer a slot, owned by the
 * file that uses it and freed by the `destroy` it passes when the thread
 * ends.  engine.c keeps its label and value memories and a pcre2 match
 * data;
 * record.c and report.c keep a freed record and report whose arrays the
 * next one takes over, so that a thread checking record after record
 * allocates nothing of its own in the steady state.  Returns the slot (NULL inside it when empty), or
 * NULL when it cannot be made (then nothing is kept). */
enum {
  DP__SLOT_LABELS, DP__SLOT_RECORD, DP__SLOT_REPORT,
  DP__SLOT_MATCH, /* engine.c: a pcre2 match data for every match */
  DP__SLOT_VALUES, /* engine.c: what a detail's pattern said of a value */
  DP__SLOTS
};
void **dp__thread_slot(int which, void (*destroy)(void *));
/* The one hash of the library's tables (step names, CSV case ids, what a
 * thread remembers of labels): s[0..n) mixed with seed, eight bytes a
 * multiply; use the low bits. */
uint64_t dp__hash(const void *s, size_t n, uint64_t seed);

/* "Did you mean": the known name nearest to `name` by edit distance
 * (transpositions count one), within a limit: DP__NEAR_NAME a third of
 * its length but at least 2 edits (steps, attributes, procedures),
 * DP__NEAR_ID a third plus one (rule ids).  Offer every candidate with
 * dp__nearest_try; best is the nearest, the first of equals, or NULL. */
size_t dp__edit_distance(const char *a, const char *b);
enum { DP__NEAR_NAME, DP__NEAR_ID };
typedef struct dp__nearest {
  const char *name, *best;
  size_t dist, lim;
} dp__nearest;
void dp__nearest_init(dp__nearest *nr, const char *name, int policy);
void dp__nearest_try(dp__nearest *nr, const char *cand);

/* Fill an error once (keeps the first). */
void dp__error_set(dp_error *err, int code, const char *source, int line,
                   int column, long offset, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;

/* The text of errno value errnum, as strerror gives it but thread-safe
 * (strerror_r): in buf (size bytes) or in static storage. */
#define DP__ERRTEXT_LEN 128
const char *dp__strerror(int errnum, char *buf, size_t size);
/* dp__strerror into a buffer that lives as long as the enclosing block. */
#define DP__ERRNO_TEXT(errnum) \
  dp__strerror((errnum), (char[DP__ERRTEXT_LEN]){0}, DP__ERRTEXT_LEN)

/* strcmp(a, b) == 0 for the short names of the record format, inline:
 * a call to strcmp costs more than comparing "step". */
static inline int dp__streq(const char *a, const char *b) {
  while (*b && *a == *b) {
    a++;
    b++;
  }
  return *a == *b;
}

/* A growable string buffer. */
typedef struct dp__buf {
  char *s;
  size_t len, cap;
  int oom; /* set once an allocation failed; later appends do nothing */
} dp__buf;
void dp__buf_add(dp__buf *b, const char *s, size_t n);
void dp__buf_adds(dp__buf *b, const char *s);
void dp__buf_addf(dp__buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void dp__buf_addc(dp__buf *b, char c);
/* Append s as a JSON string literal (quotes included). */
void dp__buf_add_json_string(dp__buf *b, const char *s);
void dp__buf_free(dp__buf *b);
/* Read the file at path whole into b (NUL-terminated; cleared first): 0,
 * or DP_EIO / DP_ENOMEM with err naming the path (b then empty).  Reading
 * stops once more than max bytes are in: b->len > max says the file is
 * over the caller's limit. */
int dp__file_read(const char *path, size_t max, dp__buf *b, dp_error *err);
/* Write s[0..n) as a JSON string at o (room for 6 * n + 2 bytes); returns
 * the end.  Same output as dp__buf_add_json_string. */
char *dp__json_put(char *o, const char *s, size_t n);
/* The same for s known to be valid UTF-8: faster on Chinese text. */
char *dp__json_put_valid(char *o, const char *s, size_t n);
/* The length dp__json_put writes for s[0..n), quotes included. */
size_t dp__json_len(const char *s, size_t n);

/* ---------------------------------------------------------------------
 * Calendar (calendar.c)
 *
 * Exceptions to the weekday rule, sorted by day: an official rest day
 * that falls on a weekday (off = 1) or an adjusted working day that falls
 * on a weekend (off = 0).  Entries that agree with the weekday rule are
 * dropped.  Prefix counts make a range count two binary searches.
 * ------------------------------------------------------------------- */
#define DP__CAL_MIN_YEAR 1
#define DP__CAL_MAX_YEAR 9999

typedef struct dp__calendar {
  int32_t *day;       /* sorted, unique */
  uint8_t *off;       /* 1: rest day on a weekday; 0: workday on a weekend */
  int32_t *pre_off;   /* pre_off[i]: entries with off=1 among day[0..i) */
  int32_t *pre_work;  /* pre_work[i]: entries with off=0 among day[0..i) */
  size_t n, cap;
  uint8_t covered[(DP__CAL_MAX_YEAR + 8) / 8]; /* bit per year */
  /* Working days counted day by day over the years the exceptions span
   * (dp__calendar_index): cum[k] working days in [dense_from,
   * dense_from + k), so a range inside costs two loads. */
  int32_t *cum;
  int32_t dense_from, dense_days; /* dense_days 0: no table */
} dp__calendar;

void dp__calendar_init(dp__calendar *c);
void dp__calendar_free(dp__calendar *c);
/* Load one holiday-cn JSON year (see dp_engine_load_calendar). */
int dp__calendar_load(dp__calendar *c, const char *json, size_t len,
                      const char *source, dp_error *err);
/* (Re)build the dense table after loading; 0 or DP_ENOMEM (the calendar
 * still answers, by binary search, without it). */
int dp__calendar_index(dp__calendar *c);
int dp__calendar_is_workday(const dp__calendar *c, int32_t day);
int32_t dp__calendar_workdays(const dp__calendar *c, int32_t from,
                              int32_t to);
int32_t dp__calendar_next_workday(const dp__calendar *c, int32_t day);
/* The n-th working day on or after day (n >= 1). */
int32_t dp__calendar_nth_workday(const dp__calendar *c, int32_t day,
                                 int32_t n);
int dp__calendar_covered(const dp__calendar *c, int year);
/* First year in [from, to] (day numbers) that the calendar does not cover,
 * or 0 if all are covered. */
int dp__calendar_uncovered_year(const dp__calendar *c, int32_t from,
                                int32_t to);

/* ---------------------------------------------------------------------
 * Records (record.c, read_json.c)
 * ------------------------------------------------------------------- */

/* String fields of an event, in contract order. */
typedef enum {
  DP__EF_STEP = 0,
  DP__EF_LABEL,
  DP__EF_DATE,
  DP__EF_START,
  DP__EF_END,
  DP__EF_RESULT,
  DP__EF_BY,
  DP__EF_MEETING,
  DP__EF_CHANNEL,
  DP__EF_REASON,
  DP__EF_MATERIALS_SENT, /* dates kept as text, read by `notice` checks */
  DP__EF_ANNOUNCED,
  DP__EF_REQUESTED,
  DP__EF_COUNT
} dp__efield;

/* Boolean fields of an event. */
typedef enum { DP__EB_SIGNED = 0, DP__EB_FEEDBACK, DP__EB_COUNT } dp__ebool;

/* The three dates of an event: DP__EF_DATE + k for k in 0..2. */
#define DP__DATE_SLOT(f) ((int)(f)-DP__EF_DATE)

typedef enum { DP__D_ABSENT = 0, DP__D_OK, DP__D_BAD } dp__dstate;

typedef struct dp__event {
  char *f[DP__EF_COUNT];   /* as given, NULL if absent; borrowed from the
                              record's JSON tree unless its bit in own is
                              set */
  uint16_t own;            /* bit f: f[f] is the record's to free */
  int8_t b[DP__EB_COUNT];  /* -1 absent, 0, 1 */
  int32_t day[3];          /* date, start, end: day number */
  int32_t secs[3];         /* seconds since midnight, -1 if none */
  uint8_t dstate[3];       /* dp__dstate */
  int32_t line;            /* source line (CSV row), 0 if unknown */
  uint8_t ignore;          /* not an event at all (a non-object in JSON):
                              reported through an issue, skipped by rules */
} dp__event;

typedef struct dp__attr {
  char *name;   /* borrowed from the JSON tree unless own */
  int8_t value; /* 0 or 1 */
  int8_t own;   /* bit 0: name is the record's to free; bit 1: str is */
  const char *str; /* a string value (issuer, kind), else NULL; borrowed
                      unless bit 1 of own */
  int8_t type;     /* DP__AT_BOOL, DP__AT_STRING or DP__AT_OTHER (a value
                      of another JSON type, counted as false) */
} dp__attr;

enum { DP__AT_BOOL = 0, DP__AT_STRING, DP__AT_OTHER };

/* A problem in the data found while building the record; dp_check turns
 * each into a finding. */
typedef struct dp__issue {
  dp_code code;
  dp_severity sev;
  int event;        /* -1 if about the record */
  char *field;      /* the field named, e.g. "events[2].date" or NULL */
  char *msg[2];     /* zh, en */
  const char *rule; /* the finding's rule id (static), NULL: by field */
} dp__issue;

/* Record-level string fields. */
typedef enum {
  DP__RF_ID = 0,
  DP__RF_PROCEDURE,
  DP__RF_TITLE,
  DP__RF_AUTHORITY,
  DP__RF_DOC_NUMBER,
  DP__RF_EFFECTIVE_DATE, /* a regulation's 施行 date (stands for `effective`) */
  DP__RF_VALID_UNTIL,    /* a normative document's 有效期 */
  DP__RF_COUNT
} dp__rfield;

/* An arena (arena.c): the blocks of a record's parse tree (dp-json.h). */
typedef struct dp__chunk dp__chunk;

/* Blocks handed out from chunks; a zeroed dp__arena is empty and valid. */
typedef struct dp__arena {
  char *cur, *end;  /* free space of the current chunk */
  dp__chunk *chunks; /* current first; the others after it */
} dp__arena;

/* size bytes from a (aligned as malloc aligns), or NULL. */
void *dp__arena_alloc(dp__arena *a, size_t size);
/* Give an empty arena a first chunk of about size bytes (1 KiB to 64
 * KiB); nothing when it has one.  0, or -1 when out of memory. */
int dp__arena_reserve(dp__arena *a, size_t size);
/* Forget everything allocated from a; keep one chunk of a common size for
 * the next use, free the others. */
void dp__arena_reset(dp__arena *a);
/* Free every chunk; a is empty afterwards. */
void dp__arena_free(dp__arena *a);
/* Bytes held by a's chunks (tests, doc/embedding.md). */
size_t dp__arena_size(const dp__arena *a);

/* A record read from JSON keeps the parsed tree (json) and points into
 * its strings rather than copying them: a record costs the parse and a
 * few arrays, not an allocation a field.  Strings set through the API
 * are the record's own copies (the own bits). */
struct dp_record {
  /* the engine whose step and attribute names the setters accept
   * (dp_record_new); NULL: a record of data (readers, dp_record_new with
   * no engine), whose unknown names dp_check() reports */
  const dp_engine *engine;
  char *f[DP__RF_COUNT]; /* borrowed unless bit f of own is set */
  uint8_t own;
  void *json;            /* the cJSON tree the borrowed strings live in */
  dp__arena arena;       /* ... and its blocks (bundled cJSON: dp-json.h) */
  dp__attr *attrs;
  size_t nattrs, capattrs;
  dp__event *ev;
  size_t nev, capev;
  dp__issue *issues;
  size_t nissues, capissues;
  char *source;  /* file it came from, for messages; or NULL (in srcbuf,
                    dp__record_set_source) */
  char *srcbuf;  /* kept with the arrays when the record is reused */
  size_t srccap;
  long line;     /* line where a JSON record began, 0 if unknown (CSV rows
                    carry their own lines in their events) */
  /* set when the record itself cannot be checked (dp_record_from_json):
   * the invalid_record message, zh and en */
  char *invalid[2];
  /* steps the record's source does not mention either way (records.md
   * §8.5 `unknown`): the record's own copies */
  char **unknown;
  size_t nunknown, capunknown;
  /* a freed record kept for its thread's next: the one kept before it,
   * and how many are kept with it (record.c) */
  struct dp_record *spare_next;
  unsigned nspare;
  const void *maker; /* dp__thread_me() of the thread that made it */
};

extern const char *const dp__efield_names[DP__EF_COUNT];
extern const char *const dp__ebool_names[DP__EB_COUNT];
extern const char *const dp__rfield_names[DP__RF_COUNT];

int dp__efield_lookup(const char *name);  /* -1 if unknown */
int dp__ebool_lookup(const char *name);   /* -1 if unknown */

/* The one lookup of the record format's names (record.c): an event's
 * string field (dp__efield), DP__EF_COUNT + a boolean one (dp__ebool),
 * DP__NAME_RECORD + a field of the record (dp__rfield), one of the root's
 * containers, or -1.  The lookups below narrow it to one kind. */
enum {
  DP__NAME_RECORD = DP__EF_COUNT + DP__EB_COUNT,
  DP__NAME_ATTRIBUTES = DP__NAME_RECORD + DP__RF_COUNT,
  DP__NAME_EVENTS,
  DP__NAME_UNKNOWN
};
int dp__name_lookup(const char *name);
/* Any field of an event: 0..DP__EF_COUNT-1 a string field (dp__efield),
 * DP__EF_COUNT + b a boolean one (dp__ebool), -1 unknown. */
int dp__field_lookup(const char *name);
/* A field of the record (dp__rfield), -1 unknown. */
int dp__rfield_lookup(const char *name);

/* Record a data problem (formats both messages). */
int dp__record_issue(dp_record *r, dp_code code, dp_severity sev, int event,
                     const char *field, const char *zh, const char *en);
/* The same with the rule id the finding is to carry (static storage),
 * e.g. "record.date" for a date a reader could not read. */
int dp__record_issue_rule(dp_record *r, const char *rule, dp_code code,
                          dp_severity sev, int event, const char *field,
                          const char *zh, const char *en);
/* Set an event string field from n bytes (dates parsed), the record's own
 * copy: DP_EINVAL for text that is not UTF-8 or over the limit. */
int dp__event_setn(dp_record *r, size_t i, dp__efield f, const char *v,
                   size_t n);
/* The same for readers, which set a field once: the copy is in the
 * record's arena, freed with the record. */
int dp__event_copy(dp_record *r, size_t i, dp__efield f, const char *v,
                   size_t n);
/* The same for text already known to be valid UTF-8 within the limit. */
int dp__event_copy_valid(dp_record *r, size_t i, dp__efield f,
                         const char *v, size_t n);
/* Date slot k of an event (0 date, 1 start, 2 end) from v (NUL-terminated,
 * or NULL for none): day, time and state (date.c), by the one date parser
 * dp_date_parse uses. */
void dp__event_date(dp__event *ev, int k, const char *v);
/* 1 when text[0..len) is a spreadsheet serial date (five digits, maybe a
 * fraction: 45000, 45000.5), with the day it stands for in *day (may be
 * NULL); else 0 (date.c, records.md §8.7).  Such a text is a bad date;
 * this says what the finding about it is to name. */
int dp__date_serial(const char *text, size_t len, int32_t *day);
/* Point event field f at v (NUL-terminated), valid UTF-8 within the
 * limit, that lives as long as the record (in r->json): no copy. */
void dp__event_borrow(dp_record *r, size_t i, dp__efield f, const char *v);
/* Point record field f at v, which lives as long as the record. */
void dp__record_borrow(dp_record *r, dp__rfield f, const char *v);
/* Set record field f to a copy of v[0, n) in the record's arena (what a
 * reader sets once, freed with the record); valid: v is known to be
 * UTF-8.  0, DP_EINVAL (not UTF-8, or too long: as dp_record_set),
 * DP_ENOMEM. */
int dp__record_copy(dp_record *r, dp__rfield f, const char *v, size_t n,
                    int valid);
/* A new record of data: no engine, names not checked (the readers'). */
dp_record *dp__record_new(void);
/* A new event: NULL fields, absent booleans and dates (record.c). */
extern const dp__event dp__event_blank;
/* dp_record_from_json, except that on DP_ERECORD and DP_ELIMIT *out holds
 * the record that stands for the unreadable one (with its id when a
 * string id could be read, and the reason), which the readers report. */
int dp__record_from_json(dp_record **out, const char *text, size_t len,
                         dp_error *err);
/* Set an attribute whose name lives as long as the record. */
int dp__record_attr_borrow(dp_record *r, const char *name, int value);
/* The same for a value that is not a boolean: a string (str, living as
 * long as the record) or, with str NULL, a value of another type. */
int dp__record_attr_borrow_other(dp_record *r, const char *name,
                                 const char *str);
/* Set the record's source (a copy); 0 or DP_ENOMEM. */
int dp__record_set_source(dp_record *r, const char *source);
/* Mark the record as not checkable (keeps the first reason). */
int dp__record_invalid(dp_record *r, const char *zh, const char *en);

/* ---------------------------------------------------------------------
 * Rules (rules_parse.c builds them, engine.c evaluates them)
 * ------------------------------------------------------------------- */

typedef enum {
  DP__K_REQUIRE = 0, /* step happens [before/after X] [with detail] */
  DP__K_ORDER,       /* A before B: precedence, or `each` A: response */
  DP__K_PERIOD,      /* a step's length within min/max */
  DP__K_DEADLINE,    /* B within N (work)days after A */
  DP__K_VETO,        /* no B after an A whose result is in a set */
  DP__K_DOCNUM,      /* doc_number present / in form */
  DP__K_NOTICE,      /* a date field of an event at least N before it */
  DP__K_DECLARE,     /* a Declare template with its LTLf meaning */
  DP__K_WAIT,        /* B at least N after A (a regulation's 施行) */
  DP__K_VALIDITY,    /* a document's valid_until: stated, length, expiry */
  DP__K_COUNT
} dp__kind;

typedef enum { DP__U_DAYS = 0, DP__U_WORKDAYS } dp__unit;
typedef enum { DP__REL_NONE = 0, DP__REL_BEFORE, DP__REL_AFTER } dp__rel;
typedef enum {
  DP__W_NONE = 0,
  DP__W_TRUE,    /* boolean field is true */
  DP__W_PRESENT, /* string field present and not empty */
  DP__W_MATCHES  /* string field matches a pattern */
} dp__with;

#define DP__MAX_YEAR_GROUPS 8
typedef struct dp__regex {
  pcre2_code *code;
  char *src;
  int jit;         /* JIT-compiled: matched through pcre2_jit_match */
  uint32_t groups; /* capture groups */
  /* the groups named "year" ((?J) allows several), in pcre2's order: a
   * match's year is the first of them that took part */
  uint16_t years[DP__MAX_YEAR_GROUPS];
  int nyears;
} dp__regex;

/* A condition on the record: a tiny tree.  ATTR: a boolean attribute is
 * true; IS: a string attribute has a value (`issuer is government`);
 * HAPPENED: a step happened (`happened hearing`). */
typedef enum {
  DP__X_ATTR,
  DP__X_NOT,
  DP__X_AND,
  DP__X_OR,
  DP__X_IS,
  DP__X_HAPPENED
} dp__xop;
typedef struct dp__expr {
  dp__xop op;
  char *attr;
  char *value; /* IS: the value */
  int step;    /* HAPPENED: the step id */
  int slot; /* attr's index in dp_engine.attrs + 1 (dp__engine_index_attrs);
               0: not indexed, looked up by name */
  struct dp__expr *a, *b;
} dp__expr;

/* A legal basis of a rule: the citation as shown, the span in which it is
 * in force (day numbers, DP_NO_DATE for open), whether its text was
 * verified, and an optional condition (组法 binds governments only). */
typedef struct dp__basis {
  char *text;
  char *law; /* the document's name without the article (messages) */
  int32_t from, until;
  int verified;
  dp__expr *when;
  char *when_src; /* its `when …` as written, or NULL */
} dp__basis;

/* A law named in `law` statements: bases cite it by its short name and
 * take its span. */
typedef struct dp__law {
  char *key, *name;
  int32_t from, until;
  int verified;
} dp__law;

/* Result words (records.md §8.1): a class and the words that mean it. */
typedef enum {
  DP__R_NONE = 0, /* no result given */
  DP__R_PASS,
  DP__R_FAIL,
  DP__R_REVISE,
  DP__R_CONTROLLABLE,
  DP__R_UNCONTROLLABLE,
  DP__R_CONTINUED, /* a clean-up's decision: the document stays in force */
  DP__R_REPEALED,  /* a clean-up's decision: repealed or declared void */
  DP__R_UNKNOWN,   /* a value no word matches */
  DP__R_COUNT
} dp__rclass;
typedef struct dp__rword {
  char *word; /* folded: trimmed, ASCII lowercased */
  dp__rclass cls;
  size_t len; /* of word (set by dp__plan_build) */
} dp__rword;

/* An attribute a procedure's records may carry (`attribute` statements):
 * boolean, or a string with its known values. */
typedef struct dp__attrdef {
  char *name;
  char *title[2];
  int string;    /* 1: a string attribute */
  char **values; /* string: the known values */
  size_t nvalues;
} dp__attrdef;

/* A detail every instance of a required step must have: one `with` line,
 * applying when its condition holds (the first that holds decides). */
typedef struct dp__withc {
  dp__with with;
  int field;        /* dp__efield or DP__EF_COUNT + dp__ebool */
  dp__regex re;
  char *expect[2];  /* what qualifies, in words ({expected}) */
  dp__expr *when;
} dp__withc;


/* One `order` clause: A before B.  Plain: every B has an A ending before it
 * starts (precedence).  `each`: every A ends before some B starts
 * (response).  sev < 0: the rule's severity. */
typedef struct dp__pair {
  int a, b;
  int each;
  int sev;
} dp__pair;

/* Fields a rule may set; an overlay changes only those it names. */
enum {
  DP__SET_KIND = 1u << 0,
  DP__SET_SEVERITY = 1u << 1,
  DP__SET_BASIS = 1u << 2,
  DP__SET_VERIFIED = 1u << 3,
  DP__SET_WHEN = 1u << 4,
  DP__SET_EXEMPT = 1u << 5,
  DP__SET_WITH = 1u << 6,
  DP__SET_REL = 1u << 7,
  DP__SET_BASIS_ADD = 1u << 8,
  DP__SET_NUMBER = 1u << 9 /* `set RULE N unit`: the number only */
};

/* Declare templates (doc/rules.md gives each one's LTLf formula). */
#define DP__DECLARE_LIST(X)                                                 \
  X(EXISTENCE, "existence", 1)                                              \
  X(ABSENCE, "absence", 1)                                                  \
  X(EXACTLY, "exactly", 1)                                                  \
  X(INIT, "init", 1)                                                        \
  X(PRECEDENCE, "precedence", 2)                                            \
  X(RESPONSE, "response", 2)                                                \
  X(SUCCESSION, "succession", 2)                                            \
  X(RESPONDED_EXISTENCE, "responded_existence", 2)                          \
  X(COEXISTENCE, "coexistence", 2)                                          \
  X(NOT_COEXISTENCE, "not_coexistence", 2)                                  \
  X(NOT_SUCCESSION, "not_succession", 2)                                    \
  X(CHAIN_RESPONSE, "chain_response", 2)
typedef enum {
#define DP__DECL_ENUM(id, name, nsteps) DP__T_##id,
  DP__DECLARE_LIST(DP__DECL_ENUM)
#undef DP__DECL_ENUM
  DP__T_COUNT
} dp__declare;

/* A rule's check may name several steps where one of them is enough
 * (`require assessment or expert_review`): at most this many. */
#define DP__MAX_ANY 8

struct dp_rule {
  char *id;
  struct dp__procedure *proc;
  dp__kind kind;
  dp_severity sev;
  int verified;
  /* kind parameters */
  int step_a, step_b; /* step ids; -1 if unused (see dp__kind) */
  int any[DP__MAX_ANY]; /* require: step_a or any of these (nany) */
  int nany;
  int until_b;        /* period: measured from the start to the day before
                         the first step_b after it (the time given) */
  int cure;           /* veto: a step that cures the failure, -1 none */
  int notice_field;   /* notice: the event's date field (dp__efield) */
  dp__declare tmpl;   /* declare: the template (step_a, step_b, n) */
  int validity;       /* validity: 0 stated, 1 length, 2 expired */
  int32_t years, years_provisional; /* validity length */
  int32_t months;     /* validity expired: the clean-up window */
  dp__rel rel;        /* require: before/after step_b */
  dp__pair *pairs;    /* order: one or more pairs */
  size_t npairs;
  int have_min, have_max;
  int32_t min, max, n; /* period min/max, deadline n */
  dp__unit unit;
  unsigned veto;      /* veto: failing result classes, bit per dp__rclass */
  int docnum_form;    /* doc-number: 0 required, 1 form */
  dp__regex form;     /* doc-number form pattern */
  /* details required of every instance (require) */
  dp__withc *withs;
  size_t nwiths;
  /* when it applies */
  dp__expr *when;
  char *exempt_attr;  /* exempt when this attribute holds and … */
  int exempt_field;   /* … the event has this field; -1 if none */
  /* text */
  char *msg[2];                    /* override for every code */
  char *msgc[2][DP_CODE__COUNT];   /* override for one code */
  char *summary[2];
  int summary_made; /* bit l: summary[l] was made from the check (no
                       summary line, or the check changed and it did not) */
  dp__basis *bases;
  size_t nbases;
  char *basis; /* every basis joined with its span (dp_rule_basis), made at
                  each load of rules */
  char *quote;
  char *check_src; /* the check line(s) as written, for listings */
  char *cond_src;  /* the when/unless lines as written, or NULL */
  char *detail_src; /* the with and exempt lines as written, or NULL */
  char *origin; /* "source:line" */
  int disabled;
  int plan_ix; /* its place among the procedure's enabled rules in the
                  plan, -1 when disabled (set by dp__plan_build) */
};

typedef struct dp__label {
  int step;
  dp__regex re;
} dp__label;

/* A label pattern that supplies a field: `field meeting /re/` (the first
 * capture group, or the whole match) or `field result fail /re/`. */
typedef struct dp__labelfield {
  int field; /* dp__efield */
  char *value; /* fixed value, or NULL to take the match */
  dp__regex re;
} dp__labelfield;

/* A procedure's own name for a step (713号 says 合法性审查 where 37号 says
 * 合法性审核). */
typedef struct dp__steptitle {
  int step;
  char *title[2];
} dp__steptitle;

typedef struct dp__procedure {
  char *name;
  char *title[2];
  dp__attrdef *attrdefs;
  size_t nattrdefs, capattrdefs;
  dp__steptitle *titles;
  size_t ntitles, captitles;
  dp__label *labels;
  size_t nlabels, caplabels;
  dp__labelfield *lfields;
  size_t nlfields, caplfields;
  dp_rule **rules;
  size_t nrules, caprules;
  struct dp__plan *plan; /* what checking needs, made at every load of
                            rules (lib/plan.c); NULL when out of memory */
} dp__procedure;

typedef struct dp__step {
  char *name;
  char *title[2];
  size_t len; /* of name; set by dp__step_index */
} dp__step;

/* Open addressing over step names: step index + 1, 0 for an empty slot;
 * twice DP__MAX_STEPS slots, so it never fills. */
#define DP__STEP_HASH (2 * DP__MAX_STEPS)

struct dp_engine {
  uint64_t gen; /* changes with every load of rules (dp__engine_gen):
                   what a thread remembers of labels is for one gen */
  dp__step *steps;
  size_t nsteps, capsteps;
  uint16_t step_hash[DP__STEP_HASH];
  /* the attribute names the rules' conditions use, each once: a check
   * reads the record's attributes into a table of these once, and every
   * condition is then a load (DP__ATTR_SLOTS of them at most) */
  char **attrs;
  size_t nattrs, capattrs;
  dp__procedure **procs;
  size_t nprocs, capprocs;
  dp__law *laws;
  size_t nlaws, caplaws;
  dp__rword *rwords; /* result words (records.md §8.1) */
  size_t nrwords, caprwords;
  dp__regex negation; /* a label's text before a failing word that denies
                         it (未发现…, 无…): records.md §8.2 */
  dp__attrdef *attrdefs; /* attributes every procedure knows */
  size_t nattrdefs, capattrdefs;
  char *result_words[2]; /* every result word, for messages (zh, en) */
  dp_rule **rules; /* all rules in load order (for listing) */
  size_t nrules, caprules;
  dp__calendar cal;
  pcre2_match_context *mctx; /* match and depth limits, shared read-only */
  /* steps the engine itself names (the decision date, doc numbers,
   * waiting for `effective`), -1 when not declared; by dp__plan_build */
  int step_publication, step_decision, step_effective;
};

int dp__step_lookup(const dp_engine *e, const char *name); /* -1 unknown */

/* Give every attribute in the rules' conditions its slot (after a load;
 * a name that cannot be entered keeps slot 0 and is looked up by name). */
#define DP__ATTR_SLOTS 64
void dp__engine_index_attrs(dp_engine *e);
/* What a load of rules changes: attribute slots, the bases'
 * listing, the result words' listing. */
void dp__engine_after_load(dp_engine *e);

/* ---------------------------------------------------------------------
 * The plan (lib/plan.c): each procedure compiled, at every load of rules,
 * into what checking a record needs, so that a check neither walks rules
 * that cannot apply nor works out again what the rules alone decide.
 * ------------------------------------------------------------------- */
typedef struct dp__plan {
  dp_rule **rules;  /* the enabled rules, in order (dp_rule.plan_ix) */
  size_t nrules;
  /* The days on which some basis of the procedure comes into force or
   * goes out of it, ascending: a decision date falls in one of ncuts + 1
   * spans, on each of which the same bases are law. */
  int32_t *cuts;
  size_t ncuts;
  /* inforce[span * nwords + woff[j] ..]: bit k set when basis k of rule j
   * is law on that span (its `when`, if any, still to be asked) */
  uint64_t *inforce;
  size_t *woff, nwords;
  unsigned char *law; /* [span]: some enabled rule has law then, or one
                         has no bases */
  /* ask[span * nrules + j]: what decides whether rule j applies on that
   * span (dp__ask); run[span * nrules ..]: the rules that may apply on
   * it, nrun[span] of them, in order */
  unsigned char *ask;
  dp_rule **run;
  size_t *nrun;
  const dp__basis *first; /* the dated basis in force first (a message
                             when no law is) */
  int reads_issuer; /* some condition asks `issuer is …` */
} dp__plan;

typedef enum {
  DP__ASK_NEVER, /* none of its bases is law then */
  DP__ASK_WHEN,  /* a basis is law whatever the record: its `when` only */
  DP__ASK_BASES  /* also whether a basis in force holds for the record */
} dp__ask;

/* (Re)build the plan of every procedure; a procedure whose plan cannot
 * be made (out of memory) is left without, and its checks fail with
 * DP_ENOMEM. */
void dp__plan_build(dp_engine *e);
void dp__plan_free(dp__plan *p);
/* Some rule of the procedure (enabled or not) reads attribute name: in
 * a condition, a detail's or a basis's condition, or an exemption. */
int dp__proc_reads(const dp__procedure *pr, const char *name);
/* The span of a decision date in plan p. */
size_t dp__plan_span(const dp__plan *p, int32_t decided);
/* The class of a result word (records.md §8.1), DP__R_NONE for none. */
dp__rclass dp__result_class(const dp_engine *e, const char *result);

/* A number never handed out before (for dp_engine.gen). */
uint64_t dp__engine_gen(void);
/* Enter step i (already in e->steps) in e->step_hash. */
void dp__step_index(dp_engine *e, size_t i);
int dp__step_lookupn(const dp_engine *e, const char *name, size_t n);
dp__procedure *dp__proc_lookup(const dp_engine *e, const char *name);
/* The declared step, or the procedure key, nearest to name (for "did you
 * mean"), or NULL. */
const char *dp__step_nearest(const dp_engine *e, const char *name);
/* 1 when some procedure of e knows attribute `name` (declares it, or a
 * rule reads it); the nearest one that does, for "did you mean". */
int dp__attr_known(const dp_engine *e, const char *name);
const char *dp__attr_nearest(const dp_engine *e, const char *name);
const char *dp__proc_nearest(const dp_engine *e, const char *name);
/* Fill err for a step name the engine does not know: "unknown step
 * 'filng'; did you mean 'filing'?" (source: what named it).  DP_EINVAL. */
int dp__unknown_step(const dp_engine *e, const char *name, const char *source,
                     dp_error *err);
void dp__rule_free(dp_rule *r);
void dp__procedure_free(dp__procedure *p);
void dp__regex_free(dp__regex *re);
void dp__expr_free(dp__expr *x);
void dp__withs_free(dp__withc *w, size_t n);
void dp__bases_free(dp__basis *b, size_t n);
void dp__attrdefs_free(dp__attrdef *a, size_t n);
void dp__laws_free(dp__law *l, size_t n);
void dp__rwords_free(dp__rword *w, size_t n);
/* A result word trimmed and ASCII-lowercased (a new block, or NULL). */
char *dp__fold_result(const char *s);
/* s without the spaces around it (ASCII and U+3000): its start, *n its
 * length.  What dp__fold_result folds. */
const char *dp__trim_result(const char *s, size_t *n);
/* The Declare template named so, or -1; and a template's name. */
int dp__declare_lookup(const char *word);
const char *dp__declare_name(dp__declare t);
/* "pass" → DP__R_PASS …; -1 if none. */
int dp__rclass_from_name(const char *name);
const char *dp__rclass_name(dp__rclass c);

/* Rule text parser: loads text into the engine, all or nothing. */
int dp__rules_load(dp_engine *e, const char *text, size_t len,
                   const char *source, dp_error *err);

/* Embedded data, generated by build-aux/gen-embed.sh. */
typedef struct dp__embedded {
  const char *name;
  const char *text;
  size_t len;
} dp__embedded;
extern const dp__embedded dp__default_rules[];
extern const size_t dp__default_rules_count;
extern const dp__embedded dp__default_calendar[];
extern const size_t dp__default_calendar_count;
extern const dp__embedded dp__default_ledger[]; /* lib/ledger.map */
extern const size_t dp__default_ledger_count;

/* ---------------------------------------------------------------------
 * Readers (reader.c: buffering, JSON, JSON Lines; decode.c: encodings;
 * read_csv.c: CSV)
 * ------------------------------------------------------------------- */
typedef struct dp__csv dp__csv;
typedef struct dp__ledger dp__ledger;

/* The table of dp_reader_open_table(): read as a CSV event log, its cells
 * asked for instead of parsed from text (read_csv.c). */
typedef struct dp__table {
  dp_table_cell cell;
  void *data;
  size_t nrows, ncols;
  char **header; /* ncols copies */
} dp__table;

/* The encoding a reader decodes (records.md §8.8). */
enum {
  DP__ENC_GUESS = 0, /* not decided: every byte so far was ASCII */
  DP__ENC_UTF8,
  DP__ENC_GB18030
};

struct dp_reader {
  FILE *fp;      /* NULL when reading from memory */
  int own_fp;
  char *name;    /* for messages */
  dp_format fmt;
  char *buf;     /* decoded (UTF-8) bytes [pos, len) not yet consumed;
                    then `tail` bytes read but not decoded yet */
  size_t pos, len, cap;
  int eof;       /* no more bytes to read into buf */
  long line;     /* 1-based line of buf[pos] */
  long rec_line; /* line where the last record began */
  size_t unreadable;
  int started;   /* JSON: BOM skipped */
  int in_array;  /* JSON: inside a top-level array */
  int done;
  struct dp_piece *piece; /* dp_reader_next's piece, its buffers reused */
  struct dp__shape *shape; /* what pieces keep of the reader (read_csv.c) */
  uint64_t off0; /* offset in the decoded input of buf[0] */
  FILE *spool;   /* when set, every byte decoded is copied there (CSV) */
  dp__csv *csv;  /* CSV: the index of the cases (read_csv.c) */
  /* decoding (decode.c) */
  int enc;       /* DP__ENC_* */
  int enc_given; /* the caller named the encoding: no guess, no note */
  size_t tail;   /* bytes after buf[len] read but not decoded: a UTF-8
                    sequence cut by the end of a read, or the text the
                    guess waits to see more of */
  char *raw;     /* GB18030: bytes read, not converted yet */
  size_t rawlen, rawcap;
  void *cd;      /* GB18030: the iconv_t, (void *)-1 when none */
  uint64_t in_off;   /* bytes of the input decoded so far */
  long in_line;      /* 1-based line of the input at in_off */
  uint64_t in_lstart; /* offset in the input where that line begins */
  int dec_rc;    /* DP_EENCODING once a byte could not be decoded: the
                    reader ends there, when the bytes before it are used */
  dp_error dec_err;  /* ... and where and why */
  char *note[2];     /* zh, en: the encoding was guessed (GB18030) */
  int spool_on_convert; /* CSV over a regular file read again by offset:
                           a conversion starts a spool of the decoded
                           text, the file's offsets being no longer its */
  int auto_fmt;  /* opened as DP_FORMAT_AUTO: a CSV may turn out a ledger */
  const dp_ledger_map *lmap; /* dp_reader_set_ledger_map's, borrowed */
  dp__ledger *ledger; /* a ledger's columns and its map (read_ledger.c) */
  dp__table *table;   /* dp_reader_open_table: the rows come from it */
};

/* Make at least `need` unread bytes available (fewer at end of input).
 * Returns the number available, or DP_EIO / DP_ENOMEM, or DP_EENCODING
 * when fewer than `need` bytes come before a byte that cannot be decoded
 * (err filled with its line and column). */
long dp__reader_fill(dp_reader *rd, size_t need, dp_error *err);
/* Build the record that stands for an unreadable one. */
dp_record *dp__reader_invalid(dp_reader *rd, long line, const char *id,
                              const char *zh_what, const char *en_what);
/* A parsed CSV row (read_csv.c). */
typedef struct dp__row {
  char **f;
  size_t *off; /* while parsing: where each field starts in buf */
  size_t n, cap;
  char *buf;
  size_t bcap;
  long line;
} dp__row;

/* One CSV row from s[*pi..len) into r (read_csv.c, where the grammar is
 * described): 1 a row, 0 the end, -1 an unterminated quote, 2 the row
 * may go on past len, or DP_ENOMEM.  only: the one field wanted besides
 * the first, or SIZE_MAX for all. */
int dp__csv_parse_row(const char *s, size_t len, int eof, size_t only,
                      size_t *pi, long *pline, dp__row *r);

/* What a reader's pieces keep of it, so that they may outlive it: its
 * name, for messages, and for a CSV log or a table its columns (set by
 * read_csv.c once the header is read).  Shared and counted: the reader
 * holds one count, each piece one. */
struct col;
typedef struct dp__shape {
  _Atomic size_t refs;
  char *name;
  struct col *cols;
  size_t ncols;
} dp__shape;
/* The reader's shape, made at the first call; NULL when out of memory. */
dp__shape *dp__shape_of(dp_reader *rd);
/* Drop a count; the last frees the shape.  Accepts NULL. */
void dp__shape_release(dp__shape *s);

/* What the reader cut for one record (dp_reader_next_piece). */
enum {
  DP__PIECE_RECORD, /* the record the reader made (a ledger's row, or an
                       unreadable record, counted by the reader) */
  DP__PIECE_JSON,   /* text[0, len): one JSON value */
  DP__PIECE_CSV,    /* rows[]: runs of whole rows of a CSV log in text */
  DP__PIECE_TABLE   /* rows[]: rows of a table, their cells in buf */
};
typedef struct dp__prow {
  size_t off;  /* CSV: where the run's bytes begin in text; table: where
                  the row's ncols cell offsets begin in cells[] */
  size_t len;  /* CSV: the run's bytes */
  long line;   /* the line of its first row */
  int nul;     /* table: a cell holds a NUL byte (the row is skipped) */
} dp__prow;
struct dp_piece {
  int kind;
  int made;             /* dp_piece_record was called */
  dp__shape *shape;     /* CSV, table: its reader's name and columns (a
                           count held) */
  dp_record *rec;       /* DP__PIECE_RECORD */
  long line;
  const char *text;     /* JSON, CSV: the bytes, in buf or the reader's
                           own (a log given as a string, or dp_reader_next's
                           piece, used before the reader moves on) */
  size_t len;
  char *buf;            /* owned bytes (a copy of the text, or cells) */
  size_t blen, bcap;
  size_t idoff;         /* CSV, table: where the case id is in buf */
  size_t nameoff;       /* JSON: where the reader's name is in buf */
  dp__prow *rows;
  size_t nrows, caprows;
  size_t *cells;        /* table: offsets in buf of each row's cells */
  size_t ncells, capcells;
  dp__row rw;           /* dp_piece_record's row */
};
/* Clear piece p for the next take, keeping its buffers. */
void dp__piece_reset(dp_piece *p);
/* Append n bytes (and, with nul, a NUL) to p->buf: 0 or DP_ENOMEM. */
int dp__piece_add(dp_piece *p, const char *s, size_t n, int nul);
/* The next case of a CSV event log or table into p (the first call reads
 * the log for its index): 1, 0 at the end, a negative DP_E*.  A file's
 * bytes are copied into the piece; a log given as a string is borrowed
 * unless copy is set. */
int dp__csv_take(dp_reader *rd, dp_piece *p, int copy, dp_error *err);
/* The record of a DP__PIECE_CSV or DP__PIECE_TABLE piece: 0 with *rec,
 * DP_ENOMEM, or DP_EIO (err filled). */
int dp__csv_record(dp_piece *p, dp_record **rec, dp_error *err);
/* Free what dp__csv_take keeps. */
void dp__csv_free(dp_reader *rd);
/* Add a line to the reader's note (dp_reader_note), zh and en: 0 or
 * DP_ENOMEM. */
int dp__reader_add_note(dp_reader *rd, const char *zh, const char *en);

/* A row of CSV text, parsed by the one tokenizer of the CSV and ledger
 * readers (read_csv.c): its fields, NUL-terminated, side by side in buf
 * (one block a row, kept from row to row, instead of a block a field). */
/* The next row at rd->pos, every field, reading more as needed: 1 with
 * the row (not consumed: *k its bytes, *lines its new lines), 0 at the
 * end, -1 for an unterminated quote (the rest of the input), DP_EIO,
 * DP_EENCODING, DP_ENOMEM. */
int dp__csv_row(dp_reader *rd, dp__row *rw, size_t *k, long *lines,
                dp_error *err);
void dp__row_free(dp__row *rw);
/* Trim blanks around a cell; a header name also of CR, LF, U+3000,
 * U+00A0 and U+FEFF. */
void dp__csv_trim(char *s);
void dp__csv_trim_header(char *s);
/* true/false in the spellings spreadsheets use (是/否, yes, 1 …); -1 if
 * none. */
int dp__csv_bool(const char *s);
/* 1 when a header name is an event log's step, activity or label column
 * (records.md §5, §8.11). */
int dp__csv_event_column(const char *name);

/* Ledgers (read_ledger.c).  dp__ledger_detect: 1 when the header at
 * rd->pos (not consumed) is a ledger's under the reader's map, 0 when not,
 * a negative DP_E*.  dp__ledger_next: as dp__csv_next, one record a row. */
int dp__ledger_detect(dp_reader *rd, dp_error *err);
int dp__ledger_next(dp_reader *rd, dp_record **rec, dp_error *err);
void dp__ledger_free(dp_reader *rd);
/* Code-point edit distance of two UTF-8 names (for "did you mean"). */
size_t dp__edit_distance_utf8(const char *a, const char *b);

/* A temporary file, already unlinked (in $TMPDIR, else /tmp); NULL with
 * errno on failure. */
FILE *dp__spool_file(void);

/* Decoding (decode.c).  dp__decode_init sets up rd for `encoding` (NULL
 * or "auto": guess; else a name dp__encoding_lookup knows): 0, or
 * DP_EINVAL with err filled.  dp__decode_more reads and decodes one
 * more chunk of rd->fp, appending to buf[len..) (rd->eof set at the end
 * of the input or at a byte that cannot be decoded, which sets dec_rc):
 * 0, DP_EIO or DP_ENOMEM.  dp__decode_all decodes n bytes already in
 * buf[len..) (a text given in memory) the same way, as the whole input.
 * dp__decode_free releases what decoding holds. */
int dp__encoding_lookup(const char *name); /* DP__ENC_*, -1 if unknown */
int dp__decode_init(dp_reader *rd, const char *encoding, dp_error *err);
int dp__decode_more(dp_reader *rd, dp_error *err);
int dp__decode_all(dp_reader *rd, size_t n, dp_error *err);
void dp__decode_free(dp_reader *rd);

/* ---------------------------------------------------------------------
 * The context of one check (engine.c), shared with the gate (gate.c)
 * ------------------------------------------------------------------- */
typedef struct dp__evx {
  int step;          /* resolved step id, -1 if none */
  int32_t b, f;      /* begin and finish day, DP_NO_DATE if unknown */
  int32_t bs, fs;    /* their times, -1 if none */
  int period_ok;     /* start and end both valid, end >= start */
  const char *meeting; /* the event's, or from its label */
  const char *result;
  dp__rclass rclass;   /* the result's class */
  char *own[2];      /* storage for a meeting / result taken from a label */
  int32_t nxt;       /* the next event of the same step, -1 if none */
} dp__evx;

typedef struct dp__ctx {
  int32_t as_of;     /* DP_NO_DATE: a finished record */
  const dp_engine *e;
  const dp__procedure *pr;
  const dp_record *r;
  dp_report *rep;
  dp__evx *x;
  size_t n;
  int oom;
  int publication; /* step id of "publication" */
  int32_t decided;  /* the decision date (procedures.md §0): the law in
                       force on it applies */
  int32_t today;    /* the check's day: the as-of day when one was given,
                       else DP_NO_DATE for today, asked of the clock only
                       by the rule that needs it (validity, E4) */
  size_t span;       /* the decision date's span in the plan */
  const char *issuer; /* "government" or "department", given or inferred */
  int gate_words;    /* messages in the gate's templates, never overridden */
  int8_t attrv[DP__ATTR_SLOTS]; /* the record's value of each engine attr */
  /* The rest is not cleared by dp__ctx_init: it fills what it uses. */
  /* The step index, filled by the one pass over the events: the events
   * of each step in event order (head[s], then x[i].nxt; -1 ends), how
   * many (cnt[s]), the first dated one (fd[s]: the earliest begin, the
   * first in the record on a tie; -1 none).  Rules read these instead of
   * walking the events. */
  int32_t head[DP__MAX_STEPS], tail[DP__MAX_STEPS], fd[DP__MAX_STEPS];
  uint32_t cnt[DP__MAX_STEPS];
  uint64_t unrec[DP__MAX_STEPS / 64]; /* steps in the record's `unknown` */
  dp__evx small[16]; /* x for small records, no allocation */
} dp__ctx;

/* The events of step s (a step id, or -1 for none) in order:
 * for (i = dp__first(c, s); i < c->n; i = dp__next(c, i)). */
static inline size_t dp__first(const dp__ctx *c, int s) {
  return s >= 0 && c->head[s] >= 0 ? (size_t)c->head[s] : c->n;
}
static inline size_t dp__next(const dp__ctx *c, size_t i) {
  return c->x[i].nxt >= 0 ? (size_t)c->x[i].nxt : c->n;
}

/* Values for message placeholders (doc/rules.md, messages.h), as facts:
 * days, periods and lengths are worded in each language only when a
 * message is (words.c), which for a rule's finding is when it is first
 * read.  A zero member is not set: its placeholder becomes nothing. */
typedef struct dp__day {
  int32_t d;
  int8_t set; /* 1; 2: {rolled_to}, whose zh leaves out the year */
} dp__day;
typedef enum { DP__WHEN_NONE = 0, DP__WHEN_DAY, DP__WHEN_SPAN, DP__WHEN_UNKNOWN } dp__wkind;
typedef struct dp__when { /* an event's date or period */
  int32_t a, b;           /* the day (a), or the period a..b */
  int8_t kind;            /* dp__wkind */
} dp__when;
typedef struct dp__len {
  int32_t n;
  int8_t unit; /* dp__unit */
  int8_t set;
} dp__len;
static inline dp__day dp__d(int32_t d) { return (dp__day){d, 1}; }
static inline dp__len dp__l(int32_t n, dp__unit u) {
  return (dp__len){n, (int8_t)u, 1};
}
static inline dp__when dp__w_day(int32_t d) {
  return (dp__when){d, d, DP__WHEN_DAY};
}

typedef struct dp__vars {
  const char *step[2], *other[2];
  dp__when when, other_when;
  dp__day start, end, date, deadline, deadline_raw, rolled_to, decided, from;
  dp__len len, limit;
  int32_t note;  /* a year the calendar does not cover ({note}); 0: none */
  int32_t event; /* {event}: 1 + the event's index; 0: none */
  const char *field[2];
  const char *value;
  const char *why[2];
  const char *expected[2];
  const char *id;
  const char *law;
  const char *accepted[2];
} dp__vars;

/* The string values of v a rule's finding keeps copies of in its report
 * (they may be the record's or the caller's), in the one order of
 * dp_finding.soff: engine.c copies them, report.c points v at the
 * copies. */
#define DP__VARS_COPIED 8
static inline void dp__vars_copied(dp__vars *v,
                                   const char **p[DP__VARS_COPIED]) {
  p[0] = &v->value;
  p[1] = &v->why[0];
  p[2] = &v->why[1];
  p[3] = &v->id;
  p[4] = &v->field[0];
  p[5] = &v->field[1];
  p[6] = &v->other[0];
  p[7] = &v->other[1];
}

/* Set up a context: resolve steps, dates and label fields; data findings
 * go to rep.  as_of: events starting after it are ignored.  Frees with
 * dp__ctx_free.  0 or DP_ENOMEM. */
int dp__ctx_init(dp__ctx *c, const dp_engine *e, const dp__procedure *pr,
                 const dp_record *r, dp_report *rep, int32_t as_of);
void dp__ctx_free(dp__ctx *c);
/* Run every applicable rule of the procedure. */
void dp__ctx_run(dp__ctx *c);
int dp__precedes(const dp__ctx *c, size_t a, size_t b);
/* A rule's condition on the record of a check (attributes read from
 * c->attrv, or by name for one without a slot). */
int dp__eval_when(const dp__ctx *c, const dp__expr *x);
int32_t dp__deadline_day(const dp__ctx *c, int32_t from, int32_t n,
                         dp__unit u);
/* The Nth working day counting from `from` (itself included). */
int32_t dp__nth_workday(const dp__ctx *c, int32_t from, int32_t n);
/* Format both messages (code < 0: ignore the rule's own messages). */
int dp__format(dp__ctx *c, const dp_rule *r, int code, int step, int other,
               dp__msgid id, dp__vars *v, dp__buf m[2]);
/* A finding of rule r: message id of the catalogue (or the rule's own),
 * the bases in force on the decision date.  Its messages are worded when
 * first read (dp__report_words). */
void dp__emit(dp__ctx *c, const dp_rule *r, dp_code code, dp_severity sev,
              int step, int other, int event, dp__msgid id, dp__vars *v);
/* The rule applies to the record of the check: enabled, its condition
 * holds, and one of its bases is law on the decision date. */
int dp__rule_applies(const dp__ctx *c, const dp_rule *r);
/* The bases of r in force for the record of c, joined (a new block, NULL
 * when out of memory). */
char *dp__rule_bases_text(const dp__ctx *c, const dp_rule *r);
/* Event i's date or period, as {when} says it. */
dp__when dp__when_of(const dp__ctx *c, size_t i);
/* The year in from..to the calendar does not cover ({note}), 0: none. */
int32_t dp__note_of(const dp__ctx *c, int32_t from, int32_t to);

/* ---------------------------------------------------------------------
 * Words (words.c): placeholders' facts into the words of each language
 * ------------------------------------------------------------------- */

/* A day in both languages: 2023年2月1日, 2023-02-01. */
void dp__fmt_day(int32_t day, char out[2][32]);
/* A length in both languages: 15日, 15 days; 20个工作日, 20 working days. */
void dp__fmt_len(int32_t n, dp__unit u, char out[2][48]);
/* Template tpl in language l (0 zh, 1 en) with v's values, appended to b.
 * A placeholder of at most 12 bytes that names nothing set becomes
 * nothing; a longer one, or a '{' without its '}', stays as it is. */
void dp__expand(dp__buf *b, const char *tpl, const dp__vars *v, int l);
/* The template of language l for a finding of rule r (NULL: the
 * catalogue's): the rule's own message replaces the catalogue's, except in
 * the gate's words (code < 0). */
const char *dp__pick(const dp_engine *e, const dp_rule *r, int code,
                     dp__msgid id, int step, int l);
/* Both messages of that template with v's values, each NUL-terminated in
 * m[0] (zh) and m[1] (en).  0 or DP_ENOMEM. */
int dp__word_both(const dp_engine *e, const dp_rule *r, int code,
                  dp__msgid id, int step, const dp__vars *v, dp__buf m[2]);
size_t dp__count_step(const dp__ctx *c, int s);
const char *dp__step_title(const dp__ctx *c, int s, int lang);
/* 1 when a step that must come after `step` has already happened, so a
 * record in progress needs `step` now. */
int dp__needed_now(const dp__ctx *c, int step);
/* Step s is in the record's `unknown` list (records.md §8.5). */
int dp__not_recorded(const dp__ctx *c, int s);
/* The latest event of step a before event j (c->n when none), and whether
 * a rule's cure happened between it and j (no B after A result V). */
size_t dp__veto_last(const dp__ctx *c, int a, size_t j);
int dp__veto_cured(const dp__ctx *c, const dp_rule *r, size_t i, size_t j);

/* ---------------------------------------------------------------------
 * Reports (report.c)
 * ------------------------------------------------------------------- */
struct dp_finding {
  dp_code code;
  dp_severity sev;
  int step, other; /* step ids, -1 if none */
  const char *step_name, *other_name; /* borrowed from the engine */
  int event;
  const dp_rule *rule; /* NULL for data findings */
  const char *rule_id; /* borrowed: the rule's, or a static data id */
  const char *basis;   /* borrowed */
  int verified;
  size_t off[2];       /* offsets into the report's text arena */
  size_t boff;         /* the basis's there, (size_t)-1 when basis points
                          elsewhere */
  const char *msg[2];  /* set by dp__report_finish, or when worded */
  struct dp_report *rep; /* the report it is in */
  /* a rule's finding (dp__emit) is worded when first read: which
   * template (dp__pick's code and id) with what values; the values' own
   * strings are copies in the report's text (soff: offsets, or
   * DP__NO_OFF), in the order of dp__vars_copied */
  int lazy;
  int cd;
  dp__msgid msgid;
  dp__vars v;
  size_t soff[DP__VARS_COPIED];
};
#define DP__NO_OFF ((size_t)-1)

struct dp_report {
  const dp_engine *e;
  char *id;        /* in idbuf, or NULL */
  char *procedure; /* in idbuf, or NULL */
  char *idbuf;     /* id and procedure, NUL-terminated */
  size_t idcap;
  dp_finding *f;
  size_t n, cap;
  dp__buf text; /* messages, NUL-separated */
  /* the messages of lazy findings in each language, worded at once when
   * the first is read (dp__report_words) */
  dp__buf words[2];
  int worded[2];
  int32_t decided; /* the decision date the check used, or DP_NO_DATE */
  /* a freed report kept for its thread's next: the one kept before it,
   * and how many are kept with it (report.c) */
  struct dp_report *spare_next;
  unsigned nspare;
  const void *maker; /* dp__thread_me() of the thread that made it */
};

/* How many freed records, and reports, a thread keeps for reuse: a batch
 * of records checked together (the Python binding's 128) is made again
 * without malloc.  Only the first kept may hold a large block (an arena
 * of up to 64 KiB, a report's text of up to 64 KiB); the others at most
 * DP__SPARE_BLOCK bytes of it. */
#define DP__SPARES 128
#define DP__SPARE_BLOCK 8192
/* The calling thread, as an address unique among the live threads: what
 * a record or report notes of the thread that made it, so that a thread
 * keeps beyond its first spare only what it made itself (memory then
 * stays with the thread's malloc arena, and goes back to it when the
 * thread ends). */
const void *dp__thread_me(void);

dp_report *dp__report_new(const dp_engine *e, const char *id,
                          const char *procedure);
/* Make the report's id and procedure valid UTF-8 (each bad byte '?'):
 * for a procedure named by the caller (dp_check_options), which may be
 * any bytes; a record's strings and the rules' are valid already. */
void dp__report_make_valid(dp_report *rep);
/* Add a finding; messages are copied.  DP_ENOMEM on failure. */
int dp__report_add(dp_report *rep, dp_code code, dp_severity sev, int step,
                   int other, int event, const dp_rule *rule,
                   const char *rule_id, const char *basis, int verified,
                   const char *zh, const char *en);
/* Add a finding whose two messages the caller then appends to rep->text
 * (zh and its NUL, then en and its NUL, setting off[1] between them) and
 * seals with dp__report_close.  NULL on out of memory. */
dp_finding *dp__report_open(dp_report *rep, dp_code code, dp_severity sev,
                            int step, int other, int event,
                            const dp_rule *rule, const char *rule_id,
                            const char *basis, int verified);
/* Count the finding opened last; its messages made valid UTF-8.  0 or
 * DP_ENOMEM. */
int dp__report_close(dp_report *rep);
/* Point the findings' messages into the text arena once it stops growing. */
void dp__report_finish(dp_report *rep);
/* Word the messages of the report's lazy findings in language l (0 zh,
 * 1 en), once (words.c).  0 or DP_ENOMEM.  Writers call it before they
 * read messages; dp_finding_message() calls it. */
int dp__report_words(dp_report *rep, int l);

/* ---------------------------------------------------------------------
 * Writers (write.c, tally.c)
 * ------------------------------------------------------------------- */

#define DP__BOM "\xEF\xBB\xBF"
/* Give data to the options' sink: 0, or DP_EIO when it stopped. */
int dp__write_out(const dp_write_options *o, const char *data, size_t len);
/* Give b's text to the sink and empty b: 0, DP_EIO, DP_ENOMEM (b ran out
 * of memory). */
int dp__write_buf(const dp_write_options *o, dp__buf *b);
/* Append an RFC 4180 CSV field: quoted when it holds , " CR or LF. */
void dp__buf_add_csv(dp__buf *b, const char *s);

#endif /* DP_PRIVATE_H */

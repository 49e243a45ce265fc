/*
 * messages.h - the ids of the messages of findings; the words are in one
 * catalogue per language (msg_zh.c, msg_en.c), so that a legality reviewer
 * can read and correct them in one place.  The C code formats; it does not
 * phrase.
 *
 * Placeholders (doc/rules.md): {step} {other} (step titles in the
 * procedure's words), {when} {other_when} (an event's date or period),
 * {start} {end} {date} {deadline} {deadline_raw} (dates), {len} {limit}
 * (lengths), {field} {value} {why} {note} {id} {expected} {decided} {law}
 * {from} {accepted} {rolled_to} (the moved deadline, its year left out
 * when it is that of {deadline_raw}) {event}.
 */
#ifndef DP_MESSAGES_H
#define DP_MESSAGES_H

#define DP__MSG_LIST(X)                                                     \
  X(MISSING)          /* a required step never happened */                  \
  X(MISSING_ANY)      /* none of several alternative steps happened */      \
  X(NOT_RECORDED)     /* required, but the source does not say (unknown) */ \
  X(ORDER)            /* B happened before A, which must come first */      \
  X(ORDER_EACH)       /* B started before A ended */                        \
  X(TOO_SHORT)        /* a period shorter than its minimum */               \
  X(TOO_LONG)         /* a period longer than its maximum */                \
  X(GIVEN_SHORT)      /* less time given before the next step */            \
  X(NOTICE_SHORT)     /* notice given too short before a step */            \
  X(FIELD_OVERDUE)    /* an event's date field after its deadline */        \
  X(WAIT_SHORT)       /* a step too soon after another */                   \
  X(VALIDITY_NONE)    /* no valid_until */                                  \
  X(VALIDITY_LONG)    /* valid_until beyond N years */                      \
  X(VALIDITY_LONG_PROV) /* ... for a provisional document */               \
  X(VALIDITY_EXPIRED) /* past valid_until without a clean-up */             \
  X(RECORD_DATE_BAD)  /* a record-level date that is not one */             \
  X(DECL_TIMES)       /* Declare: a step not the number of times required */ \
  X(DECL_ABSENCE)     /* Declare: a step that must not happen */            \
  X(DECL_INIT)        /* Declare: the record starts with another step */    \
  X(DECL_PRECEDENCE)  /* Declare: b with no a before it */                  \
  X(DECL_RESPONSE)    /* Declare: a with no b after it */                   \
  X(DECL_CHAIN)       /* Declare: a not followed at once by b */            \
  X(DECL_RESPONDED)   /* Declare: a happened, b never */                    \
  X(DECL_NOT_COEXISTENCE) /* Declare: both happened */                      \
  X(DECL_NOT_SUCCESSION)  /* Declare: b after a */                          \
  X(DECL_UNDATED)     /* Declare: an event that cannot be placed in time */ \
  X(PERIOD_DATES)     /* a period without both dates */                     \
  X(OVERDUE)          /* a step later than its deadline */                  \
  X(OVERDUE_ROLLED)   /* ... whose last day was a rest day */               \
  X(OVERDUE_OPEN)     /* a step not taken by the as-of day */               \
  X(DEADLINE_DATES)   /* a deadline whose dates are not known */            \
  X(VETO)             /* a step after a failed one */                       \
  X(VETO_UNKNOWN)     /* a step after one whose result is not understood */ \
  X(WITH_FALSE)       /* a true/false detail is false */                    \
  X(WITH_UNKNOWN)     /* a true/false detail is not recorded */            \
  X(WITH_ABSENT)      /* a detail is not given */                           \
  X(WITH_BAD)         /* a detail is not of the kind required */            \
  X(WITH_EXPECTED)    /* ... said with what qualifies */                    \
  X(DOCNUM_MISSING)   /* published without a doc number */                 \
  X(DOCNUM_FORM)      /* a doc number not in the standard form */           \
  X(DOCNUM_YEAR)      /* why: its year is neither decision's nor pub's */    \
  X(NOT_IN_FORCE)     /* no law of the procedure in force yet */            \
  X(CAL_NOTE)         /* the calendar does not cover a year */              \
  X(DATE_BAD)         /* an event's date is not a date */                   \
  X(DATE_SERIAL)      /* ... and looks like a spreadsheet serial */         \
  X(DATE_REVERSED)    /* end before start */                                \
  X(DATE_NONE)        /* an event with no date at all */                    \
  X(STEP_UNKNOWN)     /* a step name no procedure knows */                  \
  X(LABEL_UNKNOWN)    /* a label no pattern maps */                         \
  X(LABEL_LIMIT)      /* a label pattern hit its match limit */             \
  X(NO_STEP)          /* an event with neither step nor label */            \
  X(RESULT_UNKNOWN)   /* a result word not in the vocabulary */             \
  X(ATTR_UNKNOWN)     /* an attribute no rule reads */                      \
  X(ATTR_UNKNOWN_NEAR) /* ... with the nearest known name */               \
  X(ATTR_NOT_BOOL)    /* a boolean attribute of another type */             \
  X(ATTR_NOT_STRING)  /* a string attribute of another type */              \
  X(ATTR_VALUE)       /* a string attribute with an unknown value */        \
  X(UNKNOWN_STEP)     /* the unknown list names no step */                  \
  X(UNKNOWN_PROC)     /* the record names an unknown procedure */           \
  X(NO_ID)            /* the record has no id */                            \
  X(NO_PROCEDURE)     /* the record names no procedure */                   \
  X(GATE_NOT_DONE)    /* the gate: a step that must come first is not done */ \
  X(GATE_RUNNING)     /* ... is still running */                             \
  X(GATE_FAILED)      /* ... ended in a failure */                           \
  X(GATE_UNKNOWN)     /* ... ended in a result not understood */             \
  X(GATE_DUE_BY)      /* a step due by a day */                              \
  X(GATE_DUE_MIN)     /* a period may end no earlier than a day */           \
  X(GATE_DUE_MAX)     /* a period should end by a day */                     \
  X(GATE_GIVEN)       /* the next step not before a day (time given) */

typedef enum {
#define DP__MSG_ENUM(name) DP__M_##name,
  DP__MSG_LIST(DP__MSG_ENUM)
#undef DP__MSG_ENUM
  DP__M_COUNT
} dp__msgid;

/* A step's own wording where the general one reads badly: "missing" of
 * legality_review is 未经合法性审核, of filing 未报送备案. */
typedef struct dp__stepmsg {
  const char *step;
  dp__msgid id;
  const char *text;
} dp__stepmsg;

extern const char *const dp__msg_zh[DP__M_COUNT];
extern const char *const dp__msg_en[DP__M_COUNT];
extern const dp__stepmsg dp__stepmsg_zh[];
extern const dp__stepmsg dp__stepmsg_en[];

/* The template of message id in language lang (0 zh, 1 en), in the words
 * of step (a step name, or NULL) where the catalogue has them. */
const char *dp__msg(dp__msgid id, int lang, const char *step);

#endif

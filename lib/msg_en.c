/*
 * msg_en.c - the English messages of findings: complete and plain.
 * Placeholders: messages.h.  Dates come as 2023-02-01, periods as
 * 2023-02-01 to 2023-02-15.
 */
#include "dp-private.h"
#include "messages.h"

#include <string.h>

const char *const dp__msg_en[DP__M_COUNT] = {
    [DP__M_MISSING] = "no {step}",
    [DP__M_MISSING_ANY] = "no {step} (nor {other})",
    [DP__M_NOT_RECORDED] = "{step} is not recorded in the source; it cannot be checked",
    [DP__M_ORDER] = "{other} ({other_when}) came after {step} ({when}); {other} must come first",
    [DP__M_ORDER_EACH] = "{step} ({when}) started before {other} ended ({other_when})",
    [DP__M_TOO_SHORT] = "{step} {when}: {len}, less than {limit}{note}",
    [DP__M_TOO_LONG] = "{step} {when}: {len}, more than {limit}{note}",
    [DP__M_GIVEN_SHORT] = "{step} from {start} to the day before {other} ({end}): {len} given, less "
                          "than {limit}{note}",
    [DP__M_NOTICE_SHORT] = "{step} ({when}): the {field} is {date}, only {len} before it, less "
                           "than {limit}{note}",
    [DP__M_DECL_TIMES] = "{step} must happen {value} time(s); it did not",
    [DP__M_DECL_ABSENCE] = "{step} must not happen; it did ({when})",
    [DP__M_DECL_INIT] = "the record must begin with {other}; it began with {step} ({when})",
    [DP__M_DECL_PRECEDENCE] = "{step} ({when}) with no {other} before it",
    [DP__M_DECL_RESPONSE] = "{other} ({other_when}) with no {step} after it",
    [DP__M_DECL_CHAIN] = "{other} ({other_when}) must be followed at once by {step}",
    [DP__M_DECL_RESPONDED] = "{other} happened ({other_when}) but {step} never did",
    [DP__M_DECL_NOT_COEXISTENCE] = "{step} ({when}) and {other} ({other_when}) may not both happen",
    [DP__M_DECL_NOT_SUCCESSION] = "{step} ({when}) may not come after {other} ({other_when})",
    [DP__M_DECL_UNDATED] = "{step} or {other} has no date; their order cannot be told",
    [DP__M_FIELD_OVERDUE] = "{step} ({when}): the {field} {date} is after the deadline {deadline} "
                            "({limit} after {other} on {other_when}){note}",
    [DP__M_WAIT_SHORT] = "{step} on {date} is only {len} after {other} ({other_when}), less than "
                         "{limit}",
    [DP__M_VALIDITY_NONE] = "the document states no period of validity (valid_until)",
    [DP__M_VALIDITY_LONG] = "valid until {date}: more than {value} years after the first "
                            "publication ({other_when}), i.e. {deadline}",
    [DP__M_VALIDITY_LONG_PROV] = "a provisional document valid until {date}: more than {value} "
                                 "years after the first publication ({other_when}), i.e. {deadline}",
    [DP__M_VALIDITY_EXPIRED] = "its validity ended on {date}, and from {start} ({value} months "
                               "before) to {deadline} no clean-up decision (kept, amended or "
                               "repealed) or renewal is recorded",
    [DP__M_RECORD_DATE_BAD] = "{field}: invalid date '{why}'",
    [DP__M_PERIOD_DATES] = "{step} ({when}) gives no start and end date; its length cannot be "
                           "checked",
    [DP__M_OVERDUE] = "{step} due within {limit} after {other} ({other_when}), by {deadline}; "
                      "it was on {date}, late{note}",
    [DP__M_OVERDUE_ROLLED] = "{step} due within {limit} after {other} ({other_when}): the last "
                             "day {deadline_raw} was a rest day, so {rolled_to}; it was on {date}, "
                             "late{note}",
    [DP__M_OVERDUE_OPEN] = "{step} due within {limit} after {other} ({other_when}), by "
                           "{deadline}; not taken by {date}, late{note}",
    [DP__M_DEADLINE_DATES] = "{step} or {other} has no date; the deadline cannot be checked",
    [DP__M_VETO] = "{step} ({when}) went ahead after {other} ended in '{value}' ({other_when}) "
                   "with no later passing one",
    [DP__M_VETO_UNKNOWN] = "the result '{value}' of {other} ({other_when}) is not recognised; "
                           "whether it passed cannot be told, and {step} followed ({when})",
    [DP__M_WITH_FALSE] = "{step} ({when}): no {field}",
    [DP__M_WITH_UNKNOWN] = "{step} ({when}) does not record its {field}; it cannot be checked",
    [DP__M_WITH_ABSENT] = "{step} ({when}) names no {field}",
    [DP__M_WITH_BAD] = "{step} ({when}): {field} '{value}' is not of the required kind",
    [DP__M_WITH_EXPECTED] = "{step} ({when}) must be at {expected}; '{value}' does not qualify",
    [DP__M_DOCNUM_MISSING] = "published without a doc number",
    [DP__M_DOCNUM_FORM] = "doc number '{value}' is not in the standard form: {why}",
    [DP__M_DOCNUM_YEAR] = "the year {value} is neither the year of the decision nor of the first "
                          "publication",
    [DP__M_NOT_IN_FORCE] = "decided on {decided}, before {law} came into force ({from}); the "
                           "procedure's requirements do not apply",
    [DP__M_CAL_NOTE] = " (the calendar does not cover {value}; only weekends counted as rest "
                       "days there)",
    [DP__M_DATE_BAD] = "events[{event}].{field}: invalid date '{why}'",
    [DP__M_DATE_SERIAL] = "events[{event}].{field}: '{why}' looks like a spreadsheet serial "
                          "date ({date}); write the date as year-month-day",
    [DP__M_DATE_REVERSED] = "events[{event}].end: {end} is before start {start}",
    [DP__M_DATE_NONE] = "events[{event}]: no date, start or end",
    [DP__M_STEP_UNKNOWN] = "events[{event}].step: unknown step '{why}'",
    [DP__M_LABEL_UNKNOWN] = "events[{event}].label: '{why}' matches no step",
    [DP__M_LABEL_LIMIT] = "events[{event}].label: pattern /{why}/ hit its match limit",
    [DP__M_NO_STEP] = "events[{event}]: neither step nor label",
    [DP__M_RESULT_UNKNOWN] = "events[{event}].result: '{why}' is not a known result "
                             "(known: {accepted})",
    [DP__M_ATTR_UNKNOWN] = "unknown attribute '{value}': no rule of the procedure reads it",
    [DP__M_ATTR_UNKNOWN_NEAR] = "unknown attribute '{value}'; did you mean '{why}'?",
    [DP__M_ATTR_NOT_BOOL] = "attributes.{value}: expected true or false; counted as false",
    [DP__M_ATTR_NOT_STRING] = "attributes.{value}: expected a word ({accepted}); ignored",
    [DP__M_ATTR_VALUE] = "attributes.{value}: unknown value '{why}' (known: {accepted}); "
                         "ignored",
    [DP__M_UNKNOWN_STEP] = "unknown: '{value}' is not a step of the procedure",
    [DP__M_UNKNOWN_PROC] = "unknown procedure '{value}'",
    [DP__M_NO_ID] = "the record has no id",
    [DP__M_NO_PROCEDURE] = "the record has no procedure (name one with -p/--procedure)",
    [DP__M_GATE_NOT_DONE] = "{other} is not completed: {step} may not be taken yet",
    [DP__M_GATE_RUNNING] = "{other} runs until {date}: {step} must wait until it ends",
    [DP__M_GATE_FAILED] = "{other} ended in '{value}' ({other_when}): {step} must wait for one "
                          "that passes",
    [DP__M_GATE_UNKNOWN] = "the result '{value}' of {other} ({other_when}) is not recognised: "
                           "{step} must wait until it is known to have passed",
    [DP__M_GATE_DUE_BY] = "{step} due by {deadline} ({limit} after {other} on {other_when}){note}",
    [DP__M_GATE_DUE_MIN] = "{step} (from {start}) may close no earlier than {date} (at least "
                           "{limit}){note}",
    [DP__M_GATE_DUE_MAX] = "{step} (from {start}) should end by {date} (at most {limit}){note}",
    [DP__M_GATE_GIVEN] = "{step} not before {date}: {other} from {start} must be given at least "
                         "{limit}{note}",
};

const dp__stepmsg dp__stepmsg_en[] = {
    {NULL, DP__M_COUNT, NULL},
};

/*
 * check_record.c - records built through the API and from JSON
 * (records.md §1-3, §7.5, §7.11), and the JSON report (§6).
 */
#define DP_TEST_ENGINE_FIXTURE
#define DP_TEST_NO_VALIDITY
#include "util.h"

#include "dp-json.h"
#include <pthread.h>
#include <stdint.h>


/* A record from (single-quoted) JSON; its return code in *rc. */
static dp_record *from_json(const char *sq, int *rc, dp_error *err) {
  char *json = dp_test_sq(sq);
  dp_record *r = NULL;
  memset(err, 0, sizeof *err);
  *rc = dp_record_from_json(&r, json, strlen(json), 0, err);
  free(json);
  return r;
}

static dp_report *check(const dp_record *r) {
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  return rep;
}

static char *report_json(const dp_report *rep, dp_lang flags) {
  size_t len = 0;
  char *s = dp_report_to_json(rep, flags, &len);
  ck_assert_ptr_nonnull(s);
  ck_assert_uint_eq(len, strlen(s));
  return s;
}

/* The normative document of records.md §1, as JSON. */
#define SAMPLE                                                                \
  "{'id':'pds-2022-012','procedure':'normative_document',"                    \
  "'title':'平顶山市城市管理办法','authority':'平顶山市人民政府',"            \
  "'doc_number':'平政〔2022〕12号',"                                          \
  "'attributes':{'technical':false,'affects_market':true},'events':["         \
  "{'step':'assessment','date':'2022-03-01'},"                                \
  "{'step':'fair_competition_review','date':'2022-03-03'},"                   \
  "{'step':'public_comment','start':'2022-03-05','end':'2022-04-05',"         \
  "'feedback_published':true},"                                               \
  "{'step':'legality_review','start':'2022-04-08','end':'2022-04-20',"        \
  "'result':'pass','by':'市司法局'},"                                         \
  "{'step':'collective_decision','date':'2022-04-28','meeting':'常务会议'},"  \
  "{'step':'publication','date':'2022-05-06','channel':'政府公报'},"          \
  "{'step':'filing','date':'2022-05-20'}]}"

/* ---------------------------------------------------------------------
 * Building through the API
 * ------------------------------------------------------------------- */

START_TEST(record_fields) {
  dp_record *r = dp_test_record(NULL);
  ck_assert_ptr_nonnull(r);
  static const char *const fields[] = {"id", "procedure", "title",
                                       "authority", "doc_number"};
  for (size_t i = 0; i < 5; i++) {
    ck_assert_ptr_null(dp_record_get(r, fields[i]));
    ck_assert_int_eq(dp_record_set(r, fields[i], "值"), 0);
    ck_assert_str_eq(dp_record_get(r, fields[i]), "值");
  }
  ck_assert_int_eq(dp_record_set(r, "id", "a-1"), 0); /* replaces */
  ck_assert_str_eq(dp_record_get(r, "id"), "a-1");
  ck_assert_int_eq(dp_record_set(r, "title", NULL), 0); /* clears */
  ck_assert_ptr_null(dp_record_get(r, "title"));
  ck_assert_int_eq(dp_record_set(r, "name", "x"), DP_EINVAL);
  ck_assert_int_eq(dp_record_set(r, "attributes", "x"), DP_EINVAL);
  ck_assert_int_eq(dp_record_set(r, "ID", "x"), DP_EINVAL);
  ck_assert_int_eq(dp_record_set(r, "title", "bad \xff text"), DP_EINVAL);
  ck_assert_int_eq(dp_record_set(r, "title", "\xe5\xb9"), DP_EINVAL);
  ck_assert_ptr_null(dp_record_get(r, "title")); /* unchanged */
  ck_assert_int_eq(dp_record_set(NULL, "id", "x"), DP_EINVAL);
  ck_assert_ptr_null(dp_record_get(r, "name"));
  dp_record_free(r);
  dp_record_free(NULL);
}
END_TEST

START_TEST(record_attributes) {
  dp_record *r = dp_test_record(NULL);
  ck_assert_int_eq(dp_record_attribute(r, "technical"), 0); /* absent */
  ck_assert_int_eq(dp_record_set_attribute(r, "technical", 1, NULL), 0);
  ck_assert_int_eq(dp_record_attribute(r, "technical"), 1);
  ck_assert_int_eq(dp_record_set_attribute(r, "technical", 0, NULL), 0);
  ck_assert_int_eq(dp_record_attribute(r, "technical"), 0);
  ck_assert_int_eq(dp_record_set_attribute(r, "urgent", 7, NULL), 0);
  ck_assert_int_eq(dp_record_attribute(r, "urgent"), 1);
  ck_assert_int_eq(dp_record_set_attribute(r, "", 1, NULL), DP_EINVAL);
  ck_assert_int_eq(dp_record_set_attribute(r, NULL, 1, NULL), DP_EINVAL);
  dp_record_free(r);
}
END_TEST

START_TEST(record_events) {
  dp_record *r = dp_test_record(NULL);
  ck_assert_uint_eq(dp_record_event_count(r), 0);
  ck_assert_int_eq(dp_record_add_event(r), 0);
  ck_assert_int_eq(dp_record_add_event(r), 1);
  ck_assert_uint_eq(dp_record_event_count(r), 2);
  static const char *const fields[] = {"step", "label", "date", "start",
                                       "end", "result", "by", "meeting",
                                       "channel", "reason"};
  for (size_t i = 0; i < 10; i++) {
    ck_assert_int_eq(dp_event_set(r, 1, fields[i], "2022-03-01", NULL), 0);
    ck_assert_str_eq(dp_event_get(r, 1, fields[i]), "2022-03-01");
    ck_assert_ptr_null(dp_event_get(r, 0, fields[i]));
  }
  ck_assert_int_eq(dp_event_set(r, 1, "by", NULL, NULL), 0);
  ck_assert_ptr_null(dp_event_get(r, 1, "by"));
  ck_assert_int_eq(dp_event_set(r, 0, "place", "x", NULL), DP_EINVAL);
  ck_assert_int_eq(dp_event_set(r, 0, "signed", "true", NULL), DP_EINVAL);
  ck_assert_int_eq(dp_event_set(r, 2, "step", "filing", NULL), DP_EINVAL);
  ck_assert_int_eq(dp_event_set(r, 0, "label", "\xc0\xaf", NULL), DP_EINVAL);
  ck_assert_int_eq(dp_event_set_bool(r, 0, "signed", 1), 0);
  ck_assert_int_eq(dp_event_set_bool(r, 0, "feedback_published", 0), 0);
  ck_assert_int_eq(dp_event_set_bool(r, 0, "meeting", 1), DP_EINVAL);
  ck_assert_int_eq(dp_event_set_bool(r, 5, "signed", 1), DP_EINVAL);
  ck_assert_ptr_null(dp_event_get(r, 0, "signed"));
  ck_assert_ptr_null(dp_event_get(r, 9, "step"));
  /* a date that does not parse is kept as given */
  ck_assert_int_eq(dp_event_set(r, 0, "date", "2023-02-30", NULL), 0);
  ck_assert_str_eq(dp_event_get(r, 0, "date"), "2023-02-30");
  dp_record_free(r);
}
END_TEST

/* The sample built field by field checks exactly like its JSON. */
START_TEST(api_record_same_as_json) {
  static const char *const ev[][6] = {
      /* step, date, start, end, extra field, its value */
      {"assessment", "2022-03-01", NULL, NULL, NULL, NULL},
      {"fair_competition_review", "2022-03-03", NULL, NULL, NULL, NULL},
      {"public_comment", NULL, "2022-03-05", "2022-04-05", NULL, NULL},
      {"legality_review", NULL, "2022-04-08", "2022-04-20", "result", "pass"},
      {"collective_decision", "2022-04-28", NULL, NULL, "meeting", "常务会议"},
      {"publication", "2022-05-06", NULL, NULL, "channel", "政府公报"},
      {"filing", "2022-05-20", NULL, NULL, NULL, NULL},
  };
  dp_record *r = dp_test_record(NULL);
  ck_assert_int_eq(dp_record_set(r, "id", "pds-2022-012"), 0);
  ck_assert_int_eq(dp_record_set(r, "procedure", "normative_document"), 0);
  /* a bad doc number, to have something to find */
  ck_assert_int_eq(dp_record_set(r, "doc_number", "平政〔2022〕012号"), 0);
  ck_assert_int_eq(dp_record_set_attribute(r, "affects_market", 1, NULL), 0);
  for (size_t i = 0; i < 7; i++) {
    int k = dp_record_add_event(r);
    ck_assert_int_eq(k, (int)i);
    ck_assert_int_eq(dp_event_set(r, i, "step", ev[i][0], NULL), 0);
    if (ev[i][1]) ck_assert_int_eq(dp_event_set(r, i, "date", ev[i][1], NULL), 0);
    if (ev[i][2]) ck_assert_int_eq(dp_event_set(r, i, "start", ev[i][2], NULL), 0);
    if (ev[i][3]) ck_assert_int_eq(dp_event_set(r, i, "end", ev[i][3], NULL), 0);
    if (ev[i][4]) ck_assert_int_eq(dp_event_set(r, i, ev[i][4], ev[i][5], NULL), 0);
  }
  dp_report *a = check(r);
  const dp_finding *f;
  ck_assert_one_finding(f, a, "nd.doc-number-form", DP_MALFORMED, DP_WARNING,
                        "publication", NULL, 5);
  ck_assert_uint_eq(dp_report_count(a), 1);

  int rc;
  dp_error err;
  dp_record *j = from_json(SAMPLE, &rc, &err);
  ck_assert_int_eq(rc, 0);
  ck_assert_int_eq(dp_record_set(j, "doc_number", "平政〔2022〕012号"), 0);
  dp_report *b = check(j);
  char *ja = report_json(a, 0), *jb = report_json(b, 0);
  ck_assert_str_eq(ja, jb);
  dp_free(ja);
  dp_free(jb);
  dp_report_free(a);
  dp_report_free(b);
  dp_record_free(j);
  dp_record_free(r);
}
END_TEST

START_TEST(api_bad_date_malformed) {
  dp_record *r = dp_test_record(NULL);
  dp_record_set(r, "id", "b");
  dp_record_set(r, "procedure", "major_decision");
  int i = dp_record_add_event(r);
  ck_assert_int_eq(dp_event_set(r, (size_t)i, "step", "archiving", NULL), 0);
  ck_assert_int_eq(dp_event_set(r, (size_t)i, "date", "2023-02-30", NULL), 0);
  dp_report *rep = check(r);
  const dp_finding *f;
  ck_assert_one_finding(f, rep, "record.date", DP_MALFORMED, DP_ERROR, NULL,
                        NULL, 0);
  ck_assert_msg_has(f, DP_LANG_EN, "events[0].date");
  ck_assert_no_finding(rep, "md.archiving"); /* it still happened */
  dp_report_free(rep);
  dp_record_free(r);
}
END_TEST

/* ---------------------------------------------------------------------
 * dp_record_from_json
 * ------------------------------------------------------------------- */

START_TEST(json_sample_passes) {
  int rc;
  dp_error err;
  dp_record *r = from_json(SAMPLE, &rc, &err);
  ck_assert_int_eq(rc, 0);
  ck_assert_int_eq(err.code, 0);
  ck_assert_str_eq(dp_record_get(r, "title"), "平顶山市城市管理办法");
  ck_assert_str_eq(dp_record_get(r, "authority"), "平顶山市人民政府");
  ck_assert_int_eq(dp_record_attribute(r, "affects_market"), 1);
  ck_assert_int_eq(dp_record_attribute(r, "technical"), 0);
  ck_assert_uint_eq(dp_record_event_count(r), 7);
  ck_assert_str_eq(dp_event_get(r, 3, "by"), "市司法局");
  dp_report *rep = check(r);
  ck_assert_msg(dp_report_count(rep) == 0, "%s", dp_test_dump(rep));
  ck_assert(dp_report_ok(rep));
  dp_report_free(rep);
  dp_record_free(r);
}
END_TEST

START_TEST(json_syntax_error_position) {
  const char *text = "{\n  \"id\": \"a\",\n  \"procedure\" \"x\"\n}";
  dp_record *r = (dp_record *)1;
  dp_error err = {0};
  ck_assert_int_eq(dp_record_from_json(&r, text, strlen(text), 0, &err),
                   DP_EJSON);
  ck_assert_ptr_null(r);
  ck_assert_int_eq(err.code, DP_EJSON);
  ck_assert_int_eq(err.line, 3);
  ck_assert_int_eq(err.column, 15);
  /* text after the value */
  text = "{\"id\":\"a\",\"procedure\":\"x\"} {";
  memset(&err, 0, sizeof err);
  ck_assert_int_eq(dp_record_from_json(&r, text, strlen(text), 0, &err),
                   DP_EJSON);
  ck_assert_ptr_null(r);
  ck_assert_int_eq(err.line, 1);
  ck_assert_int_eq(err.column, 28);
  /* empty text */
  ck_assert_int_eq(dp_record_from_json(&r, "", 0, 0, NULL), DP_EJSON);
  ck_assert_ptr_null(r);
}
END_TEST

/* Records that cannot be checked: one invalid_record finding. */
static const struct {
  const char *json, *id, *en;
} invalid[] = {
    {"[1]", NULL, "a record must be a JSON object, found array"},
    {"'x'", NULL, "a record must be a JSON object, found string"},
    {"{'procedure':'normative_document'}", NULL, "the record has no id"},
    {"{'id':5,'procedure':'normative_document'}", NULL,
     "id: expected a string, found number"},
    {"{'id':null,'procedure':'normative_document'}", NULL,
     "id: expected a string, found null"},
    {"{'id':'a','procedure':['x']}", "a",
     "procedure: expected a string, found array"},
};

START_TEST(json_invalid_record) {
  int rc;
  dp_error err;
  /* the public call: the error, and no record to free */
  dp_record *r = from_json(invalid[_i].json, &rc, &err);
  ck_assert_int_eq(rc, DP_ERECORD);
  ck_assert_int_eq(err.code, DP_ERECORD);
  ck_assert_ptr_null(r);
  ck_assert_ptr_nonnull(strstr(err.text, invalid[_i].en));
  /* the readers' call: still a record, to report */
  char *json = dp_test_sq(invalid[_i].json);
  memset(&err, 0, sizeof err);
  ck_assert_int_eq(dp__record_from_json(&r, json, strlen(json), &err),
                   DP_ERECORD);
  free(json);
  ck_assert_ptr_nonnull(r);
  dp_report *rep = check(r);
  const dp_finding *f;
  ck_assert_uint_eq(dp_report_count(rep), 1);
  ck_assert_one_finding(f, rep, "record.invalid", DP_INVALID_RECORD, DP_ERROR,
                        NULL, NULL, -1);
  ck_assert_msg_has(f, DP_LANG_EN, invalid[_i].en);
  ck_assert_pstr_eq(dp_report_id(rep), invalid[_i].id);
  ck_assert(!dp_report_ok(rep));
  char *js = report_json(rep, 0);
  cJSON *root = cJSON_Parse(js);
  ck_assert_ptr_nonnull(root);
  cJSON *id = cJSON_GetObjectItemCaseSensitive(root, "id");
  if (invalid[_i].id)
    ck_assert_str_eq(cJSON_GetStringValue(id), invalid[_i].id);
  else
    ck_assert(cJSON_IsNull(id)); /* §7.11 */
  cJSON_Delete(root);
  dp_free(js);
  dp_report_free(rep);
  dp_record_free(r);
}
END_TEST

START_TEST(json_unknown_procedure) {
  int rc;
  dp_error err;
  dp_record *r = from_json("{'id':'a','procedure':'licensing','events':[]}",
                           &rc, &err);
  ck_assert_int_eq(rc, 0); /* a record; the engine decides */
  dp_report *rep = check(r);
  const dp_finding *f;
  ck_assert_uint_eq(dp_report_count(rep), 1);
  ck_assert_one_finding(f, rep, "record.invalid", DP_INVALID_RECORD, DP_ERROR,
                        NULL, NULL, -1);
  ck_assert_msg_has(f, DP_LANG_EN, "unknown procedure 'licensing'");
  ck_assert_str_eq(dp_report_id(rep), "a");
  ck_assert_str_eq(dp_report_procedure(rep), "licensing");
  dp_report_free(rep);
  dp_record_free(r);
}
END_TEST

/* No procedure (absent or null) is not a reading error, as in a CSV log
 * without a procedure column: the check takes it from its options, or
 * reports that there is none. */
START_TEST(json_no_procedure) {
  static const char *const texts[] = {
      "{'id':'a','events':[{'step':'assessment','date':'2023-03-01'}]}",
      "{'id':'a','procedure':null,"
      "'events':[{'step':'assessment','date':'2023-03-01'}]}"};
  for (size_t k = 0; k < 2; k++) {
    int rc;
    dp_error err;
    dp_record *r = from_json(texts[k], &rc, &err);
    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(err.code, 0);
    ck_assert(dp_record_readable(r));
    ck_assert_ptr_null(dp_record_get(r, "procedure"));
    ck_assert_uint_eq(dp_record_event_count(r), 1);
    dp_report *rep = check(r);
    const dp_finding *f;
    ck_assert_uint_eq(dp_report_count(rep), 1);
    ck_assert_one_finding(f, rep, "record.invalid", DP_INVALID_RECORD,
                          DP_ERROR, NULL, NULL, -1);
    ck_assert_msg_has(f, DP_LANG_EN, "the record has no procedure");
    ck_assert_str_eq(dp_report_id(rep), "a");
    ck_assert_ptr_null(dp_report_procedure(rep));
    dp_report_free(rep);
    /* the options give it */
    dp_check_options o = {"major_decision", 0, DP_NO_DATE};
    ck_assert_int_eq(dp_check(eng, r, &o, &rep), 0);
    ck_assert_str_eq(dp_report_procedure(rep), "major_decision");
    for (size_t i = 0; i < dp_report_count(rep); i++)
      ck_assert_int_ne(dp_finding_code(dp_report_finding(rep, i)),
                       DP_INVALID_RECORD);
    dp_report_free(rep);
    dp_record_free(r);
  }
}
END_TEST

/* A field of the wrong type: malformed, naming the field's path. */
static const struct {
  const char *json, *path;
  int sev; /* -1: not fixed by the contract */
} wrong[] = {
    {"'title':5", "title", -1},
    {"'doc_number':true", "doc_number", -1},
    {"'attributes':[]", "attributes", -1},
    {"'attributes':{'technical':'yes'}", "attributes.technical", DP_WARNING},
    {"'attributes':{'urgent':null}", "attributes.urgent", DP_WARNING},
    /* an empty name: ignored with a word (the record was unreadable,
     * with an empty message) */
    {"'attributes':{'':true,'technical':true}", "attributes", DP_WARNING},
    {"'events':{}", "events", -1},
    {"'events':[3]", "events[0]", -1},
    {"'events':[{'step':5,'date':'2022-03-01'}]", "events[0].step", -1},
    {"'events':[{'step':'filing','date':20220301}]", "events[0].date",
     DP_ERROR},
    {"'events':[{'step':'filing','start':'2022-03-01','end':[1]}]",
     "events[0].end", DP_ERROR},
    {"'events':[{'step':'filing','date':'2022-03-01','signed':'yes'}]",
     "events[0].signed", -1},
    {"'events':[{'step':'filing','date':'2022-03-01','meeting':{}}]",
     "events[0].meeting", -1},
};

START_TEST(json_wrong_types_malformed) {
  char buf[512];
  snprintf(buf, sizeof buf, "{'id':'w','procedure':'normative_document',%s}",
           wrong[_i].json);
  dp_report *rep = dp_test_check(eng, buf);
  const dp_finding *found = NULL;
  for (size_t i = 0; i < dp_report_count(rep); i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    if (dp_finding_code(f) == DP_MALFORMED &&
        strncmp(dp_finding_message(f, DP_LANG_EN), wrong[_i].path,
                strlen(wrong[_i].path)) == 0 &&
        dp_finding_message(f, DP_LANG_EN)[strlen(wrong[_i].path)] == ':')
      found = f;
  }
  ck_assert_msg(found != NULL, "no malformed finding naming %s:%s",
                wrong[_i].path, dp_test_dump(rep));
  if (wrong[_i].sev >= 0)
    ck_assert_int_eq(dp_finding_severity(found), wrong[_i].sev);
  dp_report_free(rep);
}
END_TEST

/* ... and the attributes after it are read. */
START_TEST(json_empty_attribute_name) {
  char *js = dp_test_sq("{'id':'e','procedure':'normative_document',"
                        "'attributes':{'':true,'technical':true},"
                        "'events':[]}");
  dp_record *r = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_record_from_json(&r, js, strlen(js), 0, &err), 0);
  ck_assert(dp_record_readable(r));
  ck_assert_int_eq(dp_record_attribute(r, "technical"), 1);
  ck_assert_int_eq(dp_record_attribute(r, ""), 0);
  dp_record_free(r);
  free(js);
}
END_TEST

START_TEST(json_unknown_fields_ignored) {
  dp_report *a = dp_test_check(eng, SAMPLE);
  /* add unknown fields at the record, attribute and event level */
  char buf[4096];
  snprintf(buf, sizeof buf,
           "{'x-source':{'system':'OA','n':[1,2]},'version':2,"
           "'events_count':7,%s",
           SAMPLE + 1);
  char *p = strstr(buf, "'date':'2022-03-01'");
  ck_assert_ptr_nonnull(p);
  memmove(p + 12, p, strlen(p) + 1);
  memcpy(p, "'note':null,", 12);
  dp_report *b = dp_test_check(eng, buf);
  char *ja = report_json(a, 0), *jb = report_json(b, 0);
  ck_assert_str_eq(ja, jb);
  ck_assert_uint_eq(dp_report_count(b), 0);
  dp_free(ja);
  dp_free(jb);
  dp_report_free(a);
  dp_report_free(b);
}
END_TEST

/* YYYY年M月D日 and ISO date-times are dates too (records.md §2, §5). */
START_TEST(json_date_forms) {
  static const char *const iso =
      "{'id':'d','procedure':'major_decision','events':["
      "{'step':'public_comment','start':'2022-03-01','end':'2022-03-29'},"
      "{'step':'legality_review','start':'2022-04-06','end':'2022-04-13'},"
      "{'step':'collective_decision','date':'2022-04-14','meeting':'常务会议'},"
      "{'step':'publication','date':'2022-05-06'}]}";
  static const char *const zh =
      "{'id':'d','procedure':'major_decision','events':["
      "{'step':'public_comment','start':'2022年3月1日','end':'2022年3月29日'},"
      "{'step':'legality_review','start':'2022年4月6日','end':'2022年4月13日'},"
      "{'step':'collective_decision','date':'2022年4月14日','meeting':'常务会议'},"
      "{'step':'publication','date':'2022年5月6日'}]}";
  static const char *const times =
      "{'id':'d','procedure':'major_decision','events':["
      "{'step':'public_comment','start':'2022-03-01T08:00:00',"
      "'end':'2022-03-29T17:30:00.250+08:00'},"
      "{'step':'legality_review','start':'2022-04-06T09:00:00Z',"
      "'end':'2022-04-13T18:00:00'},"
      "{'step':'collective_decision','date':'2022-04-14T10:00:00',"
      "'meeting':'常务会议'},"
      "{'step':'publication','date':'2022-05-06T00:00:00'}]}";
  dp_report *a = dp_test_check(eng, iso);
  /* 29 days of comment, 6 working days given for the review (04-06 to
   * the day before the decision, 04-13), no archiving */
  ck_assert_uint_eq(dp_test_count(a, "md.comment-30d"), 1);
  ck_assert_uint_eq(dp_test_count(a, "md.review-7wd"), 1);
  ck_assert_uint_eq(dp_test_count(a, "md.archiving"), 1);
  ck_assert_uint_eq(dp_report_count(a), 3);
  char *ja = report_json(a, 0);
  dp_report *b = dp_test_check(eng, zh);
  char *jb = report_json(b, 0);
  ck_assert_str_eq(jb, ja);
  dp_report *c = dp_test_check(eng, times);
  char *jc = report_json(c, 0);
  ck_assert_str_eq(jc, ja);
  dp_free(ja);
  dp_free(jb);
  dp_free(jc);
  dp_report_free(a);
  dp_report_free(b);
  dp_report_free(c);
  /* an impossible 年月日 date is malformed like any other */
  a = dp_test_check(eng, "{'id':'d','procedure':'major_decision','events':["
                         "{'step':'archiving','date':'2023年2月30日'}]}");
  const dp_finding *f;
  ck_assert_one_finding(f, a, "record.date", DP_MALFORMED, DP_ERROR, NULL,
                        NULL, 0);
  dp_report_free(a);
}
END_TEST

/* ---------------------------------------------------------------------
 * The JSON report (records.md §6)
 * ------------------------------------------------------------------- */

static void assert_keys(const cJSON *o, const char *const *keys, size_t n) {
  size_t i = 0;
  for (const cJSON *c = o->child; c; c = c->next, i++) {
    ck_assert_msg(i < n, "extra key '%s'", c->string);
    ck_assert_str_eq(c->string, keys[i]);
  }
  ck_assert_uint_eq(i, n);
}

START_TEST(report_json_shape) {
  /* no assessment (missing: no other, no event), a late review (every
   * key), no doc number (a rule verified no) */
  dp_report *rep = dp_test_check(
      eng, "{'id':'r-1','procedure':'normative_document','events':["
           "{'step':'public_comment','start':'2022-03-02','end':'2022-04-01'},"
           "{'step':'collective_decision','date':'2022-04-28','meeting':'常务会议'},"
           "{'step':'legality_review','start':'2022-05-05','end':'2022-05-12'},"
           "{'step':'publication','date':'2022-05-16'},"
           "{'step':'filing','date':'2022-05-20'}]}");
  char *js = report_json(rep, 0);
  ck_assert_ptr_null(strchr(js, '\n'));
  cJSON *root = cJSON_Parse(js);
  ck_assert_ptr_nonnull(root);
  static const char *const top[] = {"id", "procedure", "ok", "findings"};
  assert_keys(root, top, 4);
  ck_assert_str_eq(cJSON_GetObjectItem(root, "id")->valuestring, "r-1");
  ck_assert_str_eq(cJSON_GetObjectItem(root, "procedure")->valuestring,
                   "normative_document");
  ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(root, "ok")));
  cJSON *fs = cJSON_GetObjectItem(root, "findings");
  ck_assert_int_eq(cJSON_GetArraySize(fs), (int)dp_report_count(rep));
  int seen_full = 0, seen_missing = 0, seen_unverified = 0;
  for (int i = 0; i < cJSON_GetArraySize(fs); i++) {
    const cJSON *o = cJSON_GetArrayItem(fs, i);
    const dp_finding *f = dp_report_finding(rep, (size_t)i);
    const char *keys[9];
    size_t n = 0;
    keys[n++] = "code";
    keys[n++] = "severity";
    if (dp_finding_step(f)) keys[n++] = "step";
    if (dp_finding_other(f)) keys[n++] = "other";
    if (dp_finding_event(f) >= 0) keys[n++] = "event";
    keys[n++] = "rule";
    keys[n++] = "message";
    keys[n++] = "basis";
    keys[n++] = "verified";
    assert_keys(o, keys, n);
    ck_assert_str_eq(cJSON_GetObjectItem(o, "code")->valuestring,
                     dp_code_name(dp_finding_code(f)));
    ck_assert_str_eq(cJSON_GetObjectItem(o, "severity")->valuestring,
                     dp_finding_severity(f) == DP_ERROR ? "error" : "warning");
    ck_assert_str_eq(cJSON_GetObjectItem(o, "rule")->valuestring,
                     dp_finding_rule(f));
    ck_assert_str_eq(cJSON_GetObjectItem(o, "message")->valuestring,
                     dp_finding_message(f, DP_LANG_ZH));
    ck_assert_str_eq(cJSON_GetObjectItem(o, "basis")->valuestring,
                     dp_finding_basis(f));
    ck_assert(cJSON_IsBool(cJSON_GetObjectItem(o, "verified")));
    const char *rule = dp_finding_rule(f);
    if (strcmp(rule, "nd.review-before-decision") == 0) {
      seen_full = 1;
      ck_assert_str_eq(cJSON_GetObjectItem(o, "step")->valuestring,
                       "collective_decision");
      ck_assert_str_eq(cJSON_GetObjectItem(o, "other")->valuestring,
                       "legality_review");
      ck_assert_int_eq(cJSON_GetObjectItem(o, "event")->valueint, 1);
      ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(o, "verified")));
    } else if (strcmp(rule, "nd.assessment") == 0) {
      seen_missing = 1;
      ck_assert_ptr_null(cJSON_GetObjectItem(o, "other"));
      ck_assert_ptr_null(cJSON_GetObjectItem(o, "event"));
      ck_assert_str_eq(cJSON_GetObjectItem(o, "message")->valuestring,
                       "未进行评估论证（亦无专家论证、风险评估）");
    } else if (strcmp(rule, "nd.doc-number") == 0) {
      seen_unverified = 1;
      ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(o, "verified")));
      ck_assert_int_eq(cJSON_GetObjectItem(o, "event")->valueint, 3);
    }
  }
  ck_assert(seen_full && seen_missing && seen_unverified);
  cJSON_Delete(root);
  dp_free(js);

  /* English messages */
  js = report_json(rep, DP_LANG_EN);
  root = cJSON_Parse(js);
  fs = cJSON_GetObjectItem(root, "findings");
  for (int i = 0; i < cJSON_GetArraySize(fs); i++)
    ck_assert_str_eq(
        cJSON_GetObjectItem(cJSON_GetArrayItem(fs, i), "message")->valuestring,
        dp_finding_message(dp_report_finding(rep, (size_t)i), DP_LANG_EN));
  ck_assert_ptr_nonnull(strstr(js, "\"message\":\"no assessment (nor expert review, risk assessment)\""));
  cJSON_Delete(root);
  dp_free(js);
  dp_report_free(rep);
}
END_TEST

START_TEST(report_json_ok_and_escaping) {
  int rc;
  dp_error err;
  dp_record *r = from_json(SAMPLE, &rc, &err);
  ck_assert_int_eq(dp_record_set(r, "id", "a\"b\\c\n d"), 0);
  dp_report *rep = check(r);
  char *js = report_json(rep, 0);
  ck_assert_ptr_null(strchr(js, '\n'));
  cJSON *root = cJSON_Parse(js);
  ck_assert_ptr_nonnull(root);
  ck_assert_str_eq(cJSON_GetObjectItem(root, "id")->valuestring, "a\"b\\c\n d");
  ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(root, "ok")));
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(root, "findings")),
                   0);
  cJSON_Delete(root);
  dp_free(js);
  dp_report_free(rep);
  dp_record_free(r);
  ck_assert_ptr_null(dp_report_to_json(NULL, DP_LANG_ZH, NULL));
}
END_TEST

START_TEST(code_names) {
  static const char *const names[] = {
      "missing",         "out_of_order", "too_short",
      "too_long",        "overdue",      "after_rejection",
      "incomplete",      "malformed",    "invalid_record"};
  ck_assert_int_eq(DP_CODE__COUNT, 9);
  for (int i = 0; i < DP_CODE__COUNT; i++) {
    ck_assert_str_eq(dp_code_name((dp_code)i), names[i]);
    ck_assert_int_eq(dp_code_from_name(names[i]), i);
  }
  ck_assert_ptr_null(dp_code_name(DP_CODE__COUNT));
  ck_assert_int_eq(dp_code_from_name("late"), -1);
  ck_assert_int_eq(dp_code_from_name(NULL), -1);
}
END_TEST

START_TEST(check_bad_arguments) {
  dp_report *rep = (dp_report *)1;
  dp_record *r = dp_test_record(NULL);
  ck_assert_int_eq(dp_check(NULL, r, NULL, &rep), DP_EINVAL);
  ck_assert_ptr_null(rep);
  ck_assert_int_eq(dp_check(eng, NULL, NULL, &rep), DP_EINVAL);
  ck_assert_int_eq(dp_check(eng, r, NULL, NULL), DP_EINVAL);
  /* an empty record: no id */
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  const dp_finding *f;
  ck_assert_one_finding(f, rep, "record.invalid", DP_INVALID_RECORD, DP_ERROR,
                        NULL, NULL, -1);
  ck_assert_ptr_null(dp_report_id(rep));
  dp_report_free(rep);
  dp_record_free(r);
}
END_TEST

/* Every call that hands back an object through an out-pointer leaves it
 * NULL on error (a pointer that was there before included), so that a
 * caller writing `if (rc) return rc;` never leaks and never frees what it
 * did not get. */
START_TEST(out_null_on_error) {
  static char sentinel;
  void *const S = &sentinel;
  dp_error err = {0};
  dp_record *r = S;
  ck_assert_int_eq(dp_record_from_json(&r, "[1]", 3, 0, &err), DP_ERECORD);
  ck_assert_ptr_null(r);
  char deep[201];
  memset(deep, '[', 100);
  memset(deep + 100, ']', 100);
  deep[200] = '\0';
  r = S;
  ck_assert_int_eq(dp_record_from_json(&r, deep, 200, 0, NULL), DP_ELIMIT);
  ck_assert_ptr_null(r);
  r = S;
  ck_assert_int_eq(dp_record_from_json(&r, "{", 1, 0, NULL), DP_EJSON);
  ck_assert_ptr_null(r);
  r = S;
  ck_assert_int_eq(dp_record_from_json(&r, NULL, 0, 0, NULL), DP_EINVAL);
  ck_assert_ptr_null(r);
  r = S;
  ck_assert_int_eq(dp_record_from_text(&r, NULL, 1, NULL, 1), DP_EINVAL);
  ck_assert_ptr_null(r);

  dp_reader *rd = S;
  ck_assert_int_eq(dp_reader_open(&rd, "no/such/file.json", DP_FORMAT_AUTO,
                                  NULL),
                   DP_EIO);
  ck_assert_ptr_null(rd);
  rd = S;
  ck_assert_int_eq(dp_reader_open(&rd, NULL, DP_FORMAT_AUTO, NULL),
                   DP_EINVAL);
  ck_assert_ptr_null(rd);
  rd = S;
  ck_assert_int_eq(dp_reader_open_string(&rd, NULL, 1, NULL, DP_FORMAT_JSON,
                                         NULL),
                   DP_EINVAL);
  ck_assert_ptr_null(rd);
  rd = S;
  ck_assert_int_eq(dp_reader_open_string_ex(&rd, "{}", 2, NULL,
                                            DP_FORMAT_JSON, "klingon", NULL),
                   DP_EINVAL);
  ck_assert_ptr_null(rd);
  r = S;
  ck_assert_int_eq(dp_reader_next(NULL, &r, NULL), DP_EINVAL);
  ck_assert_ptr_null(r);
  dp_piece *pc = NULL;
  ck_assert_int_eq(dp_reader_next_piece(NULL, &pc, NULL), DP_EINVAL);
  ck_assert_ptr_null(pc);
  ck_assert_int_eq(dp_reader_open_string(&rd, "case_id,step,date\n", 18,
                                         NULL, DP_FORMAT_CSV, NULL),
                   0);
  ck_assert_int_eq(dp_reader_next_piece(rd, NULL, NULL), DP_EINVAL);
  ck_assert_int_eq(dp_reader_next_piece(rd, &pc, NULL), 0); /* no rows */
  ck_assert_ptr_null(pc);
  dp_reader_free(rd);

  dp_report *rep = S;
  ck_assert_int_eq(dp_check(eng, NULL, NULL, &rep), DP_EINVAL);
  ck_assert_ptr_null(rep);
  dp_record *bare = dp_test_record(NULL);
  dp_gate *g = S;
  ck_assert_int_eq(dp_gate_new(&g, eng, bare, 19000, NULL, NULL),
                   DP_EPROCEDURE);
  ck_assert_ptr_null(g);
  ck_assert_int_eq(dp_record_set(bare, "id", "x"), 0);
  ck_assert_int_eq(dp_record_set(bare, "procedure", "normative_document"),
                   0);
  ck_assert_int_eq(dp_gate_new(&g, eng, bare, 19000, NULL, NULL), 0);
  rep = S;
  int may = 1;
  ck_assert_int_lt(dp_gate_may(g, "no_such_step", 19000, &may, &rep, NULL), 0);
  ck_assert_ptr_null(rep);
  ck_assert_int_eq(may, 0);
  dp_gate_free(g);
  ck_assert_int_eq(dp_check(eng, bare, NULL, &rep), 0);
  char *diff = S;
  ck_assert_int_eq(dp_report_expected(rep, bare, &diff), DP_ENOTFOUND);
  ck_assert_ptr_null(diff);
  dp_report_free(rep);
  dp_record_free(bare);
}
END_TEST

/* A record built with an engine refuses step and attribute names the
 * engine does not know, naming the nearest; one built without (or read
 * from a file) keeps them as data, for dp_check to report. */
START_TEST(api_refuses_unknown_names) {
  dp_record *r = dp_test_record(eng);
  ck_assert_int_eq(dp_record_set(r, "id", "api-1"), 0);
  ck_assert_int_eq(dp_record_add_event(r), 0);
  dp_error err = {0};
  ck_assert_int_eq(dp_event_set(r, 0, "step", "filng", &err), DP_EINVAL);
  ck_assert_int_eq(err.code, DP_EINVAL);
  ck_assert_str_eq(err.source, "api-1");
  ck_assert_str_eq(err.text,
                   "events[0].step: unknown step 'filng'; did you mean "
                   "'filing'?");
  ck_assert_ptr_null(dp_event_get(r, 0, "step"));
  dp_error e2 = {0};
  ck_assert_int_eq(dp_event_set(r, 0, "step", "qqqqqqqqqqqq", &e2), DP_EINVAL);
  ck_assert_str_eq(e2.text, "events[0].step: unknown step 'qqqqqqqqqqqq'");
  ck_assert_int_eq(dp_event_set(r, 0, "step", "filing", NULL), 0);
  ck_assert_str_eq(dp_event_get(r, 0, "step"), "filing");
  /* a label is free text */
  ck_assert_int_eq(dp_event_set(r, 0, "label", "报送备案", NULL), 0);
  dp_error e3 = {0};
  ck_assert_int_eq(dp_event_set(r, 3, "date", "2023-01-01", &e3), DP_EINVAL);
  ck_assert_str_eq(e3.text, "events[3]: no such event (1 events)");

  dp_error e4 = {0};
  ck_assert_int_eq(dp_record_set_attribute(r, "tecnical", 1, &e4), DP_EINVAL);
  ck_assert_str_eq(e4.text, "attributes: unknown attribute 'tecnical'; did "
                            "you mean 'technical'?");
  ck_assert_int_eq(dp_record_attribute(r, "tecnical"), 0);
  ck_assert_int_eq(dp_record_set_attribute(r, "technical", 1, NULL), 0);
  dp_error e5 = {0};
  ck_assert_int_eq(
      dp_record_set_attribute_string(r, "isuer", "government", &e5),
      DP_EINVAL);
  ck_assert_str_eq(e5.text, "attributes: unknown attribute 'isuer'; did you "
                            "mean 'issuer'?");
  ck_assert_int_eq(
      dp_record_set_attribute_string(r, "issuer", "government", NULL), 0);
  dp_error e6 = {0};
  ck_assert_int_eq(dp_record_add_unknown(r, "archving", &e6), DP_EINVAL);
  ck_assert_str_eq(e6.text, "unknown: unknown step 'archving'; did you mean "
                            "'archiving'?");
  ck_assert_int_eq(dp_record_add_unknown(r, "archiving", NULL), 0);
  dp_record_free(r);

  /* without an engine the names are data, as in a file: dp_check says
   * what it does not know */
  r = dp_test_record(NULL);
  ck_assert_int_eq(dp_record_set(r, "id", "data-1"), 0);
  ck_assert_int_eq(dp_record_set(r, "procedure", "normative_document"), 0);
  ck_assert_int_eq(dp_record_add_event(r), 0);
  ck_assert_int_eq(dp_event_set(r, 0, "step", "filng", NULL), 0);
  ck_assert_int_eq(dp_event_set(r, 0, "date", "2023-01-01", NULL), 0);
  ck_assert_int_eq(dp_record_set_attribute(r, "tecnical", 1, NULL), 0);
  dp_report *rep = check(r);
  ck_assert_ptr_nonnull(dp_test_find(rep, "record.step", DP_MALFORMED));
  ck_assert_ptr_nonnull(dp_test_find(rep, "record.attribute", DP_MALFORMED));
  dp_report_free(rep);
  dp_record_free(r);
}
END_TEST

/* A step an overlay declares is a step of that engine's records. */
START_TEST(api_takes_steps_the_rules_declare) {
  dp_engine *e = NULL;
  ck_assert_int_eq(dp_engine_new(&e, 0, NULL), 0);
  dp_record *r = dp_test_record(e);
  ck_assert_int_eq(dp_record_add_event(r), 0);
  ck_assert_int_eq(dp_event_set(r, 0, "step", "local_check", NULL),
                   DP_EINVAL);
  const char *text = "step local_check \"本地核查\" \"local check\"\n";
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_load_string(e, text, strlen(text), "x", &err), 0);
  ck_assert_int_eq(dp_event_set(r, 0, "step", "local_check", NULL), 0);
  dp_record_free(r);
  dp_engine_free(e);
}
END_TEST

/* One severity type for rules and findings, one way to pass a language. */
START_TEST(one_severity_one_lang) {
  ck_assert_str_eq(dp_severity_name(DP_ERROR), "error");
  ck_assert_str_eq(dp_severity_name(DP_WARNING), "warning");
  ck_assert_ptr_null(dp_severity_name((dp_severity)7));
  dp_report *rep = dp_test_check(eng, "{'id':'s','procedure':'normative_document',"
                                      "'events':[]}");
  ck_assert_uint_gt(dp_report_count(rep), 0);
  for (size_t i = 0; i < dp_report_count(rep); i++) {
    const dp_finding *f = dp_report_finding(rep, i);
    const dp_rule *r = dp_engine_find_rule(eng, NULL, dp_finding_rule(f));
    if (!r) continue;
    dp_severity a = dp_rule_severity(r), b = dp_finding_severity(f);
    if (strcmp(dp_rule_kind(r), "order") != 0) ck_assert_int_eq(a, b);
  }
  char *zh = dp_report_to_json(rep, DP_LANG_ZH, NULL);
  char *en = dp_report_to_json(rep, DP_LANG_EN, NULL);
  ck_assert_ptr_nonnull(strstr(zh, "未"));
  ck_assert_ptr_null(strstr(en, "未"));
  dp_free(zh);
  dp_free(en);
  dp_report_free(rep);
  const dp_rule *r = dp_engine_find_rule(eng, NULL, "nd.comment");
  ck_assert_ptr_nonnull(r);
  ck_assert_ptr_ne(dp_rule_summary(r, DP_LANG_ZH), dp_rule_summary(r, DP_LANG_EN));
  ck_assert_str_eq(dp_engine_procedure_title(eng, 0, DP_LANG_ZH), "行政规范性文件");
}
END_TEST

/* A record from (single-quoted) JSON text that must parse. */
static dp_record *read_sq(const char *sq) {
  char *json = dp_test_sq(sq);
  dp_record *r = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_record_from_json(&r, json, strlen(json), 0, &err), 0);
  free(json);
  return r;
}

/* A fixed-seed generator: the same strings on every run. */
static uint32_t rng_state;
static uint32_t rng(void) {
  rng_state = rng_state * 1664525u + 1013904223u;
  return rng_state >> 8;
}

/* The field-name lookups against a plain reference that compares a name
 * with every name of the format.  Names, every prefix, every name with a byte changed or one
 * more, and random strings over the names' own letters, each in a heap
 * block of its own size (what comes after a NUL is never read: ASan and
 * valgrind would see it), including blocks that go on after a NUL. */
static int ref_lookup(const char *s, const char *const *names, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(s, names[i]) == 0) return (int)i;
  return -1;
}

static long lookups_checked;

/* The block s[0..n) (NUL-terminated somewhere inside) through each lookup. */
static void lookups_agree(const char *s, size_t n) {
  char *v = malloc(n);
  ck_assert_ptr_nonnull(v);
  memcpy(v, s, n);
  int e = ref_lookup(v, dp__efield_names, DP__EF_COUNT);
  int b = ref_lookup(v, dp__ebool_names, DP__EB_COUNT);
  int r = ref_lookup(v, dp__rfield_names, DP__RF_COUNT);
  int any = e >= 0 ? e : b >= 0 ? DP__EF_COUNT + b : -1;
  ck_assert_msg(dp__field_lookup(v) == any, "field '%s': %d, want %d", v,
                dp__field_lookup(v), any);
  ck_assert_msg(dp__efield_lookup(v) == e, "efield '%s'", v);
  ck_assert_msg(dp__ebool_lookup(v) == b, "ebool '%s'", v);
  ck_assert_msg(dp__rfield_lookup(v) == r, "rfield '%s': %d, want %d", v,
                dp__rfield_lookup(v), r);
  free(v);
  lookups_checked++;
}

static void lookups_agree_str(const char *s) { lookups_agree(s, strlen(s) + 1); }

START_TEST(field_lookup_matches_names) {
  const char *names[DP__EF_COUNT + DP__EB_COUNT + DP__RF_COUNT + 3];
  size_t nn = 0;
  for (int i = 0; i < DP__EF_COUNT; i++) names[nn++] = dp__efield_names[i];
  for (int i = 0; i < DP__EB_COUNT; i++) names[nn++] = dp__ebool_names[i];
  for (int i = 0; i < DP__RF_COUNT; i++) names[nn++] = dp__rfield_names[i];
  names[nn++] = "attributes";
  names[nn++] = "events";
  names[nn++] = "feedback";
  static const char bytes[] = {'a',  'd',  'e',    'p',    's',    't',
                               'x',  'z',  '_',    'A',    'D',    'S',
                               '0',  ' ',  '\x01', '\x7f', '\x80', '\xe9',
                               '\xff'};
  lookups_checked = 0;
  lookups_agree_str("");
  for (size_t i = 0; i < nn; i++) {
    const char *w = names[i];
    size_t n = strlen(w);
    char b[64];
    lookups_agree_str(w);
    for (size_t cut = 0; cut < n; cut++) {
      /* a prefix, alone and with the rest of the name after its NUL */
      snprintf(b, sizeof b, "%.*s", (int)cut, w);
      lookups_agree_str(b);
      memcpy(b, w, n + 1);
      b[cut] = '\0';
      lookups_agree(b, n + 1);
    }
    for (size_t p = 0; p <= n; p++)
      for (size_t c = 0; c < sizeof bytes; c++) {
        /* a byte changed, or the NUL made another byte (one more) */
        memcpy(b, w, n + 1);
        b[p] = bytes[c];
        b[n + 1] = '\0';
        lookups_agree(b, n + 2);
        /* a byte put in */
        memcpy(b, w, p);
        b[p] = bytes[c];
        memcpy(b + p + 1, w + p, n - p + 1);
        lookups_agree_str(b);
      }
    for (size_t p = 0; p < n; p++) {
      /* case changed */
      memcpy(b, w, n + 1);
      b[p] = (char)(b[p] ^ 0x20);
      lookups_agree_str(b);
    }
  }
  /* random strings over the names' letters */
  char letters[128];
  size_t nl = 0;
  for (size_t i = 0; i < nn; i++)
    for (const char *p = names[i]; *p; p++)
      if (!memchr(letters, *p, nl)) letters[nl++] = *p;
  rng_state = 42;
  for (int k = 0; k < 200000; k++) {
    char b[24];
    size_t len = rng() % 20;
    const char *w = names[rng() % nn];
    for (size_t j = 0; j < len; j++)
      /* mostly the bytes of a name, so that most strings get far */
      b[j] = rng() % 4 ? w[j < strlen(w) ? j : strlen(w) - 1]
                       : letters[rng() % nl];
    b[len] = '\0';
    lookups_agree_str(b);
  }
  ck_assert_int_eq(dp__field_lookup(NULL), -1);
  ck_assert_int_eq(dp__rfield_lookup(NULL), -1);
  ck_assert_int_gt(lookups_checked, 200000);
}
END_TEST

/* ---------------------------------------------------------------------
 * Strings borrowed from the JSON tree
 * ------------------------------------------------------------------- */


START_TEST(borrowed_strings_replaced) {
  dp_record *r = read_sq(
      "{'id':'b-1','procedure':'normative_document','title':'原标题',"
      "'attributes':{'technical':true},"
      "'events':[{'label':'组织相关领域专家论证','date':'2023-03-01'},"
      "{'step':'publication','date':'2023-04-20','channel':'政府公报'}]}");
  ck_assert_str_eq(dp_record_get(r, "title"), "原标题");
  ck_assert_str_eq(dp_event_get(r, 0, "label"), "组织相关领域专家论证");
  /* replacing borrowed strings with owned ones, twice, and by NULL */
  ck_assert_int_eq(dp_record_set(r, "title", "新标题"), 0);
  ck_assert_int_eq(dp_record_set(r, "title", "再新标题"), 0);
  ck_assert_str_eq(dp_record_get(r, "title"), "再新标题");
  ck_assert_int_eq(dp_record_set(r, "id", "b-2"), 0);
  ck_assert_int_eq(dp_event_set(r, 0, "label", "公开征求意见", NULL), 0);
  ck_assert_int_eq(dp_event_set(r, 0, "label", "公开征求社会公众意见", NULL), 0);
  ck_assert_int_eq(dp_event_set(r, 1, "channel", NULL, NULL), 0);
  ck_assert_ptr_null(dp_event_get(r, 1, "channel"));
  ck_assert_int_eq(dp_event_set(r, 1, "date", "2023-04-21", NULL), 0);
  ck_assert_int_eq(dp_record_set_attribute(r, "technical", 0, NULL), 0);
  ck_assert_int_eq(dp_record_attribute(r, "technical"), 0);
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  ck_assert_str_eq(dp_report_id(rep), "b-2");
  dp_record_free(r);
  /* the report owns its strings: still readable after the record */
  ck_assert_str_eq(dp_report_id(rep), "b-2");
  ck_assert_str_eq(dp_report_procedure(rep), "normative_document");
  dp_report_free(rep);
}
END_TEST

START_TEST(invalid_utf8_outside_fields) {
  /* bad bytes in a field no rule reads: the record is checked as usual */
  const char *good =
      "{\"id\":\"u-1\",\"procedure\":\"normative_document\","
      "\"note\":\"\xff\xfe\",\"events\":[{\"step\":\"assessment\","
      "\"date\":\"2023-03-01\"}]}";
  dp_record *r = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_record_from_json(&r, good, strlen(good), 0, &err), 0);
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  ck_assert_no_finding(rep, "record.field");
  ck_assert_ptr_nonnull(dp_test_find(rep, "nd.review", DP_MISSING));
  dp_report_free(rep);
  dp_record_free(r);
  /* in the title: a warning names the field, the rest is still checked */
  const char *bad =
      "{\"id\":\"u-2\",\"procedure\":\"normative_document\","
      "\"title\":\"\xe5\xae\",\"events\":[{\"step\":\"assessment\","
      "\"date\":\"2023-03-01\"},{\"label\":\"\xe8\xaf\x84\xe4\xbc\xb0\","
      "\"date\":\"2023-03-02\",\"by\":\"\xc0\xaf\"}]}";
  ck_assert_int_eq(dp_record_from_json(&r, bad, strlen(bad), 0, &err), 0);
  ck_assert_ptr_null(dp_record_get(r, "title"));
  ck_assert_ptr_null(dp_event_get(r, 1, "by"));
  ck_assert_str_eq(dp_event_get(r, 1, "label"), "评估");
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  ck_assert_uint_eq(dp_test_count(rep, "record.field"), 2);
  ck_assert_ptr_nonnull(dp_test_find(rep, "nd.review", DP_MISSING));
  dp_report_free(rep);
  dp_record_free(r);
}
END_TEST

/* An event as dp_record_add_event and the JSON reader make it, in arrays
 * a spare record brings back full of the last record's events. */
static void event_is_blank(const dp_record *r, size_t i) {
  const dp__event *ev = &r->ev[i];
  for (int f = 0; f < DP__EF_COUNT; f++)
    ck_assert_msg(ev->f[f] == NULL, "event %zu field %d", i, f);
  ck_assert_uint_eq(ev->own, 0);
  for (int b = 0; b < DP__EB_COUNT; b++) ck_assert_int_eq(ev->b[b], -1);
  for (int k = 0; k < 3; k++) {
    ck_assert_int_eq(ev->day[k], DP_NO_DATE);
    ck_assert_int_eq(ev->secs[k], -1);
    ck_assert_uint_eq(ev->dstate[k], DP__D_ABSENT);
  }
  ck_assert_int_eq(ev->line, 0);
  ck_assert_uint_eq(ev->ignore, 0);
}

START_TEST(added_event_is_blank) {
  static const char full[] =
      "{'id':'b-1','procedure':'normative_document','events':["
      "{'step':'s','label':'l','date':'2023-01-02T10:00','start':'2023-01-03',"
      "'end':'2023-02-30','result':'r','by':'b','meeting':'m','channel':'c',"
      "'reason':'x','signed':true,'feedback_published':false},5,"
      "{'step':'s','label':'l','date':'2023-01-02','start':'2023-01-03',"
      "'end':'2023-01-04','result':'r','by':'b','meeting':'m','channel':'c',"
      "'reason':'x','signed':false,'feedback_published':true}]}";
  for (int round = 0; round < 2; round++) {
    dp_record *r = read_sq(full);
    ck_assert_uint_eq(dp_record_event_count(r), 3);
    for (size_t i = 0; i < 3; i++) r->ev[i].line = 7 + (int)i;
    dp_record_free(r); /* the thread's spare: its arrays come back */
    if (round == 0) {
      r = read_sq("{'id':'b-2','procedure':'normative_document','events':"
                  "[{},{'zzz':1},{'step':null,'signed':null}]}");
    } else {
      r = dp_test_record(NULL);
      ck_assert_ptr_nonnull(r);
      for (int i = 0; i < 3; i++) ck_assert_int_eq(dp_record_add_event(r), i);
    }
    ck_assert_uint_eq(dp_record_event_count(r), 3);
    for (size_t i = 0; i < 3; i++) event_is_blank(r, i);
    dp_record_free(r);
  }
}
END_TEST

static int str_same(const char *a, const char *b) {
  return a == b || (a && b && strcmp(a, b) == 0);
}

/* Which field a member of an event or of the record sets, against a plain
 * model of the format: names compared with strcmp, each value's type
 * looked at by hand.  Every field name and near misses, with values of
 * each type, in trusted records and in records with a bad UTF-8 byte
 * elsewhere (every string then checked). */
START_TEST(fields_read_by_name) {
  static const char *const names[] = {
      "step", "label", "date", "start", "end", "result", "by", "meeting",
      "channel", "reason", "signed", "feedback_published", "dat", "dates",
      "Date", "date_", "feedback_publishe", "feedback_publishedx", "ste",
      "stepx", "star", "startx", "b", "byy", "e", "endx", "signe", "signedx",
      "labe", "result_", "reaso", "reasons", "meetin", "channels", "",
      "id", "procedure", "title", "authority", "doc_number", "attributes",
      "events", "i", "idx", "procedur", "proceduree", "titl", "titles",
      "authorit", "authorityx", "doc_numbe", "doc_numberx", "attribute",
      "attributesx", "event", "eventsx", "a", "at"};
  /* value, its kind: s a string (its text), S a string with bad UTF-8, t
   * true, f false, n null, o another type */
  static const struct {
    const char *json, kind, *text;
  } values[] = {{"\"2023-01-02\"", 's', "2023-01-02"},
                {"\"x\"", 's', "x"},
                {"\"a\xff\"", 'S', NULL},
                {"true", 't', NULL},
                {"false", 'f', NULL},
                {"null", 'n', NULL},
                {"5", 'o', NULL},
                {"[]", 'o', NULL}};
  char text[512];
  for (size_t k = 0; k < sizeof names / sizeof *names; k++)
    for (size_t v = 0; v < sizeof values / sizeof *values; v++)
      for (int untrusted = 0; untrusted < 2; untrusted++) {
        const char *name = names[k];
        char kind = values[v].kind;
        int is_str = kind == 's', is_bool = kind == 't' || kind == 'f';
        int e = -1, b = -1, rf = -1;
        for (int i = 0; i < DP__EF_COUNT; i++)
          if (strcmp(name, dp__efield_names[i]) == 0) e = i;
        for (int i = 0; i < DP__EB_COUNT; i++)
          if (strcmp(name, dp__ebool_names[i]) == 0) b = i;
        for (int i = 0; i < DP__RF_COUNT; i++)
          if (strcmp(name, dp__rfield_names[i]) == 0) rf = i;
        const char *zz = untrusted ? ",\"zz\":\"\xfe\"" : "";
        /* the member in an event */
        snprintf(text, sizeof text,
                 "{\"id\":\"a\",\"procedure\":\"p\"%s,\"events\":[{\"%s\":%s}]}",
                 zz, name, values[v].json);
        dp_record *r = NULL;
        dp_error err = {0};
        ck_assert_int_eq(dp_record_from_json(&r, text, strlen(text), 0, &err),
                         0);
        ck_assert_uint_eq(r->nev, 1);
        const dp__event *ev = &r->ev[0];
        for (int i = 0; i < DP__EF_COUNT; i++) {
          const char *want = i == e && is_str ? values[v].text : NULL;
          ck_assert_msg(str_same(ev->f[i], want), "%s: %s is '%s'", text,
                        dp__efield_names[i], ev->f[i] ? ev->f[i] : "(null)");
          if (i >= DP__EF_DATE && i <= DP__EF_END) {
            int slot = i - DP__EF_DATE;
            int32_t d, s;
            int st = i != e || kind == 'n' ? DP__D_ABSENT
                     : is_str && dp_date_parse(values[v].text,
                                               strlen(values[v].text), &d,
                                               &s) == 0
                         ? DP__D_OK
                         : DP__D_BAD;
            ck_assert_msg(ev->dstate[slot] == st, "%s: date state %d", text,
                          ev->dstate[slot]);
          }
        }
        for (int i = 0; i < DP__EB_COUNT; i++) {
          int want = i == b && is_bool ? kind == 't' : -1;
          ck_assert_msg(ev->b[i] == want, "%s: %s is %d", text,
                        dp__ebool_names[i], ev->b[i]);
        }
        size_t issues = (e >= 0 && kind != 'n' && !is_str) ||
                        (b >= 0 && kind != 'n' && !is_bool);
        ck_assert_msg(r->nissues == issues, "%s: %zu issues", text,
                      r->nissues);
        dp_record_free(r);
        /* the member in the record */
        snprintf(text, sizeof text,
                 "{\"id\":\"a\",\"procedure\":\"p\"%s,\"%s\":%s}", zz, name,
                 values[v].json);
        ck_assert_int_eq(dp_record_from_json(&r, text, strlen(text), 0, &err),
                         0);
        for (int i = 0; i < DP__RF_COUNT; i++) {
          const char *want = i == 0 ? "a" : i == 1 ? "p"
                             : i == rf && is_str ? values[v].text
                                                 : NULL;
          ck_assert_msg(str_same(r->f[i], want), "%s: %s is '%s'", text,
                        dp__rfield_names[i], r->f[i] ? r->f[i] : "(null)");
        }
        int attrs = strcmp(name, "attributes") == 0;
        int events = strcmp(name, "events") == 0;
        issues = kind != 'n' && ((rf > 1 && !is_str) || attrs ||
                                 (events && strcmp(values[v].json, "[]")));
        ck_assert_msg(r->nissues == issues, "%s: %zu issues", text,
                      r->nissues);
        ck_assert_uint_eq(r->nev, 0);
        ck_assert_uint_eq(r->nattrs, 0);
        dp_record_free(r);
      }
}
END_TEST

/* ---------------------------------------------------------------------
 * What a thread remembers of labels
 * ------------------------------------------------------------------- */

/* A normative document whose collective decision is given by `label`. */
static dp_report *check_label(const dp_engine *e, const char *label) {
  char sq[1024];
  snprintf(sq, sizeof sq,
           "{'id':'l-1','procedure':'normative_document',"
           "'doc_number':'平政〔2023〕1号','events':["
           "{'step':'assessment','date':'2023-03-01'},"
           "{'label':'%s','date':'2023-04-11'},"
           "{'step':'publication','date':'2023-04-20'}]}",
           label);
  return dp_test_check(e, sq);
}

START_TEST(label_memory_same_answer) {
  /* the same label in one record, record after record: the same step and
   * the same meeting taken from it */
  for (int round = 0; round < 3; round++) {
    dp_report *rep = check_label(eng, "市政府第10次常务会议审议通过");
    ck_assert_no_finding(rep, "record.label");
    ck_assert_no_finding(rep, "nd.decision"); /* meeting from the label */
    ck_assert_ptr_nonnull(dp_test_find(rep, "nd.review", DP_MISSING));
    dp_report_free(rep);
    rep = check_label(eng, "市政府第11次研究"); /* no step */
    ck_assert_uint_eq(dp_test_count(rep, "record.label"), 1);
    dp_report_free(rep);
  }
}
END_TEST

START_TEST(label_memory_captured_value) {
  /* a major decision whose meeting, taken from its label, is of the wrong
   * kind: the message quotes the captured text, the second time too */
  const char *sq =
      "{'id':'l-2','procedure':'major_decision','events':["
      "{'step':'public_comment','start':'2023-02-01','end':'2023-03-02'},"
      "{'step':'legality_review','start':'2023-03-06','end':'2023-03-17',"
      "'result':'pass'},"
      "{'label':'区长碰头会议讨论决定','date':'2023-03-28'},"
      "{'step':'publication','date':'2023-04-03'}]}";
  for (int round = 0; round < 2; round++) {
    dp_report *rep = dp_test_check(eng, sq);
    const dp_finding *f = dp_test_find(rep, "md.decision", DP_INCOMPLETE);
    ck_assert_msg(f != NULL, "no md.decision:%s", dp_test_dump(rep));
    ck_assert_msg_has(f, DP_LANG_ZH, "“区长碰头会议”");
    dp_report_free(rep);
  }
}
END_TEST

static const char overlay_label[] =
    "overlay normative_document\n"
    "label collective_decision /区务会商会/\n";

START_TEST(label_memory_new_rules) {
  /* not a step, remembered; then rules that make it one: the memory of
   * the old rules is not used */
  dp_report *rep = check_label(eng, "区务会商会讨论通过");
  ck_assert_uint_eq(dp_test_count(rep, "record.label"), 1);
  dp_report_free(rep);
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_load_string(eng, overlay_label,
                                         strlen(overlay_label), "o", &err),
                   0);
  rep = check_label(eng, "区务会商会讨论通过");
  ck_assert_no_finding(rep, "record.label");
  dp_report_free(rep);
}
END_TEST

START_TEST(label_memory_two_engines) {
  /* two engines, one thread, the same label in turn */
  dp_engine *other = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_new(&other, 0, &err), 0);
  ck_assert_int_eq(dp_engine_load_string(other, overlay_label,
                                         strlen(overlay_label), "o", &err),
                   0);
  for (int round = 0; round < 3; round++) {
    dp_report *a = check_label(eng, "区务会商会讨论通过");
    dp_report *b = check_label(other, "区务会商会讨论通过");
    ck_assert_uint_eq(dp_test_count(a, "record.label"), 1);
    ck_assert_uint_eq(dp_test_count(b, "record.label"), 0);
    dp_report_free(a);
    dp_report_free(b);
  }
  dp_engine_free(other);
}
END_TEST

START_TEST(label_memory_long_and_failing) {
  /* a label too long to remember is still matched */
  char label[400] = "";
  for (int i = 0; i < 30; i++) strcat(label, "经");
  strcat(label, "常务会议审议通过");
  ck_assert_uint_gt(strlen(label), 96);
  for (int round = 0; round < 2; round++) {
    dp_report *rep = check_label(eng, label);
    ck_assert_no_finding(rep, "record.label");
    dp_report_free(rep);
  }
  /* a pattern that hits the match limit is reported every time */
  static const char slow[] =
      "overlay normative_document\nlabel hearing /^(a+)+$/\n";
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_load_string(eng, slow, strlen(slow), "s", &err),
                   0);
  for (int round = 0; round < 2; round++) {
    dp_report *rep = check_label(eng, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab");
    int limit = 0;
    for (size_t i = 0; i < dp_report_count(rep); i++)
      limit += strstr(dp_finding_message(dp_report_finding(rep, i),
                                         DP_LANG_EN),
                      "hit its match limit") != NULL;
    ck_assert_msg(limit == 1, "round %d:%s", round, dp_test_dump(rep));
    dp_report_free(rep);
  }
}
END_TEST

/* ---------------------------------------------------------------------
 * The spare record and report of a thread
 * ------------------------------------------------------------------- */

START_TEST(spare_record_is_empty) {
  dp_record *r = read_sq(
      "{'id':'s-1','procedure':'major_decision','title':'标题',"
      "'attributes':{'technical':true,'stability_risk':true},"
      "'events':[{'step':'public_comment','start':'2023-02-01',"
      "'end':'2023-03-02'},{'label':'市政府常务会议','date':'2023-03-28'}]}");
  dp_record_free(r);
  dp_record *n = dp_test_record(NULL);
  ck_assert_ptr_nonnull(n);
  ck_assert_uint_eq(dp_record_event_count(n), 0);
  ck_assert_ptr_null(dp_record_get(n, "id"));
  ck_assert_ptr_null(dp_record_get(n, "title"));
  ck_assert_int_eq(dp_record_attribute(n, "technical"), 0);
  ck_assert_int_eq(dp_record_add_event(n), 0);
  ck_assert_ptr_null(dp_event_get(n, 0, "step"));
  ck_assert_ptr_null(dp_event_get(n, 0, "label"));
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, n, NULL, &rep), 0);
  ck_assert_ptr_nonnull(dp_test_find(rep, "record.invalid", -1));
  dp_report_free(rep);
  dp_record_free(n);
}
END_TEST

/* A thread keeps up to a batch of freed records and reports (the Python
 * binding checks 128 at a time): every one made again from them is as
 * new, whatever it held; a record from a CSV log's piece too, its strings
 * in its arena. */
START_TEST(spares_of_a_batch_are_empty) {
  enum { N = 200 };
  static const char log[] =
      "case_id,procedure,step,date,label,attr.technical\n"
      "c,major_decision,public_comment,2023-02-01,旧标签甲,true\n"
      "c,major_decision,collective_decision,2023-03-28,旧标签乙,true\n";
  dp_record *r[N];
  dp_report *rep[N];
  for (int k = 0; k < 2; k++) {
    for (int i = 0; i < N; i++) {
      dp_reader *rd = NULL;
      ck_assert_int_eq(dp_reader_open_string(&rd, log, sizeof log - 1,
                                             "log.csv", DP_FORMAT_CSV, NULL),
                       0);
      ck_assert_int_eq(dp_reader_next(rd, &r[i], NULL), 1);
      dp_reader_free(rd);
      ck_assert_uint_eq(dp_record_event_count(r[i]), 2);
      ck_assert_int_eq(dp_check(eng, r[i], NULL, &rep[i]), 0);
      ck_assert_uint_gt(dp_report_count(rep[i]), 0);
    }
    for (int i = 0; i < N; i++) {
      dp_report_free(rep[i]);
      dp_record_free(r[i]);
    }
  }
  for (int i = 0; i < N; i++) {
    r[i] = dp_test_record(NULL);
    ck_assert_ptr_nonnull(r[i]);
    ck_assert_uint_eq(dp_record_event_count(r[i]), 0);
    ck_assert_ptr_null(dp_record_get(r[i], "id"));
    ck_assert_ptr_null(dp_record_get(r[i], "procedure"));
    ck_assert_int_eq(dp_record_attribute(r[i], "technical"), 0);
    ck_assert_int_eq(dp_record_add_event(r[i]), 0);
    ck_assert_ptr_null(dp_event_get(r[i], 0, "label"));
    ck_assert_ptr_null(dp_event_get(r[i], 0, "date"));
    ck_assert_int_eq(dp_record_set(r[i], "id", "n"), 0);
    ck_assert_int_eq(dp_record_set(r[i], "procedure", "major_decision"), 0);
    ck_assert_int_eq(dp_check(eng, r[i], NULL, &rep[i]), 0);
    ck_assert_str_eq(dp_report_id(rep[i]), "n");
    /* nothing of the CSV records' findings (their event, their label) */
    for (size_t f = 0; f < dp_report_count(rep[i]); f++)
      ck_assert_ptr_null(strstr(dp_finding_message(dp_report_finding(rep[i], f),
                                                   DP_LANG_ZH),
                                "旧标签"));
  }
  for (int i = 0; i < N; i++) {
    dp_report_free(rep[i]);
    dp_record_free(r[i]);
  }
}
END_TEST

START_TEST(spare_report_is_empty) {
  /* a report with several findings first, then one of a clean record */
  static const char faulty[] =
      "{'id':'w-1','procedure':'normative_document','title':'写出测试',"
      "'doc_number':'平政〔2023〕第1号',"
      "'events':[{'step':'assessment','date':'2023-03-01'},"
      "{'step':'collective_decision','date':'2023-04-11'},"
      "{'step':'publication','date':'2023-04-20'}]}";
  dp_report *bad = dp_test_check(eng, faulty);
  ck_assert_uint_gt(dp_report_count(bad), 2);
  dp_report_free(bad);
  dp_record *r = NULL;
  dp_error err = {0};
  char *path = dp_test_path("examples/records/nd-compliant.json");
  dp_reader *rd = NULL;
  ck_assert_int_eq(dp_reader_open(&rd, path, DP_FORMAT_AUTO, &err), 0);
  ck_assert_int_eq(dp_reader_next(rd, &r, &err), 1);
  dp_report *rep = NULL;
  ck_assert_int_eq(dp_check(eng, r, NULL, &rep), 0);
  ck_assert_msg(dp_report_ok(rep), "%s", dp_test_dump(rep));
  ck_assert_str_eq(dp_report_id(rep), dp_record_get(r, "id"));
  char *json = dp_report_to_json(rep, DP_LANG_ZH, NULL);
  ck_assert_ptr_nonnull(strstr(json, "\"findings\":["));
  ck_assert_ptr_null(strstr(json, "w-1"));
  dp_free(json);
  dp_report_free(rep);
  dp_record_free(r);
  dp_reader_free(rd);
  free(path);
}
END_TEST

/* Records made on one thread, checked and freed on another: each thread
 * keeps its own spare (ASan, valgrind and helgrind watch this one). */
typedef struct handoff {
  const dp_engine *e;
  dp_record *recs[64];
  size_t n;
} handoff;

static void *make_records(void *arg) {
  handoff *h = arg;
  for (size_t i = 0; i < 64; i++) {
    char *json = dp_test_sq(
        "{'id':'t','procedure':'normative_document','events':["
        "{'label':'市政府常务会议审议','date':'2023-04-11'}]}");
    dp_error err = {0};
    if (dp_record_from_json(&h->recs[i], json, strlen(json), 0, &err) == 0)
      h->n++;
    free(json);
  }
  return NULL;
}

static void *check_and_free(void *arg) {
  handoff *h = arg;
  for (size_t i = 0; i < h->n; i++) {
    dp_report *rep = NULL;
    if (dp_check(h->e, h->recs[i], NULL, &rep) == 0) dp_report_free(rep);
    dp_record_free(h->recs[i]);
  }
  return NULL;
}

START_TEST(spare_across_threads) {
  handoff h = {eng, {0}, 0};
  pthread_t a, b;
  ck_assert_int_eq(pthread_create(&a, NULL, make_records, &h), 0);
  pthread_join(a, NULL);
  ck_assert_uint_eq(h.n, 64);
  ck_assert_int_eq(pthread_create(&b, NULL, check_and_free, &h), 0);
  pthread_join(b, NULL);
  /* and this thread goes on with its own */
  dp_report *rep = check_label(eng, "市政府常务会议审议");
  ck_assert_no_finding(rep, "record.label");
  dp_report_free(rep);
}
END_TEST

static Suite *record_suite(void) {
  Suite *s = suite_create("record");
  TCase *tc = tcase_create("record");
  tcase_add_unchecked_fixture(tc, setup, teardown);
  tcase_add_test(tc, out_null_on_error);
  tcase_add_test(tc, one_severity_one_lang);
  tcase_add_test(tc, api_refuses_unknown_names);
  tcase_add_test(tc, api_takes_steps_the_rules_declare);
  tcase_add_test(tc, record_fields);
  tcase_add_test(tc, record_attributes);
  tcase_add_test(tc, json_empty_attribute_name);
  tcase_add_test(tc, record_events);
  tcase_add_test(tc, api_record_same_as_json);
  tcase_add_test(tc, api_bad_date_malformed);
  tcase_add_test(tc, json_sample_passes);
  tcase_add_test(tc, json_syntax_error_position);
  tcase_add_loop_test(tc, json_invalid_record, 0,
                      (int)(sizeof invalid / sizeof invalid[0]));
  tcase_add_test(tc, json_unknown_procedure);
  tcase_add_test(tc, json_no_procedure);
  tcase_add_loop_test(tc, json_wrong_types_malformed, 0,
                      (int)(sizeof wrong / sizeof wrong[0]));
  tcase_add_test(tc, json_unknown_fields_ignored);
  tcase_add_test(tc, json_date_forms);
  tcase_add_test(tc, report_json_shape);
  tcase_add_test(tc, report_json_ok_and_escaping);
  tcase_add_test(tc, code_names);
  tcase_add_test(tc, check_bad_arguments);
  suite_add_tcase(s, tc);

  tc = tcase_create("names");
  tcase_add_test(tc, field_lookup_matches_names);
  tcase_set_timeout(tc, 60);
  suite_add_tcase(s, tc);

  tc = tcase_create("json");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, borrowed_strings_replaced);
  tcase_add_test(tc, invalid_utf8_outside_fields);
  tcase_add_test(tc, added_event_is_blank);
  tcase_add_test(tc, fields_read_by_name);
  tcase_set_timeout(tc, 60);
  suite_add_tcase(s, tc);

  /* what a thread keeps: tests/helgrind.sh runs this case alone */
  tc = tcase_create("spare");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, label_memory_same_answer);
  tcase_add_test(tc, label_memory_captured_value);
  tcase_add_test(tc, label_memory_new_rules);
  tcase_add_test(tc, label_memory_two_engines);
  tcase_add_test(tc, label_memory_long_and_failing);
  tcase_add_test(tc, spare_record_is_empty);
  tcase_add_test(tc, spare_report_is_empty);
  tcase_add_test(tc, spares_of_a_batch_are_empty);
  tcase_add_test(tc, spare_across_threads);
  tcase_set_timeout(tc, 60);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(record_suite()); }

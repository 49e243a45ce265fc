/*
 * check_rules_parse.c - loading rule text with dp_engine_load_string():
 * new procedures that work, every kind of mistake reported with its code,
 * message and 1-based line/column, all-or-nothing loading, and the rule
 * introspection API.
 */
#define DP_TEST_ENGINE_FIXTURE
#include "util.h"


static int load(const char *text, dp_error *err) {
  memset(err, 0, sizeof *err);
  return dp_engine_load_string(eng, text, strlen(text), "t.rules", err);
}

/* ---------------------------------------------------------------------
 * A new procedure with new steps
 * ------------------------------------------------------------------- */

/* (drafting and signing are steps of steps.rules since v2: the new
 * procedure declares steps of its own names) */
static const char permit_rules[] =
    "# a procedure of our own\n"                                   /* 1 */
    "step drafting_x \"起草\" \"drafting\"\n"                      /* 2 */
    "step signing_x  \"签发\" \"signing\"\n"                       /* 3 */
    "\n"                                                           /* 4 */
    "procedure permit \"行政许可\" \"administrative permit\"\n"    /* 5 */
    "label drafting_x /起草/\n"                                    /* 6 */
    "label signing_x  /签发|签批/\n"                               /* 7 */
    "\n"                                                           /* 8 */
    "rule p.drafting\n"                                            /* 9 */
    "  summary en \"a draft is made\"\n"                           /* 10 */
    "  require drafting_x\n"                                       /* 11 */
    "  message en missing \"no {step} in {id}\"\n"                 /* 12 */
    "  basis \"测试依据 第一条\"\n"                                /* 13 */
    "end\n"                                                        /* 14 */
    "rule p.order\n"                                               /* 15 */
    "  order drafting_x before signing_x\n"                        /* 16 */
    "  severity warning\n"                                         /* 17 */
    "  basis \"测试依据 第二条\"\n"                                /* 18 */
    "  verified no\n"                                              /* 19 */
    "end\n"                                                        /* 20 */
    "rule p.sign-within\n"                                         /* 21 */
    "  deadline signing_x within 5 workdays after drafting_x\n"    /* 22 */
    "  when urgent and (big or not small)\n"                       /* 23 */
    "  basis \"测试依据 第三条\"\n"                                /* 24 */
    "end\n";                                                       /* 25 */

static dp_report *permit(const char *attrs, const char *events) {
  char buf[2048];
  snprintf(buf, sizeof buf,
           "{'id':'rec-1','procedure':'permit','attributes':{%s},"
           "'events':[%s]}",
           attrs, events);
  return dp_test_check(eng, buf);
}

START_TEST(new_procedure_loads_and_checks) {
  dp_error err;
  size_t nproc = dp_engine_procedure_count(eng);
  size_t nrules = dp_engine_rule_count(eng);
  ck_assert_msg(load(permit_rules, &err) == 0, "%s", err.text);
  ck_assert_int_eq(err.code, 0);
  ck_assert_uint_eq(dp_engine_procedure_count(eng), nproc + 1);
  ck_assert_str_eq(dp_engine_procedure_name(eng, nproc), "permit");
  ck_assert_str_eq(dp_engine_procedure_title(eng, nproc, DP_LANG_ZH), "行政许可");
  ck_assert_str_eq(dp_engine_procedure_title(eng, nproc, DP_LANG_EN),
                   "administrative permit");
  ck_assert_uint_eq(dp_engine_rule_count(eng), nrules + 3);

  const dp_finding *f;
  dp_report *rep = permit("", "{'step':'signing_x','date':'2022-03-01'}");
  ck_assert_one_finding(f, rep, "p.drafting", DP_MISSING, DP_ERROR,
                        "drafting_x", NULL, -1);
  ck_assert_str_eq(dp_finding_message(f, DP_LANG_EN), "no drafting in rec-1");
  /* no zh message of its own: the catalogue's, with the step's title */
  ck_assert_str_eq(dp_finding_message(f, DP_LANG_ZH), "未进行起草");
  ck_assert_str_eq(dp_finding_basis(f), "测试依据 第一条");
  ck_assert_uint_eq(dp_report_count(rep), 1); /* no ordering finding */
  dp_report_free(rep);

  /* labels of the new procedure; the order rule is a warning */
  rep = permit("", "{'label':'局长签发','date':'2022-03-01'},"
                   "{'label':'科室起草','date':'2022-03-02'}");
  ck_assert_one_finding(f, rep, "p.order", DP_OUT_OF_ORDER, DP_WARNING,
                        "signing_x", "drafting_x", 0);
  ck_assert_int_eq(dp_finding_verified(f), 0);
  ck_assert(dp_report_ok(rep));
  dp_report_free(rep);

  rep = permit("", "{'step':'drafting_x','date':'2022-03-01'},"
                   "{'step':'signing_x','date':'2022-03-02'}");
  ck_assert_uint_eq(dp_report_count(rep), 0);
  dp_report_free(rep);
}
END_TEST

/* `when urgent and (big or not small)`; 5 working days after 2022-03-01
 * (Tue) is 2022-03-08 (Tue). */
START_TEST(new_procedure_conditions_and_deadline) {
  dp_error err;
  ck_assert_msg(load(permit_rules, &err) == 0, "%s", err.text);
  static const struct {
    const char *attrs;
    int applies;
  } c[] = {
      {"", 0},
      {"'urgent':true", 1}, /* not small */
      {"'urgent':true,'small':true", 0},
      {"'urgent':true,'small':true,'big':true", 1},
      {"'big':true", 0},
  };
  const char *late = "{'step':'drafting_x','date':'2022-03-01'},"
                     "{'step':'signing_x','date':'2022-03-09'}";
  for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
    dp_report *rep = permit(c[i].attrs, late);
    ck_assert_msg(dp_test_count(rep, "p.sign-within") == (size_t)c[i].applies,
                  "%s:%s", c[i].attrs, dp_test_dump(rep));
    if (c[i].applies) {
      const dp_finding *f = dp_test_find(rep, "p.sign-within", DP_OVERDUE);
      ck_assert_ptr_nonnull(f);
      ck_assert_msg_has(f, DP_LANG_EN, "by 2022-03-08; it was on 2022-03-09");
      ck_assert_msg_has(f, DP_LANG_EN, "5 working days");
      ck_assert_msg_has(f, DP_LANG_ZH, "期限届满日为2022年3月8日");
    }
    dp_report_free(rep);
  }
  dp_report *rep = permit("'urgent':true",
                          "{'step':'drafting_x','date':'2022-03-01'},"
                          "{'step':'signing_x','date':'2022-03-08'}");
  ck_assert_uint_eq(dp_report_count(rep), 0);
  dp_report_free(rep);
}
END_TEST

START_TEST(rule_introspection_of_loaded_rules) {
  dp_error err;
  ck_assert_msg(load(permit_rules, &err) == 0, "%s", err.text);
  const dp_rule *r = dp_engine_find_rule(eng, "permit", "p.order");
  ck_assert_ptr_nonnull(r);
  ck_assert_str_eq(dp_rule_id(r), "p.order");
  ck_assert_str_eq(dp_rule_procedure(r), "permit");
  ck_assert_str_eq(dp_rule_kind(r), "order");
  ck_assert_int_eq(dp_rule_severity(r), DP_WARNING);
  ck_assert_int_eq(dp_rule_verified(r), 0); /* verified no */
  ck_assert_str_eq(dp_rule_origin(r), "t.rules:15");
  ck_assert_ptr_eq(dp_engine_find_rule(eng, NULL, "p.order"), r);
  ck_assert_ptr_null(dp_engine_find_rule(eng, "normative_document", "p.order"));
  ck_assert_ptr_null(dp_engine_find_rule(eng, "permit", "p.nosuch"));

  r = dp_engine_find_rule(eng, "permit", "p.drafting");
  ck_assert_str_eq(dp_rule_kind(r), "require");
  ck_assert_int_eq(dp_rule_severity(r), DP_ERROR); /* the default */
  /* no verified line: not verified (the default, doc/rules.md) */
  ck_assert_int_eq(dp_rule_verified(r), 0);
  ck_assert_str_eq(dp_rule_summary(r, DP_LANG_EN), "a draft is made");
  /* no zh summary: made from the check, in the step's Chinese name */
  ck_assert_str_eq(dp_rule_summary(r, DP_LANG_ZH), "应当进行起草");
  ck_assert_str_eq(dp_rule_kind(dp_engine_find_rule(eng, "permit",
                                                    "p.sign-within")),
                   "deadline");
  /* the new rules are the last three */
  size_t n = dp_engine_rule_count(eng);
  ck_assert_str_eq(dp_rule_id(dp_engine_rule(eng, n - 3)), "p.drafting");
  ck_assert_str_eq(dp_rule_id(dp_engine_rule(eng, n - 1)), "p.sign-within");
  ck_assert_ptr_null(dp_engine_rule(eng, n));
}
END_TEST

/* ---------------------------------------------------------------------
 * The default rules against procedures.md
 * ------------------------------------------------------------------- */

static const struct {
  const char *id, *sev;
  int verified;
} keys[] = {
    /* table A; conf R = 0 */
    {"nd.assessment", "error", 1},
    {"nd.comment", "error", 1},
    {"nd.comment-market-30d", "error", 1},
    {"nd.comment-7wd", "error", 0},
    {"nd.expert", "error", 0},
    {"nd.fair-competition", "error", 1},
    {"nd.review", "error", 1},
    {"nd.review-before-decision", "error", 1},
    {"nd.review-passed", "error", 1},
    {"nd.review-min", "warning", 1}, /* v2: Q */
    {"nd.review-max", "warning", 1},
    {"nd.decision", "error", 1},
    {"nd.decision-before-publication", "error", 1},
    {"nd.publication", "error", 1},
    {"nd.publication-20wd", "warning", 1}, /* v2 */
    {"nd.doc-number", "warning", 0},
    {"nd.doc-number-form", "warning", 1},
    {"nd.filing", "error", 1},
    {"nd.filing-30d", "warning", 0}, /* v2: an overlay may make it an error */
    {"nd.order-early", "error", 1}, /* error for comment/review */
    {"nd.validity-stated", "warning", 0}, /* E4: all R */
    {"nd.validity-length", "warning", 0},
    {"nd.validity-expired", "warning", 0},
    /* table B: all Q */
    {"md.comment", "error", 1},
    {"md.comment-30d", "error", 1},
    {"md.hearing", "error", 1},
    {"md.expert", "error", 1},
    {"md.risk", "error", 1},
    {"md.risk-controllable", "error", 1},
    {"md.fair-competition", "error", 1},
    {"md.inputs-before-review", "error", 1},
    {"md.review", "error", 1},
    {"md.review-before-decision", "error", 1},
    {"md.review-passed", "error", 1},
    {"md.review-7wd", "warning", 1},
    {"md.decision", "error", 1},
    {"md.decision-before-publication", "error", 1},
    {"md.publication", "error", 1},
    {"md.archiving", "warning", 1},
    {"md.hearing-materials", "error", 1},
    /* E1 (规章条例: Q) */
    {"rg.planning", "warning", 1},
    {"rg.comment", "error", 1},
    {"rg.comment-30d", "error", 1},
    {"rg.hearing-notice", "error", 1},
    {"rg.review", "error", 1},
    {"rg.decision", "error", 1},
    {"rg.publication", "error", 1},
    {"rg.effective-30d", "error", 1},
    {"rg.filing", "error", 1},
    {"rg.filing-30d", "error", 1},
    /* E2 (118号, 行政处罚法: Q) */
    {"ed.review", "error", 1},
    {"ed.review-passed", "error", 1},
    {"ed.collective", "error", 1},
    {"ed.notice", "error", 1},
    {"ed.hearing-notice", "error", 1},
    {"ed.hearing-request", "warning", 1},
    {"ed.publication-7wd", "warning", 1},
    {"ed.publication-20wd", "warning", 1},
    /* E3 (河南219号: R) */
    {"aa.review", "error", 0},
    {"aa.review-passed", "error", 0},
    {"aa.decision", "error", 0},
};
#define NKEYS (sizeof keys / sizeof keys[0])

START_TEST(every_key_has_its_rule) {
  ck_assert_uint_eq(dp_engine_procedure_count(eng), 5);
  ck_assert_str_eq(dp_engine_procedure_name(eng, 0), "normative_document");
  ck_assert_str_eq(dp_engine_procedure_name(eng, 1), "major_decision");
  ck_assert_str_eq(dp_engine_procedure_name(eng, 2), "regulation");
  ck_assert_str_eq(dp_engine_procedure_name(eng, 3), "enforcement_decision");
  ck_assert_str_eq(dp_engine_procedure_name(eng, 4), "administrative_agreement");
  ck_assert_ptr_null(dp_engine_procedure_name(eng, 5));
  ck_assert_str_eq(dp_engine_procedure_title(eng, 0, DP_LANG_ZH), "行政规范性文件");
  ck_assert_str_eq(dp_engine_procedure_title(eng, 0, DP_LANG_ZH), "行政规范性文件");
  ck_assert_str_eq(dp_engine_procedure_title(eng, 1, DP_LANG_ZH), "重大行政决策");
  ck_assert_str_eq(dp_engine_procedure_title(eng, 1, DP_LANG_EN),
                   "major administrative decision");
  ck_assert_ptr_null(dp_engine_procedure_title(eng, 5, DP_LANG_EN));
  ck_assert_ptr_null(dp_engine_procedure_title(NULL, 0, DP_LANG_EN));
  ck_assert_uint_eq(dp_engine_rule_count(eng), NKEYS);
  for (size_t i = 0; i < NKEYS; i++) {
    const char *proc = keys[i].id[0] == 'n'   ? "normative_document"
                       : keys[i].id[0] == 'm' ? "major_decision"
                       : keys[i].id[0] == 'r' ? "regulation"
                       : keys[i].id[0] == 'e' ? "enforcement_decision"
                                              : "administrative_agreement";
    const dp_rule *r = dp_engine_find_rule(eng, proc, keys[i].id);
    ck_assert_msg(r != NULL, "no rule %s", keys[i].id);
    ck_assert_str_eq(dp_rule_procedure(r), proc);
    ck_assert_msg(strcmp(dp_severity_name(dp_rule_severity(r)), keys[i].sev) == 0,
                  "%s: %s", keys[i].id,
                  dp_severity_name(dp_rule_severity(r)));
    ck_assert_msg(dp_rule_verified(r) == keys[i].verified, "%s",
                  keys[i].id);
    ck_assert(dp_rule_basis(r) && *dp_rule_basis(r));
    ck_assert(dp_rule_summary(r, DP_LANG_ZH) && dp_rule_summary(r, DP_LANG_EN));
    ck_assert_ptr_ne(dp_rule_summary(r, DP_LANG_ZH), dp_rule_summary(r, DP_LANG_EN));
    ck_assert_ptr_eq(dp_rule_summary(r, DP_LANG_ZH), dp_rule_summary(r, DP_LANG_ZH));
    /* in the listing, in file order */
    ck_assert_ptr_eq(dp_engine_rule(eng, i), r);
  }
  ck_assert_ptr_null(dp_engine_rule(eng, NKEYS));
  ck_assert_str_eq(dp_rule_kind(dp_engine_find_rule(eng, NULL,
                                                    "nd.comment-7wd")),
                   "period");
  ck_assert_str_eq(dp_rule_kind(dp_engine_find_rule(eng, NULL,
                                                    "md.review-passed")),
                   "veto");
  ck_assert_str_eq(dp_rule_kind(dp_engine_find_rule(eng, NULL,
                                                    "nd.doc-number-form")),
                   "doc-number");
}
END_TEST

/* A rule's origin names the embedded file and the line of its `rule`. */
START_TEST(default_rule_origin) {
  char *path = dp_test_path("lib/rules/normative_document.rules");
  size_t len;
  char *text = dp_test_read_file(path, &len);
  const char *at = strstr(text, "\nrule nd.filing-30d\n");
  ck_assert_ptr_nonnull(at);
  int line = 2;
  for (const char *p = text; p < at; p++)
    line += *p == '\n';
  char want[80];
  snprintf(want, sizeof want, "<default:normative_document.rules>:%d", line);
  ck_assert_str_eq(dp_rule_origin(dp_engine_find_rule(eng, NULL,
                                                      "nd.filing-30d")),
                   want);
  free(text);
  free(path);
}
END_TEST

/* ---------------------------------------------------------------------
 * Mistakes: code, message and position
 * ------------------------------------------------------------------- */

#define PROC "procedure pp \"P\" \"P\"\n"
#define RULE "rule pp.a\n"
#define NUL_TEXT "step a1 \"甲\" \"a\"\nst\0ep a2 \"乙\" \"b\"\n"

static const struct {
  const char *name, *text;
  size_t len; /* 0: strlen */
  int code, line, col;
  const char *msg;
} bad[] = {
    {"unknown statement", PROC "  frobnicate x\n", 0, DP_ESYNTAX, 2, 3,
     "unknown statement 'frobnicate'"},
    {"unknown statement in rule",
     PROC RULE "  require assessment\n  frob x\n", 0, DP_ESYNTAX, 4, 3,
     "unknown statement 'frob' in rule 'pp.a'"},
    {"unknown step", PROC RULE "  require drafting_x\n  basis \"b\"\nend\n", 0,
     DP_ERULE, 3, 11, "unknown step 'drafting_x'"},
    {"unknown step in label", PROC "label drafting_x /起草/\n", 0, DP_ERULE, 2,
     7, "unknown step 'drafting_x'"},
    {"unterminated string",
     PROC RULE "  require assessment\n  basis \"abc\nend\n", 0, DP_ESYNTAX, 4,
     9, "unterminated string"},
    {"unterminated pattern", PROC "label assessment /评估\n", 0, DP_ESYNTAX, 2,
     18, "unterminated pattern"},
    {"bad pattern", PROC "label assessment /ab)c/\n", 0, DP_EREGEX, 2, 21,
     "bad pattern /ab)c/: unmatched closing parenthesis"},
    {"bad pattern, byte column", PROC "label assessment /评估(/\n", 0,
     DP_EREGEX, 2, 26, "bad pattern /评估(/: missing closing parenthesis"},
    {"missing end", PROC "\n" RULE "  require assessment\n  basis \"b\"\n", 0,
     DP_ESYNTAX, 3, 1, "rule 'pp.a' opened at line 3 is not closed"},
    {"rule inside rule",
     PROC RULE "  require assessment\nrule pp.b\n  basis \"b\"\nend\n", 0,
     DP_ESYNTAX, 4, 1, "'rule' inside rule 'pp.a' opened at line 2"},
    {"duplicate rule id",
     PROC RULE " require assessment\n basis \"b\"\nend\nrule pp.a\n", 0,
     DP_ERULE, 6, 6, "rule 'pp.a' defined twice"},
    {"rule without check", PROC RULE "  basis \"b\"\nend\n", 0, DP_ERULE, 4, 1,
     "rule 'pp.a' has no check"},
    {"rule without basis", PROC RULE "  require assessment\nend\n", 0,
     DP_ERULE, 4, 1, "rule 'pp.a' has no basis"},
    {"empty basis", PROC RULE "  require assessment\n  basis \"\"\nend\n", 0,
     DP_ERULE, 4, 9, "basis must not be empty"},
    {"two checks",
     PROC RULE "  require assessment\n  period assessment at least 3 days\n",
     0, DP_ERULE, 4, 3, "a rule has one check; 'period' after 'require'"},
    {"with on a period rule",
     PROC RULE "  period public_comment at least 7 days\n  with signed true\n"
               "  basis \"b\"\nend\n",
     0, DP_ERULE, 6, 1, "'with' only goes with 'require'"},
    {"exempt on a require rule",
     PROC RULE "  require public_comment\n  exempt urgent with reason\n"
               "  basis \"b\"\nend\n",
     0, DP_ERULE, 6, 1, "'exempt' only goes with 'period'"},
    {"with on a string field as true",
     PROC RULE "  require collective_decision\n  with meeting true\n", 0,
     DP_ERULE, 4, 8, "'meeting' is not a true/false field"},
    {"with present on a boolean",
     PROC RULE "  require expert_review\n  with signed present\n", 0, DP_ERULE,
     4, 8, "'signed' is a true/false field"},
    {"unknown placeholder",
     PROC RULE "  require assessment\n  message zh \"缺少{stepp}\"\n", 0,
     DP_ERULE, 4, 21, "unknown placeholder '{stepp}' in message"},
    {"unclosed placeholder",
     PROC RULE "  require assessment\n  message en \"no {step\"\n", 0,
     DP_ESYNTAX, 4, 18, "unclosed '{' in message"},
    {"unknown finding code",
     PROC RULE "  require assessment\n  message en toolate \"x\"\n", 0,
     DP_ESYNTAX, 4, 14, "unknown finding code 'toolate'"},
    {"bad severity", PROC RULE "  require assessment\n  severity fatal\n", 0,
     DP_ESYNTAX, 4, 12, "expected 'error' or 'warning', found 'fatal'"},
    {"number out of range",
     PROC RULE "  period public_comment at least 999999 days\n", 0, DP_ERULE,
     3, 34, "number '999999' out of range"},
    {"bad unit", PROC RULE "  period public_comment at least 7 weeks\n", 0,
     DP_ESYNTAX, 3, 36, "expected 'days' or 'workdays', found 'weeks'"},
    {"incomplete statement", PROC RULE "  require\n", 0, DP_ESYNTAX, 3, 10,
     "incomplete statement, expected: require STEP"},
    {"step precedes itself",
     PROC RULE "  order assessment before assessment\n", 0, DP_ERULE, 3, 27,
     "a step cannot precede itself"},
    {"doc-number without year group",
     PROC RULE "  doc-number form /^\\p{Han}+号$/\n", 0, DP_ERULE, 3, 19,
     "needs a (?<year>"},
    {"unknown escape", PROC RULE "  require assessment\n  basis \"a\\q\"\n", 0,
     DP_ESYNTAX, 4, 11, "unknown escape '\\q' in string"},
    {"unexpected character", PROC "label assessment ！\n", 0, DP_ESYNTAX, 2,
     18, "unexpected character '！'"},
    {"overlay of unknown procedure", "overlay nosuch \"x\"\n", 0, DP_ERULE, 1,
     9, "overlay of unknown procedure 'nosuch'"},
    {"overlay of a procedure of the same text", PROC "overlay pp\n", 0,
     DP_ERULE, 2, 9, "overlay of 'pp' in the text that defines it"},
    {"procedure redefined", "\nprocedure normative_document \"a\" \"b\"\n", 0,
     DP_ERULE, 2, 11, "procedure 'normative_document' already defined"},
    {"step redeclared", "step assessment \"评估\" \"assessment\"\n", 0,
     DP_ERULE, 1, 6, "step 'assessment' already declared"},
    {"label before procedure", "label assessment /评估/\n", 0, DP_ESYNTAX, 1,
     1, "'label' before any 'procedure' or 'overlay'"},
    {"rule before procedure", "rule x.a\n", 0, DP_ESYNTAX, 1, 1,
     "'rule' before any 'procedure' or 'overlay'"},
    {"end without rule", PROC "end\n", 0, DP_ESYNTAX, 2, 1,
     "'end' without 'rule'"},
    {"disable outside an overlay", PROC "disable nd.review\n", 0, DP_ESYNTAX,
     2, 1, "'disable' belongs in an overlay"},
    {"disable an unknown rule", "overlay normative_document\ndisable nd.nope\n",
     0, DP_ERULE, 2, 9, "no rule 'nd.nope' in procedure 'normative_document'"},
    {"field a label cannot supply", PROC "field date /日/\n", 0, DP_ERULE, 2,
     7, "a label cannot supply field 'date'"},
    {"NUL byte", NUL_TEXT, sizeof NUL_TEXT - 1, DP_ESYNTAX, 2, 3,
     "NUL byte in rule text"},
    {"invalid UTF-8", "# fine\nstep a1 \"甲\" \"a\"\nstep a2 \"\xff\" \"b\"\n",
     0, DP_ESYNTAX, 3, 1, "not valid UTF-8"},
};
#define NBAD (sizeof bad / sizeof bad[0])

START_TEST(mistake_reported) {
  dp_error err;
  size_t nrules = dp_engine_rule_count(eng), nproc =
                                                  dp_engine_procedure_count(eng);
  size_t len = bad[_i].len ? bad[_i].len : strlen(bad[_i].text);
  memset(&err, 0, sizeof err);
  int rc = dp_engine_load_string(eng, bad[_i].text, len, "t.rules", &err);
  ck_assert_msg(rc == bad[_i].code, "%s: %s, expected %s (%s)", bad[_i].name,
                dp_error_name(rc), dp_error_name(bad[_i].code), err.text);
  ck_assert_int_eq(err.code, rc);
  ck_assert_msg(strstr(err.text, bad[_i].msg) != NULL,
                "%s: message '%s' lacks '%s'", bad[_i].name, err.text,
                bad[_i].msg);
  ck_assert_msg(err.line == bad[_i].line && err.column == bad[_i].col,
                "%s: at %d:%d, expected %d:%d (%s)", bad[_i].name, err.line,
                err.column, bad[_i].line, bad[_i].col, err.text);
  ck_assert_str_eq(err.source, "t.rules");
  /* nothing of the text was kept */
  ck_assert_uint_eq(dp_engine_rule_count(eng), nrules);
  ck_assert_uint_eq(dp_engine_procedure_count(eng), nproc);
}
END_TEST

/* ---------------------------------------------------------------------
 * All or nothing
 * ------------------------------------------------------------------- */

static const char change_and_fail[] =
    "step drafting_x \"起草\" \"drafting\"\n"
    "procedure permit \"行政许可\" \"permit\"\n"
    "rule p.drafting\n  require drafting_x\n  basis \"b\"\nend\n"
    "overlay normative_document\n"
    "rule nd.filing-30d\n"
    "  deadline filing within 10 days after publication\n"
    "end\n"
    "disable nd.doc-number\n"
    "label filing /报送审查/\n"
    "rule new nd.extra\n  require archiving\n  basis \"b\"\nend\n";

/* Published 2022-05-06, filed 2022-05-20 (14 days); no doc number. */
#define LATE_FILING                                                          \
  "{'id':'x','procedure':'normative_document','events':["                    \
  "{'step':'assessment','date':'2022-03-01'},"                               \
  "{'step':'public_comment','start':'2022-03-02','end':'2022-04-01'},"       \
  "{'step':'legality_review','start':'2022-04-06','end':'2022-04-15'},"      \
  "{'step':'collective_decision','date':'2022-04-28','meeting':'常务会议'}," \
  "{'step':'publication','date':'2022-05-06'},"                              \
  "{'label':'报送审查','date':'2022-05-20'}]}"

START_TEST(error_on_last_line_changes_nothing) {
  dp_error err;
  size_t nrules = dp_engine_rule_count(eng), nproc =
                                                  dp_engine_procedure_count(eng);
  dp_report *before = dp_test_check(eng, LATE_FILING);
  char *json_before = dp_report_to_json(before, DP_LANG_ZH, NULL);

  char text[2048];
  snprintf(text, sizeof text, "%sbogus\n", change_and_fail);
  ck_assert_int_eq(load(text, &err), DP_ESYNTAX);
  ck_assert_int_eq(err.line, 17);
  ck_assert_uint_eq(dp_engine_rule_count(eng), nrules);
  ck_assert_uint_eq(dp_engine_procedure_count(eng), nproc);
  ck_assert_ptr_null(dp_engine_find_rule(eng, NULL, "p.drafting"));
  ck_assert_ptr_null(dp_engine_find_rule(eng, NULL, "nd.extra"));
  ck_assert_ptr_nonnull(dp_engine_find_rule(eng, NULL, "nd.doc-number"));
  dp_report *after = dp_test_check(eng, LATE_FILING);
  char *json_after = dp_report_to_json(after, DP_LANG_ZH, NULL);
  ck_assert_str_eq(json_after, json_before);
  dp_free(json_after);
  dp_report_free(after);

  /* the step `drafting_x` was not kept either: declaring it again works */
  ck_assert_msg(load(change_and_fail, &err) == 0, "%s", err.text);
  ck_assert_uint_eq(dp_engine_procedure_count(eng), nproc + 1);
  /* +2 new rules, -1 disabled */
  ck_assert_uint_eq(dp_engine_rule_count(eng), nrules + 1);
  after = dp_test_check(eng, LATE_FILING);
  json_after = dp_report_to_json(after, DP_LANG_ZH, NULL);
  ck_assert_str_ne(json_after, json_before);
  const dp_finding *f;
  /* 10 days now; the overlay states no severity, so the default's
   * (a warning since v2) stays */
  ck_assert_one_finding(f, after, "nd.filing-30d", DP_OVERDUE, DP_WARNING,
                        "filing", "publication", 5);
  ck_assert_msg_has(f, DP_LANG_EN, "within 10 days after publication");
  ck_assert_no_finding(after, "nd.doc-number");
  ck_assert_one_finding(f, after, "nd.extra", DP_MISSING, DP_ERROR,
                        "archiving", NULL, -1);
  /* before: the label mapped to nothing, so no filing; no doc number;
   * and, before and after, no validity stated */
  ck_assert_uint_eq(dp_report_count(before), 4);
  ck_assert_uint_eq(dp_test_count(before, "record.label"), 1);
  ck_assert_uint_eq(dp_test_count(before, "nd.filing"), 1);
  ck_assert_uint_eq(dp_test_count(before, "nd.doc-number"), 1);
  ck_assert_uint_eq(dp_test_count(before, "nd.validity-stated"), 1);
  ck_assert_uint_eq(dp_report_count(after), 3);
  ck_assert_uint_eq(dp_test_count(after, "nd.validity-stated"), 1);
  dp_free(json_after);
  dp_free(json_before);
  dp_report_free(after);
  dp_report_free(before);
}
END_TEST

/* ---------------------------------------------------------------------
 * The text itself: comments, CRLF, BOM, empty text, files
 * ------------------------------------------------------------------- */

START_TEST(crlf_bom_comments) {
  dp_error err;
  const char *text =
      "\xEF\xBB\xBF# comment\r\n\r\n"
      "procedure pp \"P\" \"P\"   # trailing comment\r\n"
      "rule pp.a\r\n  require assessment\r\n  basis \"依据 # not a comment\"\r\n"
      "end\r\n";
  ck_assert_msg(load(text, &err) == 0, "%s", err.text);
  ck_assert_str_eq(dp_rule_basis(dp_engine_find_rule(eng, "pp", "pp.a")),
                   "依据 # not a comment");
  ck_assert_int_eq(load("", &err), 0);
  ck_assert_int_eq(load("# only a comment\n\n", &err), 0);
  /* CRLF lines are counted like LF lines */
  ck_assert_int_eq(load("# a\r\n# b\r\n  oops\r\n", &err), DP_ESYNTAX);
  ck_assert_int_eq(err.line, 3);
  ck_assert_int_eq(err.column, 3);
}
END_TEST

START_TEST(load_file_errors) {
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_load_file(eng, "/nonexistent/x.rules", &err),
                   DP_EIO);
  ck_assert_int_eq(err.code, DP_EIO);
  ck_assert_str_eq(err.source, "/nonexistent/x.rules");
  ck_assert_int_eq(dp_engine_load_string(NULL, "", 0, NULL, NULL), DP_EINVAL);
  /* a NULL source reads <string> */
  memset(&err, 0, sizeof err);
  ck_assert_int_eq(dp_engine_load_string(eng, "oops\n", 5, NULL, &err),
                   DP_ESYNTAX);
  char buf[256];
  dp_error_format(&err, buf, sizeof buf);
  ck_assert_str_eq(buf, "<string>:1:1: unknown statement 'oops'");
}
END_TEST

START_TEST(error_format) {
  dp_error err;
  ck_assert_int_eq(load(PROC "\n  frobnicate x\n", &err), DP_ESYNTAX);
  char buf[256];
  int n = dp_error_format(&err, buf, sizeof buf);
  ck_assert_str_eq(buf, "t.rules:3:3: unknown statement 'frobnicate'");
  ck_assert_int_eq(n, (int)strlen(buf));
  /* a short buffer: cut, NUL-terminated, the wanted length returned */
  char small[8];
  ck_assert_int_eq(dp_error_format(&err, small, sizeof small), n);
  ck_assert_str_eq(small, "t.rules");
  /* missing 'end': the column is 1 */
  ck_assert_int_eq(load(PROC RULE, &err), DP_ESYNTAX);
  dp_error_format(&err, buf, sizeof buf);
  ck_assert_str_eq(buf, "t.rules:2:1: rule 'pp.a' opened at line 2 is not "
                        "closed (missing 'end')");
  /* no line: the source alone */
  dp_error e2;
  memset(&e2, 0, sizeof e2);
  snprintf(e2.source, sizeof e2.source, "x.rules");
  snprintf(e2.text, sizeof e2.text, "cannot open");
  dp_error_format(&e2, buf, sizeof buf);
  ck_assert_str_eq(buf, "x.rules: cannot open");
  ck_assert_str_eq(dp_error_name(DP_EREGEX), "DP_EREGEX");
  ck_assert_str_eq(dp_strerror(DP_ESYNTAX), "syntax error in rule text");
}
END_TEST

/* A bare engine still knows the canonical steps, no procedure. */
START_TEST(engine_without_default_rules) {
  dp_engine *e = NULL;
  dp_error err = {0};
  ck_assert_int_eq(dp_engine_new(&e, DP_ENGINE_NO_DEFAULT_RULES, &err), 0);
  ck_assert_uint_eq(dp_engine_procedure_count(e), 0);
  ck_assert_uint_eq(dp_engine_rule_count(e), 0);
  const char *text = PROC RULE "  require archiving\n  basis \"b\"\nend\n";
  ck_assert_int_eq(dp_engine_load_string(e, text, strlen(text), "t", &err), 0);
  ck_assert_uint_eq(dp_engine_rule_count(e), 1);
  /* the default procedures are unknown here */
  const dp_finding *f_unused_;
  dp_report *rep =
      dp_test_check(e, "{'id':'a','procedure':'normative_document'}");
  ck_assert_one_finding(f_unused_, rep, "record.invalid", DP_INVALID_RECORD,
                        DP_ERROR, NULL, NULL, -1);
  dp_report_free(rep);
  dp_engine_free(e);
}
END_TEST

static Suite *parse_suite(void) {
  Suite *s = suite_create("rules_parse");
  TCase *tc = tcase_create("rules_parse");
  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_add_test(tc, new_procedure_loads_and_checks);
  tcase_add_test(tc, new_procedure_conditions_and_deadline);
  tcase_add_test(tc, rule_introspection_of_loaded_rules);
  tcase_add_test(tc, every_key_has_its_rule);
  tcase_add_test(tc, default_rule_origin);
  tcase_add_loop_test(tc, mistake_reported, 0, (int)NBAD);
  tcase_add_test(tc, error_on_last_line_changes_nothing);
  tcase_add_test(tc, crlf_bom_comments);
  tcase_add_test(tc, load_file_errors);
  tcase_add_test(tc, error_format);
  tcase_add_test(tc, engine_without_default_rules);
  suite_add_tcase(s, tc);
  return s;
}

int main(void) { return dp_test_run(parse_suite()); }

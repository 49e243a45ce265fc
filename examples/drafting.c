/*
 * drafting.c - a drafting (OA) system's workflow, asking dueproc before
 * each step.
 *
 * It drafts a normative document step by step.  Before each step it asks
 * the gate "may I take this step today?"; it takes the step only when the
 * answer is yes, and prints what is due next.  One planned step (the
 * collective decision) is tried too early on purpose, and again after the
 * legality review failed, so the demo shows two blocked steps and why.
 *
 * Build against the installed library:
 *   cc drafting.c $(pkg-config --cflags --libs dueproc) -o drafting
 */
#include <dueproc.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int32_t day(const char *s) {
  int32_t d;
  if (dp_date_parse(s, strlen(s), &d, NULL) != 0) {
    fprintf(stderr, "drafting: bad date %s\n", s);
    exit(2);
  }
  return d;
}

/* What the drafting system plans, in the order it tries. */
struct plan {
  const char *step;
  const char *start, *end; /* end NULL: a one-day step on start */
  const char *result;
  const char *meeting;
};

static const struct plan plan[] = {
    {"assessment", "2023-09-01", NULL, NULL, NULL},
    {"public_comment", "2023-09-04", "2023-09-15", NULL, NULL},
    {"collective_decision", "2023-09-18", NULL, NULL, "市政府常务会议"},
    {"legality_review", "2023-09-18", "2023-09-26", "fail", NULL},
    {"collective_decision", "2023-09-28", NULL, NULL, "市政府常务会议"},
    {"legality_review", "2023-10-09", "2023-10-17", "pass", NULL},
    {"collective_decision", "2023-10-20", NULL, NULL, "市政府常务会议"},
    {"publication", "2023-10-25", NULL, NULL, NULL},
    {"filing", "2023-11-20", NULL, NULL, NULL},
};

/* A call that failed: say why (err names the record and, for a misspelt
 * step, the nearest known one) and stop. */
static void must(int rc, const dp_error *err) {
  if (rc == 0) return;
  char buf[512];
  dp_error_format(err, buf, sizeof buf);
  fprintf(stderr, "drafting: %s\n", buf);
  exit(1);
}

static void print_due(const dp_gate *g) {
  for (size_t k = 0; k < dp_gate_due_count(g); k++) {
    const dp_due *d = dp_gate_due(g, k);
    printf("      due: %s%s\n", dp_due_message(d, DP_LANG_ZH),
           dp_due_overdue(d) ? "  ← 已逾期" : "");
  }
}

int main(void) {
  dp_engine *e;
  dp_error err = {0};
  if (dp_engine_new(&e, 0, &err) != 0) {
    char buf[512];
    dp_error_format(&err, buf, sizeof buf);
    fprintf(stderr, "drafting: %s\n", buf);
    return 1;
  }
  printf("dueproc %s\n", dp_version_string());

  /* made with the engine: a step or attribute name it does not know is
   * refused where it is set ("unknown step 'filng'; did you mean
   * 'filing'?") */
  dp_record *r;
  must(dp_record_new(&r, e), &err);
  dp_record_set(r, "id", "draft-2023-07");
  dp_record_set(r, "procedure", "normative_document");
  dp_record_set(r, "title", "某市城市道路管理办法（草案）");
  dp_record_set(r, "doc_number", "某政〔2023〕7号");

  int taken = 0, refused = 0;
  for (size_t i = 0; i < sizeof plan / sizeof plan[0]; i++) {
    const struct plan *p = &plan[i];
    int32_t today = day(p->start);
    dp_gate *g;
    if (dp_gate_new(&g, e, r, today, NULL, &err) != 0) {
      char buf[512];
      dp_error_format(&err, buf, sizeof buf);
      fprintf(stderr, "drafting: %s\n", buf);
      return 1;
    }
    /* the answer is in `may`; the return value only says whether there
     * is one, so an error is never taken for a yes */
    dp_report *why;
    int may;
    if (dp_gate_may(g, p->step, today, &may, &why, &err) != 0) {
      char buf[512];
      dp_error_format(&err, buf, sizeof buf);
      fprintf(stderr, "drafting: %s\n", buf);
      dp_gate_free(g);
      return 1;
    }
    printf("%s  may I take %s? %s\n", p->start, p->step, may ? "yes" : "no");
    for (size_t k = 0; k < dp_report_count(why); k++) {
      const dp_finding *f = dp_report_finding(why, k);
      printf("      %s\n      依据：%s [%s]\n", dp_finding_message(f, DP_LANG_ZH),
             dp_finding_basis(f), dp_finding_rule(f));
    }
    dp_report_free(why);
    dp_gate_free(g);
    if (!may) {
      refused++;
      continue;
    }
    /* take the step: record it */
    int ev = dp_record_add_event(r);
    if (ev < 0) must(ev, &err);
    size_t k = (size_t)ev;
    must(dp_event_set(r, k, "step", p->step, &err), &err);
    if (p->end) {
      must(dp_event_set(r, k, "start", p->start, &err), &err);
      must(dp_event_set(r, k, "end", p->end, &err), &err);
    } else {
      must(dp_event_set(r, k, "date", p->start, &err), &err);
    }
    if (p->result) must(dp_event_set(r, k, "result", p->result, &err), &err);
    if (p->meeting)
      must(dp_event_set(r, k, "meeting", p->meeting, &err), &err);
    taken++;
    /* what is due now */
    if (dp_gate_new(&g, e, r, today, NULL, NULL) == 0) {
      print_due(g);
      dp_gate_free(g);
    }
  }

  /* the finished record, checked as a whole */
  dp_report *rep;
  dp_check(e, r, NULL, &rep);
  printf("finished: %d steps taken, %d refused; %s, %zu finding(s)\n", taken,
         refused, dp_report_ok(rep) ? "compliant" : "NOT compliant",
         dp_report_count(rep));
  for (size_t k = 0; k < dp_report_count(rep); k++) {
    const dp_finding *f = dp_report_finding(rep, k);
    printf("  %s %s: %s\n", dp_code_name(dp_finding_code(f)),
           dp_finding_rule(f), dp_finding_message(f, DP_LANG_ZH));
  }
  int ok = dp_report_ok(rep);
  dp_report_free(rep);
  dp_record_free(r);
  dp_engine_free(e);
  /* the demo expects two refusals and a compliant result */
  return ok && refused == 2 ? 0 : 1;
}
